"""The trust policy: what the witnesses' words (``auth.witnesses``) amount to for a mail whose
From is the brand's. Three witnesses can speak for it:

* LOCAL — our own DKIM verification of a signature by the brand whose d= aligns with From;
* SERVER — the trusted Authentication-Results block of the user's receiving server: what
  it found when the mail arrived, before anything in the user's own infrastructure
  touched it;
* ARC — a forwarder's sealed record of what it found, believed only when every sealer
  from it onwards is trusted.

How they decide (brand From; L = local, S = server):

==================  =========================  =================  =========================
L \\ S               pass                       fail               unknown / absent
==================  =========================  =================  =========================
pass                PROOF (both agree)         DISAGREE → DOUBT   PROOF
fail                DISAGREE → DOUBT           DECISIVE           DECISIVE
danger (verifies,   no PROOF (the server's     DECISIVE           RED_FLAG (content
 covers too little)  pass cannot cover what                        dangers) / DOUBT (weak
                     the signature leaves out)                     crypto)
unaligned (brand,   PROOF (from S)             DECISIVE           DOUBT
 other domain)
unknown (key gone,  PROOF (from S) if the      DECISIVE           DOUBT
 DNS down, offline,  signature S names is
 mail cut to fit)    here, else DOUBT
none (no brand      DISAGREE → DOUBT           DECISIVE           DECISIVE
 signature)
==================  =========================  =================  =========================

The server's pass is about a signature it saw; it proves this mail only through a
signature that is here and that nothing here contradicts (``witnesses._backing``): one that
verifies cleanly, or — when its key cannot be had (gone, DNS down, offline, mail cut) —
the very one the server's dkim result names (header.d, and header.b or header.s). A
forger can always add a signature whose key is "missing"; it cannot make the user's
server name it.

Structural dangers (``auth.dkim.CONTENT_DANGERS``: From not signed, an unsigned extra
From or Subject on top, l= with content after it) are facts of the mail, computed for
every brand signature whatever its key status. Any of them — or signatures too many to
read — blocks the PROOF of S and of ARC: those witnesses saw a signature verify, and a
verifying signature is exactly what such a trick leaves intact. A brand signature that
could not be verified but carries such a danger is a RED_FLAG. Junk signatures cannot
hide the real one either: brand signatures are verified first (the one the server names
first of all), before the MAX_SIGNATURES cut and before the DNS budget is spent.

What a proving signature leaves unsigned is outside the proof. Amazon's h= does not
cover Reply-To or Sender, so a replayed genuine mail can get one added: a Reply-To or
Sender with a non-brand address that the proving signature does not cover is DECISIVE
(the words are Amazon's, the replies go to the forger). Likewise, the brand's own
signatures always cover some headers (brand data: ``Auth.own_signed_headers``; Amazon signs
To and Content-Type). A mail that has one of them, proven only by signatures that leave it
out, is not signed the way the brand signs, and the header is open to a replay: Amazon's
mail to the forger re-addressed To the user, or its text/plain body shown as text/html.
Such a mail is DOUBT (``unproven_headers``): suspicious at most, never genuine.

Keys are looked up only for brand domains and the brand's delivery service (``relevant``;
ARC: sealers the user trusts). Any other d= cannot change the verdict, and asking for
its key tells its owner the mail was opened; it is reported as not checked.

ARC, only consulted when L is not pass: a valid chain whose statement (dmarc or dkim pass
for this From) was sealed by trusted sealers from that instance to the newest is PROOF and
explains away L = fail/none and S = fail — the forwarder the user trusts saw Amazon's
valid signature and is the one who changed the mail. A chain sealed by anyone else proves
nothing (anyone can seal with their own domain), so its keys are not even looked up, and
unverified it is no better than any header the sender wrote: even a genuine forwarder's
record copied from a genuine mail would say "pass". It is shown, with the advice to trust
the forwarder if it is the user's own, and weighs nothing — a forwarded mail that broke
DKIM counts as broken until the user trusts its forwarder.

A trusted SPF fail is a RED_FLAG when nothing else proves the sender (forwarding breaks
SPF for genuine mail too), nothing beside a verified aligned signature. A trusted DMARC
result counts only for the From domain it names (header.from), and a fail beside a pass
is a fail.

Why a disagreement is DOUBT and not a verdict either way: a pass that the other witness
contradicts cannot be proof (the unforgivable error is calling phishing genuine), and a
failure that the user's own server contradicts is more likely a change made after arrival
(a gateway rewriting links, a key rotated since) or a server quirk than a forgery — a
forger cannot make the user's own server see Amazon's valid signature. So neither wins:
the mail is suspicious, and the evidence says which witness said what.

A missing key (rotated away), a DNS failure or offline mode is DOUBT, never phishing: old
genuine mail loses its key (a forger's invented signature looks the same, so never
genuine either). A mail the extension cut to fit (``Settings.truncated``) cannot match its
body hash: that is DOUBT too, while a signature whose signed headers fail stays a failure.
Mail whose From is not the brand's gets information only — authenticating evil.example
proves nothing about the brand, so its key is not even looked up.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from enum import StrEnum

from honmono.auth.witnesses import ArcState, Facts, LocalState, ServerState, Signature


class Withheld(StrEnum):
    """Why the trusted server's pass is not proof of this mail."""

    NO = ""
    DISAGREE = "disagree"  # no brand signature here, or it fails
    DANGER = "danger"  # the one that verifies covers too little
    EXPOSED = "exposed"  # a brand signature leaves content unsigned
    UNBACKED = "unbacked"  # no signature here that it proves


