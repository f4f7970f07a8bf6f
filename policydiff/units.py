"""Cut a document's sections into units: enumerated items and sentence groups, with stable ids.

- Text before a section's first item or first subsection is its lead-in: context, id ``<section>.0``.
- Enumerated items (一是…, 1., （1）, ①, bullets) are units ``<section>.<n>`` (a dotted marker such as
  ``1.2`` is its own id).
- A section without items is cut into sentence groups: a short topic sentence (坚持公平正义理念。) opens
  a group, and context sentences join the next directive sentence. One group takes the section id;
  several take letters: ``2.1a``, ``2.1b``.
- kind = recommendation when a sentence asks someone to do something, else context; everything under
  a heading that announces background (形势, 现状, 问题, background, introduction …) is context.
- The cues are Simplified Chinese: a Traditional (or mixed) document is judged on Simplified copies of each
  sentence and title, so that it gets the same units, ids and kinds as its Simplified twin. A cue found in
  either copy counts: character by character (建立 stays 建立) or phrase by phrase (Taiwan's 支援, 最佳化 become
  支持, 优化).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache

from .models import Block, Document, Outline, Section, Unit, UnitKind
from .normalize import clauses, strip_marker, terms
from .numbering import Role, inline_items, parse_marker
from .script import needs_conversion, to_simplified, to_simplified_characters

Judge = Callable[[str], tuple[str, ...]]
"""The copies of a text the cues are looked for in (the first keeps its length): the text itself, or its
Simplified copies."""


def _as_written(text: str) -> tuple[str, ...]:
    return (text,)


@lru_cache(maxsize=4096)
def _simplified(text: str) -> tuple[str, ...]:
    return to_simplified_characters(text), to_simplified(text)

_SENTENCE_END = re.compile(r"[。！？!?]+[”’」』\")）]*|\.(?<=[a-z0-9)\]”\"’]\.)(?=\s+[A-Z“\"(])")
"""。！？ (and closing quotes), or a full stop after a Latin word and before a capital. Both alternatives open
with a character, not a look-behind, so the search skips ahead to the next candidate quickly."""
_CONNECTIVES = ("首先", "其次", "再次", "最后", "同时", "因此", "此外", "另外", "加之", "由此", "所以", "但", "而")
# A modal anywhere makes a request; the look-arounds keep 主要, 重要, 要求, 应用, 适应 … out.
_MODAL_ZH = re.compile(
    r"必须|务必|应当|应该|建议|亟须|亟待|需要|"
    r"(?<![主重只必纪摘扼概紧险首提不])要(?![求素点害地闻务件案员])|"
    r"(?<![响适相反效供对呼答回感])应(?![用急对变])|(?<![无毋])须(?!知)"
)
_VERB_ZH = tuple(
    "坚持 加强 推进 建立 完善 健全 落实 强化 推行 实行 实施 开展 构建 树立 牢固 确保 防止 深化 规范 整合 打造 "
    "推动 着力 大力 切实 加大 严格 积极 进一步 不断 搭建 拓宽 统筹 设立 坚决 鼓励 支持 引导 做好 抓好 加快 优化 "
    "禁止 全面 努力 力争 逐步 探索 组织 建设 提高 提升 创新 突出 明晰".split()
)
_CLAUSE = re.compile(r"[，,；;：:]")
_DIRECTIVE_EN = re.compile(
    r"\b(should|must|shall|will|need to|needs to|recommend\w*|ensure|are expected to|is expected to|"
    r"are required to|is required to|we propose|it is essential)\b",
    re.IGNORECASE,
)
_BACKGROUND_TITLE = re.compile(
    r"(形势|背景|现状|问题|意义|必要性|抉择|挑战|成效|概况|基本情况|要求.*必须|总体情况)|"
    r"\b(background|introduction|context|overview|current situation|findings|the problem|why)\b",
    re.IGNORECASE,
)
_TOPIC_MAX = 12
_IMPERATIVE_EN = re.compile(
    r"(?:\*\*)?(?:Use|Understand|Build|Make|Ensure|Provide|Assign|Establish|Create|Develop|Publish|Support|Deploy|"
    r"Integrate|Test|Measure|Hire|Choose|Default|Manage|Structure|Address|Encourage|Promote|Review|Set|Adopt|"
    r"Require|Improve|Reduce|Increase|Include|Share|Plan|Train|Identify|Consider|Implement|Maintain|Monitor|"
    r"Protect|Respond|Engage|Collaborate|Allocate|Invest|Prioriti[sz]e|Expand|Strengthen|Design|Deliver|Evaluate|"
    r"Report|Keep|Give|Offer|Run|Hold|Record|Document|Automate|Bring|Agree|Appoint|Introduce|Work|Put|Publish|"
    r"Do not|Don't|Avoid|Stop|Start|Continue|Limit|Apply|Check|Prepare|Define|Align|Coordinate|Co-ordinate|"
    r"Fund|Equip|Issue|Recruit|Involve|Consult|Inform|Tell|Let|Learn|Know|Find|Open|Secure|Encrypt)\b"
)


def sentences(text: str) -> list[tuple[int, str]]:
    """Split into (offset, sentence); the terminal punctuation stays with its sentence."""
    out: list[tuple[int, str]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        piece = text[start:end]
        body = piece.strip()
        if body:
            out.append((start + len(piece) - len(piece.lstrip()), body))
        start = end
    tail = text[start:]
    if tail.strip():
        out.append((start + len(tail) - len(tail.lstrip()), tail.strip()))
    return out


def block_sentences(block: Block) -> list[tuple[int, str]]:
    """The sentences of a target paragraph, as :func:`sentences` cuts them, except that a Markdown table row
    (a source line that opens and closes with '|') is cut from the lines around it: a row is a sentence (or
    several), never part of one running over the whole table."""
    if "|" not in block.text or not block.breaks:
        return sentences(block.text)
    text = block.text
    starts = block.line_starts()
    ends = [*starts[1:], len(text)]
    out: list[tuple[int, str]] = []
    run = 0  # where the text not yet cut starts
    for k, (start, end) in enumerate(zip(starts, ends, strict=True)):
        line = text[start:end].strip()
        if len(line) > 1 and line[0] == "|" and line[-1] == "|":
            if run < start:
                out.extend((run + o, piece) for o, piece in sentences(text[run:start]))
            out.extend((start + o, piece) for o, piece in sentences(text[start:end]))
            run = end
        elif k == len(starts) - 1 and run < end:
            out.extend((run + o, piece) for o, piece in sentences(text[run:end]))
    return out


def _content_len(sentence: str) -> int:
    return len(re.sub(r"[\W_]", "", sentence))


def is_directive(sentence: str) -> bool:
    """Does the sentence ask someone to do something (outside quotations)?

    Chinese: a modal (要, 必须, 应当, 建议 …) anywhere, or a clause that opens with an action verb
    (坚持, 加强, 推进, 建立 …). English: should / must / shall / will / recommend / ensure ….
    """
    marker = parse_marker(sentence)
    bare = marker.rest if marker is not None else sentence
    if _DIRECTIVE_EN.search(bare):
        return True
    if bare.isascii():
        return False
    conditional = "只有" in bare and "才" in bare  # 只有…才能: a reason, not a request
    for clause in _CLAUSE.split(bare):
        clause = clause.strip()
        if _MODAL_ZH.search(clause) or (clause.startswith(_VERB_ZH) and not conditional):
            return True
    return False


def _is_topic(sentence: str) -> bool:
    return _content_len(sentence) <= _TOPIC_MAX and not sentence.startswith(_CONNECTIVES)


@dataclass(frozen=True)
class _Piece:
    text: str
    line: int
    marker: str = ""
    ident: str = ""
    is_item: bool = False
    style: str = ""


def _pieces(block: Block) -> Iterator[_Piece]:
    """A block as items (by its own marker or inline 一是/二是) or plain text."""
    parts = inline_items(block.text)
    m = parse_marker(block.text)
    if len(parts) == 1 and m is not None and m.role in (Role.ITEM, Role.EITHER):
        ident = m.token if re.fullmatch(r"\d+(\.\d+)+", m.token) else ""
        yield _Piece(block.text, block.line, m.token, ident, True, m.style)
        return
    for i, (offset, part) in enumerate(parts):
        inner = parse_marker(part)
        # parts[0] is the lead-in before the first inline marker (empty when the block opens with it)
        is_item = i > 0 or (inner is not None and inner.style == "一是")
        if part.strip():
            yield _Piece(part.strip(), block.line_at(offset), inner.token if is_item and inner else "", "", is_item,
                         inner.style if is_item and inner else "")


def _groups(pieces: list[_Piece], judge: Judge = _as_written) -> list[list[_Piece]]:
    """Sentence groups of plain text.

    A directive sentence opens a group and the context sentences after it join it; context before the
    first directive joins that first group. A short topic sentence (坚持公平正义理念。) opens a group
    that keeps everything up to the next topic sentence.
    """
    groups: list[list[_Piece]] = []
    pending: list[_Piece] = []
    topic_open = False
    for piece in pieces:
        for _, sentence in sentences(piece.text) or [(0, piece.text)]:
            s = _Piece(sentence, piece.line)
            judged = judge(sentence)
            directive = any(map(is_directive, judged))
            if directive and _is_topic(judged[0]):
                groups.append([*pending, s])
                pending, topic_open = [], True
            elif directive and not topic_open:
                groups.append([*pending, s])
                pending = []
            elif groups:
                groups[-1].append(s)
            else:
                pending.append(s)
    if pending:
        groups.append(pending)
    return groups


def _kind(text: str, background: bool, item: bool = False, judge: Judge = _as_written) -> UnitKind:
    copies = judge(text)
    text = copies[0]
    if background or not any(terms(c) for c in clauses(text) or [text]):
        return "context"  # background, or nothing to look for ('一、should', '要。'): a verdict would be noise
    if item and _IMPERATIVE_EN.match(strip_marker(text)):
        return "recommendation"  # 'Understand what people need': an English list item in the imperative
    directive = any(is_directive(s) for copy in copies for _, s in sentences(copy))
    return "recommendation" if directive else "context"


def _letters(n: int) -> Iterator[str]:
    for i in range(n):
        yield chr(ord("a") + i) if i < 26 else f"z{i}"


_CLAUSE_END = "。！？!?；;，,：: "
"""After these a paragraph that opens with a marker already starts a clause of its own."""


def _joined(group: list[_Piece]) -> str:
    """The pieces of a unit as one text: a space between Latin pieces, between two paragraphs whose
    junction would otherwise run two words together ('加强网格' + '建设平台'), and before a paragraph that
    opens with a marker ('加强' + '（1）建立'). The target keeps paragraphs apart and its sentences lose
    their markers, so a junction term or a marker's number is one the unit could not find even in its
    own document."""
    text = ""
    for p in group:
        left, right = text[-1:], p.text[:1]
        sep = " " if text and ((left.isascii() and right.isascii()) or (left.isalnum() and right.isalnum()) or (
            p.marker and left not in _CLAUSE_END)) else ""
        text += sep + p.text
    return text


def section_units(sid: str, blocks: tuple[Block, ...], has_children: bool, background: bool,
                  judge: Judge = _as_written) -> list[Unit]:
    """The units of one section's own body."""
    pieces = [p for b in blocks for p in _pieces(b)]
    first_item = next((k for k, p in enumerate(pieces) if p.is_item), None)
    units: list[Unit] = []
    if first_item is None and not has_children:
        groups = _groups(pieces, judge)
        ids = [sid or "0"] if len(groups) == 1 else [f"{sid or '0'}{x}" for x in _letters(len(groups))]
        for ident, group in zip(ids, groups, strict=True):
            text = _joined(group)
            units.append(Unit(ident, sid, _kind(text, background, judge=judge), text, group[0].line))
        return units
    lead = pieces[: first_item if first_item is not None else len(pieces)]
    if lead:
        units.append(Unit(f"{sid}.0" if sid else "0", sid, "context", _joined(list(lead)), lead[0].line))
    if first_item is None:
        return units
    # the first item's numbering style makes the units; a deeper enumeration inside an item (a law's
    # （一）（二） under 第X条, 1) under 1.) continues it, unless it numbers itself (1.2.1 under 1.2)
    level = pieces[first_item].style
    items: list[list[_Piece]] = []
    for p in pieces[first_item:]:
        if (p.is_item and (p.style == level or p.ident)) or not items:
            items.append([p])
        else:
            items[-1].append(p)
    for n, group in enumerate(items, start=1):
        head = group[0]
        ident = head.ident or (f"{sid}.{n}" if sid else f"0.{n}")
        text = _joined(group)
        units.append(Unit(ident, sid, _kind(text, background, True, judge), text, head.line, head.marker))
    return units


def units(document: Document) -> tuple[Unit, ...]:
    """Every unit of the document, front matter first, in document order, with unique ids."""
    judge = _simplified if needs_conversion(document.script) else _as_written
    # front matter is background to the sections that follow it; a document without sections is all body
    out = section_units("", document.blocks, bool(document.sections), bool(document.sections), judge)

    def visit(section: Section, background: bool) -> None:
        bg = background or any(_BACKGROUND_TITLE.search(copy) for copy in judge(section.title))
        out.extend(section_units(section.id, section.blocks, bool(section.sections), bg, judge))
        for child in section.sections:
            visit(child, bg)

    for s in document.sections:
        visit(s, False)
    seen: dict[str, int] = {}
    unique: list[Unit] = []
    for u in out:
        count = seen.get(u.id, 0)
        seen[u.id] = count + 1
        unique.append(u if count == 0 else Unit(f"{u.id}~{count + 1}", u.section, u.kind, u.text, u.line, u.marker))
    return tuple(unique)


def build_outline(document: Document) -> Outline:
    return Outline(document, units(document))
