"""Honmono (本物): tells whether a mail that looks like Amazon's is genuine or phishing.

The public API is ``__all__``::

    from honmono import analyse, Settings
    report = analyse(raw_bytes, Settings(offline=True))
    report.verdict          # a Verdict
    report.render("en")     # the dict the CLI prints and the host sends

Names resolve on first use (PEP 562 ``__getattr__``): importing the package imports
nothing, so the native host (``python -P -m honmono.host``) answers its first ping before
anything heavy is loaded. Other entry points: ``honmono.cli``, ``honmono.host``.
"""

from __future__ import annotations

# Not typing.TYPE_CHECKING: importing typing would be this package's only cost. Type
# checkers treat any constant of this name as true.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from honmono.core.model import Category, Claim, Evidence, Report, Signal, Status, Verdict
    from honmono.core.settings import Settings, SettingsError
    from honmono.engine import analyse

__all__ = [
    "Category",
    "Claim",
    "Evidence",
    "Report",
    "Settings",
    "SettingsError",
    "Signal",
    "Status",
    "Verdict",
    "analyse",
]

# Where each public name lives; the one table both __getattr__ and __dir__ read.
_HOMES = {
    "analyse": "honmono.engine",
    "Settings": "honmono.core.settings",
    "SettingsError": "honmono.core.settings",
    **dict.fromkeys(("Category", "Claim", "Evidence", "Report", "Signal", "Status", "Verdict"),
                    "honmono.core.model"),
}


def __getattr__(name: str) -> object:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'honmono' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
