"""Links between output and investment, employment, the budget and population.

Each link is a province-level elasticity with Chongqing's value shrunk toward the panel
(:func:`panel.fit_mixed`: province random intercept and slope, crossed year effect), checked
against a fixed-effects regression with robust standard errors (linearmodels ``PanelOLS``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf

from sim.analysis.calibration.panel import (
    MixedFit,
    fit_mixed,
    fixed_effects_slope,
    own_ols,
    select_years,
    shrunk_level,
    shrunk_slope,
)
from sim.analysis.calibration.panel_data import (
    BUDGET_EXPENDITURE,
    CHONGQING,
    EMPLOYMENT,
    FAI,
    POPULATION,
    SECTOR_GROUPS,
    log_growth,
    national_fai_inflation,
    national_growth,
    real_growth,
    wide,
)
from sim.analysis.calibration.panel_types import Estimate, Sample, ShrunkEstimate

FAI_WRITE_DOWN = -30.0
"""Nominal FAI falls below this (log points) are statistical write-downs, not investment: the
2016-2017 corrections of inflated FAI (Liaoning 2016: -98, Shanxi 2017: -85, Gansu 2017: -51)."""

EMPLOYMENT_BREAK_TOTAL = 10.0
EMPLOYMENT_BREAK_SECTOR = 25.0
"""A province-year whose total employment moves by more than 10 log points, or a sector's by more
than 25, is a break in the compiled series (re-benchmarking after the 2010 and 2020 censuses,
reclassification), not a labour-market change; it is left out."""


@dataclass(frozen=True)
class Link:
    """An elasticity with Chongqing's value shrunk, and a fixed-effects check.

    Attributes
    ----------
    slope : ShrunkEstimate
        Panel mean, between-province sd, Chongqing's BLUP and Chongqing-only OLS.
    fixed_effects : Estimate
        The same slope by fixed effects (robust se), for comparison.
    fit : MixedFit
        The mixed model.
    """

    slope: ShrunkEstimate
    fixed_effects: Estimate
    fit: MixedFit


def _link(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str],
    unit: str,
    interpretation: str,
    note: str,
    time_effects_check: bool = True,
) -> Link:
    """Fit the mixed model, Chongqing's own OLS and the two-way fixed-effects check."""
    fit = fit_mixed(frame, y, x, controls, note=note)
    method = (
        "statsmodels MixedLM (REML): province random intercept and slope, crossed year random "
        "effect"
    )
    own = own_ols(frame, y, x, controls)
    slope = shrunk_slope(fit, own, unit, interpretation, method)
    check = fixed_effects_slope(
        frame,
        y,
        x,
        controls,
        time_effects=time_effects_check,
        cov_type="clustered",
        unit=unit,
        note=note,
    )
    return Link(slope, check, fit)


# --- 5. investment and growth --------------------------------------------------------------------


