"""The wording and notice facts: sourced, consistent with the code, and safe to run."""

from __future__ import annotations

import json
import re
import re._constants as sre_c
import re._parser as sre_parse
from importlib import resources
from pathlib import Path

import pytest
from wording_helpers import SEEDS

from honmono.brands.registry import load
from honmono.checks.wording import alnum_key

DATA = resources.files("honmono.brands").joinpath("amazon", "facts")
MINE = ("wording.json", "notices.json")
SEEDS_TXT = Path(__file__).resolve().parents[4] / "shared" / "seeds"


def _own(name: str) -> dict:
    return json.loads(DATA.joinpath(name).read_text("utf-8"))


@pytest.mark.parametrize("name", MINE)
def test_every_fact_names_a_known_source(name: str) -> None:
    data = _own(name)
    sources = load().sources
    for key, entry in data.items():
        if key in ("brand", "sources"):
            continue
        assert entry.get("source") in sources, (name, key)
        for item in entry.get("values", []):
            if isinstance(item, dict) and "source" in item:
                assert item["source"] in sources, (name, key, item)


@pytest.mark.parametrize("name", MINE)
def test_keys_are_namespaced(name: str) -> None:
    # The loader refuses duplicate keys across files; a prefix keeps ours out of the way.
    prefixes = ("wording_", "greeting_") if name == "wording.json" else ("notice_",)
    for key in _own(name):
        assert key in ("brand", "sources") or key.startswith(prefixes), key


def _derive_simplified() -> str:
    def enc(ch: str, codec: str) -> bool:
        try:
            ch.encode(codec)
        except UnicodeEncodeError:
            return False
        return True
    return "".join(chr(cp) for cp in range(0x3400, 0xA000)
                   if enc(chr(cp), "gb2312") and not enc(chr(cp), "cp932"))


def test_simplified_set_is_the_documented_derivation() -> None:
    assert load().wording.wording_simplified_only_hanzi == _derive_simplified()


def test_simplified_set_spares_japanese() -> None:
    chars = set(load().wording.wording_simplified_only_hanzi)
    assert {"们", "这", "说", "账", "户", "码", "认", "证", "记", "复", "您"} <= chars
    assert not {"号", "将", "仆", "記", "戸", "証", "番", "円", "様"} & chars
    japanese = "".join(p.read_text("utf-8") for p in SEEDS_TXT.glob("*.txt"))
    for path in SEEDS.glob("*.eml"):
        from honmono.mail.parse import parse
        japanese += parse(path.read_bytes()).text
    assert not set(japanese) & chars


def _linear_problems(pattern: str) -> list[str]:
    """Unbounded or nested repeats: the shapes that make a regex backtrack badly."""
    problems: list[str] = []

    def walk(items, in_repeat: bool) -> None:
        for op, av in items:
            if op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
                _, hi, sub = av
                if hi == sre_c.MAXREPEAT:
                    problems.append("unbounded repeat")
                if hi > 1 and in_repeat:
                    problems.append("nested repeat")
                walk(sub, in_repeat or hi > 1)
            elif op in (sre_c.SUBPATTERN, sre_c.ATOMIC_GROUP):
                walk(av[-1], in_repeat)
            elif op == sre_c.BRANCH:
                for branch in av[1]:
                    walk(branch, in_repeat)
            elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
                walk(av[1], in_repeat)

    walk(sre_parse.parse(pattern).data, False)
    return problems


def _all_patterns() -> list[str]:
    w = load().wording
    out: list[str] = []
    for patterns in (w.wording_threat_patterns, w.wording_deadline_patterns,
                     w.wording_request_patterns):
        out += patterns.ja + patterns.other
    out += list(w.wording_placeholder_patterns)
    return out


@pytest.mark.parametrize("pattern", _all_patterns())
def test_patterns_compile_and_are_linear(pattern: str) -> None:
    re.compile(pattern)
    assert _linear_problems(pattern) == [], pattern


def test_linearity_checker_catches_bad_shapes() -> None:
    assert _linear_problems(r"(a+)+") != []
    assert _linear_problems(r"(ab{0,3}){0,5}") != []
    assert _linear_problems(r"a{0,30}b") == []


def test_japanese_patterns_are_written_for_folded_text() -> None:
    # Patterns run on NFKC + casefold text: upper-case or full-width letters could never match.
    import unicodedata
    for pattern in _all_patterns()[:-len(load().wording.wording_placeholder_patterns)]:
        assert pattern == unicodedata.normalize("NFKC", pattern).casefold() or "\\" in pattern


GENUINE_SUBJECTS = [
    "amazon.co.jp:パスワード回復", "アクションが必要です: サインイン試行",
    "Verify your new Amazon account", "Amazon password assistance",
    "Your Amazon verification code", "Amazon.co.jpでのご注文", "Amazon.co.jp ご注文の確認",
    "Amazon.co.jp 発送のお知らせ", "Amazonプライム会費のお支払い方法に問題があります",
    "お支払い方法の情報を更新してください", "Amazonプライム会員資格の更新のお知らせ",
    "Amazon.co.jp: 返品のお知らせ", "Amazonセキュリティアラート",
]


def test_reported_subjects_never_contain_a_genuine_subject() -> None:
    notice_subjects = [s for spec in load().notices.notice_kinds for s in spec.subjects]
    for scam in load().wording.wording_scam_subjects:
        key = alnum_key(scam.text)
        assert len(key) >= 8, scam  # short keys would match unrelated subjects
        for genuine in GENUINE_SUBJECTS + notice_subjects:
            assert key not in alnum_key(genuine), (scam.text, genuine)


def test_notice_kinds_are_complete() -> None:
    kinds = {spec.kind for spec in load().notices.notice_kinds}
    assert kinds == {"password_recovery", "sign_in_attempt", "one_time_password"}
    for spec in load().notices.notice_kinds:
        assert spec.subjects and spec.markers and spec.title.ja and spec.title.en


@pytest.mark.parametrize("name", MINE)
def test_shared_source_keys_agree_with_other_files(name: str) -> None:
    """The loader merges the sources tables silently: a key must mean one thing."""
    others: dict[str, str] = {}
    for entry in DATA.iterdir():
        if entry.name.endswith(".json") and entry.name not in MINE:
            others.update(json.loads(entry.read_text("utf-8")).get("sources", {}))
    for key, text in _own(name)["sources"].items():
        if key in others:
            assert text == others[key], key
