"""Does the mail present itself as the brand? Merely mentioning it is not a claim.

A strong claim (From domain, display name, the brand's own footer) makes a foreign sender
decisive; a weak one (subject, Return-Path, the body speaking as the brand) only makes the
mail worth checking. Names are compared on confusable skeletons so "Aܿmܿaܿzܿoܿn" and
"Amаzon" (Cyrillic а) claim as much as "Amazon", and names are read the way people read
them: "AmazonPay", "Amaz0n", "Arnazon", "A m a z o n" and "アマゾン" all name the brand (the
ASCII look-alikes and spaced letters also count as a disguise: no genuine sender writes its
own name that way).

How strongly: a mail that presents itself as the brand (From, display name, footer) makes
a strong claim; one whose own words speak as the brand (its account, its customers, a
subject that names it) a weak one. What it only quotes ('>' lines) is not its voice. A
sender that names itself as another organisation, consistent with a From domain that signs
its own mail, is a third party talking about the brand: its weak claims are mentions.
An image-only mail is read through its images' alt text and file names.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from honmono.auth import arh
from honmono.brands.registry import Brand
from honmono.core.model import Claim, Msg
from honmono.mail.quoting import split_voices
from honmono.mail.types import ParsedMessage
from honmono.net.domains import is_brand_domain, organisational, public_suffix, within
from honmono.net.lookalike import lookalike_of, misspelt_mark
from honmono.text.normalize import fold
from honmono.text.skeleton import skeleton

_WORD = re.compile(r"[a-z0-9]+")
# Letters of another script than Latin, in a skeleton (lower case already).
_NATIVE_RUN = re.compile(r"[^\W\d_a-z]+")
# A body is judged on its beginning and its end, where templates put greetings and footers.
_BODY_HEAD = 20_000
_BODY_TAIL = 5_000


def _terms(terms: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(skeleton(t) for t in terms)


@cache
def _name_pattern(brand: Brand) -> re.Pattern[str]:
    # Latin names must stand as words ("Amazonas Tours" is not Amazon); others (アマゾン)
    # are matched anywhere, as Japanese has no spaces between words.
    parts = []
    for term in _terms(brand.senders.brand_names):
        esc = re.escape(term)
        parts.append(rf"(?<![a-z0-9]){esc}(?![a-z0-9])" if term.isascii() else esc)
    return re.compile("|".join(parts))


# Letters standing one by one ("A m a z o n", "A.m.a.z.o.n"): four or more single
# characters each followed by one separator. No nested quantifier over overlapping classes.
_SPACED = re.compile(r"(?<![a-z0-9])(?:[a-z0-9][ .\-_*·\u30fb]){3,}[a-z0-9](?![a-z0-9])")
# ASCII look-alikes as readers take them (the domain checks do the same for hosts).
_ASCII_LOOKS = (("rn", "m"), ("vv", "w"), ("0", "o"), ("|", "l"))


def _joined(m: re.Match[str]) -> str:
    return "".join(ch for ch in m.group(0) if ch.isalnum())


def _read_as(sk: str) -> tuple[str, ...]:
    """The skeleton as a reader takes it: spaced letters joined, ASCII look-alikes mapped
    ("1" read as l, or as i)."""
    sk = _SPACED.sub(_joined, sk)
    for a, b in _ASCII_LOOKS:
        if a in sk:
            sk = sk.replace(a, b)
    return (sk.replace("1", "l"), sk.replace("1", "i")) if "1" in sk else (sk,)


def _disguised(text: str, brand: Brand) -> bool:
    """The brand's name is there only once look-alike characters are mapped back."""
    pattern = _name_pattern(brand)
    if pattern.search(fold(text)):
        # Written plainly, unless invisible characters sit inside the name ("A\u200bmazon").
        return not pattern.search(unicodedata.normalize("NFKC", text).lower())
    sk = skeleton(text)
    return bool(pattern.search(sk)) or any(pattern.search(r) for r in _read_as(sk))


def _misspelt(text: str, brand: Brand) -> bool:
    """A Latin word of the name is a typo of the brand's mark ("Amazom", "Amzon"), read as
    the domain checks read a host's label: no genuine sender misspells its own name."""
    return any(len(w) >= 5 and misspelt_mark(w, brand)
               for w in _WORD.findall(fold(text)) if not w.isdigit())


