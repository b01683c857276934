"""A lone CR must not let the signature cover one message and the checks read another.

dkimpy ends lines at CRLF or LF; the email package also at a lone CR. A forger replaying
a genuine Amazon mail could hide a body or a second Subject behind "\\r" in an unsigned
header. Every consumer now reads the same bytes (lone CRs made line ends), so the hidden
content breaks the signature instead.
"""

from __future__ import annotations

from authkit import FakeDns

from honmono import Settings, Verdict, analyse
from honmono.mail.parse import parse

BOUNDARY = b"----=_Part_4507959_298108442.1698096188681"
ANCHOR = b"\nX-SES-Outgoing: 2023.10.23-54.240.13.167\n"


def test_body_hidden_behind_lone_crs_is_not_genuine(genuine_raw: bytes,
                                                    genuine_dns: FakeDns) -> None:
    assert analyse(genuine_raw, Settings(), resolver=genuine_dns).verdict is Verdict.GENUINE
    head, _, body = genuine_raw.partition(ANCHOR)
    assert body, "the corpus mail changed: pick another anchor"
    injected = (b"X-Junk: x\r\r--" + BOUNDARY + b"\rContent-Type: text/html; charset=utf-8\r\r"
                b'<a href="https://secure-account-check.example/signin">Verify now</a>\r--'
                + BOUNDARY + b"--\r\n")
    forged = head + ANCHOR + injected + body
    report = analyse(forged, Settings(), resolver=genuine_dns)
    assert report.verdict is Verdict.PHISHING
    assert any("lone CR" in d for d in parse(forged).defects)


def test_second_subject_behind_a_lone_cr_is_not_genuine(genuine_raw: bytes,
                                                        genuine_dns: FakeDns) -> None:
    at = genuine_raw.index(b"Date: Mon, 23 Oct 2023 21:23:08")
    forged = (genuine_raw[:at] + b"X-Junk: x\rSubject: Your account is suspended - reply "
              b"with your card number\n" + genuine_raw[at:])
    assert analyse(forged, Settings(), resolver=genuine_dns).verdict is not Verdict.GENUINE
