"""The model's parameters as one typed, immutable object.

Values, units, sources and estimates live in ``calibration/parameters.yaml`` (written by
``calibrate`` from the provincial panel, the regionalised input-output table and cited priors);
the inputs layer reads that file and builds :class:`Parameters`. Nothing here does I/O.

Every field says its kind in its metadata: ``sector`` (shape (sectors,), or (draws, sectors) when
sampled), ``group`` (shape (3,): primary, secondary, tertiary, or (draws, 3) when sampled),
``scalar`` (a float, or (draws,) when sampled) or ``matrix`` (a fixed 2-d array).

Parameters that shape a whole projection cannot be sampled per draw: the matrices, ``va_ratio``,
``demand_consumption``, ``demand_investment``, ``demand_exports`` and ``group_shock_sd`` (the
spillover matrix, demand shares and shock factor of ``sim.model.core.Setup``) and the four
``fai_weight_*`` (the 2025 split of investment). ``demand_government`` and ``demand_outflows``
enter no equation of the core.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any

import numpy as np

from sim.model.sectors import N_GROUPS, N_SECTORS

Value = Any
"""A float, or an ndarray for sector, group, matrix and sampled parameters (numpy broadcasting
makes every formula of the core work with either)."""


def _p(kind: str) -> Any:
    return field(metadata={"kind": kind})


@dataclass(frozen=True)
class Parameters:
    """All model parameters; see ``calibration/parameters.yaml`` for units, sources, estimates.

    Attributes are grouped by block; the equation each enters is in the docstring of the function
    that uses it (``sim.model.growth``, ``investment``, ``households``, ``property``,
    ``public_finance``, ``prices``, ``labour``, ``trade``, ``shares``).
    """

    # Baseline growth (sim.model.growth): provincial panel, Chongqing's random effects.
    gdp_intercept: Value = _p("scalar")
    national_growth_centre: Value = _p("scalar")
    gdp_national_response: Value = _p("scalar")
    convergence_coefficient: Value = _p("scalar")
    group_intercept: np.ndarray = _p("group")
    group_national_response: np.ndarray = _p("group")
    services_income_effect: Value = _p("scalar")
    sector_differential: np.ndarray = _p("sector")
    population_growth: Value = _p("scalar")
    national_population_growth: Value = _p("scalar")
    # Shocks.
    shock_persistence: np.ndarray = _p("group")
    group_shock_sd: np.ndarray = _p("group")
    group_shock_correlation: np.ndarray = _p("matrix")
    sector_shock_sd: np.ndarray = _p("sector")
    # Input-output structure (regionalised 2020 table).
    io_coefficients: np.ndarray = _p("matrix")
    va_ratio: np.ndarray = _p("sector")
    compensation_share: np.ndarray = _p("sector")
    demand_consumption: np.ndarray = _p("sector")
    demand_government: np.ndarray = _p("sector")
    demand_investment: np.ndarray = _p("sector")
    demand_exports: np.ndarray = _p("sector")
    demand_outflows: np.ndarray = _p("sector")
    # Supply side.
    capacity_utilisation: np.ndarray = _p("sector")
    capacity_investment_elasticity: np.ndarray = _p("sector")
    # Investment (sim.model.investment).
    fai_weight_infrastructure: Value = _p("scalar")
    fai_weight_industrial: Value = _p("scalar")
    fai_weight_real_estate: Value = _p("scalar")
    fai_weight_other: Value = _p("scalar")
    industrial_investment_base: Value = _p("scalar")
    industrial_investment_shock_sd: Value = _p("scalar")
    fai_other_growth: Value = _p("scalar")
    fai_shock_sd: Value = _p("scalar")
    investment_accelerator: Value = _p("scalar")
    credit_investment_effect: Value = _p("scalar")
    industrial_projects_elasticity: Value = _p("scalar")
    tech_projects_elasticity: Value = _p("scalar")
    investment_demand_elasticity: Value = _p("scalar")
    infrastructure_capital_share: Value = _p("scalar")
    investment_price_ppi_weight: Value = _p("scalar")
    debt_infrastructure_effect: Value = _p("scalar")
    # Households (sim.model.households).
    consumption_income_elasticity: Value = _p("scalar")
    consumption_adjustment: Value = _p("scalar")
    consumption_shock_sd: Value = _p("scalar")
    retail_consumption_elasticity: Value = _p("scalar")
    retail_shock_sd: Value = _p("scalar")
    tradein_consumption_multiplier: Value = _p("scalar")
    tradein_retail_multiplier: Value = _p("scalar")
    tradein_payback: Value = _p("scalar")
    tradein_goods_split: np.ndarray = _p("sector")
    tradein_local_content: Value = _p("scalar")
    retail_trade_margin: Value = _p("scalar")
    # Property (sim.model.property).
    sales_investment_elasticity: Value = _p("scalar")
    house_price_investment_elasticity: Value = _p("scalar")
    house_price_drift: Value = _p("scalar")
    land_sales_elasticity: Value = _p("scalar")
    housing_wealth_mpc: Value = _p("scalar")
    housing_wealth_to_consumption: Value = _p("scalar")
    property_real_estate_effect: Value = _p("scalar")
    real_estate_house_price_weight: Value = _p("scalar")
    # Public finance (sim.model.public_finance).
    revenue_buoyancy: Value = _p("scalar")
    expenditure_elasticity: Value = _p("scalar")
    # Prices (sim.model.prices).
    cpi_demand_slope: Value = _p("scalar")
    ppi_weight: np.ndarray = _p("sector")
    price_drift: np.ndarray = _p("sector")
    # Labour (sim.model.labour).
    employment_trend: np.ndarray = _p("group")
    employment_output_elasticity: np.ndarray = _p("group")
    job_turnover_rate: Value = _p("scalar")
    # Trade (sim.model.trade).
    export_trend: Value = _p("scalar")
    export_demand_elasticity: Value = _p("scalar")
    trade_electronics_weight: Value = _p("scalar")
    trade_automotive_weight: Value = _p("scalar")
    ilstc_trade_share: Value = _p("scalar")
    import_trend: Value = _p("scalar")
    import_export_elasticity: Value = _p("scalar")
    import_demand_elasticity: Value = _p("scalar")
    trade_shock_sd: Value = _p("scalar")
    # Finance.
    credit_finance_effect: Value = _p("scalar")
    credit_assets_effect: Value = _p("scalar")
    financial_assets_premium: Value = _p("scalar")
    financial_assets_shock_sd: Value = _p("scalar")
    # Other direct lever channels.
    ilstc_logistics_effect: Value = _p("scalar")
    digital_core_intensity: np.ndarray = _p("sector")
    digitalisation_speed: Value = _p("scalar")
    digital_shock_sd: Value = _p("scalar")
    low_altitude_manufacturing_share: Value = _p("scalar")
    low_altitude_ramp: Value = _p("scalar")
    # Structural shares (sim.model.shares).
    nev_share_speed: Value = _p("scalar")
    nev_share_ceiling: Value = _p("scalar")
    sei_premium: Value = _p("scalar")
    sei_high_tech_weight: Value = _p("scalar")
    sei_tech_projects_effect: Value = _p("scalar")
    sei_shock_sd: Value = _p("scalar")
    # Industry above designated size (sim.model.core.step).
    above_size_growth_premium: Value = _p("scalar")

    def __post_init__(self) -> None:
        """Check shapes (programming errors, not user input)."""
        for f in fields(self):
            value = np.asarray(getattr(self, f.name))
            kind = f.metadata["kind"]
            width = {"sector": N_SECTORS, "group": N_GROUPS}.get(kind)
            if width is not None and value.shape[-1:] != (width,):
                raise ValueError(f"{kind} parameter {f.name} has shape {value.shape}")
            if kind == "scalar" and value.ndim > 1:
                raise ValueError(f"scalar parameter {f.name} has shape {value.shape}")
        if np.shape(self.io_coefficients) != (N_SECTORS, N_SECTORS):
            raise ValueError("io_coefficients must be (sectors, sectors)")
        if np.shape(self.group_shock_correlation) != (N_GROUPS, N_GROUPS):
            raise ValueError("group_shock_correlation must be (groups, groups)")

    @classmethod
    def names(cls, kind: str | None = None) -> tuple[str, ...]:
        """Field names, optionally of one kind (sector, group, scalar, matrix)."""
        return tuple(f.name for f in fields(cls) if kind is None or f.metadata["kind"] == kind)

    @classmethod
    def kind(cls, name: str) -> str:
        """The kind of parameter ``name``."""
        return next(f.metadata["kind"] for f in fields(cls) if f.name == name)

    def with_values(self, **values: Value) -> Parameters:
        """A copy with some parameters replaced (e.g. per-draw samples)."""
        return replace(self, **values)

    def for_draw(self, draw: int) -> Parameters:
        """The parameters of one Monte Carlo draw: per-draw arrays reduced to that draw."""
        out: dict[str, Value] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            kind = f.metadata["kind"]
            if kind == "scalar" and np.ndim(value) == 1:
                out[f.name] = float(value[draw])
            elif kind in ("sector", "group") and np.ndim(value) == 2:
                out[f.name] = np.asarray(value[draw])
        return replace(self, **out) if out else self
