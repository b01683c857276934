"""Where Thunderbird's Reply and Reply All go (issue 14 §3): Mail-Reply-To before
Reply-To before From, Mail-Followup-To for Reply All, addresses read with Thunderbird's
grammar. Each mail is Amazon's signed mail replayed with a header added on top."""

from __future__ import annotations

import pytest
from authkit import amazon_dns, auth_verdict, notice_mail, run_auth, sign

from honmono.core.model import Signal, Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail import replytargets
from honmono.mail.parse import parse


def replayed(header: str) -> bytes:
    return header.encode() + b"\r\n" + sign(notice_mail())


@pytest.mark.parametrize(("header", "eid"), [
    ("Mail-Reply-To: help@account-help.example", "auth.unsigned_mail_reply_to"),
    ("Mail-Followup-To: help@account-help.example", "auth.unsigned_mail_followup_to"),
    # Python's parser reads no address here; Thunderbird's Reply writes to it.
    ("Reply-To: support@evil.example \\@", "auth.unsigned_reply_to"),
    ("Sender: support@evil.example \\@", "auth.unsigned_sender"),
])
def test_reply_target_outside_amazon_in_replayed_genuine_mail_is_phishing(
        header: str, eid: str) -> None:
    ev, ctx = run_auth(replayed(header), resolver=amazon_dns())
    assert ctx.details["auth"]["local"] == "pass"
    item = next(e for e in ev if e.id == eid)
    assert item.signal is Signal.DECISIVE
    assert item.detail.id in ("auth.unsigned.reply.detail", "auth.unsigned.sender.detail")
    assert "evil.example" in item.detail.params["who"] or (
        "account-help.example" in item.detail.params["who"])
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_reply_target_thunderbird_cannot_read_is_not_ignored() -> None:
    raw = replayed('Reply-To: "support at evil')
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    item = next(e for e in ev if e.id == "auth.unsigned_reply_to_unreadable")
    assert item.ceiling is Verdict.SUSPICIOUS
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_mail_reply_to_within_amazon_stays_genuine() -> None:
    ev, ctx = run_auth(replayed("Mail-Reply-To: cs-reply@amazon.co.jp"), resolver=amazon_dns())
    assert not any(e.id.startswith("auth.unsigned_") for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_unsigned_mail_reply_to_is_a_red_flag_of_the_sender_check() -> None:
    raw = notice_mail(extra_headers="Mail-Reply-To: help@account-help.example\r\n")
    report = analyse(raw, Settings(offline=True))
    assert any(e.id == "sender.mail_reply_to_foreign" and e.signal is Signal.RED_FLAG
               for e in report.evidence)


def test_reply_goes_to_mail_reply_to_before_reply_to_before_from() -> None:
    both = parse(notice_mail(extra_headers="Reply-To: b@amazon.co.jp\r\n"
                                         "Mail-Reply-To: a@evil.example\r\n"))
    assert [a.addr for a in replytargets.reply_target(both)] == ["a@evil.example"]
    only_reply_to = parse(notice_mail(extra_headers="Reply-To: b@evil.example\r\n"))
    assert [a.addr for a in replytargets.reply_target(only_reply_to)] == ["b@evil.example"]
    neither = parse(notice_mail())
    assert [a.addr for a in replytargets.reply_target(neither)] == [
        "account-update@amazon.co.jp"]
