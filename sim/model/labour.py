"""Labour: employment by the three sectors, urban employment and new urban jobs."""

from __future__ import annotations

import numpy as np

from sim.model.floors import grow
from sim.model.linalg import row_sums
from sim.model.parameters import Parameters
from sim.model.sectors import GROUP_OF, N_GROUPS

_MEMBERS = [np.flatnonzero(np.array(GROUP_OF) == k) for k in range(N_GROUPS)]


def group_growth(va_last: np.ndarray, growth: np.ndarray) -> np.ndarray:
    """Real growth of the primary, secondary and tertiary sectors (%), shape (draws, 3).

    g_k = sum_{s in k} VA_s,t-1 g_s / sum_{s in k} VA_s,t-1   (chain-linked)
    """
    return np.stack(
        [row_sums(va_last[:, m] * growth[:, m]) / row_sums(va_last, m) for m in _MEMBERS],
        axis=1,
    )


def employment(
    p: Parameters, employment_last: np.ndarray, growth_k: np.ndarray, base_k: np.ndarray
) -> np.ndarray:
    """Employment by group (10k persons), shape (draws, 3).

        E_k,t = E_k,t-1 (1 + (employment_trend_k + employment_output_elasticity_k
                              (g_k - base_k)) / 100)

    Employment follows its trend (demography and the move out of farming) and responds to
    output growth above or below the group's baseline at the reference national growth
    (``base_k``; an Okun-type elasticity), so that a national slowdown costs jobs; productivity
    is what output growth leaves.
    """
    cycle = p.employment_output_elasticity * (growth_k - base_k)
    return grow(employment_last, p.employment_trend + cycle)


def new_urban_jobs(p: Parameters, urban_last: np.ndarray, urban: np.ndarray) -> np.ndarray:
    """New urban jobs (10k persons), shape (draws,).

        NUJ_t = max(job_turnover_rate U_t-1 + (U_t - U_t-1), 0)

    The statistic counts jobs newly filled in towns, gross of jobs lost: replacement hiring (a
    share of urban employment) plus net growth; never below zero. Urban employment U moves with
    non-farm employment (``sim.model.core.step``):

        U_t = U_t-1 (E_2,t + E_3,t) / (E_2,t-1 + E_3,t-1)
    """
    return np.maximum(p.job_turnover_rate * urban_last + (urban - urban_last), 0.0)
