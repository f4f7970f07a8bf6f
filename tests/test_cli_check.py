"""`policydiff init`, `check` and `baseline write` as a user drives them, in git-less temporary folders.

Every test builds a project folder: ``reference/paper-zh.txt`` and ``drafts/`` with the county plan
(37 % covered) and the unrelated school-canteen plan (0 %), then runs the CLI from inside it.
"""

from __future__ import annotations

import json
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
ANSI = re.compile(r"\x1b")
CONFIG = """\
reference = "reference/paper-zh.txt"
targets = ["drafts/*.md"]
"""


def run(*args: str, code: int = 0):
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == code, (result.exit_code, result.stdout[-2000:], result.stderr)
    return result


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    (tmp_path / "reference").mkdir()
    (tmp_path / "drafts").mkdir()
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "reference" / "paper-zh.txt")
    shutil.copy(SAMPLES / "zh-county-plan.md", tmp_path / "drafts" / "county.md")
    shutil.copy(SAMPLES / "zh-unrelated.md", tmp_path / "drafts" / "unrelated.md")
    (tmp_path / "policydiff.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    return tmp_path


def configure(project: Path, extra: str) -> None:
    (project / "policydiff.toml").write_text(CONFIG + extra, encoding="utf-8")


def coverage(stdout: str) -> dict[str, float]:
    """Each target's coverage in `compare --format json`, or in the comparison `check --format json` embeds."""
    data = json.loads(stdout)
    data = data.get("comparison", data)
    return {Path(t["path"]).name: t["coverage"]["percent"] for t in data["targets"]}


def without_section(text: str, heading: str) -> str:
    """The county plan without one of its sections (to make covered recommendations regress)."""
    start = text.index(heading)
    end = text.index("\n### ", start + 1)
    return text[:start] + text[end + 1 :]


# --------------------------------------------------------------------------------------------------
# discovery and precedence


def test_check_runs_what_the_config_names(project):
    result = run("check", "--format", "json")
    assert coverage(result.stdout) == {"county.md": 37.1, "unrelated.md": 0.0}
    assert "check passed: 2 targets" in result.stderr


def test_config_is_found_walking_up_from_a_subfolder(project, monkeypatch):
    sub = project / "drafts" / "notes"
    sub.mkdir()
    monkeypatch.chdir(sub)
    assert coverage(run("check", "--format", "json").stdout) == {"county.md": 37.1, "unrelated.md": 0.0}


def test_pyproject_table_is_used(project):
    (project / "policydiff.toml").unlink()
    (project / "pyproject.toml").write_text('[project]\nname = "plans"\n\n[tool.policydiff]\n' + CONFIG
                                            + "fail-under = 10\n", encoding="utf-8")
    result = run("check", "--format", "json", code=1)
    assert "unrelated.md: coverage 0.0% is below 10% (fail-under in pyproject.toml)" in result.stderr


def test_explicit_config_overrides_discovery(project):
    other = project / "ci" / "strict.toml"
    other.parent.mkdir()
    other.write_text('reference = "../reference/paper-zh.txt"\ntargets = ["../drafts/county.md"]\n'
                     "fail-under = 90\n", encoding="utf-8")
    result = run("check", "--config", str(other), "--format", "json", code=1)
    assert list(coverage(result.stdout)) == ["county.md"]
    assert "below 90% (fail-under in ci" in result.stderr


def test_command_line_overrides_the_file(project):
    configure(project, 'fail-under = 50\nformat = "junit"\n[thresholds]\ncovered = 95\npartial = 90\n')
    strict = run("check", code=1)
    assert strict.stdout.startswith("<?xml")  # format from the file
    assert "below 50% (fail-under in policydiff.toml)" in strict.stderr
    relaxed = run("check", "--fail-under", "0", "--format", "json", "--covered", "60", "--partial", "35")
    assert coverage(relaxed.stdout) == {"county.md": 37.1, "unrelated.md": 0.0}
    by_file = run("check", "--fail-under", "0", "--format", "json")  # the file's thresholds: stricter verdicts
    assert coverage(by_file.stdout)["county.md"] < 37.1


def test_compare_uses_the_configured_thresholds(project):
    configure(project, "[thresholds]\ncovered = 95\npartial = 90\n")
    out = json.loads(run("compare", "reference/paper-zh.txt", "drafts/county.md", "--format", "json").stdout)
    assert (out["options"]["covered"], out["options"]["partial"]) == (95.0, 90.0)
    out = json.loads(run("compare", "reference/paper-zh.txt", "drafts/county.md", "--format", "json",
                         "--covered", "60", "--partial", "35").stdout)
    assert (out["options"]["covered"], out["options"]["partial"]) == (60.0, 35.0)


def test_files_on_the_command_line_replace_the_targets(project):
    assert list(coverage(run("check", "drafts/county.md", "--format", "json").stdout)) == ["county.md"]


def test_reference_on_the_command_line(project):
    (project / "policydiff.toml").write_text('targets = ["drafts/*.md"]\n', encoding="utf-8")
    result = run("check", code=2)
    assert "no reference document: set `reference` in policydiff.toml or pass --reference" in result.stderr
    run("check", "--reference", "reference/paper-zh.txt", "--format", "json")


def test_without_any_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("check", code=2)
    assert "policydiff init" in result.stderr
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "paper.txt")
    shutil.copy(SAMPLES / "zh-county-plan.md", tmp_path / "plan.md")
    result = run("check", "--reference", "paper.txt", "plan.md", "--fail-under", "30", "--format", "json")
    assert coverage(result.stdout) == {"plan.md": 37.1}


