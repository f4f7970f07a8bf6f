"""Generate the binary fixtures of the read-stage tests into tests/read/fixtures/.

    python scripts/make_read_fixtures.py

The output is deterministic (fixed dates, fixed zip timestamps, no random ids): running it again
with the same library versions gives identical bytes, so a diff shows only intended changes.
Needs python-docx and fpdf2.

Fixtures:
- sample.docx: Title, Heading 1/2, a '标题 1' style, an outline-level style, body, an empty
  paragraph, a table, a paragraph with a line break.
- bomb.docx: a Word-looking zip with a small file that expands more than 1000-fold.
- corrupt.docx: the first 4 KB of sample.docx.
- english.pdf: 3 pages with a running header, 'Page N of 3' footers, wrapped and hyphenated lines.
- cjk.pdf: 3 pages of Chinese written by hand (Type0 font, Identity-H, ToUnicode, no glyphs) with
  a running header, '- N -' page numbers and a paragraph wrapped across lines and pages.
- scanned.pdf: a page with only a drawn rectangle, no text.
- encrypted.pdf: needs the password 'secret'; open-encrypted.pdf: encrypted with an empty user
  password (readable).
"""

from __future__ import annotations

import datetime
import io
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from fpdf import FPDF
from fpdf.enums import EncryptionMethod

OUT = Path(__file__).resolve().parents[1] / "tests" / "read" / "fixtures"
EPOCH = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)
ZIP_TIME = (1980, 1, 1, 0, 0, 0)

# --- .docx ---------------------------------------------------------------------------------------


def make_docx() -> bytes:
    """A small Word document exercising headings, styles, tables and line breaks."""
    document = docx.Document()
    properties = document.core_properties
    properties.created = properties.modified = properties.last_printed = EPOCH.replace(tzinfo=None)
    properties.author = properties.last_modified_by = "policydiff"
    properties.revision = 1

    document.add_paragraph("关于加强基层社会治理的意见", style="Title")  # 1
    document.add_paragraph("为推进基层治理现代化，现提出如下意见。")  # 2
    document.add_paragraph("一、总体要求", style="Heading 1")  # 3
    document.add_paragraph("（一）指导思想", style="Heading 2")  # 4
    document.add_paragraph("坚持以人民为中心，加强网格化管理。")  # 5
    document.add_paragraph("")  # 6: empty, counted but not emitted
    table = document.add_table(rows=2, cols=3)  # rows 7 and 8
    rows = (("项目", "责任单位", "时限"), ("网格建设", "街道", "2024年"))
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            cell.text = text
    chinese = document.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("二、主要任务", style=chinese)  # 9
    outlined = document.styles.add_style("Section Title", WD_STYLE_TYPE.PARAGRAPH)
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), "1")
    outlined.element.get_or_add_pPr().append(outline)
    document.add_paragraph("（二）完善网格", style=outlined)  # 10
    broken = document.add_paragraph("Strengthen community")  # 11
    broken.add_run().add_break()
    broken.add_run("policing\tnow.")
    document.add_paragraph("三、Main tasks", style="Heading 1")  # 12

    buffer = io.BytesIO()
    document.save(buffer)
    return _repack(buffer.getvalue())


