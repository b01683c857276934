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
unknown (key gone,  PROOF (from S) if the      DECISIVE           DOUBT
 DNS down, offline,  signature S names is
 mail cut to fit)    here, else DOUBT
none (no brand      DISAGREE → DOUBT           DECISIVE           DECISIVE
 signature)
==================  =========================  =================  =========================

The server's pass is about a signature it saw; it proves this mail only through a
signature that is here and that nothing here contradicts (``_backing``): one that
verifies cleanly, or — when its key cannot be had (gone, DNS down, offline, mail cut) —
the very one the server's dkim result names (header.d, and header.b or header.s). A
forger can always add a signature whose key is "missing"; it cannot make the user's
server name it.

Structural dangers (``dkimcheck.CONTENT_DANGERS``: From not signed, an unsigned extra
From or Subject on top, l= with content after it) are facts of the mail, computed for
every brand signature whatever its key status. Any of them — or signatures too many to
read — blocks the PROOF of S and of ARC: those witnesses saw a signature verify, and a
verifying signature is exactly what such a trick leaves intact. A brand signature that
could not be verified but carries such a danger is a RED_FLAG. Junk signatures cannot
hide the real one either: brand signatures are verified first (the one the server names
first of all), before the MAX_SIGNATURES cut and before the DNS budget is spent.

What a proving signature leaves unsigned is outside the proof. Amazon's h= does not
cover Reply-To or Sender, so a replayed genuine mail can get one added: a Reply-To or
Sender with a non-brand address that the proving signature does not cover is DECISIVE
(the words are Amazon's, the replies go to the forger).

Keys are looked up only for brand domains and the brand's delivery service (``relevant``;
ARC: sealers the user trusts). Any other d= cannot change the verdict, and asking for
its key tells its owner the mail was opened; it is reported as not checked.

ARC, only consulted when L is not pass: a valid chain whose statement (dmarc or dkim pass
for this From) was sealed by trusted sealers from that instance to the newest is PROOF and
explains away L = fail/none and S = fail — the forwarder the user trusts saw Amazon's
valid signature and is the one who changed the mail. A chain sealed by anyone else proves
nothing (anyone can seal with their own domain), so its keys are not even looked up, and
unverified it is no better than any header the sender wrote: even a genuine forwarder's
record copied from a genuine mail would say "pass". It is shown, with the advice to trust
the forwarder if it is the user's own, and weighs nothing — a forwarded mail that broke
DKIM counts as broken until the user trusts its forwarder.

A trusted SPF fail is a RED_FLAG when nothing else proves the sender (forwarding breaks
SPF for genuine mail too), nothing beside a verified aligned signature. A trusted DMARC
result counts only for the From domain it names (header.from), and a fail beside a pass
is a fail.

Why a disagreement is DOUBT and not a verdict either way: a pass that the other witness
contradicts cannot be proof (the unforgivable error is calling phishing genuine), and a
failure that the user's own server contradicts is more likely a change made after arrival
(a gateway rewriting links, a key rotated since) or a server quirk than a forgery — a
forger cannot make the user's own server see Amazon's valid signature. So neither wins:
the mail is suspicious, and the evidence says which witness said what.

A missing key (rotated away), a DNS failure or offline mode is DOUBT, never phishing: old
genuine mail loses its key (a forger's invented signature looks the same, so never
genuine either). A mail the extension cut to fit (``Settings.truncated``) cannot match its
body hash: that is DOUBT too, while a signature whose signed headers fail stays a failure.
Mail whose From is not the brand's gets information only — authenticating evil.example
proves nothing about the brand, so its key is not even looked up.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from honmono.auth import arc as arc_mod
from honmono.auth import arh as arh_mod
from honmono.auth import dkim as dkimcheck
from honmono.auth import dmarc
from honmono.auth.dns import DnsConfigError, RecordingResolver, TxtResolver, resolver_for
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Signal, Status, Text, Verdict
from honmono.mail import replytargets
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain, within
from honmono.net.lookalike import lookalike_of

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
    # The trusted server's dkim passes for the From's domain (what it says it verified).
    named: list[arh_mod.ResInfo] = field(default_factory=list)
    # Content dangers of brand signatures, whatever their key status, and
    # "unread_signatures" when there were more than dkimcheck.MAX_READ.
    exposed: list[str] = field(default_factory=list)
    # Brand signatures through which the server's pass can prove this mail (module doc).
    backing: list[_Sig] = field(default_factory=list)


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


