"""ARC (RFC 8617): what forwarders say the authentication was before they changed the mail.

A mailing list or forwarder that edits a mail (subject tag, footer) breaks its DKIM
signature. If it adds an ARC set, it records what it saw on arrival
(ARC-Authentication-Results, AAR) and seals that record together with the mail. A valid
chain proves WHO made each statement, not that the statement is true: anyone can run a
"forwarder" with their own domain and seal ``dkim=pass header.d=amazon.co.jp`` onto a
forgery. So an ARC statement counts only when every sealer from the one that made it to
the newest is a domain the user trusts (``trusted_sealer``) — the same trust as in their
own receiving server; otherwise it is reported, never believed.

Keys are looked up only for a chain sealed entirely by trusted sealers. A sealer's d= is
chosen by whoever wrote the headers, and looking up its key tells that domain the mail
was opened (a beacon); a chain with an untrusted sealer is never believed anyway, so it
is read (``chain == "untrusted"``) but not verified.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from honmono.auth.arh import ResInfo, parse_aar, trusted_match
from honmono.auth.dns import DnsError, RecordingResolver, dkim_dnsfunc

if TYPE_CHECKING:
    from honmono.auth.dns import TxtResolver
    from honmono.mail.types import ParsedMessage

ARC_HEADERS = ("arc-seal", "arc-message-signature", "arc-authentication-results")
MAX_INSTANCES = 50  # RFC 8617 §4.2.1


@dataclass(slots=True)
class ArcInstance:
    instance: int
    seal_domain: str = ""
    ams_domain: str = ""
    cv: str = ""
    seal_valid: bool | None = None
    ams_valid: bool | None = None
    authserv_id: str = ""
    results: list[ResInfo] = field(default_factory=list)
    trusted: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"instance": self.instance, "seal_domain": self.seal_domain,
                "ams_domain": self.ams_domain, "cv": self.cv, "seal_valid": self.seal_valid,
                "ams_valid": self.ams_valid, "authserv_id": self.authserv_id,
                "trusted": self.trusted, "results": [r.as_dict() for r in self.results]}


@dataclass(slots=True)
class ArcResult:
    present: bool = False
    # "pass", "fail", "none", "temperror", "unchecked" (offline / not needed),
    # "untrusted" (a sealer the user does not trust: read, keys not looked up)
    chain: str = "none"
    reason: str = ""
    instances: list[ArcInstance] = field(default_factory=list)  # i=1 first

    def trusted_from(self) -> int | None:
        """The smallest i whose sealers i..newest are all trusted, if the chain passed."""
        if self.chain != "pass" or not self.instances:
            return None
        first: int | None = None
        for inst in reversed(self.instances):
            if not inst.trusted:
                break
            first = inst.instance
        return first

    def as_dict(self) -> dict[str, Any]:
        return {"present": self.present, "chain": self.chain, "reason": self.reason,
                "trusted_from": self.trusted_from(),
                "instances": [i.as_dict() for i in self.instances]}


def trusted_sealer(domain: str, trusted_ids: tuple[str, ...]) -> bool:
    """A sealer is trusted because the user named it: its d= equals a trusted entry, or
    lies under one given as ``@domain``. Never by organisational domain: a provider's
    customers can often seal under the provider's own name (customer.provider.example)."""
    return bool(domain) and trusted_match(domain, trusted_ids)


def _b(v: Any) -> str:
    return v.decode("utf-8", "replace").strip().lower() if isinstance(v, bytes) else str(v)


def _read_sets(msg: ParsedMessage, trusted_ids: tuple[str, ...],
               statements: bool = True) -> dict[int, ArcInstance]:
    """The sealers and (with ``statements``) the AAR statements, read without
    cryptography."""
    from dkim.util import parse_tag_value

    sets: dict[int, ArcInstance] = {}
    for name, value in msg.headers:
        lname = name.lower()
        if lname not in ARC_HEADERS:
            continue
        if lname == "arc-authentication-results":
            if not statements:
                continue
            inst, aid, results, _err = parse_aar(value)
            if inst is None:
                continue
            entry = sets.setdefault(inst, ArcInstance(instance=inst))
            entry.authserv_id, entry.results = aid, results
            continue
        try:
            tags = parse_tag_value(value.encode("utf-8", "replace"))
            inst = int(tags.get(b"i", b"0"))
        except Exception:
            continue
        entry = sets.setdefault(inst, ArcInstance(instance=inst))
        if lname == "arc-seal":
            entry.seal_domain = _b(tags.get(b"d", b""))
            entry.cv = _b(tags.get(b"cv", b""))
        else:
            entry.ams_domain = _b(tags.get(b"d", b""))
    for entry in sets.values():
        entry.trusted = trusted_sealer(entry.seal_domain, trusted_ids)
    return sets


