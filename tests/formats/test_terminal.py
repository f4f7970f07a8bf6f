"""The text view of compare and explain: golden files and what a user notices."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest
from golden_cases import CASES, GOLDEN, WIDTH, comparison, en, outline_of, stale, zh, zh_matrix
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from policydiff.align import compare
from policydiff.api import outline_text
from policydiff.errors import UsageError
from policydiff.formats import terminal
from policydiff.formats.markdown import body, clip, display_width
from policydiff.models import Comparison, Line, Options, Text

ANSI = re.compile(r"\x1b\[")
TEXT_CASES = sorted(name for name in CASES if name.endswith(".txt"))


@pytest.mark.parametrize("name", TEXT_CASES)
def test_golden(name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert CASES[name]() == expected, f"{name} changed: run `python scripts/regen_golden.py` and review the diff"


def test_no_stale_golden_files() -> None:
    assert stale() == []


def _rows(out: str) -> dict[str, str]:
    """Recommendation rows of the one-target list: id → status symbol."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^([✔◐✘]) (\S+)", out, re.M)}


def _statuses(c: Comparison) -> dict[str, str | None]:
    return {v.unit.id: v.status for v in c.targets[0].verdicts if v.status is not None}


@pytest.mark.parametrize("make", [zh, en])
def test_show_filters_the_list(make: object) -> None:
    c = make()  # type: ignore[operator]
    statuses = _statuses(c)
    gaps = {i for i, s in statuses.items() if s != "covered"}
    covered = {i for i, s in statuses.items() if s == "covered"}
    assert gaps and covered
    assert set(_rows(terminal.format_comparison(c))) == set(statuses)
    assert set(_rows(terminal.format_comparison(c, show="gaps"))) == gaps
    assert set(_rows(terminal.format_comparison(c, show="covered"))) == covered


def test_rows_show_the_verdicts_symbol() -> None:
    c = zh()
    symbol = {"covered": "✔", "partial": "◐", "missing": "✘"}
    assert _rows(terminal.format_comparison(c)) == {i: symbol[s] for i, s in _statuses(c).items() if s}


def test_header_counts_match_the_verdicts() -> None:
    c = zh()
    t = c.targets[0]
    out = terminal.format_comparison(c)
    assert f"✔ {t.count('covered')} covered" in out
    assert f"◐ {t.count('partial')} partial" in out
    assert f"✘ {t.count('missing')} missing" in out
    assert f"of {t.judged} recommendations" in out
    assert f"{t.percent:.1f}%" in out
    assert "covered ≥ 60, partial ≥ 35" in out


def test_thresholds_in_use_are_shown() -> None:
    c = compare(outline_of("zh-reference.txt"), [outline_of("zh-target.md")], Options(covered=75, partial=20))
    assert "covered ≥ 75, partial ≥ 20" in terminal.format_comparison(c)


def test_moved_evidence_is_flagged() -> None:
    c = zh()
    moved = [v.unit.id for v in c.targets[0].verdicts if v.moved]
    assert moved
    out = terminal.format_comparison(c)
    for line in out.splitlines():
        m = re.match(r"^[✔◐✘] (\S+)", line)
        if m:
            assert ("· moved" in line) == (m.group(1) in moved), line


def test_partial_rows_list_the_clauses_not_found() -> None:
    c = en()
    partial = next(v for v in c.targets[0].verdicts if v.status == "partial")
    out = terminal.format_comparison(c)
    block = out.split(f"◐ {partial.unit.id}", 1)[1].split("\n")[1]
    assert block.strip().startswith("not found:")
    assert clip(partial.missing_clauses[0], 30) in block


def test_sections_without_counterpart_are_named() -> None:
    out = terminal.format_comparison(en())
    assert "3 Young people      — no counterpart" in out
    assert "No counterpart in the target: 3 Young people" in out


def test_additions_are_listed() -> None:
    c = zh()
    out = terminal.format_comparison(c).split("Additions", 1)[1]
    for a in c.targets[0].additions:
        assert a.title in out and f"line {a.line}" in out


def test_matrix_totals_match_the_counts() -> None:
    c = zh_matrix()
    out = terminal.format_comparison(c)
    totals = out.split("\nTotal", 1)[1]
    for t in c.targets:
        assert f"{t.count('covered')}/{t.count('partial')}/{t.count('missing')}" in totals
        assert f"{t.percent:.1f}%" in totals


def test_matrix_cells_are_the_statuses() -> None:
    c = zh_matrix()
    symbol = {"covered": "✔", "partial": "◐", "missing": "✘"}
    out = terminal.format_comparison(c)
    for i, v in enumerate(c.targets[0].verdicts):
        if v.status is None:
            continue
        row = next(line for line in out.splitlines() if line.startswith(v.unit.id + " "))
        assert re.findall("[✔◐✘]", row) == [symbol[t.verdicts[i].status or "missing"] for t in c.targets]


def test_matrix_gaps_keeps_rows_with_a_gap_in_any_target() -> None:
    c = zh_matrix()
    out = terminal.format_comparison(c, show="gaps")
    for i, v in enumerate(c.targets[0].verdicts):
        if v.status is None:
            continue
        gap = any(t.verdicts[i].status != "covered" for t in c.targets)
        assert any(line.startswith(v.unit.id + " ") for line in out.splitlines()) == gap


