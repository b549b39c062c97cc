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


def _sector(*, sampled: bool = False) -> Any:
    return field(metadata={"kind": "sector", "sampled": sampled})


def _scalar(*, sampled: bool = False) -> Any:
    return field(metadata={"kind": "scalar", "sampled": sampled})


@dataclass(frozen=True)
class Parameters:
    """All model parameters; see ``calibration/parameters.yaml`` for units, sources and reasons.

    Sector parameters are arrays shaped (sectors,); scalars are floats; ``io_coefficients`` is the
    regional input-output matrix A shaped (sectors, sectors): row i, column j is the input bought
    from sector i in Chongqing per unit of sector j's gross output. Sampled parameters may instead
    hold one value per Monte Carlo draw (see the module docstring).
    """

    # One value per sector, shape (sectors,) (per draw: (draws, sectors) where sampled).
    trend_growth: np.ndarray = _sector(sampled=True)
    shock_sd: np.ndarray = _sector()
    shock_factor_loading: np.ndarray = _sector()
    price_drift: np.ndarray = _sector()
    va_ratio: np.ndarray = _sector()
    demand_consumption: np.ndarray = _sector()
    demand_investment: np.ndarray = _sector()
    demand_exports: np.ndarray = _sector()
    demand_government: np.ndarray = _sector()
    capacity_utilisation: np.ndarray = _sector()
    capacity_investment_elasticity: np.ndarray = _sector()
    # A single value (per draw: shape (draws,) where sampled).
    shock_persistence: float = _scalar()
    national_reference: float = _scalar()
    export_reference: float = _scalar()
    export_national_weight: float = _scalar()
    investment_demand_elasticity: float = _scalar()
    fai_reference: float = _scalar()
    fai_weight_infrastructure: float = _scalar()
    fai_weight_industrial: float = _scalar()
    fai_weight_real_estate: float = _scalar()
    fai_weight_other: float = _scalar()
    fai_other_growth: float = _scalar()
    fai_shock_sd: float = _scalar()
    industrial_investment_base: float = _scalar()
    industrial_investment_shock_sd: float = _scalar()
    industrial_projects_reference: float = _scalar()
    industrial_projects_elasticity: float = _scalar()
    tech_projects_reference: float = _scalar()
    tech_projects_elasticity: float = _scalar()
    credit_reference: float = _scalar()
    credit_investment_effect: float = _scalar()
    credit_finance_effect: float = _scalar()
    credit_assets_effect: float = _scalar()
    debt_reference: float = _scalar()
    debt_infrastructure_effect: float = _scalar()
    debt_government_effect: float = _scalar()
    property_reference: float = _scalar()
    property_real_estate_effect: float = _scalar()
    property_wealth_effect: float = _scalar()
    property_price_effect: float = _scalar()
    tradein_reference: float = _scalar()
    tradein_multiplier: float = _scalar()
    consumption_national_elasticity: float | np.ndarray = _scalar(sampled=True)
    nev_share_speed: float | np.ndarray = _scalar(sampled=True)
    nev_share_ceiling: float = _scalar()
    sei_premium: float | np.ndarray = _scalar(sampled=True)
    sei_high_tech_weight: float = _scalar()
    sei_tech_projects_effect: float = _scalar()
    sei_shock_sd: float = _scalar()
    digital_premium: float | np.ndarray = _scalar(sampled=True)
    digital_shock_sd: float = _scalar()
    digital_push_producer_services: float = _scalar()
    digital_push_electronics: float = _scalar()
    low_altitude_manufacturing_share: float = _scalar()
    ilstc_reference: float = _scalar()
    ilstc_trade_share: float = _scalar()
    ilstc_logistics_effect: float = _scalar()
    trade_trend: float = _scalar()
    trade_export_elasticity: float = _scalar()
    trade_electronics_weight: float = _scalar()
    trade_automotive_weight: float = _scalar()
    trade_shock_sd: float = _scalar()
    retail_trend: float = _scalar()
    retail_shock_sd: float = _scalar()
    financial_assets_premium: float = _scalar()
    financial_assets_shock_sd: float = _scalar()
    # The regional input-output table A, shape (sectors, sectors).
    io_coefficients: np.ndarray = field(metadata={"kind": "matrix", "sampled": False})

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
