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
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, unquote

from honmono.brands.registry import Brand
from honmono.checks import Context
from honmono.core.model import Category, Evidence, Signal, Status, Text, Verdict
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
    within,
)
from honmono.net.lookalike import HostJudgement, HostKind, judge_host
from honmono.text.normalize import fold
from honmono.text.skeleton import skeleton

C = Category.LINKS
MAX_DETAILS = 200  # link records kept for the panel; the count of the rest is noted
MAX_HOPS = 5  # redirect layers unwrapped; phishers nest two or three at most
MAX_HOSTS_NAMED = 5  # hosts named in one evidence item's detail
_CUT_HREF = 500
_CUT_TEXT = 200
_FOOTER_WINDOW = 400  # characters after the footer sentence where its URL is looked for

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


_DECISIVE = frozenset({Kind.LOOKALIKE, Kind.HOMOGLYPH, Kind.BRAND_IN_SUBDOMAIN,
                       Kind.MIXED_SCRIPT, Kind.BRAND_IN_PATH, Kind.USERINFO, Kind.IP,
                       Kind.TEXT_MISMATCH, Kind.FOOTER_ELSEWHERE, Kind.FOOTER_LINKED})
_RED = frozenset({Kind.FOREIGN, Kind.HOSTING, Kind.SHORTENER, Kind.FORWARDER, Kind.FORM,
                  Kind.SCRIPT, Kind.INVALID, Kind.TEXT_OTHER})
_WARN = frozenset({Kind.REDIRECTED, Kind.OPAQUE})
# Order of evidence items and of "worst finding" per link.
_RANK = {k: i for i, k in enumerate(Kind)}

_HOST_KIND = {HostKind.LOOKALIKE: Kind.LOOKALIKE, HostKind.HOMOGLYPH: Kind.HOMOGLYPH,
              HostKind.BRAND_IN_SUBDOMAIN: Kind.BRAND_IN_SUBDOMAIN,
              HostKind.MIXED_SCRIPT: Kind.MIXED_SCRIPT, HostKind.IP: Kind.IP,
              HostKind.HOSTING: Kind.HOSTING, HostKind.OWNED: Kind.FOREIGN,
              HostKind.FOREIGN: Kind.FOREIGN, HostKind.INVALID: Kind.INVALID}


def weigh(kind: Kind, authenticated: bool) -> tuple[Status, Signal]:
    """Status and signal of a finding; authentication softens all but the forger's tricks."""
    if kind in _DECISIVE:
        return Status.FAIL, Signal.DECISIVE
    if kind in _RED:
        return (Status.WARN, Signal.NONE) if authenticated else (Status.FAIL, Signal.RED_FLAG)
    if kind in _WARN:
        return (Status.WARN, Signal.NONE) if authenticated else (Status.WARN, Signal.DOUBT)
    if kind is Kind.OFFICIAL:
        return Status.PASS, Signal.NONE
    return Status.INFO, Signal.NONE


@dataclass(frozen=True, slots=True)
class Finding:
    kind: Kind
    host: str  # the host the finding is about, as a reader sees it
    en: str
    ja: str

    @property
    def text(self) -> Text:
        """The reason as words, for a sentence of another check (sender)."""
        return Text(self.ja, self.en)


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
    footer_texts: dict[str, dict[str, str]]


def _rule(entry: dict[str, Any]) -> _Rule:
    return _Rule(host=str(entry["host"]).lower(), path=str(entry.get("path", "")),
                 params=tuple(p.lower() for p in entry.get("params", ())),
                 embedded=bool(entry.get("embedded", False)), until=str(entry.get("until", "")),
                 decode=str(entry.get("decode", "")))


