"""What Traditional→Simplified conversion adds to `policydiff compare` (issue #8: at most 10 %).

Compares the paper with the county plan and with its Traditional copy (samples/zh-county-plan-
traditional.md, made by scripts/make_samples.py), whole process, interleaved, medians of N runs.

    python bench/script_cost.py [--runs 21]
"""

from __future__ import annotations

import argparse
import sys

from timing import ROOT, medians

SAMPLES = ROOT / "samples"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    base = [sys.executable, "-m", "policydiff", "compare", str(SAMPLES / "paper-zh.txt")]
    ma, mb = medians([[*base, str(SAMPLES / "zh-county-plan.md")],
                      [*base, str(SAMPLES / "zh-county-plan-traditional.md")]], args.runs)
    print(f"{args.runs} runs each, interleaved")
    print(f"compare, Simplified target    median {ma * 1000:7.1f} ms")
    print(f"compare, Traditional target   median {mb * 1000:7.1f} ms")
    print(f"conversion adds               {100 * (mb - ma) / ma:+7.1f} %   (goal: <= 10 %)")


if __name__ == "__main__":
    main()
