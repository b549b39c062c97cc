"""Never a wrong number in silence: the results guard, and the 0/0 of the pipeline at its cause.

The guard's rules are checked on hand-made tables; its diagnosis end to end with a model
poisoned to fail on one input; the cause of the issue's NaN (spending growth when the pipeline's
spending stops) on its formula, and every input at its minimum and maximum for every horizon.
``CQSIM_FUZZ_PROFILE=long`` adds every pipeline input alone at both limits for every horizon
through the full pipeline (minutes; see README, "Testing").
"""

from __future__ import annotations

import os
import warnings
from dataclasses import replace

import numpy as np
import pytest

import sim.execution.simulate as simulate_module
from sim.cli import main
from sim.cli.exits import numeric_warnings_guarded, runtime_warnings_are_errors
from sim.execution.results_guard import ResultError, ResultFault, find_violation
from sim.execution.simulate import simulate
from sim.execution.streams import draw_parameters, draw_range
from sim.inputs.levers import ALL_INPUTS, FIRST_YEAR, MAX_LAST_YEAR
from sim.model.core import project
from sim.model.indicators import EXPENDITURE_INDICATORS, INDICATORS, VA_INDICATORS
from sim.pipeline.des import INPUT_NAMES
from sim.pipeline.paths import SPENDING_FLOOR_SHARE, spending_growth

from .conftest import replace_everywhere

LONG = os.environ.get("CQSIM_FUZZ_PROFILE") == "long"
HORIZONS = range(FIRST_YEAR, MAX_LAST_YEAR + 1)
NAMES = list(INDICATORS)


# --- the rules ---------------------------------------------------------------------------------


def consistent_table(draws: int = 3, years: int = 4) -> np.ndarray:
    """A table obeying every rule: sectors' value added and the expenditure components summing
    to GDP (55), shares in 0-100."""
    table = np.full((draws, len(NAMES), years), 5.0)
    va = [NAMES.index(n) for n in VA_INDICATORS]
    table[:, NAMES.index("gdp")] = 5.0 * len(va)
    for name, value in zip(EXPENDITURE_INDICATORS, (30.0, 10.0, 20.0, -5.0), strict=True):
        table[:, NAMES.index(name)] = value
    return table


def test_a_consistent_table_passes():
    assert find_violation(consistent_table(), NAMES, [2025, 2026, 2027, 2028]) is None


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_a_value_that_is_not_finite_is_named_with_indicator_year_and_draw(bad):
    table = consistent_table()
    table[2, NAMES.index("retail_sales"), 3] = bad
    table[1, NAMES.index("fai_growth"), 3] = np.nan  # draw 1 comes first
    found = find_violation(table, NAMES, [2025, 2026, 2027, 2028], start=100)
    assert (found.indicator, found.year, found.draw) == ("fai_growth", 2028, 101)
    assert "not a finite number" in found.rule


def test_the_earliest_year_of_the_first_bad_draw_is_named():
    table = consistent_table()
    table[0, NAMES.index("gdp"), 3] = np.nan
    table[0, NAMES.index("retail_sales"), 1] = np.nan
    assert find_violation(table, NAMES, [2025, 2026, 2027, 2028]).indicator == "retail_sales"


def test_gdp_must_equal_the_sum_of_value_added():
    table = consistent_table()
    table[0, NAMES.index("gdp"), 2] *= 1.001
    found = find_violation(table, NAMES, [2025, 2026, 2027, 2028])
    assert found.indicator == "gdp" and "sum of the sectors' value added" in found.rule


def test_gdp_must_equal_the_sum_of_its_expenditure_components():
    table = consistent_table()
    table[1, NAMES.index("household_consumption"), 2] += 0.01
    found = find_violation(table, NAMES, [2025, 2026, 2027, 2028])
    assert (found.indicator, found.year, found.draw) == ("gdp", 2027, 1)
    assert "sum of its expenditure components" in found.rule


def test_a_balance_may_be_negative_but_not_another_level():
    assert INDICATORS["net_outflows"].signed  # the consistent table has net outflows of -5
    assert not any(INDICATORS[n].signed for n in VA_INDICATORS)


@pytest.mark.parametrize(
    "name, value, rule",
    [
        ("manufacturing_share_gdp", 100.5, "share outside 0-100%"),
        ("nev_share_auto_output", -0.1, "share outside 0-100%"),
        ("retail_sales", -1.0, "negative level"),
        ("fai_growth", -100.0, "fall of 100% or more"),
    ],
)
def test_identities_of_shares_levels_and_growth(name, value, rule):
    table = consistent_table()
    table[0, NAMES.index(name), 1] = value
    found = find_violation(table, NAMES, [2025, 2026, 2027, 2028])
    assert found.indicator == name and rule in found.rule


