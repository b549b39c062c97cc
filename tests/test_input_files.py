"""Sweep and targets files: every bad field reported as ``file:line: field: problem``, exit 2."""

from __future__ import annotations

import textwrap

import pytest

from sim.cli import main
from sim.inputs.errors import ScenarioError
from sim.inputs.sweep_file import load_sweep
from sim.inputs.targets_file import TargetsError, load_targets

from .conftest import ROOT

BASE = ROOT / "scenarios" / "baseline.yaml"


def write(tmp_path, text: str, name: str = "file.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text).format(base=BASE))
    return path


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        ("base: {base}\nlever:\n  credit_growth: [5]\n", ":2: lever", "unknown field 'lever'"),
        ("scenarios: [{base}]\nbase: {base}\n", ":1: give either", "'scenarios'"),
        ("base: {base}\ndraws: 0\nlevers: {{credit_growth: [5]}}\n", ":2: draws", "from 1 to"),
        ("base: {base}\nseed: -1\nlevers: {{credit_growth: [5]}}\n", ":2: seed", "from 0 to"),
        ("name: a b\nbase: {base}\nlevers: {{credit_growth: [5]}}\n", ":1: name", "letters"),
        ("base: {base}\ndesign: grid\nlevers: {{credit_growth: [5]}}\n", ":2: design", "grid"),
        ("scenarios: []\n", ":1: scenarios", "non-empty list of scenario files"),
        ("scenarios: [{base}, 5]\n", ":1: scenarios[1]", "must be the path of a scenario file"),
        (
            "base: {base}\nlevers: {{credit_growth: [5]}}\nindicators:\n  - gdp\n  - gpd\n",
            ":5: indicators[1]",
            "unknown indicator 'gpd'",
        ),
        ("base: {base}\nlevers: [1, 2]\n", ":2: levers", "must map lever names"),
        ("base: {base}\nlevers:\n  credit_growth: 5\n", ":3: levers.credit_growth", "a list"),
        (
            "base: {base}\npoints: 3\nlevers:\n  credit_growth: [5]\n",
            ":2: points",
            "only a Latin hypercube",
        ),
        (
            "base: {base}\ndesign: lhs\nlevers:\n  credit_growth: {{low: 5, high: 9}}\n",
            ":1: points",
            "needs 'points'",
        ),
        (
            "base: {base}\ndesign: lhs\npoints: 2\nlevers:\n  credit_growth: [5, 9]\n",
            ":5: levers.credit_growth",
            "takes {low: ..., high: ...}",
        ),
        (
            "base: {base}\ndesign: lhs\npoints: 2\nlevers:\n  credit_growth: {{low: 9, high: 5}}\n",
            ":5: levers.credit_growth",
            "need low < high",
        ),
        (
            "base: {base}\ndesign: lhs\npoints: 2\nlevers:\n  credit_growth: {{low: a, high: 5}}\n",
            ":5: levers.credit_growth.low",
            "expected a number",
        ),
        (
            "base: {base}\nlevers:\n  credit_growth: [5]\n  credit_growht: [1]\n",
            ":4: levers.credit_growht",
            "did you mean 'credit_growth'",
        ),
    ],
)
def test_each_bad_sweep_field_is_reported_with_file_line_and_field(tmp_path, text, where, expected):
    path = write(tmp_path, text)
    with pytest.raises(ScenarioError) as info:
        load_sweep(path)
    lines = [str(p) for p in info.value.problems]
    assert any(line.startswith(f"{path}{where}") and expected in line for line in lines), lines


def test_a_sweep_reports_the_problems_of_the_scenarios_it_names(tmp_path):
    bad = write(tmp_path, "name: bad\ndescription: d\nhorizon: 2040\n", "bad.yaml")
    path = write(tmp_path, "scenarios: [bad.yaml, missing.yaml]\n")
    with pytest.raises(ScenarioError) as info:
        load_sweep(path)
    text = str(info.value)
    assert f"{bad}:3: horizon:" in text and "missing.yaml: file not found" in text


