"""The message catalogue: both languages say the same things, and every sentence is in one
reviewable file.

The golden snapshot (messages.snapshot.txt beside this file) is every catalogue sentence
rendered in Japanese and English with its placeholders' examples, the brand's own words
beside the generic ones. A wording change shows up as one diff there. When it is stale the
test fails; regenerate it with

    HONMONO_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest -q tests/report/test_catalogue.py

and review the diff.
"""

from __future__ import annotations

import os
import re
from importlib import resources
from pathlib import Path

import pytest

from honmono.core.model import Items, Msg, Text
from honmono.report import catalog
from honmono.report.catalog import LANGS, brand_overrides, fill, generic, text

SNAPSHOT = Path(__file__).with_name("messages.snapshot.txt")
BRANDS = sorted(p.name for p in resources.files("honmono.brands").iterdir()
                if p.is_dir() and p.joinpath("facts").is_dir())
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Sentences that are Japanese without a Japanese character: punctuation and names.
_ASCII_IN_JA = {"attachments.listed.item", "attachments.kind.pdf", "common.sentences",
                "auth.verbatim", "auth.semicolons", "auth.sig.facts", "auth.sig.policy.detail",
                "auth.sig.fail.detail", "auth.sig.limit.detail", "auth.sig.unchecked.detail",
                "sender.header_value", "sender.from_addresses", "sender.from_lookalike.detail",
                "links.finding.detail", "links.reasons.and",
                "notice.field.and", "notice.imitation.and", "notice.imitation.label",
                "wording.quote.and", "wording.quote.item", "wording.unnatural.and"}


def _placeholders(entry: dict) -> set[str]:
    return set(entry.get("placeholders", {}))


def _used(entry: dict) -> set[str]:
    # Scanned as the renderer does, left to right: "$A$$B$" is $A$ then $B$.
    return {m.lower() for m in catalog.PLACEHOLDER.findall(entry["message"]) if m}


def test_every_id_is_in_every_language_with_the_same_placeholders() -> None:
    ja, en = generic("ja"), generic("en")
    assert sorted(ja) == sorted(en)
    assert len(ja) > 60
    for id_ in ja:
        for lang in LANGS:
            entry = generic(lang)[id_]
            assert entry["message"].strip(), (lang, id_)
            # Declared and used agree: no placeholder unused, none undeclared. $BRAND$ is
            # the brand's name, filled by the renderer.
            assert _used(entry) - {"brand"} == _placeholders(entry), (lang, id_)
            for name, spec in entry.get("placeholders", {}).items():
                assert set(spec) == {"example"} and spec["example"], (lang, id_, name)
            if lang == "ja" and id_ not in _ASCII_IN_JA:
                assert _JAPANESE.search(entry["message"]), id_
        assert _placeholders(ja[id_]) == _placeholders(en[id_]), id_


@pytest.mark.parametrize("brand", BRANDS)
def test_a_brand_overrides_only_sentences_that_exist(brand: str) -> None:
    for lang in LANGS:
        for id_, entry in brand_overrides(brand, lang).items():
            assert id_ in generic(lang), (brand, lang, id_)
            # The code gives the same values whichever sentence is used; a brand's
            # sentence may write its own name instead of $BRAND$.
            assert _used(entry) - {"brand"} == _placeholders(generic(lang)[id_]), id_
            assert "placeholders" not in entry or \
                entry["placeholders"] == generic(lang)[id_].get("placeholders"), id_


def test_a_file_holds_one_family() -> None:
    for lang in LANGS:
        folder = resources.files("honmono.report").joinpath("messages", lang)
        stems = {p.name.removesuffix(".json") for p in folder.iterdir()}
        assert {id_.partition(".")[0] for id_ in generic(lang)} == stems


def test_the_brand_is_looked_up_first_and_brand_is_its_name() -> None:
    assert "amazon.co.jp" in text("advice.genuine_check", brand="amazon", lang="ja")
    generic_ja = generic("ja")["advice.genuine_check"]["message"]
    assert "$BRAND$" in generic_ja and "amazon.co.jp" not in generic_ja
    assert text("verdict.badge.genuine", lang="en") == "Genuine Amazon mail"
    assert text("verdict.badge.genuine", {"brand": "Rakuten"}, lang="en") == \
        "Genuine Rakuten mail"


def test_values_are_inserted_not_expanded() -> None:
    # A mail's text that looks like a placeholder stays as it is, and "$$" is a dollar.
    name = "$BRAND$ $$ $NAME$ $1"
    assert text("attachments.disguised.title", {"name": name}, lang="en").endswith(name)
    assert fill("costs $$5 for $WHO$", {"who": "$WHO$"}, "amazon", "en") == "costs $5 for $WHO$"
    with pytest.raises(KeyError, match="no value for"):
        text("attachments.disguised.title", {}, lang="en")
    with pytest.raises(KeyError):
        text("attachments.no_such_sentence", lang="en")


def test_values_are_words_in_the_language_asked() -> None:
    kind = Msg("attachments.kind.pdf")
    item = Msg("attachments.listed.item", {"name": "a.pdf", "kind": kind})
    names = Items((item, item), more=3)
    title = Msg("attachments.listed.title", {"count": 5, "names": names})
    assert catalog.words(title, "amazon", "ja") == \
        "添付ファイル 5件: a.pdf(PDF), a.pdf(PDF) (+3)"
    assert catalog.words(title, "amazon", "en") == \
        "5 attachment(s): a.pdf (a PDF), a.pdf (a PDF) (+3)"
    assert catalog.words(Text("は", "yes"), "amazon", "en") == "yes"


# ------------------------------------------------------------------------ the snapshot


def _examples(id_: str, lang: str) -> dict[str, str]:
    spec = generic(lang)[id_].get("placeholders", {})
    return {name: p["example"] for name, p in spec.items()}


def render_snapshot() -> str:
    lines = ["# Every sentence of the message catalogue, rendered with its placeholders'",
             "# examples ($BRAND$ = the brand's name). \"ja:\"/\"en:\" is the generic sentence,",
             "# \"ja (amazon):\" a brand's own, which that brand's users read instead.",
             "# Generated by tests/report/test_catalogue.py; see its docstring to regenerate.",
             ""]
    for id_ in sorted(generic("en")):
        lines.append(f"[{id_}]")
        for lang in LANGS:
            template = generic(lang)[id_]["message"]
            lines.append(f"  {lang}: {fill(template, _examples(id_, lang), 'amazon', lang)}")
        for brand in BRANDS:
            for lang in LANGS:
                own = brand_overrides(brand, lang).get(id_)
                if own:
                    shown = fill(own["message"], _examples(id_, lang), brand, lang)
                    lines.append(f"  {lang} ({brand}): {shown}")
        lines.append("")
    return "\n".join(lines)


def test_the_golden_snapshot_is_current() -> None:
    current = render_snapshot()
    if os.environ.get("HONMONO_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(current, "utf-8")
    assert SNAPSHOT.read_text("utf-8") == current, (
        "the catalogue changed: regenerate tests/report/messages.snapshot.txt with "
        "HONMONO_UPDATE_SNAPSHOT=1 .venv/bin/python -m pytest -q tests/report/test_catalogue.py")
