"""Drive a real Thunderbird for the end-to-end test (see /work/shared/thunderbird-e2e.md).

Everything here is product-agnostic plumbing: a fresh profile with a Local Folders Inbox
mbox, extensions dropped into PROFILE/extensions/, a private Xvfb display, Thunderbird in
its own process group with stdout/stderr captured to a file, Marionette for chrome-context
reads and screenshots, bounded polling helpers, and a reliable teardown.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import time
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import formatdate
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

THUNDERBIRD = shutil.which("thunderbird")
XVFB = shutil.which("Xvfb")
XVFB_RUN = shutil.which("xvfb-run")
IMPORT = shutil.which("import")  # ImageMagick: screenshots of the X screen
CONVERT = shutil.which("magick") or shutil.which("convert")  # ImageMagick: crops

# Local Folders only, no first-run UI, extensions from the profile enabled without asking,
# console.log of extensions (and content) on stdout. Per the verified recipe.
BASE_PREFS: dict[str, Any] = {
    "mail.provider.enabled": False,
    "mailnews.start_page.enabled": False,
    "mail.shell.checkDefaultClient": False,
    "app.update.enabled": False,
    "app.update.auto": False,
    "extensions.autoDisableScopes": 0,
    "extensions.enabledScopes": 15,
    "xpinstall.signatures.required": False,
    "datareporting.policy.dataSubmissionEnabled": False,
    "datareporting.policy.firstRunURL": "",
    "toolkit.telemetry.enabled": False,
    "toolkit.telemetry.reportingpolicy.firstRun": False,
    "browser.dom.window.dump.enabled": True,
    "devtools.console.stdout.content": True,
    "devtools.console.stdout.chrome": True,
    "mail.accountmanager.accounts": "account1",
    "mail.accountmanager.localfoldersserver": "server1",
    "mail.account.account1.server": "server1",
    "mail.server.server1.type": "none",
    "mail.server.server1.hostname": "Local Folders",
    "mail.server.server1.name": "Local Folders",
    "mail.server.server1.userName": "nobody",
    "mail.server.server1.directory-rel": "[ProfD]Mail/Local Folders",
    # Open message tabs in the foreground; no "what's new", no remote content prompts.
    "mail.tabs.loadInBackground": False,
    "mailnews.message_display.disable_remote_image": True,
    "mail.rights.override": True,
    "mailnews.database.global.indexer.enabled": False,
}

INBOX_URI = "mailbox://nobody@Local%20Folders/Inbox"


class E2EError(AssertionError):
    """A failure of the real-client test, carrying a readable explanation."""


def missing_tools() -> list[str]:
    missing = []
    if not THUNDERBIRD:
        missing.append("thunderbird")
    if not XVFB:
        missing.append("Xvfb (package xvfb, provides xvfb-run)")
    return missing


def require_tools(what: str, extra: list[str] | None = None) -> None:
    """Skip ``what`` when its tools are missing, or fail under HONMONO_E2E_REQUIRED=1 (CI),
    where a missing tool must not pass as a skipped test."""
    import pytest

    missing = missing_tools() + (extra or [])
    if missing and os.environ.get("HONMONO_E2E_REQUIRED") == "1":
        pytest.fail(f"HONMONO_E2E_REQUIRED=1 but {', '.join(missing)} missing: "
                    "run .ci/e2e-deps.sh")
    if missing:
        pytest.skip(f"{what} needs {', '.join(missing)}; install with .ci/e2e-deps.sh")
    pytest.importorskip("marionette_driver")


def poll(
    what: str,
    probe: Callable[[], T | None],
    timeout: float,
    interval: float = 0.1,
    on_timeout: Callable[[], str] | None = None,
) -> T:
    """Call probe() until it returns something truthy, for at most `timeout` seconds."""
    deadline = time.monotonic() + timeout
    last_exc: BaseException | None = None
    while True:
        try:
            value = probe()
            if value:
                return value
        except Exception as exc:  # probes may fail transiently (file half written, ...)
            last_exc = exc
        if time.monotonic() >= deadline:
            msg = f"timed out after {timeout:.0f} s waiting for {what}"
            if last_exc is not None:
                msg += f" (last error: {last_exc!r})"
            if on_timeout is not None:
                msg += "\n" + on_timeout()
            raise E2EError(msg)
        time.sleep(interval)


def crop(
    src: Path, dest: Path, x: int, y: int, width: int, height: int, zoom: int = 3
) -> Path | None:
    """A zoomed crop of a screenshot (e.g. the toolbar button and its small badge)."""
    if not CONVERT or width <= 0 or height <= 0:
        return None
    geometry = f"{width}x{height}+{max(0, x)}+{max(0, y)}"
    subprocess.run(
        [
            CONVERT,
            str(src),
            "-crop",
            geometry,
            "+repage",
            "-filter",
            "point",
            "-resize",
            f"{zoom * 100}%",
            str(dest),
        ],
        check=True,
        timeout=30,
        capture_output=True,
    )
    return dest


# --------------------------------------------------------------------------- profile


def pref_line(name: str, value: Any) -> str:
    return f"user_pref({json.dumps(name)}, {json.dumps(value)});"


def mbox_bytes(messages: Iterable[bytes]) -> bytes:
    """An mbox (mboxrd quoting) as Thunderbird reads it: `From - <date>` separators, LF."""
    out = bytearray()
    for raw in messages:
        raw = raw.replace(b"\r\n", b"\n")
        if not raw.endswith(b"\n"):
            raw += b"\n"
        out += f"From - {formatdate(usegmt=False)[:-6]}\n".encode()
        # mboxrd: quote every line that (after any '>') starts with "From ".
        out += re.sub(rb"(?m)^(>*From )", rb">\1", raw)
        out += b"\n"
    return bytes(out)


def zip_dir(src: Path, dest: Path) -> Path:
    """Zip a directory into an .xpi with manifest.json at the root."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(src.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                zf.write(path, path.relative_to(src).as_posix())
    return dest


