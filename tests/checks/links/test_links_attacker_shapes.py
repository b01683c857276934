"""Issue 14 §2, an attacker's second round: where each link goes, as Thunderbird 153
resolved it in the real client (the host written beside each case is the one its displayed
document's anchor opened). Links are read from a page with a neutral sender."""

from __future__ import annotations

import pytest

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail.html import resolve
from honmono.mail.parse import parse
from honmono.net.domains import normalise_host, parse_url, to_ascii

PH = "Amazon.co.jp をご利用いただきありがとうございます。お客様のアカウントは一時停止されました。"
HEAD = ("From: Account Center <info@secure-center.example>\r\nTo: taro@example.jp\r\n"
        "Subject: =?UTF-8?B?6YeN6KaB44Gq44GK55+l44KJ44Gb?=\r\nMIME-Version: 1.0\r\n")
EVIL = "amazon-account-verify.example"


def html(body: str) -> bytes:
    return (HEAD + "Content-Type: text/html; charset=utf-8\r\n\r\n"
            f"<html><body><p>{PH}</p>{body}</body></html>").encode()


def plain(body: str) -> bytes:
    return (HEAD + f"Content-Type: text/plain; charset=utf-8\r\n\r\n{PH}\r\n{body}\r\n").encode()


CASES = [
    ("entity_tab_in_scheme", html(f'<a href="ht&#x09;tps://{EVIL}/x">更新</a>'), EVIL),
    ("entity_newline_in_host",
     html('<a href="https://www.amazon.co.jp&#10;.account-verify.example/x">確認</a>'),
     "www.amazon.co.jp.account-verify.example"),
    # UTS 46 maps U+200B to nothing: Thunderbird opened the joined host.
    ("zero_width_space_in_host",
     html('<a href="https://www.amazon.co.jp&#8203;.account-verify.example/x">確認</a>'),
     "www.amazon.co.jp.account-verify.example"),
    # Same special scheme as <base>, no slashes: relative to the base (WHATWG), so it
    # stays on the phishing host that wrote the base.
    ("same_scheme_without_slashes_under_base",
     html(f'<base href="https://{EVIL}/"><a href="https:www.amazon.co.jp/gp/css">'
          "Amazon</a>"), EVIL),
    ("protocol_relative_under_amazon_base",
     html(f'<base href="https://www.amazon.co.jp/"><a href="//{EVIL}/x">確認</a>'), EVIL),
    ("backslash_before_at_without_base",
     html(f'<a href="https://www.amazon.co.jp\\@{EVIL}/">確認</a>'), "www.amazon.co.jp"),
    ("control_characters_before_scheme", html(f'<a href="&#1;&#31; https://{EVIL}/x">確認</a>'),
     EVIL),
    ("area_href", html('<map name="m"><area shape="rect" coords="0,0,9,9" '
                       f'href="https://{EVIL}/a"></map>'), EVIL),
    ("svg_href", html(f'<svg><a href="https://{EVIL}/s"><text>Amazon</text></a></svg>'), EVIL),
    ("svg_xlink_href",
     html(f'<svg><a xlink:href="https://{EVIL}/s"><text>Amazon</text></a></svg>'), EVIL),
    ("plain_fullwidth_dot", plain("https://www.amazon.co.jp．account-verify.example/ap"),
     "www.amazon.co.jp.account-verify.example"),
    ("plain_fullwidth_solidus_before_at",
     plain("https://www.amazon.co.jp／@account-verify.example/ap"), "account-verify.example"),
    ("plain_cyrillic_a", plain("https://www.аmazon.co.jp/ap"), "www.xn--mazon-3ve.co.jp"),
]


@pytest.mark.parametrize(("key", "raw", "host"), CASES, ids=[c[0] for c in CASES])
def test_link_goes_where_thunderbird_sends_it(key: str, raw: bytes, host: str) -> None:
    pm = parse(raw)
    kind = "html" if pm.html_present else "text"
    assert {to_ascii(link.host) for link in pm.links if link.origin == kind} == {host}


def test_same_scheme_relative_link_to_amazon_under_a_phishing_base_is_not_amazon() -> None:
    raw = html(f'<base href="https://{EVIL}/"><a href="https:www.amazon.co.jp/gp/css">'
               "https://www.amazon.co.jp/gp/css</a>")
    assert analyse(raw, Settings(offline=True)).verdict is Verdict.PHISHING


@pytest.mark.parametrize(("base", "href", "host"), [
    ("https://a.example/", "https:/\\b.example/x", "b.example"),  # two slashes of either kind
    ("https://a.example/", "https:\\\\b.example/x", "b.example"),
    ("https://a.example/", "https:/b.example/x", "a.example"),  # one: a path on the base host
    ("https://a.example/", "HTTPS:b.example", "a.example"),  # scheme compared case-blind
    ("https://a.example/", "http:b.example/x", "b.example"),  # another scheme: absolute
    ("mailbox:///x", "https:b.example", "b.example"),  # a non-special base: absolute
])
def test_resolve_follows_whatwg_for_a_scheme_without_slashes(
        base: str, href: str, host: str) -> None:
    assert parse_url(resolve(base, href)).host == host


def test_hosts_drop_what_idna_ignores_and_keep_what_it_does_not() -> None:
    assert normalise_host("www.amazon.co.jp\u200b.evil.example") == "www.amazon.co.jp.evil.example"
    assert normalise_host("ama\u00adzon\ufe0f.co.jp") == "amazon.co.jp"
    assert normalise_host("ama\u200dzon.co.jp") == "ama\u200dzon.co.jp"  # a deviation, kept
