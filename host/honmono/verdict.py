"""The verdict: evidence weighed by the rules of DESIGN.md.

The one unforgivable error is calling phishing genuine, so ``genuine`` needs positive
cryptographic proof and nothing decisive against it; everything unproven is at best
``suspicious``.
"""

from __future__ import annotations

from collections.abc import Iterable

from honmono.model import Claim, Evidence, Signal, Verdict


def decide(claim: Claim, evidence: Iterable[Evidence]) -> Verdict:
    if not claim.is_amazon:
        return Verdict.NOT_AMAZON
    signals = {e.signal for e in evidence}
    if Signal.DECISIVE in signals:
        return Verdict.PHISHING
    if Signal.PROOF in signals:
        # Proof outweighs red flags that genuine mail also shows (urgent wording in a real
        # sign-in alert); a DOUBT is weaker still. Only DECISIVE evidence overturns proof.
        return Verdict.GENUINE
    if Signal.RED_FLAG in signals:
        return Verdict.PHISHING
    return Verdict.SUSPICIOUS
