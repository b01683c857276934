"""``honmono scan``: the flagged table, ``--only``, ``--jobs`` and a reader that goes away."""

from __future__ import annotations

import json
import mailbox
import os
import subprocess
import sys
from pathlib import Path

import pytest
from builders import make_mail

from honmono.scan import Row, flagged_table, main_reason, parse_only

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
# Signed by a test key; examples/dns-records.json answers its key lookup.
GENUINE = (EXAMPLES / "password-recovery-genuine.eml").read_bytes()
DNS = EXAMPLES / "dns-records.json"
PHISH = make_mail(from_='"Amazon.co.jp" <info@secure-login.example>',
                  subject="【重要】アカウントの安全確認のお願い")
UNSIGNED = make_mail(subject="Amazon.co.jp: ご注文の確認")  # Amazon's address, no signature
FRIEND = make_mail(from_="Hanako <hanako@example.jp>", subject="lunch", text="12時?")


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "honmono.cli", *args], capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, "COLUMNS": "200"})


def make_box(path: Path, mails: list[bytes]) -> Path:
    box = mailbox.mbox(path)
    for raw in mails:
        box.add(raw)
    box.flush()
    return path


def test_flagged_table_lists_amazon_mail_worst_first_with_its_reason(tmp_path: Path) -> None:
    box = make_box(tmp_path / "in.mbox", [GENUINE, FRIEND, PHISH, UNSIGNED])
    out = run("scan", "--lang", "en", "--dns-records", str(DNS), str(box))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    order = ("phishing", "suspicious", "genuine")
    rows = [ln for ln in lines if "│" in ln and any(f" {v} " in ln for v in order)]
    verdicts = [next(v for v in order if f" {v} " in ln) for ln in rows]
    flagged = verdicts[: len(verdicts) - 3]  # the summary table's three verdict rows come last
    assert flagged == sorted(flagged, key=order.index)
    assert flagged[0] == "phishing" and flagged[-1] == "genuine", out.stdout
    text = out.stdout
    assert "secure-login.example" in text  # From
    assert "アカウントの安全確認" in text  # Subject, decoded
    assert "lunch" not in text, "not-Amazon mail is counted, not listed"
    assert "unrelated domain" in text  # the main reason of the phishing mail
    assert "not_amazon" in text  # the summary is still there


def test_only_filters_the_table_and_json_lines(tmp_path: Path) -> None:
    box = make_box(tmp_path / "in.mbox", [GENUINE, PHISH, FRIEND, PHISH])
    out = run("scan", "--only", "phishing", "--lang", "en", "--dns-records", str(DNS), str(box))
    assert out.returncode == 0, out.stderr
    assert "secure-login.example" in out.stdout
    assert "password" not in out.stdout.lower().split("┃ verdict")[0]
    js = run("scan", "--json", "--only", "phishing,genuine", "--dns-records", str(DNS), str(box))
    got = [(json.loads(x)["key"], json.loads(x)["verdict"]) for x in js.stdout.splitlines()]
    assert got == [("0", "genuine"), ("1", "phishing"), ("3", "phishing")]
    bad = run("scan", "--only", "phish", str(box))
    assert bad.returncode == 2 and "unknown verdict phish" in bad.stderr


def _without_times(value: object) -> object:
    """The report without measured durations (timing_ms, a lookup's ms), which vary per run."""
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in ("timing_ms", "ms")}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def _strip_timing(lines: str) -> list[object]:
    return [_without_times(json.loads(line)) for line in lines.splitlines()]


def test_jobs_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    mails = [PHISH, FRIEND, GENUINE, UNSIGNED] * 15
    box = make_box(tmp_path / "many.mbox", mails)
    one = run("scan", "--json", "--jobs", "1", "--dns-records", str(DNS), str(box))
    two = run("scan", "--json", "--jobs", "2", "--dns-records", str(DNS), str(box))
    auto = run("scan", "--json", "--dns-records", str(DNS), str(box))
    assert one.returncode == two.returncode == auto.returncode == 0, two.stderr
    assert len(one.stdout.splitlines()) == 60
    assert _strip_timing(two.stdout) == _strip_timing(one.stdout)
    assert _strip_timing(auto.stdout) == _strip_timing(one.stdout)
    table1 = run("scan", "--jobs", "1", "--dns-records", str(DNS), str(box)).stdout
    table2 = run("scan", "--jobs", "2", "--dns-records", str(DNS), str(box)).stdout
    assert table1 == table2
    assert run("scan", "--jobs", "0", str(box)).returncode == 2


@pytest.mark.parametrize("mode", [["--json"], []])
def test_a_reader_that_goes_away_ends_the_scan_quietly(tmp_path: Path, mode: list[str]) -> None:
    box = make_box(tmp_path / "big.mbox", [PHISH, UNSIGNED] * 150)
    proc = subprocess.Popen([sys.executable, "-m", "honmono.cli", "scan", "--offline", *mode,
                             str(box)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    if mode:
        first = proc.stdout.readline()  # like `| head -1`: one line, then the pipe closes
        assert json.loads(first)["verdict"] == "phishing"
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=120)
    assert code in (0, 141), err
    assert "Traceback" not in err and "BrokenPipe" not in err, err


def test_main_reason_is_the_evidence_that_decided() -> None:
    rendered = {"verdict": "phishing", "summary": "s", "evidence": [
        {"status": "info", "title": "i"}, {"status": "warn", "title": "w"},
        {"status": "fail", "title": "f"}]}
    assert main_reason(rendered) == "f"
    assert main_reason({**rendered, "verdict": "genuine"}) == "s"
    assert main_reason({"verdict": "suspicious", "summary": "s", "evidence": [
        {"status": "warn", "title": "w"}]}) == "w"
    assert parse_only(None) is None
    assert parse_only("phishing, suspicious") == {"phishing", "suspicious"}


def test_flagged_table_orders_by_verdict_then_mailbox_order() -> None:
    rows = [Row(str(i), v, {}, "", f"from{i}", "", "") for i, v in
            enumerate(["genuine", "phishing", "suspicious", "phishing"])]
    table = flagged_table(rows)
    assert list(table.columns[1].cells) == ["from1", "from3", "from2", "from0"]
