"""Authentication-Results: parsing that never breaks, and only the user's server believed."""

from __future__ import annotations

from authkit import (
    FakeDns,
    amazon_dns,
    auth_verdict,
    fixture_mail,
    notice_mail,
    run_auth,
    sign,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from honmono import Settings, Signal, Status, Verdict
from honmono.auth import arh
from honmono.core.model import Msg

USER = ("mx.user.example",)
RECEIVED = ("Received: from a13-167.smtp-out.amazonses.com (a13-167.smtp-out.amazonses.com "
            "[54.240.13.167])\r\n\tby mx.user.example (Postfix) with ESMTPS id 4Ab\r\n"
            "\tfor <taro@example.jp>; Mon, 03 Nov 2025 09:56:02 +0900\r\n")


def with_arh(raw: bytes, *results: str, server: str = "mx.user.example") -> bytes:
    """The mail as the user's server delivers it: its results above its receipt line."""
    head = "".join(f"Authentication-Results: {server};\r\n\t{r}\r\n" for r in results)
    return (head + RECEIVED).encode() + raw


PASS = "dkim=pass header.d=amazon.co.jp header.s=s2048; spf=pass " \
       "smtp.mailfrom=bounces.amazon.co.jp; dmarc=pass header.from=amazon.co.jp"
FAIL = "dkim=fail header.d=amazon.co.jp; spf=fail smtp.mailfrom=evil.example; " \
       "dmarc=fail header.from=amazon.co.jp"


# ---------------------------------------------------------------------------- parsing


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_parser_never_raises(text: str) -> None:
    aid, results, _error = arh.parse_value(text)
    assert isinstance(aid, str) and isinstance(results, list)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Authentication-Results", "Received", "From", "X"]),
                          st.text(max_size=120)), max_size=12))
def test_collect_never_raises(headers: list[tuple[str, str]]) -> None:
    report = arh.collect(headers, USER)
    assert len(report.used) + len(report.ignored) == len(report.headers)


def test_parses_results_and_properties() -> None:
    aid, results, error = arh.parse_value(
        "MX.User.Example 1; dkim=pass (2048-bit key) header.d=amazon.co.jp header.b=AbCd1234;\r\n"
        "\tdmarc=pass (p=QUARANTINE) header.from=amazon.co.jp")
    assert (aid, error) == ("mx.user.example", "")
    assert [(r.method, r.result) for r in results] == [("dkim", "pass"), ("dmarc", "pass")]
    assert results[0].prop("header.b") == "AbCd1234"


def test_unparseable_value_is_reported_with_what_could_be_read() -> None:
    aid, results, error = arh.parse_value(
        "mx.user.example; bimi=pass policy.authority-uri= https://x.example/a.pem; "
        "dmarc=pass header.from=amazon.co.jp")
    assert aid == "mx.user.example"
    assert [r.method for r in results] == ["bimi", "dmarc"]
    assert error
    assert arh.parse_value(";;;")[1] == []


def test_aar_instance_is_read() -> None:
    inst, aid, results, _ = arh.parse_aar(" i=2; lists.example.org; dkim=pass header.d=a.example")
    assert (inst, aid, results[0].method) == (2, "lists.example.org", "dkim")


def test_trusted_match_is_exact_or_domain_wide() -> None:
    assert arh.trusted_match("MX1.messagingengine.com", ("mx1.messagingengine.com",))
    assert not arh.trusted_match("mx1.messagingengine.com.evil.example",
                                 ("mx1.messagingengine.com",))
    assert arh.trusted_match("mx2.messagingengine.com", ("@messagingengine.com",))
    assert not arh.trusted_match("", ("",))


# ------------------------------------------------------------------------- trust rules


def test_forged_header_below_the_trusted_one_is_ignored() -> None:
    raw = fixture_mail("arh-forged_below_trusted.eml")
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    auth = ctx.details["auth"]
    assert auth["server"] == "fail"
    assert [h["authserv_id"] for h in auth["arh"]["used"]] == ["mx.user.example"]
    assert len(auth["arh"]["ignored"]) == 2
    ignored = next(e for e in ev if e.id == "auth.arh.ignored")
    assert ignored.status is Status.WARN
    assert ignored.title == Msg("auth.arh.ignored.title", {"count": 2})
    claims = ignored.detail.params["claims"]
    assert claims.id == "auth.arh.ignored.claims" and "dmarc=pass" in claims.params["claims"]
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
    assert next(e for e in ev if e.id == "auth.arh.fail").signal is Signal.DECISIVE


