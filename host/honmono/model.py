"""The shapes every part of Honmono shares: evidence, verdicts, the report.

Texts are bilingual from the start (``Text``) so that the CLI, the host and the
extension can render the same report in Japanese or English without re-running checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    INFO = "info"


class Verdict(StrEnum):
    GENUINE = "genuine"
    PHISHING = "phishing"
    SUSPICIOUS = "suspicious"
    NOT_AMAZON = "not_amazon"


class Category(IntEnum):
    """Evidence groups, valued in the order the panel shows them (DESIGN.md, Evidence)."""

    SENDER = 1
    AUTH = 2
    ROUTE = 3
    GREETING = 4
    RECIPIENT = 5
    LINKS = 6
    WORDING = 7
    NOTICE = 8

    @property
    def key(self) -> str:
        return self.name.lower()


class Signal(IntEnum):
    """How much one item of evidence weighs in the verdict (see verdict.py).

    PROOF: cryptographic proof that Amazon sent it. DECISIVE: phishing on its own.
    RED_FLAG: turns an unauthenticated Amazon claim into phishing. DOUBT: keeps a mail
    from being genuine and makes it suspicious. NONE: shown, not weighed.
    """

    NONE = 0
    DOUBT = 1
    RED_FLAG = 2
    DECISIVE = 3
    PROOF = 4


@dataclass(frozen=True, slots=True)
class Text:
    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True, slots=True)
class Evidence:
    id: str
    category: Category
    status: Status
    title: Text
    detail: Text
    source: str = ""
    signal: Signal = Signal.NONE
    # Keeps proof from making the mail genuine (at most suspicious): a fact that leaves
    # Amazon's signature intact yet shows the mail is not Amazon's mail to this reader —
    # a replay to someone else, an unreadable reply target, links added after signing.
    caps: bool = False

    def render(self, lang: str) -> dict[str, Any]:
        return {
            "id": self.id,
            "category": self.category.key,
            "status": self.status.value,
            "title": self.title.get(lang),
            "detail": self.detail.get(lang),
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Claim:
    """Whether the mail presents itself as Amazon, and on what grounds."""

    is_amazon: bool
    strong: bool = False
    reasons: tuple[str, ...] = ()
    # Where the brand's name is written with look-alike characters ("Amаzon", Cyrillic а):
    # no genuine sender disguises its own name.
    disguised: tuple[str, ...] = ()


@dataclass(slots=True)
class Report:
    verdict: Verdict
    claim: Claim
    evidence: list[Evidence]
    advice: list[Text]
    summary: Text
    badge_title: Text
    details: dict[str, Any] = field(default_factory=dict)
    timing_ms: float = 0.0

    def render(self, lang: str) -> dict[str, Any]:
        from honmono.badge import badge_for

        return {
            "verdict": self.verdict.value,
            "badge": badge_for(self.verdict, self.badge_title, lang),
            "summary": self.summary.get(lang),
            "claim": {"is_amazon": self.claim.is_amazon, "reasons": list(self.claim.reasons)},
            "evidence": [e.render(lang) for e in self.evidence],
            "advice": [a.get(lang) for a in self.advice],
            "details": self.details,
            "timing_ms": round(self.timing_ms, 3),
        }
