"""Round 3 of held-out mails, by a third author: personal mailboxes taken over or writing
about their owner's own Amazon order, Japanese carriers, card companies and household
accounts apps, Amazon's other senders and their fakes, ISO-2022-JP / Shift_JIS / encoded
words / quoted-printable HTML, and tricks earlier rounds did not try. Mails and accepted
verdicts are in unseen3.py, written before Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen3 import CASES, Case


def _marked(case: Case) -> object:
    return pytest.param(case, id=case.name, marks=[pytest.mark.xfail(
        strict=True, reason=case.known_miss)] if case.known_miss else [])


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "genuine"])
def test_unseen3_genuine_amazon_mail_is_never_red(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "phish"])
def test_unseen3_phish_is_flagged(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


@pytest.mark.parametrize("case", [_marked(c) for c in CASES if c.kind == "mention"])
def test_unseen3_mention_gets_no_badge(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def test_names_are_unique() -> None:
    assert len({c.name for c in CASES}) == len(CASES) >= 40
