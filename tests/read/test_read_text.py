"""Plain text and Markdown: physical lines, numbering, whitespace, emptiness."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff.errors import InputError
from policydiff.models import Line
from policydiff.read import read_bytes


def test_lines_are_kept_with_true_numbers() -> None:
    data = "标题\n\n　　一、总体要求   \n    indented line\t\n\nlast".encode()
    text = read_bytes(data, origin="a.txt", format="txt")
    assert text.lines == (
        Line("标题", 1),
        Line("", 2),
        Line("　　一、总体要求", 3),
        Line("    indented line", 4),
        Line("", 5),
        Line("last", 6),
    )
    assert text.format == "txt"
    assert text.origin == "a.txt"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_breaks_are_normalised(newline: str) -> None:
    data = newline.join(["one", "two", "", "four", ""]).encode()
    text = read_bytes(data, origin="a.txt", format="txt")
    assert [(line.text, line.number) for line in text.lines] == [("one", 1), ("two", 2), ("", 3), ("four", 4)]


def test_markdown_keeps_its_marks() -> None:
    data = b"# Title\n\n## 1. Section\n\n- item\n"
    text = read_bytes(data, origin="a.md", format="md")
    assert text.format == "md"
    assert [line.text for line in text.lines] == ["# Title", "", "## 1. Section", "", "- item"]
    assert all(line.heading is None for line in text.lines)


def test_bom_and_control_characters_are_dropped() -> None:
    text = read_bytes(b"\xef\xbb\xbfline\x07 one\x0c\nline two\n", origin="a.txt", format="txt")
    assert [line.text for line in text.lines] == ["line one", "line two"]
    assert text.encoding == "utf-8-sig"


def test_sha256_is_of_the_raw_bytes() -> None:
    data = b"hello\r\n"
    text = read_bytes(data, origin="a.txt", format="txt")
    assert text.sha256 == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "a.txt: the file is empty"),
        (b"\xef\xbb\xbf", "a.txt: the file is empty"),
        (b"  \n\t\n\r\n   ", "a.txt: the document has no text (only whitespace)"),
        ("\u3000\u3000\n".encode(), "a.txt: the document has no text (only whitespace)"),
    ],
)
def test_empty_documents(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(data, origin="a.txt", format="txt")
    assert str(caught.value) == message


_LINE = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufeff"),
    max_size=20,
)


@given(st.lists(_LINE, min_size=1, max_size=20), st.sampled_from(["\n", "\r\n", "\r"]))
def test_numbers_are_true_to_the_source(lines: list[str], newline: str) -> None:
    source = newline.join(lines)
    if not source.strip():
        return
    text = read_bytes(source.encode(), origin="a.txt", format="txt")
    for line in text.lines:
        assert lines[line.number - 1].rstrip() == line.text
