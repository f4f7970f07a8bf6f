"""The terminal view (rich): the only module besides the CLI's progress adaptor that imports rich.

``color=False`` gives plain text: no ANSI escape at all, no trailing spaces, the same bytes on every
machine (it is what users see when piped and what the golden files hold). Conventions of both modes:

* status symbols ✔ covered, ◐ partial, ✘ missing (green, yellow, red in colour);
* a place in a document is ``§<section label> line <n>``, e.g. ``§三(四) line 57``;
* in ``explain``, the terms a passage shares with the recommendation are bold and underlined in colour;
  in plain text they are wrapped in 【…】 when they are Chinese and in ``**…**`` when they are Latin;
* first words are cut by display width (a CJK character counts two columns) and end in ``…``;
* long text wraps between words, or between any two CJK characters, and never inside a highlighted term.

Document text is stripped of control characters before it reaches the console, so a document cannot
send escape sequences to the user's terminal; it is never read as rich markup either.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import IO, Literal

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..diff import VersionDiff
from ..diff import changes as diff_changes
from ..models import Comparison, Outline, Section, TargetResult, Unit, Verdict
from .markdown import (
    SYMBOL,
    alignment_of,
    blocks,
    body,
    check_show,
    clip,
    closest,
    decision,
    find_verdict,
    first_words,
    gist,
    is_cjk,
    located,
    matrix_rows,
    percent,
    place,
    sanitize,
    script_note,
    section_name,
    shared_words,
    short_names,
    shown,
    term_list,
    term_spans,
    thresholds,
    why,
)

STYLE = {"covered": "green", "partial": "yellow", "missing": "red"}
HIGHLIGHT = "bold underline"
LABEL = 11
"""Width of the labels ('Reference', 'Target', ...) that open the header lines."""
Piece = str | tuple[str, str]


def make_console(file: IO[str] | None = None, *, color: bool, width: int | None = None) -> Console:
    """A console that writes to ``file`` (a fresh buffer by default), in colour or strictly plain.

    Nothing about the user's terminal leaks into plain output: the buffer has no encoding to
    downgrade box characters, and colour is off whatever the environment says. Asked for colour where
    the environment offers none (TERM=dumb), it uses the 16 standard colours.
    """
    out = file if file is not None else io.StringIO()

    def console(color_system: Literal["auto", "standard"] | None) -> Console:
        return Console(file=out, force_terminal=color, no_color=not color, color_system=color_system,
                       width=width, highlight=False, soft_wrap=False, emoji=False, legacy_windows=False)

    if not color:
        return console(None)
    made = console("auto")
    return made if made.color_system is not None else console("standard")


def _render(console: Console, *renderables: RenderableType) -> str:
    for r in renderables:
        console.print(r)
    file = console.file
    out = file.getvalue() if isinstance(file, io.StringIO) else ""
    if not console.is_terminal:
        out = "\n".join(line.rstrip() for line in out.split("\n"))
    return out


# --------------------------------------------------------------------------------------------------
# outline


def _add_unit(tree: Tree, u: Unit) -> None:
    style = "green" if u.kind == "recommendation" else "dim"
    kind = "rec" if u.kind == "recommendation" else "ctx"
    tree.add(f"[{style}]{escape(u.id)}[/] [{style}]{kind}[/] {escape(first_words(u.text, 36))}")


def _add_section(tree: Tree, s: Section, outline: Outline) -> None:
    node = tree.add(f"[bold]{escape(s.label)}[/] {escape(s.title)} [dim](§{s.id}, line {s.line})[/]")
    for u in outline.units_of(s.id):
        _add_unit(node, u)
    for child in s.sections:
        _add_section(node, child, outline)


def format_outline(outline: Outline, *, color: bool = False, width: int | None = 100) -> str:
    d = outline.document
    recs = sum(1 for u in outline.units if u.kind == "recommendation")
    enc = f", {d.encoding}" if d.encoding else ""
    if d.script not in ("none", "simplified"):
        enc += f", {d.script} Chinese"
    tree = Tree(
        f"[bold]{escape(d.title or '(untitled)')}[/]\n"
        f"[dim]{escape(d.path)} — {d.format}{enc}; {len(d.walk())} sections, "
        f"{len(outline.units)} units ({recs} recommendations)[/]"
    )
    for u in outline.units_of(""):  # front matter: context before the first section, or a document without any
        _add_unit(tree, u)
    for s in d.sections:
        _add_section(tree, s, outline)
    return _render(make_console(color=color, width=width), tree)


# --------------------------------------------------------------------------------------------------
# line breaking

_WIDE = "\u2e80-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN = re.compile(rf"\s+|[{_WIDE}]|[^\s{_WIDE}]+")
_NO_START = frozenset("，。、；：！？）》」』】〕〉”’,.;:!?)%…·")
_NO_END = frozenset("（《「『【〔〈“‘(")
Token = tuple[int, int, int]
"""start, end, display width"""


def _tokens(plain: str, keep: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Words, single CJK characters and runs of space; a ``keep`` range makes one token."""
    out: list[tuple[int, int]] = []
    ranges = iter(sorted(keep))
    current = next(ranges, None)
    for m in _TOKEN.finditer(plain):
        s, e = m.span()
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
        w = cell_len(plain[s:e])
        if w <= limit or plain[s:e].isspace():
            out.append((s, e, w))
            continue
        start, used = s, 0
        for k in range(s, e):
            cw = cell_len(plain[k])
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
        if carry and cell_len(plain[carry[0][0] : tok[1]]) > width:  # the rules cannot be kept here
            cur += carry
            carry = []
        lines.append(cur)
        limit = width
        cur = [*carry, tok]
        used = cell_len(plain[cur[0][0] : tok[1]])
    while cur and blank(cur[-1]):
        cur.pop()
    lines.append(cur)
    return [(ln[0][0], ln[-1][1]) for ln in lines if ln]


