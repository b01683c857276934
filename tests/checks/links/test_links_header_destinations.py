"""What the message header offers (issue 14: what Thunderbird shows is what Honmono judges).

Thunderbird 153 opens a mail's List-Unsubscribe (and List-Help, List-Post... ) from the
List-ID row's menu, and Content-Base from a "Website" row (mail/headerlinks.py). Those
destinations are judged as links; a ``mailto:`` one as a Reply target; one outside Amazon
keeps even a signed Amazon mail from genuine (a replayer can add the header)."""

from __future__ import annotations

import pytest
from authkit import SIGNED, amazon_dns, notice_mail, sign
from builders import make_mail

from honmono import Settings, Signal, Status, Verdict, analyse
from honmono.mail import headerlinks
from honmono.mail.parse import parse

OFFICIAL_UNSUB = ("List-Unsubscribe: <https://www.amazon.co.jp/gp/communication-preferences>,"
                  " <mailto:unsubscribe@amazon.co.jp?subject=unsubscribe>\r\n"
                  "List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n")
LIST_ID = "List-Id: Amazon.co.jp <news.amazon.co.jp>\r\n"


def hrefs(raw: bytes) -> list[tuple[str, str]]:
    return [(link.href, shown) for link, shown in headerlinks.links(parse(raw))]


# ---------------------------------------------------------------- what the header offers

def test_every_entry_the_menu_or_the_rows_open_is_read() -> None:
    # Shapes seen in Thunderbird 153's List-ID menu (the values it picked in a real client):
    # mailto preferred, else the first <URL>; a bare URL as written; a folded second line.
    raw = make_mail(headers=[
        ("List-Id", "<news.shop.example>"),
        ("List-Unsubscribe", "<https://evil.example/u?x=1>, "
                             "<mailto:unsub@evil.example?subject=unsubscribe>"),
        ("List-Help", "https://help.evil.example/"),
        ("List-Post", "NO"),
        ("Archived-At", "<https://a.evil.example/1>,\r\n <https://b.evil.example/2>"),
        ("Content-Base", "https://cb.evil.example/page"),
    ])
    assert hrefs(raw) == [
        ("https://evil.example/u?x=1", "List-Unsubscribe"),
        ("mailto:unsub@evil.example?subject=unsubscribe", "List-Unsubscribe"),
        ("https://help.evil.example/", "List-Help"),
        ("https://a.evil.example/1", "Archived-At"),
        ("https://b.evil.example/2", "Archived-At"),
        ("https://cb.evil.example/page", "Content-Base"),
    ]


