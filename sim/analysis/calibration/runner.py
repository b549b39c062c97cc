"""Glue between files and the fit: read history, priors and seeds; return checked parameters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import yaml

from sim.analysis.calibration.calibrate import DEFAULT_PRIORS, Calibration, calibrate
from sim.cli.common import UserError
from sim.inputs.history import History, HistoryError, load_history
from sim.inputs.parameters_file import (
    ParameterError,
    parameters_from_mapping,
    uncertainty_from_mapping,
)
from sim.inputs.seeds import SeedDataError, load_seeds
from sim.model.sectors import SECTORS


def read_inputs(history_path: Path | None) -> tuple[History, dict, np.ndarray]:
    """History, parsed priors and 2025 sector value added; unusable files become UserErrors."""
    try:
        history = load_history(history_path)
        seeds = load_seeds()
    except (HistoryError, SeedDataError) as exc:
        raise UserError(str(exc)) from None
    priors = yaml.safe_load(DEFAULT_PRIORS.read_text(encoding="utf-8"))
    va = seeds.sector_va()
    return history, priors, np.array([va[s] for s in SECTORS])


def fitted_parameters(history_path: Path | None, until: int | None) -> Calibration:
    """Calibrate on ``history_path`` up to ``until`` and check the result is a valid file."""
    history, priors, va = read_inputs(history_path)
    first, last = history.span()
    until = last if until is None else until
    if not first <= until <= last:
        raise UserError(f"--until {until} is outside the history's years {first}-{last}")
    calibration = calibrate(history, priors, va, until)
    try:
        parameters_from_mapping(calibration.raw, "fitted parameters")
        uncertainty_from_mapping(calibration.raw, "fitted parameters")
    except ParameterError as exc:  # a bug in the fit, not the user's input
        raise RuntimeError(f"calibration produced an invalid parameters file:\n{exc}") from exc
    return calibration
