"""HTML: the main text of a page as lines, with the source line of each and the h1–h6 level.

Only the standard library's ``html.parser``. Scripts, styles, navigation, site headers and footers,
asides, forms (but not one wrapping the whole page, as ASP.NET does) and elements whose class/id
marks them as navigation are dropped; when the page has a
``<main>`` (or ``<article>`` elements holding a fair share of the text) only that content is kept.
A missing end tag never costs the page (see :func:`extract_lines`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from ..errors import InputError
from ..models import Line
from .encoding import decode
from .textutil import collapse_spaces, strip_controls


def _words(names: str) -> frozenset[str]:
    return frozenset(names.split())


_DROP = _words(
    "head title script style noscript template svg math nav aside iframe footer select button textarea "
    "object canvas dialog"
)
_INVISIBLE = _words("head title script style noscript template")
"""Dropped elements a browser never shows; the others are page furniture (navigation, headers, footers …)."""
_VOID = _words("area base br col embed hr img input keygen link meta param source track wbr")
_BLOCK = _words(
    "address article blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure h1 h2 h3 h4 h5 h6 header hr html li main ol p pre section summary table tbody tfoot thead "
    "tr ul legend"
)
_BREAKS = _BLOCK | _words("nav aside form footer dialog iframe noscript")
"""Elements that end the line before them and start a new one."""
_CELLS = _words("td th")
_HEAD_CONTENT = _words("title meta link style script base noscript template")
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_NAV_WORDS = _words(
    "nav navbar navigation menu breadcrumb breadcrumbs sidebar footer share sharing comment comments search"
)
_NAV_ROLES = frozenset(("navigation", "banner", "contentinfo", "complementary", "search"))
_NEVER_BY_CLASS = frozenset(("html", "body", "main", "article"))

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([a-z0-9_.:-]+)""", re.IGNORECASE)


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first 4 KB (``<meta charset>``, http-equiv, XML declaration)."""
    head = data[:4096]
    match = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return match.group(1).decode("ascii") if match else None


def read_html(data: bytes, *, origin: str, encoding: str | None = None) -> tuple[tuple[Line, ...], str]:
    """Read HTML bytes: returns the main text's lines and the codec used to decode the page."""
    text, codec = decode(data, origin=origin, encoding=encoding, declared=declared_charset(data))
    return extract_lines(text, origin=origin), codec


def extract_lines(markup: str, *, origin: str = "<html>") -> tuple[Line, ...]:
    """The main text of decoded HTML as lines (see the module docstring for what is kept).

    Furniture removal never costs the document: furniture that a missing end tag leaves open to the end of
    its parent (a ``<nav>`` without ``</nav>`` runs on over the page, which a browser shows) is kept when it
    holds most of the text, and a page whose only headings and paragraphs are in furniture (a ``<header>``
    never closed) is read with its furniture.
    """
    first = _parse(markup, origin)
    lines = first.result()
    if first.unclosed:
        kept = _parse(markup, origin, keep=first.unclosed).result()
        if _size(kept) > 2 * _size(lines):
            lines = kept
    if not lines:
        everything = _parse(markup, origin, keep=ALL_FURNITURE)
        kept = everything.result()
        if everything.has_prose():  # not only a menu
            lines = kept
    return lines


def _size(lines: tuple[Line, ...]) -> int:
    return sum(len(line.text) for line in lines)


ALL_FURNITURE = frozenset({(-1, -1)})
"""``keep`` for a page that is nothing but furniture: keep every visible element."""


def _parse(markup: str, origin: str, keep: frozenset[tuple[int, int]] = frozenset()) -> _Extractor:
    parser = _Extractor(keep)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError, IndexError) as error:
        raise InputError(origin, f"malformed HTML ({error})") from None
    return parser


@dataclass(frozen=True)
class _Open:
    """An element on the stack of open elements."""

    tag: str
    drop: bool
    heading: int | None
    main: bool
    article: bool
    pre: bool
    start: tuple[int, int] = (0, 0)
    """Where its start tag is (line, column)."""
    furniture: bool = False
    """Dropped, though a browser shows it (navigation, a site header …): what a missing end tag can swallow."""


@dataclass(frozen=True)
class _Found:
    line: Line
    main: bool
    article: bool
    prose: bool = False
    """In a heading or a paragraph."""


def _is_hidden(attrs: list[tuple[str, str | None]]) -> bool:
    return any(name == "hidden" or (name == "style" and "display:none" in (value or "").lower().replace(" ", ""))
               for name, value in attrs)


def _is_navigation(tag: str, attrs: list[tuple[str, str | None]], in_content: bool) -> bool:
    """Conservatively: does an element's class, id or role mark it as not content?"""
    for name, value in attrs:
        value = (value or "").lower()
        if name == "role" and value in _NAV_ROLES:
            return True
        if name in ("class", "id") and tag not in _NEVER_BY_CLASS and _nav_tokens(value, in_content):
            return True
    return False


def _nav_tokens(value: str, in_content: bool) -> bool:
    for token in value.split():
        if token == "header" and not in_content:
            return True
        parts = re.split(r"[-_]", token)
        if parts[0] in ("has", "no", "with", "is", "show", "hide"):
            continue
        if token in _NAV_WORDS or parts[0] in _NAV_WORDS or parts[-1] in _NAV_WORDS:
            return True
    return False


