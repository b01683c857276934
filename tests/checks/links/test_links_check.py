"""The link check: one fixture mail per trick, links judged one by one, authentication
softening all but the forger's tricks, bounded details, no crash on any URL."""

from __future__ import annotations

import dataclasses
import time
from pathlib import Path

import pytest
from builders import make_mail
from hypothesis import given, settings
from hypothesis import strategies as st

from honmono import Evidence, Settings, Signal, Status, Verdict, analyse
from honmono.brands.registry import load
from honmono.checks import Context
from honmono.checks.claim import detect_claim
from honmono.checks.links import MAX_DETAILS, check
from honmono.checks.urljudge import Kind, judge_href, judgement_msg
from honmono.core.model import InLanguage, Items, Msg
from honmono.mail.parse import parse
from honmono.mail.types import Link
from honmono.net.lookalike import How, Why, judge_host
from honmono.report.catalog import generic, words

BRAND = load()
HERE = Path(__file__).resolve().parent
MAILS = HERE.parents[1] / "fixtures" / "mail" / "links"
OFFLINE = Settings(offline=True)

D, R, W, N = Signal.DECISIVE, Signal.RED_FLAG, Signal.DOUBT, Signal.NONE


def run(raw: bytes, authenticated: bool = False) -> tuple[list[Evidence], Context]:
    msg = parse(raw)
    ctx = Context(msg=msg, settings=OFFLINE, brand=BRAND, claim=detect_claim(msg, BRAND))
    if authenticated:
        ctx.authenticated_domains.add("amazon.co.jp")
    return check(ctx), ctx


def ids(evidence: list[Evidence]) -> dict[str, Signal]:
    return {e.id: e.signal for e in evidence}


def fixture(name: str) -> bytes:
    return (MAILS / f"{name}.eml").read_bytes()


# fixture → the link evidence it must produce (id: signal); other link ids must not fail
EXPECTED: dict[str, dict[str, Signal]] = {
    # Amazon writes the footer URL right after "…で始まります。…できます。" with no space:
    # Thunderbird links the whole run, a host under no real top-level domain (nowhere);
    # the footer check still reads the URL that follows the sentence.
    "footer-genuine_plaintext": {"links.footer_genuine": N},
    "footer-url_points_elsewhere": {"links.footer_elsewhere": D},
    "footer-url_elsewhere_plain_host": {"links.footer_elsewhere": D},
    "footer-url_linked_elsewhere": {"links.footer_linked": D, "links.footer_overruled": N},
    "userinfo-amazon_at_evil": {"links.userinfo": D},
    "lookalike-amaz0n": {"links.lookalike": D},
    "lookalike-anazon_plaintext": {"links.lookalike": D},
    "homoglyph-punycode_cyrillic_a": {"links.homoglyph": D},
    "brand_in_subdomain-official_prefix": {"links.brand_in_subdomain": D},
    "brand_in_path-foreign_host": {"links.brand_in_path": D},
    "ip_host-decimal": {"links.ip_host": D},
    "ip_host-dotted": {"links.ip_host": D},
    "text_mismatch-shows_amazon_url": {"links.text_mismatch": D},
    "text_mismatch-combining_marks": {"links.text_mismatch": D},
    "redirector-google_to_lookalike": {"links.brand_in_subdomain": D},
    "foreign-compromised_site": {"links.foreign": R},
    "hosting-s3_bucket": {"links.hosting": R},
    "shortener-bitly": {"links.shortener": R},
    "form-post_foreign": {"links.form": R, "links.foreign": R},
    "script-javascript": {"links.script": R},
    "official-all_links": {"links.all_official": N, "links.footer_genuine": N},
    "redirector-google_to_amazon": {"links.redirected": W},
    "wrapper-safelinks_to_amazon": {"links.all_official": N},
    "no_links-otp": {"links.none": N},
    "authenticated-foreign_link": {"links.foreign": R},
    "authenticated-lookalike_link": {"links.brand_in_subdomain": D},
}


