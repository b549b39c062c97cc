"""Scalar reference implementation of ``sim.model.core``: one draw at a time, in plain floats.

The oracle of the vectorized core. It computes the same equations (stated in the docstrings of
``sim.model.core`` and its block modules) one Monte Carlo draw at a time, with Python floats,
lists and explicit loops over sectors: its own Leontief inverse (Gauss-Jordan), Cholesky factor,
spillover matrix and final demand, and no numpy arithmetic. It shares with the core only the
sector names and index constants (``sim.model.sectors``), the indicator names, the input types and
the parameters' dataclass; it imports no function of the core or of its blocks, so a mistake in
one cannot pass both. The tests give both the same inputs and hold the results equal.

Each private function below mirrors one function of the core, named in its docstring. Units as in
the core: money in RMB bn, rates in percent, persons in 10,000.

Functions
---------
project_one
    Every indicator of one draw, as lists over 2025..last year.
project_reference
    Every draw through :func:`project_one`, stacked like ``sim.model.core.project``'s output.
reference_excess
    The reference run's consumption excess per year (``sim.model.core.reference_path``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields, replace
from typing import Any

import numpy as np

from sim.model.indicators import INDICATORS, VA_INDICATORS
from sim.model.interface import SERIES_SHOCKS, Baseline, Drivers, Innovations
from sim.model.parameters import Parameters
from sim.model.sectors import (
    AUTO,
    CONSUMER,
    ELEC,
    FIN,
    GROUP_OF,
    GROUPS,
    HIGH_TECH,
    IND,
    MFG,
    N_GROUPS,
    N_SECTORS,
    OTHER_MFG,
    PROD,
    PRODSERV,
    REAL_ESTATE,
    SECTOR_INDEX,
    SERV,
)

Vector = list[float]
Matrix = list[list[float]]

MIN_GROWTH = -95.0
"""Floor of growth rates and price changes, percent (``sim.model.floors``)."""
MIN_SHARE = 1 + MIN_GROWTH / 100
"""The same floor as a share of last year's level."""

SECTOR_RANGE = range(N_SECTORS)
TERTIARY = GROUPS.index("tertiary")
GROUP_MEMBERS = [[s for s in SECTOR_RANGE if GROUP_OF[s] == k] for k in range(N_GROUPS)]
OPERATING = [SECTOR_INDEX["agriculture"], SECTOR_INDEX["consumer_services"]]
"""Sectors whose value added stands for households' net operating income."""
INFRA, INDUSTRIAL, PROPERTY, OTHER = range(4)
"""Investment components, in the core's order."""


# --- Plain values ---------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    """A float, a list of floats or a list of lists from a number or an array."""
    if np.ndim(value) == 0:
        return float(value)
    return [_plain(v) for v in value]


def _plain_parameters(p: Parameters) -> Parameters:
    """One draw's parameters with every value a Python float or (nested) list of floats.

    The fields keep their declared types (arrays, for the core); here they hold lists, which the
    functions below read by index only, so that no numpy arithmetic enters.
    """
    return replace(p, **{f.name: _plain(getattr(p, f.name)) for f in fields(p)})


def _is_sampled(p: Parameters) -> bool:
    """Whether some parameter holds one value per draw."""
    per_draw = {"scalar": 1, "sector": 2, "group": 2}
    return any(
        np.ndim(getattr(p, f.name)) == per_draw.get(f.metadata["kind"], -1) for f in fields(p)
    )


def _grow(level: float, growth: float) -> float:
    """``level (1 + growth / 100)``, growth floored at ``MIN_GROWTH`` (``floors.grow``)."""
    return level * (1 + max(growth, MIN_GROWTH) / 100)


def _dot(a: Vector, b: Vector) -> float:
    """Sum of products of two vectors."""
    return sum(x * y for x, y in zip(a, b, strict=True))


def _mat_vec(m: Matrix, v: Vector) -> Vector:
    """Matrix times vector."""
    return [_dot(row, v) for row in m]


# --- Structure: spillovers and the shock factor ---------------------------------------------------


def _identity(n: int) -> Matrix:
    """The n x n identity matrix."""
    return [[1.0 if i == j else 0.0 for j in range(n)] for i in range(n)]


def _inverse(a: Matrix) -> Matrix:
    """Inverse of a square matrix by Gauss-Jordan elimination with partial pivoting."""
    n = len(a)
    work = [list(row) + unit for row, unit in zip(a, _identity(n), strict=True)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda i: abs(work[i][col]))
        if work[pivot][col] == 0.0:
            raise ValueError("singular matrix")
        work[col], work[pivot] = work[pivot], work[col]
        scale = work[col][col]
        work[col] = [v / scale for v in work[col]]
        for i in range(n):
            if i != col and work[i][col] != 0.0:
                factor = work[i][col]
                work[i] = [v - factor * w for v, w in zip(work[i], work[col], strict=True)]
    return [row[n:] for row in work]


def _final_demand(p: Parameters, va: Vector) -> Vector:
    """Final demand f = (I - A) x with gross output x = VA / va_ratio (``io_table``)."""
    output = [va[s] / p.va_ratio[s] for s in SECTOR_RANGE]
    a = p.io_coefficients
    return [output[i] - sum(a[i][j] * output[j] for j in SECTOR_RANGE) for i in SECTOR_RANGE]


def _spillovers(p: Parameters, va: Vector) -> Matrix:
    """M = diag(x)^-1 (I - A)^-1 diag(f) (``io_table.spillover_matrix``)."""
    output = [va[s] / p.va_ratio[s] for s in SECTOR_RANGE]
    final = _final_demand(p, va)
    bad = [s for s in SECTOR_RANGE if final[s] <= 0]
    if bad:
        raise ValueError(f"final demand (I - A) x is not positive for sector indices {bad}")
    a = p.io_coefficients
    eye = _identity(N_SECTORS)
    leontief = _inverse([[eye[i][j] - a[i][j] for j in SECTOR_RANGE] for i in SECTOR_RANGE])
    return [[leontief[i][j] * final[j] / output[i] for j in SECTOR_RANGE] for i in SECTOR_RANGE]


