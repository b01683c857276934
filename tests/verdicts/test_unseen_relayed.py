"""Sent by Amazon, written by a third party (issue 11 §4): seller messages, gift cards,
AWS notifications and Amazon Pay, clean and with lures; a lure never gets the green ✓.

The mails and the verdicts a careful reader accepts are in unseen.py, written before
Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.section == "4"], ids=lambda c: c.name)
def test_relayed_verdict(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)
