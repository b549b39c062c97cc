"""Results as tables for readers and as files other tools read: CSV, Parquet, xarray, IAMC, Excel.

Functions here take plain data (DataFrames, arrays, names), so that :class:`sim.results.Ensemble`
and :class:`sim.results.Comparison` can offer them as methods and the command line's writers can
share them.

- :func:`readable` turns a tidy table of model values into one for readers: a ``label`` column
  with each indicator's name, units as :mod:`sim.inputs.labels` writes them (Chinese units,
  scaled, for ``lang="zh"``) and numbers rounded to the unit's precision.
- :func:`write_csv` writes any table in plain notation (``1296000``, never ``1.296e+06``).
- :func:`draws_schema_metadata` says the units of ``draws.parquet``'s columns in its schema.
- :func:`to_xarray`, :func:`to_iamc` and :func:`write_excel` are the exports.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim.inputs.labels import Labels

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

SIGNIFICANT_DIGITS = 6
"""Significant digits of numbers in CSV files that no unit rounds (drivers, tornado, ...)."""

VALUE_COLUMNS = ("mean", "p05", "p25", "p50", "p75", "p95", "value", "value_2025", "gap")
"""Columns of tidy tables that hold values in the row's unit (scaled and rounded together)."""

IAMC_COLUMNS = ["model", "scenario", "region", "variable", "unit", "year", "value", "quantile"]
"""Columns of :func:`to_iamc`: the IAMC long format (read by pyam) plus ``quantile``."""

IAMC_UNITS = {"RMB bn": "billion CNY", "units": "vehicles"}
"""IAMC unit names where they differ from the model's (others are kept)."""

IAMC_MODEL = "cqsim"
IAMC_REGION = "Chongqing"

EXCEL_MAX_ROWS = 1_048_575
"""Rows a worksheet can hold below its header (Excel's limit)."""


def readable(
    frame: pd.DataFrame, lang: str = "en", *, name_column: str = "variable"
) -> pd.DataFrame:
    """A tidy table of indicator values as readers see it, in English or Chinese.

    Parameters
    ----------
    frame : DataFrame
        Rows with ``variable`` (an indicator), ``unit`` (the model's unit of the row's values)
        and value columns among :data:`VALUE_COLUMNS`.
    lang : {"en", "zh"}
        English keeps the model's units (the contract of the data files); Chinese writes
        Chinese units, values scaled to them (亿元, 万辆).
    name_column : str
        The column naming the indicator.

    Returns
    -------
    DataFrame
        The same rows with ``label`` (the indicator's name) after ``name_column``, ``unit``
        as written in ``lang`` and the values rounded to the unit's precision.
    """
    labels = Labels(lang)
    out = frame.copy()
    values = [c for c in VALUE_COLUMNS if c in out.columns]
    for unit in out["unit"].unique():
        form = labels.unit(str(unit), data=True)
        rows = out["unit"] == unit
        scaled = out.loc[rows, values].astype(float) * form.scale
        out.loc[rows, values] = scaled.round(form.table_decimals) + 0.0  # no -0.0
        out.loc[rows, "unit"] = form.label
    names = out[name_column].map(labels.indicator)
    out.insert(out.columns.get_loc(name_column) + 1, "label", names)
    return out


def plain_number(value: float) -> str:
    """A number in plain notation with up to :data:`SIGNIFICANT_DIGITS` significant digits."""
    if not np.isfinite(value):
        return ""
    return np.format_float_positional(
        value, precision=SIGNIFICANT_DIGITS, unique=True, fractional=False, trim="-"
    )


def write_csv(frame: pd.DataFrame, path: str | Path) -> None:
    """A table as UTF-8 CSV, numbers in plain notation (no exponents)."""
    frame.to_csv(path, index=False, float_format=plain_number, encoding="utf-8")


def draws_schema_metadata(units: Mapping[str, str], scenario: str) -> dict[bytes, bytes]:
    """Parquet schema metadata of a draws file: each column's unit and the scenario."""
    return {
        b"cqsim.units": json.dumps(dict(units), ensure_ascii=False).encode("utf-8"),
        b"cqsim.scenario": scenario.encode("utf-8"),
    }


