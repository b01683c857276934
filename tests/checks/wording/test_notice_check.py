"""Known genuine notices: recognition, 日時/デバイス/付近 extraction, code presence, imitations."""

from __future__ import annotations

import json

import pytest
from builders import make_mail
from wording_helpers import CORPUS, ctx_for, ids, msg_ids, shown

from honmono import Signal, Status
from honmono.checks import notices

# Seed 000 as the article prints it: the whole mail flattened onto one line.
SEED_000_FLAT = (
    "田中太郎, 誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。 "
    "日時: Nov 03, 2025 09:56 AM Japan Standard Time デバイス: Google Chrome Windows "
    "(デスクトップ) 付近: Tokyo, Japan これがお客様でしたら、確認コードは次のとおりです: 123456 "
    "リクエストしていない場合: 否認するにはこちらをクリックしてください。 "
    "誰とも共有しないでください。"
)

# Seed 003's example, with its placeholders.
SEED_003 = (
    "誰かがアカウントにサインインしました。\n\n日時:(ログインした日時)\n"
    "デバイス:(使用ブラウザとOS)\n付近:(都道府県名、国)\n\n"
    "これがお客様ご自身による操作だった場合、このメッセージは無視してください。"
)


def check(text: str, subject: str = "Amazon.co.jp", authenticated: bool = True,
          html: str | None = None):
    ctx = ctx_for(make_mail(subject=subject, text=text, html=html), authenticated=authenticated)
    return ctx, notices.check(ctx)


def test_seed_000_flattened_line() -> None:
    ctx, ev = check(SEED_000_FLAT, subject="amazon.co.jp:パスワード回復")
    assert ids(ev) == ["notice.password_recovery"]
    n = ctx.details["notice"]
    assert n["datetime"] == "Nov 03, 2025 09:56 AM Japan Standard Time"
    assert n["device"] == "Google Chrome Windows (デスクトップ)"
    assert n["location"] == "Tokyo, Japan"
    assert n["code_present"] is True
    assert "123456" not in json.dumps(ctx.details, ensure_ascii=False)
    assert "123456" not in shown(ev[0])


def test_seed_003_example() -> None:
    ctx, ev = check(SEED_003, subject="アクションが必要です: サインイン試行")
    assert ids(ev) == ["notice.sign_in_attempt"]
    n = ctx.details["notice"]
    assert (n["datetime"], n["device"], n["location"]) == (
        "(ログインした日時)", "(使用ブラウザとOS)", "(都道府県名、国)")


def test_recognised_by_body_marker_without_subject() -> None:
    _, ev = check(SEED_003, subject="Amazon")
    assert ids(ev) == ["notice.sign_in_attempt"]


def test_subject_match_tolerates_spacing_and_width() -> None:
    ctx, ev = check("本文", subject="ＡＭＡＺＯＮ.co.jp : パスワード回復")
    assert ids(ev) == ["notice.password_recovery"]
    assert ctx.details["notice"]["datetime"] == ""


def test_english_fields_need_a_colon() -> None:
    text = ("Someone tried to sign in.\nDate: November 10, 2025 8:15 PM PST\n"
            "Device: Firefox Linux\nNear: Seattle, WA, United States\n"
            "The date of your order is near.")
    ctx, _ = check(text, subject="Amazon password assistance")
    n = ctx.details["notice"]
    assert (n["datetime"], n["device"], n["location"]) == (
        "November 10, 2025 8:15 PM PST", "Firefox Linux", "Seattle, WA, United States")


def test_forwarded_header_date_is_not_the_notice_date() -> None:
    text = ("---------- Forwarded message ---------\nFrom: Amazon <account-update@amazon.co.jp>\n"
            "Date: Mon, 3 Nov 2025 at 10:00\nSubject: amazon.co.jp:パスワード回復\n\n"
            "田中太郎, 誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。\n"
            "日時: Nov 03, 2025 09:56 AM Japan Standard Time\nデバイス: Safari Mac\n"
            "付近: Kobe, Japan\n")
    ctx, _ = check(text, subject="Fwd: amazon.co.jp:パスワード回復")
    assert ctx.details["notice"]["datetime"] == "Nov 03, 2025 09:56 AM Japan Standard Time"


def test_label_must_end_where_the_word_ends() -> None:
    ctx, _ = check("誰かがアカウントにサインインしました。\n日時指定便でお届けします\n"
                   "日時: 2025/11/10 20:15\n")
    assert ctx.details["notice"]["datetime"] == "2025/11/10 20:15"


