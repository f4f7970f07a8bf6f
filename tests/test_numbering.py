"""The numbering grammar: every marker style of DESIGN.md 'Numbering grammar' is recognised."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff.numbering import Role, cn_number, inline_items, normalise_token, parse_marker, roman_number

# (text, style, token, value, rest, role)
STYLES = [
    # Chinese official documents: 一、 → （一） → 1. → （1）
    ("一、总体要求", "cn、", "一、", 1, "总体要求", Role.EITHER),
    ("（一）指导思想", "(cn)", "（一）", 1, "指导思想", Role.EITHER),
    ("(二)目标任务", "(cn)", "(二)", 2, "目标任务", Role.EITHER),
    ("1. 加强组织领导", "1.", "1.", 1, "加强组织领导", Role.EITHER),
    ("2．全角句点", "1.", "2．", 2, "全角句点", Role.EITHER),
    ("3、顿号编号", "1、", "3、", 3, "顿号编号", Role.EITHER),
    ("（1）全角括号", "(1)", "（1）", 1, "全角括号", Role.EITHER),
    ("(2)半角括号", "(1)", "(2)", 2, "半角括号", Role.EITHER),
    ("1）右括号", "1)", "1）", 1, "右括号", Role.ITEM),
    ("2) half-width", "1)", "2)", 2, "half-width", Role.ITEM),
    ("①圈码", "①", "①", 1, "圈码", Role.ITEM),
    ("⑳ twenty", "①", "⑳", 20, "twenty", Role.ITEM),
    # laws
    ("第一编 总则", "第编", "第一编", 1, "总则", Role.HEADING),
    ("第三章 法律责任", "第章", "第三章", 3, "法律责任", Role.HEADING),
    ("第二节 一般规定", "第节", "第二节", 2, "一般规定", Role.HEADING),
    ("第十二条 本条例自公布之日起施行。", "第条", "第十二条", 12, "本条例自公布之日起施行。", Role.ITEM),
    ("第5条 阿拉伯数字", "第条", "第5条", 5, "阿拉伯数字", Role.ITEM),
    # drafts
    ("一是加强领导。", "一是", "一是", 1, "加强领导。", Role.ITEM),
    ("三是，完善制度", "一是", "三是", 3, "完善制度", Role.ITEM),
    # Markdown
    ("# Title", "md1", "#", None, "Title", Role.HEADING),
    ("## 一、总体要求", "md2", "##", None, "一、总体要求", Role.HEADING),
    ("### Checklist", "md3", "###", None, "Checklist", Role.HEADING),
    ("#### Four", "md4", "####", None, "Four", Role.HEADING),
    ("##### Five", "md5", "#####", None, "Five", Role.HEADING),
    ("###### Six ######", "md6", "######", None, "Six", Role.HEADING),
    # English
    ("1.1 Scope", "1.1/2", "1.1", 1, "Scope", Role.EITHER),
    ("2.3.4 Deep", "1.1/3", "2.3.4", 4, "Deep", Role.EITHER),
    ("1.2. Trailing dot", "1.1/2", "1.2.", 2, "Trailing dot", Role.EITHER),
    ("**1.1** The council should act.", "1.1/2", "1.1", 1, "The council should act.", Role.EITHER),
    ("I. Introduction", "I.", "I.", 1, "Introduction", Role.EITHER),
    ("II. Background", "I.", "II.", 2, "Background", Role.EITHER),
    ("IV. Findings", "I.", "IV.", 4, "Findings", Role.EITHER),
    ("IX) Ninth", "I.", "IX)", 9, "Ninth", Role.EITHER),
    ("Section 3", "section:section", "Section 3", 3, "", Role.HEADING),
    ("Section 3: Scope", "section:section", "Section 3", 3, "Scope", Role.HEADING),
    ("Chapter 2 Methods", "section:chapter", "Chapter 2", 2, "Methods", Role.HEADING),
    ("CHAPTER IV", "section:chapter", "CHAPTER IV", 4, "", Role.HEADING),
    ("Recommendation 4: Fund the scheme.", "rec", "Recommendation 4", 4, "Fund the scheme.", Role.ITEM),
    ("recommendation 12 – lower case", "rec", "recommendation 12", 12, "lower case", Role.ITEM),
    # bullets
    ("- dash", "bullet", "-", None, "dash", Role.ITEM),
    ("* star", "bullet", "*", None, "star", Role.ITEM),
    ("• dot", "bullet", "•", None, "dot", Role.ITEM),
    ("· middle dot", "bullet", "·", None, "middle dot", Role.ITEM),
]


@pytest.mark.parametrize(("text", "style", "token", "value", "rest", "role"), STYLES, ids=[s[0] for s in STYLES])
def test_every_style_is_recognised(
    text: str, style: str, token: str, value: int | None, rest: str, role: Role
) -> None:
    m = parse_marker(text)
    assert m is not None
    assert (m.style, m.token, m.value, m.rest, m.role) == (style, token, value, rest, role)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("十九", 19), ("二十", 20), ("二十三", 23),
     ("九十九", 99), ("两", 2), ("一百零五", 105), ("三百二十", 320)],
)
def test_chinese_numerals(numeral: str, value: int) -> None:
    assert cn_number(numeral) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("十一、第十一部分", 11), ("二十三、第二十三部分", 23), ("九十九、末尾", 99), ("（十一）十一", 11),
     ("（二十三）二十三", 23), ("第二十三条 条文", 23), ("第九十九条 条文", 99), ("十一是第十一点", 11),
     ("十一. 半角句点", 11)],
)
def test_chinese_numerals_up_to_99_in_markers(text: str, value: int) -> None:
    m = parse_marker(text)
    assert m is not None and m.value == value


@pytest.mark.parametrize(("numeral", "value"), [("I", 1), ("IV", 4), ("IX", 9), ("XIV", 14), ("XL", 40)])
def test_roman_numerals(numeral: str, value: int) -> None:
    assert roman_number(numeral) == value


@pytest.mark.parametrize("text", ["", "IIII", "IIV", "ABC", "VX"])
def test_not_roman_numerals(text: str) -> None:
    assert roman_number(text) is None


@pytest.mark.parametrize("text", ["（ 一 ）空格", "一 、空格"])
def test_spaces_inside_a_marker(text: str) -> None:
    m = parse_marker(text)
    assert m is not None and m.value == 1 and m.rest == "空格"


def test_leading_white_space_and_ideographic_space_are_ignored() -> None:
    m = parse_marker("\u3000\u3000（三）深化勤务机制改革")
    assert m is not None and (m.style, m.value, m.rest) == ("(cn)", 3, "深化勤务机制改革")


def test_bold_heading_that_opens_with_a_marker() -> None:
    m = parse_marker("**一、加强社会治安防控体系建设的指导思想**")
    assert m is not None and (m.style, m.value, m.rest) == ("cn、", 1, "加强社会治安防控体系建设的指导思想")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "社会管理创新是新形势下公安机关的时代抉择",
        "I am not a numeral",  # 'I.' needs a capitalised title after it
        "####### seven hashes",
        "#hashtag",
        "-dash without a space",
        "2.5 million people live here",  # a decimal number, not section 2.5
        "1.5亿人口",
        "3.14 is pi",
        "2020.06.08 Public Safety Commission Packet",
        "一.一",  # a decimal written in Chinese numerals
        "1000. four digits",
        "Sectional interests",
    ],
)
def test_not_a_marker(text: str) -> None:
    assert parse_marker(text) is None


def test_circled_numbers_and_chinese_numerals_do_not_clash() -> None:
    assert parse_marker("一是") is not None
    assert parse_marker("一是非问题") is not None  # at line start 一是 is always read as a marker


@pytest.mark.parametrize(
    ("token", "normalised"),
    [("（一）", "(一)"), ("(一)", "(一)"), ("一、", "一"), ("1.", "1"), ("1．", "1"), ("第三章", "第三章"),
     ("1.1", "1.1"), ("（ 2 ）", "(2)")],
)
def test_normalise_token(token: str, normalised: str) -> None:
    assert normalise_token(token) == normalised


# --- inline enumerations -------------------------------------------------------------------------


def test_inline_yishi_splits_after_full_stops() -> None:
    text = "总起。一是加强领导。二是完善制度。三是落实责任。"
    assert inline_items(text) == [(0, "总起。"), (3, "一是加强领导。"), (10, "二是完善制度。"), (17, "三是落实责任。")]


def test_inline_yishi_splits_after_colon_and_commas() -> None:
    parts = inline_items("要做到三个坚持：一是坚持依法，二是坚持公正，三是坚持文明。")
    assert [p for _, p in parts] == ["要做到三个坚持：", "一是坚持依法，", "二是坚持公正，", "三是坚持文明。"]


def test_inline_offsets_point_into_the_text() -> None:
    text = "引言。一是甲方案落实。二是乙方案落实。"
    for offset, part in inline_items(text):
        assert text[offset : offset + len(part)] == part


def test_inline_needs_a_run_counting_up_from_one() -> None:
    assert inline_items("一是甲方案。三是乙方案。") == [(0, "一是甲方案。三是乙方案。")]
    assert inline_items("这是一个问题。二是乙方案。三是丙方案。") == [(0, "这是一个问题。二是乙方案。三是丙方案。")]


def test_inline_shi_fei_is_not_an_item() -> None:
    text = "一是非问题要分清。二是非曲直要讲明。"
    assert inline_items(text) == [(0, text)]


def test_inline_parenthesised_numbers() -> None:
    parts = inline_items("主要措施。（1）加强巡逻。（2）完善监控。")
    assert [p for _, p in parts] == ["主要措施。", "（1）加强巡逻。", "（2）完善监控。"]


def test_inline_circled_numbers() -> None:
    """'①'.isdigit() is True in Python; the circled numbers must not be read with int()."""
    parts = inline_items("三项任务：①排查隐患；②整改问题；③建立台账。")
    assert [p for _, p in parts] == ["三项任务：", "①排查隐患；", "②整改问题；", "③建立台账。"]
    parts = inline_items("①排查隐患；②整改问题；③建立台账。")
    assert [p for _, p in parts if p] == ["①排查隐患；", "②整改问题；", "③建立台账。"]


def test_inline_paragraph_without_enumeration_is_one_piece() -> None:
    text = "公安机关是党委政府联系群众的桥梁和纽带。"
    assert inline_items(text) == [(0, text)]


# --- properties -----------------------------------------------------------------------------------

MARKER_ALPHABET = "一二三四五六七八九十百两零〇（）()、．.是第编章节条①②⑳#*-•·IVXLC0123456789 \u3000ＡＢ１２：:；;。，"


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=MARKER_ALPHABET, max_size=30) | st.text(max_size=30))
def test_parse_marker_never_raises(text: str) -> None:
    m = parse_marker(text)
    if m is not None:
        assert m.token
        assert m.value is None or m.value >= 0


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["一是甲", "二是乙", "三是丙", "。", "；", "，", "：", "（1）", "（2）", "①", "②", "文字", "非"]),
                max_size=20).map("".join))
def test_inline_items_cover_the_text(text: str) -> None:
    parts = inline_items(text)
    assert "".join(p for _, p in parts) == text
    for offset, part in parts:
        assert text[offset : offset + len(part)] == part
