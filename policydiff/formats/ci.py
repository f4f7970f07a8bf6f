"""What the CI formats (github, sarif, junit, gitlab) share: the gaps, where they go, how they are named.

A :class:`Gap` is a recommendation a target misses or only partly covers — or covers with low confidence,
a verdict to review (a warning; an error when the gate counts them as gaps) — with everything a CI
report needs: the repository-relative path and line it belongs at, a severity, whether the gate
requires it, waives it or counts it as a regression, and a stable fingerprint.

Where a gap belongs in the target:

* a partly covered recommendation, or a covered one to review: the passage that (partly) covers it;
* a missing one: the target section aligned with its reference section (or with the nearest
  enclosing section that has a counterpart) — where a drafter would add it; else line 1.

All document text goes through :func:`~policydiff.formats.markdown.sanitize`: no control character
(ESC above all) reaches a CI log.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Literal

from ..gate import GateResult, Waiver
from ..models import Comparison, Section, TargetResult, Verdict
from .markdown import body, clip, located, one_line, sanitize, section_name

Level = Literal["error", "warning", "note"]
FINGERPRINT = "policydiffGap/v1"
"""The name of the fingerprint in SARIF's ``partialFingerprints`` (bump the version if its recipe changes)."""


def relative(path: str, root: str | Path | None) -> str:
    """``path`` (as given on the command line) relative to ``root``, with forward slashes.

    Without a root, or for a file outside it, the path stays as given (normalised to forward
    slashes, without a leading './'); standard input is '-'.
    """
    if path == "-":
        return "-"
    if root is not None:
        absolute = os.path.abspath(path)
        try:
            rel = os.path.relpath(absolute, os.path.abspath(root))
        except ValueError:  # another drive (Windows)
            rel = ""
        if rel and not rel.startswith(".."):
            return PurePath(rel).as_posix()
    posix = PurePath(path).as_posix()
    return posix[2:] if posix.startswith("./") else posix


