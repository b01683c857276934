"""Attacker round 4: what a DKIM signature and its key record say, read the way RFC 6376
reads them, and headers a signature leaves open. Each case was given the verdicts a
careful expert accepts before Honmono was run on it:

* a forged, replayed or altered mail is never ``genuine``;
* Amazon's mail as Amazon sends it (From, Subject, To, MIME-Version and Content-Type
  signed, key published for email, DMARC aligned) is never ``phishing``.
"""

from __future__ import annotations

import time

import pytest
from authkit import (
    FakeDns,
    Key,
    amazon_dns,
    auth_verdict,
    notice_mail,
    rsa_key,
    run_auth,
    sign,
    sign_by_hand,
)

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse

REGISTERED = Settings(names=("田中太郎",), addresses=("taro@example.jp",))
LURE_HTML = ('<html><body><p>お客様のアカウントは停止されました。</p>'
             '<a href="https://amazon-account-verify.example/">確認する</a></body></html>')
ALL = ["from", "to", "subject", "date", "message-id", "mime-version", "content-type",
       "content-transfer-encoding"]


def sign_with(mail: bytes, *, include: list[str] | None = None,
              extra: list[tuple[bytes, bytes]] = (), key: Key | None = None,
              domain: str = "amazon.co.jp", selector: str = "s2048") -> bytes:
    """A signature with tags dkimpy's signer does not write (x=, i=, a future t=)."""
    return sign_by_hand(mail, include or ALL, extra=extra, domain=domain, selector=selector,
                        key=key)


def key_dns(record_suffix: str) -> FakeDns:
    """Amazon's key with tags added to its record."""
    key = rsa_key(2048)
    return FakeDns({"s2048._domainkey.amazon.co.jp": [key.record + record_suffix]})


def verdict(raw: bytes, dns: FakeDns | None = None) -> Verdict:
    return analyse(raw, REGISTERED, resolver=dns or amazon_dns()).verdict


def test_baseline_amazon_shape_is_genuine() -> None:
    assert verdict(sign_with(notice_mail())) is Verdict.GENUINE


# -------------------------------------------------------------- duplicated headers

def test_oversigned_from_with_a_from_added_on_top_is_not_genuine() -> None:
    raw = sign(notice_mail(), include=[b"from", b"from", *(h.encode() for h in ALL[1:])])
    raw = b'From: "Amazon" <account-update@amazon.co.jp>\r\n' + raw
    assert verdict(raw) is not Verdict.GENUINE


def test_second_from_added_below_the_signed_one_is_not_genuine() -> None:
    raw = sign(notice_mail()).replace(b"\r\n\r\n", b"\r\nFrom: <help@evil.example>\r\n\r\n", 1)
    assert verdict(raw) is not Verdict.GENUINE


def test_second_content_type_on_top_is_not_genuine() -> None:
    # The signed text/plain stays below; a reader that takes the first one renders the
    # body as HTML.
    raw = b"Content-Type: text/html; charset=UTF-8\r\n" + sign(notice_mail())
    assert verdict(raw) is not Verdict.GENUINE


def test_from_with_a_space_before_the_colon_among_the_headers_is_not_genuine() -> None:
    # (At the very top, "From :" is an mbox separator line that every reader skips.)
    signed = sign(notice_mail())
    raw = signed.replace(b"\r\nFrom:", b"\r\nFrom : <help@evil.example>\r\nFrom:", 1)
    assert verdict(raw) is not Verdict.GENUINE


# ----------------------------------------------------- what h= leaves out of reach

def test_signature_without_content_type_lets_the_rendering_change() -> None:
    # Amazon's own words and link; only how they are shown is left open.
    mail = notice_mail(body="<p>" + LURE_HTML.replace("amazon-account-verify.example",
                                                      "www.amazon.co.jp") + "</p>\r\n")
    signed = sign_with(mail, include=[h for h in ALL
                                      if h not in ("content-type", "mime-version")])
    raw = signed.replace(b"Content-Type: text/plain", b"Content-Type: text/html")
    # Amazon signs Content-Type; a signature that does not leaves the shown form open.
    assert verdict(raw) is not Verdict.GENUINE


def test_signature_without_subject_with_the_subject_replaced_is_not_genuine() -> None:
    signed = sign_with(notice_mail(), include=[h for h in ALL if h != "subject"])
    raw = signed.replace(b"Subject: =?UTF-8?B?", b"Subject: =?UTF-8?B?44Ki", 1)
    assert verdict(raw) is not Verdict.GENUINE


def test_signature_without_to_replayed_to_the_user_is_not_genuine() -> None:
    mail = notice_mail().replace(b"To: taro@example.jp", b"To: attacker@evil-mail.example")
    signed = sign_with(mail, include=[h for h in ALL if h != "to"])
    raw = signed.replace(b"To: attacker@evil-mail.example", b"To: taro@example.jp")
    assert verdict(raw) is not Verdict.GENUINE


