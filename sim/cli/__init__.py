"""Command line: ``python run_sim.py COMMAND ...`` (also the ``cqsim`` command).

Parsing and dispatch only. Each command is a module of this package with a
``register(subparsers)`` function, listed in ``COMMANDS``; ``sim.cli.common`` holds what several
commands share. Commands import heavy modules (the engine, matplotlib, SALib, Dask) inside their
handler, so that ``--help`` and ``validate`` start fast. Every user error (a bad scenario,
unreadable data, an output folder that exists) prints one line per problem to stderr and exits
with code 2, without a traceback and without writing anything; the exit codes are listed in
``sim.cli.exits``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from sim.cli import backtest, calibrate, compare, levers, run, sweep, targets, validate
from sim.cli.exits import run_command

COMMANDS = (run, compare, sweep, targets, validate, levers, calibrate, backtest)
"""Modules with a ``register(subparsers)`` function, in the order ``--help`` lists them."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command of ``COMMANDS``."""
    parser = argparse.ArgumentParser(
        prog="run_sim.py",
        description="cqsim: Monte Carlo scenarios of Chongqing's economy, 2026-2035.",
    )
    parser.add_argument(
        "--debug",
        action="store_true",
        help="on an internal error, show its traceback (also: CQSIM_DEBUG=1)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code (``sim.cli.exits``)."""
    args = build_parser().parse_args(argv)
    return run_command(args.handler, args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
