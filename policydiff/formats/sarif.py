"""SARIF 2.1.0 for code scanning: one rule per recommendation of the reference, one result per gap.

* ``ruleId`` is the recommendation's id ('3.6.3'); the rule carries its text and reference section.
* ``level``: ``error`` for a missing required recommendation or a regression, ``warning`` for a missing
  one, ``note`` for a partly covered one.
* Locations are repository-relative (``uriBaseId`` ``%SRCROOT%``) and point where the gap belongs in the
  target; ``relatedLocations`` point at the recommendation in the reference.
* ``partialFingerprints["policydiffGap/v1"]`` depends on the reference path, the target path and the
  unit id only, so an alert keeps its identity while the draft is edited around it.
* Waived gaps are results with an external ``suppressions`` entry whose justification is the reason.

Deterministic: the same comparison gives the same bytes (no timestamps, no absolute paths).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .. import __version__
from ..gate import GateResult
from ..models import Comparison, Unit
from ..read.textutil import BIDI
from .ci import FINGERPRINT, Gap, gaps, relative
from .json import dumps
from .markdown import body, clip, one_line, sanitize, section_name

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
SRCROOT = "%SRCROOT%"


_URI_UNSAFE = re.compile(r'[\x00-\x20\x7f-\x9f"%<>\\^`{|}#?\[\]' + BIDI + "]")


def _uri(path: str) -> str:
    """A relative path as a URI reference: controls, bidirectional controls, spaces and URI delimiters
    percent-encoded (other non-ASCII characters stay, as in an IRI)."""
    return _URI_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), path)


def _location(uri: str, line: int, message: str | None = None, ident: int | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {}
    if ident is not None:
        loc["id"] = ident
    loc["physicalLocation"] = {
        "artifactLocation": {"uri": _uri(uri), "uriBaseId": SRCROOT},
        "region": {"startLine": max(1, line)},
    }
    if message is not None:
        loc["message"] = {"text": message}
    return loc


def _rule(c: Comparison, u: Unit, required: set[str]) -> dict[str, Any]:
    sections = {s.id: s for s in c.reference.document.walk()}
    s = sections.get(u.section)
    text = sanitize(body(u))
    tags = ["policydiff", "recommendation"] + (["required"] if u.id in required else [])
    return {
        "id": u.id,
        "name": f"Recommendation {u.id}",
        "shortDescription": {"text": clip(text, 80)},
        "fullDescription": {"text": text},
        "help": {"text": f"Recommendation {u.id} of {sanitize(c.reference.document.path)}"
                         + (f", §{sanitize(section_name(s.label, s.title))}" if s else "") + f": {text}"},
        "defaultConfiguration": {"level": "error" if u.id in required else "warning"},
        "properties": {
            "section": s.label if s else "",
            "sectionTitle": sanitize(s.title) if s else "",
            "line": u.line,
            "tags": tags,
        },
    }


def _result(c: Comparison, g: Gap, index: int, ref_uri: str) -> dict[str, Any]:
    v = g.verdict
    result: dict[str, Any] = {
        "ruleId": v.unit.id,
        "ruleIndex": index,
        "kind": "fail",
        "level": g.level,
        "message": {"text": g.summary(c.options.partial, c.options.covered) + "\n" + g.details()},
        "locations": [_location(g.path, g.line)],
        "relatedLocations": [_location(ref_uri, v.unit.line, "The recommendation in the reference", 1)],
        "partialFingerprints": {FINGERPRINT: g.fingerprint},
        "properties": {
            "status": g.status,
            "score": v.score,
            "required": g.required,
            "regression": g.regression,
            "missingClauses": [sanitize(m) for m in v.missing_clauses],
            "confidence": v.confidence,
            "reason": sanitize(v.reason),
        },
    }
    if g.waiver is not None:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": sanitize(g.waiver.describe())}]
    return result


def sarif_dict(c: Comparison, *, gate: GateResult | None = None, root: str | Path | None = None) -> dict[str, Any]:
    required = set(gate.required) if gate else set()
    recs = [u for u in c.reference.units if u.kind == "recommendation"]
    index = {u.id: i for i, u in enumerate(recs)}
    ref_uri = relative(c.reference.document.path, root)
    results = [_result(c, g, index[g.unit_id], ref_uri) for g in gaps(c, gate, root)]
    return {
        "$schema": SCHEMA_URI,
        "version": VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "policydiff",
                        "semanticVersion": __version__,
                        "version": __version__,
                        "rules": [_rule(c, u, required) for u in recs],
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"description": {"text": "The root of the repository."}}},
                "invocations": [{"executionSuccessful": True}],
                "results": results,
                "properties": {
                    "reference": one_line(ref_uri),
                    "thresholds": {"covered": c.options.covered, "partial": c.options.partial},
                    "targets": [
                        {"path": one_line(relative(t.document.path, root)), "percent": t.percent,
                         "covered": t.count("covered"), "partial": t.count("partial"),
                         "missing": t.count("missing")}
                        for t in c.targets
                    ],
                },
            }
        ],
    }


def format_sarif(c: Comparison, *, gate: GateResult | None = None, root: str | Path | None = None) -> str:
    return dumps(sarif_dict(c, gate=gate, root=root))
