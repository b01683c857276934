"""Confusable skeletons: text reduced to the ASCII letters it imitates.

"Aܿmܿaܿzܿoܿn" (Syriac combining marks), "Amаzon" (Cyrillic а), "Αmazοn" (Greek) and
"𝐀𝐦𝐚𝐳𝐨𝐧" all become "amazon". The confusable table is Unicode's (TR39
confusables.txt) as shipped by the maintained ``confusable-homoglyphs`` package, reduced
to the characters that imitate an ASCII letter or digit and stored in
``data/confusables.json`` (13 KB, so a process does not parse the 1.7 MB original).
``python -m honmono.skeleton`` regenerates it; a test keeps it in sync.
"""

from __future__ import annotations

import json
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

from honmono.message import fold

DATA = "confusables.json"


def derive_table() -> dict[str, str]:
    """The table from confusable-homoglyphs' data (a test/regeneration dependency)."""
    from confusable_homoglyphs import confusables

    table: dict[str, str] = {}
    for char, glyphs in sorted(confusables.confusables_data.items()):
        if len(char) != 1 or char.isascii():
            continue
        targets = [g["c"] for g in glyphs if len(g["c"]) == 1 and g["c"].isascii()
                   and g["c"].isalnum()]
        if targets:
            table[char] = targets[0].lower()
    return table


@cache
def _table() -> dict[int, str]:
    text = resources.files("honmono.data").joinpath(DATA).read_text("utf-8")
    return {ord(k): v for k, v in json.loads(text)["table"].items()}


def skeleton(text: str) -> str:
    """Folded text with combining marks dropped and confusable letters mapped to ASCII."""
    folded = fold(text)
    if folded.isascii():
        return folded
    decomposed = unicodedata.normalize("NFKD", folded)
    # Non-spacing marks outside the combining classes (e.g. U+073F) are category Mn too.
    base = "".join(c for c in decomposed
                   if not unicodedata.combining(c)
                   and unicodedata.category(c) not in ("Mn", "Me", "Cf"))
    return base.translate(_table())


if __name__ == "__main__":
    out = Path(__file__).parent / "data" / DATA
    payload = {"source": "confusable-homoglyphs (Unicode TR39 confusables.txt), characters "
                         "confusable with an ASCII letter or digit",
               "table": derive_table()}
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   "utf-8")
    print(f"wrote {out} ({len(payload['table'])} characters)")
