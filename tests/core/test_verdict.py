"""The verdict rules of DESIGN.md, on evidence built by hand."""

from __future__ import annotations

import pytest

from honmono.model import Category, Claim, Evidence, Signal, Status, Text, Verdict
from honmono.verdict import decide

CLAIM = Claim(is_amazon=True, strong=True, reasons=("test",))


def ev(signal: Signal) -> Evidence:
    return Evidence(f"t.{signal.name}", Category.SENDER, Status.INFO, Text("", ""),
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
    assert decide(Claim(is_amazon=False), [ev(Signal.DECISIVE)]) is Verdict.NOT_AMAZON
