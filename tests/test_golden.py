"""Golden files: each shipped scenario's headline summary at a fixed seed and draw count (the
baseline on its shipped pipeline replications, the others on the tests' two: see ``AS_SHIPPED``).

Besides the shipped scenarios, ``tests/data/all_levers.yaml`` moves every lever away from its
reference value (within its plausible range), so that every lever term of the model shows in a
golden file (the shipped scenarios keep most levers at their references, where a lever's term is
zero).

A change that moves the numbers fails here on purpose. When the change is intended, regenerate
the files and review the diff before committing:

    CQSIM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

A failing comparison writes ``<scenario>.actual.csv`` beside the expected file (ignored by git).
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest

from sim.execution.simulate import simulate
from sim.inputs.levers import LEVERS
from sim.inputs.scenario import load_scenario
from sim.inputs.scenario.values import value_bounds
from sim.model.indicators import HEADLINE

from .conftest import ROOT, SHIPPED, on_test_replications

GOLDEN = ROOT / "tests" / "golden"
ALL_LEVERS = ROOT / "tests" / "data" / "all_levers.yaml"
DRAWS, SEED = 400, 1
COLUMNS = ["variable", "year", "p05", "p50", "p95"]
RTOL = 1e-6


AS_SHIPPED = "baseline"
"""The scenario whose golden file uses its shipped pipeline replications (24, as ``make run``).
The others use ``conftest.TEST_REPLICATIONS``: a golden file catches a change of the model, which
two replications show as well, and each scenario's own 24 were a cold pipeline of 12-14 CPU-s
in every test session."""


def headline_summary(scenario_path, setup) -> pd.DataFrame:
    scenario = load_scenario(scenario_path)
    if scenario.name != AS_SHIPPED:
        scenario = on_test_replications(scenario_path)
    result = simulate(scenario, draws=DRAWS, seed=SEED, setup=setup)
    summary = result.summary()
    keep = summary["variable"].isin(HEADLINE) & summary["year"].isin([2025, 2026, 2027, 2030])
    return summary.loc[keep, COLUMNS].reset_index(drop=True)


@pytest.mark.parametrize("scenario", [*SHIPPED, ALL_LEVERS], ids=lambda p: p.stem)
def test_headline_summary_matches_golden_file(scenario, setup):
    actual = headline_summary(scenario, setup)
    expected_path = GOLDEN / f"{scenario.stem}.csv"
    if os.environ.get("CQSIM_UPDATE_GOLDEN") == "1":
        actual.to_csv(expected_path, index=False, float_format="%.10g")
    assert expected_path.is_file(), "no golden file; create it with CQSIM_UPDATE_GOLDEN=1"
    expected = pd.read_csv(expected_path)
    try:
        pd.testing.assert_frame_equal(actual, expected, check_exact=False, rtol=RTOL)
    except AssertionError:
        actual.to_csv(GOLDEN / f"{scenario.stem}.actual.csv", index=False, float_format="%.10g")
        raise


def test_all_levers_scenario_moves_every_lever_within_its_plausible_range():
    scenario = load_scenario(ALL_LEVERS)
    for name, spec in LEVERS.items():
        value = scenario.inputs[name]
        low, high = value_bounds(value)
        assert spec.plausible is not None
        assert spec.plausible[0] <= low <= high <= spec.plausible[1], name
        assert isinstance(value, dict | float | int), f"{name}: a constant or a path"
        for year in scenario.years:
            at = value if not isinstance(value, dict) else _path_value(value, year)
            assert at != pytest.approx(spec.default_at(year)), f"{name} at its default in {year}"


def _path_value(path: dict[int, float], year: int) -> float:
    """A path's value in ``year``: linear between its years, flat beyond its ends."""
    years = sorted(path)
    return float(np.interp(year, years, [float(path[y]) for y in years]))


@pytest.mark.parametrize("scenario", [*SHIPPED, ALL_LEVERS], ids=lambda p: p.stem)
def test_golden_files_start_from_the_sourced_2025_figures(scenario, setup):
    """Each golden file's 2025 row is the seed documents' figure (GDP RMB 3,380 bn, NEV output
    1,296,000 units, ...), every percentile, whatever the scenario or its pipeline replications."""
    stored = pd.read_csv(GOLDEN / f"{scenario.stem}.csv")
    base = stored[stored["year"] == 2025].set_index("variable")
    sourced = {n: f for n, f in setup.seeds.figures.items() if f.year == 2025 and n in base.index}
    assert {"gdp", "nev_output", "financial_assets"} <= set(sourced)
    for name, figure in sourced.items():
        assert base.loc[name, ["p05", "p50", "p95"]].tolist() == pytest.approx(
            [figure.value] * 3, rel=1e-9
        ), name
