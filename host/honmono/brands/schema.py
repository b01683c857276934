"""The contract of a brand's facts: one typed section per file of ``brands/<brand>/facts/``.

Each facts file is a JSON object of facts plus a ``sources`` table (and, in some files, the
brand's display name under ``brand``). A fact is an object with its ``source`` (a key of a
``sources`` table, or the source itself), an optional ``note``, and its content in one of
three forms, chosen by the field's type below:

- ``tuple[...]``   → ``{"values": [...]}`` (optionally ``"value_sources": {value: source}``
  naming a source for each value)
- ``Patterns``     → ``{"ja": [...], "other": [...]}`` (regular expressions)
- anything else    → ``{"value": ...}``

``parse_section`` checks a file against its section: a missing or unknown fact, an unknown
key in a fact or in one of its items, a value of the wrong type or a pattern that does not
compile is an error at load, naming the file and the fact. Regular expressions are
compiled here, once.

Adding a fact is adding a typed field to its section here, and the fact to its file.
"""

from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from typing import Any

from honmono.core.model import Text


class BrandDataError(ValueError):
    """A facts file that does not keep to this schema; the message says where and why."""


# ---------------------------------------------------------------------------- item types


@dataclass(frozen=True, slots=True)
class Patterns:
    """Regular expressions for Japanese text and for text in other languages.

    Non-ASCII letters are compiled in skeleton form, as the wording check matches text
    ("bestätigen" reads "bestatigen"); the regex syntax, all ASCII, is left alone.
    """

    ja: tuple[str, ...]
    other: tuple[str, ...]
    compiled_ja: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)
    compiled_other: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled_ja", compile_patterns(self.ja))
        object.__setattr__(self, "compiled_other", compile_patterns(self.other))


def compile_patterns(patterns: typing.Iterable[str]) -> tuple[re.Pattern[str], ...]:
    from honmono.text.skeleton import skeleton

    return tuple(re.compile("".join(c if c.isascii() else skeleton(c) for c in p))
                 for p in patterns)


@dataclass(frozen=True, slots=True)
class UrlRule:
    """A redirector or security wrapper: the host (``*.`` wildcards), path and parameters
    that carry the real destination."""

    host: str
    path: str = ""
    params: tuple[str, ...] = ()
    # The destination is embedded in the path, not a parameter.
    embedded: bool = False
    # The embedded destination ends where this string starts.
    until: str = ""
    # How the destination is encoded (e.g. "base64").
    decode: str = ""


@dataclass(frozen=True, slots=True)
class NoticeKind:
    kind: str
    title: Text
    subjects: tuple[str, ...] = ()
    markers: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True, slots=True)
class ScamSubject:
    text: str
    source: str = ""


# ---------------------------------------------------------------------------- sections


@dataclass(frozen=True, slots=True)
class Senders:
    sender_domains: tuple[str, ...]
    organisational_domains: tuple[str, ...]
    bounce_domains: tuple[str, ...]
    route_host_suffixes: tuple[str, ...]
    brand_names: tuple[str, ...]
    display_name_words: tuple[str, ...]
    # Words that name the brand only in a display name (ordinary words elsewhere).
    display_name_only_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Auth:
    esp_signing_domains: tuple[str, ...]
    # Headers (lower case) that the brand's own DKIM signatures always cover: one of its
    # signatures that leaves one of them out, in a mail that has it, is not how the brand
    # signs, and the header is open to whoever replays the mail (auth.decision).
    own_signed_headers: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class QualifiedWord:
    """A name of the brand's service ("Prime", "Alexa", "Fire TV") that presents the brand
    in a display name only beside the generic words listed, never beside a name of its own."""

    generic: tuple[str, ...]
    # Whether the name alone presents the brand ("Prime"), or may be a person's ("Alexa").
    alone: bool
    source: str


