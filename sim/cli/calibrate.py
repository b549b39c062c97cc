"""``calibrate [--history FILE] [--until YEAR] [--out FILE]``: fit parameters to history."""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.cli.common import bounded_int
from sim.inputs.errors import UserError
from sim.inputs.limits import FIRST_HISTORY_YEAR, LAST_HISTORY_YEAR


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
    year = bounded_int(FIRST_HISTORY_YEAR, LAST_HISTORY_YEAR)
    parser.add_argument("--until", type=year, help="last year used (default: all)")
    parser.add_argument(
        "--out", type=Path, help="parameters file to write (default: calibration/parameters.yaml)"
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    """Fit, check the result loads, write it, print the estimates."""
    from sim.analysis.calibration.calibrate import calibrate, read_inputs
    from sim.inputs.parameters_file import DEFAULT_PARAMETERS, write_parameters
    from sim.outputs.staging import check_output_file

    out = args.out or DEFAULT_PARAMETERS
    check_output_file(out)
    inputs = read_inputs(args.history)
    first, last = inputs.history.span()
    until = last if args.until is None else args.until
    if not first <= until <= last:
        raise UserError(f"--until {until} is outside the history's years {first}-{last}")
    calibration = calibrate(inputs, until)
    try:
        write_parameters(calibration.raw, out)
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror}") from None
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