# --------------------------------------------------------------------------------------------------
# building blocks of the compare and explain views


class _View:
    """Lines of rich Text, rendered once at the end."""

    def __init__(self, color: bool, width: int | None) -> None:
        self.color = color
        self.console = make_console(color=color, width=width)
        self.width = self.console.width
        self.items: list[RenderableType] = []

    def line(self, *pieces: Piece) -> None:
        """One line, cut with '…' rather than wrapped if it is too long."""
        self.items.append(Text.assemble(*pieces, no_wrap=True, overflow="ellipsis"))

    def blank(self) -> None:
        self.items.append(Text(""))

    def heading(self, title: str, note: str = "") -> None:
        self.blank()
        self.line((title, "bold"), f" — {note}" if note else "")

    def wrap(self, text: Text, indent: int, first: int | None = None,
             keep: Sequence[tuple[int, int]] = ()) -> None:
        """``text`` wrapped to the width, every line indented by ``indent`` (the first by ``first``).

        Highlighted terms and the ``keep`` ranges are not broken across lines.
        """
        lead = indent if first is None else first
        keep = [*keep, *((span.start, span.end) for span in text.spans if span.style == HIGHLIGHT)]
        spans = line_spans(text.plain, max(20, self.width - indent), max(20, self.width - lead), keep)
        for i, (start, end) in enumerate(spans):
            self.items.append(Text(" " * (lead if i == 0 else indent)) + text[start:end])

    def add(self, renderable: RenderableType) -> None:
        self.items.append(renderable)

    def render(self) -> str:
        return _render(self.console, Group(*self.items))


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _rpad(text: str, width: int) -> str:
    return " " * max(0, width - cell_len(text)) + text


def _status(v: Verdict) -> tuple[str, str]:
    status = v.status or "missing"
    return SYMBOL[status], STYLE[status]


def _doc_line(view: _View, label: str, title: str, path: str) -> None:
    path = sanitize(path)
    room = max(20, view.width - LABEL - 2 - cell_len(path))
    view.line((_pad(label, LABEL), "bold"), (clip(title or "(untitled)", room), "bold"), "  ", (path, "dim"))


def _coverage_style(value: float, c: Comparison) -> str:
    if value >= c.options.covered:
        return STYLE["covered"]
    return STYLE["partial"] if value >= c.options.partial else STYLE["missing"]


# --------------------------------------------------------------------------------------------------
# compare: one target


