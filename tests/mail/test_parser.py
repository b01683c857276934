"""The message parser on the encodings and shapes Japanese mail really has."""

from __future__ import annotations

import base64
import quopri

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from honmono.mail.parse import parse

JA = "誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。①㈱"


def _mail(headers: str, body: bytes) -> bytes:
    return headers.encode("ascii") + b"\r\n" + body


def test_iso2022jp_header_and_body_with_nec_extensions() -> None:
    subj = base64.b64encode("amazon.co.jp:パスワード回復".encode("iso2022_jp")).decode()
    # As Windows mailers write it (CP50220): ① and ㈱ from the NEC row inside ESC $ B.
    body = JA[:-2].encode("iso2022_jp") + b"\x1b$B-!-j\x1b(B"
    raw = _mail(f"From: a@example.jp\r\nSubject: =?ISO-2022-JP?B?{subj}?=\r\n"
                "Content-Type: text/plain; charset=ISO-2022-JP\r\n", body)
    pm = parse(raw)
    assert pm.subject == "amazon.co.jp:パスワード回復"
    assert JA in pm.text
    assert pm.defects == []


def test_shift_jis_declared_but_cp932_characters() -> None:
    raw = _mail("Content-Type: text/plain; charset=Shift_JIS\r\n", JA.encode("cp932"))
    assert JA in parse(raw).text


def test_euc_jp_base64_body() -> None:
    body = base64.encodebytes(JA[:-2].encode("euc_jp"))
    raw = _mail("Content-Type: text/plain; charset=EUC-JP\r\n"
                "Content-Transfer-Encoding: base64\r\n", body)
    assert JA[:-2] in parse(raw).text


def test_missing_charset_is_guessed() -> None:
    raw = _mail("Content-Type: text/plain\r\n", JA.encode("cp932"))
    assert JA in parse(raw).text


def test_lying_charset_is_noted_and_recovered() -> None:
    raw = _mail("Content-Type: text/plain; charset=utf-8\r\n", JA.encode("cp932"))
    pm = parse(raw)
    assert JA in pm.text
    assert any("cp932" in d for d in pm.defects)


def test_unknown_charset_falls_back() -> None:
    raw = _mail("Content-Type: text/plain; charset=x-no-such-charset\r\n", "日本語".encode())
    assert "日本語" in parse(raw).text


def test_undecodable_bytes_are_replaced_not_raised() -> None:
    raw = _mail("Content-Type: text/plain; charset=utf-8\r\n", b"\xff\xfe\x80abc\x81")
    pm = parse(raw)
    assert "abc" in pm.text


def test_raw_8bit_header_read_as_text() -> None:
    raw = "Subject: 重要なお知らせ\r\nFrom: アマゾン <a@example.jp>\r\n\r\nx".encode()
    pm = parse(raw)
    assert pm.subject == "重要なお知らせ"
    assert pm.from_[0].display == "アマゾン"


def test_encoded_display_name_with_colon_does_not_become_a_group() -> None:
    name = base64.b64encode(b"Service Prime ID:732243").decode()
    raw = _mail(f"From: =?UTF-8?B?{name}?= <x@evil.example>\r\n", b"hi")
    pm = parse(raw)
    assert pm.from_[0].addr == "x@evil.example"
    assert pm.from_[0].display == "Service Prime ID:732243"


def test_invisible_characters_removed_from_display_name() -> None:
    raw = "From: P\u200br\ufeffi\u200dme <x@evil.example>\r\n\r\nx".encode()
    assert parse(raw).from_[0].display == "Prime"


