"""The scan cache: reuse, invalidation, and a cache that survives a writer killed mid-run."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from policydiff.models import Options
from policydiff.scan import Scan, Settings, cache
from policydiff.scan.engine import DocResult

from .helpers import PAPER, REPO, SAMPLES, bench_module


def run(reference: Path, paths: list[Path], cache_file: Path | None, *, options: Options | None = None,
        jobs: int = 1) -> tuple[Scan, list[DocResult]]:
    settings = Settings(jobs=jobs, cache=str(cache_file) if cache_file else None, use_cache=cache_file is not None)
    scan = Scan(str(reference), [str(p) for p in paths], options=options, settings=settings)
    return scan, list(scan)


def test_a_second_run_reads_nothing_and_gives_the_same(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    first, a = run(PAPER, [corpus], db)
    assert (first.stats.computed, first.stats.cached) == (5, 0)
    second, b = run(PAPER, [corpus], db, jobs=2)
    assert (second.stats.computed, second.stats.cached) == (0, 5)
    assert a == b


def test_adding_documents_reads_only_them(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run(PAPER, [corpus], db)
    shutil.copy(SAMPLES / "en-target.md", corpus / "new-en.md")
    shutil.copy(SAMPLES / "paper-zh.txt", corpus / "sub" / "new-paper.txt")
    scan, results = run(PAPER, [corpus], db)
    assert (scan.stats.computed, scan.stats.cached) == (2, 5)
    assert {r.path for r in results} >= {str(corpus / "new-en.md"), str(corpus / "sub" / "new-paper.txt")}


def test_a_changed_document_is_read_again(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    _, before = run(PAPER, [corpus], db)
    plan = corpus / "zh-county-plan.md"
    plan.write_text(plan.read_text(encoding="utf-8") + "\n\n进一步加强网上舆情监测。\n", encoding="utf-8")
    scan, after = run(PAPER, [corpus], db)
    assert (scan.stats.computed, scan.stats.cached) == (1, 4)
    changed = [r for r in after if r.path == str(plan)]
    assert changed[0].sha256 != next(r.sha256 for r in before if r.path == str(plan))


def test_renaming_keeps_the_result_and_a_new_extension_does_not(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run(PAPER, [corpus], db)
    (corpus / "zh-county-plan.md").rename(corpus / "renamed.md")
    scan, results = run(PAPER, [corpus], db)
    assert (scan.stats.computed, scan.stats.cached) == (0, 5)
    assert str(corpus / "renamed.md") in {r.path for r in results}
    (corpus / "renamed.md").rename(corpus / "renamed.txt")  # read as plain text now: another result
    scan, _ = run(PAPER, [corpus], db)
    assert scan.stats.computed == 1


def test_other_options_or_another_reference_start_afresh(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run(PAPER, [corpus], db)
    scan, _ = run(PAPER, [corpus], db, options=Options(covered=50.0))
    assert (scan.stats.computed, scan.stats.cached) == (5, 0)
    scan, _ = run(PAPER, [corpus], db, options=Options(script="keep"))
    assert scan.stats.computed == 5
    edited = tmp_path / "paper-edited.txt"
    edited.write_text(PAPER.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    scan, _ = run(edited, [corpus], db)
    assert (scan.stats.computed, scan.stats.cached) == (5, 0)
    scan, _ = run(PAPER, [corpus], db)  # the first configuration is still there
    assert (scan.stats.computed, scan.stats.cached) == (0, 5)


def test_the_configuration_key_covers_what_changes_results() -> None:
    from policydiff.scan import config_key

    data = PAPER.read_bytes()
    k = config_key(data, "txt", Options(), None)
    assert k == config_key(data, "txt", Options(), None)
    assert len({k, config_key(data + b" ", "txt", Options(), None), config_key(data, "md", Options(), None),
                config_key(data, "txt", Options(partial=30.0), None), config_key(data, "txt", Options(), "gbk")}) == 5


def test_no_cache_neither_reads_nor_writes(corpus: Path, no_user_cache: Path) -> None:
    scan, _ = run(PAPER, [corpus], None)
    assert scan.stats.cache_path is None and scan.stats.computed == 5
    assert not no_user_cache.exists()


def test_the_default_cache_is_next_to_the_output_else_in_the_user_cache(no_user_cache: Path) -> None:
    assert cache.default_path("out/results.csv") == "out/results.csv.cache.sqlite"
    assert cache.default_path(None) == str(no_user_cache / "policydiff" / "scan.sqlite")


def test_unreadable_documents_are_remembered_too(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "empty.txt").write_bytes(b"")
    (folder / "fake.pdf").write_text("not a pdf", encoding="utf-8")
    shutil.copy(SAMPLES / "zh-county-plan.md", folder)
    db = tmp_path / "c.sqlite"
    first, a = run(PAPER, [folder], db)
    second, b = run(PAPER, [folder], db)
    assert first.stats.failed == second.stats.failed == 2
    assert second.stats.computed == 0 and a == b


def test_an_old_cache_layout_is_replaced(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "c.sqlite"
    run(PAPER, [corpus], db)
    with closing(sqlite3.connect(db)) as con, con:
        con.execute("UPDATE meta SET value = '0' WHERE key = 'schema'")
    scan, _ = run(PAPER, [corpus], db)
    assert scan.stats.computed == 5


WRITER = """
import sys
from policydiff.scan import Scan, Settings
if __name__ == "__main__":
    scan = Scan(sys.argv[1], [sys.argv[2]], settings=Settings(jobs=1, cache=sys.argv[3], cache_batch=1, batch=1))
    for n, _ in enumerate(scan, 1):
        print(n, flush=True)
