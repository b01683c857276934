"""The protocol module and the request loop, in-process: validation, ids, reply sizes."""

from __future__ import annotations

import base64
import io
import json
import math
import struct
from typing import Any

import pytest
from host_harness import frame, split_frames
from hypothesis import given, settings
from hypothesis import strategies as st

from honmono.core.settings import MAX_ITEM_CHARS, MAX_ITEMS
from honmono.host import protocol
from honmono.host import server as host_mod
from honmono.host.budget import render_reply
from honmono.host.framing import read_frame
from honmono.host.protocol import ProtocolError

BUDGET = protocol.MAX_REPLY_BYTES


def size_of(text: str) -> int:
    return len(text.encode("utf-8"))


# ---------------------------------------------------------------------------- requests


@pytest.mark.parametrize("payload", [
    b"\xef\xbb\xbf{}",  # a UTF-8 BOM is not JSON
    '{"protocol":1}'.encode("utf-16-le"),
    b"{'single': 'quotes'}",
    b"",
])
def test_parse_json_rejects(payload: bytes) -> None:
    with pytest.raises(ProtocolError) as exc:
        protocol.parse_json(payload)
    assert exc.value.code == protocol.PARSE_ERROR


def test_envelope_accepts_the_documented_requests() -> None:
    env = protocol.check_envelope({"protocol": 1, "id": "1", "type": "ping"})
    assert (env.id, env.type) == ("1", "ping")
    env = protocol.check_envelope({"protocol": 1, "id": "", "type": "classify", "x": 1})
    assert (env.id, env.type) == ("", "classify")


@pytest.mark.parametrize(("obj", "rid"), [
    ([], None),
    (None, None),
    ({"protocol": 1, "type": "ping"}, None),
    ({"protocol": 1.0, "id": "a", "type": "ping"}, "a"),
    ({"protocol": 0, "id": "a", "type": "ping"}, "a"),
    ({"protocol": 1, "id": "a" * (protocol.MAX_ID_CHARS + 1), "type": "ping"}, None),
    ({"protocol": 1, "id": ["a"], "type": "ping"}, None),
    ({"protocol": 1, "id": "a", "type": None}, "a"),
    ({"protocol": 1, "id": "a", "type": "PING"}, "a"),
    ({"protocol": 1, "id": "a"}, "a"),
])
def test_envelope_rejects(obj: Any, rid: str | None) -> None:
    with pytest.raises(ProtocolError) as exc:
        protocol.check_envelope(obj)
    assert exc.value.code == protocol.BAD_REQUEST
    assert exc.value.request_id == rid


@pytest.mark.parametrize(("prefix", "expected"), [
    (b'{"protocol":1,"id":"abc","type":"classify","raw":"xxxxxxxx', "abc"),
    (b' { "id" : "sp" , "raw": "', "sp"),
    (b'{"settings":{"id":"inner"},"id":"outer","raw":"xx', "outer"),
    (b'{"raw":"xxxxxxxxxxxxxxxxxx', None),
    (b'{"protocol":1,"id":"ab', None),
    (b'{"id":7,"raw":"', None),
    (b'["id","x"]', None),
    (b"garbage", None),
    (b"", None),
    (b'{"id":"\\u3042\\u3044"}', "\u3042\u3044"),
    (b'{"a":' + b"[" * 5000, None),
])
def test_peek_id(prefix: bytes, expected: str | None) -> None:
    assert protocol.peek_id(prefix) == expected


def request(**fields: Any) -> dict[str, Any]:
    return {"protocol": 1, "id": "r", "type": "classify", **fields}


def test_classify_binary_string_is_latin1() -> None:
    every_byte = bytes(range(256))
    parsed = protocol.parse_classify(request(raw=every_byte.decode("latin-1")))
    assert parsed.raw == every_byte
    assert parsed.truncated is False
    assert parsed.id == "r"


