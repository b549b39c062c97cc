"""The vectorized projection: one annual step after another, all Monte Carlo draws at once.

Arrays are shaped (draws, ...); the only Python loop runs over years. Money is in RMB billion,
rates and impulses in percent (points). ``sim.model.reference`` computes the same equations one
draw at a time with plain floats; the tests hold the two equal.

Equations of year t (sector s; ``p.`` is a parameter, ``x.`` a scenario input, 2025 is t = 0):

Investment (nominal growth of four components, levels I_k carried from 2025 weights):
    infrastructure  = x.infrastructure_investment
                      - p.debt_infrastructure_effect * (x.debt_resolution_pace - p.debt_reference)
    industrial      = p.industrial_investment_base
                      + p.industrial_projects_elasticity * 100 (x.industrial_projects / ref - 1)
                      + p.tech_projects_elasticity * 100 (x.tech_transformation_projects / ref - 1)
                      + p.credit_investment_effect * (x.credit_growth - p.credit_ref) + sd z
    real estate     = x.property_recovery
    other           = p.fai_other_growth + p.credit_investment_effect * (credit gap) + sd z
    fai_growth      = 100 (sum_k I_k,t / sum_k I_k,t-1 - 1)

Demand impulses (deviations from the conditions under which the trend holds, pp):
    consumption = p.consumption_national_elasticity (x.national - p.national_ref)
                  + 100 p.tradein_multiplier (subsidy_t - subsidy_t-1) / retail_t-1
                  + p.property_wealth_effect (x.property_recovery - p.property_ref)
    investment  = p.investment_demand_elasticity (fai_growth - p.fai_reference)
    exports     = w (x.national - ref) + (1 - w) (x.export_demand_growth - p.export_reference)
    government  = -p.debt_government_effect (x.debt - p.debt_ref)
    d_s = sum_k share_s,k demand_k + direct lever effects_s + events_s + u_s
    u_s,t = p.shock_persistence u_s,t-1 + sd_s (C z_t)_s,  C C' = one-factor correlation

Real growth, demand side, with input-output spillovers (``sim.model.io_table``):
    g^d_s = p.trend_growth_s + (M d)_s

Supply side: capacity K_s grows at trend plus the response to last year's industrial investment,
    K_s,t = K_s,t-1 (1 + (trend_s + p.capacity_investment_elasticity_s (ii_t-1 - base)) / 100)
    Y_s,t = min(Y_s,t-1 (1 + g^d_s / 100), K_s,t)                  (real output, 2025 prices)
With the investment pipeline (``sim.model.interface.PipelinePaths``), capacity grows at trend plus
what its projects bring online beyond the reference (RMB bn, 2025 prices), NEV capacity moves
likewise, and industrial and infrastructure investment follow its spending (``_investment_growth``):
    K_s,t = K_s,t-1 (1 + trend_s / 100) + capacity_gap_s,t;  NEV cap = x.nev_capacity 1e6 + gap_t
NEV output cannot exceed ``nev_capacity``; demand above it is lost to the automotive sector:
    share_t = share_t-1 + p.nev_share_speed share_t-1 (1 - share_t-1 / p.nev_share_ceiling)
    nev_t = min(autos^d_t share_t, x.nev_capacity 1e6)
    autos_t = autos^d_t - (autos^d_t share_t - nev_t)

Prices and nominal values:
    pi_s = x.inflation + p.price_drift_s (+ p.property_price_effect * property gap, real estate)
    VA_s,t = VA_s,t-1 (1 + g_s / 100) (1 + pi_s / 100);  gdp = sum_s VA_s
    gdp_real_growth = sum_s VA_s,t-1 g_s / gdp_t-1            (chain-linked, previous-year prices)

Slow structural shares grow at a relative premium over their base (SEI over industrial output,
digital economy over GDP); financial assets, foreign trade and retail sales follow their drivers as
written in ``_series``; ``_write_year`` writes every indicator of a year. Growth rates and price
changes are floored at -95% so that levels stay positive.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from sim.model.indicators import INDICATORS, VA_INDICATORS
from sim.model.interface import Baseline, Drivers, Innovations
from sim.model.io_table import gross_output, spillover_matrix
from sim.model.parameters import Parameters
from sim.model.sectors import (
    AUTO,
    ELEC,
    FIN,
    HIGH_TECH,
    IND,
    MFG,
    N_SECTORS,
    OTHER_MFG,
    PROD,
    PRODSERV,
    REAL_ESTATE,
    SERV,
)

MIN_GROWTH = -95.0
"""Floor of any growth rate or price change, percent: keeps levels positive."""
MIN_SHARE = 1 + MIN_GROWTH / 100
"""The same floor as a share of last year's level (capacity keeps at least 5% of it)."""


