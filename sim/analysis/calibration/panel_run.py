"""Run every panel estimation on the copied files and write ``calibration/panel/estimates.yaml``.

Deterministic: the same files give the same YAML (REML fits from fixed starting values, values
rounded to four decimals). Run ``python calibration/panel/estimate.py`` from the repository root.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import linearmodels
import numpy as np
import pandas as pd
import statsmodels
import yaml

from sim.analysis.calibration import (
    panel,
    panel_links,
    panel_shocks,
    panel_structure,
)
from sim.analysis.calibration.panel_data import (
    CHONGQING,
    SECTOR_GROUPS,
    income_panel,
    read_panel,
    real_growth,
    real_income_per_head,
    wide,
)
from sim.analysis.calibration.panel_types import ShrunkEstimate, to_plain

PANEL_FILE = "province_panel.csv"
NATIONAL_FILE = "china_national.csv"
RECENT_FILE = "chongqing_recent.csv"

MAIN_YEARS = (2000, 2022)
"""Dependent-variable years of the main growth fits: after the 1990s reform and overheating
years, up to the last year of the provincial real growth indices."""

NATIONAL_PATH_2026_2030 = {2026: 4.7, 2027: 4.575, 2028: 4.45, 2029: 4.325, 2030: 4.2}
"""China's real GDP growth assumed when projecting the services-industry gap (issue 12: the
model assumes national growth slowing from 4.7% in 2026 to 4.2% in 2030)."""

CHONGQING_GROWTH_2026_2030 = 5.0
"""Chongqing real GDP growth (%, a year) assumed for the income path of the same projection."""

SHOCK_WINDOW = 8
"""Years of innovations the forecast's shock sizes are measured on: the last eight years of the
panel up to the forecast origin, 2020-2022 left out (2012-2019 for a forecast made after 2019).
The sizes over 2001-2022 include the boom of the 2000s and the pandemic years, and make one-year
bands far wider than Chongqing's errors since 2012 (issue 14)."""

BACKTEST_ORIGINS = tuple(range(2015, 2025))
"""Origins the backtest runs (2016-2024, and 2015 whose forecast of 2016 trains the weight of the
official target): ``by_origin.yaml`` holds their estimates on data up to each."""


def _shrunk_summary(estimate: ShrunkEstimate) -> dict[str, Any]:
    """Short form of a shrunk estimate for robustness tables."""
    return to_plain(
        {
            "chongqing": estimate.chongqing.value,
            "chongqing_se": estimate.chongqing.se,
            "panel_mean": estimate.panel_mean.value,
            "panel_mean_se": estimate.panel_mean.se,
            "between_province_sd": estimate.between_sd,
            "years": estimate.chongqing.sample.span(),
            "n_obs": estimate.chongqing.sample.n_obs,
        }
    )


def _link_dict(link: panel_links.Link) -> dict[str, Any]:
    """A link's shrunk slope with its fixed-effects check."""
    out = link.slope.to_dict()
    out["fixed_effects_check"] = to_plain(link.fixed_effects)
    return out


def national_responses(frame: pd.DataFrame) -> tuple[dict[str, Any], dict[str, pd.Series]]:
    """Item 1: national-growth response by sector, with robustness; residuals for item 2."""
    first, last = MAIN_YEARS
    out: dict[str, Any] = {}
    residuals: dict[str, pd.Series] = {}
    variants: dict[str, dict[str, Any]] = {
        "without_2020_2022": {"exclude": panel.COVID_YEARS},
        "with_2020_2022_shift": {"covid_dummy": True},
        "from_1993": {"first": 1993},
    }
    for sector in SECTOR_GROUPS:
        main = panel.national_response(frame, sector, first, last)
        residuals[sector] = main.fit.residuals
        entry = main.slope.to_dict()
        entry["driscoll_kraay_check"] = to_plain(main.driscoll_kraay)
        robustness = {}
        for name, options in variants.items():
            kwargs: dict[str, Any] = {"first": first, "last": last, **options}
            robustness[name] = _shrunk_summary(
                panel.national_response(frame, sector, **kwargs).slope
            )
        entry["robustness"] = robustness
        dynamic = panel.dynamic_response(frame, sector, first, last)
        entry["partial_adjustment_form"] = {
            "fixed_effects": to_plain(dynamic.fixed_effects),
            "anderson_hsiao": to_plain(dynamic.anderson_hsiao),
        }
        out[sector] = entry
    return out, residuals


def shock_window(eps: pd.DataFrame, until: int, length: int = SHOCK_WINDOW) -> list[int]:
    """The last ``length`` years of innovations up to ``until``, 2020-2022 left out."""
    years = sorted({int(y) for y in eps.index.get_level_values("year")} - set(panel.COVID_YEARS))
    return [y for y in years if y <= until][-length:]