def _cholesky(a: Matrix) -> Matrix:
    """Lower-triangular L with L L' = a (a symmetric positive definite)."""
    n = len(a)
    low = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1):
            rest = a[i][j] - sum(low[i][k] * low[j][k] for k in range(j))
            low[i][j] = math.sqrt(rest) if i == j else rest / low[j][j]
    return low


def _group_shock_factor(p: Parameters) -> Matrix:
    """F = chol(diag(sd) R diag(sd)), equal to diag(sd) chol(R) (``growth.sector_shocks``)."""
    sd, corr = p.group_shock_sd, p.group_shock_correlation
    return _cholesky(
        [[corr[i][j] * sd[i] * sd[j] for j in range(N_GROUPS)] for i in range(N_GROUPS)]
    )


@dataclass(frozen=True)
class _Fixed:
    """What does not change between years (``core.Setup``)."""

    spillover: Matrix
    shock_factor: Matrix
    consumption_ratio: float
    government_ratio: float


def _fixed(b: Baseline, p: Parameters) -> _Fixed:
    """Spillovers, shock factor and the 2025 ratios (``core.setup``)."""
    va = _plain(b.va)
    return _Fixed(
        spillover=_spillovers(p, va),
        shock_factor=_group_shock_factor(p),
        consumption_ratio=b.household_consumption / b.disposable_income,
        government_ratio=b.government_consumption / b.general_budget_expenditure,
    )


# --- One draw's inputs in one year -------------------------------------------------------------


@dataclass(frozen=True)
class _Pipeline:
    """The investment pipeline's paths of one draw in one year (``interface.PipelinePaths``)."""

    spending_growth: Vector  # industry, infrastructure
    capacity_gap: Vector
    nev_capacity_gap: float
    growth_variance: Vector


@dataclass(frozen=True)
class _Year:
    """One draw's inputs in one year: inputs x, references r, shocks, events, pipeline."""

    x: dict[str, float]
    r: dict[str, float]
    z: dict[str, float]
    group_z: Vector
    sector_z: Vector
    events: Vector
    pipeline: _Pipeline | None


def _year(drivers: Drivers, innovations: Innovations, draw: int, t: int) -> _Year:
    """Read draw ``draw``'s inputs of year index ``t`` into floats."""
    pipe = drivers.pipeline
    return _Year(
        x={k: float(v[draw, t]) for k, v in drivers.inputs.items()},
        r={k: float(v[t]) for k, v in drivers.reference.items()},
        z={k: float(v[draw, t]) for k, v in innovations.series.items()},
        group_z=_plain(innovations.group[draw, t]),
        sector_z=_plain(innovations.sector[draw, t]),
        events=_plain(drivers.events[draw, t]),
        pipeline=None
        if pipe is None
        else _Pipeline(
            spending_growth=_plain(pipe.spending_growth[draw, t]),
            capacity_gap=_plain(pipe.capacity_gap[draw, t]),
            nev_capacity_gap=float(pipe.nev_capacity_gap[draw, t]),
            growth_variance=_plain(pipe.growth_variance),
        ),
    )


def _reference_year(reference: dict[str, float]) -> _Year:
    """A year of the reference run: every input at its reference, no shock, event or pipeline."""
    return _Year(
        x=dict(reference),
        r=dict(reference),
        z={k: 0.0 for k in SERIES_SHOCKS},
        group_z=[0.0] * N_GROUPS,
        sector_z=[0.0] * N_SECTORS,
        events=[0.0] * N_SECTORS,
        pipeline=None,
    )


# --- Growth (sim.model.growth) ------------------------------------------------------------------


def _gdp_baseline(p: Parameters, national: float, log_rel_income: float) -> float:
    """Baseline GDP growth G_t (``growth.gdp_baseline``)."""
    return (
        p.gdp_intercept
        + p.gdp_national_response * (national - p.national_growth_centre)
        + p.convergence_coefficient * log_rel_income
    )


def _sector_baselines(
    p: Parameters, national: float, income_gain: float, gdp_base: float, weights: Vector
) -> Vector:
    """Sector baselines, centred on G_t with last year's weights (``growth.sector_baselines``)."""
    gap = national - p.national_growth_centre
    raw = []
    for s in SECTOR_RANGE:
        k = GROUP_OF[s]
        value = p.group_intercept[k] + p.group_national_response[k] * gap + p.sector_differential[s]
        if k == TERTIARY:
            value += p.services_income_effect * income_gain
        raw.append(value)
    centre = _dot(weights, raw)
    return [value - centre + gdp_base for value in raw]


def _sector_shocks(
    p: Parameters, previous: Vector, group_z: Vector, sector_z: Vector, factor: Matrix
) -> Vector:
    """u_s = persistence u_s,t-1 + (F z)_k(s) + sd_s z_s (``growth.sector_shocks``)."""
    group = _mat_vec(factor, group_z)
    return [
        p.shock_persistence[GROUP_OF[s]] * previous[s]
        + group[GROUP_OF[s]]
        + p.sector_shock_sd[s] * sector_z[s]
        for s in SECTOR_RANGE
    ]


def _next_log_rel_income(p: Parameters, log_rel: float, growth: float, national: float) -> float:
    """Ln of GDP per head relative to China's, end of year (``growth.next_log_rel_income``)."""
    return (
        log_rel
        + math.log1p(growth / 100)
        - math.log1p(national / 100)
        - math.log1p(p.population_growth / 100)
        + math.log1p(p.national_population_growth / 100)
    )


# --- Prices and property (sim.model.prices, sim.model.property) -------------------------------


