"""The command line: ``honmono check``, ``honmono scan``, and ``install``, ``uninstall`` and
``doctor`` for the native-messaging host (whose work is in host/install.py and host/doctor.py)."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from honmono import config
from honmono.core.settings import CLI, Settings, SettingsError, validate
from honmono.host import doctor, install, logs

MAX_INPUT = 100 * 1024 * 1024


class InputError(Exception):
    """The input cannot be read at all: reported as one line on stderr, exit 2."""


def _settings_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="machine-readable JSON output")
    p.add_argument("--lang", choices=("ja", "en"), help="language of the explanation")
    p.add_argument("--offline", action="store_true", default=None,
                   help="no DNS lookups (DKIM keys and DMARC policies are not fetched)")
    p.add_argument("--trust-authserv", action="append", metavar="ID",
                   help="authserv-id of your own receiving server (repeatable)")
    p.add_argument("--name", action="append", metavar="NAME",
                   help="a name registered with Amazon (repeatable)")
    p.add_argument("--address", action="append", metavar="ADDR",
                   help="an e-mail address registered with Amazon (repeatable)")
    p.add_argument("--dns-records", type=Path, metavar="FILE",
                   help='answer DNS from a JSON file {"name": ["TXT", ...]} instead of the network')
    p.add_argument("--config", type=Path, metavar="FILE",
                   help=f"config file (default: {config.default_path()})")


def build_settings(args: argparse.Namespace) -> Settings:
    """Config file first, then flags: a flag given on the command line always wins."""
    try:
        base = config.load(args.config)
    except config.ConfigError as exc:
        raise InputError(f"config: {exc}") from exc
    flags: dict[str, object] = {}
    if args.lang:
        flags["language"] = args.lang
    if args.offline:
        flags["offline"] = True
    for flag, key in (("trust_authserv", "trust_authserv"), ("name", "names"),
                      ("address", "addresses")):
        values = getattr(args, flag)
        if values:
            flags[key] = values
    if args.dns_records:
        if not args.dns_records.is_file():
            raise InputError(f"--dns-records: {args.dns_records}: no such file")
        flags["dns_records"] = args.dns_records
    try:
        return validate(flags, CLI, base)
    except SettingsError as exc:
        raise InputError(exc.reason) from None


def read_input(name: str) -> bytes:
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_INPUT + 1)
        else:
            with open(name, "rb") as fh:
                data = fh.read(MAX_INPUT + 1)
    except FileNotFoundError as exc:
        raise InputError(f"{name}: no such file") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory (use 'honmono scan' for a Maildir)") from exc
    except PermissionError as exc:
        raise InputError(f"{name}: permission denied") from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot be read ({exc.strerror or exc})") from exc
    if not data:
        raise InputError(f"{name}: is empty, not a mail")
    if len(data) > MAX_INPUT:
        raise InputError(f"{name}: larger than {MAX_INPUT // (1024 * 1024)} MB, not read")
    return data


def _cmd_check(args: argparse.Namespace) -> int:
    settings = build_settings(args)
    raw = read_input(args.file)
    from honmono.engine import analyse
    from honmono.report.render import render_report

    report = analyse(raw, settings)
    rendered = render_report(report, settings.language)
    if args.json:
        sys.stdout.write(json.dumps(rendered, ensure_ascii=False) + "\n")
    else:
        from honmono.report.console import print_report

        print_report(rendered, settings.language)
    return 0


def _cmd_scan(args: argparse.Namespace) -> int:
    settings = build_settings(args)
    from honmono.scan import MailboxError, parse_only, scan

    try:
        only = parse_only(args.only)
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    if args.jobs is not None and args.jobs < 1:
        raise InputError("--jobs: give 1 or more")
    try:
        return scan(Path(args.path), settings, as_json=args.json, only=only, jobs=args.jobs)
    except MailboxError as exc:
        raise InputError(str(exc)) from exc


# ---------------------------------------------------------------------------- host commands


def _print(text: str = "") -> None:
    print(text, flush=True)


def _cmd_install(args: argparse.Namespace) -> int:
    try:
        where = install.install(args.extension_id, args.python)
    except install.InstallError as exc:
        print(f"honmono install: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"honmono install: could not write the files: {exc}", file=sys.stderr)
        return 1
    _print(f"Installed the Honmono native-messaging host for {args.extension_id}:")
    _print(f"  manifest  {where.manifest_path}")
    _print(f"  launcher  {where.launcher_path}")
    if where.registry_key is not None:
        _print(rf"  registry  HKEY_CURRENT_USER\{where.registry_key}")
    _print("Thunderbird reads it the next time the extension connects; "
           "`honmono doctor` checks it.")
    return 0


def _cmd_uninstall(args: argparse.Namespace) -> int:
    try:
        removed = install.uninstall()
    except OSError as exc:
        print(f"honmono uninstall: {exc}", file=sys.stderr)
        return 1
    if not removed:
        _print("The Honmono native-messaging host was not installed; nothing to remove.")
    for item in removed:
        _print(f"removed {item}")
    return 0


def _cmd_doctor(args: argparse.Namespace) -> int:
    checks = doctor.doctor(args.extension_id, timeout=args.timeout)
    names = {"linux": "Linux", "darwin": "macOS", "win32": "Windows"}
    _print(f"Honmono doctor ({names[logs.current_platform()]}, extension {args.extension_id})")
    for check in checks:
        label = {True: "ok  ", False: "FAIL", None: "warn"}[check.ok]
        _print(f"  {label}  {check.message}")
        if check.fix and check.ok is not True:
            _print(f"        fix: {check.fix}")
    _print(f"  log   {logs.log_path()}")
    failed = sum(1 for c in checks if c.ok is False)
    if failed:
        _print(f"{failed} problem(s): Thunderbird will not be able to use Honmono until "
               "they are fixed.")
        return 1
    _print("All good: Thunderbird will find and start the Honmono host.")
    return 0


def add_host_commands(subparsers: Any) -> None:
    """Register ``install``, ``uninstall`` and ``doctor`` on the CLI's subparsers.

    Each sets ``func`` to a handler taking the parsed arguments and returning the exit code.
    """
    default_id = install.DEFAULT_EXTENSION_ID

    def ext_id(parser: argparse.ArgumentParser) -> None:
        parser.add_argument("--extension-id", default=default_id, metavar="ID",
                            help=f"the Thunderbird add-on id (default: {default_id})")

    p = subparsers.add_parser("install", help="register the host with Thunderbird",
                              description="Register the native-messaging host with "
                              "Thunderbird for the current user.")
    ext_id(p)
    p.add_argument("--python", default=None, metavar="PATH",
                   help="the interpreter the launcher runs (default: this one)")
    p.set_defaults(func=_cmd_install)

    p = subparsers.add_parser("uninstall", help="unregister the host",
                              description="Remove the native-messaging host's manifest, "
                              "launcher and registry key.")
    p.set_defaults(func=_cmd_uninstall)

    p = subparsers.add_parser("doctor", help="check that Thunderbird can start the host",
                              description="Check that Thunderbird will find and start the "
                              "host, and say how to fix what is wrong.")
    ext_id(p)
    p.add_argument("--timeout", type=float, default=15.0, metavar="SECONDS",
                   help="how long to wait for the host to answer (default: 15)")
    p.set_defaults(func=_cmd_doctor)


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="honmono",
        description="Tells whether a mail that looks like Amazon's is genuine or phishing.",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    p_check = sub.add_parser("check", help="judge one mail (.eml file, or - for stdin)")
    _settings_args(p_check)
    p_check.add_argument("file", metavar="FILE|-")
    p_check.set_defaults(func=_cmd_check)
    p_scan = sub.add_parser("scan", help="judge every mail of an mbox file or a Maildir")
    _settings_args(p_scan)
    p_scan.add_argument("--only", metavar="VERDICTS",
                        help="only these verdicts, comma-separated (e.g. phishing,suspicious)")
    p_scan.add_argument("--jobs", type=int, metavar="N",
                        help="processes judging mails (default: all cores for many mails)")
    p_scan.add_argument("path", metavar="PATH")
    p_scan.set_defaults(func=_cmd_scan)
    add_host_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"honmono: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (``| head``): stop quietly, as a shell tool does. Point stdout
        # at /dev/null so the interpreter's final flush does not complain again.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
