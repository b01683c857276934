"""Greeting: the registered name at the top versus "Amazonお客様", "(address)様",
"Dear Customer"."""

from __future__ import annotations

import pytest
from builders import make_mail
from wording_helpers import SETTINGS, ctx_for, ctx_for_text, msg_ids, shown

from honmono import Settings, Signal, Status
from honmono.checks import greeting
from honmono.core.model import Msg

NO_NAMES = Settings(addresses=("taro@example.jp",))


def one(text: str, settings: Settings = SETTINGS, to: str = "taro@example.jp"):
    ev = greeting.check(ctx_for(make_mail(text=text, to=to), settings=settings))
    assert len(ev) == 1
    return ev[0]


@pytest.mark.parametrize("text", [
    "田中太郎, 誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。",
    "田中 太郎 様\n\nご注文ありがとうございます。",
    "田中　太郎様\nご注文ありがとうございます。",                 # full-width space
    "\n\n   \n田中太郎\n誰かがアカウントにサインインしました。",
    # HTML mails put a logo and a menu before the greeting.
    "amazon.co.jp\nマイストア タイムセール ギフト券\n田中太郎 様\nご注文の確認",
])
def test_registered_name_passes(text: str) -> None:
    e = one(text)
    assert (e.id, e.status, e.signal) == ("greeting.name", Status.PASS, Signal.NONE)


@pytest.mark.parametrize(("name", "text"), [
    ("田中 太郎", "田中太郎, 誰かが…"),
    ("田中太郎様", "田中太郎\n誰かが…"),
    ("Taro Tanaka", "Ｔａｒｏ　Ｔａｎａｋａ,\nSomeone signed in."),        # full-width Latin
    ("Taro Tanaka", "Tanaka Taro 様\nご注文の確認"),                    # family name first
    ("taro tanaka", "TARO TANAKA,\nHello"),
])
def test_name_matching_is_tolerant(name: str, text: str) -> None:
    e = one(text, settings=Settings(names=(name,)))
    assert e.id == "greeting.name"


@pytest.mark.parametrize("text", [
    "Amazonお客様, 誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。",
    " Аmazon お客様 \n\n残念ながら、あなたのアカウント",     # Cyrillic А, as in real scams
    "お客様\nいつもご利用ありがとうございます。",
    "お客様へ\nお知らせ",
    "Amazon会員様\n",
    "Amazon.co.jp お客様、\n",
    "お客様各位\n",
    "  様\nAmazonプライムをご利用いただきありがとうございます。",   # the name left empty
    "Dear Customer,\nYour account is on hold.",
    "Dear Amazon Customer,\n",
    "Hello Customer,\nThank you for your order",
    "Sehr geehrter Kunde,\nIhr Konto",
    "Estimado cliente:\n",
    "Cher client,\n",
    "お客様：\nお知らせ",
    "Ａｍａｚｏｎお客様，\n",
])
def test_generic_greeting_with_names_is_a_red_flag(text: str) -> None:
    e = one(text)
    assert (e.id, e.status, e.signal) == ("greeting.generic", Status.FAIL, Signal.RED_FLAG)


def test_generic_greeting_without_names_is_a_doubt() -> None:
    e = one("Amazonお客様\n", settings=NO_NAMES)
    assert (e.id, e.status, e.signal) == ("greeting.generic", Status.WARN, Signal.DOUBT)
    # Without names set, the words ask for them (greeting.generic_unset).
    assert e.title.id == "greeting.generic_unset.title"
    assert e.detail == Msg("greeting.generic_unset.detail", {"salutation": "Amazonお客様"})


@pytest.mark.parametrize("settings", [SETTINGS, NO_NAMES, Settings()])
@pytest.mark.parametrize("text", [
    "taro@example.jp様\n新しいデバイスからお客様のアカウントへのサインインが検出されました。",
    "taro@example.jp 会員様、弊社にお預かりする情報は正確ではありません。",
    "Hello taro@example.jp\nWe weren't able to process your payment.",
    "Guten Tag taro@example.jp\nDies ist Ihre Chance!",
])
def test_address_greeting_is_a_red_flag(settings: Settings, text: str) -> None:
    e = one(text, settings=settings)
    assert (e.id, e.status, e.signal) == ("greeting.address", Status.FAIL, Signal.RED_FLAG)


def test_local_part_greeting() -> None:
    e = one("taro.t様\nお知らせ", to="taro.t@example.jp")
    assert e.id == "greeting.address"


def test_local_part_that_may_be_a_name_needs_the_names_setting() -> None:
    # "tanaka様" for tanaka@…: without names we cannot tell it from the registered name.
    assert one("tanaka様\nご注文", settings=Settings(), to="tanaka@example.jp").id == \
        "greeting.no_names"
    assert one("tanaka様\nご注文", to="tanaka@example.jp").id == "greeting.address"


def test_no_names_other_greeting_is_info() -> None:
    e = one("平素よりAmazonをご利用いただきありがとうございます。", settings=NO_NAMES)
    assert (e.id, e.status, e.signal) == ("greeting.no_names", Status.INFO, Signal.NONE)
    assert e.title == Msg("greeting.no_names.title")


def test_names_set_but_absent_is_a_doubt() -> None:
    e = one("平素よりAmazonをご利用いただきありがとうございます。")
    assert (e.id, e.status, e.signal) == ("greeting.other", Status.WARN, Signal.DOUBT)
    assert e.detail == Msg("greeting.other.detail", {"begins": Msg(
        "greeting.other.begins", {"line": "平素よりAmazonをご利用いただきありがとうございます。"})})


def test_someone_elses_name_is_not_the_registered_one() -> None:
    e = one("佐藤花子 様\nご注文ありがとうございます。")
    assert e.id == "greeting.other"


def test_name_far_below_the_top_does_not_count() -> None:
    text = "\n".join(f"行{i}" for i in range(40)) + "\n田中太郎"
    assert one(text).id == "greeting.other"


def test_greeting_words_inside_sentences_are_not_salutations() -> None:
    # "お客様のアカウント…" begins with お客様 but is a sentence, not a salutation.
    assert one("お客様のアカウントで異常なアクティビティが検出されました。").id == "greeting.other"


def test_empty_body() -> None:
    ev = greeting.check(ctx_for_text(""))
    assert ev[0].id == "greeting.other" and "greeting.other.empty" in msg_ids(ev[0].detail)
    ev = greeting.check(ctx_for_text("", settings=Settings()))
    assert ev[0].id == "greeting.no_names"


def test_every_outcome_renders_in_both_languages() -> None:
    for text in ("田中太郎\n", "Amazonお客様\n", "taro@example.jp様\n", "こんにちは"):
        for settings in (SETTINGS, NO_NAMES):
            for e in greeting.check(ctx_for(make_mail(text=text), settings=settings)):
                assert msg_ids(e.title) and msg_ids(e.detail) and shown(e)


def test_list_footer_address_is_not_a_greeting() -> None:
    text = ("お客様のアカウントを調査しております。\n"
            "_______________________________________________\n"
            "Linux-nvdimm mailing list -- linux-nvdimm@lists.01.org\n"
            "V9fs-developer@lists.sourceforge.net\n")
    assert one(text).id == "greeting.other"


def test_bare_address_opening_the_mail_is_a_greeting() -> None:
    assert one("taro@example.jp\nお支払い方法に問題があります。").id == "greeting.address"
