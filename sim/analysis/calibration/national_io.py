"""China's national input-output table: reading, aggregation to the model's sectors, structure.

The NBS tables in ``shared/data/panel`` (copied to ``calibration/io``) are *non-competitive-import*
tables: every product has a domestic row and an imported row. With products i, industries j (the
same classification, 42 of each) and final-demand categories k, the table holds

    Z^d (i, j), Z^m (i, j)   domestic and imported intermediate inputs of product i into industry j
    F^d (i, k), F^m (i, k)   domestic and imported final use of product i in category k
    V (c, j)                 value added of industry j by component c
    x (j)                    gross output of industry j (total input; domestic supply of j)
    M (i)                    total imports of product i

and satisfies, within rounding,

    column:    sum_i Z^d_ij + sum_i Z^m_ij + sum_c V_cj = x_j                              (1)
    domestic:  sum_j Z^d_ij + sum_k F^d_ik = x_i                                           (2)
    imported:  sum_j Z^m_ij + sum_k F^m_ik = M_i                                           (3)

so that, in the competitive-import form, intermediate use + final demand - imports = output:
    sum_j (Z^d + Z^m)_ij + sum_k (F^d + F^m)_ik - M_i = x_i.                               (4)

Final-demand categories are ``FINAL_DEMAND``: final consumption (TC), gross fixed capital formation
(FU201), changes in inventories (FU202) and exports (EX; in the imported rows, re-exports). Value
added components are ``VA_COMPONENTS``: compensation of employees (VA001), net taxes on production
(VA002), depreciation of fixed assets (VA003) and operating surplus (VA004).

Every function here is pure (pandas/numpy in, pandas/numpy out) except the two small readers
``read_io_table_csv`` and ``read_sector_map``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

FINAL_DEMAND: tuple[str, ...] = ("consumption", "gfcf", "inventory", "exports")
"""Final-demand columns of the NBS table, in the order of its codes ``FD_CODES``."""
FD_CODES: dict[str, str] = {
    "TC": "consumption",
    "FU201": "gfcf",
    "FU202": "inventory",
    "EX": "exports",
}

VA_COMPONENTS: tuple[str, ...] = ("compensation", "net_taxes", "depreciation", "operating_surplus")
"""Value-added rows of the NBS table, in the order of its codes ``VA_CODES``."""
VA_CODES: dict[str, str] = {
    "VA001": "compensation",
    "VA002": "net_taxes",
    "VA003": "depreciation",
    "VA004": "operating_surplus",
}

CONSUMPTION_SPLIT: tuple[str, ...] = ("household", "government")
"""Parts of final consumption (TC) placed by ``government_consumption_split``."""

GOVERNMENT_PRODUCTS: tuple[str, ...] = ("35", "37", "39", "40", "42")
"""Products of the 42-sector table that government consumption buys
(``government_consumption_split``): research and experimental development (35); management of
water conservancy, environment and public facilities (37); education (39); health care and social
work (40); public administration, social security and social organizations (42)."""


class IOTableError(ValueError):
    """An input-output file or mapping that cannot be used, with the file and what is wrong."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = Path(path)
        self.problem = problem


