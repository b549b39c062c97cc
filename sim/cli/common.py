"""What several commands share: option types, loading inputs, engines, progress bars."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.cli.exits import EXIT_USAGE as EXIT_USAGE
from sim.inputs.errors import UserError, format_problems
from sim.inputs.limits import (
    MAX_DRAWS,
    MAX_SEED,
    MAX_WORKERS,
    LimitError,
    check_whole,
)

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import ModelSetup
    from sim.inputs.scenario import Scenario


def _whole_number(text: str) -> int:
    """A whole number written in decimal digits (no ``1_000``, no 5,000-digit numbers)."""
    stripped = text.strip()
    if not stripped.lstrip("+-").isdigit() or len(stripped) > 32 or "_" in stripped:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text[:40]!r}")
    return int(stripped)


SCENARIO_HELP = (
    "scenario: a YAML file, a shipped scenario's name (baseline) or overlays applied left to "
    "right (baseline+nev_manufacturing_push+my_shock.yaml)"
)


def bounded_int(low: int, high: int) -> Callable[[str], int]:
    """Argparse type: a whole number from ``low`` to ``high``, the limits files have too."""

    def parse(text: str) -> int:
        try:
            return check_whole(_whole_number(text), "the value", low, high)
        except LimitError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from None

    parse.__name__ = f"whole number {low}-{high}"
    return parse


positive_int = bounded_int(1, 10**9)
"""Argparse type: a whole number of at least 1 (and at most a billion)."""
draws = bounded_int(1, MAX_DRAWS)
"""Argparse type: Monte Carlo draws, as ``draws`` in a scenario file."""
seed = bounded_int(0, MAX_SEED)
"""Argparse type: a random seed, as ``seed`` in a scenario file."""
workers = bounded_int(1, MAX_WORKERS)
"""Argparse type: worker processes."""
chunk_size = bounded_int(1, MAX_DRAWS)
"""Argparse type: draws per task."""


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """``--draws``, ``--seed`` and ``--out``, as every command that simulates takes them."""
    parser.add_argument("--draws", type=draws, help="Monte Carlo draws (default: scenario)")
    parser.add_argument("--seed", type=seed, help="random seed (default: scenario)")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: outputs/<scenario>/<run-id>/)"
    )


def add_set_option(parser: argparse.ArgumentParser) -> None:
    """``--set NAME=VALUE`` (repeatable): an input or setting changed for this run only."""
    parser.add_argument(
        "--set",
        dest="sets",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set an assumption or lever (or horizon, pipeline_replications) for this run, "
        "validated as in a scenario file; VALUE as YAML: 9, {2026: 5, 2028: 0} or "
        "{dist: uniform, low: 6, high: 12}; repeatable",
    )


def add_lang_option(parser: argparse.ArgumentParser) -> None:
    """``--lang en|zh``: the language of tables, figures and report."""
    from sim.inputs.labels import LANGUAGES

    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="language of names and units in tables, figures and report (zh: Chinese, "
        "with units as Chinese statistics write them)",
    )


def add_no_report_option(parser: argparse.ArgumentParser) -> None:
    """``--no-report``: the data files only, without figures and report.html."""
    parser.add_argument(
        "--no-report",
        dest="report",
        action="store_false",
        help="write the data files only: no figures, no report.html (and, for run, no target "
        "tornado); faster, for scripts and batches",
    )


def add_template_option(parser: argparse.ArgumentParser) -> None:
    """``--template FILE``: a Jinja2 template for report.html instead of the shipped one."""
    parser.add_argument(
        "--template",
        type=Path,
        metavar="FILE",
        help='Jinja2 template of report.html (it may {%% extends "report.html.j2" %%} and '
        "override blocks; see sim/outputs/templates/)",
    )


def apply_sets(scenario: Scenario, sets: Sequence[str]) -> Scenario:
    """The scenario with each ``--set NAME=VALUE`` applied in order; problems are a UserError."""
    from sim.inputs.scenario import ScenarioError
    from sim.inputs.scenario.edit import setting_from_text

    for text in sets:
        try:
            scenario = setting_from_text(scenario, text)
        except ScenarioError as exc:
            raise UserError(format_problems(exc.problems)) from None
    return scenario


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """``--engine``, ``--scheduler``, ``--workers`` and ``--chunk-size``: where draws run."""
    parser.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local processes, or a Dask cluster (same numbers either way)",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler address, e.g. tcp://10.0.0.5:8786 (default: a local cluster)",
    )
    parser.add_argument(
        "--workers", type=workers, help="worker processes (default, and at most: one per CPU)"
    )
    parser.add_argument(
        "--chunk-size",
        type=chunk_size,
        default=None,
        help="draws per task, rounded up to whole blocks of 4,096 (memory only, never numbers)",
    )


def make_engine_or_fail(args: argparse.Namespace) -> Any:
    """The engine the options ask for; a cluster that cannot be reached is a UserError."""
    from sim.execution.executors import make_engine

    if args.scheduler is not None and args.engine != "dask":
        raise UserError("--scheduler needs --engine dask")
    try:
        return make_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
        raise UserError(
            f"cannot reach the Dask scheduler {args.scheduler!r}: {reason}; give an address "
            "such as tcp://10.0.0.5:8786, or no --scheduler for a local cluster"
        ) from None


def check_work(runs: int, draws_each: int, what: str) -> None:
    """Refuse, before any work, a command whose runs together exceed the draws one may run."""
    from sim.inputs.limits import check_total_draws

    try:
        check_total_draws(runs, draws_each, what)
    except LimitError as exc:
        raise UserError(str(exc)) from None


def load_scenario_or_fail(spec: str | Path, sets: Sequence[str] = ()) -> Scenario:
    """Load a scenario (a file, a shipped name, overlays ``a+b``) and apply ``--set`` options.

    A ScenarioError becomes a UserError listing its problems.
    """
    from sim.inputs.scenario import ScenarioError, load_scenario

    try:
        scenario = load_scenario(spec)
    except ScenarioError as exc:
        raise UserError(format_problems(exc.problems)) from None
    return apply_sets(scenario, sets)


def load_setup() -> ModelSetup:
    """Seeds and parameters; an unusable file raises its UserError (SeedDataError, ...)."""
    from sim.execution.simulate import ModelSetup

    return ModelSetup.load()


def refuse_existing_out(out: Path | None, default_root: Path = Path("outputs")) -> None:
    """Stop before any work if results could not be written to ``--out`` (or the default root).

    A non-empty folder or a file, a symbolic link, a mount point, a path below a file, too long
    a name, a folder that cannot be written or a full file system: see
    :func:`sim.outputs.staging.output_problem`.
    """
    from sim.outputs.staging import check_output, writable_ancestor_problem

    if out is not None:
        check_output(out)
        return
    problem = writable_ancestor_problem(default_root / "run")
    if problem is not None:
        raise UserError(f"results go to {default_root}/ by default, but {problem}; give --out")


def progress_bar(total: int, *, enabled: bool = True) -> Any:
    """A tqdm bar on stderr, or None; silent when stderr is not a terminal."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="draw", unit_scale=True, disable=not sys.stderr.isatty())
