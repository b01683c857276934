"""Domain facts: registrable (organisational) domains from the Public Suffix List,
membership in the brand's official lists, host normalisation and URL parsing the way a
browser does it.

Why not ``urllib.parse``: a link is dangerous when the browser goes somewhere other than
where a reader (or a naive parser) thinks. Python's ``urlsplit`` differs from browsers
(the WHATWG URL standard) exactly where phishers play: ``https://www.amazon.co.jp\\@evil``,
``http:evil.example``, ``http://3232235777/``, ``http://%61mazon.co.jp``, full-width dots.
``parse_url`` follows the browser for http(s) so that the host we judge is the host the
browser contacts.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from functools import cache, lru_cache
from ipaddress import IPv6Address
from typing import NamedTuple
from urllib.parse import unquote

from publicsuffixlist import PublicSuffixList

from honmono.brands.registry import Brand

# DNS limits (RFC 1035): a name no resolver will look up cannot be a real web site.
MAX_HOST = 253
MAX_LABEL = 63

# Schemes the WHATWG URL standard calls "special": their authority may be written with
# backslashes and any number of slashes, and their host is a domain or an IP address.
_SPECIAL = frozenset({"http", "https", "ftp", "ws", "wss"})
_SCHEME_RE = re.compile(r"([a-zA-Z][a-zA-Z0-9+.\-]{0,30}):")
# Dots that IDNA (UTS #46) maps to U+002E: a host written with them is the same host.
_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_TAB_NL = str.maketrans("", "", "\t\n\r")
# Code points UTS #46 maps to nothing ("ignored" in IdnaMappingTable.txt, Unicode 15.1):
# a browser drops them from a host, so ``www.amazon.co.jp\u200b.evil.example`` opens
# www.amazon.co.jp.evil.example (seen in Thunderbird 153).
_IDNA_IGNORED = re.compile("[\u00ad\u034f\u180b-\u180d\u180f\u200b\u2060\u2064\ufe00-\ufe0f"
                           "\ufeff\U0001bca0-\U0001bca3\U000e0100-\U000e01ef]")


@cache
def _psl() -> PublicSuffixList:
    return PublicSuffixList(only_icann=True)


def to_unicode(host: str) -> str:
    """Punycode labels shown as the user would read them (xn--amzon-… → amаzon…)."""
    if "xn--" not in host.lower():
        return host
    out = []
    for label in host.split("."):
        if label[:4].lower() == "xn--" and len(label) <= MAX_LABEL:
            with contextlib.suppress(UnicodeError, ValueError):
                label = label[4:].encode("ascii").decode("punycode")
        out.append(label)
    return ".".join(out)


def to_ascii(host: str) -> str:
    """The ASCII (punycode) form of a normalised host, for display and comparison."""
    if host.isascii():
        return host
    out = []
    for label in host.split("."):
        if not label.isascii():
            with contextlib.suppress(UnicodeError):
                label = "xn--" + label.encode("punycode").decode("ascii")
        out.append(label)
    return ".".join(out)


def normalise_host(host: str) -> str:
    """A host as a browser resolves it: width and case folded, IDNA dots mapped, no
    trailing dot. Full-width ``ａｍａｚｏｎ.co.jp`` *is* amazon.co.jp to a browser."""
    h = host.strip().translate(_DOTS)
    if not h.isascii():
        h = unicodedata.normalize("NFKC", _IDNA_IGNORED.sub("", h)).translate(_DOTS)
    return h.casefold().strip(".")


def organisational(host: str) -> str:
    """The registrable domain (DMARC's organisational domain) of ``host``."""
    host = host.strip(".").lower()
    if not host:
        return ""
    return _psl().privatesuffix(to_ascii(host)) or host


def public_suffix(host: str) -> str:
    """The ICANN public suffix of ``host`` ('co.jp' for www.amazon.co.jp)."""
    host = host.strip(".").lower()
    if not host:
        return ""
    return _psl().publicsuffix(to_ascii(host)) or ""


def tld_exists(host: str) -> bool:
    """Whether ``host`` ends in a top-level domain the Public Suffix List knows."""
    with contextlib.suppress(Exception):
        return bool(_psl().publicsuffix(to_ascii(host.strip(".").lower()),
                                        accept_unknown=False))
    return False


def is_domain_name(name: str) -> bool:
    """``name`` is a registrable name under a real public suffix ("amazon.co.jp", not
    "Mr.Smith" or "ver.2"): for telling domains apart from other dotted words in text."""
    name = name.strip(".").lower()
    psl = _psl()
    return bool(name) and bool(psl.publicsuffix(name, accept_unknown=False)) and bool(
        psl.privatesuffix(name, accept_unknown=False))


def within(host: str, domains: tuple[str, ...] | set[str] | frozenset[str]) -> bool:
    """``host`` is one of ``domains`` or a subdomain of one."""
    host = host.strip(".").lower()
    if isinstance(domains, (set, frozenset)):
        # One set lookup per label instead of one suffix test per domain.
        i = 0
        while True:
            if host[i:] in domains:
                return True
            i = host.find(".", i) + 1
            if not i:
                return False
    return any(host == d or host.endswith("." + d) for d in domains)


def is_brand_domain(domain: str, brand: Brand) -> bool:
    """``domain`` belongs to the brand: its registrable domain is one of the brand's
    organisational domains (those it sends and signs mail as)."""
    return bool(domain) and organisational(domain) in brand.senders.organisational_domains


def official_domains(brand: Brand) -> frozenset[str]:
    """Every domain whose links are the brand's own: link and sender domains."""
    return _official(brand.name, brand.links.link_domains + brand.senders.sender_domains
                     + brand.senders.organisational_domains)


@lru_cache(maxsize=8)
def _official(_name: str, values: tuple[str, ...]) -> frozenset[str]:
    return frozenset(v.lower().strip(".") for v in values)


def is_official(host: str, brand: Brand) -> bool:
    h = normalise_host(host)
    return bool(h) and h.isascii() and within(h, official_domains(brand))


# ---------------------------------------------------------------- IP addresses


def _ipv4_number(part: str) -> int | None:
    """One part of a WHATWG IPv4 address: decimal, 0x hex or 0-prefixed octal."""
    if not part:
        return None
    base = 10
    if part[:2] in ("0x", "0X"):
        part, base = part[2:], 16
        if not part:
            return 0
    elif len(part) > 1 and part[0] == "0":
        part, base = part[1:], 8
    if len(part) > 40:  # a number this long is out of range anyway; don't parse it
        return None
    try:
        return int(part, base)
    except ValueError:
        return None


def parse_ipv4(host: str) -> str | None:
    """The dotted-quad a browser would connect to for ``host``, or None.

    Browsers read ``3232235777``, ``0xC0A80101``, ``0300.0250.1.1`` and ``192.168.257`` as
    192.168.1.1 (WHATWG "IPv4 parser"); phishers use these forms to hide an address.
    """
    parts = host.split(".")
    if parts and parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if not parts or len(parts) > 4:
        return None
    nums = [_ipv4_number(p) for p in parts]
    if any(n is None for n in nums):
        return None
    values = [n for n in nums if n is not None]
    if any(n > 255 for n in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        return None
    ip = values[-1]
    for i, n in enumerate(values[:-1]):
        ip += n * 256 ** (3 - i)
    return ".".join(str((ip >> s) & 255) for s in (24, 16, 8, 0))


def _ends_in_number(host: str) -> bool:
    """WHATWG: a host whose last label is numeric must parse as IPv4 (or is invalid)."""
    last = host[:-1] if host.endswith(".") else host
    last = last[last.rfind(".") + 1:]
    if not last or last[-1] not in "0123456789abcdefABCDEF":
        return False  # the usual case, decided without a regex
    if last.isdigit() and last.isascii():
        return True
    return bool(re.fullmatch(r"0[xX][0-9a-fA-F]*", last))


def ip_of(host: str) -> str | None:
    """The IP address ``host`` denotes (v4 in any browser-accepted form, or v6), or None."""
    if not host:
        return None
    if ":" in host:
        try:
            return str(IPv6Address(host.strip("[]")))
        except ValueError:
            return None
    if _ends_in_number(host):
        return parse_ipv4(host)
    return None


# ---------------------------------------------------------------- URLs


class Url(NamedTuple):  # a named tuple: built several times faster than a dataclass
    raw: str
    scheme: str  # lower-case; "" for a relative reference
    userinfo: str | None  # text before '@' in the authority: None when absent
    host: str  # normalised (see normalise_host); "" when the URL has none
    port: str
    path: str
    query: str
    fragment: str
    ip: str | None  # the address, when the host is an IP address in any notation
    valid: bool  # False: a browser would refuse the host (bad IPv4 number, bad chars)

    @property
    def web(self) -> bool:
        return self.scheme in ("http", "https")


_FORBIDDEN_HOST = re.compile(r"[\x00-\x20#/:<>?@\[\\\]^|%\x7f]")


@lru_cache(maxsize=4096)
def parse_url(raw: str) -> Url:
    """Split ``raw`` as a browser would (WHATWG URL standard, simplified to what decides
    the destination). Never raises; linear in the length of ``raw``. Cached: a link is
    parsed again at every redirect layer and for its visible text."""
    s = raw.strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
                  "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f ")
    if "\t" in s or "\n" in s or "\r" in s:  # rare; translate reads every character
        s = s.translate(_TAB_NL)
    m = None if s[:4].lower() == "www." else _SCHEME_RE.match(s)
    scheme = m.group(1).lower() if m else ""
    rest = s[m.end():] if m else s
    if not scheme:
        if s[:4].lower() == "www.":  # a bare "www.host/path" in text
            scheme, rest = "http", "//" + s
        elif s.startswith("//"):  # protocol-relative: in a mail it can only mean http(s)
            scheme = "http"
        else:
            return Url(raw, "", None, "", "", *_split_tail(s), None, True)
    if scheme not in _SPECIAL and not rest.startswith("//"):
        return Url(raw, scheme, None, "", "", rest, "", "", None, True)
    # Non-special with "//" (e.g. "foo://user@host/"): not a web link; the authority is
    # still split so that the record shows its host.
    # Special schemes: any mix of / and \ after the colon introduces the authority, and
    # "http:evil.example" (no slashes at all) still means the host evil.example.
    rest = rest.replace("\\", "/") if scheme in _SPECIAL else rest
    rest = rest.lstrip("/")
    m_end = _AUTHORITY_END.search(rest)
    end = m_end.start() if m_end else len(rest)
    authority, tail = rest[:end], rest[end:]
    userinfo: str | None = None
    if "@" in authority:
        userinfo, _, authority = authority.rpartition("@")
    host, port = authority, ""
    if host.startswith("["):
        close = host.find("]")
        if close != -1:
            host, port = host[: close + 1], host[close + 1:].lstrip(":")
    elif ":" in host:
        host, _, port = host.rpartition(":")
    host = normalise_host(unquote(host)) if "%" in host else normalise_host(host)
    ip = ip_of(host)
    if ip is not None and ":" not in ip:
        # "3232235777", "0300.0xa8.0.01": the browser (and Thunderbird's status bar)
        # shows and contacts the dotted quad, so that is the host named to the user.
        host = ip
    valid = bool(host)
    if host and not ip:
        valid = not _FORBIDDEN_HOST.search(host) and not _ends_in_number(host)
    return Url(raw, scheme, userinfo, host, port, *_split_tail(tail), ip, valid)


_AUTHORITY_END = re.compile(r"[/?#]")
# Path up to the first ? or #, query from that ? up to the first #, fragment after it.
_TAIL = re.compile(r"([^?#]*)(?:\?([^#]*))?(?:#(.*))?", re.DOTALL)


def _split_tail(tail: str) -> tuple[str, str, str]:
    """(path, query, fragment) of what follows a URL's authority."""
    m = _TAIL.match(tail)
    if m is None:  # cannot happen: every part of the pattern is optional
        return tail, "", ""
    path, query, fragment = m.groups("")
    return path, query, fragment
