"""Issue 14, attacker round 4: more mail shapes where a reader may differ from Thunderbird 153.

Same conventions as shapes_r14: a sender that does not name Amazon, `PHRASE` the
Amazon-speaking text, `EVIL` the phishing host. Each expectation is what Thunderbird
153 displayed for the shape in the real client (the message pane's text, and the hosts
of its links, areas, SVG links and submit buttons), or what its header parser read;
the unit tests compare Honmono with them, tests/e2e/test_parity.py (round four) checks
them in Thunderbird.
"""

from __future__ import annotations

import base64
from typing import ClassVar

from shapes_r14 import EVIL, HTML, PHRASE, PLAIN, anchor, page
from shapes_r14 import Shape as _Shape

__all__ = ["EVIL", "HTML", "PHRASE", "PLAIN", "Shape", "anchor", "page"]


class Shape(_Shape):
    ROUND: ClassVar[str] = "r4"


MIXED = "Content-Type: multipart/mixed; boundary=b\r\n"


PAGE = anchor(f"https://{EVIL}/ap")
TEXT = f"Amazon.co.jp {PHRASE}\r\nhttps://{EVIL}/ap\r\n".encode()
HELLO = b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"


def mixed(*parts: bytes) -> bytes:
    return b"".join(parts) + b"--b--\r\n"


def part(headers: str, body: bytes) -> bytes:
    return f"--b\r\n{headers}\r\n".encode() + body + b"\r\n"


_INNER = b"From: a@b.example\r\nSubject: s\r\n" + HTML.encode() + b"\r\n" + PAGE

