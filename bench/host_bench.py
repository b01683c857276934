"""Benchmark the native-messaging host over real pipes, as Thunderbird talks to it.

    .venv/bin/python bench/host_bench.py [--runs 20] [--requests 200] [--launcher PATH]

Prints:

- cold start: process start → first pong (median of --runs fresh processes). This is what
  every ``runtime.sendNativeMessage`` pays, since Thunderbird starts one process per call;
- cold classify: process start → first result, the same for a classify (engine import
  included);
- warm classify: round trip of one classify request on an open pipe (a ``connectNative``
  port), p50/p99 over --requests requests of a typical Amazon HTML mail generated here
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
from email.message import EmailMessage
from typing import Any

HEADER = struct.Struct("@I")


def typical_amazon_mail() -> bytes:
    """An order-confirmation-like mail from Amazon.co.jp: text + HTML, ~40 links, ~19 KB."""
    msg = EmailMessage()
    msg["Return-Path"] = "<20240601123456abcdef@bounces.amazon.co.jp>"
    msg["Received"] = ("from a1-2.smtp-out.ap-northeast-1.amazonses.com (a1-2.smtp-out."
                       "ap-northeast-1.amazonses.com [54.240.0.1]) by mx.example.jp with "
                       "ESMTPS id abc123 for <taro@example.jp>; Sat, 01 Jun 2024 12:34:56 +0900")
    msg["Authentication-Results"] = ("mx.example.jp; dkim=pass header.d=amazon.co.jp; "
                                     "spf=pass smtp.mailfrom=bounces.amazon.co.jp; "
                                     "dmarc=pass header.from=amazon.co.jp")
    msg["From"] = '"Amazon.co.jp" <auto-confirm@amazon.co.jp>'
    msg["To"] = "taro@example.jp"
    msg["Subject"] = "Amazon.co.jpでのご注文 (250-1234567-1234567)"
    msg["Date"] = "Sat, 01 Jun 2024 12:34:56 +0900"
    msg["Message-ID"] = "<0106018f.abcdef@ap-northeast-1.amazonses.com>"
    items = "".join(
        f'<tr><td><a href="https://www.amazon.co.jp/dp/B0{i:08d}?ref_=pe_{i}">'
        f"商品 {i}: ワイヤレスイヤホン Bluetooth 5.3 ノイズキャンセリング</a></td>"
        f"<td>￥{1980 + i * 10:,}</td></tr>\n"
        for i in range(30)
    )
    footer = "".join(
        f'<a href="https://www.amazon.co.jp/gp/help/customer/display.html?nodeId={n}">'
        f"ヘルプ {n}</a> | " for n in range(200_000, 200_010)
    )
    html = (
        "<html><head><meta charset='utf-8'><style>td{font-size:13px}</style></head><body>"
        "<p>山田 太郎 様</p><p>Amazon.co.jpをご利用いただき、ありがとうございます。"
        "ご注文の確認をお知らせします。</p>"
        '<p><a href="https://www.amazon.co.jp/gp/css/order-history">注文履歴</a></p>'
        f"<table>{items}</table>" + "<p>" + "お届け予定日: 2024/06/03 " * 200 + "</p>"
        f"<p>{footer}</p><p>このEメールのリンクは「https://www.amazon.co.jp」で始まります。</p>"
        "</body></html>"
    )
    text = "山田 太郎 様\nご注文ありがとうございます。\nhttps://www.amazon.co.jp/gp/css/order-history\n"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return bytes(msg)


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
    raw = typical_amazon_mail()

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
