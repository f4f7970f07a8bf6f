"""Packaging for CI users: the pre-commit hook definition and the composite GitHub Action."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"


def hook() -> dict:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    return hooks[0]


def test_hook_definition_has_what_pre_commit_requires():
    h = hook()
    for key in ("id", "name", "entry", "language"):
        assert isinstance(h[key], str) and h[key], key
    assert h["id"] == "policydiff" and h["language"] == "python"
    assert h.get("pass_filenames", True) is True
    command = shlex.split(h["entry"])[0]
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert command in scripts  # pre-commit installs the package, which provides the command
    pattern = re.compile(h["files"])
    assert all(pattern.search(f) for f in ("a.md", "d/b.txt", "c.docx", "x.markdown"))
    assert not any(pattern.search(f) for f in ("a.py", "logo.png", "a.md.bak"))


def _command() -> list[str]:
    """The installed console script (what pre-commit runs), else the module."""
    script = Path(sys.executable).parent / "policydiff"
    if script.exists():
        return [str(script)]
    found = shutil.which("policydiff")
    return [found] if found else [sys.executable, "-m", "policydiff"]


def run_hook(project: Path, changed: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the hook as pre-commit does: entry + args + the changed files its `files` pattern matches."""
    h = hook()
    pattern = re.compile(h["files"])
    entry = shlex.split(h["entry"])
    argv = _command() + entry[1:] + list(h.get("args", [])) + [f for f in changed if pattern.search(f)]
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_STEP_SUMMARY"}
    return subprocess.run(argv, cwd=project, capture_output=True, text=True, encoding="utf-8", env=env, timeout=120)


@pytest.fixture
def project(tmp_path) -> Path:
    (tmp_path / "drafts").mkdir()
    shutil.copy(SAMPLES / "paper-zh.txt", tmp_path / "paper.txt")
    shutil.copy(SAMPLES / "zh-county-plan.md", tmp_path / "drafts" / "county.md")
    shutil.copy(SAMPLES / "zh-unrelated.md", tmp_path / "drafts" / "unrelated.md")
    (tmp_path / "README.md").write_text("# Our plans\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return tmp_path


def test_pre_commit_hook_runs_check_on_the_changed_drafts(project):
    (project / "policydiff.toml").write_text('reference = "paper.txt"\ntargets = ["drafts/*.md"]\nfail-under = 30\n',
                                             encoding="utf-8")
    ok = run_hook(project, ["drafts/county.md", "README.md", "logo.png"])
    assert ok.returncode == 0, ok.stderr
    assert "county.md" in ok.stdout and "unrelated.md" not in ok.stdout  # only the changed target
    assert "check passed: 1 target" in ok.stderr
    failing = run_hook(project, ["drafts/unrelated.md"])
    assert failing.returncode == 1
    assert "drafts/unrelated.md: coverage 0.0% is below 30%" in failing.stderr
    nothing = run_hook(project, ["README.md"])
    assert nothing.returncode == 0 and "nothing to check" in nothing.stderr
    everything = run_hook(project, ["paper.txt"])  # the reference changed: every target is checked
    assert everything.returncode == 1 and "county.md" in everything.stdout and "unrelated.md" in everything.stdout


def test_pre_commit_hook_reports_a_broken_config_with_exit_2(project):
    (project / "policydiff.toml").write_text('reference = "paper.txt"\ntargets = "drafts/*.md"\nfail-under = "x"\n',
                                             encoding="utf-8")
    result = run_hook(project, ["drafts/county.md"])
    assert result.returncode == 2
    assert result.stderr.strip() == ('policydiff: error: policydiff.toml: fail-under: expected a number from 0 to 100, '
                                     'got "x"')


def test_action_is_a_composite_action_that_runs_check():
    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["name"] and action["description"]
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    runs = [s for s in steps if "run" in s]
    assert all(s.get("shell") for s in runs)  # composite run steps must name their shell
    assert any("policydiff check" in s["run"] for s in runs)
    assert any("$GITHUB_ACTION_PATH" in s["run"] for s in runs)  # installs the pinned checkout of the action
    for s in runs:
        assert "${{" not in s["run"], "inputs go through env, never into the script (injection)"
    for name, spec in action["inputs"].items():
        assert spec.get("description"), name
