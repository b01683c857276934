"""The rules round 2 of held-out mails led to (issue 11 §1, §2), at their edges: the From
local part and shown file names speak for the brand unless someone else is named; a
person writing from a signed mailbox of their own name makes no claim by topic alone, but
words speaking as Amazon stay a claim (scams arrive from stolen personal mailboxes)."""

from __future__ import annotations

from collections.abc import Callable
from email.message import EmailMessage

import pytest
from mailgen import judge
from unseen2 import phish, third


def _pdf(name: str) -> Callable[[EmailMessage], None]:
    def add(msg: EmailMessage) -> None:
        msg.add_attachment(b"%PDF-1.4\n%%EOF\n", maintype="application", subtype="pdf",
                           filename=name)
    return add


def _reasons(raw: bytes) -> list[str]:
    return [r.id for r in judge(raw).claim.reasons]


@pytest.mark.parametrize("local", ["amazon-security", "amazon.cs.team2024", "amazonsecurity",
                                   "arnazon-support", "amaz0n_jp", "support-amazon"])
def test_a_local_part_naming_amazon_under_a_service_name_is_a_claim(local: str) -> None:
    raw = phish(f'"Customer Support" <{local}@notice-mailer.example>', "Account on hold",
                "Your account is on hold.\nhttps://notice-mailer.example/verify\n").build()
    assert "claim.local_part" in _reasons(raw)
    assert judge(raw).verdict.value == "phishing"


@pytest.mark.parametrize("from_", ['"Amazonia Tours" <amazonia@tours.example>',
                                   '"Hanako" <hamazono@example.jp>',
                                   '"工房珈琲" <amazon-order@kobocoffee.example>',
                                   '"Kobo Coffee" <amazon@kobocoffee.example>'])
def test_a_local_part_is_no_claim_as_an_ordinary_word_or_under_someone_elses_name(
        from_: str) -> None:
    raw = third(from_, "ご注文ありがとうございます",
                "Amazonでのご注文ありがとうございます。\nhttps://kobocoffee.example/\n",
                None).build()
    assert judge(raw).verdict.value == "not_amazon", _reasons(raw)


@pytest.mark.parametrize("name", ["AmazonInvoice.pdf", "アマゾン請求書.pdf",
                                  "Amazon_Refund_Form.pdf", "amazon-receipt.pdf"])
def test_a_file_name_naming_amazon_is_a_claim(name: str) -> None:
    raw = phish('"Billing" <billing@invoices.example>', "Invoice", "See attached.\n",
                accept=frozenset(), extra=_pdf(name)).build()
    assert "claim.file_name" in _reasons(raw)
    assert judge(raw).verdict.value != "genuine"


def test_a_person_sending_an_amazon_receipt_from_their_own_mailbox_is_a_mention() -> None:
    raw = third('"Taro Yamada" <taro.yamada@corp.example>', "Amazon order receipt",
                "Here is the receipt for the cables.\n", "corp.example",
                extra=_pdf("amazon_receipt_Nov.pdf")).build()
    report = judge(raw)
    assert report.verdict.value == "not_amazon"
    assert report.claim.third_party == "Taro Yamada"


def test_the_same_mail_unsigned_is_still_a_claim() -> None:
    """A display name is free to write: only a mailbox that signs its own mail counts."""
    raw = third('"Taro Yamada" <taro.yamada@corp.example>', "Amazon order receipt",
                "Here is the receipt for the cables.\n", None).build()
    assert "claim.subject" in _reasons(raw)


def test_a_stolen_personal_mailbox_speaking_as_amazon_is_still_phishing() -> None:
    raw = third('"Kenji Sato" <kenji.sato@some-co.example>', "Amazonアカウントの確認",
                "お客様のAmazonアカウントが停止されました。\nhttps://login-check.example/\n",
                "some-co.example", kind="phish").build()
    report = judge(raw)
    # The subject speaks as Amazon too ("Amazonアカウント…"): not the person's topic.
    assert [r.id for r in report.claim.reasons] == ["claim.subject", "claim.body"]
    assert report.verdict.value == "phishing"


@pytest.mark.parametrize(("name", "claims"), [("Primeカスタマーセンター", True),
                                               ("Primeサポート", True),
                                               ("Primeセール速報", False),
                                               ("Prime英会話教室", False)])
def test_a_qualified_word_with_a_japanese_name_of_its_own_is_no_claim(name: str,
                                                                      claims: bool) -> None:
    raw = phish(f'"{name}" <help.desk2025@gmail.com>', "こんにちは",
                "お知らせです。\n", accept=frozenset()).build()
    assert ("claim.display_name" in _reasons(raw)) is claims
