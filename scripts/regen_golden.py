#!/usr/bin/env python3
"""Rewrite the golden files of every output format (``tests/data/golden/``).

Run from anywhere: ``python scripts/regen_golden.py``; then review the change with ``git diff
tests/data/golden`` — these files are what users see. ``--check`` writes nothing and exits 1 when a
file is out of date. The cases are in ``tests/formats/golden_cases.py`` (compare and explain views)
and ``tests/formats/ci_cases.py`` (github, sarif, junit, gitlab).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "formats"))

import ci_cases
import golden_cases

GOLDEN = golden_cases.GOLDEN
CASES = {**golden_cases.CASES, **ci_cases.CASES}


def stale() -> list[Path]:
    return [*golden_cases.stale(), *ci_cases.stale()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a file is out of date")
    args = parser.parse_args()
    GOLDEN.mkdir(parents=True, exist_ok=True)
    outdated = 0
    for name, render in CASES.items():
        path = GOLDEN / name
        text = render()
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old == text:
            print(f"  unchanged  {name}")
            continue
        outdated += 1
        if args.check:
            print(f"  outdated   {name}")
        else:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"  {'written' if old is None else 'updated':<9}  {name}")
    for path in stale():
        outdated += 1
        print(f"  stale      {path.name} (no case renders it; delete it if that is intended)")
    return 1 if args.check and outdated else 0


if __name__ == "__main__":
    sys.exit(main())
