"""Structural shares: NEVs in vehicle output, strategic emerging industries, the digital economy."""

from __future__ import annotations

import numpy as np

from sim.model.linalg import row_sums
from sim.model.parameters import Parameters


def nev_demand_share(p: Parameters, share_last: np.ndarray) -> np.ndarray:
    """NEV share of vehicle demand (0-1), a logistic path, shape (draws,).

    share_t = share_t-1 + nev_share_speed share_t-1 (1 - share_t-1 / nev_share_ceiling)
    """
    return share_last + p.nev_share_speed * share_last * (1 - share_last / p.nev_share_ceiling)


def sei_share(
    p: Parameters,
    share_last: np.ndarray,
    high_tech_growth: np.ndarray,
    industry_growth: np.ndarray,
    tech_projects_gap: np.ndarray,
    z: np.ndarray,
) -> np.ndarray:
    """Share of strategic emerging industries in industrial output (%), shape (draws,).

        sei_t = sei_t-1 (1 + (sei_premium + sei_high_tech_weight (g_auto+elec - g_industry)
                              + sei_tech_projects_effect tech_projects_gap + sei_shock_sd z) / 100)

    ``tech_projects_gap`` is x.tech_transformation_projects / r - 1; kept within [0, 100].
    """
    premium = (
        p.sei_premium
        + p.sei_high_tech_weight * (high_tech_growth - industry_growth)
        + p.sei_tech_projects_effect * tech_projects_gap
        + p.sei_shock_sd * z
    )
    return np.clip(share_last * (1 + premium / 100), 0.0, 100.0)


def digital_core_share(p: Parameters, va: np.ndarray) -> np.ndarray:
    """Core digital industries' share of GDP (%), shape (draws,).

    core_t = 100 sum_s digital_core_intensity_s VA_s,t / GDP_t
    """
    return 100 * row_sums(va * p.digital_core_intensity) / row_sums(va)


def digitalisation(p: Parameters, level_last: np.ndarray, z: np.ndarray) -> np.ndarray:
    """Industrial digitalisation: digital value added in other industries, % of GDP, (draws,).

        D_t = D_t-1 + digitalisation_speed + digital_shock_sd z     kept within [0, 100]

    The digital economy share (CAICT's broad measure) is core_t + D_t, kept within [0, 100];
    D_2025 is the seeds' digital economy share less core_2025.
    """
    return np.clip(level_last + p.digitalisation_speed + p.digital_shock_sd * z, 0.0, 100.0)
