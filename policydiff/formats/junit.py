"""JUnit XML for CI test reports: a test suite per target, a test case per recommendation.

A covered recommendation passes; a partly covered or missing one has a ``<failure>`` (``type`` is the
status); a waived gap is ``<skipped>`` with the waiver's reason. When the gate judges a target's
coverage (``fail-under``), the suite has one more test case, ``coverage``, failing when it is too low.

The layout follows the schema Jenkins, GitLab and most CI systems read (``testsuites`` > ``testsuite``
> ``testcase`` > ``failure``/``skipped``, counts as attributes). Text is stripped of the characters
XML 1.0 forbids; the output is deterministic.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path, PurePath

from ..gate import GateResult
from ..models import Comparison, TargetResult, Verdict
from .ci import Gap, gaps, relative
from .markdown import body, clip, closest, located, place, sanitize

_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _XML_BAD.sub("", sanitize(text))


def _classname(path: str) -> str:
    """The target's file stem: CI tools split class names at dots, so dots become underscores."""
    stem = PurePath(path).stem if path != "-" else "stdin"
    return _clean(stem).replace(".", "_") or "target"


def _case_name(v: Verdict) -> str:
    section = f" §{v.section}" if v.section else ""
    return _clean(f"{v.unit.id}{section} {clip(body(v.unit), 60)}")


def _failure_text(c: Comparison, g: Gap) -> str:
    v = g.verdict
    lines = [g.summary(c.options.partial, c.options.covered), "", body(v.unit)]
    if v.status == "partial" and v.missing_clauses:
        lines += ["", "Clauses not found:", *(f"- {m}" for m in v.missing_clauses)]
    near = closest(v)
    if near is not None:
        # the passage is one clause's best: its score is that clause's, not the one that decided the verdict
        score = f"score {near.score:.1f}" if f"{near.score:.1f}" == f"{v.score:.1f}" else \
            f"one clause scores {near.score:.1f} there, the recommendation as a whole {v.score:.1f}"
        lines += ["", f"Closest passage ({place(near)}, {score}): {' '.join(near.text.split())}"]
    return _clean("\n".join(lines))


def _suite(c: Comparison, t: TargetResult, gate: GateResult | None, by_unit: dict[str, Gap],
           root: str | Path | None) -> ET.Element:
    path = relative(t.document.path, root)
    coverage = [f for f in (gate.findings if gate else ()) if f.kind == "coverage" and f.target == t.document.path]
    judged = [v for v in t.verdicts if v.status is not None]
    failures = sum(1 for v in judged if v.unit.id in by_unit and by_unit[v.unit.id].failing)
    skipped = sum(1 for v in judged if v.unit.id in by_unit and by_unit[v.unit.id].waiver is not None)
    failures += sum(1 for f in coverage if f.failing)
    tests = len(judged) + (1 if gate is not None and gate.fail_under is not None else 0)
    suite = ET.Element("testsuite", {"name": _clean(path), "tests": str(tests), "failures": str(failures),
                                     "errors": "0", "skipped": str(skipped)})
    props = ET.SubElement(suite, "properties")
    for name, value in (("reference", relative(c.reference.document.path, root)), ("coverage", f"{t.percent:.1f}"),
                        ("covered", str(t.count("covered"))), ("partial", str(t.count("partial"))),
                        ("missing", str(t.count("missing")))):
        ET.SubElement(props, "property", {"name": name, "value": _clean(value)})
    classname = _classname(path)
    for v in judged:
        g = by_unit.get(v.unit.id)
        evidence = located(v)
        line = g.line if g is not None else evidence.line if evidence is not None else 1
        case = ET.SubElement(suite, "testcase", {"name": _case_name(v), "classname": classname, "file": _clean(path),
                                                 "line": str(line)})
        if g is None:
            continue
        if g.waiver is not None:
            ET.SubElement(case, "skipped", {"message": _clean(f"{g.status}, {g.waiver.describe()}")})
            continue
        if not g.failing:  # a verdict to review, which the gate only warns of
            ET.SubElement(case, "system-out").text = _failure_text(c, g)
            continue
        failure = ET.SubElement(case, "failure", {"type": "review" if g.status == "covered" else g.status,
                                                  "message": _clean(g.title)})
        failure.text = _failure_text(c, g)
    if gate is not None and gate.fail_under is not None:
        case = ET.SubElement(suite, "testcase", {"name": "coverage", "classname": classname, "file": _clean(path),
                                                 "line": "1"})
        for f in coverage:
            if f.failing:
                ET.SubElement(case, "failure", {"type": "coverage", "message": _clean(f.message)})
    return suite


def format_junit(c: Comparison, *, gate: GateResult | None = None, root: str | Path | None = None) -> str:
    all_gaps = gaps(c, gate, root)
    suites = ET.Element("testsuites", {"name": "policydiff"})
    totals = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for i, t in enumerate(c.targets):
        by_unit = {g.unit_id: g for g in all_gaps if g.target is t}
        suite = _suite(c, t, gate, by_unit, root)
        suite.set("id", str(i))
        for k in totals:
            totals[k] += int(suite.get(k, "0"))
        suites.append(suite)
    for k, n in totals.items():
        suites.set(k, str(n))
    ET.indent(suites, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
