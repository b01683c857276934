"""Decoding text whose declared charset may be missing or wrong.

Japanese mail declares ISO-2022-JP, Shift_JIS or EUC-JP, often imprecisely: Shift_JIS
mail uses Microsoft's CP932 extensions (①, ㈱, IBM kanji) and ISO-2022-JP mail uses
the NEC/IBM rows too. The supersets are tried first so that such characters survive.
"""

from __future__ import annotations

import codecs
import email.header
import re

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
    # As browsers do (WHATWG Encoding): the label means the superset.
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
    "big5": "big5hkscs",
    "tis-620": "cp874",
    "us-ascii": "utf-8",
    "ascii": "utf-8",
    "unicode-1-1-utf-7": "utf-7",
}

_GUESSES = ("utf-8", "iso2022_jp_ext", "cp932", "euc_jis_2004")


def _codec(name: str | None) -> str | None:
    """The codec for a declared label: the supersets real senders mean first, then the
    WHATWG Encoding labels Thunderbird's decoder knows (``unicodefeff``, ``csunicode``,
    ``ucs-2`` are UTF-16LE there), then Python's own names."""
    if not name:
        return None
    n = name.strip().strip('"').strip().lower()
    if n in _SUPERSETS:
        n = _SUPERSETS[n]
    else:
        whatwg = _whatwg(n)
        if whatwg:
            n = whatwg
    try:
        return codecs.lookup(n).name
    except (LookupError, ValueError):  # unknown, or a name no codec can have (a NUL in it)
        return None


def _whatwg(label: str) -> str | None:
    import webencodings

    try:
        found = webencodings.lookup(label)
    except Exception:
        return None
    if found is None or found.name == "replacement":
        return None
    name: str = found.codec_info.name
    return name


def iso2022jp_to_cp932(data: bytes) -> bytes:
    """Re-encode ISO-2022-JP as CP932 bytes, keeping the NEC and IBM rows.

    Windows mailers send ISO-2022-JP with CP932's extra rows (①, ㈱, IBM kanji) — what
    Microsoft calls CP50220. Python's ISO-2022-JP codecs reject those rows; the JIS to
    Shift_JIS arithmetic maps them exactly, and CP932 then decodes them. One pass.
    """
    out = bytearray()
    mode = "ascii"
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 0x1B and i + 2 < n:
            seq = data[i + 1:i + 3]
            if seq in (b"$B", b"$@"):
                mode, i = "jis", i + 3
                continue
            if seq in (b"(B", b"(J"):
                mode, i = "ascii", i + 3
                continue
            if seq == b"(I":
                mode, i = "kana", i + 3
                continue
        if mode == "jis" and 0x21 <= b <= 0x7E and i + 1 < n and 0x21 <= data[i + 1] <= 0x7E:
            j1, j2 = b, data[i + 1]
            s1 = ((j1 + 1) >> 1) + (0x70 if j1 <= 0x5E else 0xB0)
            s2 = j2 + 0x1F + (j2 >= 0x60) if j1 & 1 else j2 + 0x7E
            out += bytes((s1, s2))
            i += 2
            continue
        if mode == "kana" and 0x21 <= b <= 0x5F:
            out.append(b + 0x80)
        else:
            out.append(b)
        i += 1
    return bytes(out)


def _decode_iso2022jp(data: bytes) -> str:
    try:
        return data.decode("iso2022_jp_ext")
    except UnicodeDecodeError:
        return iso2022jp_to_cp932(data).decode("cp932")


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Decode ``data``; returns the text and a note when the declared charset was unusable."""
    codec = _codec(declared)
    if codec:
        try:
            if codec == "iso2022_jp_ext":
                return _decode_iso2022jp(data), None
            return data.decode(codec), None
        except (UnicodeDecodeError, LookupError):
            pass
    guesses = list(_GUESSES)
    if b"\x1b$" not in data:
        guesses.remove("iso2022_jp_ext")  # escape-free data is never ISO-2022-JP text
    for guess in guesses:
        try:
            text = _decode_iso2022jp(data) if guess == "iso2022_jp_ext" else data.decode(guess)
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


_SURROGATE = re.compile("[\udc80-\udcff]")


def raw_header_text(value: str) -> str:
    # The stdlib parser hands undecodable 8-bit header bytes over as surrogates.
    if _SURROGATE.search(value):
        raw = value.encode("utf-8", "surrogateescape")
        return decode_bytes(raw, None)[0]
    return value
