"""What the thresholds forbid: the exit code a comparison earns, with the reasons.

A :class:`Gate` holds the rules — coverage at least ``fail_under``, ``require``\\ d recommendations not
missing, acknowledged gaps (:class:`Waiver`) and, for the ratchet, a baseline of earlier verdicts.
:func:`evaluate` applies them to a :class:`~policydiff.models.Comparison` and returns a
:class:`GateResult`: the exit code, every finding (failing or not) and, for the CI formats, which gaps
are waived, required or regressions.

Rules of the ratchet: with a baseline, only regressions (a recommendation covered in the baseline and
now partial or missing) and expired waivers fail; coverage below ``fail_under`` and missing required
recommendations are still reported, as notes. Waivers apply in both modes: a waived gap never fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Literal

from .errors import ConfigError, UsageError
from .models import Comparison, Status, TargetResult

if TYPE_CHECKING:
    from .baseline import Baseline

EXIT_OK = 0
EXIT_FAIL = 1

RANK: dict[Status, int] = {"missing": 0, "partial": 1, "covered": 2}
"""Verdicts in order of coverage: a move down the ranks is a loss."""


@dataclass(frozen=True)
class Waiver:
    """An acknowledged gap: the recommendations ``id`` matches are reported as waived, not failed."""

    id: str
    """A unit id or a glob on ids ('3.1.*')."""
    reason: str
    expires: date | None = None
    """The last day the waiver holds; from the next day on it fails the check."""
    file: str = ""
    """The configuration file that declares it ('' when made in Python)."""
    key: str = ""
    """Its key in that file ('waivers[2]'), for messages."""

    def matches(self, unit_id: str) -> bool:
        return fnmatchcase(unit_id, self.id)

    def expired(self, today: date) -> bool:
        return self.expires is not None and today > self.expires

    def describe(self) -> str:
        """'waived until 2025-06-30: the county has no internet unit'."""
        until = f" until {self.expires.isoformat()}" if self.expires else ""
        return f"waived{until}: {self.reason}"


@dataclass(frozen=True)
class Gate:
    fail_under: float | None = None
    """Fail when a target's coverage percent is below this (waived gaps are left out of the count)."""
    require: tuple[str, ...] = ()
    """Unit ids (or globs such as '3.1.*') that must not be missing in any target."""
    waivers: tuple[Waiver, ...] = ()
    baseline: Baseline | None = None
    """Earlier verdicts: when set, only regressions against them (and expired waivers) fail."""
    today: date | None = None
    """The date waivers expire against; None for the real date (tests and `--today` fix it)."""
    fail_under_from: str = "--fail-under"
    """Where ``fail_under`` was set, for messages ('--fail-under' or 'fail-under in policydiff.toml')."""
    require_from: str = "--require"
    """Where ``require`` was set, for messages ('--require' or 'policydiff.toml: required')."""
    review: Review = "warn"
    """What a low-confidence verdict means: 'warn' (reported, never failing) or 'fail' (counted as a gap: it
    fails the check, counts as missing for ``fail_under`` and ``require``)."""
    review_from: str = "--fail-on-review"


Review = Literal["warn", "fail"]
REVIEW_MODES: tuple[Review, ...] = ("warn", "fail")

FindingKind = Literal[
    "review", "coverage", "required", "regression", "waiver-expired", "waived", "waiver-unused", "improvement",
    "worsened", "baseline",
]


@dataclass(frozen=True)
class Finding:
    """One thing the gate has to say; ``failing`` ones decide the exit code."""

    kind: FindingKind
    message: str
    failing: bool
    target: str | None = None
    """The target document's path, when the finding is about one."""
    unit: str | None = None


@dataclass(frozen=True)
class WaivedGap:
    target: str
    unit: str
    waiver: Waiver


RuleKind = Literal["fail-under", "required", "review", "waiver", "baseline"]