def _header(view: _View, c: Comparison, t: TargetResult) -> None:
    ref = c.reference.document
    _doc_line(view, "Reference", ref.title, ref.path)
    _doc_line(view, "Target", t.document.title, t.document.path)
    view.line((_pad("Coverage", LABEL), "bold"), (blocks(t.percent, 20), _coverage_style(t.percent, c)),
              (f" {percent(t.percent)}", "bold"), ("  (a partial counts half)", "dim"))
    view.line(
        " " * LABEL,
        (f"{SYMBOL['covered']} {t.count('covered')} covered", STYLE["covered"]), "   ",
        (f"{SYMBOL['partial']} {t.count('partial')} partial", STYLE["partial"]), "   ",
        (f"{SYMBOL['missing']} {t.count('missing')} missing", STYLE["missing"]),
        f"   of {t.judged} recommendations",
    )
    if note := script_note(c):
        view.line((_pad("Script", LABEL), "bold"), sanitize(note))
    view.line((_pad("Thresholds", LABEL), "bold"), thresholds(c.options))


def _sections(view: _View, c: Comparison, t: TargetResult) -> None:
    view.heading("Sections", "where each reference section is in the target")
    if not t.sections:
        view.line("  none: the reference has no sections")
        return
    room = view.width - 13 - 5 - 3 * 3  # the coverage and score columns; three gaps of pad, rule, pad
    ref_w = max(16, room * 11 // 20)
    tgt_w = max(14, room - ref_w)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1))
    table.add_column("Reference section", no_wrap=True, max_width=ref_w)
    table.add_column("Target section", no_wrap=True, max_width=tgt_w)
    table.add_column("Align", justify="right", no_wrap=True)
    table.add_column("Coverage", no_wrap=True)
    for a in t.sections:
        indent = "  " * a.reference_id.count(".")
        ref_name = indent + clip(section_name(a.reference, a.title), ref_w - len(indent))
        if a.units == 0:
            table.add_row(Text(ref_name, "dim"), Text("(no recommendations)", "dim"), Text("—", "dim"),
                          Text("—", "dim"))
            continue
        if a.target is None:
            target, score = Text("— no counterpart", STYLE["missing"]), "—"
        else:
            target, score = Text(clip(section_name(a.target, a.target_title or ""), tgt_w)), f"{a.score:.1f}"
        value = a.coverage or 0.0
        coverage = Text.assemble((blocks(value, 8), _coverage_style(value, c)), f" {value:.0f}%")
        table.add_row(Text(ref_name), target, score, coverage)
    view.add(table)
    orphans = [a for a in t.sections if a.units and a.target is None]
    if orphans:
        names = "; ".join(section_name(a.reference, clip(a.title, 16)) for a in orphans)
        view.wrap(Text.assemble(("No counterpart in the target: ", "bold"), names), 2)


def _where(v: Verdict) -> str:
    """Where the evidence (covered) or the closest passage (gaps) is, flagged when it moved."""
    if v.status == "covered":
        e = located(v)
        text = place(e) if e else "—"
    else:
        e = closest(v)
        text = f"closest {place(e)}" if e else "nothing close"
    return text + (" · moved" if v.moved else "")


def _recommendations(view: _View, t: TargetResult, show: str) -> None:
    rows = [v for v in t.verdicts if shown(v, show)]
    n = t.judged
    if show == "gaps":
        note = f"gaps: {len(rows)} of {n} ({t.count('missing')} missing, {t.count('partial')} partial)"
    elif show == "covered":
        note = f"covered: {len(rows)} of {n}"
    else:
        note = f"all {n}"
    view.heading("Recommendations", note)
    if not rows:
        view.line("  none" if show == "all" else f"  none (--show {show})")
        return
    id_w = max(cell_len(v.unit.id) for v in rows)
    sec_w = max(cell_len(v.section) for v in rows)
    wheres = [_where(v) for v in rows]
    where_w = max(cell_len(w) for w in wheres)
    words_w = max(20, min(48, view.width - (2 + id_w + 2 + sec_w + 2 + 2 + 5 + 2) - where_w))
    text_at = 2 + id_w + 2 + sec_w + 2
    for v, where in zip(rows, wheres, strict=True):
        symbol, style = _status(v)
        view.line(
            (symbol, style), " ", (_pad(v.unit.id, id_w), "bold"), "  ", (_pad(v.section, sec_w), "cyan"),
            "  ", _pad(gist(v.unit, words_w), words_w), "  ", (_rpad(f"{v.score:.1f}", 5), style), "  ",
            (where, "dim" if v.status == "covered" else ""),
        )
        if v.status == "partial" and v.missing_clauses:
            line = Text.assemble(("not found: ", STYLE["partial"]))
            items: list[tuple[int, int]] = []
            for k, m in enumerate(v.missing_clauses):
                start = len(line)
                line.append(clip(m, 30) + (";" if k < len(v.missing_clauses) - 1 else ""))
                items.append((start, len(line)))
                line.append(" ")
            view.wrap(line, text_at, keep=items)


