"""Industry above designated size (规模以上工业): the basis of Chongqing's industrial targets.

Enterprises above designated size have main-business revenue of RMB 20 million or more; China's
monthly and annual industrial statistics (value-added growth, operating revenue) cover them only.
The model's industry (automotive, electronics, other manufacturing, energy) is all industry, as
in the GDP accounts. The two move together; above-size industry has grown a little faster
(nationally +0.2 pp in 2022 and +0.1 pp in 2024: ``above_size_growth_premium``, see
``calibration/priors.yaml``).
"""

from __future__ import annotations

import numpy as np

from sim.model.parameters import Parameters


def above_size_growth(p: Parameters, industry_growth: np.ndarray) -> np.ndarray:
    """Real growth of value added of industry above designated size (%), shape (draws,).

        g^a_t = g_ind,t + above_size_growth_premium

    ``industry_growth`` is the chain-linked real growth of the model's industry g_ind,t (%).
    """
    return industry_growth + p.above_size_growth_premium


def revenue(
    p: Parameters, revenue_last: np.ndarray, industry_va: np.ndarray, industry_va_last: np.ndarray
) -> np.ndarray:
    """Operating revenue of industrial enterprises above designated size (RMB bn), (draws,).

        REV_t = REV_t-1 (VA_ind,t / VA_ind,t-1) (1 + above_size_growth_premium / 100)

    Revenue keeps its 2025 ratio to the nominal value added of above-size industry, which grows
    as the model's nominal industrial value added VA_ind (RMB bn) plus the above-size premium: a
    constant revenue / value-added ratio (output prices move revenue as they move value added).
    """
    return revenue_last * industry_va / industry_va_last * (1 + p.above_size_growth_premium / 100)