def _relevant(domain: str, ctx: Context) -> bool:
    """Whether a signature by ``domain`` can matter, so that its key may be looked up."""
    return (is_brand_domain(domain, ctx.brand)
            or within(domain, ctx.brand.values("esp_signing_domains")))


def _classify(res: dkimcheck.SignatureResult, from_domain: str, ctx: Context) -> _Sig:
    return _Sig(res=res, brand=is_brand_domain(res.domain, ctx.brand),
                aligned=dmarc.aligned(res.domain, from_domain),
                esp=within(res.domain, ctx.brand.values("esp_signing_domains")),
                lookalike=(lookalike_of(res.domain, ctx.brand) or "") if res.domain else "")


def _names(r: arh_mod.ResInfo, res: dkimcheck.SignatureResult) -> bool:
    """Whether a dkim result (ARH or ARC) is about this signature: the same d= (or an i=
    within it), and the same b= start or selector where the result gives one."""
    d = r.prop("header.d").strip().lower().rstrip(".")
    if d:
        if d != res.domain:
            return False
    elif not within(_dkim_domain(r), (res.domain,)):
        return False
    b = re.sub(r"\s+", "", r.prop("header.b"))
    if len(b) >= 8:
        return dkimcheck.b_matches(res.b_prefix, b)
    sel = (r.prop("header.s") or r.prop("header.selector")).strip().lower()
    return not sel or sel == res.selector


def _priority(named: list[arh_mod.ResInfo], from_domain: str,
              ctx: Context) -> Callable[[dkimcheck.SignatureResult], tuple[int, bool]]:
    """The order of key lookups: the signature the user's server names, then the brand's
    aligned with From, the brand's others, the delivery service's; within each, those
    whose bh= matches the body first (a junk signature rarely does)."""

    def key(res: dkimcheck.SignatureResult) -> tuple[int, bool]:
        if any(_names(r, res) for r in named):
            rank = 0
        elif is_brand_domain(res.domain, ctx.brand):
            rank = 1 if dmarc.aligned(res.domain, from_domain) else 2
        else:
            rank = 3
        return rank, res.body_hash_ok is not True

    return key


def _gather(ctx: Context, out: list[Evidence]) -> _Facts:
    resolver, mode = _resolver(ctx, out)
    recorder = RecordingResolver(resolver) if resolver is not None else None
    from_dom, single = dmarc.from_domain(ctx.msg)
    brand_doms = sorted({a.domain for a in ctx.msg.from_
                         if is_brand_domain(a.domain, ctx.brand)})
    # Several From addresses, one of them the brand's: still a brand claim (so a missing
    # signature is still decisive), but nothing can align with an ambiguous From.
    brand_from = bool(brand_doms)
    if brand_doms and not single:
        from_dom = brand_doms[0]
    report = arh_mod.collect(ctx.msg.headers, ctx.settings.trust_authserv)
    named = ([r for r in report.results("dkim")
              if r.result == "pass" and dmarc.aligned(_dkim_domain(r), from_dom)]
             if brand_from and single else [])
    results = dkimcheck.verify_all(
        ctx.msg, recorder, OFFLINE_REASON, relevant=lambda d: _relevant(d, ctx),
        irrelevant_reason=IRRELEVANT_REASON, priority=_priority(named, from_dom, ctx),
        truncated=ctx.settings.truncated)
    sigs = [_classify(r, from_dom if single else "", ctx) for r in results]
    # The policy is for the explanation only; a mail without signatures must cost nothing.
    dm = dmarc.evaluate(ctx.msg, results, recorder, lookup_policy=brand_from and bool(results))
    facts = _Facts(brand_name=ctx.brand.name, from_domain=from_dom, brand_from=brand_from,
                   sigs=sigs, dm=dm, report=report, arc=arc_mod.ArcResult(),
                   dns_mode=mode, recorder=recorder, single_from=single, named=named)
    facts.exposed = sorted({d for s in sigs if s.brand for d in s.res.content_dangers})
    if len(results) >= dkimcheck.MAX_READ and dkimcheck.signature_count(ctx.msg) > len(results):
        facts.exposed.append("unread_signatures")
    facts.backing = _backing(facts)
    facts.local = _local_state(facts)
    facts.server = _server_state(facts)
    # ARC costs key lookups; it is only worth them when the signature cannot decide.
    if brand_from and facts.local != "pass":
        facts.arc = arc_mod.verify(ctx.msg, recorder, ctx.settings.trust_authserv)
    else:
        facts.arc = arc_mod.present(ctx.msg, ctx.settings.trust_authserv)
    return facts


