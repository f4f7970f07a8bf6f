"""What a scan writes: per document × recommendation rows (CSV, JSON Lines, Parquet) and a summary.

Rows are written as results stream in (nothing is accumulated): one row per readable document and
recommendation, with the columns of :data:`COLUMNS`. The summary keeps counts per recommendation and
the K documents that cover most, so its memory does not grow with the corpus either.
"""

from __future__ import annotations

import contextlib
import csv
import heapq
import importlib
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any, Protocol

from ..errors import UsageError
from ..formats.json import dumps
from ..formats.markdown import sanitize
from ..models import Comparison, Document, Options, Outline, TargetResult, Unit, Verdict, coverage_percent
from ..output import replacing
from .engine import DocResult

COLUMNS: tuple[str, ...] = ("path", "title", "sha256", "format", "recommendation", "section", "status", "score",
                            "moved")
"""One row per document and recommendation; ``recommendation`` is the unit id (3.1.2), ``section`` the
reference section's label (三(一)), ``status`` covered/partial/missing, ``score`` 0–100."""
SCHEMA = "policydiff/scan@1"


def _section_labels(reference: Outline) -> dict[str, str]:
    return {s.id: s.label for s in reference.document.walk()}


class Writer(Protocol):
    def write(self, result: DocResult) -> None: ...

    def close(self) -> None: ...


class _Rows:
    def __init__(self, reference: Outline, recs: Sequence[Unit]) -> None:
        labels = _section_labels(reference)
        self._recs = [(u.id, labels.get(u.section, "")) for u in recs]

    def rows(self, result: DocResult) -> list[tuple[Any, ...]]:
        return [
            (result.path, result.title, result.sha256, result.format, uid, label, v.status, v.score, v.moved)
            for (uid, label), v in zip(self._recs, result.verdicts, strict=True)
        ]


class CsvWriter(_Rows):
    def __init__(self, stream: IO[str], reference: Outline, recs: Sequence[Unit]) -> None:
        super().__init__(reference, recs)
        self._stream = stream
        self._csv = csv.writer(stream, lineterminator="\n")
        self._csv.writerow(COLUMNS)

    def write(self, result: DocResult) -> None:
        if result.error is None:
            self._csv.writerows((*r[:8], "true" if r[8] else "false") for r in self.rows(result))

    def close(self) -> None:
        self._stream.close()


class JsonlWriter(_Rows):
    def __init__(self, stream: IO[str], reference: Outline, recs: Sequence[Unit]) -> None:
        super().__init__(reference, recs)
        self._stream = stream

    def write(self, result: DocResult) -> None:
        if result.error is None:
            self._stream.write("".join(
                json.dumps(dict(zip(COLUMNS, r, strict=True)), ensure_ascii=False, allow_nan=False) + "\n"
                for r in self.rows(result)))

    def close(self) -> None:
        self._stream.close()


class ParquetWriter(_Rows):
    """Parquet through pyarrow (the ``[scan]`` extra), in row groups of ``group`` rows."""

    def __init__(self, path: str, reference: Outline, recs: Sequence[Unit], group: int = 65536, *,
                 name: str | None = None) -> None:
        super().__init__(reference, recs)
        try:
            # imported by name: pyarrow is an optional extra, without type information
            pa: Any = importlib.import_module("pyarrow")
            pq: Any = importlib.import_module("pyarrow.parquet")
        except ImportError:
            raise UsageError(f"{name or path}: writing Parquet needs pyarrow: pip install 'policydiff[scan]' "
                             "(or use --out results.csv / results.jsonl)") from None
        self._pa = pa
        self._schema = pa.schema([
            ("path", pa.string()), ("title", pa.string()), ("sha256", pa.string()), ("format", pa.string()),
            ("recommendation", pa.string()), ("section", pa.string()), ("status", pa.string()),
            ("score", pa.float64()), ("moved", pa.bool_()),
        ])
        self._writer = pq.ParquetWriter(path, self._schema)
        self._group = group
        self._pending: list[tuple[Any, ...]] = []

    def write(self, result: DocResult) -> None:
        if result.error is None:
            self._pending.extend(self.rows(result))
            if len(self._pending) >= self._group:
                self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        columns = list(zip(*self._pending, strict=True))
        self._pending = []
        table = self._pa.Table.from_arrays([self._pa.array(c, type=f.type) for c, f in zip(columns, self._schema,
                                                                                             strict=True)],
                                           schema=self._schema)
        self._writer.write_table(table)

    def close(self) -> None:
        self._flush()
        self._writer.close()


