"""``policydiff scan``: one reference against every document in a collection, fast, with a cache.

    from policydiff.scan import Scan, Settings
    run = Scan("paper.txt", ["corpus/"], settings=Settings(jobs=4))
    for doc in run:            # DocResult, in the order the documents were found
        print(doc.path, doc.percent)
    print(run.stats)

The work per document (:mod:`.engine`) gives the verdicts and scores ``compare`` gives, without the
evidence; it runs in this process, a local process pool or on a Dask cluster (:mod:`.executor`);
results already computed for the same content and configuration come from the cache (:mod:`.cache`).
Results stream: memory does not grow with the number of documents. Progress is reported through the
tiny :class:`Progress` interface (the CLI plugs a rich progress bar into it on a terminal).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

from .. import __version__, api
from ..align import recommendations
from ..errors import InputError
from ..models import Options, Outline, Unit
from ..read import DEFAULT_MAX_BYTES, read_loaded
from ..read import _read_file as read_file
from ..read.sniff import format_for_path
from . import cache as cache_mod
from . import executor as executor_mod
from .engine import DocResult, UnitResult, code_fingerprint
from .walk import Found, Skipped, walk

__all__ = ["DocResult", "Progress", "Scan", "Settings", "Skipped", "Stats", "UnitResult", "config_key"]

ENGINE = 1
"""Bumped when what a cached result holds changes."""


class Progress(Protocol):
    """What a scan tells about its progress: the total once known, then each document as it is done."""

    def start(self, total: int) -> None: ...

    def advance(self, result: DocResult, cached: bool) -> None: ...

    def stop(self) -> None: ...


class NoProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, result: DocResult, cached: bool) -> None:
        pass

    def stop(self) -> None:
        pass


@dataclass(frozen=True)
class Settings:
    """How a scan runs (nothing here changes a result)."""

    jobs: int = 0
    """Worker processes (local) or LocalCluster workers (dask); 0: one per core."""
    executor: str = "local"
    """'local' or 'dask'."""
    scheduler: str | None = None
    """Dask scheduler address (tcp://host:8786); None starts a LocalCluster."""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    cache: str | None = None
    """The cache file; None: next to ``out`` or in the user cache folder."""
    use_cache: bool = True
    out: str | None = None
    batch: int = 16
    """Documents per task sent to a worker."""
    cache_batch: int = 256
    """Results per cache transaction."""
    ahead: int = 1024
    """At most about this many results wait for an earlier document before they are handed on."""
    max_bytes: int = DEFAULT_MAX_BYTES

    @property
    def workers(self) -> int:
        """``jobs``, or one per core when 0."""
        return self.jobs or executor_mod.default_jobs()


@dataclass
class Stats:
    found: int = 0
    """Documents found by walking the paths."""
    computed: int = 0
    """Read and judged in this run."""
    cached: int = 0
    """Taken from the cache."""
    failed: int = 0
    """Could not be read (listed in ``skipped``)."""
    internal: int = 0
    """Broke policydiff (a bug; listed in ``skipped``)."""
    skipped: list[Skipped] = field(default_factory=list)
    elapsed: float = 0.0
    cache_path: str | None = None
    reference_found: bool = False
    """The reference itself was among the paths (and was left out)."""
    waiting: int = 0
    """The most results that ever waited for an earlier document (bounded by Settings.ahead)."""
    cache_warning: str | None = None
    """Why the cache could not be used (a read-only folder, a full disk): the scan ran without it."""


def config_key(reference: bytes, reference_format: str, options: Options, encoding: str | None) -> str:
    """Everything besides a document's own bytes that changes its result, as one hash."""
    parts = {
        "engine": ENGINE,
        "version": __version__,
        "code": code_fingerprint(),
        "reference": hashlib.sha256(reference).hexdigest(),
        "reference_format": reference_format,
        "options": asdict(options),
        "encoding": encoding,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def _identity(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_dev, st.st_ino


@dataclass(frozen=True)
class _Ready:
    result: DocResult
    source: str
    """'cache', or 'open' for a file that could not be opened."""


class Scan:
    """One scan: the reference is read and the paths walked when it is made; iterating runs it.

    Raises :class:`~policydiff.errors.PolicydiffError` (exit 2 in the CLI) for an unreadable reference,
    a reference without recommendations, a path that names nothing, an executor that is not there.
    """

    def __init__(self, reference: str, paths: Sequence[str], *, options: Options | None = None,
                 settings: Settings | None = None, encoding: str | None = None,
                 progress: Progress | None = None) -> None:
        self.options = options or Options()
        self.settings = settings or Settings()
        self.encoding = encoding
        self.progress: Progress = progress or NoProgress()
        # the workers' server starts now, while the reference is read and the folders walked
        executor_mod.warm_up(self.settings.executor, self.settings.workers)
        data = read_file(reference, self.settings.max_bytes)
        text = read_loaded(data, reference, encoding=encoding)
        self.reference: Outline = api.outline_text(text)
        self.recommendations: list[Unit] = recommendations(self.reference)  # none: a UsageError now
        self.key = config_key(data, text.format, self.options, encoding)
        self._job = executor_mod.Job(data, reference, self.options, encoding, self.key, code_fingerprint())
        self.stats = Stats()
        self.files: list[str] = []
        ref_id = _identity(reference)
        for entry in walk(paths, include=self.settings.include, exclude=self.settings.exclude):
            if isinstance(entry, Found):
                if ref_id is not None and _identity(entry.path) == ref_id:
                    self.stats.reference_found = True  # the reference is not judged against itself
                    continue
                self.files.append(entry.path)
            else:
                self.stats.skipped.append(entry)
        self.stats.found = len(self.files)
        self._cache: cache_mod.Cache | None = None

    def __iter__(self) -> Iterator[DocResult]:
        started = time.perf_counter()
        settings = self.settings
        if settings.use_cache:
            self._open_cache(settings.cache or cache_mod.default_path(settings.out))
        jobs = settings.workers
        self.progress.start(len(self.files))
        ex: executor_mod.Executor | None = None
        ready: dict[int, tuple[DocResult, str]] = {}
        declared_of: dict[int, str] = {}
        next_out = 0
        try:
            batch: list[executor_mod.Item] = []
            max_flight = 4 * jobs
            max_ahead = settings.ahead

            def collect(results: list[tuple[int, DocResult]]) -> None:
                for index, result in results:
                    ready[index] = (result, "worker")
                    self.stats.waiting = max(self.stats.waiting, len(ready))
                    declared = declared_of.pop(index, "")
                    if self._cache is not None and not result.internal:
                        self._use_cache("put", result, declared)

            def emit() -> Iterator[DocResult]:
                nonlocal next_out
                while next_out in ready:
                    result, source = ready.pop(next_out)
                    next_out += 1
                    self._count(result, source)
                    self.progress.advance(result, source == "cache")
                    yield result

            for index, path in enumerate(self.files):
                got = self._load(index, path)
                if isinstance(got, _Ready):
                    ready[index] = (got.result, got.source)
                    self.stats.waiting = max(self.stats.waiting, len(ready))
                else:
                    declared_of[index] = format_for_path(path) or ""
                    batch.append(got)
                # a full batch goes to a worker; so does a partial one that holds back many results ready
                # behind it (cached ones), so that they never pile up
                if len(batch) >= settings.batch or (batch and len(ready) >= max_ahead):
                    if ex is None:
                        ex = executor_mod.make(settings.executor, self._job, jobs=jobs, scheduler=settings.scheduler)
                    ex.submit(batch)
                    batch = []
                if ex is not None:
                    collect(ex.completed(block=False))
                    while ex.in_flight >= max_flight or (ex.in_flight and len(ready) >= max_ahead):
                        collect(ex.completed(block=True))
                yield from emit()
            if batch:
                if ex is None:
                    small = len(batch) <= 2
                    ex = executor_mod.make(settings.executor, self._job, jobs=jobs, scheduler=settings.scheduler,
                                           small=small)
                ex.submit(batch)
            while ex is not None and ex.in_flight:
                collect(ex.completed(block=True))
                yield from emit()
            yield from emit()
        finally:
            if ex is not None:
                ex.close()
            if self._cache is not None:
                self._use_cache("close")
            self.progress.stop()
            self.stats.elapsed = time.perf_counter() - started

    def _open_cache(self, path: str) -> None:
        try:
            self._cache = cache_mod.Cache(path, self.key, batch=self.settings.cache_batch)
        except (OSError, sqlite3.Error) as e:
            self._cache_failed(path, e)
        else:
            self.stats.cache_path = path

    def _use_cache(self, method: str, *args: object) -> object:
        """``cache.method(*args)``; a cache that fails (a full disk, a read-only file) is dropped, not the scan."""
        cache = self._cache
        assert cache is not None
        try:
            return getattr(cache, method)(*args)
        except (OSError, sqlite3.Error) as e:
            self._cache = None
            with contextlib.suppress(OSError, sqlite3.Error):
                cache.close()
            self._cache_failed(cache.path, e)
            return None

    def _cache_failed(self, path: str, error: Exception) -> None:
        why = (error.strerror if isinstance(error, OSError) else None) or str(error)
        self.stats.cache_path = None
        self.stats.cache_warning = f"cannot use the cache {path} ({why}); scanning without it"

    def _load(self, index: int, path: str) -> _Ready | executor_mod.Item:
        """What a worker needs to judge the document — or its cached result, or why it cannot be opened
        (with where the result came from: 'cache' or 'open')."""
        try:
            data = read_file(path, self.settings.max_bytes)
        except InputError as e:
            return _Ready(DocResult(path, "", format_for_path(path) or "", error=e.detail), "open")
        sha = hashlib.sha256(data).hexdigest()
        if self._cache is not None:
            hit = self._use_cache("get", sha, format_for_path(path) or "", path)
            if isinstance(hit, DocResult):
                return _Ready(hit, "cache")
        return (index, path, sha, data)

    def _count(self, result: DocResult, source: str) -> None:
        if result.error is not None:
            self.stats.skipped.append(Skipped(result.path, result.error))
            if result.internal:
                self.stats.internal += 1
            else:
                self.stats.failed += 1
        if source == "cache":
            self.stats.cached += 1
        elif source == "worker":
            self.stats.computed += 1
