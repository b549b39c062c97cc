"""Changing a scenario from Python or the command line, validated exactly as a scenario file is.

:meth:`Scenario.with_levers`, :meth:`~Scenario.with_assumptions`, :meth:`~Scenario.with_events`
and :meth:`~Scenario.with_settings` (and ``--set name=value`` on the command line) write the
scenario back as the document a file would hold, put the changes on top as ``extends`` would, and
run the same validation (:func:`sim.inputs.scenario.schema.validate`): the same checks, the same
messages. A problem is reported at the call (``with_levers``, ``--set credit_growth=99``) rather
than at a file and line::

    with_levers: levers.credit_growth: values from 99 to 99 fall outside the allowed range [-5, 30]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from sim.inputs.errors import Problem, ScenarioError, unknown_key
from sim.inputs.levers import ASSUMPTIONS, LEVERS
from sim.inputs.scenario.values import DistributionBase, Value
from sim.inputs.scenario.yaml_source import parse_value

if TYPE_CHECKING:  # pragma: no cover
    from sim.inputs.scenario.schema import Event, Scenario

SETTINGS = ("horizon", "draws", "seed", "pipeline_replications")
"""Top-level settings of a run (numbers) besides the inputs."""

EDITABLE = ("name", "description", *SETTINGS)
"""Top-level keys :meth:`Scenario.with_settings` and ``--set`` may change."""

GROUPS = ("assumptions", "levers")


def raw_value(value: Value) -> Any:
    """A validated value as a scenario file writes it (years stay whole numbers)."""
    if isinstance(value, dict):
        return {int(year): raw_value(v) for year, v in sorted(value.items())}
    if isinstance(value, DistributionBase):
        return value.model_dump()
    return float(value)


def raw_event(event: Event) -> dict[str, Any]:
    """An event as a scenario file writes it."""
    return {
        "name": event.name,
        "description": event.description,
        "year": event.year,
        "sectors": list(event.sectors),
        "size": raw_value(event.size),
        "probability": event.probability,
        "persistence": event.persistence,
    }


def document(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the merged document of a file: what it sets, every event and setting.

    Inputs left at their registry default are left out (the validation fills them in again), so
    that ``given`` stays what the scenario set.
    """
    from sim.inputs.scenario.schema import default_value

    doc: dict[str, Any] = {
        "name": scenario.name,
        "description": scenario.description,
        **{key: getattr(scenario, key) for key in SETTINGS},
        "events": [raw_event(e) for e in scenario.events],
    }
    for group, registry in (("assumptions", ASSUMPTIONS), ("levers", LEVERS)):
        doc[group] = {
            name: raw_value(scenario.inputs[name])
            for name, spec in registry.items()
            if name in scenario.given
            or scenario.inputs[name] != default_value(spec, scenario.horizon)
        }
    if scenario.extends is not None:
        doc["extends"] = scenario.extends
    return doc


def _origins(doc: Mapping[str, Any], where: str) -> dict[tuple, tuple[str, int | None]]:
    """Every field of ``doc`` attributed to ``where`` (the scenario being changed)."""
    out: dict[tuple, tuple[str, int | None]] = {}

    def walk(path: tuple, value: Any) -> None:
        out[path] = (where, None)
        if isinstance(value, dict):
            for key, item in value.items():
                walk((*path, key), item)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk((*path, i), item)

    for key, value in doc.items():
        walk((key,), value)
    return out


def _given_by(origins: dict[tuple, tuple[str, int | None]], path: tuple, call: str) -> None:
    """Attribute the field at ``path`` (and nothing below it yet) to ``call``."""
    for key in [k for k in origins if k[: len(path)] == path]:
        del origins[key]
    origins[path] = (call, None)


def _label(scenario: Scenario) -> str:
    """How problems name the scenario being changed: its file, else its name."""
    return str(scenario.files[0]) if scenario.files else f"scenario {scenario.name}"


