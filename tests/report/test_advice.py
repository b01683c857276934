"""Which advice goes with which verdict: catalogue ids, in order (the words are the
catalogue's, reviewed in messages.snapshot.txt)."""

from __future__ import annotations

from typing import Any

import pytest

from honmono.brands.registry import load
from honmono.checks import Context
from honmono.core.model import Claim, Msg, Verdict
from honmono.core.settings import Settings
from honmono.mail.parse import parse
from honmono.report.advice import advice_for, badge_title, summary


def ctx(notice: dict[str, Any] | None = None) -> Context:
    c = Context(msg=parse(b"Subject: x\r\n\r\n"), settings=Settings(), brand=load(),
                claim=Claim(brand="Amazon"))
    if notice is not None:
        c.details["notice"] = notice
    return c


def ids(verdict: Verdict, notice: dict[str, Any] | None = None) -> list[str]:
    return [m.id for m in advice_for(verdict, ctx(notice))]


def test_phishing_and_not_amazon() -> None:
    assert ids(Verdict.PHISHING) == ["advice.dont_click", "advice.open_official",
                                     "advice.if_entered_account", "advice.if_entered_card",
                                     "advice.two_step"]
    assert ids(Verdict.NOT_AMAZON) == []


def test_a_notice_brings_the_message_center_sentence_once() -> None:
    signin = {"kind": "sign_in_attempt", "device": "Windows"}
    assert ids(Verdict.GENUINE, signin) == ["advice.genuine_check", "advice.notice_not_you",
                                            "advice.message_center_gaps", "advice.two_step"]
    assert ids(Verdict.GENUINE, {"kind": "one_time_password"})[1] == "advice.otp_not_you"
    assert ids(Verdict.SUSPICIOUS, signin).count("advice.message_center_gaps") == 1
    assert "advice.message_center_gaps" not in ids(Verdict.SUSPICIOUS)
    assert "advice.message_center_gaps" not in ids(Verdict.GENUINE)


@pytest.mark.parametrize("verdict", list(Verdict))
def test_summary_and_badge_per_verdict(verdict: Verdict) -> None:
    assert summary(verdict) == Msg(f"verdict.summary.{verdict.value}")
    assert badge_title(verdict) == Msg(f"verdict.badge.{verdict.value}")
