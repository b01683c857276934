"""Address headers read as Thunderbird reads them.

Python's ``email.utils.getaddresses`` and Thunderbird disagree on broken input: for
``Reply-To: support@evil.example \\@`` Python finds no address at all, while Thunderbird's
Reply button writes to support@evil.example. What the user's mail program does is what
matters, so addresses are parsed with a port of Thunderbird's own parser
(``headerparser.parseAddressingHeader`` and ``getHeaderTokens`` in jsmime, shipped in
omni.ja as modules/jsmime/jsmime.mjs): tokens split on ``:,;<>@``, quoted strings,
domain literals and nested comments, a backslash skipping the next character wherever it
is, comments kept in the display name, the last ``<...>`` winning, groups flattened.

RFC 2047 words are decoded only after the structure is read (as jsmime does with its
token list): an encoded ``,`` or ``<`` stays inside the name it belongs to. Linear in the
length of the value (one pass for tokens, one for the grammar).
"""

from __future__ import annotations

import re

from honmono.text.charsets import decode_header_value

_WSP = " \t\r\n"
_DELIMITERS = ":,;<>@"
_ENCODED_WORDS = re.compile(r"(?:[ \t\r\n]*=\?[^?]{0,75}\?[BbQq]\?[^?]{0,2000}\?=)+")
_UNQUOTE = re.compile(r"\\(.?)", re.S)
_SPACES = re.compile(r"\s+")
_NEEDS_QUOTES = re.compile(r'[ !()<>\[\]:;@\\,"]')


class _Token(str):
    """A non-delimiter token (delimiters are plain one-character ``str``)."""


def tokens(value: str) -> list[str]:
    """jsmime's getHeaderTokens with qstring, comments, dliteral and rfc2047 on."""
    out: list[str] = []
    start: int | None = None
    end_quote = ""
    depth = 0
    i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\":  # whatever the context, the next character is skipped
            i += 2
            continue
        if end_quote:
            if ch == end_quote == '"':
                out.append(_Token(_decode_words(_unquote(value[start + 1:i]))))  # type: ignore[operator]
                end_quote, start = "", None
            elif ch == end_quote == "]":
                out.append(_Token(_unquote(value[start:i + 1])))
                end_quote, start = "", None
            i += 1
            continue
        if ch == "=" and value.startswith("=?", i):
            m = _ENCODED_WORDS.match(value, i)
            if m:
                if start is not None:
                    out.append(_Token(_unquote(value[start:i])))
                    start = None
                out.append(_Token(_decode_words(m.group(0))))
                i = m.end()
                continue
        ending = starting = special = False
        if ch in _WSP:
            ending = True
        elif depth == 0 and ch in _DELIMITERS:
            ending = special = True
        elif ch == '"':
            ending = starting = True
            end_quote = '"'
        elif ch == "[":
            ending = starting = True
            end_quote = "]"
        elif ch == "(":
            depth += 1
            if depth == 1:
                ending = special = True
            else:
                starting = True
        elif ch == ")":
            depth = max(depth - 1, 0)
            if depth == 0:
                ending = special = True
            else:
                starting = True
        else:
            starting = True
        if ending and start is not None:
            out.append(_Token(_unquote(value[start:i])))
            start = None
        if special:
            out.append(ch)
        if starting and start is None:
            start = i
        i += 1
    if start is not None:
        out.append(_Token(_unquote(value[start + 1:] if end_quote == '"' else value[start:])))
    return out


def _unquote(s: str) -> str:
    return _UNQUOTE.sub(r"\1", s) if "\\" in s else s


def _decode_words(s: str) -> str:
    return decode_header_value(s.strip(_WSP)) if "=?" in s else s


def parse(value: str) -> list[tuple[str, str]]:
    """(display name, address) pairs as Thunderbird's parseAddressingHeader finds them,
    groups flattened. An entry may have an empty address (a bare name: nothing to reply to)."""
    results: list[tuple[str, str]] = []
    display = local = address = comment = last_comment = ""
    in_angle = in_comment = needs_space = after_address = preserve_space = False
    comment_closed = False

    def add() -> None:
        nonlocal display, local, address, last_comment, in_angle, in_comment
        nonlocal needs_space, after_address
        addr = address
        at = addr.rfind("@")
        lp = addr[:at] if at >= 0 else ""
        if at >= 0 and _NEEDS_QUOTES.search(lp):
            addr = '"' + lp.replace("\\", "\\\\").replace('"', '\\"') + '"' + addr[at:]
        name = _SPACES.sub(" ", display).strip()
        if not name and last_comment:
            off = 2 if last_comment[0] == " " else 1
            name = last_comment[off:len(last_comment) - 1]
        if name or addr:
            results.append((name, addr))
        display = local = address = last_comment = ""
        in_angle = in_comment = needs_space = after_address = False

    for tok in tokens(value):
        if not isinstance(tok, _Token) and tok == ":":
            display = local = address = last_comment = ""
            in_angle = in_comment = needs_space = after_address = False
        elif not isinstance(tok, _Token) and tok == "<":
            if after_address and not in_angle:
                display += f" <{address}>"
                local = address = ""
                after_address = False
            if in_angle:
                if address:
                    display = address
                local = address = ""
            else:
                in_angle = True
        elif not isinstance(tok, _Token) and tok == ">" and not after_address:
            in_angle = False
            last_comment = ""
            after_address = True
        elif not isinstance(tok, _Token) and tok == "(":
            in_comment = True
            preserve_space = needs_space
            if not needs_space:
                needs_space = display != "" and not display.endswith(" ")
            comment = " (" if needs_space else "("
            comment_closed = False
        elif not isinstance(tok, _Token) and tok == ")":
            in_comment = False
            comment += ")"
            last_comment = comment
            if in_angle:
                needs_space = preserve_space
            else:
                display += comment
                needs_space = True
            comment_closed = True
            continue
        elif not isinstance(tok, _Token) and tok == "@":
            if after_address:
                continue
            if not in_angle:
                address, display, local = local, "", ""
                in_angle = True
            address += "@"
        elif not isinstance(tok, _Token) and tok in ",;":
            add()
            after_address = False
        else:
            spaced = " " + tok if needs_space and tok and tok[0] != "." else str(tok)
            if in_comment:
                comment += spaced
            elif in_angle:
                address += spaced
            else:
                if not after_address:
                    display += spaced
                if comment_closed:
                    local += tok
                    comment_closed = False
                else:
                    local += spaced
            needs_space = bool(tok) and tok[0] != "."
            continue
        needs_space = False
    add()
    return results


def domain_of(addr: str) -> str:
    return addr.rpartition("@")[2].strip().strip(".").lower() if "@" in addr else ""