def updated(
    scenario: Scenario,
    call: str,
    *,
    inputs: Mapping[str, Mapping[str, Any]] | None = None,
    events: Sequence[Mapping[str, Any] | Event] = (),
    settings: Mapping[str, Any] | None = None,
) -> Scenario:
    """``scenario`` with the changes, validated as a file extending it would be.

    Parameters
    ----------
    scenario : Scenario
        What to change (unchanged itself).
    call : str
        How problems name the change, e.g. ``with_levers`` or ``--set credit_growth=99``.
    inputs : mapping of group to mapping of str to value, optional
        ``{"levers": {"credit_growth": 9}}``: values as a scenario file writes them.
    events : sequence of mappings or Event
        Events to add, or to replace the event of the same name.
    settings : mapping, optional
        New ``horizon``, ``draws``, ``seed`` or ``pipeline_replications``.

    Raises
    ------
    ScenarioError
        With the problems a scenario file holding the same values would have.
    """
    from sim.inputs.scenario.schema import NAME_PATTERN, Event, validate

    doc = document(scenario)
    origins = _origins(doc, _label(scenario))
    problems: list[Problem | str] = []
    for key, value in (settings or {}).items():
        if key not in EDITABLE:
            problems.append(Problem(call, None, str(key), unknown_key(str(key), EDITABLE)))
        doc[key] = value
        origins[(key,)] = (call, None)
    for group, values in (inputs or {}).items():
        for name, value in values.items():
            doc[group][name] = value
            _given_by(origins, (group, name), call)
    by_name = {e["name"]: i for i, e in enumerate(doc["events"])}
    for event in events:
        raw = raw_event(event) if isinstance(event, Event) else dict(event)
        index = by_name.get(raw.get("name"), len(doc["events"]))
        if index == len(doc["events"]):
            doc["events"].append(raw)
        else:
            doc["events"][index] = raw
        _given_by(origins, ("events", index), call)
    if problems:
        raise ScenarioError(problems)
    name = doc["name"] if "name" in (settings or {}) else scenario.name
    if "name" not in (settings or {}) and not re.fullmatch(NAME_PATTERN, name):
        doc["name"] = "scenario"  # a compound name (overlays a+b): not checked again
    new, found = validate(doc, origins, call)
    if found:
        raise ScenarioError(found)
    assert new is not None
    given = scenario.given | {n for values in (inputs or {}).values() for n in values}
    return replace(
        new,
        given=frozenset(given & set(new.inputs)),
        files=scenario.files,
        overlays=scenario.overlays if name == scenario.name else (),
        name=name,
    )


def split_inputs(values: Mapping[str, Any], call: str) -> dict[str, dict[str, Any]]:
    """Input values by group (``assumptions``, ``levers``); an unknown name is a ScenarioError."""
    out: dict[str, dict[str, Any]] = {"assumptions": {}, "levers": {}}
    problems: list[Problem | str] = []
    for name, value in values.items():
        if name in LEVERS:
            out["levers"][name] = value
        elif name in ASSUMPTIONS:
            out["assumptions"][name] = value
        else:
            known = [*ASSUMPTIONS, *LEVERS]
            problems.append(Problem(call, None, name, unknown_key(name, known, "input")))
    if problems:
        raise ScenarioError(problems)
    return out


def setting_from_text(scenario: Scenario, text: str) -> Scenario:
    """Apply one ``NAME=VALUE`` (the command line's ``--set``): an input or a setting.

    ``VALUE`` is read as YAML by the scenario reader's rules, so ``9``, ``{2026: 5, 2028: 0}``
    and ``{dist: uniform, low: 6, high: 12}`` mean what they mean in a file.
    """
    call = f"--set {text}"
    name, sep, value_text = text.partition("=")
    name = name.strip()
    if not sep or not name:
        raise ScenarioError([Problem(call, None, "", "expected NAME=VALUE, e.g. credit_growth=9")])
    try:
        value = parse_value(value_text)
    except ValueError as exc:
        raise ScenarioError([Problem(call, None, name, str(exc))]) from None
    if name in EDITABLE:
        return updated(scenario, call, settings={name: value})
    return updated(scenario, call, inputs=split_inputs({name: value}, call))
