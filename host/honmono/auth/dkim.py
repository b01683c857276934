"""Local DKIM verification (RFC 6376) of every DKIM-Signature, with dkimpy.

Each signature gets its own result, because one mail often carries several (Amazon signs
as amazon.com or amazon.co.jp and Amazon SES adds amazonses.com) and only the one whose
d= aligns with From says anything about the sender.

Results, in ARH vocabulary where one exists:

* ``pass``      — the signature verifies and nothing about it is dangerous;
* ``policy``    — it verifies, but covers too little to be believed (see DANGERS);
* ``fail``      — it does not verify: the body or a signed header changed after signing,
                  or the signature was never made with that key;
* ``permerror`` — it cannot be checked for good: key not published (``key_missing``),
                  key or signature malformed, signature expired;
* ``temperror`` — the key lookup failed for now (timeout, SERVFAIL, budget used up);
* ``unchecked`` — not verified, ``skipped`` says why: ``offline`` (no lookup allowed),
  ``irrelevant`` (the caller's ``relevant`` said its d= cannot matter, so its key is not
  asked for: every lookup tells the sender's DNS that the mail was opened), ``limit``
  (more than MAX_SIGNATURES worth checking), ``truncated`` (the mail was cut to fit:
  its signed headers verify, the body cannot be checked) or ``forwarded`` (the mail went
  through a list or forwarder that rewrote the body; its signed headers verify).

Every signature is read (up to MAX_READ) and its structural dangers computed before any
lookup, whatever becomes of its key: what a signature leaves unsigned is a fact of the mail.
Lookups then go in the caller's order of importance (``priority``), so that junk signatures
cannot push the one that matters past MAX_SIGNATURES or spend the DNS budget before it.

The key is fetched here, not by dkimpy, so that "key missing", "DNS down" and "signature
wrong" stay distinct — dkimpy reports all three as ``False``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from honmono.auth import additions
from honmono.auth.dns import DnsError, normalise, pick_key_record

if TYPE_CHECKING:
    from honmono.auth.dns import TxtResolver
    from honmono.mail.types import ParsedMessage

# A mail with hundreds of signatures is an attack on our time, not a mail: at most this
# many are verified (keys looked up), at most MAX_READ read at all.
MAX_SIGNATURES = 8
MAX_READ = 50
# RFC 8301 §3.2: verifiers must not accept RSA keys under 1024 bits.
MIN_RSA_BITS = 1024
# RFC 8301 §3.1: rsa-sha1 must not be used for verifying.
INSECURE_ALGORITHMS = frozenset({"rsa-sha1"})
# Headers the reader sees or the MIME parser obeys. A second, unsigned instance of one of
# them changes what is shown without breaking the signature (the duplicate-header trick).
DISPLAYED = ("from", "sender", "reply-to", "to", "cc", "subject", "date", "content-type",
             "content-transfer-encoding", "mime-version")

# LDH labels (underscores too: selectors such as "s_2024" exist); A-labels for IDNs.
_DNS_NAME = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?"
                       r"(?:\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$")

# Dangers, and whether they expose content (a forger can change what the reader sees
# under a valid signature) or only weaken the cryptography.
CONTENT_DANGERS = ("body_length", "from_unsigned", "subject_unsigned", "extra_unsigned")
CRYPTO_DANGERS = ("rsa_sha1", "weak_key")


@dataclass(slots=True)
class SignatureResult:
    index: int
    domain: str = ""
    selector: str = ""
    algorithm: str = ""
    canonicalization: str = ""
    identity: str = ""
    signed_headers: list[str] = field(default_factory=list)
    body_length: int | None = None
    unsigned_body_bytes: int = 0
    key_type: str = ""
    key_bits: int | None = None
    result: str = "unchecked"
    reason: str = ""
    key_missing: bool = False
    malformed: bool = False  # the signature itself is junk (not the key)
    dangers: list[str] = field(default_factory=list)
    b_prefix: str = ""  # start of b=, to match header.b in Authentication-Results
    timestamp: int | None = None
    # Why an ``unchecked`` signature was not verified (see the module doc).
    skipped: str = ""
    # Whether bh= matches the body as it is (None: not computed). Only orders the
    # lookups of a mail with several signatures; the verdict comes from verifying.
    body_hash_ok: bool | None = None
    # A body that does not match bh= but does once an addition is set aside
    # (additions.py): "footer" or "part", and the added bytes (canonical form).
    addition: str = ""
    added: bytes = b""

    @property
    def key_name(self) -> str:
        return f"{self.selector}._domainkey.{self.domain}"

    @property
    def content_dangers(self) -> list[str]:
        return [d for d in self.dangers if d.split(":")[0] in CONTENT_DANGERS]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["key_name"] = self.key_name
        out["added"] = len(self.added)
        return out


def _text(v: bytes | None) -> str:
    return v.decode("utf-8", "replace").strip() if v else ""


def _static_fields(res: SignatureResult, tags: dict[bytes, bytes]) -> None:
    res.domain = normalise(re.sub(rb"\s+", b"", tags.get(b"d", b"")))
    res.selector = normalise(re.sub(rb"\s+", b"", tags.get(b"s", b"")))
    res.algorithm = _text(tags.get(b"a")).lower()
    res.canonicalization = _text(tags.get(b"c")).lower() or "simple/simple"
    res.identity = _text(tags.get(b"i"))
    res.signed_headers = [h.strip().lower() for h in _text(tags.get(b"h")).split(":")
                          if h.strip()]
    res.b_prefix = re.sub(r"\s+", "", _text(tags.get(b"b")))[:32]
    length = _text(tags.get(b"l"))
    if length.isdigit():
        res.body_length = int(length)
    ts = _text(tags.get(b"t"))
    if ts.isdigit():
        res.timestamp = int(ts)


def _header_dangers(res: SignatureResult, counts: dict[str, int]) -> None:
    signed = res.signed_headers
    if "from" not in signed:
        res.dangers.append("from_unsigned")
    if "subject" not in signed:
        res.dangers.append("subject_unsigned")
    for name in DISPLAYED:
        present = counts.get(name, 0)
        if name in signed and present > signed.count(name):
            # DKIM signs the bottom-most instances; mail readers show the topmost one.
            res.dangers.append(f"extra_unsigned:{name}")
    if res.algorithm in INSECURE_ALGORITHMS:
        res.dangers.append("rsa_sha1")


class _Bodies:
    """The canonical body per c= and its hashes, computed once per mail: a mail with
    fifty signatures still canonicalises its body at most twice."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self._canon: dict[str, bytes | None] = {}
        self._hash: dict[tuple[str, str, int | None], bytes | None] = {}

    def canonical(self, c_value: str) -> bytes | None:
        body_c = c_value.partition("/")[2] or "simple"
        if body_c not in self._canon:
            from dkim.canonicalization import CanonicalizationPolicy

            try:
                policy = CanonicalizationPolicy.from_c_value(f"simple/{body_c}".encode())
                self._canon[body_c] = policy.canonicalize_body(self.body)
            except Exception:
                self._canon[body_c] = None
        return self._canon[body_c]

    def digest(self, c_value: str, algorithm: str, length: int | None) -> bytes | None:
        import hashlib

        key = (c_value.partition("/")[2] or "simple", algorithm, length)
        if key not in self._hash:
            body = self.canonical(c_value)
            name = "sha1" if algorithm.endswith("sha1") else "sha256"
            self._hash[key] = (None if body is None else
                               hashlib.new(name, body if length is None else body[:length])
                               .digest())
        return self._hash[key]


