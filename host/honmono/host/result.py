"""The result reply of protocol 1, declared: every field the extension may read.

``Result`` and its ``Details`` sections are TypedDicts, a declaration that costs nothing at
run time; ``result_problems`` holds a reply to account, and a test runs it over the reply to
every corpus mail, so a key the engine adds to the result or to ``details`` without
declaring it here fails that test. ``details`` sections are optional: each check adds its
own when it runs (auth, links, notice, route), the engine adds the parser's defects, the
host ``truncated``, and the reply budget ``trimmed``.

Protocol 1 keeps its names: ``claim.is_amazon`` and the verdict ``not_amazon`` mean "does
the mail speak as the brand" whatever the brand.
"""

from __future__ import annotations

from typing import Literal, TypedDict

Status = Literal["pass", "fail", "warn", "info"]


class Badge(TypedDict):
    text: str
    color: str | None  # None for "not_amazon": no badge
    title: str


class ClaimOut(TypedDict):
    is_amazon: bool  # protocol 1's name: "does the mail speak as the brand"
    reasons: list[str]


class EvidenceOut(TypedDict):
    id: str
    category: str
    status: Status
    title: str
    detail: str
    source: str


class SignatureOut(TypedDict):
    """One DKIM signature (auth.dkim.SignatureResult) and how it relates to the brand."""

    index: int
    domain: str
    selector: str
    algorithm: str
    canonicalization: str
    identity: str
    signed_headers: list[str]
    body_length: int | None
    unsigned_body_bytes: int
    key_type: str
    key_bits: int | None
    result: str
    reason: str
    key_missing: bool
    malformed: bool
    dangers: list[str]
    b_prefix: str
    timestamp: int | None
    skipped: str
    body_hash_ok: bool | None
    # A body that verifies once an addition is set aside: "footer" or "part" ("" when
    # none), and how many bytes were added after signing.
    addition: str
    added: int
    key_name: str
    brand: bool
    aligned: bool
    esp: bool
    lookalike: str


class DmarcOut(TypedDict):
    from_domain: str
    from_org: str
    single_from: bool
    aligned_pass: list[str]
    result: str
    policy: dict[str, str]
    policy_name: str
    policy_status: str


class _ArhHeaderFields(TypedDict):
    authserv_id: str
    # One Authentication-Results entry: method, result, reason and its properties
    # ("header.d", "smtp.mailfrom"…) as the receiving server wrote them.
    results: list[dict[str, str]]


# Optional keys by inheritance, not NotRequired: with postponed annotations, Python 3.11
# does not see NotRequired when it builds __required_keys__.
class ArhHeaderOut(_ArhHeaderFields, total=False):
    error: str  # what of the header could not be parsed


class ArhOut(TypedDict):
    trusted_ids: list[str]
    server: str
    used: list[ArhHeaderOut]
    ignored: list[ArhHeaderOut]
    # Why no header of the trusted server was used: "" (one was), "none" (it added none),
    # "below" (only below its receipt line, where a sender can write them), "no_receipt".
    missing: str


class ArcInstanceOut(TypedDict):
    instance: int
    seal_domain: str
    ams_domain: str
    cv: str
    seal_valid: bool | None
    ams_valid: bool | None
    authserv_id: str
    trusted: bool
    results: list[dict[str, str]]


class ArcOut(TypedDict):
    present: bool
    chain: str
    reason: str
    trusted_from: int | None
    instances: list[ArcInstanceOut]


class LookupOut(TypedDict):
    name: str
    outcome: str
    detail: str
    ms: float


class DnsOut(TypedDict):
    mode: str
    lookups: list[LookupOut]


class AuthOut(TypedDict):
    """The authentication section: what each witness said and what was decided."""

    from_domain: str
    brand_from: bool
    local: str
    server: str
    decision: str
    exposed: list[str]
    backing: list[int]
    signatures: list[SignatureOut]
    dmarc: DmarcOut
    arh: ArhOut
    arc: ArcOut
    dns: DnsOut


class _LinkFields(TypedDict):
    text: str
    href: str
    host: str
    origin: str
    status: Status
    kind: str
    reason: str
    reason_ja: str


