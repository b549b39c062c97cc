"""Scalar reference implementation of ``sim.model.core``: one draw at a time, plain floats.

Written for reading, not speed: the same equations as the vectorized core, with explicit loops
over sectors and no numpy broadcasting. The tests feed both the same random inputs and require the
same numbers; benchmarks compare their speed. Equations: see ``sim.model.core``.
"""

from __future__ import annotations

import numpy as np

from sim.model.core import (
    AUTO,
    ELEC,
    FIN,
    HIGH_TECH,
    IND,
    MFG,
    MIN_GROWTH,
    MIN_SHARE,
    OTHER_MFG,
    PROD,
    PRODSERV,
    REAL_ESTATE,
    SERV,
    demand_shares,
    fai_weights,
    shock_sds,
    structure,
)
from sim.model.indicators import INDICATORS, VA_INDICATORS
from sim.model.interface import Baseline, Drivers, Innovations
from sim.model.parameters import Parameters
from sim.model.sectors import N_SECTORS


def project_one(
    baseline: Baseline, params: Parameters, drivers: Drivers, innovations: Innovations, draw: int
) -> dict[str, list[float]]:
    """Project draw ``draw`` of the given inputs; every indicator as a list over 2025..last."""
    p = params.for_draw(draw)
    n_years = drivers.shape[1]
    pipe = drivers.pipeline
    m, chol = structure(baseline, p)
    m = m.tolist()
    chol = chol.tolist()
    shares = demand_shares(p).tolist()
    trend = [float(v) for v in p.trend_growth]
    sd = [float(v) for v in p.shock_sd]
    out: dict[str, list[float]] = {name: [] for name in INDICATORS}
    va = [float(v) for v in baseline.va]
    real = list(va)
    capacity = [real[s] / float(p.capacity_utilisation[s]) for s in range(N_SECTORS)]
    u = [0.0] * N_SECTORS
    fai = [float(w) for w in fai_weights(p)]
    ind_inv_prev = baseline.industrial_investment_growth
    autos = baseline.auto_output
    nev_share = baseline.nev_output / baseline.auto_output
    tradein_prev = p.tradein_reference
    low_alt_prev = 0.0
    ind_output = baseline.industrial_output
    sei = baseline.sei_share_industrial_output
    digital = baseline.digital_economy_share_gdp
    assets = baseline.financial_assets
    trade = baseline.foreign_trade
    retail = baseline.retail_sales

    gdp0 = sum(va)
    first = {
        "gdp": gdp0,
        "gdp_real_growth": baseline.gdp_real_growth,
        "industrial_va_growth": baseline.industrial_va_growth,
        "industrial_output": ind_output,
        "manufacturing_share_gdp": 100 * sum(va[s] for s in MFG) / gdp0,
        "sei_share_industrial_output": sei,
        "producer_services_share_services": 100
        * sum(va[s] for s in PRODSERV)
        / sum(va[s] for s in SERV),
        "digital_economy_share_gdp": digital,
        "nev_output": baseline.nev_output,
        "nev_share_auto_output": 100 * baseline.nev_output / autos,
        "auto_output": autos,
        "financial_assets": assets,
        "fai_growth": baseline.fai_growth,
        "industrial_investment_growth": ind_inv_prev,
        "foreign_trade": trade,
        "foreign_trade_growth": baseline.foreign_trade_growth,
        "retail_sales": retail,
        "retail_sales_growth": baseline.retail_sales_growth,
    }
    for name, value in first.items():
        out[name].append(value)
    for s, name in enumerate(VA_INDICATORS):
        out[name].append(va[s])

    for t in range(n_years):
        x = {k: float(v[draw, t]) for k, v in drivers.inputs.items()}
        z = {k: float(v[draw, t]) for k, v in innovations.series.items()}

        credit_gap = x["credit_growth"] - p.credit_reference
        debt_gap = x["debt_resolution_pace"] - p.debt_reference
        property_gap = x["property_recovery"] - p.property_reference
        nat_gap = x["national_gdp_growth"] - p.national_reference
        infra_g = x["infrastructure_investment"] - p.debt_infrastructure_effect * debt_gap
        industrial_sd, other_sd = shock_sds(p, None if pipe is None else pipe.growth_variance)
        shock = industrial_sd * z["industrial_investment"]
        if pipe is None:
            ind_g = (
                p.industrial_investment_base
                + p.industrial_projects_elasticity
                * 100
                * (x["industrial_projects"] / p.industrial_projects_reference - 1)
                + p.tech_projects_elasticity
                * 100
                * (x["tech_transformation_projects"] / p.tech_projects_reference - 1)
                + p.credit_investment_effect * credit_gap
                + shock
            )
        else:
            ind_g = p.industrial_investment_base + float(pipe.spending_growth[draw, t, 0]) + shock
            infra_g += float(pipe.spending_growth[draw, t, 1])
        other_g = p.fai_other_growth + p.credit_investment_effect * credit_gap + other_sd * z["fai"]
        comp_growth = [infra_g, ind_g, x["property_recovery"], other_g]
        new_fai = [fai[k] * (1 + max(comp_growth[k], MIN_GROWTH) / 100) for k in range(4)]
        fai_growth = 100 * (sum(new_fai) / sum(fai) - 1)
        fai = new_fai

        tradein_pp = 100 * p.tradein_multiplier * (x["tradein_subsidy"] - tradein_prev) / retail
        consumption = (
            p.consumption_national_elasticity * nat_gap
            + tradein_pp
            + p.property_wealth_effect * property_gap
        )
        investment = p.investment_demand_elasticity * (fai_growth - p.fai_reference)
        exports = p.export_national_weight * nat_gap + (1 - p.export_national_weight) * (
            x["export_demand_growth"] - p.export_reference
        )
        government = -p.debt_government_effect * debt_gap
        demand = [consumption, investment, exports, government]
        impulse = [sum(shares[s][k] * demand[k] for k in range(4)) for s in range(N_SECTORS)]
        push = x["digital_economy_push"]
        impulse[REAL_ESTATE] += p.property_real_estate_effect * property_gap
        impulse[FIN] += p.credit_finance_effect * credit_gap
        impulse[PROD] += (
            p.ilstc_logistics_effect * (x["ilstc_freight_growth"] - p.ilstc_reference)
            + p.digital_push_producer_services * push
        )
        impulse[ELEC] += p.digital_push_electronics * push
        low_change = x["low_altitude_output"] - low_alt_prev
        share_mfg = p.low_altitude_manufacturing_share
        impulse[OTHER_MFG] += 100 * share_mfg * low_change / real[OTHER_MFG]
        impulse[PROD] += 100 * (1 - share_mfg) * low_change / real[PROD]
        z_sector = [float(v) for v in innovations.sector[draw, t]]
        for s in range(N_SECTORS):
            impulse[s] += float(drivers.events[draw, t, s])
            correlated = sum(chol[s][j] * z_sector[j] for j in range(N_SECTORS))
            u[s] = p.shock_persistence * u[s] + correlated * sd[s]
            impulse[s] += u[s]

        real_new = []
        for s in range(N_SECTORS):
            g_demand = max(
                trend[s] + sum(m[s][j] * impulse[j] for j in range(N_SECTORS)), MIN_GROWTH
            )
            if pipe is None:
                cap_g = trend[s] + float(p.capacity_investment_elasticity[s]) * (
                    ind_inv_prev - p.industrial_investment_base
                )
                capacity[s] *= 1 + max(cap_g, MIN_GROWTH) / 100
            else:
                grown = capacity[s] * (1 + max(trend[s], MIN_GROWTH) / 100)
                gap = float(pipe.capacity_gap[draw, t, s])
                capacity[s] = max(grown + gap, capacity[s] * MIN_SHARE)
            real_new.append(min(real[s] * (1 + g_demand / 100), capacity[s]))

        autos_demand = autos * real_new[AUTO] / real[AUTO]
        nev_share = nev_share + p.nev_share_speed * nev_share * (
            1 - nev_share / p.nev_share_ceiling
        )
        nev_demand = autos_demand * nev_share
        nev_capacity = x["nev_capacity"] * 1e6
        if pipe is not None:
            nev_capacity = max(nev_capacity + float(pipe.nev_capacity_gap[draw, t]), 0.0)
        nev = min(nev_demand, nev_capacity)
        autos_new = autos_demand - (nev_demand - nev)
        real_new[AUTO] *= autos_new / autos_demand
        growth = [100 * (real_new[s] / real[s] - 1) for s in range(N_SECTORS)]

        va_new = []
        for s in range(N_SECTORS):
            price = x["inflation"] + float(p.price_drift[s])
            if s == REAL_ESTATE:
                price += p.property_price_effect * property_gap
            va_new.append(va[s] * (1 + growth[s] / 100) * (1 + max(price, MIN_GROWTH) / 100))

        gdp_prev, gdp = sum(va), sum(va_new)
        ind_prev = sum(va[s] for s in IND)
        ind_growth = sum(va[s] * growth[s] for s in IND) / ind_prev
        hi_growth = sum(va[s] * growth[s] for s in HIGH_TECH) / sum(va[s] for s in HIGH_TECH)
        ind_output = ind_output * sum(va_new[s] for s in IND) / ind_prev
        sei_premium = (
            p.sei_premium
            + p.sei_high_tech_weight * (hi_growth - ind_growth)
            + p.sei_tech_projects_effect
            * (x["tech_transformation_projects"] / p.tech_projects_reference - 1)
            + p.sei_shock_sd * z["sei"]
        )
        sei = min(max(sei * (1 + sei_premium / 100), 0.0), 100.0)
        digital_g = p.digital_premium + push + p.digital_shock_sd * z["digital"]
        digital = min(max(digital * (1 + digital_g / 100), 0.0), 100.0)
        assets_g = (
            100 * (gdp / gdp_prev - 1)
            + p.financial_assets_premium
            + p.credit_assets_effect * credit_gap
            + p.financial_assets_shock_sd * z["financial_assets"]
        )
        assets *= 1 + max(assets_g, MIN_GROWTH) / 100
        trade_g = max(
            p.trade_trend
            + p.trade_export_elasticity * (x["export_demand_growth"] - p.export_reference)
            + p.trade_electronics_weight * (growth[ELEC] - trend[ELEC])
            + p.trade_automotive_weight * (growth[AUTO] - trend[AUTO])
            + p.ilstc_trade_share * (x["ilstc_freight_growth"] - p.ilstc_reference)
            + p.trade_shock_sd * z["trade"],
            MIN_GROWTH,
        )
        trade *= 1 + trade_g / 100
        retail_g = max(
            p.retail_trend
            + p.consumption_national_elasticity * nat_gap
            + tradein_pp
            + p.property_wealth_effect * property_gap
            + x["inflation"]
            + p.retail_shock_sd * z["retail"],
            MIN_GROWTH,
        )
        retail *= 1 + retail_g / 100

        row = {
            "gdp": gdp,
            "gdp_real_growth": sum(va[s] * growth[s] for s in range(N_SECTORS)) / gdp_prev,
            "industrial_va_growth": ind_growth,
            "industrial_output": ind_output,
            "manufacturing_share_gdp": 100 * sum(va_new[s] for s in MFG) / gdp,
            "sei_share_industrial_output": sei,
            "producer_services_share_services": 100
            * sum(va_new[s] for s in PRODSERV)
            / sum(va_new[s] for s in SERV),
            "digital_economy_share_gdp": digital,
            "nev_output": nev,
            "nev_share_auto_output": 100 * nev / autos_new,
            "auto_output": autos_new,
            "financial_assets": assets,
            "fai_growth": fai_growth,
            "industrial_investment_growth": ind_g,
            "foreign_trade": trade,
            "foreign_trade_growth": trade_g,
            "retail_sales": retail,
            "retail_sales_growth": retail_g,
        }
        for name, value in row.items():
            out[name].append(value)
        for s, name in enumerate(VA_INDICATORS):
            out[name].append(va_new[s])

        ind_inv_prev = ind_g
        autos = autos_new
        tradein_prev = x["tradein_subsidy"]
        low_alt_prev = x["low_altitude_output"]
        va, real = va_new, real_new
    return out


def project_reference(
    baseline: Baseline, params: Parameters, drivers: Drivers, innovations: Innovations
) -> dict[str, np.ndarray]:
    """All draws through :func:`project_one`, stacked like ``sim.model.core.project``'s result."""
    n = drivers.shape[0]
    rows = [project_one(baseline, params, drivers, innovations, i) for i in range(n)]
    return {name: np.array([r[name] for r in rows]) for name in INDICATORS}


__all__ = ["project_one", "project_reference"]
