"""The verdict: evidence weighed by the rules of DESIGN.md.

The one unforgivable error is calling phishing genuine, so ``genuine`` needs positive
cryptographic proof and nothing decisive against it; everything unproven is at best
``suspicious``.
"""

from __future__ import annotations

from collections.abc import Iterable

from honmono.model import Category, Claim, Evidence, Signal, Verdict

# Doubts from this many independent families of evidence amount to a red flag: one
# generic greeting is common, a foreign sender + hidden recipients + unnatural text is not.
# Authentication and route doubts say only that proof is missing, not that anything is
# wrong, so they do not count towards it.
DOUBTS_FOR_RED_FLAG = 3
_NOT_DECEPTION = {Category.AUTH, Category.ROUTE}


def decide(claim: Claim, evidence: Iterable[Evidence]) -> Verdict:
    if not claim.is_amazon:
        return Verdict.NOT_AMAZON
    evidence = list(evidence)
    signals = {e.signal for e in evidence}
    doubted = {e.category for e in evidence if e.signal is Signal.DOUBT} - _NOT_DECEPTION
    if len(doubted) >= DOUBTS_FOR_RED_FLAG:
        signals.add(Signal.RED_FLAG)
    if Signal.DECISIVE in signals:
        return Verdict.PHISHING
    if Signal.PROOF in signals and any(e.caps for e in evidence):
        # Amazon's signature holds, but the mail is not Amazon's mail to this reader as
        # it stands (model.Evidence.caps): neither proven nor disproven.
        return Verdict.SUSPICIOUS
    if Signal.PROOF in signals:
        # Proof outweighs red flags that genuine mail also shows (urgent wording in a real
        # sign-in alert); a DOUBT is weaker still. Only DECISIVE evidence overturns proof.
        return Verdict.GENUINE
    if Signal.RED_FLAG in signals:
        return Verdict.PHISHING
    return Verdict.SUSPICIOUS
