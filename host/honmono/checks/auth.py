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
from honmono.auth.decision import Decision, decide
from honmono.auth.witnesses import (
    Facts,
    Signature,
    arc_trusted,
    dkim_domain,
    gather,
    names,
)
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Signal, Status, Text, Verdict
from honmono.mail import replytargets
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain, within

C = Category.AUTH


def _ev(eid: str, status: Status, title: Text, detail: Text, source: str,
        signal: Signal = Signal.NONE) -> Evidence:
    return Evidence(eid, C, status, title, detail, source, signal)


# ------------------------------------------------------------------------- evidence


def _sig_text(s: Signature, f: Facts, signal: Signal) -> tuple[Text, Text, Status]:
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


def _arh_summary(f: Facts) -> str:
    parts = []
    for method in ("dmarc", "dkim", "spf", "arc"):
        for r in f.report.results(method):
            parts.append(str(r))
    return "; ".join(parts) or "(no dkim/spf/dmarc result)"


def _signature_evidence(f: Facts, d: Decision) -> list[Evidence]:
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


def _fail_signal(f: Facts, explained: bool) -> Signal:
    if f.local == "pass":
        return Signal.NONE  # another brand signature verified; this one is noise
    if explained:
        return Signal.NONE
    if f.server == "pass":
        return Signal.DOUBT  # disagreement, see module doc
    return Signal.DECISIVE


def _no_signature_evidence(f: Facts, d: Decision) -> list[Evidence]:
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


def _server_evidence(f: Facts, d: Decision) -> list[Evidence]:
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


def _server_pass_weight(f: Facts, d: Decision) -> tuple[Signal, Status, Text]:
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
    parts = [f"d={dkim_domain(r)}"]
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


def _ignored_evidence(f: Facts) -> list[Evidence]:
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


def _arc_evidence(f: Facts, d: Decision) -> list[Evidence]:
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
    if a.chain in ("pass", "untrusted") and f.arc_claim is not None:
        inst, r = f.arc_claim
        if arc_trusted(f.arc, inst):
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


def _disagreement_evidence(f: Facts, d: Decision) -> list[Evidence]:
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


def _dmarc_evidence(f: Facts) -> list[Evidence]:
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


def _offline_evidence(f: Facts) -> list[Evidence]:
    if f.dns_mode != "offline" or not f.sigs:
        return []
    return [_ev("auth.offline", Status.INFO,
                Text("オフラインモードのため、電子署名を確認していません",
                     "Offline mode: the signatures were not checked"),
                Text("公開鍵をDNSから取得しないため、署名の有効性は分かりません。",
                     "Keys are not fetched from DNS, so the signatures cannot be verified."),
                "settings")]


def _dns_error_evidence(f: Facts) -> list[Evidence]:
    if not f.dns_error:
        return []
    return [_ev("auth.dns_records_unreadable", Status.WARN,
                Text("DNSレコードのファイルを読めません", "The DNS records file cannot be read"),
                Text(f"{f.dns_error}。鍵は確認していません。",
                     f"{f.dns_error}. No key was looked up."),
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




def _record(ctx: Context, f: Facts, d: Decision) -> None:
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
        "decision": d.summary,
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