@dataclass(frozen=True)
class IOTable:
    """A non-competitive-import input-output table (one currency unit throughout).

    Attributes
    ----------
    z_dom, z_imp : DataFrame, products x industries
        Domestic and imported intermediate inputs Z^d, Z^m.
    f_dom, f_imp : DataFrame, products x ``FINAL_DEMAND``
        Domestic and imported final use F^d, F^m (``exports`` of imports are re-exports).
    va : DataFrame, ``VA_COMPONENTS`` x industries
        Value added by component.
    output : Series, industries
        Gross output x (total input of the industry, domestic supply of the product).
    imports : Series, products
        Total imports M.
    unit : str
        Currency unit of every value.
    """

    z_dom: pd.DataFrame
    z_imp: pd.DataFrame
    f_dom: pd.DataFrame
    f_imp: pd.DataFrame
    va: pd.DataFrame
    output: pd.Series
    imports: pd.Series
    unit: str

    @property
    def sectors(self) -> list[str]:
        """Sector (product = industry) labels, in table order."""
        return list(self.output.index)

    @property
    def value_added(self) -> pd.Series:
        """Total value added by industry, sum of ``VA_COMPONENTS``."""
        return self.va.sum(axis=0)

    def scaled(self, factor: float, unit: str) -> IOTable:
        """The same table with every value multiplied by ``factor`` (a change of unit)."""
        return IOTable(
            z_dom=self.z_dom * factor,
            z_imp=self.z_imp * factor,
            f_dom=self.f_dom * factor,
            f_imp=self.f_imp * factor,
            va=self.va * factor,
            output=self.output * factor,
            imports=self.imports * factor,
            unit=unit,
        )


def read_io_table_csv(path: Path | str) -> IOTable:
    """Read an NBS 42-sector table in the long panel format (``io_table_china_<year>_42.csv``).

    Rows are named ``io42_r<row>_<dom|imp|tot>_c<column>``; values are in RMB 10,000
    (``cny_10k``). Only the cells of the table are read; the totals it also carries (TII, TVA, TI,
    TIU, TFU, GO of domestic rows) are checked against the cells by ``accounting_residuals``.

    Raises
    ------
    IOTableError
        If a row name does not parse, units differ, or a cell of the 42 x 42 blocks is missing.
    """
    path = Path(path)
    raw = pd.read_csv(path, dtype={"indicator": str})
    parts = raw["indicator"].str.extract(r"^io\d+_r(\w+?)_(dom|imp|tot)_c(\w+)$")
    bad = parts[0].isna()
    if bad.any():
        line = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise IOTableError(
            path,
            f"line {line}: indicator {raw['indicator'][bad].iloc[0]!r} "
            "is not of the form io42_r<row>_<dom|imp|tot>_c<column>",
        )
    units = raw["unit"].unique()
    if len(units) != 1:
        raise IOTableError(path, f"field 'unit' has several values {list(units)}; one is allowed")
    cells = pd.DataFrame(
        {"row": parts[0], "origin": parts[1], "col": parts[2], "value": raw["value"]}
    )
    wide = cells.pivot_table(
        index=["origin", "row"], columns="col", values="value", aggfunc="sum", sort=False
    )
    sectors = sorted(c for c in wide.columns if c.isdigit())
    fd_cols = list(FD_CODES)
    try:
        dom = pd.DataFrame(wide.loc["dom"])
        imp = pd.DataFrame(wide.loc["imp"])
        tot = pd.DataFrame(wide.loc["tot"])
        z_dom = pd.DataFrame(dom.loc[sectors, sectors])
        z_imp = pd.DataFrame(imp.loc[sectors, sectors])
        f_dom = pd.DataFrame(dom.loc[sectors, fd_cols]).rename(columns=FD_CODES)
        f_imp = pd.DataFrame(imp.loc[sectors, fd_cols]).rename(columns=FD_CODES)
        va = pd.DataFrame(tot.loc[list(VA_CODES), sectors]).rename(index=VA_CODES)
        output = pd.Series(tot.loc["TI", sectors], dtype=float)
        imports = pd.Series(imp.loc[sectors, "GO"], dtype=float)
    except KeyError as err:
        raise IOTableError(path, f"cells missing from the table: {err}") from err
    output.name = None
    imports.name = None
    table = IOTable(
        z_dom=_clean(z_dom),
        z_imp=_clean(z_imp),
        f_dom=_clean(f_dom),
        f_imp=_clean(f_imp),
        va=_clean(va),
        output=output,
        imports=imports,
        unit=str(units[0]),
    )
    for name, frame in (("z_dom", table.z_dom), ("z_imp", table.z_imp), ("va", table.va)):
        if frame.isna().any().any():
            raise IOTableError(path, f"block {name} has empty cells")
    return table


