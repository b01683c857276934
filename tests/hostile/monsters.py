"""Hostile mails built on demand (too big to keep as files)."""

from __future__ import annotations

import base64
import os

HEAD = (b'From: "Amazon.co.jp" <account-update@amazon.co.jp>\r\nTo: t@example.jp\r\n'
        b"Subject: =?UTF-8?B?44CQ6YeN6KaB44CR?=\r\n")


def huge_header() -> bytes:
    return HEAD + b"X-Junk: " + b"a" * (2 * 1024 * 1024) + b"\r\n\r\nbody"


def many_links(n: int = 200_000) -> bytes:
    links = "".join(f'<a href="http://evil{i}.example/">x</a>' for i in range(n))
    return HEAD + b"Content-Type: text/html; charset=utf-8\r\n\r\n" + links.encode()


def deep_tags(n: int = 300_000) -> bytes:
    return HEAD + b"Content-Type: text/html\r\n\r\n" + b"<div>" * n + b"x" + b"</div>" * n


def deep_multipart(depth: int = 2_000) -> bytes:
    out = [HEAD + b"Content-Type: multipart/mixed; boundary=b0\r\n\r\n"]
    for i in range(1, depth):
        out.append(f"--b{i - 1}\r\nContent-Type: multipart/mixed; boundary=b{i}\r\n\r\n".encode())
    out.append(f"--b{depth - 1}\r\nContent-Type: text/plain\r\n\r\ndeep\r\n".encode())
    for i in range(depth - 1, -1, -1):
        out.append(f"--b{i}--\r\n".encode())
    return b"".join(out)


def big_attachment(mb: int = 30) -> bytes:
    blob = base64.encodebytes(os.urandom(mb * 1024 * 1024 * 3 // 4))
    return (HEAD + b"Content-Type: multipart/mixed; boundary=z\r\n\r\n--z\r\n"
            b"Content-Type: text/plain\r\n\r\nsee attached\r\n--z\r\n"
            b"Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + blob + b"\r\n--z--\r\n")


def big_text_body(mb: int = 30) -> bytes:
    return HEAD + b"Content-Type: text/plain\r\n\r\n" + b"https://a" * (mb * 1024 * 1024 // 9)


def regex_bait() -> bytes:
    bait = ("http://" + "a" * 100_000 + " " + "www." * 50_000 + " " + "@" * 100_000
            + " 日時:" * 20_000 + "amazon " * 20_000 + "<" * 100_000)
    return HEAD + b"Content-Type: text/plain; charset=utf-8\r\n\r\n" + bait.encode()


def nul_headers() -> bytes:
    return b"From: \x00Amazon\x00 <a@amazon.co.jp\x00>\r\nSubject: \x00\x00\r\n\r\n\x00body\x00"


MONSTERS = {
    "huge_header": huge_header,
    "many_links": many_links,
    "deep_tags": deep_tags,
    "deep_multipart": deep_multipart,
    "big_attachment": big_attachment,
    "big_text_body": big_text_body,
    "regex_bait": regex_bait,
    "nul_headers": nul_headers,
}


def received_bait() -> bytes:
    # Colons in the parenthesised part of Received lines: bait for an IPv6 pattern.
    lines = b"".join(b"Received: from x (" + b":" * 19_000 + b"z [1.2.3.4]) by mx.example.jp; "
                     b"1 Nov 2025 00:00:00 +0900\r\n" for _ in range(10))
    return lines + HEAD + b"Content-Type: text/plain\r\n\r\nhello"


MONSTERS["received_bait"] = received_bait
