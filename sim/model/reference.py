"""Scalar reference implementation of ``sim.model.core``: one draw at a time, plain floats.

Written for reading, not speed, and independent of the core: the same equations (stated in
``sim.model.core``) in plain Python floats and lists, with explicit loops over sectors, its own
Leontief inverse and Cholesky factor, and no numpy arithmetic. It shares with the core only the
sector list, the indicator names and the types of the inputs. The tests feed both the same random
inputs and require the same numbers; benchmarks compare their speed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.model.indicators import INDICATORS, VA_INDICATORS
from sim.model.interface import Baseline, Drivers, Innovations, PipelinePaths
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
"""Floor of any growth rate or price change, percent."""
MIN_SHARE = 1 + MIN_GROWTH / 100
"""The same floor as a share of last year's level."""

SECTOR_RANGE = range(N_SECTORS)

Matrix = list[list[float]]


def _floats(values: np.ndarray) -> list[float]:
    return [float(v) for v in values]


def _inverse(a: Matrix) -> Matrix:
    """Inverse of a square matrix by Gauss-Jordan elimination with partial pivoting."""
    n = len(a)
    work = [[*row, *(1.0 if i == j else 0.0 for j in range(n))] for i, row in enumerate(a)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(work[r][col]))
        work[col], work[pivot] = work[pivot], work[col]
        head = work[col][col]
        work[col] = [v / head for v in work[col]]
        for r in range(n):
            if r != col and work[r][col] != 0.0:
                factor = work[r][col]
                work[r] = [v - factor * w for v, w in zip(work[r], work[col], strict=True)]
    return [row[n:] for row in work]


def spillovers(baseline: Baseline, p: Parameters) -> Matrix:
    """M = diag(x)^-1 (I - A)^-1 diag(f), with x = VA / va_ratio and f = (I - A) x."""
    a = [_floats(row) for row in p.io_coefficients]
    output = [float(v) / float(r) for v, r in zip(baseline.va, p.va_ratio, strict=True)]
    eye_minus_a = [[(1.0 if i == j else 0.0) - a[i][j] for j in SECTOR_RANGE] for i in SECTOR_RANGE]
    final = [sum(eye_minus_a[i][j] * output[j] for j in SECTOR_RANGE) for i in SECTOR_RANGE]
    leontief = _inverse(eye_minus_a)
    return [[leontief[i][j] * final[j] / output[i] for j in SECTOR_RANGE] for i in SECTOR_RANGE]


def shock_factor(loading: list[float]) -> Matrix:
    """Cholesky factor C (C C' = R) of the one-factor correlation R = l l' + diag(1 - l^2)."""
    corr = [
        [1.0 if i == j else loading[i] * loading[j] for j in SECTOR_RANGE] for i in SECTOR_RANGE
    ]
    chol = [[0.0] * N_SECTORS for _ in SECTOR_RANGE]
    for i in SECTOR_RANGE:
        for j in range(i + 1):
            rest = corr[i][j] - sum(chol[i][k] * chol[j][k] for k in range(j))
            chol[i][j] = math.sqrt(rest) if i == j else rest / chol[j][j]
    return chol


@dataclass
class _State:
    """What one draw carries from year to year (money in RMB bn, rates and shares in percent)."""

    va: list[float]
    real: list[float]
    capacity: list[float]
    shocks: list[float]
    fai: list[float]
    industrial_investment_growth: float
    autos: float
    nev_share: float
    tradein: float
    low_altitude: float
    industrial_output: float
    sei: float
    digital: float
    assets: float
    trade: float
    retail: float


