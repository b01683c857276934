"""Engine benchmark: latency per mail, scan throughput, peak memory on a 30 MB mail.

    .venv/bin/python bench/engine_bench.py [--mails 5000] [--rounds 300]

Targets (issue 2): p50 <= 5 ms for a 100 KB HTML Amazon mail; >= 300 mails/s for scan on
one core; <= 150 MB peak RSS on a 30 MB mail. Everything runs offline (no DNS).
"""

from __future__ import annotations

import argparse
import base64
import mailbox
import os
import statistics
import subprocess
import sys
import tempfile
import time
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from honmono.core.settings import Settings
from honmono.engine import analyse

SETTINGS = Settings(offline=True, names=("田中太郎",), addresses=("taro@example.jp",),
                    trust_authserv=("mx.example.jp",))


_STYLE = ("font-family:'Amazon Ember',Arial,sans-serif;font-size:14px;line-height:20px;"
          "color:#0f1111;padding:0 0 8px 0;margin:0;border-collapse:collapse;"
          "mso-line-height-rule:exactly;-webkit-text-size-adjust:100%")


def amazon_html_mail(size: int = 80_000, seq: int = 0, link_every: int = 1) -> bytes:
    """An order mail: Japanese HTML in nested tables with Amazon's heavy inline CSS.

    ``size`` bytes of HTML rows make a mail of about 100 KB once quoted-printable encoded
    (as Amazon sends its HTML). Real order mails carry a few dozen links in that size
    (``link_every=12``: 20 links); ``link_every=1`` puts a product link and an image in
    every row (142 links): the worst case.
    """
    rows = []
    total = 0
    i = 0
    while total < size:
        cell = (f'<td style="{_STYLE}"><table role="presentation" style="{_STYLE}"><tr>'
                f'<td style="{_STYLE}">商品名 {i}: 日本語の説明文がここに入ります。'
                f"数量 1 価格 ￥{1000 + i:,}</td></tr></table></td>")
        if i % link_every == 0:
            cell = (f'<td style="{_STYLE}"><a href="https://www.amazon.co.jp/dp/B0{i:08d}'
                    f'?ref_=pe_{seq}"><img src="https://m.media-amazon.com/images/I/{i:08d}.jpg"'
                    f' alt="商品{i}" width="90"></a></td>' + cell)
        rows.append(f"<tr>{cell}</tr>\n")
        total += len(rows[-1].encode())
        i += 1
    html = ('<html><body><p>田中太郎 様</p><p>Amazon.co.jpをご利用いただき、ありがとうございます。'
            f'注文番号: 250-{seq:07d}-1234567</p><table>' + "".join(rows)
            + '</table><p>このEメールのリンクは'
            '「https://www.amazon.co.jp」で始まります。https://www.amazon.co.jp/gp/css/order-history'
            '</p></body></html>')
    msg = EmailMessage(policy=SMTP)
    msg["Authentication-Results"] = ("mx.example.jp; dkim=pass header.d=amazon.co.jp; "
                                     "spf=pass smtp.mailfrom=bounces.amazon.co.jp; "
                                     "dmarc=pass header.from=amazon.co.jp")
    msg["Received"] = "from a1-2.smtp-out.amazonses.com by mx.example.jp; 1 Nov 2025 00:00:00 +0900"
    msg["Return-Path"] = "<x@bounces.amazon.co.jp>"
    msg["From"] = '"Amazon.co.jp" <auto-confirm@amazon.co.jp>'
    msg["To"] = "taro@example.jp"
    msg["Subject"] = f"Amazon.co.jp ご注文の確認 {seq}"
    msg.set_content("ご注文ありがとうございます。", charset="utf-8")
    msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg.as_bytes()


def latency(rounds: int) -> None:
    for label, every in (("order mail", 12), ("link-heavy", 1)):
        # A different mail every run: nothing may be served from a cache of the last one.
        mails = [amazon_html_mail(seq=i, link_every=every) for i in range(rounds + 1)]
        raw = mails[0]
        report = analyse(raw, SETTINGS)  # warm: imports, PSL, tables
        links = len(report.details.get("links", [])) + report.details.get("links_more", 0)
        times = []
        for mail in mails[1:]:
            t = time.perf_counter()
            analyse(mail, SETTINGS)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
        print(f"latency  {len(raw) / 1024:.0f} KB HTML Amazon {label} ({links} links), "
              f"{rounds} runs: p50 {statistics.median(times):.2f} ms  p99 {p99:.2f} ms  "
              "(target p50 <= 5 ms)")


def throughput(n: int, tmp: Path) -> None:
    path = tmp / "bench.mbox"
    box = mailbox.mbox(path)
    # Every mail differs (a number in its text), so no cache of an earlier mail helps.
    for i in range(n):
        if i % 3 == 0:
            box.add(b'From: "Amazon.co.jp" <account-update@amazon.co.jp>\r\nTo: t@example.jp\r\n'
                    b"Subject: =?UTF-8?B?44CQ6YeN6KaB44CR44Ki44Kr44Km44Oz44OI?=\r\n"
                    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
                    + f"お客様番号 {i}: 24時間以内に https://amazon-verify.example/{i} で"
                      "確認してください".encode())
        elif i % 3 == 1:
            box.add(f"From: Hanako <h@example.jp>\r\nSubject: lunch {i}\r\n\r\nhello {i}"
                    .encode())
        else:
            box.add(amazon_html_mail(size=8_000, seq=i, link_every=4))
    box.flush()
    box.close()
    cmd = [sys.executable, "-m", "honmono.cli", "scan", "--json", "--offline", str(path)]
    t = time.perf_counter()
    out = subprocess.run(cmd, capture_output=True, check=True)
    elapsed = time.perf_counter() - t
    lines = out.stdout.count(b"\n")
    print(f"scan     {lines} mails (mbox, mixed: scam / non-Amazon / 8 KB HTML order) in "
          f"{elapsed:.1f} s: {lines / elapsed:.0f} mails/s on one core, process start included "
          f"(target >= 300)")


def peak_rss(tmp: Path) -> None:
    path = tmp / "big.eml"
    blob = base64.encodebytes(os.urandom(22 * 1024 * 1024))
    path.write_bytes(
        b'From: "Amazon.co.jp" <account-update@amazon.co.jp>\r\nSubject: invoice\r\n'
        b"Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\nContent-Type: text/plain\r\n\r\n"
        b"see attached\r\n--z\r\nContent-Type: application/pdf\r\n"
        b"Content-Transfer-Encoding: base64\r\n\r\n" + blob + b"\r\n--z--\r\n")
    # VmHWM, not ru_maxrss: the latter survives execve and would include this process's peak.
    code = ("import sys, time\nfrom honmono.cli import main\nt = time.perf_counter()\n"
            "main(['check', '--json', '--offline', sys.argv[1]])\n"
            "hwm = next(l for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
            "print(time.perf_counter() - t, hwm.split()[1])")
    out = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                         text=True, check=True)
    seconds, rss_kb = out.stdout.strip().splitlines()[-1].split()
    print(f"memory   {path.stat().st_size / 2**20:.0f} MB mail via 'honmono check': peak RSS "
          f"{int(rss_kb) / 1024:.0f} MB, {float(seconds):.2f} s (target <= 150 MB)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mails", type=int, default=5000)
    ap.add_argument("--rounds", type=int, default=300)
    args = ap.parse_args()
    latency(args.rounds)
    with tempfile.TemporaryDirectory() as tmp:
        throughput(args.mails, Path(tmp))
        peak_rss(Path(tmp))


if __name__ == "__main__":
    main()
