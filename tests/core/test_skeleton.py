"""Confusable skeletons and the shipped table's agreement with its source."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from honmono.skeleton import DATA, derive_table, skeleton


def test_shipped_table_matches_confusable_homoglyphs() -> None:
    shipped = json.loads(resources.files("honmono.data").joinpath(DATA).read_text("utf-8"))
    assert shipped["table"] == derive_table(), "run: python -m honmono.skeleton"


@pytest.mark.parametrize(("text", "expected"), [
    ("Aܿmܿaܿzܿoܿn", "amazon"),
    ("Amаzon", "amazon"),
    ("Αmazοn.fr", "amazon.fr"),
    ("𝐀𝐦𝐚𝐳𝐨𝐧", "amazon"),
    ("ＡＭＡＺＯＮ", "amazon"),
    ("Ama\u200bzon", "amazon"),
    ("Àmazôn", "amazon"),
    ("amazon", "amazon"),
])
def test_imitations_reduce_to_the_brand(text: str, expected: str) -> None:
    assert skeleton(text) == expected


def test_japanese_is_kept_as_written() -> None:
    text = "田中太郎様、パスワードがリセットされました。ｱﾏｿﾞﾝ"
    assert skeleton(text) == "田中太郎様、パスワードがリセットされました。アマゾン"


def test_marks_left_standing_alone_are_dropped() -> None:
    assert skeleton("ロ\u0301グイン") == "ログイン"
