"""Where scan's work runs: the local pool's server starts early."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .helpers import PAPER, REPO, SAMPLES

# in a process of its own: the forkserver is global to a process
PROBE = """
import sys
from multiprocessing import forkserver
from policydiff.scan import Scan, Settings
if __name__ == "__main__":
    Scan(sys.argv[1], [sys.argv[2]], settings=Settings(jobs=int(sys.argv[3]), use_cache=False))
    print(forkserver._forkserver._forkserver_pid is not None)
"""


@pytest.mark.parametrize(("jobs", "started"), [(2, "True"), (1, "False")])
def test_the_workers_server_starts_before_the_documents_are_read(jobs: int, started: str) -> None:
    """With local workers, the server they fork from (which imports policydiff and numpy, a third of a small
    scan's start-up) starts as the scan is set up, while the reference is read and the folders walked."""
    out = subprocess.run([sys.executable, "-c", PROBE, str(PAPER), str(SAMPLES), str(jobs)], capture_output=True,
                         text=True, cwd=REPO, timeout=120, check=True)
    assert out.stdout.strip() == started
