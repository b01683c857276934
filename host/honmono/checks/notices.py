"""Known genuine notices: password recovery, sign-in attempt, one-time password.

Seeds 000, 003 and 004: these genuine mails are routinely mistaken for scams, often do not
appear in the Message Center, and carry what the user needs to judge them — 日時 / デバイス
/ 付近 (date, device, approximate location). This check recognises them, extracts those
fields for the panel (``ctx.details["notice"]``; advice.py adds the matching advice) and
reports whether a code is present — never the code itself: the panel, logs and bug reports
are no place for a live one-time password.

Recognition is wording, which scams copy (the mailing-list corpus has a fake "サインインが
検出されました" with the genuine 日時/デバイス/付近 layout), so it never adds trust: signal
NONE, and an unauthenticated mail gets an explicit caveat. Seed 002's imitation labels the
same facts differently (ログイン日時 / IPアドレス / 場所 instead of 日時 / 付近); such a
layout is a WARN with DOUBT — Amazon could change its template, so not more than a doubt.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from honmono.brands.registry import Brand
from honmono.brands.schema import NoticeKind
from honmono.checks import Context
from honmono.checks.wording import MAX_SCAN
from honmono.core.model import SOURCE_BODY, Category, Evidence, Msg, Signal, Status, Text
from honmono.net.domains import is_brand_domain
from honmono.text.normalize import strip_invisible
from honmono.text.skeleton import compact

MAX_VALUE = 120
CODE_WINDOW = 120
# A genuine notice names its code once or twice; thousands of code phrases are bait.
MAX_CODE_PHRASES = 50
# Amazon's codes have six digits; four-digit runs would be years ("2025").
_CODE_RE = re.compile(r"(?<![0-9A-Za-z-])[0-9]{6,8}(?![0-9A-Za-z-])")
# A value ends before the next sentence that runs on the same line in flattened text
# ("付近: Tokyo, Japan これがお客様でしたら、…"): a token holding Japanese punctuation.
_SENTENCE_TAIL_RE = re.compile(r"\s+\S*[、。]")
_LABEL_PREFIX = r"(?:^|(?<=[\s・•*\-■◆【\[]))"


@dataclass(frozen=True, slots=True)
class Notice:
    kind: str
    title: Text | None  # the kind's name, brand data (None: only imitation labels found)
    datetime: str = ""
    device: str = ""
    location: str = ""
    code_present: bool = False
    imitation_labels: tuple[str, ...] = ()


def _label_regex(labels: list[str]) -> re.Pattern[str]:
    alts = "|".join(re.escape(x) for x in sorted(labels, key=len, reverse=True))
    # The label must end there ("日時指定便" is not the label 日時).
    return re.compile(_LABEL_PREFIX + f"(?P<label>{alts})(?=[ \\t\\u3000:：\\n]|$)"
                      "[ \\t\\u3000]*(?P<colon>[:：])?", re.I | re.M)


def _phrase_regex(phrases: list[str]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    # Latin phrases need word boundaries: "otp" is inside "hotpot".
    alts = "|".join(
        f"(?<![A-Za-z]){re.escape(x)}(?![A-Za-z])" if x.isascii() else re.escape(x)
        for x in sorted(phrases, key=len, reverse=True))
    return re.compile(f"(?:{alts})", re.I)




@cache
def _compiled(brand: Brand) -> dict[str, Any]:
    facts = brand.notices
    fields = facts.notice_field_labels
    label_to_field = {lab.casefold(): name for name, labs in fields.items() for lab in labs}
    all_labels = list(label_to_field)
    imitation = list(facts.notice_imitation_labels)
    compiled = {
        "labels": _label_regex([lab for labs in fields.values() for lab in labs]) if all_labels
        else None,
        "label_to_field": label_to_field,
        "imitation": _label_regex(imitation) if imitation else None,
        "codes": _phrase_regex(list(facts.notice_code_phrases)),
    }
    return compiled


@cache
def _kinds(brand: Brand) -> tuple[tuple[NoticeKind, tuple[str, ...], tuple[str, ...]], ...]:
    """Each notice kind with its subjects and markers in compact form, derived once."""
    return tuple(
        (spec,
         tuple(c for c in (compact(x) for x in spec.subjects) if c),
         tuple(c for c in (compact(x) for x in spec.markers) if c))
        for spec in brand.notices.notice_kinds)


def _recognise(ctx: Context, text: str) -> tuple[NoticeKind, int] | None:
    """The first notice kind whose subject or body marker matches, and where its body starts."""
    subject = compact(ctx.msg.subject[:2_000])
    body = compact(text)
    for spec, subjects, markers in _kinds(ctx.brand):
        subj_hit = any(s in subject for s in subjects)
        marker_pos = -1
        for m in markers:
            pos = body.find(m)
            if pos != -1:
                marker_pos = pos
                break
        # "確認コード" alone is common wording; a bare OTP marker counts only with a code.
        if (spec.kind == "one_time_password" and not subj_hit
                and (marker_pos == -1 or not _code_present(ctx, text))):
            continue
        if subj_hit or marker_pos != -1:
            return spec, _raw_offset(text, spec.markers)
    return None


def _raw_offset(text: str, markers: tuple[str, ...]) -> int:
    """Where the notice body starts in the raw text, so that a forwarded header block's
    "Date:" above it is not taken for the notice's date."""
    folded = text.casefold()
    for marker in markers:
        first = marker.casefold()[:6]
        pos = folded.find(first) if first else -1
        if pos != -1:
            return pos
    return 0


