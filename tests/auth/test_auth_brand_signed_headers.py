"""Headers Amazon's own signatures always cover (brand data ``auth.own_signed_headers``):
the fact keeps to the genuine mail it is sourced from, and a proving signature that leaves
one of them out, in a mail that has it, cannot make the mail genuine."""

from __future__ import annotations

import re

from authkit import SIGNED, amazon_dns, auth_verdict, notice_mail, run_auth, sign
from paths import corpus_dir

from honmono.brands.registry import load
from honmono.core.model import Signal, Verdict

EID = "auth.unsigned_brand_header"


def _amazon_h() -> list[str]:
    raw = (corpus_dir("genuine_amazon") / "amazon_com_verify_account_via_fastmail.eml").read_bytes()
    unfolded = re.sub(rb"\r?\n[ \t]+", b" ", raw.partition(b"\n\n")[0].replace(b"\r", b""))
    for line in unfolded.split(b"\n"):
        if line.lower().startswith(b"dkim-signature:") and re.search(rb"\bd=amazon\.com;", line):
            h = re.search(rb"\bh=([^;]+)", line)
            assert h is not None
            return [x.strip().lower() for x in h.group(1).decode().split(":")]
    raise AssertionError("no d=amazon.com signature in the genuine corpus mail")


def test_the_fact_claims_no_header_the_genuine_signature_leaves_out() -> None:
    facts = load().auth.own_signed_headers
    assert {"from", "to", "subject", "mime-version", "content-type"} <= set(facts)
    assert set(facts) <= set(_amazon_h())


def test_amazon_shape_gets_no_such_evidence() -> None:
    ev, ctx = run_auth(sign(notice_mail()), resolver=amazon_dns())
    assert not any(e.id == EID for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_signature_without_to_is_doubt_naming_to() -> None:
    raw = sign(notice_mail(), include=[h for h in SIGNED if h != b"to"])
    ev, _ = run_auth(raw, resolver=amazon_dns())
    item = next(e for e in ev if e.id == EID)
    assert item.signal is Signal.DOUBT and item.ceiling is Verdict.SUSPICIOUS
    assert item.title.params["shown"] == "To"


def test_a_header_the_mail_does_not_have_is_not_asked_for() -> None:
    # No Content-Type and no MIME-Version at all: there is nothing to re-render.
    mail = re.sub(rb"(?im)^(content-type|mime-version):[^\n]*\n", b"", notice_mail())
    raw = sign(mail, include=[h for h in SIGNED if h not in (b"content-type", b"mime-version")])
    ev, _ = run_auth(raw, resolver=amazon_dns())
    assert not any(e.id == EID for e in ev)
