"""What Monte Carlo sampled in each draw: the uncertain inputs and the events' outcomes.

A run's draws file (``draws.parquet``) carries them beside the indicators, so an analyst can ask
which draws had an export slump or a property shock. They are the very numbers the model was
given: drawn from the same streams (:mod:`sim.execution.streams`) for the same draws, so they are
the same for every chunk size and engine, and recomputing them costs no simulation.

Columns, each shaped (draws, years) like an indicator:

- ``input.<name>``: an assumption or lever whose value holds a distribution, in its unit, as the
  model used it (clipped to the allowed range, paths interpolated);
- ``event.<name>.occurred``: 1 if the event happened in the draw, else 0 (every year alike);
- ``event.<name>.size``: the event's impulse in the draw if it happened (pp of real growth).
"""

from __future__ import annotations

import numpy as np

from sim.execution.streams import assemble, event_draws, input_values
from sim.inputs.levers import ALL_INPUTS
from sim.inputs.scenario.schema import Scenario
from sim.inputs.scenario.values import DistributionBase, Value

EVENT_SIZE_UNIT = "pp"
"""Unit of an event's size: percentage points of real growth."""


def is_uncertain(value: Value) -> bool:
    """Whether a scenario value holds a distribution (at the top or in a path)."""
    if isinstance(value, dict):
        return any(isinstance(v, DistributionBase) for v in value.values())
    return isinstance(value, DistributionBase)


def sampled_units(scenario: Scenario) -> dict[str, str]:
    """The per-draw sampled columns of ``scenario`` and their units, in column order."""
    units = {
        f"input.{name}": ALL_INPUTS[name].unit
        for name, value in scenario.inputs.items()
        if is_uncertain(value)
    }
    for event in scenario.events:
        units[f"event.{event.name}.occurred"] = "1 if it happened"
        units[f"event.{event.name}.size"] = EVENT_SIZE_UNIT
    return units


def sampled_draws(scenario: Scenario, start: int, stop: int) -> dict[str, np.ndarray]:
    """The sampled columns of draws ``start`` to ``stop - 1``, each shaped (draws, years).

    Years are those of the indicators: 2025 (the seeds: no input, no event; NaN for inputs and
    0 for events) and the projected years.
    """
    years = scenario.years
    names = [n for n, v in scenario.inputs.items() if is_uncertain(v)]

    def block_columns(block: int) -> dict[str, np.ndarray]:
        out = {}
        for name in names:
            value = scenario.inputs[name]
            out[f"input.{name}"] = input_values(name, value, years, scenario.seed, block)
        for event in scenario.events:
            occurs, size = event_draws(event, scenario.seed, block)
            out[f"event.{event.name}.occurred"] = np.repeat(
                occurs.astype(float)[:, np.newaxis], len(years), axis=1
            )
            out[f"event.{event.name}.size"] = np.repeat(
                (occurs * size)[:, np.newaxis], len(years), axis=1
            )
        return out

    if not names and not scenario.events:
        return {}
    projected = assemble(start, stop, block_columns)
    base = {
        key: np.full((stop - start, 1), np.nan if key.startswith("input.") else 0.0)
        for key in projected
    }
    return {key: np.hstack([base[key], projected[key]]) for key in projected}


__all__ = ["EVENT_SIZE_UNIT", "is_uncertain", "sampled_draws", "sampled_units"]
