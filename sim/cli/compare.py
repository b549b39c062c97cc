"""``compare A.yaml B.yaml ...``: run scenarios on common random numbers, compare with the first.

Every scenario runs with one seed and one number of draws (``--seed``/``--draws``, by default the
reference's), so draw i of each uses the same random numbers and ``B - A`` draw by draw shows the
scenario, not noise. Runs are fast and reproducible: the same seed and draws give exactly the
numbers of an earlier ``run`` of the same scenario, so nothing is read back from earlier runs.

Writes ``outputs/compare-<names>/<run-id>/`` (or ``--out``) atomically: ``differences.csv``,
``summary.csv`` (every scenario), ``manifest.json``, ``report.html`` and ``figures/``.

``--attribute`` also splits each scenario's mean difference to the reference into the
contributions of the inputs that differ (Shapley values, ``sim.analysis.attribution``):
``attribution.csv`` and a waterfall figure per scenario in the report. Given one scenario, the
reference is the scenario it extends.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sim.cli.common import (
    add_lang_option,
    add_no_report_option,
    add_set_option,
    add_template_option,
    apply_sets,
    check_work,
    load_setup,
    progress_bar,
    refuse_existing_out,
    seed,
)
from sim.cli.common import draws as draws_option
from sim.cli.compare_attribution import (
    attribute_all,
    attribution_figures,
    attribution_record,
    attribution_text,
    planned_attribution_runs,
)
from sim.inputs.errors import UserError, format_problems

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from sim.inputs.scenario import Scenario
    from sim.results import Ensemble

OUTPUTS_DIR = Path("outputs")
MAX_FOLDER_NAME = 80
"""Longest ``compare-<names>`` folder name; longer lists of names become a hash."""

PRINT_INDICATORS = ("gdp", "gdp_real_growth", "industrial_va_growth", "nev_output")
"""Indicators whose differences ``compare`` prints (all are in ``differences.csv``)."""

PRINT_YEARS = (2026, 2027, 2030)
"""Years ``compare`` prints (and the last common year)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``compare`` command."""
    parser = sub.add_parser(
        "compare",
        help="run scenarios on the same random numbers and compare them with the first",
        description=(
            "Run every scenario with one seed and draw count (common random numbers) and write "
            "differences.csv (mean, median and 90% band of each scenario's paired difference to "
            "the first, per indicator and year), figures and report.html."
        ),
    )
    parser.add_argument(
        "scenarios",
        nargs="+",
        help="scenarios (files, shipped names such as baseline, or overlays a+b); the first is "
        "the reference",
    )
    parser.add_argument(
        "--draws", type=draws_option, help="Monte Carlo draws (default: the reference's)"
    )
    parser.add_argument("--seed", type=seed, help="random seed (default: the reference's)")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: outputs/compare-<names>/<run-id>/)"
    )
    parser.add_argument(
        "--figures-format",
        choices=("png", "svg", "pdf"),
        default="png",
        help="PNG figures are always written (the report embeds them); svg or pdf adds a copy",
    )
    parser.add_argument("--quiet", action="store_true", help="print only where results went")
    add_set_option(parser)
    add_lang_option(parser)
    add_template_option(parser)
    add_no_report_option(parser)
    parser.add_argument(
        "--attribute",
        action="store_true",
        help="split each mean difference into the contributions of the changed levers, "
        "assumptions and events (Shapley values; up to 8 changed inputs); with one scenario, "
        "compare it with the scenario it extends",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Run the scenarios, write the comparison, print the main differences."""
    from sim.analysis.targets.scorecard import scorecard_table
    from sim.execution.simulate import simulate
    from sim.exports import readable, write_csv
    from sim.inputs.targets_file import TargetsError, load_targets
    from sim.outputs.report import report_files
    from sim.outputs.tables import common_years, paired_differences

    scenarios = [
        apply_sets(s, args.sets) for s in load_scenarios(args.scenarios, with_parent=args.attribute)
    ]
    refuse_existing_out(args.out)
    setup = load_setup()
    reference = scenarios[0]
    draws = reference.draws if args.draws is None else args.draws
    seed_ = reference.seed if args.seed is None else args.seed
    attribution_runs = planned_attribution_runs(scenarios) if args.attribute else 0
    check_work(len(scenarios) + attribution_runs, draws, "this comparison")
    bar = progress_bar(draws * (len(scenarios) + attribution_runs), enabled=not args.quiet)
    try:
        ensembles = [
            simulate(
                scenario,
                draws=draws,
                seed=seed_,
                setup=setup,
                progress=bar.update if bar is not None else None,
            )
            for scenario in scenarios
        ]
        attribution = None
        if args.attribute:
            attribution = attribute_all(
                [s.with_overrides(draws=draws, seed=seed_) for s in scenarios],
                setup,
                progress=bar.update if bar is not None else None,
            )
    finally:
        if bar is not None:
            bar.close()
    differences = paired_differences(ensembles)
    try:
        scorecard = scorecard_table(ensembles, load_targets())
    except TargetsError as exc:
        raise UserError(str(exc)) from None
    import pandas as pd

    summaries = pd.concat([e.summary_table(args.lang) for e in ensembles], ignore_index=True)
    files: dict[str, Callable[[Path], None]] = {
        "differences.csv": lambda p: write_csv(readable(differences, args.lang), p),
        "summary.csv": lambda p: write_csv(summaries, p),
    }
    if args.report:
        files.update(
            report_files(
                ensembles,
                setup.seeds,
                differences=differences,
                scorecard=scorecard,
                vector_format=args.figures_format,
                lang=args.lang,
                template=args.template,
                extra_figures=None
                if attribution is None
                else attribution_figures(attribution, ensembles, args.lang),
            )
        )
    if attribution is not None:
        files["attribution.csv"] = lambda p: write_csv(attribution, p)
    destination = args.out if args.out is not None else default_compare_dir(ensembles)
    record = {**manifest(ensembles), "lang": args.lang, "set": list(args.sets)}
    if attribution is not None:
        record["attribution"] = attribution_record(attribution)
    written = write_comparison(destination, files, record)
    years = common_years(ensembles)
    if not args.quiet:
        print(differences_table(differences))
        if any(e.years[-1] != years[-1] for e in ensembles):
            print(f"\nThe scenarios' horizons differ: differences cover {years[0]}-{years[-1]}.")
        if attribution is not None:
            print()
            print(attribution_text(attribution))
    listed = "differences.csv, " + ("attribution.csv, " if attribution is not None else "")
    listed += "summary.csv" + (", report.html, figures/" if args.report else "")
    print(f"comparison written to {written}/ ({listed})")
    return 0


