"""The investment pipeline: a discrete-event simulation (simpy) of projects and their resources.

Projects arrive by type, pass approval, land, financing, construction, commissioning and ramp-up,
and yield investment spending by year and type and capacity coming online by sector and year::

    from sim.pipeline import PipelineParameters, replication_inputs, cached_replications
    params = PipelineParameters()
    inputs = replication_inputs(scenario_levers, years, seed, DEFAULT_REPLICATIONS)
    ensemble, hit = cached_replications(inputs, params, seed)
    ensemble.spending        # (replications, years+1, types), RMB billion, 2025 prices

Names are imported on first use, so that ``sim.pipeline.des`` (what worker processes run) loads
without the scenario and sampling modules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from sim.inputs.levers import DEFAULT_PIPELINE_REPLICATIONS as DEFAULT_REPLICATIONS

_API = {
    "PROJECT_TYPES": "sim.pipeline.project_types",
    "PipelineParameters": "sim.pipeline.project_types",
    "ProjectTypeParameters": "sim.pipeline.project_types",
    "FinancingPoolParameters": "sim.pipeline.project_types",
    "PipelineInputs": "sim.pipeline.des",
    "Replication": "sim.pipeline.des",
    "simulate": "sim.pipeline.des",
    "PipelineEnsemble": "sim.pipeline.replications",
    "run_replications": "sim.pipeline.replications",
    "replication_inputs": "sim.pipeline.replication_inputs",
    "cached_replications": "sim.pipeline.cache",
    "PIPELINE_VERSION": "sim.pipeline.cache",
}

__all__ = [
    "DEFAULT_REPLICATIONS",
    "PIPELINE_VERSION",
    "PROJECT_TYPES",
    "FinancingPoolParameters",
    "PipelineEnsemble",
    "PipelineInputs",
    "PipelineParameters",
    "ProjectTypeParameters",
    "Replication",
    "cached_replications",
    "replication_inputs",
    "run_replications",
    "simulate",
]

if TYPE_CHECKING:  # pragma: no cover
    from sim.pipeline.cache import PIPELINE_VERSION, cached_replications
    from sim.pipeline.des import PipelineInputs, Replication, simulate
    from sim.pipeline.project_types import (
        PROJECT_TYPES,
        FinancingPoolParameters,
        PipelineParameters,
        ProjectTypeParameters,
    )
    from sim.pipeline.replication_inputs import replication_inputs
    from sim.pipeline.replications import PipelineEnsemble, run_replications


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'sim.pipeline' has no attribute {name!r}")
