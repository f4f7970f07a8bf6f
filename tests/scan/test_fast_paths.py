"""The shortcuts taken in shared code for scan's speed change nothing: each against the code it replaced."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import clean, normalize, numbering, units
from policydiff.align import CALIBRATION, calibrate
from policydiff.clean import display_width, is_wide
from policydiff.read.textutil import control_ratio
from policydiff.scan import kernel
from policydiff.script import DOMINANCE, detect
from policydiff.script_tables import SIMPLIFIED, TRADITIONAL

_SAMPLE_CHARS = sorted(SIMPLIFIED)[:40] + sorted(TRADITIONAL)[:40] + list(
    "的是在中国 abcXYZ019.,;:!?。，（）一二三十第章条①②#*-•·\t\n\r\f\x00\x0b\x1f\x7f\u3000\u200b\ufeff"
    "\u2e80\u2e7f\u9fff\ua000\uac00\ud7af\ud7b0\uf900\ufaff\ufe30\ufe4f\uff00\uffef\U00020000\U0002a6d6\U0010ffff"
    "\u3400\u33ff\u4dbf１２Ⅳ²"
)
text = st.text(alphabet=st.one_of(st.sampled_from(_SAMPLE_CHARS), st.characters()), max_size=60)


def _detect_by_counting(text: str) -> str:
    """script.detect as it was: one loop over the characters."""
    simplified = traditional = cjk = 0
    for ch in text:
        if "\u3400" <= ch <= "\u9fff":
            cjk += 1
            if ch in SIMPLIFIED:
                simplified += 1
            elif ch in TRADITIONAL:
                traditional += 1
    if cjk == 0:
        return "none"
    if traditional == 0 or simplified >= DOMINANCE * traditional:
        return "simplified"
    if simplified == 0 or traditional >= DOMINANCE * simplified:
        return "traditional"
    return "mixed"


@settings(max_examples=500, deadline=None)
@given(text)
def test_detect_counts_as_the_loop_did(sample: str) -> None:
    assert detect(sample) == _detect_by_counting(sample)


def test_detect_on_mixtures_of_the_two_scripts() -> None:
    simplified, traditional = sorted(SIMPLIFIED), sorted(TRADITIONAL)
    for s in range(0, 12):
        for t in range(0, 12):
            sample = "".join(simplified[:s]) + "的" + "".join(traditional[:t])
            assert detect(sample) == _detect_by_counting(sample), (s, t)


@settings(max_examples=500, deadline=None)
@given(text)
def test_display_width_counts_as_is_wide_did(sample: str) -> None:
    assert display_width(sample) == sum(2 if is_wide(ch) else 1 for ch in sample)


@settings(max_examples=300, deadline=None)
@given(text)
def test_control_ratio_counts_as_the_loop_did(sample: str) -> None:
    expected = sum(1 for ch in sample if ch < " " and ch not in "\t\n\r\f") / len(sample) if sample else 0.0
    assert control_ratio(sample) == expected


def _match_trying_every_rule(s: str) -> numbering.Marker | None:
    """numbering._match as it was: every rule in order, for any text that passes the first-character test."""
    saved = numbering._rules_for
    numbering._rules_for = lambda first: numbering._RULES  # type: ignore[assignment]
    try:
        return numbering._match(s)
    finally:
        numbering._rules_for = saved  # type: ignore[assignment]


_TAILS = ("", " ", "1", "1. Title", ". Title", ") Title", "、加强", "是加强", "）加强", "章 总则", "条 规定", "ection 3 Foo",
          "hapter 2", "art IV Bar", "ECTION 2", "ecommendation 4: do", "ction 1", "rinciple 2 x", "lay 3", "riterion 1",
          "tep 2", "easure 5", "I. Intro", "V. Five", " item", "# Heading", "1.2 Title", "1.2.3 x", "．Title", "十、x",
          "(一)x", "一）x", "２．x", "0)x", "X. Ten", "IX. Nine", "一是x", "**1.1** x")


def test_marker_rules_are_tried_only_for_the_characters_they_can_start_with() -> None:
    firsts = sorted(numbering._FIRST | {chr(i) for i in range(0x110000) if chr(i).isdigit()})
    for first in firsts:
        for tail in _TAILS:
            assert numbering._match(first + tail) == _match_trying_every_rule(first + tail), first + tail
    # the digit rules are chosen by str.isdecimal: what \\d matches
    digit = re.compile(r"\d")
    assert all((digit.match(chr(i)) is not None) == chr(i).isdecimal() for i in range(0x110000))


def _strip_emphasis_as_it_was(text: str) -> str:
    m = numbering._EMPHASIS.match(text)
    if m and (len(m.group(2)) <= 12 or numbering._match(m.group(2)) is not None):
        return m.group(2) + " " + text[m.end():]
    return text


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(sorted(numbering._FIRST) + list("0123456789１ .、是章条）)(（:一ISCPectionXLV#-*_ ")),
               max_size=12))
def test_markers_as_with_every_rule(sample: str) -> None:
    assert numbering._match(sample) == _match_trying_every_rule(sample)
    assert numbering.strip_emphasis(sample) == _strip_emphasis_as_it_was(sample)


def _is_boilerplate_by_the_patterns(text: str) -> bool:
    return bool(clean._BREADCRUMB.search(text) or clean._PAGE_NUMBER.match(text)
                or len(clean._META_KEYS.findall(text)) >= 2)


_BOILERPLATE_WORDS = ["您现在的位置", "当前位置", "首页", "正文", "来源", "时间", "点击", "作者", "编辑", "发布日期", "第", "页",
                      "共", "Page", "of", ":", "：", ">", "›", "/", " ", "\u3000", "-", "—", "3", "12", "x", "新闻"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_BOILERPLATE_WORDS), max_size=10).map("".join))
def test_boilerplate_lines_as_by_the_patterns(line: str) -> None:
    assert clean._is_boilerplate(line) == _is_boilerplate_by_the_patterns(line)


def test_boilerplate_lines_of_the_samples_as_by_the_patterns() -> None:
    from policydiff.read import read_path

    from .helpers import SAMPLES

    for path in sorted(p for p in SAMPLES.rglob("*") if p.is_file() and p.suffix in (".md", ".txt", ".html")):
        for line in read_path(str(path)).lines:
            assert clean._is_boilerplate(line.text) == _is_boilerplate_by_the_patterns(line.text), line.text


_SENTENCE_END_AS_IT_WAS = re.compile(r"[。！？!?]+[”’」』\")）]*|(?<=[a-z0-9)\]”\"’])\.(?=\s+[A-Z“\"(])")


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("。！？!?”’」』\")）.aZ9)]“( \n\t\u3000的x")), max_size=30))
def test_sentence_ends_as_before(sample: str) -> None:
    assert ([m.span() for m in units._SENTENCE_END.finditer(sample)]
            == [m.span() for m in _SENTENCE_END_AS_IT_WAS.finditer(sample)])


def _parse_marker_as_it_was(text: str) -> numbering.Marker | None:
    return numbering._match(numbering.strip_emphasis(text.strip().lstrip("\u3000")))


_MARKER_TEXT = st.text(alphabet=st.one_of(
    st.sampled_from(sorted(numbering._FIRST) + list("0123456789１²① .、是章条）)(（:一ISCPectionXLV#-*_加强x\u3000\t")),
    st.characters()), max_size=14)


@settings(max_examples=1000, deadline=None)
@given(_MARKER_TEXT)
def test_parse_marker_says_no_quickly_only_where_no_rule_applies(sample: str) -> None:
    assert numbering.parse_marker(sample) == _parse_marker_as_it_was(sample)


def test_parse_marker_after_any_first_character() -> None:
    for i in range(0x110000):
        ch = chr(i)
        if 0xD800 <= i <= 0xDFFF:
            continue
        for tail in ("1. x", "*1.1** x", "、加强", ""):
            assert numbering.parse_marker(ch + tail) == _parse_marker_as_it_was(ch + tail), repr(ch + tail)


_START_AS_IT_WAS = re.compile(r"(?<=[。！？!?])\s*(?=\S)")
_START_OR_WORD_AS_IT_WAS = re.compile(r"(?<=[。！？!?])\s*(?=\S)|(?<=\s)(?=\S)")


def _strip_markers_as_it_was(text: str) -> str:
    """normalize._strip_markers before the shortcuts: look-behind patterns, every candidate tried."""
    text = normalize._strip_leading(text)
    pattern = _START_OR_WORD_AS_IT_WAS if " " in text and normalize._CJK.search(text) else _START_AS_IT_WAS
    out: list[str] = []
    start = 0
    for m in pattern.finditer(text):
        if m.end() < start:
            continue
        tail = text[m.end():].rstrip()
        rest = normalize._strip_leading(tail)
        if rest != tail and tail.endswith(rest):
            out.append(text[start : m.end()])
            start = m.end() + len(tail) - len(rest)
    out.append(text[start:])
    return "".join(out)


_MARKED = st.lists(st.one_of(
    st.sampled_from(["（一）", "(二)", "一、", "1.", "1、", "（1）", "1）", "①", "一是", "第三条", "**1.1**", "1.1", "# ", "- ",
                     "• ", "Recommendation 4:", "Section 3", "。", "！", "?", " ", "  ", "\u3000", "\t", "加强", "建立", "x"]),
    st.characters()), max_size=12).map("".join)


@settings(max_examples=1500, deadline=None)
@given(_MARKED)
def test_markers_inside_a_text_are_stripped_as_before(sample: str) -> None:
    assert normalize._strip_markers(sample) == _strip_markers_as_it_was(sample)


def _raws_near_halves(script: str) -> list[float]:
    """Raw scores whose calibrated value falls on or next to a half (…x.x5), where rounding is delicate."""
    low, high = CALIBRATION[script]
    out: list[float] = []
    for k in range(1000):
        value = (k + 0.5) / 10
        if value <= 35.0:
            raw = value * low / 35.0
        elif value <= 60.0:
            raw = low + (value - 35.0) * (high - low) / 25.0
        else:
            raw = high + (value - 60.0) * (1.0 - high) / 40.0
        for step in range(-3, 4):
            out.append(float(np.nextafter(raw, np.inf if step > 0 else -np.inf)) if step else raw)
            raw = out[-1] if step else raw
    return out


@pytest.mark.parametrize("script", sorted(CALIBRATION))
def test_scores_calibrated_at_once_as_one_by_one(script: str) -> None:
    raws = [*_raws_near_halves(script), 0.0, 1.0, 1.5, 2.0, CALIBRATION[script][0], CALIBRATION[script][1]]
    assert kernel.calibrate_all(np.array(raws), script).tolist() == [calibrate(r, script) for r in raws]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=3.0), max_size=50), st.sampled_from(sorted(CALIBRATION)))
def test_any_scores_calibrated_at_once_as_one_by_one(raws: list[float], script: str) -> None:
    assert kernel.calibrate_all(np.array(raws, dtype=np.float64), script).tolist() == [
        calibrate(r, script) for r in raws]
