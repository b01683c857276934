"""What the user tells Honmono about themselves, and the one check of it.

``Settings`` is shared by the CLI, the config file and the host; ``validate`` is the single
validator all three call, each as a ``Source`` that says which keys it may set.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Settings:
    language: str = "ja"
    # Names registered with Amazon: a genuine security mail greets the user by one of them.
    names: tuple[str, ...] = ()
    # Addresses registered with Amazon: real Amazon mail only ever reaches these.
    addresses: tuple[str, ...] = ()
    # authserv-ids of the user's own receiving server(s); only their
    # Authentication-Results headers are believed.
    trust_authserv: tuple[str, ...] = ()
    # No network at all: DKIM keys and DMARC policies are not looked up.
    offline: bool = False
    # Answer DNS from this JSON file ({"name": ["TXT", ...]}) instead of the network.
    dns_records: Path | None = None
    dns_timeout: float = 2.0
    # Total time all DNS lookups of one mail may take.
    dns_budget: float = 5.0
    # Cache DNS answers on disk (in the user's cache directory).
    dns_cache: bool = True
    debug: bool = False
    # This message was cut to fit (the extension's "truncated"): a body that does not
    # match its signature is then "cannot be checked", not "changed".
    truncated: bool = False
    extra: dict[str, str] = field(default_factory=dict)


# ---------------------------------------------------------------------------- validation
#
# The one validator of the user's settings, whatever they come from: the config file
# (config.py), the command line's flags (cli.py) and the extension's classify request
# (host/protocol.py). A source names the keys it may set; the checks of a key's value are
# the same for all. No pydantic here: the host validates settings on every classify, and
# the CLI should not pay pydantic's import for a dozen keys.

MAX_ITEMS = 100
# RFC 5321 allows 320-character addresses; names and authserv-ids are shorter.
MAX_ITEM_CHARS = 320
MAX_LANGUAGE_CHARS = 35
LANGUAGE_TAG = r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$"

_LISTS = frozenset({"names", "addresses", "trust_authserv"})
_BOOLS = frozenset({"offline", "dns_cache", "debug"})
_FLOATS = frozenset({"dns_timeout", "dns_budget"})


class SettingsError(ValueError):
    """A setting that cannot be used: ``key`` is the setting, ``reason`` says why."""

    def __init__(self, key: str, reason: str) -> None:
        super().__init__(reason)
        self.key = key
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Source:
    """Where settings come from, and what that source may say."""

    name: str
    keys: frozenset[str]
    # An unknown key is an error in a file the user wrote; the extension may be newer than
    # the host, so the wire ignores what it does not know.
    unknown_is_error: bool
    # The wire sends the UI's language tag ("ja-JP", "en-GB"); files and flags say ja or en.
    language_tags: bool
    # Files and flags are typed by hand: surrounding blanks and empty items are dropped.
    strip: bool


_USER_KEYS = frozenset({"language", "names", "addresses", "trust_authserv", "offline",
                        "dns_records", "dns_timeout", "dns_budget", "dns_cache", "debug"})
# "truncated" describes one message (the host sets it per request), not the user.
CONFIG = Source("config", _USER_KEYS, unknown_is_error=True, language_tags=False, strip=True)
CLI = Source("cli", _USER_KEYS, unknown_is_error=True, language_tags=False, strip=True)
# The extension may not point the host at files or tune its DNS.
WIRE = Source("wire", frozenset({"language", "names", "addresses", "trust_authserv",
                                 "offline", "debug"}),
              unknown_is_error=False, language_tags=True, strip=False)


def validate(data: object, source: Source, base: Settings | None = None) -> Settings:
    """``data`` (a mapping from ``source``) applied over ``base``; SettingsError if unusable."""
    from dataclasses import replace

    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SettingsError("", "settings must be an object of named settings")
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in source.keys:
            if source.unknown_is_error:
                raise SettingsError(str(key), f"unknown setting {key!r}")
            continue
        values[key] = _value(key, value, source)
    return replace(base or Settings(), **values)


def _value(key: str, value: object, source: Source) -> Any:
    if key in _LISTS:
        return _items(key, value, source.strip)
    if key in _BOOLS:
        if not isinstance(value, bool):
            raise SettingsError(key, f"{key} must be true or false")
        return value
    if key in _FLOATS:
        if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
            raise SettingsError(key, f"{key} must be a positive number")
        return float(value)
    if key == "language":
        return _language(value, source.language_tags)
    if key == "dns_records":
        if not isinstance(value, str | Path):
            raise SettingsError(key, f"{key} must be a file name")
        return Path(value)
    raise AssertionError(f"setting {key} has no check")  # a Source lists a key unknown here


def _items(key: str, value: object, strip: bool) -> tuple[str, ...]:
    if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
        raise SettingsError(key, f"{key} must be a list of strings")
    if len(value) > MAX_ITEMS:
        raise SettingsError(key, f"{key} may hold at most {MAX_ITEMS} items")
    if any(len(v) > MAX_ITEM_CHARS for v in value):
        raise SettingsError(key, f"each of {key} may have at most {MAX_ITEM_CHARS} characters")
    if strip:
        return tuple(v.strip() for v in value if v.strip())
    return tuple(value)


def _language(value: object, tags: bool) -> str:
    if not tags:
        if value not in ("ja", "en"):
            raise SettingsError("language", 'language must be "ja" or "en"')
        return str(value)
    import re

    if (not isinstance(value, str) or len(value) > MAX_LANGUAGE_CHARS
            or not re.fullmatch(LANGUAGE_TAG, value)):
        raise SettingsError("language", "language must be a language tag such as ja or en-GB")
    return "ja" if re.split(r"[-_]", value, maxsplit=1)[0].lower() == "ja" else "en"


def record(settings: Settings, source: Source = WIRE) -> dict[str, Any]:
    """The settings ``source`` may set, as JSON values (the host's debug record)."""
    return {k: list(v) if isinstance(v, tuple) else v
            for k, v in asdict(settings).items() if k in source.keys}
