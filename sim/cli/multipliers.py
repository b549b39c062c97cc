"""``multipliers [SCENARIO]``: what each lever and assumption does, on common random numbers.

Each input is moved by its standard impulse (``InputSpec.impulse``, in its unit) in every year of
the horizon, the rest as in the scenario, on the scenario's random numbers and pipeline
replications (``sim.analysis.multipliers``). Prints a compact table (effect on GDP and real
growth in the first and last year, the cumulative fiscal multiplier) and writes
``outputs/multipliers/<scenario>/<run-id>/`` (or ``--out``) atomically: ``multipliers.csv``,
``figures/impulse_responses*.png`` and ``manifest.json``. ``--set NAME=VALUE`` changes the
scenario for this run (as in ``run``); ``--lang zh`` draws the figures with Chinese names, units
and words (the CSV and the printed table stay English).
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sim.cli.common import (
    add_lang_option,
    add_set_option,
    check_work,
    load_scenario_or_fail,
    load_setup,
    positive_int,
    progress_bar,
    refuse_existing_out,
    seed,
)
from sim.cli.common import draws as draws_option
from sim.inputs.errors import UserError, unknown_key

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from sim.inputs.scenario import Scenario

DEFAULT_SCENARIO = "baseline"
OUTPUTS_DIR = Path("outputs") / "multipliers"


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``multipliers`` command."""
    parser = sub.add_parser(
        "multipliers",
        help="what each lever and assumption does: impulse responses and fiscal multipliers",
        description=(
            "Move each input (or those given with --lever) by its standard impulse in every "
            "year, the rest as in the scenario, on the same random numbers; write "
            "multipliers.csv (mean, median and 90% band of the paired difference per "
            "indicator and year; cumulative multipliers of the fiscal levers) and figures of "
            "the impulse responses, and print the main effects."
        ),
    )
    parser.add_argument(
        "scenario",
        nargs="?",
        default=DEFAULT_SCENARIO,
        help="a shipped scenario's name or a scenario YAML file (default: baseline)",
    )
    parser.add_argument(
        "--lever",
        nargs="+",
        action="extend",
        metavar="NAME",
        help="inputs to move, levers or assumptions (default: every one; see `levers`)",
    )
    parser.add_argument(
        "--years", type=positive_int, help="projected years (default: to the scenario's horizon)"
    )
    parser.add_argument("--draws", type=draws_option, help="Monte Carlo draws (default: scenario)")
    parser.add_argument("--seed", type=seed, help="random seed (default: scenario)")
    parser.add_argument(
        "--pipeline-replications",
        type=replications,
        metavar="N",
        help="investment pipeline replications (default: the scenario's; 0 runs the reduced "
        "form in seconds, but the project levers then act only through its elasticities and "
        "project_size, financing_capacity and approval_speedup not at all)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="output folder (default: outputs/multipliers/<scenario>/<run-id>/)",
    )
    add_set_option(parser)
    add_lang_option(parser)
    parser.add_argument("--quiet", action="store_true", help="print only where results went")
    parser.set_defaults(handler=handle)


def replications(text: str) -> int:
    """Argparse type: pipeline replications, 0 to ``MAX_PIPELINE_REPLICATIONS``."""
    from sim.inputs.levers import MAX_PIPELINE_REPLICATIONS

    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value <= MAX_PIPELINE_REPLICATIONS:
        raise argparse.ArgumentTypeError(
            f"must be 0 (reduced form) to {MAX_PIPELINE_REPLICATIONS}, got {value}"
        )
    return value


def requested(args: argparse.Namespace) -> tuple[Scenario, list[str]]:
    """The scenario as the options make it (draws, seed, replications, years) and the inputs.

    Raises
    ------
    UserError
        For a scenario that does not load, years beyond its horizon or an unknown input.
    """
    from sim.analysis.multipliers import with_years
    from sim.inputs.levers import ALL_INPUTS

    scenario = load_scenario_or_fail(args.scenario, args.sets)
    scenario = scenario.with_overrides(draws=args.draws, seed=args.seed)
    if args.pipeline_replications is not None:
        scenario = replace(scenario, pipeline_replications=args.pipeline_replications)
    try:
        scenario = with_years(scenario, args.years)
    except ValueError as exc:
        raise UserError(f"--years: {exc}") from None
    names = list(dict.fromkeys(args.lever)) if args.lever else list(ALL_INPUTS)
    problems = [unknown_key(n, list(ALL_INPUTS), "lever") for n in names if n not in ALL_INPUTS]
    if problems:
        raise UserError("--lever: " + "; ".join(problems))
    return scenario, names