@dataclass(frozen=True)
class RuleResult:
    """One rule applied to one target (or, for a waiver, to the whole comparison): what a report shows."""

    rule: RuleKind
    passed: bool
    failing: bool
    """It decides the exit code: it did not pass and is enforced (with a baseline only regressions and
    expired waivers are)."""
    target: str | None = None
    """The target's path; None for a waiver, which applies to every target."""
    ids: tuple[str, ...] = ()
    """The ids involved: required recommendations missing, low-confidence verdicts counted as gaps, gaps a
    waiver covers, regressions."""
    source: str = ""
    """Where the rule was set ('--fail-under', 'policydiff.toml: waivers[0]')."""
    value: float | None = None
    """fail-under: the coverage the rule judged (waived gaps left out)."""
    threshold: float | None = None
    """fail-under: the coverage it needs."""
    waiver: Waiver | None = None


@dataclass(frozen=True)
class GateResult:
    code: int
    findings: tuple[Finding, ...] = ()
    required: tuple[str, ...] = ()
    """The required recommendations, globs expanded."""
    waived: tuple[WaivedGap, ...] = ()
    """Gaps a valid waiver acknowledges."""
    regressions: tuple[tuple[str, str], ...] = ()
    """(target path, unit id) of each recommendation covered in the baseline and no longer covered."""
    improvements: tuple[tuple[str, str], ...] = ()
    fail_under: float | None = None
    """The coverage threshold that was applied, if any."""
    review: Review = "warn"
    """What low-confidence verdicts meant: 'fail' when they were counted as gaps."""
    rules: tuple[RuleResult, ...] = ()
    """Every rule with its outcome, in the order the report lists them."""
    coverage: tuple[tuple[str, float], ...] = ()
    """(target path, the coverage the rules judge): waived gaps left out and, with ``review = "fail"``,
    low-confidence verdicts counted as missing; only for targets where that differs from the reported one."""

    def percent_of(self, target: str) -> float | None:
        """The coverage the gate judges for ``target``, None when it is the reported one."""
        return next((pct for path, pct in self.coverage if path == target), None)

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why the check fails: one message per failing finding."""
        return tuple(f.message for f in self.findings if f.failing)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(f.message for f in self.findings if not f.failing)

    def waiver_for(self, target: str, unit: str) -> Waiver | None:
        return next((w.waiver for w in self.waived if w.target == target and w.unit == unit), None)

    def is_regression(self, target: str, unit: str) -> bool:
        return (target, unit) in self.regressions


def _recommendation_ids(comparison: Comparison) -> list[str]:
    return [u.id for u in comparison.reference.units if u.kind == "recommendation"]


def _no_such_id(comparison: Comparison, pattern: str) -> str:
    ids = _recommendation_ids(comparison)
    ref = comparison.reference.document.path
    hint = ""
    if pattern.endswith(".*") and any(fnmatchcase(i, pattern[:-2] + "*") for i in ids):
        hint = f"did you mean {pattern[:-2] + '*'!r}? "
    return (f"{pattern!r} matches no recommendation of {ref} ({hint}ids look like {', '.join(ids[:3])}…; "
            f"see `policydiff outline {ref}`)")


def required_ids(comparison: Comparison, patterns: Sequence[str], source: str = "--require") -> tuple[str, ...]:
    """Expand id globs against the reference's recommendations; an id that matches nothing is an error."""
    ids = _recommendation_ids(comparison)
    out: list[str] = []
    for pattern in patterns:
        hits = [i for i in ids if fnmatchcase(i, pattern)]
        if not hits:
            raise UsageError(f"{source}: {_no_such_id(comparison, pattern)}")
        out.extend(h for h in hits if h not in out)
    return tuple(out)


def check_waivers(comparison: Comparison, waivers: Sequence[Waiver]) -> None:
    """A waiver must name an existing recommendation: a typo would otherwise waive nothing, silently."""
    ids = _recommendation_ids(comparison)
    for w in waivers:
        if not any(w.matches(i) for i in ids):
            message = _no_such_id(comparison, w.id)
            if w.file:
                raise ConfigError(w.file, f"{w.key}.id" if w.key else "waivers", message)
            raise UsageError(f"waiver {message}")


