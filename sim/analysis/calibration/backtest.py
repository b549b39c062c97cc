"""Rolling-origin backtest: calibrate on data up to an origin, project, compare with what happened.

For each origin year T the parameters are fitted on data up to T only (Chongqing's history up to
T; the panel's national responses, shock persistence and shock sizes re-estimated on the panel's
years up to T, cached in ``calibration/panel/by_origin.yaml``) and the model projects T+1 ... T+H
with its Monte Carlo bands. Two models:

* ``pipeline``: the model as users run it, the investment pipeline on with
  :data:`PIPELINE_REPLICATIONS` replications (the baseline scenario's number);
* ``reduced_form``: the reduced form calibrate fits (``pipeline_replications: 0``).

Two variants:

* ``unconditional`` uses only what was known at T: policy levers at their reference values (the
  conditions under which the fitted trends hold), national growth drawn around China's official
  target for T+1 (or its growth in T where no target was set; normal, sd ``NATIONAL_SD``), no
  knowledge of later shocks;
* ``conditional`` is the same but with China's actual real growth in each year where the history
  has it: the gap between the two shows how much of the error is the driver's, how much the
  model's.

The official target for T+1 (announced with T's outturn) is combined with the model's median by
a weight estimated on earlier origins (:mod:`forecast_skill`). To estimate it, the model also runs
at the earlier origins from :data:`FIRST_ORIGIN` whose next year had a target, one year ahead.

The projection starts from the 2025 sector structure and states (a simplification: growth rates
depend on the structure only through the weights of sectors, which move slowly). NEV capacity is
set to its maximum because no capacity history exists. Indicators compared: those the history has
annually (:data:`INDICATORS`). Nominal growth (FAI, retail, trade) is projected at the reference
inflation, export demand and levers of the 2026 plan, which the origins' years did not have: only
real GDP and industrial growth are driven by what happened (China's growth). The intercept
correction of :mod:`forecast_skill` (the mean of the model's own errors known at the origin) is
scored beside the raw model for every indicator.

Naive benchmarks: the last value observed in the five years up to the origin carried forward (the
origin's own for annual series; the latest known for sparse ones such as FAI and retail), and the
mean of the five years up to the origin (years without data skipped).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sim.analysis.calibration import forecast_skill
from sim.analysis.calibration.calibrate import (
    CalibrationInputs,
    calibrate,
    china_growth,
    panel_at_origin,
)
from sim.analysis.calibration.estimators import SHOCK_YEARS
from sim.execution.simulate import ModelSetup, simulate
from sim.inputs.history import History
from sim.inputs.levers import ALL_INPUTS, BASE_YEAR, DEFAULT_PIPELINE_REPLICATIONS, FIRST_YEAR
from sim.inputs.parameters_file import parameter_set_from_raw
from sim.inputs.scenario.schema import Scenario
from sim.inputs.scenario.values import TruncNormal
from sim.inputs.seeds import Seeds

INDICATORS = {
    "gdp_real_growth": ("gdp_real_growth_pct", "Chongqing"),
    "industrial_va_growth": ("industrial_va_growth_pct", "Chongqing"),
    "fai_growth": ("fai_growth_pct", "Chongqing"),
    "retail_sales_growth": ("retail_sales_growth_pct", "Chongqing"),
    "foreign_trade_growth": ("foreign_trade_growth_pct", "Chongqing"),
}
"""Model indicator -> (history indicator, region) compared in the backtest."""
VARIANTS = ("unconditional", "conditional")
MODELS = ("pipeline", "reduced_form")
PIPELINE_REPLICATIONS = DEFAULT_PIPELINE_REPLICATIONS
"""Pipeline replications of the ``pipeline`` model: the baseline scenario's."""
NATIONAL_SD = 0.8
"""Uncertainty (pp) of national growth a year ahead when it is not known: about the spread of
China's growth forecasts against outturns outside 2020-2022."""
NAIVE_WINDOW = 5
FIRST_ORIGIN = 2015
"""Earliest origin the backtest runs (its panel estimates are in ``by_origin.yaml``)."""


@dataclass(frozen=True)
class Backtest:
    """Per-forecast rows, the coverage table and the skill table."""

    forecasts: pd.DataFrame
    coverage: pd.DataFrame
    skill: pd.DataFrame


def _reference_inputs() -> dict[str, float]:
    """Every input at its registry default for the first projected year.

    The model's baseline holds at these values; NEV capacity is set to its maximum because no
    capacity history exists.
    """
    ref = {name: spec.default_at(FIRST_YEAR) for name, spec in ALL_INPUTS.items()}
    ref["nev_capacity"] = ALL_INPUTS["nev_capacity"].high
    return ref


def unconditional_national(origin: int, history: History, national_history: pd.Series) -> float:
    """Centre (%) of China's growth in the unconditional variant: next year's target or last growth.

    Carrying the origin year's growth forward put 2021 at China's 2.3% of 2020 and 2022 at the
    8.4% rebound of 2021; the national target is what forecasters used instead.
    """
    target = history.target("gdp_real_growth_pct", region="China")
    if origin + 1 in target.index:
        return float(target[origin + 1])
    return float(national_history[origin])


