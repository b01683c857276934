"""extension/build.py: one command, a reproducible .xpi that Thunderbird can install."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
EXTENSION = REPO / "extension"
BUILD = EXTENSION / "build.py"


def _load_build():
    spec = importlib.util.spec_from_file_location("honmono_extension_build", BUILD)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


build = _load_build()


def _run(out: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BUILD), "--out", str(out)],
        capture_output=True, text=True, check=False, timeout=60,
    )


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    a, b = tmp_path / "a" / "honmono.xpi", tmp_path / "b" / "honmono.xpi"
    for out in (a, b):
        proc = _run(out)
        assert proc.returncode == 0, proc.stderr
        assert proc.stdout.strip() == str(out)
    assert a.read_bytes() == b.read_bytes()


def test_archive_layout(tmp_path: Path) -> None:
    out = build.build(tmp_path / "honmono.xpi")
    with zipfile.ZipFile(out) as zf:
        assert zf.testzip() is None
        infos = zf.infolist()
        names = [i.filename for i in infos]
        assert "manifest.json" in names, "manifest.json at the root"
        assert names == sorted(names), "entries sorted"
        assert len(names) == len(set(names))
        for info in infos:
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
            assert info.create_system == 3
            assert (info.external_attr >> 16) & 0o777 == 0o644
            assert not info.filename.startswith("/") and ".." not in info.filename.split("/")
        manifest = json.loads(zf.read("manifest.json"))
        assert manifest["browser_specific_settings"]["gecko"]["id"] == "honmono@honmono"
        for required in (
            "background.js", "lib/app.js", "lib/hostclient.js", "lib/display.js",
            "lib/render.js", "lib/settings.js", "lib/i18n.js", "lib/protocol.js",
            "popup/popup.html", "popup/popup.js", "options/options.html", "options/options.js",
            "banner/banner.js",
            "_locales/en/messages.json", "_locales/ja/messages.json", "icons/honmono-32.png",
        ):
            assert required in names, required
        assert not [n for n in names if n.endswith(".py")], "no build or generator scripts"
        assert not [n for n in names if "/." in f"/{n}"], "no dotfiles"
        # every packaged file is the file in the tree, unchanged
        for name in names:
            assert zf.read(name) == (EXTENSION / name).read_bytes(), name


def test_everything_the_manifest_names_is_packaged(tmp_path: Path) -> None:
    out = build.build(tmp_path / "x.xpi")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
        manifest = json.loads(zf.read("manifest.json"))
    refs = build.referenced_files(manifest)
    assert "popup/popup.html" in refs and "options/options.html" in refs
    assert not [r for r in refs if r not in names]


def _copy_tree(tmp_path: Path) -> Path:
    root = tmp_path / "ext"
    shutil.copytree(EXTENSION, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_a_missing_referenced_file_fails_the_build(tmp_path: Path) -> None:
    root = _copy_tree(tmp_path)
    (root / "popup" / "popup.html").unlink()
    with pytest.raises(SystemExit, match=r"popup/popup\.html"):
        build.build(tmp_path / "broken.xpi", root=root)
    assert not (tmp_path / "broken.xpi").exists()


def test_invalid_json_fails_the_build(tmp_path: Path) -> None:
    root = _copy_tree(tmp_path)
    (root / "_locales" / "ja" / "messages.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(SystemExit, match="not valid JSON"):
        build.build(tmp_path / "broken.xpi", root=root)


def test_content_changes_change_the_archive(tmp_path: Path) -> None:
    root = _copy_tree(tmp_path)
    first = build.build(tmp_path / "1.xpi", root=root).read_bytes()
    popup = root / "popup" / "popup.css"
    popup.write_text(popup.read_text(encoding="utf-8") + "\n/* changed */\n", encoding="utf-8")
    second = build.build(tmp_path / "2.xpi", root=root).read_bytes()
    assert first != second


def test_icons_are_reproducible(tmp_path: Path) -> None:
    root = _copy_tree(tmp_path)
    for png in (root / "icons").glob("*.png"):
        png.unlink()
    subprocess.run([sys.executable, str(root / "icons" / "generate.py")], check=True, timeout=120)
    for png in sorted((EXTENSION / "icons").glob("*.png")):
        assert (root / "icons" / png.name).read_bytes() == png.read_bytes(), png.name