class LinkOut(_LinkFields, total=False):
    # Links found outside the body: "attachment" or "qr" and the file's name, or "header"
    # and the header's name (mail/headerlinks.py).
    found_in: str
    source: str


class _AttachmentFields(TypedDict):
    name: str
    declared: str  # the Content-Type the mail declared
    type: str  # the kind found from the content (mail/attachments.py)
    size: int
    inline: bool


class AttachmentOut(_AttachmentFields, total=False):
    disguised_as: str
    links: int
    forms: int
    qr: list[str]  # what the QR codes in an image say
    unreadable: str
    limited: str  # which bound stopped the reading: size, time, images


class NoticeOut(TypedDict):
    kind: str
    datetime: str
    device: str
    location: str
    code_present: bool
    authenticated: bool


class HopOut(TypedDict):
    position: int
    helo: str
    rdns: str
    ip: str
    by: str


class RouteOut(TypedDict):
    handoff: HopOut | None
    hops: list[HopOut]


class RelayOut(TypedDict):
    """Text the brand delivered but a third party wrote (checks/relay.py)."""

    channel: str  # the relay channel's id in the brand's facts
    written_by: Literal["third_party"]
    excerpt: str  # the third party's words, cut


class Details(TypedDict, total=False):
    auth: AuthOut
    links: list[LinkOut]
    links_more: int  # links not listed (over the cap, or beyond the parser's limit)
    attachments: list[AttachmentOut]
    relay: RelayOut
    notice: NoticeOut
    route: RouteOut
    defects: list[str]  # what the MIME parser found wrong
    truncated: bool  # the extension cut the message (request's "truncated")
    trimmed: dict[str, int | bool | dict[str, bool]]  # what budget.render_reply cut


class Result(TypedDict):
    protocol: int
    id: str
    type: Literal["result"]
    verdict: Literal["genuine", "phishing", "suspicious", "not_amazon"]
    badge: Badge
    summary: str
    claim: ClaimOut
    evidence: list[EvidenceOut]
    advice: list[str]
    details: Details
    timing_ms: float


def result_problems(value: object, model: object = Result, where: str = "result") -> list[str]:
    """Where ``value`` departs from ``model`` (a type above): unknown or missing keys, wrong
    types. Empty when it conforms. For tests and debugging; the host does not call it."""
    import types
    import typing

    origin = typing.get_origin(model)
    args = typing.get_args(model)
    if model is typing.Any:
        return []
    if origin in (typing.Union, types.UnionType):
        tries = [result_problems(value, a, where) for a in args]
        return [] if any(not t for t in tries) else min(tries, key=len)
    if origin is typing.Literal:
        return [] if value in args else [f"{where}: {value!r} is not one of {args}"]
    if origin is list:
        if not isinstance(value, list):
            return [f"{where}: not a list"]
        return [p for i, v in enumerate(value)
                for p in result_problems(v, args[0], f"{where}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{where}: not an object"]
        return [p for k, v in value.items() for p in result_problems(v, args[1], f"{where}.{k}")]
    if typing.is_typeddict(model):
        return _object_problems(value, model, where)
    if model is None or model is type(None):
        return [] if value is None else [f"{where}: {value!r} is not null"]
    if model is float:
        ok = isinstance(value, float | int) and not isinstance(value, bool)
    elif isinstance(model, type):
        ok = type(value) is model
    else:
        ok = False
    return [] if ok else [f"{where}: {value!r} is not {getattr(model, '__name__', model)}"]


def _object_problems(value: object, model: object, where: str) -> list[str]:
    import typing

    if not isinstance(value, dict):
        return [f"{where}: not an object"]
    hints = typing.get_type_hints(model)
    required: frozenset[str] = getattr(model, "__required_keys__", frozenset())
    out = [f"{where}: {k!r} is not declared" for k in value if k not in hints]
    out += [f"{where}: {k!r} is missing" for k in sorted(required - value.keys())]
    for key, hint in hints.items():
        if key in value:
            out += result_problems(value[key], hint, f"{where}.{key}")
    return out
