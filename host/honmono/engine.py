"""The engine: raw bytes and settings in, a Report out. Pure apart from optional DNS."""

from __future__ import annotations

import importlib
import time
from functools import cache

from honmono import brand as brand_mod
from honmono.advice import advice_for, badge_title, summary
from honmono.checks import Check, Context, TxtResolver
from honmono.claim import detect_claim
from honmono.message import parse
from honmono.model import Evidence, Report
from honmono.settings import Settings
from honmono.verdict import decide

# Evidence order follows DESIGN.md; each module is imported on first use.
CHECK_MODULES = (
    "honmono.checks.sender",
    "honmono.checks.auth",
    "honmono.checks.route",
    "honmono.checks.greeting",
    "honmono.checks.recipient",
    "honmono.checks.links",
    "honmono.checks.wording",
    "honmono.checks.notices",
    "honmono.checks.relay",
)


@cache
def _checks() -> tuple[Check, ...]:
    # Every family is required: a check missing from an installation must fail loudly,
    # never quietly leave its evidence out of the verdict.
    return tuple(importlib.import_module(name).check for name in CHECK_MODULES)


def analyse(raw: bytes, settings: Settings | None = None,
            resolver: TxtResolver | None = None) -> Report:
    settings = settings or Settings()
    started = time.perf_counter()
    brand = brand_mod.load()
    msg = parse(raw)
    claim = detect_claim(msg, brand, settings.trust_authserv)
    ctx = Context(msg=msg, settings=settings, brand=brand, claim=claim, resolver=resolver)
    evidence: list[Evidence] = []
    if claim.is_amazon:
        for check in _checks():
            evidence.extend(check(ctx))
    evidence.sort(key=lambda e: e.category)
    verdict = decide(claim, evidence)
    if msg.defects:
        ctx.details["defects"] = msg.defects[:20]
    report = Report(verdict=verdict, claim=claim, evidence=evidence,
                    advice=advice_for(verdict, ctx, evidence),
                    summary=summary(verdict, brand, relayed="relay" in ctx.details),
                    badge_title=badge_title(verdict, brand),
                    details=ctx.details)
    report.timing_ms = (time.perf_counter() - started) * 1000
    return report
