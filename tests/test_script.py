"""Traditional and Simplified Chinese compare as one script (issue #8)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from conftest import PAPER, SAMPLES, make_text, read_document, shared_only

from policydiff.align import compare_target
from policydiff.api import load, outline_text
from policydiff.cli import cli
from policydiff.models import Options
from policydiff.script import detect, to_simplified

SIMPLIFIED_TARGET = SAMPLES / "zh-county-plan.md"
TRADITIONAL_TARGET = SAMPLES / "zh-county-plan-traditional.md"  # made by scripts/make_samples.py


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("关于加强社会治安防控体系建设的意见", "simplified"),
        ("關於加強社會治安防控體系建設的意見", "traditional"),
        ("中共中央辦公廳和国务院办公厅联合印发", "mixed"),
        ("Recommendations for neighbourhood policing", "none"),
        ("公安机关", "simplified"),  # no character tells the scripts apart: the common case
    ],
)
def test_detect(text: str, script: str) -> None:
    assert detect(text) == script


def test_conversion_is_phrase_level() -> None:
    assert to_simplified("資訊軟體與網際網路") == "信息软件与互联网"


def test_traditional_copy_gets_the_same_verdicts_and_scores() -> None:
    reference = load(str(PAPER))
    simplified = compare_target(reference, load(str(SIMPLIFIED_TARGET)))
    traditional = compare_target(reference, load(str(TRADITIONAL_TARGET)))
    assert traditional.document.script == "traditional"
    pairs = [(a, b) for a, b in zip(simplified.verdicts, traditional.verdicts, strict=True) if a.status]
    assert [a.status for a, _ in pairs] == [b.status for _, b in pairs]
    assert max(abs(a.score - b.score) for a, b in pairs) <= 5.0
    assert abs(simplified.percent - traditional.percent) <= 1.0


def test_reports_keep_the_original_text_and_lines() -> None:
    result = compare_target(load(str(PAPER)), load(str(TRADITIONAL_TARGET)))
    lines = TRADITIONAL_TARGET.read_text(encoding="utf-8").split("\n")
    evidence = [e for v in result.verdicts if v.status == "covered" for e in v.evidence]
    assert evidence
    for e in evidence:
        assert e.text[:6] in "".join(lines[e.line - 1 : e.line + 2])
    assert any(ch in "".join(e.text for e in evidence) for ch in "與關於體們會")  # Traditional as written


def test_keep_compares_characters_as_written() -> None:
    reference = load(str(PAPER))
    target = load(str(TRADITIONAL_TARGET))
    assert compare_target(reference, target, Options(script="keep")).percent < compare_target(reference, target).percent


def test_mixed_script_document_works() -> None:
    reference = outline_text(make_text("# 建议\n\n## 一、措施\n\n一是建立网评队伍。\n\n二是加强视频监控系统建设。\n", "md"))
    target = outline_text(make_text("# 方案\n\n## 一、工作\n\n組建網評隊伍。加强视频监控系統建设。\n", "md"))
    assert target.document.script == "mixed"
    result = compare_target(reference, target)
    assert [v.status for v in result.verdicts if v.status] == ["covered", "covered"]


def test_script_is_reported_in_outline_and_comparison_json() -> None:
    runner = CliRunner()
    out = json.loads(runner.invoke(cli, ["outline", str(TRADITIONAL_TARGET), "--format", "json"]).stdout)
    assert out["script"] == "traditional"
    result = runner.invoke(cli, ["compare", str(PAPER), str(TRADITIONAL_TARGET), "--format", "json"])
    data = json.loads(result.stdout)
    assert data["reference"]["script"] == "simplified"
    assert data["targets"][0]["script"] == "traditional"
    text = runner.invoke(cli, ["compare", str(PAPER), str(TRADITIONAL_TARGET)]).stdout
    assert "Traditional Chinese in the target — matched on a Simplified copy" in text


@shared_only
def test_real_simplified_and_traditional_excerpts_outline_alike(shared) -> None:
    real = shared / "corpus" / "real"
    simplified = load(str(next(real.glob("08a-*.txt"))))
    traditional = load(str(next(real.glob("08b-*.txt"))))
    assert (simplified.document.script, traditional.document.script) == ("simplified", "traditional")

    def shape(o):
        return [(s.label, s.level, to_simplified(s.title)) for s in o.document.walk()]

    assert shape(simplified) == shape(traditional)
    assert [u.id for u in simplified.units] == [u.id for u in traditional.units]


def _shape(o):
    """What a document's Traditional twin must share with it: unit ids, kinds and sections, section ids."""
    return [(u.id, u.kind, u.section) for u in o.units], [s.id for s in o.document.walk()]


def test_the_traditional_twin_has_the_same_units_kinds_and_sections() -> None:
    """3.1.1 組建輿情引導力量 and 4.1 堅持黨的領導 were context: the cues are judged on a Simplified copy."""
    simplified, traditional = load(str(SIMPLIFIED_TARGET)), load(str(TRADITIONAL_TARGET))
    assert _shape(traditional) == _shape(simplified)
    assert sum(u.kind == "recommendation" for u in traditional.units) == 24
    assert [u.text for u in traditional.units] != [u.text for u in simplified.units]  # its own text


@pytest.mark.parametrize("config", ["s2t.json", "s2twp.json", "s2hk.json"])
@pytest.mark.parametrize("name", ["paper-zh.txt", "zh-county-plan.md", "zh-city-notice.txt", "zh-unrelated.md",
                                  "zh-bureau-page.html"])
def test_every_chinese_sample_outlines_alike_in_traditional(name: str, config: str) -> None:
    import opencc

    text = read_document(SAMPLES / name)
    fmt = name.rsplit(".", 1)[1]
    traditional = outline_text(make_text(opencc.OpenCC(config).convert(text), fmt))
    assert traditional.document.script == "traditional"
    assert _shape(traditional) == _shape(outline_text(make_text(text, fmt)))


def test_a_law_in_traditional_characters_has_its_articles() -> None:
    law = "第一章 總則\n\n第一條 為了加強管理，制定本條例。\n\n第二條 保安員應當遵守法律。\n"
    units = outline_text(make_text(law)).units
    assert [u.id for u in units] == ["1.1", "1.2"]
