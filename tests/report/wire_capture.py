"""A pytest plugin that keeps every mail the tests parse, for tests/report/wire_dump.py.

    HONMONO_CAPTURE=/tmp/mails PYTHONPATH=tests/report .venv/bin/python -m pytest -p wire_capture …

It must load before the tests import the parser (``-p`` does that), since modules bind
``parse`` when they import it.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import honmono.mail.parse as _parse_mod

_FOLDER = os.environ.get("HONMONO_CAPTURE")
_original = _parse_mod.parse
_MAX = 5_000_000


def _keeping(raw: Any, *args: Any, **kwargs: Any) -> Any:
    if _FOLDER and isinstance(raw, bytes | bytearray) and len(raw) < _MAX:
        path = Path(_FOLDER) / f"{hashlib.sha1(raw).hexdigest()}.eml"
        if not path.exists():
            path.write_bytes(raw)
    return _original(raw, *args, **kwargs)


if _FOLDER:
    Path(_FOLDER).mkdir(parents=True, exist_ok=True)
    _parse_mod.parse = _keeping  # type: ignore[assignment]
