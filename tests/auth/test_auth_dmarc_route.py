"""DMARC alignment and published policy; the Received route."""

from __future__ import annotations

from authkit import FakeDns, amazon_dns, context, fixture_mail, notice_mail, run_auth, sign

from honmono import Settings, Signal, Status
from honmono.auth import arh, dmarc
from honmono.auth import dkim as dkimcheck
from honmono.checks import route
from honmono.core.model import Msg
from honmono.mail.parse import parse

# ------------------------------------------------------------------------------ DMARC


def test_relaxed_alignment_uses_the_organisational_domain() -> None:
    assert dmarc.aligned("amazon.co.jp", "gc.email.amazon.co.jp")
    assert dmarc.aligned("email.amazon.com", "amazon.com")
    assert not dmarc.aligned("amazon.com", "amazon.co.jp")
    assert not dmarc.aligned("amazon.co.jp.evil.example", "amazon.co.jp")
    assert not dmarc.aligned("co.jp", "amazon.co.jp")
    assert not dmarc.aligned("", "amazon.co.jp")


def test_policy_from_the_from_domain_or_its_organisation() -> None:
    dns = FakeDns(records={"_dmarc.amazon.co.jp": ["v=DMARC1; p=quarantine; sp=reject; "
                                                   "rua=mailto:x@amazon.co.jp"]})
    msg = parse(notice_mail(from_addr="a@gc.email.amazon.co.jp"))
    res = dmarc.evaluate(msg, [], dns)
    assert res.result == "fail" and res.policy_status == "found"
    assert res.policy_name == "_dmarc.amazon.co.jp"
    assert res.policy["p"] == "reject"  # sp= applies to subdomains
    assert dns.calls == ["_dmarc.gc.email.amazon.co.jp", "_dmarc.amazon.co.jp"]


def test_policy_lookup_failures_are_fine() -> None:
    msg = parse(notice_mail())
    assert dmarc.evaluate(msg, [], FakeDns(down={"*"})).policy_status == "temperror"
    assert dmarc.evaluate(msg, [], FakeDns()).policy_status == "none"
    assert dmarc.evaluate(msg, [], None).policy_status == "offline"
    two = FakeDns(records={"_dmarc.amazon.co.jp": ["v=DMARC1; p=none", "v=DMARC1; p=reject"]})
    assert dmarc.evaluate(msg, [], two).policy_status == "none"  # RFC 7489 §6.6.3


def test_aligned_pass_needs_a_clean_signature() -> None:
    msg = parse(sign(notice_mail()))
    sigs = dkimcheck.verify_all(msg, amazon_dns())
    assert dmarc.evaluate(msg, sigs, None).aligned_pass == ["amazon.co.jp"]


def test_several_from_addresses_cannot_align() -> None:
    raw = notice_mail().replace(b"From: \"amazon.co.jp\" <account-update@amazon.co.jp>",
                              b"From: account-update@amazon.co.jp, x@evil.example")
    res = dmarc.evaluate(parse(raw), [], None)
    assert not res.single_from and res.result == "none"


def test_published_policy_is_shown_for_amazon_mail() -> None:
    dns = amazon_dns()
    dns.records["_dmarc.amazon.co.jp"] = ["v=DMARC1; p=quarantine"]
    ev, _ = run_auth(sign(notice_mail()), resolver=dns)
    item = next(e for e in ev if e.id == "auth.dmarc.policy")
    assert item.title.params["policy"] == "quarantine" and item.signal is Signal.NONE


# ------------------------------------------------------------------------------ route

USER = ("mx.user.example",)
SES_HOP = ("Received: from a13-167.smtp-out.amazonses.com (a13-167.smtp-out.amazonses.com "
           "[54.240.13.167])\r\n\tby mx.user.example (Postfix) with ESMTPS id 1; "
           "Mon, 03 Nov 2025 09:56:02 +0900\r\n")
INTERNAL = ("Received: from mx.user.example (localhost [127.0.0.1])\r\n\tby imap.user.example "
            "(Cyrus) with LMTPA; Mon, 03 Nov 2025 09:56:03 +0900\r\n")


def _route(raw: bytes, settings: Settings) -> list:
    ctx = context(raw, settings)
    return route.check(ctx), ctx


