"""Prices: Chongqing's CPI and the deflators of value added by sector."""

from __future__ import annotations

import numpy as np

from sim.model.parameters import Parameters
from sim.model.sectors import REAL_ESTATE


def cpi(p: Parameters, national_cpi: np.ndarray, growth_gap_last: np.ndarray) -> np.ndarray:
    """Chongqing's CPI inflation (%), shape (draws,).

        cpi_t = x.inflation + cpi_demand_slope * (g_Y,t-1 - G_t-1)

    National CPI plus local demand pressure: last year's real growth above its baseline.
    """
    return national_cpi + p.cpi_demand_slope * growth_gap_last


def deflators(
    p: Parameters, local_cpi: np.ndarray, ppi: np.ndarray, house_prices: np.ndarray
) -> np.ndarray:
    """Growth of each sector's value-added deflator (%), shape (draws, sectors).

    pi_s = ppi_weight_s x.producer_price_inflation + (1 - ppi_weight_s) cpi_t + price_drift_s
    pi_real_estate += real_estate_house_price_weight (hp_t - cpi_t)
    """
    w = p.ppi_weight
    out = w * ppi[:, np.newaxis] + (1 - w) * local_cpi[:, np.newaxis] + p.price_drift
    out[:, REAL_ESTATE] += p.real_estate_house_price_weight * (house_prices - local_cpi)
    return out