def fai_frame(panel: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Real growth, nominal and real FAI growth by region-year.

    dln_fai = 100 D ln FAI (nominal, the compiled yearbook table 2003-2017); real_fai = dln_fai -
    100 ln(1 + pi_t/100), pi China's FAI price inflation (1990-2014 in the data, so real FAI
    growth stops in 2014). FAI levels differ in coverage from Chongqing's communiques (2015:
    14,353 vs 15,480), so only growth rates are used; ``write_down`` flags falls below
    :data:`FAI_WRITE_DOWN`.
    """
    fai = wide(panel, [FAI])
    growth = log_growth(fai, [FAI]).rename(columns={f"dln_{FAI}": "dln_fai"})
    table = real_growth(panel, ["gdp", "secondary"]).join(growth).reset_index()
    inflation = national_fai_inflation(national)
    table["real_fai"] = table["dln_fai"] - 100.0 * np.log1p(table["year"].map(inflation) / 100.0)
    table["gnat"] = table["year"].map(national_growth(national, "gdp"))
    table["write_down"] = table["dln_fai"] < FAI_WRITE_DOWN
    return table.dropna(subset=["dln_fai"])


def investment_response(
    frame: pd.DataFrame, sector: str = "gdp", first: int = 2004, last: int = 2017
) -> Link:
    """Response of real growth to nominal FAI growth: g_it on dln_fai_it (mixed model).

    The year effects absorb national FAI prices and the national cycle, so the slope is how much
    faster a province grows in a year its own investment grows 1 pp faster than others'. It is
    an association (investment and output are decided together), not a multiplier.
    """
    data = select_years(frame[~frame["write_down"]], first, last)
    return _link(
        data,
        f"g_{sector}",
        "dln_fai",
        (),
        f"pp of {sector} real growth per pp of nominal FAI growth",
        f"{sector} real growth is this many pp higher in a year of 1 pp faster FAI growth (own "
        "province, relative to the year's common movement)",
        f"FAI write-downs (falls > {-FAI_WRITE_DOWN:.0f} log points) excluded",
    )


def real_investment_check(
    frame: pd.DataFrame, sector: str = "gdp", first: int = 2004, last: int = 2014
) -> Estimate:
    """Real FAI growth with national growth as control, province fixed effects, Driscoll-Kraay se.

    g_it = alpha_i + theta real_fai_it + beta gnat_t + e_it: the slope including the years'
    common movements, which the mixed model's year effects take out.
    """
    data = select_years(frame[~frame["write_down"]], first, last)
    return fixed_effects_slope(
        data,
        f"g_{sector}",
        "real_fai",
        ("gnat",),
        unit=f"pp of {sector} real growth per pp of real FAI growth",
        note="FAI deflated by China's FAI price index",
    )


# --- 6. employment and output --------------------------------------------------------------------


def employment_frame(panel: pd.DataFrame) -> pd.DataFrame:
    """Employment growth and real output growth by sector, with series breaks flagged.

    Columns region, year, g_<s> (real growth, percent), dln_emp_<s> (100 D ln employment),
    prod_<s> = 100 ln(1 + g/100) - dln_emp (labour productivity growth, log points), ``break``.
    """
    employment = wide(panel, {v: k for k, v in EMPLOYMENT.items()})
    growth = log_growth(employment, list(employment.columns))
    growth.columns = [f"dln_emp_{k}" for k in employment.columns]
    table = real_growth(panel).join(growth, how="inner").reset_index()
    for sector in SECTOR_GROUPS:
        log_output = 100.0 * np.log1p(table[f"g_{sector}"] / 100.0)
        table[f"prod_{sector}"] = log_output - table[f"dln_emp_{sector}"]
    sectors = [f"dln_emp_{s}" for s in ("primary", "secondary", "tertiary")]
    table["break"] = (table["dln_emp_gdp"].abs() > EMPLOYMENT_BREAK_TOTAL) | (
        table[sectors].abs() > EMPLOYMENT_BREAK_SECTOR
    ).any(axis=1)
    return table


def employment_elasticity(
    frame: pd.DataFrame, sector: str, first: int = 2001, last: int = 2019
) -> Link:
    """Employment elasticity to real output: dln_emp_it = c + c_i + (eta + eta_i) g_it + m_t + e.

    ``sector`` "gdp" uses total employment and GDP growth. Breaks (see :func:`employment_frame`)
    are left out.
    """
    data = select_years(frame[~frame["break"]], first, last)
    return _link(
        data,
        f"dln_emp_{sector}",
        f"g_{sector}",
        (),
        "pp of employment growth per pp of real output growth",
        f"{sector} employment grows this many pp faster per pp of faster real output growth; "
        "productivity takes the rest",
        "series breaks (|total| > 10 or |sector| > 25 log points) excluded",
    )


def employment_at(link: Link, growth: float) -> ShrunkEstimate:
    """Chongqing's employment growth (log points) at a given real output growth, vs the panel's.

    Its trend labour productivity growth is then 100 ln(1 + growth/100) minus this.
    """
    return shrunk_level(
        link.fit,
        {link.fit.x: growth},
        None,
        "log points of employment growth a year",
        f"employment growth when real output grows {growth:.1f}%",
        "prediction of the employment mixed model (BLUP intercept and slope)",
    )


def productivity_trend(
    frame: pd.DataFrame, sector: str, first: int, last: int, region: str = CHONGQING
) -> Estimate:
    """Mean labour productivity growth of one region over a window: OLS on a constant, HAC se.

    prod = 100 ln(1 + g/100) - 100 D ln employment, log points a year; breaks left out.
    """
    data = select_years(frame[(frame["region"] == region) & ~frame["break"]], first, last)
    values = data[f"prod_{sector}"].dropna()
    result = smf.ols("p ~ 1", pd.DataFrame({"p": values.to_numpy()})).fit(
        cov_type="HAC", cov_kwds={"maxlags": 1}
    )
    return Estimate(
        float(result.params["Intercept"]),
        float(result.bse["Intercept"]),
        "log points a year",
        Sample.of([region], data.loc[values.index, "year"], len(values)),
        "mean of the region's years, OLS on a constant with Newey-West (1 lag) se",
        f"{region}'s {sector} labour productivity growth (real output growth less employment "
        "growth)",
    )


# --- 7. budget expenditure ----------------------------------------------------------------------


def budget_frame(panel: pd.DataFrame, vintage: str = "gdp_nominal") -> pd.DataFrame:
    """Growth of general budget expenditure and of nominal GDP (one vintage), log points.

    Columns region, year, dln_budget, dln_gdp, ln_budget, ln_gdp.
    """
    table = wide(panel, {BUDGET_EXPENDITURE: "budget", vintage: "gdp"})
    growth = log_growth(table, ["budget", "gdp"])
    levels = np.log(table.where(table > 0)).add_prefix("ln_")
    return growth.join(levels).reset_index()


def budget_elasticity(
    frame: pd.DataFrame, first: int = 2007, last: int = 2024, exclude: Sequence[int] = ()
) -> Link:
    """Elasticity of budget expenditure to the province's own nominal GDP (year effects in).

    dln_budget_it = c + c_i + (e + e_i) dln_gdp_it + m_t + u_it. Transfers from the centre and
    the national fiscal stance move with the year effect; the slope is the province's own link.
    """
    data = select_years(frame, first, last, exclude)
    note = f"{', '.join(map(str, exclude))} excluded" if exclude else ""
    return _link(
        data,
        "dln_budget",
        "dln_gdp",
        (),
        "log points of budget expenditure growth per log point of nominal GDP growth",
        "expenditure grows this much faster per point of faster own nominal GDP growth",
        note,
    )


def budget_elasticity_total(frame: pd.DataFrame, first: int = 2007, last: int = 2024) -> Estimate:
    """The same elasticity with province effects only: national co-movement included."""
    data = select_years(frame, first, last)
    return fixed_effects_slope(
        data,
        "dln_budget",
        "dln_gdp",
        cov_type="clustered",
        unit="log points per log point",
    )


def budget_elasticity_levels(frame: pd.DataFrame, first: int = 2006, last: int = 2024) -> Estimate:
    """Long-run elasticity: ln budget on ln nominal GDP with province effects, Driscoll-Kraay se."""
    data = select_years(frame, first, last)
    return fixed_effects_slope(
        data, "ln_budget", "ln_gdp", unit="log point per log point (levels)", cov_type="kernel"
    )


# --- 8. population ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PopulationTrend:
    """Chongqing's population growth over windows, and next to the provinces' aggregate.

    Attributes
    ----------
    windows : dict
        (first, last) -> Estimate of the log-linear trend growth (% a year).
    aggregate : dict
        (first, last) -> the same for the 31 provinces' total.
    recent : dict
        Year -> 100 D ln population from the communique rows (after the 2020 census).
    """

    windows: dict[tuple[int, int], Estimate]
    aggregate: dict[tuple[int, int], Estimate]
    recent: dict[int, float]


def log_linear_trend(series: pd.Series, first: int, last: int, label: str) -> Estimate:
    """Trend growth 100 b of ln x_t = a + b t by OLS on years first-last, Newey-West (1 lag) se."""
    window = series.loc[first:last].dropna()
    data = pd.DataFrame({"ln": 100.0 * np.log(window.to_numpy()), "t": window.index.to_numpy()})
    result = smf.ols("ln ~ t", data).fit(cov_type="HAC", cov_kwds={"maxlags": 1})
    return Estimate(
        float(result.params["t"]),
        float(result.bse["t"]),
        "% a year",
        Sample.of([label], window.index, len(window)),
        "OLS of 100 ln(population) on the year, Newey-West (1 lag) se",
        f"trend growth of {label}'s year-end resident population",
        {"r2": float(result.rsquared)},
    )


def population_trend(
    panel: pd.DataFrame,
    recent: Mapping[int, float],
    windows: Sequence[tuple[int, int]] = ((2000, 2010), (2010, 2020), (2015, 2020)),
    region: str = CHONGQING,
) -> PopulationTrend:
    """Population trend of ``region`` from one vintage (revised after the 2020 census).

    Parameters
    ----------
    panel : pandas.DataFrame
        Long rows with ``population_yearend`` (2000-2020).
    recent : mapping
        Year -> year-end population (10,000) after 2020 from communiques, same census base.
    windows : sequence of (int, int)
        Windows for the log-linear trend.
    """
    population = wide(panel, {POPULATION: "population"})["population"].dropna()
    own = population.xs(region, level="region")
    total = population.groupby(level="year").sum()
    total = total[population.groupby(level="year").size() == population.index.levels[0].size]
    trends = {w: log_linear_trend(own, *w, region) for w in windows}
    aggregate = {w: log_linear_trend(total, *w, "31 provinces") for w in windows}
    levels = {int(y): float(v) for y, v in own.items()} | {int(y): v for y, v in recent.items()}
    years = sorted(y for y in levels if y - 1 in levels and y > int(own.index.max()))
    changes = {y: 100.0 * float(np.log(levels[y] / levels[y - 1])) for y in years}
    return PopulationTrend(trends, aggregate, changes)
