"""Issue 14, attacker round 3: reply targets in Amazon's signed mail, replayed with a
header added on top, in the shapes Thunderbird 153's address parser reads
(tests/shapes_r14.py: group syntax, encoded words in the local part, routes, comments and
display names that look like addresses, duplicated headers)."""

from __future__ import annotations

import pytest
from authkit import amazon_dns, auth_verdict, notice_mail, run_auth, sign
from shapes_r14 import REPLY_SHAPES

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail import replytargets
from honmono.mail.parse import parse


def _replayed(header: str) -> bytes:
    return header.encode() + b"\r\n" + sign(notice_mail())


@pytest.mark.parametrize(("key", "value", "emails"), REPLY_SHAPES,
                         ids=[k for k, _, _ in REPLY_SHAPES])
def test_addresses_read_as_thunderbird_reads_them(key: str, value: str,
                                                  emails: list[str]) -> None:
    field = replytargets.read(value, "Reply-To")
    assert [a.addr for a in field.addresses if a.addr] == emails
    assert field.unreadable is (not emails)


@pytest.mark.parametrize("header", ["Reply-To", "Mail-Reply-To", "Mail-Followup-To", "Sender"])
@pytest.mark.parametrize(("key", "value", "emails"), REPLY_SHAPES,
                         ids=[k for k, _, _ in REPLY_SHAPES])
def test_replayed_genuine_mail_never_stays_genuine(header: str, key: str, value: str,
                                                   emails: list[str]) -> None:
    ev, ctx = run_auth(_replayed(f"{header}: {value}"), resolver=amazon_dns())
    assert ctx.details["auth"]["local"] == "pass"
    # An address outside Amazon is decisive; one Thunderbird cannot read caps the verdict.
    assert auth_verdict(ev, ctx) is (Verdict.PHISHING if emails else Verdict.SUSPICIOUS)


def test_a_second_reply_to_below_the_signed_headers_is_judged() -> None:
    signed = sign(notice_mail())
    raw = signed.replace(b"\r\n\r\n", b"\r\nReply-To: phish@evil.example\r\n\r\n", 1)
    assert [a.addr for a in replytargets.reply_target(parse(raw))] == ["phish@evil.example"]
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_header_name_with_space_before_colon_breaks_the_signature() -> None:
    # "Reply-To : x" at the end of the header block: Python's parser takes it for the
    # body, so the body hash fails and the replay is not proven genuine.
    signed = sign(notice_mail())
    raw = signed.replace(b"\r\n\r\n", b"\r\nReply-To : phish@evil.example\r\n\r\n", 1)
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is not Verdict.GENUINE


def _delivered(to_header: str, added: str = "") -> bytes:
    """Amazon's mail signed for ``to_header`` (h= covers To, not Cc), re-sent with
    ``added`` on top and delivered by the user's server to taro@example.jp."""
    mail = notice_mail().replace(b"To: taro@example.jp", f"To: {to_header}".encode())
    return ("Delivered-To: taro@example.jp\r\n"
            "Received: from a1-2.smtp-out.amazonses.com (a1-2.smtp-out.amazonses.com "
            "[54.240.1.2]) by mx.victim.example with ESMTPS id 1; for <taro@example.jp>; "
            f"Mon, 03 Nov 2025 00:56:01 +0000\r\n{added}").encode() + sign(mail)


@pytest.mark.parametrize("registered", [("taro@example.jp",), ()])
def test_replay_to_someone_else_with_the_user_added_in_an_unsigned_cc(
        registered: tuple[str, ...]) -> None:
    # Before: the added Cc matched the user (or the delivery address), so "genuine".
    raw = _delivered("attacker@evil-mail.example", "Cc: taro@example.jp\r\n")
    report = analyse(raw, Settings(addresses=registered), resolver=amazon_dns())
    assert report.verdict is Verdict.SUSPICIOUS
    assert any(e.id in ("recipient.unregistered", "recipient.replayed_elsewhere")
               for e in report.evidence)


@pytest.mark.parametrize("registered", [("taro@example.jp",), ()])
def test_genuine_mail_with_an_unsigned_cc_added_stays_genuine(
        registered: tuple[str, ...]) -> None:
    raw = _delivered("taro@example.jp", "Cc: someone@example.net\r\n")
    report = analyse(raw, Settings(addresses=registered), resolver=amazon_dns())
    assert report.verdict is Verdict.GENUINE
