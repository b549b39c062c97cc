"""``calibrate [--history FILE] [--until YEAR] [--out FILE]``: fit parameters to history."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import positive_int
from sim.inputs.errors import UserError


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``calibrate`` command."""
    parser = sub.add_parser(
        "calibrate",
        help="assemble the model's parameters from the provincial panel, the input-output "
        "table, the history and the cited priors",
    )
    parser.add_argument(
        "--history", type=Path, help="history CSV (default: calibration/history.csv)"
    )
    parser.add_argument("--until", type=positive_int, help="last year used (default: all)")
    parser.add_argument(
        "--out", type=Path, help="parameters file to write (default: calibration/parameters.yaml)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Fit, check the result loads, write it, print the estimates."""
    from sim.analysis.calibration.calibrate import calibrate, read_inputs
    from sim.inputs.parameters_file import DEFAULT_PARAMETERS, write_parameters

    inputs = read_inputs(args.history)
    first, last = inputs.history.span()
    until = last if args.until is None else args.until
    if not first <= until <= last:
        raise UserError(f"--until {until} is outside the history's years {first}-{last}")
    out = args.out or DEFAULT_PARAMETERS
    if out.is_dir():
        raise UserError(f"{out} is a folder; --out takes a file name")
    calibration = calibrate(inputs, until)
    write_parameters(calibration.raw, out)
    print(f"Calibrated with history up to {until}:")
    for note in calibration.notes:
        print(f"  {note}")
    counts = calibration.counts()
    print(
        "  evidence: "
        + ", ".join(f"{counts[k]} {k}" for k in ("estimated", "derived", "cited", "none"))
    )
    print(f"parameters written to {out}")
    return 0
