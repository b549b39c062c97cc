"""The numeric core with the shipped parameters: accounts that add up, seeds in 2025, the oracle,
the reference run and responses whose direction is known."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.execution.streams import draw_parameters, draw_range, reference_arrays
from sim.inputs.levers import ALL_INPUTS
from sim.model.core import project
from sim.model.indicators import INDICATORS
from sim.model.interface import SERIES_SHOCKS, Drivers, Innovations, PipelinePaths
from sim.model.io_table import gross_output, spillover_matrix
from sim.model.reference import project_reference
from sim.model.sectors import N_GROUPS, N_SECTORS, SECTORS

VA = [f"va_{s}" for s in SECTORS]
SHARES = [name for name in INDICATORS if "_share_" in name]
YEARS = list(range(2026, 2031))


@pytest.fixture(scope="module")
def inputs(baseline_scenario):
    return draw_range(baseline_scenario, 0, 400)


@pytest.fixture(scope="module")
def sampled(setup, baseline_scenario):
    ps = setup.parameter_set
    return draw_parameters(ps.parameters, ps.uncertainty, baseline_scenario.seed, 0, 400)


@pytest.fixture(scope="module")
def result(setup, inputs, sampled, baseline_scenario):
    reference = setup.reference_path(tuple(baseline_scenario.years))
    return project(setup.baseline, sampled, *inputs, reference=reference)


@pytest.fixture(scope="module")
def reference_run(setup):
    """Every input at its registry default, no shock, the central parameters."""
    ref = reference_arrays(YEARS)
    n_years = len(YEARS)
    drivers = Drivers(
        inputs={k: v[np.newaxis, :] for k, v in ref.items()},
        reference=ref,
        events=np.zeros((1, n_years, N_SECTORS)),
    )
    zero = Innovations(
        group=np.zeros((1, n_years, N_GROUPS)),
        sector=np.zeros((1, n_years, N_SECTORS)),
        series={k: np.zeros((1, n_years)) for k in SERIES_SHOCKS},
    )
    return project(setup.baseline, setup.parameter_set.parameters, drivers, zero)


def test_every_indicator_is_produced_with_base_year_and_horizon(result, baseline_scenario):
    assert set(result) == set(INDICATORS)
    for values in result.values():
        assert values.shape == (400, len(baseline_scenario.years) + 1)
        assert np.all(np.isfinite(values))


def test_sectors_sum_to_gdp(result):
    np.testing.assert_allclose(sum(result[v] for v in VA), result["gdp"], rtol=1e-12)


def test_gdp_by_expenditure_equals_gdp_by_sector_in_every_draw_and_year(result):
    demand = (
        result["household_consumption"]
        + result["government_consumption"]
        + result["gross_capital_formation"]
        + result["net_outflows"]
    )
    np.testing.assert_allclose(demand, result["gdp"], rtol=1e-12)


def test_demand_contributions_add_up_to_real_growth(result):
    total = (
        result["gdp_contribution_consumption"]
        + result["gdp_contribution_investment"]
        + result["gdp_contribution_net_outflows"]
    )
    np.testing.assert_allclose(total, result["gdp_real_growth"], atol=1e-10)


def test_real_growth_is_the_value_added_weighted_growth_of_sectors(result):
    """gdp_real_growth = sum_s VA_s,t-1 g_s / GDP_t-1 with g_s the real growth of sector s; with the
    deflator, nominal GDP growth = (1 + real)(1 + deflator) - 1."""
    nominal = result["gdp"][:, 1:] / result["gdp"][:, :-1] - 1
    implied = (1 + result["gdp_real_growth"][:, 1:] / 100) * (
        1 + result["gdp_deflator_growth"][:, 1:] / 100
    ) - 1
    np.testing.assert_allclose(implied, nominal, rtol=1e-10, atol=1e-12)


def test_hidden_debt_falls_by_what_is_resolved_and_total_debt_adds_the_deficit(result):
    hidden = result["hidden_debt"]
    assert np.all(np.diff(hidden, axis=1) <= 1e-9)
    assert np.all(hidden > 0)
    total = result["local_government_debt"]
    deficit = result["general_budget_expenditure"][:, 1:] - result["general_budget_revenue"][:, 1:]
    # explicit debt grows by the deficit net of transfers plus the resolved (swapped) hidden
    # debt, so the total grows by the deficit net of transfers: transfers are below E - R.
    assert np.all(np.diff(total, axis=1) < deficit)


def test_above_size_industry_keeps_its_premium_and_its_revenue_ratio(result, sampled):
    """Above-size growth = industry growth + above_size_growth_premium (pp); operating revenue of
    above-size industry keeps its 2025 ratio to industrial output, compounded by the premium:
    REV_t / OUT_t = (REV_2025 / OUT_2025) (1 + premium / 100)^t."""
    premium = np.asarray(sampled.above_size_growth_premium).reshape(-1, 1)
    np.testing.assert_allclose(
        result["industrial_va_growth_above_size"][:, 1:] - result["industrial_va_growth"][:, 1:],
        np.broadcast_to(premium, result["industrial_va_growth"][:, 1:].shape),
        atol=1e-10,
    )
    ratio = result["industrial_revenue_above_size"] / result["industrial_output"]
    years = np.arange(ratio.shape[1])
    np.testing.assert_allclose(ratio, ratio[:, :1] * (1 + premium / 100) ** years, rtol=1e-10)
    # 2025: the seeds' RMB 2,879 bn of revenue against RMB ~3,000 bn of output (a ratio near 1)
    assert 0.9 < float(ratio[0, 0]) < 1.0


def test_both_sei_shares_move_by_the_same_factor(result):
    """The value-added share (the 2027 target's basis) and the converted output share follow one
    equation with one shock, so their ratio stays at its 2025 value unless a bound binds."""
    ratio = result["sei_share_industrial_va"] / result["sei_share_industrial_output"]
    inside = result["sei_share_industrial_va"].max(axis=1) < 100
    np.testing.assert_allclose(
        ratio[inside], np.broadcast_to(ratio[inside][:, :1], ratio[inside].shape), rtol=1e-10
    )
    assert ratio[0, 0] == pytest.approx(36.5 / 30.4)


def test_shares_stay_within_0_and_100(result):
    for name in SHARES:
        assert np.all((result[name] >= 0) & (result[name] <= 100)), name


def test_2025_reproduces_the_seeds(result, setup):
    b = setup.baseline
    assert result["gdp"][0, 0] == pytest.approx(b.va.sum())
    assert result["nev_output"][0, 0] == b.nev_output
    assert result["household_consumption"][0, 0] == b.household_consumption
    assert result["exports"][0, 0] + result["imports"][0, 0] == pytest.approx(b.foreign_trade)
    assert result["population"][0, 0] == b.population
    assert result["employment"][0, 0] == pytest.approx(
        b.employment_primary + b.employment_secondary + b.employment_tertiary
    )


def test_nev_output_never_exceeds_capacity(result, inputs):
    drivers, _ = inputs
    assert np.all(result["nev_output"][:, 1:] <= drivers.inputs["nev_capacity"] * 1e6 + 1e-6)


def test_spillover_rows_sum_to_one_and_are_non_negative(setup):
    p = setup.parameter_set.parameters
    m = spillover_matrix(p.io_coefficients, gross_output(setup.baseline.va, p.va_ratio))
    np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(m >= -1e-12)


def test_reference_run_grows_at_its_baseline(reference_run):
    """With every input at its default and no shock, growth is the panel baseline G_t."""
    np.testing.assert_allclose(
        reference_run["gdp_real_growth"][0, 1:], reference_run["potential_growth"][0, 1:], atol=1e-9
    )


def test_reference_run_slows_with_china_and_does_not_drift_up(reference_run, setup):
    """The band: China's default slows 0.5 pp (4.7 to 4.2%) over 2026-2030; Chongqing's baseline
    responds by gdp_national_response (1.1) and loses about 0.1 pp more to convergence as its
    income rises relative to China's. So 2030 growth sits between 2026 growth less 0.9 pp and
    2026 growth less 0.3 pp, and no year is above the year before by more than 0.05 pp
    (rounding of the path's slope): composition and price drift cannot lift it."""
    g = reference_run["gdp_real_growth"][0, 1:]
    change = g[-1] - g[0]
    assert -0.9 <= change <= -0.3
    assert np.all(np.diff(g) <= 0.05)
    b = setup.parameter_set.parameters.gdp_national_response
    national = np.array([ALL_INPUTS["national_gdp_growth"].default_at(y) for y in YEARS])
    assert change == pytest.approx(b * (national[-1] - national[0]), abs=0.35)


def test_vectorized_core_equals_scalar_reference_with_sampled_parameters(
    setup, inputs, sampled, baseline_scenario
):
    reference = setup.reference_path(tuple(baseline_scenario.years))
    drivers, innovations = inputs
    n = 12
    cut = replace(
        drivers,
        inputs={k: v[:n] for k, v in drivers.inputs.items()},
        events=drivers.events[:n],
    )
    shocks = replace(
        innovations,
        group=innovations.group[:n],
        sector=innovations.sector[:n],
        series={k: v[:n] for k, v in innovations.series.items()},
    )
    params = replace(
        sampled,
        **{
            name: getattr(sampled, name)[:n]
            for name in setup.parameter_set.uncertainty
            if np.ndim(getattr(sampled, name)) >= 1 and np.shape(getattr(sampled, name))[0] == 400
        },
    )
    core = project(setup.baseline, params, cut, shocks, reference=reference)
    oracle = project_reference(
        setup.baseline, params, cut, shocks, reference=list(reference.consumption_excess)
    )
    for name in INDICATORS:
        np.testing.assert_allclose(core[name], oracle[name], rtol=1e-10, atol=1e-8, err_msg=name)


@pytest.mark.parametrize("with_pipeline", [False, True], ids=["reduced form", "pipeline paths"])
def test_core_equals_scalar_reference_across_every_inputs_range_with_shipped_parameters(
    setup, baseline_scenario, with_pipeline
):
    """The shipped (calibrated) parameters, sampled per draw, with every input drawn across its
    whole allowed range in every year: draw 0 at every low end, draw 1 at every high end, the
    rest uniform, so that every lever's term is far from zero (at the defaults most are zero and
    a wrong lever term would pass). With the pipeline, random paths of its spending, capacity
    and NEV capacity, one of them emptying the NEV capacity."""
    n, years = 16, baseline_scenario.years
    rng = np.random.default_rng(17)
    x = {
        name: rng.uniform(spec.low, spec.high, (n, len(years))) for name, spec in ALL_INPUTS.items()
    }
    for name, spec in ALL_INPUTS.items():
        x[name][0], x[name][1] = spec.low, spec.high
    x["tradein_subsidy"][2] = np.where(np.arange(len(years)) % 2 == 0, 60.0, 0.0)  # payback
    pipeline = None
    if with_pipeline:
        pipeline = PipelinePaths(
            spending_growth=rng.normal(0.0, 6.0, (n, len(years), 2)),
            capacity_gap=rng.normal(0.0, 15.0, (n, len(years), N_SECTORS)),
            nev_capacity_gap=np.cumsum(rng.normal(0.0, 3e5, (n, len(years))), axis=1),
            growth_variance=np.array([4.0, 30.0]),
        )
        pipeline.nev_capacity_gap[3] = -7e6
    drivers = Drivers(
        inputs=x,
        reference=reference_arrays(years),
        events=np.zeros((n, len(years), N_SECTORS)),
        pipeline=pipeline,
    )
    innovations = Innovations(
        group=rng.standard_normal((n, len(years), N_GROUPS)),
        sector=rng.standard_normal((n, len(years), N_SECTORS)),
        series={k: rng.standard_normal((n, len(years))) for k in SERIES_SHOCKS},
    )
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, baseline_scenario.seed, 0, n)
    reference = setup.reference_path(tuple(years))
    core = project(setup.baseline, params, drivers, innovations, reference=reference)
    oracle = project_reference(
        setup.baseline, params, drivers, innovations, reference=list(reference.consumption_excess)
    )
    for name in INDICATORS:
        assert np.all(np.isfinite(core[name])), name
        np.testing.assert_allclose(core[name], oracle[name], rtol=1e-10, atol=1e-8, err_msg=name)