def _cpi(p: Parameters, national_cpi: float, growth_gap_last: float) -> float:
    """Chongqing's CPI (``prices.cpi``)."""
    return national_cpi + p.cpi_demand_slope * growth_gap_last


def _deflators(p: Parameters, cpi: float, ppi: float, house_prices: float) -> Vector:
    """Value-added deflator growth by sector (``prices.deflators``)."""
    out = [
        p.ppi_weight[s] * ppi + (1 - p.ppi_weight[s]) * cpi + p.price_drift[s] for s in SECTOR_RANGE
    ]
    out[REAL_ESTATE] += p.real_estate_house_price_weight * (house_prices - cpi)
    return out


def _house_price_growth(p: Parameters, cpi: float, property_gap: float) -> float:
    """House price growth (``property.house_price_growth``)."""
    return cpi + p.house_price_drift + p.house_price_investment_elasticity * property_gap


def _sales_growth(p: Parameters, recovery: float, price_growth: float) -> float:
    """Nominal growth of property sales: floor area times price (``property.sales_growth``)."""
    area = max(p.sales_investment_elasticity * recovery, MIN_GROWTH)
    return 100 * ((1 + area / 100) * (1 + max(price_growth, MIN_GROWTH) / 100) - 1)


def _land_revenue_growth(p: Parameters, sales_growth_last: float) -> float:
    """Land revenue growth from last year's sales (``property.land_revenue_growth``)."""
    return max(p.land_sales_elasticity * sales_growth_last, MIN_GROWTH)


# --- Public finance (sim.model.public_finance) --------------------------------------------------


def _resolved_debt(pace: float, hidden_last: float) -> float:
    """Hidden debt resolved in the year (``public_finance.resolved_debt``)."""
    return min(max(pace, 0.0), 100.0) / 100 * hidden_last


def _debt_squeeze(
    p: Parameters, resolved: float, resolved_reference: float, infrastructure_last: float
) -> float:
    """Cut of infrastructure investment growth (``public_finance.debt_squeeze``)."""
    return (
        p.debt_infrastructure_effect * 100 * (resolved - resolved_reference) / infrastructure_last
    )


def _budget(
    p: Parameters, s: _State, nominal_growth: float, national_nominal: float
) -> tuple[float, float, float]:
    """Budget revenue, expenditure and central transfers (``public_finance.budget``)."""
    return (
        _grow(s.revenue, p.revenue_buoyancy * nominal_growth),
        _grow(s.expenditure, p.expenditure_elasticity * nominal_growth),
        _grow(s.transfers, national_nominal),
    )


# --- Investment (sim.model.investment) ----------------------------------------------------------


def _fai_weights(p: Parameters) -> Vector:
    """2025 shares of the four components in FAI (``investment.fai_weights``)."""
    return [
        p.fai_weight_infrastructure,
        p.fai_weight_industrial,
        p.fai_weight_real_estate,
        p.fai_weight_other,
    ]


def _investment_shock_sds(p: Parameters, variance: Vector | None) -> tuple[float, float]:
    """Sd of the industrial and the other-investment shock (``investment.shock_sds``)."""
    if variance is None:
        return p.industrial_investment_shock_sd, p.fai_shock_sd
    ratio = p.fai_weight_infrastructure / p.fai_weight_other
    industrial = math.sqrt(max(p.industrial_investment_shock_sd**2 - variance[0], 0.0))
    other = math.sqrt(max(p.fai_shock_sd**2 - ratio**2 * variance[1], 0.0))
    return industrial, other


def _component_growth(
    p: Parameters, y: _Year, baseline_gap: float, squeeze: float
) -> tuple[Vector, Vector]:
    """Growth of the four components and its reference (``investment.component_growth``)."""
    x, r, pipe = y.x, y.r, y.pipeline
    credit = p.credit_investment_effect * (x["credit_growth"] - r["credit_growth"])
    accelerator = p.investment_accelerator * baseline_gap
    industrial_sd, other_sd = _investment_shock_sds(
        p, None if pipe is None else pipe.growth_variance
    )
    infrastructure = x["infrastructure_investment"] - squeeze
    industrial = p.industrial_investment_base + credit + accelerator
    industrial += industrial_sd * y.z["industrial_investment"]
    if pipe is None:
        industrial += p.industrial_projects_elasticity * 100 * (
            x["industrial_projects"] / r["industrial_projects"] - 1
        ) + p.tech_projects_elasticity * 100 * (
            x["tech_transformation_projects"] / r["tech_transformation_projects"] - 1
        )
    else:
        industrial += pipe.spending_growth[0]
        infrastructure += pipe.spending_growth[1]
    other = p.fai_other_growth + credit + accelerator + other_sd * y.z["fai"]
    growth = [infrastructure, industrial, x["property_recovery"], other]
    reference = [
        r["infrastructure_investment"],
        p.industrial_investment_base,
        r["property_recovery"],
        p.fai_other_growth,
    ]
    return growth, reference


def _investment_demand_gap(
    p: Parameters, levels: Vector, growth: Vector, reference: Vector, capital_formation: float
) -> float:
    """Investment demand gap d_I (``investment.demand_gap``)."""
    total = sum(levels)
    gap = sum(levels[c] / total * (growth[c] - reference[c]) for c in range(1, 4))
    infrastructure = levels[INFRA] / capital_formation * (growth[INFRA] - reference[INFRA])
    return p.investment_demand_elasticity * gap + p.infrastructure_capital_share * infrastructure


# --- Households (sim.model.households) ----------------------------------------------------------


def _income_drivers(
    p: Parameters, va: Vector, financial_assets: float, expenditure: float
) -> Vector:
    """Wage bill, operating value added, financial assets, expenditure (``households``)."""
    wages = sum(va[j] * p.compensation_share[j] for j in SECTOR_RANGE)
    return [wages, sum(va[s] for s in OPERATING), financial_assets, expenditure]