def _body_length_danger(res: SignatureResult, bodies: _Bodies) -> None:
    """l= with content after it: what follows is unsigned, whatever the key says."""
    if res.body_length is None:
        return
    body = bodies.canonical(res.canonicalization)
    if body is None:
        return
    res.unsigned_body_bytes = max(0, len(body) - res.body_length)
    if res.unsigned_body_bytes:
        res.dangers.append("body_length")


def _body_hash_ok(res: SignatureResult, bodies: _Bodies, bh: bytes) -> bool | None:
    import base64
    import binascii

    digest = bodies.digest(res.canonicalization, res.algorithm, res.body_length)
    if digest is None:
        return None
    try:
        return digest == base64.b64decode(re.sub(rb"\s+", b"", bh), validate=True)
    except (binascii.Error, ValueError):
        return False


def _key_list(tags: dict[bytes, bytes], tag: bytes) -> list[str] | None:
    """A colon-separated key tag (RFC 6376 §3.6.1), lower-cased; None when absent."""
    if tag not in tags:
        return None
    return [v.strip().lower() for v in _text(tags[tag]).split(":") if v.strip()]


def _key_refuses(res: SignatureResult, tags: dict[bytes, bytes]) -> str:
    """Why the key record does not let this signature prove anything ("" if it does):
    the restrictions of RFC 6376 §3.6.1 that dkimpy does not apply."""
    services = _key_list(tags, b"s")
    if services is not None and not {"*", "email"} & set(services):
        return "key not published for email (s=)"
    hashes = _key_list(tags, b"h")
    wanted = res.algorithm.rpartition("-")[2]
    if hashes is not None and wanted not in hashes:
        return f"key does not allow {wanted or '?'} (h=)"
    flags = _key_list(tags, b"t") or []
    if "y" in flags:
        # Testing mode: such mail MUST be treated as unsigned.
        return "key in testing mode (t=y): the signature counts for nothing"
    if "s" in flags and res.identity:
        auid = res.identity.rpartition("@")[2].lower().rstrip(".")
        if auid != res.domain:
            return "key refuses a subdomain identity (t=s)"
    return ""