def recent_innovations(eps: pd.DataFrame, until: int) -> dict[str, Any]:
    """Shock sizes and correlations over :func:`shock_window` up to ``until`` (YAML form)."""
    window = shock_window(eps, until)
    outside = sorted(set(eps.index.get_level_values("year")) - set(window))
    note = (
        f"the last {len(window)} years up to {until} without 2020-2022 "
        f"({window[0]}-{window[-1]}): the period one-year-ahead forecasts are made in"
    )
    return panel_shocks.shock_covariance(
        panel_shocks.group_years(eps, outside), note=note
    ).to_dict()


def shocks(residuals: Mapping[str, pd.Series]) -> dict[str, Any]:
    """Item 2: persistence, sizes and correlations of the sector shocks."""
    persistence = {s: panel_shocks.shock_persistence(residuals[s], s) for s in residuals}
    out: dict[str, Any] = {"persistence": {}}
    for sector, result in persistence.items():
        entry = result.rho.to_dict()
        entry["clustered_check"] = to_plain(result.clustered)
        out["persistence"][sector] = entry
    sectors = ("primary", "secondary", "tertiary")
    eps = panel_shocks.innovations(
        {s: residuals[s] for s in sectors}, {s: persistence[s].by_region for s in sectors}
    )
    out["innovations"] = panel_shocks.shock_covariance(eps).to_dict()
    without = panel_shocks.group_years(eps, panel.COVID_YEARS)
    out["innovations_without_2020_2022"] = panel_shocks.shock_covariance(
        without, note="2020, 2021, 2022 excluded"
    ).to_dict()
    out["innovations_recent"] = recent_innovations(eps, MAIN_YEARS[1])
    gdp = panel_shocks.innovations({"gdp": residuals["gdp"]}, {"gdp": persistence["gdp"].by_region})
    out["gdp_innovation_sd"] = {
        "chongqing": to_plain(float(gdp.xs(CHONGQING, level="region")["gdp"].std(ddof=1))),
        "panel_median": to_plain(float(gdp.groupby(level="region")["gdp"].std(ddof=1).median())),
        "unit": "pp of real GDP growth",
        "note": "sd of the GDP shock innovation (for checking the sum of sector shocks)",
    }
    return out


def chongqing_income_path(panel_rows: pd.DataFrame, recent: pd.DataFrame) -> dict[int, float]:
    """Chongqing's ln real GDP per head (2010 prices), 2026-2030, for the differential projection.

    ln y_2020 from :func:`panel_data.real_income_per_head`; then real GDP growth 2021-2022 (panel
    index), 2023-2025 (communiques in ``recent``) and :data:`CHONGQING_GROWTH_2026_2030` after,
    less population growth (communique levels to 2023, flat after).
    """
    ln_income = real_income_per_head(panel_rows, *panel_structure.INCOME_BASE)
    level = float(ln_income.loc[(CHONGQING, 2020)])
    growth = real_growth(panel_rows, ["gdp"])["g_gdp"].xs(CHONGQING, level="region")
    recent_growth = _recent(recent, "gdp_real_growth_pct")
    population = _recent(recent, "resident_population_yearend")
    population[2020] = float(
        wide(panel_rows, {"population_yearend": "p"})["p"].loc[(CHONGQING, 2020)]
    )
    path = {}
    for year in range(2021, 2031):
        g = growth.get(year, recent_growth.get(year, CHONGQING_GROWTH_2026_2030))
        pop_change = (
            np.log(population[year] / population[year - 1])
            if year in population and year - 1 in population
            else 0.0
        )
        level += float(np.log1p(g / 100.0) - pop_change)
        if year >= 2026:
            path[year] = level
    return path


def _recent(recent: pd.DataFrame, indicator: str) -> dict[int, float]:
    """Chongqing's values of one indicator in the recent communique rows, by year."""
    rows = recent[(recent["region"] == CHONGQING) & (recent["indicator"] == indicator)]
    return {int(y): float(v) for y, v in zip(rows["year"], rows["value"], strict=True)}


