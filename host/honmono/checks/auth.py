"""Authentication (Category.AUTH): the trust policy's decision as evidence.

``auth.witnesses`` gathers what our own DKIM verification, the user's trusted server and a
trusted ARC sealer say; ``auth.decision`` decides (its docstring has the decision table).
This check turns that decision into evidence ids: one item per signature, the server's
and the forwarder's word, a disagreement, the DMARC policy; and the redirect evidence.

What a proving signature leaves unsigned is outside the proof. Amazon's h= does not
cover Reply-To or Sender, so a replayed genuine mail can get one added: a Reply-To or
Sender with a non-brand address that the proving signature does not cover is DECISIVE
(the words are Amazon's, the replies go to the forger).
"""

from __future__ import annotations

from typing import Any

from honmono.auth import arh as arh_mod
from honmono.auth import dkim as dkimcheck
from honmono.auth.decision import Decision, Withheld, decide, unproven_headers
from honmono.auth.witnesses import (
    ArcState,
    Facts,
    LocalState,
    ServerState,
    Signature,
    dkim_domain,
    gather,
    names,
)
from honmono.checks import Context
from honmono.checks.urljudge import judgement_msg
from honmono.core.model import Category, Evidence, InLanguage, Msg, Param, Signal, Status, Verdict
from honmono.mail import replytargets
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain, within

C = Category.AUTH


def _ev(eid: str, status: Status, title: Msg, detail: Msg, source: str,
        signal: Signal = Signal.NONE) -> Evidence:
    return Evidence(eid, C, status, title, detail, source, signal)


def _verbatim(text: str) -> Msg:
    """Words that are not ours (a header's results, a verifier's reason) shown as they are."""
    return Msg("auth.verbatim", {"text": text})


def _then(first: Param, next_: Msg) -> Msg:
    """``next_`` after ``first`` when there is one (two sentences in one text)."""
    return Msg("common.sentences", {"first": first, "next": next_}) if first else next_


