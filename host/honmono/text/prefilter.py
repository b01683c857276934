"""A literal prefilter for regular expressions: strings one of which every match contains.

From a pattern's parse tree, a few strings one of which every match must contain
("suspended", "locked", ... for ``\\b(suspended|locked|...)\\b``). When none is in the text
the pattern cannot match and its scan is skipped: ``str.__contains__`` is a fast C search,
while a pattern that starts with ``\\b`` or a look-behind gives the regex engine no prefix to
skip ahead with. A skipped scan would have found nothing, so the hits are the same;
anything the analysis does not understand (case-insensitive flags, classes with
categories, back references...) gets no filter at all.

The wording check builds one ``LiteralIndex`` over its patterns and asks ``may_match``
before each scan.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from re import _constants as c  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

_MAX_LITERALS = 64

Strings = frozenset[str]


def _product(a: Strings, b: Strings) -> Strings | None:
    if len(a) * len(b) > _MAX_LITERALS:
        return None
    return frozenset(x + y for x in a for y in b)


def _exact_seq(items: Any) -> Strings | None:
    """Every string the sequence ``items`` can consume, if they are few."""
    out: Strings | None = frozenset([""])
    for op, av in items:
        e = _exact_item(op, av)
        if e is None or out is None:
            return None
        out = _product(out, e)
    return out


# What one node of the parse tree can consume, by operator: each returns None when the
# strings are unknown or too many.

def _exact_literal(av: Any) -> Strings | None:
    return frozenset([chr(av)])


def _exact_zero_width(av: Any) -> Strings | None:
    return frozenset([""])


def _exact_subpattern(av: Any) -> Strings | None:
    _group, add_flags, del_flags, sub = av
    return None if add_flags or del_flags else _exact_seq(sub.data)


def _exact_branch(av: Any) -> Strings | None:
    out: set[str] = set()
    for alt in av[1]:
        e = _exact_seq(alt.data)
        if e is None:
            return None
        out |= e
        if len(out) > _MAX_LITERALS:
            return None
    return frozenset(out)


def _exact_in(av: Any) -> Strings | None:
    chars: set[str] = set()
    for iop, iav in av:
        if iop is c.LITERAL:
            chars.add(chr(iav))
        elif iop is c.RANGE and iav[1] - iav[0] < _MAX_LITERALS:
            chars.update(chr(x) for x in range(iav[0], iav[1] + 1))
        else:  # NEGATE, CATEGORY...
            return None
    return frozenset(chars) if len(chars) <= _MAX_LITERALS else None


def _exact_repeat(av: Any) -> Strings | None:
    lo, hi, sub = av
    if hi > 4:  # also MAXREPEAT (unbounded)
        return None
    one = _exact_seq(sub.data)
    if one is None:
        return None
    acc: set[str] = set()
    power: Strings | None = frozenset([""])
    for k in range(hi + 1):
        if power is None:
            return None
        if k >= lo:
            acc |= power
        power = _product(power, one)
    return frozenset(acc) if len(acc) <= _MAX_LITERALS else None


_EXACT: dict[Any, Callable[[Any], Strings | None]] = {
    c.LITERAL: _exact_literal,
    c.AT: _exact_zero_width,  # zero-width: consumes nothing
    c.ASSERT: _exact_zero_width,
    c.ASSERT_NOT: _exact_zero_width,
    c.SUBPATTERN: _exact_subpattern,
    c.BRANCH: _exact_branch,
    c.IN: _exact_in,
    c.MAX_REPEAT: _exact_repeat,
    c.MIN_REPEAT: _exact_repeat,
}


def _exact_item(op: Any, av: Any) -> Strings | None:
    rule = _EXACT.get(op)
    return rule(av) if rule is not None else None


def _required_seq(items: Any) -> Strings | None:
    """Strings one of which every match of the sequence ``items`` contains (None: unknown)."""
    candidates: list[Strings] = []
    run: Strings = frozenset([""])  # what the current stretch of exactly-known items consumes
    for op, av in items:
        e = _exact_item(op, av)
        if e is not None:
            joined = _product(run, e)
            if joined is not None:
                run = joined
                continue
            candidates.append(run)
            run = e
            continue
        candidates.append(run)
        run = frozenset([""])
        r = _required_item(op, av)
        if r is not None:
            candidates.append(r)
    candidates.append(run)
    best: Strings | None = None
    for cand in candidates:
        if "" in cand:
            continue
        if best is None or (min(map(len, cand)), -len(cand)) > (min(map(len, best)),
                                                                  -len(best)):
            best = cand
    return best


def _required_item(op: Any, av: Any) -> Strings | None:
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _required_seq(sub.data)
    if op is c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            r = _required_seq(alt.data)
            if r is None:
                return None
            out |= r
        return frozenset(out)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT) and av[0] >= 1:
        return _required_seq(av[2].data)
    return None


@lru_cache(maxsize=256)
def required_literals(rx: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of ``rx`` contains, or None when unknown."""
    if rx.flags & (re.IGNORECASE | re.LOCALE) or not isinstance(rx.pattern, str):
        return None
    try:
        from re import _parser  # type: ignore[attr-defined]

        found = _required_seq(_parser.parse(rx.pattern, rx.flags).data)
    except Exception:  # an unknown parse tree: no filter
        return None
    if not found:
        return None
    # A string containing another member adds nothing to "one of them is in the text".
    lits = sorted(found, key=len)
    kept: list[str] = []
    for lit in lits:
        if not any(k in lit for k in kept):
            kept.append(lit)
    return tuple(kept)


class LiteralIndex:
    """The required literals of many patterns in one Aho-Corasick automaton (pyahocorasick):
    one pass over a text finds every one of them it contains, where a search per literal
    reads the text some three hundred times."""

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        self.literals = frozenset(lit for rx in patterns for lit in required_literals(rx) or ())
        self._automaton = ahocorasick.Automaton()
        for lit in self.literals:
            self._automaton.add_word(lit, lit)
        if self.literals:
            self._automaton.make_automaton()

    def found_in(self, text: str) -> frozenset[str]:
        if not self.literals:
            return frozenset()
        return frozenset(lit for _end, lit in self._automaton.iter(text))


def may_match(rx: re.Pattern[str], found: frozenset[str]) -> bool:
    """``found``: the literals of an index holding rx's that the text contains."""
    lits = required_literals(rx)
    return lits is None or not found.isdisjoint(lits)