def test_classify_base64() -> None:
    parsed = protocol.parse_classify(request(raw_base64=base64.b64encode(b"\x00\xff").decode()))
    assert parsed.raw == b"\x00\xff"


def test_classify_settings_become_engine_settings() -> None:
    parsed = protocol.parse_classify(request(raw="", truncated=True, settings={
        "language": "ja-JP", "names": ["山田 太郎"], "addresses": ["taro@example.jp"],
        "trust_authserv": ["mx.example.jp"], "offline": True, "future_option": 1,
    }))
    s = parsed.settings
    assert parsed.truncated is True and s.truncated is True
    assert protocol.parse_classify(request(raw="")).settings.truncated is False
    assert (s.language, s.names, s.addresses, s.trust_authserv, s.offline) == (
        "ja", ("山田 太郎",), ("taro@example.jp",), ("mx.example.jp",), True)
    assert protocol.parse_classify(request(raw="")).settings.language == "ja"
    for tag, lang in [("en", "en"), ("en-GB", "en"), ("de", "en"), ("JA", "ja"), ("ja_JP", "ja")]:
        assert protocol.parse_classify(request(raw="", settings={"language": tag})) \
            .settings.language == lang


def test_classify_debug_flag() -> None:
    assert protocol.parse_classify(request(raw=""), debug=True).settings.debug is True
    assert protocol.parse_classify(request(raw="", settings={"debug": True})).settings.debug
    assert protocol.parse_classify(request(raw="")).settings.debug is False


@pytest.mark.parametrize("settings_value", [
    {"names": ["x" * (MAX_ITEM_CHARS + 1)]},
    {"addresses": ["a@b"] * (MAX_ITEMS + 1)},
    {"offline": 1},
    {"offline": "false"},
    {"trust_authserv": [None]},
    {"language": "english please"},
    "ja",
])
def test_classify_bad_settings(settings_value: Any) -> None:
    with pytest.raises(ProtocolError) as exc:
        protocol.parse_classify(request(raw="", settings=settings_value))
    assert exc.value.code == protocol.BAD_REQUEST
    assert exc.value.request_id == "r"
    assert "settings" in exc.value.message


def test_classify_too_large() -> None:
    with pytest.raises(ProtocolError) as exc:
        protocol.parse_classify(request(raw="a" * (protocol.MAX_RAW_BYTES + 1)))
    assert exc.value.code == protocol.TOO_LARGE
    assert "25.0 MiB" in exc.value.message
    # Exactly at the limit is fine.
    parsed = protocol.parse_classify(request(raw="a" * protocol.MAX_RAW_BYTES))
    assert len(parsed.raw) == protocol.MAX_RAW_BYTES


def test_wide_character_message_says_where() -> None:
    with pytest.raises(ProtocolError) as exc:
        protocol.parse_classify(request(raw="abc\u20ac"))
    assert exc.value.code == protocol.BAD_REQUEST
    assert "U+20AC" in exc.value.message and "position 3" in exc.value.message


json_scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=5) | st.floats()


@settings(max_examples=300, deadline=None)
@given(
    version=st.sampled_from([1, 2, 0, True, "1", 1.0, None]),
    rid=st.one_of(st.text(max_size=4), st.integers(), st.none()),
    kind=st.sampled_from(["classify", "ping", "Classify", 3, None]),
    drop=st.sets(st.sampled_from(["protocol", "id", "type"])),
)
def test_hand_envelope_agrees_with_the_pydantic_model(version: Any, rid: Any, kind: Any,
                                                      drop: set[str]) -> None:
    """The envelope is checked by hand for speed; the model must say the same."""
    obj = {"protocol": version, "id": rid, "type": kind, "raw": "x"}
    for key in drop:
        del obj[key]
    try:
        envelope = protocol.check_envelope(obj)
    except ProtocolError:
        hand_ok = False
    else:
        hand_ok = envelope.type == "classify"
    from pydantic import ValidationError

    model = protocol._wire_models().classify
    try:
        model.model_validate(obj)
    except ValidationError:
        model_ok = False
    else:
        model_ok = True
    assert hand_ok == model_ok, obj


