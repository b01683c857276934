"""Wording: pressure, requests for secrets, unnatural text, reported scam subjects."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import make_mail
from wording_helpers import ctx_for, ids, msg_ids, params_of, shown

from honmono import Signal, Status
from honmono.brands.registry import load
from honmono.checks import wording
from honmono.mail.parse import parse

SEEDS_TXT = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def check(text: str = "こんにちは", subject: str = "Amazon.co.jp", html: str | None = None):
    return wording.check(ctx_for(make_mail(subject=subject, text=text, html=html)))


def by_id(ev):
    return {e.id: e for e in ev}


# ---------------------------------------------------------------- genuine wording stays clean

@pytest.mark.parametrize(("subject", "text"), [
    ("アクションが必要です: サインイン試行",
     "田中太郎\n誰かがアカウントにサインインしました。\nこれがお客様ご自身による操作だった場合、"
     "このメッセージは無視してください。 そうでない場合は、お知らせください。"),
    ("amazon.co.jp:パスワード回復",
     "田中太郎, 誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。"
     "これがお客様でしたら、確認コードは次のとおりです: 123456 誰とも共有しないでください。"),
    ("Verify your new Amazon account",
     "To verify your email address, please use the following One Time Password (OTP): 159200\n"
     "Do not share this OTP with anyone. Amazon Customer Service will never ask you to disclose "
     "or verify your Amazon password, OTP, credit card, or banking account number. This code "
     "will expire in 10 minutes."),
    ("Amazon.co.jpでのご注文 #249-1234567-1234567",
     "田中太郎 様\nご注文ありがとうございます。お届け予定: 11月12日\n"
     "支払い方法: クレジットカード(Visa)"),
    ("ワンタイムパスワード",
     "Amazonカスタマーサービスが、お客様のパスワード、クレジットカード番号の開示や確認を"
     "求めることはありません。パスワードは誰にも教えないでください。"),
])
def test_genuine_wording_is_clean(subject: str, text: str) -> None:
    assert ids(check(text, subject)) == ["wording.ok"]


# ---------------------------------------------------------------- pressure and requests

@pytest.mark.parametrize("text", [
    "24時間以内にご確認がない場合、アカウントをロックさせていただきます。",
    "一定時間内にご確認いただけない場合、アカウントのご利用を停止させていただく場合がございます。",
    "アカウントは一時的に制限されています。",
    "数日以内にご対応いただかなかった場合、Amazonアカウントは自動的に削除されます",
    "Your account will be permanently suspended.",
    "Please respond within 24 hours.",
    "Ihr Konto wurde gesperrt.",
    "Su cuenta ha sido suspendida.",
    "Votre compte a été suspendu.",
])
def test_pressure_alone_is_a_doubt(text: str) -> None:
    ev = by_id(check(text))
    assert set(ev) == {"wording.pressure"}
    assert (ev["wording.pressure"].status, ev["wording.pressure"].signal) == (
        Status.WARN, Signal.DOUBT)


@pytest.mark.parametrize("text", [
    "クレジットカード番号とセキュリティコードを入力してください。",
    "ご本人様確認(認証手続き)をお願いしております。",
    "以下のリンクからアカウント情報を更新してください。",
    "Please update your payment information.",
    "Verify your identity to continue.",
    "Bitte bestätigen Sie jetzt Ihre PIN.",
    "le solicitamos que proceda a completar o confirmar sus datos.",
    "Veuillez confirmer vos informations de paiement.",
])
def test_request_alone_is_a_doubt(text: str) -> None:
    ev = by_id(check(text))
    assert set(ev) == {"wording.request"}
    assert ev["wording.request"].signal is Signal.DOUBT


@pytest.mark.parametrize("text", [
    "お手数ではございますが、1週間以内に以下の手続きページより認証をお済ませください。",
    "24時間以内にクレジットカード情報を更新してください。更新がない場合、アカウントを停止します。",
    "If you don't update your card information in the next 6 days, your membership will be "
    "cancelled.",
    "Your account is on hold. Please verify your account.",
    "Innerhalb von 24 Stunden: bitte bestätigen Sie Ihre Zahlungsdaten.",
])
def test_pressure_and_request_is_a_red_flag(text: str) -> None:
    ev = by_id(check(text))
    e = ev["wording.pressure_and_request"]
    assert (e.status, e.signal) == (Status.FAIL, Signal.RED_FLAG)


def test_negated_request_is_not_a_request() -> None:
    text = ("Amazonがメールでパスワードやクレジットカード番号の入力を求めることは決してありません。"
            "24時間以内にご確認ください。")
    assert set(by_id(check(text))) == {"wording.pressure"}


def test_pressure_in_the_subject_counts() -> None:
    ev = by_id(check("以下のリンクからログイン情報を更新してください。",
                     subject="【Amazon】24時間以内にログイン情報の更新をお願いします"))
    assert "wording.pressure_and_request" in ev


def test_minutes_are_not_a_deadline() -> None:
    assert ids(check("確認コードの有効期限は10分です。")) == ["wording.ok"]


def test_words_split_by_odd_spacing_still_match() -> None:
    ev = by_id(check("24時間 以内 にご確認がない 場合、アカウントの 利用 制限を"
                     "させて いただきます。"))
    assert "wording.pressure" in ev


# ---------------------------------------------------------------- reported subjects

@pytest.mark.parametrize("subject", [
    "【重要】アカウントの安全確認をお願いします",
    "[重要] アカウントの 安全確認を お願いします",                  # brackets and spaces
    "［重要］アカウントの安全確認をお願いします",                    # full-width brackets
    "アカウント利用の安全確認について",
    "Fwd: アカウントの安全確認のお願い",
    "[V9fs-developer] 【重要】不審なログインの可能性について",      # list prefix
    "Ａｍａｚｏｎ.co.jp にご登録のアカウント（名前、パスワード、その他個人情報）の確認 12:03",
    "Аmazon.co.jp にご登録のアカウント(名前、パスワード、その他個人情報)の確認",  # Cyrillic А
    "Amazon.co.jp アカウント所有権の証明（名前、その他個人情報）の確認",
    "あなたのアカウントはブロックされています 2018/08/27 田中太郎",
])
def test_reported_subject_is_a_red_flag(subject: str) -> None:
    e = by_id(check("本文", subject))["wording.known_scam_subject"]
    assert (e.status, e.signal) == (Status.FAIL, Signal.RED_FLAG)
    assert e.source == "Subject"


@pytest.mark.parametrize("subject", [
    "amazon.co.jp:パスワード回復",
    "アクションが必要です: サインイン試行",
    "Amazon.co.jpでのご注文の確認",
    "Amazonプライム会費のお支払い方法に問題があります",
    "お支払い方法の情報を更新してください",
    "Verify your new Amazon account",
    "Amazon password assistance",
    "Your Amazon.co.jp order has shipped",
    "アカウントの確認",
    "安全確認",
])
def test_genuine_subjects_are_not_reported_ones(subject: str) -> None:
    assert "wording.known_scam_subject" not in by_id(check("本文", subject))


# ---------------------------------------------------------------- unnatural text

def test_simplified_chinese_alone_is_a_doubt() -> None:
    e = by_id(check("下记URLよりご注文情報をご確認ください。"))["wording.unnatural"]
    assert (e.status, e.signal) == (Status.WARN, Signal.DOUBT)
    assert params_of(e.detail, "chars") == ["记"]
    assert "wording.unnatural.alone" in msg_ids(e.detail)


def test_simplified_chinese_with_pressure_is_a_red_flag() -> None:
    ev = by_id(check("您的账户已被停止。アカウントを停止させていただいております。"))
    e = ev["wording.unnatural"]
    assert (e.status, e.signal) == (Status.FAIL, Signal.RED_FLAG)


def test_japanese_forms_of_shared_characters_do_not_count() -> None:
    # 号 将 仆 are Japanese too; 記 戸 証 are the Japanese forms of 记 户 证.
    text = "番号を記入し、戸籍の証明書を将来のために保管します。僕と仆。"
    assert ids(check(text)) == ["wording.ok"]


def test_seed_articles_contain_no_simplified_chinese_or_odd_spacing() -> None:
    brand = load()
    for path in sorted(SEEDS_TXT.glob("*.txt")):
        msg = parse(make_mail(subject="x", text=path.read_text("utf-8")))
        f = wording.analyse_wording(msg, brand)
        assert f.simplified == [] and f.odd_spacing == [] and f.mixed_script == [], path.name


def test_odd_spacing_inside_words() -> None:
    text = ("ご迷惑とご心配をおかけして、深くお詫び申 し上げます。"
            "メー ルを受信希望しないお客様にもお送りいたし ます。")
    e = by_id(check(text))["wording.unnatural"]
    assert "wording.unnatural.odd_spacing" in msg_ids(e.detail)


def test_look_alike_letters_and_hidden_characters() -> None:
    e = by_id(check("Your Аmazon аccount"))["wording.unnatural"]
    assert "wording.unnatural.mixed_script" in msg_ids(e.detail)
    hidden = "\u034f".join("We are informing")
    assert "wording.unnatural.hidden" in msg_ids(by_id(check(hidden))["wording.unnatural"].detail)


def test_unfilled_template_variables() -> None:
    e = by_id(check("日時 [CURRENT_DATE] [CURRENT_TIME]\n"
                    "このメッセージは[RECEIVER_ADDRESS] に送信されました。"))
    names = params_of(e["wording.unnatural"].detail, "names")
    assert len(names) == 1 and "[CURRENT_DATE]" in names[0].values
    # Variables inserted inside words do not hide them from the patterns.
    e = by_id(check("##mix_normal_10##".join("あなたのアカウントは停止されました")))
    assert "wording.unnatural" in e and e["wording.unnatural"].signal is Signal.RED_FLAG


def test_case_ids_are_not_template_variables() -> None:
    assert ids(check("Ref [ID-84871-0892] [PDF]")) == ["wording.ok"]


# ---------------------------------------------------------------- shape

def test_never_decisive_and_always_bilingual() -> None:
    texts = ["24時間以内にカード情報を更新しないとアカウントを停止します。下记URL",
             "Dear customer, verify your account within 24 hours", ""]
    for t in texts:
        for e in check(t, subject="【重要】アカウントの安全確認をお願いします"):
            assert e.signal <= Signal.RED_FLAG
            assert msg_ids(e.title) and msg_ids(e.detail) and shown(e)


def test_html_only_mail_is_scanned() -> None:
    html = "<p>24時間以内に<b>クレジットカード情報</b>を更新してください。</p>"
    ev = by_id(check(None, html=html))
    assert "wording.pressure_and_request" in ev


def test_reports_are_not_requests() -> None:
    # A genuine change confirmation reports a change; it asks for nothing.
    assert ids(check("お客様のパスワードが更新されました。")) == ["wording.ok"]
    assert ids(check("お支払い方法: クレジットカード(Visa)")) == ["wording.ok"]
    assert "wording.request" in by_id(check("お支払い方法の再登録をお願いいたします。"))


def test_calendar_dates_are_not_deadlines() -> None:
    assert ids(check("11月30日までにお届けします。")) == ["wording.ok"]
    assert "wording.pressure" in by_id(check("3日以内にご対応ください。"))


@pytest.mark.parametrize("text", [
    "Please call us at +1 818 492 9813 if you do not believe you ordered this item.",
    "ご注文に心当たりがない場合は 050-1234-5678 までお電話ください。",
    "キャンセルはお電話(03-1234-5678)で承ります。",
])
def test_request_to_phone_a_number_is_a_red_flag(text: str) -> None:
    ev = by_id(check(text))
    assert ev["wording.callback"].signal is Signal.RED_FLAG


@pytest.mark.parametrize("text", [
    "ご注文番号: 250-1234567-1234567",
    "Order #113-0935512-8451 has shipped.",
    "お問い合わせはAmazonカスタマーサービスまでご連絡ください。",
])
def test_order_numbers_and_plain_contact_advice_are_not_callbacks(text: str) -> None:
    assert "wording.callback" not in by_id(check(text))
