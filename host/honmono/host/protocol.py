"""Honmono's native-messaging protocol, version 1: what the extension and the host say.

Framing (see host.py): each message is a 4-byte unsigned length in native byte order, then
that many bytes of UTF-8 JSON. Every message is an object with ``protocol`` (1), ``id`` (a
string the host echoes back, so that replies can be matched on a ``connectNative`` port) and
``type``.

Requests (extension → host)::

    {"protocol": 1, "id": "1", "type": "ping"}
    {"protocol": 1, "id": "2", "type": "classify",
     "raw": "<BinaryString: one character per byte, U+0000..U+00FF>",
     "truncated": false,
     "settings": {"language": "ja", "names": [], "addresses": [], "trust_authserv": [],
                  "offline": false}}

``raw_base64`` (standard alphabet, padded, no line breaks) may replace ``raw``. ``settings``
and each of its fields are optional. ``language`` may be any language tag: "ja", "ja-JP"…
select Japanese, anything else English. ``truncated: true`` says the extension cut the
message to fit; the engine then gets ``Settings.truncated`` (a body that no longer matches
its DKIM signature is "cannot be checked", not "changed") and the result carries
``details["truncated"] = true``. Fields this version
does not know are ignored, so a newer extension can add optional fields without a new
protocol version; a new ``type`` or a changed meaning needs one.

Replies (host → extension)::

    {"protocol": 1, "id": "1", "type": "pong",
     "versions": {"protocol": 1, "supported_protocols": [1], "honmono": "0.1.0",
                  "python": "3.11.7"},
     "limits": {"max_raw_bytes": ..., "max_frame_bytes": ..., "max_reply_bytes": ...}}
    {"protocol": 1, "id": "2", "type": "result", "verdict": ..., "badge": ..., "summary": ...,
     "claim": ..., "evidence": [...], "advice": [...], "details": {...}, "timing_ms": ...}
    {"protocol": 1, "id": "2" | null, "type": "error",
     "error": {"code": "bad_request" | "too_large" | "parse_error" | "internal",
               "message": "<a sentence for a person>"}}

Limits:

- ``MAX_RAW_BYTES`` (25 MiB): the largest message the host classifies. Thunderbird's own
  default for attachments sent by mail is 25 MB, so a larger mail is almost never a real
  notice. The extension should cut larger messages and set ``truncated``.
- ``MAX_FRAME_BYTES`` (64 MiB): the largest request frame the host reads into memory. In a
  BinaryString every byte above 0x7F becomes two bytes of UTF-8, so a 25 MiB message can need
  up to ~50 MiB of JSON. A larger frame is read and thrown away in chunks (never held whole)
  and answered ``too_large``; the stream stays in sync.
- ``MAX_REPLY_BYTES`` (1,000,000): Thunderbird refuses a message from a host above 1 MiB
  (1,048,576 bytes of JSON) and drops the connection. Results above the budget lose details
  first (see ``render_reply``); the verdict, badge and summary are never cut.

Validation: the envelope (``protocol``, ``id``, ``type``) is checked by hand, because an error
reply needs the id even when the rest of the request is broken, and because a ping must be
answered without importing pydantic (≈0.25 s on a slow machine: most of the 300 ms cold-start
budget). The classify request is validated by pydantic v2 models, built on the first
classify (``_wire_models``).
"""

from __future__ import annotations

import json
import math
import re
import sys
from typing import TYPE_CHECKING, Any

from honmono.brands import registry as brand

if TYPE_CHECKING:
    from honmono.core.settings import Settings

PROTOCOL_VERSION = 1
SUPPORTED_PROTOCOLS: tuple[int, ...] = (1,)

MAX_RAW_BYTES = 25 * 1024 * 1024
MAX_FRAME_BYTES = 64 * 1024 * 1024
THUNDERBIRD_MAX_REPLY_BYTES = 1024 * 1024
# Below Thunderbird's limit with room to spare, and under "1 MB" however one reads it.
MAX_REPLY_BYTES = 1_000_000
# Base64 of MAX_RAW_BYTES, padded.
MAX_RAW_BASE64_CHARS = (MAX_RAW_BYTES + 2) // 3 * 4

