"""GitLab Code Quality: a JSON array of issues (the Code Climate subset GitLab reads).

Each gap is an issue at the place in the draft where the recommendation belongs, with
``check_name`` ``policydiff/<status>`` and the stable fingerprint of :mod:`policydiff.formats.ci`.
Severities: ``critical`` for a missing required recommendation and a regression against the baseline,
``major`` for a missing recommendation, ``minor`` for a partly covered one. Waived gaps are left out:
they are acknowledged. A target below ``fail-under`` is one more ``critical`` issue at its line 1.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from ..gate import GateResult
from ..models import Comparison
from .ci import Gap, gaps, relative
from .json import dumps
from .markdown import one_line, sanitize

SEVERITIES = ("info", "minor", "major", "critical", "blocker")


def _severity(g: Gap) -> str:
    if g.level == "error":
        return "critical"
    return "major" if g.status == "missing" else "minor"


def _issue(c: Comparison, g: Gap) -> dict[str, Any]:
    return {
        "type": "issue",
        "check_name": "policydiff/regression" if g.regression else "policydiff/review" if g.status == "covered"
        else f"policydiff/{g.status}",
        "description": sanitize(g.summary(c.options.partial, c.options.covered)),
        "content": {"body": sanitize(g.details())},
        "categories": ["Clarity"],
        "severity": _severity(g),
        "fingerprint": g.fingerprint,
        "location": {"path": one_line(g.path), "lines": {"begin": g.line}},
    }


def gitlab_list(c: Comparison, *, gate: GateResult | None = None,
                root: str | Path | None = None) -> list[dict[str, Any]]:
    issues = [_issue(c, g) for g in gaps(c, gate, root) if g.waiver is None]
    for f in gate.findings if gate else ():
        if f.kind == "coverage" and f.failing and f.target is not None:
            path = relative(f.target, root)
            issues.append({
                "type": "issue",
                "check_name": "policydiff/coverage",
                "description": sanitize(f.message),
                "categories": ["Clarity"],
                "severity": "critical",
                "fingerprint": hashlib.sha256(f"policydiff-coverage\0{path}".encode()).hexdigest()[:32],
                "location": {"path": one_line(path), "lines": {"begin": 1}},
            })
    return issues


def format_gitlab(c: Comparison, *, gate: GateResult | None = None, root: str | Path | None = None) -> str:
    return dumps(gitlab_list(c, gate=gate, root=root))
