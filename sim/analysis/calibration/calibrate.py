"""Fit the model's parameters to history: priors in, fitted parameters file out.

``calibration/priors.yaml`` holds every parameter with its prior value and reason. The fit
replaces those the history can inform and keeps the others as priors:

* trend growth of each sector: a damped linear trend of real GDP growth (shock years out), and
  for each group of sectors (agriculture, industry, construction, services) an OLS of its real
  growth on GDP growth, predicted at the GDP trend; within a group, sectors keep their prior
  spread; the VA-weighted trend equals the GDP trend;
* shock volatility: sector shock sizes keep their prior proportions, scaled together so that
  the model's one-year GDP growth surprise has the spread of the trend's one-step-ahead forecast
  errors on the history; persistence: AR(1) of the GDP trend residuals, shrunk to the prior;
* the response to national growth: OLS of Chongqing's on China's real growth, mapped onto the
  consumption elasticity so that the model's GDP responds one for one with the estimate;
* slow structural paths: relative growth of the SEI share (log-linear) and the speed of the NEV
  share of vehicle output (logistic);
* parameter uncertainty: standard errors of these estimates go into the ``uncertainty`` section,
  which Monte Carlo samples.

Correlations between sector shocks, the input-output table, demand shares, price drifts and the
responses to investment and external demand stay priors: the history has too few years for them.
The fit is deterministic: the same history and priors give the same file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.analysis.calibration import estimators
from sim.inputs.history import History, load_history
from sim.inputs.parameters_file import (
    ParameterError,
    parameters_from_mapping,
    uncertainty_from_mapping,
)
from sim.inputs.seeds import load_seeds
from sim.model.core import demand_shares, shock_cholesky
from sim.model.io_table import gross_output, spillover_matrix
from sim.model.parameters import Parameters
from sim.model.sectors import (
    INDUSTRY,
    SECONDARY,
    SECTOR_INDEX,
    SECTORS,
    SERVICES,
    indices,
)

DEFAULT_PRIORS = Path(__file__).resolve().parents[3] / "calibration" / "priors.yaml"
GROUPS: dict[str, tuple[tuple[str, ...], str]] = {
    "agriculture": (("agriculture",), "va_primary_real_growth_pct"),
    "industry": (INDUSTRY, "industrial_va_growth_pct"),
    "services": (SERVICES, "va_tertiary_real_growth_pct"),
}
"""Sector groups with their own growth series; construction is secondary minus industry."""
TREND_PRIOR_SE = 1.0
"""Standard error (pp) given to a trend that falls back to its prior."""
NATIONAL_GROWTH_SD = 0.8
"""Spread (pp) of China's growth a year ahead around expectations, outside 2020-2022: part of the
trend's forecast errors that the model attributes to national growth, not to local shocks."""
DIGITAL_PREMIUM_SE = 0.5
"""Judgemental standard error of the digital-economy premium: two observations under different
definitions cannot be fitted; +-0.5 pp a year spans the plan's path and a slower one."""


@dataclass
class Calibration:
    """The fitted parameters mapping (ready to write) and the estimates behind it."""

    raw: dict[str, Any]
    estimates: dict[str, estimators.Estimate] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    until: int = 0
    first_year: int = 0


def read_inputs(history_path: Path | None) -> tuple[History, dict[str, Any], np.ndarray]:
    """History (default ``calibration/history.csv``), parsed priors and 2025 sector value added.

    Raises
    ------
    HistoryError, SeedDataError
        If the history or the seeds file is unusable (errors the user can fix).
    """
    history = load_history(history_path)
    seeds = load_seeds()
    priors = yaml.safe_load(DEFAULT_PRIORS.read_text(encoding="utf-8"))
    va = seeds.sector_va()
    return history, priors, np.array([va[s] for s in SECTORS])


def fitted_parameters(
    history: History, priors_raw: dict[str, Any], va_2025: np.ndarray, until: int
) -> Calibration:
    """:func:`calibrate`, and a check that the result is a valid parameters file."""
    calibration = calibrate(history, priors_raw, va_2025, until)
    try:
        parameters_from_mapping(calibration.raw, "fitted parameters")
        uncertainty_from_mapping(calibration.raw, "fitted parameters")
    except ParameterError as exc:  # a bug in the fit, not the user's input
        raise RuntimeError(f"calibration produced an invalid parameters file:\n{exc}") from exc
    return calibration


