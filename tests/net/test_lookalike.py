"""Lookalike detection: every dnstwist permutation of Amazon's domains is caught, no
official domain and no ordinary domain is."""

from __future__ import annotations

import time

import dnstwist
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from honmono.brands.registry import load
from honmono.net.domains import official_domains
from honmono.net.lookalike import HostKind, judge_host, lookalike_of

BRAND = load()
OFFICIAL = official_domains(BRAND)

# dnstwist's dictionary and TLD fuzzers need words; these are the ones Amazon phishing uses
# (JPCERT/CC list: amazon-security-jp, amazon-co-jp-login, ...).
WORDS = ["login", "signin", "secure", "security", "account", "support", "verify", "update",
         "help", "service", "jp", "prime", "member", "pay", "info", "official", "check",
         "shop", "store", "my", "co", "japan", "card", "customer"]
TLDS = ["com", "net", "org", "jp", "co.jp", "ne.jp", "or.jp", "xyz", "top", "info", "shop",
        "online", "site", "club", "cn", "de", "co", "io", "us", "biz", "icu", "cc", "tk",
        "co.uk", "com.cn", "vip", "buzz", "me", "app", "ru", "in"]


class _AllGlyphs(dnstwist.Fuzzer):
    """dnstwist with its Unicode homoglyph table for every TLD.

    dnstwist only uses the glyphs a registry accepts (none for .jp and .co.jp), but a
    lookalike need not stay under the brand's TLD: xn--mazon-3ve.co.jp cannot be
    registered, xn--mazon-3ve.com can, and a mail links to either."""

    glyphs_idn_by_tld: dict = {}  # noqa: RUF012 - overrides dnstwist's class table

    def _cyrillic(self):  # type: ignore[no-untyped-def]
        # dnstwist gives up when one letter has no Cyrillic twin (the z and n of amazon);
        # a phisher swaps the letters that do have one, alone or together.
        table = self.latin_to_cyrillic
        out = {self.domain[:i] + table[c] + self.domain[i + 1:]
               for i, c in enumerate(self.domain) if c in table}
        out.add("".join(table.get(c, c) for c in self.domain))
        return out


def _permutations(domain: str, fuzzer: type[dnstwist.Fuzzer]) -> list[tuple[str, str]]:
    f = fuzzer(domain, dictionary=WORDS, tld_dictionary=TLDS)
    f.generate()
    return [(p["fuzzer"], p["domain"]) for p in f.permutations() if p["fuzzer"] != "*original"]


@pytest.mark.parametrize("fuzzer", [dnstwist.Fuzzer, _AllGlyphs], ids=["dnstwist", "all-glyphs"])
@pytest.mark.parametrize("domain", ["amazon.co.jp", "amazon.com", "www.amazon.co.jp"])
def test_every_dnstwist_permutation_is_a_lookalike(domain: str, fuzzer: type) -> None:
    perms = _permutations(domain, fuzzer)
    kinds = {name for name, _ in perms}
    assert {"addition", "bitsquatting", "homoglyph", "hyphenation", "insertion", "omission",
            "repetition", "replacement", "subdomain", "transposition", "vowel-swap",
            "dictionary", "tld-swap", "various"} <= kinds
    if fuzzer is _AllGlyphs:
        assert "cyrillic" in kinds
    missed = []
    for name, host in perms:
        if judge_host(host, BRAND).kind is HostKind.OFFICIAL:
            # Only tld-swap/various land on Amazon's own domains (amazon.com from
            # amazon.co.jp, amazon.jp, amazon.de, ...): those are official, not lookalikes.
            assert name in ("tld-swap", "various"), (name, host)
            assert host.removeprefix("www.") in OFFICIAL, (name, host)
            continue
        if not lookalike_of(host, BRAND):
            missed.append((name, host, judge_host(host, BRAND).kind.value))
    assert not missed, missed[:20]


def test_official_domains_and_their_subdomains_pass() -> None:
    for dom in OFFICIAL:
        for host in (dom, "www." + dom, "m." + dom, "gc.email." + dom, dom.upper() + "."):
            assert lookalike_of(host, BRAND) is None, host
            assert judge_host(host, BRAND).kind is HostKind.OFFICIAL, host
    # Full-width and ideographic dots: the browser maps them to amazon.co.jp itself.
    assert judge_host("ａｍａｚｏｎ。ｃｏ．ｊｐ", BRAND).kind is HostKind.OFFICIAL


