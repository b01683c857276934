"""Every place the engine names for a piece of evidence is one the panel can put into words.

The panel (extension/lib/render.js, ``sourceText``) shows an evidence's ``source`` only
when it is one of its keys, a link, or a header name; anything else is dropped without a
word, which is how "本文" once went missing from every Japanese panel. This holds the
engine to the panel's contract over the real mails of the corpus and the examples.
"""

from __future__ import annotations

import re
from pathlib import Path

from paths import REPO, corpus_dir

from honmono import Settings, analyse
from honmono.core.model import Evidence, Msg

RENDER_JS = REPO / "extension" / "lib" / "render.js"
_KEY = re.compile(r'^\s*(?:"([^"]+)"|([A-Za-z]\w*))\s*:\s*"src\w+"', re.M)


def panel_source_keys() -> set[str]:
    block = RENDER_JS.read_text("utf-8").split("const SOURCE_KEYS = Object.freeze({", 1)[1]
    block = block.split("});", 1)[0]
    return {a or b for a, b in _KEY.findall(block)}


# A signature's or a seal's own line, e.g. "DKIM-Signature d=amazon.com s=x": technical,
# shown by the panel in the authentication section, where its details already name it.
_TECHNICAL = ("DKIM-Signature ", "ARC-Seal ")


def shown_by_panel(source: str, keys: set[str]) -> bool:
    # The same three cases as sourceText in render.js.
    return (source in keys
            or re.match(r"^[a-z][a-z0-9+.-]*://", source, re.I) is not None
            or (re.fullmatch(r"[A-Za-z][A-Za-z-]*", source) is not None and "." not in source))


def _names_its_file(ev: Evidence) -> bool:
    # An attachment's evidence has the file's name as its source; its title names it too.
    return isinstance(ev.title, Msg) and ev.title.params.get("name") == ev.source


def test_the_panel_keys_are_read() -> None:
    keys = panel_source_keys()
    assert {"From", "body", "Subject", "DKIM-Signature"} <= keys
    assert not shown_by_panel("本文", keys)
    assert not shown_by_panel("settings.unknown", keys)


def _mails() -> list[Path]:
    folders = ["ja_amazon_phishing_mailing_lists", "phishing_pot_amazon", "genuine_amazon"]
    return sorted([p for f in folders for p in corpus_dir(f).glob("*.eml")]
                  + list((REPO / "examples").glob("*.eml")))


def test_every_evidence_source_is_shown_by_the_panel() -> None:
    keys = panel_source_keys()
    settings = Settings(offline=True, names=("田中太郎",), addresses=("taro@example.jp",))
    unshown: dict[str, set[str]] = {}
    seen = 0
    for path in _mails():
        for ev in analyse(path.read_bytes(), settings).evidence:
            if ev.source and not ev.source.startswith(_TECHNICAL) and not _names_its_file(ev):
                seen += 1
                if not shown_by_panel(ev.source, keys):
                    unshown.setdefault(ev.source, set()).add(f"{path.name}:{ev.id}")
    assert seen > 100
    assert not unshown, unshown
