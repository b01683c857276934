"""Keys, signed mails and fake DNS for the authentication tests. No live DNS, ever."""

from __future__ import annotations

import base64
import hashlib
import random
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import dkim
import nacl.encoding
import nacl.signing
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from dkim.canonicalization import CanonicalizationPolicy
from dkim.crypto import parse_pem_private_key

from honmono import Evidence, Settings, Signal, Verdict
from honmono.auth.dns import DnsError
from honmono.brands import registry as brand_mod
from honmono.checks import Context
from honmono.checks.claim import detect_claim
from honmono.core.verdict import decide
from honmono.mail.parse import parse

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "mail" / "auth"
# The shared corpus sits beside the checkout (../shared).
GENUINE = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "genuine_amazon"


def fixture_mail(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@dataclass(frozen=True)
class Key:
    private: bytes  # what dkim.sign takes
    record: str  # the TXT record to publish
    algorithm: bytes = b"rsa-sha256"


def _rsa_key(private: rsa.RSAPrivateKey) -> Key:
    pem = private.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    der = private.public_key().public_bytes(serialization.Encoding.DER,
                                            serialization.PublicFormat.SubjectPublicKeyInfo)
    return Key(pem, "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode())


@cache
def rsa_key(bits: int = 2048) -> Key:
    if bits < 1024:
        return _rsa_key(_small_rsa(bits))
    return _rsa_key(rsa.generate_private_key(public_exponent=65537, key_size=bits))


@cache
def ed25519_key() -> Key:
    sk = nacl.signing.SigningKey.generate()
    return Key(sk.encode(encoder=nacl.encoding.Base64Encoder),
               "v=DKIM1; k=ed25519; p=" + sk.verify_key.encode(
                   encoder=nacl.encoding.Base64Encoder).decode(),
               b"ed25519-sha256")


def _is_prime(n: int, rng: random.Random) -> bool:
    if n < 2:
        return False
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29):
        if n % p == 0:
            return n == p
    d, r = n - 1, 0
    while d % 2 == 0:
        d, r = d // 2, r + 1
    for _ in range(8):
        x = pow(rng.randrange(2, n - 1), d, n)
        if x in (1, n - 1):
            continue
        for _ in range(r - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _small_rsa(bits: int) -> rsa.RSAPrivateKey:
    """cryptography refuses to generate keys under 1024 bits; the weak-key case needs one."""
    rng = random.Random(bits)
    e = 65537
    while True:
        primes = []
        while len(primes) < 2:
            c = rng.getrandbits(bits // 2) | (1 << (bits // 2 - 1)) | 1
            if _is_prime(c, rng) and (c - 1) % e:
                primes.append(c)
        p, q = primes
        n = p * q
        if p != q and n.bit_length() == bits:
            break
    d = pow(e, -1, (p - 1) * (q - 1))
    pub = rsa.RSAPublicNumbers(e, n)
    priv = rsa.RSAPrivateNumbers(p, q, d, d % (p - 1), d % (q - 1), pow(q, -1, p), pub)
    return priv.private_key(unsafe_skip_rsa_key_validation=True)


# ----------------------------------------------------------------------------- mails

BODY_JA = (
    "田中太郎様\r\n\r\n"
    "誰かがお客様のアカウントサービスのパスワードをリセットしようとしています。\r\n"
    "日時: Nov 03, 2025 09:56 AM Japan Standard Time\r\n"
    "デバイス: Google Chrome Windows (デスクトップ)\r\n"
    "付近: Tokyo, Japan\r\n"
    "これがお客様でしたら、確認コードは次のとおりです: 123456\r\n\r\n"
    "このEメールのリンクは「https://www.amazon.co.jp」で始まります。\r\n"
)


# Not builders.make_mail: the signature tests need these exact bytes (header order, 8bit
# body, a Date and Message-ID to sign), which the general builder does not promise.
def notice_mail(from_addr: str = "account-update@amazon.co.jp",
                subject: str = "=?UTF-8?B?YW1hem9uLmNvLmpwOuODkeOCueODr+ODvOODieWbnuW+qQ==?=",
                body: str = BODY_JA, extra_headers: str = "") -> bytes:
    head = (
        f"From: \"amazon.co.jp\" <{from_addr}>\r\n"
        "To: taro@example.jp\r\n"
        f"Subject: {subject}\r\n"
        "Date: Mon, 03 Nov 2025 00:56:00 +0000\r\n"
        "Message-ID: <0100019a-test@email.amazonses.com>\r\n"
        "MIME-Version: 1.0\r\n"
        "Content-Type: text/plain; charset=UTF-8\r\n"
        "Content-Transfer-Encoding: 8bit\r\n"
        + extra_headers
    )
    return (head + "\r\n" + body).encode("utf-8")


SIGNED = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version",
          b"content-type", b"content-transfer-encoding"]


def sign(mail: bytes, domain: str = "amazon.co.jp", selector: str = "s2048",
         key: Key | None = None, include: list[bytes] | None = None,
         length: bool = False) -> bytes:
    """The mail with a DKIM-Signature prepended, made by dkimpy."""
    key = key or rsa_key(2048)
    sig = dkim.sign(mail, selector.encode(), domain.encode(), key.private,
                    include_headers=include or SIGNED, length=length,
                    signature_algorithm=key.algorithm, linesep=b"\r\n")
    return sig + mail


def sign_by_hand(mail: bytes, include: list[str] | tuple[str, ...], *,
                 extra: tuple[tuple[bytes, bytes], ...] | list[tuple[bytes, bytes]] = (),
                 domain: str = "amazon.co.jp", selector: str = "s2048",
                 key: Key | None = None) -> bytes:
    """A signature dkimpy's signer will not write (h= without From; x=, i=, a future t=
    in ``extra``, which replaces the tag of that name), made by driving its header
    generator directly. h= is joined with " : " so that folding never splits a name."""
    key = key or rsa_key(2048)
    heads = [h.encode() for h in include]
    d = dkim.DKIM(mail, linesep=b"\r\n")
    canon = CanonicalizationPolicy.from_c_value(b"relaxed/simple")
    body = canon.canonicalize_body(d.body)
    tags = dict([(b"v", b"1"), (b"a", b"rsa-sha256"), (b"c", b"relaxed/simple"),
                 (b"d", domain.encode()), (b"s", selector.encode()),
                 (b"t", str(int(time.time())).encode()), *extra])
    fields = [*tags.items(), (b"h", b" : ".join(heads)),
              (b"bh", base64.b64encode(hashlib.sha256(body).digest())), (b"b", b"0" * 60)]
    d.signature_algorithm = b"rsa-sha256"
    d.hasher = hashlib.sha256
    value = d.gen_header(fields, heads, canon, b"DKIM-Signature",
                         parse_pem_private_key(key.private))
    return b"DKIM-Signature: " + value + mail


def sign_without_from(mail: bytes, domain: str = "amazon.co.jp", selector: str = "s2048",
                      key: Key | None = None) -> bytes:
    """A signature whose h= leaves From out (RFC 6376 says From MUST be signed)."""
    return sign_by_hand(mail, ("subject", "date", "to", "message-id"), domain=domain,
                        selector=selector, key=key)


def received_by(server: str, client: str = "a1-2.smtp-out.amazonses.com",
                ip: str = "54.240.1.2") -> bytes:
    """The receipt line a server prepends when it takes a mail over the Internet: only
    Authentication-Results above it are its own (arh.collect)."""
    return (f"Received: from {client} ({client} [{ip}])\r\n\tby {server} with ESMTPS id 1x;"
            " Mon, 03 Nov 2025 09:56:02 +0900\r\n").encode()


# ------------------------------------------------------------------------------- DNS


@dataclass
class FakeDns:
    """TXT answers from a dict; names listed in ``down`` time out. Counts every call."""

    records: dict[str, list[str]] = field(default_factory=dict)
    down: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)

    def publish(self, domain: str, selector: str, key: Key) -> FakeDns:
        self.records[f"{selector}._domainkey.{domain}".lower()] = [key.record]
        return self

    def txt(self, name: str) -> list[str]:
        name = name.lower().rstrip(".")
        self.calls.append(name)
        if name in self.down or "*" in self.down:
            raise DnsError(f"DNS timeout for {name}")
        return list(self.records.get(name, []))


def amazon_dns(*, key: Key | None = None, domain: str = "amazon.co.jp",
               selector: str = "s2048") -> FakeDns:
    return FakeDns().publish(domain, selector, key or rsa_key(2048))


# ----------------------------------------------------------------------------- running


def context(raw: bytes, settings: Settings | None = None,
            resolver: object | None = None) -> Context:
    brand = brand_mod.load()
    msg = parse(raw)
    return Context(msg=msg, settings=settings or Settings(), brand=brand,
                   claim=detect_claim(msg, brand), resolver=resolver)  # type: ignore[arg-type]


def run_auth(raw: bytes, settings: Settings | None = None,
             resolver: object | None = None) -> tuple[list[Evidence], Context]:
    from honmono.checks import auth

    ctx = context(raw, settings, resolver)
    return auth.check(ctx), ctx


def auth_verdict(evidence: list[Evidence], ctx: Context) -> Verdict:
    """The verdict the authentication evidence alone gives (other checks left out, so
    these tests do not move when wording or link rules change)."""
    return decide(ctx.claim, evidence)


def signals(evidence: list[Evidence]) -> dict[str, Signal]:
    return {e.id: e.signal for e in evidence}


def strongest(evidence: list[Evidence]) -> set[Signal]:
    return {e.signal for e in evidence}
