"""Attachments through the whole engine: what a mail that claims Amazon attaches decides
its verdict, and the links found in files and QR codes appear in the panel's link list
with where they were found."""

from __future__ import annotations

from attachmail import (
    LOGIN_FORM_HTML,
    SVG_REDIRECT,
    File,
    check,
    check_signed,
    invoice_pdf,
    mail,
    pdf_with_link,
    qr_png,
)

from honmono.core.model import Category, Msg, Signal, Status, Verdict


def ids(report) -> list[str]:
    return [e.id for e in report.evidence if e.category is Category.ATTACHMENTS]


def found(report, where: str) -> dict[str, dict]:
    return {r["href"]: r for r in report.details.get("links", []) if r.get("found_in") == where}


def explain(report) -> list[tuple[str, str]]:
    return [(e.id, e.signal.name) for e in report.evidence]


# ------------------------------------------------------------------ the two mails


def test_html_login_form_declared_binary_with_pdf_name_is_phishing_even_if_signed() -> None:
    raw = mail([File(LOGIN_FORM_HTML.encode(), "application/octet-stream", "請求書.pdf")],
               text="添付ファイルを開いて、お支払い情報を確認してください。")
    report = check(raw)
    assert report.verdict is Verdict.PHISHING
    never = next(e for e in report.evidence if e.id == "attachments.never_sent.html")
    # A form in a file Amazon never sends is a phishing page, whoever delivered it.
    html = Msg("attachments.kind.html")
    assert never.signal is Signal.DECISIVE
    assert never.title == Msg("attachments.never_sent.title", {"kind": html, "name": "請求書.pdf"})
    # Said in order: never sent, it holds a form, and the disguise (HTML content under a
    # PDF name, declared as bytes).
    never_sent = Msg("common.sentences", {"first": Msg("attachments.never_sent.detail"),
                                          "next": Msg("attachments.never_sent.detail_leads")})
    disguise = Msg("attachments.disguised.detail",
                   {"kind": html, "declared": "application/octet-stream / 請求書.pdf"})
    assert never.detail == Msg("common.sentences", {"first": never_sent, "next": disguise})
    assert report.details["attachments"][0]["type"] == "html"
    assert report.details["attachments"][0]["disguised_as"] == "pdf"
    form = found(report, "attachment")["https://amaz-verify.example/login.php"]
    assert form["origin"] == "form" and form["source"] == "請求書.pdf"
    assert form["status"] == Status.FAIL.value
    # Amazon's own signature over such a mail does not make it genuine: Amazon sends no
    # HTML documents, so a login form in one is someone else's page carried by Amazon.
    signed = check_signed(raw)
    assert signed.verdict is Verdict.PHISHING, explain(signed)
    assert any(e.signal is Signal.PROOF for e in signed.evidence)


def test_svg_with_redirect_script_is_phishing() -> None:
    raw = mail([File(SVG_REDIRECT.encode(), "image/svg+xml", "invoice.svg")])
    report = check(raw)
    assert report.verdict is Verdict.PHISHING
    assert "attachments.never_sent.svg" in ids(report)
    rec = found(report, "attachment")["https://invoice-view.example/amazon/?id=1"]
    assert rec["source"] == "invoice.svg" and rec["status"] == Status.FAIL.value
    # The SVG's namespace is not a link anyone follows.
    assert not any("w3.org" in href for href in found(report, "attachment"))


def test_html_file_without_form_or_links_is_a_red_flag_not_proof_breaking() -> None:
    page = b"<html><body><h1>Order summary</h1><p>Thank you.</p></body></html>"
    raw = mail([File(page, "application/octet-stream", "summary.htm")])
    unsigned = check(raw)
    never = next(e for e in unsigned.evidence if e.id == "attachments.never_sent.html")
    assert never.signal is Signal.RED_FLAG and unsigned.verdict is Verdict.PHISHING
    # Under Amazon's signature it is shown as a warning; nothing in it asks or leads away.
    signed = check_signed(raw)
    never = next(e for e in signed.evidence if e.id == "attachments.never_sent.html")
    assert never.status is Status.WARN and never.signal is Signal.NONE
    assert signed.verdict is Verdict.GENUINE, explain(signed)


def test_svg_declared_as_png_is_still_svg() -> None:
    raw = mail([File(SVG_REDIRECT.encode(), "image/png", "photo.png")])
    report = check(raw)
    assert report.details["attachments"][0]["type"] == "svg"
    assert report.verdict is Verdict.PHISHING
    assert "attachments.never_sent.svg" in ids(report)


def test_obfuscated_redirect_in_html_attachment_is_found() -> None:
    import base64

    inner = base64.b64encode(b'window.location="https://hidden-target.example/x"').decode()
    page = f"<html><body><script>eval(atob('{inner}'))</script></body></html>"
    report = check(mail([File(page.encode(), "text/plain", "notice.txt")]))
    assert "https://hidden-target.example/x" in found(report, "attachment")
    assert report.details["attachments"][0]["type"] == "html"


