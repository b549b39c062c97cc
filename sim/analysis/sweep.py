"""Running a sweep: every point of a sweep file on one engine, into one tidy table.

The file format, and how a file expands into its points, is in :mod:`sim.inputs.sweep_file`.
Every point runs with the sweep's seed, so points differ only through their levers (common
random numbers).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from sim.execution.executors import Engine
from sim.execution.simulate import DEFAULT_CHUNK, ModelSetup, simulate
from sim.inputs.sweep_file import Sweep


def run_sweep(
    sweep: Sweep,
    setup: ModelSetup,
    engine: Engine,
    *,
    chunk_size: int = DEFAULT_CHUNK,
    progress: Callable[[int], None] | None = None,
) -> pd.DataFrame:
    """Run the points of ``sweep`` one after another.

    Returns
    -------
    DataFrame
        ``point, scenario, <levers...>, variable, year, unit, mean, p05 ... p95``: each point's
        summary (``sim.results.Ensemble.summary``) of the sweep's indicators, with the point's
        lever values as columns.
    """
    frames = []
    for point in sweep.points:
        ensemble = simulate(
            point.scenario, setup=setup, engine=engine, chunk_size=chunk_size, progress=progress
        )
        summary = ensemble.summary()  # its first column is the scenario
        summary = summary[summary["variable"].isin(sweep.indicators)].copy()
        summary.insert(0, "point", point.index)
        for i, name in enumerate(sweep.lever_names):
            summary.insert(2 + i, name, point.levers[name])
        frames.append(summary)
    return pd.concat(frames, ignore_index=True)
