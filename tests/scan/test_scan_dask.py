"""The Dask executor gives exactly the local executor's results (needs the [dask] extra; skipped without it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .helpers import PAPER, bench_module

distributed = pytest.importorskip("distributed")

from policydiff.scan import Scan, Settings  # noqa: E402
from policydiff.scan.engine import DocResult  # noqa: E402


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """A LocalCluster on loopback: two in-process workers behind a real TCP scheduler."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, protocol="tcp",
                                  host="127.0.0.1", dashboard_address=":0") as c:
        yield c


def results(paths: list[str], **kw: Any) -> list[DocResult]:
    return list(Scan(str(PAPER), paths, settings=Settings(use_cache=False, batch=3, **kw)))


def test_dask_gives_the_local_executors_results(cluster: Any, corpus: Path, tmp_path: Path) -> None:
    generated = tmp_path / "generated"
    bench_module().Generator(seed=11).write(generated, 24, 3000)
    (corpus / "broken.pdf").write_text("not a pdf", encoding="utf-8")
    paths = [str(corpus), str(generated)]
    local = results(paths, jobs=2)
    remote = results(paths, executor="dask", scheduler=cluster.scheduler_address)
    assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
    assert remote == local
    assert len(local) == 6 + 24 and sum(r.error is not None for r in local) == 1


def test_an_unreachable_scheduler_is_a_usage_error(corpus: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policydiff.errors import UsageError
    from policydiff.scan import executor

    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", 1)
    with pytest.raises(UsageError, match="cannot reach the Dask scheduler"):
        results([str(corpus)], executor="dask", scheduler="tcp://127.0.0.1:9")


def test_without_an_address_dask_starts_a_local_cluster(corpus: Path) -> None:
    assert results([str(corpus)], executor="dask", jobs=1) == results([str(corpus)], jobs=1)


@pytest.mark.parametrize(("address", "message"), [
    ("not a url", r"--scheduler 'not a url': expected an address such as tcp://host:8786"),
    ("tcp://127.0.0.1:9", r"cannot reach the Dask scheduler at tcp://127.0.0.1:9 \(Timed out .* after 1 s\)"),
])
def test_a_bad_or_unreachable_scheduler_is_one_line_and_exit_2(corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                                               address: str, message: str) -> None:
    from click.testing import CliRunner

    from policydiff.cli import cli
    from policydiff.scan import executor

    monkeypatch.setattr(executor, "CONNECT_TIMEOUT", 1)
    result = CliRunner().invoke(cli, ["scan", str(PAPER), str(corpus), "--no-cache", "--executor", "dask",
                                      "--scheduler", address], catch_exceptions=False)
    assert result.exit_code == 2, result.stderr
    said, error = result.stderr.splitlines()
    assert said == f"policydiff: connecting to the Dask scheduler at {address} (giving up after 1 s)"
    assert re.fullmatch(f"policydiff: error: {message}.*", error)


def test_a_server_that_is_not_a_scheduler_is_one_line(corpus: Path) -> None:
    """An HTTP server on the port answers garbage (Dask then tried to allocate exabytes: MemoryError)."""
    import socket
    import threading

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)

    def answer() -> None:
        conn, _ = server.accept()
        conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n" * 8)
        conn.close()

    threading.Thread(target=answer, daemon=True).start()
    from policydiff.errors import UsageError

    address = f"tcp://127.0.0.1:{server.getsockname()[1]}"
    try:
        with pytest.raises(UsageError, match=f"cannot reach the Dask scheduler at {address}"):
            results([str(corpus)], executor="dask", scheduler=address)
    finally:
        server.close()
