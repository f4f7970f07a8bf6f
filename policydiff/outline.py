"""Recover a document's structure: title, sections at every level, and the body blocks inside them.

Levels come from the order in which numbering styles first appear (a document may skip a level),
with Word heading styles, HTML heading tags, setext underlines and front-matter titles as supporting
evidence. A numbering style is a heading style when the document uses it mostly for short titles
followed by their own body (a list of short items is not); a numbered paragraph of a heading style
that is not a short title is a heading run into its first sentence, and is split. Hard-wrapped lines
are joined back into paragraphs (CJK without a space, Latin with one, hyphenation undone); in plain
text a line that stops short after a CJK character ends its paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from itertools import islice

from .clean import WIDE, display_width, is_wide
from .models import Block, Document, Line, Section, Text
from .numbering import Marker, Role, normalise_token, parse_marker

_END_PUNCT = "。！？!?"
_JOIN_PUNCT = "，、；（“‘—"
"""Punctuation a paragraph cannot end with: a line ending in it continues on the next."""
_SENTENCE_INNER = re.compile(r"[。；;！？!?]")
_LATIN_SENTENCE = re.compile(r"[a-z0-9)\]][.!?]\s+[A-Z]")
"""'… needs. Research to …': a sentence ends inside an English line."""
_RUN_IN = re.compile(r"^([^。！？!?，,：:；;]{2,30})[。！？!?](.+)$")
"""'织密立体化治安防控网络。各地要…': a short title ended by 。 and run into its body."""
_CN_STYLES = ("cn、", "(cn)")
"""The Chinese-numeral styles: headings of 公文 (GB/T 9704) levels 1 and 2."""
_SETEXT = re.compile(r"^\s*(=+|-+)\s*$")
_BULLET = re.compile(r"^[-*+•·]\s")
_PARAGRAPH_LINES = ("docx", "html")
"""Formats whose readers give one Line per paragraph: nothing to join."""
_MAX_TITLE = 40
MAX_DEPTH = 100
"""Sections nest at most this deep (50-level numbering such as 1.1.1… is kept whole); a heading deeper
than that becomes a sibling of the deepest section, so that nothing downstream (ids, formats that
walk the tree) recurses without bound."""
_MAX_DOC_TITLE = 60
_DOC_NUMBER = re.compile(r"^\S{0,12}[〔［\[(（]\d{4}[〕］\])）]\s*\d+\s*[号號]$")
"""A 公文 document number ('江川公通〔2022〕36号'): the line above it is the issuer's banner, not the title."""
# Words that open a body sentence: where a heading run into its body ends.
_OPENERS = (
    "当前", "目前", "近年来", "近年", "近些年来", "随着", "党的", "十八大", "十九大", "二十大", "我们", "为此",
    "因此", "同时", "根据", "按照", "今年", "去年", "近期", "长期以来", "多年来", "实践证明", "中央", "我省",
    "我市", "我县", "我区", "各地", "各级", "习近平", "在新的", "面对", "为了",
    # the same in Traditional characters (OpenCC s2t, s2twp, s2hk): a Traditional twin splits where its original does
    "當前", "近年來", "近些年來", "隨著", "隨着", "黨的", "我們", "為此", "爲此", "同時", "根據", "長期以來", "多年來",
    "實踐證明", "我縣", "我區", "各級", "習近平", "面對", "為了", "爲了",
)


@dataclass
class _Para:
    text: str
    line: int
    hint: int | None = None
    """Heading level the format declares (Word style, HTML tag, setext underline, front matter)."""
    marker: Marker | None = None
    breaks: list[tuple[int, int]] = field(default_factory=list)
    style: str = ""
    """Heading style when the format declares it ('fm': a front-matter title), else derived from ``hint``."""
    pieces: list[str] = field(default_factory=list, compare=False, repr=False)
    """While lines are joined on: the text in pieces (``text`` holds the first until :meth:`done`)."""
    size: int = field(default=0, compare=False, repr=False)
    tail: str = field(default="", compare=False, repr=False)
    """The last two characters of the text joined so far."""

    def __post_init__(self) -> None:
        self.pieces = [self.text]
        self.size = len(self.text)
        self.tail = self.text[-2:]

    def join(self, text: str, number: int) -> None:
        """Join a hard-wrapped line on. The pieces are joined once, by :meth:`done` (joining them one by one
        copied the whole paragraph per line: a 5 MB table of 50,000 lines took seconds)."""
        drop, sep = _junction(self.tail, text)
        if drop:
            self.pieces[-1] = self.pieces[-1][:-drop]
            self.size -= drop
        self.pieces.append(sep + text)
        self.size += len(sep) + len(text)
        self.breaks.append((self.size - len(text), number))
        self.tail = (self.tail[: len(self.tail) - drop] + sep + text)[-2:]

    def done(self) -> None:
        if len(self.pieces) > 1:
            self.text = "".join(self.pieces)
        self.pieces = [self.text]

    def block(self, skip: int = 0) -> Block:
        """The paragraph from character ``skip`` on, as a body block with its line map."""
        if not self.breaks:  # one source line (most paragraphs): no line map to cut
            return Block(self.text[skip:], self.line)
        line = self.line
        breaks: list[tuple[int, int]] = []
        for offset, number in self.breaks:
            if offset <= skip:
                line = number
            else:
                breaks.append((offset - skip, number))
        return Block(self.text[skip:], line, tuple(breaks))