def _semicolons(items: list[Param]) -> Param:
    """Clauses joined by "; " in either language ("" for none)."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return Msg("auth.semicolons", {"first": items[0], "next": _semicolons(items[1:])})


# ------------------------------------------------------------------------- signatures

# A signature no key was checked for: why, by the verifier's ``skipped``.
_SKIPPED = {"truncated": "truncated", "forwarded": "forwarded", "limit": "limit"}


def _sig_facts(r: dkimcheck.SignatureResult) -> Msg:
    key: Param = (Msg("auth.sig.facts.key", {"bits": r.key_bits, "type": r.key_type})
                  if r.key_bits else "")
    headers: Param = (Msg("auth.sig.facts.headers", {"headers": ", ".join(r.signed_headers)})
                      if r.signed_headers else "")
    return Msg("auth.sig.facts", {"domain": r.domain, "selector": r.selector,
                                  "algorithm": r.algorithm or "?", "key": key,
                                  "headers": headers})


def _pass_case(s: Signature, f: Facts) -> tuple[str, str, Status]:
    if s.brand and s.aligned:
        return "pass_aligned", "pass_aligned", Status.PASS
    if s.brand:
        return "pass_unaligned", "pass_unaligned", Status.WARN
    if s.esp:
        return "esp", "esp", Status.INFO
    if s.lookalike:
        return "lookalike", "lookalike", Status.WARN
    return "other", "other", Status.WARN if f.brand_from or not s.aligned else Status.INFO


def _sig_case(s: Signature, f: Facts) -> tuple[str, str, Status]:
    """(title case, detail case, status) of one signature: ids auth.sig.<case>.…"""
    r = s.res
    if r.result == "pass":
        return _pass_case(s, f)
    if r.result in ("policy", "fail"):
        return r.result, r.result, Status.FAIL
    if r.result == "permerror" and r.malformed:
        return "malformed", "malformed", Status.FAIL
    if r.result == "unchecked" and r.skipped == "irrelevant":
        if s.lookalike:
            return "lookalike", "lookalike.unchecked_detail", Status.WARN
        return "irrelevant", "irrelevant", Status.INFO
    if r.key_missing:
        return "key_missing", "key_missing", Status.WARN
    if r.result == "temperror":
        return "temperror", "temperror", Status.WARN
    if r.result == "unchecked":
        case = _SKIPPED.get(r.skipped, "offline")
        return case, case, Status.INFO if case == "offline" else Status.WARN
    return "unchecked", "unchecked", Status.WARN


def _reason(r: dkimcheck.SignatureResult) -> Param:
    """Why a signature failed: the two reasons a reader meets in their words, others as
    the verifier gives them."""
    if r.reason.startswith("body hash"):
        return Msg("auth.sig.reason.body_changed")
    if r.reason.startswith("signature mismatch"):
        return Msg("auth.sig.reason.header_changed")
    return r.reason


def _sig_words(s: Signature, f: Facts, signal: Signal) -> tuple[Msg, Msg, Status]:
    """Title, detail and status of one signature (``signal``: what it weighs)."""
    r = s.res
    title, detail, status = _sig_case(s, f)
    dangers = r.dangers if r.result == "policy" else r.content_dangers
    listed = _semicolons([_danger(x, r) for x in dangers])
    params: dict[str, Param] = {
        "who": r.domain or "?", "from": f.from_domain, "facts": _sig_facts(r),
        "lookalike": judgement_msg(s.lookalike) if s.lookalike else "",
        "reason": _reason(r) if r.result == "fail" else r.reason,
        "key": r.key_name,
        "dangers": listed if r.result == "policy" or not listed else
        Msg("auth.sig.dangers_too", {"dangers": listed}),
        "tail": Msg("auth.sig.key_missing.doubt" if signal >= Signal.DOUBT
                    else "auth.sig.key_missing.other"),
        "what": Msg("auth.sig.added.footer" if r.addition == "footer" else "auth.sig.added.part"),
    }
    return (Msg(f"auth.sig.{title}.title", params),
            Msg(f"auth.sig.{detail}" + ("" if "." in detail else ".detail"), params), status)


def _danger(code: str, r: dkimcheck.SignatureResult | None) -> Param:
    name, _, arg = code.partition(":")
    if r is not None and name == "body_length":
        return Msg("auth.danger.body_length",
                   {"length": str(r.body_length), "unsigned": r.unsigned_body_bytes})
    if name in ("from_unsigned", "subject_unsigned", "rsa_sha1"):
        return Msg(f"auth.danger.{name}")
    if name == "extra_unsigned":
        return Msg("auth.danger.extra_unsigned", {"header": arg})
    if name == "weak_key" and r is not None:
        return Msg("auth.danger.weak_key", {"bits": str(r.key_bits)})
    return code


def _signature_signal(s: Signature, f: Facts, d: Decision) -> Signal:
    """What one signature weighs: the decision table (auth.decision) per signature."""
    r = s.res
    if not (f.brand_from and s.brand):
        return Signal.NONE
    if r.result == "pass" and s.aligned:
        return Signal.DOUBT if d.local_withheld else Signal.PROOF
    if r.result == "pass":
        return Signal.NONE if d.proven else Signal.DOUBT
    if r.result == "policy":
        return Signal.RED_FLAG if r.content_dangers else Signal.DOUBT
    if r.result == "fail" or r.malformed:
        return _fail_signal(f, d.explained)
    if f.local == LocalState.PASS:
        return Signal.NONE  # another brand signature verified; this one is noise
    if r.content_dangers:
        # Cannot be verified, but what it leaves unsigned is a fact: a genuine
        # brand signature never does, the duplicate-header trick always does.
        return Signal.RED_FLAG
    # key missing, DNS, offline, cut, too many: cannot tell
    return Signal.NONE if d.proven else Signal.DOUBT


def _signature_evidence(f: Facts, d: Decision) -> list[Evidence]:
    """One item per signature, its signal set by the decision table."""
    out: list[Evidence] = []
    for s in f.sigs:
        sig = _signature_signal(s, f, d)
        title, detail, status = _sig_words(s, f, sig)
        if sig >= Signal.DOUBT and status == Status.INFO:
            status = Status.WARN
        if sig in (Signal.RED_FLAG, Signal.DECISIVE):
            status = Status.FAIL
        out.append(_ev(f"auth.dkim.{s.res.index}", status, title, detail, s.source, sig))
    return out


def _fail_signal(f: Facts, explained: bool) -> Signal:
    if f.local == LocalState.PASS:
        return Signal.NONE  # another brand signature verified; this one is noise
    if explained:
        return Signal.NONE
    if f.server == ServerState.PASS:
        return Signal.DOUBT  # disagreement, see auth.decision
    return Signal.DECISIVE


def _no_signature_evidence(f: Facts, d: Decision) -> list[Evidence]:
    if not f.brand_from or f.local != LocalState.NONE:
        return []
    others = ", ".join(s.res.domain for s in f.sigs if s.res.domain) or "—"
    if d.explained:
        sig, status = Signal.NONE, Status.WARN
    elif f.server == ServerState.PASS:
        sig, status = Signal.DOUBT, Status.WARN
    else:
        sig, status = Signal.DECISIVE, Status.FAIL
    return [_ev("auth.no_brand_signature", status, Msg("auth.no_brand_signature.title"),
                Msg("auth.no_brand_signature.detail", {"from": f.from_domain, "others": others}),
                "DKIM-Signature", sig)]


# ------------------------------------------------------------------------- the server


def _arh_summary(f: Facts) -> str:
    parts = []
    for method in ("dmarc", "dkim", "spf", "arc"):
        for r in f.report.results(method):
            parts.append(str(r))
    return "; ".join(parts) or "(no dkim/spf/dmarc result)"


def _server_result(f: Facts, d: Decision) -> Evidence:
    """What the trusted server found, weighed by the decision."""
    server = f.report.server
    summary = _arh_summary(f)
    src = f"Authentication-Results ({server})"
    params = {"server": server}
    if not f.brand_from:
        return _ev("auth.arh.result", Status.INFO, Msg("auth.arh.result.title", params),
                   _verbatim(summary), src)
    if f.server == ServerState.PASS:
        sig, status, extra = _server_pass_weight(f, d)
        return _ev("auth.arh.pass", status, Msg("auth.arh.pass.title", params),
                   _then(extra, _verbatim(summary)), src, sig)
    if f.server == ServerState.FAIL:
        sig = (Signal.DOUBT if f.local == LocalState.PASS else
               Signal.NONE if d.explained else Signal.DECISIVE)
        return _ev("auth.arh.fail", Status.FAIL, Msg("auth.arh.fail.title", params),
                   _verbatim(summary), src, sig)
    return _ev("auth.arh.unknown", Status.INFO, Msg("auth.arh.unknown.title", params),
               _verbatim(summary), src)


def _server_evidence(f: Facts, d: Decision) -> list[Evidence]:
    out: list[Evidence] = []
    rep = f.report
    if rep.used:
        out.append(_server_result(f, d))
        spf = rep.results("spf")
        if f.brand_from and f.server != ServerState.PASS and any(r.result == "fail" for r in spf):
            # Forwarding breaks SPF for genuine mail too: a red flag, not a verdict, and
            # none at all beside a verified aligned signature (DMARC needs only one).
            spf_signal = (Signal.NONE if f.local == LocalState.PASS or d.arc_proof
                          else Signal.RED_FLAG)
            out.append(_ev("auth.arh.spf_fail", Status.FAIL, Msg("auth.arh.spf_fail.title"),
                           Msg("auth.arh.spf_fail.detail", {"results": "; ".join(map(str, spf))}),
                           f"Authentication-Results ({rep.server})", spf_signal))
    out.extend(_ignored_evidence(f))
    return out


def _server_pass_weight(f: Facts, d: Decision) -> tuple[Signal, Status, Param]:
    """Signal, status and a leading explanation of the trusted server's pass."""
    why = d.server_withheld
    if d.server_proof:
        return Signal.PROOF, Status.PASS, ""
    if why == Withheld.DANGER:
        return Signal.NONE, Status.WARN, Msg("auth.arh.pass.danger")
    if why == Withheld.EXPOSED:
        what = _semicolons([_exposure(x) for x in f.exposed])
        return Signal.DOUBT, Status.WARN, Msg("auth.arh.pass.exposed", {"what": what})
    if why == Withheld.UNBACKED:
        named = ", ".join(_named_text(r) for r in f.named) or "—"
        return Signal.DOUBT, Status.WARN, Msg("auth.arh.pass.unbacked", {"names": named})
    if why == Withheld.DISAGREE:
        return Signal.DOUBT, Status.WARN, ""
    return Signal.NONE, Status.PASS, ""  # the trusted forwarder's record proves it


