"""DKIM benchmark: warm verification latency with a cached key, and what the
authentication check costs a mail that carries no signature at all.

    .venv/bin/python bench/dkim_bench.py [--rounds 300] [--json bench/out/dkim_bench.json]

Uses the genuine amazon.com mail of the shared corpus and its published key. The key sits
in a throw-away on-disk DNS cache (the same SQLite cache the host uses), so "warm" means
what a user sees for the second mail signed with a key: no network, a cache hit. The
resolver refuses any network query, so the benchmark never touches live DNS.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from honmono.auth import arh
from honmono.auth import dkim as dkimcheck
from honmono.auth.dns import DnsCache, DnsError, NetworkResolver
from honmono.brands import registry as brand_mod
from honmono.checks import Context, auth
from honmono.checks.claim import detect_claim
from honmono.core.settings import Settings
from honmono.mail.parse import parse

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "genuine_amazon"

UNSIGNED = (
    "From: \"amazon.co.jp\" <account-update@amazon.co.jp>\r\n"
    "To: taro@example.jp\r\n"
    "Subject: =?UTF-8?B?YW1hem9uLmNvLmpwOuODkeOCueODr+ODvOODieWbnuW+qQ==?=\r\n"
    "Date: Mon, 03 Nov 2025 00:56:00 +0000\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/plain; charset=UTF-8\r\n\r\n"
    "田中太郎様\r\n誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。\r\n"
).encode()


class CacheOnly(NetworkResolver):
    """The production resolver with its wire cut: a cache miss fails instead of querying."""

    def _query(self, qname: str, lifetime: float) -> tuple[list[str], float]:
        raise DnsError(f"benchmark: {qname} not cached, and no network allowed")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def measure(fn: Callable[[], object], rounds: int, warmup: int = 20) -> dict[str, float]:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return {"p50_ms": round(percentile(times, 50), 3), "p99_ms": round(percentile(times, 99), 3),
            "mean_ms": round(statistics.fmean(times), 3), "rounds": rounds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=300)
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args(argv)

    raw = (CORPUS / "amazon_com_verify_account_via_fastmail.eml").read_bytes()
    records = json.loads((CORPUS / "dns_txt.json").read_text())
    brand = brand_mod.load()

    with tempfile.TemporaryDirectory() as tmp:
        cache = DnsCache(Path(tmp) / "dns.sqlite3")
        for name, txt in records.items():
            cache.put(name, txt, 3600)
        # The amazonses.com key is not published: a cached negative answer.
        cache.put("224i4yxa5dv7c2xz3womw6peuasteono._domainkey.amazonses.com", [], 3600)
        cache.put("_dmarc.amazon.com", ["v=DMARC1; p=quarantine; pct=100"], 3600)

        def resolver() -> CacheOnly:
            return CacheOnly(timeout=2.0, budget=5.0, cache=cache)

        msg = parse(raw)

        def verify() -> None:
            sigs = dkimcheck.verify_all(msg, resolver())
            assert sigs[0].result == "pass", sigs[0].reason

        def full_check() -> object:
            # A new mail each time: nothing from the last round's header parsing reused.
            arh._parse_cached.cache_clear()
            ctx = Context(msg=msg, settings=Settings(), brand=brand,
                          claim=detect_claim(msg, brand), resolver=resolver())
            return auth.check(ctx)

        unsigned = parse(UNSIGNED)

        def unsigned_check() -> object:
            ctx = Context(msg=unsigned, settings=Settings(), brand=brand,
                          claim=detect_claim(unsigned, brand), resolver=resolver())
            return auth.check(ctx)

        figures = {
            "dkim_verify_all_warm (2 signatures, cached key + cached NXDOMAIN)":
                measure(verify, args.rounds),
            "auth_check_signed_mail (DKIM + DMARC + ARH + ARC + evidence)":
                measure(full_check, args.rounds),
            "auth_check_unsigned_mail (parsed once; the check alone)":
                measure(unsigned_check, args.rounds * 10),
        }
        cache.close()

    width = max(len(k) for k in figures)
    print(f"{'case':<{width}}  {'p50 ms':>8}  {'p99 ms':>8}  {'mean ms':>8}")
    for name, f in figures.items():
        print(f"{name:<{width}}  {f['p50_ms']:>8.3f}  {f['p99_ms']:>8.3f}  {f['mean_ms']:>8.3f}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
