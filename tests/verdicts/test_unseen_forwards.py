"""Forwarded genuine mail is not forgery (issue 11 §5): a list footer, a group that
rewrote From, a forward from the user's other account; a forged rewrite stays phishing.

The mails and the verdicts a careful reader accepts are in unseen.py, written before
Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.section == "5"], ids=lambda c: c.name)
def test_forward_verdict(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def test_list_footer_mail_to_the_list_is_a_forward_not_a_scammers_mailing() -> None:
    """Amazon signed To (the family list's address) and the signed headers verify: the
    mismatch with the user's address tells a forward, a doubt capped at suspicious; as a
    red flag it turned Amazon's own forwarded mail into phishing."""
    from unseen import AMZ, list_footer_forward

    from honmono.core.model import Signal, Verdict

    report = judge(list_footer_forward(), *AMZ)
    recipient = {e.id: e for e in report.evidence}["recipient.unregistered"]
    assert (recipient.signal, recipient.ceiling) == (Signal.DOUBT, Verdict.SUSPICIOUS)
    assert report.verdict is Verdict.SUSPICIOUS


def test_without_amazons_signature_the_unregistered_recipient_stays_a_red_flag() -> None:
    from unseen import AMZ, group_rewrite_forged

    from honmono.core.model import Signal

    report = judge(group_rewrite_forged(), *AMZ)
    recipient = {e.id: e for e in report.evidence}["recipient.unregistered"]
    assert recipient.signal is Signal.RED_FLAG and recipient.ceiling is None
