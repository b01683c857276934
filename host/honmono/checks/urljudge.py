"""Where a link really goes, for the brand: the URL judgement the links check weighs.

``judge_href`` unwraps redirectors and link-protection wrappers (Google /url?q=, Safe
Links ?url=, click trackers with url=/u=/target=) a bounded number of times and judges
every hop's host against the brand (net/lookalike.py); ``text_findings`` compares what a
link's visible text shows with where it goes. Findings carry a kind, the host and the
values of their reason (``why``, ``args``), no words: checks/links.py says them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from urllib.parse import parse_qsl, unquote

from honmono.brands.registry import Brand
from honmono.brands.schema import UrlRule
from honmono.core.model import Msg, Param, Signal, Status
from honmono.mail.parse import TRAILING_PUNCT, URL_RE
from honmono.mail.types import Link
from honmono.net.domains import (
    ip_of,
    is_domain_name,
    is_official,
    normalise_host,
    organisational,
    parse_url,
    tld_exists,
    to_unicode,
)
from honmono.net.lookalike import HostJudgement, HostKind, Reason, Why, judge_host
from honmono.text.normalize import fold
from honmono.text.skeleton import skeleton

MAX_HOPS = 5  # redirect layers unwrapped; phishers nest two or three at most
CUT_TEXT = 200

# A URL as written in text (same class of characters as the parser's).
# ASCII boundaries: Japanese text runs straight into a domain ("amazon.co.jpで確認").
_TEXT_DOMAIN = re.compile(r"(?<![a-z0-9.@-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,8}"
                          r"[a-z]{2,24})(?![a-z0-9-])")
_WEB = frozenset({"http", "https", "ftp", "ws", "wss"})
_NONWEB = frozenset({"mailto", "tel", "sms", "cid", "mid", "callto", "facetime", "about"})


class Kind(StrEnum):
    # DECISIVE: only a forger does this
    LOOKALIKE = "lookalike"
    HOMOGLYPH = "homoglyph"
    BRAND_IN_SUBDOMAIN = "brand_in_subdomain"
    MIXED_SCRIPT = "mixed_script"
    BRAND_IN_PATH = "brand_in_path"
    USERINFO = "userinfo"
    IP = "ip_host"
    TEXT_MISMATCH = "text_mismatch"
    FOOTER_ELSEWHERE = "footer_elsewhere"
    FOOTER_LINKED = "footer_linked"
    # RED_FLAG: not the brand's (a warning only when the mail is authenticated)
    FOREIGN = "foreign"
    HOSTING = "hosting"
    SHORTENER = "shortener"
    FORWARDER = "forwarder"
    FORM = "form"
    SCRIPT = "script"
    INVALID = "invalid"
    TEXT_OTHER = "text_other"
    # WARN
    REDIRECTED = "redirected"
    OPAQUE = "opaque_wrapper"
    # PASS / INFO
    OFFICIAL = "official"
    NONWEB = "nonweb"


DECISIVE = frozenset({Kind.LOOKALIKE, Kind.HOMOGLYPH, Kind.BRAND_IN_SUBDOMAIN,
                       Kind.MIXED_SCRIPT, Kind.BRAND_IN_PATH, Kind.USERINFO, Kind.IP,
                       Kind.TEXT_MISMATCH, Kind.FOOTER_ELSEWHERE, Kind.FOOTER_LINKED})
RED = frozenset({Kind.FOREIGN, Kind.HOSTING, Kind.SHORTENER, Kind.FORWARDER, Kind.FORM,
                  Kind.SCRIPT, Kind.INVALID, Kind.TEXT_OTHER})
WARN = frozenset({Kind.REDIRECTED, Kind.OPAQUE})
# Order of evidence items and of "worst finding" per link.
RANK = {k: i for i, k in enumerate(Kind)}

_HOST_KIND = {HostKind.LOOKALIKE: Kind.LOOKALIKE, HostKind.HOMOGLYPH: Kind.HOMOGLYPH,
              HostKind.BRAND_IN_SUBDOMAIN: Kind.BRAND_IN_SUBDOMAIN,
              HostKind.MIXED_SCRIPT: Kind.MIXED_SCRIPT, HostKind.IP: Kind.IP,
              HostKind.HOSTING: Kind.HOSTING, HostKind.OWNED: Kind.FOREIGN,
              HostKind.FOREIGN: Kind.FOREIGN, HostKind.INVALID: Kind.INVALID}


def weigh(kind: Kind, authenticated: bool) -> tuple[Status, Signal]:
    """Status and signal of a finding; authentication softens all but the forger's tricks."""
    if kind in DECISIVE:
        return Status.FAIL, Signal.DECISIVE
    if kind in RED:
        return (Status.WARN, Signal.NONE) if authenticated else (Status.FAIL, Signal.RED_FLAG)
    if kind in WARN:
        return (Status.WARN, Signal.NONE) if authenticated else (Status.WARN, Signal.DOUBT)
    if kind is Kind.OFFICIAL:
        return Status.PASS, Signal.NONE
    return Status.INFO, Signal.NONE



