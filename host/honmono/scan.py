"""``honmono scan``: every mail of an mbox file or a Maildir, with progress, the mails it
flags (one row each) and a summary. Many mails are judged on all cores (``--jobs``)."""

from __future__ import annotations

import contextlib
import json
import mailbox
import multiprocessing
import os
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from email.header import decode_header, make_header
from email.parser import BytesHeaderParser
from email.policy import compat32
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.report.render import render_report

# Verdicts in the order the flagged table lists them (the worst first).
FLAG_ORDER: tuple[str, ...] = ("phishing", "suspicious", "genuine")
# The evidence status that names a verdict's main reason, most telling first.
_REASON_STATUS: dict[str, tuple[str, ...]] = {
    "phishing": ("fail", "warn"),
    "suspicious": ("fail", "warn"),
    "genuine": ("pass",),
}
# Below this many mails one process is quicker than starting workers.
PARALLEL_FROM = 40
_CHUNK = 8
_CELL = 80  # characters of a From or Subject cell


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


@dataclass(frozen=True, slots=True)
class Row:
    """One judged mail, as the scan prints it."""

    key: str
    verdict: str
    rendered: dict[str, Any]
    date: str
    sender: str
    subject: str
    reason: str


def _header_text(value: object) -> str:
    """A header as readable text; undecodable encoded words stay as they came."""
    text = str(value or "")
    with contextlib.suppress(ValueError, LookupError, UnicodeError, AssertionError):
        text = str(make_header(decode_header(text)))
    text = " ".join(text.split())
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _headers(raw: bytes) -> tuple[str, str, str]:
    # compat32 parsing of headers alone does not raise on malformed input; values that do
    # not decode are shown as they came (see _header_text).
    msg = BytesHeaderParser(policy=compat32).parsebytes(raw[:256 * 1024])
    date, sender, subject = (_header_text(msg.get(h, "")) for h in ("Date", "From", "Subject"))
    return date, sender, subject


def main_reason(rendered: dict[str, Any]) -> str:
    """The title of the evidence that decided the verdict, else the summary."""
    statuses = _REASON_STATUS.get(str(rendered.get("verdict")), ())
    evidence = rendered.get("evidence") or []
    for status in statuses:
        for item in evidence:
            if item.get("status") == status and item.get("title"):
                return str(item["title"])
    return str(rendered.get("summary") or "")


def judge(item: tuple[str, bytes], settings: Settings) -> Row:
    key, raw = item
    report = analyse(raw, settings)
    rendered = render_report(report, settings.language)
    date, sender, subject = _headers(raw)
    return Row(key, report.verdict.value, rendered, date, sender, subject, main_reason(rendered))


# The worker's settings, set once per process (see _init_worker).
_worker_settings: Settings | None = None


def _init_worker(settings: Settings) -> None:
    global _worker_settings
    _worker_settings = settings


def _judge_in_worker(item: tuple[str, bytes]) -> Row:
    assert _worker_settings is not None
    return judge(item, _worker_settings)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _rows(items: Iterable[tuple[str, bytes]], settings: Settings, jobs: int,
          pool: Any) -> Iterator[Row]:
    if pool is None:
        for item in items:
            yield judge(item, settings)
    else:
        # imap keeps the mailbox order, so the output is the same whatever the job count.
        yield from pool.imap(_judge_in_worker, items, chunksize=_CHUNK)


def parse_only(text: str | None) -> frozenset[str] | None:
    """``--only phishing,suspicious`` as a set of verdicts (None: no filter)."""
    if not text:
        return None
    wanted = frozenset(v.strip() for v in text.split(",") if v.strip())
    unknown = wanted - {v.value for v in Verdict}
    if unknown or not wanted:
        known = ", ".join(v.value for v in Verdict)
        bad = ", ".join(sorted(unknown)) or "(none)"
        raise ValueError(f"--only: unknown verdict {bad}; use {known}")
    return wanted


def scan(path: Path, settings: Settings, as_json: bool = False, *,
         only: frozenset[str] | None = None, jobs: int | None = None) -> int:
    box = open_mailbox(path)
    counts: Counter[str] = Counter()
    flagged: list[Row] = []
    err = Console(stderr=True)
    total = len(box)
    if jobs is None:
        jobs = default_jobs() if total >= PARALLEL_FROM else 1
    jobs = max(1, min(jobs, total or 1))
    # Workers are forked before the progress bar starts its refresh thread.
    pool = (multiprocessing.get_context("fork").Pool(jobs, _init_worker, (settings,))
            if jobs > 1 else None)
    progress = Progress(TextColumn("[progress.description]{task.description}"), BarColumn(),
                        MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                        disable=not err.is_terminal)
    try:
        with progress:
            task = progress.add_task("scan", total=total)
            for row in _rows(_messages(box), settings, jobs, pool):
                counts[row.verdict] += 1
                if only is None or row.verdict in only:
                    if as_json:
                        line = {"key": row.key, **row.rendered}
                        sys.stdout.write(json.dumps(line, ensure_ascii=False) + "\n")
                    elif row.verdict in FLAG_ORDER:
                        flagged.append(row)
                progress.advance(task)
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
    if not as_json:
        out = Console()
        # rich would exit 1 on a closed pipe; the command line ends it as a closed pipe.
        out.on_broken_pipe = _broken_pipe  # type: ignore[method-assign]
        if flagged:
            out.print(flagged_table(flagged))
        table = Table(title=f"{path} — {sum(counts.values())}")
        table.add_column("verdict")
        table.add_column("mails", justify="right")
        for verdict in Verdict:
            table.add_row(verdict.value, str(counts.get(verdict.value, 0)))
        out.print(table)
    return 0


def _broken_pipe() -> None:
    raise BrokenPipeError


def flagged_table(rows: list[Row]) -> Table:
    """The flagged mails, the worst verdict first, in mailbox order within a verdict."""
    ordered = sorted(rows, key=lambda r: FLAG_ORDER.index(r.verdict))
    table = Table(title=f"flagged — {len(ordered)}", title_justify="left")
    for name in ("date", "From", "Subject", "verdict", "reason"):
        table.add_column(name, overflow="fold")
    for r in ordered:
        table.add_row(r.date, r.sender, r.subject, r.verdict, r.reason)
    return table
