"""The read stage: a path or bytes → :class:`~policydiff.models.Text`.

The only part of policydiff that touches files. Formats: .txt .md (every physical line kept),
.html (main text), .docx (paragraphs and table rows), .pdf (paragraphs, headers/footers dropped);
``-`` is standard input. Every failure is an :class:`~policydiff.errors.InputError` naming the file.
"""

from __future__ import annotations

import hashlib
import os
import sys
from typing import BinaryIO

from ..errors import InputError
from ..models import Line, Text
from .sniff import FORMATS, check_signature, format_for_path, sniff_format, strong_format
from .text import read_text

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "declared_format", "format_for_path", "read_bytes", "read_loaded",
           "read_path"]

DEFAULT_MAX_BYTES = 64 * 1024 * 1024


def read_path(path: str, *, encoding: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Text:
    """Read the document at ``path`` (``'-'`` for standard input).

    The format comes from the extension (.txt .text .md .markdown .html .htm .docx .pdf); for stdin
    or another extension it is sniffed from the bytes, and content that is unmistakably PDF, .docx
    or HTML is read as such whatever the name says. ``encoding`` overrides detection for the text
    formats. Files over ``max_bytes`` are refused.

    The file is read once, into memory, and everything — the text, its ``sha256`` — comes from those
    bytes: a file that another program rewrites while it is read gives one consistent snapshot (the
    old content or the new, whichever was read), never a digest of one and the text of the other.
    """
    if path == "-":
        data = _read_stdin(max_bytes)
        return read_bytes(data, origin=path, encoding=encoding)
    return read_loaded(_read_file(path, max_bytes), path, encoding=encoding)


def declared_format(data: bytes, path: str) -> str | None:
    """The format a file is read as: what its bytes unmistakably are, else what its name says (None: sniff)."""
    return strong_format(data) or format_for_path(path)


def read_loaded(data: bytes, path: str, *, encoding: str | None = None) -> Text:
    """The bytes of the file at ``path``, already loaded, read exactly as :func:`read_path` reads that file."""
    return read_bytes(data, origin=path, format=declared_format(data, path), encoding=encoding)


def read_bytes(data: bytes, *, origin: str, format: str | None = None, encoding: str | None = None) -> Text:
    """Read a document held in memory; ``origin`` is the name used in the result and in errors.

    ``format`` is one of ``'txt' 'md' 'html' 'docx' 'pdf'`` or None to sniff it from the bytes.
    Returns a :class:`Text` or raises :class:`InputError` — never another exception.
    """
    if format is not None and format not in FORMATS:
        raise InputError(origin, f"unknown format {format!r} (choose from {', '.join(FORMATS)})")
    if not data:
        raise InputError(origin, "the file is empty")
    chosen = format or sniff_format(data, origin)
    check_signature(data, chosen, origin)
    try:
        lines, codec = _dispatch(data, chosen, origin, encoding)
    except RecursionError:
        raise InputError(origin, f"cannot read this {chosen} file: it is nested too deeply") from None
    if not any(line.text.strip() for line in lines):
        raise InputError(origin, _no_text(chosen, lines))
    digest = hashlib.sha256(data).hexdigest()
    return Text(lines=lines, origin=origin, format=chosen, encoding=codec, sha256=digest)


def _no_text(format: str, lines: tuple[Line, ...]) -> str:
    if format in ("txt", "md"):
        return "the document has no text (only whitespace)" if lines else "the file is empty"
    why = {
        "html": "nothing is left once scripts, navigation and page furniture are removed",
        "docx": "its paragraphs and tables are empty",
        "pdf": "nothing is left once running headers, footers and page numbers are removed",
    }
    return f"the document has no text ({why[format]})"


def _dispatch(
    data: bytes, format: str, origin: str, encoding: str | None
) -> tuple[tuple[Line, ...], str | None]:
    # each reader is imported when first needed: a .txt run never pays for the PDF machinery
    if format in ("txt", "md"):
        return read_text(data, origin=origin, encoding=encoding)
    if format == "html":
        from .html import read_html

        return read_html(data, origin=origin, encoding=encoding)
    if format == "docx":
        from .docx import read_docx

        return read_docx(data, origin=origin), None
    from .pdf import read_pdf

    return read_pdf(data, origin=origin), None


def _read_file(path: str, max_bytes: int) -> bytes:
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(path, _too_large(max_bytes, size))
            return _read_limited(handle, path, max_bytes)
    except FileNotFoundError:
        raise InputError(path, "no such file") from None
    except IsADirectoryError:
        raise InputError(path, "is a directory, not a file") from None
    except PermissionError:
        raise InputError(path, "permission denied") from None
    except OSError as error:
        raise InputError(path, f"cannot read it ({error.strerror or error})") from None


def _read_stdin(max_bytes: int) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("-", "standard input is not available")
    try:
        return _read_limited(stream, "-", max_bytes)
    except OSError as error:
        raise InputError("-", f"cannot read standard input ({error.strerror or error})") from None


def _read_limited(stream: BinaryIO, origin: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(origin, _too_large(max_bytes))
    return data


def _too_large(limit: int, size: int | None = None) -> str:
    advice = "use --max-size to raise it"
    if size is None:
        return f"the input is larger than the {_size(limit)} limit; {advice}"
    return f"the file is {_size(size)}, over the {_size(limit)} limit; {advice}"


def _size(count: int) -> str:
    """A byte count for people: '512 bytes', '1.5 KB', '64 MB'."""
    if count < 1024:
        return f"{count} bytes"
    value = float(count)
    units = ["KB", "MB", "GB", "TB"]
    value /= 1024
    while value >= 1024 and len(units) > 1:
        value /= 1024
        units.pop(0)
    return f"{value:.1f}".removesuffix(".0") + f" {units[0]}"