MAX_ID_CHARS = 256
MAX_SETTING_ITEMS = 100
# RFC 5321 allows 320-character addresses; names and authserv-ids are shorter.
MAX_SETTING_CHARS = 320
_LANGUAGE_TAG = r"^[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*$"

REQUEST_TYPES: tuple[str, ...] = ("ping", "classify")

BAD_REQUEST = "bad_request"
TOO_LARGE = "too_large"
PARSE_ERROR = "parse_error"
INTERNAL = "internal"
ERROR_CODES: tuple[str, ...] = (BAD_REQUEST, TOO_LARGE, PARSE_ERROR, INTERNAL)


class ProtocolError(Exception):
    """A request the host answers with an error reply instead of a result."""

    def __init__(self, code: str, message: str, request_id: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.request_id = request_id


class Envelope:
    """The part every request shares, once checked."""

    __slots__ = ("id", "type")

    def __init__(self, request_id: str, request_type: str) -> None:
        self.id = request_id
        self.type = request_type


class ClassifyRequest:
    """A validated classify request: the message's bytes and the engine's settings."""

    __slots__ = ("id", "raw", "settings", "truncated")

    def __init__(self, request_id: str, raw: bytes, truncated: bool, settings: Settings) -> None:
        self.id = request_id
        self.raw = raw
        self.truncated = truncated
        self.settings = settings


# ---------------------------------------------------------------------------- requests


def parse_json(payload: bytes) -> Any:
    """One frame's payload as JSON. Strictly UTF-8: json.loads(bytes) would also take
    UTF-16 and UTF-32, which native messaging never sends."""
    try:
        text = payload.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProtocolError(
            PARSE_ERROR,
            f"The request is not valid UTF-8 (byte 0x{payload[exc.start]:02x} at offset "
            f"{exc.start}); native messages must be UTF-8 JSON.",
        ) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProtocolError(
            PARSE_ERROR,
            f"The request is not valid JSON: {exc.msg} at line {exc.lineno}, "
            f"column {exc.colno}.",
        ) from None
    except RecursionError:
        raise ProtocolError(PARSE_ERROR, "The request's JSON is nested too deeply.") from None


def readable_id(value: object) -> str | None:
    """The id to echo back, or None when there is none fit to echo (not a string, too long,
    or not encodable as UTF-8)."""
    if not isinstance(value, str) or len(value) > MAX_ID_CHARS:
        return None
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # a lone surrogate from a "\ud800" escape
        return None
    return value


def check_envelope(obj: object) -> Envelope:
    """Check protocol, id and type by hand (see the module docstring for why)."""
    if not isinstance(obj, dict):
        raise ProtocolError(
            BAD_REQUEST, f"A request must be a JSON object, not {_json_kind(obj)}."
        )
    rid = readable_id(obj.get("id"))
    version = obj.get("protocol")
    supported = ", ".join(str(v) for v in SUPPORTED_PROTOCOLS)
    if "protocol" not in obj:
        raise ProtocolError(
            BAD_REQUEST,
            f'The request has no "protocol" field; this host speaks protocol version '
            f"{supported}.",
            rid,
        )
    if type(version) is not int or version not in SUPPORTED_PROTOCOLS:
        shown = _short(version)
        raise ProtocolError(
            BAD_REQUEST,
            f"The request uses protocol version {shown}, but this host supports only "
            f"version {supported}. Update Honmono (the extension and the host, "
            f"`pip install -U honmono`) so that both speak the same version.",
            rid,
        )
    if "id" not in obj:
        raise ProtocolError(BAD_REQUEST, 'The request has no "id" field.')
    if not isinstance(obj["id"], str):
        raise ProtocolError(
            BAD_REQUEST, f'The request\'s "id" must be a string, not {_json_kind(obj["id"])}.'
        )
    if rid is None:
        raise ProtocolError(
            BAD_REQUEST,
            f'The request\'s "id" must be a valid string of at most {MAX_ID_CHARS} characters.',
        )
    kind = obj.get("type")
    if not isinstance(kind, str):
        raise ProtocolError(
            BAD_REQUEST, f'The request\'s "type" must be a string, not {_json_kind(kind)}.', rid
        )
    if kind not in REQUEST_TYPES:
        known = " and ".join(f'"{t}"' for t in REQUEST_TYPES)
        raise ProtocolError(
            BAD_REQUEST,
            f"Unknown request type {_short(kind)}; this host understands {known}.",
            rid,
        )
    return Envelope(rid, kind)


def peek_id(prefix: bytes) -> str | None:
    """The top-level "id" of a request of which only the first bytes are at hand.

    Used for frames the host drains without reading them whole, and for frames cut short at
    end of input. The extension writes "id" before "raw" (JSON.stringify keeps insertion
    order), so the id is near the start; when it is not, or the prefix is not the start of
    an object, the answer is None.
    """
    text = prefix.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    pos = _skip_ws(text, 0)
    if not text.startswith("{", pos):
        return None
    pos += 1
    try:
        while True:
            pos = _skip_ws(text, pos)
            if not text.startswith('"', pos):
                return None
            key, pos = json.decoder.scanstring(text, pos + 1)
            pos = _skip_ws(text, pos)
            if not text.startswith(":", pos):
                return None
            pos = _skip_ws(text, pos + 1)
            value, pos = decoder.raw_decode(text, pos)
            if key == "id":
                return readable_id(value)
            pos = _skip_ws(text, pos)
            if not text.startswith(",", pos):
                return None
            pos += 1
    except (ValueError, RecursionError):  # the prefix ends inside a key or value
        return None


_WS = re.compile(r"[ \t\n\r]*")


def _skip_ws(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def parse_classify(obj: dict[str, Any], debug: bool = False) -> ClassifyRequest:
    """Validate a classify request (its envelope already checked) with the pydantic models."""
    from pydantic import ValidationError

    rid = readable_id(obj.get("id"))
    try:
        wire = _wire_models().classify.model_validate(obj)
    except ValidationError as exc:
        raise _validation_error(exc, rid) from None

    if wire.raw is not None:
        try:
            raw = wire.raw.encode("latin-1")
        except UnicodeEncodeError as exc:
            char = wire.raw[exc.start]
            raise ProtocolError(
                BAD_REQUEST,
                f'"raw" must be a BinaryString (one character per byte, U+0000 to U+00FF), '
                f"but the character at position {exc.start} is U+{ord(char):04X}. Read the "
                f'message with messages.getRaw(id, {{data_format: "BinaryString"}}) or send '
                f'it as "raw_base64".',
                rid,
            ) from None
    else:
        import base64
        import binascii

        assert wire.raw_base64 is not None  # the model requires one of the two
        try:
            raw = base64.b64decode(wire.raw_base64, validate=True)
        except (binascii.Error, ValueError):
            raise ProtocolError(
                BAD_REQUEST,
                '"raw_base64" is not valid base64 (standard alphabet, padded, no line '
                "breaks).",
                rid,
            ) from None
    if len(raw) > MAX_RAW_BYTES:
        raise _too_large(len(raw), rid)

    from honmono.core.settings import Settings

    ws = wire.settings
    settings = Settings(
        language=_language(ws.language),
        names=tuple(ws.names),
        addresses=tuple(ws.addresses),
        trust_authserv=tuple(ws.trust_authserv),
        offline=ws.offline,
        debug=ws.debug or debug,
        truncated=wire.truncated,
    )
    return ClassifyRequest(wire.id, raw, wire.truncated, settings)


class _WireModels:
    __slots__ = ("classify", "settings")

    def __init__(self, classify: Any, settings: Any) -> None:
        self.classify = classify
        self.settings = settings


_models: _WireModels | None = None


def _wire_models() -> _WireModels:
    """The pydantic models of the classify request, defined on first use.

    They live in a function so that importing this module (which the host does at start)
    does not import pydantic. Strict types where JSON could be coerced into something the
    sender did not mean ("offline": "no" must not become True).
    """
    global _models
    if _models is not None:
        return _models

    from typing import Annotated, Literal

    from pydantic import (
        BaseModel,
        ConfigDict,
        Field,
        StrictBool,
        StrictInt,
        StrictStr,
        field_validator,
        model_validator,
    )

    item = Annotated[StrictStr, Field(max_length=MAX_SETTING_CHARS)]
    items = Annotated[list[item], Field(max_length=MAX_SETTING_ITEMS)]

    class WireSettings(BaseModel):
        """The user's settings as the extension sends them."""

        model_config = ConfigDict(extra="ignore", frozen=True)

        language: Annotated[StrictStr, Field(max_length=35, pattern=_LANGUAGE_TAG)] = "ja"
        names: items = []
        addresses: items = []
        trust_authserv: items = []
        offline: StrictBool = False
        debug: StrictBool = False

    class WireClassify(BaseModel):
        """A classify request, the whole of it."""

        model_config = ConfigDict(extra="ignore", frozen=True)

        # Not Literal[1]: pydantic lets True and 1.0 pass for it, even in strict mode.
        protocol: StrictInt
        id: Annotated[StrictStr, Field(max_length=MAX_ID_CHARS)]
        type: Literal["classify"]
        raw: Annotated[StrictStr, Field(max_length=MAX_RAW_BYTES)] | None = None
        raw_base64: Annotated[StrictStr, Field(max_length=MAX_RAW_BASE64_CHARS)] | None = None
        truncated: StrictBool = False
        # null is taken as "no settings": JSON has no other way to say "defaults".
        settings: WireSettings = Field(default_factory=WireSettings)

        @field_validator("protocol")
        @classmethod
        def _supported(cls, version: int) -> int:
            if version not in SUPPORTED_PROTOCOLS:
                raise ValueError(f"protocol version {version} is not supported")
            return version

        @model_validator(mode="before")
        @classmethod
        def _null_settings(cls, data: Any) -> Any:
            if isinstance(data, dict) and data.get("settings", 0) is None:
                data = {k: v for k, v in data.items() if k != "settings"}
            return data

        @model_validator(mode="after")
        def _one_source(self) -> WireClassify:
            if (self.raw is None) == (self.raw_base64 is None):
                raise ValueError('give the message as exactly one of "raw" and "raw_base64"')
            return self

    _models = _WireModels(WireClassify, WireSettings)
    return _models


def _validation_error(exc: Any, rid: str | None) -> ProtocolError:
    """A pydantic ValidationError as one sentence; an over-long message is too_large."""
    errors = exc.errors(include_url=False)
    for err in errors:
        loc = err.get("loc", ())
        if err.get("type") == "string_too_long" and loc[:1] in (("raw",), ("raw_base64",)):
            size = len(err.get("input") or "")
            if loc[0] == "raw_base64":
                size = size // 4 * 3
            return _too_large(size, rid)
    first = errors[0]
    where = ".".join(str(p) for p in first.get("loc", ()))
    msg = str(first.get("msg", "invalid"))
    msg = msg.removeprefix("Value error, ")  # pydantic's prefix for a validator's ValueError
    msg = msg[0].lower() + msg[1:] if msg else msg
    more = f" ({len(errors) - 1} more problem(s))" if len(errors) > 1 else ""
    if where:
        return ProtocolError(
            BAD_REQUEST, f'The request\'s field "{where}" is wrong: {msg}{more}.', rid
        )
    return ProtocolError(BAD_REQUEST, f"The request is wrong: {msg}{more}.", rid)


def _too_large(size: int, rid: str | None) -> ProtocolError:
    return ProtocolError(
        TOO_LARGE,
        f"The message is {_mib(size)}; Honmono checks messages up to {_mib(MAX_RAW_BYTES)}. "
        f'Send its first {_mib(MAX_RAW_BYTES)} with "truncated": true.',
        rid,
    )


def frame_too_large(length: int, rid: str | None) -> ProtocolError:
    """The error for a frame drained unread because it exceeds MAX_FRAME_BYTES."""
    return ProtocolError(
        TOO_LARGE,
        f"The request is {_mib(length)}; this host reads requests up to "
        f"{_mib(MAX_FRAME_BYTES)} and messages up to {_mib(MAX_RAW_BYTES)}. "
        f'Send the message\'s first {_mib(MAX_RAW_BYTES)} with "truncated": true.',
        rid,
    )


def _language(tag: str) -> str:
    return "ja" if re.split(r"[-_]", tag, maxsplit=1)[0].lower() == "ja" else "en"


def _mib(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MiB"


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _short(value: object) -> str:
    """A value quoted for an error message, never long enough to matter."""
    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# ---------------------------------------------------------------------------- replies


def pong(request_id: str, honmono_version: str) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL_VERSION,
        "id": request_id,
        "type": "pong",
        "versions": {
            "protocol": PROTOCOL_VERSION,
            "supported_protocols": list(SUPPORTED_PROTOCOLS),
            "honmono": honmono_version,
            "python": "{}.{}.{}".format(*sys.version_info[:3]),
        },
        "limits": {
            "max_raw_bytes": MAX_RAW_BYTES,
            "max_frame_bytes": MAX_FRAME_BYTES,
            "max_reply_bytes": MAX_REPLY_BYTES,
        },
        # Additive (protocol 1 unchanged): where the extension's 「報告する」 forwards a
        # phishing mail, from the brand data with its published sources.
        "report_to": brand.load().report_to(),
    }


def error_reply(request_id: str | None, code: str, message: str) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL_VERSION,
        "id": request_id,
        "type": "error",
        "error": {"code": code, "message": message},
    }


def result_reply(request_id: str, rendered: dict[str, Any], truncated: bool) -> dict[str, Any]:
    """A result: the envelope first, then the engine's rendered report."""
    reply: dict[str, Any] = {"protocol": PROTOCOL_VERSION, "id": request_id, "type": "result"}
    for key, value in rendered.items():
        reply.setdefault(key, value)  # the report must not overwrite the envelope
    if truncated:
        details = reply.get("details")
        reply["details"] = {**(details if isinstance(details, dict) else {}), "truncated": True}
    return reply


def dump(obj: Any) -> str:
    """Compact JSON that JSON.parse accepts and that encodes to UTF-8 without error.

    NaN and infinities, which JSON.parse rejects, become null; lone surrogates (mail headers
    decoded with surrogateescape) become U+FFFD. Either would otherwise cost the user a
    verdict the engine did reach.
    """
    try:
        text = _dumps(obj)
    except ValueError:
        text = _dumps(_finite(obj))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = _replace_surrogates(text)
    return text


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False,
                      default=_json_default)


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value


