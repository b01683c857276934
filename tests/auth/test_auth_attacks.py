"""Regression tests for the attacks of the security review (C2, C3, H2, M2, M5 and the low
findings), each named after the attack. The genuine amazon.com mail of the shared corpus
is the replayed mail; no live DNS."""

from __future__ import annotations

import base64
import re

from authkit import (
    SIGNED,
    FakeDns,
    amazon_dns,
    auth_verdict,
    notice_mail,
    received_by,
    rsa_key,
    run_auth,
    sign,
)

from honmono import Settings, Signal, Verdict, analyse
from honmono.auth import dkim as dkimcheck
from honmono.auth.dns import DnsError
from honmono.core.model import Msg

FASTMAIL = ("mx1.messagingengine.com",)
VICTIM = ("mx.victim.example",)
RECEIVED_VICTIM = received_by("mx.victim.example")
AMAZON_SELECTOR = "yg4mwqurec7fkhzutopddd3ytuaqrvuz"

# What a forger adds on top of a replayed genuine mail: a second, unsigned Subject (mail
# readers show the topmost) and a Reply-To of its own.
FORGED_SUBJECT = (b"Subject: =?UTF-8?B?" + base64.b64encode(
    "【重要】アカウント停止のお知らせ: 返信して本人確認してください".encode()) + b"?=\n")
FORGED_REPLY_TO = b"Reply-To: Amazon <support@amazon-help-desk.example>\n"
# The victim's server, trusted, saw Amazon's real signature verify (it does: the added
# headers are outside h=) and says so.
SERVER_PASS = (b"Authentication-Results: mx.victim.example; dkim=pass header.d=amazon.com "
               b"header.s=" + AMAZON_SELECTOR.encode() + b"; dmarc=pass header.from=amazon.com; "
               b"spf=pass\n")


def junk(n: int, domain: str = "amazon.com", h: str = "from:subject", sel: str = "gone",
         eol: bytes = b"\n") -> bytes:
    """Signatures a forger can add for free: d= of its choice, selectors with no key."""
    return b"".join(f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/simple; d={domain}; "
                    f"s={sel}{i}; h={h}; bh=AAAA; b=AAAA".encode() + eol for i in range(n))


def signals_of(ev) -> set[Signal]:
    return {e.signal for e in ev}


def sig_results(ctx) -> list[tuple[str, str, str]]:
    return [(s["domain"], s["selector"], s["result"])
            for s in ctx.details["auth"]["signatures"]]


# --------------------------------------------------------------------------- C2


