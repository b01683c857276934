"""Mails for the verdict tests, built per case: who speaks, who wrote it.

Genuine mails are signed with keys made here (tests/auth/authkit.py) and their keys are
answered by a fake DNS, never the network. A sender that signs its own domain (a shop, a
newsletter) is signed the same way: Honmono never looks its key up, only that it signs.
"""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP

from authkit import FakeDns, rsa_key, sign

from honmono.engine import analyse
from honmono.model import Report
from honmono.settings import Settings

SELECTOR = "s2048"


def build(*, from_: str, subject: str, text: str | None = None, html: str | None = None,
          to: str = "taro@example.jp", headers: list[tuple[str, str]] | None = None,
          signed_by: str | None = None) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_
    msg["To"] = to
    msg["Subject"] = subject
    msg["Date"] = "Mon, 03 Nov 2025 00:56:00 +0000"
    msg["Message-ID"] = "<case@mail.example>"
    for k, v in headers or []:
        msg[k] = v
    if text is not None:
        msg.set_content(text, charset="utf-8")
    if html is not None:
        if text is None:
            msg.set_content(html, subtype="html", charset="utf-8")
        else:
            msg.add_alternative(html, subtype="html", charset="utf-8")
    raw = msg.as_bytes()
    if signed_by:
        raw = sign(raw, domain=signed_by, selector=SELECTOR, key=rsa_key(2048),
                   include=[b"from", b"to", b"subject", b"date", b"message-id"])
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
