"""The link check on real phishing (shared/corpus), through the whole engine.

Verdicts are other checks' business too, so nothing here asserts them; this reports what
the link check says about each real mail (pytest -s) and holds it to what must be true of
any mail: every record well-formed, every non-official destination flagged.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from honmono import Category, Settings, Status, analyse

OFFLINE = Settings(offline=True)
CORPUS = Path(__file__).resolve().parents[4] / "shared" / "corpus"
RECORD_KEYS = {"text", "href", "host", "origin", "status", "kind", "reason", "reason_ja"}
# A link found in an attachment or a QR code also names where (tests/attachments).
FOUND_KEYS = {"found_in", "source"}


@pytest.mark.parametrize("name", ["phishing_pot_amazon", "ja_amazon_phishing_mailing_lists",
                                  "genuine_amazon"])
def test_link_evidence_on_real_mail(name: str) -> None:
    folder = CORPUS / name
    assert folder.is_dir(), f"shared corpus missing: {folder}"
    tally: Counter[str] = Counter()
    lines = []
    for path in sorted(folder.glob("*.eml")):
        report = analyse(path.read_bytes(), OFFLINE)
        if report.claim.brand is None:
            continue
        links = [e for e in report.evidence if e.category is Category.LINKS]
        assert links, f"{path.name}: the link check said nothing"
        for e in links:
            tally[f"{e.id} ({e.signal.name})"] += 1
        for rec in report.details.get("links", []):
            assert set(rec) in (RECORD_KEYS, RECORD_KEYS | FOUND_KEYS), rec
            assert rec.get("found_in", "attachment") in ("attachment", "qr", "header"), rec
            if rec["kind"] not in ("official", "nonweb"):
                assert rec["status"] in (Status.FAIL.value, Status.WARN.value), rec
        shown = ", ".join(f"{e.id.removeprefix('links.')}:{e.source[:50]}" for e in links
                          if e.status is not Status.INFO) or "no links"
        lines.append(f"  {path.name:28s} {report.verdict.value:10s} {shown}")
    print(f"\n{name}: link evidence")
    for label, n in tally.most_common():
        print(f"  {n:4d}  {label}")
    print("\n".join(lines))
