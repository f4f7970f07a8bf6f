"""Fixtures for the scan tests: a small corpus folder, a user cache folder kept inside the test."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import SAMPLES, TARGETS


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with the sample drafts (one in a subfolder) and a hidden file."""
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for name in TARGETS[:-1]:
        shutil.copy(SAMPLES / name, root / name)
    shutil.copy(SAMPLES / TARGETS[-1], root / "sub" / TARGETS[-1])
    (root / ".hidden.md").write_text("# 隐藏\n\n要加强流动人口管理。\n", encoding="utf-8")
    return root


@pytest.fixture
def no_user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user cache folder moved into the test's temporary folder."""
    home = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home
