"""Authentication-Results (RFC 8601): which of them to believe, and what they say.

Anyone can write an Authentication-Results header: the sender can put
``dmarc=pass header.from=amazon.co.jp`` in a forged mail. Only the user's own receiving
server is believed, and only where the header must be its own:

* only headers ABOVE the server's own receipt line (the topmost Received "by" a trusted
  host from a public address): headers are prepended, so nothing the sender wrote can
  sit above it. Below it, a header in the server's name may be the sender's — a server
  that adds none (some skip authenticated submission) leaves room for another of its
  customers to write one — so it is never believed, and a mail without such a line has
  no header of the server at all (``missing`` says which case, for the panel);
* of those, the topmost trusted one and every header of the same authserv-id (servers
  that write one header per method: Fastmail, Postfix milters);
* where the server writes its Authentication-Results below its receipt line (Gmail), the
  copy it writes above it, its ARC-Authentication-Results (``i=N; mx.google.com; ...``);
* and, per method, only the topmost of those headers that reports it.

Everything else is ignored and reported as such. Parsing uses the ``authres`` package
and never raises: an unparseable header (or result) is recorded, the rest still read.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any

from honmono.net.domains import organisational

ARH = "authentication-results"
# Headers beyond this many are not read: the user's server's own are at the top.
MAX_HEADERS = 100
_FOLD = re.compile(r"\r?\n[ \t]*")
_AAR_INSTANCE = re.compile(r"^\s*i\s*=\s*(\d+)\s*;", re.I)


@dataclass(frozen=True, slots=True)
class ResInfo:
    """One result: ``dkim=pass header.d=amazon.com`` → method, result, props."""

    method: str
    result: str
    reason: str = ""
    props: tuple[tuple[str, str], ...] = ()

    def prop(self, key: str) -> str:
        key = key.lower()
        for k, v in self.props:
            if k == key:
                return v
        return ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"method": self.method, "result": self.result}
        if self.reason:
            out["reason"] = self.reason
        out.update(dict(self.props))
        return out

    def __str__(self) -> str:
        props = " ".join(f"{k}={v}" for k, v in self.props if k in _SHOWN)
        return f"{self.method}={self.result}" + (f" {props}" if props else "")


_SHOWN = {"header.d", "header.from", "smtp.mailfrom", "header.s"}


@dataclass(slots=True)
class ArhHeader:
    position: int  # index in ParsedMessage.headers (0 = topmost)
    authserv_id: str
    results: list[ResInfo]
    error: str = ""  # what could not be parsed (the rest was still read)
    raw: str = ""

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"authserv_id": self.authserv_id,
                               "results": [r.as_dict() for r in self.results]}
        if self.error:
            out["error"] = self.error
        return out


def _split_top(text: str, sep: str = ";") -> list[str]:
    """Split on ``sep`` outside comments and quoted strings (the fallback parser)."""
    parts: list[str] = []
    depth = 0
    quoted = False
    cur: list[str] = []
    escaped = False
    for ch in text:
        if escaped:
            cur.append(ch)
            escaped = False
            continue
        if ch == "\\":
            escaped = True
        elif ch == '"' and depth == 0:
            quoted = not quoted
        elif ch == "(" and not quoted:
            depth += 1
        elif ch == ")" and not quoted and depth:
            depth -= 1
        elif ch == sep and depth == 0 and not quoted:
            parts.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    parts.append("".join(cur))
    return parts


def _convert(results: Iterable[Any]) -> list[ResInfo]:
    out: list[ResInfo] = []
    for r in results:
        method = str(getattr(r, "method", "") or "").lower()
        if not method:
            continue
        props = tuple(
            (f"{str(p.type).lower()}.{str(p.name).lower()}", str(p.value or "").strip())
            for p in getattr(r, "properties", []) or [])
        out.append(ResInfo(method=method, result=str(r.result or "").lower(),
                           reason=str(r.reason or ""), props=props))
    return out


# authres copies the rest of the text for every token it reads, so its time grows with
# the square of a header's length. Long headers (and every header that does not count)
# are read by the lenient reader instead, and results per header are capped.
MAX_STRICT_CHARS = 4_000
MAX_RESULTS = 50


def parse_value(value: str, strict: bool = True) -> tuple[str, list[ResInfo], str]:
    """authserv-id, results and an error note for one header value. Never raises.

    ``strict`` reads with authres (RFC 8601 grammar, comments and quoting honoured),
    falling back to one result at a time; otherwise, or for very long values, only the
    lenient reader runs.
    """
    text = _FOLD.sub(" ", value).strip()
    if not strict:
        text = text[:2 * MAX_STRICT_CHARS]  # the lenient reader's bound
    aid, results, error = _parse_cached(text, strict and len(text) <= MAX_STRICT_CHARS)
    return aid, list(results), error


@lru_cache(maxsize=256)
def _parse_cached(text: str, strict: bool) -> tuple[str, tuple[ResInfo, ...], str]:
    import authres

    first_error = ""
    if strict:
        try:
            header = authres.parse_value(text)
            return (str(header.authserv_id or "").lower(),
                    tuple(_convert(header.results)[:MAX_RESULTS]), "")
        except Exception as exc:  # authres raises its own SyntaxError and others on junk
            first_error = f"{type(exc).__name__}: {exc}"[:200]
    # Read what can be read, one result at a time.
    head, *chunks = _split_top(text)
    tokens = re.sub(r"\([^)]*\)", " ", head).split()
    authserv_id = tokens[0].lower() if tokens else ""
    results: list[ResInfo] = []
    bad: list[str] = []
    if authserv_id:
        for chunk in chunks[:MAX_RESULTS]:
            chunk = chunk.strip()
            if not chunk or chunk.lower() == "none":
                continue
            if strict and len(chunk) <= 500:
                try:
                    results.extend(
                        _convert(authres.parse_value(f"{authserv_id}; {chunk}").results))
                    continue
                except Exception:
                    bad.append(chunk[:60])
            loose = _lenient(chunk)
            if loose is not None:
                results.append(loose)
            elif not strict:
                bad.append(chunk[:60])
    if not authserv_id:
        return "", (), first_error or "no authserv-id"
    if not results:
        return authserv_id, (), first_error or "no result readable"
    note = f"{len(bad)} result(s) unreadable: {bad[:3]}" if bad else ""
    return authserv_id, tuple(results), note


_METHOD = re.compile(r"\s*([a-z0-9][a-z0-9_-]*)(?:/\d+)?\s*=\s*([a-z0-9_-]+)", re.I)
_PROP = re.compile(r"\b([a-z0-9_-]+)\.([a-z0-9_.-]+)\s*=\s*(\"[^\"]*\"|[^\s;()]+)", re.I)


def _lenient(chunk: str) -> ResInfo | None:
    """method=result and whatever ptype.property=value pairs a junk result still shows.

    Servers write values RFC 8601 does not allow (an unquoted URL after
    ``policy.authority-uri=``); the method and result are still plain to read.
    """
    text = re.sub(r"\([^)]*\)", " ", chunk)
    m = _METHOD.match(text)
    if not m:
        return None
    props = tuple((f"{t.lower()}.{n.lower()}", v.strip('"'))
                  for t, n, v in _PROP.findall(text[m.end():]))
    return ResInfo(method=m.group(1).lower(), result=m.group(2).lower(), props=props)


def parse_aar(value: str, strict: bool = True) -> tuple[int | None, str, list[ResInfo], str]:
    """ARC-Authentication-Results: ``i=N; authserv-id; results`` → (N, id, results, error)."""
    text = _FOLD.sub(" ", value)
    m = _AAR_INSTANCE.match(text)
    instance = int(m.group(1)) if m else None
    rest = text[m.end():] if m else text
    authserv_id, results, error = parse_value(rest, strict)
    return instance, authserv_id, results, error


def trusted_match(authserv_id: str, trusted: Iterable[str]) -> bool:
    """Exact, case-insensitive; an entry ``@example.net`` trusts every id under it
    (as the DKIM Verifier add-on allows for providers with many MX names)."""
    aid = authserv_id.strip().rstrip(".").lower()
    if not aid:
        return False
    for t in trusted:
        t = t.strip().rstrip(".").lower()
        if not t:
            continue
        if t.startswith("@"):
            dom = t[1:]
            if aid == dom or aid.endswith("." + dom):
                return True
        elif aid == t:
            return True
    return False


@dataclass(slots=True)
class ArhReport:
    trusted_ids: tuple[str, ...]
    headers: list[ArhHeader] = field(default_factory=list)
    used: list[ArhHeader] = field(default_factory=list)
    boundary: Hop | None = None  # the trusted server's receipt line, when found
    # Why no header of the trusted server counts: "none" (no header names it), "below"
    # (only below its receipt line, where a sender writes), "no_receipt" (no receipt line
    # of it in the mail); "" when its own header was found.
    missing: str = ""

    @property
    def ignored(self) -> list[ArhHeader]:
        used = {id(h) for h in self.used}
        return [h for h in self.headers if id(h) not in used]

    @property
    def unparseable(self) -> list[ArhHeader]:
        return [h for h in self.headers if h.error]

    @property
    def server(self) -> str:
        return self.used[0].authserv_id if self.used else ""

    def results(self, method: str) -> list[ResInfo]:
        """The trusted results of one method, from the topmost used header reporting it."""
        method = method.lower()
        for h in self.used:
            found = [r for r in h.results if r.method == method]
            if found:
                return found
        return []

    def as_dict(self) -> dict[str, Any]:
        return {
            "trusted_ids": list(self.trusted_ids),
            "server": self.server,
            "used": [h.as_dict() for h in self.used],
            "ignored": [h.as_dict() for h in self.ignored],
            "missing": self.missing,
        }


# ------------------------------------------------------------------ Received

_FROM = re.compile(r"^\s*from\s+(\S*)\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?", re.I)
_BY = re.compile(r"\bby\s+([A-Za-z0-9._-]+)", re.I)
_BRACKET_IP = re.compile(r"\[(?:IPv6:)?([0-9A-Fa-f:.]+)\]")
_HOST = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+\.?$")


@dataclass(slots=True)
class Hop:
    position: int  # index in ParsedMessage.headers
    helo: str = ""
    rdns: str = ""  # the receiving server's reverse lookup, when it wrote one
    ip: str = ""
    by: str = ""

    @property
    def host(self) -> str:
        """The best name for the connecting host: the receiver's rDNS, else the HELO."""
        return self.rdns or self.helo

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _clean_host(s: str) -> str:
    s = s.strip().strip("[]").rstrip(".").lower()
    return s if _HOST.match(s) else ""


