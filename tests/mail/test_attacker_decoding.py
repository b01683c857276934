"""Issue 14 §1, an attacker's second round: phishing pages in shapes nobody here wrote
before, each displayed by Thunderbird 153 with the whole page (checked in the real client,
tests/e2e/test_parity.py for the flowed shape). Honmono must read what is displayed.

The sender and subject are neutral: only the displayed body speaks as Amazon, so a part
Honmono failed to read would come out not_amazon."""

from __future__ import annotations

import base64
import time

import pytest

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail.flowed import unflow
from honmono.mail.parse import parse

PHRASE = "お客様のアカウントは一時停止されました"
PH = (f"Amazon.co.jp をご利用いただきありがとうございます。{PHRASE}。"
      "24時間以内に下記よりお支払い方法を更新してください。")
EVIL = "https://amazon-account-verify.example/ap/signin"
HTML = f"<html><body><p>{PH}</p><p><a href=\"{EVIL}\">お支払い方法を更新</a></p></body></html>"
HEAD = ("From: Account Center <info@secure-center.example>\r\nTo: taro@example.jp\r\n"
        "Subject: =?UTF-8?B?6YeN6KaB44Gq44GK55+l44KJ44Gb?=\r\nMessage-ID: <a@x.example>\r\n"
        "MIME-Version: 1.0\r\n")


def mail(headers: str, body: bytes) -> bytes:
    return (HEAD + headers + "\r\n").encode() + body


def html_b64(label: str, codec: str) -> bytes:
    return mail(f"Content-Type: text/html; charset={label}\r\n"
                "Content-Transfer-Encoding: base64\r\n", base64.encodebytes(HTML.encode(codec)))


_SUBJ = "Amazon.co.jpアカウント停止のお知らせ".encode()
_INNER = ("From: x@y.example\r\nSubject: fwd\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
          + HTML).encode()
_LOWER_QP = b"".join(b"=%02x" % c if c > 126 or c == 61 else bytes([c]) for c in HTML.encode())

SHAPES = {
    "qp_lowercase_hex": mail("Content-Type: text/html; charset=utf-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n", _LOWER_QP),
    # One encoded word per half of a UTF-8 character: joined before decoding.
    "subject_split_mid_character": mail(
        "Content-Type: text/html; charset=utf-8\r\n", HTML.encode()).replace(
        b"Subject: =?UTF-8?B?6YeN6KaB44Gq44GK55+l44KJ44Gb?=",
        b"Subject: =?UTF-8?B?" + base64.b64encode(_SUBJ[:14]) + b"?=\r\n =?UTF-8?B?"
        + base64.b64encode(_SUBJ[14:]) + b"?="),
    # WHATWG labels of the Japanese encodings and of UTF-16/UTF-8.
    "csISO2022JP": html_b64("csISO2022JP", "iso2022_jp"),
    "ms932": html_b64("ms932", "cp932"),
    "csShiftJIS": html_b64("csShiftJIS", "cp932"),
    "cseucpkdfmtjapanese": html_b64("cseucpkdfmtjapanese", "euc_jp"),
    "x-euc-jp": html_b64("x-euc-jp", "euc_jp"),
    "unicodefffe": html_b64("unicodefffe", "utf-16-be"),
    "x-unicode20utf8": html_b64("x-unicode20utf8", "utf-8"),
    "ucs-2": html_b64("ucs-2", "utf-16-le"),
    # RFC 2231: a charset in two continuations, and one in the extended form.
    "charset_continuation": mail("Content-Type: text/html;\r\n charset*0=\"unicode\";\r\n"
                                 " charset*1=\"feff\"\r\nContent-Transfer-Encoding: base64\r\n",
                                 base64.encodebytes(HTML.encode("utf-16-le"))),
    "charset_extended": mail("Content-Type: text/html; charset*=''ucs-2\r\n"
                             "Content-Transfer-Encoding: base64\r\n",
                             base64.encodebytes(HTML.encode("utf-16-le"))),
    "boundary_continuation": mail(
        "Content-Type: multipart/mixed; boundary*0=\"ab\"; boundary*1=\"cd\"\r\n",
        b"--abcd\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + HTML.encode()
        + b"\r\n--abcd--\r\n"),
    "multipart_never_closed": mail(
        "Content-Type: multipart/alternative; boundary=\"zz\"\r\n",
        b"--zz\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n--zz\r\n"
        b"Content-Type: text/html; charset=utf-8\r\n\r\n" + HTML.encode() + b"\r\n"),
    # Thunderbird shows an attached message inline below the body.
    "attached_message_inline": mail(
        "Content-Type: multipart/mixed; boundary=\"m\"\r\n",
        "--m\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nご確認ください\r\n--m\r\n"
        "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"a.eml\"\r\n"
        "\r\n".encode() + _INNER + b"\r\n--m--\r\n"),
    "related_with_cid_image": mail(
        "Content-Type: multipart/related; type=\"text/html\"; boundary=\"r\"\r\n",
        b"--r\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + HTML.replace("</body>", "<img src=\"cid:logo\" alt=\"Amazon\"></body>").encode()
        + b"\r\n--r\r\nContent-Type: image/png\r\nContent-ID: <logo>\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--r--\r\n"),
    # format=flowed; delsp=yes: "Ama␠/zon" and "停␠/止" are joined on screen.
    "flowed_delsp": mail("Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n",
                         ("Ama \r\nzon.co.jp をご利用いただきありがとうございます。"
                          "お客様のアカウントは一時停 \r\n止されました。\r\n"
                          "更新: https://www.amazon.co.jp.account-verify \r\n"
                          ".example/ap/signin\r\n").encode()),
}


@pytest.mark.parametrize("key", SHAPES)
def test_displayed_phishing_page_is_read_and_judged(key: str) -> None:
    raw = SHAPES[key]
    assert PHRASE in parse(raw).text
    report = analyse(raw, Settings(offline=True))
    assert report.verdict in (Verdict.PHISHING, Verdict.SUSPICIOUS), report.verdict


def test_flowed_links_are_made_line_by_line_as_thunderbird_makes_them() -> None:
    """Thunderbird 153 shows the joined URL but links each line before joining: its link
    goes to www.amazon.co.jp.account-verify, as Honmono's does."""
    links = parse(SHAPES["flowed_delsp"]).links
    assert [link.host for link in links] == ["www.amazon.co.jp.account-verify"]


def test_flowed_without_delsp_keeps_the_space() -> None:
    assert unflow("Ama \r\nzon\r\n", delsp=False) == "Ama zon\n"
    assert unflow("Ama \r\nzon\r\n", delsp=True) == "Amazon\n"


def test_flowed_quote_depth_space_stuffing_and_signature() -> None:
    text = "> quoted \r\n> more\r\n  stuffed\r\n-- \r\nsig\r\nnew \r\n>> other"
    assert unflow(text, delsp=False).split("\n") == [
        "> quoted more", " stuffed", "-- ", "sig", "new ", ">> other"]


def test_flowed_that_is_not_declared_is_left_alone() -> None:
    raw = mail("Content-Type: text/plain; charset=utf-8; delsp=yes\r\n", b"Ama \r\nzon\r\n")
    assert "Amazon" not in parse(raw).text


def test_unflow_is_linear_on_hostile_input() -> None:
    hostile = ("x \r\n" * 200_000) + (">" * 100_000 + " \r\n") * 5
    start = time.perf_counter()
    out = unflow(hostile, delsp=True)
    assert time.perf_counter() - start < 2.0
    assert out.startswith("x" * 1000)
