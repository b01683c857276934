"""Round 3 of held-out mails, written by a third author before Honmono was run on them:
personal mailboxes (gmail, yahoo.co.jp, icloud, docomo) that sign their own mail, taken
over to speak as Amazon or writing about their owner's own Amazon order; Japanese
carriers, card companies and household-accounts apps talking about Amazon parcels and
charges, and their imitations; Amazon's other senders (Amazon Business, AWS, Amazon Pay,
Kindle, Amazon's companies whose domains Honmono does not list) and their fakes; the
encodings Japanese mail arrives in (ISO-2022-JP, Shift_JIS, encoded words,
quoted-printable HTML); and a few tricks earlier rounds did not try.

Each case carries the verdicts a careful expert accepts, decided before the first run. A
personal mailbox provider signs its user's mail with its own domain (d=gmail.com, ...): a
signature there proves the mailbox, never the words.
"""

from __future__ import annotations

import base64
import quopri
from collections.abc import Callable
from email.header import Header
from email.message import EmailMessage

from unseen2 import (
    FLAGGED,
    GENUINE,
    MENTION_OR_DOUBT,
    NOT_AMAZON,
    PHISHING,
    Case,
    _sign,
    amazon,
    named,
    phish,
    third,
)

# Amazon's companies whose domains Honmono does not list: never red, any other verdict
# is defensible (they speak as themselves, an Amazon company at most in a footer).
NEVER_RED = frozenset({"genuine", "suspicious", "not_amazon"})
GENUINE_OR_DOUBT = frozenset({"genuine", "suspicious"})

# ------------------------------------------------------------------ raw encoded mails


def _encoded_words(text: str, charset: str) -> str:
    return Header(text, charset).encode() if not text.isascii() else text


def encoded(*, name: str, address: str, subject: str, body: str, charset: str,
            cte: str = "7bit", subtype: str = "plain") -> bytes:
    """A mail as Japanese mailers write it: display name and subject as encoded words
    in ``charset``, the body in ``charset`` under ``cte`` (7bit, 8bit, base64,
    quoted-printable)."""
    data = body.encode(charset)
    if cte == "base64":
        payload = base64.encodebytes(data)
    elif cte == "quoted-printable":
        payload = quopri.encodestring(data)
    else:
        payload = data
    payload = payload.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    head = (f"From: {_encoded_words(name, charset)} <{address}>\r\n"
            "To: taro@example.jp\r\n"
            f"Subject: {_encoded_words(subject, charset)}\r\n"
            "Date: Sat, 06 Dec 2025 08:30:00 +0900\r\n"
            "Message-ID: <r3-0a11@example.invalid>\r\n"
            "MIME-Version: 1.0\r\n"
            f"Content-Type: text/{subtype}; charset=\"{charset}\"\r\n"
            f"Content-Transfer-Encoding: {cte}\r\n\r\n")
    return head.encode("ascii") + payload


def raw_case(kind: str, build: Callable[[], bytes], accept: frozenset[str],
             keys: tuple[str, ...] = ()) -> Case:
    return Case("", kind, build, accept, keys)


def enc_amazon(domain: str, **kw: str) -> Case:
    return raw_case("genuine", lambda: _sign(encoded(**kw), domain, "amazonses.com"),
                    GENUINE, (domain, "amazonses.com"))


def enc_third(own: str | None, accept: frozenset[str] = NOT_AMAZON, kind: str = "mention",
              **kw: str) -> Case:
    def build() -> bytes:
        raw = encoded(**kw)
        return _sign(raw, own) if own else raw
    return raw_case(kind, build, accept)


# ------------------------------------------------- personal mailboxes, taken over or not


def person(from_: str, own: str, subject: str, text: str | None, html: str | None = None,
           accept: frozenset[str] = NOT_AMAZON, kind: str = "mention",
           extra: Callable[[EmailMessage], None] | None = None) -> Case:
    """A person's own mailbox: the provider signs it, whoever wrote the words."""
    return third(from_, subject, text, own, html, accept, extra, kind)


