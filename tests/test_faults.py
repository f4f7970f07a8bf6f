"""Faults: every file is written atomically, a full disk is a clear error, Ctrl-C stops cleanly (exit 130)."""

from __future__ import annotations

import ast
import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from policydiff import api
from policydiff import output as output_module
from policydiff.cli import cli
from policydiff.errors import PolicydiffError
from policydiff.output import write_atomic

REPO = Path(__file__).resolve().parents[1]
PAPER = str(REPO / "samples" / "paper-zh.txt")
COUNTY = str(REPO / "samples" / "zh-county-plan.md")
OLD = "the previous report, complete\n"


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_write_atomic_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")
    write_atomic(target, "新的报告\n")
    assert target.read_text(encoding="utf-8") == "新的报告\n"
    assert leftovers(tmp_path) == []
    assert oct(target.stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize("where", ["write", "fsync", "replace"])
def test_a_failed_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 where: str) -> None:
    target = tmp_path / "report.json"
    target.write_text(OLD, encoding="utf-8")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    if where == "write":
        monkeypatch.setattr(output_module, "open", lambda path, *a, **k: _FailingFile(os.open(path, os.O_WRONLY)),
                            raising=False)
    else:
        monkeypatch.setattr(output_module.os, where, fail)
    with pytest.raises(PolicydiffError, match=r"report.json: cannot write the report: Input/output error"):
        write_atomic(target, "x" * 100_000)
    assert target.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


