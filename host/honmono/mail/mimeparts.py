"""MIME parts decoded as Thunderbird decodes them, where Python's email package differs.

Each rule is what Thunderbird (libmime, mimeenc.cpp / mimemoz2, jsmime) does and Python
does not, so that a part the reader sees is never a part Honmono skipped:

* base64 (``tolerant_b64decode``): Thunderbird reads groups of four characters of the
  alphabet or ``=``, skipping everything else, an ``=`` counting as no bits; a group
  with ``=`` yields fewer bytes and decoding goes on. So two separately padded chunks
  decode to both, and a stray character costs at most the last incomplete group.
  Python stops at the first padding or gives up on "incorrect padding" (and then the
  email package hands back the undecoded text).
* ``Content-Type`` and ``Content-Transfer-Encoding`` values are read past comments and
  whitespace: ``base64 (comment)`` is base64, ``text/html (comment)`` is HTML.
* opaque S/MIME signed-data (``application/pkcs7-mime; smime-type=signed-data``):
  Thunderbird shows the signed content with a signature icon; ``unwrap_smime`` returns
  that content (CMS, BER or DER, via asn1crypto). The signature is not checked: a
  signature by someone proves nothing about Amazon.
"""

from __future__ import annotations

import binascii
import quopri
import re
from email.message import Message

_ALPHABET = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_KEEP = set(_ALPHABET + b"=")
_DELETE = bytes(b for b in range(256) if b not in _KEEP)
_VALUE = {c: i for i, c in enumerate(_ALPHABET)}
_COMMENT = re.compile(r"\([^()]*\)")
MAX_SMIME = 25 * 1024 * 1024


def tolerant_b64decode(data: bytes) -> bytes:
    clean = data.translate(None, _DELETE)
    clean = clean[:len(clean) - len(clean) % 4]  # an incomplete last group is dropped
    out = bytearray()
    start = 0
    pos = clean.find(b"=")
    while pos != -1:
        group_at = pos - pos % 4
        out += binascii.a2b_base64(clean[start:group_at])
        group = clean[group_at:group_at + 4]
        eq = group.count(b"=")
        num = 0
        for c in group:
            num = (num << 6) | _VALUE.get(c, 0)
        if eq < 3:
            out += num.to_bytes(3, "big")[:3 - eq]
        start = group_at + 4
        pos = clean.find(b"=", start)
    out += binascii.a2b_base64(clean[start:])
    return bytes(out)


def _clean(value: str) -> str:
    """A header value's first token, comments and whitespace removed."""
    while "(" in value:
        stripped = _COMMENT.sub(" ", value)
        if stripped == value:
            value = value.split("(", 1)[0]
            break
        value = stripped
    return value.split(";", 1)[0].strip().lower()


def content_type(part: Message) -> str:
    """The part's type as Thunderbird reads it (text/plain when unreadable)."""
    raw = str(part.get("Content-Type", "") or "")
    if not raw.strip():
        default = part.get_default_type()
        return default
    ctype = "".join(_clean(raw).split())
    if ctype.count("/") != 1 or not all(ctype.split("/")):
        return "text/plain"
    return ctype


def transfer_encoding(part: Message) -> str:
    return _clean(str(part.get("Content-Transfer-Encoding", "") or "7bit"))


def charset(part: Message) -> str | None:
    value = part.get_param("charset")
    if isinstance(value, tuple):  # RFC 2231
        value = value[2]
    if not value:
        return None
    return _clean(str(value)).strip('"').strip() or None