@dataclass(frozen=True, slots=True)
class Finding:
    kind: Kind
    host: str  # the host the finding is about, as a reader sees it
    why: str  # the kind of reason: the sentence links.reason.<why> (checks/links.py)
    args: tuple[str, ...] = ()  # its values: hosts, addresses, schemes as the mail has them
    detail: Reason | None = None  # what the host's judgement found (net/lookalike.py)


def judgement_msg(r: Reason) -> Msg:
    """A host's judgement (net/lookalike.py) as a sentence of lookalike.json."""
    params: dict[str, Param] = {}
    for name in ("label", "ascii", "mark", "registrable", "ip"):
        value = getattr(r, name)
        if value:
            params[name] = value
    if r.how is not None:
        params["how"] = Msg(f"lookalike.how.{r.how.value}")
    if r.why is Why.TOO_LONG:
        params["length"] = r.length
    return Msg(f"lookalike.{r.why.value}", params)

@dataclass(frozen=True, slots=True)
class LinkJudgement:
    href: str
    final_host: str  # where the browser ends up, as far as can be read
    findings: tuple[Finding, ...]


# ---------------------------------------------------------------- brand rules


@dataclass(frozen=True, slots=True)
class _Rule:
    host: str
    path: str
    params: tuple[str, ...]
    embedded: bool
    until: str
    decode: str

    def matches_host(self, host: str) -> bool:
        pat = self.host
        if pat.startswith("*."):
            return host.endswith(pat[1:])
        if pat.endswith(".*"):
            # "google.*": google under any public suffix (google.co.jp), optionally "www."
            name = pat[:-2]
            if name not in host:
                return False
            reg = organisational(host)
            return reg.split(".", 1)[0] == name.rsplit(".", 1)[-1] and host == (
                reg if "." not in name else name.split(".", 1)[0] + "." + reg)
        return host == pat


@dataclass(frozen=True, slots=True)
class _Rules:
    redirectors: tuple[_Rule, ...]
    wrappers: tuple[_Rule, ...]
    shorteners: dict[str, tuple[str, ...]]  # host → path prefixes ("" for any path)
    params: frozenset[str]
    official_in_path: re.Pattern[str]
    footer_url: str
    footer_host: str



def _rule(entry: UrlRule) -> _Rule:
    return _Rule(host=entry.host.lower(), path=entry.path,
                 params=tuple(p.lower() for p in entry.params),
                 embedded=entry.embedded, until=entry.until, decode=entry.decode)


@lru_cache(maxsize=8)
def rules_of(brand: Brand) -> _Rules:
    """The brand's link facts, compiled once."""
    links = brand.links
    shorteners: dict[str, tuple[str, ...]] = {}
    for entry in links.url_shorteners:
        host, _, path = entry.partition("/")
        key = host.lower()
        shorteners[key] = (*shorteners.get(key, ()), "/" + path if path else "")
    official = sorted(set(links.link_domains + brand.senders.sender_domains
                          + brand.senders.organisational_domains), key=len, reverse=True)
    footer = links.official_footer_url
    return _Rules(
        redirectors=tuple(_rule(e) for e in links.redirectors),
        wrappers=tuple(_rule(e) for e in links.security_wrappers),
        shorteners=shorteners,
        params=frozenset(p.lower() for p in links.redirect_params),
        official_in_path=re.compile(r"(?<![a-z0-9.\-])(?:www\.)?(" + "|".join(
            re.escape(d) for d in official) + r")(?![a-z0-9\-])"),
        footer_url=footer,
        footer_host=parse_url(footer).host if footer else "",
    )