def _clean(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.astype(float).fillna(0.0)
    out.index.name = None
    out.columns.name = None
    return out


def read_sector_map(path: Path | str, sectors: Sequence[str]) -> pd.Series:
    """Read the 42 -> model sector mapping (``calibration/io/sector_map.csv``).

    Returns a Series indexed by two-digit product code, valued by model sector.

    Raises
    ------
    IOTableError
        If a code repeats, or a model sector is not one of ``sectors``, or a sector is not mapped.
    """
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, comment="#")
    for field in ("code", "model_sector"):
        if field not in frame.columns:
            raise IOTableError(
                path, f"field {field!r} is missing; columns are {list(frame.columns)}"
            )
    if frame["code"].duplicated().any():
        dup = frame["code"][frame["code"].duplicated()].iloc[0]
        raise IOTableError(path, f"code {dup!r} appears twice; each code maps once")
    unknown = sorted(set(frame["model_sector"]) - set(sectors))
    if unknown:
        line = int(np.flatnonzero(frame["model_sector"].isin(unknown).to_numpy())[0]) + 2
        raise IOTableError(
            path, f"line {line}: model_sector {unknown[0]!r} is not one of {list(sectors)}"
        )
    missing = sorted(set(sectors) - set(frame["model_sector"]))
    if missing:
        raise IOTableError(path, f"model sectors {missing} receive no code")
    return pd.Series(frame["model_sector"].to_numpy(), index=frame["code"].to_numpy(), name=None)


def government_consumption_split(
    table: IOTable,
    government_share: float,
    government_products: Sequence[str] = GOVERNMENT_PRODUCTS,
) -> pd.DataFrame:
    """Split of each product's final consumption into household and government consumption.

    The NBS 42-sector table gives final consumption TC_i (domestic + imported supply) only in
    total. Government consumption is placed by a rule, with gamma the government share of final
    consumption (NBS expenditure-approach GDP; ``regional_io_build`` reads it from
    ``calibration/io/chongqing_inputs.csv``) and P the products government buys
    (``GOVERNMENT_PRODUCTS``: public administration, education, health and social work, water
    conservancy/environment/public facilities, and research and experimental development):

        G     = gamma sum_i TC_i                     national government consumption
        theta = G / sum_{i in P} TC_i
        g_i   = min(TC_i, theta TC_i)  (i in P),    g_i = 0  (i not in P)
        h_i   = TC_i - g_i                           household consumption

    i.e. G is spread over P in proportion to each product's final consumption, capped at that
    final consumption, and the rest of every product's final consumption is household
    consumption. As the weights are the products' own final consumption, the cap binds for all of
    P at once (theta > 1), when the rule cannot place G: that raises. Everything government
    buys outside P in reality (transport, finance, culture and sports, business services) is
    counted as household consumption, and within P the government share theta is the same for
    every product.

    Parameters
    ----------
    table : IOTable
        The 42-product table (any currency unit).
    government_share : float
        gamma, government consumption over final consumption, in (0, 1).
    government_products : sequence of str
        Product codes of P.

    Returns
    -------
    DataFrame, products x ``CONSUMPTION_SPLIT``
        Shares h_i / TC_i and g_i / TC_i (sum 1); 0 for both where TC_i = 0.

    Raises
    ------
    ValueError
        If gamma is not in (0, 1), a code of P is not a product of the table, or G exceeds the
        final consumption of P (theta > 1).
    """
    if not 0.0 < government_share < 1.0:
        raise ValueError(f"government_share must be in (0, 1), got {government_share}")
    unknown = [c for c in government_products if c not in table.sectors]
    if unknown:
        raise ValueError(f"government products {unknown} are not products of the table")
    tc = (table.f_dom["consumption"] + table.f_imp["consumption"]).to_numpy()
    in_p = np.isin(table.sectors, list(government_products))
    total_g = government_share * tc.sum()
    theta = total_g / tc[in_p].sum()
    if theta > 1.0:
        raise ValueError(
            f"government consumption ({government_share:.1%} of final consumption) exceeds the "
            f"final consumption of products {list(government_products)} "
            f"({tc[in_p].sum() / tc.sum():.1%})"
        )
    g = np.where(in_p, np.minimum(tc, theta * tc), 0.0)
    gov = np.divide(g, tc, out=np.zeros_like(tc), where=tc != 0)
    hh = np.where(tc != 0, 1.0 - gov, 0.0)
    return pd.DataFrame({"household": hh, "government": gov}, index=table.sectors)[
        list(CONSUMPTION_SPLIT)
    ]


