"""From a scenario to the pipeline paths the model's draws take.

A scenario with ``pipeline_replications`` R > 0 runs R replications of the pipeline (cached) at its
lever values; Monte Carlo draw i of the model takes the paths of replication ``i % R``, so the
pipeline's own uncertainty shows in the bands, and the draws of a replication see the project
counts that replication simulated. What the model takes (``sim.model.core.PipelinePaths``):

    spending_growth_k,t = 100 (S'_k,t / S'_k,t-1 - 1),   S' = max(S, f Sbar_k)
                          S: industrial + tech, infrastructure spending; Sbar_k = mean_r S_k,2025
    capacity_gap_s,t    = A_s,t - mean_r A_s,2025      A: real VA capacity coming online, RMB bn
    nev_capacity_gap_t  = sum_{u<=t} (N_u - mean_r N_2025)   N: NEV capacity coming online
    growth_variance_k   = mean_t var_r spending_growth_k,t    (the pipeline's share of the noise)

The 2025 mean over replications is the reference: the pipeline's steady state at the plan's
counts (burn-in at the reference inputs), which the calibrated trends already contain.

Spending can stop altogether (no new projects for years: the old ones finish), and growth from
nothing is not a number (0/0). So spending is counted as at least the share ``f =
SPENDING_FLOOR_SHARE`` (5%) of its reference, the share of a level the model keeps when it falls
by its floor (``MIN_GROWTH``, -95%): spending that stops is a fall of 95%, no spending for years
is no change, and a restart to the reference is +1900%, which restores the level the fall
left. Above the floor in both years it is the ordinary growth rate, to the bit.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.inputs.scenario.schema import Scenario
from sim.model.core import MIN_GROWTH
from sim.model.interface import PipelinePaths
from sim.pipeline.cache import cache_key, cached_replications
from sim.pipeline.des import INPUT_NAMES
from sim.pipeline.project_types import PROJECT_TYPES, TYPE_INDEX, PipelineParameters
from sim.pipeline.replication_inputs import replication_inputs
from sim.pipeline.replications import PipelineEnsemble

SHARED_COUNTS = ("industrial_projects", "tech_transformation_projects")
"""Pipeline inputs the model reads too: its draws take them from their replication."""
SPENDING_FLOOR_SHARE = 1 + MIN_GROWTH / 100
"""Least spending counted, as a share of the reference (0.05: the share of a level the model
keeps when it falls by its floor, ``MIN_GROWTH`` = -95%)."""


@dataclass(frozen=True)
class ReplicationPaths:
    """Paths of R replications (leading axis R) and the counts they simulated, (R, years)."""

    paths: PipelinePaths
    counts: dict[str, np.ndarray]
    provenance: dict[str, Any]

    @property
    def replications(self) -> int:
        """Number of replications R."""
        return int(self.paths.nev_capacity_gap.shape[0])

    def for_draws(self, start: int, stop: int) -> tuple[PipelinePaths, dict[str, np.ndarray]]:
        """Paths and counts of draws ``start`` to ``stop - 1`` (draw i: replication i % R)."""
        r = np.arange(start, stop) % self.replications
        p = self.paths
        paths = PipelinePaths(
            p.spending_growth[r], p.capacity_gap[r], p.nev_capacity_gap[r], p.growth_variance
        )
        return paths, {name: values[r] for name, values in self.counts.items()}


def spending_growth(spend: np.ndarray, floor: np.ndarray) -> np.ndarray:
    """Growth of spending, percent, with spending counted as at least ``floor`` (docstring above).

    Parameters
    ----------
    spend : ndarray, shape (replications, years + 1, kinds)
        Spending, RMB billion at 2025 prices, from 2025.
    floor : ndarray, shape (kinds,)
        Least spending counted, RMB billion (positive).

    Returns
    -------
    ndarray, shape (replications, years, kinds)
        ``100 (S'_t / S'_t-1 - 1)`` with ``S' = max(S, floor)``: the ordinary growth rate where
        spending is above the floor in both years.
    """
    counted = np.maximum(spend, floor)
    return 100 * (counted[:, 1:] / counted[:, :-1] - 1)


def model_paths(ensemble: PipelineEnsemble) -> PipelinePaths:
    """The model's view of an ensemble, shaped (R, years, ...) (see the module docstring)."""
    s = ensemble.spending
    industry = s[..., TYPE_INDEX["industrial"]] + s[..., TYPE_INDEX["tech_transformation"]]
    spend = np.stack([industry, s[..., TYPE_INDEX["infrastructure"]]], axis=-1)  # (R, Y+1, 2)
    growth = spending_growth(spend, SPENDING_FLOOR_SHARE * spend[:, 0].mean(axis=0))
    capacity = ensemble.capacity_added
    capacity_gap = capacity[:, 1:] - capacity[:, 0].mean(axis=0)
    nev = ensemble.nev_capacity_added
    nev_gap = np.cumsum(nev[:, 1:] - nev[:, 0].mean(), axis=1)
    variance = growth.var(axis=0).mean(axis=0) if len(growth) > 1 else np.zeros(2)
    return PipelinePaths(growth, capacity_gap, nev_gap, variance)


def scenario_pipeline(
    scenario: Scenario,
    *,
    params: PipelineParameters | None = None,
    workers: int | None = None,
    directory: Path | None = None,
) -> ReplicationPaths:
    """Run (or read from the cache) the scenario's replications and convert them for the model."""
    params = params or PipelineParameters()
    values = {name: scenario.inputs[name] for name in INPUT_NAMES}
    inputs = replication_inputs(
        values, scenario.years, scenario.seed, scenario.pipeline_replications, params
    )
    ensemble, hit = cached_replications(
        inputs, params, scenario.seed, workers=workers, directory=directory
    )
    counts = {
        name: np.array([getattr(i, name) for i in inputs], dtype=float) for name in SHARED_COUNTS
    }
    provenance = {
        "replications": ensemble.replications,
        "cache_key": cache_key(inputs, params, scenario.seed),
        "from_cache": hit,
        "spending_2025_rmb_bn": dict(
            zip(
                PROJECT_TYPES,
                np.round(ensemble.spending[:, 0].mean(axis=0), 1).tolist(),
                strict=True,
            )
        ),
    }
    return ReplicationPaths(model_paths(ensemble), counts, provenance)
