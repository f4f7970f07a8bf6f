"""Character-encoding detection for the plain-text formats (.txt, .md, .html).

Order: binary signatures → byte-order mark → UTF-16/32 without BOM (NUL pattern; else UTF-8 text with
stray NUL bytes) → strict UTF-8 → the charset the document declares (HTML) → GB18030 / Big5, each checked
for plausibility, or EUC-KR when the text reads as spaced Korean words → charset-normalizer's best guess.
GBK and GB2312 text is reported as 'gb18030', its superset. Of two readings the one that yields real text
wins: UTF-16 that comes out as rare hanzi between Latin letters is not UTF-16. Terminal colour codes (ANSI
escape sequences) are removed whole.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from functools import cache

from ..errors import InputError
from .sniff import binary_kind, binary_message
from .textutil import control_ratio

_BOMS: tuple[tuple[bytes, str, str], ...] = (
    # (BOM, codec used to decode what follows it, name reported)
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be", "utf-16-be"),
)

_WIDE_UNICODE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")

# Labels web pages use that Python does not know, and legacy codecs replaced by their supersets.
_ALIASES: dict[str, str] = {
    "x-gbk": "gb18030",
    "gbk": "gb18030",
    "gb2312": "gb18030",
    "x-x-big5": "big5",
    "big5-hkscs": "big5hkscs",
}
_SUPERSETS: dict[str, str] = {"gbk": "gb18030", "gb2312": "gb18030", "ascii": "cp1252", "iso8859-1": "cp1252"}

_NOT_DETECTED = "cannot detect the encoding; pass --encoding"


def decode(
    data: bytes, *, origin: str, encoding: str | None = None, declared: str | None = None
) -> tuple[str, str]:
    """Decode ``data`` and return ``(text, codec)``.

    ``encoding`` (the user's ``--encoding``) overrides detection; ``declared`` is what the document
    says about itself (an HTML ``<meta charset>``), honoured unless a BOM or valid UTF-8 says otherwise.
    A leading byte-order mark is never part of the text. Raises :class:`InputError` for binary data,
    bytes that do not decode, or an encoding that cannot be detected.
    """
    kind = binary_kind(data)
    if kind in ("PDF document", "zip archive"):
        hint = "name it .pdf or .docx, or let the format be detected"
        raise InputError(origin, f"this is a {kind}, not text ({hint})")
    if kind is not None:
        raise InputError(origin, binary_message(kind))
    if encoding is not None:
        text, codec = _decode_explicit(data, encoding, origin)
        return _without_ansi(text).lstrip("\ufeff"), codec
    text, codec = _detect(data, origin, declared)
    text = _without_ansi(text)
    if control_ratio(text) > 0.05:
        raise InputError(origin, f"binary file (mostly control characters, read as {codec}), not a document")
    return text.lstrip("\ufeff"), codec


_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
"""Terminal escape sequences: CSI (colours, cursor moves), OSC (titles, links) and the two-byte ones."""


def _without_ansi(text: str) -> str:
    """``text`` without terminal escape sequences (captured terminal output: '\\x1b[1mBold\\x1b[0m' → 'Bold')."""
    return _ANSI.sub("", text) if "\x1b" in text else text


def _detect(data: bytes, origin: str, declared: str | None) -> tuple[str, str]:
    for bom, codec, name in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], codec, name, origin), name
    if b"\x00" in data:
        return _decode_nul_pattern(data, origin)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    if declared is not None:
        found = _decode_declared(data, declared)
        if found is not None:
            return found
    found = _decode_legacy_cjk(data)
    if found is not None:
        return found
    try:
        return _decode_guess(data, origin)
    except InputError as error:
        if error.detail != _NOT_DETECTED or utf8_error.start == 0:
            raise
    # mostly UTF-8 with bad bytes from some point on: say where, it is what the user has to look at (in the
    # message itself, not only in the 'FILE:LINE:' prefix, so that lists of skipped files keep it)
    line = _line_of_offset(data, utf8_error.start, "utf-8")
    if utf8_error.end == len(data) and "end of data" in utf8_error.reason:
        raise InputError(origin, f"the file ends in the middle of a UTF-8 character (line {line}): it looks cut "
                                 "short (an interrupted download or copy?)")
    raise InputError(origin, f"cannot detect the encoding: the text is UTF-8 up to line {line}, then it is not (a "
                             "damaged file, or text in another encoding pasted in?); pass --encoding")


def _decode_explicit(data: bytes, encoding: str, origin: str) -> tuple[str, str]:
    codec = _lookup(encoding)
    if codec is None:
        raise InputError(origin, f"unknown encoding {encoding!r} (try utf-8, gb18030, big5 or utf-16)")
    return _decode_strict(data, codec, codec, origin, label=encoding), codec


def _decode_strict(data: bytes, codec: str, name: str, origin: str, *, label: str | None = None) -> str:
    """Decode or raise an InputError naming the line of the first bad byte."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError as error:
        line = _line_of_offset(data, error.start, codec)
        hint = "use --encoding to choose another"
        raise InputError(origin, f"bytes are not valid {label or name} ({hint})", line=line) from None
    except (UnicodeError, LookupError) as error:
        raise InputError(origin, f"cannot decode as {label or name} ({error})") from None


def _line_of_offset(data: bytes, offset: int, codec: str) -> int:
    before = data[:offset].decode(codec, errors="replace")
    return before.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1


def _lookup(label: str) -> str | None:
    """Python's canonical codec name for an encoding label, or None when it is not a text encoding."""
    label = label.strip().lower()
    label = _ALIASES.get(label, label)
    try:
        info = codecs.lookup(label)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


def _decode_nul_pattern(data: bytes, origin: str) -> tuple[str, str]:
    """UTF-16/32 without a BOM (ASCII characters leave NUL bytes) when that reading is real text; else text
    with a minority of stray NUL bytes (dropped) in UTF-8 or a legacy CJK codec; else the NULs mean binary
    data. Of a UTF-16 reading and a stray-NUL GB18030/Big5 one, the more plausible Chinese wins: GBK bytes
    with one stray NUL read as UTF-16 come out as hangul ('推进' as '췆뷸')."""
    rest = data.replace(b"\x00", b"")
    stray = 2 * len(rest) > len(data)
    legacy = _decode_legacy_cjk(rest) if stray and not _is_utf8(rest) else None
    legacy_score = cjk_plausibility(legacy[0]) if legacy is not None else None
    for codec in _WIDE_UNICODE:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _plausible_unicode(text) and _real_text(text):
            if legacy is not None and legacy_score is not None and legacy_score > (cjk_plausibility(text) or 0.0):
                return legacy
            return text, codec
    if stray:
        if _is_utf8(rest):
            text = rest.decode("utf-8")
            if _plausible_unicode(text) and _real_text(text):
                return text, "utf-8"
        elif legacy is not None and legacy_score is not None and legacy_score >= 0.8 and _plausible_unicode(legacy[0]):
            return legacy
    raise InputError(origin, "binary file (contains NUL bytes), not a document")


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _real_text(text: str) -> bool:
    """Not mojibake: ASCII read as UTF-16 comes out as rare hanzi, or hanzi wedged between Latin letters."""
    han = [char for char in text if _is_han(char)]
    if len(han) >= 10 and sum(1 for char in han if char in _common_han()) < 0.8 * len(han):
        return False
    return _wedged_between_latin(text) <= max(1, len(han) // 5)


def _plausible_unicode(text: str) -> bool:
    if "\x00" in text or control_ratio(text) > 0.01:
        return False
    odd = sum(1 for char in text if unicodedata.category(char) in ("Cn", "Co", "Cs"))
    return odd * 100 <= len(text)


def _decode_declared(data: bytes, declared: str) -> tuple[str, str] | None:
    codec = _lookup(declared)
    if codec is None:
        return None
    codec = _SUPERSETS.get(codec, codec)
    try:
        return data.decode(codec), codec
    except (UnicodeError, LookupError):
        return None


def _decode_legacy_cjk(data: bytes) -> tuple[str, str] | None:
    """EUC-KR when the bytes read as Korean words between spaces; else GB18030 or Big5, whichever decodes
    strictly into plausible Chinese (GB18030 on a tie). Korean hangul sits where GB2312 keeps its commonest
    hanzi, so Korean read as Chinese looks plausible character by character; but Chinese puts no spaces
    between words."""
    korean = _decode_korean(data)
    if korean is not None:
        return korean
    best: tuple[str, str] | None = None
    best_score = -1.0
    for codec in ("gb18030", "big5"):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        score = cjk_plausibility(text)
        if score is not None and score > best_score:
            best, best_score = (text, codec), score
    return best


def _decode_korean(data: bytes) -> tuple[str, str] | None:
    for codec in ("euc_kr", "cp949"):  # EUC-KR, else Windows' superset of it
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = [char for char in text if ord(char) > 0x7F]
        hangul = sum(1 for char in wide if "\uac00" <= char <= "\ud7a3")
        spaced = len(_SPACED_WORDS.findall(text))
        if wide and hangul >= 0.7 * len(wide) and spaced * 20 >= hangul:
            return text, codec
    return None


_SPACED_WORDS = re.compile(r"[\uac00-\ud7a3] (?=[\uac00-\ud7a3])")
"""A space between two hangul syllables: Korean separates its words; Chinese (and Korean read as Chinese,
where such a space lies between two hanzi) does not."""


def _decode_guess(data: bytes, origin: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    match = from_bytes(data).best()
    if match is None:
        raise InputError(origin, _NOT_DETECTED)
    codec = _lookup(str(match.encoding))
    if codec is None or codec.startswith(("utf-16", "utf-32")):
        # UTF-16/32 shows itself by a BOM or by the NUL bytes of its ASCII characters (both handled above);
        # a guess of it for bytes without either is a guess about noise
        raise InputError(origin, _NOT_DETECTED)
    codec = _SUPERSETS.get(codec, codec)
    try:
        return data.decode(codec), codec
    except (UnicodeError, LookupError):
        raise InputError(origin, _NOT_DETECTED) from None


# --- is this decoding Chinese text or mojibake? -------------------------------------------------

_CJK_TEXT_RANGES: tuple[tuple[int, int], ...] = (
    (0x00A0, 0x017F),  # Latin-1 symbols and letters (·×÷°±§ā…)
    (0x01CD, 0x01DC),  # pinyin with tone marks
    (0x02B0, 0x02FF),  # modifier letters (ˇˉ)
    (0x0391, 0x03C9),  # Greek (in GB2312 and Big5)
    (0x0401, 0x0451),  # Cyrillic (in GB2312)
    (0x2000, 0x27BF),  # punctuation, letterlike, numbers, arrows, maths, box drawing, shapes, dingbats
    (0x2E80, 0x2FDF),  # radicals
    (0x3000, 0x303F),  # CJK punctuation
    (0x3100, 0x312F),  # bopomofo
    (0x3200, 0x33FF),  # enclosed CJK, compatibility
    (0x3400, 0x4DBF),  # ext. A
    (0x4E00, 0x9FFF),  # unified ideographs
    (0xF900, 0xFAFF),  # compatibility ideographs
    (0xFE10, 0xFE6F),  # vertical, compatibility and small forms
    (0xFF00, 0xFFEF),  # full-width forms
    (0x20000, 0x3FFFF),  # supplementary ideographs
)


def _in_ranges(char: str, ranges: tuple[tuple[int, int], ...]) -> bool:
    code = ord(char)
    return any(low <= code <= high for low, high in ranges)


def _is_han(char: str) -> bool:
    code = ord(char)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x3FFFF


def _is_private(char: str) -> bool:
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or code >= 0xF0000


@cache
def _common_han() -> frozenset[str]:
    """The 6,763 GB2312 hanzi, the 5,401 common Big5 hanzi and the Traditional forms OpenCC writes for the
    former (羣, 衆): what real Chinese text is made of."""
    from ..script_tables import TRADITIONAL_VARIANTS

    chars: set[str] = set(TRADITIONAL_VARIANTS)
    for high in range(0xB0, 0xF8):
        chars.update(_decode_row(high, range(0xA1, 0xFF), "gb2312"))
    for high in range(0xA4, 0xC7):
        chars.update(_decode_row(high, [*range(0x40, 0x7F), *range(0xA1, 0xFF)], "big5"))
    return frozenset(char for char in chars if _is_han(char))


def _decode_row(high: int, lows: range | list[int], codec: str) -> list[str]:
    out: list[str] = []
    for low in lows:
        try:
            out.append(bytes((high, low)).decode(codec))
        except UnicodeDecodeError:
            continue
    return out


def cjk_plausibility(text: str) -> float | None:
    """How much ``text`` (decoded from a legacy CJK codec) looks like real Chinese: the share of its
    hanzi that are common ones, or None when it is mojibake (private-use characters, kana or other
    scripts, hanzi wedged between Latin letters, mostly rare hanzi).
    """
    wide = [char for char in text if ord(char) > 0x7F and unicodedata.category(char) != "Cf"]  # a stray U+FEFF
    if not wide:
        return 1.0
    if sum(1 for char in wide if _is_private(char)) * 100 > len(wide):
        return None
    if sum(1 for char in wide if _in_ranges(char, _CJK_TEXT_RANGES)) < 0.9 * len(wide):
        return None
    han = [char for char in wide if _is_han(char)]
    if not han:
        return 0.5
    common = _common_han()
    share = sum(1 for char in han if char in common) / len(han)
    if len(han) >= 10 and share < 0.8:
        return None
    if _wedged_between_latin(text) > max(1, len(han) // 5):
        return None
    return share


def _wedged_between_latin(text: str) -> int:
    """How many hanzi sit directly between two ASCII letters (Latin-1 text misread as GBK does that)."""
    count = 0
    for index in range(1, len(text) - 1):
        before, char, after = text[index - 1], text[index], text[index + 1]
        if _is_han(char) and before.isascii() and before.isalpha() and after.isascii() and after.isalpha():
            count += 1
    return count
