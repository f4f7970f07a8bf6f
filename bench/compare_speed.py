"""Whole-process wall time of `policydiff compare` against the import floor of its dependencies.

Issue #3's goal: comparing the paper with a 6,000-character draft takes at most 3x the wall time of
`python -c "import click, rich, rapidfuzz"`. Both are run side by side, interleaved, in one run, so
that machine noise hits them alike; the medians and their ratio are printed.

    python bench/compare_speed.py [--runs 21] [--format text|json]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import ROOT, medians

SAMPLES = ROOT / "samples"
DRAFT_CHARS = 6000


def make_draft(path: Path) -> None:
    """A 6,000-character Chinese draft: the county plan, padded with the unrelated sample's text."""
    text = (SAMPLES / "zh-county-plan.md").read_text(encoding="utf-8")
    filler = (SAMPLES / "zh-unrelated.md").read_text(encoding="utf-8").split("\n", 1)[1]
    while len(text) < DRAFT_CHARS:
        text += "\n\n" + filler
    path.write_text(text[:DRAFT_CHARS], encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.md"
        make_draft(draft)
        floor = [sys.executable, "-c", "import click, rich, rapidfuzz"]
        compare = [sys.executable, "-m", "policydiff", "compare", str(SAMPLES / "paper-zh.txt"), str(draft),
                   "--format", args.format]
        f, c = medians([floor, compare], args.runs)
    print(f"draft: {DRAFT_CHARS} characters; {args.runs} runs each, interleaved; --format {args.format}")
    print(f"import click, rich, rapidfuzz   median {f * 1000:7.1f} ms")
    print(f"policydiff compare               median {c * 1000:7.1f} ms")
    print(f"ratio                            {c / f:7.2f}x   (goal: <= 3x)")


if __name__ == "__main__":
    main()
