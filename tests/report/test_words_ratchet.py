"""Words out of the logic, as a ratchet: the modules below still write their own sentences
(``Text(ja, en)`` or Japanese string literals) instead of naming catalogue messages
(``Msg``, report/messages). The lists may only shrink: a module that moves to the
catalogue must leave them (the test says so), and no module may join them.

Docstrings do not count. Japanese literals that are data a check looks for in a mail
(characters, anchors) rather than words a user reads are listed with the module.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from paths import REPO

ROOT = REPO / "host" / "honmono"

STILL_WRITING_TEXT: set[str] = set()
# Data, not words a user reads. attachments: the prompt search's anchors ("添", "Ｑ").
# notices: the bullet characters ("・") a field label may follow. greeting: the particle
# "へ" and the honorifics a romanised name may carry ("様").
STILL_HOLDING_JAPANESE = STILL_WRITING_TEXT | {"honmono.checks.attachments",
                                               "honmono.checks.greeting",
                                               "honmono.checks.notices"}

_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def _module(path: Path, root: Path) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def scan(root: Path) -> tuple[set[str], set[str]]:
    """(modules that call Text(...), modules with Japanese string literals)."""
    writing, japanese = set(), set()
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and (
                    (isinstance(node.func, ast.Name) and node.func.id == "Text")
                    or (isinstance(node.func, ast.Attribute) and node.func.attr == "Text")):
                writing.add(_module(path, root))
            elif (isinstance(node, ast.Constant) and isinstance(node.value, str)
                  and id(node) not in docs and _JAPANESE.search(node.value)):
                japanese.add(_module(path, root))
    return writing, japanese


def test_only_the_listed_modules_write_their_own_words() -> None:
    writing, japanese = scan(ROOT)
    assert writing - STILL_WRITING_TEXT == set(), "write Msg ids, not Text (report/messages)"
    assert STILL_WRITING_TEXT - writing == set(), "moved to the catalogue: take it off the list"
    assert japanese - STILL_HOLDING_JAPANESE == set(), "Japanese belongs in report/messages"
    assert STILL_HOLDING_JAPANESE - japanese == set(), "no Japanese left: take it off the list"


def test_the_scan_sees_calls_literals_and_skips_docstrings(tmp_path: Path) -> None:
    pkg = tmp_path / "honmono"
    (pkg / "checks").mkdir(parents=True)
    (pkg / "checks" / "a.py").write_text('"""日本語の説明"""\nx = model.Text("は", "yes")\n')
    (pkg / "checks" / "b.py").write_text('def f():\n    """説明"""\n    return "本文"\n')
    (pkg / "checks" / "c.py").write_text('"""説明"""\nx = Msg("a.b")\n')
    assert scan(pkg) == ({"honmono.checks.a"}, {"honmono.checks.a", "honmono.checks.b"})
