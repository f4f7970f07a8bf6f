"""Simplified or Traditional Chinese: detect a document's script and convert for matching.

Documents from Hong Kong, Macao, Taiwan and gov.cn's Big5 gateway arrive in Traditional characters;
compared character by character with a Simplified reference they match nothing. Detection counts
characters that only one script uses (a built-in table, no OpenCC needed); matching then runs on a
copy converted by OpenCC at the phrase level (資訊 → 信息, 軟體 → 软件, 網際網路 → 互联网), while every
report keeps each document's own text and line numbers.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Literal

from .script_tables import SIMPLIFIED, TRADITIONAL

Script = Literal["simplified", "traditional", "mixed", "none"]
DOMINANCE = 5
"""One script's indicator characters must outnumber the other's this many times to name the document."""


_HAN = re.compile("[\u3400-\u9fff]")


@cache
def _pattern(template: str, table: frozenset[str]) -> re.Pattern[str]:
    """A character class of ``table`` (ideographs only: nothing to escape), compiled on first use."""
    return re.compile(template.format("".join(sorted(table))))


def detect(text: str) -> Script:
    """'simplified', 'traditional', 'mixed', or 'none' for text without Chinese characters."""
    if not _HAN.search(text):
        return "none"
    if not _pattern("[{}]", TRADITIONAL).search(text):  # most documents: one pass, nothing to count
        return "simplified"
    # the tables are disjoint sets of ideographs: count what is left once everything else is removed
    simplified = len(_pattern("[^{}]+", SIMPLIFIED).sub("", text))
    traditional = len(_pattern("[^{}]+", TRADITIONAL).sub("", text))
    if simplified >= DOMINANCE * traditional:
        return "simplified"
    if simplified == 0 or traditional >= DOMINANCE * simplified:
        return "traditional"
    return "mixed"


def needs_conversion(script: str) -> bool:
    return script in ("traditional", "mixed")


def to_simplified(text: str) -> str:
    """Phrase-level conversion to Simplified Chinese (OpenCC's Taiwan-phrases configuration)."""
    return str(_converter().convert(text))


def to_simplified_characters(text: str) -> str:
    """Character-level conversion (OpenCC's t2s): each word keeps its own words, only in Simplified
    characters. What the cues of a unit's kind are judged on: a phrase conversion rewrites some of them
    (tw2sp turns 建立 into 创建)."""
    return str(_converter("t2s.json").convert(text))


@lru_cache(maxsize=2)
def _converter(config: str = "tw2sp.json"):  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC(config)
