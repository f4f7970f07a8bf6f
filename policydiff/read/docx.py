"""Word .docx: paragraphs and table rows in document order, with the heading level of their style.

The zip is inspected before python-docx opens it, so that a zip bomb or a path-traversal archive is
refused without being decompressed. Line numbers are ordinals: every body paragraph (empty ones
included) and every table row counts one, so numbers stay stable when a paragraph is emptied.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..models import Line
from .sniff import ZIP_ERRORS, zip_kind
from .textutil import join_wrapped, strip_controls

MAX_ENTRIES = 10_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_RATIO = 200

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _TR, _TC = f"{_W}p", f"{_W}tbl", f"{_W}tr", f"{_W}tc"
_SDT, _SDT_CONTENT, _CUSTOM_XML = f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml"
_T, _TAB, _BR, _CR, _NO_BREAK_HYPHEN = f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen"
_VAL = f"{_W}val"
# Subtrees whose text is not the paragraph's own: text boxes (and the duplicate fallback copy of
# them), tracked deletions, properties.
_SKIP = frozenset((f"{_W}txbxContent", _MC_FALLBACK, f"{_W}del", f"{_W}moveFrom", f"{_W}pPr", f"{_W}rPr"))

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$")
_TITLE_NAMES = frozenset(("title", "标题"))


@dataclass(frozen=True)
class ZipLimits:
    """What an acceptable .docx archive looks like before it is decompressed."""

    max_entries: int = MAX_ENTRIES
    max_uncompressed: int = MAX_UNCOMPRESSED
    max_ratio: float = MAX_RATIO


def check_archive(data: bytes, *, origin: str, limits: ZipLimits = ZipLimits()) -> None:
    """Refuse a .docx that is not a sound, reasonably sized Word archive (zip bombs, ``..`` names)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except ZIP_ERRORS as error:
        raise InputError(origin, f"corrupt .docx ({error})") from None
    if len(infos) > limits.max_entries:
        raise InputError(origin, f"refused .docx: {len(infos)} zip entries (limit {limits.max_entries})")
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed:
        megabytes = total / 1024 / 1024
        raise InputError(origin, f"refused .docx: it expands to {megabytes:.0f} MB (a zip bomb?)")
    for info in infos:
        _check_entry(info, origin, limits)
    if "word/document.xml" not in {info.filename for info in infos}:
        raise InputError(origin, f"not a Word document (contents: {zip_kind(data)})")
    _check_no_doctype(data, infos, origin)


_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_MEMBER_ERRORS: tuple[type[Exception], ...] = (*ZIP_ERRORS, RuntimeError, zlib.error)
"""Reading a member: RuntimeError for an encrypted one, zlib.error for damaged deflate data."""


def _check_no_doctype(data: bytes, infos: list[zipfile.ZipInfo], origin: str) -> None:
    """Refuse XML parts that declare a DTD: Word never writes one, and entities are how XML attacks a reader
    (external entities that read local files, nested ones that expand a billion-fold). python-docx's parser
    resolves no entity either; this says so clearly instead of failing somewhere inside it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in infos:
            if not info.filename.endswith((".xml", ".rels")):
                continue
            try:
                with archive.open(info) as member:
                    head = member.read(4096)  # a DTD comes before the root element: at the top
            except _MEMBER_ERRORS as error:
                raise InputError(origin, f"corrupt .docx ({info.filename}: {error})") from None
            if _DOCTYPE.search(head):
                raise InputError(origin, f"refused .docx: {info.filename} declares XML entities (<!DOCTYPE …>), "
                                         "which Word never writes")


def _check_entry(info: zipfile.ZipInfo, origin: str, limits: ZipLimits) -> None:
    name = info.filename
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        raise InputError(origin, f"refused .docx: unsafe entry name {name!r}")
    if info.flag_bits & 0x1:
        raise InputError(origin, f"encrypted .docx: {name} needs a password; save an unprotected copy first")
    ratio = info.file_size / max(info.compress_size, 1)
    if ratio > limits.max_ratio:
        raise InputError(origin, f"refused .docx: entry {name!r} expands {ratio:.0f}-fold (a zip bomb?)")


def read_docx(data: bytes, *, origin: str) -> tuple[Line, ...]:
    """Read .docx bytes into lines: one per paragraph (with its heading level) and per table row."""
    check_archive(data, origin=origin)
    body, styles = _open(data, origin)
    levels = _style_levels(styles)
    lines: list[Line] = []
    number = 0
    for block in _body_blocks(body):
        rows = [block] if block.tag == _P else list(block.iterchildren(_TR))
        for row in rows:
            number += 1
            line = _paragraph_line(row, number, levels) if row.tag == _P else _row_line(row, number)
            if line is not None:
                lines.append(line)
    return tuple(lines)


def _open(data: bytes, origin: str) -> tuple[Any, Any]:
    """The body element and the styles element, via python-docx."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        styles = document.styles.element
    except Exception as error:  # python-docx, lxml and zipfile raise many types on damaged files
        raise InputError(origin, _open_error(error)) from None
    if body is None:
        raise InputError(origin, "corrupt .docx (the document has no body)")
    return body, styles


