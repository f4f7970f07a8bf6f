"""How sure a verdict is: lexical evidence that cannot decide says so.

A verdict is marked ``low`` confidence, with a one-line reason, when what decided it is weak: a score
close to a threshold, a *covered* resting on a handful of shared words, on a passage that hedges or
negates the measure, or on clauses that miss the recommendation's own action. Marks aim at the one error
a CI gate must never make — a gap reported as covered — while leaving most verdicts unmarked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from .models import ClauseResult, Confidence, Evidence, Options, Status
from .normalize import WORD, negation, stem

MARGIN = 5.0
"""A score closer than this to the threshold it was judged against is within noise of the other verdict."""
THIN = 4
"""A covered verdict needs more than this much shared vocabulary (distinct words, or CJK characters / 2)."""

_HEDGE_EN = re.compile(
    r"\b(?:(?:will|would|could|may|to|is|are) (?:also )?(?:consider(?:ing)?|explor(?:e|ing)|look(?:ing)? (?:at|into) whether)|"
    r"no (?:plans?|intention|commitment) to|decided (?:not to|against)|"
    r"(?:was|were|has been|have been) (?:withdrawn|paused|postponed|deferred|shelved|dropped))\b",
    re.IGNORECASE,
)
"""Hedges and withdrawals; denials ('does not', 'there is no') are :func:`policydiff.normalize.negation`'s."""
_HEDGE_ZH = re.compile(r"暂不|不再|尚未|未能|不予|取消")


@dataclass(frozen=True)
class Assessment:
    confidence: Confidence
    reason: str = ""


HIGH = Assessment("high")


def shared_size(evidence: Sequence[Evidence]) -> float:
    """How much vocabulary the evidence shares with the unit: distinct English stems, plus CJK characters
    of the shared spans counted by two (a bigram's worth of meaning)."""
    stems: set[str] = set()
    cjk: set[str] = set()
    for e in evidence:
        for term in e.shared:
            words = WORD.findall(term.lower())
            if words:
                stems.update(stem(w) for w in words)
            else:
                cjk.add(term)
    return len(stems) + sum(len(t) for t in cjk) / 2.0


def hedge(evidence: Sequence[Evidence]) -> str | None:
    """The first hedging or negating phrase in the evidence ('will consider', 'does not', '暂不'), if any."""
    for e in evidence:
        m = _HEDGE_EN.search(e.text) or _HEDGE_ZH.search(e.text)
        if m:
            return m.group(0)
        denial = negation(e.text)
        if denial is not None:
            return denial
    return None


def assess(status: Status, score: float, clauses: Sequence[ClauseResult], evidence: Sequence[Evidence],
           options: Options) -> Assessment:
    """The confidence of one verdict, and why it is low. Only *covered* verdicts are questioned: a gap read
    as covered is the error that lets a draft pass; a partial or missing verdict errs on the safe side."""
    if status != "covered":
        return HIGH
    if score < options.covered + MARGIN:
        return Assessment("low", f"score {score:.1f} is within {MARGIN:g} of the covered threshold ({options.covered:g})")
    if shared_size(evidence) <= THIN:
        return Assessment("low", "the evidence shares only a few words with the recommendation")
    phrase = hedge(evidence)
    if phrase is not None:
        return Assessment("low", f"the evidence hedges or negates the measure ('{phrase}')")
    return HIGH
