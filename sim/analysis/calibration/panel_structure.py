"""Slow-moving structure: sector shares, the services-industry growth gap, and convergence.

Convergence of income per head is the long-run anchor of Chongqing's growth premium.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from linearmodels.panel import PanelOLS

from sim.analysis.calibration.panel import (
    MixedFit,
    fit_mixed,
    fixed_effects_slope,
    own_ols,
    select_years,
    shrunk_level,
)
from sim.analysis.calibration.panel_data import (
    CHONGQING,
    NOMINAL_VA,
    POPULATION,
    income_panel,
    lagged,
    log_growth,
    national_growth,
    real_growth,
    real_income_per_head,
    wide,
)
from sim.analysis.calibration.panel_types import Estimate, JointEstimate, Sample, ShrunkEstimate

INCOME_BASE = ("gdp_nominal_nbsdb2018", 2010)
"""Vintage and year whose nominal GDP per head sets the level of real income (2010 prices)."""


# --- 3. sector shares ---------------------------------------------------------------------------


def share_frame(panel: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Nominal sector shares, their lags, log real income per head and growth, by region-year.

    share_k = 100 VA_k / (VA_primary + VA_secondary + VA_tertiary), all from one row of the
    compiled table (so one release per year; census revisions can shift shares between years,
    which year effects absorb). ``ln_income``: :func:`panel_data.real_income_per_head` at 2010
    prices. ``diff``: tertiary minus secondary real growth, pp.

    Returns
    -------
    pandas.DataFrame
        Columns region, year, share_<k>, share_<k>_lag1, ln_income, g_<s>, diff, gnat.
    """
    va = wide(panel, {v: k for k, v in NOMINAL_VA.items()})
    total = va.sum(axis=1, min_count=len(NOMINAL_VA))
    shares = 100.0 * va.div(total, axis=0)
    shares.columns = [f"share_{k}" for k in shares.columns]
    table = shares.join(lagged(shares, list(shares.columns)))
    table = table.join(real_income_per_head(panel, *INCOME_BASE)).join(real_growth(panel))
    out = table.reset_index()
    out["diff"] = out["g_tertiary"] - out["g_secondary"]
    out["gnat"] = out["year"].map(national_growth(national, "gdp"))
    return out


def share_adjustment(
    frame: pd.DataFrame,
    sector: str = "tertiary",
    first: int = 2001,
    last: int = 2020,
    time_effects: bool = True,
) -> JointEstimate:
    """Partial adjustment of a sector's nominal share toward a level that depends on income.

    s_it = alpha_i [+ tau_t] + phi s_i,t-1 + delta ln y_it + e_it, i.e.
    s_it - s_i,t-1 = lambda (s*_it - s_i,t-1) with speed lambda = 1 - phi and target
    s*_it = (alpha_i + delta ln y_it) / lambda: long-run income gradient gamma = delta / lambda
    (pp of share per log point of real GDP per head). linearmodels PanelOLS, se clustered by
    province and year; lambda and gamma by the delta method. Nickell bias pushes phi down (lambda
    up) by about (1 + phi) / T. With year effects the common national drift is absorbed and the
    income gradient comes from provinces' differences alone.

    Returns
    -------
    JointEstimate
        names (speed, income_effect, long_run_income_gradient).
    """
    y, lag = f"share_{sector}", f"share_{sector}_lag1"
    data = select_years(frame, first, last).dropna(subset=[y, lag, "ln_income"])
    indexed = data.set_index(["region", "year"])
    exog = indexed[[lag, "ln_income"]].assign(const=1.0)
    model = PanelOLS(indexed[y], exog, entity_effects=True, time_effects=time_effects)
    result = model.fit(cov_type="clustered", cluster_entity=True, cluster_time=True)
    clusters = "province and year"
    if np.diag(result.cov.loc[[lag, "ln_income"], [lag, "ln_income"]]).min() <= 0:
        # the two-way formula V_province + V_year - V_white need not be positive
        result = model.fit(cov_type="clustered", cluster_entity=True)
        clusters = "province (two-way variance was not positive)"
    phi, delta = float(result.params[lag]), float(result.params["ln_income"])
    cov = result.cov.loc[[lag, "ln_income"], [lag, "ln_income"]].to_numpy()
    speed = 1.0 - phi
    # (speed, delta, gamma) as functions of (phi, delta)
    jac = np.array([[-1.0, 0.0], [0.0, 1.0], [delta / speed**2, 1.0 / speed]])
    effects = "province and year fixed effects" if time_effects else "province fixed effects"
    return JointEstimate(
        ("speed", "income_effect", "long_run_income_gradient"),
        np.array([speed, delta, delta / speed]),
        jac @ cov @ jac.T,
        "speed: share of the gap to the target closed per year; income: pp of share per log "
        "point of real GDP per head",
        Sample.of(data["region"], data["year"], int(result.nobs)),
        f"linearmodels PanelOLS, {effects}, se clustered by {clusters}; nominal shares from the "
        "compiled sector table",
        f"the {sector} share of nominal GDP closes this fraction of its gap to its target a year",
        {"n_obs": int(result.nobs), "r2_within": float(result.rsquared_within)},
    )