def _weighted(values: np.ndarray, weights: np.ndarray, group: tuple[str, ...]) -> float:
    idx = indices(group)
    return float((values[idx] * weights[idx]).sum() / weights[idx].sum())


def calibrate(
    history: History, priors_raw: dict[str, Any], va_2025: np.ndarray, until: int
) -> Calibration:
    """Fit parameters on history up to ``until`` (inclusive).

    Parameters
    ----------
    history : History
        Observed series (``sim.inputs.history``).
    priors_raw : dict
        The parsed priors file.
    va_2025 : ndarray, shape (sectors,)
        Sector value added (RMB bn) giving the weights of the aggregation.
    until : int
        Last year of history used.
    """
    prior = parameters_from_mapping(priors_raw, "priors")
    raw = copy.deepcopy(priors_raw)
    out = Calibration(raw=raw, until=until)
    weights = va_2025 / va_2025.sum()
    gdp = history.get("gdp_real_growth_pct", until=until).to_dict()
    out.first_year = min(gdp) if gdp else until

    trend = estimators.fit_damped_trend(gdp, until)
    if trend is None:
        tau = estimators.Estimate(
            float(weights @ prior.trend_growth), TREND_PRIOR_SE, 0, (), "prior"
        )
        out.notes.append("GDP trend: fewer than 3 usable years, prior kept")
    else:
        tau = trend.level
    out.estimates["gdp_trend"] = tau

    trend_growth, sector_se = _sector_trends(history, prior, weights, tau.value, until, out)
    _set_sector(raw, "trend_growth", trend_growth, _trend_reason(out))
    if trend is not None:
        persistence = estimators.fit_persistence(trend.residuals, prior.shock_persistence)
        out.estimates["shock_persistence"] = persistence
        _set_scalar(raw, "shock_persistence", persistence.value, persistence.describe())

    _national(history, prior, va_2025, until, raw, out)
    _shocks(gdp, prior, va_2025, until, raw, out)  # after _national: uses its response
    _structural(history, prior, trend_growth, weights, until, raw, out)
    raw["uncertainty"] = _uncertainty(prior, tau, sector_se, out)
    raw["status"] = "fitted"
    raw["data_span"] = [out.first_year, until]
    raw["fit_statistics"] = {k: e.describe() for k, e in out.estimates.items()}
    raw["fit_notes"] = out.notes
    return out


def _sector_trends(
    history: History,
    prior: Parameters,
    weights: np.ndarray,
    tau: float,
    until: int,
    out: Calibration,
) -> tuple[np.ndarray, np.ndarray]:
    """Sector trends (%) and their standard errors."""
    gdp = history.get("gdp_real_growth_pct", until=until).to_dict()
    base = prior.trend_growth.astype(float)
    trends = base.copy()
    se = np.full(len(SECTORS), TREND_PRIOR_SE)
    group_level: dict[str, float] = {}
    for name, (members, series) in GROUPS.items():
        result = estimators.fit_group_response(
            history.get(series, until=until).to_dict(), gdp, until, tau
        )
        idx = indices(members)
        prior_mean = _weighted(base, weights, members)
        if result is None:
            out.notes.append(f"{name}: no usable years of {series}, prior trend kept")
            group_level[name] = prior_mean
            continue
        out.estimates[f"trend_{name}"] = result.trend
        group_level[name] = result.trend.value
        trends[idx] = base[idx] - prior_mean + result.trend.value
        se[idx] = result.trend.se
    secondary = estimators.fit_group_response(
        history.get("va_secondary_real_growth_pct", until=until).to_dict(), gdp, until, tau
    )
    con = SECTOR_INDEX["construction"]
    if secondary is not None:
        out.estimates["trend_secondary"] = secondary.trend
        w_ind, w_con = weights[indices(INDUSTRY)].sum(), weights[con]
        w_sec = weights[indices(SECONDARY)].sum()
        level = (w_sec * secondary.trend.value - w_ind * group_level["industry"]) / w_con
        trends[con] = level
        se[con] = secondary.trend.se
    # The VA-weighted trend equals the GDP trend: shift every sector by the same amount.
    trends += tau - float(weights @ trends)
    return trends, se


