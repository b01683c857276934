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
* ``unchecked`` — no lookup allowed (offline).

The key is fetched here, not by dkimpy, so that "key missing", "DNS down" and "signature
wrong" stay distinct — dkimpy reports all three as ``False``.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from honmono.dnsclient import DnsError, normalise, pick_key_record

if TYPE_CHECKING:
    from honmono.checks import TxtResolver
    from honmono.message import ParsedMessage

# A mail with hundreds of signatures is an attack on our time, not a mail.
MAX_SIGNATURES = 8
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

    @property
    def key_name(self) -> str:
        return f"{self.selector}._domainkey.{self.domain}"

    @property
    def verified(self) -> bool:
        """The cryptography checked out (``pass`` or ``policy``)."""
        return self.result in ("pass", "policy")

    @property
    def content_dangers(self) -> list[str]:
        return [d for d in self.dangers if d.split(":")[0] in CONTENT_DANGERS]

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["key_name"] = self.key_name
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


def _header_dangers(res: SignatureResult, headers: list[tuple[bytes, bytes]]) -> None:
    signed = res.signed_headers
    if "from" not in signed:
        res.dangers.append("from_unsigned")
    if "subject" not in signed:
        res.dangers.append("subject_unsigned")
    counts: dict[str, int] = {}
    for name, _ in headers:
        key = name.decode("ascii", "replace").strip().lower()
        counts[key] = counts.get(key, 0) + 1
    for name in DISPLAYED:
        present = counts.get(name, 0)
        if name in signed and present > signed.count(name):
            # DKIM signs the bottom-most instances; mail readers show the topmost one.
            res.dangers.append(f"extra_unsigned:{name}")
    if res.algorithm in INSECURE_ALGORITHMS:
        res.dangers.append("rsa_sha1")


def _body_dangers(res: SignatureResult, dk: Any) -> None:
    if res.body_length is None:
        return
    from dkim.canonicalization import CanonicalizationPolicy

    try:
        policy = CanonicalizationPolicy.from_c_value(res.canonicalization.encode())
        body = policy.canonicalize_body(dk.body)
    except Exception:
        return
    res.unsigned_body_bytes = max(0, len(body) - res.body_length)
    if res.unsigned_body_bytes:
        res.dangers.append("body_length")


def _check_key(res: SignatureResult, record: bytes) -> bool:
    """Parse the key record; False (with a permerror) when it cannot serve."""
    import dkim
    from dkim.util import parse_tag_value

    try:
        tags = parse_tag_value(record)
    except Exception:
        tags = {}
    if tags and not re.sub(rb"\s+", b"", tags.get(b"p", b"x")):
        res.result, res.reason = "permerror", "key revoked (empty p=) by its owner"
        return False
    try:
        _pk, bits, ktag, _tls = dkim.evaluate_pk(res.key_name.encode(), record)
    except Exception as exc:  # KeyFormatError, binascii.Error, nacl errors...
        res.result, res.reason = "permerror", f"key record unusable: {exc}"[:200]
        return False
    res.key_type = _text(ktag)
    res.key_bits = bits
    if res.key_type == "rsa" and bits is not None and bits < MIN_RSA_BITS:
        res.dangers.append("weak_key")
    return True


def _verify_one(dk: Any, idx: int, value: bytes, resolver: TxtResolver | None,
                offline_reason: str) -> SignatureResult:
    import dkim
    from dkim.util import parse_tag_value

    res = SignatureResult(index=idx)
    try:
        tags = parse_tag_value(value)
    except Exception as exc:
        res.result, res.reason, res.malformed = "permerror", f"unreadable signature: {exc}", True
        return res
    _static_fields(res, tags)
    if not res.domain or not res.selector:
        res.result, res.reason, res.malformed = "permerror", "signature without d= or s=", True
        return res
    if not (_DNS_NAME.match(res.domain) and _DNS_NAME.match(res.selector)):
        # Not a name DNS can hold: no key can exist, and no signer would write it.
        res.result, res.reason, res.malformed = "permerror", "d= or s= is not a DNS name", True
        return res
    _header_dangers(res, dk.headers)
    _body_dangers(res, dk)
    if resolver is None:
        res.result, res.reason = "unchecked", offline_reason
        return res
    try:
        records = resolver.txt(res.key_name)
    except DnsError as exc:
        res.result, res.reason = "temperror", str(exc)
        return res
    record = pick_key_record(records)
    if record is None:
        res.result, res.reason, res.key_missing = (
            "permerror", f"no key published at {res.key_name}", True)
        return res
    if not _check_key(res, record):
        return res

    def dnsfunc(_name: bytes, timeout: float = 5) -> bytes:
        return record  # the key already fetched: dkimpy must not ask DNS again

    try:
        ok = dk.verify(idx=idx, dnsfunc=dnsfunc)
    except dkim.ValidationError as exc:
        msg = str(exc)
        if msg.startswith("body hash mismatch"):
            res.result, res.reason = "fail", "body hash mismatch: the body changed after signing"
        elif "x= value is past" in msg:
            res.result, res.reason = "permerror", "signature expired (x=)"
        else:
            res.result, res.reason, res.malformed = "permerror", msg[:200], True
        return res
    except dkim.DKIMException as exc:
        res.result, res.malformed = "permerror", True
        res.reason = f"{type(exc).__name__}: {exc}"[:200]
        return res
    except Exception as exc:  # dkimpy on hostile input: IndexError, binascii.Error, ...
        res.result, res.reason, res.malformed = (
            "permerror", f"unverifiable signature ({type(exc).__name__})", True)
        return res
    if not ok:
        res.result, res.reason = "fail", "signature mismatch: a signed header changed, or forged"
        return res
    if res.dangers:
        res.result, res.reason = "policy", "verifies, but: " + ", ".join(res.dangers)
    else:
        res.result, res.reason = "pass", ""
    return res


def signature_count(msg: ParsedMessage) -> int:
    return len(msg.header_all("DKIM-Signature"))


def verify_all(msg: ParsedMessage, resolver: TxtResolver | None,
               offline_reason: str = "offline: keys not looked up") -> list[SignatureResult]:
    """Verify every DKIM-Signature (up to MAX_SIGNATURES). Never raises on content.

    A mail without signatures returns at once: dkimpy is not even imported.
    """
    if not signature_count(msg):
        return []
    import dkim

    try:
        # minkey=0: weak keys are reported by us as a danger, not thrown by dkimpy.
        dk = dkim.DKIM(msg.raw, minkey=0)
        sigs = [v for k, v in dk.headers if k.lower() == b"dkim-signature"]
    except Exception as exc:
        return [SignatureResult(index=0, result="permerror", malformed=True,
                                reason=f"message unreadable for DKIM ({type(exc).__name__})")]
    out: list[SignatureResult] = []
    for idx, value in enumerate(sigs[:MAX_SIGNATURES]):
        try:
            res = _verify_one(dk, idx, value, resolver, offline_reason)
        except Exception as exc:  # belt and braces: one signature never sinks the rest
            res = SignatureResult(index=idx, result="permerror", malformed=True,
                                  reason=f"internal error ({type(exc).__name__})")
        out.append(res)
    return out


def b_matches(b_prefix: str, header_b: str) -> bool:
    """ARH ``header.b`` carries the first characters (at least 8) of b= (RFC 6008)."""
    header_b = re.sub(r"\s+", "", header_b)
    if len(header_b) < 8 or len(b_prefix) < 8:
        return False
    n = min(len(header_b), len(b_prefix))
    return header_b[:n] == b_prefix[:n]
