"""Read ``calibration/parameters.yaml`` into :class:`sim.model.parameters.Parameters`.

Every parameter in the file carries ``unit`` and ``reason``; a value without them, a missing or
unknown parameter, a non-finite number or an input-output table that cannot describe an economy is
a :class:`ParameterError` naming the file and the field.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from sim.inputs.errors import InputError
from sim.inputs.levers import reference_parameters
from sim.model.parameters import (
    SAMPLED_SCALAR_PARAMETERS,
    SAMPLED_SECTOR_PARAMETERS,
    SCALAR_PARAMETERS,
    SECTOR_PARAMETERS,
    Parameters,
)
from sim.model.sectors import N_SECTORS, SECTOR_INDEX, SECTORS

DEFAULT_PARAMETERS = Path(__file__).resolve().parents[2] / "calibration" / "parameters.yaml"


class ParameterError(InputError):
    """A parameters file is unusable; ``problems`` holds one line per problem."""


@dataclass(frozen=True)
class Uncertainty:
    """Sampling distribution of an estimated parameter: normal(value, se) kept in [low, high].

    For a sector parameter, ``se`` holds one value per sector (independent parts) and
    ``common_se`` a part shared by all sectors (e.g. the uncertainty of the GDP trend).
    """

    se: np.ndarray | float
    low: float
    high: float
    common_se: float = 0.0


@dataclass(frozen=True)
class ParameterSet:
    """Parameters with their provenance: file, SHA-256 of its bytes and fit status."""

    parameters: Parameters
    path: Path
    sha256: str
    status: str
    raw: dict[str, Any]
    uncertainty: dict[str, Uncertainty] = field(default_factory=dict)


def _number(value: Any) -> float | None:
    """``value`` as a finite float, or None if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if math.isfinite(value) else None


