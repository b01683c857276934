"""Destinations Thunderbird offers from the message header, not the body.

Thunderbird 153 (msgHdrView.js, header-fields.js in omni.ja; seen in a real client):

* a mail with ``List-Id`` shows a List-ID row; clicking it opens a menu with
  "Unsubscribe…", "Get Help", "Subscribe…", "Write", "Contact Administrator…",
  "List Archives" and "Message Permalink" for whichever of the RFC 2369 / RFC 5064
  headers below the mail carries. The item prefers the header's ``mailto:`` entry
  (composes a mail to it), else its first ``<URL>`` (opened in the browser);
* with "View > Headers > All" (or a ``mailnews.headers.showList*`` pref) the same
  headers are rows whose every ``http(s):``/``mailto:`` entry is a link;
* ``Content-Base`` is shown by default as a "Website" row that opens its URL.

``List-Unsubscribe-Post`` (RFC 8058 one-click) is not read at all: nothing is POSTed.
Every entry is judged, not only the one the menu picks: which one the menu picks depends
on details (the last ``mailto:``). The list headers count only with a ``List-Id``: without
it Thunderbird's default view offers none of them (the rows need "All headers" or a
preference a user rarely sets), and judging what no one is shown would only put doubt on
genuine mail whose mailing service adds an unsubscribe header.
"""

from __future__ import annotations

import re

from honmono.mail.types import Link, ParsedMessage

# (lower-case name, shown name): the headers whose URLs Thunderbird 153 makes reachable.
LIST_HEADERS = (("list-unsubscribe", "List-Unsubscribe"), ("list-help", "List-Help"),
                ("list-subscribe", "List-Subscribe"), ("list-post", "List-Post"),
                ("list-owner", "List-Owner"), ("list-archive", "List-Archive"),
                ("archived-at", "Archived-At"))
CONTENT_BASE = ("content-base", "Content-Base")
# A header full of URLs is the sender's to write: a bounded number is judged.
MAX_HEADER_LINKS = 20

_BRACKETED = re.compile(r"<([^>]+)>")
_SPACE = re.compile(r"[<>\s]")
_LINKED = re.compile(r"^(?:https?|mailto):", re.I)
_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:", re.I)


def _entries(value: str) -> list[str]:
    """The URLs of one list header: each comma-separated entry as the header row reads it,
    and each ``<...>`` whole (the menu's reading, which a comma inside a URL does not cut)."""
    out = []
    for piece in value.split(","):
        piece = piece.strip()
        m = _BRACKETED.match(piece)
        out.append(_SPACE.sub("", m.group(1) if m else piece))
    out += [_SPACE.sub("", inner) for inner in _BRACKETED.findall(value)]
    return [u for u in out if _LINKED.match(u)]


def links(msg: ParsedMessage) -> list[tuple[Link, str]]:
    """Each destination the header offers, with the header's shown name, in header order."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[Link, str]] = []

    def add(url: str, shown: str) -> None:
        if (url, shown) not in seen and len(out) < MAX_HEADER_LINKS:
            seen.add((url, shown))
            out.append((Link(href=url, text=url, origin="header"), shown))

    offered = LIST_HEADERS if msg.header_all("list-id") else ()
    for lname, shown in offered:
        for value in msg.header_all(lname):
            for url in _entries(value):
                add(url, shown)
    lname, shown = CONTENT_BASE
    for value in msg.header_all(lname):
        # The row links whatever it shows (encodeURI of the text), any scheme.
        url = _SPACE.sub("", value)
        if _SCHEME.match(url):
            add(url, shown)
    return out
