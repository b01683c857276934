"""Lookalike domains: typos, homoglyphs, punycode and brand-in-another-domain tricks.

``judge_host`` sorts a host into official / imitation / merely foreign. An imitation is a
host whose *name* is meant to be read as the brand's:

- the brand's name (or a typo of it) as the registrable label of another domain:
  ``amazom.co.jp``, ``amaz0n.com``, ``arnazon.jp``, ``amazon-security-jp.com``, ``amazon.net``;
- the brand in a subdomain of someone else's domain: ``amazon.co.jp.evil.example``,
  ``amoazm.dxjzb.com`` (scrambled letters, from the JPCERT/CC list);
- an internationalised name whose letters only look like the brand's (``xn--mazon-3ve.com``
  shows as ``аmazon.com`` with a Cyrillic а).

How a label is compared: it is reduced to a visual *skeleton* — Unicode TR39 confusables
and accents (``honmono.text.skeleton``: the table of the ``confusable-homoglyphs`` package,
shipped as data), Latin letters with hooks and strokes read by their Unicode names, then
the ASCII look-alikes dnstwist and phishers use folded together (rn→m, vv→w, 0→o,
1/i→l, n→m ...). A letter with no Latin reading (ə, Cyrillic м) may stand for any one.
The brand's marks get the same treatment. A label imitates a mark when its skeleton
contains the mark's; or, as a whole word, is one edit (Damerau) away, an anagram, or the
mark with two letters of padding. Whole words only for edits, because "amazing" contains
"amaz?n" at one edit: it is a word, not a typo. A 130,000-word English dictionary keeps
clear of all of it. Everything is linear in the host's length.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import cache, lru_cache

from honmono.brands.registry import Brand
from honmono.net.domains import (
    MAX_HOST,
    MAX_LABEL,
    ip_of,
    normalise_host,
    official_domains,
    organisational,
    public_suffix,
    to_ascii,
    to_unicode,
    within,
)
from honmono.text.skeleton import skeleton


class HostKind(StrEnum):
    OFFICIAL = "official"
    LOOKALIKE = "lookalike"  # the brand's name, misspelt or under a domain not its own
    HOMOGLYPH = "homoglyph"  # an IDN whose letters imitate the brand
    BRAND_IN_SUBDOMAIN = "brand_in_subdomain"  # the brand to the left of a foreign domain
    MIXED_SCRIPT = "mixed_script"  # Latin mixed with look-alike scripts, whatever it imitates
    HOSTING = "hosting"  # the brand's cloud: its name, anyone's content
    OWNED = "owned"  # registered by the brand, not where its mail links
    IP = "ip"
    INVALID = "invalid"
    FOREIGN = "foreign"


IMITATIONS = frozenset({HostKind.LOOKALIKE, HostKind.HOMOGLYPH, HostKind.BRAND_IN_SUBDOMAIN})


class Why(StrEnum):
    """Why a host was judged as it was. Word-free: report/messages/<lang>/lookalike.json
    says each (``lookalike.<why>``), with the ``Reason``'s fields as its values."""

    NO_HOST = "no_host"
    RAW_IP = "raw_ip"  # ip
    TOO_LONG = "too_long"  # length
    OFFICIAL_IN_FRONT = "official_in_front"  # mark (the official domain), registrable
    LOOKALIKE_LETTERS = "lookalike_letters"  # label, ascii, mark
    NOT_THE_BRANDS = "not_the_brands"  # label, how, mark, registrable
    IN_SUBDOMAIN = "in_subdomain"  # label, how, mark, registrable
    SPLIT_BY_DOT = "split_by_dot"  # label ("ama.zon"), mark
    FAKE_SUFFIX = "fake_suffix"  # label ("amzanao.co"), mark, registrable
    MIXED_SCRIPT = "mixed_script"  # label, ascii
    HOSTING = "hosting"  # registrable
    OWNED = "owned"  # registrable
    LABEL_TOO_LONG = "label_too_long"