def _named_text(r: arh_mod.ResInfo) -> str:
    parts = [f"d={dkim_domain(r)}"]
    for key, label in (("header.s", "s"), ("header.b", "b")):
        if r.prop(key):
            parts.append(f"{label}={r.prop(key)}")
    return " ".join(parts)


def _exposure(code: str) -> Param:
    name = code.partition(":")[0]
    if name == "unread_signatures":
        return Msg("auth.exposure.unread_signatures", {"max": dkimcheck.MAX_READ})
    if name == "body_length":
        return Msg("auth.exposure.body_length")
    return _danger(code, None)


def _ignored_evidence(f: Facts) -> list[Evidence]:
    rep = f.report
    ignored = rep.ignored
    out: list[Evidence] = []
    if ignored and rep.trusted_ids:
        claims = [f"{h.authserv_id}: {r}" for h in ignored for r in h.results
                  if r.method in ("dmarc", "dkim", "spf") and r.result == "pass"]
        said: Param = (Msg("auth.arh.ignored.claims", {"claims": "; ".join(claims[:3])})
                       if claims else "")
        out.append(_ev("auth.arh.ignored", Status.WARN if claims else Status.INFO,
                       Msg("auth.arh.ignored.title", {"count": len(ignored)}),
                       Msg("auth.arh.ignored.detail", {"claims": said}),
                       "Authentication-Results"))
    elif ignored:
        out.append(_ev("auth.arh.untrusted", Status.INFO,
                       Msg("auth.arh.untrusted.title", {"count": len(ignored)}),
                       Msg("auth.arh.untrusted.detail", {"top": ignored[0].authserv_id}),
                       "Authentication-Results"))
    elif rep.trusted_ids and not rep.used and f.brand_from:
        out.append(_ev("auth.arh.missing", Status.INFO, Msg("auth.arh.missing.title"),
                       Msg("auth.arh.missing.detail", {"ids": ", ".join(rep.trusted_ids)}),
                       "Authentication-Results"))
    if rep.trusted_ids and not rep.used and rep.missing in ("below", "no_receipt"):
        # The server's own receipt line bounds what it wrote: a header in its name below
        # it (or in a mail it never received) is the sender's (arh.collect).
        out.append(_ev("auth.arh.not_from_server", Status.WARN,
                       Msg("auth.arh.not_from_server.title"),
                       Msg("auth.arh.not_from_server.detail",
                           {"ids": ", ".join(rep.trusted_ids),
                            "where": Msg(f"auth.arh.not_from_server.{rep.missing}")}),
                       "Authentication-Results"))
    # Partly unreadable headers were read leniently (details keep the error); only a
    # header of which nothing could be read is worth a line in the panel.
    bad = [h for h in rep.unparseable if not h.results]
    if bad:
        out.append(_ev("auth.arh.unparseable", Status.INFO,
                       Msg("auth.arh.unparseable.title", {"count": len(bad)}),
                       _verbatim("; ".join(h.error for h in bad)[:300]),
                       "Authentication-Results"))
    return out


