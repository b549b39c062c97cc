"""The scenario schema and the resolved :class:`Scenario` the engine runs.

Top-level keys: ``name``, ``description``, ``extends``, ``horizon`` (last projected year, 2026 to
2035, default 2030), ``draws``, ``seed``, ``pipeline_replications`` (replications of the investment
pipeline, ``sim.pipeline``; 0 for the model's reduced form without it), ``assumptions`` and
``levers`` (inputs of ``sim.inputs.levers``; each a value of ``sim.inputs.scenario.values``) and
``events``. An event is a shock to the real growth of the sectors it names, in percentage points,
that happens in ``year`` with ``probability`` (drawn per Monte Carlo draw) and keeps ``persistence``
of its size each later year.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    TypeAdapter,
    ValidationError,
)

from sim.inputs.errors import (
    Origin,
    Problem,
    ProblemLog,
    describe,
    pydantic_message,
    unknown_key,
)
from sim.inputs.levers import (
    ALL_INPUTS,
    ASSUMPTIONS,
    DEFAULT_LAST_YEAR,
    DEFAULT_PIPELINE_REPLICATIONS,
    FIRST_YEAR,
    LEVERS,
    MAX_LAST_YEAR,
    MAX_PIPELINE_REPLICATIONS,
    InputSpec,
)
from sim.inputs.limits import MAX_DRAWS, MAX_SEED
from sim.inputs.scenario.frozen import FrozenInputs, check_ranges, range_message
from sim.inputs.scenario.values import (
    DISTRIBUTIONS,
    Distribution,
    Number,
    Value,
    sampling_problem,
    to_plain,
    value_bounds,
)
from sim.model.sectors import SECTORS

NAME_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
"""Scenario names: letters, digits, '_' and '-', so a name is always a safe folder name."""
EVENT_SIZE_LIMIT = 50.0
"""Largest event impulse allowed, percentage points of real growth."""
DEFAULT_DRAWS = 1000


class EventModel(BaseModel):
    """One shock event as written in a scenario file."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[StrictStr, Field(min_length=1, max_length=80)]
    description: StrictStr = ""
    year: StrictInt
    sectors: Annotated[list[StrictStr], Field(min_length=1)]
    size: Any
    probability: Annotated[Number, Field(ge=0, le=1)] = 1.0
    persistence: Annotated[Number, Field(ge=0, le=1)] = 0.0


