"""One step of each model equation against values worked out by hand from its docstring.

In the style of Tax-Calculator's ``test_calcfunctions``: each test gives a block function simple
inputs (one draw, sometimes two) and a few parameters set to round numbers on the provisional
fixture of ``tests/model_fixture_v2.py``, and compares its result with the docstring's equation
computed here with the arithmetic written out. Floors (``MIN_GROWTH``), binding capacities and the
clipped debt pace each get a case of their own. The scalar reference (``sim.model.reference``)
checks the same equations all together; these check them one at a time, against the docstrings.
"""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from sim.model import (
    accounts,
    growth,
    households,
    investment,
    labour,
    prices,
    property,
    shares,
    trade,
)
from sim.model import public_finance as pf
from sim.model.core import _capacity, _lever_impulses, _supply
from sim.model.floors import MIN_GROWTH, grow, log_growth
from sim.model.interface import PipelinePaths
from sim.model.sectors import N_SECTORS, SECTOR_INDEX, SECTORS
from tests.model_fixture_v2 import P, S

AGR, AUTO, ELEC, OTHER = (SECTOR_INDEX[s] for s in SECTORS[:4])
ENERGY, CONSTR, FIN, PROD = (SECTOR_INDEX[s] for s in SECTORS[4:8])
RE, CONS, PUB = (SECTOR_INDEX[s] for s in SECTORS[8:])


def a(*values: float) -> np.ndarray:
    """A (draws,) array."""
    return np.array(values, dtype=float)


def row(values: np.ndarray) -> np.ndarray:
    """One draw of a (sectors,) array: shape (1, sectors)."""
    return np.asarray(values, dtype=float)[np.newaxis, :]


# Floors ---------------------------------------------------------------------------------------


def test_grow_applies_the_growth_rate_and_floors_it_at_minus_95():
    np.testing.assert_allclose(grow(a(200.0, 200.0), a(10.0, -120.0)), [200 * 1.10, 200 * 0.05])
    assert MIN_GROWTH == -95.0


def test_log_growth_is_100_times_the_log_change():
    np.testing.assert_allclose(log_growth(a(110.0), a(100.0)), [100 * np.log(1.1)])


# growth.py ------------------------------------------------------------------------------------


def test_gdp_baseline_adds_the_national_response_and_convergence():
    """G = gdp_intercept + gdp_national_response (g_N - centre) + convergence ln rel."""
    p = replace(
        P,
        gdp_intercept=5.0,
        national_growth_centre=5.0,
        gdp_national_response=1.5,
        convergence_coefficient=-2.0,
    )
    g = growth.gdp_baseline(p, a(6.0, 4.0), a(0.1, -0.2))
    np.testing.assert_allclose(g, [5.0 + 1.5 * 1.0 - 2.0 * 0.1, 5.0 + 1.5 * -1.0 - 2.0 * -0.2])


def test_sector_baselines_keep_group_differences_and_sum_to_the_gdp_baseline():
    """raw_s = group_intercept_k + group_response_k (g_N - centre) + services_income_effect
    income_gain [services] + differential_s; base_s = raw_s - sum_j w_j raw_j + G."""
    p = replace(
        P,
        national_growth_centre=5.0,
        group_intercept=a(-1.0, 0.0, 1.0),
        group_national_response=a(0.0, 2.0, 1.0),
        services_income_effect=1.0,
        sector_differential=S(automotive=2.0),
    )
    weights = row([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.08, 0.08, 0.08, 0.08, 0.08])
    base = growth.sector_baselines(p, a(6.0), a(0.5), a(4.0), weights)
    # raw: primary -1 + 0 x 1 = -1; automotive 0 + 2 x 1 + 2 = 4; other secondary 0 + 2 x 1 = 2;
    # tertiary 1 + 1 x 1 + 1 x 0.5 = 2.5.
    centre = 0.1 * -1 + 0.1 * 4 + 0.4 * 2 + 0.4 * 2.5  # = 2.1
    raw = np.array([-1, 4, 2, 2, 2, 2, 2.5, 2.5, 2.5, 2.5, 2.5])
    np.testing.assert_allclose(base, row(raw - centre + 4.0))
    assert (weights * base).sum() == pytest.approx(4.0)