OFFLINE_REASON = "offline: keys not looked up"
IRRELEVANT_REASON = "not checked: not relevant to the brand"
# Why an unverified brand signature was not verified, where that says nothing against
# it: no lookup allowed, or the mail was cut. With a key lookup that failed (temperror)
# or found nothing (key_missing: old genuine mail, and every forger's invented
# signature), such a signature backs the server's pass only when the server names it.
_UNVERIFIABLE = ("offline", "truncated")


def _unverifiable(r: dkimcheck.SignatureResult) -> bool:
    return (r.result == "temperror" or r.key_missing
            or (r.result == "unchecked" and r.skipped in _UNVERIFIABLE))


def _backing(f: _Facts) -> list[_Sig]:
    """Brand signatures through which the server's pass proves this mail (module doc):
    clean ones that verify, or unverifiable ones that the server names."""
    return [s for s in f.sigs
            if s.brand and not s.res.content_dangers
            and (s.res.result == "pass"
                 or (_unverifiable(s.res) and any(_names(n, s.res) for n in f.named)))]


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
    """A DMARC result is about this mail's From only when it names that very domain."""
    hf = r.prop("header.from").strip().lower().rstrip(".")
    return bool(hf) and hf == from_domain.lower()


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
    # A failure beside a pass is a failure: only an unanimous server is believed.
    if any(r.result == "fail" for r in dmarcs):
        return "fail"
    if any(r.result == "pass" for r in dmarcs):
        return "pass"
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
        about_dmarc = r.method == "dmarc" and _about_from(r, f.from_domain)
        about_dkim = r.method == "dkim" and dmarc.aligned(_dkim_domain(r), f.from_domain)
        if about_dmarc or about_dkim:
            claims.append((inst, r))
    claims.sort(key=lambda c: c[0].instance)
    return claims[0] if claims else None


def _arc_trusted(f: _Facts, inst: arc_mod.ArcInstance) -> bool:
    first = f.arc.trusted_from()
    return first is not None and inst.instance >= first


# ------------------------------------------------------------------------- evidence


