"""units on the paper: the 28 gold recommendations are recommendation units, section 一 is context."""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from typing import Any

import pytest
from conftest import PAPER, SHARED, load_text, make_text, shared_only

from policydiff.api import outline_text
from policydiff.models import Outline, Unit

# --- the 4-gram overlap of ../shared/eval/score.py's map_tool_units, reimplemented ---------------------


def _norm(s: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", s)).lower()


def grams(s: str, n: int = 4) -> Counter[str]:
    s = _norm(s)
    return Counter(s[i : i + n] for i in range(max(0, len(s) - n + 1))) if len(s) >= n else Counter([s])


def overlap(tool_text: str, gold_text: str) -> float:
    """Share of the tool unit's 4-grams found in the gold unit (what map_tool_units compares to 0.5)."""
    tg = grams(tool_text)
    return sum((tg & grams(gold_text)).values()) / (sum(tg.values()) or 1)


@pytest.fixture(scope="module")
def result() -> Outline:
    return outline_text(load_text(PAPER))


@pytest.fixture(scope="module")
def gold_recommendations() -> list[dict[str, Any]]:
    if not SHARED.is_dir():
        pytest.skip("../shared is absent")
    gold = json.loads((SHARED / "eval" / "seed-gold.json").read_text(encoding="utf-8"))
    recs = [u for u in gold["units"] if u["kind"] == "recommendation"]
    assert len(recs) == 28
    return recs


# --- the paper against the gold ------------------------------------------------------------------


@shared_only
def test_every_gold_recommendation_lies_in_recommendation_units(
    result: Outline, gold_recommendations: list[dict[str, Any]]
) -> None:
    for g in gold_recommendations:
        overlapping = [u for u in result.units if overlap(u.text, g["text"]) >= 0.5]
        assert overlapping, f"gold {g['id']} has no tool unit"
        assert all(u.kind == "recommendation" for u in overlapping), (g["id"], [u.id for u in overlapping])


@shared_only
def test_every_gold_recommendation_is_covered_by_recommendation_units(
    result: Outline, gold_recommendations: list[dict[str, Any]]
) -> None:
    recommendation_units = [grams(u.text) for u in result.units if u.kind == "recommendation"]
    for g in gold_recommendations:
        gg = grams(g["text"])
        covered: Counter[str] = Counter()
        for tg in recommendation_units:
            covered |= tg & gg
        assert sum(covered.values()) / sum(gg.values()) >= 0.9, g["id"]


@shared_only
def test_no_unit_spans_two_gold_recommendations(result: Outline, gold_recommendations: list[dict[str, Any]]) -> None:
    for u in result.units:
        hits = [g["id"] for g in gold_recommendations if overlap(u.text, g["text"]) >= 0.5]
        assert len(hits) <= 1, (u.id, hits)


@shared_only
def test_gold_context_units_are_context(result: Outline) -> None:
    gold = json.loads((SHARED / "eval" / "seed-gold.json").read_text(encoding="utf-8"))
    for g in (u for u in gold["units"] if u["kind"] == "context"):
        overlapping = [u for u in result.units if overlap(u.text, g["text"]) >= 0.5]
        assert overlapping and all(u.kind == "context" for u in overlapping), g["id"]


# --- the paper on its own (runs on any clone) ------------------------------------------------------


def test_section_yi_is_all_context(result: Outline) -> None:
    first = [u for u in result.units if u.section == "1" or u.section.startswith("1.")]
    assert len(first) >= 4
    assert all(u.kind == "context" for u in first)


def test_front_matter_is_context(result: Outline) -> None:
    front = result.units_of("")
    assert len(front) == 1 and front[0].kind == "context"
    assert front[0].text.startswith("社会管理创新,是从维护社会稳定")


def test_enumerated_items_of_section_three_have_path_ids(result: Outline) -> None:
    items = [u for u in result.units if u.marker in ("一是", "二是", "三是") and u.section.startswith("3.")]
    assert [u.id for u in items] == [
        "3.1.1", "3.1.2", "3.1.3", "3.2.1", "3.2.2", "3.2.3", "3.3.1", "3.3.2", "3.3.3",
        "3.4.1", "3.4.2", "3.4.3", "3.5.1", "3.5.2", "3.5.3", "3.6.1", "3.6.2", "3.6.3",
    ]
    assert all(u.kind == "recommendation" for u in items)
    assert [u.text[:10] for u in items[:3]] == ["一是创新常住人口管理", "二是创新重点人员分类", "三是创新流动人口管理"]


def test_lead_in_of_san_er_is_its_own_context_unit(result: Outline) -> None:
    lead = next(u for u in result.units if u.id == "3.2.0")
    assert lead.kind == "context" and lead.section == "3.2"
    assert lead.text.startswith("以“平安创建”活动为载体")


def test_wrapped_item_keeps_its_lines(result: Outline) -> None:
    first = next(u for u in result.units if u.id == "3.3.1")
    second = next(u for u in result.units if u.id == "3.3.2")
    assert "针对城乡结合部、城中村等重点部位" in first.text
    assert (first.line, second.line) == (85, 87)


def test_ids_unique_and_sections_exist(result: Outline) -> None:
    ids = [u.id for u in result.units]
    assert len(ids) == len(set(ids))
    sections = {s.id for s in result.document.walk()}
    assert all(u.section in sections or u.section == "" for u in result.units)


def test_no_unit_is_page_chrome(result: Outline) -> None:
    for u in result.units:
        assert "雨月范文网" not in u.text and "推荐访问" not in u.text and "范文大全" not in u.text


def test_units_are_deterministic() -> None:
    a = outline_text(load_text(PAPER)).units
    b = outline_text(load_text(PAPER)).units
    assert a == b


def test_ids_do_not_move_when_unrelated_text_changes() -> None:
    """Users put unit ids in config files: editing one section must not renumber another."""
    source = PAPER.read_text(encoding="utf-8")
    edited = source.replace("公安机关是党委政府联系群众的桥梁和纽带。", "公安机关是党委政府联系群众的桥梁和纽带，也是窗口。")
    assert edited != source

    def ids(units: tuple[Unit, ...]) -> dict[str, str]:
        return {u.id: u.text for u in units if u.section.startswith(("2", "3"))}

    assert ids(outline_text(make_text(source)).units) == ids(outline_text(make_text(edited)).units)


# --- what the fuzz job found: a unit must find itself in its own document ------------------------------


def _self_scores(text: str, fmt: str = "txt") -> dict[str, tuple[str, float]]:
    from policydiff.align import compare

    outline = outline_text(make_text(text, fmt))
    result = compare(outline, [outline])
    return {v.unit.id: (v.status or "", v.score) for v in result.targets[0].verdicts if v.status is not None}


@pytest.mark.parametrize("text", [
    "1）加强\n一、\n",  # two paragraphs joined without punctuation ran '强一' together
    "1）加强网格\n\n（1）建立治安平台。\n",  # the inner marker's number was a term the target strips
    "一、加强。\n（一）\n（十一）\n",  # markers in a row
    "We should publish data 。0、\n",  # a marker after 。 in a unit without ideographs
    "1. Use the data\n\n2.3 Build the platform\n",
])
def test_a_unit_that_joins_paragraphs_covers_itself(text: str) -> None:
    scores = _self_scores(text)
    assert scores and all(status == "covered" for status, _ in scores.values()), scores


def test_paragraphs_of_one_unit_are_not_run_together() -> None:
    outline = outline_text(make_text("1）加强网格\n建设平台\n\n（2）完善机制\n", "md"))
    assert [u.text for u in outline.units] == ["1）加强网格建设平台 （2）完善机制"]


@pytest.mark.parametrize("text", ["一、should\n", "要。\n", "1.\n"])
def test_a_unit_without_any_term_to_look_for_is_context(text: str) -> None:
    outline = outline_text(make_text(text))
    assert outline.units and all(u.kind == "context" for u in outline.units)


def test_a_runaway_unit_has_a_bounded_number_of_clauses() -> None:
    from policydiff.normalize import MAX_CLAUSES, clauses

    text = "加强社会治安防控体系建设，" * 5000
    parts = clauses(text)
    assert len(parts) <= MAX_CLAUSES
    assert "".join(parts).replace(" ", "") == text.rstrip("，").replace("，", "")
    assert len(clauses("加强社会治安防控，完善网格化管理，推进矛盾化解。")) == 3  # ordinary units are untouched