def test_sector_shocks_persist_and_add_group_and_sector_innovations():
    """u_s,t = persistence_k u_s,t-1 + group_sd_k (F z_grp)_k + sector_sd_s z_sec."""
    p = replace(
        P,
        shock_persistence=a(0.0, 0.5, 0.4),
        group_shock_sd=a(2.0, 3.0, 1.0),
        sector_shock_sd=S(automotive=2.0),
    )
    factor = np.array([[1.0, 0.0, 0.0], [0.5, np.sqrt(0.75), 0.0], [0.0, 0.0, 1.0]])
    u = growth.sector_shocks(
        p, np.ones((1, N_SECTORS)), row([1.0, -1.0, 0.5]), np.ones((1, N_SECTORS)), factor
    )
    secondary = 3.0 * (0.5 * 1.0 + np.sqrt(0.75) * -1.0)  # group sd x (F z)_secondary
    assert u[0, AGR] == pytest.approx(0.0 * 1 + 2.0 * 1.0 + 0.0)
    assert u[0, AUTO] == pytest.approx(0.5 * 1 + secondary + 2.0 * 1.0)
    assert u[0, ELEC] == pytest.approx(0.5 * 1 + secondary)
    assert u[0, CONS] == pytest.approx(0.4 * 1 + 1.0 * 0.5)


def test_group_shock_factor_reproduces_the_correlation():
    p = replace(P, group_shock_correlation=np.array([[1, 0.5, 0], [0.5, 1, 0], [0, 0, 1.0]]))
    f = growth.group_shock_factor(p)
    np.testing.assert_allclose(f @ f.T, p.group_shock_correlation)


def test_relative_income_moves_with_growth_differences():
    """ln rel_t = ln rel_t-1 + ln(1 + g_Y) - ln(1 + g_N) - ln(1 + pop) + ln(1 + pop_N)."""
    p = replace(P, population_growth=-0.5, national_population_growth=0.0)
    out = growth.next_log_rel_income(p, a(0.1), a(6.0), a(4.0))
    assert out[0] == pytest.approx(0.1 + np.log(1.06) - np.log(1.04) - np.log(0.995))


# investment.py --------------------------------------------------------------------------------

INVESTMENT = {
    "credit_investment_effect": 0.2,
    "investment_accelerator": 1.0,
    "industrial_investment_base": 8.0,
    "industrial_investment_shock_sd": 3.0,
    "fai_other_growth": 4.0,
    "fai_shock_sd": 2.0,
    "industrial_projects_elasticity": 0.2,
    "tech_projects_elasticity": 0.1,
    "fai_weight_infrastructure": 0.3,
    "fai_weight_other": 0.15,
}
X = {
    "credit_growth": a(9.0),
    "infrastructure_investment": a(5.0),
    "industrial_projects": a(660.0),
    "tech_transformation_projects": a(1350.0),
    "property_recovery": a(-6.0),
}
R = {
    "credit_growth": 7.0,
    "infrastructure_investment": 3.0,
    "industrial_projects": 600.0,
    "tech_transformation_projects": 1500.0,
    "property_recovery": -8.0,
}
Z = {"industrial_investment": a(1.0), "fai": a(-1.0)}


def test_component_growth_in_the_reduced_form():
    """infrastructure = x - squeeze; industrial = base + credit + accelerator + projects + sd z;
    real estate = x.property_recovery; other = fai_other_growth + credit + accelerator + sd z."""
    p = replace(P, **INVESTMENT)
    growth_k, reference = investment.component_growth(p, X, R, Z, a(0.5), a(1.5), None, None)
    credit = 0.2 * (9 - 7)  # 0.4
    projects = 0.2 * 100 * (660 / 600 - 1) + 0.1 * 100 * (1350 / 1500 - 1)  # 2 - 1
    industrial = 8.0 + credit + 1.0 * 0.5 + projects + 3.0 * 1.0
    other = 4.0 + credit + 1.0 * 0.5 + 2.0 * -1.0
    np.testing.assert_allclose(growth_k, [[5.0 - 1.5, industrial, -6.0, other]])
    np.testing.assert_allclose(reference, [[3.0, 8.0, -8.0, 4.0]])


