"""The toolbar badge for each verdict: the same in the CLI's JSON and the extension.

Symbols and colours are the product's; the tooltip names the brand, so it is data.
"""

from __future__ import annotations

from honmono.model import Text, Verdict

_BADGES: dict[Verdict, tuple[str, str | None]] = {
    Verdict.GENUINE: ("✓", "#2e7d32"),
    Verdict.PHISHING: ("!", "#c62828"),
    Verdict.SUSPICIOUS: ("?", "#f9a825"),
    Verdict.NOT_AMAZON: ("", None),
}


def badge_for(verdict: Verdict, title: Text, lang: str) -> dict[str, str | None]:
    text, color = _BADGES[verdict]
    return {"text": text, "color": color, "title": title.get(lang)}
