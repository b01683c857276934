"""Whether the user's trusted server writes Authentication-Results, seen across mails.

A trusted id counts only in a header above the server's own receipt line (arh.collect).
A server that adds none to some mail (many skip mail sent by authenticated submission,
so another customer of the same server can write one in its name below its line) gives
Honmono nothing to go by for that mail. The panel says so per mail; this module keeps
two counters per trusted id (no content, no addresses) in the user state directory, so
that ``honmono doctor`` can say so too. Best effort: a file that cannot be read or
written changes nothing.
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

FILE_NAME = "trusted-servers.json"
MAX_IDS = 20


def _path() -> str:
    from honmono.host.logs import state_dir

    return os.path.join(state_dir(), FILE_NAME)


def _load(path: str) -> dict[str, Any]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def note(details: dict[str, Any], trusted_ids: tuple[str, ...], path: str | None = None) -> None:
    """Count one mail for the trusted ids: whether their own header was found in it."""
    arh = (details.get("auth") or {}).get("arh") or {}
    if not trusted_ids or not arh:
        return
    path = path or _path()
    data = _load(path)
    key = ", ".join(sorted(trusted_ids))[:300]
    entry = data.get(key) if isinstance(data.get(key), dict) else None
    entry = entry or {"mails": 0, "without_results": 0, "last_without": ""}
    entry["mails"] = int(entry.get("mails", 0)) + 1
    if not arh.get("used"):
        entry["without_results"] = int(entry.get("without_results", 0)) + 1
        entry["last_without"] = time.strftime("%Y-%m-%d")
    data[key] = entry
    data = dict(list(data.items())[-MAX_IDS:])
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = path + ".tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(data, fh)
        os.replace(tmp, path)
    except OSError:
        pass


def findings(path: str | None = None) -> list[tuple[bool | None, str]]:
    """(ok, message) lines for ``doctor``: None is a warning."""
    data = _load(path or _path())
    out: list[tuple[bool | None, str]] = []
    for ids, entry in data.items():
        if not isinstance(entry, dict):  # the file is the user's: anything may be in it
            continue
        mails = int(entry.get("mails", 0))
        without = int(entry.get("without_results", 0))
        if without:
            out.append((None, f"trusted server {ids} added no Authentication-Results above "
                              f"its own Received line to {without} of {mails} mail(s) checked "
                              f"(last on {entry.get('last_without') or '?'}): for those mails "
                              "its results cannot be used, and headers in its name further "
                              "down are ignored (some servers add none for authenticated "
                              "submission)"))
        elif mails:
            out.append((True, f"trusted server {ids} added its Authentication-Results to all "
                              f"{mails} mail(s) checked"))
    return out
