"""The rules round 3 of held-out mails led to, at their edges: a free mailbox's display
name is a person's (its topic is theirs, its words speaking as Amazon are not); a subject
or first line headed with Amazon's name speaks as Amazon; gift cards are something people
talk about; a Japanese name beside a short Latin tag names its signed sender; signup.aws
is Amazon's."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen2 import third

from honmono.brands.registry import load
from honmono.net.domains import is_brand_domain


def _reasons(raw: bytes) -> list[str]:
    return [r.id for r in judge(raw).claim.reasons]


@pytest.mark.parametrize("subject", ["Amazon.co.jp: お支払い方法の更新が必要です",
                                     "【Amazon】お支払い情報に問題があります",
                                     "[Amazon] Payment declined",
                                     "Amazon：ご注文の確認",
                                     "Your Amazon order has been cancelled"])
def test_a_personal_mailbox_subject_in_amazons_voice_stays_a_claim(subject: str) -> None:
    raw = third('"Kenji Sato" <kenji.sato1987@gmail.com>', subject,
                "ご確認ください。\nhttps://check-payment.example/\n", "gmail.com",
                kind="phish").build()
    assert "claim.subject" in _reasons(raw)
    assert judge(raw).verdict.value in ("phishing", "suspicious")


@pytest.mark.parametrize("subject", ["Amazonで頼んだ本", "Re: Amazon: 注文の件",
                                     "the Amazon order", "Amazonのセール見た？"])
@pytest.mark.parametrize("name", ["山本 由美", "母"])
def test_a_personal_mailbox_subject_about_amazon_is_its_topic(subject: str, name: str) -> None:
    raw = third(f'"{name}" <yumi_yamamoto55@yahoo.co.jp>', subject,
                "今日届きました。\n", "yahoo.co.jp").build()
    report = judge(raw)
    assert report.verdict.value == "not_amazon", _reasons(raw)
    assert report.claim.third_party == name


def test_a_japanese_name_on_a_free_mailbox_is_no_organisation() -> None:
    """Before, "山本 由美" at yahoo.co.jp read as a third party whose weak claims were all
    mentions: a stolen mailbox's lure went unbadged."""
    raw = third('"山本 由美" <yumi_yamamoto55@yahoo.co.jp>', "ご確認ください",
                "Amazonプライム会員様\nアカウントを一時停止しました。\n"
                "https://prime-restart.example/signin\n", "yahoo.co.jp", kind="phish").build()
    assert _reasons(raw) == ["claim.body"]
    assert judge(raw).verdict.value == "phishing"


def test_the_same_japanese_name_on_its_own_signed_domain_is_a_third_party() -> None:
    raw = third('"山本商店" <info@yamamoto-shoten.example>', "Amazonでも販売中",
                "Amazonプライム会員様にも送料無料でお届けします。\n"
                "https://yamamoto-shoten.example/\n", "yamamoto-shoten.example").build()
    report = judge(raw)
    assert report.verdict.value == "not_amazon"
    assert report.claim.third_party.startswith("山本商店")


@pytest.mark.parametrize(("first", "claims"), [("【Amazon】お支払い情報に問題があります。", True),
                                               ("Amazon.co.jp: アカウントを確認してください", True),
                                               ("Amazonで買った本、届いたよ。", False)])
def test_a_first_line_headed_with_amazons_name_speaks_as_amazon(first: str,
                                                                 claims: bool) -> None:
    raw = third('"たかし" <takashi-0912@docomo.ne.jp>', "", f"{first}\nhttps://x.example/\n",
                "docomo.ne.jp").build()
    assert ("claim.body" in _reasons(raw)) is claims


def test_a_gift_card_is_a_persons_topic_but_claims_from_an_unknown_sender() -> None:
    text = "Amazonギフトカードを送りました。届いているか確認してね。\n"
    friend = third('"Mike Johnson" <mike.j.1979@icloud.com>', "Happy birthday", text,
                   "icloud.com").build()
    assert judge(friend).verdict.value == "not_amazon", _reasons(friend)
    stranger = third('"Rewards" <rewards@prize-center.example>', "Happy birthday", text,
                     None).build()
    assert "claim.body" in _reasons(stranger)


@pytest.mark.parametrize(("name", "third_party"), [("マネーフォワード ME", True),
                                                   ("家計簿アプリ JP", True),
                                                   ("カスタマー ID", False),
                                                   ("マネーフォワード Kakeibo", False)])
def test_a_japanese_name_beside_a_short_latin_tag_names_its_signed_sender(
        name: str, third_party: bool) -> None:
    raw = third(f'"{name}" <feedback@moneyforward.example>',
                "Amazon.co.jpの連携でエラーが発生しました", "連携情報を更新してください。\n",
                "moneyforward.example").build()
    assert bool(judge(raw).claim.third_party) is third_party


def test_signup_aws_is_amazons_and_other_aws_names_are_not() -> None:
    brand = load()
    assert is_brand_domain("signup.aws", brand)
    assert not is_brand_domain("signup-aws.com", brand)
    assert not is_brand_domain("aws-signup.net", brand)


def test_a_latin_name_not_matching_its_free_mailbox_keeps_its_topic_claims() -> None:
    """Only a Japanese-script name is taken on trust at a free mailbox: a throwaway
    "John Smith" <xk29a@gmail.com> writing about an Amazon Prime payment stays a claim."""
    raw = third('"John Smith" <xk29a@gmail.com>', "Amazon Prime payment failed",
                "Update your card: https://prime-card.example/\n", "gmail.com",
                kind="phish").build()
    assert "claim.subject" in _reasons(raw)
    assert judge(raw).verdict.value == "phishing"
