"""Issue 14, attacker round 3: mail shapes where a reader may differ from Thunderbird 153.

Each shape is a whole mail (headers + body) from a sender that does not name Amazon, so
only what is read from the body can make the claim. `PHRASE` is Amazon-speaking text; the
phishing host is `EVIL`. The expectations are what Thunderbird 153.7 displayed (the text
of the message pane, the hrefs of its links, areas, SVG links and submit buttons) and what
its header parser read, observed in the real client before Honmono was run; the unit
tests compare Honmono with them, tests/e2e/test_parity.py checks them in Thunderbird.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import ClassVar

PHRASE = "お客様のAmazonアカウントが停止されました"
EVIL = "amazon-account-verify.example"


@dataclass(frozen=True)
class Shape:
    """One shape of a round; the round's name keeps its Message-IDs and subjects apart from
    the other rounds' in the real client, which opens them all in one profile."""

    key: str
    headers: str
    body: bytes
    ROUND: ClassVar[str] = "r14"

    @property
    def message_id(self) -> str:
        return f"{self.ROUND}-{self.key}@honmono.test"

    @property
    def raw(self) -> bytes:
        return ("From: Service <notice@mail-service.example>\r\n"
                f"To: taro@example.jp\r\nSubject: {self.ROUND} {self.key}\r\n"
                f"Message-ID: <{self.message_id}>\r\nDate: Mon, 03 Nov 2025 09:00:00 +0900\r\n"
                f"MIME-Version: 1.0\r\n{self.headers}\r\n").encode() + self.body


HTML = "Content-Type: text/html; charset=utf-8\r\n"
PLAIN = "Content-Type: text/plain; charset=utf-8\r\n"


def page(inner: str, head: str = "") -> bytes:
    return (f"<html><head>{head}</head><body><p>Amazon.co.jp {PHRASE}</p>{inner}"
            "</body></html>").encode()


def anchor(href: str) -> bytes:
    return page(f"<p><a href=\"{href}\">確認</a></p>")


def _uu(data: bytes, name: str) -> bytes:
    lines = [f"begin 644 {name}".encode()]
    for i in range(0, len(data), 45):
        lines.append(binascii.b2a_uu(data[i:i + 45]).rstrip(b"\n"))
    lines += [b"`", b"end", b""]
    return b"\r\n".join(lines)


# (shape, hosts Thunderbird's links go to) for HTML links; checked in Thunderbird 153.
LINK_SHAPES: list[tuple[Shape, list[str]]] = [
    (Shape("pct_userinfo", HTML, anchor(f"https://%77ww.amazon.co.jp@{EVIL}/ap")), [EVIL]),
    (Shape("pct_dot_host", HTML, anchor(f"https://www.amazon.co.jp%2e{EVIL}/ap")),
     [f"www.amazon.co.jp.{EVIL}"]),
    (Shape("pct_at_userinfo", HTML, anchor(f"https://www.amazon.co.jp%40@{EVIL}/ap")), [EVIL]),
    (Shape("port_userinfo", HTML, anchor(f"https://www.amazon.co.jp:443@{EVIL}/ap")), [EVIL]),
    (Shape("trailing_dot", HTML, anchor(f"https://www.amazon.co.jp.{EVIL}./ap")),
     [f"www.amazon.co.jp.{EVIL}."]),
    (Shape("mixed_scheme", HTML, anchor(f"HtTpS://{EVIL}/ap")), [EVIL]),
    (Shape("tab_in_scheme", HTML, anchor(f"ht&#9;tps://{EVIL}/ap")), [EVIL]),
    (Shape("decimal_ipv4", HTML, anchor("http://3232235777/ap")), ["192.168.1.1"]),
    (Shape("octal_hex_ipv4", HTML, anchor("http://0300.0xa8.0.01/ap")), ["192.168.0.1"]),
    (Shape("ipv6_host", HTML, anchor("http://[::ffff:c0a8:101]/ap")), ["[::ffff:c0a8:101]"]),
    (Shape("pct_ideographic_stop", HTML, anchor(f"https://www.amazon.co.jp%E3%80%82{EVIL}/ap")),
     [f"www.amazon.co.jp.{EVIL}"]),
    (Shape("fullwidth_dot", HTML, anchor(f"https://www.amazon.co.jp\uff0e{EVIL}/ap")),
     [f"www.amazon.co.jp.{EVIL}"]),
    (Shape("area_map", HTML, page(
        f"<img src=\"cid:x\" usemap=\"#m\"><map name=\"m\"><area shape=\"rect\" "
        f"coords=\"0,0,9,9\" href=\"https://{EVIL}/ap\"></map>")), [EVIL]),
    (Shape("svg_anchor", HTML, page(
        f"<svg width=\"200\" height=\"40\"><a href=\"https://{EVIL}/ap\"><text x=\"0\" "
        "y=\"20\">確認</text></a></svg>")), [EVIL]),
    (Shape("svg_xlink", HTML, page(
        f"<svg width=\"200\" height=\"40\"><a xlink:href=\"https://{EVIL}/ap\"><text x=\"0\" "
        "y=\"20\">確認</text></a></svg>")), [EVIL]),
    (Shape("form_formaction", HTML, page(
        "<form action=\"https://www.amazon.co.jp/ap\"><input name=\"p\" type=\"password\">"
        f"<button formaction=\"https://{EVIL}/ap\">確認</button></form>")), [EVIL]),
    (Shape("base_in_body", HTML, page(
        f"<base href=\"https://{EVIL}/\"><a href=\"/ap/signin\">確認</a>")), [EVIL]),
    (Shape("two_bases", HTML, page(
        "<a href=\"/ap/signin\">確認</a>",
        head=f"<base href=\"https://{EVIL}/\"><base href=\"https://www.amazon.co.jp/\">")),
     [EVIL]),
]