# ------------------------------------------------------------------------- ARC

# The title of a chain that records no usable pass, by its state.
_CHAIN_TITLES = {"pass": "no_pass", "unchecked": "unchecked", "untrusted": "untrusted",
                 "temperror": "temperror"}


def _arc_evidence(f: Facts, d: Decision) -> list[Evidence]:
    a = f.arc
    if not a.present:
        return []
    sealers = ", ".join(f"i={i.instance} {i.seal_domain}" for i in a.instances) or "?"
    src = f"ARC-Seal ({sealers})"
    if a.chain == "unchecked" and a.reason == "not needed":
        return [_ev("auth.arc.present", Status.INFO, Msg("auth.arc.present.title"),
                    Msg("auth.arc.present.detail"), src)]
    if a.chain in ("pass", "untrusted") and f.arc_claim is not None:
        return [_arc_claim_evidence(f, d, src)]
    return [_ev("auth.arc.result", Status.INFO,
                Msg(f"auth.arc.result.{_CHAIN_TITLES.get(a.chain, 'invalid')}"),
                _verbatim(a.reason or sealers), src)]


def _arc_claim_evidence(f: Facts, d: Decision, src: str) -> Evidence:
    """A forwarder's sealed record of a pass: proof when the user trusts it."""
    assert f.arc_claim is not None
    inst, r = f.arc_claim
    params: dict[str, Param] = {"sealer": inst.seal_domain, "instance": inst.instance,
                                "record": str(r)}
    if f.arc_state == ArcState.TRUSTED:
        blocked: Param = Msg("auth.arc.trusted.blocked") if d.arc_exposed else ""
        return _ev("auth.arc.trusted", Status.WARN if d.arc_exposed else Status.PASS,
                   Msg("auth.arc.trusted.title", params),
                   _then(blocked, Msg("auth.arc.trusted.detail", params)), src,
                   Signal.PROOF if d.arc_proof else Signal.NONE)
    how = Msg("auth.arc.untrusted.not_checked" if f.arc.chain == "untrusted"
              else "auth.arc.untrusted.anyone")
    return _ev("auth.arc.untrusted", Status.WARN, Msg("auth.arc.untrusted.title", params),
               Msg("auth.arc.untrusted.detail", {**params, "how": how}), src)