def test_matrix_names_targets_by_file_stem() -> None:
    out = terminal.format_comparison(zh_matrix())
    assert "zh-target" in out and "zh-notice" in out


def _all_views(color: bool) -> list[str]:
    return [
        terminal.format_comparison(zh(), color=color),
        terminal.format_comparison(en(), show="gaps", color=color),
        terminal.format_comparison(zh_matrix(), color=color),
        terminal.format_explain(zh(), "2.2.2", color=color),
        terminal.format_explain(en(), "2.2", color=color),
        terminal.format_explain(zh(), "1", color=color),
    ]


def test_plain_output_has_no_ansi_and_fits_the_width() -> None:
    for out in _all_views(color=False):
        assert not ANSI.search(out) and "\x1b" not in out
        for line in out.splitlines():
            assert cell_len(line) <= WIDTH, line
            assert line == line.rstrip(), repr(line)


def test_color_output_has_ansi(monkeypatch: pytest.MonkeyPatch) -> None:
    for env in ("NO_COLOR", "FORCE_COLOR", "COLORTERM"):
        monkeypatch.delenv(env, raising=False)
    for term in ("xterm-256color", "dumb"):
        monkeypatch.setenv("TERM", term)
        for out in _all_views(color=True):
            assert ANSI.search(out)


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
    for out in (terminal.format_comparison(c), terminal.format_explain(c, unit)):
        assert "\x1b" not in out and "\x07" not in out


def test_rich_markup_in_a_document_is_shown_as_text() -> None:
    ref = outline_text(_doc(["# [bold]Plan[/bold]", "", "## 1. Safety", "",
                             "1. The council should fund [red]street lights[/red] in every park."], "ref.md"))
    target = outline_text(_doc(["# Target", "", "## Parks", "", "Street lights will be fitted in every park."],
                               "t.md"))
    c = compare(ref, [target], Options())
    out = terminal.format_comparison(c)
    assert "[bold]Plan[/bold]" in out
    unit = next(u.id for u in ref.units if u.kind == "recommendation")
    assert "[red]street lights[/red]" in terminal.format_explain(c, unit)


def test_explain_shows_the_decision_against_the_thresholds() -> None:
    c = en()
    v = next(v for v in c.targets[0].verdicts if v.status == "partial")
    out = terminal.format_explain(c, v.unit.id)
    assert f"score {v.score:.1f} ≥ partial 35 and < covered 60 → partial" in out
    assert body(v.unit)[:40] in " ".join(out.split())
    for i, cl in enumerate(v.clauses, 1):
        assert re.search(rf"^\s+{i}\. {'✔ found' if cl.found else '✘ not found'} {cl.score:.1f}", out, re.M)


def test_explain_highlights_shared_terms_in_plain_text() -> None:
    zh_out = terminal.format_explain(zh(), "2.2.2")
    assert "【在小区出入口安装视频监控】" in zh_out
    en_out = terminal.format_explain(en(), "2.2")
    assert "**call-back** **service**" in en_out


def test_explain_says_when_the_evidence_moved() -> None:
    c = zh()
    v = c.verdict(0, "2.2.2")
    assert v is not None and v.moved
    out = " ".join(terminal.format_explain(c, "2.2.2").split())
    assert "lies outside §二(二) 巡逻防控, the target section aligned with §二(二)" in out


def test_explain_of_a_context_unit_says_it_is_not_judged() -> None:
    out = terminal.format_explain(zh(), "1")
    assert "context" in out and "not judged" in out
    assert "Verdict" not in out


def test_explain_of_an_unknown_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=re.escape("'9.9.9'")):
        terminal.format_explain(zh(), "9.9.9")


def test_unknown_show_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="everything"):
        terminal.format_comparison(zh(), show="everything")


def test_explain_uses_the_first_target() -> None:
    c = zh_matrix()
    single = comparison("zh-reference.txt", "zh-target.md")
    assert terminal.format_explain(c, "2.2.2") == terminal.format_explain(single, "2.2.2")


def test_a_document_without_title_or_sections_still_renders() -> None:
    c = zh()
    untitled = replace(c.targets[0], document=replace(c.targets[0].document, title=""), sections=(),
                       additions=())
    out = terminal.format_comparison(replace(c, targets=(untitled,)))
    assert "(untitled)" in out and "the reference has no sections" in out


@given(st.text(alphabet=st.sampled_from("ab 社区治安，。（）【】“”x-y\n"), max_size=200),
       st.integers(min_value=6, max_value=40))
def test_line_spans_fit_and_lose_nothing_but_spaces(text: str, width: int) -> None:
    spans = terminal.line_spans(text, width)
    for start, end in spans:
        assert cell_len(text[start:end]) <= width
    assert "".join(text[s:e] for s, e in spans).replace(" ", "").replace("\n", "") == \
        text.replace(" ", "").replace("\n", "")


def test_cjk_lines_do_not_start_with_closing_punctuation() -> None:
    text = "一二三四五六七八九，十一二三四五六七八九。十"
    lines = [text[s:e] for s, e in terminal.line_spans(text, 18)]
    assert all(line[0] not in "，。" for line in lines)
    assert all(display_width(line) <= 18 for line in lines)


@given(st.text(max_size=80), st.integers(min_value=2, max_value=60))
def test_clip_fits_the_display_width(text: str, width: int) -> None:
    out = clip(text, width)
    assert display_width(out) <= width
    assert "\n" not in out
