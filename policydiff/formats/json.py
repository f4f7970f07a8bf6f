"""JSON for scripts: versioned schemas, deterministic bytes (sorted where order is not meaningful)."""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any

from ..models import Comparison, Evidence, Outline, Section, TargetResult, Unit, Verdict
from ..read.textutil import BIDI

if TYPE_CHECKING:
    from ..diff import VersionDiff
    from ..gate import GateResult, RuleResult

OUTLINE_SCHEMA = "policydiff/outline@1"
COMPARISON_SCHEMA = "policydiff/comparison@2"


def _unit(u: Unit) -> dict[str, Any]:
    return {"id": u.id, "kind": u.kind, "text": u.text, "line": u.line}


def _section(s: Section, outline: Outline) -> dict[str, Any]:
    return {
        "id": s.id,
        "number": s.number,
        "label": s.label,
        "title": s.title,
        "level": s.level,
        "line": s.line,
        "units": [_unit(u) for u in outline.units_of(s.id)],
        "sections": [_section(c, outline) for c in s.sections],
    }


def outline_dict(outline: Outline) -> dict[str, Any]:
    d = outline.document
    return {
        "schema": OUTLINE_SCHEMA,
        "path": d.path,
        "title": d.title,
        "encoding": d.encoding,
        "format": d.format,
        "script": d.script,
        "sha256": d.sha256,
        "units": [_unit(u) for u in outline.units_of("")],
        "sections": [_section(s, outline) for s in d.sections],
    }


_BIDI = re.compile(f"[{BIDI}]")


def dumps(data: Any) -> str:
    """Indented UTF-8 JSON; never NaN or Infinity (a ValueError instead); bidirectional controls (file names
    can hold them) as \\u escapes: the value is kept, a terminal that shows the file is not reordered."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, indent=2) + "\n"
    return _BIDI.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def format_outline(outline: Outline) -> str:
    return dumps(outline_dict(outline))


def _evidence(e: Evidence) -> dict[str, Any]:
    return {"text": e.text, "section": e.section, "line": e.line, "end_line": e.end_line, "score": e.score,
            "shared": list(e.shared)}


def _verdict(v: Verdict) -> dict[str, Any]:
    return {
        "id": v.unit.id,
        "section": v.section,
        "kind": v.unit.kind,
        "text": v.unit.text,
        "line": v.unit.line,
        "status": v.status,
        "score": v.score if v.status is not None else None,
        "moved": v.moved,
        "confidence": v.confidence if v.status is not None else None,
        "reason": v.reason if v.status is not None else "",
        "evidence": [_evidence(e) for e in v.evidence],
        "missing_clauses": list(v.missing_clauses) if v.status is not None else [],
    }


def _target(t: TargetResult) -> dict[str, Any]:
    d = t.document
    return {
        "path": d.path,
        "title": d.title,
        "sha256": d.sha256,
        "encoding": d.encoding,
        "format": d.format,
        "script": d.script,
        "coverage": {
            "covered": t.count("covered"),
            "partial": t.count("partial"),
            "missing": t.count("missing"),
            "percent": t.percent,
            "review": sum(1 for v in t.verdicts if v.confidence == "low"),
        },
        "sections": [
            {
                "reference": a.reference,
                "title": a.title,
                "target": a.target,
                "target_title": a.target_title,
                "score": a.score,
                "coverage": a.coverage,
                "units": a.units,
            }
            for a in t.sections
        ],
        "units": [_verdict(v) for v in t.verdicts],
        "additions": [{"section": a.section, "title": a.title, "text": a.text, "line": a.line} for a in t.additions],
    }


def comparison_dict(c: Comparison) -> dict[str, Any]:
    ref = c.reference.document
    return {
        "schema": COMPARISON_SCHEMA,
        "options": {"covered": c.options.covered, "partial": c.options.partial, "script": c.options.script},
        "reference": {
            "path": ref.path,
            "title": ref.title,
            "sha256": ref.sha256,
            "script": ref.script,
            "units": sum(1 for u in c.reference.units if u.kind == "recommendation"),
        },
        "targets": [_target(t) for t in c.targets],
    }


def format_comparison(c: Comparison) -> str:
    return dumps(comparison_dict(c))


DIFF_SCHEMA = "policydiff/diff@1"


def _doc_summary(t: TargetResult) -> dict[str, Any]:
    d = t.document
    return {
        "path": d.path,
        "title": d.title,
        "sha256": d.sha256,
        "coverage": {"covered": t.count("covered"), "partial": t.count("partial"), "missing": t.count("missing"),
                     "percent": t.percent},
    }


def diff_dict(d: VersionDiff) -> dict[str, Any]:
    ref = d.reference.document
    return {
        "schema": DIFF_SCHEMA,
        "options": {"covered": d.options.covered, "partial": d.options.partial},
        "reference": {"path": ref.path, "title": ref.title, "sha256": ref.sha256, "units": len(d.units)},
        "old": _doc_summary(d.old),
        "new": _doc_summary(d.new),
        "summary": {
            "percent_change": d.percent_change,
            "improved": d.count("improved"),
            "worsened": d.count("worsened"),
            "regressions": len(d.regressions),
            "unchanged": d.count("unchanged"),
        },
        "sections": [
            {
                "reference": s.reference,
                "title": s.title,
                "units": s.units,
                "old": {"target": s.old.target, "target_title": s.old.target_title, "coverage": s.old.coverage},
                "new": {"target": s.new.target, "target_title": s.new.target_title, "coverage": s.new.coverage},
                "coverage_change": s.coverage_change,
            }
            for s in d.sections
        ],
        "units": [
            {
                "id": u.unit.id,
                "section": u.section,
                "text": u.unit.text,
                "line": u.unit.line,
                "old": {"status": u.old_status, "score": u.old.score},
                "new": {"status": u.new_status, "score": u.new.score},
                "change": u.change,
                "regression": u.regression,
            }
            for u in d.units
        ],
    }


def format_diff(d: VersionDiff) -> str:
    """Every recommendation's old and new verdict (``policydiff/diff@1``)."""
    return dumps(diff_dict(d))


