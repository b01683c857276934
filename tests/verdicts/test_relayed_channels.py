"""§4 A signature proves who sent it, not who wrote it: relayed channels.

Every mail here is really signed by Amazon's domain with a key the test publishes; what
varies is what the third party wrote inside.
"""

from __future__ import annotations

import pytest
from mailgen import build, ids, judge

from honmono.core.model import Verdict

SELLER_FROM = '"Kurashi Shop - Amazon Marketplace" <abcd1234efgh@marketplace.amazon.co.jp>'


def seller_message(body: str, footer: str = "") -> bytes:
    text = ("田中太郎 様\n\n出品者 Kurashi Shop からお客様へのメッセージです。\n\n"
            "------------- メッセージ: -------------\n\n" + body +
            "\n\n------------- メッセージの終わり -------------\n\n"
            + footer + "このメールへの返信は出品者に転送されます。\n"
            "https://www.amazon.co.jp/gp/help/customer/display.html\n")
    return build(from_=SELLER_FROM, text=text, signed_by="amazon.co.jp",
                 subject="Kurashi Shop からのメッセージ (注文: 250-1234567-1234567)")


def test_clean_seller_message_is_genuine_and_says_who_wrote_it() -> None:
    report = judge(seller_message("ご注文ありがとうございます。明日発送します。"),
                   "amazon.co.jp")
    assert report.verdict is Verdict.GENUINE
    assert "sender.relayed" in ids(report)
    assert report.details["relay"]["channel"] == "marketplace"
    assert report.summary.id == "verdict.summary.genuine_relayed"


@pytest.mark.parametrize(("case", "body"), [
    ("callback-number", "システムの不具合で返金できません。050-1234-5678 までお電話ください。"),
    ("line-id", "返金のご案内はLINEで行います。LINE ID: kurashi_refund を追加してください。"),
    ("line-friend", "ラインで友だち追加をお願いします。"),
    ("bank-transfer", "返金のため、こちらの口座情報をご返信ください。"),
    ("whatsapp", "Please contact us on WhatsApp for your refund."),
])
def test_seller_lure_in_signed_mail_is_phishing(case: str, body: str) -> None:
    report = judge(seller_message(body), "amazon.co.jp")
    assert report.verdict is Verdict.PHISHING, case
    assert any(e.signal.name == "PROOF" for e in report.evidence), "the signature is real"


def test_seller_link_off_amazon_is_at_most_suspicious() -> None:
    report = judge(seller_message("レビューはこちら https://kurashi-review.example/r"),
                   "amazon.co.jp")
    assert report.verdict is Verdict.SUSPICIOUS
    assert "links.relayed_foreign" in ids(report)


def test_receipt_field_outside_the_relayed_block_is_not_a_lure() -> None:
    raw = seller_message("ご注文ありがとうございます。",
                         footer="販売事業者の電話番号: 03-1234-5678\n")
    assert judge(raw, "amazon.co.jp").verdict is Verdict.GENUINE


def gift_card(message: str) -> bytes:
    text = ("山田花子 さんからAmazonギフトカードが届きました。\n\n"
            f"メッセージ: {message}\n\n"
            "ギフトカードを登録する: https://www.amazon.co.jp/gc/redeem\n")
    return build(from_='"Amazon.co.jp" <gc-orders@gc.email.amazon.co.jp>',
                 subject="山田花子 さんからAmazonギフトカードが届きました", text=text,
                 signed_by="amazon.co.jp")


def test_clean_gift_card_message_is_genuine() -> None:
    report = judge(gift_card("お誕生日おめでとう!"), "amazon.co.jp")
    assert report.verdict is Verdict.GENUINE and report.details["relay"]["channel"] == "gift_card"


def test_gift_card_message_asking_for_a_call_is_phishing() -> None:
    report = judge(gift_card("アカウント停止の件で 0120-123-456 へ至急お電話ください"),
                   "amazon.co.jp")
    assert report.verdict is Verdict.PHISHING


