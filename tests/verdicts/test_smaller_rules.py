"""§7 Smaller rules: callbacks, small fees, the footer that vouches for nothing, and
genuine wording that must not add doubt."""

from __future__ import annotations

import pytest
from mailgen import build, ids, judge

from honmono.core.model import Msg, Verdict
from honmono.core.settings import Settings

SCAM_FROM = '"Amazon.co.jp" <support@amazon-jp-help.example>'
AMAZON_FROM = '"Amazon.co.jp" <auto-confirm@amazon.co.jp>'


@pytest.mark.parametrize(("case", "text"), [
    ("number-on-next-line", "ご注文のキャンセルは下記までお電話ください。\n"
                            "サポートセンター: 050-1234-5678\n"),
    ("number-two-lines-down", "返金手続きのため、至急ご連絡ください。\n\n受付窓口\n"
                              "TEL 0120-123-456\n"),
    ("english-next-line", "Please call our support team to cancel this order.\n\n"
                          "Support line: +1 888 555 0199\n"),
])
def test_callback_across_lines_is_found(case: str, text: str) -> None:
    report = judge(build(from_='"Support" <cs@helpdesk.example>', subject="Amazon キャンセル",
                         text="Amazon.co.jp をご利用いただきありがとうございます。\n" + text))
    assert "wording.callback" in ids(report), case


@pytest.mark.parametrize("text", [
    "販売事業者の電話番号: 03-1234-5678\n",
    "Seller phone: (202) 333-0008\n",
    "TEL: 03-1234-5678\n",
])
def test_labelled_field_in_a_receipt_is_information(text: str) -> None:
    raw = build(from_=AMAZON_FROM, subject="Amazon.co.jp ご注文の確認", signed_by="amazon.co.jp",
                text="田中太郎 様\nご注文ありがとうございます。\n" + text +
                     "https://www.amazon.co.jp/gp/css/order-history\n")
    report = judge(raw, "amazon.co.jp")
    assert "wording.callback" not in ids(report)
    assert report.verdict is Verdict.GENUINE


def test_signed_mail_asking_for_a_call_is_never_green() -> None:
    raw = build(from_=AMAZON_FROM, subject="Amazon.co.jp ご注文の確認", signed_by="amazon.co.jp",
                text="田中太郎 様\nご注文に問題があります。下記までお電話ください。\n"
                     "0120-123-456\n")
    assert judge(raw, "amazon.co.jp").verdict is Verdict.SUSPICIOUS


@pytest.mark.parametrize("text", [
    "お荷物をお届けできませんでした。再配達料金 330円 をお支払いください。\n",
    "関税 210円 の未払いがあります。本日中にお支払いをお願いします。\n",
    "Your parcel is on hold. Please pay the redelivery fee of $1.99 today.\n",
])
def test_small_fee_request_is_a_red_flag(text: str) -> None:
    report = judge(build(from_=SCAM_FROM, subject="Amazon 配送のお知らせ",
                         text=text + "https://amazon-jp-help.example/pay\n"))
    assert "wording.fee_request" in ids(report)
    assert report.verdict is Verdict.PHISHING


def test_order_total_in_a_receipt_is_not_a_fee_request() -> None:
    raw = build(from_=AMAZON_FROM, subject="Amazon.co.jp ご注文の確認", signed_by="amazon.co.jp",
                text="田中太郎 様\nご注文ありがとうございます。\n配送料: 410円\nご請求額: 2,390円\n"
                     "https://www.amazon.co.jp/gp/css/order-history\n")
    assert "wording.fee_request" not in ids(judge(raw, "amazon.co.jp"))


FOOTER = "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\n"


def test_correct_footer_does_not_vouch_for_buttons_elsewhere() -> None:
    text = ("田中太郎 様\nアカウントを確認してください。\n" + FOOTER +
            "https://www.amazon.co.jp/a/c/r/AbCdEf123456\n")
    html = ('<p>アカウントを確認してください。</p>'
            '<a href="https://amazon-verify.example/a/c/r/ZzZz99887766">確認する</a>'
            "<p>" + FOOTER + "https://www.amazon.co.jp/a/c/r/AbCdEf123456</p>")
    report = judge(build(from_=SCAM_FROM, subject="アカウントの確認", text=text, html=html))
    got = ids(report)
    assert "links.footer_genuine" not in got
    assert "links.footer_overruled" in got
    assert report.verdict is Verdict.PHISHING


