"""Hostile input: random text never crashes the checks; megabytes of regex bait stay fast."""

from __future__ import annotations

import time

import pytest
from builders import make_mail
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wording_helpers import SETTINGS, ctx_for, ctx_for_text

from honmono import Evidence, Signal
from honmono.checks import greeting, notices, recipient, wording
from honmono.report.catalog import LANGS, words

CHECKS = (greeting, recipient, wording, notices)

# Characters the patterns care about, so that random text often gets close to a match.
ALPHABET = st.sampled_from(list(
    "アカウント停止制限ロック凍結時間以内日週間一定期限至急カード情報番号セキュリティコード暗証"
    "パスワード本人確認認証更新入力お客様会員様田中太郎日時デバイス付近場所IPアドレス確認コード"
    "们这说账户码认证记复 　\n\t:：、。!?@.+-_[]#{}%()（）【】0123456789abcdefxyzAZ"
    "\u034f\u200b\ufeff\u073f\u0430\u043e\u03bf")) | st.characters()


def _all(ctx) -> list[Evidence]:
    out: list[Evidence] = []
    for mod in CHECKS:
        out += mod.check(ctx)
    return out


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(ALPHABET, max_size=400), subject=st.text(ALPHABET, max_size=80),
       names=st.lists(st.text(ALPHABET, max_size=12), max_size=2),
       recipients=st.lists(st.text(ALPHABET, max_size=20), max_size=3))
def test_random_text_never_crashes(text, subject, names, recipients) -> None:
    from honmono.core.settings import Settings
    ctx = ctx_for_text(text, subject=subject, recipients=recipients,
                       settings=Settings(names=tuple(names), addresses=tuple(recipients)))
    for e in _all(ctx):
        assert isinstance(e, Evidence)
        # Every placeholder filled, in both languages (catalogue words or a check's own).
        assert all(words(w, "amazon", lang) for w in (e.title, e.detail) for lang in LANGS)
        assert e.signal < Signal.DECISIVE


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=st.binary(max_size=2000))
def test_random_mail_bytes_never_crash(body: bytes) -> None:
    raw = b"From: Amazon <a@amazon.co.jp>\r\nTo: undisclosed-recipients:;\r\n" \
          b"Subject: =?utf-8?b?44Ki44Kr44Km44Oz44OI?=\r\n\r\n" + body
    _all(ctx_for(raw))


BAIT = {
    "kana windows": "アカウント" * 200_000,
    "near-threat": ("アカウント" + "あ" * 23) * 40_000,
    "deadline digits": "1" * 1_000_000,
    "labels without values": "日時 デバイス 付近 " * 100_000,
    "labels and colons": "日時:" * 340_000,
    "code phrases": "確認コード " * 170_000,
    "emails": "a@" * 500_000,
    "placeholders": "[A_" * 350_000,
    "hashes": "##a" * 350_000,
    "odd spaces": "あ い " * 250_000,
    "english": "verify your " * 100_000,
    "sentences": "。" * 1_000_000,
    "invisible": "a\u200b" * 500_000,
    "mixed": "aа" * 500_000,
    "simplified": "们" * 1_000_000,
    "salutations": "様\n" * 500_000,
}


@pytest.mark.parametrize("name", sorted(BAIT))
def test_megabyte_of_bait_is_fast(name: str) -> None:
    text = BAIT[name]
    assert len(text) >= 1_000_000
    ctx = ctx_for_text(text, subject=text[:100_000], recipients=["a@example.jp"])
    started = time.perf_counter()
    _all(ctx)
    assert time.perf_counter() - started < 2.0, name


def test_megabyte_mail_is_fast() -> None:
    text = ("24時間以内にカード情報を更新してください。" * 50_000)[:1_000_000]
    raw = make_mail(subject="アカウント" * 2000, text=text, to="x@example.jp, " * 500 + "y@e.jp")
    ctx = ctx_for(raw, settings=SETTINGS)  # parsing is the parser's budget, not timed here
    started = time.perf_counter()
    ev = _all(ctx)
    assert time.perf_counter() - started < 2.0
    assert any(e.id == "wording.pressure_and_request" for e in ev)


_SPACES = "ab 　\t\n\r\x0b\x0c\x1c\x1e\x85\xa0\u2000\u2028\u200b"


@given(st.text(alphabet=st.sampled_from(list(_SPACES))))
@settings(max_examples=500, deadline=None)
def test_squeeze_is_the_whitespace_regex(text: str) -> None:
    import re

    assert wording.squeeze(text) == re.sub(r"\s+", " ", text)
    assert "".join(text.split()) == re.sub(r"\s+", "", text)