# dkimpy drops a key whose s= is a list (it compares the whole value); the service is
# checked in _key_refuses, so its tag is taken out of what dkimpy reads.
_SERVICE_TAG = re.compile(rb"(?:^|;)\s*s\s*=[^;]*")


def _check_key(res: SignatureResult, record: bytes) -> bytes | None:
    """Parse the key record; the record dkimpy may read, or None (with a permerror) when
    it cannot serve."""
    import dkim
    from dkim.util import parse_tag_value

    try:
        tags = parse_tag_value(record)
    except Exception:
        tags = {}
    if tags and not re.sub(rb"\s+", b"", tags.get(b"p", b"x")):
        res.result, res.reason = "permerror", "key revoked (empty p=) by its owner"
        return None
    if tags and (refused := _key_refuses(res, tags)):
        res.result, res.reason = "permerror", refused
        return None
    record = _SERVICE_TAG.sub(lambda m: b";" if m.group().startswith(b";") else b"", record)
    try:
        _pk, bits, ktag, _tls = dkim.evaluate_pk(res.key_name.encode(), record)
    except Exception as exc:  # KeyFormatError, binascii.Error, nacl errors...
        res.result, res.reason = "permerror", f"key record unusable: {exc}"[:200]
        return None
    res.key_type = _text(ktag)
    res.key_bits = bits
    if res.key_type == "rsa" and bits is not None and bits < MIN_RSA_BITS:
        res.dangers.append("weak_key")
    return record


def _read_one(idx: int, value: bytes, counts: dict[str, int],
              bodies: _Bodies) -> tuple[SignatureResult, bytes]:
    """What a signature says and leaves unsigned, without any lookup. Returns the result
    (``unchecked`` unless the signature is junk) and its bh= value."""
    from dkim.util import parse_tag_value

    res = SignatureResult(index=idx)
    try:
        tags = parse_tag_value(value)
    except Exception as exc:
        res.result, res.reason, res.malformed = "permerror", f"unreadable signature: {exc}", True
        return res, b""
    _static_fields(res, tags)
    if not res.domain or not res.selector:
        res.result, res.reason, res.malformed = "permerror", "signature without d= or s=", True
        return res, b""
    if not (_DNS_NAME.match(res.domain) and _DNS_NAME.match(res.selector)):
        # Not a name DNS can hold: no key can exist, and no signer would write it.
        res.result, res.reason, res.malformed = "permerror", "d= or s= is not a DNS name", True
        return res, b""
    _header_dangers(res, counts)
    _body_length_danger(res, bodies)
    return res, tags.get(b"bh", b"")