def _initial_state(b: Baseline, p: Parameters) -> _State:
    va = _floats(b.va)
    return _State(
        va=va,
        real=list(va),
        capacity=[va[s] / float(p.capacity_utilisation[s]) for s in SECTOR_RANGE],
        shocks=[0.0] * N_SECTORS,
        fai=[
            p.fai_weight_infrastructure,
            p.fai_weight_industrial,
            p.fai_weight_real_estate,
            p.fai_weight_other,
        ],
        industrial_investment_growth=b.industrial_investment_growth,
        autos=b.auto_output,
        nev_share=b.nev_output / b.auto_output,
        tradein=p.tradein_reference,
        low_altitude=0.0,
        industrial_output=b.industrial_output,
        sei=b.sei_share_industrial_output,
        digital=b.digital_economy_share_gdp,
        assets=b.financial_assets,
        trade=b.foreign_trade,
        retail=b.retail_sales,
    )


def _accounts(va: list[float], nev: float, autos: float) -> dict[str, float]:
    """GDP, the shares that follow from value added, the NEV share and value added by sector."""
    gdp = sum(va)
    return {
        "gdp": gdp,
        "manufacturing_share_gdp": 100 * sum(va[s] for s in MFG) / gdp,
        "producer_services_share_services": 100
        * sum(va[s] for s in PRODSERV)
        / sum(va[s] for s in SERV),
        "nev_output": nev,
        "nev_share_auto_output": 100 * nev / autos,
        "auto_output": autos,
        **dict(zip(VA_INDICATORS, va, strict=True)),
    }


def _first_row(b: Baseline, state: _State) -> dict[str, float]:
    """2025: the seeds and what they imply."""
    return {
        **_accounts(state.va, b.nev_output, b.auto_output),
        "gdp_real_growth": b.gdp_real_growth,
        "industrial_va_growth": b.industrial_va_growth,
        "industrial_output": state.industrial_output,
        "sei_share_industrial_output": state.sei,
        "digital_economy_share_gdp": state.digital,
        "financial_assets": state.assets,
        "fai_growth": b.fai_growth,
        "industrial_investment_growth": state.industrial_investment_growth,
        "foreign_trade": state.trade,
        "foreign_trade_growth": b.foreign_trade_growth,
        "retail_sales": state.retail,
        "retail_sales_growth": b.retail_sales_growth,
    }


@dataclass(frozen=True)
class _Year:
    """One draw's inputs in one year: scenario inputs, series shocks, pipeline paths (or None)."""

    x: dict[str, float]
    z: dict[str, float]
    events: list[float]
    sector_z: list[float]
    spending_growth: list[float] | None
    capacity_gap: list[float] | None
    nev_capacity_gap: float | None


def _year(drivers: Drivers, innovations: Innovations, draw: int, t: int) -> _Year:
    pipe = drivers.pipeline
    return _Year(
        x={k: float(v[draw, t]) for k, v in drivers.inputs.items()},
        z={k: float(v[draw, t]) for k, v in innovations.series.items()},
        events=_floats(drivers.events[draw, t]),
        sector_z=_floats(innovations.sector[draw, t]),
        spending_growth=None if pipe is None else _floats(pipe.spending_growth[draw, t]),
        capacity_gap=None if pipe is None else _floats(pipe.capacity_gap[draw, t]),
        nev_capacity_gap=None if pipe is None else float(pipe.nev_capacity_gap[draw, t]),
    )


def _shock_sds(p: Parameters, pipe: PipelinePaths | None) -> tuple[float, float]:
    """Sd of the industrial and other investment shocks, less the pipeline's own variance."""
    if pipe is None:
        return p.industrial_investment_shock_sd, p.fai_shock_sd
    v_industry, v_infrastructure = (float(v) for v in pipe.growth_variance)
    ratio = p.fai_weight_infrastructure / p.fai_weight_other
    industrial = math.sqrt(max(p.industrial_investment_shock_sd**2 - v_industry, 0.0))
    other = math.sqrt(max(p.fai_shock_sd**2 - ratio**2 * v_infrastructure, 0.0))
    return industrial, other