@dataclass(frozen=True)
class GrowthDifferential:
    """Tertiary minus secondary real growth as income rises and the national cycle moves.

    Attributes
    ----------
    fit : MixedFit
        diff_it = beta_0 + a_i + beta_y (ln y_it - mean) + beta_g (gnat_t - mean) + m_t + e_it.
    income_effect : Estimate
        beta_y, pp of differential per log point of real GDP per head.
    cycle_effect : Estimate
        beta_g, pp of differential per pp of national growth.
    chongqing_level : ShrunkEstimate
        Chongqing's predicted differential at its mean income and national growth in the sample
        (its random intercept in), against a typical province's.
    """

    fit: MixedFit
    income_effect: Estimate
    cycle_effect: Estimate
    chongqing_level: ShrunkEstimate

    def projection(
        self, ln_income: Mapping[int, float], gnat: Mapping[int, float]
    ) -> dict[int, tuple[float, float]]:
        """Chongqing's predicted differential (value, se) for given years' income and growth."""
        return {
            year: self.fit.predict(CHONGQING, {"ln_income": ln_income[year], "gnat": gnat[year]})
            for year in ln_income
        }


def growth_differential(
    frame: pd.DataFrame, first: int = 2001, last: int = 2020
) -> GrowthDifferential:
    """Fit the tertiary-secondary real growth differential (see :class:`GrowthDifferential`).

    statsmodels MixedLM (REML): province random intercept, crossed year random effect. Years are
    limited by population (2000-2020) through real income per head.
    """
    data = select_years(frame, first, last)
    fit = fit_mixed(data, "diff", "ln_income", ("gnat",), random_slope=False)
    unit_income = "pp of (tertiary - secondary real growth) per log point of real GDP per head"
    unit_cycle = "pp of (tertiary - secondary real growth) per pp of national real GDP growth"
    method = (
        "statsmodels MixedLM (REML): province random intercept, crossed year random effect; "
        "regressors ln real GDP per head (2010 prices) and China's real GDP growth"
    )
    income = fit.fixed_estimate(
        "ln_income",
        unit_income,
        method,
        "services outgrow industry by this much more per log point of income (a time trend "
        "shares it: national income and the national services shift rose together)",
    )
    cycle = fit.fixed_estimate(
        "gnat",
        unit_cycle,
        method,
        "a 1 pp faster national economy narrows the services-industry gap by this much "
        "(industry is more cyclical)",
    )
    own = own_ols(data, "diff", "ln_income", ("gnat",), at=dict(fit.centers))
    level = shrunk_level(
        fit,
        {},
        own,
        "pp a year (tertiary - secondary real growth)",
        "Chongqing's services-industry growth gap at the sample's mean income and national growth",
        method,
    )
    return GrowthDifferential(fit, income, cycle, level)


# --- 4. convergence -----------------------------------------------------------------------------


