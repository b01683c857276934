"""Issue 14, attacker round 4: attached mails, alternatives, dispositions and document
bases as Thunderbird 153 displayed them.

The shapes and what Thunderbird displayed for each are in tests/shapes_r4.py (observed
in the real client; tests/e2e/test_parity.py, round four, keeps checking them there).
"""

from __future__ import annotations

import pytest
from shapes_r4 import EVIL, PHRASE, REPLY_SHAPES, SHAPES_B, Shape
from shapes_r4 import SHAPES as SHAPES_A

from honmono.core.model import Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse
from honmono.mail import replytargets
from honmono.mail.parse import parse
from honmono.net.domains import to_ascii

# Thunderbird shows this one as an attachment (a type it cannot read); Honmono reads a
# type without a subtype as plain text, which can only add suspicion.
OVERREAD = {"ctype_no_slash",
            # the chosen alternative is an attachment: the words before it still count
            "alt_html_attachment_last",
            # a scheme-relative href with no base: no web link in Thunderbird
            "content_base_relative"}
# Before round four these were not read as displayed: an attached mail in base64, an
# attached mail's Subject, a disposition that is not exactly "attachment", a relative
# link under Content-Base / Content-Location or a later part's <base>.
FIXED = {"rfc822_b64", "rfc822_subject_only", "disp_attachmentx", "content_base",
         "content_location", "base_later_part", "rfc822_qp", "base_in_attachment"}


SHAPES = [*SHAPES_A, *SHAPES_B]


def _hosts(raw: bytes) -> set[str]:
    return {to_ascii(link.host) for link in parse(raw).links if link.host}


@pytest.mark.parametrize(("shape", "shown", "hosts"), SHAPES, ids=[s.key for s, _, _ in SHAPES])
def test_displayed_text_and_links_are_read(shape: Shape, shown: bool, hosts: list[str]) -> None:
    msg = parse(shape.raw)
    if shown:
        assert PHRASE in msg.text
    elif shape.key not in OVERREAD:
        assert PHRASE not in msg.text
    ours = _hosts(shape.raw)
    assert set(hosts) <= ours
    if shape.key not in OVERREAD:
        assert ours <= set(hosts), ours


@pytest.mark.parametrize("key", sorted(FIXED))
def test_phishing_page_thunderbird_displays_is_phishing(key: str) -> None:
    shape = next(s for s, _, _ in SHAPES if s.key == key)
    report = analyse(shape.raw, Settings(offline=True))
    assert report.verdict is Verdict.PHISHING, report.verdict


def test_hidden_alternative_behind_an_image_root_is_judged_as_shown() -> None:
    # Thunderbird passes over a multipart/related whose root is an image and shows the
    # HTML before it: its link is a click, not an unshown alternative.
    shape = next(s for s, _, _ in SHAPES if s.key == "alt_related_image_last")
    msg = parse(shape.raw)
    assert {link.host for link in msg.links} == {EVIL}
    assert not msg.unshown_links


def test_first_base_of_the_document_wins_over_later_ones() -> None:
    shape = next(s for s, _, _ in SHAPES if s.key == "base_first_part")
    assert [link.href for link in parse(shape.raw).links] == [
        f"https://{EVIL}/ap/signin", f"https://{EVIL}/gp/css"]


def _wrapped(levels: int) -> bytes:
    import base64

    inner = next(s for s, _, _ in SHAPES if s.key == "rfc822_top").raw
    for _ in range(levels):  # each level a base64 message/rfc822 holding the next
        inner = (b"Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n\r\n"
                 + base64.encodebytes(inner))
    return b"From: a@b.example\r\nSubject: x\r\nMIME-Version: 1.0\r\n" + inner


def test_encoded_attached_mails_are_decoded_a_bounded_number_of_times() -> None:
    assert PHRASE in parse(_wrapped(2)).text
    assert PHRASE not in parse(_wrapped(6)).text  # three levels decoded, no more


@pytest.mark.parametrize(("key", "value", "emails"), REPLY_SHAPES,
                         ids=[k for k, _, _ in REPLY_SHAPES])
def test_reply_targets_as_thunderbird_parses_them(key: str, value: str,
                                                  emails: list[str]) -> None:
    assert [a.addr for a in replytargets.read(value, "Reply-To").addresses if a.addr] == emails
