"""``sweep SPEC.yaml``: run many scenarios or a lever grid; write one tidy table."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import (
    add_engine_options,
    load_setup,
    make_engine_or_fail,
    progress_bar,
    refuse_existing_out,
)
from sim.inputs.errors import UserError, format_problems


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` command."""
    parser = sub.add_parser(
        "sweep",
        help="run several scenarios or a lever grid (factorial or Latin hypercube)",
        description=(
            "Run every point of a sweep file and write sweep.csv and sweep.parquet: one row per "
            "point, indicator and year, with the point's lever values as columns. See "
            "sim/inputs/sweep_file.py for the file format."
        ),
    )
    parser.add_argument("spec", type=Path, help="sweep file (YAML)")
    parser.add_argument("--out", type=Path, help="output folder (default: outputs/sweeps/...)")
    add_engine_options(parser)
    parser.add_argument("--quiet", action="store_true", help="print only where results went")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate the whole sweep first, then run its points one after another on the engine."""
    import json
    from datetime import UTC, datetime

    from sim.analysis.sweep import run_sweep
    from sim.execution.simulate import DEFAULT_CHUNK
    from sim.exports import write_csv
    from sim.inputs.scenario import ScenarioError
    from sim.inputs.sweep_file import load_sweep
    from sim.outputs.files import OUTPUTS_DIR, OutputExistsError, atomic_directory
    from sim.version import package_version

    try:
        sweep = load_sweep(args.spec)
    except ScenarioError as exc:
        raise UserError(format_problems(exc.problems)) from None
    refuse_existing_out(args.out)
    setup = load_setup()
    stamp = f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}"
    destination = args.out or OUTPUTS_DIR / "sweeps" / sweep.name / stamp
    total = sum(p.scenario.draws for p in sweep.points)
    engine = make_engine_or_fail(args)
    bar = progress_bar(total, enabled=not args.quiet)
    try:
        table = run_sweep(
            sweep,
            setup,
            engine,
            chunk_size=args.chunk_size or DEFAULT_CHUNK,
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
        engine.close()
    manifest = {
        "sweep_file": str(sweep.path),
        "design": sweep.design,
        "points": [
            {
                "point": p.index,
                "scenario": p.scenario.name,
                "levers": p.levers,
                "draws": p.scenario.draws,
                "seed": p.scenario.seed,
                "scenario_sha256": p.scenario.sha256(),
            }
            for p in sweep.points
        ],
        "engine": args.engine,
        "package_version": package_version(),
        "parameters_sha256": setup.parameter_set.sha256,
        "seeds_sha256": setup.seeds_sha256,
        "files": ["sweep.csv", "sweep.parquet", "manifest.json"],
    }
    target = atomic_directory(destination, also_clean=OUTPUTS_DIR)
    try:
        with target as staging:
            write_csv(table, staging / "sweep.csv")
            table.to_parquet(staging / "sweep.parquet", index=False)
            (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    except OutputExistsError as exc:
        raise UserError(str(exc)) from None
    if not args.quiet:
        print(f"{len(sweep.points)} points, {total:,} draws in all")
    print(f"results written to {target.destination}/ (sweep.csv, sweep.parquet, manifest.json)")
    return 0
