"""Model parameters: one typed field per parameter.

The values live in ``calibration/parameters.yaml``, each with its unit and its source, fit or
reason; ``sim.inputs.parameters_file`` reads that file and builds the :class:`Parameters` defined
here. Nothing in this module does I/O.

A field's metadata says what kind of parameter it is: ``"sector"`` (one value per sector),
``"scalar"`` or ``"matrix"`` (the input-output table), and whether Monte Carlo may sample it
(``sampled``): a sampled parameter holds one value per draw, shaped (draws, sectors) or (draws,),
and the core is written so that only these broadcast against per-draw state.
"""

from __future__ import annotations

from dataclasses import Field, dataclass, field, fields, replace
from typing import Any

import numpy as np

from sim.model.sectors import N_SECTORS

_SECTOR = {"kind": "sector", "sampled": False}
_SAMPLED_SECTOR = {"kind": "sector", "sampled": True}
_SCALAR = {"kind": "scalar", "sampled": False}
_SAMPLED_SCALAR = {"kind": "scalar", "sampled": True}
_MATRIX = {"kind": "matrix", "sampled": False}


@dataclass(frozen=True)
class Parameters:
    """All model parameters; see ``calibration/parameters.yaml`` for units, sources and reasons.

    Sector parameters are arrays shaped (sectors,); scalars are floats; ``io_coefficients`` is the
    regional input-output matrix A shaped (sectors, sectors): row i, column j is the input bought
    from sector i in Chongqing per unit of sector j's gross output. Sampled parameters may instead
    hold one value per Monte Carlo draw (see the module docstring).
    """

    # One value per sector, shape (sectors,) (per draw: (draws, sectors) where sampled).
    trend_growth: np.ndarray = field(metadata=_SAMPLED_SECTOR)
    shock_sd: np.ndarray = field(metadata=_SECTOR)
    shock_factor_loading: np.ndarray = field(metadata=_SECTOR)
    price_drift: np.ndarray = field(metadata=_SECTOR)
    va_ratio: np.ndarray = field(metadata=_SECTOR)
    demand_consumption: np.ndarray = field(metadata=_SECTOR)
    demand_investment: np.ndarray = field(metadata=_SECTOR)
    demand_exports: np.ndarray = field(metadata=_SECTOR)
    demand_government: np.ndarray = field(metadata=_SECTOR)
    capacity_utilisation: np.ndarray = field(metadata=_SECTOR)
    capacity_investment_elasticity: np.ndarray = field(metadata=_SECTOR)
    # A single value (per draw: shape (draws,) where sampled).
    shock_persistence: float = field(metadata=_SCALAR)
    national_reference: float = field(metadata=_SCALAR)
    export_reference: float = field(metadata=_SCALAR)
    export_national_weight: float = field(metadata=_SCALAR)
    investment_demand_elasticity: float = field(metadata=_SCALAR)
    fai_reference: float = field(metadata=_SCALAR)
    fai_weight_infrastructure: float = field(metadata=_SCALAR)
    fai_weight_industrial: float = field(metadata=_SCALAR)
    fai_weight_real_estate: float = field(metadata=_SCALAR)
    fai_weight_other: float = field(metadata=_SCALAR)
    fai_other_growth: float = field(metadata=_SCALAR)
    fai_shock_sd: float = field(metadata=_SCALAR)
    industrial_investment_base: float = field(metadata=_SCALAR)
    industrial_investment_shock_sd: float = field(metadata=_SCALAR)
    industrial_projects_reference: float = field(metadata=_SCALAR)
    industrial_projects_elasticity: float = field(metadata=_SCALAR)
    tech_projects_reference: float = field(metadata=_SCALAR)
    tech_projects_elasticity: float = field(metadata=_SCALAR)
    credit_reference: float = field(metadata=_SCALAR)
    credit_investment_effect: float = field(metadata=_SCALAR)
    credit_finance_effect: float = field(metadata=_SCALAR)
    credit_assets_effect: float = field(metadata=_SCALAR)
    debt_reference: float = field(metadata=_SCALAR)
    debt_infrastructure_effect: float = field(metadata=_SCALAR)
    debt_government_effect: float = field(metadata=_SCALAR)
    property_reference: float = field(metadata=_SCALAR)
    property_real_estate_effect: float = field(metadata=_SCALAR)
    property_wealth_effect: float = field(metadata=_SCALAR)
    property_price_effect: float = field(metadata=_SCALAR)
    tradein_reference: float = field(metadata=_SCALAR)
    tradein_multiplier: float = field(metadata=_SCALAR)
    consumption_national_elasticity: float | np.ndarray = field(metadata=_SAMPLED_SCALAR)
    nev_share_speed: float | np.ndarray = field(metadata=_SAMPLED_SCALAR)
    nev_share_ceiling: float = field(metadata=_SCALAR)
    sei_premium: float | np.ndarray = field(metadata=_SAMPLED_SCALAR)
    sei_high_tech_weight: float = field(metadata=_SCALAR)
    sei_tech_projects_effect: float = field(metadata=_SCALAR)
    sei_shock_sd: float = field(metadata=_SCALAR)
    digital_premium: float | np.ndarray = field(metadata=_SAMPLED_SCALAR)
    digital_shock_sd: float = field(metadata=_SCALAR)
    digital_push_producer_services: float = field(metadata=_SCALAR)
    digital_push_electronics: float = field(metadata=_SCALAR)
    low_altitude_manufacturing_share: float = field(metadata=_SCALAR)
    ilstc_reference: float = field(metadata=_SCALAR)
    ilstc_trade_share: float = field(metadata=_SCALAR)
    ilstc_logistics_effect: float = field(metadata=_SCALAR)
    trade_trend: float = field(metadata=_SCALAR)
    trade_export_elasticity: float = field(metadata=_SCALAR)
    trade_electronics_weight: float = field(metadata=_SCALAR)
    trade_automotive_weight: float = field(metadata=_SCALAR)
    trade_shock_sd: float = field(metadata=_SCALAR)
    retail_trend: float = field(metadata=_SCALAR)
    retail_shock_sd: float = field(metadata=_SCALAR)
    financial_assets_premium: float = field(metadata=_SCALAR)
    financial_assets_shock_sd: float = field(metadata=_SCALAR)
    # The regional input-output table A, shape (sectors, sectors).
    io_coefficients: np.ndarray = field(metadata=_MATRIX)

    def __post_init__(self) -> None:
        """Check shapes (programming errors, not user input)."""
        for f in fields(self):
            value = getattr(self, f.name)
            shape = np.shape(value)
            per_draw = f.metadata["sampled"]
            if f.metadata["kind"] == "sector":
                if shape != (N_SECTORS,) and not (
                    per_draw and len(shape) == 2 and shape[1] == N_SECTORS
                ):
                    raise ValueError(f"sector parameter {f.name} has shape {shape}")
            elif f.metadata["kind"] == "scalar":
                if np.ndim(value) > (1 if per_draw else 0):
                    raise ValueError(f"scalar parameter {f.name} has shape {shape}")
            elif shape != (N_SECTORS, N_SECTORS):
                raise ValueError("io_coefficients must be (sectors, sectors)")

    def for_draw(self, draw: int) -> Parameters:
        """The parameters of one Monte Carlo draw: per-draw arrays reduced to that draw's values.

        Sector parameters keep their arrays (shape (sectors,)); every scalar becomes a float.
        """
        changes: dict[str, Any] = {}
        for f in _FIELDS:
            value = getattr(self, f.name)
            if f.metadata["kind"] == "sector" and np.ndim(value) == 2:
                changes[f.name] = value[draw]
            elif f.metadata["kind"] == "scalar":
                changes[f.name] = float(value[draw] if np.ndim(value) == 1 else value)
        return replace(self, **changes)


_FIELDS: tuple[Field[Any], ...] = fields(Parameters)


def _names(kind: str, *, sampled: bool = False) -> tuple[str, ...]:
    return tuple(
        f.name
        for f in _FIELDS
        if f.metadata["kind"] == kind and (f.metadata["sampled"] or not sampled)
    )


SECTOR_PARAMETERS: tuple[str, ...] = _names("sector")
"""Parameters with one value per sector, shaped (sectors,)."""
SCALAR_PARAMETERS: tuple[str, ...] = _names("scalar")
"""Parameters with a single value."""
SAMPLED_SECTOR_PARAMETERS: tuple[str, ...] = _names("sector", sampled=True)
"""Sector parameters that may vary by Monte Carlo draw: shape (draws, sectors) instead of (S,)."""
SAMPLED_SCALAR_PARAMETERS: tuple[str, ...] = _names("scalar", sampled=True)
"""Scalar parameters that may vary by draw: shape (draws,)."""
