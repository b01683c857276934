"""Text in the forms checks compare: invisible characters stripped, width and case folded.

Split out of the parser so that text helpers (skeletons, wording) need no mail parser.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Characters used to hide words from filters ("P\u200br\u200bi\u200bm\u200be").
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180E, 0x3164, 0xFEFF, 0xFFA0,
     *range(0x200B, 0x2010), *range(0x202A, 0x202F), *range(0x2060, 0x2070)],
    None,
)


# str.translate looks every character up in the table; most text has none of them, and a
# character-class search finds that out many times faster.
_INVISIBLE_RE = re.compile("[" + "".join(f"\\u{c:04x}" for c in sorted(_INVISIBLE)) + "]")


def strip_invisible(s: str) -> str:
    if s.isascii() or not _INVISIBLE_RE.search(s):
        return s  # nothing to strip (every invisible character is above U+007F)
    return s.translate(_INVISIBLE)


def fold(s: str) -> str:
    """Compare-form of text: invisible characters gone, width and case folded (NFKC)."""
    # Several checks fold the same body; a small memo spares the repeats (bounded: long
    # texts are not kept, so hostile mail cannot fill memory with them).
    return _fold_memo(s) if len(s) <= _MEMO_MAX else _fold(s)


_MEMO_MAX = 200_000


def _fold(s: str) -> str:
    return nfkc(strip_invisible(s)).casefold()


# Space and line feed map to themselves and compose with nothing on either side, so
# normalisation never reaches across them (tests/core/test_parser.py checks this against
# every code point): NFKC of a text is the NFKC of its pieces between them, joined again.
_NFKC_STABLE = ("\n", " ")


def nfkc(s: str) -> str:
    """unicodedata.normalize("NFKC", s), normalising only the pieces that need it.

    A full normalisation costs about a hundred times the quick check that finds a text
    already normal; in Japanese mail nearly every line is, except for a fullwidth ￥ or
    digit here and there.
    """
    if unicodedata.is_normalized("NFKC", s):
        return s
    return _nfkc_pieces(s, 0)


def _nfkc_pieces(s: str, level: int) -> str:
    sep = _NFKC_STABLE[level]
    out = []
    for piece in s.split(sep):
        if not unicodedata.is_normalized("NFKC", piece):
            piece = (unicodedata.normalize("NFKC", piece) if level + 1 == len(_NFKC_STABLE)
                     else _nfkc_pieces(piece, level + 1))
        out.append(piece)
    return sep.join(out)


_fold_memo = lru_cache(maxsize=8)(_fold)
