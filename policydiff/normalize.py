"""Text normalisation and the terms that matching compares.

Chinese text is compared on character bigrams and trigrams (paraphrase keeps characters where it changes
words: 流动人口/流动人员); English on light-stemmed words. Numbering, punctuation and width
differences are folded away so that they never count as evidence.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .numbering import may_open, parse_marker

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
WORD = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
_CLAUSE_SPLIT_ZH = re.compile(r"[。！？!?；;，,：:]")
_CLAUSE_SPLIT_EN = re.compile(r"[;:!?]|(?<=[a-z0-9)])\.(?:\s|$)|\s[-–—]\s|,\s(?=(?:and|but|so|while|which)\s)")

# Policy boilerplate: words every recommendation uses, which say little about which one it is.
STOP_ZH = frozenset(
    """的 了 和 与 及 以及 或 等 在 对 把 将 为 以 由 从 向 于 是 有 也 都 并 并且 其 之 这 该 各 各类 各项 各种
    一个 一些 这些 那些 我们 他们 进行 加以 予以 实现 通过 按照 根据 围绕 结合 做到 作为 成为 使 让
    要 必须 应 应当 应该 须 需要 建议 坚持 加强 推进 推动 建立 健全 完善 落实 强化 深化 着力 大力 切实 积极 进一步
    不断 全面 努力 提高 提升 增强 加大 加快 创新 改进 构建 形成 工作 机制 体系 能力 水平 社会管理 管理 社会 有关 相关
    部门 单位 公安机关 公安 方面 问题 情况 措施 举措 重点 主要 重要 一是 二是 三是 四是 五是 六是 当前 今年 全年 同时
    最大限度 有效 及时 逐步 不得 确保 开展 组织 实行 实施 统一 各级 全 县 市 镇 所 局 省 区""".split()
)
FUNCTION_EN = frozenset(
    """a an the and or of to in on at for by with from as is are be been being was were it its this that these those
    which who whom whose what when where how than then so such any all each every other their they them our we us
    should must shall will would can could may might have has had do does did doing done also into within without
    about over under between through per via there here only own same both either neither up out i you he she his
    her it's not no nor if but because while whether my your me him itself themselves ourselves yours very too just
    again further once more most less least few some many much after before above below during against until off
    onto upon among amongst across along around beyond toward towards whereas whenever wherever whichever whatever
    why s t don't can't won't isn't aren't""".split()
)
# Light verbs and policy boilerplate: every recommendation says them, they tell none apart.
STOP_EN = frozenset(
    """need needs ensure ensuring make makes made making including include includes new use used using uses provide
    provides provided providing council councils force forces police policing local people work working works put
    puts take takes taken taking give gives given giving get gets got set sets keep keeps kept help helps helped
    hold holds held bring brings brought come comes came go goes went see sees seen show shows shown let lets seek
    seeks sought want wants like also still main key clear able way ways part parts place places time times year
    years day days number numbers level levels good better best well""".split()
)
_FUNCTION_ZH = frozenset("的了和与及或等在对把将为以由从向于是有也都并其之这该各")
# Stop-listed terms still count a little: a clause made only of them must not be free evidence.
STOP_WEIGHT = 0.15