def payload_bytes(part: Message) -> bytes:
    """The decoded body of a leaf part; raises only on what no reader could decode."""
    # The stored payload itself: get_payload() without decode=True re-decodes 8-bit text
    # with the declared charset, losing every byte it cannot map.
    payload = part._payload  # type: ignore[attr-defined]
    if isinstance(payload, list):
        return b""
    if isinstance(payload, bytes):
        raw = payload
    else:
        try:
            raw = str(payload).encode("ascii", "surrogateescape")
        except UnicodeEncodeError:
            raw = str(payload).encode("utf-8", "surrogateescape")
    cte = transfer_encoding(part)
    if cte == "base64":
        return tolerant_b64decode(raw)
    if cte == "quoted-printable":
        return quopri.decodestring(raw)
    if cte in ("x-uuencode", "uuencode", "x-uue", "uue"):
        data = part.get_payload(decode=True)
        return data if isinstance(data, bytes) else raw
    return raw


def is_smime_signed_data(part: Message, ctype: str) -> bool:
    if ctype not in ("application/pkcs7-mime", "application/x-pkcs7-mime"):
        return False
    kind = str(part.get_param("smime-type") or "").strip().lower()
    # Without smime-type Thunderbird still looks inside; enveloped data it cannot open
    # without the key, and neither can Honmono (unwrap returns None for it).
    return kind in ("", "signed-data")


def unwrap_smime(data: bytes) -> bytes | None:
    """The MIME entity inside a CMS SignedData, or None."""
    if not data or len(data) > MAX_SMIME:
        return None
    try:
        from asn1crypto import cms

        info = cms.ContentInfo.load(data)
        if info["content_type"].native != "signed_data":
            return None
        content = info["content"]["encap_content_info"]["content"]
        value = content.native if content is not None else None
    except Exception:  # hostile DER: anything asn1crypto raises means "not readable"
        return None
    return value if isinstance(value, bytes) and value else None


def disposition(part: Message) -> str:
    """The Content-Disposition type ("attachment", "inline", ""), comments removed.
    Thunderbird holds back only a part whose type is exactly "attachment": one declared
    "attachmentx" is displayed (observed in Thunderbird 153)."""
    return _clean(str(part.get("Content-Disposition", "") or ""))


def header_base(part: Message) -> str:
    """The base URL a part's header gives its relative links (Content-Base, else
    Content-Location): Thunderbird writes it into the displayed document as a <base>."""
    for name in ("Content-Base", "Content-Location"):
        value = "".join(str(part.get(name, "") or "").split()).strip("\"'")
        if re.match(r"[A-Za-z][A-Za-z0-9+.\-]{0,30}:", value):
            return value[:2000]
    return ""


def related_root(part: Message) -> Message | None:
    """The root of a multipart: the part named by start= (multipart/related), else the
    first."""
    payload = part.get_payload() if part.is_multipart() else None
    children = [c for c in payload if isinstance(c, Message)] if isinstance(payload, list) else []
    if not children:
        return None
    start = "".join(str(part.get_param("start") or "").split()).strip("<>")
    if start:
        for child in children[:200]:
            if "".join(str(child.get("Content-ID", "")).split()).strip("<>") == start:
                return child
    return children[0]


def encoded_message(part: Message) -> bytes | None:
    """An attached mail (message/rfc822) sent in base64 or quoted-printable, decoded;
    None for any other part. RFC 2046 forbids the encoding, but Thunderbird decodes it and
    displays the mail inline; Python parses the encoded text as the mail itself."""
    cte = transfer_encoding(part)
    if content_type(part) != "message/rfc822" or cte not in ("base64", "quoted-printable"):
        return None
    children = part.get_payload()
    inner = children[0] if isinstance(children, list) and children else None
    if not isinstance(inner, Message):
        return None
    if cte == "base64" and not inner.keys() and not inner.is_multipart():
        # Python read no headers from the base64 lines (no ':' in the alphabet): all body.
        return tolerant_b64decode(str(inner.get_payload()).encode("ascii", "surrogateescape"))
    from email.policy import compat32

    try:
        data = inner.as_bytes(policy=compat32.clone(max_line_length=0))
    except Exception:  # a hostile inner structure: left as Python read it
        return None
    return tolerant_b64decode(data) if cte == "base64" else quopri.decodestring(data)
