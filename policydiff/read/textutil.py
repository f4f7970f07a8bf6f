"""Small text helpers shared by the readers: CJK tests, control characters, joining wrapped lines."""

from __future__ import annotations

import re

# Ideographs, CJK punctuation, kana, hangul and full-width forms: scripts written without spaces
# between words, so a line break between two of them must not become a space.
_WIDE_RANGES: tuple[tuple[int, int], ...] = (
    (0x2E80, 0x2FDF),  # CJK radicals, Kangxi radicals
    (0x3000, 0x303F),  # CJK symbols and punctuation
    (0x3040, 0x30FF),  # kana
    (0x3100, 0x312F),  # bopomofo
    (0x3190, 0x31FF),  # kanbun, bopomofo ext., CJK strokes, katakana ext.
    (0x3200, 0x33FF),  # enclosed CJK, CJK compatibility
    (0x3400, 0x4DBF),  # CJK ext. A
    (0x4E00, 0x9FFF),  # CJK unified ideographs
    (0xAC00, 0xD7AF),  # hangul syllables
    (0xF900, 0xFAFF),  # CJK compatibility ideographs
    (0xFE30, 0xFE4F),  # CJK compatibility forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x20000, 0x3FFFF),  # supplementary ideographic planes
)

BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidirectional controls (embeddings, overrides, isolates, marks): in a terminal, a CI log or a browser
they reorder the text around them ("Trojan Source"), so that a line shows what it does not say. The readers
drop them from document text; the formats drop them from file names (or escape them, in JSON)."""
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f\\ufeff{BIDI}]")
"""C0 controls (except tab and line feed), DEL, stray byte-order marks and bidirectional controls."""
_C0 = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
"""C0 controls other than tab, line feed, form feed and carriage return."""


def is_wide(char: str) -> bool:
    """True when ``char`` belongs to a script written without spaces (Chinese, Japanese, Korean)."""
    code = ord(char)
    return any(low <= code <= high for low, high in _WIDE_RANGES)


def strip_controls(text: str) -> str:
    """Remove control characters (keeping tab and line feed), byte-order marks and bidirectional controls."""
    return _CONTROL.sub("", text)


def control_ratio(text: str) -> float:
    """Share of characters that are C0 controls other than tab, line feed, carriage return, form feed."""
    if not text:
        return 0.0
    return len(_C0.findall(text)) / len(text)


def join_wrapped(left: str, right: str) -> str:
    """Join two pieces of one paragraph that a hard line break separated.

    No space between CJK characters, one space between Latin words, and ``exam-`` + ``ple`` becomes
    ``example`` when a Latin word was hyphenated at the break.
    """
    left = left.rstrip()
    right = right.lstrip()
    if not left or not right:
        return left + right
    if (
        left.endswith("-")
        and len(left) >= 2
        and left[-2].isalpha()
        and left[-2].isascii()
        and right[0].islower()
        and right[0].isascii()
    ):
        return left[:-1] + right
    if is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    return f"{left} {right}"


_SPACE_RUN = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends.

    A run that contains a line break and sits between two CJK characters is removed entirely, since
    the break only wrapped the source text.
    """

    def replace(match: re.Match[str]) -> str:
        start, end = match.start(), match.end()
        between_wide = start > 0 and end < len(text) and is_wide(text[start - 1]) and is_wide(text[end])
        return "" if between_wide and "\n" in match.group() else " "

    return _SPACE_RUN.sub(replace, text).strip()