def _sig_text(s: _Sig, f: _Facts, signal: Signal) -> tuple[Text, Text, Status]:
    """Title, detail and status of one signature (``signal``: what it weighs)."""
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
    if r.result == "unchecked" and r.skipped == "irrelevant" and s.lookalike:
        return (Text(f"署名は {who} のもので、{bn}ではありません",
                     f"The signature is by {who}, not by {bn}"),
                Text(f"{who} は{bn}に似せたドメインです({s.lookalike})。"
                     f"有効な署名でも {who} が送ったことしか分からないため、"
                     "公開鍵は問い合わせていません。",
                     f"{who} imitates {bn} ({s.lookalike}). Even a valid signature would only "
                     f"prove {who} sent it, so its key was not looked up."), Status.WARN)
    if r.result == "unchecked" and r.skipped == "irrelevant":
        return (Text(f"{who} の署名は確認していません({bn}とは無関係です)",
                     f"The signature by {who} was not checked: not relevant to {bn}"),
                Text(f"{bn}以外のドメインの署名は判定を変えないため、その公開鍵を問い合わせません"
                     f"(問い合わせると、メールを開いたことが {who} に伝わります)。",
                     f"A signature by a domain other than {bn}'s cannot change the verdict, so "
                     f"its key is not looked up (the lookup would tell {who} that the mail "
                     "was opened)."), Status.INFO)
    dangers = _dangers_sentence(r)
    if r.key_missing:
        if signal >= Signal.DOUBT:
            tail = Text("鍵は定期的に交換されるため古いメールではよくあることですが、"
                        "偽造者がでっち上げた署名もまったく同じに見えます。"
                        "確認できない署名は何も証明しないため、本物とは判定せず、"
                        "よくても「不審」とします。",
                        "Keys are rotated, so this is common for older mail — but a signature "
                        "a forger made up looks exactly the same. A signature that cannot be "
                        "checked proves nothing: the mail is at best suspicious, never "
                        "genuine.")
        else:
            tail = Text("鍵は定期的に交換されるため古いメールではよくあることです。"
                        "この署名は確認できませんが、判定は他の根拠によります。",
                        "Keys are rotated, so this is common for older mail. This signature "
                        "cannot be checked; the verdict rests on other evidence.")
        return (Text(f"{who} の署名の公開鍵が見つかりません",
                     f"The key for the signature by {who} is not published"),
                Text(f"{r.key_name} に鍵がありません。{tail.ja}{dangers.ja}",
                     f"No key at {r.key_name}. {tail.en}{dangers.en}"), Status.WARN)
    if r.result == "temperror":
        return (Text(f"{who} の署名を確認できません(DNSが応答しません)",
                     f"The signature by {who} could not be checked (DNS did not answer)"),
                Text(f"{r.reason}。ネットワークが使えるときに再確認してください。{dangers.ja}",
                     f"{r.reason}. Check again when the network is available.{dangers.en}"),
                Status.WARN)
    if r.result == "unchecked" and r.skipped == "truncated":
        return (Text(f"{who} の署名は確認できません(メールが大きすぎて途中で切られました)",
                     f"The signature by {who} cannot be checked: the mail was cut to fit"),
                Text("メールが大きいため、先頭部分だけを確認しています。署名対象のヘッダーは"
                     "署名と一致しますが、本文は切られているため確認できません。"
                     f"改ざんの証拠ではありませんが、本物の証明にもなりません。{dangers.ja}",
                     "The mail is large, so only its beginning was checked. The signed headers "
                     "match the signature, but the body was cut, so it cannot be checked. "
                     f"That is no sign of tampering, and no proof either.{dangers.en}"),
                Status.WARN)
    if r.result == "unchecked" and r.skipped == "forwarded":
        what = (Text("末尾に追加された文章(メーリングリストのフッターなど)",
                     "text appended at its end (such as a mailing list footer)")
                if r.addition == "footer" else
                Text("追加されたMIMEパート", "an added MIME part"))
        return (Text(f"{who} の署名の後に、本文へ{what.ja}が加えられています",
                     f"After {who} signed it, {what.en} was added to the body"),
                Text(f"{what.ja}を除くと、本文と署名対象のヘッダーは署名と一致します。"
                     "メーリングリストや転送でよく起きることですが、追加された部分は"
                     f"{bn}が書いたものではなく、そのリンクは第三者のものとして判定します。"
                     "本物の証明にはなりません。転送元を信頼するなら、信頼するサーバーに"
                     f"追加してください。{dangers.ja}",
                     f"Without {what.en}, the body and the signed headers match the "
                     "signature. Mailing lists and forwarders do this, but the added content "
                     f"is not {bn}'s: its links are judged as a third party's. It proves "
                     "nothing. If you trust the forwarder, add it to your trusted servers."
                     f"{dangers.en}"),
                Status.WARN)
    if r.result == "unchecked" and r.skipped == "limit":
        return (Text(f"{who} の署名は確認していません(署名が多すぎます)",
                     f"The signature by {who} was not checked (too many signatures)"),
                Text(f"{r.reason}。{dangers.ja}", f"{r.reason}.{dangers.en}"), Status.WARN)
    if r.result == "unchecked":
        return (Text(f"{who} の署名はオフラインのため未確認です",
                     f"The signature by {who} was not checked (offline)"),
                Text(f"オフラインモードでは公開鍵を取得しません。{dangers.ja}",
                     f"In offline mode no key is fetched.{dangers.en}"), Status.INFO)
    return (Text(f"{who} の署名を確認できません", f"The signature by {who} cannot be checked"),
            Text(r.reason + dangers.ja, r.reason + dangers.en), Status.WARN)


def _dangers_sentence(r: dkimcheck.SignatureResult) -> Text:
    """The content dangers of a signature that could not be verified: they are facts of
    the mail all the same."""
    found = r.content_dangers
    if not found:
        return Text("", "")
    return Text("鍵がどうであれ、この署名はメールの一部を署名の外に残しています: "
                + "; ".join(_danger_text(x, r).ja for x in found) + "。",
                " Whatever its key, this signature leaves part of the mail unsigned: "
                + "; ".join(_danger_text(x, r).en for x in found) + ".")


def _reason_ja(r: dkimcheck.SignatureResult) -> str:
    if r.reason.startswith("body hash"):
        return "署名後に本文が変更されています"
    if r.reason.startswith("signature mismatch"):
        return "署名後に件名などの署名対象ヘッダーが変更されたか、署名が偽造されています"
    return r.reason


