"""The verdict tests sign their genuine mails with the authentication tests' kit."""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))  # mailgen, whatever pytest's import mode
sys.path.insert(0, str(HERE.parent / "auth"))  # authkit
