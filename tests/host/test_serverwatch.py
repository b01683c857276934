"""`honmono doctor` says when the trusted server adds no Authentication-Results above its
own receipt line (issue 14 §5): counted per mail by the host, no content kept."""

from __future__ import annotations

import json
from pathlib import Path

from honmono.host import serverwatch


def test_server_without_its_own_results_is_reported_by_doctor(tmp_path: Path) -> None:
    path = str(tmp_path / "trusted-servers.json")
    with_results = {"auth": {"arh": {"used": [{"authserv_id": "mx.x.example"}]}}}
    without = {"auth": {"arh": {"used": [], "missing": "below"}}}
    serverwatch.note(with_results, ("mx.x.example",), path)
    serverwatch.note(without, ("mx.x.example",), path)
    (ok, message), = serverwatch.findings(path)
    assert ok is None and "1 of 2" in message and "mx.x.example" in message
    assert "Subject" not in json.dumps(json.loads(Path(path).read_text()))


def test_server_that_always_adds_results_is_ok(tmp_path: Path) -> None:
    path = str(tmp_path / "trusted-servers.json")
    serverwatch.note({"auth": {"arh": {"used": [{}]}}}, ("mx.x.example",), path)
    assert serverwatch.findings(path) == [
        (True, "trusted server mx.x.example added its Authentication-Results to all 1 "
               "mail(s) checked")]


def test_unreadable_counter_file_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "trusted-servers.json"
    path.write_text("{not json")
    assert serverwatch.findings(str(path)) == []
    serverwatch.note({"auth": {"arh": {"used": []}}}, ("mx.x.example",), str(path))
    assert serverwatch.findings(str(path))[0][0] is None
