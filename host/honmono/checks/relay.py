"""Relayed text: channels on which Amazon signs and delivers words someone else wrote.

A seller's message, a gift card's giver name and message, an AWS notification's topic name
and text, an Amazon Pay merchant's note: Amazon's signature on them is real, so the
authentication check proves the sender, but the lure inside ("call 050-…, add this LINE
ID") is the third party's. The channels are data (``relay.json``: sender domains, relay
headers, block markers); this check finds the relayed part, says who wrote it even when it
is clean, and caps the verdict when that part asks you to leave Amazon, pay, or follow a
link elsewhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from honmono.brands.registry import Brand
from honmono.brands.schema import RelayChannel
from honmono.checks import Context
from honmono.core.model import SOURCE_BODY, Category, Evidence, Msg, Signal, Status, Verdict
from honmono.mail.types import url_host
from honmono.net.domains import is_official, within
from honmono.text.normalize import fold

_URL = re.compile(r"https?://[^\s<>\"'()]+", re.I)
_QUOTE_CHARS = 80
# Relayed blocks sit near the top of their templates; a huge body is not read further.
_MAX_TEXT = 100_000


@dataclass(frozen=True, slots=True)
class _Rules:
    block_lines: int
    contact: re.Pattern[str]
    messaging: tuple[re.Pattern[str], ...]
    messaging_words: tuple[str, ...]
    payment: re.Pattern[str]


@cache
def _rules(brand: Brand) -> _Rules:
    facts = brand.relay
    return _Rules(
        block_lines=facts.relay_block_lines,
        contact=re.compile("|".join(f"(?:{p})" for p in facts.relay_contact_patterns), re.I),
        # Folded text is lower-case already. Apart and without re.I, each pattern gives the
        # engine its leading word to skip ahead to; joined, they give it none.
        messaging=tuple(re.compile(p) for p in facts.messaging_contact_patterns),
        messaging_words=facts.messaging_contact_words,
        payment=re.compile("|".join(f"(?:{p})" for p in facts.relay_payment_patterns), re.I),
    )


@cache
def _markers(brand: Brand) -> tuple[tuple[str, ...], frozenset[str]]:
    """Every channel's sender-domain suffixes and relay header names, for a quick no."""
    chans = brand.relay.relay_channels
    return (tuple(d for ch in chans for d in ch.sender_domains),
            frozenset(h for ch in chans for h in ch.headers))


def channel_of(ctx: Context) -> RelayChannel | None:
    """The relay channel a mail came through: by its From domain or a relay header."""
    suffixes, headers = _markers(ctx.brand)
    doms = {a.domain for a in ctx.msg.from_ if a.domain}
    names = {k.lower() for k, _ in ctx.msg.headers}
    if not (names & headers) and not any(d.endswith(suffixes) for d in doms):
        return None
    for ch in ctx.brand.relay.relay_channels:
        if any(within(d, ch.sender_domains) for d in doms):
            return ch
        if names & set(ch.headers):
            return ch
    return None


def relayed_part(text: str, ch: RelayChannel, block_lines: int) -> str:
    """The text the third party wrote (folded): between the channel's markers, or the
    whole body up to its end marker where the channel relays the whole body."""
    low = fold(text[:_MAX_TEXT])
    if ch.whole:
        ends = [i for e in ch.end if (i := low.find(fold(e))) >= 0]
        return low[: min(ends)] if ends else low
    for b in ch.begin:
        start = low.find(fold(b))
        if start < 0:
            continue
        start += len(fold(b))
        ends = [i for e in ch.end if (i := low.find(fold(e), start)) >= 0]
        if ends:
            return low[start: min(ends)].strip().lstrip("-").strip()
        # No end marker: the block ends at its first blank line (a giver's message, a
        # merchant's note), at most block_lines lines.
        lines: list[str] = []
        for line in low[start:].splitlines()[: block_lines + 1]:
            if not line.strip() and any(x.strip() for x in lines):
                break
            lines.append(line)
        return "\n".join(lines).strip()
    return ""


def _msg(id_: str, quote: str) -> tuple[Msg, Msg]:
    """The title and detail of ``id_`` (report/messages), the detail quoting the mail."""
    return Msg(f"{id_}.title"), Msg(f"{id_}.detail", {"quote": quote})


def _quote(m: re.Match[str], text: str) -> str:
    a = max(0, m.start() - 20)
    return "「" + " ".join(text[a: m.end() + 20].split())[:_QUOTE_CHARS] + "」"


def _first(patterns: tuple[re.Pattern[str], ...], text: str) -> re.Match[str] | None:
    return next((m for rx in patterns if (m := rx.search(text))), None)


def _messaging_anywhere(ctx: Context, rules: _Rules) -> list[Evidence]:
    """Whoever wrote it, a mail that claims Amazon and asks you onto LINE is never green."""
    # The body folded whole: other checks fold the same string, so this is a cache hit.
    m, text = None, ""
    for text in (fold(ctx.msg.subject), fold(ctx.msg.text)):
        # A C-level search for the words every match needs, before the patterns.
        head = text[:_MAX_TEXT]
        if any(w in head for w in rules.messaging_words) and (
                m := _first(rules.messaging, head)):
            break
    if not m:
        return []
    return [Evidence("wording.messaging_contact", Category.WORDING, Status.FAIL,
                     *_msg("wording.messaging_contact", _quote(m, text)), SOURCE_BODY,
                     Signal.RED_FLAG, ceiling=Verdict.SUSPICIOUS)]


def check(ctx: Context) -> list[Evidence]:
    rules = _rules(ctx.brand)
    ch = channel_of(ctx)
    if ch is None:
        return _messaging_anywhere(ctx, rules)
    part = relayed_part(ctx.msg.text, ch, rules.block_lines)
    # Headers the third party writes: the display name (an AWS topic's, a giver's name)
    # and, for a whole-body channel, the subject.
    written = " ".join(a.display for a in ctx.msg.from_)
    if ch.whole or ch.subject:
        written += "\n" + ctx.msg.subject
    relayed = (written + "\n" + part).strip()
    ctx.details["relay"] = {"channel": ch.id, "written_by": "third_party",
                            "excerpt": " ".join(part.split())[:200]}
    src = f"relay:{ch.id}"
    # The channel's name is the brand's data, in both languages.
    out = [Evidence("sender.relayed", Category.SENDER, Status.INFO, Msg("sender.relayed.title"),
                    Msg("sender.relayed.detail", {"channel": ch.name}), src)]
    norm = fold(relayed)
    if m := (rules.contact.search(norm) or _first(rules.messaging, norm)):
        out.append(Evidence("wording.relayed_contact", Category.WORDING, Status.FAIL,
                            *_msg("wording.relayed_contact", _quote(m, norm)), src,
                            Signal.RED_FLAG, ceiling=Verdict.PHISHING))
    if m := rules.payment.search(norm):
        out.append(Evidence("wording.relayed_payment", Category.WORDING, Status.FAIL,
                            *_msg("wording.relayed_payment", _quote(m, norm)), src,
                            Signal.RED_FLAG, ceiling=Verdict.PHISHING))
    foreign = [u for u in _URL.findall(relayed) if not is_official(url_host(u), ctx.brand)]
    if foreign:
        q = "「" + foreign[0][:_QUOTE_CHARS] + "」"
        out.append(Evidence("links.relayed_foreign", Category.LINKS, Status.FAIL,
                            *_msg("links.relayed_foreign", q), src,
                            Signal.RED_FLAG, ceiling=Verdict.SUSPICIOUS))
    return out
