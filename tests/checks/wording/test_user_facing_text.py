"""What users read of the wording check: human sources, whole words in quotes."""

from __future__ import annotations

import pytest
from wording_helpers import ctx_for_text, shown

from honmono.brands.registry import load
from honmono.brands.schema import ScamSubject
from honmono.checks import wording
from honmono.core.model import Msg

SUBJECTS = [v for v in load().wording.wording_scam_subjects if v.source]


def test_every_scam_subject_source_has_a_human_name() -> None:
    brand = load()
    for item in SUBJECTS:
        for lang in ("ja", "en"):
            name = brand.source_name(item.source, lang)
            assert name, (item, lang)
            assert "shared/" not in name and "seeds" not in name, name


@pytest.mark.parametrize("item", SUBJECTS[:4], ids=lambda i: i.source)
def test_known_scam_subject_cites_a_publisher_not_a_path(item: ScamSubject) -> None:
    text = item.text
    ctx = ctx_for_text("本文", subject=text)
    found = [e for e in wording.check(ctx) if e.id == "wording.known_scam_subject"]
    assert found, text
    detail = found[0].detail
    assert isinstance(detail, Msg) and detail.id == "wording.known_scam_subject.detail"
    assert detail.params["source"] == load().publishers.publisher_source_names[item.source]
    words = shown(found[0])
    assert "shared/" not in words and "seeds/" not in words, words


def test_unknown_source_key_has_no_name() -> None:
    assert load().source_name("no-such-source", "ja") == ""


def test_pressure_quotes_end_at_the_end_of_the_word() -> None:
    ctx = ctx_for_text("お客様のアカウントをロックさせていただきます。至急ご確認ください。")
    found = wording.analyse_wording(ctx.msg, ctx.brand)
    assert found.threats, found
    for quote in found.threats:
        assert not quote.endswith("いただ"), quote
    assert any(q.endswith("いただきます") for q in found.threats), found.threats


def test_shortened_texts_end_at_a_clause_or_word() -> None:
    from honmono.host.budget import _cut_texts

    text = "アカウントをロックさせていただきます。" * 30
    cut = _cut_texts(text, 300)
    assert len(cut) <= 301 and cut.endswith("。…"), cut[-20:]
    words = "lorem ipsum " * 60
    assert _cut_texts(words, 300).endswith("ipsum…") or _cut_texts(words, 300).endswith("lorem…")
    assert _cut_texts("x" * 500, 300) == "x" * 300 + "…"  # no boundary: cut where it must
    assert _cut_texts("short", 300) == "short"
