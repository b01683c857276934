"""Fixtures for the authentication tests: the genuine corpus mail and its DNS record."""

from __future__ import annotations

import json

import pytest
from authkit import GENUINE, FakeDns


@pytest.fixture(scope="session")
def genuine_raw() -> bytes:
    path = GENUINE / "amazon_com_verify_account_via_fastmail.eml"
    if not path.is_file():
        pytest.fail(f"shared corpus missing: {path}")
    return path.read_bytes()


@pytest.fixture(scope="session")
def genuine_records() -> dict[str, list[str]]:
    return json.loads((GENUINE / "dns_txt.json").read_text())


@pytest.fixture
def genuine_dns(genuine_records: dict[str, list[str]]) -> FakeDns:
    return FakeDns(records={k.lower(): v for k, v in genuine_records.items()})
