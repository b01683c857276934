"""Amazon's family of senders (§3) and the smaller rules (§7): genuine mails of Amazon,
Prime Video and Audible with wording that must not add doubt; callback numbers, small
fees, comments in From, text and HTML that disagree.

The mails and the verdicts a careful reader accepts are in unseen.py, written before
Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.section in ("3", "7")],
                         ids=lambda c: c.name)
def test_rule_verdict(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)
