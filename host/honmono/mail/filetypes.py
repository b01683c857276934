"""What a file really is, from its content, and what its name or declared type claim.

A mail's own declarations are the attacker's words: an HTML login form is sent as
``application/octet-stream`` named ``invoice.pdf``. So the kind of every file is decided
from its content (puremagic's magic table for binary formats, plus the small table below
for the text formats magic tables miss: HTML, XHTML, SVG, scripts), and the name and
declared type only fill in where content cannot tell. ``sniff`` returns the kind and, when
the name or declared type claim another, that claim (the disguise).
"""

from __future__ import annotations

import re
from functools import cache

SNIFF_BYTES = 8192

# Kinds, from content; the check's data says which of them the brand never sends.
HTML, SVG, SCRIPT, EXECUTABLE = "html", "svg", "script", "executable"
PDF, IMAGE, DOCUMENT, ARCHIVE, TEXT, OTHER = ("pdf", "image", "document", "archive",
                                              "text", "other")

# A declared Content-Type or file name extension → the kind it claims.
_EXT_KIND = {
    **dict.fromkeys(("htm", "html", "shtml", "xhtml", "xht", "mht", "mhtml", "hta"), HTML),
    "svg": SVG, "svgz": SVG,
    **dict.fromkeys(("js", "jse", "vbs", "vbe", "wsf", "wsh", "ps1", "bat", "cmd", "sh",
                     "py", "pl", "jar", "scr"), SCRIPT),
    **dict.fromkeys(("exe", "msi", "com", "dll", "lnk", "cpl", "apk", "dmg", "app"),
                    EXECUTABLE),
    "pdf": PDF,
    **dict.fromkeys(("png", "jpg", "jpeg", "gif", "bmp", "webp", "tif", "tiff", "ico",
                     "heic"), IMAGE),
    **dict.fromkeys(("doc", "docx", "docm", "xls", "xlsx", "xlsm", "ppt", "pptx", "pptm",
                     "odt", "ods", "rtf"), DOCUMENT),
    **dict.fromkeys(("zip", "rar", "7z", "gz", "tgz", "tar", "lzh", "cab", "iso", "img",
                     "bz2", "xz"), ARCHIVE),
    **dict.fromkeys(("txt", "csv", "log", "ics", "vcf", "xml", "json"), TEXT),
}
_MIME_KIND = {
    "text/html": HTML, "application/xhtml+xml": HTML, "image/svg+xml": SVG,
    "application/pdf": PDF, "application/javascript": SCRIPT, "text/javascript": SCRIPT,
    "application/x-javascript": SCRIPT, "text/vbscript": SCRIPT,
    "application/x-msdownload": EXECUTABLE, "application/x-dosexec": EXECUTABLE,
    "application/zip": ARCHIVE, "application/x-zip-compressed": ARCHIVE,
    "text/plain": TEXT, "text/csv": TEXT, "text/calendar": TEXT,
}
# The kind of what puremagic names, by the extension it reports (its MIME names vary).
_MAGIC_EXT_KIND = {
    "pdf": PDF, "png": IMAGE, "jpg": IMAGE, "jpeg": IMAGE, "gif": IMAGE, "bmp": IMAGE,
    "webp": IMAGE, "tif": IMAGE, "tiff": IMAGE, "ico": IMAGE,
    "exe": EXECUTABLE, "dll": EXECUTABLE, "msi": EXECUTABLE, "elf": EXECUTABLE,
    "lnk": EXECUTABLE, "zip": ARCHIVE, "rar": ARCHIVE, "7z": ARCHIVE, "gz": ARCHIVE,
    "bz2": ARCHIVE, "xz": ARCHIVE, "cab": ARCHIVE, "iso": ARCHIVE, "docx": DOCUMENT,
    "xlsx": DOCUMENT, "pptx": DOCUMENT, "doc": DOCUMENT, "xls": DOCUMENT, "ppt": DOCUMENT,
    "odt": DOCUMENT, "rtf": DOCUMENT,
}
_OFFICE_ZIP_MARKS = (b"[Content_Types].xml", b"word/", b"xl/", b"ppt/",
                     b"mimetypeapplication/vnd.oasis")
_OPENS_BY_NAME = frozenset({HTML, SVG, SCRIPT, EXECUTABLE})
# Kinds worth a closer look when content cannot tell (a zip-based Office file is a zip).
_CONTAINER = {ARCHIVE: DOCUMENT}

