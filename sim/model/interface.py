"""What the numeric core takes and returns: its interface types.

:func:`sim.model.core.project` takes the 2025 state (:class:`Baseline`), the parameters
(:class:`sim.model.parameters.Parameters`), the scenario's inputs for a chunk of draws
(:class:`Drivers`, with the investment pipeline's :class:`PipelinePaths` when it runs) and the
random innovations (:class:`Innovations`), and returns every indicator of
``sim.model.indicators.INDICATORS`` as arrays shaped (draws, years + 1). Arrays are numpy; money
in RMB billion, rates in percent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

SERIES_SHOCKS: tuple[str, ...] = (
    "fai",
    "industrial_investment",
    "sei",
    "digital",
    "trade",
    "retail",
    "financial_assets",
)
"""Names of the standard-normal innovations that hit single series (not sectors)."""


@dataclass(frozen=True)
class Baseline:
    """The 2025 state the projection starts from (seeds). Money in RMB billion, rates in percent.

    Attributes
    ----------
    va : ndarray, shape (sectors,)
        Nominal value added by sector in 2025, summing to GDP.
    """

    va: np.ndarray
    gdp_real_growth: float
    nev_output: float
    auto_output: float
    financial_assets: float
    foreign_trade: float
    foreign_trade_growth: float
    retail_sales: float
    retail_sales_growth: float
    industrial_output: float
    industrial_va_growth: float
    sei_share_industrial_output: float
    digital_economy_share_gdp: float
    fai_growth: float
    industrial_investment_growth: float

    @classmethod
    def field_names(cls) -> tuple[str, ...]:
        """Names of the scalar baseline figures (all fields but ``va``)."""
        return tuple(f.name for f in fields(cls) if f.name != "va")


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
        investment's year-to-year noise the pipeline supplies (see ``_investment_growth``).
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
        Every assumption and lever of ``sim.inputs.levers``, in its own unit, for years 2026...last.
    events : ndarray, shape (draws, years, sectors)
        Event impulses to sector real growth, percentage points (occurrence and persistence
        already applied).
    pipeline : PipelinePaths, optional
        The investment pipeline's paths for these draws; without them the model runs its
        reduced form (investment from project counts by elasticities).
    """

    inputs: dict[str, np.ndarray]
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
    sector : ndarray, shape (draws, years, sectors)
        Independent N(0, 1); correlated and scaled inside the model.
    series : dict of str to ndarray, each shaped (draws, years)
        Independent N(0, 1) for each name in ``SERIES_SHOCKS``.
    """

    sector: np.ndarray
    series: dict[str, np.ndarray]