def test_component_growth_with_the_pipeline_replaces_the_project_elasticities():
    """With the pipeline: industrial adds g_pipeline,industry instead of the projects' terms,
    infrastructure adds g_pipeline,infrastructure; the shocks keep only the variance the
    pipeline does not supply: sd_ind^2 = 3^2 - 5, sd_other^2 = 2^2 - (0.3 / 0.15)^2 0.75."""
    p = replace(P, **INVESTMENT)
    growth_k, _ = investment.component_growth(
        p, X, R, Z, a(0.5), a(1.5), np.array([[1.5, -2.0]]), np.array([5.0, 0.75])
    )
    industrial = 8.0 + 0.4 + 0.5 + 1.5 + np.sqrt(9 - 5) * 1.0
    other = 4.0 + 0.4 + 0.5 + np.sqrt(4 - 4 * 0.75) * -1.0
    np.testing.assert_allclose(growth_k, [[5.0 - 1.5 - 2.0, industrial, -6.0, other]])


def test_shock_sds_are_floored_at_zero_when_the_pipeline_supplies_all_the_variance():
    p = replace(P, **INVESTMENT)
    assert investment.shock_sds(p, None) == (3.0, 2.0)
    industrial, other = investment.shock_sds(p, np.array([10.0, 2.0]))
    assert industrial == 0.0 and other == 0.0


def test_investment_demand_gap_weights_the_component_gaps_by_last_years_levels():
    """d_I = elasticity sum_{c != infra} (I_c,t-1 / sum I) (g_c - g_c,ref)
    + infrastructure_capital_share (I_infra,t-1 / GCF_t-1) (g_infra - g_infra,ref)."""
    p = replace(P, investment_demand_elasticity=0.6, infrastructure_capital_share=0.8)
    levels = row([300.0, 200.0, 300.0, 200.0])
    growth, reference = row([5.0, 7.0, -8.0, 7.0]), row([3.0, 8.0, -8.0, 4.0])
    gap = investment.demand_gap(p, levels, growth, reference, np.array([800.0]))
    assert gap[0] == pytest.approx(0.6 * (0.2 * -1 + 0.3 * 0 + 0.2 * 3) + 0.8 * 300 / 800 * 2)


def test_infrastructure_adds_its_capital_share_of_capital_formation_rmb_for_rmb():
    """1 pp more infrastructure growth on I_infra = 300 adds 3 bn of FAI and 0.8 x 3 = 2.4 bn of
    capital formation: 0.3 pp of a GCF of 800 bn, whatever the other components do."""
    p = replace(P, investment_demand_elasticity=0.6, infrastructure_capital_share=0.8)
    levels = row([300.0, 200.0, 300.0, 200.0])
    reference = row([3.0, 8.0, -8.0, 4.0])
    moved = investment.demand_gap(
        p, levels, reference + row([1.0, 0, 0, 0]), reference, np.array([800.0])
    )
    assert moved[0] == pytest.approx(100 * 2.4 / 800)


def test_fai_weights_are_the_four_parameters_in_component_order():
    p = replace(
        P,
        fai_weight_infrastructure=0.1,
        fai_weight_industrial=0.2,
        fai_weight_real_estate=0.3,
        fai_weight_other=0.4,
    )
    np.testing.assert_array_equal(investment.fai_weights(p), [0.1, 0.2, 0.3, 0.4])
    assert investment.FAI_COMPONENTS[investment.INFRA] == "infrastructure"


# households.py --------------------------------------------------------------------------------


