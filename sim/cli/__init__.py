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
import gc
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from sim.cli import (
    backtest,
    cache,
    calibrate,
    compare,
    diff,
    levers,
    multipliers,
    new,
    run,
    show,
    sweep,
    targets,
    validate,
)
from sim.cli.exits import run_command
from sim.execution import allocator
from sim.version import package_version

COMMANDS = (
    run,
    compare,
    multipliers,
    sweep,
    targets,
    validate,
    show,
    diff,
    new,
    levers,
    cache,
    calibrate,
    backtest,
)
"""Modules with a ``register(subparsers)`` function, in the order ``--help`` lists them."""


def program_name() -> str:
    """The name the tool was started by (``cqsim``, ``run_sim.py``) for usage lines."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    return name if name and name not in ("__main__.py", "-c") else "cqsim"


class _Version(argparse.Action):
    """``--version``: prints ``cqsim VERSION`` and exits; the version is read only then."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, **kwargs)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(f"cqsim {package_version()}")  # to stdout, as argparse's own version action
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every command of ``COMMANDS``."""
    parser = argparse.ArgumentParser(
        prog=program_name(),
        description="cqsim: Monte Carlo scenarios of Chongqing's economy, 2026-2035.",
    )
    parser.add_argument("--version", action=_Version, help="show the version and exit")
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


def console() -> NoReturn:
    """The process entry point (``cqsim``, ``run_sim.py``): exits with :func:`main`'s code.

    First, glibc keeps freed memory for reuse in this process and the workers it forks
    (:func:`sim.execution.allocator.keep_freed_memory`: a 1M-draw run spent 6 CPU-s less in
    the kernel, faulting in pages). ``main`` alone does not set them.

    Before the exit it moves every object to the collector's permanent generation
    (:func:`gc.freeze`), so that Python's shutdown does not trace the whole heap for cycles:
    shutdown after ``validate`` took 0.06-0.10 s (median of 15 runs, on two machines), 0.015 s
    frozen. Shutdown still runs exit handlers and flushes stdout and stderr; ``main`` has closed
    every file and worker by then. Cyclic garbage left at that point is not finalized.
    """
    allocator.keep_freed_memory()
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    console()
