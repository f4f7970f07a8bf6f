"""Speed of `policydiff scan` on a synthetic corpus, side by side in one run (issue #6).

The corpus is generated from samples/ (deterministically, with a seeded RNG, into a temporary folder):
each document takes paragraphs of the shipped drafts and of the reference paper, paraphrases some of them
(synonyms, reordered clauses, dropped particles, other numbering marks), shuffles them, and pads the
document with unrelated text (the school-canteen plan, the English samples) up to about --chars characters.

Reported, each as its own `policydiff scan` process (wall time, and peak RSS of the whole process tree:
the scan and its workers):

1. scan of N documents (default 10,000 of ~10,000 characters), cache off;
2. scan of N/10 documents, for the scaling ratio;
3. a re-run of (2) with the cache: nothing to recompute;
4. on a --naive subset (default 200): the naive loop (rapidfuzz partial_ratio of every recommendation against
   every sentence, in Python), scan on the same subset, and compare_target on every document of it —
   scan's verdicts and scores must be the same as compare's for every document.

With ``--against DIR`` (a checkout of another commit: ``git worktree add``, or ``git archive``), every scan is
also run with the policydiff package in DIR, right after this tree's, and both are reported side by side.
``--stages N`` adds where the CPU goes per document, stage by stage, on N documents in this process.

    python bench/scan_bench.py [--docs 10000] [--chars 10000] [--jobs 2] [--naive 200] [--seed 6]
                               [--against DIR] [--stages 300]
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
REFERENCE = SAMPLES / "paper-zh.txt"

RELATED = ("zh-county-plan.md", "zh-city-notice.txt", "zh-district-measures.docx", "zh-bureau-page.html",
           "paper-zh.txt")
UNRELATED = ("zh-unrelated.md", "en-target.md", "en-reference.md", "README.md")
SYNONYMS = (
    ("加强", "强化"), ("建立", "建设"), ("完善", "健全"), ("流动人口", "流动人员"), ("社区", "街道"),
    ("公安机关", "公安部门"), ("创新", "改进"), ("推进", "推动"), ("群众", "人民群众"), ("管理", "管控"),
    ("积极", "主动"), ("进一步", "持续"), ("网络", "网上"), ("信息", "数据"), ("服务", "保障"),
)
MARKS = (("（一）", "(一)"), ("（二）", "(二)"), ("（三）", "(三)"), ("一是", "首先"), ("二是", "其次"))
_PARTICLES = re.compile(r"[的了]")


def _texts(names: tuple[str, ...]) -> list[str]:
    """Paragraphs (non-empty lines) of the named samples, as policydiff reads them."""
    from policydiff.read import read_path

    out: list[str] = []
    for name in names:
        text = read_path(str(SAMPLES / name))
        out.extend(line.text.strip() for line in text.lines if len(line.text.strip()) > 4)
    return out


def paraphrase(rng: random.Random, paragraph: str) -> str:
    """Synonyms, swapped clauses, dropped particles, other numbering marks — what redrafting does."""
    for a, b in SYNONYMS:
        if a in paragraph and rng.random() < 0.5:
            paragraph = paragraph.replace(a, b)
    for a, b in MARKS:
        if paragraph.startswith(a) and rng.random() < 0.5:
            paragraph = b + paragraph[len(a):]
    if rng.random() < 0.3:
        paragraph = _PARTICLES.sub("", paragraph)
    clauses = paragraph.split("，")
    if len(clauses) > 3 and rng.random() < 0.5:
        i = rng.randrange(1, len(clauses) - 1)
        clauses[i], clauses[i + 1] = clauses[i + 1], clauses[i]
        paragraph = "，".join(clauses)
    return paragraph


class Generator:
    """Synthetic documents from the samples; the same seed gives the same corpus."""

    def __init__(self, seed: int = 6) -> None:
        self.rng = random.Random(seed)
        self.related = _texts(RELATED)
        self.unrelated = _texts(UNRELATED)

    def document(self, chars: int) -> str:
        rng = self.rng
        share = rng.choice((0.0, 0.1, 0.3, 0.5, 0.8))  # how much of it comes from related drafts
        parts: list[str] = [f"# 关于推进第{rng.randrange(1, 999)}号工作的实施方案"]
        size = len(parts[0])
        start = rng.randrange(len(self.related))
        while size < chars:
            if rng.random() < share:
                # a run of consecutive paragraphs keeps some of a draft's structure
                k = (start + rng.randrange(40)) % len(self.related)
                p = self.related[k]
                p = paraphrase(rng, p) if rng.random() < 0.6 else p
            else:
                p = rng.choice(self.unrelated)
            parts.append(p)
            size += len(p) + 2
        if rng.random() < 0.5:  # shuffled
            body = parts[1:]
            rng.shuffle(body)
            parts = parts[:1] + body
        return "\n\n".join(parts)[: chars + 200]

    def write(self, folder: Path, n: int, chars: int) -> list[Path]:
        folder.mkdir(parents=True, exist_ok=True)
        paths: list[Path] = []
        for i in range(n):
            ext = ".md" if i % 3 else ".txt"
            path = folder / f"d{i // 1000:02d}" / f"doc{i:05d}{ext}"
            path.parent.mkdir(exist_ok=True)
            path.write_text(self.document(chars), encoding="utf-8")
            paths.append(path)
        return paths


ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
FEW = 4


_HELPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "wall = time.perf_counter() - t\n"
    "print(wall, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode)\n"
    "sys.stderr.write(p.stderr[-2000:])\n"
)


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float, float]:
    """Wall time; peak RSS of the whole process tree (the scan and its workers, summed, sampled every
    20 ms with psutil when it is installed); the largest single process's peak RSS (getrusage
    (RUSAGE_CHILDREN) of a fresh helper that runs the command), in MB; and the CPU seconds the tree
    used (psutil; 0 without it) — which, unlike the wall time, does not depend on what else the
    machine runs."""
    # run from a neutral folder: `python -m` puts the working directory first on the path, before PYTHONPATH
    helper = subprocess.Popen([sys.executable, "-c", _HELPER, *cmd], stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, env=env, cwd=tempfile.gettempdir())
    peak = 0.0
    cpu: dict[int, float] = {}
    try:
        import psutil

        ps = psutil.Process(helper.pid)
        while helper.poll() is None:
            try:
                kids = ps.children(recursive=True)
                total = 0
                for c in kids:
                    with c.oneshot():
                        total += c.memory_info().rss
                        t = c.cpu_times()
                        cpu[c.pid] = t.user + t.system
                peak = max(peak, total / 2**20)
            except psutil.Error:
                pass
            time.sleep(0.02)
    except ImportError:
        pass
    out, err = helper.communicate()
    wall, single, code = out.split()
    if code != "0":
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {err}")
    return float(wall), peak, int(single) / 1024, sum(cpu.values())


def naive(reference: Path, paths: list[Path]) -> tuple[float, list[list[str]]]:
    """The naive loop: every recommendation's best rapidfuzz partial_ratio over the document's sentences."""
    from rapidfuzz import fuzz

    from policydiff import api
    from policydiff.units import sentences

    ref = api.load(str(reference))
    recs = [u.text for u in ref.units if u.kind == "recommendation"]
    t = time.perf_counter()
    verdicts: list[list[str]] = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        sents = [s for line in text.split("\n") for _, s in sentences(line)]
        row = []
        for r in recs:
            best = max((fuzz.partial_ratio(r, s) for s in sents), default=0.0)
            row.append("covered" if best >= 60 else "partial" if best >= 35 else "missing")
        verdicts.append(row)
    return time.perf_counter() - t, verdicts


def compare_all(reference: Path, paths: list[Path]) -> tuple[float, dict[str, list[tuple[str, float]]]]:
    """compare_target on every document, in this process: the verdicts scan must reproduce."""
    from policydiff import api
    from policydiff.align import compare_target

    ref = api.load(str(reference))
    t = time.perf_counter()
    out: dict[str, list[tuple[str, float]]] = {}
    for path in paths:
        r = compare_target(ref, api.load(str(path)))
        out[str(path)] = [(v.status, v.score) for v in r.verdicts if v.status is not None]
    return time.perf_counter() - t, out


def read_csv(path: Path) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    with path.open(encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.setdefault(row["path"], []).append((row["status"], float(row["score"])))
    return out


def scan_cmd(folder: Path, jobs: int, *extra: str) -> list[str]:
    return [sys.executable, "-m", "policydiff", "scan", str(REFERENCE), str(folder), "--jobs", str(jobs),
            "--format", "json", *extra]


def environment(root: Path | None) -> dict[str, str]:
    """The environment that runs the policydiff package of this tree, or of another checkout ``root``: on
    PYTHONPATH, not sys.path, because the forkserver that starts the workers ignores the parent's sys.path
    (Python 3.11)."""
    return {**ENV, "PYTHONPATH": str(root or ROOT)}


def stages(paths: list[Path]) -> list[tuple[str, float]]:
    """CPU per document of each stage of scan's per-document work (executor.run_batch), in this process:
    each stage's functions are wrapped with a process_time counter."""
    import hashlib

    from policydiff.models import Options
    from policydiff.scan import engine, executor, kernel

    spent: dict[str, float] = {}

    def counted(owner: object, name: str, stage: str) -> None:
        inner = getattr(owner, name)

        def wrapper(*args: object, **kwargs: object) -> object:
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                spent[stage] = spent.get(stage, 0.0) + time.process_time() - start

        setattr(owner, name, wrapper)

    counted(engine, "read_loaded", "read")
    counted(engine, "document_of", "parse")
    counted(kernel.Target, "__init__", "target")
    counted(kernel.Target, "_occurrences", "terms")
    counted(kernel.Target, "section_scores", "scores")
    counted(engine.Prepared, "score", "judge")
    job = executor.Job(REFERENCE.read_bytes(), str(REFERENCE), Options(), None, "stages", engine.code_fingerprint())
    items = [(i, str(p), hashlib.sha256(p.read_bytes()).hexdigest(), p.read_bytes()) for i, p in enumerate(paths)]
    executor.run_batch(job, items[:10])  # the reference prepared, the code warm
    spent.clear()
    start = time.process_time()
    for k in range(0, len(items), 16):
        executor.run_batch(job, items[k : k + 16])
    total = time.process_time() - start
    ms = {k: 1000 * v / len(items) for k, v in spent.items()}
    return [
        ("read (decode, lines)", ms["read"]),
        ("clean + outline + script detection (compare's code)", ms["parse"]),
        ("sentences, folded (units.sentences, normalize.term_text)", ms["target"] - ms["terms"]),
        ("reference terms found in them (kernel: CJK n-gram codes, English words)", ms["terms"]),
        ("clause scores and per-section maxima (kernel)", ms["scores"]),
        ("alignment and verdicts (align.counterparts, calibrate)", ms["judge"] - ms["target"] - ms["scores"]),
        ("the rest (format sniffing, results)", 1000 * total / len(items) - ms["read"] - ms["parse"] - ms["judge"]),
        ("total, in one process", 1000 * total / len(items)),
    ]


