"""Read ``calibration/parameters.yaml`` into :class:`sim.model.parameters.Parameters`.

The file has one entry per parameter under ``parameters:``, self-documenting:

    value | values | matrix   the number (scalar), one per sector or group, or a matrix
    unit, reason             what it measures and why this value
    evidence                 estimated | derived | cited | none
    estimate                 (estimated) se, sample (regions, years, n_obs), method, source
    sources, derivation      (derived, cited) the publications or statistics and the arithmetic
    low, high                the plausible range (cited, derived)
    sampling                 (optional) how Monte Carlo draws it: {dist: normal, se, low, high}
                             or {dist: triangular, low, high} (mode = the value)

A missing, unknown or undocumented parameter, a non-finite number, shares that do not sum to one
or an input-output table that cannot describe an economy is a :class:`ParameterError` naming
the file and the field.
"""

from __future__ import annotations

import hashlib
import math
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.inputs.errors import InputError
from sim.inputs.safe_read import SAFE_YAML_LOADER
from sim.inputs.shipped import shipped_file
from sim.model.parameters import Parameters
from sim.model.sectors import GROUPS, SECTORS

DEFAULT_PARAMETERS = shipped_file("calibration", "parameters.yaml")
EVIDENCE_KINDS: tuple[str, ...] = ("estimated", "derived", "cited", "none")
"""How a parameter's value is supported: estimated (a statistical estimate with its standard
error, sample and method), derived (arithmetic on cited official figures), cited (a published
value), none (no evidence found; the closing goal is none of these)."""
CALIBRATED_STATUSES: tuple[str, ...] = ("calibrated", "fitted")
"""Statuses of a parameters file whose values came from the data (``calibrate`` writes
"calibrated"; "fitted" is the status files written before the model v2 carried)."""
DISTRIBUTIONS: tuple[str, ...] = ("normal", "triangular")
MATRIX_AXES: dict[str, tuple[str, ...]] = {
    "io_coefficients": SECTORS,
    "group_shock_correlation": GROUPS,
}
"""Row and column keys of the matrix parameters."""


class _PlainDumper(yaml.SafeDumper):
    """SafeDumper that writes numpy scalars and arrays as the plain numbers and lists they hold.

    The fit computes with numpy, so a fitted value can be an ``np.float64``, which SafeDumper
    refuses ("cannot represent an object").
    """


_PlainDumper.add_multi_representer(np.generic, lambda d, v: d.represent_data(v.item()))  # type: ignore[type-abstract]
_PlainDumper.add_multi_representer(np.ndarray, lambda d, v: d.represent_data(v.tolist()))

_FAST_DUMPER: type[Any] = _PlainDumper
"""The dumper that hashes in-memory parameter sets: :class:`_PlainDumper` with the C emitter when
PyYAML has it (ten times faster; the backtest builds one set per origin)."""
if getattr(yaml, "__with_libyaml__", False):

    class _PlainCDumper(yaml.CSafeDumper):
        """:class:`_PlainDumper` on the C emitter."""

    _PlainCDumper.add_multi_representer(np.generic, lambda d, v: d.represent_data(v.item()))  # type: ignore[type-abstract]
    _PlainCDumper.add_multi_representer(np.ndarray, lambda d, v: d.represent_data(v.tolist()))
    _FAST_DUMPER = _PlainCDumper


class ParameterError(InputError):
    """A parameters file is unusable; ``problems`` holds one line per problem."""


@dataclass(frozen=True)
class Uncertainty:
    """How Monte Carlo draws a parameter: normal(value, se) or triangular(low, value, high).

    ``se``, ``low`` and ``high`` are floats, or arrays shaped like the parameter (sector and
    group parameters); draws are kept within [low, high].
    """

    dist: str
    low: np.ndarray | float
    high: np.ndarray | float
    se: np.ndarray | float = 0.0


@dataclass(frozen=True)
class ParameterSet:
    """Parameters with their provenance: file, SHA-256 of its bytes and fit status."""

    parameters: Parameters
    path: Path
    sha256: str
    status: str
    raw: dict[str, Any]
    uncertainty: dict[str, Uncertainty] = field(default_factory=dict)

    def evidence_counts(self) -> dict[str, int]:
        """How many parameters are estimated, derived, cited or have no evidence."""
        entries = self.raw.get("parameters", {})
        counts = Counter(str(e.get("evidence")) for e in entries.values())
        return {kind: counts.get(kind, 0) for kind in EVIDENCE_KINDS}