def _repack(data: bytes) -> bytes:
    """Rewrite a zip with fixed timestamps so that the bytes do not depend on the clock."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            _write(target, info.filename, source.read(info))
    return out.getvalue()


def _write(archive: zipfile.ZipFile, name: str, content: bytes) -> None:
    info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    archive.writestr(info, content)


def make_bomb() -> bytes:
    """Looks like a .docx, but one entry expands from a few KB to 8 MB (ratio over 1000)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        _write(archive, "[Content_Types].xml", b'<?xml version="1.0"?><Types/>')
        _write(archive, "word/document.xml", b"<w:document/>")
        _write(archive, "word/media/filler.bin", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


# --- .pdf with fpdf2 -----------------------------------------------------------------------------

ENGLISH_PAGES: tuple[tuple[str, ...], ...] = (
    (
        "Digital Service Standard",
        "1. Understand what people need",
        "Start every service by learning about the people who will use it, their goals",
        "and the problems they face today. Research should happen early and continue",
        "throughout the life of the service, including with people who rely on assisted",
        "digital support.",
        "2. Address the whole experience",
        "Services should be consistent from start to finish, across every channel and",
        "every agency involved. Measure how well the service performs for the people",
    ),
    (
        "who need it, online and offline, and publish what you learn from the data.",
        "3. Make it simple and intuitive",
        "Use plain language, test with real users and remove steps that do not add value",
        "for them. Avoid jargon, internal terms and the many abbreviations and acro-",
        "nyms that users do not understand.",
    ),
    (
        "4. Build the service with agile methods",
        "Release early, iterate often and keep the team together for the life of the",
        "service.",
    ),
)


def _fpdf() -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(EPOCH)
    pdf.set_auto_page_break(False)
    return pdf


def make_english_pdf() -> bytes:
    """Three pages: running header, 'Page N of 3' footer, wrapped and hyphenated lines."""
    pdf = _fpdf()
    for number, lines in enumerate(ENGLISH_PAGES, start=1):
        pdf.add_page()
        pdf.set_font("helvetica", size=9)
        pdf.set_xy(20, 12)
        pdf.cell(text="Digital Service Standard - consultation draft")
        pdf.set_font("helvetica", size=11)
        for index, line in enumerate(lines):
            pdf.set_xy(20, 30 + 7 * index)
            pdf.cell(text=line)
        pdf.set_font("helvetica", size=9)
        pdf.set_xy(95, 282)
        pdf.cell(text=f"Page {number} of {len(ENGLISH_PAGES)}")
    return bytes(pdf.output())


def make_scanned_pdf() -> bytes:
    """One page with a filled rectangle and no text at all, like a scan without OCR."""
    pdf = _fpdf()
    pdf.add_page()
    pdf.set_fill_color(120, 120, 120)
    pdf.rect(20, 20, 170, 250, style="F")
    return bytes(pdf.output())


def make_encrypted_pdf(user_password: str) -> bytes:
    """A one-page PDF encrypted with RC4 (needs no extra library to decrypt)."""
    pdf = _fpdf()
    pdf.set_encryption(
        owner_password="owner", user_password=user_password, encryption_method=EncryptionMethod.RC4
    )
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.set_xy(20, 30)
    pdf.cell(text="Confidential draft of the community safety plan.")
    return bytes(pdf.output())


# --- a Chinese PDF written by hand ---------------------------------------------------------------

CJK_HEADER = "社会治安防控体系建设意见（征求意见稿）"
CJK_PAGES: tuple[tuple[str, ...], ...] = (
    (
        "关于加强社会治安防控体系建设的意见",
        "一、总体要求",
        "（一）指导思想。全面贯彻党的十八大和十八届三中、四中全会精神，",
        "坚持系统治理、依法治理、综合治理、源头治理，以促进社会公平正义、",
        "增强人民群众安全感和满意度为目标，努力建设平安中国。",
        "（二）目标任务。以社会治安防控网建设为重点，加快构建点线面结合、",
    ),
    (
        "网上网下结合、人防物防技防结合的社会治安防控体系，确保人民安居",
        "乐业。",
        "二、加强社会面治安防控网建设",
        "根据人口密度、治安状况和地理位置等因素，科学划分巡逻区域，优化",
        "防控力量布局。",
    ),
    (
        "三、组织保障",
        "各地区各部门要高度重视，切实加强组织领导，确保各项措施落到实处。",
        "①加强经费保障；②加强人才培养。",
        "中共中央办公厅",
        "国务院办公厅",
    ),
)


def _cid_fonts(chars: list[str]) -> tuple[dict[str, int], bytes]:
    """Code for each character (1, 2, …) and the ToUnicode CMap mapping the codes back."""
    codes = {char: index for index, char in enumerate(chars, start=1)}
    entries = [f"<{code:04X}> <{ord(char):04X}>" for char, code in codes.items()]
    blocks = []
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        blocks.append(f"{len(chunk)} beginbfchar\n" + "\n".join(chunk) + "\nendbfchar")
    cmap = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        + "\n".join(blocks)
        + "\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    )
    return codes, cmap.encode("ascii")


def _page_stream(lines: list[tuple[float, str]], codes: dict[str, int]) -> bytes:
    commands = ["BT", "/F1 12 Tf"]
    for y, text in lines:
        hex_codes = "".join(f"{codes[char]:04X}" for char in text)
        commands.append(f"1 0 0 1 72 {y:g} Tm <{hex_codes}> Tj")
    commands.append("ET")
    return "\n".join(commands).encode("ascii")


def make_cjk_pdf() -> bytes:
    """Three A4 pages of Chinese text; extractable through the ToUnicode CMap only."""
    pages: list[list[tuple[float, str]]] = []
    for number, body in enumerate(CJK_PAGES, start=1):
        lines = [(800.0, CJK_HEADER)]
        lines += [(760.0 - 20 * index, text) for index, text in enumerate(body)]
        lines.append((40.0, f"- {number} -"))
        pages.append(lines)
    chars = sorted({char for page in pages for _, text in page for char in text})
    codes, cmap = _cid_fonts(chars)

    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # pages, filled in below
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H "
        b"/DescendantFonts [4 0 R] /ToUnicode 5 0 R >>",
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDToGIDMap /Identity "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
        b"/FontDescriptor 6 0 R /DW 1000 >>",
        _stream(cmap),
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 4 /FontBBox [0 -140 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>",
    ]
    kids = []
    for lines in pages:
        objects.append(_stream(_page_stream(lines, codes)))
        content = len(objects)
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {content} 0 R "
            f"/Resources << /Font << /F1 3 0 R >> >> >>".encode("ascii")
        )
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode("ascii")
    return _pdf_file(objects)


def _stream(content: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"


def _pdf_file(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


# --- main ----------------------------------------------------------------------------------------


def fixtures() -> dict[str, bytes]:
    """Every fixture by file name."""
    sample = make_docx()
    return {
        "sample.docx": sample,
        "bomb.docx": make_bomb(),
        "corrupt.docx": sample[:4096],
        "english.pdf": make_english_pdf(),
        "cjk.pdf": make_cjk_pdf(),
        "scanned.pdf": make_scanned_pdf(),
        "encrypted.pdf": make_encrypted_pdf("secret"),
        "open-encrypted.pdf": make_encrypted_pdf(""),
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in fixtures().items():
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {len(data)} bytes")


if __name__ == "__main__":
    main()
