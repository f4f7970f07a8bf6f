"""The library's public entry points: the same objects the CLI prints."""

from __future__ import annotations

from dataclasses import replace

from .clean import clean
from .models import Document, Outline, Text
from .outline import outline
from .script import detect
from .units import units


def document_of(text: Text) -> Document:
    """clean → outline, with the script detected, for text already read (no units: a target needs none)."""
    cleaned = clean(text)
    return replace(outline(cleaned), script=detect(cleaned.content))


def outline_text(text: Text) -> Outline:
    """clean → outline → units for text already read."""
    document = document_of(text)
    return Outline(document, units(document))


def load(path: str, *, encoding: str | None = None, max_bytes: int | None = None) -> Outline:
    """Read the file at ``path`` ('-' for stdin) and return its outline with units."""
    from .read import read_path

    if max_bytes is None:
        return outline_text(read_path(path, encoding=encoding))
    return outline_text(read_path(path, encoding=encoding, max_bytes=max_bytes))
