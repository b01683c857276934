"""Recipient: was the mail sent to an address the user registered with Amazon?

Seed 003: scammers send to every address they have; "an address not registered with
Amazon cannot receive real Amazon mail". With the user's registered addresses:

- a To/Cc address equals a registered address → PASS;
- none does → FAIL, RED_FLAG. Amazon writes the registered address into To; Delivered-To
  names the mailbox the mail finally landed in (after aliases and forwarding), so it is
  not what Amazon addressed and is not used for the match.
- To/Cc empty (Bcc, "undisclosed-recipients:;") → FAIL, RED_FLAG: real Amazon mail is
  addressed to the registered address, never blind-copied.

Comparison is case-insensitive. Plus-addressing (taro+amazon@example.jp) is a feature, not
noise: a user who registered a tagged address gets real Amazon mail only at that exact
address, so mail to the bare or a differently tagged address is a mismatch (RED_FLAG).
The reverse — the user listed the bare address and mail came to a tag of it — is only a
WARN/DOUBT, because the user may have registered the tag and listed the base. Gmail
ignores dots in the local part, so for gmail.com/googlemail.com dots are ignored too (a
user cannot tell which spelling they gave Amazon).

Without registered addresses: no visible recipient or several recipients in To/Cc →
WARN, DOUBT (Amazon writes to one customer at a time); otherwise INFO.
Sentences are in report/messages/<lang>/recipient.json.
"""

from __future__ import annotations

from typing import Any

from honmono.auth.delivery import delivered_addresses
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Msg, Signal, Status, Verdict
from honmono.mail.addresses import parse as parse_addresses

_DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}
MAX_HEADER = 20_000
MAX_ADDRESSES = 200


def normalise(addr: str) -> str:
    """Compare-form of an address: lower-cased, Gmail dots removed, plus tag kept."""
    addr = addr.strip().strip("<>").lower()
    local, at, domain = addr.rpartition("@")
    if not at:
        return addr
    domain = domain.strip(".")
    if domain in _DOTLESS_DOMAINS:
        domain = "gmail.com"
        local = local.replace(".", "")
    return f"{local}@{domain}"


def untagged(addr: str) -> str:
    local, at, domain = addr.partition("@")
    return f"{local.split('+', 1)[0]}{at}{domain}"


def _visible_recipients(ctx: Context, signed_only: bool = False) -> list[str]:
    """Addresses in To and Cc (the sender-written ones), for the Bcc / many-recipients test.

    ``signed_only``: only the instances the brand's proving signature covers, when it
    covers any. Amazon's mail to the attacker's account, replayed with a ``Cc:`` naming
    the user added on top, still verifies: the added header is not Amazon's word."""
    to, cc = ctx.msg.header_all("To"), ctx.msg.header_all("Cc")
    counts = ctx.signed_recipient_headers
    if signed_only and any(counts.values()):
        # DKIM signs the bottom-most instances of a header; those above are unsigned.
        to = to[len(to) - min(len(to), counts.get("to", 0)):]
        cc = cc[len(cc) - min(len(cc), counts.get("cc", 0)):]
    values = [v[:MAX_HEADER] for v in to + cc]
    # Thunderbird's grammar (addresses.py), as for every address header.
    found = [a for v in values for _, a in parse_addresses(v)]
    out = [a.strip() for a in found[:MAX_ADDRESSES] if "@" in a]
    return list(dict.fromkeys(normalise(a) for a in out))


def _msg(id_: str, **params: Any) -> Msg:
    return Msg(f"recipient.{id_}", params)


def _hidden() -> Evidence:
    return Evidence(
        id="recipient.hidden",
        category=Category.RECIPIENT,
        status=Status.WARN,
        title=_msg("hidden.title"),
        detail=_msg("hidden.detail"),
        source="To/Cc",
        signal=Signal.DOUBT,
    )


def _many(n: int) -> Evidence:
    return Evidence(
        id="recipient.many",
        category=Category.RECIPIENT,
        status=Status.WARN,
        title=_msg("many.title"),
        detail=_msg("many.detail", count=n),
        source="To/Cc",
        signal=Signal.DOUBT,
    )


