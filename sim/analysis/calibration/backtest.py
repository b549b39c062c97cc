"""Rolling-origin backtest: calibrate on data up to an origin, project, compare with what happened.

For each origin year T the parameters are fitted on history up to T only and the model projects
T+1 ... T+H with its Monte Carlo bands. Two variants:

* ``unconditional`` uses only what was known at T: policy levers at their reference values (the
  conditions under which the fitted trends hold), national growth drawn around the model's own
  reference (normal, sd ``NATIONAL_SD``), no knowledge of later shocks;
* ``conditional`` is the same but with China's actual real growth in each year where the history
  has it: the gap between the two shows how much of the error is the driver's, how much the
  model's.

The projection starts from the 2025 sector structure and states (a simplification: growth rates
depend on the structure only through the weights of sectors, which move slowly). NEV capacity is
set to its maximum because no capacity history exists. Indicators compared: real GDP growth and
industrial value-added growth, the two the history covers annually.

Naive benchmarks: the last observed growth carried forward, and the mean of the five years up to
the origin (years without data skipped).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sim.analysis.calibration.calibrate import CalibrationInputs, calibrate, china_growth
from sim.analysis.calibration.estimators import SHOCK_YEARS
from sim.execution.simulate import ModelSetup, simulate
from sim.inputs.history import History
from sim.inputs.levers import ALL_INPUTS, BASE_YEAR, FIRST_YEAR
from sim.inputs.parameters_file import parameter_set_from_raw
from sim.inputs.scenario.schema import Scenario
from sim.inputs.scenario.values import TruncNormal
from sim.inputs.seeds import Seeds

INDICATORS = {
    "gdp_real_growth": ("gdp_real_growth_pct", "Chongqing"),
    "industrial_va_growth": ("industrial_va_growth_pct", "Chongqing"),
}
"""Model indicator -> (history indicator, region) compared in the backtest."""
VARIANTS = ("unconditional", "conditional")
NATIONAL_SD = 0.8
"""Uncertainty (pp) of national growth a year ahead when it is not known: about the spread of
China's growth forecasts against outturns outside 2020-2022."""
NAIVE_WINDOW = 5


@dataclass(frozen=True)
class Backtest:
    """Per-forecast rows and the coverage table."""

    forecasts: pd.DataFrame
    coverage: pd.DataFrame


def _reference_inputs() -> dict[str, float]:
    """Every input at its registry default for the first projected year.

    The model's baseline holds at these values; NEV capacity is set to its maximum because no
    capacity history exists.
    """
    ref = {name: spec.default_at(FIRST_YEAR) for name, spec in ALL_INPUTS.items()}
    ref["nev_capacity"] = ALL_INPUTS["nev_capacity"].high
    return ref


def backtest_scenario(
    origin: int,
    horizon: int,
    variant: str,
    history: History,
    national_history: pd.Series,
    draws: int,
    seed: int,
) -> Scenario:
    """The scenario of one origin and variant (model years 2026... stand for origin+1...).

    Unconditional: China's growth drawn around its growth in the origin year (what was known),
    sd ``NATIONAL_SD``; conditional: China's actual growth.
    """
    inputs: dict[str, object] = dict(_reference_inputs())
    national = float(national_history[origin])
    spec = ALL_INPUTS["national_gdp_growth"]
    drawn = TruncNormal(
        dist="truncnormal", mean=national, sd=NATIONAL_SD, low=spec.low, high=spec.high
    )
    path: dict[int, object] = {FIRST_YEAR + h: drawn for h in range(horizon)}
    if variant == "conditional":
        for h in range(horizon):
            if origin + 1 + h in national_history.index:
                path[FIRST_YEAR + h] = float(national_history[origin + 1 + h])
    inputs["national_gdp_growth"] = path
    return Scenario(
        name=f"backtest-{origin}-{variant}",
        description=f"Backtest from {origin}, {variant}",
        horizon=BASE_YEAR + horizon,
        draws=draws,
        seed=seed,
        inputs=inputs,  # type: ignore[arg-type]
        events=(),
        # The reduced form: what calibrate fits. At reference inputs the pipeline is in a steady
        # state (no systematic effect) and its noise is carved out of the calibrated shocks.
        pipeline_replications=0,
    )


