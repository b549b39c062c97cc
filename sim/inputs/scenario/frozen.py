"""A scenario's inputs as a read-only mapping, and the range rule every way of setting them obeys.

:class:`sim.inputs.scenario.schema.Scenario` is frozen; its inputs are too: a
:class:`FrozenInputs` cannot be changed in place, and one built by ``dataclasses.replace`` (as the
analyses do to move a lever) is checked against the registry's ranges with the message a scenario
file gets (:func:`range_message`). Values must still come from the schema
(``sim.inputs.scenario.values``); the validated way to change them is
:meth:`Scenario.with_levers` and friends (``sim.inputs.scenario.edit``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from sim.inputs.errors import Problem, ScenarioError
from sim.inputs.levers import ALL_INPUTS, LEVERS
from sim.inputs.scenario.values import Value, value_bounds


def range_message(lo: float, hi: float, low: float, high: float) -> str:
    """The problem of a value that can go from ``lo`` to ``hi`` outside the range [low, high]."""
    return f"values from {lo:g} to {hi:g} fall outside the allowed range [{low:g}, {high:g}]"


class FrozenPath(dict[int, Any]):
    """A path ``{year: value}`` that cannot be changed in place (still a dict to read)."""

    def _refuse(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a scenario's values are read-only: use with_levers/with_assumptions")

    __setitem__ = __delitem__ = __ior__ = _refuse
    update = pop = popitem = clear = setdefault = _refuse

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenPath, (dict(self),))


def _frozen_value(value: Value) -> Value:
    return FrozenPath(value) if isinstance(value, dict) else value


class FrozenInputs(Mapping[str, Value]):
    """Inputs by name, read-only (a copy of the mapping given); picklable for worker processes."""

    __slots__ = ("_data",)
    _data: dict[str, Value]

    def __init__(self, data: Mapping[str, Value]) -> None:
        object.__setattr__(self, "_data", {k: _frozen_value(v) for k, v in data.items()})

    def __getitem__(self, key: str) -> Value:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("a scenario's inputs are read-only: use with_levers/with_assumptions")

    def __reduce__(self) -> tuple[Any, ...]:
        return (FrozenInputs, (self._data,))

    def __repr__(self) -> str:
        return f"FrozenInputs({self._data!r})"


def check_ranges(inputs: Mapping[str, Value], where: str) -> None:
    """Raise ScenarioError if an input is unknown or can fall outside its allowed range.

    Parameters
    ----------
    inputs : mapping of str to Value
        Validated values (numbers, paths, distributions).
    where : str
        What to name as the file of the problems (the scenario's file or name).
    """
    problems = []
    for name, value in inputs.items():
        spec = ALL_INPUTS.get(name)
        if spec is None:
            problems.append(Problem(where, None, name, f"unknown input {name!r}"))
            continue
        lo, hi = value_bounds(value)
        if lo < spec.low or hi > spec.high:
            group = "levers" if name in LEVERS else "assumptions"
            message = range_message(lo, hi, spec.low, spec.high)
            problems.append(Problem(where, None, f"{group}.{name}", message))
    if problems:
        raise ScenarioError(problems)