def test_aws_notification_with_amazon_topic_name_is_phishing() -> None:
    raw = build(from_='"Amazon Account Security" <no-reply@sns.amazonaws.com>',
                subject="Your Amazon account is suspended",
                text="Call 050-2222-3333 to restore your Amazon account.\n\n--\n"
                     "If you wish to stop receiving notifications from this topic, click below.\n",
                headers=[("x-amz-sns-message-id", "0f0e-test")], signed_by="amazonses.com")
    report = judge(raw, "amazonses.com")
    assert report.verdict is Verdict.PHISHING
    assert {"sender.relayed", "wording.relayed_contact"} <= ids(report)


def test_amazon_pay_merchant_note_asking_for_transfer_is_phishing() -> None:
    text = ("Amazon Pay をご利用いただきありがとうございます。\nご利用店舗: Kurashi Store\n"
            "販売事業者からのメッセージ: 決済エラーのため、下記口座へお振込みください。\n"
            "https://pay.amazon.co.jp/\n")
    raw = build(from_='"Amazon Pay" <no-reply@payments.amazon.co.jp>',
                subject="Amazon Pay ご利用のお知らせ", text=text, signed_by="amazon.co.jp")
    assert judge(raw, "amazon.co.jp").verdict is Verdict.PHISHING


def test_relayed_text_is_not_shown_on_mail_from_amazon_itself() -> None:
    raw = build(from_='"Amazon.co.jp" <auto-confirm@amazon.co.jp>', subject="ご注文の確認",
                text="田中太郎 様\nご注文ありがとうございます。\nhttps://www.amazon.co.jp/orders\n",
                signed_by="amazon.co.jp")
    report = judge(raw, "amazon.co.jp")
    assert report.verdict is Verdict.GENUINE and "relay" not in report.details


def test_gift_card_code_after_the_message_is_not_the_givers_words() -> None:
    text = ("Hanako sent you an Amazon.com Gift Card!\n\nMessage: Happy birthday, Taro!\n\n"
            "Gift card code: ABCD-EFGHIJ-KLMN\nAmount: $25.00\n"
            "Redeem: https://www.amazon.com/gc/redeem\n")
    raw = build(from_='"Amazon.com" <gc-orders@gc.email.amazon.com>',
                subject="Hanako sent you an Amazon.com Gift Card!", text=text,
                signed_by="amazon.com")
    report = judge(raw, "amazon.com")
    assert report.verdict is Verdict.GENUINE
    assert report.details["relay"]["excerpt"] == "happy birthday, taro!"


@pytest.mark.parametrize("body", ["", "------------- メッセージ: -------------",
                                  "------------- メッセージ: -------------\n" + "x" * 200_000,
                                  "\x00\ufffd" * 1000])
def test_malformed_relayed_blocks_give_a_verdict(body: str) -> None:
    report = judge(seller_message(body), "amazon.co.jp")
    assert report.verdict in (Verdict.GENUINE, Verdict.SUSPICIOUS, Verdict.PHISHING)


def test_online_and_guideline_are_not_line() -> None:
    body = ("オンラインでのお支払いを確認しました。ガイドラインに沿って明日発送します。"
            "deadline に注意。")
    assert judge(seller_message(body), "amazon.co.jp").verdict is Verdict.GENUINE


def test_line_request_in_amazons_own_signed_mail_is_never_green() -> None:
    raw = build(from_='"Amazon.co.jp" <auto-confirm@amazon.co.jp>', subject="ご注文の確認",
                text="田中太郎 様\n返金のご案内はLINEで行います。LINE ID: amzn-refund\n"
                     "https://www.amazon.co.jp/orders\n", signed_by="amazon.co.jp")
    report = judge(raw, "amazon.co.jp")
    assert "wording.messaging_contact" in ids(report)
    assert report.verdict is Verdict.SUSPICIOUS


def test_giver_name_in_the_subject_is_the_third_partys_words() -> None:
    text = "Amazonギフトカードが届きました。\n\nhttps://www.amazon.co.jp/gc/redeem\n"
    raw = build(from_='"Amazon.co.jp" <gc-orders@gc.email.amazon.co.jp>',
                subject="返金窓口 050-9999-0000 さんからAmazonギフトカードが届きました",
                text=text, signed_by="amazon.co.jp")
    assert judge(raw, "amazon.co.jp").verdict is Verdict.PHISHING