@contextlib.contextmanager
def writing(path: str, reference: Outline, recs: Sequence[Unit]) -> Iterator[Writer]:
    """A writer for ``path`` chosen by its extension: .csv, .jsonl (or .ndjson), .parquet.

    The rows stream into a temporary file in the same folder, renamed to ``path`` once the block ends
    (:func:`~policydiff.output.replacing`): a scan killed or failing (a full disk) half-way leaves the
    previous file whole, never one that ends on a row boundary and looks complete.
    """
    lower = path.lower()
    parquet = lower.endswith(".parquet")
    if not parquet and not lower.endswith((".csv", ".jsonl", ".ndjson")):
        raise UsageError(f"{path}: --out takes a .csv, .jsonl or .parquet file")
    with replacing(path, what="the rows") as tmp:
        writer: Writer
        if parquet:
            writer = ParquetWriter(tmp, reference, recs, name=path)
        else:
            stream = open(tmp, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed by the writer
            writer = CsvWriter(stream, reference, recs) if lower.endswith(".csv") else JsonlWriter(stream, reference,
                                                                                                    recs)
        try:
            yield writer
        finally:
            writer.close()


@dataclass
class RecTally:
    unit: Unit
    section: str
    covered: int = 0
    partial: int = 0
    missing: int = 0
    score_sum: float = 0.0

    @property
    def documents(self) -> int:
        return self.covered + self.partial + self.missing

    @property
    def percent(self) -> float:
        """Share of documents covering it, a partial counting half."""
        return coverage_percent(self.covered, self.partial, self.documents)

    @property
    def mean_score(self) -> float:
        n = self.documents
        return round(self.score_sum / n, 1) if n else 0.0


@dataclass(frozen=True)
class DocLine:
    path: str
    title: str
    percent: float
    covered: int
    partial: int
    missing: int


@dataclass
class Summary:
    """Streaming tallies: per recommendation, and the ``top`` documents that cover most."""

    reference: Outline
    recs: Sequence[Unit]
    top: int = 10
    documents: int = 0
    percent_sum: float = 0.0
    tallies: list[RecTally] = field(default_factory=list)
    _best: list[tuple[float, int, DocLine, DocResult]] = field(default_factory=list)
    _seen: int = 0

    def __post_init__(self) -> None:
        labels = _section_labels(self.reference)
        self.tallies = [RecTally(u, labels.get(u.section, "")) for u in self.recs]

    def add(self, result: DocResult) -> None:
        if result.error is not None:
            return
        self.documents += 1
        self.percent_sum += result.percent
        for tally, v in zip(self.tallies, result.verdicts, strict=True):
            if v.status == "covered":
                tally.covered += 1
            elif v.status == "partial":
                tally.partial += 1
            else:
                tally.missing += 1
            tally.score_sum += v.score
        if self.top > 0:
            line = DocLine(result.path, result.title, result.percent,
                           sum(v.status == "covered" for v in result.verdicts),
                           sum(v.status == "partial" for v in result.verdicts),
                           sum(v.status == "missing" for v in result.verdicts))
            # ties go to the document found first: -order keeps the earlier one in the heap
            entry = (result.percent, -self._seen, line, result)
            self._seen += 1
            if len(self._best) < self.top:
                heapq.heappush(self._best, entry)
            elif entry[:2] > self._best[0][:2]:
                heapq.heapreplace(self._best, entry)

    @property
    def mean_percent(self) -> float:
        return round(self.percent_sum / self.documents, 1) if self.documents else 0.0

    def best_documents(self) -> list[DocLine]:
        return [e[2] for e in sorted(self._best, key=lambda e: (-e[0], -e[1]))]

    def best_results(self) -> list[DocResult]:
        return [e[3] for e in sorted(self._best, key=lambda e: (-e[0], -e[1]))]

    def most(self) -> list[RecTally]:
        """Recommendations by uptake, most taken up first (ties in reference order)."""
        order = {id(t): i for i, t in enumerate(self.tallies)}
        return sorted(self.tallies, key=lambda t: (-t.percent, -t.mean_score, order[id(t)]))


def _fit(text: str, width: int) -> str:
    """``text`` on one line in exactly ``width`` terminal columns (CJK counts two): cut with … or padded."""
    from ..clean import display_width

    flat = " ".join(text.split())
    if display_width(flat) <= width:
        return flat + " " * (width - display_width(flat))
    out = ""
    for ch in flat:
        if display_width(out + ch) > width - 1:
            break
        out += ch
    out += "…"
    return out + " " * (width - display_width(out))


def format_text(summary: Summary, *, path: str, skipped: Sequence[tuple[str, str]], found: int,
                stats_line: str | None = None, reference_found: bool = False) -> str:
    """The terminal summary: what is taken up most and least, which documents cover most, what was skipped."""
    doc = summary.reference.document
    k = summary.top
    buf = io.StringIO()
    w = buf.write
    w(f"Reference  {doc.title}  {path}\n")
    w(f"           {len(summary.recs)} recommendations\n")
    w(f"Documents  {summary.documents} judged of {found} found"
      + (f", {len(skipped)} skipped" if skipped else "")
      + (" (the reference itself left out)" if reference_found else "") + "\n")
    if stats_line:
        w(f"           {stats_line}\n")
    w(f"Coverage   mean {summary.mean_percent:.1f}% per document (a partial counts half)\n")
    if summary.documents:
        ranked = summary.most()
        n = min(k, len(ranked)) if k > 0 else len(ranked)
        w(f"\nTaken up most — the {n} recommendations the most documents cover\n")
        _rec_lines(w, ranked[:n])
        w(f"\nTaken up least — the {n} recommendations the fewest documents cover\n")
        _rec_lines(w, list(reversed(ranked))[:n])
        best = summary.best_documents()
        if best:
            w(f"\nDocuments that cover most — top {len(best)}\n")
            for d in best:
                w(f"  {d.percent:5.1f}%  ✔ {d.covered:2d}  ◐ {d.partial:2d}  ✘ {d.missing:2d}  "
                  f"{_fit(d.title or '(untitled)', 34)}  {d.path}\n")
    if skipped:
        w(f"\nSkipped — {len(skipped)} could not be read\n")
        for p, reason in skipped:
            w(f"  {p}: {reason}\n")
    return sanitize(buf.getvalue())  # titles, paths and reasons come from the documents: no control characters


def _rec_lines(w: Any, tallies: Sequence[RecTally]) -> None:
    for t in tallies:
        w(f"  {t.unit.id:<7} {_fit(t.section, 8)} {_fit(t.unit.text, 36)}  {t.percent:5.1f}%  "
          f"✔ {t.covered} ◐ {t.partial} ✘ {t.missing}  mean {t.mean_score:.1f}\n")


def format_json(summary: Summary, *, path: str, skipped: Sequence[tuple[str, str]], found: int) -> str:
    """``policydiff/scan@1``: the summary for scripts, deterministic (no timings, no cache figures)."""
    doc = summary.reference.document
    data = {
        "schema": SCHEMA,
        "reference": {"path": path, "title": doc.title, "sha256": doc.sha256, "recommendations": len(summary.recs)},
        "documents": {"found": found, "judged": summary.documents, "skipped": len(skipped),
                      "mean_percent": summary.mean_percent},
        "recommendations": [
            {"id": t.unit.id, "section": t.section, "text": t.unit.text, "covered": t.covered, "partial": t.partial,
             "missing": t.missing, "percent": t.percent, "mean_score": t.mean_score}
            for t in summary.tallies
        ],
        "top_documents": [
            {"path": d.path, "title": d.title, "percent": d.percent, "covered": d.covered, "partial": d.partial,
             "missing": d.missing}
            for d in summary.best_documents()
        ],
        "skipped": [{"path": p, "reason": r} for p, r in skipped],
    }
    return dumps(data)


def format_html(summary: Summary, *, path: str, options: Options, found: int) -> str:
    """A self-contained page: the heat map of formats/html.py over the ``top`` documents that cover most
    (recommendations × documents), and every recommendation's uptake across the whole scan."""
    from ..formats import html as page
    from ..formats.markdown import gist, is_cjk, percent, short_names

    ref = summary.reference
    labels = _section_labels(ref)
    targets: list[TargetResult] = []
    for doc in summary.best_results():
        judged = iter(doc.verdicts)
        verdicts: list[Verdict] = []
        for u in ref.units:
            if u.kind != "recommendation":
                verdicts.append(Verdict(u, labels.get(u.section, ""), None, 0.0))
            else:
                v = next(judged)
                verdicts.append(Verdict(u, labels.get(u.section, ""), v.status, v.score, moved=v.moved))
        document = Document(path=doc.path, title=doc.title, format=doc.format, encoding=None, sha256=doc.sha256)
        targets.append(TargetResult(document, tuple(verdicts), (), ()))
    if not targets:
        raise UsageError("nothing to report: no document could be judged")
    c = Comparison(ref, tuple(targets), options)
    title = f"Coverage of “{ref.document.title or path}” in {summary.documents} documents"
    names = short_names(c, 24)
    scan_line = (f'<div class="doc"><span class="role">Scan</span> {summary.documents} documents judged of {found} '
                 f"found · mean coverage {summary.mean_percent:.1f}% · the heat map shows the {len(targets)} "
                 "that cover most</div>")
    header = page._header(title, page._doc_line("Reference", ref.document.title, path), scan_line,
                          page._targets_table(c, names))
    uptake_rows = "".join(
        f'<tr id="up-{page.esc(t.unit.id)}"><th class="rid">{page.esc(t.unit.id)}</th><td class="rsec">'
        f'{page.esc(t.section)}</td><td class="rtext">{page.esc(gist(t.unit, 52))}</td>'
        f'<td class="num">{percent(t.percent)}</td><td class="num">✔ {t.covered}</td>'
        f'<td class="num">◐ {t.partial}</td><td class="num">✘ {t.missing}</td><td class="num">{t.mean_score:.1f}</td></tr>'
        for t in summary.most()
    )
    uptake = ('<h2 class="part">Uptake across all documents</h2><table class="targets"><thead><tr><th>Id</th>'
              "<th>Section</th><th>Recommendation</th><th>Documents</th><th>Covered</th><th>Partial</th>"
              f"<th>Missing</th><th>Mean score</th></tr></thead><tbody>{uptake_rows}</tbody></table>")
    body = (f'{header}<main><h2 class="part">Recommendations × the {len(targets)} documents that cover most</h2>'
            f"{page._matrix(c, 'all', names)}{uptake}</main>{page._footer(c)}")
    lang = "zh-CN" if is_cjk(ref.document.title + "".join(u.text for u in ref.units[:20])) else "en"
    return page._page(page.esc(f"policydiff · {title}"), lang, body)
