"""Issue 14, attacker round 3: decoding and plain-text links as Thunderbird 153 showed them.

The shapes and what Thunderbird displayed for each are in tests/shapes_r14.py (observed
in the real client; tests/e2e/test_parity.py keeps checking them there).
"""

from __future__ import annotations

import pytest
from shapes_r14 import DECODE_SHAPES, EVIL, PHRASE, TEXT_SHAPES, Shape

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail.calendar import to_text as calendar_text
from honmono.mail.enriched import to_text
from honmono.mail.linkify import find_urls
from honmono.mail.parse import parse
from honmono.net.domains import to_ascii

# Thunderbird shows nothing of these (the header's charset wins over a <meta> or a BOM;
# the first of two charset parameters wins; an attached page or a message/partial is an
# attachment, not displayed; a refresh is not followed; after <plaintext> a tag is text):
# Honmono still reads them, which can only add suspicion.
OVERREAD = {"meta_vs_header", "bom_utf8_latin1", "dup_charset", "html_attachment",
            "message_partial", "meta_refresh", "plaintext_tag"}


def _hosts(raw: bytes) -> set[str]:
    return {to_ascii(link.host) for link in parse(raw).links if link.host}


@pytest.mark.parametrize(("shape", "shown", "hosts"), DECODE_SHAPES,
                         ids=[s.key for s, _, _ in DECODE_SHAPES])
def test_displayed_text_and_links_are_read(shape: Shape, shown: bool, hosts: list[str]) -> None:
    msg = parse(shape.raw)
    if shown:
        assert PHRASE in msg.text
    elif shape.key not in OVERREAD:
        assert PHRASE not in msg.text
    ours = _hosts(shape.raw)
    assert set(hosts) <= ours
    if shape.key not in OVERREAD:
        assert ours <= set(hosts) | {""}, ours


@pytest.mark.parametrize(("shape", "hosts"), TEXT_SHAPES, ids=[s.key for s, _ in TEXT_SHAPES])
def test_plain_text_links_go_where_thunderbird_links_them(shape: Shape, hosts: list[str]) -> None:
    assert _hosts(shape.raw) == set(hosts)


@pytest.mark.parametrize("key", ["enriched", "richtext"])
def test_enriched_phishing_page_gets_a_badge(key: str) -> None:
    # Before: not read at all, so "not_amazon" (no badge) for a page Thunderbird shows.
    shape = next(s for s, _, _ in DECODE_SHAPES if s.key == key)
    report = analyse(shape.raw, Settings(offline=True))
    assert report.verdict is not Verdict.NOT_AMAZON
    assert report.claim.brand == "Amazon"


def test_enriched_commands_params_and_line_breaks() -> None:
    text = to_text("<bold>Ama</bold>zon<param>hidden</param> a<<b\r\nc\r\n\r\n\r\nd",
                   "text/enriched")
    assert text == "Amazon a<b c\n\nd"
    assert "hidden" not in text


def test_richtext_nl_lt_and_comments() -> None:
    text = to_text("x<comment>no</comment><nl>a<lt>b\r\nc", "text/richtext")
    assert text == "x\na<b c"


def test_enriched_hostile_input_is_linear() -> None:
    # Unclosed params, endless '<' and long non-command brackets: one bounded pass.
    big = "<param>" * 50_000 + "<" * 200_000 + "<x" + "a" * 100_000
    assert len(to_text(big, "text/enriched")) <= len(big)
    assert PHRASE in to_text("</param></param>" + PHRASE, "text/enriched")


def test_angle_bracket_url_does_not_join_lines() -> None:
    # Thunderbird linkifies a plain part line by line: the bracket is not closed on the
    # line, so the first line is a freetext URL (its final "." dropped).
    text = f"<https://www.amazon.co.jp.\n{EVIL}/ap>"
    assert [u for _, _, u in find_urls(text)] == ["https://www.amazon.co.jp"]
    assert [u for _, _, u in find_urls(f"<https://www.amazon.co.jp. {EVIL}/ap>")] == [
        f"https://www.amazon.co.jp.{EVIL}/ap"]


def test_enriched_alternative_shown_last_hides_the_html_links() -> None:
    # Thunderbird shows the last rendering it can display: here the enriched one.
    raw = (b"From: Service <notice@mail-service.example>\r\nTo: taro@example.jp\r\n"
           b"Subject: x\r\nMIME-Version: 1.0\r\n"
           b"Content-Type: multipart/alternative; boundary=b\r\n\r\n"
           b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
           b"<a href=\"https://old.example/\">x</a>\r\n"
           b"--b\r\nContent-Type: text/enriched; charset=utf-8\r\n\r\n"
           + f"<bold>{PHRASE}</bold>\r\n".encode() + b"--b--\r\n")
    msg = parse(raw)
    assert PHRASE in msg.text
    assert not msg.links
    assert [link.host for link in msg.unshown_links] == ["old.example"]


@pytest.mark.parametrize("key", ["calendar_alt", "calendar_only"])
def test_invitation_phishing_gets_a_badge(key: str) -> None:
    # Before: text/calendar was not read, so "not_amazon" for an invitation Thunderbird
    # displays with the page's words and two links to the phishing host.
    shape = next(s for s, _, _ in DECODE_SHAPES if s.key == key)
    assert analyse(shape.raw, Settings(offline=True)).verdict is Verdict.PHISHING


def test_invitation_lines_unfolded_unescaped_and_named() -> None:
    ics = ("BEGIN:VEVENT\r\nSUMMARY:Ama\r\n zon\\, notice\r\n"
           "ORGANIZER;CN=\"Amazon.co.jp\":mailto:x@evil.example\r\n"
           "DESCRIPTION:a\\nb\\;c\r\nUID:1\r\nURL:https://evil.example/a\\,b\r\nEND:VEVENT\r\n")
    assert calendar_text(ics) == ("Title: Amazon, notice\nOrganizer: Amazon.co.jp\n"
                                  "Description: a\nb;c\nRelated Link: https://evil.example/a\\,b")


def test_invitation_hostile_input_is_bounded() -> None:
    big = "DESCRIPTION:" + "\\" * 300_000 + "\r\n" + "X:y\r\n" * 50_000
    assert len(calendar_text(big)) < len(big)


@pytest.mark.parametrize("key", ["text_markdown", "text_unknown"])
def test_any_text_type_is_read_as_thunderbird_shows_it(key: str) -> None:
    # Before: a text/markdown or text/x-anything part was not read ("not_amazon") while
    # Thunderbird displays it as plain text with its URL linked.
    shape = next(s for s, _, _ in DECODE_SHAPES if s.key == key)
    assert analyse(shape.raw, Settings(offline=True)).verdict is Verdict.PHISHING


def test_unknown_text_type_in_an_alternative_is_not_the_shown_rendering() -> None:
    shape = next(s for s, _, _ in DECODE_SHAPES if s.key == "alt_unknown_last")
    msg = parse(shape.raw)
    assert [link.host for link in msg.links] == [EVIL]
    assert "amp" in msg.text and not msg.unshown_links
