"""The shortcuts taken in clean and outline for scan's speed change nothing: each against the code it replaced.

Every function below named ``*_as_it_was`` is the version before the shortcut, kept as the reference;
``clean.clean`` is compared with its earlier version and ``outline.outline`` with its helpers as they were, on
generated documents (markers, setext underlines, front matter, comments, conflicts, boilerplate, CJK and Latin
lines).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from hypothesis import example, given, settings
from hypothesis import strategies as st

from policydiff import clean, outline
from policydiff.models import Block, Document, Line, Text
from policydiff.numbering import parse_marker

_CHARS = list(
    "的是在中国加强管理工作要各地总则一二三十第章条节 abcXYZ019"
    ".,;:!?。，、：:；;（）()“”'\"-—=#*+•<>/|_[]"
    " \u3000\t\n\u200b\u200e\u2060\ufeff\u00ad\xa0"
)
_MARKERS = ["", "", "", "", "一、", "二、", "（一）", "(二)", "（三）", "1.", "2. ", "1.1 ", "1.2", "1.1.1 ", "第一章", "第二条",
            "第三节 ", "# ", "## ", "### ", "- ", "* ", "• ", "①", "一是", "I. ", "II. ", "Section 2 ", "**1.1** ", "1、",
            "（1）", "1)", "\u3000\u3000", " "]
_SPECIAL = ["", "", " ", "\u3000", "\u200b", "---", " --- ", "===", "= = =", "-", "...", "title: 标题", "title: '总 则'",
            "key: value", "  indented: more", "- item", "<!-- 注释 -->", "<!-- open", "close -->", "<<<<<<< HEAD",
            "<<<<<<<", "=======", ">>>>>>> branch", ">>>>>>>", "正文<br />续", "a <BR> b", "您现在的位置：首页 > 正文",
            "来源：网站 时间：2020-01-01", "第 3 页", "- 1 -", "推荐访问：", "Page 2 of 5", "首页 > 新闻", "江川公通〔2022〕36号",
            "治安新形势要求创新当前，随着社会发展", "织密立体化治安防控网络。各地要加强", "Devices and connectivity",
            "Communities", "It needs. Research to do", "总 则", "保 安 员", "一二三四五六七八九十" * 5, "x" * 85,
            "标题 基层公安机关的定义", "标题 — 基层公安机关的定义网"]
_WORDS = st.one_of(
    st.text(alphabet=st.sampled_from(_CHARS), max_size=40),
    st.text(alphabet=st.sampled_from([c for c in _CHARS if c.isprintable()]), max_size=40),  # ' ' the only space
)
_LINE = st.one_of(
    st.sampled_from(_SPECIAL),
    st.builds(lambda m, w: m + w, st.sampled_from(_MARKERS), _WORDS),
    st.builds(lambda m, w, n: m + w * n, st.sampled_from(_MARKERS), _WORDS, st.integers(1, 4)),
)
_BLOCKS = [  # runs of lines that mean something together
    ["---", "title: 总 则", "date: 2020", "---"], ["---", "title: 'Plan'", "  more: x", "- y", "..."], ["---", "x: 1", "---"],
    ["---", "---"], ["---", "not a key", "---"], ["---", "a: 1", "---", "b: 2", "---"], ["标题", "==="], ["Heading", "---"], ["- item", "---"],
    ["Communities", "1. Engage with them", "2. Listen"], ["一、总体要求", "要加强管理。"],
    ["<!-- a", "hidden", "--> shown"], ["<<<<<<< HEAD", "ours", "=======", "theirs", ">>>>>>> b"],
]
_CHUNK = st.one_of(_LINE.map(lambda line: [line]), _LINE.map(lambda line: [line]), st.sampled_from(_BLOCKS))
_FORMATS = ("txt", "md", "html", "docx", "pdf")


@st.composite
def _texts(draw: st.DrawFn) -> Text:
    """A document as the readers give it: numbered lines (html/docx ones may declare a heading level)."""
    fmt = draw(st.sampled_from(_FORMATS))
    texts = [line for chunk in draw(st.lists(_CHUNK, max_size=14)) for line in chunk]
    declares = fmt in ("html", "docx")
    lines = []
    for number, text in enumerate(texts, start=1):
        heading = draw(st.sampled_from((None, None, None, 1, 2, 0))) if declares else None
        lines.append(Line(text, number, heading))
    return Text(tuple(lines), "doc", fmt, "utf-8", "0" * 64)


@contextmanager
def _patched(module: object, **functions: object) -> Iterator[None]:
    """``module``'s functions replaced by the given ones for the duration (hypothesis runs no fixtures per example)."""
    saved = {name: getattr(module, name) for name in functions}
    for name, function in functions.items():
        setattr(module, name, function)
    try:
        yield
    finally:
        for name, function in saved.items():
            setattr(module, name, function)


