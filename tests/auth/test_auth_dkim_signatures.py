"""Mails signed in the test as amazon.co.jp (and lookalikes), keys answered by a fake DNS."""

from __future__ import annotations

import pytest
from authkit import (
    FakeDns,
    amazon_dns,
    auth_verdict,
    ed25519_key,
    notice_mail,
    rsa_key,
    run_auth,
    sign,
    sign_without_from,
)

from honmono import Settings, Signal, Status, Verdict, analyse
from honmono.auth import dkim as dkimcheck
from honmono.mail.parse import parse


def _one(ctx) -> dict:
    sigs = ctx.details["auth"]["signatures"]
    assert len(sigs) == 1
    return sigs[0]


def _signal(ev, eid: str = "auth.dkim.0") -> Signal:
    return next(e.signal for e in ev if e.id == eid)


def test_pass_rsa2048_is_proof() -> None:
    ev, ctx = run_auth(sign(notice_mail()), resolver=amazon_dns())
    sig = _one(ctx)
    assert (sig["result"], sig["key_bits"], sig["key_type"]) == ("pass", 2048, "rsa")
    assert _signal(ev) is Signal.PROOF
    assert auth_verdict(ev, ctx) is Verdict.GENUINE
    assert ctx.authenticated_domains == {"amazon.co.jp"}


def test_pass_ed25519_is_proof() -> None:
    key = ed25519_key()
    raw = sign(notice_mail(), selector="ed", key=key)
    ev, ctx = run_auth(raw, resolver=FakeDns().publish("amazon.co.jp", "ed", key))
    assert _one(ctx)["key_type"] == "ed25519"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_subdomain_signature_aligns_with_from() -> None:
    raw = sign(notice_mail(from_addr="no-reply@gc.email.amazon.co.jp"), domain="amazon.co.jp")
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_body_tampered_is_decisive() -> None:
    raw = sign(notice_mail()).replace(b"123456", b"999999")
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    sig = _one(ctx)
    assert sig["result"] == "fail" and "body hash" in sig["reason"]
    assert _signal(ev) is Signal.DECISIVE
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_signed_header_changed_is_decisive() -> None:
    raw = sign(notice_mail()).replace(b"To: taro@example.jp", b"To: hanako@example.jp")
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    sig = _one(ctx)
    assert sig["result"] == "fail" and "signature mismatch" in sig["reason"]
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_key_missing_is_doubt_not_phishing() -> None:
    ev, ctx = run_auth(sign(notice_mail()), resolver=FakeDns())
    sig = _one(ctx)
    assert sig["result"] == "permerror" and sig["key_missing"]
    assert _signal(ev) is Signal.DOUBT
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS
    assert next(e for e in ev if e.id == "auth.dkim.0").detail.id == "auth.sig.key_missing.detail"


def test_revoked_key_is_doubt() -> None:
    dns = FakeDns(records={"s2048._domainkey.amazon.co.jp": ["v=DKIM1; k=rsa; p="]})
    ev, ctx = run_auth(sign(notice_mail()), resolver=dns)
    assert "revoked" in _one(ctx)["reason"]
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_malformed_key_record_is_doubt() -> None:
    dns = FakeDns(records={"s2048._domainkey.amazon.co.jp": ["v=DKIM1; k=rsa; p=bm90IGEga2V5"]})
    ev, ctx = run_auth(sign(notice_mail()), resolver=dns)
    assert _one(ctx)["result"] == "permerror"
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_dns_timing_out_is_doubt() -> None:
    dns = FakeDns(down={"s2048._domainkey.amazon.co.jp"})
    ev, ctx = run_auth(sign(notice_mail()), resolver=dns)
    assert _one(ctx)["result"] == "temperror"
    assert _signal(ev) is Signal.DOUBT
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_dns_budget_exhausted_is_doubt() -> None:
    from honmono.auth.dns import DnsError

    class Exhausted:
        def txt(self, name: str) -> list[str]:
            raise DnsError("DNS time budget of 5 s for this mail used up")

    ev, ctx = run_auth(sign(notice_mail()), resolver=Exhausted())
    assert _one(ctx)["result"] == "temperror"
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_resolver_that_crashes_is_temperror_not_a_crash() -> None:
    class Broken:
        def txt(self, name: str) -> list[str]:
            raise RuntimeError("bug in a replacement resolver")

    _ev, ctx = run_auth(sign(notice_mail()), resolver=Broken())
    assert _one(ctx)["result"] == "temperror"


