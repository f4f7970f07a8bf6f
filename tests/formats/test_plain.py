"""The plain text view of compare, explain and diff (what a pipe gets): golden files, what a user
notices, wide characters, and the same bytes as rich with colour off."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from golden_cases import CASES, GOLDEN, WIDTH, comparison, en, outline_of, rules, stale, zh, zh_matrix
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from policydiff.align import compare
from policydiff.api import load, outline_text
from policydiff.diff import diff
from policydiff.errors import UsageError
from policydiff.formats import plain, terminal, view
from policydiff.formats.markdown import body, clip, display_width
from policydiff.formats.view import _where
from policydiff.models import Comparison, Line, Options, Text

SAMPLES = GOLDEN.parents[2] / "samples"
TEXT_CASES = sorted(name for name in CASES if name.endswith(".txt"))


@pytest.mark.parametrize("name", TEXT_CASES)
def test_golden(name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert CASES[name]() == expected, f"{name} changed: run `python scripts/regen_golden.py` and review the diff"


def test_no_stale_golden_files() -> None:
    assert stale() == []


# --------------------------------------------------------------------------------------------------
# what the one-target view and the matrix say


def _rows(out: str) -> dict[str, str]:
    """Recommendation rows of the one-target list: id → status symbol."""
    return {m.group(2): m.group(1) for m in re.finditer(r"^([✔◐✘])\?? (\S+)", out, re.M)}


def _statuses(c: Comparison) -> dict[str, str | None]:
    return {v.unit.id: v.status for v in c.targets[0].verdicts if v.status is not None}


@pytest.mark.parametrize("make", [zh, en])
def test_show_filters_the_list(make: object) -> None:
    c = make()  # type: ignore[operator]
    statuses = _statuses(c)
    gaps = {i for i, s in statuses.items() if s != "covered"}
    covered = {i for i, s in statuses.items() if s == "covered"}
    assert gaps and covered
    assert set(_rows(plain.format_comparison(c))) == set(statuses)
    assert set(_rows(plain.format_comparison(c, show="gaps"))) == gaps
    assert set(_rows(plain.format_comparison(c, show="covered"))) == covered


def test_show_says_what_it_left_out() -> None:
    c = zh()
    t = c.targets[0]
    n = t.judged
    assert "Recommendations — all 8" in plain.format_comparison(c)
    assert (f"Recommendations — gaps: {n - t.count('covered')} of {n} ({t.count('missing')} missing, "
            f"{t.count('partial')} partial)") in plain.format_comparison(c, show="gaps")
    assert f"Recommendations — covered: {t.count('covered')} of {n}" in plain.format_comparison(c, show="covered")


def test_rows_show_the_verdicts_symbol() -> None:
    c = zh()
    symbol = {"covered": "✔", "partial": "◐", "missing": "✘"}
    assert _rows(plain.format_comparison(c)) == {i: symbol[s] for i, s in _statuses(c).items() if s}


def test_header_counts_match_the_verdicts() -> None:
    c = zh()
    t = c.targets[0]
    out = plain.format_comparison(c)
    assert f"✔ {t.count('covered')} covered" in out
    assert f"◐ {t.count('partial')} partial" in out
    assert f"✘ {t.count('missing')} missing" in out
    assert f"of {t.judged} recommendations" in out
    assert f"{t.percent:.1f}%" in out
    assert "covered ≥ 60, partial ≥ 35" in out


def test_thresholds_in_use_are_shown() -> None:
    c = compare(outline_of("zh-reference.txt"), [outline_of("zh-target.md")], Options(covered=75, partial=20))
    assert "covered ≥ 75, partial ≥ 20" in plain.format_comparison(c)


def test_moved_evidence_is_flagged() -> None:
    c = zh()
    moved = [v.unit.id for v in c.targets[0].verdicts if v.moved]
    assert moved
    for line in plain.format_comparison(c).splitlines():
        m = re.match(r"^[✔◐✘]\?? (\S+)", line)
        if m:
            assert ("· moved" in line) == (m.group(1) in moved), line


def test_partial_rows_list_the_clauses_not_found() -> None:
    c = en()
    partial = next(v for v in c.targets[0].verdicts if v.status == "partial")
    out = plain.format_comparison(c)
    block = out.split(f"◐ {partial.unit.id}", 1)[1].split("\n")[1]
    assert block.strip().startswith("not found:")
    assert clip(partial.missing_clauses[0], 30) in block


def test_sections_without_counterpart_are_named() -> None:
    out = plain.format_comparison(en())
    assert "3 Young people      — no counterpart" in out
    assert "No counterpart in the target: 3 Young people" in out


def test_additions_are_listed() -> None:
    c = zh()
    out = plain.format_comparison(c).split("Additions", 1)[1]
    for a in c.targets[0].additions:
        assert a.title in out and f"line {a.line}" in out


def test_matrix_totals_match_the_counts() -> None:
    c = zh_matrix()
    totals = plain.format_comparison(c).split("\nTotal", 1)[1]
    for t in c.targets:
        assert f"{t.count('covered')}/{t.count('partial')}/{t.count('missing')}" in totals
        assert f"{t.percent:.1f}%" in totals


def test_matrix_cells_are_the_statuses() -> None:
    c = zh_matrix()
    symbol = {"covered": "✔", "partial": "◐", "missing": "✘"}
    out = plain.format_comparison(c)
    for i, v in enumerate(c.targets[0].verdicts):
        if v.status is None:
            continue
        row = next(line for line in out.splitlines() if line.startswith(v.unit.id + " "))
        assert re.findall("[✔◐✘]", row) == [symbol[t.verdicts[i].status or "missing"] for t in c.targets]


@pytest.mark.parametrize("show", ["gaps", "covered"])
def test_matrix_show_keeps_rows_by_every_target(show: str) -> None:
    c = zh_matrix()
    out = plain.format_comparison(c, show=show)
    for i, v in enumerate(c.targets[0].verdicts):
        if v.status is None:
            continue
        statuses = [t.verdicts[i].status for t in c.targets]
        wanted = any(s != "covered" for s in statuses) if show == "gaps" else all(s == "covered" for s in statuses)
        assert any(line.startswith(v.unit.id + " ") for line in out.splitlines()) == wanted


def test_matrix_names_targets_by_file_stem() -> None:
    out = plain.format_comparison(zh_matrix())
    assert "zh-target" in out and "zh-notice" in out


def test_a_document_without_title_or_sections_still_renders() -> None:
    c = zh()
    untitled = replace(c.targets[0], document=replace(c.targets[0].document, title=""), sections=(),
                       additions=())
    out = plain.format_comparison(replace(c, targets=(untitled,)))
    assert "(untitled)" in out and "the reference has no sections" in out


def test_unknown_show_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="everything"):
        plain.format_comparison(zh(), show="everything")


# --------------------------------------------------------------------------------------------------
# explain


def test_explain_shows_the_decision_against_the_thresholds() -> None:
    c = en()
    v = next(v for v in c.targets[0].verdicts if v.status == "partial")
    out = plain.format_explain(c, v.unit.id)
    assert f"score {v.score:.1f} ≥ partial 35 and < covered 60 → partial" in out
    assert body(v.unit)[:40] in " ".join(out.split())
    for i, cl in enumerate(v.clauses, 1):
        assert re.search(rf"^\s+{i}\. {'✔ found' if cl.found else '✘ not found'} {cl.score:.1f}", out, re.M)


def test_explain_highlights_shared_terms_in_brackets() -> None:
    assert "【在小区出入口安装视频监控】" in plain.format_explain(zh(), "2.2.2")
    assert "**call-back** **service**" in plain.format_explain(en(), "2.2")


def test_explain_never_breaks_a_line_inside_a_highlighted_term() -> None:
    for width in range(40, 101, 7):
        out = plain.format_explain(zh(), "2.2.2", width=width)
        for line in out.splitlines():
            assert line.count("【") == line.count("】"), (width, line)


def test_explain_says_when_the_evidence_moved() -> None:
    c = zh()
    v = c.verdict(0, "2.2.2")
    assert v is not None and v.moved
    out = " ".join(plain.format_explain(c, "2.2.2").split())
    assert "lies outside §二(二) 巡逻防控, the target section aligned with §二(二)" in out


def test_explain_of_a_context_unit_says_it_is_not_judged() -> None:
    out = plain.format_explain(zh(), "1")
    assert "context" in out and "not judged" in out
    assert "Verdict" not in out


def test_explain_of_an_unknown_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=re.escape("'9.9.9'")):
        plain.format_explain(zh(), "9.9.9")


def test_explain_uses_the_first_target() -> None:
    single = comparison("zh-reference.txt", "zh-target.md")
    assert plain.format_explain(zh_matrix(), "2.2.2") == plain.format_explain(single, "2.2.2")


# --------------------------------------------------------------------------------------------------
# layout: width, wide characters


def _all_views(width: int = WIDTH) -> list[str]:
    return [
        plain.format_comparison(zh(), width=width),
        plain.format_comparison(en(), show="gaps", width=width),
        plain.format_comparison(zh_matrix(), width=width),
        plain.format_comparison(zh_matrix(), show="covered", width=width),
        plain.format_explain(zh(), "2.2.2", width=width),
        plain.format_explain(en(), "2.2", width=width),
        plain.format_explain(zh(), "1", width=width),
    ]


@pytest.mark.parametrize("width", [WIDTH, 72, 130])
def test_output_has_no_escape_and_fits_the_width(width: int) -> None:
    for out in _all_views(width):
        assert "\x1b" not in out
        for line in out.splitlines():
            assert display_width(line) <= width, line
            assert line == line.rstrip(), repr(line)


def _columns(line: str, marks: str = "✔◐✘") -> list[int]:
    """The display columns at which the status symbols of a line stand."""
    return [display_width(line[:i]) for i, ch in enumerate(line) if ch in marks]


def test_section_table_columns_line_up_under_wide_characters() -> None:
    c = zh()
    out = plain.format_comparison(c)
    table = out.split("Sections — where each reference section is in the target\n", 1)[1].split("\n\n", 1)[0]
    header, rule, *rows = table.splitlines()
    assert set(rule) == {"─"}
    assert len(rows) == len(c.targets[0].sections)
    target_at = display_width(header[: header.index("Target section")])
    align_end = display_width(header[: header.index("Align") + len("Align")])
    for row in rows:
        ref, target, score, _ = re.split(r"(?<=\S) {2,}", row.strip())
        at = row.index(target, row.index(ref) + len(ref))
        assert display_width(row[:at]) == target_at, row
        assert display_width(row[: row.index(score, at + len(target)) + len(score)]) == align_end, row
        assert display_width(row) <= display_width(rule)


def test_recommendation_rows_line_up_under_wide_characters() -> None:
    c = zh()
    out = plain.format_comparison(c)
    verdicts = {v.unit.id: v for v in c.targets[0].verdicts}
    rows = [line for line in out.splitlines() if re.match(r"^[✔◐✘]\?? ", line)]
    assert len(rows) == c.targets[0].judged
    text_at, score_end = set(), set()
    for row in rows:
        v = verdicts[row.split()[1]]
        text_at.add(display_width(row[: row.index(body(v.unit)[:4])]))
        score = f"{v.score:.1f}  "
        score_end.add(display_width(row[: row.rindex(score) + len(score) - 2]))
    assert len(text_at) == 1 and len(score_end) == 1


def test_matrix_symbols_line_up_under_wide_characters() -> None:
    c = zh_matrix()
    out = plain.format_comparison(c)
    lines = out.splitlines()
    rows = [line for line in lines if re.match(r"^\d[\d.]*\s", line)]
    assert len(rows) == c.targets[0].judged
    symbols = {tuple(_columns(row)) for row in rows}
    assert len(symbols) == 1
    (at,) = symbols
    header = next(line for line in lines if line.startswith("Id "))
    for name, col in zip(("zh-target", "zh-notice"), at, strict=True):  # each name is centred above its symbols
        start = display_width(header[: header.index(name)])
        assert abs(start + len(name) // 2 - col) <= 1


def test_a_wide_character_is_never_cut_in_half() -> None:
    assert plain.fit("社会管理创新", 7) == "社会管…"
    assert plain.crop("社会管理", 5) == "社会 "
    assert plain.fit("ab社会", 5) == "ab社…"
    assert plain.fit("abc", 3) == "abc"


def test_zero_width_characters_stay_with_their_letter() -> None:
    assert display_width("e\u0301te\u200b") == 3
    assert plain.crop("e\u0301tat", 2) == "e\u0301t"


def test_tabs_expand_to_the_next_stop() -> None:
    assert plain.expand_tabs("a\tb") == "a       b"
    assert plain.expand_tabs("abcdefgh\tb") == "abcdefgh        b"
    assert plain.expand_tabs("社会\tx") == "社会    x"


def test_a_table_wider_than_the_page_gives_every_column_a_share() -> None:
    table = view.Table((view.Column("aaaaaaaaaa"), view.Column("bbbbbbbbbb"), view.Column("cccccccccc")), ())
    widths = plain.column_widths(table, 20)
    assert sum(widths) + 2 <= 20 and max(widths) - min(widths) <= 1


# --------------------------------------------------------------------------------------------------
# the same bytes as rich draws with colour off


def test_every_view_of_the_samples_is_what_rich_draws_without_colour() -> None:
    ref = load(str(SAMPLES / "paper-zh.txt"))
    targets = [load(str(SAMPLES / name)) for name in ("zh-county-plan.md", "zh-city-notice.txt",
                                                       "zh-district-measures.docx", "en-target.md")]
    one = compare(ref, targets[:1], Options())
    several = compare(ref, targets, Options())
    for width in (WIDTH, 64, 140):
        for show in ("all", "gaps", "covered"):
            for c in (one, several):
                assert plain.format_comparison(c, show=show, width=width) == \
                    terminal.format_comparison(c, show=show, width=width)
        for v in one.targets[0].verdicts[::5]:
            assert plain.format_explain(one, v.unit.id, width=width) == \
                terminal.format_explain(one, v.unit.id, width=width)
        d = diff(ref, targets[1], targets[0], Options())
        for show in ("changes", "all"):
            assert plain.format_diff(d, show=show, width=width) == terminal.format_diff(d, show=show, width=width)


def test_check_views_and_narrow_pages_are_what_rich_draws_without_colour() -> None:
    for width in (WIDTH, 60, 44):
        for c, gates in ((zh(), (None, rules(zh()))), (zh_matrix(), (None, rules(zh_matrix()))), (en(), (None,))):
            for gate in gates:
                assert plain.format_comparison(c, width=width, gate=gate) == \
                    terminal.format_comparison(c, width=width, gate=gate)


_CHARS = st.sampled_from([*"ab Z1-.社区治安，。（）…—✔◐✘█░\t", "\u0301", "\u200b"])
_TEXT = st.text(alphabet=_CHARS, max_size=40)
_LINE_TEXT = st.text(alphabet=st.one_of(_CHARS, st.just("\n")), max_size=120)
_STYLE = st.sampled_from(["", "bold", "dim", "green", view.HIGHLIGHT])


def _pieces(text: st.SearchStrategy[str]) -> st.SearchStrategy[view.Line]:
    return st.lists(st.one_of(text, st.tuples(text, _STYLE)), max_size=4).map(tuple)


_COLUMN = st.builds(view.Column, header=_TEXT, justify=st.sampled_from(["left", "center", "right"]),
                    width=st.one_of(st.none(), st.integers(1, 30)),
                    max_width=st.one_of(st.none(), st.integers(1, 30)),
                    footer=st.one_of(_TEXT, st.tuples(_TEXT, _TEXT).map("\n".join)))


@st.composite
def _tables(draw: st.DrawFn) -> view.Table:
    columns = draw(st.lists(_COLUMN, min_size=1, max_size=5))
    rows = draw(st.lists(st.tuples(*(_pieces(_TEXT) for _ in columns)), max_size=4))
    return view.Table(tuple(columns), tuple(rows), draw(st.booleans()))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_pieces(_LINE_TEXT), _tables()), max_size=5), st.integers(1, 130))
# a table wider than the page is cut at the edge, and so is a mark just past it, though it takes no column: one
# after a cell's padding, after a styled piece, after the spaces that centre a cell
@example([view.Table((view.Column("111111"), view.Column("11111"), view.Column("", footer="\u0301"),
                      view.Column(""), view.Column("")), (((), (), ("。。",), (), ()),), footer=True)], 11)
@example([view.Table((view.Column(""),) * 6, (((), (), (), (), (("aa社", "bold"), "\u0301"), ()),
                                               ((), (), (), ("a", "aaa"), ("aaaaaa",), ())))], 13)
@example([view.Table((view.Column(""), view.Column("", "center", width=6), view.Column("", "center", width=4),
                      *(view.Column("", "center"),) * 3),
                     (((), (), (), (), (), ()), (("a", "a", "aaa社"), (), ("\u0301",), (), (), ())))], 13)
# a tab takes no column when a column is measured, and eight when the cell is drawn; a styled piece is split after
# the spaces of its tab, so a mark after them is cut at the edge
@example([view.Table((view.Column(""), view.Column("")), (((), ("\t",)),))], 4)
@example([view.Table((view.Column("aaaaaa"),) * 2 + (view.Column("", width=12),) + (view.Column(""),) * 2,
                     (((), (), (("\t\u0301x", "bold"),), (), ()),))], 18)
def test_any_blocks_are_drawn_as_rich_draws_them(blocks: list[view.Block], width: int) -> None:
    """Lines cut with '…', tabs (in cells too), newlines, wide and zero-width characters, tables squeezed below their
    widths, centred and right-aligned cells, two-line footers."""
    assert plain.render(blocks, width) == terminal.render(blocks, terminal.make_console(color=False, width=width))


def test_explain_of_a_table_of_identical_rows_is_short() -> None:
    """The whole table was one passage, wrapped line by line with a pass over all its pieces per line: 200 KB took
    30 s and printed more than it read. A row is a sentence now, and a long passage is cut."""
    row = "| 1 | 加强流动人口管理，建立健全信息采集机制 | 县公安局 | 按季度报送 |\n"
    table = "# 表\n\n| a | b | c | d |\n|---|---|---|---|\n" + row * 2500
    lines = tuple(Line(t, i + 1) for i, t in enumerate(table.split("\n")))
    result = compare(load(str(SAMPLES / "paper-zh.txt")), [outline_text(Text(lines, "t.md", "md", "utf-8", "0"))])
    shown = plain.format_explain(result, "3.1.1")
    assert "流动人口" in shown and len(shown) < 10_000 < len(table)


def test_wrapping_many_highlighted_pieces_keeps_every_piece() -> None:
    page = view.Page(40, color=False)
    pieces = [("加强", view.HIGHLIGHT) if i % 2 else "治安防控工作，" for i in range(400)]
    page.wrap(pieces, 2)
    lines = [view.plain_text(b) for b in page.blocks if isinstance(b, tuple)]
    assert "".join(line.strip() for line in lines) == view.plain_text(pieces)
    assert sum(1 for b in page.blocks for p in b if isinstance(p, tuple)) == 200


def test_several_targets_are_named_by_what_tells_them_apart_and_paths_align(tmp_path, monkeypatch):
    """plan-v1 … plan-v5 are headed v1 … v5 (not 'plan-…#1'), and the paths start in one column."""
    from click.testing import CliRunner

    from policydiff.cli import cli
    from policydiff.formats.markdown import display_width

    samples = Path(__file__).resolve().parents[2] / "samples"
    paths = []
    for i, name in enumerate(["zh-county-plan.md", "zh-city-notice.txt", "zh-unrelated.md", "zh-county-plan.md",
                              "zh-bureau-page.html"], 1):
        path = f"county-safety-plan-v{i}{Path(name).suffix}"
        (tmp_path / path).write_bytes((samples / name).read_bytes())
        paths.append(path)
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(cli, ["compare", str(samples / "paper-zh.txt"), *paths]).stdout
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Id "))
    assert header.split()[2:] == ["v1", "v2", "v3", "v4", "v5"]
    rows = [line for line in lines if "county-safety-plan-v" in line]
    assert len(rows) == 5
    starts = {display_width(line[: line.index("county-safety-plan-v")]) for line in rows}
    assert len(starts) == 1, rows


def test_at_60_columns_locations_and_counts_are_never_cut():
    """The samples at 60 columns: every location and every count is printed whole; the quoted text is cut."""
    samples = Path(__file__).resolve().parents[2] / "samples"
    c = compare(load(str(samples / "paper-zh.txt")), [load(str(samples / "zh-county-plan.md"))])
    out = plain.format_comparison(c, width=60)
    assert max(display_width(line) for line in out.splitlines()) <= 60
    for v in c.targets[0].verdicts:
        if v.status is not None:
            assert _where(v) in out, _where(v)
    assert "✔ 10 covered   ◐ 3 partial   ✘ 18 missing" in out and "of 31 recommendations" in out
    assert "samples/zh-county-plan.md" in out and "Additions — 8 target sections" in out


def test_piped_output_honours_columns(monkeypatch):
    from click.testing import CliRunner

    from policydiff.cli import cli

    samples = Path(__file__).resolve().parents[2] / "samples"
    args = ["compare", str(samples / "paper-zh.txt"), str(samples / "zh-county-plan.md")]
    widths = {}
    for columns in ("60", "140", "nonsense"):
        monkeypatch.setenv("COLUMNS", columns)
        out = CliRunner().invoke(cli, args).stdout
        widths[columns] = max(display_width(line) for line in out.splitlines())
    assert widths["60"] <= 60 < widths["nonsense"] <= 100 < widths["140"] <= 140