def _additions(view: _View, t: TargetResult) -> None:
    if not t.additions:
        view.heading("Additions", "none: every target section has a counterpart in the reference")
        return
    view.heading("Additions", f"{len(t.additions)} target sections with no counterpart in the reference")
    label_w = max(cell_len(a.section) for a in t.additions)
    line_w = max(len(str(a.line)) for a in t.additions) + 5
    title_w = min(24, max(cell_len(clip(a.title, 24)) for a in t.additions))
    text_w = max(10, view.width - 2 - label_w - 2 - title_w - 2 - line_w - 2)
    for a in t.additions:
        view.line("  ", (_pad(a.section, label_w), "bold"), "  ", _pad(clip(a.title, title_w), title_w), "  ",
                  (_pad(f"line {a.line}", line_w), "dim"), "  ", (clip(a.text, text_w), "dim"))


# --------------------------------------------------------------------------------------------------
# compare: several targets


def _matrix(view: _View, c: Comparison, show: str) -> None:
    ref = c.reference.document
    rows = matrix_rows(c, show)
    n = len(c.targets)
    id_w = max([cell_len(v.unit.id) for v in rows] + [5])
    col_w = max(7, min(14, (view.width - id_w - 3 - 24) // n - 3))
    names = short_names(c, col_w)
    words_w = max(16, min(48, view.width - id_w - 3 - n * (col_w + 3)))

    _doc_line(view, "Reference", ref.title, ref.path)
    view.line((_pad("Targets", LABEL), "bold"), f"{n} documents")
    name_w = max(cell_len(name) for name in names)
    digits = len(str(total := c.targets[0].judged))
    for name, t in zip(names, c.targets, strict=True):
        d = t.document
        path = sanitize(d.path)
        counts = "  ".join(f"{SYMBOL[s]} {t.count(s):>{digits}}" for s in ("covered", "partial", "missing"))
        summary = f"{percent(t.percent):>6}  {counts}"
        room = max(10, view.width - 2 - name_w - 2 - cell_len(summary) - 2 - cell_len(path) - 2)
        view.line("  ", (_pad(name, name_w), "bold"), "  ", (summary, _coverage_style(t.percent, c)), "  ",
                  clip(d.title or "(untitled)", room), "  ", (path, "dim"))
    if note := script_note(c):
        view.line((_pad("Script", LABEL), "bold"), sanitize(note))
    view.line((_pad("Thresholds", LABEL), "bold"), thresholds(c.options), ("; a partial counts half", "dim"))

    note = {"all": f"all {total}", "gaps": f"{len(rows)} of {total} with a gap in some target",
            "covered": f"{len(rows)} of {total} covered in every target"}[show]
    view.heading("Recommendations", note)
    index = {v.unit.id: i for i, v in enumerate(c.targets[0].verdicts)}
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", show_footer=True,
                  footer_style="bold", padding=(0, 1))
    table.add_column("Id", footer="Total", no_wrap=True, width=id_w)
    table.add_column("Recommendation", footer=Text("✔/◐/✘\ncoverage"), no_wrap=True, width=words_w)
    for name, t in zip(names, c.targets, strict=True):
        footer = Text(f"{t.count('covered')}/{t.count('partial')}/{t.count('missing')}\n{percent(t.percent)}")
        table.add_column(name, footer=footer, justify="center", no_wrap=True, width=col_w)
    for v in rows:
        i = index[v.unit.id]
        cells: list[RenderableType] = [Text(v.unit.id, "bold"), Text(gist(v.unit, words_w))]
        for t in c.targets:
            symbol, style = _status(t.verdicts[i])
            cells.append(Text(symbol, style))
        table.add_row(*cells)
    view.add(table)


def format_comparison(c: Comparison, *, show: str = "all", color: bool = False,
                      width: int | None = 100) -> str:
    """The comparison for people: one target in detail, several as a recommendation × target matrix."""
    check_show(show)
    view = _View(color, width)
    if not c.targets:
        view.line("Nothing to compare: no target.")
    elif len(c.targets) == 1:
        t = c.targets[0]
        _header(view, c, t)
        _sections(view, c, t)
        _recommendations(view, t, show)
        _additions(view, t)
    else:
        _matrix(view, c, show)
    return view.render()


# --------------------------------------------------------------------------------------------------
# explain


def highlight(text: str, terms: Sequence[str], *, color: bool) -> Text:
    """``text`` on one line with the shared terms styled (plain text brackets them: 【CJK】, **Latin**)."""
    flat = " ".join(sanitize(text).split())
    out = Text()
    pos = 0
    for s, e in term_spans(flat, terms):
        out.append(flat[pos:s])
        word = flat[s:e]
        out.append(word if color else (f"【{word}】" if is_cjk(word) else f"**{word}**"), HIGHLIGHT)
        pos = e
    out.append(flat[pos:])
    return out


def _clauses(view: _View, v: Verdict) -> None:
    view.heading("Clauses", f"{len(v.clauses)}, each judged on its best passage")
    num_w = len(str(len(v.clauses)))
    indent = 2 + num_w + 2 + 2
    seen: dict[tuple[int, str], int] = {}
    for i, cl in enumerate(v.clauses, 1):
        mark, style = ("✔ found", STYLE["covered"]) if cl.found else ("✘ not found", STYLE["missing"])
        head = Text.assemble(f"{i:>{num_w}}. ", (mark, style), f" {cl.score:.1f}  ")
        view.wrap(head + Text(" ".join(sanitize(cl.text).split())), 2 + num_w + 2, 2)
        e = cl.evidence
        if e is None:
            view.line(" " * indent, ("no target passage shares its terms", "dim"))
            continue
        label = "→ " if cl.found else "→ closest "
        head = Text.assemble((label, "dim"), (place(e), "cyan"), (f" ({e.score:.1f})", "dim"))
        key = (e.line, e.text)
        if key in seen:
            view.wrap(head + Text(f", the passage shown for clause {seen[key]}", "dim"), indent)
            continue
        seen[key] = i
        view.wrap(head + Text(": ") + highlight(e.text, e.shared, color=view.color), indent)


def _evidence(view: _View, v: Verdict) -> None:
    if not v.evidence:
        view.heading("Evidence", "none: no passage carries the verdict")
        return
    n = len(v.evidence)
    view.heading("Evidence", "the passage that matches best" if n == 1 else f"the {n} passages that match best")
    for i, e in enumerate(v.evidence, 1):
        title = f" ({clip(e.section_title, 40)})" if e.section_title else ""
        view.wrap(Text.assemble(f"{i}. ", (place(e), "cyan"), title, (f"  score {e.score:.1f}", "dim"),
                                ("  shared: ", "dim"), term_list(shared_words(e)) or "—"), 5, 2)
        view.wrap(highlight(e.text, e.shared, color=view.color), 5)


def format_explain(c: Comparison, unit_id: str, *, color: bool = False, width: int | None = 100) -> str:
    """Why one unit gets its verdict in the first target: clauses, passages, thresholds."""
    v = find_verdict(c, unit_id)
    t = c.targets[0]
    u = v.unit
    view = _View(color, width)
    ref_section = next((s for s in c.reference.document.walk() if s.id == u.section), None)
    title = ref_section.title if ref_section else ""
    where = "§" + section_name(v.section, title) if u.section else "front matter"
    room = view.width - 10 - cell_len(u.id)
    view.line(("Explain ", "bold"), (u.id, "bold"), "  ", (clip(where, room), "cyan"))
    view.line((f"{u.kind}, line {u.line} of {sanitize(c.reference.document.path)}", "dim"))
    _doc_line(view, "Target", t.document.title, t.document.path)
    view.blank()
    view.wrap(Text(body(u)), 2)
    view.blank()
    if v.status is None:
        view.wrap(Text(why(v, None)), 0)
        return view.render()
    symbol, style = _status(v)
    view.line((_pad("Verdict", LABEL), "bold"), (f"{symbol} {v.status}", f"bold {style}"),
              f"  {decision(v, c.options)}")
    _clauses(view, v)
    _evidence(view, v)
    view.heading("Why")
    view.wrap(Text(why(v, alignment_of(t, v))), 2)
    return view.render()


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


def format_diff(d: VersionDiff, *, show: str = "changes", color: bool = False, width: int | None = 100) -> str:
    """What the new draft gained and lost against the reference, compared with the old one."""
    rows = diff_changes(d, show)
    view = _View(color, width)
    ref = d.reference.document
    _doc_line(view, "Reference", ref.title, ref.path)
    _doc_line(view, "Old", d.old.document.title, d.old.document.path)
    _doc_line(view, "New", d.new.document.title, d.new.document.path)
    old, new = d.old, d.new
    delta = d.percent_change
    view.line((_pad("Coverage", LABEL), "bold"), f"{percent(old.percent)} → ", (percent(new.percent), "bold"),
              "  (", (f"{_signed(delta)} points", STYLE["covered"] if delta > 0 else STYLE["missing"] if delta < 0
                      else "dim"), ")")
    view.line(" " * LABEL, *(piece for s in ("covered", "partial", "missing") for piece in (
        (f"{SYMBOL[s]} {old.count(s)} → {new.count(s)}", STYLE[s]), "   ")), f"of {new.judged} recommendations")
    regressions = len(d.regressions)
    view.line((_pad("Changes", LABEL), "bold"), (f"{d.count('improved')} improved", STYLE["covered"]), ", ",
              (f"{d.count('worsened')} worsened", STYLE["missing"]),
              (f" ({regressions} regression{'s' if regressions != 1 else ''})", "bold red" if regressions else "dim"),
              f", {d.count('unchanged')} unchanged")
    view.line((_pad("Thresholds", LABEL), "bold"), thresholds(d.options))

    view.heading("Sections", "coverage old → new")
    sections = [s for s in d.sections if s.units]
    if not sections:
        view.line("  none: the reference has no sections with recommendations")
    else:
        name_w = max(16, min(44, view.width - 40))
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1))
        table.add_column("Reference section", no_wrap=True, max_width=name_w)
        table.add_column("Old", justify="right", no_wrap=True)
        table.add_column("New", justify="right", no_wrap=True)
        table.add_column("Change", justify="right", no_wrap=True)
        table.add_column("Counterpart", no_wrap=True, max_width=max(12, view.width - name_w - 30))
        for s in sections:
            indent = "  " * s.depth
            name = indent + clip(section_name(s.reference, s.title), name_w - len(indent))
            change = s.coverage_change
            style = "dim" if not change else STYLE["covered"] if change > 0 else STYLE["missing"]
            counterpart = clip(section_name(s.new.target, s.new.target_title or ""), 30) if s.new.target else "—"
            if s.old.target is not None and s.old.target != s.new.target:
                counterpart += f" (was {s.old.target or '—'})"
            table.add_row(Text(name, "" if s.changed else "dim"), f"{s.old.coverage or 0:.0f}%",
                          f"{s.new.coverage or 0:.0f}%", Text(_signed(change), style), Text(counterpart, "dim"))
        view.add(table)

    note = f"{len(rows)} changed of {len(d.units)}" if show == "changes" else f"all {len(d.units)}"
    view.heading("Recommendations", note)
    if not rows:
        view.line("  none: every verdict is the same in both drafts")
        return view.render()
    id_w = max(cell_len(u.unit.id) for u in rows)
    sec_w = max(cell_len(u.section) for u in rows)
    words_w = max(20, min(48, view.width - (5 + 2 + id_w + 2 + sec_w + 2 + 2 + 14 + 14)))
    for u in rows:
        style = _change_style(u.change, u.regression)
        arrow = Text.assemble((SYMBOL[u.old_status], STYLE[u.old_status]), " → " if u.change != "unchanged" else " = ",
                              (SYMBOL[u.new_status], STYLE[u.new_status]))
        tag = " regression" if u.regression else f" {u.change}" if u.change != "unchanged" else ""
        view.add(Text.assemble(arrow, "  ", (_pad(u.unit.id, id_w), "bold"), "  ", (_pad(u.section, sec_w), "cyan"),
                               "  ", _pad(gist(u.unit, words_w), words_w), "  ",
                               (f"{u.old.score:5.1f} → {u.new.score:5.1f}", "dim"), (tag, style),
                               no_wrap=True, overflow="ellipsis"))
    return view.render()
