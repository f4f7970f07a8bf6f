"""The evaluation set in eval/: its manifest checks clean, the checker catches a broken label file, and the
.docx targets are what scripts/make_eval_docs.py builds from its text."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest
from conftest import REPO, shared_only

SCRIPTS = REPO / "scripts"


def _script(name: str) -> ModuleType:
    sys.path.insert(0, str(SCRIPTS))  # make_eval_docs imports make_samples from its own folder
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


@shared_only
def test_manifest_checks_clean(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    check = _script("check_eval")
    monkeypatch.setattr(sys, "argv", ["check_eval.py"])
    assert check.main() == 0, capsys.readouterr().err
    assert "3 holdout" in capsys.readouterr().out


def test_checker_reports_an_unlabelled_recommendation_and_a_misquoted_evidence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    en = REPO / "eval" / "en"
    labels = json.loads((en / "c2-statutory-guidance.labels.json").read_text(encoding="utf-8"))
    labels["target"] = str(en / labels["target"])
    del labels["labels"]["4.3"]
    labels["evidence"]["1.3"] = "Registers must be analysed every day."
    (tmp_path / "broken.labels.json").write_text(json.dumps(labels), encoding="utf-8")
    entry = {"reference": str(en / "ref-school-attendance.md"), "gold": str(en / "ref-school-attendance.gold.json"),
             "labels": str(tmp_path / "broken.labels.json"), "language": "en", "genre": "g", "split": "tune"}
    (tmp_path / "manifest.json").write_text(json.dumps([entry]), encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["check_eval.py", "--manifest", str(tmp_path / "manifest.json")])
    check = _script("check_eval")
    code = check.main()
    err = capsys.readouterr().err
    assert "recommendation 4.3 has label None" in err
    assert "evidence for 1.3 not found verbatim" in err
    assert code == 1  # the misquote is only a warning outside eval/, the missing label an error


@pytest.mark.parametrize("name", ["a4-ministry-framework.docx", "b2-annual-report.docx"])
def test_docx_targets_are_what_the_generator_builds(name: str) -> None:
    make = _script("make_eval_docs")
    assert make.build_document(*make.DOCUMENTS[name]) == (REPO / "eval" / "en" / name).read_bytes()
