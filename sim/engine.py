"""Run a scenario's Monte Carlo draws in chunks through the vectorized model.

Chunks only group draws for memory: the random inputs come from fixed blocks
(``sim.sampling``), so the results are identical for every chunk size.
"""

from __future__ import annotations

import hashlib
import platform
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property
from importlib import metadata

import numpy as np

from sim.model.core import project
from sim.model.parameters import Baseline
from sim.model.sectors import SECTORS
from sim.parameters import ParameterSet, load_parameters
from sim.results import Ensemble
from sim.sampling import BLOCK, draw_parameters, draw_range
from sim.scenario.schema import Scenario
from sim.seeds import Seeds, load_seeds

DEFAULT_CHUNK = 16 * BLOCK
"""Draws per chunk (65,536): about 60 MB of model state for a 2030 horizon."""


def package_version() -> str:
    """Installed version of cqsim (the package metadata is the one version source)."""
    try:
        return metadata.version("cqsim")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        return "0+unknown"


def baseline_from_seeds(seeds: Seeds) -> Baseline:
    """The model's 2025 state from the seeds (RMB billion, percent, vehicles)."""
    va = seeds.sector_va()
    return Baseline(
        va=np.array([va[s] for s in SECTORS]),
        **{name: seeds.value(name) for name in Baseline.field_names()},
    )


@dataclass(frozen=True)
class ModelSetup:
    """What every run needs besides the scenario: seeds and parameters, with their provenance."""

    seeds: Seeds
    parameter_set: ParameterSet

    @classmethod
    def load(cls) -> ModelSetup:
        """Read the shipped ``seeds/`` and ``calibration/parameters.yaml``."""
        return cls(seeds=load_seeds(), parameter_set=load_parameters())

    @cached_property
    def baseline(self) -> Baseline:
        """2025 starting state (built once per setup)."""
        return baseline_from_seeds(self.seeds)

    @cached_property
    def seeds_sha256(self) -> str:
        """SHA-256 of the seeds file, for manifests (read once per setup)."""
        return hashlib.sha256(self.seeds.path.read_bytes()).hexdigest()


def chunks(draws: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    """Consecutive (start, stop) ranges covering ``draws``."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    for start in range(0, draws, chunk_size):
        yield start, min(start + chunk_size, draws)


def run_chunk(
    scenario: Scenario, setup: ModelSetup, start: int, stop: int
) -> dict[str, np.ndarray]:
    """Project draws ``start`` to ``stop - 1``: every indicator shaped (draws, years + 1)."""
    drivers, innovations = draw_range(scenario, start, stop)
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, start, stop)
    return project(setup.baseline, params, drivers, innovations)


def simulate(
    scenario: Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    setup: ModelSetup | None = None,
    progress: Callable[[int], None] | None = None,
) -> Ensemble:
    """Run ``scenario`` and return its :class:`~sim.results.Ensemble`.

    Parameters
    ----------
    draws, seed : int, optional
        Override the scenario's ``draws`` and ``seed``.
    chunk_size : int
        Draws per chunk; changes memory use, never the numbers.
    setup : ModelSetup, optional
        Seeds and parameters (default: the shipped files).
    progress : callable, optional
        Called with the number of draws finished after each chunk.
    """
    scenario = scenario.with_overrides(draws=draws, seed=seed)
    setup = setup or ModelSetup.load()
    parts: list[dict[str, np.ndarray]] = []
    for start, stop in chunks(scenario.draws, chunk_size):
        parts.append(run_chunk(scenario, setup, start, stop))
        if progress is not None:
            progress(stop - start)
    values = {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}
    provenance = {
        "package_version": package_version(),
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "parameters_file": str(setup.parameter_set.path),
        "parameters_sha256": setup.parameter_set.sha256,
        "parameters_status": setup.parameter_set.status,
        "seeds_file": str(setup.seeds.path),
        "seeds_sha256": setup.seeds_sha256,
    }
    return Ensemble(scenario=scenario, values=values, provenance=provenance)
