"""Sender: From address and display name, Reply-To and Return-Path against the brand's domains.

All of these are written by the sender, so a match proves nothing (signal NONE); a
mismatch, in a mail that presents itself as the brand, is what gives phishing away.
"""

from __future__ import annotations

import email.utils

from honmono.checks import Context
from honmono.checks.links import host_finding
from honmono.core.model import Category, Evidence, Signal, Status, Text
from honmono.mail import replytargets
from honmono.mail.types import Address
from honmono.net.domains import is_brand_domain, within
from honmono.net.lookalike import judge_host
from honmono.text.normalize import strip_invisible

C = Category.SENDER


def _from_evidence(sender: Address, ctx: Context) -> list[Evidence]:
    dom = sender.domain
    shown = f"{sender.display} <{sender.addr}>" if sender.display else sender.addr
    if not dom:
        return [Evidence("sender.from_missing_domain", C, Status.FAIL,
                         Text("差出人アドレスが不正です", "The sender address is malformed"),
                         Text(f"From: {shown}", f"From: {shown}"), "From", Signal.RED_FLAG)]
    if is_brand_domain(dom, ctx.brand):
        return [Evidence("sender.from_official", C, Status.PASS,
                         Text(f"差出人は{ctx.brand.name}の公式ドメイン {dom} です",
                              f"The sender uses {ctx.brand.name}'s official domain {dom}"),
                         Text("ただし差出人は偽装できるため、これだけでは本物と判断できません"
                              "(認証の結果を参照)。",
                              "The sender can be forged, so this alone proves nothing "
                              "(see authentication)."), "From")]
    judged = judge_host(dom, ctx.brand)
    finding = host_finding(judged, ctx.brand) if judged.imitates else None
    if finding:
        return [Evidence("sender.from_lookalike", C, Status.FAIL,
                         Text(f"差出人ドメイン {dom} は{ctx.brand.name}に似せた偽物です",
                              f"The sender domain {dom} imitates {ctx.brand.name}"),
                         Text(f"{shown}: {finding.ja}", f"{shown}: {finding.en}"), "From",
                         Signal.DECISIVE)]
    if ctx.claim.strong:
        return [Evidence("sender.from_foreign", C, Status.FAIL,
                         Text(f"{ctx.brand.name}を名乗っていますが、差出人は無関係のドメイン "
                              f"{dom} です",
                              f"It claims to be {ctx.brand.name} but is sent from the unrelated "
                              f"domain {dom}"),
                         Text(f"From: {shown}", f"From: {shown}"), "From", Signal.DECISIVE)]
    return [Evidence("sender.from_foreign_weak", C, Status.WARN,
                     Text(f"件名などで{ctx.brand.name}に触れていますが、差出人は {dom} です",
                          f"It mentions {ctx.brand.name} but is sent from {dom}"),
                     Text(f"From: {shown}", f"From: {shown}"), "From", Signal.DOUBT)]


def _display_tricks(sender: Address, raw_from: str) -> list[Evidence]:
    out: list[Evidence] = []
    # An address in the display name that differs from the real one is meant to be read
    # instead of it: "account@amazon.co.jp" <x@evil.example>.
    shown = email.utils.parseaddr(sender.display.replace("\"", ""))[1]
    if "@" in sender.display and shown and shown.lower() != sender.addr.lower():
        out.append(Evidence("sender.display_address_mismatch", C, Status.FAIL,
                            Text("表示名に別のメールアドレスが書かれています",
                                 "The display name shows a different address"),
                            Text(f"表示名 {sender.display!r} / 実際の差出人 {sender.addr}",
                                 f"Display name {sender.display!r}, real sender {sender.addr}"),
                            "From", Signal.DECISIVE))
    if strip_invisible(raw_from) != raw_from:
        out.append(Evidence("sender.hidden_characters", C, Status.FAIL,
                            Text("差出人名に見えない文字が埋め込まれています",
                                 "The sender name contains hidden characters"),
                            Text("迷惑メールフィルターを避けるための細工です。",
                                 "Invisible characters are used to slip past spam filters."),
                            "From", Signal.RED_FLAG))
    return out


