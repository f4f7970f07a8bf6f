"""`policydiff demo`: the samples shipped as package data give a report in one command."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from click.testing import CliRunner

from policydiff import demo
from policydiff.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def test_the_shipped_documents_are_the_samples():
    """Package data, read through importlib.resources as from an installed wheel, byte-identical to samples/."""
    shipped = resources.files("policydiff") / "samples"
    for name in (demo.REFERENCE, *demo.TARGETS):
        assert (shipped / name).read_bytes() == (SAMPLES / name).read_bytes(), name


def test_demo_runs_the_main_job():
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Reference  基层公安机关推进社会管理创新的理性思考") and lines[0].endswith("demo/paper-zh.txt")
    assert "37.1%  ✔ 10  ◐  3  ✘ 18" in result.stdout and "demo/zh-city-notice.txt" in result.stdout
    assert "policydiff explain " in result.stderr


def test_demo_writes_the_html_report(tmp_path):
    report = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["demo", "--format", "html", "-o", str(report)])
    assert result.exit_code == 0, result.output
    assert report.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert f"wrote the report to {report}" in result.stderr