def accounting_residuals(table: IOTable) -> dict[str, float]:
    """Largest absolute residual of identities (1)-(4), relative to the largest output.

    Returns
    -------
    dict
        ``column`` (1), ``domestic_row`` (2), ``imported_row`` (3) and ``competitive_row`` (4):
        max_j |lhs - rhs| / max_j x_j, each 0 for an exact table.
    """
    scale = float(table.output.abs().max())
    col = table.z_dom.sum(axis=0) + table.z_imp.sum(axis=0) + table.value_added - table.output
    dom = table.z_dom.sum(axis=1) + table.f_dom.sum(axis=1) - table.output
    imp = table.z_imp.sum(axis=1) + table.f_imp.sum(axis=1) - table.imports
    comp = (
        (table.z_dom + table.z_imp).sum(axis=1)
        + (table.f_dom + table.f_imp).sum(axis=1)
        - table.imports
        - table.output
    )
    return {
        "column": float(col.abs().max()) / scale,
        "domestic_row": float(dom.abs().max()) / scale,
        "imported_row": float(imp.abs().max()) / scale,
        "competitive_row": float(comp.abs().max()) / scale,
    }


def aggregation_matrix(
    mapping: Mapping[str, str] | pd.Series, codes: Sequence[str], sectors: Sequence[str]
) -> pd.DataFrame:
    """Concordance matrix S (sectors x codes): S_kc = 1 if code c maps to sector k, else 0.

    Raises
    ------
    IOTableError
        If a code of the table has no sector in ``mapping``.
    """
    lookup = dict(mapping)
    missing = [c for c in codes if c not in lookup]
    if missing:
        raise IOTableError("sector map", f"codes {missing} of the table are not mapped")
    s = pd.DataFrame(0.0, index=list(sectors), columns=list(codes))
    for code in codes:
        s.loc[lookup[code], code] = 1.0
    return s


def aggregate(
    table: IOTable, mapping: Mapping[str, str] | pd.Series, sectors: Sequence[str]
) -> IOTable:
    """Aggregate a table to ``sectors`` by summing the rows and columns that map to each.

    With the concordance S of ``aggregation_matrix``:
        Z^d' = S Z^d S^T,  Z^m' = S Z^m S^T,  F' = S F,  V' = V S^T,  x' = S x,  M' = S M.
    Sums preserve every total and identities (1)-(4).
    """
    s = aggregation_matrix(mapping, table.sectors, sectors)
    sm = s.to_numpy()

    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(sm @ frame.to_numpy(), index=s.index, columns=frame.columns)

    def both(frame: pd.DataFrame) -> pd.DataFrame:
        return pd.DataFrame(sm @ frame.to_numpy() @ sm.T, index=s.index, columns=s.index)

    return IOTable(
        z_dom=both(table.z_dom),
        z_imp=both(table.z_imp),
        f_dom=rows(table.f_dom),
        f_imp=rows(table.f_imp),
        va=pd.DataFrame(table.va.to_numpy() @ sm.T, index=table.va.index, columns=s.index),
        output=pd.Series(sm @ table.output.to_numpy(), index=s.index),
        imports=pd.Series(sm @ table.imports.to_numpy(), index=s.index),
        unit=table.unit,
    )


