"""Per-replication inputs of the pipeline sampled from a scenario's lever values.

A scenario gives each lever as a constant, a path {year: value} or a distribution
(``sim.scenario.values``). Replication r takes the values of Monte Carlo draw r: row ``r % BLOCK``
of block ``r // BLOCK`` of ``sim.sampling.input_block`` under the input's own name, the stream the
core samples the same lever from. Hence replication r of the pipeline sees exactly the lever values
of draw r of the model, and a lever shared by two scenarios is drawn identically in both.

Inputs the lever registry ``sim.levers`` does not hold yet (project sizes, financing capacity,
approval speed-up, infrastructure project counts) are specified in ``PIPELINE_INPUTS`` here, with
the same metadata; ``sim.levers`` is the place for them once the core reads them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from sim.levers import LEVERS, InputSpec
from sim.pipeline.des import INPUT_NAMES, PipelineInputs
from sim.pipeline.parameters import PipelineParameters
from sim.sampling import BLOCK, input_block
from sim.scenario.values import Value

PIPELINE_INPUTS: dict[str, InputSpec] = {
    spec.name: spec
    for spec in (
        InputSpec(
            name="infrastructure_projects",
            unit="projects a year",
            low=0.0,
            high=1500.0,
            default=354.0,
            description="Key municipal (infrastructure) projects entering the investment "
            "pipeline each year.",
            moves=("fai_growth", "infrastructure spending of the pipeline"),
            reason="2026 government work report: 340 key municipal projects completed in 2025; "
            "354 a year entering complete 340 a year after the pipeline's cancellations.",
        ),
        InputSpec(
            name="project_size",
            unit="multiple of the reference project budgets",
            low=0.2,
            high=5.0,
            default=1.0,
            description="Scale of the budgets of new projects of every type (2025 prices).",
            moves=("pipeline spending", "capacity added", "land and financing needs"),
            reason="1.0 keeps the reference size distributions of sim/pipeline/parameters.py.",
        ),
        InputSpec(
            name="financing_capacity",
            unit="multiple of the reference financing capacity",
            low=0.1,
            high=5.0,
            default=1.0,
            description="Commitments lenders (banks, special bonds, policy banks) can make to "
            "projects a year, relative to the reference; moves both financing pools.",
            moves=("project waiting times and cancellations", "pipeline spending"),
            reason="1.0: the reference capacities of sim/pipeline/parameters.py, about 15% above "
            "the financing the plan's projects need.",
        ),
        InputSpec(
            name="approval_speedup",
            unit="% cut of approval times",
            low=0.0,
            high=50.0,
            default=0.0,
            description="Faster approvals (one-stop services, commitment-based approval): the cut "
            "of every project's approval time.",
            moves=("timing of pipeline spending",),
            reason="Zero by default: approval times of the parameters are today's.",
        ),
    )
}
"""Pipeline inputs not (yet) in ``sim.levers.LEVERS``."""


def input_spec(name: str) -> InputSpec:
    """Metadata of pipeline input ``name`` (the lever registry's where it has one)."""
    if name in LEVERS:
        return LEVERS[name]
    return PIPELINE_INPUTS[name]


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
            value = spec.default  # a constant or a plain path {year: float}
        blocks = [
            input_block(value, years, seed, block, name)
            for block in range((replications - 1) // BLOCK + 1)
        ]
        columns[name] = np.clip(np.concatenate(blocks)[:replications], spec.low, spec.high)
    return [
        PipelineInputs(years=tuple(years), **{name: columns[name][r] for name in INPUT_NAMES})
        for r in range(replications)
    ]


__all__ = ["PIPELINE_INPUTS", "input_spec", "replication_inputs"]