def _wealth_term(p: Parameters, property_gap: float) -> float:
    """Consumption growth from housing wealth (``households.wealth_term``)."""
    return (
        p.housing_wealth_mpc
        * p.housing_wealth_to_consumption
        * p.house_price_investment_elasticity
        * property_gap
    )


def _consumption_core_growth(
    p: Parameters, s: _State, consumption_ratio: float, wealth: float, z: float
) -> float:
    """Error-correction growth of core consumption (``households.consumption_core_growth``)."""
    correction = 100 * math.log(consumption_ratio * sum(s.income_parts) / s.consumption_core)
    return (
        p.consumption_income_elasticity * s.income_growth
        + p.consumption_adjustment * correction
        + wealth
        + p.consumption_shock_sd * z
    )


def _tradein_levels(p: Parameters, gap: float, gap_last: float) -> tuple[float, float]:
    """Extra consumption and retail sales from trade-in subsidies (``households``)."""
    net = gap - p.tradein_payback * gap_last
    return p.tradein_consumption_multiplier * net, p.tradein_retail_multiplier * net


def _retail_core_growth(p: Parameters, consumption_growth: float, z: float) -> float:
    """Retail sales growth before trade-in (``households.retail_core_growth``)."""
    return p.retail_consumption_elasticity * consumption_growth + p.retail_shock_sd * z


# --- Sector growth: lever impulses, capacity, supply (sim.model.core) ---------------------------


def _lever_impulses(
    p: Parameters,
    y: _Year,
    s: _State,
    property_gap: float,
    tradein_change: float,
    low_altitude: float,
) -> Vector:
    """Direct demand impulses of the levers on single sectors (``core._lever_impulses``)."""
    x, r = y.x, y.r
    push = x["digital_economy_push"] - r["digital_economy_push"]
    out = [push * p.digital_core_intensity[j] for j in SECTOR_RANGE]
    out[REAL_ESTATE] += p.property_real_estate_effect * property_gap
    out[FIN] += p.credit_finance_effect * (x["credit_growth"] - r["credit_growth"])
    out[PROD] += p.ilstc_logistics_effect * (x["ilstc_freight_growth"] - r["ilstc_freight_growth"])
    final = _final_demand(p, s.va)
    for j in SECTOR_RANGE:
        out[j] += (
            100 * p.tradein_local_content * tradein_change * p.tradein_goods_split[j] / final[j]
        )
    out[CONSUMER] += 100 * p.retail_trade_margin * tradein_change / final[CONSUMER]
    change = low_altitude - s.low_altitude
    share = p.low_altitude_manufacturing_share
    out[OTHER_MFG] += 100 * share * change / s.real[OTHER_MFG]
    out[PROD] += 100 * (1 - share) * change / s.real[PROD]
    return out


def _capacity(p: Parameters, s: _State, base: Vector, pipe: _Pipeline | None) -> Vector:
    """Real capacity by sector (``core._capacity``)."""
    if pipe is None:
        return [
            _grow(
                s.capacity[j],
                base[j] + p.capacity_investment_elasticity[j] * s.industrial_investment_gap,
            )
            for j in SECTOR_RANGE
        ]
    return [
        max(_grow(s.capacity[j], base[j]) + pipe.capacity_gap[j], s.capacity[j] * MIN_SHARE)
        for j in SECTOR_RANGE
    ]


def _nev_demand_share(p: Parameters, share_last: float) -> float:
    """Logistic NEV share of vehicle demand (``shares.nev_demand_share``)."""
    return share_last + p.nev_share_speed * share_last * (1 - share_last / p.nev_share_ceiling)


def _supply(
    p: Parameters, y: _Year, s: _State, demand: Vector, capacity: Vector
) -> tuple[Vector, float, float, float]:
    """Output within capacity and the NEV limit: real, autos, NEVs, share (``core._supply``)."""
    real = [s.real[j] * (1 + demand[j] / 100) for j in SECTOR_RANGE]
    for j in IND:
        real[j] = min(real[j], capacity[j])
    autos_demand = s.auto_output * real[AUTO] / s.real[AUTO]
    share = _nev_demand_share(p, s.nev_share)
    nev_demand = autos_demand * share
    nev_capacity = y.x["nev_capacity"] * 1e6
    if y.pipeline is not None:
        nev_capacity = max(nev_capacity + y.pipeline.nev_capacity_gap, 0.0)
    nev = min(nev_demand, nev_capacity)
    autos = autos_demand - (nev_demand - nev)
    real[AUTO] *= autos / autos_demand
    return real, autos, nev, share


# --- Labour, trade, accounts, shares ------------------------------------------------------------


def _group_growth(va_last: Vector, growth: Vector) -> Vector:
    """Chain-linked growth of the three groups (``labour.group_growth``)."""
    return [
        sum(va_last[j] * growth[j] for j in members) / sum(va_last[j] for j in members)
        for members in GROUP_MEMBERS
    ]


def _employment(p: Parameters, last: Vector, growth_k: Vector, base_k: Vector) -> Vector:
    """Employment by group: trend plus Okun term (``labour.employment``)."""
    return [
        _grow(
            last[k],
            p.employment_trend[k] + p.employment_output_elasticity[k] * (growth_k[k] - base_k[k]),
        )
        for k in range(N_GROUPS)
    ]


def _new_urban_jobs(p: Parameters, urban_last: float, urban: float) -> float:
    """Replacement hiring plus net growth, at least 0 (``labour.new_urban_jobs``)."""
    return max(p.job_turnover_rate * urban_last + (urban - urban_last), 0.0)