def test_footer_and_button_tokens_that_disagree_are_named() -> None:
    text = "田中太郎 様\n" + FOOTER + "https://www.amazon.co.jp/a/c/r/AbCdEf123456\n"
    html = ('<a href="https://www.amazon.co.jp/a/c/r/QqQq55443322">確認する</a>'
            "<p>" + FOOTER + "https://www.amazon.co.jp/a/c/r/AbCdEf123456</p>")
    report = judge(build(from_=AMAZON_FROM, subject="amazon.co.jp: パスワード回復", text=text,
                         html=html))
    assert "links.footer_token_mismatch" in ids(report)


def test_footer_and_buttons_that_agree_keep_the_green_line() -> None:
    text = "田中太郎 様\n" + FOOTER + "https://www.amazon.co.jp/a/c/r/AbCdEf123456\n"
    html = ('<a href="https://www.amazon.co.jp/a/c/r/AbCdEf123456">確認する</a>'
            "<p>" + FOOTER + "https://www.amazon.co.jp/a/c/r/AbCdEf123456</p>")
    got = ids(judge(build(from_=AMAZON_FROM, subject="amazon.co.jp: パスワード回復", text=text,
                          html=html)))
    assert "links.footer_genuine" in got and "links.footer_token_mismatch" not in got


GENUINE_WORDING = {
    "katakana-product-names-with-spaces": (
        "田中太郎 様\nご注文ありがとうございます。\n"
        "商品: アイリスオーヤマ サーキュレーター アイ ボール 静音 ホワイト\n"
        "商品: サンディスク マイクロSD カード 128GB\n"
        "https://www.amazon.co.jp/gp/css/order-history\n"),
    "otp-entered-on-amazon": (
        "田中太郎 様\n\nサインインを完了するには、次のワンタイムパスワードを"
        "Amazonのサインイン画面に入力してください。\n\n123456\n\nこのコードを他人と共有しないでください。\n"),
}


@pytest.mark.parametrize("case", sorted(GENUINE_WORDING))
def test_genuine_wording_adds_no_doubt(case: str) -> None:
    raw = build(from_=AMAZON_FROM, subject="Amazon.co.jp からのお知らせ",
                text=GENUINE_WORDING[case], signed_by="amazon.co.jp")
    report = judge(raw, "amazon.co.jp")
    assert report.verdict is Verdict.GENUINE
    assert not [e.id for e in report.evidence if e.category.key == "wording"
                and e.status.value in ("warn", "fail")], case


def test_scam_spacing_inside_a_sentence_is_still_odd() -> None:
    raw = build(from_=SCAM_FROM, subject="Amazon アカウント",
                text="お客様のアカウ ントは停止されました。お支払い方 法をご確認くださ い。"
                     "セキュリ ティのためです。\nhttps://amazon-jp-help.example/\n")
    assert "wording.unnatural" in ids(judge(raw))


@pytest.mark.parametrize("greeting", ["Taro Tanaka 様", "Tanaka Taro 様"])
def test_romanised_name_is_offered_in_both_orders_not_doubted(greeting: str) -> None:
    raw = build(from_=AMAZON_FROM, subject="Amazon.co.jp ご注文の確認", signed_by="amazon.co.jp",
                text=f"{greeting}\n\nご注文を承りました。\n"
                     "https://www.amazon.co.jp/gp/css/order-history\n")
    report = judge(raw, "amazon.co.jp", settings=Settings(names=("田中太郎",)))
    ev = next(e for e in report.evidence if e.id == "greeting.romanised_name")
    assert isinstance(ev.detail, Msg)
    assert {ev.detail.params["name"], ev.detail.params["reversed"]} == {"Taro Tanaka",
                                                                        "Tanaka Taro"}
    assert report.verdict is Verdict.GENUINE
