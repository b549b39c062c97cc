"""Baseline ("potential") growth and the sector shocks, as estimated on the provincial panel.

Chongqing's baseline growth is what the 31-province panel predicts for it given China's growth
(Chongqing's random effects: intercept and response, shrunk towards the provinces' mean) plus
beta-convergence on its income per head relative to China's. Sector baselines add the group
(primary, secondary, tertiary) differences in intercept and national response and a within-group
differential, normalised every year so that their weighted sum is the GDP baseline: the mix of
sectors cannot make baseline growth drift.
"""

from __future__ import annotations

import numpy as np

from sim.model.linalg import row_products, row_sums
from sim.model.parameters import Parameters
from sim.model.sectors import GROUP_OF, GROUPS

_GROUP_OF = np.array(GROUP_OF)
_SERVICES = (_GROUP_OF == GROUPS.index("tertiary")).astype(float)


def gdp_baseline(
    p: Parameters, national_growth: np.ndarray, log_rel_income: np.ndarray
) -> np.ndarray:
    """Baseline real GDP growth G_t (%), shape (draws,).

        G_t = gdp_intercept + gdp_national_response (g_N,t - national_growth_centre)
              + convergence_coefficient ln(rel_income_t-1)

    ``gdp_intercept`` is Chongqing's growth when China grows at ``national_growth_centre`` (the
    mean of the years it was measured on, so that the response's uncertainty matters only for
    departures from them); ``national_growth`` g_N (%, (draws,)); ``log_rel_income`` ln of
    Chongqing's GDP per head over China's at the end of last year; the convergence coefficient
    is in pp of growth per log point.
    """
    return (
        p.gdp_intercept
        + p.gdp_national_response * (national_growth - p.national_growth_centre)
        + p.convergence_coefficient * log_rel_income
    )


def sector_baselines(
    p: Parameters,
    national_growth: np.ndarray,
    income_gain: np.ndarray,
    gdp_base: np.ndarray,
    weights: np.ndarray,
) -> np.ndarray:
    """Baseline real growth of each sector (%), shape (draws, sectors).

        raw_s  = group_intercept_k(s) + group_national_response_k(s) (g_N - national_growth_centre)
                 + services_income_effect ln(y_t-1 / y_2025) [services only]
                 + sector_differential_s
        base_s = raw_s - sum_j w_j raw_j + G_t

    ``income_gain`` ln(y_t-1 / y_2025): growth of real GDP per head since 2025 (log points); the
    panel finds services outgrowing industry more as income rises. ``weights`` w (draws,
    sectors): last year's nominal value-added shares, the weights of chain-linked real GDP
    growth, so that sum_s w_s base_s = G_t exactly: only the differences between sectors come
    from ``raw``.
    """
    gap = (national_growth - p.national_growth_centre)[:, np.newaxis]
    raw = (
        np.asarray(p.group_intercept)[..., _GROUP_OF]
        + np.asarray(p.group_national_response)[..., _GROUP_OF] * gap
        + p.sector_differential
    )
    raw = raw + _SERVICES * (p.services_income_effect * income_gain)[..., np.newaxis]
    centre = row_sums(weights * raw)
    return raw - centre[:, np.newaxis] + gdp_base[:, np.newaxis]


def group_shock_factor(p: Parameters) -> np.ndarray:
    """Cholesky factor F of the group shock correlation R, shape (3, 3): R = F F'.

    The group shocks are e = group_shock_sd * (F z): correlated by R, scaled by each group's
    sd (which may differ by draw).
    """
    return np.linalg.cholesky(np.asarray(p.group_shock_correlation, dtype=float))


def sector_shocks(
    p: Parameters,
    previous: np.ndarray,
    group_z: np.ndarray,
    sector_z: np.ndarray,
    factor: np.ndarray,
) -> np.ndarray:
    """Sector growth shocks u of the year (pp), shape (draws, sectors).

        e_k,t = group_shock_sd_k (F z^grp_t)_k
        u_s,t = shock_persistence_k(s) u_s,t-1 + e_k(s),t + sector_shock_sd_s z^sec_s,t

    ``group_z`` (draws, 3) and ``sector_z`` (draws, sectors) are independent N(0, 1); ``factor``
    F from :func:`group_shock_factor`, so that cov(e) = diag(sd) R diag(sd).
    """
    group = row_products(group_z, factor) * p.group_shock_sd
    persistence = np.asarray(p.shock_persistence)[..., _GROUP_OF]
    return persistence * previous + group[:, _GROUP_OF] + p.sector_shock_sd * sector_z


def next_log_rel_income(
    p: Parameters, log_rel: np.ndarray, gdp_growth: np.ndarray, national_growth: np.ndarray
) -> np.ndarray:
    """Ln of Chongqing's GDP per head relative to China's at the end of the year.

    ln rel_t = ln rel_t-1 + ln(1 + g_Y/100) - ln(1 + g_N/100)
               - ln(1 + population_growth/100) + ln(1 + national_population_growth/100)
    """
    return (
        log_rel
        + np.log1p(gdp_growth / 100)
        - np.log1p(national_growth / 100)
        - np.log1p(p.population_growth / 100)
        + np.log1p(p.national_population_growth / 100)
    )
