""".docx: headings from styles, tables, ordinals, and refusal of zip bombs and damaged archives."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from policydiff.errors import InputError
from policydiff.models import Line
from policydiff.read import read_bytes, read_path
from policydiff.read.docx import ZipLimits, check_archive

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sample.docx"


def _zip(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


def test_sample_document() -> None:
    text = read_path(str(SAMPLE))
    assert (text.format, text.encoding) == ("docx", None)
    assert text.lines == (
        Line("关于加强基层社会治理的意见", 1, 0),
        Line("为推进基层治理现代化，现提出如下意见。", 2),
        Line("一、总体要求", 3, 1),
        Line("（一）指导思想", 4, 2),
        Line("坚持以人民为中心，加强网格化管理。", 5),
        Line("项目 | 责任单位 | 时限", 7),
        Line("网格建设 | 街道 | 2024年", 8),
        Line("二、主要任务", 9, 1),
        Line("（二）完善网格", 10, 2),
        Line("Strengthen community policing now.", 11),
        Line("三、Main tasks", 12, 1),
    )


def test_docx_is_sniffed_from_stdin_bytes() -> None:
    text = read_bytes(SAMPLE.read_bytes(), origin="-")
    assert text.format == "docx"


def test_zip_bomb_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        read_path(str(FIXTURES / "bomb.docx"))
    message = str(caught.value)
    assert message.startswith(str(FIXTURES / "bomb.docx"))
    assert "zip bomb" in message
    assert "word/media/filler.bin" in message


def test_corrupt_docx() -> None:
    with pytest.raises(InputError) as caught:
        read_path(str(FIXTURES / "corrupt.docx"))
    assert str(caught.value).startswith(f"{FIXTURES / 'corrupt.docx'}: corrupt .docx (")


def test_damaged_entry_inside_a_valid_zip() -> None:
    data = bytearray(SAMPLE.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 10, start + 60):
        data[offset] ^= 0xFF
    with pytest.raises(InputError, match=r"report\.docx: corrupt \.docx \("):
        read_bytes(bytes(data), origin="report.docx", format="docx")


def test_bad_xml_inside_a_valid_zip() -> None:
    with zipfile.ZipFile(SAMPLE) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    entries["word/document.xml"] = b"<w:document><unclosed>"
    with pytest.raises(InputError, match=r"corrupt \.docx"):
        read_bytes(_zip(entries), origin="bad.docx", format="docx")


def test_not_a_word_document() -> None:
    data = _zip({"xl/workbook.xml": b"<workbook/>", "[Content_Types].xml": b"<Types/>"})
    with pytest.raises(
        InputError, match=r"^sheet\.docx: not a Word document \(contents: Excel workbook \.xlsx\)$"
    ):
        read_bytes(data, origin="sheet.docx", format="docx")
    with pytest.raises(InputError, match="Excel workbook"):
        read_bytes(data, origin="-")


@pytest.mark.parametrize("name", ["../evil.xml", "word/../../evil.xml", "/etc/passwd", "C:/evil.xml"])
def test_path_traversal_names_are_refused(name: str) -> None:
    data = _zip({"word/document.xml": b"<w:document/>", name: b"x"})
    with pytest.raises(InputError, match="unsafe entry name"):
        read_bytes(data, origin="evil.docx", format="docx")


def test_entry_count_limit() -> None:
    data = _zip({f"word/media/{index}.xml": b"" for index in range(12)} | {"word/document.xml": b"x"})
    with pytest.raises(InputError, match=r"13 zip entries \(limit 10\)"):
        check_archive(data, origin="many.docx", limits=ZipLimits(max_entries=10))


def test_real_entry_count_limit() -> None:
    data = _zip({f"{index}": b"" for index in range(10_001)}, compression=zipfile.ZIP_STORED)
    with pytest.raises(InputError, match="10001 zip entries"):
        read_bytes(data, origin="many.docx", format="docx")


def test_total_size_limit() -> None:
    data = _zip({"word/document.xml": b"<w:document/>" * 10_000}, compression=zipfile.ZIP_STORED)
    with pytest.raises(InputError, match="expands to"):
        check_archive(data, origin="big.docx", limits=ZipLimits(max_uncompressed=1000))


def test_docx_that_is_not_a_zip() -> None:
    with pytest.raises(InputError, match=r"^notes\.docx: not a \.docx file \(plain text\)$"):
        read_bytes(b"just some text", origin="notes.docx", format="docx")


def test_document_with_only_empty_paragraphs() -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("")
    document.add_paragraph("   ")
    buffer = io.BytesIO()
    document.save(buffer)
    with pytest.raises(InputError, match=r"empty\.docx: the document has no text"):
        read_bytes(buffer.getvalue(), origin="empty.docx", format="docx")


def test_docx_named_file_holding_html_is_read_as_html(tmp_path: Path) -> None:
    # Some sites serve "Word" downloads that are really HTML.
    path = tmp_path / "notice.docx"
    path.write_bytes(b"<html><body><h1>Notice</h1><p>Text.</p></body></html>")
    text = read_path(str(path))
    assert (text.format, text.content) == ("html", "Notice\nText.")
