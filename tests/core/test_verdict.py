"""The verdict rules of DESIGN.md, on evidence built by hand."""

from __future__ import annotations

import pytest

from honmono import Category, Claim, Evidence, Signal, Status, Verdict
from honmono.core.model import Text
from honmono.core.verdict import decide

CLAIM = Claim(brand="Amazon", strong=True, reasons=("test",))


def ev(signal: Signal, category: Category = Category.SENDER) -> Evidence:
    return Evidence(f"t.{signal.name}", category, Status.INFO, Text("", ""),
                    Text("", ""), "", signal)


@pytest.mark.parametrize(("signals", "expected"), [
    ([], Verdict.SUSPICIOUS),
    ([Signal.NONE, Signal.DOUBT], Verdict.SUSPICIOUS),
    ([Signal.RED_FLAG], Verdict.PHISHING),
    ([Signal.PROOF], Verdict.GENUINE),
    ([Signal.PROOF, Signal.RED_FLAG, Signal.DOUBT], Verdict.GENUINE),
    ([Signal.PROOF, Signal.DECISIVE], Verdict.PHISHING),
    ([Signal.DECISIVE], Verdict.PHISHING),
])
def test_rules(signals: list[Signal], expected: Verdict) -> None:
    assert decide(CLAIM, [ev(s) for s in signals]) is expected


def test_no_claim_is_not_amazon_whatever_the_evidence() -> None:
    assert decide(Claim(brand=None), [ev(Signal.DECISIVE)]) is Verdict.NO_CLAIM


def test_doubts_from_three_families_add_up_to_phishing() -> None:
    doubts = [ev(Signal.DOUBT, c) for c in (Category.SENDER, Category.RECIPIENT,
                                             Category.WORDING)]
    assert decide(CLAIM, doubts) is Verdict.PHISHING
    assert decide(CLAIM, doubts[:2]) is Verdict.SUSPICIOUS
    assert decide(CLAIM, [*doubts, ev(Signal.PROOF, Category.AUTH)]) is Verdict.GENUINE


def test_authentication_and_route_doubts_do_not_add_up() -> None:
    doubts = [ev(Signal.DOUBT, c) for c in (Category.AUTH, Category.ROUTE, Category.WORDING)]
    assert decide(CLAIM, doubts) is Verdict.SUSPICIOUS