def test_wage_bill_and_income_drivers():
    """W = sum_s share_s VA_s; operating ~ VA of agriculture and consumer services; property ~
    financial assets; transfers ~ budget expenditure."""
    p = replace(P, compensation_share=S(agriculture=0.5, finance=0.4))
    va = row(S(agriculture=100.0, finance=200.0, consumer_services=50.0))
    np.testing.assert_allclose(households.wage_bill(p, va), [0.5 * 100 + 0.4 * 200])
    drivers = households.income_drivers(p, va, a(9000.0), a(600.0))
    np.testing.assert_allclose(drivers, [[130.0, 100.0 + 50.0, 9000.0, 600.0]])


def test_consumption_follows_income_and_corrects_towards_its_ratio():
    """dln C = elasticity dln YD_t-1 + adjustment 100 ln(ratio YD_t-1 / C_t-1) + wealth + sd z."""
    p = replace(
        P, consumption_income_elasticity=0.9, consumption_adjustment=0.3, consumption_shock_sd=1.0
    )
    g = households.consumption_core_growth(p, a(5.0), a(1000.0), a(820.0), 0.8, a(0.1), a(0.5))
    assert g[0] == pytest.approx(0.9 * 5.0 + 0.3 * 100 * np.log(0.8 * 1000 / 820) + 0.1 + 0.5)


def test_tradein_adds_consumption_and_retail_less_last_years_payback():
    """C_extra = mult_C (gap - payback gap_last); R_extra = mult_R (same)."""
    p = replace(
        P, tradein_consumption_multiplier=1.5, tradein_retail_multiplier=2.0, tradein_payback=0.5
    )
    c, r = households.tradein_levels(p, a(4.0, 0.0), a(2.0, 2.0))
    np.testing.assert_allclose(c, [1.5 * (4 - 0.5 * 2), 1.5 * (0 - 0.5 * 2)])
    np.testing.assert_allclose(r, [2.0 * (4 - 0.5 * 2), 2.0 * (0 - 0.5 * 2)])


def test_retail_core_growth_follows_consumption():
    p = replace(P, retail_consumption_elasticity=1.1, retail_shock_sd=0.5)
    assert households.retail_core_growth(p, a(4.0), a(2.0))[0] == pytest.approx(1.1 * 4 + 0.5 * 2)


def test_wealth_term_is_mpc_times_wealth_ratio_times_the_price_gap():
    p = replace(
        P,
        housing_wealth_mpc=0.02,
        housing_wealth_to_consumption=5.0,
        house_price_investment_elasticity=0.4,
    )
    assert households.wealth_term(p, a(5.0))[0] == pytest.approx(0.02 * 5.0 * 0.4 * 5.0)


# property.py ----------------------------------------------------------------------------------


def test_house_prices_follow_cpi_drift_and_the_property_gap():
    p = replace(P, house_price_drift=-1.5, house_price_investment_elasticity=0.4)
    assert property.house_price_growth(p, a(1.0), a(5.0))[0] == pytest.approx(1 - 1.5 + 0.4 * 5)


def test_sales_value_is_floor_area_times_price_with_both_floored():
    """g_A = max(elasticity x.property_recovery, -95); g = 100((1 + g_A)(1 + max(hp, -95)) - 1)."""
    p = replace(P, sales_investment_elasticity=0.85)
    g = property.sales_growth(p, a(-10.0, -200.0), a(2.0, -99.0))
    np.testing.assert_allclose(
        g, [100 * ((1 - 0.085) * 1.02 - 1), 100 * ((1 - 0.95) * (1 - 0.95) - 1)]
    )


def test_land_revenue_follows_last_years_sales_floored():
    p = replace(P, land_sales_elasticity=1.2)
    np.testing.assert_allclose(property.land_revenue_growth(p, a(10.0, -100.0)), [12.0, -95.0])


# public_finance.py ----------------------------------------------------------------------------


def test_resolved_debt_is_the_pace_share_of_the_stock_with_the_pace_clipped():
    """resolved = clip(pace, 0, 100) / 100 H_t-1."""
    np.testing.assert_allclose(
        pf.resolved_debt(a(20.0, 150.0, -5.0), a(500.0, 500.0, 500.0)),
        [0.2 * 500, 1.0 * 500, 0.0],
    )


