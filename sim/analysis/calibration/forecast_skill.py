"""Scoring a backtest: the official target as information, and the skill of every forecaster.

**The official target as information.** Chongqing announces its growth targets for year T+1 in
January of T+1, with the outturn of T: they are known at origin T, and provinces tend to land near
them. The backtest's forecast of T+1 combines the model's median m with the target t::

    forecast = w m + (1 - w) t

and its bands are the model's shifted by ``forecast - m``. The weight is estimated by least
squares on the pairs known at the origin (rolling, no look-ahead): the real GDP growth forecasts
one year ahead from earlier origins s (s + 1 <= T) whose year had a target and an outturn a,

    w_T = sum_s (m_s - t_s)(a_s - t_s) / sum_s (m_s - t_s)^2,   clipped to [0, 1]

(the regression of the target's error on the model's departure from the target). With fewer
than :data:`MIN_PAIRS` pairs the weight is :data:`EQUAL_WEIGHT`, the equal weights of forecast
combination (Clemen 1989, Int. J. Forecasting 5(4); Smith and Wallis 2009, Oxford Bull. Econ.
Stat. 71(3): with few past errors, equal weights beat estimated ones). Rolling rather than a
leave-one-out over 2016-2024: the weight of an origin then uses only what was known there, as a
forecaster would have had it. GDP growth is the only indicator with a target in most years
(industrial VA, FAI and retail have one to two before 2025), so its weight is applied to the
others' targets where they exist. Two years ahead and beyond, no target is announced: the forecast
is the model's median.

**Intercept correction.** The model's median of each indicator is also shifted by the mean of its
own one-year-ahead errors known at the origin (forecast minus outturn for the years T - 4 ... T,
made from the earlier origins, with no data after T):

    corrected = m - mean over s + 1 in (T - W, T] of (m_{s+1|s} - a_{s+1}),  W = 5

and its bands with it (no correction while no error is known). It is Hendry and Clements's
intercept correction (1994, "On a theory of intercept corrections in macroeconometric
forecasting", in Holly ed., Money, Inflation and Employment; Clements and Hendry 1998, Forecasting
Economic Time Series, ch. 8), the standard answer to a forecast whose level is off for reasons
outside the model: here the nominal series (FAI, retail, trade) are projected at the 2026 plan's
inflation, export demand and levers rather than at the origin years' (which the history does not
hold). The window is the naive benchmarks' five years, fixed before any evaluation; every
indicator is corrected alike.

**Skill.** Per variant, model, indicator and horizon, over all years, without the shock years
(2020-2022), and over the years with a target: mean absolute error, bias (mean of forecast minus
actual), root mean squared error, and for forecasts with bands the share of actuals inside the
50% and 90% bands. Forecasters: the model's median, the model combined with the target, the
intercept-corrected model, the official target, the last observed value carried forward and the
mean of the previous five years.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

EQUAL_WEIGHT = 0.5
"""Weight of the model before :data:`MIN_PAIRS` pairs are known."""
MIN_PAIRS = 3
"""Pairs (model, target, outturn) needed before the weight is estimated."""
WEIGHT_INDICATOR = "gdp_real_growth"
"""The indicator the target weight is estimated on."""

CORRECTION_WINDOW = 5
"""Years of known one-year-ahead errors the intercept correction averages (the naive window)."""

FORECASTERS: dict[str, tuple[str, str | None]] = {
    "model": ("p50", "in_"),
    "model + target": ("forecast", "forecast_in_"),
    "model, corrected": ("corrected", "corrected_in_"),
    "official target": ("target", None),
    "naive last": ("naive_last", None),
    "naive 5-year mean": ("naive_avg5", None),
}
"""Forecaster -> (column of its forecast, prefix of its band columns or None)."""

SUBSETS = ("all years", "shock years out", "target years", "target years, shock years out")


def weight_pairs(forecasts: pd.DataFrame) -> pd.DataFrame:
    """The (origin, model median, target, outturn) pairs the weight is estimated on.

    Rows of ``forecasts`` for :data:`WEIGHT_INDICATOR`, one year ahead, with a target and an
    outturn; index: the (variant, model) they belong to.
    """
    rows = forecasts[
        (forecasts["indicator"] == WEIGHT_INDICATOR)
        & (forecasts["horizon"] == 1)
        & forecasts["target"].notna()
        & forecasts["actual"].notna()
    ]
    return rows[["variant", "model", "origin", "year", "p50", "target", "actual"]]


def target_weight(pairs: pd.DataFrame, origin: int) -> tuple[float, int]:
    """The model's weight at ``origin`` from the pairs whose year is known there (see above).

    Parameters
    ----------
    pairs : pandas.DataFrame
        Columns ``year`` (the forecast year), ``p50`` (model median), ``target``, ``actual``.
    origin : int
        Only pairs with ``year <= origin`` are used.

    Returns
    -------
    tuple of (float, int)
        The weight in [0, 1] and the number of pairs it was estimated on.
    """
    known = pairs[pairs["year"] <= origin]
    n = len(known)
    x = (known["p50"] - known["target"]).to_numpy(float)
    y = (known["actual"] - known["target"]).to_numpy(float)
    denominator = float(x @ x)
    if n < MIN_PAIRS or denominator == 0.0:
        return EQUAL_WEIGHT, n
    return float(np.clip(float(x @ y) / denominator, 0.0, 1.0)), n


def combine_with_target(forecasts: pd.DataFrame) -> pd.DataFrame:
    """``forecasts`` with the target weight, the combined forecast, its bands and errors.

    Adds ``target_weight``, ``target_pairs``, ``forecast``, ``forecast_p05`` ... ``forecast_p95``,
    ``forecast_error``, ``forecast_in_50``, ``forecast_in_90``, ``target_error``.
    """
    out = forecasts.copy()
    pairs = weight_pairs(out)
    weights = np.full(len(out), np.nan)
    counts = np.zeros(len(out), dtype=int)
    for (variant, model), group in out.groupby(["variant", "model"], sort=False):
        own = pairs[(pairs["variant"] == variant) & (pairs["model"] == model)]
        for origin in group["origin"].unique():
            w, n = target_weight(own, int(origin))
            where = (
                (out["variant"] == variant) & (out["model"] == model) & (out["origin"] == origin)
            ).to_numpy()
            weights[where], counts[where] = w, n
    out["target_weight"] = weights
    out["target_pairs"] = counts
    use = out["target"].notna() & (out["horizon"] == 1)
    combined = out["target_weight"] * out["p50"] + (1.0 - out["target_weight"]) * out["target"]
    out["forecast"] = combined.where(use, out["p50"])
    shift = out["forecast"] - out["p50"]
    for q in ("p05", "p25", "p75", "p95"):
        out[f"forecast_{q}"] = out[q] + shift
    out["forecast_error"] = out["forecast"] - out["actual"]
    out["target_error"] = out["target"] - out["actual"]
    observed = out["actual"].notna()
    for level, (lo, hi) in {"50": ("p25", "p75"), "90": ("p05", "p95")}.items():
        inside = (out[f"forecast_{lo}"] <= out["actual"]) & (out["actual"] <= out[f"forecast_{hi}"])
        out[f"forecast_in_{level}"] = inside.astype(object).where(observed, None)
    return out


def intercept_correct(forecasts: pd.DataFrame) -> pd.DataFrame:
    """``forecasts`` with the intercept-corrected median and bands (see the module docstring).

    Adds ``correction`` (pp subtracted from the model's percentiles), ``correction_errors`` (the
    known errors it averages), ``corrected``, ``corrected_p05`` ... ``corrected_p95``,
    ``corrected_error``, ``corrected_in_50`` and ``corrected_in_90``. Needs the one-year-ahead
    rows of the earlier origins (the backtest's training origins).
    """
    out = forecasts.copy()
    correction = np.zeros(len(out))
    counts = np.zeros(len(out), dtype=int)
    keys = ["variant", "model", "indicator"]
    for _, group in out.groupby(keys, sort=False):
        ahead = group[(group["horizon"] == 1) & group["actual"].notna()]
        errors = (ahead["p50"] - ahead["actual"]).to_numpy(dtype=float)
        years = ahead["year"].to_numpy()
        for origin in group["origin"].unique():
            known = (years <= origin) & (years > origin - CORRECTION_WINDOW)
            where = out.index.isin(group.index[group["origin"] == origin])
            counts[where] = int(known.sum())
            correction[where] = float(errors[known].mean()) if known.any() else 0.0
    out["correction"] = correction
    out["correction_errors"] = counts
    for q in ("p05", "p25", "p50", "p75", "p95"):
        name = "corrected" if q == "p50" else f"corrected_{q}"
        out[name] = out[q] - out["correction"]
    out["corrected_error"] = out["corrected"] - out["actual"]
    observed = out["actual"].notna()
    for level, (lo, hi) in {"50": ("p25", "p75"), "90": ("p05", "p95")}.items():
        low, high = out[f"corrected_{lo}"], out[f"corrected_{hi}"]
        inside = (low <= out["actual"]) & (out["actual"] <= high)
        out[f"corrected_in_{level}"] = inside.astype(object).where(observed, None)
    return out


def subset(part: pd.DataFrame, label: str) -> pd.DataFrame:
    """Rows of ``part`` in one of :data:`SUBSETS`."""
    if "shock years out" in label:
        part = part[~part["shock_year"].astype(bool)]
    if label.startswith("target years"):
        part = part[part["target"].notna()]
    return part


def _mean(values: pd.Series | np.ndarray) -> float:
    """Mean of the non-missing values (NaN if none), without a warning."""
    array = np.asarray(values, dtype=float)
    array = array[~np.isnan(array)]
    return float(array.mean()) if array.size else float("nan")


def scores(part: pd.DataFrame, column: str, band: str | None) -> dict[str, float]:
    """n, MAE, bias, RMSE (and band coverage) of the forecasts in ``column`` over ``part``."""
    actual = part["actual"].to_numpy(dtype=float)
    value = part[column].to_numpy(dtype=float)
    keep = ~np.isnan(actual) & ~np.isnan(value)
    error = value[keep] - actual[keep]
    n = int(keep.sum())
    out = {
        "n": n,
        "mae": _mean(np.abs(error)),
        "bias": _mean(error),
        "rmse": float(np.sqrt(_mean(error**2))) if n else float("nan"),
        "coverage_50": float("nan"),
        "coverage_90": float("nan"),
    }
    if band is not None:
        # None (no outturn) -> NaN, True/False -> 1/0.
        out["coverage_50"] = _mean(np.array(part[f"{band}50"].to_numpy()[keep], dtype=float))
        out["coverage_90"] = _mean(np.array(part[f"{band}90"].to_numpy()[keep], dtype=float))
    return out


def skill_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Every forecaster's scores by variant, model, indicator, horizon and subset of years.

    The official target and the naive forecasts do not depend on the model: their rows have
    ``model`` "none" (scored on the first model's rows, which hold the same years).
    """
    scored = forecasts.dropna(subset=["actual"])
    rows = []
    keys = ["variant", "indicator", "horizon"]
    for (variant, indicator, horizon), group in scored.groupby(keys, sort=False):
        by_model = dict(tuple(group.groupby("model", sort=False)))
        first = next(iter(by_model))
        for label in SUBSETS:
            parts = {model: subset(part, label) for model, part in by_model.items()}
            for forecaster, (column, band) in FORECASTERS.items():
                if column not in group.columns:  # e.g. not intercept-corrected
                    continue
                models = list(parts) if forecaster.startswith("model") else ["none"]
                for model in models:
                    part = parts[first if model == "none" else model]
                    result = scores(part, column, band)
                    if result["n"] == 0:
                        continue
                    width = _mean(part["p95"] - part["p05"]) if band is not None else float("nan")
                    rows.append(
                        {
                            "variant": variant,
                            "model": model,
                            "indicator": indicator,
                            "horizon": int(horizon),
                            "years": label,
                            "forecaster": forecaster,
                            **result,
                            "mean_band_90_width": width,
                        }
                    )
    return pd.DataFrame(rows)


def coverage_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Per variant, model and indicator, all years and without shock years: coverage and errors.

    The columns of earlier versions are kept (``coverage_50`` ... ``mean_band_90_width``, all
    of the model's median); the model's bias, the target's and the combined forecast's scores
    follow.
    """
    scored = forecasts.dropna(subset=["actual"])
    rows = []
    for (variant, model, indicator), group in scored.groupby(
        ["variant", "model", "indicator"], sort=False
    ):
        for label in ("all years", "shock years out"):
            part = subset(group, label)
            if part.empty:
                continue
            model_scores = scores(part, "p50", "in_")
            last = scores(part, "naive_last", None)
            avg = scores(part, "naive_avg5", None)
            target = scores(part, "target", None)
            combined = scores(part, "forecast", "forecast_in_")
            rows.append(
                {
                    "variant": variant,
                    "indicator": indicator,
                    "years": label,
                    "n": len(part),
                    "coverage_50": model_scores["coverage_50"],
                    "coverage_90": model_scores["coverage_90"],
                    "mae_model": model_scores["mae"],
                    "mae_naive_last": last["mae"],
                    "mae_naive_avg5": avg["mae"],
                    "rmse_model": model_scores["rmse"],
                    "rmse_naive_last": last["rmse"],
                    "rmse_naive_avg5": avg["rmse"],
                    "mean_band_90_width": _mean(part["p95"] - part["p05"]),
                    "model": model,
                    "bias_model": model_scores["bias"],
                    "bias_naive_last": last["bias"],
                    "bias_naive_avg5": avg["bias"],
                    "n_target": target["n"],
                    "mae_target": target["mae"],
                    "bias_target": target["bias"],
                    "rmse_target": target["rmse"],
                    "mae_forecast": combined["mae"],
                    "bias_forecast": combined["bias"],
                    "rmse_forecast": combined["rmse"],
                    "coverage_50_forecast": combined["coverage_50"],
                    "coverage_90_forecast": combined["coverage_90"],
                }
            )
    return pd.DataFrame(rows)
