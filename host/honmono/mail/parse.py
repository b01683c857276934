"""The message parser: raw RFC 5322 bytes in, the parts the checks read out.

Every mail is hostile input. The parser never raises on content: what it cannot read it
records in ``defects`` and carries on. Work is bounded by the limits below so that a
2,000-deep multipart, a 30 MB attachment or 200,000 links cost a bounded time and memory.
"""

from __future__ import annotations

import email
import email.feedparser
import email.header
import email.message
import email.utils
import re
import types
from email.message import Message
from functools import cache
from typing import TYPE_CHECKING, Any

from honmono.mail.addresses import parse as parse_addresses
from honmono.mail.calendar import CALENDAR_TYPE
from honmono.mail.calendar import to_text as calendar_text
from honmono.mail.enriched import ENRICHED_TYPES
from honmono.mail.enriched import to_text as enriched_text
from honmono.mail.flowed import is_flowed, unflow
from honmono.mail.mimeparts import charset as part_charset
from honmono.mail.mimeparts import (
    content_type,
    disposition,
    encoded_message,
    header_base,
    is_smime_signed_data,
    payload_bytes,
    related_root,
    unwrap_smime,
)
from honmono.mail.types import Address, Link, ParsedMessage
from honmono.text.charsets import decode_bytes, decode_header_value, raw_header_text
from honmono.text.normalize import strip_invisible

if TYPE_CHECKING:
    from honmono.mail.html import Page

MAX_PARTS = 200
MAX_DEPTH = 30
MAX_TEXT_PART = 1_000_000  # decoded characters kept per text part
# An HTML part is read up to this many characters once its comments are removed (what
# the reader sees may start after a megabyte of comment); its visible text then counts
# against MAX_TEXT_TOTAL like any other text.
MAX_HTML_PART = 2_000_000
MAX_TEXT_TOTAL = 2_000_000
MAX_LINKS = 2_000
MAX_HEADER_VALUE = 20_000
# Above this size a mail is cut down before parsing: every stretch between two lines that
# begin with "--" (MIME boundaries) keeps only its first MAX_SEGMENT bytes. The stdlib
# parser holds several copies of what it parses, so a 30 MB attachment would otherwise cost
# hundreds of MB; what is cut is attachment data no check reads.
LARGE_MAIL = 4 * 1024 * 1024
MAX_SEGMENT = 1024 * 1024
MAX_HTML_SEGMENT = 4 * MAX_HTML_PART  # raw bytes of an HTML part kept in a large mail
# S/MIME signed-data unwrapped at most this many times per mail (a wrapper in a wrapper).
MAX_UNWRAP = 3
# Attached mails whose sender is read, and header lines read from each (a hostile one may
# carry thousands).
MAX_FORWARDED = 5
MAX_FORWARDED_HEADERS = 200

# Linear-time: one character class, no nested quantifiers.
URL_RE = re.compile(r"(?:https?://|www\.)[^\s<>\"'「」『』（）()、。\[\]{}|\\^`]{1,2000}", re.I)
# What ends a URL written in text without belonging to it ("…です。", "(https://x)").
TRAILING_PUNCT = ".,;:!?)]}>'\"。、"

def _addresses(raw_values: list[str]) -> list[Address]:
    """Addresses from raw header values, read by Thunderbird's grammar (``addresses``):
    encoded words are decoded only inside the structure, so an encoded ':' or ',' in a
    display name cannot change the address syntax (a phishing trick)."""
    out: list[Address] = []
    for value in raw_values:
        for display, addr in parse_addresses(value):
            out.append(Address(strip_invisible(display).strip(), addr.strip()))
    return out


def _headers(msg: Message, defects: list[str]) -> list[tuple[str, str, str]]:
    """(name, decoded value, raw value) in order, top first."""
    out: list[tuple[str, str, str]] = []
    for name, value in msg.raw_items():
        # 8-bit bytes in a raw header arrive as surrogates; read them as text so that
        # addresses and names are parsed from what the sender really wrote.
        raw = raw_header_text(str(value)).replace("\x00", "")
        if len(raw) > MAX_HEADER_VALUE:
            defects.append(f"header {name[:40]} truncated ({len(raw)} characters)")
            raw = raw[:MAX_HEADER_VALUE]
        out.append((str(name), decode_header_value(raw), raw))
    return out


