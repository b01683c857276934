"""The advice: which next steps go with which verdict. The texts themselves are the
brand's (``brands/<brand>/facts/advice.json``, in the seeds' words)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from honmono.brands.registry import Brand
from honmono.core.model import Evidence, Text, Verdict

if TYPE_CHECKING:
    from honmono.checks import Context


def summary(verdict: Verdict, brand: Brand, relayed: bool = False) -> Text:
    if relayed and verdict is Verdict.GENUINE:
        # Sent by the brand, written by someone else: the green badge says only the former.
        return brand.relay.relay_texts["summary_genuine"]
    return brand.advice.advice_summaries[verdict.value]


def badge_title(verdict: Verdict, brand: Brand) -> Text:
    return brand.advice.badge_titles[verdict.value]


def advice_for(verdict: Verdict, ctx: Context, evidence: Iterable[Evidence]) -> list[Text]:
    texts = ctx.brand.advice.advice_texts
    notice = ctx.details.get("notice") or {}
    if verdict is Verdict.NO_CLAIM:
        keys: list[str] = []
    elif verdict is Verdict.PHISHING:
        keys = ["dont_click", "open_official", "if_entered_account", "if_entered_card",
                "two_step"]
    elif verdict is Verdict.SUSPICIOUS:
        keys = ["suspicious_wait", "open_official"]
        if notice.get("kind"):
            keys.append("message_center_gaps")
        keys += ["if_entered_account", "two_step"]
    else:
        keys = ["genuine_check"]
        if notice.get("kind"):
            # A notice with a date, device or place asks the reader to judge them; a
            # one-time-password mail has none, only the code nobody else may have.
            judged = any(notice.get(k) for k in ("datetime", "device", "location"))
            keys += ["notice_not_you" if judged else "otp_not_you",
                     "message_center_gaps", "two_step"]
    out = [texts[k] for k in keys]
    if ctx.details.get("relay") and verdict is not Verdict.NOT_AMAZON:
        out.insert(0, ctx.brand.relay.relay_texts["advice"])
    return out
