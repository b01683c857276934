"""Round 4 of held-out mails, written by a fourth author before Honmono was run on them:
Amazon's own marketing and programme mail (store newsletters through Amazon's click
redirect, Prime Day, wish-list price drops, review requests, Associates, Seller Central,
Vine, Photos, Music, AWS) and their imitations; scams with no link at all (reply to this
mail, call this number, a number in an image's alt text) and Amazon-themed job, prize and
gift-card scams; Amazon in German, French, Spanish, Chinese and mixed Japanese-English with
phishing counterparts; and ordinary mail easy to mistake (an IT department's warning, a
teacher's wish list, an auction seller wanting gift-card codes, a PR agency's release).

Each case carries the verdicts a careful expert accepts, decided before the first run.
"""

from __future__ import annotations

from unseen2 import (
    FLAGGED,
    GENUINE,
    MENTION_OR_DOUBT,
    NOT_AMAZON,
    Case,
    _msg,
    _sign,
    amazon,
    named,
    phish,
    third,
)
from unseen3 import GENUINE_OR_DOUBT, NEVER_RED


def amazon_doubt(from_: str, subject: str, text: str, domain: str,
                 html: str | None = None, accept: frozenset[str] = GENUINE_OR_DOUBT) -> Case:
    """Signed by an Amazon domain and SES, but taking the reader somewhere Honmono may not
    know as Amazon's: green or a doubt, never red."""
    def build() -> bytes:
        return _sign(_msg(from_, subject, text, html).as_bytes(), domain, "amazonses.com")
    return Case("", "genuine", build, accept, (domain, "amazonses.com"))


def own_company(from_: str, subject: str, text: str | None, own: str,
                html: str | None = None, accept: frozenset[str] = NEVER_RED) -> Case:
    """An Amazon company signing its own domain, which Honmono does not list."""
    def build() -> bytes:
        return _sign(_msg(from_, subject, text, html).as_bytes(), own, "amazonses.com")
    return Case("", "genuine", build, accept, (own, "amazonses.com"))


def _r(target: str, ref: str) -> str:
    """Amazon's own marketing click redirect on its store host."""
    from urllib.parse import quote
    return ("https://www.amazon.co.jp/gp/r.html?C=3KQ0Z8&amp;K=2ZC1&amp;M=urn:rtn:msg:"
            f"20251205&amp;R={ref}&amp;T=C&amp;U={quote(target, safe='')}&amp;H=ABCDEF"
            f"&amp;ref_=pe_{ref}")


_IMG = "https://m.media-amazon.com/images/G/09/marketing/2025/holiday/"

# ------------------------------------------------------------ Amazon's marketing, genuine

_NEWSLETTER_HTML = (
    "<html><body><table width='600'><tr><td>"
    f"<a href='{_r('https://www.amazon.co.jp/', 'logo')}'>"
    f"<img src='{_IMG}logo.png' alt='Amazon.co.jp'></a>"
    "<p>田中太郎 様、おすすめの商品をご紹介します。</p>"
    f"<a href='{_r('https://www.amazon.co.jp/dp/B0CHX1W1XY', 'p1')}'>"
    f"<img src='{_IMG}p1.jpg' alt='Echo Show 5'></a>"
    f"<a href='{_r('https://www.amazon.co.jp/dp/B09B8V1LZ3', 'p2')}'>Fire TV Stick 4K Max</a><br>"
    f"<a href='{_r('https://www.amazon.co.jp/b?node=2351649051', 'p3')}'>"
    "本・コミックのセール</a><br>"
    f"<a href='{_r('https://www.amazon.co.jp/gp/goldbox', 'p4')}'>タイムセールをすべて見る</a>"
    "<p style='font-size:11px'>このEメールは配信専用です。配信停止をご希望の場合は"
    f"<a href='{_r('https://www.amazon.co.jp/gp/gss/manage', 'unsub')}'>こちら</a>"
    "から設定を変更してください。<br>Amazon.co.jpは、アマゾンジャパン合同会社が運営しています。"
    "</p></td></tr></table></body></html>")