def _investment(
    p: Parameters, y: _Year, sds: tuple[float, float], state: _State
) -> tuple[float, float]:
    """Grow the four investment components; returns (fai_growth, industrial investment growth)."""
    x = y.x
    credit_gap = x["credit_growth"] - p.credit_reference
    infrastructure = x["infrastructure_investment"] - p.debt_infrastructure_effect * (
        x["debt_resolution_pace"] - p.debt_reference
    )
    shock = sds[0] * y.z["industrial_investment"]
    if y.spending_growth is None:
        industrial = (
            p.industrial_investment_base
            + p.industrial_projects_elasticity
            * 100
            * (x["industrial_projects"] / p.industrial_projects_reference - 1)
            + p.tech_projects_elasticity
            * 100
            * (x["tech_transformation_projects"] / p.tech_projects_reference - 1)
            + p.credit_investment_effect * credit_gap
            + shock
        )
    else:
        industrial = p.industrial_investment_base + y.spending_growth[0] + shock
        infrastructure += y.spending_growth[1]
    other = p.fai_other_growth + p.credit_investment_effect * credit_gap + sds[1] * y.z["fai"]
    growth = [infrastructure, industrial, x["property_recovery"], other]
    new = [
        level * (1 + max(g, MIN_GROWTH) / 100) for level, g in zip(state.fai, growth, strict=True)
    ]
    fai_growth = 100 * (sum(new) / sum(state.fai) - 1)
    state.fai = new
    return fai_growth, industrial


def _consumption(p: Parameters, y: _Year, state: _State) -> float:
    """Consumption demand beyond trend, pp: national growth, trade-in subsidy, housing wealth."""
    x = y.x
    tradein = 100 * p.tradein_multiplier * (x["tradein_subsidy"] - state.tradein) / state.retail
    return (
        float(p.consumption_national_elasticity) * (x["national_gdp_growth"] - p.national_reference)
        + tradein
        + p.property_wealth_effect * (x["property_recovery"] - p.property_reference)
    )


def _impulse(
    p: Parameters, y: _Year, consumption: float, fai_growth: float, chol: Matrix, state: _State
) -> list[float]:
    """Each sector's demand impulse (pp): final demand, direct lever effects, events, shocks."""
    x = y.x
    nat_gap = x["national_gdp_growth"] - p.national_reference
    w = p.export_national_weight
    demand = [
        consumption,
        p.investment_demand_elasticity * (fai_growth - p.fai_reference),
        w * nat_gap + (1 - w) * (x["export_demand_growth"] - p.export_reference),
        -p.debt_government_effect * (x["debt_resolution_pace"] - p.debt_reference),
    ]
    shares = [
        _floats(p.demand_consumption),
        _floats(p.demand_investment),
        _floats(p.demand_exports),
        _floats(p.demand_government),
    ]
    impulse = [sum(shares[k][s] * demand[k] for k in range(4)) for s in SECTOR_RANGE]
    push = x["digital_economy_push"]
    impulse[REAL_ESTATE] += p.property_real_estate_effect * (
        x["property_recovery"] - p.property_reference
    )
    impulse[FIN] += p.credit_finance_effect * (x["credit_growth"] - p.credit_reference)
    impulse[PROD] += (
        p.ilstc_logistics_effect * (x["ilstc_freight_growth"] - p.ilstc_reference)
        + p.digital_push_producer_services * push
    )
    impulse[ELEC] += p.digital_push_electronics * push
    low_change = x["low_altitude_output"] - state.low_altitude
    share_mfg = p.low_altitude_manufacturing_share
    impulse[OTHER_MFG] += 100 * share_mfg * low_change / state.real[OTHER_MFG]
    impulse[PROD] += 100 * (1 - share_mfg) * low_change / state.real[PROD]
    sd = _floats(p.shock_sd)
    for s in SECTOR_RANGE:
        impulse[s] += y.events[s]
        correlated = sum(chol[s][j] * y.sector_z[j] for j in SECTOR_RANGE)
        state.shocks[s] = p.shock_persistence * state.shocks[s] + correlated * sd[s]
        impulse[s] += state.shocks[s]
    return impulse


