"""Fixtures: a temporary HOME with the host installed, and a host started like Thunderbird."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from host_harness import HostProcess, install, start_like_thunderbird


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "home"
    path.mkdir()
    return path


@pytest.fixture
def host_env(home: Path) -> dict[str, str]:
    """The environment Thunderbird would pass on: this HOME, no debugging switched on."""
    env = dict(os.environ)
    env["HOME"] = str(home)
    for var in ("HONMONO_DEBUG", "HONMONO_DEBUG_RECORD", "PYTHONSTARTUP"):
        env.pop(var, None)
    return env


@pytest.fixture
def log_file(host_env: dict[str, str]) -> Path:
    # The root conftest points XDG_STATE_HOME into a temporary directory.
    return Path(host_env["XDG_STATE_HOME"]) / "honmono" / "host.log"


@pytest.fixture
def installed(home: Path, host_env: dict[str, str]) -> dict[str, Any]:
    return install(home, host_env)


@pytest.fixture
def host(installed: dict[str, Any], host_env: dict[str, str]) -> Iterator[HostProcess]:
    proc = start_like_thunderbird(installed, host_env)
    try:
        yield proc
    finally:
        proc.kill()
