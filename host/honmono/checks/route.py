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
from honmono.auth.arh import handoff, hops, trusted_orgs
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Signal, Status, Text
from honmono.net.domains import is_brand_domain, organisational, within

C = Category.ROUTE

def _ev(eid: str, status: Status, title: Text, detail: Text, source: str,
        signal: Signal = Signal.NONE) -> Evidence:
    return Evidence(eid, C, status, title, detail, source, signal)


def _brand_from(ctx: Context) -> bool:
    doms = {a.domain for a in ctx.msg.from_ if a.domain}
    return len(doms) == 1 and is_brand_domain(next(iter(doms)), ctx.brand)


def check(ctx: Context) -> list[Evidence]:
    route = hops(ctx.msg.headers)
    suffixes = ctx.brand.senders.route_host_suffixes
    bn = ctx.brand.name
    brand_from = _brand_from(ctx)
    orgs = trusted_orgs(ctx.settings.trust_authserv)
    hand = handoff(route, orgs)
    out: list[Evidence] = []
    usual = ", ".join(f"*.{x}" for x in suffixes[:2])
    if hand is not None:
        host = hand.host or "?"
        shown = f"{host} [{hand.ip}]"
        src = f"Received (by {hand.by})"
        how_ja = "" if hand.rdns else "(相手が名乗った名前で、未確認です)"
        how_en = "" if hand.rdns else " (a name the sender gave, not verified)"
        if hand.host and within(hand.host, suffixes) and hand.rdns:
            shared = within(hand.host, ctx.brand.auth.esp_signing_domains)
            note = (Text(f"ただし {organisational(hand.host)} は"
                         "他の利用者(詐欺業者を含む)のメールも配信するため、"
                         "経路だけでは本物の証明になりません。",
                         f"But {organisational(hand.host)} also delivers the mail of its other "
                         "customers, phishers included, so the route alone proves nothing.")
                    if shared else
                    Text("経路だけでは本物の証明になりません。", "The route alone proves nothing."))
            out.append(_ev("route.brand_host", Status.PASS,
                           Text(f"{bn}が使う送信サーバー {shown} から"
                                "あなたのサーバーに届いています",
                                f"It reached your server from {shown}, a host {bn} sends "
                                "through"),
                           Text(f"受信サーバー {hand.by} が記録した経路です。" + note.ja,
                                f"As recorded by your server {hand.by}. " + note.en), src))
        elif brand_from:
            out.append(_ev("route.foreign_host", Status.WARN,
                           Text(f"{bn}の送信サーバーを経由していません",
                                f"It did not come through {bn}'s sending hosts"),
                           Text(f"あなたのサーバー {hand.by} に渡したのは {shown}{how_ja} です。"
                                f"本物の{bn}のメールは通常 {usual} から届きます"
                                "(転送された場合も変わります)。",
                                f"Your server {hand.by} received it from {shown}{how_en}. "
                                f"Genuine {bn} mail normally arrives from {usual} "
                                "(forwarding changes this too)."),
                           src, Signal.DOUBT))
        else:
            out.append(_ev("route.handoff", Status.INFO,
                           Text(f"{shown} からあなたのサーバーに届いています",
                                f"It reached your server from {shown}"),
                           Text(f"受信サーバー {hand.by} が記録した経路です{how_ja}。",
                                f"As recorded by your server {hand.by}{how_en}."), src))
    elif orgs and route:
        out.append(_ev("route.no_handoff", Status.INFO,
                       Text("あなたのサーバーの受信記録が見つかりません",
                            "Your server's Received line was not found"),
                       Text("信頼するサーバーが、インターネット上の公開アドレスから受け取った"
                            "記録(Received 行)がないため、経路は確認できません。",
                            "No Received line shows your trusted server taking the mail from "
                            "a public Internet address, so the route cannot be checked."),
                       "Received"))
    below = [h for h in route if hand is None or h.position > hand.position]
    claims = [h for h in below if h.host and within(h.host, suffixes)]
    if below and (claims or hand is None):
        n = len(below)
        claim_ja = (f"{len(claims)} 行は {bn} のサーバー({claims[0].host})を名乗っていますが、"
                    "証明にはなりません。" if claims else "")
        claim_en = (f" {len(claims)} of them name {bn}'s hosts ({claims[0].host}), which "
                    "proves nothing." if claims else "")
        if hand:
            why_ja = "あなたのサーバーより前に書かれたもので、送信者が自由に書けます。"
            why_en = ("They were written before the mail reached your server; the sender "
                      "can write anything there.")
        elif ctx.settings.trust_authserv:
            why_ja = "あなたのサーバーの受信記録がないため、どの行も送信者が書けたものです。"
            why_en = ("Without your server's own receipt line, any of them may have been "
                      "written by the sender.")
        else:
            why_ja = "信頼する受信サーバーが設定されていないため、どの行も送信者が書けたものです。"
            why_en = ("No trusted server is set, so any of them may have been written by the "
                      "sender.")
        out.append(_ev("route.unverified", Status.INFO,
                       Text(f"確認できない Received 行が {n} 行あります",
                            f"{n} Received line(s) cannot be verified"),
                       Text(why_ja + claim_ja, why_en + claim_en), "Received"))
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
                        Text(f"送信サーバーは {dom} の使用を許可されています(SPF pass)",
                             f"The sending host may send for {dom} (SPF pass)"),
                        Text(f"受信サーバー {report.server} が確認しました。Return-Path {dom} は"
                             f"{ctx.brand.name}の返送用ドメインです。",
                             f"Checked by your server {report.server}. The Return-Path "
                             f"domain {dom} is {ctx.brand.name}'s bounce domain."),
                        f"Authentication-Results ({report.server})")]
    return []
