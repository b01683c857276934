"""Facts about the impersonated brand, loaded from the JSON files in ``brands/<brand>/facts/``.

Each file holds one family of facts (senders, links, wording, notices…) with a ``sources``
table; every fact names its source. ``load`` checks every file against its section of
brands/schema.py (a missing or unknown fact is an error there, not a silent empty value)
and returns a ``Brand`` whose sections are typed: ``brand.links.url_shorteners``.

Logic never names Amazon; it reads these facts, so another brand is another data folder.
The engine judges each mail against the registered brands: the shipped ones (``SHIPPED``,
folders of this package) and any folder ``register`` adds (the tests' fictional brand).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from honmono.brands.schema import (
    SECTIONS,
    Attachments,
    Auth,
    BrandDataError,
    Claim,
    Links,
    Notices,
    Publishers,
    Relay,
    Senders,
    Wording,
    parse_section,
)

# The brands Honmono ships, in the order a mail is judged against them (the first strong
# claim wins); each is a folder of this package: facts/ and messages.<lang>.json.
SHIPPED = ("amazon",)
DEFAULT = SHIPPED[0]


# eq=False: brands are compared (and cached against) by identity; load() makes one each.
@dataclass(frozen=True, slots=True, eq=False)
class Brand:
    # The brand's folder name: what the catalogue and Report.brand know it by.
    key: str
    # Its name as people read it ("Amazon"), the facts' "brand".
    name: str
    senders: Senders
    auth: Auth
    claim: Claim
    links: Links
    notices: Notices
    wording: Wording
    attachments: Attachments
    publishers: Publishers
    relay: Relay
    # Each fact's source, by fact name, and the sources tables of all files, merged.
    fact_sources: dict[str, str]
    sources: dict[str, str]

    def source(self, key: str) -> str:
        """Where a fact comes from, for evidence details and the README."""
        src = self.fact_sources[key]
        return self.sources.get(src, src)

    def source_name(self, key: str, lang: str) -> str:
        """A source as a person reads it (publisher and date), or "" when it has none.

        The ``sources`` tables are notes for maintainers (paths, URLs, English); users see
        only these names.
        """
        name = self.publishers.publisher_source_names.get(key)
        return name.get(lang) if name else ""

    def report_to(self) -> list[dict[str, Any]]:
        """Where a phishing mail is reported: address, name per language, published source."""
        return [{"address": r.address,
                 "name": {"ja": r.name.ja, "en": r.name.en},
                 "source": {"ja": self.source_name(r.source, "ja"),
                            "en": self.source_name(r.source, "en")}}
                for r in self.publishers.publisher_report_to]


# Brands registered beyond the shipped ones (folder by key), the judging order, and every
# brand loaded so far. A key names one folder for the life of the process.
_added: dict[str, Traversable] = {}
_order: list[str] = list(SHIPPED)
_loaded: dict[str, Brand] = {}


def folder(name: str) -> Traversable:
    """The brand's folder: facts/ and its catalogue, messages.<lang>.json."""
    added = _added.get(name)
    return added if added is not None else resources.files("honmono.brands").joinpath(name)


def load(name: str = DEFAULT) -> Brand:
    """The brand's facts, checked; BrandDataError names the file and fact at fault."""
    brand = _loaded.get(name)
    if brand is None:
        brand = _loaded[name] = load_folder(folder(name).joinpath("facts"), name)
    return brand


def registered() -> tuple[Brand, ...]:
    """The brands a mail is judged against, in order."""
    return tuple(load(name) for name in _order)


def register(path: Traversable, name: str) -> Brand:
    """Judge mail against one more brand, kept in the folder ``path`` (facts/ and
    messages.<lang>.json), after those registered before it."""
    if name in _order or (name in _added and _added[name] != path):
        raise ValueError(f"brand {name!r} is registered already")
    _added[name] = path
    try:
        brand = load(name)
    except BrandDataError:
        del _added[name]
        raise
    _order.append(name)
    return brand


def unregister(name: str) -> None:
    """Stop judging mail against a brand ``register`` added (shipped brands stay)."""
    if name in SHIPPED:
        raise ValueError(f"brand {name!r} is shipped")
    _order.remove(name)


def load_folder(folder: Traversable, name: str) -> Brand:
    """The facts of the folder ``folder`` (one JSON file per section), checked."""
    sections: dict[str, Any] = {}
    fact_sources: dict[str, str] = {}
    sources: dict[str, str] = {}
    names: set[str] = set()
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        stem = entry.name.removesuffix(".json")
        where = f"brands/{name}/facts/{entry.name}"
        if stem not in SECTIONS:
            raise BrandDataError(f"{where}: no section {stem!r} in brands/schema.py")
        raw = json.loads(entry.read_text("utf-8"))
        if not isinstance(raw, dict):
            raise BrandDataError(f"{where}: expected a JSON object")
        if "brand" in raw:
            names.add(raw["brand"])
        sources.update(raw.get("sources", {}))
        sections[stem], found = parse_section(SECTIONS[stem], raw, where)
        fact_sources.update(found)
    missing = sorted(SECTIONS.keys() - sections.keys())
    if missing:
        raise BrandDataError(f"brands/{name}/facts: files missing: "
                             + ", ".join(f"{m}.json" for m in missing))
    if len(names) != 1 or not all(isinstance(n, str) and n for n in names):
        raise BrandDataError(f"brands/{name}/facts: the brand's name (\"brand\") must be "
                             f"given, the same in every file that gives it; found {names}")
    return Brand(key=name, name=names.pop(), fact_sources=fact_sources, sources=sources,
                 **sections)