def load_scenarios(paths: Sequence[str | Path], *, with_parent: bool = False) -> list[Scenario]:
    """Load every scenario, reporting all files' problems at once; refuse repeated names.

    With ``with_parent`` one scenario may be given: the scenario it extends is loaded as the
    reference, before it.
    """
    from sim.inputs.scenario import ScenarioError, load_scenario

    if with_parent and len(paths) == 1:
        try:
            child = load_scenario(paths[0])
        except ScenarioError as exc:
            raise UserError(format_problems(exc.problems)) from None
        if child.extends is None or len(child.files) < 2:
            raise UserError(
                f"{paths[0]}: scenario {child.name} extends no scenario, so there is nothing to "
                "attribute its results to: give the reference first (compare --attribute "
                "REFERENCE.yaml SCENARIO.yaml)"
            )
        paths = [child.files[1], paths[0]]
    if len(paths) < 2:
        raise UserError(
            "compare needs at least two scenarios: the reference first, then those to compare "
            "with it (e.g. compare scenarios/baseline.yaml scenarios/external_shock.yaml)"
        )
    scenarios, problems = [], []
    for path in paths:
        try:
            scenarios.append(load_scenario(path))
        except ScenarioError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(format_problems(problems))
    seen: dict[str, str | Path] = {}
    for path, scenario in zip(paths, scenarios, strict=True):
        if scenario.name in seen:
            raise UserError(
                f"{path}: scenario name {scenario.name!r} is also the name of "
                f"{seen[scenario.name]}; each scenario of a comparison needs its own name: "
                "change `name:` in one of them (or drop the repeated file)"
            )
        seen[scenario.name] = path
    return scenarios


def comparison_hash(ensembles: Sequence[Ensemble]) -> str:
    """SHA-256 of the scenarios' hashes, in order, with seed and draws."""
    first = ensembles[0].scenario
    text = ",".join([e.scenario.sha256() for e in ensembles] + [str(first.seed), str(first.draws)])
    return hashlib.sha256(text.encode()).hexdigest()