def _codes(ctx: Context, text: str) -> set[str]:
    """The codes given after a code phrase ("確認コードは次のとおりです: 123456")."""
    rx = _compiled(ctx.brand)["codes"]
    found: set[str] = set()
    if rx is None:
        return found
    for i, m in enumerate(rx.finditer(text)):
        if i >= MAX_CODE_PHRASES:
            break
        code = _CODE_RE.search(text, m.end(), m.end() + CODE_WINDOW)
        if code:
            found.add(code.group(0))
            if len(found) >= 5:
                break
    return found


def _code_present(ctx: Context, text: str) -> bool:
    return bool(_codes(ctx, text))


def _clean_value(value: str) -> str:
    value = value.strip(" \t\u3000:：")
    tail = _SENTENCE_TAIL_RE.search(value)
    if tail:
        value = value[: tail.start()]
    return value.strip()[:MAX_VALUE]


def extract_fields(ctx: Context, text: str) -> dict[str, str]:
    """日時 / デバイス / 付近 values, as written (first occurrence of each)."""
    comp = _compiled(ctx.brand)
    rx: re.Pattern[str] | None = comp["labels"]
    if rx is None:
        return {}
    matches = [m for m in rx.finditer(text)
               if m.group("colon") or not m.group("label").isascii()]
    out: dict[str, str] = {}
    for i, m in enumerate(matches):
        field = comp["label_to_field"].get(m.group("label").casefold())
        if field is None or field in out:
            continue
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end == -1 else line_end
        nxt = matches[i + 1].start() if i + 1 < len(matches) else len(text)
        value = text[m.end():min(line_end, nxt)]
        if not value.strip() and nxt > line_end:
            # Table layout (HTML rendered one cell per line): the value is on the next line.
            rest_end = text.find("\n", line_end + 1)
            rest_end = len(text) if rest_end == -1 else rest_end
            value = text[line_end + 1:min(rest_end, nxt)]
        value = _clean_value(value)
        if value:
            out[field] = value
    return out


def _imitation_labels(ctx: Context, text: str) -> tuple[str, ...]:
    """Labels of a login-details block that genuine notices do not use (seed 002)."""
    comp = _compiled(ctx.brand)
    imit: re.Pattern[str] | None = comp["imitation"]
    if imit is None:
        return ()
    found = list(dict.fromkeys(m.group("label") for m in imit.finditer(text) if m.group("colon")))
    if not found:
        return ()
    genuine_rx: re.Pattern[str] | None = comp["labels"]
    genuine = set()
    if genuine_rx is not None:
        genuine = {m.group("label").casefold() for m in genuine_rx.finditer(text)
                   if m.group("colon")}
    # One stray "場所:" is not a login-details block; two labels together are.
    if len(found) + len(genuine) < 2:
        return ()
    return tuple(found[:5])


