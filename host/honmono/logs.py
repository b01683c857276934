"""Where the native-messaging host writes its log, and how.

Thunderbird shows a host's stderr only in its own console (if at all), so the host keeps a
small rotating log file in the user's state directory as well: that file is what a user
attaches to a bug report. Warnings and errors also go to stderr. The mail's content (subject,
addresses, body) is never logged unless debugging is on.

This module is imported when the host starts, so it stays cheap: platformdirs is imported
only when the log directory is first needed.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import sys
from pathlib import Path

APP_NAME = "honmono"
LOG_FILE_NAME = "host.log"
# Enough for weeks of normal use; a runaway loop cannot fill the disk.
_LOG_BYTES = 1_000_000
_LOG_BACKUPS = 2

logger = logging.getLogger("honmono.host")
_active: Path | None = None


def state_dir() -> Path:
    """The user's state directory for Honmono (logs, the launcher the installer writes).

    appauthor=False: on Windows platformdirs would otherwise nest an author directory,
    giving %LOCALAPPDATA%\\honmono\\honmono.
    """
    import platformdirs

    return Path(platformdirs.user_state_dir(APP_NAME, appauthor=False))


def log_path() -> Path:
    return state_dir() / LOG_FILE_NAME


def active_log_path() -> Path | None:
    """The file ``setup`` logs to, for messages that tell the user where to look."""
    return _active


def debug_enabled() -> bool:
    """HONMONO_DEBUG=1 lets the log carry mail content (subjects, digests) for diagnosis."""
    return os.environ.get("HONMONO_DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}


def setup(debug: bool = False) -> Path | None:
    """Send the host's log records to the log file and warnings to stderr.

    Returns the log file's path, or None when it cannot be written (a read-only home must
    not stop the host from answering).
    """
    logger.setLevel(logging.DEBUG if debug else logging.INFO)
    logger.propagate = False
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()

    fmt = logging.Formatter("%(asctime)s %(process)d %(levelname)s %(message)s")
    err = logging.StreamHandler(sys.stderr)
    err.setLevel(logging.WARNING)
    err.setFormatter(logging.Formatter("honmono-host: %(levelname)s: %(message)s"))
    logger.addHandler(err)

    global _active
    _active = None
    path: Path | None
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        # delay=True: the file is opened on the first record, not at every start.
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=_LOG_BYTES, backupCount=_LOG_BACKUPS, encoding="utf-8", delay=True
        )
    except OSError as exc:
        logger.warning("cannot write the log file (%s); logging to stderr only", exc)
        return None
    handler.setFormatter(fmt)
    logger.addHandler(handler)
    _active = path
    return path
