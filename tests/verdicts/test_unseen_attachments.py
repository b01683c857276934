"""Attachments (issue 11 §6): HTML, SVG, PDF links, QR codes, lying types, programs in a
zip; an ordinary attachment in a mail that only mentions Amazon adds no badge.

The mails and the verdicts a careful reader accepts are in unseen.py, written before
Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.section == "6"], ids=lambda c: c.name)
def test_attachment_verdict(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)
