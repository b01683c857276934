"""Fuzz the framing and the requests: the host answers every frame or exits cleanly at end of
input, never hangs, and never writes anything but frames."""

from __future__ import annotations

import io
import json
import struct
from typing import Any

from host_harness import PYTHON, HostProcess, frame, run_host, split_frames
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from honmono.host import protocol
from honmono.host import server as host_mod

MAX_REPLY = protocol.MAX_REPLY_BYTES

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5)
    | st.dictionaries(st.text(max_size=10), inner, max_size=5),
    max_leaves=20,
)

REQUEST_KEYS = ["protocol", "id", "type", "raw", "raw_base64", "truncated", "settings"]
SETTINGS_KEYS = ["language", "names", "addresses", "trust_authserv", "offline", "debug"]

settings_objects = st.dictionaries(
    st.sampled_from(SETTINGS_KEYS),
    st.one_of(json_values, st.lists(st.text(max_size=30), max_size=4),
              st.sampled_from(["ja", "en", "ja-JP", "xx"])),
    max_size=6,
).map(lambda d: {**d, "offline": True})  # never wait for DNS in a fuzz run

request_like = st.fixed_dictionaries(
    {},
    optional={
        "protocol": st.one_of(st.just(1), json_values),
        "id": st.one_of(st.text(max_size=12), json_values),
        "type": st.one_of(st.sampled_from(["ping", "classify", "pong", "result"]), json_values),
        "raw": st.one_of(st.binary(max_size=300).map(lambda b: b.decode("latin-1")),
                         st.text(max_size=50), json_values),
        "raw_base64": st.one_of(st.text(max_size=40), json_values),
        "truncated": st.one_of(st.booleans(), json_values),
        "settings": st.one_of(settings_objects, json_values),
    },
)

payloads = st.one_of(
    st.binary(max_size=200),
    request_like.map(lambda d: json.dumps(d).encode()),
    json_values.map(lambda v: json.dumps(v).encode()),
    request_like.map(lambda d: json.dumps(d).encode()[: max(0, len(json.dumps(d)) - 3)]),
)


def check_replies(texts: list[str]) -> list[dict[str, Any]]:
    replies = []
    for text in texts:
        assert len(text.encode("utf-8")) <= MAX_REPLY
        reply = json.loads(text)
        assert reply["protocol"] == 1
        assert reply["type"] in ("pong", "result", "error")
        if reply["type"] == "error":
            assert reply["error"]["code"] in protocol.ERROR_CODES
            assert reply["error"]["message"]
        replies.append(reply)
    return replies


# ---------------------------------------------------------------------------- in-process


@settings(max_examples=400, deadline=None)
@given(stream=st.binary(max_size=400))
def test_loop_survives_any_byte_stream(stream: bytes) -> None:
    sent: list[str] = []
    status = host_mod.Host(io.BytesIO(stream), sent.append).serve()
    assert status == 0
    check_replies(sent)


@settings(max_examples=300, deadline=None)
@given(frames=st.lists(payloads, min_size=1, max_size=6))
def test_loop_answers_every_well_framed_payload(frames: list[bytes]) -> None:
    sent: list[str] = []
    data = b"".join(frame(p) for p in frames) + frame({"protocol": 1, "id": "end",
                                                       "type": "ping"})
    status = host_mod.Host(io.BytesIO(data), sent.append).serve()
    assert status == 0
    replies = check_replies(sent)
    assert len(replies) == len(frames) + 1
    assert replies[-1]["type"] == "pong" and replies[-1]["id"] == "end"


# ---------------------------------------------------------------------------- real processes


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(stream=st.one_of(
    st.binary(max_size=2000),
    st.lists(payloads, max_size=4).map(lambda ps: b"".join(frame(p) for p in ps)),
    st.tuples(st.lists(payloads, max_size=3), st.binary(max_size=50)).map(
        lambda t: b"".join(frame(p) for p in t[0]) + t[1]),
))
def test_process_exits_cleanly_on_any_input(stream: bytes, host_env: dict[str, str]) -> None:
    proc = run_host(stream, host_env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    replies, rest = split_frames(proc.stdout)
    assert rest == b"", "stdout carried something other than frames"
    for reply in replies:
        assert reply["protocol"] == 1 and reply["type"] in ("pong", "result", "error")


def test_running_process_stays_in_sync_under_random_frames(
        host_env: dict[str, str]) -> None:
    host = HostProcess([PYTHON, "-m", "honmono.host"], host_env)
    try:
        counter = iter(range(10**6))

        @settings(max_examples=80, deadline=None)
        @given(payload=payloads)
        def one(payload: bytes) -> None:
            reply = host.request(payload, timeout=60)
            assert reply["type"] in ("pong", "result", "error")
            host.ping(f"sync-{next(counter)}")

        one()
        # Headers that lie about the length, past the hard cap: drained, answered, in sync.
        host.write(struct.pack("@I", protocol.MAX_FRAME_BYTES + 1)
                   + b"\x00" * (protocol.MAX_FRAME_BYTES + 1))
        reply = host.recv(timeout=60)
        assert reply["type"] == "error" and reply["error"]["code"] == "too_large"
        host.ping("after drain")
        assert host.close() == 0
        assert host.leftover() == b""
    finally:
        host.kill()