def _calendar_lure(msg: EmailMessage) -> None:
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
           "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20251207T010000Z\r\n"
           "DTEND:20251207T013000Z\r\n"
           "SUMMARY:【Amazon】プライム会費の自動更新に失敗しました\r\n"
           "DESCRIPTION:Amazonプライム会員様\\nお支払い方法を確認できませんでした。"
           "24時間以内に更新してください: https://prime-kaihi-update.top/jp\r\n"
           "ORGANIZER;CN=Yuki Mori:mailto:yuki.mori.0417@gmail.com\r\n"
           "UID:k2h7s@google.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    msg.add_attachment(ics.encode(), maintype="text", subtype="calendar",
                       filename="invite.ics", params={"method": "REQUEST"})


PERSONAL = [
    # Taken over: the words speak as Amazon, the mailbox is a person's.
    named("gmail_subject_speaks_as_amazon", person(
        '"Kenji Sato" <kenji.sato1987@gmail.com>', "gmail.com",
        "Amazon.co.jp: お支払い方法の更新が必要です",
        "お客様\n\nご登録のお支払い方法が承認されませんでした。\n"
        "以下のリンクから更新してください。\nhttps://amzn-billing-jp.com/update\n",
        accept=FLAGGED, kind="phish")),
    named("yahoo_body_prime_suspended", person(
        '"山本 由美" <yumi_yamamoto55@yahoo.co.jp>', "yahoo.co.jp", "ご確認ください",
        "Amazonプライム会員様\n\nプライム会費のお支払いが確認できなかったため、"
        "お客様のアカウントを一時停止しました。\n"
        "再開するにはこちらからサインインしてください: https://amazon-prime-saikai.net/signin\n\n"
        "Amazon.co.jp\n", accept=FLAGGED, kind="phish")),
    named("icloud_english_account_locked", person(
        '"Mike Johnson" <mike.j.1979@icloud.com>', "icloud.com",
        "Unusual sign-in activity on your account",
        "Dear Customer,\n\nWe noticed an unusual sign-in to your Amazon account from a new"
        " device. Your account has been locked for your protection.\n"
        "Confirm your identity within 24 hours: https://amazon-account-restore.info/verify\n\n"
        "Amazon Account Security\n", accept=FLAGGED, kind="phish")),
    named("docomo_sms_style", person(
        '"たかし" <takashi-0912@docomo.ne.jp>', "docomo.ne.jp", "",
        "【Amazon】お支払い情報に問題があります。アカウントを保護するため確認してください"
        " https://amazon.co.jp-kakunin.cc/\n", accept=FLAGGED, kind="phish")),
    named("gmail_shared_list_signin_lure", person(
        '"Aya Kobayashi" <aya.kobayashi.works@gmail.com>', "gmail.com",
        "ほしい物リストを共有しました",
        "Amazonのほしい物リストを共有しました。見るにはAmazonアカウントでサインインしてください。\n"
        "https://amazon-wishlist-share.top/signin?list=8812\n",
        accept=FLAGGED, kind="phish")),
    named("gmail_calendar_invite_lure", person(
        '"Yuki Mori" <yuki.mori.0417@gmail.com>', "gmail.com",
        "招待: 【Amazon】プライム会費の自動更新に失敗しました @ 2025年12月7日(日) 10:00",
        "Yuki Mori さんから招待が届いています\n"
        "【Amazon】プライム会費の自動更新に失敗しました\n"
        "Amazonプライム会員様 お支払い方法を確認できませんでした。24時間以内に更新してください:"
        " https://prime-kaihi-update.top/jp\n",
        accept=FLAGGED, kind="phish", extra=_calendar_lure)),
    # The same kind of mailbox, its owner writing about their own Amazon life.
    named("gmail_own_order_arrived", person(
        '"Kenji Sato" <kenji.sato1987@gmail.com>', "gmail.com", "加湿器届いた？",
        "太郎へ\n\nこの前Amazonで注文した加湿器、そっちにも届いた？\n"
        "うちのは昨日届いたよ。同じやつ: https://www.amazon.co.jp/dp/B0C1XYZ123\n健二\n")),
    named("yahoo_shared_wishlist", person(
        '"山本 由美" <yumi_yamamoto55@yahoo.co.jp>', "yahoo.co.jp", "出産祝いのリスト",
        "みんなへ\n\n出産祝いのほしい物リストをAmazonで作りました。\n"
        "https://www.amazon.co.jp/hz/wishlist/ls/3KQ8ZP1XH2ABC?ref_=wl_share\n"
        "重複しないようにリストから選んでもらえると助かります。\n由美\n")),
    named("icloud_gift_card_bought", person(
        '"Mike Johnson" <mike.j.1979@icloud.com>', "icloud.com", "Happy birthday!",
        "Hi Taro,\n\nHappy birthday! I sent you an Amazon gift card this morning, it should"
        " be in your inbox from Amazon. Let me know if it didn't arrive.\n\nMike\n")),
    named("docomo_friend_warns_about_scam", person(
        '"母" <hahaoya-1958@docomo.ne.jp>', "docomo.ne.jp", "変なメール",
        "太郎、Amazonからアカウントが停止されたっていうメールが来たけど、リンクは押してないよ。"
        "これって詐欺だよね？パスワード変えた方がいいかな。\n")),
    named("gmail_refund_returned_item", person(
        '"Emily Carter" <emily.carter.jp@gmail.com>', "gmail.com", "Re: the lamp",
        "Hi Taro,\n\nI returned the lamp through Amazon yesterday. The refund should show up"
        " on your card in 3-5 days, the return label said so.\n\nEmily\n")),
    named("boss_gift_card_request", person(
        '"鈴木部長" <suzuki.bucho.office@gmail.com>', "gmail.com", "至急お願いします",
        "田中さん\n\n取引先へのお礼にAmazonギフトカードを5万円分購入してもらえますか。"
        "購入したらカード番号をこのメールに返信してください。会議中なので電話には出られません。\n",
        accept=MENTION_OR_DOUBT)),
    named("docomo_iso2022_own_order", enc_third(
        "docomo.ne.jp", name="佐藤花子", address="hanako-s.0303@docomo.ne.jp",
        subject="Amazonで頼んだ本",
        body="太郎さん\nAmazonで頼んだ本、今日届きました。来週持っていきますね。\n花子\n",
        charset="iso-2022-jp")),
]

