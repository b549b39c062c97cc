"""Run every panel estimation on the files beside this script and write ``estimates.yaml``.

    python calibration/panel/estimate.py

Deterministic: the same files give the same YAML. The estimators live in
``sim/analysis/calibration/panel*.py``; this script only finds the files and writes the result.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))  # the repository root, so that `sim` imports

from sim.analysis.calibration import panel_run  # noqa: E402


def main() -> int:
    """Estimate and write ``estimates.yaml``; return the exit code."""
    estimates = panel_run.run(HERE)
    panel_run.write(estimates, HERE / "estimates.yaml")
    print(f"wrote {HERE / 'estimates.yaml'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
