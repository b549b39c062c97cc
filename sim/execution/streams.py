"""Random inputs of the model, drawn in fixed blocks so results never depend on chunking.

Draw i belongs to block ``i // BLOCK``. Every random quantity (an uncertain input, an event's
occurrence or size, a shock) has its own stream per block: a ``numpy.random.SeedSequence`` with
entropy = the scenario seed and spawn key = (block, CRC32 of the quantity's name[, year]). Hence:

* the same seed gives the same numbers for any chunk size or engine (a chunk samples the whole
  blocks it touches and keeps its slice);
* two scenarios run with one seed share the random numbers of every quantity they have in common
  (common random numbers): a lever change moves results only through the lever.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np

from sim.inputs.levers import ALL_INPUTS, reference_inputs
from sim.inputs.parameters_file import Uncertainty
from sim.inputs.scenario.schema import Event, Scenario
from sim.inputs.scenario.values import DistributionBase, Value, norm_ppf, triangular_ppf
from sim.model.interface import SERIES_SHOCKS, Drivers, Innovations
from sim.model.parameters import Parameters
from sim.model.sectors import N_GROUPS, N_SECTORS, SECTOR_INDEX

BLOCK = 4096
"""Draws per random-stream block."""


def stream(seed: int, block: int, name: str) -> np.random.Generator:
    """Independent generator for quantity ``name`` in ``block`` of a run seeded with ``seed``."""
    key = zlib.crc32(name.encode("utf-8"))
    return np.random.Generator(
        np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(block, key)))
    )


def _scalar_block(value: object, seed: int, block: int, name: str) -> np.ndarray | float:
    """A constant, or BLOCK draws of a distribution."""
    if isinstance(value, DistributionBase):
        return value.sample(stream(seed, block, name), BLOCK)
    return float(value)  # type: ignore[arg-type]


def input_block(value: Value, years: list[int], seed: int, block: int, name: str) -> np.ndarray:
    """Values of one input for a block, shaped (BLOCK, years); paths interpolated linearly."""
    if not isinstance(value, dict):
        column = np.broadcast_to(_scalar_block(value, seed, block, f"input:{name}"), (BLOCK,))
        return np.repeat(column[:, np.newaxis], len(years), axis=1)
    keys = sorted(value)
    points = np.stack(
        [
            np.broadcast_to(_scalar_block(value[y], seed, block, f"input:{name}:{y}"), (BLOCK,))
            for y in keys
        ],
        axis=1,
    )  # (BLOCK, keys)
    out = np.empty((BLOCK, len(years)))
    for j, year in enumerate(years):
        if year <= keys[0]:
            out[:, j] = points[:, 0]
        elif year >= keys[-1]:
            out[:, j] = points[:, -1]
        else:
            k = int(np.searchsorted(keys, year)) - 1
            w = (year - keys[k]) / (keys[k + 1] - keys[k])
            out[:, j] = points[:, k] * (1 - w) + points[:, k + 1] * w
    return out


def event_draws(event: Event, seed: int, block: int) -> tuple[np.ndarray, np.ndarray]:
    """Whether the event occurs in each draw of a block, and its size there (pp), (BLOCK,) each."""
    occurs = stream(seed, block, f"event:{event.name}:occurs").random(BLOCK) < event.probability
    size = np.broadcast_to(
        _scalar_block(event.size, seed, block, f"event:{event.name}:size"), (BLOCK,)
    )
    return occurs, size


def events_block(events: tuple[Event, ...], years: list[int], seed: int, block: int) -> np.ndarray:
    """Event impulses for a block, shaped (BLOCK, years, sectors), percentage points.

    An event occurs in a draw with its probability; then it adds ``size`` to the real growth of
    its sectors in its year and ``size * persistence**k`` k years later.
    """
    out = np.zeros((BLOCK, len(years), N_SECTORS))
    for event in events:
        occurs, size = event_draws(event, seed, block)
        hit = [SECTOR_INDEX[s] for s in event.sectors]
        for j, year in enumerate(years):
            if year >= event.year:
                decay = event.persistence ** (year - event.year)
                out[:, j, hit] += (occurs * size * decay)[:, np.newaxis]
    return out


def innovations_block(years: list[int], seed: int, block: int) -> Innovations:
    """Standard-normal shocks for a block, one stream per quantity and year."""
    group = np.stack(
        [stream(seed, block, f"shock:group:{y}").standard_normal((BLOCK, N_GROUPS)) for y in years],
        axis=1,
    )
    sector = np.stack(
        [
            stream(seed, block, f"shock:sector:{y}").standard_normal((BLOCK, N_SECTORS))
            for y in years
        ],
        axis=1,
    )
    series = {
        name: np.stack(
            [stream(seed, block, f"shock:{name}:{y}").standard_normal(BLOCK) for y in years], axis=1
        )
        for name in SERIES_SHOCKS
    }
    return Innovations(group=group, sector=sector, series=series)


def input_values(name: str, value: Value, years: list[int], seed: int, block: int) -> np.ndarray:
    """Values of input ``name`` for a block, (BLOCK, years), kept within its allowed range."""
    spec = ALL_INPUTS[name]
    return np.clip(input_block(value, years, seed, block, name), spec.low, spec.high)


def draw_block(
    scenario: Scenario, block: int, years: list[int] | None = None
) -> tuple[Drivers, Innovations]:
    """All random and fixed inputs of one block of draws, for ``years`` (default: the horizon).

    The numbers of a year do not depend on the years asked: a block drawn to an earlier year
    holds the first years of the block drawn to the horizon.
    """
    years = scenario.years if years is None else years
    seed = scenario.seed
    inputs = {
        name: input_values(name, value, years, seed, block)
        for name, value in scenario.inputs.items()
    }
    drivers = Drivers(
        inputs=inputs,
        reference=reference_arrays(years),
        events=events_block(scenario.events, years, seed, block),
    )
    return drivers, innovations_block(years, seed, block)


def reference_arrays(years: list[int]) -> dict[str, np.ndarray]:
    """Every input's reference value (its registry default) in each year, shaped (years,)."""
    return {name: np.array(values) for name, values in reference_inputs(years).items()}


