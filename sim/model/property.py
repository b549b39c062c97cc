"""Property: investment, sales, house prices and the land revenue they bring.

``property_recovery`` (the lever) is real-estate development investment growth; sales and prices
move with it by elasticities read off China's 2015-2024 property cycle (see the parameters file),
and land revenue follows last year's sales with a lag (developers buy land with sales proceeds).
"""

from __future__ import annotations

import numpy as np

from sim.model.floors import MIN_GROWTH
from sim.model.parameters import Parameters


def house_price_growth(p: Parameters, cpi: np.ndarray, property_gap: np.ndarray) -> np.ndarray:
    """House price growth (%), shape (draws,).

    hp_t = cpi_t + house_price_drift + house_price_investment_elasticity
           * (x.property_recovery - r.property_recovery)
    """
    return cpi + p.house_price_drift + p.house_price_investment_elasticity * property_gap


def sales_growth(p: Parameters, recovery: np.ndarray, price_growth: np.ndarray) -> np.ndarray:
    """Nominal growth of property sales (value, %), shape (draws,).

    floor area growth g_A = max(sales_investment_elasticity * x.property_recovery, -95)
    g_sales = 100 ((1 + g_A / 100)(1 + max(hp, -95) / 100) - 1)
    """
    area = np.maximum(p.sales_investment_elasticity * recovery, MIN_GROWTH)
    return 100 * ((1 + area / 100) * (1 + np.maximum(price_growth, MIN_GROWTH) / 100) - 1)


def land_revenue_growth(p: Parameters, sales_growth_last: np.ndarray) -> np.ndarray:
    """Growth of land-transfer revenue (%), shape (draws,).

    g_land,t = max(land_sales_elasticity * g_sales,t-1, -95)   (g_sales,2025 = 0)
    """
    return np.maximum(p.land_sales_elasticity * sales_growth_last, MIN_GROWTH)