def build_profile(
    profile: Path,
    mails: list[bytes],
    extra_prefs: dict[str, Any] | None = None,
) -> Path:
    """A fresh profile: user.js, Local Folders with an Inbox mbox, a session opening it."""
    profile.mkdir(parents=True, exist_ok=True)
    prefs = dict(BASE_PREFS)
    # 0: Marionette binds a port the system gives it and writes it to the profile
    # (MARIONETTE_PORT_FILE). A port picked here beforehand can be taken by any other
    # process before Thunderbird binds it, and Marionette then never answers.
    prefs["marionette.port"] = 0
    prefs.update(extra_prefs or {})
    (profile / "user.js").write_text("\n".join(pref_line(k, v) for k, v in prefs.items()) + "\n")
    local = profile / "Mail" / "Local Folders"
    local.mkdir(parents=True, exist_ok=True)
    (local / "Inbox").write_bytes(mbox_bytes(mails))
    # "Junk": Thunderbird flags it as the Junk folder of Local Folders (specialUse "junk").
    for name in ("Trash", "Unsent Messages", "Junk"):
        (local / name).write_bytes(b"")
    # Open the Inbox at start-up so Thunderbird parses the hand-written mbox (recipe 9).
    session = {
        "rev": 0,
        "windows": [
            {
                "type": "3pane",
                "tabs": {
                    "rev": 0,
                    "selectedIndex": 0,
                    "tabs": [
                        {
                            "mode": "mail3PaneTab",
                            "state": {
                                "firstTab": True,
                                "folderPaneVisible": True,
                                "folderURI": INBOX_URI,
                                "messagePaneVisible": True,
                            },
                        }
                    ],
                },
            }
        ],
    }
    (profile / "session.json").write_text(json.dumps(session))
    (profile / "extensions").mkdir(exist_ok=True)
    return profile


# --------------------------------------------------------------------------- processes


def _kill_group(proc: subprocess.Popen[bytes], grace: float = 5.0) -> None:
    if proc.poll() is not None:
        # The leader is gone; children (e.g. a native host) may still hold the group.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
        return
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=grace)


class Display:
    """A private Xvfb server; its number comes back through -displayfd (no guessing)."""

    def __init__(self, size: str = "1280x900x24") -> None:
        if not XVFB:
            raise E2EError("Xvfb is not installed")
        r, w = os.pipe()
        self.proc = subprocess.Popen(
            [XVFB, "-displayfd", str(w), "-screen", "0", size, "-nolisten", "tcp", "-noreset"],
            pass_fds=(w,),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        os.close(w)
        data = b""
        deadline = time.monotonic() + 15
        with os.fdopen(r, "rb", buffering=0) as rf:
            while not data.endswith(b"\n") and time.monotonic() < deadline:
                chunk = rf.read(16)
                if not chunk:
                    break
                data += chunk
        if not data.strip().isdigit():
            _kill_group(self.proc)
            err = self.proc.stderr.read().decode(errors="replace") if self.proc.stderr else ""
            raise E2EError(f"Xvfb did not start: {err[-2000:]}")
        self.name = f":{int(data.strip())}"

    def screenshot(self, path: Path) -> Path | None:
        if not IMPORT:
            return None
        path.parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [IMPORT, "-display", self.name, "-window", "root", str(path)],
            check=True,
            timeout=30,
            capture_output=True,
        )
        return path

    def close(self) -> None:
        _kill_group(self.proc, grace=2)


MARIONETTE_PORT_FILE = "MarionetteActivePort"