def test_quoted_printable_html_links_with_visible_text() -> None:
    html = ('<html><body><p>確認してください</p>'
            '<a href="http://evil.example/signin">https://www.amazon.co.jp/</a>'
            '<a href="https://www.amazon.co.jp/gp/css"><img alt="Amazon" src="x"></a>'
            '<form action="http://evil.example/post"></form>'
            '<script>var a = "https://script.example/";</script></body></html>')
    body = quopri.encodestring(html.encode("utf-8"))
    raw = _mail("Content-Type: text/html; charset=utf-8\r\n"
                "Content-Transfer-Encoding: quoted-printable\r\n", body)
    pm = parse(raw)
    pairs = {(link.href, link.text, link.origin) for link in pm.links}
    assert ("http://evil.example/signin", "https://www.amazon.co.jp/", "html") in pairs
    assert ("https://www.amazon.co.jp/gp/css", "Amazon", "html") in pairs
    assert ("http://evil.example/post", "", "form") in pairs
    assert "確認してください" in pm.text
    assert "script.example" not in pm.text
    assert pm.html_present


def test_plain_text_links_run_on_through_japanese_brackets_as_in_thunderbird() -> None:
    """mozTXTToHTMLConv stops a URL only at spaces and a few ASCII delimiters."""
    text = "このEメールのリンクは「https://www.amazon.co.jp」で始まります。https://www.amazon.co.jp/a/c/r/abc。"
    raw = _mail("Content-Type: text/plain; charset=utf-8\r\n", text.encode())
    hrefs = [link.href for link in parse(raw).links]
    assert hrefs == ["https://www.amazon.co.jp」で始まります。https://www.amazon.co.jp/a/c/r/abc。"]


def test_userinfo_host_is_the_real_destination() -> None:
    raw = _mail("Content-Type: text/plain\r\n", b"https://www.amazon.co.jp@evil.example/x")
    assert parse(raw).links[0].host == "evil.example"


def test_nested_multipart_with_html_attachment() -> None:
    raw = (
        b"Content-Type: multipart/mixed; boundary=outer\r\n\r\n"
        b"--outer\r\nContent-Type: multipart/alternative; boundary=inner\r\n\r\n"
        b"--inner\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nplain part\r\n"
        b"--inner\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html part</p>\r\n"
        b"--inner--\r\n"
        b"--outer\r\nContent-Type: text/html; name=a.html\r\n"
        b"Content-Disposition: attachment; filename=a.html\r\n\r\n"
        b"<a href='http://attached.example/'>open</a>\r\n"
        b"--outer--\r\n"
    )
    pm = parse(raw)
    assert "plain part" in pm.text and "html part" in pm.text
    # HTML attachments are read: phishing often hides its form in one.
    assert any(link.host == "attached.example" for link in pm.links)


def test_recipients_from_to_cc_and_delivered_to() -> None:
    raw = _mail("To: Taro <taro@example.jp>\r\nCc: b@example.jp\r\n"
                "Delivered-To: taro+amz@example.jp\r\n", b"x")
    addrs = {a.addr for a in parse(raw).recipients}
    assert addrs == {"taro@example.jp", "b@example.jp", "taro+amz@example.jp"}


def test_math_bold_domain_folds_like_idna() -> None:
    raw = "From: x <a@𝐚𝐦𝐚𝐳𝐨𝐧.𝐝𝐞>\r\n\r\nx".encode()
    assert parse(raw).from_[0].domain == "amazon.de"


def test_base_href_meta_refresh_formaction_and_images_are_links() -> None:
    html = ('<html><head><base href="http://evil.example/p/">'
            '<meta http-equiv="Refresh" content="0; url=http://refresh.example/">'
            '</head><body><a href="signin">Amazon</a>'
            '<form><button formaction="http://post.example/">送信</button></form>'
            '<img src="http://pixel.example/t.gif"></body></html>')
    raw = _mail("Content-Type: text/html; charset=utf-8\r\n", html.encode())
    got = {(link.href, link.origin) for link in parse(raw).links}
    assert ("http://evil.example/p/signin", "html") in got
    assert ("http://refresh.example/", "html") in got
    assert ("http://post.example/", "form") in got
    assert ("http://pixel.example/t.gif", "image") in got


