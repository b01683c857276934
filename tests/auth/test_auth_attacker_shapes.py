"""Issue 14 §3–§5, an attacker's second round: replayed genuine mails and forged trust
in shapes the first round did not use. None may come out genuine. Addresses are read
as Thunderbird 153's header parser read them (checked in the real client through
MailServices.headerParser.parseEncodedHeaderW)."""

from __future__ import annotations

import pytest
from authkit import amazon_dns, notice_mail, received_by, rsa_key, sign
from test_auth_arc import _b_prefix, forward

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail import replytargets
from honmono.mail.parse import parse

REGISTERED = Settings(names=("田中太郎",), addresses=("taro@example.jp",))
LURE = "お客様のアカウントは停止されました。https://amazon-account-verify.example/\r\n"


def replayed(header: str) -> bytes:
    return header.encode() + b"\r\n" + sign(notice_mail())


@pytest.mark.parametrize("header", [
    "Reply-To: Amazon.co.jp: help@account-help.example;",  # group syntax
    "Reply-To: cs@amazon.co.jp\r\nReply-To: help@account-help.example",  # two of them
    "Mail-Reply-To: (cs@amazon.co.jp) help@account-help.example (Amazon)",
    'Reply-To: "cs@amazon.co.jp"@account-help.example',
    "Reply-To: cs@amazon.co.jp．account-help.example",  # full-width dot: not Amazon's
    "Reply-To: cs@[203.0.113.9]",
], ids=["group", "two_reply_to", "comments", "quoted_local_part", "fullwidth_dot",
        "domain_literal"])
def test_reply_target_outside_amazon_in_replayed_mail_is_phishing(header: str) -> None:
    report = analyse(replayed(header), REGISTERED, resolver=amazon_dns())
    assert report.verdict is Verdict.PHISHING


def test_address_encoded_whole_is_a_name_to_thunderbird_and_keeps_the_mail_from_genuine(
        ) -> None:
    """Thunderbird reads =?UTF-8?B?(help@…)?= as a display name with no address."""
    raw = replayed("Reply-To: =?UTF-8?B?aGVscEBhY2NvdW50LWhlbHAuZXhhbXBsZQ==?=")
    field = replytargets.fields(parse(raw))[0]
    assert field.unreadable
    assert analyse(raw, REGISTERED, resolver=amazon_dns()).verdict is Verdict.SUSPICIOUS


def test_bracketed_address_before_a_bare_one_is_the_one_thunderbird_writes_to() -> None:
    raw = replayed("Reply-To: <cs@amazon.co.jp> help@account-help.example")
    assert [a.addr for a in replytargets.reply_target(parse(raw))] == ["cs@amazon.co.jp"]


def test_unsigned_subject_added_above_the_signature_is_not_genuine() -> None:
    raw = (b"Subject: =?UTF-8?B?44Ki44Kr44Km44Oz44OI5YGc5q2i77yaMDEyMC0wMDAtMDAw44G46Zu76Kmx"
           b"44GX44Gm44GP44Gg44GV44GE?=\r\n") + sign(notice_mail())
    assert analyse(raw, REGISTERED, resolver=amazon_dns()).verdict is not Verdict.GENUINE


def test_users_address_added_above_a_signed_to_of_someone_else_is_not_genuine() -> None:
    mail = notice_mail().replace(b"To: taro@example.jp", b"To: attacker@evil-mail.example")
    raw = b"To: taro@example.jp\r\n" + sign(mail)
    assert analyse(raw, REGISTERED, resolver=amazon_dns()).verdict is not Verdict.GENUINE


def test_users_address_as_the_display_name_of_someone_elses_signed_to_is_not_genuine() -> None:
    mail = notice_mail().replace(b"To: taro@example.jp",
                                 b'To: "taro@example.jp" <attacker@evil-mail.example>')
    assert analyse(sign(mail), REGISTERED, resolver=amazon_dns()).verdict is not Verdict.GENUINE


def test_content_after_a_body_length_limit_is_not_amazons() -> None:
    raw = sign(notice_mail(), length=True) + ("\r\n" + LURE).encode()
    assert analyse(raw, REGISTERED, resolver=amazon_dns()).verdict is not Verdict.GENUINE


def test_footer_with_a_phone_lure_and_no_link_is_not_genuine() -> None:
    raw = sign(notice_mail()) + "\r\n-- \r\n至急 0120-000-000 までお電話ください。\r\n".encode()
    assert analyse(raw, REGISTERED, resolver=amazon_dns()).verdict is not Verdict.GENUINE


_FAKE_ARH = (b"Authentication-Results: mx.user.example; dkim=pass header.d=amazon.co.jp; "
             b"spf=pass smtp.mailfrom=amazon.co.jp; dmarc=pass header.from=amazon.co.jp\r\n")


@pytest.mark.parametrize("receipt", [
    # The server's own line, written in capitals with a root dot.
    b"Received: from mail.evil.example (mail.evil.example [198.51.100.7])\r\n"
    b"\tby MX.User.Example. with ESMTPS id 1; Mon, 03 Nov 2025 09:56:02 +0900\r\n",
    # A sibling host of the trusted id received it.
    b"Received: from mail.evil.example (mail.evil.example [198.51.100.7])\r\n"
    b"\tby mx2.user.example with ESMTPS id 1; Mon, 03 Nov 2025 09:56:02 +0900\r\n",
    # qmail's format: the address in parentheses without brackets.
    b"Received: from unknown (HELO mail.evil.example) (198.51.100.7)\r\n"
    b"  by mx.user.example with SMTP; 3 Nov 2025 00:56:02 -0000\r\n",
], ids=["case_and_root_dot", "sibling_host", "qmail"])
def test_results_written_below_the_servers_own_line_never_prove_a_forgery(receipt: bytes) -> None:
    raw = receipt + _FAKE_ARH + received_by("mx.user.example") + notice_mail(body=LURE)
    report = analyse(raw, Settings(trust_authserv=("mx.user.example",)))
    assert report.verdict is Verdict.PHISHING


@pytest.mark.parametrize(("sealer", "trusted"), [
    ("evilmessagingengine.com", "@messagingengine.com"),
    ("messagingengine.com.evil.example", "@messagingengine.com"),
    ("xn--messagingngine-8kb.com", "messagingengine.com"),
    ("messagingengine.co", "messagingengine.com"),
])
def test_sealer_at_a_look_alike_of_the_trusted_one_vouches_for_nothing(
        sealer: str, trusted: str) -> None:
    genuine = sign(notice_mail())
    tampered = genuine.replace(b"123456", b"https://amazon-account-verify.example/")
    raw = forward(tampered, sealer=sealer, header_b=_b_prefix(genuine), modify=False)
    dns = amazon_dns().publish(sealer, "arc", rsa_key(1024))
    report = analyse(raw, Settings(trust_authserv=(trusted,)), resolver=dns)
    assert report.verdict is Verdict.PHISHING
