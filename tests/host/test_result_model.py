"""The result reply keeps to its declaration (host/result.py), on every mail we have."""

from __future__ import annotations

import json
from typing import Any

import pytest
from paths import CORPUS, FIXTURES

from honmono import Settings, analyse
from honmono.host import protocol
from honmono.host.budget import render_reply
from honmono.host.result import ArhHeaderOut, Result, result_problems
from honmono.report.render import render_report

MAILS = sorted([*CORPUS.rglob("*.eml"), *FIXTURES.rglob("*.eml")])
SETTINGS = Settings(offline=True, names=("山田太郎",), addresses=("taro@example.jp",))


def reply_for(raw: bytes, lang: str = "ja", truncated: bool = False) -> dict[str, Any]:
    report = analyse(raw, Settings(**{**vars_of(SETTINGS), "language": lang}))
    return protocol.result_reply("r", render_report(report, lang), truncated)


def vars_of(settings: Settings) -> dict[str, Any]:
    return {f: getattr(settings, f) for f in settings.__dataclass_fields__}


def test_there_are_mails() -> None:
    assert len(MAILS) > 300


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_reply_is_declared(lang: str) -> None:
    bad: dict[str, list[str]] = {}
    sections: set[str] = set()
    for path in MAILS:
        reply = reply_for(path.read_bytes(), lang, truncated=path.name.startswith("a"))
        for budget in (protocol.MAX_REPLY_BYTES, 4000):
            sent = json.loads(render_reply(reply, budget))
            problems = result_problems(sent)
            if problems:
                bad[f"{path.name}@{budget}"] = problems[:3]
        sections |= reply["details"].keys()
    assert not bad, bad
    # The corpus reaches every section (so each declaration above was held to account).
    assert {"auth", "links", "notice", "route", "defects", "truncated"} <= sections


def test_departures_are_found() -> None:
    reply = reply_for(MAILS[0].read_bytes())
    assert result_problems(reply) == []
    assert result_problems({**reply, "verdict": "maybe"})
    assert result_problems({**reply, "extra": 1}) == ["result: 'extra' is not declared"]
    missing = dict(reply)
    del missing["badge"]
    assert result_problems(missing) == ["result: 'badge' is missing"]
    assert result_problems({**reply, "details": {"links_more": "3"}})
    assert result_problems({**reply, "details": {"undeclared_section": []}})
    assert result_problems({**reply, "timing_ms": True})
    # Optional keys inside a section may be left out, required ones may not.
    assert result_problems({"authserv_id": "mx", "results": []}, ArhHeaderOut) == []
    assert result_problems({"results": []}, ArhHeaderOut)
    assert Result.__required_keys__ >= {"verdict", "badge", "details"}


def test_a_relayed_mail_is_declared() -> None:
    """Relay channels are built in code (tests/verdicts), not in the corpus."""
    from test_relayed_channels import seller_message

    reply = reply_for(seller_message("Thank you for your order. It ships tomorrow."))
    assert "relay" in reply["details"]
    assert result_problems(json.loads(render_reply(reply))) == []