ORDINARY = [
    "google.com", "www.google.co.jp", "yahoo.co.jp", "rakuten.co.jp", "mazda.co.jp",
    "example.co.jp", "amazing.example", "amazing.com", "amazingthings.jp", "amaze.com",
    "amazed.net", "amazement.org", "amazonia.org", "amazonas.gov.br", "amazonian-parrots.com",
    "amazonite.shop", "hamazono-clinic.jp", "yamazaki.co.jp", "yamazakipan.co.jp",
    "amazake.jp", "kamata.jp",
    "macon.com", "mason.com", "azure.com", "zozo.jp", "mercari.com", "docomo.ne.jp",
    "sagawa-exp.co.jp", "kuronekoyamato.co.jp", "japanpost.jp", "smbc.co.jp", "paypay.ne.jp",
    "apple.com", "microsoft.com", "linkedin.com", "facebook.com", "twitter.com", "x.com",
    "instagram.com", "line.me", "prime.example", "primevision.jp", "videoprime.jp",
    "panama.com", "salmon.jp", "amadeus.com", "lazada.com", "o.com",
    "ドコモ.jp", "日本郵便.jp", "xn--eckwd4c7c.xn--zckzah", "sourceforge.net", "lists.01.org",
    "mx1.messagingengine.com", "amazonses.com", "a.amazonses.com", "amazontrust.com",
    "s3.amazonaws.com", "d15k2d11r6t6rl.cloudfront.net", "r.us-east-1.awstrack.me",
    # names that merely contain an official one or an ordinary word beside "www"
    "a.co.jp", "shop.a.co.jp", "www.amazonia.com", "www.amazonas.gov.br",
    # the loose reading in front of a fake suffix stays off ordinary words
    "mason.co.jp.example.net", "amaze.co.jp.example.net", "primed.co.jp.example.net",
]


@pytest.mark.parametrize("host", ORDINARY)
def test_ordinary_domains_are_not_lookalikes(host: str) -> None:
    assert lookalike_of(host, BRAND) is None, judge_host(host, BRAND)


@pytest.mark.parametrize(("host", "kind"), [
    # the seeds' own examples (seed 003) and digit/letter substitutions
    ("anazon.co.jp", HostKind.LOOKALIKE), ("amazom.co.jp", HostKind.LOOKALIKE),
    ("amaz0n.co.jp", HostKind.LOOKALIKE), ("arnazon.com", HostKind.LOOKALIKE),
    ("amazonn.jp", HostKind.LOOKALIKE), ("amzon.jp", HostKind.LOOKALIKE),
    ("arnaz0n-jp.com", HostKind.LOOKALIKE), ("vvww-amazon.com", HostKind.LOOKALIKE),
    ("amazon.net", HostKind.LOOKALIKE), ("amazon.co", HostKind.LOOKALIKE),
    ("amazon-security-jp.com", HostKind.LOOKALIKE), ("amazonsecurity.com", HostKind.LOOKALIKE),
    ("primevideo-jp.net", HostKind.LOOKALIKE), ("amazone.com", HostKind.LOOKALIKE),
    ("ama.zon.co.jp", HostKind.LOOKALIKE), ("amaz.on.com", HostKind.LOOKALIKE),
    # scrambled and padded, from the JPCERT/CC list and the mailing-list corpus
    ("amoazm.dxjzb.com", HostKind.BRAND_IN_SUBDOMAIN),
    ("anozam.toy-g.com", HostKind.BRAND_IN_SUBDOMAIN),
    ("www.amatzons.com", HostKind.LOOKALIKE), ("amaemzonaket.world", HostKind.LOOKALIKE),
    # a fake "name.co.jp" in front of the real domain may stray further from the brand
    ("amzanao.co.ip.selluious.shop", HostKind.BRAND_IN_SUBDOMAIN),
    ("amzanon.co.ip.actonion.shop", HostKind.BRAND_IN_SUBDOMAIN),
    ("amzone.co.jp.haobanjia.cn", HostKind.BRAND_IN_SUBDOMAIN),
    ("aamznon.co.jp.jidada.net", HostKind.BRAND_IN_SUBDOMAIN),
    # brand in front of or inside someone else's domain
    ("amazon.co.jp.evil.example", HostKind.BRAND_IN_SUBDOMAIN),
    ("www.amazon.co.jp.evil.example", HostKind.BRAND_IN_SUBDOMAIN),
    ("secure-amazon.co.jp.xyz", HostKind.BRAND_IN_SUBDOMAIN),
    ("amzaon.co.jp.sfzxw.com", HostKind.BRAND_IN_SUBDOMAIN),
    ("amazon.superkoran.info", HostKind.BRAND_IN_SUBDOMAIN),
    ("amazon-xms.blogspot.com", HostKind.BRAND_IN_SUBDOMAIN),
    ("amazon-jp-login.s3.amazonaws.com", HostKind.BRAND_IN_SUBDOMAIN),
    # IDN homoglyphs: Cyrillic а, Greek ο, Latin alpha, accents, mathematical letters
    ("xn--mazon-3ve.com", HostKind.HOMOGLYPH), ("аmazon.co.jp", HostKind.HOMOGLYPH),
    ("amazοn.com", HostKind.HOMOGLYPH), ("ɑmɑzon.com", HostKind.HOMOGLYPH),
    ("amazón.com", HostKind.HOMOGLYPH), ("amazøn.com", HostKind.HOMOGLYPH),
    ("əmazoŋ.com", HostKind.HOMOGLYPH),
])
def test_tricks(host: str, kind: HostKind) -> None:
    j = judge_host(host, BRAND)
    assert j.kind is kind, j
    assert lookalike_of(host, BRAND) == j.reason
    assert j.mark