class _FailingFile:
    """A file object whose write fails half-way, as a full disk does."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        os.close(self.fd)

    def write(self, text: str) -> int:
        os.write(self.fd, text[:10].encode())
        raise OSError(errno.EIO, "Input/output error")

    def fileno(self) -> int:
        return self.fd


def _disk_full(*args: object, **kwargs: object) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def test_a_full_disk_is_a_clear_error_naming_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.html"
    report.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(output_module.os, "fsync", _disk_full)
    result = invoke("compare", PAPER, COUNTY, "--format", "html", "-o", str(report))
    assert result.exit_code == 2
    assert result.stderr == f"policydiff: error: {report}: cannot write the report: the disk is full\n"
    assert report.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


def test_a_killed_writer_never_leaves_a_truncated_report(tmp_path: Path) -> None:
    """kill -9 while the report is being written: the old report stays whole (a hidden .tmp may remain)."""
    report = tmp_path / "report.json"
    report.write_text(OLD, encoding="utf-8")
    child = (
        "import os, sys, time\n"
        "from policydiff import output\n"
        "def stall(fd):\n"
        "    open(sys.argv[2], 'w').close()  # tell the parent the data is in the temporary file\n"
        "    time.sleep(60)\n"
        "output.os.fsync = stall\n"
        "output.write_atomic(sys.argv[1], 'partial? ' * 100000)\n"
    )
    ready = tmp_path / "ready"
    process = subprocess.Popen([sys.executable, "-c", child, str(report), str(ready)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert ready.exists(), "the writer never got to the middle of its write"
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert report.read_text(encoding="utf-8") == OLD
    assert all(name.startswith(".report.json.") for name in leftovers(tmp_path))


def test_ctrl_c_stops_cleanly_with_exit_130(monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "load", interrupted)
    for args in (["outline", PAPER], ["compare", PAPER, COUNTY], ["explain", PAPER, COUNTY, "3.4.3"],
                 ["diff", PAPER, COUNTY, COUNTY]):
        result = invoke(*args)
        assert result.exit_code == 130, args
        assert result.stdout == "" and result.stderr == "policydiff: interrupted\n"


def test_ctrl_c_while_writing_leaves_the_old_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    report = tmp_path / "report.md"
    report.write_text(OLD, encoding="utf-8")

    def interrupted(fd: int) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output_module.os, "fsync", interrupted)
    result = invoke("compare", PAPER, COUNTY, "--format", "markdown", "-o", str(report))
    assert result.exit_code == 130 and result.stderr == "policydiff: interrupted\n"
    assert report.read_text(encoding="utf-8") == OLD
    assert leftovers(tmp_path) == []


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "ref.txt").write_bytes(Path(PAPER).read_bytes())
    (tmp_path / "plan.md").write_bytes(Path(COUNTY).read_bytes())
    (tmp_path / "policydiff.toml").write_text('reference = "ref.txt"\ntargets = ["plan.md"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_baseline_write_is_atomic(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    baseline = project / "policydiff-baseline.json"
    baseline.write_text(OLD, encoding="utf-8")
    monkeypatch.setattr(output_module.os, "fsync", _disk_full)
    result = invoke("baseline", "write")
    assert result.exit_code == 2
    assert result.stderr == "policydiff: error: policydiff-baseline.json: cannot write the baseline: the disk is full\n"
    assert baseline.read_text(encoding="utf-8") == OLD
    assert leftovers(project) == []
    monkeypatch.undo()
    monkeypatch.chdir(project)
    assert invoke("baseline", "write").exit_code == 0
    assert baseline.read_text(encoding="utf-8").startswith('{\n  "schema": "policydiff/baseline@1"')


def test_init_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(output_module.os, "replace", _disk_full)
    result = invoke("init")
    assert result.exit_code == 2
    assert result.stderr == "policydiff: error: policydiff.toml: cannot write the configuration: the disk is full\n"
    assert list(tmp_path.iterdir()) == []


def test_a_report_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = invoke("compare", PAPER, COUNTY, "-o", str(tmp_path / "no" / "such" / "report.txt"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"policydiff: error: {tmp_path}/no/such/report.txt: cannot write the report here")


def test_every_file_policydiff_writes_goes_through_write_atomic() -> None:
    """No open(..., 'w'), write_text or write_bytes outside policydiff/output.py (the GitHub job summary,
    which GitHub asks to be appended to, is the one exception). policydiff/scan has its own writers."""
    offenders = []
    for path in sorted((REPO / "policydiff").rglob("*.py")):
        rel = path.relative_to(REPO).as_posix()
        if rel in ("policydiff/output.py", "policydiff/progress.py") or rel.startswith("policydiff/scan/"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in ("write_text", "write_bytes"):
                offenders.append(f"{rel}:{node.lineno} {name}")
            if name == "open":
                modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
                modes += [k.value.value for k in node.keywords if k.arg == "mode" and isinstance(k.value, ast.Constant)]
                if any(isinstance(m, str) and set(m) & set("wax+") for m in modes):
                    offenders.append(f"{rel}:{node.lineno} open({modes[0]!r})")
    assert [o.split(":")[0] + " " + o.split(" ", 1)[1] for o in offenders] == ["policydiff/cli.py open('a')"], offenders


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["outline", PAPER, "--format", "json"], ["compare", PAPER, COUNTY],
                                  ["scan", PAPER, COUNTY, "--no-cache", "--format", "json"]])
def test_standard_output_on_a_full_disk_is_one_line_and_exit_2(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run([sys.executable, "-m", "policydiff", *args], stdout=full, stderr=subprocess.PIPE,
                              text=True, timeout=120, check=False)
    assert (done.returncode, done.stderr) == (2, "policydiff: error: cannot write to standard output: the disk is full\n")


@pytest.mark.parametrize("nesting", ["[" * 1000 + "]" * 1000, "{a = " * 1000 + "}" * 1000], ids=["arrays", "tables"])
@pytest.mark.parametrize("command", ["check", "compare"])
def test_a_configuration_nested_1000_deep_is_one_line_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                 nesting: str, command: str) -> None:
    """tomllib recurses into nested arrays and inline tables; compare reads the configuration it finds too."""
    (tmp_path / "policydiff.toml").write_text(f"reference = {nesting}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = invoke(command, *([PAPER, COUNTY] if command == "compare" else []))
    assert result.exit_code == 2
    assert result.stderr == "policydiff: error: policydiff.toml: expected valid TOML: it is nested too deeply to read\n"
