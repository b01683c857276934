"""text/enriched (RFC 1896) and text/richtext (RFC 1341) as Thunderbird displays them.

Thunderbird renders both (libmime's MimeInlineTextEnriched / MimeInlineTextRichtext) as
formatted text, so a phishing page written in them is read by the user; Python's email
package has no notion of them. Only what decides the words on screen is mirrored:
formatting commands vanish, ``<param>`` (enriched) and ``<comment>`` (richtext) contents
are not shown, ``<<`` (enriched) and ``<lt>`` (richtext) are a literal ``<``, and line
breaks follow each format's rule. Thunderbird makes no links in either: nor does this.

Linear: one pass of a bounded pattern over the text.
"""

from __future__ import annotations

import re

ENRICHED_TYPES = ("text/enriched", "text/richtext")

# A command is a bracketed name of at most 60 characters (RFC 1896: 60); anything else
# ("<" followed by text that is no command) is shown as written.
_TOKEN = re.compile(r"<<|<(/?)([A-Za-z0-9-]{1,60})>|\r\n|\n")
_HIDDEN = {"text/enriched": "param", "text/richtext": "comment"}


def to_text(text: str, ctype: str) -> str:
    """The text Thunderbird displays for a text/enriched or text/richtext body."""
    richtext = ctype == "text/richtext"
    hidden_cmd = _HIDDEN.get(ctype, "param")
    out: list[str] = []
    hidden = 0  # depth inside <param>/<comment>
    newlines = 0  # consecutive line breaks pending (enriched: n of them show as n - 1)
    pos = 0
    for m in _TOKEN.finditer(text):
        chunk = text[pos:m.start()]
        pos = m.end()
        if chunk:
            if not hidden:
                out.append(_breaks(newlines, richtext))
                out.append(chunk)
            newlines = 0
        tok = m.group(0)
        if tok in ("\r\n", "\n"):
            newlines += 1
            continue
        if tok == "<<":
            if not hidden and not richtext:
                out.append(_breaks(newlines, richtext))
                out.append("<")
                newlines = 0
            continue
        name = m.group(2).lower()
        if name == hidden_cmd:
            hidden = max(0, hidden - 1) if m.group(1) else hidden + 1
        elif richtext and not hidden and not m.group(1):
            if name == "nl":
                out.append("\n")
            elif name == "lt":
                out.append("<")
    if not hidden:
        out.append(_breaks(newlines, richtext))
        out.append(text[pos:])
    return "".join(out)


def _breaks(newlines: int, richtext: bool) -> str:
    # Enriched: one line break is a space, n > 1 are n - 1 breaks; richtext: every line
    # break is a space (only <nl> breaks a line).
    if not newlines:
        return ""
    if richtext or newlines == 1:
        return " "
    return "\n" * (newlines - 1)
