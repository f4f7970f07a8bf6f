"""Hypothesis strategies and pipeline invariants shared by tests/test_fuzz.py and scripts/fuzz.py.

The strategies build documents the way drafts are written: lines opened by a marker of the numbering
alphabet (一、 （一） 1. （1） ① 第X章 一是 # 1.1 **1.1** bullets …) followed by Chinese, English or mixed
text, with full-width forms, control characters and arbitrary Unicode mixed in. :func:`check_document`
runs one document through read → clean → outline → units → compare → JSON and asserts the invariants.
"""

from __future__ import annotations

import json
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from policydiff import align
from policydiff.api import outline_text
from policydiff.errors import PolicydiffError
from policydiff.formats import json as json_format
from policydiff.models import Comparison, Outline
from policydiff.read import read_bytes

# --- text ----------------------------------------------------------------------------------------

CN_NUMERALS = "一二三四五六七八九十"
ZH_WORDS = (
    "加强", "推进", "建立", "完善", "健全", "落实", "坚持", "社会管理", "创新", "网格", "治安", "防控",
    "要", "必须", "应当", "建议", "工作", "机制", "基层", "公安机关", "群众", "服务", "当前", "随着",
    "形势", "问题", "警综平台", "网评队伍", "以房管人", "流动人口", "矛盾", "化解", "是", "的", "和",
)
EN_WORDS = (
    "we", "should", "must", "ensure", "recommend", "the", "police", "community", "data", "will",
    "background", "Introduction", "Use", "Build", "shall", "not", "and", "of", "services", "plan",
)
PUNCT = ("。", "，", "；", "：", "、", "！", "？", ".", ",", ";", ":", "!", "?", " ", "“", "”", "（", "）")
CONTROL = (*(chr(c) for c in (*range(0, 9), 11, 12, *range(14, 32), 127)),
           "\ufeff", "\u200b", "\u00ad", "\u3000", "\u2028", "\x85")


def _width_mix(s: str) -> str:
    """Full-width forms of ASCII characters: 'ＡＢ１．' for 'AB1.'."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)


def cn_numeral(n: int) -> str:
    if n <= 10:
        return CN_NUMERALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN_NUMERALS[tens - 1]) + "十" + (CN_NUMERALS[ones - 1] if ones else "")


numbers = st.integers(min_value=1, max_value=25)

markers: st.SearchStrategy[str] = st.one_of(
    numbers.map(lambda n: f"{cn_numeral(n)}、"),
    numbers.map(lambda n: f"（{cn_numeral(n)}）"),
    numbers.map(lambda n: f"({cn_numeral(n)})"),
    numbers.map(lambda n: f"{n}."),
    numbers.map(lambda n: f"{n}、"),
    numbers.map(lambda n: f"（{n}）"),
    numbers.map(lambda n: f"{n}）"),
    st.integers(min_value=1, max_value=20).map(lambda n: chr(0x245F + n)),  # ① … ⑳
    numbers.map(lambda n: f"第{cn_numeral(n)}章"),
    numbers.map(lambda n: f"第{cn_numeral(n)}条"),
    numbers.map(lambda n: f"{cn_numeral(n)}是"),
    st.integers(min_value=1, max_value=6).map(lambda n: "#" * n + " "),
    st.lists(numbers, min_size=2, max_size=6).map(lambda ns: ".".join(map(str, ns)) + " "),
    st.lists(numbers, min_size=2, max_size=4).map(lambda ns: "**" + ".".join(map(str, ns)) + "** "),
    st.sampled_from(("- ", "* ", "• ", "· ", "Section 2 ", "Recommendation 3: ", "IV. ", "首先，", "其次，")),
)

words = st.one_of(
    st.sampled_from(ZH_WORDS),
    st.sampled_from(EN_WORDS).map(lambda w: w + " "),
    st.sampled_from(PUNCT),
    st.sampled_from(CONTROL),
    st.sampled_from(EN_WORDS).map(_width_mix),
    st.text(min_size=1, max_size=3),  # anything Unicode has, surrogates excepted
)

bodies = st.lists(words, min_size=0, max_size=30).map("".join)


@st.composite
def lines(draw: st.DrawFn) -> str:
    marker = draw(st.one_of(st.just(""), markers))
    return draw(st.sampled_from(("", " ", "\u3000", "\t"))) + marker + draw(bodies)


def documents_of(max_lines: int) -> st.SearchStrategy[str]:
    """Whole documents in the numbering alphabet, every line break style, controls and stray Unicode."""
    return st.lists(
        st.tuples(lines(), st.sampled_from(("\n", "\n", "\n\n", "\r\n", "\r"))), min_size=0, max_size=max_lines
    ).map(lambda pairs: "".join(line + end for line, end in pairs))


documents = documents_of(25)

ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030")


@dataclass(frozen=True)
class Case:
    """One fuzzed input: the text, how it is encoded, and the format it is read as."""

    text: str
    encoding: str = "utf-8"
    format: str = "txt"

    def data(self) -> bytes:
        return self.text.encode(self.encoding, errors="replace")


def cases_of(max_lines: int) -> st.SearchStrategy[Case]:
    return st.builds(Case, documents_of(max_lines), st.sampled_from(ENCODINGS), st.sampled_from(("txt", "md", "html")))


cases = cases_of(25)

UNRELATED = "本办法自印发之日起施行。"
"""A closing paragraph that says nothing the document's units are about."""


