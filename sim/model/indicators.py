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


_CORE: tuple[Indicator, ...] = (
    Indicator("gdp", "RMB bn", "Gross domestic product, nominal", headline=True),
    Indicator("gdp_real_growth", "%", "Real GDP growth (chain-linked, previous-year prices)", True),
    Indicator("industrial_va_growth", "%", "Real growth of industrial value added", True),
    Indicator(
        "industrial_output",
        "RMB bn",
        "Gross output of industry above designated size, nominal",
        headline=True,
    ),
    Indicator("manufacturing_share_gdp", "%", "Manufacturing value added, share of GDP", True),
    Indicator(
        "sei_share_industrial_output",
        "%",
        "Strategic emerging industries, share of industrial output",
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
)

_SECTOR_VA: tuple[Indicator, ...] = tuple(
    Indicator(f"va_{s}", "RMB bn", f"Value added: {SECTOR_LABELS[s]}, nominal") for s in SECTORS
)

VA_INDICATORS: tuple[str, ...] = tuple(i.name for i in _SECTOR_VA)
"""Names of the sector value-added indicators, in sector order."""

INDICATORS: dict[str, Indicator] = {i.name: i for i in (*_CORE, *_SECTOR_VA)}
"""Every indicator the model produces, by name."""

HEADLINE: tuple[str, ...] = tuple(i.name for i in INDICATORS.values() if i.headline)
"""Indicators written per draw to ``draws.parquet`` and printed by ``run``."""