def present(msg: ParsedMessage, trusted_ids: tuple[str, ...]) -> ArcResult:
    """The chain's sealers, neither read in full nor verified (when it is not needed)."""
    res = ArcResult(present=bool(msg.header_all("ARC-Seal")))
    if res.present:
        try:
            sets = _read_sets(msg, trusted_ids, statements=False)
        except Exception:
            sets = {}
        res.instances = [sets[i] for i in sorted(sets) if i > 0][:MAX_INSTANCES]
        res.chain, res.reason = "unchecked", "not needed"
    return res


def _well_formed(instances: list[ArcInstance]) -> str:
    """Why the sets cannot form a chain (RFC 8617 §5.1.1), or "" — read without keys."""
    if not instances:
        return "no readable ARC set"
    for n, inst in enumerate(instances, start=1):
        if inst.instance != n:
            return f"ARC set i={n} missing"
        if not inst.seal_domain or not inst.ams_domain or not inst.authserv_id:
            return f"ARC set i={n} incomplete"
        if inst.cv != ("none" if n == 1 else "pass"):
            return f"ARC set i={n} has cv={inst.cv or '?'}"
    return ""


def verify(msg: ParsedMessage, resolver: TxtResolver | None,
           trusted_ids: tuple[str, ...]) -> ArcResult:
    """Validate the ARC chain with dkimpy when every sealer is trusted. Never raises; a
    mail without ARC costs nothing."""
    if not msg.header_all("ARC-Seal"):
        return ArcResult()
    res = ArcResult(present=True)
    try:
        sets = _read_sets(msg, trusted_ids)
    except Exception as exc:
        res.chain, res.reason = "fail", f"unreadable ARC headers ({type(exc).__name__})"
        return res
    res.instances = [sets[i] for i in sorted(sets) if i > 0]
    if len(res.instances) > MAX_INSTANCES:
        res.chain, res.reason = "fail", f"more than {MAX_INSTANCES} ARC sets"
        return res
    broken = _well_formed(res.instances)
    if broken:
        res.chain, res.reason = "fail", broken
        return res
    untrusted = sorted({d for i in res.instances for d in (i.seal_domain, i.ams_domain)
                        if not trusted_sealer(d, trusted_ids)})
    if untrusted:
        res.chain = "untrusted"
        res.reason = ("sealed by " + ", ".join(untrusted)[:200]
                      + ", not trusted: keys not looked up")
        return res
    if resolver is None:
        res.chain, res.reason = "unchecked", "offline: ARC keys not looked up"
        return res

    import dkim

    recorder = resolver if isinstance(resolver, RecordingResolver) else RecordingResolver(resolver)
    before = len(recorder.lookups)
    sealers = {d for i in res.instances for d in (i.seal_domain, i.ams_domain)}
    try:
        cv, results, reason = dkim.arc_verify(
            msg.raw, dnsfunc=dkim_dnsfunc(recorder, allowed=sealers))
    except DnsError as exc:
        res.chain, res.reason = "temperror", str(exc)
        return res
    except Exception as exc:  # dkimpy on hostile input
        res.chain, res.reason = "fail", f"ARC unverifiable ({type(exc).__name__}: {exc})"[:200]
        return res
    for r in results or []:
        inst = sets.get(int(r.get("instance", 0)))
        if inst is not None:
            inst.seal_valid = bool(r.get("as-valid"))
            inst.ams_valid = bool(r.get("ams-valid"))
    res.reason = _b(reason) if isinstance(reason, bytes) else str(reason)
    cv = _b(cv) if cv is not None else ""
    if cv == "pass":
        res.chain = "pass"
        return res
    lookups = recorder.lookups[before:]
    if any(lk.outcome == "error" for lk in lookups):
        res.chain = "temperror"
        res.reason = "a sealer's key could not be fetched: " + res.reason
    elif any(lk.outcome == "nxdomain" for lk in lookups):
        # Sealers rotate keys like signers do; an old chain is then simply unverifiable.
        res.chain = "fail"
        res.reason = "a sealer's key is not published (any more): " + res.reason
    else:
        res.chain = "fail"
    return res


def attestations(arc: ArcResult) -> list[tuple[ArcInstance, ResInfo]]:
    """(instance, result) pairs of every dkim/dmarc statement in a chain that passed, or
    in a well-formed chain that was not verified because a sealer is not trusted (such a
    statement is never believed; see auth/decision.py for the little it may do)."""
    if arc.chain not in ("pass", "untrusted"):
        return []
    return [(inst, r) for inst in arc.instances for r in inst.results
            if r.method in ("dkim", "dmarc")]
