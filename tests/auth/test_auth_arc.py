"""ARC: a forwarder that broke Amazon's signature, and whose word counts."""

from __future__ import annotations

import re

import dkim
from authkit import (
    FakeDns,
    amazon_dns,
    auth_verdict,
    notice_mail,
    received_by,
    rsa_key,
    run_auth,
    sign,
)

from honmono import Settings, Signal, Verdict
from honmono.auth import arc
from honmono.core.model import Msg
from honmono.mail.parse import parse

LIST = "lists.example.org"


def _b_prefix(mail: bytes) -> bytes:
    return re.search(rb"\bb=([A-Za-z0-9+/]{8})", mail.split(b"bh=", 1)[1]).group(1)


def forward(mail: bytes, sealer: str = LIST, selector: str = "arc",
            header_b: bytes | None = None, modify: bool = True) -> bytes:
    """What a mailing list does: check, record, change the mail, seal it."""
    b = header_b if header_b is not None else _b_prefix(mail)
    chained = "; arc=pass" if b"ARC-Seal:" in mail else ""  # dkimpy takes cv= from it
    arh = (f"Authentication-Results: {sealer}; dkim=pass header.d=amazon.co.jp "
           f"header.b={b.decode()}; dmarc=pass header.from=amazon.co.jp{chained}\r\n").encode()
    # The list's receipt line: its own Authentication-Results sit above it.
    changed = arh + received_by(sealer) + mail
    if modify:
        changed = changed.replace(b"Subject: ", b"Subject: [ml] ", 1)
        changed += b"\r\n-- \r\nml mailing list / unsubscribe: https://lists.example.org/\r\n"
    seal = dkim.arc_sign(changed, selector.encode(), sealer.encode(), rsa_key(1024).private,
                         sealer.encode())
    return b"".join(seal) + changed


def dns_for(*sealers: str) -> FakeDns:
    dns = amazon_dns()
    for s in sealers:
        dns.publish(s, "arc", rsa_key(1024))
    return dns


def user_server(mail: bytes, results: str) -> bytes:
    return ("Authentication-Results: mx.user.example; " + results + "\r\n"
            "Received: from mail.lists.example.org (mail.lists.example.org [93.184.216.34])\r\n"
            "\tby mx.user.example (Postfix) with ESMTPS id 9Zz; Mon, 03 Nov 2025 10:00:00 +0900"
            "\r\n").encode() + mail


def test_forward_breaks_dkim_but_chain_validates() -> None:
    raw = forward(sign(notice_mail()))
    result = arc.verify(parse(raw), dns_for(LIST), (LIST,))
    assert result.chain == "pass" and result.trusted_from() == 1
    assert result.instances[0].results[0].prop("header.d") == "amazon.co.jp"


def test_trusted_forwarder_carries_the_original_result() -> None:
    raw = forward(sign(notice_mail()))
    ev, ctx = run_auth(raw, Settings(trust_authserv=(LIST,)), resolver=dns_for(LIST))
    sig = {e.id: e.signal for e in ev}
    assert ctx.details["auth"]["signatures"][0]["result"] == "fail"
    assert sig["auth.dkim.0"] is Signal.NONE  # explained by the trusted forwarder
    assert sig["auth.arc.trusted"] is Signal.PROOF
    assert auth_verdict(ev, ctx) is Verdict.GENUINE
    assert ctx.authenticated_domains == {"amazon.co.jp"}


def test_trusted_forwarder_explains_the_users_own_dmarc_fail() -> None:
    raw = user_server(forward(sign(notice_mail())),
                      "dkim=fail header.d=amazon.co.jp; arc=pass; dmarc=fail "
                      "header.from=amazon.co.jp")
    settings = Settings(trust_authserv=("mx.user.example", LIST))
    ev, ctx = run_auth(raw, settings, resolver=dns_for(LIST))
    assert ctx.details["auth"]["server"] == "fail"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_untrusted_forwarder_is_shown_not_believed_and_not_looked_up() -> None:
    """A chain sealed by a forwarder the user does not trust is not verified (its key
    lookup would be a beacon), and unverified it weighs nothing: the broken signature
    counts as broken. The panel says how to trust the forwarder."""
    raw = forward(sign(notice_mail()))
    dns = dns_for(LIST)
    ev, ctx = run_auth(raw, Settings(), resolver=dns)
    sig = {e.id: e.signal for e in ev}
    assert ctx.details["auth"]["arc"]["chain"] == "untrusted"
    assert not any(name.endswith(LIST) for name in dns.calls)
    assert sig["auth.dkim.0"] is Signal.DECISIVE
    assert sig["auth.arc.untrusted"] is Signal.NONE
    detail = next(e for e in ev if e.id == "auth.arc.untrusted").detail
    assert detail.id == "auth.arc.untrusted.detail"
    assert detail.params["how"] == Msg("auth.arc.untrusted.not_checked")
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_replayed_genuine_forwarder_record_cannot_soften_a_tampered_mail() -> None:
    """A genuine forwarder's record copied along with a genuine mail says "pass" for the
    signature the forger then broke: unverified, it must not turn a forgery into doubt."""
    genuine = forward(sign(notice_mail()), modify=False)
    tampered = genuine.replace(b"123456", b"https://amazon-login.evil.example/")
    ev, ctx = run_auth(tampered, Settings(), resolver=dns_for(LIST))
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_untrusted_forwarder_cannot_overrule_the_users_server() -> None:
    raw = user_server(forward(sign(notice_mail())),
                      "dkim=fail header.d=amazon.co.jp; dmarc=fail header.from=amazon.co.jp")
    ev, ctx = run_auth(raw, Settings(trust_authserv=("mx.user.example",)),
                       resolver=dns_for(LIST))
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_sealer_vouching_for_another_signature_changes_nothing() -> None:
    raw = forward(sign(notice_mail()), header_b=b"ZZZZZZZZ")
    ev, ctx = run_auth(raw, Settings(), resolver=dns_for(LIST))
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_forger_sealing_with_its_own_domain_is_never_genuine() -> None:
    evil = "forwarder.evil.example"
    genuine = sign(notice_mail())
    tampered = genuine.replace(b"123456", b"https://amazon-login.evil.example/")
    raw = forward(tampered, sealer=evil, header_b=_b_prefix(genuine), modify=False)
    ev, ctx = run_auth(raw, Settings(trust_authserv=("mx.user.example",)),
                       resolver=dns_for(evil))
    assert Signal.PROOF not in {e.signal for e in ev}
    assert auth_verdict(ev, ctx) is not Verdict.GENUINE


