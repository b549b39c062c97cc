"""Model parameters, as plain arrays.

The values live in ``calibration/parameters.yaml`` (each with its source or reason);
``sim.inputs.parameters_file`` reads that file and builds the object defined here. Nothing in this
module does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sim.model.sectors import N_SECTORS

SECTOR_PARAMETERS: tuple[str, ...] = (
    "trend_growth",
    "shock_sd",
    "shock_factor_loading",
    "price_drift",
    "va_ratio",
    "demand_consumption",
    "demand_investment",
    "demand_exports",
    "demand_government",
    "capacity_utilisation",
    "capacity_investment_elasticity",
)
"""Parameters with one value per sector, shaped (sectors,)."""

SCALAR_PARAMETERS: tuple[str, ...] = (
    "shock_persistence",
    "national_reference",
    "export_reference",
    "export_national_weight",
    "investment_demand_elasticity",
    "fai_reference",
    "fai_weight_infrastructure",
    "fai_weight_industrial",
    "fai_weight_real_estate",
    "fai_weight_other",
    "fai_other_growth",
    "fai_shock_sd",
    "industrial_investment_base",
    "industrial_investment_shock_sd",
    "industrial_projects_reference",
    "industrial_projects_elasticity",
    "tech_projects_reference",
    "tech_projects_elasticity",
    "credit_reference",
    "credit_investment_effect",
    "credit_finance_effect",
    "credit_assets_effect",
    "debt_reference",
    "debt_infrastructure_effect",
    "debt_government_effect",
    "property_reference",
    "property_real_estate_effect",
    "property_wealth_effect",
    "property_price_effect",
    "tradein_reference",
    "tradein_multiplier",
    "consumption_national_elasticity",
    "nev_share_speed",
    "nev_share_ceiling",
    "sei_premium",
    "sei_high_tech_weight",
    "sei_tech_projects_effect",
    "sei_shock_sd",
    "digital_premium",
    "digital_shock_sd",
    "digital_push_producer_services",
    "digital_push_electronics",
    "low_altitude_manufacturing_share",
    "ilstc_reference",
    "ilstc_trade_share",
    "ilstc_logistics_effect",
    "trade_trend",
    "trade_export_elasticity",
    "trade_electronics_weight",
    "trade_automotive_weight",
    "trade_shock_sd",
    "retail_trend",
    "retail_shock_sd",
    "financial_assets_premium",
    "financial_assets_shock_sd",
)
"""Parameters with a single value."""

SAMPLED_SECTOR_PARAMETERS: tuple[str, ...] = ("trend_growth",)
"""Sector parameters that may vary by Monte Carlo draw: shape (draws, sectors) instead of (S,)."""
SAMPLED_SCALAR_PARAMETERS: tuple[str, ...] = (
    "consumption_national_elasticity",
    "sei_premium",
    "nev_share_speed",
    "digital_premium",
)
"""Scalar parameters that may vary by draw: shape (draws,). The core is written so that only
these broadcast against per-draw state; others must stay fixed."""


@dataclass(frozen=True)
class Parameters:
    """All model parameters; see ``calibration/parameters.yaml`` for units, sources and reasons.

    ``sector`` holds arrays shaped (sectors,), ``scalar`` floats, ``io_coefficients`` the regional
    input-output matrix A shaped (sectors, sectors): row i, column j is the input bought from
    sector i in Chongqing per unit of sector j's gross output.
    """

    sector: dict[str, np.ndarray]
    scalar: dict[str, float | np.ndarray]
    io_coefficients: np.ndarray

    def __post_init__(self) -> None:
        """Check shapes and completeness (programming errors, not user input)."""
        missing = set(SECTOR_PARAMETERS) - set(self.sector)
        missing |= set(SCALAR_PARAMETERS) - set(self.scalar)
        if missing:
            raise ValueError(f"parameters missing: {sorted(missing)}")
        for name, arr in self.sector.items():
            shape = np.shape(arr)
            per_draw = name in SAMPLED_SECTOR_PARAMETERS and len(shape) == 2
            if shape != (N_SECTORS,) and not (per_draw and shape[1] == N_SECTORS):
                raise ValueError(f"sector parameter {name} has shape {shape}")
        for name, value in self.scalar.items():
            if np.ndim(value) > (1 if name in SAMPLED_SCALAR_PARAMETERS else 0):
                raise ValueError(f"scalar parameter {name} has shape {np.shape(value)}")
        if self.io_coefficients.shape != (N_SECTORS, N_SECTORS):
            raise ValueError("io_coefficients must be (sectors, sectors)")

    def for_draw(self, draw: int) -> Parameters:
        """The parameters of one Monte Carlo draw: per-draw arrays reduced to that draw's values."""
        sector = {k: (v[draw] if np.ndim(v) == 2 else v) for k, v in self.sector.items()}
        scalar = {k: float(v[draw] if np.ndim(v) == 1 else v) for k, v in self.scalar.items()}
        return Parameters(sector=sector, scalar=scalar, io_coefficients=self.io_coefficients)

    def __getattr__(self, name: str) -> float | np.ndarray:
        """Give ``params.trend_growth`` for ``params.sector['trend_growth']`` and scalars alike."""
        if name in SECTOR_PARAMETERS:
            return self.__dict__["sector"][name]
        if name in SCALAR_PARAMETERS:
            return self.__dict__["scalar"][name]
        raise AttributeError(name)
