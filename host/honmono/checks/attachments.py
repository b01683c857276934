"""Attachments (Category.ATTACHMENTS): what is attached, and what it asks the reader to do.

The brand's data names the kinds of file it never sends (HTML, SVG, scripts, programs)
and that it sends no QR codes to scan. In a mail that claims the brand:

* such a file (by content, whatever its name or declared type), a QR code that leads
  somewhere, or the words "scan the QR code" are a RED_FLAG — phishing unless proven, a
  warning under proof;
* such a file that holds a form, a password field or links off the brand, or a QR code
  that leads off the brand, is DECISIVE: it is a phishing page whoever delivered it, and
  under the brand's own signature it is someone else's content carried by the brand's
  systems (a seller message, issue 11 §4), never ``genuine``;
* "open the attachment" is a RED_FLAG when nothing ordinary is attached to open (no
  file, or only files of the never-sent kinds); next to an ordinary PDF invoice it is
  what an invoice mail says, and the PDF's own links are judged by the links check;
* a file whose name or declared type hides what it is is a DOUBT;
* a file that could not be read, or only in part, is noted; a part cut by a limit that
  could hold links (a document, not an image) is a DOUBT — a scam must not hide behind
  the limits.

The links, forms and QR destinations found are handed to the links check
(``ctx.extra_links``), which judges them like body links; this module must run before it.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from honmono.brands.registry import Brand
from honmono.checks import Context
from honmono.core.model import SOURCE_BODY, Category, Evidence, Items, Msg, Signal, Status
from honmono.mail import attachments as att_mod
from honmono.mail import filetypes
from honmono.text.normalize import fold

C = Category.ATTACHMENTS
_MAX_NAMED = 5
_CUT = 200


# The kinds the catalogue names (attachments.kind.*); any other is "other".
_KINDS = frozenset({filetypes.HTML, filetypes.SVG, filetypes.SCRIPT, filetypes.EXECUTABLE,
                    filetypes.PDF, filetypes.IMAGE, filetypes.DOCUMENT, filetypes.ARCHIVE,
                    filetypes.TEXT})


def _msg(id_: str, **params: Any) -> Msg:
    """A sentence of report/messages/*/attachments.json."""
    return Msg(f"attachments.{id_}", params)


def _kind(kind: str) -> Msg:
    return _msg(f"kind.{kind if kind in _KINDS else 'other'}")


# Every prompt phrase, folded, contains one of these: the text is searched only around
# their occurrences (a regex alternation run over a whole body costs milliseconds).
_ANCHORS = ("qr", "添付", "attach")
_WINDOW = 60  # characters either side of an anchor; longer than any phrase
_MAX_ANCHORS = 50


@cache
def _prompts(brand: Brand) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    def compile_(prompts: tuple[str, ...]) -> re.Pattern[str] | None:
        phrases = sorted({fold(p) for p in prompts}, key=len, reverse=True)
        for p in phrases:  # the anchors below must find every phrase
            if not any(a in p for a in _ANCHORS) or len(p) > _WINDOW:
                raise ValueError(f"prompt phrase without an anchor or too long: {p!r}")
        return re.compile("|".join(re.escape(p) for p in phrases)) if phrases else None

    facts = brand.attachments
    return compile_(facts.attachment_prompts_qr), compile_(facts.attachment_prompts_open)


def _find_prompt(pattern: re.Pattern[str] | None, folded: str) -> re.Match[str] | None:
    if pattern is None:
        return None
    for anchor in _ANCHORS:
        pos = folded.find(anchor)
        for _ in range(_MAX_ANCHORS):
            if pos == -1:
                break
            hit = pattern.search(folded, max(pos - _WINDOW, 0), pos + _WINDOW)
            if hit:
                return hit
            pos = folded.find(anchor, pos + 1)
    return None


def _named(names: list[str]) -> Items:
    shown = list(dict.fromkeys(names))
    return Items(tuple(shown[:_MAX_NAMED]), len(shown) - _MAX_NAMED)


def _off_brand(href: str, brand: Brand) -> bool:
    from honmono.checks.urljudge import Kind, judge_href

    kinds = {f.kind for f in judge_href(href, brand).findings}
    return bool(kinds - {Kind.OFFICIAL, Kind.NONWEB, Kind.REDIRECTED})


def _leads_off(att: att_mod.Attachment, brand: Brand) -> bool:
    """Whether a file asks for input or sends its reader off the brand (images it loads
    are not destinations)."""
    if att.password_fields or any(fl.link.origin == "form" for fl in att.links):
        return True
    return any(_off_brand(fl.link.href, brand) for fl in att.links
               if fl.link.origin != "image" and fl.link.href)


def _declared(att: att_mod.Attachment) -> str:
    return att.declared + (f" / {att.name[:60]}" if att.name else "")


def _then(first: Msg, next_: Msg) -> Msg:
    return Msg("common.sentences", {"first": first, "next": next_})


def _prompt_evidence(ctx: Context, scan: att_mod.Scan | None, authenticated: bool,
                     never: frozenset[str]) -> list[Evidence]:
    qr_re, open_re = _prompts(ctx.brand)
    text = ctx.msg.subject + "\n" + ctx.msg.text
    # Folding costs; every phrase has a Q, 添 or "attach" in some width or case.
    if not any(c in text for c in "QqＱｑ添") and "ttach" not in text and "TTACH" not in text:
        return []
    folded = fold(text)
    out: list[Evidence] = []
    hit = _find_prompt(qr_re, folded)
    if hit:
        status, signal = ((Status.WARN, Signal.NONE) if authenticated
                          else (Status.FAIL, Signal.RED_FLAG))
        out.append(Evidence("attachments.prompt_qr", C, status,
                            _msg("prompt_qr.title", phrase=hit.group(0)[:60]),
                            _msg("prompt_qr.detail"), SOURCE_BODY, signal))
    hit = _find_prompt(open_re, folded)
    if hit:
        title = _msg("prompt_open.title", phrase=hit.group(0)[:60])
        files = scan.files if scan else []
        ordinary = [a for a in files if a.kind not in never and not a.inline]
        if ordinary:
            out.append(Evidence(
                "attachments.prompt_open", C, Status.INFO, title,
                _msg("prompt_open.detail_ordinary",
                     names=_named([a.shown_name for a in ordinary])), SOURCE_BODY, Signal.NONE))
        else:
            status, signal = ((Status.WARN, Signal.NONE) if authenticated
                              else (Status.FAIL, Signal.RED_FLAG))
            out.append(Evidence("attachments.prompt_open", C, status, title,
                                _msg("prompt_open.detail"), SOURCE_BODY, signal))
    return out


def _file_evidence(ctx: Context, scan: att_mod.Scan, authenticated: bool,
                   never: frozenset[str], qr_never: bool) -> list[Evidence]:
    out: list[Evidence] = []
    red = (Status.WARN, Signal.NONE) if authenticated else (Status.FAIL, Signal.RED_FLAG)
    for att in scan.files:
        name = att.shown_name[:_CUT]
        kind = _kind(att.kind)
        if att.kind in never:
            # A file the brand never sends that asks for input or leads off the brand is a
            # phishing page whoever delivered it: under the brand's own signature it is
            # someone else's content carried by the brand's systems (issue 11, §4).
            leads = _leads_off(att, ctx.brand)
            status, signal = (Status.FAIL, Signal.DECISIVE) if leads else red
            detail = _msg("never_sent.detail_auth" if authenticated else "never_sent.detail")
            if leads:
                detail = _then(detail, _msg("never_sent.detail_leads"))
            if att.disguised_as:
                detail = _then(detail, _msg("disguised.detail", kind=kind,
                                            declared=_declared(att)))
            out.append(Evidence(f"attachments.never_sent.{att.kind}", C, status,
                                _msg("never_sent.title", kind=kind, name=name),
                                detail, name, signal))
        elif att.disguised_as:
            out.append(Evidence(
                "attachments.disguised", C, Status.WARN,
                _msg("disguised.title", name=name),
                _msg("disguised.detail", kind=kind, declared=_declared(att)),
                name, Signal.NONE if authenticated else Signal.DOUBT))
        for payload in att.qr:
            target = payload.strip()[:_CUT]
            leads = bool(att_mod._SCHEME.match(target))
            title = _msg("qr.title", name=name, target=target)
            if leads and qr_never:
                # Off the brand, a QR code to scan is the scam itself, signed or not.
                off = _off_brand(payload.strip(), ctx.brand)
                status, signal = (Status.FAIL, Signal.DECISIVE) if off else red
                out.append(Evidence("attachments.qr", C, status, title, _msg("qr.detail"),
                                    name, signal))
            else:
                out.append(Evidence("attachments.qr_text", C, Status.INFO, title,
                                    _msg("qr.detail_other", target=target), name,
                                    Signal.NONE))
    unreadable = [a.shown_name for a in scan.files if a.unreadable and a.unreadable != "empty"]
    if unreadable:
        out.append(Evidence("attachments.unreadable", C, Status.INFO,
                            _msg("unreadable.title", names=_named(unreadable)),
                            _msg("unreadable.detail"), "", Signal.NONE))
    # A limit that stopped reading a document could hide its links; an image's pixel limit
    # or an image count only spares a QR search.
    limited = [a for a in scan.files if a.limited]
    if limited or scan.files_total > len(scan.files):
        hides = any(a.kind not in (filetypes.IMAGE,) for a in limited) or \
            scan.files_total > len(scan.files)
        names = [a.shown_name for a in limited] or [str(scan.files_total - len(scan.files))]
        out.append(Evidence("attachments.limited", C, Status.INFO,
                            _msg("limited.title", names=_named(names)),
                            _msg("limited.detail"), "",
                            Signal.DOUBT if hides else Signal.NONE))
    listed = [a for a in scan.files if not a.inline or a.qr]
    if listed:
        pairs = list(dict.fromkeys((a.shown_name[:60], a.kind) for a in listed))
        items = Items(tuple(_msg("listed.item", name=n, kind=_kind(k))
                            for n, k in pairs[:_MAX_NAMED]), len(pairs) - _MAX_NAMED)
        out.insert(0, Evidence("attachments.listed", C, Status.INFO,
                               _msg("listed.title", count=len(listed), names=items),
                               _msg("listed.detail"), "", Signal.NONE))
    return out


def _details(scan: att_mod.Scan) -> list[dict[str, Any]]:
    return [{"name": a.shown_name[:_CUT], "declared": a.declared, "type": a.kind,
             "size": a.size, "inline": a.inline,
             **({"disguised_as": a.disguised_as} if a.disguised_as else {}),
             **({"links": len(a.links)} if a.links else {}),
             **({"forms": a.forms} if a.forms else {}),
             **({"qr": [q[:_CUT] for q in a.qr]} if a.qr else {}),
             **({"unreadable": a.unreadable} if a.unreadable else {}),
             **({"limited": a.limited} if a.limited else {})}
            for a in scan.files[:50]]


def check(ctx: Context) -> list[Evidence]:
    brand = ctx.brand
    never = frozenset(brand.attachments.attachment_kinds_never_sent)
    qr_never = brand.attachments.attachment_qr_never_sent
    authenticated = bool(ctx.authenticated_domains)
    scan = att_mod.scan(ctx.msg) if att_mod.worth_scanning(ctx.msg) else None
    out: list[Evidence] = []
    if scan is not None and scan.files:
        ctx.extra_links.extend((fl.link, fl.found_in, fl.source) for fl in scan.links)
        ctx.details["attachments"] = _details(scan)
        out += _file_evidence(ctx, scan, authenticated, never, qr_never)
    out += _prompt_evidence(ctx, scan, authenticated, never)
    return out