def test_a_sweep_of_too_many_points_is_refused(tmp_path):
    values = ", ".join(str(5 + i / 100) for i in range(101))
    counts = ", ".join(str(500 + i) for i in range(100))
    text = (
        f"base: {{base}}\nlevers:\n  credit_growth: [{values}]\n  industrial_projects: [{counts}]\n"
    )
    with pytest.raises(
        ScenarioError, match="levers: 101 x 100 = 10,100 points; a sweep has at most 10,000"
    ):
        load_sweep(write(tmp_path, text))


def test_bad_sweep_file_exits_2_with_one_line_per_problem(tmp_path, capsys):
    path = write(tmp_path, "base: {base}\ndraws: 0\nseed: x\nlevers: {{credit_growth: [5]}}\n")
    assert main(["sweep", str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2 problems found:" in err
    assert f"{path}:2: draws: must be a whole number from 1 to 10,000,000" in err
    assert f"{path}:3: seed: must be a whole number from 0 to" in err
    assert not (tmp_path / "o").exists()


GOOD = """\
  - id: gdp_2026
    year: 2026
    indicator: gdp_real_growth
    comparison: ">="
    value: 5.0
    unit: percent
    label: GDP growth
    source:
      title: Report
      publisher: Publisher
      date: "2026-01"
      quote: "over 5%"
      url: https://example.org
    basis: verified
"""


@pytest.mark.parametrize(
    ("text", "where", "expected"),
    [
        ("target:\n" + GOOD, ":1: target", "unknown key 'target'; did you mean 'targets'?"),
        ("other: 1\n", ":1: targets", "required field is missing"),
        ("targets:\n  - just text\n", ":2: targets[0]", "must be a mapping"),
        ("targets:\n" + GOOD.replace("gdp_2026", "GDP-2026"), ":2: targets[0].id", "snake_case"),
        ("targets:\n" + GOOD.replace("5.0", "true"), ":6: targets[0].value", "finite number"),
        ("targets:\n" + GOOD.replace("GDP growth", "''"), ":8: targets[0].label", "non-empty"),
        (
            "targets:\n" + GOOD + "    note: ''\n",
            ":16: targets[0].note",
            "must be non-empty text",
        ),
        (
            "targets:\n" + GOOD.replace("basis: verified", "basis: checked"),
            ":15: targets[0].basis",
            "unknown basis 'checked'; allowed: verified, unverified",
        ),
        (
            "targets:\n" + GOOD.replace("basis: verified", "basis: unverified"),
            ":2: targets[0]",
            "an unverified basis needs a caveat",
        ),
        (
            "targets:\n" + GOOD.replace("https://example.org", "''"),
            ":14: targets[0].source.url",
            "must be non-empty text",
        ),
        (
            "targets:\n" + GOOD.replace("      title: Report\n", "      titel: Report\n"),
            ":10: targets[0].source.titel",
            "unknown field 'titel'; did you mean 'title'?",
        ),
        (
            "targets:\n" + GOOD.replace("    source:\n", "    source: x\n    s:\n"),
            ":9: targets[0].source",
            "must be a mapping",
        ),
    ],
)
def test_each_bad_target_field_is_reported_with_file_line_and_field(
    tmp_path, text, where, expected
):
    path = write(tmp_path, text)
    with pytest.raises(TargetsError) as info:
        load_targets(path)
    lines = [str(p) for p in info.value.problems]
    assert any(line.startswith(f"{path}{where}") and expected in line for line in lines), lines


def test_bad_targets_file_exits_2_before_simulating(tmp_path, capsys):
    path = write(tmp_path, "targets:\n" + GOOD.replace("2026\n", "2019\n"))
    code = main(["targets", str(BASE), "--targets-file", str(path), "--out", str(tmp_path / "o")])
    assert code == 2
    assert f"{path}:3: targets[0].year: must be a year from 2026 to 2035" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