def _export_growth(p: Parameters, y: _Year, growth: Vector, base: Vector) -> float:
    """Nominal export growth (``trade.export_growth``)."""
    x, r = y.x, y.r
    return (
        p.export_trend
        + p.export_demand_elasticity * (x["export_demand_growth"] - r["export_demand_growth"])
        + p.trade_electronics_weight * (growth[ELEC] - base[ELEC])
        + p.trade_automotive_weight * (growth[AUTO] - base[AUTO])
        + p.ilstc_trade_share * (x["ilstc_freight_growth"] - r["ilstc_freight_growth"])
        + p.trade_shock_sd * y.z["trade"]
    )


def _import_growth(p: Parameters, export_growth: float, growth_gap: float) -> float:
    """Nominal import growth (``trade.import_growth``)."""
    return (
        p.import_trend
        + p.import_export_elasticity * (export_growth - p.export_trend)
        + p.import_demand_elasticity * growth_gap
    )


def _contributions(
    s: _State,
    final_consumption: float,
    cpi: float,
    capital: float,
    capital_prices: float,
) -> tuple[float, float]:
    """Contributions of final consumption and capital formation (``accounts.contributions``)."""
    gdp_last = sum(s.va)
    last = s.consumption + s.government_consumption
    consumption = 100 * (final_consumption / (1 + cpi / 100) - last) / gdp_last
    investment = 100 * (capital / (1 + capital_prices / 100) - s.gross_capital_formation)
    return consumption, investment / gdp_last


def _sei_share(
    p: Parameters,
    share_last: float,
    high_tech_growth: float,
    industry_growth: float,
    tech_gap: float,
    z: float,
) -> float:
    """Share of strategic emerging industries (``shares.sei_share``)."""
    premium = (
        p.sei_premium
        + p.sei_high_tech_weight * (high_tech_growth - industry_growth)
        + p.sei_tech_projects_effect * tech_gap
        + p.sei_shock_sd * z
    )
    return min(max(share_last * (1 + premium / 100), 0.0), 100.0)


def _above_size_revenue(
    p: Parameters, revenue_last: float, industry_va: float, industry_va_last: float
) -> float:
    """Operating revenue of above-size industry (``industry.revenue``)."""
    ratio = industry_va / industry_va_last
    return revenue_last * ratio * (1 + p.above_size_growth_premium / 100)


def _digital_core_share(p: Parameters, va: Vector) -> float:
    """Core digital industries' share of GDP (``shares.digital_core_share``)."""
    return 100 * sum(va[j] * p.digital_core_intensity[j] for j in SECTOR_RANGE) / sum(va)


def _digitalisation(p: Parameters, last: float, z: float) -> float:
    """Digitalisation of other industries, % of GDP (``shares.digitalisation``)."""
    return min(max(last + p.digitalisation_speed + p.digital_shock_sd * z, 0.0), 100.0)


def _weighted_growth(va_last: Vector, growth: Vector, members: list[int]) -> float:
    """Growth of a group of sectors weighted by last year's value added (chain-linked)."""
    return sum(va_last[j] * growth[j] for j in members) / sum(va_last[j] for j in members)


# --- State ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _State:
    """One draw's economy at the end of a year (``core.State``)."""

    va: Vector
    real: Vector
    capacity: Vector
    shocks: Vector
    fai: Vector
    log_rel_income: float
    income_gain: float
    potential: float
    real_growth: float
    deflator_growth: float
    cpi: float
    fai_growth: float
    industrial_investment_growth: float
    industrial_investment_gap: float
    auto_output: float
    nev_output: float
    nev_share: float
    industrial_output: float
    industrial_revenue: float
    industrial_va_growth: float
    industrial_va_growth_above_size: float
    sei: float
    sei_va: float
    digital_core: float
    digitalisation: float
    financial_assets: float
    exports: float
    imports: float
    trade_growth: float
    consumption_core: float
    consumption: float
    retail_core: float
    retail: float
    retail_growth: float
    income_parts: Vector
    income_drivers: Vector
    income_growth: float
    tradein_gap: float
    tradein_consumption: float
    low_altitude: float
    population: float
    employment: Vector
    urban_employment: float
    new_urban_jobs: float
    house_price_growth: float
    property_investment: float
    property_sales: float
    sales_growth: float
    land_revenue: float
    revenue: float
    expenditure: float
    transfers: float
    government_consumption: float
    explicit_debt: float
    hidden_debt: float
    hidden_reference: float
    gross_capital_formation: float
    contribution_consumption: float
    contribution_investment: float
    consumption_excess: float


