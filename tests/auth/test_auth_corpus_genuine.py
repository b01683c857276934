"""The real amazon.com mail (shared corpus) with its published key: the acceptance case."""

from __future__ import annotations

import re

import pytest
from authkit import GENUINE, FakeDns, auth_verdict, run_auth

from honmono import Settings, Signal, Verdict, analyse
from honmono.report.render import render_report

FASTMAIL = ("mx1.messagingengine.com",)


def _sigs(ctx) -> list[dict]:
    return ctx.details["auth"]["signatures"]


def test_amazon_signature_verifies_as_is(genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    ev, ctx = run_auth(genuine_raw, resolver=genuine_dns)
    first, _ses = _sigs(ctx)
    assert (first["domain"], first["result"], first["key_bits"]) == ("amazon.com", "pass", 1024)
    assert first["aligned"] and first["brand"]
    assert first["signed_headers"] == ["date", "from", "to", "message-id", "subject",
                                       "mime-version", "content-type"]
    assert any(e.signal is Signal.PROOF and e.id == "auth.dkim.0" for e in ev)
    assert ctx.authenticated_domains == {"amazon.com"}
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_second_signature_reports_key_missing(genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    _, ctx = run_auth(genuine_raw, resolver=genuine_dns)
    ses = _sigs(ctx)[1]
    assert ses["domain"] == "amazonses.com"
    assert ses["result"] == "permerror" and ses["key_missing"]
    assert ses["esp"] and not ses["brand"]


def _flip_body_byte(raw: bytes) -> bytes:
    head, sep, body = raw.partition(b"\n\n")
    i = body.index(b"Amazon")
    return head + sep + body[:i] + b"Amazom" + body[i + 6:]


@pytest.mark.parametrize("change", [
    _flip_body_byte,
    lambda raw: raw.replace(b"Subject: Verify your new Amazon account",
                            b"Subject: Verify your new Amazon acc0unt"),
    lambda raw: raw.replace(b"To: bimi_test@fastmail.com", b"To: victim@fastmail.com"),
    lambda raw: raw.replace(b"Date: Mon, 23 Oct 2023 21:23:08 +0000",
                            b"Date: Mon, 23 Oct 2023 21:23:09 +0000"),
], ids=["body_byte", "subject", "to", "date"])
def test_any_signed_byte_changed_fails(genuine_raw: bytes, genuine_dns: FakeDns,
                                       change) -> None:
    raw = change(genuine_raw)
    assert raw != genuine_raw
    ev, ctx = run_auth(raw, resolver=genuine_dns)
    first = _sigs(ctx)[0]
    assert first["result"] == "fail"
    assert next(e for e in ev if e.id == "auth.dkim.0").signal is Signal.DECISIVE
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
    assert not ctx.authenticated_domains


def test_unsigned_header_change_does_not_matter(genuine_raw: bytes,
                                                genuine_dns: FakeDns) -> None:
    raw = genuine_raw.replace(b"X-ME-VSScore: 20", b"X-ME-VSScore: 99")
    ev, ctx = run_auth(raw, resolver=genuine_dns)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_engine_genuine_with_its_key(genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    report = analyse(genuine_raw, Settings(), resolver=genuine_dns)
    assert report.verdict is Verdict.GENUINE
    assert report.details["auth"]["local"] == "pass"


def test_engine_genuine_offline_when_fastmail_is_trusted(genuine_raw: bytes) -> None:
    report = analyse(genuine_raw, Settings(offline=True, trust_authserv=FASTMAIL))
    assert report.verdict is Verdict.GENUINE
    auth = report.details["auth"]
    assert auth["server"] == "pass"
    assert auth["arh"]["server"] == "mx1.messagingengine.com"
    assert len(auth["arh"]["used"]) == 4 and auth["arh"]["ignored"] == []
    assert {s["result"] for s in auth["signatures"]} == {"unchecked"}


def test_engine_trust_is_case_insensitive(genuine_raw: bytes) -> None:
    settings = Settings(offline=True, trust_authserv=("MX1.MessagingEngine.COM",))
    report = analyse(genuine_raw, settings)
    assert report.verdict is Verdict.GENUINE


def test_engine_suspicious_offline_with_nothing_trusted(genuine_raw: bytes) -> None:
    report = analyse(genuine_raw, Settings(offline=True))
    assert report.verdict is Verdict.SUSPICIOUS
    ids = [e["id"] for e in render_report(report, "en")["evidence"]]
    assert "auth.offline" in ids and "auth.arh.untrusted" in ids


def test_engine_suspicious_when_keys_unreachable(genuine_raw: bytes) -> None:
    dns = FakeDns(down={"*"})
    report = analyse(genuine_raw, Settings(), resolver=dns)
    assert report.verdict is Verdict.SUSPICIOUS
    assert {s["result"] for s in report.details["auth"]["signatures"]} == {"temperror"}


def test_engine_trusting_another_server_does_not_help(genuine_raw: bytes) -> None:
    report = analyse(genuine_raw, Settings(offline=True, trust_authserv=("mx.google.com",)))
    assert report.verdict is Verdict.SUSPICIOUS


def test_tampered_mail_with_trusted_pass_is_not_genuine(genuine_raw: bytes,
                                                        genuine_dns: FakeDns) -> None:
    """The server saw Amazon's valid signature, but the mail has changed since: the two
    witnesses disagree, and the mail is suspicious — never genuine, never phishing."""
    raw = _flip_body_byte(genuine_raw)
    report = analyse(raw, Settings(trust_authserv=FASTMAIL), resolver=genuine_dns)
    assert report.details["auth"]["decision"].startswith("disagreement")
    auth = [e for e in report.evidence if e.category.key == "auth"]
    assert Signal.PROOF not in {e.signal for e in auth}
    assert Signal.DECISIVE not in {e.signal for e in auth}
    assert any(e.id == "auth.disagreement" for e in auth)


def test_details_are_json_ready(genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    import json

    report = analyse(genuine_raw, Settings(trust_authserv=FASTMAIL), resolver=genuine_dns)
    text = json.dumps(render_report(report, "ja"), ensure_ascii=False)
    assert "amazon.com" in text
    for e in render_report(report, "ja")["evidence"]:
        if e["category"] == "auth":
            assert re.search(r"[ぁ-んァ-ン一-龥]", e["title"]), e


def test_cli_check_with_dns_records_file(capsys) -> None:
    """`honmono check --dns-records FILE` end to end: the file answers the key lookups."""
    import json

    from honmono.cli import main

    code = main(["check", "--json", "--lang", "en", "--dns-records",
                 str(GENUINE / "dns_txt.json"),
                 str(GENUINE / "amazon_com_verify_account_via_fastmail.eml")])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["verdict"] == "genuine"
    assert out["details"]["auth"]["dns"]["mode"] == "file"