def _names_brand(text: str, brand: Brand, display: bool = False) -> bool:
    sk = skeleton(text)
    pattern = _name_pattern(brand)
    if pattern.search(sk):
        return True
    if any(r != sk and pattern.search(r) for r in _read_as(sk)):
        return True
    words = {w for w in _WORD.findall(sk) if not w.isdigit()}
    if words & set(brand.senders.display_name_words):
        return True
    if display and words & set(brand.senders.display_name_only_words):
        return True
    # A service's name ("Prime", "Alexa", "Fire TV") impersonates only when nothing else
    # in the name is a proper name of its own ("Bradesco Prime", "Alexa Smith",
    # "Kindleセール速報", a blog's name), and, for one that is also a given name, only
    # beside a service word ("Alexa" alone may be a friend).
    # Words in Japanese script stand beside it too ("Alexaサポート"); _native_name then
    # checks that they are only service words.
    beside_native = bool(_NATIVE_RUN.search(sk))
    return any(key <= words and (others := words - key) <= generic
               and (alone or bool(others) or beside_native)
               for key, generic, alone in _qualified(brand)) and not _native_name(sk, brand)


@cache
def _qualified(brand: Brand) -> tuple[tuple[frozenset[str], frozenset[str], bool], ...]:
    """The brand's qualified service names: each one's words, its generic words, and
    whether it claims alone."""
    return tuple((frozenset(name.split()), frozenset(q.generic), q.alone)
                 for name, q in brand.claim.display_name_qualified_words.items())


def _native_rest(sk: str, brand: Brand) -> list[str]:
    """What is left of each run of Japanese (or another non-Latin script) in a skeleton
    once the brand's service words are taken out."""
    generic = _generic_longest_first(brand)
    rest = []
    for run in _NATIVE_RUN.findall(sk):
        for g in generic:
            run = run.replace(g, "")
        rest.append(run)
    return rest


def _native_name(sk: str, brand: Brand) -> bool:
    """Words in Japanese (or another non-Latin script) in the text that are more than
    service words: a name of its own ("セール速報"), unlike "カスタマーセンター"."""
    return any(len(run) >= 2 for run in _native_rest(sk, brand))


def _window(text: str) -> str:
    return text if len(text) <= _BODY_HEAD + _BODY_TAIL else (
        text[:_BODY_HEAD] + "\n" + text[-_BODY_TAIL:])


def _body_claims(window: str, brand: Brand, topics: bool = True) -> bool:
    """The words speak as the brand: its phrases (``topics``: the brand's things people
    talk about too, its gift cards), or a first line headed with its name."""
    sk = skeleton(window)
    phrases = brand.claim.body_claim_phrases + (brand.claim.body_topic_phrases if topics
                                                else ())
    first = next((line for line in window.splitlines() if line.strip()), "")
    return any(p in sk for p in _terms(phrases)) or _labelled(first, brand)


@cache
def _label_pattern(brand: Brand) -> re.Pattern[str]:
    names = _name_pattern(brand).pattern
    return re.compile(rf"\s*(?:[【\[「(〔]\s*(?:{names})\s*[】\]」)〕]|(?:{names})\s*:)")


def _labelled(text: str, brand: Brand) -> bool:
    """The text opens with the brand's name as its label ("Amazon.co.jp: …", "【Amazon】…"),
    as a sender heads its own notices: someone writing about the brand names it in a
    sentence, not as the heading of what they say."""
    return bool(_label_pattern(brand).match(skeleton(text)))


def _speaks(subject: str, brand: Brand) -> bool:
    """A subject in the brand's voice, not only about it."""
    return _labelled(subject, brand) or any(
        p in skeleton(subject) for p in _terms(brand.claim.body_claim_phrases))


def _personal_mailbox(msg: ParsedMessage, brand: Brand) -> bool:
    return (len(msg.from_) == 1 and "@" in msg.from_[0].addr
            and within(msg.from_[0].domain, brand.claim.personal_mail_domains))


_ADDRESS = re.compile(r"[^\s<>@\"]{1,64}@([A-Za-z0-9.\-]{1,253})")
_DKIM_D = re.compile(r"(?:^|;)\s*d\s*=\s*([A-Za-z0-9.\-]+)")
# Claims a person's own mail makes merely by what it is about.
_TOPIC_CLAIMS = frozenset({"claim.subject", "claim.file_name", "claim.image"})
# An image-only mail: its own visible words fit in a line or two.
_IMAGE_ONLY_TEXT = 160


def _generic(brand: Brand) -> frozenset[str]:
    qualified = brand.claim.display_name_qualified_words
    words = {skeleton(w) for w in brand.claim.third_party_generic_words}
    for q in qualified.values():
        words.update(q.generic)
    return frozenset(words)