def _is_attachment(part: Message) -> bool:
    return disposition(part) == "attachment"


# Parts Thunderbird displays as text: plain, HTML, the two rich-text formats, and a
# calendar invitation.
_DISPLAYABLE = ("text/plain", "text/html", *ENRICHED_TYPES, CALENDAR_TYPE)


# Text types Thunderbird shows as something else: a contact card (its name only).
_NOT_PLAIN = ("text/vcard", "text/x-vcard", "text/directory")


def _read_as(ctype: str) -> str:
    """How Thunderbird displays a leaf's text: as its own type, any other text/* type as
    plain text (text/markdown, text/x-anything: displayed and linkified, observed in
    Thunderbird 153), or not at all ("")."""
    if ctype in _DISPLAYABLE:
        return ctype
    return "text/plain" if ctype.startswith("text/") and ctype not in _NOT_PLAIN else ""


def _mark_hidden_alternatives(children: list[Message], hidden: set[int]) -> None:
    """Thunderbird shows one rendering of a multipart/alternative: the last one it can
    display (mimemalt.cpp). The text renderings before it are not what the reader sees.
    (Their words still count as the mail's; their links are compared, not judged.)"""
    types = [content_type(c) for c in children]
    shown = max((i for i, (c, t) in enumerate(zip(children, types, strict=True))
                 if _alternative_displayable(c, t)), default=-1)
    for i, (child, ctype) in enumerate(zip(children, types, strict=True)):
        # Any other text type is no rendering Thunderbird picks; if not shown, hidden.
        if i != shown and ctype.startswith("text/"):
            hidden.add(id(child))


def _alternative_displayable(part: Message, ctype: str) -> bool:
    """Whether Thunderbird can display an alternative: a multipart only when its root
    can (the start= part of a multipart/related, else its first part). One whose root is
    an image is passed over for the HTML before it (observed in Thunderbird 153)."""
    for _ in range(MAX_DEPTH):
        if not ctype.startswith("multipart/"):
            return ctype in _DISPLAYABLE
        root = related_root(part)
        if root is None:
            return False
        part, ctype = root, content_type(root)
    return False


def _iter_leaves(msg: Message, defects: list[str], hidden: set[int] | None = None,
                 attached: list[Message] | None = None) -> list[Message]:
    """Leaf parts, depth- and count-bounded, without recursion. ``hidden`` collects the
    ids of text/plain leaves that an HTML alternative replaces on screen, ``attached``
    the mails attached as message/rfc822."""
    leaves: list[Message] = []
    stack: list[tuple[Message, int]] = [(msg, 0)]
    seen = decoded = 0
    while stack:
        part, depth = stack.pop()
        seen += 1
        if seen > MAX_PARTS:
            defects.append(f"more than {MAX_PARTS} MIME parts; the rest was not read")
            break
        # Only a multipart's payload is read here: for other parts get_payload() decodes
        # with the declared charset, which a hostile charset name can make raise.
        payload = part.get_payload() if part.is_multipart() else None
        if isinstance(payload, list):
            if depth >= MAX_DEPTH:
                defects.append(f"multipart nested deeper than {MAX_DEPTH}; inner parts not read")
                continue
            children = [p for p in payload if isinstance(p, Message)]
            inner = encoded_message(part) if decoded < MAX_UNWRAP else None
            if inner is not None:
                decoded += 1
                children = [message_from_bytes(inner)]
            if attached is not None and content_type(part) == "message/rfc822":
                attached.extend(children[:1])
            if hidden is not None and content_type(part) == "multipart/alternative":
                _mark_hidden_alternatives(children, hidden)
            stack.extend((p, depth + 1) for p in reversed(children))
        else:
            leaves.append(part)
    return leaves


MAX_FILE_NAMES = 50
_MAX_FILE_NAME = 200


