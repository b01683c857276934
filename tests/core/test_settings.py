"""The one settings validator, as the config file, the command line and the wire use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from honmono import Settings, SettingsError
from honmono.core.settings import CLI, CONFIG, MAX_ITEM_CHARS, MAX_ITEMS, WIRE, record, validate


@pytest.mark.parametrize("source", [CONFIG, CLI, WIRE], ids=lambda s: s.name)
@pytest.mark.parametrize(("key", "value"), [
    ("names", "太郎"),
    ("names", [1]),
    ("addresses", ["a@b"] * (MAX_ITEMS + 1)),
    ("trust_authserv", ["x" * (MAX_ITEM_CHARS + 1)]),
    ("offline", "false"),
    ("offline", 0),
    ("debug", None),
    ("language", "english please"),
    ("language", 7),
])
def test_every_source_refuses_the_same_bad_values(source: Any, key: str, value: Any) -> None:
    with pytest.raises(SettingsError) as exc:
        validate({key: value}, source)
    assert exc.value.key == key


@pytest.mark.parametrize(("key", "value"), [
    ("dns_timeout", 0), ("dns_budget", -1), ("dns_timeout", True), ("dns_records", 3),
    ("truncated", True), ("extra", {}), ("colour", "red"),
])
def test_files_and_flags_refuse_what_they_may_not_set(key: str, value: Any) -> None:
    for source in (CONFIG, CLI):
        with pytest.raises(SettingsError):
            validate({key: value}, source)


def test_files_and_flags() -> None:
    s = validate({"names": [" 山田 太郎 ", "  "], "language": "en", "dns_timeout": 1,
                  "dns_records": "records.json", "dns_cache": False}, CONFIG)
    assert s.names == ("山田 太郎",) and s.language == "en" and s.dns_timeout == 1.0
    assert s.dns_records == Path("records.json") and s.dns_cache is False
    with pytest.raises(SettingsError):
        validate({"language": "en-GB"}, CONFIG)
    # Flags are applied over the file's settings.
    base = validate({"names": ["A"], "offline": True}, CONFIG)
    assert validate({"addresses": ["a@b"]}, CLI, base) == Settings(
        names=("A",), addresses=("a@b",), offline=True)


def test_the_wire() -> None:
    assert validate(None, WIRE) == Settings()
    with pytest.raises(SettingsError):
        validate("ja", WIRE)
    for tag, lang in [("ja", "ja"), ("ja-JP", "ja"), ("JA_jp", "ja"), ("en-GB", "en"),
                      ("de", "en")]:
        assert validate({"language": tag}, WIRE).language == lang
    with pytest.raises(SettingsError):
        validate({"language": "ja\n"}, WIRE)
    # A newer extension may send more; the host keeps what it knows, as sent.
    s = validate({"names": [" A "], "future": 1, "dns_budget": 99}, WIRE)
    assert s.names == (" A ",) and s.dns_budget == Settings().dns_budget
    assert record(s) == {"language": "ja", "names": [" A "], "addresses": [],
                         "trust_authserv": [], "offline": False, "debug": False}
