"""Wording: pressure, requests for secrets, unnatural text and known scam subjects.

Genuine Amazon security mails are urgent too ("アクションが必要です"), and scams copy genuine
sentences word for word, so wording never proves anything and is never DECISIVE: it would
overturn a DKIM proof and repeat the error seed 000 warns about (a real password-recovery
mail dismissed as a scam because of its subject). Wording therefore weighs at most RED_FLAG,
which only turns an *unauthenticated* Amazon claim into phishing:

- a subject reported as phishing (Council of Anti-Phishing Japan, the seeds) → RED_FLAG;
- pressure (threat or deadline) together with a request for card numbers, passwords or
  identity proof → RED_FLAG (the combination is the scam's whole mechanism);
- unnatural text (simplified-Chinese characters, words split by spaces, hidden characters,
  look-alike letters, unfilled kit placeholders) together with pressure or a request →
  RED_FLAG;
- any one of these alone → DOUBT.

Phrases and patterns live in ``data/amazon/wording.json``; this module holds the Unicode
mechanics. It also hosts the text helpers the greeting and notice checks share.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache

from honmono.brands.registry import Brand
from honmono.checks import Context
from honmono.core.model import (
    SOURCE_BODY,
    Category,
    Evidence,
    Items,
    Msg,
    Param,
    Signal,
    Status,
    Verdict,
)
from honmono.mail.types import ParsedMessage
from honmono.text.normalize import fold
from honmono.text.prefilter import LiteralIndex, may_match
from honmono.text.skeleton import skeleton

# Scams put their message in the first screenful; 40,000 characters (several screens of
# Japanese) bound the regex work on long mail, hostile or not.
MAX_SCAN = 40_000
MAX_SUBJECT = 2_000


def _foreign_marks() -> str:
    """A character class of the combining marks (BMP) that do not belong on Latin letters.

    Kana voicing marks and Latin diacritics (U+0300–U+036F) are left out: a Syriac or
    Hebrew mark on an ASCII letter is an obfuscation, an accent is not.
    """
    foreign: list[str] = []
    for cp in range(0x0300, 0x10000):
        if unicodedata.category(chr(cp)) != "Mn" or cp in (0x3099, 0x309A):
            continue
        esc = f"\\u{cp:04x}"
        if not 0x0300 <= cp <= 0x036F:
            foreign.append(esc)
    return "".join(foreign)


_FOREIGN_MARKS = _foreign_marks()
_FOREIGN_MARK_RE = re.compile(f"[a-z][{_FOREIGN_MARKS}]")

_GREEK_CYRILLIC = r"\u0370-\u03ff\u0400-\u04ff"
_MIXED_SCRIPT_RE = re.compile(f"[a-z][{_GREEK_CYRILLIC}]|[{_GREEK_CYRILLIC}][a-z]")
# Zero-width characters between two letters hide words from filters ("P\u200br\u200bi\u200bme").
# Soft hyphens are left out: newsletters use them for hyphenation.
_WORD_CHAR = r"A-Za-z\u3041-\u30ff\u4e00-\u9fff"
_HIDING = r"\u034f\u180e\u200b-\u200f\u2060-\u2064\ufeff"
_INVISIBLE_IN_WORD_RE = re.compile(f"[{_WORD_CHAR}][{_HIDING}]{{1,16}}(?=[{_WORD_CHAR}])")
# A space inside a Japanese word: hiragana–hiragana or katakana–katakana ("いただ きます",
# "メー ル"). Kanji–kana pairs are left out: plain-text parts of genuine HTML mails put
# spaces around former link texts ("お急ぎ便無料 や プライム・ビデオ").
_ODD_SPACE_RE = re.compile(r"[\u3041-\u3096] [\u3041-\u3096]|[\u30a1-\u30fa\u30fc] [\u30a1-\u30fa]")

# The foreign-mark, mixed-script and hidden-character patterns each need a character most
# mail never has: looking for that one first is a single fast scan, where the pattern itself
# is tried at every letter of a Japanese text.
_NEEDS = {_FOREIGN_MARK_RE: re.compile(f"[{_FOREIGN_MARKS}]"),
          _MIXED_SCRIPT_RE: re.compile(f"[{_GREEK_CYRILLIC}]"),
          _INVISIBLE_IN_WORD_RE: re.compile(f"[{_HIDING}]")}


def _found(rx: re.Pattern[str], text: str) -> list[str]:
    """Every match of one of the _NEEDS patterns."""
    if not _NEEDS[rx].search(text):
        return []
    return [m.group(0) for m in rx.finditer(text)]


def squeeze(s: str) -> str:
    r"""Every whitespace run made one space, as re.sub(r"\s+", " ", s) does (str.split and
    \s agree on what whitespace is) in a fraction of the time."""
    words = s.split()
    if not words:
        return " " if s else ""
    inner = " ".join(words)
    return (" " if s[0].isspace() else "") + inner + (" " if s[-1].isspace() else "")


_NOT_ALNUM_RE = re.compile(r"[\W_]+")
_SENTENCE_END = "。!?"

_HIRAGANA_RE = re.compile(r"[\u3041-\u3096]")


def _in_sentence(text: str, m: re.Match[str]) -> bool:
    """A space between katakana words is odd only in a sentence (a line with hiragana):
    a product name ("サーキュレーター アイ ボール 静音") is a list of words, spaced."""
    if _HIRAGANA_RE.match(m.group(0)):
        return True
    start = text.rfind("\n", 0, m.start()) + 1
    end = text.find("\n", m.end())
    return bool(_HIRAGANA_RE.search(text, start, end if end != -1 else len(text)))


_UNNATURAL_MIN = {"odd_spacing": 2, "invisible": 3, "foreign_marks": 3}


def alnum_key(s: str) -> str:
    """Skeleton with only letters and digits kept: 【】, brackets, colons and spaces vanish."""
    return _NOT_ALNUM_RE.sub("", skeleton(s))


@dataclass(frozen=True, slots=True)
class Scanned:
    """The body and subject in the forms the patterns need, computed once per message."""

    raw: str  # first MAX_SCAN characters of the visible text, as decoded
    folded: str  # fold() only: look-alike letters still visible for the mixed-script test
    flat: str  # skeleton, placeholders removed, all whitespace runs → one space
    # skeleton, placeholders removed, all whitespace removed: Japanese has no word spaces,
    # and HTML rendering breaks a sentence at every inline tag ("24時間以内に\nカード情報").
    tight: str
    subject: str  # subject, skeleton with whitespace collapsed
    placeholders: tuple[str, ...] = ()


def scan_message(msg: ParsedMessage, brand: Brand) -> Scanned:
    """Normalised texts of ``msg``."""
    rules = _rules(brand)
    # An image's alt text is words the mail says: a reader sees it where images are not
    # loaded, and a scam written as a picture carries its words there too ("…至急
    # 050-… までお電話ください" on an image-only mail).
    alts = dict.fromkeys(link.text for link in msg.links if link.origin == "image" and link.text)
    raw = "\n".join([msg.text, *alts])[:MAX_SCAN]
    subject = msg.subject[:MAX_SUBJECT]
    found: list[str] = []
    cleaned = raw
    for rx in rules.placeholders:
        found.extend(m.group(0) for m in rx.finditer(cleaned))
        cleaned = rx.sub("", cleaned)
    subj_clean = subject
    for rx in rules.placeholders:
        found.extend(m.group(0) for m in rx.finditer(subj_clean))
        subj_clean = rx.sub("", subj_clean)
    sk = skeleton(cleaned)
    return Scanned(
        raw=raw,
        folded=fold(raw),
        flat=squeeze(sk),
        tight="".join(sk.split()),
        subject=" ".join(skeleton(subj_clean).split()),
        placeholders=tuple(dict.fromkeys(found))[:10],
    )


@dataclass(frozen=True, slots=True)
class _Rules:
    subjects: tuple[tuple[str, str, str], ...]  # (alnum key, as written, source key)
    threat_ja: tuple[re.Pattern[str], ...]
    threat_other: tuple[re.Pattern[str], ...]
    deadline_ja: tuple[re.Pattern[str], ...]
    deadline_other: tuple[re.Pattern[str], ...]
    request_ja: tuple[re.Pattern[str], ...]
    request_other: tuple[re.Pattern[str], ...]
    callback_ja: tuple[re.Pattern[str], ...]
    callback_other: tuple[re.Pattern[str], ...]
    fee_ja: tuple[re.Pattern[str], ...]
    fee_other: tuple[re.Pattern[str], ...]
    negations: tuple[str, ...]
    placeholders: tuple[re.Pattern[str], ...]
    simplified: re.Pattern[str] | None
    literals: LiteralIndex


def _char_class(chars: str) -> re.Pattern[str] | None:
    chars = "".join(c for c in dict.fromkeys(chars) if c.isprintable() and not c.isspace())
    return re.compile("[" + re.escape(chars) + "]") if chars else None


@cache
def _rules(brand: Brand) -> _Rules:
    facts = brand.wording
    subjects = tuple((alnum_key(v.text), v.text, v.source)
                     for v in facts.wording_scam_subjects if alnum_key(v.text))
    kinds = {"threat": facts.wording_threat_patterns,
             "deadline": facts.wording_deadline_patterns,
             "request": facts.wording_request_patterns,
             "callback": facts.wording_callback_patterns,
             "fee": facts.wording_fee_patterns}
    families = {**{f"{kind}_ja": p.compiled_ja for kind, p in kinds.items()},
                **{f"{kind}_other": p.compiled_other for kind, p in kinds.items()}}
    return _Rules(
        subjects=subjects,
        **families,
        negations=tuple(skeleton(n) for n in facts.wording_negations),
        placeholders=facts.compiled_placeholders,
        simplified=_char_class(facts.wording_simplified_only_hanzi),
        literals=LiteralIndex([rx for family in families.values() for rx in family]),
    )


def _sentence(text: str, start: int, end: int, ends: str) -> str:
    """The sentence around text[start:end], at most 120 characters each side (a heading
    without 。 must not borrow a negation from far away)."""
    lo = max(0, start - 120)
    hi = min(len(text), end + 120)
    left = max(text.rfind(c, lo, start) for c in ends)
    begin = left + 1 if left >= 0 else lo
    right_candidates = [i for i in (text.find(c, end, hi) for c in ends) if i != -1]
    right = min(right_candidates) if right_candidates else hi
    return text[begin:right]


def _hits(patterns: tuple[re.Pattern[str], ...], text: str, found: frozenset[str], ends: str,
          negations: tuple[str, ...], limit: int = 3) -> list[str]:
    """Matched snippets whose sentence does not negate them ("決して…しないでください").

    ``found`` is LiteralIndex.found_in(text) of an index built over ``patterns``."""
    out: list[str] = []
    for rx in patterns:
        if not may_match(rx, found):
            continue  # no match possible: the scan would have found nothing
        for m in rx.finditer(text):
            if negations:
                sent = _sentence(text, m.start(), m.end(), ends)
                if any(n in sent for n in negations):
                    continue
            snippet = _whole_phrase(text, m.start(), m.end())
            if snippet and snippet not in out:
                out.append(snippet)
            break  # one snippet per pattern is enough to show why
        if len(out) >= limit:
            break
    return out


# The rest of an inflected word after a pattern's stem: hiragana and the long-vowel mark
# ("ロックさせていただ" + "きます"). Bounded, no nesting: linear.
_WORD_REST = re.compile(r"[\u3041-\u309f\u30fc]{1,12}")
_QUOTE_MAX = 60
_BREAKS = "、。,.!?！？ \n"


def _whole_phrase(text: str, start: int, end: int) -> str:
    """A match quoted to the end of its word, and cut only at a word or clause boundary.

    Pattern stems end mid-word; a quote shown to a user must not ("ロックさせていただ").
    """
    rest = _WORD_REST.match(text, end)
    if rest:
        end = rest.end()
    snippet = text[start:end].strip()
    if len(snippet) <= _QUOTE_MAX:
        return snippet
    cut = max(snippet.rfind(c, 0, _QUOTE_MAX) for c in _BREAKS)
    return (snippet[:cut] if cut > 0 else snippet[:_QUOTE_MAX]).rstrip("、, ") + "…"


@dataclass(slots=True)
class Findings:
    subject: tuple[str, str] | None = None  # (reported subject, source)
    threats: list[str] = field(default_factory=list)
    deadlines: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    simplified: list[str] = field(default_factory=list)
    odd_spacing: list[str] = field(default_factory=list)
    mixed_script: list[str] = field(default_factory=list)
    hidden: int = 0
    placeholders: list[str] = field(default_factory=list)
    callbacks: list[str] = field(default_factory=list)
    fees: list[str] = field(default_factory=list)

    @property
    def pressure(self) -> list[str]:
        return self.threats + self.deadlines

    @property
    def unnatural(self) -> bool:
        return bool(self.simplified or self.odd_spacing or self.mixed_script or self.hidden
                    or self.placeholders)


def analyse_wording(msg: ParsedMessage, brand: Brand) -> Findings:
    """All wording findings for ``msg`` (subject and the first MAX_SCAN characters of text)."""
    rules = _rules(brand)
    sc = scan_message(msg, brand)
    f = Findings()

    subj_key = alnum_key(sc.subject)
    if subj_key:
        for key, written, source in rules.subjects:
            if key in subj_key:
                f.subject = (written, source)
                break

    # Subject and body are scanned together: "24時間以内に…更新" is often in the subject.
    tight = sc.subject.replace(" ", "") + "。" + sc.tight
    flat = sc.subject + "\n" + sc.flat
    neg = rules.negations
    in_tight = rules.literals.found_in(tight)
    in_flat = rules.literals.found_in(flat)

    def hits(ja: tuple[re.Pattern[str], ...], other: tuple[re.Pattern[str], ...]) -> list[str]:
        return (_hits(ja, tight, in_tight, _SENTENCE_END, neg)
                + _hits(other, flat, in_flat, ".!?\n", neg))

    f.threats = hits(rules.threat_ja, rules.threat_other)
    f.deadlines = hits(rules.deadline_ja, rules.deadline_other)
    f.requests = hits(rules.request_ja, rules.request_other)
    f.callbacks = hits(rules.callback_ja, rules.callback_other)
    f.fees = hits(rules.fee_ja, rules.fee_other)

    subject_folded = fold(msg.subject[:MAX_SUBJECT])
    if rules.simplified is not None:
        seen: dict[str, None] = {}
        for m in rules.simplified.finditer(subject_folded + "\n" + sc.folded):
            seen[m.group(0)] = None
            if len(seen) >= 12:
                break
        f.simplified = list(seen)

    scanned = sc.folded[:MAX_SCAN]
    odd = [m.group(0) for m in _ODD_SPACE_RE.finditer(scanned) if _in_sentence(scanned, m)]
    if len(odd) >= _UNNATURAL_MIN["odd_spacing"]:
        f.odd_spacing = list(dict.fromkeys(odd))[:5]
    mixed_src = subject_folded + "\n" + sc.folded
    f.mixed_script = list(dict.fromkeys(_found(_MIXED_SCRIPT_RE, mixed_src)))[:5]
    hidden = len(_found(_INVISIBLE_IN_WORD_RE, sc.raw))
    # The parser strips invisible characters from the subject; marks survive there.
    marks = len(_found(_FOREIGN_MARK_RE, mixed_src))
    if hidden >= _UNNATURAL_MIN["invisible"] or marks >= _UNNATURAL_MIN["foreign_marks"]:
        f.hidden = hidden + marks
    f.placeholders = list(sc.placeholders)[:5]
    return f


def _chain(id_: str, parts: list[Msg]) -> Msg:
    """``parts`` shown one after the other, joined by the two-part message ``id_``."""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Msg(id_, {"first": part, "next": joined})
    return joined


def _quote(items: list[str], n: int = 3) -> Msg:
    """The first ``n`` of ``items``, each quoted as the user's language quotes."""
    return _chain("wording.quote.and", [Msg("wording.quote.item", {"text": s})
                                        for s in items[:n]])