def _replace_surrogates(text: str) -> str:
    return re.sub("[\ud800-\udfff]", "\ufffd", text)


def _json_default(value: object) -> Any:
    if isinstance(value, set | frozenset | tuple):
        return sorted(value, key=str) if isinstance(value, set | frozenset) else list(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def _size(obj: Any) -> int:
    return len(dump(obj).encode("utf-8"))


def render_reply(reply: dict[str, Any], budget: int = MAX_REPLY_BYTES) -> str:
    """The reply as JSON text of at most ``budget`` UTF-8 bytes.

    A result over budget is cut step by step, each step only if still needed: lists in
    ``details`` (links, defects…) from the largest, long texts in ``details``, long evidence
    texts, then ``details`` as a whole, the tail of the evidence, the advice. What was cut is
    listed in ``details["trimmed"]`` so the panel can say so. The verdict, badge and summary
    are never cut.
    """
    text = dump(reply)
    if len(text.encode("utf-8")) <= budget:
        return text
    if reply.get("type") != "result":
        # Pong and error replies are small by construction; this is a bug, reported as one.
        return dump(error_reply(readable_id(reply.get("id")), INTERNAL,
                                "The host's reply was too large to send."))
    return _trim_result(reply, budget)


# Each trimming step aims this far below the budget: the trimmed-note itself grows.
_TRIM_MARGIN = 2048
_TEXT_KEEP = 500
_EVIDENCE_TEXT_KEEP = 300


def _trim_result(reply: dict[str, Any], budget: int) -> str:
    r = dict(reply)
    details = r.get("details")
    details = dict(details) if isinstance(details, dict) else {}
    trimmed: dict[str, Any] = {}
    details["trimmed"] = trimmed
    r["details"] = details
    target = max(budget - _TRIM_MARGIN, budget // 2)

    def fits() -> bool:
        return _size(r) <= target

    # 1. Lists in details, the largest first: keep the prefix that fits.
    list_keys = [k for k, v in details.items() if isinstance(v, list) and k != "trimmed"]
    list_keys.sort(key=lambda k: _size(details[k]), reverse=True)
    for key in list_keys:
        if fits():
            break
        kept = _fit_prefix(details[key], _size(details[key]) - (_size(r) - target))
        trimmed[key] = len(details[key]) - len(kept)
        details[key] = kept

    # 2. Long texts anywhere in details.
    if not fits():
        for key in list(details):
            if key != "trimmed":
                details[key] = _cut_texts(details[key], _TEXT_KEEP)
        trimmed["long_texts"] = True

    # 3. Long texts in the evidence.
    evidence = r.get("evidence")
    if not fits() and isinstance(evidence, list):
        r["evidence"] = evidence = [_cut_evidence(e) for e in evidence]
        trimmed["evidence_texts"] = True

    # 4. Details as a whole, except the notes the panel shows.
    if not fits():
        kept_details = {k: details[k] for k in ("trimmed", "truncated") if k in details}
        trimmed["details"] = True
        details.clear()
        details.update(kept_details)

    # 5. The tail of the evidence.
    if not fits() and isinstance(evidence, list):
        kept = _fit_prefix(evidence, _size(evidence) - (_size(r) - target))
        trimmed["evidence"] = len(evidence) - len(kept)
        r["evidence"] = kept

    # 6. Advice and claim reasons: last, they are short in any sane report.
    for key in ("advice", "claim"):
        if not fits() and key in r:
            r[key] = _cut_texts(r[key], _EVIDENCE_TEXT_KEEP)
            trimmed[key] = True

    text = dump(r)
    if len(text.encode("utf-8")) <= budget:
        return text
    # Only an absurd verdict/badge/summary gets here; keep what the badge needs.
    minimal = {k: r[k] for k in ("protocol", "id", "type", "verdict", "badge", "summary")
               if k in r}
    minimal["details"] = {"trimmed": {"all": True}}
    return dump(minimal)


def _fit_prefix(items: list[Any], room: int) -> list[Any]:
    """The longest prefix of ``items`` whose JSON array takes at most ``room`` bytes."""
    used = 2  # "[]"
    for i, item in enumerate(items):
        used += _size(item) + (1 if i else 0)
        if used > room:
            return items[:i]
    return list(items)


# Where a shortened text may end: after a clause or a space, not inside a word.
_TEXT_BREAKS = "。、，,．. 　\n)）」』"


def _cut_at_boundary(text: str, keep: int) -> str:
    """``text`` shortened to at most ``keep`` characters plus "…", at a clause or word end
    when one is in the last quarter (a long run without one is cut where it must be)."""
    cut = max(text.rfind(c, keep * 3 // 4, keep) for c in _TEXT_BREAKS)
    return (text[: cut + 1] if cut > 0 else text[:keep]).rstrip() + "…"


def _cut_texts(value: Any, keep: int) -> Any:
    if isinstance(value, str):
        return value if len(value) <= keep else _cut_at_boundary(value, keep)
    if isinstance(value, list):
        return [_cut_texts(v, keep) for v in value]
    if isinstance(value, dict):
        return {k: _cut_texts(v, keep) for k, v in value.items()}
    return value


def _cut_evidence(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {k: (_cut_texts(v, _EVIDENCE_TEXT_KEEP) if k in ("detail", "source") else v)
            for k, v in item.items()}
