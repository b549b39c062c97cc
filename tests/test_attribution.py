"""``compare --attribute``: Shapley contributions of the changed inputs add up to the difference."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from sim.analysis.attribution import (
    ATTRIBUTION_COLUMNS,
    MAX_EXACT_INPUTS,
    TOTAL,
    attribute,
    changed_inputs,
    combination,
    shapley_values,
)
from sim.cli import main
from sim.execution.simulate import simulate
from sim.inputs.scenario import load_scenario
from sim.results import paired_differences

from .conftest import SCENARIOS

DRAWS = 200
INDICATORS = ("gdp", "gdp_real_growth", "exports", "employment", "nev_output")


def cheap(path, **changes):
    """A shipped scenario on 2 pipeline replications, 200 draws, to 2028."""
    scenario = load_scenario(SCENARIOS / path)
    settings = {"pipeline_replications": 2, "draws": DRAWS, "horizon": 2028} | changes
    return replace(scenario, **settings)


@pytest.fixture(scope="module")
def pair():
    return cheap("baseline.yaml"), cheap("external_shock.yaml")


@pytest.fixture(scope="module")
def attribution(pair, setup):
    return attribute(*pair, setup, indicators=INDICATORS)


def contributions(table):
    parts = table[table["kind"] != TOTAL].groupby(["variable", "year"])["contribution"].sum()
    total = table[table["kind"] == TOTAL].set_index(["variable", "year"])["contribution"]
    return parts.sort_index(), total.sort_index()


def test_shapley_values_of_a_two_input_game_worked_by_hand():
    """v({}) = 0, v({a}) = 1, v({b}) = 2, v({a, b}) = 5: a gets (1 + (5 - 2)) / 2 = 2, b gets
    (2 + (5 - 1)) / 2 = 3; the interaction 5 - 1 - 2 = 2 is shared equally."""
    v = {
        frozenset(): np.array(0.0),
        frozenset({0}): np.array(1.0),
        frozenset({1}): np.array(2.0),
        frozenset({0, 1}): np.array(5.0),
    }
    a, b = shapley_values(v, 2)
    assert (float(a), float(b)) == pytest.approx((2.0, 3.0))


def test_shapley_values_of_three_inputs_add_up_and_treat_symmetric_inputs_alike():
    """v(S) = |S|**2: symmetric inputs get 9 / 3 = 3 each."""
    v = {frozenset(s): np.array(float(len(s) ** 2)) for k in range(4) for s in _subsets(3, k)}
    phis = shapley_values(v, 3)
    assert [float(p) for p in phis] == pytest.approx([3.0, 3.0, 3.0])


def _subsets(n, k):
    import itertools

    return itertools.combinations(range(n), k)


def test_changed_inputs_of_the_external_shock(pair):
    names = [(c.name, c.kind) for c in changed_inputs(*pair)]
    assert names == [
        ("export_demand_growth", "assumption"),
        ("ilstc_freight_growth", "lever"),
        ("tariff_escalation", "event"),
    ]


def test_switching_every_input_rebuilds_the_scenario(pair):
    reference, scenario = pair
    rebuilt = combination(reference, scenario, changed_inputs(reference, scenario))
    assert rebuilt.inputs == scenario.inputs
    assert rebuilt.events == scenario.events
    assert combination(reference, scenario, []).inputs == reference.inputs


def test_contributions_add_up_to_the_total_difference(attribution):
    parts, total = contributions(attribution)
    assert np.allclose(parts.to_numpy(), total.to_numpy(), rtol=1e-10, atol=1e-9)
    assert list(attribution.columns) == ATTRIBUTION_COLUMNS


def test_total_is_the_mean_paired_difference_of_the_two_runs(pair, setup, attribution):
    runs = [simulate(s, setup=setup) for s in pair]
    diff = paired_differences(runs, INDICATORS)
    diff = diff[diff["year"] >= 2026].set_index(["variable", "year"])["mean"].sort_index()
    _, total = contributions(attribution)
    assert np.allclose(total.to_numpy(), diff.loc[total.index].to_numpy(), rtol=1e-10, atol=1e-9)


def test_a_weaker_export_demand_lowers_exports(attribution):
    """Sign known from outside: the shock's lower foreign demand cuts exports in 2026; the
    tariff event, hitting electronics and vehicles, does too."""
    rows = attribution[(attribution["variable"] == "exports") & (attribution["year"] == 2026)]
    by_input = rows.set_index("input")["contribution"]
    assert by_input["export_demand_growth"] < 0
    assert by_input["tariff_escalation"] < 0


def test_reversing_the_comparison_negates_every_contribution(pair, setup, attribution):
    """Shapley values of the reverse game: v'(S) = v(N \\ S) - v(N) gives -phi_i."""
    reverse = attribute(pair[1], pair[0], setup, indicators=INDICATORS)
    forward = attribution.set_index(["variable", "year", "input"])["contribution"]
    backward = reverse.set_index(["variable", "year", "input"])["contribution"]
    assert np.allclose(backward.loc[forward.index].to_numpy(), -forward.to_numpy(), atol=1e-9)


