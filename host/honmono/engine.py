"""The engine: raw bytes and settings in, a Report out. Pure apart from optional DNS."""

from __future__ import annotations

import importlib
import time
from functools import cache

from honmono.auth import fromrewrite
from honmono.auth.dns import TxtResolver
from honmono.brands import registry as brand_mod
from honmono.checks import Check, Context
from honmono.checks.claim import detect_claim
from honmono.core.model import Category, Evidence, Msg, Report, Signal, Status, Verdict
from honmono.core.settings import Settings
from honmono.core.verdict import decide
from honmono.mail.parse import parse
from honmono.mail.types import ParsedMessage
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
    brand = brand_mod.load(BRAND)
    msg = parse(raw)
    report = None
    restored = fromrewrite.restore(msg, brand)
    if restored is not None:
        # A list rewrote From for DMARC: judged as restored only when Amazon's signature
        # then verifies (fromrewrite), otherwise as it came.
        raw2, relay = restored
        relay_domain = relay.rpartition("@")[2].lower()
        report, ctx = _judge(parse(raw2), settings, resolver, brand, (relay_domain,))
        if report.details.get("auth", {}).get("local") == "pass":
            vouched = _sealed_by_trusted(msg, settings, resolver)
            report.evidence.insert(0, _relayed(relay, vouched))
            report.verdict = decide(report.claim, report.evidence)
            report.advice = advice_for(report.verdict, ctx)
            report.summary = summary(report.verdict, relayed="relay" in ctx.details)
            report.badge_title = badge_title(report.verdict)
        else:
            report = None
    if report is None:
        report, _ctx = _judge(msg, settings, resolver, brand, ())
    report.timing_ms = (time.perf_counter() - started) * 1000
    return report


def _judge(msg: ParsedMessage, settings: Settings, resolver: TxtResolver | None,
           brand: brand_mod.Brand, relay_domains: tuple[str, ...]) -> tuple[Report, Context]:
    claim = detect_claim(msg, brand, settings.trust_authserv)
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
                  badge_title=badge_title(verdict), details=ctx.details, brand=BRAND), ctx


def _sealed_by_trusted(msg: ParsedMessage, settings: Settings,
                       resolver: TxtResolver | None) -> bool:
    """Whether the mail as it arrived carries a valid ARC chain sealed by sealers the
    user trusts (the list's seal covers the rewritten From, not the restored one)."""
    from honmono.auth import arc
    from honmono.auth.dns import DnsConfigError, resolver_for

    if not settings.trust_authserv:
        return False
    try:
        r = resolver if resolver is not None and not settings.offline else resolver_for(settings)
    except DnsConfigError:
        return False
    result = arc.verify(msg, r, settings.trust_authserv)
    return result.chain == "pass" and result.trusted_from() is not None


def _relayed(relay: str, trusted: bool) -> Evidence:
    """The list that rewrote From: the content verified as Amazon's, relayed by a list.
    Genuine only when a sealer the user trusts vouches for the hop (ARC)."""
    return Evidence(
        "sender.from_restored", Category.SENDER, Status.WARN,
        Msg("sender.from_restored.title", {"list": relay}),
        Msg("sender.from_restored.detail", {"list": relay}),
        "X-Original-From", Signal.NONE if trusted else Signal.DOUBT,
        ceiling=None if trusted else Verdict.SUSPICIOUS)
