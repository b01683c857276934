"""The shapes every part of Honmono shares: evidence, verdicts, the report.

Words are not written here: evidence, advice and summaries name a sentence of the message
catalogue (``Msg``: an id and its parameters), and the report layer turns them into
Japanese or English at the edge (``honmono.report.render``), so the CLI, the host and the
extension render the same report in either language without re-running checks. Checks not
yet moved to the catalogue still write both languages themselves (``Text``); the renderer
takes either (tests/report/test_words_ratchet.py lists those checks).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, TypeAlias


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    INFO = "info"


class Verdict(StrEnum):
    GENUINE = "genuine"
    PHISHING = "phishing"
    SUSPICIOUS = "suspicious"
    # The mail does not speak as the brand. Protocol 1 calls it "not_amazon", whatever
    # the brand; NOT_AMAZON is the same member under that name (an alias, not a fifth
    # verdict), kept while callers still use it.
    NO_CLAIM = "not_amazon"
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
    ATTACHMENTS = 8
    NOTICE = 9

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
    """Both languages written out by a check: the form being replaced by ``Msg``."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        return self.ja if lang == "ja" else self.en


@dataclass(frozen=True, slots=True)
class Msg:
    """A sentence of the catalogue (report/messages, brands/<brand>/messages) and the values
    of its $PLACEHOLDER$s. A value is shown as it is (text from the mail, a number), or is
    itself words: a ``Msg`` (a kind of file, a sentence to append), a ``Text``, ``Items``."""

    id: str
    params: Mapping[str, Param] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Items:
    """A list shown in one placeholder ("a.pdf, b.html (+3)"): ``more`` untold ones."""

    values: tuple[Param, ...]
    more: int = 0


@dataclass(frozen=True, slots=True)
class InLanguage:
    """Words in a report's ``details`` that protocol 1 carries in one language whatever
    the report's: the link list's ``reason`` (English) beside its ``reason_ja``, a
    signature's ``lookalike`` (English). report/render.py says them."""

    words: Msg
    lang: str


# The evidence ``source`` for the mail's body: a key of the wire that the panel puts into
# the reader's language (its srcBody string), like "From" or "Subject".
SOURCE_BODY = "body"

Param: TypeAlias = "str | int | Text | Msg | Items"
# What a title, a detail, an advice or a summary is while checks move to the catalogue.
Words: TypeAlias = "Text | Msg"


@dataclass(frozen=True, slots=True)
class Evidence:
    id: str
    category: Category
    status: Status
    title: Words
    detail: Words
    source: str = ""
    signal: Signal = Signal.NONE
    # The best verdict this evidence allows, whatever proves the sender: a signature proves
    # who sent a mail, not who wrote it, so a lure in text a third party wrote (or any
    # request to get in touch off Amazon) keeps even a signed mail from the green badge.
    ceiling: Verdict | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """Which brand the mail presents itself as (None: none), and on what grounds."""

    brand: str | None
    strong: bool = False
    # Catalogue sentences (claim.*); protocol 1 shows them in English.
    reasons: tuple[Msg, ...] = ()
    # Where the brand's name is written with look-alike characters ("Amаzon", Cyrillic а):
    # no genuine sender disguises its own name.
    disguised: tuple[str, ...] = ()
    # The organisation a sender names itself as (consistent with its signing From domain),
    # when that is why its mentions of Amazon are not a claim.
    third_party: str = ""


@dataclass(slots=True)
class Report:
    verdict: Verdict
    claim: Claim
    evidence: list[Evidence]
    advice: Sequence[Words]
    summary: Words
    badge_title: Words
    # The brand it was judged against (its key, brands/<brand>/): whose facts, and whose
    # catalogue renders it, brands/<brand>/messages.*.json before report/messages.
    brand: str
    details: dict[str, Any] = field(default_factory=dict)
    timing_ms: float = 0.0


# The toolbar badge for each verdict (symbol, colour): the same in the CLI's JSON and the
# extension, whose DEFAULT_BADGES (extension/lib/protocol.js) a test holds equal to this.
# Symbols and colours are the product's; the tooltip names the brand, so it is data.
BADGES: dict[Verdict, tuple[str, str | None]] = {
    Verdict.GENUINE: ("✓", "#2e7d32"),
    Verdict.PHISHING: ("!", "#c62828"),
    Verdict.SUSPICIOUS: ("?", "#f9a825"),
    Verdict.NO_CLAIM: ("", None),
}


def badge_for(verdict: Verdict, title: str) -> dict[str, str | None]:
    text, color = BADGES[verdict]
    return {"text": text, "color": color, "title": title}
