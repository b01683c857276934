"""What each witness says about a mail whose From may be the brand's: the facts the trust
policy (``auth.decision``) decides on, gathered once and then read-only.

* LOCAL — our own DKIM verification (``auth.dkim``) of the brand's signatures, and whether
  one that verifies aligns with From (``auth.dmarc``): ``LocalState``;
* SERVER — the trusted Authentication-Results block of the user's receiving server
  (``auth.arh``), believed only when unanimous: ``ServerState``;
* ARC — the earliest statement in a forwarder's sealed chain that the brand's
  authentication passed for this From, and whether every sealer from it onwards is one the
  user trusts (``auth.arc``): ``ArcState``.

Keys are looked up only for brand domains and the brand's delivery service (``relevant``;
ARC: sealers the user trusts): asking for any other key tells its owner the mail was
opened, and cannot change the verdict. checks/auth.py's module doc has the whole policy.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from honmono.auth import arc as arc_mod
from honmono.auth import arh as arh_mod
from honmono.auth import dkim as dkimcheck
from honmono.auth import dmarc
from honmono.auth.dns import DnsConfigError, RecordingResolver, TxtResolver, resolver_for
from honmono.brands.registry import Brand
from honmono.core.settings import Settings
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain, within
from honmono.net.lookalike import Reason, lookalike_of


class LocalState(StrEnum):
    """What our own verification of the brand's signatures says (best first)."""

    PASS = "pass"  # a brand signature that aligns with From verifies
    DANGER = "danger"  # one verifies but covers too little, or uses weak crypto
    FAIL = "fail"  # one does not verify, or is malformed
    UNALIGNED = "unaligned"  # one verifies, by another brand domain than From's
    UNKNOWN = "unknown"  # brand signatures, none checkable (key gone, DNS, offline, cut)
    NONE = "none"  # no brand signature at all


class ServerState(StrEnum):
    """What the user's trusted receiving server says about the brand's authentication."""

    PASS = "pass"
    FAIL = "fail"
    UNKNOWN = "unknown"  # it spoke, but not decisively (or about one of several Froms)
    ABSENT = "absent"  # no trusted Authentication-Results


class ArcState(StrEnum):
    """What a forwarder's sealed record says: a pass for this From, and by whom."""

    NONE = "none"  # no valid record of a pass for this From
    TRUSTED = "trusted"  # sealed by sealers the user trusts, from that record onwards
    UNTRUSTED = "untrusted"  # anyone can seal such a record with their own domain


@dataclass(frozen=True)
class Signature:
    res: dkimcheck.SignatureResult
    brand: bool
    aligned: bool
    esp: bool
    lookalike: Reason | None  # why its domain imitates the brand

    @property
    def source(self) -> str:
        return f"DKIM-Signature d={self.res.domain} s={self.res.selector}"


@dataclass(frozen=True)
class Facts:
    brand_name: str
    from_domain: str
    brand_from: bool
    sigs: list[Signature]
    dm: dmarc.DmarcResult
    report: arh_mod.ArhReport
    arc: arc_mod.ArcResult
    dns_mode: str
    recorder: RecordingResolver | None
    local: LocalState = LocalState.NONE
    server: ServerState = ServerState.ABSENT
    single_from: bool = True
    # The trusted server's dkim passes for the From's domain (what it says it verified).
    named: list[arh_mod.ResInfo] = field(default_factory=list)
    # Content dangers of brand signatures, whatever their key status, and
    # "unread_signatures" when there were more than dkimcheck.MAX_READ.
    exposed: list[str] = field(default_factory=list)
    # Brand signatures through which the server's pass can prove this mail (_backing).
    backing: list[Signature] = field(default_factory=list)
    # The ARC statement of a pass for this From (brand From only) and who vouches for it.
    arc_claim: tuple[arc_mod.ArcInstance, arh_mod.ResInfo] | None = None
    arc_state: ArcState = ArcState.NONE
    # Why the --dns-records file could not be read ("": it could, or none was given).
    dns_error: str = ""


OFFLINE_REASON = "offline: keys not looked up"
IRRELEVANT_REASON = "not checked: not relevant to the brand"
# Why an unverified brand signature was not verified, where that says nothing against
# it: no lookup allowed, or the mail was cut. With a key lookup that failed (temperror)
# or found nothing (key_missing: old genuine mail, and every forger's invented
# signature), such a signature backs the server's pass only when the server names it.
_UNVERIFIABLE = ("offline", "truncated")


