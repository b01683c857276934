"""Confusable skeletons: text reduced to the ASCII letters it imitates.

"Aܿmܿaܿzܿoܿn" (Syriac combining marks), "Amаzon" (Cyrillic а), "Αmazοn" (Greek), "Àmazon",
"ᴀᴍᴀᴢᴏɴ" (small capitals) and "𝐀𝐦𝐚𝐳𝐨𝐧" all become "amazon", while Japanese stays as
written (が stays が: the text is NFKC-composed and only marks left standing alone are
dropped). The confusable table is Unicode's (TR39 confusables.txt) as shipped by the
maintained ``confusable-homoglyphs`` package, reduced to the characters that imitate an
ASCII letter or digit, plus accented Latin letters mapped to their base letter and small
capitals to their letter (by their Unicode names); it is stored in
``text/confusables.json`` so a process does not parse the 1.7 MB original.
``python -m honmono.text.skeleton`` regenerates it; a test keeps it in sync.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from honmono.text.normalize import fold

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
    # Accented Latin letters (Latin-1 Supplement to Latin Extended-B, Latin Extended
    # Additional): their decomposition's base letter.
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1]
        if char not in table and base.isascii() and base.isalpha():
            table[char] = base.lower()
    # Small capitals ("ᴀᴍᴀᴢᴏɴ"): TR39 leaves most of them out and NFKC keeps them, yet a
    # reader reads each as its letter, as its Unicode name says ("LATIN LETTER SMALL
    # CAPITAL A"). IPA Extensions, Phonetic Extensions, Latin Extended-D.
    for code in [*range(0x250, 0x2B0), *range(0x1D00, 0x1D80), *range(0xA720, 0xA800)]:
        char = chr(code)
        m = _SMALL_CAPITAL.fullmatch(unicodedata.name(char, ""))
        if char not in table and m:
            table[char] = m.group(1).lower()
    return dict(sorted(table.items()))


_SMALL_CAPITAL = re.compile(r"LATIN LETTER SMALL CAPITAL ([A-Z])")


@cache
def _table() -> dict[int, str]:
    text = resources.files("honmono.text").joinpath(DATA).read_text("utf-8")
    return {ord(k): v for k, v in json.loads(text)["table"].items()}


_MARKS = frozenset(("Mn", "Me", "Cf"))


def skeleton(text: str) -> str:
    """fold(), then marks standing alone dropped and look-alike letters mapped to ASCII."""
    # Memoised like fold(): the same body is reduced by several checks.
    return _skeleton_memo(text) if len(text) <= 200_000 else _skeleton(text)


def _skeleton(text: str) -> str:
    folded = fold(text)
    if folded.isascii():
        return folded
    table = _table()
    # Map only the characters this text has: the table lookups and the category checks
    # cost per distinct character, not per character of a long body.
    mapping: dict[int, str | None] = {}
    for char in set(folded):
        code = ord(char)
        if code < 0x80:
            continue
        if code in table:
            mapping[code] = table[code]
        elif unicodedata.category(char) in _MARKS:
            mapping[code] = None
    if not mapping:
        return folded
    # A few single-character replacements are far faster than translate's per-character
    # lookups, and the same: every key is non-ASCII and every replacement ASCII (or
    # nothing), so no replacement creates a character a later one would change.
    if len(mapping) <= 8 and all(v is None or v.isascii() for v in mapping.values()):
        for code, repl in mapping.items():
            folded = folded.replace(chr(code), repl or "")
        return folded
    return folded.translate(mapping)


_skeleton_memo = lru_cache(maxsize=8)(_skeleton)


def compact(s: str) -> str:
    """Skeleton with every whitespace character removed, for spacing-tolerant comparison."""
    return "".join(skeleton(s).split())


if __name__ == "__main__":
    out = Path(__file__).parent / DATA
    payload = {"source": "confusable-homoglyphs (Unicode TR39 confusables.txt), characters "
                         "confusable with an ASCII letter or digit",
               "table": derive_table()}
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                   "utf-8")
    print(f"wrote {out} ({len(payload['table'])} characters)")
