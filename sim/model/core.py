"""The vectorized projection: one annual step after another, all Monte Carlo draws at once.

Arrays are shaped (draws, ...); the only Python loop runs over years. Money is in RMB billion,
rates in percent, persons in 10,000. ``sim.model.reference`` computes the same equations one
draw at a time with plain floats, written independently; the tests hold the two equal.

A year t runs the blocks in this order (equations in each function's docstring):

1. baseline growth G_t and sector baselines (``growth``), prices known at the start of the year
   (CPI from last year's demand pressure, house prices; ``prices``, ``property``);
2. investment: hidden debt resolved and the squeeze on infrastructure (``public_finance``), the
   four components and their demand gap d_I (``investment``);
3. households: consumption from last year's income and the trade-in subsidy, its demand gap d_C
   (``households``); the export demand gap d_X;
4. sector real growth: baseline + input-output spillovers of the demand gaps, lever terms and
   events + shocks; capacity and the NEV capacity limit (``step``, ``_lever_impulses``,
   ``_capacity``, ``_supply``);
5. prices and nominal value added; financial assets; public finance and debt; income; retail
   sales; property; labour; trade; the expenditure account (``accounts``); structural shares.

The demand gaps are zero in the reference run (every input at its registry default, no shock),
so that run grows at the panel baseline as long as no capacity binds in it: industrial capacity
starts above output and grows at the same baseline, but the registry's NEV capacity path can bind
(then automotive growth, and GDP growth, fall short of the baseline). The consumption gap is
measured against the reference run itself (``ReferencePath``): with PPI and CPI apart, real income
can grow slower than output even in the reference run, and that would otherwise show as a demand
gap.

Floors keep every level positive whatever the draws (``floors``): sector demand growth g^d and
deflator growth are floored at -95%, as is every rate a level is grown by with ``floors.grow``
(investment components, capacity, budget revenue, expenditure and transfers, financial assets,
employment, exports, imports, property investment and sales, land revenue, capital formation,
population); consumption and retail sales with the trade-in effect keep at least 5% of their core
level. Block docstrings that grow a level write the equation without the floor of ``grow``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model import growth as gr
from sim.model import households as hh
from sim.model import industry, labour, prices, property, public_finance, shares, trade
from sim.model import investment as inv
from sim.model.accounts import contributions, net_outflows
from sim.model.floors import MIN_GROWTH, MIN_SHARE, grow, log_growth
from sim.model.indicators import INDICATORS, VA_INDICATORS
from sim.model.interface import SERIES_SHOCKS, Baseline, Drivers, Innovations, PipelinePaths
from sim.model.io_table import gross_output, spillover_matrix
from sim.model.linalg import row_products, row_sums
from sim.model.parameters import Parameters
from sim.model.sectors import (
    AUTO,
    CONSUMER,
    FIN,
    HIGH_TECH,
    IND,
    MFG,
    N_GROUPS,
    N_SECTORS,
    OTHER_MFG,
    PROD,
    PRODSERV,
    REAL_ESTATE,
    SERV,
)


@dataclass(frozen=True)
class ReferencePath:
    """What the reference run (all inputs at their defaults, no shocks) gives, per year.

    Attributes
    ----------
    consumption_excess : ndarray, shape (years,)
        Real growth of core household consumption less baseline GDP growth G_t, pp.
    """

    consumption_excess: np.ndarray


@dataclass
class State:
    """The economy at the end of a year, per draw: levels and the rates the next year needs.

    Shapes (draws,) unless stated; money RMB bn, rates %, persons 10k.
    """

    va: np.ndarray  # (draws, sectors) nominal value added
    real: np.ndarray  # (draws, sectors) real value added, 2025 prices
    capacity: np.ndarray  # (draws, sectors) real capacity
    shocks: np.ndarray  # (draws, sectors) u
    sector_growth: np.ndarray  # (draws, sectors) real growth of the year
    fai: np.ndarray  # (draws, 4) investment components
    log_rel_income: np.ndarray
    income_gain: np.ndarray  # ln(real GDP per head / 2025's)
    potential: np.ndarray
    real_growth: np.ndarray
    growth_gap: np.ndarray
    deflator_growth: np.ndarray
    cpi: np.ndarray
    fai_growth: np.ndarray
    industrial_investment_growth: np.ndarray
    industrial_investment_gap: np.ndarray
    auto_output: np.ndarray
    nev_output: np.ndarray
    nev_share: np.ndarray
    industrial_output: np.ndarray
    industrial_revenue: np.ndarray  # above designated size
    industrial_va_growth: np.ndarray
    industrial_va_growth_above_size: np.ndarray
    sei: np.ndarray  # share of industrial output (converted basis)
    sei_va: np.ndarray  # share of above-size industrial value added
    digital_core: np.ndarray
    digitalisation: np.ndarray
    financial_assets: np.ndarray
    exports: np.ndarray
    imports: np.ndarray
    trade_growth: np.ndarray
    consumption_core: np.ndarray
    consumption: np.ndarray
    retail_core: np.ndarray
    retail: np.ndarray
    retail_growth: np.ndarray
    income_parts: np.ndarray  # (draws, 4) wages, operating, property, transfers
    income_drivers: np.ndarray  # (draws, 4) what each part grows with
    income_growth: np.ndarray
    tradein_gap: np.ndarray
    tradein_consumption: np.ndarray
    low_altitude: np.ndarray
    population: np.ndarray
    employment: np.ndarray  # (draws, 3) primary, secondary, tertiary
    urban_employment: np.ndarray
    new_urban_jobs: np.ndarray
    house_price_growth: np.ndarray
    property_investment: np.ndarray
    property_sales: np.ndarray
    sales_growth: np.ndarray
    land_revenue: np.ndarray
    revenue: np.ndarray
    expenditure: np.ndarray
    transfers: np.ndarray
    government_consumption: np.ndarray
    explicit_debt: np.ndarray
    hidden_debt: np.ndarray
    hidden_reference: np.ndarray
    gross_capital_formation: np.ndarray
    contribution_consumption: np.ndarray
    contribution_investment: np.ndarray
    consumption_excess: np.ndarray


def structure(baseline: Baseline, p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """Time-invariant matrices: spillover M (S, S) and group shock factor F (3, 3)."""
    m = spillover_matrix(p.io_coefficients, gross_output(baseline.va, p.va_ratio))
    return m, gr.group_shock_factor(p)


def demand_shares(p: Parameters) -> np.ndarray:
    """Shares of each sector's final demand by component, (sectors, 3): C, I, exports abroad."""
    return np.stack([p.demand_consumption, p.demand_investment, p.demand_exports], axis=1)


