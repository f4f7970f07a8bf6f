"""The documents and renderings behind the golden files of the compare and explain views.

Shared by ``tests/formats/test_plain.py``, ``tests/formats/test_markdown.py`` and
``scripts/regen_golden.py``. The documents live in ``tests/data/formats/``; they are turned into
:class:`~policydiff.models.Text` here, without the readers, so that these golden files change only when
outline, matching or the formats change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date
from functools import cache
from pathlib import Path

from policydiff.align import compare
from policydiff.api import outline_text
from policydiff.formats import markdown, plain
from policydiff.gate import Gate, GateResult, Waiver, evaluate
from policydiff.models import Comparison, Line, Options, Outline, Text

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "formats"
GOLDEN = ROOT / "tests" / "data" / "golden"
WIDTH = 100
NARROW = 60
"""A narrow terminal: locations and counts are never cut there, the quoted text is."""
PATTERNS = ("compare-*.txt", "compare-*.md", "explain-*.txt", "explain-*.md", "check-*.txt", "check-*.md")
"""The golden files these cases own (other golden files in the folder belong to other views)."""


def text_of(name: str) -> Text:
    """A document of ``tests/data/formats`` as the readers would give it (UTF-8, every line kept)."""
    raw = (DATA / name).read_bytes()
    pieces = raw.decode("utf-8").split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    lines = tuple(Line(piece.rstrip(), number) for number, piece in enumerate(pieces, start=1))
    return Text(lines, f"tests/data/formats/{name}", name.rsplit(".", 1)[1], "utf-8",
                hashlib.sha256(raw).hexdigest())


@cache
def outline_of(name: str) -> Outline:
    return outline_text(text_of(name))


@cache
def comparison(reference: str, *targets: str) -> Comparison:
    return compare(outline_of(reference), [outline_of(t) for t in targets], Options())


def zh() -> Comparison:
    """A Chinese reference and a target that covers most of it, one item moved, one partial, one missing."""
    return comparison("zh-reference.txt", "zh-target.md")


def zh_matrix() -> Comparison:
    return comparison("zh-reference.txt", "zh-target.md", "zh-notice.txt")


def en() -> Comparison:
    """An English reference and a target: covered, moved, partial, missing, an orphan section, additions."""
    return comparison("en-reference.md", "en-target.md")


def rules(c: Comparison) -> GateResult:
    """What `policydiff check` decides with a fail-under, required ids and a waiver on a gap."""
    gate = Gate(fail_under=90, require=("2.*",), today=date(2030, 6, 30), fail_under_from="fail-under in policydiff.toml",
                waivers=(Waiver("2.3.2", "Counselling is in the health plan", date(2030, 6, 30), "policydiff.toml",
                                "waivers[0]"),), require_from="policydiff.toml: required")
    return evaluate(c, gate)


def _text(c: Callable[[], Comparison], show: str = "all", width: int = WIDTH) -> Callable[[], str]:
    return lambda: plain.format_comparison(c(), show=show, width=width)


def _check_text(c: Callable[[], Comparison], width: int = WIDTH) -> Callable[[], str]:
    return lambda: plain.format_comparison(c(), width=width, gate=rules(c()))


def _check_md(c: Callable[[], Comparison]) -> Callable[[], str]:
    return lambda: markdown.format_comparison(c(), gate=rules(c()))


def _md(c: Callable[[], Comparison], show: str = "all") -> Callable[[], str]:
    return lambda: markdown.format_comparison(c(), show=show)


def _explain_text(c: Callable[[], Comparison], unit: str, width: int = WIDTH) -> Callable[[], str]:
    return lambda: plain.format_explain(c(), unit, width=width)


def _explain_md(c: Callable[[], Comparison], unit: str) -> Callable[[], str]:
    return lambda: markdown.format_explain(c(), unit)


CASES: dict[str, Callable[[], str]] = {
    "compare-zh.txt": _text(zh),
    "compare-zh.md": _md(zh),
    "compare-zh-gaps.txt": _text(zh, "gaps"),
    "compare-zh-gaps.md": _md(zh, "gaps"),
    "compare-zh-matrix.txt": _text(zh_matrix),
    "compare-zh-matrix.md": _md(zh_matrix),
    "compare-en.txt": _text(en),
    "compare-zh-60.txt": _text(zh, width=NARROW),
    "check-zh.txt": _check_text(zh),
    "check-zh-60.txt": _check_text(zh, width=NARROW),
    "check-zh.md": _check_md(zh),
    "check-zh-matrix.txt": _check_text(zh_matrix),
    "compare-zh-matrix-60.txt": _text(zh_matrix, width=NARROW),
    "explain-zh-3-60.txt": _explain_text(zh, "3", width=NARROW),
    "compare-en.md": _md(en),
    "explain-zh-2.2.2.txt": _explain_text(zh, "2.2.2"),
    "explain-zh-2.2.2.md": _explain_md(zh, "2.2.2"),
    "explain-zh-3.txt": _explain_text(zh, "3"),
    "explain-zh-3.md": _explain_md(zh, "3"),
    "explain-zh-1.txt": _explain_text(zh, "1"),
    "explain-en-2.2.txt": _explain_text(en, "2.2"),
    "explain-en-2.2.md": _explain_md(en, "2.2"),
}
"""Golden file name → how to render it."""


def stale() -> list[Path]:
    """Golden files matching our patterns that no case renders any more."""
    found = {p for pattern in PATTERNS for p in GOLDEN.glob(pattern)}
    return sorted(p for p in found if p.name not in CASES)
