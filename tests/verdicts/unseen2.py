"""Round 2 of held-out mails (issue 11), written by a second author before Honmono was run
on them: English Amazon.com / Amazon.co.uk mail, Amazon's other services (Kindle, Alexa,
Music, Business, AWS, Prime Video, Audible), ordinary mail easy to mistake for Amazon's
(job ads, reviews, invites, shops, price trackers, carriers, card statements), and phish
whose only Amazon is in the From local part, an attachment name or an image.

Each case carries the verdicts a careful expert accepts, decided before the first run.
Genuine Amazon mail is signed twice, as Amazon sends it through SES: by the Amazon domain
and by amazonses.com; the keys are answered by the test's fake DNS (mailgen.dns_for).
A third party (a shop, a carrier, a bank) signs its own domain: Honmono never looks that
key up, only sees that it signs.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from email.message import EmailMessage

from authkit import rsa_key, sign
from builders import mail_message
from mailgen import SELECTOR

GENUINE = frozenset({"genuine"})
PHISHING = frozenset({"phishing"})
NOT_AMAZON = frozenset({"not_amazon"})
# Where a careful expert would hesitate but never badge green nor stay silent.
FLAGGED = frozenset({"phishing", "suspicious"})
MENTION_OR_DOUBT = frozenset({"not_amazon", "suspicious"})

SIGNED_HEADERS = [b"from", b"to", b"subject", b"message-id", b"date", b"mime-version",
                  b"content-type"]
# A tiny valid PNG: the image's bytes do not matter, its name and place do.
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082")


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # genuine | phish | mention
    build: Callable[[], bytes]
    accept: frozenset[str]
    keys: tuple[str, ...] = ()
    known_miss: str = ""  # why Honmono still gets it wrong (the test expects the failure)


def _msg(from_: str, subject: str, text: str | None, html: str | None = None) -> EmailMessage:
    return mail_message(from_=from_, subject=subject, text=text, html=html,
                        date="Fri, 05 Dec 2025 09:12:00 +0900",
                        message_id="<r2-0100019a@example.invalid>")


def _sign(raw: bytes, *domains: str) -> bytes:
    for d in domains:
        raw = sign(raw, domain=d, selector=SELECTOR, key=rsa_key(2048), include=SIGNED_HEADERS)
    return raw


def amazon(from_: str, subject: str, text: str, domain: str, html: str | None = None) -> Case:
    """Builder of a genuine mail: signed by the Amazon domain, then by SES."""
    def build() -> bytes:
        return _sign(_msg(from_, subject, text, html).as_bytes(), domain, "amazonses.com")
    return Case("", "genuine", build, GENUINE, (domain, "amazonses.com"))


def third(from_: str, subject: str, text: str | None, own: str | None,
          html: str | None = None, accept: frozenset[str] = NOT_AMAZON,
          extra: Callable[[EmailMessage], None] | None = None, kind: str = "mention") -> Case:
    def build() -> bytes:
        msg = _msg(from_, subject, text, html)
        if extra:
            extra(msg)
        raw = msg.as_bytes()
        return _sign(raw, own) if own else raw
    return Case("", kind, build, accept)


def phish(from_: str, subject: str, text: str | None, html: str | None = None,
          accept: frozenset[str] = PHISHING,
          extra: Callable[[EmailMessage], None] | None = None) -> Case:
    return third(from_, subject, text, None, html, accept, extra, kind="phish")


def named(name: str, case: Case, known_miss: str = "") -> Case:
    return Case(name, case.kind, case.build, case.accept, case.keys, known_miss)


# ------------------------------------------------------------------------- genuine

_COM_SHIPPED = (
    "Hello Taro Tanaka,\n\n"
    "Your package has shipped and is on its way.\n"
    "Order #112-4455667-8899001\n"
    "Arriving: Tuesday, December 9\n\n"
    "Track your package:\n"
    "https://www.amazon.com/gp/your-account/ship-track?orderId=112-4455667-8899001\n\n"
    "We hope to see you again soon.\nAmazon.com\n"
)
_UK_DISPATCHED = (
    "Hello Taro,\n\n"
    "Your order has been dispatched. Your estimated delivery date is:\n"
    "Monday, 8 December\n\n"
    "Order #204-1234567-7654321\n"
    "Track your parcel: https://www.amazon.co.uk/gp/css/shiptrack/view.html?orderID=204-1234567-7654321\n\n"
    "Amazon.co.uk\n"
)
_KINDLE_DOC = (
    "Hello,\n\n"
    "Your document \"Quarterly-report.pdf\" has been delivered to Taro's Kindle.\n"
    "You can manage your documents at\n"
    "https://www.amazon.com/hz/mycd/digital-console/contentlist/pdocs\n\n"
    "Thank you for using Send to Kindle.\nThe Kindle Team\n"
)
_ALEXA = (
    "田中太郎 様\n\n"
    "Alexaアプリで新しいデバイス「Echo Dot (第5世代)」が登録されました。\n"
    "お心当たりがない場合は、Amazonアカウントの設定からデバイスの登録を解除してください。\n"
    "https://www.amazon.co.jp/hz/mycd/myx#/home/devices\n\n"
    "Amazon Alexa\n"
)
_MUSIC = (
    "田中太郎 様\n\n"
    "Amazon Music Unlimited の無料体験は 2025年12月12日 に終了します。\n"
    "その後は月額 1,080円 でご利用いただけます。プランはいつでも変更できます。\n"
    "https://music.amazon.co.jp/settings\n\n"
    "Amazon Music\n"
)
_BUSINESS = (
    "田中太郎 様\n\n"
    "Amazonビジネスをご利用いただき、ありがとうございます。\n"
    "2025年11月分の請求書が発行されました。支払期日は 2025年12月31日 です。\n"
    "請求書はこちらからご確認いただけます:\n"
    "https://www.amazon.co.jp/b2b/aba/invoices\n\n"
    "Amazonビジネス カスタマーサービス\n"
)
_AWS = (
    "Greetings from Amazon Web Services,\n\n"
    "This e-mail confirms that your latest billing statement, for the account ending in 9012,\n"
    "is available on the AWS web site. Your account will be charged the following:\n\n"
    "Total: $23.41\n\n"
    "You can see a complete break down of all charges on the Billing & Cost Management page:\n"
    "https://console.aws.amazon.com/billing/home#/bills\n\n"
    "Thank you for using Amazon Web Services.\n\nSincerely,\nAmazon Web Services\n"
)
_PV_RENTAL = (
    "Hi Taro,\n\n"
    "Thanks for your rental of \"Dune: Part Two\". You have 30 days to start watching\n"
    "and 48 hours to finish once you start.\n"
    "Watch now: https://www.primevideo.com/detail/0HXYZ123/\n\n"
    "Prime Video\n"
)
_AUDIBLE = (
    "Hi Taro,\n\n"
    "Your monthly credit is here. Use it on any title in our catalog.\n"
    "https://www.audible.com/library/titles\n\n"
    "Happy listening,\nThe Audible Team\n"
)
_COM_OTP = (
    "Amazon.com\n\n"
    "To verify your identity, please use the following code:\n\n"
    "483920\n\n"
    "Amazon will never ask you to disclose or verify your password or your credit card.\n"
    "Don't share this code with anyone. If you did not request this code, you can change\n"
    "your password at https://www.amazon.com/ap/cnep\n\n"
    "We hope to see you again soon.\n"
)
_PRIME_FEE_GENUINE = (
    "田中太郎 様\n\n"
    "Amazonプライムをご利用いただきありがとうございます。\n"
    "ご登録のクレジットカードでプライム会費 600円 のお支払いができませんでした。\n"
    "プライム特典を引き続きご利用いただくには、お支払い方法を更新してください。\n"
    "https://www.amazon.co.jp/gp/primecentral\n\n"
    "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\n"
    "Amazon.co.jp\n"
)

GENUINE_CASES = [
    named("com_order_shipped", amazon('"Amazon.com" <shipment-tracking@amazon.com>',
                                      "Your Amazon.com order #112-4455667-8899001 has shipped",
                                      _COM_SHIPPED, "amazon.com")),
    named("uk_order_dispatched", amazon('"Amazon.co.uk" <dispatch-confirmation@amazon.co.uk>',
                                        "Your Amazon.co.uk order has been dispatched",
                                        _UK_DISPATCHED, "amazon.co.uk")),
    named("kindle_document", amazon('"Amazon Kindle" <do-not-reply@amazon.com>',
                                    "Your document has been delivered", _KINDLE_DOC, "amazon.com")),
    named("alexa_device", amazon('"Amazon Alexa" <alexa-noreply@amazon.co.jp>',
                                 "Alexa: 新しいデバイスが登録されました", _ALEXA, "amazon.co.jp")),
    named("music_trial_ends", amazon('"Amazon Music" <no-reply@amazon.co.jp>',
                                     "Amazon Music Unlimited 無料体験がまもなく終了します",
                                     _MUSIC, "amazon.co.jp")),
    named("business_invoice", amazon('"Amazonビジネス" <no-reply@business.amazon.co.jp>',
                                     "Amazonビジネス: 請求書が発行されました", _BUSINESS,
                                     "amazon.co.jp")),
    named("aws_billing", amazon('"Amazon Web Services, Inc." <no-reply-aws@amazon.com>',
                                "Amazon Web Services Billing Statement Available "
                                "[Account: 123456789012]", _AWS, "amazon.com")),
    named("primevideo_rental_en", amazon('"Prime Video" <no-reply@primevideo.com>',
                                         "Your Prime Video rental", _PV_RENTAL, "primevideo.com")),
    named("audible_credit_en", amazon('"Audible" <donotreply@audible.com>',
                                      "Your Audible credit is available", _AUDIBLE,
                                      "audible.com")),
    named("com_otp", amazon('"Amazon.com" <account-update@amazon.com>',
                            "Amazon.com: Your verification code", _COM_OTP, "amazon.com")),
    named("prime_fee_genuine", amazon('"Amazon.co.jp" <prime@amazon.co.jp>',
                                      "Amazonプライム会費のお支払い方法に問題があります",
                                      _PRIME_FEE_GENUINE, "amazon.co.jp")),
]

# --------------------------------------------------------------------------- phish

_PRIME_LURE = (
    "Amazonプライム会員様\n\n"
    "ご登録のお支払い方法でプライム会費をお支払いいただけませんでした。\n"
    "24時間以内にお支払い情報を更新されない場合、会員資格が停止されます。\n"
    "以下のリンクからお支払い方法を更新してください。\n"
    "{url}\n\n"
    "Amazon.co.jp カスタマーサービス\n"
)


def _prime(from_: str, url: str) -> Case:
    return phish(from_, "Amazonプライム会費のお支払い方法に問題があります",
                 _PRIME_LURE.format(url=url))


def _attach_html_invoice(msg: EmailMessage) -> None:
    page = ("<html><body><h2>Invoice 88213</h2><form action=\"https://secure-pay-invoices.net/p\""
            " method=post>Email <input name=e> Password <input type=password name=p>"
            "<input type=submit value=View></form></body></html>")
    msg.add_attachment(page.encode(), maintype="application", subtype="octet-stream",
                       filename="Amazon_Invoice_88213.html")


def _image_only(msg: EmailMessage) -> None:
    html = ('<html><body><a href="https://prime-renewal-center.top/r?id=77">'
            '<img src="cid:banner01" width="600"></a></body></html>')
    msg.set_content(html, subtype="html", charset="utf-8")
    msg.add_related(PNG, maintype="image", subtype="png", cid="<banner01>",
                    filename="amazon-prime-renewal.png")


PHISH_CASES = [
    named("com_account_locked", phish(
        '"Amazon.com" <account-security@amazon-support-center.com>',
        "Your Amazon account has been locked",
        "Dear Customer,\n\nWe detected unusual sign-in activity on your Amazon account and have"
        " locked it for your protection.\nTo restore access, verify your information within"
        " 24 hours:\nhttps://amazon-verify-account.com/signin\n\nAmazon Account Services\n")),
    named("uk_payment_declined", phish(
        '"Amazon.co.uk" <billing@amaz0n-uk.co.uk>',
        "Action required: your payment was declined",
        "Hello,\n\nYour recent payment was declined. Please update your card details to avoid"
        " cancellation of your order.\nhttp://amazon.co.uk.secure-billing.info/update\n\n"
        "Amazon.co.uk Customer Service\n")),
    named("cs_team_gmail_callback", phish(
        '"Amazon Customer Service Team" <amazon.cs.team2024@gmail.com>',
        "Order #113-9982211 cancelled - refund pending",
        "Dear Customer,\n\nAn order of Apple iPhone 16 Pro ($1,299.00) was placed on your"
        " account. If you did not make this purchase, call our support line immediately:\n"
        "+1 (888) 555-0142\n\nCustomer Service Team\n")),
    named("cs_team_yahoo_jp", phish(
        '"Amazonカスタマーサービスチーム" <amazon_cs_jp@yahoo.co.jp>',
        "プライム会員情報の確認",
        "お客様\n\nプライム会費のお支払い方法に問題があります。\n"
        "こちらから更新してください: https://bit.ly/3prime-jp\n")),
    named("local_part_only", phish(
        '"Customer Support" <amazon-security@notice-mailer.net>',
        "Action required: verify your account",
        "Dear customer,\n\nYour account will be suspended because we could not verify your"
        " billing information.\nVerify now: https://notice-mailer.net/verify?u=8812\n",
        accept=FLAGGED)),
    named("attachment_name_only", phish(
        '"Billing Department" <billing@invoices-center.net>',
        "Invoice #88213 - payment overdue",
        "Hello,\n\nPlease open the attached invoice and confirm your payment details.\n",
        accept=FLAGGED, extra=_attach_html_invoice)),
    named("image_only", phish(
        '"Membership" <info@prime-renewal-center.top>',
        "Your membership expires today", None, accept=FLAGGED, extra=_image_only)),
    named("prime_fee_top", _prime('"Amazon.co.jp" <prime@amazon-co-jp.top>',
                                  "https://amazon-co-jp.top/prime/update")),
    named("prime_fee_idn", _prime('"Amazon.co.jp" <account@xn--amazn-mua.jp>',
                                  "https://xn--amazn-mua.jp/prime")),
    named("prime_fee_subdomain", _prime('"Amazonプライム" <support@amazon.co.jp.prime-pay.cn>',
                                        "https://amazon.co.jp.prime-pay.cn/pay")),
    named("prime_fee_arnazon", _prime('"アマゾン" <no-reply@arnazon-jp.com>',
                                      "https://arnazon-jp.com/member")),
    named("prime_fee_spoof_unsigned", _prime('"Amazon.co.jp" <prime@amazon.co.jp>',
                                             "https://amazon.prime-member-jp.com/")),
    named("kindle_unlimited_outlook", phish(
        '"Kindle Support" <kindle-support@outlook.com>',
        "Your Kindle Unlimited subscription could not be renewed",
        "Dear Kindle customer,\n\nWe were unable to renew your Kindle Unlimited membership."
        " Update your payment method to keep reading:\nhttps://kindle-renew.xyz/account\n",
        accept=FLAGGED)),
    named("alexa_reregister", phish(
        '"Amazon Alexa" <alexa@alexa-device-setup.com>',
        "Alexa: デバイスの登録が期限切れです",
        "お客様\n\nAlexaデバイスの登録期限が切れました。Amazonアカウントでサインインし、"
        "再登録してください。\nhttps://alexa-device-setup.com/login\n")),
    named("aws_suspended", phish(
        '"AWS Billing" <billing@aws-invoice-notice.com>',
        "Your AWS account has been suspended",
        "Dear AWS customer,\n\nYour Amazon Web Services account has been suspended due to an"
        " unpaid invoice. Sign in to the AWS console to update your payment method:\n"
        "https://aws-console-billing.com/signin\n", accept=FLAGGED)),
    named("primevideo_payment", phish(
        '"Prime Video" <no-reply@primevideo-account.net>',
        "Your Prime Video payment failed",
        "Hi,\n\nWe couldn't process your payment for Prime Video. Update your billing details"
        " to continue watching:\nhttps://primevideo-account.net/billing\n")),
    named("audible_renewal_jp", phish(
        '"Audible" <membership@audible-jp.info>',
        "Audible 会員資格の更新に失敗しました",
        "お客様\n\nAudible会員資格の更新に失敗しました。カード情報を更新してください。\n"
        "https://audible-jp.info/card\n", accept=FLAGGED)),
    named("music_billing_jp", phish(
        '"Amazon Music" <music@amazon-music-jp.net>',
        "Amazon Music Unlimited お支払い情報の更新のお願い",
        "お客様\n\nAmazon Music Unlimited の月額料金をお支払いいただけませんでした。\n"
        "お支払い情報を更新してください: https://amazon-music-jp.net/pay\n")),
]

# ------------------------------------------------------------------------- mentions


def _calendar(msg: EmailMessage) -> None:
    ics = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
           "METHOD:REQUEST\r\nBEGIN:VEVENT\r\nDTSTART:20251212T060000Z\r\n"
           "DTEND:20251212T063000Z\r\nSUMMARY:Amazon returns\r\n"
           "ORGANIZER;CN=Ichiro Suzuki:mailto:ichiro.suzuki@example-corp.co.jp\r\n"
           "UID:7kd8@google.com\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")
    msg.add_attachment(ics.encode(), maintype="text", subtype="calendar",
                       filename="invite.ics", params={"method": "REQUEST"})


MENTION_CASES = [
    named("indeed_warehouse_jobs", third(
        '"Indeed" <alert@indeed.com>', "Amazon warehouse jobs near you - 12 new jobs",
        "Taro, here are new jobs matching \"Amazon warehouse\" in Osaka:\n\n"
        "Warehouse Associate - Amazon - Osaka, Ibaraki\n"
        "https://jp.indeed.com/viewjob?jk=8a7b6c5d4e3f\n\n"
        "Picking and Packing Staff - Amazon Logistics partner - Sakai\n"
        "https://jp.indeed.com/viewjob?jk=1f2e3d4c5b6a\n\n"
        "Unsubscribe: https://jp.indeed.com/alerts/unsubscribe\n", "indeed.com")),
    named("kindle_review", third(
        '"価格.comマガジン" <magazine@kakaku.com>',
        "Kindle Paperwhite 実機レビュー：Amazonの新モデルを1週間使ってみた",
        "新しいKindle Paperwhiteを1週間使ってみました。\n"
        "画面は明るく、ページ送りも速くなっています。\n"
        "記事を読む: https://kakaku.com/magazine/article/12345/\n"
        "Amazonで見る: https://www.amazon.co.jp/dp/B0CFPJYX7P?tag=kakakucom-22\n\n"
        "配信停止: https://kakaku.com/magazine/unsubscribe\n", "kakaku.com")),
    named("calendar_amazon_returns", third(
        '"Ichiro Suzuki" <ichiro.suzuki@example-corp.co.jp>',
        "Invitation: Amazon returns @ Fri Dec 12, 2025 3pm - 3:30pm (JST)",
        "Ichiro Suzuki has invited you to: Amazon returns\n"
        "When: Fri Dec 12, 2025 3pm - 3:30pm (JST)\n"
        "Let's pack the office chairs we are sending back to Amazon.\n"
        "Join: https://calendar.google.com/calendar/event?action=RESPOND&eid=7kd8\n",
        "example-corp.co.jp", extra=_calendar)),
    named("shop_also_on_amazon", third(
        '"工房珈琲" <shop@kobocoffee.jp>', "新豆入荷のお知らせ｜Amazonでも販売中です",
        "いつも工房珈琲をご利用いただきありがとうございます。\n"
        "エチオピアの新豆が入荷しました。\n"
        "オンラインショップ: https://kobocoffee.jp/shop/ethiopia\n"
        "Amazonでもお買い求めいただけます: https://www.amazon.co.jp/dp/B0D1234567\n",
        "kobocoffee.jp")),
    named("keepa_price_drop", third(
        '"Keepa" <noreply@keepa.com>',
        "Price drop alert: Anker PowerCore 10000 - Amazon.co.jp",
        "The price of a product you are tracking has dropped.\n\n"
        "Anker PowerCore 10000\nAmazon price: ¥2,990 (was ¥3,990)\n"
        "View on Amazon: https://www.amazon.co.jp/dp/B0194WDVHI\n"
        "Price history: https://keepa.com/#!product/5-B0194WDVHI\n"
        "Manage your trackings: https://keepa.com/#!tracking\n", "keepa.com")),
    named("camel_price_drop", third(
        '"camelcamelcamel" <alerts@camelcamelcamel.com>',
        "Price drop: Echo Dot (5th Gen) is now $22.99 at Amazon",
        "Good news! An item on your watch list has dropped below your desired price.\n\n"
        "Echo Dot (5th Gen) - Amazon price: $22.99\n"
        "https://camelcamelcamel.com/product/B09B8V1LZ3\n"
        "Buy at Amazon: https://www.amazon.com/dp/B09B8V1LZ3\n", "camelcamelcamel.com")),
    named("yamato_amazon_parcel", third(
        '"ヤマト運輸" <mail@kuronekoyamato.co.jp>', "お荷物お届けのお知らせ",
        "田中太郎 様\n\nAmazon.co.jp からのお荷物を本日お届けする予定です。\n"
        "伝票番号: 4321-5678-9012\nお届け予定日時: 12月5日 14時〜16時\n"
        "お届け日時の変更はこちら: https://toi.kuronekoyamato.co.jp/cgi-bin/tneko\n",
        "kuronekoyamato.co.jp")),
    named("sagawa_amazon_parcel", third(
        '"佐川急便" <info@ds.sagawa-exp.co.jp>', "【佐川急便】お荷物のお届け予定のお知らせ",
        "ご依頼主: アマゾンジャパン合同会社 (Amazon.co.jp)\n"
        "お問い合せ送り状No: 3601-2345-6789\nお届け予定日: 12月6日\n"
        "https://k2k.sagawa-exp.co.jp/p/sagawa/web/okurijoinput.jsp\n", "sagawa-exp.co.jp")),
    named("japanpost_amazon_parcel", third(
        '"日本郵便" <noreply@ml.post.japanpost.jp>', "ゆうパック お届け予定のお知らせ",
        "田中太郎 様\n\nご依頼主 AMAZON.CO.JP 様からのゆうパックを明日お届けします。\n"
        "お問い合わせ番号: 1234-5678-9012\n"
        "https://trackings.post.japanpost.jp/services/srv/search/?requestNo1=123456789012\n",
        "japanpost.jp")),
    named("card_statement", third(
        '"三井住友カード" <statement@vpass.ne.jp>', "【三井住友カード】ご利用明細確定のお知らせ",
        "田中太郎 様\n\n12月のご利用明細が確定しました。\n"
        "11/02 AMAZON.CO.JP 3,480円\n11/09 AMAZON DOWNLOADS 550円\n"
        "11/15 AMAZON PRIME 600円\n合計 4,630円\n\n"
        "明細の確認はVpassから: https://www.smbc-card.com/mem/index.jsp\n", "vpass.ne.jp")),
]

# A second batch, written after the first fixes but before Honmono was run on it.
SECOND_BATCH = [
    named("seller_central_jp", amazon(
        '"Amazon Seller Central" <seller-notification@amazon.co.jp>', "出品アカウントのお知らせ",
        "出品者様\n\nAmazon出品サービスをご利用いただきありがとうございます。\n"
        "新しい注文があります: https://sellercentral.amazon.co.jp/orders-v3\n", "amazon.co.jp")),
    named("amazon_de_shipped", amazon(
        '"Amazon.de" <versandbestaetigung@amazon.de>', "Ihre Amazon.de Bestellung wurde versandt",
        "Hallo Taro,\n\nIhre Bestellung wurde versandt.\n"
        "https://www.amazon.de/gp/your-account/order-details\n", "amazon.de")),
    named("bank_warning_en", third(
        '"HSBC UK" <alerts@hsbc.co.uk>', "Beware of Amazon Prime scam calls",
        "We are seeing scam calls pretending to be from Amazon Prime about your Amazon account.\n"
        "Hang up and never share your card details.\nhttps://www.hsbc.co.uk/security/\n",
        "hsbc.co.uk")),
    named("linkedin_amazon_hiring", third(
        '"LinkedIn Job Alerts" <jobalerts-noreply@linkedin.com>',
        "Amazon is hiring: Software Development Engineer",
        "Amazon is hiring for Software Development Engineer in Tokyo.\n"
        "https://www.linkedin.com/jobs/view/123\n", "linkedin.com")),
    named("rakuten_cheaper_than_amazon", third(
        '"楽天市場" <info@mail.rakuten.co.jp>', "Amazonより安い！楽天スーパーSALE",
        "今ならAmazonより安い！\nhttps://event.rakuten.co.jp/campaign/supersale/\n",
        "rakuten.co.jp")),
    named("prime_outlook_en", phish(
        '"Amazon Prime" <primeteam-billing@outlook.com>', "Your Prime membership will be cancelled",
        "Dear Member,\nYour Prime membership payment failed. Update within 24 hours.\n"
        "https://prime-members-update.com/\n")),
    named("alexa_support_gmail_callback", phish(
        '"Alexa Support" <alexasupport.help@gmail.com>', "Your Echo device has been deregistered",
        "Your Echo device was deregistered. To re-register, call Alexa support at"
        " 1-800-555-0199 now.\n", accept=FLAGGED)),
    named("amazon_billing_invoice_callback", phish(
        '"Amazon Billing" <service@intl-paypal-inv.com>', "Invoice from Amazon",
        "You have an invoice from Amazon for $499.99. If you did not authorize,"
        " call +1 808 555 0111.\n")),
]

CASES: list[Case] = GENUINE_CASES + PHISH_CASES + MENTION_CASES + SECOND_BATCH