class How(StrEnum):
    """How a label imitates a mark (``lookalike.how.<how>``)."""

    CONTAINS = "contains"
    READS = "reads"  # contains it once look-alike letters are read as the mark's
    TYPO = "typo"
    SCRAMBLED = "scrambled"
    PADDED = "padded"


@dataclass(frozen=True, slots=True)
class Reason:
    """Why, and the values that say it; fields a ``Why`` does not use stay empty."""

    why: Why
    label: str = ""  # the label (or labels) at fault, as a reader sees them
    ascii: str = ""  # its ASCII (punycode) form
    mark: str = ""  # the brand's name (or official domain) imitated
    how: How | None = None
    registrable: str = ""  # the domain that owns the host
    ip: str = ""
    length: int = 0


@dataclass(frozen=True, slots=True)
class HostJudgement:
    host: str  # ASCII (punycode) form
    shown: str  # as a reader sees it (IDN decoded)
    kind: HostKind
    registrable: str = ""
    mark: str = ""  # the brand name imitated
    reason: Reason | None = None  # why, when there is more to say than the kind

    @property
    def imitates(self) -> bool:
        return self.kind in IMITATIONS


# ---------------------------------------------------------------- skeletons

# ASCII look-alikes, folded the same way in marks and hosts. Sequences first: "rn" must
# become "m" before the lone "n" does. From dnstwist's glyph table and common leet.
_MULTI = (("rn", "m"), ("rr", "m"), ("nn", "m"), ("vv", "w"), ("cl", "d"), ("dl", "d"), ("lb", "b"),
          ("lh", "h"), ("lc", "k"))
_SINGLE = str.maketrans("01i|3457896qnvcb", "ollleastdgdgmued")
_WILD = "?"  # a character with no ASCII look-alike: it may stand for any letter
_LATIN_NAME = re.compile(r"LATIN (?:SMALL |CAPITAL )?LETTER (?:SMALL CAPITAL )?([A-Z])\b")


def _fold_ascii(s: str) -> str:
    for seq, rep in _MULTI:
        if seq in s:
            s = s.replace(seq, rep)
    return s.translate(_SINGLE)


@cache
def _confusable_ascii(ch: str) -> str:
    """An ASCII reading of a letter the TR39 table leaves alone, from its Unicode name
    ("LATIN SMALL LETTER O WITH STROKE" ø → o, "LATIN LETTER SMALL CAPITAL M" ᴍ → m), or
    '?' when it has none (ə, ŋ, Cyrillic м)."""
    m = _LATIN_NAME.match(unicodedata.name(ch, ""))
    return m.group(1).lower() if m else _WILD


def _label_skeleton(label: str) -> str:
    """A DNS label's visual skeleton, hyphens kept (they separate words)."""
    if not label.isascii():
        label = skeleton(label)
        if not label.isascii():
            label = "".join(c if c.isascii() else _confusable_ascii(c) for c in label)
    return _fold_ascii(label.lower())


# ---------------------------------------------------------------- matching


def _eq(a: str, b: str) -> bool:
    return a in (b, _WILD)


def _contains(text: str, mark: str) -> bool:
    if mark in text:
        return True
    if _WILD not in text or len(text) < len(mark):
        return False
    k = len(mark)
    for i in range(len(text) - k + 1):  # bounded: only labels with unmapped letters
        window = text[i:i + k]
        if window.count(_WILD) <= 2 and all(_eq(a, b) for a, b in zip(window, mark, strict=True)):
            return True
    return False


def _one_edit(word: str, mark: str) -> bool:
    """OSA distance ≤ 1 for plain ASCII words, without the table."""
    n, m = len(word), len(mark)
    if n == m:
        diff = [i for i in range(n) if word[i] != mark[i]]
        if len(diff) <= 1:
            return True
        i = diff[0]
        return (len(diff) == 2 and diff[1] == i + 1 and word[i] == mark[i + 1]
                and word[i + 1] == mark[i])
    if abs(n - m) != 1:
        return False
    short, long_ = (word, mark) if n < m else (mark, word)
    i = 0
    while i < len(short) and short[i] == long_[i]:
        i += 1
    return short[i:] == long_[i + 1:]