def _unnatural_text(f: Findings) -> Msg:
    found: list[Msg] = []
    if f.simplified:
        found.append(_msg("unnatural.simplified", chars="".join(f.simplified[:8])))
    if f.odd_spacing:
        found.append(_msg("unnatural.odd_spacing", quote=_quote(f.odd_spacing, 2)))
    if f.mixed_script:
        found.append(_msg("unnatural.mixed_script"))
    if f.hidden:
        found.append(_msg("unnatural.hidden", count=f.hidden))
    if f.placeholders:
        found.append(_msg("unnatural.placeholders", names=Items(tuple(f.placeholders[:3]))))
    return _chain("wording.unnatural.and", found)


def _msg(id_: str, **params: Param) -> Msg:
    """A sentence of report/messages/*/wording.json."""
    return Msg(f"wording.{id_}", params)


def _evidence(id_: str, status: Status, signal: Signal, source: str = SOURCE_BODY,
              ceiling: Verdict | None = None, **params: Param) -> Evidence:
    """Evidence ``wording.<id_>``, its words ``wording.<id_>.title`` / ``.detail``."""
    return Evidence(id=f"wording.{id_}", category=Category.WORDING, status=status,
                    title=_msg(f"{id_}.title"), detail=_msg(f"{id_}.detail", **params),
                    source=source, signal=signal, ceiling=ceiling)


