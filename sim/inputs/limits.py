"""Limits on what the tool reads and on the work it may be asked to do: one list, one check.

The same limit applies wherever a quantity is given: ``draws`` in a scenario file and
``--draws`` on the command line, the grid of a sweep file before it is built, and so on. Every
limit is a guard against a typo or a hostile file (a draw count with three zeros too many, a
5,000-digit number, a list nested 100,000 deep), set well above any sensible use.

This module is plain data and one check; it imports only the lever registry (plain data).
"""

from __future__ import annotations

from sim.inputs.levers import MAX_LAST_YEAR, MAX_PIPELINE_REPLICATIONS

# What a run may be asked to do.
MAX_DRAWS = 10_000_000
"""Most Monte Carlo draws of one run (about 20 minutes on two cores)."""
MAX_SEED = 2**63 - 1
"""Largest random seed (``numpy.random.SeedSequence`` takes any whole number >= 0)."""
MAX_WORKERS = 256
"""Most worker processes an option may ask for; local processes are also capped at the CPUs."""
MAX_REPLICATIONS = MAX_PIPELINE_REPLICATIONS
"""Most replications of the investment pipeline (``pipeline_replications``)."""
MAX_POINTS = 10_000
"""Most points of a sweep (a guard against a typo multiplying a factorial grid)."""
MAX_TOTAL_DRAWS = 100_000_000
"""Most draws of one command over all its runs (a sweep's points, a comparison's scenarios)."""
MAX_SOBOL_SAMPLES = 2**12
"""Largest Saltelli base sample of ``targets`` (times drivers + 2 runs of 256 draws)."""
MAX_BACKTEST_HORIZON = 10
"""Most years a backtest projects past each origin."""

# What a file may hold.
MAX_FILE_BYTES = 256 * 1024
"""Largest YAML file (scenario, sweep, targets); read at most this + 1 bytes to know."""
MAX_CSV_BYTES = 4 * 1024 * 1024
"""Largest history CSV."""
MAX_DEPTH = 12
"""Deepest nesting of mappings and lists in a YAML file."""
MAX_NODES = 20_000
"""Most values (mappings, lists and scalars) in one YAML file."""
MAX_KEYS = 1_000
"""Most keys of one mapping, or items of one list, in a YAML file."""
MAX_TEXT_CHARS = 10_000
"""Longest text value (a description) or key."""
MAX_NUMBER_CHARS = 32
"""Longest number as written (``-1.23456789012345678e+300`` is 25)."""
MAX_PATH_CHARS = 1024
"""Longest file path a file may name (``extends``, a sweep's scenarios)."""
MAX_NAME_CHARS = 64
"""Longest name that becomes a folder name (scenario, sweep)."""
MAX_CSV_ROWS = 100_000
"""Most data rows of a history CSV."""

# Years.
FIRST_HISTORY_YEAR = 1978
"""Earliest year a history row may have (China's reform era; NBS series start there)."""
LAST_HISTORY_YEAR = MAX_LAST_YEAR
"""Latest year a history row may have."""


class LimitError(ValueError):
    """A quantity is outside its limits; the message says which and what is allowed."""


def check_whole(value: int, what: str, low: int, high: int) -> int:
    """Return ``value`` if ``low <= value <= high``, else raise :class:`LimitError`.

    Parameters
    ----------
    value : int
        The quantity (not a bool).
    what : str
        How a message names it (``"--draws"``, ``"draws"``).
    low, high : int
        Inclusive limits.
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise LimitError(f"{what} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise LimitError(f"{what} must be from {_n(low)} to {_n(high)}, got {_n(value)}")
    return value


def _n(number: int) -> str:
    """A whole number as a message shows it: ``2035``, ``10,000,000``."""
    return f"{number:,}" if abs(number) >= 10_000 else str(number)


def check_total_draws(runs: int, draws: int, what: str) -> None:
    """Refuse a command of ``runs`` runs of ``draws`` draws beyond ``MAX_TOTAL_DRAWS``."""
    total = runs * draws
    if total > MAX_TOTAL_DRAWS:
        raise LimitError(
            f"{what}: {runs:,} runs of {draws:,} draws make {total:,} draws; at most "
            f"{MAX_TOTAL_DRAWS:,} in one command: fewer draws or fewer runs"
        )