def structure(
    panel_rows: pd.DataFrame, national: pd.DataFrame, recent: pd.DataFrame
) -> dict[str, Any]:
    """Items 3 and 4: share dynamics, the services-industry gap, convergence."""
    frame = panel_structure.share_frame(panel_rows, national)
    shares: dict[str, Any] = {}
    for sector in ("tertiary", "secondary"):
        shares[sector] = to_plain(panel_structure.share_adjustment(frame, sector))
        shares[f"{sector}_without_year_effects"] = to_plain(
            panel_structure.share_adjustment(frame, sector, time_effects=False)
        )
    differential = panel_structure.growth_differential(frame)
    income_path = chongqing_income_path(panel_rows, recent)
    projection = differential.projection(income_path, NATIONAL_PATH_2026_2030)
    gap = {
        "income_effect": to_plain(differential.income_effect),
        "cycle_effect": to_plain(differential.cycle_effect),
        "chongqing_level_at_sample_means": to_plain(differential.chongqing_level),
        "sample_means": to_plain(differential.fit.centers),
        "projection_2026_2030": {
            int(y): {"estimate": to_plain(v), "se": to_plain(s)} for y, (v, s) in projection.items()
        },
        "projection_assumptions": {
            "chongqing_ln_real_gdp_per_head_2010_prices": to_plain(income_path),
            "china_real_gdp_growth": NATIONAL_PATH_2026_2030,
            "chongqing_real_gdp_growth_2026_2030": CHONGQING_GROWTH_2026_2030,
            "note": "2021-2022 growth from the panel index, 2023-2025 from communiques "
            "(chongqing_recent.csv); population from communiques to 2023, flat after",
        },
    }
    convergence: dict[str, Any] = {}
    windows = {
        "latest_vintage_2007_2020": ("gdp_nominal", 2007, 2020),
        "latest_vintage_2013_2020": ("gdp_nominal", 2013, 2020),
        "nbsdb2018_vintage_2001_2017": ("gdp_nominal_nbsdb2018", 2001, 2017),
    }
    for name, (vintage, first, last) in windows.items():
        conv_frame = panel_structure.convergence_frame(panel_rows, vintage)
        income = income_panel(panel_rows, vintage).table["ln_rel_income"]
        chongqing_income = float(income.xs(CHONGQING, level="region").iloc[-1])
        result = panel_structure.convergence(
            conv_frame, first, last, chongqing_income, note=f"income from {vintage}"
        )
        convergence[name] = {
            "beta_absolute": to_plain(result.beta_absolute),
            "beta_conditional_fixed_effects": to_plain(result.beta_conditional),
            "chongqing_premium_per_head": to_plain(result.premium),
            "chongqing_ln_relative_income": to_plain(chongqing_income),
        }
    return {"sector_shares": shares, "services_industry_gap": gap, "convergence": convergence}


def links(panel_rows: pd.DataFrame, national: pd.DataFrame, recent: pd.DataFrame) -> dict:
    """Items 5-8: investment, employment, budget, population."""
    fai = panel_links.fai_frame(panel_rows, national)
    investment: dict[str, Any] = {}
    for sector in ("gdp", "secondary"):
        entry = _link_dict(panel_links.investment_response(fai, sector))
        entry["real_fai_with_national_growth_check"] = to_plain(
            panel_links.real_investment_check(fai, sector)
        )
        investment[sector] = entry
    investment["write_downs_excluded"] = [
        f"{r} {y}: {v:.0f}"
        for r, y, v in fai.loc[fai["write_down"], ["region", "year", "dln_fai"]].itertuples(
            index=False
        )
    ]
    jobs = panel_links.employment_frame(panel_rows)
    employment: dict[str, Any] = {}
    for sector in SECTOR_GROUPS:
        link = panel_links.employment_elasticity(jobs, sector)
        entry = _link_dict(link)
        entry["robustness_2001_2022"] = _shrunk_summary(
            panel_links.employment_elasticity(jobs, sector, 2001, 2022).slope
        )
        entry["chongqing_productivity_growth_2013_2019"] = to_plain(
            panel_links.productivity_trend(jobs, sector, 2013, 2019)
        )
        entry["chongqing_productivity_growth_2015_2022"] = to_plain(
            panel_links.productivity_trend(jobs, sector, 2015, 2022)
        )
        employment[sector] = entry
    employment["breaks_excluded"] = int(jobs["break"].sum())
    budget_rows = panel_links.budget_frame(panel_rows)
    budget = _link_dict(panel_links.budget_elasticity(budget_rows))
    budget["without_2020_2022"] = _shrunk_summary(
        panel_links.budget_elasticity(budget_rows, exclude=panel.COVID_YEARS).slope
    )
    budget["with_national_comovement"] = to_plain(panel_links.budget_elasticity_total(budget_rows))
    budget["long_run_levels"] = to_plain(panel_links.budget_elasticity_levels(budget_rows))
    trend = panel_links.population_trend(panel_rows, _recent(recent, "resident_population_yearend"))
    population = {f"chongqing_{a}_{b}": to_plain(e) for (a, b), e in trend.windows.items()} | {
        f"provinces_{a}_{b}": to_plain(e) for (a, b), e in trend.aggregate.items()
    }
    population["chongqing_recent_changes_pct"] = to_plain(trend.recent)
    return {
        "investment": investment,
        "employment": employment,
        "budget_expenditure": budget,
        "population": population,
    }


