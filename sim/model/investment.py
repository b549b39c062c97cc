"""Fixed-asset investment: four components, their reference growth and the demand gap they make.

Components (nominal, RMB bn; 2025 levels = FAI x the 2025 weights): infrastructure, industrial,
real estate and other investment. Each grows at a rate set by its lever or its base, plus the
responses below; the reference growth is the same rate with every input at its reference and no
shock, so the investment demand gap is zero in the reference run.
"""

from __future__ import annotations

import numpy as np

from sim.model.linalg import row_sums
from sim.model.parameters import Parameters

FAI_COMPONENTS: tuple[str, ...] = ("infrastructure", "industrial", "real_estate", "other")
INFRA, INDUSTRIAL, REAL_ESTATE, OTHER = range(4)


def fai_weights(p: Parameters) -> np.ndarray:
    """2025 shares of the components in FAI, shape (4,)."""
    return np.array(
        [
            p.fai_weight_infrastructure,
            p.fai_weight_industrial,
            p.fai_weight_real_estate,
            p.fai_weight_other,
        ],
        dtype=float,
    )


def shock_sds(p: Parameters, pipeline_variance: np.ndarray | None) -> tuple[object, object]:
    """Sd (pp) of the industrial and the other-investment shock.

    The calibrated sds stand for all of investment's year-to-year noise; with the pipeline,
    part of it comes from the pipeline (variances v between replications), so the shocks keep
    only the rest and the total stays the calibrated one:

        sd_industrial^2 = industrial_investment_shock_sd^2 - v_industry
        sd_other^2      = fai_shock_sd^2 - (w_infrastructure / w_other)^2 v_infrastructure

    (both floored at 0).
    """
    if pipeline_variance is None:
        return p.industrial_investment_shock_sd, p.fai_shock_sd
    ratio = p.fai_weight_infrastructure / p.fai_weight_other
    industrial = np.sqrt(np.maximum(p.industrial_investment_shock_sd**2 - pipeline_variance[0], 0))
    other = np.sqrt(np.maximum(p.fai_shock_sd**2 - ratio**2 * pipeline_variance[1], 0))
    return industrial, other


def component_growth(
    p: Parameters,
    x: dict[str, np.ndarray],
    r: dict[str, float],
    z: dict[str, np.ndarray],
    baseline_gap: np.ndarray,
    debt_squeeze: np.ndarray,
    pipeline_growth: np.ndarray | None,
    pipeline_variance: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray]:
    """Nominal growth (%) of the four components and their reference growth, each (draws, 4).

        infrastructure = x.infrastructure_investment - debt_squeeze [+ g_pipeline,infrastructure]
        industrial     = industrial_investment_base + credit + accelerator + projects + sd z
        real estate    = x.property_recovery
        other          = fai_other_growth + credit + accelerator + sd z
          credit      = credit_investment_effect (x.credit_growth - r.credit_growth)
          accelerator = investment_accelerator (G_t - G_ref,t)      (``baseline_gap``, pp)
                        G_t - G_ref,t = gdp_national_response (x.national_gdp_growth - r): baseline
                        growth less its value at the reference national growth (same relative
                        income; the relative income's own drift is not in it)
          projects    = industrial_projects_elasticity 100 (x.industrial_projects / r - 1)
                        + tech_projects_elasticity 100 (x.tech_transformation_projects / r - 1)
                        (reduced form), or g_pipeline,industry (with the pipeline, whose
                        project counts, sizes, delays and financing replace the elasticities)

    Credit and the accelerator act the same with or without the pipeline. Reference growth:
    r.infrastructure_investment, industrial_investment_base, r.property_recovery and
    fai_other_growth. ``debt_squeeze`` (pp) comes from ``sim.model.public_finance``.
    """
    credit = p.credit_investment_effect * (x["credit_growth"] - r["credit_growth"])
    accelerator = p.investment_accelerator * baseline_gap
    industrial_sd, other_sd = shock_sds(p, pipeline_variance)
    infrastructure = x["infrastructure_investment"] - debt_squeeze
    industrial = p.industrial_investment_base + credit + accelerator
    industrial = industrial + industrial_sd * z["industrial_investment"]
    if pipeline_growth is None:
        industrial = industrial + (
            p.industrial_projects_elasticity
            * 100
            * (x["industrial_projects"] / r["industrial_projects"] - 1)
            + p.tech_projects_elasticity
            * 100
            * (x["tech_transformation_projects"] / r["tech_transformation_projects"] - 1)
        )
    else:
        industrial = industrial + pipeline_growth[:, 0]
        infrastructure = infrastructure + pipeline_growth[:, 1]
    other = p.fai_other_growth + credit + accelerator + other_sd * z["fai"]
    growth = np.stack(
        np.broadcast_arrays(infrastructure, industrial, x["property_recovery"], other), axis=1
    )
    reference = np.broadcast_to(
        np.stack(
            np.broadcast_arrays(
                r["infrastructure_investment"],
                p.industrial_investment_base,
                r["property_recovery"],
                p.fai_other_growth,
            ),
            axis=-1,
        ),
        growth.shape,
    )
    return growth, reference


def demand_gap(
    p: Parameters,
    levels: np.ndarray,
    growth: np.ndarray,
    reference: np.ndarray,
    capital_formation: np.ndarray,
) -> np.ndarray:
    """Investment demand gap d_I (pp of real capital formation growth), shape (draws,).

        d_I = investment_demand_elasticity * sum_{c != infra} (I_c,t-1 / sum I_t-1) (g_c - g_c,ref)
              + infrastructure_capital_share (I_infra,t-1 / GCF_t-1) (g_infra - g_infra,ref)

    ``levels`` (draws, 4) last year's component levels, ``capital_formation`` (draws,) last
    year's gross capital formation (RMB bn). The elasticity turns the growth of industrial, real
    estate and other FAI into real capital formation growth (their FAI counts land purchases and
    prices; see its source). Infrastructure's extra spending becomes capital formation RMB for
    RMB at its construction, installation and equipment share (the rest is land and fees), so
    its gap adds infrastructure_capital_share RMB of capital formation per RMB of extra FAI.
    """
    weights = levels / row_sums(levels)[:, np.newaxis]
    gaps = growth - reference
    others = row_sums(weights[:, 1:] * gaps[:, 1:])
    infrastructure = levels[:, INFRA] / capital_formation * gaps[:, INFRA]
    return p.investment_demand_elasticity * others + p.infrastructure_capital_share * infrastructure
