"""Properties of the comparison a user relies on, on the shipped samples."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from policydiff.align import calibrate, compare, compare_target, status_for
from policydiff.api import load, outline_text
from policydiff.errors import UsageError
from policydiff.models import Line, Options, Text

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
PAPER = str(SAMPLES / "paper-zh.txt")


def _text(content: str, name: str = "doc.md") -> Text:
    lines = tuple(Line(s, i + 1) for i, s in enumerate(content.split("\n")))
    return Text(lines, name, "md", "utf-8", "0" * 64)


@pytest.fixture(scope="module")
def paper():
    return load(PAPER)


def test_self_comparison_scores_100_everywhere(paper):
    result = compare_target(paper, paper)
    judged = [v for v in result.verdicts if v.status is not None]
    assert judged and all(v.status == "covered" and v.score == 100.0 for v in judged)
    assert result.percent == 100.0


def test_english_self_comparison_is_100(paper):
    ref = load(str(SAMPLES / "en-reference.md"))
    assert compare_target(ref, ref).percent == 100.0


def test_unrelated_document_covers_nothing(paper):
    result = compare_target(paper, load(str(SAMPLES / "zh-unrelated.md")))
    assert result.count("covered") == 0
    assert result.percent < 10


def test_reformatted_paper_is_fully_covered(paper):
    """The paper's own text re-laid out as Markdown (headings, one sentence per line) is covered."""
    md: list[str] = [f"# {paper.document.title}"]
    for s in paper.document.walk():
        md.append("#" * (s.level + 1) + f" {s.number}{s.title}")
        for u in paper.units_of(s.id):
            md.extend(["", *u.text.replace("。", "。\n").split("\n")])
    result = compare_target(paper, outline_text(_text("\n".join(md))))
    assert result.count("covered") == result.judged


def test_target_order_does_not_change_a_targets_result(paper):
    a = load(str(SAMPLES / "zh-county-plan.md"))
    b = load(str(SAMPLES / "zh-unrelated.md"))
    first = compare(paper, [a, b]).targets[0]
    second = compare(paper, [b, a]).targets[1]
    assert [(v.unit.id, v.status, v.score) for v in first.verdicts] == [
        (v.unit.id, v.status, v.score) for v in second.verdicts
    ]


def test_shuffling_target_sections_keeps_verdicts(paper):
    source = (SAMPLES / "zh-county-plan.md").read_text(encoding="utf-8")
    head, *chunks = source.split("\n## ")
    shuffled = chunks[:]
    random.Random(7).shuffle(shuffled)
    assert shuffled != chunks
    original = compare_target(paper, outline_text(_text(source)))
    moved = compare_target(paper, outline_text(_text("\n## ".join([head, *shuffled]))))
    assert {v.unit.id: v.status for v in original.verdicts} == {v.unit.id: v.status for v in moved.verdicts}


def test_evidence_points_at_real_target_lines(paper):
    target = load(str(SAMPLES / "zh-county-plan.md"))
    lines = (SAMPLES / "zh-county-plan.md").read_text(encoding="utf-8").split("\n")
    result = compare_target(paper, target)
    covered = [v for v in result.verdicts if v.status == "covered"]
    assert covered
    for v in covered:
        for e in v.evidence:
            assert e.text[:4] in lines[e.line - 1] or e.text[:4] in "".join(lines[e.line - 1 : e.line + 3])


def test_partial_verdicts_name_the_missing_clauses(paper):
    result = compare_target(paper, load(str(SAMPLES / "zh-county-plan.md")))
    partial = [v for v in result.verdicts if v.status == "partial"]
    assert partial
    assert all(v.missing_clauses for v in partial)


def test_thresholds_change_verdicts(paper):
    target = load(str(SAMPLES / "zh-county-plan.md"))
    strict = compare_target(paper, target, Options(covered=95, partial=90))
    lenient = compare_target(paper, target, Options(covered=10, partial=5))
    assert strict.count("covered") < lenient.count("covered")


def test_reference_without_recommendations_is_an_error():
    ref = outline_text(_text("# Notes\n\nThe weather was fine on Tuesday.\n"))
    with pytest.raises(UsageError, match="no recommendations"):
        compare_target(ref, ref)


@pytest.mark.parametrize("script", ["cjk", "latin"])
def test_calibration_is_monotonic_and_anchored(script):
    values = [calibrate(x / 100, script) for x in range(101)]
    assert values == sorted(values)
    assert values[0] == 0.0 and values[-1] == 100.0


def test_status_for_uses_the_options():
    opts = Options(covered=70, partial=40)
    assert [status_for(s, opts) for s in (39.9, 40, 69.9, 70)] == ["missing", "partial", "partial", "covered"]


def test_evidence_text_is_cut_and_its_lines_give_the_whole_span(paper):
    """A sentence without full stops can be megabytes long: every unit's evidence copied it whole."""
    from policydiff.align import EVIDENCE_CHARS

    run_on = "\n".join(["加强流动人口管理，建立健全信息采集机制，做好出租房屋管理"] * 400)  # one sentence over 400 lines
    target = outline_text(_text(f"# 方案\n\n{run_on}\n"))
    evidence = [e for v in compare_target(paper, target).verdicts for e in v.evidence]
    assert evidence
    for e in evidence:
        assert len(e.text) == EVIDENCE_CHARS and e.text.endswith("…")
        assert (e.line, e.end_line) == (3, 402)
    short = [e for v in compare_target(paper, load(str(SAMPLES / "zh-county-plan.md"))).verdicts for e in v.evidence]
    assert all(not e.text.endswith("…") and e.end_line >= e.line for e in short)


@pytest.mark.parametrize("name", ["zh-county-plan.md", "zh-city-notice.txt", "zh-bureau-page.html"])
def test_numbers_beside_a_verdict_are_the_ones_that_decided(paper, name):
    """A clause 'not found' shows the score it got in the section that carries the verdict (below covered);
    evidence is listed best first, and windows of the same paragraph sharing a sentence are shown once."""
    result = compare_target(paper, load(str(SAMPLES / name)))
    options = Options()
    for v in result.verdicts:
        for cl in v.clauses:
            assert cl.found == (cl.score >= options.covered), (v.unit.id, cl)
        scores = [e.score for e in v.evidence]
        assert scores == sorted(scores, reverse=True), v.unit.id
        for i, a in enumerate(v.evidence):
            for b in v.evidence[i + 1 :]:
                shared = {s for s in a.text.split("。") if s} & {s for s in b.text.split("。") if s}
                assert a.line != b.line or not shared, (v.unit.id, a.text, b.text)