def _within_edits(word: str, mark: str, limit: int) -> bool:
    """Optimal-string-alignment distance ``word``↔``mark`` ≤ limit (adjacent swaps cost 1)."""
    n, m = len(word), len(mark)
    if abs(n - m) > limit:
        return False
    if limit == 1 and _WILD not in word:
        return _one_edit(word, mark)
    prev2: list[int] = []
    prev = list(range(m + 1))
    for i in range(1, n + 1):
        cur = [i] + [0] * m
        for j in range(1, m + 1):
            cost = 0 if _eq(word[i - 1], mark[j - 1]) else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if (i > 1 and j > 1 and _eq(word[i - 1], mark[j - 2])
                    and _eq(word[i - 2], mark[j - 1])):
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[m] <= limit


def _split_by(word: str, mark: str) -> bool:
    """``word`` is ``mark`` with one or two letters pushed in at one place ("amaz-es-on",
    dnstwist's plural). Unlike two free edits this does not reach "amazing"."""
    extra = len(word) - len(mark)
    if extra not in (1, 2):
        return False
    return any(word.startswith(mark[:i]) and word.endswith(mark[i:]) for i in range(1, len(mark)))


# Letters a phisher may slip between the brand's ("amatzons", "amaemzonaket" in the
# JPCERT/CC list). Two keeps every word of a 130,000-word English dictionary clear.
_SLACK = 2


def _interleaved(word: str, mark: str, slack: int) -> bool:
    """``mark``'s letters appear in order in ``word`` within len(mark)+slack letters."""
    k, n = len(mark), len(word)
    if n < k:
        return False
    start = word.find(mark[0])
    while start != -1 and start + k <= n:
        j, i, end = 1, start + 1, min(n, start + k + slack)
        while i < end and j < k:
            if word[i] == mark[j]:
                j += 1
            i += 1
        if j == k:
            return True
        start = word.find(mark[0], start + 1)
    return False


@dataclass(frozen=True, slots=True)
class _Mark:
    name: str  # as written in the brand data
    folded: str
    edits: int  # edits tolerated on a whole word; 0: exact containment only
    letters: str  # sorted, for anagrams
    alphabet: frozenset[str]


def _covers(word: str, mark: str) -> int:
    """How many of the mark's letters (with repeats) the word has."""
    rest = list(word)
    n = 0
    for c in mark:
        if c in rest:
            rest.remove(c)
            n += 1
    return n


def _near_anagram(word: str, mark: str) -> bool:
    """``word`` holds the mark's letters plus at most one more, in any order."""
    if not 0 <= len(word) - len(mark) <= 1:
        return False
    rest = list(word)
    for c in mark:
        if c not in rest:
            return False
        rest.remove(c)
    return True


def _misspells(word: str, mark: _Mark) -> How | None:
    """A whole word one or two edits from the mark (TYPO), or its letters scrambled."""
    extra = len(word) - len(mark.folded)
    if not mark.edits or not -mark.edits <= extra <= 2:
        return None
    # Cheap bound first: each edit brings in at most one letter the mark lacks.
    alien = sum(1 for c in word if c not in mark.alphabet and c != _WILD)
    if alien > 2:
        return None
    if (alien <= mark.edits and _within_edits(word, mark.folded, mark.edits)) or (
            extra > 0 and _split_by(word, mark.folded)):
        return How.TYPO
    # Scrambles of a short name ("amoazm"); a long one rearranged is other words
    # ("videoprime"), not a misreading.
    if not alien and not extra and len(word) <= 7 and _WILD not in word and (
            "".join(sorted(word)) == mark.letters):
        return How.SCRAMBLED
    return None


