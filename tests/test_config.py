"""Configuration: discovery, validation (every error names the file, the key and what was expected), starter."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from policydiff import config
from policydiff.errors import ConfigError, UsageError
from policydiff.models import Options


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_discovery_walks_up_from_the_working_directory(tmp_path):
    found = write(tmp_path / "policydiff.toml", 'reference = "ref.txt"\n')
    deep = tmp_path / "a" / "b"
    deep.mkdir(parents=True)
    assert config.discover(deep) == found.resolve()
    assert config.discover(tmp_path) == found.resolve()


def test_pyproject_table_is_found_and_one_without_it_is_passed_over(tmp_path):
    outer = write(tmp_path / "pyproject.toml", '[tool.policydiff]\nreference = "ref.txt"\n')
    write(tmp_path / "inner" / "pyproject.toml", '[project]\nname = "x"\n')
    assert config.discover(tmp_path / "inner") == outer.resolve()
    cfg = config.find(start=tmp_path / "inner")
    assert cfg.reference == "ref.txt" and cfg.table == "tool.policydiff"
    assert cfg.root == str(tmp_path.resolve())


def test_policydiff_toml_wins_over_pyproject_in_the_same_folder(tmp_path):
    write(tmp_path / "pyproject.toml", '[tool.policydiff]\nreference = "from-pyproject.txt"\n')
    write(tmp_path / "policydiff.toml", 'reference = "from-toml.txt"\n')
    assert config.find(start=tmp_path).reference == "from-toml.txt"


def test_no_configuration_is_an_empty_one(tmp_path):
    cfg = config.find(start=tmp_path)
    assert cfg.path is None and cfg.reference is None and cfg.targets == () and cfg.waivers == ()


def test_every_key(tmp_path):
    path = write(tmp_path / "policydiff.toml", """
reference = "ref/paper.txt"
targets = ["drafts/*.md", "drafts/**/*.docx"]
format = "sarif"
fail-under = 55.5
required = ["3.1.*", "3.6.2"]
baseline = "ci/baseline.json"

[thresholds]
covered = 70
partial = 40

[[waivers]]
id = "2.3*"
reason = "in the IT plan"
expires = 2025-12-31