def _documented(entry: Any, where: str, problems: list[str]) -> bool:
    """Check that a parameter entry is a mapping with ``unit`` and ``reason``."""
    if not isinstance(entry, dict):
        problems.append(f"{where}: expected a mapping with unit, reason and a value")
        return False
    for key in ("unit", "reason"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            problems.append(f"{where}.{key}: missing; every parameter states its {key}")
    return True


def _sector_values(entry: dict, where: str, problems: list[str]) -> np.ndarray:
    """One value per sector from ``entry['values']``."""
    values = entry.get("values")
    out = np.zeros(N_SECTORS)
    if not isinstance(values, dict):
        problems.append(f"{where}.values: expected a mapping sector -> number")
        return out
    for key in set(values) - set(SECTORS):
        problems.append(f"{where}.values.{key}: unknown sector; allowed: {', '.join(SECTORS)}")
    for sector in SECTORS:
        number = _number(values.get(sector))
        if number is None:
            problems.append(f"{where}.values.{sector}: missing or not a finite number")
        else:
            out[SECTOR_INDEX[sector]] = number
    return out


def _io_matrix(entry: Any, where: str, problems: list[str]) -> np.ndarray:
    """The regional input-output matrix from ``rows: {row: {column: coefficient}}``."""
    matrix = np.zeros((N_SECTORS, N_SECTORS))
    if not _documented(entry, where, problems):
        return matrix
    rows = entry.get("rows")
    if not isinstance(rows, dict):
        problems.append(f"{where}.rows: expected a mapping row sector -> {{column: coefficient}}")
        return matrix
    for row, cols in rows.items():
        if row not in SECTOR_INDEX or not isinstance(cols, dict):
            problems.append(f"{where}.rows.{row}: unknown sector or not a mapping")
            continue
        for col, value in cols.items():
            number = _number(value)
            if col not in SECTOR_INDEX:
                problems.append(f"{where}.rows.{row}.{col}: unknown sector")
            elif number is None or not 0 <= number < 1:
                problems.append(f"{where}.rows.{row}.{col}: must be a number in [0, 1)")
            else:
                matrix[SECTOR_INDEX[row], SECTOR_INDEX[col]] = number
    return matrix


def parameters_from_mapping(raw: Any, source: str) -> Parameters:
    """Build and check :class:`Parameters` from the parsed YAML mapping.

    The parameters that are an input's default (``sim.inputs.levers.reference_parameters``)
    come from the lever registry, not from the file.

    Raises
    ------
    ParameterError
        One line per problem, each starting with ``source``.
    """
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise ParameterError([f"{source}: the file must be a mapping"])
    sector_raw = raw.get("sector") or {}
    scalar_raw = raw.get("scalar") or {}
    sector: dict[str, np.ndarray] = {}
    references = reference_parameters()
    scalar: dict[str, float] = dict(references)
    for name in SECTOR_PARAMETERS:
        where = f"sector.{name}"
        if name not in sector_raw:
            problems.append(f"{where}: missing")
        elif _documented(sector_raw[name], where, problems):
            sector[name] = _sector_values(sector_raw[name], where, problems)
    for name in SCALAR_PARAMETERS:
        where = f"scalar.{name}"
        if name in references:
            if name in scalar_raw:
                problems.append(
                    f"{where}: the default of an input, set from the lever registry "
                    "(sim/inputs/levers.py); remove it from the file"
                )
        elif name not in scalar_raw:
            problems.append(f"{where}: missing")
        elif _documented(scalar_raw[name], where, problems):
            number = _number(scalar_raw[name].get("value"))
            if number is None:
                problems.append(f"{where}.value: missing or not a finite number")
            else:
                scalar[name] = number
    for group, known, given in (
        ("sector", SECTOR_PARAMETERS, sector_raw),
        ("scalar", SCALAR_PARAMETERS, scalar_raw),
    ):
        for name in sorted(set(given) - set(known)):
            problems.append(f"{group}.{name}: unknown parameter")
    io = _io_matrix(raw.get("io_coefficients"), "io_coefficients", problems)
    if not problems:
        problems.extend(_consistency(sector, scalar, io))
    if problems:
        raise ParameterError([f"{source}: {p}" for p in problems])
    values: dict[str, Any] = {**sector, **scalar}
    return Parameters(**values, io_coefficients=io)


def _consistency(
    sector: dict[str, np.ndarray], scalar: dict[str, float], io: np.ndarray
) -> list[str]:
    """Cross-parameter rules: shares sum to one, ratios within bounds."""
    problems = []
    demand = (
        sector["demand_consumption"]
        + sector["demand_investment"]
        + sector["demand_exports"]
        + sector["demand_government"]
    )
    for s, total in zip(SECTORS, demand, strict=True):
        if abs(total - 1) > 1e-9:
            problems.append(
                f"sector.demand_*.values.{s}: the four demand shares sum to {total}, not 1"
            )
    for name in ("va_ratio", "capacity_utilisation"):
        for s, v in zip(SECTORS, sector[name], strict=True):
            if not 0 < v <= 1:
                problems.append(f"sector.{name}.values.{s}: must be in (0, 1], got {v}")
    for s, v in zip(SECTORS, sector["shock_factor_loading"], strict=True):
        if not -1 < v < 1:
            problems.append(f"sector.shock_factor_loading.values.{s}: must be in (-1, 1), got {v}")
    weights = sum(
        scalar[f"fai_weight_{k}"] for k in ("infrastructure", "industrial", "real_estate", "other")
    )
    if abs(weights - 1) > 1e-9:
        problems.append(f"scalar.fai_weight_*: the four FAI weights sum to {weights}, not 1")
    column_inputs = io.sum(axis=0)
    for s, used, ratio in zip(SECTORS, column_inputs, sector["va_ratio"], strict=True):
        if used + ratio > 1 + 1e-12:
            problems.append(
                f"io_coefficients: regional inputs of {s} ({used:.2f}) plus its va_ratio "
                f"({ratio:.2f}) exceed 1"
            )
    return problems


def uncertainty_from_mapping(raw: Any, source: str) -> dict[str, Uncertainty]:
    """Read the optional ``uncertainty`` section: which parameters Monte Carlo samples, and how.

    Raises
    ------
    ParameterError
        One line per problem, each starting with ``source``.
    """
    section = raw.get("uncertainty") if isinstance(raw, dict) else None
    if not section:
        return {}
    problems: list[str] = []
    out: dict[str, Uncertainty] = {}
    allowed = (*SAMPLED_SECTOR_PARAMETERS, *SAMPLED_SCALAR_PARAMETERS)
    for name, entry in section.items():
        where = f"uncertainty.{name}"
        if name not in allowed:
            problems.append(f"{where}: cannot be sampled; allowed: {', '.join(allowed)}")
            continue
        if not isinstance(entry, dict) or not isinstance(entry.get("reason"), str):
            problems.append(f"{where}: expected a mapping with se, low, high and reason")
            continue
        low, high = _number(entry.get("low")), _number(entry.get("high"))
        if low is None or high is None or not low < high:
            problems.append(f"{where}: low and high must be finite numbers with low < high")
            continue
        se: np.ndarray | float | None
        if name in SAMPLED_SECTOR_PARAMETERS:
            se_raw = entry.get("se")
            se = _sector_values({"values": se_raw}, where + ".se", problems)
            common = _number(entry.get("common_se", 0.0))
            if common is None or common < 0:
                problems.append(f"{where}.common_se: must be a number >= 0")
                continue
        else:
            se = _number(entry.get("se"))
            common = 0.0
            if se is None:
                problems.append(f"{where}.se: missing or not a finite number")
                continue
        if np.any(np.asarray(se) < 0):
            problems.append(f"{where}.se: standard errors must be >= 0")
            continue
        out[name] = Uncertainty(se=se, low=low, high=high, common_se=common)
    if problems:
        raise ParameterError([f"{source}: {p}" for p in problems])
    return out


def parameter_set_from_raw(raw: dict[str, Any], label: str) -> ParameterSet:
    """A :class:`ParameterSet` from an in-memory mapping (e.g. a calibration not yet written)."""
    text = yaml.safe_dump(raw, sort_keys=True).encode()
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
        raw = yaml.safe_load(data)
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
# cqsim model parameters: FITTED by `python run_sim.py calibrate` from calibration/priors.yaml and
# calibration/history.csv. Do not edit by hand: change the priors or the history and run calibrate
# again. `status`, `data_span`, `fit_statistics` and `fit_notes` record what was fitted on which
# years; each parameter's `reason` says whether it was fitted (with estimate, standard error,
# years used) or kept as a prior (with why that value). `uncertainty`: what Monte Carlo samples.
"""


def write_parameters(raw: dict[str, Any], path: Path) -> None:
    """Write a parameters mapping as YAML, atomically (a temporary file renamed into place)."""
    path = Path(path)
    text = PARAMETERS_HEADER + yaml.safe_dump(raw, sort_keys=False, width=100, allow_unicode=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
