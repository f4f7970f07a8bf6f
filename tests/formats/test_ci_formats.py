"""The CI formats (github, sarif, junit, gitlab): golden files, structure, escaping, caps, no ANSI."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date
from typing import Any

import pytest
from ci_cases import CASES, GOLDEN, ROOT, en, stale, zh

from policydiff.formats import github, gitlab, junit, sarif
from policydiff.formats.ci import fingerprint, gaps, relative
from policydiff.gate import Gate, Waiver, evaluate
from policydiff.models import Comparison

ANSI = re.compile(r"\x1b")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden(name: str) -> None:
    expected = (GOLDEN / name).read_text(encoding="utf-8")
    assert CASES[name]() == expected, f"{name} changed: run `python scripts/regen_golden.py` and review the diff"


def test_no_stale_golden_files() -> None:
    assert stale() == []


@pytest.mark.parametrize("name", sorted(CASES))
def test_machine_formats_never_contain_ansi(name: str) -> None:
    assert not ANSI.search(CASES[name]())


# --------------------------------------------------------------------------------------------------
# SARIF 2.1.0: the schema is not reachable offline, so its required structure is checked here


def _require(obj: Any, keys: dict[str, type | tuple[type, ...]], where: str) -> None:
    assert isinstance(obj, dict), f"{where}: expected an object"
    for key, kind in keys.items():
        assert key in obj, f"{where}: '{key}' is required"
        assert isinstance(obj[key], kind), f"{where}.{key}: expected {kind}"


LEVELS = {"none", "note", "warning", "error"}


def validate_sarif(doc: Any) -> None:
    """The parts of the SARIF 2.1.0 schema our output uses: required properties, types and enums."""
    _require(doc, {"version": str, "runs": list}, "sarifLog")
    assert doc["version"] == "2.1.0"
    assert doc.get("$schema", "").endswith("sarif-2.1.0.json")
    for r, run in enumerate(doc["runs"]):
        _require(run, {"tool": dict, "results": list}, f"runs[{r}]")
        _require(run["tool"], {"driver": dict}, "tool")
        driver = run["tool"]["driver"]
        _require(driver, {"name": str, "rules": list}, "driver")
        ids = [rule["id"] for rule in driver["rules"]]
        assert len(ids) == len(set(ids)), "rule ids must be unique"
        for rule in driver["rules"]:
            _require(rule, {"id": str, "shortDescription": dict, "fullDescription": dict}, f"rule {rule.get('id')}")
            _require(rule["shortDescription"], {"text": str}, "shortDescription")
            assert rule["defaultConfiguration"]["level"] in LEVELS
        for base, loc in run.get("originalUriBaseIds", {}).items():
            assert isinstance(base, str) and isinstance(loc, dict)
        for i, res in enumerate(run["results"]):
            where = f"results[{i}]"
            _require(res, {"message": dict, "ruleId": str, "locations": list, "partialFingerprints": dict}, where)
            _require(res["message"], {"text": str}, f"{where}.message")
            assert res["level"] in LEVELS and res["kind"] in {"fail", "pass", "open", "review", "notApplicable"}
            assert 0 <= res["ruleIndex"] < len(ids) and ids[res["ruleIndex"]] == res["ruleId"]
            for loc in res["locations"] + res.get("relatedLocations", []):
                phys = loc["physicalLocation"]
                uri = phys["artifactLocation"]["uri"]
                assert not uri.startswith("/") and "\\" not in uri and ":" not in uri, f"{uri} is not repo-relative"
                assert isinstance(phys["region"]["startLine"], int) and phys["region"]["startLine"] >= 1
            for value in res["partialFingerprints"].values():
                assert isinstance(value, str) and value
            for s in res.get("suppressions", []):
                assert s["kind"] in {"inSource", "external"}
                assert s.get("status", "accepted") in {"accepted", "underReview", "rejected"}


@pytest.mark.parametrize("job", [zh, en])
def test_sarif_structure(job) -> None:
    c, g = job()
    doc = json.loads(sarif.format_sarif(c, gate=g, root=ROOT))
    validate_sarif(doc)
    run = doc["runs"][0]
    recs = [u for u in c.reference.units if u.kind == "recommendation"]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == [u.id for u in recs]  # one rule per recommendation
    gap_count = sum(t.count("partial") + t.count("missing") for t in c.targets)
    review = sum(1 for t in c.targets for v in t.verdicts if v.status == "covered" and v.confidence == "low")
    assert len(run["results"]) == gap_count + review  # one result per gap, and per covered verdict to review
    fps = [r["partialFingerprints"]["policydiffGap/v1"] for r in run["results"]]
    assert len(fps) == len(set(fps))


def test_sarif_levels_and_suppressions() -> None:
    c, g = zh()
    results = json.loads(sarif.format_sarif(c, gate=g, root=ROOT))["runs"][0]["results"]
    by = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"]): r for r in results}
    required = by[("samples/zh-unrelated.md", "3.6.1")]
    assert required["level"] == "error" and required["properties"]["required"]
    waived = by[("samples/zh-county-plan.md", "2.3a")]
    assert waived["suppressions"][0]["kind"] == "external"
    assert "separate IT plan" in waived["suppressions"][0]["justification"]
    partial = next(r for r in results if r["properties"]["status"] == "partial")
    assert partial["level"] == "note"
    assert all(r["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "samples/paper-zh.txt"
               for r in results)


def test_fingerprints_are_stable_and_ignore_the_text() -> None:
    """A gap keeps its fingerprint while the draft changes around it: only paths and the id count."""
    assert fingerprint("ref.txt", "a.md", "3.1.1") == fingerprint("ref.txt", "a.md", "3.1.1")
    assert len({fingerprint("ref.txt", "a.md", "3.1.1"), fingerprint("ref.txt", "b.md", "3.1.1"),
                fingerprint("ref.txt", "a.md", "3.1.2")}) == 3


# --------------------------------------------------------------------------------------------------
# JUnit


def test_junit_structure() -> None:
    c, g = zh()
    root = ET.fromstring(junit.format_junit(c, gate=g, root=ROOT))
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["samples/zh-county-plan.md", "samples/zh-unrelated.md"]
    total = {"tests": 0, "failures": 0, "skipped": 0}
    for suite, t in zip(suites, c.targets, strict=True):
        cases = suite.findall("testcase")
        recs = [v for v in t.verdicts if v.status is not None]
        assert len(cases) == len(recs) + 1  # one per recommendation, and the coverage case (fail-under is set)
        failures = [case for case in cases if case.find("failure") is not None]
        skipped = [case for case in cases if case.find("skipped") is not None]
        assert int(suite.get("tests", "")) == len(cases)
        assert int(suite.get("failures", "")) == len(failures)
        assert int(suite.get("skipped", "")) == len(skipped)
        for case in cases:
            assert case.get("name") and case.get("classname")
            assert len(case.findall("failure")) + len(case.findall("skipped")) <= 1
        for k in total:
            total[k] += int(suite.get(k, ""))
    assert {k: int(root.get(k, "")) for k in total} == total
    county = suites[0]
    waived = [case for case in county.findall("testcase") if case.find("skipped") is not None]
    assert len(waived) == 5 and all(case.get("name", "").startswith("2.3") for case in waived)
    coverage = [case for case in suites[1].findall("testcase") if case.get("name") == "coverage"]
    assert coverage and coverage[0].find("failure") is not None  # 0 % is below fail-under 30
    assert county.find("testcase[@name='coverage']/failure") is None


def test_junit_without_a_gate_has_no_coverage_case() -> None:
    c, g = en()
    root = ET.fromstring(junit.format_junit(c, gate=g, root=ROOT))
    cases = root.findall("testsuite/testcase")
    assert len(cases) == c.targets[0].judged
    assert len(root.findall("testsuite/testcase/failure")) == c.targets[0].judged - c.targets[0].count("covered")


# --------------------------------------------------------------------------------------------------
# GitLab Code Quality


def test_gitlab_required_keys() -> None:
    c, g = zh()
    issues = json.loads(gitlab.format_gitlab(c, gate=g, root=ROOT))
    assert isinstance(issues, list) and issues
    for issue in issues:
        for key, kind in {"description": str, "check_name": str, "fingerprint": str, "severity": str,
                          "location": dict}.items():
            assert isinstance(issue[key], kind), key
        assert issue["severity"] in gitlab.SEVERITIES
        assert isinstance(issue["location"]["path"], str) and not issue["location"]["path"].startswith("/")
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    names = {i["check_name"] for i in issues}
    assert names <= {"policydiff/missing", "policydiff/partial", "policydiff/coverage", "policydiff/regression",
                     "policydiff/review"}
    assert "policydiff/coverage" in names  # zh-unrelated.md is below fail-under
    assert not any(re.match(r"Recommendation 2\.3", i["description"]) for i in issues)  # waived: left out
    critical = [i for i in issues if i["severity"] == "critical" and i["check_name"] == "policydiff/missing"]
    assert critical and all("Required" in i["description"] for i in critical)


# --------------------------------------------------------------------------------------------------
# GitHub annotations


COMMAND = re.compile(r"^::(error|warning|notice)(?: ([^:]*))?::(.*)$")


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    m = COMMAND.match(line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(",")) if m.group(2) else {}
    return m.group(1), props, m.group(3)


def test_github_annotations_are_well_formed() -> None:
    c, g = zh()
    lines = github.format_github(c, gate=g, root=ROOT).splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert [line for line in lines if not line.startswith("::")] == [
        "policydiff: samples/zh-county-plan.md: 37.1% covered (10 covered, 3 partial, 18 missing of 31 recommendations)",
        "policydiff: samples/zh-unrelated.md: 0.0% covered (0 covered, 0 partial, 31 missing of 31 recommendations)",
    ]
    levels = [_parse(line)[0] for line in commands]
    for level in ("error", "warning", "notice"):
        assert levels.count(level) <= github.LIMIT
    for line in commands:
        _, props, message = _parse(line)
        assert "\n" not in message and "\r" not in message
        for value in props.values():
            assert ":" not in value and "," not in value  # escaped as %3A and %2C
    # more gaps than GitHub shows: one notice says how many were left out
    assert "more annotations left out" in commands[-1]


def test_github_annotation_sits_at_the_aligned_target_section() -> None:
    c, g = en()
    t = c.targets[0]
    target_lines = {s.id: s.line for s in t.document.walk()}
    aligned = {a.reference_id: a.target_id for a in t.sections}
    for gap in gaps(c, g, ROOT):
        if gap.status == "missing":
            want = target_lines.get(aligned.get(gap.verdict.unit.section) or "", 1)
            assert gap.line == want


def test_github_escaping() -> None:
    assert github.escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert github.escape_data("a\rb\nc") == "a%0Db%0Ac"
    assert github.escape_property("a:b,c%d\ne") == "a%3Ab%2Cc%25d%0Ae"
    assert github.command("warning", "x::y", file="a,b.md", line=3, title="t: 1") == \
        "::warning file=a%2Cb.md,line=3,title=t%3A 1::x::y"
    assert github.escape_data("\x1b[31mred\x1b[0m") == "[31mred[0m"


def test_github_cap_is_configurable_and_summarised() -> None:
    c, g = zh()
    lines = github.format_github(c, gate=g, root=ROOT, limit=2).splitlines()
    commands = [_parse(line) for line in lines if line.startswith("::")]
    counts = {level: sum(1 for lv, _, _ in commands if lv == level) for level in ("error", "warning", "notice")}
    assert counts["error"] == 2 and counts["warning"] == 2 and counts["notice"] == 2  # 1 gap notice + the summary
    assert "more annotations left out" in commands[-1][2]
    nothing_left = github.format_github(*_no_gate(en()), root=ROOT)
    assert "left out" not in nothing_left


def _no_gate(job: tuple[Comparison, Any]) -> tuple[Comparison]:
    return (job[0],)


def test_job_summary_reuses_the_markdown_report() -> None:
    c, g = zh()
    text = github.job_summary(c, gate=g)
    assert text.startswith("# Coverage of")
    assert "## Check" in text and "✘ The check fails" in text


def test_a_hostile_document_cannot_inject_workflow_commands(tmp_path, monkeypatch) -> None:
    from policydiff import api
    from policydiff.align import compare

    ref = tmp_path / "ref.md"
    ref.write_text("# Ref\n\n## 1. One\n\n1. The council should stop %0A::error::x and \x1b[31mred\x1b[0m things.\n"
                   "2. The council should publish: a, b, c.\n", encoding="utf-8")
    target = tmp_path / "draft.md"
    target.write_text("# Draft\n\n## Other\n\nNothing relevant here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    c = compare(api.load("ref.md"), [api.load("draft.md")])
    out = github.format_github(c, gate=evaluate(c, Gate()), root=tmp_path)
    assert not ANSI.search(out)
    for line in out.splitlines():  # a command only starts a line: text inside a message is data
        assert line.startswith(("::warning ", "::notice ", "::error ", "policydiff: "))
    assert "%250A::error::x" in out  # the document's own %0A stays text, not a line break
    for fmt in (sarif.format_sarif, junit.format_junit, gitlab.format_gitlab):
        assert not ANSI.search(fmt(c, gate=None, root=tmp_path))


def test_relative_paths() -> None:
    assert relative("-", ROOT) == "-"
    assert relative("./a/b.md", None) == "a/b.md"
    assert relative(str(ROOT / "samples" / "x.md"), ROOT) == "samples/x.md"
    assert relative("/elsewhere/x.md", ROOT) == "/elsewhere/x.md"


def test_waiver_gaps_are_not_annotated() -> None:
    c, _ = zh()
    g = evaluate(c, Gate(waivers=(Waiver("3.6.*", "later"),), today=date(2025, 1, 1)))
    out = github.format_github(c, gate=g, root=ROOT)
    assert "3.6.1" not in out and "3.6.3" not in out


HOSTILE_TEXT = ("The council should stop ]]> <![CDATA[ x ]]> & <tag attr=\"v\"> '\u0085\u009b31m "
                "\u2028::error::next \ufeff\u200b things.")


def _hostile_comparison(tmp_path, monkeypatch, name: str) -> Comparison:
    from policydiff import api
    from policydiff.align import compare

    ref = tmp_path / name
    ref.write_text(f"# Ref\n\n## 1. One\n\n1. {HOSTILE_TEXT}\n2. The council should publish: a, b, c.\n",
                   encoding="utf-8")
    target = tmp_path / f"draft {name}"
    target.write_text("# Draft\n\n## Other\n\nNothing relevant here.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return compare(api.load(ref.name), [api.load(target.name)])


HOSTILE_NAMES = ['a&b<c>"d\'%e:f,g]]>.md', "line\nbreak\r::error::x.md", "ctl\x1b[31m\x07\x85.md"]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=["xml-specials", "newlines", "controls"])
def test_ci_formats_escape_their_own_special_characters(tmp_path, monkeypatch, name: str) -> None:
    """Document text and file names with XML specials, ]]>, C0/C1 controls, line breaks and U+2028 stay data."""
    c = _hostile_comparison(tmp_path, monkeypatch, name)
    g = evaluate(c, Gate(fail_under=90))
    report = junit.format_junit(c, gate=g, root=tmp_path)
    root = ET.fromstring(report.split("\n", 1)[1])  # well-formed XML: ]]> and & and < are escaped
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", report)
    failures = [f.text or "" for f in root.iter("failure")]
    assert any("]]> <![CDATA[ x ]]> & <tag" in text for text in failures)
    assert "]]>" not in report.replace("]]&gt;", "")  # only ever escaped
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name", "").startswith("draft ")
    for text in (sarif.format_sarif(c, gate=g, root=tmp_path), gitlab.format_gitlab(c, gate=g, root=tmp_path)):
        json.loads(text)
        assert not re.search("[\x00-\x1f\x7f-\x9f]", text.replace("\n", ""))
        assert "\\u001b" not in text and "\\u0085" not in text
    out = github.format_github(c, gate=g, root=tmp_path)
    for line in out.splitlines():  # a workflow command only starts a line: everything else is data
        assert line.startswith(("::warning ", "::notice ", "::error ", "policydiff: ")), line
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", line)
