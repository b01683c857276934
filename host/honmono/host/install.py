"""Register the native-messaging host with Thunderbird for the current user (checked by doctor.py).

``honmono install`` writes two files and, on Windows, one registry key:

- a launcher that starts this installation's host with the interpreter that ran the
  installer (so the venv Honmono lives in is the one Thunderbird uses), in the user's state
  directory: a ``#!/bin/sh`` script on Linux and macOS, a ``.bat`` file on Windows;
- the host manifest, which Thunderbird looks up by the host's name:

  ========  ================================================================
  Linux     ``~/.mozilla/native-messaging-hosts/honmono.json``
  macOS     ``~/Library/Mozilla/NativeMessagingHosts/honmono.json``
  Windows   ``%LOCALAPPDATA%\\honmono\\honmono.json``, found through the registry key
            ``HKCU\\Software\\Mozilla\\NativeMessagingHosts\\honmono`` (default value)
  ========  ================================================================

Thunderbird on Linux reads ``~/.mozilla/native-messaging-hosts`` (as Firefox does), not
``~/.thunderbird/…`` (verified, /work/shared/thunderbird-e2e.md). On macOS Thunderbird's
per-user directory is ``~/Library/Mozilla/NativeMessagingHosts`` — Firefox's is under
``~/Library/Application Support/Mozilla`` — because it derives from Thunderbird's
``~/Library/Thunderbird`` application directory.

The manifest's template is ``MANIFEST_TEMPLATE`` below; ``manifest/honmono.json.in`` in the
repository is a copy for packagers, kept identical by a test.

Every path derives from ``Path.home()`` (``$HOME`` on POSIX) or ``%LOCALAPPDATA%``, and the
platform is read at call time, so tests can install into a temporary home and pretend to
be macOS or Windows.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from honmono.host import logs
from honmono.host.logs import current_platform

HOST_NAME = "honmono"
DEFAULT_EXTENSION_ID = "honmono@honmono"
REGISTRY_KEY = r"Software\Mozilla\NativeMessagingHosts" + "\\" + HOST_NAME
PATH_PLACEHOLDER = "@HOST_PATH@"
EXTENSION_ID_PLACEHOLDER = "@EXTENSION_ID@"

MANIFEST_TEMPLATE: dict[str, Any] = {
    "name": HOST_NAME,
    "description": "Honmono: tells genuine Amazon mail from phishing",
    "path": PATH_PLACEHOLDER,
    "type": "stdio",
    "allowed_extensions": [EXTENSION_ID_PLACEHOLDER],
}

# The first line after the shebang / @echo off: how doctor.py recognises our own launchers.
LAUNCHER_MARK = "Written by `honmono install`"

# Gecko's add-on id rule: an e-mail-like id or a GUID in braces.
_EXTENSION_ID = re.compile(
    r"^(\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}"
    r"|[a-z0-9-._]*@[a-z0-9-._]+)$",
    re.IGNORECASE,
)
# What MDN allows as a native application's name.
_HOST_NAME_RULE = re.compile(r"^\w+(\.\w+)*$")


class InstallError(Exception):
    """Installation cannot proceed; the message says why and what to do."""


class Layout:
    """Where this platform's files go."""

    __slots__ = ("launcher_path", "manifest_path", "platform", "registry_key")

    def __init__(self, platform: str, manifest_path: Path, launcher_path: Path,
                 registry_key: str | None) -> None:
        self.platform = platform
        self.manifest_path = manifest_path
        self.launcher_path = launcher_path
        self.registry_key = registry_key


def state_dir(platform: str | None = None) -> Path:
    """The user's state directory (see logs.state_dir): the launcher goes beside the log."""
    return Path(logs.state_dir(platform))


def layout(platform: str | None = None) -> Layout:
    platform = platform or current_platform()
    home = Path.home()
    if platform == "win32":
        base = state_dir(platform)
        return Layout(platform, base / f"{HOST_NAME}.json", base / f"{HOST_NAME}-host.bat",
                      REGISTRY_KEY)
    if platform == "darwin":
        manifests = home / "Library" / "Mozilla" / "NativeMessagingHosts"
    else:
        manifests = home / ".mozilla" / "native-messaging-hosts"
    return Layout(platform, manifests / f"{HOST_NAME}.json",
                  state_dir(platform) / f"{HOST_NAME}-host", None)