# Text formats magic tables miss or find only at byte 0: looked for in the first bytes,
# after a BOM, blanks, comments and an XML declaration.
_SVG_START = re.compile(r"<svg[\s>/]|<!doctype\s+svg", re.I)
_HTML_START = re.compile(
    r"<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]|<form[\s>]|<iframe[\s>]"
    r"|<meta\s+http-equiv|<input[\s>]|<a\s+href|<div[\s>]|<table[\s>]|<title[\s>]|<img\s", re.I)
_XHTML_NS = "http://www.w3.org/1999/xhtml"
# A script file has no magic; these start lines or statements give it away.
_SCRIPT_START = re.compile(
    r"^(?:#!|@echo\s+off|'|rem\s|option\s+explicit|dim\s|set\s+\w+\s*=\s*createobject"
    r"|var\s|let\s|const\s|function[\s(]|\(function|window\.|document\.|wscript\.)", re.I)


def _ext(name: str) -> str:
    base = name.rsplit("/", 1)[-1].rsplit("\\", 1)[-1].strip().strip(".").lower()
    return base.rsplit(".", 1)[-1] if "." in base else ""


def _head_text(data: bytes) -> str:
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", errors="replace")
    return head.decode("utf-8", errors="replace").lstrip("\ufeff")


def _text_kind(head: str) -> str:
    """HTML, SVG or a script, from the first bytes of text; "" when none of them."""
    svg = _SVG_START.search(head)
    html = _HTML_START.search(head)
    if svg and (not html or svg.start() < html.start()):
        return SVG
    if html:
        return HTML
    if _XHTML_NS in head:
        return HTML
    first = head.lstrip()[:200]
    return SCRIPT if _SCRIPT_START.match(first) else ""


@cache
def _puremagic() -> object | None:
    try:
        import puremagic
    except ImportError:  # pragma: no cover - a dependency; the own table still works
        return None
    return puremagic


def _magic_kind(data: bytes) -> str:
    pm = _puremagic()
    if pm is None or not data:
        return ""
    try:
        found = pm.magic_string(data[:SNIFF_BYTES])  # type: ignore[attr-defined]
    except Exception:  # unidentifiable bytes raise PureError; nothing else is expected
        return ""
    for match in found:
        kind = _MAGIC_EXT_KIND.get(str(match.extension).lstrip(".").lower())
        if kind:
            return kind
    return ""


def _looks_text(data: bytes) -> bool:
    head = data[:SNIFF_BYTES]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True  # UTF-16 text: NUL bytes are half its characters
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return bool(head) and b"\x00" not in head and controls <= len(head) // 100


def sniff(data: bytes, name: str = "", declared: str = "") -> tuple[str, str]:
    """(kind, disguised_as): the kind by content, and what the name or declared type
    claims instead when they disagree ("" when they agree or say nothing)."""
    # PDF readers accept the header anywhere in the first kilobyte; magic tables look at 0.
    if b"%PDF-" in data[:1024]:
        kind = PDF
    elif data.startswith(b"PK\x03\x04"):
        # Magic tables name every zip an Office file; the first entries tell which it is.
        kind = DOCUMENT if any(m in data[:65536] for m in _OFFICE_ZIP_MARKS) else ARCHIVE
    else:
        kind = _magic_kind(data) or _text_kind(_head_text(data))
        if not kind:
            kind = TEXT if _looks_text(data) else OTHER
    by_name = _EXT_KIND.get(_ext(name), "")
    by_decl = _MIME_KIND.get(declared.lower(), "")
    if declared.lower().startswith("image/") and declared.lower() != "image/svg+xml":
        by_decl = IMAGE
    # A file opens by its name: "x.html" is shown by a browser whatever its first bytes
    # (a GIF header before a page), and a script has no magic to tell it from text.
    # (A script's own kind is a guess from its first words: the name overrides it.)
    if by_name in _OPENS_BY_NAME and kind not in (HTML, SVG, EXECUTABLE):
        return by_name, ""
    if kind == ARCHIVE and by_name == DOCUMENT:
        kind = DOCUMENT
    claimed = [c for c in (by_name, by_decl) if c and c != kind
               and not (c == TEXT and kind in (HTML, SVG, SCRIPT))
               and _CONTAINER.get(c) != kind and _CONTAINER.get(kind) != c]
    return kind, (claimed[0] if claimed else "")

