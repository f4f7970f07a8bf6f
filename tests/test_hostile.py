"""Hostile and broken input through the command line: one clear line naming the file, exit 2, no traceback.

Every input is built by tests/hostile_files.py (also `python scripts/make_hostile_fixtures.py DIR`) in a
temporary folder; nothing large is committed or written (the 200 MB file is sparse).
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import hostile_files as hf
import pytest
from click.testing import CliRunner, Result

from policydiff import read as read_module
from policydiff.cli import cli
from policydiff.read import DEFAULT_MAX_BYTES, read_path

PAPER = str(hf.SAMPLES / "paper-zh.txt")
COUNTY = str(hf.SAMPLES / "zh-county-plan.md")


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def assert_refused(result: Result, path: Path | str, *fragments: str) -> str:
    """Exit 2 and exactly one line on stderr, naming the file, with every fragment; nothing on stdout."""
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"policydiff: error: {path}"), lines[0]
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# (file name, content builder, what the message says)
REFUSED: list[tuple[str, Callable[[], bytes], tuple[str, ...]]] = [
    ("empty.txt", lambda: b"", ("the file is empty",)),
    ("blank.md", lambda: " \n\t\r\n\u3000\n".encode(), ("no text (only whitespace)",)),
    ("photo.png", lambda: hf.PNG, ("binary file (PNG image)",)),
    ("photo.txt", lambda: hf.PNG, ("binary file (PNG image)",)),
    ("tool.txt", lambda: hf.ELF, ("binary file (ELF executable)",)),
    ("tool", lambda: hf.ELF, ("binary file (ELF executable)",)),
    ("damaged.txt", hf.invalid_bytes_in_the_middle, ("UTF-8 up to line 68, then it is not", "--encoding")),
    ("pasted.txt", hf.mixed_encodings, ("UTF-8 up to line 69, then", "another encoding")),
    ("cut.txt", lambda: "要加强基层治理。".encode()[:-1], ("ends in the middle of a UTF-8 character", "cut short")),
    ("bomb.docx", hf.bomb_docx, ("refused .docx", "expands 1024-fold", "zip bomb")),
    ("bomb-fixture.docx", lambda: (hf.FIXTURES / "bomb.docx").read_bytes(), ("refused .docx", "zip bomb")),
    ("corrupt.docx", hf.corrupt_docx, ("corrupt .docx",)),
    ("traversal.docx", hf.traversal_docx, ("unsafe entry name '../../evil.txt'",)),
    ("laughs.docx", hf.billion_laughs_docx, ("declares XML entities", "Word never writes")),
    ("future.docx", hf.future_zip_docx, ("corrupt .docx (zip file version 6.4)",)),
    ("huge-run.docx", hf.huge_run_docx, ("refused .docx: a text run is over 10 MB, the XML parser's limit",)),
    ("deep.docx", hf.deep_docx, ("nests elements more than 256 deep",)),
    ("locked-member.docx", hf.encrypted_member_docx, ("encrypted .docx", "password")),
    ("protected.docx", hf.protected_office_document, ("password-protected Office document", "unprotected copy")),
    ("old.docx", lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), ("legacy Microsoft Office", "save it as .docx")),
    ("encrypted.pdf", lambda: (hf.FIXTURES / "encrypted.pdf").read_bytes(), ("encrypted PDF", "password")),
    ("truncated.pdf", hf.truncated_pdf, ("corrupt PDF",)),
    ("stream-bomb.pdf", hf.stream_bomb_pdf, ("refused PDF", "decompression bomb")),
    ("scanned.pdf", lambda: (hf.FIXTURES / "scanned.pdf").read_bytes(), ("scanned image PDF", "OCR")),
    ("blank-5000.pdf", hf.blank_pages_pdf, ("no extractable text",)),
    ("fake.pdf", lambda: b"just text\n", ("not a PDF file (plain text)",)),
]


@pytest.mark.parametrize(("name", "build", "fragments"), REFUSED, ids=[r[0] for r in REFUSED])
@pytest.mark.parametrize("command", ["outline", "compare-reference", "compare-target"])
def test_bad_input_is_one_line_naming_the_file_and_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                          command: str, name: str, build: Callable[[], bytes],
                                                          fragments: tuple[str, ...]) -> None:
    monkeypatch.chdir(tmp_path)
    Path(name).write_bytes(build())
    args = {"outline": ["outline", name], "compare-reference": ["compare", name, COUNTY],
            "compare-target": ["compare", PAPER, name, "--format", "json"]}[command]
    assert_refused(invoke(*args), name, *fragments)


def test_a_200_mb_file_is_refused_by_the_size_limit_and_the_message_says_how_to_raise_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:  # sparse: no disk space, no time
        f.truncate(200 * 1024 * 1024)
    line = assert_refused(invoke("compare", str(big), PAPER), big)
    assert line.endswith("the file is 200 MB, over the 64 MB limit; use --max-size to raise it")
    assert invoke("compare", PAPER, COUNTY, "--help").stdout.count("--max-size") == 1


@pytest.mark.parametrize("command", ["outline", "compare", "explain", "diff", "check", "baseline", "watch"])
def test_every_command_that_reads_documents_takes_max_size(command: str) -> None:
    args = ["baseline", "write", "--help"] if command == "baseline" else [command, "--help"]
    assert "--max-size SIZE" in invoke(*args).stdout


def test_max_size_reaches_the_reader(tmp_path: Path) -> None:
    doc = tmp_path / "plan.md"
    doc.write_bytes(Path(COUNTY).read_bytes())
    size = doc.stat().st_size
    assert_refused(invoke("outline", str(doc), "--max-size", "1KB"), doc, "over the 1 KB limit", "--max-size")
    assert invoke("outline", str(doc), "--max-size", f"{size}").exit_code == 0
    assert_refused(invoke("outline", str(doc), "--max-size", f"{size - 1}"), doc, "over the")
    for value in ("300MB", "1.5GB", "512kb", "2G", "100000"):
        assert invoke("outline", str(doc), "--max-size", value).exit_code == 0, value
    bad = invoke("outline", str(doc), "--max-size", "lots")
    assert bad.exit_code == 2 and "is not a size such as 300MB" in bad.stderr
    assert DEFAULT_MAX_BYTES == 64 * 1024 * 1024, "keep cli.DEFAULT_MAX_SIZE ('64MB') in step"


def test_max_size_reaches_check_and_baseline_write(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("ref.txt").write_bytes(Path(PAPER).read_bytes())
    Path("plan.md").write_bytes(Path(COUNTY).read_bytes())
    Path("policydiff.toml").write_text('reference = "ref.txt"\ntargets = ["plan.md"]\n', encoding="utf-8")
    for args in (["check"], ["baseline", "write"]):
        assert_refused(invoke(*args, "--max-size", "2KB"), "ref.txt", "over the 2 KB limit")


def _run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    script = "import sys\nfrom policydiff.cli import cli\ncli(sys.argv[1:], prog_name='policydiff')\n"
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, timeout=timeout, check=False)


@pytest.mark.parametrize("name", ["line.txt", "line.md", "line.html"])
def test_a_5_mb_line_without_breaks_completes(tmp_path: Path, name: str) -> None:
    """One 5 MB line: no hang, no quadratic path (a subprocess with a generous time-out; ~2 s here)."""
    line = tmp_path / name
    line.write_bytes(hf.one_long_line())
    done = _run_cli("outline", str(line), "--format", "json")
    assert done.returncode == 0, done.stderr.decode()
    assert len(json.loads(done.stdout)["units"]) > 10_000


def test_a_5_mb_line_as_a_target_completes(tmp_path: Path) -> None:
    line = tmp_path / "line.txt"
    line.write_bytes(hf.one_long_line())
    done = _run_cli("compare", str(hf.REFERENCE_SMALL), str(line), "--format", "json")
    assert done.returncode in (0, 1), done.stderr.decode()
    assert json.loads(done.stdout)["targets"][0]["coverage"]["percent"] >= 0


@pytest.mark.slow
def test_slow_a_5_mb_line_as_a_reference_and_a_200_mb_file_read_through(tmp_path: Path) -> None:
    """POLICYDIFF_SLOW=1: the 5 MB line as the reference (50,000 recommendations, ~15 s), and a real 200 MB
    file read with --max-size 300MB (refused as binary only once all of it is read)."""
    line = tmp_path / "line.txt"
    line.write_bytes(hf.one_long_line())
    done = _run_cli("compare", str(line), str(hf.REFERENCE_SMALL), "--format", "json", timeout=300)
    assert done.returncode in (0, 1), done.stderr.decode()
    big = tmp_path / "big.txt"
    with open(big, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    done = _run_cli("outline", str(big), "--max-size", "300MB", timeout=300)
    assert done.returncode == 2 and b"binary file (contains NUL bytes)" in done.stderr, done.stderr


def test_html_that_is_90_percent_script_keeps_only_the_document(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(hf.script_heavy_html())
    result = invoke("outline", str(page), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["title"] == "关于加强基层治理的意见"
    texts = [u["text"] for s in data["sections"] for u in s["units"]]
    assert texts == ["要加强基层社会治理，完善网格化管理。"]
    assert "tracker" not in result.stdout


def test_a_document_without_headings_is_compared_as_one_body(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    doc = Path("plain.txt")
    doc.write_text(hf.NO_HEADINGS, encoding="utf-8")
    outline = invoke("outline", str(doc))
    assert outline.exit_code == 0 and "0 sections, 2 units (2 recommendations)" in outline.stdout
    assert "0a rec" in outline.stdout and "0b rec" in outline.stdout
    result = invoke("compare", str(doc), str(doc), "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["targets"][0]["coverage"]["percent"] == 100.0


def test_a_reference_without_recommendations_is_an_error_not_a_100_percent_report(tmp_path: Path) -> None:
    ref = tmp_path / "facts.txt"
    ref.write_text(hf.NO_RECOMMENDATIONS, encoding="utf-8")
    for fmt in ("text", "json", "sarif"):
        assert_refused(invoke("compare", str(ref), COUNTY, "--format", fmt), ref,
                       "the reference has no recommendations to look for")
    assert_refused(invoke("explain", str(ref), COUNTY, "1"), ref, "no recommendations")
    poor = invoke("compare", COUNTY, str(ref), "--format", "json")  # as a target it is just a poor one
    assert poor.exit_code == 0 and json.loads(poor.stdout)["targets"][0]["coverage"]["percent"] == 0.0


@pytest.mark.parametrize("levels", [50, 150])
def test_deep_numbering_does_not_recurse_without_bound(tmp_path: Path, levels: int) -> None:
    doc = tmp_path / "deep.md"
    doc.write_text(hf.deep_numbering(levels), encoding="utf-8")
    data = json.loads(invoke("outline", str(doc), "--format", "json").stdout)
    depth, sections = 0, data["sections"]
    while sections:
        depth, last, sections = depth + 1, sections[-1], sections[-1]["sections"]
    assert depth == min(levels, 100)
    if levels == 50:
        assert last["id"] == ".".join(["1"] * 50) and last["title"] == "第50层的工作"
    for fmt in ("text", "markdown"):
        assert invoke("outline", str(doc), "--format", fmt).exit_code == 0
    for fmt in ("text", "json", "markdown", "html", "github", "sarif", "junit", "gitlab"):
        result = invoke("compare", str(doc), str(doc), "--format", fmt)
        assert result.exit_code == 0, (fmt, result.stderr)
    assert invoke("diff", str(doc), str(doc), str(doc), "--format", "json").exit_code == 0


def test_a_docx_never_resolves_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-机密-4711", encoding="utf-8")
    doc = tmp_path / "xxe.docx"
    doc.write_bytes(hf.xxe_docx(secret))
    result = invoke("outline", str(doc), "--format", "json")
    assert_refused(result, doc, "declares XML entities")
    # and underneath that check, python-docx's own parser would not have resolved it either
    from policydiff.read.docx import _inline_text, _open

    body, _ = _open(doc.read_bytes(), str(doc))
    text = "".join(_inline_text(p) for p in body.iter())
    assert "要加强基层治理" in text and "TOP-SECRET" not in text


def test_a_5000_page_pdf_is_read_page_by_page(tmp_path: Path) -> None:
    doc = tmp_path / "long.pdf"
    doc.write_bytes(hf.many_pages_pdf(5000))
    result = invoke("outline", str(doc), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "pdf"


def test_a_pdf_with_too_many_pages_is_refused_before_reading_them(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from policydiff.read import pdf

    monkeypatch.setattr(pdf, "MAX_PAGES", 100)
    doc = tmp_path / "long.pdf"
    doc.write_bytes(hf.blank_pages_pdf(101))
    assert_refused(invoke("outline", str(doc)), doc, "refused PDF: 101 pages", "at most 100")


def test_pdf_text_beyond_the_character_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from policydiff.read import pdf

    monkeypatch.setattr(pdf, "MAX_CHARACTERS", 1000)
    doc = tmp_path / "long.pdf"
    doc.write_bytes(hf.many_pages_pdf(20))
    assert_refused(invoke("outline", str(doc)), doc, "refused PDF: more than 1,000 characters")


def test_a_file_that_changes_while_read_is_hashed_and_read_from_the_same_bytes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader takes one snapshot of the bytes: the digest and the text both come from it, even when
    another process rewrites the file right after (or during) the read."""
    doc = tmp_path / "draft.md"
    before = "# 草稿\n\n一、总体要求\n\n要加强基层治理。\n".encode()
    doc.write_bytes(before)
    real = read_module._read_limited

    def read_then_rewrite(stream, origin, max_bytes):  # type: ignore[no-untyped-def]
        data = real(stream, origin, max_bytes)
        doc.write_bytes("# 另一个文件\n\n全部改写。\n".encode())
        return data

    monkeypatch.setattr(read_module, "_read_limited", read_then_rewrite)
    text = read_path(str(doc))
    assert text.sha256 == hashlib.sha256(before).hexdigest()
    assert text.content == before.decode().rstrip("\n")


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path: Path) -> None:
    doc = tmp_path / "growing.txt"
    doc.write_bytes(b"a" * 100)
    real_fstat = os.fstat

    class Small:
        def __init__(self, stat: os.stat_result) -> None:
            self.st_size = 10

    with pytest.MonkeyPatch.context() as mp:  # fstat says 10 bytes; by the time it is read it has 100
        mp.setattr(read_module.os, "fstat", lambda fd: Small(real_fstat(fd)))
        with pytest.raises(read_module.InputError, match="larger than the 50 bytes limit"):
            read_path(str(doc), max_bytes=50)


