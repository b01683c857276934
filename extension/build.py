#!/usr/bin/env python3
"""Build dist/honmono.xpi from extension/, reproducibly.

    python extension/build.py [--out dist/honmono.xpi]

The archive has manifest.json at its root, entries in sorted order, fixed timestamps
and permissions, and fixed compression settings: two builds of the same tree are
byte-identical. Stdlib only. Files that are not part of the add-on at run time
(this script, the icon generator, dotfiles, caches) are left out.
"""

from __future__ import annotations

import argparse
import json
import sys
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE.parent / "dist" / "honmono.xpi"
INCLUDE_SUFFIXES = {".json", ".js", ".mjs", ".html", ".css", ".png", ".svg", ".txt"}
EXCLUDE_DIRS = {"__pycache__", "node_modules", "dist", "build"}
FIXED_DATE = (1980, 1, 1, 0, 0, 0)


def collect(root: Path = HERE) -> list[tuple[str, Path]]:
    """(archive name, path) of every packaged file, sorted by archive name."""
    found = []
    for path in root.rglob("*"):
        if not path.is_file():
            continue
        rel = path.relative_to(root)
        if any(part.startswith(".") or part in EXCLUDE_DIRS for part in rel.parts):
            continue
        if path.suffix.lower() not in INCLUDE_SUFFIXES:
            continue
        found.append((rel.as_posix(), path))
    found.sort(key=lambda item: item[0])
    return found


def referenced_files(manifest: dict) -> list[str]:
    """Files that manifest.json points at."""
    refs: list[str] = []
    refs += list(manifest.get("icons", {}).values())
    refs += manifest.get("background", {}).get("scripts", [])
    if manifest.get("background", {}).get("page"):
        refs.append(manifest["background"]["page"])
    action = manifest.get("message_display_action", {})
    if action.get("default_popup"):
        refs.append(action["default_popup"])
    icon = action.get("default_icon")
    refs += list(icon.values()) if isinstance(icon, dict) else ([icon] if icon else [])
    if manifest.get("options_ui", {}).get("page"):
        refs.append(manifest["options_ui"]["page"])
    if manifest.get("default_locale"):
        refs.append(f"_locales/{manifest['default_locale']}/messages.json")
    return refs


def check(files: list[tuple[str, Path]], root: Path = HERE) -> dict:
    """Fail (SystemExit) unless the tree is a loadable add-on; return its manifest."""
    names = {name for name, _ in files}
    if "manifest.json" not in names:
        raise SystemExit("build.py: manifest.json is missing")
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    missing = [ref for ref in referenced_files(manifest) if ref.lstrip("/") not in names]
    if missing:
        raise SystemExit(f"build.py: manifest.json refers to missing files: {', '.join(missing)}")
    for name, path in files:
        if name.endswith(".json"):
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except ValueError as e:
                raise SystemExit(f"build.py: {name} is not valid JSON: {e}") from e
    return manifest


def build(out: Path = DEFAULT_OUT, root: Path = HERE) -> Path:
    files = collect(root)
    check(files, root)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=FIXED_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3  # Unix, whatever the build machine
            info.external_attr = (0o100644 & 0xFFFF) << 16
            zf.writestr(info, path.read_bytes(), compresslevel=9)
    tmp.replace(out)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Honmono .xpi reproducibly.")
    parser.add_argument(
        "--out", type=Path, default=DEFAULT_OUT, help="output file (default: dist/honmono.xpi)"
    )
    args = parser.parse_args(argv)
    out = build(args.out)
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
