"""Run the panel estimations on the files beside this script; write the estimates' YAML files.

    python calibration/panel/estimate.py [--only estimates|by_origin]

``estimates.yaml`` holds the full-sample estimates ``calibrate`` reads (2-4 minutes);
``by_origin.yaml`` the national responses and shocks re-estimated on the years up to each backtest
origin (about 10 minutes), which the backtest reads instead of refitting.

Deterministic: the same files give the same YAML. The estimators live in
``sim/analysis/calibration/panel*.py``; this script only finds the files and writes the result.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository root, so that `sim` imports

from sim.analysis.calibration import panel_run  # noqa: E402


def main() -> int:
    """Estimate and write the files; return the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("estimates", "by_origin"), help="write one file")
    args = parser.parse_args()
    if args.only in (None, "estimates"):
        panel_run.write(panel_run.run(HERE), HERE / "estimates.yaml")
        print(f"wrote {HERE / 'estimates.yaml'}")
    if args.only in (None, "by_origin"):
        path = HERE / "by_origin.yaml"
        panel_run.write(panel_run.by_origin(HERE), path, panel_run.BY_ORIGIN_HEADER)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
