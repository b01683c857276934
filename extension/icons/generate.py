"""Draws the Honmono icons (a white check mark on a rounded blue square) as PNGs.

Stdlib only and deterministic: `python extension/icons/generate.py` rewrites the same
bytes. Not packaged into the .xpi (build.py leaves out *.py).
"""

import math
import struct
import zlib
from pathlib import Path

SIZES = (16, 32, 48, 64, 96, 128)
BG = (25, 103, 210)  # blue
BORDER = (13, 60, 130)
FG = (255, 255, 255)


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


def _seg_dist(px, py, ax, ay, bx, by):
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))


def _rounded_box_dist(px, py, size, radius):
    # signed distance to a rounded square covering [0, size]
    c = size / 2
    qx = abs(px - c) - (c - radius)
    qy = abs(py - c) - (c - radius)
    outside = math.hypot(max(qx, 0.0), max(qy, 0.0))
    return outside + min(max(qx, qy), 0.0) - radius


def draw(size: int) -> bytes:
    ss = 4  # supersampling per axis
    radius = size * 0.22
    stroke = max(1.2, size * 0.11)
    border = max(0.8, size * 0.05)
    a = (size * 0.26, size * 0.53)
    b = (size * 0.43, size * 0.70)
    c = (size * 0.75, size * 0.32)
    rows = []
    for y in range(size):
        row = bytearray()
        for x in range(size):
            acc = [0.0, 0.0, 0.0, 0.0]
            for sy in range(ss):
                for sx in range(ss):
                    px = x + (sx + 0.5) / ss
                    py = y + (sy + 0.5) / ss
                    d = _rounded_box_dist(px, py, size, radius)
                    if d > 0:
                        continue
                    if min(_seg_dist(px, py, *a, *b), _seg_dist(px, py, *b, *c)) <= stroke / 2:
                        col = FG
                    elif d > -border:
                        col = BORDER
                    else:
                        col = BG
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


def main() -> None:
    here = Path(__file__).resolve().parent
    for size in SIZES:
        (here / f"honmono-{size}.png").write_bytes(draw(size))


if __name__ == "__main__":
    main()
