"""The advice: which next steps go with which verdict. The sentences are the catalogue's
(report/messages/*/advice.json, verdict.json; a brand's own words in
brands/<brand>/messages.*.json)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from honmono.core.model import Msg, Verdict

if TYPE_CHECKING:
    from honmono.checks import Context


def summary(verdict: Verdict, relayed: bool = False) -> Msg:
    if relayed and verdict is Verdict.GENUINE:
        # Sent by the brand, written by someone else: the green badge says only the former.
        return Msg("verdict.summary.genuine_relayed")
    return Msg(f"verdict.summary.{verdict.value}")


def badge_title(verdict: Verdict) -> Msg:
    return Msg(f"verdict.badge.{verdict.value}")


def advice_for(verdict: Verdict, ctx: Context) -> list[Msg]:
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
    if ctx.details.get("relay") and verdict is not Verdict.NOT_AMAZON:
        keys.insert(0, "relayed")
    return [Msg(f"advice.{k}") for k in keys]
