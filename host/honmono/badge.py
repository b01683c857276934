"""The toolbar badge for each verdict: the same in the CLI's JSON and the extension."""

from __future__ import annotations

from honmono.model import Text, Verdict

_BADGES: dict[Verdict, tuple[str, str | None, Text]] = {
    Verdict.GENUINE: ("✓", "#2e7d32", Text("本物のAmazonメールです", "Genuine Amazon mail")),
    Verdict.PHISHING: ("!", "#c62828", Text("フィッシング詐欺メールです", "Phishing mail")),
    Verdict.SUSPICIOUS: ("?", "#f9a825",
                         Text("本物か確認できません", "Authenticity not established")),
    Verdict.NOT_AMAZON: ("", None,
                         Text("Amazonを名乗るメールではありません", "Not an Amazon mail")),
}


def badge_for(verdict: Verdict, lang: str) -> dict[str, str | None]:
    text, color, title = _BADGES[verdict]
    return {"text": text, "color": color, "title": title.get(lang)}