# ---------------------------------------------------------------- unwrapping


def _absolute(value: str) -> str:
    """``value`` as an absolute web URL if it is one (percent-encoded once or twice)."""
    for _ in range(3):
        v = value.strip()
        low = v[:8].lower()
        if low.startswith(("http://", "https://")) or low.startswith("www."):
            return v
        if "%" not in v:
            return ""
        value = unquote(v)
    return ""


def _query_pairs(query: str) -> list[tuple[str, str]]:
    try:
        return parse_qsl(query, keep_blank_values=True, max_num_fields=200)
    except ValueError:  # more fields than any real link has: not worth unwrapping
        return []


def _from_rule(rule: _Rule, u_path: str, u_query: str, u_fragment: str) -> str:
    if rule.embedded:
        rest = u_path[len(rule.path):]
        if u_query:
            rest += "?" + u_query
        if u_fragment:
            rest += "#" + u_fragment
        if rule.until and rule.until in rest:
            rest = rest[: rest.index(rule.until)]
        if _absolute(rest):
            return _absolute(rest)
        # Google AMP: /amp/s/host/path is https, /amp/host/path is http.
        if rest.startswith("s/"):
            return "https://" + rest[2:]
        return "http://" + rest if rest else ""
    for name, value in _query_pairs(u_query):
        if name.lower() in rule.params:
            if rule.decode == "proofpoint-v2":
                value = unquote(value.replace("-", "%").replace("_", "/"))
            target = _absolute(value)
            if target:
                return target
    return ""


@lru_cache(maxsize=4096)
def _host_rules(host: str, brand: Brand) -> tuple[tuple[str, _Rule], ...]:
    """The wrapper rules, then the redirector rules, whose host pattern covers ``host``."""
    rules = rules_of(brand)
    return tuple((how, rule)
                 for how, group in (("wrapper", rules.wrappers), ("redirector", rules.redirectors))
                 for rule in group if rule.matches_host(host))


def _may_name_url(query: str) -> bool:
    """Whether a parameter of ``query`` can hold an absolute URL (see _absolute): with no
    percent sign, decoding changes only '+' to a space, so the scheme or "www." would be
    written as such."""
    q = query.lower()
    return "%" in q or "http" in q or "www." in q


def _unwrap(href: str, brand: Brand) -> tuple[str, str]:
    """(target, how) for one layer: how is 'wrapper', 'redirector', 'param', 'opaque'
    or '' (not a redirect)."""
    u = parse_url(href)
    if not u.host:
        return "", ""
    for how, rule in _host_rules(u.host, brand):
        if u.path.startswith(rule.path):
            target = _from_rule(rule, u.path, u.query, u.fragment)
            if target:
                return target, how
            if how == "wrapper" and not rule.params and not rule.embedded:
                return "", "opaque"
    if not _may_name_url(u.query):
        return "", ""
    rules = rules_of(brand)
    for name, value in _query_pairs(u.query):
        if name.lower() in rules.params:
            target = _absolute(value)
            if target:
                return target, "param"
    return "", ""


# ---------------------------------------------------------------- one link


def host_finding(j: HostJudgement, brand: Brand) -> Finding | None:
    kind = _HOST_KIND.get(j.kind)
    if kind is None:
        return None
    host = j.shown or j.host
    if kind is Kind.LOOKALIKE:
        return Finding(kind, host, "lookalike", (host,), j.reason)
    if kind in (Kind.HOMOGLYPH, Kind.MIXED_SCRIPT):
        return Finding(kind, host, kind.value, (host, j.host))
    if kind is Kind.BRAND_IN_SUBDOMAIN:
        return Finding(kind, host, kind.value, (host, j.registrable), j.reason)
    if kind in (Kind.IP, Kind.HOSTING, Kind.INVALID):
        return Finding(kind, host, kind.value, (host,), j.reason)
    if j.kind is HostKind.OWNED:
        return Finding(kind, host, "owned", (host,), j.reason)
    return Finding(Kind.FOREIGN, host, "foreign", (host,))


