"""Where the per-document work runs: in this process, in a pool of local processes, or on a Dask cluster.

Every executor runs the same function, :func:`run_batch`, on batches of documents held in memory (so a
remote worker needs no access to the files), and hands back results as batches finish, in any order.
The reference is prepared once per worker process (:func:`prepared`), never once per document.

The interface is small on purpose: ``submit(batch)``, ``completed(block)``, ``in_flight``, ``close()``.
The scan keeps a bounded number of batches in flight, so memory stays flat however many documents
there are.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Protocol

from .. import __version__, api
from ..errors import UsageError
from ..models import Options
from ..read import read_loaded
from ..read.sniff import format_for_path
from .engine import DocResult, Prepared, code_fingerprint, score_bytes


@dataclass(frozen=True)
class Job:
    """What a worker needs to judge documents: the reference as bytes, and the options."""

    reference: bytes
    reference_path: str
    options: Options
    encoding: str | None
    key: str
    """The configuration key: workers keep one prepared reference per key."""
    code: str
    """code_fingerprint() where the scan runs: a worker running other policydiff code refuses the job."""


Item = tuple[int, str, str, bytes]
"""(position in the scan, path, sha256 of the bytes, the bytes)."""

_PREPARED: dict[str, Prepared] = {}
CONNECT_TIMEOUT = 10
"""How long to try reaching a Dask scheduler before giving up, in seconds (the CLI says so as it starts)."""


def prepared(job: Job) -> Prepared:
    """The reference of ``job``, outlined and prepared once in this process."""
    got = _PREPARED.get(job.key)
    if got is None:
        if code_fingerprint() != job.code:
            raise UsageError(f"a worker (pid {os.getpid()}) runs other policydiff code than this scan (version "
                             f"{__version__} there): install the same policydiff on the workers")
        text = read_loaded(job.reference, job.reference_path, encoding=job.encoding)
        got = Prepared(api.outline_text(text), job.options)
        _PREPARED.clear()
        _PREPARED[job.key] = got
    return got


def run_batch(job: Job, items: list[Item]) -> list[tuple[int, DocResult]]:
    """Judge a batch of documents. A document that breaks policydiff is reported, not raised."""
    ref = prepared(job)
    out: list[tuple[int, DocResult]] = []
    for index, path, sha, data in items:
        try:
            result = score_bytes(ref, data, path, sha, encoding=job.encoding)
        except RecursionError:
            result = DocResult(path, sha, format_for_path(path) or "", error="nested too deeply to read")
        except Exception as e:  # a bug: keep scanning, say so loudly at the end
            result = DocResult(path, sha, format_for_path(path) or "",
                               error=f"internal error: {type(e).__name__}: {e} (please report this)", internal=True)
        out.append((index, result))
    return out


def _init_worker(job: Job, scan: int) -> None:
    exit_with(scan)
    # a failure here would break the pool; run_batch meets it again and reports it
    with contextlib.suppress(Exception):
        prepared(job)


def exit_with(pid: int) -> None:
    """End this process as soon as process ``pid`` (the scan) ends, however it ends.

    A scan killed with SIGKILL cannot stop its workers; they would wait for work for ever (each holding the
    forkserver and the resource tracker alive too). A daemon thread waits on a pidfd (Linux), else checks
    every half second, and exits the process when ``pid`` is gone.
    """
    try:
        handle: int | None = os.pidfd_open(pid)
    except (AttributeError, OSError):  # not Linux 5.3+: poll
        handle = None
    if handle is None and not _alive(pid):
        os._exit(1)

    def watch() -> None:
        if handle is not None:
            select.select([handle], [], [])
        else:
            while _alive(pid):
                time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="policydiff-exit-with-scan", daemon=True).start()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:  # no such process, or another user's of that id: ours is gone either way
        return False
    return True


class Executor(Protocol):
    @property
    def in_flight(self) -> int: ...

    def submit(self, items: list[Item]) -> None: ...

    def completed(self, block: bool) -> list[tuple[int, DocResult]]: ...

    def close(self) -> None: ...


class Inline:
    """Run each batch at once in this process (``--jobs 1``, and tiny scans)."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._done: list[tuple[int, DocResult]] = []

    @property
    def in_flight(self) -> int:
        return 1 if self._done else 0

    def submit(self, items: list[Item]) -> None:
        self._done.extend(run_batch(self._job, items))

    def completed(self, block: bool) -> list[tuple[int, DocResult]]:
        done, self._done = self._done, []
        return done

    def close(self) -> None:
        pass


def _context() -> Any:
    # forkserver where there is one: workers start from a clean, single-threaded server (fork from a
    # process with threads — a progress bar, a Dask client — can deadlock), with policydiff preloaded
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["policydiff.scan.executor", "policydiff.scan.kernel"])
        return ctx
    return multiprocessing.get_context("spawn")


def warm_up(kind: str, jobs: int) -> None:
    """For a pool of local workers (``make(kind, …, jobs=jobs)``), start the forkserver they fork from if it is
    not running (it imports policydiff and numpy: a third of a small scan's start-up), so that it starts while
    this process is still busy."""
    if kind != "local" or jobs <= 1:
        return
    ctx = _context()
    if ctx.get_start_method() == "forkserver":
        _start_forkserver()


