"""The sender check and the verdict rules it feeds."""

from __future__ import annotations

from builders import make_mail

from honmono import Settings, Signal, Verdict, analyse
from honmono.core.model import Msg
from honmono.report.render import render_report

OFFLINE = Settings(offline=True)


def sender_ids(raw: bytes) -> dict[str, Signal]:
    report = analyse(raw, OFFLINE)
    return {e.id: e.signal for e in report.evidence if e.id.startswith("sender.")}


def test_display_name_amazon_from_foreign_domain_is_decisive() -> None:
    raw = make_mail(from_='"Amazon.co.jp" <info@secure-login.example>')
    assert sender_ids(raw)["sender.from_foreign"] is Signal.DECISIVE
    assert analyse(raw, OFFLINE).verdict is Verdict.PHISHING


def test_official_from_is_a_pass_that_proves_nothing() -> None:
    ids = sender_ids(make_mail())
    assert ids["sender.from_official"] is Signal.NONE


def test_address_in_display_name_differing_from_sender() -> None:
    raw = make_mail(from_='"account-update@amazon.co.jp" <x@evil.example>')
    assert sender_ids(raw)["sender.display_address_mismatch"] is Signal.DECISIVE


def test_hidden_characters_in_display_name() -> None:
    raw = make_mail(from_='"Ama\u200bzon" <x@evil.example>')
    assert "sender.hidden_characters" in sender_ids(raw)


def test_reply_to_outside_amazon() -> None:
    raw = make_mail(headers=[("Reply-To", "support@evil.example")])
    assert sender_ids(raw)["sender.reply_to_foreign"] is Signal.RED_FLAG


def test_return_path_foreign_is_only_a_doubt() -> None:
    raw = make_mail(headers=[("Return-Path", "<bounce@list.example>")])
    assert sender_ids(raw)["sender.return_path_foreign"] is Signal.DOUBT


def test_lookalike_from_domain() -> None:
    raw = make_mail(from_="Support <info@amazon-co-jp.example>", subject="hello")
    report = analyse(raw, OFFLINE)
    assert report.claim.brand == "Amazon"
    assert report.verdict is Verdict.PHISHING


def test_not_amazon_has_no_evidence_and_no_advice() -> None:
    raw = make_mail(from_="Taro <taro@example.jp>", subject="lunch?", text="12時でどう?")
    report = analyse(raw, OFFLINE)
    assert report.verdict is Verdict.NO_CLAIM
    assert report.evidence == [] and report.advice == []
    assert report.badge_title == Msg("verdict.badge.not_amazon")
    assert render_report(report, "en")["badge"] == {"text": "", "color": None,
                                                    "title": "Not an Amazon mail"}


def test_route_wording_when_a_trusted_server_is_set_but_not_found() -> None:
    raw = make_mail(from_='"Amazon.co.jp" <info@evil.example>', headers=[
        ("Received", "from a.evil.example (unknown [203.0.113.66]) by mx.example.jp; "
                     "1 Nov 2025 00:00:00 +0900")])
    report = analyse(raw, Settings(offline=True, trust_authserv=("mx.example.jp",)))
    details = {e.id: e.detail for e in report.evidence}
    assert details["route.unverified"] == Msg("route.unverified.no_receipt")