def _supply(p: Parameters, y: _Year, m: Matrix, impulse: list[float], state: _State) -> list[float]:
    """Real output: demand-side growth through the spillovers, capped by capacity."""
    trend = _floats(p.trend_growth)
    elasticity = _floats(p.capacity_investment_elasticity)
    real_new = []
    for s in SECTOR_RANGE:
        demand_growth = max(trend[s] + sum(m[s][j] * impulse[j] for j in SECTOR_RANGE), MIN_GROWTH)
        capacity = state.capacity[s]
        if y.capacity_gap is None:
            growth = trend[s] + elasticity[s] * (
                state.industrial_investment_growth - p.industrial_investment_base
            )
            state.capacity[s] = capacity * (1 + max(growth, MIN_GROWTH) / 100)
        else:
            grown = capacity * (1 + max(trend[s], MIN_GROWTH) / 100)
            state.capacity[s] = max(grown + y.capacity_gap[s], capacity * MIN_SHARE)
        real_new.append(min(state.real[s] * (1 + demand_growth / 100), state.capacity[s]))
    return real_new


def _vehicles(p: Parameters, y: _Year, real_new: list[float], state: _State) -> tuple[float, float]:
    """NEV output within NEV capacity; demand above it is lost to autos. Returns (nev, autos)."""
    autos_demand = state.autos * real_new[AUTO] / state.real[AUTO]
    speed = float(p.nev_share_speed)
    state.nev_share = state.nev_share + speed * state.nev_share * (
        1 - state.nev_share / p.nev_share_ceiling
    )
    nev_demand = autos_demand * state.nev_share
    nev_capacity = y.x["nev_capacity"] * 1e6
    if y.nev_capacity_gap is not None:
        nev_capacity = max(nev_capacity + y.nev_capacity_gap, 0.0)
    nev = min(nev_demand, nev_capacity)
    autos = autos_demand - (nev_demand - nev)
    real_new[AUTO] *= autos / autos_demand
    return nev, autos


def _nominal(p: Parameters, y: _Year, growth: list[float], state: _State) -> list[float]:
    """Nominal value added: real growth times the sector's price change."""
    drift = _floats(p.price_drift)
    va_new = []
    for s in SECTOR_RANGE:
        price = y.x["inflation"] + drift[s]
        if s == REAL_ESTATE:
            price += p.property_price_effect * (y.x["property_recovery"] - p.property_reference)
        va_new.append(state.va[s] * (1 + growth[s] / 100) * (1 + max(price, MIN_GROWTH) / 100))
    return va_new


