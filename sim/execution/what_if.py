"""Runs of a scenario's variants on the scenario's own random numbers, drawn once.

A tornado or a solver moves one lever at a time and runs the scenario again, dozens of times.
The runs share every random number (common random numbers, :mod:`sim.execution.streams`), so
:func:`variant_values` draws them once per block of draws, recomputes for each variant only the
inputs it changes (a lever's values, its events, its pipeline paths), projects only up to the
last year asked and returns only the indicators asked. The model is causal (a year's values
depend on earlier years only), so a run stopped early gives the first years of the full run.
The numbers are those :func:`~sim.execution.simulate.simulate` gives for each variant, to the
bit, whether the variants run in one process or are shared out among several (tested).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np

from sim.execution.executors import LocalEngine, local_workers
from sim.execution.results_guard import find_violation
from sim.execution.streams import BLOCK, draw_block, draw_parameters, events_block, input_values
from sim.inputs.levers import BASE_YEAR
from sim.inputs.scenario.schema import Scenario
from sim.model.core import project
from sim.model.indicators import INDICATORS
from sim.model.interface import Drivers, Innovations, PipelinePaths

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import ModelSetup
    from sim.pipeline.paths import ReplicationPaths


@dataclass(frozen=True)
class _Pipeline:
    """A variant's pipeline replications, their paths cut to the years projected."""

    full: ReplicationPaths
    years: int

    def for_draws(self, start: int, stop: int) -> tuple[PipelinePaths, dict[str, np.ndarray]]:
        paths, counts = self.full.for_draws(start, stop)
        k = self.years
        cut = PipelinePaths(
            paths.spending_growth[:, :k],
            paths.capacity_gap[:, :k],
            paths.nev_capacity_gap[:, :k],
            paths.growth_variance,  # the full horizon's, as the full run uses
        )
        return cut, {name: values[:, :k] for name, values in counts.items()}


def variant_values(
    scenario: Scenario,
    variants: Sequence[Scenario],
    setup: ModelSetup,
    *,
    draws: int,
    last_year: int,
    indicators: Sequence[str],
    workers: int | None = None,
) -> list[dict[str, np.ndarray]]:
    """Each variant's ``indicators`` for draws 0 to ``draws - 1``, from 2025 to ``last_year``.

    The variants are shared out among local worker processes, in consecutive groups; each
    process draws the random numbers once for its group.

    Parameters
    ----------
    scenario : Scenario
        The scenario the variants change; its seed gives the random numbers.
    variants : sequence of Scenario
        Copies of ``scenario`` with other inputs, events or pipeline replications (same seed
        and horizon).
    setup : ModelSetup
        Seeds and parameters.
    draws : int
        Draws per variant (the first ``draws`` of the scenario's).
    last_year : int
        Last year projected (within the horizon).
    indicators : sequence of str
        Indicators returned.
    workers : int, optional
        Local processes (default: one per CPU, at most one per variant; 1 runs here).

    Returns
    -------
    list of dict of str to ndarray
        Per variant, each indicator shaped (draws, years + 1) from 2025 to ``last_year``.

    Raises
    ------
    ValueError
        If a variant has another seed or horizon, or ``last_year`` is outside the horizon.
    Exception
        The results guard's error (:func:`sim.execution.simulate.guard_error`) if a variant's
        draw is not finite or breaks an identity.
    """
    for other in variants:
        if (other.seed, other.horizon) != (scenario.seed, scenario.horizon):
            raise ValueError("variants must keep the scenario's seed and horizon")
    if last_year not in scenario.years:
        raise ValueError(f"last_year {last_year} is not a year of the scenario {scenario.years}")
    if not variants:
        return []
    years = [y for y in scenario.years if y <= last_year]
    job = _Job(
        scenario,
        tuple(variants),
        setup,
        draws,
        tuple(years),
        tuple(indicators),
        tuple(_pipelines(variants, len(years))),
    )
    engine = LocalEngine(min(local_workers(workers), len(variants)))
    size = -(-len(variants) // engine.workers)
    groups = [(lo, min(lo + size, len(variants))) for lo in range(0, len(variants), size)]
    return [values for part in engine.map(_run_variants, job, groups) for values in part]


@dataclass(frozen=True)
class _Job:
    """What every process running variants needs (forked workers share it, unpickled)."""

    scenario: Scenario
    variants: tuple[Scenario, ...]
    setup: ModelSetup
    draws: int
    years: tuple[int, ...]
    indicators: tuple[str, ...]
    pipelines: tuple[_Pipeline | None, ...]


def _run_variants(job: _Job, first: int, stop: int) -> list[dict[str, np.ndarray]]:
    """Variants ``first`` to ``stop - 1`` of the job, on random numbers drawn once per block."""
    from sim.execution.simulate import guard_error

    scenario, setup, draws, years = job.scenario, job.setup, job.draws, list(job.years)
    variants = job.variants[first:stop]
    pipelines = job.pipelines[first:stop]
    reference = setup.reference_path(tuple(years))
    ps = setup.parameter_set
    names = tuple(INDICATORS)
    columns = [names.index(k) for k in job.indicators]
    out = [np.empty((draws, len(columns), len(years) + 1)) for _ in variants]
    for block in range(0, -(-draws // BLOCK)):
        lo, hi = block * BLOCK, min((block + 1) * BLOCK, draws)
        base, innovations = draw_block(scenario, block, years)
        m = hi - lo
        innovations = Innovations(
            group=innovations.group[:m],
            sector=innovations.sector[:m],
            series={k: a[:m] for k, a in innovations.series.items()},
        )
        params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, lo, hi)
        for v, variant in enumerate(variants):
            inputs = {k: a[:m] for k, a in base.inputs.items()}
            for name, value in variant.inputs.items():
                if value != scenario.inputs.get(name):
                    inputs[name] = input_values(name, value, years, scenario.seed, block)[:m]
            events = base.events
            if variant.events != scenario.events:
                events = events_block(variant.events, years, scenario.seed, block)
            drivers = Drivers(inputs=inputs, reference=base.reference, events=events[:m])
            pipeline = pipelines[v]
            if pipeline is not None:
                paths, counts = pipeline.for_draws(lo, hi)
                drivers = replace(drivers, inputs={**drivers.inputs, **counts}, pipeline=paths)
            table = np.empty((hi - lo, len(names), len(years) + 1))
            project(setup.baseline, params, drivers, innovations, table, reference)
            violation = find_violation(table, names, [BASE_YEAR, *years], lo)
            if violation is not None:
                raise guard_error(variant, setup, pipeline.full if pipeline else None, violation)
            out[v][lo:hi] = table[:, columns]
    return [{k: o[:, i] for i, k in enumerate(job.indicators)} for o in out]


def _pipelines(variants: Sequence[Scenario], years: int) -> list[_Pipeline | None]:
    """Each variant's pipeline replications (run or read from the cache once per distinct input)."""
    from sim.pipeline.des import INPUT_NAMES
    from sim.pipeline.paths import scenario_pipeline

    found: dict[tuple, ReplicationPaths] = {}
    out: list[_Pipeline | None] = []
    for v in variants:
        if v.pipeline_replications == 0:
            out.append(None)
            continue
        key = (v.pipeline_replications, tuple(repr(v.inputs[n]) for n in INPUT_NAMES))
        if key not in found:
            found[key] = scenario_pipeline(v)
        out.append(_Pipeline(found[key], years))
    return out