@lru_cache(maxsize=8)
def _rules(brand: Brand) -> _Rules:
    shorteners: dict[str, tuple[str, ...]] = {}
    for entry in brand.values("url_shorteners"):
        host, _, path = entry.partition("/")
        key = host.lower()
        shorteners[key] = (*shorteners.get(key, ()), "/" + path if path else "")
    official = sorted(set(brand.values("link_domains") + brand.values("sender_domains")
                          + brand.values("organisational_domains")), key=len, reverse=True)
    footer = str(brand.value("official_footer_url") or "")
    return _Rules(
        redirectors=tuple(_rule(e) for e in brand.values("redirectors")),
        wrappers=tuple(_rule(e) for e in brand.values("security_wrappers")),
        shorteners=shorteners,
        params=frozenset(p.lower() for p in brand.values("redirect_params")),
        official_in_path=re.compile(r"(?<![a-z0-9.\-])(?:www\.)?(" + "|".join(
            re.escape(d) for d in official) + r")(?![a-z0-9\-])"),
        footer_url=footer,
        footer_host=parse_url(footer).host if footer else "",
        footer_texts=brand.value("footer_texts") or {},
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
    rules = _rules(brand)
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
    rules = _rules(brand)
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
    b = brand.name
    host = j.shown or j.host
    if kind is Kind.LOOKALIKE:
        return Finding(kind, host, f"{host} is made to look like {b}'s domain: {j.reason}",
                       f"{host} は{b}のドメインに似せた偽物です"
                       + (f"(「{j.mark}」をまねています)" if j.mark else ""))
    if kind is Kind.HOMOGLYPH:
        return Finding(kind, host, f"{host} ({j.host}) spells {b} with look-alike characters",
                       f"{host}({j.host})は見た目の似た別の文字で{b}を装っています")
    if kind is Kind.BRAND_IN_SUBDOMAIN:
        return Finding(kind, host, f"{host} belongs to {j.registrable}: {j.reason}",
                       f"{host} の持ち主は {j.registrable} です。{b}の名前を前に付けただけです")
    if kind is Kind.MIXED_SCRIPT:
        return Finding(kind, host, f"{host} ({j.host}) mixes letters of different scripts",
                       f"{host}({j.host})は異なる文字体系の似た文字を混ぜています")
    if kind is Kind.IP:
        return Finding(kind, host, f"goes to {j.reason}",
                       f"ドメイン名ではなく IP アドレス ({host}) に接続します")
    if kind is Kind.HOSTING:
        return Finding(kind, host, f"{host}: {j.reason} — not {b}'s site",
                       f"{host} は誰でも借りられるクラウドサービスで、"
                       f"{b}の公式サイトではありません")
    if j.kind is HostKind.OWNED:
        return Finding(kind, host, f"{host}: {j.reason}",
                       f"{host} は{b}のものですが、メールのリンク先ではありません")
    if kind is Kind.INVALID:
        return Finding(kind, host, f"malformed host: {j.reason}",
                       f"不正なホスト名です({j.reason})")
    return Finding(Kind.FOREIGN, host, f"{host} is not {b}'s",
                   f"{host} は{b}のドメインではありません")


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
    return [Finding(Kind.NONWEB, dom, f"a mail address ({addr[:100]})",
                    f"メールアドレスへのリンク ({addr[:100]})")]


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


def _judge_href(out: _Building, brand: Brand) -> None:
    href = out.href
    rules = _rules(brand)
    u = parse_url(href)
    out.final_host = to_unicode(u.host)
    if not u.scheme:
        out.findings.append(Finding(Kind.NONWEB, "", "a link inside the mail (anchor or relative)",
                                    "メール内へのリンク(アンカーまたは相対パス)"))
        return
    if u.scheme == "mailto":
        out.findings.extend(_mailto(u.path, brand))
        return
    if u.scheme in _NONWEB:
        out.findings.append(Finding(Kind.NONWEB, "", f"a {u.scheme}: link", f"{u.scheme}: リンク"))
        return
    if u.scheme not in _WEB:
        out.findings.append(Finding(Kind.SCRIPT, u.scheme + ":",
                                    f"a {u.scheme}: link, which hides its destination",
                                    f"{u.scheme}: のリンクは行き先を隠します"))
        return
    hops: list[tuple[str, str]] = []  # (href, how it was left: wrapper, redirector, ...)
    current = href
    for _ in range(MAX_HOPS):
        target, how = _unwrap(current, brand)
        hops.append((current, how))
        if not target:
            break
        current = target
    else:
        hops.append((current, ""))
    seen_official_target = False
    for i, (hop, how) in enumerate(hops):
        hu = parse_url(hop)
        last = i == len(hops) - 1
        if hu.userinfo is not None:
            shown = unquote(hu.userinfo)[:80]
            out.findings.append(Finding(
                Kind.USERINFO, to_unicode(hu.host),
                f"the link starts with '{shown}@' but goes to {to_unicode(hu.host) or '?'}",
                f"「{shown}@」で始まりますが、実際の行き先は {to_unicode(hu.host) or '?'} です"))
        if not hu.host:
            if hu.scheme not in _WEB:
                out.findings.append(Finding(Kind.SCRIPT, hu.scheme + ":",
                                            f"a {hu.scheme}: link inside a redirect",
                                            f"転送の先が {hu.scheme}: リンクです"))
            else:
                out.findings.append(Finding(Kind.INVALID, "", "a web link without a host",
                                            "ホスト名のないリンクです"))
            continue
        if not hu.valid:
            out.findings.append(Finding(Kind.INVALID, hu.host[:80],
                                        f"the host '{hu.host[:80]}' is malformed",
                                        f"ホスト名 '{hu.host[:80]}' が不正です"))
            continue
        j = judge_host(hu.host, brand)
        shown = j.shown or hu.host
        if j.kind is HostKind.OFFICIAL:
            if last:
                seen_official_target = True
            continue
        if how in ("wrapper", "opaque"):
            if how == "opaque":
                out.findings.append(Finding(Kind.OPAQUE, shown,
                                            f"rewritten by {shown}; the destination is hidden",
                                            f"{shown} で書き換えられ、行き先が読めません"))
            continue  # the recipient's own protection: judged by what it wraps
        if how == "redirector" and not j.imitates:
            continue  # judged by the destination; a warning if that is official
        if _shortener(j.host, hu.path, rules) and not j.imitates:
            out.findings.append(Finding(Kind.SHORTENER, shown,
                                        f"{shown} is a URL shortener: the destination is hidden",
                                        f"{shown} は短縮URLで、本当の行き先が隠されています"))
            continue
        f = host_finding(j, brand)
        if f is not None:
            if how == "param" and f.kind is Kind.FOREIGN:
                target = parse_url(hops[i + 1][0]).host
                f = Finding(Kind.FORWARDER, shown,
                            f"passes through {shown}, which says it forwards to "
                            f"{to_unicode(target)}", f"{shown} を経由します(転送先とされるのは "
                            f"{to_unicode(target)})")
            out.findings.append(f)
        path = fold(unquote(hu.path))
        hit = rules.official_in_path.search(path)
        if hit:
            out.findings.append(Finding(
                Kind.BRAND_IN_PATH, shown,
                f"goes to {shown}; {hit.group(1)} is only written in its path",
                f"行き先は {shown} で、{hit.group(1)} はパスに書かれているだけです"))
    final = parse_url(hops[-1][0])
    out.final_host = to_unicode(final.host)
    if seen_official_target:
        through = [parse_url(h).host for h, how in hops[:-1] if how == "redirector"]
        if through and not out.findings:
            out.findings.append(Finding(
                Kind.REDIRECTED, to_unicode(through[0]),
                f"reaches {out.final_host} through the redirector {through[0]}",
                f"{out.final_host} へ、{through[0]} の転送を経由して移動します"))
    if not out.findings:
        out.findings.append(Finding(Kind.OFFICIAL, out.final_host,
                                    f"{out.final_host} is {brand.name}'s",
                                    f"{out.final_host} は{brand.name}のドメインです"))


# ---------------------------------------------------------------- visible text


# Every way of writing the dot between labels that a browser accepts (UTS 46 maps them).
_DOTS = (".", "．", "。", "｡")


def _shown_hosts(text: str) -> list[tuple[str, bool]]:
    """Hosts a link's visible text shows, each with whether it was written as a URL."""
    text = text[:_CUT_TEXT * 2]
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


def _text_findings(link: Link, lj: LinkJudgement, brand: Brand,
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
            out.append(Finding(kind, lj.final_host or link.href[:80],
                               f"the link shows {shown} but goes to {dest}",
                               f"表示は {shown} ですが、実際の行き先は {dest} です"))
            continue
        j = judge_host(host, brand)
        if j.imitates:
            out.append(Finding(_HOST_KIND[j.kind], shown,
                               f"the link text shows the lookalike {shown}: {j.reason}",
                               f"リンクの表示自体が偽のドメイン {shown} です"))
        elif (_as_url and final and not final_official
              and organisational(host) != organisational(final)):
            out.append(Finding(Kind.TEXT_OTHER, lj.final_host,
                               f"the link shows {shown} but goes to {lj.final_host}",
                               f"表示は {shown} ですが、実際の行き先は {lj.final_host} です"))
    return out


# ---------------------------------------------------------------- the footer


def _footer_urls(ctx: Context) -> tuple[bool, list[str]]:
    """Whether the footer sentence is there, and the URLs written after it (folded)."""
    rules = _rules(ctx.brand)
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
    rules = _rules(ctx.brand)
    if not present:
        return []
    b = ctx.brand.name
    if not found:
        return [Evidence("links.footer_no_url", C, Status.INFO,
                         Text(f"{b}の「リンクは{rules.footer_url}で始まります」という文があります",
                              f"The mail has {b}'s 'links start with {rules.footer_url}' line"),
                         Text("ただし続くURLが見当たりません。",
                              "No URL follows it."), "本文", Signal.NONE)]
    out: list[Evidence] = []
    for folded_url in found:
        url = _as_written(folded_url, ctx.msg.text)
        u = parse_url(url)
        genuine = (u.scheme == "https" and u.userinfo is None and u.host == rules.footer_host
                   and (url.lower() + "/").startswith(rules.footer_url.lower() + "/"))
        if genuine:
            out.append(Evidence(
                "links.footer_genuine", C, Status.PASS,
                Text(f"末尾のURLは本物と同じく {rules.footer_url} で始まるテキスト形式です",
                     f"The closing URL is plain text starting with {rules.footer_url}, "
                     f"as in genuine {b} mail"),
                Text(f"{url[:_CUT_HREF]} — この形式は真似できるため、本物の証明にはなりません。"
                     "クリックせずブラウザに貼り付けて確認してください。",
                     f"{url[:_CUT_HREF]} — the pattern can be copied, so it proves nothing "
                     "alone; paste it into the browser rather than clicking."),
                url[:_CUT_HREF], Signal.NONE))
        else:
            host = to_unicode(u.host) or url[:80]
            out.append(Evidence(
                "links.footer_elsewhere", C, Status.FAIL,
                Text(f"「リンクは{rules.footer_url}で始まります」と書きながら、URLは {host} です",
                     f"It says links start with {rules.footer_url}, but the URL goes to {host}"),
                Text(f"{url[:_CUT_HREF]}: 本物のメールではこのURLは "
                     f"{rules.footer_url}/ で始まります。",
                     f"{url[:_CUT_HREF]}: in genuine mail this URL starts with "
                     f"{rules.footer_url}/."), url[:_CUT_HREF], Signal.DECISIVE))
    return out


_TOKEN = re.compile(r"/a/c/r/([A-Za-z0-9_-]{6,})")


def _footer_vouches_for_nothing(footer: list[Evidence], failing: list[Evidence],
                                ctx: Context, found: list[str]) -> list[Evidence]:
    """A correct footer URL is one line of the mail: it does not endorse buttons that go
    elsewhere, and where its tracking token and the buttons' differ, they are not the
    same mail's links."""
    texts = _rules(ctx.brand).footer_texts
    out: list[Evidence] = []
    for e in footer:
        if e.id == "links.footer_genuine" and failing:
            t, d = texts["overruled_title"], texts["overruled_detail"]
            e = Evidence("links.footer_overruled", C, Status.WARN, Text(t["ja"], t["en"]),
                         Text(d["ja"].format(url=e.source), d["en"].format(url=e.source)),
                         e.source, Signal.NONE)
        out.append(e)
    # Compared case-folded: the footer's URLs are found in folded text.
    footer_tokens = {m.group(1).lower() for u in found for m in _TOKEN.finditer(u)}
    if not footer_tokens:
        return out
    button_tokens = {m.group(1).lower() for link in ctx.msg.links if link.origin == "html"
                     for m in _TOKEN.finditer(link.href)}
    if button_tokens and not footer_tokens & button_tokens:
        t, d = texts["token_title"], texts["token_detail"]
        shown = ", ".join(sorted(button_tokens))[:80]
        out.append(Evidence("links.footer_token_mismatch", C, Status.WARN, Text(t["ja"], t["en"]),
                            Text(d["ja"].format(footer=", ".join(sorted(footer_tokens)),
                                                buttons=shown),
                                 d["en"].format(footer=", ".join(sorted(footer_tokens)),
                                                buttons=shown)),
                            "/a/c/r/", Signal.NONE))
    return out


# ---------------------------------------------------------------- evidence

_TITLES: dict[Kind, tuple[str, str]] = {
    Kind.LOOKALIKE: ("{b}に似せた偽のドメインへのリンクがあります: {h}",
                     "A link goes to a domain made to look like {b}'s: {h}"),
    Kind.HOMOGLYPH: ("見た目の似た文字で{b}を装ったドメイン(IDN)へのリンクがあります: {h}",
                     "A link goes to a domain spelling {b} with look-alike characters: {h}"),
    Kind.BRAND_IN_SUBDOMAIN: ("{b}の名前を他人のドメインの前に付けたリンクがあります: {h}",
                              "A link puts {b}'s name in front of someone else's domain: {h}"),
    Kind.MIXED_SCRIPT: ("異なる文字体系を混ぜた偽装ドメインへのリンクがあります: {h}",
                        "A link goes to a domain mixing look-alike scripts: {h}"),
    Kind.BRAND_IN_PATH: ("{b}のドメイン名をパスに書いただけの別サイトへのリンクがあります: {h}",
                         "A link goes to another site with {b}'s domain only in its path: {h}"),
    Kind.USERINFO: ("「{b}のURL@別サイト」形式の偽装リンクがあります: 行き先は {h}",
                    "A link hides its real host behind '@': it goes to {h}"),
    Kind.IP: ("ドメイン名ではなく IP アドレスへのリンクがあります: {h}",
              "A link goes to a bare IP address: {h}"),
    Kind.TEXT_MISMATCH: ("表示は{b}のURLなのに、実際の行き先が違うリンクがあります: {h}",
                         "A link shows {b}'s address but goes elsewhere: {h}"),
    Kind.FOOTER_LINKED: ("末尾の確認用URLが、別の場所へのリンクに変えられています: {h}",
                         "The closing check URL was turned into a link to somewhere else: {h}"),
    Kind.FOREIGN: ("{b}以外のサイトへのリンクがあります: {h}",
                   "A link goes to a site that is not {b}'s: {h}"),
    Kind.HOSTING: ("誰でも使えるクラウド上のページへのリンクがあります: {h}",
                   "A link goes to a page on a cloud service anyone can rent: {h}"),
    Kind.SHORTENER: ("短縮URLで行き先を隠したリンクがあります: {h}",
                     "A shortened link hides its destination: {h}"),
    Kind.FORWARDER: ("他社のサイトを経由して転送するリンクがあります: {h}",
                     "A link passes through another site that forwards it: {h}"),
    Kind.FORM: ("メールの中に入力フォームがあります(送信先: {h})",
                "The mail contains a form (it submits to {h})"),
    Kind.SCRIPT: ("行き先を隠す形式のリンクがあります: {h}",
                  "A link of a kind that hides its destination: {h}"),
    Kind.INVALID: ("不正な形式のリンクがあります: {h}", "A malformed link: {h}"),
    Kind.TEXT_OTHER: ("表示と実際の行き先が違うリンクがあります: {h}",
                      "A link shows one address and goes to another: {h}"),
    Kind.REDIRECTED: ("{b}へのリンクが他社の転送サービスを経由しています: {h}",
                      "A link to {b} passes through another company's redirector: {h}"),
    Kind.OPAQUE: ("リンク保護サービスで書き換えられ、行き先を確認できないリンクがあります: {h}",
                  "A link rewritten by a protection service; its destination cannot be read: {h}"),
}

_WHY: dict[str, tuple[str, str]] = {
    "decisive": ("本物の{b}のメールがこのようなリンクを使うことはありません。"
                 "クリックしないでください。",
                 "Genuine {b} mail never links like this. Do not click it."),
    "red": ("本物の{b}のメールは{b}のドメインにしかリンクしません。",
            "Genuine {b} mail links only to {b}'s own domains."),
    "red_auth": ("署名で{b}からと確認できたメールですが、このリンクは{b}の外を指しています。",
                 "The mail is signed by {b}, but this link points outside {b}."),
    "warn": ("行き先は{b}ですが、途中で他社のサービスを通ります。",
             "The destination is {b}'s, but the link passes through another service."),
}


def _evidence(kind: Kind, items: list[tuple[Finding, str]], brand: Brand,
              authenticated: bool) -> Evidence:
    status, signal = weigh(kind, authenticated)
    b = brand.name
    first, href = items[0]
    hosts = list(dict.fromkeys(f.host or "?" for f, _ in items))
    h = first.host or "?"
    title_ja, title_en = _TITLES[kind]
    more = len(hosts) - MAX_HOSTS_NAMED
    named = ", ".join(hosts[:MAX_HOSTS_NAMED])
    why_key = ("decisive" if kind in _DECISIVE else "red_auth" if (kind in _RED and authenticated)
               else "red" if kind in _RED else "warn")
    why_ja, why_en = _WHY[why_key]
    reasons_en = "; ".join(dict.fromkeys(f.en for f, _ in items[:3]))
    reasons_ja = "。".join(dict.fromkeys(f.ja for f, _ in items[:3]))
    detail_ja = f"{reasons_ja}。{why_ja.format(b=b)}"
    detail_en = f"{reasons_en}. {why_en.format(b=b)}"
    if len(hosts) > 1:
        detail_ja += f" 該当: {named}" + (f" ほか{more}件" if more > 0 else "")
        detail_en += f" Hosts: {named}" + (f" and {more} more" if more > 0 else "")
    return Evidence(f"links.{kind.value}", C, status,
                    Text(title_ja.format(b=b, h=h), title_en.format(b=b, h=h)),
                    Text(detail_ja, detail_en), href[:_CUT_HREF], signal)


def _divergence(ctx: Context, records: dict[str, dict[str, Any]]) -> list[Evidence]:
    """The text/plain rendering links elsewhere than the HTML one Thunderbird shows: the
    shown links are the ones judged; the difference is reported."""
    if not ctx.msg.unshown_links:
        return []
    shown = {r["host"] for r in records.values()}
    others: list[str] = []
    for link in ctx.msg.unshown_links[:200]:
        host = judge_href(link.href.strip(), ctx.brand).final_host
        if host and host not in shown and not _nowhere(host) and host not in others:
            others.append(host)
    if not others:
        return []
    b = ctx.brand.name
    named = ", ".join(others[:5])
    return [Evidence(
        "links.text_version_differs", C, Status.WARN,
        Text("テキスト版とHTML版でリンク先が食い違っています",
             "The text and HTML versions of this mail link to different places"),
        Text(f"Thunderbird が表示するのはHTML版で、その判定は上のとおりです。表示されない"
             f"テキスト版は別の場所 ({named}) へリンクしています。{b}のメールでは"
             "両者は同じ所へリンクします。",
             f"Thunderbird shows the HTML version, judged above. The text version, which is "
             f"not shown, links elsewhere ({named}). In {b}'s mail both link to the same "
             "places."),
        "text/plain", Signal.DOUBT)]


# RFC 2606 names stand for real domains in examples and tests: judged as ownable.
_EXAMPLE_TLDS = frozenset(("example", "test", "invalid", "localhost"))


def _nowhere(host: str) -> bool:
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
    sources = [(link, "", "") for link in msg.links] + ctx.extra_links
    for link, found_in, source in sources:
        href = link.href.strip()
        lj = judge_href(href, brand)
        findings = list(lj.findings)
        if link.origin == "text" and _nowhere(lj.final_host):
            # Thunderbird's linkifier runs on through Japanese text after a URL
            # ("https://www.amazon.co.jp」で始まります。"): such a host has no top-level
            # domain that exists, so the click goes nowhere — no one can own it.
            findings = [Finding(Kind.NONWEB, lj.final_host, "a host under no existing "
                                "top-level domain: the click goes nowhere",
                                "存在しないトップレベルドメインのため、どこにもつながりません")]
        if href in ctx.added_links and not any(f.kind in _DECISIVE for f in findings):
            # Added after the brand signed (auth, additions.py): a third party's link. Its
            # failure keeps the mail from genuine; it is no sign the brand's part is forged.
            bad = [f for f in findings if f.kind in _RED or f.kind in _WARN]
            if ctx.vouching_sealers and within(lj.final_host, ctx.vouching_sealers):
                bad = []  # the trusted list's own link (its unsubscribe page)
            if bad:
                third_party.append((bad[0], href))
            findings = [f for f in findings if f not in bad] or [
                Finding(Kind.NONWEB, lj.final_host, "added after signing", "署名後に追加")]
        if link.origin == "form":
            where = lj.final_host or "このメール内 / this mail"
            findings.append(Finding(Kind.FORM, where, f"a form that submits to {where}",
                                    f"送信先 {where} の入力フォーム"))
            findings = [f for f in findings if f.kind not in (Kind.NONWEB, Kind.OFFICIAL)] or \
                findings
        if link.origin == "image":
            # An image is not followed by a click; only a forged name in it matters.
            findings = [f for f in findings if f.kind in _DECISIVE] or [Finding(
                Kind.NONWEB, lj.final_host, "an image", "画像")]
        findings += _text_findings(link, lj, brand, footer_urls)
        if any(f.kind in _DECISIVE for f in findings):
            # "not Amazon's" says nothing more once the link is shown to be a forgery
            findings = [f for f in findings if f.kind not in (Kind.FOREIGN, Kind.HOSTING)]
        for f in findings:
            bucket = by_kind.setdefault(f.kind, [])
            hosts = hosts_by_kind.setdefault(f.kind, set())
            if len(bucket) < 50 and f.host not in hosts:
                bucket.append((f, href))
                hosts.add(f.host)
        worst = min(findings, key=lambda f: _RANK[f.kind])
        if worst.kind is not Kind.NONWEB:
            navigational.add(href)
        rec = records.get(href)
        if rec is None:
            if len(records) >= MAX_DETAILS:
                continue
            status, _ = weigh(worst.kind, authenticated)
            records[href] = rec = {
                "text": link.text[:_CUT_TEXT], "href": href[:_CUT_HREF], "host": lj.final_host,
                "origin": link.origin, "status": status.value, "kind": worst.kind.value,
                "reason": worst.en, "reason_ja": worst.ja, "_rank": _RANK[worst.kind]}
        elif _RANK[worst.kind] < rec["_rank"]:
            status, _ = weigh(worst.kind, authenticated)
            rec.update(status=status.value, kind=worst.kind.value, reason=worst.en,
                       reason_ja=worst.ja, _rank=_RANK[worst.kind], text=link.text[:_CUT_TEXT])
        if found_in and "found_in" not in rec:
            rec.update(found_in=found_in, source=source)
    distinct = len({link.href.strip() for link, _, _ in sources})
    ctx.details["links"] = [{k: v for k, v in r.items() if k != "_rank"} for r in records.values()]
    if distinct > len(records) or msg.links_total > len(msg.links):
        ctx.details["links_more"] = max(distinct - len(records), 0) + max(
            msg.links_total - len(msg.links), 0)

    out: list[Evidence] = []
    for kind in sorted(by_kind, key=lambda k: _RANK[k]):
        if kind in (Kind.OFFICIAL, Kind.NONWEB):
            continue
        out.append(_evidence(kind, by_kind[kind], brand, authenticated))
    failing = [e for e in out if e.status is Status.FAIL]
    out += _footer_vouches_for_nothing(_footer(ctx, footer_present, footer_found), failing,
                                       ctx, footer_found)
    out += _divergence(ctx, records)
    b = brand.name
    if third_party:
        named = ", ".join(dict.fromkeys(f.host for f, _ in third_party[:5]))
        out.append(Evidence(
            "links.added_content", C, Status.WARN,
            Text(f"署名の後に追加された部分に、{b}以外へのリンクがあります",
                 f"The part added after {b} signed the mail links outside {b}"),
            Text(f"メーリングリストや転送元が加えた部分のリンクです({named})。"
                 f"{b}が書いたものではないため、本物とは判定しません。",
                 f"These links are in content a list or forwarder added ({named}). "
                 f"{b} did not write them, so the mail is not called genuine."),
            third_party[0][1][:_CUT_HREF], Signal.DOUBT,
            ceiling=Verdict.SUSPICIOUS))
    doubted = [e for e in out if e.status in (Status.FAIL, Status.WARN)]
    if navigational and not doubted and Kind.OFFICIAL in by_kind:
        out.insert(0, Evidence(
            "links.all_official", C, Status.PASS,
            Text(f"リンクはすべて{b}の公式ドメイン宛てです({len(navigational)}件)",
                 f"All links go to {b}'s official domains ({len(navigational)})"),
            Text("ただし本文は誰でも書けるため、これだけでは本物と判断できません。",
                 "Anyone can write such links, so this alone proves nothing."), "", Signal.NONE))
    elif sources and not navigational and not out:
        out.append(Evidence("links.no_web_links", C, Status.INFO,
                            Text("ウェブサイトへのリンクはありません",
                                 "The mail links to no web site"),
                            Text("メールアドレスやメール内の位置へのリンクだけです。",
                                 "Its links are mail addresses or places in the mail itself."),
                            "", Signal.NONE))
    elif not sources and not out:
        out.append(Evidence("links.none", C, Status.INFO,
                            Text("リンクはありません", "The mail contains no links"),
                            Text("ワンタイムパスワードのように、本物の通知にもリンクのないものがあります。",
                                 "Genuine notices such as one-time passwords often have none."),
                            "", Signal.NONE))
    if msg.links_total > len(msg.links):
        out.append(Evidence(
            "links.truncated", C, Status.INFO,
            Text(f"リンクが多すぎるため、最初の{len(msg.links)}件だけを確認しました",
                 f"Too many links: only the first {len(msg.links)} were checked"),
            Text(f"全部で{msg.links_total}件", f"{msg.links_total} in all"), "", Signal.NONE))
    return out
