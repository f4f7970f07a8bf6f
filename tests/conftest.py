"""Shared fixtures: paths, the `shared` marker and a helper that builds a Text from a string."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from policydiff.models import Line, Text

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLES = REPO / "samples"
PAPER = SAMPLES / "paper-zh.txt"

shared_only = pytest.mark.shared
"""``@shared_only`` (or ``@pytest.mark.shared``): the test needs ../shared and is skipped without it."""


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared: needs the ../shared directory (skipped when it is absent)")
    config.addinivalue_line("markers", "slow: takes minutes; skipped unless POLICYDIFF_SLOW=1")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not os.environ.get("POLICYDIFF_SLOW"):
        slow = pytest.mark.skip(reason="slow: set POLICYDIFF_SLOW=1 to run it")
        for item in items:
            if "slow" in item.keywords:
                item.add_marker(slow)
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason="../shared is absent (a user's clone has none)")
    for item in items:
        if "shared" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def shared() -> Path:
    """The ../shared directory; the test is skipped when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is absent (a user's clone has none)")
    return SHARED


def make_text(s: str, fmt: str = "txt", origin: str = "<test>") -> Text:
    """A :class:`Text` from a string: one Line per physical line, numbered from 1."""
    lines = tuple(Line(t, n) for n, t in enumerate(s.split("\n"), start=1))
    return Text(lines, origin, fmt, "utf-8", hashlib.sha256(s.encode("utf-8")).hexdigest())


def read_document(path: Path) -> str:
    """A .txt file's text with the standard library only: utf-8, else gb18030, else big5."""
    raw = path.read_bytes()
    for encoding in ("utf-8", "gb18030", "big5"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", errors="replace")


def load_text(path: Path) -> Text:
    """A file as a :class:`Text` (txt or md by its extension), read with the standard library."""
    return make_text(read_document(path), "md" if path.suffix == ".md" else "txt", origin=str(path))
