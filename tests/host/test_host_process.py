"""The host as Thunderbird sees it: installed into a temporary HOME, started through the
manifest's launcher with Thunderbird's argv, spoken to over pipes with the real framing."""

from __future__ import annotations

import base64
import hashlib
import json
import struct
from pathlib import Path
from typing import Any

import pytest
from host_harness import (
    EXTENSION_ID,
    PYTHON,
    HostProcess,
    frame,
    run_host,
    split_frames,
    start_like_thunderbird,
)

from honmono.host import protocol

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"
GENUINE = CORPUS / "genuine_amazon" / "amazon_com_verify_account_via_fastmail.eml"
MARKER = "ZQX-SECRET-MARKER-7731"
_SUBJECT = base64.b64encode(("アカウント停止のお知らせ " + MARKER).encode()).decode()

PHISHING = (
    'From: "Amazon.co.jp" <info@amazon-security.example>\r\n'
    "To: user@example.jp\r\n"
    f"Subject: =?UTF-8?B?{_SUBJECT}?=\r\n"
    "Date: Mon, 23 Oct 2023 12:00:00 +0900\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: text/html; charset=utf-8\r\n"
    "Content-Transfer-Encoding: 8bit\r\n"
    "\r\n"
    "<p>Amazonお客様</p><p>24時間以内にログインしてください。"
    '<a href="http://amazon-co-jp.login-verify.example/signin">ログイン</a></p>\r\n'
).encode()


def classify(raw: bytes, rid: str = "c", **settings: Any) -> dict[str, Any]:
    return {"protocol": 1, "id": rid, "type": "classify", "raw": raw.decode("latin-1"),
            "truncated": False, "settings": {"language": "en", "offline": True, **settings}}


def assert_result_shape(reply: dict[str, Any], rid: str) -> None:
    assert reply["protocol"] == 1 and reply["id"] == rid and reply["type"] == "result", reply
    for key in ("verdict", "badge", "summary", "claim", "evidence", "advice", "details",
                "timing_ms"):
        assert key in reply, key
    assert reply["verdict"] in ("genuine", "phishing", "suspicious", "not_amazon")
    assert set(reply["badge"]) >= {"text", "color", "title"}
    assert isinstance(reply["evidence"], list) and isinstance(reply["advice"], list)


def assert_error(reply: dict[str, Any], code: str, rid: str | None) -> None:
    assert reply["type"] == "error", reply
    assert reply["protocol"] == 1
    assert reply["id"] == rid, reply
    assert reply["error"]["code"] == code, reply
    message = reply["error"]["message"]
    assert isinstance(message, str) and len(message) > 10 and message.endswith("."), message


# ---------------------------------------------------------------------------- happy path


def test_install_then_ping_like_thunderbird(host: HostProcess) -> None:
    reply = host.ping("1")
    assert reply == {
        "protocol": 1, "id": "1", "type": "pong",
        "versions": {
            "protocol": 1, "supported_protocols": [1],
            "honmono": reply["versions"]["honmono"],
            "python": reply["versions"]["python"],
        },
        "limits": {
            "max_raw_bytes": protocol.MAX_RAW_BYTES,
            "max_frame_bytes": protocol.MAX_FRAME_BYTES,
            "max_reply_bytes": protocol.MAX_REPLY_BYTES,
        },
        "report_to": reply["report_to"],
    }
    # Where 「報告する」 forwards a phishing mail: the brand's published addresses, each
    # with a human source (publisher), never a file path.
    addresses = [r["address"] for r in reply["report_to"]]
    assert addresses == ["stop-spoofing@amazon.com", "info@antiphishing.jp"]
    for r in reply["report_to"]:
        assert r["name"]["ja"] and r["name"]["en"], r
        assert r["source"]["ja"] and "/" not in r["source"]["ja"].replace("https://", ""), r
    from importlib.metadata import version

    assert reply["versions"]["honmono"] == version("honmono")
    assert host.close() == 0
    assert host.leftover() == b""


