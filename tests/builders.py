"""Building test mails in code, for cases clearer as code than as fixture files."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP


def mail_message(*, from_: str = '"Amazon.co.jp" <account-update@amazon.co.jp>',
                 subject: str = "Amazon.co.jp: ご注文の確認", text: str | None = "こんにちは",
                 html: str | None = None, to: str = "taro@example.jp", date: str | None = None,
                 message_id: str = "<test@example.jp>", cte: str | None = None) -> EmailMessage:
    """A well-formed mail as a message, for tests that add parts to it before sending."""
    msg = EmailMessage(policy=SMTP)
    msg["From"] = from_
    msg["To"] = to
    msg["Subject"] = subject
    if date is not None:
        msg["Date"] = date
    msg["Message-ID"] = message_id
    if text is not None:
        msg.set_content(text, charset="utf-8", cte=cte)
    if html is not None:
        if text is None:
            msg.set_content(html, subtype="html", charset="utf-8")
        else:
            msg.add_alternative(html, subtype="html", charset="utf-8")
    return msg


def make_mail(*, from_: str = '"Amazon.co.jp" <account-update@amazon.co.jp>',
              subject: str = "Amazon.co.jp: ご注文の確認", text: str | None = "こんにちは",
              html: str | None = None, to: str = "taro@example.jp",
              headers: list[tuple[str, str]] | None = None) -> bytes:
    """A well-formed mail; ``headers`` are put on top, as a receiving server adds them."""
    raw = mail_message(from_=from_, subject=subject, text=text, html=html, to=to).as_bytes()
    top = "".join(f"{k}: {v}\r\n" for k, v in headers or [])
    return top.encode("utf-8") + raw
