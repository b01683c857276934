"""A report in one language: the one place evidence, advice and summaries become words.

The result is protocol 1's ``result`` body (host/protocol.py), also printed by the CLI.
"""

from __future__ import annotations

from typing import Any

from honmono.brands import registry
from honmono.core.model import Evidence, InLanguage, Report, badge_for
from honmono.report.catalog import words


def render_evidence(item: Evidence, lang: str, brand: str = registry.DEFAULT) -> dict[str, Any]:
    return {
        "id": item.id,
        "category": item.category.key,
        "status": item.status.value,
        "title": words(item.title, brand, lang),
        "detail": words(item.detail, brand, lang),
        "source": item.source,
    }


def _said(value: Any, brand: str) -> Any:
    """``value`` with its ``InLanguage`` words said; anything else as it is."""
    if isinstance(value, dict):
        return {k: _said(v, brand) for k, v in value.items()}
    if isinstance(value, list):
        return [_said(v, brand) for v in value]
    if isinstance(value, InLanguage):
        return words(value.words, brand, value.lang)
    return value


def render_report(report: Report, lang: str) -> dict[str, Any]:
    brand = report.brand
    return {
        "verdict": report.verdict.value,
        "badge": badge_for(report.verdict, words(report.badge_title, brand, lang)),
        "summary": words(report.summary, brand, lang),
        # Protocol 1 gives the claim's grounds in English whatever the language: they are
        # a diagnostic list, not shown by the panel.
        "claim": {"is_amazon": report.claim.brand is not None,
                  "reasons": [words(r, brand, "en") for r in report.claim.reasons]},
        "evidence": [render_evidence(e, lang, brand) for e in report.evidence],
        "advice": [words(a, brand, lang) for a in report.advice],
        "details": _said(report.details, brand),
        "timing_ms": round(report.timing_ms, 3),
    }
