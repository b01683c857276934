"""Issue 12 in the real client: the badge never lies and reads at a glance.

After the main scenario (test_real_client.py) the same Thunderbird run goes on
(conftest.badge_phases): in the 3-pane, mails no tab has shown are selected one by one and
timed to their final verdict, then genuine → phishing → ordinary are switched again and again
while a chrome-context sampler records, every 2 ms and on every change of the button, what the
message header shows and what the button says (label, badge, icon). Then the phishing bar's
buttons (「理由を見る」 opens the panel, whose 「報告する」 opens a forward-as-attachment
draft to the brand data's report addresses, read and closed unsent; 「迷惑メールにする」
marks the mail as junk and moves it to Local Folders' Junk folder), the keyboard
shortcut, the panel's rendered colours in the light and the dark theme, and — after
`honmono uninstall` and the running host ended — an Amazon-looking mail that cannot be
checked. Figures: artifacts/latency.json.
"""

from __future__ import annotations

import itertools
import json
import re
import statistics
from pathlib import Path
from typing import Any

import pytest

from honmono.brands import registry as brand

from .conftest import (
    ARTIFACTS,
    BY_KEY,
    ERROR_EXTRA,
    JUNK_EXTRA,
    LABEL_CHECKING,
    LABEL_ERROR,
    LABELS,
    LATENCY_EXTRAS,
    MAILS,
    REPO,
    SWITCH_ORDER,
    SWITCH_ROUNDS,
    Run,
    helper_message_ids,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(240)]

VERDICT_WORDS = {LABELS["phishing"], LABELS["genuine"], LABELS["suspicious"]}
BADGES = {"phishing": "!", "genuine": "✓", "suspicious": "?", "not_amazon": None}
ICONS = {"phishing": "phishing", "genuine": "genuine", "suspicious": "suspicious",
         "not_amazon": "honmono"}
T, SUBJECT, MSGID, LABEL, BADGE, ICON = range(6)


def _subject_verdicts() -> dict[str, str]:
    return {BY_KEY[k].subject: BY_KEY[k].verdict for k in SWITCH_ORDER}


def _shown(sample: list[Any], subjects: dict[str, str]) -> str | None:
    """The verdict of the mail whose subject the header shows in this sample (or None)."""
    text = sample[SUBJECT] or ""
    found = [v for s, v in subjects.items() if text.endswith(s)]
    return found[0] if len(found) == 1 else None


def _wrong(sample: list[Any], verdict: str) -> list[str]:
    """What in the sample shows a verdict other than `verdict` (checking/neutral is fine)."""
    out = []
    if sample[LABEL] in VERDICT_WORDS and sample[LABEL] != LABELS[verdict]:
        out.append(f"label {sample[LABEL]}")
    if sample[BADGE] in ("!", "✓", "?") and sample[BADGE] != BADGES[verdict]:
        out.append(f"badge {sample[BADGE]}")
    if sample[ICON] in ("phishing", "genuine", "suspicious") and sample[ICON] != ICONS[verdict]:
        out.append(f"icon {sample[ICON]}")
    return out


def _latencies(run: Run) -> list[dict[str, Any]]:
    """Per selection: selection → the mail displayed (its subject in the header), displayed →
    final verdict on the button (the issue's figure); also from the selection itself."""
    b = run.badge
    subject = {m.message_id: m.subject for m in MAILS}
    subject.update({x.message_id: x.mail.subject for x in LATENCY_EXTRAS})
    out = []
    for i, w in enumerate(b.switches):
        end = b.switches[i + 1]["selectedAt"] if i + 1 < len(b.switches) else float("inf")
        seg = [s for s in b.samples if w["selectedAt"] <= s[T] < end]
        mine = subject[w["messageId"]]
        shown = next(
            (s[T] for s in seg if s[MSGID] == w["messageId"] and (s[SUBJECT] or "").endswith(mine)),
            None,
        )
        final = next(
            (s[T] for s in seg if s[MSGID] == w["messageId"] and s[LABEL] == LABELS[w["verdict"]]),
            None,
        )
        out.append({
            "key": w["key"], "first": w["first"],
            "shown_ms": None if shown is None else round(shown - w["selectedAt"], 1),
            "final_ms": None if final is None else round(final - w["selectedAt"], 1),
            "latency_ms": (
                None if shown is None or final is None else round(max(0.0, final - shown), 1)
            ),
        })
    return out


def _load() -> list[float] | None:
    try:
        return [float(x) for x in Path("/proc/loadavg").read_text().split()[:3]]
    except OSError:
        return None


def _p90(values: list[float]) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.9 * (len(values) - 1)))]


def test_phases_ran(real_client: Run) -> None:
    assert not real_client.badge.failures, real_client.badge.failures