_NEGATION = re.compile(
    r"\b(?:(?:does|do|did|has|have|had|is|are|was|were|will|would|could|can|shall|should)\s+not|doesn't|don't|"
    r"didn't|hasn't|haven't|isn't|aren't|wasn't|weren't|won't|cannot|can't|there (?:is|are|was|were) no|"
    r"no longer|never)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"\b(?:who(?:\s+\w+)?|that|which)\s+$", re.IGNORECASE)


def negation(text: str) -> str | None:
    """The words by which an English sentence denies what it is about — 'does not' in 'The force does not
    publish …', 'There is no' in 'There is no training …' — or None. A negation inside a relative clause
    ('people who do not use the internet') is about someone else and does not count; Chinese text is never
    judged negated."""
    if "n" not in text and "N" not in text:  # every cue has one: most sentences, and all Chinese, stop here
        return None
    return next((m.group(0) for m in _NEGATION.finditer(text) if not _RELATIVE.search(text, 0, m.start())), None)


def negated(text: str) -> bool:
    """Does this English sentence deny what it is about (:func:`negation`)?"""
    return negation(text) is not None


def fold(text: str) -> str:
    """Fold full/half width and case; drop the zero-width and control characters."""
    if not unicodedata.is_normalized("NFKC", text):  # the quick check: most text needs no rewriting
        text = unicodedata.normalize("NFKC", text)
    text = text.lower()
    if text.isprintable():
        return text
    return "".join(ch for ch in text if ch.isprintable() or ch in "\n\t")


def strip_marker(text: str) -> str:
    """Drop the enumeration marker that opens ``text`` ('一是', '（1）', '**1.1**')."""
    m = parse_marker(text)
    return m.rest if m is not None else text


_SUFFIXES = (
    ("ational", "ate"), ("ization", "ize"), ("isation", "ize"), ("fulness", "ful"), ("iveness", "ive"),
    ("ations", "ate"), ("ation", "ate"), ("ments", ""), ("ment", ""), ("ities", ""), ("ity", ""), ("ions", ""),
    ("ion", ""), ("ness", ""), ("ingly", ""), ("edly", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
    ("ers", ""), ("er", ""), ("ed", ""), ("ly", ""), ("es", ""), ("s", ""), ("e", ""),
)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light suffix-stripping stemmer: abstracted/abstraction/abstractions → abstract."""
    if len(word) <= 4 or word.endswith("ss"):
        return word
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)] + repl
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def terms(text: str) -> dict[str, bool]:
    """The comparable terms of ``text`` mapped to whether they are stop-listed.

    CJK: character bigrams ('b:警综') and trigrams ('t:警综平'). Measured on the dev and held-out sets,
    n-grams beat rjieba words (alone or added to the n-grams): paraphrase keeps characters where it
    changes words (流动人口/流动人员, 网评/网络评论). A bigram is stop-listed when it is a policy stop
    word or leans on a function character (的, 和, 等 …). Latin: stemmed words ('e:abstract').
    """
    folded = term_text(text)
    out: dict[str, bool] = {}
    for run in _CJK.findall(folded):
        for i in range(len(run) - 1):
            bigram = run[i : i + 2]
            out["b:" + bigram] = bigram in STOP_ZH or bigram[0] in _FUNCTION_ZH or bigram[1] in _FUNCTION_ZH
        for i in range(len(run) - 2):
            out["t:" + run[i : i + 3]] = False
    for word in WORD.findall(folded):
        if len(word) < 2 and not word.isdigit():
            continue
        if word in FUNCTION_EN:
            continue
        out["e:" + stem(word)] = word in STOP_EN
    return out


MAX_CLAUSES = 100
"""A unit has at most this many clauses (real recommendations have fewer than 60)."""


def clauses(text: str) -> list[str]:
    """Split a unit into the clauses whose coverage is judged one by one (short ones merge forward)."""
    body = strip_marker(text)
    splitter = _CLAUSE_SPLIT_EN if not _CJK.search(body) else _CLAUSE_SPLIT_ZH
    pieces = [p.strip() for p in splitter.split(body)]
    out: list[str] = []
    carry = ""
    for p in pieces:
        if not p:
            continue
        joined = f"{carry} {p}".strip() if carry else p
        if _content_size(joined) < 4:
            carry = joined
            continue
        out.append(joined)
        carry = ""
    if carry:
        if out:
            out[-1] = f"{out[-1]} {carry}"
        else:
            out.append(carry)
    if len(out) > MAX_CLAUSES:  # a runaway paragraph (a 5 MB line): neighbours merge, so scoring stays linear
        size = -(-len(out) // MAX_CLAUSES)
        out = [" ".join(out[i : i + size]) for i in range(0, len(out), size)]
    return out


def _strip_leading(text: str) -> str:
    """Drop the markers that open ``text``, however many: '（一）（十一）' and '一、1.' are numbering only."""
    for _ in range(8):
        m = parse_marker(text)
        if m is None or m.rest == text:
            break
        text = m.rest
    return text


# Where a sentence (or, the second, a word) starts: each match *ends* there. They open with a character, not
# a look-behind, which the regex engine would try at every position (the same match ends, much faster).
_SENTENCE_START = re.compile(r"[。！？!?]\s*(?=\S)")
_SENTENCE_OR_WORD_START = re.compile(r"[。！？!?]\s*(?=\S)|\s(?=\S)")


def term_text(text: str) -> str:
    """What :func:`terms` cuts into terms: the text folded, its numbering taken off."""
    return fold(_strip_markers(text))


def _strip_markers(text: str) -> str:
    """Drop the markers that open ``text`` and each of its sentences (a target's sentences lose theirs, so
    the unit's must go too) and, in Chinese text, every marker that follows a space: a unit made of several
    paragraphs ('1）加强' + '（1）建立…') carries their markers inside it."""
    text = _strip_leading(text)
    pattern = _SENTENCE_OR_WORD_START if " " in text and _CJK.search(text) else _SENTENCE_START
    out: list[str] = []
    start = 0
    for m in pattern.finditer(text):
        if m.end() < start or not may_open(text[m.end()]):  # the look-ahead makes text[m.end()] no space
            continue
        tail = text[m.end():].rstrip()
        rest = _strip_leading(tail)
        if rest != tail and tail.endswith(rest):
            out.append(text[start : m.end()])
            start = m.end() + len(tail) - len(rest)
    if not out:
        return text
    out.append(text[start:])
    return "".join(out)


def _content_size(text: str) -> int:
    """Roughly how much meaning a piece carries: CJK characters plus 2 per Latin word."""
    cjk = sum(len(r) for r in _CJK.findall(text))
    return cjk + 2 * len(WORD.findall(text.lower()))