# --- the guard in a run ------------------------------------------------------------------------


def poison(monkeypatch, when):
    """Make the model write NaN into gdp in 2028 for the draws where ``when(drivers)`` holds."""
    real = simulate_module.project

    def poisoned(baseline, params, drivers, innovations, *args, **kwargs):
        out = real(baseline, params, drivers, innovations, *args, **kwargs)
        with np.errstate(invalid="ignore"):
            out["gdp"][when(drivers), 3] = np.nan
        return out

    replace_everywhere(monkeypatch, real, poisoned, ["sim.execution.what_if"])


def scenario_file(write_scenario, levers: str = "") -> str:
    text = "name: guarded\ndescription: d\npipeline_replications: 0\n"
    return str(write_scenario(text + (f"levers:\n{levers}" if levers else "")))


def test_a_nan_stops_the_run_naming_indicator_year_and_input_and_writes_nothing(
    write_scenario, monkeypatch, tmp_path, capsys
):
    poison(monkeypatch, lambda d: d.inputs["credit_growth"][:, 2] > 20)
    path = scenario_file(write_scenario, "  credit_growth: 25\n  tradein_subsidy: 9\n")
    out = tmp_path / "out"
    assert main(["run", path, "--draws", "30", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "gdp in 2028 (draw 0) is nan (not a finite number)" in err
    assert "the first offending input is levers.credit_growth (25 in this draw)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["scenario.yaml"]


def test_the_guard_names_an_event_when_it_is_the_cause(write_scenario, monkeypatch):
    poison(monkeypatch, lambda d: d.events[:, 1, 0] < -10)
    text = "name: g\ndescription: d\npipeline_replications: 0\nevents:\n"
    text += "  - {name: crash, year: 2027, sectors: [agriculture], size: -20}\n"
    from sim.inputs.scenario import load_scenario

    with pytest.raises(ResultError, match="the first offending input is the event 'crash'"):
        simulate(load_scenario(write_scenario(text)), draws=10)


def test_a_nan_no_input_explains_is_an_internal_fault_exit_3(
    write_scenario, monkeypatch, tmp_path, capsys
):
    poison(monkeypatch, lambda d: np.ones(d.shape[0], dtype=bool))
    out = tmp_path / "out"
    assert main(["run", scenario_file(write_scenario), "--draws", "30", "--out", str(out)]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("internal error (ResultFault: scenario guarded: gdp in 2028 (draw 0)")
    assert "rerun with --debug" in err and not out.exists()


def test_debug_shows_the_traceback_of_an_internal_fault(write_scenario, monkeypatch, capsys):
    poison(monkeypatch, lambda d: np.ones(d.shape[0], dtype=bool))
    with pytest.raises(ResultFault):
        simulate(replace(load(write_scenario), draws=5))
    assert main(["--debug", "validate", "/nonexistent.yaml"]) == 2  # user errors: no traceback
    monkeypatch.setenv("CQSIM_DEBUG", "1")
    assert main(["run", scenario_file(write_scenario), "--draws", "5", "--quiet"]) == 3
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def load(write_scenario):
    from sim.inputs.scenario import load_scenario

    return load_scenario(scenario_file(write_scenario))


def test_runtime_warnings_stay_errors_in_the_tests():
    assert runtime_warnings_are_errors()
    with pytest.raises(RuntimeWarning):
        np.float64(0.0) / np.float64(0.0)


def test_in_production_runtime_warnings_are_silenced_for_the_guard_to_report():
    with warnings.catch_warnings(record=True) as seen:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        assert not runtime_warnings_are_errors()
        with numeric_warnings_guarded():
            value = np.float64(0.0) / np.float64(0.0)
    assert np.isnan(value) and not seen


# --- the 0/0 at its cause ------------------------------------------------------------------------


def test_spending_growth_is_the_ordinary_rate_above_the_floor_bit_for_bit():
    spend = np.array([[[10.0, 4.0], [12.0, 3.0], [9.0, 3.3]]])  # (1, years + 1, kinds)
    floor = np.array([0.5, 0.2])
    old = 100 * (spend[:, 1:] / spend[:, :-1] - 1)
    assert np.array_equal(spending_growth(spend, floor), old)


def test_spending_that_stops_and_restarts_has_finite_growth():
    reference, floor = 100.0, SPENDING_FLOOR_SHARE * 100.0
    spend = np.array([[[reference], [2.0], [0.0], [0.0], [reference]]])
    growth = spending_growth(spend, np.array([floor]))[0, :, 0]
    # Counted as at least 5: 100 -> 5: -95%; 5 -> 5 -> 5: no change; 5 -> 100: +1900%.
    np.testing.assert_allclose(growth, [-95.0, 0.0, 0.0, 1900.0])
    assert SPENDING_FLOOR_SHARE == pytest.approx(0.05)


def test_the_issues_scenario_without_projects_to_2035_is_finite(write_scenario, setup):
    from sim.inputs.scenario import load_scenario

    path = write_scenario(
        "name: no_projects\ndescription: d\nextends: baseline\nhorizon: 2035\n"
        "pipeline_replications: 1\nlevers:\n  industrial_projects: 0\n"
        "  tech_transformation_projects: 0\n"
    )
    ensemble = simulate(load_scenario(path), draws=8, setup=setup)
    summary = ensemble.summary()
    assert np.isfinite(summary[["mean", "p05", "p50", "p95"]].to_numpy()).all()
    investment = summary[(summary.variable == "industrial_investment_growth")].set_index("year")
    assert investment.loc[2027, "p50"] < -20  # spending winds down with no new projects


def limits_table(scenario, setup) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """The model's results with each input alone at its minimum and at its maximum: a draw each."""
    cases = [(name, side) for name in ALL_INPUTS for side in ("min", "max")]
    drivers, innovations = draw_range(scenario, 0, len(cases))
    for j, (name, side) in enumerate(cases):
        spec = ALL_INPUTS[name]
        drivers.inputs[name][j, :] = spec.low if side == "min" else spec.high
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, 0, len(cases))
    reference = setup.reference_path(tuple(scenario.years))
    out = project(setup.baseline, params, drivers, innovations, reference=reference)
    return np.stack([out[k] for k in NAMES], axis=1), cases


@pytest.mark.parametrize("horizon", HORIZONS)
def test_every_input_at_its_minimum_and_maximum_is_finite_and_consistent(
    baseline_scenario, setup, horizon
):
    scenario = replace(baseline_scenario, horizon=horizon, pipeline_replications=0)
    table, cases = limits_table(scenario, setup)
    found = find_violation(table, NAMES, [FIRST_YEAR - 1, *scenario.years])
    assert found is None, f"{cases[found.draw]}: {found.describe()}"


def at_limits(scenario, names, side: str):
    """``scenario`` with the inputs ``names`` at their minimum or maximum."""
    pick = {n: (ALL_INPUTS[n].low if side == "min" else ALL_INPUTS[n].high) for n in names}
    return replace(scenario, inputs={**scenario.inputs, **pick})


@pytest.mark.parametrize("horizon", HORIZONS)
def test_the_pipeline_at_its_lowest_inputs_gives_finite_results(baseline_scenario, setup, horizon):
    """The issue's NaN: no projects at all; every pipeline input at its minimum."""
    scenario = replace(baseline_scenario, horizon=horizon, pipeline_replications=1)
    ensemble = simulate(at_limits(scenario, INPUT_NAMES, "min"), draws=4, setup=setup)
    assert np.isfinite(ensemble.summary()["p50"]).all()


@pytest.mark.parametrize("horizon", HORIZONS if LONG else [FIRST_YEAR])
def test_the_pipeline_at_its_highest_inputs_gives_finite_results(baseline_scenario, setup, horizon):
    """Every pipeline input at its maximum: thousands of projects (15 s to 2035: long profile)."""
    scenario = replace(baseline_scenario, horizon=horizon, pipeline_replications=1)
    ensemble = simulate(at_limits(scenario, INPUT_NAMES, "max"), draws=4, setup=setup)
    assert np.isfinite(ensemble.summary()["p50"]).all()


if LONG:  # CQSIM_FUZZ_PROFILE=long: about 160 pipeline runs, minutes (README, "Testing")

    @pytest.mark.parametrize("horizon", HORIZONS)
    @pytest.mark.parametrize("side", ["min", "max"])
    @pytest.mark.parametrize("name", INPUT_NAMES)
    def test_each_pipeline_input_alone_at_each_limit_for_every_horizon(
        baseline_scenario, setup, name, side, horizon
    ):
        scenario = replace(baseline_scenario, horizon=horizon, pipeline_replications=1)
        ensemble = simulate(at_limits(scenario, [name], side), draws=4, setup=setup)
        assert np.isfinite(ensemble.summary()["p50"]).all()
