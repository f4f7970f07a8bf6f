"""The text views as plain text, without rich: what compare, explain and diff print when piped.

It draws the blocks of :mod:`policydiff.formats.view` the way :mod:`policydiff.formats.terminal` draws
them with rich and colour off, byte for byte (a test holds the two together), but imports nothing
beyond the standard library, so a piped ``policydiff compare`` starts without rich. Output has no
ANSI escape and no trailing space, and is the same on every machine: widths are counted with
:func:`unicodedata.east_asian_width` (a CJK character takes two columns) and the width is fixed
(100 columns unless told otherwise). A table's line is kept in the runs rich draws it in (a styled piece, a
cell's padding, the space between columns), so that a table wider than the page is cut where rich cuts it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
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


Span = tuple[int, int]


def expand_tabs(text: str) -> str:
    """Each tab becomes one space and then spaces up to the next multiple of eight columns."""
    return _expand_tabs(text, [])[0]


def _expand_tabs(text: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """:func:`expand_tabs` keeping the styled spans: a span over a tab takes its spaces, and is split after them
    (as rich splits it)."""
    if "\t" not in text:
        return text, spans
    out, out_spans = "", []
    used = 0
    for part, part_spans in _divide(text, spans, [i + 1 for i, ch in enumerate(text) if ch == "\t"]):
        if part.endswith("\t"):
            part = part[:-1] + " "
            used += display_width(part)
            spaces = -used % TAB
            part_spans = [(start, end + spaces if end == len(part) else end) for start, end in part_spans]
            part += " " * spaces
            used += spaces
        out_spans += [(start + len(out), end + len(out)) for start, end in part_spans]
        out += part
    return out, out_spans


def _divide(text: str, spans: list[Span], offsets: list[int]) -> list[tuple[str, list[Span]]]:
    """``text`` cut at ``offsets``, each piece with the parts of ``spans`` over it."""
    bounds = [0, *offsets, len(text)]
    return [(text[a:b], [(max(start, a) - a, min(end, b) - a) for start, end in spans if min(end, b) > max(start, a)])
            for a, b in pairwise(bounds)]


def _styled_rows(text: Line | str) -> list[tuple[str, list[Span]]]:
    """A line's or a cell's rows (a newline starts one), tabs expanded, each with the spans of its styled pieces."""
    joined, spans = "", []
    for piece in (text,) if isinstance(text, str) else text:
        part, style = (piece, "") if isinstance(piece, str) else piece
        if part and style:
            spans.append((len(joined), len(joined) + len(part)))
        joined += part
    newlines = [i for i, ch in enumerate(joined) if ch == "\n"]
    rows = _divide(joined, spans, [o for i in newlines for o in (i, i + 1)])[::2]
    return [_expand_tabs(row, row_spans) for row, row_spans in rows]


def rows_of(text: Line | str) -> list[str]:
    """A line's or a cell's text, one string per row (a newline starts a row), tabs expanded."""
    return [row for row, _ in _styled_rows(text)]


# --------------------------------------------------------------------------------------------------
# tables


def _paddings(n: int) -> list[tuple[int, int]]:
    """One space each side of a cell, none at the table's outer edges."""
    return [(0 if i == 0 else 1, 0 if i == n - 1 else 1) for i in range(n)]


def _content_width(cell: Line | str) -> int:
    """The widest row, measured as rich measures it: before tabs are expanded (a tab counts no column)."""
    return max(display_width(row) for row in (cell if isinstance(cell, str) else plain_text(cell)).split("\n"))


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


def _justified(row: str, spans: list[Span], width: int, justify: str) -> list[str]:
    """The row cut with '…' or padded to ``width`` columns, in runs as rich draws it: a styled piece is a run of
    its own, the spaces that justify it join the text beside them unless that is styled."""
    if justify != "left":
        row = row.rstrip()
    text = fit(row, width)
    room = width - display_width(text)
    left = 0 if justify == "left" else room if justify == "right" else room // 2
    kept = min(len(row), len(text))  # the spans end where the cut text does ('…' takes the style before it)
    cuts = {left + min(o, kept) for start, end in spans if start < kept for o in (start, end)}
    text = " " * left + text + " " * (room - left)
    return _runs(text, cuts)


def _runs(text: str, cuts: set[int]) -> list[str]:
    """``text`` cut at ``cuts`` into runs, none empty."""
    bounds = sorted({0, len(text), *cuts})
    return [text[a:b] for a, b in pairwise(bounds)]


def _drawn_cell(cell: Line | str, col: Column, width: int, padding: tuple[int, int]) -> list[list[str]]:
    """The cell's rows padded to the column's width, each in runs (none in a column narrower than its padding)."""
    left, right = padding
    inner = width - left - right
    if inner <= 0:
        return []
    return [[" " * left, *_justified(row, spans, inner, col.justify), " " * right] for row, spans in _styled_rows(cell)]


def _row_lines(cells: Sequence[Line | str], table: Table, widths: list[int]) -> list[list[str]]:
    paddings = _paddings(len(widths))
    drawn = [_drawn_cell(cell, col, w, p) for cell, col, w, p in zip(cells, table.columns, widths, paddings,
                                                                    strict=True)]
    height = max(1, *(len(d) for d in drawn))
    for d, w in zip(drawn, widths, strict=True):
        d += [[" " * w]] * (height - len(d))
    return [[run for i, d in enumerate(drawn) for run in ([" "] if i else []) + d[k]] for k in range(height)]


def table_lines(table: Table, width: int) -> Iterator[list[str]]:
    """The header, a rule under it, the rows, and the footer after a blank line; each line in runs."""
    widths = column_widths(table, width)
    yield from _row_lines([c.header for c in table.columns], table, widths)
    yield [RULE * (sum(widths) + len(widths) - 1)]
    for row in table.rows:
        yield from _row_lines(row, table, widths)
    if table.footer:
        yield []
        yield from _row_lines([c.footer for c in table.columns], table, widths)


def cut(runs: Sequence[str], width: int) -> str:
    """A line of runs cut at ``width`` columns the way rich cuts it: the run that reaches the edge is cropped and
    every run after it dropped — a zero-width mark that starts a run past the edge too, though it takes no column."""
    line = "".join(runs)
    if display_width(line) <= width:
        return line
    used = 0
    out: list[str] = []
    for run in runs:
        w = display_width(run)
        if used + w >= width:
            out.append(crop(run, width - used))
            break
        out.append(run)
        used += w
    return "".join(out)


# --------------------------------------------------------------------------------------------------
# views


def render(blocks: Sequence[Block], width: int = WIDTH) -> str:
    """The blocks as text: every line cut with '…' at ``width`` columns, no trailing spaces."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Table):  # a table wider than the page (too many columns) is cut at its edge
            out.extend(cut(runs, width) for runs in table_lines(block, width))
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
