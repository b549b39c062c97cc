"""Reproducibility and summaries: same seed, same numbers, whatever the chunk size."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from sim.execution.simulate import simulate
from sim.execution.streams import BLOCK
from sim.results import PERCENTILES, SUMMARY_COLUMNS


def _same(a, b) -> None:
    assert a.values.keys() == b.values.keys()
    for name in a.values:
        np.testing.assert_array_equal(a.values[name], b.values[name], err_msg=name)


def test_same_seed_gives_identical_results(baseline_scenario, setup):
    a = simulate(baseline_scenario, draws=300, seed=7, setup=setup)
    b = simulate(baseline_scenario, draws=300, seed=7, setup=setup)
    _same(a, b)


@pytest.mark.parametrize("chunk_size", [1, 97, BLOCK, BLOCK + 1])
def test_results_do_not_depend_on_chunk_size(baseline_scenario, setup, chunk_size):
    draws = BLOCK + 150 if chunk_size >= 97 else 120
    whole = simulate(baseline_scenario, draws=draws, seed=3, setup=setup, chunk_size=10**9)
    chunked = simulate(baseline_scenario, draws=draws, seed=3, setup=setup, chunk_size=chunk_size)
    _same(whole, chunked)


def test_first_draws_do_not_depend_on_the_number_of_draws(baseline_scenario, setup):
    small = simulate(baseline_scenario, draws=50, seed=11, setup=setup)
    large = simulate(baseline_scenario, draws=500, seed=11, setup=setup)
    for name in small.values:
        np.testing.assert_array_equal(small.values[name], large.values[name][:50])


def test_a_different_seed_gives_different_draws(baseline_scenario, setup):
    a = simulate(baseline_scenario, draws=100, seed=1, setup=setup)
    b = simulate(baseline_scenario, draws=100, seed=2, setup=setup)
    assert not np.array_equal(a.values["gdp"], b.values["gdp"])


def test_uncertainty_is_a_distribution_not_a_line(baseline_scenario, setup):
    result = simulate(baseline_scenario, draws=500, seed=5, setup=setup)
    gdp_2030 = result.indicator("gdp")[2030]
    assert gdp_2030.std() > 0.01 * gdp_2030.mean()


def test_common_random_numbers_isolate_a_lever(baseline_scenario, setup):
    more_credit = replace(
        baseline_scenario, inputs={**baseline_scenario.inputs, "credit_growth": 9.0}
    )
    a = simulate(baseline_scenario, draws=200, seed=9, setup=setup)
    b = simulate(more_credit, draws=200, seed=9, setup=setup)
    # Same shocks: every draw's financial assets move the same way, none the other way.
    diff = b.values["financial_assets"][:, 1:] - a.values["financial_assets"][:, 1:]
    assert np.all(diff > 0)
    # Indicators the lever does not reach are identical draw by draw.
    np.testing.assert_array_equal(a.values["hidden_debt"], b.values["hidden_debt"])


def test_summary_is_tidy_with_ordered_percentiles(baseline_scenario, setup):
    result = simulate(baseline_scenario, draws=400, seed=4, setup=setup)
    summary = result.summary()
    assert list(summary.columns) == SUMMARY_COLUMNS
    assert set(summary["year"]) == set(range(2025, 2031))
    p = summary[list(PERCENTILES)].to_numpy()
    assert np.all(np.diff(p, axis=1) >= 0)
    gdp25 = summary[(summary.variable == "gdp") & (summary.year == 2025)].iloc[0]
    assert gdp25["p05"] == pytest.approx(3380) and gdp25["p95"] == pytest.approx(3380)


def test_summary_matches_numpy_percentiles(baseline_scenario, setup):
    result = simulate(baseline_scenario, draws=333, seed=4, setup=setup)
    s = result.summary().set_index(["variable", "year"])
    gdp = result.values["gdp"][:, 2]  # 2027
    assert s.loc[("gdp", 2027), "p50"] == pytest.approx(np.median(gdp))
    assert s.loc[("gdp", 2027), "mean"] == pytest.approx(gdp.mean())


def test_draws_frame_has_one_row_per_draw_and_year(baseline_scenario, setup):
    result = simulate(baseline_scenario, draws=20, seed=4, setup=setup)
    frame = result.draws_frame()
    assert len(frame) == 20 * len(result.years)
    assert isinstance(frame, pd.DataFrame)
    row = frame[(frame.draw == 3) & (frame.year == 2028)].iloc[0]
    assert row["gdp"] == result.values["gdp"][3, 3]