_generic_words = cache(_generic)


@cache
def _generic_longest_first(brand: Brand) -> tuple[str, ...]:
    return tuple(sorted(_generic_words(brand), key=len, reverse=True))


def own_domain_authenticated(msg: ParsedMessage, org: str, trusted: tuple[str, ...]) -> bool:
    """The From domain signs its own mail: the user's trusted server says so when there is
    one (its dmarc or dkim result for that domain), else a signature header of that domain
    is present."""
    if trusted and any(k.lower() == "authentication-results" for k, _ in msg.headers):
        report = arh.collect(msg.headers, trusted)
        if report.used:
            dmarc = [r for r in report.results("dmarc")
                     if organisational(r.prop("header.from").lower()) == org]
            if dmarc:
                return any(r.result == "pass" for r in dmarc)
            dkim = [r for r in report.results("dkim")
                    if organisational(r.prop("header.d").lower()) == org]
            return any(r.result == "pass" for r in dkim)
    return any(organisational(m.group(1).lower().rstrip(".")) == org
               for v in msg.header_all("DKIM-Signature")
               for m in [_DKIM_D.search(" ".join(v.split()))] if m)


def _third_party(msg: ParsedMessage, shown: str, brand: Brand,
                 trusted: tuple[str, ...] = ()) -> str:
    """The organisation a sender names itself as, when its From domain signs its own mail
    and the name fits that domain; "" otherwise. Its key is not fetched (Honmono looks up
    only the brand's keys, so no sender learns from its DNS that a mail was opened): a
    forger who adds a signature header gains only "a third party talks about Amazon", and
    where the user's own server reports on the domain, its word decides."""
    if len(msg.from_) != 1 or "@" not in msg.from_[0].addr or not shown:
        return ""
    dom = msg.from_[0].domain
    org = organisational(dom)
    if not org or is_brand_domain(dom, brand) or lookalike_of(dom, brand):
        return ""
    if _personal_mailbox(msg, brand):
        # Anyone types any name on a free mailbox: its signature vouches for no organisation.
        return ""
    if not own_domain_authenticated(msg, org, trusted):
        return ""
    generic = _generic_words(brand)
    sk = skeleton(shown)
    words = [w for w in re.findall(r"[^\W_]+", sk) if w not in generic]
    latin = [w for w in words if w.isascii() and not w.isdigit()]
    suffix = public_suffix(dom)
    labels = [lb for lb in dom[: len(dom) - len(suffix)].split(".")
              if len(lb) >= 3 and lb not in generic]
    joined = "".join(latin)
    fits = any((len(w) >= 3 and any(w in lb for lb in labels)) for w in latin) or any(
        len(lb) >= 4 and lb.replace("-", "") in joined for lb in labels)
    # A name in Japanese script cannot be spelt against an ASCII domain: any name that is
    # more than generic service words stands for its sender, beside Latin letters too
    # short to be a name to spell ("マネーフォワード ME", "… JP").
    native = any(not w.isascii() and not any(g in w and len(w) - len(g) < 2 for g in generic)
                 for w in words)
    return shown if fits or (native and all(len(w) < 3 for w in latin)) else ""


def _image_claims(msg: ParsedMessage, own: str, brand: Brand) -> bool:
    if len(own.strip()) > _IMAGE_ONLY_TEXT:
        return False
    pattern = _name_pattern(brand)
    for link in msg.links:
        if link.origin != "image":
            continue
        name = link.href.rsplit("/", 1)[-1].split("?", 1)[0]
        if pattern.search(skeleton(link.text)) or pattern.search(skeleton(name)):
            return True
    return False


@cache
def _joined_names(brand: Brand) -> tuple[tuple[str, ...], frozenset[str]]:
    """The brand's one-word Latin names, and the ordinary words that begin with them."""
    names = {skeleton(t) for t in (*brand.senders.brand_names, *brand.senders.display_name_words)}
    return (tuple(sorted(n for n in names if n.isascii() and n.isalnum() and len(n) >= 4)),
            frozenset(w.lower() for w in brand.links.brand_word_exceptions))


