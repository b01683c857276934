"""Claim detection: who presents itself as Amazon, and who merely mentions it."""

from __future__ import annotations

import pytest
from builders import make_mail

from honmono.brands.registry import load
from honmono.checks.claim import detect_claim
from honmono.core.model import Msg
from honmono.mail.parse import parse


def claim(raw: bytes):
    return detect_claim(parse(raw), load())


@pytest.mark.parametrize("from_", [
    '"Amazon.co.jp" <info@evil.example>',
    '"Aܿmܿaܿzܿoܿn Sܿeܿrܿvicܿe" <cs@evil.example>',     # combining marks
    '"Amаzon.com" <cs@evil.example>',                  # Cyrillic а
    '"Αmazοn.fr" <noreply@evil.example>',               # Greek Α and ο
    '"アマゾン" <x@evil.example>',
    '"Prime US e-Center" <x@evil.example>',
    '"Prime" <x@evil.example>',
    '"Alexa Support" <x@evil.example>',    # Amazon's services by name, beside service words
    '"Alexaサポート" <x@evil.example>',
    '"Kindle" <x@evil.example>',
    '"Fire TV Stick Help" <x@evil.example>',
    "Max Steller von Amazon,(<service@evil.example>)",  # broken header
    "x <account-update@amazon.co.jp>",
    "x <a@amazon.de>",
])
def test_strong_claims(from_: str) -> None:
    c = claim(make_mail(from_=from_, subject="hello"))
    assert c.brand == "Amazon" and c.strong, c


@pytest.mark.parametrize("from_", [
    '"Bradesco Prime" <x@bank.example>',   # another brand's "Prime"
    '"Alexa" <x@example.jp>',              # a given name alone
    '"Alexa Smith" <x@example.jp>',
    '"Alexa田中" <x@example.jp>',
    '"Kindle Fire Pizza" <x@pizza.example>',
    '"Echo Support" <x@echo.example>',     # "Echo" alone is no service name
    '"Fire Safety Team" <x@city.example>',
    '"Amazonas Tours" <x@tours.example>',  # a word that starts like the brand
    '"Taro Yamada" <taro@example.jp>',
])
def test_not_claims(from_: str) -> None:
    assert claim(make_mail(from_=from_, subject="hello")).brand is None


def test_friend_sharing_a_product_link_is_not_a_claim() -> None:
    raw = make_mail(from_="Hanako <hanako@example.jp>", subject="これ良さそう",
                    text="この本どう? https://www.amazon.co.jp/dp/4101010013 Amazonで安いよ")
    assert claim(raw).brand is None


def test_subject_claim_is_weak() -> None:
    c = claim(make_mail(from_="x <x@evil.example>", subject="Your Amazon order has shipped"))
    assert c.brand == "Amazon" and not c.strong


def test_body_speaking_as_amazon_is_weak_claim() -> None:
    raw = make_mail(from_="Notify <x@evil.example>", subject="Activity",
                    text="Thank you.\nAmazon Account Security\nCopyright 2026, Amazon.com, Inc.")
    c = claim(raw)
    assert c.brand == "Amazon" and not c.strong


def test_genuine_footer_is_a_strong_claim() -> None:
    raw = make_mail(from_="x <x@evil.example>", subject="確認",
                    text="このEメールのリンクは「https://www.amazon.co.jp」で始まります。")
    assert claim(raw).strong


def test_brand_name_in_look_alike_characters_is_disguised() -> None:
    c = claim(make_mail(from_="Support <x@evil.example>",
                        subject="Your Amаzon accоunt is on hоld"))
    assert c.disguised == ("subject",)
    assert claim(make_mail(from_="Support <x@evil.example>",
                           subject="Your Amazon account")).disguised == ()


def test_reasons_are_catalogue_ids_with_what_was_found() -> None:
    c = claim(make_mail(from_='"Amazon.co.jp" <info@evil.example>',
                        subject="Amazon: your account"))
    # The From header as a reader sees it, the address taken out, quoted by repr.
    assert c.reasons == (Msg("claim.display_name", {"name": repr('"Amazon.co.jp" < >')}),
                         Msg("claim.subject"))
    lookalike = claim(make_mail(from_="x <info@amaz0n-security.example>", subject="hello"))
    assert lookalike.reasons[0] == Msg("claim.lookalike_domain",
                                       {"header": "From", "domain": "amaz0n-security.example"})
    genuine = claim(make_mail(from_="x <account-update@amazon.co.jp>", subject="hello"))
    assert genuine.reasons[0] == Msg("claim.domain",
                                     {"header": "From", "domain": "amazon.co.jp"})
    # Each ground once, however often it was found.
    assert len(set(map(repr, genuine.reasons))) == len(genuine.reasons)