def _file_name(part: Message) -> str:
    """The name a part is shown under, decoded (RFC 2231 and encoded words); "" if none."""
    # Parsing parameters is costly: most parts carry no name=/filename= at all.
    if not any("name" in str(part.get(h, "")).lower()
               for h in ("Content-Disposition", "Content-Type")):
        return ""
    try:
        raw: Any = part.get_filename() or part.get_param("name") or ""
    except Exception:  # a hostile parameter must not stop the parse
        return ""
    if not raw:
        return ""
    if isinstance(raw, tuple):  # RFC 2231 (charset, language, value) left undecoded
        raw = raw[2]
    return " ".join(strip_invisible(decode_header_value(str(raw)[:1000])).split())[:_MAX_FILE_NAME]


def _part_text(part: Message, defects: list[str], ctype: str) -> str:
    try:
        data = payload_bytes(part)
    except Exception as exc:  # a broken transfer encoding must not stop the rest
        defects.append(f"undecodable part: {type(exc).__name__}")
        return ""
    limit = MAX_HTML_PART if ctype == "text/html" else MAX_TEXT_PART
    if len(data) > limit * 4:
        defects.append("text part larger than the limit; only its beginning was read")
        data = data[: limit * 4]
    text, note = decode_bytes(data, part_charset(part))
    if note:
        defects.append(note)
    if ctype == "text/html" and len(text) > limit and "<!--" in text:
        # Only to fit the limit: inside <style> a comment marker is no comment, and
        # CSS wrapped in one still shows its generated content.
        text = drop_comments(text)
    if len(text) > limit:
        defects.append(f"text part over {limit} characters; only its beginning was read")
    return text[:limit]


def _as_displayed(part: Message, ctype: str, text: str) -> str:
    """A plain part's text as Thunderbird shows it: format=flowed lines joined, and
    text/enriched and text/richtext formatted (enriched.py)."""
    if ctype in ENRICHED_TYPES:
        return enriched_text(text, ctype)
    if ctype == CALENDAR_TYPE:
        return calendar_text(text)
    if ctype != "text/plain" or not is_flowed(str(part.get_param("format") or "")):
        return text
    delsp = str(part.get_param("delsp") or "").strip().strip('"').lower() == "yes"
    return unflow(text, delsp)


def _linkified(ctype: str, raw: str, shown: str) -> str:
    """The text Thunderbird makes links in: a plain part line by line as written (before
    flowed lines are joined), an invitation as displayed, rich text not at all."""
    if ctype in ENRICHED_TYPES:
        return ""
    return shown if ctype == CALENDAR_TYPE else raw


def drop_comments(html: str) -> str:
    """HTML with its comments removed, as the HTML parser ends them ("-->", "--!>", and
    the empty "<!-->" / "<!--->"); an unclosed comment hides the rest. Linear."""
    out: list[str] = []
    pos = 0
    while True:
        start = html.find("<!--", pos)
        if start < 0:
            out.append(html[pos:])
            break
        out.append(html[pos:start])
        body = start + 4
        if html.startswith(">", body) or html.startswith("->", body):
            pos = html.index(">", body) + 1
            continue
        ends = [i for i in (html.find("-->", body), html.find("--!>", body)) if i >= 0]
        if not ends:
            break
        end = min(ends)
        pos = end + (3 if html.startswith("-->", end) else 4)
    return "".join(out)


def _text_links(text: str, links: list[Link]) -> int:
    """URLs in text, found by Thunderbird's linkifier rules (linkify.py): where the reader's
    click goes, even when the URL runs on through 「、( ' | ^ into another host."""
    from honmono.mail.linkify import find_urls

    count = 0
    for _start, _end, url in find_urls(text):
        count += 1
        if len(links) < MAX_LINKS:
            links.append(Link(href=url, text=url, origin="text"))
    return count


_HTML_TYPE = re.compile(rb"(?im)^content-type:[ \t]*text/html")


def _html_segment(raw: bytes, start: int) -> bool:
    """Whether the stretch at ``start`` is an HTML part (its headers say so)."""
    return _HTML_TYPE.search(raw, start, start + 4096) is not None


