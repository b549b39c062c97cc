"""The official targets (``seeds/targets.yaml``): loading and checking, as typed objects.

Each target names a model indicator (``sim.model.indicators``), a year, a comparison (``>=``,
``>`` or ``<=``), a value in the indicator's unit and its source, recorded as the seeds are
(:class:`sim.inputs.seeds.Source`), whether its statistical basis was verified, and a caveat.
:func:`load_targets` reads the file strictly (the scenario reader: no duplicate keys, anchors or
tags) and raises one :class:`TargetsError` listing every problem, each as
``file:line: field: problem``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, BeforeValidator, ConfigDict, ValidationError, model_validator

from sim.inputs.errors import InputError, ProblemLog, ScenarioError
from sim.inputs.scenario.yaml_source import read_yaml
from sim.inputs.seeds import DEFAULT_SEEDS_DIR, Source
from sim.model.indicators import INDICATORS

TARGETS_FILE = DEFAULT_SEEDS_DIR / "targets.yaml"
"""The shipped targets."""

COMPARISONS: tuple[str, ...] = (">=", ">", "<=")
"""How an outcome is compared with the target value (outcome COMPARISON value)."""

UNITS: dict[str, str] = {"percent": "%", "rmb_bn": "RMB bn", "units": "units"}
"""Units a target may be written in (as in ``seeds/baseline_2025.yaml``) -> the indicator unit."""

ID_PATTERN = re.compile(r"^[a-z][a-z0-9_]*$")
"""Target ids: snake_case, stable (scripts and output files refer to them)."""

BASES: tuple[str, ...] = ("verified", "unverified")
"""Whether the statistic a target is counted on was found (``verified``) or not: an unverified
target is shown as "basis unverified", with its caveat and no probability."""

_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
_YEARS = (2026, 2035)


class TargetsError(InputError):
    """The targets file cannot be used; ``problems`` lists every problem, one per line."""


@dataclass(frozen=True)
class Target:
    """One official target.

    Attributes
    ----------
    id : str
        Stable snake_case name, e.g. ``gdp_real_growth_2026``.
    year : int
        The year the target is for.
    indicator : str
        The model indicator it is checked on.
    comparison : str
        ``">="``, ``">"`` or ``"<="``: the target is met when ``outcome comparison value``.
    value : float
        Target value in the indicator's unit (percent, or RMB billion).
    unit : str
        The indicator's unit (``"%"``, ``"RMB bn"``), as in ``sim.model.indicators``.
    label : str
        Short text for tables and figures.
    source : Source
        Where the target was read.
    note : str or None
        Unclear definitions, differences from the model's indicator, choice of comparison.
    basis : str
        ``"verified"`` or ``"unverified"`` (:data:`BASES`).
    caveat : str or None
        What a reader must see beside the probability (every output shows it).
    """

    id: str
    year: int
    indicator: str
    comparison: str
    value: float
    unit: str
    label: str
    source: Source
    note: str | None = None
    basis: str = "verified"
    caveat: str | None = None

    @property
    def verified(self) -> bool:
        """Whether the target's statistical basis was found (else no probability is shown)."""
        return self.basis == "verified"

    def met(self, outcome: np.ndarray) -> np.ndarray:
        """Whether each outcome meets the target.

        Parameters
        ----------
        outcome : ndarray
            Values of the indicator in the target year, in the indicator's unit.

        Returns
        -------
        ndarray of bool
            Same shape as ``outcome``.
        """
        if self.comparison == ">=":
            return outcome >= self.value
        if self.comparison == ">":
            return outcome > self.value
        return outcome <= self.value

    def describe(self) -> str:
        """``>= 5 %`` / ``>= 4,000 RMB bn``: the comparison, value and unit as text."""
        value = f"{self.value:,.0f}" if abs(self.value) >= 1000 else f"{self.value:g}"
        return f"{self.comparison} {value} {self.unit}"


def _check(rule: Any, message: str) -> BeforeValidator:
    """A validator that accepts a value when ``rule(value)`` holds, else says ``message``."""

    def check(value: Any) -> Any:
        if not rule(value):
            raise ValueError(message.format(value=value))
        return value

    return BeforeValidator(check)


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _year(value: Any) -> bool:
    whole = isinstance(value, int) and not isinstance(value, bool)
    return whole and _YEARS[0] <= value <= _YEARS[1]


def _date(value: Any) -> Any:
    if not _text(value):
        raise ValueError(f"must be non-empty text, got {value!r}")
    if not _DATE.match(value):
        raise ValueError(f"bad date {value!r}; use YYYY-MM-DD or YYYY-MM (quoted)")
    return value


def _optional_text(value: Any) -> Any:
    if value is not None and not _text(value):
        raise ValueError(f"must be non-empty text, got {value!r}")
    return value


Text = Annotated[str, _check(_text, "must be non-empty text, got {value!r}")]
OptionalText = Annotated[str | None, BeforeValidator(_optional_text)]


class SourceModel(BaseModel):
    """Where a target was read: as a seed's source (title, publisher, date, quote, url/document)."""

    model_config = ConfigDict(extra="forbid")

    title: Text
    publisher: Text
    date: Annotated[str, BeforeValidator(_date)]
    quote: Text
    url: OptionalText = None
    document: OptionalText = None

    @model_validator(mode="after")
    def _url_or_document(self) -> SourceModel:
        if self.url is None and self.document is None:
            raise ValueError("give url (a web page) or document (a file in shared/seeds)")
        return self


