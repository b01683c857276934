"""extension/icons/generate.py: the committed PNGs are exactly what it draws."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
ICONS = REPO / "extension" / "icons"
GENERATE = ICONS / "generate.py"


def _load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


generate = _load(GENERATE, "honmono_icons_generate")


def test_committed_icons_are_what_the_generator_draws(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(GENERATE), str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    drawn = sorted(p.name for p in tmp_path.glob("*.png"))
    committed = sorted(p.name for p in ICONS.glob("*.png"))
    assert drawn == committed, "run `python extension/icons/generate.py` and commit the PNGs"
    for name in drawn:
        # Pixels, not bytes: zlib versions may compress the same pixels differently.
        assert generate.pixels((tmp_path / name).read_bytes()) == generate.pixels(
            (ICONS / name).read_bytes()
        ), f"{name} differs from what generate.py draws"


def test_one_neutral_icon_three_verdict_icons_and_an_error_icon() -> None:
    names = {name for name, _, _ in generate.files()}
    for size in (16, 32, 48, 64, 96, 128):
        assert f"honmono-{size}.png" in names
    for verdict in ("phishing", "genuine", "suspicious", "error"):
        for size in (16, 32, 64):
            assert f"{verdict}-{size}.png" in names
    # nothing that looks like a verdict for mails that are not Amazon's
    assert not any(n.startswith("not_amazon") for n in names)


def test_error_icon_is_neither_neutral_nor_a_verdict_colour() -> None:
    """A failure must not look like "not Amazon" (the magnifier) nor like a verdict."""
    width, height, data = generate.pixels((ICONS / "error-64.png").read_bytes())
    neutral = generate.pixels((ICONS / "honmono-64.png").read_bytes())[2]
    assert data != neutral
    stride = 1 + width * 4
    saturated = 0
    for y in range(height):
        row = data[y * stride + 1 : (y + 1) * stride]
        for x in range(width):
            r, g, b, a = row[4 * x : 4 * x + 4]
            if a >= 128 and max(r, g, b) - min(r, g, b) > 60:
                saturated += 1
    assert saturated == 0, "no red, green or yellow in the error icon"


def test_neutral_icon_is_not_green_or_blue_tick() -> None:
    """The default icon must not read as "verified": mostly grey, no saturated colour."""
    width, height, data = generate.pixels((ICONS / "honmono-64.png").read_bytes())
    stride = 1 + width * 4
    saturated = 0
    opaque = 0
    for y in range(height):
        row = data[y * stride + 1 : (y + 1) * stride]
        for x in range(width):
            r, g, b, a = row[4 * x : 4 * x + 4]
            if a < 128:
                continue
            opaque += 1
            if max(r, g, b) - min(r, g, b) > 60:
                saturated += 1
    assert opaque > 500
    assert saturated == 0, f"{saturated} saturated pixels in the neutral icon"


def test_verdict_icons_are_packaged(tmp_path: Path) -> None:
    build = _load(REPO / "extension" / "build.py", "honmono_extension_build_icons")
    out = build.build(tmp_path / "honmono.xpi")
    with zipfile.ZipFile(out) as zf:
        names = set(zf.namelist())
    for verdict in ("honmono", "phishing", "genuine", "suspicious"):
        for size in (16, 32, 64):
            assert f"icons/{verdict}-{size}.png" in names
    assert "icons/generate.py" not in names