class ScenarioModel(BaseModel):
    """The whole document after ``extends`` is merged."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[StrictStr, Field(pattern=NAME_PATTERN)]
    description: Annotated[StrictStr, Field(min_length=1)]
    extends: StrictStr | None = None
    horizon: Annotated[StrictInt, Field(ge=FIRST_YEAR, le=MAX_LAST_YEAR)] = DEFAULT_LAST_YEAR
    draws: Annotated[StrictInt, Field(ge=1, le=MAX_DRAWS)] = DEFAULT_DRAWS
    seed: Annotated[StrictInt, Field(ge=0, le=MAX_SEED)] = 0
    pipeline_replications: Annotated[StrictInt, Field(ge=0, le=MAX_PIPELINE_REPLICATIONS)] = (
        DEFAULT_PIPELINE_REPLICATIONS
    )
    assumptions: dict[StrictStr, Any] = Field(default_factory=dict)
    levers: dict[StrictStr, Any] = Field(default_factory=dict)
    events: list[EventModel] = Field(default_factory=list)


TOP_LEVEL_KEYS = tuple(ScenarioModel.model_fields)
_SCALAR = TypeAdapter(Number)
_DIST = TypeAdapter(Distribution)


@dataclass(frozen=True)
class Event:
    """A validated event; ``size`` is a constant or a distribution (pp of real growth)."""

    name: str
    year: int
    sectors: tuple[str, ...]
    size: Value
    probability: float
    persistence: float
    description: str = ""


@dataclass(frozen=True)
class Scenario:
    """A validated scenario with every input resolved (defaults filled in).

    Immutable: change it with :meth:`with_levers`, :meth:`with_assumptions`, :meth:`with_events`
    and :meth:`with_settings`, which validate the change exactly as a scenario file is validated
    and return a new scenario.

    Attributes
    ----------
    inputs : mapping of str to Value
        Every assumption and lever of ``sim.inputs.levers``, in registry order (read-only).
    given : frozenset of str
        The inputs the scenario (or a scenario it extends) set explicitly.
    files : tuple of Path
        The file and the files it extends, child first.
    overlays : tuple of str
        The scenarios applied left to right when the scenario is a compound ``a+b+c``.
    """

    name: str
    description: str
    horizon: int
    draws: int
    seed: int
    inputs: Mapping[str, Value]
    events: tuple[Event, ...]
    given: frozenset[str] = frozenset()
    files: tuple[Path, ...] = ()
    extends: str | None = None
    pipeline_replications: int = DEFAULT_PIPELINE_REPLICATIONS
    overlays: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Freeze the inputs; a copy of a scenario read from files keeps to the ranges.

        A scenario read from files (``files`` set) was validated; a copy made of it with
        ``dataclasses.replace`` is checked against the allowed ranges, so that the guarantee
        holds. A scenario built directly (as the backtest builds its own, with out-of-range
        history that the model clips) is not checked: build scenarios from files and change
        them with the ``with_*`` methods.
        """
        if not isinstance(self.inputs, FrozenInputs):
            if self.files:
                check_ranges(self.inputs, str(self.files[0]))
            object.__setattr__(self, "inputs", FrozenInputs(self.inputs))

    @property
    def years(self) -> list[int]:
        """Projected years, 2026 to the horizon."""
        return list(range(FIRST_YEAR, self.horizon + 1))

    def to_dict(self) -> dict[str, Any]:
        """The scenario as resolved, JSON-ready (what the manifest records)."""
        out: dict[str, Any] = {
            "name": self.name,
            "description": self.description,
            "extends": self.extends,
            "horizon": self.horizon,
            "draws": self.draws,
            "seed": self.seed,
            "pipeline_replications": self.pipeline_replications,
            "assumptions": {k: to_plain(self.inputs[k]) for k in ASSUMPTIONS},
            "levers": {k: to_plain(self.inputs[k]) for k in LEVERS},
            "events": [
                {
                    "name": e.name,
                    "description": e.description,
                    "year": e.year,
                    "sectors": list(e.sectors),
                    "size": to_plain(e.size),
                    "probability": e.probability,
                    "persistence": e.persistence,
                }
                for e in self.events
            ],
        }
        if self.overlays:
            out["overlays"] = list(self.overlays)
        return out

    def sha256(self) -> str:
        """Hash of the resolved scenario (canonical JSON), independent of file layout."""
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()

    def with_overrides(self, *, draws: int | None = None, seed: int | None = None) -> Scenario:
        """A copy with ``draws`` and/or ``seed`` replaced (command-line options)."""
        return replace(
            self,
            draws=self.draws if draws is None else draws,
            seed=self.seed if seed is None else seed,
        )

    def with_levers(self, **levers: Any) -> Scenario:
        """A copy with these levers set, validated as a scenario file's ``levers:`` are.

        Values are written as in a file: ``credit_growth=9``, a path ``{2026: 5, 2028: 0}`` or
        a distribution ``{"dist": "uniform", "low": 6, "high": 12}``.

        Raises
        ------
        ScenarioError
            With the messages a file would get (unknown lever, out of range, ...).
        """
        from sim.inputs.scenario.edit import updated

        return updated(self, "with_levers", inputs={"levers": levers})

    def with_assumptions(self, **assumptions: Any) -> Scenario:
        """A copy with these assumptions set, validated as in a scenario file."""
        from sim.inputs.scenario.edit import updated

        return updated(self, "with_assumptions", inputs={"assumptions": assumptions})

    def with_events(self, *events: Mapping[str, Any] | Event) -> Scenario:
        """A copy with these events added (or replacing the event of the same name).

        Each event is a mapping as in a scenario file (``name``, ``year``, ``sectors``,
        ``size``, ``probability``, ``persistence``, ``description``) or an :class:`Event`.
        """
        from sim.inputs.scenario.edit import updated

        return updated(self, "with_events", events=events)

    def with_settings(self, **settings: Any) -> Scenario:
        """A copy with other settings, validated as in a scenario file.

        ``name``, ``description``, ``horizon``, ``draws``, ``seed`` or
        ``pipeline_replications``.
        """
        from sim.inputs.scenario.edit import updated

        return updated(self, "with_settings", settings=settings)

    def __repr__(self) -> str:
        """One line: name, horizon, draws, seed, what it sets."""
        return (
            f"<Scenario {self.name}: 2026-{self.horizon}, {self.draws:,} draws, seed {self.seed}, "
            f"{len(self.given)} inputs set, {len(self.events)} events>"
        )

    def _repr_html_(self) -> str:
        """A small table for Jupyter: the inputs the scenario sets, and its events."""
        from html import escape

        rows = "".join(
            f"<tr><td>{escape(name)}</td><td>{escape(str(to_plain(self.inputs[name])))}</td></tr>"
            for name in ALL_INPUTS
            if name in self.given
        )
        events = ", ".join(escape(e.name) for e in self.events) or "none"
        return (
            f"<p><b>Scenario {escape(self.name)}</b>: {escape(self.description)}<br>"
            f"2026-{self.horizon}, {self.draws:,} draws, seed {self.seed}; events: {events}</p>"
            f"<table><tr><th>input set</th><th>value</th></tr>{rows}</table>"
        )


