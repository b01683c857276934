"""Signs examples/password-recovery-genuine.eml with a throwaway example key.

The key is "published" only in examples/dns-records.json, so that

    honmono check --dns-records examples/dns-records.json examples/password-recovery-genuine.eml

shows a DKIM-verified genuine mail without a network. Re-run to regenerate both files.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import dkim
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

HERE = Path(__file__).parent
SELECTOR = b"honmono-example"
DOMAIN = b"amazon.co.jp"


def main() -> None:
    mail = HERE / "password-recovery-genuine.eml"
    raw = mail.read_bytes()
    # Drop an earlier signature so that regenerating does not stack them.
    head, sep, body = raw.partition(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.partition(b"\n\n")
    lines = head.split(b"\n")
    kept, skip = [], False
    for line in lines:
        if line.lower().startswith(b"dkim-signature:"):
            skip = True
            continue
        if skip and line[:1] in (b" ", b"\t"):
            continue
        skip = False
        kept.append(line)
    raw = b"\n".join(kept) + sep + body
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    pub = key.public_key().public_bytes(serialization.Encoding.DER,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    sig = dkim.sign(raw, SELECTOR, DOMAIN, pem,
                    include_headers=[b"from", b"to", b"subject", b"date", b"message-id",
                                     b"mime-version", b"content-type"])
    # The signature goes below the receiving server's headers, where Amazon's would be.
    at = raw.find(b"From:")
    mail.write_bytes(raw[:at] + sig + raw[at:])
    record = {f"{SELECTOR.decode()}._domainkey.{DOMAIN.decode()}":
              [f"v=DKIM1; k=rsa; p={base64.b64encode(pub).decode()}"]}
    (HERE / "dns-records.json").write_text(json.dumps(record, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    main()
