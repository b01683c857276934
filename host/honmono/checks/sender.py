"""Sender: From address and display name, Reply-To and Return-Path against the brand's domains.

All of these are written by the sender, so a match proves nothing (signal NONE); a
mismatch, in a mail that presents itself as the brand, is what gives phishing away.
Sentences are in report/messages/<lang>/sender.json.
"""

from __future__ import annotations

import email.utils
from typing import Any

from honmono.auth import fromrewrite
from honmono.checks import Context
from honmono.checks.claim import own_domain_authenticated
from honmono.checks.links import reason_msg
from honmono.checks.urljudge import Kind, host_finding, judge_href
from honmono.core.model import SOURCE_BODY, Category, Evidence, Items, Msg, Signal, Status, Verdict
from honmono.mail import replytargets
from honmono.mail.types import Address, ParsedMessage
from honmono.net.domains import is_brand_domain, organisational, within
from honmono.net.lookalike import judge_host
from honmono.text.normalize import strip_invisible

C = Category.SENDER
# Where a disguised name was found (claim.disguised), as a source the panel names.
_DISGUISE_SOURCE = {"display name": "From", "subject": "Subject",
                    "forwarded sender": SOURCE_BODY}


def _msg(id_: str, **params: Any) -> Msg:
    return Msg(f"sender.{id_}", params)


def _header(field: str, value: str) -> Msg:
    return _msg("header_value", field=field, value=value)


def _from_evidence(sender: Address, ctx: Context) -> list[Evidence]:
    dom = sender.domain
    shown = f"{sender.display} <{sender.addr}>" if sender.display else sender.addr
    if not dom:
        return [Evidence("sender.from_missing_domain", C, Status.FAIL,
                         _msg("from_missing_domain.title"), _header("From", shown), "From",
                         Signal.RED_FLAG)]
    if is_brand_domain(dom, ctx.brand):
        return [Evidence("sender.from_official", C, Status.PASS,
                         _msg("from_official.title", domain=dom),
                         _msg("from_official.detail"), "From")]
    judged = judge_host(dom, ctx.brand)
    finding = host_finding(judged, ctx.brand) if judged.imitates else None
    if finding:
        return [Evidence("sender.from_lookalike", C, Status.FAIL,
                         _msg("from_lookalike.title", domain=dom),
                         _msg("from_lookalike.detail", shown=shown,
                              reason=reason_msg(finding)),
                         "From", Signal.DECISIVE)]
    if ctx.claim.strong and _openly_for_brand(sender, ctx):
        return [Evidence("sender.from_foreign_signed", C, Status.WARN,
                         _msg("from_foreign_signed.title", domain=dom),
                         _msg("from_foreign_signed.detail", shown=shown), "From",
                         Signal.DOUBT, ceiling=Verdict.SUSPICIOUS)]
    if ctx.claim.strong:
        return [Evidence("sender.from_foreign", C, Status.FAIL,
                         _msg("from_foreign.title", domain=dom), _header("From", shown), "From",
                         Signal.DECISIVE)]
    return [Evidence("sender.from_foreign_weak", C, Status.WARN,
                     _msg("from_foreign_weak.title", domain=dom), _header("From", shown), "From",
                     Signal.DOUBT)]


# Where a link may lead and still be the brand's own site, or no site at all (mailto:).
_OWN_OR_NONWEB = frozenset({Kind.OFFICIAL, Kind.NONWEB})


def _openly_for_brand(sender: Address, ctx: Context) -> bool:
    """The mail names itself as the brand, from an organisation's own domain that signs it,
    with no disguise, no attachment and every link on the brand's own sites: how an agency
    or partner writes for the brand ("アマゾンジャパン 広報事務局" at a PR agency). Such a
    sender gains nothing from the brand's links; a forger gains only a reply or a call,
    which the wording and reply checks weigh on their own. Never proof: a doubt at most."""
    msg = ctx.msg
    if ctx.claim.disguised or msg.file_names or msg.forwarded_from:
        return False
    org = organisational(sender.domain)
    if not org or within(sender.domain, ctx.brand.claim.personal_mail_domains):
        return False
    if not own_domain_authenticated(msg, org, ctx.settings.trust_authserv):
        return False
    kinds = [{f.kind for f in judge_href(link.href, ctx.brand).findings}
             for link in msg.links + msg.unshown_links]
    return bool(kinds) and all(k <= _OWN_OR_NONWEB for k in kinds) and any(
        Kind.OFFICIAL in k for k in kinds)


