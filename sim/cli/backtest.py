"""``backtest --origin YEAR [YEAR ...] [--horizon H] [--history FILE] [--out DIR]``."""

from __future__ import annotations

import argparse
import json
from datetime import UTC, datetime
from pathlib import Path

from sim.cli.common import bounded_int, draws, refuse_existing_out, seed
from sim.inputs.errors import UserError
from sim.inputs.limits import FIRST_HISTORY_YEAR, LAST_HISTORY_YEAR, MAX_BACKTEST_HORIZON

DEFAULT_DRAWS = 1000
DEFAULT_SEED = 20260101


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
    parser.add_argument("--out", type=Path, help="output folder (default: outputs/backtest/<id>/)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the backtest, write CSVs, a figure and a manifest, print the coverage table."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from sim.analysis.calibration.backtest import INDICATORS, run_backtest
    from sim.analysis.calibration.calibrate import read_inputs
    from sim.inputs.seeds import load_seeds
    from sim.outputs.backtest_plot import backtest_figure
    from sim.outputs.files import atomic_directory
    from sim.version import package_version

    refuse_existing_out(args.out)
    inputs = read_inputs(args.history)
    history = inputs.history
    missing = [f"{r} {i}" for i, r in INDICATORS.values() if history.get(i, region=r).empty]
    if missing:
        raise UserError(
            f"{history.path}: no rows of {', '.join(missing)}, which the backtest compares its "
            "forecasts with"
        )
    first, last = history.span()
    bad = [o for o in args.origin if not first + 3 <= o <= last - 1]
    if bad:
        raise UserError(
            f"origin {', '.join(map(str, bad))} outside {first + 3}-{last - 1}: an origin needs "
            "three years of history before it and at least one after it"
        )
    origins = sorted(set(args.origin))
    result = run_backtest(inputs, load_seeds(), origins, args.horizon, args.draws, args.seed)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    out = (
        args.out
        or Path("outputs") / "backtest" / f"{stamp}-o{origins[0]}-{origins[-1]}-h{args.horizon}"
    )
    actuals = {name: history.get(ind, region=reg) for name, (ind, reg) in INDICATORS.items()}
    target = atomic_directory(out, also_clean=Path("outputs"))
    with target as staging:
        result.forecasts.to_csv(staging / "backtest.csv", index=False, float_format="%.4g")
        result.coverage.to_csv(staging / "coverage.csv", index=False, float_format="%.4g")
        for variant in ("unconditional", "conditional"):
            fig = backtest_figure(result.forecasts, actuals, variant)
            fig.savefig(staging / f"backtest_{variant}.png", dpi=120)
            plt.close(fig)
        manifest = {
            "origins": origins,
            "horizon": args.horizon,
            "draws": args.draws,
            "seed": args.seed,
            "history_file": str(history.path),
            "package_version": package_version(),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    print(format_coverage(result.coverage))
    files = "backtest.csv, coverage.csv, backtest_*.png, manifest.json"
    print(f"results written to {target.destination}/ ({files})")
    return 0


def format_coverage(coverage) -> str:  # noqa: ANN001 - DataFrame
    """The coverage table as aligned text."""
    columns = {
        "variant": "variant",
        "indicator": "indicator",
        "years": "years",
        "n": "n",
        "coverage_50": "in 50%",
        "coverage_90": "in 90%",
        "mae_model": "MAE model",
        "mae_naive_last": "MAE last",
        "mae_naive_avg5": "MAE avg5",
        "mean_band_90_width": "90% width",
    }
    table = coverage[list(columns)].rename(columns=columns)
    return (
        "Backtest: share of actuals inside the model's bands; mean absolute errors (pp) of the "
        "model's median and of two naive forecasts (last growth; mean of the last five years)\n"
        + table.to_string(index=False, float_format=lambda v: f"{v:.2f}")
    )
