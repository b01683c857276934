"""Mails for the verdict tests, built per case: who speaks, who wrote it.

Genuine mails are signed with keys made here (tests/auth/authkit.py) and their keys are
answered by a fake DNS, never the network. A sender that signs its own domain (a shop, a
newsletter) is signed the same way: Honmono never looks its key up, only that it signs.
"""

from __future__ import annotations

from authkit import FakeDns, rsa_key, sign
from builders import make_mail

from honmono.core.model import Report
from honmono.core.settings import Settings
from honmono.engine import analyse

SELECTOR = "s2048"


def build(*, from_: str, subject: str, text: str | None = None, html: str | None = None,
          to: str = "taro@example.jp", headers: list[tuple[str, str]] | None = None,
          signed_by: str | None = None) -> bytes:
    """The shared builder's mail, signed by ``signed_by`` when given."""
    raw = make_mail(from_=from_, subject=subject, text=text, html=html, to=to, headers=headers)
    if signed_by:
        raw = sign(raw, domain=signed_by, selector=SELECTOR, key=rsa_key(2048),
                   include=[b"from", b"to", b"subject", b"message-id", b"mime-version",
                            b"content-type"])
    return raw


def dns_for(*domains: str) -> FakeDns:
    dns = FakeDns()
    for d in domains:
        dns.publish(d, SELECTOR, rsa_key(2048))
    return dns


def judge(raw: bytes, *domains: str, settings: Settings | None = None) -> Report:
    """The report, with keys published for ``domains`` (the brand's, when genuine)."""
    settings = settings or Settings(names=("田中太郎",), addresses=("taro@example.jp",))
    return analyse(raw, settings, resolver=dns_for(*domains))


def ids(report: Report) -> set[str]:
    return {e.id for e in report.evidence}
