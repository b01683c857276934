"""Speak the native-messaging framing to a host process, as Thunderbird does, with timeouts."""

from __future__ import annotations

import contextlib
import json
import os
import struct
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
HEADER = struct.Struct("@I")
EXTENSION_ID = "honmono@honmono"


def frame(message: dict[str, Any] | bytes) -> bytes:
    payload = message if isinstance(message, bytes) else json.dumps(message).encode("utf-8")
    return HEADER.pack(len(payload)) + payload


def split_frames(data: bytes) -> tuple[list[dict[str, Any]], bytes]:
    """Every complete frame in ``data`` as JSON, and what is left over (must be b"")."""
    replies: list[dict[str, Any]] = []
    pos = 0
    while len(data) - pos >= 4:
        (length,) = HEADER.unpack_from(data, pos)
        if len(data) - pos - 4 < length:
            break
        replies.append(json.loads(data[pos + 4:pos + 4 + length].decode("utf-8")))
        pos += 4 + length
    return replies, data[pos:]


def honmono_command() -> list[str]:
    """How to run the ``honmono`` CLI of this environment."""
    exe = Path(PYTHON).with_name("honmono")
    return [str(exe)] if exe.exists() else [PYTHON, "-m", "honmono.cli"]


def install(home: Path, env: dict[str, str], *extra: str) -> dict[str, Any]:
    """Run ``honmono install`` into ``home``; the manifest it wrote and where."""
    proc = subprocess.run([*honmono_command(), "install", *extra], env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    manifest_path = home / ".mozilla" / "native-messaging-hosts" / "honmono.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    return {"manifest_path": manifest_path, "manifest": manifest, "stdout": proc.stdout}


class HostProcess:
    """A running host: frames go in on stdin, frames come back on stdout.

    stdout is read by a thread into a buffer, so a test can wait for a reply with a
    timeout and can check at the end that nothing but frames was written.
    """

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path | None = None) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env=env, cwd=str(cwd) if cwd else None,
        )
        self._out = bytearray()
        self._err = bytearray()
        self._pos = 0
        self._cond = threading.Condition()
        self._closed = False
        self._threads = [
            threading.Thread(target=self._pump, args=(self.proc.stdout, self._out, True),
                             daemon=True),
            threading.Thread(target=self._pump, args=(self.proc.stderr, self._err, False),
                             daemon=True),
        ]
        for t in self._threads:
            t.start()

    def _pump(self, stream: Any, buf: bytearray, is_stdout: bool) -> None:
        fd = stream.fileno()
        while True:
            chunk = os.read(fd, 1 << 16)
            with self._cond:
                if not chunk:
                    if is_stdout:
                        self._closed = True
                    self._cond.notify_all()
                    return
                buf.extend(chunk)
                self._cond.notify_all()

    def write(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, message: dict[str, Any] | bytes) -> None:
        self.write(frame(message))

    def recv(self, timeout: float = 60.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                avail = len(self._out) - self._pos
                if avail >= 4:
                    (length,) = HEADER.unpack_from(self._out, self._pos)
                    if avail >= 4 + length:
                        start = self._pos + 4
                        payload = bytes(self._out[start:start + length])
                        self._pos = start + length
                        return json.loads(payload.decode("utf-8"))
                if self._closed:
                    raise EOFError(f"host closed stdout; stderr: {self.stderr[-2000:]}")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"no reply within {timeout} s; stderr: "
                                       f"{self.stderr[-2000:]}")
                self._cond.wait(left)

    def request(self, message: dict[str, Any] | bytes, timeout: float = 60.0) -> dict[str, Any]:
        self.send(message)
        return self.recv(timeout)

    def ping(self, rid: str = "ping") -> dict[str, Any]:
        reply = self.request({"protocol": 1, "id": rid, "type": "ping"}, timeout=30)
        assert reply["type"] == "pong" and reply["id"] == rid, reply
        return reply

    def close(self, timeout: float = 30.0) -> int:
        """End the input, wait for the exit status; stdout must hold nothing but frames."""
        assert self.proc.stdin is not None
        with contextlib.suppress(BrokenPipeError):
            self.proc.stdin.close()
        code = self.proc.wait(timeout=timeout)
        for t in self._threads:
            t.join(timeout=timeout)
        return code

    def leftover(self) -> bytes:
        """Unread stdout bytes after the complete frames: anything here is a bug."""
        with self._cond:
            _, rest = split_frames(bytes(self._out[self._pos:]))
            return rest

    def remaining_replies(self) -> list[dict[str, Any]]:
        with self._cond:
            replies, _ = split_frames(bytes(self._out[self._pos:]))
            return replies

    @property
    def stderr(self) -> str:
        return bytes(self._err).decode("utf-8", "replace")

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def run_host(data: bytes, env: dict[str, str], argv: list[str] | None = None,
             timeout: float = 60.0) -> subprocess.CompletedProcess[bytes]:
    """Feed ``data`` to a fresh host and collect everything it writes."""
    return subprocess.run(argv or [PYTHON, "-m", "honmono.host"], input=data,
                          capture_output=True, env=env, timeout=timeout)


def start_like_thunderbird(installed: dict[str, Any], env: dict[str, str]) -> HostProcess:
    """argv = [path, manifest path, extension id], as Thunderbird starts a host."""
    path = installed["manifest"]["path"]
    return HostProcess([path, str(installed["manifest_path"]), EXTENSION_ID], env,
                       cwd=Path(path).parent)
