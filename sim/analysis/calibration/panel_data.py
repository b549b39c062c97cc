"""Load the provincial panel files and reshape them into the frames the estimators take.

The files are in the long format of ``calibration/panel/*.csv`` (copied from
``shared/data/panel``): one row per region, year and indicator, with ``unit``, ``kind``, ``source``
and ``quote``. The helpers here turn them into wide panels (index ``(region, year)``) without
ever joining two vintages of one quantity: each nominal GDP vintage is its own indicator and is
used on its own (:data:`GDP_VINTAGES`); population comes from one vintage
(:data:`POPULATION`); growth rates come from the real growth indices, which are one compiled
series per province.

Units: growth in percent a year (``index - 100``), nominal values in RMB 100 million
(``cny_100m``), population and employment in 10,000 persons, GDP per head in yuan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

PANEL_COLUMNS: tuple[str, ...] = (
    "region",
    "year",
    "indicator",
    "value",
    "unit",
    "kind",
    "source",
    "quote",
)
"""Columns every panel file has, in this order."""

CHONGQING = "Chongqing"
NATIONAL = "China"

SECTOR_GROUPS: tuple[str, ...] = ("gdp", "primary", "secondary", "tertiary")
"""The aggregate and the three sectors (GB/T 4754 primary, secondary, tertiary industry)."""

REAL_INDEX: dict[str, str] = {
    "gdp": "gdp_real_index_prev_year_100",
    "primary": "va_primary_real_index_prev_year_100",
    "secondary": "va_secondary_real_index_prev_year_100",
    "tertiary": "va_tertiary_real_index_prev_year_100",
}
"""Provincial real growth index (previous year = 100) of GDP and each sector."""

NATIONAL_REAL_INDEX: dict[str, str] = {
    "gdp": "gdp_real_index_1978_100",
    "primary": "va_primary_real_index_1978_100",
    "secondary": "va_secondary_real_index_1978_100",
    "tertiary": "va_tertiary_real_index_1978_100",
}
"""China's real index (1978 = 100), one NBS database vintage 1978-2023 for each series."""

NOMINAL_VA: dict[str, str] = {
    "primary": "va_primary",
    "secondary": "va_secondary",
    "tertiary": "va_tertiary",
}
"""Provincial nominal value added by sector (compiled table; first-release vintages)."""

EMPLOYMENT: dict[str, str] = {
    "gdp": "employment_total",
    "primary": "employment_primary",
    "secondary": "employment_secondary",
    "tertiary": "employment_tertiary",
}
"""Employment (10,000 persons) by sector; ``gdp`` stands for the total."""

GDP_VINTAGES: dict[str, tuple[int, int]] = {
    "gdp_nominal_nbsdb2018": (1993, 2017),
    "gdp_nominal_nbsdb2023": (2011, 2022),
    "gdp_nominal": (2006, 2024),
}
"""Nominal GDP vintages (indicator: first and last year). Never join two of them."""

POPULATION = "population_yearend"
"""Year-end resident population, the vintage revised after the 2020 census (2000-2020)."""

FAI = "fai_total"
BUDGET_EXPENDITURE = "budget_expenditure"
FAI_PRICE = "fai_price_index_prev_year_100"


class PanelDataError(ValueError):
    """A panel file that does not have the shape the estimators need.

    Parameters
    ----------
    file : str
        The file (or frame) concerned.
    field : str
        Column or indicator that is wrong.
    problem : str
        What is wrong and what is allowed.
    """

    def __init__(self, file: str, field: str, problem: str) -> None:
        self.file = file
        self.field = field
        self.problem = problem
        super().__init__(f"{file}: {field}: {problem}")


def read_panel(path: str | Path) -> pd.DataFrame:
    """Read one long-format panel file and check its columns, types and uniqueness.

    Parameters
    ----------
    path : str or Path
        A CSV with the columns of :data:`PANEL_COLUMNS`.

    Returns
    -------
    pandas.DataFrame
        The rows, ``year`` as int and ``value`` as float.

    Raises
    ------
    PanelDataError
        Missing columns, or a non-numeric year or value (with its line).
    """
    path = Path(path)
    frame = pd.read_csv(path, dtype={"region": str, "indicator": str, "unit": str})
    return check_panel(frame, str(path))


def check_panel(frame: pd.DataFrame, name: str = "panel") -> pd.DataFrame:
    """Validate a long-format panel frame (see :func:`read_panel`) and return a typed copy."""
    missing = [c for c in PANEL_COLUMNS if c not in frame.columns]
    if missing:
        raise PanelDataError(name, ", ".join(missing), f"missing columns; need {PANEL_COLUMNS}")
    out = frame.loc[:, list(PANEL_COLUMNS)].copy()
    for column in ("year", "value"):
        numbers = pd.to_numeric(out[column], errors="coerce")
        bad = numbers.isna()
        if bad.any():
            line = int(np.flatnonzero(bad.to_numpy())[0]) + 2  # header is line 1
            raise PanelDataError(
                name, column, f"line {line}: {out[column].iloc[line - 2]!r} is not a number"
            )
        out[column] = numbers
    out["year"] = out["year"].astype(int)
    out["value"] = out["value"].astype(float)
    return out.reset_index(drop=True)


