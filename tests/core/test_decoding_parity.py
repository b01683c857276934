"""Read the mail the way Thunderbird reads it (issue 14 §1): each shape below displays a
whole Amazon phishing page in Thunderbird; Python's email package alone saw nothing."""

from __future__ import annotations

import base64

import pytest
from asn1crypto import algos, cms

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail.mimeparts import tolerant_b64decode
from honmono.mail.parse import parse

PAGE = ("<html><body><p>Amazon.co.jp アカウントが停止されました。</p>"
        "<p>Amazonアカウントを確認してください: "
        "<a href=\"https://amazon-account-verify.example/ap/signin\">今すぐ確認</a></p>"
        "</body></html>")
HEAD = ("From: Amazon.co.jp <account-update@amazon-account-verify.example>\r\n"
        "To: taro@example.jp\r\nSubject: account\r\nMIME-Version: 1.0\r\n")


def mail(headers: str, body: bytes) -> bytes:
    return (HEAD + headers + "\r\n").encode() + body


def sees_the_page(raw: bytes) -> None:
    pm = parse(raw)
    assert "アカウントが停止" in pm.text, pm.defects
    assert [link.host for link in pm.links] == ["amazon-account-verify.example"]
    assert analyse(raw, Settings(offline=True)).verdict is Verdict.PHISHING


def b64(text: str, enc: str = "utf-8") -> bytes:
    return base64.b64encode(text.encode(enc))


def test_base64_of_two_separately_padded_chunks() -> None:
    data = PAGE.encode()
    cut = 100 if 100 % 3 else 101  # the first chunk ends in padding
    first = base64.b64encode(data[:cut])
    assert first.endswith(b"=")
    body = first + b"\r\n" + base64.b64encode(data[cut:]) + b"\r\n"
    sees_the_page(mail("Content-Type: text/html; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: base64\r\n", body))


def test_base64_with_one_stray_character() -> None:
    data = PAGE.encode()
    encoded = base64.b64encode(data + b" " * (-len(data) % 3))
    assert not encoded.endswith(b"=")
    # A stray letter at the end: Python gives up ("incorrect padding") and hands back the
    # undecoded text; Thunderbird drops the incomplete last group.
    body = encoded[:40] + b"!" + encoded[40:] + b"Q" + b"\r\n"
    sees_the_page(mail("Content-Type: text/html; charset=utf-8\r\n"
                       "Content-Transfer-Encoding: base64\r\n", body))


@pytest.mark.parametrize(("ctype", "cte"), [
    ("text/html; charset=utf-8", "base64 (comment)"),
    ("text/html; charset=utf-8", "base64 "),
    ("text/html (comment); charset=utf-8", "base64"),
    ("text/html (a (nested) comment) ; charset=\"utf-8\" (c)", "BASE64"),
])
def test_header_values_with_comments_and_whitespace(ctype: str, cte: str) -> None:
    sees_the_page(mail(f"Content-Type: {ctype}\r\nContent-Transfer-Encoding: {cte}\r\n",
                       b64(PAGE) + b"\r\n"))


@pytest.mark.parametrize("label", ["unicodefeff", "csunicode", "ucs-2", "iso-10646-ucs-2"])
def test_whatwg_charset_labels_in_the_body(label: str) -> None:
    sees_the_page(mail(f"Content-Type: text/html; charset={label}\r\n"
                       "Content-Transfer-Encoding: base64\r\n", b64(PAGE, "utf-16-le")))


def test_whatwg_charset_label_in_an_encoded_word_display_name() -> None:
    name = base64.b64encode("Amazon.co.jp".encode("utf-16-le")).decode()
    raw = (f"From: =?unicodefeff?B?{name}?= <notice@prize.example>\r\nTo: t@example.jp\r\n"
           "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n").encode()
    assert parse(raw).from_[0].display == "Amazon.co.jp"


def test_html_after_a_one_megabyte_comment() -> None:
    page = "<html><body><!--" + "x" * 1_100_000 + "-->" + PAGE[12:]
    sees_the_page(mail("Content-Type: text/html; charset=utf-8\r\n", page.encode()))


def test_css_generated_content_and_input_values_are_read() -> None:
    page = ("<html><head><style>.t::before{content:\"Amazon.co.jp アカウントが停止されました\"}"
            "</style></head><body><p class=t></p><input value=\"Amazonアカウントを確認\">"
            "<a href=\"https://amazon-account-verify.example/ap/signin\">確認</a></body></html>")
    pm = parse(mail("Content-Type: text/html; charset=utf-8\r\n", page.encode()))
    assert "アカウントが停止" in pm.text and "Amazonアカウントを確認" in pm.text


def _signed_data(content: bytes) -> bytes:
    """CMS SignedData carrying ``content`` (no signer: the content is what matters)."""
    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": "data",
                               "content": content},
        "signer_infos": [],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()


def test_opaque_smime_signed_data_is_unwrapped_and_judged() -> None:
    inner = (b"Content-Type: text/html; charset=utf-8\r\n\r\n" + PAGE.encode())
    body = base64.encodebytes(_signed_data(inner))
    raw = mail("Content-Type: application/pkcs7-mime; smime-type=signed-data; "
               "name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n", body)
    sees_the_page(raw)
    assert any("S/MIME" in d for d in parse(raw).defects)


def test_smime_that_is_not_cms_is_left_alone() -> None:
    raw = mail("Content-Type: application/pkcs7-mime; smime-type=signed-data\r\n"
               "Content-Transfer-Encoding: base64\r\n", base64.encodebytes(b"\x30\x80junk"))
    assert parse(raw).text == ""


@pytest.mark.parametrize(("data", "expected"), [
    (b"QUJD", b"ABC"), (b"QUI=Q0Q=", b"ABCD"), (b"QU JD\r\n!", b"ABC"),
    (b"QUJDRA", b"ABC"), (b"Q===", b""), (b"", b""),
])
def test_tolerant_base64_reads_groups_of_four_as_thunderbird(data: bytes, expected: bytes) -> None:
    assert tolerant_b64decode(data) == expected
