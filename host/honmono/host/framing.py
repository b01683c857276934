"""Native-messaging framing: a 4-byte length in native byte order, then UTF-8 JSON.

Reading is the host's own (``read_frame``): it never holds more than ``max_frame`` bytes of
one frame, tells a clean end of input from a frame cut short, and drains an oversized frame
in chunks so the stream stays in sync. Writing goes through ``nativemessaging``
(``FrameWriter``), onto a stdout that ``guard_stdout`` keeps for frames alone. What the
frames say is in protocol.py; the loop that answers them is server.py.
"""

from __future__ import annotations

import io
import os
import struct
import sys
from typing import BinaryIO, TextIO

from honmono.host.protocol import MAX_FRAME_BYTES

HEADER = struct.Struct("@I")
# How much of a drained frame is kept to recover its id (protocol.peek_id).
PEEK_BYTES = 64 * 1024
_DRAIN_CHUNK = 1024 * 1024


class Frame:
    """What ``read_frame`` found.

    kind is "payload" (``data`` is the payload), "eof" (a clean end between frames),
    "partial" (input ended inside a frame: ``data`` is what arrived of the payload,
    ``length`` what the header promised), "partial_header" (input ended inside the 4-byte
    header) or "oversize" (``length`` over the cap and drained; ``data`` is its start,
    ``complete`` whether the whole frame arrived before the end of input).
    """

    __slots__ = ("complete", "data", "kind", "length")

    def __init__(self, kind: str, data: bytes = b"", length: int = 0,
                 complete: bool = True) -> None:
        self.kind = kind
        self.data = data
        self.length = length
        self.complete = complete


def _read_exactly(stream: BinaryIO, n: int) -> bytes:
    """Up to n bytes; fewer only at end of input (a pipe may deliver less per read)."""
    # A non-blocking stream answers None when nothing is there yet; typeshed says bytes.
    data: bytes | None = stream.read(n)
    if data is None:
        data = b""
    if len(data) >= n or not data:
        return data
    parts = [data]
    got = len(data)
    while got < n:
        more = stream.read(n - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def read_frame(stream: BinaryIO, max_frame: int = MAX_FRAME_BYTES) -> Frame:
    header = _read_exactly(stream, HEADER.size)
    if not header:
        return Frame("eof")
    if len(header) < HEADER.size:
        return Frame("partial_header", header, HEADER.size)
    (length,) = HEADER.unpack(header)
    if length > max_frame:
        head = _read_exactly(stream, min(PEEK_BYTES, length))
        drained = len(head)
        while drained < length:
            chunk = stream.read(min(_DRAIN_CHUNK, length - drained))
            if not chunk:
                break
            drained += len(chunk)
        return Frame("oversize", head, length, complete=drained == length)
    payload = _read_exactly(stream, length)
    if len(payload) < length:
        return Frame("partial", payload, length)
    return Frame("payload", payload, length)


class FrameWriter:
    """Writes replies as frames through nativemessaging.send_message_raw.

    ``frames`` is a text stream on the real stdout (its ``.buffer`` gets the bytes). The
    host is single-threaded, so swapping ``sys.stdout`` around the call cannot let another
    thread's output in.
    """

    def __init__(self, frames: TextIO) -> None:
        self._frames = frames

    def send(self, text: str) -> None:
        import nativemessaging

        guard = sys.stdout
        sys.stdout = self._frames
        try:
            nativemessaging.send_message_raw(text)
        finally:
            sys.stdout = guard


def guard_stdout() -> TextIO:
    """Keep the real stdout for frames only; send everything else written to it to stderr.

    Returns a text stream on the real stdout, for FrameWriter.
    """
    sys.stdout.flush()
    try:
        out_fd = sys.stdout.fileno()
        frames_fd = os.dup(out_fd)
        os.dup2(sys.stderr.fileno(), out_fd)
    except (OSError, ValueError, AttributeError):
        # No usable file descriptors (embedded, tests): guard at the Python level only.
        frames = sys.stdout
        sys.stdout = sys.stderr
        return frames
    frames = io.TextIOWrapper(io.BufferedWriter(io.FileIO(frames_fd, "wb")), encoding="utf-8")
    sys.stdout = sys.stderr
    return frames
