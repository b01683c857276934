"""§3 Amazon's family of sender domains: one list, with a source per domain, used alike."""

from __future__ import annotations

import json

import pytest
from mailgen import build, ids, judge

from honmono.brands.registry import folder, load
from honmono.core.model import Verdict
from honmono.net.domains import is_brand_domain, is_official

PRIME_VIDEO_NOTICE = ("田中太郎 様\n\n"
                      "Prime Video アカウントに新しいデバイスからサインインがありました。\n"
                      "お心当たりがない場合は、パスワードを変更してください。\n"
                      "https://www.primevideo.com/settings\n")


def test_every_family_domain_has_a_source() -> None:
    brand = load()
    entry = json.loads(folder("amazon").joinpath("facts", "senders.json")
                       .read_text("utf-8"))["organisational_domains"]
    sources = entry["value_sources"]
    assert set(sources) == set(entry["values"]) == set(brand.senders.organisational_domains)
    assert all(s in brand.sources for s in sources.values())


@pytest.mark.parametrize("domain", ["primevideo.com", "audible.co.jp", "audible.com",
                                    "amazon.co.jp", "kindle.com"])
def test_family_domain_is_the_brands_for_sender_and_links(domain: str) -> None:
    brand = load()
    assert is_brand_domain(f"mail.{domain}", brand)
    assert is_official(f"www.{domain}", brand)


@pytest.mark.parametrize(("from_", "domain", "subject"), [
    ('"Prime Video" <no-reply@primevideo.com>', "primevideo.com", "Prime Video: 新しいサインイン"),
    ('"Audible" <info@audible.co.jp>', "audible.co.jp", "Audible: 会員登録の確認"),
    ('"Audible" <no-reply@audible.com>', "audible.com", "Audible: your membership"),
])
def test_signed_family_mail_is_genuine(from_: str, domain: str, subject: str) -> None:
    raw = build(from_=from_, subject=subject, text=PRIME_VIDEO_NOTICE, signed_by=domain)
    report = judge(raw, domain)
    assert report.verdict is Verdict.GENUINE, [(e.id, e.signal) for e in report.evidence]
    assert "sender.from_official" in ids(report)


def test_unsigned_prime_video_from_is_phishing() -> None:
    raw = build(from_='"Prime Video" <no-reply@primevideo.com>', subject="Prime Video: 支払い失敗",
                text="お支払いに失敗しました。\nhttps://primevideo-billing.example/\n")
    assert judge(raw).verdict is Verdict.PHISHING


def test_relay_domains_are_not_family() -> None:
    """Amazon-owned relays of customer text do not speak as Amazon (relay.json)."""
    brand = load()
    assert not is_brand_domain("sns.amazonaws.com", brand)
