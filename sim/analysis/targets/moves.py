"""Moving one lever of a scenario, the same way for constants, paths and distributions.

A lever is moved by adding one amount ``delta`` (in the lever's unit) to its value in every
year: a constant becomes another constant, a path {year: value} moves up or down keeping its
shape, a distribution is shifted (its draws move by ``delta`` on the same random numbers).
Constants are kept inside the lever's allowed range (``sim.inputs.levers``), as the engine keeps
draws. So the moves from :func:`shift_range`'s low end to its high end sweep the lever from its
whole path at the bottom of the range to its whole path at the top.

The random numbers of a scenario depend only on its seed and the names of its quantities
(``sim.execution.streams``), so a moved scenario run with the same seed and draws shares every shock
with the original: differences come from the lever alone (common random numbers).
"""

from __future__ import annotations

from dataclasses import replace

from sim.inputs.levers import LEVERS, InputSpec
from sim.inputs.scenario.schema import Scenario
from sim.inputs.scenario.values import (
    DistributionBase,
    LogNormal,
    Normal,
    Scalar,
    Triangular,
    TruncNormal,
    Uniform,
    Value,
    value_bounds,
)

_SHIFTED_FIELDS: dict[type, tuple[str, ...]] = {
    Normal: ("mean",),
    TruncNormal: ("mean", "low", "high"),
    Uniform: ("low", "high"),
    Triangular: ("low", "mode", "high"),
}
"""Parameters that move with a shift of each distribution (scale parameters do not)."""


class UnmovableLever(ValueError):
    """A lever's value cannot be shifted (a log-normal distribution: shifting changes its kind)."""


def shift_range(value: Value, spec: InputSpec) -> tuple[float, float]:
    """Smallest and largest shift that moves the whole value to the ends of the allowed range.

    Parameters
    ----------
    value : Value
        The lever's value in the scenario.
    spec : InputSpec
        Its registry entry (allowed range ``low`` to ``high``).

    Returns
    -------
    (float, float)
        ``spec.low - max(value)`` and ``spec.high - min(value)``, in the lever's unit; zero
        lies between them.
    """
    lo, hi = value_bounds(value)
    return spec.low - hi, spec.high - lo


def shift_value(value: Value, delta: float, spec: InputSpec) -> Value:
    """``value`` moved by ``delta`` (the lever's unit); constants kept in the allowed range.

    Raises
    ------
    UnmovableLever
        For a log-normal distribution.
    """
    if isinstance(value, dict):
        return {year: _shift_scalar(v, delta, spec) for year, v in value.items()}
    return _shift_scalar(value, delta, spec)


def _shift_scalar(value: Scalar, delta: float, spec: InputSpec) -> Scalar:
    """A constant or a distribution moved by ``delta``."""
    if isinstance(value, DistributionBase):
        if isinstance(value, LogNormal) or type(value) not in _SHIFTED_FIELDS:
            raise UnmovableLever(
                f"{spec.name} is a {type(value).__name__} distribution, which cannot be moved by "
                "adding an amount; give it as a constant, path or another distribution"
            )
        fields = _SHIFTED_FIELDS[type(value)]
        return value.model_copy(update={f: getattr(value, f) + delta for f in fields})
    return min(max(float(value) + delta, spec.low), spec.high)


WHAT_IF_REPLICATIONS = 1
"""Pipeline replications of the runs behind a Sobol analysis (``drivers.sobol_drivers``): each of
its hundreds of runs fixes the uncertain inputs anew, and a lever of the pipeline then needs a new
pipeline run (0.1-0.2 s a replication), so these runs use one. Sobol indices are shares of
variance, not probabilities; the pipeline's own noise (about 2 pp of investment growth a year) is
then left out of them, which the drivers' output states. Tornadoes and the solver run on the
scenario's own replications (:func:`what_if` with ``replications=None``), so the probability they
start from is the scorecard's."""


def what_if(scenario: Scenario, replications: int | None = None) -> Scenario:
    """``scenario`` with at most ``replications`` pipeline replications (None: its own)."""
    if replications is None or replications >= scenario.pipeline_replications:
        return scenario
    if replications < 1:
        raise ValueError(f"replications must be at least 1, got {replications}")
    return replace(scenario, pipeline_replications=replications)


def moved(
    scenario: Scenario, lever: str, delta: float, replications: int | None = None
) -> Scenario:
    """A what-if copy of ``scenario`` with ``lever`` moved by ``delta`` (see :func:`shift_value`).

    The copy keeps the scenario's draws, seed and pipeline replications (at most
    ``replications`` when given, :func:`what_if`): at ``delta = 0`` it reproduces the scenario's
    own run, so a probability computed on moved copies starts from the scorecard's.

    Raises
    ------
    KeyError
        If ``lever`` is not a lever of ``sim.inputs.levers.LEVERS``.
    """
    if lever not in LEVERS:
        raise KeyError(f"unknown lever {lever!r}; levers: {', '.join(LEVERS)}")
    value = shift_value(scenario.inputs[lever], delta, LEVERS[lever])
    return replace(what_if(scenario, replications), inputs={**scenario.inputs, lever: value})


def describe(value: Value) -> str:
    """A value as short text: ``7``, ``2026: 1.75, 2030: 2.9`` or ``uniform(low=6, high=12)``."""
    if isinstance(value, dict):
        return ", ".join(f"{year}: {describe(v)}" for year, v in sorted(value.items()))
    if isinstance(value, DistributionBase):
        params = ", ".join(f"{k}={v:.4g}" for k, v in value.model_dump().items() if k != "dist")
        return f"{value.model_dump()['dist']}({params})"
    return f"{float(value):.4g}"