# Plain-text links: (shape, hosts Thunderbird linkifies).
TEXT_SHAPES: list[tuple[Shape, list[str]]] = [
    (Shape("angle_url", PLAIN, f"{PHRASE}\r\n<https://{EVIL}/ap>\r\n".encode()), [EVIL]),
    (Shape("angle_url_prefix", PLAIN, f"{PHRASE}\r\n<URL:https://{EVIL}/ap>\r\n".encode()),
     [EVIL]),
    (Shape("upper_scheme_text", PLAIN, f"{PHRASE}\r\nHTTPS://{EVIL}/ap\r\n".encode()), [EVIL]),
    (Shape("www_no_scheme", PLAIN, f"{PHRASE}\r\nwww.amazon.co.jp.{EVIL}/ap\r\n".encode()),
     [f"www.amazon.co.jp.{EVIL}"]),
    (Shape("text_userinfo", PLAIN,
           f"{PHRASE}\r\nhttps://www.amazon.co.jp:443@{EVIL}/ap\r\n".encode()), [EVIL]),
    (Shape("text_pct_host", PLAIN,
           f"{PHRASE}\r\nhttps://www.amazon.co.jp%2e{EVIL}/ap\r\n".encode()),
     [f"www.amazon.co.jp.{EVIL}"]),
]

_PAGE = page(f"<a href=\"https://{EVIL}/ap\">確認</a>")
_ICS = ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//x//EN\r\nMETHOD:REQUEST\r\n"
        "BEGIN:VEVENT\r\nUID:r14@honmono.test\r\nDTSTAMP:20251103T000000Z\r\n"
        "DTSTART:20251104T000000Z\r\nDTEND:20251104T010000Z\r\n"
        "SUMMARY:Amazon.co.jp\r\nORGANIZER:mailto:notice@mail-service.example\r\n"
        "ATTENDEE:mailto:taro@example.jp\r\n"
        f"DESCRIPTION:{PHRASE} https://{EVIL}/ap\r\n"
        f"URL:https://{EVIL}/ap\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n").encode()

