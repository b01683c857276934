"""Hostile and degenerate input: bounded time, no crash, nothing imported needlessly."""

from __future__ import annotations

import subprocess
import sys
import time

from authkit import FakeDns, amazon_dns, notice_mail, run_auth, sign
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honmono import Settings, Signal
from honmono.auth import arh
from honmono.auth import dkim as dkimcheck
from honmono.mail.parse import parse


def test_unsigned_mail_imports_neither_dkimpy_nor_dnspython_nor_authres() -> None:
    code = (
        "import sys\n"
        "from honmono.engine import analyse\n"
        "from honmono.checks import auth\n"
        "from honmono.core.settings import Settings\n"
        f"analyse({notice_mail()!r}, Settings(offline=True))\n"
        "heavy = [m for m in ('dkim', 'dns.resolver', 'authres') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60, check=True)
    assert out.stdout.strip() == ""


def test_huge_authentication_results_are_bounded() -> None:
    big = "mx.user.example; " + "; ".join(["dkim=pass header.d=a.example (c)"] * 600)
    headers = [("Authentication-Results", big)] * 300 + [
        ("Received", "from a (a [54.240.1.2]) by mx.user.example; x")]
    started = time.perf_counter()
    report = arh.collect(headers, ("mx.user.example",))
    assert time.perf_counter() - started < 5
    assert len(report.headers) == arh.MAX_HEADERS
    assert len(report.used[0].results) <= arh.MAX_RESULTS


def test_many_headers_mail_is_bounded() -> None:
    junk = "".join(f"Authentication-Results: mx{i}.example; dmarc=pass header.from=amazon.co.jp"
                   f"\r\nARC-Seal: i={i}; cv=pass; d=x{i}.example; s=s; b=AAAA\r\n"
                   f"Received: from h{i} (h{i} [8.8.8.{i % 250}]) by mx.user.example\r\n"
                   for i in range(400))
    raw = junk.encode() + sign(notice_mail())
    started = time.perf_counter()
    ev, _ctx = run_auth(raw, Settings(trust_authserv=("mx.user.example",)),
                       resolver=amazon_dns())
    assert time.perf_counter() - started < 10
    assert Signal.PROOF in {e.signal for e in ev}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_any_signature_value_is_survived(value: bytes) -> None:
    clean = value.replace(b"\r", b" ").replace(b"\n", b" ")
    raw = b"DKIM-Signature: " + clean + b"\r\n" + notice_mail()
    sigs = dkimcheck.verify_all(parse(raw), FakeDns())
    assert len(sigs) == 1 and sigs[0].result != "pass"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from("dsabhlt=;: \t0123456789abcxyz.-_@/+"), max_size=200))
def test_tag_soup_signatures_never_prove(value: str) -> None:
    raw = ("DKIM-Signature: " + value + "\r\n").encode() + notice_mail()
    ev, _ = run_auth(raw, resolver=amazon_dns())
    assert Signal.PROOF not in {e.signal for e in ev}