def rows(table: list[tuple[str, ...]]) -> Iterator[str]:
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        yield "| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--chars", type=int, default=10000)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--naive", type=int, default=200)
    ap.add_argument("--seed", type=int, default=6)
    ap.add_argument("--keep", metavar="DIR", help="generate into DIR and keep it (default: a temporary folder)")
    ap.add_argument("--against", type=Path, metavar="DIR",
                    help="also run the scans with the policydiff package in DIR, a checkout of another commit")
    ap.add_argument("--stages", type=int, default=0, metavar="N",
                    help="also measure the CPU of each stage per document, on N documents in this process")
    args = ap.parse_args()
    import compileall

    compileall.compile_dir(ROOT / "policydiff", quiet=1)
    roots: list[Path | None] = [None]
    if args.against:
        if not (args.against / "policydiff" / "scan").is_dir():
            ap.error(f"--against {args.against}: no policydiff package with scan there")
        compileall.compile_dir(args.against / "policydiff", quiet=1)
        roots.append(args.against.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(args.keep) if args.keep else Path(tmp)
        t = time.perf_counter()
        gen = Generator(args.seed)
        big = gen.write(base / "big", args.docs, args.chars)
        small_n = max(1, args.docs // 10)
        small = big[:small_n]
        small_dir = base / "small"
        for p in small:
            q = small_dir / p.relative_to(base / "big")
            q.parent.mkdir(parents=True, exist_ok=True)
            q.write_bytes(p.read_bytes())
        sub_dir = base / "subset"
        subset = big[: args.naive]
        for p in subset:
            q = sub_dir / p.relative_to(base / "big")
            q.parent.mkdir(parents=True, exist_ok=True)
            q.write_bytes(p.read_bytes())
        few_dir = base / "few"  # enough documents for a pool of workers, too few to take any time
        few_dir.mkdir()
        for p in big[:FEW]:
            (few_dir / p.name).write_bytes(p.read_bytes())
        mean_chars = sum(len(p.read_text(encoding="utf-8")) for p in big[:500]) / min(500, len(big))
        print(f"corpus: {args.docs} documents, mean {mean_chars:,.0f} characters, generated in "
              f"{time.perf_counter() - t:.1f} s (seed {args.seed}); jobs {args.jobs}; load {os.getloadavg()[0]:.2f}")

        results = [measure(root, k, args, base, small_dir, sub_dir, few_dir) for k, root in enumerate(roots)]
        load = os.getloadavg()[0]
        naive_wall, _ = naive(REFERENCE, subset)
        compare_wall, expected = compare_all(REFERENCE, subset)
        split = stages(big[: args.stages]) if args.stages else []
        same = [sum(1 for p in subset if r.got.get(str(sub_dir / p.relative_to(base / "big"))) == expected[str(p)])
                for r in results]

    print()
    table = [("measure", "this tree", *(str(r) for r in roots[1:]), "goal")]

    def row(label: str, cell: Callable[[int], str], goal: str = "") -> None:
        table.append((label, *(cell(k) for k in range(len(roots))), goal))

    r = results
    n, small_n = args.docs, max(1, args.docs // 10)
    row(f"scan {n:,} documents (~{args.chars:,} chars), wall",
        lambda k: f"{r[k].big_wall:.1f} s ({n / r[k].big_wall:,.0f} docs/s)", "≤ 30 s")
    row(f"scan {n:,}: CPU of the process tree (per document)",
        lambda k: f"{r[k].big_cpu:.1f} s ({1000 * r[k].big_cpu / n:.1f} ms)")
    row(f"scan {n:,}: peak RSS, process tree summed (largest process)",
        lambda k: f"{r[k].big_rss:,.0f} MB ({r[k].big_one:,.0f} MB)", "≤ 500 MB")
    row(f"scan {small_n:,}: wall; peak RSS summed (largest process)",
        lambda k: f"{r[k].small_wall:.1f} s; {r[k].small_rss:,.0f} MB ({r[k].small_one:,.0f} MB)", "RSS flat")
    row(f"scaling {small_n:,} → {n:,}", lambda k: f"{r[k].big_wall / r[k].small_wall:.1f}×", "≤ 11×")
    row(f"re-run of {small_n:,} with the cache (0 to compute)", lambda k: f"{r[k].rerun_wall:.1f} s")
    row(f"scan {FEW} documents: start-up (interpreter, imports, reference, {args.jobs} workers)",
        lambda k: f"{r[k].start_wall:.2f} s")
    row(f"naive loop, {len(subset)} documents (one process)", lambda k: f"{naive_wall:.1f} s")
    row(f"scan, same {len(subset)} (whole command, --jobs {args.jobs})",
        lambda k: f"{r[k].sub_wall:.2f} s ({naive_wall / r[k].sub_wall:.1f}× faster)", "≥ 20×")
    # the naive loop is timed without its start-up (interpreter, imports, reference): so is this row
    row(f"scan, same {len(subset)}, its start-up (the {FEW}-document scan) taken off",
        lambda k: f"{r[k].sub_wall - r[k].start_wall:.2f} s ({naive_wall / (r[k].sub_wall - r[k].start_wall):.1f}× "
                  "faster)", "≥ 20×")
    row(f"compare_target on each of the {len(subset)} (one process)", lambda k: f"{compare_wall:.1f} s")
    row("documents where scan = compare (every status and score)", lambda k: f"{same[k]} / {len(subset)}", "all")
    for line in rows(table):
        print(line)
    if split:
        print(f"\nCPU per document, stage by stage ({args.stages} documents, one process, this tree):\n")
        for line in rows([("stage", "ms"), *((label, f"{v:.2f}") for label, v in split)]):
            print(line)
    print(f"\nload average at the end: {load:.2f} (other work on the machine slows the wall times, not the CPU)")


@dataclass(frozen=True)
class Measured:
    """One version's scans of the corpus."""

    small_wall: float
    small_rss: float
    small_one: float
    big_wall: float
    big_rss: float
    big_one: float
    big_cpu: float
    rerun_wall: float
    sub_wall: float
    start_wall: float
    got: dict[str, list[tuple[str, float]]]


def measure(root: Path | None, number: int, args: argparse.Namespace, base: Path, small_dir: Path, sub_dir: Path,
            few_dir: Path) -> Measured:
    """Every scan of the benchmark with one version of policydiff (``root``; None: this tree)."""
    env = environment(root)
    small_wall, small_rss, small_one, _ = run(scan_cmd(small_dir, args.jobs, "--no-cache"), env)
    big_wall, big_rss, big_one, big_cpu = run(scan_cmd(base / "big", args.jobs, "--no-cache"), env)
    cache = base / f"cache-{number}.sqlite"
    run(scan_cmd(small_dir, args.jobs, "--cache", str(cache)), env)
    rerun_wall, _, _, _ = run(scan_cmd(small_dir, args.jobs, "--cache", str(cache)), env)
    out = base / "subset.csv"
    sub_wall, _, _, _ = run(scan_cmd(sub_dir, args.jobs, "--no-cache", "--out", str(out)), env)
    start_wall, _, _, _ = run(scan_cmd(few_dir, args.jobs, "--no-cache"), env)
    return Measured(small_wall, small_rss, small_one, big_wall, big_rss, big_one, big_cpu, rerun_wall, sub_wall,
                    start_wall, read_csv(out))


if __name__ == "__main__":
    main()
