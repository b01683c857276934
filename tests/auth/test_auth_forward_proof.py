"""A forward must be shown, not claimed (issue 14 §5, issue 11 §5): a body changed after
Amazon signed it counts as forwarded only when the change is proven to be an addition
(bh= verifies with it set aside) or a trusted ARC sealer vouches; what was added is a
third party's, and its failing links keep the mail from genuine."""

from __future__ import annotations

import dkim
from authkit import amazon_dns, notice_mail, rsa_key, sign
from test_auth_arc import LIST, _b_prefix

from honmono.core.model import Msg, Verdict
from honmono.core.settings import Settings
from honmono.engine import analyse

LIST_ID = b"List-Id: Family <family.lists.example>\r\n"
MULTIPART = (
    b"From: \"amazon.co.jp\" <account-update@amazon.co.jp>\r\n"
    b"To: taro@example.jp\r\nSubject: Amazon.co.jp: sign-in\r\n"
    b"Date: Mon, 03 Nov 2025 00:56:00 +0000\r\nMessage-ID: <m@email.amazonses.com>\r\n"
    b"MIME-Version: 1.0\r\nContent-Type: multipart/alternative; boundary=\"AMZ\"\r\n"
    b"Content-Transfer-Encoding: 7bit\r\n\r\n"
    b"--AMZ\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
    b"Sign-in from a new device. https://www.amazon.co.jp/a/c/r/x\r\n"
    b"--AMZ\r\nContent-Type: text/html; charset=UTF-8\r\n\r\n"
    b"<p>Sign-in from a new device. <a href=\"https://www.amazon.co.jp/a/c/r/x\">Review</a>"
    b"</p>\r\n--AMZ--\r\n")


def footer(mail: bytes, text: bytes) -> bytes:
    return LIST_ID + mail + text


def test_list_footer_with_its_own_link_is_suspicious_with_the_link_as_third_party() -> None:
    raw = footer(sign(notice_mail()), b"--\r\nfamily list: https://family.lists.example/u\r\n")
    report = analyse(raw, Settings(), resolver=amazon_dns())
    assert report.details["auth"]["signatures"][0]["addition"] == "footer"
    item = next(e for e in report.evidence if e.id == "links.added_content")
    assert item.ceiling is Verdict.SUSPICIOUS
    assert item.detail == Msg("links.added_content.detail", {"hosts": "family.lists.example"})
    assert report.verdict is Verdict.SUSPICIOUS


def test_footer_link_made_to_look_like_amazon_is_still_phishing() -> None:
    raw = footer(sign(notice_mail()), b"--\r\nhttps://amazon.co.jp.account-check.example/\r\n")
    assert analyse(raw, Settings(), resolver=amazon_dns()).verdict is Verdict.PHISHING


def test_list_that_added_a_mime_part_is_proven_by_setting_the_part_aside() -> None:
    signed = sign(MULTIPART)
    added = (b"--AMZ\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
             b"Sent via the family list https://family.lists.example/\r\n")
    raw = LIST_ID + signed.replace(b"--AMZ--\r\n", added + b"--AMZ--\r\n")
    report = analyse(raw, Settings(), resolver=amazon_dns())
    assert report.details["auth"]["signatures"][0]["addition"] == "part"
    assert any(e.id == "links.added_content" for e in report.evidence)
    assert report.verdict is Verdict.SUSPICIOUS


def test_list_id_on_a_rewritten_body_proves_nothing() -> None:
    """The replayer rewrites the link inside Amazon's text and adds a List-Id."""
    signed = sign(MULTIPART)
    raw = LIST_ID + signed.replace(b"https://www.amazon.co.jp/a/c/r/x",
                                   b"https://amazon-account.example/a/c/r/x")
    report = analyse(raw, Settings(), resolver=amazon_dns())
    assert report.details["auth"]["signatures"][0]["result"] == "fail"
    assert report.verdict is Verdict.PHISHING


def _sealed_with_footer(link: str) -> bytes:
    mail = sign(notice_mail())
    arh = (f"Authentication-Results: {LIST}; dkim=pass header.d=amazon.co.jp "
           f"header.b={_b_prefix(mail).decode()}; dmarc=pass header.from=amazon.co.jp\r\n")
    changed = arh.encode() + mail + f"--\r\nfamily list {link}\r\n".encode()
    seal = dkim.arc_sign(changed, b"arc", LIST.encode(), rsa_key(1024).private, LIST.encode())
    return b"".join(seal) + changed


def _arc_dns():
    return amazon_dns().publish(LIST, "arc", rsa_key(1024))


def test_trusted_list_footer_linking_to_the_list_itself_stays_genuine() -> None:
    raw = _sealed_with_footer(f"https://{LIST}/unsubscribe")
    report = analyse(raw, Settings(trust_authserv=(LIST,)), resolver=_arc_dns())
    assert report.verdict is Verdict.GENUINE


def test_trusted_list_footer_linking_to_a_third_site_is_not_genuine() -> None:
    raw = _sealed_with_footer("https://prize-claim.example/amazon")
    report = analyse(raw, Settings(trust_authserv=(LIST,)), resolver=_arc_dns())
    assert any(e.id == "links.added_content" for e in report.evidence)
    assert report.verdict is Verdict.SUSPICIOUS


def test_safe_links_rewrite_after_the_trusted_server_verified_stays_suspicious() -> None:
    """Control: a security gateway rewrote the links after the user's server saw
    Amazon's signature verify. Not an addition, so not a forward; the server's word
    against the broken body hash is a disagreement: suspicious, not phishing."""
    from urllib.parse import quote

    from authkit import received_by

    mail = sign(MULTIPART)
    safe = ("https://apc01.safelinks.protection.outlook.com/?url="
            + quote("https://www.amazon.co.jp/a/c/r/x", safe="") + "&data=05")
    rewritten = mail.replace(b'href="https://www.amazon.co.jp/a/c/r/x"',
                             f'href="{safe}"'.encode())
    assert rewritten != mail
    arh = (b"Authentication-Results: mx.victim.example; dkim=pass header.d=amazon.co.jp "
           b"header.s=s2048; dmarc=pass header.from=amazon.co.jp\r\n")
    raw = arh + received_by("mx.victim.example") + rewritten
    report = analyse(raw, Settings(trust_authserv=("mx.victim.example",)),
                     resolver=amazon_dns())
    assert report.details["auth"]["signatures"][0]["result"] == "fail"
    assert report.details["auth"]["server"] == "pass"
    assert report.verdict is Verdict.SUSPICIOUS


def test_footer_search_is_bounded_on_a_hostile_body() -> None:
    """A forged body of a million short lines under a replayed signature: one hash over
    the body, a digest per line only near its end."""
    import time

    from honmono.auth import additions

    body = b"a\r\n" * 600_000
    started = time.perf_counter()
    assert additions.find(body, "rsa-sha256", b"\0" * 32, "") is None
    assert time.perf_counter() - started < 2


def test_footer_after_a_long_signed_body_is_still_proven() -> None:
    long_body = "お客様\r\n" + "ご注文の詳細です。\r\n" * 20_000
    raw = footer(sign(notice_mail(body=long_body)), b"--\r\nfamily list https://family.lists.example/\r\n")
    report = analyse(raw, Settings(), resolver=amazon_dns())
    assert report.details["auth"]["signatures"][0]["addition"] == "footer"