def _start_forkserver() -> None:
    """Start the forkserver (and the resource tracker) deaf to Ctrl-C: the terminal sends SIGINT to the whole
    process group, and a forkserver still importing numpy would print a KeyboardInterrupt traceback of its own.
    The scan alone handles Ctrl-C (one line, exit 130); the servers end when it ends, the workers (which
    inherit the blocked signal) with it (:func:`exit_with`). A Ctrl-C meanwhile waits, and reaches the scan
    once the servers are started."""
    from multiprocessing import forkserver, resource_tracker

    resource_tracker.ensure_running()  # first: it unblocks SIGINT on its way out
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "pthread_sigmask"):
        forkserver.ensure_running()
        return
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        forkserver.ensure_running()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


@contextlib.contextmanager
def _interrupt_deferred() -> Iterator[None]:
    """Ctrl-C during the block raises KeyboardInterrupt once the block is done (main thread only).

    A worker left half-started by an interrupted ``submit`` is never joined: the scan exits, its semaphores
    go, and the worker prints a traceback as it fails to start.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    got: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda signum, frame: got.append(signum))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if got and previous is signal.default_int_handler:
        raise KeyboardInterrupt


class Local:
    """A pool of ``jobs`` local processes."""

    def __init__(self, job: Job, jobs: int) -> None:
        self._job = job
        context = _context()
        if context.get_start_method() == "forkserver":
            _start_forkserver()
        self._pool = ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_init_worker,
                                         initargs=(job, os.getpid()))
        self._futures: set[Future[list[tuple[int, DocResult]]]] = set()

    @property
    def in_flight(self) -> int:
        return len(self._futures)

    def submit(self, items: list[Item]) -> None:
        with _interrupt_deferred():  # the pool may be starting a worker: a Ctrl-C half-way would orphan it
            self._futures.add(self._pool.submit(run_batch, self._job, items))

    def completed(self, block: bool) -> list[tuple[int, DocResult]]:
        if not self._futures:
            return []
        done, _ = wait(self._futures, timeout=None if block else 0, return_when=FIRST_COMPLETED)
        out: list[tuple[int, DocResult]] = []
        for f in done:
            self._futures.discard(f)
            out.extend(f.result())
        return out

    def close(self) -> None:
        for f in self._futures:
            f.cancel()
        self._pool.shutdown(wait=True, cancel_futures=True)


class Dask:
    """The same batches on a Dask distributed cluster: ``tcp://host:port``, or a LocalCluster started here.

    The reference travels to every worker once (scattered, broadcast); documents travel as bytes in
    their batches, so the workers need no access to the files. Results stream back as they finish.
    """

    def __init__(self, job: Job, scheduler: str | None, jobs: int) -> None:
        try:
            # imported by name: Dask is an optional extra, without type information
            distributed: Any = importlib.import_module("distributed")
        except ImportError:
            raise UsageError("--executor dask needs Dask distributed: pip install 'policydiff[dask]'") from None
        Client, LocalCluster, as_completed = distributed.Client, distributed.LocalCluster, distributed.as_completed
        self._cluster: Any = None
        if scheduler:
            try:
                self._client = Client(scheduler, timeout=f"{CONNECT_TIMEOUT}s")
            except (OSError, TimeoutError) as e:
                raise UsageError(f"cannot reach the Dask scheduler at {scheduler} ({e})") from None
            except ValueError as e:
                raise UsageError(f"--scheduler {scheduler!r}: expected an address such as tcp://host:8786 ({e})"
                                 ) from None
            except Exception as e:  # something answers there, not in Dask's protocol (a web server on that port)
                raise UsageError(f"cannot reach the Dask scheduler at {scheduler}: what answers there is not a Dask "
                                 f"scheduler ({type(e).__name__})") from None
        else:
            self._cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                         dashboard_address=":0")
            self._client = Client(self._cluster)
        self._job = self._client.scatter(job, broadcast=True)
        self._completed = as_completed(with_results=False)
        self._count = 0

    @property
    def in_flight(self) -> int:
        return self._count

    def submit(self, items: list[Item]) -> None:
        future = self._client.submit(run_batch, self._job, items, pure=False)
        self._completed.add(future)
        self._count += 1

    def completed(self, block: bool) -> list[tuple[int, DocResult]]:
        if not self._count or (not block and not self._completed.has_ready()):
            return []
        futures = self._completed.next_batch(block=True)
        out: list[tuple[int, DocResult]] = []
        for f in futures:
            self._count -= 1
            out.extend(f.result())
            f.release()
        return out

    def close(self) -> None:
        self._client.close()
        if self._cluster is not None:
            self._cluster.close()


def make(kind: str, job: Job, *, jobs: int, scheduler: str | None = None, small: bool = False) -> Executor:
    """The executor a scan asked for. ``small``: too few documents to be worth starting a pool."""
    if kind == "dask":
        return Dask(job, scheduler, jobs)
    if jobs <= 1 or small:
        return Inline(job)
    return Local(job, jobs)


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)