@dataclass(frozen=True, slots=True)
class _Matcher:
    marks: tuple[_Mark, ...]
    exceptions: frozenset[str]
    official: frozenset[str]
    in_front: re.Pattern[str]  # an official domain followed by more labels
    hosting: frozenset[str]
    owned: frozenset[str]

    def match(self, label: str, contains_only: bool = False) -> tuple[_Mark, How] | None:
        """The mark a label imitates and how, or None."""
        words = [w for w in label.split("-") if w]
        if any(w in self.exceptions for w in words):
            # "amazonia-travel": the ordinary word is removed, the rest still judged
            label = "-".join(w for w in words if w not in self.exceptions)
            words = [w for w in label.split("-") if w]
        if not words:
            return None
        sk = _label_skeleton(label)
        joined = sk.replace("-", "")
        for mark in self.marks:
            if _contains(joined, mark.folded):
                return mark, How.CONTAINS
        if contains_only:
            return None
        candidates = [w for w in sk.split("-") if w]
        for word in candidates:
            for mark in self.marks:
                if mark.edits and _interleaved(word, mark.folded, _SLACK):
                    return mark, How.PADDED
        if len(candidates) > 1:
            candidates.append(joined)  # "ama-zpn": a hyphen inside a typo
        for word in candidates:
            if word.count(_WILD) > 2:
                continue
            for mark in self.marks:
                how = _misspells(word, mark)
                if how is not None:
                    return mark, how
        return None

    def without_exceptions(self, label: str) -> str:
        return "-".join(w for w in label.split("-") if w and w.lower() not in self.exceptions)

    def loose(self, label: str) -> _Mark | None:
        """Looser reading, for a label already placed where a domain name would stand.

        Two edits, but only with all the mark's letters but one present ("amzone",
        "aamznon"; not "mason" or "amaze"), a scramble with one letter more ("amzanao"),
        or three letters of padding. Short marks only: "primevideo" two edits away is
        "primetime"."""
        hit = self.match(label)
        if hit:
            return hit[0]
        words = [w for w in label.lower().split("-") if w and w not in self.exceptions]
        raw = "".join(words)
        word = _label_skeleton(raw)
        if not raw.isascii() or _WILD in word or len(word) > 16:
            return None
        for mark in self.marks:
            if not mark.edits or len(mark.folded) >= 10:
                continue
            plain = mark.name.lower()
            if ((_within_edits(raw, plain, 2) and _covers(raw, plain) >= len(plain) - 1)
                    or _near_anagram(word, mark.folded)
                    or _interleaved(word, mark.folded, _SLACK + 1)):
                return mark
        return None


def misspelt_mark(word: str, brand: Brand) -> str:
    """The brand's mark that a single word of a name misspells ("amazom", "amzon"), or "".
    The same reading as a domain's label, so a sender's name and its host are held to one
    rule; the brand's name written plainly is not a misspelling (claim.py finds that)."""
    word = word.lower()
    if not word.isascii() or not word.isalnum() or len(word) > MAX_LABEL:
        return ""
    m = _matcher(brand)
    if word in m.exceptions or any(word == mk.name for mk in m.marks):
        return ""
    hit = m.match(word)
    # Containing the mark as written is the name itself, joined to other words.
    return hit[0].name if hit and hit[0].name not in word else ""


# Labels that read as the start of a domain suffix (co.jp, co.ip, com, jp) once folded.
_FAKE_SUFFIX_LABELS = frozenset({"eo", "eom", "jp", "lp", "jq", "ne", "om"})


@lru_cache(maxsize=8)
def _matcher(brand: Brand) -> _Matcher:
    marks = []
    for name in brand.links.brand_skeletons:
        folded = _fold_ascii(name.lower())
        # One edit from a 5+ letter mark; two from a long one ("amazoncojp"). Shorter
        # marks only as written: one edit from "amzn" is half the dictionary.
        edits = 0 if len(folded) < 5 else (1 if len(folded) < 10 else 2)
        marks.append(_Mark(name, folded, edits, "".join(sorted(folded)), frozenset(folded)))
    return _Matcher(
        marks=tuple(marks),
        exceptions=frozenset(w.lower() for w in brand.links.brand_word_exceptions),
        official=official_domains(brand),
        in_front=re.compile(r"(?<![a-z0-9])(" + "|".join(
            re.escape(d) for d in sorted(official_domains(brand), key=len, reverse=True))
            + r")\."),
        hosting=frozenset(brand.links.hosting_domains),
        owned=frozenset(brand.links.owned_domains),
    )