def test_later_untrusted_sealer_voids_the_trusted_one() -> None:
    evil = "relay.evil.example"
    first = forward(sign(notice_mail()))
    second = forward(first.replace(b"unsubscribe", b"unsubscribe https://evil.example/"),
                     sealer=evil)
    dns = dns_for(LIST, evil)
    result = arc.verify(parse(second), dns, (LIST,))
    assert result.chain == "untrusted" and evil in result.reason
    assert result.trusted_from() is None
    assert dns.calls == []  # no sealer's key is asked for: one of them is not trusted
    ev, _ctx = run_auth(second, Settings(trust_authserv=(LIST,)), resolver=dns_for(LIST, evil))
    assert Signal.PROOF not in {e.signal for e in ev if e.id.startswith("auth.arc")}


def test_changed_after_sealing_breaks_the_chain() -> None:
    raw = forward(sign(notice_mail())).replace(b"123456", b"000000")
    ev, ctx = run_auth(raw, Settings(trust_authserv=(LIST,)), resolver=dns_for(LIST))
    assert ctx.details["auth"]["arc"]["chain"] == "fail"
    assert Signal.PROOF not in {e.signal for e in ev if e.id.startswith("auth.arc")}


def test_sealer_key_missing_is_not_a_pass() -> None:
    raw = forward(sign(notice_mail()))
    ev, ctx = run_auth(raw, Settings(trust_authserv=(LIST,)), resolver=amazon_dns())
    chain = ctx.details["auth"]["arc"]
    assert chain["chain"] == "fail" and "not published" in chain["reason"]
    assert Signal.PROOF not in {e.signal for e in ev}
    # The list's own Authentication-Results (trusted too) said pass: a disagreement.
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_sealer_key_unreachable_is_temperror() -> None:
    dns = dns_for(LIST)
    dns.down.add(f"arc._domainkey.{LIST}")
    raw = forward(sign(notice_mail()))
    _, ctx = run_auth(raw, Settings(trust_authserv=(LIST,)), resolver=dns)
    assert ctx.details["auth"]["arc"]["chain"] == "temperror"


def test_incomplete_chain_fails_without_lookups() -> None:
    raw = forward(sign(notice_mail()))
    broken = re.sub(rb"ARC-Message-Signature:[^\r]*\r\n(?:[ \t][^\r]*\r\n)*", b"", raw)
    dns = dns_for(LIST)
    result = arc.verify(parse(broken), dns, (LIST,))
    assert result.chain == "fail" and "incomplete" in result.reason
    assert dns.calls == []


def test_arc_offline_is_unchecked() -> None:
    raw = forward(sign(notice_mail()))
    _ev, ctx = run_auth(raw, Settings(offline=True, trust_authserv=(LIST,)))
    assert ctx.details["auth"]["arc"]["chain"] == "unchecked"


def test_arc_is_not_verified_when_the_signature_decides() -> None:
    raw = forward(sign(notice_mail()), modify=False)
    dns = dns_for(LIST)
    ev, ctx = run_auth(raw, Settings(), resolver=dns)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE
    assert not any(name.endswith(LIST) for name in dns.calls)
    assert any(e.id == "auth.arc.present" for e in ev)


def test_trusted_sealer_is_the_exact_domain_the_user_named() -> None:
    assert arc.trusted_sealer("messagingengine.com", ("messagingengine.com",))
    assert arc.trusted_sealer("lists.example.org", ("@example.org",))
    # The organisational domain of a trusted id is not enough: a customer of the
    # provider may control a name under it.
    assert not arc.trusted_sealer("messagingengine.com", ("mx1.messagingengine.com",))
    assert not arc.trusted_sealer("customer.provider.example.jp", ("mx.provider.example.jp",))
    assert not arc.trusted_sealer("messagingengine.com.evil.example",
                                  ("mx1.messagingengine.com",))
    assert not arc.trusted_sealer("", ("mx1.messagingengine.com",))


def test_junk_arc_headers_never_crash() -> None:
    raw = (b"ARC-Seal: i=x; cv=maybe; d=\r\nARC-Message-Signature: nonsense\r\n"
           b"ARC-Authentication-Results: garbage\r\n") + sign(notice_mail())
    result = arc.verify(parse(raw), amazon_dns(), ())
    assert result.present and result.chain == "fail"
    ev, ctx = run_auth(raw.replace(b"123456", b"1"), Settings(), resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