def test_html_table_cells_on_separate_lines() -> None:
    html = ("<p>誰かがアカウントにサインインしました。</p><table>"
            "<tr><td>日時</td><td>2025年11月10日 20:15</td></tr>"
            "<tr><td>デバイス</td><td>Chrome Android</td></tr>"
            "<tr><td>付近</td><td>Fukuoka, Japan</td></tr></table>")
    ctx, _ = check("", html=html)
    n = ctx.details["notice"]
    assert (n["datetime"], n["device"], n["location"]) == (
        "2025年11月10日 20:15", "Chrome Android", "Fukuoka, Japan")


def test_english_otp_from_the_genuine_corpus() -> None:
    raw = (CORPUS / "genuine_amazon" / "amazon_com_verify_account_via_fastmail.eml").read_bytes()
    ctx = ctx_for(raw)
    ctx.authenticated_domains.add("amazon.com")
    ev = notices.check(ctx)
    assert ids(ev) == ["notice.one_time_password"]
    assert ctx.details["notice"]["code_present"] is True
    assert ctx.details["notice"]["authenticated"] is True
    for e in ev:
        assert "159200" not in shown(e)


def test_code_phrase_without_code_is_no_otp_notice() -> None:
    _, ev = check("確認コードについてのご案内です。詳しくはヘルプをご覧ください。")
    assert ev == []


def test_otp_marker_with_code() -> None:
    ctx, ev = check("ワンタイムパスワード(OTP): 482913\n誰とも共有しないでください。")
    assert ids(ev) == ["notice.one_time_password"]
    assert ctx.details["notice"]["code_present"] is True


def test_unauthenticated_notice_adds_no_trust() -> None:
    ctx, ev = check(SEED_000_FLAT, subject="amazon.co.jp:パスワード回復", authenticated=False)
    assert [(e.status, e.signal) for e in ev] == [(Status.INFO, Signal.NONE)]
    assert ctx.details["notice"]["authenticated"] is False
    assert "notice.unverified.detail" in msg_ids(ev[0].detail)


def test_foreign_authenticated_domain_does_not_count() -> None:
    ctx = ctx_for(make_mail(subject="amazon.co.jp:パスワード回復", text=SEED_000_FLAT))
    ctx.authenticated_domains.add("evil.example")
    notices.check(ctx)
    assert ctx.details["notice"]["authenticated"] is False


def test_plain_mail_is_no_notice() -> None:
    ctx, ev = check("ご注文ありがとうございます。お届け予定: 11月12日",
                    subject="Amazon.co.jpでのご注文")
    assert ev == [] and "notice" not in ctx.details


@pytest.mark.parametrize("text", [
    "・ログイン日時:2026年2月11日\n・IPアドレス:35.121.136.76\n・デバイス:Generic Windows NT 10.0\n"
    "・場所:青森県, 日本",
    "Date : Fri, September 16, 2022 7:20 PM\nCountry : United States\nDevice : Android\n"
    "IP : 144.68.119.02",
    "設備:[Mozilla/5.0 (iPhone)]\nログイン日時:[2020/11/16][03:58:34]\nIPアドレス:[59.84.25.117]",
])
def test_imitation_layouts(text: str) -> None:
    ctx, ev = check(text, authenticated=False)
    assert ids(ev) == ["notice.imitation"]
    assert (ev[0].status, ev[0].signal) == (Status.WARN, Signal.DOUBT)
    assert "notice" not in ctx.details


def test_one_stray_label_is_no_imitation() -> None:
    _, ev = check("お届け先の場所: 玄関前\nご注文ありがとうございます。")
    assert ev == []


def test_details_are_json() -> None:
    ctx, _ = check(SEED_000_FLAT, subject="amazon.co.jp:パスワード回復")
    assert set(ctx.details["notice"]) >= {"kind", "datetime", "device", "location"}
    json.dumps(ctx.details)


def test_years_and_words_are_not_codes() -> None:
    _, ev = check("確認コードの有効期限は2025年11月30日です。")
    assert ev == []
    ctx, _ = check("ワンタイムパスワード(OTP): 2025\n")
    assert "notice" not in ctx.details
    assert notices._codes(ctx, "a hotpot for 123456 yen") == set()
    assert notices._codes(ctx, "your OTP: 123456") == {"123456"}
