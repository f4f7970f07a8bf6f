"""`policydiff scan` on the command line: outputs, formats, skipped files, the cache, exit codes."""

from __future__ import annotations

import csv
import errno
import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policydiff.cli import cli

from .helpers import PAPER, SAMPLES


def invoke(code: int, *args: str) -> Result:
    result = CliRunner().invoke(cli, ["scan", *args], catch_exceptions=False)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    return result


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "cache.sqlite")


def test_text_summary(corpus: Path, db: str) -> None:
    out = invoke(0, str(PAPER), str(corpus), "--cache", db, "--top", "3").stdout
    assert "Documents  5 judged of 5 found" in out
    assert "Taken up most — the 3 recommendations" in out and "Taken up least" in out
    assert "Documents that cover most — top 3" in out
    assert "枫川县公安局2024年社会治安治理创…" in out and "zh-county-plan.md" in out  # the county plan covers most
    assert "5 read in" in out and "0 from the cache" in out
    again = invoke(0, str(PAPER), str(corpus), "--cache", db).stdout
    assert "0 read in" in again and "5 from the cache" in again


def test_json_summary_is_deterministic(corpus: Path, db: str) -> None:
    first = invoke(0, str(PAPER), str(corpus), "--cache", db, "--format", "json").stdout
    second = invoke(0, str(PAPER), str(corpus), "--no-cache", "--format", "json", "--jobs", "2").stdout
    assert first == second
    data = json.loads(first)
    assert data["schema"] == "policydiff/scan@1"
    assert data["documents"]["judged"] == 5 and len(data["recommendations"]) == 31
    assert data["top_documents"][0]["path"].endswith("zh-county-plan.md")
    assert data["top_documents"][0]["percent"] == 37.1


def test_out_csv_and_jsonl(corpus: Path, tmp_path: Path, db: str) -> None:
    csv_path, jsonl_path = tmp_path / "r.csv", tmp_path / "r.jsonl"
    invoke(0, str(PAPER), str(corpus), "--cache", db, "--out", str(csv_path))
    invoke(0, str(PAPER), str(corpus), "--cache", db, "--out", str(jsonl_path))
    with csv_path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    lines = [json.loads(x) for x in jsonl_path.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(lines) == 5 * 31
    assert [(r["path"], r["recommendation"], r["status"], float(r["score"])) for r in rows] == [
        (x["path"], x["recommendation"], x["status"], x["score"]) for x in lines]


def test_unreadable_files_are_listed_and_skipped(corpus: Path, db: str) -> None:
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "fake.docx").write_text("plain text", encoding="utf-8")
    result = invoke(0, str(PAPER), str(corpus), "--cache", db)
    assert "Documents  5 judged of 7 found, 2 skipped" in result.stdout
    assert f"{corpus / 'empty.txt'}: the file is empty" in result.stdout
    assert f"{corpus / 'fake.docx'}: not a .docx file (plain text)" in result.stdout
    as_json = invoke(0, str(PAPER), str(corpus), "--cache", db, "--format", "json")
    assert "skipped 2 that could not be read" in as_json.stderr
    assert len(json.loads(as_json.stdout)["skipped"]) == 2


def test_max_size_skips_larger_files_and_goes_on(corpus: Path, db: str) -> None:
    big = corpus / "big.md"
    big.write_text("# 大文件\n\n" + "要加强流动人口管理。" * 2000, encoding="utf-8")  # 60,013 bytes
    result = invoke(0, str(PAPER), str(corpus), "--cache", db, "--max-size", "50KB")  # the others are smaller
    assert "Documents  5 judged of 6 found, 1 skipped" in result.stdout
    assert f"{big}: the file is 58.6 KB, over the 50 KB limit; use --max-size to raise it" in result.stdout
    raised = invoke(0, str(PAPER), str(corpus), "--cache", db, "--max-size", "1MB", "--format", "json")
    assert json.loads(raised.stdout)["documents"]["judged"] == 6
    # the reference (16 KB) over the limit: nothing can be judged, an input error
    refused = invoke(2, str(PAPER), str(corpus), "--no-cache", "--max-size", "10KB")
    assert "paper-zh.txt: the file is 16 KB, over the 10 KB limit; use --max-size to raise it" in refused.stderr


