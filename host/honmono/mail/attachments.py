"""Attachments and inline images: what each really is, and the links and QR codes in it.

The kind of every file comes from its content, not from what the mail declares
(``filetypes.sniff``). From HTML, XHTML and SVG files the links, forms, meta refreshes and
script redirects (``location.href=``, ``window.location``, ``location.replace(...)``,
``atob(...)`` of such) are read; from PDFs the link annotations, URI, launch, submit-form
and JavaScript actions; from images (attachments and inline images) the QR codes. Each
link carries where it was found, so the links check judges it like a body link and the
panel names its origin.

Every file is hostile input. Work is bounded per attachment and per mail (bytes, PDF
pages, image pixels — decompression bombs are refused from the header, before decoding —,
a number of images, a time budget checked between units of work), and a file that cannot
be read gives a note, never an exception. Nothing here runs unless a mail carries a part
that is neither a text body nor a multipart container (``worth_scanning``).
"""

from __future__ import annotations

import base64
import binascii
import io
import logging
import re
import time
import warnings
from dataclasses import dataclass, field
from email.message import Message
from typing import Any
from urllib.parse import unquote

from honmono.mail.filetypes import HTML, IMAGE, OTHER, PDF, SCRIPT, SVG, sniff
from honmono.mail.parse import (
    LARGE_MAIL,
    TRAILING_PUNCT,
    URL_RE,
    _iter_leaves,
    _shrink,
    message_from_bytes,
)
from honmono.mail.types import Link, ParsedMessage
from honmono.text.charsets import decode_bytes, decode_header_value
from honmono.text.normalize import strip_invisible

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024  # decoded bytes read from one file
MAX_MAIL_BYTES = 20 * 1024 * 1024  # decoded bytes read from all files of one mail
MAX_FILES = 50  # files looked at (type by content); the rest are counted
MAX_PDF_PAGES = 30
MAX_PDF_ANNOTS = 500  # annotations read from one PDF
MAX_PDF_ACTIONS = 1_000  # actions walked in one PDF (/Next chains included)
MAX_IMAGES = 10  # images searched for QR codes
MAX_IMAGE_PIXELS = 16_000_000  # larger images are refused from their header (bombs)
DECODE_PIXELS = 4_000_000  # larger images are scaled down before the QR search
MIN_QR_SIDE = 21  # a QR code has at least 21 modules: smaller images are icons or pixels
MAX_LINKS_PER_FILE = 200
MAX_LINKS = 500
TIME_BUDGET = 2.0  # seconds for all files of one mail
_MAX_NAME = 120

# Script redirects. Each alternative is a fixed prefix, bounded blanks and one class
# without the quote characters: linear, no nested quantifiers.
_REDIRECT = re.compile(
    r"(?:location(?:\.href)?\s{0,20}=(?!=)|location\.(?:replace|assign)\s{0,20}\("
    r"|window\.open\s{0,20}\(|\.src\s{0,20}=(?!=))\s{0,20}[\"'`]([^\"'`\s<>]{1,2000})[\"'`]",
    re.I)
_ATOB = re.compile(r"atob\(\s{0,20}[\"']([A-Za-z0-9+/=\s]{8,200000})[\"']\s{0,20}\)")
_UNESCAPE = re.compile(r"(?:unescape|decodeURIComponent|decodeURI)\(\s{0,20}[\"']"
                       r"([^\"']{6,200000})[\"']\s{0,20}\)")
_SCRIPT_BLOCK = re.compile(r"<script\b[^>]{0,2000}>", re.I)
_FORM_TAG = re.compile(r"<form\b", re.I)
_PASSWORD = re.compile(r"type\s{0,10}=\s{0,10}[\"']?password", re.I)
_SCHEME = re.compile(r"^(?:[a-z][a-z0-9+.\-]{1,20}:|www\.)", re.I)
_MAX_DECODED_SCRIPTS = 20  # atob/unescape payloads decoded per file

# Hostile PDFs make pypdf warn by the hundred; the note on the attachment says it all.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True, slots=True)
class FoundLink:
    """A link found in a file: the link as the links check reads it, and where it was."""

    link: Link
    found_in: str  # "attachment" or "qr"
    source: str  # the file's name as the panel shows it


