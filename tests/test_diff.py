"""`policydiff diff REFERENCE OLD NEW`: per recommendation old → new, per section the coverage change."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff import api
from policydiff.cli import cli
from policydiff.diff import diff

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ANSI = re.compile(r"\x1b")


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.exit_code, result.stdout[-2000:], result.stderr)
    return result


@pytest.fixture
def drafts(tmp_path, monkeypatch) -> Path:
    """v1: the county plan without its section on trades and premises; v2: the whole plan."""
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "paper.txt")
    full = (SAMPLES / "zh-county-plan.md").read_text(encoding="utf-8")
    start = full.index("### （四）规范行业场所管理")
    end = full.index("\n### ", start + 1)
    (tmp_path / "v1.md").write_text(full[:start] + full[end + 1 :], encoding="utf-8")
    (tmp_path / "v2.md").write_text(full, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_the_model_pairs_verdicts_by_unit(drafts):
    d = diff(api.load("paper.txt"), api.load("v1.md"), api.load("v2.md"))
    by_id = {u.unit.id: u for u in d.units}
    assert len(d.units) == 31
    assert (by_id["3.3.1"].old_status, by_id["3.3.1"].new_status, by_id["3.3.1"].change) == \
        ("missing", "covered", "improved")
    assert by_id["2.1b"].change == "unchanged"
    assert d.regressions == ()
    assert d.percent_change == round(d.new.percent - d.old.percent, 1) > 0
    section = next(s for s in d.sections if s.reference == "三(三)")
    assert section.coverage_change is not None and section.coverage_change > 0 and section.changed
    back = diff(api.load("paper.txt"), api.load("v2.md"), api.load("v1.md"))
    assert {u.unit.id for u in back.regressions} == {"3.3.1", "3.3.3"}
    assert back.count("worsened") == d.count("improved")


def test_text(drafts):
    out = run("diff", "paper.txt", "v1.md", "v2.md").stdout
    assert not ANSI.search(out)
    lines = out.splitlines()
    assert lines[1].startswith("Old") and "v1.md" in lines[1] and lines[2].startswith("New")
    assert re.search(r"Coverage\s+\d+\.\d% → 37\.1%  \(\+\d+\.\d points\)", out)
    assert "Sections — coverage old → new" in out
    assert re.search(r"三\(三\) 创新行业场所管理.*\s\d+%\s+83%\s+\+\d+\s", out)
    # each section's change is the difference of the values as shown (31% → 47% is +16, never +16.6)
    rows = re.findall(r"\s(\d+)%\s+(\d+)%\s+([+-]\d+|±0)\s", out)
    assert len(rows) >= 10
    assert all(int(new) - int(old) == (0 if change == "±0" else int(change)) for old, new, change in rows)
    assert re.search(r"✘ → ✔  3\.3\.1 .* improved", out)
    assert "changed of 31" in out and "2.1b" not in out.split("Recommendations")[1]
    assert "2.1b" in run("diff", "paper.txt", "v1.md", "v2.md", "--show", "all").stdout.split("Recommendations")[1]


def test_text_marks_regressions(drafts):
    out = run("diff", "paper.txt", "v2.md", "v1.md").stdout
    assert "(2 regressions)" in out
    assert re.search(r"✔ → ✘  3\.3\.1 .* regression", out)


def test_json(drafts):
    data = json.loads(run("diff", "paper.txt", "v2.md", "v1.md", "--format", "json").stdout)
    assert data["schema"] == "policydiff/diff@1"
    assert data["old"]["path"] == "v2.md" and data["new"]["path"] == "v1.md"
    assert data["summary"]["regressions"] == 2 and data["summary"]["percent_change"] < 0
    unit = next(u for u in data["units"] if u["id"] == "3.3.1")
    assert unit["old"]["status"] == "covered" and unit["new"]["status"] == "missing"
    assert unit["change"] == "worsened" and unit["regression"] is True
    assert len(data["units"]) == 31
    section = next(s for s in data["sections"] if s["reference"] == "三(三)")
    assert section["coverage_change"] < 0
    assert set(section) == {"reference", "title", "units", "old", "new", "coverage_change"}
    again = run("diff", "paper.txt", "v2.md", "v1.md", "--format", "json").stdout
    assert json.loads(again) == data


def test_markdown(drafts):
    out = run("diff", "paper.txt", "v1.md", "v2.md", "--format", "markdown").stdout
    assert out.startswith("# Changes in coverage of “基层公安机关推进社会管理创新的理性思考”")
    assert "| Old |" in out and "| New |" in out and "## Sections" in out and "## Recommendations" in out
    assert re.search(r"\| `3\.3\.1` \| 三\(三\) \| .* \| ✘ missing \| ✔ covered \| .* \| improved \|", out)
    out = run("diff", "paper.txt", "v2.md", "v1.md", "--format", "markdown").stdout
    assert "**regression**" in out


def test_same_draft_has_no_changes(drafts):
    out = run("diff", "paper.txt", "v2.md", "v2.md").stdout
    assert "none: every verdict is the same in both drafts" in out
    out = run("diff", "paper.txt", "v2.md", "v2.md", "--format", "markdown").stdout
    assert "None changed" in out


def test_errors(drafts):
    result = run("diff", "paper.txt", "v1.md", "nope.md", code=2)
    assert "nope.md" in result.stderr and result.stderr.count("\n") == 1
