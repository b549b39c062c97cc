"""Indicator names, units and descriptions: the one list that outputs, plots and reports read.

Monetary values are in RMB billion (nominal), rates in percent a year, shares in percent of what
follows ``share_``. Names are a contract with users' scripts: add, never rename.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.model.sectors import SECTOR_LABELS, SECTORS


@dataclass(frozen=True)
class Indicator:
    """Metadata of one model output."""

    name: str
    unit: str
    description: str
    headline: bool = False
    signed: bool = False
    """A level that may be negative (a balance); other levels never are."""


_CORE: tuple[Indicator, ...] = (
    Indicator("gdp", "RMB bn", "Gross domestic product, nominal", headline=True),
    Indicator("gdp_real_growth", "%", "Real GDP growth (chain-linked, previous-year prices)", True),
    Indicator("industrial_va_growth", "%", "Real growth of industrial value added", True),
    Indicator(
        "industrial_va_growth_above_size",
        "%",
        "Real growth of value added of industry above designated size: the model's industry "
        "growth plus the above-size premium",
        headline=True,
    ),
    Indicator(
        "industrial_output",
        "RMB bn",
        "Gross output of industry above designated size, nominal",
        headline=True,
    ),
    Indicator(
        "industrial_revenue_above_size",
        "RMB bn",
        "Operating revenue of industrial enterprises above designated size, nominal",
        headline=True,
    ),
    Indicator("manufacturing_share_gdp", "%", "Manufacturing value added, share of GDP", True),
    Indicator(
        "sei_share_industrial_output",
        "%",
        "Strategic emerging industries, share of industrial output (converted basis)",
        headline=True,
    ),
    Indicator(
        "sei_share_industrial_va",
        "%",
        "Strategic emerging industries' value added, share of value added of industry above "
        "designated size",
        headline=True,
    ),
    Indicator(
        "producer_services_share_services",
        "%",
        "Producer services (incl. finance), share of services value added",
        headline=True,
    ),
    Indicator("digital_economy_share_gdp", "%", "Digital economy value added, share of GDP", True),
    Indicator("nev_output", "units", "New-energy vehicle output", headline=True),
    Indicator("nev_share_auto_output", "%", "NEV share of vehicle output"),
    Indicator("auto_output", "units", "Vehicle output"),
    Indicator("financial_assets", "RMB bn", "Total financial assets", headline=True),
    Indicator("fai_growth", "%", "Fixed-asset investment growth, nominal", headline=True),
    Indicator(
        "industrial_investment_growth", "%", "Industrial investment growth, nominal", headline=True
    ),
    Indicator("foreign_trade", "RMB bn", "Foreign trade (exports plus imports)", headline=True),
    Indicator("foreign_trade_growth", "%", "Foreign trade growth, nominal", headline=True),
    Indicator("retail_sales", "RMB bn", "Retail sales of consumer goods", headline=True),
    Indicator("retail_sales_growth", "%", "Retail sales growth, nominal", headline=True),
    Indicator(
        "potential_growth",
        "%",
        "Baseline real GDP growth: the provincial panel's prediction given China's growth and "
        "Chongqing's relative income",
    ),
    Indicator("household_consumption", "RMB bn", "Household consumption (expenditure side)"),
    Indicator("government_consumption", "RMB bn", "Government consumption (expenditure side)"),
    Indicator("gross_capital_formation", "RMB bn", "Gross capital formation (expenditure side)"),
    Indicator(
        "net_outflows",
        "RMB bn",
        "Net outflows of goods and services: exports less imports abroad plus net sales to "
        "other provinces (the balancing item of the expenditure account)",
        signed=True,
    ),
    Indicator(
        "gdp_contribution_consumption",
        "pp",
        "Contribution of final consumption (household and government) to real GDP growth",
        headline=True,
    ),
    Indicator(
        "gdp_contribution_investment",
        "pp",
        "Contribution of gross capital formation to real GDP growth",
        headline=True,
    ),
    Indicator(
        "gdp_contribution_net_outflows",
        "pp",
        "Contribution of net outflows to real GDP growth",
        headline=True,
    ),
    Indicator("compensation_of_employees", "RMB bn", "Compensation of employees (wage bill)"),
    Indicator("household_disposable_income", "RMB bn", "Household disposable income, total"),
    Indicator(
        "disposable_income_per_capita",
        "RMB",
        "Per-capita disposable income of residents (survey basis)",
        headline=True,
    ),
    Indicator("population", "10k persons", "Year-end resident population"),
    Indicator("employment", "10k persons", "Employed persons, all sectors", headline=True),
    Indicator("urban_employment", "10k persons", "Employed persons in towns"),
    Indicator("new_urban_jobs", "10k persons", "New urban jobs in the year", headline=True),
    Indicator("cpi", "%", "Consumer price inflation (CPI, year on year)", headline=True),
    Indicator("gdp_deflator_growth", "%", "Growth of the implicit GDP deflator"),
    Indicator("house_price_growth", "%", "Growth of new-home prices"),
    Indicator("property_investment", "RMB bn", "Real-estate development investment"),
    Indicator("property_sales", "RMB bn", "Sales of commodity housing and other buildings, value"),
    Indicator("land_revenue", "RMB bn", "Land-transfer revenue of the government-fund budget"),
    Indicator("general_budget_revenue", "RMB bn", "General public budget revenue", headline=True),
    Indicator("general_budget_expenditure", "RMB bn", "General public budget expenditure"),
    Indicator(
        "local_government_debt",
        "RMB bn",
        "Local government debt: explicit (general and special bonds) plus hidden (financing "
        "platforms)",
        headline=True,
    ),
    Indicator("hidden_debt", "RMB bn", "Hidden debt of local-government financing platforms"),
    Indicator("exports", "RMB bn", "Exports of goods (customs)"),
    Indicator("imports", "RMB bn", "Imports of goods (customs)"),
)

_SECTOR_VA: tuple[Indicator, ...] = tuple(
    Indicator(f"va_{s}", "RMB bn", f"Value added: {SECTOR_LABELS[s]}, nominal") for s in SECTORS
)

VA_INDICATORS: tuple[str, ...] = tuple(i.name for i in _SECTOR_VA)
EXPENDITURE_INDICATORS: tuple[str, ...] = (
    "household_consumption",
    "government_consumption",
    "gross_capital_formation",
    "net_outflows",
)
"""The expenditure side of GDP: these four add up to ``gdp`` in every draw and year."""
"""Names of the sector value-added indicators, in sector order."""

INDICATORS: dict[str, Indicator] = {i.name: i for i in (*_CORE, *_SECTOR_VA)}
"""Every indicator the model produces, by name."""

HEADLINE: tuple[str, ...] = tuple(i.name for i in INDICATORS.values() if i.headline)
"""Indicators written per draw to ``draws.parquet`` and printed by ``run``."""
