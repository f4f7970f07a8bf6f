"""`policydiff watch`: the re-run step and the loop, without watchfiles; the error when it is missing."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff import api, watch
from policydiff.cli import cli
from policydiff.formats import terminal
from policydiff.models import Comparison, Options, Outline

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture
def files(tmp_path, monkeypatch) -> Path:
    shutil.copy(SAMPLES / "en-reference.md", tmp_path / "ref.md")
    shutil.copy(SAMPLES / "en-target.md", tmp_path / "draft.md")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def render(result: Comparison) -> str:
    return terminal.format_comparison(result, show="gaps", color=False, width=100)


class CountingLoader:
    def __init__(self) -> None:
        self.loaded: list[str] = []

    def __call__(self, path: str) -> Outline:
        self.loaded.append(path)
        return api.load(path)


def test_rerun_compares_again_and_reads_the_reference_only_when_it_changed(files):
    loader = CountingLoader()
    session = watch.Session("ref.md", "draft.md", options=Options(), render=render, load=loader)
    first = session.rerun()
    assert first.ok and "Recommendations" in first.text
    assert loader.loaded == ["ref.md", "draft.md"]
    session.rerun(["draft.md"])
    assert loader.loaded[2:] == ["draft.md"]  # the reference's outline is kept
    session.rerun([str(files / "ref.md")])
    assert loader.loaded[3:] == ["ref.md", "draft.md"]


def test_rerun_shows_the_new_verdicts(files):
    session = watch.Session("ref.md", "draft.md", options=Options(), render=render)
    before = session.rerun().text
    (files / "draft.md").write_text("# Draft\n\n## Nothing\n\nWe will think about it.\n", encoding="utf-8")
    after = session.rerun(["draft.md"]).text
    assert before != after and "0.0%" in after


def test_a_half_written_draft_does_not_end_the_watch(files):
    session = watch.Session("ref.md", "draft.md", options=Options(), render=render)
    (files / "draft.md").write_bytes(b"")
    frame = session.rerun(["draft.md"])
    assert not frame.ok and "draft.md" in frame.text and "empty" in frame.text and "Waiting" in frame.text
    shutil.copy(SAMPLES / "en-target.md", files / "draft.md")
    assert session.rerun(["draft.md"]).ok


def test_loop_redraws_for_changes_to_the_watched_files_only(files):
    session = watch.Session("ref.md", "draft.md", options=Options(), render=render)
    frames: list[watch.Frame] = []
    batches = [
        {(2, str(files / "draft.md"))},
        {(2, str(files / "other.txt"))},  # not ours: no redraw
        {(1, str(files / "ref.md")), (2, str(files / "draft.md"))},
    ]
    assert watch.loop(session, batches, frames.append) == 3
    assert len(frames) == 3 and all(f.ok for f in frames)
    assert session.runs == 3


def test_missing_watchfiles_is_a_clear_error(files, monkeypatch):
    monkeypatch.setitem(sys.modules, "watchfiles", None)  # import fails as if it were not installed
    with pytest.raises(watch.UsageError, match=r"pip install 'policydiff\[watch\]'"):
        watch.watch_changes(["draft.md"])
    result = CliRunner().invoke(cli, ["watch", "ref.md", "draft.md"])
    assert result.exit_code == 2
    assert result.stderr == f"policydiff: error: {watch.INSTALL_HINT}\n"
    assert result.stdout == ""


def test_watch_command_draws_frames(files, monkeypatch):
    """The command with watchfiles replaced by a fixed list of changes."""
    batches = [{(2, str(files / "draft.md"))}]
    monkeypatch.setattr(watch, "watch_changes", lambda paths: iter(batches))
    result = CliRunner().invoke(cli, ["watch", "ref.md", "draft.md"], catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.count("Recommendations — gaps") == 2
    assert "\x1b" not in result.stdout  # not a terminal: no clearing, no colour
    assert result.stderr.count("watching draft.md and ref.md — Ctrl+C to stop") == 2


def test_ctrl_c_ends_a_watch_with_one_line_and_exit_130(files, monkeypatch):
    """watchfiles, left to catch Ctrl-C itself, logged a message of its own and the watch exited 0."""
    import types

    logged = []

    def fake_watch(*paths, watch_filter=None, raise_interrupt=True):  # watchfiles.watch's contract
        if raise_interrupt:
            raise KeyboardInterrupt
        logged.append("KeyboardInterrupt caught, stopping watch")
        yield from ()

    monkeypatch.setitem(sys.modules, "watchfiles", types.SimpleNamespace(watch=fake_watch))
    result = CliRunner().invoke(cli, ["watch", "ref.md", "draft.md"], catch_exceptions=False)
    assert (result.exit_code, logged) == (130, [])
    assert result.stderr.endswith("— Ctrl+C to stop\npolicydiff: interrupted\n")
    assert result.stderr.count("policydiff:") == 1
