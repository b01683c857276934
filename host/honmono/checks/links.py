"""Links (Category.LINKS): where every link of a mail that claims to be the brand really goes.

A genuine brand mail links only to the brand's own domains (DESIGN.md, evidence 6), so:

* tricks that only a forger plays are DECISIVE whatever else the mail proves: lookalike and
  homoglyph hosts, the brand in front of someone else's domain or in its path,
  ``https://www.amazon.co.jp@evil.example/``, raw IP addresses, a link whose visible
  text shows an official address while it goes elsewhere, the genuine footer
  ("このEメールのリンクは「https://www.amazon.co.jp」で始まります") followed by a URL
  that goes elsewhere;
* any other destination outside the brand — a foreign site, Amazon's rentable cloud
  (amazonaws.com, cloudfront.net), a URL shortener, a form, a ``javascript:`` link — is a
  RED_FLAG: enough for ``phishing`` without authentication, but in a mail whose signature
  proves the brand it is only a warning (a partner link must not overturn proof);
* an official destination reached through someone else's redirector is a warning.

Redirectors and link-protection wrappers (Google /url?q=, Safe Links ?url=, click trackers
with url=/u=/target=) are unwrapped, a bounded number of times, and every hop is judged.

The footer is the seeds' own checkpoint: in genuine security mails a plain-text URL that
starts with https://www.amazon.co.jp follows it. That pattern is reported as a pass with no
weight: a phisher can copy it, so it is never proof.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from honmono.checks import Context
from honmono.checks.urljudge import (
    CUT_TEXT,
    DECISIVE,
    RANK,
    RED,
    WARN,
    Finding,
    Kind,
    LinkJudgement,
    judge_href,
    judgement_msg,
    nowhere,
    rules_of,
    text_findings,
    weigh,
)
from honmono.core.model import (
    SOURCE_BODY,
    Category,
    Evidence,
    InLanguage,
    Items,
    Msg,
    Param,
    Signal,
    Status,
    Verdict,
)
from honmono.mail import headerlinks
from honmono.mail.parse import TRAILING_PUNCT, URL_RE
from honmono.mail.types import Link, url_host
from honmono.net.domains import is_brand_domain, parse_url, to_unicode, within
from honmono.text.normalize import fold

C = Category.LINKS
MAX_DETAILS = 200  # link records kept for the panel; the count of the rest is noted
MAX_HOSTS_NAMED = 5  # hosts named in one evidence item's detail
_CUT_HREF = 500
_FOOTER_WINDOW = 400  # characters after the footer sentence where its URL is looked for


def _msg(id_: str, **params: Any) -> Msg:
    return Msg(f"links.{id_}", params)


# ---------------------------------------------------------------- one link's reason

# What the panel's link list and an evidence's reasons say about a link: the sentence
# links.reason.<why> of the finding, its args named here in order. A finding that carries
# its host's judgement (net/lookalike.py) adds it: the whole of it as $DETAIL$
# (lookalike.*), or the one value the sentence names.
_ARGS: dict[str, tuple[str, ...]] = {
    "lookalike": ("host",), "homoglyph": ("host", "ascii"), "mixed_script": ("host", "ascii"),
    "brand_in_subdomain": ("host", "owner"), "ip_host": (), "hosting": ("host",),
    "owned": ("host",), "invalid": (), "foreign": ("host",), "mailto": ("address",),
    "anchor": (), "nonweb": ("scheme",), "script": ("scheme",), "userinfo": ("shown", "host"),
    "script_redirected": ("scheme",), "no_host": (), "malformed": ("host",),
    "opaque": ("host",), "shortener": ("host",), "forwarder": ("host", "target"),
    "brand_in_path": ("host", "written"), "redirected": ("host", "through"),
    "official": ("host",), "text_shows": ("shown", "host"), "text_lookalike": ("shown",),
    "nowhere": (), "added": (), "form": ("target",), "form_here": (), "image": (),
}
_FROM_JUDGEMENT = {"ip_host": "ip", "hosting": "registrable", "owned": "registrable"}


@lru_cache(maxsize=4096)
def reason_msg(f: Finding) -> Msg:
    """Why ``f`` was found (the panel's link list, an evidence's reasons, the sender's
    detail)."""
    params: dict[str, Param] = dict(zip(_ARGS[f.why], f.args, strict=False))
    if f.detail is not None:
        field_ = _FROM_JUDGEMENT.get(f.why)
        if field_:
            params[field_] = getattr(f.detail, field_)
        else:
            params["detail"] = judgement_msg(f.detail)
    return _msg(f"reason.{f.why}", **params)


def _host_param(f: Finding) -> Param:
    """The host a finding names in a title or a list: a form sending to the mail itself
    names none."""
    return _msg("this_mail") if f.why == "form_here" else f.host or "?"


def _joined(reasons: list[Msg]) -> Msg:
    out = reasons[0]
    for r in reasons[1:]:
        out = _msg("reasons.and", first=out, next=r)
    return out


# ---------------------------------------------------------------- the footer


def _footer_urls(ctx: Context) -> tuple[bool, list[str]]:
    """Whether the footer sentence is there, and the URLs written after it (folded)."""
    rules = rules_of(ctx.brand)
    if not rules.footer_url:
        return False, []
    marker = f"「{fold(rules.footer_url)}」"
    raw = ctx.msg.text
    # fold() of a whole body costs; the sentence always carries the URL's own letters.
    if "www" not in raw and "ｗｗｗ" not in raw:
        return False, []
    text = fold(raw)
    pos = text.find(marker)
    found: list[str] = []
    present = pos != -1
    while pos != -1 and len(found) < 5:
        window = text[pos + len(marker): pos + len(marker) + _FOOTER_WINDOW]
        m = URL_RE.search(window)
        if m:
            found.append(m.group(0).rstrip(TRAILING_PUNCT))
        pos = text.find(marker, pos + 1)
    # A URL of content added after signing (a list footer) is not the sentence's URL.
    added = {fold(h) for h in ctx.added_links}
    return present, [u for u in dict.fromkeys(found) if u not in added]


def _as_written(url: str, text: str) -> str:
    """``url`` (found in folded text) in the case the mail wrote it, for display."""
    i = text.lower().find(url)
    return text[i:i + len(url)] if i != -1 else url


def _footer(ctx: Context, present: bool, found: list[str]) -> list[Evidence]:
    rules = rules_of(ctx.brand)
    if not present:
        return []
    if not found:
        return [Evidence("links.footer_no_url", C, Status.INFO,
                         _msg("footer_no_url.title", url=rules.footer_url),
                         _msg("footer_no_url.detail"), SOURCE_BODY, Signal.NONE)]
    out: list[Evidence] = []
    for folded_url in found:
        url = _as_written(folded_url, ctx.msg.text)
        u = parse_url(url)
        genuine = (u.scheme == "https" and u.userinfo is None and u.host == rules.footer_host
                   and (url.lower() + "/").startswith(rules.footer_url.lower() + "/"))
        if genuine:
            out.append(Evidence(
                "links.footer_genuine", C, Status.PASS,
                _msg("footer_genuine.title", url=rules.footer_url),
                _msg("footer_genuine.detail", found=url[:_CUT_HREF]),
                url[:_CUT_HREF], Signal.NONE))
        else:
            out.append(Evidence(
                "links.footer_elsewhere", C, Status.FAIL,
                _msg("footer_elsewhere.title", url=rules.footer_url,
                     host=to_unicode(u.host) or url[:80]),
                _msg("footer_elsewhere.detail", found=url[:_CUT_HREF], url=rules.footer_url),
                url[:_CUT_HREF], Signal.DECISIVE))
    return out


_TOKEN = re.compile(r"/a/c/r/([A-Za-z0-9_-]{6,})")


def _footer_vouches_for_nothing(footer: list[Evidence], failing: list[Evidence],
                                ctx: Context, found: list[str]) -> list[Evidence]:
    """A correct footer URL is one line of the mail: it does not endorse buttons that go
    elsewhere, and where its tracking token and the buttons' differ, they are not the
    same mail's links."""
    out: list[Evidence] = []
    for e in footer:
        if e.id == "links.footer_genuine" and failing:
            e = Evidence("links.footer_overruled", C, Status.WARN, _msg("footer_overruled.title"),
                         _msg("footer_overruled.detail", url=e.source), e.source, Signal.NONE)
        out.append(e)
    # Compared case-folded: the footer's URLs are found in folded text.
    footer_tokens = {m.group(1).lower() for u in found for m in _TOKEN.finditer(u)}
    if not footer_tokens:
        return out
    button_tokens = {m.group(1).lower() for link in ctx.msg.links if link.origin == "html"
                     for m in _TOKEN.finditer(link.href)}
    if button_tokens and not footer_tokens & button_tokens:
        out.append(Evidence("links.footer_token_mismatch", C, Status.WARN,
                            _msg("footer_token_mismatch.title"),
                            _msg("footer_token_mismatch.detail",
                                 footer=", ".join(sorted(footer_tokens)),
                                 buttons=", ".join(sorted(button_tokens))[:80]),
                            "/a/c/r/", Signal.NONE))
    return out


