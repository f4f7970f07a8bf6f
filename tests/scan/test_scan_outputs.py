"""What scan writes: rows per document × recommendation (CSV, JSON Lines, Parquet) and the summary."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from policydiff import api
from policydiff.align import compare_target
from policydiff.errors import UsageError
from policydiff.scan import Scan, Settings
from policydiff.scan.engine import DocResult, UnitResult
from policydiff.scan.outputs import COLUMNS, Summary, format_json, format_text, writing

from .helpers import PAPER


@pytest.fixture
def scanned(corpus: Path) -> tuple[Scan, list[DocResult]]:
    scan = Scan(str(PAPER), [str(corpus)], settings=Settings(jobs=1, use_cache=False))
    return scan, list(scan)


def write(path: Path, scanned: tuple[Scan, list[DocResult]]) -> None:
    scan, results = scanned
    with writing(str(path), scan.reference, scan.recommendations) as writer:
        for r in results:
            writer.write(r)


def expected_rows(scan: Scan, results: list[DocResult]) -> list[dict[str, str]]:
    """compare's verdicts for each document, as the rows should hold them."""
    labels = {s.id: s.label for s in scan.reference.document.walk()}
    out = []
    for r in results:
        t = compare_target(scan.reference, api.load(r.path))
        for v in t.verdicts:
            if v.status is not None:
                out.append({"path": r.path, "title": t.document.title, "sha256": t.document.sha256,
                            "format": t.document.format, "recommendation": v.unit.id,
                            "section": labels.get(v.unit.section, ""), "status": v.status, "score": f"{v.score}",
                            "moved": "true" if v.moved else "false"})
    return out


def test_csv_has_a_row_per_document_and_recommendation(tmp_path: Path, scanned: tuple[Scan, list[DocResult]]) -> None:
    out = tmp_path / "r.csv"
    write(out, scanned)
    with out.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert len(rows) == 5 * 31
    assert rows == expected_rows(*scanned)


def test_jsonl_rows_are_the_same_with_types(tmp_path: Path, scanned: tuple[Scan, list[DocResult]]) -> None:
    out = tmp_path / "r.jsonl"
    write(out, scanned)
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [tuple(r) for r in rows[:1]] == [COLUMNS]
    assert isinstance(rows[0]["score"], float) and isinstance(rows[0]["moved"], bool)
    as_text = [{k: ("true" if v is True else "false" if v is False else str(v)) for k, v in r.items()} for r in rows]
    assert as_text == expected_rows(*scanned)


def test_parquet_reads_back(tmp_path: Path, scanned: tuple[Scan, list[DocResult]]) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "r.parquet"
    write(out, scanned)
    table = pq.read_table(out)
    assert tuple(table.column_names) == COLUMNS
    rows = table.to_pylist()
    assert len(rows) == 5 * 31 and rows[0]["path"] == scanned[1][0].path


def test_parquet_without_pyarrow_says_what_to_install(tmp_path: Path, scanned: tuple[Scan, list[DocResult]],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    real = importlib.import_module

    def no_pyarrow(name: str, package: str | None = None) -> object:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_pyarrow)
    with pytest.raises(UsageError, match=r"pip install 'policydiff\[scan\]'"), \
            writing(str(tmp_path / "r.parquet"), scanned[0].reference, scanned[0].recommendations):
        pass
    assert not list(tmp_path.glob("*r.parquet*"))


def test_an_unknown_output_extension_is_an_error(tmp_path: Path, scanned: tuple[Scan, list[DocResult]]) -> None:
    with pytest.raises(UsageError, match=r"\.csv, \.jsonl or \.parquet"), \
            writing(str(tmp_path / "r.xlsx"), scanned[0].reference, scanned[0].recommendations):
        pass


def test_unreadable_documents_have_no_rows(tmp_path: Path, scanned: tuple[Scan, list[DocResult]]) -> None:
    scan, results = scanned
    out = tmp_path / "r.csv"
    write(out, (scan, [*results, DocResult("bad.pdf", "", "pdf", error="not a PDF file")]))
    with out.open(encoding="utf-8") as f:
        assert sum(1 for _ in f) == 1 + 5 * 31


def fake(path: str, statuses: str) -> DocResult:
    kinds = {"c": "covered", "p": "partial", "m": "missing"}
    return DocResult(path, "", "md", path.upper(),
                     tuple(UnitResult(kinds[s], {"c": 80.0, "p": 40.0, "m": 0.0}[s], False)  # type: ignore[arg-type]
                           for s in statuses))


def test_the_summary_ranks_recommendations_and_keeps_the_top_documents(scanned: tuple[Scan, list[DocResult]]) -> None:
    scan = scanned[0]
    n = len(scan.recommendations)
    summary = Summary(scan.reference, scan.recommendations, top=2)
    summary.add(fake("a", "c" + "m" * (n - 1)))
    summary.add(fake("b", "cp" + "m" * (n - 2)))
    summary.add(fake("c", "c" * n))
    summary.add(fake("d", "c" * n))  # ties with c: the one found first stays first
    summary.add(DocResult("e", "", "pdf", error="x"))
    assert summary.documents == 4
    assert [d.path for d in summary.best_documents()] == ["c", "d"]
    most = summary.most()
    assert most[0].unit.id == scan.recommendations[0].id and most[0].percent == 100.0
    assert most[1].unit.id == scan.recommendations[1].id and (most[1].covered, most[1].partial) == (2, 1)
    text = format_text(summary, path="paper.txt", skipped=[("e", "x")], found=5)
    assert "Taken up most" in text and "Skipped — 1 could not be read" in text and "  e: x" in text
    data = json.loads(format_json(summary, path="paper.txt", skipped=[("e", "x")], found=5))
    assert data["schema"] == "policydiff/scan@1"
    assert data["documents"] == {"found": 5, "judged": 4, "skipped": 1, "mean_percent": summary.mean_percent}
    assert [d["path"] for d in data["top_documents"]] == ["c", "d"]
    assert len(data["recommendations"]) == n