def _open_error(error: Exception) -> str:
    """What went wrong opening the document: a sound file past one of the XML parser's safety limits (lxml's
    message says only "try XML_PARSE_HUGE", an option of the parser, not of the file), else corruption."""
    message = str(error)
    if "XML_PARSE_HUGE" in message:
        if "Text node too long" in message:
            return ("refused .docx: a text run is over 10 MB, the XML parser's limit for one piece of text; "
                    "split it into paragraphs")
        if "depth" in message.lower():
            return "refused .docx: its XML nests elements more than 256 deep, the XML parser's limit"
        return f"refused .docx: its XML is past one of the XML parser's size limits ({message})"
    return f"corrupt .docx ({type(error).__name__}: {message})"


def _body_blocks(body: Any) -> Iterator[Any]:
    """Paragraphs and tables in document order, looking inside content controls and custom XML."""
    stack: list[Iterator[Any]] = [iter(body)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                stack.append(iter(content))
        elif child.tag == _CUSTOM_XML:
            stack.append(iter(child))


def _inline_text(element: Any) -> str:
    """The visible text of a paragraph: runs, hyperlinks, fields, insertions; not text boxes."""
    parts: list[str] = []
    stack: list[Iterator[Any]] = [iter(element)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append(" ")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        else:
            stack.append(iter(child))
    return "".join(parts)


def _clean(text: str) -> str:
    pieces = [piece.strip() for piece in strip_controls(text).split("\n")]
    joined = ""
    for piece in pieces:
        joined = join_wrapped(joined, piece) if joined else piece
    return joined.strip()


def _paragraph_line(paragraph: Any, number: int, levels: dict[str, int | None]) -> Line | None:
    text = _clean(_inline_text(paragraph))
    if not text:
        return None
    return Line(text, number, _paragraph_level(paragraph, levels))


def _row_line(row: Any, number: int) -> Line | None:
    cells: list[str] = []
    for cell in row.iterchildren(_TC):
        texts = [_clean(_inline_text(paragraph)) for paragraph in cell.iter(_P)]
        text = " ".join(text for text in texts if text)
        if text:
            cells.append(text)
    if not cells:
        return None
    return Line(" | ".join(cells), number)


# --- heading levels from styles ------------------------------------------------------------------


def _paragraph_level(paragraph: Any, levels: dict[str, int | None]) -> int | None:
    properties = paragraph.find(f"{_W}pPr")
    if properties is None:
        return levels.get("")
    outline = _outline_value(properties)
    if outline is not None:
        return _outline_to_level(outline)
    style = properties.find(f"{_W}pStyle")
    return levels.get(style.get(_VAL, "") if style is not None else "")


def _outline_value(properties: Any) -> int | None:
    """The raw ``w:outlineLvl`` (0–9) of paragraph properties, if set."""
    element = properties.find(f"{_W}outlineLvl")
    value = element.get(_VAL, "") if element is not None else ""
    return int(value) if value.isdigit() and int(value) <= 9 else None


def _outline_to_level(outline: int) -> int | None:
    """``w:outlineLvl`` 0–8 is heading level 1–9; 9 is body text."""
    return outline + 1 if outline < 9 else None


@dataclass(frozen=True)
class _Style:
    name: str
    outline: int | None
    based_on: str | None
    default: bool


def _style_levels(styles: Any) -> dict[str, int | None]:
    """Heading level of every paragraph style id ('' for the default paragraph style)."""
    table: dict[str, _Style] = {}
    default_id = ""
    for style in styles.iterchildren(f"{_W}style"):
        if style.get(f"{_W}type") != "paragraph":
            continue
        style_id = style.get(f"{_W}styleId", "")
        table[style_id] = _describe_style(style)
        if table[style_id].default:
            default_id = style_id
    levels = {style_id: _resolve_level(style_id, table) for style_id in table}
    levels[""] = levels.get(default_id)
    return levels


def _describe_style(style: Any) -> _Style:
    name_element = style.find(f"{_W}name")
    name = name_element.get(_VAL, "") if name_element is not None else ""
    properties = style.find(f"{_W}pPr")
    outline = _outline_value(properties) if properties is not None else None
    based = style.find(f"{_W}basedOn")
    based_on = based.get(_VAL) if based is not None else None
    default = style.get(f"{_W}default") in ("1", "true", "on")
    return _Style(name.strip().lower(), outline, based_on, default)


def _resolve_level(style_id: str, table: dict[str, _Style]) -> int | None:
    """Level from the style's name ('Heading 2', '标题 2', 'Title'), else its (inherited) outline level."""
    seen: set[str] = set()
    current: str | None = style_id
    while current is not None and current in table and current not in seen:
        seen.add(current)
        style = table[current]
        match = _HEADING_NAME.match(style.name)
        if match:
            return int(match.group(1))
        if style.name in _TITLE_NAMES:
            return 0
        if style.outline is not None:
            return _outline_to_level(style.outline)
        current = style.based_on
    return None
