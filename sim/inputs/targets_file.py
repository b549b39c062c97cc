"""The official targets (``seeds/targets.yaml``): loading and checking, as typed objects.

Each target names a model indicator (``sim.model.indicators``), a year, a comparison (``>=``,
``>`` or ``<=``), a value in the indicator's unit and its source, recorded as the seeds are
(:class:`sim.inputs.seeds.Source`). :func:`load_targets` reads the file strictly (the scenario
reader: no duplicate keys, anchors or tags) and raises one :class:`TargetsError` listing every
problem, each as ``file:line: field: problem``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from sim.inputs.errors import InputError, Problem
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

_TOP_KEYS = ("targets",)
_KEYS = ("id", "year", "indicator", "comparison", "value", "unit", "label", "source", "note")
_REQUIRED = ("id", "year", "indicator", "comparison", "value", "unit", "label", "source")
_SOURCE_KEYS = ("title", "publisher", "date", "quote", "url", "document")
_SOURCE_REQUIRED = ("title", "publisher", "date", "quote")
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
    from sim.inputs.errors import ScenarioError
    from sim.inputs.scenario.yaml_source import read_yaml

    file = Path(TARGETS_FILE if path is None else path)
    try:
        data, lines = read_yaml(file)
    except ScenarioError as exc:
        raise TargetsError(exc.problems) from None
    checker = _Checker(str(file), lines)
    targets = checker.document(data)
    if checker.problems:
        raise TargetsError(checker.problems)
    return targets


def select(targets: tuple[Target, ...], year: int | None = None) -> tuple[Target, ...]:
    """The targets of ``year`` (all when None), in file order."""
    return tuple(t for t in targets if year is None or t.year == year)


class _Checker:
    """Checks a parsed targets document, one problem per rule, each with file, line and field."""

    def __init__(self, file: str, lines: dict[tuple, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[Problem] = []

    def add(self, path: tuple, message: str) -> None:
        line = None
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                line = self.lines[path[:n]]
                break
        self.problems.append(Problem(self.file, line, _dotted(path), message))

    def document(self, data: dict[str, Any]) -> tuple[Target, ...]:
        for key in data:
            if key not in _TOP_KEYS:
                self.add((key,), f"unknown top-level key; allowed: {', '.join(_TOP_KEYS)}")
        entries = data.get("targets")
        if not isinstance(entries, list) or not entries:
            self.add(("targets",), "required: a non-empty list of targets (id, year, ...)")
            return ()
        out = []
        seen: dict[str, int] = {}
        for i, entry in enumerate(entries):
            target = self.entry(("targets", i), entry)
            if target is None:
                continue
            if target.id in seen:
                self.add(
                    ("targets", i, "id"),
                    f"duplicate id {target.id!r} (first used by targets[{seen[target.id]}])",
                )
                continue
            seen[target.id] = i
            out.append(target)
        return tuple(out)

    def entry(self, path: tuple, entry: Any) -> Target | None:
        if not isinstance(entry, dict):
            self.add(path, f"each target is a mapping with {', '.join(_REQUIRED)}")
            return None
        before = len(self.problems)
        for key in entry:
            if key not in _KEYS:
                self.add((*path, key), f"unknown field; allowed: {', '.join(_KEYS)}")
        for key in _REQUIRED:
            if key not in entry:
                self.add((*path, key), "required field is missing")
        tid, year, indicator = entry.get("id"), entry.get("year"), entry.get("indicator")
        comparison, value, unit = entry.get("comparison"), entry.get("value"), entry.get("unit")
        if "id" in entry and not (isinstance(tid, str) and ID_PATTERN.match(tid)):
            self.add((*path, "id"), f"must be snake_case text (a-z, 0-9, _), got {tid!r}")
        if "year" in entry and not (
            isinstance(year, int) and not isinstance(year, bool) and _YEARS[0] <= year <= _YEARS[1]
        ):
            self.add(
                (*path, "year"), f"must be a year from {_YEARS[0]} to {_YEARS[1]}, got {year!r}"
            )
        if "indicator" in entry and indicator not in INDICATORS:
            self.add(
                (*path, "indicator"),
                f"unknown indicator {indicator!r}; allowed: {', '.join(INDICATORS)}",
            )
        if "comparison" in entry and comparison not in COMPARISONS:
            self.add(
                (*path, "comparison"),
                f"unknown comparison {comparison!r}; allowed (quoted): {', '.join(COMPARISONS)}",
            )
        if "value" in entry and not _finite(value):
            self.add((*path, "value"), f"must be a finite number, got {value!r}")
        if "unit" in entry:
            if unit not in UNITS:
                self.add((*path, "unit"), f"unknown unit {unit!r}; allowed: {', '.join(UNITS)}")
            elif indicator in INDICATORS and UNITS[unit] != INDICATORS[indicator].unit:
                expected = [k for k, v in UNITS.items() if v == INDICATORS[indicator].unit]
                self.add(
                    (*path, "unit"),
                    f"{indicator} is in {INDICATORS[indicator].unit!r}; write unit: "
                    f"{expected[0] if expected else INDICATORS[indicator].unit}",
                )
        if "label" in entry and not _text(entry["label"]):
            self.add((*path, "label"), f"must be non-empty text, got {entry['label']!r}")
        if "note" in entry and not _text(entry["note"]):
            self.add((*path, "note"), f"must be non-empty text, got {entry['note']!r}")
        source = self.source((*path, "source"), entry["source"]) if "source" in entry else None
        if len(self.problems) > before or source is None:
            return None
        return Target(
            id=tid,
            year=year,
            indicator=indicator,
            comparison=comparison,
            value=float(value),
            unit=INDICATORS[indicator].unit,
            label=entry["label"].strip(),
            source=source,
            note=entry.get("note"),
        )

    def source(self, path: tuple, source: Any) -> Source | None:
        if not isinstance(source, dict):
            self.add(
                path, f"must be a mapping with {', '.join(_SOURCE_REQUIRED)} and url or document"
            )
            return None
        before = len(self.problems)
        for key in source:
            if key not in _SOURCE_KEYS:
                self.add((*path, key), f"unknown field; allowed: {', '.join(_SOURCE_KEYS)}")
        for key in _SOURCE_REQUIRED:
            if key not in source:
                self.add((*path, key), "required field is missing")
            elif not _text(source[key]):
                self.add((*path, key), f"must be non-empty text, got {source[key]!r}")
        date = source.get("date")
        if _text(date) and not _DATE.match(date):
            self.add((*path, "date"), f"bad date {date!r}; use YYYY-MM-DD or YYYY-MM (quoted)")
        if "url" not in source and "document" not in source:
            self.add(path, "give url (a web page) or document (a file in shared/seeds)")
        for key in ("url", "document"):
            if key in source and not _text(source[key]):
                self.add((*path, key), f"must be non-empty text, got {source[key]!r}")
        if len(self.problems) > before:
            return None
        return Source(
            title=source["title"],
            publisher=source["publisher"],
            date=source["date"],
            quote=source["quote"],
            url=source.get("url"),
            document=source.get("document"),
        )


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        if isinstance(part, int) and not isinstance(part, bool):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _finite(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _text(value: Any) -> bool:
    return isinstance(value, str) and value.strip() != ""