def _naive(series: pd.Series, origin: int) -> tuple[float, float]:
    """Last observed growth at the origin, and the mean of the five years up to it."""
    last = float(series[origin]) if origin in series.index else float("nan")
    window = series[(series.index > origin - NAIVE_WINDOW) & (series.index <= origin)]
    return last, float(window.mean()) if len(window) else float("nan")


def run_backtest(
    inputs: CalibrationInputs,
    seeds: Seeds,
    origins: list[int],
    horizon: int,
    draws: int,
    seed: int,
) -> Backtest:
    """Backtest every origin and variant; see the module docstring."""
    history = inputs.history
    national = china_growth(inputs, max(history.span()))
    rows = []
    for origin in origins:
        calibration = calibrate(inputs, origin)
        parameter_set = parameter_set_from_raw(calibration.raw, f"fitted until {origin}")
        setup = ModelSetup(seeds=seeds, parameter_set=parameter_set)
        for variant in VARIANTS:
            scenario = backtest_scenario(origin, horizon, variant, history, national, draws, seed)
            result = simulate(scenario, setup=setup)
            for name, (indicator, region) in INDICATORS.items():
                actual = history.get(indicator, region=region)
                naive_last, naive_avg = _naive(actual[actual.index <= origin], origin)
                values = result.values[name]
                for h in range(1, horizon + 1):
                    year = origin + h
                    q05, q25, q50, q75, q95 = np.percentile(values[:, h], [5, 25, 50, 75, 95])
                    obs = float(actual[year]) if year in actual.index else float("nan")
                    rows.append(
                        {
                            "variant": variant,
                            "origin": origin,
                            "indicator": name,
                            "year": year,
                            "horizon": h,
                            "actual": obs,
                            "p05": q05,
                            "p25": q25,
                            "p50": q50,
                            "p75": q75,
                            "p95": q95,
                            "error": q50 - obs,
                            "in_50": bool(q25 <= obs <= q75) if obs == obs else None,
                            "in_90": bool(q05 <= obs <= q95) if obs == obs else None,
                            "naive_last": naive_last,
                            "naive_last_error": naive_last - obs,
                            "naive_avg5": naive_avg,
                            "naive_avg5_error": naive_avg - obs,
                            "shock_year": year in SHOCK_YEARS,
                        }
                    )
    forecasts = pd.DataFrame(rows)
    return Backtest(forecasts=forecasts, coverage=coverage_table(forecasts))


def coverage_table(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Per variant and indicator, all years and without shock years: coverage and errors."""
    scored = forecasts.dropna(subset=["actual"])
    rows = []
    for (variant, indicator), group in scored.groupby(["variant", "indicator"], sort=False):
        for label, part in (("all years", group), ("shock years out", group[~group.shock_year])):
            if part.empty:
                continue
            rows.append(
                {
                    "variant": variant,
                    "indicator": indicator,
                    "years": label,
                    "n": len(part),
                    "coverage_50": part["in_50"].astype(float).mean(),
                    "coverage_90": part["in_90"].astype(float).mean(),
                    "mae_model": part["error"].abs().mean(),
                    "mae_naive_last": part["naive_last_error"].abs().mean(),
                    "mae_naive_avg5": part["naive_avg5_error"].abs().mean(),
                    "rmse_model": float(np.sqrt((part["error"] ** 2).mean())),
                    "rmse_naive_last": float(np.sqrt((part["naive_last_error"] ** 2).mean())),
                    "rmse_naive_avg5": float(np.sqrt((part["naive_avg5_error"] ** 2).mean())),
                    "mean_band_90_width": (part["p95"] - part["p05"]).mean(),
                }
            )
    return pd.DataFrame(rows)