def _shrink(raw: bytes, defects: list[str]) -> bytes:
    kept: list[bytes] = []
    start = 0
    cut = 0
    while start < len(raw):
        nxt = raw.find(b"\n--", start + 1)
        end = len(raw) if nxt < 0 else nxt
        keep = MAX_HTML_SEGMENT if _html_segment(raw, start) else MAX_SEGMENT
        if end - start > keep:
            kept.append(raw[start:start + keep])
            cut += end - start - keep
        else:
            kept.append(raw[start:end])
        start = end
    if cut:
        defects.append(f"large parts read only in part ({cut // 1024} KB not read)")
    return b"".join(kept)


# The feed parser's private names below are not in typeshed, hence the ignores.
class _LineRuns(email.feedparser.BufferedSubFile):  # type: ignore[name-defined,misc]
    """The stdlib parser's line buffer, handing over runs of body lines as one line.

    The feed parser pulls a body line by line through several Python calls each, which
    for a 100 KB base64 or quoted-printable part is most of the parse. Only a few lines
    matter to it: a boundary ("--" + boundary, or the end of a header block in
    message/delivery-status: a line beginning with CR or LF), and in a header block every
    line. So a line that cannot be a header (headerRE), a boundary or blank takes the
    following lines with it up to the next line that begins with "-", CR or LF. Wherever
    the parser reads such a run, it would have read its first line and then, the state
    being body, preamble or epilogue text (the header loop stops at a non-header line and
    puts it back), appended every following line until a boundary or blank line. Every
    check it makes on a line (headerRE, NLCRE, the boundary match) is anchored at the
    line's start, so it decides the same on the run as on its first line. Payloads,
    preambles, epilogues and defects come out the same (tests/mail/test_parser.py
    compares the two parsers over the corpora).
    """

    def pushlines(self, lines: list[str]) -> None:
        runs: list[str] = []
        n = len(lines)
        i = 0
        is_header = email.feedparser.headerRE.match  # type: ignore[attr-defined]
        while i < n:
            line = lines[i]
            j = i + 1
            if line[0] not in "-\r\n" and not is_header(line):
                while j < n and lines[j][0] not in "-\r\n":
                    j += 1
            runs.append(line if j == i + 1 else "".join(lines[i:j]))
            i = j
        self._lines.extend(runs)


class _EndOfLine:
    r"""The feed parser's NLCRE_eol, ``(\r\n|\r|\n)\Z``, searched in the last two
    characters only. The stdlib searches every part's whole payload with it to find the line
    end at its very end: for a 100 KB part a scan of 100 KB. \Z holds the match within the
    last two characters, so the slice gives the same match (the parser reads only its text)."""

    __slots__ = ()

    @staticmethod
    def search(s: str) -> re.Match[str] | None:
        return email.feedparser.NLCRE_eol.search(s[-2:])  # type: ignore[attr-defined,no-any-return]


def _parsegen_with_quick_end_of_line() -> Any:
    """The stdlib's own generator, run with _EndOfLine in place of NLCRE_eol: a copy of the
    function over a copy of its module's names, so nothing else in the process changes.
    A stdlib whose generator is built differently keeps its own (and _fast_parser_works
    still compares the whole parser with the stdlib's)."""
    gen = email.feedparser.FeedParser._parsegen  # type: ignore[attr-defined]
    code = getattr(gen, "__code__", None)
    if code is None or gen.__closure__ or "NLCRE_eol" not in code.co_names:
        return gen
    return types.FunctionType(code, {**vars(email.feedparser), "NLCRE_eol": _EndOfLine()},
                              gen.__name__, gen.__defaults__)


class _FeedParser(email.feedparser.FeedParser):
    def __init__(self) -> None:
        super().__init__()
        self._input = _LineRuns()  # read only once parsing starts, on the first feed

    _parsegen = _parsegen_with_quick_end_of_line()


def _fast_message_from_bytes(raw: bytes) -> Message:
    text = raw.decode("ASCII", errors="surrogateescape")
    parser = _FeedParser()
    for start in range(0, len(text), 8192):
        parser.feed(text[start:start + 8192])
    return parser.close()


