"""Confusable skeletons: text reduced to the ASCII letters it imitates.

"Aܿmܿaܿzܿoܿn" (Syriac combining marks), "Amаzon" (Cyrillic а), "Αmazοn" (Greek) and
"𝐀𝐦𝐚𝐳𝐨𝐧" all become "amazon". The confusable table is Unicode's (TR39
confusables.txt) as shipped by the maintained ``confusable-homoglyphs`` package.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from honmono.message import fold


@cache
def _table() -> dict[int, str]:
    # Loaded on first non-ASCII text only: most mail headers never need it.
    from confusable_homoglyphs import confusables

    table: dict[int, str] = {}
    for char, glyphs in confusables.confusables_data.items():
        if len(char) != 1 or char.isascii():
            continue
        targets = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()
                   and g["c"].isalnum()]
        if targets:
            table[ord(char)] = targets[0].lower()
    return table


def skeleton(text: str) -> str:
    """Folded text with combining marks dropped and confusable letters mapped to ASCII."""
    folded = fold(text)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    # Non-spacing marks outside the combining classes (e.g. U+073F) are category Mn too.
    base = "".join(c for c in base if unicodedata.category(c) not in ("Mn", "Me", "Cf"))
    return base.translate(_table())