def aggregate_consumption_split(
    table: IOTable,
    split: pd.DataFrame,
    mapping: Mapping[str, str] | pd.Series,
    sectors: Sequence[str],
) -> pd.DataFrame:
    """Split of final consumption (domestic + imported) at the aggregated sectors.

        share_kc = sum_{i in k} s_ic (F^d + F^m)_i,TC / sum_{i in k} (F^d + F^m)_i,TC

    with s_ic the product-level shares of ``government_consumption_split``. A sector with no final
    consumption gets zeros.
    """
    tc = table.f_dom["consumption"] + table.f_imp["consumption"]
    s = aggregation_matrix(mapping, table.sectors, sectors).to_numpy()
    parts = split.reindex(table.sectors).fillna(0.0).to_numpy() * tc.to_numpy()[:, None]
    num = s @ parts
    den = s @ tc.to_numpy()
    out = np.divide(num, den[:, None], out=np.zeros_like(num), where=den[:, None] != 0)
    return pd.DataFrame(out, index=list(sectors), columns=list(CONSUMPTION_SPLIT))


def technical_coefficients(table: IOTable) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Domestic and imported technical coefficients (input per unit of the buyer's output).

        a^d_ij = Z^d_ij / x_j,   a^m_ij = Z^m_ij / x_j

    Returns
    -------
    (A_dom, A_imp) : DataFrames, products (rows, supplier) x industries (columns, buyer)
    """
    return table.z_dom.div(table.output, axis=1), table.z_imp.div(table.output, axis=1)


def value_added_structure(table: IOTable) -> pd.DataFrame:
    """Value-added ratio and the composition of value added, by industry.

        va_ratio_j = V_j / x_j;   <component>_share_j = V_cj / V_j   (shares of VA, sum to 1)
        imported_input_ratio_j = sum_i a^m_ij;  domestic_input_ratio_j = sum_i a^d_ij

    so that va_ratio + domestic_input_ratio + imported_input_ratio = 1 for every industry (1).
    """
    v = table.value_added
    out = pd.DataFrame(index=table.output.index)
    out["va_ratio"] = v / table.output
    for comp in VA_COMPONENTS:
        out[f"{comp}_share"] = table.va.loc[comp] / v
    a_dom, a_imp = technical_coefficients(table)
    out["domestic_input_ratio"] = a_dom.sum(axis=0)
    out["imported_input_ratio"] = a_imp.sum(axis=0)
    return out


def final_demand_structure(
    table: IOTable, consumption_split: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Composition of each product's domestic final demand, and the import leakages.

    Shares of the domestic final use of product i by category (rows sum to 1):
        share_ik = F^d_ik / sum_k F^d_ik
    With ``consumption_split`` (products x ``CONSUMPTION_SPLIT``), ``consumption`` is replaced by
    its household and government parts, s_ic F^d_i,TC.

    Import leakage of final consumption and fixed capital formation of product i (0-1), as
    ``imported_consumption`` and ``imported_gfcf`` (inventory changes take either sign, so their
    import share is not a share):
        m_ik = F^m_ik / (F^d_ik + F^m_ik)    (0 where the category does not buy the product)
    and the intermediate-use leakage ``imported_intermediate`` = sum_j Z^m_ij / sum_j (Z^d+Z^m)_ij.
    """
    f = table.f_dom.copy()
    if consumption_split is not None:
        split = consumption_split.reindex(f.index).fillna(0.0)
        for part in CONSUMPTION_SPLIT:
            f[part] = split[part] * f["consumption"]
        f = f.drop(columns="consumption")[[*CONSUMPTION_SPLIT, "gfcf", "inventory", "exports"]]
    total = f.sum(axis=1)
    out = f.div(total, axis=0)
    for k in ("consumption", "gfcf"):
        dom, imp = table.f_dom[k], table.f_imp[k]
        both = dom + imp
        out[f"imported_{k}"] = np.divide(imp, both, out=np.zeros(len(both)), where=both != 0)
    z = table.z_dom.sum(axis=1) + table.z_imp.sum(axis=1)
    out["imported_intermediate"] = table.z_imp.sum(axis=1) / z
    return out