def _danger_text(code: str, r: dkimcheck.SignatureResult | None) -> Text:
    name, _, arg = code.partition(":")
    if r is None:
        pass  # the dangers that need the signature's numbers are not asked for without it
    elif name == "body_length":
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
    if name == "weak_key" and r is not None:
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
        r = s.res
        sig = Signal.NONE
        if f.brand_from and s.brand:
            if r.result == "pass" and s.aligned:
                sig = Signal.DOUBT if d.local_withheld else Signal.PROOF
            elif r.result == "pass":
                sig = Signal.NONE if d.proven else Signal.DOUBT
            elif r.result == "policy":
                sig = Signal.RED_FLAG if r.content_dangers else Signal.DOUBT
            elif r.result == "fail" or r.malformed:
                sig = _fail_signal(f, d.explained)
            elif f.local == "pass":
                sig = Signal.NONE  # another brand signature verified; this one is noise
            elif r.content_dangers:
                # Cannot be verified, but what it leaves unsigned is a fact: a genuine
                # brand signature never does, the duplicate-header trick always does.
                sig = Signal.RED_FLAG
            else:  # key missing, DNS, offline, cut, too many: cannot tell
                sig = Signal.NONE if d.proven else Signal.DOUBT
        title, detail, status = _sig_text(s, f, sig)
        if sig >= Signal.DOUBT and status == Status.INFO:
            status = Status.WARN
        if sig in (Signal.RED_FLAG, Signal.DECISIVE):
            status = Status.FAIL
        eid = f"auth.dkim.{r.index}"
        out.append(_ev(eid, status, title, detail, s.source, sig))
    return out


def _fail_signal(f: _Facts, explained: bool) -> Signal:
    if f.local == "pass":
        return Signal.NONE  # another brand signature verified; this one is noise
    if explained:
        return Signal.NONE
    if f.server == "pass":
        return Signal.DOUBT  # disagreement, see module doc
    return Signal.DECISIVE


def _no_signature_evidence(f: _Facts, d: _Decision) -> list[Evidence]:
    if not f.brand_from or f.local != "none":
        return []
    bn = f.brand_name
    others = ", ".join(s.res.domain for s in f.sigs if s.res.domain) or "—"
    if d.explained:
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
            sig, status, extra = _server_pass_weight(f, d)
            out.append(_ev("auth.arh.pass", status,
                           Text(f"受信サーバー {server} が{bn}からの送信を"
                                "確認しています(DMARC pass)",
                                f"Your server {server} confirmed it comes from {bn} (DMARC pass)"),
                           Text(f"{extra.ja}{summary}", f"{extra.en}{summary}"), src, sig))
        elif f.server == "fail":
            sig = (Signal.DOUBT if f.local == "pass" else
                   Signal.NONE if d.explained else Signal.DECISIVE)
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


def _server_pass_weight(f: _Facts, d: _Decision) -> tuple[Signal, Status, Text]:
    """Signal, status and a leading explanation of the trusted server's pass."""
    bn = f.brand_name
    why = d.server_withheld
    if d.server_proof:
        return Signal.PROOF, Status.PASS, Text("", "")
    if why == "danger":
        return Signal.NONE, Status.WARN, Text(
            "ただし署名が本文の一部や差出人を対象としていないため、この結果は証明になりません。",
            "But the signature leaves part of the mail unsigned, so this pass proves nothing "
            "about that part. ")
    if why == "exposed":
        what = Text("; ".join(_exposure_text(x).ja for x in f.exposed),
                    "; ".join(_exposure_text(x).en for x in f.exposed))
        return Signal.DOUBT, Status.WARN, Text(
            f"ただしこのメールの{bn}の署名には、署名されていない部分があります({what.ja})。"
            "サーバーが確認できたのは署名された部分だけなので、この結果は証明になりません。",
            f"But one of {bn}'s signatures in this mail leaves part of it unsigned ({what.en}). "
            "The server can only have verified the signed part, so this pass proves nothing. ")
    if why == "unbacked":
        names = ", ".join(_named_text(r) for r in f.named) or "—"
        return Signal.DOUBT, Status.WARN, Text(
            f"ただし、この結果が指す{bn}の署名がこのメールに見当たらないか、確認できません"
            f"(サーバーが確認した署名: {names})。鍵が「見つからない」署名は誰でも"
            "付け加えられるため、サーバーの結果を借りることはできません。",
            f"But this mail carries no {bn} signature that this result names and that could "
            f"be checked here (the server verified: {names}). Anyone can add a signature "
            "whose key is 'missing'; it cannot borrow the server's pass. ")
    if why == "disagree":
        return Signal.DOUBT, Status.WARN, Text("", "")
    return Signal.NONE, Status.PASS, Text("", "")  # the trusted forwarder's record proves it


def _named_text(r: arh_mod.ResInfo) -> str:
    parts = [f"d={_dkim_domain(r)}"]
    for key, label in (("header.s", "s"), ("header.b", "b")):
        if r.prop(key):
            parts.append(f"{label}={r.prop(key)}")
    return " ".join(parts)


