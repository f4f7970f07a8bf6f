#!/usr/bin/env python3
"""Leave-one-document-out evaluation of policydiff's verdicts.

Every quality figure policydiff reports comes from here. For each labelled target document of a language,
the calibration (the raw coverage shares that mean *partial* and *covered*) is fitted on the **other**
tuning documents of that language and the document left out is scored with it; documents of the
``holdout`` split are never fitted on and are scored with the calibration fitted on all tuning documents.
A figure fitted on the document it is scored on is never reported.

    python scripts/evaluate.py                      # every entry of eval/manifest.json (needs ../shared)
    python scripts/evaluate.py --json out.json      # the same, and the figures as JSON
    python scripts/evaluate.py --fit                # the calibration fitted on all tuning documents

Scoring is ``../shared/eval/score.py``'s own (its unit mapping and metrics are imported from it), so the
figures are those ``score.py`` would print for the same verdicts. Besides its metrics, each row says how
many gaps were reported as covered *with high confidence* (the worst error: a CI gate passes) and what
share of verdicts were marked for review.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policydiff import align, load  # noqa: E402
from policydiff.models import Options, Outline, Verdict  # noqa: E402

SHARED = ROOT.parent / "shared"
MANIFEST = ROOT / "eval" / "manifest.json"
SCRIPT_OF_LANGUAGE = {"zh": "cjk", "en": "latin"}
IDENTITY = (0.35, 0.60)
"""A calibration under which the display score is 100 × the raw share (see align.calibrate)."""


def score_module(shared: Path = SHARED) -> ModuleType:
    """``../shared/eval/score.py``, imported (its metrics and unit mapping are the reference)."""
    spec = importlib.util.spec_from_file_location("policydiff_eval_score", shared / "eval" / "score.py")
    if spec is None or spec.loader is None:
        raise FileNotFoundError(shared / "eval" / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@dataclass(frozen=True)
class Entry:
    """One labelled target document."""

    name: str
    language: str
    split: str
    genre: str
    reference: Path
    gold: Path
    labels: Path
    target: Path


def entries(manifest: Path = MANIFEST) -> list[Entry]:
    """The manifest's entries; its paths are relative to the repository holding it (``eval/..``)."""
    root = manifest.resolve().parent.parent
    out = []
    for row in json.loads(manifest.read_text(encoding="utf-8")):
        labels = (root / row["labels"]).resolve()
        target = (labels.parent / json.loads(labels.read_text(encoding="utf-8"))["target"]).resolve()
        out.append(Entry(target.stem, row["language"], row.get("split", "tune"), row.get("genre", ""),
                         (root / row["reference"]).resolve(), (root / row["gold"]).resolve(), labels, target))
    return out


@contextmanager
def calibration(script: str, anchors: tuple[float, float]) -> Iterator[None]:
    """Compare with other calibration anchors for one script (the harness's only lever on the tool)."""
    saved = align.CALIBRATION[script]
    align.CALIBRATION[script] = anchors
    try:
        yield
    finally:
        align.CALIBRATION[script] = saved


@dataclass(frozen=True)
class Judged:
    """One recommendation as the tool judged it."""

    text: str
    raw: float
    """The raw clause-weighted share at the section it is judged in (0–1)."""
    status: str
    low: bool
    """Marked for review (low confidence)."""


_outlines: dict[Path, Outline] = {}


def _outline(path: Path) -> Outline:
    if path not in _outlines:
        _outlines[path] = load(str(path))
    return _outlines[path]


def judge(entry: Entry, anchors: tuple[float, float] | None = None) -> list[Judged]:
    """The tool's recommendations on ``entry``: with ``anchors`` (exact verdicts), or with the identity
    calibration (raw shares, for fitting)."""
    script = SCRIPT_OF_LANGUAGE[entry.language]
    with calibration(script, anchors or IDENTITY):
        result = align.compare_target(_outline(entry.reference), _outline(entry.target), Options())
    return [_judged(v) for v in result.verdicts if v.status is not None]


def _judged(v: Verdict) -> Judged:
    assert v.status is not None
    return Judged(v.unit.text, v.score / 100.0, v.status, v.confidence == "low")


