"""``backtest --origin YEAR [YEAR ...] [--horizon H] [--history FILE] [--out DIR]``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from sim.cli.common import bounded_int, draws, refuse_existing_out, seed
from sim.inputs.errors import UserError
from sim.inputs.limits import (
    FIRST_HISTORY_YEAR,
    LAST_HISTORY_YEAR,
    MAX_BACKTEST_HORIZON,
    MAX_REPLICATIONS,
)

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 20260101
REQUIRED = ("gdp_real_growth", "industrial_va_growth")
"""Indicators a history must have to be backtested (FAI, retail and trade are scored where
present)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``backtest`` command."""
    parser = sub.add_parser(
        "backtest", help="calibrate on data up to each origin, project, compare with actuals"
    )
    year = bounded_int(FIRST_HISTORY_YEAR, LAST_HISTORY_YEAR)
    parser.add_argument("--origin", type=year, nargs="+", required=True, help="origin years")
    horizon = bounded_int(1, MAX_BACKTEST_HORIZON)
    parser.add_argument("--horizon", type=horizon, default=3, help="years ahead (default 3)")
    parser.add_argument(
        "--history", type=Path, help="history CSV (default: calibration/history.csv)"
    )
    parser.add_argument("--draws", type=draws, default=DEFAULT_DRAWS, help="draws per run")
    parser.add_argument("--seed", type=seed, default=DEFAULT_SEED, help="random seed")
    parser.add_argument(
        "--replications",
        type=bounded_int(1, MAX_REPLICATIONS),
        help="pipeline replications of the model with the pipeline on (default: the baseline's)",
    )
    parser.add_argument("--out", type=Path, help="output folder (default: outputs/backtest/<id>/)")
    parser.set_defaults(handler=handle)


def check_origins(origins: list[int], span: tuple[int, int], cached: list[int]) -> list[int]:
    """The sorted origins, or a :class:`UserError` naming those that cannot be backtested."""
    first, last = span
    low, high = max(first + 3, min(cached)), min(last - 1, max(cached))
    bad = [o for o in origins if not (low <= o <= high and o in cached)]
    if bad:
        raise UserError(
            f"origin {', '.join(map(str, bad))} outside {low}-{high}: an origin needs three "
            "years of history before it, at least one after it and panel estimates up to it "
            "in calibration/panel/by_origin.yaml"
        )
    return sorted(set(origins))


def handle(args: argparse.Namespace) -> int:
    """Run the backtest, write CSVs, figures and a manifest, print the skill table."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.analysis.calibration.backtest import (
        INDICATORS,
        PIPELINE_REPLICATIONS,
        VARIANTS,
        run_backtest,
    )
    from sim.analysis.calibration.calibrate import PANEL_BY_ORIGIN, read_by_origin, read_inputs
    from sim.inputs.seeds import load_seeds
    from sim.outputs.backtest_plot import backtest_figure
    from sim.outputs.files import atomic_directory
    from sim.version import package_version

    refuse_existing_out(args.out)
    inputs = read_inputs(args.history)
    history = inputs.history
    required = [INDICATORS[name] for name in REQUIRED]
    missing = [f"{r} {i}" for i, r in required if history.get(i, region=r).empty]
    if missing:
        raise UserError(
            f"{history.path}: no rows of {', '.join(missing)}, which the backtest compares its "
            "forecasts with"
        )
    by_origin = read_by_origin()
    origins = check_origins(list(args.origin), history.span(), sorted(by_origin))
    replications = args.replications or PIPELINE_REPLICATIONS
    result = run_backtest(
        inputs,
        load_seeds(),
        origins,
        args.horizon,
        args.draws,
        args.seed,
        by_origin,
        replications=replications,
    )
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = (
        args.out
        or Path("outputs") / "backtest" / f"{stamp}-o{origins[0]}-{origins[-1]}-h{args.horizon}"
    )
    actuals = {name: history.get(ind, region=reg) for name, (ind, reg) in INDICATORS.items()}
    targets = {name: history.target(ind, region=reg) for name, (ind, reg) in INDICATORS.items()}
    target = atomic_directory(out, also_clean=Path("outputs"))
    with target as staging:
        result.forecasts.to_csv(staging / "backtest.csv", index=False, float_format="%.4g")
        result.coverage.to_csv(staging / "coverage.csv", index=False, float_format="%.4g")
        result.skill.to_csv(staging / "skill.csv", index=False, float_format="%.4g")
        for variant in VARIANTS:
            fig = backtest_figure(result.forecasts, actuals, variant, targets)
            fig.savefig(staging / f"backtest_{variant}.png", dpi=120)
            plt.close(fig)
        manifest = {
            "origins": [int(o) for o in origins],
            "horizon": int(args.horizon),
            "draws": int(args.draws),
            "seed": int(args.seed),
            "pipeline_replications": int(replications),
            "history_file": str(history.path),
            "panel_estimates_by_origin": str(PANEL_BY_ORIGIN),
            "package_version": package_version(),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(format_skill(result.skill))
    files = "backtest.csv, coverage.csv, skill.csv, backtest_*.png, manifest.json"
    print(f"results written to {target.destination}/ ({files})")
    return 0


SKILL_COLUMNS = {
    ("model", "pipeline"): "model",
    ("model", "reduced_form"): "reduced",
    ("model + target", "pipeline"): "model+tgt",
    ("model + target", "reduced_form"): "red.+tgt",
    ("official target", "none"): "target",
    ("naive last", "none"): "last",
    ("naive 5-year mean", "none"): "avg5",
}
"""(forecaster, model) -> column heading of the printed skill table."""


def format_skill(skill) -> str:  # noqa: ANN001 - DataFrame
    """One year ahead: MAE and bias of each forecaster and 90% coverage, as aligned text."""
    import pandas as pd

    one = skill[(skill["horizon"] == 1) & skill["years"].isin(["all years", "shock years out"])]
    lines = []
    for (indicator, variant, years), group in one.groupby(
        ["indicator", "variant", "years"], sort=False
    ):
        row: dict[str, object] = {"indicator": indicator, "variant": variant, "years": years}
        counts: dict[str, int] = {}
        for (forecaster, model), heading in SKILL_COLUMNS.items():
            match = group[(group["forecaster"] == forecaster) & (group["model"] == model)]
            if match.empty:
                row[heading] = ""
                continue
            r = match.iloc[0]
            row[heading] = f"{r['mae']:.2f} ({r['bias']:+.2f})"
            counts.setdefault(forecaster, int(r["n"]))
        row["n"] = counts.get("model", "")
        row["n target"] = counts.get("official target", 0)
        for forecaster, model, heading in (
            ("model", "pipeline", "in90 model"),
            ("model + target", "pipeline", "in90 model+tgt"),
        ):
            match = group[(group["forecaster"] == forecaster) & (group["model"] == model)]
            row[heading] = "" if match.empty else f"{match.iloc[0]['coverage_90']:.0%}"
        lines.append(row)
    table = pd.DataFrame(lines)
    return (
        "Backtest skill one year ahead: mean absolute error (bias = mean of forecast - actual) "
        "in pp; n: years scored (n target: years with a target);\n'model' runs the pipeline, "
        "'reduced' the reduced form, "
        "'+tgt' combines the median with the official target; in90: share of actuals inside "
        "the 90% band\n" + table.to_string(index=False)
    )
