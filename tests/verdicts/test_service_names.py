"""Amazon's services by name: "Alexa Support", "Kindle Team", "Fire TV Stick Help" present
Amazon in a display name, as "Prime Customer Support" does; the same words beside a name of
their own ("Alexa Smith", "Echo Park Dental", "Kindle Fire Pizza") are someone else.

Mails written for the rule, not copies of the held-out one (unseen2.py:
alexa_support_gmail_callback).
"""

from __future__ import annotations

import pytest
from mailgen import build, ids, judge

from honmono.brands.registry import load
from honmono.core.model import Verdict

FLAGGED = {Verdict.PHISHING, Verdict.SUSPICIOUS}


@pytest.mark.parametrize(("from_", "subject", "text"), [
    ('"Kindle Support" <kindle.helpdesk2025@gmail.com>', "Your Kindle library is locked",
     "Hello reader,\n\nWe could not charge your card for your last e-book, so your Kindle"
     " library has been locked. Confirm your card within 48 hours:\n"
     "https://kindle-library-restore.example/confirm\n"),
    ('"Kindle Direct Publishing" <kdp.royalties.desk@outlook.com>', "Royalty payment on hold",
     "Dear author,\n\nYour December royalties are on hold until you confirm your tax"
     " details: https://kdp-tax-forms.example/w8\n"),
    ('"Kindleカスタマーサポート" <kindle-jp-help@yahoo.co.jp>', "Kindle端末の登録解除について",
     "お使いのKindle端末の登録が解除されました。再登録はこちらから:\n"
     "https://kindle-touroku.example/login\n"),
    ('"Fire TV Stick Help" <firestick.help.team@gmail.com>', "Your Fire TV Stick subscription",
     "Your streaming subscription has expired. Call our technicians at 1-888-555-0142"
     " to reactivate your device today.\n"),
    ('"Alexa Customer Service" <alexa.customer.service.us@gmail.com>', "Action needed: Alexa app",
     "Dear customer,\n\nYour Alexa app was signed in from a new location. If this was not"
     " you, call 1-844-555-0177 immediately.\n"),
])
def test_a_service_name_from_a_free_mailbox_is_flagged(from_: str, subject: str,
                                                       text: str) -> None:
    report = judge(build(from_=from_, subject=subject, text=text))
    assert report.claim.strong and "claim.display_name" in {r.id for r in report.claim.reasons}
    assert report.verdict in FLAGGED, sorted(ids(report))


@pytest.mark.parametrize("from_", ['"Alexa Smith" <alexa.smith@gmail.com>',
                                   '"Alexa" <alexa.smith@gmail.com>'])
def test_a_person_called_alexa_writing_about_her_echo_is_not_amazon(from_: str) -> None:
    raw = build(from_=from_, subject="My Amazon order came - the Echo Dot!",
                text="Hi Taro,\n\nThe Echo Dot I ordered on Amazon arrived this morning and"
                     " Alexa already knows my playlists. Want to come over on Saturday?\n\n"
                     "Alexa\n", signed_by="gmail.com")
    report = judge(raw)
    assert "claim.display_name" not in {r.id for r in report.claim.reasons}
    assert report.verdict is Verdict.NOT_AMAZON, report.claim


def test_alexa_alone_is_still_a_claim_when_the_words_speak_as_amazon() -> None:
    """"Alexa" by itself names no one, so the mail's own words decide."""
    raw = build(from_='"Alexa" <alexa.device.team@gmail.com>', subject="Device deregistered",
                text="Your Amazon account has been used to register an unknown device."
                     " Verify at https://device-verify.example/\n")
    assert judge(raw).verdict in FLAGGED


# Newsletters of firms named with a service's word, signing their own domain, that
# mention Amazon: third parties talking about it.
NAMESAKES = {
    "kindle-fire-pizza": dict(
        from_='"Kindle Fire Pizza" <news@kindlefirepizza.example>',
        subject="Order your pizza with Amazon Alexa now",
        text="Say \"Alexa, order from Kindle Fire Pizza\" on your Echo and we bake it.\n"
             "https://kindlefirepizza.example/alexa\n"),
    "echo-park-dental": dict(
        from_='"Echo Park Dental" <hello@echoparkdental.example>',
        subject="Win an Amazon gift card at your next check-up",
        text="Book a check-up this month and enter our draw for an Amazon gift card.\n"
             "https://echoparkdental.example/book\n"),
    "echo-software-support": dict(
        from_='"Echo Support" <support@echoapp.example>',
        subject="Echo now works with Amazon Alexa",
        text="You can now ask Alexa to read your Echo notes aloud. Enable the skill in the"
             " Alexa app.\nhttps://echoapp.example/changelog\n"),
    "alexa-chung-studio": dict(
        from_='"Alexa Chung Studio" <news@alexachung.example>',
        subject="Our winter collection, now also on Amazon",
        text="The winter collection is here, in our stores and now on Amazon too.\n"
             "https://alexachung.example/winter\n"),
}


@pytest.mark.parametrize("case", sorted(NAMESAKES))
def test_a_namesake_newsletter_is_not_amazon(case: str) -> None:
    fields = NAMESAKES[case]
    report = judge(build(**fields, signed_by=fields["from_"].rsplit("@", 1)[1].rstrip(">")))
    assert not report.claim.strong, report.claim
    assert report.verdict is Verdict.NOT_AMAZON, (case, report.claim)


_ALEXA_NOTICE = ("田中太郎 様\n\n"
                 "Alexaアプリに新しいデバイス「Echo Show 5」が登録されました。\n"
                 "お心当たりがない場合は、デバイスの登録を解除してください。\n"
                 "https://www.amazon.co.jp/hz/mycd/myx#/home/devices\n")


@pytest.mark.parametrize(("from_", "domain"), [
    ('"Amazon Alexa" <alexa-noreply@amazon.co.jp>', "amazon.co.jp"),
    ('"Alexa" <alexa-noreply@amazon.co.jp>', "amazon.co.jp"),
    ('"Kindle Direct Publishing" <kdp-noreply@amazon.com>', "amazon.com"),
    ('"Send to Kindle" <do-not-reply@kindle.com>', "kindle.com"),
])
def test_amazons_own_service_mail_stays_genuine(from_: str, domain: str) -> None:
    report = judge(build(from_=from_, subject="Alexa / Kindle", text=_ALEXA_NOTICE,
                         signed_by=domain), domain)
    assert report.verdict is Verdict.GENUINE, sorted(ids(report))


def test_each_service_name_names_its_source_and_alexa_needs_company() -> None:
    brand = load()
    qualified = brand.claim.display_name_qualified_words
    assert {"prime", "alexa", "kindle", "fire tv"} <= set(qualified)
    assert all(q.source in brand.sources and q.generic for q in qualified.values())
    # A given name: "Alexa" alone may be a friend, "Prime" alone is no one's name.
    assert not qualified["alexa"].alone and qualified["prime"].alone
    # "Echo" alone is a common word and name: not a service name by itself.
    assert "echo" not in qualified
