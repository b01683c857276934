"""Decoding text whose declared charset may be missing or wrong.

Japanese mail declares ISO-2022-JP, Shift_JIS or EUC-JP, often imprecisely: Shift_JIS
mail uses Microsoft's CP932 extensions (①, ㈱, IBM kanji) and ISO-2022-JP mail uses
the NEC/IBM rows too. The supersets are tried first so that such characters survive.
"""

from __future__ import annotations

import codecs
import email.header

# A declared charset mapped to the superset that real senders mean by it.
_SUPERSETS = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "ms_kanji": "cp932",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "csiso2022jp": "iso2022_jp_ext",
    "euc-jp": "euc_jis_2004",
    "x-euc-jp": "euc_jis_2004",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}

_GUESSES = ("utf-8", "iso2022_jp_ext", "cp932", "euc_jis_2004")


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    n = name.strip().strip('"').lower()
    n = _SUPERSETS.get(n, n)
    try:
        return codecs.lookup(n).name
    except LookupError:
        return None


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode ``data``; returns the text and a note when the declared charset was unusable."""
    codec = _codec(declared)
    if codec:
        try:
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):
            pass
    guesses = list(_GUESSES)
    if b"\x1b$" not in data:
        guesses.remove("iso2022_jp_ext")  # escape-free data is never ISO-2022-JP text
    for guess in guesses:
        try:
            text = data.decode(guess)
        except UnicodeDecodeError:
            continue
        note = f"charset {declared!r} wrong or unknown; read as {guess}" if declared else None
        return text, note
    return data.decode(codec or "utf-8", errors="replace"), (
        f"charset {declared or 'missing'}: undecodable bytes replaced"
    )


def decode_header_value(value: str) -> str:
    """Decode RFC 2047 encoded words, tolerating bad charsets and broken encodings."""
    if "=?" not in value:
        return raw_header_text(value)
    try:
        chunks = email.header.decode_header(value)
    except Exception:  # malformed encoded words: show the header as it stands
        return raw_header_text(value)
    out: list[str] = []
    for chunk, charset in chunks:
        if isinstance(chunk, str):
            out.append(chunk)
        else:
            out.append(decode_bytes(chunk, charset)[0])
    return "".join(out)


def raw_header_text(value: str) -> str:
    # The stdlib parser hands undecodable 8-bit header bytes over as surrogates.
    if any("\udc80" <= c <= "\udcff" for c in value):
        raw = value.encode("utf-8", "surrogateescape")
        return decode_bytes(raw, None)[0]
    return value