def _shortener(host: str, path: str, rules: _Rules) -> bool:
    i = 0
    while True:  # the host and each parent domain, one dict lookup each
        for prefix in rules.shorteners.get(host[i:], ()):
            if path.startswith(prefix):
                return True
        i = host.find(".", i) + 1
        if not i:
            return False


def _mailto(u_path: str, brand: Brand) -> list[Finding]:
    addr = unquote(u_path.split("?", 1)[0]).split(",")[0].strip()
    dom = addr.rpartition("@")[2]
    j = judge_host(dom, brand) if dom else None
    if j and j.imitates:
        f = host_finding(j, brand)
        return [f] if f else []
    return [Finding(Kind.NONWEB, dom, "mailto", (addr[:100],))]


@lru_cache(maxsize=4096)
def judge_href(href: str, brand: Brand) -> LinkJudgement:
    """Every finding about where ``href`` leads, its visible text aside."""
    out = _Building(href.strip(), "", [])
    _judge_href(out, brand)
    return LinkJudgement(out.href, out.final_host, tuple(out.findings))


@dataclass(slots=True)
class _Building:
    href: str
    final_host: str
    findings: list[Finding]


def _hops(href: str, brand: Brand) -> list[tuple[str, str]]:
    """Each layer of ``href`` with how it was left (wrapper, redirector, …; "" for the last)."""
    hops: list[tuple[str, str]] = []
    current = href
    for _ in range(MAX_HOPS):
        target, how = _unwrap(current, brand)
        hops.append((current, how))
        if not target:
            break
        current = target
    else:
        hops.append((current, ""))
    return hops


def _judge_hop(out: _Building, brand: Brand, hop: str, how: str, following: str) -> bool:
    """The findings about one layer; whether its host is the brand's own."""
    hu = parse_url(hop)
    if hu.userinfo is not None:
        shown = unquote(hu.userinfo)[:80]
        out.findings.append(Finding(Kind.USERINFO, to_unicode(hu.host), "userinfo",
                                    (shown, to_unicode(hu.host) or "?")))
    if not hu.host:
        if hu.scheme not in _WEB:
            out.findings.append(Finding(Kind.SCRIPT, hu.scheme + ":",
                                        "script_redirected", (hu.scheme,)))
        else:
            out.findings.append(Finding(Kind.INVALID, "", "no_host"))
        return False
    if not hu.valid:
        out.findings.append(Finding(Kind.INVALID, hu.host[:80], "malformed", (hu.host[:80],)))
        return False
    j = judge_host(hu.host, brand)
    shown = j.shown or hu.host
    if j.kind is HostKind.OFFICIAL:
        return True
    if how in ("wrapper", "opaque"):
        if how == "opaque":
            out.findings.append(Finding(Kind.OPAQUE, shown, "opaque", (shown,)))
        return False  # the recipient's own protection: judged by what it wraps
    if how == "redirector" and not j.imitates:
        return False  # judged by the destination; a warning if that is official
    rules = rules_of(brand)
    if _shortener(j.host, hu.path, rules) and not j.imitates:
        out.findings.append(Finding(Kind.SHORTENER, shown, "shortener", (shown,)))
        return False
    f = host_finding(j, brand)
    if f is not None:
        if how == "param" and f.kind is Kind.FOREIGN:
            target = to_unicode(parse_url(following).host)
            f = Finding(Kind.FORWARDER, shown, "forwarder", (shown, target))
        out.findings.append(f)
    hit = rules.official_in_path.search(fold(unquote(hu.path)))
    if hit:
        out.findings.append(Finding(Kind.BRAND_IN_PATH, shown, "brand_in_path",
                                    (shown, hit.group(1))))
    return False