def test_include_exclude_and_globs(corpus: Path, db: str) -> None:
    only_md = json.loads(invoke(0, str(PAPER), str(corpus), "--cache", db, "--format", "json",
                                "--include", "*.md").stdout)
    assert only_md["documents"]["found"] == 2
    no_sub = json.loads(invoke(0, str(PAPER), str(corpus), "--cache", db, "--format", "json",
                               "--exclude", "sub").stdout)
    assert no_sub["documents"]["found"] == 4
    globbed = json.loads(invoke(0, str(PAPER), str(corpus / "*.txt"), "--cache", db, "--format", "json").stdout)
    assert globbed["documents"]["found"] == 1


def test_html_has_the_heat_map(corpus: Path, db: str) -> None:
    report = corpus.parent / "report.html"
    invoke(0, str(PAPER), str(corpus), "--cache", db, "--format", "html", "--top", "3", "-o", str(report))
    page = report.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and 'class="matrix"' in page
    assert "Recommendations × the 3 documents that cover most" in page and "Uptake across all documents" in page


def test_usage_errors_exit_2(corpus: Path, tmp_path: Path, db: str) -> None:
    missing = invoke(2, str(PAPER), str(tmp_path / "nope"), "--cache", db)
    assert "no such file or folder" in missing.stderr and "Traceback" not in missing.stderr
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "no supported document" in invoke(2, str(PAPER), str(empty), "--cache", db).stderr
    assert "--scheduler needs --executor dask" in invoke(2, str(PAPER), str(corpus), "--scheduler",
                                                         "tcp://127.0.0.1:1").stderr
    assert ".csv, .jsonl or .parquet" in invoke(2, str(PAPER), str(corpus), "--out", str(tmp_path / "x.xls"),
                                                "--cache", db).stderr
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.md").write_bytes(b"")
    assert "no document could be judged (1 skipped)" in invoke(2, str(PAPER), str(bad), "--cache", db).stderr
    context_only = tmp_path / "context.md"
    context_only.write_text("# 背景\n\n当前治安形势复杂。\n", encoding="utf-8")
    assert "no recommendations" in invoke(2, str(context_only), str(corpus), "--cache", db).stderr
    assert "no such file" in invoke(2, str(tmp_path / "ref.md"), str(corpus), "--cache", db).stderr


def test_a_document_that_breaks_policydiff_is_reported_and_exits_3(corpus: Path, db: str,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from policydiff.scan import engine

    real = engine.document_of

    def broken(text: object) -> object:
        if str(getattr(text, "origin", "")).endswith("zh-city-notice.txt"):
            raise IndexError("boom")
        return real(text)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "document_of", broken)
    result = invoke(3, str(PAPER), str(corpus), "--cache", db, "--jobs", "1")
    assert "internal error: IndexError: boom" in result.stdout
    assert "internal error on 1 document" in result.stderr
    monkeypatch.setattr(engine, "document_of", real)
    again = invoke(0, str(PAPER), str(corpus), "--cache", db, "--jobs", "1")  # the broken one was not cached
    assert "1 read in" in again.stdout


def test_help_has_an_example() -> None:
    out = CliRunner().invoke(cli, ["scan", "--help"]).stdout
    assert "Example:" in out and "--executor" in out and "--no-cache" in out


def test_the_samples_without_the_reference_itself(db: str) -> None:
    out = invoke(0, str(PAPER), str(SAMPLES), "--cache", db, "--top", "1").stdout
    assert "judged of 9 found (the reference itself left out)" in out
    assert "37.1%  ✔ 10  ◐  3  ✘ 18" in out  # the county plan covers most


