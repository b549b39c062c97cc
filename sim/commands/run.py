"""``run SCENARIO``: simulate, print the headline table, write the run's files atomically."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.commands.common import (
    UserError,
    add_run_options,
    load_scenario_or_fail,
    load_setup,
    positive_int,
    progress_bar,
    refuse_existing_out,
)

PRINT_YEARS = (2026, 2027, 2030)


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` command."""
    parser = sub.add_parser("run", help="run a scenario and write its results")
    parser.add_argument("scenario", type=Path, help="scenario YAML file")
    add_run_options(parser)
    parser.add_argument(
        "--chunk-size", type=positive_int, default=None, help="draws per chunk (memory only)"
    )
    parser.add_argument("--quiet", action="store_true", help="print only where results went")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the scenario and write summary.csv, draws.parquet and manifest.json."""
    from sim.engine import DEFAULT_CHUNK, simulate
    from sim.outputs.files import RUN_FILES, OutputExistsError, default_run_dir, write_run

    scenario = load_scenario_or_fail(args.scenario)
    refuse_existing_out(args.out)
    setup = load_setup()
    draws = args.draws or scenario.draws
    chunk = args.chunk_size or DEFAULT_CHUNK
    bar = progress_bar(draws, enabled=not args.quiet and draws > chunk)
    try:
        ensemble = simulate(
            scenario,
            draws=args.draws,
            seed=args.seed,
            chunk_size=chunk,
            setup=setup,
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    destination = args.out if args.out is not None else default_run_dir(ensemble)
    try:
        written = write_run(ensemble, destination)
    except OutputExistsError as exc:
        raise UserError(str(exc)) from None
    if not args.quiet:
        print(headline_table(ensemble))
    print(f"results written to {written}/ ({', '.join(RUN_FILES)})")
    return 0


def headline_table(ensemble) -> str:  # noqa: ANN001 - sim.results.Ensemble
    """Median and 90% band of the headline indicators in 2026, 2027, 2030 and the horizon."""
    from sim.model.indicators import HEADLINE, INDICATORS

    summary = ensemble.summary().set_index(["variable", "year"])
    years = [y for y in PRINT_YEARS if y in ensemble.years]
    if ensemble.years[-1] not in years:
        years.append(ensemble.years[-1])
    scenario = ensemble.scenario
    lines = [
        f"Scenario {scenario.name}: {scenario.draws} draws, seed {scenario.seed}. "
        "Median [5th percentile, 95th percentile]",
        "",
    ]
    header = f"{'indicator':<34}{'unit':<8}{'2025':>11}" + "".join(f"{y:>27}" for y in years)
    lines += [header, "-" * len(header)]
    for name in HEADLINE:
        cells = []
        for y in years:
            row = summary.loc[(name, y)]
            cells.append(f"{fmt(row.p50)} [{fmt(row.p05)}, {fmt(row.p95)}]")
        base = fmt(summary.loc[(name, 2025), "p50"])
        unit = INDICATORS[name].unit
        lines.append(f"{name:<34}{unit:<8}{base:>11}" + "".join(f"{c:>27}" for c in cells))
    return "\n".join(lines)


def fmt(value: float) -> str:
    """Compact number: millions as ``1.296m``, thousands with separators, else one decimal."""
    if abs(value) >= 100_000:
        return f"{value / 1e6:.3f}m"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}"