_SELF_CHECK = (
    b"From: a@example.jp\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
    b"preamble\r\nmore\r\n--b\r\nContent-Type: text/plain\r\n\r\nline one\r\nX-Not: header\r\n"
    b"-dash\r\n\r\nafter blank\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\n"
    b"Reporting-MTA: dns; x\r\n\r\nFinal-Recipient: rfc822; y\r\n--b--\r\nepilogue\r\n"
)


@cache
def _fast_parser_works() -> bool:
    """The line buffer subclasses a private part of the stdlib; on a Python whose feed
    parser works differently it must not change a single result, so it is used only
    when it reproduces the stdlib exactly on a mail that exercises every line kind."""
    try:
        fast = _fast_message_from_bytes(_SELF_CHECK)
    except Exception:
        return False
    slow = email.message_from_bytes(_SELF_CHECK)
    return fast.as_string() == slow.as_string() and [
        type(d) for d in fast.defects] == [type(d) for d in slow.defects]


def message_from_bytes(raw: bytes) -> Message:
    """email.message_from_bytes (compat32), fed the same way, with the faster line buffer
    where it is known to give the same result (see _fast_parser_works)."""
    if _fast_parser_works():
        return _fast_message_from_bytes(raw)
    return email.message_from_bytes(raw)


# RFC 5322: CR and LF occur only together. dkimpy ends lines at CRLF or LF only, the
# email package at a lone CR too, so a lone CR would let the signature cover one message
# and every other check read another (a forged body after "\r\r" in an unsigned header).
# Every consumer gets the same bytes, each lone CR made a line end.
_LONE_CR = re.compile(rb"\r(?!\n)")


def _read_addresses(pm: ParsedMessage, triples: list[tuple[str, str, str]]) -> None:
    """The address headers, read from their raw values with Thunderbird's grammar."""

    def raw_all(*names: str) -> list[str]:
        wanted = {n.lower() for n in names}
        return [r for n, _, r in triples if n.lower() in wanted]

    pm.from_ = _addresses(raw_all("From"))
    pm.reply_to = _addresses(raw_all("Reply-To"))
    pm.mail_reply_to = _addresses(raw_all("Mail-Reply-To"))
    pm.mail_followup_to = _addresses(raw_all("Mail-Followup-To"))
    pm.sender_field = _addresses(raw_all("Sender"))
    for name in ("reply-to", "mail-reply-to", "mail-followup-to", "sender"):
        values = raw_all(name)
        if values:
            pm.address_raw[name] = values
    rp = _addresses(raw_all("Return-Path")[:1])
    pm.return_path = rp[0].addr if rp else ""
    pm.recipients = _addresses(
        raw_all("To", "Cc", "Delivered-To", "X-Delivered-To", "X-Original-To")
    )


class _Document:
    """The shown HTML parts, which Thunderbird displays in one document: there the first
    <base> (or a part's Content-Base, written as one) sets where every relative link
    goes, those of earlier parts too (observed in Thunderbird 153)."""

    def __init__(self, links: list[Link]) -> None:
        self.links = links
        self.base = ""
        self.unbased: list[tuple[int, int]] = []  # links read before any base

    def add(self, part: Message, text: str) -> Page:
        from honmono.mail.html import render_html, resolve

        # An attached page is read (it can only add suspicion) but is not displayed: its
        # links go where its own base says, and its base sets nothing in the document.
        attachment = _is_attachment(part)
        page = render_html(text, max_links=MAX_LINKS - len(self.links),
                           base="" if attachment else self.base or header_base(part))
        first = len(self.links)
        self.links.extend(page.links)
        if self.base or attachment:
            return page
        if not page.base:
            self.unbased.append((first, len(self.links)))
            return page
        self.base = page.base
        for start, end in self.unbased:
            for k in range(start, end):
                link = self.links[k]
                self.links[k] = Link(href=resolve(self.base, link.href), text=link.text,
                                     origin=link.origin)
        self.unbased.clear()
        return page