def test_bidirectional_controls_reach_no_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In the text, the title and the file names: no format, no error message shows one ("Trojan Source")."""
    from policydiff import api
    from policydiff.formats import terminal

    monkeypatch.chdir(tmp_path)
    name = "x\u202eatad\u2066"
    ref, target = Path(f"ref{name}.txt"), Path(f"plan{name}.md")
    ref.write_text(hf.with_bidi_controls(hf.ZH), encoding="utf-8")
    target.write_text(hf.with_bidi_controls(Path(COUNTY).read_text(encoding="utf-8")), encoding="utf-8")
    runs = [["outline", str(ref), "--format", f] for f in ("text", "markdown", "json")]
    runs += [["compare", str(ref), str(target), "--format", f] for f in
             ("text", "markdown", "json", "html", "github", "sarif", "junit", "gitlab")]
    runs += [["explain", str(ref), str(target), "3.1.1", "--format", f] for f in ("text", "markdown")]
    runs += [["diff", str(ref), str(target), str(target), "--show", "all", "--format", f]
             for f in ("text", "markdown", "json")]
    runs += [["outline", f"missing{name}.md"], ["compare", str(ref), str(target), "--require", f"9{name}"],
             ["compare", str(ref), str(target), "--fail-under", "99", "--require", "3.1.1", "--format", "json"],
             ["check", "--reference", str(ref), str(target), "--fail-under", "99", "--format", "json"],
             ["scan", str(ref), ".", "--no-cache", "--jobs", "1"], ["scan", str(ref), ".", "--no-cache", "--jobs", "1",
                                                                  "--format", "json"]]
    for args in runs:
        result = invoke(*args)
        assert result.exit_code in (0, 1, 2), (args, result.stderr)
        shown = [c for c in result.stdout + result.stderr if c in hf.BIDI_CONTROLS]
        assert shown == [], (args, shown)
    coloured = terminal.format_outline(api.load(str(ref)), color=True, width=100)
    assert not any(c in hf.BIDI_CONTROLS for c in coloured)
    assert "\\u202e" in invoke("compare", str(ref), str(target), "--format", "json").stdout  # the name is kept
