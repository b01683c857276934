"""JPCERT/CC's Amazon phishing URLs (2019-2024): none may pass as an Amazon link.

Most use no Amazon-like name at all (compromised sites, random hosts, shorteners), so the
check must treat every non-official destination as a warning; the ones that do imitate
Amazon should be named as lookalikes. The split is printed (pytest -s) for the record.
"""

from __future__ import annotations

import csv
import time
from collections import Counter
from pathlib import Path

from honmono.brands.registry import load
from honmono.checks.urljudge import DECISIVE, Kind, judge_href

BRAND = load()
# The shared corpus sits beside the checkout (tests/conftest.py says the same; importing
# "conftest" is ambiguous once several test folders have one).
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
BY_NAME = {Kind.LOOKALIKE, Kind.HOMOGLYPH, Kind.BRAND_IN_SUBDOMAIN, Kind.MIXED_SCRIPT,
           Kind.BRAND_IN_PATH}


def test_no_jpcert_phishing_url_is_an_amazon_link() -> None:
    path = CORPUS / "jpcert_amazon_urls_2019_2024.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        urls = [row["URL"] for row in csv.DictReader(fh)]
    assert len(urls) == 28_041
    started, cpu = time.perf_counter(), time.process_time()
    worst: Counter[str] = Counter()
    official = []
    for url in urls:
        lj = judge_href(url, BRAND)
        kinds = {f.kind for f in lj.findings}
        if Kind.OFFICIAL in kinds or Kind.REDIRECTED in kinds:
            official.append(url)
        if kinds & BY_NAME:
            worst["imitates Amazon by name (DECISIVE)"] += 1
        elif kinds & DECISIVE:
            worst["other forger's trick: IP host, userinfo (DECISIVE)"] += 1
        elif Kind.SHORTENER in kinds:
            worst["URL shortener (RED_FLAG)"] += 1
        elif Kind.HOSTING in kinds:
            worst["Amazon's rentable cloud (RED_FLAG)"] += 1
        else:
            worst["merely foreign (RED_FLAG)"] += 1
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"\nJPCERT/CC Amazon phishing URLs: {len(urls)} in {elapsed:.1f} s "
          f"({cpu:.1f} s CPU, {cpu / len(urls) * 1e6:.0f} µs each)")
    for label, n in worst.most_common():
        print(f"  {n:6d}  {n / len(urls):6.1%}  {label}")
    assert not official, official[:10]
    assert sum(worst.values()) == len(urls)
    # The lookalike rules must keep naming the imitations they name today (about a quarter).
    assert worst["imitates Amazon by name (DECISIVE)"] > 6_500
