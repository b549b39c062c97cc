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
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictStr,
    TypeAdapter,
    ValidationError,
    field_validator,
)

from sim.inputs.errors import ProblemLog, ScenarioError, unknown_key
from sim.inputs.levers import ALL_INPUTS, InputSpec
from sim.inputs.limits import (
    MAX_DRAWS,
    MAX_NAME_CHARS,
    MAX_POINTS,
    MAX_SEED,
    LimitError,
    check_total_draws,
)
from sim.inputs.safe_read import UnreadableFile
from sim.inputs.scenario import load_scenario
from sim.inputs.scenario.loader import referenced_file
from sim.inputs.scenario.schema import NAME_PATTERN, Scenario
from sim.inputs.scenario.values import Number
from sim.inputs.scenario.yaml_source import read_yaml
from sim.model.indicators import INDICATORS

DESIGNS = ("factorial", "lhs")


def _whole(least: int, most: int) -> Any:
    """A whole number from ``least`` to ``most`` (not a bool, not a float)."""

    def check(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= most:
            raise ValueError(f"must be a whole number from {least:,} to {most:,}")
        return value

    return BeforeValidator(check)


def _known_indicator(name: str) -> str:
    if name not in INDICATORS:
        raise ValueError(f"unknown indicator {name!r}; known: {', '.join(INDICATORS)}")
    return name


def _indicator_list(value: Any) -> Any:
    """``indicators``: a list of names (not a number, a bool, a mapping or nested lists)."""
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError("must be a list of indicator names, e.g. [gdp, gdp_real_growth]")
    return value


class SweepModel(BaseModel):
    """A sweep file as written (see the module docstring); the lever grid is checked apart."""

    model_config = ConfigDict(extra="forbid")

    name: StrictStr | None = None
    description: StrictStr = ""
    scenarios: list[Any] | None = None
    base: Any = None
    draws: Annotated[int | None, _whole(1, MAX_DRAWS)] = None
    seed: Annotated[int | None, _whole(0, MAX_SEED)] = None
    design: StrictStr = "factorial"
    points: Annotated[int | None, _whole(1, MAX_POINTS)] = None
    levers: Any = None
    indicators: Annotated[
        list[Annotated[StrictStr, AfterValidator(_known_indicator)]] | None,
        BeforeValidator(lambda v: v if v is None else _indicator_list(v)),
    ] = None

    @field_validator("name")
    @classmethod
    def _folder_name(cls, name: str) -> str:
        if not re.match(NAME_PATTERN, name):
            raise ValueError(
                f"must be 1 to {MAX_NAME_CHARS} letters, digits, '_' or '-', starting with a "
                "letter or digit (it names the output folder)"
            )
        return name

    @field_validator("design")
    @classmethod
    def _known_design(cls, design: str) -> str:
        if design not in DESIGNS:
            raise ValueError(f"unknown design {design!r}; allowed: {', '.join(DESIGNS)}")
        return design

    @field_validator("scenarios")
    @classmethod
    def _some_scenarios(cls, files: list[Any]) -> list[Any]:
        if not files:
            raise ValueError("must be a non-empty list of scenario files")
        return files


class RangeModel(BaseModel):
    """A lever's range in a Latin hypercube: ``{low: ..., high: ...}``."""

    model_config = ConfigDict(extra="forbid")

    low: Number
    high: Number


_AXIS = TypeAdapter(Annotated[list[Number], Field(min_length=1)])
_RANGE = TypeAdapter(RangeModel)


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
    log = ProblemLog.for_file(str(path), lines, lists=("scenarios", "indicators"))
    try:
        spec = SweepModel.model_validate(doc)
    except ValidationError as exc:
        log.pydantic(exc, allowed=lambda parent: tuple(SweepModel.model_fields), what="field")
        spec = None
    if ("scenarios" in doc) == ("base" in doc):
        log.add((), "give either 'scenarios' (a list of files) or 'base' with 'levers'")
    if spec is None or log.problems:
        raise ScenarioError(log.problems)

    def scenario_at(value: Any, key: tuple) -> Scenario | None:
        if not isinstance(value, str):
            log.add(key, "must be the path of a scenario file")
            return None
        try:
            return load_scenario(referenced_file(value, path)).with_overrides(
                draws=spec.draws, seed=spec.seed
            )
        except ScenarioError as exc:
            log.problems.extend(exc.problems)
            return None
        except UnreadableFile as exc:
            log.add(key, str(exc))
            return None

    points: list[SweepPoint] = []
    lever_names: tuple[str, ...] = ()
    design = "scenarios"
    if spec.scenarios is not None:
        if len(spec.scenarios) > MAX_POINTS:
            log.add(("scenarios",), f"{len(spec.scenarios):,} scenarios; at most {MAX_POINTS:,}")
            raise ScenarioError(log.problems)
        for i, value in enumerate(spec.scenarios):
            scenario = scenario_at(value, ("scenarios", i))
            if scenario is not None:
                points.append(SweepPoint(len(points), scenario, {}))
        if not log.problems:
            _check_names(points, log)
        _check_work(len(points), max((p.scenario.draws for p in points), default=0), log)
    else:
        base = scenario_at(spec.base, ("base",))
        design = spec.design
        grid = _lever_grid(spec, log)
        if base is not None and grid is not None and not log.problems:
            lever_names = tuple(grid[0]) if grid else ()
            _check_work(len(grid), base.draws, log)
            for i, values in enumerate(grid):
                inputs = {**base.inputs, **values}
                given = base.given | set(values)
                scenario = replace(base, name=f"{base.name}-{i}", inputs=inputs, given=given)
                points.append(SweepPoint(i, scenario, values))
    if log.problems:
        raise ScenarioError(log.problems)
    name = spec.name if spec.name is not None else path.stem
    indicators = tuple(spec.indicators) if spec.indicators is not None else tuple(INDICATORS)
    return Sweep(name, path, tuple(points), indicators, design, lever_names)


def _lever_grid(spec: SweepModel, log: ProblemLog) -> list[dict[str, float]] | None:
    """The lever values of every point, or None after recording problems."""
    if not isinstance(spec.levers, dict) or not spec.levers:
        log.add(("levers",), "must map lever names to values (factorial) or {low, high} (lhs)")
        return None
    axes: dict[str, list[float]] = {}
    ranges: dict[str, tuple[float, float]] = {}
    for name, value in spec.levers.items():
        lever = ALL_INPUTS.get(name)
        if lever is None:
            log.add(("levers", name), unknown_key(str(name), list(ALL_INPUTS), "lever"))
        elif spec.design == "factorial":
            axis = _axis(lever, value, log)
            if axis is not None:
                axes[name] = axis
        else:
            bounds = _range(lever, value, log)
            if bounds is not None:
                ranges[name] = bounds
    if len(axes) + len(ranges) < len(spec.levers):
        return None
    if spec.design == "factorial":
        if spec.points is not None:
            log.add(("points",), "only a Latin hypercube takes 'points'")
            return None
        size = math.prod(len(axis) for axis in axes.values())
        if size > MAX_POINTS:
            shape = " x ".join(str(len(axis)) for axis in axes.values())
            log.add(("levers",), f"{shape} = {size:,} points; a sweep has at most {MAX_POINTS:,}")
            return None
        return [dict(zip(axes, combo, strict=True)) for combo in itertools.product(*axes.values())]
    if spec.points is None:
        log.add(("points",), "a Latin hypercube needs 'points', a whole number of at least 1")
        return None
    from scipy.stats import qmc

    unit = qmc.LatinHypercube(d=len(ranges), seed=spec.seed or 0).random(spec.points)
    low = [r[0] for r in ranges.values()]
    high = [r[1] for r in ranges.values()]
    scaled = qmc.scale(unit, low, high)
    return [dict(zip(ranges, map(float, row), strict=True)) for row in scaled]


def _check_names(points: list[SweepPoint], log: ProblemLog) -> None:
    """Each scenario of a list needs its own name (it labels the rows of the table)."""
    first: dict[str, int] = {}
    for i, point in enumerate(points):
        name = point.scenario.name
        if name in first:
            log.add(
                ("scenarios", i),
                f"scenario name {name!r} is also the name of scenarios[{first[name]}]; each "
                "scenario of a sweep needs its own name",
            )
        first.setdefault(name, i)


def _check_work(points: int, draws: int, log: ProblemLog) -> None:
    """Refuse a sweep whose points together run more draws than one command may."""
    try:
        check_total_draws(points, draws, "this sweep")
    except LimitError as exc:
        log.add(("draws",), str(exc))


def _axis(lever: InputSpec, value: Any, log: ProblemLog) -> list[float] | None:
    """A factorial design's values of one lever: a list of numbers within its range."""
    where = ("levers", lever.name)
    try:
        axis = _AXIS.validate_python(value)
    except ValidationError:
        log.add(where, "a factorial design takes a list of numbers")
        return None
    if not all(lever.low <= v <= lever.high for v in axis):
        log.add(where, f"value outside the lever's range; {_allowed(lever)}")
        return None
    return [float(v) for v in axis]


def _range(lever: InputSpec, value: Any, log: ProblemLog) -> tuple[float, float] | None:
    """A Latin hypercube's range of one lever: ``{low, high}`` within the lever's range."""
    where = ("levers", lever.name)
    if not isinstance(value, dict) or set(value) != {"low", "high"}:
        log.add(where, "a Latin hypercube takes {low: ..., high: ...}")
        return None
    try:
        bounds = _RANGE.validate_python(value)
    except ValidationError as exc:
        log.pydantic(exc, where)
        return None
    if not lever.low <= bounds.low < bounds.high <= lever.high:
        log.add(where, f"need low < high within the lever's range; {_allowed(lever)}")
        return None
    return bounds.low, bounds.high


def _allowed(lever: InputSpec) -> str:
    return f"allowed {lever.low:g} to {lever.high:g} {lever.unit}"
