"""Registry of scenario inputs: exogenous assumptions and policy levers.

One source of truth for every input a scenario may set: its unit, allowed range, default and what it
moves. The scenario schema validates against it, the ``levers`` command prints it, and the engine
fills defaults from it. Defaults are the 2026 plan as announced (see ``seeds/``); where a default
is an assumption rather than a published figure, ``reason`` says so and why.

This module is plain data: it imports nothing from the rest of the package.
"""

from __future__ import annotations

from dataclasses import dataclass, field

FIRST_YEAR = 2026
"""First projected year; 2025 is the base year reproduced from the seeds."""
BASE_YEAR = 2025
DEFAULT_LAST_YEAR = 2030
MAX_LAST_YEAR = 2035
DEFAULT_PIPELINE_REPLICATIONS = 24
"""Replications of the investment pipeline (``sim.pipeline``) a scenario runs unless it says
``pipeline_replications``; 0 runs the model's reduced form without the pipeline. 24 take about
2.4 s from a cold cache on a 2-core machine (benchmarks/bench_pipeline.py); with thousands of
projects a year, replications differ by about 3% of yearly spending, which 24 describe well."""
MAX_PIPELINE_REPLICATIONS = 4096

Default = float | dict[int, float]
"""A default is a constant or a path {year: value} (linear in between, flat beyond its ends)."""


@dataclass(frozen=True)
class InputSpec:
    """Metadata of one scenario input (assumption or lever).

    Attributes
    ----------
    name : str
        Key in the scenario file.
    unit : str
        Unit of the value, e.g. ``"% a year"``.
    low, high : float
        Allowed range, inclusive. Sampled values are kept inside it.
    default : float or dict
        Value used when a scenario does not set the input.
    description : str
        What the input stands for, in the words of the seed documents where possible.
    moves : tuple of str
        Indicators or sectors the input acts on, for the ``levers`` listing.
    reason : str
        Source of the default, or why it was chosen when no source gives it.
    reference_parameter : str, optional
        The model parameter (``calibration/parameters.yaml``, scalar) from which the model
        measures this input's effect, when that is the input's default (in ``FIRST_YEAR``): the
        parameter takes its value from here (:func:`reference_parameters`) and the parameters
        file does not repeat it.
    """

    name: str
    unit: str
    low: float
    high: float
    default: Default
    description: str
    moves: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    reference_parameter: str | None = None

    def default_at(self, year: int) -> float:
        """Default value in ``year`` (path interpolated linearly, flat beyond its ends)."""
        if not isinstance(self.default, dict):
            return float(self.default)
        years = sorted(self.default)
        if year <= years[0]:
            return float(self.default[years[0]])
        if year >= years[-1]:
            return float(self.default[years[-1]])
        for y0, y1 in zip(years, years[1:], strict=False):
            if y0 <= year <= y1:
                w = (year - y0) / (y1 - y0)
                return float(self.default[y0] * (1 - w) + self.default[y1] * w)
        raise AssertionError("unreachable")  # pragma: no cover


ASSUMPTIONS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec(
            name="national_gdp_growth",
            unit="% a year (real)",
            low=-10.0,
            high=15.0,
            default={2026: 4.7, 2030: 4.2},
            description="China's real GDP growth, the main driver of Chongqing's domestic demand.",
            moves=("all sectors via consumption, investment and inter-provincial exports",),
            reason="China grew 5.0% in 2024 and 2025 (NBS, in calibration/history.csv); "
            "the default assumes the gradual slowdown most 2026 consensus forecasts describe "
            "(about 4.5-4.8% in 2026, near 4% by 2030). Not fitted.",
            reference_parameter="national_reference",
        ),
        InputSpec(
            name="export_demand_growth",
            unit="% a year (real)",
            low=-30.0,
            high=30.0,
            default=3.0,
            description="Growth of foreign demand for Chongqing's exports (laptops, vehicles).",
            moves=("va_electronics", "va_automotive", "foreign_trade"),
            reason="World trade volume growth of about 3% a year, its long-run average.",
            reference_parameter="export_reference",
        ),
        InputSpec(
            name="inflation",
            unit="% a year",
            low=-5.0,
            high=15.0,
            default={2026: 0.5, 2028: 1.5},
            description="GDP deflator / consumer price inflation common to all sectors; sector "
            "prices add their own drift (calibration/parameters.yaml).",
            moves=("nominal values: gdp, va_*, retail_sales, financial_assets",),
            reason="China's CPI was 0.2% in 2023 and near zero in 2024-2025 "
            "(history rows cpi_yoy_pct); the default assumes a slow return towards 1.5%.",
        ),
    )
}