def _reply_and_bounce(ctx: Context) -> list[Evidence]:
    out: list[Evidence] = []
    b = ctx.brand.name
    # Every header Thunderbird's Reply or Reply All may write to (replytargets).
    for fld in replytargets.fields(ctx.msg):
        eid = "sender." + fld.name.lower().replace("-", "_")
        if fld.unreadable:
            out.append(Evidence(eid + "_unreadable", C, Status.WARN,
                                Text(f"返信先({fld.name})を読み取れません",
                                     f"The reply address ({fld.name}) cannot be read"),
                                Text(f"{fld.name}: {fld.raw.strip()[:200]}",
                                     f"{fld.name}: {fld.raw.strip()[:200]}"),
                                fld.name, Signal.DOUBT))
        for reply in fld.addresses:
            if reply.domain and not is_brand_domain(reply.domain, ctx.brand) and not within(
                    reply.domain, ctx.relay_domains):
                out.append(Evidence(eid + "_foreign", C, Status.FAIL,
                                    Text(f"返信先が{b}以外のアドレスです",
                                         f"Replies go to an address outside {b}"),
                                    Text(f"{fld.name}: {reply.addr}", f"{fld.name}: {reply.addr}"),
                                    fld.name, Signal.RED_FLAG))
    rp = ctx.msg.return_path
    rp_dom = rp.rpartition("@")[2].lower() if "@" in rp else ""
    if rp_dom:
        bounce = ctx.brand.senders.bounce_domains
        if within(rp_dom, bounce) or is_brand_domain(rp_dom, ctx.brand):
            out.append(Evidence("sender.return_path_official", C, Status.PASS,
                                Text(f"Return-Path は{ctx.brand.name}のドメインです",
                                     f"Return-Path is one of {ctx.brand.name}'s domains"),
                                Text(f"Return-Path: {rp}", f"Return-Path: {rp}"), "Return-Path"))
        else:
            # Forwarding and mailing lists rewrite Return-Path, so this alone is a doubt.
            out.append(Evidence("sender.return_path_foreign", C, Status.WARN,
                                Text(f"Return-Path が{ctx.brand.name}のドメインではありません",
                                     f"Return-Path is not one of {ctx.brand.name}'s domains"),
                                Text(f"Return-Path: {rp}(転送やメーリングリストでも変わります)",
                                     f"Return-Path: {rp} (forwarding and lists change it too)"),
                                "Return-Path", Signal.DOUBT))
    return out


def check(ctx: Context) -> list[Evidence]:
    senders = ctx.msg.from_
    if not senders:
        return [Evidence("sender.from_missing", C, Status.FAIL,
                         Text("差出人(From)がありません", "The mail has no sender (From)"),
                         Text("", ""), "From", Signal.RED_FLAG)]
    out: list[Evidence] = []
    if len(senders) > 1:
        out.append(Evidence("sender.multiple_from", C, Status.FAIL,
                            Text("差出人が複数あります", "The mail has several senders"),
                            Text(", ".join(a.addr for a in senders),
                                 ", ".join(a.addr for a in senders)), "From", Signal.RED_FLAG))
    out += _from_evidence(senders[0], ctx)
    for where in ctx.claim.disguised:
        out.append(Evidence("sender.disguised_brand", C, Status.FAIL,
                            Text(f"{ctx.brand.name}の名前が似た別の文字で書かれています",
                                 f"The name {ctx.brand.name} is written with look-alike "
                                 "characters"),
                            Text(f"{where}: 本物の送信者が自分の名前を偽装することはありません。",
                                 f"{where}: no genuine sender disguises its own name."),
                            where, Signal.DECISIVE))
    out += _display_tricks(senders[0], ctx.msg.header("From"))
    out += _reply_and_bounce(ctx)
    return out
