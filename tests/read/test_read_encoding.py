"""Encoding detection for the text formats: BOMs, UTF-16 without BOM, GBK/GB18030, Big5, overrides."""

from __future__ import annotations

import pytest

from policydiff.errors import InputError
from policydiff.read import read_bytes
from policydiff.read.encoding import cjk_plausibility, decode

SIMPLIFIED = "关于加强社会治安防控体系建设的意见\n一、总体要求\n（一）指导思想。坚持系统治理、依法治理。\n"
TRADITIONAL = "關於加強社會治安防控體系建設的意見\n一、總體要求\n（一）指導思想。堅持系統治理、依法治理。\n"
ENGLISH = "Digital Service Standard\n1. Understand what people need\n"


def _read(data: bytes, **options: str) -> tuple[str, str | None]:
    text = read_bytes(data, origin="doc.txt", format="txt", **options)
    return text.content, text.encoding


@pytest.mark.parametrize(
    ("data", "codec"),
    [
        (SIMPLIFIED.encode("utf-8"), "utf-8"),
        (ENGLISH.encode("ascii"), "utf-8"),
        (b"\xef\xbb\xbf" + SIMPLIFIED.encode("utf-8"), "utf-8-sig"),
        (b"\xff\xfe" + SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (SIMPLIFIED.encode("utf-16-le"), "utf-16-le"),
        (SIMPLIFIED.encode("utf-16-be"), "utf-16-be"),
        (ENGLISH.encode("utf-16-le"), "utf-16-le"),
        (ENGLISH.encode("utf-16-be"), "utf-16-be"),
        (b"\xff\xfe\x00\x00" + SIMPLIFIED.encode("utf-32-le"), "utf-32-le"),
        (b"\x00\x00\xfe\xff" + SIMPLIFIED.encode("utf-32-be"), "utf-32-be"),
        (SIMPLIFIED.encode("gbk"), "gb18030"),
        (SIMPLIFIED.encode("gb2312"), "gb18030"),
        (TRADITIONAL.encode("big5"), "big5"),
        (TRADITIONAL.encode("gbk"), "gb18030"),
    ],
)
def test_detects_encoding(data: bytes, codec: str) -> None:
    content, encoding = _read(data)
    assert encoding == codec
    assert content.replace("\ufeff", "") in (
        SIMPLIFIED.rstrip("\n"),
        TRADITIONAL.rstrip("\n"),
        ENGLISH.rstrip("\n"),
    )
    assert "\ufeff" not in content


def test_gb18030_four_byte_characters() -> None:
    # 𠮷 (U+20BB7) and 䶮 (U+4DAE) need GB18030's four-byte sequences; GBK cannot encode them.
    text = "吉祥的𠮷字和䶮字都要正确显示。" + SIMPLIFIED
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    content, encoding = _read(data)
    assert encoding == "gb18030"
    assert content.startswith("吉祥的𠮷字和䶮字")


def test_short_big5_is_not_mistaken_for_gbk() -> None:
    content, encoding = _read("社會治安防控體系建設，需要各部門協同推進。".encode("big5"))
    assert encoding == "big5"
    assert content == "社會治安防控體系建設，需要各部門協同推進。"


def test_latin1_text_falls_back_to_a_guess() -> None:
    text = "Politique de sécurité: les élèves, les écoles et la société française.\n" * 3
    content, encoding = _read(text.encode("cp1252"))
    assert content == text.rstrip("\n")
    assert encoding not in ("gb18030", "big5")


def test_explicit_encoding_overrides_detection() -> None:
    data = SIMPLIFIED.encode("gbk")
    content, encoding = _read(data, encoding="GBK")
    assert encoding == "gb18030"  # GBK is read with its superset
    assert content == SIMPLIFIED.rstrip("\n")
    content, encoding = _read(TRADITIONAL.encode("big5"), encoding="cp950")
    assert (content, encoding) == (TRADITIONAL.rstrip("\n"), "cp950")


def test_explicit_encoding_can_misread_on_purpose() -> None:
    content, encoding = _read("café".encode(), encoding="latin-1")
    assert (content, encoding) == ("cafÃ©", "iso8859-1")


def test_explicit_encoding_that_does_not_fit_names_the_line() -> None:
    data = b"ok line\n" * 11 + b"bad \xff byte\n"
    with pytest.raises(InputError) as caught:
        read_bytes(data, origin="notice.txt", format="txt", encoding="utf-8")
    assert caught.value.line == 12
    assert caught.value.path == "notice.txt"
    assert str(caught.value) == "notice.txt:12: bytes are not valid utf-8 (use --encoding to choose another)"


def test_explicit_encoding_error_counts_cr_line_breaks() -> None:
    data = "一\r二\r\n三\n".encode("gbk") + b"\xff\xff"
    with pytest.raises(InputError) as caught:
        read_bytes(data, origin="notice.txt", format="txt", encoding="gbk")
    assert caught.value.line == 4
    assert "not valid gbk" in str(caught.value)


def test_unknown_encoding_name() -> None:
    with pytest.raises(InputError, match="unknown encoding 'klingon'"):
        read_bytes(b"hello", origin="a.txt", format="txt", encoding="klingon")
    with pytest.raises(InputError, match="unknown encoding 'base64'"):
        read_bytes(b"hello", origin="a.txt", format="txt", encoding="base64")


def test_broken_bom_text_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not valid utf-16-le"):
        read_bytes(b"\xff\xfe" + "ab\n".encode("utf-16-le") + b"\x00\xd8", origin="a.txt", format="txt")


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "ELF executable"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
        (b"GIF89a\x01\x00", "GIF image"),
        (b"\x1f\x8b\x08\x00", "gzip archive"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "Windows executable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "legacy Microsoft Office"),
        (b"text\x00with\x01random\x00nul bytes\xff\xfe\x00", "contains NUL bytes"),
        (bytes(range(1, 32)) * 4, "control characters"),
    ],
)
def test_binary_is_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as caught:
        read_bytes(data, origin="image.txt", format="txt")
    message = str(caught.value)
    assert message.startswith("image.txt: binary file (")
    assert kind in message


