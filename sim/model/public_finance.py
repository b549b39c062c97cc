"""Public finance: budget revenue and expenditure, central transfers, and local-government debt.

The debt stock has two parts: explicit debt (general and special bonds) and hidden debt (of
financing platforms). ``debt_resolution_pace`` resolves a share of the remaining hidden stock a
year, swapped into explicit refinancing bonds as under the 2024 national programme; the platform
financing that no longer rolls into new projects limits infrastructure investment.
"""

from __future__ import annotations

import numpy as np

from sim.model.floors import grow
from sim.model.parameters import Parameters


def resolved_debt(pace: np.ndarray, hidden_last: np.ndarray) -> np.ndarray:
    """Hidden debt resolved in the year (RMB bn): resolved_t = pace_t / 100 * H_t-1.

    The pace (% of the remaining stock) is clipped to [0, 100].
    """
    return np.clip(pace, 0.0, 100.0) / 100 * hidden_last


def debt_squeeze(
    p: Parameters,
    resolved: np.ndarray,
    resolved_reference: np.ndarray,
    infrastructure_last: np.ndarray,
) -> np.ndarray:
    """Cut of infrastructure investment growth by faster debt resolution (pp), shape (draws,).

        squeeze_t = debt_infrastructure_effect * 100 (resolved_t - resolved_ref,t) / I_infra,t-1

    ``resolved_reference``: what the reference pace resolves of the reference stock that year.
    """
    return (
        p.debt_infrastructure_effect * 100 * (resolved - resolved_reference) / infrastructure_last
    )


def budget(
    p: Parameters,
    revenue_last: np.ndarray,
    expenditure_last: np.ndarray,
    transfers_last: np.ndarray,
    nominal_growth: np.ndarray,
    national_nominal_growth: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """General budget revenue, expenditure and central transfers (RMB bn), each (draws,).

        R_t  = R_t-1  (1 + revenue_buoyancy y_t / 100)
        E_t  = E_t-1  (1 + expenditure_elasticity y_t / 100)
        TR_t = TR_t-1 (1 + (g_N + pi_N) / 100)

    y nominal GDP growth of Chongqing (%); transfers follow China's nominal growth (central
    revenue): g_N + pi_N = x.national_gdp_growth + x.inflation (``national_nominal_growth``).
    The budget deficit E - R - TR is financed by explicit debt.
    """
    revenue = grow(revenue_last, p.revenue_buoyancy * nominal_growth)
    expenditure = grow(expenditure_last, p.expenditure_elasticity * nominal_growth)
    transfers = grow(transfers_last, national_nominal_growth)
    return revenue, expenditure, transfers
