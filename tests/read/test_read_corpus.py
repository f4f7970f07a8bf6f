"""Every real document in ../shared reads without error (skipped when ../shared is absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

from policydiff.read import read_bytes, read_path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = sorted(
    path
    for folder in (SHARED / "corpus" / "real", SHARED / "eval" / "dev", SHARED / "reference")
    if folder.is_dir()
    for path in folder.iterdir()
    if path.is_file()
)

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(not CORPUS, reason="../shared (real corpus) is not available"),
]


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_real_document_reads(path: Path) -> None:
    text = read_path(str(path))
    assert text.lines
    assert any(line.text.strip() for line in text.lines)
    assert text.encoding in ("utf-8", "gb18030")
    if text.format in ("txt", "md"):
        physical = path.read_bytes().decode(text.encoding).replace("\r\n", "\n").split("\n")
        for line in text.lines:
            assert physical[line.number - 1].rstrip() == line.text


def _one(pattern: str) -> Path:
    matches = [path for path in CORPUS if path.match(pattern)]
    if not matches:
        pytest.skip(f"{pattern} is not in ../shared")
    return matches[0]


def test_d2_is_gbk() -> None:
    text = read_path(str(_one("d2-*.txt")))
    assert text.encoding == "gb18030"
    assert "公安" in text.content


def test_08b_traditional_text() -> None:
    # The file itself is stored as UTF-8 (SOURCES.md: "All files are UTF-8"); its text came through
    # gov.cn's Big5 gateway. Check both the file and the same text as real Big5 bytes.
    path = _one("08b-*.txt")
    text = read_path(str(path))
    assert text.encoding == "utf-8"
    assert "關於加強社會治安防控體系建設的意見" in text.content
    big5 = read_bytes(path.read_text(encoding="utf-8").encode("big5"), origin="08b-big5.txt", format="txt")
    assert big5.encoding == "big5"
    assert big5.lines == text.lines
