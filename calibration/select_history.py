"""Select the calibration history from the shared, multi-vintage data set.

    .venv/bin/python calibration/select_history.py [../shared/data/chongqing_history.csv]

Writes ``calibration/history.csv``: the rows the calibration uses, one per region, indicator and
year, with their sources, in the same format as the shared file. Where the shared file keeps several
vintages of a figure, the rules below pick one; ``calibration/README.md`` explains each choice.
Run it again when the shared data change, and review the diff.

Chongqing's real growth of GDP and of its three sectors in the years from :data:`FIRST_YEAR` that
the shared file lacks (before 2014 for GDP, before 2016 and in 2019 for the sectors) comes from
the provincial panel's real growth indices (``calibration/panel/province_panel.csv``, previous
year = 100, with their sources): growth = index - 100, so that the backtest's first origins
(2015-2016) have the five years of history the calibration's level fit and the five-year naive
forecast use. The panel index equals the communiques' growth in every year both give
(2014-2022).

The official targets for the next year (``target_<indicator>``, kind ``target``) are kept for the
backtest, which scores the target as a forecast and combines it with the model's.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
DEFAULT_SOURCE = HERE.parent.parent / "shared" / "data" / "chongqing_history.csv"

INDICATORS = {
    "Chongqing": (
        "gdp_real_growth_pct",
        "va_primary_real_growth_pct",
        "va_secondary_real_growth_pct",
        "va_tertiary_real_growth_pct",
        "industrial_va_growth_pct",
        "fai_growth_pct",
        "retail_sales_growth_pct",
        "foreign_trade_growth_pct",
        "sei_share_of_industrial_va_pct",
        "nev_output_units",
        "auto_output_units",
        "target_gdp_real_growth_pct",
        "target_industrial_va_growth_pct",
        "target_fai_growth_pct",
        "target_retail_sales_growth_pct",
        "target_foreign_trade_growth_pct",
    ),
    "China": ("gdp_real_growth_pct",),
}
FIRST_YEAR = 2011
PANEL_FILE = HERE / "panel" / "province_panel.csv"
PANEL_INDICES = {
    "gdp_real_growth_pct": "gdp_real_index_prev_year_100",
    "va_primary_real_growth_pct": "va_primary_real_index_prev_year_100",
    "va_secondary_real_growth_pct": "va_secondary_real_index_prev_year_100",
    "va_tertiary_real_growth_pct": "va_tertiary_real_index_prev_year_100",
}
"""Chongqing's growth series extended back to FIRST_YEAR from the panel's real growth indices."""

# Explicit vintage choices where the generic rule (official statistics first, then the value most
# sources agree on) is not enough: (region, indicator, year) -> value kept.
CHOICES = {
    # Final verification 2.6% replaces the January 2023 estimate of "about 2%".
    ("Chongqing", "gdp_real_growth_pct", 2022): 2.6,
    # NBS final verification 8.4% replaces the preliminary 8.1%.
    ("China", "gdp_real_growth_pct", 2021): 8.4,
    # Statistics bureau 6.2% (official) replaces the government report's "above 6.1%".
    ("Chongqing", "industrial_va_growth_pct", 2019): 6.2,
    # Statistics bureau figure, not the rounded news figures.
    ("Chongqing", "nev_output_units", 2024): 953200,
    # 365,000 (+140%) and "nearly 369,000" (+142.5%): the first states the number exactly.
    ("Chongqing", "nev_output_units", 2022): 365000,
    # 2.32 million (outturn) replaces 2.3 million ("expected", January).
    ("Chongqing", "auto_output_units", 2023): 2320000,
    # 2.6 million (Xinhua) and 3.04 million (plan document, "end of the 12th FYP"): ambiguous year,
    # so 2015 is left out.
    ("Chongqing", "auto_output_units", 2015): None,
    # 1.383 million is given by two sources, 1.3746 million by one.
    ("Chongqing", "auto_output_units", 2019): 1383000,
    # The government work report's 7% for above-size industrial VA, not the economy and
    # information technology commission's "strive for 8%".
    ("Chongqing", "target_industrial_va_growth_pct", 2024): 7.0,
}


def select(source: Path) -> pd.DataFrame:
    """The chosen rows of ``source``, one per (region, indicator, year)."""
    data = pd.read_csv(source)
    keep = [
        (data["region"] == region) & data["indicator"].isin(indicators)
        for region, indicators in INDICATORS.items()
    ]
    data = data[pd.concat(keep, axis=1).any(axis=1) & (data["year"] >= FIRST_YEAR)]
    data = data.assign(_official=(data["kind"] == "official_stat").astype(int))
    rows = []
    for key, group in data.groupby(["region", "indicator", "year"], sort=True):
        if key in CHOICES:
            if CHOICES[key] is None:
                continue
            group = group[group["value"] == CHOICES[key]]
            if group.empty:
                raise SystemExit(f"choice {key} = {CHOICES[key]} matches no row")
        elif group["value"].nunique() > 1:
            official = group[group["_official"] == 1]
            if official["value"].nunique() == 1:
                group = official
            else:
                raise SystemExit(f"{key}: several vintages and no rule: {group['value'].tolist()}")
        rows.append(group.sort_values("_official", ascending=False).iloc[0])
    return pd.DataFrame(rows).drop(columns="_official").reset_index(drop=True)


def from_panel(chosen: pd.DataFrame, panel_file: Path = PANEL_FILE) -> pd.DataFrame:
    """Chongqing's growth rows the shared file lacks (from FIRST_YEAR), from the panel's indices."""
    panel = pd.read_csv(panel_file)
    rows = []
    for indicator, index_name in PANEL_INDICES.items():
        have = chosen[(chosen["region"] == "Chongqing") & (chosen["indicator"] == indicator)]
        source = panel[
            (panel["region"] == "Chongqing")
            & (panel["indicator"] == index_name)
            & (panel["year"] >= FIRST_YEAR)
            & ~panel["year"].isin(have["year"])
        ]
        for row in source.itertuples(index=False):
            rows.append(
                {
                    "region": "Chongqing",
                    "year": int(row.year),
                    "indicator": indicator,
                    "value": round(float(row.value) - 100.0, 4),
                    "unit": "pct",
                    "kind": row.kind,
                    "source": row.source,
                    "quote": f"{row.value:g} (previous year = 100) less 100, from "
                    f"calibration/panel/province_panel.csv {index_name}: {row.quote}",
                }
            )
    return pd.DataFrame(rows)


NATIONAL_TARGETS = (
    (2016, 6.75, "http://en.xfafinance.com/html/Economies/Macro/2019/370957.shtml",
     "A range target was also set for 2016 at 6.5-7 percent (Xinhua; midpoint kept)"),
    (2017, 6.5, "http://en.cncnews.cn/news/v_show/63195_China_sets_2017_GDP_growth_target_at_around_6_5_pct.shtml",
     "China has set its GDP growth target at around 6.5 percent for 2017 (Xinhua)"),
    (2018, 6.5, "http://en.xfafinance.com/html/Economies/Macro/2019/370957.shtml",
     'the official 2018 goal of "around 6.5 percent" (Xinhua)'),
    (2019, 6.25, "http://en.xfafinance.com/html/Economies/Macro/2019/370957.shtml",
     "China has set its GDP growth target at 6-6.5 percent for 2019 (Xinhua; midpoint kept)"),
    (2021, 6.0, "https://www.devdiscourse.com/article/law-order/1483522-china-sets-2021-gdp-growth-target-at-more-than-6",
     "set its 2021 economic growth target at more than 6% (Reuters; no target for 2020)"),
    (2022, 5.5, "https://www.moneycontrol.com/news/business/china-lowers-gdp-target-to-5-5-for-2022-8196111.html",
     "China on March 5 lowered its GDP target to 5.5 percent for this year"),
    (2023, 5.0, "http://en.people.cn/n3/2023/0305/c90000-10216440.html",
     "China sets its GDP growth target for 2023 at around 5 percent"),
    (2024, 5.0, "https://www.forexlive.com/news/china-will-target-around-5-2024-gdp-growth-work-report-20240304/",
     "An 'around 5%' target is the same as in 2023 (Reuters)"),
    (2025, 5.0, "http://en.people.cn/n3/2025/0306/c90000-20285344.html",
     "China targets an economic growth rate of around 5 percent in 2025"),
    (2026, 4.75, "https://www.devdiscourse.com/article/business/3826477-china-targets-moderate-economic-growth-amid-global-challenges",
     "economic growth target ... between 4.5% and 5% (Reuters, March 2026; midpoint kept)"),
)  # fmt: skip
"""China's GDP growth targets (government work report, March of the year; none for 2020), which
the shared file lacks: the backtest's unconditional variant centres China's growth on them."""


def national_targets() -> pd.DataFrame:
    """:data:`NATIONAL_TARGETS` as history rows."""
    return pd.DataFrame(
        [
            {
                "region": "China",
                "year": year,
                "indicator": "target_gdp_real_growth_pct",
                "value": value,
                "unit": "pct",
                "kind": "target",
                "source": source,
                "quote": quote,
            }
            for year, value, source, quote in NATIONAL_TARGETS
        ]
    )


def main() -> None:
    """Select the rows and write calibration/history.csv."""
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    chosen = select(source)
    chosen = pd.concat([chosen, from_panel(chosen), national_targets()], ignore_index=True)
    chosen = chosen.sort_values(["region", "indicator", "year"]).reset_index(drop=True)
    chosen.to_csv(HERE / "history.csv", index=False)
    print(f"wrote {len(chosen)} rows to {HERE / 'history.csv'}")


if __name__ == "__main__":
    main()
