"""The library's public entry points: the same objects the CLI prints."""

from __future__ import annotations

from dataclasses import replace

from .clean import clean
from .models import Outline, Text
from .outline import outline
from .script import detect
from .units import units


def outline_text(text: Text) -> Outline:
    """clean → outline → units for text already read."""
    cleaned = clean(text)
    document = replace(outline(cleaned), script=detect(cleaned.content))
    return Outline(document, units(document))


def load(path: str, *, encoding: str | None = None, max_bytes: int | None = None) -> Outline:
    """Read the file at ``path`` ('-' for stdin) and return its outline with units."""
    from .read import read_path

    if max_bytes is None:
        return outline_text(read_path(path, encoding=encoding))
    return outline_text(read_path(path, encoding=encoding, max_bytes=max_bytes))