# ------------------------------------------------------------------------- the rest


def _disagreement_evidence(f: Facts, d: Decision) -> list[Evidence]:
    if not f.brand_from:
        return []
    server = f.report.server
    if d.local_withheld:
        detail = Msg("auth.disagreement.local_pass", {"server": server})
    elif d.server_withheld == Withheld.DISAGREE:
        what = Msg("auth.disagreement.no_verify" if f.local == LocalState.FAIL
                   else "auth.disagreement.no_signature")
        detail = Msg("auth.disagreement.server_pass", {"server": server, "what": what})
    else:
        return []
    return [_ev("auth.disagreement", Status.WARN, Msg("auth.disagreement.title"), detail,
                "Authentication-Results", Signal.DOUBT)]


def _dmarc_evidence(f: Facts) -> list[Evidence]:
    dm = f.dm
    if not f.brand_from or dm.policy_status != "found":
        return []
    return [_ev("auth.dmarc.policy", Status.INFO,
                Msg("auth.dmarc.policy.title",
                    {"domain": dm.from_domain, "policy": dm.policy.get("p", "?")}),
                Msg("auth.dmarc.policy.detail"), dm.policy_name)]


def _offline_evidence(f: Facts) -> list[Evidence]:
    if f.dns_mode != "offline" or not f.sigs:
        return []
    return [_ev("auth.offline", Status.INFO, Msg("auth.offline.title"),
                Msg("auth.offline.detail"), "settings")]


def _dns_error_evidence(f: Facts) -> list[Evidence]:
    if not f.dns_error:
        return []
    return [_ev("auth.dns_records_unreadable", Status.WARN,
                Msg("auth.dns_records_unreadable.title"),
                Msg("auth.dns_records_unreadable.detail", {"error": f.dns_error}),
                "--dns-records")]


