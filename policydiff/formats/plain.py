"""The text views as plain text, without rich: what compare, explain and diff print when piped.

It draws the blocks of :mod:`policydiff.formats.view` the way :mod:`policydiff.formats.terminal` draws
them with rich and colour off, byte for byte (a test holds the two together), but imports nothing
beyond the standard library, so a piped ``policydiff compare`` starts without rich. Output has no
ANSI escape and no trailing space, and is the same on every machine: widths are counted with
:func:`unicodedata.east_asian_width` (a CJK character takes two columns) and the width is fixed
(100 columns unless told otherwise).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from ..models import Comparison
from .markdown import char_width, display_width
from .view import Block, Column, Line, Table, compare_view, diff_view, explain_view, plain_text

if TYPE_CHECKING:
    from ..diff import VersionDiff
    from ..gate import GateResult

WIDTH = 100
TAB = 8
RULE = "─"


def crop(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns and padded with spaces to exactly ``width``.

    A wide character that would straddle the edge is left out (its column becomes a space); marks
    and other zero-width characters stay with the character before them.
    """
    if width <= 0:
        return ""
    used = 0
    for i, ch in enumerate(text):
        w = char_width(ch)
        if used + w > width:
            return text[:i] + " " * (width - used)
        used += w
    return text + " " * (width - used)


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` columns, ending in '…' when it had to be cut."""
    return text if display_width(text) <= width else crop(text, width - 1) + "…"


def expand_tabs(text: str) -> str:
    """Each tab becomes one space and then spaces up to the next multiple of eight columns."""
    if "\t" not in text:
        return text
    out: list[str] = []
    used = 0
    for part in text.split("\t")[:-1]:
        used += display_width(part) + 1
        spaces = -used % TAB
        out.append(part + " " * (1 + spaces))
        used += spaces
    return "".join(out) + text.rsplit("\t", 1)[1]


def rows_of(text: Line | str) -> list[str]:
    """A line's or a cell's text, one string per row (a newline starts a row), tabs expanded."""
    joined = text if isinstance(text, str) else plain_text(text)
    return [expand_tabs(row) for row in joined.split("\n")]


# --------------------------------------------------------------------------------------------------
# tables


def _paddings(n: int) -> list[tuple[int, int]]:
    """One space each side of a cell, none at the table's outer edges."""
    return [(0 if i == 0 else 1, 0 if i == n - 1 else 1) for i in range(n)]


def _content_width(cell: Line | str) -> int:
    return max(display_width(row) for row in rows_of(cell))


def column_widths(table: Table, width: int) -> list[int]:
    """Each column's width, padding included: as wide as its widest cell, within its limits.

    When the columns do not fit, every column gives up an equal share of the excess.
    """
    n = len(table.columns)
    room = width - (n - 1)  # one rule column between two columns
    widths: list[int] = []
    for i, (col, (left, right)) in enumerate(zip(table.columns, _paddings(n), strict=True)):
        padding = left + right
        if room < 1:  # more columns than the page has room for: each gets one column, the lines are cut
            widths.append(1)
            continue
        if col.width is not None:
            widths.append(min(col.width + padding, room))
            continue
        cells: list[Line | str] = [col.header, *(row[i] for row in table.rows)]
        if table.footer:
            cells.append(col.footer)
        if room - padding < 1:
            most = room
        else:
            most = max(min(_content_width(c), room - padding) + padding for c in cells)
        if col.max_width is not None:
            most = min(most, col.max_width + padding)
        widths.append(most or 1)
    excess = sum(widths) - room
    if excess > 0:
        widths = _reduce(excess, widths)
    return widths


def _reduce(excess: int, widths: list[int]) -> list[int]:
    """Take ``excess`` columns from the non-empty ``widths`` in equal shares, rounded as they go."""
    out: list[int] = []
    left = excess
    sharing = sum(1 for w in widths if w)
    for w in widths:
        if not w:
            out.append(w)
            continue
        share = min(w, round(left / sharing))
        out.append(w - share)
        left -= share
        sharing -= 1
    return out


def _justified(text: str, width: int, justify: str) -> str:
    if justify == "left":
        return fit(text, width) + " " * max(0, width - display_width(text))
    text = fit(text.rstrip(), width)
    room = width - display_width(text)
    if justify == "center":
        return " " * (room // 2) + text + " " * (room - room // 2)
    return " " * room + text


def _drawn_cell(cell: Line | str, col: Column, width: int, padding: tuple[int, int]) -> list[str]:
    """The cell's rows, padded to the column's width (none in a column narrower than its padding)."""
    left, right = padding
    inner = width - left - right
    if inner <= 0:
        return []
    return [crop(" " * left + crop(_justified(row, inner, col.justify), inner) + " " * right, width)
            for row in rows_of(cell)]


def _row_lines(cells: Sequence[Line | str], table: Table, widths: list[int]) -> list[str]:
    paddings = _paddings(len(widths))
    drawn = [_drawn_cell(cell, col, w, p) for cell, col, w, p in zip(cells, table.columns, widths, paddings,
                                                                    strict=True)]
    height = max(1, *(len(d) for d in drawn))
    for d, w in zip(drawn, widths, strict=True):
        d += [" " * w] * (height - len(d))
    return [" ".join(d[k] for d in drawn) for k in range(height)]


def table_lines(table: Table, width: int) -> Iterator[str]:
    """The header, a rule under it, the rows, and the footer after a blank line."""
    widths = column_widths(table, width)
    yield from _row_lines([c.header for c in table.columns], table, widths)
    yield RULE * (sum(widths) + len(widths) - 1)
    for row in table.rows:
        yield from _row_lines(row, table, widths)
    if table.footer:
        yield ""
        yield from _row_lines([c.footer for c in table.columns], table, widths)


# --------------------------------------------------------------------------------------------------
# views


def render(blocks: Sequence[Block], width: int = WIDTH) -> str:
    """The blocks as text: every line cut with '…' at ``width`` columns, no trailing spaces."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):  # a table wider than the page (too many columns) is cut at its edge
            out.extend(crop(line, width) if display_width(line) > width else line
                       for line in table_lines(block, width))
        else:
            out.extend(fit(row, width) for row in rows_of(block))
    return "".join(line.rstrip() + "\n" for line in out)


def format_comparison(c: Comparison, *, show: str = "all", width: int = WIDTH, gate: GateResult | None = None) -> str:
    """The comparison for people: one target in detail, several as a recommendation × target matrix; with
    ``gate``, the rules of a check too."""
    return render(compare_view(c, show=show, width=width, gate=gate), width)


def format_explain(c: Comparison, unit_id: str, *, width: int = WIDTH) -> str:
    """Why one unit gets its verdict in the first target: clauses, passages, thresholds."""
    return render(explain_view(c, unit_id, width=width), width)


def format_diff(d: VersionDiff, *, show: str = "changes", width: int = WIDTH) -> str:
    """What the new draft gained and lost against the reference, compared with the old one."""
    return render(diff_view(d, show=show, width=width), width)
