"""The brand as people read it (issue 11 §2): look-alike, spaced, joined, katakana,
full-width, mathematical and misspelt names, image-only mails.

The mails and the verdicts a careful reader accepts are in unseen.py, written before
Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.section == "2"], ids=lambda c: c.name)
def test_disguise_verdict(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def test_a_misspelt_display_name_is_a_disguised_claim() -> None:
    from unseen import typo_name

    report = judge(typo_name())
    assert report.claim.strong and "display name" in report.claim.disguised


@pytest.mark.parametrize(("word", "mark"), [
    ("amazom", "amazon"), ("amzon", "amazon"), ("primevidoe", "primevideo"),
    # the name written plainly, joined to another word, or an ordinary word: no typo
    ("amazon", ""), ("amazonpay", ""), ("amazing", ""), ("amazed", ""), ("mason", ""),
    ("amazonas", ""), ("kindle", ""),
])
def test_misspelt_mark_reads_names_as_the_domain_checks_read_labels(word: str,
                                                                    mark: str) -> None:
    from honmono.brands import registry
    from honmono.net.lookalike import misspelt_mark

    assert misspelt_mark(word, registry.load()) == mark


def test_an_ordinary_word_near_the_name_makes_no_claim() -> None:
    from unseen import mail, unsigned

    raw = unsigned(mail(from_="Amazing Deals <news@amazing-deals.example>",
                        subject="今週のおすすめ", text="今週のおすすめ商品です。\n"))
    assert judge(raw).verdict.value == "not_amazon"