def _initial_state(b: Baseline, p: Parameters) -> _State:
    """The 2025 state from the seeds (``core.initial_state``)."""
    va = _plain(b.va)
    income = b.disposable_income
    wages = b.income_share_wages / 100 * income
    operating = b.income_share_operating / 100 * income
    prop = b.income_share_property / 100 * income
    log_rel = math.log(b.gdp_per_capita_relative)
    potential = _gdp_baseline(p, b.national_gdp_growth, log_rel)
    core = _digital_core_share(p, va)
    return _State(
        va=va,
        real=list(va),
        capacity=[va[j] / p.capacity_utilisation[j] for j in SECTOR_RANGE],
        shocks=[0.0] * N_SECTORS,
        fai=[b.fai * w for w in _fai_weights(p)],
        log_rel_income=log_rel,
        income_gain=0.0,
        potential=potential,
        real_growth=b.gdp_real_growth,
        deflator_growth=b.gdp_deflator_growth,
        cpi=b.cpi,
        fai_growth=b.fai_growth,
        industrial_investment_growth=b.industrial_investment_growth,
        industrial_investment_gap=0.0,
        auto_output=b.auto_output,
        nev_output=b.nev_output,
        nev_share=b.nev_output / b.auto_output,
        industrial_output=b.industrial_output,
        industrial_revenue=b.industrial_revenue_above_size,
        industrial_va_growth=b.industrial_va_growth,
        industrial_va_growth_above_size=b.industrial_va_growth,
        sei=b.sei_share_industrial_output,
        sei_va=b.sei_share_industrial_va,
        digital_core=core,
        digitalisation=b.digital_economy_share_gdp - core,
        financial_assets=b.financial_assets,
        exports=b.exports,
        imports=b.imports,
        trade_growth=b.foreign_trade_growth,
        consumption_core=b.household_consumption,
        consumption=b.household_consumption,
        retail_core=b.retail_sales,
        retail=b.retail_sales,
        retail_growth=b.retail_sales_growth,
        income_parts=[wages, operating, prop, income - wages - operating - prop],
        income_drivers=_income_drivers(p, va, b.financial_assets, b.general_budget_expenditure),
        income_growth=100 * math.log1p(b.disposable_income_growth / 100),
        tradein_gap=0.0,
        tradein_consumption=0.0,
        low_altitude=0.0,
        population=b.population,
        employment=[b.employment_primary, b.employment_secondary, b.employment_tertiary],
        urban_employment=b.urban_employment,
        new_urban_jobs=b.new_urban_jobs,
        house_price_growth=b.house_price_growth,
        property_investment=b.property_investment,
        property_sales=b.property_sales,
        sales_growth=0.0,
        land_revenue=b.land_revenue,
        revenue=b.general_budget_revenue,
        expenditure=b.general_budget_expenditure,
        transfers=b.central_transfers,
        government_consumption=b.government_consumption,
        explicit_debt=b.explicit_debt,
        hidden_debt=b.hidden_debt,
        hidden_reference=b.hidden_debt,
        gross_capital_formation=b.gross_capital_formation,
        contribution_consumption=b.gdp_contribution_consumption,
        contribution_investment=b.gdp_contribution_investment,
        consumption_excess=0.0,
    )


def _indicators(s: _State) -> dict[str, float]:
    """Every indicator of a year's state (``core.indicators``)."""
    gdp = sum(s.va)
    income = sum(s.income_parts)
    out = {
        "gdp": gdp,
        "gdp_real_growth": s.real_growth,
        "industrial_va_growth": s.industrial_va_growth,
        "industrial_va_growth_above_size": s.industrial_va_growth_above_size,
        "industrial_output": s.industrial_output,
        "industrial_revenue_above_size": s.industrial_revenue,
        "manufacturing_share_gdp": 100 * sum(s.va[j] for j in MFG) / gdp,
        "sei_share_industrial_output": s.sei,
        "sei_share_industrial_va": s.sei_va,
        "producer_services_share_services": 100
        * sum(s.va[j] for j in PRODSERV)
        / sum(s.va[j] for j in SERV),
        "digital_economy_share_gdp": min(max(s.digital_core + s.digitalisation, 0.0), 100.0),
        "nev_output": s.nev_output,
        "nev_share_auto_output": 100 * s.nev_output / s.auto_output,
        "auto_output": s.auto_output,
        "financial_assets": s.financial_assets,
        "fai_growth": s.fai_growth,
        "industrial_investment_growth": s.industrial_investment_growth,
        "foreign_trade": s.exports + s.imports,
        "foreign_trade_growth": s.trade_growth,
        "retail_sales": s.retail,
        "retail_sales_growth": s.retail_growth,
        "potential_growth": s.potential,
        "household_consumption": s.consumption,
        "government_consumption": s.government_consumption,
        "gross_capital_formation": s.gross_capital_formation,
        "net_outflows": gdp - s.consumption - s.government_consumption - s.gross_capital_formation,
        "gdp_contribution_consumption": s.contribution_consumption,
        "gdp_contribution_investment": s.contribution_investment,
        "gdp_contribution_net_outflows": s.real_growth
        - s.contribution_consumption
        - s.contribution_investment,
        "compensation_of_employees": s.income_drivers[0],
        "household_disposable_income": income,
        "disposable_income_per_capita": 1e5 * income / s.population,
        "population": s.population,
        "employment": sum(s.employment),
        "urban_employment": s.urban_employment,
        "new_urban_jobs": s.new_urban_jobs,
        "cpi": s.cpi,
        "gdp_deflator_growth": s.deflator_growth,
        "house_price_growth": s.house_price_growth,
        "property_investment": s.property_investment,
        "property_sales": s.property_sales,
        "land_revenue": s.land_revenue,
        "general_budget_revenue": s.revenue,
        "general_budget_expenditure": s.expenditure,
        "local_government_debt": s.explicit_debt + s.hidden_debt,
        "hidden_debt": s.hidden_debt,
        "exports": s.exports,
        "imports": s.imports,
    }
    for name, value in zip(VA_INDICATORS, s.va, strict=True):
        out[name] = value
    return out


# --- The year ------------------------------------------------------------------------------------