class _Extractor(HTMLParser):
    """Streams over the page, keeping a stack of open elements and the line being built."""

    def __init__(self, keep: frozenset[tuple[int, int]] = frozenset()) -> None:
        super().__init__(convert_charrefs=True)
        self._keep = keep
        self.unclosed: frozenset[tuple[int, int]] = frozenset()
        """Where the furniture elements start that no end tag of their own closed."""
        self._stack: list[_Open] = []
        self._open_count: dict[str, int] = {}
        self._drop = self._main = self._article = self._pre = 0
        self._headings: list[int] = []
        self._pieces: list[str] = []
        self._line_no: int | None = None
        self._line_state: tuple[int | None, bool, bool, bool] = (None, False, False, False)
        self._separator = False
        self._found: list[_Found] = []

    # --- parser callbacks -------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._open_count.get("head") and (tag == "body" or tag not in _HEAD_CONTENT):
            self._close("head")
        if tag in _VOID:
            if tag in ("br", "hr"):
                self._flush()
            return
        in_content = self._main > 0 or self._article > 0
        hidden = tag in _INVISIBLE or _is_hidden(attrs)
        furniture = not hidden and (
            tag in _DROP
            or (tag == "header" and not in_content)
            or (tag == "form" and not self._at_top_level())
            or _is_navigation(tag, attrs, in_content)
        )
        start = self.getpos()
        if furniture and (start in self._keep or self._keep is ALL_FURNITURE):
            furniture = False
        if tag in _BREAKS:
            self._flush()
        elif tag in _CELLS and self._pieces:
            self._separator = True
        self._push(_Open(tag, hidden or furniture, _HEADINGS.get(tag), tag == "main", tag == "article", tag == "pre",
                         start, furniture))

    def handle_endtag(self, tag: str) -> None:
        if not self._open_count.get(tag):
            if tag in ("p", "br"):
                self._flush()
            return
        if self._closes_block(tag):
            self._flush()
        self._close(tag)

    def handle_data(self, data: str) -> None:
        if self._drop and self._stack and self._stack[-1].tag == "head" and data.strip():
            self._close("head")
        if self._drop:
            return
        if self._pre:
            self._pre_data(data)
            return
        if not data.strip():
            if self._pieces:
                self._pieces.append(data)
            return
        if self._line_no is None:
            leading = data[: len(data) - len(data.lstrip())]
            self._start_line(self.getpos()[0] + leading.count("\n"))
        if self._separator:
            self._pieces.append(" | ")
            self._separator = False
        self._pieces.append(data)

    # --- the stack of open elements ---------------------------------------------------------

    def _push(self, element: _Open) -> None:
        self._stack.append(element)
        self._open_count[element.tag] = self._open_count.get(element.tag, 0) + 1
        self._drop += element.drop
        self._main += element.main
        self._article += element.article
        self._pre += element.pre
        if element.heading is not None:
            self._headings.append(element.heading)

    def _at_top_level(self) -> bool:
        """Directly inside <body> (where ASP.NET pages put one <form> around the whole page)."""
        return not self._stack or self._stack[-1].tag in ("body", "html")

    def _closes_block(self, tag: str) -> bool:
        """Does closing ``tag`` close a block (itself or an unclosed block inside it)?"""
        for element in reversed(self._stack):
            if element.tag in _BREAKS:
                return True
            if element.tag == tag:
                return False
        return False

    def _close(self, tag: str) -> None:
        """Pop elements up to and including the innermost open ``tag`` (closing unclosed children)."""
        while self._stack:
            element = self._stack.pop()
            self._open_count[element.tag] -= 1
            self._drop -= element.drop
            self._main -= element.main
            self._article -= element.article
            self._pre -= element.pre
            if element.heading is not None:
                self._headings.pop()
            if element.tag == tag:
                return
            if element.furniture:  # closed by its parent's end tag: its own is missing
                self.unclosed |= {element.start}

    # --- building lines ---------------------------------------------------------------------

    def _start_line(self, number: int) -> None:
        self._line_no = number
        heading = self._headings[-1] if self._headings else None
        self._line_state = (heading, self._main > 0, self._article > 0,
                            heading is not None or self._open_count.get("p", 0) > 0)

    def _pre_data(self, data: str) -> None:
        first = self.getpos()[0]
        for offset, part in enumerate(data.split("\n")):
            if offset:
                self._flush()
            if part.strip():
                if self._line_no is None:
                    self._start_line(first + offset)
                self._pieces.append(part)

    def _flush(self) -> None:
        if self._pieces and self._line_no is not None:
            raw = "".join(self._pieces)
            text = strip_controls(raw.rstrip() if self._pre else collapse_spaces(raw))
            heading, main, article, prose = self._line_state
            if text.strip():
                self._found.append(_Found(Line(text, self._line_no, heading), main, article, prose))
        self._pieces = []
        self._line_no = None
        self._separator = False

    def has_prose(self) -> bool:
        """Did the page keep text of a heading or a paragraph?"""
        return any(item.prose for item in self._found)

    def result(self) -> tuple[Line, ...]:
        """The lines found, restricted to the main content when the page marks it."""
        self._flush()
        self.unclosed |= {element.start for element in self._stack if element.furniture}  # open at the end
        found = self._found
        if any(item.main for item in found):
            return tuple(item.line for item in found if item.main)
        in_articles = [item for item in found if item.article]
        total = sum(len(item.line.text) for item in found)
        if in_articles and 5 * sum(len(item.line.text) for item in in_articles) >= total:
            return tuple(item.line for item in in_articles)
        return tuple(item.line for item in found)