def _global_ip(ip: str) -> bool:
    try:
        return ipaddress.ip_address(ip).is_global
    except ValueError:
        return False


def parse_received(position: int, value: str) -> Hop:
    """The from/by parts of one Received line (Postfix, Sendmail, Exim, Gmail, Exchange)."""
    text = re.sub(r"\s+", " ", value)
    hop = Hop(position=position)
    by = _BY.search(text)
    if by:
        hop.by = by.group(1).rstrip(".").lower()
    m = _FROM.match(text)
    if not m:
        return hop
    first, paren = m.group(1) or "", m.group(2) or ""
    ipm = _BRACKET_IP.search(paren) or _BRACKET_IP.search(first)
    if ipm:
        hop.ip = ipm.group(1)
    if "helo=" in paren.lower():
        # Exim: "from rdns ([ip] helo=name)"
        hop.rdns = _clean_host(first)
        h = re.search(r"helo=([^\s)]+)", paren, re.I)
        hop.helo = _clean_host(h.group(1)) if h else ""
    else:
        # Postfix/Sendmail/Gmail: "from helo (rdns [ip])"; "unknown" when rDNS failed.
        hop.helo = _clean_host(first)
        tokens = paren.split()
        if tokens and not tokens[0].startswith("["):
            bare = _bare_ip(tokens[0])
            if bare and not hop.ip:
                hop.ip = bare  # Exchange: "from host (2603:10b6:...)"
            elif tokens[0].lower() != "unknown":
                hop.rdns = _clean_host(tokens[0])
    return hop