def _step(
    p: Parameters, fixed: _Fixed, y: _Year, s: _State, excess_reference: float | None
) -> _State:
    """Advance one draw by one year (``core.step``); None runs the reference run itself."""
    x, r, z = y.x, y.r, y.z
    national = x["national_gdp_growth"]
    gdp_last = sum(s.va)
    weights = [v / gdp_last for v in s.va]

    # 1. Baseline growth; prices known at the start of the year.
    potential = _gdp_baseline(p, national, s.log_rel_income)
    baseline_gap = p.gdp_national_response * (national - r["national_gdp_growth"])
    base = _sector_baselines(p, national, s.income_gain, potential, weights)
    cpi = _cpi(p, x["inflation"], s.real_growth - s.potential)
    property_gap = x["property_recovery"] - r["property_recovery"]
    house_prices = _house_price_growth(p, cpi, property_gap)

    # 2. Investment.
    resolved = _resolved_debt(x["debt_resolution_pace"], s.hidden_debt)
    resolved_ref = _resolved_debt(r["debt_resolution_pace"], s.hidden_reference)
    squeeze = _debt_squeeze(p, resolved, resolved_ref, s.fai[INFRA])
    growth_k, reference_k = _component_growth(p, y, baseline_gap, squeeze)
    fai = [_grow(level, g) for level, g in zip(s.fai, growth_k, strict=True)]
    fai_growth = 100 * (sum(fai) / sum(s.fai) - 1)
    d_investment = _investment_demand_gap(
        p, s.fai, growth_k, reference_k, s.gross_capital_formation
    )

    # 3. Households and exports.
    core_growth = _consumption_core_growth(
        p, s, fixed.consumption_ratio, _wealth_term(p, property_gap), z["consumption"]
    )
    consumption_core = s.consumption_core * math.exp(core_growth / 100)
    tradein_gap = x["tradein_subsidy"] - r["tradein_subsidy"]
    tradein_c, tradein_r = _tradein_levels(p, tradein_gap, s.tradein_gap)
    consumption = max(consumption_core + tradein_c, MIN_SHARE * consumption_core)
    real_core = 100 * (consumption_core / s.consumption_core / (1 + cpi / 100) - 1)
    excess = real_core - potential
    d_consumption = 0.0 if excess_reference is None else excess - excess_reference
    d_exports = p.export_demand_elasticity * (x["export_demand_growth"] - r["export_demand_growth"])

    # 4. Sector real growth.
    low_altitude = s.low_altitude + p.low_altitude_ramp * (
        x["low_altitude_output"] - r["low_altitude_output"] - s.low_altitude
    )
    levers = _lever_impulses(p, y, s, property_gap, tradein_c - s.tradein_consumption, low_altitude)
    impulse = [
        p.demand_consumption[j] * d_consumption
        + p.demand_investment[j] * d_investment
        + p.demand_exports[j] * d_exports
        + levers[j]
        + y.events[j]
        for j in SECTOR_RANGE
    ]
    shocks = _sector_shocks(p, s.shocks, y.group_z, y.sector_z, fixed.shock_factor)
    spill = _mat_vec(fixed.spillover, impulse)
    demand = [max(base[j] + spill[j] + shocks[j], MIN_GROWTH) for j in SECTOR_RANGE]
    capacity = _capacity(p, s, base, y.pipeline)
    real, autos, nev, nev_share = _supply(p, y, s, demand, capacity)
    growth = [100 * (real[j] / s.real[j] - 1) for j in SECTOR_RANGE]
    real_growth = _dot(weights, growth)

    # 5. Prices and nominal value added.
    deflator = _deflators(p, cpi, x["producer_price_inflation"], house_prices)
    va = [
        s.va[j] * (1 + growth[j] / 100) * (1 + max(deflator[j], MIN_GROWTH) / 100)
        for j in SECTOR_RANGE
    ]
    gdp = sum(va)
    nominal_growth = 100 * (gdp / gdp_last - 1)
    deflator_growth = 100 * ((1 + nominal_growth / 100) / (1 + real_growth / 100) - 1)

    # Financial assets, public finance, debt.
    financial_assets = _grow(
        s.financial_assets,
        nominal_growth
        + p.financial_assets_premium
        + p.credit_assets_effect * (x["credit_growth"] - r["credit_growth"])
        + p.financial_assets_shock_sd * z["financial_assets"],
    )
    revenue, expenditure, transfers = _budget(p, s, nominal_growth, national + x["inflation"])
    explicit = s.explicit_debt + (expenditure - revenue - transfers) + resolved

    # Income, retail sales, property.
    drivers_now = _income_drivers(p, va, financial_assets, expenditure)
    parts = [s.income_parts[i] * drivers_now[i] / s.income_drivers[i] for i in range(4)]
    income_growth = 100 * math.log(sum(parts) / sum(s.income_parts))
    retail_core = s.retail_core * math.exp(_retail_core_growth(p, core_growth, z["retail"]) / 100)
    retail = max(retail_core + tradein_r, MIN_SHARE * retail_core)
    sales_growth = _sales_growth(p, x["property_recovery"], house_prices)

    # Labour.
    potential_reference = potential - baseline_gap
    base_reference = _sector_baselines(
        p, r["national_gdp_growth"], s.income_gain, potential_reference, weights
    )
    employment = _employment(
        p, s.employment, _group_growth(s.va, growth), _group_growth(s.va, base_reference)
    )
    urban = s.urban_employment * sum(employment[1:]) / sum(s.employment[1:])

    # Trade.
    export_impulse = [p.demand_exports[j] * d_exports for j in SECTOR_RANGE]
    export_part = _mat_vec(fixed.spillover, export_impulse)
    export_growth = _export_growth(p, y, [growth[j] - export_part[j] for j in SECTOR_RANGE], base)
    exports = _grow(s.exports, export_growth)
    imports = _grow(s.imports, _import_growth(p, export_growth, real_growth - potential))

    # Expenditure account.
    government = fixed.government_ratio * expenditure
    capital = _grow(s.gross_capital_formation, fai_growth)
    investment_prices = (
        p.investment_price_ppi_weight * x["producer_price_inflation"]
        + (1 - p.investment_price_ppi_weight) * cpi
    )
    c_cons, c_inv = _contributions(s, consumption + government, cpi, capital, investment_prices)

    # Structural shares.
    industry_growth = _weighted_growth(s.va, growth, IND)
    high_tech_growth = _weighted_growth(s.va, growth, HIGH_TECH)
    tech_gap = x["tech_transformation_projects"] / r["tech_transformation_projects"] - 1
    sei = _sei_share(p, s.sei, high_tech_growth, industry_growth, tech_gap, z["sei"])
    sei_va = _sei_share(p, s.sei_va, high_tech_growth, industry_growth, tech_gap, z["sei"])
    industry_va = sum(va[j] for j in IND)
    industry_va_last = sum(s.va[j] for j in IND)

    return _State(
        va=va,
        real=real,
        capacity=capacity,
        shocks=shocks,
        fai=fai,
        log_rel_income=_next_log_rel_income(p, s.log_rel_income, real_growth, national),
        income_gain=s.income_gain
        + math.log1p(real_growth / 100)
        - math.log1p(p.population_growth / 100),
        potential=potential,
        real_growth=real_growth,
        deflator_growth=deflator_growth,
        cpi=cpi,
        fai_growth=fai_growth,
        industrial_investment_growth=growth_k[INDUSTRIAL],
        industrial_investment_gap=growth_k[INDUSTRIAL] - reference_k[INDUSTRIAL],
        auto_output=autos,
        nev_output=nev,
        nev_share=nev_share,
        industrial_output=s.industrial_output * industry_va / industry_va_last,
        industrial_revenue=_above_size_revenue(
            p, s.industrial_revenue, industry_va, industry_va_last
        ),
        industrial_va_growth=industry_growth,
        industrial_va_growth_above_size=industry_growth + p.above_size_growth_premium,
        sei=sei,
        sei_va=sei_va,
        digital_core=_digital_core_share(p, va),
        digitalisation=_digitalisation(p, s.digitalisation, z["digital"]),
        financial_assets=financial_assets,
        exports=exports,
        imports=imports,
        trade_growth=100 * ((exports + imports) / (s.exports + s.imports) - 1),
        consumption_core=consumption_core,
        consumption=consumption,
        retail_core=retail_core,
        retail=retail,
        retail_growth=100 * (retail / s.retail - 1),
        income_parts=parts,
        income_drivers=drivers_now,
        income_growth=income_growth,
        tradein_gap=tradein_gap,
        tradein_consumption=tradein_c,
        low_altitude=low_altitude,
        population=_grow(s.population, p.population_growth),
        employment=employment,
        urban_employment=urban,
        new_urban_jobs=_new_urban_jobs(p, s.urban_employment, urban),
        house_price_growth=house_prices,
        property_investment=_grow(s.property_investment, x["property_recovery"]),
        property_sales=_grow(s.property_sales, sales_growth),
        sales_growth=sales_growth,
        land_revenue=_grow(s.land_revenue, _land_revenue_growth(p, s.sales_growth)),
        revenue=revenue,
        expenditure=expenditure,
        transfers=transfers,
        government_consumption=government,
        explicit_debt=explicit,
        hidden_debt=s.hidden_debt - resolved,
        hidden_reference=s.hidden_reference - resolved_ref,
        gross_capital_formation=capital,
        contribution_consumption=c_cons,
        contribution_investment=c_inv,
        consumption_excess=excess,
    )


