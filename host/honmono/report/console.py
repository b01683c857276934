"""A report printed for a person in a terminal (colour only when it is one)."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from honmono.report import catalog

_VERDICT_STYLE = {"genuine": "bold green", "phishing": "bold red",
                  "suspicious": "bold yellow", "not_amazon": "bold"}
_MARK = {"pass": ("✓", "green"), "fail": ("✗", "red"), "warn": ("!", "yellow"),
         "info": ("·", "cyan")}


def print_report(report: dict[str, Any], lang: str, console: Console | None = None) -> None:
    # Everything printed came from the mail or was built around it: escape rich markup.
    console = console or Console(highlight=False)

    def head(key: str) -> str:
        return catalog.text(f"console.{key}", lang=lang)

    verdict = report["verdict"]
    badge = report["badge"]["text"]
    # The verdict alone on the first line, the summary under it: a long summary appended
    # to it wrapped at the dash and left the verdict line looking unfinished.
    console.print(f"[{_VERDICT_STYLE[verdict]}]{escape(badge)} {verdict}[/]")
    console.print(escape(report["summary"]))
    if report["evidence"]:
        table = Table(title=head("evidence"), show_header=False, expand=False)
        table.add_column(width=1)
        table.add_column(ratio=1, overflow="fold")
        for item in report["evidence"]:
            mark, colour = _MARK[item["status"]]
            text = f"[bold]{escape(item['title'])}[/]"
            if item["detail"]:
                text += f"\n{escape(item['detail'])}"
            table.add_row(f"[{colour}]{mark}[/]", text)
        console.print(table)
    notice = report.get("details", {}).get("notice")
    if notice:
        console.print(f"[bold]{head('notice')}[/]")
        for key in ("datetime", "device", "location"):
            if notice.get(key):
                console.print(f"  {head(key)}: {escape(str(notice[key]))}")
    if report["advice"]:
        console.print(f"[bold]{head('advice')}[/]")
        advice = Table.grid(padding=(0, 1))
        advice.add_column(width=2, justify="right")
        advice.add_column(ratio=1, overflow="fold")
        for line in report["advice"]:
            advice.add_row("•", escape(line))
        console.print(advice)
