"""§2 The brand as people read it: joined, look-alike, spaced, katakana, and in images."""

from __future__ import annotations

import pytest
from mailgen import build, judge

from honmono.brands.registry import load
from honmono.checks.claim import detect_claim
from honmono.core.model import Verdict
from honmono.mail.parse import parse

LURE = ("お客様のお支払い方法に問題があります。こちらから更新してください。\n"
        "https://pay-update.example/login\n")


def claim_of(raw: bytes):
    return detect_claim(parse(raw), load())


@pytest.mark.parametrize("display", [
    "AmazonPay", "AmazonPrime", "AmazonJP", "PrimeVideo", "アマゾン", "プライムビデオ",
    "アマゾンプライム", "Amazon-Security-Team", "amazon_account_service",
])
def test_joined_and_katakana_names_claim(display: str) -> None:
    raw = build(from_=f'"{display}" <info@pay-update.example>', subject="お知らせ", text=LURE)
    report = judge(raw)
    assert report.claim.strong, display
    assert report.verdict is Verdict.PHISHING


@pytest.mark.parametrize("display", [
    "Amaz0n", "Arnazon.co.jp", "A m a z o n", "A.m.a.z.o.n", "AMAZ0N Support", "Pr1me Video",
])
def test_ascii_lookalikes_and_spaced_letters_are_a_disguise(display: str) -> None:
    raw = build(from_=f'"{display}" <info@pay-update.example>', subject="お知らせ", text=LURE)
    report = judge(raw)
    assert report.claim.strong and "display name" in report.claim.disguised, display
    assert report.verdict is Verdict.PHISHING


@pytest.mark.parametrize("subject", ["Your Amaz0n account is on hold", "A m a z o n: 支払い失敗"])
def test_disguised_subject_claims(subject: str) -> None:
    raw = build(from_='"Support" <info@pay-update.example>', subject=subject, text=LURE)
    assert "subject" in judge(raw).claim.disguised


@pytest.mark.parametrize("display", [
    "Amazonas Tours", "Primero Hotels", "Arnold Zonneveld", "Room 101", "Team 10",
])
def test_ordinary_names_stay_ordinary(display: str) -> None:
    raw = build(from_=f'"{display}" <info@example.jp>', subject="hello",
                text="ご予約ありがとうございました。\n")
    assert claim_of(raw).brand is None, display


def test_katakana_account_phrase_in_body_claims() -> None:
    raw = build(from_='"Support" <info@pay-update.example>', subject="重要なお知らせ",
                text="アマゾンアカウントの確認が必要です。\n" + LURE)
    assert judge(raw).verdict is Verdict.PHISHING


def test_image_only_mail_with_amazon_image_linking_off_amazon_is_phishing() -> None:
    html = ('<html><body><a href="https://pay-update.example/l">'
            '<img src="https://cdn.pay-update.example/banner.png" alt="Amazon"></a>'
            "</body></html>")
    report = judge(build(from_='"Notice" <n@pay-update.example>', subject="お知らせ",
                         html=html))
    assert [r.id for r in report.claim.reasons] == ["claim.image"]
    assert report.verdict is Verdict.PHISHING


def test_image_title_names_the_brand() -> None:
    """No alt text, only the title a reader sees on hover."""
    html = ('<html><body><a href="https://pay-update.example/l">'
            '<img src="https://cdn.pay-update.example/b.png" title="Amazon プライム"></a>'
            "</body></html>")
    report = judge(build(from_='"Notice" <n@pay-update.example>', subject="Info", html=html))
    assert [r.id for r in report.claim.reasons] == ["claim.image"]
    assert report.verdict is Verdict.PHISHING


def test_image_file_name_names_the_brand() -> None:
    html = ('<html><body><a href="https://pay-update.example/l">'
            '<img src="https://cdn.pay-update.example/img/amazon_logo.png"></a></body></html>')
    report = judge(build(from_='"Notice" <n@pay-update.example>', subject="Info", html=html))
    assert report.claim.brand is not None and report.verdict is Verdict.PHISHING


def test_amazon_image_in_a_mail_with_its_own_words_is_only_a_mention() -> None:
    html = ("<html><body><p>" + "今週のおすすめ商品をご紹介します。" * 12 + "</p>"
            '<a href="https://www.amazon.co.jp/dp/4101010013">'
            '<img src="https://shop.example/buy-on-amazon.png" alt="Amazonで見る"></a>'
            "</body></html>")
    raw = build(from_='"Kurashi Store" <news@kurashistore.example>', subject="今週のおすすめ",
                html=html)
    assert judge(raw).verdict is Verdict.NOT_AMAZON


def test_the_adjective_audible_in_a_subject_is_no_claim() -> None:
    raw = build(from_='"Ken" <ken@example.jp>', subject="Barely audible hum from my PC",
                text="Any idea? https://forum.example/t/1\n")
    assert claim_of(raw).brand is None
    raw = build(from_='"Audible Support" <help@audible-help.example>', subject="hello",
                text="Your membership https://audible-help.example/\n")
    assert claim_of(raw).strong