def _judge_href(out: _Building, brand: Brand) -> None:
    href = out.href
    u = parse_url(href)
    out.final_host = to_unicode(u.host)
    if not u.scheme:
        out.findings.append(Finding(Kind.NONWEB, "", "anchor"))
        return
    if u.scheme == "mailto":
        out.findings.extend(_mailto(u.path, brand))
        return
    if u.scheme in _NONWEB:
        out.findings.append(Finding(Kind.NONWEB, "", "nonweb", (u.scheme,)))
        return
    if u.scheme not in _WEB:
        out.findings.append(Finding(Kind.SCRIPT, u.scheme + ":", "script", (u.scheme,)))
        return
    hops = _hops(href, brand)
    seen_official_target = False
    for i, (hop, how) in enumerate(hops):
        following = hops[i + 1][0] if i + 1 < len(hops) else ""
        if _judge_hop(out, brand, hop, how, following) and i == len(hops) - 1:
            seen_official_target = True
    final = parse_url(hops[-1][0])
    out.final_host = to_unicode(final.host)
    if seen_official_target:
        through = [parse_url(h).host for h, how in hops[:-1] if how == "redirector"]
        if through and not out.findings:
            out.findings.append(Finding(Kind.REDIRECTED, to_unicode(through[0]), "redirected",
                                        (out.final_host, through[0])))
    if not out.findings:
        out.findings.append(Finding(Kind.OFFICIAL, out.final_host, "official",
                                    (out.final_host,)))


# ---------------------------------------------------------------- visible text


# Every way of writing the dot between labels that a browser accepts (UTS 46 maps them).
_DOTS = (".", "．", "。", "｡")


def _shown_hosts(text: str) -> list[tuple[str, bool]]:
    """Hosts a link's visible text shows, each with whether it was written as a URL."""
    text = text[:CUT_TEXT * 2]
    if not any(d in text for d in _DOTS):  # most link texts: "こちら", "Sign in"
        return []
    sk = skeleton(text)
    out: list[tuple[str, bool]] = []
    for m in URL_RE.finditer(sk):
        host = parse_url(m.group(0).rstrip(TRAILING_PUNCT)).host
        if host:
            out.append((host, True))
    for m in _TEXT_DOMAIN.finditer(URL_RE.sub(" ", sk)):
        dom = m.group(1)
        # "Mr.Smith", "ver.2": only names under a real public suffix are domains
        if is_domain_name(dom):
            out.append((dom, False))
    return out


def text_findings(link: Link, lj: LinkJudgement, brand: Brand,
                   footer_urls: frozenset[str]) -> list[Finding]:
    if link.origin != "html" or not link.text:
        return []
    shown_hosts = _shown_hosts(link.text)
    if not shown_hosts:  # most link texts: "こちら", "Sign in", an image
        return []
    final = normalise_host(lj.final_host)
    final_official = bool(final) and is_official(final, brand)
    out: list[Finding] = []
    for host, _as_url in shown_hosts:
        shown = to_unicode(host)
        if is_official(host, brand):
            if final_official:
                continue
            # The footer's own URL made into a link: the seeds' "本来はテキストのはずが
            # リンクに変更されている" (seed 000).
            footer = any(u in fold(link.text) for u in footer_urls)
            kind = Kind.FOOTER_LINKED if footer else Kind.TEXT_MISMATCH
            dest = lj.final_host or "?"
            out.append(Finding(kind, lj.final_host or link.href[:80], "text_shows", (shown, dest)))
            continue
        j = judge_host(host, brand)
        if j.imitates:
            out.append(Finding(_HOST_KIND[j.kind], shown, "text_lookalike", (shown,), j.reason))
        elif (_as_url and final and not final_official
              and organisational(host) != organisational(final)):
            out.append(Finding(Kind.TEXT_OTHER, lj.final_host, "text_shows",
                               (shown, lj.final_host)))
    return out


# RFC 2606 names stand for real domains in examples and tests: judged as ownable.
_EXAMPLE_TLDS = frozenset(("example", "test", "invalid", "localhost"))


def nowhere(host: str) -> bool:
    """A host no one can own, as when the linkifier ran on through "」で始まります。":
    its top-level domain does not exist, or its registrable domain holds punctuation or
    a symbol (no registry registers such a name; below it, its owner may name anything,
    so only that part decides)."""
    if not host or ip_of(host) is not None:
        return False
    labels = host.rstrip(".").split(".")
    if labels[-1].lower() not in _EXAMPLE_TLDS and not tld_exists(host):
        return True
    owned = ".".join(labels[-organisational(host).count(".") - 1:])
    return any(unicodedata.category(ch)[0] in "PSZC" and ch not in "-." for ch in owned)