def initial_state(baseline: Baseline, p: Parameters, n: int) -> State:
    """The 2025 state of ``n`` draws, from the seeds.

    Beyond the seeds: real VA = nominal VA; capacity K = VA / capacity_utilisation; the FAI
    components FAI x the 2025 weights; the income parts by the survey shares (transfers the rest);
    G_2025 from the seeds' national growth and relative income, so the first year's demand
    pressure on CPI is the seeds' real growth less G_2025; the NEV demand share nev / autos;
    digitalisation = the digital economy share less the core digital share; above-size industrial
    growth in 2025 = the seeds' industrial growth (itself the above-size figure).
    """
    b = baseline

    def full(value: float) -> np.ndarray:
        return np.full(n, float(value))

    va = np.tile(b.va, (n, 1))
    income = b.disposable_income
    wages = b.income_share_wages / 100 * income
    operating = b.income_share_operating / 100 * income
    prop = b.income_share_property / 100 * income
    parts = np.array([wages, operating, prop, income - wages - operating - prop])
    employment = np.array([b.employment_primary, b.employment_secondary, b.employment_tertiary])
    weights = inv.fai_weights(p)
    potential = gr.gdp_baseline(
        p, full(b.national_gdp_growth), full(np.log(b.gdp_per_capita_relative))
    )
    core = shares.digital_core_share(p, va)
    return State(
        va=va,
        real=va.copy(),
        capacity=va / p.capacity_utilisation,
        shocks=np.zeros_like(va),
        sector_growth=np.zeros_like(va),
        fai=np.tile(b.fai * weights, (n, 1)),
        log_rel_income=full(np.log(b.gdp_per_capita_relative)),
        income_gain=full(0.0),
        potential=potential,
        real_growth=full(b.gdp_real_growth),
        growth_gap=full(b.gdp_real_growth) - potential,
        deflator_growth=full(b.gdp_deflator_growth),
        cpi=full(b.cpi),
        fai_growth=full(b.fai_growth),
        industrial_investment_growth=full(b.industrial_investment_growth),
        industrial_investment_gap=full(0.0),
        auto_output=full(b.auto_output),
        nev_output=full(b.nev_output),
        nev_share=full(b.nev_output / b.auto_output),
        industrial_output=full(b.industrial_output),
        industrial_revenue=full(b.industrial_revenue_above_size),
        industrial_va_growth=full(b.industrial_va_growth),
        industrial_va_growth_above_size=full(b.industrial_va_growth),
        sei=full(b.sei_share_industrial_output),
        sei_va=full(b.sei_share_industrial_va),
        digital_core=core,
        digitalisation=full(b.digital_economy_share_gdp) - core,
        financial_assets=full(b.financial_assets),
        exports=full(b.exports),
        imports=full(b.imports),
        trade_growth=full(b.foreign_trade_growth),
        consumption_core=full(b.household_consumption),
        consumption=full(b.household_consumption),
        retail_core=full(b.retail_sales),
        retail=full(b.retail_sales),
        retail_growth=full(b.retail_sales_growth),
        income_parts=np.tile(parts, (n, 1)),
        income_drivers=hh.income_drivers(
            p, va, full(b.financial_assets), full(b.general_budget_expenditure)
        ),
        income_growth=full(100 * np.log1p(b.disposable_income_growth / 100)),
        tradein_gap=full(0.0),
        tradein_consumption=full(0.0),
        low_altitude=full(0.0),
        population=full(b.population),
        employment=np.tile(employment, (n, 1)),
        urban_employment=full(b.urban_employment),
        new_urban_jobs=full(b.new_urban_jobs),
        house_price_growth=full(b.house_price_growth),
        property_investment=full(b.property_investment),
        property_sales=full(b.property_sales),
        sales_growth=full(0.0),
        land_revenue=full(b.land_revenue),
        revenue=full(b.general_budget_revenue),
        expenditure=full(b.general_budget_expenditure),
        transfers=full(b.central_transfers),
        government_consumption=full(b.government_consumption),
        explicit_debt=full(b.explicit_debt),
        hidden_debt=full(b.hidden_debt),
        hidden_reference=full(b.hidden_debt),
        gross_capital_formation=full(b.gross_capital_formation),
        contribution_consumption=full(b.gdp_contribution_consumption),
        contribution_investment=full(b.gdp_contribution_investment),
        consumption_excess=full(0.0),
    )


