"""The processes of a scan: none outlives it (kill -9), and Ctrl-C at any moment is one line and exit 130."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .helpers import PAPER, bench_module

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.fixture(scope="module")
def big_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Enough documents that a scan with two workers is still running seconds after it starts."""
    root = tmp_path_factory.mktemp("big")
    bench_module().Generator(seed=5).write(root, 1500, 10000)
    return root


def _stat(pid: int) -> tuple[str, int] | None:
    """(state, parent pid) of a live process, None when it is gone (or a zombie)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return None if fields[0] in "ZX" else (fields[0], int(fields[1]))


def descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (st := _stat(int(entry))) is not None:
            parents[int(entry)] = st[1]
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.01)


def start_scan(corpus: Path, stderr: Path, **kw: object) -> subprocess.Popen[bytes]:
    """The scan, its standard error into a file (a pipe would stay open as long as an orphaned worker lives)."""
    with stderr.open("wb") as err:
        return subprocess.Popen([sys.executable, "-m", "policydiff", "scan", str(PAPER), str(corpus), "--no-cache",
                                 "--jobs", "2", "--format", "json"], stdout=subprocess.DEVNULL, stderr=err,
                                **kw)  # type: ignore[call-overload]


def test_a_scan_killed_with_sigkill_leaves_no_process_behind(big_corpus: Path, tmp_path: Path) -> None:
    """Its forkserver, resource tracker and workers all end within seconds (they lived on for minutes)."""
    family: set[int] = set()
    scan = start_scan(big_corpus, tmp_path / "stderr")
    try:
        # the resource tracker, the forkserver and two workers
        wait_for(lambda: len(descendants(scan.pid)) >= 4, 60, "the scan never started its workers")
        family = descendants(scan.pid)
        scan.kill()
        scan.wait(timeout=10)
        deadline = time.monotonic() + 30
        while (alive := {p for p in family if _stat(p) is not None}) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not alive, [cmdline(p) for p in alive]
    finally:
        if scan.poll() is None:
            scan.kill()
        scan.wait()
        for p in family:  # what a failing run left
            if _stat(p) is not None:
                os.kill(p, signal.SIGKILL)


@pytest.mark.parametrize("when", ["forkserver starting", "workers running"])
def test_ctrl_c_is_one_line_and_exit_130(big_corpus: Path, tmp_path: Path, when: str) -> None:
    """The terminal sends SIGINT to the whole process group: the forkserver, still importing numpy, printed a
    KeyboardInterrupt traceback beside 'policydiff: interrupted'."""
    scan = start_scan(big_corpus, tmp_path / "stderr", start_new_session=True)
    try:
        if when == "forkserver starting":
            wait_for(lambda: any("forkserver" in cmdline(p) for p in descendants(scan.pid)), 60,
                     "the scan never started its forkserver")
        else:
            wait_for(lambda: len(descendants(scan.pid)) >= 4, 60, "the scan never started its workers")
        os.killpg(scan.pid, signal.SIGINT)
        scan.wait(timeout=60)
        # and the rest of the group follows it (the workers would write to the file until they end)
        wait_for(lambda: not _group(scan.pid), 30, "the scan's processes outlived it")
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(scan.pid, signal.SIGKILL)
        scan.wait()
    err = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert (scan.returncode, err) == (130, "policydiff: interrupted\n")


def _group(pgid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                if os.getpgid(int(entry)) == pgid and _stat(int(entry)) is not None:
                    out.append(int(entry))
            except OSError:
                pass
    return out
