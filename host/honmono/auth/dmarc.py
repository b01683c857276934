"""DMARC alignment (RFC 7489 §3.1, relaxed mode) of From with the DKIM signatures.

A DKIM pass proves who signed (d=), not who the From line names. Only a signature whose
d= has the same organisational domain as From says "this sender wrote this From" — a
valid signature by ``amazon.co.jp.evil.example`` proves evil.example sent it, nothing more.

SPF is not evaluated here: the connecting IP is only known to the receiving server, whose
verdict arrives through a trusted Authentication-Results header (see ``arh``).

The published policy (``_dmarc.<domain>``) is looked up for the explanation only; it never
changes the outcome, and failing to fetch it is fine.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from honmono.auth.dns import DnsError
from honmono.net.domains import organisational

if TYPE_CHECKING:
    from honmono.auth.dkim import SignatureResult
    from honmono.auth.dns import TxtResolver
    from honmono.mail.types import ParsedMessage


def aligned(d: str, from_domain: str) -> bool:
    """Relaxed alignment: same organisational domain (Public Suffix List)."""
    if not d or not from_domain:
        return False
    return organisational(d) == organisational(from_domain)


@dataclass(slots=True)
class DmarcResult:
    from_domain: str = ""
    from_org: str = ""
    # False when From names no domain or several: DMARC cannot apply (RFC 7489 §6.6.1).
    single_from: bool = False
    # d= of signatures that verified cleanly and align with From.
    aligned_pass: list[str] = field(default_factory=list)
    result: str = "none"  # "pass" (aligned DKIM pass), "fail", "none" (no From domain)
    policy: dict[str, str] = field(default_factory=dict)
    policy_name: str = ""
    policy_status: str = "skipped"  # "found", "none", "temperror", "offline", "skipped"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def from_domain(msg: ParsedMessage) -> tuple[str, bool]:
    """The one From domain, and whether there is exactly one."""
    domains = {a.domain for a in msg.from_ if a.domain}
    if len(msg.from_) != 1 or len(domains) != 1:
        return (sorted(domains)[0] if domains else ""), False
    return domains.pop(), True


def evaluate(msg: ParsedMessage, sigs: list[SignatureResult],
             resolver: TxtResolver | None, lookup_policy: bool = True) -> DmarcResult:
    dom, single = from_domain(msg)
    res = DmarcResult(from_domain=dom, from_org=organisational(dom) if dom else "",
                      single_from=single)
    if not dom or not single:
        return res
    res.aligned_pass = sorted({s.domain for s in sigs
                               if s.result == "pass" and aligned(s.domain, dom)})
    res.result = "pass" if res.aligned_pass else "fail"
    if not lookup_policy:
        return res
    if resolver is None:
        res.policy_status = "offline"
        return res
    fetch_policy(res, resolver)
    return res


def parse_record(records: list[str]) -> dict[str, str] | None:
    """The one ``v=DMARC1`` record's tags; None when there is none or several (§6.6.3)."""
    found = [r for r in records if r.strip().lower().startswith("v=dmarc1")]
    if len(found) != 1:
        return None
    tags: dict[str, str] = {}
    for part in found[0].split(";"):
        key, sep, value = part.partition("=")
        if sep:
            tags[key.strip().lower()] = value.strip()
    return tags


def fetch_policy(res: DmarcResult, resolver: TxtResolver) -> None:
    names = [f"_dmarc.{res.from_domain}"]
    if res.from_org and res.from_org != res.from_domain:
        names.append(f"_dmarc.{res.from_org}")
    for i, name in enumerate(names):
        try:
            tags = parse_record(resolver.txt(name))
        except DnsError:
            res.policy_status = "temperror"
            return
        if tags is not None:
            res.policy_status, res.policy_name = "found", name
            res.policy = {k: v for k, v in tags.items() if k in ("p", "sp", "pct", "adkim")}
            if i == 1 and "sp" in tags:
                # A subdomain inherits the organisational record's sp=, not its p=.
                res.policy["p"] = tags["sp"]
            return
    res.policy_status = "none"
