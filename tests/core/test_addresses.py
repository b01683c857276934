"""Address headers read as Thunderbird's jsmime reads them (honmono.addresses), where
Python's email.utils reads something else."""

from __future__ import annotations

import base64

import pytest

from honmono.mail.addresses import parse
from honmono.mail.parse import parse as parse_mail


@pytest.mark.parametrize(("value", "expected"), [
    # A backslash skips the next character: Thunderbird still sees the address.
    ("support@evil.example \\@", [("", "support@evil.example")]),
    # A comment is part of the name, never an address.
    ("Amazon.co.jp (Google ドライブ) <drive@google.com>",
     [("Amazon.co.jp (Google ドライブ)", "drive@google.com")]),
    ("drive@google.com (Amazon.co.jp)", [("Amazon.co.jp", "drive@google.com")]),
    # Legacy form: a lone comment becomes the name (sender.display_address_mismatch).
    ("(support@amazon.co.jp) x@evil.example", [("support@amazon.co.jp", "x@evil.example")]),
    # The last angle address wins; the earlier one becomes part of the name.
    ("Amazon <a@amazon.co.jp> <b@evil.example>", [("Amazon <a@amazon.co.jp>", "b@evil.example")]),
    ("team: a@x.example, b@y.example;", [("", "a@x.example"), ("", "b@y.example")]),
    ('"a@amazon.co.jp" <e@evil.example>', [("a@amazon.co.jp", "e@evil.example")]),
    ("undisclosed-recipients:;", []),
    ("Amazon", [("Amazon", "")]),
])
def test_address_grammar_matches_thunderbird(value: str, expected: list[tuple[str, str]]) -> None:
    assert parse(value) == expected


def test_encoded_comma_stays_inside_the_display_name() -> None:
    name = base64.b64encode(b"Amazon, <account@amazon.co.jp>").decode()
    assert parse(f"=?UTF-8?B?{name}?= <q@evil.example>") == [
        ("Amazon, <account@amazon.co.jp>", "q@evil.example")]


def test_from_with_a_comment_names_the_real_sender() -> None:
    raw = ("From: Amazon.co.jp (Google ドライブ) <drive-shares-noreply@google.com>\r\n"
           "To: taro@example.jp\r\nSubject: x\r\n\r\nbody\r\n").encode()
    sender = parse_mail(raw).sender
    assert sender is not None and sender.domain == "google.com"


def test_hostile_address_header_is_linear() -> None:
    value = "(" * 20_000 + "a@b" + ")" * 20_000 + '"' * 10_001 + "\\" * 10_000
    assert isinstance(parse(value), list)
