"""Content added to a signed body after signing, proven rather than claimed.

A mailing list that appends a footer, or adds a MIME part, breaks the body hash of the
signature while the signed headers still verify. A forger who rewrote the body breaks
it the same way, and can add ``List-Id`` as easily as a list can, so a list header proves
nothing. What does prove a forward is that the signed body hash (bh=) verifies over the
body with the addition set aside:

* a footer: bh= verifies over a prefix of the body that ends at a line end (the list
  wrote after the end of what was signed);
* an added MIME part: bh= verifies over the body without one whole part of the top-level
  multipart (the list inserted a part before the closing boundary).

Anything else — a footer inside several parts, a re-encoded body, a rewritten link — is
not proven here; only a trusted ARC sealer can vouch for such a mail. Work is bounded:
one hash over at most MAX_BODY bytes for footers (a digest per line only in the last
MAX_FOOTER bytes), at most MAX_PARTS re-hashes for parts.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass

MAX_BODY = 2 * 1024 * 1024
MAX_PARTS = 20
MAX_ADDED = 256 * 1024  # bytes of the addition kept to read its links
# A footer is short: only prefixes that leave at most this much after them are tried,
# so a hostile body of a million short lines costs one hash, not a million.
MAX_FOOTER = 64 * 1024


@dataclass(frozen=True, slots=True)
class Addition:
    kind: str  # "footer" or "part"
    added: bytes  # the canonical bytes set aside (at most MAX_ADDED)


def _hasher(algorithm: str) -> hashlib._Hash:
    return hashlib.new("sha1" if algorithm.endswith("sha1") else "sha256")


def _footer(body: bytes, algorithm: str, want: bytes) -> Addition | None:
    h = _hasher(algorithm)
    end = len(body)
    pos = 0
    if end > MAX_FOOTER:
        # Hash up to the line end before the tail in one go.
        cut = body.rfind(b"\r\n", 0, end - MAX_FOOTER)
        pos = cut + 2 if cut >= 0 else 0
        h.update(body[:pos])
    while pos < end:
        nl = body.find(b"\r\n", pos)
        if nl < 0:
            break
        line_end = nl + 2
        h.update(body[pos:line_end])
        # A canonical body ends with a line that is not empty (trailing empty lines are
        # removed), so only such prefixes can be what was signed.
        if nl > pos and line_end < end and h.copy().digest() == want:
            return Addition("footer", body[line_end:line_end + MAX_ADDED])
        pos = line_end
    return None


def _canonical_tail(body: bytes) -> bytes:
    """Trailing empty lines removed, as both canonicalisations do."""
    while body.endswith(b"\r\n\r\n"):
        body = body[:-2]
    return body


def _part(body: bytes, boundary: str, algorithm: str, want: bytes) -> Addition | None:
    if not boundary:
        return None
    delim = re.compile(rb"(?m)^--" + re.escape(boundary.encode("ascii", "replace"))
                       + rb"(?:--)?[ \t]*\r\n")
    marks = [m.start() for m in delim.finditer(body)][:MAX_PARTS + 1]
    # A part is the span from one delimiter line to the next; removing it with its
    # delimiter leaves the rest of the multipart well-formed.
    for a, b in itertools.pairwise(marks):
        candidate = _canonical_tail(body[:a] + body[b:])
        h = _hasher(algorithm)
        h.update(candidate)
        if h.digest() == want:
            return Addition("part", body[a:b][:MAX_ADDED])
    return None


def find(body: bytes, algorithm: str, want: bytes, boundary: str) -> Addition | None:
    """How ``body`` (canonicalised as the signature says) is a signed body plus an
    addition, if it is; ``want`` is the decoded bh=."""
    if not want or len(body) > MAX_BODY:
        return None
    return _footer(body, algorithm, want) or _part(body, boundary, algorithm, want)
