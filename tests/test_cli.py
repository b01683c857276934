"""The command line as a user runs it: a real subprocess, real files, real exit codes."""

from __future__ import annotations

import json
import mailbox
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from builders import make_mail

PHISH = make_mail(from_='"Amazon.co.jp" <info@secure-login.example>',
                  subject="【重要】アカウントの安全確認のお願い")
FRIEND = make_mail(from_="Hanako <hanako@example.jp>", subject="lunch", text="12時?")


def run(*args: str, stdin: bytes | None = None, env: dict[str, str] | None = None,
        ) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "honmono.cli", *args], input=stdin,
                          capture_output=True, timeout=60, env={**os.environ, **(env or {})})


def test_check_json_on_stdin() -> None:
    out = run("check", "--json", "--offline", "-", stdin=PHISH)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    assert report["verdict"] == "phishing"
    assert report["badge"]["text"] == "!"
    assert {"verdict", "badge", "evidence", "advice"} <= report.keys()
    assert all({"id", "status", "title", "detail", "source"} <= e.keys()
               for e in report["evidence"])


def test_check_human_output_in_english(tmp_path: Path) -> None:
    mail = tmp_path / "m.eml"
    mail.write_bytes(PHISH)
    out = run("check", "--lang", "en", "--offline", str(mail))
    assert out.returncode == 0
    text = out.stdout.decode()
    assert "phishing" in text and "Do not click" in text
    assert "\x1b[" not in text  # no colour codes when not a terminal
    # The verdict on a line of its own, the summary starting the next one.
    summary = json.loads(run("check", "--json", "--lang", "en", "--offline", str(mail)).stdout)[
        "summary"]
    first, second = text.splitlines()[:2]
    assert first == "! phishing"
    assert summary.startswith(second.strip()), (second, summary)


@pytest.mark.parametrize(("arg", "message"), [
    ("/no/such/file.eml", "no such file"),
    ("/", "is a directory"),
])
def test_unreadable_input_exits_2_with_one_line(arg: str, message: str) -> None:
    out = run("check", arg)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_empty_input_exits_2() -> None:
    out = run("check", "-", stdin=b"")
    assert out.returncode == 2 and b"empty" in out.stderr


def test_config_file_is_used_and_flags_override_it(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text('language = "en"\noffline = true\n', "utf-8")
    out = run("check", "--json", "--config", str(cfg), "-", stdin=PHISH)
    assert "Do not click" in json.loads(out.stdout)["advice"][0]
    out = run("check", "--json", "--config", str(cfg), "--lang", "ja", "-", stdin=PHISH)
    assert "クリック" in json.loads(out.stdout)["advice"][0]


def test_default_config_location_is_read(tmp_path: Path) -> None:
    (tmp_path / "honmono").mkdir()
    (tmp_path / "honmono" / "config.toml").write_text('language = "en"\n', "utf-8")
    out = run("check", "--json", "--offline", "-", stdin=PHISH,
              env={"XDG_CONFIG_HOME": str(tmp_path)})
    assert json.loads(out.stdout)["summary"].startswith("This mail")


def test_broken_config_is_one_line_exit_2(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("names = 'not a list'\n", "utf-8")
    out = run("check", "--config", str(cfg), "-", stdin=PHISH)
    assert out.returncode == 2 and b"names must be a list" in out.stderr


def test_scan_mbox_json_lines_and_summary(tmp_path: Path) -> None:
    box_path = tmp_path / "inbox.mbox"
    box = mailbox.mbox(box_path)
    for raw in (PHISH, FRIEND, PHISH):
        box.add(raw)
    box.flush()
    out = run("scan", "--json", "--offline", str(box_path))
    assert out.returncode == 0, out.stderr
    verdicts = [json.loads(line)["verdict"] for line in out.stdout.splitlines()]
    assert verdicts == ["phishing", "not_amazon", "phishing"]
    out = run("scan", "--offline", str(box_path))
    table = out.stdout.decode()
    assert re.search(r"phishing\W+2\b", table), table
    assert re.search(r"not_amazon\W+1\b", table), table


def test_scan_maildir(tmp_path: Path) -> None:
    md = mailbox.Maildir(tmp_path / "Maildir")
    md.add(PHISH)
    md.add(FRIEND)
    out = run("scan", "--json", "--offline", str(tmp_path / "Maildir"))
    assert sorted(json.loads(x)["verdict"] for x in out.stdout.splitlines()) == [
        "not_amazon", "phishing"]


def test_scan_rejects_what_is_not_a_mailbox(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01garbage")
    out = run("scan", str(junk))
    assert out.returncode == 2 and b"not an mbox" in out.stderr


EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_bundled_examples_as_the_readme_shows_them() -> None:
    scam = run("check", "--json", str(EXAMPLES / "account-check-scam.eml"))
    assert json.loads(scam.stdout)["verdict"] == "phishing"
    genuine = EXAMPLES / "password-recovery-genuine.eml"
    signed = run("check", "--json", "--dns-records", str(EXAMPLES / "dns-records.json"),
                 str(genuine))
    report = json.loads(signed.stdout)
    assert report["verdict"] == "genuine"
    assert report["details"]["notice"]["location"] == "Tokyo, Japan"
    # The same mail with its key unknown and nothing trusted proves nothing.
    assert json.loads(run("check", "--json", "--offline", str(genuine)).stdout)[
        "verdict"] == "suspicious"