def _number(value: Any) -> float | None:
    """``value`` as a finite float, or None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _keyed(values: Any, keys: tuple[str, ...], where: str, problems: list[str]) -> np.ndarray:
    """One finite number per key from a mapping ``{key: number}`` (or a single number for all)."""
    out = np.zeros(len(keys))
    single = _number(values)
    if single is not None:
        return out + single
    if not isinstance(values, dict):
        problems.append(f"{where}: expected a mapping {{{keys[0]}: number, ...}} or a number")
        return out
    for key in set(values) - set(keys):
        problems.append(f"{where}.{key}: unknown; allowed: {', '.join(keys)}")
    for i, key in enumerate(keys):
        number = _number(values.get(key))
        if number is None:
            problems.append(f"{where}.{key}: missing or not a finite number")
        else:
            out[i] = number
    return out


def _matrix(entry: Any, keys: tuple[str, ...], where: str, problems: list[str]) -> np.ndarray:
    """A square matrix from ``{row: {column: number}}``; cells not given are zero."""
    out = np.zeros((len(keys), len(keys)))
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping row -> {{column: number}}")
        return out
    for row, cols in entry.items():
        if row not in keys or not isinstance(cols, dict):
            problems.append(f"{where}.{row}: unknown row or not a mapping")
            continue
        for col, value in cols.items():
            number = _number(value)
            if col not in keys or number is None:
                problems.append(f"{where}.{row}.{col}: unknown column or not a finite number")
            else:
                out[keys.index(row), keys.index(col)] = number
    return out


def _documentation(name: str, entry: dict[str, Any], problems: list[str]) -> None:
    """Every parameter says its unit, reason and evidence, and the evidence is complete."""
    where = f"parameters.{name}"
    for key in ("unit", "reason"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"{where}.{key}: missing; every parameter states its {key}")
    evidence = entry.get("evidence")
    if evidence not in EVIDENCE_KINDS:
        problems.append(f"{where}.evidence: must be one of {', '.join(EVIDENCE_KINDS)}")
    elif evidence == "estimated":
        estimate = entry.get("estimate")
        if not isinstance(estimate, dict) or not {"se", "sample", "method"} <= set(estimate):
            problems.append(f"{where}.estimate: an estimate needs se, sample and method")
    elif evidence in ("derived", "cited") and not entry.get("sources"):
        problems.append(f"{where}.sources: a {evidence} value cites its sources")


def _value(name: str, entry: dict[str, Any], problems: list[str]) -> Any:
    """The parameter's number(s), shaped by its kind."""
    where = f"parameters.{name}"
    kind = Parameters.kind(name)
    if kind == "scalar":
        number = _number(entry.get("value"))
        if number is None:
            problems.append(f"{where}.value: missing or not a finite number")
        return number if number is not None else 0.0
    if kind == "matrix":
        return _matrix(entry.get("matrix"), MATRIX_AXES[name], f"{where}.matrix", problems)
    keys = SECTORS if kind == "sector" else GROUPS
    return _keyed(entry.get("values"), keys, f"{where}.values", problems)


def parameters_from_mapping(raw: Any, source: str) -> Parameters:
    """Build and check :class:`Parameters` from the parsed YAML mapping.

    Raises
    ------
    ParameterError
        One line per problem, each starting with ``source``.
    """
    if not isinstance(raw, dict) or not isinstance(raw.get("parameters"), dict):
        raise ParameterError([f"{source}: the file must be a mapping with `parameters:`"])
    entries: dict[str, Any] = raw["parameters"]
    problems: list[str] = []
    values: dict[str, Any] = {}
    for name in Parameters.names():
        entry = entries.get(name)
        if not isinstance(entry, dict):
            problems.append(f"parameters.{name}: missing")
            continue
        _documentation(name, entry, problems)
        values[name] = _value(name, entry, problems)
    for name in sorted(set(entries) - set(Parameters.names())):
        problems.append(f"parameters.{name}: unknown parameter")
    if not problems:
        problems.extend(consistency(values))
    if problems:
        raise ParameterError([f"{source}: {p}" for p in problems])
    return Parameters(**values)


def consistency(v: dict[str, Any]) -> list[str]:
    """Cross-parameter rules: shares sum to one, ratios and correlations within bounds."""
    problems = []
    demand = sum(
        v[f"demand_{k}"] for k in ("consumption", "government", "investment", "exports", "outflows")
    )
    for s, total in zip(SECTORS, demand, strict=True):
        if abs(total - 1) > 1e-6:
            problems.append(f"parameters.demand_*.values.{s}: the demand shares sum to {total}")
    for name in ("va_ratio", "capacity_utilisation", "compensation_share", "ppi_weight"):
        for s, x in zip(SECTORS, v[name], strict=True):
            if not 0 <= x <= 1 or (name == "va_ratio" and x == 0):
                problems.append(f"parameters.{name}.values.{s}: must be in (0, 1], got {x}")
    for name, parts in (
        (
            "fai_weight_*",
            [
                v[f"fai_weight_{k}"]
                for k in ("infrastructure", "industrial", "real_estate", "other")
            ],
        ),
        ("tradein_goods_split", list(v["tradein_goods_split"])),
    ):
        if abs(sum(parts) - 1) > 1e-6:
            problems.append(f"parameters.{name}: the shares sum to {sum(parts)}, not 1")
    used = v["io_coefficients"].sum(axis=0)
    for s, inputs, ratio in zip(SECTORS, used, v["va_ratio"], strict=True):
        if inputs + ratio > 1 + 1e-9:
            problems.append(
                f"parameters.io_coefficients: regional inputs of {s} ({inputs:.3f}) plus its "
                f"va_ratio ({ratio:.3f}) exceed 1"
            )
    corr = v["group_shock_correlation"]
    if not np.allclose(corr, corr.T) or not np.allclose(np.diag(corr), 1.0):
        problems.append(
            "parameters.group_shock_correlation: must be symmetric with a unit diagonal"
        )
    elif np.linalg.eigvalsh(corr).min() <= 0:
        problems.append("parameters.group_shock_correlation: must be positive definite")
    return problems


