"""Facts about the impersonated brand, loaded from the JSON files in ``brands/<brand>/facts/``.

Each file holds one family of facts (senders, links, wording, notices) with a
``sources`` table; every fact names its source.

Logic never names Amazon; it reads these facts, so another brand is another data file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


# eq=False: brands are compared (and cached against) by identity; load() makes one each.
@dataclass(frozen=True, slots=True, eq=False)
class Brand:
    name: str
    data: dict[str, Any]

    def values(self, key: str) -> tuple[str, ...]:
        entry = self.data.get(key, {})
        vals = entry.get("values", []) if isinstance(entry, dict) else entry
        return tuple(vals)

    def value(self, key: str) -> Any:
        entry = self.data.get(key, {})
        return entry.get("value") if isinstance(entry, dict) else entry

    def source(self, key: str) -> str:
        """Where a fact comes from, for evidence details and the README."""
        src: str = self.data.get(key, {}).get("source", "")
        named: str = self.data.get("sources", {}).get(src, src)
        return named

    def source_name(self, key: str, lang: str) -> str:
        """A source as a person reads it (publisher and date), or "" when it has none.

        The ``sources`` tables are notes for maintainers (paths, URLs, English); users see
        only these names.
        """
        names = self.value("publisher_source_names") or {}
        entry = names.get(key) if isinstance(names, dict) else None
        if not isinstance(entry, dict):
            return ""
        text = entry.get(lang) or entry.get("en") or ""
        return text if isinstance(text, str) else ""

    def report_to(self) -> list[dict[str, Any]]:
        """Where a phishing mail is reported: address, name per language, published source."""
        out: list[dict[str, Any]] = []
        items: list[Any] = list(self.data.get("publisher_report_to", {}).get("values", []))
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("address"), str):
                continue
            src = str(item.get("source", ""))
            out.append({
                "address": item["address"],
                "name": dict(item.get("name") or {}),
                "source": {"ja": self.source_name(src, "ja"), "en": self.source_name(src, "en")},
            })
        return out


@cache
def load(name: str = "amazon") -> Brand:
    merged: dict[str, Any] = {"sources": {}}
    folder = resources.files("honmono.brands").joinpath(name, "facts")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        data = json.loads(entry.read_text("utf-8"))
        merged["sources"].update(data.pop("sources", {}))
        clash = (set(data) & set(merged)) - {"brand"}
        if clash:
            raise ValueError(f"{name}/{entry.name} redefines {sorted(clash)}")
        merged.update(data)
    return Brand(name=merged["brand"], data=merged)