def test_lookalike_signature_proves_nothing_about_amazon() -> None:
    evil = "amazon.co.jp.evil.example"
    raw = sign(notice_mail(), domain=evil)
    dns = FakeDns().publish(evil, "s2048", rsa_key(2048))
    ev, ctx = run_auth(raw, resolver=dns)
    sig = _one(ctx)
    # Not the brand's: its key is not even asked for.
    assert sig["result"] == "unchecked" and sig["skipped"] == "irrelevant"
    assert not sig["aligned"] and not sig["brand"] and sig["lookalike"]
    assert not any(evil in name for name in dns.calls)
    item = next(e for e in ev if e.id == "auth.dkim.0")
    assert item.signal is Signal.NONE and item.detail.id == "auth.sig.lookalike.unchecked_detail"
    assert any(e.id == "auth.no_brand_signature" and e.signal is Signal.DECISIVE for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
    assert not ctx.authenticated_domains


def test_lookalike_from_and_signature_is_information_only() -> None:
    evil = "amazon.co.jp.evil.example"
    raw = sign(notice_mail(from_addr=f"account@{evil}"), domain=evil)
    ev, ctx = run_auth(raw, resolver=FakeDns().publish(evil, "s2048", rsa_key(2048)))
    assert Signal.PROOF not in {e.signal for e in ev}
    assert all(e.signal is Signal.NONE for e in ev)
    assert not ctx.authenticated_domains


def test_other_amazon_domain_does_not_align() -> None:
    raw = sign(notice_mail(), domain="amazon.com")
    ev, ctx = run_auth(raw, resolver=amazon_dns(domain="amazon.com"))
    assert _one(ctx)["result"] == "pass" and not _one(ctx)["aligned"]
    assert _signal(ev) is Signal.DOUBT
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_body_length_with_appended_content_is_red_flag() -> None:
    signed = sign(notice_mail(), length=True)
    raw = signed + "\r\n今すぐこちらから確認: https://amazon-verify.example/login\r\n".encode()
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    sig = _one(ctx)
    assert sig["result"] == "policy" and "body_length" in sig["dangers"]
    assert sig["unsigned_body_bytes"] > 0
    assert _signal(ev) is Signal.RED_FLAG
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
    assert not ctx.authenticated_domains


def test_body_length_covering_everything_is_fine() -> None:
    ev, ctx = run_auth(sign(notice_mail(), length=True), resolver=amazon_dns())
    assert _one(ctx)["result"] == "pass"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_rsa_sha1_is_not_proof() -> None:
    key = rsa_key(2048)
    sha1 = type(key)(key.private, key.record, b"rsa-sha1")
    ev, ctx = run_auth(sign(notice_mail(), key=sha1), resolver=amazon_dns())
    sig = _one(ctx)
    assert sig["algorithm"] == "rsa-sha1" and "rsa_sha1" in sig["dangers"]
    assert _signal(ev) is Signal.DOUBT
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_weak_512_bit_key_is_not_proof() -> None:
    key = rsa_key(512)
    raw = sign(notice_mail(), selector="weak", key=key)
    ev, ctx = run_auth(raw, resolver=FakeDns().publish("amazon.co.jp", "weak", key))
    sig = _one(ctx)
    assert sig["key_bits"] == 512 and "weak_key" in sig["dangers"]
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_1024_bit_key_is_accepted() -> None:
    """Amazon's own key (corpus) is 1024 bits: RFC 8301's minimum, not a danger."""
    key = rsa_key(1024)
    raw = sign(notice_mail(), selector="k1024", key=key)
    ev, ctx = run_auth(raw, resolver=FakeDns().publish("amazon.co.jp", "k1024", key))
    assert _one(ctx)["dangers"] == []
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_from_not_signed_is_red_flag() -> None:
    ev, ctx = run_auth(sign_without_from(notice_mail()), resolver=amazon_dns())
    sig = _one(ctx)
    assert "from" not in sig["signed_headers"]
    assert sig["result"] == "policy" and "from_unsigned" in sig["dangers"]
    assert _signal(ev) is Signal.RED_FLAG
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_extra_unsigned_subject_on_top_is_red_flag() -> None:
    signed = sign(notice_mail())
    raw = b"Subject: =?UTF-8?B?44Ki44Kr44Km44Oz44OI5YGc5q2i?=\r\n" + signed
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    sig = _one(ctx)
    assert "extra_unsigned:subject" in sig["dangers"]
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_second_from_header_breaks_the_signature() -> None:
    raw = b"From: security@amazon-support.example\r\n" + sign(notice_mail())
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert Signal.PROOF not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is not Verdict.GENUINE


def test_no_signature_with_amazon_from_is_phishing() -> None:
    raw = notice_mail()
    report = analyse(raw, Settings(offline=True))
    assert report.verdict is Verdict.PHISHING
    item = next(e for e in report.evidence if e.id == "auth.no_brand_signature")
    assert item.signal is Signal.DECISIVE and item.status is Status.FAIL


def test_no_signature_costs_nothing_and_asks_nothing() -> None:
    dns = FakeDns()
    _ev, ctx = run_auth(notice_mail(), resolver=dns)
    assert dns.calls == []
    assert ctx.details["auth"]["signatures"] == []
    assert dkimcheck.verify_all(parse(notice_mail()), dns) == []


def test_mail_that_is_not_amazon_gets_no_proof() -> None:
    raw = sign(notice_mail(from_addr="news@shop.example"), domain="shop.example")
    dns = FakeDns().publish("shop.example", "s2048", rsa_key(2048))
    ev, ctx = run_auth(raw, resolver=dns)
    assert _one(ctx)["result"] == "unchecked" and _one(ctx)["aligned"]
    assert dns.calls == []
    assert {e.signal for e in ev} == {Signal.NONE}
    assert not ctx.authenticated_domains


def test_offline_performs_zero_lookups_even_with_a_resolver() -> None:
    dns = amazon_dns()
    raw = sign(notice_mail())
    ev, ctx = run_auth(raw, Settings(offline=True), resolver=dns)
    assert dns.calls == []
    assert _one(ctx)["result"] == "unchecked"
    assert _signal(ev) is Signal.DOUBT
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS
    report = analyse(raw, Settings(offline=True), resolver=dns)
    assert dns.calls == []
    assert report.details["auth"]["dns"] == {"mode": "offline", "lookups": []}


def test_dns_records_file_answers_offline(tmp_path) -> None:
    import json

    path = tmp_path / "records.json"
    path.write_text(json.dumps({"S2048._domainkey.amazon.co.jp.": [rsa_key(2048).record]}))
    ev, ctx = run_auth(sign(notice_mail()), Settings(offline=True, dns_records=path))
    assert _one(ctx)["result"] == "pass"
    assert ctx.details["auth"]["dns"]["mode"] == "file"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_unreadable_dns_records_file_is_reported(tmp_path) -> None:
    path = tmp_path / "records.json"
    path.write_text("{ nope")
    ev, ctx = run_auth(sign(notice_mail()), Settings(dns_records=path))
    assert any(e.id == "auth.dns_records_unreadable" for e in ev)
    assert _one(ctx)["result"] == "unchecked"


def test_each_key_is_asked_once_per_mail() -> None:
    dns = amazon_dns()
    raw = sign(sign(notice_mail()), selector="s2048")  # two signatures, same key
    run_auth(raw, resolver=dns)
    assert dns.calls.count("s2048._domainkey.amazon.co.jp") == 1


def test_several_signatures_each_get_a_result() -> None:
    ses = rsa_key(1024)
    raw = sign(sign(notice_mail()), domain="amazonses.com", selector="ses", key=ses)
    dns = amazon_dns().publish("amazonses.com", "ses", ses)
    ev, ctx = run_auth(raw, resolver=dns)
    sigs = ctx.details["auth"]["signatures"]
    assert [(s["domain"], s["result"]) for s in sigs] == [("amazonses.com", "pass"),
                                                          ("amazon.co.jp", "pass")]
    assert sigs[0]["esp"]
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


@pytest.mark.parametrize("header", [
    b"DKIM-Signature: v=1; a=rsa-sha256; d=amazon.co.jp; s=s2048; h=from; bh=; b=\r\n",
    b"DKIM-Signature: garbage without tags\r\n",
    b"DKIM-Signature: v=1; a=rsa-md5; d=amazon.co.jp; s=s2048; h=from:subject; bh=AAAA; b=AAAA\r\n",
    b"DKIM-Signature: v=1; a=rsa-sha256; d=amazon.co.jp; s=s2048; h=from; "
    b"bh=AAAA; b=!!!!; i=@evil.example\r\n",
    b"DKIM-Signature: v=1; a=rsa-sha256; d=amazon.co.jp; s=s2048; h=from; "
    b"bh=AAAA; b=AAAA; t=99999999999\r\n",
    b"DKIM-Signature: v=1; a=rsa-sha256; d=; s=; h=from; bh=AAAA; b=AAAA\r\n",
    "DKIM-Signature: v=1; a=rsa-sha256; d=amazon.co.jp; s=\u00e9; h=from; bh=AAAA; b=AAAA\r\n"
    .encode(),
], ids=["empty_b", "no_tags", "unknown_algorithm", "bad_identity", "future_t", "no_domain",
        "non_ascii_selector"])
def test_malformed_signatures_never_crash_and_never_prove(header: bytes) -> None:
    raw = header + notice_mail()
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    sig = _one(ctx)
    assert sig["result"] in ("permerror", "fail")
    assert Signal.PROOF not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_junk_signature_beside_a_valid_one_changes_nothing() -> None:
    raw = b"DKIM-Signature: garbage\r\n" + sign(notice_mail())
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_hundreds_of_signatures_are_capped() -> None:
    raw = b"".join(b"DKIM-Signature: v=1; d=amazon.co.jp; s=x%d; h=from; bh=AA; b=AA\r\n" % i
                   for i in range(300)) + notice_mail()
    dns = FakeDns()
    ev, ctx = run_auth(raw, resolver=dns)
    sigs = ctx.details["auth"]["signatures"]
    assert len(sigs) == dkimcheck.MAX_READ
    limited = sum(s["skipped"] == "limit" for s in sigs)
    assert limited == dkimcheck.MAX_READ - dkimcheck.MAX_SIGNATURES
    assert len(dns.calls) <= dkimcheck.MAX_SIGNATURES + 2
    assert "unread_signatures" in ctx.details["auth"]["exposed"]
    assert Signal.PROOF not in {e.signal for e in ev}


def test_dkimpy_exceptions_are_caught_per_signature(monkeypatch: pytest.MonkeyPatch) -> None:
    import dkim

    real = dkim.DKIM.verify

    def flaky(self, idx=0, dnsfunc=None):
        if idx == 0:
            raise IndexError("dkimpy internals")
        return real(self, idx=idx, dnsfunc=dnsfunc)

    monkeypatch.setattr(dkim.DKIM, "verify", flaky)
    raw = sign(sign(notice_mail()), selector="s2048")
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    first, second = ctx.details["auth"]["signatures"]
    assert first["result"] == "permerror" and "IndexError" in first["reason"]
    assert second["result"] == "pass"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE
