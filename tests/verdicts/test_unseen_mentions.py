"""A mention is not a claim (issue 11 §1): mails that talk about Amazon, quote or forward
it, judged as a careful reader would; a forwarded scam is still recognised, whether
forwarded inline or as an attached mail.

The mails and the verdicts a careful reader accepts are in unseen.py, written before
Honmono was run on them."""

from __future__ import annotations

import pytest
from mailgen import judge
from unseen import CASES, Case


@pytest.mark.parametrize("case", [c for c in CASES if c.section == "1"], ids=lambda c: c.name)
def test_mention_verdict(case: Case) -> None:
    report = judge(case.build(), *case.keys)
    assert report.verdict.value in case.accept, sorted(e.id for e in report.evidence)


def test_an_attached_mail_names_its_sender_like_an_inline_forward() -> None:
    from unseen import eml_attached_phish

    from honmono.mail.parse import parse

    raw = eml_attached_phish()
    assert parse(raw).forwarded_from == ["Amazon.co.jp <security@amazon-jp-safety.com>"]
    report = judge(raw)
    assert any(r.id == "claim.forwarded_sender" for r in report.claim.reasons)


def test_a_genuine_order_forwarded_as_an_attachment_is_not_a_claim() -> None:
    from unseen import friend_forwards_order, mail, own_signed

    from honmono.mail.parse import parse

    inner = parse(friend_forwards_order())  # only for its wording, not its bytes
    assert inner.text
    order = mail(from_="Amazon.co.jp <auto-confirm@amazon.co.jp>",
                 subject="Amazon.co.jp ご注文の確認",
                 text="Amazon.co.jpをご利用いただき、ありがとうございます。\n"
                      "https://www.amazon.co.jp/gp/your-account/order-details\n")
    outer = mail(from_="佐藤 花子 <hanako.sato@example.ne.jp>", subject="注文したよ",
                 text="これで注文しておいたよ。\n")
    outer.add_attachment(order, filename="order.eml")
    assert judge(own_signed(outer)).verdict.value == "not_amazon"
