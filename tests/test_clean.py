"""clean: every kind of boilerplate goes, the document's own text (short lists included) stays."""

from __future__ import annotations

from conftest import PAPER, load_text, make_text

from policydiff.clean import clean, display_width
from policydiff.models import Text

BODY = "公安机关要进一步解放思想，破除错误认识，牢固树立与时俱进意识，不断深化改革，破解社会管理难题。"


def kept(text: Text) -> list[str]:
    return [line.text for line in clean(text).lines]


def nonblank(text: Text) -> list[str]:
    return [s for s in kept(text) if s.strip()]


# --- menus and link bars ---------------------------------------------------------------------------

MENU = "\n".join(f"  • {name}" for name in ["范文大全", "公文写作", "工作总结", "工作报告", "心得体会", "讲话稿"])


def test_menu_run_at_the_top_is_dropped() -> None:
    out = nonblank(make_text(f"{MENU}\n\n文章标题示例\n\n{BODY}"))
    assert out == ["文章标题示例", BODY]


def test_short_list_inside_the_body_is_kept() -> None:
    items = ["- 加强领导", "- 完善制度", "- 落实责任", "- 强化考核", "- 广泛宣传", "- 总结经验"]
    source = "\n".join(["# 工作方案", "", BODY, "", "主要任务有：", "", *items, "", BODY])
    assert nonblank(make_text(source, "md")) == ["# 工作方案", BODY, "主要任务有：", *items, BODY]


def test_short_bulleted_list_after_a_heading_is_kept() -> None:
    items = ["* Devices", "* Skills", "* Outreach", "* Funding", "* Evaluation"]
    source = "\n".join(["## 1. Themes", "", *items])
    assert nonblank(make_text(source, "md")) == ["## 1. Themes", *items]


def test_link_bar_at_the_top_is_dropped() -> None:
    bar = "\n".join(["首页", "|", "新闻", "|", "公告", "|", "办事"])
    assert nonblank(make_text(f"{bar}\n\n{BODY}")) == [BODY]


def test_block_of_page_chrome_at_the_top_is_dropped() -> None:
    chrome = [
        "My WebLink", "|", "Help", "|", "About", "|", "Sign Out", "Home", "Browse", "Search",
        "2020.06.08 Public Safety Commission Packet", "Metadata", "Thumbnails", "Annotations",
        "Last modified", "3/17/2021 3:55:57 PM", "There are no annotations on this page.", "PDF", "Print",
        "View images", "View plain text",
    ]
    body = "1.1 RECOMMENDATION: Law enforcement culture should embrace a guardian mindset to build " * 2
    assert nonblank(make_text("\n".join([*chrome, body]))) == [body]


def test_title_after_the_chrome_is_kept() -> None:
    chrome = ["Home", "|", "News", "|", "About", "|", "Contact", "Search", "Login"]
    title = "Modernising Neighbourhood Policing: Recommendations"
    out = nonblank(make_text("\n".join([*chrome, title, "", "The council should act now. " * 5])))
    assert out[0] == title


def test_a_document_starting_with_short_lines_is_not_chrome() -> None:
    source = "# 保安服务管理条例\n\n2009年10月13日 国务院令第564号公布\n\n## 第一章 总 则\n\n第一条 为了规范保安服务活动，制定本条例。"
    assert kept(make_text(source, "md")) == source.split("\n")


# --- breadcrumbs, meta lines, tails, SEO title -----------------------------------------------------


def test_breadcrumbs_are_dropped() -> None:
    for crumb in ["您现在的位置:雨月范文网 > 工作报告 > 正文", "当前位置：首页 > 新闻中心 > 工作动态", "首页 > 通知公告"]:
        assert nonblank(make_text(f"{crumb}\n\n{BODY}")) == [BODY], crumb


def test_source_time_clicks_line_is_dropped() -> None:
    for meta in ["来源:雨月范文网 时间:2020-02-22 点击:", "发布时间：2023-05-06  来源：市公安局  浏览次数：1024"]:
        assert nonblank(make_text(f"标题在此处\n{meta}\n{BODY}")) == ["标题在此处", BODY], meta


def test_a_single_date_in_the_body_is_kept() -> None:
    line = "时间：2024年全年。"
    assert nonblank(make_text(f"{BODY}\n{line}")) == [BODY, line]


def test_recommended_and_related_tails_are_dropped() -> None:
    body = [BODY] * 6
    for tail in ["推荐访问:公安机关 基层 管理创新", "相关文章：", "上一篇：关于某某的通知", "版权所有 © 某某网"]:
        source = "\n".join([*body, tail, "某某文章标题一", "某某文章标题二"])
        assert nonblank(make_text(source)) == body, tail


def test_comment_form_tail_is_dropped() -> None:
    body = ["The council should fund the scheme. It should report yearly."] * 4
    source = "\n".join([*body, "", "Leave a Reply", "", "Your email address will not be published."])
    assert nonblank(make_text(source)) == body


def test_tail_word_early_in_the_document_is_not_a_tail() -> None:
    source = "\n".join(["相关文章：本文引用了以下材料。", BODY, BODY, BODY])
    assert nonblank(make_text(source)) == source.split("\n")