@dataclass
class Thunderbird:
    profile: Path
    home: Path
    log_path: Path
    env: dict[str, str] = field(default_factory=dict)
    display: str | None = None
    headless: bool = False
    proc: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0

    def start(self) -> None:
        if not THUNDERBIRD:
            raise E2EError("thunderbird is not installed")
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("MOZ_", "XDG_", "DBUS_", "WAYLAND")) and k != "DISPLAY"
        }
        env.update(
            HOME=str(self.home),
            XDG_CONFIG_HOME=str(self.home / ".config"),
            XDG_CACHE_HOME=str(self.home / ".cache"),
            XDG_DATA_HOME=str(self.home / ".local" / "share"),
            XDG_RUNTIME_DIR=str(self.home / ".runtime"),
            MOZ_CRASHREPORTER_DISABLE="1",
            MOZ_DISABLE_AUTO_SAFE_MODE="1",
            MOZ_NO_REMOTE="1",
            NO_AT_BRIDGE="1",
            GTK_A11Y="none",
            LANG=os.environ.get("LANG", "C.UTF-8"),
        )
        (self.home / ".runtime").mkdir(mode=0o700, parents=True, exist_ok=True)
        if self.headless:
            env["MOZ_HEADLESS"] = "1"
        else:
            assert self.display
            env["DISPLAY"] = self.display
        env.update(self.env)
        cmd = [
            THUNDERBIRD,
            "-profile",
            str(self.profile),
            "-no-remote",
            "--marionette",
            "-remote-allow-system-access",
        ]
        if self.headless:
            cmd.append("--headless")
        (self.profile / MARIONETTE_PORT_FILE).unlink(missing_ok=True)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115 (closed in stop())
        self.started_at = time.monotonic()
        self.proc = subprocess.Popen(
            cmd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # own process group: the native host dies with it
            cwd=str(self.home),
        )

    def connect(self, timeout: float) -> Chrome:
        """A Marionette session on the port Thunderbird bound (see build_profile)."""
        deadline = time.monotonic() + timeout

        def port() -> int | None:
            with contextlib.suppress(OSError, ValueError):
                return int((self.profile / MARIONETTE_PORT_FILE).read_text().strip()) or None
            return None

        found = self.wait_for("Marionette's port file", port, timeout)
        try:
            return Chrome(found, timeout=max(5.0, deadline - time.monotonic()))
        except Exception as exc:
            raise E2EError(
                f"Marionette did not answer on port {found}: {exc!r}\n{self.tail()}"
            ) from exc

    def output(self) -> str:
        try:
            return self.log_path.read_bytes().decode("utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = 60) -> str:
        text = self.output().splitlines()[-lines:]
        state = (
            "running"
            if self.proc and self.proc.poll() is None
            else (f"exited with {self.proc.returncode}" if self.proc else "not started")
        )
        return f"--- Thunderbird ({state}) output, last {len(text)} lines ---\n" + "\n".join(text)

    def alive(self) -> bool:
        return bool(self.proc and self.proc.poll() is None)

    def console_lines(self) -> list[str]:
        """Thunderbird's stdout lines; console.* lines decoded (printed as JSON strings)."""
        out = []
        for line in self.output().splitlines():
            m = re.match(r'^console\.(?:log|info|warn|error|debug): (".*")\s*$', line)
            if m:
                with contextlib.suppress(ValueError):
                    decoded = json.loads(m.group(1))
                    if isinstance(decoded, str):
                        out.extend(decoded.splitlines() or [""])
                        continue
            out.append(line)
        return out

    def tagged(self, tag: str) -> list[dict[str, Any]]:
        """JSON payloads of console lines `<tag> {json}` logged by extensions."""
        out = []
        for line in self.console_lines():
            i = line.find(tag + " {")
            if i < 0:
                continue
            with contextlib.suppress(ValueError):
                out.append(json.loads(line[i + len(tag) + 1 :]))
        return out

    def wait_for(self, what: str, probe: Callable[[], T | None], timeout: float) -> T:
        def checked() -> T | None:
            if not self.alive():
                raise E2EError(f"Thunderbird died while waiting for {what}\n{self.tail()}")
            return probe()

        try:
            return poll(what, checked, timeout, on_timeout=self.tail)
        except E2EError:
            raise
        except Exception as exc:  # pragma: no cover
            raise E2EError(f"{what}: {exc!r}\n{self.tail()}") from exc

    def stop(self) -> None:
        if self.proc is not None:
            _kill_group(self.proc)
        if getattr(self, "_log", None):
            self._log.close()


# --------------------------------------------------------------------------- marionette


class Chrome:
    """A Marionette session in chrome context on Thunderbird's main window."""

    def __init__(self, port: int, timeout: float = 60) -> None:
        from marionette_driver.marionette import Marionette

        self.m = Marionette(host="127.0.0.1", port=port, socket_timeout=60)
        deadline = time.monotonic() + timeout
        while True:
            try:
                self.m.raise_for_port(timeout=max(1.0, deadline - time.monotonic()))
                self.m.start_session()
                break
            except Exception:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(0.3)
        self.m.set_context(self.m.CONTEXT_CHROME)
        self.m.timeout.script = 30

    def js(self, script: str, args: list[Any] | None = None) -> Any:
        return self.m.execute_script(script, script_args=args or [], new_sandbox=False)

    def async_js(self, script: str, args: list[Any] | None = None) -> Any:
        return self.m.execute_async_script(script, script_args=args or [], new_sandbox=False)

    def screenshot(self, path: Path) -> Path:
        data = self.m.screenshot(format="base64", full=False)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.m.delete_session()
