"""Drop web and print boilerplate from a document's lines, keeping every kept line's source number.

Scraped pages carry menus, breadcrumbs (您现在的位置), 来源/时间/点击 lines, the title repeated with an
SEO suffix and 推荐访问/相关文章 tails; converted files carry HTML comments, literal ``<br />`` tags,
merge-conflict markers and page numbers. None of that is the document.

Page chrome (menus, link bars) is only looked for where a page keeps it: before the document's text
begins. A short list inside the body is the document's own and stays.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import islice

from .models import Line, Text
from .numbering import parse_marker

_TRADITIONAL = dict(zip("现当页来时间发布点击数浏览阅读编辑责号荐访问关热门欢权声",
                        "現當頁來時間發佈點擊數瀏覽閱讀編輯責號薦訪問關熱門歡權聲", strict=True))
"""The Traditional forms of the characters the patterns below are written with."""


def _either_script(pattern: str) -> str:
    """``pattern`` matching Simplified or Traditional characters: '首页' → '首[页頁]'."""
    return "".join(f"[{c}{_TRADITIONAL[c]}]" if c in _TRADITIONAL else c for c in pattern)


_BREADCRUMB = re.compile(_either_script(
    r"(您现在的位置|当前位置|您的位置|你的位置|现在位置)\s*[:：]|^\s*首页\s*[>›»/]|(>\s*正文\s*$)"))
_META_KEYS = re.compile(_either_script(
    r"(来源|时间|发布时间|发布日期|日期|点击|点击数|浏览|浏览次数|阅读|作者|编辑|责任编辑|字号|打印)\s*[:：]"))
_TAIL = re.compile(_either_script(
    r"^\s*(推荐访问|相关文章|相关阅读|相关推荐|热门文章|猜你喜欢|上一篇|下一篇|延伸阅读|更多阅读|"
    r"版权所有|Copyright|©|免责声明|分享到|Leave a Reply|Leave a Comment|Related Posts|Related Articles)\s*[:：]?"),
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->")
_BR = re.compile(r"\s*<br\s*/?>\s*", re.IGNORECASE)
_CONFLICT_OPEN = re.compile(r"^<{7}(?: .*)?$")
_CONFLICT_SPLIT = re.compile(r"^={7}$")
_CONFLICT_CLOSE = re.compile(r"^>{7}(?: .*)?$")
_PAGE_NUMBER = re.compile(_either_script(
    r"^\s*(-\s*\d+\s*-|—\s*\d+\s*—|第\s*\d+\s*页(\s*共\s*\d+\s*页)?|共\s*\d+\s*页\s*第\s*\d+\s*页|"
    r"(Page|p\.)\s*\d+(\s*(of|/)\s*\d+)?|\d+\s*/\s*\d+)\s*$"),
    re.IGNORECASE,
)
_NAV_BULLET = re.compile(r"^\s*[•·▪●◦\-*|>]\s*(\S.{0,14})$")
_SENTENCE_PUNCT = re.compile(r"[。；;！？!?，,]")
_SEPARATORS = ("|", ">", "›", "»", "/")
_SEO_SEPARATOR = re.compile(r"^[\s_\-|–—:：·]")
_MENU_RUN = 5
_CHROME_RUN = 8
_TINY = 24
"""Display width of a menu entry, a button or a date: 12 CJK characters or 24 Latin ones."""
_LONG = 100
"""A line this wide is text: the page's chrome ends before it."""


_WIDE_CLASS = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0010ffff"
WIDE = re.compile(f"[{_WIDE_CLASS}]")
"""One character of a script written without spaces: ideographs, CJK punctuation, full-width forms."""
_NARROW_RUN = re.compile(f"[^{_WIDE_CLASS}]+")


def is_wide(ch: str) -> bool:
    """Is the character ``ch`` one that :data:`WIDE` matches?"""
    return WIDE.match(ch) is not None


def display_width(text: str) -> int:
    """Columns ``text`` takes: two for a wide (CJK) character, one for any other."""
    return len(text) + len(_NARROW_RUN.sub("", text))  # what is left are the wide characters


def _is_menu_item(text: str) -> bool:
    m = _NAV_BULLET.match(text)
    return m is not None and not _SENTENCE_PUNCT.search(m.group(1))


def _is_tiny(text: str) -> bool:
    """A menu entry, a separator, a date or a button label: short, no sentence, no numbered heading."""
    s = text.strip()
    if not s or s in _SEPARATORS:
        return bool(s)
    if display_width(s) > _TINY or _SENTENCE_PUNCT.search(s):
        return False
    m = parse_marker(s)
    return m is None or m.style == "bullet"


def _is_content(text: str) -> bool:
    """Does the line belong to the document itself: a sentence, a heading, a lead-in, a long line?"""
    s = text.strip()
    if not s or _is_menu_item(s):
        return False
    m = parse_marker(s)
    if m is not None and m.style != "bullet":
        return True
    return display_width(s) >= 60 or bool(re.search(r"[。！？；：:]|[a-z][.!?](\s|$)", s))


def _menu_lines(lines: list[Line], limit: int) -> set[int]:
    """Runs of at least five short bulleted (or bar-separated) lines before line ``limit``: menus."""
    drop: set[int] = set()
    i = 0
    while i < limit:
        j = i
        while j < limit and (_is_menu_item(lines[j].text) or (j > i and not lines[j].text.strip())):
            j += 1
        items = sum(1 for k in range(i, j) if lines[k].text.strip())
        if items >= _MENU_RUN:
            drop.update(range(i, j))
            i = j
        else:
            i += 1
    return drop