# ---------------------------------------------------------------------------- replies


def fake_result(**over: Any) -> dict[str, Any]:
    rendered = {
        "verdict": "phishing",
        "badge": {"text": "!", "color": "#c62828", "title": "Phishing mail"},
        "summary": "This mail pretends to be from Amazon: it is phishing.",
        "claim": {"is_amazon": True, "reasons": ["From domain"]},
        "evidence": [{"id": "sender.x", "category": "sender", "status": "fail",
                      "title": "t", "detail": "d", "source": "From"}],
        "advice": ["Do not click."],
        "details": {},
        "timing_ms": 1.5,
    }
    rendered.update(over)
    return protocol.result_reply("id-1", rendered, truncated=False)


def test_small_reply_is_unchanged() -> None:
    reply = fake_result()
    assert json.loads(render_reply(reply)) == reply


def test_result_cannot_overwrite_the_envelope() -> None:
    reply = protocol.result_reply("mine", {"type": "evil", "id": "other", "protocol": 9,
                                           "verdict": "genuine"}, truncated=True)
    assert (reply["protocol"], reply["id"], reply["type"]) == (1, "mine", "result")
    assert reply["details"] == {"truncated": True}


def test_200000_links_are_trimmed_to_the_budget() -> None:
    links = [{"href": f"https://amaz0n-{i}.example/signin?session={i:08d}",
              "text": f"Amazon {i}", "host": f"amaz0n-{i}.example", "status": "fail"}
             for i in range(200_000)]
    reply = fake_result(details={"links": links, "defects": ["x" * 50] * 5000,
                                 "auth": {"dkim": "pass"}})
    text = render_reply(reply)
    assert size_of(text) <= BUDGET
    out = json.loads(text)
    for key in ("verdict", "badge", "summary", "id", "type", "protocol"):
        assert out[key] == reply[key]
    assert 0 < len(out["details"]["links"]) < 200_000
    assert out["details"]["links"] == links[: len(out["details"]["links"])]
    assert out["details"]["trimmed"]["links"] == 200_000 - len(out["details"]["links"])
    assert out["details"]["auth"] == {"dkim": "pass"}
    # Trimming keeps as much as fits: the reply is close to the budget.
    assert size_of(text) > BUDGET - 10_000


def test_huge_evidence_and_texts_are_trimmed() -> None:
    evidence = [{"id": f"links.{i}", "category": "links", "status": "warn",
                 "title": f"link {i}", "detail": "詳細" * 5000, "source": "s" * 3000}
                for i in range(300)]
    reply = fake_result(evidence=evidence, details={"html": "本文" * 400_000,
                                                    "nested": {"a": ["x" * 900_000]}})
    text = render_reply(reply)
    assert size_of(text) <= BUDGET
    out = json.loads(text)
    assert out["verdict"] == "phishing" and out["badge"] == reply["badge"]
    assert out["evidence"], "some evidence survives"
    assert out["evidence"][0]["id"] == "links.0"
    assert out["details"]["trimmed"]


def test_absurd_reply_falls_back_to_the_minimum() -> None:
    reply = fake_result(advice=["a" * 3_000_000], claim={"reasons": ["r" * 3_000_000]},
                        evidence=[{"id": "x" * 2_000_000}])
    text = render_reply(reply)
    assert size_of(text) <= BUDGET
    out = json.loads(text)
    assert out["verdict"] == "phishing" and out["summary"] == reply["summary"]


