"""The text views drawn with rich, in colour on a terminal: the only module besides the CLI's progress
adaptor that imports rich.

compare, explain and diff are laid out in :mod:`policydiff.formats.view` and drawn here with rich —
coloured, the shared terms bold and underlined; :mod:`policydiff.formats.plain` draws the same blocks
without rich when the output is piped. ``color=False`` here gives the same bytes as the plain renderer
(a test holds them together). The outline is a rich tree.

Document text is stripped of control characters before it reaches the console, so a document cannot
send escape sequences to the user's terminal; it is never read as rich markup either.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Literal

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from ..models import Comparison, Outline, Section, Unit
from . import view
from .markdown import first_words, sanitize, shown_path

if TYPE_CHECKING:
    from ..diff import VersionDiff
    from ..gate import GateResult


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
    title = sanitize(d.title or "(untitled)")
    meta = (f"{sanitize(shown_path(d.path))} — {d.format}{enc}; {len(d.walk())} sections, {len(outline.units)} units "
            f"({recs} recommendations)")
    # in colour the header is the tree's root; plain, it is written as is, never wrapped (a long path stays on
    # its line), above a tree whose root line is left out
    tree = Tree(f"[bold]{escape(title)}[/]\n[dim]{escape(meta)}[/]" if color else "")
    for u in outline.units_of(""):  # front matter: context before the first section, or a document without any
        _add_unit(tree, u)
    for s in d.sections:
        _add_section(tree, s, outline)
    drawn = _render(make_console(color=color, width=width), tree)
    return drawn if color else f"{title}\n{meta}\n{drawn.split(chr(10), 1)[1]}"


# --------------------------------------------------------------------------------------------------
# compare, explain and diff: the blocks of the view, drawn with rich


def _line(pieces: view.Line) -> Text:
    """One line, cut with '…' rather than wrapped if it is too long."""
    return Text.assemble(*pieces, no_wrap=True, overflow="ellipsis")


def _table(t: view.Table) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, header_style="bold", padding=(0, 1),
                  show_footer=t.footer, footer_style="bold")
    for c in t.columns:
        table.add_column(Text(c.header), footer=Text(c.footer), justify=c.justify, no_wrap=True, width=c.width,
                         max_width=c.max_width)
    for row in t.rows:
        table.add_row(*(_line(cell) for cell in row))
    return table


def render(blocks: Sequence[view.Block], console: Console) -> str:
    """The blocks on ``console``: lines as rich Text cut with an ellipsis, tables as rich tables."""
    return _render(console, Group(*(_table(b) if isinstance(b, view.Table) else _line(b) for b in blocks)))


def format_comparison(c: Comparison, *, show: str = "all", color: bool = False,
                      width: int | None = 100, gate: GateResult | None = None) -> str:
    """The comparison for people: one target in detail, several as a recommendation × target matrix; with
    ``gate``, the rules of a check too."""
    console = make_console(color=color, width=width)
    return render(view.compare_view(c, show=show, width=console.width, color=color, gate=gate), console)


def format_explain(c: Comparison, unit_id: str, *, color: bool = False, width: int | None = 100) -> str:
    """Why one unit gets its verdict in the first target: clauses, passages, thresholds."""
    console = make_console(color=color, width=width)
    return render(view.explain_view(c, unit_id, width=console.width, color=color), console)


def format_diff(d: VersionDiff, *, show: str = "changes", color: bool = False, width: int | None = 100) -> str:
    """What the new draft gained and lost against the reference, compared with the old one."""
    console = make_console(color=color, width=width)
    return render(view.diff_view(d, show=show, width=console.width, color=color), console)
