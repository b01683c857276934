"""``honmono scan``: every mail of an mbox file or a Maildir, with progress and a summary."""

from __future__ import annotations

import json
import mailbox
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.report.render import render_report


class MailboxError(Exception):
    """The path is neither an mbox file nor a Maildir."""


def open_mailbox(path: Path) -> mailbox.Mailbox:
    if path.is_dir():
        if all((path / sub).is_dir() for sub in ("cur", "new")):
            return mailbox.Maildir(path, factory=None, create=False)
        raise MailboxError(f"{path}: a directory but not a Maildir (no cur/ and new/)")
    if not path.exists():
        raise MailboxError(f"{path}: no such file or directory")
    try:
        with open(path, "rb") as fh:
            head = fh.read(5)
    except OSError as exc:
        raise MailboxError(f"{path}: cannot be read ({exc.strerror or exc})") from exc
    if head and head != b"From ":
        raise MailboxError(f"{path}: not an mbox file (it does not start with 'From ')")
    return mailbox.mbox(path, factory=None, create=False)


def _messages(box: mailbox.Mailbox) -> Iterator[tuple[str, bytes]]:
    for key in box.iterkeys():
        try:
            yield str(key), box.get_bytes(key)
        except (OSError, KeyError) as exc:  # a Maildir file removed while scanning
            print(f"honmono: {key}: skipped ({exc})", file=sys.stderr)


def scan(path: Path, settings: Settings, as_json: bool = False) -> int:
    box = open_mailbox(path)
    counts: Counter[str] = Counter()
    err = Console(stderr=True)
    total = len(box)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                        disable=not err.is_terminal)
    with progress:
        task = progress.add_task("scan", total=total)
        for key, raw in _messages(box):
            report = analyse(raw, settings)
            counts[report.verdict.value] += 1
            if as_json:
                line = {"key": key, **render_report(report, settings.language)}
                sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
            progress.advance(task)
    if not as_json:
        table = Table(title=f"{path} — {sum(counts.values())}")
        table.add_column("verdict")
        table.add_column("mails", justify="right")
        for verdict in Verdict:
            table.add_row(verdict.value, str(counts.get(verdict.value, 0)))
        Console().print(table)
    return 0