def test_backslash_before_userinfo_goes_where_a_browser_goes() -> None:
    raw = _mail("Content-Type: text/plain\r\n", b"https://www.amazon.co.jp\\@evil.example/")
    assert parse(raw).links[0].host == "www.amazon.co.jp"


# ---------------------------------------------------------------- the faster line buffer

def _tree(msg) -> list:
    """Everything the stdlib parser decides, part by part."""
    out = []
    for part in msg.walk():
        payload = part.get_payload()
        out.append((
            part.get_unixfrom(), list(part.raw_items()), part.get_default_type(),
            [(type(d).__name__, str(d)) for d in part.defects],
            part.preamble, part.epilogue, part.is_multipart(),
            None if isinstance(payload, list) else payload,
            len(payload) if isinstance(payload, list) else None,
        ))
    return out


def _same_tree(raw: bytes) -> None:
    import email

    from honmono.mail.parse import message_from_bytes

    assert _tree(message_from_bytes(raw)) == _tree(email.message_from_bytes(raw))


_TRICKY = [
    b"",
    b"no header at all\nsecond line\n",
    b"From sender Mon Jan 1\nSubject: x\n\nbody\nFrom me\n",
    b"Subject: x\nbody line without separator\nX-Not: header\n\n-- \nsig\n",
    (b"Content-Type: multipart/mixed; boundary=b\r\n\r\npreamble 1\r\npreamble: 2\r\n--b\r\n"
     b"Content-Type: text/plain\r\n\r\nline 1\r\nline 2\r\n--bogus\r\nline 3\r\n--b\r\n"
     b"--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\ninner body\r\n"
     b"more\r\n--b--\r\nepilogue a\r\nepilogue b\r\n"),
    (b"Content-Type: multipart/report; boundary=r\n\n--r\nContent-Type: message/delivery-status"
     b"\n\nReporting-MTA: dns; x\nno colon line\nmore text\n\nAction: failed\nstatus text\n"
     b"\n\n--r\nContent-Type: text/plain\nbroken header line\nbody\n--r--"),
    (b"Content-Type: message/rfc822\n\nnot a header first\nSubject: y\n\nbody"),
    (b"Content-Type: multipart/alternative; boundary=\"q\"\r\n\r\n--q\r\n"
     b"Content-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n"
     + base64.encodebytes(b"<p>" * 20000).replace(b"\n", b"\r\n") + b"--q\r\n"
     b"Content-Type: text/plain\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
     + quopri.encodestring(("日本語 " * 3000).encode()).replace(b"\n", b"\r\n")
     + b"\r\n--q--"),
    b"Subject: cr only\rX: y\r\rbody\rline\r-x\rmore\r",
    b"Content-Type: multipart/mixed; boundary=z\n\n--z\n\n" + b"x" * 20000 + b"\n--z--\n",
    b"Content-Type: multipart/mixed\n\nno boundary\nline\n",
]


@pytest.mark.parametrize("raw", _TRICKY)
def test_line_runs_give_the_stdlib_tree(raw: bytes) -> None:
    _same_tree(raw)


def test_line_runs_give_the_stdlib_tree_on_every_corpus_mail() -> None:
    from paths import CORPUS, FIXTURES

    paths = sorted(CORPUS.glob("*/*.eml")) + sorted(FIXTURES.rglob("*.eml"))
    assert len(paths) > 300
    for path in paths:
        _same_tree(path.read_bytes())


_LINES = st.sampled_from([
    "Content-Type: multipart/mixed; boundary=b", "Content-Type: message/rfc822",
    "Content-Type: message/delivery-status", "Content-Type: multipart/digest; boundary=c",
    "Subject: s", " continued", "\tcontinued", "From x", "From: a@b", ":bad", "--b", "--b--",
    "--c", "--c--", "--b  ", "-", "--", "", " ", "body text", "QUJDRA==", "a=3Db:c=",
    "x: y", "http://example.com/", "日本語", "\udcff\udcfe",
])


