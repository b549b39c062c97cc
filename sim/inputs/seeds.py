"""Load and check the 2025 baseline seeds (``seeds/baseline_2025.yaml``).

The seeds file holds the figures the projection starts from, each with its value, unit, year
and provenance: either a ``source`` (a document with title, publisher, date and a short quote
showing the number) or a ``derivation`` (how the number was computed or assumed, from which
history rows). ``sector_shares`` splits 2025 GDP over the model's sectors (``SECTORS``), in
percent, summing to 100.

Units: ``rmb_bn`` (RMB billion), ``percent``, ``units`` (vehicles), ``count``, ``persons_10k``,
``rmb_per_person`` and ``ratio``.

:func:`load_seeds` reads the file, runs every check, and raises one :class:`SeedDataError`
listing all the problems found, each with the file, the field path and, where possible, the
line number.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from sim.inputs.errors import InputError
from sim.inputs.safe_read import SAFE_YAML_LOADER
from sim.inputs.shipped import shipped_dir
from sim.model.sectors import SECTORS

__all__ = [
    "BASELINE_FILE",
    "DEFAULT_SEEDS_DIR",
    "DERIVATION_KINDS",
    "REQUIRED_FIGURES",
    "UNITS",
    "Derivation",
    "Figure",
    "SeedDataError",
    "Seeds",
    "Source",
    "load_seeds",
]

DEFAULT_SEEDS_DIR = shipped_dir("seeds")
"""Folder of the shipped seeds."""

BASELINE_FILE = "baseline_2025.yaml"
"""File name looked for when :func:`load_seeds` is given a folder."""

UNITS: tuple[str, ...] = (
    "rmb_bn",
    "percent",
    "units",
    "count",
    "persons_10k",
    "rmb_per_person",
    "ratio",
)
"""Allowed units: RMB billion, percent, vehicles, plain counts, 10,000 persons (万人, as Chinese
statistics count people), yuan per person, and a ratio of two like quantities."""

DERIVATION_KINDS: tuple[str, ...] = ("derived", "assumption")
"""``derived``: computed from data; ``assumption``: set by judgement, informed by data."""

REQUIRED_FIGURES: tuple[str, ...] = (
    "gdp",
    "gdp_real_growth",
    "nev_output",
    "financial_assets",
    "auto_output",
    "foreign_trade",
    "foreign_trade_growth",
    "retail_sales",
    "retail_sales_growth",
    "industrial_output",
    "industrial_revenue_above_size",
    "industrial_va_growth",
    "fai_growth",
    "industrial_investment_growth",
    "sei_share_industrial_output",
    "sei_share_industrial_va",
    "digital_economy_share_gdp",
    "ilstc_freight_value",
    "loans_outstanding",
    "industrial_projects_2026",
    "tech_transformation_projects_2026",
    "key_projects_completed",
)
"""Figures every seeds file must define (names under ``figures``)."""

SHARE_SUM = 100.0
"""Sector shares must add up to this (percent of GDP)."""

SHARE_SUM_TOLERANCE = 1e-9
"""Largest allowed absolute difference between the sum of sector shares and 100."""

_TOP_KEYS = ("year", "figures", "sector_shares")
_ENTRY_KEYS = ("value", "unit", "year", "source", "derivation", "note")
_SOURCE_KEYS = ("title", "publisher", "date", "quote", "url", "document")
_SOURCE_REQUIRED = ("title", "publisher", "date", "quote")
_DERIVATION_KEYS = ("method", "kind", "inputs")
_DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")

FieldPath = tuple[str, ...]


class SeedDataError(InputError):
    """The seeds file is missing, unreadable or fails a check.

    ``problems`` holds one line per problem, in file order of the checks, each naming the file,
    the field path (e.g. ``figures.gdp.unit``), the line number where known, what is wrong and
    what is allowed.
    """


@dataclass(frozen=True)
class Source:
    """A document a figure was read in.

    Attributes
    ----------
    title : str
        The document's title (a description in square brackets where its headline was not
        recorded).
    publisher : str
        Who published it.
    date : str
        Publication date, ``YYYY-MM-DD`` or ``YYYY-MM``.
    quote : str
        A short excerpt showing the number.
    url : str or None
        Address of the page (rows of ``chongqing_history.csv``).
    document : str or None
        File name of the seed document in ``/work/shared/seeds``.
    """

    title: str
    publisher: str
    date: str
    quote: str
    url: str | None = None
    document: str | None = None


@dataclass(frozen=True)
class Derivation:
    """How a figure was computed or assumed.

    Attributes
    ----------
    method : str
        One or two sentences saying how.
    kind : str
        ``derived`` (computed from data) or ``assumption`` (set by judgement).
    inputs : tuple of dict
        History rows or seed figures used, each with ``indicator``, ``year``, ``value``,
        ``unit``, ``quote`` and ``url`` or ``document``.
    """

    method: str
    kind: str
    inputs: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class Figure:
    """One seeded number with its provenance.

    Attributes
    ----------
    name : str
        Key of the figure (e.g. ``gdp``) or of the sector.
    value : float
        The number, in ``unit``.
    unit : str
        One of :data:`UNITS`: ``rmb_bn`` (RMB billion), ``percent``, ``units`` (vehicles)
        or ``count``.
    year : int
        Year the figure refers to.
    source : Source or None
        Where it was read; ``None`` for derived numbers.
    derivation : Derivation or None
        How it was computed or assumed; ``None`` for numbers read in a source.
    note : str or None
        Caveats, e.g. an ambiguous definition or a lower bound.
    """

    name: str
    value: float
    unit: str
    year: int
    source: Source | None
    derivation: Derivation | None
    note: str | None = None


@dataclass(frozen=True)
class Seeds:
    """The checked 2025 baseline.

    Attributes
    ----------
    year : int
        Base year (2025).
    figures : dict of str to Figure
        Named figures, in file order.
    sector_shares : dict of str to Figure
        Percent of GDP by sector, in ``SECTORS`` order, summing to 100.
    path : Path
        The file read.
    """

    year: int
    figures: dict[str, Figure]
    sector_shares: dict[str, Figure]
    path: Path

    def value(self, name: str) -> float:
        """Value of a named figure, in the figure's unit.

        Parameters
        ----------
        name : str
            Key under ``figures`` (e.g. ``"gdp"``, RMB billion).

        Returns
        -------
        float
            The figure's value.

        Raises
        ------
        KeyError
            If there is no such figure.
        """
        try:
            return self.figures[name].value
        except KeyError:
            known = ", ".join(sorted(self.figures))
            raise KeyError(f"no seeded figure {name!r} in {self.path}; known: {known}") from None

    def sector_va(self) -> dict[str, float]:
        """Nominal value added by sector in the base year.

        Returns
        -------
        dict of str to float
            RMB billion per sector, ``share / 100 * gdp``, in ``SECTORS`` order; the values
            sum to GDP.
        """
        gdp = self.value("gdp")
        return {s: self.sector_shares[s].value / 100.0 * gdp for s in SECTORS}


def load_seeds(path: Path | None = None) -> Seeds:
    """Read and check a seeds file.

    Parameters
    ----------
    path : Path, optional
        A YAML file, or a folder holding ``baseline_2025.yaml``. Defaults to the shipped
        ``seeds/`` folder.

    Returns
    -------
    Seeds
        The checked figures and sector shares.

    Raises
    ------
    SeedDataError
        If the file is missing or unreadable, or any check fails; the message lists every
        problem found.
    """
    file = Path(DEFAULT_SEEDS_DIR if path is None else path)
    if file.is_dir():
        file = file / BASELINE_FILE
    text = _read_text(file)
    data, lines, duplicates = _parse(file, text)
    checker = _Checker(file, lines)
    for dup_path, dup_line in duplicates:
        checker.problems.append(
            f"{file}:{dup_line}: {_dotted(dup_path)}: duplicate key; each key may appear only once"
        )
    for check in _CHECKS:
        check(checker, data)
    if checker.problems:
        raise SeedDataError(checker.problems)
    return _build(file, data)


# --------------------------------------------------------------------------------------------
# Reading


def _read_text(file: Path) -> str:
    """Text of the seeds file, or a SeedDataError saying why it cannot be read."""
    if not file.is_file():
        raise SeedDataError(
            [f"{file}: file not found; give a seeds YAML file or a folder with {BASELINE_FILE}"]
        )
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedDataError(
            [f"{file}: cannot read the file ({exc}); it must be UTF-8 text"]
        ) from None


def _parse(file: Path, text: str) -> tuple[Any, dict[FieldPath, int], list[tuple[FieldPath, int]]]:
    """Parse with a safe loader (libyaml's if installed); map field paths to lines, find repeats.

    Returns
    -------
    tuple
        The parsed data, the 1-based line of each field path (from ``yaml.compose``), and
        the (path, line) of every repeated mapping key.
    """
    try:
        data = yaml.load(text, Loader=SAFE_YAML_LOADER)  # noqa: S506 - a safe loader
        node = yaml.compose(text, Loader=SAFE_YAML_LOADER)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{file}:{mark.line + 1}" if mark is not None else str(file)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SeedDataError([f"{where}: cannot parse YAML: {problem}"]) from None
    lines: dict[FieldPath, int] = {}
    duplicates: list[tuple[FieldPath, int]] = []
    if node is not None:
        _map_lines(node, (), lines, duplicates)
    return data, lines, duplicates


def _map_lines(
    node: yaml.Node,
    path: FieldPath,
    lines: dict[FieldPath, int],
    duplicates: list[tuple[FieldPath, int]],
) -> None:
    """Record the 1-based line of every mapping key and sequence item below ``node``."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*path, str(key_node.value))
            line = key_node.start_mark.line + 1
            if child in lines:
                duplicates.append((child, line))
            else:
                lines[child] = line
            _map_lines(value_node, child, lines, duplicates)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            child = (*path, str(i))
            lines[child] = item.start_mark.line + 1
            _map_lines(item, child, lines, duplicates)


def _dotted(path: FieldPath) -> str:
    return ".".join(path) if path else "(top level)"


# --------------------------------------------------------------------------------------------
# Checks


class _Checker:
    """Collects problems, each located by file, field path and line."""

    def __init__(self, file: Path, lines: dict[FieldPath, int]) -> None:
        self.file = file
        self.lines = lines
        self.problems: list[str] = []

    def line(self, path: FieldPath) -> int | None:
        """Line of ``path`` or of its nearest ancestor present in the file."""
        for n in range(len(path), 0, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return None

    def add(self, path: FieldPath, message: str) -> None:
        line = self.line(path)
        where = f"{self.file}:{line}" if line is not None else str(self.file)
        self.problems.append(f"{where}: {_dotted(path)}: {message}")


def _is_number(x: object) -> TypeGuard[float]:
    return isinstance(x, int | float) and not isinstance(x, bool)


def _is_text(x: object) -> TypeGuard[str]:
    return isinstance(x, str) and x.strip() != ""


def _entries(data: Any, section: str) -> dict[str, Any]:
    """The mapping under ``section``, or {} when absent or malformed (reported elsewhere)."""
    if isinstance(data, dict) and isinstance(data.get(section), dict):
        return data[section]
    return {}


def _check_top_level(c: _Checker, data: Any) -> None:
    """The file is a mapping: ``year`` (an integer), ``figures`` and ``sector_shares``."""
    if not isinstance(data, dict):
        c.add(
            (),
            f"the file must be a mapping with keys {', '.join(_TOP_KEYS)}; got "
            f"{type(data).__name__}",
        )
        return
    for key in data:
        if key not in _TOP_KEYS:
            c.add((str(key),), f"unknown top-level key; allowed: {', '.join(_TOP_KEYS)}")
    if "year" not in data:
        c.add(("year",), "missing; the base year (an integer, e.g. 2025) is required")
    elif not isinstance(data["year"], int) or isinstance(data["year"], bool):
        c.add(("year",), f"must be an integer year; got {data['year']!r}")
    for section in ("figures", "sector_shares"):
        if section not in data:
            c.add((section,), "missing; a mapping of name -> entry is required")
        elif not isinstance(data[section], dict):
            c.add(
                (section,),
                f"must be a mapping of name -> entry; got {type(data[section]).__name__}",
            )


def _check_required_figures(c: _Checker, data: Any) -> None:
    """Every name in :data:`REQUIRED_FIGURES` is present under ``figures``."""
    if not isinstance(data, dict) or not isinstance(data.get("figures"), dict):
        return
    for name in REQUIRED_FIGURES:
        if name not in data["figures"]:
            c.add(
                ("figures", name),
                "required figure missing; every name in sim.inputs.seeds.REQUIRED_FIGURES must "
                "be given",
            )


def _check_entries(c: _Checker, data: Any) -> None:
    """Each figure and sector share is a well-formed entry (see :func:`_check_entry`)."""
    for section in ("figures", "sector_shares"):
        for name, entry in _entries(data, section).items():
            _check_entry(c, (section, str(name)), entry)


def _check_entry(c: _Checker, path: FieldPath, entry: Any) -> None:
    """Known keys; finite numeric value; known unit; integer year; one of source/derivation."""
    if not isinstance(entry, dict):
        c.add(path, f"must be a mapping with {', '.join(_ENTRY_KEYS)}; got {entry!r}")
        return
    for key in entry:
        if key not in _ENTRY_KEYS:
            c.add((*path, str(key)), f"unknown field; allowed: {', '.join(_ENTRY_KEYS)}")
    _check_value(c, (*path, "value"), entry)
    _check_unit(c, (*path, "unit"), entry)
    _check_year(c, (*path, "year"), entry)
    has_source, has_derivation = "source" in entry, "derivation" in entry
    if has_source == has_derivation:
        what = "has both" if has_source else "has neither"
        c.add(
            path,
            f"{what} 'source' and 'derivation'; exactly one is required "
            "(source for a number read in a document, derivation for a computed or "
            "assumed one)",
        )
    if has_source:
        _check_source(c, (*path, "source"), entry["source"])
    if has_derivation:
        _check_derivation(c, (*path, "derivation"), entry["derivation"])
    if "note" in entry and not isinstance(entry["note"], str):
        c.add((*path, "note"), f"must be text; got {entry['note']!r}")


def _check_value(c: _Checker, path: FieldPath, entry: dict[str, Any]) -> None:
    if "value" not in entry:
        c.add(path, "missing; a finite number is required")
    elif not _is_number(entry["value"]):
        c.add(path, f"not a number ({entry['value']!r}); a finite number is required")
    elif not math.isfinite(entry["value"]):
        c.add(path, f"not finite ({entry['value']!r}); a finite number is required")


def _check_unit(c: _Checker, path: FieldPath, entry: dict[str, Any]) -> None:
    if "unit" not in entry:
        c.add(path, f"missing; allowed units: {', '.join(UNITS)}")
    elif entry["unit"] not in UNITS:
        c.add(path, f"unknown unit {entry['unit']!r}; allowed: {', '.join(UNITS)}")


def _check_year(c: _Checker, path: FieldPath, entry: dict[str, Any]) -> None:
    if "year" not in entry:
        c.add(path, "missing; the year the figure refers to (an integer) is required")
    elif not isinstance(entry["year"], int) or isinstance(entry["year"], bool):
        c.add(path, f"must be an integer year; got {entry['year']!r}")


def _check_source(c: _Checker, path: FieldPath, source: Any) -> None:
    """A source has title, publisher, date (YYYY-MM-DD or YYYY-MM) and quote, all text."""
    if not isinstance(source, dict):
        c.add(
            path,
            f"must be a mapping with {', '.join(_SOURCE_REQUIRED)} "
            f"(and url or document); got {source!r}",
        )
        return
    for key in source:
        if key not in _SOURCE_KEYS:
            c.add((*path, str(key)), f"unknown field; allowed: {', '.join(_SOURCE_KEYS)}")
    for key in _SOURCE_REQUIRED:
        if key not in source:
            c.add((*path, key), "missing; a source needs title, publisher, date and quote")
        elif key == "date" and isinstance(source[key], dt.date):
            continue  # an unquoted YYYY-MM-DD, parsed by YAML as a date
        elif not _is_text(source[key]):
            c.add((*path, key), f"must be non-empty text; got {source[key]!r}")
    date = source.get("date")
    if _is_text(date) and not _DATE.match(date):
        c.add((*path, "date"), f"bad date {date!r}; use YYYY-MM-DD or YYYY-MM")
    for key in ("url", "document"):
        if key in source and not _is_text(source[key]):
            c.add((*path, key), f"must be non-empty text; got {source[key]!r}")


def _check_derivation(c: _Checker, path: FieldPath, derivation: Any) -> None:
    """A derivation has a method (text), a kind in DERIVATION_KINDS and a list of inputs."""
    if not isinstance(derivation, dict):
        c.add(path, f"must be a mapping with method, kind and inputs; got {derivation!r}")
        return
    for key in derivation:
        if key not in _DERIVATION_KEYS:
            c.add((*path, str(key)), f"unknown field; allowed: {', '.join(_DERIVATION_KEYS)}")
    if "method" not in derivation:
        c.add((*path, "method"), "missing; say in one or two sentences how the number was made")
    elif not _is_text(derivation["method"]):
        c.add((*path, "method"), f"must be non-empty text; got {derivation['method']!r}")
    if "kind" not in derivation:
        c.add((*path, "kind"), f"missing; allowed: {', '.join(DERIVATION_KINDS)}")
    elif derivation["kind"] not in DERIVATION_KINDS:
        c.add(
            (*path, "kind"),
            f"unknown kind {derivation['kind']!r}; allowed: {', '.join(DERIVATION_KINDS)}",
        )
    inputs = derivation.get("inputs", [])
    if not isinstance(inputs, list):
        c.add((*path, "inputs"), f"must be a list of mappings; got {inputs!r}")
        return
    for i, item in enumerate(inputs):
        if not isinstance(item, dict) or "indicator" not in item or "value" not in item:
            c.add(
                (*path, "inputs", str(i)),
                "each input must be a mapping with at least "
                "indicator and value (and year, unit, url or document, quote)",
            )


def _check_sector_keys(c: _Checker, data: Any) -> None:
    """``sector_shares`` has exactly the keys of ``SECTORS``."""
    if not isinstance(data, dict) or not isinstance(data.get("sector_shares"), dict):
        return
    shares = data["sector_shares"]
    for name in shares:
        if name not in SECTORS:
            c.add(("sector_shares", str(name)), f"unknown sector; allowed: {', '.join(SECTORS)}")
    for name in SECTORS:
        if name not in shares:
            c.add(
                ("sector_shares", name),
                "missing sector; every sector in sim.model.sectors.SECTORS needs a share",
            )


def _check_sector_shares(c: _Checker, data: Any) -> None:
    """Each sector share is in percent, within [0, 100], and the shares sum to 100."""
    shares = _entries(data, "sector_shares")
    values: list[float] = []
    for name, entry in shares.items():
        if not isinstance(entry, dict):
            continue
        path = ("sector_shares", str(name))
        if "unit" in entry and entry["unit"] != "percent":
            c.add((*path, "unit"), f"sector shares are percent of GDP; got unit {entry['unit']!r}")
        value = entry.get("value")
        if _is_number(value) and math.isfinite(value):
            values.append(value)
            if not 0.0 <= value <= 100.0:
                c.add((*path, "value"), f"share {value} is outside [0, 100] percent")
    if shares and len(values) == len(shares):
        total = math.fsum(values)
        if abs(total - SHARE_SUM) > SHARE_SUM_TOLERANCE:
            c.add(
                ("sector_shares",),
                f"shares sum to {total:.10g}, not 100 (off by "
                f"{total - SHARE_SUM:+.10g}); they must sum to 100 within "
                f"{SHARE_SUM_TOLERANCE:g}",
            )


def _check_share_figures(c: _Checker, data: Any) -> None:
    """Percent figures whose name contains ``_share_`` lie within [0, 100]."""
    for name, entry in _entries(data, "figures").items():
        if not isinstance(entry, dict) or "_share_" not in str(name):
            continue
        value = entry.get("value")
        if entry.get("unit") == "percent" and _is_number(value) and math.isfinite(value):
            if not 0.0 <= value <= 100.0:
                c.add(("figures", str(name), "value"), f"share {value} is outside [0, 100] percent")


def _check_gdp_unit(c: _Checker, data: Any) -> None:
    """GDP is in RMB billion (``rmb_bn``): sector value added is derived from it."""
    gdp = _entries(data, "figures").get("gdp")
    if isinstance(gdp, dict) and "unit" in gdp and gdp["unit"] != "rmb_bn":
        c.add(
            ("figures", "gdp", "unit"), f"GDP must be in rmb_bn (RMB billion); got {gdp['unit']!r}"
        )


_CHECKS: tuple[Callable[[_Checker, Any], None], ...] = (
    _check_top_level,
    _check_required_figures,
    _check_entries,
    _check_sector_keys,
    _check_sector_shares,
    _check_share_figures,
    _check_gdp_unit,
)
"""Every check, run in this order on the parsed file; each records its problems."""


# --------------------------------------------------------------------------------------------
# Building


def _build(file: Path, data: dict[str, Any]) -> Seeds:
    """Seeds from a parsed file that passed every check."""
    figures = {str(n): _figure(str(n), e) for n, e in data["figures"].items()}
    shares = {s: _figure(s, data["sector_shares"][s]) for s in SECTORS}
    return Seeds(year=data["year"], figures=figures, sector_shares=shares, path=file)


def _figure(name: str, entry: dict[str, Any]) -> Figure:
    source = derivation = None
    if "source" in entry:
        s = entry["source"]
        source = Source(
            title=s["title"],
            publisher=s["publisher"],
            date=s["date"].isoformat() if isinstance(s["date"], dt.date) else s["date"],
            quote=s["quote"],
            url=s.get("url"),
            document=s.get("document"),
        )
    if "derivation" in entry:
        d = entry["derivation"]
        derivation = Derivation(
            method=d["method"],
            kind=d["kind"],
            inputs=tuple(dict(i) for i in d.get("inputs", [])),
        )
    return Figure(
        name=name,
        value=float(entry["value"]),
        unit=entry["unit"],
        year=entry["year"],
        source=source,
        derivation=derivation,
        note=entry.get("note"),
    )