def parameter_block(
    parameters: Parameters, uncertainty: Mapping[str, Uncertainty], seed: int, block: int
) -> dict[str, np.ndarray]:
    """Per-draw values of the sampled parameters for a block, within [low, high].

    ``normal``: value + se z, z ~ N(0, 1); ``triangular``: the inverse CDF of the triangular
    distribution on [low, high] with its mode at the value
    (:func:`~sim.inputs.scenario.values.triangular_ppf`) at u ~ U(0, 1).
    Each element of a sector or group parameter has its own draw; shapes are (BLOCK,) for
    scalars and (BLOCK, sectors or groups) otherwise.
    """
    out = {}
    for name, u in uncertainty.items():
        value = np.asarray(getattr(parameters, name), dtype=float)
        rng = stream(seed, block, f"param:{name}")
        if u.dist == "normal":
            draws = value + u.se * rng.standard_normal((BLOCK, *value.shape))
        elif value.ndim == 0:
            draws = triangular_ppf(rng.random(BLOCK), u.low, value, u.high)
        else:  # elements as rows: each one's bounds then broadcast along contiguous draws
            uniforms = np.ascontiguousarray(rng.random((BLOCK, *value.shape)).T)
            low, mode, high = (
                np.asarray(v, dtype=float).T[..., np.newaxis] for v in (u.low, value, u.high)
            )
            draws = np.ascontiguousarray(triangular_ppf(uniforms, low, mode, high).T)
        out[name] = np.clip(draws, u.low, u.high)
    return out


def parameter_quantile(
    value: np.ndarray | float, u: np.ndarray, uncertainty: Uncertainty
) -> np.ndarray:
    """A sampled parameter at quantiles ``u`` in (0, 1) of its distribution, within [low, high].

    ``normal``: value + se Phi^-1(u); ``triangular``: the inverse CDF of
    :func:`parameter_block`'s triangular distribution. ``u`` is shaped like the parameter.
    """
    value = np.asarray(value, dtype=float)
    u = np.asarray(u, dtype=float)
    if uncertainty.dist == "normal":
        draws = value + np.asarray(uncertainty.se, dtype=float) * norm_ppf(u)
    else:
        draws = triangular_ppf(u, uncertainty.low, value, uncertainty.high)
    return np.asarray(np.clip(draws, uncertainty.low, uncertainty.high), dtype=float)


def assemble(
    start: int, stop: int, make_block: Callable[[int], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """Arrays of draws ``start`` to ``stop - 1`` cut from the whole blocks they fall in."""
    parts = []
    for block in range(start // BLOCK, (stop - 1) // BLOCK + 1):
        lo = max(start - block * BLOCK, 0)
        hi = min(stop - block * BLOCK, BLOCK)
        parts.append({k: v[lo:hi] for k, v in make_block(block).items()})
    if len(parts) == 1:
        return parts[0]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]}


def draw_range(scenario: Scenario, start: int, stop: int) -> tuple[Drivers, Innovations]:
    """Inputs of draws ``start`` to ``stop - 1``, identical whatever range they are drawn in."""

    def flat(block: int) -> dict[str, np.ndarray]:
        drivers, innov = draw_block(scenario, block)
        return {
            **{f"input:{k}": v for k, v in drivers.inputs.items()},
            "events": drivers.events,
            "group": innov.group,
            "sector": innov.sector,
            **{f"series:{k}": v for k, v in innov.series.items()},
        }

    arrays = assemble(start, stop, flat)
    drivers = Drivers(
        inputs={k[6:]: v for k, v in arrays.items() if k.startswith("input:")},
        reference=reference_arrays(scenario.years),
        events=arrays["events"],
    )
    innov = Innovations(
        group=arrays["group"],
        sector=arrays["sector"],
        series={k[7:]: v for k, v in arrays.items() if k.startswith("series:")},
    )
    return drivers, innov


def draw_parameters(
    parameters: Parameters,
    uncertainty: Mapping[str, Uncertainty],
    seed: int,
    start: int,
    stop: int,
) -> Parameters:
    """``parameters`` with the sampled ones replaced by their draws ``start`` to ``stop - 1``."""
    if not uncertainty:
        return parameters
    arrays = assemble(
        start, stop, lambda block: parameter_block(parameters, uncertainty, seed, block)
    )
    changes: dict[str, Any] = dict(arrays)  # per-draw values of sampled fields
    return replace(parameters, **changes)


__all__ = [
    "BLOCK",
    "assemble",
    "draw_block",
    "draw_parameters",
    "draw_range",
    "event_draws",
    "input_block",
    "input_values",
    "parameter_quantile",
    "stream",
]
