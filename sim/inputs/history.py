"""Read and check a history CSV (the format of ``../shared/data/chongqing_history.csv``).

Columns: ``region, year, indicator, value, unit, kind, source, quote``. The calibration needs one
value per region, indicator and year: where a source file keeps several vintages, choose one
(``calibration/select_history.py`` does so for the shipped history). A bad row is a
:class:`HistoryError` naming the file, the row (line number in the file) and what is wrong.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.inputs.errors import InputError

DEFAULT_HISTORY = Path(__file__).resolve().parents[2] / "calibration" / "history.csv"
COLUMNS = ("region", "year", "indicator", "value", "unit", "kind", "source", "quote")
KNOWN: dict[str, dict[str, str]] = {
    "Chongqing": {
        "gdp_real_growth_pct": "pct",
        "va_primary_real_growth_pct": "pct",
        "va_secondary_real_growth_pct": "pct",
        "va_tertiary_real_growth_pct": "pct",
        "industrial_va_growth_pct": "pct",
        "fai_growth_pct": "pct",
        "retail_sales_growth_pct": "pct",
        "foreign_trade_growth_pct": "pct",
        "sei_share_of_industrial_va_pct": "pct",
        "nev_output_units": "units",
        "auto_output_units": "units",
    },
    "China": {"gdp_real_growth_pct": "pct"},
}
"""Indicators the calibration reads, by region, with their units."""


class HistoryError(InputError):
    """The history file is unusable; ``problems`` holds one line per problem."""


@dataclass(frozen=True)
class History:
    """Annual history by (region, indicator): ``series[(region, indicator)]`` maps year -> value."""

    series: dict[tuple[str, str], dict[int, float]]
    path: Path

    def get(self, indicator: str, region: str = "Chongqing", until: int | None = None) -> pd.Series:
        """One series as a pandas Series indexed by year (empty if absent), up to ``until``."""
        data = self.series.get((region, indicator), {})
        out = pd.Series({y: v for y, v in data.items() if until is None or y <= until}, dtype=float)
        return out.sort_index()

    def span(self) -> tuple[int, int]:
        """First and last year of any series."""
        years = [y for s in self.series.values() for y in s]
        return min(years), max(years)


def load_history(path: Path | None = None) -> History:
    """Read and check a history CSV; rows the calibration does not know are refused.

    Raises
    ------
    HistoryError
        Naming the file and line of each bad row: unknown region or indicator, wrong unit,
        non-numeric value or year, or two different values for one region, indicator and year.
    """
    path = Path(path) if path is not None else DEFAULT_HISTORY
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    except FileNotFoundError:
        raise HistoryError([f"{path}: file not found"]) from None
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as exc:
        raise HistoryError([f"{path}: not a readable CSV ({exc})"]) from None
    missing = [c for c in COLUMNS if c not in frame.columns]
    if missing:
        raise HistoryError(
            [f"{path}: missing columns {', '.join(missing)}; need {', '.join(COLUMNS)}"]
        )
    problems: list[str] = []
    series: dict[tuple[str, str], dict[int, float]] = {}
    first_line: dict[tuple[str, str, int], int] = {}
    for i, row in frame.iterrows():
        line = int(i) + 2  # header is line 1
        where = f"{path}:{line}"
        region, indicator = row["region"].strip(), row["indicator"].strip()
        if region not in KNOWN:
            problems.append(f"{where}: unknown region {region!r}; allowed: {', '.join(KNOWN)}")
            continue
        if indicator not in KNOWN[region]:
            allowed = ", ".join(KNOWN[region])
            problems.append(
                f"{where}: unknown indicator {indicator!r} for {region}; allowed: {allowed}"
            )
            continue
        if row["unit"].strip() != KNOWN[region][indicator]:
            expected = KNOWN[region][indicator]
            problems.append(f"{where}: unit {row['unit']!r} for {indicator}; expected {expected!r}")
            continue
        try:
            year = int(row["year"])
        except ValueError:
            problems.append(f"{where}: year {row['year']!r} is not a whole number")
            continue
        try:
            value = float(row["value"])
        except ValueError:
            problems.append(f"{where}: value {row['value']!r} is not a number")
            continue
        if not math.isfinite(value):
            problems.append(f"{where}: value {row['value']!r} is not finite")
            continue
        key = (region, indicator, year)
        known = series.setdefault((region, indicator), {})
        if year in known and known[year] != value:
            problems.append(
                f"{where}: {region} {indicator} {year} = {value:g} conflicts with {known[year]:g} "
                f"on line {first_line[key]}; keep one vintage per year"
            )
            continue
        known[year] = value
        first_line.setdefault(key, line)
    if problems:
        raise HistoryError(problems)
    if not series:
        raise HistoryError([f"{path}: no rows"])
    return History(series=series, path=path)
