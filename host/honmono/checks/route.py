"""Route (Category.ROUTE): which host handed the mail to the user's own server.

Received lines are prepended hop by hop, so only the lines written by the user's own
(trusted) servers are facts; everything below the line in which the trusted server
records the hand-off from the outside was written before the mail reached it — by the
sender, for all anyone knows. A phisher can write "from a1-2.smtp-out.amazonses.com" as
easily as anything else.

Even the true hand-off host is weak evidence: Amazon SES delivers the mail of every AWS
customer, phishers included. So the route is shown, never weighed above DOUBT: an Amazon
mail that did not come from Amazon's hosts (forwarded, or forged) is a doubt, and an
Amazon-looking route proves nothing.
"""

from __future__ import annotations

from honmono.auth import arh as arh_mod
from honmono.auth.arh import Hop, handoff, hops, trusted_orgs
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Msg, Param, Signal, Status
from honmono.net.domains import is_brand_domain, organisational, within

C = Category.ROUTE


def _ev(eid: str, status: Status, title: Msg, detail: Msg, source: str,
        signal: Signal = Signal.NONE) -> Evidence:
    return Evidence(eid, C, status, title, detail, source, signal)


def _brand_from(ctx: Context) -> bool:
    doms = {a.domain for a in ctx.msg.from_ if a.domain}
    return len(doms) == 1 and is_brand_domain(next(iter(doms)), ctx.brand)


def _handoff_evidence(ctx: Context, hand: Hop, suffixes: tuple[str, ...]) -> Evidence:
    """Who handed the mail to the user's server, as that server recorded it."""
    shown = f"{hand.host or '?'} [{hand.ip}]"
    src = f"Received (by {hand.by})"
    how: Param = "" if hand.rdns else Msg("route.name_unverified")
    if hand.host and within(hand.host, suffixes) and hand.rdns:
        shared = within(hand.host, ctx.brand.auth.esp_signing_domains)
        note = (Msg("route.note.shared", {"org": organisational(hand.host)}) if shared
                else Msg("route.note.plain"))
        return _ev("route.brand_host", Status.PASS,
                   Msg("route.brand_host.title", {"shown": shown}),
                   Msg("route.brand_host.detail", {"by": hand.by, "note": note}), src)
    if _brand_from(ctx):
        usual = ", ".join(f"*.{x}" for x in suffixes[:2])
        return _ev("route.foreign_host", Status.WARN, Msg("route.foreign_host.title"),
                   Msg("route.foreign_host.detail",
                       {"by": hand.by, "shown": shown, "how": how, "usual": usual}),
                   src, Signal.DOUBT)
    return _ev("route.handoff", Status.INFO, Msg("route.handoff.title", {"shown": shown}),
               Msg("route.handoff.detail", {"by": hand.by, "how": how}), src)


def _unverified_evidence(ctx: Context, route: list[Hop], hand: Hop | None,
                         suffixes: tuple[str, ...]) -> list[Evidence]:
    """The Received lines below the hand-off: anyone may have written them."""
    below = [h for h in route if hand is None or h.position > hand.position]
    claims = [h for h in below if h.host and within(h.host, suffixes)]
    if not below or not (claims or hand is None):
        return []
    why = Msg("route.unverified.below_handoff" if hand else
              "route.unverified.no_receipt" if ctx.settings.trust_authserv else
              "route.unverified.no_trusted_server")
    detail = (Msg("common.sentences", {"first": why, "next": Msg(
        "route.unverified.brand_claims", {"count": len(claims), "host": claims[0].host})})
        if claims else why)
    return [_ev("route.unverified", Status.INFO,
                Msg("route.unverified.title", {"count": len(below)}), detail, "Received")]


def check(ctx: Context) -> list[Evidence]:
    route = hops(ctx.msg.headers)
    suffixes = ctx.brand.senders.route_host_suffixes
    orgs = trusted_orgs(ctx.settings.trust_authserv)
    hand = handoff(route, orgs)
    out: list[Evidence] = []
    if hand is not None:
        out.append(_handoff_evidence(ctx, hand, suffixes))
    elif orgs and route:
        out.append(_ev("route.no_handoff", Status.INFO, Msg("route.no_handoff.title"),
                       Msg("route.no_handoff.detail"), "Received"))
    out += _unverified_evidence(ctx, route, hand, suffixes)
    out += _envelope(ctx)
    ctx.details["route"] = {"handoff": hand.as_dict() if hand else None,
                            "hops": [h.as_dict() for h in route[:30]]}
    return out


def _envelope(ctx: Context) -> list[Evidence]:
    """Return-Path itself is the sender check's; here only what the trusted server's SPF
    check adds to it: the sending host was allowed to use that envelope domain."""
    report = arh_mod.collect(ctx.msg.headers, ctx.settings.trust_authserv)
    bounce = ctx.brand.senders.bounce_domains
    for r in report.results("spf"):
        mailfrom = r.prop("smtp.mailfrom")
        dom = mailfrom.rpartition("@")[2].strip().rstrip(".>").lower()
        if r.result == "pass" and dom and within(dom, bounce):
            return [_ev("route.envelope_spf", Status.PASS,
                        Msg("route.envelope_spf.title", {"domain": dom}),
                        Msg("route.envelope_spf.detail",
                            {"server": report.server, "domain": dom}),
                        f"Authentication-Results ({report.server})")]
    return []