CHECK_SCHEMA = "policydiff/check@1"


def _rule(r: RuleResult) -> dict[str, Any]:
    out: dict[str, Any] = {"rule": r.rule, "target": r.target, "passed": r.passed, "failing": r.failing,
                           "ids": list(r.ids), "source": r.source}
    if r.rule == "fail-under":
        out.update(coverage=r.value, threshold=r.threshold)
    if r.waiver is not None:
        w = r.waiver
        out.update(pattern=w.id, reason=w.reason, expires=w.expires.isoformat() if w.expires else None)
    return out


def check_dict(c: Comparison, gate: GateResult) -> dict[str, Any]:
    """What `policydiff check` decided, with the comparison it judged embedded unchanged."""
    return {
        "schema": CHECK_SCHEMA,
        "passed": gate.code == 0,
        "exit_code": gate.code,
        "rules": [_rule(r) for r in gate.rules],
        "targets": [
            {
                "path": t.document.path,
                "coverage": t.percent,
                "judged_coverage": t.percent if (p := gate.percent_of(t.document.path)) is None else p,
                "waived": [{"id": g.unit, "waiver": g.waiver.id} for g in gate.waived if g.target == t.document.path],
            }
            for t in c.targets
        ],
        "findings": [{"kind": f.kind, "failing": f.failing, "target": f.target, "unit": f.unit, "message": f.message}
                     for f in gate.findings],
        "comparison": comparison_dict(c),
    }


def format_check(c: Comparison, gate: GateResult) -> str:
    """The rules of a check and their outcome (``policydiff/check@1``)."""
    return dumps(check_dict(c, gate))