def mapping(score: ModuleType, gold_units: Sequence[dict[str, Any]], judged: Sequence[Judged]) -> list[str | None]:
    """For each judged unit, the gold recommendation it maps to (score.py's rule: ≥ 50 % of its 4-grams)."""
    grams = {u["id"]: score.grams(u["text"]) for u in gold_units}
    out: list[str | None] = []
    for j in judged:
        tg = score.grams(j.text)
        total = sum(tg.values()) or 1
        best, best_id = 0.0, None
        for gid, gg in grams.items():
            overlap = sum((tg & gg).values()) / total
            if overlap > best:
                best, best_id = overlap, gid
        out.append(best_id if best_id is not None and best >= 0.5 else None)
    return out


def aggregate(gold_units: Sequence[dict[str, Any]], owners: Sequence[str | None],
              statuses: Sequence[str], lows: Sequence[bool]) -> dict[str, tuple[str | None, bool]]:
    """score.py's aggregation of tool verdicts per gold unit, with whether any of them was marked low."""
    by: dict[str, list[tuple[str, bool]]] = {u["id"]: [] for u in gold_units}
    for owner, st, low in zip(owners, statuses, lows, strict=True):
        if owner is not None:
            by[owner].append((st, low))
    out: dict[str, tuple[str | None, bool]] = {}
    for gid, got in by.items():
        sts = [s for s, _ in got]
        low = any(lo for _, lo in got)
        if not sts:
            out[gid] = (None, low)
        elif all(s == "covered" for s in sts):
            out[gid] = ("covered", low)
        elif all(s == "missing" for s in sts):
            out[gid] = ("missing", low)
        else:
            out[gid] = ("partial", low)
    return out


@dataclass
class Prepared:
    entry: Entry
    gold_units: list[dict[str, Any]]
    labels: dict[str, str]
    owners: list[str | None]
    raw: list[float]


def prepare(score: ModuleType, entry: Entry) -> Prepared:
    gold = json.loads(entry.gold.read_text(encoding="utf-8"))
    gold_units = [u for u in gold["units"] if u["kind"] == "recommendation"]
    labels = json.loads(entry.labels.read_text(encoding="utf-8"))["labels"]
    judged = judge(entry)
    return Prepared(entry, gold_units, labels, mapping(score, gold_units, judged), [j.raw for j in judged])


def _status(raw: float, anchors: tuple[float, float]) -> str:
    low, high = anchors
    return "covered" if raw >= high - 1e-9 else "partial" if raw >= low - 1e-9 else "missing"


def objective(score: ModuleType, docs: Sequence[Prepared], anchors: tuple[float, float]) -> float:
    """What a fit maximises: mean verdict accuracy over the documents, less a hidden gap's price (a gap
    reported as covered costs as much as three wrong verdicts of a 12-recommendation document)."""
    total = 0.0
    for d in docs:
        statuses = [_status(r, anchors) for r in d.raw]
        verdicts = aggregate(d.gold_units, d.owners, statuses, [False] * len(statuses))
        pairs = [(d.labels[u["id"]], verdicts[u["id"]][0]) for u in d.gold_units]
        m = score.metrics(pairs)
        total += m["accuracy"] - 0.25 * m["hidden_gaps"]
    return total / max(1, len(docs))


GRID = [round(0.02 + 0.01 * i, 2) for i in range(59)]