def parse(raw: bytes) -> ParsedMessage:
    """Parse raw mail bytes. Never raises on content; oddities land in ``defects``."""
    defects: list[str] = []
    if b"\r" in raw:
        raw, lone = _LONE_CR.subn(b"\r\n", raw)
        if lone:
            defects.append(f"{lone} lone CR character(s) read as line ends")
    full = raw
    if len(raw) > LARGE_MAIL:
        raw = _shrink(raw, defects)
    try:
        msg = message_from_bytes(raw)
    except (RecursionError, MemoryError, ValueError, LookupError) as exc:
        defects.append(f"MIME structure unreadable ({type(exc).__name__}); headers only")
        head, _, _ = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
        msg = email.message_from_bytes(head + b"\n\n")

    triples = _headers(msg, defects)
    # DKIM needs every byte as received (line ends made canonical), not the shrunk copy.
    pm = ParsedMessage(raw=full, headers=[(n, v) for n, v, _ in triples])

    pm.subject = strip_invisible(pm.header("Subject")).strip()
    _read_addresses(pm, triples)

    from honmono.mail.html import render_html

    rendered: list[str] = []
    links: list[Link] = []
    total_links = 0
    hidden: set[int] = set()
    attached: list[Message] = []
    leaves = _iter_leaves(msg, defects, hidden, attached)
    forwarded = [(n.lower(), v) for m in attached[:MAX_FORWARDED]
                 for n, v, _ in _headers(m, defects)[:MAX_FORWARDED_HEADERS]]
    pm.forwarded_from = [v for n, v in forwarded if n == "from"][:MAX_FORWARDED]
    # Thunderbird displays an attached mail's header (its Subject, From...) above its body.
    plain: list[str] = [v for n, v in forwarded if n == "subject"][:MAX_FORWARDED]
    pm.file_names = [n for n in map(_file_name, leaves[:MAX_FILE_NAMES]) if n]
    pm.parts = len(leaves)
    budget = MAX_TEXT_TOTAL
    unshown: list[Link] = []
    unwrapped = 0
    document = _Document(links)
    i = 0
    while i < len(leaves):
        part = leaves[i]
        i += 1
        if budget <= 0:
            defects.append("total text over the limit; later parts not read")
            break
        ctype = content_type(part)
        if is_smime_signed_data(part, ctype) and unwrapped < MAX_UNWRAP:
            # Thunderbird shows what was signed (with a signature icon): so is it read.
            inner = unwrap_smime(payload_bytes(part))
            if inner is not None:
                unwrapped += 1
                defects.append("S/MIME signed-data unwrapped (its signature is not checked "
                               "and proves nothing about the sender)")
                inner_leaves = _iter_leaves(message_from_bytes(inner), defects, hidden)
                leaves[i:i] = inner_leaves
                pm.parts += len(inner_leaves)
            continue
        ctype = _read_as(ctype)
        if not ctype:
            continue
        if ctype != "text/html" and _is_attachment(part):
            continue
        text = _part_text(part, defects, ctype)
        if id(part) in hidden:
            # Not on screen: its words still speak (kept as text), its links are compared
            # with the shown ones, not judged as clicks (unshown_links).
            if ctype == "text/html":
                page = render_html(text, max_links=MAX_LINKS)
                unshown.extend(page.links)
                text = page.text
            text = text[:budget]
            budget -= len(text)
            plain.append(_as_displayed(part, ctype, text))
            _text_links(text, unshown)
        elif ctype == "text/html":
            pm.html_present = True
            page = document.add(part, text)
            total_links += page.links_total
            shown = page.text[:budget]
            budget -= len(shown)
            rendered.append(shown)
            total_links += _text_links(shown, links)
        else:
            text = text[:budget]
            budget -= len(text)
            shown = _as_displayed(part, ctype, text)
            plain.append(shown)
            total_links += _text_links(_linkified(ctype, text, shown), links)
    if msg.defects:
        defects.extend(type(d).__name__ for d in msg.defects[:10])
    pm.text = "\n".join(plain + rendered)
    pm.links = links
    pm.links_total = total_links
    pm.unshown_links = unshown[:MAX_LINKS]
    pm.defects = defects
    return pm