# How long the previous mail's verdict may overlap the next mail's header. Thunderbird fills
# the header and applies the extension's button calls (each its own async API call, applied on
# an animation frame) independently, so a MailExtension cannot make the two atomic; what it can
# do is reset at once on selection, words first (display.js). Measured here: about 1 ms,
# rarely caught by a paint. The bug this guards against kept the old verdict ~200 ms.
STALE_BOUND_MS = 50


def _stale_windows(samples: list[list[Any]]) -> list[dict[str, Any]]:
    """Each stretch of samples where the header shows one mail and the button another's
    verdict: its length (to the first honest sample), what was wrong, painted frames in it."""
    subjects = _subject_verdicts()
    out: list[dict[str, Any]] = []
    cur: dict[str, Any] | None = None
    for s in samples:
        verdict = _shown(s, subjects)
        wrong = _wrong(s, verdict) if verdict else []
        if wrong:
            if cur is None:
                cur = {"at": round(s[T], 1), "subject": s[SUBJECT], "wrong": set(), "painted": 0}
            cur["wrong"].update(w.split()[0] for w in wrong)
            cur["painted"] += s[6] == "paint"
        elif cur is not None:
            out.append({**cur, "ms": round(s[T] - cur["at"], 2), "wrong": sorted(cur["wrong"])})
            cur = None
    if cur is not None:
        out.append({**cur, "ms": None, "wrong": sorted(cur["wrong"])})
    return out


def test_no_stale_verdict_while_switching(real_client: Run) -> None:
    """Switching genuine → phishing → ordinary again and again, sampled every 2 ms, on every
    change of the button or the header and after every paint: the previous mail's verdict
    never stays on the next mail (each overlap ends within STALE_BOUND_MS; the figures,
    painted frames included, go to artifacts/stale.json)."""
    b = real_client.badge
    subjects = _subject_verdicts()
    (ARTIFACTS / "switch-samples.json").write_text(
        json.dumps({"switches": b.switches, "samples": b.samples}))
    assert len(b.switches) == len(LATENCY_EXTRAS) + SWITCH_ROUNDS * len(SWITCH_ORDER), b.switches
    assert len(b.samples) > 200, f"too few samples: {len(b.samples)}"
    ticks = [s for s in b.samples if s[6] == "tick"]
    gaps = [b2[T] - b1[T] for b1, b2 in itertools.pairwise(ticks)]
    # every 2 ms asked; a loaded 2-core machine stretches that
    assert statistics.median(gaps) < 25, f"sampled every {statistics.median(gaps)} ms"
    painted = [s for s in b.samples if s[6] == "paint"]
    assert len(painted) > 50, f"only {len(painted)} paints recorded (MozAfterPaint)"
    seen_verdicts = {_shown(s, subjects) for s in painted} - {None}
    assert seen_verdicts == {"genuine", "phishing", "not_amazon"}, seen_verdicts
    windows = _stale_windows(b.samples)
    (ARTIFACTS / "stale.json").write_text(json.dumps({
        "switches": len(b.switches), "samples": len(b.samples), "paints": len(painted),
        "windows": windows,
        "painted_frames_stale": sum(w["painted"] for w in windows),
    }, indent=1))
    assert all(w["ms"] is not None for w in windows), f"a stale verdict stayed: {windows[-1]}"
    long = [w for w in windows if w["ms"] > STALE_BOUND_MS]
    assert not long, f"the previous verdict stayed on the next mail: {long}"
    # and it did show each verdict (the sampler saw the button work)
    labels = {s[LABEL] for s in b.samples}
    assert {LABELS["genuine"], LABELS["phishing"], LABELS["not_amazon"], LABEL_CHECKING} <= labels


def test_stale_window_helper() -> None:
    """The window finder counts a stale stretch, its paints and its end (it can fail)."""
    g, p = BY_KEY["genuine"], BY_KEY["phishing"]
    samples = [
        [0.0, "Subject:" + g.subject, None, LABELS["genuine"], "✓", "genuine", "tick"],
        [2.0, "Subject:" + p.subject, None, LABELS["genuine"], "✓", "genuine", "paint"],
        [3.5, "Subject:" + p.subject, None, LABEL_CHECKING, None, "honmono", "button"],
        [9.0, "Subject:" + p.subject, None, LABELS["phishing"], "!", "phishing", "button"],
    ]
    assert _stale_windows(samples) == [{
        "at": 2.0, "subject": "Subject:" + p.subject, "wrong": ["badge", "icon", "label"],
        "painted": 1, "ms": 1.5,
    }]
    assert _stale_windows(samples[:2])[0]["ms"] is None


