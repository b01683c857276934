"""A throwaway Dovecot mail server on loopback (IMAP and POP3), for the arrival test.

Everything lives in one temporary directory: configuration, runtime sockets (base_dir),
state, logs and the test users' Maildirs. Plaintext users from a passwd-file, no TLS
(loopback only), IMAP and POP3 each on a free port of 127.0.0.1: Thunderbird reads
`USER` (taro) over IMAP and `POP_USER` (hanako) over POP3 (any user could use either).
Run as root, Dovecot drops to its package's service users (dovenull, dovecot) and the mail
user is `nobody`; run as another user, every service runs as that user. Mail is delivered
with IMAP APPEND (imaplib), as another client would put it in the INBOX, or dropped into
the Maildir's new/ as a local delivery agent does (``deliver``: a burst arrives at once).
"""

from __future__ import annotations

import contextlib
import imaplib
import os
import poplib
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

DOVECOT = shutil.which("dovecot") or (
    "/usr/sbin/dovecot" if Path("/usr/sbin/dovecot").exists() else None
)
USER = "taro"
POP_USER = "hanako"
USERS = (USER, POP_USER)
PASSWORD = "honmono-test-password"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class MailServer:
    """Dovecot with a throwaway config; ``start()``, ``append()``, ``deliver()``, ``stop()``."""

    def __init__(self) -> None:
        if not DOVECOT:
            raise RuntimeError(
                "dovecot is not installed (apt-get install dovecot-imapd dovecot-pop3d)"
            )
        # Not under pytest's tmp_path: that is private to root (0700), and the mail user
        # must reach its Maildir.
        self.root = Path(tempfile.mkdtemp(prefix="honmono-mail-"))
        self.root.chmod(0o755)
        self.port = _free_port()
        self.pop_port = _free_port()
        while self.pop_port == self.port:
            self.pop_port = _free_port()
        self._delivered = 0
        self.proc: subprocess.Popen[bytes] | None = None
        self.config = self.root / "dovecot.conf"
        self.log = self.root / "dovecot.log"

    def _users(self) -> tuple[int, int, dict[str, str]]:
        if os.getuid() == 0:
            mail = pwd.getpwnam("nobody")
            return mail.pw_uid, mail.pw_gid, {}
        me = pwd.getpwuid(os.getuid()).pw_name
        return (
            os.getuid(),
            os.getgid(),
            {
                "default_login_user": me,
                "default_internal_user": me,
                "default_internal_group": pwd.getpwuid(os.getuid()).pw_name,
            },
        )

    def write_config(self) -> None:
        uid, gid, service_users = self._users()
        self.mail_ids = (uid, gid)
        (self.root / "home").mkdir()
        os.chown(self.root / "home", uid, gid)
        passwd = []
        for user in USERS:
            home = self.home(user)
            (home / "Maildir").mkdir(parents=True)
            for d in (home, home / "Maildir"):
                os.chown(d, uid, gid)
            passwd.append(f"{user}:{{PLAIN}}{PASSWORD}:{uid}:{gid}::{home}\n")
        (self.root / "run").mkdir()
        (self.root / "state").mkdir()
        (self.root / "passwd").write_text("".join(passwd))
        home = self.root / "home" / "%u"
        lines = [
            f"base_dir = {self.root / 'run'}",
            f"state_dir = {self.root / 'state'}",
            f"log_path = {self.log}",
            "protocols = imap pop3",
            "listen = 127.0.0.1",
            "ssl = no",
            "disable_plaintext_auth = no",
            "auth_mechanisms = plain login",
            f"mail_location = maildir:{home / 'Maildir'}",
            f"first_valid_uid = {min(uid, 1)}",
            "mail_privileged_group =",
            "passdb {",
            "  driver = passwd-file",
            f"  args = scheme=PLAIN {self.root / 'passwd'}",
            "}",
            "userdb {",
            "  driver = static",
            f"  args = uid={uid} gid={gid} home={home}",
            "}",
            "service imap-login {",
            "  inet_listener imap {",
            "    address = 127.0.0.1",
            f"    port = {self.port}",
            "  }",
            "  inet_listener imaps {",
            "    port = 0",
            "  }",
            "}",
            "service pop3-login {",
            "  inet_listener pop3 {",
            "    address = 127.0.0.1",
            f"    port = {self.pop_port}",
            "  }",
            "  inet_listener pop3s {",
            "    port = 0",
            "  }",
            "}",
            # The Junk folder announced with SPECIAL-USE, as real servers do, so Thunderbird
            # knows it as the account's Junk folder.
            "namespace inbox {",
            "  inbox = yes",
            "  mailbox Junk {",
            "    special_use = \\Junk",
            "    auto = subscribe",
            "  }",
            "  mailbox Trash {",
            "    special_use = \\Trash",
            "    auto = subscribe",
            "  }",
            "}",
            "protocol imap {",
            "  imap_idle_notify_interval = 1 secs",
            "  mail_plugins = $mail_plugins notify mail_log",
            "}",
            # Every copy, flag change and expunge in the log: when a move or a keyword is
            # missing on the server, the log says which command never came.
            "plugin {",
            "  mail_log_events = copy flag_change save expunge mailbox_create",
            "  mail_log_fields = uid box msgid flags",
            "}",
            # Thunderbird keeps the UIDL list to know what it already downloaded.
            "pop3_uidl_format = %08Xu%08Xv",
        ]
        lines += [f"{k} = {v}" for k, v in service_users.items()]
        self.config.write_text("\n".join(lines) + "\n")

    def start(self, timeout: float = 20) -> None:
        self.write_config()
        self.proc = subprocess.Popen(
            [DOVECOT, "-F", "-c", str(self.config)],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"dovecot exited {self.proc.returncode}: {self.output()}")
            with contextlib.suppress(OSError, imaplib.IMAP4.error), self.connect() as imap:
                imap.select("INBOX")
                return
            time.sleep(0.1)
        raise RuntimeError(f"dovecot did not answer on 127.0.0.1:{self.port}: {self.output()}")

    def output(self, limit: int | None = 4000) -> str:
        """The server's log (its tail for error messages; ``limit=None`` for all of it)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        if self.proc and self.proc.stdout and self.proc.poll() is not None:
            text += self.proc.stdout.read().decode(errors="replace")
        return text if limit is None else text[-limit:]

    def home(self, user: str) -> Path:
        return self.root / "home" / user

    def connect(self, user: str = USER) -> imaplib.IMAP4:
        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        imap.login(user, PASSWORD)
        return imap

    def pop_count(self, user: str = POP_USER) -> int:
        """How many mails the POP3 maildrop holds (STAT), as a POP client sees it."""
        pop = poplib.POP3("127.0.0.1", self.pop_port, timeout=10)
        try:
            pop.user(user)
            pop.pass_(PASSWORD)
            return int(pop.stat()[0])
        finally:
            pop.quit()

    def deliver(self, mails: list[bytes], user: str = USER) -> None:
        """Drop mails into the user's INBOX (Maildir new/) as a local delivery agent does:
        written in tmp/, then renamed into new/, so the server never sees half a mail."""
        maildir = self.home(user) / "Maildir"
        uid, gid = self.mail_ids
        for sub in ("tmp", "new", "cur"):
            d = maildir / sub
            if not d.exists():
                d.mkdir()
                os.chown(d, uid, gid)
        for raw in mails:
            self._delivered += 1
            name = f"{int(time.time())}.M{self._delivered}P{os.getpid()}.honmono-test"
            tmp = maildir / "tmp" / name
            tmp.write_bytes(raw.replace(b"\r\n", b"\n"))
            os.chown(tmp, uid, gid)
            tmp.rename(maildir / "new" / name)

    def append(self, mails: list[bytes], mailbox: str = "INBOX", user: str = USER) -> None:
        """Deliver mails (unseen, as new mail arrives)."""
        with self.connect(user) as imap:
            for raw in mails:
                typ, data = imap.append(
                    mailbox, "", None, raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
                )
                if typ != "OK":
                    raise RuntimeError(f"APPEND failed: {data!r}")

    def subjects(self, mailbox: str) -> list[str]:
        """Subject headers (raw) of the mails in a mailbox."""
        with self.connect() as imap:
            typ, _ = imap.select(mailbox, readonly=True)
            if typ != "OK":
                return []
            typ, data = imap.search(None, "ALL")
            out = []
            for num in (data[0] or b"").split():
                typ, msg = imap.fetch(num, "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
                for part in msg:
                    if isinstance(part, tuple):
                        out.append(part[1].decode(errors="replace").strip())
            return out

    def mailbox_state(
        self, mailbox: str, user: str = USER
    ) -> dict[str, dict[str, object]]:
        """Message-ID -> {"flags": [...]} of every mail in a mailbox, as the server has it."""
        out: dict[str, dict[str, object]] = {}
        with self.connect(user) as imap:
            typ, _ = imap.select(mailbox, readonly=True)
            if typ != "OK":
                return out
            typ, data = imap.fetch("1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            if typ != "OK":
                return out
            for part in data:
                if not isinstance(part, tuple):
                    continue
                flags = re.search(rb"FLAGS \(([^)]*)\)", part[0])
                mid = re.search(rb"<([^>]+)>", part[1])
                if mid:
                    out[mid.group(1).decode()] = {
                        "flags": flags.group(1).decode().split() if flags else []
                    }
        return out

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=5)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(self.proc.pid, signal.SIGKILL)
        shutil.rmtree(self.root, ignore_errors=True)
