r"""Attribution: how much of the difference between two scenarios each changed input makes.

Between a reference scenario ``A`` and a scenario ``B`` (``compare --attribute``; usually the one
``B`` extends) a set of **inputs** differs: assumptions and levers of ``sim.inputs.levers`` whose
values differ, events that one has and the other lacks (or has with another definition) and the
number of pipeline replications. Switching them on one at a time from ``A`` to ``B`` gives
contributions that depend on the order when inputs interact (a capacity that binds only when
demand is strong; growth rates that compound). This module uses the **Shapley value**, the one
order-independent split that adds up exactly (Shapley 1953; in decomposition analysis,
Shorrocks 2013): with ``N`` the changed inputs, ``n = |N|`` and ``v(S)`` the mean of an indicator
in a year when the inputs in ``S`` take ``B``'s values and the others ``A``'s,

    phi_i = sum over S in N \ {i} of  |S|! (n - |S| - 1)! / n!  (v(S + {i}) - v(S))

and ``sum_i phi_i = v(N) - v({}) = mean(B) - mean(A)``: the total difference of the means,
exactly (up to floating-point rounding). Every one of the ``2**n`` combinations is simulated on
the same random numbers (one seed, one number of draws: a random quantity's stream depends only
on its name, ``sim.execution.streams``), so the contributions show the inputs, not noise.

Only **means** are split: the mean is additive (:mod:`sim.analysis.differences`), a median is not,
so no order-independent split of a median difference adds up. The cost is ``2**n`` runs (each a
fraction of a second, plus the investment pipeline for every new combination of its inputs);
:data:`MAX_EXACT_INPUTS` caps ``n``, and more inputs are refused (:class:`TooManyInputs`) rather
than approximated.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.execution.simulate import ModelSetup, simulate
from sim.inputs.levers import ASSUMPTIONS, LEVERS
from sim.inputs.scenario.schema import Event, Scenario
from sim.inputs.scenario.values import to_plain
from sim.model.indicators import INDICATORS
from sim.results import difference_unit, run_means

MAX_EXACT_INPUTS = 8
"""Most changed inputs attributed (2**8 = 256 runs); more are refused, not approximated."""

ATTRIBUTION_COLUMNS = [
    "reference",
    "scenario",
    "variable",
    "unit",
    "year",
    "input",
    "kind",
    "contribution",
]
"""Columns of ``attribution.csv``: per compared scenario, indicator, year and changed input, the
input's Shapley contribution to the mean difference (``unit`` as in ``differences.csv``); a row
with ``input`` and ``kind`` ``total`` per indicator and year holds the total difference, which
the contributions add up to."""

TOTAL = "total"
"""``input`` and ``kind`` of the rows holding the total difference."""

SETTING = "pipeline_replications"
"""The one scenario setting attributed besides inputs and events (it changes investment paths)."""

Progress = Callable[[int], None] | None


class TooManyInputs(ValueError):
    """More inputs changed than exact Shapley values are computed for (:data:`MAX_EXACT_INPUTS`)."""


@dataclass(frozen=True)
class ChangedInput:
    """One input that differs between the reference and the scenario.

    Attributes
    ----------
    name : str
        The input's name: an assumption or lever, an event's name, or ``pipeline_replications``.
    kind : {"assumption", "lever", "event", "setting"}
        What it is.
    """

    name: str
    kind: str


def _event_map(scenario: Scenario) -> dict[str, Event]:
    return {event.name: event for event in scenario.events}


def changed_inputs(reference: Scenario, scenario: Scenario) -> list[ChangedInput]:
    """Inputs whose values differ between ``reference`` and ``scenario``, in registry order.

    Assumptions and levers in ``sim.inputs.levers`` order, then events (the scenario's, then
    those only the reference has), then ``pipeline_replications``. Values are compared as
    written (a constant, path or distribution): two ways of writing the same numbers are one
    value only if they resolve to the same one.
    """
    changed = []
    for registry, kind in ((ASSUMPTIONS, "assumption"), (LEVERS, "lever")):
        for name in registry:
            if to_plain(reference.inputs[name]) != to_plain(scenario.inputs[name]):
                changed.append(ChangedInput(name, kind))
    ours, theirs = _event_map(reference), _event_map(scenario)
    for name in [*theirs, *(n for n in ours if n not in theirs)]:
        if ours.get(name) != theirs.get(name):
            changed.append(ChangedInput(name, "event"))
    if reference.pipeline_replications != scenario.pipeline_replications:
        changed.append(ChangedInput(SETTING, "setting"))
    return changed


def combination(
    reference: Scenario, scenario: Scenario, switched: Iterable[ChangedInput]
) -> Scenario:
    """``reference`` with the ``switched`` inputs at their values in ``scenario``.

    Events keep the scenario's order, then the reference's own, so that switching every
    changed input gives the scenario's events in its order. Name, seed, draws and horizon are
    the reference's.
    """
    names = {item.name for item in switched}
    kinds = {item.name: item.kind for item in switched}
    inputs = {
        name: scenario.inputs[name] if kinds.get(name) in ("assumption", "lever") else value
        for name, value in reference.inputs.items()
    }
    ours, theirs = _event_map(reference), _event_map(scenario)
    events = []
    for name in [*theirs, *(n for n in ours if n not in theirs)]:
        chosen = theirs.get(name) if name in names else ours.get(name)
        if chosen is not None:
            events.append(chosen)
    replications = (
        scenario.pipeline_replications if SETTING in names else reference.pipeline_replications
    )
    return replace(
        reference, inputs=inputs, events=tuple(events), pipeline_replications=replications
    )


def shapley_weight(size: int, n: int) -> float:
    """Weight of a coalition of ``size`` others in the Shapley value of one of ``n`` inputs.

    w(s, n) = s! (n - s - 1)! / n!
    """
    return math.factorial(size) * math.factorial(n - size - 1) / math.factorial(n)


def shapley_values(values: dict[frozenset[int], np.ndarray], n: int) -> list[np.ndarray]:
    """Shapley value of each of ``n`` inputs from the outcome of every coalition.

    Parameters
    ----------
    values : dict of frozenset of int to ndarray
        ``v(S)`` for every subset ``S`` of ``range(n)``, arrays of one shape.
    n : int
        Number of inputs.

    Returns
    -------
    list of ndarray
        ``phi_i`` (the module docstring's formula), one per input, of the shape of ``v``.
    """
    phis = []
    for i in range(n):
        others = [j for j in range(n) if j != i]
        phi = np.zeros_like(values[frozenset()], dtype=float)
        for size in range(n):
            w = shapley_weight(size, n)
            for coalition in itertools.combinations(others, size):
                s = frozenset(coalition)
                phi = phi + w * (values[s | {i}] - values[s])
        phis.append(phi)
    return phis


def attribute(
    reference: Scenario,
    scenario: Scenario,
    setup: ModelSetup,
    *,
    indicators: Sequence[str] | None = None,
    progress: Progress = None,
    max_inputs: int = MAX_EXACT_INPUTS,
) -> pd.DataFrame:
    """Shapley contributions of each changed input to ``mean(scenario) - mean(reference)``.

    Parameters
    ----------
    reference, scenario : Scenario
        Run with the reference's seed and draws (common random numbers), over the years both
        cover (the earlier horizon).
    setup : ModelSetup
        Seeds and parameters.
    indicators : sequence of str, optional
        Indicators to attribute (default: every one).
    progress : callable, optional
        Called with the number of draws finished, ``2**n`` runs of ``reference.draws`` each.
    max_inputs : int
        Refuse more changed inputs than this.

    Returns
    -------
    DataFrame
        :data:`ATTRIBUTION_COLUMNS`: per indicator, projected year and changed input its
        contribution, then a ``total`` row; contributions add up to the total. No inputs
        changed: only the total rows (zero).

    Raises
    ------
    TooManyInputs
        If more than ``max_inputs`` inputs changed.
    """
    changed = changed_inputs(reference, scenario)
    n = len(changed)
    if n > max_inputs:
        listed = ", ".join(f"{c.name} ({c.kind})" for c in changed)
        raise TooManyInputs(
            f"{scenario.name} differs from {reference.name} in {n} inputs ({listed}); exact "
            f"attribution is limited to {max_inputs} (2**{max_inputs} = {2**max_inputs} runs): "
            "compare through an intermediate scenario that changes some of them"
        )
    names = list(INDICATORS) if indicators is None else list(indicators)
    horizon = min(reference.horizon, scenario.horizon)
    base = replace(reference, horizon=horizon)
    other = replace(scenario, horizon=horizon, seed=reference.seed, draws=reference.draws)
    n_years = horizon - base.years[0] + 2  # 2025 and the projected years
    outcomes: dict[frozenset[int], np.ndarray] = {}
    for size in range(n + 1):
        for coalition in itertools.combinations(range(n), size):
            if size == 0:
                run = base
            elif size == n:
                run = other  # the scenario itself, not a copy rebuilt from its parts
            else:
                run = combination(base, other, [changed[i] for i in coalition])
            means = run_means(simulate(run, setup=setup, progress=progress), names, n_years)
            outcomes[frozenset(coalition)] = np.stack([means[k] for k in names])  # (ind, years)
    phis = shapley_values(outcomes, n)
    total = outcomes[frozenset(range(n))] - outcomes[frozenset()]
    years = base.years  # projected years; column 0 of the means is 2025 (no difference)
    rows = []
    for k, name in enumerate(names):
        unit = difference_unit(INDICATORS[name].unit)
        for j, year in enumerate(years, start=1):
            common = [reference.name, scenario.name, name, unit, year]
            rows += [
                [*common, c.name, c.kind, phi[k, j]] for c, phi in zip(changed, phis, strict=True)
            ]
            rows.append([*common, TOTAL, TOTAL, total[k, j]])
    return pd.DataFrame(rows, columns=ATTRIBUTION_COLUMNS)


__all__ = [
    "ATTRIBUTION_COLUMNS",
    "MAX_EXACT_INPUTS",
    "ChangedInput",
    "TooManyInputs",
    "attribute",
    "changed_inputs",
    "combination",
    "shapley_values",
]