@dataclass(slots=True)
class Attachment:
    name: str
    declared: str  # the declared Content-Type
    kind: str  # from content (or the name where content cannot tell)
    size: int
    inline: bool = False  # an inline image (Content-ID, or shown in the body)
    # What the name or declared type claims, when it differs from ``kind``.
    disguised_as: str = ""
    forms: int = 0
    password_fields: int = 0
    scripts: int = 0
    links: list[FoundLink] = field(default_factory=list)
    qr: list[str] = field(default_factory=list)  # decoded QR payloads
    unreadable: str = ""  # why the content could not be read (damaged, encrypted)
    limited: str = ""  # which limit stopped the reading
    actions: int = 0  # PDF actions walked so far

    @property
    def shown_name(self) -> str:
        return self.name or f"({self.declared})"


@dataclass(slots=True)
class Scan:
    files: list[Attachment] = field(default_factory=list)
    files_total: int = 0
    links: list[FoundLink] = field(default_factory=list)
    elapsed: float = 0.0


# ------------------------------------------------------------------- when to look

# A part header that announces something other than a text body or a container,
# matched (lower-cased) where a line starts with "content-": possessive blanks, so the
# lookahead cannot be satisfied by giving a blank back. A value folded onto the next
# line is looked at (cost only), never taken for a body.
_WORTH = re.compile(
    rb"content-(?:type:[ \t]*+(?!text/(?:plain|html)\b|multipart/|message/(?:rfc822|delivery))"
    rb"|disposition:[ \t]*+attachment)")
_CONTENT_LINE = re.compile(rb"\ncontent-", re.I)  # a literal after "\n": a quick search
_MAX_HEADER_LINES = 2_000  # part headers looked at before giving up and scanning


def worth_scanning(msg: ParsedMessage) -> bool:
    """Whether the mail has a part that is not a text body or a container: the only mails
    that pay for a second parse and the decoders. A single-part text mail needs no look;
    otherwise each line that starts with "content-" is matched, not the whole mail."""
    if msg.parts <= 1:
        # One leaf: the mail is its own only part, and a text body unless it says otherwise.
        ctype = msg.header("Content-Type").strip().lower()
        if not ctype or ctype.startswith(("text/plain", "text/html")):
            return False
    raw = msg.raw
    lines = 0
    pos = 0 if raw[:8].lower() == b"content-" else -1
    if pos == -1:
        found = _CONTENT_LINE.search(raw)
        pos = found.start() + 1 if found else -1
    while pos != -1 and lines < _MAX_HEADER_LINES:
        lines += 1
        if _WORTH.match(raw[pos:pos + 200].lower()):
            return True
        found = _CONTENT_LINE.search(raw, pos)
        pos = found.start() + 1 if found else -1
    return pos != -1


# ------------------------------------------------------------------- extraction


class _Budget:
    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + seconds

    def over(self) -> bool:
        return time.perf_counter() > self.deadline


def _link(href: str, text: str, origin: str, att: Attachment, found_in: str) -> None:
    link = Link(href=href.strip(), text=text, origin=origin)
    if len(att.links) < MAX_LINKS_PER_FILE and all(fl.link != link for fl in att.links):
        att.links.append(FoundLink(link, found_in, att.shown_name))


def _script_bodies(html: str) -> str:
    """The text of every <script> element (str.find: linear even when none is closed)."""
    low = html.lower()
    out: list[str] = []
    pos = low.find("<script")
    while pos != -1:
        start = low.find(">", pos)
        if start == -1:
            break
        end = low.find("</script", start)
        out.append(html[start + 1:end if end != -1 else len(html)])
        if end == -1:
            break
        pos = low.find("<script", end)
    return "\n".join(out)


def _script_urls(text: str, att: Attachment, depth: int = 0, code: str | None = None) -> None:
    """Redirect targets anywhere in ``text`` (inline handlers too), web addresses written
    in its script code (``code``; all of ``text`` for a script file), and the same in the
    strings the code decodes with atob() or unescape() (one level: kits wrap once)."""
    code = text if code is None else code
    seen = {fl.link.href for fl in att.links}
    for m in _REDIRECT.finditer(text):
        url = m.group(1)
        if url not in seen:
            seen.add(url)
            _link(url, "", "text", att, "attachment")
    for m in URL_RE.finditer(code):
        url = m.group(0).rstrip(TRAILING_PUNCT)
        if url not in seen and len(att.links) < MAX_LINKS_PER_FILE:
            seen.add(url)
            _link(url, url, "text", att, "attachment")
    if depth:
        return
    decoded = 0
    for m in _ATOB.finditer(code):
        if decoded >= _MAX_DECODED_SCRIPTS:
            break
        decoded += 1
        try:
            inner = base64.b64decode("".join(m.group(1).split()), validate=False)
        except (binascii.Error, ValueError):
            continue
        _html_inner(inner.decode("utf-8", errors="replace"), att)
    for m in _UNESCAPE.finditer(code):
        if decoded >= _MAX_DECODED_SCRIPTS:
            break
        decoded += 1
        _html_inner(unquote(m.group(1)), att)


