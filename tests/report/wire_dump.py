"""Dump what protocol 1 sends for many mails, to prove a wording move changed no byte.

Moving a check's sentences to the catalogue must leave every title, detail and advice
string as it was. Dump before and after, then compare:

    git archive main host | tar -x -C /tmp/before             # the code before the move
    PYTHONPATH=/tmp/before/host .venv/bin/python tests/report/wire_dump.py /tmp/before.tsv
    .venv/bin/python tests/report/wire_dump.py /tmp/after.tsv
    cmp /tmp/before.tsv /tmp/after.tsv

By default it reads the shared corpus (../shared/corpus, when present), tests/fixtures and
examples; name other folders to add them. The mails the tests build in code are the best
cover of a check's rarer branches; collect them once with the capture plugin beside this
file, then dump that folder with both versions:

    HONMONO_CAPTURE=/tmp/mails PYTHONPATH=tests/report .venv/bin/python -m pytest -q \\
        -p wire_capture tests/attachments tests/checks tests/auth
    .venv/bin/python tests/report/wire_dump.py /tmp/after.tsv /tmp/mails

Each line is: file, language, the rendered result as sorted JSON (timing left out). All
offline, with a registered name and address so the greeting and recipient checks speak.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from honmono.core.settings import Settings
from honmono.engine import analyse

REPO = Path(__file__).resolve().parents[2]
DEFAULT = [REPO.parent / "shared" / "corpus", REPO / "tests" / "fixtures", REPO / "examples"]
SETTINGS = Settings(offline=True, dns_cache=False, names=("山田太郎",),
                    addresses=("taro@example.jp",))


def _render(report: Any, lang: str) -> dict[str, Any]:
    try:
        from honmono.report.render import render_report
    except ImportError:  # before the catalogue, the report rendered itself
        rendered: dict[str, Any] = report.render(lang)
        return rendered
    return render_report(report, lang)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    roots = [Path(a) for a in argv[1:]] or [p for p in DEFAULT if p.is_dir()]
    files = sorted(p for r in roots for p in r.rglob("*") if p.is_file()
                   and p.suffix not in (".csv", ".md", ".json", ".py"))
    with open(argv[0], "w", encoding="utf-8") as out:
        for path in files:
            report = analyse(path.read_bytes(), SETTINGS)
            for lang in ("ja", "en"):
                rendered = _render(report, lang)
                rendered.pop("timing_ms", None)
                line = json.dumps(rendered, ensure_ascii=False, sort_keys=True, default=str)
                out.write(f"{path}\t{lang}\t{line}\n")
    print(f"{len(files)} mails, {2 * len(files)} renderings → {argv[0]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