def test_entries_thunderbird_opens_nothing_for_are_not_destinations() -> None:
    # No scheme (seen in real newsletters): Thunderbird's newURI refuses it, nothing opens.
    # List-Unsubscribe-Post is never read by Thunderbird: nothing is POSTed.
    raw = make_mail(headers=[("List-Id", "<news.shop.example>"),
                             ("List-Unsubscribe", "<WKOXiiQ.0.0.9@newsletter.example>"),
                             ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")])
    assert hrefs(raw) == []


def test_a_comma_inside_a_bracketed_url_is_still_judged_whole() -> None:
    raw = make_mail(headers=[("List-Id", "<news.shop.example>"),
                             ("List-Unsubscribe", "<https://evil.example/u?a=1,2>")])
    assert ("https://evil.example/u?a=1,2", "List-Unsubscribe") in hrefs(raw)


def test_a_header_full_of_urls_is_bounded() -> None:
    many = ", ".join(f"<https://h{i}.evil.example/>" for i in range(500))
    assert len(hrefs(make_mail(headers=[("List-Id", "<x.example>"),
                                        ("List-Unsubscribe", many)]))) == \
        headerlinks.MAX_HEADER_LINKS


def test_without_list_id_the_list_headers_are_offered_nowhere() -> None:
    # Thunderbird's default view has no List-ID row to open a menu from: only the
    # "Website" row (Content-Base) is there.
    raw = make_mail(headers=[("List-Unsubscribe", "<https://evil.example/u>"),
                             ("List-Help", "<mailto:help@evil.example>"),
                             ("Content-Base", "https://cb.evil.example/page")])
    assert hrefs(raw) == [("https://cb.evil.example/page", "Content-Base")]


def test_signed_amazon_mail_whose_mailing_service_adds_an_unlisted_unsubscribe_stays_genuine(
) -> None:
    raw = signed_notice("List-Unsubscribe: <https://unsubscribe.mailer.example/u>\r\n")
    assert verdict_of(raw).verdict is Verdict.GENUINE


# ---------------------------------------------------------------- the verdict

def signed_notice(extra: str = "", on_top: str = "", signed: tuple[bytes, ...] = ()) -> bytes:
    mail = notice_mail(extra_headers=extra)
    return on_top.encode() + sign(mail, include=[*SIGNED, *signed])


def verdict_of(raw: bytes, dns: bool = True):  # type: ignore[no-untyped-def]
    return analyse(raw, Settings(offline=not dns), resolver=amazon_dns() if dns else None)


def test_signed_amazon_mail_with_amazon_unsubscribe_stays_genuine() -> None:
    raw = signed_notice(LIST_ID + OFFICIAL_UNSUB, signed=(b"list-id", b"list-unsubscribe"))
    report = verdict_of(raw)
    assert report.verdict is Verdict.GENUINE
    assert not any(e.id == "links.header_elsewhere" for e in report.evidence)
    found = {d["href"]: d for d in report.details["links"] if d.get("found_in") == "header"}
    assert found["mailto:unsubscribe@amazon.co.jp?subject=unsubscribe"]["source"] == \
        "List-Unsubscribe"


@pytest.mark.parametrize("header", [
    "List-Unsubscribe: <https://unsubscribe.mailer.example/u>\r\n",
    "List-Unsubscribe: <mailto:stop@evil.example>\r\n",
    "List-Help: <https://help.evil.example/>\r\n",
    "Content-Base: https://cb.evil.example/\r\n",
])
def test_replayed_signed_mail_whose_header_leads_elsewhere_is_not_genuine(header: str) -> None:
    raw = signed_notice(on_top=LIST_ID + header)
    report = verdict_of(raw)
    assert report.details["auth"]["local"] == "pass"
    item = next(e for e in report.evidence if e.id == "links.header_elsewhere")
    assert item.ceiling is Verdict.SUSPICIOUS
    assert item.source == header.split(":", 1)[0]
    assert report.verdict is Verdict.SUSPICIOUS


def test_header_destination_imitating_amazon_is_phishing_even_when_signed() -> None:
    # Judged as a link: a lookalike host is a forger's trick, decisive whatever is proven.
    raw = signed_notice(
        on_top=LIST_ID + "List-Unsubscribe: <https://amazon-unsubscribe.example/u>\r\n")
    report = verdict_of(raw)
    assert any(e.id == "links.lookalike" for e in report.evidence)
    assert report.verdict is Verdict.PHISHING


def test_signed_header_leading_elsewhere_is_still_not_genuine() -> None:
    # Amazon's signature covering it makes it Amazon's word, but the destination is not
    # Amazon's: the rule the brief sets is that such a mail is never green.
    raw = signed_notice(LIST_ID + "List-Unsubscribe: <https://unsub.evil.example/>\r\n",
                        signed=(b"list-id", b"list-unsubscribe"))
    assert verdict_of(raw).verdict is Verdict.SUSPICIOUS


def test_unsigned_amazon_claim_with_foreign_unsubscribe_address_is_a_red_flag() -> None:
    raw = make_mail(headers=[("List-Id", "<news.amazon.example>"),
                             ("List-Unsubscribe", "<mailto:stop@evil.example>")])
    report = analyse(raw, Settings(offline=True))
    item = next(e for e in report.evidence if e.id == "links.header_elsewhere")
    assert (item.status, item.signal) == (Status.FAIL, Signal.RED_FLAG)
    assert report.verdict is Verdict.PHISHING
    # The same address as a body mail link is the harmless kind (no header, no weight).
    body = make_mail(html='<p>こんにちは</p><a href="mailto:stop@evil.example">連絡</a>')
    assert not any(e.id == "links.header_elsewhere"
                   for e in analyse(body, Settings(offline=True)).evidence)


def test_not_amazon_mail_is_not_affected() -> None:
    raw = make_mail(from_="Shop <news@shop.example>", subject="今週のセール",
                    text="今週のおすすめ商品です。",
                    headers=[("List-Id", "<news.shop.example>"),
                             ("List-Unsubscribe", "<https://unsub.evil.example/>")])
    assert analyse(raw, Settings(offline=True)).verdict is Verdict.NO_CLAIM


def test_the_lists_own_unsubscribe_in_a_list_forward_is_the_lists_not_a_red_flag() -> None:
    # Amazon's mail through a family list: the list added the footer (proven) and the
    # List-Unsubscribe header to its own host. Both are the list's, not a forger's.
    from mailgen import judge
    from unseen import AMZ, list_footer_forward

    report = judge(list_footer_forward(), *AMZ)
    assert not any(e.id == "links.header_elsewhere" for e in report.evidence)
    assert any(d.get("found_in") == "header" and d["host"] == "lists.tanaka-home.jp"
               for d in report.details["links"])
    assert report.verdict is Verdict.SUSPICIOUS