def convergence_frame(panel: pd.DataFrame, vintage: str) -> pd.DataFrame:
    """Growth of real GDP per head relative to the provinces' aggregate, and lagged relative income.

    rel_it = q_it - sum_j w_j,t-1 q_jt with q = 100 ln(1 + g/100) - 100 D ln POP (real GDP per
    head, log points) and w the nominal GDP shares of ``vintage`` a year earlier; under the
    unified accounting of 2019 onward the provinces' aggregate is China's, so rel is growth over
    the national rate. ``ln_rel_income_lag1``: ln of GDP per head over the aggregate's, a year
    earlier (:func:`panel_data.income_panel`, one vintage).

    Returns
    -------
    pandas.DataFrame
        Columns region, year, rel, ln_rel_income_lag1, pop_growth (log points).
    """
    income = income_panel(panel, vintage).table
    growth = real_growth(panel, ["gdp"])["g_gdp"]
    population = wide(panel, {POPULATION: "population"})
    pop_growth = log_growth(population, ["population"])["dln_population"]
    per_head = (100.0 * np.log1p(growth / 100.0) - pop_growth).rename("q")
    weights = income["gdp"] / income.groupby(level="year")["gdp"].transform("sum")
    weights = lagged(weights.rename("w").to_frame(), ["w"])["w_lag1"]
    table = per_head.to_frame().join(weights.rename("w"), how="inner").dropna()
    aggregate = (table["q"] * table["w"]).groupby(level="year").sum()
    table["rel"] = table["q"] - aggregate.reindex(table.index.get_level_values("year")).to_numpy()
    table = table.join(lagged(income, ["ln_rel_income"])).join(pop_growth.rename("pop_growth"))
    return table.reset_index().dropna(subset=["rel", "ln_rel_income_lag1"])


@dataclass(frozen=True)
class Convergence:
    """Beta-convergence of income per head and Chongqing's growth premium.

    Attributes
    ----------
    absolute : MixedFit
        rel_it = beta_0 + a_i + beta (ln_rel_income_i,t-1 - mean) + e_it, province random
        intercepts (so Chongqing's own premium is its BLUP).
    beta_absolute : Estimate
        beta of the mixed model (pp a year per log point of relative income; negative means
        convergence; the speed of convergence is -beta / 100 a year).
    beta_conditional : Estimate
        beta with province fixed effects (each province its own steady state), se clustered by
        province and year; Nickell-biased toward faster convergence.
    premium : ShrunkEstimate
        Chongqing's predicted per-head growth premium over the aggregate at its latest relative
        income, against a typical province's.
    """

    absolute: MixedFit
    beta_absolute: Estimate
    beta_conditional: Estimate
    premium: ShrunkEstimate


def convergence(
    frame: pd.DataFrame, first: int, last: int, chongqing_rel_income: float, note: str = ""
) -> Convergence:
    """Fit :class:`Convergence` on growth years ``first``-``last``.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`convergence_frame`.
    first, last : int
        Growth years.
    chongqing_rel_income : float
        Chongqing's ln relative GDP per head at which its premium is predicted.
    note : str
        Sample note (vintage).
    """
    data = select_years(frame, first, last)
    x = "ln_rel_income_lag1"
    fit = fit_mixed(data, "rel", x, random_slope=False, year_effects=False, note=note)
    unit = "pp of relative per-head growth a year per log point of relative GDP per head"
    method = (
        "statsmodels MixedLM (REML), province random intercept; growth relative to the "
        "GDP-weighted provincial aggregate"
    )
    beta = fit.fixed_estimate(
        x,
        unit,
        method,
        "a province 10% richer than average grows this/10 pp a year slower per head "
        "(negative = convergence)",
    )
    conditional = fixed_effects_slope(data, "rel", x, cov_type="clustered", unit=unit, note=note)
    own = own_ols(data, "rel", x, at={x: chongqing_rel_income})
    premium = shrunk_level(
        fit,
        {x: chongqing_rel_income},
        own,
        "pp a year of real GDP per head growth over the national (aggregate) rate",
        "Chongqing's per-head growth premium over China at its latest relative income",
        method + "; premium = beta_0 + a_CQ + beta (x_CQ - mean), BLUP a_CQ",
    )
    return Convergence(fit, beta, conditional, premium)