# ---------------------------------------------------------------- evidence


def _why(kind: Kind, authenticated: bool) -> Msg:
    if kind in DECISIVE:
        return _msg("why.decisive")
    if kind in RED:
        return _msg("why.red_auth" if authenticated else "why.red")
    return _msg("why.warn")


def _evidence(kind: Kind, items: list[tuple[Finding, str]], authenticated: bool) -> Evidence:
    status, signal = weigh(kind, authenticated)
    first, href = items[0]
    # Each host and each reason once (a Msg is compared, not hashed: keyed by what says it).
    hosts = list({("" if f.why == "form_here" else f.host or "?"): _host_param(f)
                  for f, _ in items}.values())
    reasons = list({(f.why, f.args, f.detail): reason_msg(f) for f, _ in items[:3]}.values())
    params: dict[str, Any] = {"reasons": _joined(reasons), "why": _why(kind, authenticated)}
    detail = "finding.detail"
    if len(hosts) > 1:
        more = len(hosts) - MAX_HOSTS_NAMED
        params["hosts"] = Items(tuple(hosts[:MAX_HOSTS_NAMED]))
        detail = "finding.detail_hosts"
        if more > 0:
            params["more"] = more
            detail = "finding.detail_hosts_more"
    return Evidence(f"links.{kind.value}", C, status,
                    _msg(f"{kind.value}.title", host=_host_param(first)),
                    _msg(detail, **params), href[:_CUT_HREF], signal)