_PRIME_DAY = (
    "田中太郎 様\n\n"
    "プライムデーは7月11日(金)0:00から7月14日(月)23:59まで開催されます。\n"
    "プライム会員様だけのお得な4日間。先行セールは7月8日からスタートします。\n\n"
    "ほしい物リストに商品を追加して、セール開始の通知を受け取りましょう:\n"
    "https://www.amazon.co.jp/primeday?ref_=pe_pd25_notify\n\n"
    "Amazon.co.jp\n")

_WISHLIST_DROP = (
    "田中太郎 様\n\n"
    "ほしい物リストの商品の価格が下がりました。\n\n"
    "ソニー ワイヤレスノイズキャンセリングヘッドホン WH-1000XM5\n"
    "￥59,400 → ￥44,800\n"
    "https://www.amazon.co.jp/dp/B09Y2MYL5C?ref_=pe_wl_pricedrop\n\n"
    "ほしい物リストを見る: https://www.amazon.co.jp/hz/wishlist/ls\n\n"
    "価格は変更される場合があります。Amazon.co.jp\n")

_REVIEW_REQ = (
    "田中太郎 様\n\n"
    "最近ご購入いただいた商品のレビューをお願いします。\n"
    "「象印 ステンレスマグ 480ml」はいかがでしたか？\n\n"
    "★★★★★ 評価する: https://www.amazon.co.jp/review/create-review?asin=B0BRXK3F4K\n\n"
    "お客様のレビューは他のお客様のお買い物の参考になります。\n"
    "Amazon.co.jp\n")

_ASSOCIATES = (
    "Amazonアソシエイト・プログラム参加者様\n\n"
    "2025年10月分の紹介料 3,412円 のお支払いを確定しました。\n"
    "お支払いは2025年12月末日までにご登録の銀行口座へお振り込みいたします。\n"
    "レポートはアソシエイト・セントラルでご確認ください:\n"
    "https://affiliate.amazon.co.jp/home/reports/payments\n\n"
    "Amazonアソシエイト・プログラム\n")

_SELLER = (
    "出品者様\n\n"
    "Amazon.co.jpに出品いただきありがとうございます。\n"
    "2025年12月の年末商戦に向けて、FBA納品の締め切りは12月5日です。\n"
    "納品プランの作成はセラーセントラルから行ってください:\n"
    "https://sellercentral.amazon.co.jp/fba/sendtoamazon\n\n"
    "ご不明点はセラーセントラルのテクニカルサポートまでお問い合わせください。\n"
    "Amazon Seller Central\n")

_VINE = (
    "田中太郎 様\n\n"
    "Amazon Vine メンバーの皆様へ。今週の新着商品が追加されました。\n"
    "Vine先取りプログラムの商品はこちらから選択できます:\n"
    "https://www.amazon.co.jp/vine/vine-items?queue=potluck\n\n"
    "レビューの期限は商品の受け取りから30日以内です。\n"
    "Amazon Vine チーム\n")

_PHOTOS = (
    "田中太郎 様\n\n"
    "Amazon Photosの容量が上限の90%に達しました。\n"
    "プライム会員は写真を容量無制限で保存できます。動画の保存容量は5GBまでです。\n"
    "容量を確認する: https://www.amazon.co.jp/photos/storage\n\n"
    "Amazon Photos\n")

_MUSIC_EN = (
    "<html><body><h2>New Music Friday</h2>"
    "<p>Hi Taro, here are this week's picks for you.</p>"
    "<a href='https://music.amazon.com/albums/B0FXYZ1234?ref=em_nmf_1'>"
    "<img src='https://m.media-amazon.com/images/I/71abc.jpg' alt='Album cover'></a>"
    "<p><a href='https://music.amazon.com/playlists/B07XYZ?ref=em_nmf_2'>Listen to the "
    "playlist</a></p><p><a href='https://www.amazon.com/gp/f.html?C=1ABC&amp;R=2DEF&amp;T=C"
    "&amp;U=https%3A%2F%2Fmusic.amazon.com%2Fsettings&amp;H=XYZ'>Manage e-mail "
    "preferences</a></p><p>Amazon Music, 410 Terry Ave N, Seattle, WA 98109</p>"
    "</body></html>")

