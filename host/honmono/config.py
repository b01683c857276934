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
from pathlib import Path
from typing import Any

from platformdirs import user_config_path

from honmono.core.settings import CONFIG, Settings, SettingsError, validate


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
    """The file's table, checked by the settings' one validator."""
    try:
        return validate(data, CONFIG)
    except SettingsError as exc:
        raise ConfigError(f"{where}: {exc.reason}") from None
