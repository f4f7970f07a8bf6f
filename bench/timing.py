"""Shared by the whole-process benchmarks: run commands interleaved and take medians.

Processes run as after a normal install, with bytecode cached: pip compiles wheels, an editable install
caches on first import. This sandbox sets PYTHONDONTWRITEBYTECODE, which would make every run recompile
policydiff while click, rich and rapidfuzz already have their .pyc files.
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    return time.perf_counter() - start


def medians(commands: list[list[str]], runs: int) -> list[float]:
    """Median wall time of each command, run ``runs`` times each, interleaved, after one warm-up each."""
    compileall.compile_dir(ROOT / "policydiff", quiet=1)
    for cmd in commands:
        timed(cmd)
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for cmd, bucket in zip(commands, times, strict=True):
            bucket.append(timed(cmd))
    return [statistics.median(t) for t in times]
