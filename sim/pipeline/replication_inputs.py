"""Per-replication inputs of the pipeline sampled from a scenario's lever values.

A scenario gives each lever as a constant, a path {year: value} or a distribution
(``sim.inputs.scenario.values``). Replication r takes the values of Monte Carlo draw r: row ``r %
BLOCK`` of block ``r // BLOCK`` of ``sim.execution.streams.input_block`` under the input's own name,
the stream the core samples the same lever from. Hence replication r of the pipeline sees exactly
the lever values of draw r of the model, and a lever shared by two scenarios is drawn identically in
both.

The inputs only the pipeline reads (infrastructure project counts, project sizes, financing
capacity, approval speed-up) are levers of ``sim.inputs.levers`` like the others.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import numpy as np

from sim.execution.streams import BLOCK, input_block
from sim.inputs.levers import LEVERS, InputSpec
from sim.inputs.scenario.values import Value
from sim.pipeline.des import INPUT_NAMES, PipelineInputs
from sim.pipeline.project_types import PipelineParameters


def input_spec(name: str) -> InputSpec:
    """Metadata of pipeline input ``name`` from the lever registry."""
    return LEVERS[name]


def replication_inputs(
    values: Mapping[str, Value],
    years: Sequence[int],
    seed: int,
    replications: int,
    params: PipelineParameters | None = None,
) -> list[PipelineInputs]:
    """Inputs of replications 0 to R - 1 sampled from scenario values.

    Parameters
    ----------
    values : mapping
        Scenario value of each input of ``INPUT_NAMES`` (constant, path or distribution);
        missing inputs take their default (``input_spec(name).default``; the infrastructure count
        defaults to the parameters' reference count).
    years : sequence of int
        Projected years (2026 to the horizon).
    seed : int
        Scenario seed.
    replications : int
        Number of replications R.
    params : PipelineParameters, optional
        Parameters supplying the default infrastructure count.

    Returns
    -------
    list of PipelineInputs
        One per replication; values clipped to each input's allowed range.
    """
    params = params or PipelineParameters()
    unknown = sorted(set(values) - set(INPUT_NAMES))
    if unknown:
        raise ValueError(f"not pipeline inputs: {unknown}; expected some of {INPUT_NAMES}")
    years = [int(y) for y in years]
    columns: dict[str, np.ndarray] = {}
    for name in INPUT_NAMES:
        spec = input_spec(name)
        if name in values:
            value = values[name]
        elif name == "infrastructure_projects":
            value = params.types["infrastructure"].reference_count
        else:
            value = cast(Value, spec.default)  # a constant or a plain path {year: float}
        blocks = [
            input_block(value, years, seed, block, name)
            for block in range((replications - 1) // BLOCK + 1)
        ]
        columns[name] = np.clip(np.concatenate(blocks)[:replications], spec.low, spec.high)
    return [
        PipelineInputs(years=tuple(years), **{name: columns[name][r] for name in INPUT_NAMES})
        for r in range(replications)
    ]


__all__ = ["input_spec", "replication_inputs"]