def _exposure_text(code: str) -> Text:
    name = code.partition(":")[0]
    if name == "unread_signatures":
        return Text(f"署名が多すぎて{dkimcheck.MAX_READ}件を超える分は読んでいません",
                    f"more than {dkimcheck.MAX_READ} signatures, the rest unread")
    if name == "body_length":
        return Text("本文の後に署名されていない内容が追加されています (l=)",
                    "unsigned content appended to the body (l=)")
    return _danger_text(code, None)


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
    if rep.trusted_ids and not rep.used and rep.missing in ("below", "no_receipt"):
        # The server's own receipt line bounds what it wrote: a header in its name below
        # it (or in a mail it never received) is the sender's (arh.collect).
        ids = ", ".join(rep.trusted_ids)
        where = (Text("受信の記録(Received 行)より上に", "above its receipt (Received) line")
                 if rep.missing == "below" else
                 Text("このメールの受信の記録(Received 行)がなく、",
                      "no receipt (Received) line of it in this mail, and"))
        out.append(_ev("auth.arh.not_from_server", Status.WARN,
                       Text("信頼する受信サーバーは、このメールに認証結果を付けていません",
                            "Your trusted server added no authentication results to this "
                            "mail"),
                       Text(f"{ids} は{where.ja}Authentication-Results を付けていません。"
                            "その名前で下の方に書かれたヘッダーは送信者が書いたものとみなし、"
                            "使いません(サーバーによっては、認証済みの送信などで"
                            "結果を付けないことがあります。`honmono doctor` も参照)。",
                            f"{ids} wrote no Authentication-Results {where.en}. Headers in "
                            "its name further down were written by the sender and are not "
                            "believed (some servers add none, e.g. for authenticated "
                            "submission; see `honmono doctor`)."),
                       "Authentication-Results"))
    # Partly unreadable headers were read leniently (details keep the error); only a
    # header of which nothing could be read is worth a line in the panel.
    bad = [h for h in rep.unparseable if not h.results]
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
    if a.chain in ("pass", "untrusted") and d.claim is not None:
        inst, r = d.claim
        if _arc_trusted(f, inst):
            blocked = Text("", "")
            if d.arc_exposed:
                blocked = Text("ただしこのメールの署名には署名されていない部分があるため、"
                               "この記録は証明になりません。",
                               "But a signature in this mail leaves part of it unsigned, so "
                               "this record proves nothing. ")
            return [_ev("auth.arc.trusted", Status.WARN if d.arc_exposed else Status.PASS,
                        Text(f"信頼する転送元 {inst.seal_domain} が、"
                             "転送前の認証成功を記録しています",
                             f"Your trusted forwarder {inst.seal_domain} recorded that "
                             f"authentication passed before it forwarded the mail"),
                        Text(f"{blocked.ja}ARCの連鎖は有効です。i={inst.instance} の記録: {r}",
                             f"{blocked.en}The ARC chain is valid. Record i={inst.instance}: "
                             f"{r}"), src,
                        Signal.PROOF if d.arc_proof else Signal.NONE)]
        if a.chain == "untrusted":
            how = Text("信頼していない転送元の鍵は問い合わせないため、記録は確認していません。"
                       "誰でも自分のドメインでこのような記録を作れます。",
                       "Keys of forwarders you do not trust are not looked up, so the record "
                       "was not checked; anyone can seal such a record with their own domain.")
        else:
            how = Text("ARCの連鎖は有効ですが、誰でも自分のドメインで記録を作れます。",
                       "The ARC chain is valid, but anyone can seal such a record with their "
                       "own domain.")
        return [_ev("auth.arc.untrusted", Status.WARN,
                    Text(f"転送元 {inst.seal_domain} は認証成功を記録していますが、"
                         "信頼する転送元ではありません",
                         f"The forwarder {inst.seal_domain} says authentication passed, but "
                         f"it is not a forwarder you trust"),
                    Text(f"{how.ja}{inst.seal_domain} がご自分の転送サービスなら、"
                         "信頼するサーバーに追加してください。"
                         f" i={inst.instance} の記録: {r}",
                         f"{how.en} If {inst.seal_domain} is your own forwarding "
                         f"service or list, add it to your trusted servers. Record "
                         f"i={inst.instance}: {r}"), src)]
    status = Status.INFO
    if a.chain == "pass":
        t = Text("転送の記録(ARC)は有効ですが、認証成功の記録はありません",
                 "The forwarding record (ARC) is valid but records no passing authentication")
    elif a.chain == "unchecked":
        t = Text("転送の記録(ARC)はオフラインのため未確認です",
                 "The forwarding record (ARC) was not checked (offline)")
    elif a.chain == "untrusted":
        t = Text("転送の記録(ARC)は信頼していない転送元のもののため確認していません",
                 "The forwarding record (ARC) was not checked: sealed by a forwarder you do "
                 "not trust")
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
    if d.server_withheld == "disagree":
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
    # Why the server's pass is not proof: "disagree" (no brand signature here, or it
    # fails), "danger" (the one that verifies covers too little), "exposed" (a brand
    # signature leaves content unsigned), "unbacked" (no signature here that it proves).
    server_withheld: str = ""
    server_proof: bool = False
    arc_proof: bool = False
    arc_exposed: bool = False  # a trusted ARC pass that the structural dangers block
    explained: bool = False  # a trusted ARC record accounts for a broken signature
    claim: tuple[arc_mod.ArcInstance, arh_mod.ResInfo] | None = None

    @property
    def proven(self) -> bool:
        return self.server_proof or self.arc_proof