def _display_event_figures(run: Run) -> dict[str, Any]:
    seen: set[Any] = set()
    first: list[float] = []
    again: list[float] = []
    for e in run.product_events:
        if e.get("event") != "checked" or not isinstance(e.get("ms"), int | float):
            continue
        (again if e.get("messageId") in seen else first).append(e["ms"])
        seen.add(e.get("messageId"))

    def summary(values: list[float]) -> dict[str, Any]:
        return {"n": len(values), "median": statistics.median(values) if values else None,
                "p90": _p90(values) if values else None}

    return {"first_check": summary(first), "switching": summary(again)}


def test_latency_figures(real_client: Run) -> None:
    """Displayed → final verdict, in the real client; the figures go to artifacts/latency.json."""
    rows = _latencies(real_client)
    first = [r["latency_ms"] for r in rows if r["first"] and r["latency_ms"] is not None]
    again = [r["latency_ms"] for r in rows if not r["first"] and r["latency_ms"] is not None]
    ids = helper_message_ids(real_client)
    first_after_start = [
        e.get("ms") for e in real_client.product_events
        if e.get("event") == "checked" and e.get("messageId") == ids.get(MAILS[0].message_id)
    ][:1]
    figures = {
        "first_check": {"n": len(first), "median": statistics.median(first) if first else None,
                        "p90": _p90(first) if first else None, "max": max(first, default=None)},
        "switching": {"n": len(again), "median": statistics.median(again) if again else None,
                      "p90": _p90(again) if again else None, "max": max(again, default=None)},
        "first_mail_after_start_ms_extension": first_after_start[0] if first_after_start else None,
        "load_average": _load(),
        # The same from Thunderbird's "displayed" event (MsgLoaded, after the body) to the
        # final look, as the extension measures it; the rows above start at the header.
        "from_display_event": _display_event_figures(real_client),
        "checked_events_ms": [e.get("ms") for e in real_client.product_events
                              if e.get("event") == "checked"],
        "checked_phases": [e.get("phases") for e in real_client.product_events
                           if e.get("event") == "checked"][:len(LATENCY_EXTRAS) + 4],
        "rows": rows,
    }
    (ARTIFACTS / "latency.json").write_text(json.dumps(figures, indent=1))
    print("latency", json.dumps({k: v for k, v in figures.items() if k != "rows"}))
    assert len(first) == len(LATENCY_EXTRAS), rows
    # Bounds a loaded 2-core CI machine keeps; the targets are reported, not asserted.
    assert max(first) < 3000, rows
    assert not again or max(again) < 3000, rows


@pytest.mark.parametrize("key", ["phishing", "genuine", "ordinary"])
def test_verdict_word_on_the_button(real_client: Run, key: str) -> None:
    mail = BY_KEY[key]
    state = real_client.seen[key].state
    assert state.get("label") == LABELS[mail.verdict], state.get("label")
    shown = state.get("labelShown") or {}
    assert shown.get("width", 0) > 10, f"the label is not drawn: {shown}"


def test_bar_and_its_buttons(real_client: Run) -> None:
    bar = real_client.badge.bar
    banner = bar.get("banner") or {}
    assert banner.get("level") == "phishing", bar
    texts = [b["text"] for b in banner.get("buttons", [])]
    assert texts == ["迷惑メールにする", "削除", "報告する", "理由を見る"], texts
    assert banner.get("topmost") and banner.get("visible"), banner
    # one sentence, and once that the button is what to trust
    assert banner["text"].count("Honmono ボタン") == 1, banner["text"]
    popup = bar.get("popup")
    assert isinstance(popup, list) and popup and "popup/popup.html" in popup[0]["url"], popup


def test_junk_button_marks_and_moves(real_client: Run) -> None:
    junk = real_client.badge.junk
    assert junk["before"]["folders"].keys() == {"Inbox"}, junk
    after = junk.get("after", {}).get("folders", {})
    assert set(after) == {"Junk"}, f"the mail is in {after} after 「迷惑メールにする」"
    assert after["Junk"]["isJunkFolder"], after
    assert after["Junk"]["junkscore"] == "100", "not marked as junk"