OLD_ROWS = "path,title\nthe previous results,complete\n"


def test_out_on_a_full_disk_keeps_the_previous_file(corpus: Path, tmp_path: Path, db: str,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The rows stream into a temporary file: a write failing half-way leaves the old --out whole (exit 2,
    one line), not a 0-byte file or one cut mid-row."""
    from policydiff.scan import outputs

    out = tmp_path / "results.csv"
    out.write_text(OLD_ROWS, encoding="utf-8")
    real = outputs.CsvWriter.write
    calls = []

    def fill_up(self: outputs.CsvWriter, result: object) -> None:
        calls.append(1)
        if len(calls) > 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, result)  # type: ignore[arg-type]

    monkeypatch.setattr(outputs.CsvWriter, "write", fill_up)
    result = invoke(2, str(PAPER), str(corpus), "--cache", db, "--out", str(out))
    assert result.stderr == f"policydiff: error: {out}: cannot write the rows: the disk is full\n"
    assert out.read_text(encoding="utf-8") == OLD_ROWS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache.sqlite", "corpus", "results.csv"]


def test_a_killed_scan_never_leaves_a_partial_out_file(corpus: Path, tmp_path: Path, db: str) -> None:
    """kill -9 while rows are being written: the previous --out stays whole (a hidden .tmp may remain)."""
    out = tmp_path / "results.csv"
    out.write_text(OLD_ROWS, encoding="utf-8")
    ready = tmp_path / "ready"
    child = (
        "import sys, time\n"
        "from policydiff.cli import main\n"
        "from policydiff.scan import outputs\n"
        "real = outputs.CsvWriter.write\n"
        "def slow(self, result):\n"
        "    real(self, result)\n"
        "    self._stream.flush()\n"
        f"    open({str(ready)!r}, 'w').close()\n"
        "    time.sleep(60)\n"
        "outputs.CsvWriter.write = slow\n"
        "sys.argv = ['policydiff', *sys.argv[1:]]\n"
        "main()\n"
    )
    process = subprocess.Popen([sys.executable, "-c", child, "scan", str(PAPER), str(corpus), "--cache", db,
                                "--jobs", "1", "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the scan never wrote a row"
        process.kill()
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert out.read_text(encoding="utf-8") == OLD_ROWS
    partial = [p for p in tmp_path.iterdir() if p.name.startswith(".results.csv.")]
    assert partial and partial[0].read_text(encoding="utf-8").startswith("path,title,sha256")


def test_a_cache_folder_that_cannot_be_made_means_a_scan_without_the_cache(corpus: Path, tmp_path: Path,
                                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A read-only $HOME or $XDG_CACHE_HOME (CI containers): one warning line, the scan runs (exit 0)."""
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    result = invoke(0, str(PAPER), str(corpus))
    assert result.stderr == (f"policydiff: warning: cannot use the cache {blocked}/policydiff/scan.sqlite "
                             "(Not a directory); scanning without it\n")
    assert "5 read in" in result.stdout and "(cache off)" in result.stdout


@pytest.mark.parametrize("where", ["open", "write"])
def test_a_read_only_or_full_cache_is_dropped_not_the_scan(corpus: Path, db: str, monkeypatch: pytest.MonkeyPatch,
                                                           where: str) -> None:
    import sqlite3

    from policydiff.scan import cache as cache_module

    def fail(*args: object, **kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database" if where == "open"
                                       else "database or disk is full")

    monkeypatch.setattr(cache_module.Cache, "__init__" if where == "open" else "flush", fail)
    result = invoke(0, str(PAPER), str(corpus), "--cache", db, "--format", "json")
    why = "attempt to write a readonly database" if where == "open" else "database or disk is full"
    assert result.stderr == f"policydiff: warning: cannot use the cache {db} ({why}); scanning without it\n"
    assert json.loads(result.stdout)["documents"]["judged"] == 5