def _resolver(settings: Settings,
              given: TxtResolver | None) -> tuple[TxtResolver | None, str, str]:
    """(resolver, mode, error). Offline beats everything (zero lookups, even with a
    resolver handed in), except a records file, which is local data rather than DNS."""
    try:
        if settings.offline or given is None:
            r = resolver_for(settings)
            mode = ("file" if settings.dns_records is not None else
                    "offline" if r is None else "network")
            return r, mode, ""
    except DnsConfigError as exc:
        return None, "offline", str(exc)
    return given, "injected", ""


def _relevant(domain: str, brand: Brand) -> bool:
    """Whether a signature by ``domain`` can matter, so that its key may be looked up."""
    return is_brand_domain(domain, brand) or within(domain, brand.auth.esp_signing_domains)


def _classify(res: dkimcheck.SignatureResult, from_domain: str, brand: Brand) -> Signature:
    return Signature(res=res, brand=is_brand_domain(res.domain, brand),
                     aligned=dmarc.aligned(res.domain, from_domain),
                     esp=within(res.domain, brand.auth.esp_signing_domains),
                     lookalike=lookalike_of(res.domain, brand) if res.domain else None)


def names(r: arh_mod.ResInfo, res: dkimcheck.SignatureResult) -> bool:
    """Whether a dkim result (ARH or ARC) is about this signature: the same d= (or an i=
    within it), and the same b= start or selector where the result gives one."""
    d = r.prop("header.d").strip().lower().rstrip(".")
    if d:
        if d != res.domain:
            return False
    elif not within(dkim_domain(r), (res.domain,)):
        return False
    b = re.sub(r"\s+", "", r.prop("header.b"))
    if len(b) >= 8:
        return dkimcheck.b_matches(res.b_prefix, b)
    sel = (r.prop("header.s") or r.prop("header.selector")).strip().lower()
    return not sel or sel == res.selector


def _priority(named: list[arh_mod.ResInfo], from_domain: str,
              brand: Brand) -> Callable[[dkimcheck.SignatureResult], tuple[int, bool]]:
    """The order of key lookups: the signature the user's server names, then the brand's
    aligned with From, the brand's others, the delivery service's; within each, those
    whose bh= matches the body first (a junk signature rarely does)."""

    def key(res: dkimcheck.SignatureResult) -> tuple[int, bool]:
        if any(names(r, res) for r in named):
            rank = 0
        elif is_brand_domain(res.domain, brand):
            rank = 1 if dmarc.aligned(res.domain, from_domain) else 2
        else:
            rank = 3
        return rank, res.body_hash_ok is not True

    return key


def gather(msg: ParsedMessage, settings: Settings, brand: Brand,
           given: TxtResolver | None) -> Facts:
    """Every witness's word on ``msg`` (``given``: a resolver the caller injects)."""
    resolver, mode, dns_error = _resolver(settings, given)
    recorder = RecordingResolver(resolver) if resolver is not None else None
    from_dom, single = dmarc.from_domain(msg)
    brand_doms = sorted({a.domain for a in msg.from_ if is_brand_domain(a.domain, brand)})
    # Several From addresses, one of them the brand's: still a brand claim (so a missing
    # signature is still decisive), but nothing can align with an ambiguous From.
    brand_from = bool(brand_doms)
    if brand_doms and not single:
        from_dom = brand_doms[0]
    report = arh_mod.collect(msg.headers, settings.trust_authserv)
    named = ([r for r in report.results("dkim")
              if r.result == "pass" and dmarc.aligned(dkim_domain(r), from_dom)]
             if brand_from and single else [])
    results = dkimcheck.verify_all(
        msg, recorder, OFFLINE_REASON, relevant=lambda d: _relevant(d, brand),
        irrelevant_reason=IRRELEVANT_REASON, priority=_priority(named, from_dom, brand),
        truncated=settings.truncated)
    sigs = [_classify(r, from_dom if single else "", brand) for r in results]
    # The policy is for the explanation only; a mail without signatures must cost nothing.
    dm = dmarc.evaluate(msg, results, recorder, lookup_policy=brand_from and bool(results))
    exposed = sorted({d for s in sigs if s.brand for d in s.res.content_dangers})
    if len(results) >= dkimcheck.MAX_READ and dkimcheck.signature_count(msg) > len(results):
        exposed.append("unread_signatures")
    local = _local_state(sigs)
    # ARC costs key lookups; it is only worth them when the signature cannot decide.
    if brand_from and local != LocalState.PASS:
        arc = arc_mod.verify(msg, recorder, settings.trust_authserv)
    else:
        arc = arc_mod.present(msg, settings.trust_authserv)
    claim = (_arc_claim(arc, from_dom, single)
             if brand_from and arc.chain in ("pass", "untrusted") else None)
    return Facts(brand_name=brand.name, from_domain=from_dom, brand_from=brand_from,
                 sigs=sigs, dm=dm, report=report, arc=arc, dns_mode=mode, recorder=recorder,
                 local=local, server=_server_state(report, brand_from, single, from_dom),
                 single_from=single, named=named, exposed=exposed,
                 backing=_backing(sigs, named), arc_claim=claim,
                 arc_state=(ArcState.NONE if claim is None else
                            ArcState.TRUSTED if arc_trusted(arc, claim[0]) else
                            ArcState.UNTRUSTED),
                 dns_error=dns_error)