def test_every_fixture_is_covered() -> None:
    assert {p.stem for p in MAILS.glob("*.eml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_fixture(name: str) -> None:
    evidence, _ = run(fixture(name))
    got = ids(evidence)
    assert got == EXPECTED[name], [(e.id, e.signal.name, e.title) for e in evidence]
    for e in evidence:
        assert all(words(t, "amazon", lang) for t in (e.title, e.detail) for lang in ("ja", "en"))
        if e.status in (Status.FAIL, Status.WARN):
            assert e.source, e  # names the offending link


@pytest.mark.parametrize("name", [n for n, exp in EXPECTED.items() if D in exp.values()])
def test_decisive_fixtures_are_phishing_whatever_the_rest(name: str) -> None:
    assert analyse(fixture(name), OFFLINE).verdict is Verdict.PHISHING


def test_authentication_softens_foreign_links_but_not_tricks() -> None:
    evidence, _ = run(fixture("authenticated-foreign_link"), authenticated=True)
    (foreign,) = [e for e in evidence if e.id == "links.foreign"]
    assert foreign.status is Status.WARN and foreign.signal is Signal.NONE
    evidence, _ = run(fixture("authenticated-lookalike_link"), authenticated=True)
    assert ids(evidence) == {"links.brand_in_subdomain": D}
    evidence, _ = run(fixture("redirector-google_to_amazon"), authenticated=True)
    assert ids(evidence) == {"links.redirected": N}
    evidence, _ = run(fixture("form-post_foreign"), authenticated=True)
    assert all(e.signal is Signal.NONE for e in evidence)


def test_details_record_every_link() -> None:
    _, ctx = run(fixture("userinfo-amazon_at_evil"))
    (rec,) = [r for r in ctx.details["links"] if r["origin"] == "html"]
    assert rec["href"] == "https://www.amazon.co.jp@evil.example/ap/signin"
    assert rec["host"] == "evil.example"
    assert rec["status"] == "fail" and rec["kind"] == "userinfo"
    assert rec["text"] == "アカウントを確認する"
    # Both languages of the same sentence, said at the report's edge (report/render.py).
    assert rec["reason"] == InLanguage(rec["reason"].words, "en")
    assert rec["reason_ja"] == InLanguage(rec["reason"].words, "ja")
    assert rec["reason"].words == Msg("links.reason.userinfo",
                                      {"shown": "www.amazon.co.jp", "host": "evil.example"})


def test_a_hosts_judgement_is_said_in_both_languages() -> None:
    brand = load()
    for host, why in [("amaz0n-login.example", Why.NOT_THE_BRANDS),
                      ("amazon.co.jp.evil.example", Why.OFFICIAL_IN_FRONT),
                      ("xn--mazon-3ve.com", Why.LOOKALIKE_LETTERS),
                      ("amazon-login.evil.example", Why.IN_SUBDOMAIN),
                      ("ama.zon.evil.example", Why.SPLIT_BY_DOT)]:
        reason = judge_host(host, brand).reason
        assert reason is not None and reason.why is why, (host, reason)
        msg = judgement_msg(reason)
        assert msg.id == f"lookalike.{why.value}"
        said = {lang: words(msg, "amazon", lang) for lang in ("ja", "en")}
        assert reason.mark in said["ja"] and reason.mark in said["en"], said
    # Every reason and every way of imitating has its sentence.
    for why in Why:
        assert f"lookalike.{why.value}" in generic("en")
    for how in How:
        assert f"lookalike.how.{how.value}" in generic("en")
    en = words(judgement_msg(judge_host("amaz0n-login.example", brand).reason), "amazon", "en")
    assert en == "'amaz0n-login' reads as 'amazon', but amaz0n-login.example is not Amazon's"


def test_a_form_sending_to_the_mail_itself() -> None:
    html = '<form action="#"><input type="password" name="p"></form>'
    evidence, _ = run(make_mail(html=html))
    (form,) = [e for e in evidence if e.id == "links.form"]
    assert isinstance(form.title, Msg) and form.title.params["host"] == Msg("links.this_mail")
    assert words(form.title, "amazon", "en").endswith("submits to this mail)")
    assert "このメール内" in words(form.title, "amazon", "ja")


def test_details_are_capped_and_deduplicated() -> None:
    html = "".join(f'<a href="https://site{i}.example/x">x</a>' for i in range(300))
    html += '<a href="https://site1.example/x">again</a>'
    _, ctx = run(make_mail(html=html))
    assert len(ctx.details["links"]) == MAX_DETAILS
    assert ctx.details["links_more"] == 100


# ---------------------------------------------------------------- one link at a time


@pytest.mark.parametrize(("href", "kind"), [
    ("https://www.amazon.co.jp/gp/css/order-history", Kind.OFFICIAL),
    ("https://amzn.to/3AbCdEf", Kind.OFFICIAL),
    ("https://a.co/d/abc", Kind.OFFICIAL),
    ("HTTPS://WWW.AMAZON.CO.JP./gp", Kind.OFFICIAL),
    ("https://%61mazon.co.jp/gp", Kind.OFFICIAL),  # the browser decodes the host
    ("www.amazon.co.jp/gp/css", Kind.OFFICIAL),
    ("https://www.amazon.co.jp@evil.example/", Kind.USERINFO),
    ("https://user:pass@www.amazon.co.jp/", Kind.USERINFO),
    ("http://3232235777/", Kind.IP),
    ("http://0xC0A80101/", Kind.IP),
    ("http://0300.0250.0001.0001/", Kind.IP),
    ("http://192.168.257/", Kind.IP),
    ("http://[2001:db8::1]/", Kind.IP),
    ("https://amazon.co.jp.evil.example/", Kind.BRAND_IN_SUBDOMAIN),
    ("https://evil.example/amazon.co.jp/signin", Kind.BRAND_IN_PATH),
    ("https://evil.example/www.amazon.com/ap/signin?x=1", Kind.BRAND_IN_PATH),
    ("https://amazon-security-jp.com/", Kind.LOOKALIKE),
    ("https://xn--mazon-3ve.com/", Kind.HOMOGLYPH),
    ("https://xn--pple-43d.com/", Kind.MIXED_SCRIPT),
    ("https://bit.ly/abc", Kind.SHORTENER),
    ("https://www.linkedin.com/slink?code=abc", Kind.SHORTENER),
    ("https://s3.amazonaws.com/bucket/page.html", Kind.HOSTING),
    ("https://d15k2d11r6t6rl.cloudfront.net/x", Kind.HOSTING),
    ("https://r.us-east-1.awstrack.me/L0/https:%2F%2Fevil.example", Kind.HOSTING),
    ("https://www.google.com/url?q=https://www.amazon.co.jp/x", Kind.REDIRECTED),
    ("https://www.google.co.jp/url?q=https%3A%2F%2Fbit.ly%2Fx", Kind.SHORTENER),
    ("https://l.facebook.com/l.php?u=https%3A%2F%2Fevil.example%2F", Kind.FOREIGN),
    ("https://www.google.co.uk/amp/s/amazon-login.example/x", Kind.LOOKALIKE),
    ("https://t.umblr.com/redirect?z=https%3A%2F%2Fanazon.co.jp", Kind.LOOKALIKE),
    ("https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fwww.amazon.co.jp%2F",
     Kind.OFFICIAL),
    ("https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fevil.example%2F",
     Kind.FOREIGN),
    ("https://urldefense.com/v3/__https://www.amazon.co.jp/gp__;!!x", Kind.OFFICIAL),
    ("https://urldefense.proofpoint.com/v2/url?u=https-3A__amaz0n.com_x&d=1", Kind.LOOKALIKE),
    ("https://protect-eu.mimecast.com/s/AbCd", Kind.OPAQUE),
    ("https://click.tracker.example/c?url=https%3A%2F%2Fwww.amazon.co.jp%2F", Kind.FORWARDER),
    ("https://www.amazon.co.jp/gp/r.html?C=1&U=https%3A%2F%2Fwww.amazon.co.jp%2Fgp", Kind.OFFICIAL),
    ("https://www.amazon.com/gp/r.html?C=1&U=https%3A%2F%2Fevil.example%2F", Kind.FOREIGN),
    ("mailto:cs@amazon.co.jp", Kind.NONWEB),
    ("mailto:support@amaz0n-help.com", Kind.LOOKALIKE),
    ("tel:0120-999-373", Kind.NONWEB),
    ("#top", Kind.NONWEB),
    ("", Kind.NONWEB),
    ("javascript:alert(1)", Kind.SCRIPT),
    ("data:text/html;base64,PGgxPg==", Kind.SCRIPT),
    ("http://exa mple.com/", Kind.INVALID),
    ("http://999.1.1.1/", Kind.INVALID),
    ("https://ballastbrokers.co.za/5survey.html", Kind.FOREIGN),
])
def test_judge_href(href: str, kind: Kind) -> None:
    lj = judge_href(href, BRAND)
    kinds = {f.kind for f in lj.findings}
    assert kind in kinds, lj
    if kind is Kind.OFFICIAL:
        assert kinds == {Kind.OFFICIAL}


def test_backslash_authority_goes_where_the_browser_goes() -> None:
    # Browsers read "\" as "/" in http(s) URLs: this is www.amazon.co.jp, path "/@evil".
    lj = judge_href("https://www.amazon.co.jp\\@evil.example/", BRAND)
    assert [f.kind for f in lj.findings] == [Kind.OFFICIAL]
    # ... and "http:evil.example" is the host evil.example.
    assert judge_href("http:evil.example/x", BRAND).final_host == "evil.example"


def test_redirect_unwrapping_is_bounded() -> None:
    href = "https://evil.example/"
    for _ in range(50):
        href = "https://www.google.com/url?q=" + href.replace("%", "%25").replace(
            "&", "%26").replace("?", "%3F").replace("=", "%3D")
    lj = judge_href(href, BRAND)
    assert lj.findings


_BASE = parse(make_mail())
_CLAIM = detect_claim(_BASE, BRAND)


def _link_ctx(links: list[Link], authenticated: bool = False) -> Context:
    msg = dataclasses.replace(_BASE, links=links, links_total=len(links))
    ctx = Context(msg=msg, settings=OFFLINE, brand=BRAND, claim=_CLAIM)
    if authenticated:
        ctx.authenticated_domains.add("amazon.co.jp")
    return ctx


@pytest.mark.parametrize(("text", "href", "expected"), [
    ("https://www.amazon.co.jp/gp/your-account", "https://evil.example/", "links.text_mismatch"),
    ("Amazon.co.jp", "https://evil.example/", "links.text_mismatch"),
    ("amazon.co.jp で確認", "https://evil.example/", "links.text_mismatch"),
    ("こちらAmazon.co.jpで確認", "https://evil.example/", "links.text_mismatch"),
    ("www.amazon.com", "http://203.0.113.9/", "links.text_mismatch"),
    ("ａｍａｚｏｎ．ｃｏ．ｊｐ", "https://evil.example/", "links.text_mismatch"),
    ("https://www.amaz0n.co.jp/", "https://www.amazon.co.jp/", "links.lookalike"),
    ("https://shop.example/sale", "https://tracker.example/c/1", "links.text_other"),
])
def test_visible_text_versus_destination(text: str, href: str, expected: str) -> None:
    got = ids(check(_link_ctx([Link(href, text, "html")])))
    assert expected in got, got


@pytest.mark.parametrize(("text", "href"), [
    ("https://www.amazon.co.jp/gp/css", "https://www.amazon.co.jp/gp/r.html?C=1&U=x"),
    ("Amazon.co.jp", "https://www.amazon.co.jp/"),
    ("注文履歴を見る", "https://www.amazon.co.jp/gp/css/order-history"),
    ("Mr.Smith ver.2.0 e.g.", "https://www.amazon.co.jp/"),
    ("Amazon.co.jpで注文履歴を見る", "https://www.amazon.co.jp/gp/css/order-history"),
])
def test_matching_text_is_fine(text: str, href: str) -> None:
    evidence = check(_link_ctx([Link(href, text, "html")]))
    assert ids(evidence) == {"links.all_official": N}


def test_official_form_is_still_a_red_flag() -> None:
    evidence = check(_link_ctx([Link("https://www.amazon.co.jp/ap/signin", "", "form")]))
    assert ids(evidence) == {"links.form": R}
    evidence = check(_link_ctx([Link("", "", "form")]))
    assert ids(evidence) == {"links.form": R}


def test_many_hosts_are_named_in_one_evidence_item() -> None:
    links = [Link(f"https://host{i}.example/", "x", "html") for i in range(12)]
    (e,) = check(_link_ctx(links))
    assert e.id == "links.foreign"
    assert isinstance(e.detail, Msg) and e.detail.id == "links.finding.detail_hosts_more"
    assert e.detail.params["more"] == 7
    assert e.detail.params["hosts"] == Items(tuple(f"host{i}.example" for i in range(5)))


# ---------------------------------------------------------------- robustness

_URLS = st.one_of(
    st.text(max_size=300),
    st.builds(lambda s, h, p: f"{s}://{h}/{p}",
              st.sampled_from(["http", "https", "HTTP", "ftp", "javascript", "mailto", "x"]),
              st.text(max_size=80), st.text(max_size=80)),
    st.builds(lambda h, q: f"https://www.google.com/url?q={h}&u={q}",
              st.text(max_size=100), st.text(max_size=100)),
)


@settings(max_examples=300, deadline=None)
@given(_URLS, st.text(max_size=100))
def test_any_url_never_crashes(href: str, text: str) -> None:
    judge_href(href, BRAND)
    for origin in ("html", "text", "form", "image"):
        for e in check(_link_ctx([Link(href, text, origin)])):
            assert isinstance(e.signal, Signal)


def test_huge_urls_are_quick() -> None:
    started = time.perf_counter()
    for href in ("https://" + "a." * 5000 + "amazon.co.jp.evil.example/",
                 "https://evil.example/" + "amazon.co.jp/" * 1000,
                 "https://www.google.com/url?q=" + "https%253A%252F%252F" * 1000,
                 "http://" + "1" * 10_000 + "/", "https://x.example/?" + "&url=1" * 5000):
        judge_href(href, BRAND)
        check(_link_ctx([Link(href, href[:500], "html")]))
    assert time.perf_counter() - started < 2


def test_images_are_not_navigation_unless_forged() -> None:
    assert ids(check(_link_ctx([Link("https://images.example/logo.png", "", "image")]))) == {
        "links.no_web_links": N}
    assert ids(check(_link_ctx([Link("https://amaz0n.example/logo.png", "", "image")]))) == {
        "links.lookalike": D}


def test_a_thousand_links_are_quick() -> None:
    html = "".join(f'<a href="https://h{i}.example/p?url=https%3A%2F%2Fx{i}.example">'
                   f"www.amazon.co.jp/{i}</a>" for i in range(2500))
    raw = make_mail(html=html)
    started = time.perf_counter()
    evidence, ctx = run(raw)
    assert time.perf_counter() - started < 5
    assert "links.text_mismatch" in ids(evidence)
    assert "links.truncated" in ids(evidence)
    assert ctx.details["links_more"] > 0


def test_every_reason_has_its_sentence_with_the_values_it_names() -> None:
    from honmono.checks.links import _ARGS, _FROM_JUDGEMENT

    # The reasons that carry their host's judgement say it whole ($DETAIL$) or one value.
    with_judgement = {"lookalike", "brand_in_subdomain", "invalid", "text_lookalike"}
    for why, names in _ARGS.items():
        for lang in ("ja", "en"):
            declared = set(generic(lang)[f"links.reason.{why}"].get("placeholders", {}))
            extra = {"detail"} if why in with_judgement else (
                {_FROM_JUDGEMENT[why]} if why in _FROM_JUDGEMENT else set())
            assert declared == set(names) | extra, (why, lang)