class _Checker(ProblemLog):
    """Validates a merged document, reporting each problem at the file and line it came from."""

    def __init__(self, origins: dict[tuple, Origin], default_file: str) -> None:
        super().__init__(origins, default_file, lists=("events",))

    def beyond_ok(self, path: tuple, year: int) -> bool:
        """Whether a year after the horizon is acceptable at ``path``.

        It is when a scenario this file extends set it (up to 2035): a child may shorten the
        horizon of its parent. Paths keep such points, so values inside the horizon are
        interpolated as in the parent; events after the horizon simply do not happen in it.
        """
        inherited = self.where(path)[0] != self.default_file
        return inherited and FIRST_YEAR <= year <= MAX_LAST_YEAR

    def location(self, err: Mapping[str, Any]) -> tuple:
        """Pydantic's path without the distribution tags of the tagged union."""
        return tuple(x for x in err["loc"] if not (isinstance(x, str) and x in DISTRIBUTIONS))

    def message(self, err: Mapping[str, Any]) -> str:
        """An unknown distribution, or pydantic's message."""
        if err["type"] == "union_tag_invalid":
            return f"unknown distribution; allowed: {', '.join(DISTRIBUTIONS)}"
        return pydantic_message(err)

    def pydantic(
        self,
        exc: ValidationError,
        prefix: tuple = (),
        allowed: Callable[[tuple], Sequence[str]] = lambda parent: _allowed_keys(parent),
        what: str = "key",
    ) -> None:
        """Record each error of a pydantic validation (unknown keys with the schema's keys)."""
        super().pydantic(exc, prefix, allowed, what)

    def value(self, path: tuple, raw: Any, spec_range: tuple[float, float], horizon: int) -> Any:
        """Validate one input value; returns the parsed value or None after recording problems."""
        if isinstance(raw, dict) and "dist" not in raw:
            if not raw:
                self.add(path, "an empty path; give {year: value, ...}")
                return None
            out = {}
            for year, item in raw.items():
                if isinstance(year, bool) or not isinstance(year, int):
                    self.add((*path, year), "path keys must be years (2026 ...)")
                    continue
                if not FIRST_YEAR <= year <= horizon and not self.beyond_ok((*path, year), year):
                    self.add(
                        (*path, year),
                        f"year {year} is outside the horizon {FIRST_YEAR}-{horizon}",
                    )
                    continue
                parsed = self.scalar((*path, year), item)
                if parsed is not None:
                    out[year] = parsed
            parsed_path: Any = out if len(out) == len(raw) else None
        else:
            parsed_path = self.scalar(path, raw)
        if parsed_path is not None:
            lo, hi = value_bounds(parsed_path)
            if lo < spec_range[0] or hi > spec_range[1]:
                self.add(path, range_message(lo, hi, *spec_range))
                return None
        return parsed_path

    def scalar(self, path: tuple, raw: Any) -> Any:
        if isinstance(raw, dict):
            try:
                dist = _DIST.validate_python(raw)
            except ValidationError as exc:
                self.pydantic(exc, path)
                return None
            problem = sampling_problem(dist)
            if problem is not None:
                self.add(path, problem)
                return None
            return dist
        try:
            return _SCALAR.validate_python(raw)
        except ValidationError:
            self.add(
                path,
                f"expected a number, a path {{year: value}} or a distribution "
                f"{{dist: ...}}, got {describe(raw)}",
            )
            return None


