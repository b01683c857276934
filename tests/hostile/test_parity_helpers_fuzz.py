"""The Thunderbird-parity readers on hostile input: never an exception, bounded output."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from honmono.auth import additions
from honmono.mail.addresses import parse as parse_addresses
from honmono.mail.linkify import find_urls
from honmono.mail.mimeparts import tolerant_b64decode, unwrap_smime
from honmono.mail.parse import drop_comments

_ADDRESS_CHARS = st.text(alphabet=st.sampled_from([*'ab@.<>(),;:"\\[] =?BQ\t\r\n', "あ",
                                                   "\u200b"]), max_size=200)


@given(_ADDRESS_CHARS)
@settings(max_examples=300, deadline=None)
def test_address_parser_never_raises(value: str) -> None:
    for name, addr in parse_addresses(value):
        assert isinstance(name, str) and isinstance(addr, str)


@given(st.text(alphabet=st.sampled_from([*"htps:/w.()[]<>\"'、「」|^ @\n", "\u3000"]),
               max_size=300))
@settings(max_examples=300, deadline=None)
def test_linkifier_never_raises_and_urls_lie_in_the_text(text: str) -> None:
    for start, end, url in find_urls(text):
        assert 0 <= start <= end <= len(text)
        assert url.lower().startswith(("http", "www."))


@given(st.binary(max_size=2000))
@settings(max_examples=300, deadline=None)
def test_tolerant_base64_and_smime_never_raise(data: bytes) -> None:
    assert len(tolerant_b64decode(data)) <= len(data)
    assert unwrap_smime(data) is None or isinstance(unwrap_smime(data), bytes)


@given(st.text(alphabet=st.sampled_from(list("<!->x")), max_size=300))
@settings(max_examples=300, deadline=None)
def test_comment_removal_never_raises_and_never_grows(html: str) -> None:
    assert len(drop_comments(html)) <= len(html)


@given(st.binary(max_size=3000), st.text(max_size=10))
@settings(max_examples=200, deadline=None)
def test_addition_search_never_raises(body: bytes, boundary: str) -> None:
    assert additions.find(body, "rsa-sha256", b"\x01" * 32, boundary) is None