def test_parse_received_formats() -> None:
    postfix = arh.parse_received(0, SES_HOP.removeprefix("Received: "))
    assert (postfix.rdns, postfix.ip, postfix.by) == (
        "a13-167.smtp-out.amazonses.com", "54.240.13.167", "mx.user.example")
    exim = arh.parse_received(0, "from mail.example ([1.2.3.4] helo=fake.example) by mx.x")
    assert (exim.rdns, exim.helo, exim.ip) == ("mail.example", "fake.example", "1.2.3.4")
    unknown = arh.parse_received(0, "from liar.example (unknown [5.6.7.8]) by mx.x")
    assert (unknown.rdns, unknown.helo, unknown.host) == ("", "liar.example", "liar.example")
    exchange = arh.parse_received(0, "from A.outlook.com (2603:10b6:408:1::1) by B.outlook.com")
    assert exchange.ip == "2603:10b6:408:1::1"
    assert arh.parse_received(0, "from  (").ip == ""


def test_trusted_handoff_from_ses_is_shown_but_weighs_nothing() -> None:
    ev, ctx = _route((INTERNAL + SES_HOP).encode() + notice_mail(), Settings(trust_authserv=USER))
    item = next(e for e in ev if e.id == "route.brand_host")
    assert item.status is Status.PASS and item.signal is Signal.NONE
    assert item.detail.params["note"] == Msg("route.note.shared", {"org": "amazonses.com"})
    assert ctx.details["route"]["handoff"]["ip"] == "54.240.13.167"


def test_amazon_mail_from_elsewhere_is_a_doubt_at_most() -> None:
    hop = ("Received: from mailer.phish.example (mailer.phish.example [45.137.20.11])\r\n"
           "\tby mx.user.example (Postfix); Mon, 03 Nov 2025 09:56:02 +0900\r\n")
    ev, _ = _route(hop.encode() + notice_mail(), Settings(trust_authserv=USER))
    item = next(e for e in ev if e.id == "route.foreign_host")
    assert item.signal is Signal.DOUBT


def test_sender_written_ses_lines_prove_nothing() -> None:
    ev, ctx = _route(fixture_mail("arh-forged_below_trusted.eml"), Settings(trust_authserv=USER))
    assert ctx.details["route"]["handoff"]["rdns"] == "mailer.phish-delivery.example"
    unverified = next(e for e in ev if e.id == "route.unverified")
    claims = unverified.detail.params["next"]
    assert claims.id == "route.unverified.brand_claims"
    assert claims.params["host"].endswith("amazonses.com")
    assert max(e.signal for e in ev) <= Signal.DOUBT


def test_without_a_trusted_server_no_line_is_believed() -> None:
    ev, ctx = _route(SES_HOP.encode() + notice_mail(), Settings())
    assert ctx.details["route"]["handoff"] is None
    assert [e.id for e in ev] == ["route.unverified"]
    assert all(e.signal is Signal.NONE for e in ev)


def test_sender_cannot_move_the_boundary_with_a_helo_name() -> None:
    """A top line by the trusted server is the hand-off, whatever name the sender gave."""
    hop = ("Received: from mx9.user.example (unknown [45.137.20.11])\r\n"
           "\tby mx.user.example (Postfix); Mon, 03 Nov 2025 09:56:02 +0900\r\n")
    _, ctx = _route((hop + SES_HOP).encode() + notice_mail(), Settings(trust_authserv=USER))
    assert ctx.details["route"]["handoff"]["ip"] == "45.137.20.11"


def test_envelope_spf_from_the_trusted_server() -> None:
    raw = ("Authentication-Results: mx.user.example; spf=pass "
           "smtp.mailfrom=0100019a@bounces.amazon.co.jp\r\n" + SES_HOP).encode() + notice_mail()
    ev, _ = _route(raw, Settings(trust_authserv=USER))
    item = next(e for e in ev if e.id == "route.envelope_spf")
    assert item.title == Msg("route.envelope_spf.title", {"domain": "bounces.amazon.co.jp"})
    assert item.signal is Signal.NONE


def test_route_never_weighs_more_than_doubt_on_any_corpus_mail(genuine_raw: bytes) -> None:
    for settings in (Settings(), Settings(trust_authserv=("mx1.messagingengine.com",))):
        ev, _ = _route(genuine_raw, settings)
        assert all(e.signal <= Signal.DOUBT for e in ev)
