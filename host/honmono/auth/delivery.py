"""The addresses the user's own servers delivered a mail to.

A genuine Amazon mail sent to the attacker's own account and re-sent to the user
verifies perfectly; only the recipient gives it away. Amazon's signed To names the
customer it wrote to; the delivering server records where the mail really went:
``Delivered-To`` / ``X-Original-To`` / ``X-Delivered-To`` (Postfix, Gmail, qmail) and the
``for <address>`` of its Received line. A sender can write such headers too, so only those
the user's servers wrote count: above the trusted server's receipt line (``arh.handoff``)
when one is known, else above and in the topmost Received line — everything a sender
writes sits below the first line the receiving server prepends.
"""

from __future__ import annotations

import re

from honmono.auth import arh
from honmono.mail.addresses import parse
from honmono.mail.types import ParsedMessage

_DELIVERY_HEADERS = frozenset(("delivered-to", "x-original-to", "x-delivered-to",
                               "envelope-to", "x-envelope-to"))
_FOR = re.compile(r"\bfor\s+<?([^\s<>;]{1,254}@[^\s<>;]{1,254})>?", re.I)


def delivered_addresses(msg: ParsedMessage, trusted_ids: tuple[str, ...]) -> list[str]:
    headers = msg.headers
    hand = arh.handoff(arh.hops(headers), arh.trusted_orgs(trusted_ids)) if trusted_ids else None
    if hand is not None:
        last = hand.position
    else:
        last = next((i for i, (k, _) in enumerate(headers) if k.lower() == "received"), -1)
        if last < 0:
            return []
    out: list[str] = []
    for name, value in headers[:last + 1]:
        key = name.strip().lower()
        if key in _DELIVERY_HEADERS:
            out.extend(a for _d, a in parse(value) if "@" in a)
        elif key == "received":
            m = _FOR.search(value[:4000])
            if m:
                out.append(m.group(1))
    return list(dict.fromkeys(out))