def _decide(f: _Facts) -> _Decision:
    d = _Decision()
    if not f.brand_from:
        f.decision = _describe(f, d)
        return d
    d.claim = _arc_claim(f) if f.arc.chain in ("pass", "untrusted") else None
    if d.claim is not None:
        inst = d.claim[0]
        if _arc_trusted(f, inst) and f.local in ("fail", "none", "unknown", "unaligned"):
            # A trusted forwarder's sealed word is as good as the user's own server's; it
            # also accounts for the server's failure when the forwarder broke DKIM — unless
            # a brand signature leaves content unsigned, which the forwarder's pass cannot
            # cover any more than the server's.
            if f.exposed:
                d.arc_exposed = True
            else:
                d.arc_proof = True
                d.explained = f.local in ("fail", "none") or f.server == "fail"
    d.local_withheld = f.local == "pass" and f.server == "fail"
    if f.server == "pass":
        if f.local == "pass":
            d.server_proof = True
        elif f.local in ("fail", "none"):
            d.server_withheld = "" if d.arc_proof else "disagree"
        elif f.local == "danger":
            d.server_withheld = "danger"
        elif f.exposed:
            d.server_withheld = "exposed"
        elif not f.backing:
            d.server_withheld = "unbacked"
        else:
            d.server_proof = True
    f.decision = _describe(f, d)
    return d


def _describe(f: _Facts, d: _Decision) -> str:
    if not f.brand_from:
        return "From is not the brand's: information only"
    if d.local_withheld or d.server_withheld == "disagree":
        return "disagreement between local verification and the trusted server"
    if f.local == "pass":
        return "aligned brand signature verified locally"
    if d.server_proof:
        return "trusted server reports DMARC pass"
    if d.server_withheld == "unbacked":
        return "trusted server's pass names no signature found here"
    if f.server == "fail":
        return "trusted server reports authentication failure"
    if d.arc_proof:
        return "trusted ARC chain records a pass"
    if f.exposed and (f.server == "pass" or d.arc_exposed):
        return "brand signature leaves content unsigned: " + ", ".join(f.exposed)
    if d.explained:
        return "broken signature explained by trusted ARC"
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
    out += _redirect_evidence(ctx, f, d)
    _record(ctx, f, d)
    ctx.added_links.update(_added_links(ctx.msg, f))
    if d.arc_proof:
        ctx.vouching_sealers = tuple(i.seal_domain for i in f.arc.instances if i.trusted)
    return out


def _added_links(msg: ParsedMessage, f: _Facts) -> set[str]:
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


def _proving(f: _Facts, d: _Decision) -> list[_Sig] | None:
    """The signatures that carry the proof of this mail (None: nothing proves it)."""
    if not f.brand_from or d.local_withheld:
        return None
    if f.local == "pass":
        return [s for s in f.sigs if s.brand and s.aligned and s.res.result == "pass"]
    if d.server_proof:
        return f.backing
    if d.arc_proof and d.claim is not None:
        r = d.claim[1]
        return [s for s in f.sigs if s.brand and r.method == "dkim" and _names(r, s.res)]
    return None


