"""DNS TXT lookups for DKIM keys, ARC keys and DMARC policies.

Honmono looks up very few names per mail (one key per signature, one DMARC policy), but
it runs while the user waits for a badge, so every lookup is bounded twice: a timeout per
query and a time budget per mail. Answers are cached on disk (TTL-respecting, negative
answers too) so that the second Amazon mail of the day costs no network at all.

Resolvers follow the ``TxtResolver`` protocol below: ``txt(name)`` gives
the TXT strings of a name, ``[]`` when the name or the record does not exist, and raises
``DnsError`` when the answer is unknown (timeout, SERVFAIL, budget used up). Tests and
``honmono check --dns-records FILE`` replace the network with a mapping.

Imported as ``honmono.auth.dns``: absolute imports keep dnspython's ``dns`` unshadowed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from honmono.core.settings import Settings

log = logging.getLogger(__name__)

# A cached key outliving its TTL is harmless, but one day keeps rotated keys from lingering.
MAX_TTL = 86_400
# RFC 2308 lets negative answers be cached for the SOA minimum; capped because a key
# published a minute ago must not stay "missing" for long.
MAX_NEGATIVE_TTL = 3_600
DEFAULT_NEGATIVE_TTL = 300
CACHE_FILE = "dns.sqlite3"
# After this many failures to open the cache file, a process stops trying.
MAX_CACHE_FAILURES = 5


class TxtResolver(Protocol):
    """DNS TXT lookups: a list of strings, [] for NXDOMAIN/no data; raises DnsError otherwise."""

    def txt(self, name: str) -> list[str]: ...


class DnsError(Exception):
    """The answer is unknown for now (timeout, SERVFAIL, no resolver, budget used up)."""


class DnsConfigError(ValueError):
    """A ``--dns-records`` file that cannot be used."""


def normalise(name: str | bytes) -> str:
    """The cache and lookup form of a name: text, lower case, no trailing dot."""
    if isinstance(name, bytes):
        name = name.decode("ascii", "replace")
    return name.strip().rstrip(".").lower()


# --------------------------------------------------------------------------- cache


class DnsCache:
    """TXT answers on disk in SQLite, which gives atomic writes and safe concurrent
    writers (the Thunderbird host and a ``honmono scan`` may run at the same time).

    Any trouble with the file (corrupt, locked, read-only disk) makes the cache forget
    rather than fail: a cache may only ever save time, never cost a verdict.
    """

    def __init__(self, path: Path, clock: Callable[[], float] = time.time) -> None:
        self.path = path
        self.clock = clock
        self._conn: sqlite3.Connection | None = None
        self._disabled = False
        self._failures = 0
        self._lock = threading.Lock()

    def _open(self) -> sqlite3.Connection | None:
        if self._conn is not None or self._disabled:
            return self._conn
        conn: sqlite3.Connection | None = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=0.25, isolation_level=None,
                                   check_same_thread=False)
            with contextlib.suppress(sqlite3.OperationalError):
                # WAL lets readers and one writer work at once (host + scan side by side).
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("CREATE TABLE IF NOT EXISTS txt (name TEXT PRIMARY KEY, "
                         "records TEXT NOT NULL, expires REAL NOT NULL)")
            with contextlib.suppress(sqlite3.OperationalError):
                conn.execute("DELETE FROM txt WHERE expires < ?", (self.clock(),))
            self._conn = conn
            return conn
        except sqlite3.OperationalError as exc:
            # Locked by another process: no cache this time, try again next lookup.
            if conn is not None:
                conn.close()
            self._failures += 1
            log.info("DNS cache %s busy (%s)", self.path, exc)
        except sqlite3.DatabaseError as exc:
            # "file is not a database": a torn or foreign file. Start afresh, once.
            if conn is not None:
                conn.close()
            log.warning("DNS cache %s unusable (%s); recreating it", self.path, exc)
            self._failures += 1
            if self._failures == 1:
                with contextlib.suppress(OSError):
                    self.path.unlink()
                for suffix in ("-wal", "-shm"):
                    with contextlib.suppress(OSError):
                        self.path.with_name(self.path.name + suffix).unlink()
                return self._open()
        except OSError as exc:
            log.warning("DNS cache %s unusable (%s)", self.path, exc)
            self._failures = MAX_CACHE_FAILURES
        if self._failures >= MAX_CACHE_FAILURES:
            self._disabled = True
        return None

    def get(self, name: str) -> list[str] | None:
        """The cached records (possibly ``[]``, a cached negative answer) or None on a miss."""
        with self._lock:
            conn = self._open()
            if conn is None:
                return None
            try:
                row = conn.execute("SELECT records, expires FROM txt WHERE name = ?",
                                   (normalise(name),)).fetchone()
            except sqlite3.Error as exc:
                log.warning("DNS cache read failed: %s", exc)
                return None
        if row is None or row[1] <= self.clock():
            return None
        try:
            records = json.loads(row[0])
        except (TypeError, ValueError):
            return None
        if not isinstance(records, list) or not all(isinstance(r, str) for r in records):
            return None
        return records

    def put(self, name: str, records: list[str], ttl: float) -> None:
        if ttl <= 0:
            return
        cap = MAX_TTL if records else MAX_NEGATIVE_TTL
        expires = self.clock() + min(ttl, cap)
        with self._lock:
            conn = self._open()
            if conn is None:
                return
            try:
                conn.execute("INSERT OR REPLACE INTO txt (name, records, expires) VALUES (?, ?, ?)",
                             (normalise(name), json.dumps(records), expires))
            except sqlite3.Error as exc:  # locked by another writer: skip, next time
                log.info("DNS cache write skipped: %s", exc)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


_shared: dict[Path, DnsCache] = {}
_shared_lock = threading.Lock()


def default_cache_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("honmono")) / CACHE_FILE


def shared_cache(path: Path | None = None) -> DnsCache:
    """One cache object per file and process: the host checks many mails in one run."""
    path = path or default_cache_path()
    with _shared_lock:
        cache = _shared.get(path)
        if cache is None:
            cache = _shared[path] = DnsCache(path)
        return cache


# ---------------------------------------------------------------------- resolvers


class NetworkResolver:
    """dnspython lookups, one instance per mail: it carries that mail's time budget."""

    def __init__(self, timeout: float = 2.0, budget: float = 5.0,
                 cache: DnsCache | None = None,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.timeout = timeout
        self.budget = budget
        self.cache = cache
        self.clock = clock
        self.spent = 0.0
        self.queries = 0
        self._resolver: Any = None

    def _dns(self) -> Any:
        if self._resolver is None:
            # Imported here: dnspython costs ~0.1 s to import, and most mails never query.
            import dns.resolver

            try:
                self._resolver = dns.resolver.Resolver()
            except dns.resolver.NoResolverConfiguration as exc:
                raise DnsError(f"no DNS resolver configured: {exc}") from exc
        return self._resolver

    def txt(self, name: str) -> list[str]:
        qname = normalise(name)
        if not _valid_name(qname):
            return []  # a name that cannot be written in DNS cannot exist there either
        if self.cache is not None:
            hit = self.cache.get(qname)
            if hit is not None:
                return hit
        remaining = self.budget - self.spent
        if remaining <= 0:
            raise DnsError(f"DNS time budget of {self.budget:g} s for this mail used up")
        lifetime = min(self.timeout, remaining)
        started = self.clock()
        try:
            records, ttl = self._query(qname, lifetime)
        finally:
            self.spent += self.clock() - started
            self.queries += 1
        if self.cache is not None:
            self.cache.put(qname, records, ttl)
        return records

    def _query(self, qname: str, lifetime: float) -> tuple[list[str], float]:
        import dns.exception
        import dns.name
        import dns.rdatatype
        import dns.resolver

        name = dns.name.from_text(qname)
        res = self._dns()
        res.timeout = lifetime
        try:
            answer = res.resolve(name, dns.rdatatype.TXT, lifetime=lifetime,
                                 raise_on_no_answer=False, search=False)
        except dns.resolver.NXDOMAIN as exc:
            return [], _negative_ttl_nx(exc, name)
        except dns.resolver.YXDOMAIN:
            return [], DEFAULT_NEGATIVE_TTL
        except dns.exception.Timeout as exc:
            raise DnsError(f"DNS timeout after {lifetime:g} s for {qname}") from exc
        except dns.resolver.NoNameservers as exc:
            raise DnsError(f"DNS servers failed for {qname} (SERVFAIL)") from exc
        except dns.exception.DNSException as exc:
            raise DnsError(f"DNS error for {qname}: {type(exc).__name__}") from exc
        if answer.rrset is None:
            return [], _negative_ttl(answer.response)
        records = [b"".join(r.strings).decode("utf-8", "replace") for r in answer.rrset]
        return records, float(answer.rrset.ttl)


def _valid_name(qname: str) -> bool:
    import dns.exception
    import dns.name

    try:
        dns.name.from_text(qname)
    except (dns.exception.DNSException, UnicodeError, ValueError):
        return False
    return bool(qname)


def _negative_ttl(response: Any) -> float:
    """RFC 2308: a negative answer lives min(SOA TTL, SOA MINIMUM)."""
    try:
        for rrset in response.authority:
            if rrset.rdtype == 6:  # SOA
                return float(min(rrset.ttl, rrset[0].minimum))
    except (AttributeError, IndexError, TypeError):
        pass
    return DEFAULT_NEGATIVE_TTL


def _negative_ttl_nx(exc: Any, name: Any) -> float:
    try:
        return _negative_ttl(exc.response(name))
    except Exception:  # dnspython keeps responses per qname; any miss means "default"
        return DEFAULT_NEGATIVE_TTL


class MappingResolver:
    """Answers from a mapping ``{"name": ["TXT", ...]}``; absent names are NXDOMAIN.

    Names match case-insensitively, with or without the trailing dot. A single string
    stands for a one-record list.
    """

    def __init__(self, records: Mapping[str, Any]) -> None:
        self.records: dict[str, list[str]] = {}
        for name, value in records.items():
            if isinstance(value, str):
                value = [value]
            if not isinstance(name, str) or not isinstance(value, list) or not all(
                    isinstance(v, str) for v in value):
                raise DnsConfigError(f"DNS record for {name!r} must be a list of strings")
            self.records[normalise(name)] = list(value)

    def txt(self, name: str) -> list[str]:
        return list(self.records.get(normalise(name), []))


class JsonFileResolver(MappingResolver):
    """``honmono check --dns-records FILE``: a JSON object of TXT records, no network."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        try:
            data = json.loads(self.path.read_text("utf-8"))
        except (OSError, UnicodeError, ValueError) as exc:
            raise DnsConfigError(f"cannot read DNS records from {self.path}: {exc}") from exc
        if not isinstance(data, dict):
            raise DnsConfigError(f"{self.path}: expected a JSON object of name → TXT strings")
        super().__init__(data)


@dataclass
class Lookup:
    name: str
    outcome: str  # "found", "nxdomain", "error"
    detail: str = ""
    ms: float = 0.0


@dataclass
class RecordingResolver:
    """Wraps any resolver: asks each name once per mail and keeps a log for the panel.

    dkimpy's ARC verifier asks for the same key twice; a mail's DMARC lookup may repeat a
    name too. Errors are remembered as well, so a dead server costs one timeout, not ten.
    """

    inner: TxtResolver
    lookups: list[Lookup] = field(default_factory=list)
    _memo: dict[str, list[str] | DnsError] = field(default_factory=dict)

    def txt(self, name: str) -> list[str]:
        key = normalise(name)
        if key in self._memo:
            hit = self._memo[key]
            if isinstance(hit, DnsError):
                raise hit
            return list(hit)
        started = time.perf_counter()
        try:
            records = self.inner.txt(key)
        except DnsError as exc:
            self._memo[key] = exc
            self.lookups.append(Lookup(key, "error", str(exc), _ms(started)))
            raise
        except Exception as exc:  # a replacement resolver must not take the check down
            err = DnsError(f"resolver failed: {type(exc).__name__}: {exc}")
            self._memo[key] = err
            self.lookups.append(Lookup(key, "error", str(err), _ms(started)))
            raise err from exc
        self._memo[key] = list(records)
        self.lookups.append(Lookup(key, "found" if records else "nxdomain", "", _ms(started)))
        return list(records)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def resolver_for(settings: Settings) -> TxtResolver | None:
    """The resolver the settings ask for, or None when no lookup may be made.

    A ``--dns-records`` file is local data, not DNS, so it answers even offline.
    Raises DnsConfigError for an unusable records file.
    """
    if settings.dns_records is not None:
        return JsonFileResolver(settings.dns_records)
    if settings.offline:
        return None
    cache = shared_cache() if settings.dns_cache else None
    return NetworkResolver(timeout=settings.dns_timeout, budget=settings.dns_budget,
                           cache=cache)


def dkim_dnsfunc(resolver: TxtResolver,
                 allowed: Collection[str] | None = None) -> Callable[..., bytes | None]:
    """A dkimpy ``dnsfunc(name, timeout=5) -> bytes | None`` over a TxtResolver.

    Unknown answers become dkimpy's DnsTimeoutError, which dkimpy expects from its own
    lookups; the timeout argument is ignored because our resolver carries its own.
    With ``allowed``, only keys of those domains (``<selector>._domainkey.<domain>``) are
    asked for; any other name is refused unasked, like an unanswered lookup.
    """
    suffixes = None if allowed is None else tuple(
        "._domainkey." + normalise(d) for d in allowed if d)

    def dnsfunc(name: bytes | str, timeout: float = 5) -> bytes | None:
        import dkim

        qname = normalise(name)
        if suffixes is not None and not qname.endswith(suffixes):
            raise dkim.DnsTimeoutError(f"{qname}: not looked up (not a trusted signer)")
        try:
            records = resolver.txt(qname)
        except DnsError as exc:
            raise dkim.DnsTimeoutError(str(exc)) from exc
        return pick_key_record(records)

    return dnsfunc


def pick_key_record(records: list[str]) -> bytes | None:
    """RFC 6376 3.6.2.2 leaves several TXT records at a key name undefined; take the first
    that carries a key (p=), as most verifiers do."""
    if not records:
        return None
    for rec in records:
        if "p=" in rec.replace(" ", ""):
            return rec.encode("utf-8", "replace")
    return records[0].encode("utf-8", "replace")
