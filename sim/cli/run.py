"""``run SCENARIO``: simulate, print the headline table, write the run's files atomically."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from sim.cli.common import (
    SCENARIO_HELP,
    add_engine_options,
    add_lang_option,
    add_no_report_option,
    add_run_options,
    add_set_option,
    add_template_option,
    load_scenario_or_fail,
    load_setup,
    make_engine_or_fail,
    progress_bar,
    refuse_existing_out,
)
from sim.inputs.errors import UserError

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.executors import Engine

PRINT_YEARS = (2026, 2027, 2030)
TORNADO_YEAR = 2027
"""Year of the targets whose drivers (a lever tornado) the run's report shows."""
TORNADO_DRAWS = 4096
"""Most draws of the run's tornado (its first block): a probability's standard error is then at
most 0.8 pp (50 / sqrt(draws) pp), and a lever's change, on common random numbers, less; enough
to rank the levers, which is what the figure is for. The ``targets`` command runs every draw of
its scenario."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``run`` command."""
    parser = sub.add_parser("run", help="run a scenario and write its results")
    parser.add_argument("scenario", help=SCENARIO_HELP)
    add_run_options(parser)
    add_set_option(parser)
    add_lang_option(parser)
    add_template_option(parser)
    add_engine_options(parser)
    parser.add_argument("--quiet", action="store_true", help="print only where results went")
    parser.add_argument(
        "--figures-format",
        choices=("png", "svg", "pdf"),
        default="png",
        help="PNG figures are always written (the report embeds them); svg or pdf adds a copy",
    )
    add_no_report_option(parser)
    parser.add_argument(
        "--timings",
        action="store_true",
        help="print where the time went (wall seconds per phase, CPU seconds) to stderr",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the scenario; write summary.csv, draws.parquet, manifest.json, report and figures.

    With ``--no-report``, the three data files only (no scorecard, tornado, figures or report).

    Draws stream to draws.parquet chunk by chunk in the run's staging folder, so memory stays
    bounded; the folder appears only when every file is complete.
    """
    from sim.cli.timings import PhaseClock
    from sim.execution.simulate import DEFAULT_CHUNK, simulate
    from sim.model.indicators import HEADLINE
    from sim.outputs.files import (
        OUTPUTS_DIR,
        RUN_FILES,
        DrawsWriter,
        OutputExistsError,
        atomic_directory,
        default_run_dir,
        write_run_files,
    )
    from sim.outputs.report import report_files

    clock = PhaseClock()
    scenario = load_scenario_or_fail(args.scenario, args.sets).with_overrides(
        draws=args.draws, seed=args.seed
    )
    refuse_existing_out(args.out)
    with clock.phase("setup"):
        setup = load_setup()
    destination = args.out if args.out is not None else default_run_dir(scenario)
    chunk = args.chunk_size or DEFAULT_CHUNK
    engine = make_engine_or_fail(args)
    bar = progress_bar(scenario.draws, enabled=not args.quiet and scenario.draws > chunk)
    target = atomic_directory(destination, also_clean=OUTPUTS_DIR)
    try:
        with target as staging:
            with clock.phase("simulate"):
                with DrawsWriter(staging / "draws.parquet", scenario, HEADLINE) as sink:
                    ensemble = simulate(
                        scenario,
                        chunk_size=chunk,
                        setup=setup,
                        engine=engine,
                        progress=bar.update if bar is not None else None,
                        keep=HEADLINE,
                        on_chunk=sink.write,
                    )
                clock.notes["simulate"] = f"of which the draws file {sink.seconds:.2f} s"
                target.flush_soon(staging / "draws.parquet")  # while the report is made
                close_early(engine)  # its workers' memory and CPUs go to the report
            if bar is not None:
                bar.close()
                bar = None
            extra = {}
            if args.report:
                with clock.phase("scorecard and tornado"):
                    scorecard, tornadoes = target_inputs(ensemble, setup)
                with clock.phase("figures and report"):
                    extra = report_files(
                        [ensemble],
                        setup.seeds,
                        scorecard=scorecard,
                        tornadoes=tornadoes,
                        vector_format=args.figures_format,
                        lang=args.lang,
                        template=args.template,
                    )
            with clock.phase("files"):
                command = {"command": "run", "set": list(args.sets)}
                write_run_files(ensemble, staging, extra, lang=args.lang, command=command)
    except OutputExistsError as exc:
        raise UserError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
        engine.close()
    if not args.quiet:
        print(headline_table(ensemble))
    written = ", ".join([*RUN_FILES, *(["report.html", "figures/"] if args.report else [])])
    print(f"results written to {target.destination}/ ({written})")
    if args.timings:
        print(clock.line(), file=sys.stderr)
    return 0


def close_early(engine: Engine) -> None:
    """Close ``engine`` once the draws are in; a failure to close is a warning, not a lost run."""
    try:
        engine.close()
    except Exception as exc:  # noqa: BLE001 - the draws are done; the run goes on
        print(f"warning: the engine did not close cleanly: {exc}", file=sys.stderr)


def target_inputs(ensemble, setup) -> tuple:  # noqa: ANN001 - Ensemble, ModelSetup
    """The run's target scorecard and the lever tornado of its 2027 targets, for the report."""
    from sim.analysis.targets.drivers import TORNADO_SHARE, tornado
    from sim.analysis.targets.moves import WHAT_IF_REPLICATIONS
    from sim.analysis.targets.scorecard import scorecard_table
    from sim.inputs.targets_file import TargetsError, load_targets
    from sim.outputs.tables import target_tornado

    try:
        targets = load_targets()
    except TargetsError as exc:
        raise UserError(str(exc)) from None
    scorecard = scorecard_table([ensemble], targets)
    chosen = tuple(t for t in targets if t.year == TORNADO_YEAR and t.year in ensemble.years)
    if not chosen:
        return scorecard, {}
    # The report's tornado moves the levers on one pipeline replication and at most
    # TORNADO_DRAWS draws (a run stays fast); the figure states the probability it starts from
    # beside the scorecard's (``target_tornado``).
    levers, _ = tornado(
        ensemble, chosen, setup, replications=WHAT_IF_REPLICATIONS, draws=TORNADO_DRAWS
    )
    drawn = target_tornado(levers, scorecard.table, year=TORNADO_YEAR, share=TORNADO_SHARE)
    return scorecard, {str(TORNADO_YEAR): drawn}


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
