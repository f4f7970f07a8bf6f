"""The numbering grammar: recognise the marker that opens a heading or an enumerated item.

Chinese official documents (GB/T 9704-2012 §7.3.3) number 一、 → （一） → 1. → （1）; laws use
第X编/章/节/条; drafts add ①, 1）, 一是/二是; English uses Markdown `#`, 1. / 1.1 / 1.1.1, Roman
numerals, `Section 3`, `Recommendation 4:` and bullets. This module only recognises markers; which
of them are headings and at which level is decided by :mod:`policydiff.outline` from the order in
which styles appear.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

CN_DIGITS = "零〇一二三四五六七八九十百两兩"
_CN = f"[{CN_DIGITS}]+"
_ROMAN = r"(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})"


class Role(Enum):
    """What a marker can open."""

    HEADING = "heading"
    """Always a heading (Markdown #, 第X章, `Section 3`)."""
    EITHER = "either"
    """A heading when it stands alone as a short title, otherwise an item (一、 （一） 1. 1.1 …)."""
    ITEM = "item"
    """Always an enumerated item (一是, ①, bullets, 第X条, `Recommendation 4:`)."""


@dataclass(frozen=True)
class Marker:
    style: str
    """A key naming the numbering style, e.g. 'cn、', '(cn)', '1.', 'md2', '一是', 'bullet'."""
    token: str
    """The marker as printed, e.g. '（一）', '1.1', '第三章', '##'."""
    value: int | None
    """The number it carries (1 for 一/1/I/①), None for bullets and Markdown hashes."""
    rest: str
    """The text after the marker."""
    role: Role


_CN_VALUES = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "兩": 2, "三": 3, "四": 4, "五": 5,
              "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(s: str) -> int | None:
    """Value of a Chinese numeral up to 999 ('十二' → 12, '二十' → 20); None if not one."""
    if not s or any(c not in CN_DIGITS for c in s):
        return None
    total, current = 0, 0
    for ch in s:
        if ch in _CN_VALUES:
            current = current * 10 + _CN_VALUES[ch] if current and ch in "零〇" else _CN_VALUES[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
    return total + current


def roman_number(s: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    if not s or not re.fullmatch(_ROMAN, s):
        return None
    total = 0
    for a, b in zip(s, s[1:] + " ", strict=True):
        v = values[a]
        total += -v if b != " " and values.get(b, 0) > v else v
    return total


_UNITS = "亿万千百%％‰元年月日倍个米吨億萬個噸"
"""What follows a decimal number ('2.5 million', '1.5亿'), never a section number's title."""
_EMPHASIS = re.compile(r"^(\*\*|__)(.+?)\1\s*")
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"

# (style, role, pattern, how to read the value). The first that matches wins, so longer forms first.
_RULES: tuple[tuple[str, Role, re.Pattern[str], str], ...] = (
    ("md", Role.HEADING, re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$"), "md"),
    # each in Simplified or Traditional characters (編 節 條, 兩 among the digits)
    ("第编", Role.HEADING, re.compile(rf"^(第({_CN}|\d+)[编編])\s*(.*)$"), "cn2"),
    ("第章", Role.HEADING, re.compile(rf"^(第({_CN}|\d+)章)\s*(.*)$"), "cn2"),
    ("第节", Role.HEADING, re.compile(rf"^(第({_CN}|\d+)[节節])\s*(.*)$"), "cn2"),
    ("第条", Role.ITEM, re.compile(rf"^(第({_CN}|\d+)[条條])\s*(.*)$"), "cn2"),
    ("一是", Role.ITEM, re.compile(rf"^(({_CN})是)[，,：:]?\s*(.*)$"), "cn2"),
    ("cn、", Role.EITHER, re.compile(rf"^(({_CN})\s*(?:、|[．.](?![\d{CN_DIGITS}])))\s*(.*)$"), "cn2"),
    ("(cn)", Role.EITHER, re.compile(rf"^([（(]\s*({_CN})\s*[）)])\s*(.*)$"), "cn2"),
    ("1.1", Role.EITHER,
     re.compile(rf"^((\d{{1,3}}(?:[.．]\d{{1,3}})+)[.．]?)(?:\s+|(?=[^\d\s.．]))(?![a-z{_UNITS}])(.*)$"), "dotted"),
    ("1.", Role.EITHER, re.compile(r"^((\d{1,3})\s*[.．])(?!\d)\s*(.*)$"), "int2"),
    ("1、", Role.EITHER, re.compile(r"^((\d{1,3})\s*、)\s*(.*)$"), "int2"),
    ("(1)", Role.EITHER, re.compile(r"^([（(]\s*(\d{1,3})\s*[）)])\s*(.*)$"), "int2"),
    ("1)", Role.ITEM, re.compile(r"^((\d{1,3})\s*[）)])\s*(.*)$"), "int2"),
    ("①", Role.ITEM, re.compile(rf"^(([{_CIRCLED}]))\s*(.*)$"), "circled"),
    ("I.", Role.EITHER, re.compile(rf"^(({_ROMAN})[.)])\s+(.*)$"), "roman"),
    ("section", Role.HEADING,
     re.compile(rf"^((?:Section|Chapter|Part|SECTION|CHAPTER|PART)\s+(\d+|{_ROMAN}))\b[.:]?\s*(.*)$"), "int2r"),
    ("rec", Role.ITEM,
     re.compile(r"^((?:Recommendation|Action|Principle|Play|Criterion|Step|Measure)\s+(\d+))\s*[:.：–—-]?\s*(.*)$",
                re.IGNORECASE), "int2"),
    ("bullet", Role.ITEM, re.compile(r"^([•·\-*+▪●○◆■□►▶◦‣])\s+(.*)$"), "none"),
)


def _value(kind: str, m: re.Match[str]) -> int | None:
    if kind == "cn2":
        raw = m.group(2)
        return int(raw) if raw.isdigit() else cn_number(raw)
    if kind in ("int2",):
        return int(m.group(2))
    if kind == "int2r":
        raw = m.group(2)
        return int(raw) if raw.isdigit() else roman_number(raw)
    if kind == "dotted":
        return int(re.split(r"[.．]", m.group(2))[-1])
    if kind == "circled":
        return _CIRCLED.index(m.group(2)) + 1
    if kind == "roman":
        return roman_number(m.group(2))
    return None


def strip_emphasis(text: str) -> str:
    """'**1.1** Forces should' → '1.1 Forces should' (Markdown bold around a marker).

    Also a bold heading that opens with a marker: '**一、加强领导**' → '一、加强领导'.
    """
    if not text.startswith(("**", "__")):
        return text
    m = _EMPHASIS.match(text)
    if m and (len(m.group(2)) <= 12 or _match(m.group(2)) is not None):
        return m.group(2) + " " + text[m.end():]
    return text


def parse_marker(text: str) -> Marker | None:
    """The numbering marker that opens ``text`` (leading white space ignored), if any."""
    first = text[:1]
    if first and not first.isspace() and not may_open(first):
        return None  # most text: a quick no
    return _match(strip_emphasis(text.strip()))  # strip() takes \u3000 too


def may_open(first: str) -> bool:
    """Can a marker open a text whose first character, not a space, is ``first``? When not, parse_marker
    finds none: no rule, nor emphasis around one ('**1.1**', '__一、__'), starts with it."""
    return first in _OPENS or first.isdigit()


_DECIMAL = "0"
"""In _STARTS: any decimal digit (what ``\\d`` matches, str.isdecimal)."""
_STARTS: dict[str, str] = {
    "md": "#", "第编": "第", "第章": "第", "第节": "第", "第条": "第", "一是": CN_DIGITS, "cn、": CN_DIGITS,
    "(cn)": "（(", "1.1": _DECIMAL, "1.": _DECIMAL, "1、": _DECIMAL, "(1)": "（(", "1)": _DECIMAL, "①": _CIRCLED,
    "I.": "IVXL", "section": "SCP", "rec": "RAPCSMrapcsm", "bullet": "•·-*+▪●○◆■□►▶◦‣",
}
"""The characters each rule's pattern can start with."""
# Every rule starts with one of these (or a digit): anything else is rejected before any regex runs.
_FIRST = frozenset("".join(chars for chars in _STARTS.values() if chars != _DECIMAL))
_OPENS = _FIRST | frozenset("*_")
"""What a text with a marker can start with: a rule's first character, or emphasis ('**1.1**', '__一、__')."""


@lru_cache(maxsize=1024)
def _rules_for(first: str) -> tuple[tuple[str, Role, re.Pattern[str], str], ...]:
    """The rules that can match a text starting with ``first``, in order: the others need not be tried."""
    return tuple(rule for rule in _RULES
                 if first in _STARTS[rule[0]] or (_STARTS[rule[0]] == _DECIMAL and first.isdecimal()))


def _match(s: str) -> Marker | None:
    if not s or (s[0] not in _FIRST and not s[0].isdigit()):
        return None
    for style, role, pattern, kind in _rules_for(s[0]):
        m = pattern.match(s)
        if not m:
            continue
        if kind == "md":
            return Marker(f"md{len(m.group(1))}", m.group(1), None, m.group(2), role)
        if kind == "none":
            return Marker(style, m.group(1), None, m.group(2), role)
        value = _value(kind, m)
        if value is None:
            continue
        rest = m.group(m.lastindex or 0) if m.lastindex else ""
        if style == "section":  # Part > Chapter > Section: each word is a style of its own
            style = f"section:{m.group(1).split()[0].lower()}"
        if style == "1.1":
            depth = m.group(2).count(".") + m.group(2).count("．") + 1
            style = f"1.1/{depth}"
        if style == "I." and not rest[:1].isupper():
            continue  # 'I. am' is not a numeral heading; an English title starts with a capital
        return Marker(style, m.group(1).strip(), value, rest.strip(), role)
    return None


def normalise_token(token: str) -> str:
    """The marker as it appears in a readable path: '（一）' → '(一)', '一、' → '一', '1.' → '1'."""
    t = token.replace("（", "(").replace("）", ")").replace(" ", "")
    return t.rstrip("、.．")


_INLINE_SHI = re.compile(rf"(?:(?<=^)|(?<=[。；;！？!?”：:，,]))\s*(?=({_CN})是[^非否]{{2}})")
_INLINE_NUM = re.compile(r"(?:(?<=^)|(?<=[。；;！？!?”：:]))\s*(?=[（(](\d{1,2})[）)]|([①-⑳]))")


def inline_items(text: str) -> list[tuple[int, str]]:
    """Split a paragraph that enumerates inline ('…。一是…。二是…。') into (offset, part) pieces.

    Only a run that counts up from one (一是, 二是, …) splits; otherwise the paragraph is one piece.
    The first piece is the lead-in before 一是 (possibly empty).
    """
    for pattern in (_INLINE_SHI, _INLINE_NUM):
        starts: list[int] = []
        expected = 1
        for m in pattern.finditer(text):
            raw = next(g for g in m.groups() if g)
            if raw in _CIRCLED:  # '①'.isdigit() is True, but int('①') fails
                value: int | None = _CIRCLED.index(raw) + 1
            else:
                value = int(raw) if raw.isdigit() else cn_number(raw)
            if value == expected:
                starts.append(m.end())
                expected += 1
        if len(starts) >= 2:
            bounds = [0, *starts, len(text)]
            return [(bounds[i], text[bounds[i]:bounds[i + 1]]) for i in range(len(bounds) - 1)]
    return [(0, text)]