def test_debt_squeeze_is_the_extra_resolution_over_infrastructure():
    """squeeze = effect 100 (resolved - resolved_ref) / I_infra,t-1."""
    p = replace(P, debt_infrastructure_effect=0.3)
    assert pf.debt_squeeze(p, a(100.0), a(80.0), a(600.0))[0] == pytest.approx(0.3 * 100 * 20 / 600)


def test_budget_grows_with_nominal_gdp_and_transfers_with_china():
    """R = R(1 + buoyancy y); E = E(1 + elasticity y); TR = TR(1 + (g_N + pi_N)), floored."""
    p = replace(P, revenue_buoyancy=1.2, expenditure_elasticity=0.9)
    r, e, tr = pf.budget(
        p, a(300.0, 300.0), a(600.0, 600.0), a(200.0, 200.0), a(5.0, -200.0), a(5.0, 5.0)
    )
    np.testing.assert_allclose(r, [300 * (1 + 1.2 * 5 / 100), 300 * 0.05])
    np.testing.assert_allclose(e, [600 * (1 + 0.9 * 5 / 100), 600 * 0.05])
    np.testing.assert_allclose(tr, [200 * 1.05, 200 * 1.05])


# prices.py ------------------------------------------------------------------------------------


def test_cpi_is_national_cpi_plus_last_years_demand_pressure():
    p = replace(P, cpi_demand_slope=0.2)
    assert prices.cpi(p, a(0.5), a(1.5))[0] == pytest.approx(0.5 + 0.2 * 1.5)


def test_deflators_mix_ppi_and_cpi_and_real_estate_follows_house_prices():
    """pi_s = w_s ppi + (1 - w_s) cpi + drift_s; real estate + weight (hp - cpi)."""
    p = replace(
        P,
        ppi_weight=S(automotive=1.0, construction=0.5),
        price_drift=S(agriculture=0.5),
        real_estate_house_price_weight=0.5,
    )
    out = prices.deflators(p, a(1.0), a(-2.0), a(3.0))[0]
    assert out[AGR] == pytest.approx(0 * -2 + 1 * 1 + 0.5)
    assert out[AUTO] == pytest.approx(1 * -2 + 0 * 1)
    assert out[CONSTR] == pytest.approx(0.5 * -2 + 0.5 * 1)
    assert out[RE] == pytest.approx(1.0 + 0.5 * (3 - 1))


# labour.py ------------------------------------------------------------------------------------


def test_group_growth_is_value_added_weighted():
    va = row(S(agriculture=100, automotive=100, electronics=300, finance=100, real_estate=300))
    g = row(S(agriculture=2, automotive=10, electronics=2, finance=4, real_estate=8))
    expected = [[2.0, (100 * 10 + 300 * 2) / 400, (100 * 4 + 300 * 8) / 400]]
    np.testing.assert_allclose(labour.group_growth(va, g), expected)


def test_employment_follows_its_trend_and_output_above_baseline():
    """E_k = E_k,t-1 (1 + (trend_k + elasticity_k (g_k - base_k)) / 100)."""
    p = replace(P, employment_trend=a(-2.0, -1.0, 1.5), employment_output_elasticity=a(0, 0.5, 0.1))
    e = labour.employment(p, row([300.0, 400.0, 900.0]), row([3.0, 8.0, 4.0]), row([2.0, 6.0, 5.0]))
    np.testing.assert_allclose(e, [[300 * 0.98, 400 * (1 + (-1 + 0.5 * 2) / 100), 900 * 1.014]])


def test_new_urban_jobs_are_replacement_plus_net_growth_never_negative():
    p = replace(P, job_turnover_rate=0.06)
    jobs = labour.new_urban_jobs(p, a(1000.0, 1000.0), a(1010.0, 900.0))
    np.testing.assert_allclose(jobs, [0.06 * 1000 + 10, 0.0])  # 60 - 100 < 0: floored


# trade.py -------------------------------------------------------------------------------------


