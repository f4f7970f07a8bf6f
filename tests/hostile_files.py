"""Builders of hostile and broken inputs, for tests/test_hostile.py and scripts/make_hostile_fixtures.py.

Everything is generated from the small committed fixtures (tests/read/fixtures) or from scratch, in
memory, in well under a second each: nothing large is committed, and nothing large is written unless a
test asks for a sparse file.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "read" / "fixtures"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44

REFERENCE_SMALL = Path(__file__).resolve().parent / "data" / "formats" / "zh-reference.txt"
ZH = (SAMPLES / "paper-zh.txt").read_text(encoding="utf-8")
"""A real reference: UTF-8 Chinese, 100+ lines."""


# --- text ----------------------------------------------------------------------------------------


def invalid_bytes_in_the_middle() -> bytes:
    """The reference in UTF-8 with a few bytes that are no encoding's, half-way down."""
    data = ZH.encode("utf-8")
    middle = data.index(b"\n", len(data) // 2) + 1
    return data[:middle] + b"\xff\xfe\xc3\x28\xa0\xa1" + data[middle:]


def mixed_encodings() -> bytes:
    """First half UTF-8, second half GBK: two files pasted together."""
    half = ZH.index("\n", len(ZH) // 2) + 1
    return ZH[:half].encode("utf-8") + ZH[half:].encode("gbk", errors="replace")


def one_long_line(size: int = 5 * 1024 * 1024) -> bytes:
    """``size`` bytes of Chinese text on one line, without a single line break."""
    sentence = "要加强社会治安防控体系建设，推进基层社会治理创新，完善网格化服务管理。".encode()
    data = (sentence * (size // len(sentence) + 1))[:size]
    return data.decode("utf-8", errors="ignore").encode("utf-8")  # whole characters only


def script_heavy_html() -> bytes:
    """A page that is 90 % script: inline scripts around a short document."""
    body = "<h1>关于加强基层治理的意见</h1><p>一、总体要求</p><p>要加强基层社会治理，完善网格化管理。</p>"
    script = "<script>" + "var tracker = {id: 1, events: []};" * 400 + "</script>"
    page = f"<!DOCTYPE html><html><head>{script}</head><body>{script}{body}{script}</body></html>"
    assert len(page) - len(body) > 9 * len(body)
    return page.encode("utf-8")


NUL_INTERLEAVED = b"abc\x00def\x00" * 10
"""ASCII with a NUL byte every fourth: read as UTF-16 it is rare hanzi between Latin letters."""
KOREAN_EUC_KR = ("대한민국 정부는 모든 국민의 안전을 보장하기 위하여 치안 정책을 강화해야 한다.\n"
                 "지방자치단체는 주민 참여를 확대하여야 한다.\n").encode("euc-kr")
"""Korean in EUC-KR: byte for byte, plausible GB2312 hanzi."""
ANSI_COLOURS = b"# Plan\n\n\x1b[1mThe council\x1b[0m should \x1b[32mfund\x1b[0m \x1b[4mlibraries\x1b[0m.\n"
"""A short Markdown file with terminal colour codes: 8 ESC in 80 characters."""
UNCLOSED_HEADER = b"<html><body><header><div>Site</div><h1>Plan</h1><p>The council should fund libraries.</p></body></html>"
"""A site header never closed: it runs on over the page."""


def deep_numbering(levels: int = 50) -> str:
    """Headings numbered 1 / 1.1 / 1.1.1 / … ``levels`` deep, each with a recommendation under it."""
    parts = []
    for depth in range(1, levels + 1):
        number = ".".join(["1"] * depth) + ("." if depth == 1 else "")
        parts.append(f"{number} 第{depth}层的工作\n\n要加强第{depth}层工作的组织落实。\n")
    return "\n".join(parts)


NO_HEADINGS = "要加强基层社会治理，完善网格化管理。\n应当落实治安防控责任，推进矛盾纠纷化解。\n"
NO_RECOMMENDATIONS = "一、基本情况\n\n全县辖九个镇，人口约四十万。\n\n二、存在问题\n\n矛盾纠纷较多，警力不足。\n"


# --- .docx ---------------------------------------------------------------------------------------


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, payload in members.items():
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), payload, compress_type=compression)
    return buffer.getvalue()


def sample_docx() -> bytes:
    return (FIXTURES / "sample.docx").read_bytes()


def docx_with(document_xml: bytes | None = None, **extra: bytes) -> bytes:
    """The sample .docx with its word/document.xml replaced and members added (names with '/' as '__')."""
    members = _members(sample_docx())
    if document_xml is not None:
        members["word/document.xml"] = document_xml
    members.update({name.replace("__", "/"): payload for name, payload in extra.items()})
    return _zip(members)


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _document(doctype: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n{doctype}'
            f"<w:document {_W}><w:body>{body}</w:body></w:document>").encode()


def huge_run_docx() -> bytes:
    """A .docx whose one text run is over 10 MB (lxml's limit for a text node), of text that does not
    compress 200-fold (or it would be refused as a zip bomb first)."""
    return docx_with(_document("", [random.Random(13).randbytes(5_100_000).hex()]))


def deep_docx(depth: int = 300) -> bytes:
    """A .docx whose body nests content controls ``depth`` deep (lxml's limit is 256)."""
    body = "<w:sdt>" * depth + "<w:p><w:r><w:t>要加强基层治理。</w:t></w:r></w:p>" + "</w:sdt>" * depth
    return docx_with((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document {_W}><w:body>{body}'
                      "</w:body></w:document>").encode())


def xxe_docx(secret: Path) -> bytes:
    """A .docx whose document.xml declares an external entity pointing at a local file, and uses it."""
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{secret.resolve().as_uri()}">]>\n'
    return docx_with(_document(doctype, ["一、总体要求", "要加强基层治理。&xxe;", "应当完善网格化管理。"]))


def billion_laughs_docx() -> bytes:
    """Nested internal entities that expand to about a billion characters if resolved."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    doctype = f"<!DOCTYPE w:document [{entities}]>\n"
    return docx_with(_document(doctype, ["一、总体要求", "要加强基层治理。&lol9;"]))


def traversal_docx() -> bytes:
    """A .docx with a member named ../../ — extracting it naively would write outside the folder."""
    return docx_with(**{"..__..__evil.txt": b"pwned"})


def bomb_docx() -> bytes:
    """A .docx with a member that expands a thousand-fold (2 KB on disk, 2 MB inflated)."""
    return docx_with(**{"word__media__padding.bin": b"\x00" * (2 * 1024 * 1024)})


def corrupt_docx() -> bytes:
    """The first 3 KB of a real .docx: a zip without its central directory."""
    return sample_docx()[:3000]


def future_zip_docx() -> bytes:
    """A .docx whose central directory says it needs zip version 6.4 to extract (zipfile refuses it)."""
    data = bytearray(sample_docx())
    at = data.find(b"PK\x01\x02")
    struct.pack_into("<H", data, at + 6, 64)
    return bytes(data)


def encrypted_member_docx() -> bytes:
    """A .docx whose document.xml is flagged as encrypted (zip's traditional password protection)."""
    data = bytearray(sample_docx())
    at = data.find(b"PK\x01\x02")
    while at >= 0:
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == b"word/document.xml":
            flags = struct.unpack_from("<H", data, at + 8)[0]
            struct.pack_into("<H", data, at + 8, flags | 1)
        at = data.find(b"PK\x01\x02", at + 4)
    return bytes(data)


def protected_office_document() -> bytes:
    """What Word saves for a password-protected .docx: an OLE compound file holding an EncryptedPackage."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    entry = "EncryptedPackage".encode("utf-16-le").ljust(64, b"\x00")
    return header + entry + bytes(448)


# --- PDF -----------------------------------------------------------------------------------------


def truncated_pdf() -> bytes:
    """The first half of a real PDF: no cross-reference table, no trailer."""
    data = (FIXTURES / "english.pdf").read_bytes()
    return data[: len(data) // 2]


def many_pages_pdf(pages: int = 5000) -> bytes:
    """A real text page repeated ``pages`` times (the page objects share one content stream)."""
    from pypdf import PdfReader, PdfWriter

    source = PdfReader(FIXTURES / "english.pdf")
    writer = PdfWriter()
    for k in range(pages):
        writer.add_page(source.pages[k % len(source.pages)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def blank_pages_pdf(pages: int = 5000) -> bytes:
    """``pages`` empty pages: no text at all."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(612, 792)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def stream_bomb_pdf(expanded: int = 200_000_000) -> bytes:
    """A one-page PDF whose content stream is 200 KB compressed and 200 MB decompressed."""
    import zlib

    content = zlib.compress(b"BT /F1 12 Tf 72 712 Td (A) Tj ET\n" + b" " * expanded, 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


def build_all(secret: Path) -> dict[str, bytes]:
    """Every hostile input as file name → bytes (``secret`` is the local file the XXE entity names)."""
    files: dict[str, bytes] = {
        "empty.txt": b"",
        "whitespace.txt": "  \n\t\n\r\n\u3000 \n".encode(),
        "image.png": PNG,
        "image-named.txt": PNG,
        "program.txt": ELF,
        "invalid-bytes.txt": invalid_bytes_in_the_middle(),
        "mixed-encodings.txt": mixed_encodings(),
        "one-line-5mb.txt": one_long_line(),
        "script-heavy.html": script_heavy_html(),
        "no-headings.txt": NO_HEADINGS.encode(),
        "no-recommendations.txt": NO_RECOMMENDATIONS.encode(),
        "deep-numbering.md": deep_numbering().encode(),
        "nul-interleaved.txt": NUL_INTERLEAVED,
        "korean-euc-kr.txt": KOREAN_EUC_KR,
        "ansi-colours.md": ANSI_COLOURS,
        "unclosed-header.html": UNCLOSED_HEADER,
        "zip-bomb.docx": bomb_docx(),
        "corrupt.docx": corrupt_docx(),
        "traversal.docx": traversal_docx(),
        "xxe.docx": xxe_docx(secret),
        "billion-laughs.docx": billion_laughs_docx(),
        "zip-version.docx": future_zip_docx(),
        "encrypted-member.docx": encrypted_member_docx(),
        "huge-run.docx": huge_run_docx(),
        "deep.docx": deep_docx(),
        "password-protected.docx": protected_office_document(),
        "encrypted.pdf": (FIXTURES / "encrypted.pdf").read_bytes(),
        "truncated.pdf": truncated_pdf(),
        "stream-bomb.pdf": stream_bomb_pdf(),
        "image-only.pdf": (FIXTURES / "scanned.pdf").read_bytes(),
        "pages-5000.pdf": many_pages_pdf(),
        "blank-5000.pdf": blank_pages_pdf(),
    }
    return files


# --- output safety -------------------------------------------------------------------------------

BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c\u200e\u200f"
"""Embeddings, overrides, isolates and marks: the characters of "Trojan Source" spoofing."""


def with_bidi_controls(text: str) -> str:
    """``text`` with a right-to-left override in its title and bidirectional controls inside its words."""
    return "\u202e\u2066" + text.replace("加强", "加\u202e强\u2069").replace("建立", "建\u202d立\u061c\u200f")