# ---------------------------------------------------------------- judging


@cache
def _script_of(ch: str) -> str:
    """The script of a letter, from the first word of its Unicode name (LATIN, CYRILLIC,
    GREEK, HIRAGANA, CJK ...): precise enough to tell Latin mixed with Cyrillic."""
    name = unicodedata.name(ch, "")
    return name.split(" ", 1)[0] if name else "UNKNOWN"


# Scripts a Latin label may mix with in legitimate Japanese, Chinese and Korean names
# (TR39 "highly restrictive" profile); Latin with anything else is a homograph tell.
_CJK_SCRIPTS = frozenset({"LATIN", "CJK", "HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA",
                          "HANGUL", "BOPOMOFO", "IDEOGRAPHIC", "HALFWIDTH", "FULLWIDTH"})


def _mixed_script(label: str) -> bool:
    if label.isascii():
        return False
    scripts = {_script_of(c) for c in label if c.isalpha()}
    return "LATIN" in scripts and bool(scripts - _CJK_SCRIPTS)


def _official_in_front(host: str, reg: str, m: _Matcher) -> str:
    """An official domain written as the left part of a longer, foreign host: wholly in
    its subdomain part ("a.co" in shop.a.co.jp is the registrable a.co.jp, not Amazon's)."""
    limit = len(host) - len(reg)
    for hit in m.in_front.finditer(host, 0, max(limit, 0)):
        if hit.end() <= limit:
            return hit.group(1)
    return ""


def judge_host(host: str, brand: Brand) -> HostJudgement:
    """Official, an imitation of the brand, or foreign — with the reason."""
    # The cache key is bounded too: nothing past 4×253 characters changes the answer.
    return _judge(host[: MAX_HOST * 4], brand)


@lru_cache(maxsize=8192)
def _judge(host: str, brand: Brand) -> HostJudgement:
    h = normalise_host(host)
    if not h:
        return HostJudgement("", "", HostKind.INVALID, reason=Reason(Why.NO_HOST))
    ip = ip_of(h)
    if ip:
        return HostJudgement(h, h, HostKind.IP, reason=Reason(Why.RAW_IP, ip=ip))
    m = _matcher(brand)
    if len(h) > MAX_HOST:
        # No resolver looks such a name up; still say so when it carries the brand.
        named = next((mk for mk in m.marks if mk.name in h), None)
        kind = HostKind.LOOKALIKE if named else HostKind.INVALID
        return HostJudgement(h[:80] + "…", h[:80] + "…", kind, mark=named.name if named else "",
                             reason=Reason(Why.TOO_LONG, length=len(h)))
    asc = to_ascii(h)
    shown = to_unicode(asc)
    if within(asc, m.official):
        return HostJudgement(asc, shown, HostKind.OFFICIAL)
    reg = organisational(asc)
    front = _official_in_front(asc, reg, m)
    if front:
        return HostJudgement(asc, shown, HostKind.BRAND_IN_SUBDOMAIN, reg, front,
                             Reason(Why.OFFICIAL_IN_FRONT, mark=front,
                                    registrable=to_unicode(reg)))
    suffix = public_suffix(asc)
    labels = shown.split(".")
    n_suffix = suffix.count(".") + 1 if suffix else 0
    names = labels[: max(len(labels) - n_suffix, 0)]
    return (_by_label(asc, shown, reg, names, m)
            or _split_by_dot(asc, shown, reg, names, m)
            or _in_front_of_suffix(asc, shown, reg, names, m)
            or _not_imitating(asc, shown, reg, names, m))


def _exempt(reg: str, m: _Matcher) -> bool:
    """The brand's cloud or its own other domains: their registrable label is its name."""
    return within(reg, m.hosting) or within(reg, m.owned)


