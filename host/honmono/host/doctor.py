"""``honmono doctor``: will Thunderbird find the host and start it? Checked its way.

Each finding is a ``Check``: ok, a problem with the command that fixes it, or a warning.
The files it inspects are the ones install.py writes.
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

from honmono.host.install import (
    _HOST_NAME_RULE,
    DEFAULT_EXTENSION_ID,
    HOST_NAME,
    LAUNCHER_MARK,
    _winreg,
    launcher_python,
    layout,
)


class Check:
    """One finding of ``doctor``: ok, a problem with its fix, or a warning (ok=None)."""

    __slots__ = ("fix", "message", "ok")

    def __init__(self, ok: bool | None, message: str, fix: str = "") -> None:
        self.ok = ok
        self.message = message
        self.fix = fix


def _install_command(extension_id: str) -> str:
    if extension_id == DEFAULT_EXTENSION_ID:
        return "honmono install"
    return f"honmono install --extension-id {extension_id}"


def doctor(extension_id: str = DEFAULT_EXTENSION_ID, platform: str | None = None,
           timeout: float = 15.0) -> list[Check]:
    """Will Thunderbird find the host and start it? Checked the way Thunderbird does it."""
    where = layout(platform)
    fix_install = f"run `{_install_command(extension_id)}`"
    checks: list[Check] = []
    manifest_path = where.manifest_path

    if where.registry_key is not None:
        try:
            winreg = _winreg()
            with winreg.OpenKey(winreg.HKEY_CURRENT_USER, where.registry_key) as key:
                value, _ = winreg.QueryValueEx(key, "")
        except (OSError, ImportError):
            checks.append(Check(False, rf"registry key HKEY_CURRENT_USER\{where.registry_key} "
                                "is missing", fix_install))
            return checks
        manifest_path = Path(str(value))
        checks.append(Check(True, rf"registry key HKEY_CURRENT_USER\{where.registry_key} "
                            f"points to {manifest_path}"))

    if not manifest_path.is_file():
        checks.append(Check(False, f"no manifest at {manifest_path}", fix_install))
        return checks
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        checks.append(Check(False, f"manifest {manifest_path} is not readable JSON ({exc})",
                            fix_install))
        return checks
    if not isinstance(manifest, dict):
        checks.append(Check(False, f"manifest {manifest_path} is not a JSON object",
                            fix_install))
        return checks
    checks.append(Check(True, f"manifest found: {manifest_path}"))

    problems: list[str] = []
    name = manifest.get("name")
    if name != HOST_NAME or not _HOST_NAME_RULE.match(str(name)):
        problems.append(f'"name" is {name!r}, not "{HOST_NAME}"')
    if where.platform != "win32" and manifest_path.stem != name:
        problems.append(f'the file name {manifest_path.name} does not match "name"')
    if manifest.get("type") != "stdio":
        problems.append(f'"type" is {manifest.get("type")!r}, not "stdio"')
    if problems:
        checks.append(Check(False, "manifest fields wrong: " + "; ".join(problems), fix_install))
    else:
        checks.append(Check(True, f'manifest names host "{HOST_NAME}", type "stdio"'))

    allowed = manifest.get("allowed_extensions")
    if not isinstance(allowed, list) or extension_id not in allowed:
        checks.append(Check(
            False,
            f"allowed_extensions {json.dumps(allowed)} does not contain {extension_id}: "
            "Thunderbird will refuse to start the host for the extension",
            fix_install,
        ))
    else:
        checks.append(Check(True, f"allowed_extensions contains {extension_id}"))

    path_value = manifest.get("path")
    launcher = _check_launcher(path_value, manifest_path, where.platform, fix_install, checks)
    if launcher is not None:
        checks.append(_check_ping(launcher, manifest_path, extension_id, timeout, fix_install))
    checks.extend(_sandbox_warnings(where.platform))
    from honmono.host import serverwatch

    checks.extend(Check(ok, message) for ok, message in serverwatch.findings())
    return checks


def _check_launcher(path_value: object, manifest_path: Path, platform: str, fix: str,
                    checks: list[Check]) -> Path | None:
    if not isinstance(path_value, str) or not path_value:
        checks.append(Check(False, 'manifest has no "path"', fix))
        return None
    path = Path(path_value)
    if not path.is_absolute():
        if platform != "win32":
            checks.append(Check(False, f'"path" {path_value} is not absolute (Linux and macOS '
                                "require an absolute path)", fix))
            return None
        path = manifest_path.parent / path  # Windows resolves it against the manifest
    if not path.is_file():
        checks.append(Check(False, f"launcher {path} does not exist", fix))
        return None
    if platform == "win32":
        if path.suffix.lower() not in (".bat", ".cmd", ".exe"):
            checks.append(Check(False, f"launcher {path} is not a .bat, .cmd or .exe", fix))
            return None
    elif not os.access(path, os.X_OK):
        checks.append(Check(False, f"launcher {path} is not executable",
                            f"run `chmod +x '{path}'` or {fix}"))
        return None
    checks.append(Check(True, f"launcher {path} exists and is executable"))

    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return path
    python = launcher_python(text) if LAUNCHER_MARK in text else None
    if python is not None:
        if not os.path.isfile(python):
            checks.append(Check(False, f"the launcher starts {python}, which no longer exists "
                                "(was its virtual environment removed?)",
                                f"{fix} with the Python that has Honmono installed"))
            return None
        # Compared by directory: python and python3 of one environment are the same install.
        here = os.path.dirname(os.path.abspath(sys.executable or ""))
        if os.path.normcase(os.path.dirname(os.path.abspath(python))) != os.path.normcase(here):
            checks.append(Check(None, f"the launcher starts {python}, not this Python "
                                f"({sys.executable})",
                                f"{fix} from this environment if Thunderbird should use it"))
    return path


def _check_ping(launcher: Path, manifest_path: Path, extension_id: str, timeout: float,
                fix: str) -> Check:
    """Start the launcher as Thunderbird does (argv: manifest path, extension id); ping."""
    from honmono.host import protocol

    request = json.dumps({"protocol": protocol.PROTOCOL_VERSION, "id": "doctor",
                          "type": "ping"}).encode("utf-8")
    frame = struct.pack("@I", len(request)) + request
    try:
        proc = subprocess.run(
            [str(launcher), str(manifest_path), extension_id],
            input=frame, capture_output=True, timeout=timeout,
            cwd=str(launcher.parent),
        )
    except subprocess.TimeoutExpired:
        return Check(False, f"the host did not answer a ping within {timeout:.0f} s",
                     "see the host log for what it was doing, then " + fix)
    except OSError as exc:
        return Check(False, f"the launcher could not be started ({exc})", fix)
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    tail = f"; it said: {stderr.splitlines()[-1]}" if stderr else ""
    out = proc.stdout
    try:
        (length,) = struct.unpack("@I", out[:4])
        reply = json.loads(out[4:4 + length].decode("utf-8"))
    except (struct.error, ValueError):
        return Check(False, f"the host did not answer a ping (exit status {proc.returncode}"
                     f"{tail})", fix)
    if not isinstance(reply, dict) or reply.get("type") != "pong" or reply.get("id") != "doctor":
        return Check(False, f"the host answered a ping with {str(reply)[:200]}", fix)
    if len(out) != 4 + length:
        return Check(False, "the host wrote something other than frames to stdout", fix)
    if proc.returncode != 0:
        return Check(False, f"the host exited with status {proc.returncode} at end of "
                     f"input{tail}", fix)
    versions = reply.get("versions") or {}
    return Check(True, f"the host answers: Honmono {versions.get('honmono')} on Python "
                 f"{versions.get('python')}, protocol {versions.get('protocol')}")


def _sandbox_warnings(platform: str) -> list[Check]:
    """Sandboxed Thunderbird packages on Linux cannot start hosts outside their sandbox."""
    if platform != "linux":
        return []
    found: list[Check] = []
    exe = shutil.which("thunderbird")
    if exe and os.path.realpath(exe).startswith("/snap/"):
        found.append(Check(None, "Thunderbird here is a snap; snaps cannot start native hosts "
                           "installed in your home directory",
                           "install Thunderbird from your distribution's packages or "
                           "thunderbird.net"))
    if (Path.home() / ".var" / "app" / "org.mozilla.Thunderbird").is_dir():
        found.append(Check(None, "a Flatpak Thunderbird is present; Flatpak apps do not read "
                           "~/.mozilla/native-messaging-hosts",
                           "use a Thunderbird from your distribution's packages or "
                           "thunderbird.net"))
    return found
