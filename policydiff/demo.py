"""The samples shipped inside the package, for `policydiff demo`: a report in one command after ``pip install``.

The reference paper and two drafts of ``samples/`` are package data (``policydiff/samples/``, kept
byte-identical to ``samples/`` by a test); they are read from the installed package through
:mod:`importlib.resources`, so the demo works from a wheel, a zip or a checkout alike.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from .api import outline_text
from .models import Outline

REFERENCE = "paper-zh.txt"
TARGETS = ("zh-county-plan.md", "zh-city-notice.txt")
ORIGIN = "demo"
"""What the reports call the shipped folder: ``demo/paper-zh.txt``."""


def _load(name: str) -> Outline:
    from .read import read_loaded

    data = (resources.files("policydiff") / "samples" / name).read_bytes()
    return outline_text(read_loaded(data, f"{ORIGIN}/{name}"))


def documents() -> tuple[Outline, list[Outline]]:
    """The reference paper and the two drafts, read from the installed package."""
    return _load(REFERENCE), [_load(name) for name in TARGETS]


def folder() -> Path | None:
    """Where the shipped documents are on disk, when they are plain files (None inside a zip)."""
    root = resources.files("policydiff") / "samples"
    return Path(str(root)) if isinstance(root, Path) else None
