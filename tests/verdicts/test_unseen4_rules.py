"""The rules round 4 (unseen4.py) changed, each held on both sides: Amazon's name in
Chinese script, amazon.jobs as a domain Amazon signs mail as, and a sender naming itself
as Amazon from an organisation's own signed domain with only Amazon's links."""

from __future__ import annotations

from email.message import EmailMessage

import pytest
from authkit import received_by
from mailgen import judge
from unseen2 import PNG, Case, _msg, _sign, phish, third

from honmono.core.model import Signal
from honmono.core.settings import Settings

_PR = ("報道関係者各位\n\n"
       "アマゾンジャパン合同会社は、本日、年末のセールを開催すると発表しました。\n"
       "詳細: https://www.aboutamazon.jp/news/retail/year-end-sale\n\n"
       "お問い合わせ: アマゾンジャパン 広報事務局 pr-office@pr-house.co.jp\n")
_PR_FROM = '"アマゾンジャパン 広報事務局" <pr-office@pr-house.co.jp>'
_PR_SUBJECT = "【プレスリリース】年末のセールを開催"


def _verdict(case: Case) -> tuple[str, dict[str, Signal]]:
    report = judge(case.build(), *case.keys)
    return report.verdict.value, {e.id: e.signal for e in report.evidence}


# ------------------------------------------------------------------ Chinese-script name


@pytest.mark.parametrize("name", ["亚马逊客服", "亞馬遜客服中心"])
def test_chinese_script_name_speaks_as_amazon(name: str) -> None:
    verdict, ids = _verdict(phish(
        f'"{name}" <service@kefu-center.example>', "您的账户已被冻结",
        "尊敬的会员：您的账户已被冻结，请在24小时内验证：https://kefu-center.example/verify\n"))
    assert verdict == "phishing"
    assert ids["sender.from_foreign"] is Signal.DECISIVE


def test_signed_chinese_news_naming_amazon_gets_no_badge() -> None:
    verdict, _ = _verdict(third(
        '"科技日报" <news@keji-daily.example>', "科技新闻：亚马逊发布新款Kindle",
        "亚马逊今天发布了新款Kindle。详情: https://keji-daily.example/a/123\n",
        "keji-daily.example"))
    assert verdict == "not_amazon"


# ----------------------------------------------------------------------- amazon.jobs


def _jobs(signed: bool) -> Case:
    def build() -> bytes:
        raw = _msg('"Amazon Jobs" <no-reply@amazon.jobs>', "Reset your amazon.jobs password",
                   "Use this link to reset your password:\n"
                   "https://www.amazon.jobs/en/account/reset-password\n").as_bytes()
        return _sign(raw, "amazon.jobs", "amazonses.com") if signed else raw
    return Case("", "genuine", build, frozenset(), ("amazon.jobs", "amazonses.com"))


def test_amazon_jobs_signed_is_proven() -> None:
    verdict, ids = _verdict(_jobs(signed=True))
    assert verdict == "genuine"
    assert "sender.from_official" in ids


def test_amazon_jobs_unsigned_is_not_trusted() -> None:
    verdict, _ = _verdict(_jobs(signed=False))
    assert verdict in ("suspicious", "phishing")


def test_amazon_jobs_spoof_with_a_lookalike_link_is_phishing() -> None:
    verdict, _ = _verdict(phish(
        '"Amazon Jobs" <no-reply@amazon.jobs>', "Verify your Amazon account",
        "Hello,\n\nYour Amazon account will be closed. Verify now: "
        "https://amazon-jobs-verify.com/login\n"))
    assert verdict == "phishing"


# ------------------------------------------- an organisation writing in Amazon's name


def test_agency_signing_its_own_domain_with_amazons_links_is_a_doubt() -> None:
    verdict, ids = _verdict(third(_PR_FROM, _PR_SUBJECT, _PR, "pr-house.co.jp"))
    assert verdict == "suspicious"
    assert ids["sender.from_foreign_signed"] is Signal.DOUBT
    assert "sender.from_foreign" not in ids


def test_same_mail_unsigned_stays_phishing() -> None:
    verdict, ids = _verdict(third(_PR_FROM, _PR_SUBJECT, _PR, None))
    assert verdict == "phishing"
    assert ids["sender.from_foreign"] is Signal.DECISIVE