def test_classify_phishing_and_genuine(host: HostProcess) -> None:
    phishing = host.request(classify(PHISHING, "p"))
    assert_result_shape(phishing, "p")
    assert phishing["verdict"] == "phishing"
    assert phishing["badge"]["text"] == "!"

    genuine = host.request(
        classify(GENUINE.read_bytes(), "g", trust_authserv=["mx1.messagingengine.com"])
    )
    assert_result_shape(genuine, "g")
    # "genuine" once the authentication checks are in; never phishing, whatever is missing.
    assert genuine["verdict"] in ("genuine", "suspicious")
    assert genuine["verdict"] != phishing["verdict"]
    assert host.close() == 0
    assert host.leftover() == b""


def test_japanese_is_default_and_language_tags_are_understood(host: HostProcess) -> None:
    request = classify(PHISHING, "ja")
    del request["settings"]["language"]
    ja = host.request(request)
    en = host.request(classify(PHISHING, "en", language="en-US"))
    ja_jp = host.request(classify(PHISHING, "jajp", language="ja-JP"))
    assert ja["summary"] != en["summary"]
    assert ja_jp["summary"] == ja["summary"]
    assert any("\u3040" <= ch <= "\u30ff" for ch in ja["summary"])


def test_settings_are_optional_and_base64_is_accepted(host: HostProcess) -> None:
    plain = host.request({"protocol": 1, "id": "a", "type": "classify",
                          "raw": PHISHING.decode("latin-1")})
    b64 = host.request({"protocol": 1, "id": "b", "type": "classify",
                        "raw_base64": base64.b64encode(PHISHING).decode(),
                        "settings": None})
    assert_result_shape(plain, "a")
    assert_result_shape(b64, "b")
    assert plain["verdict"] == b64["verdict"] == "phishing"


def test_truncated_is_noted_in_details(host: HostProcess) -> None:
    request = classify(PHISHING, "t")
    request["truncated"] = True
    reply = host.request(request)
    assert_result_shape(reply, "t")
    assert reply["details"]["truncated"] is True
    assert "truncated" not in host.request(classify(PHISHING, "u"))["details"]


# ---------------------------------------------------------------------------- errors


