"""What the text views of compare, explain and diff show, laid out for a width: no rich here.

A view is a list of blocks, each either a line — a tuple of pieces, a piece being text or ``(text,
style)`` with a rich style name — or a :class:`Table`. :mod:`policydiff.formats.plain` draws the
blocks as plain text without importing rich (what users see when the output is piped), and
:mod:`policydiff.formats.terminal` draws the same blocks with rich, in colour on a terminal. Both draw
a line on one row, cut with '…' when it is too long; long text is broken into lines here, so the two
renderers cannot wrap differently.

Conventions:

* status symbols ✔ covered, ◐ partial, ✘ missing (green, yellow, red in colour);
* a place in a document is ``§<section label> line <n>``, e.g. ``§三(四) line 57``;
* in ``explain``, the terms a passage shares with the recommendation are bold and underlined in colour;
  in plain text they are wrapped in 【…】 when they are Chinese and in ``**…**`` when they are Latin;
* first words are cut by display width (a CJK character counts two columns) and end in ``…``;
* long text wraps between words, or between any two CJK characters, and never inside a highlighted term.

Document text is stripped of control characters before it gets here (:func:`~.markdown.sanitize`),
so a document cannot send escape sequences to the user's terminal; rich never reads it as markup.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..models import Comparison, TargetResult, Verdict
from .markdown import (
    MATRIX_KEEPS,
    REVIEW,
    SYMBOL,
    WAIVED,
    alignment_of,
    blocks,
    body,
    check_show,
    clip,
    closest,
    decision,
    display_width,
    find_verdict,
    gist,
    is_cjk,
    judged_note,
    located,
    mark,
    matrix_rows,
    outside,
    percent,
    place,
    review_note,
    rounded_change,
    rule_line,
    rule_mark,
    rules_heading,
    sanitize,
    script_note,
    section_name,
    shared_words,
    short_names,
    shown,
    shown_path,
    term_list,
    term_spans,
    thresholds,
    to_review,
    waived_note,
    why,
)

if TYPE_CHECKING:
    from ..diff import VersionDiff
    from ..gate import GateResult

STYLE = {"covered": "green", "partial": "yellow", "missing": "red"}
HIGHLIGHT = "bold underline"
LABEL = 11
"""Width of the labels ('Reference', 'Target', ...) that open the header lines."""
MIN_TEXT = 20
"""Wrapped text gets at least this many columns, however deep its indent."""

Piece = str | tuple[str, str]
"""Text, or text and its rich style ('bold', 'green', 'dim', …)."""
Line = tuple[Piece, ...]
Justify = Literal["left", "center", "right"]


class Column(NamedTuple):
    """A table column; ``width`` fixes its width, ``max_width`` caps a width taken from the cells."""

    header: str
    justify: Justify = "left"
    width: int | None = None
    max_width: int | None = None
    footer: str = ""


class Table(NamedTuple):
    """Cells on one line each (a footer may hold two), clipped with '…'; a rule under the header.

    Header and footer are bold; columns are one space of padding and one space of rule apart.
    """

    columns: tuple[Column, ...]
    rows: tuple[tuple[Line, ...], ...]
    footer: bool = False


Block = Line | Table


def plain_text(pieces: Sequence[Piece]) -> str:
    return "".join(p if isinstance(p, str) else p[0] for p in pieces)


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def rpad(text: str, width: int) -> str:
    return " " * max(0, width - display_width(text)) + text


# --------------------------------------------------------------------------------------------------
# line breaking

_WIDE = (("\u2e80", "\u303f"), ("\u3400", "\u9fff"), ("\uf900", "\ufaff"), ("\uff00", "\uffef"))
"""CJK characters, punctuation and full-width forms, between which a line may break. Compared directly:
a regular expression over these ranges takes 1.6 ms to compile, a tenth of what drawing a view takes."""
_RUN = re.compile(r"(\s+)|\S+")
_NO_START = frozenset("，。、；：！？）》」』】〕〉”’,.;:!?)%…·")
_NO_END = frozenset("（《「『【〔〈“‘(")
Token = tuple[int, int, int]
"""start, end, display width"""


def _words(plain: str) -> Iterator[tuple[int, int]]:
    """Runs of space, single CJK characters and words (what is left between them)."""
    for m in _RUN.finditer(plain):
        s, e = m.span()
        if m.group(1):
            yield s, e
            continue
        for k in range(s, e):
            if any(lo <= plain[k] <= hi for lo, hi in _WIDE):
                if s < k:
                    yield s, k
                yield k, k + 1
                s = k + 1
        if s < e:
            yield s, e


def _tokens(plain: str, keep: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words, single CJK characters and runs of space; a ``keep`` range makes one token."""
    out: list[tuple[int, int]] = []
    ranges = iter(sorted(keep))
    current = next(ranges, None)
    for s, e in _words(plain):
        while current is not None and current[1] <= s:
            current = next(ranges, None)
        if current is not None and current[0] <= s and out and out[-1][0] >= current[0]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _measured(plain: str, keep: Sequence[tuple[int, int]], limit: int) -> list[Token]:
    """Tokens with their widths; a token wider than ``limit`` (a URL) is folded into pieces."""
    out: list[Token] = []
    for s, e in _tokens(plain, keep):
        w = display_width(plain[s:e])
        if w <= limit or plain[s:e].isspace():
            out.append((s, e, w))
            continue
        start, used = s, 0
        for k in range(s, e):
            cw = display_width(plain[k])
            if used + cw > limit:
                out.append((start, k, used))
                start, used = k, 0
            used += cw
        out.append((start, e, used))
    return out