def _shocks(
    gdp: dict[int, float],
    prior: Parameters,
    va: np.ndarray,
    until: int,
    raw: dict[str, Any],
    out: Calibration,
) -> None:
    """Scale sector shock sizes to the trend's one-step-ahead forecast errors of GDP growth."""
    errors = estimators.trend_forecast_errors(gdp, until)
    if len(errors) < 3:
        out.notes.append("shock sizes: fewer than 3 one-step-ahead errors, priors kept")
        return
    values = np.array(list(errors.values()))
    rms = float(np.sqrt((values**2).mean()))
    # The errors also contain national-growth surprises and trend-estimation error, which the
    # model samples separately: local shocks carry only the rest of the variance.
    beta = out.estimates.get("national_response")
    national = (beta.value if beta else 1.0) * NATIONAL_GROWTH_SD
    trend_se = out.estimates["gdp_trend"].se
    target = float(np.sqrt(max(rms**2 - national**2 - trend_se**2, 0.25 * rms**2)))
    scale = target / _implied_gdp_sd(prior, va)
    years = tuple(errors)
    out.estimates["gdp_forecast_error_sd"] = estimators.Estimate(
        rms,
        rms / np.sqrt(2 * len(values)),
        len(values),
        years,
        "rms of one-step-ahead trend forecast errors ("
        + ", ".join(f"{y}: {e:+.1f}" for y, e in errors.items())
        + ")",
    )
    _set_sector(
        raw,
        "shock_sd",
        prior.shock_sd * scale,
        f"Prior proportions scaled by {scale:.2f} so that one year's sector shocks give GDP "
        f"growth a standard deviation of {target:.2f} pp: the rms of the GDP trend's one-step-"
        f"ahead forecast errors in {years[0]}-{years[-1]} ({rms:.2f} pp, shock years out) less, "
        f"in variance, national-growth surprises ({national:.2f} pp) and the trend's standard "
        f"error ({trend_se:.2f} pp), which Monte Carlo draws separately.",
    )


def _trend_reason(out: Calibration) -> str:
    parts = [
        f"{k}: {e.describe()}" for k, e in out.estimates.items() if k.startswith(("gdp", "trend"))
    ]
    return (
        "Fitted. GDP trend for the year after the data, then each group's growth predicted at "
        "it; sectors within a group keep their prior spread; construction is secondary minus "
        "industry; all shifted so that the VA-weighted trend equals the GDP trend. "
        + "; ".join(parts)
    )


def _implied_gdp_sd(params: Parameters, va: np.ndarray) -> float:
    """Standard deviation (pp) of GDP growth from one year's sector shocks in the model."""
    m = spillover_matrix(params.io_coefficients, gross_output(va, params.va_ratio))
    weights = va / va.sum()
    loading = (weights @ m) * params.shock_sd
    chol = shock_cholesky(params.shock_factor_loading)
    return float(np.linalg.norm(loading @ chol))


def _national(
    history: History,
    prior: Parameters,
    va: np.ndarray,
    until: int,
    raw: dict[str, Any],
    out: Calibration,
) -> None:
    """Map the estimated response to China's growth onto the consumption elasticity."""
    beta = estimators.fit_national_response(
        history.get("gdp_real_growth_pct", until=until).to_dict(),
        history.get("gdp_real_growth_pct", region="China", until=until).to_dict(),
        until,
    )
    if beta is None:
        out.notes.append("national response: fewer than 3 years of China's growth, prior kept")
        return
    out.estimates["national_response"] = beta
    m = spillover_matrix(prior.io_coefficients, gross_output(va, prior.va_ratio))
    w_m = (va / va.sum()) @ m
    shares = demand_shares(prior)
    per_consumption = float(w_m @ shares[:, 0])
    via_exports = prior.export_national_weight * float(w_m @ shares[:, 2])
    elasticity = float(np.clip((beta.value - via_exports) / per_consumption, 0.0, 3.0))
    se = beta.se / per_consumption
    out.estimates["consumption_national_elasticity"] = estimators.Estimate(
        elasticity, se, beta.n, beta.years, "from the national response"
    )
    _set_scalar(
        raw,
        "consumption_national_elasticity",
        elasticity,
        f"Fitted: Chongqing's real growth moves {beta.value:.2f} pp per pp of China's "
        f"({beta.describe()}); 2020-2022 included on purpose (national shocks identify the "
        f"response). Exports to other provinces carry {via_exports:.2f} of it; consumption the "
        f"rest: elasticity {elasticity:.2f}.",
    )


