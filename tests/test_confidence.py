"""Verdict confidence: which verdicts are marked for review, why, and what CI does with them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from policydiff import api
from policydiff.align import compare
from policydiff.cli import cli
from policydiff.confidence import MARGIN, assess, hedge, shared_size
from policydiff.formats import html, junit, markdown, plain
from policydiff.formats import json as json_format
from policydiff.gate import Gate, evaluate
from policydiff.models import ClauseResult, Evidence, Options

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
OPTIONS = Options()


def _evidence(text: str, shared: tuple[str, ...]) -> Evidence:
    return Evidence(text=text, section="2", section_title="", line=3, score=80.0, shared=shared)


STRONG = _evidence("Every library will run a weekly drop-in digital help session staffed by trained volunteers.",
                   ("weekly", "drop-in", "digital", "session", "volunteers", "trained"))
CLAUSES = (ClauseResult("hold a weekly drop-in session", 80.0, True, STRONG),)


def test_a_clear_covered_verdict_is_high():
    assert assess("covered", 80.0, CLAUSES, (STRONG,), OPTIONS).confidence == "high"


def test_gaps_are_never_questioned():
    # a partial or missing verdict errs on the safe side: CI already treats it as a gap
    for status, score in (("partial", 36.0), ("missing", 34.0), ("partial", 59.0)):
        assert assess(status, score, CLAUSES, (STRONG,), OPTIONS).confidence == "high"


def test_covered_just_above_the_threshold_is_low():
    got = assess("covered", OPTIONS.covered + MARGIN / 2, CLAUSES, (STRONG,), OPTIONS)
    assert got.confidence == "low"
    assert got.reason == f"score {OPTIONS.covered + MARGIN / 2:.1f} is within {MARGIN:g} of the covered threshold (60)"
    # the margin follows the thresholds the user chose
    assert assess("covered", 72.0, CLAUSES, (STRONG,), Options(covered=70.0)).confidence == "low"
    assert assess("covered", 72.0, CLAUSES, (STRONG,), OPTIONS).confidence == "high"


def test_covered_on_a_few_shared_words_is_low():
    thin = _evidence("Residents will get an update on progress at every forum.", ("update", "progress"))
    got = assess("covered", 80.0, CLAUSES, (thin,), OPTIONS)
    assert (got.confidence, got.reason) == ("low", "the evidence shares only a few words with the recommendation")


def test_shared_size_counts_words_once_and_chinese_by_pairs():
    assert shared_size([_evidence("", ("Services", "service", "library"))]) == 2
    assert shared_size([_evidence("", ("视频监控", "网格"))]) == 3.0


@pytest.mark.parametrize("text, phrase", [
    ("The council will consider whether to introduce a lending scheme.", "will consider"),
    ("We decided not to proceed with the survey this year.", "decided not to"),
    ("The force has no plans to publish ward-level data.", "no plans to"),
    ("The pilot was paused in March.", "was paused"),
    ("The force will not introduce mobile devices before 2027.", "will not"),
    ("The force does not publish crime data for its neighbourhoods.", "does not"),
    ("区里暂不设立专门的网评队伍。", "暂不"),
])
def test_hedged_or_negated_evidence(text, phrase):
    assert hedge([_evidence(text, ())]) == phrase
    got = assess("covered", 80.0, CLAUSES, (_evidence(text, STRONG.shared),), OPTIONS)
    assert got.confidence == "low" and phrase in got.reason


@pytest.mark.parametrize("text", [
    "Outreach visits reach people who do not come into libraries.",  # a negation about someone else
    "No appointment is needed: anyone can turn up.",
    "The council will run a weekly session in every branch.",
])
def test_plain_commitments_are_not_hedges(text):
    assert hedge([_evidence(text, ())]) is None


# --------------------------------------------------------------------------------------------------
# end to end, on the English samples (1.1 and 4.3 are covered at 63.1 and 61.2, within the margin of 60)


@pytest.fixture(scope="module")
def en():
    return compare(api.load(str(SAMPLES / "en-reference.md")), [api.load(str(SAMPLES / "en-target.md"))])


def _low(c):
    return [v for v in c.targets[0].verdicts if v.confidence == "low"]


def test_the_samples_have_a_verdict_to_review(en):
    low = _low(en)
    assert [v.unit.id for v in low] == ["1.1", "4.3"]
    assert all(v.status == "covered" and "within 5 of the covered threshold" in v.reason for v in low)
    assert all(v.reason == "" for v in en.targets[0].verdicts if v.confidence == "high")


def test_json_carries_confidence_and_reason(en):
    data = json.loads(json_format.format_comparison(en))
    assert data["schema"] == "policydiff/comparison@2"
    units = {u["id"]: u for u in data["targets"][0]["units"]}
    assert units["1.1"]["confidence"] == "low" and units["1.1"]["reason"].startswith("score 63.1")
    assert units["2.1"]["confidence"] == "high" and units["2.1"]["reason"] == ""
    assert all(u["confidence"] is None for u in units.values() if u["kind"] == "context")
    assert data["targets"][0]["coverage"]["review"] == 2


def test_every_view_marks_it(en):
    text = plain.format_comparison(en)
    assert "✔? 1.1" in text and "review: score 63.1" in text and "? 2 to review" in text
    md = markdown.format_comparison(en)
    assert "**? 2 verdicts to review**" in md and "✔? `4.3`" in md
    page = html.format_comparison(en)
    assert 'data-filter="review"' in page and page.count('data-review=""') == 2
    only = plain.format_comparison(en, show="review")
    assert "to review: 2 of 11" in only and "2.1 " not in only
    assert "Confidence low — score 63.1" in " ".join(plain.format_explain(en, "1.1").split())


def test_gate_warns_by_default_and_fails_when_asked(en):
    warned = evaluate(en, Gate())
    assert warned.code == 0
    assert [(f.kind, f.failing) for f in warned.findings] == [("review", False)]
    failed = evaluate(en, Gate(review="fail"))
    assert failed.code == 1 and "(1.1, 4.3)" in failed.reasons[0]
    # counted as gaps: the coverage the gate judges drops by the doubtful verdict
    assert evaluate(en, Gate(fail_under=50)).code == 0
    assert evaluate(en, Gate(fail_under=50, review="fail")).code == 1
    required = evaluate(en, Gate(require=("1.1",), review="fail"))
    assert any("required recommendation 1.1 is covered only with low confidence" in r for r in required.reasons)


def test_junit_fails_a_verdict_to_review_only_when_the_gate_does(en):
    warn = junit.format_junit(en, gate=evaluate(en, Gate()))
    assert 'type="review"' not in warn and "needs review" not in warn and "<system-out>" in warn
    fail = junit.format_junit(en, gate=evaluate(en, Gate(review="fail")))
    assert 'type="review" message="1.1 covered, needs review"' in fail


def test_cli_fail_on_review_and_config(tmp_path, monkeypatch):
    runner = CliRunner()
    ref, target = str(SAMPLES / "en-reference.md"), str(SAMPLES / "en-target.md")
    monkeypatch.chdir(tmp_path)
    assert runner.invoke(cli, ["compare", ref, target]).exit_code == 0
    result = runner.invoke(cli, ["compare", ref, target, "--fail-on-review"])
    assert result.exit_code == 1
    assert "2 verdicts with low confidence need review (1.1, 4.3): counted as gaps (--fail-on-review)" in result.stderr
    github = runner.invoke(cli, ["compare", ref, target, "--format", "github"])
    assert "::warning file=" in github.stdout and "4.3 covered%2C needs review" in github.stdout
    (tmp_path / "policydiff.toml").write_text('review = "fail"\n', encoding="utf-8")
    assert runner.invoke(cli, ["compare", ref, target]).exit_code == 1
    (tmp_path / "policydiff.toml").write_text('review = "maybe"\n', encoding="utf-8")
    bad = runner.invoke(cli, ["compare", ref, target])
    assert bad.exit_code == 2 and 'review: expected "warn" or "fail"' in bad.stderr


def test_init_documents_the_review_key_and_check_reads_it(tmp_path, monkeypatch):
    runner = CliRunner()
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ref.md").write_text((SAMPLES / "en-reference.md").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "draft.md").write_text((SAMPLES / "en-target.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert runner.invoke(cli, ["init", "--reference", "ref.md", "--target", "draft.md"]).exit_code == 0
    written = (tmp_path / "policydiff.toml").read_text(encoding="utf-8")
    assert '# review = "warn"' in written
    assert runner.invoke(cli, ["check"]).exit_code == 0
    (tmp_path / "policydiff.toml").write_text(written.replace('# review = "warn"', 'review = "fail"'),
                                              encoding="utf-8")
    failed = runner.invoke(cli, ["check"])
    assert failed.exit_code == 1 and "counted as gaps (review in policydiff.toml)" in failed.stderr