def _verify_read(dk: Any, res: SignatureResult, resolver: TxtResolver,
                 truncated: bool, bodies: _Bodies, bh: bytes,
                 boundary: Callable[[], str]) -> None:
    """Look the key up and verify a signature that ``_read_one`` found well-formed."""
    import dkim

    try:
        records = resolver.txt(res.key_name)
    except DnsError as exc:
        res.result, res.reason = "temperror", str(exc)
        return
    record = pick_key_record(records)
    if record is None:
        res.result, res.reason, res.key_missing = (
            "permerror", f"no key published at {res.key_name}", True)
        return
    usable = _check_key(res, record)
    if usable is None:
        return
    record = usable

    def dnsfunc(_name: bytes, timeout: float = 5) -> bytes:
        return record  # the key already fetched: dkimpy must not ask DNS again

    idx = res.index
    try:
        ok = dk.verify(idx=idx, dnsfunc=dnsfunc)
    except dkim.ValidationError as exc:
        msg = str(exc)
        if msg.startswith("body hash mismatch"):
            if truncated:
                _verify_headers_only(dk, res, dnsfunc, "truncated", TRUNCATED_REASON)
            elif (found := _addition(res, bodies, bh, boundary)) is not None:
                # Known as added whatever the headers say: its links are not the brand's.
                res.addition, res.added = found.kind, found.added
                _verify_headers_only(dk, res, dnsfunc, "forwarded", FORWARDED_REASON)
            else:
                res.result, res.reason = ("fail",
                                          "body hash mismatch: the body changed after signing")
        elif "x= value is past" in msg:
            res.result, res.reason = "permerror", "signature expired (x=)"
        elif "t= value is in the future" in msg:
            # A signer's clock, not a forgery: unverifiable, like an expired signature.
            res.result, res.reason = "permerror", "signature dated in the future (t=)"
        else:
            res.result, res.reason, res.malformed = "permerror", msg[:200], True
        return
    except dkim.DKIMException as exc:
        res.result, res.malformed = "permerror", True
        res.reason = f"{type(exc).__name__}: {exc}"[:200]
        return
    if not ok:
        res.result, res.reason = "fail", "signature mismatch: a signed header changed, or forged"
        return
    if res.dangers:
        res.result, res.reason = "policy", "verifies, but: " + ", ".join(res.dangers)
    else:
        res.result, res.reason = "pass", ""


TRUNCATED_REASON = ("the mail was cut to fit: the signed headers verify, the body cannot be "
                    "checked")
FORWARDED_REASON = ("content was added to the body after signing, as mailing lists add "
                    "footers; the signed body verifies without it, and the signed headers "
                    "verify")


def _addition(res: SignatureResult, bodies: _Bodies, bh: bytes,
              boundary: Callable[[], str]) -> additions.Addition | None:
    """The addition that, set aside, makes bh= verify (additions.py); never with l=."""
    import base64
    import binascii

    if res.body_length is not None:
        return None
    body = bodies.canonical(res.canonicalization)
    if body is None:
        return None
    try:
        want = base64.b64decode(re.sub(rb"\s+", b"", bh), validate=True)
    except (binascii.Error, ValueError):
        return None
    return additions.find(body, res.algorithm, want, boundary())


def _verify_headers_only(dk: Any, res: SignatureResult, dnsfunc: Any, skipped: str,
                         reason: str) -> None:
    """The body cannot match bh= (the mail was cut to fit, or a list or forwarder it went
    through rewrote it). The header signature (b=) does not depend on the body: verify it
    alone. A header that fails is still a failure; the body is only "cannot be checked"."""
    prep = dk.verify_headerprep(res.index)
    if not prep:
        res.result, res.reason, res.malformed = "permerror", "signature not found", True
        return
    sig, include, sigheaders = prep
    sig = {k: v for k, v in sig.items() if k != b"bh"}
    if not dk.verify_sig(sig, include, sigheaders[res.index], dnsfunc):
        res.result, res.reason = "fail", "signature mismatch: a signed header changed, or forged"
        return
    res.result, res.skipped, res.reason = "unchecked", skipped, reason


def _boundary(msg: ParsedMessage) -> str:
    """The top-level multipart boundary, for additions.py."""
    from email.message import Message

    m = Message()
    m["Content-Type"] = msg.header("Content-Type")[:2000]
    if m.get_content_maintype() != "multipart":
        return ""
    return str(m.get_param("boundary") or "")


def signature_count(msg: ParsedMessage) -> int:
    return len(msg.header_all("DKIM-Signature"))


