"""Households: income from value added, consumption with its lags, retail sales, trade-in subsidies.

The loop runs value added -> compensation of employees and other income -> disposable income ->
(a year later) household consumption -> the consumption demand gap of the sectors and retail
sales, so that a shock to industry reaches consumers with a lag. Consumption is on the national
accounts basis (expenditure-side GDP); retail sales are the statistic of that name.
"""

from __future__ import annotations

import numpy as np

from sim.model.linalg import row_sums
from sim.model.parameters import Parameters
from sim.model.sectors import SECTOR_INDEX

INCOME_PARTS: tuple[str, ...] = ("wages", "operating", "property", "transfers")
"""Disposable income by source, as in NBS's household survey (工资性, 经营净, 财产净, 转移净
收入)."""
OPERATING_SECTORS = [SECTOR_INDEX["agriculture"], SECTOR_INDEX["consumer_services"]]
"""Sectors whose value added stands for households' net operating income (farms, small shops)."""


def wage_bill(p: Parameters, va: np.ndarray) -> np.ndarray:
    """Compensation of employees W_t (RMB bn), shape (draws,).

    W = sum_s compensation_share_s VA_s
    """
    return row_sums(va * p.compensation_share)


def income_drivers(
    p: Parameters, va: np.ndarray, financial_assets: np.ndarray, expenditure: np.ndarray
) -> np.ndarray:
    """What each income part grows with, shape (draws, 4): wages, operating, property, transfers.

    wages     ~ compensation of employees W
    operating ~ nominal value added of agriculture and consumer services
    property  ~ financial assets
    transfers ~ general budget expenditure
    """
    return np.stack(
        [
            wage_bill(p, va),
            row_sums(va, OPERATING_SECTORS),
            financial_assets,
            expenditure,
        ],
        axis=1,
    )


def consumption_core_growth(
    p: Parameters,
    income_growth_last: np.ndarray,
    income_last: np.ndarray,
    consumption_last: np.ndarray,
    consumption_ratio: float,
    wealth_term: np.ndarray,
    z: np.ndarray,
) -> np.ndarray:
    """Nominal growth of household consumption before trade-in effects (100 x log change).

        dln C_t = consumption_income_elasticity * dln YD_t-1
                  + consumption_adjustment * 100 (ln(consumption_ratio YD_t-1) - ln C_t-1)
                  + wealth_term + consumption_shock_sd z

    An error-correction equation: consumption follows last year's income growth and closes a
    share of the gap to its long-run ratio to income (the 2025 ratio). ``income_growth_last``
    dln YD_t-1 (100 x log change), ``income_last`` YD_t-1 and ``consumption_last`` the core
    consumption C_t-1 (RMB bn).
    """
    correction = 100 * np.log(consumption_ratio * income_last / consumption_last)
    return (
        p.consumption_income_elasticity * income_growth_last
        + p.consumption_adjustment * correction
        + wealth_term
        + p.consumption_shock_sd * z
    )


def tradein_levels(
    p: Parameters, gap: np.ndarray, gap_last: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Extra household consumption and retail sales from trade-in subsidies (RMB bn), (draws,) each.

        C_extra_t = tradein_consumption_multiplier (S_t - r.S_t - tradein_payback (S_t-1 - r.S_t-1))
        R_extra_t = tradein_retail_multiplier      (same)

    ``gap`` S_t - r.S_t (RMB bn of subsidy beyond the reference); the payback is the share of
    last year's subsidised purchases that were only brought forward and now are not made.
    """
    net = gap - p.tradein_payback * gap_last
    return p.tradein_consumption_multiplier * net, p.tradein_retail_multiplier * net


def retail_core_growth(p: Parameters, consumption_growth: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Growth of retail sales before trade-in effects (100 x log change).

    dln R_t = retail_consumption_elasticity * dln C_t + retail_shock_sd z
    """
    return p.retail_consumption_elasticity * consumption_growth + p.retail_shock_sd * z


def wealth_term(p: Parameters, property_gap: np.ndarray) -> np.ndarray:
    """Consumption growth from housing wealth (pp), shape (draws,).

        housing_wealth_mpc * housing_wealth_to_consumption
        * house_price_investment_elasticity * (x.property_recovery - r.property_recovery)

    The real house-price gap times the wealth it revalues times the MPC out of housing wealth.
    """
    return (
        p.housing_wealth_mpc
        * p.housing_wealth_to_consumption
        * p.house_price_investment_elasticity
        * property_gap
    )