# ------------------------------------------------------------------ PDFs and QR codes


def test_pdf_link_annotation_is_judged_like_a_body_link() -> None:
    pdf = pdf_with_link("https://amazon-refund.example/claim", pages=3, link_page=2)
    report = check(mail([File(pdf, "application/pdf", "refund.pdf")]))
    rec = found(report, "attachment")["https://amazon-refund.example/claim"]
    assert rec["source"] == "refund.pdf"
    links = [e for e in report.evidence if e.category is Category.LINKS]
    assert any(e.signal in (Signal.RED_FLAG, Signal.DECISIVE) for e in links)
    assert report.verdict is Verdict.PHISHING


def test_qr_code_image_attachment_is_decoded_and_flagged() -> None:
    raw = mail([File(qr_png("https://amzn-security.example/verify"), "image/png", "qr.png")],
               text="セキュリティのため、QRコードを読み取ってログインしてください。")
    report = check(raw)
    assert report.verdict is Verdict.PHISHING
    assert {"attachments.qr", "attachments.prompt_qr"} <= set(ids(report))
    rec = found(report, "qr")["https://amzn-security.example/verify"]
    assert rec["source"] == "qr.png"
    assert report.details["attachments"][0]["qr"] == ["https://amzn-security.example/verify"]


def test_inline_qr_image_in_html_body_is_decoded() -> None:
    html = ('<html><body><p>Amazon.co.jp をご利用いただきありがとうございます。</p>'
            '<img src="cid:qr1@x" alt=""></body></html>')
    raw = mail([File(qr_png("https://qr-inline.example/a"), "image/png", "image1.png",
                     cid="qr1@x")], html=html)
    report = check(raw)
    rec = found(report, "qr")["https://qr-inline.example/a"]
    assert rec["source"] == "image1.png"
    assert report.details["attachments"][0]["inline"] is True
    assert "attachments.qr" in ids(report)
    assert report.verdict is Verdict.PHISHING


def test_qr_code_inside_a_lying_content_type_is_still_read() -> None:
    raw = mail([File(qr_png("https://lying-type.example/"), "application/pdf", "doc.pdf")])
    report = check(raw)
    att = report.details["attachments"][0]
    assert att["type"] == "image" and att["disguised_as"] == "pdf"
    assert "https://lying-type.example/" in found(report, "qr")


def test_qr_code_with_plain_text_is_information_only() -> None:
    report = check_signed(mail([File(qr_png("RETURN-CODE 1234-5678"), "image/png",
                                     "return.png")]))
    qr = next(e for e in report.evidence if e.id == "attachments.qr_text")
    assert qr.signal is Signal.NONE
    assert report.verdict is Verdict.GENUINE, explain(report)


# ------------------------------------------------------------------ what stays genuine


def test_signed_amazon_mail_with_ordinary_pdf_invoice_stays_genuine() -> None:
    raw = mail([File(invoice_pdf(), "application/pdf", "invoice-250-1234567.pdf")],
               text="田中太郎様\n\nご注文の請求書を添付しています。添付ファイルをご確認ください。")
    report = check_signed(raw)
    assert report.verdict is Verdict.GENUINE, explain(report)
    assert report.details["attachments"][0]["type"] == "pdf"
    rec = found(report, "attachment")["https://www.amazon.co.jp/gp/your-account/order-history"]
    assert rec["kind"] == "official"
    attach = [e for e in report.evidence if e.category is Category.ATTACHMENTS]
    assert all(e.signal is Signal.NONE for e in attach), explain(report)


def test_unsigned_copy_of_that_invoice_mail_is_not_phishing_for_its_attachment() -> None:
    raw = mail([File(invoice_pdf(), "application/pdf", "invoice-250-1234567.pdf")],
               text="田中太郎様\n\nご注文の請求書を添付しています。添付ファイルをご確認ください。")
    report = check(raw)
    attach = [e for e in report.evidence if e.category is Category.ATTACHMENTS]
    assert all(e.signal is Signal.NONE for e in attach), explain(report)


def test_prompt_to_open_an_attachment_that_is_not_there_is_a_red_flag() -> None:
    raw = mail([], text="Amazonアカウントが停止されました。添付ファイルを開いて手続きを。")
    report = check(raw)
    prompt = next(e for e in report.evidence if e.id == "attachments.prompt_open")
    assert prompt.signal is Signal.RED_FLAG
    # Without any attachment nothing is parsed twice.
    assert "attachments" not in report.details


def test_mail_without_claim_gets_no_attachment_evidence() -> None:
    raw = mail([File(SVG_REDIRECT.encode(), "image/svg+xml", "invoice.svg")],
               from_="Shop <news@shop.example>", subject="新商品のお知らせ",
               text="新商品のご案内です。")
    report = check(raw)
    assert report.verdict is Verdict.NOT_AMAZON
    assert not ids(report)
