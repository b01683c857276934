"""The size budget of a reply: Thunderbird drops a host's message above 1 MiB.

``render_reply`` serialises a reply and, when a result is over ``MAX_REPLY_BYTES``, trims it
in six stages, each only if still needed, noting what it cut in ``details["trimmed"]`` so
the panel can say so. The verdict, badge and summary are never cut. The wire format itself
is protocol.py's.
"""

from __future__ import annotations

from typing import Any

from honmono.host.protocol import INTERNAL, MAX_REPLY_BYTES, dump, error_reply, readable_id


def _size(obj: Any) -> int:
    return len(dump(obj).encode("utf-8"))


def render_reply(reply: dict[str, Any], budget: int = MAX_REPLY_BYTES) -> str:
    """The reply as JSON text of at most ``budget`` UTF-8 bytes.

    A result over budget is cut step by step, each step only if still needed: lists in
    ``details`` (links, defects…) from the largest, long texts in ``details``, long evidence
    texts, then ``details`` as a whole, the tail of the evidence, the advice. What was cut is
    listed in ``details["trimmed"]`` so the panel can say so. The verdict, badge and summary
    are never cut.
    """
    text = dump(reply)
    if len(text.encode("utf-8")) <= budget:
        return text
    if reply.get("type") != "result":
        # Pong and error replies are small by construction; this is a bug, reported as one.
        return dump(error_reply(readable_id(reply.get("id")), INTERNAL,
                                "The host's reply was too large to send."))
    return _trim_result(reply, budget)


# Each trimming step aims this far below the budget: the trimmed-note itself grows.
_TRIM_MARGIN = 2048
_TEXT_KEEP = 500
_EVIDENCE_TEXT_KEEP = 300


def _trim_result(reply: dict[str, Any], budget: int) -> str:
    r = dict(reply)
    details = r.get("details")
    details = dict(details) if isinstance(details, dict) else {}
    trimmed: dict[str, Any] = {}
    details["trimmed"] = trimmed
    r["details"] = details
    target = max(budget - _TRIM_MARGIN, budget // 2)

    def fits() -> bool:
        return _size(r) <= target

    # 1. Lists in details, the largest first: keep the prefix that fits.
    list_keys = [k for k, v in details.items() if isinstance(v, list) and k != "trimmed"]
    list_keys.sort(key=lambda k: _size(details[k]), reverse=True)
    for key in list_keys:
        if fits():
            break
        kept = _fit_prefix(details[key], _size(details[key]) - (_size(r) - target))
        trimmed[key] = len(details[key]) - len(kept)
        details[key] = kept

    # 2. Long texts anywhere in details.
    if not fits():
        for key in list(details):
            if key != "trimmed":
                details[key] = _cut_texts(details[key], _TEXT_KEEP)
        trimmed["long_texts"] = True

    # 3. Long texts in the evidence.
    evidence = r.get("evidence")
    if not fits() and isinstance(evidence, list):
        r["evidence"] = evidence = [_cut_evidence(e) for e in evidence]
        trimmed["evidence_texts"] = True

    # 4. Details as a whole, except the notes the panel shows.
    if not fits():
        kept_details = {k: details[k] for k in ("trimmed", "truncated") if k in details}
        trimmed["details"] = True
        details.clear()
        details.update(kept_details)

    # 5. The tail of the evidence.
    if not fits() and isinstance(evidence, list):
        kept = _fit_prefix(evidence, _size(evidence) - (_size(r) - target))
        trimmed["evidence"] = len(evidence) - len(kept)
        r["evidence"] = kept

    # 6. Advice and claim reasons: last, they are short in any sane report.
    for key in ("advice", "claim"):
        if not fits() and key in r:
            r[key] = _cut_texts(r[key], _EVIDENCE_TEXT_KEEP)
            trimmed[key] = True

    text = dump(r)
    if len(text.encode("utf-8")) <= budget:
        return text
    # Only an absurd verdict/badge/summary gets here; keep what the badge needs.
    essential = ("protocol", "id", "type", "verdict", "badge", "summary")
    minimal: dict[str, Any] = {k: r[k] for k in essential if k in r}
    minimal["details"] = {"trimmed": {"all": True}}
    return dump(minimal)


def _fit_prefix(items: list[Any], room: int) -> list[Any]:
    """The longest prefix of ``items`` whose JSON array takes at most ``room`` bytes."""
    used = 2  # "[]"
    for i, item in enumerate(items):
        used += _size(item) + (1 if i else 0)
        if used > room:
            return items[:i]
    return list(items)


# Where a shortened text may end: after a clause or a space, not inside a word.
_TEXT_BREAKS = "。、，,．. 　\n)）」』"


def _cut_at_boundary(text: str, keep: int) -> str:
    """``text`` shortened to at most ``keep`` characters plus "…", at a clause or word end
    when one is in the last quarter (a long run without one is cut where it must be)."""
    cut = max(text.rfind(c, keep * 3 // 4, keep) for c in _TEXT_BREAKS)
    return (text[: cut + 1] if cut > 0 else text[:keep]).rstrip() + "…"


def _cut_texts(value: Any, keep: int) -> Any:
    if isinstance(value, str):
        return value if len(value) <= keep else _cut_at_boundary(value, keep)
    if isinstance(value, list):
        return [_cut_texts(v, keep) for v in value]
    if isinstance(value, dict):
        return {k: _cut_texts(v, keep) for k, v in value.items()}
    return value


def _cut_evidence(item: Any) -> Any:
    if not isinstance(item, dict):
        return item
    return {k: (_cut_texts(v, _EVIDENCE_TEXT_KEEP) if k in ("detail", "source") else v)
            for k, v in item.items()}
