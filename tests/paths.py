"""Where test data lives: this repo's fixtures and the shared corpus beside the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURES = REPO / "tests" / "fixtures"
# The shared corpus sits beside the checkout (../shared), in CI as in development.
CORPUS = REPO.parent / "shared" / "corpus"


def corpus_dir(name: str) -> Path:
    path = CORPUS / name
    if not path.is_dir():
        pytest.fail(f"shared corpus missing: {path}")
    return path