def wide(frame: pd.DataFrame, indicators: Iterable[str] | dict[str, str]) -> pd.DataFrame:
    """Rows of the given indicators as columns of a ``(region, year)`` panel.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long-format rows (see :func:`read_panel`).
    indicators : iterable of str, or dict
        Indicator names; a dict maps indicator name to the column name wanted.

    Returns
    -------
    pandas.DataFrame
        Index ``(region, year)`` sorted, one column per indicator (NaN where a row is missing).

    Raises
    ------
    PanelDataError
        An indicator with no rows in ``frame``, or two rows for one region, year and indicator
        (two vintages under one name).
    """
    names = dict(indicators) if isinstance(indicators, dict) else {i: i for i in indicators}
    rows = frame[frame["indicator"].isin(names)]
    absent = sorted(set(names) - set(rows["indicator"]))
    if absent:
        raise PanelDataError("panel", ", ".join(absent), "indicator not in the data")
    duplicated = rows.duplicated(["region", "year", "indicator"], keep=False)
    if duplicated.any():
        first = rows[duplicated].iloc[0]
        raise PanelDataError(
            "panel",
            str(first["indicator"]),
            f"two rows for {first['region']} {first['year']}; one row per region, year and "
            "indicator is allowed (keep vintages as separate indicators)",
        )
    table = rows.pivot(index=["region", "year"], columns="indicator", values="value")
    table = table.reindex(columns=list(names)).rename(columns=names)
    table.columns.name = None
    return table.sort_index()


def national_growth(national: pd.DataFrame, sector: str = "gdp") -> pd.Series:
    """China's real growth by year, percent, from one vintage of the 1978 = 100 index.

    g_t = 100 (I_t / I_{t-1} - 1), I the NBS real index (1978 = 100) of :data:`NATIONAL_REAL_INDEX`.

    Parameters
    ----------
    national : pandas.DataFrame
        Long-format rows of ``china_national.csv``.
    sector : str
        One of :data:`SECTOR_GROUPS`.

    Returns
    -------
    pandas.Series
        Growth in percent indexed by year (1979-2023 in the shipped file).
    """
    index = _national_series(national, NATIONAL_REAL_INDEX[sector])
    _require_consecutive(index.index, NATIONAL_REAL_INDEX[sector])
    growth = 100.0 * (index / index.shift(1) - 1.0)
    return growth.dropna().rename(f"gnat_{sector}")


def national_fai_inflation(national: pd.DataFrame) -> pd.Series:
    """China's FAI price inflation by year, percent (index - 100); 1990-2014 in the file."""
    return (_national_series(national, FAI_PRICE) - 100.0).rename("fai_inflation")


def real_growth(panel: pd.DataFrame, sectors: Sequence[str] = SECTOR_GROUPS) -> pd.DataFrame:
    """Provincial real growth of GDP and sectors, percent: g = index (previous year = 100) - 100.

    Returns
    -------
    pandas.DataFrame
        Index ``(region, year)``, columns ``g_<sector>``.
    """
    table = wide(panel, {REAL_INDEX[s]: f"g_{s}" for s in sectors})
    return table - 100.0


def lagged(table: pd.DataFrame, columns: Sequence[str], lag: int = 1) -> pd.DataFrame:
    """Values of ``columns`` ``lag`` years earlier in the same region.

    The shift is by calendar year, not by row: where that year is missing the value is NaN.

    Returns
    -------
    pandas.DataFrame
        Same index as ``table``, columns ``<column>_lag<lag>``.
    """
    shifted = table[list(columns)].copy()
    shifted = shifted.rename(index=lambda y: y + lag, level="year")
    shifted.columns = [f"{c}_lag{lag}" for c in columns]
    return shifted.reindex(table.index)


