"""The Markdown report of compare and explain: golden files, escaping, what a reviewer notices."""

from __future__ import annotations

import re

import pytest
from golden_cases import CASES, GOLDEN, en, zh, zh_matrix
from hypothesis import given
from hypothesis import strategies as st

from policydiff.align import compare
from policydiff.api import outline_text
from policydiff.errors import UsageError
from policydiff.formats import markdown
from policydiff.formats.markdown import char_width, clip, display_width
from policydiff.models import Comparison, Line, Options, Text

RAW_TAG = re.compile(r"(?<!\\)<[A-Za-z/!?]")
"""A '<' that could open an HTML tag or comment (not a backslash-escaped one, not '< 35')."""
MD_CASES = sorted(name for name in CASES if name.endswith(".md"))


@pytest.mark.parametrize("name", MD_CASES)
def test_golden(name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert CASES[name]() == expected, f"{name} changed: run `python scripts/regen_golden.py` and review the diff"


def _cells(row: str) -> list[str]:
    """Split a table row on the pipes GitHub would split it on (not on escaped ones)."""
    assert row.startswith("| ") and row.endswith(" |"), row
    return re.split(r"(?<!\\) \| ", row[2:-2])


def _tables(out: str) -> list[list[str]]:
    """Each table of the report as its lines."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in out.splitlines():
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    if current:
        tables.append(current)
    return tables


def _assert_tables_are_whole(out: str) -> None:
    for table in _tables(out):
        width = len(_cells(table[0]))
        for row in table:
            assert len(_cells(row)) == width, row


def _doc(lines: list[str], origin: str) -> Text:
    return Text(tuple(Line(t, i) for i, t in enumerate(lines, 1)), origin, "md", "utf-8", "0" * 64)


def _hostile() -> Comparison:
    ref = outline_text(_doc([
        "# Plan | <script>alert(1)</script>",
        "",
        "## 1. Safety | parks",
        "",
        "1. The council should fund street lights | CCTV in every park <script>alert(2)</script>.",
        "",
        "2. The council should publish a *yearly* report on [park](javascript:alert(3)) safety `now`.",
    ], "ref|<b>.md"))
    target = outline_text(_doc([
        "# Target <img src=x onerror=alert(4)>",
        "",
        "## Parks | lights",
        "",
        "Street lights | CCTV will be fitted in every park <script>x</script>.",
        "",
        "## Other <script>",
        "",
        "Unrelated | text <iframe> about libraries and swimming pools.",
    ], "t.md"))
    return compare(ref, [target], Options())


@pytest.mark.parametrize("show", ["all", "gaps", "covered"])
def test_document_text_cannot_break_tables_or_inject_html(show: str) -> None:
    c = _hostile()
    out = markdown.format_comparison(c, show=show)
    _assert_tables_are_whole(out)
    assert not RAW_TAG.search(out), "a raw '<' would start HTML"
    assert "\\<script\\>" in out


def test_explain_escapes_document_text() -> None:
    c = _hostile()
    for u in c.reference.units:
        out = markdown.format_explain(c, u.id)
        assert not RAW_TAG.search(out)
        _assert_tables_are_whole(out)


def test_matrix_escapes_document_text() -> None:
    c = _hostile()
    out = markdown.format_comparison(Comparison(c.reference, c.targets * 2, c.options))
    _assert_tables_are_whole(out)
    assert not RAW_TAG.search(out)


@given(st.text(max_size=60))
def test_escape_leaves_no_markup_unescaped(text: str) -> None:
    out = markdown.escape(text)
    bare = re.sub(r"\\.", "", out)  # drop every escaped character
    assert not any(ch in bare for ch in "|<>*_`[]#~\\")
    assert "\n" not in out


def test_gaps_table_lists_missing_and_partial_only() -> None:
    c = en()
    out = markdown.format_comparison(c)
    gaps = out.split("### Gaps", 1)[1].split("###", 1)[0]
    ids = set(re.findall(r"^\| [✔◐✘]\?? \w+ \| `([^`]+)`", gaps, re.M))
    assert ids == {v.unit.id for v in c.targets[0].verdicts if v.status in ("missing", "partial")}
    partial = next(v for v in c.targets[0].verdicts if v.status == "partial")
    row = next(line for line in gaps.splitlines() if f"`{partial.unit.id}`" in line)
    cells = _cells(row)
    assert cells[0] == "◐ partial"
    assert cells[5].startswith("§") and " line " in cells[5]
    assert cells[6].count(";") == len(partial.missing_clauses) - 1


@pytest.mark.parametrize("make", [zh, en])
def test_show_selects_the_lists(make: object) -> None:
    c = make()  # type: ignore[operator]
    both = markdown.format_comparison(c)
    gaps = markdown.format_comparison(c, show="gaps")
    covered = markdown.format_comparison(c, show="covered")
    assert "### Gaps" in both and "### Covered" in both
    assert "### Gaps" in gaps and "### Covered" not in gaps
    assert "### Gaps" not in covered and "### Covered" in covered
    covered_ids = {v.unit.id for v in c.targets[0].verdicts if v.status == "covered"}
    for i in covered_ids:
        assert f"`{i}`" not in gaps


def test_report_has_title_summary_alignment_and_additions() -> None:
    c = zh()
    out = markdown.format_comparison(c)
    lines = out.splitlines()
    assert lines[0].startswith("# Coverage of ")
    t = c.targets[0]
    assert f"| {t.count('covered')} | {t.count('partial')} | {t.count('missing')} | {t.judged} | " \
           f"**{t.percent:.1f}%** |" in out
    assert "## Sections" in out and "| Reference section | Target section | Alignment | Coverage |" in out
    assert "## Additions (2)" in out
    for a in t.additions:
        assert f"{a.section} {a.title} (line {a.line})" in out


def test_matrix_totals_match_the_counts() -> None:
    c = zh_matrix()
    out = markdown.format_comparison(c)
    total = next(line for line in out.splitlines() if line.startswith("| **Total**"))
    cells = _cells(total)[2:]
    assert cells == [f"{t.count('covered')} / {t.count('partial')} / {t.count('missing')}" for t in c.targets]
    coverage = next(line for line in out.splitlines() if "| coverage |" in line)
    assert _cells(coverage)[2:] == [f"**{t.percent:.1f}%**" for t in c.targets]


def test_matrix_gaps_keeps_rows_with_a_gap_in_any_target() -> None:
    c = zh_matrix()
    out = markdown.format_comparison(c, show="gaps")
    listed = set(re.findall(r"^\| `([^`]+)` \|", out, re.M))
    expected = {v.unit.id for i, v in enumerate(c.targets[0].verdicts)
                if v.status is not None and any(t.verdicts[i].status != "covered" for t in c.targets)}
    assert listed == expected


def test_output_is_deterministic() -> None:
    assert markdown.format_comparison(zh()) == markdown.format_comparison(zh())
    assert markdown.format_explain(en(), "2.2") == markdown.format_explain(en(), "2.2")


def test_explain_shows_decision_and_bold_terms() -> None:
    out = markdown.format_explain(en(), "2.2")
    assert "**Verdict: ✘ missing** — score 28.0 < partial 35 → missing." in out
    assert "**call-back** **service**" in out
    assert "## Why" in out


def test_explain_of_an_unknown_id_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match=r"'nope'"):
        markdown.format_explain(zh(), "nope")


def test_explain_of_a_context_unit() -> None:
    out = markdown.format_explain(zh(), "1")
    assert "not judged" in out and "## Clauses" not in out


def test_unknown_show_is_a_usage_error() -> None:
    with pytest.raises(UsageError):
        markdown.format_comparison(zh(), show="nope")


@given(st.text(max_size=80), st.integers(min_value=2, max_value=60))
def test_clip_fits_the_display_width(text: str, width: int) -> None:
    out = clip(text, width)
    assert display_width(out) <= width
    assert "\n" not in out


def test_display_width_counts_columns_as_a_terminal_draws_them() -> None:
    assert display_width("abc") == 3
    assert display_width("社会（一）") == 10  # wide: CJK and full-width forms
    assert display_width("e\u0301") == 1  # a combining accent takes no column of its own
    assert display_width("a\u200bb\ufeff") == 2  # nor do zero-width spaces and format characters
    assert display_width("✔◐✘…—█░") == 7
    assert char_width("\u0378") == 1  # unassigned
