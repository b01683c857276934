"""Where the native-messaging host writes its log, and how.

Thunderbird shows a host's stderr only in its own console (if at all), so the host keeps a
small log file in the user's state directory as well: that file is what a user attaches to a
bug report. Warnings and errors also go to stderr. The mail's content (subject, addresses,
body) is never logged unless debugging is on (HONMONO_DEBUG=1).

This module is imported when the host starts, and every millisecond of start-up is paid by
every ``runtime.sendNativeMessage`` call (Thunderbird starts one process per call). Hence
plain ``os.path`` strings instead of pathlib, ``logging.FileHandler`` with a rotation at
start instead of ``logging.handlers`` (which imports socket and pickle), and the state
directory spelt out instead of asking platformdirs (which imports tempfile, shutil, bz2…):
together about 90 ms of a cold start on a slow machine.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys

APP_NAME = "honmono"
LOG_FILE_NAME = "host.log"
# Rotated at start-up when larger: weeks of normal use, and a runaway loop in one long
# connectNative session is cut at the next start.
_LOG_BYTES = 1_000_000

logger = logging.getLogger("honmono.host")
_active: str | None = None


def current_platform() -> str:
    """"win32", "darwin" or "linux" (every other POSIX system is treated like Linux)."""
    if sys.platform == "win32":
        return "win32"
    if sys.platform == "darwin":
        return "darwin"
    return "linux"


def state_dir(platform: str | None = None) -> str:
    """``platformdirs.user_state_dir("honmono", appauthor=False)``, for any platform.

    Linux: $XDG_STATE_HOME/honmono, else ~/.local/state/honmono; macOS: ~/Library/Application
    Support/honmono; Windows: %LOCALAPPDATA%\\honmono. Spelt out rather than asked of
    platformdirs, both for start-up time (see the module docstring) and because platformdirs
    picks its rules by the running platform, which would stop the installer's tests from
    installing "on" macOS or Windows. tests/host/test_install.py checks both agree here.
    """
    platform = platform or current_platform()
    home = os.path.expanduser("~")
    if platform == "win32":
        base = os.environ.get("LOCALAPPDATA", "").strip()
        return os.path.join(base or os.path.join(home, "AppData", "Local"), APP_NAME)
    if platform == "darwin":
        return os.path.join(home, "Library", "Application Support", APP_NAME)
    xdg = os.environ.get("XDG_STATE_HOME", "").strip()
    base = xdg if xdg and os.path.isabs(xdg) else os.path.join(home, ".local", "state")
    return os.path.join(base, APP_NAME)


def log_path() -> str:
    return os.path.join(state_dir(), LOG_FILE_NAME)


def active_log_path() -> str | None:
    """The file ``setup`` logs to, for messages that tell the user where to look."""
    return _active


def debug_enabled() -> bool:
    """HONMONO_DEBUG=1 lets the log carry mail content (subjects, digests) for diagnosis."""
    return os.environ.get("HONMONO_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def setup(debug: bool = False) -> str | None:
    """Send the host's log records to the log file and warnings to stderr.

    Returns the log file's path, or None when it cannot be written (a read-only home must
    not stop the host from answering).
    """
    global _active
    _active = None
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()

    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    err.setFormatter(logging.Formatter("honmono-host: %(levelname)s: %(message)s"))
    logger.addHandler(err)

    path = log_path()
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _rotate(path)
        # delay=True: the file is opened on the first record, not at every start.
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
    except OSError as exc:
        logger.warning("cannot write the log file %s (%s); logging to stderr only", path, exc)
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s"))
    logger.addHandler(handler)
    _active = path
    return path


def _rotate(path: str) -> None:
    """Keep one previous log (host.log.1) once the log passes _LOG_BYTES."""
    # OSError: no log yet, or another host process is rotating it at the same moment.
    with contextlib.suppress(OSError):
        if os.path.getsize(path) > _LOG_BYTES:
            os.replace(path, path + ".1")
