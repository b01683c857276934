"""The native-messaging host: Thunderbird starts it, sends requests on stdin, reads replies.

Thunderbird starts this process with argv ``[launcher, manifest path, extension id]`` (see
install.py) for every ``runtime.sendNativeMessage`` call, or once per
``runtime.connectNative`` port, and speaks the framing of the native-messaging protocol:
4-byte length in native byte order, then UTF-8 JSON. What the messages say is in
protocol.py; the framing itself is framing.py.

Guarantees:

- Every complete frame gets exactly one reply, an error reply if nothing else; the host then
  reads the next one. Bad input never ends the loop; only the end of input does (exit 0).
- Nothing but frames reaches stdout. The real stdout is moved to a private file descriptor
  at start, and file descriptor 1 and ``sys.stdout`` point at stderr from then on, so a stray
  ``print`` in any module (or a C library writing to fd 1) cannot corrupt the stream.
- A frame longer than ``MAX_FRAME_BYTES`` is read in chunks and thrown away, never held
  whole, and answered ``too_large``; the stream stays in sync.
- Replies stay under Thunderbird's 1 MiB limit (``budget.render_reply``).
- Start-up is cheap: the engine and pydantic are imported on the first classify, so the
  first ping is answered in a fraction of the cold-start budget.

Of the ``nativemessaging`` module (PyPI ``nativemessaging-ng``) the host uses
``send_message_raw``, which frames a pre-serialised JSON string onto ``sys.stdout.buffer``;
the host serialises and size-checks the reply first, and points ``sys.stdout`` at the real
stdout only for the duration of that call. It does not use ``get_message_raw``: that reads
whatever length the header claims in one piece (a 4 GiB header means buffering up to
4 GiB), cannot tell a clean end of input from a frame cut short, and raises on bad UTF-8,
so the host reads frames with its own small reader (``read_frame``).

Debug record (for end-to-end tests): when the environment variable ``HONMONO_DEBUG_RECORD``
names a file, the host appends one JSON line per request::

    {"time": 1700000000.0, "pid": 1234,
     "received": {"id": "2", "type": "classify", "settings": {...}, "truncated": false,
                  "frame_length": 5200, "raw_length": 5120, "sha256": "…", "subject": "…"},
     "answered": {"type": "result", "verdict": "phishing", "badge": {...},
                  "evidence": ["sender.from_foreign", ...], "error": null, "bytes": 4096}}

A request that could not be read has "id"/"type" null (and no raw fields); "answered"
has the reply's type, the verdict, badge and evidence ids of a result, the error object of
an error and the reply's size in bytes. Lines are appended with one write each, so several host
processes (one per sendNativeMessage) can share the file. It contains the subject and the
settings (names, addresses): use it in tests only.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, BinaryIO

from honmono.host import logs, protocol
from honmono.host.budget import render_reply
from honmono.host.framing import HEADER, PEEK_BYTES, FrameWriter, guard_stdout, read_frame
from honmono.host.logs import logger

if TYPE_CHECKING:
    from honmono.core.settings import Settings

RECORD_ENV = "HONMONO_DEBUG_RECORD"


# ---------------------------------------------------------------------------- the host


class Host:
    """The request loop, independent of the real stdin/stdout so that tests can drive it."""

    def __init__(self, reader: BinaryIO, send: Callable[[str], None],
                 record_path: str | None = None, debug: bool = False) -> None:
        self._reader = reader
        self._send = send
        self._record_path = record_path
        self._debug = debug
        self._analyse: Callable[..., Any] | None = None
        self.served = 0

    def serve(self) -> int:
        """Answer frames until the end of input; the exit status (0)."""
        while True:
            frame = read_frame(self._reader)
            if frame.kind == "eof":
                logger.info("end of input after %d request(s)", self.served)
                return 0
            if frame.kind == "oversize":
                logger.warning("request of %d bytes drained unread", frame.length)
                err = protocol.frame_too_large(frame.length, protocol.peek_id(frame.data))
                if not self._reply_error(err, {"length": frame.length}) or not frame.complete:
                    return 0
                continue
            if frame.kind in ("partial", "partial_header"):
                logger.warning("input ended inside a frame (%d of %d bytes)",
                               len(frame.data), frame.length)
                if frame.kind == "partial":
                    message = (f"The input ended inside a request: {len(frame.data)} of "
                               f"{frame.length} bytes arrived.")
                    rid = protocol.peek_id(frame.data[:PEEK_BYTES])
                else:
                    message = (f"The input ended inside a frame header: {len(frame.data)} "
                               f"of {HEADER.size} bytes arrived.")
                    rid = None
                err = protocol.ProtocolError(protocol.PARSE_ERROR, message, rid)
                self._reply_error(err, {"length": len(frame.data)})
                return 0
            if not self.handle(frame.data):
                return 0

    def handle(self, payload: bytes) -> bool:
        """Answer one request; False when the reply cannot be delivered (reader gone)."""
        started = time.perf_counter()
        received: dict[str, Any] = {"id": None, "type": None, "length": len(payload)}
        try:
            obj = protocol.parse_json(payload)
            envelope = protocol.check_envelope(obj)
            received.update(id=envelope.id, type=envelope.type)
            if envelope.type == "ping":
                reply = protocol.pong(envelope.id, honmono_version())
                delivered = self._deliver(reply, received, started)
                # The extension pings when Thunderbird starts; the first mail should not
                # pay for the engine's import and first-use caches (about 0.8 s): warm up
                # now, after the pong went out.
                if delivered:
                    self._warm_up()
                return delivered
            else:
                reply = self._classify(obj, received)
        except protocol.ProtocolError as err:
            logger.info("request %s answered %s: %s",
                        _show_id(err.request_id), err.code, err.message)
            return self._reply_error(err, received)
        except Exception:
            # A bug in the host itself; the engine's own failures are caught in _classify.
            logger.exception("request %s failed", _show_id(received["id"]))
            internal = protocol.ProtocolError(
                protocol.INTERNAL, _internal_message(), received["id"]
            )
            return self._reply_error(internal, received)
        return self._deliver(reply, received, started)

    def _classify(self, obj: dict[str, Any], received: dict[str, Any]) -> dict[str, Any]:
        from honmono.core.settings import record as settings_record

        request = protocol.parse_classify(obj, debug=self._debug)
        debug = request.settings.debug
        received.update(
            settings=settings_record(request.settings),
            truncated=request.truncated,
            raw=request.raw,
        )
        if debug:
            logger.debug("classify %s: %d bytes, sha256 %s, subject %r", request.id,
                         len(request.raw), _sha256(request.raw), _subject(request.raw))
        try:
            classify = self._engine()
            rendered = classify(request.raw, request.settings)
        except (Exception, SystemExit):
            logger.exception("the engine failed on request %s (%d bytes)",
                             _show_id(request.id), len(request.raw))
            raise protocol.ProtocolError(
                protocol.INTERNAL, _internal_message(), request.id
            ) from None
        try:  # counters for `honmono doctor` (serverwatch): never the reply's business
            from honmono.host import serverwatch

            serverwatch.note(rendered.get("details") or {}, request.settings.trust_authserv)
        except Exception:
            logger.exception("trusted-server counters not updated")
        return protocol.result_reply(request.id, rendered, request.truncated)

    def _warm_up(self) -> None:
        if self._analyse is not None:
            return
        try:
            from honmono.core.settings import Settings

            self._engine()(_WARM_UP_MAIL, Settings(offline=True))
        except Exception:  # a real request reports any engine failure
            logger.exception("warming up the engine failed")

    def _engine(self) -> Callable[..., Any]:
        """Raw bytes and settings → the result rendered in the settings' language."""
        # Imported on the first classify: it costs more than the whole cold-start budget.
        if self._analyse is None:
            from honmono.engine import analyse
            from honmono.report.render import render_report

            def classify(raw: bytes, settings: Settings) -> dict[str, Any]:
                return render_report(analyse(raw, settings), settings.language)

            self._analyse = classify
        return self._analyse

    def _reply_error(self, err: protocol.ProtocolError, received: dict[str, Any]) -> bool:
        if received.get("id") is None:
            received["id"] = err.request_id
        reply = protocol.error_reply(err.request_id, err.code, err.message)
        return self._deliver(reply, received, None)

    def _deliver(self, reply: dict[str, Any], received: dict[str, Any],
                 started: float | None) -> bool:
        try:
            text = render_reply(reply)
        except (TypeError, ValueError):
            logger.exception("reply to %s could not be serialised", _show_id(reply.get("id")))
            reply = protocol.error_reply(reply.get("id"), protocol.INTERNAL, _internal_message())
            text = render_reply(reply)
        self.served += 1
        size = len(text.encode("utf-8"))
        if reply.get("type") == "result":
            elapsed = (time.perf_counter() - started) * 1000 if started is not None else 0.0
            logger.info("request %s: %s (%d bytes in, %d bytes out, %.0f ms)",
                        _show_id(reply.get("id")), reply.get("verdict"),
                        len(received.get("raw") or b""), size, elapsed)
        self._record(received, reply, size)
        try:
            self._send(text)
        except (BrokenPipeError, ConnectionResetError):
            logger.info("Thunderbird closed the connection; exiting")
            return False
        except OSError as exc:
            logger.warning("cannot write to Thunderbird (%s); exiting", exc)
            return False
        return True

    def _record(self, received: dict[str, Any], reply: dict[str, Any], size: int) -> None:
        if self._record_path is None:
            return
        try:
            write_record(self._record_path, received, reply, size)
        except Exception:  # a test aid must never cost an answer
            logger.exception("cannot write the debug record to %s", self._record_path)


