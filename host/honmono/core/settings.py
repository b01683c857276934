"""What the user tells Honmono about themselves; shared by the CLI, config file and host."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Settings:
    language: str = "ja"
    # Names registered with Amazon: a genuine security mail greets the user by one of them.
    names: tuple[str, ...] = ()
    # Addresses registered with Amazon: real Amazon mail only ever reaches these.
    addresses: tuple[str, ...] = ()
    # authserv-ids of the user's own receiving server(s); only their
    # Authentication-Results headers are believed.
    trust_authserv: tuple[str, ...] = ()
    # No network at all: DKIM keys and DMARC policies are not looked up.
    offline: bool = False
    # Answer DNS from this JSON file ({"name": ["TXT", ...]}) instead of the network.
    dns_records: Path | None = None
    dns_timeout: float = 2.0
    # Total time all DNS lookups of one mail may take.
    dns_budget: float = 5.0
    # Cache DNS answers on disk (in the user's cache directory).
    dns_cache: bool = True
    debug: bool = False
    # This message was cut to fit (the extension's "truncated"): a body that does not
    # match its signature is then "cannot be checked", not "changed".
    truncated: bool = False
    extra: dict[str, str] = field(default_factory=dict)
