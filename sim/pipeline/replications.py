"""Replications of the pipeline, serially or in worker processes, with identical results.

Replication r draws all its random numbers from ``sim.execution.streams.stream(seed, r,
"pipeline")``, so its results depend on the seed and r only: not on the number of replications run
alongside, nor on how many worker processes run them, nor in which order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from sim.execution.executors import LocalEngine, default_workers
from sim.execution.streams import stream
from sim.pipeline.des import ARRAY_FIELDS, PipelineInputs, Replication, simulate
from sim.pipeline.project_types import PipelineParameters

STREAM_NAME = "pipeline"
"""Name of the random stream of a replication: ``stream(seed, r, STREAM_NAME)``."""

PARALLEL_MIN_REPLICATIONS = 4
"""Fewer replications than this run serially: starting workers costs about 0.1 s, more than
a replication saves (benchmarks/bench_pipeline.py measures both)."""


@dataclass(frozen=True, eq=False)
class PipelineEnsemble:
    """Stacked results of R replications.

    ``years`` as a :class:`~sim.pipeline.des.Replication`'s; each array of ``ARRAY_FIELDS`` is
    the replications' array (same name, unit and meaning) with a leading replication axis, e.g.
    ``spending`` shaped (R, years+1, types) in RMB billion at 2025 prices.
    """

    years: tuple[int, ...]
    spending: np.ndarray
    capacity_added: np.ndarray
    nev_capacity_added: np.ndarray
    arrived: np.ndarray
    started: np.ndarray
    completed: np.ndarray
    cancelled: np.ndarray
    queue_months: np.ndarray

    @property
    def replications(self) -> int:
        """Number of replications R."""
        return int(self.spending.shape[0])

    def arrays(self) -> dict[str, np.ndarray]:
        """The result arrays by name (``ARRAY_FIELDS``), for storage."""
        return {name: getattr(self, name) for name in ARRAY_FIELDS}

    @classmethod
    def stack(cls, replications: Sequence[Replication]) -> PipelineEnsemble:
        """Stack replications that share their years."""
        years = replications[0].years
        if any(r.years != years for r in replications):
            raise ValueError("replications cover different years")
        return cls(
            years=years,
            **{name: np.stack([getattr(r, name) for r in replications]) for name in ARRAY_FIELDS},
        )


def _run_range(
    payload: tuple[list[PipelineInputs], PipelineParameters, int], start: int, stop: int
) -> list[Replication]:
    """Run replications ``start`` to ``stop - 1`` one after another (a worker's share)."""
    inputs, params, seed = payload
    return [simulate(inputs[r], params, stream(seed, r, STREAM_NAME)) for r in range(start, stop)]


def run_replications(
    inputs: Sequence[PipelineInputs] | Callable[[int], PipelineInputs],
    params: PipelineParameters,
    seed: int,
    replications: int | None = None,
    workers: int | None = None,
) -> PipelineEnsemble:
    """Run R replications of the pipeline.

    Parameters
    ----------
    inputs : sequence of PipelineInputs, or callable
        Inputs of each replication (``inputs[r]``), or a function of r returning them. A sequence
        longer than ``replications`` is cut; all must cover the same years.
    params : PipelineParameters
        Model parameters.
    seed : int
        Seed of the run; replication r uses ``sim.execution.streams.stream(seed, r, "pipeline")``.
    replications : int, optional
        R; the length of ``inputs`` when it is a sequence and this is None.
    workers : int, optional
        Worker processes; default ``default_workers()``. Runs serially with 1 worker or fewer
        than ``PARALLEL_MIN_REPLICATIONS`` replications. Results never depend on it.

    Returns
    -------
    PipelineEnsemble
        Arrays stacked in replication order.
    """
    if callable(inputs):
        if replications is None:
            raise ValueError("replications is needed when inputs is a function")
        per_replication = [inputs(r) for r in range(replications)]
    else:
        replications = len(inputs) if replications is None else replications
        if len(inputs) < replications:
            raise ValueError(f"{len(inputs)} inputs given for {replications} replications")
        per_replication = list(inputs[:replications])
    if replications < 1:
        raise ValueError("replications must be at least 1")
    workers = default_workers() if workers is None else max(1, int(workers))
    workers = min(workers, replications)
    if replications < PARALLEL_MIN_REPLICATIONS:
        workers = 1
    # Contiguous ranges, one a worker: few messages, and each worker's share is about equal.
    bounds = np.linspace(0, replications, workers + 1).round().astype(int)
    ranges = list(zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True))
    payload = (per_replication, params, seed)
    results = LocalEngine(workers).map(_run_range, payload, ranges)
    return PipelineEnsemble.stack([rep for part in results for rep in part])


__all__ = ["PipelineEnsemble", "default_workers", "run_replications"]