def fit(score: ModuleType, docs: Sequence[Prepared]) -> tuple[float, float]:
    """The anchors that maximise :func:`objective` on ``docs``; of equal ones, the middle of the best
    plateau (the most room on both sides)."""
    best: list[tuple[float, float]] = []
    best_value = -1e9
    for low in GRID:
        for high in GRID:
            if high <= low:
                continue
            value = objective(score, docs, (low, high))
            if value > best_value + 1e-12:
                best, best_value = [(low, high)], value
            elif abs(value - best_value) <= 1e-12:
                best.append((low, high))
    lows = sorted({a for a, _ in best})
    low = lows[len(lows) // 2]
    highs = sorted(b for a, b in best if a == low)
    return low, highs[len(highs) // 2]


@dataclass(frozen=True)
class Row:
    entry: Entry
    anchors: tuple[float, float]
    metrics: dict[str, Any]
    confident_hidden: int
    """Gaps reported as covered without a review mark."""
    marked: float
    """Share of verdicts marked for review."""
    judged: int
    """How many verdicts the tool gave (its units, which score.py maps onto the gold ones)."""
    naive: dict[str, Any] | None


def evaluate(score: ModuleType, prepared: Sequence[Prepared], *, naive: bool = True,
             only: str | None = None) -> list[Row]:
    rows = []
    for p in prepared:
        if only and only not in p.entry.name:
            continue
        peers = [q for q in prepared if q.entry.language == p.entry.language and q.entry.split == "tune"
                 and q.entry.target != p.entry.target]
        anchors = fit(score, peers)
        judged = judge(p.entry, anchors)
        verdicts = aggregate(p.gold_units, p.owners, [j.status for j in judged], [j.low for j in judged])
        pairs = [(p.labels[u["id"]], verdicts[u["id"]][0]) for u in p.gold_units]
        hidden = sum(1 for u in p.gold_units
                     if p.labels[u["id"]] == "missing" and verdicts[u["id"]] == ("covered", False))
        marked = sum(j.low for j in judged) / max(1, len(judged))
        base = None
        if naive:
            got = score.baseline(p.gold_units, str(p.entry.target), "naive")
            base = score.metrics([(p.labels[u["id"]], got[u["id"]]) for u in p.gold_units])
        rows.append(Row(p.entry, anchors, score.metrics(pairs), hidden, marked, len(judged), base))
    return rows


def table(rows: Sequence[Row]) -> str:
    lines = ["| target | lang | split | genre | accuracy | gap F1 | hidden gaps (unmarked) | marked | naive accuracy |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        m = r.metrics
        naive = f"{r.naive['accuracy']:.3f}" if r.naive else ""
        lines.append(f"| {r.entry.name} | {r.entry.language} | {r.entry.split} | {r.entry.genre} | "
                     f"{m['accuracy']:.3f} | {m['gap_f1']:.3f} | {m['hidden_gaps']} ({r.confident_hidden}) | "
                     f"{100 * r.marked:.0f} % | {naive} |")
    for lang in sorted({r.entry.language for r in rows}):
        for split in ("tune", "holdout"):
            group = [r for r in rows if r.entry.language == lang and r.entry.split == split]
            if not group:
                continue
            n = sum(r.metrics["n"] for r in group)
            acc = sum(r.metrics["accuracy"] * r.metrics["n"] for r in group) / n
            worst = min(r.metrics["accuracy"] for r in group)
            f1 = sum(r.metrics["gap_f1"] for r in group) / len(group)
            hidden = sum(r.metrics["hidden_gaps"] for r in group)
            unmarked = sum(r.confident_hidden for r in group)
            marked = sum(r.marked * r.judged for r in group) / max(1, sum(r.judged for r in group))
            lines.append(f"| **all {lang} {split}** ({len(group)} documents, {n} verdicts) | | | | {acc:.3f} "
                         f"(worst {worst:.3f}) | {f1:.3f} (mean) | {hidden} ({unmarked}) | {100 * marked:.0f} % | |")
    marked = sum(r.marked * r.judged for r in rows) / max(1, sum(r.judged for r in rows))
    lines.append(f"| **all** | | | | | | {sum(r.metrics['hidden_gaps'] for r in rows)} "
                 f"({sum(r.confident_hidden for r in rows)}) | {100 * marked:.0f} % | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--shared", type=Path, default=SHARED)
    parser.add_argument("--only", help="evaluate only entries whose name contains this")
    parser.add_argument("--language", choices=sorted(SCRIPT_OF_LANGUAGE))
    parser.add_argument("--fit", action="store_true", help="print the anchors fitted on all tuning documents")
    parser.add_argument("--no-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args(argv)
    if not (args.shared / "eval" / "score.py").exists():
        print(f"evaluate: {args.shared / 'eval' / 'score.py'} not found (the dev set lives in ../shared)",
              file=sys.stderr)
        return 2
    score = score_module(args.shared)
    chosen = [e for e in entries(args.manifest) if not args.language or e.language == args.language]
    prepared = [prepare(score, e) for e in chosen]
    if args.fit:
        for lang in sorted({p.entry.language for p in prepared}):
            tune = [p for p in prepared if p.entry.language == lang and p.entry.split == "tune"]
            print(f"{lang}: {fit(score, tune)} on {len(tune)} tuning documents")
        return 0
    rows = evaluate(score, prepared, naive=not args.no_naive, only=args.only)
    print(table(rows))
    if args.json:
        args.json.write_text(json.dumps([{"target": r.entry.name, "language": r.entry.language,
                                          "split": r.entry.split, "anchors": r.anchors, **r.metrics,
                                          "hidden_gaps_unmarked": r.confident_hidden, "marked": round(r.marked, 3),
                                          "naive_accuracy": r.naive["accuracy"] if r.naive else None}
                                         for r in rows], indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
