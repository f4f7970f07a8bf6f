"""Tell formats apart from their bytes: file signatures, zip contents, HTML prologues."""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError

FORMATS: tuple[str, ...] = ("txt", "md", "html", "docx", "pdf")

EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".docx": "docx",
    ".pdf": "pdf",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"II*\x00", "TIFF image"),
    (b"MM\x00*", "TIFF image"),
    (b"\x7fELF", "ELF executable"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\xce\xfa\xed\xfe", "Mach-O executable"),
    (b"\xfe\xed\xfa\xce", "Mach-O executable"),
    (b"\xfe\xed\xfa\xcf", "Mach-O executable"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "legacy Microsoft Office file .doc/.xls/.ppt"),
    (b"{\\rtf", "RTF document"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "zip archive"),
    (b"PK\x05\x06", "zip archive"),
    (b"PK\x07\x08", "zip archive"),
)

_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")

ZIP_ERRORS: tuple[type[Exception], ...] = (
    zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
)
"""What :mod:`zipfile` raises on a damaged archive (NotImplementedError: 'zip file version 6.4', an
unsupported compression method)."""

_ZIP_KINDS: tuple[tuple[str, str], ...] = (
    ("word/document.xml", "Word document"),
    ("xl/workbook.xml", "Excel workbook .xlsx"),
    ("ppt/presentation.xml", "PowerPoint presentation .pptx"),
    ("content.xml", "OpenDocument file .odt/.ods"),
    ("META-INF/container.xml", "EPUB e-book"),
    ("META-INF/MANIFEST.MF", "Java archive .jar"),
)
_ADVICE: dict[str, str] = {
    "legacy Microsoft Office file .doc/.xls/.ppt": "; save it as .docx",
    "RTF document": "; save it as .docx or .txt",
    "OpenDocument file .odt/.ods": "; save it as .docx",
    "password-protected Office document": "; save an unprotected copy first",
}


def format_for_path(path: str) -> str | None:
    """The format a file name's extension declares ('txt', 'md', 'html', 'docx', 'pdf'), else None."""
    dot = path.rfind(".")
    if dot < 0 or "/" in path[dot:] or "\\" in path[dot:]:
        return None
    return EXTENSIONS.get(path[dot:].lower())


_CFB = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
"""The stream in which Office keeps a password-protected .docx/.xlsx (inside an OLE compound file)."""


def binary_kind(data: bytes) -> str | None:
    """What a known binary signature at the start of ``data`` says it is, or None."""
    if data.startswith(_CFB) and _ENCRYPTED_PACKAGE in data:
        return "password-protected Office document"
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "WebP image"
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    if data.startswith(b"MZ") and b"\x00" in data[2:64]:
        return "Windows executable"
    if data.startswith(b"BZh") and data[3:4] in b"123456789" and data[4:10] == b"1AY&SY":
        return "bzip2 archive"
    return None


def binary_message(kind: str) -> str:
    """The error message for a binary file of a known kind, with advice where there is some."""
    return f"binary file ({kind}), not a document{_ADVICE.get(kind, '')}"


def zip_kind(data: bytes) -> str:
    """Name what a zip archive holds ('Word document', 'Excel workbook …', 'zip archive …')."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except ZIP_ERRORS as error:
        return f"corrupt zip archive ({error})"
    for member, kind in _ZIP_KINDS:
        if member in names:
            return kind
    return "zip archive"


_PROLOGUE = re.compile(rb"\s*(?:<!--.*?-->|<\?xml[^>]*\?>)", re.DOTALL)


def looks_like_html(data: bytes) -> bool:
    """True when the document starts (after a BOM, comments or an XML declaration) with an HTML tag."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16-le" if head.startswith(b"\xff\xfe") else "utf-16-be"
        head = head[2:].decode(codec, errors="ignore").encode("utf-8")
    elif head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    position = 0
    while match := _PROLOGUE.match(head, position):
        if match.end() == position:
            break
        position = match.end()
    rest = head[position:].lstrip().lower()
    return rest.startswith((b"<!doctype html", b"<html"))


def sniff_format(data: bytes, origin: str) -> str:
    """Guess the format of ``data`` from its content (used for stdin and unknown extensions).

    Raises :class:`InputError` for a recognisable binary that is not a supported document.
    """
    if data.startswith(_ZIP_MAGIC):
        kind = zip_kind(data)
        if kind == "Word document" or (kind.startswith("corrupt") and b"word/document.xml" in data):
            return "docx"
        raise InputError(origin, f"{kind}, not a document policydiff can read{_ADVICE.get(kind, '')}")
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    binary = binary_kind(data)
    if binary is not None:
        raise InputError(origin, binary_message(binary))
    if looks_like_html(data):
        return "html"
    return "txt"


def strong_format(data: bytes) -> str | None:
    """The format the content proves regardless of the file name (PDF, .docx, HTML), else None."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data.startswith(b"PK\x03\x04") and zip_kind(data) == "Word document":
        return "docx"
    if looks_like_html(data):
        return "html"
    return None


def check_signature(data: bytes, format: str, origin: str) -> None:
    """Refuse bytes that cannot be a .docx or PDF (no zip or %PDF signature), saying what they are."""
    if format == "docx" and not data.startswith(_ZIP_MAGIC):
        kind = _describe(data)
        raise InputError(origin, f"not a .docx file ({kind}){_ADVICE.get(kind, '')}")
    if format == "pdf" and b"%PDF-" not in data[:1024]:
        kind = _describe(data)
        raise InputError(origin, f"not a PDF file ({kind}){_ADVICE.get(kind, '')}")


def _describe(data: bytes) -> str:
    kind = binary_kind(data)
    if kind is not None:
        return kind
    if looks_like_html(data):
        return "HTML"
    return "binary data" if b"\x00" in data[:4096] else "plain text"
