"""Benchmark the native-messaging host over real pipes, as Thunderbird talks to it.

    .venv/bin/python bench/host_bench.py [--runs 20] [--requests 200] [--launcher PATH]

Prints:

- cold start: process start → first pong (median of --runs fresh processes). This is what
  every ``runtime.sendNativeMessage`` pays, since Thunderbird starts one process per call;
- cold classify: process start → first result, the same for a classify (engine import
  included);
- warm classify: round trip of one classify request on an open pipe (a ``connectNative``
  port), p50/p99 over --requests requests of a typical Amazon HTML order mail (the
  engine benchmark's generator)
  (offline: no DNS, so the figure is the host and the engine, not the network).

By default the host is started as ``python -P -m honmono.host`` with this interpreter, which
is what the installed launcher runs; ``--launcher`` starts an installed launcher instead.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import struct
import subprocess
import sys
import time
from typing import Any

from engine_bench import amazon_html_mail

HEADER = struct.Struct("@I")


def classify_request(raw: bytes, rid: str) -> bytes:
    payload = json.dumps({
        "protocol": 1, "id": rid, "type": "classify", "raw": raw.decode("latin-1"),
        "truncated": False,
        "settings": {"language": "ja", "names": ["山田 太郎"], "addresses": ["taro@example.jp"],
                     "trust_authserv": ["mx.example.jp"], "offline": True},
    }).encode("utf-8")
    return HEADER.pack(len(payload)) + payload


def ping_request(rid: str) -> bytes:
    payload = json.dumps({"protocol": 1, "id": rid, "type": "ping"}).encode("utf-8")
    return HEADER.pack(len(payload)) + payload


class Host:
    def __init__(self, argv: list[str]) -> None:
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)

    def _read(self, n: int) -> bytes:
        assert self.proc.stdout is not None
        data = b""
        while len(data) < n:
            chunk = self.proc.stdout.read(n - len(data))
            if not chunk:
                raise EOFError("host closed stdout")
            data += chunk
        return data

    def roundtrip(self, request: bytes) -> dict[str, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(request)
        self.proc.stdin.flush()
        (length,) = HEADER.unpack(self._read(4))
        reply: dict[str, Any] = json.loads(self._read(length))
        return reply

    def close(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def cold(argv: list[str], request: bytes, expect: str, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        host = Host(argv)
        reply = host.roundtrip(request)
        times.append((time.perf_counter() - start) * 1000)
        assert reply["type"] == expect, reply
        host.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="fresh processes per cold figure")
    parser.add_argument("--requests", type=int, default=200, help="warm classify requests")
    parser.add_argument("--launcher", help="an installed launcher to start instead")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    argv = [args.launcher] if args.launcher else [sys.executable, "-P", "-m", "honmono.host"]
    # Debug switches would change what is measured.
    for var in ("HONMONO_DEBUG", "HONMONO_DEBUG_RECORD"):
        os.environ.pop(var, None)
    # The same order mail as the engine benchmark, smaller: a typical ~20 KB order.
    raw = amazon_html_mail(size=12_000, link_every=4)

    cold_ping = cold(argv, ping_request("p"), "pong", args.runs)
    cold_classify = cold(argv, classify_request(raw, "c"), "result", max(3, args.runs // 4))

    host = Host(argv)
    first = host.roundtrip(classify_request(raw, "warmup"))
    assert first["type"] == "result", first
    warm = []
    for i in range(args.requests):
        start = time.perf_counter()
        reply = host.roundtrip(classify_request(raw, str(i)))
        warm.append((time.perf_counter() - start) * 1000)
        assert reply["type"] == "result" and reply["id"] == str(i)
    engine = [float(first["timing_ms"])]
    host.close()

    figures = {
        "mail_bytes": len(raw),
        "verdict": first["verdict"],
        "cold_start_ping_ms": {"median": statistics.median(cold_ping), "min": min(cold_ping),
                               "max": max(cold_ping), "runs": len(cold_ping)},
        "cold_classify_ms": {"median": statistics.median(cold_classify),
                             "min": min(cold_classify), "runs": len(cold_classify)},
        "warm_classify_ms": {"p50": percentile(warm, 0.5), "p99": percentile(warm, 0.99),
                             "max": max(warm), "requests": len(warm)},
        "engine_first_ms": engine[0],
        "reply_example_bytes": len(json.dumps(first, ensure_ascii=False).encode("utf-8")),
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"mail: {len(raw):,} bytes, verdict {first['verdict']}, "
          f"reply {figures['reply_example_bytes']:,} bytes")
    c = figures["cold_start_ping_ms"]
    print(f"cold start (process start → first pong): median {c['median']:.0f} ms "
          f"(min {c['min']:.0f}, max {c['max']:.0f}, {c['runs']} runs)")
    c = figures["cold_classify_ms"]
    print(f"cold classify (process start → first result): median {c['median']:.0f} ms "
          f"(min {c['min']:.0f}, {c['runs']} runs)")
    w = figures["warm_classify_ms"]
    print(f"warm classify round trip: p50 {w['p50']:.1f} ms, p99 {w['p99']:.1f} ms "
          f"(max {w['max']:.1f}, {w['requests']} requests)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