def test_c2a_eight_junk_signatures_cannot_push_amazons_past_the_cap(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    """a2: eight junk d=amazon.com signatures on top. Amazon's own is still verified (the
    server names it, so it goes first) and its unsigned extra Subject is seen."""
    raw = SERVER_PASS + FORGED_SUBJECT + FORGED_REPLY_TO + junk(8) + genuine_raw
    ev, ctx = run_auth(raw, Settings(trust_authserv=VICTIM), resolver=genuine_dns)
    real = next(s for s in ctx.details["auth"]["signatures"]
                if s["selector"] == AMAZON_SELECTOR)
    assert real["result"] == "policy" and "extra_unsigned:subject" in real["dangers"]
    assert genuine_dns.calls[0] == f"{AMAZON_SELECTOR}._domainkey.amazon.com"
    assert Signal.PROOF not in signals_of(ev)
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
    report = analyse(raw, Settings(trust_authserv=VICTIM), resolver=genuine_dns)
    assert report.verdict is Verdict.PHISHING


def test_c2a_junk_signatures_go_after_the_one_whose_body_hash_matches(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    """Without a server to name it, the signature whose bh= matches the body is verified
    before junk ones, so eight junk signatures do not make a genuine mail unprovable."""
    ev, ctx = run_auth(junk(8) + genuine_raw, resolver=genuine_dns)
    assert ("amazon.com", AMAZON_SELECTOR, "pass") in sig_results(ctx)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_c2a_more_signatures_than_can_be_read_block_the_servers_proof(
        genuine_raw: bytes) -> None:
    """Past MAX_READ a signature is not even read, so its dangers are unknown: the
    server's pass cannot be proof any more."""
    raw = (FORGED_SUBJECT + junk(dkimcheck.MAX_READ, h="from:subject:subject")
           + genuine_raw)
    report = analyse(raw, Settings(offline=True, trust_authserv=FASTMAIL))
    assert "unread_signatures" in report.details["auth"]["exposed"]
    assert Signal.PROOF not in signals_of(report.evidence)
    assert report.verdict is not Verdict.GENUINE


class Tarpit:
    """A resolver with a per-mail time budget in which some names hang until it is spent
    (what a forger's own DNS server can do to its own names)."""

    def __init__(self, records: dict[str, list[str]], slow: str, budget: float = 5.0,
                 timeout: float = 2.0) -> None:
        self.records, self.slow = records, slow
        self.left, self.timeout = budget, timeout
        self.calls: list[str] = []

    def txt(self, name: str) -> list[str]:
        self.calls.append(name)
        if self.left <= 0:
            raise DnsError("DNS time budget for this mail used up")
        if self.slow in name:
            self.left -= self.timeout
            raise DnsError(f"DNS timeout for {name}")
        return list(self.records.get(name, []))


def test_c2b_dns_tarpits_cannot_spend_the_budget_before_amazons_key(
        genuine_raw: bytes, genuine_records: dict[str, list[str]]) -> None:
    records = {k.lower(): v for k, v in genuine_records.items()}
    tarpit = Tarpit(records, slow="tarpit.example")
    raw = junk(8, domain="tarpit.example") + genuine_raw
    ev, ctx = run_auth(raw, resolver=tarpit)
    assert not any("tarpit.example" in name for name in tarpit.calls)
    assert ("amazon.com", AMAZON_SELECTOR, "pass") in sig_results(ctx)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_c2b_junk_brand_signatures_are_looked_up_after_the_real_one(
        genuine_raw: bytes, genuine_records: dict[str, list[str]]) -> None:
    records = {k.lower(): v for k, v in genuine_records.items()}
    tarpit = Tarpit(records, slow="slow", budget=2.0)  # one timeout spends it all
    raw = junk(8, sel="slow") + genuine_raw
    ev, ctx = run_auth(raw, resolver=tarpit)
    assert tarpit.calls[0] == f"{AMAZON_SELECTOR}._domainkey.amazon.com"
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_c2c_offline_replay_with_an_extra_subject_is_not_genuine(genuine_raw: bytes) -> None:
    """Offline, the trusted server's pass used to be PROOF beside a signature that was not
    checked; the extra unsigned Subject is a fact of the mail all the same."""
    raw = FORGED_SUBJECT + genuine_raw
    report = analyse(raw, Settings(offline=True, trust_authserv=FASTMAIL))
    auth = report.details["auth"]
    assert auth["server"] == "pass" and auth["local"] == "unknown"
    assert "extra_unsigned:subject" in auth["exposed"]
    assert Signal.PROOF not in signals_of(report.evidence)
    item = next(e for e in report.evidence if e.id == "auth.dkim.0")
    assert item.signal is Signal.RED_FLAG
    extra = Msg("auth.danger.extra_unsigned", {"header": "subject"})
    assert item.detail.params["dangers"] == Msg("auth.sig.dangers_too", {"dangers": extra})
    assert report.verdict is Verdict.PHISHING


def test_c2c_offline_genuine_with_trusted_server_stays_genuine(genuine_raw: bytes) -> None:
    report = analyse(genuine_raw, Settings(offline=True, trust_authserv=FASTMAIL))
    assert report.details["auth"]["backing"] == [0]
    assert report.verdict is Verdict.GENUINE


def test_a4_forged_trusted_arh_and_a_junk_signature_is_not_genuine() -> None:
    """a4: the trusted server writes no Authentication-Results, so the forger's one is
    topmost; one junk d=amazon.co.jp signature with a missing key made it genuine. Even
    when the header is believed (above the receipt line), the server's pass must name a
    signature that is here."""
    arh = b"Authentication-Results: mx.victim.example; dmarc=pass header.from=amazon.co.jp\r\n"
    base = notice_mail(body="お客様\r\nhttps://www.amazon.co.jp/\r\n")
    raw = arh + RECEIVED_VICTIM + junk(1, domain="amazon.co.jp", sel="rotated2019",
                                       eol=b"\r\n") + base
    ev, ctx = run_auth(raw, Settings(trust_authserv=VICTIM), resolver=amazon_dns())
    assert ctx.details["auth"]["backing"] == []
    assert Signal.PROOF not in signals_of(ev)
    item = next(e for e in ev if e.id == "auth.arh.pass")
    assert item.signal is Signal.DOUBT
    assert item.detail.params["first"].id == "auth.arh.pass.unbacked"
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS
    # The forger's header sits below the server's own receipt line: not the server's.
    raw = RECEIVED_VICTIM + arh + junk(1, domain="amazon.co.jp", sel="rotated2019",
                                       eol=b"\r\n") + base
    ev, ctx = run_auth(raw, Settings(trust_authserv=VICTIM), resolver=amazon_dns())
    assert ctx.details["auth"]["arh"]["used"] == []
    assert ctx.details["auth"]["arh"]["missing"] == "below"
    assert any(e.id == "auth.arh.not_from_server" for e in ev)
    assert auth_verdict(ev, ctx) is not Verdict.GENUINE
    report = analyse(raw, Settings(trust_authserv=VICTIM), resolver=amazon_dns())
    assert report.verdict is not Verdict.GENUINE


def test_c2_server_pass_naming_another_signature_is_not_proof() -> None:
    """The server verified a signature by header.b; the one here has another b=."""
    mail = sign(notice_mail())
    arh = (b"Authentication-Results: mx.victim.example; dkim=pass header.d=amazon.co.jp "
           b"header.b=ZZZZZZZZ; dmarc=pass header.from=amazon.co.jp\r\n")
    ev, ctx = run_auth(arh + mail, Settings(offline=True, trust_authserv=VICTIM))
    assert Signal.PROOF not in signals_of(ev)
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_c2_server_pass_naming_the_signature_by_b_is_proof() -> None:
    mail = sign(notice_mail())
    b = re.search(rb"\bb=([A-Za-z0-9+/]{12})", mail.split(b"bh=", 1)[1]).group(1)
    arh = (b"Authentication-Results: mx.victim.example; dkim=pass header.d=amazon.co.jp "
           b"header.b=" + b + b"; dmarc=pass header.from=amazon.co.jp\r\n")
    ev, ctx = run_auth(arh + RECEIVED_VICTIM + mail,
                       Settings(offline=True, trust_authserv=VICTIM))
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_c2_trusted_arc_pass_cannot_cover_an_unsigned_extra_subject() -> None:
    from test_auth_arc import LIST, dns_for, forward

    replayed = b"Subject: =?UTF-8?B?44Ki44Kr44Km44Oz44OI5YGc5q2i?=\r\n" + sign(notice_mail())
    raw = forward(replayed)
    ev, ctx = run_auth(raw, Settings(trust_authserv=(LIST,)), resolver=dns_for(LIST))
    assert ctx.details["auth"]["arc"]["chain"] == "pass"
    assert Signal.PROOF not in signals_of(ev)
    assert auth_verdict(ev, ctx) is not Verdict.GENUINE


# --------------------------------------------------------------------------- C3


def test_c3_replayed_genuine_with_unsigned_foreign_reply_to_is_phishing(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    """a5: Amazon's h= does not cover Reply-To, so the signature still verifies."""
    raw = b"Reply-To: Amazon Support <amazon-support@account-help.example>\n" + genuine_raw
    ev, ctx = run_auth(raw, resolver=genuine_dns)
    assert ctx.details["auth"]["local"] == "pass"
    item = next(e for e in ev if e.id == "auth.unsigned_reply_to")
    assert item.signal is Signal.DECISIVE
    assert item.detail.id == "auth.unsigned.reply.detail"
    assert "account-help.example" in item.detail.params["who"]
    assert auth_verdict(ev, ctx) is Verdict.PHISHING
    assert analyse(raw, Settings(), resolver=genuine_dns).verdict is Verdict.PHISHING


def test_c3_replayed_genuine_with_unsigned_foreign_sender_is_phishing(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    raw = b"Sender: account-help@account-help.example\n" + genuine_raw
    ev, ctx = run_auth(raw, resolver=genuine_dns)
    assert next(e for e in ev if e.id == "auth.unsigned_sender").signal is Signal.DECISIVE
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_c3_encoded_display_name_cannot_hide_the_reply_address(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    """Addresses are read from the raw header: an encoded-word display name that decodes
    to an Amazon address changes nothing."""
    name = base64.b64encode(b"<account@amazon.com>").decode()
    raw = f"Reply-To: =?UTF-8?B?{name}?= <x@evil.example>\n".encode() + genuine_raw
    ev, _ctx = run_auth(raw, resolver=genuine_dns)
    assert any(e.id == "auth.unsigned_reply_to" for e in ev)


def test_c3_unsigned_reply_to_is_caught_under_the_servers_proof_too(genuine_raw: bytes) -> None:
    raw = b"Reply-To: helpdesk@account-help.example\n" + genuine_raw
    report = analyse(raw, Settings(offline=True, trust_authserv=FASTMAIL))
    assert any(e.id == "auth.unsigned_reply_to" for e in report.evidence)
    assert report.verdict is Verdict.PHISHING


def test_c3_brand_reply_to_is_fine(genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    raw = b"Reply-To: seller-abc@marketplace.amazon.co.jp\n" + genuine_raw
    ev, ctx = run_auth(raw, resolver=genuine_dns)
    assert not any(e.id.startswith("auth.unsigned_") for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_c3_reply_to_the_signature_covers_is_the_signers_choice() -> None:
    mail = notice_mail(extra_headers="Reply-To: partner@partner.example\r\n")
    raw = sign(mail, include=[*SIGNED, b"reply-to"])
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert not any(e.id.startswith("auth.unsigned_") for e in ev)
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_c3_unproven_mail_gets_no_redirect_evidence() -> None:
    """Nothing proves the mail: the Reply-To is the sender check's business alone."""
    mail = notice_mail(extra_headers="Reply-To: x@evil.example\r\n")
    ev, _ctx = run_auth(sign(mail), resolver=FakeDns())
    assert not any(e.id.startswith("auth.unsigned_") for e in ev)


# --------------------------------------------------------------------------- H2


def test_h2_invented_signature_with_missing_key_is_never_genuine() -> None:
    """One junk d=amazon.co.jp s=rotated2019 signature turns "no Amazon signature"
    (phishing) into "key missing": suspicious by design — and never genuine."""
    raw = junk(1, domain="amazon.co.jp", sel="rotated2019", eol=b"\r\n") + notice_mail()
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    item = next(e for e in ev if e.id == "auth.dkim.0")
    assert item.signal is Signal.DOUBT
    assert item.detail.id == "auth.sig.key_missing.detail"
    assert item.detail.params["tail"] == Msg("auth.sig.key_missing.doubt")
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS
    for settings in (Settings(), Settings(offline=True), Settings(trust_authserv=VICTIM)):
        resolver = None if settings.offline else amazon_dns()
        assert analyse(raw, settings, resolver=resolver).verdict is not Verdict.GENUINE


# --------------------------------------------------------------------------- M2


def test_m2_dns_beacon_signature_and_arc_seal_are_not_looked_up() -> None:
    """d1: a sender-chosen d= (per recipient) would learn that the mail was opened."""
    key = rsa_key(2048)
    dns = amazon_dns(key=key)
    beacon = (b"DKIM-Signature: v=1; a=rsa-sha256; d=u-4711.track.example; s=open; h=from; "
              b"bh=AA; b=AA\r\n"
              b"ARC-Seal: i=1; a=rsa-sha256; cv=none; d=u-4711-arc.track.example; s=open; "
              b"b=AA\r\n")
    report = analyse(beacon + sign(notice_mail(), key=key), Settings(), resolver=dns)
    assert report.verdict is Verdict.GENUINE
    assert dns.calls == ["s2048._domainkey.amazon.co.jp", "_dmarc.amazon.co.jp"]
    item = next(e for e in report.evidence if e.id == "auth.dkim.0")
    assert item.signal is Signal.NONE and item.title.id == "auth.sig.irrelevant.title"


def test_m2_untrusted_arc_sealer_is_not_looked_up_when_arc_is_consulted() -> None:
    from test_auth_arc import LIST, dns_for, forward

    dns = dns_for(LIST)
    raw = forward(sign(notice_mail()))  # the list broke DKIM: ARC is consulted
    run_auth(raw, Settings(), resolver=dns)
    assert dns.calls == ["s2048._domainkey.amazon.co.jp", "_dmarc.amazon.co.jp"]


def test_m2_only_brand_and_delivery_service_keys_are_asked_for(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    raw = (junk(1, domain="shop.example", eol=b"\n") + junk(1, domain="amazonses.com")
           + genuine_raw)
    run_auth(raw, resolver=genuine_dns)
    keys = [n for n in genuine_dns.calls if "._domainkey." in n]
    assert all(n.endswith(("amazon.com", "amazonses.com")) for n in keys)
    assert keys[0] == f"{AMAZON_SELECTOR}._domainkey.amazon.com"


# --------------------------------------------------------------------------- M5


def _large_signed() -> tuple[bytes, bytes]:
    body = "".join(f"ご注文の商品 {i}: https://www.amazon.co.jp/dp/B0{i:08d}\r\n"
                   for i in range(4000))
    signed = sign(notice_mail(body=body))
    return signed, signed[:len(signed) * 2 // 3]  # cut inside the body, as the extension does


def test_m5_truncated_genuine_mail_is_suspicious_not_phishing() -> None:
    _full, cut = _large_signed()
    ev, ctx = run_auth(cut, Settings(truncated=True), resolver=amazon_dns())
    sig = ctx.details["auth"]["signatures"][0]
    assert (sig["result"], sig["skipped"]) == ("unchecked", "truncated")
    item = next(e for e in ev if e.id == "auth.dkim.0")
    assert item.signal is Signal.DOUBT and item.title.id == "auth.sig.truncated.title"
    assert Signal.DECISIVE not in signals_of(ev) and Signal.PROOF not in signals_of(ev)
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS
    # Not cut by the extension, the same bytes are a changed body.
    ev, ctx = run_auth(cut, Settings(), resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_m5_truncated_mail_with_a_changed_signed_header_still_fails() -> None:
    _full, cut = _large_signed()
    changed = cut.replace(b"To: taro@example.jp", b"To: hanako@example.jp")
    ev, ctx = run_auth(changed, Settings(truncated=True), resolver=amazon_dns())
    sig = ctx.details["auth"]["signatures"][0]
    assert sig["result"] == "fail" and "signature mismatch" in sig["reason"]
    assert auth_verdict(ev, ctx) is Verdict.PHISHING


def test_m5_truncated_mail_proven_by_the_server_that_saw_all_of_it() -> None:
    _full, cut = _large_signed()
    arh = (b"Authentication-Results: mx.victim.example; dkim=pass header.d=amazon.co.jp "
           b"header.s=s2048; dmarc=pass header.from=amazon.co.jp\r\n")
    ev, ctx = run_auth(arh + RECEIVED_VICTIM + cut,
                       Settings(truncated=True, trust_authserv=VICTIM),
                       resolver=amazon_dns())
    assert next(e for e in ev if e.id == "auth.dkim.0").signal is not Signal.PROOF
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


def test_m5_whole_mail_flagged_truncated_still_verifies() -> None:
    full, _cut = _large_signed()
    ev, ctx = run_auth(full, Settings(truncated=True), resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.GENUINE


# --------------------------------------------------------------------------- low


def test_low_server_dmarc_fail_beside_a_pass_is_a_fail() -> None:
    arh = (b"Authentication-Results: mx.victim.example; dmarc=pass header.from=amazon.co.jp; "
           b"dmarc=fail header.from=amazon.co.jp\r\n")
    ev, ctx = run_auth(arh + RECEIVED_VICTIM + sign(notice_mail()),
                       Settings(offline=True, trust_authserv=VICTIM))
    assert ctx.details["auth"]["server"] == "fail"
    assert Signal.PROOF not in signals_of(ev)


def test_low_server_dmarc_result_must_name_the_from_domain() -> None:
    for hf in (b"", b" header.from=gc.amazon.co.jp", b" header.from=evil.example"):
        arh = b"Authentication-Results: mx.victim.example; dmarc=pass" + hf + b"\r\n"
        ev, ctx = run_auth(arh + RECEIVED_VICTIM + sign(notice_mail()),
                           Settings(offline=True, trust_authserv=VICTIM))
        assert ctx.details["auth"]["server"] == "unknown", hf
        assert Signal.PROOF not in signals_of(ev)


def test_list_footer_proven_by_the_body_hash_is_suspicious_not_phishing(
        genuine_raw: bytes, genuine_dns: FakeDns) -> None:
    """issue 14 §5: a forward must be shown, not claimed. A footer appended after the
    signed body is proven (bh= verifies over the body without it), List-Id or not; a
    rewritten body is tampering even under a List-Id."""
    head, sep, body = genuine_raw.partition(b"\n\n")
    footer = b"\n-- \nlist footer\n"
    listed = b"List-Id: Family <family.lists.example>\n" + head + sep + body + footer
    report = analyse(listed, Settings(), resolver=genuine_dns)
    assert report.verdict is Verdict.SUSPICIOUS
    item = next(e for e in report.evidence if e.id == "auth.dkim.0")
    assert item.title.id == "auth.sig.forwarded.title"
    assert item.title.params["what"] == Msg("auth.sig.added.footer")
    assert report.details["auth"]["signatures"][0]["addition"] == "footer"
    # The same footer without any list header is the same proven addition.
    bare = head + sep + body + footer
    assert analyse(bare, Settings(), resolver=genuine_dns).verdict is Verdict.SUSPICIOUS
    # A rewritten body under a List-Id is not an addition: tampering.
    rewritten = (b"List-Id: Family <family.lists.example>\n" + head + sep
                 + body.replace(b"a", b"e", 3))
    assert rewritten != listed
    assert analyse(rewritten, Settings(), resolver=genuine_dns).verdict is Verdict.PHISHING
    # A signed header changed on the way is a failure, list or not.
    forged = listed.replace(b"Subject: Verify your new Amazon account",
                            b"Subject: Verify your Amazon account now", 1)
    assert forged != listed
    assert analyse(forged, Settings(), resolver=genuine_dns).verdict is Verdict.PHISHING
