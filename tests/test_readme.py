"""The README cannot drift: its marked console examples are run on the samples and compared with what it shows.

A console block preceded by ``<!-- checked -->`` is checked (as sqlite-utils checks its docs): each
``$ policydiff …`` line is run with the CLI, from a copy of the project's ``samples/`` (so that a report
written with ``-o`` lands in a scratch folder), and its output must be the lines the README shows under
it. A line that is only ``…`` stands for any number of lines; ``| head -N``, ``2>/dev/null`` and
``> /dev/null`` are honoured. Also: the README's test command is the one ``.ci/run`` runs.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff.cli import cli

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"<!-- checked( with the configuration)? -->\n```console\n(.*?)```", re.S)
"""A checked block; 'with the configuration' runs it beside the policydiff.toml the README shows for `check`."""
HEAD = re.compile(r"\s*\|\s*head -(\d+)\s*$")
CONFIG = re.search(r"### `policydiff check`.*?```toml\n(.*?)```", README, re.S).group(1)  # type: ignore[union-attr]


def examples() -> list[tuple[str, bool, list[str], int | None]]:
    """(command line, whether it needs the configuration, the lines shown under it, the exit code `echo $?`
    shows after it) for every command of every checked block."""
    out: list[tuple[str, bool, list[str], int | None]] = []
    for configured, block in BLOCK.findall(README):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *shown = chunk.rstrip("\n").split("\n")
            if command == "echo $?":  # the exit code of the command before
                out[-1] = (*out[-1][:3], int(shown[0]))
            else:
                out.append((command, bool(configured), shown, None))
    return out


def matches(shown: list[str], actual: list[str]) -> bool:
    """Whether ``actual`` is ``shown`` with each line of only '…' (indented or not) standing for any number of lines."""
    if not shown:
        return not actual
    if shown[0].strip() == "…":
        return any(matches(shown[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0] == shown[0] and matches(shown[1:], actual[1:])


def run(command: str, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[list[str], int]:
    """What the shell would show: stdout, then stderr ('2>&1 >/dev/null' keeps only stderr)."""
    head = HEAD.search(command)
    line = HEAD.sub("", command).replace("2>&1", "")
    quiet_err, quiet_out = "2>/dev/null" in line, re.search(r"(?<!2)>\s*/dev/null", line) is not None
    line = line.replace("2>/dev/null", "").replace("> /dev/null", "").replace(">/dev/null", "")
    args = shlex.split(line)
    assert args[0] == "policydiff", command
    monkeypatch.chdir(folder)
    monkeypatch.delenv("COLUMNS", raising=False)
    result = CliRunner().invoke(cli, args[1:])
    text = ("" if quiet_out else result.stdout) + ("" if quiet_err else result.stderr)
    lines = text.splitlines()
    return (lines[: int(head.group(1))] if head else lines), result.exit_code


CHECKED = examples()


def test_the_readme_marks_its_console_examples():
    assert len(CHECKED) >= 6


@pytest.mark.parametrize(("command", "configured", "shown", "code"), CHECKED, ids=[c[0] for c in CHECKED])
def test_readme_example(command, configured, shown, code, tmp_path, monkeypatch):
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    if configured:
        (tmp_path / "policydiff.toml").write_text(CONFIG, encoding="utf-8")
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    actual, exit_code = run(command, tmp_path, monkeypatch)
    assert matches(shown, actual), "\n".join(["README shows:", *shown, "", "policydiff prints:", *actual])
    assert code is None or exit_code == code


def test_the_readme_test_command_is_what_ci_runs():
    block = README.split("Install with the test tools", 1)[1]
    command = re.search(r"```sh\n(.*?)\n```", block, re.S).group(1).strip()
    ci = [line.strip() for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()]
    assert command in ci


def test_the_json_sketch_names_every_key_compare_prints(tmp_path, monkeypatch):
    """The README's sketch of the comparison JSON names its schema and every key the real output has."""
    import json

    found = re.search(r'```json\n\{"schema": "(policydiff/comparison@\d+)"(.*?)```', README, re.S)
    assert found is not None
    schema, sketch = found.group(1), '{"schema"' + found.group(2)
    named = set(re.findall(r'"(\w+)"', sketch))
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    lines, _ = run("policydiff compare samples/paper-zh.txt samples/zh-county-plan.md --format json", tmp_path, monkeypatch)
    data = json.loads("\n".join(lines))
    assert data["schema"] == schema
    t = data["targets"][0]
    unit = next(u for u in t["units"] if u["evidence"])
    keys = {*data, *data["options"], *data["reference"], *t, *t["coverage"], *t["sections"][0], *unit,
            *unit["evidence"][0], *t["additions"][0]}
    assert keys <= named, sorted(keys - named)