_AWS_NEWS = (
    "Hello,\n\n"
    "AWS re:Invent 2025 recap: the launches you may have missed.\n\n"
    "Read the recap: https://pages.awscloud.com/reinvent-2025-recap.html\n"
    "Watch the keynotes: https://aws.amazon.com/events/reinvent/\n\n"
    "You are receiving this e-mail because you have an AWS account.\n"
    "Unsubscribe: https://pages.awscloud.com/communication-preferences.html\n\n"
    "Amazon Web Services, Inc. is a subsidiary of Amazon.com, Inc.\n"
    "410 Terry Avenue North, Seattle, WA 98109\n")

_AWS_EVENT = (
    "<html><body><p>Hi Taro,</p><p>Your AWS Summit Tokyo session starts tomorrow at 10:00."
    "</p><p><a href='https://a1b2c3.r.us-east-1.awstrack.me/L0/https:%2F%2Faws.amazon.com"
    "%2Fjp%2Fevents%2Fsummits%2Ftokyo%2F/1/0100019ab/abc=123'>Your agenda</a></p>"
    "<p>Amazon Web Services Japan</p></body></html>")

_DE_PASSWORD = (
    "Hallo Taro Tanaka,\n\n"
    "Ihr Amazon-Passwort wurde geändert.\n"
    "Wenn Sie diese Änderung nicht vorgenommen haben, setzen Sie Ihr Passwort bitte\n"
    "sofort zurück: https://www.amazon.de/ap/forgotpassword\n\n"
    "Amazon wird Sie niemals nach Ihrem Passwort fragen.\n"
    "Mit freundlichen Grüßen\nAmazon.de\n")

_FR_REFUND = (
    "Bonjour Taro Tanaka,\n\n"
    "Nous avons traité votre remboursement de 24,99 EUR pour la commande\n"
    "n° 405-9876543-2109876. Il apparaîtra sur votre relevé sous 3 à 5 jours ouvrés.\n\n"
    "Détails : https://www.amazon.fr/gp/your-account/order-details?orderID=405-9876543-2109876\n\n"
    "Cordialement,\nAmazon.fr\n")

_ES_SHIPPED = (
    "Hola Taro,\n\n"
    "Tu pedido #171-2233445-5667788 ha sido enviado.\n"
    "Llegada estimada: jueves, 11 de diciembre.\n\n"
    "Seguir el envío: https://www.amazon.es/gp/your-account/ship-track?orderId=171-2233445-5667788\n\n"
    "Gracias por comprar en Amazon.es\n")

_ZH_ORDER = (
    "田中太郎 您好，\n\n"
    "感谢您在 Amazon.co.jp 订购。您的订单已确认。\n"
    "订单号：250-1122334-4556677\n"
    "预计送达：12月8日（周一）\n\n"
    "查看订单：https://www.amazon.co.jp/gp/your-account/order-details?orderID=250-1122334-4556677\n\n"
    "Amazon.co.jp\n")

_MIXED = (
    "田中太郎 様\n\n"
    "Your Amazon.co.jp order has been delivered. ご注文の商品をお届けしました。\n"
    "Order # 249-7766554-3322110\n"
    "Delivered to: 玄関前 (置き配)\n\n"
    "配達写真を見る / View delivery photo:\n"
    "https://www.amazon.co.jp/gp/your-account/ship-track?orderId=249-7766554-3322110\n\n"
    "Amazon.co.jp\n")