def check(ctx: Context) -> list[Evidence]:
    f = gather(ctx.msg, ctx.settings, ctx.brand, ctx.resolver)
    d = decide(f)
    out = _dns_error_evidence(f)
    out += _signature_evidence(f, d)
    out += _no_signature_evidence(f, d)
    out += _server_evidence(f, d)
    out += _disagreement_evidence(f, d)
    out += _arc_evidence(f, d)
    out += _dmarc_evidence(f)
    out += _offline_evidence(f)
    out += _redirect_evidence(ctx, f, d)
    out += _unproven_header_evidence(ctx, f, d)
    _record(ctx, f, d)
    ctx.added_links.update(_added_links(ctx.msg, f))
    if d.arc_proof:
        ctx.vouching_sealers = tuple(i.seal_domain for i in f.arc.instances if i.trusted)
    return out


def _added_links(msg: ParsedMessage, f: Facts) -> set[str]:
    """The links of content proven added after a brand signature (additions.py), read as
    the reader sees them: an added part on its own, a footer in the body's own type."""
    from honmono.mail.parse import parse as parse_mail

    out: set[str] = set()
    for s in f.sigs:
        if not (s.brand and s.res.addition and s.res.added):
            continue
        if s.res.addition == "part":
            entity = s.res.added.partition(b"\r\n")[2]  # the delimiter line set aside
        else:
            head = "".join(f"{n}: {msg.header(n)}\r\n"
                           for n in ("Content-Type", "Content-Transfer-Encoding")
                           if msg.header(n) and not msg.header(n).lower().startswith("multipart"))
            entity = head.encode("utf-8", "replace") + b"\r\n" + s.res.added
        out.update(link.href.strip() for link in parse_mail(entity).links)
    return out


# Headers that send the reader's answer elsewhere, and that Amazon's h= does not cover
# (replytargets: Thunderbird's Reply, Reply All and "on behalf of").
_REDIRECTS = tuple((n, shown) for n, shown in replytargets.REDIRECT_HEADERS)


def _proving(f: Facts, d: Decision) -> list[Signature] | None:
    """The signatures that carry the proof of this mail (None: nothing proves it)."""
    if not f.brand_from or d.local_withheld:
        return None
    if f.local == "pass":
        return [s for s in f.sigs if s.brand and s.aligned and s.res.result == "pass"]
    if d.server_proof:
        return f.backing
    if d.arc_proof and f.arc_claim is not None:
        r = f.arc_claim[1]
        return [s for s in f.sigs if s.brand and r.method == "dkim" and names(r, s.res)]
    return None


def _redirect_evidence(ctx: Context, f: Facts, d: Decision) -> list[Evidence]:
    """A Reply-To or Sender outside the brand that the proving signature does not cover:
    a genuine mail replayed with the replies redirected (module doc)."""
    proving = _proving(f, d)
    if proving is None or not any(ctx.msg.address_raw.get(n) for n, _ in _REDIRECTS):
        return []
    # With only a forwarder's record to go by, the forwarder the user trusts may have
    # added its own (a list's Sender): its domains are not the forger's.
    forwarders = ({i.seal_domain for i in f.arc.instances if i.trusted}
                  if d.arc_proof and f.local != "pass" and not d.server_proof else set())
    forwarders |= set(ctx.relay_domains)
    out: list[Evidence] = []
    for name, shown in _REDIRECTS:
        vals = ctx.msg.address_raw.get(name, [])
        covered = max((min(len(vals), s.res.signed_headers.count(name)) for s in proving),
                      default=0)
        # DKIM signs the bottom-most instances: the unsigned ones are the topmost.
        unsigned = [replytargets.read(v, shown) for v in vals[:len(vals) - covered]]
        foreign = [a.addr for fld in unsigned for a in fld.addresses
                   if a.domain and not is_brand_domain(a.domain, ctx.brand)
                   and not any(within(a.domain, (fw,)) for fw in forwarders if fw)]
        unreadable = [fld.raw.strip()[:120] for fld in unsigned if fld.unreadable]
        eid = f"auth.unsigned_{name.replace('-', '_')}"
        if unreadable and not foreign:
            # Where Thunderbird's answer would go cannot be told: never silently ignored.
            out.append(Evidence(f"{eid}_unreadable", C, Status.WARN,
                                Msg("auth.unsigned.unreadable.title", {"shown": shown}),
                                Msg("auth.unsigned.unreadable.detail",
                                    {"shown": shown, "value": unreadable[0]}),
                                shown, Signal.DOUBT, ceiling=Verdict.SUSPICIOUS))
        if not foreign:
            continue
        words = "sender" if name == "sender" else "reply"
        params = {"shown": shown, "who": ", ".join(dict.fromkeys(foreign))[:200]}
        out.append(_ev(eid, Status.FAIL, Msg(f"auth.unsigned.{words}.title", params),
                       Msg(f"auth.unsigned.{words}.detail", params), shown, Signal.DECISIVE))
    return out


