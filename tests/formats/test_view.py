"""The view model both text renderers draw: line breaking, wrapping, what goes in the blocks."""

from __future__ import annotations

from golden_cases import zh, zh_matrix
from hypothesis import given
from hypothesis import strategies as st

from policydiff.formats import view
from policydiff.formats.markdown import display_width


@given(st.text(alphabet=st.sampled_from("ab 社区治安，。（）【】“”x-y\n"), max_size=200),
       st.integers(min_value=6, max_value=40))
def test_line_spans_fit_and_lose_nothing_but_spaces(text: str, width: int) -> None:
    spans = view.line_spans(text, width)
    for start, end in spans:
        assert display_width(text[start:end]) <= width
    assert "".join(text[s:e] for s, e in spans).replace(" ", "").replace("\n", "") == \
        text.replace(" ", "").replace("\n", "")


def test_cjk_lines_do_not_start_with_closing_punctuation() -> None:
    text = "一二三四五六七八九，十一二三四五六七八九。十"
    lines = [text[s:e] for s, e in view.line_spans(text, 18)]
    assert all(line[0] not in "，。" for line in lines)
    assert all(display_width(line) <= 18 for line in lines)


def test_latin_text_breaks_between_words() -> None:
    text = "the council should fund street lights in every park"
    lines = [text[s:e] for s, e in view.line_spans(text, 20)]
    assert lines == ["the council should", "fund street lights", "in every park"]


def test_a_word_wider_than_the_line_is_folded() -> None:
    url = "https://example.org/" + "x" * 50
    assert all(e - s <= 20 for s, e in view.line_spans(url, 20))


def _lines(page: view.Page) -> list[str]:
    return [view.plain_text(b) for b in page.blocks if not isinstance(b, view.Table)]


def test_wrap_keeps_highlighted_terms_and_styles_whole() -> None:
    page = view.Page(30, color=True)
    pieces: list[view.Piece] = ["社区治安治理要", ("在小区出入口安装视频监控", view.HIGHLIGHT), "，接入派出所平台。"]
    page.wrap(pieces, 2)
    lines = _lines(page)
    assert "".join(line.strip() for line in lines) == view.plain_text(pieces)
    assert any("在小区出入口安装视频监控" in line for line in lines)
    styled = [p for b in page.blocks if not isinstance(b, view.Table) for p in b if not isinstance(p, str)]
    assert styled == [("在小区出入口安装视频监控", view.HIGHLIGHT)]


def test_wrap_leaves_room_for_text_however_deep_the_indent() -> None:
    page = view.Page(40, color=False)
    page.wrap(["word " * 30], 60)
    for line in _lines(page):
        assert display_width(line) <= 40
        assert line.startswith(" " * (40 - view.MIN_TEXT)) and line[40 - view.MIN_TEXT] != " "


def test_the_sections_table_holds_one_row_per_section() -> None:
    c = zh()
    (table,) = [b for b in view.compare_view(c) if isinstance(b, view.Table)]
    assert [col.header for col in table.columns] == ["Reference section", "Target section", "Align", "Coverage"]
    assert len(table.rows) == len(c.targets[0].sections)


def test_the_matrix_has_a_column_and_a_total_per_target() -> None:
    c = zh_matrix()
    (table,) = [b for b in view.compare_view(c, show="gaps") if isinstance(b, view.Table)]
    assert table.footer and len(table.columns) == 2 + len(c.targets)
    for col, t in zip(table.columns[2:], c.targets, strict=True):
        assert col.footer == f"{t.count('covered')}/{t.count('partial')}/{t.count('missing')}\n{t.percent:.1f}%"
        assert col.justify == "center"


def test_plain_views_bracket_shared_terms_and_colour_views_style_them() -> None:
    assert view.highlight("安装视频监控设备", ["视频监控"], color=False) == \
        ["安装", ("【视频监控】", view.HIGHLIGHT), "设备"]
    assert view.highlight("fund the call-back service", ["call-back"], color=False) == \
        ["fund the ", ("**call-back**", view.HIGHLIGHT), " service"]
    assert view.highlight("安装视频监控设备", ["视频监控"], color=True) == \
        ["安装", ("视频监控", view.HIGHLIGHT), "设备"]