def _allowed_keys(full: tuple) -> tuple[str, ...]:
    """Keys a mapping at path ``full`` of a scenario may have (empty: not checked here)."""
    if not full:
        return TOP_LEVEL_KEYS
    if full[0] == "events" and len(full) == 2:
        return tuple(EventModel.model_fields)
    return ()


def _inputs(
    checker: _Checker, doc: dict, group: str, registry: dict[str, InputSpec], horizon: int
) -> dict[str, Value]:
    out: dict[str, Value] = {}
    for key, raw in (doc.get(group) or {}).items():
        if key not in registry:
            checker.add((group, key), unknown_key(str(key), list(registry)))
            continue
        spec = registry[key]
        parsed = checker.value((group, key), raw, (spec.low, spec.high), horizon)
        if parsed is not None:
            out[key] = parsed
    return out


def _events(checker: _Checker, events: list[EventModel], horizon: int) -> list[Event]:
    out = []
    seen: set[str] = set()
    for i, ev in enumerate(events):
        path = ("events", i)
        ok = True
        if ev.name in seen:
            checker.add((*path, "name"), f"duplicate event name {ev.name!r}")
            ok = False
        seen.add(ev.name)
        if not FIRST_YEAR <= ev.year <= horizon and not checker.beyond_ok((*path, "year"), ev.year):
            checker.add(
                (*path, "year"), f"year {ev.year} is outside the horizon {FIRST_YEAR}-{horizon}"
            )
            ok = False
        for j, sector in enumerate(ev.sectors):
            if sector not in SECTORS:
                checker.add((*path, "sectors", j), unknown_key(sector, SECTORS, "sector"))
                ok = False
        if len(set(ev.sectors)) != len(ev.sectors):
            checker.add((*path, "sectors"), "a sector is named twice")
            ok = False
        if isinstance(ev.size, dict) and "dist" not in ev.size:
            checker.add((*path, "size"), "an event size is a number or a distribution, not a path")
            ok = False
            size = None
        else:
            size = checker.value(
                (*path, "size"), ev.size, (-EVENT_SIZE_LIMIT, EVENT_SIZE_LIMIT), horizon
            )
        if ok and size is not None:
            out.append(
                Event(
                    ev.name,
                    ev.year,
                    tuple(ev.sectors),
                    size,
                    ev.probability,
                    ev.persistence,
                    ev.description,
                )
            )
    return out


def validate(
    doc: dict, origins: dict[tuple, Origin], main_file: str
) -> tuple[Scenario | None, list[Problem | str]]:
    """Validate a merged scenario document.

    Returns the :class:`Scenario` (without ``files``) and an empty list, or None and the problems.
    """
    checker = _Checker(origins, main_file)
    try:
        model = ScenarioModel.model_validate(doc)
    except ValidationError as exc:
        checker.pydantic(exc)
        # Still check inputs for more problems when the horizon is usable.
        horizon = doc.get("horizon", DEFAULT_LAST_YEAR)
        if isinstance(horizon, int) and not isinstance(horizon, bool):
            horizon = min(max(horizon, FIRST_YEAR), MAX_LAST_YEAR)
            for group, registry in (("assumptions", ASSUMPTIONS), ("levers", LEVERS)):
                if isinstance(doc.get(group), dict):
                    _inputs(checker, doc, group, registry, horizon)
        return None, checker.problems
    given = {}
    for group, registry in (("assumptions", ASSUMPTIONS), ("levers", LEVERS)):
        given.update(_inputs(checker, doc, group, registry, model.horizon))
    events = _events(checker, model.events, model.horizon)
    if checker.problems:
        return None, checker.problems
    inputs = {
        name: given.get(name, default_value(spec, model.horizon))
        for name, spec in ALL_INPUTS.items()
    }
    return (
        Scenario(
            name=model.name,
            description=model.description,
            horizon=model.horizon,
            draws=model.draws,
            seed=model.seed,
            inputs=inputs,
            events=tuple(events),
            given=frozenset(given),
            extends=model.extends,
            pipeline_replications=model.pipeline_replications,
        ),
        [],
    )


def default_value(spec: InputSpec, horizon: int) -> Value:
    """The registry default as a scenario value (paths clipped to the horizon)."""
    if not isinstance(spec.default, dict):
        return float(spec.default)
    years = range(FIRST_YEAR, horizon + 1)
    return {y: spec.default_at(y) for y in years}