@dataclass(frozen=True)
class Decision:
    local_withheld: bool = False  # local pass contradicted by the server
    server_withheld: Withheld = Withheld.NO
    server_proof: bool = False
    arc_proof: bool = False
    arc_exposed: bool = False  # a trusted ARC pass that the structural dangers block
    explained: bool = False  # a trusted ARC record accounts for a broken signature
    summary: str = ""  # the decision in a few words, for the panel's details

    @property
    def proven(self) -> bool:
        return self.server_proof or self.arc_proof


# Local states that a trusted forwarder's record can prove past, and those of them that
# it explains (the forwarder broke or dropped the signature).
_ARC_PROVES = (LocalState.FAIL, LocalState.NONE, LocalState.UNKNOWN, LocalState.UNALIGNED)
_BROKEN = (LocalState.FAIL, LocalState.NONE)


def decide(f: Facts) -> Decision:
    """The table above, for one mail."""
    if not f.brand_from:
        return Decision(summary=_describe(f, Decision()))
    arc_proof = arc_exposed = explained = False
    if f.arc_state == ArcState.TRUSTED and f.local in _ARC_PROVES:
        # A trusted forwarder's sealed word is as good as the user's own server's; it
        # also accounts for the server's failure when the forwarder broke DKIM — unless
        # a brand signature leaves content unsigned, which the forwarder's pass cannot
        # cover any more than the server's.
        if f.exposed:
            arc_exposed = True
        else:
            arc_proof = True
            explained = f.local in _BROKEN or f.server == ServerState.FAIL
    server_proof, withheld = _server_weight(f, arc_proof)
    d = Decision(local_withheld=f.local == LocalState.PASS and f.server == ServerState.FAIL,
                 server_withheld=withheld, server_proof=server_proof, arc_proof=arc_proof,
                 arc_exposed=arc_exposed, explained=explained)
    return replace(d, summary=_describe(f, d))


def _server_weight(f: Facts, arc_proof: bool) -> tuple[bool, Withheld]:
    """Whether the trusted server's pass proves the mail, and if not, why not."""
    if f.server != ServerState.PASS:
        return False, Withheld.NO
    if f.local == LocalState.PASS:
        return True, Withheld.NO
    if f.local in _BROKEN:
        return False, Withheld.NO if arc_proof else Withheld.DISAGREE
    if f.local == LocalState.DANGER:
        return False, Withheld.DANGER
    if f.exposed:
        return False, Withheld.EXPOSED
    if not f.backing:
        return False, Withheld.UNBACKED
    return True, Withheld.NO


def _describe(f: Facts, d: Decision) -> str:
    if not f.brand_from:
        return "From is not the brand's: information only"
    if d.local_withheld or d.server_withheld == Withheld.DISAGREE:
        return "disagreement between local verification and the trusted server"
    if f.local == LocalState.PASS:
        return "aligned brand signature verified locally"
    if d.server_proof:
        return "trusted server reports DMARC pass"
    if d.server_withheld == Withheld.UNBACKED:
        return "trusted server's pass names no signature found here"
    if f.server == ServerState.FAIL:
        return "trusted server reports authentication failure"
    if d.arc_proof:
        return "trusted ARC chain records a pass"
    if f.exposed and (f.server == ServerState.PASS or d.arc_exposed):
        return "brand signature leaves content unsigned: " + ", ".join(f.exposed)
    if d.explained:
        return "broken signature explained by trusted ARC"
    if f.local in _BROKEN:
        return "brand authentication failed or missing"
    return f"undetermined ({f.local})"


def unproven_headers(proving: list[Signature], always_signed: Iterable[str],
                     present: Iterable[str]) -> list[str]:
    """The headers the brand always signs that this mail has and that none of the
    signatures proving it covers (module doc). Without a proving signature there is no
    proof for them to escape, so nothing to say."""
    if not proving:
        return []
    have = {h.lower() for h in present}
    return [h for h in always_signed
            if h in have and not any(h in s.res.signed_headers for s in proving)]
