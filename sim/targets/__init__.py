"""Official targets: the scorecard, what drives each target, and what it would take.

- :mod:`sim.inputs.targets_file`: ``seeds/targets.yaml`` loaded and checked (:func:`load_targets`).
- :mod:`sim.targets.scorecard`: probability of meeting each target (share of draws), status.
- :mod:`sim.targets.drivers`: Sobol indices (SALib) of the uncertain inputs; lever tornado.
- :mod:`sim.targets.solve`: the lever value that reaches a probability (brentq, common random
  numbers).
- :mod:`sim.targets.report`: terminal tables, ``targets.csv`` and JSON.

SALib is imported only when Sobol indices are computed.
"""

from __future__ import annotations

from sim.inputs.targets_file import Target, TargetsError, load_targets
from sim.targets.scorecard import OFF_TRACK, ON_TRACK, Score, probability, scorecard, status

__all__ = [
    "OFF_TRACK",
    "ON_TRACK",
    "Score",
    "Target",
    "TargetsError",
    "load_targets",
    "probability",
    "scorecard",
    "status",
]
