"""Confusable skeletons and the shipped table's agreement with its source."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from honmono.text.skeleton import DATA, derive_table, skeleton


def test_shipped_table_matches_confusable_homoglyphs() -> None:
    shipped = json.loads(resources.files("honmono.text").joinpath(DATA).read_text("utf-8"))
    assert shipped["table"] == derive_table(), "run: python -m honmono.text.skeleton"


@pytest.mark.parametrize(("text", "expected"), [
    ("Aܿmܿaܿzܿoܿn", "amazon"),
    ("Amаzon", "amazon"),
    ("Αmazοn.fr", "amazon.fr"),
    ("𝐀𝐦𝐚𝐳𝐨𝐧", "amazon"),
    ("ＡＭＡＺＯＮ", "amazon"),
    ("Ama\u200bzon", "amazon"),
    ("Àmazôn", "amazon"),
    ("ᴀᴍᴀᴢᴏɴ", "amazon"),
    ("ᴘʀɪᴍᴇ", "prime"),
    ("amazon", "amazon"),
])
def test_imitations_reduce_to_the_brand(text: str, expected: str) -> None:
    assert skeleton(text) == expected


def test_japanese_is_kept_as_written() -> None:
    text = "田中太郎様、パスワードがリセットされました。ｱﾏｿﾞﾝ"
    assert skeleton(text) == "田中太郎様、パスワードがリセットされました。アマゾン"


def test_marks_left_standing_alone_are_dropped() -> None:
    assert skeleton("ロ\u0301グイン") == "ログイン"


def _reference_skeleton(text: str) -> str:
    """The reduction as first written: strip, NFKC, casefold, one translate."""
    import unicodedata

    from honmono.text.normalize import _INVISIBLE
    from honmono.text.skeleton import _MARKS, _table

    folded = unicodedata.normalize("NFKC", text.translate(_INVISIBLE)).casefold()
    table = _table()
    mapping = {ord(c): table.get(ord(c)) for c in set(folded) if ord(c) >= 0x80
               and (ord(c) in table or unicodedata.category(c) in _MARKS)}
    return folded.translate(mapping)


def test_fast_paths_reduce_as_translate_does() -> None:
    """strip_invisible skips text without invisible characters and skeleton() replaces a
    few characters one by one; both must give what the plain translate gives."""
    import random

    from honmono.text.normalize import _INVISIBLE, strip_invisible

    every = "".join(chr(c) for c in range(0x20, 0x30000) if not 0xD800 <= c < 0xE000)
    assert strip_invisible(every) == every.translate(_INVISIBLE)
    rnd = random.Random(7)
    pool = ("amazon アマゾン Àmazôn ｱﾏｿﾞﾝ Αmazοn ß İı ſK \u200b\u00ad\u0301\u0483 "
            "𝐀𝐦 ＡＭ ①②")
    for _ in range(2000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 30)))
        assert strip_invisible(text) == text.translate(_INVISIBLE)
        assert skeleton(text) == _reference_skeleton(text), text
    assert skeleton(every[:50_000]) == _reference_skeleton(every[:50_000])