@settings(max_examples=60, deadline=None)
@given(
    budget=st.integers(min_value=3_000, max_value=300_000),
    details=st.dictionaries(
        st.text(min_size=1, max_size=8),
        st.recursive(json_scalars, lambda inner: st.lists(inner, max_size=30)
                     | st.dictionaries(st.text(max_size=5), inner, max_size=5), max_leaves=60),
        max_size=6),
    repeat=st.integers(min_value=1, max_value=400),
    evidence_text=st.text(max_size=200),
)
def test_any_result_fits_any_budget(budget: int, details: dict[str, Any], repeat: int,
                                    evidence_text: str) -> None:
    details = {k: ([v] * repeat if isinstance(v, list | dict) else v)
               for k, v in details.items()}
    evidence = [{"id": str(i), "detail": evidence_text * 20} for i in range(repeat)]
    reply = fake_result(details=details, evidence=evidence)
    text = render_reply(reply, budget=budget)
    assert size_of(text) <= budget
    out = json.loads(text)
    assert out["verdict"] == "phishing" and out["badge"] == reply["badge"]


def test_lone_surrogates_become_replacement_characters() -> None:
    reply = fake_result(details={"subject": "bad \udcff byte"})
    text = render_reply(reply)
    text.encode("utf-8")  # strictly encodable
    assert json.loads(text)["details"]["subject"] == "bad \ufffd byte"


def test_non_json_values_are_stringified_and_nan_is_null() -> None:
    from pathlib import PurePosixPath

    reply = fake_result(details={"set": {"b", "a"}, "tuple": (1, 2), "path": PurePosixPath("/x")})
    out = json.loads(render_reply(reply))
    assert out["details"] == {"set": ["a", "b"], "tuple": [1, 2], "path": "/x"}
    out = json.loads(render_reply(fake_result(timing_ms=math.nan,
                                                       details={"x": [math.inf]})))
    assert out["timing_ms"] is None and out["details"] == {"x": [None]}


# ---------------------------------------------------------------------------- the loop


def fake_rendered(fields: dict[str, Any], settings: Any) -> dict[str, Any]:
    """What the engine's analysis, rendered in the request's language, would give."""
    return {**fields, "summary": f"summary in {settings.language}"}


def run_loop(data: bytes, analyse: Any = None) -> tuple[int, list[dict[str, Any]]]:
    sent: list[str] = []
    loop = host_mod.Host(io.BytesIO(data), sent.append)
    if analyse is not None:
        loop._analyse = analyse
    status = loop.serve()
    replies = [json.loads(t) for t in sent]
    for t in sent:
        assert size_of(t) <= BUDGET
    return status, replies


def classify_frame(rid: str = "c", **fields: Any) -> bytes:
    return frame({"protocol": 1, "id": rid, "type": "classify", "raw": "Subject: x\r\n\r\n",
                  **fields})


def test_loop_engine_failures_are_internal() -> None:
    def boom(raw: bytes, settings: Any) -> Any:
        raise KeyError("deep inside")

    def exits(raw: bytes, settings: Any) -> Any:
        raise SystemExit(3)

    def unserialisable(raw: bytes, settings: Any) -> Any:
        return fake_rendered({"verdict": "phishing", "details": {1j: "complex key"}}, settings)

    ping = frame({"protocol": 1, "id": "p", "type": "ping"})
    for analyse in (boom, exits, unserialisable):
        status, replies = run_loop(classify_frame("c") + ping, analyse)
        assert status == 0
        assert [r["type"] for r in replies] == ["error", "pong"]
        assert replies[0]["error"]["code"] == "internal"
        assert replies[0]["id"] == "c"


def test_loop_passes_language_and_settings_to_the_engine() -> None:
    seen: list[Any] = []

    def analyse(raw: bytes, settings: Any) -> Any:
        seen.append((raw, settings))
        return fake_rendered({"verdict": "not_amazon", "details": {"x": 1}}, settings)

    _, replies = run_loop(classify_frame("c", truncated=True,
                                         settings={"language": "en", "names": ["A"]}),
                          analyse)
    raw, settings_used = seen[0]
    assert raw == b"Subject: x\r\n\r\n"
    assert settings_used.names == ("A",) and settings_used.language == "en"
    assert replies[0]["summary"] == "summary in en"
    assert replies[0]["details"] == {"x": 1, "truncated": True}