# --- Public functions ----------------------------------------------------------------------------


def reference_excess(
    baseline: Baseline, params: Parameters, reference: dict[str, np.ndarray]
) -> list[float]:
    """The reference run's consumption excess per year (``core.reference_path``).

    Every input at its reference, no shock, event or pipeline; the consumption gap is zero in this
    run by definition.

    Parameters
    ----------
    baseline : Baseline
        The 2025 state.
    params : Parameters
        Central parameters (not sampled per draw).
    reference : dict of str to ndarray, each shaped (years,)
        The reference value of every input in each year (``Drivers.reference``).

    Returns
    -------
    list of float
        Real growth of core household consumption less baseline GDP growth, pp, per year
        2026...last.
    """
    if _is_sampled(params):
        raise ValueError("the reference run takes central parameters, not per-draw samples")
    p = _plain_parameters(params)
    fixed = _fixed(baseline, p)
    n_years = len(next(iter(reference.values())))
    state = _initial_state(baseline, p)
    excess = []
    for t in range(n_years):
        year = _reference_year({k: float(v[t]) for k, v in reference.items()})
        state = _step(p, fixed, year, state, None)
        excess.append(state.consumption_excess)
    return excess


def project_one(
    baseline: Baseline,
    params: Parameters,
    drivers: Drivers,
    innovations: Innovations,
    draw: int,
    reference: list[float] | None = None,
) -> dict[str, list[float]]:
    """Project draw ``draw`` from 2025 to the last year of ``drivers``.

    Parameters
    ----------
    baseline, params, drivers, innovations
        As for ``sim.model.core.project``; ``params`` may hold per-draw samples, of which this
        draw's are taken (``Parameters.for_draw``).
    draw : int
        Index of the draw in ``drivers`` and ``innovations``.
    reference : list of float, optional
        The reference run's consumption excess per year (:func:`reference_excess`, the same as
        ``ReferencePath.consumption_excess``); computed from ``params`` when not given, which
        needs ``params`` not sampled per draw.

    Returns
    -------
    dict of str to list of float
        Every indicator of ``INDICATORS``, one value a year from 2025 to the last.
    """
    if reference is None:
        reference = reference_excess(baseline, params, drivers.reference)
    p = _plain_parameters(params.for_draw(draw))
    fixed = _fixed(baseline, p)
    state = _initial_state(baseline, p)
    rows = [_indicators(state)]
    for t in range(drivers.shape[1]):
        year = _year(drivers, innovations, draw, t)
        state = _step(p, fixed, year, state, reference[t])
        rows.append(_indicators(state))
    return {name: [row[name] for row in rows] for name in INDICATORS}


def project_reference(
    baseline: Baseline,
    params: Parameters,
    drivers: Drivers,
    innovations: Innovations,
    reference: list[float] | None = None,
) -> dict[str, np.ndarray]:
    """Every draw through :func:`project_one`, stacked like ``sim.model.core.project``'s result.

    Returns
    -------
    dict of str to ndarray, each shaped (draws, years + 1)
        Every indicator of ``INDICATORS``; column 0 is 2025.
    """
    if reference is None:
        reference = reference_excess(baseline, params, drivers.reference)
    rows = [
        project_one(baseline, params, drivers, innovations, i, reference)
        for i in range(drivers.shape[0])
    ]
    return {name: np.array([row[name] for row in rows]) for name in INDICATORS}


__all__ = ["project_one", "project_reference", "reference_excess"]