GENUINE_CASES = [
    named("store_newsletter_click_redirect", amazon(
        '"Amazon.co.jp" <store-news@amazon.co.jp>', "田中太郎様へのおすすめ: Echo Show 5 ほか",
        "おすすめの商品をご紹介します。 https://www.amazon.co.jp/gp/goldbox", "amazon.co.jp",
        _NEWSLETTER_HTML)),
    named("prime_day_announcement", amazon(
        '"Amazon.co.jp" <store-news@amazon.co.jp>', "プライムデー 7月11日(金)から4日間開催",
        _PRIME_DAY, "amazon.co.jp")),
    named("wishlist_price_drop", amazon(
        '"Amazon.co.jp" <wishlist-alerts@amazon.co.jp>', "ほしい物リストの商品が値下がりしました",
        _WISHLIST_DROP, "amazon.co.jp")),
    named("review_request", amazon(
        '"Amazon.co.jp" <customer-reviews-messages@amazon.co.jp>',
        "田中太郎様、商品のレビューをお願いします", _REVIEW_REQ, "amazon.co.jp")),
    named("associates_payment", amazon(
        '"Amazonアソシエイト" <associates-jp@amazon.co.jp>',
        "Amazonアソシエイト: 紹介料のお支払いについて", _ASSOCIATES, "amazon.co.jp")),
    named("seller_central_fba_deadline", amazon(
        '"Amazon Seller Central" <seller-notification@amazon.co.jp>',
        "【セラーセントラル】年末商戦のFBA納品締め切りのお知らせ", _SELLER, "amazon.co.jp")),
    named("vine_new_items", amazon(
        '"Amazon Vine" <vine-noreply@amazon.co.jp>', "Amazon Vine: 今週の新着商品", _VINE,
        "amazon.co.jp")),
    named("photos_storage_nearly_full", amazon(
        '"Amazon Photos" <no-reply@amazon.co.jp>', "Amazon Photos: 動画の保存容量について",
        _PHOTOS, "amazon.co.jp")),
    named("music_new_music_friday_en", amazon(
        '"Amazon Music" <store-news@amazon.com>', "New Music Friday: picks for you",
        "New Music Friday https://music.amazon.com/", "amazon.com", _MUSIC_EN)),
    named("aws_newsletter_awscloud_links", amazon_doubt(
        '"Amazon Web Services" <aws-marketing-email-replies@amazon.com>',
        "AWS re:Invent 2025 recap", _AWS_NEWS, "amazon.com")),
    named("aws_event_ses_click_tracking", amazon_doubt(
        '"AWS Events" <aws-events@amazon.com>', "Your AWS Summit Tokyo session starts tomorrow",
        "Your AWS Summit Tokyo session starts tomorrow.", "amazon.com", _AWS_EVENT)),
    named("de_password_changed", amazon(
        '"Amazon.de" <konto-update@amazon.de>', "Ihr Amazon-Passwort wurde geändert",
        _DE_PASSWORD, "amazon.de")),
    named("fr_refund_processed", amazon(
        '"Amazon.fr" <remboursement@amazon.fr>', "Votre remboursement pour la commande "
        "405-9876543-2109876", _FR_REFUND, "amazon.fr")),
    named("es_order_shipped", amazon(
        '"Amazon.es" <confirmar-envio@amazon.es>', "Tu pedido de Amazon.es ha sido enviado",
        _ES_SHIPPED, "amazon.es")),
    named("zh_order_confirmation_jp", amazon(
        '"Amazon.co.jp" <auto-confirm@amazon.co.jp>', "Amazon.co.jp 订单确认 250-1122334-4556677",
        _ZH_ORDER, "amazon.co.jp")),
    named("mixed_ja_en_delivered", amazon(
        '"Amazon.co.jp" <shipment-tracking@amazon.co.jp>',
        "Delivered: ご注文の商品をお届けしました 249-7766554-3322110", _MIXED, "amazon.co.jp")),
    # Amazon companies on domains Honmono does not list: they speak as themselves.
    named("amazon_jobs_alert", own_company(
        '"Amazon Jobs" <no-reply@amazon.jobs>', "New jobs matching 'Software Development "
        "Engineer, Tokyo'", "Hi Taro,\n\n3 new jobs match your alert:\n"
        "https://www.amazon.jobs/en/jobs/2876543/software-development-engineer\n\n"
        "Amazon.jobs\n", "amazon.jobs")),
    named("goodreads_newsletter", own_company(
        '"Goodreads" <no-reply@goodreads.com>', "Your December reading picks",
        "Hi Taro,\n\nThe best books of the month, picked by readers like you:\n"
        "https://www.goodreads.com/choiceawards/best-books-2025\n\n"
        "Goodreads, an Amazon company\n", "goodreads.com")),
    named("woot_daily_deal", own_company(
        '"Woot!" <deals@woot.com>', "Today on Woot: Kindle Paperwhite, refurbished",
        "Today's deal: Kindle Paperwhite (refurbished) $89.99\n"
        "https://www.woot.com/offers/kindle-paperwhite-refurb\n\n"
        "Woot, Inc. is an Amazon company. Free shipping for Amazon Prime members.\n",
        "woot.com")),
]