# --- outline: _display -----------------------------------------------------------------------------------


def _display_as_it_was(text: str) -> str:
    return outline._SPACES.sub(" ", outline._INVISIBLE.sub("", text).replace("\u3000", " ")).strip()


@settings(max_examples=500, deadline=None)
@given(st.one_of(_LINE, st.text(max_size=30)))
@example("a  b")
@example("\u3000\u3000一、 总  则 ")
def test_display_text_as_the_regular_expressions_made_it(sample: str) -> None:
    """The printable-string shortcut: same stripped, visible, single-spaced text."""
    assert outline._display(sample) == _display_as_it_was(sample)


def test_display_shortcut_rests_on_printable_strings_having_no_other_space_nor_invisible() -> None:
    """Why the shortcut holds: every character \\s or _INVISIBLE matches, but ' ', is not printable."""
    space = re.compile(r"\s")
    for i in range(0x110000):
        ch = chr(i)
        if ch != " " and (space.match(ch) or outline._INVISIBLE.match(ch)):
            assert not ch.isprintable(), hex(i)


# --- outline: _title_like, _plain_heading, _front_matter ---------------------------------------------------


def _title_like_as_it_was(rest: str, limit: int = outline._MAX_TITLE) -> bool:
    body = rest.rstrip("。.：:")
    if outline._LATIN_SENTENCE.search(body):
        return False
    return 0 < len(body) <= limit * (1 if outline.WIDE.search(body) else 2) and not outline._SENTENCE_INNER.search(body)


@settings(max_examples=500, deadline=None)
@given(st.one_of(_LINE, st.builds(lambda w, n: w * n, _WORDS, st.integers(1, 5))), st.sampled_from((40, 60)))
@example("x" * 80, 40)  # the limits, either side, Latin and CJK
@example("x" * 81, 40)
@example("一" * 40, 40)
@example("一" * 41, 40)
@example("x" * 79 + "一", 40)
@example("x" * 120 + "。", 60)
@example("x" * 121, 60)
def test_title_like_as_when_lengths_were_checked_last(rest: str, limit: int) -> None:
    """Length tested before the sentence patterns: the same short-title verdict."""
    assert outline._title_like(rest, limit) == _title_like_as_it_was(rest, limit)


def _plain_heading_as_it_was(paras: list[outline._Para], k: int) -> bool:
    p = paras[k]
    if k == 0 or p.marker is not None or p.hint is not None or not _title_like_as_it_was(p.text):
        return False
    if p.text[-1] in "。.：:，,；;、！？!?":
        return False
    nxt = paras[k + 1] if k + 1 < len(paras) else None
    m = nxt.marker if nxt is not None else None
    return (m is not None and m.role is not outline.Role.HEADING and not m.style.startswith("md")
            and m.value in (None, 1))


def _front_matter_as_it_was(lines: tuple[Line, ...]) -> dict[int, tuple[int, str]]:
    blocks: dict[int, tuple[int, str]] = {}
    k = 0
    while k < len(lines):
        if lines[k].text.strip() != "---":
            k += 1
            continue
        end, title, keys = k + 1, "", 0
        while end < len(lines) and lines[end].text.strip() not in ("---", "..."):
            inner = lines[end].text
            if outline._FRONT_MATTER_KEY.match(inner):
                keys += 1
            elif not inner.startswith((" ", "\t", "- ")):
                break
            if inner.startswith("title:"):
                title = inner.partition(":")[2].strip().strip("'\"")
            end += 1
        if keys and end < len(lines) and lines[end].text.strip() in ("---", "..."):
            blocks[k] = (end, title)
            k = end + 1
        else:
            k += 1
    return blocks


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_front_matter_blocks_as_when_every_line_was_walked(text: Text) -> None:
    """Only the '---' lines visited (skipping those inside a block found): the same blocks and titles."""
    assert outline._front_matter(text.lines) == _front_matter_as_it_was(text.lines)