def handle(args: argparse.Namespace) -> int:
    """Run the impulses, write multipliers.csv, figures and manifest, print the table."""
    from sim.analysis.multipliers import (
        FISCAL_LEVERS,
        main_indicator,
        multiplier_table,
        summary_table,
    )
    from sim.analysis.targets.moves import UnmovableLever
    from sim.cli.compare import write_comparison
    from sim.execution.simulate import simulate
    from sim.inputs.levers import ALL_INPUTS
    from sim.outputs.files import default_run_dir, write_csv
    from sim.outputs.lever_plots import impulse_response_pages
    from sim.outputs.phrases import say
    from sim.outputs.plots import footnote
    from sim.outputs.report import figure_writers, render_figures

    scenario, names = requested(args)
    check_work(len(names) + 1, scenario.draws, "these multipliers")
    refuse_existing_out(args.out)
    setup = load_setup()
    bar = progress_bar(scenario.draws * (len(names) + 1), enabled=not args.quiet)
    update = bar.update if bar is not None else None
    try:
        base = simulate(scenario, setup=setup, progress=update)
        table = multiplier_table(scenario, setup, inputs=names, progress=update, base=base)
    except UnmovableLever as exc:
        raise UserError(str(exc)) from None
    finally:
        if bar is not None:
            bar.close()
    fiscal = {n: FISCAL_LEVERS[n].description for n in names if n in FISCAL_LEVERS}
    evidence = {n: FISCAL_LEVERS[n].evidence_text() for n in fiscal}

    def how(lang: str) -> str:
        replications = (
            say("the reduced form (no investment pipeline)", lang)
            if scenario.pipeline_replications == 0
            else say("{n} pipeline replications", lang, n=scenario.pipeline_replications)
        )
        return say(
            "Each input moved by its impulse in every year, the rest as in the scenario, "
            "{replications}.",
            lang,
            replications=replications,
        )

    panels = {n: ("gdp", main_indicator(n), "employment") for n in names}
    pages = impulse_response_pages(
        table, panels, footnote=footnote([base], how(args.lang), args.lang), lang=args.lang
    )
    figures = render_figures(pages, None)
    files = {"multipliers.csv": lambda p: write_csv(table, p), **figure_writers(figures)}
    manifest = {
        "command": "multipliers",
        "scenario": scenario.name,
        "impulses": {
            n: {"impulse": ALL_INPUTS[n].impulse, "unit": ALL_INPUTS[n].unit} for n in names
        },
        "impulse_applied": "added in every projected year (a distribution shifted)",
        "fiscal_spending_measures": fiscal,
        "fiscal_multiplier_evidence": evidence,
        "pipeline_replications": scenario.pipeline_replications,
        "set": list(args.sets),
        "lang": args.lang,
        "run": base.manifest(),
    }
    destination = args.out or default_run_dir(scenario, root=OUTPUTS_DIR)
    written = write_comparison(destination, files, manifest)  # atomic, refuses to replace
    if not args.quiet:
        print(multipliers_text(summary_table(table), scenario.name, fiscal, how("en"), evidence))
    print(f"multipliers written to {written}/ (multipliers.csv, figures/, manifest.json)")
    return 0


def multipliers_text(
    summary: pd.DataFrame,
    scenario: str,
    fiscal: dict[str, str],
    how: str,
    evidence: dict[str, str] | None = None,
) -> str:
    """The compact table printed by ``multipliers``.

    Per input: its impulse, the mean effects on GDP and real growth in the first and last year,
    and the cumulative fiscal multiplier; below it, how spending is measured and what the
    evidence says of each fiscal multiplier.
    """
    first, last = int(summary["first_year"].iloc[0]), int(summary["last_year"].iloc[0])
    lines = [
        f"What each input does in {scenario}: mean paired difference, impulse run minus "
        "scenario (every indicator, year, median and 90% band: multipliers.csv)",
        how,
        "",
    ]
    head = (
        f"{'input':<30}{'impulse':>9}  {'unit':<28}"
        f"{'GDP ' + str(first):>10}{'GDP ' + str(last):>10}"
        f"{'growth ' + str(first):>13}{'growth ' + str(last):>13}"
        f"{'mult. ' + str(first):>12}{'mult. ' + str(last):>12}"
    )
    units = (
        f"{'':<30}{'':>9}  {'':<28}{'RMB bn':>10}{'RMB bn':>10}{'pp':>13}{'pp':>13}"
        f"{'RMB/RMB':>12}{'RMB/RMB':>12}"
    )
    lines += [head, units, "-" * len(head)]
    for r in summary.itertuples():
        unit = str(r.impulse_unit)
        unit = unit if len(unit) <= 27 else unit[:26] + "…"
        mult = "".join(
            f"{'' if v != v else f'{v:.2f}':>12}" for v in (r.multiplier_first, r.multiplier_last)
        )
        lines.append(
            f"{r.lever:<30}{r.impulse:>+9g}  {unit:<28}"
            f"{r.gdp_first:>+10.2f}{r.gdp_last:>+10.2f}"
            f"{r.growth_first:>+13.3f}{r.growth_last:>+13.3f}{mult}"
        )
    if fiscal:
        lines.append("")
        lines.append(
            "Fiscal multiplier: cumulative RMB of nominal GDP per RMB spent, summed from "
            f"{first}; spending is"
        )
        lines += [f"  {name}: {text}" for name, text in fiscal.items()]
        if evidence:
            lines.append("Evidence on the cumulative multiplier:")
            lines += [f"  {name}: {text}" for name, text in evidence.items()]
    return "\n".join(lines)
