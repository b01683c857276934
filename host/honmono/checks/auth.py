"""Authentication (Category.AUTH): DKIM verified here, the user's own server's
Authentication-Results, DMARC alignment, ARC.

Three witnesses can speak for a mail whose From is the brand's:

* LOCAL — our own DKIM verification (``dkimcheck``) of a signature by the brand whose d=
  aligns with From (``dmarc``);
* SERVER — the trusted Authentication-Results block of the user's receiving server
  (``arh``): what it found when the mail arrived, before anything in the user's own
  infrastructure touched it;
* ARC — a forwarder's sealed record of what it found, believed only when every sealer
  from it onwards is trusted (``arc``).

How they decide (brand From; L = local, S = server):

==================  =========================  =================  =========================
L \\ S               pass                       fail               unknown / absent
==================  =========================  =================  =========================
pass                PROOF (both agree)         DISAGREE → DOUBT   PROOF
fail                DISAGREE → DOUBT           DECISIVE           DECISIVE
danger (verifies,   no PROOF (the server's     DECISIVE           RED_FLAG (content
 covers too little)  pass cannot cover what                        dangers) / DOUBT (weak
                     the signature leaves out)                     crypto)
unaligned (brand,   PROOF (from S)             DECISIVE           DOUBT
 other domain)
unknown (key gone,  PROOF (from S)             DECISIVE           DOUBT
 DNS down, offline)
none (no brand      DISAGREE → DOUBT           DECISIVE           DECISIVE
 signature)
==================  =========================  =================  =========================

ARC, only consulted when L is not pass: a valid chain whose statement (dmarc or dkim pass
for this From) was sealed by trusted sealers from that instance to the newest is PROOF and
explains away L = fail/none and S = fail — the forwarder the user trusts saw Amazon's
valid signature and is the one who changed the mail. A valid chain sealed by anyone else
proves nothing (anyone can seal with their own domain): it only softens L = fail to DOUBT,
when S said nothing and the statement names the very signature that broke, because
forwarded mail that broke DKIM is "cannot tell", not "forged" — the other checks (links,
wording) still see the content. It never softens S = fail or L = none.

A trusted SPF fail is a RED_FLAG when nothing else proves the sender (forwarding breaks
SPF for genuine mail too), nothing beside a verified aligned signature.

Why a disagreement is DOUBT and not a verdict either way: a pass that the other witness
contradicts cannot be proof (the unforgivable error is calling phishing genuine), and a
failure that the user's own server contradicts is more likely a change made after arrival
(a gateway rewriting links, a key rotated since) or a server quirk than a forgery — a
forger cannot make the user's own server see Amazon's valid signature. So neither wins:
the mail is suspicious, and the evidence says which witness said what.

A missing key (rotated away), a DNS failure or offline mode is DOUBT, never phishing: old
genuine mail loses its key. Mail whose From is not the brand's gets the same evidence as
information only — authenticating evil.example proves nothing about the brand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from honmono import arc as arc_mod
from honmono import arh as arh_mod
from honmono import dkimcheck, dmarc
from honmono.checks import Context, TxtResolver
from honmono.dnsclient import DnsConfigError, RecordingResolver, resolver_for
from honmono.domains import organisational, within
from honmono.lookalike import lookalike_of
from honmono.model import Category, Evidence, Signal, Status, Text

C = Category.AUTH


@dataclass
class _Sig:
    res: dkimcheck.SignatureResult
    brand: bool
    aligned: bool
    esp: bool
    lookalike: str

    @property
    def source(self) -> str:
        return f"DKIM-Signature d={self.res.domain} s={self.res.selector}"


@dataclass
class _Facts:
    brand_name: str
    from_domain: str
    brand_from: bool
    sigs: list[_Sig]
    dm: dmarc.DmarcResult
    report: arh_mod.ArhReport
    arc: arc_mod.ArcResult
    dns_mode: str
    recorder: RecordingResolver | None
    local: str = "none"
    server: str = "absent"
    decision: str = ""
    single_from: bool = True


def _ev(eid: str, status: Status, title: Text, detail: Text, source: str,
        signal: Signal = Signal.NONE) -> Evidence:
    return Evidence(eid, C, status, title, detail, source, signal)


# ------------------------------------------------------------------------- gathering


def _resolver(ctx: Context, out: list[Evidence]) -> tuple[TxtResolver | None, str]:
    """Offline beats everything (zero lookups, even with a resolver handed in), except a
    records file, which is local data rather than DNS."""
    s = ctx.settings
    try:
        if s.offline or ctx.resolver is None:
            r = resolver_for(s)
            mode = ("file" if s.dns_records is not None else
                    "offline" if r is None else "network")
            return r, mode
    except DnsConfigError as exc:
        out.append(_ev("auth.dns_records_unreadable", Status.WARN,
                       Text("DNSレコードのファイルを読めません",
                            "The DNS records file cannot be read"),
                       Text(f"{exc}。鍵は確認していません。", f"{exc}. No key was looked up."),
                       "--dns-records"))
        return None, "offline"
    return ctx.resolver, "injected"


def _classify(res: dkimcheck.SignatureResult, from_domain: str, ctx: Context) -> _Sig:
    orgs = ctx.brand.values("organisational_domains")
    org = organisational(res.domain) if res.domain else ""
    return _Sig(res=res, brand=bool(org) and org in orgs,
                aligned=dmarc.aligned(res.domain, from_domain),
                esp=within(res.domain, ctx.brand.values("esp_signing_domains")),
                lookalike=(lookalike_of(res.domain, ctx.brand) or "") if res.domain else "")


def _gather(ctx: Context, out: list[Evidence]) -> _Facts:
    resolver, mode = _resolver(ctx, out)
    recorder = RecordingResolver(resolver) if resolver is not None else None
    from_dom, single = dmarc.from_domain(ctx.msg)
    orgs = ctx.brand.values("organisational_domains")
    brand_doms = sorted({a.domain for a in ctx.msg.from_
                         if a.domain and organisational(a.domain) in orgs})
    # Several From addresses, one of them the brand's: still a brand claim (so a missing
    # signature is still decisive), but nothing can align with an ambiguous From.
    brand_from = bool(brand_doms)
    if brand_doms and not single:
        from_dom = brand_doms[0]
    offline_reason = "offline: keys not looked up"
    results = dkimcheck.verify_all(ctx.msg, recorder, offline_reason)
    sigs = [_classify(r, from_dom if single else "", ctx) for r in results]
    # The policy is for the explanation only; a mail without signatures must cost nothing.
    dm = dmarc.evaluate(ctx.msg, results, recorder, lookup_policy=brand_from and bool(results))
    report = arh_mod.collect(ctx.msg.headers, ctx.settings.trust_authserv)
    facts = _Facts(brand_name=ctx.brand.name, from_domain=from_dom, brand_from=brand_from,
                   sigs=sigs, dm=dm, report=report, arc=arc_mod.ArcResult(),
                   dns_mode=mode, recorder=recorder, single_from=single)
    facts.local = _local_state(facts)
    facts.server = _server_state(facts)
    # ARC costs key lookups; it is only worth them when the signature cannot decide.
    if brand_from and facts.local != "pass":
        facts.arc = arc_mod.verify(ctx.msg, recorder, ctx.settings.trust_authserv)
    else:
        facts.arc = arc_mod.present(ctx.msg, ctx.settings.trust_authserv)
    return facts


def _local_state(f: _Facts) -> str:
    brand = [s for s in f.sigs if s.brand]
    r = [s.res for s in brand]
    if any(s.res.result == "pass" and s.aligned for s in brand):
        return "pass"
    if any(x.result == "policy" for x in r):
        return "danger"
    if any(x.result == "fail" or (x.result == "permerror" and x.malformed) for x in r):
        return "fail"
    if any(x.result == "pass" for x in r):
        return "unaligned"
    if r:
        return "unknown"
    return "none"


def _about_from(r: arh_mod.ResInfo, from_domain: str) -> bool:
    hf = r.prop("header.from").strip().lower().rstrip(".")
    return not hf or dmarc.aligned(hf, from_domain)


def _dkim_domain(r: arh_mod.ResInfo) -> str:
    d = r.prop("header.d")
    if not d:
        d = r.prop("header.i").rpartition("@")[2]
    return d.strip().lower().rstrip(".")


def _server_state(f: _Facts) -> str:
    if not f.report.used:
        return "absent"
    if not f.brand_from or not f.single_from:
        return "unknown"  # a pass for one of several From addresses proves nothing
    dmarcs = [r for r in f.report.results("dmarc") if _about_from(r, f.from_domain)]
    dkims = [r for r in f.report.results("dkim") if dmarc.aligned(_dkim_domain(r), f.from_domain)]
    if any(r.result == "pass" for r in dmarcs):
        return "pass"
    if any(r.result == "fail" for r in dmarcs):
        return "fail"
    if not dmarcs and any(r.result == "pass" for r in dkims):
        return "pass"
    if any(r.result in ("fail", "permerror") for r in dkims) and not any(
            r.result == "pass" for r in dkims):
        return "fail"
    return "unknown"


def _arc_claim(f: _Facts) -> tuple[arc_mod.ArcInstance, arh_mod.ResInfo] | None:
    """The earliest statement in a valid chain that the brand's authentication passed
    for this From (preferring one about a signature that is in the mail and broke)."""
    claims: list[tuple[arc_mod.ArcInstance, arh_mod.ResInfo]] = []
    if not f.single_from:
        return None
    for inst, r in arc_mod.attestations(f.arc):
        if r.result != "pass":
            continue
        about_dmarc = (r.method == "dmarc" and bool(r.prop("header.from"))
                       and _about_from(r, f.from_domain))
        about_dkim = r.method == "dkim" and dmarc.aligned(_dkim_domain(r), f.from_domain)
        if about_dmarc or about_dkim:
            claims.append((inst, r))
    claims.sort(key=lambda c: c[0].instance)
    return claims[0] if claims else None


def _arc_trusted(f: _Facts, inst: arc_mod.ArcInstance) -> bool:
    first = f.arc.trusted_from()
    return first is not None and inst.instance >= first


def _arc_vouches_for_broken(f: _Facts, r: arh_mod.ResInfo) -> bool:
    """An untrusted ARC statement only counts for a broken brand signature that it names
    (same d=, and the same b= when it gives header.b)."""
    broken = [s.res for s in f.sigs if s.brand and s.res.result == "fail"]
    if r.method == "dmarc":
        return bool(broken)
    d, b = _dkim_domain(r), r.prop("header.b")
    return any(s.domain == d and (not b or dkimcheck.b_matches(s.b_prefix, b)) for s in broken)


# ------------------------------------------------------------------------- evidence


def _sig_text(s: _Sig, f: _Facts) -> tuple[Text, Text, Status]:
    """Title, detail and status of one signature, before its signal is decided."""
    r = s.res
    who = r.domain or "?"
    bn = f.brand_name
    facts_en = (f"d={r.domain} s={r.selector} a={r.algorithm or '?'}"
                + (f", {r.key_bits}-bit {r.key_type} key" if r.key_bits else "")
                + (f", signed headers: {', '.join(r.signed_headers)}" if r.signed_headers else ""))
    facts_ja = facts_en.replace("signed headers", "署名対象ヘッダー").replace("-bit", "ビット")
    facts_ja = facts_ja.replace(" key", "鍵")
    if r.result == "pass":
        if s.brand and s.aligned:
            return (Text(f"{bn}({who})の電子署名(DKIM)を確認しました",
                         f"{bn}'s digital signature (DKIM, {who}) is valid"),
                    Text(f"署名は差出人 {f.from_domain} と一致し、署名後に本文や主要ヘッダーは"
                         f"変更されていません。{facts_ja}",
                         f"The signature matches the sender {f.from_domain}, and the body and "
                         f"signed headers are unchanged since signing. {facts_en}"), Status.PASS)
        if s.brand:
            return (Text(f"{bn}({who})の署名は有効ですが、"
                         f"差出人 {f.from_domain} とは別のドメインです",
                         f"{bn}'s signature ({who}) is valid but not for the sender "
                         f"{f.from_domain}"),
                    Text(f"DMARCの一致(アライメント)がありません。{facts_ja}",
                         f"It does not align with From (DMARC). {facts_en}"), Status.WARN)
        if s.esp:
            return (Text(f"配信サービス {who} の署名は有効です(送信者の証明ではありません)",
                         f"The delivery service's signature ({who}) is valid — it does not "
                         f"identify the sender"),
                    Text(f"{who} はこのサービスを使う全ての顧客(詐欺業者を含む)の"
                         f"メールに署名します。{facts_ja}",
                         f"{who} signs the mail of every customer of the service, phishers "
                         f"included. {facts_en}"), Status.INFO)
        if s.lookalike:
            return (Text(f"署名は {who} のもので、{bn}ではありません",
                         f"The signature is by {who}, not by {bn}"),
                    Text(f"{who} は{bn}に似せたドメインです({s.lookalike})。"
                         f"署名が有効でも、{who} が送ったことしか分かりません。{facts_ja}",
                         f"{who} imitates {bn} ({s.lookalike}). A valid signature only proves "
                         f"{who} sent it. {facts_en}"), Status.WARN)
        return (Text(f"{who} の署名は有効です", f"The signature by {who} is valid"),
                Text(f"{who} が送ったことを示しますが、{bn}とは無関係です。{facts_ja}",
                     f"It shows {who} sent the mail; that says nothing about {bn}. {facts_en}"),
                Status.WARN if f.brand_from or not s.aligned else Status.INFO)
    if r.result == "policy":
        return (Text(f"{who} の署名は計算上は正しいものの、信用できない形式です",
                     f"The signature by {who} verifies, but cannot be trusted"),
                Text("; ".join(_danger_text(d, r).ja for d in r.dangers) + f"。{facts_ja}",
                     "; ".join(_danger_text(d, r).en for d in r.dangers) + f". {facts_en}"),
                Status.FAIL)
    if r.result == "fail":
        return (Text(f"{who} の署名が一致しません(改ざんまたは偽造)",
                     f"The signature by {who} does not verify (altered or forged)"),
                Text(f"{_reason_ja(r)}。{facts_ja}", f"{r.reason}. {facts_en}"), Status.FAIL)
    if r.result == "permerror" and r.malformed:
        return (Text(f"{who} を名乗る署名が壊れています",
                     f"The signature claiming to be by {who} is malformed"),
                Text(f"検証できない署名です({r.reason})。", f"It cannot be verified ({r.reason})."),
                Status.FAIL)
    if r.key_missing:
        return (Text(f"{who} の署名の公開鍵が見つかりません",
                     f"The key for the signature by {who} is not published"),
                Text(f"{r.key_name} に鍵がありません。鍵は定期的に交換されるため古いメールでは"
                     f"よくあることですが、確認はできません。",
                     f"No key at {r.key_name}. Keys are rotated, so this is common for older "
                     f"mail, but the signature cannot be checked."), Status.WARN)
    if r.result == "temperror":
        return (Text(f"{who} の署名を確認できません(DNSが応答しません)",
                     f"The signature by {who} could not be checked (DNS did not answer)"),
                Text(f"{r.reason}。ネットワークが使えるときに再確認してください。",
                     f"{r.reason}. Check again when the network is available."), Status.WARN)
    if r.result == "unchecked":
        return (Text(f"{who} の署名はオフラインのため未確認です",
                     f"The signature by {who} was not checked (offline)"),
                Text("オフラインモードでは公開鍵を取得しません。",
                     "In offline mode no key is fetched."), Status.INFO)
    return (Text(f"{who} の署名を確認できません", f"The signature by {who} cannot be checked"),
            Text(r.reason, r.reason), Status.WARN)


def _reason_ja(r: dkimcheck.SignatureResult) -> str:
    if r.reason.startswith("body hash"):
        return "署名後に本文が変更されています"
    if r.reason.startswith("signature mismatch"):
        return "署名後に件名などの署名対象ヘッダーが変更されたか、署名が偽造されています"
    return r.reason


def _danger_text(code: str, r: dkimcheck.SignatureResult) -> Text:
    name, _, arg = code.partition(":")
    if name == "body_length":
        return Text(f"署名は本文の先頭 {r.body_length} バイトだけを対象とし(l=)、その後に署名されて"
                    f"いない {r.unsigned_body_bytes} バイトが追加されています",
                    f"the signature covers only the first {r.body_length} bytes of the body "
                    f"(l=); {r.unsigned_body_bytes} unsigned bytes follow")
    if name == "from_unsigned":
        return Text("差出人(From)が署名されていません", "the From header is not signed")
    if name == "subject_unsigned":
        return Text("件名(Subject)が署名されていません", "the Subject header is not signed")
    if name == "extra_unsigned":
        return Text(f"{arg} ヘッダーが署名されていない形でもう一つ追加されています",
                    f"an extra, unsigned {arg} header was added")
    if name == "rsa_sha1":
        return Text("安全でない rsa-sha1 方式です(RFC 8301)",
                    "it uses the insecure rsa-sha1 algorithm (RFC 8301)")
    if name == "weak_key":
        return Text(f"鍵が {r.key_bits} ビットしかなく、解読できます(1024ビット未満、RFC 8301)",
                    f"its key has only {r.key_bits} bits and can be broken (under 1024, "
                    f"RFC 8301)")
    return Text(code, code)


def _arh_summary(f: _Facts) -> str:
    parts = []
    for method in ("dmarc", "dkim", "spf", "arc"):
        for r in f.report.results(method):
            parts.append(str(r))
    return "; ".join(parts) or "(no dkim/spf/dmarc result)"


def _signature_evidence(f: _Facts, d: _Decision) -> list[Evidence]:
    """One item per signature, its signal set by the decision table (module doc)."""
    out: list[Evidence] = []
    for s in f.sigs:
        title, detail, status = _sig_text(s, f)
        sig = Signal.NONE
        r = s.res
        if f.brand_from and s.brand:
            if r.result == "pass" and s.aligned:
                sig = Signal.DOUBT if d.local_withheld else Signal.PROOF
            elif r.result == "pass":
                sig = Signal.DOUBT
            elif r.result == "policy":
                sig = Signal.RED_FLAG if r.content_dangers else Signal.DOUBT
            elif r.result == "fail" or r.malformed:
                sig = _fail_signal(f, d.explained)
            else:  # key missing, DNS, offline: cannot tell
                sig = Signal.NONE if f.local == "pass" else Signal.DOUBT
        if sig >= Signal.DOUBT and status == Status.INFO:
            status = Status.WARN
        eid = f"auth.dkim.{r.index}"
        out.append(_ev(eid, status, title, detail, s.source, sig))
    return out


def _fail_signal(f: _Facts, explained: str) -> Signal:
    if f.local == "pass":
        return Signal.NONE  # another brand signature verified; this one is noise
    if explained == "trusted":
        return Signal.NONE
    if f.server == "pass":
        return Signal.DOUBT  # disagreement, see module doc
    if f.server == "fail":
        return Signal.DECISIVE
    if explained == "untrusted":
        return Signal.DOUBT
    return Signal.DECISIVE


def _no_signature_evidence(f: _Facts, d: _Decision) -> list[Evidence]:
    if not f.brand_from or f.local != "none":
        return []
    bn = f.brand_name
    others = ", ".join(s.res.domain for s in f.sigs if s.res.domain) or "—"
    if d.explained == "trusted":
        sig, status = Signal.NONE, Status.WARN
    elif f.server == "pass":
        sig, status = Signal.DOUBT, Status.WARN
    else:
        sig, status = Signal.DECISIVE, Status.FAIL
    return [_ev("auth.no_brand_signature", status,
                Text(f"差出人は{bn}ですが、{bn}の電子署名がありません",
                     f"The sender is {bn}, but the mail carries no signature by {bn}"),
                Text(f"{bn}は送信する全てのメールに署名(DKIM)しています。"
                     f"署名のない {f.from_domain} のメールは差出人を偽装したものです。"
                     f"この他の署名: {others}",
                     f"{bn} signs all of its mail (DKIM). Mail from {f.from_domain} without "
                     f"its signature has a forged sender. Other signatures: {others}"),
                "DKIM-Signature", sig)]


def _server_evidence(f: _Facts, d: _Decision) -> list[Evidence]:
    out: list[Evidence] = []
    rep = f.report
    bn = f.brand_name
    if rep.used:
        server = rep.server
        summary = _arh_summary(f)
        src = f"Authentication-Results ({server})"
        if not f.brand_from:
            out.append(_ev("auth.arh.result", Status.INFO,
                           Text(f"受信サーバー {server} の認証結果", f"Your server {server} says"),
                           Text(summary, summary), src))
        elif f.server == "pass":
            danger = f.local == "danger"
            withheld = d.server_withheld
            sig = Signal.NONE if danger else Signal.DOUBT if withheld else Signal.PROOF
            status = Status.WARN if (danger or withheld) else Status.PASS
            extra_ja = ("ただし署名が本文の一部や差出人を対象としていないため、この結果は"
                        "証明になりません。" if danger else "")
            extra_en = ("But the signature leaves part of the mail unsigned, so this pass "
                        "proves nothing about that part. " if danger else "")
            out.append(_ev("auth.arh.pass", status,
                           Text(f"受信サーバー {server} が{bn}からの送信を"
                                "確認しています(DMARC pass)",
                                f"Your server {server} confirmed it comes from {bn} (DMARC pass)"),
                           Text(f"{extra_ja}{summary}", f"{extra_en}{summary}"), src, sig))
        elif f.server == "fail":
            sig = (Signal.DOUBT if f.local == "pass" else
                   Signal.NONE if d.explained == "trusted" else Signal.DECISIVE)
            out.append(_ev("auth.arh.fail", Status.FAIL,
                           Text(f"受信サーバー {server} の認証で"
                                f"{bn}からのメールではないと判定されています",
                                f"Your server {server} found it is not from {bn} "
                                f"(authentication failed)"),
                           Text(summary, summary), src, sig))
        else:
            out.append(_ev("auth.arh.unknown", Status.INFO,
                           Text(f"受信サーバー {server} の認証結果は決め手になりません",
                                f"Your server {server}'s results do not decide"),
                           Text(summary, summary), src))
        spf = rep.results("spf")
        if f.brand_from and f.server != "pass" and any(r.result == "fail" for r in spf):
            # Forwarding breaks SPF for genuine mail too: a red flag, not a verdict, and
            # none at all beside a verified aligned signature (DMARC needs only one).
            spf_signal = Signal.NONE if f.local == "pass" or d.arc_proof else Signal.RED_FLAG
            out.append(_ev("auth.arh.spf_fail", Status.FAIL,
                           Text("送信元サーバーは差出人ドメインの送信を"
                                "許可されていません(SPF fail)",
                                "The sending server is not allowed to send for this domain "
                                "(SPF fail)"),
                           Text("転送されたメールでも起きますが、署名による証明もありません。"
                                + "; ".join(map(str, spf)),
                                "Forwarding can cause this too, but nothing else proves the "
                                "sender either. " + "; ".join(map(str, spf))),
                           src, spf_signal))
    out.extend(_ignored_evidence(f))
    return out


def _ignored_evidence(f: _Facts) -> list[Evidence]:
    rep = f.report
    ignored = rep.ignored
    out: list[Evidence] = []
    if ignored and rep.trusted_ids:
        claims = [f"{h.authserv_id}: {r}" for h in ignored for r in h.results
                  if r.method in ("dmarc", "dkim", "spf") and r.result == "pass"]
        n = len(ignored)
        claim_en = (f" Among them: {'; '.join(claims[:3])} — not believed." if claims else "")
        claim_ja = (f" その中に {'; '.join(claims[:3])} とありますが、信用しません。"
                    if claims else "")
        out.append(_ev("auth.arh.ignored", Status.WARN if claims else Status.INFO,
                       Text(f"受信サーバー以外が付けた Authentication-Results ヘッダー"
                            f" {n} 件を無視しました",
                            f"Ignored {n} Authentication-Results header(s) not added by your "
                            f"server"),
                       Text("これらは送信者や途中のサーバーが書いたもので、"
                            "誰でも書けます。" + claim_ja,
                            "They were written by the sender or by servers on the way, and "
                            "anyone can write them." + claim_en),
                       "Authentication-Results"))
    elif ignored:
        top = ignored[0].authserv_id
        out.append(_ev("auth.arh.untrusted", Status.INFO,
                       Text(f"Authentication-Results ヘッダーが {len(ignored)} 件ありますが、"
                            "信頼する受信サーバーが設定されていないため使いません",
                            f"{len(ignored)} Authentication-Results header(s) present, but no "
                            "trusted server is set, so none is believed"),
                       Text(f"一番上のヘッダーは {top} が付けたものです。"
                            "これがご自分のメールサーバーなら、"
                            "設定で信頼するサーバーとして登録できます。",
                            f"The topmost one is by {top}. If that is your own mail server, add "
                            "it as a trusted server in the options."),
                       "Authentication-Results"))
    elif rep.trusted_ids and not rep.used and f.brand_from:
        ids = ", ".join(rep.trusted_ids)
        out.append(_ev("auth.arh.missing", Status.INFO,
                       Text("信頼する受信サーバーの認証結果がありません",
                            "No results from your trusted server"),
                       Text(f"{ids} の Authentication-Results ヘッダーが見つかりません。",
                            f"No Authentication-Results header by {ids}."),
                       "Authentication-Results"))
    # Partly unreadable headers were read leniently (details keep the error); only a
    # header of which nothing could be read is worth a line in the panel.
    bad = [h for h in rep.headers if h.error and not h.results]
    if bad:
        out.append(_ev("auth.arh.unparseable", Status.INFO,
                       Text(f"読めない Authentication-Results ヘッダーが {len(bad)} 件あります",
                            f"{len(bad)} Authentication-Results header(s) could not be read "
                            "in full"),
                       Text("; ".join(h.error for h in bad)[:300],
                            "; ".join(h.error for h in bad)[:300]), "Authentication-Results"))
    return out


def _arc_evidence(f: _Facts, d: _Decision) -> list[Evidence]:
    a = f.arc
    if not a.present:
        return []
    sealers = ", ".join(f"i={i.instance} {i.seal_domain}" for i in a.instances) or "?"
    src = f"ARC-Seal ({sealers})"
    if a.chain == "unchecked" and a.reason == "not needed":
        return [_ev("auth.arc.present", Status.INFO,
                    Text("転送の記録(ARC)があります", "The mail carries a forwarding record (ARC)"),
                    Text("ARCは差出人の署名を確認できない場合にだけ使うため、"
                         "確認していません。",
                         "Not checked: ARC only matters when the sender's own signature "
                         "cannot be verified."), src)]
    if a.chain == "pass" and d.claim is not None:
        inst, r = d.claim
        if _arc_trusted(f, inst):
            return [_ev("auth.arc.trusted", Status.PASS,
                        Text(f"信頼する転送元 {inst.seal_domain} が、"
                             "転送前の認証成功を記録しています",
                             f"Your trusted forwarder {inst.seal_domain} recorded that "
                             f"authentication passed before it forwarded the mail"),
                        Text(f"ARCの連鎖は有効です。i={inst.instance} の記録: {r}",
                             f"The ARC chain is valid. Record i={inst.instance}: {r}"), src,
                        Signal.PROOF if d.arc_proof else Signal.NONE)]
        sig = Signal.DOUBT if d.explained == "untrusted" else Signal.NONE
        return [_ev("auth.arc.untrusted", Status.WARN,
                    Text(f"転送元 {inst.seal_domain} は認証成功を記録していますが、"
                         "信頼する転送元ではありません",
                         f"The forwarder {inst.seal_domain} says authentication passed, but "
                         f"it is not a forwarder you trust"),
                    Text(f"ARCの連鎖は有効ですが、誰でも自分のドメインで記録を作れます。"
                         f"{inst.seal_domain} がご自分の転送サービスなら、"
                         "信頼するサーバーに追加してください。"
                         f" i={inst.instance} の記録: {r}",
                         f"The ARC chain is valid, but anyone can seal such a record with "
                         f"their own domain. If {inst.seal_domain} is your own forwarding "
                         f"service or list, add it to your trusted servers. Record "
                         f"i={inst.instance}: {r}"), src, sig)]
    status = Status.INFO
    if a.chain == "pass":
        t = Text("転送の記録(ARC)は有効ですが、認証成功の記録はありません",
                 "The forwarding record (ARC) is valid but records no passing authentication")
    elif a.chain == "unchecked":
        t = Text("転送の記録(ARC)はオフラインのため未確認です",
                 "The forwarding record (ARC) was not checked (offline)")
    elif a.chain == "temperror":
        t = Text("転送の記録(ARC)を確認できません(DNS)",
                 "The forwarding record (ARC) could not be checked (DNS)")
    else:
        t = Text("転送の記録(ARC)は無効です", "The forwarding record (ARC) does not validate")
    return [_ev("auth.arc.result", status, t, Text(a.reason or sealers, a.reason or sealers),
                src)]


def _disagreement_evidence(f: _Facts, d: _Decision) -> list[Evidence]:
    if not f.brand_from:
        return []
    server = f.report.server
    if d.local_withheld:
        return [_ev("auth.disagreement", Status.WARN,
                    Text("署名の確認結果と受信サーバーの判定が食い違っています",
                         "Our signature check and your server disagree"),
                    Text(f"ここでは署名が有効でしたが、受信時に {server} は認証失敗と判定しました。"
                         "どちらが正しいか判断できないため、本物とは判定しません。",
                         f"The signature verifies here, but {server} found authentication "
                         "failed when the mail arrived. Which is right cannot be told, so the "
                         "mail is not called genuine."), "Authentication-Results", Signal.DOUBT)]
    if d.server_withheld:
        what_ja = ("ここでは署名が一致しません" if f.local == "fail"
                   else f"{f.brand_name}の署名が見当たりません")
        what_en = ("the signature does not verify here" if f.local == "fail"
                   else f"there is no {f.brand_name} signature")
        return [_ev("auth.disagreement", Status.WARN,
                    Text("署名の確認結果と受信サーバーの判定が食い違っています",
                         "Our signature check and your server disagree"),
                    Text(f"受信時に {server} は認証成功と判定しましたが、{what_ja}。"
                         "受信後にメールが変更された(セキュリティ製品によるリンクの書き換えなど)"
                         "可能性があります。本物とも詐欺とも判定しません。",
                         f"{server} found authentication passed on arrival, but {what_en}. The "
                         "mail may have been changed after it arrived (for instance a security "
                         "gateway rewriting links). It is called neither genuine nor phishing."),
                    "Authentication-Results", Signal.DOUBT)]
    return []


def _dmarc_evidence(f: _Facts) -> list[Evidence]:
    dm = f.dm
    if not f.brand_from or dm.policy_status != "found":
        return []
    p = dm.policy.get("p", "?")
    return [_ev("auth.dmarc.policy", Status.INFO,
                Text(f"{dm.from_domain} はDMARCポリシー p={p} を公開しています",
                     f"{dm.from_domain} publishes the DMARC policy p={p}"),
                Text("認証に失敗したメールの扱いを受信サーバーに指示するものです"
                     "(quarantine=迷惑メール扱い、reject=拒否)。",
                     "It tells receiving servers what to do with mail that fails "
                     "authentication (quarantine = spam folder, reject = refuse)."),
                dm.policy_name)]


def _offline_evidence(f: _Facts) -> list[Evidence]:
    if f.dns_mode != "offline" or not f.sigs:
        return []
    return [_ev("auth.offline", Status.INFO,
                Text("オフラインモードのため、電子署名を確認していません",
                     "Offline mode: the signatures were not checked"),
                Text("公開鍵をDNSから取得しないため、署名の有効性は分かりません。",
                     "Keys are not fetched from DNS, so the signatures cannot be verified."),
                "settings")]


# ------------------------------------------------------------------------- decision


@dataclass
class _Decision:
    local_withheld: bool = False  # local pass contradicted by the server
    server_withheld: bool = False  # server pass contradicted by the signatures here
    arc_proof: bool = False
    explained: str = ""  # "trusted"/"untrusted": ARC accounts for a broken signature
    claim: tuple[arc_mod.ArcInstance, arh_mod.ResInfo] | None = None


def _decide(f: _Facts) -> _Decision:
    d = _Decision()
    if not f.brand_from:
        f.decision = _describe(f, d)
        return d
    d.claim = _arc_claim(f) if f.arc.chain == "pass" else None
    if d.claim is not None:
        inst, r = d.claim
        if _arc_trusted(f, inst) and f.local in ("fail", "none", "unknown", "unaligned"):
            # A trusted forwarder's sealed word is as good as the user's own server's; it
            # also accounts for the server's failure when the forwarder broke DKIM.
            d.arc_proof = True
            if f.local in ("fail", "none") or f.server == "fail":
                d.explained = "trusted"
        elif (f.local == "fail" and f.server not in ("pass", "fail")
              and _arc_vouches_for_broken(f, r)):
            d.explained = "untrusted"
    d.local_withheld = f.local == "pass" and f.server == "fail"
    d.server_withheld = f.server == "pass" and f.local in ("fail", "none") and not d.arc_proof
    f.decision = _describe(f, d)
    return d


def _describe(f: _Facts, d: _Decision) -> str:
    if not f.brand_from:
        return "From is not the brand's: information only"
    if d.local_withheld or d.server_withheld:
        return "disagreement between local verification and the trusted server"
    if f.local == "pass":
        return "aligned brand signature verified locally"
    if f.server == "pass" and f.local != "danger":
        return "trusted server reports DMARC pass"
    if f.server == "fail":
        return "trusted server reports authentication failure"
    if d.arc_proof:
        return "trusted ARC chain records a pass"
    if d.explained:
        return f"broken signature explained by {d.explained} ARC"
    if f.local in ("fail", "none"):
        return "brand authentication failed or missing"
    return f"undetermined ({f.local})"


def check(ctx: Context) -> list[Evidence]:
    out: list[Evidence] = []
    f = _gather(ctx, out)
    d = _decide(f)
    out += _signature_evidence(f, d)
    out += _no_signature_evidence(f, d)
    out += _server_evidence(f, d)
    out += _disagreement_evidence(f, d)
    out += _arc_evidence(f, d)
    out += _dmarc_evidence(f)
    out += _offline_evidence(f)
    _record(ctx, f, d)
    return out


def _record(ctx: Context, f: _Facts, d: _Decision) -> None:
    # Only the brand's own, proven domains: other checks read this set as "the sender is
    # who From says"; a verified evil.example must never land here.
    if f.brand_from and not d.local_withheld and not d.server_withheld:
        if f.local == "pass":
            ctx.authenticated_domains.update(
                s.res.domain for s in f.sigs if s.brand and s.aligned and s.res.result == "pass")
        elif (f.server == "pass" and f.local != "danger") or d.arc_proof:
            ctx.authenticated_domains.add(f.from_domain)
    details: dict[str, Any] = {
        "from_domain": f.from_domain,
        "brand_from": f.brand_from,
        "local": f.local,
        "server": f.server,
        "decision": f.decision,
        "signatures": [dict(s.res.as_dict(), brand=s.brand, aligned=s.aligned, esp=s.esp,
                            lookalike=s.lookalike) for s in f.sigs],
        "dmarc": f.dm.as_dict(),
        "arh": f.report.as_dict(),
        "arc": f.arc.as_dict(),
        "dns": {"mode": f.dns_mode,
                "lookups": [vars(lk) for lk in (f.recorder.lookups if f.recorder else [])]},
    }
    ctx.details["auth"] = details
