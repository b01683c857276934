"""A burst of new mail through the host, as the arrival queue sends it.

    .venv/bin/python bench/arrival_bench.py [--mails 1000] [--window 6] [--json]

One host process on real pipes (a ``connectNative`` port), ``--mails`` classify requests
sent pipelined: up to ``--window`` requests in flight (the extension's
``arrival.js`` CONCURRENCY), the next one sent as each reply arrives. Half the mails are a
typical Amazon HTML order mail, half the same mail sent from a look-alike domain, so both
the genuine-looking and the phishing path are measured; every one claims Amazon (the
extension sends nothing else), so this is the host's worst case for a burst. Offline (no
DNS): the figure is the pipe, the host and the engine.

Prints mails per second and the burst's total time, for the window asked for and for one
request at a time (no pipelining), against the 20 s budget of issue 13.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from typing import Any

from engine_bench import amazon_html_mail
from host_bench import HEADER, Host, classify_request

BUDGET_S = 20.0


def burst_mails(n: int) -> list[bytes]:
    genuine = amazon_html_mail(size=12_000, link_every=4)
    phishing = genuine.replace(b"@amazon.co.jp", b"@amazon-co-jp.account-check.example", 1)
    return [genuine if i % 2 == 0 else phishing for i in range(n)]


def run_burst(argv: list[str], mails: list[bytes], window: int) -> dict[str, Any]:
    host = Host(argv)
    assert host.proc.stdin is not None
    warm = host.roundtrip(classify_request(mails[0], "warmup"))  # engine imported
    assert warm["type"] == "result", warm
    slots = threading.Semaphore(window)
    verdicts: dict[str, int] = {}
    errors: list[str] = []

    def reader() -> None:
        for _ in mails:
            (length,) = HEADER.unpack(host._read(4))
            reply = json.loads(host._read(length))
            if reply.get("type") == "result":
                verdicts[reply["verdict"]] = verdicts.get(reply["verdict"], 0) + 1
            else:
                errors.append(str(reply.get("error")))
            slots.release()

    start = time.perf_counter()
    thread = threading.Thread(target=reader)
    thread.start()
    for i, raw in enumerate(mails):
        slots.acquire()
        host.proc.stdin.write(classify_request(raw, str(i)))
        host.proc.stdin.flush()
    thread.join()
    seconds = time.perf_counter() - start
    host.close()
    return {"window": window, "mails": len(mails), "seconds": round(seconds, 3),
            "mails_per_s": round(len(mails) / seconds, 1), "verdicts": verdicts,
            "errors": errors[:3], "within_budget": seconds <= BUDGET_S}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mails", type=int, default=1000)
    parser.add_argument("--window", type=int, default=6, help="requests in flight")
    parser.add_argument("--launcher", help="an installed launcher to start instead")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    argv = [args.launcher] if args.launcher else [sys.executable, "-P", "-m", "honmono.host"]
    for var in ("HONMONO_DEBUG", "HONMONO_DEBUG_RECORD"):
        os.environ.pop(var, None)
    mails = burst_mails(args.mails)
    results = [run_burst(argv, mails, args.window)]
    if args.window != 1:
        results.append(run_burst(argv, mails, 1))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    size = sum(len(m) for m in mails) / len(mails)
    print(f"burst: {args.mails} mails of ~{size:,.0f} bytes, all claiming Amazon, one host process")
    for r in results:
        mode = f"{r['window']} in flight" if r["window"] > 1 else "one at a time"
        print(f"  {mode}: {r['mails_per_s']:.0f} mails/s, {r['seconds']:.1f} s for the burst "
              f"({'within' if r['within_budget'] else 'OVER'} the {BUDGET_S:.0f} s budget), "
              f"verdicts {r['verdicts']}" + (f", errors {r['errors']}" if r["errors"] else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
