"""Helpers for the greeting, recipient, wording and notice tests: contexts from raw mail."""

from __future__ import annotations

from pathlib import Path

from honmono import Claim, Evidence, Settings, Signal
from honmono.brands.registry import load
from honmono.checks import Context
from honmono.checks.claim import detect_claim
from honmono.core.model import Msg
from honmono.mail.parse import parse
from honmono.mail.types import ParsedMessage
from honmono.report.catalog import LANGS, words

HERE = Path(__file__).resolve().parent
SEEDS = HERE.parents[1] / "fixtures" / "mail" / "seeds"
# The shared corpus sits beside the checkout (../shared). Not imported from conftest: with
# several conftest.py files in tests/, "from conftest import" picks whichever came first.
CORPUS = HERE.parents[3] / "shared" / "corpus"

NAME = "田中太郎"
ADDRESS = "taro@example.jp"
SETTINGS = Settings(trust_authserv=("mx.example.jp",), names=(NAME,), addresses=(ADDRESS,))


def ctx_for(raw: bytes, settings: Settings = SETTINGS, authenticated: bool = False) -> Context:
    msg = parse(raw)
    brand = load()
    ctx = Context(msg=msg, settings=settings, brand=brand, claim=detect_claim(msg, brand))
    if authenticated:
        # What the authentication check records for a DMARC pass from a trusted server.
        ctx.authenticated_domains.add("amazon.co.jp")
    return ctx


def ctx_for_text(text: str, subject: str = "", settings: Settings = SETTINGS,
                 recipients: list[str] | None = None) -> Context:
    """A context around a bare ParsedMessage: for property tests and hostile text."""
    from honmono.mail.types import Address

    msg = ParsedMessage(raw=b"", headers=[("Subject", subject)], subject=subject, text=text)
    msg.recipients = [Address("", a) for a in recipients or []]
    return Context(msg=msg, settings=settings, brand=load(),
                   claim=Claim(brand="Amazon", strong=True, reasons=("test",)))


def corpus_dir(name: str) -> Path:
    import pytest

    path = CORPUS / name
    if not path.is_dir():
        pytest.fail(f"shared corpus missing: {path}")
    return path


def seed(name: str) -> bytes:
    return (SEEDS / name).read_bytes()


def genuine_seeds() -> list[Path]:
    return sorted(SEEDS.glob("*-genuine_*.eml"))


def scam_seeds() -> list[Path]:
    return sorted(SEEDS.glob("*-scam_*.eml"))


def ids(evidence: list[Evidence]) -> list[str]:
    return [e.id for e in evidence]


def max_signal(evidence: list[Evidence]) -> Signal:
    return max((e.signal for e in evidence), default=Signal.NONE)


def shown(e: Evidence) -> str:
    """Everything the evidence says, in both languages (to look for what must not be shown)."""
    return " ".join(words(w, "amazon", lang) for w in (e.title, e.detail) for lang in LANGS)


def msg_ids(value: object) -> set[str]:
    """The catalogue ids a Msg uses, its own and those of the Msgs in its params."""
    if not isinstance(value, Msg):
        return set()
    return {value.id}.union(*(msg_ids(v) for v in value.params.values()))


def params_of(value: object, name: str) -> list[object]:
    """Every value given for the placeholder ``name`` in a Msg and the Msgs in its params."""
    if not isinstance(value, Msg):
        return []
    found = [v for k, v in value.params.items() if k == name]
    return found + [x for v in value.params.values() for x in params_of(v, name)]
