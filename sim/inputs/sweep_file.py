"""Sweeps: many scenarios, or a grid of lever values on one scenario, run as one job.

A sweep file (YAML) names either a list of scenario files, or a base scenario and a lever grid::

    name: credit_and_projects          # output folder name
    base: ../scenarios/baseline.yaml   # relative to this file
    draws: 2000                        # optional: overrides each scenario's draws and seed
    seed: 7
    design: factorial                  # or: lhs (Latin hypercube)
    points: 20                         # lhs only: how many points
    levers:                            # factorial: values; lhs: {low, high}
      credit_growth: [5.0, 7.0, 9.0]
      industrial_projects: [500, 600, 700]
    indicators: [gdp, gdp_real_growth] # optional subset of the summary

Every point runs with the same seed, so points differ only through their levers (common random
numbers). The Latin hypercube comes from ``scipy.stats.qmc.LatinHypercube`` seeded with the
sweep's seed, so a sweep file gives the same points on every run.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from sim.inputs.errors import Problem
from sim.inputs.levers import ALL_INPUTS
from sim.inputs.scenario import ScenarioError, load_scenario
from sim.inputs.scenario.schema import Scenario
from sim.inputs.scenario.yaml_source import PathKey, read_yaml
from sim.model.indicators import INDICATORS

DESIGNS = ("factorial", "lhs")
KEYS = ("name", "description", "scenarios", "base", "draws", "seed", "design", "points")
KEYS += ("levers", "indicators")
MAX_POINTS = 10_000
"""Most points a sweep may have (a guard against a typo multiplying a factorial grid)."""


@dataclass(frozen=True)
class SweepPoint:
    """One run of a sweep: its index, its scenario and the lever values that define it."""

    index: int
    scenario: Scenario
    levers: dict[str, float]


@dataclass(frozen=True)
class Sweep:
    """A validated sweep file."""

    name: str
    path: Path
    points: tuple[SweepPoint, ...]
    indicators: tuple[str, ...]
    design: str
    lever_names: tuple[str, ...]


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file, and expand it into its points.

    Raises
    ------
    ScenarioError
        One problem per line (file, line, field, what is wrong, what is allowed), including
        problems of the scenario files it names.
    """
    path = Path(path)
    doc, lines = read_yaml(path)
    file = str(path)
    problems: list[Problem] = []

    def add(key: PathKey, message: str) -> None:
        problems.append(Problem(file, lines.get(key), ".".join(map(str, key)), message))

    if not isinstance(doc, dict):
        raise ScenarioError([Problem(file, None, "", "a sweep file is a mapping of fields")])
    for key in doc:
        if key not in KEYS:
            add((key,), f"unknown field; allowed: {', '.join(KEYS)}")
    name = doc.get("name", path.stem)
    if not isinstance(name, str) or not name.replace("_", "").replace("-", "").isalnum():
        add(("name",), "must be letters, digits, '_' or '-' (it names the output folder)")
    draws = _whole(doc, "draws", 1, add)
    seed = _whole(doc, "seed", 0, add)
    indicators = tuple(doc.get("indicators", INDICATORS))
    for i, ind in enumerate(indicators):
        if ind not in INDICATORS:
            add(("indicators", i), f"unknown indicator {ind!r}; known: {', '.join(INDICATORS)}")
    has_list, has_base = "scenarios" in doc, "base" in doc
    if has_list == has_base:
        add((), "give either 'scenarios' (a list of files) or 'base' with 'levers'")
    if problems:
        raise ScenarioError(problems)

    def scenario_at(value: Any, key: PathKey) -> Scenario | None:
        if not isinstance(value, str):
            add(key, "must be the path of a scenario file")
            return None
        try:
            return load_scenario(path.parent / value).with_overrides(draws=draws, seed=seed)
        except ScenarioError as exc:
            problems.extend(exc.problems)
            return None

    points: list[SweepPoint] = []
    lever_names: tuple[str, ...] = ()
    design = "scenarios"
    if has_list:
        files = doc["scenarios"]
        if not isinstance(files, list) or not files:
            add(("scenarios",), "must be a non-empty list of scenario files")
            files = []
        for i, value in enumerate(files):
            scenario = scenario_at(value, ("scenarios", i))
            if scenario is not None:
                points.append(SweepPoint(len(points), scenario, {}))
    else:
        base = scenario_at(doc["base"], ("base",))
        design = doc.get("design", "factorial")
        if design not in DESIGNS:
            add(("design",), f"unknown design {design!r}; allowed: {', '.join(DESIGNS)}")
        grid = _lever_grid(doc, design, add)
        if base is not None and grid is not None and not problems:
            lever_names = tuple(grid[0]) if grid else ()
            if len(grid) > MAX_POINTS:
                add(("levers",), f"{len(grid)} points; a sweep has at most {MAX_POINTS}")
            for i, values in enumerate(grid):
                inputs = {**base.inputs, **values}
                given = base.given | set(values)
                scenario = replace(base, name=f"{base.name}-{i}", inputs=inputs, given=given)
                points.append(SweepPoint(i, scenario, values))
    if problems:
        raise ScenarioError(problems)
    return Sweep(name, path, tuple(points), indicators, design, lever_names)