# (shape, does Thunderbird display PHRASE, hosts of the links it displays)
SHAPES: list[tuple[Shape, bool, list[str]]] = [
    # message/rfc822: Thunderbird displays an attached mail's body inline.
    (Shape("rfc822_top", "Content-Type: message/rfc822\r\n", _INNER), True, [EVIL]),
    (Shape("rfc822_attach_disp", MIXED, mixed(HELLO, part(
        "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=m.eml\r\n",
        _INNER))), True, [EVIL]),
    (Shape("rfc822_b64", MIXED, mixed(HELLO, part(
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: base64\r\n",
        base64.encodebytes(_INNER)))), True, [EVIL]),
    (Shape("rfc822_subject_only", MIXED, mixed(HELLO, part(
        "Content-Type: message/rfc822\r\n",
        b"From: a@b.example\r\nSubject: =?utf-8?b?"
        + base64.b64encode(f"Amazon.co.jp {PHRASE}".encode()) + b"?=\r\n"
        + PLAIN.encode() + f"\r\nhttps://{EVIL}/ap\r\n".encode()))), True, [EVIL]),
    (Shape("digest_default", "Content-Type: multipart/digest; boundary=b\r\n",
           mixed(part("", HTML.encode() + b"\r\n" + PAGE))), True, [EVIL]),
    # multipart/related: the root is the start= part.
    (Shape("related_start", "Content-Type: multipart/related; boundary=b; start=\"<p2>\"\r\n",
           mixed(HELLO, part(HTML + "Content-ID: <p2>\r\n", PAGE))), True, [EVIL]),
    (Shape("alt_related_image_last", "Content-Type: multipart/alternative; boundary=b\r\n",
           mixed(part(PLAIN, b"hello"), part(HTML, PAGE), part(
               "Content-Type: multipart/related; boundary=c\r\n",
               b"--c\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n\r\n"
               b"iVBORw0KGgo=\r\n--c--\r\n"))), True, [EVIL]),
    # Content-Type missing or unreadable: missing is text/plain; one Thunderbird cannot
    # read, or an application type, is an attachment (not displayed).
    (Shape("ctype_missing", "", PAGE), True, [EVIL]),
    (Shape("ctype_no_slash", "Content-Type: html; charset=utf-8\r\n", PAGE), False, []),
    (Shape("ctype_quoted", "Content-Type: \"text/html\"; charset=utf-8\r\n", PAGE), False, []),
    (Shape("ctype_spaces", "Content-Type: text / html; charset=utf-8\r\n", PAGE), True, [EVIL]),
    (Shape("ctype_xhtml", "Content-Type: application/xhtml+xml; charset=utf-8\r\n", PAGE),
     False, []),
    # Content-Disposition: "attachment" is held back even for the only or the first part;
    # any other word is displayed.
    (Shape("disp_attachment_top", PLAIN + "Content-Disposition: attachment; filename=a.txt\r\n",
           TEXT), False, []),
    (Shape("disp_attachment_first", MIXED, mixed(part(
        PLAIN + "Content-Disposition: attachment; filename=a.txt\r\n", TEXT),
        HELLO)), False, []),
    (Shape("disp_attachmentx", MIXED, mixed(HELLO, part(
        PLAIN + "Content-Disposition: attachmentx\r\n", TEXT))), True, [EVIL]),
    # Where a relative link goes.
    (Shape("content_base", HTML + f"Content-Base: \"https://{EVIL}/\"\r\n",
           anchor("/ap/signin")), True, [EVIL]),
    (Shape("content_location", HTML + f"Content-Location: https://{EVIL}/x.html\r\n",
           anchor("/ap/signin")), True, [EVIL]),
    (Shape("content_base_vs_base", HTML + f"Content-Base: https://{EVIL}/\r\n",
           page("<a href=\"/ap/signin\">確認</a>",
                head="<base href=\"https://www.amazon.co.jp/\">")), True, [EVIL]),
    (Shape("base_first_part", MIXED, mixed(part(
        HTML, page("<a href=\"/ap/signin\">確認</a>", head=f"<base href=\"https://{EVIL}/\">")),
        part(HTML + "Content-Disposition: inline\r\n",
             b"<html><head><base href=\"https://www.amazon.co.jp/\"></head><body>"
             b"<a href=\"/gp/css\">x</a></body></html>"))), True, [EVIL]),
    (Shape("base_later_part", MIXED, mixed(part(HTML, anchor("/ap/signin")), part(
        HTML + "Content-Disposition: inline\r\n",
        f"<html><head><base href=\"https://{EVIL}/\"></head><body>x</body></html>".encode()))),
     True, [EVIL]),
    # Decoding. "=" then a space at a line's end is no soft line break in Thunderbird
    # either: the href keeps "= " and a line end, a host no browser opens.
    (Shape("qp_soft_space", HTML + "Content-Transfer-Encoding: quoted-printable\r\n",
           page("<a href=\"https://www.amazon.co.jp= \r\n"
                f".{EVIL}/ap\">確認</a>").replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")),
     True, [f"www.amazon.co.jp= .{EVIL}"]),
    (Shape("no_charset_sjis", "Content-Type: text/plain\r\n",
           f"Amazon.co.jp {PHRASE}\r\nhttps://{EVIL}/ap\r\n".encode("shift_jis")), True, [EVIL]),
    (Shape("meta_late", "Content-Type: text/html\r\n",
           (f"<html><head><!-- {'x' * 3000} --><meta charset=\"shift_jis\"></head><body>"
            f"<p>{PHRASE}</p><a href=\"https://{EVIL}/ap\">確認</a></body></html>"
            ).encode("shift_jis")), True, [EVIL]),
    # Hrefs a browser reads its own way.
    (Shape("href_space_userinfo", HTML, anchor(f"https://www.amazon.co.jp @{EVIL}/ap")),
     True, [EVIL]),
    (Shape("href_backslash_at", HTML, anchor(f"https://www.amazon.co.jp\\@{EVIL}/ap")),
     True, ["www.amazon.co.jp"]),
    (Shape("href_single_slash", HTML, anchor(f"https:/{EVIL}/ap")), True, [EVIL]),
    (Shape("href_no_slash", HTML, anchor(f"https:{EVIL}/ap")), True, [EVIL]),
    (Shape("href_leading_c0", HTML, anchor(f"\x01\x1f https://{EVIL}/ap")), True, [EVIL]),
    (Shape("href_newline_host", HTML, anchor(f"https://www.amazon.co.jp&#10;.{EVIL}/ap")),
     True, [f"www.amazon.co.jp.{EVIL}"]),
    (Shape("href_shy_host", HTML, anchor(f"https://www.amazon.co.jp&shy;.{EVIL}/ap")),
     True, [f"www.amazon.co.jp.{EVIL}"]),
    (Shape("text_zwsp_host", PLAIN,
           f"{PHRASE}\r\nhttps://www.amazon.co.jp\u200b.{EVIL}/ap\r\n".encode()),
     True, [f"www.amazon.co.jp.{EVIL}"]),
]

_IMAGE = (b"Content-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
          b"Content-ID: <img1>\r\n\r\niVBORw0KGgo=\r\n")
_QP_INNER = (b"From: a@b.example\r\nSubject: s\r\n" + HTML.encode() + b"\r\n"
             + "".join(f"={b:02X}" if b > 126 or b == 61 else chr(b) for b in PAGE).encode())


def alternative(last: bytes) -> bytes:
    return (b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nhello\r\n"
            + part(HTML, PAGE) + last + b"--b--\r\n")


ALT = "Content-Type: multipart/alternative; boundary=b\r\n"
# Round 4b: (shape, does Thunderbird display PHRASE, hosts of the links it displays)
SHAPES_B: list[tuple[Shape, bool, list[str]]] = [
    # An attached page is not in the displayed document: its <base> sets nothing there.
    (Shape("base_in_attachment", MIXED, mixed(
        part(HTML, anchor("/ap/signin")),
        part(HTML + "Content-Disposition: attachment; filename=a.html\r\n",
             b"<html><head><base href=\"https://www.amazon.co.jp/\"></head><body>x</body></html>"),
        part(HTML + "Content-Disposition: inline\r\n",
             f"<html><head><base href=\"https://{EVIL}/\"></head><body>y</body></html>".encode()))),
     True, [EVIL]),
    (Shape("rfc822_qp", MIXED, mixed(HELLO, part(
        "Content-Type: message/rfc822\r\nContent-Transfer-Encoding: quoted-printable\r\n",
        _QP_INNER))), True, [EVIL]),
    (Shape("disp_attachment_comment", MIXED, mixed(HELLO, part(
        PLAIN + "Content-Disposition: attachment (x); filename=a.txt\r\n", TEXT))), False, []),
    (Shape("disp_quoted", MIXED, mixed(HELLO, part(
        PLAIN + "Content-Disposition: \"attachment\"; filename=a.txt\r\n", TEXT))), True, [EVIL]),
    (Shape("disp_upper", MIXED, mixed(HELLO, part(
        PLAIN + "Content-Disposition: ATTACHMENT; filename=a.txt\r\n", TEXT))), False, []),
    (Shape("alt_related_start_image", ALT, alternative(part(
        "Content-Type: multipart/related; boundary=c; start=\"<img1>\"\r\n",
        b"--c\r\n" + HTML.encode() + b"\r\nhello2\r\n--c\r\n" + _IMAGE + b"--c--\r\n"))),
     True, [EVIL]),
    (Shape("alt_mixed_image_last", ALT, alternative(part(
        "Content-Type: multipart/mixed; boundary=c\r\n",
        b"--c\r\n" + _IMAGE + b"--c--\r\n"))), True, [EVIL]),
    (Shape("alt_mixed_image_then_html", ALT, alternative(part(
        "Content-Type: multipart/mixed; boundary=c\r\n",
        b"--c\r\n" + _IMAGE + b"--c\r\n" + HTML.encode() + b"\r\n<p>hello2</p>\r\n"
        b"--c--\r\n"))), True, [EVIL]),  # its root is the image: passed over
    # The last alternative is chosen though it is an attachment: the page is not shown.
    (Shape("alt_html_attachment_last", ALT, alternative(part(
        HTML + "Content-Disposition: attachment; filename=a.html\r\n", b"<p>hello2</p>"))),
     False, []),
    (Shape("related_start_missing", "Content-Type: multipart/related; boundary=b; "
           "start=\"<nowhere>\"\r\n", mixed(part(HTML, PAGE), b"--b\r\n" + _IMAGE)),
     True, [EVIL]),
    (Shape("content_base_parent", "Content-Type: multipart/related; boundary=b\r\n"
           f"Content-Base: https://{EVIL}/\r\n", mixed(part(HTML, anchor("/ap/signin")))),
     True, []),  # a multipart's Content-Base is not its parts'
    (Shape("content_base_relative", HTML + "Content-Location: x/notice.html\r\n",
           anchor(f"//{EVIL}/ap")), True, []),  # a relative Content-Location: no base
    # Round 4c.
    (Shape("message_global", MIXED, mixed(HELLO, part("Content-Type: message/global\r\n",
                                                       _INNER))), True, [EVIL]),
    (Shape("message_news", MIXED, mixed(HELLO, part("Content-Type: message/news\r\n",
                                                     _INNER))), True, [EVIL]),
    (Shape("base_from_alternative", MIXED, mixed(
        part("Content-Type: multipart/alternative; boundary=c\r\n",
             b"--c\r\n" + PLAIN.encode() + b"\r\nhello\r\n--c\r\n" + HTML.encode()
             + f"\r\n<html><head><base href=\"https://{EVIL}/\"></head><body>x</body></html>"
               "\r\n--c--".encode()),
        part(HTML + "Content-Disposition: inline\r\n", anchor("/ap/signin")))), True, [EVIL]),
    (Shape("content_base_folded", HTML + "Content-Base: \"https://amazon-\r\n"
           " account-verify.example/\"\r\n", anchor("/ap/signin")), True, [EVIL]),
    (Shape("charset_2231_ext", "Content-Type: text/html; charset*=''shift_jis\r\n",
           PAGE.decode().encode("shift_jis")), True, [EVIL]),
    (Shape("rfc822_alternative", ALT,
           b"--b\r\n" + PLAIN.encode() + b"\r\nhello\r\n"
           + part("Content-Type: message/rfc822\r\n", _INNER) + b"--b--\r\n"), True, [EVIL]),
    (Shape("plain_inline_named", MIXED, mixed(HELLO, part(
        PLAIN + "Content-Disposition: inline; filename=a.txt\r\n", TEXT))), True, [EVIL]),
    (Shape("plain_name_only", MIXED, mixed(HELLO, part(
        "Content-Type: text/plain; charset=utf-8; name=a.txt\r\n", TEXT))), True, [EVIL]),
]

# Reply targets: (key, a Reply-To value, the addresses Thunderbird 153's header parser
# reads from it).
REPLY_SHAPES: list[tuple[str, str, list[str]]] = [
    ("quoted_encoded", "\"=?utf-8?q?support=40amazon.co.jp?=\" <phish@evil.example>",
     ["phish@evil.example"]),
    ("comment_angle", "(<support@amazon.co.jp>) phish@evil.example", ["phish@evil.example"]),
    ("escaped_quote", "\"a\\\" <support@amazon.co.jp>\" <phish@evil.example>",
     ["phish@evil.example"]),
    ("unclosed_angle", "Amazon <phish@evil.example", ["phish@evil.example"]),
    ("semicolon_list", "support@amazon.co.jp; phish@evil.example",
     ["support@amazon.co.jp", "phish@evil.example"]),
    ("quoted_local", "\"support@amazon.co.jp\"@evil.example",
     ["\"support@amazon.co.jp\"@evil.example"]),
    ("double_at", "support@amazon.co.jp@evil.example", ["\"support@amazon.co.jp\"@evil.example"]),
    ("encoded_lang", "=?utf-8*ja?q?Amazon?= <phish@evil.example>", ["phish@evil.example"]),
]