def test_forged_header_glued_under_a_gmail_style_header_is_ignored() -> None:
    """Results written below the server's receipt line are never the server's for sure:
    a sender's header right under it looks the same, so neither is believed."""
    raw = fixture_mail("arh-forged_adjacent_to_trusted.eml")
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert ctx.details["auth"]["arh"]["used"] == []
    assert ctx.details["auth"]["arh"]["missing"] == "below"
    assert any(e.id == "auth.arh.not_from_server" for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_forged_pass_cannot_fill_a_gap_in_the_servers_results() -> None:
    """The server says nothing about DMARC; a header the sender put below says pass."""
    signed = sign(notice_mail())
    raw = ("Authentication-Results: mx.user.example; dkim=temperror\r\n" + RECEIVED
           + "Authentication-Results: mx.user.example; dmarc=pass header.from=amazon.co.jp\r\n"
           ).encode() + signed
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=FakeDns())
    assert ctx.details["auth"]["server"] == "unknown"
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_gmail_style_server_is_read_from_its_arc_copy_above_the_receipt_line() -> None:
    """Gmail writes Authentication-Results below its receipt line and a copy above it in
    its ARC-Authentication-Results: the copy is the server's own."""
    signed = sign(notice_mail())
    raw = ("ARC-Authentication-Results: i=1; mx.user.example; dkim=pass "
           "header.d=amazon.co.jp header.s=s2048; dmarc=pass header.from=amazon.co.jp\r\n"
           + RECEIVED
           + "Authentication-Results: mx.user.example; dkim=pass header.d=amazon.co.jp "
           "header.s=s2048; dmarc=pass header.from=amazon.co.jp\r\n").encode() + signed
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert ctx.details["auth"]["server"] == "pass"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE
    # Without the copy, the header below the line is not believed.
    below = raw.split(b"\r\n", 1)[1]
    ev, ctx = run_auth(below, Settings(offline=True, trust_authserv=USER))
    assert ctx.details["auth"]["server"] == "absent"
    assert auth_verdict(ev, ctx) is not Verdict.GENUINE


def test_split_headers_above_the_receipt_line_are_all_used() -> None:
    raw = with_arh(notice_mail(), "x-ptr=pass smtp.helo=a13-167.smtp-out.amazonses.com",
                   "arc=none", PASS)
    report = arh.collect(analyse_headers(raw), USER)
    assert len(report.used) == 3
    assert [r.result for r in report.results("dmarc")] == ["pass"]


def test_per_method_the_topmost_header_wins() -> None:
    raw = with_arh(notice_mail(), "dmarc=fail header.from=amazon.co.jp", PASS)
    report = arh.collect(analyse_headers(raw), USER)
    assert [r.result for r in report.results("dmarc")] == ["fail"]
    assert [r.result for r in report.results("spf")] == ["pass"]


def test_nothing_trusted_means_nothing_believed() -> None:
    raw = with_arh(notice_mail(), PASS)
    ev, ctx = run_auth(raw, Settings(offline=True))
    assert ctx.details["auth"]["server"] == "absent"
    item = next(e for e in ev if e.id == "auth.arh.untrusted")
    assert item.detail == Msg("auth.arh.untrusted.detail", {"top": "mx.user.example"})
    assert auth_verdict(ev, ctx) is Verdict.PHISHING  # no Amazon signature at all


def test_trusted_server_without_header_is_said() -> None:
    ev, _ = run_auth(sign(notice_mail()), Settings(offline=True, trust_authserv=USER))
    assert any(e.id == "auth.arh.missing" for e in ev)


def analyse_headers(raw: bytes) -> list[tuple[str, str]]:
    from honmono.mail.parse import parse

    return parse(raw).headers


# ----------------------------------------------------------------- what results decide


