"""Where the reader's answer goes, as Thunderbird computes it.

Thunderbird's Reply writes to ``Mail-Reply-To`` when the mail has one, else to
``Reply-To``, else to ``From``; Reply All writes to ``Mail-Followup-To`` when present
(nsMsgCompose.cpp, the reply types). ``Sender`` is shown as "on behalf of" and some
programs answer it. Every one of them is written by whoever sent the mail, so each is
judged (the order only says which one the Reply button would use), and addresses are
read with Thunderbird's own grammar (``addresses``), not Python's.
"""

from __future__ import annotations

from dataclasses import dataclass

from honmono.mail.addresses import parse
from honmono.mail.types import Address, ParsedMessage

# (lower-case name, shown name), in the order Thunderbird consults them.
REPLY_HEADERS = (("mail-reply-to", "Mail-Reply-To"), ("reply-to", "Reply-To"),
                 ("mail-followup-to", "Mail-Followup-To"))
REDIRECT_HEADERS = (*REPLY_HEADERS, ("sender", "Sender"))


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # as shown, e.g. "Reply-To"
    raw: str
    addresses: tuple[Address, ...]

    @property
    def unreadable(self) -> bool:
        """Written, but no address Thunderbird would reply to can be read from it."""
        return bool(self.raw.strip()) and not any(a.addr for a in self.addresses)


def read(raw: str, shown: str) -> Field:
    return Field(shown, raw, tuple(Address(d, a) for d, a in parse(raw)))


def fields(msg: ParsedMessage, which: tuple[tuple[str, str], ...] = REPLY_HEADERS
           ) -> list[Field]:
    """Every instance of the headers in ``which``, in Thunderbird's order of use."""
    out: list[Field] = []
    for lname, shown in which:
        for value in msg.address_raw.get(lname, ()):
            out.append(read(value, shown))
    return out


def reply_target(msg: ParsedMessage) -> list[Address]:
    """The addresses Thunderbird's Reply fills in."""
    for lname, _shown in REPLY_HEADERS[:2]:
        found = [a for f in fields(msg, ((lname, lname),)) for a in f.addresses if a.addr]
        if found:
            return found
    return [a for a in msg.from_ if a.addr]