def _divergence(ctx: Context, records: dict[str, dict[str, Any]]) -> list[Evidence]:
    """The text/plain rendering links elsewhere than the HTML one Thunderbird shows: the
    shown links are the ones judged; the difference is reported."""
    if not ctx.msg.unshown_links:
        return []
    shown = {r["host"] for r in records.values()}
    others: list[str] = []
    for link in ctx.msg.unshown_links[:200]:
        host = judge_href(link.href.strip(), ctx.brand).final_host
        if host and host not in shown and not nowhere(host) and host not in others:
            others.append(host)
    if not others:
        return []
    return [Evidence(
        "links.text_version_differs", C, Status.WARN, _msg("text_version_differs.title"),
        _msg("text_version_differs.detail", hosts=", ".join(others[:5])),
        "text/plain", Signal.DOUBT)]


# ---------------------------------------------------------------- the check


def _findings(ctx: Context, link: Link, lj: LinkJudgement, footer_urls: frozenset[str],
              third_party: list[tuple[Finding, str]]) -> list[Finding]:
    """What is said about one link, as it appears in this mail (its origin, whether it
    was added after signing, what its text shows)."""
    href = link.href.strip()
    findings = list(lj.findings)
    if link.origin == "header":
        findings = _header_findings(ctx, findings)
    if link.origin == "text" and nowhere(lj.final_host):
        # Thunderbird's linkifier runs on through Japanese text after a URL
        # ("https://www.amazon.co.jp」で始まります。"): such a host has no top-level
        # domain that exists, so the click goes nowhere — no one can own it.
        findings = [Finding(Kind.NONWEB, lj.final_host, "nowhere")]
    added = href in ctx.added_links or (link.origin == "header" and _of_added(ctx, findings))
    if added and not any(f.kind in DECISIVE for f in findings):
        # Added after the brand signed (auth, additions.py): a third party's link. Its
        # failure keeps the mail from genuine; it is no sign the brand's part is forged.
        bad = [f for f in findings if f.kind in RED or f.kind in WARN]
        if ctx.vouching_sealers and within(lj.final_host, ctx.vouching_sealers):
            bad = []  # the trusted list's own link (its unsubscribe page)
        if bad:
            third_party.append((bad[0], href))
        findings = [f for f in findings if f not in bad] or [
            Finding(Kind.NONWEB, lj.final_host, "added")]
    if link.origin == "form":
        where = lj.final_host
        findings.append(Finding(Kind.FORM, where, "form", (where,)) if where
                        else Finding(Kind.FORM, "", "form_here"))
        findings = [f for f in findings if f.kind not in (Kind.NONWEB, Kind.OFFICIAL)] or \
            findings
    if link.origin == "image":
        # An image is not followed by a click; only a forged name in it matters.
        findings = [f for f in findings if f.kind in DECISIVE] or [
            Finding(Kind.NONWEB, lj.final_host, "image")]
    findings += text_findings(link, lj, ctx.brand, footer_urls)
    if any(f.kind in DECISIVE for f in findings):
        # "not Amazon's" says nothing more once the link is shown to be a forgery
        findings = [f for f in findings if f.kind not in (Kind.FOREIGN, Kind.HOSTING)]
    return findings