def _html_inner(text: str, att: Attachment) -> None:
    """A document a script writes (document.write(atob(...))): its links and redirects."""
    if "<" in text:
        _html_links(text, att, depth=1)
    else:
        _script_urls(text, att, depth=1)


def _html_links(text: str, att: Attachment, depth: int = 0) -> None:
    from honmono.mail.html import render_html

    att.forms += len(_FORM_TAG.findall(text))
    att.password_fields += len(_PASSWORD.findall(text))
    att.scripts += len(_SCRIPT_BLOCK.findall(text))
    page = render_html(text, max_links=MAX_LINKS_PER_FILE)
    actions = 0
    for link in page.links:
        actions += link.origin == "form"
        _link(link.href, link.text, link.origin, att, "attachment")
    if att.forms > actions:
        # A form without an action posts where a script sends it, or back to the file:
        # still a form asking for what the page's fields ask.
        _link("", "", "form", att, "attachment")
    _script_urls(text, att, depth, code=_script_bodies(text))


def _pdf_links(data: bytes, att: Attachment, budget: _Budget) -> None:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        try:  # most "protected" PDFs open with an empty password; readers do that too
            reader.decrypt("")
        except Exception:
            att.unreadable = "encrypted"
            return
    root = reader.trailer.get("/Root")
    root = root.get_object() if root is not None else None
    if root is not None:
        _pdf_action(root.get("/OpenAction"), att)
        if root.get("/AcroForm") is not None:
            att.forms += 1
    annots_read = 0
    for number, page in enumerate(reader.pages):
        if number >= MAX_PDF_PAGES:
            att.limited = "pages"
            break
        if budget.over():
            att.limited = "time"
            break
        annots = page.get("/Annots")
        annots = annots.get_object() if annots is not None else None
        for annot in annots or ():
            annots_read += 1
            if annots_read > MAX_PDF_ANNOTS:
                att.limited = "annotations"
                return
            obj = annot.get_object()
            if not hasattr(obj, "get"):
                continue
            _pdf_action(obj.get("/A"), att)
            for action in (obj.get("/AA") or {}).values() if hasattr(
                    obj.get("/AA"), "values") else ():
                _pdf_action(action, att)


def _pdf_action(action: Any, att: Attachment, depth: int = 0) -> None:
    # /Next chains fan out: a count per file, not only a depth, bounds the walk.
    if action is None or depth > 5 or att.actions >= MAX_PDF_ACTIONS:
        return
    att.actions += 1
    action = action.get_object() if hasattr(action, "get_object") else action
    if not hasattr(action, "get"):
        return
    kind = str(action.get("/S", ""))
    if kind == "/URI":
        uri = action.get("/URI")
        if uri is not None:
            _link(_pdf_string(uri), "", "html", att, "attachment")
    elif kind in ("/Launch", "/GoToR", "/SubmitForm", "/ImportData"):
        target = action.get("/F")
        target = target.get_object() if hasattr(target, "get_object") else target
        if hasattr(target, "get"):
            target = target.get("/F") or target.get("/UF") or ""
        origin = "form" if kind == "/SubmitForm" else "html"
        if kind == "/SubmitForm":
            att.forms += 1
        if target:
            _link(_pdf_string(target), "", origin, att, "attachment")
    elif kind == "/JavaScript":
        js = action.get("/JS")
        js = js.get_object() if hasattr(js, "get_object") else js
        text = js.get_data().decode("latin-1") if hasattr(js, "get_data") else str(js or "")
        att.scripts += 1
        _script_urls(text[:200_000], att, depth=1)
    nxt = action.get("/Next")
    if nxt is not None:
        for item in nxt if isinstance(nxt, list) else (nxt,):
            _pdf_action(item, att, depth + 1)