def _joined_names_brand(text: str, brand: Brand) -> str:
    """The brand's name run into other words, as addresses and file names write it
    ("amazon.cs.team", "amazonsecurity", "AmazonInvoice"): a word that begins or ends with
    it, read as a reader takes it (look-alikes mapped), unless it is an ordinary word
    ("amazonia", "amazonite"). "" when none."""
    names, ordinary = _joined_names(brand)
    for read in _read_as(skeleton(text)):
        for word in _WORD.findall(read):
            if word not in ordinary and any(word.startswith(n) or word.endswith(n)
                                            for n in names):
                return str(word)
    return ""


def _names_someone(shown: str, brand: Brand) -> bool:
    """The display name is a name of its own ("工房珈琲", "Kobo Coffee"), not only words
    for a service ("Customer Support", "カスタマーサポート")."""
    generic = _generic_longest_first(brand)
    for w in re.findall(r"[^\W_]+", skeleton(shown)):
        if w.isdigit() or w in generic:
            continue
        if w.isascii():
            if len(w) >= 3:
                return True
            continue
        for g in generic:
            w = w.replace(g, "")
        if len(w) >= 2:
            return True
    return False


def _local_part_claims(msg: ParsedMessage, shown: str, brand: Brand) -> bool:
    """The From address's own name presents the brand ("amazon-security@notice-mailer.net")
    under a display name that names no one else: readers then read the address, and the
    brand does not write from other domains. A shop named in the display name that uses
    "amazon-order@" for its marketplace orders speaks as the shop."""
    if shown and _names_someone(shown, brand):
        return False
    for a in msg.from_:
        local, at, _ = a.addr.rpartition("@")
        if at and not is_brand_domain(a.domain, brand) and (
                _names_brand(local, brand) or _joined_names_brand(local, brand)):
            return True
    return False


def _file_name_claims(msg: ParsedMessage, brand: Brand) -> str:
    """A shown file name (an attachment, an inline image) that names the brand."""
    for name in msg.file_names:
        if _names_brand(name, brand) or _joined_names_brand(name, brand):
            return name
    return ""


def _self_named(msg: ParsedMessage, shown: str, brand: Brand, trusted: tuple[str, ...]) -> bool:
    """A person writing from a mailbox of their own name ("Ichiro Suzuki"
    <ichiro.suzuki@…>), or under a name in Japanese script at a free mailbox provider
    ("山本 由美" <yumi_yamamoto55@yahoo.co.jp>), whose domain signs its mail: the topic they
    write about is theirs."""
    if len(msg.from_) != 1 or "@" not in msg.from_[0].addr or not shown:
        return False
    a = msg.from_[0]
    org = organisational(a.domain)
    if not org or is_brand_domain(a.domain, brand) or lookalike_of(a.domain, brand):
        return False
    generic = _generic_words(brand)
    words = {w for w in _WORD.findall(skeleton(shown)) if len(w) >= 3 and not w.isdigit()}
    local = set(_WORD.findall(skeleton(a.addr.rpartition("@")[0])))
    person = bool((words - generic) & local) or (
        _personal_mailbox(msg, brand) and _native_person(shown, brand))
    return person and own_domain_authenticated(msg, org, trusted)


def _native_person(shown: str, brand: Brand) -> bool:
    """A name in Japanese (or another non-Latin) script, which cannot be spelt against the
    address: only it is taken on trust at a free mailbox. A Latin name ("John Smith"
    <xk29a@gmail.com>) must match its address to count as the writer's own."""
    sk = skeleton(shown)
    if any(len(w) >= 3 and not w.isdigit() for w in _WORD.findall(sk)):
        return False
    # One character is a name too ("母", "兄").
    return any(_native_rest(sk, brand))


def _address_claims(msg: ParsedMessage, brand: Brand) -> list[Msg]:
    out: list[Msg] = []
    for label, addrs in (("From", msg.from_), ("Reply-To", msg.reply_to)):
        for a in addrs:
            dom = a.domain if "@" in a.addr else ""
            if is_brand_domain(dom, brand):
                out.append(Msg("claim.domain", {"header": label, "domain": dom}))
            elif dom and lookalike_of(dom, brand):
                out.append(Msg("claim.lookalike_domain", {"header": label, "domain": dom}))
    return out


def _shown_name(msg: ParsedMessage) -> str:
    # The display name is read from the whole header minus the real address: broken From
    # headers ("Max von Amazon,(<x@y>)") defeat address parsers but not readers, and an
    # address written into the name ("Support@prime.membership.com") is part of the act.
    shown = msg.header("From")
    for a in msg.from_:
        if "@" in a.addr:
            shown = shown.replace(a.addr, " ")
    return " ".join(shown.split())


