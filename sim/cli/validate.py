"""``validate FILE...``: check scenario files without running them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.cli.common import EXIT_USAGE
from sim.inputs.errors import format_problems


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command."""
    parser = sub.add_parser("validate", help="validate scenario files without running them")
    parser.add_argument("files", type=Path, nargs="+", help="scenario YAML files")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Validate each file; exit 2 if any has problems."""
    from sim.inputs.scenario import ScenarioError, load_scenario

    failed = 0
    for path in args.files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            failed += 1
            print(format_problems(exc.problems), file=sys.stderr)
            continue
        print(
            f"{path}: ok (scenario {scenario.name}, {scenario.draws} draws, to {scenario.horizon})"
        )
    return EXIT_USAGE if failed else 0