def test_one_link_off_amazons_sites_stays_phishing() -> None:
    body = _PR + "資料: https://pr-house.co.jp/download/release.pdf\n"
    verdict, ids = _verdict(third(_PR_FROM, _PR_SUBJECT, body, "pr-house.co.jp"))
    assert verdict == "phishing"
    assert "sender.from_foreign_signed" not in ids


def test_no_link_at_all_stays_phishing() -> None:
    body = "報道関係者各位\n\nアマゾンジャパン合同会社は年末のセールを発表しました。\n"
    verdict, _ = _verdict(third(_PR_FROM, _PR_SUBJECT, body, "pr-house.co.jp"))
    assert verdict == "phishing"


def test_an_attachment_stays_phishing() -> None:
    def attach(msg: EmailMessage) -> None:
        msg.add_attachment(PNG, maintype="image", subtype="png", filename="release.png")
    verdict, ids = _verdict(third(_PR_FROM, _PR_SUBJECT, _PR, "pr-house.co.jp", extra=attach))
    assert verdict == "phishing"
    assert "sender.from_foreign_signed" not in ids


def test_a_personal_mailbox_signature_vouches_for_nothing() -> None:
    verdict, ids = _verdict(third('"Amazon.co.jp" <amazon.pr.office@gmail.com>', _PR_SUBJECT,
                                  _PR, "gmail.com"))
    assert verdict == "phishing"
    assert "sender.from_foreign_signed" not in ids


@pytest.mark.parametrize("body", [
    # A refund that needs a phone call, Amazon's own link beside it.
    "お客様\n\nAmazonプライム会費の二重請求がありました。返金のため、本日中に 03-6820-4471 "
    "までお電話ください。\nhttps://www.amazon.co.jp/gp/primecentral\n",
    # A reply lure under a known scam subject, Amazon's own link beside it.
    "お客様\n\nお客様のアカウントは停止されました。24時間以内に返信で氏名とカード番号を"
    "お知らせください。\nhttps://www.amazon.co.jp/\n",
])
def test_signed_lure_with_only_amazons_links_is_still_phishing(body: str) -> None:
    verdict, ids = _verdict(third('"Amazon.co.jp" <info@help-desk.example>',
                                  "アカウントの安全確認のお願い", body, "help-desk.example"))
    assert verdict == "phishing"
    assert ids["sender.from_foreign_signed"] is Signal.DOUBT


@pytest.mark.parametrize(("result", "expected"), [("fail", "phishing"), ("pass", "suspicious")])
def test_trusted_servers_word_on_the_domain_decides(result: str, expected: str) -> None:
    """Where the user's own server reports on the domain, its word decides."""
    raw = third(_PR_FROM, _PR_SUBJECT, _PR, "pr-house.co.jp").build()
    arh = (f"Authentication-Results: mx.example.jp; dkim={result} header.d=pr-house.co.jp;"
           f" dmarc={result} header.from=pr-house.co.jp\r\n").encode()
    arh += received_by("mx.example.jp", client="mail.pr-house.co.jp", ip="192.0.32.8")
    settings = Settings(names=("田中太郎",), addresses=("taro@example.jp",),
                        trust_authserv=("mx.example.jp",))
    report = judge(arh + raw, settings=settings)
    assert report.verdict.value == expected


# ---------------------------------------------------------- words in an image's alt text

_ALT_CALL = ("<html><body><img src='https://img.example/notice.png' width='600' alt='"
             "Amazon.co.jp 不正なご注文を検出しました。お心当たりのない場合は至急 "
             "050-3184-7729 までお電話ください。'></body></html>")


def test_a_callback_written_only_in_alt_text_is_read() -> None:
    verdict, ids = _verdict(phish('"注文センター" <order-alert@secure-order.example>',
                                  "不正なご注文について", None, _ALT_CALL))
    assert verdict == "phishing"
    assert ids["wording.callback"] is Signal.RED_FLAG


def test_alt_text_without_a_request_adds_nothing() -> None:
    html = ("<html><body><p>新着のおすすめ</p><img src='https://m.media-amazon.com/images/I/x.jpg'"
            " alt='Echo Show 5 (第3世代)'><a href='https://www.amazon.co.jp/dp/B0CHX1W1XY'>"
            "詳しく見る</a></body></html>")
    verdict, ids = _verdict(third('"Amazon.co.jp" <store-news@amazon.co.jp>', "おすすめ",
                                  None, None, html))
    assert "wording.ok" in ids and verdict != "genuine"
