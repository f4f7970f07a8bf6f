"""Whole-process wall time of `policydiff compare` against the import floor of its dependencies.

Issue #3's goal: comparing the paper with a 6,000-character draft takes at most 3x the wall time of
`python -c "import click, rich, rapidfuzz"`. Both are run side by side, interleaved, in one run, so
that machine noise hits them alike; the medians and their ratio are printed.

    python bench/compare_speed.py [--runs 21] [--format text|json]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DRAFT_CHARS = 6000


def make_draft(path: Path) -> None:
    """A 6,000-character Chinese draft: the county plan, padded with the unrelated sample's text."""
    text = (SAMPLES / "zh-county-plan.md").read_text(encoding="utf-8")
    filler = (SAMPLES / "zh-unrelated.md").read_text(encoding="utf-8").split("\n", 1)[1]
    while len(text) < DRAFT_CHARS:
        text += "\n\n" + filler
    path.write_text(text[:DRAFT_CHARS], encoding="utf-8")


# As installed for a user: bytecode cached (pip compiles wheels; an editable install caches on first
# import). This sandbox sets PYTHONDONTWRITEBYTECODE, which would make every run recompile policydiff
# while click, rich and rapidfuzz already have their .pyc files.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    ap.add_argument("--format", default="text", choices=["text", "json", "markdown"])
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "policydiff", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        draft = Path(tmp) / "draft.md"
        make_draft(draft)
        floor = [sys.executable, "-c", "import click, rich, rapidfuzz"]
        compare = [sys.executable, "-m", "policydiff", "compare", str(SAMPLES / "paper-zh.txt"), str(draft),
                   "--format", args.format]
        timed(floor), timed(compare)  # warm the file cache
        floors, compares = [], []
        for _ in range(args.runs):
            floors.append(timed(floor))
            compares.append(timed(compare))
    f, c = statistics.median(floors), statistics.median(compares)
    print(f"draft: {DRAFT_CHARS} characters; {args.runs} runs each, interleaved; --format {args.format}")
    print(f"import click, rich, rapidfuzz   median {f * 1000:7.1f} ms")
    print(f"policydiff compare               median {c * 1000:7.1f} ms")
    print(f"ratio                            {c / f:7.2f}x   (goal: <= 3x)")


if __name__ == "__main__":
    main()