# --------------------------------------------------- carriers, cards, household accounts

_YAMATO_HTML = (
    "<html><body><p>田中太郎 様</p>"
    "<p>Amazon.co.jpからのお荷物をお届け予定です。</p>"
    "<table><tr><td>伝票番号</td><td>4890-1234-5566</td></tr>"
    "<tr><td>お届け予定日時</td><td>12月7日 19時～21時</td></tr></table>"
    "<p><a href=\"https://toi.kuronekoyamato.co.jp/cgi-bin/tneko?number=489012345566\">"
    "お荷物の状況を確認する</a></p>"
    "<p>クロネコメンバーズ <a href=\"https://cmypage.kuronekoyamato.co.jp/portal/\">"
    "https://cmypage.kuronekoyamato.co.jp/portal/</a></p></body></html>")

CARRIERS_AND_CARDS = [
    named("yamato_members_amazon_subject_qp_html", enc_third(
        "kuronekoyamato.co.jp", name="ヤマト運輸", address="mail@kuronekoyamato.co.jp",
        subject="【クロネコメンバーズ】Amazon.co.jpからのお荷物お届け予定のお知らせ",
        body=_YAMATO_HTML, charset="utf-8", cte="quoted-printable", subtype="html")),
    named("sagawa_shift_jis_amazon_parcel", enc_third(
        "sagawa-exp.co.jp", name="佐川急便", address="info-mail@sagawa-exp.co.jp",
        subject="お荷物お届けのお知らせ(Amazon.co.jp様より)",
        body="田中太郎 様\n\nアマゾンジャパン合同会社様からのお荷物を本日お届けいたします。\n"
             "お問い合せ送り状No: 3601-9876-5432\n"
             "配達状況: https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=360198765432\n",
        charset="shift_jis", cte="8bit")),
    named("japanpost_iso2022_redelivery_notice", enc_third(
        "japanpost.jp", name="日本郵便", address="noreply@ml.post.japanpost.jp",
        subject="【日本郵便】ご不在連絡票（Amazon.co.jp様からのゆうパケット）",
        body="田中太郎 様\n\nAmazon.co.jp様からのゆうパケットをお届けにあがりましたが、"
             "ご不在でした。\n再配達のお申し込み: https://trackings.post.japanpost.jp/delivery/\n",
        charset="iso-2022-jp")),
    named("fake_carrier_amazon_name", phish(
        '"Amazon配送センター" <delivery@amazon-haisou.top>',
        "【Amazon】お荷物のお届けができませんでした",
        "お客様\n\nご注文の商品をお届けにあがりましたが、住所不備のためお届けできませんでした。\n"
        "48時間以内に配送先住所を確認してください: https://amazon-haisou.top/redelivery\n")),
    named("fake_yamato_amazon_signin", enc_third(
        None, accept=FLAGGED, kind="phish", name="ヤマト運輸",
        address="noreply@kuroneko-yamato-redelivery.com",
        subject="Amazonからのお荷物について（ご不在連絡）",
        body="お客様\n\nAmazonでご注文のお荷物をお届けにあがりましたが、ご不在のため持ち帰りました。\n"
             "再配達の手続きにはAmazonアカウントでのログインが必要です。\n"
             "https://kuroneko-yamato-redelivery.com/amazon/login\n",
        charset="iso-2022-jp")),
    named("rakuten_card_usage_alert", third(
        '"楽天カード" <info@mail.rakuten-card.co.jp>', "【楽天カード】カード利用のお知らせ",
        "田中太郎 様\n\n楽天カードのご利用がありましたのでお知らせします。\n"
        "利用日: 2025/12/05\n利用先: AMAZON.CO.JP\n利用金額: 12,800円\n\n"
        "ご利用明細は楽天e-NAVIから: https://www.rakuten-card.co.jp/e-navi/\n"
        "お心当たりのない場合はカード裏面の番号へお電話ください。\n", "rakuten-card.co.jp")),
    named("jcb_iso2022_usage_alert", enc_third(
        "qa.jcb.co.jp", name="JCB", address="mail@qa.jcb.co.jp",
        subject="【JCB】カードご利用のお知らせ",
        body="田中太郎 様\n\nJCBカードのご利用がありました。\n"
             "ご利用日時: 2025/12/05 21:14\nご利用先: Amazon.co.jp\nご利用金額: 3,980円\n\n"
             "MyJCB: https://my.jcb.co.jp/\n", charset="iso-2022-jp")),
    named("moneyforward_amazon_link_error", third(
        '"マネーフォワード ME" <feedback@moneyforward.com>',
        "【マネーフォワード ME】Amazon.co.jpの連携でエラーが発生しました",
        "田中太郎 様\n\n連携中の金融機関等「Amazon.co.jp」でデータの取得に失敗しました。\n"
        "Amazonのパスワードを変更された場合は、マネーフォワード MEで連携情報を更新してください。\n"
        "https://moneyforward.com/accounts\n\n株式会社マネーフォワード\n", "moneyforward.com")),
    named("zaim_amazon_purchases_imported", third(
        '"Zaim" <info@zaim.net>', "Amazon.co.jpのお買い物 3件を記録しました",
        "Zaimをご利用いただきありがとうございます。\n"
        "Amazon.co.jpのお買い物 3件（合計 8,430円）を家計簿に記録しました。\n"
        "https://zaim.net/money\n", "zaim.net")),
]