def default_compare_dir(
    ensembles: Sequence[Ensemble], root: Path = OUTPUTS_DIR, now: datetime | None = None
) -> Path:
    """``outputs/compare-<names>/<time>-s<seed>-n<draws>-<hash>``, suffixed if it exists."""
    names = [e.scenario.name for e in ensembles]
    from sim.outputs.files import SAFE_NAME

    for name in names:  # the schema guarantees this; belt and braces before making folders
        if not re.fullmatch(SAFE_NAME, name):
            raise ValueError(f"scenario name {name!r} is not a safe folder name")
    digest = comparison_hash(ensembles)
    folder = "compare-" + "-".join(names)
    if len(folder) > MAX_FOLDER_NAME:
        folder = f"compare-{names[0]}-and-{len(names) - 1}-more-{digest[:8]}"
    first = ensembles[0].scenario
    now = now or datetime.now(UTC)
    base = root / folder / f"{now:%Y%m%dT%H%M%SZ}-s{first.seed}-n{first.draws}-{digest[:8]}"
    candidate, k = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{k}")
        k += 1
    return candidate


def manifest(ensembles: Sequence[Ensemble]) -> dict[str, object]:
    """What was compared: the reference, seed, draws, and each scenario's run manifest."""
    from sim.outputs.tables import common_years

    first = ensembles[0].scenario
    return {
        "command": "compare",
        "reference": first.name,
        "scenarios": [e.scenario.name for e in ensembles],
        "seed": first.seed,
        "draws": first.draws,
        "common_years": common_years(ensembles),
        "comparison_sha256": comparison_hash(ensembles),
        "runs": [e.manifest() for e in ensembles],
    }


def write_comparison(
    destination: Path,
    files: Mapping[str, Callable[[Path], None]],
    manifest_data: Mapping[str, object],
) -> Path:
    """Write the files and ``manifest.json`` into ``destination`` atomically.

    Like :func:`sim.outputs.files.write_run`: everything goes to a hidden staging folder beside
    the destination, renamed into place when complete; nothing is left on failure and an
    existing, non-empty destination is never replaced.
    """
    from sim.outputs.files import OUTPUTS_DIR as ROOT
    from sim.outputs.files import OutputExistsError, atomic_directory

    target = atomic_directory(destination, also_clean=ROOT)
    try:
        with target as staging:
            for name, writer in files.items():
                path = staging / name
                path.parent.mkdir(parents=True, exist_ok=True)
                writer(path)
            data = {**manifest_data, "files": [*files, "manifest.json"]}
            (staging / "manifest.json").write_text(json.dumps(data, indent=2) + "\n")
    except OutputExistsError as exc:
        raise UserError(str(exc)) from None
    return target.destination


def differences_table(differences: pd.DataFrame) -> str:
    """Mean, and median [5th, 95th percentile], of paired differences of headline indicators."""
    from sim.outputs.report import format_value

    table = differences.set_index(["variable", "scenario", "year"])
    all_years = sorted(set(differences["year"]))
    years = [y for y in PRINT_YEARS if y in all_years]
    if all_years[-1] not in years:
        years.append(all_years[-1])
    scenarios = list(dict.fromkeys(differences["scenario"]))
    reference = differences["reference"].iloc[0]
    lines = [
        f"Difference to {reference}, draw by draw: mean, and median [5th, 95th percentile]",
        "(every indicator and year: differences.csv)",
        "",
    ]
    rows = []
    for name in PRINT_INDICATORS:
        for scenario in scenarios:
            unit = table.loc[(name, scenario, years[0]), "unit"]
            means, medians = [], []
            for year in years:
                r = table.loc[(name, scenario, year)]
                means.append(format_value(r["mean"], unit, True))
                medians.append(
                    f"{format_value(r.p50, unit, True)} "
                    f"[{format_value(r.p05, unit, True)}, {format_value(r.p95, unit, True)}]"
                )
            rows.append((name, unit, scenario, "mean", means))
            rows.append(("", "", "", "median", medians))
    width = 2 + max(len(c) for *_, cells in rows for c in cells)
    named = 2 + max(len(s) for s in scenarios)
    header = f"{'indicator':<24}{'unit':<8}{'scenario':<{named}}{'':<8}" + "".join(
        f"{y:>{width}}" for y in years
    )
    lines += [header, "-" * len(header)]
    for name, unit, scenario, stat, cells in rows:
        lines.append(
            f"{name:<24}{unit:<8}{scenario:<{named}}{stat:<8}"
            + "".join(f"{c:>{width}}" for c in cells)
        )
    return "\n".join(lines)