# --- outline: _paragraphs ----------------------------------------------------------------------------------


def _ends_paragraph_as_it_was(prev_raw: str, prev: str, next_raw: str, wrap: int) -> bool:
    last = prev[-1]
    if last in outline._END_PUNCT:
        return True
    if not outline.is_wide(last) or last in outline._JOIN_PUNCT:
        return False
    return outline.display_width(prev_raw.rstrip()) < 0.8 * max(wrap, outline.display_width(next_raw.rstrip()))


def _join_as_it_was(a: str, b: str) -> str:
    if a and b and (outline.is_wide(a[-1]) or outline.is_wide(b[0]) or a[-1] in "“”"):
        return a + b
    if len(a) >= 2 and a.endswith("-") and a[-2].isalpha() and b[:1].islower():
        return a[:-1] + b
    return f"{a} {b}" if a else b


def _paragraphs_as_it_was(lines: tuple[Line, ...], fmt: str) -> list[outline._Para]:
    """The wrap width measured up front, both setext tests on every line, the regular-expression _display."""
    _Para, _SETEXT, _display = outline._Para, outline._SETEXT, _display_as_it_was
    paras: list[outline._Para] = []
    current: outline._Para | None = None
    current_raw = ""
    wrap = outline._wrap_width(lines) if fmt == "txt" else 0
    front_matter = _front_matter_as_it_was(lines) if fmt in ("md", "txt") else {}
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
        text = _display(raw) if raw and not raw.isspace() else ""
        nxt = lines[idx + 1].text if idx + 1 < len(lines) else ""
        setext = _SETEXT.match(raw)
        if not text or (setext and current is None):
            current = None
            continue
        if (
            fmt in ("md", "txt")
            and _SETEXT.match(nxt)
            and idx + 1 not in front_matter
            and len(text) <= 80
            and current is None
            and not outline._BULLET.match(text)
        ):
            level = 1 if nxt.strip().startswith("=") else 2
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
            or fmt in outline._PARAGRAPH_LINES
            or (fmt == "txt" and _ends_paragraph_as_it_was(current_raw, current.text, raw, wrap))
            or (current.marker is not None and current.marker.style.startswith("md"))
        )
        current_raw = raw
        if starts_new:
            current = _Para(text, line.number, hint=line.heading, marker=marker)
            paras.append(current)
        else:
            assert current is not None
            joined = _join_as_it_was(current.text, text)
            current.breaks.append((len(joined) - len(text), line.number))
            current.text = joined
    for p in paras:
        if p.marker is not None and p.breaks:
            p.marker = parse_marker(p.text)
    return paras


def _hard_wrapped(text: Text) -> Text:
    """The same lines without the blank ones: plain text joined by width, not split at blank lines."""
    return replace(text, lines=tuple(line for line in text.lines if line.text.strip()))


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_paragraphs_as_when_setext_and_wrap_width_were_always_computed(text: Text) -> None:
    """The setext tests rejected by their first character, the wrap width measured only when needed: the same
    paragraphs, line numbers, breaks, markers and hints."""
    for sample in (text, _hard_wrapped(text)):
        assert outline._paragraphs(sample.lines, sample.format) == _paragraphs_as_it_was(sample.lines, sample.format)


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_plain_headings_as_when_title_like_was_tested_first(text: Text) -> None:
    """The paragraph and its follower checked before _title_like: the same 'plain' headings."""
    paras = _paragraphs_as_it_was(text.lines, text.format)
    assert [outline._plain_heading(paras, k) for k in range(len(paras))] == [
        _plain_heading_as_it_was(paras, k) for k in range(len(paras))
    ]


# --- outline: the whole tree -------------------------------------------------------------------------------


