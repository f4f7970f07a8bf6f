"""The text views drawn with rich, as on a terminal: colour, and nothing a document can smuggle in.

What the views say is tested on the plain renderer (``test_plain.py``), which draws the same blocks and
is held to the same bytes as rich with colour off.
"""

from __future__ import annotations

import re

import pytest
from golden_cases import en, zh, zh_matrix

from policydiff.align import compare
from policydiff.api import outline_text
from policydiff.formats import plain, terminal
from policydiff.models import Line, Options, Text

ANSI = re.compile(r"\x1b\[")


def _all_views(color: bool) -> list[str]:
    return [
        terminal.format_comparison(zh(), color=color),
        terminal.format_comparison(en(), show="gaps", color=color),
        terminal.format_comparison(zh_matrix(), color=color),
        terminal.format_explain(zh(), "2.2.2", color=color),
        terminal.format_explain(en(), "2.2", color=color),
        terminal.format_explain(zh(), "1", color=color),
    ]


def test_color_output_has_ansi(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ("NO_COLOR", "FORCE_COLOR", "COLORTERM"):
        monkeypatch.delenv(env, raising=False)
    for term in ("xterm-256color", "dumb"):
        monkeypatch.setenv("TERM", term)
        for out in _all_views(color=True):
            assert ANSI.search(out)


def test_color_output_says_what_plain_text_says() -> None:
    """Colour changes the styling only: without the escapes, the lines hold the same words."""
    strip = re.compile(r"\x1b\[[0-9;]*m")
    coloured = strip.sub("", terminal.format_comparison(zh(), color=True, width=100))
    assert [line.rstrip() for line in coloured.splitlines()] == plain.format_comparison(zh()).splitlines()


def test_color_output_marks_shared_terms_by_style_not_brackets() -> None:
    out = terminal.format_explain(zh(), "2.2.2", color=True)
    assert "【" not in out and "在小区出入口安装视频监控" in out


def test_without_colour_rich_draws_what_the_plain_renderer_draws() -> None:
    for out, expected in zip(_all_views(color=False), [
        plain.format_comparison(zh()),
        plain.format_comparison(en(), show="gaps"),
        plain.format_comparison(zh_matrix()),
        plain.format_explain(zh(), "2.2.2"),
        plain.format_explain(en(), "2.2"),
        plain.format_explain(zh(), "1"),
    ], strict=True):
        assert out == expected


def test_plain_output_does_not_depend_on_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    before = terminal.format_comparison(zh())
    monkeypatch.setenv("COLUMNS", "40")
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    assert terminal.format_comparison(zh()) == before


def _doc(lines: list[str], origin: str, fmt: str = "md") -> Text:
    return Text(tuple(Line(t, i) for i, t in enumerate(lines, 1)), origin, fmt, "utf-8", "0" * 64)


def test_escape_sequences_in_a_document_do_not_reach_the_terminal() -> None:
    ref = outline_text(_doc(["# Plan \x1b[31mred\x1b[0m", "", "## 1. Safety",
                             "", "1. The council should fund \x1b]8;;http://x\x07street lights in every park."],
                            "ref.md"))
    target = outline_text(_doc(["# Target", "", "## Parks", "", "Street lights will be fitted in every park."],
                               "t.md"))
    c = compare(ref, [target], Options())
    unit = next(u.id for u in ref.units if u.kind == "recommendation")
    for color in (False, True):
        for out in (terminal.format_comparison(c, color=color), terminal.format_explain(c, unit, color=color)):
            assert "\x07" not in out and "\x1b]" not in out and "\x1b[31mred" not in out
    for out in (plain.format_comparison(c), plain.format_explain(c, unit)):
        assert "\x1b" not in out and "\x07" not in out


def test_rich_markup_in_a_document_is_shown_as_text() -> None:
    ref = outline_text(_doc(["# [bold]Plan[/bold]", "", "## 1. Safety", "",
                             "1. The council should fund [red]street lights[/red] in every park."], "ref.md"))
    target = outline_text(_doc(["# Target", "", "## Parks", "", "Street lights will be fitted in every park."],
                               "[red]t.md"))
    several = outline_text(_doc(["# Other", "", "## Parks", "", "Nothing here."], "[bold]u.md"))
    c = compare(ref, [target], Options())
    out = terminal.format_comparison(c, color=True)
    assert "[bold]Plan[/bold]" in out and "[red]t.md" in out
    unit = next(u.id for u in ref.units if u.kind == "recommendation")
    assert "[red]street lights[/red]" in terminal.format_explain(c, unit, color=True)
    matrix = terminal.format_comparison(compare(ref, [target, several], Options()), color=True)
    assert "[red]t" in matrix and "[bold]u" in matrix  # the column names too