# ---------------------------------------------------------------------------- helpers


def write_record(path: str, received: dict[str, Any], reply: dict[str, Any],
                 size: int) -> None:
    raw: bytes | None = received.get("raw")
    entry = {
        "time": time.time(),
        "pid": os.getpid(),
        "received": {
            "id": received.get("id"),
            "type": received.get("type"),
            "settings": received.get("settings"),
            "truncated": received.get("truncated"),
            "frame_length": received.get("length"),
            "raw_length": len(raw) if raw is not None else None,
            "sha256": _sha256(raw) if raw is not None else None,
            "subject": _subject(raw) if raw is not None else None,
        },
        "answered": {
            "type": reply.get("type"),
            "verdict": reply.get("verdict"),
            "badge": reply.get("badge"),
            # Ids only, in the order sent: what the panel shows, without the mail's text.
            "evidence": [e.get("id") for e in reply.get("evidence") or []
                         if isinstance(e, dict)] if reply.get("type") == "result" else None,
            "error": reply.get("error"),
            "bytes": size,
        },
    }
    line = protocol.dump(entry) + "\n"
    # One write per line with O_APPEND: several host processes may share the file.
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, line.encode("utf-8"))
    finally:
        os.close(fd)


def _sha256(raw: bytes) -> str:
    import hashlib

    return hashlib.sha256(raw).hexdigest()