def line_spans(plain: str, width: int, first: int | None = None,
               keep: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Where to break ``plain`` into lines of at most ``width`` columns (``first`` for the first line).

    Latin text breaks between words, CJK text between any two characters, except inside a ``keep``
    range (a highlighted term), before closing punctuation and after an opening bracket.
    """
    limit = width if first is None else first

    def blank(tok: Token) -> bool:
        return plain[tok[0] : tok[1]].isspace()

    lines: list[list[Token]] = []
    cur: list[Token] = []
    used = 0
    for tok in _measured(plain, keep, min(width, limit)):
        if blank(tok) and not cur:
            continue
        if blank(tok) or used + tok[2] <= limit or not cur:
            cur.append(tok)
            used += tok[2]
            continue
        carry: list[Token] = []
        if plain[tok[0]] in _NO_START and len(cur) > 1 and not blank(cur[-1]):
            carry.append(cur.pop())
        while cur and blank(cur[-1]):
            cur.pop()
        if len(cur) > 1 and plain[cur[-1][1] - 1] in _NO_END:
            carry.insert(0, cur.pop())
        if carry and display_width(plain[carry[0][0] : tok[1]]) > width:  # the rules cannot be kept here
            cur += carry
            carry = []
        lines.append(cur)
        limit = width
        cur = [*carry, tok]
        used = display_width(plain[cur[0][0] : tok[1]])
    while cur and blank(cur[-1]):
        cur.pop()
    lines.append(cur)
    return [(ln[0][0], ln[-1][1]) for ln in lines if ln]


def _slice(pieces: Sequence[Piece], starts: Sequence[int], start: int, end: int) -> list[Piece]:
    """The pieces between two offsets of their joined text, styles kept; ``starts``: each piece's offset.

    Only the pieces the range overlaps are looked at (a binary search finds the first): wrapping a long
    passage of many highlighted terms line by line stays linear.
    """
    out: list[Piece] = []
    for i in range(max(0, bisect_right(starts, start) - 1), len(pieces)):
        pos = starts[i]
        if pos >= end:
            break
        p = pieces[i]
        text, style = (p, "") if isinstance(p, str) else p
        s, e = max(start, pos), min(end, pos + len(text))
        if s < e:
            out.append((text[s - pos : e - pos], style) if style else text[s - pos : e - pos])
    return out


# --------------------------------------------------------------------------------------------------
# a view under construction


class Page:
    """The blocks of one view, added top to bottom, for a width and with or without colour."""

    def __init__(self, width: int, color: bool) -> None:
        self.width = width
        self.color = color
        self.blocks: list[Block] = []

    def line(self, *pieces: Piece) -> None:
        """One line, cut with '…' rather than wrapped if it is too long."""
        self.blocks.append(pieces)

    def blank(self) -> None:
        self.blocks.append(())

    def heading(self, title: str, note: str = "") -> None:
        """A blank line, then the title and its note, wrapped rather than cut on a narrow page."""
        self.blank()
        self.wrap([(title, "bold"), f" — {note}" if note else ""], 2, 0)

    def wrap(self, pieces: Sequence[Piece], indent: int, first: int | None = None,
             keep: Sequence[tuple[int, int]] = ()) -> None:
        """``pieces`` wrapped to the width, every line indented by ``indent`` (the first by ``first``).

        Highlighted terms and the ``keep`` ranges are not broken across lines. An indent that would
        leave fewer than :data:`MIN_TEXT` columns of the width is reduced to leave them.
        """
        deepest = max(0, self.width - MIN_TEXT)
        indent = min(indent, deepest)
        lead = indent if first is None else min(first, deepest)
        plain = plain_text(pieces)
        whole: list[tuple[int, int]] = list(keep)
        starts: list[int] = []
        pos = 0
        for p in pieces:
            text = p if isinstance(p, str) else p[0]
            if not isinstance(p, str) and p[1] == HIGHLIGHT:
                whole.append((pos, pos + len(text)))
            starts.append(pos)
            pos += len(text)
        spans = line_spans(plain, max(MIN_TEXT, self.width - indent), max(MIN_TEXT, self.width - lead), whole)
        for i, (start, end) in enumerate(spans):
            self.line(" " * (lead if i == 0 else indent), *_slice(pieces, starts, start, end))

    def table(self, table: Table) -> None:
        self.blocks.append(table)


def _status(v: Verdict) -> tuple[str, str]:
    return mark(v), STYLE[v.status or "missing"]


def _doc_line(page: Page, label: str, title: str, path: str) -> None:
    """'Target     <title>  <path>': the title is cut to fit, the path never (on a narrow page it goes on
    a line of its own)."""
    path = sanitize(shown_path(path))
    room = page.width - LABEL - 2 - display_width(path)
    if room >= 16:
        page.line((pad(label, LABEL), "bold"), (clip(title or "(untitled)", room), "bold"), "  ", (path, "dim"))
        return
    page.line((pad(label, LABEL), "bold"), (clip(title or "(untitled)", page.width - LABEL), "bold"))
    page.wrap([(path, "dim")], LABEL)


def _coverage_style(value: float, c: Comparison) -> str:
    if value >= c.options.covered:
        return STYLE["covered"]
    return STYLE["partial"] if value >= c.options.partial else STYLE["missing"]


# --------------------------------------------------------------------------------------------------
# compare: one target


def _header(page: Page, c: Comparison, t: TargetResult, gate: GateResult | None = None) -> None:
    ref = c.reference.document
    _doc_line(page, "Reference", ref.title, ref.path)
    _doc_line(page, "Target", t.document.title, t.document.path)
    # figures are never cut: on a narrow page these lines wrap, each count kept whole
    coverage: list[Piece] = [(pad("Coverage", LABEL), "bold"), (blocks(t.percent, 20), _coverage_style(t.percent, c)),
                             (f" {percent(t.percent)}", "bold"), ("  (a partial counts half)", "dim")]
    bar = len(plain_text(coverage[:3]))
    page.wrap(coverage, LABEL, 0, keep=[(0, bar)])
    counts: list[Piece] = []
    keep: list[tuple[int, int]] = []
    pos = 0
    for s in ("covered", "partial", "missing"):
        text = f"{SYMBOL[s]} {t.count(s)} {s}"
        counts += [(text, STYLE[s]), "   "]
        keep.append((pos, pos + len(text)))
        pos += len(text) + 3
    counts.append(f"of {t.judged} recommendations")
    keep.append((pos, pos + len(counts[-1])))
    page.wrap(counts, LABEL, keep=keep)
    if n := to_review(t):
        page.wrap([(f"{REVIEW} {n} to review", "bold " + STYLE["partial"]),
                   ("  (low confidence: lexical evidence cannot decide; --show review lists them)", "dim")], LABEL)
    if judged := judged_note(gate, t):
        value, rest = judged.split(" ", 1)
        page.wrap([(pad("Judged", LABEL), "bold"), (value, "bold"), f"  {rest}"], LABEL, 0)
    if note := script_note(c):
        page.line((pad("Script", LABEL), "bold"), sanitize(note))
    page.wrap([(pad("Thresholds", LABEL), "bold"), thresholds(c.options)], LABEL, 0)


def _rules(page: Page, c: Comparison, gate: GateResult) -> None:
    """Each rule of the check with its outcome; a rule that fails without failing the check (with a
    baseline) says so."""
    if not gate.rules:
        page.heading("Rules", "none set")
        return
    page.heading("Rules", rules_heading(gate))
    several = len(c.targets) > 1
    for r in gate.rules:
        symbol = rule_mark(r)  # (not `mark`: that is a verdict's symbol)
        style = "cyan" if symbol == WAIVED else STYLE["covered"] if r.passed else STYLE["missing"] if r.failing \
            else "dim"
        page.wrap([(symbol, style), " ", rule_line(r, gate, c, several)], 4, 2)


def _sections(page: Page, c: Comparison, t: TargetResult) -> None:
    page.heading("Sections", "where each reference section is in the target")
    if not t.sections:
        page.line("  none: the reference has no sections")
        return
    # scores and percentages are never cut: on a narrow page the bar gets shorter and the names give way
    cells = 8 if page.width >= 72 else 4
    room = page.width - (cells + 5) - 5 - 3 * 3  # the coverage and score columns; three gaps of pad, rule, pad
    ref_w = max(16 if cells == 8 else 8, room * 11 // 20)
    tgt_w = max(14 if cells == 8 else 6, room - ref_w)
    rows: list[tuple[Line, ...]] = []
    for a in t.sections:
        indent = "  " * a.reference_id.count(".")
        ref_name = indent + clip(section_name(a.reference, a.title), ref_w - len(indent))
        if a.units == 0:
            dash: Line = (("—", "dim"),)
            rows.append((((ref_name, "dim"),), (("(no recommendations)", "dim"),), dash, dash))
            continue
        if a.target is None:
            target: Line = (("— no counterpart", STYLE["missing"]),)
            score = "—"
        else:
            target, score = (clip(section_name(a.target, a.target_title or ""), tgt_w),), f"{a.score:.1f}"
        value = a.coverage or 0.0
        bar: Line = ((blocks(value, cells), _coverage_style(value, c)), f" {value:.0f}%")
        rows.append(((ref_name,), target, (score,), bar))
    page.table(Table((Column("Reference section", max_width=ref_w), Column("Target section", max_width=tgt_w),
                      Column("Align", justify="right"), Column("Coverage")), tuple(rows)))
    orphans = [a for a in t.sections if a.units and a.target is None]
    if orphans:
        names = "; ".join(section_name(a.reference, clip(a.title, 16)) for a in orphans)
        page.wrap([("No counterpart in the target: ", "bold"), names], 2)


def _where(v: Verdict) -> str:
    """Where the evidence (covered) or the closest passage (gaps) is, flagged when it moved."""
    if v.status == "covered":
        e = located(v)
        text = place(e) if e else "—"
    else:
        e = closest(v)
        text = f"closest {place(e)}" if e else "nothing close"
    return text + (" · moved" if v.moved else "")


def _recommendations(page: Page, t: TargetResult, show: str, gate: GateResult | None = None) -> None:
    rows = [v for v in t.verdicts if shown(v, show)]
    n = t.judged
    if show == "gaps":
        note = f"gaps: {len(rows)} of {n} ({t.count('missing')} missing, {t.count('partial')} partial)"
    elif show == "covered":
        note = f"covered: {len(rows)} of {n}"
    elif show == "review":
        note = f"to review: {len(rows)} of {n}"
    else:
        note = f"all {n}"
    page.heading("Recommendations", note)
    if not rows:
        page.line("  none" if show == "all" else f"  none (--show {show})")
        return
    id_w = max(display_width(v.unit.id) for v in rows) + (1 if any(v.confidence == "low" for v in rows) else 0)
    sec_w = max(display_width(v.section) for v in rows)
    wheres = [_where(v) for v in rows]
    where_w = max(display_width(w) for w in wheres)
    fixed = 2 + id_w + 2 + sec_w + 2 + 2 + 5
    text_at = 2 + id_w + 2 + sec_w + 2
    # a location is never cut: when it does not fit beside the first words, it goes on the next line
    below = page.width - fixed - 2 - where_w < 12
    words_w = max(8, min(48, page.width - fixed - (0 if below else 2 + where_w)))
    for v, where in zip(rows, wheres, strict=True):
        symbol, style = _status(v)
        page.line(
            (symbol, style), " ", (pad(v.unit.id, id_w - len(symbol) + 1), "bold"), "  ", (pad(v.section, sec_w), "cyan"),
            "  ", pad(gist(v.unit, words_w), words_w), "  ", (rpad(f"{v.score:.1f}", 5), style),
            *(() if below else ("  ", (where, "dim" if v.status == "covered" else ""))),
        )
        if below:
            page.wrap([(where, "dim" if v.status == "covered" else "")], text_at)
        if v.confidence == "low":
            page.wrap([(review_note(v), STYLE["partial"])], text_at)
        if waived := waived_note(gate, t, v):
            page.wrap([(waived, "cyan")], text_at)
        if v.status == "partial" and v.missing_clauses:
            line: list[Piece] = [("not found: ", STYLE["partial"])]
            items: list[tuple[int, int]] = []
            start = len("not found: ")
            for k, m in enumerate(v.missing_clauses):
                item = clip(m, 30) + (";" if k < len(v.missing_clauses) - 1 else "")
                line += [item, " "]
                items.append((start, start + len(item)))
                start += len(item) + 1
            page.wrap(line, text_at, keep=items)


def _additions(page: Page, t: TargetResult) -> None:
    if not t.additions:
        page.heading("Additions", "none: every target section has a counterpart in the reference")
        return
    page.heading("Additions", f"{len(t.additions)} target sections with no counterpart in the reference")
    label_w = max(display_width(a.section) for a in t.additions)
    line_w = max(len(str(a.line)) for a in t.additions) + 5
    title_w = min(24, max(display_width(clip(a.title, 24)) for a in t.additions))
    text_w = max(10, page.width - 2 - label_w - 2 - title_w - 2 - line_w - 2)
    for a in t.additions:
        page.line("  ", (pad(a.section, label_w), "bold"), "  ", pad(clip(a.title, title_w), title_w), "  ",
                  (pad(f"line {a.line}", line_w), "dim"), "  ", (clip(a.text, text_w), "dim"))


# --------------------------------------------------------------------------------------------------
# compare: several targets


def _matrix(page: Page, c: Comparison, show: str, gate: GateResult | None = None) -> None:
    ref = c.reference.document
    rows = matrix_rows(c, show)
    n = len(c.targets)
    id_w = max([display_width(v.unit.id) for v in rows] + [5])
    col_w = max(7, min(14, (page.width - id_w - 3 - 24) // n - 3))
    names = short_names(c, col_w)
    words_w = max(16, min(48, page.width - id_w - 3 - n * (col_w + 3)))

    _doc_line(page, "Reference", ref.title, ref.path)
    page.line((pad("Targets", LABEL), "bold"), f"{n} documents")
    name_w = max(display_width(name) for name in names)
    digits = len(str(total := c.targets[0].judged))
    path_w = max(display_width(sanitize(shown_path(t.document.path))) for t in c.targets)
    titles = [d.title or "(untitled)" for d in (t.document for t in c.targets)]
    summary_w = 6 + 2 + 3 * (2 + digits) + 2 * 2
    room = page.width - 2 - name_w - 2 - summary_w - 2 - path_w - 2
    below = room < 10  # a path is never cut: on a narrow page it goes on a line of its own
    if below:
        room = max(10, page.width - 2 - name_w - 2 - summary_w - 2)
    title_w = min(room, max(display_width(clip(title, room)) for title in titles))
    for name, t, title in zip(names, c.targets, titles, strict=True):
        counts = "  ".join(f"{SYMBOL[s]} {t.count(s):>{digits}}" for s in ("covered", "partial", "missing"))
        summary = f"{percent(t.percent):>6}  {counts}"
        path: Line = ((sanitize(shown_path(t.document.path)), "dim"),)
        page.line("  ", (pad(name, name_w), "bold"), "  ", (summary, _coverage_style(t.percent, c)), "  ",
                  pad(clip(title, title_w), title_w), *(() if below else ("  ", *path)))
        if below:
            page.wrap(path, 4 + name_w)
    if note := script_note(c):
        page.line((pad("Script", LABEL), "bold"), sanitize(note))
    page.wrap([(pad("Thresholds", LABEL), "bold"), thresholds(c.options), ("; a partial counts half", "dim")],
              LABEL, 0)
    if gate is not None:
        _rules(page, c, gate)

    page.heading("Recommendations", f"all {total}" if show == "all" else f"{len(rows)} of {total} {MATRIX_KEEPS[show]}")
    index = {v.unit.id: i for i, v in enumerate(c.targets[0].verdicts)}
    columns = [Column("Id", footer="Total", width=id_w),
               Column("Recommendation", footer="✔/◐/✘\ncoverage", width=words_w)]
    columns += [Column(name, justify="center", width=col_w,
                       footer=f"{t.count('covered')}/{t.count('partial')}/{t.count('missing')}\n{percent(t.percent)}")
                for name, t in zip(names, c.targets, strict=True)]
    table_rows = []
    for v in rows:
        i = index[v.unit.id]
        cells: list[Line] = [((v.unit.id, "bold"),), (gist(v.unit, words_w),)]
        cells += [(_cell(t, t.verdicts[i], gate),) for t in c.targets]
        table_rows.append(tuple(cells))
    page.table(Table(tuple(columns), tuple(table_rows), footer=True))
    if gate is not None and gate.waived:
        page.wrap([(WAIVED, "cyan"), " a waived gap (see Rules): the verdict stands, the rules do not count it"], 4, 2)


def _cell(t: TargetResult, v: Verdict, gate: GateResult | None) -> tuple[str, str]:
    """A matrix cell: the verdict's symbol, or ⊘ for a waived gap."""
    return (WAIVED, "cyan") if waived_note(gate, t, v) else _status(v)


def compare_view(c: Comparison, *, show: str = "all", width: int = 100, color: bool = False,
                 gate: GateResult | None = None) -> list[Block]:
    """The comparison for people: one target in detail, several as a recommendation × target matrix.

    With ``gate`` (what `policydiff check` shows) the rules and their outcome come after the header, the
    coverage the rules judge beside the raw one, and each waived gap says so, with its reason and expiry.
    """
    check_show(show)
    page = Page(width, color)
    if not c.targets:
        page.line("Nothing to compare: no target.")
    elif len(c.targets) == 1:
        t = c.targets[0]
        _header(page, c, t, gate)
        if gate is not None:
            _rules(page, c, gate)
        _sections(page, c, t)
        _recommendations(page, t, show, gate)
        _additions(page, t)
    else:
        _matrix(page, c, show, gate)
    return page.blocks


# --------------------------------------------------------------------------------------------------
# explain


def highlight(text: str, terms: Sequence[str], *, color: bool) -> list[Piece]:
    """``text`` on one line with the shared terms styled (plain text brackets them: 【CJK】, **Latin**)."""
    flat = " ".join(sanitize(text).split())
    out: list[Piece] = []
    pos = 0
    for s, e in term_spans(flat, terms):
        out.append(flat[pos:s])
        word = flat[s:e]
        out.append((word if color else (f"【{word}】" if is_cjk(word) else f"**{word}**"), HIGHLIGHT))
        pos = e
    out.append(flat[pos:])
    return out


def _clauses(page: Page, v: Verdict) -> None:
    page.heading("Clauses", f"{len(v.clauses)}, each judged on its best passage")
    num_w = len(str(len(v.clauses)))
    indent = 2 + num_w + 2 + 2
    seen: dict[tuple[int, str], int] = {}
    for i, cl in enumerate(v.clauses, 1):
        mark, style = ("✔ found", STYLE["covered"]) if cl.found else ("✘ not found", STYLE["missing"])
        page.wrap([f"{i:>{num_w}}. ", (mark, style), f" {cl.score:.1f}  ", " ".join(sanitize(cl.text).split())],
                  2 + num_w + 2, 2)
        e = cl.evidence
        if e is None:
            page.line(" " * indent, ("no target passage shares its terms", "dim"))
            continue
        elsewhere = outside(v, cl)  # the passage's score did not count: say why
        head: list[Piece] = [("→ " if cl.found else "→ closest ", "dim"), (place(e), "cyan"),
                             (f" ({e.score:.1f}{', ' + elsewhere if elsewhere else ''})", "dim")]
        key = (e.line, e.text)
        if key in seen:
            page.wrap([*head, (f", the passage shown for clause {seen[key]}", "dim")], indent)
            continue
        seen[key] = i
        page.wrap([*head, ": ", *highlight(e.text, e.shared, color=page.color)], indent)


def _evidence(page: Page, v: Verdict) -> None:
    if not v.evidence:
        page.heading("Evidence", "none: no passage carries the verdict")
        return
    n = len(v.evidence)
    page.heading("Evidence", "the passage that matches best" if n == 1 else f"the {n} passages that match best")
    for i, e in enumerate(v.evidence, 1):
        title = f" ({clip(e.section_title, 40)})" if e.section_title else ""
        page.wrap([f"{i}. ", (place(e), "cyan"), title, (f"  score {e.score:.1f}", "dim"), ("  shared: ", "dim"),
                   term_list(shared_words(e)) or "—"], 5, 2)
        page.wrap(highlight(e.text, e.shared, color=page.color), 5)


def explain_view(c: Comparison, unit_id: str, *, width: int = 100, color: bool = False) -> list[Block]:
    """Why one unit gets its verdict in the first target: clauses, passages, thresholds."""
    v = find_verdict(c, unit_id)
    t = c.targets[0]
    u = v.unit
    page = Page(width, color)
    ref_section = next((s for s in c.reference.document.walk() if s.id == u.section), None)
    title = ref_section.title if ref_section else ""
    where = "§" + section_name(v.section, title) if u.section else "front matter"
    room = page.width - 10 - display_width(u.id)
    page.line(("Explain ", "bold"), (u.id, "bold"), "  ", (clip(where, room), "cyan"))
    page.wrap([(f"{u.kind}, line {u.line} of {sanitize(shown_path(c.reference.document.path))}", "dim")], 0)
    _doc_line(page, "Target", t.document.title, t.document.path)
    page.blank()
    page.wrap([body(u)], 2)
    page.blank()
    if v.status is None:
        page.wrap([why(v, None)], 0)
        return page.blocks
    symbol, style = _status(v)
    page.line((pad("Verdict", LABEL), "bold"), (f"{symbol} {v.status}", f"bold {style}"),
              f"  {decision(v, c.options)}")
    if v.confidence == "low":
        page.wrap([(pad("Confidence", LABEL), "bold"), ("low", f"bold {STYLE['partial']}"), f" — {v.reason}: review it"],
                  LABEL)
    _clauses(page, v)
    _evidence(page, v)
    page.heading("Why")
    page.wrap([why(v, alignment_of(t, v))], 2)
    return page.blocks


# --------------------------------------------------------------------------------------------------
# diff: version to version


def _change_style(change: str, regression: bool) -> str:
    if regression:
        return "bold red"
    return {"improved": STYLE["covered"], "worsened": STYLE["missing"]}.get(change, "dim")


def _signed(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    return f"{value:+.1f}{unit}" if value else f"±0{unit}"


def diff_view(d: VersionDiff, *, show: str = "changes", width: int = 100, color: bool = False) -> list[Block]:
    """What the new draft gained and lost against the reference, compared with the old one."""
    from ..diff import changes

    rows = changes(d, show)
    page = Page(width, color)
    ref = d.reference.document
    _doc_line(page, "Reference", ref.title, ref.path)
    _doc_line(page, "Old", d.old.document.title, d.old.document.path)
    _doc_line(page, "New", d.new.document.title, d.new.document.path)
    old, new = d.old, d.new
    delta = d.percent_change
    page.line((pad("Coverage", LABEL), "bold"), f"{percent(old.percent)} → ", (percent(new.percent), "bold"),
              "  (", (f"{_signed(delta)} points", STYLE["covered"] if delta > 0 else STYLE["missing"] if delta < 0
                      else "dim"), ")")
    page.line(" " * LABEL, *(piece for s in ("covered", "partial", "missing") for piece in (
        (f"{SYMBOL[s]} {old.count(s)} → {new.count(s)}", STYLE[s]), "   ")), f"of {new.judged} recommendations")
    regressions = len(d.regressions)
    page.line((pad("Changes", LABEL), "bold"), (f"{d.count('improved')} improved", STYLE["covered"]), ", ",
              (f"{d.count('worsened')} worsened", STYLE["missing"]),
              (f" ({regressions} regression{'s' if regressions != 1 else ''})",
               "bold red" if regressions else "dim"),
              f", {d.count('unchanged')} unchanged")
    page.line((pad("Thresholds", LABEL), "bold"), thresholds(d.options))

    page.heading("Sections", "coverage old → new")
    sections = [s for s in d.sections if s.units]
    if not sections:
        page.line("  none: the reference has no sections with recommendations")
    else:
        name_w = max(16, min(44, page.width - 40))
        table_rows: list[tuple[Line, ...]] = []
        for s in sections:
            indent = "  " * s.depth
            name = indent + clip(section_name(s.reference, s.title), name_w - len(indent))
            change = rounded_change(s.old.coverage, s.new.coverage)  # in whole percent, as the values are shown
            style = STYLE["covered"] if change.startswith("+") else STYLE["missing"] if change.startswith("-") \
                else "dim"
            counterpart = clip(section_name(s.new.target, s.new.target_title or ""), 30) if s.new.target else "—"
            if s.old.target is not None and s.old.target != s.new.target:
                counterpart += f" (was {s.old.target or '—'})"
            table_rows.append((((name, "" if s.changed else "dim"),), (f"{s.old.coverage or 0:.0f}%",),
                               (f"{s.new.coverage or 0:.0f}%",),
                               ((change, style),),
                               ((counterpart, "dim"),)))
        page.table(Table((Column("Reference section", max_width=name_w), Column("Old", justify="right"),
                          Column("New", justify="right"), Column("Change", justify="right"),
                          Column("Counterpart", max_width=max(12, page.width - name_w - 30))), tuple(table_rows)))

    note = f"{len(rows)} changed of {len(d.units)}" if show == "changes" else f"all {len(d.units)}"
    page.heading("Recommendations", note)
    if not rows:
        page.line("  none: every verdict is the same in both drafts")
        return page.blocks
    id_w = max(display_width(u.unit.id) for u in rows)
    sec_w = max(display_width(u.section) for u in rows)
    words_w = max(20, min(48, page.width - (5 + 2 + id_w + 2 + sec_w + 2 + 2 + 14 + 14)))
    for u in rows:
        style = _change_style(u.change, u.regression)
        tag = " regression" if u.regression else f" {u.change}" if u.change != "unchanged" else ""
        page.line((SYMBOL[u.old_status], STYLE[u.old_status]), " → " if u.change != "unchanged" else " = ",
                  (SYMBOL[u.new_status], STYLE[u.new_status]), "  ", (pad(u.unit.id, id_w), "bold"), "  ",
                  (pad(u.section, sec_w), "cyan"), "  ", pad(gist(u.unit, words_w), words_w), "  ",
                  (f"{u.old.score:5.1f} → {u.new.score:5.1f}", "dim"), (tag, style))
    return page.blocks
