"""The installer, uninstaller and doctor: real files in a temporary HOME; macOS and Windows
by pretending (sys.platform patched, a fake winreg module)."""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import types
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from host_harness import REPO, frame, honmono_command, install, run_host, split_frames

from honmono import cli
from honmono.host import doctor as doctor_mod
from honmono.host import install as inst
from honmono.host import logs


@pytest.fixture
def fake_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("USERPROFILE", str(home))
    return home


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*honmono_command(), *args], env=env, capture_output=True, text=True,
                          timeout=60)


def wrapper(path: Path) -> Path:
    """An executable at ``path`` that runs this environment's Python (a symlink would not:
    a venv's interpreter finds its venv from where it is started)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    path.chmod(0o755)
    return path


# ---------------------------------------------------------------------------- Linux


def test_install_writes_manifest_and_launcher(home: Path, host_env: dict[str, str]) -> None:
    result = install(home, host_env)
    manifest_path: Path = result["manifest_path"]
    assert manifest_path == home / ".mozilla" / "native-messaging-hosts" / "honmono.json"
    manifest = result["manifest"]
    launcher = Path(host_env["XDG_STATE_HOME"]) / "honmono" / "honmono-host"
    assert manifest == {
        "name": "honmono",
        "description": inst.MANIFEST_TEMPLATE["description"],
        "path": str(launcher),
        "type": "stdio",
        "allowed_extensions": ["honmono@honmono"],
    }
    assert Path(manifest["path"]).is_absolute()
    mode = launcher.stat().st_mode
    assert mode & stat.S_IXUSR and mode & stat.S_IXGRP and mode & stat.S_IXOTH
    text = launcher.read_text(encoding="utf-8")
    assert text.startswith("#!/bin/sh\n")
    # The venv's own interpreter, under whichever of its names (python, python3) the
    # command that ran `honmono install` was started with.
    python = inst.launcher_python(text)
    assert python and Path(python).parent == Path(sys.executable).parent, python
    assert os.path.samefile(python, sys.executable), python
    assert str(manifest_path) in result["stdout"] and str(launcher) in result["stdout"]
    # Written atomically: no temporary files left behind.
    assert sorted(p.name for p in manifest_path.parent.iterdir()) == ["honmono.json"]
    assert not [p for p in launcher.parent.iterdir() if p.name.endswith(".tmp")]


def test_install_is_idempotent_and_takes_another_extension_id(
        home: Path, host_env: dict[str, str]) -> None:
    install(home, host_env)
    again = install(home, host_env, "--extension-id", "{01234567-89ab-cdef-0123-456789abcdef}")
    assert again["manifest"]["allowed_extensions"] == ["{01234567-89ab-cdef-0123-456789abcdef}"]


def test_install_refuses_a_bad_extension_id(host_env: dict[str, str], home: Path) -> None:
    proc = run_cli(host_env, "install", "--extension-id", "not an id")
    assert proc.returncode == 1
    assert "not a Thunderbird add-on id" in proc.stderr
    assert not (home / ".mozilla").exists()


def test_uninstall_removes_everything(home: Path, host_env: dict[str, str]) -> None:
    result = install(home, host_env)
    launcher = Path(result["manifest"]["path"])
    proc = run_cli(host_env, "uninstall")
    assert proc.returncode == 0, proc.stderr
    assert not result["manifest_path"].exists()
    assert not launcher.exists()
    assert str(launcher) in proc.stdout
    again = run_cli(host_env, "uninstall")
    assert again.returncode == 0 and "nothing to remove" in again.stdout


def test_launcher_quotes_awkward_paths(fake_home: Path, tmp_path: Path,
                                       host_env: dict[str, str]) -> None:
    odd = tmp_path / "it's a $dir with `ticks` & spaces"
    odd.mkdir()
    python = wrapper(odd / "python")
    where = inst.install(python=str(python))
    text = where.launcher_path.read_text(encoding="utf-8")
    assert inst.launcher_python(text) == str(python)
    proc = run_host(frame({"protocol": 1, "id": "1", "type": "ping"}), host_env,
                    argv=[str(where.launcher_path), str(where.manifest_path), "honmono@honmono"])
    assert proc.returncode == 0, proc.stderr
    replies, rest = split_frames(proc.stdout)
    assert rest == b"" and replies[0]["type"] == "pong"


def test_state_dir_agrees_with_platformdirs_and_the_host_log(
        fake_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for xdg in (str(fake_home / "xdg-state"), None):
        if xdg is None:
            monkeypatch.delenv("XDG_STATE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_STATE_HOME", xdg)
        expected = platformdirs.user_state_dir("honmono", appauthor=False)
        assert logs.state_dir() == expected
        assert inst.state_dir() == Path(expected)
        assert Path(logs.log_path()).parent == inst.layout().launcher_path.parent


def test_state_dir_ignores_a_relative_xdg_state_home(fake_home: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", "relative/dir")
    assert inst.state_dir("linux") == fake_home / ".local" / "state" / "honmono"
    monkeypatch.delenv("XDG_STATE_HOME")
    assert inst.state_dir("linux") == fake_home / ".local" / "state" / "honmono"


def test_template_in_manifest_dir_is_the_installers() -> None:
    shipped = (REPO / "manifest" / "honmono.json.in").read_text(encoding="utf-8")
    assert json.loads(shipped) == inst.MANIFEST_TEMPLATE
    assert shipped == json.dumps(inst.MANIFEST_TEMPLATE, indent=2) + "\n"


def test_build_manifest_escapes_paths() -> None:
    manifest = inst.build_manifest('C:\\Users\\a"b\\host.bat', "x@y")
    assert manifest["path"] == 'C:\\Users\\a"b\\host.bat'
    assert manifest["allowed_extensions"] == ["x@y"]


def test_add_commands_registers_three_subcommands() -> None:
    parser = argparse.ArgumentParser()
    cli.add_host_commands(parser.add_subparsers(dest="command"))
    for argv, func in [(["install"], cli._cmd_install), (["uninstall"], cli._cmd_uninstall),
                       (["doctor", "--timeout", "3"], cli._cmd_doctor)]:
        args = parser.parse_args(argv)
        assert args.func is func
    assert parser.parse_args(["install"]).extension_id == "honmono@honmono"
    assert parser.parse_args(["doctor", "--extension-id", "a@b"]).extension_id == "a@b"


# ---------------------------------------------------------------------------- macOS


def test_macos_paths(fake_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    where = inst.install()
    assert where.manifest_path == (fake_home / "Library" / "Mozilla" / "NativeMessagingHosts"
                                   / "honmono.json")
    assert where.launcher_path == (fake_home / "Library" / "Application Support" / "honmono"
                                   / "honmono-host")
    manifest = json.loads(where.manifest_path.read_text(encoding="utf-8"))
    assert manifest["path"] == str(where.launcher_path)
    assert os.access(where.launcher_path, os.X_OK)
    assert where.registry_key is None
    assert inst.uninstall() == [str(where.manifest_path), str(where.launcher_path)]


# ---------------------------------------------------------------------------- Windows


class FakeKey:
    def __init__(self, registry: FakeWinreg, path: str) -> None:
        self.registry = registry
        self.path = path

    def __enter__(self) -> FakeKey:
        return self

    def __exit__(self, *exc: object) -> None:
        self.registry.closed += 1


class FakeWinreg(types.ModuleType):
    """Just enough of winreg: HKCU keys with a default value."""

    HKEY_CURRENT_USER = "HKCU"
    KEY_WRITE = 0x20006
    KEY_READ = 0x20019
    REG_SZ = 1

    def __init__(self) -> None:
        super().__init__("winreg")
        self.values: dict[tuple[str, str], dict[str, tuple[int, str]]] = {}
        self.calls: list[tuple[Any, ...]] = []
        self.closed = 0

    def CreateKeyEx(self, root: str, sub: str, reserved: int = 0,
                    access: int = 0x20006) -> FakeKey:
        self.calls.append(("CreateKeyEx", root, sub, access))
        self.values.setdefault((root, sub), {})
        return FakeKey(self, sub)

    def OpenKey(self, root: str, sub: str, reserved: int = 0,
                access: int = 0x20019) -> FakeKey:
        if (root, sub) not in self.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        return FakeKey(self, sub)

    def SetValueEx(self, key: FakeKey, name: str, reserved: int, kind: int,
                   value: str) -> None:
        self.calls.append(("SetValueEx", key.path, name, kind, value))
        self.values[("HKCU", key.path)][name] = (kind, value)

    def QueryValueEx(self, key: FakeKey, name: str) -> tuple[str, int]:
        kind, value = self.values[("HKCU", key.path)][name]
        return value, kind

    def DeleteKey(self, root: str, sub: str) -> None:
        self.calls.append(("DeleteKey", root, sub))
        if (root, sub) not in self.values:
            raise FileNotFoundError(2, "The system cannot find the file specified")
        del self.values[(root, sub)]


@pytest.fixture
def windows(fake_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FakeWinreg:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "AppData" / "Local"))
    fake = FakeWinreg()
    monkeypatch.setitem(sys.modules, "winreg", fake)
    return fake


def test_windows_install_writes_bat_manifest_and_registry(windows: FakeWinreg,
                                                          tmp_path: Path) -> None:
    python = r"C:\Users\Me\100%\.venv\Scripts\python.exe"
    where = inst.install(python=python)
    base = tmp_path / "AppData" / "Local" / "honmono"
    assert where.manifest_path == base / "honmono.json"
    assert where.launcher_path == base / "honmono-host.bat"
    bat = where.launcher_path.read_bytes()
    assert bat.startswith(b"@echo off\r\n")
    assert b'"C:\\Users\\Me\\100%%\\.venv\\Scripts\\python.exe" -P -m honmono.host %*\r\n' in bat
    assert b"\n" not in bat.replace(b"\r\n", b"")
    assert inst.launcher_python(bat.decode()) == python
    manifest = json.loads(where.manifest_path.read_text(encoding="utf-8"))
    assert manifest["path"] == str(where.launcher_path)
    key = r"Software\Mozilla\NativeMessagingHosts\honmono"
    assert ("CreateKeyEx", "HKCU", key, windows.KEY_WRITE) in windows.calls
    assert windows.values[("HKCU", key)] == {"": (windows.REG_SZ, str(where.manifest_path))}
    assert windows.closed >= 1

    removed = inst.uninstall()
    assert removed[0] == rf"HKEY_CURRENT_USER\{key}"
    assert ("HKCU", key) not in windows.values
    assert not where.manifest_path.exists() and not where.launcher_path.exists()
    assert inst.uninstall() == []


def test_windows_local_app_data_fallback(windows: FakeWinreg, fake_home: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LOCALAPPDATA")
    assert inst.layout().manifest_path == (fake_home / "AppData" / "Local" / "honmono"
                                           / "honmono.json")


def test_windows_doctor(windows: FakeWinreg, monkeypatch: pytest.MonkeyPatch) -> None:
    checks = doctor_mod.doctor()
    assert [c.ok for c in checks] == [False]
    assert "registry key" in checks[0].message and "honmono install" in checks[0].fix

    python = r"C:\Python311\python.exe"
    inst.install(python=python)
    # A .bat cannot run here; the ping itself is tested on the real platform.
    monkeypatch.setattr(doctor_mod, "_check_ping",
                        lambda *a, **k: doctor_mod.Check(True, "the host answers (stub)"))
    real_isfile = os.path.isfile
    monkeypatch.setattr(os.path, "isfile", lambda p: p == python or real_isfile(p))
    monkeypatch.setattr(sys, "executable", python)
    checks = doctor_mod.doctor()
    assert all(c.ok for c in checks), [(c.ok, c.message) for c in checks]
    assert "points to" in checks[0].message


# ---------------------------------------------------------------------------- doctor


def doctor_run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return run_cli(env, "doctor", "--timeout", "30", *args)


def test_doctor_ok_after_install(home: Path, host_env: dict[str, str]) -> None:
    install(home, host_env)
    proc = doctor_run(host_env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "FAIL" not in proc.stdout
    assert "the host answers: Honmono" in proc.stdout
    assert "All good" in proc.stdout


def test_doctor_missing_manifest(host_env: dict[str, str]) -> None:
    proc = doctor_run(host_env)
    assert proc.returncode == 1
    assert "FAIL  no manifest at" in proc.stdout
    assert "fix: run `honmono install`" in proc.stdout


def test_doctor_launcher_not_executable(home: Path, host_env: dict[str, str]) -> None:
    launcher = Path(install(home, host_env)["manifest"]["path"])
    launcher.chmod(0o644)
    proc = doctor_run(host_env)
    assert proc.returncode == 1
    assert "is not executable" in proc.stdout
    assert f"chmod +x '{launcher}'" in proc.stdout


def test_doctor_wrong_extension_id(home: Path, host_env: dict[str, str]) -> None:
    install(home, host_env, "--extension-id", "other@example.org")
    proc = doctor_run(host_env)
    assert proc.returncode == 1
    assert "does not contain honmono@honmono" in proc.stdout
    assert "fix: run `honmono install`" in proc.stdout
    proc = doctor_run(host_env, "--extension-id", "other@example.org")
    assert proc.returncode == 0, proc.stdout
    proc = doctor_run(host_env, "--extension-id", "third@example.org")
    assert "honmono install --extension-id third@example.org" in proc.stdout


def test_doctor_broken_manifest_json(home: Path, host_env: dict[str, str]) -> None:
    manifest_path = install(home, host_env)["manifest_path"]
    manifest_path.write_text("{not json", encoding="utf-8")
    proc = doctor_run(host_env)
    assert proc.returncode == 1 and "not readable JSON" in proc.stdout


def test_doctor_wrong_fields_and_relative_path(home: Path, host_env: dict[str, str]) -> None:
    result = install(home, host_env)
    manifest = {**result["manifest"], "type": "socket", "name": "other",
                "path": "relative/honmono-host"}
    result["manifest_path"].write_text(json.dumps(manifest), encoding="utf-8")
    proc = doctor_run(host_env)
    assert proc.returncode == 1
    assert '"type" is \'socket\'' in proc.stdout and '"name" is \'other\'' in proc.stdout
    assert "is not absolute" in proc.stdout


def test_doctor_launcher_python_gone(fake_home: Path, tmp_path: Path) -> None:
    gone = tmp_path / "old-venv" / "bin" / "python"
    inst.install(python=str(gone))
    checks = doctor_mod.doctor(timeout=30)
    failed = [c for c in checks if c.ok is False]
    assert len(failed) == 1
    assert "no longer exists" in failed[0].message and str(gone) in failed[0].message


def test_doctor_host_that_does_not_answer(fake_home: Path) -> None:
    where = inst.install()
    where.launcher_path.write_text("#!/bin/sh\necho oops >&2\nexit 3\n", encoding="utf-8")
    checks = doctor_mod.doctor(timeout=30)
    assert checks[-1].ok is False
    assert "did not answer a ping" in checks[-1].message
    assert "exit status 3" in checks[-1].message and "oops" in checks[-1].message


def test_doctor_host_that_hangs(fake_home: Path) -> None:
    where = inst.install()
    where.launcher_path.write_text("#!/bin/sh\nexec sleep 30\n", encoding="utf-8")
    checks = doctor_mod.doctor(timeout=1)
    assert checks[-1].ok is False and "within 1 s" in checks[-1].message


def test_doctor_warns_about_another_python(fake_home: Path, tmp_path: Path) -> None:
    other = wrapper(tmp_path / "other" / "python")
    inst.install(python=str(other))
    checks = doctor_mod.doctor(timeout=30)
    assert all(c.ok is not False for c in checks), [(c.ok, c.message) for c in checks]
    assert any(c.ok is None and "not this Python" in c.message for c in checks)


def test_doctor_takes_python_and_python3_of_one_environment_as_the_same(
        fake_home: Path) -> None:
    bindir = Path(sys.executable).parent
    sibling = next((bindir / n for n in ("python", "python3") if (bindir / n).exists()
                    and bindir / n != Path(sys.executable)), None)
    if sibling is None:
        pytest.skip("this environment has a single interpreter name")
    inst.install(python=str(sibling))
    checks = doctor_mod.doctor(timeout=30)
    assert all(c.ok is True for c in checks), [(c.ok, c.message) for c in checks]
