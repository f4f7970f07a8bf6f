"""Matching: terms, clauses, weights and the evidence a user reads."""

from __future__ import annotations

import pytest

from policydiff import match
from policydiff.align import compare_target
from policydiff.api import outline_text
from policydiff.match import Index, score_unit, shared_terms
from policydiff.models import Line, Text
from policydiff.normalize import clauses, negated, stem, terms


def _outline(content: str, name: str = "doc.md"):
    lines = tuple(Line(s, i + 1) for i, s in enumerate(content.split("\n")))
    return outline_text(Text(lines, name, "md", "utf-8", "0" * 64))


REFERENCE_EN = """# Better neighbourhood services

## 1. Organisation

**1.1** The council should appoint a neighbourhood co-ordinator for every ward and publish their contact details.

**1.2** The council should fund a programme of free swimming lessons for children.
"""

TARGET_US = """# Neighborhood plan

## Staffing

Every ward will get its own neighborhood coordinator, and the coordinator's contact details will be published online.
"""


def test_chinese_terms_are_character_ngrams_without_numbering():
    ts = terms("一是建立网评队伍。")
    assert {"b:网评", "t:网评队"} <= set(ts)
    assert not any("一是" in t for t in ts)


def test_english_terms_are_stems_and_function_words_are_dropped():
    ts = terms("Forces should record abstractions of officers")
    assert "e:abstract" in ts and "e:offic" in ts
    assert "e:should" not in ts and "e:of" not in ts
    assert stem("abstracted") == stem("abstraction") == "abstract"


def test_clauses_split_chinese_at_commas_and_english_at_sentences():
    assert clauses("一是加强网上信息监控。开展网上巡查处置,防止有害信息传播蔓延。") == [
        "加强网上信息监控",
        "开展网上巡查处置",
        "防止有害信息传播蔓延",
    ]
    assert len(clauses("Forces should do this, and that. They should report it.")) == 3


def test_spelling_variants_count_as_the_same_word():
    result = compare_target(_outline(REFERENCE_EN), _outline(TARGET_US))
    status = {v.unit.id: v.status for v in result.verdicts if v.status}
    assert status["1.1"] == "covered"
    assert status["1.2"] == "missing"


def test_shared_terms_read_as_the_target_spells_them():
    ref = _outline("# 参考\n\n## 一、措施\n\n一是建立专兼职舆情导控人员和网评队伍。\n")
    target = _outline("# 方案\n\n## 一、网上工作\n\n组建网评队伍，加强舆情导控。\n")
    unit = next(u for u in ref.units if u.kind == "recommendation")
    index = Index([u.text for u in ref.units], target.document)
    scored = score_unit(unit, index)
    clause = scored.clauses[0]
    best, _ = clause.best()
    assert best is not None
    shared = shared_terms(clause, best, index)
    assert "网评队伍" in shared and "舆情导控" in shared
    assert all(term in index.passages[best].text for term in shared)


def test_repeated_windows_are_indexed_once_and_change_no_verdict(monkeypatch):
    ref = _outline("# 参考\n\n## 一、措施\n\n一是建立专兼职舆情导控人员和网评队伍，开展消防宣传。\n")
    sentence = "组建网评队伍，加强舆情导控。"
    huge = _outline(f"# 方案\n\n## 一、网上工作\n\n{sentence * 5000}\n")
    # the section title, then the windows of 1, 2 and 3 copies
    assert len(Index([u.text for u in ref.units], huge.document).passages) == 4

    # 二 holds a copy of a sentence of 一: in 二, it is still evidence (with the paragraph after it)
    target = _outline(f"# 方案\n\n## 一、网上工作\n\n前言。{sentence * 20}\n\n## 二、其他\n\n{sentence}\n\n开展消防宣传。\n")

    def verdicts():
        return [(v.unit.id, v.status, v.score, v.moved, [(e.section, e.line, e.score, e.shared) for e in v.evidence])
                for v in compare_target(ref, target).verdicts]

    deduplicated = verdicts()
    assert deduplicated[0][1] == "covered"

    def every_window(sents):
        return [match.Passage(match._join(x.text for x in sents[i : i + n]), s.section, s.line, i, n,
                              sents[i + n - 1].end_line)
                for i, s in enumerate(sents) for n in range(1, match.WINDOW + 1)
                if i + n <= len(sents) and all(x.block == s.block for x in sents[i : i + n])]

    monkeypatch.setattr(match, "make_passages", every_window)
    assert verdicts() == deduplicated


