"""PDF: text per page (pypdf), running headers/footers and page numbers dropped, wrapped lines rejoined.

Each resulting line is a paragraph; its number is the ordinal (over all pages, after headers and
footers are removed) of the paragraph's first physical line.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

from ..errors import InputError
from ..models import Line
from .textutil import is_wide, join_wrapped, strip_controls

MAX_PAGES = 10_000
"""A PDF with more pages is refused before any is read: a few KB can reference one page a million times."""
MAX_CHARACTERS = 50_000_000
"""Extracted text beyond this (about 150 MB) is refused: each content stream may expand to 75 MB (pypdf's
own limit), and many pages may share one."""

_DIGITS = re.compile(r"\d+")
_NUMERAL = r"[\d一二三四五六七八九十百零〇]+"
_PAGE_NUMBER = re.compile(
    rf"""^(?:
        [-–—－\s]*\d{{1,4}}[-–—－\s]*                                  # 3, - 3 -, — 3 —
      | 第\s*{_NUMERAL}\s*页(?:\s*[,，/、]?\s*共\s*{_NUMERAL}\s*页)?     # 第3页, 第3页 共9页
      | 共\s*{_NUMERAL}\s*页\s*[,，/、]?\s*第\s*{_NUMERAL}\s*页           # 共9页 第3页
      | (?:page|p\.?)\s*\d+(?:\s*(?:of|/)\s*\d+)?                      # Page 3, Page 3 of 9
      | \d+\s*/\s*\d+                                                 # 3/9
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_CN = "一二三四五六七八九十百千零〇"
_ENUMERATION_START = re.compile(
    rf"""^(?:
        [{_CN}]+[、.．]                                   # 一、
      | [（(][{_CN}]+[）)]                                # （一）
      | \d{{1,3}}(?:[.．]\d{{1,3}})*[.．、](?!\d)         # 1.  1、  2.3.
      | \d{{1,3}}(?:[.．]\d{{1,3}})+\s+(?-i:(?=[A-Z\u4e00-\u9fff]))  # 1.1 Title
      | [（(]\d{{1,3}}[）)]                               # （1）
      | \d{{1,3}}[）)]                                    # 1）
      | [\u2460-\u2473\u3251-\u325f]                      # ① … ⑳ ㉑ …
      | 第[{_CN}\d]+[编章节条款部]                         # 第三章 第十条
      | [{_CN}]+是                                        # 一是
      | 首先|其次|再次|最后
      | \#
      | [•·●○◆◇▪■□►▶*\-–—]\s
      | (?:section|article|chapter|part|recommendation|principle|standard|play)\s+[\dIVXLC]+\b
      | (?-i:[IVXLC]+\.\s)
      | [a-z][.)]\s
    )""",
    re.IGNORECASE | re.VERBOSE,
)
_SENTENCE_END = frozenset("。！？；：.!?;:…")
_CLOSERS = "”’\"'）)」』】]》〉"


def read_pdf(data: bytes, *, origin: str) -> tuple[Line, ...]:
    """Read PDF bytes into paragraphs.

    Raises :class:`InputError` for an encrypted, corrupt or text-less (scanned) PDF.
    """
    pages = extract_pages(data, origin=origin)
    if not pages:
        raise InputError(origin, "the PDF has no pages")
    if not any(line.strip() for page in pages for line in page):
        raise InputError(origin, "no extractable text: it looks like a scanned image PDF; run OCR first")
    return join_paragraphs(remove_running_lines(pages))


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's warnings and log messages about damaged files (restored afterwards)."""
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def extract_pages(data: bytes, *, origin: str) -> list[list[str]]:
    """The text of each page as a list of lines (stripped; blank lines kept as '')."""
    from pypdf import PdfReader
    from pypdf.errors import LimitReachedError

    with _quiet_pypdf():
        try:
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted:
                _decrypt(reader, origin)
            count = len(reader.pages)
            if count > MAX_PAGES:
                raise InputError(origin, f"refused PDF: {count} pages (policydiff reads at most {MAX_PAGES}); "
                                         "split it")
            texts: list[str] = []
            size = 0
            for page in reader.pages:  # one page at a time: pypdf parses a page when it is asked for it
                texts.append(page.extract_text() or "")
                size += len(texts[-1])
                if size > MAX_CHARACTERS:
                    raise InputError(origin, f"refused PDF: more than {MAX_CHARACTERS:,} characters of text "
                                             f"in its first {len(texts)} pages (a decompression bomb?)")
        except InputError:
            raise
        except LimitReachedError:
            raise InputError(origin, "refused PDF: a compressed stream expands past pypdf's safety limit "
                                     "(a decompression bomb?)") from None
        except Exception as error:  # pypdf raises many types (and RecursionError) on damaged files
            raise InputError(origin, f"corrupt PDF ({type(error).__name__}: {error})") from None
    return [_page_lines(text) for text in texts]


def _decrypt(reader: object, origin: str) -> None:
    from pypdf import PasswordType
    from pypdf.errors import DependencyError

    try:
        result = reader.decrypt("")  # type: ignore[attr-defined]
    except DependencyError as error:
        raise InputError(origin, f"encrypted PDF that cannot be decrypted here ({error})") from None
    if result == PasswordType.NOT_DECRYPTED:
        raise InputError(origin, "encrypted PDF: it needs a password; save an unprotected copy first")


def _page_lines(text: str) -> list[str]:
    text = strip_controls(text.replace("\r\n", "\n").replace("\r", "\n"))
    return [" ".join(line.split()) for line in text.split("\n")]


# --- running headers and footers ---------------------------------------------------------------


def _edge_indexes(page: list[str]) -> list[int]:
    """Indexes of the first two and last two non-blank lines of a page."""
    filled = [index for index, line in enumerate(page) if line]
    return sorted(set(filled[:2] + filled[-2:]))


def _shape(line: str) -> str:
    return _DIGITS.sub("#", line)


def is_page_number(line: str) -> bool:
    """True for a line that is only a page number: '3', '- 3 -', '第3页', 'Page 3 of 9', '3/9'."""
    return bool(_PAGE_NUMBER.match(line.strip()))


def remove_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines repeated at the top or bottom of at least half of 3+ pages."""
    running: set[str] = set()
    if len(pages) >= 3:
        counts = Counter(shape for page in pages for shape in {_shape(page[i]) for i in _edge_indexes(page)})
        running = {shape for shape, count in counts.items() if count >= 2 and 2 * count >= len(pages)}
    cleaned: list[list[str]] = []
    for page in pages:
        edges = set(_edge_indexes(page))
        cleaned.append(
            [
                line
                for index, line in enumerate(page)
                if index not in edges or not (_shape(line) in running or is_page_number(line))
            ]
        )
    return cleaned


# --- joining wrapped lines into paragraphs -----------------------------------------------------


def _width(line: str) -> int:
    return sum(2 if is_wide(char) else 1 for char in line)


def _usual_width(lines: list[str]) -> int | None:
    """The width of a full line (90th percentile), or None when there are too few lines to tell."""
    widths = sorted(_width(line) for line in lines if line)
    if len(widths) < 4:
        return None
    return widths[min(len(widths) - 1, (len(widths) * 9) // 10)]


def ends_sentence(line: str) -> bool:
    """True when a line ends in sentence-final punctuation (closing quotes and brackets ignored)."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    return bool(stripped) and stripped[-1] in _SENTENCE_END


def starts_enumeration(line: str) -> bool:
    """True when a line starts like a heading or an enumerated item (一、 （一） 1. ① 第三条 一是 # •)."""
    return bool(_ENUMERATION_START.match(line))


def _continues(previous: str, following: str, usual: int | None) -> bool:
    """Does ``following`` continue the paragraph whose last line is ``previous``?

    Not after sentence-final punctuation, not before a heading or enumeration, and not after a
    short line (a title, heading or signature) unless it ends in a hyphenated word.
    """
    if ends_sentence(previous) or starts_enumeration(following):
        return False
    hyphenated = len(previous) >= 2 and previous.endswith("-") and previous[-2].isalpha()
    short = usual is not None and _width(previous) < 0.6 * usual
    return hyphenated or not short


def join_paragraphs(pages: list[list[str]]) -> tuple[Line, ...]:
    """Join hard-wrapped lines into paragraphs across pages; a blank line always ends a paragraph."""
    lines = [line for page in pages for line in page]
    usual = _usual_width(lines)
    result: list[Line] = []
    current = previous = ""
    start = number = 0
    for line in lines:
        if line:
            number += 1
        if current and line and _continues(previous, line, usual):
            current = join_wrapped(current, line)
        else:
            if current:
                result.append(Line(current, start))
            current, start = line, number
        previous = line
    if current:
        result.append(Line(current, start))
    return tuple(result)
