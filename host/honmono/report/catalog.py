"""The message catalogue: every sentence a user reads, per language, and its renderer.

Sentences live in ``report/messages/<lang>/<family>.json`` (ids ``<family>.…``) and, for
words that only make sense for one brand, in ``brands/<brand>/messages.<lang>.json``, which
is looked up first and may only override ids the generic catalogue has. A generic sentence
names the brand as ``$BRAND$``.

The format is the WebExtension ``messages.json`` the extension's ``_locales`` use, so one
parity test fits both: ``{"id": {"message": "… $HOST$ …", "description": "…",
"placeholders": {"host": {"example": "amazon.co.jp"}}}}``. One difference: the host fills
placeholders by name (``Msg("id", {"host": …})``), so a placeholder declares no positional
``content`` ("$1"), only the ``example`` the golden snapshot renders it with; ``$BRAND$`` is
filled from the brand unless given. ``$$`` is a dollar sign. Values are inserted as they
are, never expanded again: text from a mail that says ``$BRAND$`` stays so.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

from honmono.brands import registry
from honmono.core.model import Items, Msg, Param, Text, Words

LANGS = ("ja", "en")
PLACEHOLDER = re.compile(r"\$(?:([A-Za-z0-9_]+)\$|\$)")
# Lists of names are punctuation, the same in both languages.
_LIST_SEP = ", "

Catalogue = dict[str, dict[str, Any]]


def _read(entry: Traversable, where: str) -> Catalogue:
    data = json.loads(entry.read_text("utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{where}: not a JSON object")
    for key, value in data.items():
        if not (isinstance(value, dict) and isinstance(value.get("message"), str)):
            raise ValueError(f"{where}: {key} has no message")
    return data


@cache
def generic(lang: str) -> Catalogue:
    """The generic catalogue of one language, every family's file merged."""
    folder = resources.files("honmono.report").joinpath("messages", lang)
    merged: Catalogue = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".json"):
            continue
        family = entry.name.removesuffix(".json")
        for key, value in _read(entry, f"messages/{lang}/{entry.name}").items():
            if key.partition(".")[0] != family:
                raise ValueError(f"messages/{lang}/{entry.name}: {key} is not {family}.*")
            merged[key] = value
    return merged


@cache
def brand_overrides(brand: str, lang: str) -> Catalogue:
    """A brand's own sentences (none is fine)."""
    entry = registry.folder(brand).joinpath(f"messages.{lang}.json")
    return _read(entry, f"brands/{brand}/messages.{lang}.json") if entry.is_file() else {}


@cache
def _brand_name(brand: str) -> str:
    return registry.load(brand).name


def message(id_: str, brand: str, lang: str) -> str:
    """The raw sentence of ``id_``, the brand's own first."""
    entry = brand_overrides(brand, lang).get(id_) or generic(lang)[id_]
    text: str = entry["message"]
    return text


def text(id_: str, params: Mapping[str, Param] | None = None, brand: str = registry.DEFAULT,
         lang: str = "ja") -> str:
    """The sentence ``id_`` in ``lang`` with its placeholders filled."""
    return fill(message(id_, brand, lang), params or {}, brand, lang, id_)


def fill(template: str, params: Mapping[str, Param], brand: str, lang: str,
         id_: str = "") -> str:
    """``template``'s $PLACEHOLDER$s replaced by ``params`` (names in lower case)."""

    def one(m: re.Match[str]) -> str:
        name = m.group(1)
        if name is None:
            return "$"
        key = name.lower()
        if key in params:
            return _value(params[key], brand, lang)
        if key == "brand":
            return _brand_name(brand)
        raise KeyError(f"{id_}: no value for ${name}$")

    return PLACEHOLDER.sub(one, template)


def _value(value: Param, brand: str, lang: str) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, Msg):
        return text(value.id, value.params, brand, lang)
    if isinstance(value, Text):
        return value.get(lang)
    if isinstance(value, Items):
        shown = _LIST_SEP.join(_value(v, brand, lang) for v in value.values)
        return shown + (f" (+{value.more})" if value.more > 0 else "")
    return str(value)


def words(value: Words, brand: str, lang: str) -> str:
    """A title, detail, advice or summary, from the catalogue or (not yet moved) a Text."""
    return _value(value, brand, lang)
