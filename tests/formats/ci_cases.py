"""The sample job behind the golden files of the CI formats (``tests/data/golden/ci-*``).

The README's sample job: ``samples/paper-zh.txt`` against ``samples/zh-county-plan.md`` and
``samples/zh-unrelated.md`` with a gate (required recommendations, a waiver, fail-under), and
``samples/en-reference.md`` against ``samples/en-target.md`` without one. Documents are loaded with
paths relative to the repository root (the working directory is switched there while loading), so
the golden files hold repository-relative paths on every machine. Shared by
``tests/formats/test_ci_formats.py`` and ``scripts/regen_golden.py``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from functools import cache
from pathlib import Path

from policydiff import api
from policydiff.align import compare
from policydiff.formats import github, gitlab, junit, sarif
from policydiff.gate import Gate, GateResult, Waiver, evaluate
from policydiff.models import Comparison, Options

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "golden"
PATTERNS = ("ci-*",)
TODAY = date(2025, 1, 15)
"""The day waivers are judged on: fixed, so that the golden files never depend on the real date."""


@contextmanager
def at_root() -> Iterator[None]:
    old = os.getcwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(old)


@cache
def zh() -> tuple[Comparison, GateResult]:
    with at_root():
        ref = api.load("samples/paper-zh.txt")
        targets = [api.load("samples/zh-county-plan.md"), api.load("samples/zh-unrelated.md")]
        c = compare(ref, targets, Options())
        rules = Gate(
            fail_under=30,
            require=("3.6.*",),
            waivers=(Waiver("2.3*", "Technology is covered by the separate IT plan", date(2025, 6, 30),
                            "policydiff.toml", "waivers[0]"),),
            today=TODAY,
            fail_under_from="fail-under in policydiff.toml",
            require_from="policydiff.toml: required",
        )
        return c, evaluate(c, rules)


@cache
def en() -> tuple[Comparison, GateResult]:
    with at_root():
        c = compare(api.load("samples/en-reference.md"), [api.load("samples/en-target.md")], Options())
        return c, evaluate(c, Gate())


Job = Callable[[], tuple[Comparison, GateResult]]


def _github(job: Job) -> Callable[[], str]:
    return lambda: github.format_github(job()[0], gate=job()[1], root=ROOT)


def _summary(job: Job) -> Callable[[], str]:
    return lambda: github.job_summary(job()[0], gate=job()[1])


def _sarif(job: Job) -> Callable[[], str]:
    return lambda: sarif.format_sarif(job()[0], gate=job()[1], root=ROOT)


def _junit(job: Job) -> Callable[[], str]:
    return lambda: junit.format_junit(job()[0], gate=job()[1], root=ROOT)


def _gitlab(job: Job) -> Callable[[], str]:
    return lambda: gitlab.format_gitlab(job()[0], gate=job()[1], root=ROOT)


CASES: dict[str, Callable[[], str]] = {
    "ci-zh.github.txt": _github(zh),
    "ci-zh.summary.md": _summary(zh),
    "ci-zh.sarif.json": _sarif(zh),
    "ci-zh.junit.xml": _junit(zh),
    "ci-zh.gitlab.json": _gitlab(zh),
    "ci-en.github.txt": _github(en),
    "ci-en.sarif.json": _sarif(en),
    "ci-en.junit.xml": _junit(en),
    "ci-en.gitlab.json": _gitlab(en),
}
"""Golden file name → how to render it."""


def stale() -> list[Path]:
    found = {p for pattern in PATTERNS for p in GOLDEN.glob(pattern)}
    return sorted(p for p in found if p.name not in CASES)
