"""Shocks to provincial sector growth: persistence, sizes and correlations, shrunk for Chongqing.

A shock is what is left of a sector's real growth once the province's own level and its response
to national growth are taken out (the residual of :func:`panel.national_response`, common year
effect included, since a shock common to all provinces hits Chongqing too)::

    r_ikt = rho_ik r_ik,t-1 + eps_ikt                         (persistence, AR(1))
    Cov(eps_it) = D_i R_i D_i                                  (sizes D_i, correlations R_i)

Chongqing has about twenty years, too few to pin down three sizes and three correlations alone,
so each is shrunk toward the provinces' by empirical Bayes: the provinces' values are combined by
a random-effects meta-analysis (statsmodels ``combine_effects``, Paule-Mandel between-province
variance tau^2) on a scale where their sampling variance is known (ln sd: 1 / (2 (T - 1));
Fisher z = atanh(r): 1 / (T - 3)), and Chongqing's value moves toward the mean by the weight
w = tau^2 / (tau^2 + v_CQ) on its own:
``shrunk = mean + w (own - mean)``, posterior variance ``w v_CQ + (1 - w)^2 Var(mean)``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd
from statsmodels.stats.correlation_tools import corr_nearest
from statsmodels.stats.meta_analysis import combine_effects

from sim.analysis.calibration.panel import fit_mixed, fixed_effects_slope, own_ols, shrunk_slope
from sim.analysis.calibration.panel_data import CHONGQING
from sim.analysis.calibration.panel_types import Estimate, Sample, ShrunkEstimate, _plain


def residual_frame(residuals: pd.Series) -> pd.DataFrame:
    """Residuals with their value one calendar year earlier (``r``, ``r_lag1``) by region-year."""
    table = residuals.rename("r").to_frame()
    previous = table.rename(index=lambda y: y + 1, level="year")["r"]
    table["r_lag1"] = previous.reindex(table.index)
    return table.reset_index()


@dataclass(frozen=True)
class Persistence:
    """AR(1) coefficient of a sector's shocks.

    Attributes
    ----------
    rho : ShrunkEstimate
        Panel mean, between-province sd, Chongqing's BLUP and Chongqing-only OLS.
    clustered : Estimate
        Pooled slope with province fixed effects and se clustered by province and year, a check
        on the mixed model's se (which ignores shocks common to all provinces).
    by_region : pandas.Series
        Each province's rho (panel mean + its BLUP deviation), used to form innovations.
    """

    rho: ShrunkEstimate
    clustered: Estimate
    by_region: pd.Series


def shock_persistence(residuals: pd.Series, sector: str, note: str = "") -> Persistence:
    """AR(1) persistence of shocks: r_it = c + c_i + (rho + rho_i) r_i,t-1 + e_it.

    Fitted by :func:`panel.fit_mixed` (province random intercepts and slopes, no year effect, so
    a persistent common shock counts as persistence, as Chongqing feels it); Chongqing's rho is
    its BLUP. Consecutive calendar years only.
    """
    frame = residual_frame(residuals)
    fit = fit_mixed(frame, "r", "r_lag1", year_effects=False, note=note)
    unit = "AR(1) coefficient"
    interpretation = (
        f"share of this year's {sector} growth shock still there next year (u = rho u(-1) + eps)"
    )
    method = (
        "statsmodels MixedLM (REML) of the national-response residual on its lag: province "
        "random intercept and slope"
    )
    own = own_ols(frame, "r", "r_lag1")
    rho = shrunk_slope(fit, own, unit, interpretation, method)
    clustered = fixed_effects_slope(
        frame, "r", "r_lag1", cov_type="clustered", unit=unit, note=note
    )
    by_region = float(fit.fixed["r_lag1"]) + fit.slopes
    return Persistence(rho, clustered, by_region)


def innovations(residuals: Mapping[str, pd.Series], rho: Mapping[str, pd.Series]) -> pd.DataFrame:
    """Shock innovations eps_ikt = r_ikt - rho_ik r_ik,t-1 for several sectors.

    Parameters
    ----------
    residuals : mapping
        Sector -> residual series indexed by (region, year).
    rho : mapping
        Sector -> persistence by region.

    Returns
    -------
    pandas.DataFrame
        Index (region, year), one column per sector; rows where any sector lacks a value dropped.
    """
    columns = {}
    for sector, series in residuals.items():
        frame = residual_frame(series)
        factor = frame["region"].map(rho[sector]).to_numpy()
        values = frame["r"].to_numpy() - factor * frame["r_lag1"].to_numpy()
        columns[sector] = pd.Series(
            values, index=pd.MultiIndex.from_frame(frame[["region", "year"]])
        )
    return pd.DataFrame(columns).dropna().sort_index()


@dataclass(frozen=True)
class ShrunkScalar:
    """One empirical-Bayes shrinkage: own value, panel mean, tau, weight and the shrunk value."""

    own: float
    own_var: float
    mean: float
    mean_var: float
    tau2: float
    weight: float
    shrunk: float
    shrunk_var: float


def eb_shrink(effects: pd.Series, variances: pd.Series, target: str = CHONGQING) -> ShrunkScalar:
    """Empirical Bayes shrinkage of ``target``'s effect toward the random-effects mean.

    The mean and tau^2 come from statsmodels ``combine_effects`` (Paule-Mandel); then
    shrunk = mean + w (own - mean), w = tau^2 / (tau^2 + v_own), with posterior variance
    w v_own + (1 - w)^2 Var(mean).
    """
    result = combine_effects(effects.to_numpy(), variances.to_numpy(), method_re="iterated")
    mean = float(result.mean_effect_re)
    mean_var = float(result.var_eff_w_re)
    tau2 = float(max(result.tau2, 0.0))
    own, own_var = float(effects[target]), float(variances[target])
    weight = tau2 / (tau2 + own_var)
    shrunk = mean + weight * (own - mean)
    shrunk_var = weight * own_var + (1.0 - weight) ** 2 * mean_var
    return ShrunkScalar(own, own_var, mean, mean_var, tau2, weight, shrunk, shrunk_var)


@dataclass(frozen=True)
class ShockCovariance:
    """Sizes and correlations of sector shock innovations: Chongqing's, the panel's, shrunk.

    Attributes
    ----------
    sectors : tuple of str
        Order of rows and columns.
    sd : dict
        "chongqing", "panel", "shrunk" -> sd per sector (percentage points of real growth).
    sd_se : numpy.ndarray
        Standard error of the shrunk sds (delta method from the ln sd scale), shape (k,).
    corr : dict
        "chongqing", "panel", "shrunk" -> correlation matrix (k, k).
    corr_se : numpy.ndarray
        Standard error of the shrunk correlations (delta method from Fisher z), shape (k, k).
    weights : dict
        "sd" -> weight of Chongqing's own data per sector, "corr" -> per pair (k, k).
    sample : Sample
        Regions, years of innovations, observations.
    method : str
        How the three were formed.
    made_psd : bool
        Whether the shrunk correlation had to be moved to the nearest valid one.
    """

    sectors: tuple[str, ...]
    sd: dict[str, np.ndarray]
    sd_se: np.ndarray
    corr: dict[str, np.ndarray]
    corr_se: np.ndarray
    weights: dict[str, np.ndarray]
    sample: Sample
    method: str
    made_psd: bool = False
    tau: dict[str, np.ndarray] = field(default_factory=dict)

    def covariance(self, which: str = "shrunk") -> np.ndarray:
        """Covariance D R D of ``which`` ("chongqing", "panel" or "shrunk"), pp^2."""
        d = np.diag(self.sd[which])
        return d @ self.corr[which] @ d

    def to_dict(self) -> dict[str, Any]:
        """YAML form: sds and correlations of all three, shrunk ones with se and weights."""
        names = list(self.sectors)
        pairs = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
        out: dict[str, Any] = {
            "sectors": names,
            "estimate": {
                "sd": dict(zip(names, _plain(self.sd["shrunk"]), strict=True)),
                "corr": {
                    f"{names[i]}-{names[j]}": _plain(self.corr["shrunk"][i, j]) for i, j in pairs
                },
            },
            "se": {
                "sd": dict(zip(names, _plain(self.sd_se), strict=True)),
                "corr": {f"{names[i]}-{names[j]}": _plain(self.corr_se[i, j]) for i, j in pairs},
            },
            "unit": "sd: pp of real growth (innovation of the AR(1) shock); corr: -1 to 1",
            "sample": self.sample.to_dict(),
            "method": self.method,
            "chongqing_only": {
                "sd": dict(zip(names, _plain(self.sd["chongqing"]), strict=True)),
                "corr": {
                    f"{names[i]}-{names[j]}": _plain(self.corr["chongqing"][i, j]) for i, j in pairs
                },
            },
            "panel_mean": {
                "sd": dict(zip(names, _plain(self.sd["panel"]), strict=True)),
                "corr": {
                    f"{names[i]}-{names[j]}": _plain(self.corr["panel"][i, j]) for i, j in pairs
                },
            },
            "shrinkage_weight": {
                "sd": dict(zip(names, _plain(self.weights["sd"]), strict=True)),
                "corr": {
                    f"{names[i]}-{names[j]}": _plain(self.weights["corr"][i, j]) for i, j in pairs
                },
            },
            "shrunk_correlation_moved_to_nearest_valid": self.made_psd,
        }
        return out


def shock_covariance(
    eps: pd.DataFrame, target: str = CHONGQING, min_years: int = 8, note: str = ""
) -> ShockCovariance:
    """Chongqing's, the panel's and the shrunk covariance of sector shock innovations.

    For each province with at least ``min_years`` years: sd_ik and r_ikl of its innovations.
    Sizes are shrunk on ln sd (sampling variance 1 / (2 (T_i - 1))), correlations on Fisher z
    (1 / (T_i - 3)), each by :func:`eb_shrink`; the panel value is the random-effects mean.

    Parameters
    ----------
    eps : pandas.DataFrame
        Output of :func:`innovations`: index (region, year), one column per sector.
    target : str
        The province whose values are shrunk.
    min_years : int
        Provinces with fewer years are left out.
    note : str
        Recorded in the sample.
    """
    sectors = tuple(eps.columns)
    k = len(sectors)
    groups = {r: g for r, g in eps.groupby(level="region") if len(g) >= min_years}
    if target not in groups:
        raise ValueError(f"{target} has fewer than {min_years} years of innovations")
    n_years = pd.Series({r: len(g) for r, g in groups.items()})
    sds = pd.DataFrame({r: g.std(ddof=1) for r, g in groups.items()}).T
    corrs = {r: g.corr().to_numpy() for r, g in groups.items()}

    sd = {name: np.zeros(k) for name in ("chongqing", "panel", "shrunk")}
    sd_se, sd_weight, sd_tau = np.zeros(k), np.zeros(k), np.zeros(k)
    for i, sector in enumerate(sectors):
        fit = eb_shrink(np.log(sds[sector]), 1.0 / (2.0 * (n_years - 1)), target)
        sd["chongqing"][i] = np.exp(fit.own)
        sd["panel"][i] = np.exp(fit.mean)
        sd["shrunk"][i] = np.exp(fit.shrunk)
        sd_se[i] = np.exp(fit.shrunk) * np.sqrt(fit.shrunk_var)
        sd_weight[i] = fit.weight
        sd_tau[i] = np.sqrt(fit.tau2)

    corr = {name: np.eye(k) for name in ("chongqing", "panel", "shrunk")}
    corr_se, corr_weight, corr_tau = np.zeros((k, k)), np.eye(k), np.zeros((k, k))
    for i in range(k):
        for j in range(i + 1, k):
            z = pd.Series({r: np.arctanh(c[i, j]) for r, c in corrs.items()})
            fit = eb_shrink(z, 1.0 / (n_years - 3), target)
            for name, value in (
                ("chongqing", fit.own),
                ("panel", fit.mean),
                ("shrunk", fit.shrunk),
            ):
                corr[name][i, j] = corr[name][j, i] = np.tanh(value)
            se = (1.0 - np.tanh(fit.shrunk) ** 2) * np.sqrt(fit.shrunk_var)
            corr_se[i, j] = corr_se[j, i] = se
            corr_weight[i, j] = corr_weight[j, i] = fit.weight
            corr_tau[i, j] = corr_tau[j, i] = np.sqrt(fit.tau2)
    made_psd = False
    for name in ("panel", "shrunk"):
        if np.linalg.eigvalsh(corr[name]).min() <= 0:
            corr[name] = corr_nearest(corr[name], threshold=1e-6)
            made_psd = made_psd or name == "shrunk"
    index = eps.loc[list(groups)].index
    sample = Sample.of(
        index.get_level_values("region"), index.get_level_values("year"), len(index), note
    )
    method = (
        "per-province sd and correlation of AR(1) innovations; panel = random-effects "
        "meta-analysis mean (statsmodels combine_effects, Paule-Mandel tau^2) on ln sd and Fisher "
        f"z; {target} shrunk by empirical Bayes, weight tau^2 / (tau^2 + v_own), "
        f"{target} T = {int(n_years[target])}"
    )
    return ShockCovariance(
        sectors,
        sd,
        sd_se,
        corr,
        corr_se,
        {"sd": sd_weight, "corr": corr_weight},
        sample,
        method,
        made_psd,
        {"sd": sd_tau, "corr": corr_tau},
    )


def group_years(eps: pd.DataFrame, exclude: Sequence[int]) -> pd.DataFrame:
    """Innovations without the years in ``exclude`` (e.g. 2020-2022)."""
    years = eps.index.get_level_values("year")
    return eps[~np.isin(years, list(exclude))]