def _pdf_string(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def qr_codes(data: bytes, att: Attachment) -> list[str]:
    """The QR codes in an image, within the pixel limits; [] for anything unreadable."""
    import zxingcpp
    from PIL import Image

    try:
        with warnings.catch_warnings():
            # Pillow warns (and above twice its own limit refuses) from the header alone.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        att.limited = "pixels"
        return []
    with img:
        width, height = img.size  # read from the header: nothing is decoded yet
        if width * height > MAX_IMAGE_PIXELS:
            att.limited = "pixels"
            return []
        if min(width, height) < MIN_QR_SIDE:
            return []
        if img.format == "JPEG" and width * height > DECODE_PIXELS:
            img.draft("L", (width // 2, height // 2))  # decode at a lower scale directly
        gray = img.convert("L")
    factor = 1
    while gray.width * gray.height // (factor * factor) > DECODE_PIXELS:
        factor += 1
    if factor > 1:
        gray = gray.reduce(factor)
    qr_only = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    found = zxingcpp.read_barcodes(gray, formats=qr_only)
    return [r.text for r in found if r.text][:5]


# ------------------------------------------------------------------- the mail


def _filename(part: Message) -> str:
    raw = part.get_filename() or part.get_param("name") or ""
    if isinstance(raw, tuple):  # RFC 2231 (charset, language, value)
        raw = raw[2]
    try:
        name = decode_header_value(str(raw))
    except Exception:
        name = str(raw)
    return " ".join(strip_invisible(name).split())[:_MAX_NAME]


def _is_body(part: Message) -> bool:
    """A text part Thunderbird shows as the body (the parser reads it as such)."""
    disp = str(part.get("Content-Disposition", "")).lower()
    ctype = part.get_content_type()
    return ctype in ("text/plain", "text/html") and not disp.startswith("attachment") and \
        not part.get_filename()


def _describe(part: Message) -> tuple[bytes, Attachment]:
    try:
        data = part.get_payload(decode=True)
    except Exception:
        data = None
    data = data if isinstance(data, bytes) else b""
    # Shown in the body: referenced by Content-ID from the HTML, or declared inline.
    inline = bool(part.get("Content-ID")) or str(
        part.get("Content-Disposition", "")).lower().startswith("inline")
    return data, Attachment(name=_filename(part), declared=part.get_content_type(),
                            kind=OTHER, size=len(data), inline=inline)


def _read(part: Message, att: Attachment, data: bytes, budget: _Budget) -> None:
    if att.kind in (HTML, SVG):
        text, _ = decode_bytes(data, part.get_content_charset())
        _html_links(text, att)
    elif att.kind == SCRIPT:
        _script_urls(data.decode("utf-8", errors="replace"), att, depth=1)
    elif att.kind == PDF:
        _pdf_links(data, att, budget)


def _read_file(part: Message, att: Attachment, data: bytes, budget: _Budget,
               images: int) -> int:
    """Reads one file's links, forms or QR codes; returns the images searched so far."""
    try:
        if att.kind == IMAGE:
            if images >= MAX_IMAGES:
                att.limited = "images"
                return images
            images += 1
            att.qr = qr_codes(data, att)
            for payload in att.qr:
                if _SCHEME.match(payload.strip()):
                    _link(payload, payload[:200], "text", att, "qr")
        else:
            _read(part, att, data, budget)
    except Exception as exc:  # a damaged file is a finding, not a failure
        att.unreadable = type(exc).__name__
    if budget.over() and not att.limited:
        att.limited = "time"
    return images


def scan(msg: ParsedMessage) -> Scan:
    """Every non-body part of ``msg``: its kind, links, forms and QR codes."""
    started = time.perf_counter()
    budget = _Budget(TIME_BUDGET)
    out = Scan()
    raw = msg.raw
    defects: list[str] = []
    if len(raw) > LARGE_MAIL:  # as the parser does: large parts are read in part
        raw = _shrink(raw, defects)
    try:
        tree = message_from_bytes(raw)
    except Exception:
        return out
    images = 0
    mail_bytes = 0
    for part in _iter_leaves(tree, defects):
        try:
            if _is_body(part):
                continue
            out.files_total += 1
            if len(out.files) >= MAX_FILES:
                continue
            data, att = _describe(part)
        except Exception:  # headers no parser reads alike: a file, unnamed and unread
            data, att = b"", Attachment(name="", declared="application/octet-stream",
                                        kind=OTHER, size=0, unreadable="headers")
        out.files.append(att)
        if not data:
            att.unreadable = att.unreadable or "empty"
            continue
        name, declared = att.name, att.declared
        att.kind, att.disguised_as = sniff(data, name, declared)
        if len(data) > MAX_ATTACHMENT_BYTES:
            data = data[:MAX_ATTACHMENT_BYTES]
            att.limited = "size"
        if mail_bytes + len(data) > MAX_MAIL_BYTES:
            att.limited = "size"
            continue
        if budget.over():
            att.limited = "time"
            continue
        mail_bytes += len(data)
        images = _read_file(part, att, data, budget, images)
    for att in out.files:
        room = MAX_LINKS - len(out.links)
        out.links.extend(att.links[:max(room, 0)])
    out.elapsed = time.perf_counter() - started
    return out
