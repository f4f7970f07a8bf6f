"""GitHub Actions: workflow-command annotations, and a Markdown job summary.

Each gap becomes an annotation at the place in the draft where the recommendation belongs::

    ::warning file=drafts/plan.md,line=42,title=policydiff%3A 3.6.3 missing::Recommendation 3.6.3 …

Levels: ``error`` for a missing required recommendation and a regression against the baseline,
``warning`` for a missing recommendation, ``notice`` for a partly covered one. Waived gaps are not
annotated (the summary lists them). Failing findings that are not about one recommendation (coverage
below ``fail-under``, an expired waiver) are errors too.

Escaping follows GitHub's toolkit: in the message ``%``, CR and LF become ``%25``, ``%0D``, ``%0A``; in
property values ``:`` and ``,`` also become ``%3A`` and ``%2C``. GitHub shows at most 10 annotations of
each level per step, so each level is capped at :data:`LIMIT` and one notice says what was left out.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..gate import GateResult
from ..models import Comparison
from . import markdown
from .ci import Gap, coverage_line, failing_elsewhere, gaps, relative
from .markdown import sanitize

LIMIT = 10
"""Annotations of each level (error, warning, notice): what GitHub displays per step."""
_COMMAND = {"error": "error", "warning": "warning", "note": "notice"}
_ORDER = ("error", "warning", "notice")


def escape_data(text: str) -> str:
    """A workflow command's message: % CR LF escaped, control characters dropped."""
    return sanitize(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    """A workflow command's property value: as :func:`escape_data`, and ``:`` and ``,`` too."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(level: str, message: str, *, file: str | None = None, line: int | None = None,
            title: str | None = None) -> str:
    props = []
    if file is not None:
        props.append(f"file={escape_property(file)}")
    if line is not None:
        props.append(f"line={line}")
    if title is not None:
        props.append(f"title={escape_property(title)}")
    head = f"::{level} {','.join(props)}" if props else f"::{level}"
    return f"{head}::{escape_data(message)}"


def _annotation(c: Comparison, g: Gap) -> tuple[str, str]:
    level = _COMMAND[g.level]
    message = g.summary(c.options.partial, c.options.covered) + "\n" + g.details()
    return level, command(level, message, file=g.path, line=g.line, title=f"policydiff: {g.title}")


def format_github(c: Comparison, *, gate: GateResult | None = None, root: str | Path | None = None,
                  limit: int = LIMIT) -> str:
    """Annotations for every gap (at most ``limit`` per level) after one coverage line per target."""
    lines = [f"policydiff: {coverage_line(t, root)}" for t in c.targets]
    pending: list[tuple[str, str]] = []
    for target, message in failing_elsewhere(gate):
        file = relative(target, root) if target else None
        pending.append(("error", command("error", message, file=file, line=1 if file else None,
                                         title="policydiff: check failed")))
    pending += [_annotation(c, g) for g in gaps(c, gate, root) if g.waiver is None]
    by_level: dict[str, list[str]] = {level: [] for level in _ORDER}
    for level, text in pending:
        by_level[level].append(text)
    over = any(len(by_level[level]) > limit for level in _ORDER)
    budget = {level: limit for level in _ORDER}
    if over:
        budget["notice"] = max(0, limit - 1)  # room for the line that says what was left out
    left_out: Counter[str] = Counter()
    for level in _ORDER:
        kept = by_level[level][: budget[level]]
        left_out[level] = len(by_level[level]) - len(kept)
        lines += kept
    if sum(left_out.values()):
        parts = ", ".join(f"{n} {level}{'s' if n > 1 else ''}" for level in _ORDER if (n := left_out[level]))
        lines.append(command(
            "notice",
            f"{sum(left_out.values())} more annotations left out ({parts}): GitHub shows {limit} per level. "
            "The job summary lists every gap; --format sarif gives them all to code scanning.",
            title="policydiff: more gaps",
        ))
    return "\n".join(lines) + "\n"


def job_summary(c: Comparison, *, gate: GateResult | None = None) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the gaps report, then what the check decided."""
    text = markdown.format_comparison(c, show="gaps")
    if gate is None:
        return text
    lines = ["", "## Check", ""]
    if gate.code == 0:
        lines.append("✔ Every threshold is met.")
    else:
        lines.append(f"✘ The check fails: {len(gate.reasons)} problem{'s' if len(gate.reasons) != 1 else ''}.")
    lines.append("")
    for f in gate.findings:
        lines.append(f"- {'✘ ' if f.failing else ''}{markdown.escape(f.message)}")
    return text + "\n".join(lines).rstrip("\n") + "\n"