# --- invariants ----------------------------------------------------------------------------------


def load_case(case: Case) -> Outline | None:
    """Read and outline a fuzzed case; None when it is refused with a documented error."""
    data = case.data()
    if case.format == "html":
        data = _as_html(case.text).encode("utf-8")
    try:
        text = read_bytes(data, origin=f"fuzz.{case.format}", format=case.format)
    except PolicydiffError:
        return None
    return outline_text(text)


def _as_html(text: str) -> str:
    from html import escape

    out = []
    for line in text.splitlines():
        tag = "h2" if line.lstrip().startswith("#") else "p"
        out.append(f"<{tag}>{escape(line.lstrip('# '))}</{tag}>")
    return "<!DOCTYPE html><html><body>" + "\n".join(out) + "</body></html>"


def check_ids(outline: Outline) -> None:
    ids = [u.id for u in outline.units]
    assert len(ids) == len(set(ids)), f"duplicate unit ids: {ids}"
    sections = [s.id for s in outline.document.walk()]
    assert len(sections) == len(set(sections)), f"duplicate section ids: {sections}"
    for u in outline.units:
        assert u.text.strip(), f"empty unit {u}"
        assert u.id, f"unit without id: {u}"


STATS: Counter[str] = Counter()
"""What the checks saw: documents read, refused, compared, recommendations judged, ..."""


def check_document(case: Case) -> Outline | None:
    """The pipeline on one case: only documented errors, unique and stable ids, self-comparison 100 %,
    verdict counts that add up, JSON that is valid and deterministic."""
    STATS["documents"] += 1
    first = load_case(case)
    if first is None:
        STATS["refused"] += 1
        return None
    check_ids(first)
    again = load_case(case)
    assert again is not None
    assert [(u.id, u.text) for u in again.units] == [(u.id, u.text) for u in first.units], "ids are not stable"
    outline_json = json_format.format_outline(first)
    assert json.loads(outline_json)["schema"] == json_format.OUTLINE_SCHEMA
    assert json_format.format_outline(again) == outline_json
    recommendations = [u for u in first.units if u.kind == "recommendation"]
    try:
        result = align.compare(first, [again])
    except PolicydiffError:
        assert not recommendations, "compare refused a reference that has recommendations"
        return first
    assert recommendations, "compare judged a reference without recommendations"
    target = result.targets[0]
    counts = [target.count(s) for s in ("covered", "partial", "missing")]
    assert sum(counts) == len(recommendations) == target.judged, f"verdicts {counts} of {len(recommendations)}"
    failures = _self_failures(result, first)
    assert all(straddles for *_, straddles in failures), f"self-comparison below 100 %: {failures}"
    STATS["compared"] += 1
    STATS["recommendations"] += len(recommendations)
    STATS["straddling below 100"] += len(failures)
    text = json_format.format_comparison(result)
    data = json.loads(text)
    coverage = data["targets"][0]["coverage"]
    assert coverage["covered"] + coverage["partial"] + coverage["missing"] == data["reference"]["units"]
    assert json_format.format_comparison(align.compare(first, [again])) == text, "JSON is not deterministic"
    return first


def check_traditional(case: Case, config: str = "s2t.json") -> None:
    """The document's Traditional twin (OpenCC ``config``) gets its units' ids and kinds and its sections."""
    import opencc

    first = load_case(case)
    if first is None:
        return
    converter = opencc.OpenCC(config)  # a NUL ends its C string: convert what lies between them
    twin = load_case(Case("\x00".join(map(converter.convert, case.text.split("\x00"))), case.encoding, case.format))
    assert twin is not None, "the Traditional twin is refused"
    STATS["traditional twins"] += 1

    def shape(o: Outline) -> tuple[list[tuple[str, str, str]], list[str]]:
        return [(u.id, u.kind, u.section) for u in o.units], [s.id for s in o.document.walk()]

    assert shape(twin) == shape(first), "the Traditional twin outlines differently"


def _self_failures(result: Comparison, outline: Outline) -> list[tuple[str, str | None, float, str, bool]]:
    """Recommendations not covered by their own document.

    A unit drawn from one paragraph always finds itself. One that joins several paragraphs (an item and
    the paragraphs that continue it) is compared clause by clause; a paragraph that holds nothing but a
    marker, or runs on without punctuation into a differently numbered one, may leave a clause whose
    words straddle two target paragraphs: such units (the last field is True) may fall below 100.
    """
    blocks = [b.text for b in outline.document.blocks] + [
        b.text for s in outline.document.walk() for b in s.blocks]
    return [(v.unit.id, v.status, v.score, v.unit.text, not any(v.unit.text in b for b in blocks))
            for v in result.targets[0].verdicts if v.status not in (None, "covered")]


