"""Checks: one module per family of evidence. Each exposes ``check(ctx) -> list[Evidence]``.

A check reads the parsed message, the user's settings and the brand facts; it may add
structured details for the panel to ``ctx.details`` (links, authentication, notice fields).
Its evidence names sentences of the message catalogue (``Msg(id, params)``, ids in
report/messages/<lang>/<family>.json) and writes no words itself; the report layer renders
them in the user's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from honmono.auth.dns import TxtResolver
from honmono.brands.registry import Brand
from honmono.core.model import Claim, Evidence
from honmono.core.settings import Settings
from honmono.mail.types import Link, ParsedMessage


@dataclass(slots=True)
class Context:
    msg: ParsedMessage
    settings: Settings
    brand: Brand
    claim: Claim
    resolver: TxtResolver | None = None
    details: dict[str, Any] = field(default_factory=dict)
    # Filled by the authentication check: the d= domains whose signature verified and
    # aligns with From, for other checks (route, links) to consult.
    authenticated_domains: set[str] = field(default_factory=set)
    # Filled by the authentication check: brand domains whose aligned signature verifies
    # over its signed headers, To among them, while the body carries a proven addition (a
    # list footer): the recipient is the one the brand wrote, though nothing is proven.
    signed_recipient_domains: set[str] = field(default_factory=set)
    # Filled by the authentication check when the brand's mail is proven: how many of the
    # bottom-most To and Cc headers the brand's aligned signatures cover (DKIM signs the
    # bottom-most instances). A recipient header added above them is the sender's word.
    signed_recipient_headers: dict[str, int] = field(default_factory=dict)
    # Links found outside the body (attachments, QR codes), each with where it was found
    # ("attachment" or "qr") and the file's name; the links check judges them with the rest
    # (and the header's destinations, found_in "header": mail/headerlinks.py).
    extra_links: list[tuple[Link, str, str]] = field(default_factory=list)
    # Filled by the authentication check: links of content proven to have been added
    # after the brand signed the mail (a list footer, an added part): a third party's.
    added_links: set[str] = field(default_factory=set)
    # The trusted ARC sealers that proved the mail: their own links in added content
    # (a list's unsubscribe link) are the list's, which the user trusts.
    vouching_sealers: tuple[str, ...] = ()
    # A list that rewrote From for DMARC and whose original From was restored
    # (fromrewrite): its own address may stand in Reply-To and Sender.
    relay_domains: tuple[str, ...] = ()


class Check(Protocol):
    def __call__(self, ctx: Context) -> list[Evidence]: ...