@given(st.lists(st.tuples(_LINES, st.sampled_from(["\n", "\r\n", "\r"])), max_size=40),
       st.integers(0, 3))
@settings(max_examples=400, deadline=None)
def test_line_runs_give_the_stdlib_tree_on_generated_mail(lines, pad: int) -> None:
    text = "".join(line + end for line, end in lines)
    raw = text.encode("utf-8", "surrogateescape")
    # Padding moves the 8,192-character feed boundaries through the lines.
    _same_tree(raw)
    _same_tree(b"X-Pad: " + b"p" * (8192 - 9 - pad) + b"\r\n" + raw)


def test_fast_line_buffer_is_used_only_when_it_matches_the_stdlib(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import email as stdlib_email

    from honmono.mail import parse as message

    assert message._fast_parser_works()  # on the Python this project supports today
    message._fast_parser_works.cache_clear()
    # A feed parser that works differently (here: a line buffer without pushlines' list).
    monkeypatch.setattr(message._LineRuns, "pushlines", lambda self, lines: None)
    try:
        assert not message._fast_parser_works()
        raw = b"From: a@example.jp\r\nSubject: hi\r\n\r\nbody\r\n"
        assert message.message_from_bytes(raw).as_string() == \
            stdlib_email.message_from_bytes(raw).as_string()
    finally:
        message._fast_parser_works.cache_clear()


def test_links_in_noscript_and_svg_are_seen() -> None:
    # Mail is displayed with scripts off: <noscript> content is what the reader sees.
    html = ('<noscript><a href="http://ns.example/">Amazon</a></noscript>'
            '<svg><a xlink:href="http://svg.example/"><text>Sign in</text></a></svg>'
            '<a name="top">anchor without destination</a>')
    raw = _mail("Content-Type: text/html; charset=utf-8\r\n", html.encode())
    pm = parse(raw)
    assert {link.href for link in pm.links} == {"http://ns.example/", "http://svg.example/"}
    assert "Amazon" in pm.text


def test_space_and_line_feed_are_normalisation_boundaries_for_every_code_point() -> None:
    """What nfkc() relies on: neither separator composes with, or reorders around, any
    neighbour, whatever the Unicode version of this Python."""
    import unicodedata

    norm = unicodedata.normalize
    for code in range(0x110000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        c = chr(code)
        n = norm("NFKC", c)
        for sep in ("\n", " "):
            assert norm("NFKC", c + sep) == n + sep, hex(code)
            assert norm("NFKC", sep + c) == sep + n, hex(code)


# Characters whose normalisation depends on their neighbours: combining marks (which
# reorder and compose), kana voicing marks, halfwidth katakana, Hangul jamo, compatibility
# forms, and the two separators themselves.
_NF_CHARS = st.sampled_from(list(
    "aeAÅ か カ ｶﾞﾟ ￥１２ ﬁ ㈱ ① \u0301\u0300\u0323\u0308\u3099\u309a\u309b\u309c"
    "\u1100\u1161\u11a8\uac00\u0f73\u0f71\u0f72\u00b4\u02dc \n\n  "))


@given(st.lists(_NF_CHARS, max_size=40).map("".join))
@settings(max_examples=2000, deadline=None)
def test_piecewise_nfkc_is_nfkc(text: str) -> None:
    import unicodedata

    from honmono.text.normalize import nfkc

    assert nfkc(text) == unicodedata.normalize("NFKC", text)


@given(st.text(alphabet=st.sampled_from("ab\r\n \t-"), max_size=12))
@settings(max_examples=500, deadline=None)
def test_end_of_line_search_matches_the_stdlib_pattern(text: str) -> None:
    import email.feedparser

    from honmono.mail.parse import _EndOfLine

    fast, slow = _EndOfLine.search(text), email.feedparser.NLCRE_eol.search(text)
    assert (fast and fast.group(0)) == (slow and slow.group(0))