def test_seo_title_copy_is_dropped() -> None:
    source = "基层公安机关推进社会管理创新的理性思考 基层公安机关的定义\n\n基层公安机关推进社会管理创新的理性思考\n\n" + BODY
    assert nonblank(make_text(source)) == ["基层公安机关推进社会管理创新的理性思考", BODY]


def test_seo_title_needs_a_separator() -> None:
    """A title followed by a line that merely starts with it is not an SEO copy."""
    source = "关于加强社会治安防控体系建设的意见\n关于加强社会治安防控体系建设的意见全文如下。\n" + BODY
    assert nonblank(make_text(source)) == source.split("\n")


# --- converted-file noise -------------------------------------------------------------------------


def test_html_comments_are_dropped() -> None:
    source = "# 标题\n<!-- INFO END -->\n正文第一段。\n<!--\n多行注释\n-->\n正文<!-- 行内 -->第二段。"
    assert nonblank(make_text(source, "md")) == ["# 标题", "正文第一段。", "正文第二段。"]


def test_merge_conflict_markers_are_dropped_and_ours_is_kept() -> None:
    source = "\n".join(
        ["Intro line.", "<<<<<<< HEAD", "This Standard is in beta stage.", "=======",
         "This Standard is in alpha phase.", ">>>>>>> parent of b9ee5fe... Merge pull request #20", "Outro line."]
    )
    assert kept(make_text(source)) == ["Intro line.", "This Standard is in beta stage.", "Outro line."]


def test_setext_underline_of_seven_equals_signs_is_not_a_conflict_marker() -> None:
    source = "Summary\n=======\n\nText of the summary."
    assert kept(make_text(source, "md")) == source.split("\n")


def test_page_numbers_are_dropped() -> None:
    for number in ["- 3 -", "— 12 —", "第 3 页", "第3页 共10页", "Page 4", "Page 4 of 10", "4 / 10"]:
        assert nonblank(make_text(f"{BODY}\n{number}\n{BODY}")) == [BODY, BODY], number


def test_literal_br_tags_are_line_breaks() -> None:
    out = clean(make_text("Title <br />1.1 RECOMMENDATION: act.<br>1.2 RECOMMENDATION: report."))
    assert [line.text for line in out.lines] == ["Title", "1.1 RECOMMENDATION: act.", "1.2 RECOMMENDATION: report."]
    assert {line.number for line in out.lines} == {1}


def test_kept_lines_keep_their_source_numbers() -> None:
    out = clean(make_text(f"{MENU}\n\n文章标题示例\n\n{BODY}"))
    assert [(line.number, line.text) for line in out.lines if line.text.strip()] == [(8, "文章标题示例"), (10, BODY)]


def test_clean_keeps_origin_format_and_digest() -> None:
    text = make_text(f"{MENU}\n{BODY}", "md", origin="x.md")
    out = clean(text)
    assert (out.origin, out.format, out.encoding, out.sha256) == (text.origin, text.format, text.encoding, text.sha256)


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("社会") == 4
    assert display_width("（一）") == 6


# --- the paper ------------------------------------------------------------------------------------


def test_paper_boilerplate_is_gone() -> None:
    out = clean(load_text(PAPER))
    numbers = [line.number for line in out.lines if line.text.strip()]
    text = "\n".join(line.text for line in out.lines)
    assert numbers[0] == 35  # the title; lines 1-33 are the menu, breadcrumb, SEO title and 来源 line
    assert not any(n <= 33 for n in numbers)
    assert "推荐访问" not in text and "雨月范文网" not in text and "点击" not in text
    assert numbers[-1] == 100


def test_menu_after_a_breadcrumb_is_still_a_menu() -> None:
    source = f"当前位置：首页 > 新闻中心 > 工作动态\n{MENU}\n\n文章标题示例\n\n{BODY}"
    assert nonblank(make_text(source)) == ["文章标题示例", BODY]


def test_page_chrome_in_traditional_characters_is_dropped_too() -> None:
    body = "公安機關要進一步解放思想，破除錯誤認識，牢固樹立與時俱進意識，不斷深化改革，破解社會管理難題。"
    for crumb in ["您現在的位置:範文網 > 工作報告 > 正文", "當前位置：首頁 > 新聞中心", "首頁 > 通知公告"]:
        assert nonblank(make_text(f"{crumb}\n\n{body}")) == [body], crumb
    for meta in ["來源:範文網 時間:2020-02-22 點擊:", "發佈時間：2023-05-06  來源：市公安局  瀏覽次數：1024"]:
        assert nonblank(make_text(f"標題在此處\n{meta}\n{body}")) == ["標題在此處", body], meta
    source = "\n".join([body] * 6 + ["推薦訪問:公安機關 基層", "某某文章標題一", "某某文章標題二"])
    assert nonblank(make_text(source)) == [body] * 6
    assert nonblank(make_text(f"{body}\n第 3 頁")) == [body]


def test_a_long_line_holding_metadata_keys_is_text_not_a_metadata_line():
    # a page pasted as one line keeps its 来源：/时间： header: the line is the document, not page furniture
    body = "来源：市公安局 时间：2024-05-01 " + "各派出所要建立社区警务室，每个社区至少配备一名社区民警。" * 40
    lines = clean(make_text(body)).lines
    assert [line.text for line in lines] == [body]
    assert clean(make_text("来源：市公安局 时间：2024-05-01 点击：35\n正文第一段。")).content == "正文第一段。"