def test_one_changed_input_gets_the_whole_difference(setup):
    reference = cheap("baseline.yaml")
    scenario = replace(
        reference,
        name="more_subsidy",
        inputs={**reference.inputs, "tradein_subsidy": 15.0},
    )
    table = attribute(reference, scenario, setup, indicators=["retail_sales"])
    parts = table[table["kind"] == "lever"].set_index("year")["contribution"]
    total = table[table["kind"] == TOTAL].set_index("year")["contribution"]
    assert np.array_equal(parts.to_numpy(), total.to_numpy())
    assert parts.loc[2026] > 0


def test_identical_scenarios_have_no_inputs_and_a_zero_total(setup):
    reference = cheap("baseline.yaml", draws=20)
    table = attribute(reference, replace(reference, name="copy"), setup, indicators=["gdp"])
    assert set(table["kind"]) == {TOTAL}
    assert (table["contribution"] == 0).all()


def test_compare_attribute_with_one_scenario_uses_the_one_it_extends(
    tmp_path, write_scenario, monkeypatch, capsys
):
    """Through the command line, on the reduced form over two years; the standard figures of a
    comparison (tested in test_compare.py) are left out to keep the test fast."""
    import sim.outputs.plots

    monkeypatch.setattr(sim.outputs.plots, "standard_figure_makers", lambda *a, **k: {})
    write_scenario(
        """
        name: parent
        description: the baseline on the reduced form, to 2027
        extends: baseline
        horizon: 2027
        pipeline_replications: 0
        """,
        "parent.yaml",
    )
    child = write_scenario(
        """
        name: child
        description: more subsidy, weaker exports and a tariff shock
        extends: parent.yaml
        assumptions:
          export_demand_growth: 0.0
        levers:
          tradein_subsidy: 12.0
        events:
          - name: tariff
            year: 2026
            sectors: [electronics]
            size: -3.0
            probability: 0.5
            persistence: 0.5
        """,
        "child.yaml",
    )
    out = tmp_path / "c"
    assert main(["compare", "--attribute", str(child), "--draws", "50", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "child against parent" in printed and "tradein_subsidy (lever)" in printed
    table = pd.read_csv(out / "attribution.csv")
    assert list(table.columns) == ATTRIBUTION_COLUMNS
    assert set(table["reference"]) == {"parent"}
    assert set(table["input"]) == {"export_demand_growth", "tradein_subsidy", "tariff", TOTAL}
    parts, total = contributions(table)
    assert np.allclose(parts.to_numpy(), total.to_numpy(), rtol=1e-5, atol=1e-4)  # CSV: 6 digits
    assert (out / "figures" / "attribution_child.png").stat().st_size > 10_000
    assert "figures/attribution_child.png" in (out / "report.html").read_text()
    manifest = json.loads((out / "manifest.json").read_text())
    assert "attribution.csv" in manifest["files"]
    assert manifest["scenarios"] == ["parent", "child"]
    assert manifest["attribution"]["inputs"] == {
        "child": {
            "export_demand_growth": "assumption",
            "tradein_subsidy": "lever",
            "tariff": "event",
        }
    }
    assert "Shapley" in manifest["attribution"]["method"]


def test_too_many_changed_inputs_are_refused_before_any_run(tmp_path, write_scenario, capsys):
    levers = {
        "tradein_subsidy": 9,
        "credit_growth": 8,
        "debt_resolution_pace": 25,
        "digital_economy_push": 1,
        "low_altitude_output": 5,
        "ilstc_freight_growth": 25,
        "approval_speedup": 10,
        "infrastructure_investment": 4,
        "project_size": 1.1,
    }
    assert len(levers) > MAX_EXACT_INPUTS
    body = "\n".join(f"  {k}: {v}" for k, v in levers.items())
    text = f"name: many\ndescription: nine levers\nextends: baseline\nlevers:\n{body}\n"
    path = write_scenario(text, "many.yaml")
    out = tmp_path / "c"
    assert main(["compare", "--attribute", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "9 inputs" in err and "up to 8" in err
    assert not out.exists()


def test_attribute_of_a_scenario_that_extends_nothing_is_refused(tmp_path, capsys):
    out = tmp_path / "c"
    assert (
        main(["compare", "--attribute", str(SCENARIOS / "baseline.yaml"), "--out", str(out)]) == 2
    )
    assert "extends no scenario" in capsys.readouterr().err
