"""Greeting: does the mail open with the user's registered name?

Seeds 000 and 003: genuine Amazon security mails begin with the name registered on the
account ("田中太郎, 誰かが…", the honorific often omitted); scams cannot know it and write
"Amazonお客様", "お客様", "(address)様" or "Dear Customer". The name is the reliable part,
so the verdict-changing outcomes need the user's names:

- names set, a name near the top → PASS (no signal: a leaked name can be copied);
- names set, a generic or address salutation → FAIL, RED_FLAG;
- names set, anything else → WARN, DOUBT;
- no names set: a salutation by e-mail address → FAIL, RED_FLAG (Amazon always has the
  account's name and never greets by address; it is a bulk mailer's merge field); a generic
  salutation → WARN, DOUBT; otherwise INFO asking the user to set the name.
"""

from __future__ import annotations

import re
from functools import cache

from honmono.brands.registry import Brand
from honmono.checks import Context
from honmono.core.model import SOURCE_BODY, Category, Evidence, Msg, Signal, Status
from honmono.text.skeleton import compact, skeleton

# The greeting is at the top; HTML mails put a logo line and a menu before it.
HEAD_CHARS = 1_500
HEAD_LINES = 15
MAX_SALUTATION = 80

_CUT_RE = re.compile(r"[,，、:：!！。]")
# Scam merge fields are not RFC-clean ("phishing@pot@hotmail.com"): any @ without spaces.
_EMAIL_RE = re.compile(r"[^\s@<>()\[\]「」]{1,64}@[^\s<>()\[\]「」]{1,253}")
_SPACE_RE = re.compile(r"\s+")
# A name in Latin letters at the top ("Taro Tanaka 様"): Amazon writes the name as it was
# registered, which may be romanised while the user set it in kanji.
_ROMAN_NAME_RE = re.compile(r"([A-Z][a-z]{1,20})[ \u3000]([A-Z][a-z]{1,20})[ \u3000]?"
                            r"(?:様|さま|殿|san)?")


def _head_lines(text: str) -> list[str]:
    lines: list[str] = []
    for line in text[:HEAD_CHARS].splitlines():
        if line.strip():
            lines.append(line.strip())
            if len(lines) >= HEAD_LINES:
                break
    return lines


def _name_forms(name: str, brand: Brand) -> list[str]:
    """Compact forms of a registered name: as typed, without an honorific, and reversed
    for two-part names ("Taro Tanaka" / "Tanaka Taro")."""
    base = name.strip()
    for hon in sorted(brand.wording.greeting_honorifics, key=len, reverse=True):
        if base.endswith(hon) and len(base) > len(hon):
            base = base[: -len(hon)]
            break
    forms = [compact(base)]
    parts = _SPACE_RE.split(skeleton(base).strip())
    if len(parts) == 2:
        forms.append(parts[1] + parts[0])
    return [f for f in dict.fromkeys(forms) if len(f) >= 2]


@cache
def _vocabulary(brand: Brand) -> tuple[tuple[str, ...], tuple[str, ...], frozenset[str]]:
    """Salutation words and honorifics (skeletons, longest first) and generic greetings
    (compact), derived once per brand rather than for every line of every mail."""
    words = tuple(sorted((skeleton(w) for w in brand.wording.greeting_salutation_words),
                         key=len, reverse=True))
    honorifics = tuple(sorted((skeleton(h) for h in brand.wording.greeting_honorifics),
                              key=len, reverse=True))
    generic = frozenset(compact(g) for g in (*brand.wording.greeting_generic_ja,
                                             *brand.wording.greeting_generic_other))
    return words, honorifics, generic


def _strip_affixes(s: str, brand: Brand) -> tuple[str, bool]:
    """A salutation (skeleton, single spaces) without its opening word ("dear …") and its
    honorific ("…様"); the flag says whether either was there."""
    affixed = False
    words, honorifics, _ = _vocabulary(brand)
    for w in words:
        if s.startswith(w + " "):
            s = s[len(w):].strip()
            affixed = True
            break
    for h in honorifics:
        if s.endswith(h) and len(s) > len(h):
            s = s[: -len(h)].strip()
            affixed = True
            break
    return s, affixed