def _block_as_it_was(self: outline._Para, skip: int = 0) -> Block:
    line = self.line
    breaks: list[tuple[int, int]] = []
    for offset, number in self.breaks:
        if offset <= skip:
            line = number
        else:
            breaks.append((offset - skip, number))
    return Block(self.text[skip:], line, tuple(breaks))


def _heading_styles_as_it_was(paras: list[outline._Para]) -> set[str]:
    """Every paragraph's _plain_heading counted."""
    styles: set[str] = set()
    votes: dict[str, list[int]] = {}
    article_at = next((k for k, p in enumerate(paras) if p.marker is not None and p.marker.style == "第条"), None)
    inside_articles: set[str] = set()
    for k, p in enumerate(paras):
        m = p.marker
        if m is None:
            continue
        if m.role is outline.Role.HEADING:
            styles.add(m.style)
            continue
        if m.role is not outline.Role.EITHER:
            continue
        if m.style not in votes and article_at is not None and k > article_at:
            inside_articles.add(m.style)
        vote = votes.setdefault(m.style, [0, 0, 0])
        use = True if m.style in outline._CN_STYLES and outline._RUN_IN.match(m.rest) else outline._title_use(paras, k)
        if use is not None:
            vote[0 if use else 1] += 1
        vote[2] += 1
    styles.update(
        s for s, (heads, items, uses) in votes.items() if heads > items and 3 * heads >= uses and s not in inside_articles
    )
    if sum(1 for k in range(len(paras)) if _plain_heading_as_it_was(paras, k)) >= 2:
        styles.add("plain")
    return styles


def _outline_as_it_was(text: Text) -> Document:
    """outline.outline with every helper it calls as it was (_paragraphs, _heading_styles, _title_like,
    _display, _front_matter, _plain_heading, _Para.block). The shortcuts in outline() itself are evident:
    _plain_heading asked only when its answer is used, _CJK_GAP only run on a title with a space in it."""
    with _patched(outline, _title_like=_title_like_as_it_was, _display=_display_as_it_was,
                  _front_matter=_front_matter_as_it_was, _plain_heading=_plain_heading_as_it_was,
                  _paragraphs=_paragraphs_as_it_was, _heading_styles=_heading_styles_as_it_was), \
            _patched(outline._Para, block=_block_as_it_was):
        return outline.outline(text)


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_outline_tree_as_before_the_shortcuts(text: Text) -> None:
    """Title, sections (ids, labels, numbers, titles, levels, lines), blocks and line maps: all the same, for text
    as read and as cleaned, split at blank lines or hard-wrapped."""
    for sample in (text, _hard_wrapped(text), clean.clean(text)):
        assert outline.outline(sample) == _outline_as_it_was(sample)


# --- clean -------------------------------------------------------------------------------------------------


def _is_boilerplate_as_it_was(text: str) -> bool:
    if not (":" in text or "：" in text or ">" in text or "首页" in text):
        return clean._PAGE_NUMBER.match(text) is not None
    return bool(clean._BREADCRUMB.search(text) or clean._PAGE_NUMBER.match(text)
                or len(clean._META_KEYS.findall(text)) >= 2)


_BOILERPLATE_WORDS = ["您现在的位置", "当前位置", "你的位置", "位置", "首页", "正文", "来源", "时间", "点击", "作者", "编辑",
                      "发布日期", "第", "页", "共", "Page", "of", ":", "：", ">", "›", "/", " ", "\u3000", "-", "—", "3",
                      "12", "x", "新闻", "。"]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.lists(st.sampled_from(_BOILERPLATE_WORDS), max_size=10).map("".join), _LINE))
@example("新闻 > 正文")
@example("当前位置：新闻")
@example("来源：网站 时间：2020")
def test_boilerplate_as_when_every_pattern_ran(line: str) -> None:
    """_BREADCRUMB only searched with one of its words present, _META_KEYS only with two colons: same verdict."""
    assert clean._is_boilerplate(line) == _is_boilerplate_as_it_was(line)