def _by_label(asc: str, shown: str, reg: str, names: list[str],
              m: _Matcher) -> HostJudgement | None:
    """A label of the host that imitates a mark."""
    reg_i = len(names) - 1
    exempt = _exempt(reg, m)
    for i, label in enumerate(names):
        if i == reg_i and exempt:
            continue
        hit = m.match(label)
        if not hit:
            continue
        mark, how = hit
        if how is How.CONTAINS and mark.name not in label.replace("-", ""):
            how = How.READS
        if not label.isascii():
            return HostJudgement(asc, shown, HostKind.HOMOGLYPH, reg, mark.name,
                                 Reason(Why.LOOKALIKE_LETTERS, label=label,
                                        ascii=to_ascii(label), mark=mark.name))
        kind, why = ((HostKind.LOOKALIKE, Why.NOT_THE_BRANDS) if i == reg_i
                     else (HostKind.BRAND_IN_SUBDOMAIN, Why.IN_SUBDOMAIN))
        return HostJudgement(asc, shown, kind, reg, mark.name,
                             Reason(why, label=label, mark=mark.name, how=how,
                                    registrable=to_unicode(reg)))
    return None


def _split_by_dot(asc: str, shown: str, reg: str, names: list[str],
                  m: _Matcher) -> HostJudgement | None:
    """dnstwist's "subdomain" trick splits the name with a dot: ama.zon.co.jp."""
    reg_i = len(names) - 1
    exempt = _exempt(reg, m)
    for i in range(len(names) - 1):
        if i + 1 == reg_i and exempt:
            continue
        left, right = m.without_exceptions(names[i]), m.without_exceptions(names[i + 1])
        if not left or not right:
            continue  # "www.amazonia": nothing split, just an ordinary word
        pair = left + right
        hit = m.match(pair, contains_only=True)
        if hit:
            kind = HostKind.HOMOGLYPH if not pair.isascii() else HostKind.LOOKALIKE
            return HostJudgement(asc, shown, kind, reg, hit[0].name,
                                 Reason(Why.SPLIT_BY_DOT, label=f"{names[i]}.{names[i + 1]}",
                                        mark=hit[0].name))
    return None


def _in_front_of_suffix(asc: str, shown: str, reg: str, names: list[str],
                        m: _Matcher) -> HostJudgement | None:
    """A fake domain written in front of the real one: "amzanao.co.ip.selluious.shop",
    "amznom.co.jp.accoutamzaon.cc" (JPCERT/CC list). The shape itself is the tell, so
    the name in front may stray further from the brand than a bare label may."""
    for i in range(len(names) - 2):
        if _fold_ascii(names[i + 1]) in _FAKE_SUFFIX_LABELS:
            loose = m.loose(names[i])
            if loose:
                return HostJudgement(asc, shown, HostKind.BRAND_IN_SUBDOMAIN, reg, loose.name,
                                     Reason(Why.FAKE_SUFFIX, label=f"{names[i]}.{names[i + 1]}",
                                            mark=loose.name, registrable=to_unicode(reg)))
    return None


def _not_imitating(asc: str, shown: str, reg: str, names: list[str],
                   m: _Matcher) -> HostJudgement:
    """A host that imitates no mark: mixed scripts, the brand's cloud or other domains,
    a label DNS refuses, or simply foreign."""
    for label in names:
        if _mixed_script(label):
            return HostJudgement(asc, shown, HostKind.MIXED_SCRIPT, reg,
                                 reason=Reason(Why.MIXED_SCRIPT, label=label,
                                               ascii=to_ascii(label)))
    if within(reg, m.hosting):
        return HostJudgement(asc, shown, HostKind.HOSTING, reg,
                             reason=Reason(Why.HOSTING, registrable=reg))
    if within(reg, m.owned):
        return HostJudgement(asc, shown, HostKind.OWNED, reg,
                             reason=Reason(Why.OWNED, registrable=reg))
    if any(len(label) > MAX_LABEL for label in asc.split(".")):
        return HostJudgement(asc, shown, HostKind.INVALID, reg,
                             reason=Reason(Why.LABEL_TOO_LONG))
    return HostJudgement(asc, shown, HostKind.FOREIGN, reg)


def lookalike_of(host: str, brand: Brand) -> Reason | None:
    """Why ``host`` imitates the brand without being one of its domains, or None."""
    j = judge_host(host, brand)
    return j.reason if j.imitates else None