ERROR_CASES: list[tuple[str, bytes, str, str | None]] = [
    ("not json", b"this is not json", "parse_error", None),
    ("empty frame", b"", "parse_error", None),
    ("not utf-8", b'{"protocol":1,"id":"x","type":"ping","n":"\xff\xfe"}', "parse_error", None),
    ("utf-16", '{"protocol":1,"id":"x","type":"ping"}'.encode("utf-16"), "parse_error", None),
    ("truncated json", b'{"protocol":1,"id":"x","type":"pi', "parse_error", None),
    ("deep nesting", b"[" * 200_000, "parse_error", None),
    ("array", b"[1,2,3]", "bad_request", None),
    ("string", b'"ping"', "bad_request", None),
    ("no protocol", b'{"id":"np","type":"ping"}', "bad_request", "np"),
    ("protocol 2", b'{"protocol":2,"id":"v2","type":"ping"}', "bad_request", "v2"),
    ("protocol as string", b'{"protocol":"1","id":"ps","type":"ping"}', "bad_request", "ps"),
    ("protocol true", b'{"protocol":true,"id":"pt","type":"ping"}', "bad_request", "pt"),
    ("no id", b'{"protocol":1,"type":"ping"}', "bad_request", None),
    ("numeric id", b'{"protocol":1,"id":7,"type":"ping"}', "bad_request", None),
    ("surrogate id", b'{"protocol":1,"id":"\\ud800","type":"ping"}', "bad_request", None),
    ("unknown type", b'{"protocol":1,"id":"ut","type":"explode"}', "bad_request", "ut"),
    ("type not string", b'{"protocol":1,"id":"tn","type":5}', "bad_request", "tn"),
    ("raw missing", b'{"protocol":1,"id":"rm","type":"classify"}', "bad_request", "rm"),
    ("raw and base64", b'{"protocol":1,"id":"rb","type":"classify","raw":"a","raw_base64":"YQ=="}',
     "bad_request", "rb"),
    ("raw number", b'{"protocol":1,"id":"rn","type":"classify","raw":5}', "bad_request", "rn"),
    ("raw above U+00FF",
     '{"protocol":1,"id":"wide","type":"classify","raw":"Subject: \u3042"}'.encode(),
     "bad_request", "wide"),
    ("bad base64", b'{"protocol":1,"id":"b64","type":"classify","raw_base64":"!!!"}',
     "bad_request", "b64"),
    ("offline as string",
     b'{"protocol":1,"id":"os","type":"classify","raw":"a","settings":{"offline":"no"}}',
     "bad_request", "os"),
    ("names not a list",
     b'{"protocol":1,"id":"nl","type":"classify","raw":"a","settings":{"names":"Taro"}}',
     "bad_request", "nl"),
    ("names of numbers",
     b'{"protocol":1,"id":"nn","type":"classify","raw":"a","settings":{"names":[1]}}',
     "bad_request", "nn"),
    ("settings not object",
     b'{"protocol":1,"id":"so","type":"classify","raw":"a","settings":[]}',
     "bad_request", "so"),
    ("truncated as string",
     b'{"protocol":1,"id":"ts","type":"classify","raw":"a","truncated":"yes"}',
     "bad_request", "ts"),
    ("bad language",
     b'{"protocol":1,"id":"bl","type":"classify","raw":"a","settings":{"language":"<b>"}}',
     "bad_request", "bl"),
]


def test_every_error_is_answered_and_the_host_keeps_serving(host: HostProcess) -> None:
    for name, payload, code, rid in ERROR_CASES:
        reply = host.request(payload, timeout=30)
        assert reply["type"] == "error", name
        assert_error(reply, code, rid)
        host.ping(f"after {name}")
    assert host.close() == 0
    assert host.leftover() == b""


def test_protocol_error_says_which_versions_are_supported(host: HostProcess) -> None:
    reply = host.request({"protocol": 99, "id": "v", "type": "ping"})
    assert_error(reply, "bad_request", "v")
    assert "99" in reply["error"]["message"] and "version 1" in reply["error"]["message"]


def test_raw_beyond_the_limit_is_too_large(host: HostProcess) -> None:
    raw = "a" * (protocol.MAX_RAW_BYTES + 1)
    reply = host.request({"protocol": 1, "id": "big", "type": "classify", "raw": raw})
    assert_error(reply, "too_large", "big")
    b64 = base64.b64encode(b"a" * (protocol.MAX_RAW_BYTES + 3)).decode()
    reply = host.request({"protocol": 1, "id": "big64", "type": "classify", "raw_base64": b64})
    assert_error(reply, "too_large", "big64")
    host.ping()


def test_frame_beyond_the_hard_cap_is_drained_and_the_stream_stays_in_sync(
        host: HostProcess) -> None:
    length = protocol.MAX_FRAME_BYTES + 5 * 1024 * 1024
    head = b'{"protocol":1,"id":"huge","type":"classify","raw":"'
    host.write(struct.pack("@I", length) + head)
    chunk = b"A" * (1 << 20)
    left = length - len(head)
    while left:
        n = min(left, len(chunk))
        host.write(chunk[:n])
        left -= n
    reply = host.recv(timeout=60)
    assert_error(reply, "too_large", "huge")
    host.ping("still in sync")
    assert host.close() == 0
    assert host.leftover() == b""