"""


def _committed(db: Path) -> int:
    try:
        with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)) as con:
            return int(con.execute("SELECT COUNT(*) FROM results").fetchone()[0])
    except sqlite3.Error:
        return 0


def test_a_writer_killed_mid_run_leaves_a_valid_cache(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    docs = 400  # enough that the writer is still at work when killed, however fast the machine
    bench_module().Generator(seed=7).write(folder, docs, 3000)
    db = tmp_path / "c.sqlite"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    log = tmp_path / "writer.log"
    with log.open("wb") as err:
        proc = subprocess.Popen([sys.executable, str(script), str(PAPER), str(folder), str(db)], env=env,
                                stdout=subprocess.DEVNULL, stderr=err)
    deadline = time.monotonic() + 120
    while _committed(db) < 10 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, log.read_text(encoding="utf-8", errors="replace")
    proc.send_signal(signal.SIGKILL)  # in the middle of committing one result after another
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert cache.integrity(str(db)) == "ok"
    kept = _committed(db)
    assert 10 <= kept < docs
    scan, results = run(PAPER, [folder], db)
    assert scan.stats.cached == kept and scan.stats.computed == docs - kept
    _, fresh = run(PAPER, [folder], None)
    assert results == fresh


def test_a_worker_running_other_code_refuses_the_job() -> None:
    from dataclasses import replace

    from policydiff.errors import UsageError
    from policydiff.scan import executor

    scan = Scan(str(PAPER), [str(SAMPLES / "zh-county-plan.md")], settings=Settings(use_cache=False))
    job = replace(scan._job, key="other", code="0" * 64)
    with pytest.raises(UsageError, match="runs other policydiff code"):
        executor.run_batch(job, [])


def test_cached_results_do_not_pile_up_behind_a_document_to_read(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    paths = bench_module().Generator(seed=3).write(folder, 60, 800)
    db = tmp_path / "c.sqlite"
    run(PAPER, [folder], db)
    first = sorted(paths)[0]
    first.write_text(first.read_text(encoding="utf-8") + "\n\n加强网上舆情监测。", encoding="utf-8")
    scan = Scan(str(PAPER), [str(folder)], settings=Settings(jobs=1, cache=str(db), ahead=5))
    results = list(scan)
    assert [r.path for r in results] == sorted(str(p) for p in paths)  # in order, the changed one first
    assert (scan.stats.computed, scan.stats.cached) == (1, 59)
    assert scan.stats.waiting <= 6
