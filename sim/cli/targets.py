"""``targets SCENARIO``: the target scorecard, its drivers, and what it would take.

Every check of the options runs before any simulation, so bad input exits with code 2 and
writes nothing. Without ``--solve`` the command scores the targets, computes Sobol drivers and
the lever tornado; with ``--solve TARGET --lever LEVER`` it scores the targets and solves
instead of computing drivers (the question is then about one target and one lever).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.common import (
    SCENARIO_HELP,
    add_lang_option,
    add_run_options,
    add_set_option,
    bounded_int,
    check_work,
    load_scenario_or_fail,
    load_setup,
    progress_bar,
    refuse_existing_out,
)
from sim.inputs.errors import UserError, format_problems
from sim.inputs.limits import MAX_REPLICATIONS, MAX_SOBOL_SAMPLES

if TYPE_CHECKING:  # pragma: no cover
    from sim.inputs.scenario import Scenario
    from sim.inputs.targets_file import Target

DEFAULT_PROBABILITY = 0.8
"""Probability ``--solve`` aims for when ``--probability`` is not given."""
DEFAULT_SOBOL_SAMPLES = 64
"""Saltelli base sample of the drivers (a power of 2); see ``sim.analysis.targets.drivers``."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``targets`` command."""
    parser = sub.add_parser(
        "targets",
        help="score the official targets: probability of meeting each, drivers, what it takes",
        description="Score the targets of seeds/targets.yaml on a scenario: the 2025 value, the "
        "projected median and 90% band, the probability of meeting each target and a status; "
        "what drives each (Sobol indices, lever tornado); or, with --solve and --lever, the "
        "lever value at which a target is met with a given probability.",
    )
    parser.add_argument("scenario", help=SCENARIO_HELP)
    parser.add_argument("--year", type=int, help="only the targets of this year")
    add_run_options(parser)
    add_set_option(parser)
    parser.add_argument("--solve", metavar="TARGET", help="target id to solve for (with --lever)")
    parser.add_argument("--lever", help="lever to move when solving (see `run_sim.py levers`)")
    parser.add_argument(
        "--probability",
        type=float,
        help=f"probability to reach when solving, in (0, 1) (default {DEFAULT_PROBABILITY})",
    )
    parser.add_argument(
        "--sobol-samples",
        type=bounded_int(2, MAX_SOBOL_SAMPLES),
        default=DEFAULT_SOBOL_SAMPLES,
        help=f"Saltelli base sample of the drivers, a power of 2 (default {DEFAULT_SOBOL_SAMPLES})",
    )
    add_lang_option(parser)
    parser.add_argument(
        "--figures-format",
        choices=("png", "svg", "pdf"),
        default="png",
        help="PNG figures are always written (the report embeds them); svg or pdf adds a copy",
    )
    parser.add_argument(
        "--what-if-replications",
        type=bounded_int(1, MAX_REPLICATIONS),
        metavar="N",
        help="pipeline replications of the tornado's and the solver's runs (default: the "
        "scenario's, so they start from the scorecard's probability; fewer is faster, and the "
        "difference is then printed and written)",
    )
    parser.add_argument(
        "--targets-file", type=Path, help="targets YAML (default: seeds/targets.yaml)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Check every option, simulate, print the tables and write the run's files."""
    from sim.analysis.targets.scorecard import scorecard, scorecard_frame
    from sim.cli.targets_text import scorecard_text
    from sim.execution.simulate import simulate
    from sim.outputs.files import (
        RUN_FILES,
        OutputExistsError,
        default_run_dir,
        write_csv,
        write_json,
        write_run,
    )

    scenario = load_scenario_or_fail(args.scenario, args.sets)
    refuse_existing_out(args.out)
    targets = _targets(args)
    _check_solve_options(args, targets)
    _check_sobol(args.sobol_samples)
    scenario = scenario.with_overrides(draws=args.draws, seed=args.seed)
    horizon = [t for t in targets if t.year <= scenario.horizon]
    beyond = [t for t in targets if t.year > scenario.horizon]
    if not horizon:
        raise UserError(
            f"every selected target is beyond the scenario's horizon {scenario.horizon} "
            f"({', '.join(sorted({str(t.year) for t in beyond}))}); set a later horizon"
        )
    if args.solve is not None:
        solve_target = next(t for t in targets if t.id == args.solve)
        if solve_target.year > scenario.horizon:
            raise UserError(
                f"target {solve_target.id} is for {solve_target.year}, beyond the scenario's "
                f"horizon {scenario.horizon}; set a later horizon"
            )
        _check_movable(scenario, args.lever)
        from sim.analysis.targets.solve import GRID_POINTS

        check_work(2 * GRID_POINTS, scenario.draws, "--solve (a grid over the lever's range)")
    else:
        _check_drivers_work(args.sobol_samples, scenario)
    setup = load_setup()
    ensemble = simulate(scenario, setup=setup)
    scores = scorecard(ensemble, tuple(horizon))
    card = scorecard_frame(scores, scenario.name)
    payload: dict[str, Any] = {
        "scenario": scenario.name,
        "draws": scenario.draws,
        "seed": scenario.seed,
        "targets_file": str(args.targets_file or _default_targets_file()),
        "status_thresholds": _thresholds(),
        "scorecard": [s.to_dict() for s in scores],
        "not_scored": [
            {"target": t.id, "year": t.year, "reason": "beyond the scenario's horizon"}
            for t in beyond
        ],
    }
    files = {
        "targets.csv": lambda path: write_csv(card, path),
        "targets.json": lambda path: write_json(payload, path),
    }
    printed = [
        scorecard_text(
            scores, name=scenario.name, draws=scenario.draws, seed=scenario.seed, skipped=beyond
        )
    ]
    payload["probability_basis"] = _probability_basis(
        scenario, args.what_if_replications, sobol=args.solve is None
    )
    found: dict[str, Any] = {}
    if args.solve is not None:
        printed.append(_solve(args, scenario, solve_target, setup, payload, scores, found))
        files["solve_curve.csv"] = lambda path: write_csv(found["solution"].curve(), path)
    else:
        printed += _drivers(args, ensemble, tuple(horizon), setup, payload, files, found)
    printed.append(_prim(args.lang, ensemble, tuple(horizon), setup, payload, files, found, scores))
    printed.append(payload["probability_basis"]["statement"])
    files.update(_report(args, ensemble, tuple(horizon), setup, payload, found))
    destination = args.out if args.out is not None else default_run_dir(ensemble.scenario)
    try:
        written = write_run(ensemble, destination, extra_files=files)
    except OutputExistsError as exc:
        raise UserError(str(exc)) from None
    print("\n\n".join(printed))
    names = [*RUN_FILES, *(f for f in files if not f.startswith("figures/")), "figures/"]
    print(f"\nresults written to {written}/ ({', '.join(names)})")
    return 0


def _report(
    args: argparse.Namespace,
    ensemble: Any,
    targets: tuple[Target, ...],
    setup: Any,
    payload: dict[str, Any],
    found: dict[str, Any],
) -> dict[str, Any]:
    """``report.html`` and ``figures/``: scorecards, tornadoes, drivers or the solver's curve."""
    from sim.analysis.targets.drivers import TORNADO_SHARE
    from sim.analysis.targets.scorecard import scorecard_table
    from sim.inputs.labels import Labels
    from sim.inputs.levers import LEVERS
    from sim.outputs import target_plots, target_report
    from sim.outputs.report import report_files
    from sim.outputs.tables import target_tornado

    card = scorecard_table([ensemble], targets)
    labels = {t.id: t.label for t in targets}
    statement = payload["probability_basis"]["statement"]
    sections = [target_report.probability_section(statement, card.table)]
    figures: dict[str, Any] = {}
    tornadoes = {}
    if "tornado" in found:
        levers = found["tornado"]
        for year in sorted({t.year for t in targets}):
            ids = [t.id for t in targets if t.year == year]
            rows = levers[levers["target"].isin(ids)]
            if len(rows):
                tornadoes[str(year)] = target_tornado(
                    rows, card.table, year=year, share=TORNADO_SHARE
                )
    if "drivers" in found:
        note = found["drivers_note"]
        figures["drivers"] = target_plots.drivers_chart(
            [ensemble], found["drivers"], labels=labels, note=note
        )
        sections.append(target_report.drivers_section(found["drivers"], labels, note))
    names = Labels(args.lang)
    local = {t.id: names.target(t.id, t.label) for t in targets}
    figures["prim_boxes"] = target_plots.prim_chart(
        [ensemble], found["prim"], labels=local, note=found["prim_note"], lang=args.lang
    )
    sections.append(
        target_report.prim_section(found["prim"], local, found["prim_note"], lang=args.lang)
    )
    if "solution" in found:
        solution = found["solution"]
        spec = LEVERS[solution.lever]
        figures["solve_curve"] = target_plots.solver_chart(
            [ensemble],
            solution.curve(),
            lever=solution.lever,
            unit=spec.unit,
            target_label=f"{solution.target.label}, {solution.target.year} ({solution.target.id})",
            requested=solution.requested,
            answer=solution.delta if solution.reached and solution.crossings else None,
            note=f"{solution.evaluations} runs of {solution.draws} draws, "
            f"{solution.replications} pipeline replications, common random numbers; band: "
            "Wilson 90% interval of each point's Monte Carlo error.",
        )
        sections.append(target_report.solver_section(solution.message(), statement))
    return report_files(
        [ensemble],
        setup.seeds,
        scorecard=card,
        tornadoes=tornadoes,
        vector_format=args.figures_format,
        lang=args.lang,
        extra_figures=figures,
        extra_sections=sections,
        title=f"cqsim targets: {ensemble.scenario.name}",
    )


def _default_targets_file() -> Path:
    from sim.inputs.targets_file import TARGETS_FILE

    return TARGETS_FILE


def _targets(args: argparse.Namespace) -> list[Target]:
    """The targets of the file, narrowed to ``--year``; problems become a UserError."""
    from sim.inputs.targets_file import TargetsError, load_targets, select

    try:
        targets = load_targets(args.targets_file)
    except TargetsError as exc:
        raise UserError(format_problems(exc.problems)) from None
    chosen = list(select(targets, args.year))
    if not chosen:
        years = ", ".join(str(y) for y in sorted({t.year for t in targets}))
        raise UserError(f"no targets for --year {args.year}; years with targets: {years}")
    return chosen


def _check_solve_options(args: argparse.Namespace, targets: list[Target]) -> None:
    """``--solve`` needs ``--lever`` and a known target; ``--probability`` is in (0, 1)."""
    from sim.inputs.levers import LEVERS

    if (args.solve is None) != (args.lever is None):
        raise UserError("--solve TARGET and --lever LEVER go together: give both or neither")
    if args.probability is not None and args.solve is None:
        raise UserError("--probability is the level --solve aims for: give --solve and --lever")
    if args.solve is None:
        return
    ids = [t.id for t in targets]
    if args.solve not in ids:
        within = f" of {args.year}" if args.year is not None else ""
        raise UserError(f"unknown target {args.solve!r}; targets{within}: {', '.join(ids)}")
    chosen = next(t for t in targets if t.id == args.solve)
    if not chosen.verified:
        raise UserError(
            f"target {chosen.id}: basis unverified, so no probability is given and none can be "
            f"solved for ({chosen.caveat})"
        )
    if args.lever not in LEVERS:
        raise UserError(f"unknown lever {args.lever!r}; levers: {', '.join(LEVERS)}")
    if args.probability is None:
        args.probability = DEFAULT_PROBABILITY
    if not 0.0 < args.probability < 1.0:
        raise UserError(
            f"--probability must be between 0 and 1, exclusive (e.g. 0.8), got {args.probability}"
        )


def _check_sobol(samples: int) -> None:
    if samples < 2 or samples & (samples - 1):
        raise UserError(
            f"--sobol-samples must be a power of 2 (16, 32, 64, 128, ...), got {samples}"
        )


def _check_drivers_work(samples: int, scenario: Scenario) -> None:
    """Refuse Sobol drivers and a tornado that would run more draws than one command may."""
    from sim.analysis.targets.drivers import SOBOL_INNER_DRAWS, sobol_runs, uncertain_factors
    from sim.inputs.levers import LEVERS

    groups = len({f.group for f in uncertain_factors(scenario)}) + 1  # and the parameters
    check_work(sobol_runs(groups, samples), SOBOL_INNER_DRAWS, "the drivers (--sobol-samples)")
    check_work(2 * len(LEVERS) + 1, scenario.draws, "the run and its lever tornado")


def _check_movable(scenario: Scenario, lever: str) -> None:
    from sim.analysis.targets.moves import UnmovableLever, shift_value
    from sim.inputs.levers import LEVERS

    try:
        shift_value(scenario.inputs[lever], 0.0, LEVERS[lever])
    except UnmovableLever as exc:
        raise UserError(str(exc)) from None


def _thresholds() -> dict[str, Any]:
    from sim.analysis.targets.scorecard import OFF_TRACK, ON_TRACK

    return {
        "on_track": f"probability >= {ON_TRACK}",
        "at_risk": f"{OFF_TRACK} <= probability < {ON_TRACK}",
        "off_track": f"probability < {OFF_TRACK}",
        "reason": "IPCC calibrated likelihood: likely 66-100%, unlikely 0-33%",
    }


def _probability_basis(scenario: Scenario, what_if: int | None, *, sobol: bool) -> dict[str, Any]:
    """Draws, seed and pipeline replications of the scorecard and of the what-if runs.

    With a sentence saying whether they are the same (one probability per target) or how they
    differ.
    """
    from sim.analysis.targets.moves import WHAT_IF_REPLICATIONS
    from sim.analysis.targets.moves import what_if as fewer

    own = scenario.pipeline_replications
    moves = fewer(scenario, what_if).pipeline_replications
    sobol_runs = min(own, WHAT_IF_REPLICATIONS)
    if moves == own:
        statement = (
            f"One probability per target: the scorecard, the tornado and the solver all run "
            f"{scenario.draws} draws, seed {scenario.seed}, {own} pipeline replications."
        )
    else:
        statement = (
            f"Not one probability: the scorecard runs {own} pipeline replications, the tornado "
            f"and the solver {moves} (--what-if-replications), so their probability at the "
            "scenario's values differs from the scorecard's (both are printed and written)."
        )
    if sobol and sobol_runs != own:
        statement += (
            f" The Sobol drivers' runs use {sobol_runs} pipeline replication: the pipeline's own "
            "noise is not among their variance shares."
        )
    return {
        "draws": scenario.draws,
        "seed": scenario.seed,
        "scorecard_replications": own,
        "what_if_replications": moves,
        "sobol_replications": sobol_runs if sobol else None,
        "same": moves == own,
        "statement": statement,
    }


def _solve(
    args: argparse.Namespace,
    scenario: Scenario,
    target: Target,
    setup: Any,
    payload: dict[str, Any],
    scores: list[Any],
    found: dict[str, Any],
) -> str:
    from sim.analysis.targets.solve import solve
    from sim.cli.targets_text import solution_text

    solution = solve(
        scenario, target, args.lever, args.probability, setup, args.what_if_replications
    )
    found["solution"] = solution
    card = next(s for s in scores if s.target.id == target.id)
    payload["solve"] = {
        **solution.to_dict(),
        "scorecard_probability": card.probability,
        "same_as_scorecard": solution.current_probability == card.probability,
    }
    return solution_text(solution, scorecard_probability=card.probability)


def _prim(
    lang: str,
    ensemble: Any,
    targets: tuple[Target, ...],
    setup: Any,
    payload: dict[str, Any],
    files: dict[str, Any],
    found: dict[str, Any],
    scores: list[Any],
) -> str:
    """PRIM boxes of the draws that miss each target: printed, in JSON and ``prim_boxes.csv``."""
    from sim.analysis.targets import discovery
    from sim.cli.targets_text import prim_text
    from sim.outputs.files import records, write_csv

    boxes = discovery.failure_boxes(ensemble, targets, setup)
    from sim.outputs.phrases import say

    sentence = (
        "On the run's first {draws} draws; targets with P(met) from {low} to {high}; the "
        "{screened} sampled inputs most correlated with a miss enter PRIM; a box restricts at "
        "most {most} of them."
    )
    values = {
        "draws": ensemble.sample,
        "low": f"{discovery.MIN_PROBABILITY:.0%}",
        "high": f"{discovery.MAX_PROBABILITY:.0%}",
        "screened": discovery.SCREENED,
        "most": discovery.MAX_RESTRICTED,
    }
    note = say(sentence, "en", **values)
    payload["prim"] = {
        "method": "PRIM (package PRIM, Friedman and Fisher 1999) on the draws that miss each "
        "target, over the draws' sampled inputs, events, parameters and shocks; box of largest "
        "coverage x (density - m) / (1 - m), m the share of draws that miss",
        "draws": ensemble.sample,
        "rows": records(boxes),
    }
    found["prim"], found["prim_note"] = boxes, say(sentence, lang, **values)
    files["prim_boxes.csv"] = lambda path: write_csv(boxes, path)
    looked = [s.target.id for s in scores if discovery.explained(s.probability)]
    payload["prim"]["targets_explained"] = looked
    return prim_text(boxes, note=note, explained=looked)


def _drivers(
    args: argparse.Namespace,
    ensemble: Any,
    targets: tuple[Target, ...],
    setup: Any,
    payload: dict[str, Any],
    files: dict[str, Any],
    found: dict[str, Any],
) -> list[str]:
    """Sobol drivers and the tornado: printed tables, JSON sections and their CSV files."""
    from sim.analysis.targets.drivers import (
        SOBOL_INNER_DRAWS,
        TORNADO_SHARE,
        sobol_drivers,
        sobol_factors,
        sobol_runs,
        tornado,
    )
    from sim.cli.targets_text import drivers_text, tornado_text
    from sim.inputs.levers import LEVERS
    from sim.outputs.files import records, write_csv

    scenario = ensemble.scenario
    groups = len({f.group for f in sobol_factors(scenario, setup)})
    runs = sobol_runs(groups, args.sobol_samples)
    total = runs * SOBOL_INNER_DRAWS + (2 * len(LEVERS) + 1) * scenario.draws  # + the base
    bar = progress_bar(total)
    update = bar.update if bar is not None else None
    try:
        drivers = sobol_drivers(
            scenario, targets, setup, base_samples=args.sobol_samples, progress=update
        )
        levers, skipped = tornado(
            ensemble, targets, setup, progress=update, replications=args.what_if_replications
        )
    finally:
        if bar is not None:
            bar.close()
    payload["drivers"] = {
        "method": "Sobol indices (SALib) of E[Y|X] over the scenario's distributions and the "
        "sampled model parameters (one group, 'parameter uncertainty'), scaled to shares of "
        "Var(Y); 'shocks' = E[Var(Y|X)]/Var(Y), the model's innovations, its 95% interval from "
        "the standard error of the mean of Var(Y|X)",
        "base_samples": args.sobol_samples,
        "inner_draws": SOBOL_INNER_DRAWS,
        "model_runs": runs,
        "rows": records(drivers),
    }
    payload["tornado"] = {
        "method": f"each lever moved down/up by {TORNADO_SHARE:.0%} of its allowed range, "
        "others as in the scenario, same random numbers; low/high: change of P(met) in pp; "
        "median_low/median_high: change of the median in the target's unit; probability: "
        "P(met) at the scenario's values on the tornado's runs (the scorecard's when "
        "replications are the scenario's)",
        "share_of_range": TORNADO_SHARE,
        "rows": records(levers),
        "skipped": skipped,
    }
    found["drivers"], found["tornado"] = drivers, levers
    replications = payload["probability_basis"]["sobol_replications"]
    found["drivers_note"] = (
        f"Indices from {runs} model runs of {SOBOL_INNER_DRAWS} draws ({args.sobol_samples} "
        "base samples, Saltelli), "
        + (
            f"on {replications} pipeline replication(s)."
            if replications
            else "without the pipeline."
        )
    )
    files["drivers.csv"] = lambda path: write_csv(drivers, path)
    files["tornado.csv"] = lambda path: write_csv(levers, path)
    texts = [
        drivers_text(drivers, base_samples=args.sobol_samples, inner_draws=SOBOL_INNER_DRAWS),
        tornado_text(levers, skipped, share=TORNADO_SHARE),
    ]
    if len(levers) and not payload["probability_basis"]["same"]:
        from sim.analysis.targets.scorecard import probability_text

        base = levers.drop_duplicates("target").set_index("target")["probability"]
        texts.append(
            "The tornado's P(met) at the scenario's values, on its "
            f"{int(levers['replications'].iloc[0])} pipeline replication(s): "
            + "; ".join(f"{t} {probability_text(p, ensemble.sample)}" for t, p in base.items())
        )
    return texts