def _header_findings(ctx: Context, findings: list[Finding]) -> list[Finding]:
    """A header's destination (headerlinks). Its ``mailto:`` composes a mail to that address
    the way Reply does (sender.py judges Reply-To): outside the brand it is foreign, not
    the harmless mail link of a body."""
    return [Finding(Kind.FOREIGN, f.host, f.why, f.args)
            if f.why == "mailto" and f.host and not is_brand_domain(f.host, ctx.brand)
            else f for f in findings]


def _of_added(ctx: Context, findings: list[Finding]) -> bool:
    """A header destination of whoever added content after the brand signed (the list
    whose footer auth proved, a trusted sealer, a DMARC relay): theirs, like that content's
    links, not the brand's word."""
    hosts = {url_host(h) for h in ctx.added_links} - {""}
    ours = (*hosts, *ctx.vouching_sealers, *ctx.relay_domains)
    return bool(ours) and any(f.host and within(f.host, ours) for f in findings)


def _header_evidence(ctx: Context, elsewhere: list[tuple[Finding, str, str]],
                     authenticated: bool) -> list[Evidence]:
    """A header destination outside the brand keeps the mail from genuine even when its
    signature proves it: a replayer can add one the signature does not cover, and
    Thunderbird offers it from the header as if it were the brand's."""
    if not elsewhere:
        return []
    first, href, shown = elsewhere[0]
    hosts = ", ".join(dict.fromkeys(f.host or "?" for f, _, _ in elsewhere[:5]))
    status, signal = (Status.WARN, Signal.NONE) if authenticated else (
        Status.FAIL, Signal.RED_FLAG)
    return [Evidence("links.header_elsewhere", C, status,
                     _msg("header_elsewhere.title", header=shown, host=_host_param(first)),
                     _msg("header_elsewhere.detail", hosts=hosts,
                          target=href[:_CUT_HREF]),
                     shown, signal, ceiling=Verdict.SUSPICIOUS)]


def _record(records: dict[str, dict[str, Any]], link: Link, lj: LinkJudgement, worst: Finding,
            ctx: Context, authenticated: bool) -> dict[str, Any] | None:
    """The panel's line for a link, kept at its worst finding; None past MAX_DETAILS."""
    href = link.href.strip()
    rec = records.get(href)
    if rec is None:
        if len(records) >= MAX_DETAILS:
            return None
        status, _ = weigh(worst.kind, authenticated)
        reason = reason_msg(worst)
        records[href] = rec = {
            "text": link.text[:CUT_TEXT], "href": href[:_CUT_HREF], "host": lj.final_host,
            "origin": link.origin, "status": status.value, "kind": worst.kind.value,
            "reason": InLanguage(reason, "en"), "reason_ja": InLanguage(reason, "ja"),
            "_rank": RANK[worst.kind]}
    elif RANK[worst.kind] < rec["_rank"]:
        status, _ = weigh(worst.kind, authenticated)
        reason = reason_msg(worst)
        rec.update(status=status.value, kind=worst.kind.value, reason=InLanguage(reason, "en"),
                   reason_ja=InLanguage(reason, "ja"), _rank=RANK[worst.kind],
                   text=link.text[:CUT_TEXT])
    return rec


