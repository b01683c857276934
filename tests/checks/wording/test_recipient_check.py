"""Recipient: sent to an address registered with Amazon? (seed 003)."""

from __future__ import annotations

import pytest
from builders import make_mail
from wording_helpers import ctx_for, ids

from honmono import Settings, Signal, Status
from honmono.checks import recipient
from honmono.core.model import Msg


def run(to: str, registered: tuple[str, ...] = ("taro@example.jp",),
        headers: list[tuple[str, str]] | None = None):
    raw = make_mail(to=to, headers=headers)
    return recipient.check(ctx_for(raw, settings=Settings(addresses=registered)))


def by_id(ev):
    return {e.id: e for e in ev}


def test_without_registered_addresses_info_only() -> None:
    ev = run("someone@example.org", registered=())
    assert ids(ev) == ["recipient.no_addresses"]
    assert ev[0].status is Status.INFO and ev[0].signal is Signal.NONE


@pytest.mark.parametrize("to", ["taro@example.jp", "TARO@Example.JP", "田中太郎 <taro@example.jp>",
                                "<taro@example.jp.>"])
def test_registered_address_passes(to: str) -> None:
    ev = run(to)
    assert ids(ev) == ["recipient.registered"]
    assert ev[0].status is Status.PASS and ev[0].signal is Signal.NONE


def test_other_address_is_a_red_flag() -> None:
    ev = run("hanako@example.org")
    assert ids(ev) == ["recipient.unregistered"]
    e = ev[0]
    assert (e.status, e.signal) == (Status.FAIL, Signal.RED_FLAG)
    assert e.detail == Msg("recipient.unregistered.detail", {"shown": "hanako@example.org"})


def test_delivered_to_is_not_what_amazon_addressed() -> None:
    # The mailbox it landed in matches, but the sender addressed someone else.
    ev = run("list@lists.example.org", headers=[("Delivered-To", "taro@example.jp")])
    assert ids(ev) == ["recipient.unregistered"]


def test_hidden_recipients_with_registered_address() -> None:
    ev = run("undisclosed-recipients:;", headers=[("Delivered-To", "taro@example.jp")])
    assert ids(ev) == ["recipient.unregistered"]
    assert ev[0].detail == Msg("common.sentences", {
        "first": Msg("recipient.unregistered.detail", {"shown": "Bcc / undisclosed-recipients"}),
        "next": Msg("recipient.unregistered.bcc", {})})


def test_hidden_recipients_without_settings_is_a_doubt() -> None:
    ev = by_id(run("undisclosed-recipients:;", registered=()))
    assert set(ev) == {"recipient.hidden", "recipient.no_addresses"}
    assert ev["recipient.hidden"].signal is Signal.DOUBT


def test_many_recipients() -> None:
    ev = by_id(run("a@example.org, b@example.org, c@example.org", registered=()))
    assert ev["recipient.many"].signal is Signal.DOUBT
    assert ev["recipient.many"].detail == Msg("recipient.many.detail", {"count": 3})
    ev = by_id(run("taro@example.jp, b@example.org"))
    assert set(ev) == {"recipient.registered", "recipient.many"}


def test_registered_plus_alias_protects_against_the_bare_address() -> None:
    registered = ("taro+amazon@example.jp",)
    assert ids(run("taro+amazon@example.jp", registered)) == ["recipient.registered"]
    ev = run("taro@example.jp", registered)
    assert ids(ev) == ["recipient.unregistered"]
    assert ev[0].detail.params["next"] == Msg("recipient.unregistered.base_only",
                                              {"address": "taro@example.jp"})
    assert ids(run("taro+shop@example.jp", registered)) == ["recipient.unregistered"]


def test_tagged_variant_of_a_listed_base_address_is_only_a_doubt() -> None:
    ev = run("taro+amazon@example.jp")
    assert ids(ev) == ["recipient.tag_variant"]
    assert (ev[0].status, ev[0].signal) == (Status.WARN, Signal.DOUBT)


def test_gmail_dots_are_ignored() -> None:
    assert ids(run("t.a.ro@gmail.com", ("taro@googlemail.com",))) == ["recipient.registered"]
    # Only for Gmail: elsewhere a dot makes another mailbox.
    assert ids(run("t.aro@example.jp")) == ["recipient.unregistered"]


def test_normalise() -> None:
    assert recipient.normalise(" <Taro.T+X@GoogleMail.com> ") == "tarot+x@gmail.com"
    assert recipient.untagged("taro+x+y@example.jp") == "taro@example.jp"
    assert recipient.normalise("no-at-sign") == "no-at-sign"


def test_settings_entries_without_at_sign_are_ignored() -> None:
    assert ids(run("taro@example.jp", ("taro",))) == ["recipient.no_addresses"]