def test_export_growth_adds_demand_sector_surprises_and_the_corridor():
    p = replace(
        P,
        export_trend=4.0,
        export_demand_elasticity=2.0,
        trade_electronics_weight=0.5,
        trade_automotive_weight=0.1,
        ilstc_trade_share=0.035,
        trade_shock_sd=5.0,
    )
    x = {"export_demand_growth": a(5.0), "ilstc_freight_growth": a(30.0)}
    r = {"export_demand_growth": 3.0, "ilstc_freight_growth": 20.0}
    g = row(S(electronics=8.0, automotive=5.0))
    base = row(S(electronics=6.0, automotive=7.0))
    out = trade.export_growth(p, x, r, g, base, a(0.2))
    assert out[0] == pytest.approx(4 + 2 * 2 + 0.5 * 2 + 0.1 * -2 + 0.035 * 10 + 5 * 0.2)


def test_import_growth_follows_exports_and_domestic_demand():
    p = replace(P, import_trend=2.0, import_export_elasticity=0.8, import_demand_elasticity=1.0)
    p = replace(p, export_trend=4.0)
    assert trade.import_growth(p, a(10.0), a(0.5))[0] == pytest.approx(2 + 0.8 * 6 + 1.0 * 0.5)


# accounts.py ----------------------------------------------------------------------------------


def test_net_outflows_balance_the_expenditure_account():
    assert accounts.net_outflows(a(3000.0), a(1200.0), a(500.0), a(1800.0))[0] == -500.0


def test_contributions_at_last_years_prices_add_up_to_real_growth():
    """c_cons = 100 ((C + Cg) / (1 + p_C) - (C + Cg)_t-1) / GDP_t-1; c_inv likewise with p_I;
    c_net = g_Y - c_cons - c_inv."""
    c_cons, c_inv, c_net = accounts.contributions(
        a(3000.0), a(1785.0), a(1700.0), a(2.0), a(1854.0), a(1800.0), a(3.0), a(4.0)
    )
    assert c_cons[0] == pytest.approx(100 * (1785 / 1.02 - 1700) / 3000)  # 1750 - 1700
    assert c_inv[0] == pytest.approx(100 * (1854 / 1.03 - 1800) / 3000)  # 1800 - 1800 = 0
    assert c_net[0] == pytest.approx(4.0 - 5 / 3 - 0)


# shares.py ------------------------------------------------------------------------------------


def test_nev_demand_share_follows_a_logistic_path():
    p = replace(P, nev_share_speed=0.5, nev_share_ceiling=0.8)
    assert shares.nev_demand_share(p, a(0.4))[0] == pytest.approx(0.4 + 0.5 * 0.4 * (1 - 0.5))


def test_sei_share_grows_with_its_premium_and_is_kept_below_100():
    p = replace(
        P,
        sei_premium=2.0,
        sei_high_tech_weight=0.3,
        sei_tech_projects_effect=2.0,
        sei_shock_sd=1.0,
    )
    out = shares.sei_share(p, a(30.0, 99.0), a(10.0, 10.0), a(6.0, 6.0), a(0.1, 0.1), a(0.5, 5.0))
    assert out[0] == pytest.approx(30 * (1 + (2 + 0.3 * 4 + 2 * 0.1 + 1 * 0.5) / 100))
    assert out[1] == 100.0  # 99 x (1 + 8.4%) clipped


def test_digital_core_share_is_the_intensity_weighted_share_of_gdp():
    p = replace(P, digital_core_intensity=S(electronics=1.0, producer_services=0.5))
    va = row(S(electronics=100.0, producer_services=200.0, finance=700.0))
    assert shares.digital_core_share(p, va)[0] == pytest.approx(100 * (100 + 100) / 1000)


def test_digitalisation_drifts_up_and_stays_within_0_and_100():
    p = replace(P, digitalisation_speed=1.0, digital_shock_sd=0.5)
    np.testing.assert_allclose(shares.digitalisation(p, a(30.0, 0.2), a(2.0, -4.0)), [32.0, 0.0])


# core.py: lever impulses, capacity, supply -------------------------------------------------------

LEVER_X = {
    "digital_economy_push": a(2.0),
    "credit_growth": a(9.0),
    "ilstc_freight_growth": a(30.0),
}
LEVER_R = {"digital_economy_push": 0.0, "credit_growth": 7.0, "ilstc_freight_growth": 20.0}