def check(ctx: Context) -> list[Evidence]:
    f = analyse_wording(ctx.msg, ctx.brand)
    out: list[Evidence] = []

    if f.subject:
        written, source = f.subject
        name = ctx.brand.publishers.publisher_source_names.get(source)
        out.append(Evidence(
            id="wording.known_scam_subject", category=Category.WORDING, status=Status.FAIL,
            title=_msg("known_scam_subject.title"),
            detail=(_msg("known_scam_subject.detail", subject=written, source=name) if name
                    else _msg("known_scam_subject.detail_unsourced", subject=written)),
            source="Subject", signal=Signal.RED_FLAG))

    pressure = f.pressure
    if pressure and f.requests:
        out.append(_evidence("pressure_and_request", Status.FAIL, Signal.RED_FLAG,
                             pressure=_quote(pressure), request=_quote(f.requests)))
    else:
        if pressure:
            out.append(_evidence("pressure", Status.WARN, Signal.DOUBT, quote=_quote(pressure)))
        if f.requests:
            out.append(_evidence("request", Status.WARN, Signal.DOUBT, quote=_quote(f.requests)))

    if f.callbacks:
        # No request to get in touch off the brand's own channels under a green badge.
        out.append(_evidence("callback", Status.FAIL, Signal.RED_FLAG,
                             ceiling=Verdict.SUSPICIOUS, quote=_quote(f.callbacks)))

    if f.fees:
        out.append(_evidence("fee_request", Status.FAIL, Signal.RED_FLAG, quote=_quote(f.fees)))

    if f.unnatural:
        combined = bool(pressure or f.requests)
        out.append(Evidence(
            id="wording.unnatural",
            category=Category.WORDING,
            status=Status.FAIL if combined else Status.WARN,
            title=_msg("unnatural.title"),
            detail=Msg("common.sentences", {
                "first": _msg("unnatural.found", what=_unnatural_text(f)),
                "next": _msg("unnatural.combined" if combined else "unnatural.alone")}),
            source=SOURCE_BODY,
            signal=Signal.RED_FLAG if combined else Signal.DOUBT,
        ))

    if not out:
        out.append(_evidence("ok", Status.PASS, Signal.NONE))
    return out
