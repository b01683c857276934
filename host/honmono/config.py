"""The user's config file: the same settings as the CLI flags, set once.

``$XDG_CONFIG_HOME/honmono/config.toml`` (platformdirs' user config dir) holds e.g.::

    language = "ja"
    names = ["田中太郎"]
    addresses = ["taro@example.jp"]
    trust_authserv = ["mx.example.jp"]
    offline = false
"""

from __future__ import annotations

import tomllib
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from honmono.core.settings import Settings

_LISTS = {"names", "addresses", "trust_authserv"}
_BOOLS = {"offline", "dns_cache", "debug"}
_FLOATS = {"dns_timeout", "dns_budget"}


class ConfigError(ValueError):
    """The config file exists but cannot be used; the message says where and why."""


def default_path() -> Path:
    return user_config_path("honmono") / "config.toml"


def load(path: Path | None = None) -> Settings:
    path = path or default_path()
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {exc}") from exc
    return from_mapping(data, where=str(path))


def from_mapping(data: dict[str, Any], where: str = "settings") -> Settings:
    # "truncated" describes one message (the host sets it per request), not the user.
    known = {f.name for f in fields(Settings)} - {"extra", "truncated"}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}: unknown setting {key!r}")
        if key in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{where}: {key} must be a list of strings")
            value = tuple(v.strip() for v in value if v.strip())
        elif key in _BOOLS and not isinstance(value, bool):
            raise ConfigError(f"{where}: {key} must be true or false")
        elif key in _FLOATS:
            if not isinstance(value, int | float) or isinstance(value, bool) or value <= 0:
                raise ConfigError(f"{where}: {key} must be a positive number")
            value = float(value)
        elif key == "language" and value not in ("ja", "en"):
            raise ConfigError(f"{where}: language must be \"ja\" or \"en\"")
        elif key == "dns_records":
            value = Path(value)
        values[key] = value
    return replace(Settings(), **values)
