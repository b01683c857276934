"""Domain facts: registrable (organisational) domains from the Public Suffix List,
membership in the brand's official lists, and lookalike detection."""

from __future__ import annotations

from functools import cache

from publicsuffixlist import PublicSuffixList


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList(only_icann=True)


def to_unicode(host: str) -> str:
    """Punycode labels shown as the user would read them (xn--amzon-… → amаzon…)."""
    out = []
    for label in host.split("."):
        if label.startswith("xn--"):
            try:
                label = label.encode("ascii").decode("idna")
            except (UnicodeError, ValueError):
                pass
        out.append(label)
    return ".".join(out)


def organisational(host: str) -> str:
    """The registrable domain (DMARC's organisational domain) of ``host``."""
    host = host.strip(".").lower()
    if not host:
        return ""
    return _psl().privatesuffix(host) or host


def within(host: str, domains: tuple[str, ...] | set[str] | frozenset[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one."""
    host = host.strip(".").lower()
    return any(host == d or host.endswith("." + d) for d in domains)
