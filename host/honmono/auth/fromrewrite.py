"""A list that rewrote From for DMARC, undone and verified again.

Google Groups, Mailman and others replace the From of a mail from a domain with a strict
DMARC policy by their own ("'Amazon.co.jp' via Family <family@groups.example>") and keep
the original in ``X-Original-From``. Amazon's signature covers From, so it fails on the
rewritten mail. Restoring the original From and verifying again tells a relayed genuine
mail (the signature verifies over what the reader sees) from a forgery (it does not): the
restoration never helps a forger, because it only counts when Amazon's own signature
then verifies.
"""

from __future__ import annotations

import re

from honmono.auth.dns import TxtResolver
from honmono.brands.registry import Brand
from honmono.core.settings import Settings
from honmono.mail.addresses import parse
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain

_LINE = re.compile(rb"[^\n]*\n?")


def _fields(head: bytes) -> list[tuple[bytes, int, int]]:
    """(lower-case name, start, end) of every header field, continuation lines included."""
    out: list[tuple[bytes, int, int]] = []
    pos = 0
    while pos < len(head):
        m = _LINE.match(head, pos)
        if m is None or m.end() == pos:
            break
        line = m.group(0)
        if line[:1] in (b" ", b"\t") and out:
            name, start, _end = out[-1]
            out[-1] = (name, start, m.end())
        else:
            out.append((line.partition(b":")[0].strip().lower(), pos, m.end()))
        pos = m.end()
    return out


def restore(msg: ParsedMessage, brand: Brand) -> tuple[bytes, str] | None:
    """The raw mail with its From replaced by X-Original-From, and the list's address,
    when From is not the brand's and X-Original-From is; else None."""
    if not msg.from_ or is_brand_domain(msg.from_[0].domain, brand):
        return None
    raw = msg.raw
    ends = [i for i in (raw.find(b"\r\n\r\n"), raw.find(b"\n\n")) if i >= 0]
    if not ends:
        return None
    cut = min(ends)
    cut += 2 if raw[cut:cut + 2] == b"\r\n" else 1
    head = raw[:cut]
    fields = _fields(head)
    froms = [f for f in fields if f[0] == b"from"]
    originals = [f for f in fields if f[0] == b"x-original-from"]
    if len(froms) != 1 or len(originals) != 1:
        return None
    _n, o_start, o_end = originals[0]
    value = head[o_start:o_end].partition(b":")[2]
    addresses = parse(value.decode("utf-8", "replace"))
    if len(addresses) != 1 or not is_brand_domain(
            addresses[0][1].rpartition("@")[2].lower().strip("."), brand):
        return None
    _n, f_start, f_end = froms[0]
    restored = head[:f_start] + b"From:" + value + head[f_end:] + raw[cut:]
    return restored, msg.from_[0].addr


def sealed_by_trusted(msg: ParsedMessage, settings: Settings,
                      resolver: TxtResolver | None) -> bool:
    """Whether the mail as it arrived carries a valid ARC chain sealed by sealers the
    user trusts (the list's seal covers the rewritten From, not the restored one)."""
    from honmono.auth import arc
    from honmono.auth.dns import DnsConfigError, resolver_for

    if not settings.trust_authserv:
        return False
    try:
        r = resolver if resolver is not None and not settings.offline else resolver_for(settings)
    except DnsConfigError:
        return False
    result = arc.verify(msg, r, settings.trust_authserv)
    return result.chain == "pass" and result.trusted_from() is not None