def _percent_without(t: TargetResult, waived: AbstractSet[str], doubtful: AbstractSet[str] = frozenset()) -> float:
    """Coverage in percent with the waived gaps left out of the count and the ``doubtful`` verdicts (low
    confidence, with ``review = "fail"``) counted as missing."""
    judged = [v for v in t.verdicts if v.status is not None and v.unit.id not in waived]
    if not judged:
        return 100.0
    score = sum(0.0 if v.unit.id in doubtful else 1.0 if v.status == "covered" else 0.5 if v.status == "partial"
                else 0.0 for v in judged)
    return round(100.0 * score / len(judged), 1)


@dataclass
class _Collector:
    findings: list[Finding] = field(default_factory=list)

    def add(self, kind: FindingKind, message: str, failing: bool, target: str | None = None,
            unit: str | None = None) -> None:
        self.findings.append(Finding(kind, message, failing, target, unit))


def evaluate(comparison: Comparison, gate: Gate) -> GateResult:
    """Apply the gate's rules to every target of the comparison."""
    today = gate.today or date.today()
    required = required_ids(comparison, gate.require, gate.require_from)
    check_waivers(comparison, gate.waivers)
    out = _Collector()
    ratchet = gate.baseline is not None

    valid: list[Waiver] = []
    for w in gate.waivers:
        if w.expired(today):
            assert w.expires is not None
            out.add("waiver-expired", f"waiver for {w.id} expired on {w.expires.isoformat()}{_where(w)}: close the "
                    f"gap, or extend or remove the waiver", True)
        else:
            valid.append(w)

    if gate.baseline is not None:
        _baseline_notes(comparison, gate.baseline, out)

    waived: list[WaivedGap] = []
    regressions: list[tuple[str, str]] = []
    improvements: list[tuple[str, str]] = []
    rules: list[RuleResult] = []
    coverage: list[tuple[str, float]] = []
    for t in comparison.targets:
        path = t.document.path
        gaps: dict[str, Waiver] = {}
        for v in t.verdicts:
            if v.status in ("partial", "missing"):
                hit = next((w for w in valid if w.matches(v.unit.id)), None)
                if hit is not None:
                    gaps[v.unit.id] = hit
                    waived.append(WaivedGap(path, v.unit.id, hit))
        for w in valid:
            ids = [uid for uid, hit in gaps.items() if hit == w]
            if ids:
                what = f"{ids[0]} is" if len(ids) == 1 else f"{len(ids)} gaps ({', '.join(ids)}) are"
                out.add("waived", f"{path}: {what} {w.describe()}", False, path, ids[0] if len(ids) == 1 else None)

        low = [v.unit.id for v in t.verdicts if v.confidence == "low" and v.unit.id not in gaps]
        if low:
            n = len(low)
            what = (f"{n} verdict{'s' if n > 1 else ''} with low confidence need{'s' if n == 1 else ''} review "
                    f"({', '.join(low)})")
            fails = gate.review == "fail"
            out.add("review", f"{path}: {what}" + (f": counted as gaps ({gate.review_from})" if fails else ""),
                    fails and not ratchet, path, low[0] if n == 1 else None)
        doubtful = set(low) if gate.review == "fail" else set()
        judged = _percent_without(t, set(gaps), doubtful) if gaps or doubtful else t.percent
        if gaps or doubtful:
            coverage.append((path, judged))
        if gate.review == "fail":
            rules.append(RuleResult("review", not low, bool(low) and not ratchet, path, tuple(low), gate.review_from))

        if gate.fail_under is not None:
            src = gate.fail_under_from
            below = judged < gate.fail_under
            rules.append(RuleResult("fail-under", not below, below and not ratchet, path, source=src, value=judged,
                                    threshold=gate.fail_under))
            if below:
                counted = f" ({t.percent:.1f}% as reported)" if judged != t.percent else ""
                limit = f"{src} {gate.fail_under:g}%" if src.startswith("--") else f"{gate.fail_under:g}% ({src})"
                suffix = " — not failing with a baseline: only regressions fail" if ratchet else ""
                out.add("coverage", f"{path}: coverage {judged:.1f}%{counted} is below {limit}{suffix}", not ratchet,
                        path)

        lacking = [v.unit.id for v in t.verdicts
                   if v.unit.id in required and (v.status == "missing" or v.unit.id in doubtful)
                   and v.unit.id not in gaps]
        if required:
            rules.append(RuleResult("required", not lacking, bool(lacking) and not ratchet, path, tuple(lacking),
                                    gate.require_from))
        if ratchet and lacking:
            what = f"recommendation {lacking[0]} is" if len(lacking) == 1 else \
                f"recommendations {', '.join(lacking)} are"
            out.add("required", f"{path}: required {what} missing — not failing with a baseline: only regressions "
                    "fail", False, path, lacking[0] if len(lacking) == 1 else None)
        elif lacking:
            for uid in lacking:
                why = "is covered only with low confidence, counted as missing" if uid in doubtful else "is missing"
                out.add("required", f"{path}: required recommendation {uid} {why}", True, path, uid)

        if gate.baseline is not None:
            before = len(regressions)
            _ratchet(gate.baseline, t, gaps, out, regressions, improvements)
            regressed = tuple(uid for _, uid in regressions[before:])
            rules.append(RuleResult("baseline", not regressed, bool(regressed), path, regressed, gate.baseline.path))

    for w in gate.waivers:
        expired = w.expired(today)
        rules.append(RuleResult("waiver", not expired, expired, None,
                                tuple(dict.fromkeys(g.unit for g in waived if g.waiver == w)),
                                f"{w.file}: {w.key}" if w.file else "", waiver=w))
    for w in valid:
        hits = [(t.document.path, v.unit.id) for t in comparison.targets for v in t.verdicts
                if v.status is not None and w.matches(v.unit.id)]
        if hits and comparison.targets and not any(g.waiver == w for g in waived):
            out.add("waiver-unused", f"waiver for {w.id}{_where(w)} is no longer needed: covered in every target",
                    False)

    failing = any(f.failing for f in out.findings)
    return GateResult(EXIT_FAIL if failing else EXIT_OK, tuple(out.findings), required, tuple(waived),
                      tuple(regressions), tuple(improvements), gate.fail_under, gate.review, tuple(rules),
                      tuple(coverage))