def _subject(raw: bytes) -> str | None:
    """The decoded Subject, for the debug record and debug logs only."""
    try:
        from email import policy
        from email.parser import BytesHeaderParser

        head = raw[: 256 * 1024]
        value = BytesHeaderParser(policy=policy.default).parsebytes(head).get("subject")
        return None if value is None else str(value)
    except Exception:
        return None


def _show_id(rid: object) -> str:
    return repr(rid) if isinstance(rid, str) and len(rid) <= 64 else "(no id)"


def _internal_message() -> str:
    where = logs.active_log_path()
    hint = f" Details are in {where}." if where else ""
    return ("Honmono failed while checking this message; this is a bug in Honmono, not a "
            f"problem with the message.{hint}")


_version: str | None = None


# A small HTML mail in the brand's name, analysed once after the first ping so that the
# engine's imports and first-use caches (rules, pattern indexes) are built before a real
# mail arrives. Offline: no DNS.
# Shaped like a signed Amazon mail, so the warm-up also loads the signature path (dkimpy and
# its crypto: ~0.1 s on the first signed mail otherwise); judged offline, so no lookup is made.
_WARM_UP_MAIL = (
    b"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=amazon.co.jp; s=warm;\r\n"
    b" h=from:to:subject; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=; b=AAAA\r\n"
    b"From: =?UTF-8?B?44Ki44Oe44K+44Oz?= <no-reply@amazon.co.jp>\r\n"
    b"To: user@example.org\r\nSubject: warm-up\r\nMessage-ID: <warm-up@localhost>\r\n"
    b"Authentication-Results: localhost; dkim=none\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: text/html; charset=utf-8\r\n\r\n"
    b"<p>\xe3\x81\x8a\xe5\xae\xa2\xe6\xa7\x98</p>"
    b"<a href=\"https://www.amazon.co.jp/gp/css\">https://www.amazon.co.jp</a>\r\n"
)


def honmono_version() -> str:
    """The installed distribution's version, found without importlib.metadata.

    importlib.metadata costs about 0.1 s to import on a slow machine, a third of the
    cold-start budget, so the METADATA file of the first honmono distribution on sys.path
    (the same one importlib.metadata would pick) is read directly; importlib.metadata is
    the fallback.
    """
    global _version
    if _version is None:
        _version = _version_from_sys_path() or _version_from_metadata()
    return _version


def _version_from_sys_path() -> str | None:
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in names:
            lower = name.lower()
            if lower.startswith("honmono-") and lower.endswith(".dist-info"):
                meta = os.path.join(entry or ".", name, "METADATA")
            elif lower.startswith(("honmono-", "honmono.")) and lower.endswith(".egg-info"):
                meta = os.path.join(entry or ".", name, "PKG-INFO")
            else:
                continue
            try:
                with open(meta, encoding="utf-8") as fh:
                    for line in fh:
                        if line.startswith("Version:"):
                            return line.partition(":")[2].strip()
                        if not line.strip():
                            break
            except OSError:
                continue
    return None


def _version_from_metadata() -> str:
    try:
        from importlib.metadata import PackageNotFoundError, version
    except ImportError:  # pragma: no cover - always present on 3.11
        return "unknown"
    try:
        return version("honmono")
    except PackageNotFoundError:
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``honmono-host`` and ``python -m honmono.host`` (what the launcher runs).

    Thunderbird passes the manifest's path and the extension's id; they are only logged.
    """
    args = sys.argv[1:] if argv is None else argv
    debug = logs.debug_enabled()
    log_file = logs.setup(debug)
    logger.info("host started (pid %d, python %s, args %s, log %s)", os.getpid(),
                sys.version.split()[0], args[:2], log_file)
    record = os.environ.get(RECORD_ENV)
    frames = guard_stdout()
    host = Host(sys.stdin.buffer, FrameWriter(frames).send,
                record_path=record or None, debug=debug)
    try:
        status = host.serve()
    except KeyboardInterrupt:
        status = 130
    finally:
        # Thunderbird may have gone; there is nothing left to tell it then.
        with contextlib.suppress(OSError, ValueError):
            frames.flush()
    return status


if __name__ == "__main__":
    sys.exit(main())