def check_append(case: Case) -> None:
    """Appending an unrelated closing paragraph keeps the id of every unit outside the last section.

    Levels and headings are inferred from the whole document, so two inputs are out of scope: a document
    whose last paragraph is numbered (whether that style titles sections or numbers a list is judged by
    what follows it) and plain text, whose paragraphs are rejoined by the width it was wrapped at (a
    statistic over every line).
    """
    if case.format == "txt" or _ends_on_marker(case):
        return
    before = load_case(case)
    if before is None:
        return
    sep = "\n\n" if case.text.endswith(("\n", "\r")) else "\n\n\n"
    after = load_case(Case(case.text + sep + UNRELATED + "\n", case.encoding, case.format))
    if after is None:
        # binary or not is judged on the whole file: a few bytes with control characters (a NUL that may
        # be UTF-16's) can pass, the same with more text may not; nor is text holding unassigned code points
        # (no real document does) bound to be read the same way once Chinese follows it
        assert any(c in CONTROL or "\x80" <= c <= "\x9f" or unicodedata.category(c) in ("Cn", "Co", "Cs")
                   for c in case.text), "appending made it unreadable"
        return
    STATS["appended"] += 1
    last = _last_top_section(before)
    kept = [(u.id, u.text) for u in before.units if not _under(u.section, last)]
    now = {(u.id, u.text) for u in after.units}
    lost = [pair for pair in kept if pair not in now]
    assert not lost, f"appending a paragraph changed earlier ids: {lost}"


def _ends_on_marker(case: Case) -> bool:
    """Whether the document's last paragraph (as the outline joins lines) opens with a numbering marker."""
    from policydiff.clean import clean
    from policydiff.outline import _paragraphs

    data = _as_html(case.text).encode("utf-8") if case.format == "html" else case.data()
    try:
        text = clean(read_bytes(data, origin="fuzz", format=case.format))
    except PolicydiffError:
        return False
    paragraphs = _paragraphs(text.lines, text.format)
    return bool(paragraphs) and paragraphs[-1].marker is not None


def _last_top_section(outline: Outline) -> str | None:
    sections = outline.document.sections
    return sections[-1].id if sections else None


def _under(section: str, top: str | None) -> bool:
    if top is None:
        return True  # no sections: the paragraph joins the front matter
    return section == top or section.startswith(top + ".")


# --- bytes: the readers on damaged files ------------------------------------------------------------

FIXTURES = Path(__file__).resolve().parent / "read" / "fixtures"
SEEDS: tuple[tuple[str, str], ...] = (
    ("sample.docx", "docx"), ("english.pdf", "pdf"), ("cjk.pdf", "pdf"), ("open-encrypted.pdf", "pdf"),
)


def seed_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@st.composite
def damaged_files(draw: st.DrawFn) -> tuple[bytes, str | None]:
    """A real .docx or PDF with bytes overwritten, a slice cut out or its end cut off; read as its own format
    or sniffed."""
    name, fmt = draw(st.sampled_from(SEEDS))
    data = bytearray(seed_bytes(name))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data) - 1))
        data[at] = draw(st.integers(0, 255))
    if draw(st.booleans()):
        start = draw(st.integers(0, len(data) - 1))
        del data[start : start + draw(st.integers(1, 4096))]
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return bytes(data), draw(st.sampled_from((fmt, None)))


raw_bytes = st.tuples(
    st.one_of(
        st.binary(max_size=2048),
        st.binary(max_size=512).map(lambda b: b"PK\x03\x04" + b),
        st.binary(max_size=512).map(lambda b: b"%PDF-1.7\n" + b),
        st.binary(max_size=512).map(lambda b: b"<!DOCTYPE html><html>" + b),
    ),
    st.sampled_from((None, "txt", "md", "html", "docx", "pdf")),
)
"""Arbitrary bytes, some behind a zip, PDF or HTML signature, read sniffed or as a given format."""

_TAGS = ("p", "div", "h1", "h2", "h3", "li", "ul", "table", "tr", "td", "script", "style", "nav", "br", "span",
         "article", "main", "header", "footer", "noscript", "template", "iframe", "pre", "a")
html_pages = st.lists(
    st.one_of(
        st.sampled_from(_TAGS).map(lambda t: f"<{t}>"),
        st.sampled_from(_TAGS).map(lambda t: f"</{t}>"),
        bodies,
        st.sampled_from(("<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#x4e00;", "&#0;", "&bogus;", "<meta charset=gbk>",
                         '<a href="javascript:alert(1)">', "<img src=x onerror=alert(1)>", "<?xml?>", "<!DOCTYPE html>")),
    ),
    max_size=60,
).map("".join)
"""Tag soup: unclosed and stray tags, scripts, comments, entities, charsets, payloads."""


def check_bytes(data: bytes, fmt: str | None, origin: str = "fuzz") -> Outline | None:
    """Read arbitrary bytes: a documented error or an outline with unique ids, nothing else."""
    STATS["files"] += 1
    try:
        text = read_bytes(data, origin=origin, format=fmt)
    except PolicydiffError:
        STATS["files refused"] += 1
        return None
    outline = outline_text(text)
    check_ids(outline)
    json.loads(json_format.format_outline(outline))
    return outline