def _local_parts(ctx: Context) -> set[str]:
    parts: set[str] = set()
    for a in ctx.msg.recipients:
        if "@" in a.addr:
            parts.add(compact(a.addr.rpartition("@")[0]))
    for addr in ctx.settings.addresses:
        if "@" in addr:
            parts.add(compact(addr.rpartition("@")[0]))
    return {p for p in parts if len(p) >= 3}


def classify(ctx: Context) -> tuple[str, str]:
    """("name" | "address" | "generic" | "other" | "none", the line that decided it)."""
    lines = _head_lines(ctx.msg.text)
    if not lines:
        return "none", ""
    head = compact("\n".join(lines))
    for name in ctx.settings.names:
        for form in _name_forms(name, ctx.brand):
            if form in head:
                return "name", name
    generic = _vocabulary(ctx.brand)[2]
    locals_ = _local_parts(ctx)
    for i, line in enumerate(lines):
        salutation = _CUT_RE.split(line, maxsplit=1)[0].strip()
        if not salutation or len(salutation) > MAX_SALUTATION:
            continue
        sal = compact(salutation)
        # "お客様へ": the particle へ ("to") may follow any salutation.
        if sal in generic or (sal.endswith("へ") and sal[:-1] in generic):
            return "generic", salutation
        core, affixed = _strip_affixes(_SPACE_RE.sub(" ", skeleton(salutation)).strip(),
                                       ctx.brand)
        # An address is a greeting when it is framed as one ("Hello bob@…", "bob@…様") or
        # opens the mail; a bare address further down is a footer ("list -- x@lists…").
        if _EMAIL_RE.fullmatch(core) and (affixed or i == 0):
            return "address", salutation
        # A local part alone ("taro.t様") is an address greeting unless it could be the
        # user's own name ("tanaka様" for tanaka@…), which only the names setting can tell.
        if affixed and core in locals_ and (ctx.settings.names or not core.isalpha()):
            return "address", salutation
    return "other", lines[0][:60]


def _evidence(id_: str, status: Status, detail: Msg, source: str = SOURCE_BODY,
              signal: Signal = Signal.NONE, words: str = "") -> Evidence:
    """Evidence ``greeting.<id_>``, its words ``greeting.<words or id_>.*``."""
    return Evidence(id=f"greeting.{id_}", category=Category.GREETING, status=status,
                    title=Msg(f"greeting.{words or id_}.title"), detail=detail,
                    source=source, signal=signal)


def check(ctx: Context) -> list[Evidence]:
    kind, line = classify(ctx)
    has_names = bool(ctx.settings.names)
    if kind == "name":
        return [_evidence("name", Status.PASS, Msg("greeting.name.detail", {"name": line}))]
    if kind == "address":
        return [_evidence("address", Status.FAIL,
                          Msg("greeting.address.detail", {"salutation": line}),
                          signal=Signal.RED_FLAG)]
    if kind == "generic":
        words = "generic" if has_names else "generic_unset"
        return [_evidence("generic", Status.FAIL if has_names else Status.WARN,
                          Msg(f"greeting.{words}.detail", {"salutation": line}),
                          signal=Signal.RED_FLAG if has_names else Signal.DOUBT, words=words)]
    if not has_names:
        return [_evidence("no_names", Status.INFO, Msg("greeting.no_names.detail"),
                          source="settings.names")]
    roman = _ROMAN_NAME_RE.fullmatch(_CUT_RE.split(line, maxsplit=1)[0].strip()) if line else None
    if roman and not any(n.isascii() for n in ctx.settings.names):
        # Unknowable without the user: offer both orders of the romanised name to add.
        first, last = roman.group(1), roman.group(2)
        return [_evidence("romanised_name", Status.INFO,
                          Msg("greeting.romanised_name.detail",
                              {"line": line, "name": f"{first} {last}",
                               "reversed": f"{last} {first}"}),
                          source="settings.names")]
    begins = (Msg("greeting.other.begins", {"line": line}) if line
              else Msg("greeting.other.empty"))
    return [_evidence("other", Status.WARN, Msg("greeting.other.detail", {"begins": begins}),
                      signal=Signal.DOUBT)]
