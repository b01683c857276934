"""The engine: raw bytes and settings in, a Report out. Pure apart from optional DNS."""

from __future__ import annotations

import importlib
import time
from functools import cache

from honmono.auth import fromrewrite
from honmono.auth.dns import TxtResolver
from honmono.brands import registry as brand_mod
from honmono.checks import Check, Context
from honmono.checks.claim import claim_of
from honmono.checks.sender import from_restored
from honmono.core.model import Evidence, Report
from honmono.core.settings import Settings
from honmono.core.verdict import decide
from honmono.mail.parse import parse
from honmono.mail.types import ParsedMessage
from honmono.report.advice import advice_for, badge_title, summary

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
    brands = brand_mod.registered()
    msg = parse(raw)
    report = None
    restored = next((r for b in brands if (r := fromrewrite.restore(msg, b)) is not None), None)
    if restored is not None:
        # A list rewrote From for DMARC: judged as restored only when the brand's signature
        # then verifies (checks/sender.from_restored), otherwise as it came.
        raw2, relay = restored
        relay_domain = relay.rpartition("@")[2].lower()
        report, ctx = _judge(parse(raw2), settings, resolver, brands, (relay_domain,))
        relayed = from_restored(ctx, msg, relay)
        if relayed is not None:
            report.evidence.insert(0, relayed)
            report.verdict = decide(report.claim, report.evidence)
            report.advice = advice_for(report.verdict, ctx)
            report.summary = summary(report.verdict, relayed="relay" in ctx.details)
            report.badge_title = badge_title(report.verdict)
        else:
            report = None
    if report is None:
        report, _ctx = _judge(msg, settings, resolver, brands, ())
    report.timing_ms = (time.perf_counter() - started) * 1000
    return report


def _judge(msg: ParsedMessage, settings: Settings, resolver: TxtResolver | None,
           brands: tuple[brand_mod.Brand, ...],
           relay_domains: tuple[str, ...]) -> tuple[Report, Context]:
    brand, claim = claim_of(msg, brands, settings.trust_authserv)
    ctx = Context(msg=msg, settings=settings, brand=brand, claim=claim, resolver=resolver,
                  relay_domains=relay_domains)
    evidence: list[Evidence] = []
    if claim.brand is not None:
        for check in _checks():
            evidence.extend(check(ctx))
    evidence.sort(key=lambda e: e.category)
    verdict = decide(claim, evidence)
    if msg.defects:
        ctx.details["defects"] = msg.defects[:20]
    return Report(verdict=verdict, claim=claim, evidence=evidence,
                  advice=advice_for(verdict, ctx),
                  summary=summary(verdict, relayed="relay" in ctx.details),
                  badge_title=badge_title(verdict), details=ctx.details, brand=brand.key), ctx