def _drop_comments_and_conflicts_as_it_was(lines: list[Line]) -> list[Line]:
    out: list[Line] = []
    in_comment = False
    side = 0
    for line in lines:
        s = line.text
        if in_comment:
            end = s.find("-->")
            if end < 0:
                continue
            in_comment = False
            s = s[end + 3 :]
            if not s.strip():
                continue
        if clean._CONFLICT_OPEN.match(s):
            side = 1
            continue
        if side and clean._CONFLICT_SPLIT.match(s):
            side = 2
            continue
        if side and clean._CONFLICT_CLOSE.match(s):
            side = 0
            continue
        if side == 2:
            continue
        if "<!--" in s:
            stripped = clean._COMMENT.sub("", s)
            start = stripped.find("<!--")
            if start >= 0:
                in_comment = True
                stripped = stripped[:start]
            if not stripped.strip():
                continue
            s = stripped
        out.append(line if s == line.text else replace(line, text=s))
    return out


@settings(max_examples=500, deadline=None)
@given(_texts())
def test_comments_and_conflicts_dropped_as_when_every_line_was_matched(text: Text) -> None:
    """Lines without '<' passed through, conflict markers tested only after their seven characters."""
    lines = list(text.lines)
    assert clean._drop_comments_and_conflicts(lines) == _drop_comments_and_conflicts_as_it_was(lines)


def _drop_seo_title_as_it_was(lines: list[Line]) -> list[Line]:
    firsts = [k for k, line in enumerate(lines) if clean._strip_line(line.text)][:6]
    for a in firsts:
        ta = clean._strip_line(lines[a].text)
        for b in firsts:
            tb = clean._strip_line(lines[b].text)
            if (
                a != b
                and len(tb) >= 6
                and ta != tb
                and ta.startswith(tb)
                and len(ta) - len(tb) <= 30
                and clean._SEO_SEPARATOR.match(ta[len(tb) :])
            ):
                return [line for k, line in enumerate(lines) if k != a]
    return lines


def _clean_as_it_was(text: Text) -> Text:
    """Every line through _split_br and _drop_comments_and_conflicts, the tail looked for from the first line."""
    lines = _drop_comments_and_conflicts_as_it_was(clean._split_br(text.lines))
    drop = clean._top_chrome(lines)
    drop.update(k for k, line in enumerate(lines) if k not in drop and _is_boilerplate_as_it_was(line.text))
    first_content = next(
        (k for k, line in enumerate(lines) if k not in drop and clean._is_content(line.text)), len(lines)
    )
    drop |= clean._menu_lines(lines, first_content)
    tail_from = next(
        (k for k, line in enumerate(lines) if k > len(lines) // 2 and k not in drop and clean._TAIL.match(line.text)),
        len(lines),
    )
    kept = [line for k, line in enumerate(lines[:tail_from]) if k not in drop]
    return replace(text, lines=tuple(_drop_seo_title_as_it_was(kept)))


def _doc(*lines: str, fmt: str = "txt") -> Text:
    return Text(tuple(Line(t, n) for n, t in enumerate(lines, start=1)), "doc", fmt, "utf-8", "0" * 64)


_SENTENCE = "要加强流动人口服务管理，完善相关制度。"
_DOCUMENTS = [
    _doc("a", "推荐访问：更多", "b"),  # a tail line just at the middle is kept: only later ones cut
    _doc("a", "b", "推荐访问：更多", "c"),
    _doc("基层公安机关的通知 — 某某网", *[_SENTENCE] * 4, "基层公安机关的通知", _SENTENCE),  # the copy 6th: dropped
    _doc("基层公安机关的通知 — 某某网", *[_SENTENCE] * 5, "基层公安机关的通知", _SENTENCE),  # 7th: too far
    _doc("---", "title: 一", "---", "x: 2", "---", "正文。", fmt="md"),
]


@settings(max_examples=500, deadline=None)
@given(_texts())
@example(_DOCUMENTS[0])
@example(_DOCUMENTS[1])
@example(_DOCUMENTS[2])
@example(_DOCUMENTS[3])
@example(_DOCUMENTS[4])
def test_clean_keeps_and_drops_the_same_lines(text: Text) -> None:
    """The same lines kept, with the same text and source numbers."""
    assert clean.clean(text) == _clean_as_it_was(text)