def test_partial_frame_at_end_of_input(installed: dict[str, Any],
                                       host_env: dict[str, str]) -> None:
    ping = frame({"protocol": 1, "id": "ok", "type": "ping"})
    cut = frame({"protocol": 1, "id": "cut", "type": "ping"})[:-5]
    proc = run_host(ping + cut, host_env,
                    argv=[installed["manifest"]["path"], str(installed["manifest_path"]),
                          EXTENSION_ID])
    assert proc.returncode == 0, proc.stderr
    replies, rest = split_frames(proc.stdout)
    assert rest == b""
    assert replies[0]["type"] == "pong"
    assert_error(replies[1], "parse_error", "cut")
    assert len(replies) == 2


@pytest.mark.parametrize("tail", [b"\x01", b"\x01\x00", b"\x01\x00\x00"])
def test_partial_header_at_end_of_input(tail: bytes, host_env: dict[str, str]) -> None:
    proc = run_host(frame({"protocol": 1, "id": "1", "type": "ping"}) + tail, host_env)
    assert proc.returncode == 0
    replies, rest = split_frames(proc.stdout)
    assert rest == b""
    assert [r["type"] for r in replies] == ["pong", "error"]
    assert_error(replies[1], "parse_error", None)


def test_oversize_header_then_end_of_input(host_env: dict[str, str]) -> None:
    proc = run_host(struct.pack("@I", 0xFFFFFFFF) + b'{"protocol":1,"id":"x"', host_env)
    assert proc.returncode == 0
    replies, rest = split_frames(proc.stdout)
    assert rest == b""
    assert len(replies) == 1
    assert_error(replies[0], "too_large", "x")


def test_end_of_input_exits_zero_without_output(host_env: dict[str, str]) -> None:
    proc = run_host(b"", host_env)
    assert proc.returncode == 0
    assert proc.stdout == b""


# ---------------------------------------------------------------------------- engine failure


def _patched_host(env: dict[str, str], body: str) -> HostProcess:
    """A host whose engine is replaced (only for the failure tests)."""
    code = (
        "import sys, honmono.engine as e\n"
        f"{body}\n"
        "from honmono.host.server import main\n"
        "sys.exit(main())\n"
    )
    return HostProcess([PYTHON, "-c", code], env)


def test_engine_exception_is_internal_and_logged_without_the_mail(
        host_env: dict[str, str], log_file: Path) -> None:
    host = _patched_host(host_env, (
        "def boom(raw, settings):\n"
        "    raise RuntimeError('engine exploded')\n"
        "e.analyse = boom"
    ))
    try:
        reply = host.request(classify(PHISHING, "i"))
        assert_error(reply, "internal", "i")
        assert MARKER not in json.dumps(reply)
        host.ping("after internal")
        assert host.close() == 0
    finally:
        host.kill()
    log = log_file.read_text(encoding="utf-8")
    assert "Traceback" in log and "engine exploded" in log
    assert MARKER not in log
    assert "アカウント停止" not in log


def test_stray_prints_never_reach_stdout(host_env: dict[str, str]) -> None:
    host = _patched_host(host_env, (
        "import os\n"
        "real = e.analyse\n"
        "def noisy(raw, settings):\n"
        "    print('stray print from the engine')\n"
        "    sys.stdout.write('stray write\\n')\n"
        "    os.write(1, b'stray bytes on fd 1\\n')\n"
        "    return real(raw, settings)\n"
        "e.analyse = noisy"
    ))
    try:
        reply = host.request(classify(PHISHING, "n"))
        assert_result_shape(reply, "n")
        host.ping()
        assert host.close() == 0
        assert host.leftover() == b""
        assert "stray print from the engine" in host.stderr
        assert "stray bytes on fd 1" in host.stderr
    finally:
        host.kill()


# ---------------------------------------------------------------------------- sizes


