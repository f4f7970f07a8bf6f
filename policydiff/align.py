"""From clause scores to verdicts: section alignment, evidence, coverage figures.

Scores are calibrated per script onto a 0–100 scale on which the default thresholds (covered ≥ 60,
partial ≥ 35) hold for Chinese and English alike; the anchors were fitted on the dev set
(`../shared/eval/dev`), never on the documents we report held-out figures for.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from .confidence import assess
from .errors import UsageError
from .match import Index, Passage, UnitScores, best_passage, score_unit, shared_terms
from .models import (
    Addition,
    ClauseResult,
    Comparison,
    Document,
    Evidence,
    Options,
    Outline,
    Section,
    SectionAlignment,
    Status,
    TargetResult,
    Unit,
    Verdict,
    coverage_percent,
)
from .script import needs_conversion

# raw clause-weighted coverage → display score: raw PARTIAL ↦ 35, raw COVERED ↦ 60, 1.0 ↦ 100.
# Chinese: fitted on the three dev drafts; English: fitted (scripts/evaluate.py --fit) on the 12 English tuning
# documents of eval/manifest.json — six genres, three references — never on the holdout ones.
CALIBRATION = {"cjk": (0.11, 0.17), "latin": (0.28, 0.38)}
PREFER_ALIGNED = 0.9
"""Evidence inside the aligned section wins over a better passage elsewhere down to this ratio."""
MAX_EVIDENCE = 3
EVIDENCE_CHARS = 2000
"""Evidence text (and an addition's text) longer than this is cut, ending in '…': a passage of a sentence
without full stops can be megabytes long, and every unit's evidence copied it into every report."""
_CJK = re.compile(r"[\u3400-\u9fff]")


def script_of(texts: Sequence[str]) -> str:
    joined = "".join(texts)
    cjk = len(_CJK.findall(joined))
    return "cjk" if cjk * 3 >= len(joined.replace(" ", "")) * 0.5 else "latin"


def calibrate(raw: float, script: str) -> float:
    low, high = CALIBRATION[script]
    if raw <= low:
        value = 35.0 * raw / low
    elif raw <= high:
        value = 35.0 + 25.0 * (raw - low) / (high - low)
    else:
        value = 60.0 + 40.0 * (raw - high) / (1.0 - high)
    value = value if value > 0.0 else 0.0  # max(0.0, value), min(100.0, value): without two calls
    return round(value if value < 100.0 else 100.0, 1)


def status_for(score: float, options: Options) -> Status:
    if score >= options.covered:
        return "covered"
    if score >= options.partial:
        return "partial"
    return "missing"


@dataclass(frozen=True)
class Placed:
    """A unit's clause scores gathered by target section: where the unit is best covered, and how well."""

    scores: UnitScores
    """The unit's clause scores; each clause's ``by_passage`` holds its best passage only."""
    by_section: dict[str, list[tuple[int | None, float]]]
    """Target section id → for each clause, its best passage inside that section and the score."""
    section_scores: dict[str, float]
    """Target section id → the unit's score there: its clauses' shares times their best scores, summed."""
    calibrated: dict[str, float]
    """The same, calibrated: ``calibrate(section_scores[sid], script)``."""

    def best_section(self, prefer: str | None) -> tuple[str | None, float]:
        """The target section that covers the unit best (ties to the earlier section); the aligned one wins
        when nearly as good."""
        scores = self.section_scores
        if not scores:
            return None, 0.0
        high = max(scores.values())
        tops = [sid for sid, v in scores.items() if v == high]
        top = tops[0] if len(tops) == 1 else min(tops, key=section_order)
        if prefer is not None and prefer in scores and scores[prefer] >= PREFER_ALIGNED * scores[top]:
            top = prefer
        return top, scores[top]


def is_within(section_id: str, ancestor_id: str) -> bool:
    """Is the section ``ancestor_id`` itself or one of its subsections?"""
    return section_id == ancestor_id or section_id.startswith(ancestor_id + ".")


def judge(p: Placed, prefer: str | None, options: Options) -> tuple[str | None, float, Status, bool]:
    """A unit's verdict: the target section it is judged in, its calibrated score, its status, and whether
    it was found outside ``prefer`` (the section aligned with its own)."""
    section, _ = p.best_section(prefer)
    score = p.calibrated[section] if section is not None else 0.0
    status = status_for(score, options)
    moved = status != "missing" and section is not None and prefer is not None and not is_within(section, prefer)
    return section, score, status, moved


def recommendations(ref: Outline) -> list[Unit]:
    """The reference's recommendations, the units every comparison judges; none is an input error."""
    recs = [u for u in ref.units if u.kind == "recommendation"]
    if not recs:
        raise UsageError(f"{ref.document.path}: the reference has no recommendations to look for")
    return recs


def converts(options: Options, reference: Document, target: Document) -> bool:
    """Are both documents matched on a Simplified copy? With ``--script auto``, when either needs it
    (a 'mixed' document holds both scripts)."""
    return options.script == "auto" and (needs_conversion(reference.script) or needs_conversion(target.script))


def section_order(section_id: str) -> list[int]:
    return [int(x) for x in section_id.split(".")] if section_id else []


def _place(us: UnitScores, index: Index, script: str) -> Placed:
    by_section: dict[str, list[tuple[int | None, float]]] = {}
    n = len(us.clauses)
    section_of = index.section_of
    for ci, c in enumerate(us.clauses):
        for k, s in c.by_passage.items():
            sid = section_of[k]
            slots = by_section.get(sid)
            if slots is None:
                slots = by_section[sid] = [(None, 0.0)] * n
            old_k, old_s = slots[ci]
            if s > old_s + 1e-12 or (old_k is not None and k < old_k and abs(s - old_s) <= 1e-12):
                slots[ci] = (k, s)
    section_scores = {sid: sum(c.weight * s for c, (_, s) in zip(us.clauses, best, strict=True))
                      for sid, best in by_section.items()}
    # each clause keeps its best passage anywhere, all that is asked of it from now on (ClauseScores.best()):
    # every unit's map of every passage, kept until the verdicts are drawn, held gigabytes for a 5 MB target
    slim = UnitScores(us.unit, tuple(replace(c, by_passage=_best_only(ci, by_section))
                                     for ci, c in enumerate(us.clauses)))
    return Placed(slim, by_section, section_scores, {sid: calibrate(v, script) for sid, v in section_scores.items()})


def _best_only(ci: int, by_section: dict[str, list[tuple[int | None, float]]]) -> dict[int, float]:
    """Clause ``ci``'s best passage anywhere (as ClauseScores.best() finds it): the best of its sections' best."""
    k, s = best_passage((k, s) for slots in by_section.values() for k, s in (slots[ci],) if k is not None)
    return {} if k is None else {k: s}


def cut(text: str, limit: int = EVIDENCE_CHARS) -> str:
    """``text``, or its first ``limit`` - 1 characters and '…'."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label_map(outline: Outline) -> dict[str, Section]:
    return {s.id: s for s in outline.document.walk()}


def _evidence(k: int, score: float, index: Index, sections: dict[str, Section], shared: tuple[str, ...],
              script: str) -> Evidence:
    p = index.passages[k]
    sec = sections.get(p.section)
    return Evidence(
        text=cut(p.text),
        section=sec.label if sec else "",
        section_title=sec.title if sec else "",
        line=p.line,
        score=calibrate(score, script),
        shared=shared,
        end_line=p.end_line,
    )


def _common_ancestor(ids: list[str]) -> str | None:
    parts = [i.split(".") for i in ids]
    common: list[str] = []
    for level in zip(*parts, strict=False):
        if len(set(level)) != 1:
            break
        common.append(level[0])
    return ".".join(common) or None


def counterparts(ref: Outline, placed: dict[str, Placed], options: Options) -> dict[str, tuple[str | None, float]]:
    """Each reference section's counterpart: the target section where its recommendations are best covered
    (on average), and that average; a section without recommendations of its own follows its children."""
    recs_of: dict[str, list[Unit]] = defaultdict(list)
    for u in ref.units:
        if u.kind == "recommendation":
            recs_of[u.section].append(u)
    chosen: dict[str, tuple[str | None, float]] = {}

    def visit(rs: Section) -> None:
        for child in rs.sections:
            visit(child)
        recs = recs_of.get(rs.id)
        best: tuple[str | None, float] = (None, 0.0)
        if recs:
            n = len(recs)
            totals: dict[str, float] = {}
            strongest: dict[str, float] = {}
            for u in recs:
                for sid, score in placed[u.id].calibrated.items():
                    totals[sid] = totals.get(sid, 0.0) + score / n
                    if score > strongest.get(sid, 0.0):
                        strongest[sid] = score
            if totals:
                top = max(totals.values())
                sid = min((x for x, v in totals.items() if v == top), key=section_order)
                # a counterpart holds at least one of the section's recommendations, partly or wholly
                best = (sid, top) if strongest.get(sid, 0.0) >= options.partial else (None, 0.0)
        else:
            kids = [chosen[c.id][0] for c in rs.sections if chosen[c.id][0] is not None]
            if len(kids) >= 2:
                best = (_common_ancestor([k for k in kids if k]), max(chosen[c.id][1] for c in rs.sections))
            elif len(kids) == 1:
                best = (kids[0], max(chosen[c.id][1] for c in rs.sections))
        chosen[rs.id] = best

    for rs in ref.document.sections:
        visit(rs)
    return chosen


def preferred(chosen: dict[str, tuple[str | None, float]]) -> dict[str, str]:
    """Reference section id → the target section its recommendations are judged in first (sections whose
    counterpart is the target's front matter, id '', have none)."""
    return {rid: tid for rid, (tid, _) in chosen.items() if tid}


def align_sections(ref: Outline, chosen: dict[str, tuple[str | None, float]], target: Outline,
                   status: dict[str, Status]) -> list[SectionAlignment]:
    """The alignment table: each reference section, its counterpart and the coverage of its recommendations."""
    tsections = _label_map(target)
    out: list[SectionAlignment] = []
    for rs in ref.document.walk():
        recs = [u for u in ref.units if u.kind == "recommendation" and (
            u.section == rs.id or u.section.startswith(rs.id + "."))]
        n = len(recs)
        covered = sum(1 for u in recs if status[u.id] == "covered")
        partial = sum(1 for u in recs if status[u.id] == "partial")
        tid, score = chosen.get(rs.id, (None, 0.0))
        tsec = tsections.get(tid) if tid else None
        out.append(
            SectionAlignment(
                reference_id=rs.id,
                reference=rs.label,
                title=rs.title,
                target_id=tsec.id if tsec else None,
                target=tsec.label if tsec else None,
                target_title=tsec.title if tsec else None,
                score=round(score, 1) if tsec else 0.0,
                coverage=coverage_percent(covered, partial, n) if n else None,
                units=n,
            )
        )
    return out


def compare_target(ref: Outline, target: Outline, options: Options | None = None) -> TargetResult:
    """Judge every reference recommendation against one target."""
    options = options or Options()
    recs = recommendations(ref)
    script = script_of([u.text for u in recs])
    convert = converts(options, ref.document, target.document)
    index = Index([u.text for u in ref.units], target.document, convert_reference=convert, convert_target=convert)
    tsections = _label_map(target)
    rsections = _label_map(ref)
    placed = {u.id: _place(score_unit(u, index), index, script) for u in recs}
    # sections are aligned first; then verdicts favour the aligned section
    chosen = counterparts(ref, placed, options)
    aligned = preferred(chosen)

    verdicts: list[Verdict] = []
    used: set[str] = set()  # target sections holding evidence of a recommendation: not additions
    section_of_label = {sec.label: sid for sid, sec in tsections.items()}
    for u in ref.units:
        rsec = rsections.get(u.section)
        label = rsec.label if rsec else ""
        if u.kind != "recommendation":
            verdicts.append(Verdict(u, label, None, 0.0))
            continue
        v = _verdict(u, label, placed[u.id], aligned.get(u.section), options, index, tsections, script)
        if v.status != "missing":
            used.update(section_of_label.get(e.section, "") for e in v.evidence)
        verdicts.append(v)
    final = {v.unit.id: v.status for v in verdicts if v.status is not None}
    alignments = align_sections(ref, chosen, target, final)
    additions = _additions(target, alignments, used)
    return TargetResult(target.document, tuple(verdicts), tuple(alignments), tuple(additions))


def _verdict(u: Unit, label: str, p: Placed, aligned: str | None, options: Options, index: Index,
             tsections: dict[str, Section], script: str) -> Verdict:
    section, score, st, moved = judge(p, aligned, options)
    slots = p.by_section.get(section, []) if section is not None else []
    clause_results: list[ClauseResult] = []
    per_passage: dict[int, float] = defaultdict(float)
    mass: dict[int, float] = defaultdict(float)
    shared: dict[int, list[str]] = defaultdict(list)
    for ci, c in enumerate(p.scores.clauses):
        k, s = slots[ci] if slots else (None, 0.0)
        # a clause is found where it alone would count as covered
        found = k is not None and calibrate(s, script) >= options.covered
        terms: tuple[str, ...] = ()
        if k is not None and s > 0:
            # the passages of the unit's best section that carry its score are its evidence
            terms = shared_terms(c, k, index)
            per_passage[k] += c.weight * s
            mass[k] += c.weight
            shared[k].extend(terms)
        decided = calibrate(s, script)  # the score in the section that carries the verdict: what decided
        if not found:
            # a clause not found in that section: show the closest passage anywhere (the passage keeps its
            # own score; the clause keeps the one that decided)
            gk, gs = c.best()
            if gk is not None and gs > s:
                k, s = gk, gs
                terms = shared_terms(c, k, index)
        ev = None
        if k is not None and s > 0:
            ev = _evidence(k, s, index, tsections, terms, script)
        clause_results.append(ClauseResult(c.text, decided, found, ev))
    ranked = _distinct(sorted(per_passage, key=lambda k: (-per_passage[k], k)), index)[:MAX_EVIDENCE]
    evidence = tuple(sorted(
        (_evidence(k, per_passage[k] / mass[k], index, tsections, tuple(dict.fromkeys(shared[k])), script)
         for k in ranked),
        key=lambda e: -e.score,  # stable: equal scores keep the order of their weight in the verdict
    ))
    judged = assess(st, score, evidence, options)
    return Verdict(u, label, st, score, evidence, tuple(clause_results), moved, judged.confidence, judged.reason)


def _distinct(ranked: list[int], index: Index) -> list[int]:
    """The passages in rank order, without those overlapping a better-ranked one (windows of the same
    paragraph that share a sentence would show the same line twice)."""
    kept: list[int] = []
    for k in ranked:
        p = index.passages[k]
        if not any(_overlap(p, index.passages[j]) for j in kept):
            kept.append(k)
    return kept


def _overlap(a: Passage, b: Passage) -> bool:
    return a.start < b.start + b.size and b.start < a.start + a.size


def _additions(target: Outline, alignments: list[SectionAlignment], used: set[str]) -> list[Addition]:
    aligned_ids = {a.target_id for a in alignments if a.target_id}
    out: list[Addition] = []
    for s in target.document.walk():
        if not s.blocks:
            continue
        related = any(is_within(a, s.id) or is_within(s.id, a) for a in aligned_ids)
        if related or s.id in used:
            continue
        out.append(Addition(s.label, s.title, cut(s.blocks[0].text), s.line))
    return out


def compare(reference: Outline, targets: Sequence[Outline], options: Options | None = None) -> Comparison:
    """Compare the reference with each target; each target's result is independent of the others."""
    options = options or Options()
    return Comparison(reference, tuple(compare_target(reference, t, options) for t in targets), options)