def _whole(doc: dict, key: str, least: int, add: Any) -> int | None:
    value = doc.get(key)
    if value is not None and (
        isinstance(value, bool) or not isinstance(value, int) or value < least
    ):
        add((key,), f"must be a whole number of at least {least}")
        return None
    return value


def _lever_grid(doc: dict, design: str, add: Any) -> list[dict[str, float]] | None:
    """The lever values of every point, or None after reporting problems."""
    levers = doc.get("levers")
    if not isinstance(levers, dict) or not levers:
        add(("levers",), "must map lever names to values (factorial) or {low, high} (lhs)")
        return None
    ok = True
    axes: dict[str, list[float]] = {}
    ranges: dict[str, tuple[float, float]] = {}
    for name, value in levers.items():
        spec = ALL_INPUTS.get(name)
        if spec is None:
            add(("levers", name), f"unknown lever; known: {', '.join(ALL_INPUTS)}")
            ok = False
            continue
        allowed = f"allowed {spec.low:g} to {spec.high:g} {spec.unit}"
        if design == "factorial":
            if not isinstance(value, list) or not value or not all(_number(v) for v in value):
                add(("levers", name), "a factorial design takes a list of numbers")
                ok = False
            elif not all(spec.low <= v <= spec.high for v in value):
                add(("levers", name), f"value outside the lever's range; {allowed}")
                ok = False
            else:
                axes[name] = [float(v) for v in value]
        else:
            if not isinstance(value, dict) or set(value) != {"low", "high"}:
                add(("levers", name), "a Latin hypercube takes {low: ..., high: ...}")
                ok = False
            elif not (_number(value["low"]) and _number(value["high"])):
                add(("levers", name), "low and high must be numbers")
                ok = False
            elif not spec.low <= value["low"] < value["high"] <= spec.high:
                add(("levers", name), f"need low < high within the lever's range; {allowed}")
                ok = False
            else:
                ranges[name] = (float(value["low"]), float(value["high"]))
    if not ok:
        return None
    if design == "factorial":
        if "points" in doc:
            add(("points",), "only a Latin hypercube takes 'points'")
            return None
        return [dict(zip(axes, combo, strict=True)) for combo in itertools.product(*axes.values())]
    points = doc.get("points")
    if isinstance(points, bool) or not isinstance(points, int) or points < 1:
        add(("points",), "a Latin hypercube needs 'points', a whole number of at least 1")
        return None
    from scipy.stats import qmc

    seed = doc.get("seed") or 0
    unit = qmc.LatinHypercube(d=len(ranges), seed=seed).random(points)
    low = [r[0] for r in ranges.values()]
    high = [r[1] for r in ranges.values()]
    scaled = qmc.scale(unit, low, high)
    return [dict(zip(ranges, map(float, row), strict=True)) for row in scaled]


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)