# ------------------------------------------------------ Amazon's other senders and fakes

AMAZON_FAMILY = [
    named("business_approval_request", amazon(
        '"Amazonビジネス" <no-reply@business.amazon.co.jp>',
        "承認リクエスト: 注文 250-1122334-5566778",
        "田中太郎 様\n\n佐藤さんから購入の承認リクエストが届いています。\n"
        "合計: 54,780円 (ワイヤレスキーボード 他2点)\n"
        "承認または却下: https://www.amazon.co.jp/b2b/approvals\n\nAmazonビジネス\n",
        "amazon.co.jp")),
    named("aws_free_tier_usage", amazon(
        '"Amazon Web Services" <no-reply-aws@amazon.com>', "AWS Free Tier limit alert",
        "Hello,\n\nYour AWS account 123456789012 has exceeded 85% of the usage limit for one"
        " or more AWS Free Tier-eligible services for the month of December.\n"
        "To see your usage: https://console.aws.amazon.com/billing/home#/freetier\n\n"
        "Amazon Web Services\n", "amazon.com")),
    named("aws_signup_dot_aws", Case("", "genuine", lambda: _sign(third(
        '"Amazon Web Services" <no-reply@signup.aws>', "AWS Email Verification",
        "Thanks for starting the new AWS account registration process.\n"
        "Verification code: 618204\n"
        "(This code expires 10 minutes after it was sent.)\n\n"
        "Amazon Web Services will never email you and ask you to disclose or verify your"
        " password, credit card, or banking account number.\n", None).build(),
        "signup.aws", "amazonses.com"), GENUINE_OR_DOUBT, ("signup.aws", "amazonses.com"))),
    named("amazon_pay_merchant_receipt_en", amazon(
        '"Amazon Pay" <no-reply@pay.amazon.com>', "Your payment to Blue Bottle Coffee",
        "Hello Taro,\n\nYou paid Blue Bottle Coffee $32.00 with Amazon Pay.\n"
        "Merchant order ID: BBC-558812\n"
        "View this payment: https://pay.amazon.com/jr/your-account/orders\n\n"
        "Amazon Pay\n", "amazon.com")),
    named("kindle_com_personal_doc", amazon(
        '"Amazon Kindle" <do-not-reply@kindle.com>',
        "Kindleパーソナル・ドキュメント: 配信が完了しました",
        "田中太郎 様\n\nお送りいただいたドキュメント「会議資料.pdf」を"
        "Kindleライブラリに追加しました。\n"
        "https://www.amazon.co.jp/hz/mycd/digital-console/contentlist/pdocs\n", "kindle.com")),
    named("twitch_prime_gaming", third(
        '"Twitch" <no-reply@twitch.tv>', "Your Prime Gaming sub is ready",
        "Hi taro_plays,\n\nYour Prime Gaming membership includes one free channel subscription"
        " every month. Your sub is ready to use.\n"
        "https://www.twitch.tv/subscriptions\n\nTwitch Interactive, Inc., an Amazon company\n",
        "twitch.tv", accept=NEVER_RED)),
    named("ring_new_device_sign_in", third(
        '"Ring" <no-reply@ring.com>', "New sign-in to your Ring account",
        "Hi Taro,\n\nA new device signed in to your Ring account on Dec 5, 2025.\n"
        "If this wasn't you, change your password: https://account.ring.com/account/security\n\n"
        "Ring LLC, an Amazon company\n", "ring.com", accept=NEVER_RED)),
    named("zappos_shipped", third(
        '"Zappos.com" <cs@zappos.com>', "Your Zappos order has shipped!",
        "Hi Taro,\n\nGreat news, your order #7712345 has shipped and is on its way.\n"
        "Track it: https://www.zappos.com/orders\n", "zappos.com", accept=NEVER_RED)),
    named("fake_business_account_review", phish(
        '"Amazonビジネス" <support@business-amazon-jp.com>',
        "Amazonビジネスアカウントの審査が保留されています",
        "法人アカウントご担当者様\n\nAmazonビジネスアカウントの審査情報に不備がありました。\n"
        "7日以内に登記情報と決済情報を再提出してください。\n"
        "https://business-amazon-jp.com/verify\n")),
    named("fake_aws_termination", phish(
        '"AWS Support" <aws-support@amazonaws-billing.com>',
        "Urgent: your AWS account will be terminated",
        "Dear AWS customer,\n\nYour AWS account will be terminated in 48 hours due to a failed"
        " payment. Sign in to update your billing information:\n"
        "https://console-aws-amazon.signin-billing.com/\n", accept=FLAGGED)),
    named("fake_amazon_pay_refund", phish(
        '"Amazon Pay" <refund@amazonpay-support.net>', "Amazon Pay: 返金手続きのお知らせ",
        "お客様\n\nAmazon Payでのお支払いが二重に請求されました。返金を受け取るには"
        "カード情報を入力してください。\nhttps://amazonpay-support.net/refund\n")),
]

