"""Plain text and Markdown: every physical line kept, numbered as in the source."""

from __future__ import annotations

from ..models import Line
from .encoding import decode
from .textutil import strip_controls


def split_lines(text: str) -> tuple[Line, ...]:
    """Split decoded text into numbered lines.

    CRLF and CR count as line breaks; trailing whitespace is stripped, leading indentation kept,
    blank lines kept (as ``Line("")``) so that numbers stay true to the source.
    """
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    pieces = text.split("\n")
    if pieces and pieces[-1] == "":
        pieces.pop()
    return tuple(Line(piece.rstrip(), number) for number, piece in enumerate(pieces, start=1))


def read_text(data: bytes, *, origin: str, encoding: str | None = None) -> tuple[tuple[Line, ...], str]:
    """Read .txt or .md bytes: returns the lines and the codec used to decode them.

    Markdown is not interpreted here: ``#`` headings stay in the text for the outline stage.
    """
    text, codec = decode(data, origin=origin, encoding=encoding)
    return split_lines(text), codec