def test_trusted_dmarc_pass_is_proof_without_dns() -> None:
    raw = with_arh(sign(notice_mail()), PASS)
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert next(e for e in ev if e.id == "auth.arh.pass").signal is Signal.PROOF
    assert auth_verdict(ev, ctx) is Verdict.GENUINE
    assert ctx.authenticated_domains == {"amazon.co.jp"}


def test_trusted_dkim_pass_alone_is_proof() -> None:
    raw = with_arh(sign(notice_mail()), "dkim=pass header.d=amazon.co.jp")
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_trusted_pass_for_another_domain_is_not_proof() -> None:
    raw = with_arh(sign(notice_mail()), "dmarc=pass header.from=evil.example")
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert Signal.PROOF not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_trusted_pass_covers_a_rotated_key() -> None:
    raw = with_arh(sign(notice_mail()), PASS)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=FakeDns())
    assert ctx.details["auth"]["signatures"][0]["key_missing"]
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_trusted_dmarc_fail_is_decisive() -> None:
    raw = with_arh(sign(notice_mail()), FAIL)
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert next(e for e in ev if e.id == "auth.arh.fail").signal is Signal.DECISIVE
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_trusted_dkim_fail_is_decisive() -> None:
    raw = with_arh(sign(notice_mail()), "dkim=fail (bad signature) header.d=amazon.co.jp")
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_spf_fail_alone_is_a_red_flag() -> None:
    raw = with_arh(sign(notice_mail()), "spf=fail smtp.mailfrom=forwarder.example")
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=FakeDns())
    assert next(e for e in ev if e.id == "auth.arh.spf_fail").signal is Signal.RED_FLAG
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_spf_fail_is_outweighed_by_a_verified_signature() -> None:
    raw = with_arh(sign(notice_mail()), "spf=fail smtp.mailfrom=forwarder.example")
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


# ------------------------------------------------------ local and server must agree


def test_agreement_pass_pass_is_genuine() -> None:
    raw = with_arh(sign(notice_mail()), PASS)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    sig = {e.id: e.signal for e in ev}
    assert sig["auth.dkim.0"] is Signal.PROOF and sig["auth.arh.pass"] is Signal.PROOF
    assert not any(e.id == "auth.disagreement" for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_agreement_fail_fail_is_phishing() -> None:
    raw = with_arh(sign(notice_mail()).replace(b"123456", b"654321"), FAIL)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_local_pass_server_fail_is_suspicious() -> None:
    raw = with_arh(sign(notice_mail()), FAIL)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    assert any(e.id == "auth.disagreement" and e.signal is Signal.DOUBT for e in ev)
    assert Signal.PROOF not in {e.signal for e in ev}
    assert Signal.DECISIVE not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS
    assert not ctx.authenticated_domains


def test_server_pass_local_fail_is_suspicious() -> None:
    raw = with_arh(sign(notice_mail()).replace(b"123456", b"654321"), PASS)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    item = next(e for e in ev if e.id == "auth.disagreement")
    assert item.detail.id == "auth.disagreement.server_pass"
    assert item.detail.params["what"] == Msg("auth.disagreement.no_verify")
    assert Signal.PROOF not in {e.signal for e in ev}
    assert Signal.DECISIVE not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_server_pass_without_any_amazon_signature_is_suspicious() -> None:
    raw = with_arh(notice_mail(), PASS)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_server_pass_cannot_cover_unsigned_appended_content() -> None:
    signed = sign(notice_mail(), length=True) + b"\r\nhttps://amazon-verify.example/\r\n"
    raw = with_arh(signed, PASS)
    ev, ctx = run_auth(raw, Settings(trust_authserv=USER), resolver=amazon_dns())
    assert Signal.PROOF not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_server_pass_for_one_of_several_from_addresses_is_not_proof() -> None:
    mail = notice_mail().replace(b"From: \"amazon.co.jp\" <account-update@amazon.co.jp>",
                               b"From: account-update@amazon.co.jp, support@evil.example")
    raw = with_arh(mail, PASS)
    ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=USER))
    assert ctx.details["auth"]["brand_from"]
    assert Signal.PROOF not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is Verdict.PHISHING  # and no Amazon signature at all