def _structural(
    history: History,
    prior: Parameters,
    trends: np.ndarray,
    weights: np.ndarray,
    until: int,
    raw: dict[str, Any],
    out: Calibration,
) -> None:
    """SEI share premium and NEV share speed."""
    sei = estimators.fit_share_growth(
        history.get("sei_share_of_industrial_va_pct", until=until).to_dict(), until
    )
    if sei is not None:
        hi_tech = _weighted(trends, weights, ("automotive", "electronics"))
        industry = _weighted(trends, weights, INDUSTRY)
        premium = sei.value - prior.sei_high_tech_weight * (hi_tech - industry)
        out.estimates["sei_share_growth"] = sei
        _set_scalar(
            raw,
            "sei_premium",
            premium,
            f"Fitted: the SEI share of industrial value added grew {sei.describe()}; less the part "
            f"the model explains by autos and electronics outgrowing industry at trend "
            f"({prior.sei_high_tech_weight} x {hi_tech - industry:.2f} pp). Assumes the share of "
            "output (the target's base) grows like the share of value added.",
        )
    else:
        out.notes.append("SEI share: fewer than 3 years, prior kept")
    nev = history.get("nev_output_units", until=until)
    autos = history.get("auto_output_units", until=until)
    shares = {y: nev[y] / autos[y] for y in nev.index if y in autos.index}
    speed = estimators.fit_logistic_speed(shares, prior.nev_share_ceiling, until)
    if speed is not None:
        out.estimates["nev_share_speed"] = speed
        _set_scalar(
            raw,
            "nev_share_speed",
            max(speed.value, 0.0),
            f"Fitted on NEV output over vehicle output ({speed.describe()}; shares "
            + ", ".join(f"{y}: {s:.3f}" for y, s in sorted(shares.items()))
            + f"), ceiling {prior.nev_share_ceiling} kept.",
        )
    else:
        out.notes.append("NEV share: fewer than 2 consecutive years, prior kept")


def _uncertainty(
    prior: Parameters, tau: estimators.Estimate, sector_se: np.ndarray, out: Calibration
) -> dict[str, Any]:
    """The ``uncertainty`` section: standard errors Monte Carlo samples from."""
    section: dict[str, Any] = {
        "trend_growth": {
            "reason": "Standard errors of the fit: common_se of the GDP trend (shared by all "
            "sectors), se of each group's prediction (sector-specific part).",
            "common_se": round(tau.se, 4),
            "se": {s: round(float(v), 4) for s, v in zip(SECTORS, sector_se, strict=True)},
            "low": -20.0,
            "high": 40.0,
        },
        "digital_premium": {
            "reason": "Not fitted (two observations under different definitions); judgemental "
            f"se {DIGITAL_PREMIUM_SE} pp a year.",
            "se": DIGITAL_PREMIUM_SE,
            "low": -5.0,
            "high": 10.0,
        },
    }
    for name, key, low, high in (
        ("consumption_national_elasticity", "consumption_national_elasticity", 0.0, 3.0),
        ("sei_premium", "sei_share_growth", -10.0, 20.0),
        ("nev_share_speed", "nev_share_speed", 0.0, 2.0),
    ):
        if key in out.estimates:
            section[name] = {
                "reason": f"Standard error of the fit ({out.estimates[key].method}).",
                "se": round(out.estimates[key].se, 4),
                "low": low,
                "high": high,
            }
    return section


def _set_sector(raw: dict[str, Any], name: str, values: np.ndarray, reason: str) -> None:
    entry = raw["sector"][name]
    entry["values"] = {s: round(float(v), 4) for s, v in zip(SECTORS, values, strict=True)}
    entry["reason"] = reason


def _set_scalar(raw: dict[str, Any], name: str, value: float, reason: str) -> None:
    entry = raw["scalar"][name]
    entry["value"] = round(float(value), 4)
    entry["reason"] = reason
