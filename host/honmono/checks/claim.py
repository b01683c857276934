"""Does the mail present itself as the brand? Merely mentioning it is not a claim.

A strong claim (From domain, display name, the brand's own footer) makes a foreign sender
decisive; a weak one (subject, Return-Path, the body speaking as the brand) only makes the
mail worth checking. Names are compared on confusable skeletons so "Aܿmܿaܿzܿoܿn" and
"Amаzon" (Cyrillic а) claim as much as "Amazon".
"""

from __future__ import annotations

import re
from functools import cache

from honmono.brands.registry import Brand
from honmono.core.model import Claim, Msg
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain
from honmono.net.lookalike import lookalike_of
from honmono.text.normalize import fold
from honmono.text.skeleton import skeleton

_WORD = re.compile(r"[a-z0-9]+")
# A body is judged on its beginning and its end, where templates put greetings and footers.
_BODY_HEAD = 20_000
_BODY_TAIL = 5_000


def _terms(brand: Brand, key: str) -> tuple[str, ...]:
    return tuple(skeleton(t) for t in brand.values(key))


@cache
def _name_pattern(brand: Brand) -> re.Pattern[str]:
    # Latin names must stand as words ("Amazonas Tours" is not Amazon); others (アマゾン)
    # are matched anywhere, as Japanese has no spaces between words.
    parts = []
    for term in _terms(brand, "brand_names"):
        esc = re.escape(term)
        parts.append(rf"(?<![a-z0-9]){esc}(?![a-z0-9])" if term.isascii() else esc)
    return re.compile("|".join(parts))


def _disguised(text: str, brand: Brand) -> bool:
    """The brand's name is there only once look-alike characters are mapped back."""
    pattern = _name_pattern(brand)
    return bool(pattern.search(skeleton(text))) and not pattern.search(fold(text))


def _names_brand(text: str, brand: Brand) -> bool:
    sk = skeleton(text)
    if _name_pattern(brand).search(sk):
        return True
    words = {w for w in _WORD.findall(sk) if not w.isdigit()}
    if words & set(brand.values("display_name_words")):
        return True
    # A qualified word ("Prime") impersonates only when nothing else in the name is a
    # proper name of its own ("Bradesco Prime").
    qualified = brand.value("display_name_qualified_words") or {}
    return any(word in words and words - {word} <= set(generic)
               for word, generic in qualified.items())


def _body_claims(text: str, brand: Brand) -> bool:
    window = text[:_BODY_HEAD] + "\n" + text[-_BODY_TAIL:]
    sk = skeleton(window)
    return any(p in sk for p in _terms(brand, "body_claim_phrases"))


def detect_claim(msg: ParsedMessage, brand: Brand) -> Claim:
    strong: list[Msg] = []
    weak: list[Msg] = []

    for label, addrs in (("From", msg.from_), ("Reply-To", msg.reply_to)):
        for a in addrs:
            dom = a.domain if "@" in a.addr else ""
            if is_brand_domain(dom, brand):
                strong.append(Msg("claim.domain", {"header": label, "domain": dom}))
            elif dom and lookalike_of(dom, brand):
                strong.append(Msg("claim.lookalike_domain", {"header": label, "domain": dom}))
    # The display name is read from the whole header minus the real address: broken From
    # headers ("Max von Amazon,(<x@y>)") defeat address parsers but not readers, and an
    # address written into the name ("Support@prime.membership.com") is part of the act.
    shown = msg.header("From")
    for a in msg.from_:
        if "@" in a.addr:
            shown = shown.replace(a.addr, " ")
    shown = " ".join(shown.split())
    if shown and _names_brand(shown, brand):
        # repr: quoted, and control characters from the mail escaped.
        strong.append(Msg("claim.display_name", {"name": repr(shown[:80])}))
    if _names_brand(msg.subject, brand):
        weak.append(Msg("claim.subject"))
    disguised = tuple(where for where, text in (("display name", shown), ("subject", msg.subject))
                      if text and _disguised(text, brand))
    rp = msg.return_path
    if "@" in rp and is_brand_domain(rp.rpartition("@")[2].lower(), brand):
        weak.append(Msg("claim.return_path"))
    footer = brand.value("official_footer_url")
    if footer and f"「{footer}」" in msg.text:
        strong.append(Msg("claim.footer"))
    elif msg.text and _body_claims(msg.text, brand):
        weak.append(Msg("claim.body"))

    found = strong + weak
    reasons = tuple(r for i, r in enumerate(found) if r not in found[:i])
    return Claim(is_amazon=bool(reasons), strong=bool(strong), reasons=reasons,
                 disguised=disguised)
