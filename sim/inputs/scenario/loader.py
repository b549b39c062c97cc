"""Load a scenario file: read it safely, follow ``extends``, merge, validate.

``extends`` names a shipped scenario (``baseline``: ``scenarios/baseline.yaml``) or a path relative
to the extending file. The child overrides what it names: a whole input value in ``assumptions`` or
``levers``, an event with the same ``name`` (other events are kept, new ones added), any other
top-level key. Every file names itself (``name``) and says what it represents (``description``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from sim.inputs.errors import Problem, ScenarioError
from sim.inputs.scenario.schema import NAME_PATTERN, Scenario, validate
from sim.inputs.scenario.yaml_source import PathKey, read_yaml

SHIPPED_SCENARIOS = Path(__file__).resolve().parents[3] / "scenarios"
MAX_EXTENDS_DEPTH = 8

Origins = dict[PathKey, tuple[str, int | None]]


def _target(value: str, file: Path) -> Path:
    """The file an ``extends`` value refers to."""
    if re.match(NAME_PATTERN, value) and not value.endswith((".yaml", ".yml")):
        return SHIPPED_SCENARIOS / f"{value}.yaml"
    return (file.parent / value).resolve()


def _shape_problems(doc: dict, lines: dict[PathKey, int], file: str) -> list[Problem]:
    """Structure that merging relies on: mappings of inputs, a list of named events."""
    problems = []

    def add(path: PathKey, message: str) -> None:
        line = lines.get(path)
        problems.append(Problem(file, line, ".".join(map(str, path)), message))

    for key in ("name", "description"):
        if key not in doc:
            add((), f"'{key}' is missing; every scenario file needs its own {key}")
    for key in ("assumptions", "levers"):
        if key in doc and not isinstance(doc[key], dict | type(None)):
            add((key,), "must be a mapping of input name -> value")
    if "events" in doc and doc["events"] is not None:
        if not isinstance(doc["events"], list):
            add(("events",), "must be a list of events")
        else:
            for i, ev in enumerate(doc["events"]):
                if not isinstance(ev, dict):
                    add(
                        ("events", i), "an event must be a mapping (name, year, sectors, size, ...)"
                    )
                elif not isinstance(ev.get("name"), str):
                    add(("events", i), "an event needs a 'name' (text)")
    if "extends" in doc and not isinstance(doc["extends"], str):
        add(("extends",), "must be the name of a shipped scenario or a relative path")
    return problems


def _chain(path: Path) -> list[tuple[Path, dict, dict[PathKey, int]]]:
    """The file and the files it extends, root (most general) first."""
    chain: list[tuple[Path, dict, dict[PathKey, int]]] = []
    seen: list[Path] = []
    current = path.resolve()
    while True:
        if current in seen:
            cycle = " -> ".join(str(p) for p in [*seen, current])
            raise ScenarioError(
                [Problem(str(seen[-1]), None, "extends", f"circular extends: {cycle}")]
            )
        if len(seen) >= MAX_EXTENDS_DEPTH:
            raise ScenarioError(
                [
                    Problem(
                        str(current),
                        None,
                        "extends",
                        f"more than {MAX_EXTENDS_DEPTH} levels of extends",
                    )
                ]
            )
        seen.append(current)
        doc, lines = read_yaml(current)
        problems = _shape_problems(doc, lines, str(current))
        if problems:
            raise ScenarioError(problems)
        chain.append((current, doc, lines))
        parent = doc.get("extends")
        if parent is None:
            break
        target = _target(parent, current)
        if not target.is_file():
            raise ScenarioError(
                [
                    Problem(
                        str(current),
                        lines.get(("extends",)),
                        "extends",
                        f"cannot find {parent!r} (looked for {target}); give a shipped scenario "
                        f"name ({', '.join(shipped_names())}) or a path relative to this file",
                    )
                ]
            )
        current = target
    return chain[::-1]


def _merge(chain: list[tuple[Path, dict, dict[PathKey, int]]]) -> tuple[dict[str, Any], Origins]:
    """Merge documents root first; return the merged document and where each field came from."""
    merged: dict[str, Any] = {}
    origins: Origins = {}
    for path, doc, lines in chain:
        file = str(path)

        def mark(src: PathKey, dst: PathKey, file: str = file, lines: dict = lines) -> None:
            for key, line in lines.items():
                if key[: len(src)] == src:
                    origins[dst + key[len(src) :]] = (file, line)

        for key, value in doc.items():
            if key in ("assumptions", "levers") and isinstance(value, dict):
                merged.setdefault(key, {})
                for name, item in value.items():
                    merged[key][name] = item
                    mark((key, name), (key, name))
                origins.setdefault((key,), (file, lines.get((key,))))
            elif key == "events" and isinstance(value, list):
                events = merged.setdefault("events", [])
                names = [e.get("name") for e in events]
                for i, ev in enumerate(value):
                    if ev["name"] in names:
                        j = names.index(ev["name"])
                        events[j] = ev
                    else:
                        j = len(events)
                        events.append(ev)
                        names.append(ev["name"])
                    for k in [k for k in origins if k[:2] == ("events", j)]:
                        del origins[k]
                    mark(("events", i), ("events", j))
                origins.setdefault(("events",), (file, lines.get(("events",))))
            elif key == "extends":
                continue
            else:
                merged[key] = value
                mark((key,), (key,))
    merged["extends"] = chain[-1][1].get("extends")
    if merged["extends"] is None:
        del merged["extends"]
    return merged, origins


def shipped_names() -> list[str]:
    """Names of the shipped scenarios (files in ``scenarios/``)."""
    return sorted(p.stem for p in SHIPPED_SCENARIOS.glob("*.yaml"))


def load_scenario(path: str | Path) -> Scenario:
    """Read, merge and validate a scenario file.

    Raises
    ------
    ScenarioError
        With one :class:`Problem` per problem found (file, line, field path, message).
    """
    path = Path(path)
    chain = _chain(path)
    merged, origins = _merge(chain)
    scenario, problems = validate(merged, origins, str(path.resolve()))
    if problems:
        raise ScenarioError(problems)
    assert scenario is not None
    from dataclasses import replace

    return replace(scenario, files=tuple(p for p, _, _ in reversed(chain)))