def _bare_ip(token: str) -> str:
    """An IP address written alone in the parentheses, or "".

    Checked by ipaddress after a length cap, not by a regex: the obvious pattern for IPv6
    (runs of hex digits and colons) backtracks quadratically on a token of 20,000 colons.
    """
    text = token.strip("()")
    if len(text) > 45:  # the longest textual IPv6 address
        return ""
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return ""
    return text


def hops(headers: list[tuple[str, str]]) -> list[Hop]:
    return [parse_received(i, v) for i, (k, v) in enumerate(headers)
            if k.lower() == "received"]


def trusted_orgs(ids: tuple[str, ...]) -> set[str]:
    return {organisational(t.strip().lstrip("@").rstrip(".")) for t in ids if t.strip()}


def handoff(route: list[Hop], orgs: set[str]) -> Hop | None:
    """The topmost line where a trusted server received the mail over the Internet.

    Lines above it with private addresses are the user's own servers passing the mail
    inward. Host names are not used to skip lines: the sender picks its HELO and its
    reverse DNS, and could otherwise push the boundary down onto lines it wrote itself.
    """
    if not orgs:
        return None
    for hop in route:
        if hop.by and organisational(hop.by) in orgs and _global_ip(hop.ip):
            return hop
    return None


def collect(headers: list[tuple[str, str]], trusted: Iterable[str]) -> ArhReport:
    """Parse every Authentication-Results header and pick the trusted block (module doc)."""
    report = ArhReport(trusted_ids=tuple(trusted))
    for pos, (name, value) in enumerate(headers):
        if name.strip().lower() != ARH:
            continue
        if len(report.headers) >= MAX_HEADERS:
            break
        # Leniently first: only the trusted server's headers are worth authres's time.
        aid, results, error = parse_value(value, strict=False)
        report.headers.append(ArhHeader(position=pos, authserv_id=aid, results=results,
                                        error=error, raw=value[:2000]))
    if not report.trusted_ids:
        return report
    hand = handoff(hops(headers), trusted_orgs(report.trusted_ids))
    report.boundary = hand
    trusted_hdrs = [h for h in report.headers if trusted_match(h.authserv_id, report.trusted_ids)]
    if hand is None:
        # No line where the trusted server received the mail over the Internet: nothing
        # says which header is its own, so none is (a header naming it proves nothing).
        report.missing = "no_receipt" if trusted_hdrs else "none"
        return report
    own = [h for h in trusted_hdrs if h.position < hand.position]
    if not own:
        # The server wrote none above its own receipt line. Some write theirs just below it
        # (Gmail) and copy it, above the line, into their ARC-Authentication-Results.
        own = _own_aar(headers, report.trusted_ids, hand.position)
        report.missing = "" if own else ("below" if trusted_hdrs else "none")
    if not own:
        return report
    top = own[0]
    # Every header of the server's id above its receipt line is its own (Fastmail writes
    # one per method).
    report.used = [h for h in own if h.authserv_id == top.authserv_id]
    for h in report.used:
        if h.raw.lower().lstrip().startswith("i="):
            continue  # an ARC-Authentication-Results, already read by parse_aar
        _aid, h.results, h.error = parse_value(headers[h.position][1], strict=True)
    return report


def _own_aar(headers: list[tuple[str, str]], trusted: tuple[str, ...],
             end: int) -> list[ArhHeader]:
    out: list[ArhHeader] = []
    for pos, (name, value) in enumerate(headers[:end]):
        if name.strip().lower() != "arc-authentication-results":
            continue
        _i, aid, results, error = parse_aar(value, strict=True)
        if trusted_match(aid, trusted):
            out.append(ArhHeader(position=pos, authserv_id=aid, results=results, error=error,
                                 raw=value[:2000]))
    return out[:1]
