"""Forecast skill of the backtest: the model, the model with the official target, the target, naive.

    .venv/bin/python benchmarks/backtest_skill.py [--origins 2016 ... 2024] [--horizon 1]
        [--draws 1000] [--replications 24] [--models pipeline reduced_form] [--csv FILE]
        [--level-years 5]

Runs :func:`sim.analysis.calibration.backtest.run_backtest` (parameters refitted on the data up to
each origin, the panel's estimates by origin from ``calibration/panel/by_origin.yaml``) and prints,
per variant, indicator and set of years, each forecaster's number of years, mean absolute error,
bias (mean of forecast minus actual), root mean squared error (pp) and the share of actuals inside
its 90% band. Forecasters: ``model`` (pipeline on, as users run it), ``reduced`` (reduced form),
``+tgt`` (the median combined with the official target, :mod:`forecast_skill`), ``corr`` (the
median shifted by the mean of its one-year-ahead errors known at the origin), the official
target itself, the last observed value and the mean of the previous five years.

The "before" block quotes the figures measured on main before issue 14 (origins 2018-2024, one
year ahead, 1000 draws, reduced form); they are not recomputed here. Takes several minutes (every
origin is calibrated and simulated for two variants and two models). ``--level-years`` is a
sensitivity check of calibrate's ``LEVEL_YEARS`` (set for this process only). Measures; asserts
nothing.
"""

from __future__ import annotations

import argparse
import time

import pandas as pd

from sim.analysis.calibration import calibrate
from sim.analysis.calibration.backtest import MODELS, PIPELINE_REPLICATIONS, run_backtest
from sim.analysis.calibration.calibrate import read_by_origin, read_inputs
from sim.inputs.seeds import load_seeds

BEFORE = """\
Before (main before issue 14, quoted, origins 2018-2024, h=1, 1000 draws, reduced form):
  issue text: GDP growth MAE model 1.50, official target 1.24 (0.74 without 2020 and 2022),
              last value 2.44; industrial VA growth MAE 3.24, bias -3.2 (every error negative)
  main at b4e7a24: GDP conditional MAE 0.75 (naive last 2.44, 5-year mean 1.98);
              unconditional 2.76 all years, 1.06 without 2020-2022; 90% band about 6 pp wide,
              coverage 100% outside the shock years
"""

COLUMNS = {
    ("model", "pipeline"): "model",
    ("model", "reduced_form"): "reduced",
    ("model + target", "pipeline"): "model+tgt",
    ("model + target", "reduced_form"): "reduced+tgt",
    ("model, corrected", "pipeline"): "model corr",
    ("model, corrected", "reduced_form"): "reduced corr",
    ("official target", "none"): "target",
    ("naive last", "none"): "naive last",
    ("naive 5-year mean", "none"): "naive avg5",
}


def table(skill: pd.DataFrame, horizon: int) -> str:
    """The skill rows of one horizon as aligned text, one line per forecaster."""
    part = skill[skill["horizon"] == horizon]
    blocks = []
    for (variant, indicator, years), group in part.groupby(
        ["variant", "indicator", "years"], sort=False
    ):
        lines = []
        for (forecaster, model), label in COLUMNS.items():
            match = group[(group["forecaster"] == forecaster) & (group["model"] == model)]
            if match.empty:
                continue
            r = match.iloc[0]
            cover = "" if pd.isna(r["coverage_90"]) else f"{r['coverage_90']:.0%}"
            width = "" if pd.isna(r["mean_band_90_width"]) else f"{r['mean_band_90_width']:.1f}"
            lines.append(
                f"    {label:<12} n={int(r['n']):>2}  MAE {r['mae']:5.2f}  bias {r['bias']:+5.2f}"
                f"  RMSE {r['rmse']:5.2f}  in90 {cover:>4}  width90 {width:>4}"
            )
        blocks.append(f"{variant} | {indicator} | {years}\n" + "\n".join(lines))
    return "\n".join(blocks)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--origins", type=int, nargs="+", default=list(range(2016, 2025)))
    parser.add_argument("--horizon", type=int, default=1)
    parser.add_argument("--draws", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20260101)
    parser.add_argument("--replications", type=int, default=PIPELINE_REPLICATIONS)
    parser.add_argument("--models", nargs="+", default=list(MODELS), choices=MODELS)
    parser.add_argument("--csv", help="also write the skill table to this CSV")
    parser.add_argument(
        "--level-years",
        type=int,
        default=calibrate.LEVEL_YEARS,
        help="sensitivity: recent non-shock years the growth level is fitted on (calibrate's "
        "LEVEL_YEARS, default %(default)s)",
    )
    args = parser.parse_args()
    calibrate.LEVEL_YEARS = args.level_years

    start = time.perf_counter()
    result = run_backtest(
        read_inputs(),
        load_seeds(),
        args.origins,
        args.horizon,
        args.draws,
        args.seed,
        read_by_origin(),
        models=tuple(args.models),
        replications=args.replications,
    )
    elapsed = time.perf_counter() - start
    print(BEFORE)
    print(
        f"After: origins {args.origins[0]}-{args.origins[-1]}, {args.draws} draws, "
        f"pipeline replications {args.replications}, level years {args.level_years}, "
        f"{elapsed:.0f} s\n"
    )
    for h in range(1, args.horizon + 1):
        print(f"== {h} year(s) ahead ==")
        print(table(result.skill, h))
    weights = result.forecasts[result.forecasts["indicator"] == "gdp_real_growth"]
    weights = weights.groupby(["variant", "model", "origin"])[["target_weight", "target_pairs"]]
    print("\nWeight of the model's median against the official target, by origin:")
    print(weights.first().to_string())
    if args.csv:
        result.skill.to_csv(args.csv, index=False, float_format="%.4g")
        print(f"skill table written to {args.csv}")


if __name__ == "__main__":
    main()