@dataclass(frozen=True, slots=True)
class Claim:
    body_claim_phrases: tuple[str, ...]
    # The brand's things people talk about (gift cards): a claim except in a person's words.
    body_topic_phrases: tuple[str, ...]
    # By the service's name, its words in lower case, space-separated ("fire tv").
    display_name_qualified_words: dict[str, QualifiedWord]
    quote_markers: tuple[str, ...]
    quoted_header_from: tuple[str, ...]
    third_party_generic_words: tuple[str, ...]
    # Free mailbox providers: their display names are a person's, never an organisation's.
    personal_mail_domains: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Links:
    link_domains: tuple[str, ...]
    official_footer_url: str
    brand_skeletons: tuple[str, ...]
    brand_word_exceptions: tuple[str, ...]
    hosting_domains: tuple[str, ...]
    owned_domains: tuple[str, ...]
    url_shorteners: tuple[str, ...]
    redirectors: tuple[UrlRule, ...]
    security_wrappers: tuple[UrlRule, ...]
    redirect_params: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Notices:
    notice_kinds: tuple[NoticeKind, ...]
    notice_field_labels: dict[str, tuple[str, ...]]
    notice_imitation_labels: tuple[str, ...]
    notice_code_phrases: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Wording:
    wording_scam_subjects: tuple[ScamSubject, ...]
    wording_threat_patterns: Patterns
    wording_deadline_patterns: Patterns
    wording_request_patterns: Patterns
    wording_callback_patterns: Patterns
    wording_fee_patterns: Patterns
    wording_negations: tuple[str, ...]
    wording_placeholder_patterns: tuple[str, ...]
    wording_simplified_only_hanzi: str
    greeting_generic_ja: tuple[str, ...]
    greeting_generic_other: tuple[str, ...]
    greeting_salutation_words: tuple[str, ...]
    greeting_honorifics: tuple[str, ...]
    compiled_placeholders: tuple[re.Pattern[str], ...] = field(
        init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "compiled_placeholders",
                           compile_patterns(self.wording_placeholder_patterns))


@dataclass(frozen=True, slots=True)
class Attachments:
    # Kinds of file (mail/attachments.py's kind names) the brand never attaches.
    attachment_kinds_never_sent: tuple[str, ...]
    attachment_qr_never_sent: bool
    attachment_prompts_qr: tuple[str, ...]
    attachment_prompts_open: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RelayChannel:
    """A way the brand delivers text someone else wrote, and how it is recognised."""

    id: str
    source: str
    name: Text
    sender_domains: tuple[str, ...]
    headers: tuple[str, ...]  # relay header names (lower case)
    begin: tuple[str, ...]  # lines that open the third party's block
    end: tuple[str, ...]  # lines that close it
    whole: bool  # the whole body (up to an end marker) is the third party's
    subject: bool  # the subject is partly the third party's too


@dataclass(frozen=True, slots=True)
class Relay:
    relay_channels: tuple[RelayChannel, ...]
    relay_block_lines: int
    relay_contact_patterns: tuple[str, ...]
    relay_payment_patterns: tuple[str, ...]
    messaging_contact_patterns: tuple[str, ...]
    messaging_contact_words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ReportAddress:
    """Where phishing that imitates the brand is reported, with the published source."""

    address: str
    name: Text
    source: str


@dataclass(frozen=True, slots=True)
class Publishers:
    publisher_report_to: tuple[ReportAddress, ...]
    # A source as a person reads it (publisher and date), by key of the sources tables.
    publisher_source_names: dict[str, Text]


# Each facts file and its section: the file's stem is the section's name on BrandFacts.
SECTIONS: dict[str, type] = {
    "senders": Senders,
    "auth": Auth,
    "claim": Claim,
    "links": Links,
    "notices": Notices,
    "wording": Wording,
    "attachments": Attachments,
    "publishers": Publishers,
    "relay": Relay,
}

# Keys of a facts file that are not facts.
FILE_KEYS = frozenset({"sources", "brand"})
_FACT_KEYS = frozenset({"source", "note"})


# ---------------------------------------------------------------------------- checking


def declared(section: type) -> dict[str, Any]:
    """The facts a section declares, with their types (computed fields left out)."""
    hints = _hints(section)
    return {f.name: hints[f.name] for f in dataclasses.fields(section) if f.init}


