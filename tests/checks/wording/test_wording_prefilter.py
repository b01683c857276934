"""The literal prefilter of the wording patterns skips only scans that would find nothing.

``required_literals(rx)`` promises that every match of ``rx`` contains one of the strings
it returns. Checked three ways: on hand-made patterns against many generated texts, on
every match the real patterns find in the corpora, and by comparing the hits with and
without the filter on the corpora.
"""

from __future__ import annotations

import random
import re
from functools import cache

import pytest
from wording_helpers import CORPUS, SEEDS

from honmono.brands.registry import load
from honmono.checks import wording
from honmono.mail.parse import parse
from honmono.text import prefilter

_RULE_FIELDS = ("threat_ja", "threat_other", "deadline_ja", "deadline_other", "request_ja",
                "request_other", "callback_ja", "callback_other", "placeholders")


def _patterns() -> list[re.Pattern[str]]:
    rules = wording._rules(load())
    return [rx for name in _RULE_FIELDS for rx in getattr(rules, name)]


@cache
def _texts() -> tuple[str, ...]:
    """The forms the patterns scan (tight and flat), for every corpus and fixture mail."""
    brand = load()
    paths = sorted(CORPUS.glob("*/*.eml")) + sorted(SEEDS.parent.rglob("*.eml"))
    assert len(paths) > 300
    out: list[str] = []
    for path in paths:
        sc = wording.scan_message(parse(path.read_bytes()), brand)
        out.append(sc.subject.replace(" ", "") + "。" + sc.tight)
        out.append(sc.subject + "\n" + sc.flat)
        out.append(sc.raw)
    return tuple(out)


def test_every_real_pattern_gets_a_filter() -> None:
    for rx in _patterns():
        lits = prefilter.required_literals(rx)
        assert lits, rx.pattern
        assert all(lits), rx.pattern


def test_every_match_in_the_corpora_contains_a_literal() -> None:
    texts = _texts()
    matched = 0
    for rx in _patterns():
        lits = prefilter.required_literals(rx)
        assert lits is not None
        for text in texts:
            for m in rx.finditer(text):
                matched += 1
                assert any(lit in m.group(0) for lit in lits), (rx.pattern, m.group(0))
    assert matched > 100


def test_hits_unchanged_by_the_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    rules = wording._rules(load())
    neg = rules.negations
    groups = [(getattr(rules, n), n.endswith("_ja")) for n in _RULE_FIELDS[:-1]]

    def all_hits() -> list[list[str]]:
        out = []
        for text in texts:
            found = rules.literals.found_in(text)
            for patterns, ja in groups:
                ends = wording._SENTENCE_END if ja else ".!?\n"
                out.append(wording._hits(patterns, text, found, ends, neg))
        return out

    texts = _texts()
    filtered = all_hits()
    monkeypatch.setattr(wording, "may_match", lambda rx, found: True)
    assert all_hits() == filtered
    assert sum(map(bool, filtered)) > 50


def test_literal_index_finds_exactly_the_literals_in_a_text() -> None:
    index = wording._rules(load()).literals
    assert len(index.literals) > 100
    for text in _texts():
        assert index.found_in(text) == {lit for lit in index.literals if lit in text}
    # Overlapping and nested literals, each found.
    small = prefilter.LiteralIndex([re.compile(p) for p in ("abc|bcd", "c", "お客様", "客様は")])
    assert small.found_in("zabcdz お客様は") == {"abc", "bcd", "c", "お客様", "客様は"}
    assert small.found_in("zab お客") == frozenset()
    assert small.found_in("") == frozenset()
    assert prefilter.LiteralIndex([]).found_in("abc") == frozenset()


@pytest.mark.parametrize(("pattern", "expected"), [
    (r"\b(suspended|locked)\b", {"suspended", "locked"}),
    (r"一定(時間|期間)(内|以内)", {"一定時間内", "一定時間以内", "一定期間内", "一定期間以内"}),
    (r"(お?電話|コール)[^。]{0,4}[0-9]", {"電話", "コール"}),
    (r"cancell?ed", {"canceled", "cancelled"}),
    (r"[^a]+x", {"x"}),
    (r"(?i)locked", None),
    (r"(?i:locked)", None),
    (r"[a-c]+", {"a", "b", "c"}),
    (r"\w+", None),
    (r"(a)\1", {"a"}),
    (r"x?y*", None),
])
def test_required_literals_of_small_patterns(pattern: str, expected: set[str] | None) -> None:
    lits = prefilter.required_literals(re.compile(pattern))
    assert (set(lits) if lits is not None else None) == expected


_FUZZ_PATTERNS = [
    r"\b(ab|ba)c?\b", r"(?<![b0-9])([0-9]{1,3}|[ab]{1,2})(c|ca)(a|bc)", r"a[^c]{0,3}(b|cc)",
    r"(a|b)?(c|ab)+a", r"(?:ab|a)(?=c)b?", r"[ab]{2,3}c", r"a(b|)c", r"(a+|b)c", r"(ab){1,2}",
    r"(?:a|bc?){2}", r"[a-c]{1,2}(?!a)b", r"\Bab\b", r"a.?b",
]


@pytest.mark.parametrize("pattern", _FUZZ_PATTERNS)
def test_required_literals_hold_on_generated_texts(pattern: str) -> None:
    rx = re.compile(pattern)
    lits = prefilter.required_literals(rx)
    rnd = random.Random(pattern)
    for _ in range(3000):
        text = "".join(rnd.choice("abc0 .") for _ in range(rnd.randint(0, 12)))
        matches = [m.group(0) for m in rx.finditer(text)]
        if lits is None:
            continue
        for m in matches:
            assert any(lit in m for lit in lits), (pattern, text, m, lits)
        if not any(lit in text for lit in lits):
            assert not matches