def row_products(rows: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """``rows @ matrix.T``, shape (draws, matrix rows), reproducible across chunk sizes.

    A matrix product through BLAS is 10x faster than ``einsum`` here. BLAS computes a single
    row as a matrix-vector product, whose last bit can differ from the same row inside a
    larger product; so a single row is computed as two. With two or more rows, each row's
    result does not depend on how many rows are multiplied together (checked for 2 to 65,536
    rows; the tests hold every chunk size to identical results).
    """
    if rows.shape[0] == 1:
        return (np.concatenate([rows, rows]) @ matrix.T)[:1]
    return rows @ matrix.T


def shock_cholesky(loading: np.ndarray) -> np.ndarray:
    """Cholesky factor C of the one-factor correlation R = l l' + diag(1 - l^2), shape (S, S).

    ``loading`` (sectors,) in [-1, 1] is each sector's correlation with a common shock.
    """
    corr = np.outer(loading, loading)
    np.fill_diagonal(corr, 1.0)
    return np.linalg.cholesky(corr)


def structure(baseline: Baseline, params: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Time-invariant matrices: spillover M (S, S) and shock Cholesky factor C (S, S)."""
    m = spillover_matrix(params.io_coefficients, gross_output(baseline.va, params.va_ratio))
    return m, shock_cholesky(params.shock_factor_loading)


def demand_shares(params: Parameters) -> np.ndarray:
    """Final-demand shares, shape (sectors, 4): consumption, investment, exports, government."""
    return np.stack(
        [
            params.demand_consumption,
            params.demand_investment,
            params.demand_exports,
            params.demand_government,
        ],
        axis=1,
    )


def fai_weights(params: Parameters) -> np.ndarray:
    """2025 shares of the investment components (infrastructure, industrial, real estate, other)."""
    return np.array(
        [
            params.fai_weight_infrastructure,
            params.fai_weight_industrial,
            params.fai_weight_real_estate,
            params.fai_weight_other,
        ]
    )


def project(
    baseline: Baseline,
    params: Parameters,
    drivers: Drivers,
    innovations: Innovations,
    out_table: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Project all indicators from 2025 to the last year of ``drivers``.

    Parameters
    ----------
    out_table : ndarray, optional, shape (draws, indicators, years + 1)
        Where to write the results (indicators in the order of ``INDICATORS``); the returned
        arrays are views of it. Lets the engine fill one table for many blocks without copies.

    Returns
    -------
    dict of str to ndarray, each shaped (draws, years + 1)
        Every indicator of ``sim.model.indicators.INDICATORS``; column 0 is 2025.
    """
    p = params
    n, n_years = drivers.shape
    m, chol = structure(baseline, p)
    shares = demand_shares(p)
    if out_table is None:
        out_table = np.empty((n, len(INDICATORS), n_years + 1))
    out = {name: out_table[:, i, :] for i, name in enumerate(INDICATORS)}

    va = np.tile(baseline.va, (n, 1))
    real = va.copy()
    capacity = real / p.capacity_utilisation
    u = np.zeros((n, N_SECTORS))
    fai_levels = np.tile(fai_weights(p), (n, 1))
    state = {
        "industrial_investment_growth": np.full(n, baseline.industrial_investment_growth),
        "auto_output": np.full(n, baseline.auto_output),
        "nev_demand_share": np.full(n, baseline.nev_output / baseline.auto_output),
        "tradein": np.full(n, p.tradein_reference),
        "low_altitude": np.zeros(n),
        "industrial_output": np.full(n, baseline.industrial_output),
        "sei_share_industrial_output": np.full(n, baseline.sei_share_industrial_output),
        "digital_economy_share_gdp": np.full(n, baseline.digital_economy_share_gdp),
        "financial_assets": np.full(n, baseline.financial_assets),
        "foreign_trade": np.full(n, baseline.foreign_trade),
        "retail_sales": np.full(n, baseline.retail_sales),
    }
    gdp_prev = baseline.va.sum()
    _write_year(out, 0, baseline.va, _baseline_levels(baseline, gdp_prev))

    for t in range(n_years):
        x = {k: v[:, t] for k, v in drivers.inputs.items()}
        z = {k: v[:, t] for k, v in innovations.series.items()}

        # Investment components and FAI growth.
        pipe = drivers.pipeline
        pipe_growth = None if pipe is None else pipe.spending_growth[:, t, :]
        pipe_var = None if pipe is None else pipe.growth_variance
        growth_k = np.stack(_investment_growth(p, x, z, pipe_growth, pipe_var), axis=1)
        new_levels = fai_levels * (1 + np.maximum(growth_k, MIN_GROWTH) / 100)
        fai_growth = 100 * (new_levels.sum(axis=1) / fai_levels.sum(axis=1) - 1)
        fai_levels = new_levels

        # Demand impulses (pp), spilled over through the input-output table.
        retail_prev = state["retail_sales"]
        tradein_pp = 100 * p.tradein_multiplier * (x["tradein_subsidy"] - state["tradein"])
        tradein_pp = tradein_pp / retail_prev
        nat_gap = x["national_gdp_growth"] - p.national_reference
        property_gap = x["property_recovery"] - p.property_reference
        credit_gap = x["credit_growth"] - p.credit_reference
        debt_gap = x["debt_resolution_pace"] - p.debt_reference
        consumption = _consumption_impulse(p, nat_gap, tradein_pp, property_gap)
        investment = p.investment_demand_elasticity * (fai_growth - p.fai_reference)
        exports = p.export_national_weight * nat_gap + (1 - p.export_national_weight) * (
            x["export_demand_growth"] - p.export_reference
        )
        government = -p.debt_government_effect * debt_gap
        drivers_k = np.stack([consumption, investment, exports, government], axis=1)
        impulse = row_products(drivers_k, shares)

        push = x["digital_economy_push"]
        impulse[:, REAL_ESTATE] += p.property_real_estate_effect * property_gap
        impulse[:, FIN] += p.credit_finance_effect * credit_gap
        impulse[:, PROD] += (
            p.ilstc_logistics_effect * (x["ilstc_freight_growth"] - p.ilstc_reference)
            + p.digital_push_producer_services * push
        )
        impulse[:, ELEC] += p.digital_push_electronics * push
        low_alt_change = x["low_altitude_output"] - state["low_altitude"]
        share_mfg = p.low_altitude_manufacturing_share
        impulse[:, OTHER_MFG] += 100 * share_mfg * low_alt_change / real[:, OTHER_MFG]
        impulse[:, PROD] += 100 * (1 - share_mfg) * low_alt_change / real[:, PROD]
        impulse += drivers.events[:, t, :]
        u = p.shock_persistence * u + row_products(innovations.sector[:, t, :], chol) * p.shock_sd
        impulse += u
        demand_growth = np.maximum(p.trend_growth + row_products(impulse, m), MIN_GROWTH)

        # Supply: capacity, then the NEV capacity limit on the automotive sector.
        if pipe is None:
            capacity_growth = (
                p.trend_growth
                + p.capacity_investment_elasticity
                * (state["industrial_investment_growth"] - p.industrial_investment_base)[
                    :, np.newaxis
                ]
            )
            capacity = capacity * (1 + np.maximum(capacity_growth, MIN_GROWTH) / 100)
        else:
            grown = capacity * (1 + np.maximum(p.trend_growth, MIN_GROWTH) / 100)
            capacity = np.maximum(grown + pipe.capacity_gap[:, t, :], capacity * MIN_SHARE)
        real_new = np.minimum(real * (1 + demand_growth / 100), capacity)

        autos_demand = state["auto_output"] * real_new[:, AUTO] / real[:, AUTO]
        share = state["nev_demand_share"]
        share = share + p.nev_share_speed * share * (1 - share / p.nev_share_ceiling)
        nev_demand = autos_demand * share
        nev_capacity = x["nev_capacity"] * 1e6
        if pipe is not None:
            nev_capacity = np.maximum(nev_capacity + pipe.nev_capacity_gap[:, t], 0.0)
        nev = np.minimum(nev_demand, nev_capacity)
        autos = autos_demand - (nev_demand - nev)
        real_new[:, AUTO] *= autos / autos_demand
        growth = 100 * (real_new / real - 1)

        # Prices and nominal value added.
        price = x["inflation"][:, np.newaxis] + p.price_drift
        price[:, REAL_ESTATE] += p.property_price_effect * property_gap
        va_new = va * (1 + growth / 100) * (1 + np.maximum(price, MIN_GROWTH) / 100)

        gdp = va_new.sum(axis=1)
        levels = _series(p, x, z, state, va, va_new, growth, gdp_prev, gdp, consumption)
        levels.update(
            gdp=gdp,
            fai_growth=fai_growth,
            industrial_investment_growth=growth_k[:, 1],
            nev_output=nev,
            auto_output=autos,
        )
        _write_year(out, t + 1, va_new, levels)

        state["industrial_investment_growth"] = growth_k[:, 1]
        state["auto_output"] = autos
        state["nev_demand_share"] = share
        state["tradein"] = x["tradein_subsidy"]
        state["low_altitude"] = x["low_altitude_output"]
        va, real, gdp_prev = va_new, real_new, gdp
    return out


def _consumption_impulse(
    p: Parameters, nat_gap: np.ndarray, tradein_pp: np.ndarray, property_gap: np.ndarray
) -> np.ndarray:
    """Consumption demand beyond its trend, pp: the demand impulse and the retail-sales term.

        consumption = p.consumption_national_elasticity (x.national - p.national_reference)
                      + 100 p.tradein_multiplier (subsidy_t - subsidy_t-1) / retail_t-1
                      + p.property_wealth_effect (x.property_recovery - p.property_reference)

    ``nat_gap`` and ``property_gap`` are the two gaps in pp, ``tradein_pp`` the trade-in term.
    """
    return (
        p.consumption_national_elasticity * nat_gap
        + tradein_pp
        + p.property_wealth_effect * property_gap
    )


def _investment_growth(
    p: Parameters,
    x: dict[str, np.ndarray],
    z: dict[str, np.ndarray],
    pipeline_growth: np.ndarray | None = None,
    pipeline_variance: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Nominal growth (%) of infrastructure, industrial, real-estate and other investment.

    With the pipeline (``pipeline_growth``, (draws, 2) percent), industrial investment grows at
    its base plus the real growth of the pipeline's industrial and technological transformation
    spending (project counts, sizes, delays and financing act through the pipeline, so the
    counts' elasticities and the credit term drop out), and infrastructure adds the growth of
    the pipeline's infrastructure spending to the plan's rate:

        industrial     = p.industrial_investment_base + g_pipeline,industry + sd z
        infrastructure = x.infrastructure_investment - debt effect + g_pipeline,infrastructure

    The debt term stays: it is the budget cut; the pipeline's public financing pool carries the
    delays. At the plan's counts the pipeline is in a steady state, so both growth terms are
    zero on average and the reduced form's medians are kept.

    The calibrated shocks (``industrial_investment_shock_sd``, ``fai_shock_sd``) stand for all of
    the year-to-year noise of investment in history; with the pipeline, part of it comes from
    the pipeline (variances v_industry, v_infrastructure between replications), so the shocks
    keep only the rest and the total variance stays the calibrated one:
        sd_industrial^2 = p.industrial_investment_shock_sd^2 - v_industry
        sd_other^2      = p.fai_shock_sd^2 - (w_infrastructure / w_other)^2 v_infrastructure
    (both floored at 0; w are the 2025 investment weights).
    """
    credit = p.credit_investment_effect * (x["credit_growth"] - p.credit_reference)
    infrastructure = x["infrastructure_investment"] - p.debt_infrastructure_effect * (
        x["debt_resolution_pace"] - p.debt_reference
    )
    industrial_sd, other_sd = shock_sds(p, pipeline_variance)
    shock = industrial_sd * z["industrial_investment"]
    if pipeline_growth is None:
        industrial = (
            p.industrial_investment_base
            + p.industrial_projects_elasticity
            * 100
            * (x["industrial_projects"] / p.industrial_projects_reference - 1)
            + p.tech_projects_elasticity
            * 100
            * (x["tech_transformation_projects"] / p.tech_projects_reference - 1)
            + credit
            + shock
        )
    else:
        industrial = p.industrial_investment_base + pipeline_growth[:, 0] + shock
        infrastructure = infrastructure + pipeline_growth[:, 1]
    other = p.fai_other_growth + credit + other_sd * z["fai"]
    return infrastructure, industrial, x["property_recovery"], other


def shock_sds(p: Parameters, pipeline_variance: np.ndarray | None) -> tuple[float, float]:
    """Sd of the industrial and other investment shocks, pp (see ``_investment_growth``)."""
    if pipeline_variance is None:
        return p.industrial_investment_shock_sd, p.fai_shock_sd
    ratio = p.fai_weight_infrastructure / p.fai_weight_other
    industrial = np.sqrt(np.maximum(p.industrial_investment_shock_sd**2 - pipeline_variance[0], 0))
    other = np.sqrt(np.maximum(p.fai_shock_sd**2 - ratio**2 * pipeline_variance[1], 0))
    return industrial, other


DERIVED: tuple[str, ...] = (
    "manufacturing_share_gdp",
    "producer_services_share_services",
    "nev_share_auto_output",
)
"""Indicators :func:`_write_year` derives from value added and the levels it is given."""
LEVELS: tuple[str, ...] = tuple(
    name for name in INDICATORS if name not in DERIVED and name not in VA_INDICATORS
)
"""Indicators :func:`_write_year` is given: computed by the year's equations (or seeds)."""


def _baseline_levels(b: Baseline, gdp: float) -> dict[str, float]:
    """The 2025 values of ``LEVELS``: the seeds, and GDP as the sum of sector value added."""
    return {"gdp": gdp, **{name: getattr(b, name) for name in Baseline.field_names()}}


def _write_year(
    out: dict[str, np.ndarray],
    col: int,
    va: np.ndarray,
    levels: Mapping[str, np.ndarray | float],
) -> None:
    """Write every indicator of one year into column ``col`` of ``out``: the one place that does.

    ``va`` is nominal value added by sector, shaped (draws, sectors) or (sectors,) for 2025;
    ``levels`` holds every indicator of ``LEVELS``. The others follow from them:

    manufacturing_share_gdp          = 100 sum_{s in manufacturing} VA_s / gdp
    producer_services_share_services = 100 sum_{s in producer services} VA_s / sum_{services} VA_s
    nev_share_auto_output            = 100 nev_output / auto_output
    va_<sector>                      = VA_s
    """
    for name in LEVELS:
        out[name][:, col] = levels[name]
    out["manufacturing_share_gdp"][:, col] = 100 * va[..., MFG].sum(axis=-1) / levels["gdp"]
    out["producer_services_share_services"][:, col] = (
        100 * va[..., PRODSERV].sum(axis=-1) / va[..., SERV].sum(axis=-1)
    )
    out["nev_share_auto_output"][:, col] = 100 * levels["nev_output"] / levels["auto_output"]
    for s, name in enumerate(VA_INDICATORS):
        out[name][:, col] = va[..., s]


def _series(
    p: Parameters,
    x: dict[str, np.ndarray],
    z: dict[str, np.ndarray],
    state: dict[str, np.ndarray],
    va: np.ndarray,
    va_new: np.ndarray,
    growth: np.ndarray,
    gdp_prev: np.ndarray | float,
    gdp: np.ndarray,
    consumption: np.ndarray,
) -> dict[str, np.ndarray]:
    """The year's growth rates and the series that follow their drivers; updates the level states.

    gdp_real_growth      = sum_s VA_s,t-1 g_s / gdp_t-1
    industrial_va_growth = same over industry; industrial_output moves with nominal industrial VA
    sei share            *= 1 + (p.sei_premium + p.sei_high_tech_weight (g_auto+elec - g_industry)
                                 + p.sei_tech_projects_effect (projects / ref - 1) + sd z) / 100
    digital share        *= 1 + (p.digital_premium + x.digital_economy_push + sd z) / 100
    financial_assets     *= 1 + (nominal GDP growth + p.financial_assets_premium
                                 + p.credit_assets_effect credit gap + sd z) / 100
    foreign_trade growth  = p.trade_trend + p.trade_export_elasticity (export demand gap)
                            + w_e (g_electronics - trend) + w_a (g_auto - trend)
                            + p.ilstc_trade_share (ILSTC gap) + sd z
    retail growth         = p.retail_trend + consumption (:func:`_consumption_impulse`)
                            + x.inflation + sd z
    Shares are kept within [0, 100].

    Returns
    -------
    dict of str to ndarray, each shaped (draws,)
        ``gdp_real_growth``, ``industrial_va_growth``, ``foreign_trade_growth``,
        ``retail_sales_growth`` and the level states (``industrial_output``, the SEI and digital
        shares, ``financial_assets``, ``foreign_trade``, ``retail_sales``).
    """
    ind_prev = va[:, IND].sum(axis=1)
    ind_growth = (va[:, IND] * growth[:, IND]).sum(axis=1) / ind_prev
    high_tech_growth = (va[:, HIGH_TECH] * growth[:, HIGH_TECH]).sum(axis=1)
    high_tech_growth = high_tech_growth / va[:, HIGH_TECH].sum(axis=1)

    state["industrial_output"] = state["industrial_output"] * va_new[:, IND].sum(axis=1) / ind_prev
    sei_premium = (
        p.sei_premium
        + p.sei_high_tech_weight * (high_tech_growth - ind_growth)
        + p.sei_tech_projects_effect
        * (x["tech_transformation_projects"] / p.tech_projects_reference - 1)
        + p.sei_shock_sd * z["sei"]
    )
    sei = state["sei_share_industrial_output"] * (1 + sei_premium / 100)
    state["sei_share_industrial_output"] = np.clip(sei, 0.0, 100.0)
    digital = state["digital_economy_share_gdp"] * (
        1
        + (p.digital_premium + x["digital_economy_push"] + p.digital_shock_sd * z["digital"]) / 100
    )
    state["digital_economy_share_gdp"] = np.clip(digital, 0.0, 100.0)

    nominal_growth = 100 * (gdp / gdp_prev - 1)
    assets_growth = (
        nominal_growth
        + p.financial_assets_premium
        + p.credit_assets_effect * (x["credit_growth"] - p.credit_reference)
        + p.financial_assets_shock_sd * z["financial_assets"]
    )
    state["financial_assets"] = state["financial_assets"] * (
        1 + np.maximum(assets_growth, MIN_GROWTH) / 100
    )
    trade_growth = np.maximum(
        p.trade_trend
        + p.trade_export_elasticity * (x["export_demand_growth"] - p.export_reference)
        + p.trade_electronics_weight * (growth[:, ELEC] - p.trend_growth[..., ELEC])
        + p.trade_automotive_weight * (growth[:, AUTO] - p.trend_growth[..., AUTO])
        + p.ilstc_trade_share * (x["ilstc_freight_growth"] - p.ilstc_reference)
        + p.trade_shock_sd * z["trade"],
        MIN_GROWTH,
    )
    state["foreign_trade"] = state["foreign_trade"] * (1 + trade_growth / 100)
    retail_growth = np.maximum(
        p.retail_trend + consumption + x["inflation"] + p.retail_shock_sd * z["retail"],
        MIN_GROWTH,
    )
    state["retail_sales"] = state["retail_sales"] * (1 + retail_growth / 100)
    return {
        "gdp_real_growth": (va * growth).sum(axis=1) / gdp_prev,
        "industrial_va_growth": ind_growth,
        "foreign_trade_growth": trade_growth,
        "retail_sales_growth": retail_growth,
        **{
            name: state[name]
            for name in (
                "industrial_output",
                "sei_share_industrial_output",
                "digital_economy_share_gdp",
                "financial_assets",
                "foreign_trade",
                "retail_sales",
            )
        },
    }
