"""HTML: main text, dropped boilerplate, headings, tables, charsets, source line numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff.errors import InputError
from policydiff.models import Line
from policydiff.read import read_bytes
from policydiff.read.html import declared_charset, extract_lines


def _texts(markup: str) -> list[str]:
    return [line.text for line in extract_lines(markup)]


PAGE = """<!DOCTYPE html>
<html>
<head>
  <meta charset="utf-8">
  <title>关于加强社会治安防控体系建设的意见_网站名称</title>
  <style>p { color: red; }</style>
  <script>var nav = "首页";</script>
</head>
<body>
  <div id="header">网站首页 | 新闻中心</div>
  <nav><a href="/">首页</a> &gt; <a href="/news">新闻</a></nav>
  <div class="breadcrumb">您现在的位置：首页 &gt; 政策</div>
  <h1>关于加强社会治安防控体系建设的意见</h1>
  <p>为有效应对影响社会安全稳定的突出问题，
     创新立体化社会治安防控体系。</p>
  <h2>一、总体要求</h2>
  <p>（一）指导思想。<b>坚持</b>系统治理&amp;依法治理。</p>
  <ul><li>first item</li><li>second <i>item</i></li></ul>
  <div class="share-buttons">分享到微信</div>
  <aside>相关文章</aside>
  <form><input name="q"><button>搜索</button></form>
  <footer>版权所有 © 2015</footer>
  <noscript>请启用脚本</noscript>
</body>
</html>
"""


def test_main_text_without_boilerplate() -> None:
    lines = extract_lines(PAGE)
    assert [line.text for line in lines] == [
        "关于加强社会治安防控体系建设的意见",
        "为有效应对影响社会安全稳定的突出问题，创新立体化社会治安防控体系。",
        "一、总体要求",
        "（一）指导思想。坚持系统治理&依法治理。",
        "first item",
        "second item",
    ]
    assert [line.heading for line in lines] == [1, None, 2, None, None, None]


def test_line_numbers_point_at_the_source() -> None:
    source = PAGE.split("\n")
    for line in extract_lines(PAGE):
        first_word = line.text[:4]
        assert first_word in source[line.number - 1], (line, source[line.number - 1])


def test_main_element_is_preferred() -> None:
    markup = """<html><body><div>site menu text that is long enough to matter</div>
    <main><h1>Policy</h1><p>Body text.</p></main><div>related links</div></body></html>"""
    assert _texts(markup) == ["Policy", "Body text."]


def test_article_is_preferred_when_it_holds_the_text() -> None:
    markup = """<body><div>Latest news</div><article><header><h1>Plan</h1></header>
    <p>The council will publish a community safety plan every year.</p></article>
    <div class="related">More</div></body>"""
    assert _texts(markup) == ["Plan", "The council will publish a community safety plan every year."]


def test_small_teaser_articles_do_not_hide_the_page() -> None:
    body = "<p>" + "Main text of the page. " * 20 + "</p>"
    markup = f"<body><div>{body}</div><article><p>teaser</p></article></body>"
    assert _texts(markup) == [("Main text of the page. " * 20).strip(), "teaser"]


def test_site_header_is_dropped_but_not_an_article_header() -> None:
    markup = (
        "<body><header>Site name</header><article><header><h2>Title</h2></header><p>x</p></article></body>"
    )
    assert _texts(markup) == ["Title", "x"]


@pytest.mark.parametrize(
    "attributes",
    [
        'class="nav"',
        'class="main-nav"',
        'id="sidebar"',
        'class="site-footer"',
        'class="breadcrumbs"',
        'class="comments-area"',
        'role="navigation"',
        "hidden",
        'style="display: none"',
        'id="header"',
    ],
)
def test_navigation_marked_by_attributes_is_dropped(attributes: str) -> None:
    assert _texts(f"<body><div {attributes}>menu</div><p>text</p></body>") == ["text"]


@pytest.mark.parametrize(
    "attributes",
    [
        'class="content-sidebar-wrap"',
        'class="article-header"',
        'class="navigator-free"',
        'class="has-sidebar"',
    ],
)
def test_content_is_not_dropped_for_lookalike_classes(attributes: str) -> None:
    assert _texts(f"<body><div {attributes}><p>text</p></div></body>") == ["text"]


def test_body_classes_never_drop_the_page() -> None:
    assert _texts('<body class="comments-open nav-top"><p>text</p></body>') == ["text"]


def test_blocks_breaks_tables_and_entities() -> None:
    markup = """<body>
