"""The four checks over the shared corpus: a sample of the real world, not a specification.

Measured when written (wording check alone, names/addresses not set):
- ja_amazon_phishing_mailing_lists (115): 96 % get a wording flag (WARN or FAIL), 89 % a
  wording RED_FLAG. The rest are fake order confirmations without pressure and two
  English FBA notices — left to the sender, authentication and link checks.
- ham_spamassassin (151, checked as if they claimed Amazon): no DECISIVE, no RED_FLAG.
The floors below sit a little under the measurement so that a rule change that loses
real phishing fails here.
"""

from __future__ import annotations

import pytest
from wording_helpers import corpus_dir, ctx_for, ctx_for_text, max_signal

from honmono import Claim, Settings, Signal, Status
from honmono.checks import greeting, notices, recipient, wording
from honmono.mail.parse import parse

JA_FLAG_FLOOR = 0.93
JA_RED_FLOOR = 0.85


EMPTY = Settings()


def _wording(path, settings: Settings = EMPTY):
    ctx = ctx_for(path.read_bytes(), settings=settings)
    return wording.check(ctx)


def _ja_mails():
    return sorted(corpus_dir("ja_amazon_phishing_mailing_lists").glob("*.eml"))


def test_ja_phishing_share_with_wording_flags() -> None:
    mails = _ja_mails()
    assert len(mails) >= 100
    flagged = red = 0
    for path in mails:
        ev = _wording(path)
        flagged += any(e.status in (Status.WARN, Status.FAIL) for e in ev)
        red += max_signal(ev) >= Signal.RED_FLAG
    share_flag, share_red = flagged / len(mails), red / len(mails)
    print(f"\nja phishing: wording flag {flagged}/{len(mails)} = {share_flag:.1%}, "
          f"red flag {red}/{len(mails)} = {share_red:.1%}")
    assert share_flag >= JA_FLAG_FLOOR
    assert share_red >= JA_RED_FLOOR


def test_ja_phishing_with_user_settings_gets_red_flags() -> None:
    """With a name and an address set (the user's situation), the mailing-list copies
    fail the greeting or recipient check too."""
    settings = Settings(names=("田中太郎",), addresses=("taro@example.jp",))
    red = 0
    mails = _ja_mails()
    for path in mails:
        ctx = ctx_for(path.read_bytes(), settings=settings)
        ev = greeting.check(ctx) + recipient.check(ctx) + wording.check(ctx) + notices.check(ctx)
        red += max_signal(ev) >= Signal.RED_FLAG
    print(f"\nja phishing with settings: red flag {red}/{len(mails)}")
    assert red == len(mails)


def test_ja_phishing_never_gets_a_name_pass() -> None:
    settings = Settings(names=("田中太郎",))
    for path in _ja_mails():
        ev = greeting.check(ctx_for(path.read_bytes(), settings=settings))
        assert ev[0].id != "greeting.name", path.name


def test_ham_never_decisive_and_no_red_flag() -> None:
    """Ham does not claim Amazon; the check is run directly with a fake claim."""
    mails = sorted(corpus_dir("ham_spamassassin").glob("*.eml"))
    assert len(mails) >= 100
    red = 0
    for path in mails:
        msg = parse(path.read_bytes())
        ctx = ctx_for_text(msg.text, subject=msg.subject, settings=Settings())
        ctx.claim = Claim(brand="Amazon", strong=True, reasons=("test",))
        ev = wording.check(ctx)
        assert all(e.signal < Signal.DECISIVE for e in ev), path.name
        red += max_signal(ev) >= Signal.RED_FLAG
    print(f"\nham: wording red flag {red}/{len(mails)}")
    assert red <= len(mails) * 0.02


def test_phishing_pot_never_decisive() -> None:
    mails = sorted(corpus_dir("phishing_pot_amazon").glob("*.eml"))
    flagged = 0
    for path in mails:
        ev = _wording(path)
        assert all(e.signal < Signal.DECISIVE for e in ev)
        flagged += any(e.status in (Status.WARN, Status.FAIL) for e in ev)
    print(f"\nphishing_pot_amazon: wording flag {flagged}/{len(mails)}")
    assert flagged >= len(mails) * 0.6


def test_genuine_corpus_mail_has_clean_wording() -> None:
    path = corpus_dir("genuine_amazon") / "amazon_com_verify_account_via_fastmail.eml"
    ev = _wording(path)
    assert [e.id for e in ev] == ["wording.ok"]


@pytest.mark.parametrize("name", ["nvdimm-22f38c41fd6f.eml", "v9fs-69926e464473.eml"])
def test_corpus_copies_of_the_sign_in_notice_add_no_trust(name: str) -> None:
    """Real scams that copy 日時/デバイス/付近: recognised or not, never a plus."""
    path = corpus_dir("ja_amazon_phishing_mailing_lists") / name
    ctx = ctx_for(path.read_bytes())
    assert all(e.signal is Signal.NONE or e.status is Status.WARN for e in notices.check(ctx))
    assert max_signal(wording.check(ctx)) >= Signal.RED_FLAG
