"""China's input-output table aggregated to the model's sectors and regionalised for Chongqing.

Identities come from the table's accounting; the FLQ example is worked out by hand from the
formulas in the docstring of ``sim.analysis.calibration.regional_io``.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.calibration import national_io, regional_io
from sim.analysis.calibration.national_io import IOTableError
from sim.analysis.calibration.regional_io_build import (
    DELTA,
    IO_DIR,
    STRUCTURE_COLUMNS,
    chongqing_structure,
    load_inputs,
    national_table_frame,
)
from sim.model.sectors import SECTORS

DELTAS = (0.0, 0.05, 0.1, 0.2, 0.3, 0.4)


@pytest.fixture(scope="module")
def tables42() -> dict[int, national_io.IOTable]:
    return {
        y: national_io.read_io_table_csv(IO_DIR / f"io_table_china_{y}_42.csv")
        for y in (2017, 2020)
    }


@pytest.fixture(scope="module")
def mapping() -> pd.Series:
    return national_io.read_sector_map(IO_DIR / "sector_map.csv", SECTORS)


@pytest.fixture(scope="module")
def inputs():
    return load_inputs()


@pytest.fixture(scope="module")
def structures(inputs):
    return {d: chongqing_structure(d, inputs) for d in DELTAS}


# --- the national table and its aggregation -------------------------------------------------


@pytest.mark.parametrize("year", [2017, 2020])
def test_national_table_satisfies_accounting_identities(tables42, year):
    residuals = national_io.accounting_residuals(tables42[year])
    assert max(residuals.values()) < 1e-9, residuals


@pytest.mark.parametrize("year", [2017, 2020])
def test_aggregated_table_satisfies_accounting_identities(inputs, year):
    table = inputs.national[year]
    assert table.sectors == list(SECTORS)
    residuals = national_io.accounting_residuals(table)
    assert max(residuals.values()) < 1e-9, residuals
    # column: intermediate inputs + value added = gross output, within rounding (RMB bn)
    col = table.z_dom.sum(axis=0) + table.z_imp.sum(axis=0) + table.value_added
    np.testing.assert_allclose(col, table.output, rtol=1e-9)
    # row (competitive form): intermediate use + final demand - imports = output
    row = (
        (table.z_dom + table.z_imp).sum(axis=1)
        + (table.f_dom + table.f_imp).sum(axis=1)
        - table.imports
    )
    np.testing.assert_allclose(row, table.output, rtol=1e-9)


@pytest.mark.parametrize("year", [2017, 2020])
def test_aggregation_preserves_totals(tables42, mapping, year):
    t42 = tables42[year]
    t11 = national_io.aggregate(t42, mapping, SECTORS)
    for name in ("z_dom", "z_imp", "f_dom", "f_imp", "va"):
        np.testing.assert_allclose(
            getattr(t11, name).to_numpy().sum(), getattr(t42, name).to_numpy().sum(), rtol=1e-12
        )
    np.testing.assert_allclose(t11.f_dom.sum(axis=0), t42.f_dom.sum(axis=0), rtol=1e-12)
    np.testing.assert_allclose(t11.output.sum(), t42.output.sum(), rtol=1e-12)
    np.testing.assert_allclose(t11.imports.sum(), t42.imports.sum(), rtol=1e-12)
    # a model sector that holds a single product keeps that product's numbers
    assert t11.output["automotive"] == pytest.approx(t42.output["18"])
    assert t11.z_dom.loc["electronics", "automotive"] == pytest.approx(t42.z_dom.loc["20", "18"])


def test_gdp_of_2020_table_is_chinas_gdp(inputs):
    # NBS 2020 GDP before the 2023 census revision: RMB 101.6 trillion; the table's VA matches
    gdp = float(inputs.national[2020].value_added.sum())
    assert 1.00e5 < gdp < 1.04e5  # RMB bn


def test_coefficients_add_up_column_by_column(inputs):
    vs = national_io.value_added_structure(inputs.national[2020])
    total = vs["va_ratio"] + vs["domestic_input_ratio"] + vs["imported_input_ratio"]
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    shares = vs[[f"{c}_share" for c in national_io.VA_COMPONENTS]].sum(axis=1)
    np.testing.assert_allclose(shares, 1.0, atol=1e-12)
    # well-known orders of magnitude: electronics has the lowest VA ratio, real estate the highest
    assert vs["va_ratio"].idxmin() == "electronics"
    assert vs["va_ratio"].idxmax() == "real_estate"
    assert vs.loc["electronics", "imported_input_ratio"] > 0.2


def test_final_demand_shares_sum_to_one(inputs):
    fd = national_io.final_demand_structure(inputs.national[2020], inputs.consumption_split)
    parts = [*national_io.CONSUMPTION_SPLIT, "gfcf", "inventory", "exports"]
    np.testing.assert_allclose(fd[parts].sum(axis=1), 1.0, atol=1e-12)
    leak = fd[[c for c in fd.columns if c.startswith("imported_")]]
    assert ((leak >= 0) & (leak <= 1)).all().all()
    # government consumption buys services, not goods
    assert (fd.loc[["automotive", "electronics", "energy"], "government"] == 0).all()
    assert fd.loc["public_services", "government"] > 0.6


# China 2020, NBS expenditure approach (calibration/io/chongqing_inputs.csv, RMB 100 million):
# household consumption 387,185, government consumption 173,625 -> G / (H + G) = 0.3095968.
CITED_GOVERNMENT_SHARE = 173625 / (387185 + 173625)
GOVERNMENT_NAMES = {
    "35": "Research and experimental development",
    "37": "Management of water conservancy, environment and public facilities",
    "39": "Education",
    "40": "Health care and social work",
    "42": "Public administration, social security, and social organizations",
}


def test_cited_consumption_figures_are_read_and_agree_with_the_table(inputs, tables42):
    assert inputs.government_share == pytest.approx(0.3095968, abs=1e-7)
    assert inputs.government_share == pytest.approx(CITED_GOVERNMENT_SHARE)
    # H + G (expenditure approach) against total final consumption of the 2020 IO table: the
    # two NBS accounts of the same year agree within 1 %
    t = tables42[2020]
    tc_table = float((t.f_dom["consumption"] + t.f_imp["consumption"]).sum()) * 1e-4  # RMB 100m
    assert (387185 + 173625) / tc_table == pytest.approx(1.0, abs=0.01)


def test_government_consumption_only_in_allowed_products_and_sums_to_cited_share(tables42, inputs):
    names = pd.read_csv(IO_DIR / "sector_map.csv", dtype=str).set_index("code")["name"]
    assert {c: names[c] for c in national_io.GOVERNMENT_PRODUCTS} == GOVERNMENT_NAMES
    t = tables42[2020]
    split = national_io.government_consumption_split(t, CITED_GOVERNMENT_SHARE)
    tc = t.f_dom["consumption"] + t.f_imp["consumption"]
    gov = split["government"] * tc
    # lands only in the allowed products, each at most its own final consumption
    assert set(gov[gov > 0].index) == set(GOVERNMENT_NAMES)
    assert (split["government"] <= 1.0).all()
    # sums to the cited share of final consumption
    assert gov.sum() / tc.sum() == pytest.approx(CITED_GOVERNMENT_SHARE, rel=1e-12)
    # the rest is household consumption; products without final consumption get zeros
    has_tc = tc > 0
    np.testing.assert_allclose(split.loc[has_tc].sum(axis=1), 1.0, atol=1e-12)
    assert (split.loc[~has_tc] == 0).all().all()
    # proportional: one government share for every allowed product, G / TC of those products
    theta = gov.sum() / tc[list(GOVERNMENT_NAMES)].sum()
    np.testing.assert_allclose(split.loc[list(GOVERNMENT_NAMES), "government"], theta)
    # aggregated: government only in producer services (R&D) and public services, and still the
    # cited share of all final consumption
    agg = inputs.consumption_split
    assert set(agg.index[agg["government"] > 0]) == {"producer_services", "public_services"}
    tc11 = inputs.national[2020].f_dom["consumption"] + inputs.national[2020].f_imp["consumption"]
    share11 = (agg["government"] * tc11).sum() / tc11.sum()
    assert share11 == pytest.approx(CITED_GOVERNMENT_SHARE, rel=1e-12)


def test_government_consumption_beyond_its_products_is_rejected(tables42):
    # the allowed products hold about a third of 2020 final consumption; half cannot be placed
    with pytest.raises(ValueError, match="exceeds the final consumption"):
        national_io.government_consumption_split(tables42[2020], 0.5)
    with pytest.raises(ValueError, match="not products of the table"):
        national_io.government_consumption_split(tables42[2020], 0.3, ("99",))


def test_sector_map_documents_every_product():
    frame = pd.read_csv(IO_DIR / "sector_map.csv", dtype=str)
    assert len(frame) == 42
    assert list(frame["code"]) == [f"{i:02d}" for i in range(1, 43)]
    assert set(frame["model_sector"]) == set(SECTORS)
    assert frame["reason"].str.len().min() > 10


def test_bad_sector_map_names_file_and_line(tmp_path: Path):
    bad = tmp_path / "map.csv"
    bad.write_text("code,name,model_sector,reason\n01,Farming,farming,x\n", encoding="utf-8")
    with pytest.raises(IOTableError, match=r"map\.csv: line 2: model_sector 'farming'"):
        national_io.read_sector_map(bad, SECTORS)


# --- location quotients, by hand -------------------------------------------------------------

# Two sectors. Regional VA (20, 30), national VA (300, 700): region share 50 / 1000 = 0.05.
#   SLQ_1 = (20/50) / (300/1000) = 4/3,  SLQ_2 = (30/50) / (700/1000) = 6/7
#   lambda* = log2(1.05) ** 0.3 = 0.0703893279 ** 0.3 = 0.4510784
#   FLQ_11 = lambda SLQ_1 = 0.6014379     FLQ_12 = lambda SLQ_1/SLQ_2 = lambda 14/9 = 0.7016775
#   FLQ_21 = lambda SLQ_2/SLQ_1 = lambda 9/14 = 0.2899790     FLQ_22 = lambda SLQ_2 = 0.3866386
# National a = [[0.2, 0.1], [0.3, 0.25]] -> r = a * min(1, FLQ):
#   r = [[0.1202876, 0.0701678], [0.0869937, 0.0966597]]
#   det(I - r) = 0.8797124 * 0.9033403 - 0.0701678 * 0.0869937 = 0.7885829
#   L = [[1.1455343, 0.0889804], [0.1103175, 1.1155715]], multipliers (1.2558518, 1.2045519)
VA_R = np.array([20.0, 30.0])
VA_N = np.array([300.0, 700.0])
A_NAT = np.array([[0.2, 0.1], [0.3, 0.25]])


def test_simple_and_cross_industry_quotients_by_hand():
    slq = regional_io.simple_location_quotients(VA_R, VA_N)
    np.testing.assert_allclose(slq, [4 / 3, 6 / 7])
    cilq = regional_io.cross_industry_quotients(slq)
    np.testing.assert_allclose(cilq, [[4 / 3, 14 / 9], [9 / 14, 6 / 7]])


def test_flq_by_hand():
    assert regional_io.flegg_lambda(0.05, 0.3) == pytest.approx(0.4510784, abs=1e-7)
    assert regional_io.flegg_lambda(0.05, 0.3) == pytest.approx(math.log2(1.05) ** 0.3)
    flq = regional_io.flegg_location_quotients(VA_R, VA_N, delta=0.3)
    np.testing.assert_allclose(flq, [[0.6014379, 0.7016775], [0.2899790, 0.3866386]], atol=1e-7)
    r = regional_io.regional_coefficients(A_NAT, flq)
    np.testing.assert_allclose(r, [[0.1202876, 0.0701678], [0.0869937, 0.0966597]], atol=1e-7)
    np.testing.assert_allclose(
        regional_io.leontief_inverse(r), [[1.1455343, 0.0889804], [0.1103175, 1.1155715]], atol=1e-7
    )
    np.testing.assert_allclose(regional_io.output_multipliers(r), [1.2558518, 1.2045519], atol=1e-7)


def test_quotients_above_one_keep_the_national_coefficient():
    # delta = 0: lambda* = 1 and FLQ = CILQ; FLQ_12 = 14/9 > 1, so r_12 = a_12
    flq = regional_io.flegg_location_quotients(VA_R, VA_N, delta=0.0)
    r = regional_io.regional_coefficients(A_NAT, flq)
    assert r[0, 1] == pytest.approx(0.1)
    assert r[0, 0] == pytest.approx(0.2)  # SLQ_1 = 4/3 > 1 on the diagonal
    assert r[1, 0] == pytest.approx(0.3 * 9 / 14)


def test_hawkins_simon_rejects_an_unproductive_economy():
    unproductive = np.array([[0.6, 0.5], [0.5, 0.6]])  # every column uses more than it makes
    assert not regional_io.hawkins_simon(unproductive)
    with pytest.raises(ValueError, match="Hawkins-Simon"):
        regional_io.leontief_inverse(unproductive)
    assert regional_io.hawkins_simon(A_NAT)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.floats(0.5, 50.0), min_size=4, max_size=4),
    st.lists(st.floats(0.5, 50.0), min_size=4, max_size=4),
    st.lists(st.floats(0.0, 0.2), min_size=16, max_size=16),
    st.floats(0.01, 0.2),
)
def test_flq_properties_on_random_economies(regional, national, coefs, share):
    a = np.array(coefs).reshape(4, 4)
    previous = None
    for delta in (0.0, 0.1, 0.2, 0.3, 0.4):
        flq = regional_io.flegg_location_quotients(
            np.array(regional), np.array(national), delta, region_share=share
        )
        r = regional_io.regional_coefficients(a, flq)
        assert np.all(r <= a + 1e-15)
        assert np.all(r >= 0)
        assert regional_io.hawkins_simon(r)
        assert np.all(regional_io.leontief_inverse(r) >= -1e-12)
        m = regional_io.output_multipliers(r)
        if previous is not None:
            assert np.all(m <= previous + 1e-12)
        previous = m


# --- Chongqing -------------------------------------------------------------------------------


@pytest.mark.parametrize("delta", DELTAS)
def test_regional_coefficients_never_exceed_national(inputs, structures, delta):
    a_dom, _ = national_io.technical_coefficients(inputs.national[2020])
    r = structures[delta].a
    assert (r.to_numpy() <= a_dom.to_numpy() + 1e-15).all()
    assert (r.to_numpy() >= 0).all()


@pytest.mark.parametrize("delta", DELTAS)
def test_leontief_inverse_is_nonnegative_and_hawkins_simon_holds(structures, delta):
    s = structures[delta]
    assert regional_io.hawkins_simon(s.a.to_numpy())
    assert (s.leontief.to_numpy() >= 0).all()
    assert (np.diag(s.leontief.to_numpy()) >= 1).all()


def test_output_multipliers_fall_as_delta_rises(structures):
    m = pd.DataFrame({d: structures[d].by_sector["type_i"] for d in DELTAS})
    assert (m.diff(axis=1).iloc[:, 1:] < 0).all().all()
    # strictly between 1 and the national domestic multiplier
    assert (m > 1).all().all()


def test_regional_multipliers_below_national(inputs, structures):
    a_dom, _ = national_io.technical_coefficients(inputs.national[2020])
    national = regional_io.output_multipliers(a_dom.to_numpy())
    for d in DELTAS:
        assert (structures[d].by_sector["type_i"].to_numpy() < national).all()


def test_type_ii_multipliers_exceed_type_i(structures):
    by = structures[DELTA].by_sector
    assert (by["type_ii"] > by["type_i"]).all()


def test_inputs_and_value_added_exhaust_output(structures):
    by = structures[DELTA].by_sector
    total = (
        by["va_ratio"]
        + by["regional_input_ratio"]
        + by["other_province_input_ratio"]
        + by["foreign_import_ratio"]
    )
    np.testing.assert_allclose(total, 1.0, atol=1e-12)
    np.testing.assert_allclose(by["va"].sum(), 3380.0)  # seed GDP, RMB bn


@pytest.mark.parametrize("delta", DELTAS)
def test_final_demand_composition_adds_up(structures, delta):
    by = structures[delta].by_sector
    parts = by[[f"share_{p}" for p in regional_io.DEMAND_SHARES]]
    np.testing.assert_allclose(parts.sum(axis=1), 1.0, atol=1e-12)
    assert (parts >= -1e-12).all().all()
    assert by.loc["construction", "share_capital_formation"] > 0.8
    assert by.loc["public_services", "share_government"] > 0.5
    others = by.index.difference(["producer_services", "public_services"])
    assert (by.loc[others, "share_government"] == 0).all()
    assert by.loc["electronics", "share_exports_abroad"] > 0.3


@pytest.mark.parametrize("delta", DELTAS)
def test_gdp_by_expenditure_equals_gdp_by_sector(structures, delta):
    # Y = C + G + I + (exports - imports abroad) + (outflows - inflows), for every delta
    d = structures[delta].diagnostics
    expenditure = (
        d["local_final_use"] + d["exports_abroad"] - d["imports_abroad_implied"] + d["net_outflows"]
    )
    assert expenditure == pytest.approx(d["gdp"], rel=1e-10)


@pytest.mark.parametrize("delta", DELTAS)
def test_local_final_use_is_bought_somewhere(structures, delta):
    d = structures[delta].diagnostics
    for k in ("household", "government", "capital_formation"):
        parts = [d[f"{k}_bought_locally"], d[f"{k}_from_other_provinces"], d[f"{k}_from_abroad"]]
        assert sum(parts) == pytest.approx(1.0)
        assert min(parts) >= 0


def test_goods_exports_match_customs(structures, inputs):
    by = structures[DELTA].by_sector
    goods = list(regional_io.GOODS_SECTORS)
    exports = (by.loc[goods, "share_exports_abroad"] * by.loc[goods, "final_demand"]).sum()
    assert exports == pytest.approx(inputs.totals.goods_exports)  # RMB 558.7 bn in 2025


def test_spillover_rows_sum_to_one(structures):
    m = structures[DELTA].spillover.to_numpy()
    np.testing.assert_allclose(m.sum(axis=1), 1.0, atol=1e-12)
    assert (m >= 0).all()


def test_written_tables_are_what_the_build_makes(inputs, structures):
    # calibration/io/*.csv must be regenerated when the inputs or the method change
    written = pd.read_csv(IO_DIR / "chongqing_structure_11.csv", comment="#", index_col=0)
    made = structures[DELTA].by_sector[STRUCTURE_COLUMNS].round(5)
    np.testing.assert_allclose(written.to_numpy(), made.to_numpy(), atol=1e-9)
    national = pd.read_csv(IO_DIR / "china_2020_io_11.csv", comment="#", index_col=0)
    np.testing.assert_allclose(
        national.to_numpy(),
        national_table_frame(inputs.national[2020]).round(3).to_numpy(),
        atol=1e-9,
        equal_nan=True,
    )