# ---------------------------------------------------------------- scams, most link-less

_ALT_ONLY = (
    "<html><body><img src='https://i.postimg.cc/8cQ2xZ7k/notice.png' width='600' "
    "alt='Amazon.co.jp 不正なご注文を検出しました。ご注文番号 503-2219934-1182736 "
    "iPhone 17 Pro 189,800円。お心当たりのない場合は至急 050-3184-7729 までお電話ください。'>"
    "</body></html>")

PHISH_CASES = [
    named("reply_lure_no_link", phish(
        '"Amazon.co.jp" <support@amzn-cs-center.com>', "ご注文の確認のお願い",
        "田中太郎 様\n\nお客様のご注文(503-8812234-0091827)の配送先を確認できませんでした。\n"
        "このメールにご返信のうえ、氏名、電話番号、ご登録のクレジットカード番号と有効期限を"
        "お知らせください。48時間以内にご返信がない場合、ご注文はキャンセルされます。\n\n"
        "Amazon.co.jp カスタマーサービス\n")),
    named("refund_needs_phone_call", phish(
        '"Amazon返金センター" <refund@amazon-henkin-center.jp>', "【Amazon】返金手続きのご案内",
        "お客様\n\nAmazonプライム会費の二重請求が確認されました。返金手続きのため、"
        "本日中に返金センター 03-6820-4471 までお電話ください。担当者が手続きをご案内します。\n"
        "お電話の際はお手元にキャッシュカードをご用意ください。\n")),
    named("unauthorized_order_phone_in_alt_text", phish(
        '"Amazon" <order-alert@secure-amz-order.com>', "不正なご注文について", None, _ALT_ONLY)),
    named("job_scam_as_amazon_japan", phish(
        '"Amazon Japan 採用担当" <recruit@amazon-jp-careers.com>', "【在宅ワーク】日給3万円以上",
        "Amazon Japan 採用担当です。\n\nスマホで商品にいいねを押すだけの簡単なお仕事です。"
        "日給3万円以上、未経験OK。応募はLINE ID: amz-work88 を追加してください。\n",
        accept=FLAGGED)),
    named("prize_50th_anniversary_google_forms", phish(
        '"Amazon 50周年記念" <campaign@happy-anniversary-gift.com>',
        "おめでとうございます！Amazon 50周年記念アンケートに当選しました",
        "Amazonをご利用のお客様\n\nAmazon 50周年を記念して、アンケートにお答えいただいた方の"
        "中から抽選でiPhone 17をプレゼントしています。お客様が当選しました。\n"
        "配送料 200円のお支払いで受け取れます:\n"
        "https://forms.gle/x9Qa2ZpLmRk4Tb7c8\n")),
    named("de_account_locked", phish(
        '"Amazon.de" <service@amazon-konto-sicherheit.de>', "Ihr Amazon-Konto wurde gesperrt",
        "Sehr geehrter Kunde,\n\nwir haben ungewöhnliche Aktivitäten in Ihrem Amazon-Konto "
        "festgestellt. Ihr Konto wurde vorübergehend gesperrt. Bitte bestätigen Sie Ihre "
        "Zahlungsdaten innerhalb von 24 Stunden:\nhttps://amazon-konto-sicherheit.de/verify\n\n"
        "Ihr Amazon-Kundenservice\n")),
    named("fr_account_suspended", phish(
        '"Service Client Amazon" <client@amazon-compte-verif.fr>',
        "Votre compte Amazon a été suspendu",
        "Cher client,\n\nVotre compte Amazon a été suspendu suite à un problème de paiement. "
        "Veuillez mettre à jour vos informations de facturation :\n"
        "https://amazon-compte-verif.fr/connexion\n\nService Client Amazon\n")),
    named("es_account_blocked", phish(
        '"Amazon.es" <no-responder@cuenta-bloqueada-soporte.es>',
        "Su cuenta de Amazon ha sido bloqueada",
        "Estimado cliente:\n\nSu cuenta de Amazon ha sido bloqueada por motivos de seguridad. "
        "Para desbloquearla, confirme su identidad aquí:\n"
        "https://cuenta-bloqueada-soporte.es/login\n\nAtentamente, Amazon\n")),
    named("zh_account_frozen_yamaxun", phish(
        '"亚马逊日本" <service@yamaxun-jp-kefu.cn>', "【亚马逊】您的账户已被冻结",
        "尊敬的亚马逊会员：\n\n系统检测到您的账户存在异常登录，账户已被临时冻结。"
        "请在24小时内验证您的身份，否则账户将被永久停用：\n"
        "https://yamaxun-jp-kefu.cn/verify\n\n亚马逊客服中心\n", accept=FLAGGED)),
    named("mixed_prime_update_required", phish(
        '"Amazon Prime" <prime@member-renewal-center.com>',
        "Amazon Prime: お支払い情報の update が必要です",
        "Dear Prime member 田中太郎 様\n\nYour Prime membership could not be renewed. "
        "お支払い情報を更新してください within 24 hours:\n"
        "https://member-renewal-center.com/prime/update\n")),
    named("fake_prime_day_early_access", phish(
        '"Amazon プライムデー" <sale@primeday-earlyaccess.shop>',
        "プライムデー先行セール 最大90%OFF",
        "プライム会員様限定の先行セールです。本日23:59まで。\n"
        "https://primeday-earlyaccess.shop/jp/\n")),
    named("fake_associates_payment_hold", phish(
        '"Amazonアソシエイト" <associates@amazon-associates-jp.net>',
        "アソシエイト紹介料のお支払いが保留されています",
        "アソシエイト・プログラム参加者様\n\nお客様の紹介料のお支払いが保留されています。"
        "税務情報を再登録してください:\nhttps://amazon-associates-jp.net/tax-info\n")),
    named("fake_seller_central_suspension", phish(
        '"Seller Performance" <seller-performance@amazon-seller-notice.com>',
        "Your Amazon selling privileges have been removed",
        "Hello,\n\nYour Amazon seller account has been deactivated due to a policy violation. "
        "To appeal, submit your plan of action within 48 hours:\n"
        "https://amazon-seller-notice.com/appeal\n\nAmazon Seller Performance Team\n")),
    named("fake_vine_invitation", phish(
        '"Amazon Vine" <invite@vine-program-jp.xyz>', "Amazon Vine メンバーへのご招待",
        "田中太郎 様\n\nお客様はAmazon Vineメンバーに選ばれました。"
        "登録にはAmazonアカウントでサインインしてください:\nhttps://vine-program-jp.xyz/signin\n")),
]

