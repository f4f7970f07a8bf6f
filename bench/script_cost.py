"""What Traditional→Simplified conversion adds to `policydiff compare` (issue #8: at most 10 %).

Compares the paper with the county plan and with its Traditional copy (samples/zh-county-plan-
traditional.md, made by scripts/make_samples.py), whole process, interleaved, medians of N runs.

    python bench/script_cost.py [--runs 21]
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as installed: .pyc cached


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=21)
    args = ap.parse_args()
    compileall.compile_dir(ROOT / "policydiff", quiet=1)
    base = [sys.executable, "-m", "policydiff", "compare", str(SAMPLES / "paper-zh.txt")]
    simplified = [*base, str(SAMPLES / "zh-county-plan.md")]
    traditional = [*base, str(SAMPLES / "zh-county-plan-traditional.md")]
    timed(simplified), timed(traditional)
    a, b = [], []
    for _ in range(args.runs):
        a.append(timed(simplified))
        b.append(timed(traditional))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"{args.runs} runs each, interleaved")
    print(f"compare, Simplified target    median {ma * 1000:7.1f} ms")
    print(f"compare, Traditional target   median {mb * 1000:7.1f} ms")
    print(f"conversion adds               {100 * (mb - ma) / ma:+7.1f} %   (goal: <= 10 %)")


if __name__ == "__main__":
    main()
