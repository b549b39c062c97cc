"""GDP by expenditure next to GDP by sector, and the contributions of demand to growth."""

from __future__ import annotations

import numpy as np


def net_outflows(
    gdp: np.ndarray, consumption: np.ndarray, government: np.ndarray, capital: np.ndarray
) -> np.ndarray:
    """Net outflows (RMB bn): exports less imports abroad plus net sales to other provinces.

        NX_t = GDP_t - C_t - Cg_t - GCF_t

    The balancing item of the expenditure account, as in China's provincial accounts
    (货物和服务净流出), so that the two sides of GDP are equal in every draw and year.
    """
    return gdp - consumption - government - capital


def contributions(
    gdp_last: np.ndarray,
    final_consumption: np.ndarray,
    final_consumption_last: np.ndarray,
    consumption_prices: np.ndarray,
    capital: np.ndarray,
    capital_last: np.ndarray,
    capital_prices: np.ndarray,
    real_growth: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Contributions of consumption, investment and net outflows to real GDP growth (pp).

        c_cons = 100 ((C_t + Cg_t) / (1 + p_C/100) - (C_t-1 + Cg_t-1)) / GDP_t-1
        c_inv  = 100 (GCF_t / (1 + p_I/100) - GCF_t-1) / GDP_t-1
        c_net  = g_Y - c_cons - c_inv

    at the previous year's prices, so that the three add up to real GDP growth; p_C is CPI
    inflation and p_I the investment deflator (%), in the core investment_price_ppi_weight
    x.producer_price_inflation + (1 - investment_price_ppi_weight) cpi_t.
    """
    cons = 100 * (final_consumption / (1 + consumption_prices / 100) - final_consumption_last)
    inv = 100 * (capital / (1 + capital_prices / 100) - capital_last)
    cons = cons / gdp_last
    inv = inv / gdp_last
    return cons, inv, real_growth - cons - inv