def _unproven_header_evidence(ctx: Context, f: Facts, d: Decision) -> list[Evidence]:
    """Headers the brand always signs, here but outside the proof: a replayed genuine
    mail re-addressed or re-rendered (auth.decision's module doc)."""
    proving = _proving(f, d) or []
    open_ = unproven_headers(proving, ctx.brand.auth.own_signed_headers,
                             (k for k, _ in ctx.msg.headers))
    if not open_:
        return []
    shown = ", ".join(_SHOWN.get(h, h) for h in open_)
    params = {"shown": shown}
    return [Evidence("auth.unsigned_brand_header", C, Status.WARN,
                     Msg("auth.unsigned.brand_header.title", params),
                     Msg("auth.unsigned.brand_header.detail", params),
                     "; ".join(s.source for s in proving), Signal.DOUBT,
                     ceiling=Verdict.SUSPICIOUS)]


# How header names are written in mail, for the words (brand data keeps them lower case).
_SHOWN = {"mime-version": "MIME-Version", "content-type": "Content-Type", "to": "To",
          "from": "From", "subject": "Subject", "cc": "Cc", "date": "Date"}


def _record(ctx: Context, f: Facts, d: Decision) -> None:
    # Only the brand's own, proven domains: other checks read this set as "the sender is
    # who From says"; a verified evil.example must never land here.
    if f.brand_from and not d.local_withheld:
        if f.local == "pass":
            ctx.authenticated_domains.update(
                s.res.domain for s in f.sigs if s.brand and s.aligned and s.res.result == "pass")
        elif d.proven:
            ctx.authenticated_domains.add(f.from_domain)
        ctx.signed_recipient_domains.update(
            s.res.domain for s in f.sigs if s.brand and s.aligned
            and s.res.skipped == "forwarded" and "to" in s.res.signed_headers)
        if ctx.authenticated_domains:
            ctx.signed_recipient_headers = {
                name: max((s.res.signed_headers.count(name) for s in f.sigs
                           if s.brand and s.aligned), default=0) for name in ("to", "cc")}
    details: dict[str, Any] = {
        "from_domain": f.from_domain,
        "brand_from": f.brand_from,
        "local": f.local.value,
        "server": f.server.value,
        "decision": d.summary,
        "exposed": f.exposed,
        "backing": [s.res.index for s in f.backing],
        "signatures": [dict(s.res.as_dict(), brand=s.brand, aligned=s.aligned, esp=s.esp,
                            lookalike=InLanguage(judgement_msg(s.lookalike), "en")
                            if s.lookalike else "") for s in f.sigs],
        "dmarc": f.dm.as_dict(),
        "arh": f.report.as_dict(),
        "arc": f.arc.as_dict(),
        "dns": {"mode": f.dns_mode,
                "lookups": [vars(lk) for lk in (f.recorder.lookups if f.recorder else [])]},
    }
    ctx.details["auth"] = details
