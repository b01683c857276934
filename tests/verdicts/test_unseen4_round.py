"""Round 4 of held-out mails, by a fourth author: Amazon's marketing and programme mail
and its imitations, link-less scams, Amazon in other languages, and ordinary mail easy to
mistake. Mails and accepted verdicts are in unseen4.py, written before Honmono was run on
them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen4 import CASES, Case


def _marked(case: Case) -> object:
    return pytest.param(case, id=case.name, marks=[pytest.mark.xfail(
        strict=True, reason=case.known_miss)] if case.known_miss else [])


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "genuine"])
def test_unseen4_genuine_amazon_mail_is_never_red(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "phish"])
def test_unseen4_phish_is_flagged(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "mention"])
def test_unseen4_mention_gets_no_badge(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def test_names_are_unique() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 35