def uncertainty_from_mapping(raw: Any, source: str) -> dict[str, Uncertainty]:
    """The ``sampling`` of each parameter: which ones Monte Carlo draws, and how.

    Raises
    ------
    ParameterError
        One line per problem, each starting with ``source``.
    """
    entries = raw.get("parameters", {}) if isinstance(raw, dict) else {}
    problems: list[str] = []
    out: dict[str, Uncertainty] = {}
    for name, entry in entries.items():
        sampling = entry.get("sampling") if isinstance(entry, dict) else None
        if sampling is None or name not in Parameters.names():
            continue
        where = f"parameters.{name}.sampling"
        kind = Parameters.kind(name)
        if kind == "matrix" or not isinstance(sampling, dict):
            problems.append(f"{where}: only scalar, sector and group parameters are sampled")
            continue
        dist = sampling.get("dist")
        if dist not in DISTRIBUTIONS:
            problems.append(f"{where}.dist: must be one of {', '.join(DISTRIBUTIONS)}")
            continue
        low = _shaped(sampling.get("low"), kind, f"{where}.low", problems)
        high = _shaped(sampling.get("high"), kind, f"{where}.high", problems)
        se = _shaped(sampling.get("se", 0.0), kind, f"{where}.se", problems)
        if np.any(np.asarray(low) > np.asarray(high)) or np.any(np.asarray(se) < 0):
            problems.append(f"{where}: needs low <= high and se >= 0")
            continue
        out[name] = Uncertainty(dist=dist, low=low, high=high, se=se)
    if problems:
        raise ParameterError([f"{source}: {p}" for p in problems])
    return out


def _shaped(value: Any, kind: str, where: str, problems: list[str]) -> np.ndarray | float:
    """A sampling bound or se: a number for a scalar, one per sector or group otherwise."""
    if kind != "scalar":
        return _keyed(value, SECTORS if kind == "sector" else GROUPS, where, problems)
    number = _number(value)
    if number is None:
        problems.append(f"{where}: missing or not a finite number")
        return 0.0
    return number


def parameter_set_from_raw(raw: dict[str, Any], label: str) -> ParameterSet:
    """A :class:`ParameterSet` from an in-memory mapping (e.g. a calibration not yet written)."""
    text = yaml.dump(raw, Dumper=_FAST_DUMPER, sort_keys=True).encode()
    return ParameterSet(
        parameters=parameters_from_mapping(raw, label),
        path=Path(label),
        sha256=hashlib.sha256(text).hexdigest(),
        status=str(raw.get("status", "unknown")),
        raw=raw,
        uncertainty=uncertainty_from_mapping(raw, label),
    )


def load_parameters(path: Path | None = None) -> ParameterSet:
    """Read and check a parameters file (default ``calibration/parameters.yaml``)."""
    path = Path(path) if path is not None else DEFAULT_PARAMETERS
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParameterError([f"{path}: cannot read ({exc.strerror})"]) from None
    try:
        raw = yaml.load(data, Loader=SAFE_YAML_LOADER)  # noqa: S506 - a safe loader
    except yaml.YAMLError as exc:
        raise ParameterError([f"{path}: not valid YAML ({exc})"]) from None
    parameters = parameters_from_mapping(raw, str(path))
    return ParameterSet(
        parameters=parameters,
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        status=str(raw.get("status", "unknown")),
        raw=raw,
        uncertainty=uncertainty_from_mapping(raw, str(path)),
    )


PARAMETERS_HEADER = """\
# cqsim model parameters: written by `python run_sim.py calibrate` from the provincial panel
# estimates (calibration/panel/estimates.yaml), Chongqing's regionalised input-output table
# (calibration/io/), Chongqing's history (calibration/history.csv) and the cited priors
# (calibration/priors.yaml). Do not edit by hand: change those and run calibrate again.
# Each parameter says its unit, its evidence (estimated / derived / cited / none) with the
# estimate, sample and method or the sources and arithmetic, its plausible range and, where
# Monte Carlo draws it, its sampling distribution.
"""


def write_parameters(raw: dict[str, Any], path: Path) -> None:
    """Write a parameters mapping as YAML, atomically (a temporary file renamed into place)."""
    path = Path(path)
    text = PARAMETERS_HEADER + yaml.dump(
        raw, Dumper=_PlainDumper, sort_keys=False, width=100, allow_unicode=True
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