def _header_counts(raw: bytes) -> dict[str, int]:
    """Header instances per name, counted as Thunderbird's libmime finds them
    (MimeHeaders_get): a name may have white space before its colon ("From : x"), which
    dkimpy and Python's parser skip as junk while Thunderbird shows it. A first line
    "From " is the mbox separator every reader skips."""
    counts: dict[str, int] = {}
    head = re.split(rb"\r?\n\r?\n", raw, maxsplit=1)[0]
    for n, line in enumerate(re.split(rb"\r?\n", head)):
        if not line or line[:1] in (b" ", b"\t") or (n == 0 and line.startswith(b"From ")):
            continue
        name, colon, _ = line.partition(b":")
        if not colon:
            continue
        key = name.rstrip(b" \t").decode("ascii", "replace").lower()
        counts[key] = counts.get(key, 0) + 1
    return counts


def verify_all(msg: ParsedMessage, resolver: TxtResolver | None,
               offline_reason: str = "offline: keys not looked up", *,
               relevant: Callable[[str], bool] | None = None,
               irrelevant_reason: str = "not checked: not relevant",
               priority: Callable[[SignatureResult], Any] | None = None,
               truncated: bool = False) -> list[SignatureResult]:
    """Read every DKIM-Signature (up to MAX_READ) and verify up to MAX_SIGNATURES of those
    whose d= is ``relevant``, most important first (``priority``, smallest first; ties in
    the mail's order). Results come in the mail's order. Never raises on content.

    ``truncated``: the mail was cut to fit, so a body that does not match is not a failure.
    A body that does not match, but does once a footer or an added part is set aside
    (additions.py), under signed headers that verify, is ``unchecked``/``forwarded``: not
    a failure, never a proof. Whether the mail carries a list header does not matter.
    A mail without signatures returns at once: dkimpy is not even imported.
    """
    if not signature_count(msg):
        return []
    import dkim

    try:
        # minkey=0: weak keys are reported by us as a danger, not thrown by dkimpy.
        dk = dkim.DKIM(msg.raw, minkey=0)
        sigs = [v for k, v in dk.headers if k.lower() == b"dkim-signature"]
        counts = _header_counts(msg.raw)
        bodies = _Bodies(dk.body)
    except Exception as exc:
        return [SignatureResult(index=0, result="permerror", malformed=True,
                                reason=f"message unreadable for DKIM ({type(exc).__name__})")]
    out: list[SignatureResult] = []
    body_hashes: dict[int, bytes] = {}
    for idx, value in enumerate(sigs[:MAX_READ]):
        try:
            res, body_hashes[idx] = _read_one(idx, value, counts, bodies)
        except Exception as exc:  # belt and braces: one signature never sinks the rest
            res = SignatureResult(index=idx, result="permerror", malformed=True,
                                  reason=f"internal error ({type(exc).__name__})")
        out.append(res)
    todo = [r for r in out if r.result == "unchecked"]
    for res in todo:
        if relevant is not None and not relevant(res.domain):
            res.skipped, res.reason = "irrelevant", irrelevant_reason
        elif resolver is None:
            res.skipped, res.reason = "offline", offline_reason
    todo = [r for r in todo if not r.skipped]
    if len(todo) > 2:
        # Several signatures to look up: those whose bh= matches the body go first (a
        # junk one rarely does). One or two, as in every genuine mail, cost no extra hash.
        for res in todo:
            res.body_hash_ok = _body_hash_ok(res, bodies, body_hashes.get(res.index, b""))
    if priority is not None:
        todo.sort(key=priority)  # stable: ties keep the mail's order
    for n, res in enumerate(todo):
        if n >= MAX_SIGNATURES:
            res.skipped = "limit"
            res.reason = (f"not checked: only {MAX_SIGNATURES} signatures are verified per "
                          "mail")
            continue
        assert resolver is not None
        try:
            _verify_read(dk, res, resolver, truncated, bodies,
                         body_hashes.get(res.index, b""), lambda: _boundary(msg))
        except Exception as exc:  # dkimpy on hostile input: IndexError, binascii.Error, ...
            res.result, res.reason, res.malformed = (
                "permerror", f"unverifiable signature ({type(exc).__name__})", True)
    return out


def b_matches(b_prefix: str, header_b: str) -> bool:
    """ARH ``header.b`` carries the first characters (at least 8) of b= (RFC 6008)."""
    header_b = re.sub(r"\s+", "", header_b)
    if len(header_b) < 8 or len(b_prefix) < 8:
        return False
    n = min(len(header_b), len(b_prefix))
    return header_b[:n] == b_prefix[:n]
