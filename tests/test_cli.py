"""The command line as a user drives it: output formats, options, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff import baseline
from policydiff import cli as cli_module
from policydiff.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAPER = str(SAMPLES / "paper-zh.txt")
COUNTY = str(SAMPLES / "zh-county-plan.md")
UNRELATED = str(SAMPLES / "zh-unrelated.md")
ANSI = re.compile(r"\x1b\[")


def run(*args: str, code: int = 0, input: bytes | None = None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    assert result.exit_code == code, (result.exit_code, result.stdout, result.stderr)
    return result


def test_outline_text_shows_the_tree():
    out = run("outline", PAPER).stdout
    assert out.startswith("基层公安机关推进社会管理创新的理性思考")
    assert "三(六) 创新互联网管理" in out
    assert "3.6.3 rec" in out
    assert not ANSI.search(out)


def test_outline_json_schema():
    data = json.loads(run("outline", PAPER, "--format", "json").stdout)
    assert data["schema"] == "policydiff/outline@1"
    assert set(data) >= {"path", "title", "encoding", "format", "units", "sections"}
    section = data["sections"][2]["sections"][0]
    assert set(section) >= {"id", "number", "title", "level", "line", "units", "sections"}
    assert section["id"] == "3.1" and section["number"] == "(一)"
    assert {"id", "kind", "text", "line"} <= set(section["units"][0])


def test_outline_markdown():
    out = run("outline", PAPER, "--format", "markdown").stdout
    assert out.startswith("# 基层公安机关推进社会管理创新的理性思考")
    assert "### 三(一)" in out


def test_outline_reads_stdin():
    data = (SAMPLES / "en-reference.md").read_bytes()
    out = json.loads(run("outline", "-", "--format", "json", input=data).stdout)
    assert out["path"] == "-" and out["title"]


def test_compare_json_is_deterministic_and_complete():
    first = run("compare", PAPER, COUNTY, "--format", "json").stdout
    second = run("compare", PAPER, COUNTY, "--format", "json").stdout
    assert first == second
    data = json.loads(first)
    assert data["schema"] == "policydiff/comparison@2"
    target = data["targets"][0]
    cov = target["coverage"]
    assert cov["covered"] + cov["partial"] + cov["missing"] == data["reference"]["units"]
    unit = next(u for u in target["units"] if u["status"] == "covered")
    assert {"id", "section", "kind", "text", "line", "status", "score", "evidence", "missing_clauses"} <= set(unit)
    assert {"text", "section", "line", "score"} <= set(unit["evidence"][0])
    assert all(u["status"] is None for u in target["units"] if u["kind"] == "context")


def test_compare_text_is_plain_when_piped():
    out = run("compare", PAPER, COUNTY).stdout
    assert "covered" in out and not ANSI.search(out)


PIPED = """
import atexit, sys
atexit.register(lambda: print(sorted(m for m in sys.modules if m.split(".")[0] == "rich"), file=sys.stderr))
from policydiff.cli import main
sys.argv = ["policydiff", *sys.argv[1:]]
main()
"""
"""Runs the CLI with its output to a pipe and prints, last on stderr, the rich modules it imported."""


@pytest.mark.parametrize("args", [
    ("compare", PAPER, COUNTY),
    ("compare", PAPER, COUNTY, UNRELATED, "--show", "gaps"),
    ("compare", PAPER, COUNTY, "--show", "covered", "--format", "json"),
    ("explain", PAPER, COUNTY, "3.4.3"),
    ("diff", PAPER, UNRELATED, COUNTY),
])
def test_piped_views_do_not_import_rich(args: tuple[str, ...]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "TTY_COMPATIBLE")}
    result = subprocess.run([sys.executable, "-c", PIPED, *args], capture_output=True, text=True, env=env,
                            check=False)
    assert result.returncode in (0, 1), result.stderr
    assert result.stdout.strip() and not ANSI.search(result.stdout)
    assert result.stderr.splitlines()[-1] == "[]"


def test_compare_on_a_terminal_is_drawn_in_colour(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli_module, "_use_color", lambda: True)
    for args in (["compare", PAPER, COUNTY], ["explain", PAPER, COUNTY, "3.4.3"]):
        result = CliRunner().invoke(cli, args, color=True, catch_exceptions=False)  # click keeps the escapes
        assert result.exit_code == 0 and ANSI.search(result.stdout) and PAPER in result.stdout


def test_baseline_name_in_the_help_is_the_baselines_own() -> None:
    assert cli_module.BASELINE_NAME == baseline.DEFAULT_NAME


def test_compare_markdown():
    out = run("compare", PAPER, COUNTY, "--format", "markdown").stdout
    assert out.startswith("#")


def test_several_targets_give_a_matrix():
    data = json.loads(run("compare", PAPER, COUNTY, UNRELATED, "--format", "json").stdout)
    assert [t["path"] for t in data["targets"]] == [COUNTY, UNRELATED]
    out = run("compare", PAPER, COUNTY, UNRELATED).stdout
    assert "zh-county-plan" in out and "zh-unrelated" in out


def test_fail_under_exits_1_with_a_reason():
    result = run("compare", PAPER, UNRELATED, "--format", "json", "--fail-under", "50", code=1)
    assert "below --fail-under 50%" in result.stderr
    run("compare", PAPER, PAPER, "--format", "json", "--fail-under", "100")


def test_require_missing_recommendation_exits_1():
    result = run("compare", PAPER, UNRELATED, "--format", "json", "--require", "3.6.*", code=1)
    assert "required recommendation 3.6.1 is missing" in result.stderr
    run("compare", PAPER, PAPER, "--format", "json", "--require", "3.6.1,3.1.*")


def test_require_unknown_id_is_a_usage_error():
    result = run("compare", PAPER, COUNTY, "--require", "9.9.9", code=2)
    assert "9.9.9" in result.stderr and "Traceback" not in result.stderr


def test_thresholds_are_validated():
    result = run("compare", PAPER, COUNTY, "--covered", "30", "--partial", "50", code=2)
    assert "--partial" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "PNG"),
        (b"\x7fELF" + b"\0" * 64, "ELF"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    result = run("compare", PAPER, str(bad), code=2)
    assert message in result.stderr and str(bad) in result.stderr
    assert result.stderr.count("\n") == 1 and not result.stdout


def test_missing_file_exits_2(tmp_path):
    result = run("outline", str(tmp_path / "nope.md"), code=2)
    assert "nope.md" in result.stderr


def test_only_one_stdin(tmp_path):
    result = run("compare", "-", "-", input=b"x", code=2)
    assert "standard input" in result.stderr


def test_explain_shows_clauses_and_the_reason():
    out = run("explain", PAPER, COUNTY, "3.6.3").stdout
    assert "3.6.3" in out
    assert any(word in out for word in ("covered", "partial", "missing"))


def test_explain_unknown_id_exits_2():
    result = run("explain", PAPER, COUNTY, "7.7", code=2)
    assert "7.7" in result.stderr


def test_every_command_has_help_with_an_example():
    for name, command in cli.commands.items():
        assert command.help and "Example" in command.help, name
        run(name, "--help")


def test_html_report_written_atomically_to_output(tmp_path):
    report = tmp_path / "report.html"
    result = run("compare", PAPER, COUNTY, "--format", "html", "-o", str(report))
    assert result.stdout == ""
    assert result.stderr == f"policydiff: wrote the report to {report}\n"  # one line: where it went
    html = report.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "zh-county-plan.md" in html
    assert not [p for p in tmp_path.iterdir() if p.name != "report.html"]  # no temporary file left behind


def test_output_into_a_missing_folder_is_an_input_error(tmp_path):
    result = run("compare", PAPER, COUNTY, "-o", str(tmp_path / "no" / "such" / "folder" / "r.txt"), code=2)
    assert "cannot write" in result.stderr


def test_script_keep_compares_traditional_as_written():
    traditional = str(SAMPLES / "zh-county-plan-traditional.md")
    auto = json.loads(run("compare", PAPER, traditional, "--format", "json").stdout)
    keep = json.loads(run("compare", PAPER, traditional, "--format", "json", "--script", "keep").stdout)
    assert keep["options"]["script"] == "keep"
    assert keep["targets"][0]["coverage"]["percent"] < auto["targets"][0]["coverage"]["percent"]


def test_standard_input_is_shown_as_stdin():
    data = Path(COUNTY).read_bytes()
    outline = CliRunner().invoke(cli, ["outline", "-"], input=data).stdout
    assert outline.splitlines()[1].startswith("<stdin> — ")
    compared = CliRunner().invoke(cli, ["compare", PAPER, "-"], input=data).stdout
    assert compared.splitlines()[1].endswith("  <stdin>")


def test_piped_outline_never_wraps_its_header(tmp_path, monkeypatch):
    folder = tmp_path / ("a-rather-long-folder-name-for-the-drafts-of-this-year" + "/and-another-level")
    folder.mkdir(parents=True)
    (folder / "the-county-plan-final-version.md").write_bytes(Path(COUNTY).read_bytes())
    monkeypatch.chdir(tmp_path)
    path = str((folder / "the-county-plan-final-version.md").relative_to(tmp_path))
    lines = run("outline", path).stdout.splitlines()
    assert lines[1] == f"{path} — md, utf-8; 23 sections, 53 units (24 recommendations)"
    assert lines[2].startswith("├── 0 ctx ")
