"""text/calendar (iCalendar, RFC 5545) as Thunderbird displays an invitation.

Thunderbird 153 shows a text/calendar part, alone or as the last rendering of a
multipart/alternative, as an invitation in the message pane: its title (SUMMARY),
location, organizer, description (linkified) and "Related Link" (URL, a link), observed
in the real client (tests/e2e/test_parity.py). A phishing page written into an
invitation is read by the user, so it is read here as the same lines of text, from
which the plain-text linkifier then finds the same links.

Linear and bounded: lines are unfolded once, at most ``MAX_PROPERTIES`` are read.
"""

from __future__ import annotations

CALENDAR_TYPE = "text/calendar"
MAX_PROPERTIES = 2_000

# (property, label) in the order Thunderbird's invitation shows them.
_SHOWN = (("SUMMARY", "Title"), ("LOCATION", "Location"), ("ORGANIZER", "Organizer"),
          ("DESCRIPTION", "Description"), ("ATTENDEE", "Attendees"), ("URL", "Related Link"))
_NAMES = {name for name, _ in _SHOWN}


def _unescape(value: str) -> str:
    # RFC 5545 TEXT: \n (or \N) is a line break, \, \; \\ are the characters themselves.
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _value(name: str, params: str, value: str) -> str:
    if name in ("ORGANIZER", "ATTENDEE"):
        # Shown as the person's name when given (CN=), else the address without mailto:.
        for param in params.split(";"):
            key, _, cn = param.partition("=")
            if key.strip().upper() == "CN" and cn.strip():
                return cn.strip().strip('"')
        return value[7:] if value[:7].lower() == "mailto:" else value
    return value if name == "URL" else _unescape(value)


def to_text(ics: str) -> str:
    """The invitation's visible lines ("Label: value"), one property a line."""
    unfolded = ics.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").replace(
        "\n\t", "")
    found: dict[str, list[str]] = {}
    for count, line in enumerate(unfolded.splitlines()):
        if count >= MAX_PROPERTIES:
            break
        head, colon, value = line.partition(":")
        if not colon:
            continue
        name, _, params = head.partition(";")
        name = name.strip().upper()
        if name in _NAMES:
            found.setdefault(name, []).append(_value(name, params, value.strip()))
    return "\n".join(f"{label}: {v}" for name, label in _SHOWN for v in found.get(name, ()))
