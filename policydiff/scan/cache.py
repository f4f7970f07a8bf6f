"""The scan cache: one SQLite file of per-document results, so a re-run only reads what changed.

A result is keyed by the document's content (sha256 of its bytes and the format its name declares)
and by a *configuration key* — a hash of everything else that changes results: the reference's bytes
and format, the options, the text encoding asked for, the policydiff version and a fingerprint of
the code that reads, outlines and matches. Change any of them and the old rows simply stop matching
(they stay in the file until ``prune``).

Writes go in transactions on a WAL journal: a run killed at any moment (even SIGKILL mid-write)
leaves the file valid, holding every batch committed before it died; the next run redoes the rest.
Only the process that runs the scan writes; workers never touch the file.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing

from .engine import DocResult, UnitResult

SCHEMA = 1
_STATUS = {"covered": "c", "partial": "p", "missing": "m"}
_STATUS_BACK = {v: k for k, v in _STATUS.items()}


def default_path(out: str | None) -> str:
    """Next to the output file when there is one, else in the user's cache folder."""
    if out:
        return f"{out}.cache.sqlite"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "policydiff", "scan.sqlite")


def encode(result: DocResult) -> str:
    """A document's verdicts, compactly: statuses as letters, scores, the moved flags."""
    if result.error is not None:
        return json.dumps({"format": result.format, "error": result.error}, ensure_ascii=False)
    return json.dumps({
        "format": result.format,
        "title": result.title,
        "s": "".join(_STATUS[v.status] for v in result.verdicts),
        "x": [v.score for v in result.verdicts],
        "m": "".join("1" if v.moved else "0" for v in result.verdicts),
    }, ensure_ascii=False, separators=(",", ":"))


def decode(payload: str, path: str, sha256: str) -> DocResult:
    data = json.loads(payload)
    if "error" in data:
        return DocResult(path, sha256, data["format"], error=data["error"])
    verdicts = tuple(UnitResult(_STATUS_BACK[s], float(x), m == "1")  # type: ignore[arg-type]
                     for s, x, m in zip(data["s"], data["x"], data["m"], strict=True))
    return DocResult(path, sha256, data["format"], data["title"], verdicts)


class Cache:
    """Results of one configuration in a cache file. Use as a context manager."""

    def __init__(self, path: str, config: str, *, batch: int = 256) -> None:
        self.path = path
        self.config = config
        self._batch = batch
        self._pending: list[tuple[str, str, str, str]] = []
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS results (config TEXT NOT NULL, sha256 TEXT NOT NULL, "
                "declared TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (config, sha256, declared)) WITHOUT ROWID")
            row = self._db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
            if row is None:
                self._db.execute("INSERT INTO meta VALUES ('schema', ?)", (str(SCHEMA),))
            elif row[0] != str(SCHEMA):
                # an older layout: its rows cannot be read, start afresh
                self._db.execute("DELETE FROM results")
                self._db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(SCHEMA),))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def __enter__(self) -> Cache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, sha256: str, declared: str, path: str) -> DocResult | None:
        """The result for content ``sha256`` read as the format its name declares ('' for none)."""
        row = self._db.execute("SELECT payload FROM results WHERE config = ? AND sha256 = ? AND declared = ?",
                               (self.config, sha256, declared)).fetchone()
        return None if row is None else decode(row[0], path, sha256)

    def put(self, result: DocResult, declared: str) -> None:
        """Queue a result; every ``batch`` results are committed in one transaction."""
        self._pending.append((self.config, result.sha256, declared, encode(result)))
        if len(self._pending) >= self._batch:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        rows, self._pending = self._pending, []
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?, ?, ?)", rows)
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise

    def count(self) -> int:
        """How many results this configuration holds."""
        return int(self._db.execute("SELECT COUNT(*) FROM results WHERE config = ?", (self.config,)).fetchone()[0])

    def prune(self) -> int:
        """Drop the results of every other configuration; returns how many rows went."""
        cur = self._db.execute("DELETE FROM results WHERE config != ?", (self.config,))
        return cur.rowcount

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self._db.close()


def integrity(path: str) -> str:
    """SQLite's own integrity check of a cache file ('ok' when sound)."""
    with closing(sqlite3.connect(path)) as db:
        return str(db.execute("PRAGMA integrity_check").fetchone()[0])


def rows(path: str) -> Iterator[tuple[str, str, str, str]]:
    with closing(sqlite3.connect(path)) as db:
        yield from db.execute("SELECT config, sha256, declared, payload FROM results")

