"""Round 2 of held-out mails (issue 11), by a second author: English Amazon.com and
Amazon.co.uk mail, Amazon's other services genuine and imitated, ordinary mail easy to
mistake for Amazon's, and phish whose only Amazon is in the From local part, an attachment
name or an image's file name. Mails and accepted verdicts are in unseen2.py, written
before Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen2 import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "genuine"], ids=lambda c: c.name)
def test_unseen2_genuine_amazon_mail_is_genuine(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def _marked(case: Case) -> object:
    return pytest.param(case, id=case.name, marks=[pytest.mark.xfail(
        strict=True, reason=case.known_miss)] if case.known_miss else [])


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "phish"])
def test_unseen2_phish_is_flagged(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


@pytest.mark.parametrize("case", [c for c in CASES if c.kind == "mention"], ids=lambda c: c.name)
def test_unseen2_mention_gets_no_badge(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def test_names_are_unique() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 35
