"""Long-running fuzz job: the strategies of tests/test_fuzz.py with many more examples, for a set time.

    python scripts/fuzz.py --minutes 30 [--seed N] [--out fuzz-failures.txt]

Runs, round after round until the time is up, every property of ``tests/fuzz_cases.py``:

- documents: generated text (CJK, mixed width, control characters, numbering markers) in several
  encodings, read as .txt, .md and .html, through read → outline → units → compare → JSON; only documented
  errors, unique and stable ids, self-comparison 100 %, verdict counts that add up, deterministic JSON;
- append: an unrelated closing paragraph changes no earlier unit id;
- traditional: the document's Traditional twin (OpenCC s2t, s2twp, s2hk) gets the same unit ids, kinds and
  sections;
- bytes: arbitrary bytes (some behind zip, PDF and HTML signatures) read sniffed or as each format;
- damaged: the .docx and PDF fixtures with bytes overwritten, slices cut out, ends cut off;
- html: tag soup with scripts, comments, entities, charsets and payloads.

Every input is also timed: one that takes longer than ``--slow`` seconds is reported as a finding (a
hang or quadratic path). Failures are printed with hypothesis's reproduction and appended to ``--out``;
the job goes on with the next round. Exit 1 when anything was found.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

import fuzz_cases as fc

ROUND = 500
"""Examples per property per round (hypothesis restarts its search each round with a fresh seed)."""


class Slow(AssertionError):
    pass


def _timed(limit: float, check: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any) -> None:
        start = time.perf_counter()
        check(*args)
        took = time.perf_counter() - start
        fc.STATS["max seconds per input x1000"] = max(fc.STATS["max seconds per input x1000"], int(took * 1000))
        if took > limit:
            raise Slow(f"one input took {took:.1f} s (limit {limit:g} s)")

    return run


def properties(slow: float, lines: int) -> dict[str, tuple[st.SearchStrategy[Any], Callable[..., Any]]]:
    return {
        "documents": (fc.cases_of(lines), _timed(slow, fc.check_document)),
        "append": (fc.cases_of(lines), _timed(slow, fc.check_append)),
        "traditional": (st.tuples(fc.cases_of(lines), st.sampled_from(("s2t.json", "s2twp.json", "s2hk.json"))),
                        _timed(slow, lambda pair: fc.check_traditional(*pair))),
        "bytes": (fc.raw_bytes, _timed(slow, lambda pair: fc.check_bytes(*pair))),
        "damaged": (fc.damaged_files(), _timed(slow, lambda pair: fc.check_bytes(*pair))),
        "html": (fc.html_pages, _timed(slow, lambda page: fc.check_bytes(page.encode("utf-8"), "html"))),
    }


def run_round(name: str, strategy: st.SearchStrategy[Any], check: Callable[..., Any], examples: int) -> str | None:
    counter = f"inputs: {name}"

    @settings(max_examples=examples, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value: Any) -> None:
        fc.STATS[counter] += 1
        check(value)

    try:
        prop()
    except Exception:
        return traceback.format_exc()
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="how long to run (default 30)")
    parser.add_argument("--slow", type=float, default=10.0, help="seconds after which one input is a finding")
    parser.add_argument("--out", default="fuzz-failures.txt", help="where failures are appended")
    parser.add_argument("--only", action="append", help="run only this property (repeatable)")
    parser.add_argument("--lines", type=int, default=80, help="longest generated document, in lines (default 80)")
    args = parser.parse_args()
    deadline = time.monotonic() + args.minutes * 60
    started = time.monotonic()
    found: list[str] = []
    rounds = 0
    last_report = started
    chosen = {k: v for k, v in properties(args.slow, args.lines).items() if not args.only or k in args.only}
    while time.monotonic() < deadline:
        rounds += 1
        for name, (strategy, check) in chosen.items():
            if time.monotonic() >= deadline:
                break
            failure = run_round(name, strategy, check, ROUND)
            if failure is not None:
                found.append(failure)
                print(f"FOUND in {name}:\n{failure}", flush=True)
                with open(args.out, "a", encoding="utf-8") as f:
                    f.write(f"--- {name} (round {rounds})\n{failure}\n")
        inputs = sum(v for k, v in fc.STATS.items() if k.startswith("inputs: "))
        elapsed = time.monotonic() - started
        if time.monotonic() < last_report + 60 and time.monotonic() < deadline:
            continue
        last_report = time.monotonic()
        print(f"[{elapsed / 60:5.1f} min] round {rounds}: {inputs} inputs, {len(found)} findings; "
              f"{dict(sorted(fc.STATS.items()))}", flush=True)
    inputs = sum(v for k, v in fc.STATS.items() if k.startswith("inputs: "))
    print(f"done: {inputs} inputs in {(time.monotonic() - started) / 60:.1f} min, {len(found)} findings; "
          f"{dict(sorted(fc.STATS.items()))}")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