def parse_section(section: type, data: dict[str, Any], where: str) -> tuple[Any, dict[str, str]]:
    """The file's facts as ``section``, and each fact's source key."""
    facts = {k: v for k, v in data.items() if k not in FILE_KEYS}
    fields = declared(section)
    unknown = sorted(facts.keys() - fields.keys())
    if unknown:
        raise BrandDataError(f"{where}: facts not in the schema: {unknown} (declare each "
                             "in brands/schema.py)")
    missing = sorted(fields.keys() - facts.keys())
    if missing:
        raise BrandDataError(f"{where}: facts missing: {missing}")
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    for name, hint in fields.items():
        values[name], sources[name] = _fact(facts[name], hint, f"{where}: {name}")
    try:
        return section(**values), sources
    except re.error as exc:
        raise BrandDataError(f"{where}: a pattern does not compile: {exc}") from None


def _fact(entry: object, hint: Any, where: str) -> tuple[Any, str]:
    if not isinstance(entry, dict):
        raise BrandDataError(f"{where}: a fact must be an object with its source")
    form = ({"values"} if typing.get_origin(hint) is tuple
            else {"ja", "other"} if hint is Patterns else {"value"})
    # A list may name a source per item ("value_sources": {item: source}), for every item.
    allowed = form | ({"value_sources"} if "values" in form else set())
    unknown = sorted(entry.keys() - allowed - _FACT_KEYS)
    missing = sorted(form - entry.keys())
    if unknown or missing:
        raise BrandDataError(f"{where}: expected keys {sorted(form)} beside source and note"
                             + (f"; unknown {unknown}" if unknown else "")
                             + (f"; missing {missing}" if missing else ""))
    source = entry.get("source")
    if not isinstance(source, str) or not source:
        raise BrandDataError(f"{where}: every fact names its source")
    per_item = entry.get("value_sources")
    if per_item is not None:
        items = entry["values"]
        if (not isinstance(per_item, dict) or not isinstance(items, list)
                or set(per_item) != {str(v) for v in items}
                or not all(isinstance(v, str) and v for v in per_item.values())):
            raise BrandDataError(f"{where}: value_sources must name a source for each value "
                                 "and for nothing else")
    if hint is Patterns:
        content: Any = {"ja": entry["ja"], "other": entry["other"]}
    else:
        content = entry["values" if "values" in form else "value"]
    return convert(content, hint, where), source


def convert(value: object, hint: Any, where: str) -> Any:
    """``value`` (parsed JSON) as the type ``hint``, or BrandDataError."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is tuple:
        if not isinstance(value, list):
            raise BrandDataError(f"{where}: expected a list")
        return tuple(convert(v, args[0], f"{where}[{i}]") for i, v in enumerate(value))
    if origin is dict:
        if not isinstance(value, dict):
            raise BrandDataError(f"{where}: expected an object")
        return {str(k): convert(v, args[1], f"{where}.{k}") for k, v in value.items()}
    if origin in (typing.Union, types.UnionType):
        errors = []
        for arg in args:
            try:
                return convert(value, arg, where)
            except BrandDataError as exc:
                errors.append(str(exc))
        raise BrandDataError(errors[0])
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _item(value, hint, where)
    if hint in (str, bool, int) and type(value) is hint:
        return value
    raise BrandDataError(f"{where}: expected {getattr(hint, '__name__', hint)}, "
                         f"got {type(value).__name__}")


def _item(value: object, cls: type, where: str) -> Any:
    if not isinstance(value, dict):
        raise BrandDataError(f"{where}: expected an object")
    fields = {f.name: f for f in dataclasses.fields(cls) if f.init}
    unknown = sorted(value.keys() - fields.keys())
    if unknown:
        raise BrandDataError(f"{where}: unknown keys {unknown}")
    required = {n for n, f in fields.items() if f.default is dataclasses.MISSING
                and f.default_factory is dataclasses.MISSING}
    missing = sorted(required - value.keys())
    if missing:
        raise BrandDataError(f"{where}: missing keys {missing}")
    hints = _hints(cls)
    try:
        return cls(**{k: convert(v, hints[k], f"{where}.{k}") for k, v in value.items()})
    except re.error as exc:  # compiled in __post_init__
        raise BrandDataError(f"{where}: a pattern does not compile: {exc}") from None


_HINTS: dict[type, dict[str, Any]] = {}


def _hints(cls: type) -> dict[str, Any]:
    if cls not in _HINTS:
        _HINTS[cls] = typing.get_type_hints(cls)
    return _HINTS[cls]
