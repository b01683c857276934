"""URLs written in plain text, found where Thunderbird finds them.

Thunderbird turns text into links with mozTXTToHTMLConv (netwerk/streamconv/converters,
FindURLStart / FindURLEnd / FindURL), and the reader clicks what it made. Its rules,
mirrored here for the web schemes:

* ``scheme:`` (freetext): the scheme is the run of ASCII letters, digits, ``+ - .``
  before the colon and must start with a letter; only http and https are web links.
  When the nearest ``<``, ``>`` or ``"`` before the colon is ``<`` or ``"`` (RFC2396E),
  the URL runs to the next of them, which must be the matching ``>`` or ``"`` on the
  same line (a plain part is linkified line by line), with whitespace removed.
* ``www.`` (abbreviated): only where the text before it stops at a delimiter
  (``> < " ' ` , { [ ( | \\`` or a space) — so "「www.x」" is no link, "「https://x」" is.
* The end: the URL runs on through everything but ``> < " ` { }``, a ``)`` or ``]``
  without an opening one before it in the URL, a ``[`` that does not follow ``//``, and
  spaces (ASCII, U+00A0, U+3000). So it goes through ``、「」（'|^`` and the like:
  ``https://www.amazon.co.jp、@phish.example/`` goes to phish.example. Then
  ``. , ; ! ? - : '`` are dropped from its end.

Linear: each character is looked at a bounded number of times.
"""

from __future__ import annotations

import re

MAX_URL = 4_000

_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])[A-Za-z][A-Za-z0-9+.\-]{0,30}:")
_WWW = re.compile(r"(?<![^ \t\n\r\xa0\u3000<>\"'`,{\[(|\\])www\.", re.I)
_RUN = re.compile(r"[^ \t\n\r\xa0\u3000<>\"`{}]*")
_TRAILING = ".,;!?-:'"
_QUOTES = re.compile(r"[<>\"]")
_WEB = ("http", "https")


def _end(text: str, pos: int) -> int:
    """FindURLEnd for freetext/abbreviated: the index after the URL's last character."""
    m = _RUN.match(text, pos + 1, min(len(text), pos + 1 + MAX_URL))
    i = m.end() if m else pos + 1
    run = text[pos + 1:i]
    if ")" in run or "]" in run or "[" in run:
        paren = square = False
        for j in range(pos + 1, i):
            ch = text[j]
            if ((ch == ")" and not paren) or (ch == "]" and not square)
                    or (ch == "[" and j > 2 and text[j - 2:j] != "//")):
                i = j
                break
            paren = paren or ch == "("
            square = square or ch == "["
    i -= 1
    while i > pos and text[i] in _TRAILING:
        i -= 1
    return i + 1


def _quoted(text: str, start: int, colon: int) -> str | None:
    """RFC2396E: a URL in <...> or "..." (whitespace inside removed)."""
    # Thunderbird linkifies a plain part line by line (libmime), so the brackets of one
    # URL are on one line: "<https://www.amazon.co.jp.\nevil.example/>" links only its
    # first line, as a freetext URL.
    lo = max(0, start - 200, text.rfind("\n", max(0, start - 200), start) + 1)
    i = max(text.rfind('"', lo, start), text.rfind("<", lo, start), text.rfind(">", lo, start))
    if i < 0 or text[i] == ">":
        return None  # nearest is '>', or none near enough to be this URL's bracket
    if text[i + 1:start].strip():
        return None  # text between the bracket and the scheme: not this URL's bracket
    hi = min(len(text), colon + 1 + MAX_URL)
    line_end = text.find("\n", colon + 1, hi)
    m = _QUOTES.search(text, colon + 1, hi if line_end < 0 else line_end)
    if m is None or m.group(0) != ('>' if text[i] == "<" else '"'):
        return None
    return "".join(text[start:m.start()].split())


def find_urls(text: str) -> list[tuple[int, int, str]]:
    """(start, end, url) of every web URL Thunderbird would link in ``text``."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    n = len(text)
    # The next match of each pattern is kept until the scan passes it: searching both
    # afresh at every step would be quadratic when one lies far ahead.
    s: re.Match[str] | None = None
    w: re.Match[str] | None = None
    s_done = w_done = False
    while pos < n:
        if not s_done and (s is None or s.start() < pos):
            s = _SCHEME.search(text, pos)
            s_done = s is None
        if not w_done and (w is None or w.start() < pos):
            w = _WWW.search(text, pos)
            w_done = w is None
        if s is not None and s.start() < pos:
            s = None
        if w is not None and w.start() < pos:
            w = None
        if s is None and w is None:
            break
        if (s is not None and s.group(0)[:-1].lower() not in _WEB
                and (w is None or s.start() < w.start())):
            pos = s.end()  # not a web scheme: look on after it
            continue
        if s is not None and (w is None or s.start() <= w.start()):
            start, colon = s.start(), s.end() - 1
            url = _quoted(text, start, colon)
            if url is not None:
                end = text.find(">" if text[start - 1] == "<" else '"', colon + 1)
                out.append((start, end, url))
                pos = end + 1
                continue
            end = _end(text, colon)
            if end > colon + 1:
                out.append((start, end, text[start:end]))
            pos = max(end, s.end())
        else:
            assert w is not None
            start = w.start()
            end = _end(text, start + 3)
            out.append((start, end, text[start:end]))
            pos = max(end, w.end())
    return out