def origin_estimates(frame: pd.DataFrame, until: int) -> dict[str, Any]:
    """What the backtest re-estimates at an origin: fits on the panel's years up to ``until``.

    The national responses of GDP and the three sectors (as :func:`national_responses`, without
    the robustness variants), the persistence of the sector shocks and their sizes and
    correlations over :func:`shock_window` up to ``until``.
    """
    first, last = MAIN_YEARS
    last = min(last, until)
    responses: dict[str, Any] = {}
    residuals: dict[str, pd.Series] = {}
    for sector in SECTOR_GROUPS:
        result = panel.national_response(frame, sector, first, last)
        responses[sector] = result.slope.to_dict()
        residuals[sector] = result.fit.residuals
    sectors = ("primary", "secondary", "tertiary")
    persistence = {s: panel_shocks.shock_persistence(residuals[s], s) for s in sectors}
    eps = panel_shocks.innovations(
        {s: residuals[s] for s in sectors}, {s: persistence[s].by_region for s in sectors}
    )
    return {
        "data_until": last,
        "national_response": responses,
        "shocks": {
            "persistence": {s: persistence[s].rho.to_dict() for s in sectors},
            "innovations_recent": recent_innovations(eps, last),
        },
    }


def by_origin(data_dir: str | Path, origins: Sequence[int] = BACKTEST_ORIGINS) -> dict[str, Any]:
    """:func:`origin_estimates` for each origin (one fit per distinct data year), YAML-ready."""
    data_dir = Path(data_dir)
    frame = panel.growth_frame(
        read_panel(data_dir / PANEL_FILE), read_panel(data_dir / NATIONAL_FILE)
    )
    fits: dict[int, dict[str, Any]] = {}
    out: dict[int, Any] = {}
    for origin in sorted(origins):
        until = min(origin, MAIN_YEARS[1])
        if until not in fits:
            fits[until] = origin_estimates(frame, until)
        out[int(origin)] = fits[until]
    return {
        "meta": {
            "generated_by": "python calibration/panel/estimate.py",
            "what": "national responses, shock persistence and recent shock sizes estimated on "
            "the panel's years up to each backtest origin (no later data), for "
            "sim.analysis.calibration.backtest",
            "main_years": f"{MAIN_YEARS[0]}-(origin, at most {MAIN_YEARS[1]})",
            "shock_window": f"last {SHOCK_WINDOW} years up to the origin without 2020-2022",
        },
        "origins": out,
    }


def run(data_dir: str | Path) -> dict[str, Any]:
    """All estimates from the files in ``data_dir``, as a YAML-ready dict."""
    data_dir = Path(data_dir)
    panel_rows = read_panel(data_dir / PANEL_FILE)
    national = read_panel(data_dir / NATIONAL_FILE)
    recent = read_panel(data_dir / RECENT_FILE)
    frame = panel.growth_frame(panel_rows, national)
    responses, residuals = national_responses(frame)
    return {
        "meta": {
            "generated_by": "python calibration/panel/estimate.py",
            "data": f"{PANEL_FILE}, {NATIONAL_FILE}, {RECENT_FILE} in calibration/panel/",
            "libraries": {
                "statsmodels": statsmodels.__version__,
                "linearmodels": linearmodels.__version__,
                "pandas": pd.__version__,
                "numpy": np.__version__,
            },
            "main_years": f"{MAIN_YEARS[0]}-{MAIN_YEARS[1]}",
            "target": CHONGQING,
        },
        "national_response": responses,
        "shocks": shocks(residuals),
        **structure(panel_rows, national, recent),
        **links(panel_rows, national, recent),
    }


HEADER = """\
# Panel estimates for cqsim (issue 12): made by `python calibration/panel/estimate.py` from the
# files beside this one. Do not edit by hand. Each parameter: estimate, se, unit, sample (regions,
# years, n_obs), method, interpretation; province-varying ones also the panel mean, the
# between-province sd, the Chongqing-only estimate and the shrinkage weight (weight of Chongqing's
# own data). See calibration/panel/README.md and /work/notes/panel_results.md.
"""


BY_ORIGIN_HEADER = """\
# Panel estimates by backtest origin: made by `python calibration/panel/estimate.py` from the files
# beside this one. Do not edit by hand. For each origin, the estimates the backtest uses instead of
# the full-sample ones in estimates.yaml, fitted on the panel's years up to the origin only.
"""


def write(estimates: Mapping[str, Any], path: str | Path, header: str = HEADER) -> None:
    """Write the estimates as YAML with a header (keys in insertion order)."""
    text = yaml.safe_dump(dict(estimates), sort_keys=False, allow_unicode=True, width=100)
    Path(path).write_text(header + text, encoding="utf-8")
