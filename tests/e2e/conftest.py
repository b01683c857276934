"""The real-client scenario: one Thunderbird run, observed; the tests assert on the result.

One run per test module (about 15-30 s): a temporary HOME where `honmono install`
registered the host, a fresh profile holding the three test mails in Local Folders/Inbox,
the product .xpi built by extension/build.py and the test-only helper extension, both in
PROFILE/extensions/. The helper opens each mail in its own tab; the product checks it.
Then, through Marionette, each tab is selected and what the user sees is read (toolbar
button badge and colour, warning banner) and photographed; the button is clicked and the
explanation panel photographed. The host's debug record (HONMONO_DEBUG_RECORD) says what
the host received and answered.

Artifacts (git-ignored) go to tests/e2e/artifacts/: screenshots, Thunderbird's output,
the host record, the profile's user.js and a summary.json of every observation.
"""

from __future__ import annotations

import contextlib
import email
import email.policy
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pytest

from . import chrome_js
from .harness import (
    IMPORT,
    Chrome,
    Display,
    E2EError,
    Thunderbird,
    build_profile,
    crop,
    poll,
    require_tools,
    zip_dir,
)

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
ARTIFACTS = HERE / "artifacts"
MAILS_DIR = HERE / "mails"
HELPER_DIR = HERE / "helper_extension"

PRODUCT_ID = "honmono@honmono"
HELPER_ID = "honmono-e2e-helper@honmono.test"
HOST_NAME = "honmono"
HELPER_TAG = "HONMONO-E2E-HELPER"
PRODUCT_TAG = "HONMONO-EXT"  # the product's console.info events (extension/lib/app.js)
# ExtensionCommon.makeWidgetId: lower case, every non-alphanumeric character becomes "_".
BUTTON_ID = "honmono_honmono-messageDisplayAction-toolbarbutton"
# The old fixed id of the warning bar: the bar now has a random tag and id (and a closed
# shadow root); a mail may still use this id for its own elements (4_css_hiding.eml does).
LEGACY_BANNER_ID = "honmono-phishing-banner"
ICON_FILE = re.compile(r"/icons/([a-z_]+)-(\d+)\.png")

SCREEN_W, SCREEN_H = 1280, 900
TRUSTED_AUTHSERV = "mx.honmono-test.example"
USER_NAME = "山田 太郎"
USER_ADDRESS = "taro@honmono-test.example"

# What the user saved on the options page, in the product's storage.local shape
# (extension/lib/settings.js: key "settings"; dnsLookups=false is the host's offline mode).
PRODUCT_SETTINGS = {
    "settings": {
        "names": [USER_NAME],
        "addresses": [USER_ADDRESS],
        "autoCheck": True,
        "dnsLookups": False,
        "language": "ja",
    }
}
# What an administrator preset: the trusted receiving server, through managed storage
# ($HOME/.mozilla/managed-storage/<id>.json, read by storage.managed). The product adds
# managed trustAuthserv entries to the user's (who has none here), so the genuine mail
# is only `genuine` if this route works.
MANAGED_STORAGE = {
    "name": PRODUCT_ID,
    "description": "Honmono end-to-end test: administrator presets",
    "type": "storage",
    "data": {"trustAuthserv": [TRUSTED_AUTHSERV]},
}

# Deadlines (seconds). Generous for a loaded 2-core CI machine; a healthy run is far faster.
T_MARIONETTE = 45
T_HELPER_DONE = 60
T_HOST_ANSWERS = 30
T_BADGE = 12
T_POPUP = 8  # per attempt (up to 3)
T_PANEL_EVENT = 5  # the popup's console line after the panel settled
T_REPLAY = 60
T_REPAIR = 5  # the banner script puts its bar back (MutationObserver: immediately)


@dataclass(frozen=True)
class Mail:
    key: str
    file: str
    verdict: str
    badge: str  # "" = no badge
    colour: str | None  # "red" | "green" | None
    banner: bool
    icon: str  # the button's icon file (extension/icons/<icon>-16.png): a verdict or "honmono"
    panel: bool = True  # the explanation panel is opened and compared with the host (Amazon mails)

    @property
    def path(self) -> Path:
        return MAILS_DIR / self.file

    @property
    def raw(self) -> bytes:
        return self.path.read_bytes()

    def header(self, name: str) -> str:
        msg = email.message_from_bytes(self.raw, policy=email.policy.default)
        return str(msg[name])

    @property
    def message_id(self) -> str:
        return self.header("Message-ID").strip().strip("<>")

    @property
    def subject(self) -> str:
        return self.header("Subject")


MAILS = [
    Mail("phishing", "1_phishing.eml", "phishing", "!", "red", True, "phishing"),
    Mail("genuine", "2_genuine.eml", "genuine", "✓", "green", False, "genuine"),
    Mail("ordinary", "3_ordinary.eml", "not_amazon", "", None, False, "honmono"),
    # Phishing whose CSS attacks the warning bar (see mails/README.md). Their panel is the
    # same as the first mail's: not opened again (it costs about 1.5 s each).
    Mail("css_hiding", "4_css_hiding.eml", "phishing", "!", "red", True, "phishing", False),
    Mail("fake_genuine", "5_fake_genuine.eml", "phishing", "!", "red", True, "phishing", False),
]
AMAZON_MAILS = [m for m in MAILS if m.verdict != "not_amazon"]
PANEL_MAILS = [m for m in AMAZON_MAILS if m.panel]
BY_KEY = {m.key: m for m in MAILS}