def test_undetectable_encoding() -> None:
    # Bytes that are valid in no candidate codec and that charset-normalizer gives up on.
    data = bytes([0x81, 0x20, 0xFE, 0x7F, 0x80, 0xFF] * 50)
    try:
        text, _ = decode(data, origin="x.txt")
    except InputError as error:
        assert "encoding" in str(error) or "binary" in str(error)
    else:
        assert isinstance(text, str)


def test_plausibility_rejects_mojibake() -> None:
    big5_as_gbk = TRADITIONAL.encode("big5").decode("gb18030", errors="replace")
    assert cjk_plausibility(big5_as_gbk) is None
    assert cjk_plausibility(SIMPLIFIED) == 1.0
    latin_as_gbk = "r\u8d44sum\u8d44 and caf\u8d44s and na\u8d44ve"
    assert cjk_plausibility(latin_as_gbk) is None


def test_pdf_bytes_read_as_text_say_what_they_are() -> None:
    with pytest.raises(InputError, match=r"^a\.txt: this is a PDF document, not text \(name it \.pdf"):
        read_bytes(b"%PDF-1.7\n...", origin="a.txt", format="txt")


def test_utf16_is_not_guessed_for_bytes_without_a_bom_or_nul_pattern() -> None:
    """Found by the fuzz job: charset-normalizer guessed UTF-16 for 6 bytes of noise (no BOM, no NUL)."""
    with pytest.raises(InputError, match="cannot detect the encoding"):
        read_bytes("\x1f\x80\n".encode("gb18030"), origin="noise.md", format="md")
    assert _read("Plan\r\n".encode("utf-16"))[1] == "utf-16-le"  # with a BOM it is still UTF-16