# ----------------------------------------------------------------- encodings, tricks

_ORDER_JIS = (
    "田中太郎 様\n\nAmazon.co.jpをご利用いただき、ありがとうございます。\n"
    "ご注文の確認をお知らせします。\n注文番号: 250-7788990-1122334\n"
    "お届け予定: 12月8日(月)\n"
    "注文の詳細: https://www.amazon.co.jp/gp/css/order-details?orderID=250-7788990-1122334\n\n"
    "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\nAmazon.co.jp\n")
_QP_GENUINE_HTML = (
    "<html><body><p>田中太郎 様</p><p>ご注文の商品を発送しました。</p>"
    "<p><a href=\"https://www.amazon.co.jp/gp/your-account/ship-track?orderId=250-3344556-7788990\">"
    "配送状況を確認</a></p><p>Amazon.co.jp</p></body></html>")
_QP_PHISH_HTML = (
    "<html><body><p>Amazon お客様</p><p>お客様のアカウントで異常なログインが検出されました。"
    "24時間以内にご確認ください。</p>"
    "<p><a href=\"https://amazon-login-check.cc/ap/signin\">"
    "https://www.amazon.co.jp/ap/signin</a></p></body></html>")

ENCODINGS_AND_TRICKS = [
    named("genuine_iso2022_order_confirmation", enc_amazon(
        "amazon.co.jp", name="Amazon.co.jp", address="auto-confirm@amazon.co.jp",
        subject="Amazon.co.jp ご注文の確認", body=_ORDER_JIS, charset="iso-2022-jp")),
    named("genuine_qp_html_shipped", enc_amazon(
        "amazon.co.jp", name="Amazon.co.jp", address="shipment-tracking@amazon.co.jp",
        subject="Amazon.co.jp ご注文の商品を発送しました", body=_QP_GENUINE_HTML,
        charset="utf-8", cte="quoted-printable", subtype="html")),
    named("phish_shift_jis_encoded_name", enc_third(
        None, accept=PHISHING, kind="phish", name="Amazon.co.jp", address="info@amazon-jp-info.icu",
        subject="【重要】お客様のアカウントは停止されました",
        body="お客様\n\nお客様のAmazonアカウントは、お支払い情報の不一致により停止されました。\n"
             "24時間以内にご確認ください: https://amazon-jp-info.icu/account\n",
        charset="shift_jis", cte="base64")),
    named("phish_iso2022_katakana_name_qp_html", enc_third(
        None, accept=PHISHING, kind="phish", name="アマゾン", address="security@login-check-jp.cc",
        subject="アカウントの安全確認", body=_QP_PHISH_HTML, charset="utf-8",
        cte="quoted-printable", subtype="html")),
    named("small_caps_name", phish(
        '"ᴀᴍᴀᴢᴏɴ" <notice@member-safety-center.com>', "Your account is on hold",
        "Dear Customer,\n\nWe could not verify your billing information, so your account is on"
        " hold. Update it within 24 hours:\nhttps://member-safety-center.com/billing\n")),
    named("genuine_footer_copied_into_spoof", phish(
        '"Amazon.co.jp" <account-update@amazon.co.jp>', "Amazon.co.jp: アカウント情報の更新",
        "田中太郎 様\n\nお客様のアカウント情報を更新する必要があります。\n"
        "https://www.amazon.co.jp.account-update.sbs/ap/signin\n\n"
        "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\nAmazon.co.jp\n")),
    named("ses_signed_lookalike_from", Case("", "phish", lambda: _sign(third(
        '"Amazon.co.jp" <no-reply@amazon-co-jp-support.com>', "ご注文の確認",
        "お客様\n\nご注文ありがとうございます。心当たりのない注文の場合は、"
        "こちらからキャンセルしてください: https://amazon-co-jp-support.com/cancel\n",
        None).build(), "amazon-co-jp-support.com", "amazonses.com"), PHISHING,
        ("amazon-co-jp-support.com", "amazonses.com"))),
]

CASES: list[Case] = PERSONAL + CARRIERS_AND_CARDS + AMAZON_FAMILY + ENCODINGS_AND_TRICKS
