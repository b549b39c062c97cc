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
MAX_PIPELINE_REPLICATIONS = 256
"""At most 256 replications (about 26 s from a cold cache on 2 cores): 4,096 took 15 minutes."""

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
    evidence : str
        What the size and timing of the input's effect stand on: the studies, official
        evaluations or past Chinese episodes behind its effect parameters (their values, ranges
        and full citations are in ``calibration/parameters.yaml``).
    plausible : tuple of float, optional
        The range the evidence supports (narrower than the allowed range, which only guards
        against nonsense); the ``levers`` listing shows it.
    effect_parameters : tuple of str
        The model parameters that set the size and timing of the input's effect.
    impulse : float
        The standard move of the input for the ``multipliers`` command, in its unit: +1 unit, or
        its typical move where one unit is too small or too large to read (a cut for a capacity
        with headroom at the reference, whose rise changes nothing).
    reference_parameter : str, optional
        A parameter of the investment pipeline (``sim/pipeline/project_types.py``) that takes
        this input's default in ``FIRST_YEAR`` (:func:`reference_parameters`).
    signs : tuple of (str, int)
        The direction economics gives the effect of the standard impulse (``impulse``, in every
        year, from the default) on each indicator it moves: (indicator name of
        ``sim.model.indicators``, +1 or -1). Read as the sign of the mean paired difference in
        the first year the effect appears (or over the horizon, ``signs_over_horizon``);
        ``tests/test_levers.py`` holds the model to them.
    signs_over_horizon : bool
        The signs hold for the mean difference over the projected years rather than in the first
        year: for an input whose effect builds up through the investment pipeline while its
        first-year effect is negligible or of either sign.
    unsigned : tuple of (str, str)
        Indicators in ``moves`` without a sign, each with the reason (the direction is not known
        from economics, or the input changes only its composition).
    """

    name: str
    unit: str
    low: float
    high: float
    default: Default
    description: str
    moves: tuple[str, ...] = field(default_factory=tuple)
    reason: str = ""
    evidence: str = ""
    plausible: tuple[float, float] | None = None
    effect_parameters: tuple[str, ...] = ()
    impulse: float = 1.0
    reference_parameter: str | None = None
    signs: tuple[tuple[str, int], ...] = ()
    signs_over_horizon: bool = False
    unsigned: tuple[tuple[str, str], ...] = ()

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
            description="China's real GDP growth, the main driver of Chongqing's growth: the "
            "provincial panel's baseline responds to it, by sector group.",
            moves=("gdp_real_growth", "va_* (secondary 1.6, tertiary 0.9 pp per pp)", "fai_growth"),
            reason="China grew 5.0% in 2024 and 2025 (NBS, calibration/history.csv); IMF Article "
            "IV and Industrial Bank project potential growth falling from about 4.5% to 3.5% over "
            "2026-2030 (range 3.3-4.8); the default takes the gradual slowdown to 4.2% by 2030.",
            evidence="Response of Chongqing's growth to China's: 31-province panel 2000-2022, "
            "mixed model with Chongqing's random slope (calibration/panel/estimates.yaml).",
            plausible=(3.3, 5.5),
            effect_parameters=(
                "gdp_national_response",
                "group_national_response",
                "investment_accelerator",
            ),
            signs=(
                ("gdp_real_growth", +1),
                ("potential_growth", +1),
                ("gdp", +1),
                ("fai_growth", +1),
                ("industrial_investment_growth", +1),
                ("industrial_va_growth", +1),
                ("va_automotive", +1),
                ("va_electronics", +1),
                ("va_other_manufacturing", +1),
                ("va_energy", +1),
                ("va_construction", +1),
                ("va_finance", +1),
                ("va_producer_services", +1),
                ("va_real_estate", +1),
                ("va_consumer_services", +1),
                ("va_public_services", +1),
                ("household_consumption", +1),
                ("retail_sales", +1),
                ("general_budget_revenue", +1),
            ),
        ),
        InputSpec(
            name="export_demand_growth",
            unit="% a year (real)",
            low=-30.0,
            high=30.0,
            default=3.0,
            description="Growth of foreign demand for Chongqing's exports (laptops, vehicles).",
            moves=("exports", "foreign_trade", "va_electronics", "va_automotive"),
            reason="World trade volume growth of about 3% a year, its long-run average.",
            evidence="China's export elasticity to world demand about 2 (Yao, Tian and Su 2013); "
            "the export shares of each sector's final demand from the regionalised 2020 "
            "input-output table.",
            plausible=(-10.0, 8.0),
            effect_parameters=("export_demand_elasticity", "demand_exports"),
            signs=(
                ("exports", +1),
                ("imports", +1),
                ("foreign_trade", +1),
                ("va_electronics", +1),
                ("va_automotive", +1),
                ("industrial_va_growth", +1),
                ("gdp", +1),
            ),
        ),
        InputSpec(
            name="inflation",
            unit="% a year",
            low=-5.0,
            high=15.0,
            default={2026: 0.5, 2028: 1.5},
            description="China's consumer price inflation (CPI): Chongqing's CPI follows it, and "
            "with it the prices of services and farm value added.",
            moves=("cpi", "nominal values: gdp, va_*, retail_sales, financial_assets"),
            reason="China's CPI was 0.2% in 2023 and about zero in 2024-2025 (NBS); the default "
            "assumes a slow return towards 1.5%.",
            evidence="Pass-through of national to provincial CPI about 1 (El-Shagi and Tochkov "
            "2023).",
            plausible=(-1.0, 3.0),
            effect_parameters=("cpi_demand_slope", "ppi_weight", "price_drift"),
            signs=(
                ("cpi", +1),
                ("gdp_deflator_growth", +1),
                ("gdp", +1),
                ("va_agriculture", +1),
                ("va_consumer_services", +1),
                ("va_public_services", +1),
                ("retail_sales", +1),
                ("financial_assets", +1),
                ("house_price_growth", +1),
                ("general_budget_revenue", +1),
            ),
        ),
        InputSpec(
            name="producer_price_inflation",
            unit="% a year",
            low=-15.0,
            high=20.0,
            default={2026: -1.0, 2027: 0.0, 2028: 0.5},
            description="China's producer price inflation (PPI): the price of manufacturing and "
            "energy value added and, with CPI, of investment goods.",
            moves=("nominal va of industry", "gdp", "gdp_deflator_growth", "exports"),
            reason="China's PPI fell 2.2% in 2024 and 2.6% in 2025 (NBS); the default lets "
            "deflation fade to +0.5% by 2028, below the 2010-2014 average of 0.8% (NBS PPI "
            "index in calibration/panel/china_national.csv).",
            evidence="Secondary-sector deflator moves 0.89 pp per pp of PPI, the FAI price index "
            "0.75 (panel regressions, calibration/parameters.yaml).",
            plausible=(-4.0, 3.0),
            effect_parameters=("ppi_weight", "investment_price_ppi_weight"),
            signs=(
                ("gdp_deflator_growth", +1),
                ("gdp", +1),
                ("industrial_output", +1),
                ("va_automotive", +1),
                ("va_electronics", +1),
                ("va_other_manufacturing", +1),
                ("va_energy", +1),
                ("exports", +1),
            ),
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
            default=7.5,
            description="Consumer-goods trade-in subsidies spent in Chongqing (vehicles, "
            "appliances, electronics): extra purchases in the year of the subsidy, part of them "
            "brought forward from the next year (payback).",
            moves=(
                "retail_sales",
                "household_consumption",
                "va_automotive",
                "va_electronics",
                "va_consumer_services",
            ),
            reason="Chongqing paid RMB 3.64 bn of trade-in subsidies in 2024 (iChongqing) and "
            "the national fund doubled in 2025: about RMB 7.5 bn (range 4-10).",
            evidence="CICC review of four Chinese rounds (current net retail multiplier about "
            "2.8; 7.0 for cars and 3.5 for appliances in 2009) and cash-for-clunkers payback "
            "(Mian and Sufi 2012): net retail multiplier 2.0 in the year, 60% paid back later; "
            "Chongqing value added only from locally made goods and the retail margin. Real "
            "estate and finance gain only through the input-output table (retailers and "
            "makers buy rent and financial services: 0.007 and 0.008 RMB of value added per "
            "RMB of subsidy in year 1, regional 2020 table), and from year 2 through "
            "consumption of the extra income (imputed rent).",
            plausible=(4.0, 10.0),
            effect_parameters=(
                "tradein_consumption_multiplier",
                "tradein_retail_multiplier",
                "tradein_payback",
                "tradein_goods_split",
                "tradein_local_content",
                "retail_trade_margin",
            ),
            signs=(
                ("retail_sales", +1),
                ("retail_sales_growth", +1),
                ("household_consumption", +1),
                ("va_automotive", +1),
                ("va_electronics", +1),
                ("va_other_manufacturing", +1),
                ("va_consumer_services", +1),
                ("gdp", +1),
                ("gdp_real_growth", +1),
            ),
        ),
        InputSpec(
            name="infrastructure_investment",
            unit="% a year (nominal growth)",
            low=-30.0,
            high=40.0,
            default=3.0,
            description="Growth of infrastructure investment (urban renewal, Metro Line 15, "
            "the 'Four Batches' projects).",
            moves=("fai_growth", "gross_capital_formation", "va_construction", "gdp"),
            reason="Set equal to the 2026 fixed-asset investment target of 3% (2026 government "
            "work report, seeds/baseline_2025.yaml).",
            evidence="Chinese government-spending multipliers 0.6-0.8 (Guo, Liu and Ma 2016 for "
            "counties; Chen, Ratnovski and Tsai, IMF WP/17/273, for provinces) x 0.6-0.9 RMB "
            "of spending per RMB of FAI: GDP multiplier 0.25-0.9 in the year. Infrastructure "
            "FAI buys 0.8 RMB of capital formation per RMB (construction, installation and "
            "equipment; the rest land and fees: Guangzhou yearbook 2012-15), whose Chongqing "
            "value added is 0.39 per RMB (regional IO table): 0.31.",
            plausible=(-10.0, 15.0),
            effect_parameters=("infrastructure_capital_share", "demand_investment"),
            signs=(
                ("fai_growth", +1),
                ("gross_capital_formation", +1),
                ("gdp_contribution_investment", +1),
                ("va_construction", +1),
                ("va_other_manufacturing", +1),
                ("gdp", +1),
                ("gdp_real_growth", +1),
            ),
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
            evidence="Projects over RMB 100 million are 54% of FAI (NBS 2024): 0.2 pp of "
            "industrial investment growth per 1% more projects in the first year; plants take "
            "1-2 years to build and reach capacity (Tesla Shanghai, Seres).",
            plausible=(400.0, 900.0),
            effect_parameters=("industrial_projects_elasticity", "capacity_investment_elasticity"),
            impulse=60.0,
            signs=(
                ("industrial_investment_growth", +1),
                ("fai_growth", +1),
                ("gross_capital_formation", +1),
                ("industrial_output", +1),
                ("nev_output", +1),
                ("gdp", +1),
            ),
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
            evidence="Technological transformation is 34.6% of Chongqing's industrial investment "
            "(2021): 0.12 pp of industrial investment growth per 1% more projects.",
            plausible=(1000.0, 2500.0),
            effect_parameters=("tech_projects_elasticity", "sei_tech_projects_effect"),
            impulse=150.0,
            signs=(
                ("industrial_investment_growth", +1),
                ("sei_share_industrial_output", +1),
                ("fai_growth", +1),
                ("gdp", +1),
            ),
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
            reason="NEV output grew 36% to 1.296 million in 2025 (2026 government work report); "
            "good NEV plants run at 82-96% of nameplate (BYD, Tesla Shanghai) and new ones are "
            "built in about a year; the default keeps about 20% growth a year from 2.1 million. "
            "No published Chongqing capacity figure was found.",
            evidence="A cap that binds only in strong-demand draws: its effect is one-sided, so "
            "read its mean difference, not only the median.",
            plausible=(1.5, 4.5),
            effect_parameters=("nev_share_speed", "nev_share_ceiling"),
            impulse=0.2,
            signs=(
                ("nev_output", +1),
                ("auto_output", +1),
                ("nev_share_auto_output", +1),
                ("va_automotive", +1),
                ("industrial_va_growth", +1),
                ("gdp", +1),
            ),
        ),
        InputSpec(
            name="credit_growth",
            unit="% a year (loans outstanding)",
            low=-5.0,
            high=30.0,
            default=7.0,
            description="Growth of bank loans in Chongqing; finances investment and moves "
            "financial assets and the finance sector.",
            moves=("financial_assets", "va_finance", "fai_growth", "industrial_investment_growth"),
            reason="Loans grew 6.5% in 2025 (RMB 6.00 to 6.39 trillion, history rows "
            "loans_outstanding) and 8.3% year on year in June 2025; 7% sits between.",
            evidence="Provincial credit multiplier about 0.2 and near zero after 2010 (Chen, "
            "Ratnovski and Tsai, IMF WP/17/273); loans are 67% of financial assets (PBoC "
            "Chongqing); finance value added is extrapolated from loan balances (NBS method).",
            plausible=(4.0, 12.0),
            effect_parameters=(
                "credit_investment_effect",
                "credit_finance_effect",
                "credit_assets_effect",
            ),
            reference_parameter="credit_reference",
            signs=(
                ("financial_assets", +1),
                ("va_finance", +1),
                ("fai_growth", +1),
                ("industrial_investment_growth", +1),
                ("gdp", +1),
            ),
        ),
        InputSpec(
            name="debt_resolution_pace",
            unit="% of the remaining hidden local-government debt resolved a year",
            low=0.0,
            high=40.0,
            default=20.0,
            description="Pace of resolving hidden debt and exiting financing platforms: a share "
            "of the remaining hidden stock is swapped into explicit refinancing bonds each year, "
            "and the platform financing it no longer provides limits infrastructure investment.",
            moves=("hidden_debt", "local_government_debt", "fai_growth", "va_construction"),
            reason="The national plan takes hidden debt from RMB 14.3 trn (2023) to 10.5 trn "
            "(2024) and 2.3 trn by 2028 (Lan Fo'an, Minister of Finance): about 20% of the "
            "end-2024 stock a year (15-32).",
            evidence="Swaps cut interest costs and hurt spending little (Liu and Wang 2025 on the "
            "2015 swap); the 2018 ban on new platform borrowing cut infrastructure growth from "
            "19% to 3.7% (model such a ban as an event).",
            plausible=(15.0, 32.0),
            effect_parameters=("debt_infrastructure_effect",),
            impulse=5.0,
            reference_parameter="debt_reference",
            signs=(
                ("hidden_debt", -1),
                ("fai_growth", -1),
                ("gross_capital_formation", -1),
                ("va_construction", -1),
                ("gdp", -1),
            ),
            unsigned=(
                (
                    "local_government_debt",
                    "the swap moves hidden debt into explicit bonds and leaves the total "
                    "unchanged; the total moves only through the budget's response to GDP",
                ),
            ),
        ),
        InputSpec(
            name="property_recovery",
            unit="% a year (real-estate investment growth)",
            low=-50.0,
            high=40.0,
            default={2026: -8.0, 2028: -2.0, 2030: 0.0},
            description="Real-estate development investment growth: the state of the property "
            "market and its stabilisation policies; sales, house prices and land revenue move "
            "with it.",
            moves=(
                "property_investment",
                "property_sales",
                "house_price_growth",
                "land_revenue",
                "fai_growth",
                "va_real_estate",
                "va_construction",
                "household_consumption",
            ),
            reason="Chongqing's real-estate investment fell 14.7% in 2025 (Chongqing statistics "
            "bureau via JETRO) and about 10% a year nationally in 2022-2025 (NBS); the default "
            "lets the decline fade by 2030.",
            evidence="House prices fell 3-6% a year while investment fell 10% (NBS 2022-24: 0.4 "
            "pp per pp); land revenue fell from 8.7 to 4.15 trn (MoF 2021-25) while investment "
            "fell 40% (NBS): 1.45 pp per pp over the episode, 1.0-2.2 year by year; housing wealth "
            "MPC 0.023 (Painter, Yang and Zhong); real-estate-related activity 29% of GDP (Rogoff "
            "and Yang).",
            plausible=(-20.0, 5.0),
            effect_parameters=(
                "house_price_investment_elasticity",
                "sales_investment_elasticity",
                "land_sales_elasticity",
                "housing_wealth_mpc",
                "property_real_estate_effect",
            ),
            impulse=5.0,
            signs=(
                ("property_investment", +1),
                ("property_sales", +1),
                ("house_price_growth", +1),
                ("land_revenue", +1),
                ("fai_growth", +1),
                ("gross_capital_formation", +1),
                ("va_real_estate", +1),
                ("va_construction", +1),
                ("household_consumption", +1),
                ("retail_sales", +1),
                ("gdp", +1),
            ),
        ),
        InputSpec(
            name="digital_economy_push",
            unit="percentage points a year of extra growth of core digital industries",
            low=-5.0,
            high=10.0,
            default=0.0,
            description="AI+ initiative, regional computing-power dispatching platform and "
            "Digital Chongqing: extra demand growth of the core digital industries (electronics, "
            "software and IT); the digital-economy share is computed from sector value added.",
            moves=("va_electronics", "va_producer_services", "digital_economy_share_gdp", "gdp"),
            reason="Zero by default: the announced programmes are in the baseline; the lever "
            "measures policy beyond it.",
            evidence="Core digital industries are 9.9% of China's GDP (NBS 2023) and 22% of "
            "CAICT's digital economy; ICT spillovers are weak (Guo and Du 2019): about 0.1 pp "
            "of GDP growth per pp of push.",
            plausible=(0.0, 3.0),
            effect_parameters=("digital_core_intensity",),
            signs=(
                ("va_electronics", +1),
                ("va_producer_services", +1),
                ("digital_economy_share_gdp", +1),
                ("gdp", +1),
                ("gdp_real_growth", +1),
            ),
        ),
        InputSpec(
            name="low_altitude_output",
            unit="RMB billion a year of value added (at maturity)",
            low=0.0,
            high=150.0,
            default=0.0,
            description="Value added of the low-altitude economy (drones, eVTOL, services) "
            "beyond the baseline, reached gradually as the cluster ramps up; split between other "
            "manufacturing and producer services.",
            moves=("va_other_manufacturing", "va_producer_services", "gdp"),
            reason="Zero by default: the sector is small today (RMB 8 bn of equipment output, "
            "about 1.7 bn of value added, 2023) and its 2026 plan sets no figure.",
            evidence="Chongqing's laptop cluster reached 36% of its plateau in its first full "
            "year (2011), 75% in the second, 92% in the third (founded 2010); the model's "
            "first year is a full year of the lever; the drone value chain is 70% manufacturing "
            "(People's Daily 2025); about RMB 5 bn (0-20) more by 2030 is supported.",
            plausible=(0.0, 20.0),
            effect_parameters=("low_altitude_ramp", "low_altitude_manufacturing_share"),
            impulse=10.0,
            signs=(
                ("va_other_manufacturing", +1),
                ("va_producer_services", +1),
                ("industrial_output", +1),
                ("gdp", +1),
                ("gdp_real_growth", +1),
            ),
        ),
        InputSpec(
            name="ilstc_freight_growth",
            unit="% a year (ILSTC freight value)",
            low=-50.0,
            high=80.0,
            default=20.0,
            description="Growth of the New International Land-Sea Trade Corridor freight value "
            "(opening-up): adds to foreign trade and logistics.",
            moves=("foreign_trade", "exports", "va_producer_services"),
            reason="Freight value grew 25% in 2025 and 73% in 2024 (history rows "
            "ilstc_cargo_value_growth_pct); 20% assumes slower growth from a larger base.",
            evidence="Corridor cargo is 7.3% of Chongqing's trade; half of it taken as new trade "
            "rather than rerouted (corridor difference-in-difference studies find trade "
            "creation: Wang et al. 2024).",
            plausible=(5.0, 40.0),
            effect_parameters=("ilstc_trade_share", "ilstc_logistics_effect"),
            impulse=10.0,
            signs=(
                ("exports", +1),
                ("imports", +1),
                ("foreign_trade", +1),
                ("va_producer_services", +1),
            ),
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
            evidence="Chongqing's municipal key projects average RMB 1-2.6 bn with yearly outlays "
            "of 12-26% of budgets; Chinese road and rail overrun by 30.6% (Ansar et al. 2016).",
            plausible=(250.0, 500.0),
            impulse=35.0,
            signs=(
                ("fai_growth", +1),
                ("gross_capital_formation", +1),
                ("va_construction", +1),
                ("gdp", +1),
            ),
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
            evidence="Mean project sizes on Chongqing's project lists vary by a factor of about 2 "
            "between years and types.",
            plausible=(0.5, 2.0),
            impulse=0.1,
            signs=(
                ("industrial_investment_growth", +1),
                ("fai_growth", +1),
                ("industrial_output", +1),
                ("nev_output", +1),
                ("gdp", +1),
            ),
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
            evidence="Key projects reached 108.9% of plan in 2024 (industrial 121%) with idle "
            "special-bond money: financing did not bind at the plan (headroom 5-30%). So the "
            "standard impulse is a 20% cut: raising a capacity that does not bind changes nothing, "
            "and a cut binds only once the headroom is used up, in later years.",
            plausible=(0.8, 1.3),
            impulse=-0.2,
            signs=(
                ("industrial_investment_growth", -1),
                ("fai_growth", -1),
                ("industrial_output", -1),
                ("gdp", -1),
            ),
            signs_over_horizon=True,
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
            evidence="The 2018-19 reform cut approvals from over 200 to 120 working days; the "
            "evidence is of timing, not of more investment.",
            plausible=(0.0, 30.0),
            impulse=10.0,
            signs=(
                ("industrial_investment_growth", +1),
                ("fai_growth", +1),
                ("gross_capital_formation", +1),
                ("gdp", +1),
            ),
        ),
    )
}

ALL_INPUTS: dict[str, InputSpec] = {**ASSUMPTIONS, **LEVERS}


def reference_inputs(years: list[int]) -> dict[str, list[float]]:
    """The reference value of every input in each of ``years``: its default path.

    The model's baseline holds at these values and every input acts through its gap from them
    (``sim.model.interface.Drivers.reference``); this is the one place they are derived.
    """
    return {name: [spec.default_at(y) for y in years] for name, spec in ALL_INPUTS.items()}


def reference_parameters() -> dict[str, float]:
    """Pipeline parameters that are an input's default: parameter name -> default in ``FIRST_YEAR``.

    The investment pipeline measures credit and debt resolution from their defaults
    (``credit_growth - credit_reference``); deriving the parameters here keeps the two equal.
    """
    return {
        spec.reference_parameter: spec.default_at(FIRST_YEAR)
        for spec in ALL_INPUTS.values()
        if spec.reference_parameter is not None
    }