# Decoding: (shape, does Thunderbird display PHRASE, hosts of its links).
DECODE_SHAPES: list[tuple[Shape, bool, list[str]]] = [
    (Shape("uuencode_cte", "Content-Type: text/html; charset=utf-8\r\n"
           "Content-Transfer-Encoding: x-uuencode\r\n", _uu(_PAGE, "page.html")), True, [EVIL]),
    (Shape("uuencode_in_plain", PLAIN, b"see attached\r\n\r\n" + _uu(_PAGE, "page.html")),
     False, []),
    (Shape("enriched", "Content-Type: text/enriched; charset=utf-8\r\n",
           f"<bold>Amazon.co.jp</bold> {PHRASE}\r\n\r\nhttps://{EVIL}/ap\r\n".encode()),
     True, []),
    (Shape("alt_unknown_last", "Content-Type: multipart/alternative; boundary=b\r\n",
           (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _PAGE + b"\r\n"
            b"--b\r\nContent-Type: text/x-amp-html; charset=utf-8\r\n\r\n<html>amp</html>\r\n"
            b"--b--\r\n")), True, [EVIL]),
    (Shape("alt_app_last", "Content-Type: multipart/alternative; boundary=b\r\n",
           (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--b\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _PAGE + b"\r\n"
            b"--b\r\nContent-Type: application/x-unknown\r\n\r\nzzz\r\n"
            b"--b--\r\n")), True, [EVIL]),
    (Shape("meta_vs_header", "Content-Type: text/html; charset=iso-8859-1\r\n",
           b"<html><head><meta charset=\"utf-8\"></head><body>" + _PAGE + b"</body></html>"),
     False, [EVIL]),
    (Shape("meta_only_sjis", "Content-Type: text/html\r\n",
           ("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
            f"charset=shift_jis\"></head><body><p>{PHRASE}</p><a href=\"https://{EVIL}/ap\">"
            "確認</a></body></html>").encode("shift_jis")), True, [EVIL]),
    (Shape("utf7_body", "Content-Type: text/html; charset=utf-7\r\n",
           _PAGE.decode().encode("utf-7")), True, [EVIL]),
    (Shape("bom_utf8_latin1", "Content-Type: text/html; charset=iso-8859-1\r\n",
           b"\xef\xbb\xbf" + _PAGE), False, [EVIL]),
    (Shape("bom_utf16_noset", "Content-Type: text/html\r\n",
           "\ufeff".encode("utf-16-le") + _PAGE.decode().encode("utf-16-le")), False, [EVIL]),
    (Shape("richtext", "Content-Type: text/richtext; charset=utf-8\r\n",
           f"<bold>Amazon.co.jp</bold> {PHRASE}<nl>https://{EVIL}/ap<nl>".encode()), True, []),
    (Shape("html_attachment", "Content-Type: multipart/mixed; boundary=b\r\n",
           (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--b\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Disposition: attachment; filename=notice.html\r\n\r\n" + _PAGE +
            b"\r\n--b--\r\n")), False, []),
    (Shape("plain_attachment", "Content-Type: multipart/mixed; boundary=b\r\n",
           (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n"
            b"Content-Disposition: attachment; filename=notice.txt\r\n\r\n" +
            f"{PHRASE}\r\nhttps://{EVIL}/ap\r\n".encode() + b"--b--\r\n")), False, []),
    (Shape("message_partial", "Content-Type: message/partial; id=\"p1\"; number=1; total=1\r\n",
           b"Content-Type: text/html; charset=utf-8\r\n\r\n" + _PAGE), False, []),
    (Shape("dup_content_type", "Content-Type: text/plain; charset=utf-8\r\n" + HTML,
           _PAGE), True, [EVIL]),
    (Shape("dup_cte", HTML + "Content-Transfer-Encoding: base64\r\n"
           "Content-Transfer-Encoding: 7bit\r\n", base64.encodebytes(_PAGE)), True, [EVIL]),
    (Shape("dup_charset", "Content-Type: text/html; charset=iso-8859-1; charset=utf-8\r\n",
           _PAGE), False, [EVIL]),
    (Shape("qp_lower", HTML + "Content-Transfer-Encoding: quoted-printable\r\n",
           "".join(f"={b:02x}" for b in _PAGE).encode()), True, [EVIL]),
    (Shape("boundary_prefix", "Content-Type: multipart/mixed; boundary=x\r\n",
           (b"--x\r\nContent-Type: multipart/alternative; boundary=xy\r\n\r\n"
            b"--xy\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--xy\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _PAGE +
            b"\r\n--xy--\r\n--x--\r\n")), True, [EVIL]),
    (Shape("iframe_srcdoc", HTML, page(
        f"<iframe srcdoc=\"&lt;a href=&quot;https://{EVIL}/ap&quot;&gt;x&lt;/a&gt;\"></iframe>")),
     True, []),
    (Shape("meta_refresh", HTML, page("", head=f"<meta http-equiv=\"refresh\" "
                                       f"content=\"0;url=https://{EVIL}/ap\">")), True, []),
    (Shape("angle_wrapped", PLAIN,
           f"{PHRASE}\r\n<https://www.amazon.co.jp.\r\n{EVIL}/ap>\r\n".encode()),
     True, ["www.amazon.co.jp"]),
    # Round 3b: where a reader that follows the other rule would see less than Thunderbird.
    (Shape("dup_charset_rev", "Content-Type: text/html; charset=utf-8; charset=iso-2022-jp\r\n",
           _PAGE), True, [EVIL]),
    (Shape("meta_rev", HTML, b"<meta http-equiv=\"Content-Type\" content=\"text/html; "
           b"charset=iso-2022-jp\">" + _PAGE), True, [EVIL]),
    (Shape("bom_rev", HTML, b"\xff\xfe" + _PAGE), True, [EVIL]),
    (Shape("noscript", HTML, page(f"<noscript><a href=\"https://{EVIL}/ap\">確認</a></noscript>")),
     True, [EVIL]),
    (Shape("foreign_object", HTML, page(
        f"<svg width=\"300\" height=\"60\"><foreignObject width=\"300\" height=\"60\">"
        f"<a href=\"https://{EVIL}/ap\">確認</a></foreignObject></svg>")), True, [EVIL]),
    (Shape("plaintext_tag", HTML, page(f"<plaintext><a href=\"https://{EVIL}/ap\">確認</a>")),
     True, []),
    (Shape("inline_html_in_mixed", "Content-Type: multipart/mixed; boundary=b\r\n",
           (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--b\r\nContent-Type: text/html; charset=utf-8\r\n"
            b"Content-Disposition: inline; filename=x.html\r\n\r\n" + _PAGE +
            b"\r\n--b--\r\n")), True, [EVIL]),
    (Shape("rfc822_inline", "Content-Type: multipart/mixed; boundary=b\r\n",
           (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            b"--b\r\nContent-Type: message/rfc822\r\n\r\nFrom: a@b.example\r\n"
            b"Subject: s\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + _PAGE +
            b"\r\n--b--\r\n")), True, [EVIL]),
    (Shape("bogus_charset", "Content-Type: text/html; charset=x-bogus-9\r\n", _PAGE),
     True, [EVIL]),
    # Thunderbird displays nothing of a multipart without a boundary (nor does Python).
    (Shape("no_boundary", "Content-Type: multipart/mixed\r\n", _PAGE), False, []),
    (Shape("uue_cte", "Content-Type: text/html; charset=utf-8\r\n"
           "Content-Transfer-Encoding: uue\r\n", _uu(_PAGE, "page.html")), True, [EVIL]),
    (Shape("rfc2231_charset", "Content-Type: text/html; charset*0=shift; charset*1=_jis\r\n",
           _PAGE.decode().encode("shift_jis")), True, [EVIL]),
    (Shape("calendar_alt", "Content-Type: multipart/alternative; boundary=b\r\n",
           b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
           b"--b\r\nContent-Type: text/calendar; charset=utf-8; method=REQUEST\r\n\r\n"
           + _ICS + b"--b--\r\n"), True, [EVIL]),
    (Shape("calendar_only", "Content-Type: text/calendar; charset=utf-8; method=REQUEST\r\n",
           _ICS), True, [EVIL]),
    # Any other text/* part is displayed as plain text, linkified (not in an alternative).
    (Shape("text_markdown", "Content-Type: text/markdown; charset=utf-8\r\n",
           f"# Amazon.co.jp\r\n\r\n{PHRASE}\r\nhttps://{EVIL}/ap\r\n".encode()), True, [EVIL]),
    (Shape("text_unknown", "Content-Type: text/x-notice; charset=utf-8\r\n",
           f"Amazon.co.jp {PHRASE}\r\nhttps://{EVIL}/ap\r\n".encode()), True, [EVIL]),
    (Shape("text_vcard", "Content-Type: text/vcard; charset=utf-8\r\n",
           ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Amazon.co.jp\r\n"
            f"NOTE:{PHRASE}\r\nURL:https://{EVIL}/ap\r\nEND:VCARD\r\n").encode()),
     False, []),  # Thunderbird shows the card's name only, and a data: link to the card
    (Shape("b64_utf7_plain", "Content-Type: text/plain; charset=utf-7\r\n"
           "Content-Transfer-Encoding: base64\r\n",
           base64.encodebytes(f"{PHRASE} https://{EVIL}/ap\r\n".encode("utf-7"))), True, [EVIL]),
]