# ---------------------------------------------------------------- mail easy to mistake

_IT_WARNING_HTML = (
    "<html><body><p>社員各位</p><p>情報システム部です。Amazonを装ったフィッシングメールが"
    "社内で多数確認されています。以下は実際に届いたメールの例です。リンクは絶対に押さないで"
    "ください。</p><img src='cid:sample1' alt='例1: 件名「Amazonアカウントの安全確認のお願い」"
    "送信元 account-security@amazon-co-jp-verify.com'><img src='cid:sample2' "
    "alt='例2: 件名「【重要】お支払い方法を更新してください」'><p>不審なメールは"
    "security@example-corp.co.jp まで転送してください。</p><p>情報システム部</p>"
    "</body></html>")

MENTION_CASES = [
    named("ceo_gift_cards_en", third(
        '"Hiroshi Yamada" <h.yamada.ceo@outlook.com>', "Quick task",
        "Hi Taro,\n\nI need you to buy 10 Amazon gift cards of $100 each for a client "
        "appreciation. Scratch the back, take pictures of the codes and reply here. I'm in a "
        "meeting, can't take calls.\n\nHiroshi\n", "outlook.com", accept=MENTION_OR_DOUBT)),
    named("review_reward_side_job", third(
        '"副業サポート 山本" <yamamoto.fukugyo2025@gmail.com>', "スマホで副業 1日5,000円",
        "はじめまして。Amazonの商品にレビューを書くだけで1件1,500円の報酬をお支払いします。"
        "商品代金は後から全額返金します。興味があればLINE ID: review-job55 までご連絡ください。\n",
        "gmail.com", accept=MENTION_OR_DOUBT)),
    named("it_department_phishing_warning", third(
        '"情報システム部" <it-support@example-corp.co.jp>',
        "【注意喚起】Amazonを装ったフィッシングメール",
        "社員各位\n\nAmazonを装ったフィッシングメールが社内で確認されています。"
        "リンクは押さず、security@example-corp.co.jp まで転送してください。\n",
        "example-corp.co.jp", _IT_WARNING_HTML)),
    named("teacher_wishlist_class_supplies", third(
        '"3年2組 担任 中村" <nakamura@hikari-es.ed.jp>', "学級文庫の本について(お願い)",
        "保護者の皆様\n\n学級文庫の本を増やすため、Amazonのほしい物リストを作りました。"
        "ご協力いただける方は以下からご覧ください(任意です)。\n"
        "https://www.amazon.co.jp/hz/wishlist/ls/2K9XQ3ABCD1EF\n\n3年2組 担任 中村\n",
        "hikari-es.ed.jp")),
    named("auction_seller_wants_gift_codes", third(
        '"kazu_shop2025" <kazu.shop2025@yahoo.co.jp>', "落札ありがとうございます",
        "落札ありがとうございます。システムの都合で、お支払いはAmazonギフト券でお願いします。"
        "コンビニで5万円分購入し、番号をこのメールにご返信ください。確認後すぐ発送します。\n",
        "yahoo.co.jp", accept=MENTION_OR_DOUBT)),
    named("pr_agency_press_release", third(
        '"アマゾンジャパン 広報事務局" <amazon-pr@prap-agency.co.jp>',
        "【プレスリリース】Amazon、ブラックフライデーを11月21日から開催",
        "報道関係者各位\n\nアマゾンジャパン合同会社は、本日、ブラックフライデーを"
        "11月21日から12月1日まで開催することを発表しました。\n"
        "詳細: https://www.aboutamazon.jp/news/retail/black-friday-2025\n\n"
        "本件に関するお問い合わせ: アマゾンジャパン 広報事務局(株式会社プラップ内)\n"
        "amazon-pr@prap-agency.co.jp\n", "prap-agency.co.jp", accept=MENTION_OR_DOUBT)),
]

CASES: list[Case] = GENUINE_CASES + PHISH_CASES + MENTION_CASES
# GENUINE, NOT_AMAZON are re-exported for the rule tests.
__all__ = ["CASES", "GENUINE", "NOT_AMAZON", "Case"]