@dataclass
class _Node:
    number: str
    title: str
    level: int
    line: int
    style: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)


_CJK_GAP = re.compile(r"(?<=[\u3400-\u9fff]) (?=[\u3400-\u9fff])")
"""A space between two ideographs of a title is typesetting ('总 则', '保 安 员')."""
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060\ufeff\u00ad]")
"""Zero-width spaces and joiners, direction marks, word joiners, BOMs, soft hyphens."""


_SPACES = re.compile(r"\s+")


def _display(text: str) -> str:
    """``text`` stripped, without invisible characters, each run of white space one space."""
    s = text.strip()
    # Most lines are done once stripped: a printable string holds no invisible character (all are format
    # characters), no white space but ' ' (any other is a control or separator), so with no '  ' in it
    # the regular expressions below would change nothing.
    if s.isprintable() and "  " not in s:
        return s
    return _SPACES.sub(" ", _INVISIBLE.sub("", text).replace("\u3000", " ")).strip()


def _junction(tail: str, b: str) -> tuple[int, str]:
    """How a line ``b`` joins text ending in ``tail`` (its last two characters): how many characters of the
    text to drop (a hyphen: 'organ-' + 'isation'), and what goes between: nothing after or before a CJK
    character, else a space."""
    if tail and b and (is_wide(tail[-1]) or is_wide(b[0]) or tail[-1] in "“”"):
        return 0, ""
    if len(tail) >= 2 and tail.endswith("-") and tail[-2].isalpha() and b[:1].islower():
        return 1, ""
    return 0, " " if tail else ""