[[waivers]]
id = "3.4.1"
reason = "not for counties"
""")
    cfg = config.load(path)
    assert cfg.reference == "ref/paper.txt"
    assert cfg.targets == ("drafts/*.md", "drafts/**/*.docx")
    assert cfg.format == "sarif" and cfg.fail_under == 55.5 and cfg.required == ("3.1.*", "3.6.2")
    assert cfg.baseline == "ci/baseline.json"
    assert config.options(cfg) == Options(covered=70, partial=40)
    assert [(w.id, w.reason, w.expires) for w in cfg.waivers] == [
        ("2.3*", "in the IT plan", date(2025, 12, 31)), ("3.4.1", "not for counties", None)]
    assert cfg.waivers[0].key == "waivers[0]"


def test_command_line_thresholds_override_the_file(tmp_path):
    cfg = config.load(write(tmp_path / "policydiff.toml", "[thresholds]\ncovered = 70\npartial = 40\n"))
    assert config.options(cfg, covered=80) == Options(covered=80, partial=40)
    assert config.options(cfg, partial=20) == Options(covered=70, partial=20)
    with pytest.raises(UsageError, match=r"partial 75 \(--partial\) is above covered 70 \(thresholds.covered in"):
        config.options(cfg, partial=75)


@pytest.mark.parametrize(
    ("text", "key", "expected"),
    [
        ('refrence = "x"\n', "refrence", "did you mean 'reference'?"),
        ("reference = 3\n", "reference", "expected a non-empty string, got 3"),
        ('targets = "*.md"\ntargets2 = 1\n', "targets2", "one of the keys"),
        ("targets = [1, 2]\n", "targets", "expected an array of globs"),
        ('format = "pdf"\n', "format", "expected one of text, markdown, json, html, github, sarif, junit, gitlab, got \"pdf\""),
        ("fail-under = 120\n", "fail-under", "expected a number from 0 to 100, got 120"),
        ("fail-under = true\n", "fail-under", "expected a number from 0 to 100, got true"),
        ('required = "3.1.*"\nrequired_ = 1\n', "required_", "did you mean 'required'?"),
        ("required = [3]\n", "required", "expected an array of recommendation ids"),
        ("[thresholds]\ncovered = 50\npartial = 60\n", "thresholds.partial", "at most covered (50)"),
        ("[thresholds]\ncoverd = 50\n", "thresholds.coverd", "did you mean 'covered'?"),
        ("thresholds = 5\n", "thresholds", "expected a table"),
        ('[[waivers]]\nreason = "r"\n', "waivers[0].id", "expected the id"),
        ('[[waivers]]\nid = "1"\n', "waivers[0].reason", "expected why the gap is acceptable"),
        ('[[waivers]]\nid = "1"\nreason = ""\n', "waivers[0].reason", "expected a non-empty string"),
        ('[[waivers]]\nid = "1"\nreason = "r"\nexpires = "soon"\n', "waivers[0].expires", "a date like 2025-12-31"),
        ('[[waivers]]\nid = "1"\nreason = "r"\nexpires = 2025-01-01T10:00:00\n', "waivers[0].expires",
         "without a time"),
        ('[[waivers]]\nid = "1"\nreason = "r"\nuntil = 2025-01-01\n', "waivers[0].until", "did you mean"),
        ('waivers = "all"\n', "waivers", "expected an array of tables"),
        ('baseline = ""\n', "baseline", "expected a non-empty string"),
    ],
)
def test_errors_name_the_file_the_key_and_what_was_expected(tmp_path, text, key, expected):
    path = write(tmp_path / "policydiff.toml", text)
    with pytest.raises(ConfigError) as info:
        config.load(path)
    message = str(info.value)
    assert "policydiff.toml" in message
    assert info.value.key == key, message
    assert f": {key}: " in message
    assert expected in message


def test_errors_in_pyproject_name_the_full_key(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.policydiff]\nfail-under = -1\n")
    with pytest.raises(ConfigError, match=r"pyproject.toml: tool.policydiff.fail-under: expected a number"):
        config.load(path)


def test_invalid_toml_is_a_config_error(tmp_path):
    path = write(tmp_path / "policydiff.toml", "reference = \n")
    with pytest.raises(ConfigError, match=r"policydiff.toml: expected valid TOML: .*line 1"):
        config.load(path)


def test_explicit_file_that_does_not_exist(tmp_path):
    with pytest.raises(ConfigError, match="no such configuration file"):
        config.find(str(tmp_path / "nope.toml"))


def test_explicit_pyproject_without_the_table(tmp_path):
    path = write(tmp_path / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(ConfigError, match=r"expected a \[tool.policydiff\] table"):
        config.load(path)


def test_waiver_dates_may_be_strings(tmp_path):
    cfg = config.load(write(tmp_path / "policydiff.toml", '[[waivers]]\nid = "1"\nreason = "r"\nexpires = "2024-02-29"\n'))
    assert cfg.waivers[0].expires == date(2024, 2, 29)
    assert not cfg.waivers[0].expired(date(2024, 2, 29)) and cfg.waivers[0].expired(date(2024, 3, 1))


def test_targets_are_relative_to_the_file_and_leave_out_the_reference(tmp_path, monkeypatch):
    write(tmp_path / "policydiff.toml", 'reference = "ref.md"\ntargets = ["*.md", "drafts/**/*.md", "none/*.txt"]\n')
    for name in ("ref.md", "a.md", "drafts/b.md", "drafts/deep/c.md"):
        write(tmp_path / name, "x")
    sub = tmp_path / "drafts"
    monkeypatch.chdir(sub)
    cfg = config.find()
    found = config.expand_targets(cfg, cfg.resolve("ref.md"))
    assert {Path(p).resolve() for p in found.paths} == {
        (tmp_path / n).resolve() for n in ("a.md", "drafts/b.md", "drafts/deep/c.md")}
    assert "b.md" in found.paths  # below the working directory: relative to it
    assert found.unmatched == ("none/*.txt",)


def test_starter_config_is_valid_and_commented(tmp_path):
    text = config.starter("reference/paper.txt", ("drafts/*.md",))
    path = write(tmp_path / "policydiff.toml", text)
    cfg = config.load(path)
    assert cfg.reference == "reference/paper.txt" and cfg.targets == ("drafts/*.md",)
    assert config.options(cfg) == Options()
    for key in ("format", "fail-under", "required", "baseline", "[[waivers]]", "expires"):
        assert f"# {key}" in text, key
    # uncommenting the examples gives a valid configuration too
    uncommented = "\n".join(line[2:] if line.startswith("# ") and ("=" in line or line.startswith("# [[")) else line
                            for line in text.splitlines())
    cfg = config.load(write(tmp_path / "full" / "policydiff.toml", uncommented))
    assert cfg.fail_under == 60 and cfg.waivers[0].id == "3.6.*"


# --- a configuration cannot reach outside its project unless it says so ---------------------------


@pytest.fixture
def outside(tmp_path, monkeypatch):
    """A git project next to a folder that is not part of it (holding a reference and a 'secret')."""
    project = tmp_path / "project"
    (project / ".git").mkdir(parents=True)
    paper = (Path(__file__).resolve().parents[1] / "samples" / "paper-zh.txt").read_bytes()
    write(tmp_path / "elsewhere" / "ref.txt", "").write_bytes(paper)
    write(tmp_path / "elsewhere" / "secret.md", "# 机密\n\n一、要加强保密工作。\n")
    write(project / "ref.txt", "").write_bytes(paper)
    write(project / "drafts" / "plan.md", "# 方案\n\n一、要加强基层治理。\n")
    monkeypatch.chdir(project / "drafts")  # from anywhere inside the project
    return project


def _check(*args):
    from click.testing import CliRunner

    from policydiff.cli import cli

    return CliRunner().invoke(cli, ["check", "--format", "json", *args], catch_exceptions=False)


@pytest.mark.parametrize(("settings", "key"), [
    ('reference = "../elsewhere/ref.txt"\ntargets = ["drafts/*.md"]\n', "reference"),
    ('reference = "{root}/elsewhere/ref.txt"\ntargets = ["drafts/*.md"]\n', "reference"),
    ('reference = "ref.txt"\ntargets = ["../elsewhere/*.md"]\n', "targets"),
    ('reference = "ref.txt"\ntargets = ["{root}/elsewhere/*.md"]\n', "targets"),
    ('reference = "ref.txt"\ntargets = ["drafts/../../elsewhere/**/*.md"]\n', "targets"),
])
def test_paths_outside_the_project_are_refused(outside, settings, key):
    root = outside.parent.as_posix()
    write(outside / "policydiff.toml", settings.format(root=root))
    result = _check()
    assert result.exit_code == 2, result.stdout
    line = result.stderr.strip()
    assert line.startswith("policydiff: error: ") and f"/project/policydiff.toml: {key}: expected " in line
    assert "outside" in line and "allow-outside = true" in line
    assert "机密" not in result.stdout and result.stdout == ""


def test_a_link_that_points_out_of_the_project_is_refused(outside):
    (outside / "drafts" / "leak.md").symlink_to(outside.parent / "elsewhere" / "secret.md")
    write(outside / "policydiff.toml", 'reference = "ref.txt"\ntargets = ["drafts/*.md"]\n')
    result = _check()
    assert result.exit_code == 2
    assert "targets: expected a path inside the project" in result.stderr
    assert "drafts/*.md → leak.md" in result.stderr and "(it is a link to a file there)" in result.stderr
    assert "机密" not in result.stdout


def test_a_baseline_outside_the_project_is_refused(outside):
    from click.testing import CliRunner

    from policydiff.cli import cli

    write(outside / "policydiff.toml", 'reference = "ref.txt"\ntargets = ["drafts/*.md"]\n'
                                       'baseline = "../elsewhere/baseline.json"\n')
    result = CliRunner().invoke(cli, ["baseline", "write"], catch_exceptions=False)
    assert result.exit_code == 2 and "baseline: expected a path inside the project" in result.stderr
    assert not (outside.parent / "elsewhere" / "baseline.json").exists()


def test_allow_outside_opts_in(outside):
    (outside / "drafts" / "leak.md").symlink_to(outside.parent / "elsewhere" / "secret.md")
    write(outside / "policydiff.toml", 'allow-outside = true\nreference = "../elsewhere/ref.txt"\n'
                                       'targets = ["drafts/*.md", "../elsewhere/*.md"]\n')
    result = _check()
    assert result.exit_code == 0, result.stderr
    assert "机密" in result.stdout  # the user asked for it


def test_paths_given_on_the_command_line_are_the_users_own(outside):
    write(outside / "policydiff.toml", 'reference = "ref.txt"\ntargets = ["drafts/*.md"]\n')
    elsewhere = outside.parent / "elsewhere"
    result = _check("--reference", str(elsewhere / "ref.txt"), str(elsewhere / "secret.md"))
    assert result.exit_code == 0, result.stderr


def test_allow_outside_must_be_a_boolean(tmp_path):
    with pytest.raises(ConfigError, match=r"allow-outside: expected true or false, got \"yes\""):
        config.load(write(tmp_path / "policydiff.toml", 'allow-outside = "yes"\n'))


def test_a_configuration_in_a_subfolder_may_name_the_rest_of_its_project(outside):
    write(outside / "ci" / "strict.toml", 'reference = "../ref.txt"\ntargets = ["../drafts/*.md"]\n')
    result = _check("--config", str(outside / "ci" / "strict.toml"))
    assert result.exit_code == 0, result.stderr
