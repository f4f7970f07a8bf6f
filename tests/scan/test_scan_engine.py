"""scan's fast path gives exactly compare's verdicts and scores: samples, real documents, a generated corpus."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policydiff import api
from policydiff.align import compare_target
from policydiff.models import Options, Outline
from policydiff.normalize import fold, terms
from policydiff.read import read_path
from policydiff.scan import kernel
from policydiff.scan.engine import Prepared, document_of
from policydiff.scan.kernel import Target, _key

from .helpers import EN_REFERENCE, PAPER, SAMPLES, bench_module

SAMPLE_TARGETS = sorted(p for p in SAMPLES.iterdir() if p.is_file())
OPTIONS = (Options(), Options(covered=50.0, partial=20.0), Options(script="keep"))


def expected(ref: Outline, target: Outline, options: Options) -> list[tuple[str | None, float, bool]]:
    result = compare_target(ref, target, options)
    return [(v.status, v.score, v.moved) for v in result.verdicts if v.status is not None]


def fast(prepared: Prepared, target: Outline) -> list[tuple[str | None, float, bool]]:
    return [(v.status, v.score, v.moved) for v in prepared.score(target.document)]


def check_all(reference: Path, targets: list[Path], options: Options | None = None) -> int:
    options = options or Options()
    ref = api.load(str(reference))
    prepared = Prepared(ref, options)
    checked = 0
    for path in targets:
        target = api.load(str(path))
        assert fast(prepared, target) == expected(ref, target, options), path
        checked += 1
    return checked


@pytest.mark.parametrize("options", OPTIONS, ids=["defaults", "thresholds", "keep-script"])
@pytest.mark.parametrize("reference", [PAPER, EN_REFERENCE], ids=["paper", "en"])
def test_same_verdicts_as_compare_on_the_samples(reference: Path, options: Options) -> None:
    assert check_all(reference, SAMPLE_TARGETS, options) == len(SAMPLE_TARGETS)


@pytest.mark.shared
@pytest.mark.parametrize("reference", ["paper", "en", "law"])
def test_same_verdicts_as_compare_on_real_documents(shared: Path, reference: str) -> None:
    real = sorted(p for p in (shared / "corpus" / "real").iterdir() if p.suffix == ".txt")
    dev = sorted((shared / "eval" / "dev").glob("*.md")) + sorted((shared / "eval" / "dev").glob("*.txt"))
    ref = {"paper": PAPER, "en": shared / "eval" / "dev" / "en2-reference.md",
           "law": shared / "corpus" / "real" / "05-cn-guangdong-pingan-jianshe-tiaoli-2021.txt"}[reference]
    assert check_all(ref, [*real, *dev, *SAMPLE_TARGETS]) == len(real) + len(dev) + len(SAMPLE_TARGETS)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """40 documents of the benchmark's generator: paraphrased, shuffled, padded sample text."""
    folder = tmp_path_factory.mktemp("generated")
    return bench_module().Generator(seed=60).write(folder, 40, 4000)  # type: ignore[no-any-return]


@pytest.mark.parametrize("reference", [PAPER, EN_REFERENCE], ids=["paper", "en"])
def test_same_verdicts_as_compare_on_a_generated_corpus(generated: list[Path], reference: Path) -> None:
    assert check_all(reference, generated) == len(generated)


