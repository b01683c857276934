"""Issue 14: what Thunderbird shows is what Honmono judges — checked in the real client.

A real Thunderbird (headless, its own fresh profile, no product add-on: only the helper
that opens every mail in a tab) displays mails built in the shapes where Python's email
package and Thunderbird used to disagree. For each, the displayed document's text and
its links' resolved hrefs (read through Marionette in the chrome context) are compared
with what Honmono's parser extracts.

Run: .venv/bin/pytest tests/e2e/test_parity.py -v
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from typing import Any

import pytest
import shapes_r4
import shapes_r14

from honmono.mail import replytargets
from honmono.mail.parse import parse
from honmono.net.domains import parse_url

from .conftest import ARTIFACTS, HELPER_DIR, HELPER_ID, HELPER_TAG
from .harness import (
    Chrome,
    Display,
    E2EError,
    Thunderbird,
    build_profile,
    poll,
    require_tools,
    zip_dir,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(480)]  # ~110 mails opened one by one

PHRASE = "アカウントが停止されました"
PAGE = (f"<html><body><p>Amazon.co.jp {PHRASE}</p>"
        "<p><a href=\"https://amazon-account-verify.example/ap/signin\">確認</a></p>"
        "</body></html>")


@dataclass(frozen=True)
class Shape:
    key: str
    headers: str
    body: bytes

    @property
    def message_id(self) -> str:
        return f"parity-{self.key}@honmono.test"

    @property
    def raw(self) -> bytes:
        return (f"From: Amazon.co.jp <notice@amazon-account-verify.example>\r\n"
                f"To: taro@example.jp\r\nSubject: parity {self.key}\r\n"
                f"Message-ID: <{self.message_id}>\r\nDate: Mon, 03 Nov 2025 09:00:00 +0900\r\n"
                f"MIME-Version: 1.0\r\n{self.headers}\r\n").encode() + self.body


def _b64(data: bytes) -> bytes:
    return base64.encodebytes(data)


def _signed_data(content: bytes) -> bytes:
    from asn1crypto import algos, cms

    signed = cms.SignedData({
        "version": "v1",
        "digest_algorithms": [algos.DigestAlgorithm({"algorithm": "sha256"})],
        "encap_content_info": {"content_type": "data", "content": content},
        "signer_infos": [],
    })
    return cms.ContentInfo({"content_type": "signed_data", "content": signed}).dump()


_STRAY = base64.b64encode(PAGE.encode() + b" " * (-len(PAGE.encode()) % 3))
_CUT = 100  # bytes: not a multiple of 3, so the first chunk ends in padding
SHAPES = [
    Shape("two_padded_chunks", "Content-Type: text/html; charset=utf-8\r\n"
          "Content-Transfer-Encoding: base64\r\n",
          _b64(PAGE.encode()[:_CUT]) + _b64(PAGE.encode()[_CUT:])),
    Shape("cte_comment", "Content-Type: text/html; charset=utf-8\r\n"
          "Content-Transfer-Encoding: base64 (comment)\r\n", _b64(PAGE.encode())),
    Shape("ctype_comment", "Content-Type: text/html (comment); charset=utf-8\r\n"
          "Content-Transfer-Encoding: base64\r\n", _b64(PAGE.encode())),
    Shape("whatwg_label", "Content-Type: text/html; charset=unicodefeff\r\n"
          "Content-Transfer-Encoding: base64\r\n", _b64(PAGE.encode("utf-16-le"))),
    Shape("after_comment", "Content-Type: text/html; charset=utf-8\r\n",
          ("<html><body><!--" + "x" * 1_100_000 + "-->" + PAGE[12:]).encode()),
    Shape("stray_character", "Content-Type: text/html; charset=utf-8\r\n"
          "Content-Transfer-Encoding: base64\r\n", _STRAY[:40] + b"!" + _STRAY[40:] + b"Q\r\n"),
    Shape("smime_signed_data", "Content-Type: application/pkcs7-mime; smime-type=signed-data; "
          "name=smime.p7m\r\nContent-Transfer-Encoding: base64\r\n",
          _b64(_signed_data(b"Content-Type: text/html; charset=utf-8\r\n\r\n"
                            + PAGE.encode()))),
    Shape("plain_run_on", "Content-Type: text/plain; charset=utf-8\r\n",
          f"{PHRASE} https://www.amazon.co.jp、@amazon-account-verify.example/ap\r\n".encode()),
    Shape("base_backslash", "Content-Type: text/html; charset=utf-8\r\n",
          (f"<html><head><base href=\"https://www.amazon.co.jp/\"></head><body><p>{PHRASE}</p>"
           "<a href=\"\\\\amazon-account-verify.example/ap/signin\">確認</a></body></html>"
           ).encode()),
]

# Issue 14, attacker round 2: shapes where Thunderbird 153's link host is not the page's
# phishing host, or its text is not the raw lines. (shape, host Thunderbird opens)
ROUND2 = [
    (Shape("flowed_delsp", "Content-Type: text/plain; charset=utf-8; format=flowed; delsp=yes\r\n",
           ("Amazon.co.jp アカウントが停 \r\n止されました\r\n"
            "https://www.amazon.co.jp.account-verify \r\n.example/ap\r\n").encode()),
     "www.amazon.co.jp.account-verify"),
    (Shape("zwsp_host", "Content-Type: text/html; charset=utf-8\r\n",
           (f"<html><body><p>{PHRASE}</p><a href=\"https://www.amazon.co.jp&#8203;"
            ".account-verify.example/x\">確認</a></body></html>").encode()),
     "www.amazon.co.jp.account-verify.example"),
    (Shape("same_scheme_base", "Content-Type: text/html; charset=utf-8\r\n",
           ("<html><head><base href=\"https://amazon-account-verify.example/\"></head><body>"
            f"<p>{PHRASE}</p><a href=\"https:www.amazon.co.jp/gp\">確認</a></body></html>"
            ).encode()),
     "amazon-account-verify.example"),
]

# Amazon's genuine plain-text footer: the URL runs on into the Japanese text (to a host
# no one can own); Thunderbird's link and Honmono's are the same.
FOOTER = Shape("plain_footer", "Content-Type: text/plain; charset=utf-8\r\n",
               f"{PHRASE}\r\nこのEメールのリンクは「https://www.amazon.co.jp」で始まります。"
               "https://www.amazon.co.jp/a/c/r/abc\r\n".encode())

# The displayed message: its text and its links' hrefs as the document resolved them.
DISPLAYED = """
const [messageId] = arguments;
const tabmail = document.getElementById("tabmail");
for (const t of tabmail.tabInfo) {
  if (t.mode.name !== "mailMessageTab") continue;
  const win = t.chromeBrowser.contentWindow;
  if (!win || !win.gMessage || win.gMessage.messageId !== messageId) continue;
  const pane = t.chromeBrowser.contentDocument.getElementById("messagepane");
  const mdoc = pane && pane.contentDocument;
  if (!mdoc || mdoc.readyState !== "complete" || !mdoc.body) return null;
  // An SVG <a> matches too; its href is no string (read below, with the other targets).
  const hrefs = [...mdoc.querySelectorAll("a[href]")].map(a => a.href)
    .filter(h => typeof h === "string");
  // Round 3: every other element a click sends somewhere.
  const svg = [...mdoc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "a")]
    .map(a => a.href && a.href.animVal).filter(h => h);
  const more = [...mdoc.querySelectorAll("area[href]")].map(a => a.href)
    .concat(svg, [...mdoc.querySelectorAll("button,input[type=submit]")].map(b => b.formAction));
  return { text: mdoc.body.textContent, hrefs, more };
}
return null;
"""


# Thunderbird's own address parser, for the reply-target shapes.
PARSE_ADDRESSES = """
const { MailServices } = ChromeUtils.importESModule("resource:///modules/MailServices.sys.mjs");
const [values] = arguments;
return values.map(v => MailServices.headerParser.parseEncodedHeader(v, "utf-8")
  .map(a => a.email).filter(e => e));
