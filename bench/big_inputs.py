"""Wall time and peak memory of `policydiff compare` on big targets (issue 13, item 9), this tree and another
checkout side by side, in one run.

    python bench/big_inputs.py [--against /work/main] [--runs 1] [--timeout 300]

Targets, generated deterministically from samples/ into a temporary folder (sentences drawn with a seeded RNG
from the county plan, the paper and the unrelated sample, without ':' '：' '#' '|' so that no line reads as page
furniture or as a table cell):

- a 5 MB Markdown table (4 columns, two sentences a row),
- 5 MB of prose (paragraphs of 2–8 sentences),
- a 20 MB single line (sentences run together, no line break),
- the 5 MB table twice over (10 MB),
- the 5 MB table without a full stop (。 and ； made commas: the whole table was one sentence, one passage, and the
  evidence of every unit copied it into the JSON),
- and, for explain (item 8), a 200 KB table of one row repeated, without a full stop in its cells.

Each measurement is a separate `compare samples/paper-zh.txt TARGET --format json` (`explain … 3.1.1` for the
last) process, run from a neutral folder with the checkout's package first on sys.path; its peak memory is the
maximum resident set of that process (``os.wait4``), its wall time from outside; the output size is what it
wrote to standard output. A run over ``--timeout`` seconds is stopped and shown as such.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
MB = 1024 * 1024


def _sentences() -> list[str]:
    text = "".join((SAMPLES / name).read_text(encoding="utf-8") for name in
                   ("zh-county-plan.md", "paper-zh.txt", "zh-unrelated.md"))
    return [s for s in re.split(r"(?<=[。；])", text.replace("\n", ""))
            if len(s) > 8 and not set(s) & set(":：#|")]


def make_targets(folder: Path) -> dict[str, Path]:
    rng = random.Random(7)
    sents = _sentences()

    def table(size: int) -> str:
        out = ["# 表格", "", "| 序号 | 事项 | 责任单位 | 说明 |", "|---|---|---|---|"]
        n = i = 0
        while n < size:
            i += 1
            row = f"| {i} | {rng.choice(sents)} | 县公安局 | {rng.choice(sents)} |"
            out.append(row)
            n += len(row.encode())
        return "\n".join(out) + "\n"

    def prose(size: int) -> str:
        out = ["# 文件", ""]
        n = 0
        while n < size:
            para = "".join(rng.choice(sents) for _ in range(rng.randint(2, 8)))
            out += [para, ""]
            n += len(para.encode())
        return "\n".join(out)

    def one_line(size: int) -> str:
        out: list[str] = []
        n = 0
        while n < size:
            s = rng.choice(sents)
            out.append(s)
            n += len(s.encode())
        return "".join(out) + "\n"

    row = "| 1 | 加强流动人口管理，建立健全信息采集机制 | 县公安局 | 按季度报送 |\n"
    the_table = table(5 * MB)
    texts = {
        "table-5MB.md": the_table,
        "prose-5MB.md": prose(5 * MB),
        "line-20MB.txt": one_line(20 * MB),
        "table-twice-10MB.md": the_table + the_table.split("\n", 4)[4],
        "table-no-stops-5MB.md": the_table.replace("。", "，").replace("；", "，"),
        "same-row-200KB.md": "# 表\n\n| a | b | c | d |\n|---|---|---|---|\n" + row * (200 * 1024 // len(row.encode())),
    }
    paths = {}
    for name, text in texts.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


@dataclass
class Run:
    wall: float
    peak_mb: float
    output: int
    code: int
    timed_out: bool


def run(root: Path, args: list[str], timeout: float, cwd: Path) -> Run:
    code = f"import sys; sys.path.insert(0, {str(root)!r}); from policydiff.cli import main; main()"
    out = cwd / "out"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    with out.open("wb") as sink:
        start = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-c", code, *args], stdout=sink, stderr=subprocess.DEVNULL,
                                   cwd=cwd, env=env)
        timed_out = False
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() - start > timeout:
                process.kill()
                timed_out = True
                pid, status, usage = os.wait4(process.pid, 0)
                break
            time.sleep(0.02)
        wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_maxrss / 1024, out.stat().st_size, process.returncode, timed_out)


def show(r: Run | None, timeout: float) -> str:
    if r is None:
        return "—"
    if r.timed_out:
        return f"> {timeout:.0f} s (stopped), {r.peak_mb:.0f} MB so far"
    size = f"{r.output / MB:.1f} MB" if r.output >= MB else f"{r.output / 1024:.0f} KB"
    return f"{r.wall:.1f} s, {r.peak_mb:.0f} MB, output {size}" + (f" (exit {r.code})" if r.code else "")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--against", type=Path, metavar="DIR", help="also run the policydiff package in DIR")
    ap.add_argument("--timeout", type=float, default=300.0, help="stop a run after this many seconds")
    ap.add_argument("--runs", type=int, default=1, help="runs of each command (the fastest is shown)")
    args = ap.parse_args()
    roots = {"this tree": ROOT}
    if args.against:
        if not (args.against / "policydiff" / "cli.py").is_file():
            ap.error(f"--against {args.against}: no policydiff package there")
        roots[str(args.against)] = args.against.resolve()
    paper = str(SAMPLES / "paper-zh.txt")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        targets = make_targets(folder)
        commands = {name: (["explain", paper, str(path), "3.1.1"] if name.startswith("same-row")
                           else ["compare", paper, str(path), "--format", "json"])
                    for name, path in targets.items()}
        results: dict[tuple[str, str], Run] = {}
        for name, command in commands.items():
            for label, root in roots.items():  # side by side: each target on both versions in turn
                best = None
                for _ in range(args.runs):
                    r = run(root, command, args.timeout, folder)
                    if best is None or (r.wall < best.wall and not r.timed_out):
                        best = r
                results[name, label] = best  # type: ignore[assignment]
                print(f"{command[0]:8} {name:20} {label:12} {show(best, args.timeout)}", flush=True)
    print()
    labels = list(roots)
    print("| target | " + " | ".join(labels) + " |")
    print("|---|" + "---|" * len(labels))
    for name, command in commands.items():
        print(f"| {command[0]} {name} | " + " | ".join(show(results.get((name, lb)), args.timeout) for lb in labels)
              + " |")


if __name__ == "__main__":
    main()
