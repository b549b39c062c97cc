"""Regionalising a national input-output table with location quotients (SLQ, CILQ, FLQ).

Notation: sectors i (supplier, row) and j (buyer, column); regional (r) and national (n) value
added by sector VA^r_i, VA^n_i with totals VA^r, VA^n; national domestic technical coefficients
a^d_ij (``national_io.technical_coefficients``).

Simple location quotient (SLQ) and cross-industry quotient (CILQ):

    SLQ_i   = (VA^r_i / VA^r) / (VA^n_i / VA^n)                                            (1)
    CILQ_ij = SLQ_i / SLQ_j                                                                (2)

Flegg's location quotient (Flegg and Webber 1997), with the regional-size scalar lambda*:

    lambda* = [log2(1 + VA^r / VA^n)] ** delta,           0 <= delta < 1                   (3)
    FLQ_ij  = lambda* CILQ_ij  (i != j),    FLQ_ii = lambda* SLQ_i                          (4)

(the SLQ on the principal diagonal, as is usual for the CILQ). Regional input coefficients:

    r_ij = a^d_ij min(1, LQ_ij)                                                            (5)

where LQ is any of the quotients above. Since LQ-based methods only remove purchases from other
regions of the same country, they are applied to the *domestic* national coefficients a^d; inputs
imported from abroad keep their national coefficients a^m. Leontief inverse, output multipliers
and the growth-rate spillover matrix of ``sim.model.io_table``:

    L = (I - R)^-1,   m_j = sum_i L_ij,   M = diag(x)^-1 L diag(f),  f = (I - R) x          (6)

Everything here is a pure function of arrays; ``regional_structure`` combines them for one region.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.analysis.calibration.national_io import (
    IOTable,
    technical_coefficients,
    value_added_structure,
)

GOODS_SECTORS: tuple[str, ...] = (
    "agriculture",
    "automotive",
    "electronics",
    "other_manufacturing",
    "energy",
)
"""Sectors whose exports abroad are goods counted by customs (scaled to Chongqing's exports)."""

NON_TRADABLE: tuple[str, ...] = ("construction", "real_estate", "public_services")
"""Sectors whose output local final users buy in the region (rho_i = 1 in ``regional_structure``):
buildings, housing services and public services are not shipped between provinces."""

DEMAND_SHARES: tuple[str, ...] = (
    "household",
    "government",
    "capital_formation",
    "exports_abroad",
    "outflows",
)
"""Parts of a sector's final demand f = (I - R) x returned by ``regional_structure``."""


def simple_location_quotients(regional: np.ndarray, national: np.ndarray) -> np.ndarray:
    """SLQ_i = (VA^r_i / VA^r) / (VA^n_i / VA^n), equation (1); shape (sectors,).

    Parameters
    ----------
    regional, national : ndarray, shape (sectors,)
        Value added (or output or employment) by sector; any unit, each its own.
    """
    regional = np.asarray(regional, dtype=float)
    national = np.asarray(national, dtype=float)
    if np.any(national <= 0) or np.any(regional < 0):
        raise ValueError("national values must be positive and regional values non-negative")
    return (regional / regional.sum()) / (national / national.sum())


def cross_industry_quotients(slq: np.ndarray) -> np.ndarray:
    """CILQ_ij = SLQ_i / SLQ_j, equation (2), with SLQ_i on the diagonal; shape (n, n)."""
    slq = np.asarray(slq, dtype=float)
    cilq = slq[:, np.newaxis] / slq[np.newaxis, :]
    np.fill_diagonal(cilq, slq)
    return cilq


def flegg_lambda(region_share: float, delta: float) -> float:
    """lambda* = [log2(1 + region_share)] ** delta, equation (3), in (0, 1].

    Parameters
    ----------
    region_share : float
        Size of the region relative to the nation, VA^r / VA^n, in (0, 1].
    delta : float
        Flegg's parameter, 0 <= delta < 1; larger delta, smaller regional coefficients.
    """
    if not 0.0 < region_share <= 1.0:
        raise ValueError(f"region_share must be in (0, 1], got {region_share}")
    if not 0.0 <= delta < 1.0:
        raise ValueError(f"delta must be in [0, 1), got {delta}")
    return float(np.log2(1.0 + region_share) ** delta)


def flegg_location_quotients(
    regional: np.ndarray, national: np.ndarray, delta: float, region_share: float | None = None
) -> np.ndarray:
    """FLQ_ij = lambda* CILQ_ij, FLQ_ii = lambda* SLQ_i, equations (1)-(4); shape (n, n).

    ``region_share`` defaults to sum(regional) / sum(national) (same unit); give it when the two
    vectors are in different units or years.
    """
    regional = np.asarray(regional, dtype=float)
    national = np.asarray(national, dtype=float)
    share = regional.sum() / national.sum() if region_share is None else region_share
    lam = flegg_lambda(share, delta)
    return lam * cross_industry_quotients(simple_location_quotients(regional, national))


def regional_coefficients(national: np.ndarray, quotients: np.ndarray) -> np.ndarray:
    """r_ij = a_ij min(1, LQ_ij), equation (5); never above the national coefficient.

    ``quotients`` may be a matrix (CILQ, FLQ) or a vector (SLQ, applied by row i).
    """
    national = np.asarray(national, dtype=float)
    q = np.asarray(quotients, dtype=float)
    if q.ndim == 1:
        q = q[:, np.newaxis]
    return national * np.minimum(1.0, q)


def hawkins_simon(a: np.ndarray) -> bool:
    """Hawkins-Simon condition: every leading principal minor of (I - A) is positive.

    For A >= 0 it holds if and only if (I - A)^-1 exists and is non-negative, i.e. the economy
    can deliver any non-negative final demand.
    """
    b = np.eye(len(a)) - np.asarray(a, dtype=float)
    return all(np.linalg.det(b[:k, :k]) > 0 for k in range(1, len(b) + 1))


def leontief_inverse(a: np.ndarray) -> np.ndarray:
    """L = (I - A)^-1, equation (6).

    Raises
    ------
    ValueError
        If A violates the Hawkins-Simon condition (the inverse would not be non-negative).
    """
    a = np.asarray(a, dtype=float)
    if not hawkins_simon(a):
        raise ValueError("coefficients violate the Hawkins-Simon condition")
    return np.linalg.inv(np.eye(len(a)) - a)


def output_multipliers(a: np.ndarray) -> np.ndarray:
    """Type I output multipliers m_j = sum_i L_ij, equation (6).

    Output of all sectors per unit of final demand for sector j (RMB per RMB).
    """
    return leontief_inverse(a).sum(axis=0)


def type_ii_multipliers(
    a: np.ndarray, labour_income: np.ndarray, household_spending: np.ndarray
) -> np.ndarray:
    """Type II (household-closed) output multipliers, RMB of output per RMB of final demand.

    The matrix is bordered with a household row (labour income per unit of output, w_j) and
    column (spending on regional output per unit of labour income, c_i):

        A_bar = [[A, c], [w^T, 0]],   L_bar = (I - A_bar)^-1,   m^II_j = sum_{i <= n} L_bar_ij

    Parameters
    ----------
    a : ndarray, shape (n, n)
        Regional coefficients.
    labour_income : ndarray, shape (n,)
        w_j, compensation of employees per unit of gross output.
    household_spending : ndarray, shape (n,)
        c_i, household consumption of regional output i per unit of compensation.
    """
    n = len(a)
    bar = np.zeros((n + 1, n + 1))
    bar[:n, :n] = a
    bar[:n, n] = household_spending
    bar[n, :n] = labour_income
    return leontief_inverse(bar)[:n, :n].sum(axis=0)


def spillover_matrix(a: np.ndarray, output: np.ndarray) -> np.ndarray:
    """Growth-rate multipliers M = diag(x)^-1 L diag(f) with f = (I - A) x, equation (6).

    The matrix of ``sim.model.io_table`` (rows sum to 1), written again here so that calibration
    does not import the numeric core.
    """
    x = np.asarray(output, dtype=float)
    f = (np.eye(len(x)) - a) @ x
    return leontief_inverse(a) * f[np.newaxis, :] / x[:, np.newaxis]


@dataclass(frozen=True)
class RegionalTotals:
    """Region-wide figures the regionalisation needs besides sector value added.

    Attributes
    ----------
    consumption_rate : float
        Final consumption (households and government) over GDP, 0-1.
    capital_formation_rate : float
        Gross capital formation over GDP, 0-1.
    goods_exports : float
        Exports of goods abroad (customs), same unit as regional value added.
    goods_imports : float
        Imports of goods from abroad (customs); only checked against, not imposed.
    region_share : float
        Regional GDP over national GDP, 0-1, for lambda* in (3).
    """

    consumption_rate: float
    capital_formation_rate: float
    goods_exports: float
    goods_imports: float
    region_share: float


@dataclass(frozen=True)
class RegionalStructure:
    """Regional input-output structure at one delta (sectors as in the national table given).

    Attributes
    ----------
    delta, lam : float
        Flegg's delta and lambda* of equation (3).
    slq : Series
        Simple location quotients (1).
    flq : DataFrame
        FLQ matrix (4).
    a : DataFrame
        Regional coefficients R (5): input bought *in the region* from row sector per unit of the
        column sector's output.
    a_other_provinces, a_abroad : DataFrame
        Inputs per unit of output bought from other provinces (a^d - R) and from abroad (a^m).
    by_sector : DataFrame
        One row per sector: ``va`` and ``output`` (regional, unit of the value added given),
        ``va_ratio`` and the VA composition (``*_share``), ``regional_input_ratio``,
        ``other_province_input_ratio``, ``foreign_import_ratio`` (these four sum to 1 with the VA
        ratio), ``final_demand`` f = (I - R) x, its composition ``share_<DEMAND_SHARES>``,
        multipliers ``type_i`` and ``type_ii``,
        ``outflow_share_of_exports`` o / (e + o) (the part of "exports" in the model's sense that
        goes to other provinces), ``household_budget_share`` (national composition of household
        consumption, domestic and imported) and ``household_local_per_income`` (c of the type II
        closure: household spending on regional output per RMB of regional labour income).
    leontief, spillover : DataFrame
        L = (I - R)^-1 and M = diag(x)^-1 L diag(f).
    diagnostics : dict
        Scalars: export scale, implied imports abroad against customs, gross and net outflows,
        clipping, and for each local final-use category the shares bought locally, from other
        provinces and from abroad (``<category>_bought_locally`` etc., sum 1).
    """

    delta: float
    lam: float
    slq: pd.Series
    flq: pd.DataFrame
    a: pd.DataFrame
    a_other_provinces: pd.DataFrame
    a_abroad: pd.DataFrame
    by_sector: pd.DataFrame
    leontief: pd.DataFrame
    spillover: pd.DataFrame
    diagnostics: dict[str, float] = field(default_factory=dict)


def regional_structure(
    national: IOTable,
    regional_va: pd.Series,
    totals: RegionalTotals,
    consumption_split: pd.DataFrame,
    delta: float,
    goods_sectors: Sequence[str] = GOODS_SECTORS,
    non_tradable: Sequence[str] = NON_TRADABLE,
) -> RegionalStructure:
    """Regional coefficients, value-added structure, final-demand composition and multipliers.

    Parameters
    ----------
    national : IOTable
        National table already aggregated to the model's sectors (any currency unit).
    regional_va : Series
        Regional value added by sector (RMB bn); its sum is regional GDP Y.
    totals : RegionalTotals
        Consumption and capital-formation rates, customs exports/imports, regional size.
    consumption_split : DataFrame
        Sectors x (household, government): shares of each sector's final consumption
        (``national_io.aggregate_consumption_split`` of
        ``national_io.government_consumption_split``, which places the national government share
        of final consumption on public-administration, education, health,
        water/environment/public-facilities and research products).
    delta : float
        Flegg's delta.

    Returns
    -------
    RegionalStructure

    Notes
    -----
    Y is regional GDP, superscripts r and n regional and national. Technology is national:
    x^r_j = VA^r_j / v_j with v_j the national VA ratio, and the VA composition, a^d and a^m are
    national. R from (1)-(5) with VA shares as the indicator.

    Final demand for regional output is f = (I - R) x^r. It goes to:
      exports abroad  e_i = kappa x^r_i EX^n_i / x^n_i, with kappa = customs goods exports /
                      sum over goods sectors of the unscaled value (services unscaled), e_i <= f_i;
      local final use D_k = rate_k Y for k in {household, government, capital formation}
                      (the consumption rate split between households and government in the
                      national proportions of ``consumption_split``), spread over products as
                      nationally, D_ik = D_k (F^d + F^m)_ik / sum_i (F^d + F^m)_ik, where the
                      household and government columns are s_ik (F^d + F^m)_i,TC with s the
                      shares of ``consumption_split`` (capital formation by the composition of
                      fixed capital formation: inventory changes, negative for some products in
                      2020, are left out of the composition); the part made in China,
                      (1 - m_ik) D_ik with m_ik the national import share of category k in
                      product i, is bought in the region in proportion
                      rho_i = min(1, lambda* SLQ_i) (final demand treated as a buyer with SLQ 1),
                      or rho_i = 1 for the ``non_tradable`` sectors, so local supply is
                      l_ik = rho_i (1 - m_ik) D_ik;
      outflows        o_i = f_i - e_i - sum_k l_ik (commodity balance: the national table has no
                      inter-provincial flows); where that is negative, local supply is scaled
                      down to f_i - e_i and o_i = 0 (counted in ``diagnostics``).
    Shares of f_i: l_ik / f_i, e_i / f_i, o_i / f_i; they sum to 1.

    Type II multipliers close the model with households: w_j = compensation_j / x_j, and
    c_i = (l_i,household) / sum_j w_j x^r_j (local household spending on regional output per unit
    of regional labour income).
    """
    sectors = list(national.output.index)
    va_r = regional_va.reindex(sectors).astype(float).to_numpy()
    if np.any(np.isnan(va_r)) or np.any(va_r <= 0):
        raise ValueError("regional value added must be positive for every sector")
    a_dom, a_imp = technical_coefficients(national)
    vstruct = value_added_structure(national)
    va_n = national.value_added.to_numpy()

    lam = flegg_lambda(totals.region_share, delta)
    slq = simple_location_quotients(va_r, va_n)
    flq = lam * cross_industry_quotients(slq)
    r = regional_coefficients(a_dom.to_numpy(), flq)

    v = vstruct["va_ratio"].to_numpy()
    x_r = va_r / v
    eye = np.eye(len(sectors))
    f = (eye - r) @ x_r
    if np.any(f <= 0):
        raise ValueError("regional final demand (I - R) x is not positive in every sector")
    gdp = float(va_r.sum())

    # Exports abroad.
    x_n = national.output.to_numpy()
    e0 = x_r * national.f_dom["exports"].to_numpy() / x_n
    goods = np.isin(sectors, list(goods_sectors))
    kappa = totals.goods_exports / e0[goods].sum()
    e = np.where(goods, kappa * e0, e0)
    export_capped = int(np.sum(e > f))
    e = np.minimum(e, f)

    # Local final use by category and its local supply.
    split = consumption_split.reindex(sectors).fillna(0.0)
    tc = national.f_dom["consumption"] + national.f_imp["consumption"]
    tc_dom = national.f_dom["consumption"]
    hh_share = split["household"].to_numpy()
    gov_share = split["government"].to_numpy()
    cats = {
        "household": (hh_share * tc.to_numpy(), hh_share * tc_dom.to_numpy()),
        "government": (gov_share * tc.to_numpy(), gov_share * tc_dom.to_numpy()),
        "capital_formation": (
            (national.f_dom["gfcf"] + national.f_imp["gfcf"]).to_numpy(),
            national.f_dom["gfcf"].to_numpy(),
        ),
    }
    hh_total = float(cats["household"][0].sum())
    gov_total = float(cats["government"][0].sum())
    rates = {
        "household": totals.consumption_rate * hh_total / (hh_total + gov_total),
        "government": totals.consumption_rate * gov_total / (hh_total + gov_total),
        "capital_formation": totals.capital_formation_rate,
    }
    rho = np.where(np.isin(sectors, list(non_tradable)), 1.0, np.minimum(1.0, lam * slq))
    local = {}
    from_other = {}
    from_abroad = {}
    for k, (use_all, use_dom) in cats.items():
        d_k = rates[k] * gdp
        d_ik = d_k * use_all / use_all.sum()
        made_in_china = np.divide(use_dom, use_all, out=np.zeros_like(use_all), where=use_all != 0)
        local[k] = rho * made_in_china * d_ik
        from_other[k] = (1.0 - rho) * made_in_china * d_ik
        from_abroad[k] = (1.0 - made_in_china) * d_ik
    local_sum = sum(local.values())
    room = f - e
    squeeze = np.divide(room, local_sum, out=np.ones_like(room), where=local_sum > room)
    clipped = int(np.sum(local_sum > room))
    for k in local:
        extra = local[k] * (1.0 - squeeze)
        local[k] = local[k] * squeeze
        from_other[k] = from_other[k] + extra
    outflows = f - e - sum(local.values())

    # Multipliers.
    w = (vstruct["compensation_share"] * vstruct["va_ratio"]).to_numpy()
    labour_income = float(w @ x_r)
    c = local["household"] / labour_income
    type_i = output_multipliers(r)
    type_ii = type_ii_multipliers(r, w, c)
    leon = leontief_inverse(r)
    spill = spillover_matrix(r, x_r)

    a_other = a_dom.to_numpy() - r
    by = pd.DataFrame(index=sectors)
    by["va"] = va_r
    by["output"] = x_r
    by["slq"] = slq
    by["va_ratio"] = v
    for comp in ("compensation", "net_taxes", "depreciation", "operating_surplus"):
        by[f"{comp}_share"] = vstruct[f"{comp}_share"].to_numpy()
    by["regional_input_ratio"] = r.sum(axis=0)
    by["other_province_input_ratio"] = a_other.sum(axis=0)
    by["foreign_import_ratio"] = a_imp.to_numpy().sum(axis=0)
    by["final_demand"] = f
    by["share_household"] = local["household"] / f
    by["share_government"] = local["government"] / f
    by["share_capital_formation"] = local["capital_formation"] / f
    by["share_exports_abroad"] = e / f
    by["share_outflows"] = outflows / f
    by["type_i"] = type_i
    by["type_ii"] = type_ii
    sold_out = e + outflows
    by["outflow_share_of_exports"] = np.divide(
        outflows, sold_out, out=np.zeros_like(sold_out), where=sold_out > 0
    )
    hh_all = cats["household"][0]
    by["household_budget_share"] = hh_all / hh_all.sum()
    by["household_local_per_income"] = c

    imports_abroad = float(
        a_imp.to_numpy().sum(axis=0) @ x_r + sum(v.sum() for v in from_abroad.values())
    )
    inflows = float(a_other.sum(axis=0) @ x_r + sum(v.sum() for v in from_other.values()))
    diagnostics = {
        "lambda": lam,
        "region_share": totals.region_share,
        "export_scale_goods": float(kappa),
        "exports_abroad": float(e.sum()),
        "imports_abroad_implied": imports_abroad,
        "imports_abroad_goods_implied": float(
            a_imp.to_numpy()[goods].sum(axis=0) @ x_r
            + sum(v[goods].sum() for v in from_abroad.values())
        ),
        "customs_goods_imports": totals.goods_imports,
        "outflows": float(outflows.sum()),
        "inflows": inflows,
        "net_outflows": float(outflows.sum()) - inflows,
        "gdp": gdp,
        "local_final_use": float(sum(rates.values()) * gdp),
        "sectors_export_capped": float(export_capped),
        "sectors_local_supply_clipped": float(clipped),
        "hawkins_simon": float(hawkins_simon(r)),
    }
    for k in cats:
        total_k = rates[k] * gdp
        diagnostics[f"{k}_bought_locally"] = float(local[k].sum()) / total_k
        diagnostics[f"{k}_from_other_provinces"] = float(from_other[k].sum()) / total_k
        diagnostics[f"{k}_from_abroad"] = float(from_abroad[k].sum()) / total_k

    def frame(m: np.ndarray) -> pd.DataFrame:
        return pd.DataFrame(m, index=sectors, columns=sectors)

    return RegionalStructure(
        delta=delta,
        lam=lam,
        slq=pd.Series(slq, index=sectors),
        flq=frame(flq),
        a=frame(r),
        a_other_provinces=frame(a_other),
        a_abroad=frame(a_imp.to_numpy()),
        by_sector=by,
        leontief=frame(leon),
        spillover=frame(spill),
        diagnostics=diagnostics,
    )
