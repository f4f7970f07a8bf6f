"""What the thresholds forbid: the exit code a comparison earns, with the reasons."""

from __future__ import annotations

from dataclasses import dataclass
from fnmatch import fnmatchcase

from .errors import UsageError
from .models import Comparison

EXIT_OK = 0
EXIT_FAIL = 1


@dataclass(frozen=True)
class Gate:
    fail_under: float | None = None
    """Fail when a target's coverage percent is below this."""
    require: tuple[str, ...] = ()
    """Unit ids (or globs such as '3.1.*') that must not be missing in any target."""


@dataclass(frozen=True)
class GateResult:
    code: int
    reasons: tuple[str, ...]


def required_ids(comparison: Comparison, patterns: tuple[str, ...]) -> tuple[str, ...]:
    """Expand id globs against the reference's recommendations; an id that matches nothing is an error."""
    ids = [u.id for u in comparison.reference.units if u.kind == "recommendation"]
    out: list[str] = []
    for pattern in patterns:
        hits = [i for i in ids if fnmatchcase(i, pattern)]
        if not hits:
            raise UsageError(
                f"--require {pattern}: no recommendation of {comparison.reference.document.path} has that id "
                f"(ids look like {', '.join(ids[:3])}…; see `policydiff outline`)"
            )
        out.extend(h for h in hits if h not in out)
    return tuple(out)


def evaluate(comparison: Comparison, gate: Gate) -> GateResult:
    reasons: list[str] = []
    required = required_ids(comparison, gate.require)
    for t in comparison.targets:
        if gate.fail_under is not None and t.percent < gate.fail_under:
            reasons.append(f"{t.document.path}: coverage {t.percent:.1f}% is below --fail-under {gate.fail_under:g}%")
        for v in t.verdicts:
            if v.unit.id in required and v.status == "missing":
                reasons.append(f"{t.document.path}: required recommendation {v.unit.id} is missing")
    return GateResult(EXIT_FAIL if reasons else EXIT_OK, tuple(reasons))
