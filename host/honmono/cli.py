"""The command line: ``honmono check``, ``honmono scan`` and the host installer commands."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from honmono import config
from honmono.core.settings import Settings

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
    overrides: dict[str, object] = {}
    if args.lang:
        overrides["language"] = args.lang
    if args.offline:
        overrides["offline"] = True
    for flag, key in (("trust_authserv", "trust_authserv"), ("name", "names"),
                      ("address", "addresses")):
        values = getattr(args, flag)
        if values:
            overrides[key] = tuple(v.strip() for v in values if v.strip())
    if args.dns_records:
        if not args.dns_records.is_file():
            raise InputError(f"--dns-records: {args.dns_records}: no such file")
        overrides["dns_records"] = args.dns_records
    return replace(base, **overrides)


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
    try:
        from honmono.host.install import add_commands
    except ModuleNotFoundError as exc:
        if exc.name != "honmono.host.install":
            raise
    else:
        add_commands(sub)
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
