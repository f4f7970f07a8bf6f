"""PDF: paragraphs rejoined, headers/footers and page numbers dropped, scanned/encrypted/corrupt refused."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from policydiff.errors import InputError
from policydiff.models import Line
from policydiff.read import read_bytes, read_path
from policydiff.read.pdf import (
    ends_sentence,
    is_page_number,
    join_paragraphs,
    remove_running_lines,
    starts_enumeration,
)

FIXTURES = Path(__file__).parent / "fixtures"


def test_english_pdf() -> None:
    text = read_path(str(FIXTURES / "english.pdf"))
    assert (text.format, text.encoding) == ("pdf", None)
    assert [line.number for line in text.lines] == [1, 2, 3, 7, 8, 11, 12, 15, 16]
    texts = [line.text for line in text.lines]
    assert texts[0] == "Digital Service Standard"
    assert texts[1] == "1. Understand what people need"
    assert texts[2].startswith(
        "Start every service by learning about the people who will use it, their goals and"
    )
    assert texts[2].endswith("who rely on assisted digital support.")
    # a paragraph carried over to the next page, with the header and 'Page 1 of 3' dropped between
    assert texts[4].endswith(
        "performs for the people who need it, online and offline, and publish what you learn from the data."
    )
    assert "abbreviations and acronyms that users" in texts[6]  # de-hyphenated
    assert not any("consultation draft" in line or "Page" in line for line in texts)


def test_cjk_pdf() -> None:
    text = read_path(str(FIXTURES / "cjk.pdf"))
    assert text.lines == (
        Line("关于加强社会治安防控体系建设的意见", 1),
        Line("一、总体要求", 2),
        Line(
            "（一）指导思想。全面贯彻党的十八大和十八届三中、四中全会精神，坚持系统治理、依法治理、综合治理、"
            "源头治理，以促进社会公平正义、增强人民群众安全感和满意度为目标，努力建设平安中国。",
            3,
        ),
        Line(
            "（二）目标任务。以社会治安防控网建设为重点，加快构建点线面结合、网上网下结合、人防物防技防结合的"
            "社会治安防控体系，确保人民安居乐业。",
            6,
        ),
        Line("二、加强社会面治安防控网建设", 9),
        Line("根据人口密度、治安状况和地理位置等因素，科学划分巡逻区域，优化防控力量布局。", 10),
        Line("三、组织保障", 12),
        Line("各地区各部门要高度重视，切实加强组织领导，确保各项措施落到实处。", 13),
        Line("①加强经费保障；②加强人才培养。", 14),
        Line("中共中央办公厅", 15),
        Line("国务院办公厅", 16),
    )


def test_pdf_is_sniffed_from_bytes() -> None:
    assert read_bytes((FIXTURES / "cjk.pdf").read_bytes(), origin="-").format == "pdf"


def test_scanned_pdf() -> None:
    path = str(FIXTURES / "scanned.pdf")
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert (
        str(caught.value) == f"{path}: no extractable text: it looks like a scanned image PDF; run OCR first"
    )


def test_encrypted_pdf() -> None:
    path = str(FIXTURES / "encrypted.pdf")
    with pytest.raises(InputError) as caught:
        read_path(path)
    assert str(caught.value).startswith(f"{path}: encrypted PDF")


def test_pdf_encrypted_with_an_empty_password_is_read() -> None:
    text = read_path(str(FIXTURES / "open-encrypted.pdf"))
    assert text.content == "Confidential draft of the community safety plan."


def test_aes_encrypted_pdf() -> None:
    pytest.importorskip("cryptography")
    import io

    from pypdf import PdfReader, PdfWriter

    for password, readable in (("", True), ("pw", False)):
        writer = PdfWriter(clone_from=PdfReader(FIXTURES / "english.pdf"))
        writer.encrypt(user_password=password, owner_password="owner", algorithm="AES-256")
        buffer = io.BytesIO()
        writer.write(buffer)
        if readable:
            assert read_bytes(buffer.getvalue(), origin="aes.pdf").lines[0].text == "Digital Service Standard"
        else:
            with pytest.raises(InputError, match="encrypted PDF"):
                read_bytes(buffer.getvalue(), origin="aes.pdf")


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9])
def test_truncated_pdf(fraction: float) -> None:
    data = (FIXTURES / "english.pdf").read_bytes()
    with pytest.raises(InputError, match=r"^cut\.pdf: corrupt PDF \("):
        read_bytes(data[: int(len(data) * fraction)], origin="cut.pdf", format="pdf")


def test_garbage_named_pdf() -> None:
    with pytest.raises(InputError, match="corrupt PDF"):
        read_bytes(b"%PDF-1.4\nthis is not really a pdf", origin="x.pdf", format="pdf")
    with pytest.raises(InputError, match=r"^x\.pdf: not a PDF file \(plain text\)$"):
        read_bytes(b"hello", origin="x.pdf", format="pdf")
    with pytest.raises(InputError, match=r"^x\.pdf: not a PDF file \(PNG image\)$"):
        read_bytes(b"\x89PNG\r\n\x1a\n\x00", origin="x.pdf", format="pdf")


def test_pypdf_noise_does_not_reach_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG), pytest.raises(InputError):
        read_bytes(b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF", origin="x.pdf", format="pdf")
    assert not [record for record in caplog.records if record.name.startswith("pypdf")]
    assert logging.getLogger("pypdf").level == logging.NOTSET


@pytest.mark.parametrize(
    "line",
    [
        "3",
        "- 3 -",
        "— 12 —",
        "－ 3 －",
        "第3页",
        "第 3 页 共 9 页",
        "共9页 第3页",
        "Page 3",
        "Page 3 of 9",
        "3/9",
        "3 / 9",
    ],
)
def test_page_numbers(line: str) -> None:
    assert is_page_number(line)


@pytest.mark.parametrize("line", ["3. Make it simple", "第三条 旅馆", "Page three", "2015年4月13日", "1,200"])
def test_not_page_numbers(line: str) -> None:
    assert not is_page_number(line)


def test_running_lines_need_half_of_three_or_more_pages() -> None:
    pages = [
        ["Draft report 2024", "Body one.", "Footer text", "1"],
        ["Draft report 2024", "Body two.", "Footer text", "2"],
        ["Draft report 2024", "Body three.", "Other", "3"],
        ["Another header", "Body four.", "Footer text", "4"],
    ]
    assert remove_running_lines(pages) == [
        ["Body one."],
        ["Body two."],
        ["Body three.", "Other"],
        ["Another header", "Body four."],
    ]
    two_pages = [["Header", "Body one.", "x"], ["Header", "Body two.", "x"]]
    assert remove_running_lines(two_pages) == two_pages


def test_running_lines_match_with_digits_replaced() -> None:
    bodies = (
        ["Scope.", "Aims.", "Terms."],
        ["Roles.", "Duties.", "Powers."],
        ["Money.", "Review.", "Dates."],
    )
    pages = [
        [f"Annual plan {year} – chapter {n}", *body, f"page {n} of 3"]
        for n, year, body in ((1, 2023, bodies[0]), (2, 2024, bodies[1]), (3, 2025, bodies[2]))
    ]
    assert remove_running_lines(pages) == [list(body) for body in bodies]


def test_repeated_body_lines_in_the_middle_stay() -> None:
    pages = [["Top", "a", "b", "Repeated body line", "c", "d", "Bottom"] for _ in range(3)]
    assert all("Repeated body line" in page for page in remove_running_lines(pages))


@pytest.mark.parametrize(
    "line", ["。", "完成。", "Done.", "问题？", "如下：", "“好。”", "(see above.)", "一是；"]
)
def test_sentence_ends(line: str) -> None:
    assert ends_sentence(line)


@pytest.mark.parametrize("line", ["加强", "the service", "(see below)", ""])
def test_no_sentence_end(line: str) -> None:
    assert not ends_sentence(line)


@pytest.mark.parametrize(
    "line",
    [
        "一、总体要求",
        "（一）指导思想",
        "(二)目标",
        "1. Understand",
        "1、加强",
        "2.3. Item",
        "1.1 Scope",
        "（1）网格",
        "1）网格",
        "①加强",
        "第三章 总则",
        "第十条 旅馆",
        "一是加强",
        "首先，",
        "# Title",
        "• bullet",
        "- bullet",
        "Section 3",
        "Recommendation 4: do",
        "IV. Scope",
        "a) first",
    ],
)
def test_enumeration_starts(line: str) -> None:
    assert starts_enumeration(line)


@pytest.mark.parametrize(
    "line", ["加强社会治安", "1.5 million people", "2015年", "the service", "3.5", "Ireland"]
)
def test_not_enumeration_starts(line: str) -> None:
    assert not starts_enumeration(line)


def test_join_paragraphs() -> None:
    pages = [
        [
            "The service must be simple, clear and fast for everyone who needs to use it and it",
            "must be tested with users. We will build it with agile, iterative and user-cen-",
            "tred methods that reduce risk",
            "",
            "加强社会治安防控体系建设，推进平安中国建设，提高人民群众安全感和满意度",
        ],
        [
            "二、主要任务",
            "1. Short heading",
            "2. A numbered item whose first line is as long as the others and runs on to",
            "the next line without punctuation",
        ],
    ]
    assert join_paragraphs(pages) == (
        Line(
            "The service must be simple, clear and fast for everyone who needs to use it and it must "
            "be tested with users. We will build it with agile, iterative and user-centred methods "
            "that reduce risk",
            1,
        ),
        Line("加强社会治安防控体系建设，推进平安中国建设，提高人民群众安全感和满意度", 4),
        Line("二、主要任务", 5),
        Line("1. Short heading", 6),
        Line(
            "2. A numbered item whose first line is as long as the others and runs on to the next "
            "line without punctuation",
            7,
        ),
    )


def test_pdf_whose_only_text_is_page_numbers() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for number in range(1, 4):
        pdf.add_page()
        pdf.set_font("helvetica", size=10)
        pdf.set_xy(100, 280)
        pdf.cell(text=f"- {number} -")
    with pytest.raises(InputError, match="nothing is left once running headers"):
        read_bytes(bytes(pdf.output()), origin="numbers.pdf", format="pdf")