# --------------------------------------------------------------------------------------------------
# configuration errors: exit 2, one line naming the file and the key


@pytest.mark.parametrize(
    ("extra", "needle"),
    [
        ("fail-under = 'high'\n", "policydiff.toml: fail-under: expected a number from 0 to 100, got \"high\""),
        ("[thresholds]\ncovered = 30\npartial = 50\n", "policydiff.toml: thresholds.partial: expected a score at most"),
        ("falil-under = 3\n", "policydiff.toml: falil-under: expected one of the keys"),
        ('format = "html5"\n', "policydiff.toml: format: expected one of"),
        ("[[waivers]]\nid = '3.6.1'\n", "policydiff.toml: waivers[0].reason: expected why the gap is acceptable"),
        ("required = ['9.9.9']\n", "policydiff.toml: required: '9.9.9' matches no recommendation"),
        ("[[waivers]]\nid = '7.7'\nreason = 'typo'\n", "policydiff.toml: waivers[0].id: '7.7' matches no recommendation"),
        ("[[waivers]]\nid = '2.3.*'\nreason = 'r'\n", "did you mean '2.3*'?"),
        ("reference = 'twice'\n", "policydiff.toml: expected valid TOML"),
    ],
)
def test_config_errors_exit_2_with_one_line(project, extra, needle):
    configure(project, extra)
    result = run("check", code=2)
    assert needle in result.stderr
    assert result.stderr.startswith("policydiff: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and not result.stdout


def test_targets_that_match_nothing(project):
    (project / "policydiff.toml").write_text('reference = "reference/paper-zh.txt"\ntargets = ["drafts/*.docx"]\n',
                                             encoding="utf-8")
    result = run("check", code=2)
    assert "policydiff.toml: targets: expected globs that match at least one file" in result.stderr
    configure(project, 'targets = ["drafts/*.md", "old/*.md"]\n')  # duplicate key → invalid TOML
    (project / "policydiff.toml").write_text(CONFIG.replace('"drafts/*.md"', '"drafts/*.md", "old/*.md"'),
                                             encoding="utf-8")
    result = run("check", "--format", "json")
    assert "warning: policydiff.toml: targets: 'old/*.md' matches no file" in result.stderr


def test_thresholds_mixing_file_and_command_line(project):
    configure(project, "[thresholds]\ncovered = 50\n")
    result = run("check", "--partial", "55", code=2)
    assert "partial 55 (--partial) is above covered 50 (thresholds.covered in policydiff.toml)" in result.stderr


# --------------------------------------------------------------------------------------------------
# required recommendations and waivers (a fixed "today" via --today)


def test_required_missing_fails(project):
    configure(project, 'required = ["3.6.*"]\n')
    result = run("check", "--format", "json", code=1)
    assert "drafts/county.md: required recommendation 3.6.1 is missing" in result.stderr
    assert "drafts/unrelated.md: required recommendation 3.6.2 is missing" in result.stderr
    assert "check failed: 5 problems in 2 targets" in result.stderr
    # the command line replaces the file's list
    run("check", "--require", "3.3.1", "drafts/county.md", "--format", "json")


WAIVER = """required = ["3.6.*"]
[[waivers]]
id = "3.6.*"
reason = "Internet policing is in the cyber-security plan"
expires = 2025-06-30
"""


def test_waived_gaps_are_reported_not_failed(project):
    configure(project, WAIVER)
    result = run("check", "--today", "2025-06-30", "--format", "json")
    assert "note: drafts/county.md: 2 gaps (3.6.1, 3.6.3) are waived until 2025-06-30: Internet policing" in result.stderr
    assert "note: drafts/unrelated.md: 3 gaps (3.6.1, 3.6.2, 3.6.3) are waived" in result.stderr


def test_an_expired_waiver_fails(project):
    configure(project, WAIVER)
    result = run("check", "--today", "2025-07-01", "--format", "json", code=1)
    assert ("waiver for 3.6.* expired on 2025-06-30 (policydiff.toml: waivers[0]): close the gap, or extend or remove "
            "the waiver") in result.stderr
    assert "required recommendation 3.6.1 is missing" in result.stderr  # an expired waiver waives nothing


def test_an_expired_waiver_fails_even_when_the_gap_is_closed(project):
    configure(project, '[[waivers]]\nid = "3.3.1"\nreason = "r"\nexpires = 2024-01-01\n')
    result = run("check", "drafts/county.md", "--today", "2024-01-02", "--format", "json", code=1)
    assert "waiver for 3.3.1 expired on 2024-01-01" in result.stderr


def test_a_waiver_without_expiry_never_expires_and_an_unneeded_one_is_reported(project):
    configure(project, '[[waivers]]\nid = "3.6.*"\nreason = "r"\n[[waivers]]\nid = "3.3.1"\nreason = "old"\n')
    result = run("check", "drafts/county.md", "--require", "3.6.*", "--today", "2999-01-01", "--format", "json")
    assert "waiver for 3.3.1 (policydiff.toml: waivers[1]) is no longer needed: covered in every target" in result.stderr


def test_waived_gaps_do_not_count_against_fail_under(project):
    configure(project, "fail-under = 40\n")
    run("check", "drafts/county.md", "--format", "json", code=1)
    configure(project, 'fail-under = 40\n[[waivers]]\nid = "2.3*"\nreason = "IT plan"\n')
    result = run("check", "drafts/county.md", "--format", "json")
    assert "county.md: 5 gaps (2.3a, 2.3b, 2.3c, 2.3d, 2.3e) are waived" in result.stderr


RULES = """fail-under = 40
required = ["3.6.*"]
[[waivers]]
id = "2.3*"
reason = "IT plan"
expires = 2027-06-30
"""


def test_check_shows_waived_gaps_rules_and_the_judged_coverage(project):
    configure(project, RULES)
    text = run("check", "drafts/county.md", "--today", "2027-06-30", code=1).stdout
    assert "Coverage   ███████░░░░░░░░░░░░░ 37.1%" in text
    assert "Judged     44.2%  with the 5 waived gaps left out: the coverage the rules judge" in text
    assert "Rules — 1 of 3 fail" in text
    flat = " ".join(text.split())  # the rules wrap at the width
    assert "✔ coverage 44.2% without the waived gaps (37.1% counting them) meets 40% (fail-under in policydiff.toml)" \
        in flat
    assert "✘ required but missing: 3.6.1, 3.6.3 (policydiff.toml: required)" in flat
    assert "⊘ waiver 2.3* until 2027-06-30 (policydiff.toml: waivers[0]): IT plan — waives 2.3a, 2.3b, 2.3c, 2.3d, " \
        "2.3e" in flat
    row = text.index("✘ 2.3a ")
    assert text[row:].split("\n")[1].strip() == "⊘ waived until 2027-06-30: IT plan"
    assert text.count("⊘ waived until") == 5
    # several targets: the waived cells of the matrix are ⊘, with the legend
    matrix = run("check", "--today", "2027-06-30", code=1).stdout
    assert "drafts/unrelated.md: coverage 0.0% is below 40%" in " ".join(matrix.split())
    assert "⊘ a waived gap (see Rules)" in matrix
    assert [line.split()[-2:] for line in matrix.splitlines() if line.startswith("2.3")] == [["⊘", "⊘"]] * 5
    # once expired, the waiver is a failing rule and waives nothing
    expired = run("check", "drafts/county.md", "--today", "2027-07-01", code=1).stdout
    assert "✘ waiver 2.3* expired on 2027-06-30 (policydiff.toml: waivers[0]): IT plan — close the gap" \
        in " ".join(expired.split())
    assert "⊘" not in expired and "Judged" not in expired


def test_check_shows_the_review_rule_and_counts_its_verdicts_as_gaps(project):
    configure(project, 'fail-under = 30\nreview = "fail"\n[[waivers]]\nid = "2.3*"\nreason = "IT plan"\n')
    text = " ".join(run("check", "drafts/county.md", code=1).stdout.split())
    assert "Judged 28.8% with the 5 waived gaps left out and 4 low-confidence verdicts counted as gaps" in text
    assert "✘ low confidence, counted as gaps: 2.1b, 2.4b, 3.5.1, 3.6.2 (review in policydiff.toml)" in text
    assert "✘ coverage 28.8% with the waived gaps left out and the low-confidence verdicts counted as gaps (37.1% as " \
        "reported) is below 30%" in text
    rules = json.loads(run("check", "drafts/county.md", "--format", "json", code=1).stdout)["rules"]
    assert rules[0] == {"rule": "review", "target": "drafts/county.md", "passed": False, "failing": True,
                        "ids": ["2.1b", "2.4b", "3.5.1", "3.6.2"], "source": "review in policydiff.toml"}


def test_check_markdown_shows_the_rules_and_waived_gaps(project):
    configure(project, RULES)
    md = run("check", "drafts/county.md", "--today", "2027-06-30", "--format", "markdown", code=1).stdout
    assert "- Judged: 44.2% with the 5 waived gaps left out: the coverage the rules judge" in md
    assert "## Rules\n\n1 of 3 fail.\n\n- ✔ coverage 44.2% without the waived gaps (37.1% counting them) meets 40%" in md
    assert "- ✘ required but missing: 3.6.1, 3.6.3 (policydiff.toml: required)" in md
    assert "| ✘ missing (⊘ waived until 2027-06-30: IT plan) | `2.3a` |" in md
    matrix = run("check", "--today", "2027-06-30", "--format", "markdown", code=1).stdout
    assert "| `2.3a` | " in matrix and matrix.count("| ⊘ | ⊘ |") == 5


def test_check_html_shows_the_rules_and_waived_gaps(project):
    configure(project, 'required = ["3.6.*"]\n[[waivers]]\nid = "2.3*"\nreason = "IT <script>plan</script>"\n'
                       'expires = 2027-06-30\n')
    page = run("check", "drafts/county.md", "--today", "2027-06-30", "--format", "html", code=1).stdout
    assert '<div class="caption judged">Judged: <b>44.2%</b> with the 5 waived gaps left out' in page
    assert '<li class="fail"><b>✘</b> required but missing: 3.6.1, 3.6.3 (policydiff.toml: required)</li>' in page
    assert page.count('<div class="waived">⊘ waived until 2027-06-30: IT &lt;script&gt;plan&lt;/script&gt;</div>') == 5
    assert "<script>plan" not in page
    several = run("check", "--today", "2027-06-30", "--format", "html", code=1).stdout
    assert several.count("✘ ⊘ ") == 10  # the heat map: 2.3a–2.3e waived in both targets


def test_check_json_carries_the_rule_results(project):
    configure(project, RULES)
    out = run("check", "--today", "2027-06-30", "--format", "json", code=1).stdout
    data = json.loads(out)
    assert data["schema"] == "policydiff/check@1"
    assert (data["passed"], data["exit_code"]) == (False, 1)
    rules = {(r["rule"], r["target"]): r for r in data["rules"]}
    assert rules["fail-under", "drafts/county.md"] == {
        "rule": "fail-under", "target": "drafts/county.md", "passed": True, "failing": False, "ids": [],
        "source": "fail-under in policydiff.toml", "coverage": 44.2, "threshold": 40.0}
    assert rules["required", "drafts/county.md"]["ids"] == ["3.6.1", "3.6.3"]
    assert rules["required", "drafts/unrelated.md"]["failing"] is True
    assert rules["waiver", None] == {
        "rule": "waiver", "target": None, "passed": True, "failing": False,
        "ids": ["2.3a", "2.3b", "2.3c", "2.3d", "2.3e"], "source": "policydiff.toml: waivers[0]",
        "pattern": "2.3*", "reason": "IT plan", "expires": "2027-06-30"}
    county = data["targets"][0]
    assert (county["coverage"], county["judged_coverage"]) == (37.1, 44.2)
    assert [w["id"] for w in county["waived"]] == ["2.3a", "2.3b", "2.3c", "2.3d", "2.3e"]
    assert sum(f["failing"] for f in data["findings"]) == 6  # 2 + 3 required missing, unrelated.md below 40 %
    # the comparison is embedded unchanged: what `compare --format json` prints for the same documents
    compared = run("compare", "reference/paper-zh.txt", "drafts/county.md", "drafts/unrelated.md", "--format", "json").stdout
    assert data["comparison"] == json.loads(compared)


def test_today_must_be_a_date(project):
    result = run("check", "--today", "tomorrow", code=2)
    assert "--today" in result.stderr


# --------------------------------------------------------------------------------------------------
# baseline / ratchet


def test_baseline_write_is_deterministic_and_versioned(project):
    result = run("baseline", "write")
    assert "Wrote policydiff-baseline.json: 2 targets, 62 verdicts." in result.stdout
    first = (project / "policydiff-baseline.json").read_bytes()
    run("baseline", "write")
    assert (project / "policydiff-baseline.json").read_bytes() == first
    data = json.loads(first)
    assert data["schema"] == "policydiff/baseline@1"
    assert data["reference"]["path"] == "reference/paper-zh.txt"
    assert list(data["targets"]) == ["drafts/county.md", "drafts/unrelated.md"]
    county = data["targets"]["drafts/county.md"]
    assert county["coverage"] == {"covered": 10, "partial": 3, "missing": 18, "percent": 37.1}
    assert county["units"]["3.3.1"] == "covered" and len(county["units"]) == 31


def test_baseline_path_from_config_and_option(project):
    configure(project, 'baseline = "ci/verdicts.json"\n')
    run("baseline", "write")
    assert (project / "ci" / "verdicts.json").is_file()
    run("baseline", "write", "--output", "other.json")
    assert (project / "other.json").is_file()
    run("check", "--baseline", "--format", "json")
    run("check", "--baseline-file", "other.json", "--format", "json")


def test_regression_fails_only_what_was_covered(project):
    configure(project, 'fail-under = 90\nrequired = ["3.6.*"]\n')
    run("baseline", "write")
    # with a baseline, the old gaps (below fail-under, required missing) no longer fail the check
    quiet = run("check", "--baseline", "--format", "json")
    assert "not failing with a baseline" in quiet.stderr
    county = project / "drafts" / "county.md"
    county.write_text(without_section(county.read_text(encoding="utf-8"), "### （四）规范行业场所管理"),
                      encoding="utf-8")
    result = run("check", "--baseline", "--format", "json", code=1)
    assert "drafts/county.md: regression: 3.3.1 covered → missing" in result.stderr
    assert "drafts/county.md: regression: 3.3.3 covered → missing" in result.stderr
    assert "worsened: 3.4.3 partial → missing (not a regression: it was not covered)" in result.stderr
    assert "check failed: 2 problems" in result.stderr
    text = " ".join(run("check", "--baseline", "drafts/county.md", code=1).stdout.split())
    assert "✘ regressions against policydiff-baseline.json: 3.3.1, 3.3.3" in text
    assert "✘ required but missing: 3.6.1, 3.6.3 (policydiff.toml: required) — a note: with a baseline only " \
        "regressions fail" in text
    # without --baseline the absolute rules apply again
    run("check", "--format", "json", code=1)


def test_improvements_are_reported_and_pass(project):
    county = project / "drafts" / "county.md"
    original = county.read_text(encoding="utf-8")
    county.write_text(without_section(original, "### （四）规范行业场所管理"), encoding="utf-8")
    run("baseline", "write")
    county.write_text(original, encoding="utf-8")
    result = run("check", "--baseline", "--format", "json")
    assert "note: drafts/county.md: improved: 3.3.1 missing → covered (record it with `policydiff baseline write`)" \
        in result.stderr
    assert "check passed" in result.stderr


def test_a_waived_regression_does_not_fail(project):
    run("baseline", "write")
    configure(project, '[[waivers]]\nid = "3.3.*"\nreason = "being rewritten"\n')
    county = project / "drafts" / "county.md"
    county.write_text(without_section(county.read_text(encoding="utf-8"), "### （四）规范行业场所管理"),
                      encoding="utf-8")
    result = run("check", "--baseline", "--format", "json")
    assert "regression 3.3.1 covered → missing, waived: being rewritten" in result.stderr


def test_new_targets_and_a_changed_reference_are_noted(project):
    run("baseline", "write", "drafts/county.md")
    ref = project / "reference" / "paper-zh.txt"
    ref.write_text(ref.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run("check", "--baseline", "--format", "json")
    assert "drafts/unrelated.md: not in the baseline policydiff-baseline.json" in result.stderr
    assert "the reference changed since policydiff-baseline.json was written" in result.stderr


def test_missing_or_broken_baseline_exits_2(project):
    result = run("check", "--baseline", code=2)
    assert "policydiff-baseline.json: no baseline here: record one with `policydiff baseline write`" in result.stderr
    (project / "policydiff-baseline.json").write_text('{"schema": "other@9"}', encoding="utf-8")
    result = run("check", "--baseline", code=2)
    assert "policydiff-baseline.json: schema: expected 'policydiff/baseline@1', got 'other@9'" in result.stderr
    (project / "policydiff-baseline.json").write_text("{", encoding="utf-8")
    assert "not JSON" in run("check", "--baseline", code=2).stderr


# --------------------------------------------------------------------------------------------------
# what the pre-commit hook passes: changed files


def test_only_targets_keeps_the_configured_drafts(project):
    (project / "README.md").write_text("# Notes\n\nNothing to check.\n", encoding="utf-8")
    result = run("check", "--only-targets", "README.md", "drafts/county.md", "--format", "json")
    assert list(coverage(result.stdout)) == ["county.md"]
    result = run("check", "--only-targets", "README.md")
    assert "nothing to check: none of the files is a target" in result.stderr


def test_a_changed_reference_checks_every_target(project):
    result = run("check", "--only-targets", "reference/paper-zh.txt", "--format", "json")
    assert list(coverage(result.stdout)) == ["county.md", "unrelated.md"]


# --------------------------------------------------------------------------------------------------
# CI formats from check


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit", "gitlab", "json", "markdown", "text"])
def test_every_format_is_plain(project, fmt):
    configure(project, 'required = ["3.6.*"]\n')
    out = run("check", "--format", fmt, code=1).stdout
    assert not ANSI.search(out)
    if fmt in ("sarif", "gitlab", "json"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(out)


def test_ci_paths_are_relative_to_the_project(project, monkeypatch):
    sub = project / "drafts"
    monkeypatch.chdir(sub)
    out = json.loads(run("check", "--format", "sarif").stdout)
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in out["runs"][0]["results"]}
    assert uris == {"drafts/county.md", "drafts/unrelated.md"}


def test_github_format_writes_the_job_summary(project, monkeypatch):
    summary = project / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    configure(project, 'required = ["3.6.*"]\n')
    result = run("check", "--format", "github", code=1)
    assert result.stdout.startswith("policydiff: drafts/county.md: 37.1% covered")
    assert "::error file=drafts/county.md,line=40,title=policydiff%3A required 3.6.1 missing::" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n# Coverage of")  # appended, not overwritten
    assert "## Check" in text and "required recommendation 3.6.1 is missing" in text


def test_compare_has_the_ci_formats_too(project):
    out = run("compare", "reference/paper-zh.txt", "drafts/county.md", "--format", "gitlab").stdout
    assert json.loads(out)[0]["location"]["path"] == "drafts/county.md"


# --------------------------------------------------------------------------------------------------
# init


def test_init_writes_a_starter_config(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "--reference", "paper.txt", "--target", "drafts/*.md")
    assert result.stdout == "Wrote policydiff.toml. Run `policydiff check`.\n"  # both given: nothing to set
    text = (tmp_path / "policydiff.toml").read_text(encoding="utf-8")
    assert 'reference = "paper.txt"' in text and 'targets = ["drafts/*.md"]' in text
    assert text.count("\n# ") > 10  # commented
    result = run("init", code=2)
    assert "policydiff.toml exists already" in result.stderr
    assert run("init", "--force").stdout == "Wrote policydiff.toml. Set `reference` and `targets`, then run " \
        "`policydiff check`.\n"
    assert run("init", "--force", "--target", "d/*.md").stdout.startswith("Wrote policydiff.toml. Set `reference`, ")
    run("init", "--force")
    assert 'reference = "reference/policy.txt"' in (tmp_path / "policydiff.toml").read_text(encoding="utf-8")


def test_init_then_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "paper.txt")
    shutil.copy(SAMPLES / "zh-county-plan.md", tmp_path / "drafts" / "plan.md")
    run("init", "--reference", "paper.txt", "--target", "drafts/*.md")
    assert coverage(run("check", "--format", "json").stdout) == {"plan.md": 37.1}


def test_init_does_not_shadow_a_pyproject_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.policydiff]\nreference = "x"\n', encoding="utf-8")
    assert "already has a [tool.policydiff] table" in run("init", code=2).stderr


