"""Does the mail present itself as Amazon? Merely mentioning Amazon is not a claim."""

from __future__ import annotations

import re

from honmono.brand import Brand
from honmono.domains import organisational, within
from honmono.lookalike import lookalike_of
from honmono.message import ParsedMessage, fold
from honmono.model import Claim

_WORD = re.compile(r"[a-z0-9]+")


def _mentions(text: str, terms: tuple[str, ...]) -> bool:
    t = fold(text)
    return any(term in t for term in terms)


def detect_claim(msg: ParsedMessage, brand: Brand) -> Claim:
    names = tuple(fold(n) for n in brand.values("brand_names"))
    words = set(brand.values("display_name_words"))
    orgs = brand.values("organisational_domains")
    strong: list[str] = []
    weak: list[str] = []

    for label, addrs in (("From", msg.from_), ("Reply-To", msg.reply_to)):
        for a in addrs:
            dom = a.domain
            if dom and within(organisational(dom), orgs):
                strong.append(f"{label} domain {dom}")
            elif dom and lookalike_of(dom, brand):
                strong.append(f"{label} domain {dom} imitates {brand.name}")
            if label == "From" and a.display:
                disp = fold(a.display)
                if _mentions(disp, names) or words & set(_WORD.findall(disp)):
                    strong.append(f"display name {a.display!r}")
    if _mentions(msg.subject, names):
        weak.append("subject")
    rp = msg.return_path
    if rp and "@" in rp and within(organisational(rp.rpartition("@")[2]), orgs):
        weak.append("Return-Path domain")
    footer = brand.value("official_footer_url")
    body = fold(msg.text[:200_000])
    if footer and f"「{footer}」" in body:
        strong.append("the official link footer")

    reasons = tuple(strong + weak)
    return Claim(is_amazon=bool(reasons), strong=bool(strong), reasons=reasons)