def test_report_button_opens_an_unsent_draft_with_the_mail_attached(real_client: Run) -> None:
    """「報告する」 in the phishing mail's panel: a forward-as-attachment draft to the brand data's
    report addresses, holding the original mail's bytes; closed unsent, nothing sent."""
    report = real_client.badge.report
    label = json.loads((REPO / "extension" / "_locales" / "ja" / "messages.json").read_text())
    assert report.get("clicked") == {"clicked": label["actReport"]["message"]}, report
    windows = report.get("windows") or []
    assert len(windows) == 1, windows
    draft = windows[0]
    addresses = [r["address"] for r in brand.load().report_to()]
    assert len(addresses) >= 1
    assert draft["to"] == addresses, draft
    assert draft["cc"] == [] and draft["bcc"] == [], draft
    original = JUNK_EXTRA.mail
    assert original.subject in (draft["subject"] or ""), draft
    # One attachment, the whole original message (not its text quoted in the body).
    assert len(draft["attachments"]) == 1, draft
    attached = draft["attachments"][0]
    assert attached["contentType"] == "message/rfc822", attached
    assert attached["name"] == f"{original.subject}.eml", attached
    fetched = report["attachmentBytes"][0]
    assert "bytes" in fetched, fetched
    body = fetched["bytes"].encode("latin-1").replace(b"\r\n", b"\n")
    assert body.rstrip(b"\n") == JUNK_EXTRA.raw.replace(b"\r\n", b"\n").rstrip(b"\n")
    # Nothing sent or queued, no draft saved; the window closed without sending.
    assert report["left"] == [], report["left"]
    assert report["outgoingAfter"] == report["outgoingBefore"], report
    assert all(n == 0 for n in report["outgoingAfter"].values()), report["outgoingAfter"]
    print(f"report draft: opened {report['opened_s']} s after the click; to {draft['to']}")


def test_shortcut_opens_the_panel(real_client: Run) -> None:
    popup = real_client.badge.shortcut.get("popup")
    assert isinstance(popup, list) and popup, popup
    assert "popup/popup.html" in (popup[0].get("url") or ""), popup


def _rgb(css: str) -> tuple[float, float, float, float]:
    nums = [float(x) for x in re.findall(r"[\d.]+", css)]
    if len(nums) < 3:
        return (0.0, 0.0, 0.0, 0.0)
    return (nums[0], nums[1], nums[2], nums[3] if len(nums) > 3 else 1.0)


def _luminance(css: str) -> float:
    r, g, b, _ = _rgb(css)

    def lin(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_contrast_from_rendered_colours(real_client: Run, theme: str) -> None:
    event = real_client.badge.colours.get(theme)
    assert event and event.get("theme") == theme, real_client.badge.colours
    pairs, marks = event["pairs"], event["marks"]
    assert {"text", "muted", "sign", "button"} <= set(pairs), pairs
    assert any(k.startswith("mark-") for k in pairs), pairs
    for name, (fg, bg) in pairs.items():
        assert _rgb(bg)[3] > 0.99, f"{theme} {name}: no opaque background ({bg})"
        assert contrast(fg, bg) >= 4.5, f"{theme} {name}: {fg} on {bg} = {contrast(fg, bg):.2f}:1"
    for name, (mark, page) in marks.items():
        ratio = contrast(mark, page)
        assert ratio >= 3, f"{theme} {name}: {mark} on {page} = {ratio:.2f}:1"


def test_contrast_helper() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") < 4.5


def test_error_state_with_the_host_uninstalled(real_client: Run) -> None:
    err = real_client.badge.error
    assert err["uninstall"]["exit"] == 0, err["uninstall"]
    assert not err["checkedBefore"], f"the mail was checked before the host was removed: {err}"
    assert err["hostPids"], "no running host was found to end"
    state = err["state"]
    assert state.get("messageId") == ERROR_EXTRA.message_id, state.get("messageId")
    assert state.get("label") == LABEL_ERROR, state.get("label")
    assert "/icons/error-16.png" in (state.get("icon") or ""), state.get("icon")
    assert not state.get("badge"), "no verdict badge on a mail that was not checked"
    banner = state.get("banner") or {}
    assert banner.get("level") == "error", banner
    assert "確認できませんでした" in banner.get("text", ""), banner
    assert [b["action"] for b in banner.get("buttons", [])] == ["reasons"], banner
    panel = err.get("panel") or {}
    assert panel.get("kind") == "error" and panel.get("error") == "not_installed", panel


def test_first_run_setup_page(real_client: Run) -> None:
    setup = real_client.badge.setup
    urls = [t.get("url") or "" for t in setup.get("tabs", [])]
    setup_pages = [u for u in urls if u.startswith("moz-extension://")]
    assert any(u.endswith("/setup/setup.html") for u in setup_pages), urls
    events = setup.get("events") or []
    # Local Folders only: no account whose mail carries Authentication-Results
    assert events and events[0]["servers"] == 0, events


@pytest.mark.parametrize("name", [
    "6_3pane_switching.png", "7_bar_phishing.png", "7_bar_reasons_panel.png",
    "7_report_draft.png", "8_panel_light.png", "8_panel_dark.png", "9_error_state.png",
    "9_error_panel.png",
])
def test_screenshot(real_client: Run, name: str) -> None:
    path = ARTIFACTS / name
    assert path.exists() and path.stat().st_size > 10_000, path
