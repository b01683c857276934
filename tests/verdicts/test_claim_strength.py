"""§1 A mention is not a claim: who speaks as Amazon, and who only talks about it."""

from __future__ import annotations

import pytest
from authkit import received_by
from mailgen import build, judge

from honmono.core.model import Verdict
from honmono.core.settings import Settings

# Ordinary mail from organisations that name themselves and sign their own domain.
THIRD_PARTY_MENTIONS = {
    "blog-new-post-gift-cards": dict(
        from_='"Hanako Blog" <noreply@hanakoblog.example>', signed_by="hanakoblog.example",
        subject="新しい投稿: Amazonギフトカードの賢い使い方",
        text="新しい記事を公開しました。Amazonギフトカードをお得に買う方法をまとめました。\n"
             "https://hanakoblog.example/2025/11/gift\n"),
    "shop-receipt-paid-with-amazon-pay": dict(
        from_='"Kurashi Store" <order@kurashistore.example>', signed_by="kurashistore.example",
        subject="【Kurashi Store】ご注文ありがとうございます(Amazon Pay)",
        text="ご注文ありがとうございます。\nお支払い方法: Amazon Pay\n"
             "Amazonアカウントに登録された住所へお届けします。\n"
             "ご注文の確認: https://kurashistore.example/orders/123\n"),
    "survey-with-gift-card-prize": dict(
        from_='"Macromill Research" <survey@macromill.example>', signed_by="macromill.example",
        subject="アンケートにご協力ください(抽選でAmazonギフトカード1000円分)",
        text="5分で終わるアンケートです。抽選で10名様にAmazonギフトカードを差し上げます。\n"
             "https://macromill.example/s/abc\n"),
    "points-site-exchange-confirmed": dict(
        from_='"ポイントタウン事務局" <info@pointtown.example>', signed_by="pointtown.example",
        subject="Amazonギフトカードへの交換が完了しました",
        text="ポイント交換のお申し込みを受け付けました。\n交換先: Amazonギフトカード 500円分\n"
             "ギフトコードはマイページでご確認ください: https://pointtown.example/mypage\n"),
    "deals-newsletter": dict(
        from_='"DealNews" <deals@mail.dealnews.example>', signed_by="dealnews.example",
        subject="Today's top Amazon deals",
        text="Your Amazon deals for today, hand-picked by our editors.\n"
             "https://dealnews.example/amazon?utm=nl\n"),
    "bank-warning-about-amazon-phishing": dict(
        from_='"三井住友カード" <info@smbc-card.example>', signed_by="smbc-card.example",
        subject="【注意喚起】Amazonを装ったフィッシングメールにご注意ください",
        text="「Amazonアカウントが停止されました」などの件名で偽サイトへ誘導するメールが"
             "確認されています。リンクは開かないでください。\nhttps://smbc-card.example/security\n"),
    "news-digest": dict(
        from_='"Tech Digest" <digest@techdigest.example>', signed_by="techdigest.example",
        subject="Amazon still wants to patent the Web",
        text="Today's stories: Amazon still wants to patent the Web; your Amazon Echo hears "
             "more than you think.\nhttps://techdigest.example/2025/11/03\n"),
}


@pytest.mark.parametrize("case", sorted(THIRD_PARTY_MENTIONS))
def test_third_party_talking_about_amazon_is_not_amazon(case: str) -> None:
    report = judge(build(**THIRD_PARTY_MENTIONS[case]))
    assert report.verdict is Verdict.NOT_AMAZON, (case, report.claim)


@pytest.mark.parametrize("case", sorted(THIRD_PARTY_MENTIONS))
def test_the_same_mail_unsigned_is_still_a_claim(case: str) -> None:
    """Without a signature of its own domain a display name proves no organisation: a
    forger writing "Rakuten" over a rakuten address still claims what the mail says."""
    fields = {**THIRD_PARTY_MENTIONS[case], "signed_by": None}
    report = judge(build(**fields))
    assert report.claim.brand is not None, case


def test_friend_quoting_an_order_mail_is_not_amazon() -> None:
    raw = build(from_="Hanako <hanako@gmail.example>", subject="Re: 頼まれてた本",
                text="注文しておいたよ。届いたら教えてね。\n\n"
                     "> Amazon.co.jp をご利用いただき、ありがとうございます。\n"
                     "> お客様のAmazonアカウントでご注文を承りました。\n"
                     "> 注文番号: 250-1234567-1234567\n")
    assert judge(raw).verdict is Verdict.NOT_AMAZON


