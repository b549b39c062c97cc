"""The numeric core: accounting identities, seeds in 2025, scalar oracle, monotone responses."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.execution.streams import draw_range
from sim.inputs.scenario.schema import Event
from sim.model.core import project
from sim.model.indicators import INDICATORS
from sim.model.interface import Drivers, PipelinePaths
from sim.model.io_table import gross_output, spillover_matrix
from sim.model.reference import project_reference
from sim.model.sectors import SECTOR_INDEX, SECTORS

VA = [f"va_{s}" for s in SECTORS]
SHARES = [name for name in INDICATORS if "_share_" in name]


@pytest.fixture(scope="module")
def inputs(baseline_scenario):
    return draw_range(baseline_scenario, 0, 300)


@pytest.fixture(scope="module")
def result(setup, inputs):
    return project(setup.baseline, setup.parameter_set.parameters, *inputs)


def _run(setup, drivers, innovations):
    return project(setup.baseline, setup.parameter_set.parameters, drivers, innovations)


def test_every_indicator_is_produced_with_base_year_and_horizon(result, baseline_scenario):
    assert set(result) == set(INDICATORS)
    for arr in result.values():
        assert arr.shape == (300, len(baseline_scenario.years) + 1)
        assert np.all(np.isfinite(arr))


def test_sectors_sum_to_gdp(result):
    total = sum(result[name] for name in VA)
    np.testing.assert_allclose(total, result["gdp"], rtol=1e-12)


def test_shares_stay_within_0_and_100(result):
    for name in SHARES:
        assert np.all((result[name] >= 0) & (result[name] <= 100)), name


def test_2025_reproduces_the_seeds(result):
    assert np.all(result["gdp"][:, 0] == pytest.approx(3380.0, rel=1e-12))
    assert np.all(result["nev_output"][:, 0] == 1_296_000)
    assert np.all(result["financial_assets"][:, 0] == 9500)
    assert np.all(result["gdp_real_growth"][:, 0] == 5.3)


def test_nev_output_never_exceeds_capacity(result, inputs):
    drivers, _ = inputs
    assert np.all(result["nev_output"][:, 1:] <= drivers.inputs["nev_capacity"] * 1e6 + 1e-6)


def test_real_growth_equals_nominal_growth_when_prices_are_flat(setup, inputs):
    p = setup.parameter_set.parameters
    flat = replace(p, price_drift=np.zeros(len(SECTORS)), property_price_effect=0.0)
    drivers, innov = inputs
    no_inflation = dict(drivers.inputs, inflation=np.zeros_like(drivers.inputs["inflation"]))
    out = project(setup.baseline, flat, Drivers(no_inflation, drivers.events), innov)
    nominal = 100 * (out["gdp"][:, 1:] / out["gdp"][:, :-1] - 1)
    np.testing.assert_allclose(out["gdp_real_growth"][:, 1:], nominal, rtol=1e-10, atol=1e-10)


def test_spillover_rows_sum_to_one_and_are_non_negative(setup):
    p = setup.parameter_set.parameters
    m = spillover_matrix(p.io_coefficients, gross_output(setup.baseline.va, p.va_ratio))
    np.testing.assert_allclose(m.sum(axis=1), 1.0, rtol=1e-12)
    assert np.all(m >= 0)


def test_vectorized_core_equals_scalar_reference(setup, inputs):
    drivers, innov = inputs
    n = 40
    drivers = Drivers({k: v[:n] for k, v in drivers.inputs.items()}, drivers.events[:n])
    innov = type(innov)(innov.sector[:n], {k: v[:n] for k, v in innov.series.items()})
    fast = _run(setup, drivers, innov)
    slow = project_reference(setup.baseline, setup.parameter_set.parameters, drivers, innov)
    for name in INDICATORS:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-9, err_msg=name)


def test_vectorized_core_equals_reference_when_capacity_and_events_bind(setup, baseline_scenario):
    # A boom in autos with tight NEV capacity and a large event: the supply side binds.
    scenario = replace(
        baseline_scenario,
        inputs={**baseline_scenario.inputs, "nev_capacity": 1.3},
        events=(Event("boom", 2027, ("automotive", "electronics"), 25.0, 0.7, 0.5),),
    )
    drivers, innov = draw_range(scenario, 0, 30)
    fast = _run(setup, drivers, innov)
    slow = project_reference(setup.baseline, setup.parameter_set.parameters, drivers, innov)
    assert np.any(fast["nev_output"][:, 1:] >= 1.3e6 - 1e-6), "capacity should bind somewhere"
    for name in INDICATORS:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-9, err_msg=name)


def test_vectorized_core_equals_reference_with_pipeline_paths(setup, baseline_scenario):
    # Pipeline paths with large swings, so capacity gaps and the NEV gap bind somewhere.
    drivers, innov = draw_range(baseline_scenario, 0, 40)
    rng = np.random.default_rng(3)
    n, years = drivers.shape
    paths = PipelinePaths(
        spending_growth=rng.normal(0, 8, (n, years, 2)),
        capacity_gap=rng.normal(0, 60, (n, years, len(SECTORS))),
        nev_capacity_gap=np.cumsum(rng.normal(0, 3e5, (n, years)), axis=1),
        growth_variance=np.array([3.0, 2.0]),
    )
    drivers = replace(drivers, pipeline=paths)
    fast = _run(setup, drivers, innov)
    slow = project_reference(setup.baseline, setup.parameter_set.parameters, drivers, innov)
    for name in INDICATORS:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-9, err_msg=name)


def _with_event(drivers: Drivers, year_index: int, sector: str, size: float) -> Drivers:
    events = drivers.events.copy()
    events[:, year_index, SECTOR_INDEX[sector]] += size
    return Drivers(drivers.inputs, events)


@settings(deadline=None, max_examples=40)
@given(
    sector=st.sampled_from(SECTORS),
    year_index=st.integers(0, 4),
    size=st.floats(0.0, 30.0),
    extra=st.floats(0.01, 20.0),
)
def test_larger_positive_shock_never_lowers_the_sector_it_hits(
    setup, inputs, sector, year_index, size, extra
):
    drivers, innov = inputs
    n = 50
    drivers = Drivers({k: v[:n] for k, v in drivers.inputs.items()}, drivers.events[:n])
    innov = type(innov)(innov.sector[:n], {k: v[:n] for k, v in innov.series.items()})
    small = _run(setup, _with_event(drivers, year_index, sector, size), innov)
    large = _run(setup, _with_event(drivers, year_index, sector, size + extra), innov)
    name = f"va_{sector}"
    assert np.all(large[name] >= small[name] * (1 - 1e-12))
    # and in the year it hits, the sector is strictly higher unless capacity binds in all draws
    col = year_index + 1
    assert np.all(large[name][:, col] >= small[name][:, col] * (1 - 1e-12))


@settings(deadline=None, max_examples=20)
@given(capacity=st.floats(0.5, 6.0), more=st.floats(0.01, 2.0))
def test_more_nev_capacity_never_lowers_nev_output(setup, inputs, capacity, more):
    drivers, innov = inputs
    low = dict(drivers.inputs, nev_capacity=np.full_like(drivers.inputs["nev_capacity"], capacity))
    high = dict(low, nev_capacity=low["nev_capacity"] + more)
    a = _run(setup, Drivers(low, drivers.events), innov)
    b = _run(setup, Drivers(high, drivers.events), innov)
    assert np.all(b["nev_output"] >= a["nev_output"] - 1e-6)
    assert np.all(b["va_automotive"] >= a["va_automotive"] * (1 - 1e-12))


def test_vectorized_core_equals_reference_with_sampled_parameters(setup, baseline_scenario):
    from sim.execution.streams import draw_parameters

    ps = setup.parameter_set
    assert ps.uncertainty, "the shipped parameters sample some uncertainty"
    params = draw_parameters(ps.parameters, ps.uncertainty, 5, 0, 25)
    assert params.trend_growth.shape == (25, len(SECTORS))
    drivers, innov = draw_range(baseline_scenario, 0, 25)
    fast = project(setup.baseline, params, drivers, innov)
    slow = project_reference(setup.baseline, params, drivers, innov)
    for name in INDICATORS:
        np.testing.assert_allclose(fast[name], slow[name], rtol=1e-10, atol=1e-9, err_msg=name)