"""
ROUND3 = [s for s, *_ in [*shapes_r14.LINK_SHAPES, *shapes_r14.TEXT_SHAPES,
                          *shapes_r14.DECODE_SHAPES]]
ROUND4 = [s for s, _, _ in [*shapes_r4.SHAPES, *shapes_r4.SHAPES_B]]


@pytest.fixture(scope="module")
def displayed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    require_tools("the real-client parity test")
    tmp = tmp_path_factory.mktemp("tb-parity")
    home, profile = tmp / "home", tmp / "profile"
    home.mkdir()
    ARTIFACTS.mkdir(exist_ok=True)
    tb = Thunderbird(profile=profile, home=home, log_path=ARTIFACTS / "thunderbird-parity.log")
    build_profile(profile, [s.raw for s in [*SHAPES, FOOTER, *(r[0] for r in ROUND2), *ROUND3,
                                            *ROUND4]])
    zip_dir(HELPER_DIR, profile / "extensions" / f"{HELPER_ID}.xpi")
    display: Display | None = None
    chrome: Chrome | None = None
    seen: dict[str, dict[str, Any]] = {}
    try:
        if os.environ.get("HONMONO_E2E_HEADLESS") == "1":
            tb.headless = True
        else:
            display = Display("1280x900x24")
            tb.display = display.name
        tb.start()
        chrome = tb.connect(45)
        tb.wait_for("the helper to open every mail",
                    lambda: [e for e in tb.tagged(HELPER_TAG)
                             if e.get("event") in ("done", "error")] or None, 240)
        seen["reply addresses"] = {"parsed": chrome.js(
            # As a header's raw bytes (one character per byte): what the API expects.
            PARSE_ADDRESSES, [[v.encode().decode("latin-1")
                               for _, v, _ in shapes_r14.REPLY_SHAPES]])}
        seen["reply addresses r4"] = {"parsed": chrome.js(
            PARSE_ADDRESSES, [[v.encode().decode("latin-1")
                               for _, v, _ in shapes_r4.REPLY_SHAPES]])}
        for shape in [*SHAPES, FOOTER, *(r[0] for r in ROUND2), *ROUND3, *ROUND4]:
            with_chrome = chrome
            seen[shape.key] = poll(f"the {shape.key} mail displayed",
                                   lambda s=shape, c=with_chrome: c.js(DISPLAYED,
                                                                       [s.message_id]), 20)
    except E2EError as exc:
        raise E2EError(f"{exc}\n{tb.tail()}") from exc
    finally:
        if chrome is not None:
            chrome.close()
        tb.stop()
        if display is not None:
            display.close()
    # What Thunderbird displayed, for a person to compare when a shape fails.
    (ARTIFACTS / "parity-displayed.json").write_text(json.dumps(seen, ensure_ascii=False,
                                                                indent=1))
    return seen


@pytest.mark.parametrize("shape", SHAPES, ids=[s.key for s in SHAPES])
def test_honmono_reads_what_thunderbird_displays(
        shape: Shape, displayed: dict[str, dict[str, Any]]) -> None:
    shown = displayed[shape.key]
    ours = parse(shape.raw)
    assert PHRASE in shown["text"], "Thunderbird no longer displays this shape"
    assert PHRASE in ours.text
    shown_hosts = sorted({parse_url(h).host for h in shown["hrefs"]
                          if h.startswith(("http:", "https:"))})
    our_hosts = sorted({link.host for link in ours.links})
    assert shown_hosts == our_hosts == ["amazon-account-verify.example"], (shown, our_hosts)



def test_run_on_footer_link_is_the_same_link(displayed: dict[str, dict[str, Any]]) -> None:
    from honmono.net.domains import to_ascii

    shown = displayed[FOOTER.key]
    shown_hosts = [parse_url(h).host for h in shown["hrefs"]]
    our_hosts = [to_ascii(link.host) for link in parse(FOOTER.raw).links]
    assert shown_hosts == our_hosts, (shown["hrefs"], our_hosts)


@pytest.mark.parametrize(("shape", "host"), ROUND2, ids=[r[0].key for r in ROUND2])
def test_round_two_text_and_link_host_as_thunderbird_shows_them(
        shape: Shape, host: str, displayed: dict[str, dict[str, Any]]) -> None:
    from honmono.net.domains import to_ascii

    shown = displayed[shape.key]
    ours = parse(shape.raw)
    assert PHRASE in shown["text"] and PHRASE in ours.text
    shown_hosts = sorted({parse_url(h).host for h in shown["hrefs"]})
    our_hosts = sorted({to_ascii(link.host) for link in ours.links})
    assert shown_hosts == our_hosts == [host], (shown, our_hosts)


def _round3_hosts(shown: dict[str, Any]) -> set[str]:
    return {parse_url(h).host for h in [*shown["hrefs"], *shown["more"]]
            if h.startswith(("http:", "https:"))}


@pytest.mark.parametrize(("shape", "hosts"),
                         [*shapes_r14.LINK_SHAPES, *shapes_r14.TEXT_SHAPES],
                         ids=[s.key for s, _ in [*shapes_r14.LINK_SHAPES,
                                                 *shapes_r14.TEXT_SHAPES]])
def test_round_three_links_go_where_thunderbird_sends_them(
        shape: shapes_r14.Shape, hosts: list[str], displayed: dict[str, dict[str, Any]]) -> None:
    from honmono.net.domains import to_ascii

    shown = displayed[shape.key]
    assert shapes_r14.PHRASE in shown["text"]
    assert _round3_hosts(shown) >= {h.rstrip(".") for h in hosts}, shown
    ours = {to_ascii(link.host) for link in parse(shape.raw).links}
    assert {h.rstrip(".") for h in _round3_hosts(shown)} <= ours, (shown, ours)


@pytest.mark.parametrize(("shape", "text_shown", "hosts"), shapes_r14.DECODE_SHAPES,
                         ids=[s.key for s, _, _ in shapes_r14.DECODE_SHAPES])
def test_round_three_decoding_as_thunderbird_displays(
        shape: shapes_r14.Shape, text_shown: bool, hosts: list[str],
        displayed: dict[str, dict[str, Any]]) -> None:
    from honmono.net.domains import to_ascii

    shown = displayed[shape.key]
    assert (shapes_r14.PHRASE in shown["text"]) is text_shown, shown
    assert _round3_hosts(shown) == set(hosts), shown
    msg = parse(shape.raw)
    if text_shown:
        assert shapes_r14.PHRASE in msg.text
    assert set(hosts) <= {to_ascii(link.host) for link in msg.links}


def test_round_three_reply_addresses_as_thunderbird_parses_them(
        displayed: dict[str, dict[str, Any]]) -> None:
    theirs = displayed["reply addresses"]["parsed"]
    expected = [emails for _, _, emails in shapes_r14.REPLY_SHAPES]
    assert theirs == expected
    ours = [[a.addr for a in replytargets.read(v, "Reply-To").addresses if a.addr]
            for _, v, _ in shapes_r14.REPLY_SHAPES]
    assert ours == expected


@pytest.mark.parametrize(("shape", "text_shown", "hosts"),
                         [*shapes_r4.SHAPES, *shapes_r4.SHAPES_B],
                         ids=[s.key for s, _, _ in [*shapes_r4.SHAPES, *shapes_r4.SHAPES_B]])
def test_round_four_text_and_links_as_thunderbird_displays(
        shape: shapes_r4.Shape, text_shown: bool, hosts: list[str],
        displayed: dict[str, dict[str, Any]]) -> None:
    from honmono.net.domains import to_ascii

    shown = displayed[shape.key]
    assert (shapes_r4.PHRASE in shown["text"]) is text_shown, shown
    assert {h.rstrip(".") for h in _round3_hosts(shown)} == set(hosts), shown
    msg = parse(shape.raw)
    if text_shown:
        assert shapes_r4.PHRASE in msg.text
    assert set(hosts) <= {to_ascii(link.host) for link in msg.links}


def test_round_four_reply_addresses_as_thunderbird_parses_them(
        displayed: dict[str, dict[str, Any]]) -> None:
    theirs = displayed["reply addresses r4"]["parsed"]
    expected = [emails for _, _, emails in shapes_r4.REPLY_SHAPES]
    assert theirs == expected
    ours = [[a.addr for a in replytargets.read(v, "Reply-To").addresses if a.addr]
            for _, v, _ in shapes_r4.REPLY_SHAPES]
    assert ours == expected
