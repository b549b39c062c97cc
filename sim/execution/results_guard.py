"""The results guard: no run hands on a number that is not finite or breaks an identity.

Every chunk of draws is checked where it is computed, before its summary or draws go anywhere
(``sim.execution.simulate.summarise_chunk``), so a bad number stops the run before any file is
written. The rules read the indicator list (``sim.model.indicators``), not a copy of it:

* every value is finite (no NaN, no infinity);
* ``gdp`` equals the sum of the sectors' value added (``VA_INDICATORS``) and the sum of its
  expenditure components (``EXPENDITURE_INDICATORS``): summed over the chunk's draws to 1e-9
  relative (a fast check), and draw by draw to 1e-6 where that fails;
* shares (names with ``_share_``, percent) lie in [0, 100];
* levels in RMB billion or units are not negative (balances, ``signed``, may be); growth
  rates (names ending ``_growth``, percent) stay above -100%.

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

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from sim.inputs.errors import UserError
from sim.model.indicators import EXPENDITURE_INDICATORS, INDICATORS, VA_INDICATORS

IDENTITY_TOLERANCE = 1e-6
"""Relative tolerance of the GDP identity in one draw (sums of eleven floats agree to 1e-15)."""
SUM_TOLERANCE = 1e-9
"""Relative tolerance of the GDP identity summed over a chunk's draws, checked first (one pass
over the table): a draw off by more than about 3e-5 in a chunk of 32,768 shows in it."""
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


@dataclass(frozen=True)
class Rule:
    """An identity rule over some indicator columns.

    Attributes
    ----------
    message : str
        What a broken value is, e.g. ``is a negative level``.
    columns : tuple of int
        The indicator columns the rule applies to.
    broken : callable
        ``broken(table, i)``: mask (draws, years) of the values of column ``i`` that break it.
    holds : callable
        ``holds(low, high, sums)``: a fast check that no value breaks it, from the column's
        smallest and largest value and the sums over draws of every indicator (indicators,
        years); False means "compute the mask".
    """

    message: str
    columns: tuple[int, ...]
    broken: Callable[[np.ndarray, int], np.ndarray]
    holds: Callable[[float, float, np.ndarray], bool]


def _rules(names: Sequence[str]) -> list[Rule]:
    """The identity rules that apply to ``names`` (finiteness is checked apart, first)."""
    index = {name: i for i, name in enumerate(names)}

    def where(test: Callable[[str], bool]) -> tuple[int, ...]:
        return tuple(i for i, n in enumerate(names) if test(n))

    rules = [
        Rule(
            "is a share outside 0-100%",
            where(lambda n: "_share_" in n),
            lambda t, i: (t[:, i] < 0) | (t[:, i] > 100),
            lambda low, high, sums: low >= 0 and high <= 100,
        ),
        Rule(
            "is a negative level",
            where(
                lambda n: (
                    n in INDICATORS
                    and INDICATORS[n].unit in LEVEL_UNITS
                    and not INDICATORS[n].signed
                )
            ),
            lambda t, i: t[:, i] < 0,
            lambda low, high, sums: low >= 0,
        ),
        Rule(
            "is a fall of 100% or more",
            where(lambda n: n.endswith("_growth")),
            lambda t, i: t[:, i] <= -100,
            lambda low, high, sums: low > -100,
        ),
    ]
    identities = (
        (VA_INDICATORS, "differs from the sum of the sectors' value added"),
        (EXPENDITURE_INDICATORS, "differs from the sum of its expenditure components"),
    )
    for parts, identity in reversed(identities):
        if "gdp" in index and all(n in index for n in parts):
            rules.insert(0, _sum_rule(index["gdp"], [index[n] for n in parts], identity))
    return [rule for rule in rules if rule.columns]


def _sum_rule(total: int, parts: list[int], message: str) -> Rule:
    """Column ``total`` equals the sum of columns ``parts`` in every draw and year."""

    def gap(table: np.ndarray, g: int) -> np.ndarray:
        level = table[:, g]
        return np.abs(level - table[:, parts].sum(axis=1)) > IDENTITY_TOLERANCE * np.abs(level)

    def holds(low: float, high: float, sums: np.ndarray) -> bool:
        off = np.abs(sums[total] - sums[parts].sum(axis=0))
        return bool(np.all(off <= SUM_TOLERANCE * np.abs(sums[total])))

    return Rule(message, (total,), gap, holds)


def _first(mask: np.ndarray) -> tuple[int, int, int] | None:
    """(draw, column, year) of the first True of a (draws, columns, years) mask.

    First draw, then its first year, then the first column of that year.
    """
    bad_draws = np.flatnonzero(mask.any(axis=(1, 2)))
    if bad_draws.size == 0:
        return None
    d = int(bad_draws[0])
    t = int(np.flatnonzero(mask[d].any(axis=0))[0])
    i = int(np.flatnonzero(mask[d, :, t])[0])
    return d, i, t


def _broken(table: np.ndarray, names: Sequence[str]) -> Iterator[tuple[str, list[int], np.ndarray]]:
    """Each rule a table breaks: (what is wrong, the broken columns, their masks stacked).

    Cheap when nothing is broken: a sum for finiteness, the smallest and largest value of each
    indicator for the rules (two passes over the table), and the GDP identity.
    """
    with np.errstate(invalid="ignore", over="ignore"):  # a table that is not finite
        sums = table.sum(axis=0)  # (indicators, years): reductions over draws are contiguous
        if not (np.isfinite(sums).all() or np.isfinite(table).all()):
            yield "is {value} (not a finite number)", list(range(len(names))), ~np.isfinite(table)
        lows = table.min(axis=0).min(axis=1)
        highs = table.max(axis=0).max(axis=1)
        for rule in _rules(names):
            broken = [i for i in rule.columns if not rule.holds(lows[i], highs[i], sums)]
            masks = [rule.broken(table, i) for i in broken]
            if any(mask.any() for mask in masks):
                yield f"{rule.message} ({{value:.6g}})", broken, np.stack(masks, axis=1)


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
    for message, columns, mask in _broken(table, names):
        found = _first(mask)
        if found is not None:
            d, j, t = found
            i = columns[j]
            rule = message.format(value=float(table[d, i, t]))
            return Violation(names[i], int(years[t]), start + d, rule, (i, t))
    return None


def obeys_rules(table: np.ndarray, names: Sequence[str], cell: tuple[int, int]) -> bool:
    """Whether the value at ``cell`` (indicator, year) of a one-draw table obeys every rule."""
    i, t = cell
    for _, columns, mask in _broken(table, names):
        if i in columns and mask[0, columns.index(i), t]:
            return False
    return True


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
