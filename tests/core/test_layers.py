"""Imports go one way: each layer may import only from the layers before it in LAYERS.

Every ``import`` counts, wherever it stands: at module level, inside a function (lazy) and
under ``if TYPE_CHECKING:``, because a lazy import is still a dependency a reader must know
about. Modules of one layer may import each other, but never in a cycle. The two synthetic
packages at the end show that an upward import and a cycle are both caught. No module is
over 600 lines either (split it by concern).
"""

from __future__ import annotations

import ast
from pathlib import Path

from paths import REPO

# The package root's own modules (engine, config, scan, cli) are layers of their own.
LAYERS = ("core", "text", "brands", "net", "mail", "auth", "checks", "report",
          "engine", "config", "scan", "host", "cli")


def _modules(root: Path) -> dict[str, Path]:
    out = {}
    for path in root.rglob("*.py"):
        parts = path.relative_to(root.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def _imports(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    found: set[str] = set()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            mod = ".".join(p for p in (base, node.module or "") if p)
            # "from honmono.auth import dkim" depends on the module honmono.auth.dkim
            subs = {f"{mod}.{a.name}" for a in node.names} & known.keys()
            found.update(subs or {mod})
    return {m for m in found if m in known and m != name}


def _layer(module: str) -> int | None:
    parts = module.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def violations(root: Path) -> list[str]:
    known = _modules(root)
    graph = {m: _imports(m, p, known) for m, p in known.items()}
    bad = [f"{m} imports {t} (upward)" for m, ts in graph.items() for t in ts
           if (a := _layer(m)) is not None and ((b := _layer(t)) is None or b > a)]
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done

    def visit(m: str, path: list[str]) -> None:
        state[m] = 1
        for t in sorted(graph[m]):
            if state.get(t) == 1:
                bad.append("cycle: " + " -> ".join([*path[path.index(t):], t]))
            elif t not in state:
                visit(t, [*path, t])
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m, [m])
    return bad


def test_the_package_imports_one_way() -> None:
    root = REPO / "host" / "honmono"
    assert {_layer(m) for m in _modules(root)} - {None} == set(range(len(LAYERS)))
    assert violations(root) == []


MAX_LINES = 600


def long_modules(root: Path) -> list[str]:
    """Modules over MAX_LINES lines: a module that long does more than one job."""
    out = []
    for path in sorted(root.rglob("*.py")):
        with path.open(encoding="utf-8") as fh:
            lines = sum(1 for _ in fh)
        if lines > MAX_LINES:
            out.append(f"{path.relative_to(root)}: {lines} lines")
    return out


def test_no_module_is_over_600_lines(tmp_path: Path) -> None:
    assert long_modules(REPO / "host" / "honmono") == []
    root = _package(tmp_path, {"text/long.py": "x = 1\n" * (MAX_LINES + 1),
                               "text/short.py": "x = 1\n" * MAX_LINES})
    assert long_modules(root) == [f"text/long.py: {MAX_LINES + 1} lines"]


def _package(tmp: Path, files: dict[str, str]) -> Path:
    for rel, text in {"__init__.py": "", **files}.items():
        (tmp / "honmono" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / "honmono" / rel).write_text(text)
    return tmp / "honmono"


def test_a_lazy_upward_import_and_a_cycle_are_caught(tmp_path: Path) -> None:
    root = _package(tmp_path, {
        "core/__init__.py": "",
        "core/model.py": "def f():\n    from honmono.checks import Context\n",
        "checks/__init__.py": "from honmono.core import model\nContext = 1\n",
        "text/__init__.py": "",
        "text/a.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                     "    from honmono.text import b\n",
        "text/b.py": "from . import a\n",
    })
    assert sorted(violations(root)) == [
        "cycle: honmono.checks -> honmono.core.model -> honmono.checks",
        "cycle: honmono.text.a -> honmono.text.b -> honmono.text.a",
        "honmono.core.model imports honmono.checks (upward)",
    ]
