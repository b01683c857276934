"""Whose words: the mail's own text apart from what it quotes or forwards.

A friend quoting three lines of an order mail has not become Amazon: '>' lines are the
quoted sender's words, split off here so the claim reads the mail's own voice. A forwarded
original (after a forward marker) is judged as the mail it is, since forwarding a scam to
ask "is this real?" must still show the scam for what it is; the sender lines of quoted
and forwarded header blocks are kept, because they show who the original pretended to be.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from honmono.brands.registry import Brand
from honmono.text.normalize import fold

# Reading stops here: a forwarded original's header block sits near its marker.
_HEADER_LINES = 8


@dataclass(frozen=True, slots=True)
class Voices:
    own: str  # the mail's own words and any forwarded original
    quoted: str  # '>' lines
    quoted_senders: tuple[str, ...]  # the sender lines of quoted header blocks


@cache
def _markers(brand: Brand) -> tuple[tuple[str, ...], tuple[str, ...]]:
    return (tuple(fold(m) for m in brand.claim.quote_markers),
            tuple(fold(m) for m in brand.claim.quoted_header_from))


def split_voices(text: str, brand: Brand) -> Voices:
    markers, from_labels = _markers(brand)
    # Most mails quote nothing: one C-level search each instead of a fold per line.
    low = text.lower()
    if not text.startswith(">") and "\n>" not in text and not any(m in low for m in markers):
        return Voices(own=text, quoted="", quoted_senders=())
    own: list[str] = []
    quoted: list[str] = []
    senders: list[str] = []
    forwarded = False
    since_marker = _HEADER_LINES + 1
    for line in text.splitlines():
        bare = line.strip()
        low = fold(bare[:60]) if bare else ""
        if not forwarded and low and low.startswith(markers):
            forwarded = True
            since_marker = 0
        elif bare.startswith(">"):
            inner = bare.lstrip("> ")
            quoted.append(inner)
            if fold(inner[:12]).startswith(from_labels):
                senders.append(inner)
            continue
        own.append(line)
        if forwarded:
            since_marker += 1
            if since_marker <= _HEADER_LINES and low.startswith(from_labels):
                senders.append(bare)
            if since_marker > _HEADER_LINES or low.startswith(from_labels):
                forwarded = False  # one header block per marker
    return Voices(own="\n".join(own), quoted="\n".join(quoted),
                  quoted_senders=tuple(s[:300] for s in senders[:5]))