def _summary(ctx: Context, out: list[Evidence], sources: list[tuple[Link, str, str]],
             navigational: set[str], any_official: bool) -> list[Evidence]:
    """The items said about the links as a whole: all official, none, too many."""
    msg = ctx.msg
    doubted = [e for e in out if e.status in (Status.FAIL, Status.WARN)]
    if navigational and not doubted and any_official:
        out.insert(0, Evidence("links.all_official", C, Status.PASS,
                               _msg("all_official.title", count=len(navigational)),
                               _msg("all_official.detail"), "", Signal.NONE))
    elif sources and not navigational and not out:
        out.append(Evidence("links.no_web_links", C, Status.INFO, _msg("no_web_links.title"),
                            _msg("no_web_links.detail"), "", Signal.NONE))
    elif not sources and not out:
        out.append(Evidence("links.none", C, Status.INFO, _msg("none.title"),
                            _msg("none.detail"), "", Signal.NONE))
    if msg.links_total > len(msg.links):
        out.append(Evidence("links.truncated", C, Status.INFO,
                            _msg("truncated.title", checked=len(msg.links)),
                            _msg("truncated.detail", total=msg.links_total), "", Signal.NONE))
    return out


def check(ctx: Context) -> list[Evidence]:
    brand = ctx.brand
    authenticated = bool(ctx.authenticated_domains)
    msg = ctx.msg
    records: dict[str, dict[str, Any]] = {}
    by_kind: dict[Kind, list[tuple[Finding, str]]] = {}
    hosts_by_kind: dict[Kind, set[str]] = {}
    navigational: set[str] = set()
    footer_present, footer_found = _footer_urls(ctx)
    footer_urls = frozenset(footer_found)
    third_party: list[tuple[Finding, str]] = []
    # Body links first, then those found in attachments and QR codes (with their origin).
    # Then what the message header offers (List-Unsubscribe..., headerlinks).
    sources = [(link, "", "") for link in msg.links] + ctx.extra_links + [
        (link, "header", shown) for link, shown in headerlinks.links(msg)]
    elsewhere: list[tuple[Finding, str, str]] = []
    for link, found_in, source in sources:
        href = link.href.strip()
        lj = judge_href(href, brand)
        findings = _findings(ctx, link, lj, footer_urls, third_party)
        for f in findings:
            bucket = by_kind.setdefault(f.kind, [])
            hosts = hosts_by_kind.setdefault(f.kind, set())
            if len(bucket) < 50 and f.host not in hosts:
                # A header's mailto: is named by its header (the panel shows no bare mailto:).
                bucket.append((f, source if found_in == "header" and "://" not in href
                               else href))
                hosts.add(f.host)
        worst = min(findings, key=lambda f: RANK[f.kind])
        if found_in == "header" and (worst.kind in RED or worst.kind in WARN
                                     or worst.kind in DECISIVE):
            elsewhere.append((worst, href, source))
        if worst.kind is not Kind.NONWEB:
            navigational.add(href)
        rec = _record(records, link, lj, worst, ctx, authenticated)
        if rec is not None and found_in and "found_in" not in rec:
            rec.update(found_in=found_in, source=source)
    distinct = len({link.href.strip() for link, _, _ in sources})
    ctx.details["links"] = [{k: v for k, v in r.items() if k != "_rank"} for r in records.values()]
    if distinct > len(records) or msg.links_total > len(msg.links):
        ctx.details["links_more"] = max(distinct - len(records), 0) + max(
            msg.links_total - len(msg.links), 0)

    out: list[Evidence] = []
    for kind in sorted(by_kind, key=lambda k: RANK[k]):
        if kind in (Kind.OFFICIAL, Kind.NONWEB):
            continue
        out.append(_evidence(kind, by_kind[kind], authenticated))
    failing = [e for e in out if e.status is Status.FAIL]
    out += _footer_vouches_for_nothing(_footer(ctx, footer_present, footer_found), failing,
                                       ctx, footer_found)
    out += _divergence(ctx, records)
    out += _header_evidence(ctx, elsewhere, authenticated)
    if third_party:
        named = ", ".join(dict.fromkeys(f.host for f, _ in third_party[:5]))
        out.append(Evidence(
            "links.added_content", C, Status.WARN, _msg("added_content.title"),
            _msg("added_content.detail", hosts=named),
            third_party[0][1][:_CUT_HREF], Signal.DOUBT, ceiling=Verdict.SUSPICIOUS))
    return _summary(ctx, out, sources, navigational, Kind.OFFICIAL in by_kind)