def _many_links_mail(n: int) -> bytes:
    links = "".join(f'<a href="https://amaz0n-{i}.login.example/p?{i}">Amazon {i}</a>\n'
                    for i in range(n))
    return (
        'From: "Amazon.co.jp" <no-reply@amazon-jp.example>\r\n'
        "To: user@example.jp\r\nSubject: Your account\r\nMIME-Version: 1.0\r\n"
        "Content-Type: text/html; charset=utf-8\r\n\r\n"
        f"<html><body><p>Amazon</p>{links}</body></html>\r\n"
    ).encode()


def test_reply_for_200000_links_stays_under_the_limit(host: HostProcess) -> None:
    raw = _many_links_mail(200_000)
    assert len(raw) < protocol.MAX_RAW_BYTES
    host.send(classify(raw, "links"))
    reply = host.recv(timeout=110)
    assert_result_shape(reply, "links")
    assert reply["verdict"] == "phishing"
    size = len(json.dumps(reply, ensure_ascii=False, separators=(",", ":")).encode())
    assert size <= protocol.MAX_REPLY_BYTES <= protocol.THUNDERBIRD_MAX_REPLY_BYTES
    # The frame on the wire, as Thunderbird measures it.
    host.ping()
    assert host.close() == 0
    assert host.leftover() == b""


# ---------------------------------------------------------------------------- record, logs


def test_debug_record(installed: dict[str, Any], host_env: dict[str, str],
                      tmp_path: Path) -> None:
    record = tmp_path / "record.jsonl"
    env = {**host_env, "HONMONO_DEBUG_RECORD": str(record)}
    host = start_like_thunderbird(installed, env)
    try:
        host.ping("r1")
        host.request(classify(PHISHING, "r2", names=["山田太郎"]))
        host.request(b"nonsense")
        assert host.close() == 0
    finally:
        host.kill()
    lines = [json.loads(line) for line in record.read_text(encoding="utf-8").splitlines()]
    assert [e["received"]["type"] for e in lines] == ["ping", "classify", None]
    assert [e["answered"]["type"] for e in lines] == ["pong", "result", "error"]
    cls = lines[1]
    assert cls["received"]["id"] == "r2"
    # The evidence ids the extension was sent, in order, and nothing of their text.
    assert "sender.from_lookalike" in cls["answered"]["evidence"]
    assert all(isinstance(i, str) and " " not in i for i in cls["answered"]["evidence"])
    assert lines[0]["answered"]["evidence"] is None
    assert cls["received"]["raw_length"] == len(PHISHING)
    assert cls["received"]["sha256"] == hashlib.sha256(PHISHING).hexdigest()
    assert MARKER in cls["received"]["subject"]
    assert cls["received"]["settings"]["names"] == ["山田太郎"]
    assert cls["answered"]["verdict"] == "phishing"
    assert cls["answered"]["badge"]["text"] == "!"
    assert lines[2]["answered"]["error"]["code"] == "parse_error"


def test_log_has_requests_but_not_the_mail(host: HostProcess, log_file: Path) -> None:
    host.request(classify(PHISHING, "logme"))
    assert host.close() == 0
    log = log_file.read_text(encoding="utf-8")
    assert "'logme'" in log and "phishing" in log
    assert MARKER not in log
    assert "amazon-security.example" not in log


def test_debug_log_may_carry_the_subject(installed: dict[str, Any],
                                         host_env: dict[str, str], log_file: Path) -> None:
    host = start_like_thunderbird(installed, {**host_env, "HONMONO_DEBUG": "1"})
    try:
        host.request(classify(PHISHING, "dbg"))
        assert host.close() == 0
    finally:
        host.kill()
    assert MARKER in log_file.read_text(encoding="utf-8")


def test_engine_warmed_up_after_the_first_ping(host: HostProcess) -> None:
    """The pong goes out first; the engine is then loaded, so the first mail is fast."""
    host.ping("w1")
    reply = host.request(classify(PHISHING, "w2"))
    assert reply["type"] == "result", reply
    assert reply["timing_ms"] < 300, f"first classify after a ping took {reply['timing_ms']} ms"
    assert host.close() == 0
