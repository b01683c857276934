"""What the host and the extension must agree on, read from both sides so neither drifts.

The extension's tables are read by running its own modules in Node (the test suite's
other half already needs Node), not by parsing JavaScript with patterns.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from typing import Any

import pytest
from paths import REPO

from honmono import Settings, SettingsError, Verdict
from honmono.core.model import BADGES
from honmono.core.settings import WIRE, validate

_SCRIPT = """
import { DEFAULT_BADGES } from "%(lib)s/protocol.js";
import { toHostSettings } from "%(lib)s/settings.js";
const sent = toHostSettings({}, "ja");
console.log(JSON.stringify({ badges: DEFAULT_BADGES, settings: sent }));
"""


@pytest.fixture(scope="module")
def extension() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is needed to read the extension's tables (tests/run.sh needs it too)")
    script = _SCRIPT % {"lib": (REPO / "extension" / "lib").as_posix()}
    out = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True,
                         text=True, check=True, timeout=60)
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def test_badge_table_is_the_same_on_both_sides(extension: dict[str, Any]) -> None:
    host = {v.value: {"text": text, "color": color} for v, (text, color) in BADGES.items()}
    assert extension["badges"] == host
    # Every verdict has a badge on both sides: a new verdict must be added to both tables.
    assert set(extension["badges"]) == {v.value for v in Verdict}


def test_the_settings_the_extension_sends_are_the_ones_the_host_reads(
        extension: dict[str, Any]) -> None:
    sent = extension["settings"]
    assert set(sent) <= WIRE.keys, set(sent) - WIRE.keys
    # ...and the host takes them as sent, without an error.
    settings = validate(sent, WIRE)
    assert isinstance(settings, Settings)
    assert settings.language == sent["language"]


def test_the_wire_refuses_what_only_files_and_flags_may_set() -> None:
    # Ignored, never applied: the extension cannot point the host at a file of DNS answers.
    assert validate({"dns_records": "/etc/passwd"}, WIRE).dns_records is None
    with pytest.raises(SettingsError):
        validate({"offline": "no"}, WIRE)
