"""Register the native-messaging host with Thunderbird for the current user, and check it.

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

import argparse
import contextlib
import importlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any

from honmono import logs
from honmono.logs import current_platform

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

# The first line after the shebang / @echo off: how doctor recognises its own launchers.
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


# ---------------------------------------------------------------------------- doctor


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
    from honmono import serverwatch

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
    from honmono import protocol

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


# ---------------------------------------------------------------------------- CLI


def _print(text: str = "") -> None:
    print(text, flush=True)


def _cmd_install(args: argparse.Namespace) -> int:
    try:
        where = install(args.extension_id, args.python)
    except InstallError as exc:
        print(f"honmono install: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"honmono install: could not write the files: {exc}", file=sys.stderr)
        return 1
    _print(f"Installed the Honmono native-messaging host for {args.extension_id}:")
    _print(f"  manifest  {where.manifest_path}")
    _print(f"  launcher  {where.launcher_path}")
    if where.registry_key is not None:
        _print(rf"  registry  HKEY_CURRENT_USER\{where.registry_key}")
    _print("Thunderbird reads it the next time the extension connects; "
           "`honmono doctor` checks it.")
    return 0


def _cmd_uninstall(args: argparse.Namespace) -> int:
    try:
        removed = uninstall()
    except OSError as exc:
        print(f"honmono uninstall: {exc}", file=sys.stderr)
        return 1
    if not removed:
        _print("The Honmono native-messaging host was not installed; nothing to remove.")
    for item in removed:
        _print(f"removed {item}")
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    checks = doctor(args.extension_id, timeout=args.timeout)
    names = {"linux": "Linux", "darwin": "macOS", "win32": "Windows"}
    _print(f"Honmono doctor ({names[current_platform()]}, extension {args.extension_id})")
    for check in checks:
        label = {True: "ok  ", False: "FAIL", None: "warn"}[check.ok]
        _print(f"  {label}  {check.message}")
        if check.fix and check.ok is not True:
            _print(f"        fix: {check.fix}")
    _print(f"  log   {logs.log_path()}")
    failed = sum(1 for c in checks if c.ok is False)
    if failed:
        _print(f"{failed} problem(s): Thunderbird will not be able to use Honmono until "
               "they are fixed.")
        return 1
    _print("All good: Thunderbird will find and start the Honmono host.")
    return 0


def add_commands(subparsers: Any) -> None:
    """Register ``install``, ``uninstall`` and ``doctor`` on the CLI's subparsers.

    Each sets ``func`` to a handler taking the parsed arguments and returning the exit code.
    """
    def ext_id(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--extension-id", default=DEFAULT_EXTENSION_ID, metavar="ID",
                            help=f"the Thunderbird add-on id (default: {DEFAULT_EXTENSION_ID})")

    p = subparsers.add_parser("install", help="register the host with Thunderbird",
                              description="Register the native-messaging host with "
                              "Thunderbird for the current user.")
    ext_id(p)
    p.add_argument("--python", default=None, metavar="PATH",
                   help="the interpreter the launcher runs (default: this one)")
    p.set_defaults(func=_cmd_install)

    p = subparsers.add_parser("uninstall", help="unregister the host",
                              description="Remove the native-messaging host's manifest, "
                              "launcher and registry key.")
    p.set_defaults(func=_cmd_uninstall)

    p = subparsers.add_parser("doctor", help="check that Thunderbird can start the host",
                              description="Check that Thunderbird will find and start the "
                              "host, and say how to fix what is wrong.")
    ext_id(p)
    p.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                   help="how long to wait for the host to answer (default: 15)")
    p.set_defaults(func=_cmd_doctor)


def main(argv: list[str] | None = None) -> int:
    """``python -m honmono.install``: the three commands without the rest of the CLI."""
    parser = argparse.ArgumentParser(prog="honmono")
    add_commands(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    func: Callable[[argparse.Namespace], int] = args.func
    return func(args)


if __name__ == "__main__":
    sys.exit(main())