<p>one<br>two<br/>three</p>
<table><tr><th>项目</th><th>责任单位</th></tr>
<tr><td>网格&nbsp;建设</td><td></td><td>街道</td></tr></table>
<blockquote>quoted &lt;text&gt; &#x4E2D;&#25991;</blockquote>
</body>"""
    assert _texts(markup) == [
        "one",
        "two",
        "three",
        "项目 | 责任单位",
        "网格 建设 | 街道",
        "quoted <text> 中文",
    ]


def test_layout_tables_with_paragraphs_break_lines() -> None:
    markup = "<table><tr><td><p>第一段。</p><p>第二段。</p></td></tr></table>"
    assert _texts(markup) == ["第一段。", "第二段。"]


def test_cjk_wrapped_in_source_gets_no_space() -> None:
    assert _texts("<p>加强\n   社会治安\n防控。 English\nwords 中 文</p>") == [
        "加强社会治安防控。 English words 中 文"
    ]


def test_pre_keeps_lines_and_indentation() -> None:
    markup = "<body>\n<pre>\nline one\n    indented\n\nlast</pre></body>"
    lines = extract_lines(markup)
    assert lines == (Line("line one", 3), Line("    indented", 4), Line("last", 6))


def test_unclosed_and_stray_tags() -> None:
    markup = "<html><head><title>T</title><p>one<p>two</div></span><li>three<nav>menu"
    assert _texts(markup) == ["one", "two", "three"]


def test_head_without_body_tag() -> None:
    assert _texts("<html><head><title>T</title><meta charset=utf-8>text outside</html>") == ["text outside"]


@pytest.mark.parametrize(
    ("head", "charset"),
    [
        ('<meta charset="gb2312">', "gb2312"),
        ("<meta charset=GBK>", "GBK"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312" />', "gb2312"),
        ("<?xml version='1.0' encoding='big5'?>", "big5"),
        ("<meta name=viewport>", None),
    ],
)
def test_declared_charset(head: str, charset: str | None) -> None:
    assert declared_charset(f"<html><head>{head}</head>".encode()) == charset


@pytest.mark.parametrize("label", ["gb2312", "gbk", "GB2312", "x-gbk"])
def test_gbk_page_honours_its_meta_charset(label: str) -> None:
    markup = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={label}"></head>'
    markup += "<body><p>关于加强社会治安防控体系建设的意见</p></body></html>"
    text = read_bytes(markup.encode("gbk"), origin="page.html", format="html")
    assert text.encoding == "gb18030"
    assert text.content == "关于加强社会治安防控体系建设的意见"


def test_big5_page_with_meta_charset() -> None:
    markup = '<meta charset="big5"><p>社會治安</p>'
    text = read_bytes(markup.encode("big5"), origin="page.html", format="html")
    assert (text.encoding, text.content) == ("big5", "社會治安")


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    markup = '<meta charset="gbk"><p>社会治安防控体系</p>'
    text = read_bytes(markup.encode("utf-8"), origin="page.html", format="html")
    assert (text.encoding, text.content) == ("utf-8", "社会治安防控体系")


def test_a_wrong_declaration_falls_back_to_detection() -> None:
    markup = '<meta charset="utf-8"><p>社会治安防控体系建设的意见</p>'
    text = read_bytes(markup.encode("gbk"), origin="page.html", format="html")
    assert (text.encoding, text.content) == ("gb18030", "社会治安防控体系建设的意见")


def test_bom_overrides_meta() -> None:
    markup = '<meta charset="gbk"><p>社会治安</p>'
    text = read_bytes(
        "\ufeff".encode("utf-16-le") + markup.encode("utf-16-le"), origin="p.html", format="html"
    )
    assert (text.encoding, text.content) == ("utf-16-le", "社会治安")


def test_page_with_only_boilerplate_has_no_text() -> None:
    with pytest.raises(InputError, match=r"page\.html: the document has no text"):
        read_bytes(
            b"<html><head><title>T</title></head><body><nav>menu</nav></body></html>", origin="page.html"
        )


@given(st.text(alphabet="<>/!-&;#abcdehilmnoprstvx\"'= \n中文", max_size=200))
def test_arbitrary_markup_never_crashes(markup: str) -> None:
    try:
        lines = extract_lines(markup)
    except InputError:
        return
    for line in lines:
        assert line.text.strip() and "\n" not in line.text
        assert 1 <= line.number <= markup.count("\n") + 1


def test_page_wide_aspnet_form_is_kept_but_search_forms_are_dropped() -> None:
    markup = """<html><body><form id="form1" method="post">
<div class="top"><form action="/search"><input name="q"><button>搜索</button>站内搜索</form></div>
<h1>关于加强社区警务工作的通知</h1><p>各派出所：</p>
</form></body></html>"""
    assert _texts(markup) == ["关于加强社区警务工作的通知", "各派出所："]


# --- a missing end tag must not cost the page ------------------------------------------------------


def test_an_unclosed_site_header_does_not_swallow_the_page() -> None:
    markup = "<html><body><header><div>Site</div><h1>Plan</h1><p>The council should fund libraries.</p></body></html>"
    assert _texts(markup)[-2:] == ["Plan", "The council should fund libraries."]


def test_a_page_whose_text_is_all_in_a_closed_header_is_read_with_its_furniture() -> None:
    markup = "<body><header><h1>Plan</h1><p>The council should fund libraries.</p></header><nav>Home</nav></body>"
    assert _texts(markup) == ["Plan", "The council should fund libraries.", "Home"]


def test_the_sample_page_without_its_closing_nav_reads_as_the_page() -> None:
    from pathlib import Path

    from policydiff import api
    from policydiff.read import read_loaded

    page = (Path(__file__).resolve().parents[2] / "samples" / "zh-bureau-page.html").read_bytes()
    assert page.count(b"</nav>") == 1
    whole = api.outline_text(read_loaded(page, "page.html"))
    broken = api.outline_text(read_loaded(page.replace(b"</nav>", b""), "page.html"))
    assert [(u.id, u.kind, u.text) for u in broken.units] == [(u.id, u.kind, u.text) for u in whole.units]


def test_an_unclosed_menu_at_the_end_stays_dropped() -> None:
    """Kept only when the unclosed furniture holds most of the page: a trailing menu is still a menu."""
    assert _texts("<body><h1>Plan</h1><p>The council should fund libraries.</p><nav><a>Home</a><a>Contact</a>") == [
        "Plan", "The council should fund libraries."]