@dataclass(frozen=True)
class Extra:
    """A copy of one of the mails under another Message-ID ("extra-…"): the helper leaves it
    unopened, so it is checked for the first time in the 3-pane phases (issue 12)."""

    key: str
    base: str  # the MAILS key it copies

    @property
    def mail(self) -> Mail:
        return BY_KEY[self.base]

    @property
    def message_id(self) -> str:
        return f"extra-{self.key}@honmono-test.example"

    @property
    def verdict(self) -> str:
        return self.mail.verdict

    @property
    def raw(self) -> bytes:
        return re.sub(
            rb"(?m)^Message-ID: <[^>]*>", f"Message-ID: <{self.message_id}>".encode(), self.mail.raw
        )


# First checks timed in the 3-pane (two of each kind), the bar's buttons, the host missing.
LATENCY_EXTRAS = [
    Extra(f"latency-{b}-{i}", b) for i in (1, 2) for b in ("genuine", "phishing", "ordinary")
]
JUNK_EXTRA = Extra("junk", "phishing")
# A genuine-looking Amazon mail: not next to the junk test's mail in the list (Thunderbird
# selects the next row when a mail is moved away, which would check it too early).
ERROR_EXTRA = Extra("error", "genuine")
EXTRAS = [*LATENCY_EXTRAS, JUNK_EXTRA, ERROR_EXTRA]
# The button's label per verdict (extension/_locales/ja: labelPhishing, labelGenuine, …).
LABELS = {
    "phishing": "フィッシング", "genuine": "本物", "suspicious": "要注意", "not_amazon": "Honmono"
}
LABEL_CHECKING = "確認中…"
LABEL_ERROR = "確認できません"
SWITCH_ORDER = ("genuine", "phishing", "ordinary")
SWITCH_ROUNDS = 4
SHORTCUT_KEY = "H"  # manifest.json commands._execute_message_display_action: Ctrl+Shift+H


@dataclass
class Seen:
    """What one displayed mail looked like, and what the host said about it."""

    mail: Mail
    tab_index: int | None = None
    state: dict[str, Any] = field(default_factory=dict)  # SELECTED_TAB_STATE
    records: list[dict[str, Any]] = field(default_factory=list)  # host debug record lines
    screenshot: Path | None = None
    popup: list[dict[str, Any]] | None = None
    popup_screenshot: Path | None = None
    popup_attempts: int = 0
    panel_event: dict[str, Any] | None = None  # the popup's HONMONO-EXT "panel" line
    replayed: dict[str, Any] | None = None  # the host's reply to the same request, replayed
    button_crop: Path | None = None
    waited: dict[str, float] = field(default_factory=dict)
    attacks: dict[str, Any] = field(default_factory=dict)  # ATTACK_BANNER action -> outcome


@dataclass
class BadgeRun:
    """Issue 12's phases, in the 3-pane and the message tabs after the main scenario."""

    rows: dict[str, int] = field(default_factory=dict)
    # [t, subject, message id, label, badge, icon, why]
    samples: list[list[Any]] = field(default_factory=list)
    switches: list[dict[str, Any]] = field(default_factory=list)
    bar: dict[str, Any] = field(default_factory=dict)
    junk: dict[str, Any] = field(default_factory=dict)
    report: dict[str, Any] = field(default_factory=dict)  # 「報告する」: the draft it opened
    shortcut: dict[str, Any] = field(default_factory=dict)
    colours: dict[str, Any] = field(default_factory=dict)  # theme -> the popup's colours event
    error: dict[str, Any] = field(default_factory=dict)
    setup: dict[str, Any] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)


@dataclass
class Run:
    tmp: Path
    home: Path
    profile: Path
    record_path: Path
    tb: Thunderbird
    manifest: dict[str, Any] | None = None
    install_output: str = ""
    helper_events: list[dict[str, Any]] = field(default_factory=list)
    seen: dict[str, Seen] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    extension_info: dict[str, Any] | None = None
    product_console: list[str] = field(default_factory=list)
    product_events: list[dict[str, Any]] = field(default_factory=list)
    badge: BadgeRun = field(default_factory=BadgeRun)

    def records(self) -> list[dict[str, Any]]:
        return read_record(self.record_path)

    def explain(self) -> str:
        """Context for a failure message: host record, helper events, Thunderbird tail."""
        lines = ["--- host debug record ---"]
        for r in self.records():
            rec, ans = r.get("received", {}), r.get("answered", {})
            lines.append(
                f"  {rec.get('type')} id={rec.get('id')} subject={rec.get('subject')!r}"
                f" settings={json.dumps(rec.get('settings'), ensure_ascii=False)}"
                f" -> {ans.get('type')} verdict={ans.get('verdict')} badge={ans.get('badge')}"
                f" error={ans.get('error')}"
            )
        if len(lines) == 1:
            lines.append(f"  (empty: {self.record_path} was never written)")
        lines.append("--- product extension events (console) ---")
        lines += [
            f"  {json.dumps(e, ensure_ascii=False)[:300]}" for e in self.tb.tagged(PRODUCT_TAG)
        ]
        lines.append("--- helper extension ---")
        lines += [f"  {json.dumps(e, ensure_ascii=False)[:300]}" for e in self.helper_events]
        lines.append(self.tb.tail(40))
        return "\n".join(lines)