def indicators(s: State) -> dict[str, np.ndarray]:
    """Every indicator of ``INDICATORS`` from a year's state: the one place each is written."""
    gdp = row_sums(s.va)
    out = {
        "gdp": gdp,
        "gdp_real_growth": s.real_growth,
        "industrial_va_growth": s.industrial_va_growth,
        "industrial_va_growth_above_size": s.industrial_va_growth_above_size,
        "industrial_output": s.industrial_output,
        "industrial_revenue_above_size": s.industrial_revenue,
        "manufacturing_share_gdp": 100 * row_sums(s.va, MFG) / gdp,
        "sei_share_industrial_output": s.sei,
        "sei_share_industrial_va": s.sei_va,
        "producer_services_share_services": 100 * row_sums(s.va, PRODSERV) / row_sums(s.va, SERV),
        "digital_economy_share_gdp": np.clip(s.digital_core + s.digitalisation, 0.0, 100.0),
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
        "net_outflows": net_outflows(
            gdp, s.consumption, s.government_consumption, s.gross_capital_formation
        ),
        "gdp_contribution_consumption": s.contribution_consumption,
        "gdp_contribution_investment": s.contribution_investment,
        "gdp_contribution_net_outflows": s.real_growth
        - s.contribution_consumption
        - s.contribution_investment,
        "compensation_of_employees": s.income_drivers[:, 0],
        "household_disposable_income": row_sums(s.income_parts),
        "disposable_income_per_capita": 1e5 * row_sums(s.income_parts) / s.population,
        "population": s.population,
        "employment": row_sums(s.employment),
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
    for name, column in zip(VA_INDICATORS, s.va.T, strict=True):
        out[name] = column
    return out


@dataclass(frozen=True)
class Setup:
    """What does not change between years: matrices and 2025 ratios."""

    spillover: np.ndarray  # (S, S) M
    shock_factor: np.ndarray  # (3, 3) F
    shares: np.ndarray  # (S, 3) final-demand shares C, I, X
    consumption_ratio: float  # C_2025 / YD_2025
    government_ratio: float  # Cg_2025 / E_2025


def setup(baseline: Baseline, p: Parameters) -> Setup:
    """The time-invariant pieces of a projection."""
    m, factor = structure(baseline, p)
    return Setup(
        spillover=m,
        shock_factor=factor,
        shares=demand_shares(p),
        consumption_ratio=baseline.household_consumption / baseline.disposable_income,
        government_ratio=baseline.government_consumption / baseline.general_budget_expenditure,
    )


def project(
    baseline: Baseline,
    params: Parameters,
    drivers: Drivers,
    innovations: Innovations,
    out_table: np.ndarray | None = None,
    reference: ReferencePath | None = None,
) -> dict[str, np.ndarray]:
    """Project all indicators from 2025 to the last year of ``drivers``.

    Parameters
    ----------
    out_table : ndarray, optional, shape (draws, indicators, years + 1)
        Where to write the results (indicators in the order of ``INDICATORS``); the returned
        arrays are views of it. Lets the engine fill one table for many blocks without copies.
    reference : ReferencePath, optional
        The reference run of the central parameters (``reference_path``); computed from
        ``params`` when not given. Give it whenever ``params`` hold per-draw samples: computed
        from samples it raises, or silently takes the first draw's values.

    Returns
    -------
    dict of str to ndarray, each shaped (draws, years + 1)
        Every indicator of ``sim.model.indicators.INDICATORS``; column 0 is 2025.
    """
    if reference is None:
        reference = reference_path(baseline, params, drivers.reference)
    n, n_years = drivers.shape
    if out_table is None:
        out_table = np.empty((n, len(INDICATORS), n_years + 1))
    out = {name: out_table[:, i, :] for i, name in enumerate(INDICATORS)}
    fixed = setup(baseline, params)
    state = initial_state(baseline, params, n)
    _record(out, 0, state)
    for t in range(n_years):
        state = step(params, fixed, drivers, innovations, t, state, reference.consumption_excess[t])
        _record(out, t + 1, state)
    return out


def reference_path(
    baseline: Baseline, params: Parameters, reference: dict[str, np.ndarray]
) -> ReferencePath:
    """One draw with every input at its reference and no shock: what gaps are measured against.

    See ``ReferencePath``; in this run the consumption gap is zero by definition. ``params``
    must be central (no per-draw samples).
    """
    n_years = len(next(iter(reference.values())))
    inputs = {k: np.asarray(v, dtype=float)[np.newaxis, :] for k, v in reference.items()}
    drivers = Drivers(inputs=inputs, reference=reference, events=np.zeros((1, n_years, N_SECTORS)))
    zero = Innovations(
        group=np.zeros((1, n_years, N_GROUPS)),
        sector=np.zeros((1, n_years, N_SECTORS)),
        series={k: np.zeros((1, n_years)) for k in SERIES_SHOCKS},
    )
    fixed = setup(baseline, params)
    state = initial_state(baseline, params, 1)
    excess = np.empty(n_years)
    for t in range(n_years):
        state = step(params, fixed, drivers, zero, t, state, None)
        excess[t] = state.consumption_excess[0]
    return ReferencePath(consumption_excess=excess)


def _record(out: dict[str, np.ndarray], col: int, state: State) -> None:
    for name, values in indicators(state).items():
        out[name][:, col] = values


def step(
    p: Parameters,
    fixed: Setup,
    drivers: Drivers,
    innovations: Innovations,
    t: int,
    s: State,
    consumption_excess_ref: float | None,
) -> State:
    """Advance every draw by one year (year index ``t``, 0 = 2026); returns the new state.

    ``consumption_excess_ref`` is the reference run's consumption excess in that year; None runs
    the reference run itself (the consumption gap is then zero).

    The equations written here rather than in a block (x inputs, r their references, z series
    shocks; w_s = VA_s,t-1 / GDP_t-1 last year's nominal shares):

        accelerator gap  G_t - G_ref,t = gdp_national_response (x.national_gdp_growth - r)
        core consumption C*_t = C*_t-1 exp(dln C_t / 100)   (``households``)
        consumption      C_t = max(C*_t + C_extra,t, 5% of C*_t)
        excess_t         = 100 (C*_t / C*_t-1 / (1 + cpi_t / 100) - 1) - G_t
        d_C = excess_t - excess_ref,t;   d_X = export_demand_elasticity (x.export_demand_growth - r)
        imp_s = demand_consumption_s d_C + demand_investment_s d_I + demand_exports_s d_X
                + lever_s (``_lever_impulses``) + event_s
        g^d_s = max(base_s + (M imp)_s + u_s, -95)   (M ``io_table.spillover_matrix``)
        g_s   = 100 (Y_s,t / Y_s,t-1 - 1)  (Y from ``_supply``);   g_Y = sum_s w_s g_s
        VA_s,t = VA_s,t-1 (1 + g_s / 100) (1 + max(pi_s, -95) / 100);   y nominal GDP growth
        GDP deflator growth = 100 ((1 + y / 100) / (1 + g_Y / 100) - 1)
        financial assets grow at y + financial_assets_premium
                 + credit_assets_effect (x.credit_growth - r) + financial_assets_shock_sd z
        explicit debt D_t = D_t-1 + (E_t - R_t - TR_t) + resolved_t;  H_t = H_t-1 - resolved_t
        income part_i,t = part_i,t-1 driver_i,t / driver_i,t-1;  dln YD_t = 100 ln(YD_t / YD_t-1)
        retail R*_t = R*_t-1 exp(dln R_t / 100);  R_t = max(R*_t + R_extra,t, 5% of R*_t)
        employment responds to group growth above base^ref_k, the group baselines at the
                 reference national growth (G_t - gdp_national_response (g_N - r.g_N))
        urban employment U_t = U_t-1 (E_2,t + E_3,t) / (E_2,t-1 + E_3,t-1)   (non-farm)
        exports see sector growth less M (demand_exports d_X), the export gap's own part
        government consumption Cg_t = (Cg_2025 / E_2025) E_t
        capital formation grows at FAI growth 100 (sum_c I_c,t / sum_c I_c,t-1 - 1)
        investment prices p_I = investment_price_ppi_weight x.producer_price_inflation
                 + (1 - investment_price_ppi_weight) cpi_t
        industrial output grows with industrial nominal value added; industrial and high-tech
                 (automotive + electronics) real growth are chain-linked like g_Y; above-size
                 industrial growth and revenue (``industry``)
        SEI tech projects gap = x.tech_transformation_projects / r - 1; both SEI shares (of
                 output and of above-size value added) follow ``shares.sei_share`` with the
                 same shock
        income_gain_t = income_gain_t-1 + ln(1 + g_Y / 100) - ln(1 + population_growth / 100)
        property investment grows at x.property_recovery, population at population_growth
    """
    x = {k: v[:, t] for k, v in drivers.inputs.items()}
    r = {k: float(v[t]) for k, v in drivers.reference.items()}
    z = {k: v[:, t] for k, v in innovations.series.items()}
    pipe = drivers.pipeline
    n = s.va.shape[0]
    national = x["national_gdp_growth"]
    gdp_last = row_sums(s.va)
    weights = s.va / gdp_last[:, np.newaxis]

    # 1. Baseline growth; prices known at the start of the year.
    potential = gr.gdp_baseline(p, national, s.log_rel_income)
    baseline_gap = p.gdp_national_response * (national - r["national_gdp_growth"])
    base = gr.sector_baselines(p, national, s.income_gain, potential, weights)
    cpi = prices.cpi(p, x["inflation"], s.growth_gap)
    property_gap = x["property_recovery"] - r["property_recovery"]
    house_prices = property.house_price_growth(p, cpi, property_gap)

    # 2. Investment, with the squeeze of faster debt resolution on infrastructure.
    resolved = public_finance.resolved_debt(x["debt_resolution_pace"], s.hidden_debt)
    resolved_ref = public_finance.resolved_debt(
        np.full(n, r["debt_resolution_pace"]), s.hidden_reference
    )
    squeeze = public_finance.debt_squeeze(p, resolved, resolved_ref, s.fai[:, inv.INFRA])
    growth_k, reference_k = inv.component_growth(
        p,
        x,
        r,
        z,
        baseline_gap,
        squeeze,
        None if pipe is None else pipe.spending_growth[:, t, :],
        None if pipe is None else pipe.growth_variance,
    )
    fai = grow(s.fai, growth_k)
    fai_growth = 100 * (row_sums(fai) / row_sums(s.fai) - 1)
    d_investment = inv.demand_gap(p, s.fai, growth_k, reference_k, s.gross_capital_formation)

    # 3. Households: consumption from last year's income, the trade-in subsidy.
    core_growth = hh.consumption_core_growth(
        p,
        s.income_growth,
        row_sums(s.income_parts),
        s.consumption_core,
        fixed.consumption_ratio,
        hh.wealth_term(p, property_gap),
        z["consumption"],
    )
    consumption_core = s.consumption_core * np.exp(core_growth / 100)
    tradein_gap = x["tradein_subsidy"] - r["tradein_subsidy"]
    tradein_c, tradein_r = hh.tradein_levels(p, tradein_gap, s.tradein_gap)
    consumption = np.maximum(consumption_core + tradein_c, MIN_SHARE * consumption_core)
    real_core = 100 * (consumption_core / s.consumption_core / (1 + cpi / 100) - 1)
    excess = real_core - potential
    d_consumption = (
        np.zeros(n) if consumption_excess_ref is None else excess - consumption_excess_ref
    )
    d_exports = p.export_demand_elasticity * (x["export_demand_growth"] - r["export_demand_growth"])

    # 4. Sector real growth.
    low_altitude = s.low_altitude + p.low_altitude_ramp * (
        x["low_altitude_output"] - r["low_altitude_output"] - s.low_altitude
    )
    impulse = row_products(np.stack([d_consumption, d_investment, d_exports], axis=1), fixed.shares)
    impulse += _lever_impulses(
        p, x, r, s, property_gap, tradein_c - s.tradein_consumption, low_altitude
    )
    impulse += drivers.events[:, t, :]
    shocks = gr.sector_shocks(
        p, s.shocks, innovations.group[:, t, :], innovations.sector[:, t, :], fixed.shock_factor
    )
    demand = np.maximum(base + row_products(impulse, fixed.spillover) + shocks, MIN_GROWTH)
    capacity = _capacity(p, s, base, pipe, t)
    real, autos, nev, nev_share = _supply(p, s, demand, capacity, x, pipe, t)
    growth = 100 * (real / s.real - 1)
    real_growth = row_sums(weights * growth)

    # 5. Prices and nominal value added.
    deflator = prices.deflators(p, cpi, x["producer_price_inflation"], house_prices)
    va = s.va * (1 + growth / 100) * (1 + np.maximum(deflator, MIN_GROWTH) / 100)
    gdp = row_sums(va)
    nominal_growth = 100 * (gdp / gdp_last - 1)
    deflator_growth = 100 * ((1 + nominal_growth / 100) / (1 + real_growth / 100) - 1)

    # Financial assets follow nominal GDP, with credit.
    credit_gap = x["credit_growth"] - r["credit_growth"]
    financial_assets = grow(
        s.financial_assets,
        nominal_growth
        + p.financial_assets_premium
        + p.credit_assets_effect * credit_gap
        + p.financial_assets_shock_sd * z["financial_assets"],
    )

    # Public finance and debt.
    revenue, expenditure, transfers = public_finance.budget(
        p,
        s.revenue,
        s.expenditure,
        s.transfers,
        nominal_growth,
        national + x["inflation"],
    )
    explicit = s.explicit_debt + (expenditure - revenue - transfers) + resolved

    # Income (this year's, for next year's consumption).
    drivers_now = hh.income_drivers(p, va, financial_assets, expenditure)
    parts = s.income_parts * drivers_now / s.income_drivers
    income_growth = log_growth(row_sums(parts), row_sums(s.income_parts))

    # Retail sales.
    retail_core = s.retail_core * np.exp(hh.retail_core_growth(p, core_growth, z["retail"]) / 100)
    retail = np.maximum(retail_core + tradein_r, MIN_SHARE * retail_core)

    # Property.
    sales_growth = property.sales_growth(p, x["property_recovery"], house_prices)
    land_revenue = grow(s.land_revenue, property.land_revenue_growth(p, s.sales_growth))

    # Labour and population.
    base_reference = gr.sector_baselines(
        p, np.full(n, r["national_gdp_growth"]), s.income_gain, potential - baseline_gap, weights
    )
    employment = labour.employment(
        p,
        s.employment,
        labour.group_growth(s.va, growth),
        labour.group_growth(s.va, base_reference),
    )
    non_farm = row_sums(employment[:, 1:]) / row_sums(s.employment[:, 1:])
    urban = s.urban_employment * non_farm

    # Trade.
    export_part = row_products(d_exports[:, np.newaxis] * fixed.shares[:, 2], fixed.spillover)
    export_growth = trade.export_growth(p, x, r, growth - export_part, base, z["trade"])
    exports = grow(s.exports, export_growth)
    imports = grow(s.imports, trade.import_growth(p, export_growth, real_growth - potential))

    # Expenditure account.
    government = fixed.government_ratio * expenditure
    capital = grow(s.gross_capital_formation, fai_growth)
    investment_prices = (
        p.investment_price_ppi_weight * x["producer_price_inflation"]
        + (1 - p.investment_price_ppi_weight) * cpi
    )
    c_cons, c_inv, _ = contributions(
        gdp_last,
        consumption + government,
        s.consumption + s.government_consumption,
        cpi,
        capital,
        s.gross_capital_formation,
        investment_prices,
        real_growth,
    )

    # Structural shares.
    ind_last = row_sums(s.va, IND)
    industry_growth = row_sums(s.va[:, IND] * growth[:, IND]) / ind_last
    high_tech = row_sums(s.va[:, HIGH_TECH] * growth[:, HIGH_TECH])
    high_tech = high_tech / row_sums(s.va, HIGH_TECH)
    tech_projects_gap = x["tech_transformation_projects"] / r["tech_transformation_projects"] - 1
    sei = shares.sei_share(p, s.sei, high_tech, industry_growth, tech_projects_gap, z["sei"])
    sei_va = shares.sei_share(p, s.sei_va, high_tech, industry_growth, tech_projects_gap, z["sei"])
    ind_va = row_sums(va, IND)

    return State(
        va=va,
        real=real,
        capacity=capacity,
        shocks=shocks,
        sector_growth=growth,
        fai=fai,
        log_rel_income=gr.next_log_rel_income(p, s.log_rel_income, real_growth, national),
        income_gain=s.income_gain
        + np.log1p(real_growth / 100)
        - np.log1p(p.population_growth / 100),
        potential=potential,
        real_growth=real_growth,
        growth_gap=real_growth - potential,
        deflator_growth=deflator_growth,
        cpi=cpi,
        fai_growth=fai_growth,
        industrial_investment_growth=growth_k[:, inv.INDUSTRIAL],
        industrial_investment_gap=growth_k[:, inv.INDUSTRIAL] - reference_k[:, inv.INDUSTRIAL],
        auto_output=autos,
        nev_output=nev,
        nev_share=nev_share,
        industrial_output=s.industrial_output * ind_va / ind_last,
        industrial_revenue=industry.revenue(p, s.industrial_revenue, ind_va, ind_last),
        industrial_va_growth=industry_growth,
        industrial_va_growth_above_size=industry.above_size_growth(p, industry_growth),
        sei=sei,
        sei_va=sei_va,
        digital_core=shares.digital_core_share(p, va),
        digitalisation=shares.digitalisation(p, s.digitalisation, z["digital"]),
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
        population=grow(s.population, np.full(n, p.population_growth)),
        employment=employment,
        urban_employment=urban,
        new_urban_jobs=labour.new_urban_jobs(p, s.urban_employment, urban),
        house_price_growth=house_prices,
        property_investment=grow(s.property_investment, x["property_recovery"]),
        property_sales=grow(s.property_sales, sales_growth),
        sales_growth=sales_growth,
        land_revenue=land_revenue,
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


def _lever_impulses(
    p: Parameters,
    x: dict[str, np.ndarray],
    r: dict[str, float],
    s: State,
    property_gap: np.ndarray,
    tradein_change: np.ndarray,
    low_altitude: np.ndarray,
) -> np.ndarray:
    """Direct demand impulses of the levers on single sectors (pp), shape (draws, sectors).

        real estate        property_real_estate_effect (x.property_recovery - r)
        finance            credit_finance_effect (x.credit_growth - r)
        producer services  ilstc_logistics_effect (x.ilstc_freight_growth - r)
        every sector       digital_core_intensity_s (x.digital_economy_push - r)
        goods sectors      100 tradein_goods_split_s tradein_local_content dC_tradein / f_s,t-1
        consumer services  100 retail_trade_margin dC_tradein / f_cs,t-1  (the retailers' margin)
        other mfg, prod.   100 share (L_t - L_t-1) / Y_s,t-1   (phased low-altitude VA L)

    f_s = ((I - A) VA_t-1 / va_ratio)_s is last year's final demand for the sector's output
    (nominal) and dC_tradein = C_extra,t - C_extra,t-1 the change of the extra household
    consumption from trade-in subsidies (RMB bn, ``households.tradein_levels``); Y_s,t-1 is last
    year's real value added; the low-altitude lever's value added
    is phased in: L_t = L_t-1 + low_altitude_ramp (x.low_altitude_output - r - L_t-1).
    """
    push = x["digital_economy_push"] - r["digital_economy_push"]
    out = push[:, np.newaxis] * p.digital_core_intensity
    out[:, REAL_ESTATE] += p.property_real_estate_effect * property_gap
    out[:, FIN] += p.credit_finance_effect * (x["credit_growth"] - r["credit_growth"])
    out[:, PROD] += p.ilstc_logistics_effect * (
        x["ilstc_freight_growth"] - r["ilstc_freight_growth"]
    )
    final_demand = row_products(s.va / p.va_ratio, np.eye(len(p.va_ratio)) - p.io_coefficients)
    local_change = np.asarray(p.tradein_local_content * tradein_change)[:, np.newaxis]
    out += 100 * local_change * p.tradein_goods_split / final_demand
    out[:, CONSUMER] += 100 * p.retail_trade_margin * tradein_change / final_demand[:, CONSUMER]
    change = low_altitude - s.low_altitude
    share = p.low_altitude_manufacturing_share
    out[:, OTHER_MFG] += 100 * share * change / s.real[:, OTHER_MFG]
    out[:, PROD] += 100 * (1 - share) * change / s.real[:, PROD]
    return out


def _capacity(
    p: Parameters, s: State, base: np.ndarray, pipe: PipelinePaths | None, t: int
) -> np.ndarray:
    """Real capacity by sector (RMB bn, 2025 prices), shape (draws, sectors).

    Reduced form: K_s,t = K_s,t-1 (1 + (base_s,t + capacity_investment_elasticity_s
                  (g_industrial,t-1 - g_industrial,ref,t-1)) / 100)
    With the pipeline: K_s,t = max(K_s,t-1 (1 + base_s,t / 100) + capacity_gap_s,t, 5% of K_s,t-1)

    Growth rates floored at -95% (``floors.grow``); the industrial investment gap is last year's
    (0 in 2026).
    """
    if pipe is None:
        growth = (
            base + p.capacity_investment_elasticity * s.industrial_investment_gap[:, np.newaxis]
        )
        return grow(s.capacity, growth)
    return np.maximum(grow(s.capacity, base) + pipe.capacity_gap[:, t, :], s.capacity * MIN_SHARE)


def _supply(
    p: Parameters,
    s: State,
    demand: np.ndarray,
    capacity: np.ndarray,
    x: dict[str, np.ndarray],
    pipe: PipelinePaths | None,
    t: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Real output within capacity and the NEV capacity limit on the automotive sector.

        Y_s,t   = min(Y_s,t-1 (1 + g^d_s / 100), K_s,t)   for industry (capacity binds there
                  only; services, farming and construction have no capacity limit)
        autos^d = autos_t-1 Y_auto,t / Y_auto,t-1   (Y_auto,t within capacity)
        nev^d   = autos^d share_t, share_t the NEV demand share from last year's demand share
                  (``shares.nev_demand_share``; not the realised share nev / autos)
        nev_t   = min(nev^d, C_t),  C_t = x.nev_capacity 1e6, or with the pipeline
                  max(x.nev_capacity 1e6 + nev_capacity_gap_t, 0)
        autos_t = autos^d - (nev^d - nev_t);  Y_auto,t scaled by autos_t / autos^d

    Returns real output (draws, sectors), vehicles, NEVs and the NEV demand share.
    """
    real = s.real * (1 + demand / 100)
    real[:, IND] = np.minimum(real[:, IND], capacity[:, IND])
    autos_demand = s.auto_output * real[:, AUTO] / s.real[:, AUTO]
    share = shares.nev_demand_share(p, s.nev_share)
    nev_demand = autos_demand * share
    nev_capacity = x["nev_capacity"] * 1e6
    if pipe is not None:
        nev_capacity = np.maximum(nev_capacity + pipe.nev_capacity_gap[:, t], 0.0)
    nev = np.minimum(nev_demand, nev_capacity)
    autos = autos_demand - (nev_demand - nev)
    real[:, AUTO] *= autos / autos_demand
    return real, autos, nev, share
