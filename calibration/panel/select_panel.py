"""Copy the rows of the shared panel data that the panel estimation uses.

    python calibration/panel/select_panel.py [SHARED_DATA_DIR]

SHARED_DATA_DIR defaults to ``../shared/data`` beside the repository (``/work/shared/data``).
Writes ``province_panel.csv``, ``china_national.csv`` and ``chongqing_recent.csv`` here: whole
rows (source and quote kept) of the indicators listed below, nothing derived. Run it again when
the shared data change and review the diff; README.md says why each indicator is used.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent.parent / "shared" / "data"

PROVINCE_INDICATORS: tuple[str, ...] = (
    "gdp_real_index_prev_year_100",
    "va_primary_real_index_prev_year_100",
    "va_secondary_real_index_prev_year_100",
    "va_tertiary_real_index_prev_year_100",
    "va_primary",
    "va_secondary",
    "va_tertiary",
    "gdp_nominal",
    "gdp_nominal_nbsdb2018",
    "population_yearend",
    "employment_total",
    "employment_primary",
    "employment_secondary",
    "employment_tertiary",
    "budget_expenditure",
    "fai_total",
)
NATIONAL_INDICATORS: tuple[str, ...] = ("gdp_real_index_1978_100", "fai_price_index_prev_year_100")
RECENT_ROWS: dict[str, tuple[int, ...]] = {
    "gdp_real_growth_pct": (2023, 2024, 2025),
    "resident_population_yearend": (2021, 2022, 2023),
}
"""Chongqing rows of ``chongqing_history.csv`` after the panel ends (one per indicator and year:
the official statistic where there are two)."""


def select(source: Path) -> dict[str, pd.DataFrame]:
    """The three copies, keyed by file name."""
    panel = pd.read_csv(source / "panel" / "province_panel.csv", dtype=str)
    national = pd.read_csv(source / "panel" / "china_national.csv", dtype=str)
    history = pd.read_csv(source / "chongqing_history.csv", dtype=str)
    recent = history[
        (history["region"] == "Chongqing")
        & history["indicator"].isin(list(RECENT_ROWS))
        & history.apply(lambda r: int(r["year"]) in RECENT_ROWS.get(r["indicator"], ()), axis=1)
    ]
    # one row per indicator and year: official statistic first
    recent = recent.assign(_rank=(recent["kind"] != "official_stat").astype(int))
    recent = recent.sort_values(["indicator", "year", "_rank"]).drop_duplicates(
        ["indicator", "year"]
    )
    return {
        "province_panel.csv": panel[panel["indicator"].isin(PROVINCE_INDICATORS)],
        "china_national.csv": national[national["indicator"].isin(NATIONAL_INDICATORS)],
        "chongqing_recent.csv": recent.drop(columns="_rank"),
    }


def main(argv: list[str]) -> int:
    """Write the copies; return the exit code."""
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    if not (source / "panel" / "province_panel.csv").is_file():
        print(f"{source}: no panel/province_panel.csv; pass the shared data directory")
        return 2
    for name, frame in select(source).items():
        frame.to_csv(HERE / name, index=False)
        print(f"{name}: {len(frame)} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
