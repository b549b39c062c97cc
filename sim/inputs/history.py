"""Read and check a history CSV (the format of ``../shared/data/chongqing_history.csv``).

Columns: ``region, year, indicator, value, unit, kind, source, quote``. The calibration needs one
value per region, indicator and year: where a source file keeps several vintages, choose one
(``calibration/select_history.py`` does so for the shipped history). A bad row is a
:class:`HistoryError` naming the file, the row (line number in the file) and what is wrong.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from sim.inputs.errors import InputError, Problem
from sim.inputs.limits import FIRST_HISTORY_YEAR, LAST_HISTORY_YEAR, MAX_CSV_BYTES, MAX_CSV_ROWS
from sim.inputs.safe_read import UnreadableFile, read_text
from sim.inputs.shipped import shipped_file

DEFAULT_HISTORY = shipped_file("calibration", "history.csv")
COLUMNS = ("region", "year", "indicator", "value", "unit", "kind", "source", "quote")
NEEDED = ", ".join(COLUMNS)
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
        "target_gdp_real_growth_pct": "pct",
        "target_industrial_va_growth_pct": "pct",
        "target_fai_growth_pct": "pct",
        "target_retail_sales_growth_pct": "pct",
        "target_foreign_trade_growth_pct": "pct",
    },
    "China": {"gdp_real_growth_pct": "pct", "target_gdp_real_growth_pct": "pct"},
}
"""Indicators the calibration reads, by region, with their units. ``target_<indicator>`` is the
official target for that year (announced in January of the year, with the previous year's
outturn): the backtest scores it as a forecast."""
TARGET_PREFIX = "target_"
VALUE_RANGES: dict[str, tuple[float, float]] = {
    "pct": (-99.9, 1000.0),
    "share": (0.01, 100.0),
    "units": (1.0, 1e9),
}
"""Values a history row may take: growth in percent (a series cannot fall by 100% or more),
shares in percent (indicators with ``_share_``; the fits take their logarithm, so not 0) and
output in units (vehicles; the NEV share divides by it, so at least one)."""
_YEAR = re.compile(r"^[0-9]{4}$")
_NUMBER = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]{1,3})?$")


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
        """First and last year of any observed series (targets, which run ahead, left out)."""
        years = [
            y
            for (_, indicator), s in self.series.items()
            if not indicator.startswith(TARGET_PREFIX)
            for y in s
        ]
        return min(years), max(years)

    def target(self, indicator: str, region: str = "Chongqing") -> pd.Series:
        """The official targets of ``indicator`` by the year they are for (empty if none)."""
        return self.get(TARGET_PREFIX + indicator, region=region)


def load_history(path: Path | None = None) -> History:
    """Read and check a history CSV; rows the calibration does not know are refused.

    Every problem is reported at once as ``file:line: column: problem``.

    Raises
    ------
    HistoryError
        If the file is not a regular UTF-8 CSV of at most ``MAX_CSV_BYTES`` with the columns of
        ``COLUMNS``; naming the line and column of each bad row: a row with more or fewer fields
        than the header, an unknown region or indicator, a wrong unit, a year that is not four
        digits from ``FIRST_HISTORY_YEAR`` to ``LAST_HISTORY_YEAR``, a value that is not a plain
        finite number within its unit's range (``VALUE_RANGES``), or two different values for
        one region, indicator and year; and a series whose values are all equal.
    """
    path = Path(path) if path is not None else DEFAULT_HISTORY
    file = str(path)
    try:
        text = read_text(path, MAX_CSV_BYTES, "history files")
    except UnreadableFile as exc:
        raise HistoryError([Problem(file, None, "", str(exc))]) from None
    reader = _Rows(file)
    try:
        header, rows = reader.parse(text)
    except csv.Error as exc:
        problem = Problem(file, reader.line + 1, "", f"not a readable CSV: {exc}")
        raise HistoryError([problem]) from None
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise HistoryError(
            [
                Problem(
                    file, 1, "", f"missing columns {', '.join(missing)}; need {', '.join(COLUMNS)}"
                )
            ]
        )
    problems = list(reader.problems)
    series: dict[tuple[str, str], dict[int, float]] = {}
    first_line: dict[tuple[str, str, int], int] = {}
    for line, fields in rows:
        row = dict(zip(header, fields, strict=True))
        parsed = _row(file, line, row, problems)
        if parsed is None:
            continue
        region, indicator, year, value = parsed
        key = (region, indicator, year)
        known = series.setdefault((region, indicator), {})
        if year in known and known[year] != value:
            problems.append(
                Problem(
                    file,
                    line,
                    "value",
                    f"{region} {indicator} {year} = {value:g} conflicts with {known[year]:g} "
                    f"on line {first_line[key]}; keep one vintage per year",
                )
            )
            continue
        known[year] = value
        first_line.setdefault(key, line)
    problems += _series_problems(file, series, first_line)
    if problems:
        raise HistoryError(problems)
    if not series:
        raise HistoryError([Problem(file, None, "", "no rows")])
    return History(series=series, path=path)


class _Rows:
    """Splits CSV text into the header and the data rows, each with its line number."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.line = 0
        self.problems: list[Problem] = []

    def parse(self, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
        """The header's column names and the rows with as many fields; others are problems."""
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        for fields in reader:
            line, self.line = self.line + 1, reader.line_num
            if not any(f.strip() for f in fields):
                continue
            if header is None:
                header = [f.strip() for f in fields]
            elif len(fields) != len(header):
                self.problems.append(
                    Problem(
                        self.file,
                        line,
                        "",
                        f"{len(fields)} fields; the header has {len(header)} "
                        "(quote a field that holds a comma)",
                    )
                )
            elif len(rows) >= MAX_CSV_ROWS:
                raise csv.Error(f"more than {MAX_CSV_ROWS:,} rows")
            else:
                rows.append((line, fields))
        if header is None:
            raise csv.Error("the file is empty; expected a header and rows")
        return header, rows


def _row(
    file: str, line: int, row: dict[str, str], problems: list[Problem]
) -> tuple[str, str, int, float] | None:
    """Region, indicator, year and value of a row, or None after recording its problem."""

    def bad(column: str, message: str) -> None:
        problems.append(Problem(file, line, column, message))

    region, indicator = row["region"].strip(), row["indicator"].strip()
    if region not in KNOWN:
        bad("region", f"unknown region {region!r}; allowed: {', '.join(KNOWN)}")
        return None
    if indicator not in KNOWN[region]:
        allowed = ", ".join(KNOWN[region])
        bad("indicator", f"unknown indicator {indicator!r} for {region}; allowed: {allowed}")
        return None
    unit = KNOWN[region][indicator]
    if row["unit"].strip() != unit:
        bad("unit", f"unit {row['unit']!r} for {indicator}; expected {unit!r}")
        return None
    text = row["year"].strip()
    if not _YEAR.match(text) or not FIRST_HISTORY_YEAR <= int(text) <= LAST_HISTORY_YEAR:
        bad(
            "year",
            f"year {row['year']!r} is not a year from {FIRST_HISTORY_YEAR} to "
            f"{LAST_HISTORY_YEAR} (four digits)",
        )
        return None
    text = row["value"].strip()
    if not _NUMBER.match(text) or not math.isfinite(float(text)):
        bad("value", f"value {row['value']!r} is not a number (plain digits, e.g. 6.3 or -0.5)")
        return None
    value = float(text)
    low, high = value_range(indicator, unit)
    if not low <= value <= high:
        bad("value", f"value {value:g} is outside {low:g} to {high:g}, the range of {unit} here")
        return None
    return region, indicator, int(row["year"]), value


def value_range(indicator: str, unit: str) -> tuple[float, float]:
    """The values a history row of ``indicator`` in ``unit`` may take (``VALUE_RANGES``)."""
    return VALUE_RANGES["share" if "_share_" in indicator else unit]


def _series_problems(
    file: str,
    series: dict[tuple[str, str], dict[int, float]],
    first_line: dict[tuple[str, str, int], int],
) -> list[Problem]:
    """A series of three or more years whose values are all equal: nothing can be fitted."""
    problems = []
    for (region, indicator), values in series.items():
        if len(values) >= 3 and len(set(values.values())) == 1:
            first = min(values)
            problems.append(
                Problem(
                    file,
                    first_line[(region, indicator, first)],
                    "value",
                    f"{region} {indicator}: all {len(values)} years have the value "
                    f"{values[first]:g}; a constant series cannot be fitted (check the file)",
                )
            )
    return problems