def read_record(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        with contextlib.suppress(ValueError):
            out.append(json.loads(line))
    return out


def records_for(records: list[dict[str, Any]], mail: Mail) -> list[dict[str, Any]]:
    """Debug-record lines about this mail: same subject, or the sha256 of its bytes."""
    digests = {hashlib.sha256(v).hexdigest() for v in _raw_variants(mail.raw)}
    out = []
    for r in records:
        rec = r.get("received") or {}
        if rec.get("subject") == mail.subject or rec.get("sha256") in digests:
            out.append(r)
    return out


def _raw_variants(raw: bytes) -> list[bytes]:
    lf = raw.replace(b"\r\n", b"\n")
    return [raw, lf, lf.replace(b"\n", b"\r\n")]


def colour_name(css: str | None) -> str | None:
    """'red' / 'green' / 'yellow' / other for a CSS rgb()/rgba() colour."""
    if not css or "rgb" not in css:
        return None
    nums = css[css.index("(") + 1 : css.index(")")].replace(",", " ").replace("/", " ").split()
    r, g, b = (float(x) for x in nums[:3])
    if r >= 150 and g < 120 and b < 120:
        return "red"
    if g >= 100 and g > r + 30 and g > b + 30:
        return "green"
    if r >= 150 and g >= 130 and b < 100:
        return "yellow"
    return f"other({css})"


def icon_files(state: dict[str, Any]) -> list[tuple[str, int]]:
    """(name, size) of the icon files in the button's image-set, e.g. [("phishing", 16), ...]."""
    css = state.get("icon") or ""
    return [(m.group(1), int(m.group(2))) for m in ICON_FILE.finditer(css)]


def icon_name(state: dict[str, Any]) -> str | None:
    """The icon the button shows ("phishing", "genuine", "suspicious", "honmono"), if one."""
    names = {name for name, _ in icon_files(state)}
    return names.pop() if len(names) == 1 else None


def badge_colour(state: dict[str, Any]) -> str | None:
    style = state.get("badgeStyle") or ""
    for part in style.split(";"):
        name, _, value = part.partition(":")
        if name.strip() == "background-color":
            return colour_name(value.strip())
    computed = state.get("badgeComputed") or {}
    return colour_name(computed.get("background")) if state.get("badge") else None


# --------------------------------------------------------------------------- set-up steps


def install_host(home: Path) -> tuple[dict[str, Any], str]:
    """`honmono install` with HOME=home, as a user would run it; returns the manifest."""
    exe = Path(sys.executable).parent / "honmono"
    cmd = (
        [str(exe), "install"] if exe.exists() else [sys.executable, "-m", "honmono.cli", "install"]
    )
    env = dict(os.environ, HOME=str(home))
    for var in ("XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        env.pop(var, None)
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    output = f"$ HOME={home} {' '.join(cmd)}\n{proc.stdout}{proc.stderr}"
    if proc.returncode != 0:
        raise E2EError(f"`honmono install` failed (exit {proc.returncode}):\n{output}")
    manifest_path = home / ".mozilla" / "native-messaging-hosts" / f"{HOST_NAME}.json"
    if not manifest_path.exists():
        found = [str(p.relative_to(home)) for p in home.rglob("*") if p.is_file()]
        raise E2EError(
            f"`honmono install` did not write {manifest_path} (where Thunderbird on Linux looks)."
            f"\nFiles under HOME: {found}\n{output}"
        )
    manifest = json.loads(manifest_path.read_text())
    return manifest, output


def build_product_xpi(dest: Path) -> Path:
    build = REPO / "extension" / "build.py"
    if not build.exists():
        raise E2EError(f"{build} does not exist yet")
    proc = subprocess.run(
        [sys.executable, str(build), "--out", str(dest)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
    )
    if proc.returncode != 0 or not dest.exists():
        raise E2EError(
            f"extension/build.py failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}"
        )
    return dest


def seed_product_settings(profile: Path) -> dict[str, Any]:
    """Pre-seed the product's storage.local with the test's settings.

    With extensions.webextensions.ExtensionStorageIDB.enabled=false (set in user.js)
    Thunderbird keeps storage.local in PROFILE/browser-extension-data/<id>/storage.js, a
    plain JSON file: the state of a user who saved these options. No product hook needed.
    """
    folder = profile / "browser-extension-data" / PRODUCT_ID
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "storage.js").write_text(json.dumps(PRODUCT_SETTINGS, ensure_ascii=False))
    return {"extensions.webextensions.ExtensionStorageIDB.enabled": False}


def write_managed_storage(home: Path) -> Path:
    """An administrator's presets for the product, where Thunderbird on Linux reads them."""
    path = home / ".mozilla" / "managed-storage" / f"{PRODUCT_ID}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(MANAGED_STORAGE, ensure_ascii=False, indent=1))
    return path


def clean_artifacts() -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for p in ARTIFACTS.iterdir():
        if p.is_file():
            p.unlink()


def shoot(display: Display | None, chrome: Chrome, name: str) -> Path:
    """Screenshot of the whole virtual screen (popups included); Marionette as fallback."""
    path = ARTIFACTS / name
    if display is not None and IMPORT:
        try:
            display.screenshot(path)
            return path
        except Exception:  # fall back to Marionette (window only)
            pass
    return chrome.screenshot(path)


# --------------------------------------------------------------------------- the scenario


def fit_window(chrome: Chrome) -> list[int]:
    chrome.js(chrome_js.FIT_WINDOW, [SCREEN_W, SCREEN_H])

    def fitted() -> list[int] | None:
        rect = chrome.js(chrome_js.WINDOW_SIZE)
        return rect if rect[2:] == [SCREEN_W, SCREEN_H] else None

    rect = poll("the window to fill the screen", fitted, 10)
    time.sleep(0.3)  # the resize events of the last configure
    return rect


def product_events(run: Run) -> list[dict[str, Any]]:
    return run.tb.tagged(PRODUCT_TAG)


def helper_message_ids(run: Run) -> dict[str, int]:
    """Message-ID header -> WebExtension message id, from the helper's "listed" event."""
    out: dict[str, int] = {}
    for e in run.helper_events:
        if e.get("event") == "listed":
            for m in e.get("messages", []):
                out[m.get("headerMessageId")] = m.get("id")
    return out


def look_at_mail(
    run: Run,
    display: Display | None,
    chrome: Chrome,
    n: int,
    mail: Mail,
    tab: dict[str, Any] | None,
) -> Seen:
    """Select the mail's tab, wait (bounded) for the product to settle, read, photograph."""
    seen = Seen(mail)
    if tab is None:
        seen.state = {"error": f"no message tab shows <{mail.message_id}>"}
        return seen
    seen.tab_index = tab["index"]
    chrome.async_js(chrome_js.SELECT_TAB, [tab["index"]])
    started = time.monotonic()

    def settled() -> dict[str, Any] | None:
        state = chrome.js(chrome_js.SELECTED_TAB_STATE, [BUTTON_ID, LEGACY_BANNER_ID])
        seen.state = state
        if not (state.get("messageLoaded") and state.get("messageId") == mail.message_id):
            return None
        badge = state.get("badge") or ""
        banner = bool(state.get("banner"))
        if (
            badge == mail.badge
            and banner == mail.banner
            and (mail.colour is None or badge_colour(state) == mail.colour)
            and icon_name(state) == mail.icon
        ):
            return state  # what the user should see
        # Or the product has finished and shows something else: the host answered this
        # mail and the button shows that answer (the tests then report the difference).
        answers = [r["answered"] for r in records_for(run.records(), mail) if r.get("answered")]
        final = answers[-1] if answers else None
        if final and final.get("type") == "result":
            host_badge = (final.get("badge") or {}).get("text") or ""
            if badge == host_badge and time.monotonic() - started > 1.5:
                return state
        return None

    with contextlib.suppress(E2EError):
        poll(f"the {mail.key} mail's badge", settled, T_BADGE, interval=0.15)
    seen.waited["badge"] = round(time.monotonic() - started, 2)
    seen.records = records_for(run.records(), mail)
    seen.screenshot = shoot(display, chrome, f"{n}_{mail.key}_message.png")
    rect = chrome.js(chrome_js.BUTTON_RECT, [BUTTON_ID])
    if rect and seen.screenshot and display is not None:
        with contextlib.suppress(Exception):
            seen.button_crop = crop(
                seen.screenshot,
                ARTIFACTS / f"{n}_{mail.key}_button.png",
                rect["x"] - 8,
                rect["y"] - 8,
                rect["width"] + 16,
                rect["height"] + 16,
            )
    return seen


def panel_events(run: Run) -> list[dict[str, Any]]:
    return [e for e in run.tb.tagged(PRODUCT_TAG) if e.get("event") == "panel"]


def open_panel(run: Run, display: Display | None, chrome: Chrome, n: int, seen: Seen) -> None:
    """Click the product's button like a user; photograph the explanation panel."""
    chrome.async_js(chrome_js.SELECT_TAB, [seen.tab_index])
    started = time.monotonic()
    logged_before = len(panel_events(run))
    for attempt in range(1, 4):
        seen.popup_attempts = attempt
        if not chrome.js(chrome_js.CLICK_BUTTON, [BUTTON_ID]):
            seen.popup = [{"error": "button not found"}]
            return
        # Open, and its size unchanged for 3 polls in a row (the panel first shows
        # "checking", then grows to the verdict and evidence).
        history: list[tuple[int, int]] = []

        def stable(history: list[tuple[int, int]] = history) -> list[dict[str, Any]] | None:
            panels = chrome.js(chrome_js.POPUP_STATE)
            seen.popup = panels
            shown = [p for p in panels if p["state"] == "open" and p["height"] > 60]
            if not shown:
                if history:  # it was open and closed again
                    raise E2EError("the panel closed by itself")
                return None
            history.append((shown[0]["width"], shown[0]["height"]))
            return shown if len(history) >= 3 and len(set(history[-3:])) == 1 else None

        try:
            poll(f"the {seen.mail.key} mail's panel", stable, T_POPUP, interval=0.25)
            break
        except E2EError:
            chrome.js(chrome_js.CLOSE_POPUPS)
            time.sleep(0.5)
    seen.waited["popup"] = round(time.monotonic() - started, 2)
    seen.popup_screenshot = shoot(display, chrome, f"{n}_{seen.mail.key}_panel.png")

    # The popup logs one line once it rendered the state (extension/popup/popup.js).
    def logged() -> dict[str, Any] | None:
        events = panel_events(run)
        return events[-1] if len(events) > logged_before else None

    with contextlib.suppress(E2EError):
        seen.panel_event = poll(f"the {seen.mail.key} panel's console line", logged, T_PANEL_EVENT)
    chrome.js(chrome_js.CLOSE_POPUPS)


BANNER_ATTACKS = ("remove", "hide", "style")


def attack_banner(chrome: Chrome, seen: Seen) -> None:
    """Remove the bar, hide it, fade the whole document: the banner script repairs each."""
    chrome.async_js(chrome_js.SELECT_TAB, [seen.tab_index])
    started = time.monotonic()
    for action in BANNER_ATTACKS:
        before = chrome.js(chrome_js.ATTACK_BANNER, [action])
        last: dict[str, Any] = {}

        def repaired(action: str = action, last: dict[str, Any] = last) -> dict[str, Any] | None:
            state = chrome.js(chrome_js.SELECTED_TAB_STATE, [BUTTON_ID, LEGACY_BANNER_ID])
            last["banner"] = banner = state.get("banner")
            last["root"] = root = chrome.js(chrome_js.ROOT_STYLE)
            ok = bool(
                banner
                and banner["visible"]
                and banner["checkVisibility"]
                and banner["lastChildOfRoot"]
                and banner["topmost"]
                and root["opacity"] == "1"
            )
            return dict(last) if ok else None

        try:
            poll(f"the banner to be repaired after {action!r}", repaired, T_REPAIR, interval=0.05)
            seen.attacks[action] = {"before": before, "repaired": True, **last}
        except E2EError:
            seen.attacks[action] = {"before": before, "repaired": False, **last}

    # Closed by the user: gone, and it stays gone (no repair brings it back).
    before = chrome.js(chrome_js.ATTACK_BANNER, ["close"])
    reads: list[bool] = []

    def gone() -> bool:
        state = chrome.js(chrome_js.SELECTED_TAB_STATE, [BUTTON_ID, LEGACY_BANNER_ID])
        reads.append(state.get("banner") is None and not state.get("shadowHosts"))
        return len(reads) >= 4 and all(reads[-4:])

    with contextlib.suppress(E2EError):
        poll("the closed banner to stay gone", gone, T_REPAIR, interval=0.15)
    seen.attacks["close"] = {"before": before, "gone": reads}
    seen.waited["attacks"] = round(time.monotonic() - started, 2)


def replay_host(run: Run, mail: Mail, settings: dict[str, Any]) -> dict[str, Any]:
    """The host's full answer to the request the extension sent for `mail`.

    The debug record keeps the verdict and badge only; to compare the panel's evidence
    with the host's, the same request (the mail's bytes, the settings the host received)
    is sent again, framed as Thunderbird frames it, to the launcher `honmono install`
    registered, started as Thunderbird starts it (manifest path and extension id).
    """
    manifest_path = run.home / ".mozilla" / "native-messaging-hosts" / f"{HOST_NAME}.json"
    request = {
        "protocol": 1,
        "id": "e2e-replay",
        "type": "classify",
        "raw": mail.raw.decode("latin-1"),  # a BinaryString, as messages.getRaw gives it
        "truncated": False,
        "settings": {
            k: settings[k]
            for k in ("language", "names", "addresses", "trust_authserv", "offline")
            if k in settings
        },
    }
    body = json.dumps(request, ensure_ascii=False).encode("utf-8")
    env = {k: v for k, v in os.environ.items() if k != "HONMONO_DEBUG_RECORD"}
    env["HOME"] = str(run.home)
    proc = subprocess.run(
        [str((run.manifest or {}).get("path")), str(manifest_path), PRODUCT_ID],
        input=struct.pack("@I", len(body)) + body,
        capture_output=True,
        timeout=T_REPLAY,
        env=env,
        cwd=str(run.home),
    )
    out = proc.stdout
    if len(out) < 4:
        raise E2EError(
            f"the replayed host answered nothing (exit {proc.returncode}): {proc.stderr!r}"
        )
    (length,) = struct.unpack("@I", out[:4])
    return json.loads(out[4 : 4 + length].decode("utf-8"))


def run_scenario(run: Run, display: Display | None, chrome: Chrome) -> None:
    tb = run.tb
    t0 = tb.started_at
    run.timings["marionette"] = round(time.monotonic() - t0, 2)
    if display is not None:
        fit_window(chrome)
    run.extension_info = chrome.js(chrome_js.EXTENSION_INFO, [PRODUCT_ID])

    def helper_finished() -> list[dict[str, Any]] | None:
        run.helper_events = tb.tagged(HELPER_TAG)
        ends = [e for e in run.helper_events if e.get("event") in ("done", "error")]
        return ends or None

    ends = tb.wait_for("the helper extension to open every mail", helper_finished, T_HELPER_DONE)
    run.timings["helper_done"] = round(time.monotonic() - t0, 2)
    if any(e.get("event") == "error" for e in ends):
        raise E2EError(f"the helper extension failed: {ends}\n{run.explain()}")

    # The host answers the Amazon mails (and perhaps the ordinary one): bounded wait.
    def answered() -> bool:
        recs = run.records()
        return all(
            any((r.get("answered") or {}).get("type") for r in records_for(recs, m))
            for m in AMAZON_MAILS
        )

    with contextlib.suppress(E2EError):
        poll("host answers", answered, T_HOST_ANSWERS)
    run.timings["host_answers"] = round(time.monotonic() - t0, 2)

    tabs = chrome.js(chrome_js.LIST_MESSAGE_TABS)
    by_msgid = {t.get("messageId"): t for t in tabs if t.get("mode") == "mailMessageTab"}
    for n, mail in enumerate(MAILS, start=1):
        run.seen[mail.key] = look_at_mail(
            run, display, chrome, n, mail, by_msgid.get(mail.message_id)
        )
    run.timings["badges_seen"] = round(time.monotonic() - t0, 2)

    for mail in PANEL_MAILS:
        seen = run.seen[mail.key]
        if seen.tab_index is not None:
            open_panel(run, display, chrome, MAILS.index(mail) + 1, seen)
    run.timings["panels_seen"] = round(time.monotonic() - t0, 2)
    attacked = run.seen.get("phishing")
    if attacked is not None and attacked.tab_index is not None:
        attack_banner(chrome, attacked)
    run.timings["banner_attacked"] = round(time.monotonic() - t0, 2)
    run.product_events = product_events(run)

    for mail in PANEL_MAILS:
        seen = run.seen[mail.key]
        received = (seen.records[-1].get("received") or {}) if seen.records else {}
        if received.get("settings") is not None:
            try:
                seen.replayed = replay_host(run, mail, received["settings"])
            except Exception as exc:  # reported by test_panel_event
                seen.replayed = {"type": "replay-failed", "error": repr(exc)}
    run.timings["replayed"] = round(time.monotonic() - t0, 2)
    badge_phases(run, display, chrome)
    run.timings["badge_phases"] = round(time.monotonic() - t0, 2)
    run.product_events = product_events(run)


def _state(chrome: Chrome) -> dict[str, Any]:
    return chrome.js(chrome_js.SELECTED_TAB_STATE, [BUTTON_ID, LEGACY_BANNER_ID])


def _wait_label(
    chrome: Chrome, message_id: str, labels: set[str], timeout: float
) -> dict[str, Any]:
    def shown() -> dict[str, Any] | None:
        st = _state(chrome)
        return st if st.get("messageId") == message_id and st.get("label") in labels else None

    return poll(f"the button to read {labels} for <{message_id}>", shown, timeout, interval=0.02)


def _open_popup(chrome: Chrome, timeout: float = T_POPUP) -> list[dict[str, Any]]:
    def opened() -> list[dict[str, Any]] | None:
        panels = chrome.js(chrome_js.POPUP_STATE)
        shown = [p for p in panels if p["state"] == "open" and p["height"] > 60]
        return shown or None

    return poll("the panel to open", opened, timeout, interval=0.1)


def _colours_event(run: Run, after: int, theme: str) -> dict[str, Any] | None:
    def logged() -> dict[str, Any] | None:
        events = [e for e in run.tb.tagged(PRODUCT_TAG) if e.get("event") == "colours"]
        fresh = [e for e in events[after:] if e.get("theme") == theme]
        return fresh[-1] if fresh else None

    with contextlib.suppress(E2EError):
        return poll(f"the panel's {theme} colours", logged, T_PANEL_EVENT)
    return None


def _host_pids(run: Run) -> list[int]:
    """The host processes of this run: in Thunderbird's process group (which this test
    started), with "honmono" on their command line."""
    group = run.tb.proc.pid if run.tb.proc else None
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == group:
            continue
        with contextlib.suppress(OSError):
            if os.getpgid(int(proc.name)) != group:
                continue
            cmd = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            if "honmono" in cmd and "thunderbird" not in cmd:
                pids.append(int(proc.name))
    return pids


def badge_phases(run: Run, display: Display | None, chrome: Chrome) -> None:
    """Issue 12 in the real client: switching, latency, bars and their buttons, the shortcut,
    the dark theme, the host uninstalled. Failures are recorded, the tests report them."""
    b = run.badge
    for phase in (_phase_switching, _phase_bar_buttons, _phase_shortcut_and_dark, _phase_error):
        started = time.monotonic()
        try:
            phase(run, display, chrome)
        except Exception as exc:  # reported by the tests of test_badge_real_client.py
            b.failures.append(f"{phase.__name__}: {exc!r}")
            with contextlib.suppress(Exception):
                chrome.js(chrome_js.CLOSE_POPUPS)
        run.timings[phase.__name__] = round(time.monotonic() - started, 2)
    setup = [e for e in run.tb.tagged(PRODUCT_TAG) if e.get("event") == "setup"]
    b.setup = {"events": setup, "tabs": chrome.js(chrome_js.LIST_CONTENT_TABS)}


def _phase_switching(run: Run, display: Display | None, chrome: Chrome) -> None:
    b = run.badge
    chrome.async_js(chrome_js.SELECT_3PANE)
    b.rows = chrome.js(chrome_js.ROWS_3PANE)
    # First checks: mails no tab has shown, each awaited to its final verdict, timed from
    # changes only (the dense sampler would slow what it measures).
    chrome.js(chrome_js.SAMPLER_START, [BUTTON_ID, False])
    try:
        for x in LATENCY_EXTRAS:
            at = chrome.js(chrome_js.SELECT_ROW, [b.rows[x.message_id]])
            b.switches.append(
                {"key": x.key, "messageId": x.message_id, "verdict": x.verdict,
                 "selectedAt": at, "first": True}
            )
            with contextlib.suppress(E2EError):
                _wait_label(chrome, x.message_id, {LABELS[x.verdict]}, T_BADGE)
    finally:
        b.samples = chrome.js(chrome_js.SAMPLER_STOP)
    chrome.js(chrome_js.SAMPLER_START, [BUTTON_ID, True])
    try:
        # Rapid switching genuine → phishing → ordinary, again and again (the last round fast).
        for rnd in range(SWITCH_ROUNDS):
            for key in SWITCH_ORDER:
                mail = BY_KEY[key]
                at = chrome.js(chrome_js.SELECT_ROW, [b.rows[mail.message_id]])
                b.switches.append(
                    {"key": key, "messageId": mail.message_id, "verdict": mail.verdict,
                     "selectedAt": at, "first": False}
                )
                time.sleep(0.15 if rnd < SWITCH_ROUNDS - 1 else 0.03)
        with contextlib.suppress(E2EError):
            last = BY_KEY[SWITCH_ORDER[-1]]
            _wait_label(chrome, last.message_id, {LABELS[last.verdict]}, T_BADGE)
        time.sleep(0.3)
    finally:
        b.samples += chrome.js(chrome_js.SAMPLER_STOP)
    shoot(display, chrome, "6_3pane_switching.png")


def _phase_bar_buttons(run: Run, display: Display | None, chrome: Chrome) -> None:
    b = run.badge
    x = JUNK_EXTRA
    chrome.async_js(chrome_js.SELECT_3PANE)
    chrome.js(chrome_js.SELECT_ROW, [chrome.js(chrome_js.ROWS_3PANE)[x.message_id]])

    def bar() -> dict[str, Any] | None:
        st = _state(chrome)
        banner = st.get("banner") or {}
        return st if st.get("messageId") == x.message_id and banner.get("buttons") else None

    st = poll("the phishing bar with its buttons", bar, T_BADGE, interval=0.05)
    b.bar = {"label": st.get("label"), "banner": st.get("banner")}
    shoot(display, chrome, "7_bar_phishing.png")
    # 「理由を見る」 opens the panel.
    b.bar["reasons"] = chrome.js(chrome_js.CLICK_BAR_BUTTON, ["reasons"])
    try:
        b.bar["popup"] = _open_popup(chrome)
        shoot(display, chrome, "7_bar_reasons_panel.png")
        # 「報告する」 in that panel: a draft to report the mail.
        _report_draft(run, display, chrome)
    except E2EError as exc:
        b.bar["popup"] = {"error": str(exc)}
    chrome.js(chrome_js.CLOSE_POPUPS)
    time.sleep(0.3)
    # 「迷惑メールにする」: marked as junk and moved to Local Folders' Junk folder.
    b.junk["before"] = chrome.js(chrome_js.MESSAGE_PLACE, [x.message_id])
    b.junk["clicked"] = chrome.js(chrome_js.CLICK_BAR_BUTTON, ["junk"])

    def moved() -> dict[str, Any] | None:
        place = chrome.js(chrome_js.MESSAGE_PLACE, [x.message_id])
        return place if "Junk" in place["folders"] and "Inbox" not in place["folders"] else None

    with contextlib.suppress(E2EError):
        b.junk["after"] = poll("the message to move to Junk", moved, T_BADGE, interval=0.1)
    b.junk.setdefault("after", chrome.js(chrome_js.MESSAGE_PLACE, [x.message_id]))


def _report_draft(run: Run, display: Display | None, chrome: Chrome) -> None:
    """「報告する」 in the open panel: a forward-as-attachment draft opens, and is closed
    unsent (what the user reviews, and the attachment's bytes as Thunderbird would send them)."""
    r = run.badge.report
    r["outgoingBefore"] = chrome.js(chrome_js.OUTGOING)
    r["clicked"] = chrome.async_js(chrome_js.CLICK_PANEL_BUTTON, ["report"])
    started = time.monotonic()

    def drafted() -> list[dict[str, Any]] | None:
        wins = chrome.js(chrome_js.COMPOSE_WINDOWS)
        # Ready once the pills and the attachment list are filled in.
        full = [w for w in wins if w["ready"] and w["to"] and w["attachments"]]
        return full or None

    try:
        r["windows"] = poll("the report draft", drafted, T_BADGE, interval=0.1)
        r["opened_s"] = round(time.monotonic() - started, 2)
        time.sleep(0.3)  # the window's first paint, for the screenshot
        shoot(display, chrome, "7_report_draft.png")
        r["attachmentBytes"] = [
            chrome.async_js(chrome_js.FETCH_MESSAGE, [a["url"]])
            for a in r["windows"][0]["attachments"]
        ]
    finally:
        r["closed"] = chrome.js(chrome_js.CLOSE_COMPOSE)
        with contextlib.suppress(E2EError):
            poll("the draft to close", lambda: not chrome.js(chrome_js.COMPOSE_WINDOWS), 5)
        r["left"] = chrome.js(chrome_js.COMPOSE_WINDOWS)
        r["outgoingAfter"] = chrome.js(chrome_js.OUTGOING)
        chrome.async_js(chrome_js.SELECT_3PANE)


def _phase_shortcut_and_dark(run: Run, display: Display | None, chrome: Chrome) -> None:
    b = run.badge
    seen = run.seen["phishing"]
    chrome.async_js(chrome_js.SELECT_TAB, [seen.tab_index])
    chrome.js(chrome_js.CLOSE_POPUPS)
    before = len([e for e in run.tb.tagged(PRODUCT_TAG) if e.get("event") == "colours"])
    chrome.async_js(chrome_js.PRESS_SHORTCUT, [SHORTCUT_KEY])
    try:
        b.shortcut["popup"] = _open_popup(chrome)
    except E2EError as exc:
        b.shortcut["popup"] = {"error": str(exc)}
    b.colours["light"] = _colours_event(run, before, "light")
    shoot(display, chrome, "8_panel_light.png")
    chrome.js(chrome_js.CLOSE_POPUPS)
    time.sleep(0.3)
    # Dark theme: the same panel, its rendered colours.
    b.colours["darkMedia"] = chrome.js(chrome_js.SET_DARK, [True])
    try:
        time.sleep(0.3)
        before = len([e for e in run.tb.tagged(PRODUCT_TAG) if e.get("event") == "colours"])
        chrome.js(chrome_js.CLICK_BUTTON, [BUTTON_ID])
        with contextlib.suppress(E2EError):
            _open_popup(chrome)
        b.colours["dark"] = _colours_event(run, before, "dark")
        time.sleep(0.3)
        shoot(display, chrome, "8_panel_dark.png")
        chrome.js(chrome_js.CLOSE_POPUPS)
    finally:
        chrome.js(chrome_js.SET_DARK, [False])


def _phase_error(run: Run, display: Display | None, chrome: Chrome) -> None:
    """`honmono uninstall`, the running host ended: an Amazon-looking mail cannot be checked."""
    b = run.badge
    exe = Path(sys.executable).parent / "honmono"
    env = dict(os.environ, HOME=str(run.home))
    proc = subprocess.run(
        [str(exe), "uninstall"], env=env, capture_output=True, text=True, timeout=60
    )
    b.error["uninstall"] = {"exit": proc.returncode, "out": proc.stdout + proc.stderr}
    ids = helper_message_ids(run)
    b.error["checkedBefore"] = [
        e for e in run.tb.tagged(PRODUCT_TAG)
        if e.get("event") == "checked" and e.get("messageId") == ids.get(ERROR_EXTRA.message_id)
    ]
    b.error["hostPids"] = pids = _host_pids(run)
    for pid in pids:  # as after a restart: the old host is gone, no new one can start
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
    time.sleep(0.5)
    x = ERROR_EXTRA
    chrome.async_js(chrome_js.SELECT_3PANE)
    rows = chrome.js(chrome_js.ROWS_3PANE)  # the junk test moved a mail: rows shifted
    chrome.js(chrome_js.SELECT_ROW, [rows[x.message_id]])
    st: dict[str, Any] = {}
    with contextlib.suppress(E2EError):
        st = _wait_label(chrome, x.message_id, {LABEL_ERROR}, T_BADGE)

    def with_bar() -> dict[str, Any] | None:
        s2 = _state(chrome)
        return s2 if s2.get("banner") else None

    with contextlib.suppress(E2EError):
        st = poll("the could-not-check bar", with_bar, 5, interval=0.05)
    b.error["state"] = st or _state(chrome)
    shoot(display, chrome, "9_error_state.png")
    before = len(panel_events(run))
    chrome.js(chrome_js.CLICK_BUTTON, [BUTTON_ID])
    with contextlib.suppress(E2EError):
        _open_popup(chrome)

    def logged() -> dict[str, Any] | None:
        events = panel_events(run)
        return events[-1] if len(events) > before else None

    with contextlib.suppress(E2EError):
        b.error["panel"] = poll("the error panel's console line", logged, T_PANEL_EVENT)
    time.sleep(0.3)
    shoot(display, chrome, "9_error_panel.png")
    chrome.js(chrome_js.CLOSE_POPUPS)


def save_summary(run: Run) -> None:
    summary = {
        "timings": run.timings,
        "manifest": run.manifest,
        "extension": run.extension_info,
        "helper": run.helper_events,
        "product_events": run.product_events,
        "badge": asdict(run.badge),
        "seen": {
            k: {
                "mail": asdict(s.mail),
                "tab_index": s.tab_index,
                "state": s.state,
                "badge_colour": badge_colour(s.state),
                "records": s.records,
                "screenshot": str(s.screenshot) if s.screenshot else None,
                "popup": s.popup,
                "popup_screenshot": str(s.popup_screenshot) if s.popup_screenshot else None,
                "popup_attempts": s.popup_attempts,
                "panel_event": s.panel_event,
                "replayed": {
                    "verdict": s.replayed.get("verdict"),
                    "evidence": [e.get("id") for e in s.replayed.get("evidence") or []],
                }
                if s.replayed
                else None,
                "button_crop": str(s.button_crop) if s.button_crop else None,
                "waited": s.waited,
                "attacks": s.attacks,
            }
            for k, s in run.seen.items()
        },
    }
    (ARTIFACTS / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1))


@pytest.fixture(scope="session")
def real_client(tmp_path_factory: pytest.TempPathFactory) -> Any:
    require_tools("the real-client test")

    clean_artifacts()
    tmp = tmp_path_factory.mktemp("tb")
    home, profile = tmp / "home", tmp / "profile"
    home.mkdir()
    record_path = tmp / "host-record.jsonl"
    tb = Thunderbird(
        profile=profile,
        home=home,
        log_path=ARTIFACTS / "thunderbird.log",
        env={"HONMONO_DEBUG_RECORD": str(record_path)},
    )
    run = Run(tmp=tmp, home=home, profile=profile, record_path=record_path, tb=tb)

    t_setup = time.monotonic()
    run.manifest, run.install_output = install_host(home)
    extra = seed_product_settings(profile)
    managed_path = write_managed_storage(home)
    shutil.copy(managed_path, ARTIFACTS / "managed-storage.json")
    build_profile(profile, [m.raw for m in MAILS] + [x.raw for x in EXTRAS], extra)
    build_product_xpi(profile / "extensions" / f"{PRODUCT_ID}.xpi")
    zip_dir(HELPER_DIR, profile / "extensions" / f"{HELPER_ID}.xpi")
    shutil.copy(profile / "user.js", ARTIFACTS / "user.js")
    run.timings["setup"] = time.monotonic() - t_setup

    display: Display | None = None
    chrome: Chrome | None = None
    error: BaseException | None = None
    try:
        if os.environ.get("HONMONO_E2E_HEADLESS") == "1":
            tb.headless = True
        else:
            display = Display(f"{SCREEN_W}x{SCREEN_H}x24")
            tb.display = display.name
        tb.start()
        chrome = tb.connect(T_MARIONETTE)
        run_scenario(run, display, chrome)
    except BaseException as exc:
        error = exc
    finally:
        run.product_events = run.tb.tagged(PRODUCT_TAG)
        run.product_console = [
            line
            for line in tb.console_lines()
            if "honmono" in line.lower() and HELPER_TAG not in line
        ]
        if chrome is not None:
            chrome.close()
        tb.stop()
        if display is not None:
            display.close()
        if record_path.exists():
            shutil.copy(record_path, ARTIFACTS / "host-record.jsonl")
        (ARTIFACTS / "install.txt").write_text(run.install_output)
        run.timings["total"] = time.monotonic() - t_setup
        with contextlib.suppress(Exception):
            save_summary(run)
    if error is not None:
        if isinstance(error, E2EError) and "---" not in str(error):
            raise E2EError(f"{error}\n{run.explain()}") from error
        raise error
    return run
