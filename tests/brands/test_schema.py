"""The brand's facts keep to brands/schema.py, and a file that does not is refused at load."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from honmono.brands import registry, schema
from honmono.brands.schema import BrandDataError, Patterns, UrlRule
from honmono.core.model import Text

FACTS = Path(registry.__file__).parent / "amazon" / "facts"


def test_the_shipped_facts_load_typed() -> None:
    brand = registry.load()
    assert brand.name == "Amazon"
    assert "amazon.co.jp" in brand.senders.organisational_domains
    assert all(isinstance(r, UrlRule) for r in brand.links.redirectors)
    assert all(isinstance(c.name, Text) for c in brand.relay.relay_channels)
    assert isinstance(brand.wording.wording_threat_patterns, Patterns)
    assert brand.wording.wording_threat_patterns.compiled_ja
    assert brand.source("link_domains")  # every fact names its source
    # Every declared fact is in its file, and no file holds an undeclared one.
    for stem, section in schema.SECTIONS.items():
        data = json.loads((FACTS / f"{stem}.json").read_text("utf-8"))
        assert set(schema.declared(section)) == set(data) - schema.FILE_KEYS


def test_facts_are_read_only_through_the_typed_sections() -> None:
    # No untyped look-up by a fact's name: a misspelt name is an AttributeError that mypy
    # sees, never an empty value.
    brand = registry.load()
    for name in ("values", "value", "data"):
        assert not hasattr(brand, name), name
    assert brand.source("link_domains")
    with pytest.raises(KeyError):
        brand.source("link_domain")


@pytest.fixture
def facts(tmp_path: Path) -> Path:
    shutil.copytree(FACTS, tmp_path / "facts")
    return tmp_path / "facts"


def edit(folder: Path, stem: str, change: Any) -> None:
    path = folder / f"{stem}.json"
    data = json.loads(path.read_text("utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def test_a_copy_loads(facts: Path) -> None:
    assert registry.load_folder(facts, "copy").links.link_domains == \
        registry.load().links.link_domains


@pytest.mark.parametrize(("stem", "change", "message"), [
    ("links", lambda d: d.pop("owned_domains"), "facts missing: ['owned_domains']"),
    ("links", lambda d: d.update(new_fact={"source": "x", "values": []}), "not in the schema"),
    ("links", lambda d: d["owned_domains"].pop("source"), "names its source"),
    ("links", lambda d: d["owned_domains"].update(value=[]), "unknown ['value']"),
    ("links", lambda d: d["owned_domains"].update(values="amazon.com"), "expected a list"),
    ("links", lambda d: d["owned_domains"]["values"].append(3), "owned_domains[3]"),
    ("links", lambda d: d["redirectors"]["values"].append({"host": "a", "param": ["q"]}),
     "unknown keys ['param']"),
    ("links", lambda d: d["redirectors"]["values"].append({"path": "/"}),
     "missing keys ['host']"),
    ("wording", lambda d: d["wording_threat_patterns"]["ja"].append("(停止"),
     "does not compile"),
    ("wording", lambda d: d["wording_threat_patterns"].pop("other"), "missing ['other']"),
    ("relay", lambda d: d["relay_channels"]["values"][0]["name"].pop("en"), "missing keys"),
    ("senders", lambda d: d.update(brand="Amazon Japan"), "the same in every file"),
    # The facts the claim check and the quoting split read: typed, so required.
    ("claim", lambda d: d.pop("quote_markers"), "facts missing: ['quote_markers']"),
    ("senders", lambda d: d.update(display_name_word={"source": "x", "values": []}),
     "not in the schema"),
])
def test_a_broken_file_is_refused_at_load(facts: Path, stem: str, change: Any,
                                          message: str) -> None:
    edit(facts, stem, change)
    with pytest.raises(BrandDataError, match=message.replace("[", r"\[").replace("(", r"\(")):
        registry.load_folder(facts, "broken")


def test_a_missing_or_unknown_file_is_refused(facts: Path) -> None:
    (facts / "auth.json").rename(facts / "authentication.json")
    with pytest.raises(BrandDataError, match="no section 'authentication'"):
        registry.load_folder(facts, "broken")
    (facts / "authentication.json").unlink()
    with pytest.raises(BrandDataError, match=r"files missing: auth\.json"):
        registry.load_folder(facts, "broken")
