"""The engine: raw bytes and settings in, a Report out. Pure apart from optional DNS."""

from __future__ import annotations

import importlib
import time
from functools import cache

from honmono.auth.dns import TxtResolver
from honmono.brands import registry as brand_mod
from honmono.checks import Check, Context
from honmono.checks.claim import detect_claim
from honmono.core.model import Evidence, Report
from honmono.core.settings import Settings
from honmono.core.verdict import decide
from honmono.mail.parse import parse
from honmono.report.advice import advice_for, badge_title, summary

# The brand judged (brands/<BRAND>/): its facts, and its catalogue renders the report.
BRAND = "amazon"

# Evidence is shown in the order of its category (DESIGN.md); modules run in this order,
# each imported on first use. Attachments run before links: they hand it the links found
# in files and QR codes.
CHECK_MODULES = (
    "honmono.checks.sender",
    "honmono.checks.auth",
    "honmono.checks.route",
    "honmono.checks.greeting",
    "honmono.checks.recipient",
    "honmono.checks.attachments",
    "honmono.checks.links",
    "honmono.checks.wording",
    "honmono.checks.notices",
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
    brand = brand_mod.load(BRAND)
    msg = parse(raw)
    claim = detect_claim(msg, brand)
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
                    advice=advice_for(verdict, ctx), summary=summary(verdict),
                    badge_title=badge_title(verdict), details=ctx.details, brand=BRAND)
    report.timing_ms = (time.perf_counter() - started) * 1000
    return report