def lever_parameters():
    """No input-output links (A = 0): final demand f = VA / va_ratio; VA ratios of one half."""
    return replace(
        P,
        io_coefficients=np.zeros((N_SECTORS, N_SECTORS)),
        va_ratio=np.full(N_SECTORS, 0.5),
        digital_core_intensity=S(electronics=1.0, producer_services=0.5),
        property_real_estate_effect=0.3,
        credit_finance_effect=0.4,
        ilstc_logistics_effect=0.01,
        tradein_local_content=0.2,
        tradein_goods_split=S(automotive=0.6, electronics=0.1, other_manufacturing=0.3),
        retail_trade_margin=0.1,
        low_altitude_manufacturing_share=0.7,
    )


def test_lever_impulses_by_channel():
    """digital: intensity_s push; real estate: effect gap; finance: effect credit gap; producer
    services: ilstc effect gap; trade-in: 100 local_content split_s dC / f_s and the retail
    margin 100 margin dC / f_consumer; low altitude: 100 share dL / Y_other_mfg and
    100 (1 - share) dL / Y_producer_services."""
    p = lever_parameters()
    va = np.full((1, N_SECTORS), 100.0)  # f_s = 100 / 0.5 = 200 in every sector
    s = SimpleNamespace(va=va, real=np.full((1, N_SECTORS), 50.0), low_altitude=a(1.0))
    out = _lever_impulses(p, LEVER_X, LEVER_R, s, a(5.0), a(4.0), a(3.0))[0]
    tradein = 100 * 0.2 * 4.0 / 200  # local content x dC / f, times each sector's split
    assert out[AUTO] == pytest.approx(tradein * 0.6)
    assert out[ELEC] == pytest.approx(1.0 * 2 + tradein * 0.1)
    assert out[OTHER] == pytest.approx(tradein * 0.3 + 100 * 0.7 * (3.0 - 1.0) / 50)
    assert out[RE] == pytest.approx(0.3 * 5)
    assert out[FIN] == pytest.approx(0.4 * 2)
    assert out[PROD] == pytest.approx(0.5 * 2 + 0.01 * 10 + 100 * 0.3 * (3.0 - 1.0) / 50)
    assert out[CONS] == pytest.approx(100 * 0.1 * 4.0 / 200)
    assert out[AGR] == 0.0 and out[PUB] == 0.0


def test_reduced_form_capacity_grows_with_the_baseline_and_last_years_investment_gap():
    """K_t = K_t-1 (1 + (base + capacity_investment_elasticity gap_industrial,t-1) / 100)."""
    p = replace(P, capacity_investment_elasticity=S(automotive=0.5))
    s = SimpleNamespace(capacity=np.full((1, N_SECTORS), 100.0), industrial_investment_gap=a(2.0))
    k = _capacity(p, s, np.full((1, N_SECTORS), 4.0), None, 0)[0]
    assert k[AUTO] == pytest.approx(100 * (1 + (4 + 0.5 * 2) / 100))
    assert k[FIN] == pytest.approx(104.0)


def test_pipeline_capacity_adds_what_comes_online_and_keeps_5_percent():
    """K_t = max(K_t-1 (1 + base / 100) + capacity_gap_t, 5% of K_t-1)."""
    gap = np.zeros((1, 1, N_SECTORS))
    gap[0, 0, AUTO], gap[0, 0, ELEC] = 6.0, -500.0
    pipe = PipelinePaths(np.zeros((1, 1, 2)), gap, np.zeros((1, 1)), np.zeros(2))
    s = SimpleNamespace(capacity=np.full((1, N_SECTORS), 100.0))
    k = _capacity(P, s, np.full((1, N_SECTORS), 4.0), pipe, 0)[0]
    assert k[AUTO] == pytest.approx(104.0 + 6.0)
    assert k[ELEC] == pytest.approx(0.05 * 100)


def supply_state():
    return SimpleNamespace(
        real=np.full((1, N_SECTORS), 100.0), auto_output=a(1e6), nev_share=a(0.4)
    )


