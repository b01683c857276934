"""A file's type from its content, whatever its name and declared Content-Type say; and
the data the attachments check reads (brand facts with sources, words in ja and en)."""

from __future__ import annotations

import io
import json
import zipfile
from importlib import resources

import pytest
from attachmail import LOGIN_FORM_HTML, SVG_REDIRECT, invoice_pdf, qr_png
from PIL import Image

from honmono.brands.registry import load
from honmono.mail import filetypes
from honmono.mail.filetypes import sniff
from honmono.report.catalog import LANGS, generic


def image_bytes(fmt: str) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 40), "white").save(buf, format=fmt)
    return buf.getvalue()


def zip_bytes(names: list[str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for n in names:
            z.writestr(n, "x")
    return buf.getvalue()


CONTENT = {
    "pdf": invoice_pdf(),
    "png": qr_png("x"),
    "jpeg": image_bytes("JPEG"),
    "gif": image_bytes("GIF"),
    "html": LOGIN_FORM_HTML.encode(),
    "html-bom-comment": b"\xef\xbb\xbf\r\n  <!-- saved page -->\n<HTML><BODY>hi</BODY></HTML>",
    "html-utf16": "<html><body><form></form></body></html>".encode("utf-16"),
    "xhtml": (b'<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
              b"<body/></html>"),
    "svg": SVG_REDIRECT.encode(),
    "exe": b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200,
    "zip": zip_bytes(["a.txt"]),
    "text": "ご注文の明細です。\n".encode() * 5,
}
EXPECTED = {"pdf": "pdf", "png": "image", "jpeg": "image", "gif": "image", "html": "html",
            "html-bom-comment": "html", "html-utf16": "html", "xhtml": "html", "svg": "svg",
            "exe": "executable", "zip": "archive", "text": "text"}


@pytest.mark.parametrize("content", sorted(CONTENT))
@pytest.mark.parametrize(("declared", "name"), [
    ("application/octet-stream", ""), ("application/pdf", "invoice.pdf"),
    ("image/png", "photo.png"), ("text/plain", "readme.txt"), ("application/zip", "x.zip"),
])
def test_type_comes_from_content_whatever_is_declared(content: str, declared: str,
                                                      name: str) -> None:
    kind, disguised = sniff(CONTENT[content], name, declared)
    assert kind == EXPECTED[content]
    claimed = {"invoice.pdf": "pdf", "photo.png": "image", "readme.txt": "text",
               "x.zip": "archive"}.get(name, "")
    if claimed and claimed != kind and not (claimed == "text" and kind in ("html", "svg")):
        assert disguised == claimed
    else:
        assert disguised == ""


@pytest.mark.parametrize(("name", "kind"), [
    ("update.js", "script"), ("run.vbs", "script"), ("pay.hta", "html"), ("login.html", "html"),
    ("invoice.svg", "svg"), ("setup.exe", "executable"),
])
def test_a_file_that_opens_by_its_name_is_that_kind(name: str, kind: str) -> None:
    # Plain text or even image bytes under such a name still open as that kind.
    assert sniff(b"var a = 1;\n", name, "application/octet-stream")[0] == kind
    assert sniff(CONTENT["gif"], name, "image/gif")[0] == kind


def test_office_files_are_documents_not_archives() -> None:
    docx = zip_bytes(["[Content_Types].xml", "word/document.xml"])
    assert sniff(docx, "order.docx", "application/octet-stream")[0] == "document"


def test_pdf_header_after_junk_is_still_a_pdf() -> None:
    assert sniff(b"\r\n\x00junk" + invoice_pdf(), "", "application/octet-stream")[0] == "pdf"


# ------------------------------------------------------------------ data and words


def test_brand_facts_name_their_sources() -> None:
    brand = load()
    data = json.loads(resources.files("honmono.brands").joinpath(
        "amazon", "facts", "attachments.json").read_text("utf-8"))
    for key, entry in data.items():
        if key in ("brand", "sources"):
            continue
        assert key.startswith("attachment_"), key
        assert entry["source"] in brand.sources, key
    known = {filetypes.HTML, filetypes.SVG, filetypes.SCRIPT, filetypes.EXECUTABLE,
             filetypes.PDF, filetypes.IMAGE, filetypes.DOCUMENT, filetypes.ARCHIVE}
    assert set(brand.attachments.attachment_kinds_never_sent) <= known
    # The ordinary kinds Amazon does send (invoices) are not in the list.
    assert "pdf" not in brand.attachments.attachment_kinds_never_sent


def test_the_catalogue_names_every_kind_of_file() -> None:
    # tests/report/test_catalogue.py checks both languages say the same; here, that the
    # check never names a kind the catalogue lacks.
    for kind in (filetypes.HTML, filetypes.SVG, filetypes.SCRIPT, filetypes.EXECUTABLE,
                 filetypes.PDF, filetypes.IMAGE, filetypes.DOCUMENT,
                 filetypes.ARCHIVE, filetypes.TEXT, filetypes.OTHER):
        for lang in LANGS:
            assert f"attachments.kind.{kind}" in generic(lang)


@pytest.mark.parametrize("text", [
    "スマートフォンでＱＲコードを読み取ってください", "Please scan the QR code below to verify.",
    "お手数ですがQRコードをスキャンしてログインしてください",
])
def test_qr_prompts_are_found_in_either_language_and_width(text: str) -> None:
    from honmono.checks.attachments import _prompts
    from honmono.text.normalize import fold

    qr_re, _ = _prompts(load())
    assert qr_re is not None and qr_re.search(fold(text))


@pytest.mark.parametrize("text", [
    "QRコード決済にも対応しています", "Amazon Pay ならQRコードでお支払いいただけます",
    "the attachment was removed by your administrator",
])
def test_mentions_are_not_prompts(text: str) -> None:
    from honmono.checks.attachments import _prompts
    from honmono.text.normalize import fold

    qr_re, open_re = _prompts(load())
    assert not (qr_re and qr_re.search(fold(text)))
    assert not (open_re and open_re.search(fold(text)))
