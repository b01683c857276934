"""The attachment tests build their mails in code (attachmail.py) and sign the genuine
ones with the authentication tests' keys (tests/auth/authkit.py)."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
for folder in (HERE, HERE.parent / "auth"):  # attachmail, authkit, whatever the import mode
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