def test_forwarded_phishing_with_disguised_sender_is_phishing() -> None:
    raw = build(from_="Hanako <hanako@gmail.example>", subject="Fwd: これ本物?",
                text="このメール本物かな?\n\n---------- Forwarded message ---------\n"
                     "From: A\u200bm\u200ba\u200bz\u200bo\u200bn <info@secure-check.example>\n"
                     "Date: 2025年11月3日\nSubject: お支払い方法の確認\n\n"
                     "お支払い情報を更新してください。\nhttps://secure-check.example/login\n")
    report = judge(raw)
    assert report.claim.disguised == ("forwarded sender",)
    assert report.verdict is Verdict.PHISHING


def test_forwarded_phishing_with_combining_marks_in_sender_is_phishing() -> None:
    raw = build(from_="Taro <taro@example.jp>", subject="Fw: 不審なメール",
                text="________________________________\n"
                     "差出人: Am\u0307azon.co.jp <noreply@jp-amazon-support.example>\n"
                     "件名: アカウントの確認\n\nご確認ください https://jp-amazon-support.example/\n")
    assert judge(raw).verdict is Verdict.PHISHING


@pytest.mark.parametrize(("display", "signed_by"), [
    ("Account Support", "support-notice.example"),   # generic words: no organisation
    ("Team Support Center", "support-notice.example"),
    ("Customer Service", None),
    ("wkbhegjx", "support-notice.example"),          # a name that fits nothing
])
def test_generic_sender_speaking_as_amazon_stays_phishing(display: str,
                                                           signed_by: str | None) -> None:
    raw = build(from_=f'"{display}" <no-reply@support-notice.example>', signed_by=signed_by,
                subject="お客様のアカウントを一時停止しました",
                text="Amazon.co.jp をご利用いただきありがとうございます。お客様のAmazonアカウントに"
                     "不審なサインインがありました。24時間以内に確認してください。\n"
                     "https://support-notice.example/signin\n")
    report = judge(raw)
    assert report.claim.third_party == ""
    assert report.verdict is Verdict.PHISHING


def test_organisation_name_over_unsigned_forged_domain_stays_phishing() -> None:
    raw = build(from_='"Rakuten" <account-update@rakuten.example>',
                subject="Amazonアカウントを利用制限しています",
                text="お客様のAmazonアカウントを利用制限しています。\nhttps://amzn-check.example/\n")
    assert judge(raw).verdict is Verdict.PHISHING


def test_third_party_cannot_hide_an_amazon_display_name() -> None:
    raw = build(from_='"Amazon.co.jp" <info@dealnews.example>', signed_by="dealnews.example",
                subject="Today's top Amazon deals", text="deals https://dealnews.example/\n")
    report = judge(raw)
    assert report.claim.strong and report.verdict is Verdict.PHISHING


def _with_arh(result: str, domain: str, signed_by: str | None) -> bytes:
    fields = {**THIRD_PARTY_MENTIONS["deals-newsletter"], "signed_by": signed_by}
    arh = f"mx.example.jp; dkim={result} header.d={domain}; dmarc={result} header.from={domain}"
    # The server's result counts only above its own receipt line (auth/arh.py).
    return (f"Authentication-Results: {arh}\r\n".encode()
            + received_by("mx.example.jp", client="mail.dealnews.example", ip="192.0.32.8")
            + build(**fields))


def test_trusted_server_failing_the_third_partys_domain_keeps_the_claim() -> None:
    """A forged organisation with an invented signature header: the user's own server
    says the domain did not authenticate, so the mail is judged as the claim it makes."""
    raw = _with_arh("fail", "dealnews.example", signed_by="dealnews.example")
    settings = Settings(trust_authserv=("mx.example.jp",))
    assert judge(raw, settings=settings).claim.brand is not None


def test_trusted_server_passing_the_third_partys_domain_is_enough() -> None:
    raw = _with_arh("pass", "dealnews.example", signed_by=None)
    settings = Settings(trust_authserv=("mx.example.jp",))
    report = judge(raw, settings=settings)
    assert report.claim.third_party and report.verdict is Verdict.NOT_AMAZON


def test_untrusted_results_are_not_believed() -> None:
    raw = _with_arh("pass", "dealnews.example", signed_by=None)
    assert judge(raw).claim.brand is not None


def test_reply_quoting_amazons_own_header_is_not_amazon() -> None:
    raw = build(from_="Hanako <hanako@gmail.example>", subject="Re: 注文したよ",
                text="ありがとう!\n\n> From: Amazon.co.jp <auto-confirm@amazon.co.jp>\n"
                     "> Subject: ご注文の確認\n> 注文番号: 250-1234567-1234567\n")
    assert judge(raw).verdict is Verdict.NOT_AMAZON


def test_reply_quoting_a_fake_amazon_sender_is_recognised() -> None:
    raw = build(from_="Hanako <hanako@gmail.example>", subject="Re: これ何?",
                text="変なメールが来た\n\n> From: Amazon.co.jp <info@amazon-verify.example>\n"
                     "> アカウントを確認してください https://amazon-verify.example/\n")
    assert judge(raw).claim.brand is not None
