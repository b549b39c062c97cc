"""Mixed models with Chongqing shrunk toward the provinces, and growth's national response.

The response of provincial growth to national growth is estimated here; the other estimators
(:mod:`panel_shocks`, :mod:`panel_structure`, :mod:`panel_links`) reuse :func:`fit_mixed`.

The workhorse is :func:`fit_mixed`, a linear mixed model (statsmodels ``MixedLM``, REML) with
crossed random effects::

    y_it = beta_0 + a_i + (beta_1 + b_i)(x_it - xbar) + sum_j gamma_j (c_jit - cbar_j) + m_t + e_it

a_i ~ N(0, s_a^2) and b_i ~ N(0, s_b^2) the province's intercept and slope, m_t ~ N(0, s_m^2) a
year effect common to all provinces, e_it ~ N(0, s_e^2). The year effect matters: a national
regressor (China's growth) is the same for every province in a year, so without it the 31
provinces' residuals in one year would count as 31 independent observations and the standard
error of beta_1 would be several times too small (the Moulton problem). Chongqing's slope is its
best linear unbiased predictor (BLUP) beta_1 + E[b_CQ | data]: its own years pull it away from
the mean by as much as their information allows, the weight of its own data being about
s_b^2 / (s_b^2 + se_own^2). Its standard error adds the variance of beta_1 and the conditional
variance of b_CQ (statsmodels ``random_effects_cov``), which ignores their (negative) covariance
and so errs on the large side.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from linearmodels.iv import IV2SLS
from linearmodels.panel import PanelOLS
from statsmodels.regression.mixed_linear_model import MixedLM, MixedLMResults

from sim.analysis.calibration.panel_data import (
    CHONGQING,
    SECTOR_GROUPS,
    lagged,
    national_growth,
    real_growth,
)
from sim.analysis.calibration.panel_types import Estimate, JointEstimate, Sample, ShrunkEstimate

MIXED_METHODS: tuple[str, ...] = ("powell", "bfgs")
"""Optimizers each MixedLM model is fitted with, separately from the same start; the converged fit
with the highest REML log-likelihood is kept (gradient methods alone sometimes stop at a worse
point when a variance component is near zero)."""

COVID_YEARS: tuple[int, ...] = (2020, 2021, 2022)
"""COVID-19 outbreak (2020), rebound (2021), lockdowns and property downturn (2022)."""


@dataclass(frozen=True)
class MixedFit:
    """A crossed random-effects fit (see the module docstring for the equation).

    Attributes
    ----------
    y, x : str
        Dependent variable and the regressor with a province-specific (random) slope.
    controls : tuple of str
        Further regressors with common (fixed) slopes.
    centers : dict
        Sample means subtracted from ``x`` and the controls before fitting.
    fixed : pandas.Series
        beta_0 (``Intercept``), beta_1 (``x``) and the control slopes.
    fixed_cov : pandas.DataFrame
        Covariance of ``fixed``.
    sd_intercept, sd_slope, sd_year, sd_resid : float
        s_a, s_b, s_m, s_e (same unit as y; s_b per unit of x). s_b is 0 without random slopes.
    intercepts, slopes : pandas.Series
        BLUPs a_i and b_i by region (deviations from beta_0 and beta_1).
    region_cov : dict
        Conditional covariance of (a_i, b_i) given the data, by region, shape (2, 2).
    year_effects : pandas.Series
        BLUPs m_t by year (zeros without year effects).
    residuals : pandas.Series
        y - beta_0 - a_i - (beta_1 + b_i)(x - xbar) - controls, index (region, year): the year
        effect is left in, because a common shock hits Chongqing as much as its own.
    sample : Sample
        Regions, years and observations used.
    converged : bool
        Whether the optimizer converged.
    messages : tuple of str
        Warnings raised by statsmodels during the fit.
    """

    y: str
    x: str
    controls: tuple[str, ...]
    centers: dict[str, float]
    fixed: pd.Series
    fixed_cov: pd.DataFrame
    sd_intercept: float
    sd_slope: float
    sd_year: float
    sd_resid: float
    intercepts: pd.Series
    slopes: pd.Series
    region_cov: dict[str, np.ndarray]
    year_effects: pd.Series
    residuals: pd.Series
    sample: Sample
    converged: bool
    messages: tuple[str, ...]

    def diagnostics(self) -> dict[str, float | int | str | bool]:
        """n_obs, convergence and the variance components, for the parameters file."""
        return {
            "n_obs": self.sample.n_obs,
            "converged": self.converged,
            "sd_province_intercept": self.sd_intercept,
            "sd_province_slope": self.sd_slope,
            "sd_year_effect": self.sd_year,
            "sd_residual": self.sd_resid,
        }

    def fixed_estimate(self, name: str, unit: str, method: str, interpretation: str) -> Estimate:
        """One fixed-effect coefficient as an :class:`Estimate` (se from the REML covariance)."""
        return Estimate(
            float(self.fixed[name]),
            float(np.sqrt(self.fixed_cov.loc[name, name])),
            unit,
            self.sample,
            method,
            interpretation,
            self.diagnostics(),
        )

    def predict(self, region: str, values: dict[str, float]) -> tuple[float, float]:
        """Prediction for ``region`` at given regressor values, with its standard error.

        yhat = beta_0 + a_r + (beta_1 + b_r)(x - xbar) + sum_j gamma_j (c_j - cbar_j), the year
        effect at its mean 0. Variance g' V_fixed g + h' C_r h with g = (1, x - xbar, c - cbar)
        and h = (1, x - xbar): fixed-effect and conditional random-effect variances added (their
        covariance ignored: errs on the large side). Regressors not given sit at their means.
        """
        names = ["Intercept", self.x, *self.controls]
        g = np.array([1.0] + [values.get(n, self.centers[n]) - self.centers[n] for n in names[1:]])
        value = float(g @ self.fixed[names].to_numpy())
        value += float(self.intercepts.get(region, 0.0) + self.slopes.get(region, 0.0) * g[1])
        var = float(g @ self.fixed_cov.loc[names, names].to_numpy() @ g)
        h = g[:2]
        var += float(h @ self.region_cov.get(region, np.zeros((2, 2))) @ h)
        return value, float(np.sqrt(var))


def fit_mixed(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    *,
    random_slope: bool = True,
    year_effects: bool = True,
    note: str = "",
) -> MixedFit:
    """Fit the crossed random-effects model of the module docstring by REML.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``region``, ``year``, ``y``, ``x`` and ``controls``; rows with a missing value
        in any of them are dropped.
    y, x : str
        Dependent variable and the regressor whose slope varies by province.
    controls : sequence of str
        Regressors with common slopes (fixed effects).
    random_slope : bool
        Province-specific slopes on ``x`` (else random intercepts only).
    year_effects : bool
        A random effect per year common to all provinces.
    note : str
        Recorded in the sample (e.g. exclusions).

    Returns
    -------
    MixedFit
    """
    columns = [y, x, *controls]
    data = frame.dropna(subset=columns).reset_index(drop=True)
    work = pd.DataFrame({"region": data["region"].astype(str), "year": data["year"].astype(int)})
    work["y"] = data[y].to_numpy(dtype=float)
    centers = {name: float(data[name].mean()) for name in [x, *controls]}
    work["x"] = data[x].to_numpy(dtype=float) - centers[x]
    control_names = [f"c{i}" for i in range(len(controls))]
    for alias, name in zip(control_names, controls, strict=True):
        work[alias] = data[name].to_numpy(dtype=float) - centers[name]
    formula = "y ~ " + " + ".join(["x", *control_names])
    fitter = _fit_crossed if year_effects else _fit_grouped
    model, result, parts = fitter(work, formula, random_slope)
    messages = parts.messages
    rename = {"x": x, **dict(zip(control_names, controls, strict=True))}
    fixed = result.fe_params.rename(index=rename)
    fixed_cov = result.cov_params().loc[result.fe_params.index, result.fe_params.index]
    fixed_cov = fixed_cov.rename(index=rename, columns=rename)
    intercepts, slopes, region_cov = parts.intercepts, parts.slopes, parts.region_cov
    fixed_part = np.asarray(model.exog @ result.fe_params.to_numpy())
    own = (
        intercepts.reindex(work["region"]).to_numpy()
        + slopes.reindex(work["region"]).to_numpy() * work["x"].to_numpy()
    )
    residuals = pd.Series(
        work["y"].to_numpy() - fixed_part - own,
        index=pd.MultiIndex.from_arrays([work["region"], work["year"]], names=["region", "year"]),
        name=f"resid_{y}",
    )
    return MixedFit(
        y=y,
        x=x,
        controls=tuple(controls),
        centers=centers,
        fixed=fixed,
        fixed_cov=fixed_cov,
        sd_intercept=parts.sd_intercept,
        sd_slope=parts.sd_slope,
        sd_year=parts.sd_year,
        sd_resid=float(np.sqrt(result.scale)),
        intercepts=intercepts,
        slopes=slopes,
        region_cov=region_cov,
        year_effects=parts.year_effects,
        residuals=residuals,
        sample=Sample.of(work["region"], work["year"], len(work), note),
        converged=bool(result.converged),
        messages=messages,
    )


@dataclass(frozen=True)
class _RandomParts:
    """Variance components and BLUPs of a MixedLM fit, in one shape for both layouts."""

    sd_intercept: float
    sd_slope: float
    sd_year: float
    intercepts: pd.Series
    slopes: pd.Series
    region_cov: dict[str, np.ndarray]
    year_effects: pd.Series
    messages: tuple[str, ...]


def _fit_quietly(model: MixedLM) -> tuple[MixedLMResults, tuple[str, ...]]:
    """REML fit with each of :data:`MIXED_METHODS`; the best converged one and a note per method.

    statsmodels' warnings (convergence, boundary) are caught and returned as text, one line per
    optimizer with its REML log-likelihood, so that the parameters file can show them.
    """
    best: MixedLMResults | None = None
    notes = []
    for method in MIXED_METHODS:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                result = model.fit(reml=True, method=[method])
            except (np.linalg.LinAlgError, ValueError) as error:
                notes.append(f"{method}: failed ({error})")
                continue
        text = "; ".join(sorted({str(w.message) for w in caught}))
        usable = bool(result.converged) and bool(np.isfinite(result.llf))
        notes.append(f"{method}: converged={usable}, REML llf={result.llf:.3f} {text}".strip())
        if usable and (best is None or result.llf > best.llf + 1e-6):
            best = result
    if best is None:
        raise RuntimeError("MixedLM did not converge with any optimizer: " + " | ".join(notes))
    return best, tuple(notes)


def _fit_crossed(
    work: pd.DataFrame, formula: str, random_slope: bool
) -> tuple[MixedLM, MixedLMResults, _RandomParts]:
    """Province intercepts (and slopes) crossed with year effects.

    Variance components of one group; a_i and b_i independent.
    """
    components = {"region": "0 + C(region)", "year": "0 + C(year)"}
    if random_slope:
        components["slope"] = "0 + C(region):x"
    model = smf.mixedlm(
        formula, work.assign(all=1), groups="all", re_formula="0", vc_formula=components
    )
    result, messages = _fit_quietly(model)
    sds = dict(zip(model.exog_vc.names, np.sqrt(np.maximum(result.vcomp, 0.0)), strict=True))
    blups = result.random_effects[1]
    cond_cov = result.random_effects_cov[1]
    regions = sorted(work["region"].unique())
    intercepts, slopes, region_cov = {}, {}, {}
    for r in regions:
        keys = [f"region[C(region)[{r}]]"] + ([f"slope[C(region)[{r}]:x]"] if random_slope else [])
        intercepts[r] = float(blups[keys[0]])
        slopes[r] = float(blups[keys[1]]) if random_slope else 0.0
        block = np.zeros((2, 2))
        block[: len(keys), : len(keys)] = cond_cov.loc[keys, keys].to_numpy()
        region_cov[r] = block
    years = sorted(work["year"].unique())
    year_effects = pd.Series({t: float(blups[f"year[C(year)[{t}]]"]) for t in years})
    parts = _RandomParts(
        float(sds["region"]),
        float(sds.get("slope", 0.0)),
        float(sds["year"]),
        pd.Series(intercepts, dtype=float),
        pd.Series(slopes, dtype=float),
        region_cov,
        year_effects,
        messages,
    )
    return model, result, parts


def _fit_grouped(
    work: pd.DataFrame, formula: str, random_slope: bool
) -> tuple[MixedLM, MixedLMResults, _RandomParts]:
    """Province intercepts (and slopes, correlated with them) without year effects.

    One group per province, much faster than variance components.
    """
    model = smf.mixedlm(formula, work, groups="region", re_formula="~x" if random_slope else "1")
    result, messages = _fit_quietly(model)
    cov_re = np.asarray(result.cov_re)
    k = cov_re.shape[0]
    intercepts, slopes, region_cov = {}, {}, {}
    singular = np.linalg.matrix_rank(cov_re) < k  # a variance at zero: every BLUP is 0
    for r in sorted(work["region"].unique()):
        values = np.zeros(k) if singular else np.asarray(result.random_effects[r], dtype=float)
        intercepts[r] = float(values[0])
        slopes[r] = float(values[1]) if random_slope else 0.0
        block = np.zeros((2, 2))
        if not singular:
            block[:k, :k] = np.asarray(result.random_effects_cov[r])
        region_cov[r] = block
    years = sorted(work["year"].unique())
    parts = _RandomParts(
        float(np.sqrt(max(cov_re[0, 0], 0.0))),
        float(np.sqrt(max(cov_re[1, 1], 0.0))) if random_slope else 0.0,
        0.0,
        pd.Series(intercepts, dtype=float),
        pd.Series(slopes, dtype=float),
        region_cov,
        pd.Series(0.0, index=years),
        messages,
    )
    return model, result, parts


def own_ols(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    region: str = CHONGQING,
    at: dict[str, float] | None = None,
) -> Estimate:
    """One region's years alone: OLS of ``y`` on ``x`` and ``controls``, Newey-West (1 lag) se.

    Parameters
    ----------
    frame : pandas.DataFrame
        Columns ``region``, ``year``, ``y``, ``x``, ``controls``.
    region : str
        The region whose rows are used.
    at : dict, optional
        If given, return the predicted level of ``y`` at these regressor values (names as in
        ``frame``; missing ones at the region's means) instead of the slope.

    Returns
    -------
    Estimate
        The slope on ``x`` (or the prediction); diagnostics hold the intercept, R^2.
    """
    data = frame[frame["region"] == region].dropna(subset=[y, x, *controls])
    aliases = {x: "x", **{name: f"c{i}" for i, name in enumerate(controls)}}
    work = pd.DataFrame({"y": data[y], **{alias: data[name] for name, alias in aliases.items()}})
    formula = "y ~ " + " + ".join(aliases.values())
    result = smf.ols(formula, work).fit(cov_type="HAC", cov_kwds={"maxlags": 1})
    sample = Sample.of([region], data["year"], len(data))
    method = f"OLS on {region}'s years alone, Newey-West (1 lag) se"
    diagnostics = {"intercept": float(result.params["Intercept"]), "r2": float(result.rsquared)}
    if at is None:
        value, se = float(result.params["x"]), float(result.bse["x"])
    else:
        point = pd.DataFrame(
            {alias: [at.get(name, float(data[name].mean()))] for name, alias in aliases.items()}
        )
        prediction = result.get_prediction(point)
        value, se = float(prediction.predicted_mean[0]), float(prediction.se_mean[0])
        method += ", prediction"
    return Estimate(value, se, "", sample, method, diagnostics=diagnostics)


def shrunk_slope(
    fit: MixedFit,
    own: Estimate | None,
    unit: str,
    interpretation: str,
    method: str,
    region: str = CHONGQING,
) -> ShrunkEstimate:
    """The random slope of ``fit``: panel mean, between-province sd and ``region``'s BLUP.

    BLUP_r = beta_1 + b_r with se sqrt(Var(beta_1) + Var(b_r | data)); shrinkage weight
    s_b^2 / (s_b^2 + se_own^2) with se_own the standard error of ``own`` (NaN without it).
    """
    beta = float(fit.fixed[fit.x])
    beta_var = float(fit.fixed_cov.loc[fit.x, fit.x])
    blup = beta + float(fit.slopes[region])
    blup_se = float(np.sqrt(beta_var + fit.region_cov[region][1, 1]))
    tau2 = fit.sd_slope**2
    weight = tau2 / (tau2 + own.se**2) if own is not None else float("nan")
    diagnostics = fit.diagnostics()
    panel = Estimate(beta, float(np.sqrt(beta_var)), unit, fit.sample, method, interpretation)
    chongqing = Estimate(
        blup,
        blup_se,
        unit,
        fit.sample,
        method + f"; {region}: BLUP (beta + b_{region}), se from Var(beta) + Var(b | data)",
        interpretation,
        diagnostics,
    )
    if own is not None:
        own = Estimate(own.value, own.se, unit, own.sample, own.method, "", own.diagnostics)
    return ShrunkEstimate(chongqing, panel, fit.sd_slope, own, weight)


def shrunk_level(
    fit: MixedFit,
    values: dict[str, float],
    own: Estimate | None,
    unit: str,
    interpretation: str,
    method: str,
    region: str = CHONGQING,
) -> ShrunkEstimate:
    """A predicted level for ``region`` (its random intercept in) against the panel's.

    The panel value is the same prediction with a_r = b_r = 0 (a typical province); the weight is
    s_a^2 / (s_a^2 + se_own^2) with se_own the standard error of ``own``.
    """
    value, se = fit.predict(region, values)
    panel_value, panel_se = fit.predict("", values)
    weight = fit.sd_intercept**2 / (fit.sd_intercept**2 + own.se**2) if own is not None else np.nan
    chongqing = Estimate(value, se, unit, fit.sample, method, interpretation, fit.diagnostics())
    panel = Estimate(panel_value, panel_se, unit, fit.sample, method, interpretation)
    return ShrunkEstimate(chongqing, panel, fit.sd_intercept, own, float(weight))


# --- 1. response of provincial growth to national growth ---------------------------------------


def growth_frame(panel: pd.DataFrame, national: pd.DataFrame) -> pd.DataFrame:
    """Provincial real growth, its lags and China's real GDP growth, one row per region-year.

    Returns
    -------
    pandas.DataFrame
        Columns ``region``, ``year``, ``g_<s>`` and ``g_<s>_lag1`` for s in
        :data:`SECTOR_GROUPS` (percent), ``gnat`` (China's real GDP growth, percent) and
        ``covid`` (1 in 2020-2022).
    """
    growth = real_growth(panel)
    columns = list(growth.columns)
    table = growth.join(lagged(growth, columns)).join(lagged(growth, columns, lag=2))
    out = table.reset_index()
    out["gnat"] = out["year"].map(national_growth(national, "gdp"))
    out["covid"] = out["year"].isin(COVID_YEARS).astype(float)
    return out


@dataclass(frozen=True)
class NationalResponse:
    """How a sector's provincial real growth moves with China's real GDP growth.

    Attributes
    ----------
    slope : ShrunkEstimate
        pp of provincial growth per pp of national growth: panel mean, between-province sd,
        Chongqing's BLUP and Chongqing-only OLS.
    driscoll_kraay : Estimate
        The mean slope from a fixed-effects regression with Driscoll-Kraay standard errors (robust
        to common shocks and serial correlation): a check on the mixed model's se.
    fit : MixedFit
        The mixed model (its residuals are the shocks of :mod:`panel_shocks`).
    """

    slope: ShrunkEstimate
    driscoll_kraay: Estimate
    fit: MixedFit


def select_years(
    frame: pd.DataFrame, first: int, last: int, exclude: Sequence[int] = ()
) -> pd.DataFrame:
    """Rows with ``first <= year <= last`` and year not in ``exclude``."""
    keep = frame["year"].between(first, last) & ~frame["year"].isin(list(exclude))
    return frame[keep]


def national_response(
    frame: pd.DataFrame,
    sector: str,
    first: int = 2000,
    last: int = 2022,
    exclude: Sequence[int] = (),
    covid_dummy: bool = False,
) -> NationalResponse:
    """Response of provincial real growth of ``sector`` to China's real GDP growth.

    g_it = beta_0 + a_i + (beta_1 + b_i)(gnat_t - mean) [+ delta covid_t] + m_t + e_it, fitted by
    :func:`fit_mixed` (province random intercepts and slopes, year random effects), with
    Chongqing's slope its BLUP, and the mean slope checked by fixed effects with Driscoll-Kraay se.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`growth_frame`.
    sector : str
        One of :data:`SECTOR_GROUPS`.
    first, last : int
        Years of the dependent variable.
    exclude : sequence of int
        Years left out (e.g. :data:`COVID_YEARS`).
    covid_dummy : bool
        Add a fixed shift for 2020-2022.
    """
    if sector not in SECTOR_GROUPS:
        raise ValueError(f"sector {sector!r} not in {SECTOR_GROUPS}")
    data = select_years(frame, first, last, exclude)
    y = f"g_{sector}"
    controls = ("covid",) if covid_dummy else ()
    note = _note(exclude, covid_dummy)
    fit = fit_mixed(data, y, "gnat", controls, note=note)
    unit = "pp of provincial real growth per pp of national real GDP growth"
    interpretation = (
        f"{sector} real growth moves by this many pp when China's real GDP growth moves by 1 pp"
    )
    method = (
        "statsmodels MixedLM (REML): province random intercept and slope on national growth, "
        "crossed year random effect" + (", fixed 2020-2022 shift" if covid_dummy else "")
    )
    own = own_ols(data, y, "gnat", controls)
    slope = shrunk_slope(fit, own, unit, interpretation, method)
    dk = fixed_effects_slope(data, y, "gnat", controls, unit=unit, note=note)
    return NationalResponse(slope, dk, fit)


def fixed_effects_slope(
    frame: pd.DataFrame,
    y: str,
    x: str,
    controls: Sequence[str] = (),
    *,
    time_effects: bool = False,
    cov_type: str = "kernel",
    unit: str = "",
    note: str = "",
) -> Estimate:
    """Slope of ``y`` on ``x`` with province fixed effects (linearmodels PanelOLS).

    y_it = alpha_i [+ tau_t] + beta x_it + gamma' c_it + e_it. ``cov_type`` "kernel" gives
    Driscoll-Kraay standard errors, "clustered" clusters by province and year.
    """
    columns = [y, x, *controls]
    data = frame.dropna(subset=columns).set_index(["region", "year"])[columns]
    exog = data[[x, *controls]].assign(const=1.0)
    model = PanelOLS(data[y], exog, entity_effects=True, time_effects=time_effects)
    if cov_type == "clustered":
        result = model.fit(cov_type="clustered", cluster_entity=True, cluster_time=True)
        cov_name = "clustered by province and year"
        if not float(result.cov.loc[x, x]) > 0:
            # the two-way formula V_province + V_year - V_white need not be positive
            result = model.fit(cov_type="clustered", cluster_entity=True)
            cov_name = "clustered by province (two-way variance was not positive)"
    else:
        result = model.fit(cov_type=cov_type)
        cov_name = "Driscoll-Kraay" if cov_type == "kernel" else cov_type
    effects = "province and year fixed effects" if time_effects else "province fixed effects"
    regions = data.index.get_level_values("region")
    years = data.index.get_level_values("year")
    return Estimate(
        float(result.params[x]),
        float(np.sqrt(result.cov.loc[x, x])),
        unit,
        Sample.of(regions, years, int(result.nobs), note),
        f"linearmodels PanelOLS, {effects}, {cov_name} se",
        diagnostics={"n_obs": int(result.nobs), "r2_within": float(result.rsquared_within)},
    )


@dataclass(frozen=True)
class DynamicResponse:
    """The partial-adjustment form g_it = a_i + b gnat_t + rho g_i,t-1 + e_it.

    Attributes
    ----------
    fixed_effects : JointEstimate
        (b, rho, long_run = b / (1 - rho)) by province fixed effects, Driscoll-Kraay se; rho is
        biased down by about (1 + rho) / (T - 1) (Nickell 1981).
    anderson_hsiao : JointEstimate
        (b, rho) from first differences with g_i,t-2 instrumenting the lagged difference
        (Anderson and Hsiao 1981; linearmodels IV2SLS, se clustered by year): consistent for
        fixed T, less precise.
    """

    fixed_effects: JointEstimate
    anderson_hsiao: JointEstimate


def dynamic_response(
    frame: pd.DataFrame,
    sector: str,
    first: int = 2000,
    last: int = 2022,
    exclude: Sequence[int] = (),
) -> DynamicResponse:
    """Persistence of provincial growth next to its response to national growth.

    Parameters
    ----------
    frame : pandas.DataFrame
        Output of :func:`growth_frame` (needs ``g_<s>_lag1`` and ``g_<s>_lag2``).
    sector : str
        One of :data:`SECTOR_GROUPS`.
    first, last, exclude
        Years of the dependent variable.
    """
    y, lag, lag2 = f"g_{sector}", f"g_{sector}_lag1", f"g_{sector}_lag2"
    data = select_years(frame, first, last, exclude).dropna(subset=[y, lag, "gnat"])
    note = _note(exclude, False)
    indexed = data.set_index(["region", "year"])
    exog = indexed[["gnat", lag]].assign(const=1.0)
    fe = PanelOLS(indexed[y], exog, entity_effects=True).fit(cov_type="kernel")
    b, rho = float(fe.params["gnat"]), float(fe.params[lag])
    cov = fe.cov.loc[["gnat", lag], ["gnat", lag]].to_numpy()
    grad = np.array([1.0 / (1.0 - rho), b / (1.0 - rho) ** 2])  # d long_run / d (b, rho)
    values = np.array([b, rho, b / (1.0 - rho)])
    jac = np.vstack([np.eye(2), grad])
    sample = Sample.of(data["region"], data["year"], int(fe.nobs), note)
    fixed_effects = JointEstimate(
        ("response", "persistence", "long_run_response"),
        values,
        jac @ cov @ jac.T,
        "pp per pp (response, long run); AR coefficient (persistence)",
        sample,
        "linearmodels PanelOLS with province fixed effects, Driscoll-Kraay se; long run "
        "b / (1 - rho) by the delta method",
        f"{sector}: g = a_i + b gnat + rho g(-1); rho is Nickell-biased down by about 0.05-0.1",
        {"n_obs": int(fe.nobs), "r2_within": float(fe.rsquared_within)},
    )
    # Anderson-Hsiao: D g_t = b D gnat_t + rho D g_t-1 + D e_t, D g_t-1 instrumented by g_t-2.
    gnat_by_year = frame.groupby("year")["gnat"].first()
    diff = data.assign(dy=data[y] - data[lag], dlag=data[lag] - data[lag2])
    diff["dgnat"] = diff["year"].map(gnat_by_year) - (diff["year"] - 1).map(gnat_by_year)
    diff = diff.dropna(subset=["dy", "dlag", "dgnat", lag2])
    iv = IV2SLS(
        diff["dy"],
        diff[["dgnat"]].assign(const=1.0),
        diff[["dlag"]],
        diff[[lag2]],
    ).fit(cov_type="clustered", clusters=diff["year"])
    names = ["dgnat", "dlag"]
    anderson_hsiao = JointEstimate(
        ("response", "persistence"),
        iv.params[names].to_numpy(),
        iv.cov.loc[names, names].to_numpy(),
        "pp per pp (response); AR coefficient (persistence)",
        Sample.of(diff["region"], diff["year"], int(iv.nobs), note),
        "linearmodels IV2SLS on first differences, g(-2) instruments D g(-1) (Anderson-Hsiao), "
        "se clustered by year",
        f"{sector}: consistent check on rho",
        {"n_obs": int(iv.nobs)},
    )
    return DynamicResponse(fixed_effects, anderson_hsiao)


def _note(exclude: Sequence[int], covid_dummy: bool) -> str:
    """Sample note: which years were left out, or whether 2020-2022 had a dummy."""
    parts = []
    if exclude:
        parts.append(f"{', '.join(map(str, sorted(exclude)))} excluded")
    if covid_dummy:
        parts.append("2020-2022 with a fixed shift")
    return "; ".join(parts)