def fingerprint(reference: str, target: str, unit_id: str) -> str:
    """Stable across runs and edits: the gap of ``unit_id`` in ``target`` keeps its fingerprint while it lasts."""
    return hashlib.sha256(f"policydiff-gap\0{reference}\0{target}\0{unit_id}".encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Gap:
    target: TargetResult
    verdict: Verdict
    path: str
    """The target's path, repository-relative."""
    line: int
    where: str
    """The target section it belongs at ('§三(一) 强化网上舆论引导'), '' when none."""
    reference_section: str
    """'§三(六) 创新互联网管理', '' for front matter."""
    aligned: bool
    """For a missing recommendation: whether ``where`` is the section aligned with its own."""
    required: bool
    regression: bool
    waiver: Waiver | None
    level: Level
    fingerprint: str

    @property
    def status(self) -> str:
        return self.verdict.status or "missing"

    @property
    def failing(self) -> bool:
        """Does it fail a test (JUnit)? Not when waived, nor a verdict to review that the gate only warns of."""
        return self.waiver is None and (self.status != "covered" or self.level == "error")

    @property
    def unit_id(self) -> str:
        return self.verdict.unit.id

    @property
    def title(self) -> str:
        """'3.6.3 missing', 'required 3.6.3 missing', '3.2.1 partly covered', '2.1b regression: now partial',
        '2.2 covered, needs review'."""
        v = self.verdict
        if self.regression:
            return f"{v.unit.id} regression: covered before, now {self.status}"
        if self.status == "covered":
            return f"{'required ' if self.required else ''}{v.unit.id} covered, needs review"
        what = "partly covered" if self.status == "partial" else "missing"
        return f"{'required ' if self.required else ''}{v.unit.id} {what}"

    def summary(self, options_partial: float, options_covered: float) -> str:
        """One sentence: what the gap is and where the recommendation belongs."""
        v = self.verdict
        ref = f" ({self.reference_section})" if self.reference_section else ""
        lead = "Required recommendation" if self.required else "Recommendation"
        if self.status == "covered":
            text = (f"{lead} {v.unit.id}{ref} is reported covered (score {v.score:.1f}) with low confidence: "
                    f"{v.reason}")
            if self.where:
                text += f"; check the evidence at {self.where}"
        elif self.status == "partial":
            text = (f"{lead} {v.unit.id}{ref} is only partly covered (score {v.score:.1f}, covered from "
                    f"{options_covered:g})")
            if self.where:
                text += f"; best at {self.where}"
        else:
            text = f"{lead} {v.unit.id}{ref} is missing (score {v.score:.1f}, partial from {options_partial:g})"
            if self.where and self.aligned:
                text += f"; it belongs in {self.where}, the section aligned with {self.reference_section or 'it'}"
            elif self.where:
                text += f"; the nearest counterpart is {self.where}"
            else:
                text += "; no section of this document corresponds to its section"
        if v.confidence == "low" and self.status != "covered":
            text += f"; low confidence: {v.reason}"
        if self.regression:
            text += "; it was covered in the baseline"
        if self.waiver is not None:
            text += f"; {self.waiver.describe()}"
        return text + "."

    def details(self, width: int = 240) -> str:
        """The recommendation's text (clipped) and, for a partial, the clauses not found."""
        v = self.verdict
        lines = [clip(body(v.unit), width)]
        if self.status == "partial" and v.missing_clauses:
            lines.append("Not found: " + "; ".join(clip(m, 60) for m in v.missing_clauses))
        return "\n".join(lines)


def _sections(t: TargetResult) -> dict[str, Section]:
    return {s.id: s for s in t.document.walk()}


def belongs(c: Comparison, t: TargetResult, v: Verdict) -> tuple[int, str, bool]:
    """(line, '§label title' or '', whether it is the aligned section) where a gap goes in the target."""
    if v.status in ("partial", "covered"):
        e = located(v)
        if e is not None:
            return e.line, "§" + section_name(e.section, e.section_title) if e.section else "", False
    sections = _sections(t)
    aligned = {a.reference_id: a.target_id for a in t.sections}
    sid = v.unit.section
    own = True
    while sid:
        target = aligned.get(sid)
        if target is not None and target in sections:
            s = sections[target]
            return s.line, "§" + sanitize(section_name(s.label, s.title)), own
        sid = sid.rpartition(".")[0]
        own = False
    return 1, "", False


def gaps(c: Comparison, gate: GateResult | None = None, root: str | Path | None = None) -> list[Gap]:
    """Every gap of every target, targets in order, recommendations in the reference's order."""
    ref_sections = {s.id: s for s in c.reference.document.walk()}
    ref_path = relative(c.reference.document.path, root)
    required = set(gate.required) if gate else set()
    out: list[Gap] = []
    for t in c.targets:
        path = relative(t.document.path, root)
        for v in t.verdicts:
            if v.status not in ("partial", "missing") and v.confidence != "low":
                continue
            line, where, aligned = belongs(c, t, v)
            rs = ref_sections.get(v.unit.section)
            ref_name = "§" + sanitize(section_name(rs.label, rs.title)) if rs else ""
            waiver = gate.waiver_for(t.document.path, v.unit.id) if gate else None
            regression = gate.is_regression(t.document.path, v.unit.id) if gate else False
            is_required = v.unit.id in required
            level: Level
            if waiver is not None:
                level = "note"
            elif v.status == "covered":  # a verdict to review
                level = "error" if gate is not None and gate.review == "fail" else "warning"
            elif regression or (is_required and v.status == "missing"):
                level = "error"
            elif v.status == "missing":
                level = "warning"
            else:
                level = "note"
            out.append(Gap(t, v, path, line, sanitize(where), ref_name, aligned, is_required, regression, waiver,
                           level, fingerprint(ref_path, path, v.unit.id)))
    return out


def failing_elsewhere(gate: GateResult | None) -> list[tuple[str | None, str]]:
    """Failing findings not about one recommendation (coverage below the threshold, an expired waiver):
    (target path or None, message)."""
    if gate is None:
        return []
    return [(f.target, f.message) for f in gate.findings if f.failing and f.unit is None]


def coverage_line(t: TargetResult, root: str | Path | None = None) -> str:
    return (f"{one_line(relative(t.document.path, root))}: {t.percent:.1f}% covered ({t.count('covered')} covered, "
            f"{t.count('partial')} partial, {t.count('missing')} missing of {t.judged} recommendations)")
