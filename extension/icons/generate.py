"""Draws the Honmono icons as PNGs.

- ``honmono-<size>.png``: the neutral icon (a grey magnifying glass). It is the add-on's
  icon and the toolbar button's default, shown while nothing is known about the mail
  (no result yet, not an Amazon mail, an error): it must never read as "verified".
- ``phishing-<size>.png`` (red warning triangle with "!"), ``genuine-<size>.png`` (green
  disc with a check mark), ``suspicious-<size>.png`` (yellow disc with "?"): set per tab
  with messageDisplayAction.setIcon once the host has answered (lib/display.js).
- ``error-<size>.png`` (slate disc with a white bar): the mail could not be checked (host
  missing, unreachable, too old, timed out, message too large). Not the neutral look: a
  failure must not read as "not an Amazon mail".

Stdlib only and deterministic: `python extension/icons/generate.py` rewrites the same
pixels (tests/extension/test_icons.py compares them). Not packaged into the .xpi
(build.py leaves out *.py).
"""

from __future__ import annotations

import itertools
import math
import struct
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

NEUTRAL_SIZES = (16, 32, 48, 64, 96, 128)  # add-on icon (manifest "icons") and default_icon
VERDICT_SIZES = (16, 32, 64)  # toolbar: 16 px at 1x and 2x, 32 px in menus at 1x and 2x

SLATE = (69, 90, 100)  # magnifier ring and handle
LENS = (232, 240, 245)  # lens glass: light, so the glass shows on dark themes too
RED = (198, 40, 40)
RED_EDGE = (142, 0, 0)
GREEN = (46, 125, 50)
GREEN_EDGE = (27, 94, 32)
YELLOW = (249, 168, 37)
YELLOW_EDGE = (176, 110, 0)
WHITE = (255, 255, 255)
DARK = (33, 33, 33)

# A shape: signed distance (negative inside) at a point, in pixels.
Sdf = Callable[[float, float], float]


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png(width: int, height: int, rows: list[bytes]) -> bytes:
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(raw, 9))
        + _chunk(b"IEND", b"")
    )


def pixels(data: bytes) -> tuple[int, int, bytes]:
    """(width, height, filtered scanlines) of a PNG written by png(): for the tests."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, width, height, idat = 8, 0, 0, b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = struct.unpack(">II", body[:8])
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, zlib.decompress(idat)


# --------------------------------------------------------------------------- shapes


def segment(ax: float, ay: float, bx: float, by: float, width: float) -> Sdf:
    """A stroke with round caps."""

    def sdf(px: float, py: float) -> float:
        dx, dy = bx - ax, by - ay
        t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
        return math.hypot(px - (ax + t * dx), py - (ay + t * dy)) - width / 2

    return sdf


def polyline(points: list[tuple[float, float]], width: float) -> Sdf:
    parts = [segment(*a, *b, width) for a, b in itertools.pairwise(points)]
    return lambda px, py: min(p(px, py) for p in parts)


def disc(cx: float, cy: float, r: float) -> Sdf:
    return lambda px, py: math.hypot(px - cx, py - cy) - r


def ring(cx: float, cy: float, r: float, width: float) -> Sdf:
    return lambda px, py: abs(math.hypot(px - cx, py - cy) - r) - width / 2


def arc(cx: float, cy: float, r: float, start: float, end: float, width: float) -> Sdf:
    """A stroke along a circle from angle `start` to `end` (degrees, y down, clockwise)."""
    a0, a1 = math.radians(start), math.radians(end)
    ends = [(cx + r * math.cos(a), cy + r * math.sin(a)) for a in (a0, a1)]

    def sdf(px: float, py: float) -> float:
        phi = math.atan2(py - cy, px - cx)
        while phi < a0:
            phi += 2 * math.pi
        if phi <= a1:
            return abs(math.hypot(px - cx, py - cy) - r) - width / 2
        return min(math.hypot(px - x, py - y) for x, y in ends) - width / 2

    return sdf


def rounded_triangle(points: list[tuple[float, float]], radius: float) -> Sdf:
    """A triangle (clockwise on screen) with its corners rounded by `radius`."""
    edges = []
    for (ax, ay), (bx, by) in zip(points, points[1:] + points[:1], strict=True):
        length = math.hypot(bx - ax, by - ay)
        edges.append(((by - ay) / length, -(bx - ax) / length, ax, ay, segment(ax, ay, bx, by, 0)))

    def sdf(px: float, py: float) -> float:
        # exact distance to a convex polygon: outside = distance to the nearest edge
        inside = all((px - ax) * nx + (py - ay) * ny <= 0 for nx, ny, ax, ay, _ in edges)
        dist = min(edge(px, py) for _, _, _, _, edge in edges)
        return (-dist if inside else dist) - radius

    return sdf


def outline(shape: Sdf, width: float) -> Sdf:
    """The band of `width` just inside the shape's edge."""
    return lambda px, py: max(shape(px, py), -shape(px, py) - width)


# --------------------------------------------------------------------------- icons