def backtest_scenario(
    origin: int,
    horizon: int,
    variant: str,
    history: History,
    national_history: pd.Series,
    draws: int,
    seed: int,
    replications: int = 0,
) -> Scenario:
    """The scenario of one origin and variant (model years 2026... stand for origin+1...).

    Unconditional: China's growth drawn around China's official target for the next year where
    one was set (announced in March, two months after the origin; none for 2020), else around
    its growth in the origin year, sd ``NATIONAL_SD``; conditional: China's actual growth.
    ``replications``: pipeline replications (0: the reduced form).
    """
    inputs: dict[str, object] = dict(_reference_inputs())
    national = unconditional_national(origin, history, national_history)
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
        # At reference inputs the pipeline is in a steady state (no systematic effect) and its
        # noise is carved out of the calibrated shocks; the reduced form runs without it.
        pipeline_replications=replications,
    )


def _naive(series: pd.Series, origin: int) -> tuple[float, float]:
    """Last observed value in the five years up to the origin, and their mean.

    Annual series (GDP) have the origin's own value; sparse ones (FAI, retail, trade) carry the
    latest value known at the origin, as a forecaster would, but none older than five years.
    """
    window = series[(series.index > origin - NAIVE_WINDOW) & (series.index <= origin)]
    window = window.dropna().sort_index()
    if not len(window):
        return float("nan"), float("nan")
    return float(window.iloc[-1]), float(window.mean())


def training_origins(history: History, origins: list[int]) -> list[int]:
    """Origins before the last requested one whose next year has a GDP growth target.

    Their one-year-ahead forecasts estimate the weight of the target (:mod:`forecast_skill`).
    """
    targets = history.target(INDICATORS[forecast_skill.WEIGHT_INDICATOR][0])
    return [
        s for s in range(FIRST_ORIGIN, max(origins)) if s + 1 in targets.index and s not in origins
    ]


def _rows(
    values: dict[str, np.ndarray],
    history: History,
    origin: int,
    horizon: int,
    labels: dict[str, Any],
) -> list[dict[str, Any]]:
    """One row per indicator and year ahead: the model's percentiles, the actual, the benchmarks."""
    rows = []
    for name, (indicator, region) in INDICATORS.items():
        actual = history.get(indicator, region=region)
        target = history.target(indicator, region=region)
        naive_last, naive_avg = _naive(actual[actual.index <= origin], origin)
        for h in range(1, horizon + 1):
            year = origin + h
            q05, q25, q50, q75, q95 = np.percentile(values[name][:, h], [5, 25, 50, 75, 95])
            obs = float(actual[year]) if year in actual.index else float("nan")
            announced = float(target[year]) if h == 1 and year in target.index else float("nan")
            observed = obs == obs
            rows.append(
                {
                    "variant": labels["variant"],
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
                    "in_50": bool(q25 <= obs <= q75) if observed else None,
                    "in_90": bool(q05 <= obs <= q95) if observed else None,
                    "naive_last": naive_last,
                    "naive_last_error": naive_last - obs,
                    "naive_avg5": naive_avg,
                    "naive_avg5_error": naive_avg - obs,
                    "shock_year": year in SHOCK_YEARS,
                    "model": labels["model"],
                    "target": announced,
                    "panel_until": labels["panel_until"],
                }
            )
    return rows


def run_backtest(
    inputs: CalibrationInputs,
    seeds: Seeds,
    origins: list[int],
    horizon: int,
    draws: int,
    seed: int,
    by_origin: dict[int, dict[str, Any]],
    models: tuple[str, ...] = MODELS,
    replications: int = PIPELINE_REPLICATIONS,
) -> Backtest:
    """Backtest every origin, variant and model; see the module docstring.

    Parameters
    ----------
    by_origin : dict
        Panel estimates by origin (:func:`calibrate.read_by_origin`); every origin run must be
        in it.
    models : tuple of str
        Among :data:`MODELS`.
    replications : int
        Pipeline replications of the ``pipeline`` model.
    """
    history = inputs.history
    national = china_growth(inputs, max(history.span()))
    extra = training_origins(history, origins)
    rows = []
    for origin in sorted({*origins, *extra}):
        panel = panel_at_origin(inputs.panel, by_origin, origin)
        calibration = calibrate(inputs, origin, panel)
        parameter_set = parameter_set_from_raw(calibration.raw, f"fitted until {origin}")
        setup = ModelSetup(seeds=seeds, parameter_set=parameter_set)
        steps = horizon if origin in origins else 1
        for variant in VARIANTS:
            for model in models:
                reps = replications if model == "pipeline" else 0
                scenario = backtest_scenario(
                    origin, steps, variant, history, national, draws, seed, reps
                )
                result = simulate(scenario, setup=setup)
                labels = {
                    "variant": variant,
                    "model": model,
                    "panel_until": int(by_origin[origin]["data_until"]),
                }
                rows.extend(_rows(result.values, history, origin, steps, labels))
    forecasts = forecast_skill.combine_with_target(pd.DataFrame(rows))
    forecasts = forecast_skill.intercept_correct(forecasts)
    forecasts = forecasts[forecasts["origin"].isin(origins)].reset_index(drop=True)
    return Backtest(
        forecasts=forecasts,
        coverage=forecast_skill.coverage_table(forecasts),
        skill=forecast_skill.skill_table(forecasts),
    )