def _wrap_width(lines: tuple[Line, ...]) -> int:
    """The width a hard-wrapped text was wrapped at: a high quantile of its line widths."""
    widths = sorted(display_width(line.text.rstrip()) for line in lines if line.text.strip())
    return widths[(len(widths) - 1) * 4 // 5] if widths else 0


def _ends_paragraph(prev_raw: str, prev: str, next_raw: str, wrap: Callable[[], int]) -> bool:
    """Does a line of a plain-text file end its paragraph although no blank line follows?

    After 。！？ it does. A line that stops short of the wrap width (or of the next line) after a CJK
    character does too (a title, a 公文 line without punctuation); a hard-wrapped line runs on to the
    wrap width.
    Latin lines are joined (Markdown's rule), as are lines ending in a comma or an enumeration comma.
    """
    last = prev[-1]
    if last in _END_PUNCT:
        return True
    if not is_wide(last) or last in _JOIN_PUNCT:
        return False
    return display_width(prev_raw.rstrip()) < 0.8 * max(wrap(), display_width(next_raw.rstrip()))


_FRONT_MATTER_KEY = re.compile(r"^[A-Za-z_][\w-]*\s*:(\s.*)?$")


def _front_matter(lines: tuple[Line, ...]) -> dict[int, tuple[int, str]]:
    """YAML front-matter blocks ('---', 'key: value' lines, '---'): start index → (end index, title).

    Only 'key: value' lines (and their indented continuations) between the rules, so a setext
    underline or a thematic break is never taken for one. Files that concatenate several Markdown
    pages carry one per page; its ``title:`` names the page.
    """
    blocks: dict[int, tuple[int, str]] = {}
    resume = 0  # the line after the last block found: a '---' before it is inside that block, starts none
    rules = [k for k, line in enumerate(lines) if "---" in line.text and line.text.strip() == "---"]
    for k in rules:
        if k < resume:
            continue
        end, title, keys = k + 1, "", 0
        while end < len(lines) and lines[end].text.strip() not in ("---", "..."):
            inner = lines[end].text
            if _FRONT_MATTER_KEY.match(inner):
                keys += 1
            elif not inner.startswith((" ", "\t", "- ")):
                break
            if inner.startswith("title:"):
                title = inner.partition(":")[2].strip().strip("'\"")
            end += 1
        if keys and end < len(lines) and lines[end].text.strip() in ("---", "..."):
            blocks[k] = (end, title)
            resume = end + 1
    return blocks


def _paragraphs(lines: tuple[Line, ...], fmt: str) -> list[_Para]:
    """Join hard-wrapped lines back into paragraphs; a marker or a blank line starts a new one."""
    paras: list[_Para] = []
    current: _Para | None = None
    current_raw = ""
    # the wrap width (only plain text is joined by width: _ends_paragraph), measured when first needed: in most
    # documents every paragraph ends at a blank line or after 。, and it is never needed
    wrap = cache(lambda: _wrap_width(lines))
    front_matter = _front_matter(lines) if fmt in ("md", "txt") else {}
    skip_to = -1
    for idx, line in enumerate(lines):
        if idx <= skip_to:
            continue
        if idx in front_matter:
            skip_to, title = front_matter[idx]
            current = None
            if title:
                paras.append(_Para(_display(title), line.number + 1, hint=0, style="fm"))
            continue
        raw = line.text
        text = _display(raw)
        if not text:
            current = None
            continue
        # a line _SETEXT matches is white space around '='s or '-'s: what _display keeps starts with one
        setext = text[0] in "=-" and _SETEXT.match(raw)
        if setext and current is None:
            continue
        if (
            current is None  # (tested first: the cheapest, and false inside a paragraph)
            and fmt in ("md", "txt")
            and idx + 1 < len(lines)
            and _SETEXT.match(lines[idx + 1].text)
            and idx + 1 not in front_matter
            and len(text) <= 80
            and not _BULLET.match(text)  # '- item' over '---' is a list and a rule, not a heading
        ):
            level = 1 if lines[idx + 1].text.strip().startswith("=") else 2
            paras.append(_Para(text, line.number, hint=level))
            continue
        if setext:
            current = None
            continue
        marker = parse_marker(text)
        starts_new = (
            current is None
            or line.heading is not None
            or current.hint is not None
            or marker is not None
            or fmt in _PARAGRAPH_LINES
            or (fmt == "txt" and _ends_paragraph(current_raw, current.tail, raw, wrap))
            or (current.marker is not None and current.marker.style.startswith("md"))
        )
        current_raw = raw
        if starts_new:
            current = _Para(text, line.number, hint=line.heading, marker=marker)
            paras.append(current)
        else:
            assert current is not None
            current.join(text, line.number)
    for p in paras:
        p.done()
        if p.marker is not None and p.breaks:  # the marker's text runs on over the joined lines
            p.marker = parse_marker(p.text)
    return paras


def _title_like(rest: str, limit: int = _MAX_TITLE) -> bool:
    """Short, and no sentence ends inside it: '创新社会管理理念', 'Devices and connectivity'."""
    body = rest.rstrip("。.：:")
    # the length first: most paragraphs are longer than any title, whatever their script
    size = len(body)
    if size == 0 or size > 2 * limit or (size > limit and WIDE.search(body)):
        return False
    return not _SENTENCE_INNER.search(body) and not _LATIN_SENTENCE.search(body)


_CLAUSE_END = re.compile(r"[，,：:“\"；;。]")


def _split_run_in(rest: str, sibling_titles: list[str]) -> tuple[str, str] | None:
    """Split '治安新形势要求…创新当前,随着…' into (title, body); None when no split is convincing."""
    m = _RUN_IN.match(rest)
    if m:
        return m.group(1), m.group(2).strip()
    clause_end = _CLAUSE_END.search(rest)
    clause = rest[: clause_end.start()] if clause_end else rest[:60]
    # a suffix shared with a sibling title marks where the title ends
    for title in sibling_titles:
        for n in range(min(len(title), len(clause)) - 1, 3, -1):
            suffix = title[-n:]
            pos = clause.find(suffix)
            if pos >= 0 and pos + n < len(clause):
                return clause[: pos + n], rest[pos + n:]
    # otherwise the first word that opens a body sentence
    for offset in range(4, len(clause) - 1):
        if clause.startswith(_OPENERS, offset):
            return clause[:offset], rest[offset:]
    return None


def _title_use(paras: list[_Para], k: int) -> bool | None:
    """How paragraph ``k`` uses its (EITHER-role) numbering, if it is a short title.

    True: a heading — followed by a body of its own (plain text or a deeper numbering). False: an item
    of a list — followed by its sibling, by a heading or by the end of the document. None: not a short
    title (a long numbered paragraph says nothing either way).
    """
    m = paras[k].marker
    if m is None or not _title_like(m.rest) or m.rest.endswith(("。", ".")):
        return None
    if k + 1 >= len(paras):
        return False
    nxt = paras[k + 1]
    if nxt.hint is not None:
        return False
    return nxt.marker is None or (nxt.marker.style != m.style and nxt.marker.role is not Role.HEADING)


def _plain_heading(paras: list[_Para], k: int) -> bool:
    """An unnumbered short line that introduces a list ('Communities' / '1. Engage with …')."""
    p = paras[k]
    if k == 0 or p.marker is not None or p.hint is not None:
        return False
    # the cheap tests before _title_like ('' ends in nothing and is no title: False either way)
    if p.text[-1:] in "。.：:，,；;、！？!?":
        return False
    nxt = paras[k + 1] if k + 1 < len(paras) else None
    m = nxt.marker if nxt is not None else None
    if m is None or m.role is Role.HEADING or m.style.startswith("md") or m.value not in (None, 1):
        return False
    return _title_like(p.text)


def _heading_styles(paras: list[_Para]) -> set[str]:
    """This document's heading styles.

    Markdown hashes, 第X章 and the like always are. A style that may open either a heading or an item
    (一、 （一） 1. 1.1 …) is one when it is used as a heading more often than as a list item, and in at
    least a third of its uses. A heading use is a short title on its own followed by its body or — for the
    Chinese-numeral styles of 公文 (GB/T 9704) — a short title run into its body ('（一）织密立体化治安防控
    网络。各地要…'). A list of short items is not: each item is followed by its sibling. In a law, whatever is numbered inside its articles (第X条 → （一） → 1.) is an item.
    'plain' (unnumbered lines that introduce lists) counts when used at least twice.
    """
    styles: set[str] = set()
    votes: dict[str, list[int]] = {}  # style → [uses as a heading, uses as a list item, all uses]
    article_at = next((k for k, p in enumerate(paras) if p.marker is not None and p.marker.style == "第条"), None)
    inside_articles: set[str] = set()
    for k, p in enumerate(paras):
        m = p.marker
        if m is None:
            continue
        if m.role is Role.HEADING:
            styles.add(m.style)
            continue
        if m.role is not Role.EITHER:
            continue
        if m.style not in votes and article_at is not None and k > article_at:
            inside_articles.add(m.style)
        vote = votes.setdefault(m.style, [0, 0, 0])
        use = True if m.style in _CN_STYLES and _RUN_IN.match(m.rest) else _title_use(paras, k)
        if use is not None:
            vote[0 if use else 1] += 1
        vote[2] += 1
    styles.update(
        s for s, (heads, items, uses) in votes.items() if heads > items and 3 * heads >= uses and s not in inside_articles
    )
    plain = (k for k in range(len(paras)) if _plain_heading(paras, k))
    if len(list(islice(plain, 2))) >= 2:  # two are enough
        styles.add("plain")
    return styles


@dataclass(frozen=True)
class _Heading:
    style: str
    number: str
    title: str
    body: str


def _as_heading(
    p: _Para, styles: set[str], siblings: dict[str, list[str]], plain: bool = False
) -> _Heading | None:
    m = p.marker
    if p.hint is not None:
        style = p.style or f"h{p.hint}"
        inner = parse_marker(p.text)
        if inner is not None and inner.role is not Role.ITEM and not inner.style.startswith("md"):
            return _Heading(style, inner.token, inner.rest, "")
        return _Heading(style, "", p.text, "")
    if m is None and plain and "plain" in styles:
        return _Heading("plain", "", p.text, "")
    if m is None or m.role is Role.ITEM:
        return None
    if m.style.startswith("md"):
        inner = parse_marker(m.rest)
        if inner is not None and inner.role is not Role.ITEM and not inner.style.startswith("md"):
            return _Heading(m.style, inner.token, inner.rest, "")
        return _Heading(m.style, "", m.rest, "")
    if m.role is Role.HEADING:
        return _Heading(m.style, m.token, m.rest, "")
    if m.style not in styles:
        return None
    if _title_like(m.rest) and not m.rest.endswith(("。", ".")):
        return _Heading(m.style, m.token, m.rest, "")
    split = _split_run_in(m.rest, [t for t in siblings.get(m.style, []) if t != m.rest])
    if split is None:
        return None
    return _Heading(m.style, m.token, split[0].rstrip("。."), split[1].strip())


def _strip_title_hashes(text: str) -> str:
    m = parse_marker(text)
    return m.rest if m is not None and m.style.startswith("md") else text


def _find_title(paras: list[_Para], headings: dict[int, _Heading]) -> tuple[str, int | None]:
    """The document title and the index of the paragraph it came from (None if it is not one)."""
    first_heading = min(headings, default=len(paras))
    for k, p in enumerate(paras[: first_heading + 1]):
        h = headings.get(k)
        if h is not None:
            top_styles = [x.style for x in headings.values()]
            if h.style in ("md1", "h0", "h1", "fm") and not h.number and top_styles.count(h.style) == 1:
                return h.title, k
            break
        if (
            p.marker is None
            and _title_like(p.text, _MAX_DOC_TITLE)
            and not p.text.endswith(("。", "."))
            and len(p.text) >= 4
            and not _DOC_NUMBER.search(p.text)
            and not (k + 1 < len(paras) and _DOC_NUMBER.search(paras[k + 1].text))
        ):
            return p.text, k
    return "", None


_DOTTED_TOKEN = re.compile(r"\d+(\.\d+)+")
_DOTTED_LABEL = re.compile(r"[\d.]+")


def _build(nodes: list[_Node], paras_front: list[Block]) -> tuple[tuple[Block, ...], tuple[Section, ...]]:
    def freeze(node: _Node, parent_id: str, parent_label: str, ordinal: int) -> Section:
        sid = f"{parent_id}.{ordinal}" if parent_id else str(ordinal)
        token = normalise_token(node.number)
        if not token:
            label = sid
        elif _DOTTED_TOKEN.fullmatch(token) or not parent_label:
            label = token
        elif token.isdigit() and _DOTTED_LABEL.fullmatch(parent_label):
            label = f"{parent_label}.{token}"
        else:
            label = parent_label + token
        kids = tuple(freeze(c, sid, label, i + 1) for i, c in enumerate(node.children))
        return Section(sid, label, node.number, node.title, node.level, node.line, tuple(node.blocks), kids)

    return tuple(paras_front), tuple(freeze(n, "", "", i + 1) for i, n in enumerate(nodes))


def outline(text: Text) -> Document:
    """Build the :class:`Document` tree of ``text`` (already cleaned)."""
    paras = _paragraphs(text.lines, text.format)
    styles = _heading_styles(paras)
    siblings: dict[str, list[str]] = {}
    for p in paras:
        if p.marker is not None and p.marker.style in styles and _title_like(p.marker.rest):
            siblings.setdefault(p.marker.style, []).append(p.marker.rest)
    plain = "plain" in styles  # else _as_heading does not look at _plain_heading's answer
    headings = {
        k: h
        for k, p in enumerate(paras)
        if (h := _as_heading(p, styles, siblings, plain and _plain_heading(paras, k))) is not None
    }
    title, title_at = _find_title(paras, headings)

    roots: list[_Node] = []
    stack: list[_Node] = []
    order: list[str] = []  # heading styles in the order of first appearance, per open path
    front: list[Block] = []
    for k, p in enumerate(paras):
        if k == title_at:
            continue
        h = headings.get(k)
        if h is None:
            (stack[-1].blocks if stack else front).append(p.block())
            continue
        while stack and stack[-1].style != h.style and h.style in order[: len(stack)]:
            stack.pop()
            order = order[: len(stack)]
        if stack and stack[-1].style == h.style:
            stack.pop()
            order = order[: len(stack)]
        if len(stack) >= MAX_DEPTH:  # deeper than any real document: a sibling of the deepest section
            stack.pop()
            order = order[: len(stack)]
        shown = _CJK_GAP.sub("", h.title) if " " in h.title else h.title  # _CJK_GAP removes spaces or nothing
        node = _Node(h.number, shown, len(stack) + 1, p.line, h.style)
        (stack[-1].children if stack else roots).append(node)
        stack.append(node)
        order = [*order[: len(stack) - 1], h.style]
        if h.body:
            node.blocks.append(p.block(len(p.text) - len(h.body)))
    blocks, sections = _build(roots, front)
    return Document(
        path=text.origin,
        title=_strip_title_hashes(title),
        format=text.format,
        encoding=text.encoding,
        sha256=text.sha256,
        blocks=blocks,
        sections=sections,
    )