# Reply targets: (key, a Reply-To value, the addresses Thunderbird 153's header parser
# (MailServices.headerParser.parseEncodedHeader) reads from it).
REPLY_SHAPES: list[tuple[str, str, list[str]]] = [
    ("group", "Amazon: support@amazon.co.jp, phish@evil.example;",
     ["support@amazon.co.jp", "phish@evil.example"]),
    ("encoded_local", "=?utf-8?q?phish?=@evil.example", ["phish@evil.example"]),
    # Decoded to a display name only: no address (Honmono: "unreadable", never ignored).
    ("encoded_whole", "=?utf-8?q?phish=40evil=2Eexample?=", []),
    ("comment_lure", "phish@evil.example (support@amazon.co.jp)", ["phish@evil.example"]),
    ("route", "<@amazon.co.jp:phish@evil.example>", ["phish@evil.example"]),
    ("display_at", "support@amazon.co.jp <phish@evil.example>", ["phish@evil.example"]),
    ("empty_group_then", "Amazon:;, phish@evil.example", ["phish@evil.example"]),
    ("mft_encoded_b", "=?utf-8?b?cGhpc2g=?=@evil.example", ["phish@evil.example"]),
    ("fullwidth_dots", "support@amazon\uff0eco\uff0ejp.evil.example",
     ["support@amazon\uff0eco\uff0ejp.evil.example"]),
]
