"""Hostile files: decompression bombs, damaged PDFs and images, huge and many files.
Each gives evidence or nothing, never an exception, within the limits."""

from __future__ import annotations

import time

import pytest
from attachmail import (
    LOGIN_FORM_HTML,
    SVG_REDIRECT,
    File,
    bomb_png,
    check,
    invoice_pdf,
    mail,
    pdf_with_link,
    qr_png,
)

from honmono.core.model import Signal
from honmono.mail import attachments
from honmono.mail.parse import parse


def scan(raw: bytes) -> attachments.Scan:
    return attachments.scan(parse(raw))


@pytest.mark.parametrize("side", [5_000, 30_000])
def test_decompression_bomb_png_is_refused_from_its_header(side: int) -> None:
    # 25 megapixels: over Honmono's limit, under Pillow's; 900: over both.
    raw = mail([File(bomb_png(side), "image/png", "scan.png")])
    started = time.perf_counter()
    result = scan(raw)
    assert time.perf_counter() - started < 1.0
    att = result.files[0]
    assert att.kind == "image" and att.limited == "pixels" and att.qr == []
    report = check(raw)
    limited = next(e for e in report.evidence if e.id == "attachments.limited")
    assert limited.signal is Signal.NONE  # an image's pixels hide no link


def test_truncated_pdf_is_noted_not_raised() -> None:
    pdf = pdf_with_link("https://evil.example/")
    for cut in (len(pdf) // 2, 20, 9):
        raw = mail([File(pdf[:cut], "application/pdf", "statement.pdf")])
        report = check(raw)
        att = report.details["attachments"][0]
        assert att["type"] == "pdf"
        assert att.get("unreadable") or att.get("links") in (None, 1)


@pytest.mark.parametrize("data", [
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,  # a PNG header and nothing
    b"\xff\xd8\xff\xe0" + b"garbage" * 20,  # a JPEG start
    b"GIF89a" + b"\xff" * 30,
    b"%PDF-1.7\n" + b"1 0 obj << /Type /Catalog /Pages 2 0 R >>" * 50,
    b"%PDF-1.4\n1 0 obj\n<< /Length 99999999 >>\nstream\n" + b"\x00" * 100,
    b"<svg" + b"<a" * 5000,
    b"<?xml version='1.0'?><!DOCTYPE svg [<!ENTITY a '" + b"x" * 1000 + b"'>]><svg>&a;</svg>",
    b"",
    b"\x00" * 10_000,
])
def test_damaged_files_never_raise(data: bytes) -> None:
    for ctype, name in (("image/png", "a.png"), ("application/pdf", "a.pdf"),
                        ("application/octet-stream", "a.bin"), ("image/svg+xml", "a.svg")):
        result = scan(mail([File(data, ctype, name)]))
        assert len(result.files) == 1
        check(mail([File(data, ctype, name)]))


def test_many_attachments_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_FILES", 5)
    monkeypatch.setattr(attachments, "MAX_IMAGES", 2)
    files = [File(qr_png(f"https://many-{i}.example/"), "image/png", f"q{i}.png")
             for i in range(8)]
    result = scan(mail(files))
    assert result.files_total == 8 and len(result.files) == 5
    decoded = [a for a in result.files if a.qr]
    assert len(decoded) == 2
    assert [a.limited for a in result.files[2:]] == ["images"] * 3
    report = check(mail(files))
    limited = next(e for e in report.evidence if e.id == "attachments.limited")
    assert limited.signal is Signal.DOUBT  # files never looked at could hide anything


def test_time_budget_stops_work_between_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "TIME_BUDGET", 0.0)
    result = scan(mail([File(invoice_pdf(), "application/pdf", "a.pdf"),
                        File(LOGIN_FORM_HTML.encode(), "text/html", "b.html")]))
    # Types are still decided (cheap, from the first bytes); the reading is not done.
    assert [a.kind for a in result.files] == ["pdf", "html"]
    assert all(a.limited == "time" and not a.links for a in result.files)


def test_size_cap_reads_only_the_beginning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_ATTACHMENT_BYTES", 2_000)
    page = LOGIN_FORM_HTML + "<p>x</p>" * 5_000 + '<a href="https://late.example/">x</a>'
    result = scan(mail([File(page.encode(), "text/html", "big.html")]))
    att = result.files[0]
    assert att.limited == "size"
    hrefs = {fl.link.href for fl in att.links}
    assert "https://amaz-verify.example/login.php" in hrefs
    assert "https://late.example/" not in hrefs


def test_pdf_page_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_PDF_PAGES", 2)
    pdf = pdf_with_link("https://page-five.example/", pages=5, link_page=4)
    att = scan(mail([File(pdf, "application/pdf", "long.pdf")])).files[0]
    assert att.limited == "pages" and not att.links
    monkeypatch.setattr(attachments, "MAX_PDF_PAGES", 30)
    att = scan(mail([File(pdf, "application/pdf", "long.pdf")])).files[0]
    assert [fl.link.href for fl in att.links] == ["https://page-five.example/"]


def test_mails_without_attachments_are_not_parsed_again() -> None:
    from honmono.mail.parse import parse as parse_mail

    plain = parse_mail(mail([], text="こんにちは"))
    assert not attachments.worth_scanning(plain)
    alt = parse_mail(mail([], text="a", html="<p>b</p>"))
    assert not attachments.worth_scanning(alt)
    with_svg = parse_mail(mail([File(SVG_REDIRECT.encode(), "image/svg+xml", "x.svg")]))
    assert attachments.worth_scanning(with_svg)
    # A text part sent as an attachment is a file too.
    with_txt = parse_mail(mail([File(b"hello", "text/plain", "a.txt")]))
    assert attachments.worth_scanning(with_txt)


def test_folded_content_type_is_not_taken_for_a_body() -> None:
    raw = mail([File(LOGIN_FORM_HTML.encode(), "application/octet-stream", "a.pdf")])
    folded = raw.replace(b"Content-Type: application/octet-stream",
                         b"Content-Type:\n application/octet-stream")
    assert folded != raw
    from honmono.mail.parse import parse as parse_mail

    assert attachments.worth_scanning(parse_mail(folded))
    assert scan(folded).files[0].kind == "html"


def test_pdf_action_chains_that_fan_out_are_bounded() -> None:
    from pypdf import PdfWriter
    from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    leaf = writer._add_object(DictionaryObject({
        NameObject("/S"): NameObject("/URI"), NameObject("/URI"): TextStringObject(
            "https://fan-out.example/")}))
    level = leaf
    for _ in range(6):  # 30 ** 6 paths if every /Next were followed
        level = writer._add_object(DictionaryObject({
            NameObject("/S"): NameObject("/URI"),
            NameObject("/URI"): TextStringObject("https://fan-out.example/"),
            NameObject("/Next"): ArrayObject([level] * 30)}))
    writer._root_object[NameObject("/OpenAction")] = level
    import io

    buf = io.BytesIO()
    writer.write(buf)
    started = time.perf_counter()
    att = scan(mail([File(buf.getvalue(), "application/pdf", "fan.pdf")])).files[0]
    assert time.perf_counter() - started < 2.0
    assert att.actions == attachments.MAX_PDF_ACTIONS
    assert [fl.link.href for fl in att.links] == ["https://fan-out.example/"]