def _series(
    p: Parameters, y: _Year, growth: list[float], va_new: list[float], consumption: float, s: _State
) -> dict[str, float]:
    """Growth rates of GDP and industry, and the series that follow their drivers."""
    x, z, va = y.x, y.z, s.va
    trend = _floats(p.trend_growth)
    gdp_prev, gdp = sum(va), sum(va_new)
    ind_prev = sum(va[i] for i in IND)
    ind_growth = sum(va[i] * growth[i] for i in IND) / ind_prev
    hi_growth = sum(va[i] * growth[i] for i in HIGH_TECH) / sum(va[i] for i in HIGH_TECH)
    s.industrial_output = s.industrial_output * sum(va_new[i] for i in IND) / ind_prev
    sei_premium = (
        float(p.sei_premium)
        + p.sei_high_tech_weight * (hi_growth - ind_growth)
        + p.sei_tech_projects_effect
        * (x["tech_transformation_projects"] / p.tech_projects_reference - 1)
        + p.sei_shock_sd * z["sei"]
    )
    s.sei = min(max(s.sei * (1 + sei_premium / 100), 0.0), 100.0)
    digital_growth = (
        float(p.digital_premium) + x["digital_economy_push"] + p.digital_shock_sd * z["digital"]
    )
    s.digital = min(max(s.digital * (1 + digital_growth / 100), 0.0), 100.0)
    assets_growth = (
        100 * (gdp / gdp_prev - 1)
        + p.financial_assets_premium
        + p.credit_assets_effect * (x["credit_growth"] - p.credit_reference)
        + p.financial_assets_shock_sd * z["financial_assets"]
    )
    s.assets *= 1 + max(assets_growth, MIN_GROWTH) / 100
    trade_growth = max(
        p.trade_trend
        + p.trade_export_elasticity * (x["export_demand_growth"] - p.export_reference)
        + p.trade_electronics_weight * (growth[ELEC] - trend[ELEC])
        + p.trade_automotive_weight * (growth[AUTO] - trend[AUTO])
        + p.ilstc_trade_share * (x["ilstc_freight_growth"] - p.ilstc_reference)
        + p.trade_shock_sd * z["trade"],
        MIN_GROWTH,
    )
    s.trade *= 1 + trade_growth / 100
    retail_growth = max(
        p.retail_trend + consumption + x["inflation"] + p.retail_shock_sd * z["retail"],
        MIN_GROWTH,
    )
    s.retail *= 1 + retail_growth / 100
    return {
        "gdp_real_growth": sum(va[i] * growth[i] for i in SECTOR_RANGE) / gdp_prev,
        "industrial_va_growth": ind_growth,
        "industrial_output": s.industrial_output,
        "sei_share_industrial_output": s.sei,
        "digital_economy_share_gdp": s.digital,
        "financial_assets": s.assets,
        "foreign_trade": s.trade,
        "foreign_trade_growth": trade_growth,
        "retail_sales": s.retail,
        "retail_sales_growth": retail_growth,
    }


def project_one(
    baseline: Baseline, params: Parameters, drivers: Drivers, innovations: Innovations, draw: int
) -> dict[str, list[float]]:
    """Project draw ``draw`` of the given inputs; every indicator as a list over 2025..last."""
    p = params.for_draw(draw)
    m = spillovers(baseline, p)
    chol = shock_factor(_floats(p.shock_factor_loading))
    sds = _shock_sds(p, drivers.pipeline)
    state = _initial_state(baseline, p)
    rows = [_first_row(baseline, state)]
    for t in range(drivers.shape[1]):
        y = _year(drivers, innovations, draw, t)
        fai_growth, industrial_growth = _investment(p, y, sds, state)
        consumption = _consumption(p, y, state)
        impulse = _impulse(p, y, consumption, fai_growth, chol, state)
        real_new = _supply(p, y, m, impulse, state)
        nev, autos = _vehicles(p, y, real_new, state)
        growth = [100 * (real_new[s] / state.real[s] - 1) for s in SECTOR_RANGE]
        va_new = _nominal(p, y, growth, state)
        series = _series(p, y, growth, va_new, consumption, state)
        rows.append(
            {
                **_accounts(va_new, nev, autos),
                **series,
                "fai_growth": fai_growth,
                "industrial_investment_growth": industrial_growth,
            }
        )
        state.industrial_investment_growth = industrial_growth
        state.autos = autos
        state.tradein = y.x["tradein_subsidy"]
        state.low_altitude = y.x["low_altitude_output"]
        state.va, state.real = va_new, real_new
    return {name: [row[name] for row in rows] for name in INDICATORS}


def project_reference(
    baseline: Baseline, params: Parameters, drivers: Drivers, innovations: Innovations
) -> dict[str, np.ndarray]:
    """All draws through :func:`project_one`, stacked like ``sim.model.core.project``'s result."""
    n = drivers.shape[0]
    rows = [project_one(baseline, params, drivers, innovations, i) for i in range(n)]
    return {name: np.array([r[name] for r in rows]) for name in INDICATORS}


__all__ = ["project_one", "project_reference", "shock_factor", "spillovers"]