def _top_chrome(lines: list[Line]) -> set[int]:
    """The site's chrome at the very top of a page.

    The first block of lines (up to a blank line or a long line) when it is made of tiny lines: at
    least eight, three in four of them tiny (menu entries, '|' and '>', dates, buttons), or at least
    five tiny ones with two separators among them (a link bar). The block is dropped up to its last
    tiny line, so a title that closes it is kept.
    """
    block: list[int] = []
    for k, line in enumerate(lines):
        s = line.text.strip()
        if not s:
            if block:
                break
            continue
        if display_width(s) > _LONG:
            break
        block.append(k)
    tiny = [k for k in block if _is_tiny(lines[k].text)]
    separators = sum(1 for k in tiny if lines[k].text.strip() in _SEPARATORS)
    chrome = (len(tiny) >= _CHROME_RUN and 4 * len(tiny) >= 3 * len(block)) or (
        len(tiny) == len(block) >= _MENU_RUN and separators >= 2
    )
    return set(range(block[0], tiny[-1] + 1)) if chrome else set()


def _split_br(lines: tuple[Line, ...]) -> list[Line]:
    """A literal '<br />' (text copied out of a page's source) is a line break."""
    out: list[Line] = []
    for line in lines:
        if "<" in line.text and _BR.search(line.text):
            out.extend(replace(line, text=part) for part in _BR.split(line.text))
        else:
            out.append(line)
    return out


def _drop_comments_and_conflicts(lines: list[Line]) -> list[Line]:
    """Without HTML comments (also over several lines) and merge conflicts, of which 'ours' is kept.

    A conflict is ``<<<<<<<`` … ``=======`` … ``>>>>>>>``: the first side (the checked-out one) stays,
    the markers and the other side go. A '=======' outside a conflict is left alone: it may underline a
    setext heading.
    """
    out: list[Line] = []
    in_comment = False
    side = 0  # 0: outside a conflict, 1: ours, 2: theirs
    for line in lines:
        s = line.text
        if not in_comment and not side and "<" not in s:  # outside a comment and a conflict, only '<' opens one
            out.append(line)
            continue
        if in_comment:
            end = s.find("-->")
            if end < 0:
                continue
            in_comment = False
            s = s[end + 3 :]
            if not s.strip():
                continue
        # (each conflict marker opens with seven of its character: startswith rejects other lines cheaply)
        if s.startswith("<<<<<<<") and _CONFLICT_OPEN.match(s):
            side = 1
            continue
        if side and s.startswith("=======") and _CONFLICT_SPLIT.match(s):
            side = 2
            continue
        if side and s.startswith(">>>>>>>") and _CONFLICT_CLOSE.match(s):
            side = 0
            continue
        if side == 2:
            continue
        if "<!--" in s:
            stripped = _COMMENT.sub("", s)
            start = stripped.find("<!--")
            if start >= 0:
                in_comment = True
                stripped = stripped[:start]
            if not stripped.strip():
                continue
            s = stripped
        out.append(line if s == line.text else replace(line, text=s))
    return out


def _strip_line(text: str) -> str:
    return text.strip().strip("\u3000").strip()


META_LINE = 200
"""A 来源/时间/点击 line is short; a longer line holding those keys is text (a page pasted as one line)."""


def _is_boilerplate(text: str) -> bool:
    """A breadcrumb, a page number or a 来源/时间/点击 line (two of those keys at least)."""
    if not (":" in text or "：" in text or ">" in text or "首页" in text or "首頁" in text):
        return _PAGE_NUMBER.match(text) is not None  # each of the other patterns needs one of these
    # _BREADCRUMB needs one of these words; two _META_KEYS matches end in two different colons
    breadcrumb = ("位置" in text or "首页" in text or "首頁" in text or "正文" in text) and _BREADCRUMB.search(text)
    return bool(
        breadcrumb
        or _PAGE_NUMBER.match(text)
        or (text.count(":") + text.count("：") >= 2 and len(text) <= META_LINE and len(_META_KEYS.findall(text)) >= 2)
    )


def clean(text: Text) -> Text:
    """Return ``text`` without boilerplate lines; kept lines keep their source line numbers."""
    lines = _drop_comments_and_conflicts(_split_br(text.lines))
    drop = _top_chrome(lines)
    # (a blank line is no boilerplate: each pattern needs a character other than white space)
    drop.update(k for k, line in enumerate(lines) if line.text and k not in drop and _is_boilerplate(line.text))
    first_content = next((k for k, line in enumerate(lines) if k not in drop and _is_content(line.text)), len(lines))
    drop |= _menu_lines(lines, first_content)
    tail_from = next(
        (k for k in range(len(lines) // 2 + 1, len(lines)) if k not in drop and _TAIL.match(lines[k].text)),
        len(lines),
    )
    kept = [line for k, line in enumerate(lines[:tail_from]) if k not in drop]
    return replace(text, lines=tuple(_drop_seo_title(kept)))


def _drop_seo_title(lines: list[Line]) -> list[Line]:
    """'标题 基层公安机关的定义' followed (within a few lines) by '标题' alone: drop the suffixed copy."""
    firsts = list(islice((k for k, line in enumerate(lines) if _strip_line(line.text)), 6))
    stripped = {k: _strip_line(lines[k].text) for k in firsts}
    for a in firsts:
        ta = stripped[a]
        for b in firsts:
            tb = stripped[b]
            if (
                a != b
                and len(tb) >= 6
                and ta != tb
                and ta.startswith(tb)
                and len(ta) - len(tb) <= 30
                and _SEO_SEPARATOR.match(ta[len(tb) :])
            ):
                return [line for k, line in enumerate(lines) if k != a]
    return lines
