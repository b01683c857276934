"""A link goes where Thunderbird sends it (issue 14 §2): plain-text URLs found with its
linkifier's rules (mozTXTToHTMLConv), every href resolved with WHATWG semantics."""

from __future__ import annotations

import pytest

from honmono.core.model import Msg, Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail.linkify import find_urls
from honmono.mail.parse import parse

HEAD = ("From: \"Amazon.co.jp\" <account-update@amazon.co.jp>\r\nTo: taro@example.jp\r\n"
        "Subject: =?UTF-8?B?44Ki44Kr44Km44Oz44OI44Gu56K66KqN?=\r\nMIME-Version: 1.0\r\n")


def plain(body: str) -> bytes:
    return (HEAD + "Content-Type: text/plain; charset=UTF-8\r\n\r\n" + body).encode()


def html(body: str) -> bytes:
    return (HEAD + "Content-Type: text/html; charset=UTF-8\r\n\r\n" + body).encode()


@pytest.mark.parametrize("glue", ["、", "(", "'", "|", "^", "「", "（"])
def test_plain_url_running_on_through_punctuation_goes_to_the_host_after_the_at(
        glue: str) -> None:
    raw = plain(f"ご確認ください: https://www.amazon.co.jp{glue}@phish.example/signin\r\n")
    hosts = [link.host for link in parse(raw).links]
    assert hosts == ["phish.example"]
    assert analyse(raw, Settings(offline=True)).verdict is Verdict.PHISHING


def test_url_in_angle_brackets_or_quotes_is_read_whole() -> None:
    assert [u for *_, u in find_urls("<https://www.amazon.co.jp/gp/ css>")] == [
        "https://www.amazon.co.jp/gp/css"]
    assert [u for *_, u in find_urls('"https://www.amazon.co.jp/x"')] == [
        "https://www.amazon.co.jp/x"]


def test_www_glued_to_japanese_text_is_no_link_but_a_scheme_is() -> None:
    assert find_urls("「www.phish.example」") == []
    assert [u for *_, u in find_urls("「https://phish.example」")] == ["https://phish.example」"]


@pytest.mark.parametrize(("text", "url"), [
    ("see https://a.example/x.", "https://a.example/x"),
    ("(https://a.example/x) and", "https://a.example/x"),
    ("https://a.example/wiki/A_(b) end", "https://a.example/wiki/A_(b)"),
    ("http://[2001:db8::1]/x, next", "http://[2001:db8::1]/x"),
    ("https://a.example/x?y=1;-:'", "https://a.example/x?y=1"),
    ("https://a.example/\u3000next", "https://a.example/"),
    ("https://a.example/\u2003next", "https://a.example/\u2003next"),
])
def test_linkifier_ends_where_thunderbird_ends(text: str, url: str) -> None:
    assert [u for *_, u in find_urls(text)] == [url]


def test_genuine_plain_footer_glued_to_japanese_text_is_no_failure() -> None:
    raw = plain("このEメールのリンクは「https://www.amazon.co.jp」で始まります。"
                "https://www.amazon.co.jp/a/c/r/abc\r\n")
    report = analyse(raw, Settings(offline=True))
    assert not any(e.id.startswith("links.") and e.signal >= 2 for e in report.evidence)


def test_backslash_href_under_an_amazon_base_leaves_amazon() -> None:
    raw = html('<html><head><base href="https://www.amazon.co.jp/"></head><body>'
               '<a href="\\\\phish.example/ap/signin">Amazon にサインイン</a></body></html>')
    assert [link.host for link in parse(raw).links] == ["phish.example"]
    assert analyse(raw, Settings(offline=True)).verdict is Verdict.PHISHING


def test_relative_href_under_an_amazon_base_stays_on_amazon() -> None:
    raw = html('<html><head><base href="https://www.amazon.co.jp/"></head><body>'
               '<a href="gp/css/order-history">注文履歴</a></body></html>')
    assert [link.href for link in parse(raw).links] == [
        "https://www.amazon.co.jp/gp/css/order-history"]


def test_linkifier_is_linear_on_hostile_text() -> None:
    text = "https://a" + "(" * 200_000 + " " + "www." * 50_000 + " http:" * 50_000
    assert len(find_urls(text)) >= 1


def alternative(plain_body: str, html_body: str) -> bytes:
    return (HEAD + "Content-Type: multipart/alternative; boundary=ALT\r\n\r\n"
            "--ALT\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n" + plain_body + "\r\n"
            "--ALT\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + html_body + "\r\n"
            "--ALT--\r\n").encode()


def test_html_alternative_is_judged_and_a_diverging_text_version_reported() -> None:
    raw = alternative("確認: https://www.amazon.co.jp/gp/css",
                      '<a href="https://amazon-verify.example/signin">確認</a>')
    pm = parse(raw)
    assert [link.host for link in pm.links] == ["amazon-verify.example"]
    assert [link.host for link in pm.unshown_links] == ["www.amazon.co.jp"]
    report = analyse(raw, Settings(offline=True))
    item = next(e for e in report.evidence if e.id == "links.text_version_differs")
    assert item.detail == Msg("links.text_version_differs.detail", {"hosts": "www.amazon.co.jp"})
    assert report.verdict is Verdict.PHISHING


def test_text_version_hiding_the_bad_link_is_reported_not_clicked() -> None:
    raw = alternative("確認: https://amazon-verify.example/signin",
                      '<a href="https://www.amazon.co.jp/gp/css">注文履歴</a>')
    report = analyse(raw, Settings(offline=True))
    assert [r["host"] for r in report.details["links"]] == ["www.amazon.co.jp"]
    assert any(e.id == "links.text_version_differs" for e in report.evidence)


def test_matching_text_and_html_versions_report_nothing() -> None:
    raw = alternative("https://www.amazon.co.jp/gp/css",
                      '<a href="https://www.amazon.co.jp/gp/css">注文履歴</a>')
    report = analyse(raw, Settings(offline=True))
    assert not any(e.id == "links.text_version_differs" for e in report.evidence)
