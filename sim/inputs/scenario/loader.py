"""Load a scenario file: read it safely, follow ``extends``, merge, validate.

``extends`` names a shipped scenario (``baseline``: ``scenarios/baseline.yaml``) or a path relative
to the extending file. The child overrides what it names: a whole input value in ``assumptions`` or
``levers``, an event with the same ``name`` (other events are kept, new ones added), any other
top-level key. Every file names itself (``name``) and says what it represents (``description``).

:func:`load_scenario` takes a file, a shipped scenario's name (``baseline``) or overlays joined by
``+`` (``baseline+nev_manufacturing_push+my_shock.yaml``): each overlay is merged onto the ones
before it, left to right, as ``extends`` merges a child onto its parent (files already merged,
such as a common parent, are not merged again); the result is named by the overlays' names
joined with ``+``.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from sim.inputs.errors import Problem, ScenarioError, dotted
from sim.inputs.safe_read import UnreadableFile, path_problem, resolve
from sim.inputs.scenario.schema import NAME_PATTERN, Scenario, validate
from sim.inputs.scenario.yaml_source import PathKey, read_yaml
from sim.inputs.shipped import shipped_dir

SHIPPED_SCENARIOS = shipped_dir("scenarios")
MAX_EXTENDS_DEPTH = 8
MAX_OVERLAYS = 8
OVERLAY_SEPARATOR = "+"

SWEEP_KEYS = ("base", "design", "scenarios", "points")
"""Top-level keys of a sweep file (``sim.inputs.sweep_file``) that no scenario has."""

Origins = dict[PathKey, tuple[str, int | None]]


def referenced_file(value: str, file: Path) -> Path:
    """The file a scenario reference in ``file`` means: a shipped name, or a relative path.

    What ``extends`` (and a sweep file's ``base`` and ``scenarios``) may say; symbolic links
    are resolved.

    Raises
    ------
    UnreadableFile
        For a path with a NUL byte, too long, or a loop of symbolic links.
    """
    if re.match(NAME_PATTERN, value) and not value.endswith((".yaml", ".yml")):
        return SHIPPED_SCENARIOS / f"{value}.yaml"
    problem = path_problem(value)
    if problem is not None:
        raise UnreadableFile(problem)
    return resolve(file.parent / value)


def _is_file(path: Path) -> bool:
    """Whether ``path`` is an existing file; False for any path the system refuses."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def scenario_file(spec: str | Path) -> Path:
    """The file a scenario argument names: a path, or else a shipped scenario's name.

    ``baseline`` is ``scenarios/baseline.yaml`` of the installed package unless a file of that
    name exists where it is given; a name that is neither is returned as the path it is (reading
    it reports "file not found" with the shipped names).
    """
    path = Path(spec)
    if os.path.lexists(path):
        return path
    text = str(spec)
    if re.match(NAME_PATTERN, text) and not text.endswith((".yaml", ".yml")):
        shipped = SHIPPED_SCENARIOS / f"{text}.yaml"
        if shipped.is_file():
            return shipped
    return path


def _not_found(path: Path) -> ScenarioError:
    """A part of a scenario argument that is neither a file nor a shipped name."""
    shown = str(path) if len(str(path)) <= 200 else str(path)[:200] + "..."
    return ScenarioError(
        [
            Problem(
                shown,
                None,
                "",
                f"file not found, and not a shipped scenario ({', '.join(shipped_names())})",
            )
        ]
    )


def _shape_problems(doc: dict, lines: dict[PathKey, int], file: str) -> list[Problem]:
    """Structure that merging relies on: mappings of inputs, a list of uniquely named events."""
    problems = []

    def add(path: PathKey, message: str) -> None:
        line = lines.get(path)
        problems.append(Problem(file, line, dotted(path, lists=("events",)), message))

    if any(key in doc for key in SWEEP_KEYS):
        add((), "this is a sweep file: use sweep (`cqsim sweep FILE`) to run its points")
        return problems
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
            first: dict[str, int] = {}
            for i, ev in enumerate(doc["events"]):
                if not isinstance(ev, dict):
                    add(
                        ("events", i), "an event must be a mapping (name, year, sectors, size, ...)"
                    )
                elif not isinstance(ev.get("name"), str):
                    add(("events", i), "an event needs a 'name' (text)")
                elif ev["name"] in first:
                    add(
                        ("events", i, "name"),
                        f"duplicate event name {ev['name']!r} (first given by "
                        f"events[{first[ev['name']]}]); events of one file need their own names",
                    )
                else:
                    first[ev["name"]] = i
    if "extends" in doc and not isinstance(doc["extends"], str):
        add(("extends",), "must be the name of a shipped scenario or a relative path")
    return problems


def _start(path: Path) -> Path:
    """The scenario file named on the command line, resolved; a ScenarioError if it cannot be."""
    try:
        return resolve(path)
    except UnreadableFile as exc:
        raise ScenarioError([Problem(str(path), None, "", str(exc))]) from None


def _parent(doc: dict, lines: dict[PathKey, int], current: Path) -> Path | None:
    """The file ``current`` extends, checked to exist; None at the root of the chain."""
    parent = doc.get("extends")
    if parent is None:
        return None
    line = lines.get(("extends",))
    try:
        target = referenced_file(parent, current)
    except UnreadableFile as exc:
        raise ScenarioError([Problem(str(current), line, "extends", str(exc))]) from None
    if not _is_file(target):
        shown = parent if len(parent) <= 200 else parent[:200] + "..."
        raise ScenarioError(
            [
                Problem(
                    str(current),
                    line,
                    "extends",
                    f"cannot find {shown!r} (looked for {str(target)[:300]}); give a shipped "
                    f"scenario name ({', '.join(shipped_names())}) or a path relative to this file",
                )
            ]
        )
    return target


def _chain(path: Path) -> list[tuple[Path, dict, dict[PathKey, int]]]:
    """The file and the files it extends, root (most general) first."""
    chain: list[tuple[Path, dict, dict[PathKey, int]]] = []
    seen: list[Path] = []
    current: Path | None = _start(path)
    while current is not None:
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
        current = _parent(doc, lines, current)
    return chain[::-1]


def _spans(lines: dict[PathKey, int]) -> dict[PathKey, list[tuple[PathKey, int]]]:
    """The field paths of a document under each one- and two-part prefix, with their lines."""
    spans: dict[PathKey, list[tuple[PathKey, int]]] = defaultdict(list)
    for key, line in lines.items():
        spans[key[:1]].append((key, line))
        if len(key) >= 2:
            spans[key[:2]].append((key, line))
    return spans


def _merge(chain: list[tuple[Path, dict, dict[PathKey, int]]]) -> tuple[dict[str, Any], Origins]:
    """Merge documents root first; return the merged document and where each field came from.

    Linear in the size of the documents: each field's origin is looked up under its prefix.
    """
    merged: dict[str, Any] = {}
    origins: Origins = {}
    events: list[dict] = []
    event_origins: list[Origins] = []
    event_index: dict[str, int] = {}
    for path, doc, lines in chain:
        file = str(path)
        spans = _spans(lines)

        def moved(src: PathKey, dst: PathKey, file: str = file, spans: dict = spans) -> Origins:
            return {dst + key[len(src) :]: (file, line) for key, line in spans.get(src, ())}

        for key, value in doc.items():
            if key in ("assumptions", "levers") and isinstance(value, dict):
                merged.setdefault(key, {})
                for name, item in value.items():
                    merged[key][name] = item
                    origins.update(moved((key, name), (key, name)))
                origins.setdefault((key,), (file, lines.get((key,))))
            elif key == "events" and isinstance(value, list):
                merged["events"] = events
                for i, ev in enumerate(value):
                    j = event_index.setdefault(ev["name"], len(events))
                    if j == len(events):
                        events.append(ev)
                        event_origins.append({})
                    events[j] = ev
                    event_origins[j] = moved(("events", i), ("events", j))
                origins.setdefault(("events",), (file, lines.get(("events",))))
            elif key == "extends":
                continue
            else:
                merged[key] = value
                origins.update(moved((key,), (key,)))
    for part in event_origins:
        origins.update(part)
    merged["extends"] = chain[-1][1].get("extends")
    if merged["extends"] is None:
        del merged["extends"]
    return merged, origins


def shipped_names() -> list[str]:
    """Names of the shipped scenarios (files in ``scenarios/``)."""
    return sorted(p.stem for p in SHIPPED_SCENARIOS.glob("*.yaml"))


def overlay_parts(spec: str | Path) -> list[Path]:
    """The files of a scenario argument: one, or one per overlay of ``a+b+c``."""
    path = Path(spec)
    text = str(spec)
    if os.path.lexists(path) or OVERLAY_SEPARATOR not in text:
        return [scenario_file(spec)]
    parts = text.split(OVERLAY_SEPARATOR)
    if len(parts) > MAX_OVERLAYS or not all(parts):
        raise ScenarioError(
            [
                Problem(
                    text,
                    None,
                    "",
                    f"overlays are 2 to {MAX_OVERLAYS} scenarios joined by '+', e.g. "
                    "baseline+nev_manufacturing_push",
                )
            ]
        )
    return [scenario_file(part) for part in parts]


def resolve_scenario(spec: str | Path) -> tuple[Scenario, Origins]:
    """Read, merge and validate a scenario; also say where each field came from.

    Returns
    -------
    scenario, origins
        The scenario, and (file, line) by field path for every field a file set (fields not in
        ``origins`` are registry defaults).

    Raises
    ------
    ScenarioError
        With one :class:`Problem` per problem found (file, line, field path, message).
    """
    parts = overlay_parts(spec)
    last = Path()
    chain: list[tuple[Path, dict, dict[PathKey, int]]] = []
    names, descriptions = [], []
    for part in parts:
        if not os.path.lexists(part):  # a link that loops exists: the reader reports the loop
            raise _not_found(part)
        own = _chain(part)
        last = own[-1][0]
        names.append(str(own[-1][1]["name"]))
        descriptions.append(str(own[-1][1]["description"]))
        merged_files = {p for p, _, _ in chain}
        chain += [item for item in own if item[0] not in merged_files]
    merged, origins = _merge(chain)
    scenario, problems = validate(merged, origins, str(last))
    if problems:
        raise ScenarioError(problems)
    assert scenario is not None
    from dataclasses import replace

    files = tuple(p for p, _, _ in reversed(chain))
    if len(parts) == 1:
        return replace(scenario, files=files), origins
    compound = replace(
        scenario,
        name=OVERLAY_SEPARATOR.join(names),
        description=" Then: ".join(descriptions),
        files=files,
        overlays=tuple(names),
    )
    return compound, origins


def load_scenario(spec: str | Path) -> Scenario:
    """Read, merge and validate a scenario: a file, a shipped name, or overlays ``a+b+c``.

    Raises
    ------
    ScenarioError
        With one :class:`Problem` per problem found (file, line, field path, message).
    """
    return resolve_scenario(spec)[0]