def test_supply_caps_industry_at_capacity_and_leaves_services_free():
    """Y_s = min(Y_s,t-1 (1 + g^d / 100), K_s) for industry only."""
    p = replace(P, nev_share_speed=0.5, nev_share_ceiling=0.8)
    demand = np.full((1, N_SECTORS), 10.0)
    capacity = np.full((1, N_SECTORS), 105.0)
    real, autos, nev, share = _supply(
        p, supply_state(), demand, capacity, {"nev_capacity": a(6.0)}, None, 0
    )
    assert real[0, ELEC] == pytest.approx(105.0)  # demand 110 > capacity 105
    assert real[0, CONS] == pytest.approx(110.0)  # services: no capacity limit
    assert real[0, AGR] == pytest.approx(110.0)
    assert share[0] == pytest.approx(0.4 + 0.5 * 0.4 * (1 - 0.4 / 0.8))  # 0.5
    assert autos[0] == pytest.approx(1e6 * 105 / 100)  # NEV capacity 6 m does not bind
    assert nev[0] == pytest.approx(1.05e6 * 0.5)


def test_nev_capacity_caps_nev_output_and_the_automotive_sector():
    """nev^d = autos^d share; nev = min(nev^d, C); autos = autos^d - (nev^d - nev); Y_auto
    scaled by autos / autos^d."""
    p = replace(P, nev_share_speed=0.5, nev_share_ceiling=0.8)
    demand = np.full((1, N_SECTORS), 5.0)
    capacity = np.full((1, N_SECTORS), 1e9)
    real, autos, nev, _ = _supply(
        p, supply_state(), demand, capacity, {"nev_capacity": a(0.5)}, None, 0
    )
    demanded = 1e6 * 1.05  # autos^d
    assert nev[0] == pytest.approx(0.5e6)  # nev^d = 525,000 > 500,000
    assert autos[0] == pytest.approx(demanded - (0.5 * demanded - 0.5e6))
    assert real[0, AUTO] == pytest.approx(105.0 * autos[0] / demanded)


def test_pipeline_nev_capacity_cannot_fall_below_zero():
    """C = max(x.nev_capacity 1e6 + nev_capacity_gap, 0)."""
    p = replace(P, nev_share_speed=0.5, nev_share_ceiling=0.8)
    pipe = PipelinePaths(
        np.zeros((1, 1, 2)), np.zeros((1, 1, N_SECTORS)), np.full((1, 1), -0.6e6), np.zeros(2)
    )
    demand = np.full((1, N_SECTORS), 5.0)
    capacity = np.full((1, N_SECTORS), 1e9)
    _, autos, nev, _ = _supply(
        p, supply_state(), demand, capacity, {"nev_capacity": a(0.5)}, pipe, 0
    )
    assert nev[0] == 0.0
    assert autos[0] == pytest.approx(1.05e6 - 0.5 * 1.05e6)


@pytest.mark.parametrize("k", [1, 2, 3, 4, 5, 7, 8, 9, 11, 15, 16])
def test_row_sums_are_numpys_sums_bit_for_bit(k):
    """The model sums rows with ``linalg.row_sums``; its results must be numpy's own bits."""
    from sim.model.linalg import row_sums

    rng = np.random.default_rng(k)
    x = rng.standard_normal((1000, k)) * 10.0 ** rng.integers(-8, 9, (1000, k))
    x[0] = -0.0  # numpy's sum of -0.0 is +0.0
    picked = list(rng.permutation(k)[: max(1, k - 2)])
    for rows, expected in (
        (x, x.sum(axis=1)),
        (x[:1], x[:1].sum(axis=1)),
        (x[:, 1:], x[:, 1:].sum(axis=1)),  # a strided view
        (np.asfortranarray(x), np.asfortranarray(x).sum(axis=1)),
    ):
        if rows.shape[1]:
            assert row_sums(rows).tobytes() == expected.tobytes()
    assert row_sums(x, picked).tobytes() == x[:, picked].sum(axis=1).tobytes()
