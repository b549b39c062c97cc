"""The results guard: no run hands on a number that is not finite or breaks an identity.

Every chunk of draws is checked where it is computed, before its summary or draws go anywhere
(``sim.execution.simulate.summarise_chunk``), so a bad number stops the run before any file is
written. The rules read the indicator list (``sim.model.indicators``), not a copy of it:

* every value is finite (no NaN, no infinity);
* ``gdp`` equals the sum of the sectors' value added (``VA_INDICATORS``), to 1e-6 relative;
* shares (names with ``_share_``, percent) lie in [0, 100];
* levels in RMB billion or units are not negative; growth rates (names ending ``_growth``,
  percent) stay above -100%.

A violation names the indicator, year and draw and, where it can, the first input that causes
it: the draw is recomputed with each candidate (an input the scenario sets, an event, the
investment pipeline, the sampled parameter uncertainty) taken back to its default, in that
order, and the first whose removal cures the violation is named. That is a
:class:`ResultError`, an error the user can act on (exit code 2). When no candidate cures it,
the fault is the model's: a :class:`ResultFault` (exit code 3, internal).

Numeric warnings (``RuntimeWarning`` of a 0/0) stay errors in the tests
(``pyproject.toml``); in production the guard reports their effect instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.inputs.errors import UserError
from sim.model.indicators import INDICATORS, VA_INDICATORS

IDENTITY_TOLERANCE = 1e-6
"""Relative tolerance of the GDP identity (sums of eleven floats agree to about 1e-15)."""
LEVEL_UNITS = ("RMB bn", "units")
"""Units of levels, which are never negative."""


class ResultError(UserError):
    """A run's numbers are not usable because of an input; the message names it (exit 2)."""


class ResultFault(RuntimeError):
    """A run's numbers are not usable and no input explains it: a fault of the model (exit 3)."""


@dataclass(frozen=True)
class Violation:
    """The first value of a chunk that breaks a rule.

    Attributes
    ----------
    indicator : str
        Indicator name.
    year : int
        Calendar year.
    draw : int
        Monte Carlo draw (index in the run).
    rule : str
        What is wrong, e.g. ``is nan (not a finite number)``.
    cell : tuple of int
        (indicator, year) position in the chunk's table.
    """

    indicator: str
    year: int
    draw: int
    rule: str
    cell: tuple[int, int]

    def describe(self) -> str:
        """``gdp in 2031 (draw 17) is nan (not a finite number)``."""
        return f"{self.indicator} in {self.year} (draw {self.draw}) {self.rule}"


Rule = tuple[str, np.ndarray]
"""What a rule says is wrong, and the mask of the values that break it."""


def _rules(table: np.ndarray, names: Sequence[str]) -> list[Rule]:
    """Every rule as (what is wrong, mask of broken values), the finiteness rule first."""
    index = {name: i for i, name in enumerate(names)}

    def columns(picked: Sequence[str], test: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
        mask = np.zeros(table.shape, dtype=bool)
        at = [index[n] for n in picked]
        mask[:, at] = test(table[:, at])
        return mask

    rules = [("is {value} (not a finite number)", ~np.isfinite(table))]
    with np.errstate(invalid="ignore", over="ignore"):  # a table that is not finite
        if "gdp" in index and all(n in index for n in VA_INDICATORS):
            total = table[:, [index[n] for n in VA_INDICATORS]].sum(axis=1, keepdims=True)
            rules.append(
                (
                    "differs from the sum of the sectors' value added ({value:.6g})",
                    columns(["gdp"], lambda v: np.abs(v - total) > IDENTITY_TOLERANCE * np.abs(v)),
                )
            )
        shares = [n for n in names if "_share_" in n]
        levels = [n for n in names if n in INDICATORS and INDICATORS[n].unit in LEVEL_UNITS]
        growth = [n for n in names if n.endswith("_growth")]
        outside = columns(shares, lambda v: (v < 0) | (v > 100))
        rules += [
            ("is a share outside 0-100% ({value:.6g})", outside),
            ("is a negative level ({value:.6g})", columns(levels, lambda v: v < 0)),
            ("is a fall of 100% or more ({value:.6g})", columns(growth, lambda v: v <= -100)),
        ]
    return rules


def _first(mask: np.ndarray) -> tuple[int, int, int] | None:
    """(draw, indicator, year) of the first True of a (draws, indicators, years) mask.

    First draw, then its first year, then the first indicator of that year.
    """
    bad_draws = np.flatnonzero(mask.any(axis=(1, 2)))
    if bad_draws.size == 0:
        return None
    d = int(bad_draws[0])
    t = int(np.flatnonzero(mask[d].any(axis=0))[0])
    i = int(np.flatnonzero(mask[d, :, t])[0])
    return d, i, t


def find_violation(
    table: np.ndarray, names: Sequence[str], years: Sequence[int], start: int = 0
) -> Violation | None:
    """The first value of a chunk that is not finite or breaks an identity, or None.

    Parameters
    ----------
    table : ndarray, shape (draws, indicators, years)
        A chunk's results, indicators in the order of ``names``; years as ``years``.
    names : sequence of str
        Indicator names.
    years : sequence of int
        Calendar years of the last axis.
    start : int
        Draw index of the chunk's first row.
    """
    for message, mask in _rules(table, names):
        found = _first(mask)
        if found is not None:
            d, i, t = found
            rule = message.format(value=float(table[d, i, t]))
            return Violation(names[i], int(years[t]), start + d, rule, (i, t))
    return None


def obeys_rules(table: np.ndarray, names: Sequence[str], cell: tuple[int, int]) -> bool:
    """Whether the value at ``cell`` (indicator, year) of a one-draw table obeys every rule."""
    i, t = cell
    return not any(bool(mask[0, i, t]) for _, mask in _rules(table, names))


def first_cure(
    violation: Violation,
    candidates: Sequence[str],
    rerun: Callable[[str], np.ndarray],
    names: Sequence[str],
) -> str | None:
    """The first candidate whose removal makes the violating value obey every rule.

    ``rerun(candidate)`` returns the draw's table, shaped (1, indicators, years) with indicators
    as ``names``, recomputed without the candidate (taken back to its default).
    """
    for candidate in candidates:
        if obeys_rules(rerun(candidate), names, violation.cell):
            return candidate
    return None


def result_error(violation: Violation, cure: str | None, scenario_name: str) -> Exception:
    """The error to raise for ``violation``: a ResultError naming ``cure``, or a ResultFault."""
    where = f"scenario {scenario_name}: {violation.describe()}"
    if cure is not None:
        return ResultError(
            f"{where}; the first offending input is {cure}: without it this draw is finite "
            "and consistent; choose a value further from its limit (see `run_sim.py levers`)"
        )
    return ResultFault(f"{where}, and no input of the scenario explains it: a fault of the model")
