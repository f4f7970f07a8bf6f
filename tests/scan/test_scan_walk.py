"""Finding the documents: folders, globs, include/exclude, hidden files, links and loops."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policydiff.errors import UsageError
from policydiff.scan.walk import Found, Skipped, walk


def found(paths: list[str], **kw: tuple[str, ...]) -> list[str]:
    return [e.path for e in walk(paths, **kw) if isinstance(e, Found)]


def tree(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


def rel(paths: list[str], root: Path) -> list[str]:
    return [os.path.relpath(p, root) for p in paths]


@pytest.fixture
def files(tmp_path: Path) -> Path:
    return tree(tmp_path / "c", {
        "a.md": "x", "b.txt": "x", "c.docx": "x", "d.pdf": "x", "e.html": "x", "f.htm": "x",
        "notes.csv": "x", "image.png": "x", "README": "x",
        "sub/g.md": "x", "sub/deeper/h.txt": "x", "drafts/old.md": "x",
        ".hidden.md": "x", ".git/config.md": "x", "sub/.cache/i.md": "x",
    })


def test_a_folder_gives_its_supported_files_recursively_in_order(files: Path) -> None:
    assert rel(found([str(files)]), files) == [
        "a.md", "b.txt", "c.docx", "d.pdf", "e.html", "f.htm", "drafts/old.md", "sub/g.md", "sub/deeper/h.txt"]


def test_hidden_files_and_folders_are_skipped_unless_named(files: Path) -> None:
    everything = rel(found([str(files)]), files)
    assert not any(p.startswith(".") or "/." in p for p in everything)
    assert rel(found([str(files / ".hidden.md")]), files) == [".hidden.md"]


def test_include_replaces_the_extensions(files: Path) -> None:
    assert rel(found([str(files)], include=("*.csv", "README")), files) == ["README", "notes.csv"]


def test_exclude_drops_files_and_whole_folders(files: Path) -> None:
    assert rel(found([str(files)], exclude=("*.html", "*.htm", "sub")), files) == [
        "a.md", "b.txt", "c.docx", "d.pdf", "drafts/old.md"]
    assert "drafts/old.md" not in rel(found([str(files)], exclude=("drafts/*",)), files)


def test_globs_expand_and_a_glob_matching_nothing_is_an_error(files: Path) -> None:
    assert rel(found([str(files / "**" / "*.md")]), files) == ["a.md", "drafts/old.md", "sub/g.md"]
    assert rel(found([str(files / "*.txt")]), files) == ["b.txt"]
    with pytest.raises(UsageError, match="no file matches"):
        found([str(files / "*.xyz")])


def test_a_path_that_names_nothing_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="no such file or folder"):
        found([str(tmp_path / "missing")])


def test_a_named_file_is_read_whatever_its_extension(files: Path) -> None:
    assert rel(found([str(files / "notes.csv")]), files) == ["notes.csv"]


def test_the_same_file_twice_is_read_once(files: Path) -> None:
    (files / "link.md").symlink_to(files / "a.md")
    paths = rel(found([str(files / "a.md"), str(files), str(files / "sub" / "g.md")]), files)
    assert paths.count("a.md") == 1 and "link.md" not in paths and paths.count("sub/g.md") == 1


def test_symlink_loops_end(tmp_path: Path) -> None:
    root = tree(tmp_path / "loop", {"a/x.md": "x", "b/y.md": "x"})
    (root / "a" / "to_b").symlink_to(root / "b")
    (root / "b" / "to_a").symlink_to(root / "a")
    (root / "a" / "self").symlink_to(root / "a")
    (root / "up").symlink_to(root)
    assert sorted(rel(found([str(root)]), root)) == ["a/x.md", "b/y.md"]


def test_a_link_out_of_the_folder_is_followed_once(tmp_path: Path) -> None:
    outside = tree(tmp_path / "outside", {"z.md": "x"})
    root = tree(tmp_path / "r", {"a.md": "x"})
    (root / "ext").symlink_to(outside)
    (root / "ext2").symlink_to(outside)
    (outside / "back").symlink_to(root)
    assert rel(found([str(root)]), root) == ["a.md", "ext/z.md"]


def test_a_broken_link_is_listed_as_skipped(tmp_path: Path) -> None:
    root = tree(tmp_path / "b", {"ok.md": "x"})
    (root / "gone.md").symlink_to(root / "nowhere.md")
    (root / "gone-out.md").symlink_to(tmp_path / "nowhere.md")
    entries = list(walk([str(root)]))
    assert [e.path for e in entries if isinstance(e, Found)] == [str(root / "ok.md")]
    assert [(os.path.basename(e.path), e.reason) for e in entries if isinstance(e, Skipped)] == [
        ("gone-out.md", "broken symbolic link"), ("gone.md", "broken symbolic link")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder")
def test_an_unreadable_folder_is_listed_and_the_walk_goes_on(tmp_path: Path) -> None:
    root = tree(tmp_path / "p", {"ok.md": "x", "locked/secret.md": "x"})
    (root / "locked").chmod(0)
    try:
        entries = list(walk([str(root)]))
    finally:
        (root / "locked").chmod(0o755)
    assert [e.path for e in entries if isinstance(e, Found)] == [str(root / "ok.md")]
    assert [e.reason for e in entries if isinstance(e, Skipped)] == ["permission denied"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_in_a_folder_or_a_glob_is_skipped_not_opened(tmp_path: Path) -> None:
    """Opening a FIFO nobody writes to waits for ever: walking takes regular files only."""
    root = tree(tmp_path / "f", {"ok.md": "x"})
    os.mkfifo(root / "pipe.md")
    entries = list(walk([str(root), str(root / "*.md")]))
    assert [e.path for e in entries if isinstance(e, Found)] == [str(root / "ok.md")]
    assert [(os.path.basename(e.path), e.reason) for e in entries if isinstance(e, Skipped)] == [
        ("pipe.md", "not a regular file"), ("pipe.md", "not a regular file")]