def neutral(s: float) -> list[tuple[Sdf, tuple[int, int, int]]]:
    c, r = 0.41 * s, 0.28 * s
    ring_w = max(1.5, 0.11 * s)
    k = (r + ring_w / 2) / math.sqrt(2)
    return [
        (disc(c, c, r), LENS),
        (ring(c, c, r, ring_w), SLATE),
        (segment(c + k, c + k, 0.86 * s, 0.86 * s, max(2.2, 0.16 * s)), SLATE),
    ]


def phishing(s: float) -> list[tuple[Sdf, tuple[int, int, int]]]:
    r = 0.08 * s
    tri = rounded_triangle(
        [(0.5 * s, 0.06 * s + r), (0.97 * s - r, 0.92 * s - r), (0.03 * s + r, 0.92 * s - r)], r
    )
    return [
        (tri, RED),
        (outline(tri, max(0.8, 0.045 * s)), RED_EDGE),
        (segment(0.5 * s, 0.38 * s, 0.5 * s, 0.6 * s, max(1.6, 0.13 * s)), WHITE),
        (disc(0.5 * s, 0.76 * s, max(0.9, 0.075 * s)), WHITE),
    ]


def genuine(s: float) -> list[tuple[Sdf, tuple[int, int, int]]]:
    circle = disc(0.5 * s, 0.5 * s, 0.47 * s)
    return [
        (circle, GREEN),
        (outline(circle, max(0.8, 0.045 * s)), GREEN_EDGE),
        (
            polyline(
                [(0.27 * s, 0.52 * s), (0.44 * s, 0.69 * s), (0.74 * s, 0.35 * s)],
                max(1.6, 0.12 * s),
            ),
            WHITE,
        ),
    ]


def suspicious(s: float) -> list[tuple[Sdf, tuple[int, int, int]]]:
    circle = disc(0.5 * s, 0.5 * s, 0.47 * s)
    stroke = max(1.6, 0.12 * s)
    cx, cy, r = 0.5 * s, 0.37 * s, 0.15 * s
    end = (cx + r * math.cos(math.radians(70)), cy + r * math.sin(math.radians(70)))
    return [
        (circle, YELLOW),
        (outline(circle, max(0.8, 0.045 * s)), YELLOW_EDGE),
        (arc(cx, cy, r, 180, 430, stroke), DARK),
        (segment(*end, 0.5 * s, 0.6 * s, stroke), DARK),
        (disc(0.5 * s, 0.77 * s, max(0.9, 0.075 * s)), DARK),
    ]


def error(s: float) -> list[tuple[Sdf, tuple[int, int, int]]]:
    """Could not check: a slate disc with a white bar (a "no entry" sign), never a verdict colour."""
    circle = disc(0.5 * s, 0.5 * s, 0.47 * s)
    return [
        (circle, SLATE),
        (outline(circle, max(0.8, 0.045 * s)), DARK),
        (segment(0.27 * s, 0.5 * s, 0.73 * s, 0.5 * s, max(2.0, 0.16 * s)), WHITE),
    ]


ICONS = {
    "honmono": (neutral, NEUTRAL_SIZES),
    "error": (error, VERDICT_SIZES),
    "phishing": (phishing, VERDICT_SIZES),
    "genuine": (genuine, VERDICT_SIZES),
    "suspicious": (suspicious, VERDICT_SIZES),
}


REACH = 0.6  # > the distance from a pixel's centre to its farthest sample (0.53)


def draw(size: int, shapes: Callable[[float], list[tuple[Sdf, tuple[int, int, int]]]]) -> bytes:
    ss = 4  # supersampling per axis
    layers = shapes(float(size))
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            # Every shape is a true distance (or a bound of one): a pixel whose centre is
            # more than REACH from every edge has all its samples on the same side of each.
            centre = [sdf(x + 0.5, y + 0.5) for sdf, _ in layers]
            if all(abs(d) > REACH for d in centre):
                inside = [colour for (_, colour), d in zip(layers, centre, strict=True) if d < 0]
                row += bytes((*inside[-1], 255)) if inside else bytes((0, 0, 0, 0))
                continue
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(ss):
                for sx in range(ss):
                    px = x + (sx + 0.5) / ss
                    py = y + (sy + 0.5) / ss
                    col = None
                    for sdf, colour in layers:  # later layers paint over earlier ones
                        if sdf(px, py) <= 0:
                            col = colour
                    if col is None:
                        continue
                    acc[0] += col[0]
                    acc[1] += col[1]
                    acc[2] += col[2]
                    acc[3] += 1
            n = acc[3]
            if n == 0:
                row += bytes((0, 0, 0, 0))
            else:
                alpha = round(255 * n / (ss * ss))
                row += bytes((round(acc[0] / n), round(acc[1] / n), round(acc[2] / n), alpha))
        rows.append(bytes(row))
    return png(size, size, rows)


def files() -> list[tuple[str, int, Callable[[float], list[tuple[Sdf, tuple[int, int, int]]]]]]:
    """(file name, size, drawing) of every icon."""
    return [
        (f"{name}-{size}.png", size, shapes)
        for name, (shapes, sizes) in ICONS.items()
        for size in sizes
    ]


def main(out: Path | None = None) -> None:
    out = out or Path(__file__).resolve().parent
    out.mkdir(parents=True, exist_ok=True)
    for name, size, shapes in files():
        (out / name).write_bytes(draw(size, shapes))


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else None)