def test_loop_passes_truncated_to_the_engine() -> None:
    seen: list[Any] = []

    def analyse(raw: bytes, settings: Any) -> Any:
        seen.append(settings)
        return fake_rendered({"verdict": "not_amazon"}, settings)

    run_loop(classify_frame("a", truncated=True) + classify_frame("b"), analyse)
    assert [s.truncated for s in seen] == [True, False]


def test_m5_truncated_genuine_mail_is_not_called_phishing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The extension cuts a large mail and says so: the cut body cannot match Amazon's
    signature, which is "cannot be checked" (suspicious), not "changed" (phishing)."""
    from paths import corpus_dir

    from honmono.auth import witnesses
    from honmono.auth.dns import MappingResolver

    folder = corpus_dir("genuine_amazon")
    records = json.loads((folder / "dns_txt.json").read_text())
    monkeypatch.setattr(witnesses, "resolver_for", lambda settings: MappingResolver(records))
    raw = (folder / "amazon_com_verify_account_via_fastmail.eml").read_bytes()
    cut = raw[:raw.index(b"\n\n") + len(raw[raw.index(b"\n\n"):]) // 2]
    loop_input = b"".join(
        frame({"protocol": 1, "id": rid, "type": "classify", "raw": cut.decode("latin-1"),
               "truncated": truncated, "settings": {"language": "en"}})
        for rid, truncated in (("cut", True), ("unsaid", False)))
    _, replies = run_loop(loop_input)
    by_id = {r["id"]: r for r in replies}
    assert by_id["cut"]["verdict"] == "suspicious"
    assert by_id["cut"]["details"]["truncated"] is True
    sig = by_id["cut"]["details"]["auth"]["signatures"][0]
    assert (sig["result"], sig["skipped"]) == ("unchecked", "truncated")
    assert by_id["unsaid"]["verdict"] == "phishing"


def test_loop_stops_quietly_when_the_reader_is_gone() -> None:
    def broken(text: str) -> None:
        raise BrokenPipeError

    loop = host_mod.Host(io.BytesIO(frame({"protocol": 1, "id": "1", "type": "ping"}) * 3),
                         broken)
    assert loop.serve() == 0
    assert loop.served == 1


def test_read_frame_handles_short_reads() -> None:
    class Trickle(io.RawIOBase):
        """A pipe that hands out one byte per read."""

        def __init__(self, data: bytes) -> None:
            self.data = data

        def readable(self) -> bool:
            return True

        def read(self, n: int = -1) -> bytes:
            out, self.data = self.data[:1], self.data[1:]
            return out

    data = frame({"protocol": 1, "id": "t", "type": "ping"})
    got = read_frame(Trickle(data))  # type: ignore[arg-type]
    assert got.kind == "payload" and json.loads(got.data)["id"] == "t"


def test_read_frame_drains_oversize_without_holding_it() -> None:
    length = 3000
    stream = io.BytesIO(struct.pack("@I", length) + b'{"id":"o",' + b"x" * (length - 10) + b"tail")
    got = read_frame(stream, max_frame=1000)
    assert got.kind == "oversize" and got.complete and got.length == length
    assert len(got.data) <= 64 * 1024
    assert stream.read() == b"tail"


def test_version_matches_importlib_metadata() -> None:
    from importlib.metadata import version

    assert host_mod._version_from_sys_path() == version("honmono")
    assert host_mod.honmono_version() == version("honmono")


def test_split_frames_helper() -> None:
    data = frame({"a": 1}) + frame({"b": 2}) + b"\x05\x00"
    assert split_frames(data) == ([{"a": 1}, {"b": 2}], b"\x05\x00")