# --------------------------------------------------------------------------------------------------
# odd spellings


@pytest.mark.parametrize("value", ["", ",,,", " , "])
def test_a_require_naming_no_id_is_an_error(project, value):
    for command in (["check"], ["compare", "reference/paper-zh.txt", "drafts/county.md"]):
        assert "names no recommendation" in run(*command, "--require", value, code=2).stderr


def test_a_byte_order_mark_in_the_config_is_read(project):
    configure(project, "fail-under = 99\n")
    text = (project / "policydiff.toml").read_text(encoding="utf-8")
    (project / "policydiff.toml").write_text("\ufeff" + text, encoding="utf-8")
    assert "below 99" in run("check", code=1).stderr


def test_a_file_named_three_ways_is_checked_once(project):
    absolute = str(project / "drafts" / "county.md")
    result = run("check", "drafts/county.md", "./drafts/county.md", absolute, "--format", "json")
    assert [t["path"] for t in json.loads(result.stdout)["targets"]] == ["drafts/county.md"]
    assert "1 target," in result.stderr


@pytest.mark.parametrize("reference", ["../paper.txt", "ABSOLUTE"])
def test_init_with_a_reference_outside_the_project_writes_what_check_accepts(tmp_path, monkeypatch, reference):
    (tmp_path / "project" / "drafts").mkdir(parents=True)
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "paper.txt")
    shutil.copy(SAMPLES / "zh-county-plan.md", tmp_path / "project" / "drafts" / "plan.md")
    monkeypatch.chdir(tmp_path / "project")
    reference = str(tmp_path / "paper.txt") if reference == "ABSOLUTE" else reference
    assert "allow-outside = true" in run("init", "--reference", reference, "--target", "drafts/*.md").stdout
    assert coverage(run("check", "--format", "json").stdout) == {"plan.md": 37.1}


def test_init_inside_the_project_leaves_allow_outside_off(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "--reference", "paper.txt")
    assert "\n# allow-outside = false" in (tmp_path / "policydiff.toml").read_text(encoding="utf-8")
