"""A group that rewrote From for DMARC (issue 11 §5, a control issue 14 §5 keeps): the
original From restored from X-Original-From, Amazon's signature verified over it."""

from __future__ import annotations

import dkim
from authkit import amazon_dns, notice_mail, rsa_key, sign

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse

GROUP = "groups.example"
ORIGINAL_FROM = b'From: "amazon.co.jp" <account-update@amazon.co.jp>\r\n'


def via_group(signed: bytes) -> bytes:
    rewritten = signed.replace(
        ORIGINAL_FROM,
        b"From: \"'amazon.co.jp' via Family\" <family@groups.example>\r\n"
        b"X-Original-From: \"amazon.co.jp\" <account-update@amazon.co.jp>\r\n"
        b"Reply-To: family@groups.example\r\n", 1)
    assert rewritten != signed
    return b"List-Id: <family.groups.example>\r\n" + rewritten


def test_group_rewrite_of_genuine_mail_is_restored_and_suspicious() -> None:
    report = analyse(via_group(sign(notice_mail())), Settings(), resolver=amazon_dns())
    item = next(e for e in report.evidence if e.id == "sender.from_restored")
    assert item.title.params["list"] == "family@groups.example"
    assert item.ceiling is Verdict.SUSPICIOUS
    assert report.details["auth"]["local"] == "pass"
    assert not any(e.id.startswith("auth.unsigned_") for e in report.evidence)
    assert report.verdict is Verdict.SUSPICIOUS


def test_group_rewrite_with_a_changed_body_stays_phishing() -> None:
    signed = sign(notice_mail())
    forged = via_group(signed).replace(b"123456", b"654321")
    report = analyse(forged, Settings(), resolver=amazon_dns())
    assert not any(e.id == "sender.from_restored" for e in report.evidence)
    assert report.verdict is Verdict.PHISHING


def test_x_original_from_on_an_unsigned_forgery_changes_nothing() -> None:
    report = analyse(via_group(notice_mail()), Settings(), resolver=amazon_dns())
    assert not any(e.id == "sender.from_restored" for e in report.evidence)
    assert report.verdict is Verdict.PHISHING


def test_group_rewrite_vouched_by_a_trusted_arc_sealer_is_genuine() -> None:
    mail = via_group(sign(notice_mail()))
    arh = (f"Authentication-Results: {GROUP}; dkim=pass header.d=amazon.co.jp; "
           "dmarc=pass header.from=amazon.co.jp\r\n").encode()
    changed = arh + mail
    sealed = b"".join(dkim.arc_sign(changed, b"arc", GROUP.encode(), rsa_key(1024).private,
                                    GROUP.encode())) + changed
    dns = amazon_dns().publish(GROUP, "arc", rsa_key(1024))
    report = analyse(sealed, Settings(trust_authserv=(GROUP,)), resolver=dns)
    assert any(e.id == "sender.from_restored" and e.ceiling is None for e in report.evidence)
    assert report.verdict is Verdict.GENUINE