def to_xarray(
    values: Mapping[str, np.ndarray],
    years: Sequence[int],
    units: Mapping[str, str],
    attrs: Mapping[str, Any],
    lang: str = "en",
) -> xr.Dataset:
    """Draws as an xarray Dataset: a variable per indicator over ``draw`` x ``year``.

    Parameters
    ----------
    values : mapping of str to ndarray, each (draws, years)
        Indicators (and sampled inputs) by name, in the model's units.
    years : sequence of int
        The years of the columns.
    units : mapping of str to str
        The unit of each name (attribute ``units`` of its variable).
    attrs : mapping
        Attributes of the dataset (scenario, seed, draws, version).
    lang : {"en", "zh"}
        Language of each variable's ``long_name``; values stay in the model's units.

    Returns
    -------
    xarray.Dataset
        ``ds[name]`` shaped (draw, year) with attributes ``units`` and ``long_name``;
        ``ds.to_dataarray("indicator")`` stacks them into draw x year x indicator.
    """
    import xarray as xr

    labels = Labels(lang)
    n = len(next(iter(values.values())))
    coords = {"draw": np.arange(n), "year": np.asarray(years, dtype=np.int64)}
    variables = {}
    for name, array in values.items():
        long_name = labels.indicator(name) if not name.startswith(("input.", "event.")) else name
        variables[name] = xr.DataArray(
            np.asarray(array, dtype=float),
            dims=("draw", "year"),
            attrs={"units": units[name], "long_name": long_name},
        )
    return xr.Dataset(variables, coords=coords, attrs=dict(attrs))


def to_iamc(summary: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Percentiles in the IAMC long format, one row per quantile (readable by pyam).

    Parameters
    ----------
    summary : DataFrame
        Tidy summaries with ``scenario, variable, year, unit, p05 ... p95``
        (:meth:`sim.results.Ensemble.summary`).
    lang : {"en", "zh"}
        Language of the variable names.

    Returns
    -------
    DataFrame
        ``model, scenario, region, variable, unit, year, value, quantile``: ``model`` is
        cqsim, ``region`` Chongqing, ``variable`` the indicator's name, ``quantile`` 0.05 to
        0.95. Values in the model's units (billion CNY, %, vehicles).
    """
    labels = Labels(lang)
    quantiles = {c: int(c[1:]) / 100 for c in summary.columns if c.startswith("p")}
    long = summary.melt(
        id_vars=["scenario", "variable", "year", "unit"],
        value_vars=list(quantiles),
        var_name="quantile",
        value_name="value",
    )
    long["quantile"] = long["quantile"].map(quantiles)
    long["variable"] = long["variable"].map(labels.indicator)
    long["unit"] = long["unit"].map(lambda u: IAMC_UNITS.get(u, u))
    long["model"] = IAMC_MODEL
    long["region"] = IAMC_REGION
    return long[IAMC_COLUMNS].reset_index(drop=True)


def write_excel(path: str | Path, sheets: Mapping[str, pd.DataFrame]) -> Path:
    """Tables into one Excel workbook, a sheet each (needs openpyxl: ``cqsim[excel]``).

    A table longer than a sheet holds is cut to :data:`EXCEL_MAX_ROWS` rows and says so in its
    sheet's last row.
    """
    if importlib.util.find_spec("openpyxl") is None:
        raise ImportError(
            "Excel export needs openpyxl: pip install 'cqsim[excel]' (or pip install openpyxl)"
        )
    path = Path(path)
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, table in sheets.items():
            if len(table) > EXCEL_MAX_ROWS:
                note = pd.DataFrame({table.columns[0]: [f"cut at {EXCEL_MAX_ROWS - 1:,} rows"]})
                table = pd.concat([table.iloc[: EXCEL_MAX_ROWS - 1], note], ignore_index=True)
            table.to_excel(writer, sheet_name=name[:31], index=False)
    return path
