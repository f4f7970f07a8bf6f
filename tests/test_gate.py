"""The gate from Python: waivers against an injected day, the ratchet, and the baseline file round trip."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policydiff import api, baseline
from policydiff.align import compare
from policydiff.errors import ConfigError, UsageError
from policydiff.gate import Gate, Waiver, evaluate
from policydiff.models import Options

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


@pytest.fixture(scope="module")
def county():
    return compare(api.load(str(SAMPLES / "paper-zh.txt")), [api.load(str(SAMPLES / "zh-county-plan.md"))])


def test_waiver_expiry_is_judged_on_the_given_day(county):
    w = Waiver("3.6.*", "cyber plan", date(2025, 6, 30))
    held = evaluate(county, Gate(require=("3.6.*",), waivers=(w,), today=date(2025, 6, 30)))
    assert held.code == 0
    assert {g.unit for g in held.waived} == {"3.6.1", "3.6.3"}
    assert held.waiver_for(county.targets[0].document.path, "3.6.1") == w
    lapsed = evaluate(county, Gate(require=("3.6.*",), waivers=(w,), today=date(2025, 7, 1)))
    assert lapsed.code == 1 and lapsed.waived == ()
    assert [f.kind for f in lapsed.findings if f.failing] == ["waiver-expired", "required", "required"]


def test_unknown_waiver_ids(county):
    with pytest.raises(UsageError, match=r"'9\.9' matches no recommendation"):
        evaluate(county, Gate(waivers=(Waiver("9.9", "r"),)))
    with pytest.raises(ConfigError, match=r"^cfg.toml: waivers\[3\].id: '9.9' matches no recommendation"):
        evaluate(county, Gate(waivers=(Waiver("9.9", "r", None, "cfg.toml", "waivers[3]"),)))


def test_waived_gaps_are_left_out_of_fail_under(county):
    assert evaluate(county, Gate(fail_under=40)).code == 1
    waived = evaluate(county, Gate(fail_under=40, waivers=(Waiver("2.*", "r"),)))
    assert waived.code == 0


def test_ratchet(county, tmp_path):
    path = tmp_path / "b.json"
    recorded = baseline.from_comparison(county, path)
    baseline.save(recorded, path)
    loaded = baseline.load(path)
    assert loaded.targets == recorded.targets
    same = evaluate(county, Gate(fail_under=99, baseline=loaded))
    assert same.code == 0 and same.regressions == ()
    stricter = compare(county.reference, [api.load(str(SAMPLES / "zh-county-plan.md"))], Options(covered=70))
    worse = evaluate(stricter, Gate(baseline=loaded))
    assert worse.code == 1 and worse.regressions
    assert any("thresholds differ" in n for n in worse.notes)


statuses = st.sampled_from(["covered", "partial", "missing"])


@given(st.dictionaries(st.from_regex(r"[a-z0-9_./-]{1,12}", fullmatch=True),
                       st.lists(statuses, max_size=8), max_size=4))
def test_baseline_round_trip(targets):
    b = baseline.Baseline(
        "ref.txt", "0" * 64, Options(),
        tuple(sorted((baseline.BaselineTarget(p, "1" * 64, 50.0, tuple((f"1.{i}", s) for i, s in enumerate(units)))
                      for p, units in targets.items()), key=lambda t: t.path)),
        "b.json", ".")
    text = baseline.dumps(b)
    again = baseline.loads(text, "b.json")
    assert again.targets == b.targets and baseline.dumps(again) == text


@pytest.mark.parametrize(("text", "key"), [
    ('{"schema": "policydiff/baseline@1"}', "reference"),
    ('{"schema": "policydiff/baseline@1", "reference": {"path": "r", "sha256": "s"}}', "options"),
    ('{"schema": "policydiff/baseline@1", "reference": {"path": "r", "sha256": "s"}, '
     '"options": {"covered": 60, "partial": 35}, "targets": {"a.md": {"units": {"1": "great"}}}}', "targets.a.md.units.1"),
])
def test_broken_baseline_names_the_key(text, key):
    with pytest.raises(ConfigError) as info:
        baseline.loads(text, "b.json")
    assert info.value.key == key
