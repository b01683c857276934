"""DNS: timeouts and budget, disk cache with TTLs and negative answers, offline, files."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from honmono import Settings
from honmono.auth import dns as dnsclient
from honmono.auth.dns import (
    DnsCache,
    DnsConfigError,
    DnsError,
    JsonFileResolver,
    MappingResolver,
    NetworkResolver,
    RecordingResolver,
    dkim_dnsfunc,
    resolver_for,
)


class FakeClock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class ScriptedNetwork(NetworkResolver):
    """A NetworkResolver whose wire is a script: name → (records, ttl) or an exception."""

    def __init__(self, script: dict, **kw) -> None:
        super().__init__(**kw)
        self.script = script
        self.asked: list[str] = []

    def _query(self, qname: str, lifetime: float) -> tuple[list[str], float]:
        self.asked.append(qname)
        step = self.script.get(qname, ([], 300))
        if isinstance(step, Exception):
            raise step
        if callable(step):
            return step(lifetime)
        return step


def test_cache_respects_ttl_with_fake_clock(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = DnsCache(tmp_path / "c.sqlite3", clock=clock)
    net = ScriptedNetwork({"k._domainkey.example.com": (["v=DKIM1; p=AAA"], 600)}, cache=cache)
    assert net.txt("K._domainkey.Example.com.") == ["v=DKIM1; p=AAA"]
    assert net.txt("k._domainkey.example.com") == ["v=DKIM1; p=AAA"]
    assert net.asked == ["k._domainkey.example.com"]
    clock.now += 599
    assert net.txt("k._domainkey.example.com") == ["v=DKIM1; p=AAA"]
    assert len(net.asked) == 1
    clock.now += 2
    net.txt("k._domainkey.example.com")
    assert len(net.asked) == 2


def test_negative_answers_are_cached_for_their_ttl(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = DnsCache(tmp_path / "c.sqlite3", clock=clock)
    net = ScriptedNetwork({"gone._domainkey.example.com": ([], 120)}, cache=cache)
    assert net.txt("gone._domainkey.example.com") == []
    assert net.txt("gone._domainkey.example.com") == []
    assert len(net.asked) == 1
    clock.now += 121
    assert net.txt("gone._domainkey.example.com") == []
    assert len(net.asked) == 2


def test_ttls_are_capped(tmp_path: Path) -> None:
    clock = FakeClock()
    cache = DnsCache(tmp_path / "c.sqlite3", clock=clock)
    cache.put("a.example", ["x"], 10 * 86_400)
    cache.put("b.example", [], 10 * 86_400)
    clock.now += dnsclient.MAX_NEGATIVE_TTL + 1
    assert cache.get("a.example") == ["x"]
    assert cache.get("b.example") is None
    clock.now += dnsclient.MAX_TTL
    assert cache.get("a.example") is None


def test_errors_are_not_cached_on_disk(tmp_path: Path) -> None:
    cache = DnsCache(tmp_path / "c.sqlite3", clock=FakeClock())
    net = ScriptedNetwork({"x.example": DnsError("SERVFAIL")}, cache=cache)
    with pytest.raises(DnsError):
        net.txt("x.example")
    assert cache.get("x.example") is None


def test_cache_survives_a_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    path.write_bytes(b"this is not a database\x00" * 100)
    cache = DnsCache(path, clock=FakeClock())
    assert cache.get("a.example") is None
    cache.put("a.example", ["v=DKIM1; p=AB"], 60)
    assert cache.get("a.example") == ["v=DKIM1; p=AB"]


def test_cache_ignores_a_garbled_row(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    cache = DnsCache(path, clock=FakeClock())
    cache.put("a.example", ["x"], 60)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE txt SET records = '{not json'")
    assert cache.get("a.example") is None


def test_cache_in_an_unwritable_place_is_just_no_cache(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    cache = DnsCache(blocker / "sub" / "c.sqlite3", clock=FakeClock())
    cache.put("a.example", ["x"], 60)
    assert cache.get("a.example") is None


def test_concurrent_writers_share_one_file(tmp_path: Path) -> None:
    path = tmp_path / "c.sqlite3"
    clock = FakeClock()

    def writer(n: int) -> None:
        cache = DnsCache(path, clock=clock)
        for i in range(50):
            cache.put(f"n{n}-{i}.example", [f"v{i}"], 600)
        cache.close()

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    reader = DnsCache(path, clock=clock)
    found = sum(reader.get(f"n{n}-{i}.example") is not None for n in range(4) for i in range(50))
    # A write that meets a lock may be skipped (the cache only saves time), but the file
    # stays readable and most writes land.
    assert found >= 100


def test_budget_per_mail_stops_lookups() -> None:
    clock = FakeClock(0.0)

    def slow(lifetime: float) -> tuple[list[str], float]:
        clock.now += lifetime
        raise DnsError("timeout")

    net = ScriptedNetwork({"a.example": slow, "b.example": slow, "c.example": slow},
                          timeout=2.0, budget=3.0, clock=clock)
    with pytest.raises(DnsError):
        net.txt("a.example")
    with pytest.raises(DnsError):
        net.txt("b.example")  # only 1 s left: the query gets 1 s, not 2
    assert clock.now == pytest.approx(3.0)
    with pytest.raises(DnsError, match="budget"):
        net.txt("c.example")
    assert net.asked == ["a.example", "b.example"]


def test_network_timeout_becomes_dnserror(monkeypatch: pytest.MonkeyPatch) -> None:
    import dns.exception
    import dns.resolver

    class Dead:
        timeout = 2.0

        def resolve(self, *a, **k):
            raise dns.exception.Timeout()

    net = NetworkResolver(timeout=0.01, budget=1.0)
    monkeypatch.setattr(net, "_resolver", Dead())
    with pytest.raises(DnsError, match="timeout"):
        net.txt("k._domainkey.example.com")

    class NoServers(Dead):
        def resolve(self, *a, **k):
            raise dns.resolver.NoNameservers()

    monkeypatch.setattr(net, "_resolver", NoServers())
    with pytest.raises(DnsError, match="SERVFAIL"):
        net.txt("k2._domainkey.example.com")


def test_network_nxdomain_is_empty(monkeypatch: pytest.MonkeyPatch) -> None:
    import dns.resolver

    class Nx:
        timeout = 2.0

        def resolve(self, *a, **k):
            raise dns.resolver.NXDOMAIN()

    net = NetworkResolver()
    monkeypatch.setattr(net, "_resolver", Nx())
    assert net.txt("nothing.example") == []


def test_impossible_names_cost_no_query() -> None:
    net = ScriptedNetwork({})
    assert net.txt("a" * 70 + ".example") == []
    assert net.asked == []


def test_mapping_resolver_names_are_case_and_dot_insensitive() -> None:
    r = MappingResolver({"Sel._DomainKey.Example.COM.": ["v=DKIM1; p=X"], "one.example": "p=Y"})
    assert r.txt("sel._domainkey.example.com") == ["v=DKIM1; p=X"]
    assert r.txt("SEL._domainkey.example.com.") == ["v=DKIM1; p=X"]
    assert r.txt("one.example") == ["p=Y"]
    assert r.txt("absent.example") == []


def test_json_file_resolver(tmp_path: Path) -> None:
    path = tmp_path / "dns.json"
    path.write_text(json.dumps({"s._domainkey.amazon.co.jp": ["v=DKIM1; p=Q"]}))
    r = JsonFileResolver(path)
    assert r.txt("S._domainkey.amazon.co.jp.") == ["v=DKIM1; p=Q"]
    assert r.txt("other.amazon.co.jp") == []
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    with pytest.raises(DnsConfigError):
        JsonFileResolver(bad)
    bad.write_text(json.dumps({"a": [1]}))
    with pytest.raises(DnsConfigError):
        JsonFileResolver(bad)
    with pytest.raises(DnsConfigError):
        JsonFileResolver(tmp_path / "missing.json")


def test_resolver_for_settings(tmp_path: Path) -> None:
    assert resolver_for(Settings(offline=True)) is None
    net = resolver_for(Settings(dns_timeout=1.5, dns_budget=4.0))
    assert isinstance(net, NetworkResolver)
    assert (net.timeout, net.budget) == (1.5, 4.0)
    assert net.cache is not None
    assert resolver_for(Settings(dns_cache=False)).cache is None  # type: ignore[union-attr]
    path = tmp_path / "dns.json"
    path.write_text("{}")
    # A records file is local data, not DNS: it answers offline too.
    assert isinstance(resolver_for(Settings(offline=True, dns_records=path)), JsonFileResolver)


def test_default_cache_lives_in_the_user_cache_dir() -> None:
    path = dnsclient.default_cache_path()
    assert path.name == dnsclient.CACHE_FILE
    assert "honmono" in path.parts


def test_recording_resolver_asks_once_and_remembers_errors() -> None:
    calls: list[str] = []

    class Counting:
        def txt(self, name: str) -> list[str]:
            calls.append(name)
            if name.startswith("bad"):
                raise DnsError("SERVFAIL")
            if name.startswith("boom"):
                raise RuntimeError("resolver bug")
            return ["x"] if name.startswith("yes") else []

    rec = RecordingResolver(Counting())
    assert rec.txt("yes.example") == ["x"]
    assert rec.txt("YES.example.") == ["x"]
    assert rec.txt("no.example") == []
    for _ in range(2):
        with pytest.raises(DnsError):
            rec.txt("bad.example")
    with pytest.raises(DnsError, match="resolver failed"):
        rec.txt("boom.example")
    assert calls == ["yes.example", "no.example", "bad.example", "boom.example"]
    assert [lk.outcome for lk in rec.lookups] == ["found", "nxdomain", "error", "error"]


def test_dkim_dnsfunc_adapter() -> None:
    import dkim

    r = MappingResolver({"s._domainkey.a.example": ["junk", "v=DKIM1; p=KEY"]})
    f = dkim_dnsfunc(r)
    assert f(b"s._domainkey.a.example.", timeout=5) == b"v=DKIM1; p=KEY"
    assert f("nothing.example") is None

    class Down:
        def txt(self, name: str) -> list[str]:
            raise DnsError("timeout")

    with pytest.raises(dkim.DnsTimeoutError):
        dkim_dnsfunc(Down())(b"x.example.")


# ----------------------------------------------- dnspython answers, as the wire gives them

QNAME = "s._domainkey.example.com."


def _response(answer: str = "", authority: str = "", rcode: str = "NOERROR"):
    import dns.message

    lines = ["id 1", "opcode QUERY", f"rcode {rcode}", "flags QR RD RA", ";QUESTION",
             f"{QNAME} IN TXT", ";ANSWER", answer, ";AUTHORITY", authority, ";ADDITIONAL"]
    # dns.message.from_text stops at the first empty line.
    return dns.message.from_text("\n".join(line for line in lines if line))


class _Wire:
    """Stands in for dns.resolver.Resolver: returns a prepared answer or raises."""

    timeout = 2.0

    def __init__(self, outcome) -> None:
        self.outcome = outcome

    def resolve(self, name, rdtype, **kw):
        if isinstance(self.outcome, Exception):
            raise self.outcome
        import dns.rdataclass
        import dns.rdatatype
        import dns.resolver

        return dns.resolver.Answer(name, dns.rdatatype.TXT, dns.rdataclass.IN, self.outcome)


def _net(outcome, clock: FakeClock, tmp_path: Path) -> NetworkResolver:
    net = NetworkResolver(cache=DnsCache(tmp_path / "c.sqlite3", clock=clock))
    net._resolver = _Wire(outcome)
    return net


def test_txt_strings_are_joined_and_ttl_kept(tmp_path: Path) -> None:
    clock = FakeClock()
    resp = _response(f'{QNAME} 120 IN TXT "v=DKIM1; p=AAA" "BBB"\n{QNAME} 120 IN TXT "other"')
    net = _net(resp, clock, tmp_path)
    assert sorted(net.txt(QNAME)) == ["other", "v=DKIM1; p=AAABBB"]
    assert net.cache is not None
    clock.now += 119
    assert net.cache.get(QNAME) is not None
    clock.now += 2
    assert net.cache.get(QNAME) is None


def test_nodata_is_negative_for_the_soa_minimum(tmp_path: Path) -> None:
    clock = FakeClock()
    resp = _response(authority="example.com. 900 IN SOA ns. host. 1 2 3 4 60")
    net = _net(resp, clock, tmp_path)
    assert net.txt(QNAME) == []
    clock.now += 59
    assert net.cache.get(QNAME) == []  # type: ignore[union-attr]
    clock.now += 2
    assert net.cache.get(QNAME) is None  # type: ignore[union-attr]


def test_nxdomain_is_negative_for_its_soa(tmp_path: Path) -> None:
    import dns.name
    import dns.resolver

    clock = FakeClock()
    name = dns.name.from_text(QNAME)
    resp = _response(authority="example.com. 30 IN SOA ns. host. 1 2 3 4 600", rcode="NXDOMAIN")
    net = _net(dns.resolver.NXDOMAIN(qnames=[name], responses={name: resp}), clock, tmp_path)
    assert net.txt(QNAME) == []
    clock.now += 29
    assert net.cache.get(QNAME) == []  # type: ignore[union-attr]
    clock.now += 2
    assert net.cache.get(QNAME) is None  # type: ignore[union-attr]
