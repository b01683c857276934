"""A replay to someone else is not Amazon's mail to you (issue 14 §4): Amazon's genuine
mail to the attacker's own account, re-sent to the user, verifies perfectly; the signed
recipient is what gives it away."""

from __future__ import annotations

from authkit import amazon_dns, notice_mail, sign

from honmono.core.model import Msg, Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse


def delivered(to_header: str, delivered_to: str) -> bytes:
    """Amazon's mail signed for ``to_header``, then delivered by the user's server to
    ``delivered_to`` (the server prepends its Delivered-To and Received lines)."""
    mail = notice_mail().replace(b"To: taro@example.jp", f"To: {to_header}".encode())
    return (f"Delivered-To: {delivered_to}\r\n"
            f"Received: from a1-2.smtp-out.amazonses.com (a1-2.smtp-out.amazonses.com "
            f"[54.240.1.2]) by mx.victim.example with ESMTPS id 1; for <{delivered_to}>; "
            "Mon, 03 Nov 2025 00:56:01 +0000\r\n").encode() + sign(mail)


def test_genuine_mail_to_the_attackers_account_replayed_to_a_registered_user() -> None:
    raw = delivered("attacker@evil-mail.example", "taro@example.jp")
    report = analyse(raw, Settings(addresses=("taro@example.jp",)), resolver=amazon_dns())
    item = next(e for e in report.evidence if e.id == "recipient.unregistered")
    assert item.ceiling is Verdict.SUSPICIOUS
    assert report.verdict is not Verdict.GENUINE


def test_genuine_mail_replayed_with_no_address_configured_is_judged_by_delivery() -> None:
    raw = delivered("attacker@evil-mail.example", "taro@example.jp")
    report = analyse(raw, Settings(), resolver=amazon_dns())
    item = next(e for e in report.evidence if e.id == "recipient.replayed_elsewhere")
    assert item.detail == Msg("recipient.replayed_elsewhere.detail",
                              {"shown": "attacker@evil-mail.example", "went": "taro@example.jp"})
    assert report.verdict is Verdict.SUSPICIOUS


def test_genuine_mail_delivered_to_its_signed_recipient_stays_genuine() -> None:
    raw = delivered("taro@example.jp", "taro@example.jp")
    assert analyse(raw, Settings(), resolver=amazon_dns()).verdict is Verdict.GENUINE
    registered = Settings(addresses=("taro@example.jp",))
    assert analyse(raw, registered, resolver=amazon_dns()).verdict is Verdict.GENUINE


def test_delivery_header_the_replayer_wrote_below_the_servers_line_does_not_count() -> None:
    """The attacker adds a Delivered-To naming its own address under its own headers:
    only what sits above the receiving server's first line is the server's."""
    mail = notice_mail().replace(b"To: taro@example.jp", b"To: attacker@evil-mail.example")
    raw = (b"Delivered-To: taro@example.jp\r\n"
           b"Received: from x (x [203.0.113.9]) by mx.victim.example; "
           b"Mon, 03 Nov 2025 00:56:01 +0000\r\n"
           b"Delivered-To: attacker@evil-mail.example\r\n") + sign(mail)
    report = analyse(raw, Settings(), resolver=amazon_dns())
    assert any(e.id == "recipient.replayed_elsewhere" for e in report.evidence)
    assert report.verdict is not Verdict.GENUINE


def test_mail_with_no_delivery_record_and_no_address_configured_is_unchanged() -> None:
    raw = sign(notice_mail())
    report = analyse(raw, Settings(), resolver=amazon_dns())
    assert not any(e.id == "recipient.replayed_elsewhere" for e in report.evidence)
    assert report.verdict is Verdict.GENUINE