def test_mixed_script_label_is_flagged_but_not_called_amazon() -> None:
    # "аpple" with a Cyrillic а: a homograph, though not of Amazon
    j = judge_host("xn--pple-43d.com", BRAND)
    assert j.kind is HostKind.MIXED_SCRIPT
    assert lookalike_of("xn--pple-43d.com", BRAND) is None
    # Latin with Japanese is ordinary in .jp names
    assert judge_host("ドコモshop.jp", BRAND).kind is HostKind.FOREIGN


@pytest.mark.parametrize("host", ["3232235777", "0xC0A80101", "0300.0250.1.1", "192.168.1.1",
                                  "192.168.257", "[::1]", "::ffff:c0a8:101"])
def test_ip_hosts(host: str) -> None:
    assert judge_host(host, BRAND).kind is HostKind.IP


def test_amazon_hosting_is_neither_official_nor_a_lookalike() -> None:
    for host in ("s3.amazonaws.com", "bucket.s3.ap-northeast-1.amazonaws.com",
                 "d111111abcdef8.cloudfront.net", "r.us-east-1.awstrack.me"):
        j = judge_host(host, BRAND)
        assert j.kind is HostKind.HOSTING, j
        assert lookalike_of(host, BRAND) is None


def test_speed_per_host() -> None:
    hosts = [f"{p}{i}.example{i % 7}.com" for i in range(2000) for p in ("amaz", "shop")]
    started = time.perf_counter()
    for h in hosts:
        judge_host(h, BRAND)
    per_host = (time.perf_counter() - started) / len(hosts)
    print(f"\njudge_host: {per_host * 1e6:.0f} µs per uncached host")
    assert per_host < 0.005


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_as_host_never_crashes(host: str) -> None:
    j = judge_host(host, BRAND)
    assert isinstance(j.kind, HostKind)
    lookalike_of(host, BRAND)


@settings(max_examples=200, deadline=None)
@given(st.from_regex(r"[a-z0-9\-]{1,20}(\.[a-z0-9\-]{1,20}){0,3}\.(com|jp|co\.jp|net)",
                     fullmatch=True))
def test_random_hosts_never_crash(host: str) -> None:
    judge_host(host, BRAND)


@settings(max_examples=20, deadline=None)
@given(st.text(alphabet=st.sampled_from("amzon.-0аοı漢xn"), min_size=1, max_size=50))
def test_huge_hosts_return_quickly(piece: str) -> None:
    host = (piece * (10_000 // len(piece) + 1))[:10_000]
    started = time.perf_counter()
    judge_host(host, BRAND)
    judge_host("amazon." + host, BRAND)
    assert time.perf_counter() - started < 0.5