class TargetModel(BaseModel):
    """One target as written in the file; the unit is checked against the indicator apart."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[
        str,
        _check(
            lambda v: isinstance(v, str) and ID_PATTERN.match(v),
            "must be snake_case text (a-z, 0-9, _), got {value!r}",
        ),
    ]
    year: Annotated[
        int, _check(_year, f"must be a year from {_YEARS[0]} to {_YEARS[1]}, got {{value!r}}")
    ]
    indicator: Annotated[
        str,
        _check(
            lambda v: v in INDICATORS,
            f"unknown indicator {{value!r}}; allowed: {', '.join(INDICATORS)}",
        ),
    ]
    comparison: Annotated[
        str,
        _check(
            lambda v: v in COMPARISONS,
            f"unknown comparison {{value!r}}; allowed (quoted): {', '.join(COMPARISONS)}",
        ),
    ]
    value: Annotated[float, _check(_finite, "must be a finite number, got {value!r}")]
    unit: Annotated[
        str, _check(lambda v: v in UNITS, f"unknown unit {{value!r}}; allowed: {', '.join(UNITS)}")
    ]
    label: Text
    source: SourceModel
    note: OptionalText = None
    basis: Annotated[
        str,
        _check(
            lambda v: v in BASES,
            f"unknown basis {{value!r}}; allowed: {', '.join(BASES)}",
        ),
    ]
    caveat: OptionalText = None

    @model_validator(mode="after")
    def _unverified_has_a_caveat(self) -> TargetModel:
        if self.basis == "unverified" and self.caveat is None:
            raise ValueError("an unverified basis needs a caveat saying what was not found")
        return self


class TargetsDocument(BaseModel):
    """The whole file: ``targets``, a non-empty list (each entry checked by TargetModel)."""

    model_config = ConfigDict(extra="forbid")

    targets: Annotated[
        list[Any],
        _check(
            lambda v: isinstance(v, list) and len(v) > 0,
            "required: a non-empty list of targets (id, year, ...)",
        ),
    ]


def load_targets(path: Path | str | None = None) -> tuple[Target, ...]:
    """Read and check a targets file.

    Parameters
    ----------
    path : Path, optional
        The YAML file (default: the shipped ``seeds/targets.yaml``).

    Returns
    -------
    tuple of Target
        In file order.

    Raises
    ------
    TargetsError
        If the file cannot be read or any entry fails a check; lists every problem.
    """
    file = Path(TARGETS_FILE if path is None else path)
    try:
        data, lines = read_yaml(file)
    except ScenarioError as exc:
        raise TargetsError(exc.problems) from None
    log = ProblemLog.for_file(str(file), lines, lists=("targets",))
    try:
        document = TargetsDocument.model_validate(data)
    except ValidationError as exc:
        log.pydantic(exc, allowed=lambda parent: tuple(TargetsDocument.model_fields))
        raise TargetsError(log.problems) from None
    targets: list[Target] = []
    seen: dict[str, int] = {}
    for i, entry in enumerate(document.targets):
        target = _target(("targets", i), entry, log)
        if target is None:
            continue
        if target.id in seen:
            log.add(
                ("targets", i, "id"),
                f"duplicate id {target.id!r} (first used by targets[{seen[target.id]}])",
            )
            continue
        seen[target.id] = i
        targets.append(target)
    if log.problems:
        raise TargetsError(log.problems)
    return tuple(targets)


def _target(path: tuple, entry: Any, log: ProblemLog) -> Target | None:
    """One entry as a :class:`Target`, or None after recording its problems."""
    try:
        model = TargetModel.model_validate(entry)
    except ValidationError as exc:
        log.pydantic(exc, path, allowed=_allowed_fields, what="field")
        return None
    unit = INDICATORS[model.indicator].unit
    if UNITS[model.unit] != unit:
        expected = [k for k, v in UNITS.items() if v == unit]
        log.add(
            (*path, "unit"),
            f"{model.indicator} is in {unit!r}; write unit: {expected[0] if expected else unit}",
        )
        return None
    s = model.source
    return Target(
        id=model.id,
        year=model.year,
        indicator=model.indicator,
        comparison=model.comparison,
        value=float(model.value),
        unit=unit,
        label=model.label.strip(),
        source=Source(
            title=s.title,
            publisher=s.publisher,
            date=s.date,
            quote=s.quote,
            url=s.url,
            document=s.document,
        ),
        note=model.note,
        basis=model.basis,
        caveat=None if model.caveat is None else " ".join(model.caveat.split()),
    )


def _allowed_fields(parent: tuple) -> tuple[str, ...]:
    """Fields of a target (``targets[i]``) or of its source."""
    model = SourceModel if parent and parent[-1] == "source" else TargetModel
    return tuple(model.model_fields)


def select(targets: tuple[Target, ...], year: int | None = None) -> tuple[Target, ...]:
    """The targets of ``year`` (all when None), in file order."""
    return tuple(t for t in targets if year is None or t.year == year)