LEVERS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec(
            name="tradein_subsidy",
            unit="RMB billion a year",
            low=0.0,
            high=60.0,
            default=8.0,
            description="Consumer-goods trade-in subsidies spent in Chongqing (vehicles, "
            "appliances, electronics). Each RMB of subsidy raises retail sales by a multiplier "
            "(calibration/parameters.yaml); a cut lowers sales relative to the year before.",
            moves=("retail_sales", "va_consumer_services", "va_automotive", "va_electronics"),
            reason="Assumption: the 2025 programme at an estimated RMB 8 billion for Chongqing, "
            "its share of the national trade-in funds by population (2.3%); the seed documents "
            "name the programme but give no amount.",
            reference_parameter="tradein_reference",
        ),
        InputSpec(
            name="infrastructure_investment",
            unit="% a year (nominal growth)",
            low=-30.0,
            high=40.0,
            default=3.0,
            description="Growth of infrastructure investment (urban renewal, Metro Line 15, "
            "the 'Four Batches' projects).",
            moves=("fai_growth", "va_construction", "va_other_manufacturing"),
            reason="Set equal to the 2026 fixed-asset investment target of 3% (2026 government "
            "work report, seeds/baseline_2025.yaml).",
        ),
        InputSpec(
            name="industrial_projects",
            unit="projects a year (each over RMB 100 million)",
            low=0.0,
            high=2000.0,
            default=600.0,
            description="Industrial projects entering the investment pipeline each year "
            "(sim/pipeline): their spending drives industrial investment and, once built, "
            "manufacturing capacity. In the reduced form (no pipeline) investment growth responds "
            "to the count relative to the plan's 600.",
            moves=("industrial_investment_growth", "fai_growth", "industrial_output", "nev_output"),
            reason="2026 government work report: over 600 industrial projects of over RMB 100 "
            "million each.",
            reference_parameter="industrial_projects_reference",
        ),
        InputSpec(
            name="tech_transformation_projects",
            unit="projects a year",
            low=0.0,
            high=5000.0,
            default=1500.0,
            description="Technological transformation projects entering the investment pipeline "
            "each year; they raise industrial investment, capacity and the strategic-emerging-"
            "industry share.",
            moves=("industrial_investment_growth", "sei_share_industrial_output"),
            reason="2026 government work report: over 1,500 technological transformation projects.",
            reference_parameter="tech_projects_reference",
        ),
        InputSpec(
            name="nev_capacity",
            unit="million vehicles a year",
            low=0.5,
            high=6.0,
            default={2026: 2.1, 2027: 2.5, 2030: 3.6},
            description="NEV production capacity that can be staffed and supplied (Changan, "
            "Seres/Aito, Great Wall, ...). NEV output cannot exceed it; a shortfall caps the "
            "automotive sector's growth (supply side).",
            moves=("nev_output", "va_automotive", "industrial_va_growth"),
            reason="Assumption: NEV output grew 36% to 1.296 million in 2025 (2026 government "
            "work report) and the fitted NEV share keeps rising fast; capacity keeps about 20% "
            "growth a year from about 2.1 million in 2026 with announced plant expansions. No "
            "capacity figure is published in the seed documents.",
        ),
        InputSpec(
            name="credit_growth",
            unit="% a year (loans outstanding)",
            low=-5.0,
            high=30.0,
            default=7.0,
            description="Growth of bank loans in Chongqing; finances investment and moves "
            "financial assets and the finance sector.",
            moves=("financial_assets", "va_finance", "fai_growth"),
            reason="Loans grew 6.5% in 2025 (RMB 6.00 to 6.39 trillion, history rows "
            "loans_outstanding) and 8.3% year on year in June 2025; 7% sits between.",
            reference_parameter="credit_reference",
        ),
        InputSpec(
            name="debt_resolution_pace",
            unit="% of hidden local-government debt resolved a year",
            low=0.0,
            high=40.0,
            default=10.0,
            description="Pace of resolving hidden debt and exiting financing platforms: a limit "
            "on public investment. Each point above the default lowers infrastructure investment "
            "growth (calibration/parameters.yaml).",
            moves=("fai_growth", "va_construction", "va_public_services"),
            reason="Assumption: the national 2024-2028 swap programme resolves hidden debt over "
            "about ten years, i.e. about 10% a year.",
            reference_parameter="debt_reference",
        ),
        InputSpec(
            name="property_recovery",
            unit="% a year (real-estate investment growth)",
            low=-50.0,
            high=40.0,
            default={2026: -8.0, 2028: -2.0, 2030: 0.0},
            description="Real-estate development investment growth: the state of the property "
            "market and its stabilisation policies.",
            moves=("fai_growth", "va_real_estate", "va_construction", "retail_sales"),
            reason="Assumption: real-estate investment kept falling in 2024-2025 nationally by "
            "about 10% a year; the default lets the decline fade by 2030.",
        ),
        InputSpec(
            name="digital_economy_push",
            unit="percentage points a year of extra digital-economy growth",
            low=-5.0,
            high=10.0,
            default=0.0,
            description="AI+ initiative, regional computing-power dispatching platform and "
            "Digital Chongqing: extra real growth of the digital economy beyond its trend.",
            moves=("digital_economy_share_gdp", "va_producer_services", "va_electronics"),
            reason="Zero by default: the announced programmes are in the fitted trend; the lever "
            "measures policy beyond it.",
        ),
        InputSpec(
            name="low_altitude_output",
            unit="RMB billion a year of value added",
            low=0.0,
            high=150.0,
            default=0.0,
            description="Value added of the low-altitude economy (drones, eVTOL, services) "
            "beyond the baseline, split between other manufacturing and producer services.",
            moves=("va_other_manufacturing", "va_producer_services", "gdp"),
            reason="Zero by default: the sector is small today and its 2026 plan sets no figure.",
        ),
        InputSpec(
            name="ilstc_freight_growth",
            unit="% a year (ILSTC freight value)",
            low=-50.0,
            high=80.0,
            default=20.0,
            description="Growth of the New International Land-Sea Trade Corridor freight value "
            "(opening-up): adds to foreign trade and logistics.",
            moves=("foreign_trade", "va_producer_services"),
            reason="Freight value grew 25% in 2025 and 73% in 2024 (history rows "
            "ilstc_cargo_value_growth_pct); 20% assumes slower growth from a larger base.",
            reference_parameter="ilstc_reference",
        ),
        InputSpec(
            name="infrastructure_projects",
            unit="projects a year",
            low=0.0,
            high=1500.0,
            default=354.0,
            description="Key municipal (infrastructure) projects entering the investment "
            "pipeline each year.",
            moves=("fai_growth", "gdp"),
            reason="2026 government work report: 340 key municipal projects completed in 2025; "
            "354 a year entering complete 340 a year after the pipeline's cancellations.",
        ),
        InputSpec(
            name="project_size",
            unit="multiple of the reference project budgets",
            low=0.2,
            high=5.0,
            default=1.0,
            description="Scale of the budgets of new projects of every type (2025 prices).",
            moves=(
                "industrial_investment_growth",
                "fai_growth",
                "industrial_output",
                "nev_output",
            ),
            reason="1.0 keeps the reference size distributions of sim/pipeline/project_types.py.",
        ),
        InputSpec(
            name="financing_capacity",
            unit="multiple of the reference financing capacity",
            low=0.1,
            high=5.0,
            default=1.0,
            description="Commitments lenders (banks, special bonds, policy banks) can make to "
            "projects a year, relative to the reference; moves both financing pools.",
            moves=("industrial_investment_growth", "fai_growth", "industrial_output"),
            reason="1.0: the reference capacities of sim/pipeline/project_types.py, about 15% "
            "above the financing the plan's projects need.",
        ),
        InputSpec(
            name="approval_speedup",
            unit="% cut of approval times",
            low=0.0,
            high=50.0,
            default=0.0,
            description="Faster approvals (one-stop services, commitment-based approval): the cut "
            "of every project's approval time.",
            moves=("industrial_investment_growth", "fai_growth"),
            reason="Zero by default: approval times of the parameters are today's.",
        ),
    )
}

ALL_INPUTS: dict[str, InputSpec] = {**ASSUMPTIONS, **LEVERS}


def reference_parameters() -> dict[str, float]:
    """Model parameters that are an input's default: parameter name -> default in ``FIRST_YEAR``.

    The model measures these inputs from their defaults (``credit_growth - credit_reference``):
    at the default the input has no effect beyond the trends. Deriving the parameters here keeps
    the two equal; ``sim.inputs.parameters_file`` fills them in and refuses them in the file.
    """
    return {
        spec.reference_parameter: spec.default_at(FIRST_YEAR)
        for spec in ALL_INPUTS.values()
        if spec.reference_parameter is not None
    }