def _unverifiable(r: dkimcheck.SignatureResult) -> bool:
    return (r.result == "temperror" or r.key_missing
            or (r.result == "unchecked" and r.skipped in _UNVERIFIABLE))


def _backing(sigs: list[Signature], named: list[arh_mod.ResInfo]) -> list[Signature]:
    """Brand signatures through which the server's pass proves this mail: clean ones that
    verify, or unverifiable ones that the server names. A forger can always add a
    signature whose key is "missing"; it cannot make the user's server name it."""
    return [s for s in sigs
            if s.brand and not s.res.content_dangers
            and (s.res.result == "pass"
                 or (_unverifiable(s.res) and any(names(n, s.res) for n in named)))]


def _local_state(sigs: list[Signature]) -> LocalState:
    brand = [s for s in sigs if s.brand]
    r = [s.res for s in brand]
    if any(s.res.result == "pass" and s.aligned for s in brand):
        return LocalState.PASS
    if any(x.result == "policy" for x in r):
        return LocalState.DANGER
    if any(x.result == "fail" or (x.result == "permerror" and x.malformed) for x in r):
        return LocalState.FAIL
    if any(x.result == "pass" for x in r):
        return LocalState.UNALIGNED
    if r:
        return LocalState.UNKNOWN
    return LocalState.NONE


def _about_from(r: arh_mod.ResInfo, from_domain: str) -> bool:
    """A DMARC result is about this mail's From only when it names that very domain."""
    hf = r.prop("header.from").strip().lower().rstrip(".")
    return bool(hf) and hf == from_domain.lower()


def dkim_domain(r: arh_mod.ResInfo) -> str:
    d = r.prop("header.d")
    if not d:
        d = r.prop("header.i").rpartition("@")[2]
    return d.strip().lower().rstrip(".")


def _server_state(report: arh_mod.ArhReport, brand_from: bool, single_from: bool,
                  from_domain: str) -> ServerState:
    if not report.used:
        return ServerState.ABSENT
    if not brand_from or not single_from:
        return ServerState.UNKNOWN  # a pass for one of several From addresses proves nothing
    dmarcs = [r for r in report.results("dmarc") if _about_from(r, from_domain)]
    dkims = [r for r in report.results("dkim") if dmarc.aligned(dkim_domain(r), from_domain)]
    # A failure beside a pass is a failure: only an unanimous server is believed.
    if any(r.result == "fail" for r in dmarcs):
        return ServerState.FAIL
    if any(r.result == "pass" for r in dmarcs):
        return ServerState.PASS
    if not dmarcs and any(r.result == "pass" for r in dkims):
        return ServerState.PASS
    if any(r.result in ("fail", "permerror") for r in dkims) and not any(
            r.result == "pass" for r in dkims):
        return ServerState.FAIL
    return ServerState.UNKNOWN


def _arc_claim(arc: arc_mod.ArcResult, from_domain: str,
               single_from: bool) -> tuple[arc_mod.ArcInstance, arh_mod.ResInfo] | None:
    """The earliest statement in a valid chain that the brand's authentication passed
    for this From (preferring one about a signature that is in the mail and broke)."""
    claims: list[tuple[arc_mod.ArcInstance, arh_mod.ResInfo]] = []
    if not single_from:
        return None
    for inst, r in arc_mod.attestations(arc):
        if r.result != "pass":
            continue
        about_dmarc = r.method == "dmarc" and _about_from(r, from_domain)
        about_dkim = r.method == "dkim" and dmarc.aligned(dkim_domain(r), from_domain)
        if about_dmarc or about_dkim:
            claims.append((inst, r))
    claims.sort(key=lambda c: c[0].instance)
    return claims[0] if claims else None


def arc_trusted(arc: arc_mod.ArcResult, inst: arc_mod.ArcInstance) -> bool:
    """Whether every sealer from ``inst`` to the newest is one the user trusts."""
    first = arc.trusted_from()
    return first is not None and inst.instance >= first
