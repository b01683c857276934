"""Lookalike domains: typos, homoglyphs, punycode and brand-in-another-domain tricks."""

from __future__ import annotations

from honmono.brand import Brand
from honmono.domains import organisational, to_unicode, within


def lookalike_of(host: str, brand: Brand) -> str | None:
    """A reason when ``host`` imitates the brand without being one of its domains."""
    host = to_unicode(host.lower())
    if within(host, brand.values("link_domains")) or within(host, brand.values("sender_domains")):
        return None
    org = organisational(host)
    label = org.split(".")[0]
    for sk in brand.values("brand_skeletons"):
        if sk in host.replace("-", "").replace(".", "") and label != sk:
            return f"contains '{sk}' but belongs to {org}"
    return None