def build_manifest(launcher: Path | str, extension_id: str) -> dict[str, Any]:
    """MANIFEST_TEMPLATE filled in."""
    text = json.dumps(MANIFEST_TEMPLATE)
    text = text.replace(json.dumps(PATH_PLACEHOLDER), json.dumps(str(launcher)))
    text = text.replace(json.dumps(EXTENSION_ID_PLACEHOLDER), json.dumps(extension_id))
    manifest: dict[str, Any] = json.loads(text)
    return manifest


def launcher_script(python: str, platform: str | None = None) -> str:
    """The launcher's text: run ``python -P -m honmono.host`` with Thunderbird's arguments.

    -P keeps the launcher's working directory off sys.path, so no ``honmono`` directory
    there can stand in for the installed package.
    """
    platform = platform or current_platform()
    if platform == "win32":
        # In a .bat file % starts a variable even inside quotes; Windows paths have no '"'.
        exe = python.replace("%", "%%")
        return (f"@echo off\r\nrem {LAUNCHER_MARK}; starts the Honmono native-messaging "
                f"host.\r\n\"{exe}\" -P -m honmono.host %*\r\n")
    quoted = "'" + python.replace("'", "'\\''") + "'"
    return (f"#!/bin/sh\n# {LAUNCHER_MARK}; starts the Honmono native-messaging host.\n"
            f'exec {quoted} -P -m honmono.host "$@"\n')


def launcher_python(text: str) -> str | None:
    """The interpreter a launcher written by ``launcher_script`` starts."""
    m = re.search(r"^exec '((?:[^']|'\\'')*)' -P -m honmono\.host", text, re.MULTILINE)
    if m:
        return m.group(1).replace("'\\''", "'")
    m = re.search(r'^"([^"]*)" -P -m honmono\.host', text, re.MULTILINE)
    if m:
        return m.group(1).replace("%%", "%")
    return None


def _write_atomic(path: Path, data: bytes, mode: int) -> None:
    """Write a whole file or nothing: Thunderbird may read it at any moment."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _winreg() -> Any:
    # Looked up at call time so that tests can put a fake module in sys.modules.
    return importlib.import_module("winreg")


def install(extension_id: str = DEFAULT_EXTENSION_ID, python: str | None = None,
            platform: str | None = None) -> Layout:
    """Write the launcher and the manifest (and the registry key on Windows)."""
    if not _EXTENSION_ID.match(extension_id):
        raise InstallError(
            f"{extension_id!r} is not a Thunderbird add-on id (like honmono@honmono or "
            "{01234567-89ab-cdef-0123-456789abcdef})."
        )
    python = python or sys.executable
    where = layout(platform)
    flavour = PureWindowsPath if where.platform == "win32" else PurePosixPath
    if not python or not flavour(python).is_absolute():
        raise InstallError("Cannot tell which Python runs Honmono; pass --python /abs/path.")

    launcher_mode = 0o755 if where.platform != "win32" else 0o644
    _write_atomic(where.launcher_path,
                  launcher_script(python, where.platform).encode("utf-8"), launcher_mode)
    manifest = build_manifest(where.launcher_path, extension_id)
    _write_atomic(where.manifest_path,
                  (json.dumps(manifest, indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
                  0o644)
    if where.registry_key is not None:
        winreg = _winreg()
        with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, where.registry_key, 0,
                                winreg.KEY_WRITE) as key:
            winreg.SetValueEx(key, "", 0, winreg.REG_SZ, str(where.manifest_path))
    return where


def uninstall(platform: str | None = None) -> list[str]:
    """Remove what ``install`` wrote; what was removed, for the user."""
    where = layout(platform)
    removed: list[str] = []
    if where.registry_key is not None:
        winreg = _winreg()
        with contextlib.suppress(FileNotFoundError):
            winreg.DeleteKey(winreg.HKEY_CURRENT_USER, where.registry_key)
            removed.append(rf"HKEY_CURRENT_USER\{where.registry_key}")
    for path in (where.manifest_path, where.launcher_path):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
            removed.append(str(path))
    return removed