def log_growth(table: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    """Percent log growth 100 (ln x_t - ln x_{t-1}) of each column, by calendar year within region.

    Rows whose value or previous-year value is missing or not positive give NaN.
    """
    values = table[list(columns)].where(table[list(columns)] > 0)
    logs = np.log(values)
    previous = lagged(logs, list(columns))
    previous.columns = list(columns)
    out = 100.0 * (logs - previous)
    out.columns = [f"dln_{c}" for c in columns]
    return out


@dataclass(frozen=True)
class IncomePanel:
    """GDP per head of one nominal GDP vintage, relative to the provinces' aggregate.

    Attributes
    ----------
    vintage : str
        The nominal GDP indicator used (one of :data:`GDP_VINTAGES`).
    table : pandas.DataFrame
        Index ``(region, year)``; columns ``gdp`` (RMB 100 million), ``population``
        (10,000 persons), ``gdp_per_head`` (yuan), ``ln_rel_income`` (ln of GDP per head over the
        31 provinces' aggregate GDP per head in the same year and vintage).
    """

    vintage: str
    table: pd.DataFrame

    @property
    def years(self) -> tuple[int, int]:
        """First and last year with GDP and population."""
        years = self.table.index.get_level_values("year")
        return int(years.min()), int(years.max())


def income_panel(panel: pd.DataFrame, vintage: str) -> IncomePanel:
    """GDP per head and relative income from one nominal GDP vintage and one population vintage.

    y_it = GDP_it / POP_it (yuan; GDP in RMB 100 million, POP in 10,000: x 10^4), and
    ln_rel_income_it = ln y_it - ln(sum_j GDP_jt / sum_j POP_jt). The reference is the aggregate
    of the provinces in the same vintage and year, not the national accounts, so no second
    vintage enters (provincial GDP summed over China differed from national GDP by several percent
    before the 2019 unified accounting).

    Parameters
    ----------
    panel : pandas.DataFrame
        Long rows of ``province_panel.csv``.
    vintage : str
        A key of :data:`GDP_VINTAGES`.

    Raises
    ------
    PanelDataError
        An unknown vintage, or a year that does not have all regions.
    """
    if vintage not in GDP_VINTAGES:
        raise PanelDataError("panel", vintage, f"not a nominal GDP vintage; use {GDP_VINTAGES}")
    table = wide(panel, {vintage: "gdp", POPULATION: "population"}).dropna()
    regions = panel["region"].nunique()
    counts = table.groupby(level="year").size()
    incomplete = counts[counts != regions]
    if len(incomplete):
        raise PanelDataError(
            "panel",
            vintage,
            f"years {list(incomplete.index)} lack some of the {regions} regions",
        )
    table["gdp_per_head"] = table["gdp"] / table["population"] * 1e4
    totals = table.groupby(level="year")[["gdp", "population"]].sum()
    aggregate = (totals["gdp"] / totals["population"] * 1e4).rename("aggregate")
    reference = aggregate.reindex(table.index.get_level_values("year")).to_numpy()
    table["ln_rel_income"] = np.log(table["gdp_per_head"].to_numpy() / reference)
    return IncomePanel(vintage, table)


def real_income_per_head(panel: pd.DataFrame, base_vintage: str, base_year: int) -> pd.Series:
    """Log real GDP per head at ``base_year`` prices, by region and year.

    ln y_it = ln GDP_ib + (C_it - C_ib) - ln POP_it + ln 10^4, with C_it = sum_{s<=t} ln(1 +
    g_is/100) the cumulated real growth index, GDP_ib nominal GDP of ``base_vintage`` in the base
    year (RMB 100 million) and POP population (10,000). The level comes from one vintage in one
    year, the path from the real growth index and one population vintage: nothing is spliced.

    Returns
    -------
    pandas.Series
        ``ln_income`` (ln of yuan per head at base-year prices), index ``(region, year)``, for the
        years with population and an unbroken growth index back to the base year.
    """
    base = wide(panel, {base_vintage: "gdp"})["gdp"].xs(base_year, level="year")
    growth = real_growth(panel, ["gdp"])["g_gdp"]
    population = wide(panel, {POPULATION: "population"})["population"].dropna()
    pieces = []
    for region, g in growth.groupby(level="region"):
        g = g.droplevel("region").sort_index()
        _require_consecutive(g.index, f"{REAL_INDEX['gdp']} of {region}")
        cumulated = np.log1p(g / 100.0).cumsum()
        cumulated = cumulated - cumulated.loc[base_year]
        pop = population.xs(region, level="region")
        years = pop.index.intersection(cumulated.index)
        values = (
            np.log(base.loc[region])
            + cumulated.loc[years].to_numpy()
            - np.log(pop.loc[years].to_numpy())
            + np.log(1e4)
        )
        pieces.append(pd.Series(values, index=pd.MultiIndex.from_product([[region], years])))
    out = pd.concat(pieces).sort_index().rename("ln_income")
    out.index.names = ["region", "year"]
    return out


def _national_series(national: pd.DataFrame, indicator: str) -> pd.Series:
    """One indicator of China's national rows as a Series indexed by year."""
    table = wide(national[national["region"] == NATIONAL], [indicator])
    return table[indicator].xs(NATIONAL, level="region").sort_index()


def _require_consecutive(years: pd.Index, name: str) -> None:
    """Raise when ``years`` has gaps (a growth rate across a gap would be a multi-year rate)."""
    values = np.sort(np.asarray(years, dtype=int))
    if len(values) and (np.diff(values) != 1).any():
        raise PanelDataError("panel", name, "years are not consecutive")