def test_the_exact_path_for_near_ties_gives_the_same(generated: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # every clause counts as a near tie: align._place's order-dependent tie rule, literally
    monkeypatch.setattr(kernel, "_NEAR", 1.0)
    calls = 0
    exact = Target._clause_exact

    def counted(self: Target, *args: object) -> dict[str, float]:
        nonlocal calls
        calls += 1
        return exact(self, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(Target, "_clause_exact", counted)
    assert check_all(PAPER, [*generated[:8], SAMPLES / "zh-county-plan.md"]) == 9
    assert calls > 0


def test_a_huge_document_is_scored_in_pieces_with_the_same_result(generated: list[Path],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    # the pieces a huge document is cut into (text searched, window entries scored) made tiny
    monkeypatch.setattr(kernel, "_CHUNK_TEXT", 50)
    monkeypatch.setattr(kernel, "_CHUNK", 7)
    assert check_all(PAPER, [*generated[:6], SAMPLES / "zh-county-plan.md"]) == 7
    assert check_all(EN_REFERENCE, [*generated[:2], SAMPLES / "en-target.md"]) == 3


def test_sums_as_python_sums_them_on_every_version(generated: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    # Python 3.12's sum compensates rounding errors: there scan sums with sum itself, as here when forced
    monkeypatch.setattr(kernel, "_SUM_ADDS_IN_ORDER", False)
    assert check_all(PAPER, [*generated[:6], SAMPLES / "zh-county-plan.md"]) == 7
    assert check_all(EN_REFERENCE, [*generated[:2], SAMPLES / "en-target.md"]) == 3


def test_document_of_is_the_outline_compare_uses() -> None:
    for path in SAMPLE_TARGETS:
        text = read_path(str(path))
        assert document_of(text) == api.outline_text(text).document


_PAPER_CHARS = sorted(set(PAPER.read_text(encoding="utf-8")) - set("\n"))
text_strategy = st.text(
    alphabet=st.one_of(st.sampled_from(_PAPER_CHARS), st.sampled_from(list("abcdefghij ABC.,;:!?0123①（一）一是、")),
                       st.characters()),
    max_size=80,
)


@settings(max_examples=300, deadline=None)
@given(text_strategy)
def test_fold_quick_check_changes_nothing(text: str) -> None:
    """fold skips NFKC when the quick check says the text is normalized: same result as always applying it."""
    always = unicodedata.normalize("NFKC", text).lower()
    always = always if always.isprintable() else "".join(ch for ch in always if ch.isprintable() or ch in "\n\t")
    assert fold(text) == always


MARKERS = ("（一）", "(二)", "一、", "1.", "1、", "（1）", "(2)", "1）", "①", "一是", "二是", "第三条", "第一章", "**1.1**",
           "1.1", "# ", "- ", "• ", "首先，", "Recommendation 4:", "Section 3")
sentence_strategy = st.builds(
    lambda lead, body, inner, tail: "".join(lead) + body + (" " + inner + tail if inner else ""),
    st.lists(st.sampled_from(MARKERS), max_size=3),
    text_strategy,
    st.one_of(st.just(""), st.sampled_from(MARKERS)),
    text_strategy,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(sentence_strategy, min_size=1, max_size=6))
def test_a_sentence_holds_the_reference_terms_that_terms_finds(sentences: list[str]) -> None:
    from policydiff.match import target_sentences
    from policydiff.models import Block, Document

    side = _paper_side()
    vocab = set(side.vocabulary)
    body = "。".join(s.replace("\n", " ") for s in sentences) + "。"
    document = Document("t", "t", "txt", None, "", blocks=(Block(body, 1),))
    target = Target(document, side)
    for i, s in enumerate(target_sentences(document)):
        want = {_key(t) for t in terms(s.text)} & vocab
        got = {t for t, where in target.where.items() if i in where}
        assert got == want, s.text


_SIDE: list[object] = []


def _paper_side() -> kernel.Side:
    if not _SIDE:
        _SIDE.append(Prepared(api.load(str(PAPER))).side(False))
    return _SIDE[0]  # type: ignore[return-value]


_WORDS = ["gps", "qq", "110", "7", "24", "agps", "gpsx", "gps-based", "anti-gps", "qq's", "x'qq", "7-24", "1100", "2-7",
          "-", "'", " ", ".", "警务", "a", "--gps", "7'", "'7"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=12).map("".join), min_size=1, max_size=4))
def test_the_few_english_words_of_a_chinese_reference_are_found_as_by_cutting_every_word(
        sentences: list[str], ) -> None:
    """With a Chinese reference (English terms 7, 110, 24, gps, qq), scan looks for those words instead of
    cutting the text into words: it finds the same words at the same places, not the tail of a longer one."""
    from policydiff.models import Block, Document

    side = _paper_side()
    assert side.word_starts is not None
    document = Document("t", "t", "txt", None, "", blocks=(Block("。".join(sentences) + "。", 1),))
    quick = Target(document, side)
    saved, side.word_starts = side.word_starts, None
    try:
        full = Target(document, side)
    finally:
        side.word_starts = saved
    assert quick.term.tolist() == full.term.tolist()
    assert quick.sentence.tolist() == full.sentence.tolist()


def test_spelling_variants_count_as_compare_counts_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref_path = tmp_path / "ref.md"
    ref_path.write_text("# Plan\n\n## 1. Neighbourhoods\n\n**1.1** Councils should fund neighbourhood organisations "
                        "and train their co-ordinators every year.\n\n**1.2** Libraries should lend laptops.\n",
                        encoding="utf-8")
    target_path = tmp_path / "target.md"
    target_path.write_text("# Draft\n\n## A. Places\n\nWe will fund neighborhood organizations. Coordinators get "
                           "training.\n\n## B. Devices\n\nThe library lends laptops.\n", encoding="utf-8")
    ref = api.load(str(ref_path))
    prepared = Prepared(ref)
    target = api.load(str(target_path))
    hits: list[object] = []
    variant = Target.variant

    def spy(self: Target, term: str) -> object:
        got = variant(self, term)
        hits.append(got)
        return got

    monkeypatch.setattr(Target, "variant", spy)
    assert fast(prepared, target) == expected(ref, target, Options())
    assert any(h is not None for h in hits)


EVAL_EN = Path(__file__).resolve().parents[2] / "eval" / "en"


def _eval_targets() -> list[Path]:
    return sorted(p for p in EVAL_EN.iterdir() if p.suffix in {".md", ".txt", ".html", ".docx"} and
                  not p.name.startswith("ref-"))


def test_negated_sentences_count_as_compare_counts_them(monkeypatch: pytest.MonkeyPatch) -> None:
    # inspection reports and annual reports say what is *not* done ('The force does not publish …'): those
    # sentences are no evidence for a recommendation, in scan as in compare — the fast path and the exact one
    reference = EVAL_EN / "ref-school-attendance.md"
    targets = _eval_targets()
    assert check_all(reference, targets) == len(targets)
    monkeypatch.setattr(kernel, "_NEAR", 1.0)
    assert check_all(reference, targets[:4]) == 4
