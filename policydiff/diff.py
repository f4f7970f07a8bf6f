"""Version to version: what a new draft gained and lost against the reference, compared with an old one.

Both drafts are compared with the same reference, so their verdicts pair up by unit id;
:func:`diff` turns the two results into a :class:`VersionDiff` — per recommendation the old and new
verdict, per reference section the old and new coverage and counterpart.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from .errors import UsageError
from .gate import RANK
from .models import (
    Comparison,
    Document,
    Options,
    Outline,
    SectionAlignment,
    Status,
    TargetResult,
    Unit,
    Verdict,
)

Change = Literal["improved", "worsened", "unchanged"]


@dataclass(frozen=True)
class UnitChange:
    """One recommendation's verdict in the old and the new draft."""

    unit: Unit
    section: str
    """Readable label of the unit's reference section ('三(一)')."""
    old: Verdict
    new: Verdict

    @property
    def old_status(self) -> Status:
        return self.old.status or "missing"

    @property
    def new_status(self) -> Status:
        return self.new.status or "missing"

    @property
    def change(self) -> Change:
        delta = RANK[self.new_status] - RANK[self.old_status]
        return "improved" if delta > 0 else "worsened" if delta < 0 else "unchanged"

    @property
    def regression(self) -> bool:
        """Covered in the old draft and no longer covered: what `check --baseline` fails on."""
        return self.old_status == "covered" and self.new_status != "covered"

    @property
    def score_change(self) -> float:
        return round(self.new.score - self.old.score, 1)


@dataclass(frozen=True)
class SectionChange:
    """A reference section's coverage and counterpart in the old and the new draft."""

    old: SectionAlignment
    new: SectionAlignment

    @property
    def reference(self) -> str:
        return self.old.reference

    @property
    def title(self) -> str:
        return self.old.title

    @property
    def depth(self) -> int:
        return self.old.reference_id.count(".")

    @property
    def units(self) -> int:
        return self.old.units

    @property
    def coverage_change(self) -> float | None:
        if self.old.coverage is None or self.new.coverage is None:
            return None
        return round(self.new.coverage - self.old.coverage, 1)

    @property
    def changed(self) -> bool:
        return self.coverage_change not in (None, 0.0) or self.old.target != self.new.target


@dataclass(frozen=True)
class VersionDiff:
    reference: Outline
    old: TargetResult
    new: TargetResult
    units: tuple[UnitChange, ...]
    """Every recommendation of the reference, in its order."""
    sections: tuple[SectionChange, ...]
    options: Options = field(default_factory=Options)

    @property
    def old_document(self) -> Document:
        return self.old.document

    @property
    def new_document(self) -> Document:
        return self.new.document

    @property
    def percent_change(self) -> float:
        return round(self.new.percent - self.old.percent, 1)

    def count(self, change: Change) -> int:
        return sum(1 for u in self.units if u.change == change)

    @property
    def regressions(self) -> tuple[UnitChange, ...]:
        return tuple(u for u in self.units if u.regression)

    @property
    def changed(self) -> tuple[UnitChange, ...]:
        return tuple(u for u in self.units if u.change != "unchanged")


def diff_results(reference: Outline, old: TargetResult, new: TargetResult, options: Options | None = None) -> VersionDiff:
    """Pair two targets' results (against the same reference) unit by unit and section by section."""
    new_verdicts = {v.unit.id: v for v in new.verdicts}
    units: list[UnitChange] = []
    for v in old.verdicts:
        if v.status is None:
            continue
        n = new_verdicts.get(v.unit.id)
        if n is None:
            raise UsageError(f"{new.document.path} was not compared with the reference of {old.document.path}")
        units.append(UnitChange(v.unit, v.section, v, n))
    new_sections = {a.reference_id: a for a in new.sections}
    sections = tuple(SectionChange(a, new_sections[a.reference_id]) for a in old.sections
                     if a.reference_id in new_sections)
    return VersionDiff(reference, old, new, tuple(units), sections, options or Options())


def diff(reference: Outline, old: Outline, new: Outline, options: Options | None = None) -> VersionDiff:
    """Compare ``old`` and ``new`` drafts with ``reference`` and pair their verdicts."""
    from .align import compare

    c: Comparison = compare(reference, [old, new], options)
    return diff_results(reference, c.targets[0], c.targets[1], c.options)


def changes(d: VersionDiff, show: str) -> Sequence[UnitChange]:
    """The recommendations a view lists: those that changed ('changes') or all of them ('all')."""
    if show not in ("changes", "all"):
        raise UsageError(f"--show {show}: expected changes or all")
    return d.units if show == "all" else d.changed
