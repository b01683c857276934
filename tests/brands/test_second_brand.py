"""A brand is data: Kitsune Books, a fictional bookshop that exists only in these tests'
data (fixtures/kitsune: its facts and catalogue), is recognised and judged by the unchanged
engine once its folder is registered, and Amazon's mail stays Amazon's beside it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from authkit import FakeDns, amazon_dns, notice_mail, rsa_key, sign
from builders import make_mail
from paths import FIXTURES

from honmono.brands import registry
from honmono.core.model import Report, Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.report.render import render_report

KITSUNE = Path(__file__).parent / "fixtures" / "kitsune"
SETTINGS = Settings(names=("田中太郎",), addresses=("taro@example.jp",))
# What tells the two brands apart in rendered words (the wire's "is_amazon" key aside).
AMAZON_WORDS = ("amazon", "アマゾン")


@pytest.fixture
def kitsune() -> Iterator[registry.Brand]:
    brand = registry.register(KITSUNE, "kitsune")
    try:
        yield brand
    finally:
        registry.unregister("kitsune")


def kitsune_mail(from_: str, subject: str, body: str) -> bytes:
    """A plain-text mail with the exact bytes a signature covers (as authkit.notice_mail)."""
    head = (f"From: {from_}\r\nTo: taro@example.jp\r\nSubject: {subject}\r\n"
            "Date: Mon, 03 Nov 2025 00:56:00 +0000\r\n"
            "Message-ID: <loan-1@mail.kitsune-books.example>\r\n"
            "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
            "Content-Transfer-Encoding: 8bit\r\n")
    return (head + "\r\n" + body).encode("utf-8")


# The loan notice as the shop sends it: katakana display name (RFC 2047), the notice's
# subject and marker (facts/notices.json), the registered name, links to its own domain.
LOAN_NOTICE = kitsune_mail(
    "=?UTF-8?B?44Kt44OE44ON44OW44OD44Kv44K5?= <info@kitsune-books.example>",
    "=?UTF-8?B?44Kt44OE44ON44OW44OD44Kv44K5OiDosrjlh7rmnJ/pmZDjga7jgYrnn6XjgonjgZs=?=",
    "田中太郎様\r\n\r\n貸出中の本の返却期限が近づいています。\r\n返却期限: 2025年11月10日\r\n\r\n"
    "マイ本棚: https://www.kitsune-books.example/shelf\r\n\r\nキツネブックス\r\n")

LOOKALIKE_PHISH = make_mail(
    from_="Kitsune Books <support@kitsunebooks-security.example>",
    subject="【重要】キツネブックス会員資格の停止について",
    text="お客様\r\n\r\nお客様のアカウントは24時間以内に停止されます。"
         "パスワードを入力してください。\r\nhttp://kitsunebooks-security.example/login\r\n")


def kitsune_dns() -> FakeDns:
    return FakeDns().publish("kitsune-books.example", "s2048", rsa_key(2048))


def signed_loan_notice() -> bytes:
    return sign(LOAN_NOTICE, domain="kitsune-books.example")


def words(report: Report) -> str:
    """Every string a user can read in the rendered report, both languages (keys aside)."""
    out: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    for lang in ("ja", "en"):
        walk(render_report(report, lang))
    return "\n".join(out)


def test_unregistered_the_shop_is_nobody_the_engine_knows() -> None:
    report = analyse(signed_loan_notice(), SETTINGS, resolver=kitsune_dns())
    assert report.claim.brand is None
    assert report.verdict is Verdict.NO_CLAIM


def test_a_genuine_signed_kitsune_mail_is_genuine(kitsune: registry.Brand) -> None:
    report = analyse(signed_loan_notice(), SETTINGS, resolver=kitsune_dns())
    assert (report.claim.brand, report.brand) == ("Kitsune Books", "kitsune")
    assert report.claim.strong
    assert {r.id for r in report.claim.reasons} >= {"claim.domain", "claim.display_name"}
    assert report.verdict is Verdict.GENUINE
    ids = [e.id for e in report.evidence]
    assert "sender.from_official" in ids
    assert "notice.loan_due" in ids  # the shop's own notice kind, from its data
    rendered = render_report(report, "en")
    assert rendered["badge"]["title"] == "Genuine Kitsune Books mail"
    assert rendered["claim"]["is_amazon"] is True  # protocol 1: "speaks as the brand"
    assert not any(w in words(report).lower() for w in AMAZON_WORDS)


def test_a_wrong_key_is_not_the_shops_signature(kitsune: registry.Brand) -> None:
    # The same mail with a key the shop never published: the shop's own facts decide
    # whose keys are fetched, and a forged signature proves nothing.
    report = analyse(sign(LOAN_NOTICE, domain="kitsune-books.example", key=rsa_key(1024)),
                     SETTINGS, resolver=kitsune_dns())
    assert report.claim.brand == "Kitsune Books"
    assert report.verdict is not Verdict.GENUINE


def test_a_lookalike_kitsune_mail_is_phishing_in_kitsunes_words(
        kitsune: registry.Brand) -> None:
    report = analyse(LOOKALIKE_PHISH, SETTINGS, resolver=FakeDns())
    assert (report.claim.brand, report.brand) == ("Kitsune Books", "kitsune")
    assert report.verdict is Verdict.PHISHING
    ids = [e.id for e in report.evidence]
    assert {"sender.from_lookalike", "links.lookalike", "wording.known_scam_subject"} <= set(ids)
    for lang in ("ja", "en"):
        rendered = render_report(report, lang)
        lookalike = next(e for e in rendered["evidence"] if e["id"] == "sender.from_lookalike")
        assert "Kitsune Books" in lookalike["title"]
        assert "kitsunebooks-security.example" in lookalike["title"]
    text = words(report)
    assert not any(w in text.lower() for w in AMAZON_WORDS)
    # The shop's catalogue is the one consulted first: its own advice sentence.
    override = json.loads((KITSUNE / "messages.ja.json").read_text("utf-8"))
    assert any(getattr(a, "id", "") == "advice.open_official" for a in report.advice)
    assert override["advice.open_official"]["message"] in render_report(report, "ja")["advice"]


@pytest.mark.parametrize(("raw", "expected"), [
    # From the shop's own domain but unsigned, with its fee and contact lures.
    (kitsune_mail("Kitsune Books <info@kitsune-books.example>", "Kitsune Books: your loan is due",
                  "Dear customer\r\n\r\nYour loan is due. Pay the late fee of 500 yen now: "
                  "https://bit.ly/xyz\r\nCall us at 03-1234-5678. Add us on LINE ID: fox\r\n"),
     {"auth.no_brand_signature", "links.shortener", "wording.fee_request", "wording.callback",
      "wording.messaging_contact", "notice.loan_due"}),
    # The shop's domain in front of someone else's, shown as the real one; a prompt to
    # open an attachment.
    (make_mail(from_="Kitsune Books <info@kitsune-books.example>", subject="Kitsune Books",
               text="open the attachment",
               html='<p>Your Kitsune Books account</p><a href="https://www.kitsune-books.'
                    'example.evil.example/">https://www.kitsune-books.example/</a>'),
     {"links.brand_in_subdomain", "links.text_mismatch", "attachments.prompt_open"}),
], ids=["unsigned_lures", "brand_in_subdomain"])
def test_every_family_speaks_of_the_shop_not_of_amazon(
        kitsune: registry.Brand, raw: bytes, expected: set[str]) -> None:
    report = analyse(raw, SETTINGS, resolver=kitsune_dns())
    assert report.claim.brand == "Kitsune Books"
    assert report.verdict is Verdict.PHISHING
    assert expected <= {e.id for e in report.evidence}
    text = words(report)
    assert "Kitsune Books" in text
    assert not any(w in text.lower() for w in AMAZON_WORDS)


def test_a_katakana_display_name_from_elsewhere_claims_the_shop(
        kitsune: registry.Brand) -> None:
    raw = make_mail(from_="=?UTF-8?B?44Kt44OE44ON44OW44OD44Kv44K5?= <info@fox-mail.example>",
                    subject="ご案内", text="ご確認ください。")
    report = analyse(raw, SETTINGS, resolver=FakeDns())
    assert report.claim.brand == "Kitsune Books"
    assert report.claim.strong
    assert report.verdict in (Verdict.PHISHING, Verdict.SUSPICIOUS)


@pytest.mark.parametrize(("from_", "subject"), [
    ("Hanako <hanako@example.org>", "Lunch on Friday?"),
    # "Kitsune" names the shop only in a display name (display_name_only_words).
    ("Hanako <hanako@example.org>", "Kitsune udon for lunch?"),
])
def test_an_ordinary_mail_is_not_claimed(kitsune: registry.Brand, from_: str,
                                         subject: str) -> None:
    report = analyse(make_mail(from_=from_, subject=subject, text="Shall we?"), SETTINGS)
    assert report.claim.brand is None
    assert report.verdict is Verdict.NO_CLAIM
    assert report.evidence == []


def test_amazon_phishing_is_still_amazons(kitsune: registry.Brand) -> None:
    raw = (FIXTURES / "mail" / "links" / "lookalike-amaz0n.eml").read_bytes()
    report = analyse(raw, SETTINGS)
    assert (report.claim.brand, report.brand) == ("Amazon", "amazon")
    assert report.verdict is Verdict.PHISHING
    assert "Kitsune" not in words(report)


def test_amazon_genuine_mail_is_still_amazons(kitsune: registry.Brand) -> None:
    report = analyse(sign(notice_mail()), SETTINGS, resolver=amazon_dns())
    assert (report.claim.brand, report.brand) == ("Amazon", "amazon")
    assert report.verdict is Verdict.GENUINE


def test_registration_is_checked_and_undone(kitsune: registry.Brand) -> None:
    assert [b.key for b in registry.registered()] == ["amazon", "kitsune"]
    with pytest.raises(ValueError, match="registered already"):
        registry.register(KITSUNE, "kitsune")
    with pytest.raises(ValueError, match="shipped"):
        registry.unregister("amazon")
