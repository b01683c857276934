"""The extension's header pre-filter (extension/lib/claim-filter.js) over the shared corpus.

On arrival, only mail whose headers (From's display name and address, Subject, as
Thunderbird decodes them) present Amazon is read in full and sent to the host; the rest is
never read. Held to account here on real mail: Amazon phishing whose headers name Amazon
(or "Prime") must be read; ordinary mail and other phishing must not be, unless their
headers do name Amazon. The figures are printed (`pytest -s`) and quoted in
extension/README.md.
"""

from __future__ import annotations

import csv
import email
import email.policy
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from paths import REPO, corpus_dir

FILTER = REPO / "extension" / "lib" / "claim-filter.js"
RUN = """
import { headerClaimsAmazon } from %s;
let input = "";
process.stdin.setEncoding("utf8");
for await (const chunk of process.stdin) input += chunk;
const rows = JSON.parse(input);
process.stdout.write(JSON.stringify(rows.map((r) => headerClaimsAmazon(r))));
"""
# Invisible characters phishers put between letters ("P\ufeffr\ufeffi\ufeffm\ufeffe").
INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff]")


def _headers(path: Path) -> dict[str, str]:
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)

    def get(name: str) -> str:
        try:
            return str(msg.get(name, "") or "")
        except (ValueError, IndexError):  # a header Python cannot parse: its raw text
            return str(msg.get_all(name, [""])[0])

    return {"author": get("From"), "subject": get("Subject")}


def _read(folder: Path) -> dict[str, tuple[bool, dict[str, str]]]:
    if not shutil.which("node"):
        pytest.skip("node is not installed")
    files = sorted(folder.glob("*.eml"))
    headers = [_headers(p) for p in files]
    script = RUN % json.dumps(FILTER.as_uri())
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=json.dumps(headers),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    flags = json.loads(out.stdout)
    return {p.name: (bool(f), h) for p, f, h in zip(files, flags, headers, strict=True)}


def _manifest(folder: Path) -> dict[str, dict[str, str]]:
    with open(folder / "MANIFEST.tsv", encoding="utf-8", newline="") as fh:
        return {row["file"]: row for row in csv.DictReader(fh, delimiter="\t")}


def _display_name_words(author: str) -> list[str]:
    name = INVISIBLE.sub("", author.rsplit("<", 1)[0] if "<" in author else "")
    return re.findall(r"\w+", name.lower())


def _names_amazon(h: dict[str, str]) -> bool:
    return "amazon" in f"{h['author']} {h['subject']}".lower()


def test_amazon_phishing_whose_headers_present_amazon_is_read() -> None:
    folder = corpus_dir("phishing_pot_amazon")
    manifest = _manifest(folder)
    read = _read(folder)
    in_headers = [
        name
        for name, row in manifest.items()
        if {"from", "subject"} & set(row["amazon_match_in"].split(","))
    ]
    prime = [name for name, (_, h) in read.items() if "prime" in _display_name_words(h["author"])]
    assert len(in_headers) > 30 and len(prime) >= 4, (len(in_headers), prime)
    missed = [name for name in {*in_headers, *prime} if not read[name][0]]
    assert missed == [], missed
    body_only = [name for name, (flag, _) in read.items() if not flag]
    print(
        f"\nphishing_pot_amazon: {len(read) - len(body_only)} of {len(read)} read by the header"
        f" filter; not read (Amazon only in the body or an attachment): {sorted(body_only)}"
    )
    for name in body_only:
        assert not {"from", "subject"} & set(manifest[name]["amazon_match_in"].split(","))


def test_japanese_amazon_phishing_is_read() -> None:
    read = _read(corpus_dir("ja_amazon_phishing_mailing_lists"))
    missed = [name for name, (flag, _) in read.items() if not flag]
    print(f"\nja_amazon_phishing: {len(read) - len(missed)} of {len(read)} read")
    assert missed == []


@pytest.mark.parametrize("corpus", ["ham_spamassassin", "phishing_pot_other"])
def test_mail_whose_headers_do_not_present_amazon_is_not_read(corpus: str) -> None:
    read = _read(corpus_dir(corpus))
    wrongly = [
        (name, h["author"])
        for name, (flag, h) in read.items()
        if flag and not _names_amazon(h) and "prime" not in _display_name_words(h["author"])
    ]
    assert wrongly == []
    flagged = [name for name, (flag, _) in read.items() if flag]
    print(f"\n{corpus}: {len(flagged)} of {len(read)} read in full: {flagged}")
    # Ordinary mail that mentions Amazon in its body only is never read.
    if corpus == "ham_spamassassin":
        mentions = {n for n, row in _manifest(corpus_dir(corpus)).items() if row["flag"]}
        assert mentions
        assert not [n for n in mentions if read[n][0] and not _names_amazon(read[n][1])]