def test_bad_bytes_after_utf8_text_are_located() -> None:
    data = SIMPLIFIED.encode("utf-8") * 3 + b"\xff\xfe garbage \xc3\x28\n" + SIMPLIFIED.encode("gbk")
    with pytest.raises(InputError) as caught:
        read_bytes(data, origin="doc.txt", format="txt")
    assert str(caught.value).startswith("doc.txt: cannot detect the encoding: the text is UTF-8 up to line 10, then")


def test_a_file_cut_in_the_middle_of_a_character_says_so() -> None:
    with pytest.raises(InputError, match=r"^doc.txt: the file ends in the middle of a UTF-8 character \(line 3\)"):
        read_bytes(SIMPLIFIED.encode("utf-8")[:-2], origin="doc.txt", format="txt")


# --- the reading that yields real text wins, and says which it is -------------------------------

KOREAN = ("대한민국 정부는 모든 국민의 안전을 보장하기 위하여 치안 정책을 강화해야 한다.\n"
          "지방자치단체는 주민 참여를 확대하여야 한다.\n")


def test_ascii_with_interleaved_nul_bytes_is_not_utf16_gibberish() -> None:
    """b'abc\\0def\\0' reads as UTF-16 into rare hanzi between Latin letters ('扡c敤f'): text with stray NULs."""
    assert decode(b"abc\x00def\x00" * 10, origin="a.txt") == ("abcdef" * 10, "utf-8")


def test_real_utf16_without_a_bom_is_still_utf16() -> None:
    for codec in ("utf-16-le", "utf-16-be"):
        text = "The council should fund libraries.\n要加强基层社会治理。\n"
        assert decode(text.encode(codec), origin="a.txt") == (text, codec)


def test_euc_kr_korean_is_not_read_as_gb18030() -> None:
    assert decode(KOREAN.encode("euc-kr"), origin="a.txt") == (KOREAN, "euc_kr")


def test_chinese_is_still_read_as_chinese() -> None:
    assert decode(SIMPLIFIED.encode("gb18030"), origin="a.txt") == (SIMPLIFIED, "gb18030")
    assert decode(TRADITIONAL.encode("big5"), origin="a.txt") == (TRADITIONAL, "big5")


def test_a_short_markdown_file_with_terminal_colours_is_read_without_them() -> None:
    data = b"# Plan\n\n\x1b[1mThe council\x1b[0m should \x1b[32mfund\x1b[0m \x1b[4mlibraries\x1b[0m.\n"
    assert decode(data, origin="a.md") == ("# Plan\n\nThe council should fund libraries.\n", "utf-8")


def test_control_characters_name_the_encoding_they_were_read_in() -> None:
    with pytest.raises(InputError, match=r"mostly control characters, read as utf-8\)"):
        decode(b"ab\x01\x02\x03\x04cd\x05\x06\x07\x08\n", origin="a.txt")


@pytest.mark.parametrize("text", ["推进\x00\n", "推進\x00\n", "加强社区警务\x00建设。\n", "必须\x00\ufeff\n", "必須\x00\ufeff\n"])
def test_gbk_with_a_stray_nul_is_gbk_not_utf16_hangul(text: str) -> None:
    # found by scripts/fuzz.py: '推进' + NUL in GB18030 read as UTF-16-BE came out as '췆뷸', and its
    # Traditional twin was refused as binary
    got, codec = decode(text.encode("gb18030"), origin="<test>")
    assert (got, codec) == (text.replace("\x00", ""), "gb18030")


def test_utf16_chinese_without_a_bom_stays_utf16() -> None:
    text = "加强社区警务建设。\n推进平安社区创建。\n" * 20
    for codec in ("utf-16-le", "utf-16-be"):
        assert decode(text.encode(codec), origin="<test>") == (text, codec)


def test_traditional_text_in_gb18030_with_opencc_variants_is_read() -> None:
    # found by scripts/fuzz.py: OpenCC's s2t writes 群众 as 羣衆, which common Big5 lacks; the reading was
    # judged mojibake and the file refused
    text = "加強加強加強羣衆羣衆we \n"
    assert decode(text.encode("gb18030"), origin="<test>") == (text, "gb18030")