def test_body_length_zero_with_a_new_body_is_not_genuine() -> None:
    raw = sign_with(notice_mail(body=""), extra=[(b"l", b"0")]).rstrip(b"\r\n") + (
        b"\r\n\r\n" + LURE_HTML.encode() + b"\r\n")
    assert verdict(raw) is not Verdict.GENUINE


def test_html_added_after_the_closing_html_under_l_is_not_genuine() -> None:
    mail = notice_mail(body=LURE_HTML.replace("amazon-account-verify.example",
                                              "www.amazon.co.jp") + "\r\n")
    mail = mail.replace(b"text/plain", b"text/html")
    raw = sign(mail, length=True) + LURE_HTML.encode() + b"\r\n"
    assert verdict(raw) is not Verdict.GENUINE


def test_html_part_inserted_into_a_signed_plain_alternative_is_not_genuine() -> None:
    body = ("--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            "ご注文ありがとうございます。\r\n--b1--\r\n")
    mail = notice_mail(body=body).replace(
        b"Content-Type: text/plain; charset=UTF-8",
        b'Content-Type: multipart/alternative; boundary="b1"')
    signed = sign(mail)
    added = ("--b1\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n" + LURE_HTML + "\r\n")
    raw = signed.replace(b"--b1--", added.encode() + b"--b1--")
    assert verdict(raw) is not Verdict.GENUINE


# ------------------------------------------------------------ signature tags

def test_expired_signature_is_neither_genuine_nor_phishing() -> None:
    past = str(int(time.time()) - 30 * 86400).encode()
    raw = sign_with(notice_mail(), extra=[(b"t", past), (b"x", past)])
    ev, ctx = run_auth(raw, resolver=amazon_dns())
    assert auth_verdict(ev, ctx) is Verdict.SUSPICIOUS


def test_signature_from_the_future_is_not_phishing() -> None:
    future = str(int(time.time()) + 365 * 86400).encode()
    raw = sign_with(notice_mail(), extra=[(b"t", future)])
    assert verdict(raw) is not Verdict.PHISHING


def test_identity_outside_the_signing_domain_is_not_genuine() -> None:
    raw = sign_with(notice_mail(), extra=[(b"i", b"@evil.example")])
    assert verdict(raw) is not Verdict.GENUINE


def test_identity_in_a_subdomain_is_amazons_choice() -> None:
    raw = sign_with(notice_mail(), extra=[(b"i", b"account-update@mail.amazon.co.jp")])
    assert verdict(raw) is Verdict.GENUINE


# ------------------------------------------------------------------- key records

def test_testing_key_proves_nothing() -> None:
    # RFC 6376 §3.6.1 t=y: verifiers MUST NOT treat such mail differently from unsigned
    # mail — not a proof, and Amazon's own (unsigned) From is not decisive either way here.
    assert verdict(sign_with(notice_mail()), key_dns("; t=y")) is not Verdict.GENUINE


def test_key_for_another_service_proves_nothing() -> None:
    # s= lists the services the key may serve; "email" or "*" is needed (§3.6.1).
    assert verdict(sign_with(notice_mail()), key_dns("; s=tlsrpt")) is not Verdict.GENUINE


def test_key_restricted_to_sha1_cannot_verify_sha256() -> None:
    # h= in the key lists the hashes it may be used with (§3.6.1).
    assert verdict(sign_with(notice_mail()), key_dns("; h=sha1")) is not Verdict.GENUINE


def test_strict_key_refuses_a_subdomain_identity() -> None:
    # t=s: the i= domain must be d= itself, not a subdomain (§3.6.1).
    raw = sign_with(notice_mail(), extra=[(b"i", b"@mail.amazon.co.jp")])
    assert verdict(raw, key_dns("; t=s")) is not Verdict.GENUINE


@pytest.mark.parametrize("suffix", ["; s=email", "; s=*", "; h=sha256", "; t=s",
                                    "; s=email:tlsrpt", "; h=sha1:sha256"])
def test_keys_that_allow_the_signature_still_prove(suffix: str) -> None:
    assert verdict(sign_with(notice_mail()), key_dns(suffix)) is Verdict.GENUINE


def test_768_bit_key_is_not_proof() -> None:
    key = rsa_key(768)
    raw = sign_with(notice_mail(), key=key)
    assert verdict(raw, amazon_dns(key=key)) is not Verdict.GENUINE


# --------------------------------------------------------------- From's domain

@pytest.mark.parametrize("addr", ["account-update@AMAZON.CO.JP",
                                  "account-update@amazon.co.jp."])
def test_amazons_signed_from_in_another_spelling_is_never_phishing(addr: str) -> None:
    assert verdict(sign_with(notice_mail(from_addr=addr))) is not Verdict.PHISHING


@pytest.mark.parametrize("addr", ["account-update@amazon.co.jp.",
                                  "account-update@AMAZON.co.jp"])
def test_unsigned_from_in_another_spelling_is_not_genuine(addr: str) -> None:
    assert verdict(notice_mail(from_addr=addr)) is not Verdict.GENUINE
