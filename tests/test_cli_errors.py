"""Every exit-2 error is one line on stderr, ``policydiff: error: …``: click's own usage errors too."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff import align, api
from policydiff.cli import cli, one_line
from policydiff.errors import InputError, UsageError
from policydiff.formats import gitlab, sarif
from policydiff.formats import json as json_format
from policydiff.models import Comparison, Options

SAMPLES = Path(__file__).resolve().parents[1] / "samples"

BAD = [
    # a folder, a missing file, an option out of range, a size that is not one, a folder as the output
    "outline DIR",
    "outline missing.md",
    "outline ref.txt --format yaml",
    "outline ref.txt --max-size abc",
    "outline ref.txt --max-size 0",
    "compare ref.txt DIR",
    "compare ref.txt",
    "compare ref.txt plan.md --covered 200",
    "compare ref.txt plan.md --partial -5",
    "compare ref.txt plan.md --fail-under 101",
    "compare ref.txt plan.md --max-size 12XB",
    "compare ref.txt plan.md -o DIR",
    "compare ref.txt plan.md --format yaml",
    "compare ref.txt plan.md --bogus",
    "compare - - plan.md",
    "explain ref.txt plan.md",
    "explain ref.txt plan.md 9.9.9",
    "explain ref.txt plan.md 3.1.1 --covered 200",
    "init --bogus",
    "check --covered 200",
    "check --today yesterday",
    "check --config DIR",
    "check --config missing.toml",
    "check --reference ref.txt DIR",
    "baseline write --partial -5",
    "baseline nosuch",
    "diff ref.txt plan.md",
    "diff ref.txt plan.md plan.md --show nothing",
    "watch ref.txt DIR",
    "scan DIR plan.md",
    "scan ref.txt",
    "scan ref.txt plan.md --jobs -1",
    "scan ref.txt plan.md --top x",
    "scan ref.txt plan.md --out DIR",
    "scan ref.txt plan.md --scheduler tcp://x:1",
    "nosuch",
    # nan and inf in every threshold, on every command that takes one
    *(f"{command} --{option} {value}"
      for command in ("compare ref.txt plan.md", "check --reference ref.txt plan.md", "explain ref.txt plan.md 3.1.1",
                      "diff ref.txt plan.md plan.md", "scan ref.txt plan.md", "baseline write --reference ref.txt plan.md",
                      "watch ref.txt plan.md")
      for option in ("covered", "partial")
      for value in ("nan", "NaN", "inf", "-inf")),
    *(f"{command} --fail-under {value}" for command in ("compare ref.txt plan.md", "check --reference ref.txt plan.md")
      for value in ("nan", "inf", "-nan")),
]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "ref.txt")
    shutil.copy(SAMPLES / "zh-county-plan.md", tmp_path / "plan.md")
    (tmp_path / "DIR").mkdir()
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path


@pytest.mark.parametrize("command", BAD)
def test_every_usage_error_is_one_line_and_exit_2(project: Path, command: str) -> None:
    result = CliRunner().invoke(cli, command.split(), catch_exceptions=False)
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policydiff: error: "), lines[0]
    assert "Usage:" not in result.stderr and "Try '" not in result.stderr


def test_the_command_alone_still_shows_its_help() -> None:
    result = CliRunner().invoke(cli, ["baseline"])
    assert "write" in result.output and result.exit_code in (0, 2)


def test_a_parser_message_with_line_breaks_becomes_one_line() -> None:
    error = InputError("a.docx", "corrupt .docx (Opening and ending tag mismatch: p line 1\n and body, line 2)")
    assert "\n" not in str(error)
    assert one_line("first\r\nsecond\u2028third \x1b[31mred") == "first second third [31mred"


def test_a_nan_threshold_is_refused_by_the_library_too() -> None:
    with pytest.raises(UsageError, match="from 0 to 100, got nan"):
        Options(covered=float("nan"))


@pytest.mark.parametrize("write", [json_format.format_comparison, sarif.format_sarif, gitlab.format_gitlab])
def test_no_json_output_ever_writes_nan(write: Callable[[Comparison], str]) -> None:
    result = align.compare(api.load(str(SAMPLES / "paper-zh.txt")), [api.load(str(SAMPLES / "zh-county-plan.md"))])
    verdict = next(v for v in result.targets[0].verdicts if v.status == "missing")
    object.__setattr__(verdict, "score", float("nan"))  # a score gone wrong must fail loudly, not write NaN
    try:
        out = write(result)
    except ValueError as e:  # what json.dumps(allow_nan=False) raises
        assert "not JSON compliant" in str(e)
    else:
        assert not re.search(r"\b(NaN|Infinity)\b", out)


def test_a_scan_of_the_reference_alone_says_the_reference_was_left_out(project: Path) -> None:
    (project / "only").mkdir()
    shutil.copy(project / "ref.txt", project / "only" / "ref.txt")
    result = CliRunner().invoke(cli, ["scan", "only/ref.txt", "only", "--no-cache"])
    assert result.exit_code == 2
    assert result.stderr.strip() == ("policydiff: error: no supported document under only (.txt .md .html .docx "
                                     ".pdf); the reference itself is left out")