def _unregistered(shown: str, extra: Msg | None, proven: bool = False,
                  signed: bool = False) -> Evidence:
    """``extra``: a sentence said after the detail. ``proven``: Amazon's signature holds,
    so this is Amazon's mail to someone else replayed to the user: never genuine (a
    ceiling). ``signed``: only Amazon's signed headers hold (a list added a footer), To
    among them: the address is one Amazon wrote, so the mismatch tells a mail forwarded
    from another address (a family list), not a scammer's mass mailing — a doubt with
    the same ceiling, not a red flag that would turn Amazon's forwarded mail into
    phishing."""
    detail = _msg("unregistered.detail", shown=shown)
    return Evidence(
        id="recipient.unregistered",
        category=Category.RECIPIENT,
        status=Status.FAIL,
        title=_msg("unregistered.title"),
        detail=Msg("common.sentences", {"first": detail, "next": extra}) if extra else detail,
        source="To/Cc",
        signal=Signal.DOUBT if signed and not proven else Signal.RED_FLAG,
        ceiling=Verdict.SUSPICIOUS if proven or signed else None,
    )


def _replayed_elsewhere(visible: list[str], delivered: list[str]) -> Evidence:
    return Evidence(
        id="recipient.replayed_elsewhere",
        category=Category.RECIPIENT,
        status=Status.FAIL,
        title=_msg("replayed_elsewhere.title"),
        detail=_msg("replayed_elsewhere.detail", shown=", ".join(visible[:3]) or "Bcc",
                    went=", ".join(delivered[:3])),
        source="To / Delivered-To",
        signal=Signal.DOUBT,
        ceiling=Verdict.SUSPICIOUS,
    )


def check(ctx: Context) -> list[Evidence]:
    registered = [normalise(a) for a in ctx.settings.addresses if "@" in a]
    # Amazon's signature holds: the recipient is what tells a replay to someone else,
    # and only the recipient it signed.
    proven = bool(ctx.authenticated_domains)
    visible = _visible_recipients(ctx, signed_only=proven)
    signed = bool(ctx.signed_recipient_domains)
    if not registered:
        out: list[Evidence] = []
        delivered = ([normalise(a) for a in
                      delivered_addresses(ctx.msg, ctx.settings.trust_authserv)]
                     if proven else [])
        if delivered and not set(delivered) & set(visible):
            out.append(_replayed_elsewhere(visible, delivered))
        if not visible:
            out.append(_hidden())
        elif len(visible) > 1:
            out.append(_many(len(visible)))
        out.append(Evidence(
            id="recipient.no_addresses",
            category=Category.RECIPIENT,
            status=Status.INFO,
            title=_msg("no_addresses.title"),
            detail=_msg("no_addresses.detail"),
            source="settings.addresses",
        ))
        return out

    if not visible:
        return [_unregistered("Bcc / undisclosed-recipients", _msg("unregistered.bcc"), proven)]
    reg_set = set(registered)
    matched = [a for a in visible if a in reg_set]
    if matched:
        out = [Evidence(
            id="recipient.registered",
            category=Category.RECIPIENT,
            status=Status.PASS,
            title=_msg("registered.title"),
            detail=_msg("registered.detail", address=matched[0]),
            source="To/Cc",
        )]
        if len(visible) > 1:
            out.append(_many(len(visible)))
        return out

    tagged_variant = [a for a in visible if "+" in a.partition("@")[0] and untagged(a) in reg_set]
    if tagged_variant:
        return [Evidence(
            id="recipient.tag_variant",
            category=Category.RECIPIENT,
            status=Status.WARN,
            title=_msg("tag_variant.title"),
            detail=_msg("tag_variant.detail", address=tagged_variant[0]),
            source="To/Cc",
            signal=Signal.DOUBT,
        )]

    base_match = [a for a in visible if any(untagged(a) == untagged(r) for r in registered)]
    extra = _msg("unregistered.base_only", address=base_match[0]) if base_match else None
    return [_unregistered(", ".join(visible[:3]), extra, proven, signed)]
