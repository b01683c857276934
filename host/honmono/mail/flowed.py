"""text/plain; format=flowed (RFC 3676) joined as Thunderbird shows it.

Thunderbird displays a flowed part as paragraphs: a line ending in a space runs on into
the next line of the same quote depth, and with ``delsp=yes`` that space is deleted. So
"Ama␠\\r\\nzon" with delsp=yes reads "Amazon" on screen, and a reader of the raw lines
would see neither the brand nor the sentence. Its links are still made line by line
(mimetpfl.cpp converts each line before joining), so links are found on the raw text,
not on this one.

Linear: every line is looked at once.
"""

from __future__ import annotations

SIG = "-- "


def is_flowed(fmt: str | None) -> bool:
    return (fmt or "").strip().strip('"').lower() == "flowed"


def unflow(text: str, delsp: bool) -> str:
    """The text as displayed: soft line breaks joined, space-stuffing removed, quote
    depth kept as a leading run of '>' (mail/quoting.py reads it)."""
    out: list[str] = []
    para: list[str] = []
    para_depth = -1
    for line in text.replace("\r\n", "\n").split("\n"):
        depth = len(line) - len(line.lstrip(">"))
        body = line[depth:]
        if body.startswith(" "):
            body = body[1:]  # space-stuffing (or the space after the quote marks)
        if para and depth != para_depth:
            out.append(_prefixed(para_depth, "".join(para)))
            para = []
        flowed = body.endswith(" ") and body != SIG
        if flowed and delsp:
            body = body[:-1]
        para.append(body)
        para_depth = depth
        if not flowed:
            out.append(_prefixed(depth, "".join(para)))
            para = []
    if para:
        out.append(_prefixed(para_depth, "".join(para)))
    return "\n".join(out)


def _prefixed(depth: int, body: str) -> str:
    return (">" * depth + " " + body) if depth > 0 else body
