"""What several commands share: option types, loading inputs, engines, progress bars."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sim.inputs.errors import UserError, format_problems

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import ModelSetup
    from sim.inputs.scenario import Scenario

EXIT_USAGE = 2
"""Exit code of every error the user can fix (:class:`sim.inputs.errors.UserError`)."""


def positive_int(text: str) -> int:
    """Argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def seed(text: str) -> int:
    """Argparse type: a random seed, 0 to 2**63 - 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value


def add_run_options(parser: argparse.ArgumentParser) -> None:
    """``--draws``, ``--seed`` and ``--out``, as every command that simulates takes them."""
    parser.add_argument("--draws", type=positive_int, help="Monte Carlo draws (default: scenario)")
    parser.add_argument("--seed", type=seed, help="random seed (default: scenario)")
    parser.add_argument(
        "--out", type=Path, help="output folder (default: outputs/<scenario>/<run-id>/)"
    )


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
        "--workers", type=positive_int, help="worker processes (default: one per CPU)"
    )
    parser.add_argument(
        "--chunk-size",
        type=positive_int,
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
    except (OSError, TimeoutError) as exc:
        raise UserError(f"cannot reach the Dask scheduler {args.scheduler}: {exc}") from None


def load_scenario_or_fail(path: Path) -> Scenario:
    """Load a scenario; a ScenarioError becomes a UserError listing its problems."""
    from sim.inputs.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise UserError(format_problems(exc.problems)) from None


def load_setup() -> ModelSetup:
    """Seeds and parameters; an unusable file raises its UserError (SeedDataError, ...)."""
    from sim.execution.simulate import ModelSetup

    return ModelSetup.load()


def refuse_existing_out(out: Path | None) -> None:
    """Stop before any work if ``--out`` names a non-empty folder or a file."""
    if out is not None and out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise UserError(
            f"{out} already exists and is not empty; earlier results are never replaced: "
            "choose another --out"
        )


def progress_bar(total: int, *, enabled: bool = True) -> Any:
    """A tqdm bar on stderr, or None; silent when stderr is not a terminal."""
    if not enabled:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="draw", unit_scale=True, disable=not sys.stderr.isatty())
