"""What the numeric core takes: the 2025 state, scenario inputs, random innovations, pipeline paths.

Arrays are shaped (draws, years, ...) for years 2026...last; money in RMB billion, rates in
percent, persons in 10,000 (万人) as Chinese statistics count them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

SERIES_SHOCKS: tuple[str, ...] = (
    "fai",
    "industrial_investment",
    "consumption",
    "retail",
    "trade",
    "financial_assets",
    "sei",
    "digital",
)
"""Names of the standard-normal innovations that hit single series (not sectors)."""


@dataclass(frozen=True)
class PipelinePaths:
    """What the discrete-event investment pipeline (``sim.pipeline``) hands the model, per draw.

    Attributes
    ----------
    spending_growth : ndarray, shape (draws, years, 2)
        Real growth of the pipeline's spending on (0) industrial and technological transformation
        projects and (1) infrastructure projects, percent on the year before (2025 prices).
    capacity_gap : ndarray, shape (draws, years, sectors)
        Real value-added capacity the pipeline brings online in the year, less its reference
        (the mean over replications of what came online in 2025, at the plan's project counts),
        RMB billion at 2025 prices.
    nev_capacity_gap : ndarray, shape (draws, years)
        NEV capacity brought online since 2025 less the reference additions over the same years,
        vehicles a year (cumulative: a plant once built stays).
    growth_variance : ndarray, shape (2,)
        Variance of ``spending_growth`` between replications (mean over years), pp^2: the part of
        investment's year-to-year noise the pipeline supplies.
    """

    spending_growth: np.ndarray
    capacity_gap: np.ndarray
    nev_capacity_gap: np.ndarray
    growth_variance: np.ndarray


@dataclass(frozen=True)
class Drivers:
    """Scenario inputs for a chunk of draws.

    Attributes
    ----------
    inputs : dict of str to ndarray, each shaped (draws, years)
        Every assumption and lever of the lever registry, in its own unit, for years 2026...last.
    reference : dict of str to ndarray, each shaped (years,)
        The reference value of each input in each year: its default in the lever registry. The
        baseline growth of the model holds at these values; levers act through their gaps
        ``inputs - reference``.
    events : ndarray, shape (draws, years, sectors)
        Event impulses to each sector's demand growth, percentage points (occurrence and
        persistence already applied). Like the demand gaps and lever terms they reach real growth
        through the input-output spillovers, g^d = base + M (impulses + events) + u
        (``sim.model.core.step``): an event on one sector moves it by M_ss times the event and
        its suppliers by the rest.
    pipeline : PipelinePaths, optional
        The investment pipeline's paths for these draws; without them the model runs its
        reduced form (investment from project counts by elasticities).
    """

    inputs: dict[str, np.ndarray]
    reference: dict[str, np.ndarray]
    events: np.ndarray
    pipeline: PipelinePaths | None = None

    @property
    def shape(self) -> tuple[int, int]:
        """(draws, years)."""
        return self.events.shape[0], self.events.shape[1]


@dataclass(frozen=True)
class Innovations:
    """Standard-normal random inputs for a chunk of draws.

    Attributes
    ----------
    group : ndarray, shape (draws, years, 3)
        Independent N(0, 1) for the primary, secondary and tertiary shocks; correlated and scaled
        inside the model (``sim.model.growth.group_shock_factor``).
    sector : ndarray, shape (draws, years, sectors)
        Independent N(0, 1) for each sector's own shock beyond its group's.
    series : dict of str to ndarray, each shaped (draws, years)
        Independent N(0, 1) for each name in ``SERIES_SHOCKS``.
    """

    group: np.ndarray
    sector: np.ndarray
    series: dict[str, np.ndarray]


@dataclass(frozen=True)
class Baseline:
    """The 2025 state the projection starts from (seeds). RMB billion, percent, 10k persons.

    Attributes
    ----------
    va : ndarray, shape (sectors,)
        Nominal value added by sector in 2025, summing to GDP.
    Every other field is one 2025 figure of ``seeds/baseline_2025.yaml`` of the same name.
    """

    va: np.ndarray
    gdp_real_growth: float
    nev_output: float
    auto_output: float
    financial_assets: float
    exports: float
    imports: float
    foreign_trade_growth: float
    retail_sales: float
    retail_sales_growth: float
    industrial_output: float
    industrial_revenue_above_size: float
    industrial_va_growth: float
    sei_share_industrial_output: float
    sei_share_industrial_va: float
    digital_economy_share_gdp: float
    fai: float
    fai_growth: float
    industrial_investment_growth: float
    household_consumption: float
    government_consumption: float
    gross_capital_formation: float
    disposable_income_per_capita: float
    disposable_income_growth: float
    income_share_wages: float
    income_share_operating: float
    income_share_property: float
    population: float
    gdp_per_capita_relative: float
    employment_primary: float
    employment_secondary: float
    employment_tertiary: float
    urban_employment: float
    new_urban_jobs: float
    cpi: float
    general_budget_revenue: float
    general_budget_expenditure: float
    central_transfers: float
    land_revenue: float
    explicit_debt: float
    hidden_debt: float
    property_investment: float
    property_sales: float
    house_price_growth: float
    national_gdp_growth: float
    gdp_deflator_growth: float
    gdp_contribution_consumption: float
    gdp_contribution_investment: float

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Names of the scalar baseline figures (all fields but ``va``)."""
        return tuple(f.name for f in fields(cls) if f.name != "va")

    @property
    def gdp(self) -> float:
        """Nominal GDP 2025, RMB bn (sum of sector value added)."""
        return float(self.va.sum())

    @property
    def foreign_trade(self) -> float:
        """Exports plus imports 2025, RMB bn."""
        return self.exports + self.imports

    @property
    def disposable_income(self) -> float:
        """Household disposable income 2025, RMB bn: per head (RMB) x population (10k) / 1e5."""
        return self.disposable_income_per_capita * self.population / 1e5
