"""Hostile input to the new readers (quoting, spaced letters, relay blocks): a verdict,
never a crash. Speed is bench/'s business; these only hold that an answer comes."""

from __future__ import annotations

import pytest
from builders import make_mail

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse

CASES = {
    "spaced-letters-subject": dict(subject="a " * 50_000 + "!", text="x"),
    "dotted-runs": dict(subject=("a." * 3000 + "b ") * 20, text="x"),
    "quoted-headers": dict(subject="Re: x", text="> From: Amazon <a@b>\n" * 50_000),
    "forward-markers": dict(subject="Fwd: x",
                            text="---------- Forwarded message ---------\nFrom: A\u200bmazon\n"
                                 * 20_000),
    "ascii-lookalikes": dict(subject="rnvv0|1" * 20_000, text="x"),
    "garbage-dkim-header": dict(subject="Amazon deals", text="x",
                                headers=[("DKIM-Signature", "d=" + "a." * 5000 + "; b=;")]),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_input_gets_a_verdict(case: str) -> None:
    raw = make_mail(from_='"' + "A m " * 2000 + '" <x@evil.example>', **CASES[case])
    assert isinstance(analyse(raw, Settings(offline=True)).verdict, Verdict)