def _redirect_evidence(ctx: Context, f: _Facts, d: _Decision) -> list[Evidence]:
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
    bn = f.brand_name
    out: list[Evidence] = []
    for name, shown in _REDIRECTS:
        vals = ctx.msg.address_raw.get(name, [])
        covered = max((min(len(vals), s.res.signed_headers.count(name)) for s in proving),
                      default=0)
        # DKIM signs the bottom-most instances: the unsigned ones are the topmost.
        unsigned = [replytargets.read(v, shown) for v in vals[:len(vals) - covered]]
        foreign: list[str] = []
        for fld in unsigned:
            for a in fld.addresses:
                dom = a.domain
                if (dom and not is_brand_domain(dom, ctx.brand)
                        and not any(within(dom, (fw,)) for fw in forwarders if fw)):
                    foreign.append(a.addr)
        unreadable = [fld.raw.strip()[:120] for fld in unsigned if fld.unreadable]
        if unreadable and not foreign:
            # Where Thunderbird's answer would go cannot be told: never silently ignored.
            out.append(Evidence(f"auth.unsigned_{name.replace('-', '_')}_unreadable", C,
                                Status.WARN,
                                Text(f"{bn}の署名の外に、読み取れない{shown}が加えられています",
                                     f"An unreadable {shown} was added outside {bn}'s "
                                     "signature"),
                                Text(f"{shown}: {unreadable[0]} は{bn}の電子署名の対象外で、"
                                     "返信がどこへ向かうか確かめられません。"
                                     "本物とは判定しません。",
                                     f"{shown}: {unreadable[0]} is not covered by {bn}'s "
                                     "signature, and where a reply would go cannot be told. "
                                     "The mail is not called genuine."),
                                shown, Signal.DOUBT, ceiling=Verdict.SUSPICIOUS))
        if not foreign:
            continue
        who = ", ".join(dict.fromkeys(foreign))[:200]
        if name != "sender":
            title = Text(f"{bn}の署名の外で、返信先({shown})が{bn}以外に変えられています",
                         f"Replies are redirected outside {bn}, in a {shown} that "
                         f"{bn}'s signature does not cover")
            detail = Text(f"{shown}: {who} は{bn}のアドレスではなく、{bn}の電子署名(DKIM)の"
                          "対象外です。本物のメールを使い回し、署名の後から返信先を"
                          "書き加えたものです。このメールに返信しないでください。",
                          f"{shown}: {who} is not an address of {bn}, and {bn}'s signature "
                          "(DKIM) does not cover it: a genuine mail was reused and the reply "
                          "address added after signing. Do not reply to this mail.")
        else:
            title = Text(f"{bn}の署名の外で、送信者(Sender)が{bn}以外になっています",
                         f"A Sender outside {bn} was added outside {bn}'s signature")
            detail = Text(f"Sender: {who} は{bn}のアドレスではなく、{bn}の電子署名(DKIM)の"
                          "対象外です。本物のメールを使い回し、署名の後から送信者を"
                          "書き加えたものです(メールソフトによっては「代理送信」として"
                          "表示され、返信もそちらへ向かいます)。",
                          f"Sender: {who} is not an address of {bn}, and {bn}'s signature "
                          "(DKIM) does not cover it: a genuine mail was reused and the sender "
                          "added after signing (some mail programs show it as 'on behalf of' "
                          "and reply to it).")
        out.append(_ev(f"auth.unsigned_{name.replace('-', '_')}", Status.FAIL, title, detail,
                       shown, Signal.DECISIVE))
    return out




def _record(ctx: Context, f: _Facts, d: _Decision) -> None:
    # Only the brand's own, proven domains: other checks read this set as "the sender is
    # who From says"; a verified evil.example must never land here.
    if f.brand_from and not d.local_withheld:
        if f.local == "pass":
            ctx.authenticated_domains.update(
                s.res.domain for s in f.sigs if s.brand and s.aligned and s.res.result == "pass")
        elif d.proven:
            ctx.authenticated_domains.add(f.from_domain)
    details: dict[str, Any] = {
        "from_domain": f.from_domain,
        "brand_from": f.brand_from,
        "local": f.local,
        "server": f.server,
        "decision": f.decision,
        "exposed": f.exposed,
        "backing": [s.res.index for s in f.backing],
        "signatures": [dict(s.res.as_dict(), brand=s.brand, aligned=s.aligned, esp=s.esp,
                            lookalike=s.lookalike) for s in f.sigs],
        "dmarc": f.dm.as_dict(),
        "arh": f.report.as_dict(),
        "arc": f.arc.as_dict(),
        "dns": {"mode": f.dns_mode,
                "lookups": [vars(lk) for lk in (f.recorder.lookups if f.recorder else [])]},
    }
    ctx.details["auth"] = details
