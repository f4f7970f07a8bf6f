"""read_path and read_bytes: files, stdin, formats by extension and by content, sizes, robustness."""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policydiff.read as read_module
from policydiff.errors import InputError
from policydiff.models import Text
from policydiff.read import format_for_path, read_bytes, read_path

FIXTURES = Path(__file__).parent / "fixtures"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56


@pytest.mark.parametrize(
    ("name", "format"),
    [
        ("a.txt", "txt"),
        ("a.TEXT", "txt"),
        ("a.md", "md"),
        ("a.markdown", "md"),
        ("a.html", "html"),
        ("a.HTM", "html"),
        ("a.docx", "docx"),
        ("a.pdf", "pdf"),
        ("a.rst", None),
        ("README", None),
        ("dir.d/README", None),
    ],
)
def test_format_for_path(name: str, format: str | None) -> None:
    assert format_for_path(name) == format


def test_reads_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_bytes("# 计划\n\n一、总体要求\n".encode("gbk"))
    text = read_path(str(path))
    assert isinstance(text, Text)
    assert (text.origin, text.format, text.encoding) == (str(path), "md", "gb18030")
    assert [line.text for line in text.lines] == ["# 计划", "", "一、总体要求"]


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    cases = {
        "notes": b"plain words\n",
        "page.php": b"<!DOCTYPE html><html><body><p>hello</p></body></html>",
        "saved.asp": b"\xef\xbb\xbf<!-- saved from url=(0014)about:internet -->\n<html><p>hi</p></html>",
        "doc.bin": (FIXTURES / "sample.docx").read_bytes(),
        "scan.dat": (FIXTURES / "cjk.pdf").read_bytes(),
    }
    formats = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        formats[name] = read_path(str(tmp_path / name)).format
    assert formats == {
        "notes": "txt",
        "page.php": "html",
        "saved.asp": "html",
        "doc.bin": "docx",
        "scan.dat": "pdf",
    }


def test_content_wins_over_a_misleading_text_extension(tmp_path: Path) -> None:
    path = tmp_path / "export.txt"
    path.write_bytes((FIXTURES / "cjk.pdf").read_bytes())
    assert read_path(str(path)).format == "pdf"
    html = tmp_path / "page.txt"
    html.write_bytes(b"<html><body><nav>menu</nav><p>text</p></body></html>")
    assert read_path(str(html)).content == "text"


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("photo.png", PNG, "PNG image"),
        ("tool", ELF, "ELF executable"),
        ("photo.txt", PNG, "PNG image"),
        ("archive.zip", b"PK\x03\x04" + b"\x00" * 40, "corrupt zip archive"),
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "legacy Microsoft Office file"),
    ],
)
def test_binary_files_are_refused(tmp_path: Path, name: str, data: bytes, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        read_path(str(path))
    assert str(caught.value).startswith(f"{path}: ")
    assert kind in str(caught.value)
    assert caught.value.path == str(path)


def test_zip_that_is_not_a_document(tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "bundle.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(InputError, match=r": zip archive, not a document policydiff can read$"):
        read_path(str(path))


def test_missing_file() -> None:
    with pytest.raises(InputError) as caught:
        read_path("/no/such/dir/plan.txt")
    assert str(caught.value) == "/no/such/dir/plan.txt: no such file"


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        read_path(str(tmp_path))


def test_permission_denied(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_text("x")

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(read_module, "open", refuse, raising=False)
    with pytest.raises(InputError) as caught:
        read_path(str(path))
    assert str(caught.value) == f"{path}: permission denied"


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3000)
    with pytest.raises(InputError) as caught:
        read_path(str(path), max_bytes=2048)
    assert str(caught.value) == f"{path}: the file is 2.9 KB, over the 2 KB limit; use --max-size to raise it"
    assert read_path(str(path), max_bytes=3000).content == "x" * 3000


def test_default_limit_is_64_megabytes() -> None:
    assert read_module.DEFAULT_MAX_BYTES == 64 * 1024 * 1024


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_stdin_text(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, "一、总体要求\r\n（一）指导思想\r\n".encode("gb18030"))
    text = read_path("-")
    assert (text.origin, text.format, text.encoding) == ("-", "txt", "gb18030")
    assert text.content == "一、总体要求\n（一）指导思想"


def test_stdin_binary_formats(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, (FIXTURES / "sample.docx").read_bytes())
    assert read_path("-").format == "docx"
    _stdin(monkeypatch, (FIXTURES / "english.pdf").read_bytes())
    assert read_path("-").format == "pdf"
    _stdin(monkeypatch, b"<!doctype html><title>t</title><p>x</p>")
    assert read_path("-").format == "html"


def test_stdin_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    _stdin(monkeypatch, b"")
    with pytest.raises(InputError, match=r"^-: the file is empty$"):
        read_path("-")
    _stdin(monkeypatch, PNG)
    with pytest.raises(InputError, match=r"^-: binary file \(PNG image\)"):
        read_path("-")
    _stdin(monkeypatch, b"x" * 100)
    with pytest.raises(InputError, match="larger than the 10 bytes limit; use --max-size"):
        read_path("-", max_bytes=10)
    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="standard input is not available"):
        read_path("-")


def test_unknown_format_name() -> None:
    with pytest.raises(InputError, match="unknown format 'rtf'"):
        read_bytes(b"x", origin="a", format="rtf")


def test_encoding_is_ignored_for_binary_formats() -> None:
    text = read_bytes((FIXTURES / "sample.docx").read_bytes(), origin="a.docx", format="docx", encoding="gbk")
    assert text.encoding is None


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from([None, "txt", "md", "html", "docx", "pdf"]))
def test_arbitrary_bytes_give_text_or_input_error(data: bytes, format: str | None) -> None:
    try:
        text = read_bytes(data, origin="fuzz", format=format)
    except InputError as error:
        assert error.path == "fuzz"
        return
    assert text.lines and all("\n" not in line.text for line in text.lines)


_PREFIXES = [b"", b"%PDF-1.4\n", b"PK\x03\x04", b"\xff\xfe", b"\xef\xbb\xbf", b"<html>", b"\x1f\x8b"]


@settings(max_examples=200)
@given(st.sampled_from(_PREFIXES), st.binary(max_size=300), st.sampled_from([None, "docx", "pdf", "html"]))
def test_arbitrary_bytes_behind_magic_numbers(prefix: bytes, data: bytes, format: str | None) -> None:
    with contextlib.suppress(InputError):
        read_bytes(prefix + data, origin="fuzz", format=format)


def _mutations() -> st.SearchStrategy[bytes]:
    sources = [(FIXTURES / name).read_bytes() for name in ("sample.docx", "english.pdf", "cjk.pdf")]

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(draw(st.sampled_from(sources)))
        for _ in range(draw(st.integers(1, 8))):
            position = draw(st.integers(0, len(data) - 1))
            data[position] = draw(st.integers(0, 255))
        return bytes(data[: draw(st.integers(1, len(data)))])

    return mutate()


@settings(max_examples=150, deadline=None)
@given(_mutations())
def test_damaged_documents_give_text_or_input_error(data: bytes) -> None:
    with contextlib.suppress(InputError):
        read_bytes(data, origin="damaged")