def test_a_table_row_is_a_sentence_never_part_of_one_running_over_the_table():
    """A Markdown table is one paragraph; without 。 in its cells it was one sentence, so that one passage
    (and every evidence) was the whole table. Its rows are sentences, each on its own source line."""
    rows = "\n".join(f"| {i} | 加强第{i}项治安防控工作 | 县公安局 |" for i in range(1, 6))
    doc = _outline("# 表\n\n前言一句话\n引言第二行。\n| 序号 | 事项 | 单位 |\n|---|---|---|\n" + rows + "\n结语一行")
    sents = match.target_sentences(doc.document)
    assert [(s.text, s.line) for s in sents] == [
        ("前言一句话引言第二行。", 3), ("| 序号 | 事项 | 单位 |", 5), ("|---|---|---|", 6),
        *((f"| {i} | 加强第{i}项治安防控工作 | 县公安局 |", 6 + i) for i in range(1, 6)), ("结语一行", 12)]
    assert max(len(p.text) for p in match.make_passages(sents)) < 3 * 30


def test_line_at_finds_the_source_line_of_any_offset():
    from policydiff.models import Block

    block = Block("a" * 100, 7, ((10, 8), (25, 9), (60, 12)))
    expected = [7] * 10 + [8] * 15 + [9] * 35 + [12] * 40
    assert [block.line_at(k) for k in range(100)] == expected
    assert Block("abc", 3).line_at(2) == 3


@pytest.mark.parametrize("sentence, denies", [
    ("The force does not publish crime data for neighbourhoods.", True),
    ("There is no training for officers joining neighbourhood teams.", True),
    ("Schools do not, as a matter of routine, contact parents on the first day.", True),
    ("We decided we would never charge for the service.", True),
    ("The scheme won't continue after March.", True),
    ("Outreach reaches people who do not use the internet.", False),  # about someone else
    ("Pupils who cannot attend because of illness are taught at home.", False),
    ("No charge will be made for loans.", False),  # a commitment, worded with 'no'
    ("社区民警不得擅自离岗。", False),  # Chinese is never judged negated
])
def test_negated_sentences(sentence, denies):
    assert negated(sentence) is denies


INSPECTED = """# Inspection of Fenmoor

## Findings

The force does not publish crime and outcome data for each neighbourhood every month.

Every ward has a named contact whose details the force publishes online.
"""


def test_a_sentence_that_denies_the_measure_is_no_evidence_for_it():
    ref = _outline(REFERENCE_EN.replace("fund a programme of free swimming lessons for children",
                                        "publish crime and outcome data for each neighbourhood every month"))
    denied = {v.unit.id: v for v in compare_target(ref, _outline(INSPECTED)).verdicts if v.status}["1.2"]
    # only the other paragraph's 'publishes' counts
    assert denied.status == "missing" and all("does not" not in e.text for e in denied.evidence)
    # worded as a commitment, the same sentence covers it
    status = {v.unit.id: v.status for v in compare_target(ref, _outline(INSPECTED.replace("does not publish",
                                                                                          "publishes"))).verdicts}
    assert status["1.2"] == "covered"
    # and a negated recommendation is matched by a negated sentence: a document compared with itself is 100 %
    own = _outline(REFERENCE_EN + "\n**1.3** The council should ensure that wardens do not patrol alone at night.\n")
    assert negated(own.units[-1].text)
    assert {v.score for v in compare_target(own, own).verdicts if v.status} == {100.0}