def _quoted_sender_claims(quoted_from: tuple[str, ...], brand: Brand) -> list[Msg]:
    out: list[Msg] = []
    for line in quoted_from:
        # Quoting Amazon's own address is quoting Amazon; a quoted sender that names Amazon
        # from elsewhere is a scam being passed on.
        addr = _ADDRESS.search(line)
        own = addr is not None and is_brand_domain(addr.group(1).lower().rstrip("."), brand)
        if not own and _names_brand(line, brand):
            out.append(Msg("claim.forwarded_sender", {"line": repr(line[:80])}))
    return out


def detect_claim(msg: ParsedMessage, brand: Brand, trusted: tuple[str, ...] = ()) -> Claim:
    """``trusted``: the authserv-ids of the user's own servers, whose word on whether a
    third party's From domain is authenticated is believed."""
    weak: list[Msg] = []
    voices = split_voices(_window(msg.text), brand) if msg.text else None

    strong = _address_claims(msg, brand)
    shown = _shown_name(msg)
    misspelt = bool(shown) and _misspelt(shown, brand)
    if shown and (misspelt or _names_brand(shown, brand, display=True)):
        # repr: quoted, and control characters from the mail escaped.
        strong.append(Msg("claim.display_name", {"name": repr(shown[:80])}))
    if _names_brand(msg.subject, brand):
        weak.append(Msg("claim.subject"))
    if not strong and _local_part_claims(msg, shown, brand):
        weak.append(Msg("claim.local_part", {"address": repr(msg.from_[0].addr[:80])}))
    file_name = _file_name_claims(msg, brand)
    if file_name:
        weak.append(Msg("claim.file_name", {"name": repr(file_name[:80])}))
    quoted_from = (voices.quoted_senders if voices else ()) + tuple(
        f"From: {v[:300]}" for v in msg.forwarded_from)
    # A forwarded scam speaks as the brand whoever forwards it: kept past the third-party
    # reading below, which is about the forwarder's own voice.
    forwarded = _quoted_sender_claims(quoted_from, brand)
    disguised = tuple(where for where, text in (("display name", shown), ("subject", msg.subject),
                                                *(("forwarded sender", q) for q in quoted_from))
                      if text and _disguised(text, brand))
    if misspelt and "display name" not in disguised:
        disguised += ("display name",)
    rp = msg.return_path
    if "@" in rp and is_brand_domain(rp.rpartition("@")[2].lower(), brand):
        weak.append(Msg("claim.return_path"))
    footer = brand.links.official_footer_url
    if footer and f"「{footer}」" in msg.text:
        strong.append(Msg("claim.footer"))
    elif voices and _body_claims(voices.own, brand):
        weak.append(Msg("claim.body"))
    own_words = voices.own if voices else ""
    if not strong and not weak and not forwarded and _image_claims(msg, own_words, brand):
        weak.append(Msg("claim.image"))
    third = ""
    if weak and not strong and not disguised:
        third = _third_party(msg, shown, brand, trusted)
        if third:
            weak = []  # a third party talking about the brand: a mention, not a claim
        elif _self_named(msg, shown, brand, trusted):
            # Their subject and file names are their topic, and so is a gift card they
            # mention. Words speaking as the brand stay a claim, a subject headed with its
            # name too: scams arrive signed from stolen personal mailboxes.
            speaks = {"claim.subject": _speaks(msg.subject, brand),
                      "claim.body": _body_claims(own_words, brand, topics=False)}
            weak = [w for w in weak if speaks.get(w.id, w.id not in _TOPIC_CLAIMS)]
            third = "" if weak else (msg.from_[0].display or shown)

    found = strong + forwarded + weak
    reasons = tuple(r for i, r in enumerate(found) if r not in found[:i])
    return Claim(brand=brand.name if reasons else None, strong=bool(strong), reasons=reasons,
                 disguised=disguised, third_party=third)


def claim_of(msg: ParsedMessage, brands: tuple[Brand, ...],
             trusted: tuple[str, ...]) -> tuple[Brand, Claim]:
    """The brand the mail speaks as, and how: the first strong claim in the brands' order,
    else the first weak one. Speaking as none, the first brand's answer (its third-party
    finding, if any, is the one kept)."""
    found: list[tuple[Brand, Claim]] = []
    for brand in brands:
        claim = detect_claim(msg, brand, trusted)
        if claim.strong:
            return brand, claim
        found.append((brand, claim))
    return next(((b, c) for b, c in found if c.brand is not None),
                next(((b, c) for b, c in found if c.third_party), found[0]))