def _where(w: Waiver) -> str:
    """' (policydiff.toml: waivers[0])', or '' for a waiver made in Python."""
    return f" ({w.file}: {w.key})" if w.file else ""


def _baseline_notes(comparison: Comparison, baseline: Baseline, out: _Collector) -> None:
    if baseline.reference_sha256 != comparison.reference.document.sha256:
        out.add("baseline", f"the reference changed since {baseline.path} was written; verdicts are compared by "
                "unit id", False)
    o, b = comparison.options, baseline.options
    if (o.covered, o.partial) != (b.covered, b.partial):
        out.add("baseline", f"the thresholds differ from those of {baseline.path} (covered ≥ {b.covered:g}, "
                f"partial ≥ {b.partial:g}): changed verdicts may come from that", False)


def _ratchet(baseline: Baseline, t: TargetResult, waived: dict[str, Waiver], out: _Collector,
             regressions: list[tuple[str, str]], improvements: list[tuple[str, str]]) -> None:
    path = t.document.path
    before = baseline.target_for(path)
    if before is None:
        out.add("baseline", f"{path}: not in the baseline {baseline.path}; nothing to compare "
                "(record it with `policydiff baseline write`)", False, path)
        return
    for v in t.verdicts:
        if v.status is None:
            continue
        old = before.status(v.unit.id)
        if old is None or old == v.status:
            continue
        change = f"{v.unit.id} {old} → {v.status}"
        if RANK[v.status] > RANK[old]:
            improvements.append((path, v.unit.id))
            out.add("improvement", f"{path}: improved: {change} (record it with `policydiff baseline write`)",
                    False, path, v.unit.id)
        elif old == "covered":
            waiver = waived.get(v.unit.id)
            if waiver is not None:
                out.add("regression", f"{path}: regression {change}, {waiver.describe()}", False, path, v.unit.id)
            else:
                regressions.append((path, v.unit.id))
                out.add("regression", f"{path}: regression: {change}", True, path, v.unit.id)
        else:
            out.add("worsened", f"{path}: worsened: {change} (not a regression: it was not covered)", False,
                    path, v.unit.id)