def _authenticated(ctx: Context) -> bool:
    return any(is_brand_domain(d, ctx.brand) for d in ctx.authenticated_domains)


def _scrub(value: str, codes: set[str]) -> str:
    """Never let a code slip into the panel through a field value."""
    for code in codes:
        value = value.replace(code, "••••")
    return value


def analyse_notice(ctx: Context) -> Notice | None:
    text = strip_invisible(ctx.msg.text[:MAX_SCAN])
    hit = _recognise(ctx, text)
    imitation = _imitation_labels(ctx, text)
    if hit is None:
        if imitation:
            return Notice(kind="", title=None, imitation_labels=imitation)
        return None
    spec, offset = hit
    region = text[offset:]
    fields = extract_fields(ctx, region) or extract_fields(ctx, text)
    codes = _codes(ctx, text)
    return Notice(
        kind=spec.kind,
        title=spec.title,
        datetime=_scrub(fields.get("datetime", ""), codes),
        device=_scrub(fields.get("device", ""), codes),
        location=_scrub(fields.get("location", ""), codes),
        code_present=bool(codes),
        imitation_labels=imitation,
    )


def _chain(id_: str, parts: list[Msg]) -> Msg:
    """``parts`` shown one after the other, joined by the two-part message ``id_``."""
    joined = parts[-1]
    for part in reversed(parts[:-1]):
        joined = Msg(id_, {"first": part, "next": joined})
    return joined


def _fields(n: Notice) -> Msg | None:
    """What the notice states ("Date: … / Device: …"), the code only as present."""
    rows = [Msg(f"notice.field.{name}", {"value": value})
            for name, value in (("datetime", n.datetime), ("device", n.device),
                                ("location", n.location)) if value]
    if n.code_present:
        rows.append(Msg("notice.field.code"))
    return Msg("notice.fields", {"fields": _chain("notice.field.and", rows)}) if rows else None


def _sentences(parts: list[Msg | None]) -> Msg:
    return _chain("common.sentences", [p for p in parts if p is not None])


def _notice_evidence(ctx: Context, n: Notice, authenticated: bool) -> Evidence:
    fields = _fields(n)
    code = Msg("notice.code") if n.code_present else None
    if authenticated:
        judged = n.datetime or n.device or n.location
        title = Msg("notice.genuine.title", {"kind": n.title or n.kind})
        # That such mail may be missing from the Message Center is advice
        # (advice.message_center_gaps), said once, not repeated here.
        detail = _sentences([fields, Msg("notice.judge.fields" if judged
                                         else "notice.judge.unprompted"), code])
    else:
        title = Msg("notice.unverified.title", {"kind": n.title or n.kind})
        detail = _sentences([fields, Msg("notice.unverified.detail"), code])
    return Evidence(id=f"notice.{n.kind}", category=Category.NOTICE, status=Status.INFO,
                    title=title, detail=detail, source="Subject/body")


def check(ctx: Context) -> list[Evidence]:
    n = analyse_notice(ctx)
    if n is None:
        return []
    out: list[Evidence] = []
    if n.kind:
        authenticated = _authenticated(ctx)
        ctx.details["notice"] = {
            "kind": n.kind,
            "datetime": n.datetime,
            "device": n.device,
            "location": n.location,
            "code_present": n.code_present,
            "authenticated": authenticated,
        }
        out.append(_notice_evidence(ctx, n, authenticated))
    if n.imitation_labels:
        labels = _chain("notice.imitation.and", [Msg("notice.imitation.label", {"label": x})
                                                 for x in n.imitation_labels])
        out.append(Evidence(
            id="notice.imitation",
            category=Category.NOTICE,
            status=Status.WARN,
            title=Msg("notice.imitation.title"),
            detail=Msg("notice.imitation.detail", {"labels": labels}),
            source=SOURCE_BODY,
            signal=Signal.DOUBT,
        ))
    return out