def _display_tricks(sender: Address, raw_from: str) -> list[Evidence]:
    out: list[Evidence] = []
    # An address in the display name that differs from the real one is meant to be read
    # instead of it: "account@amazon.co.jp" <x@evil.example>.
    shown = email.utils.parseaddr(sender.display.replace("\"", ""))[1]
    if "@" in sender.display and shown and shown.lower() != sender.addr.lower():
        out.append(Evidence("sender.display_address_mismatch", C, Status.FAIL,
                            _msg("display_address_mismatch.title"),
                            _msg("display_address_mismatch.detail",
                                 display=repr(sender.display), address=sender.addr),
                            "From", Signal.DECISIVE))
    if strip_invisible(raw_from) != raw_from:
        out.append(Evidence("sender.hidden_characters", C, Status.FAIL,
                            _msg("hidden_characters.title"), _msg("hidden_characters.detail"),
                            "From", Signal.RED_FLAG))
    return out


def _reply_and_bounce(ctx: Context) -> list[Evidence]:
    out: list[Evidence] = []
    # Every header Thunderbird's Reply or Reply All may write to (replytargets).
    for fld in replytargets.fields(ctx.msg):
        eid = "sender." + fld.name.lower().replace("-", "_")
        if fld.unreadable:
            out.append(Evidence(eid + "_unreadable", C, Status.WARN,
                                _msg("reply_unreadable.title", field=fld.name),
                                _header(fld.name, fld.raw.strip()[:200]),
                                fld.name, Signal.DOUBT))
        for reply in fld.addresses:
            if reply.domain and not is_brand_domain(reply.domain, ctx.brand) and not within(
                    reply.domain, ctx.relay_domains):
                out.append(Evidence(eid + "_foreign", C, Status.FAIL,
                                    _msg("reply_foreign.title"), _header(fld.name, reply.addr),
                                    fld.name, Signal.RED_FLAG))
    rp = ctx.msg.return_path
    rp_dom = rp.rpartition("@")[2].lower() if "@" in rp else ""
    if rp_dom:
        bounce = ctx.brand.senders.bounce_domains
        if within(rp_dom, bounce) or is_brand_domain(rp_dom, ctx.brand):
            out.append(Evidence("sender.return_path_official", C, Status.PASS,
                                _msg("return_path_official.title"),
                                _header("Return-Path", rp), "Return-Path"))
        else:
            # Forwarding and mailing lists rewrite Return-Path, so this alone is a doubt.
            out.append(Evidence("sender.return_path_foreign", C, Status.WARN,
                                _msg("return_path_foreign.title"),
                                _msg("return_path_foreign.detail", value=rp),
                                "Return-Path", Signal.DOUBT))
    return out


def check(ctx: Context) -> list[Evidence]:
    senders = ctx.msg.from_
    if not senders:
        return [Evidence("sender.from_missing", C, Status.FAIL, _msg("from_missing.title"),
                         _msg("from_addresses", addresses=Items(())), "From", Signal.RED_FLAG)]
    out: list[Evidence] = []
    if len(senders) > 1:
        out.append(Evidence("sender.multiple_from", C, Status.FAIL, _msg("multiple_from.title"),
                            _msg("from_addresses", addresses=Items(tuple(a.addr for a in senders))),
                            "From", Signal.RED_FLAG))
    out += _from_evidence(senders[0], ctx)
    for where in ctx.claim.disguised:
        out.append(Evidence("sender.disguised_brand", C, Status.FAIL,
                            _msg("disguised_brand.title"),
                            _msg("disguised_brand.detail", where=where),
                            _DISGUISE_SOURCE.get(where, SOURCE_BODY), Signal.DECISIVE))
    out += _display_tricks(senders[0], ctx.msg.header("From"))
    out += _reply_and_bounce(ctx)
    return out


def from_restored(ctx: Context, arrived: ParsedMessage, relay: str) -> Evidence | None:
    """The list that rewrote From, for a mail judged with its From restored (``ctx``):
    the content verified as the brand's, relayed by a list. None when the brand's own
    signature does not verify over the restored mail: then the restoration does not count
    (auth/fromrewrite.py). Genuine only when a sealer the user trusts vouches for the hop
    (ARC)."""
    if ctx.details.get("auth", {}).get("local") != "pass":
        return None
    trusted = fromrewrite.sealed_by_trusted(arrived, ctx.settings, ctx.resolver)
    return Evidence(
        "sender.from_restored", C, Status.WARN,
        Msg("sender.from_restored.title", {"list": relay}),
        Msg("sender.from_restored.detail", {"list": relay}),
        "X-Original-From", Signal.NONE if trusted else Signal.DOUBT,
        ceiling=None if trusted else Verdict.SUSPICIOUS)
