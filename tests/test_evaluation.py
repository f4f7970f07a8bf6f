"""The leave-one-document-out evaluation (scripts/evaluate.py) on the evaluation set: the quality bars that
hold today stay held. Needs ../shared (score.py and the dev set); skipped without it."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest
from conftest import REPO, shared_only


@pytest.fixture(scope="module")
def evaluate() -> ModuleType:
    spec = importlib.util.spec_from_file_location("policydiff_evaluate", REPO / "scripts" / "evaluate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def rows(evaluate: ModuleType) -> list:
    score = evaluate.score_module()
    prepared = [evaluate.prepare(score, e) for e in evaluate.entries()]
    return evaluate.evaluate(score, prepared, naive=False)  # type: ignore[no-any-return]


def _accuracy(rows: list, language: str, split: str) -> float:
    group = [r for r in rows if r.entry.language == language and r.entry.split == split]
    return sum(r.metrics["accuracy"] * r.metrics["n"] for r in group) / sum(r.metrics["n"] for r in group)


@shared_only
def test_every_gap_reported_as_covered_is_marked_for_review(rows: list) -> None:
    unmarked = [(r.entry.name, r.metrics["hidden_gaps"]) for r in rows if r.confident_hidden]
    assert unmarked == []


@shared_only
def test_at_most_15_percent_of_verdicts_are_marked(rows: list) -> None:
    marked = sum(r.marked * r.judged for r in rows) / sum(r.judged for r in rows)
    assert marked <= 0.15


@shared_only
def test_chinese_left_out_figures_hold(rows: list) -> None:
    zh = [r for r in rows if r.entry.language == "zh"]
    assert len(zh) == 8 and _accuracy(rows, "zh", "tune") >= 0.91
    assert all(r.metrics["hidden_gaps"] == 0 and r.metrics["accuracy"] >= 0.82 for r in zh)


@shared_only
def test_english_left_out_figures_hold(rows: list) -> None:
    # far below the 0.80 we want (see README, "How well"): this guards against losing ground, it is no bar met
    assert _accuracy(rows, "en", "tune") >= 0.63
    assert _accuracy(rows, "en", "holdout") >= 0.58
    assert min(r.metrics["accuracy"] for r in rows if r.entry.language == "en" and r.entry.split == "tune") >= 0.5


@shared_only
def test_a_document_is_never_scored_with_a_calibration_fitted_on_it(evaluate: ModuleType, monkeypatch) -> None:
    score = evaluate.score_module()
    prepared = [evaluate.prepare(score, e) for e in evaluate.entries() if e.language == "en"]
    seen: list[set[str]] = []
    fit = evaluate.fit

    def spy(score_: ModuleType, docs: list) -> tuple[float, float]:
        seen.append({d.entry.name for d in docs})
        return fit(score_, docs)  # type: ignore[no-any-return]

    monkeypatch.setattr(evaluate, "fit", spy)
    rows = evaluate.evaluate(score, prepared, naive=False)
    for row, fitted_on in zip(rows, seen, strict=True):
        assert row.entry.name not in fitted_on
        assert not any(p.entry.name in fitted_on for p in prepared if p.entry.split == "holdout")
