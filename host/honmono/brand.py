"""Facts about the impersonated brand, loaded from ``data/<brand>.json``.

Logic never names Amazon; it reads these facts, so another brand is another data file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True, slots=True)
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
        src = self.data.get(key, {}).get("source", "")
        return self.data.get("sources", {}).get(src, src)


@cache
def load(name: str = "amazon") -> Brand:
    text = resources.files("honmono.data").joinpath(f"{name}.json").read_text("utf-8")
    data = json.loads(text)
    return Brand(name=data["brand"], data=data)
