"""Exports round-trip: xarray (through netCDF), IAMC (read back with pandas), Excel (read back);
tables in plain notation with scenario, labels and units; draws with what was sampled."""

from __future__ import annotations

import csv
import json
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
import xarray as xr

import sim
from sim.execution.sampled import sampled_draws
from sim.execution.streams import draw_range
from sim.exports import IAMC_COLUMNS, plain_number, readable, write_csv
from sim.model.indicators import HEADLINE, INDICATORS
from sim.outputs.files import write_run

DRAWS, SEED = 300, 5


@pytest.fixture(scope="module")
def shocked(baseline_scenario):
    """The baseline (reduced form) with an uncertain event, so that draws carry its outcomes."""
    event = {
        "name": "chip_glut",
        "year": 2027,
        "sectors": ["electronics"],
        "size": {"dist": "uniform", "low": -4, "high": -1},
        "probability": 0.4,
    }
    scenario = replace(baseline_scenario, pipeline_replications=0).with_events(event)
    return sim.simulate(scenario, draws=DRAWS, seed=SEED)


def test_xarray_holds_draw_by_year_per_indicator_with_units_and_round_trips(shocked, tmp_path):
    ds = shocked.to_xarray()
    assert ds["gdp"].dims == ("draw", "year") and ds["gdp"].attrs["units"] == "RMB bn"
    assert ds["nev_output"].attrs["units"] == "units"
    assert list(ds["year"].values) == shocked.years
    np.testing.assert_array_equal(ds["gdp"].values, shocked.indicator("gdp").to_numpy())
    stacked = ds[list(INDICATORS)].to_dataarray("indicator")
    assert stacked.dims == ("indicator", "draw", "year")
    path = tmp_path / "run.nc"
    ds.to_netcdf(path, engine="scipy")
    with xr.open_dataset(path, engine="scipy") as back:
        xr.testing.assert_allclose(back, ds)
        assert back["gdp_real_growth"].attrs["units"] == "%"
        assert back.attrs["scenario"] == "baseline"


def test_iamc_table_reads_back_with_pandas_and_holds_the_percentiles(shocked, tmp_path):
    table = shocked.to_iamc()
    assert list(table.columns) == IAMC_COLUMNS
    assert set(table["quantile"]) == {0.05, 0.25, 0.5, 0.75, 0.95}
    keys = ["model", "scenario", "region", "variable", "unit", "year", "quantile"]
    assert not table.duplicated(keys).any()  # pyam's index is unique
    path = tmp_path / "run.csv"
    table.to_csv(path, index=False)
    back = pd.read_csv(path)
    pd.testing.assert_frame_equal(back, table, check_dtype=False)
    gdp = back[(back["variable"] == "Gross domestic product, nominal") & (back["year"] == 2030)]
    median = shocked.summary().set_index(["variable", "year"]).loc[("gdp", 2030), "p50"]
    assert gdp.set_index("quantile").loc[0.5, "value"] == pytest.approx(median)
    assert set(gdp["unit"]) == {"billion CNY"} and set(back["region"]) == {"Chongqing"}


def test_excel_workbook_has_a_sheet_per_table_and_reads_back(shocked, tmp_path):
    path = shocked.to_excel(tmp_path / "run.xlsx", lang="zh")
    sheets = pd.read_excel(path, sheet_name=None)
    assert list(sheets) == ["summary", "draws", "inputs", "about"]
    summary = sheets["summary"]
    expected = shocked.summary_table("zh")
    assert list(summary.columns) == list(expected.columns)
    np.testing.assert_allclose(summary["p50"], expected["p50"])
    assert set(summary.loc[summary["variable"] == "gdp", "unit"]) == {"亿元"}
    assert len(sheets["draws"]) == DRAWS * len(shocked.years)
    assert sheets["about"].loc[0, "seed"] == SEED


def test_readable_tables_name_indicators_and_write_chinese_units_scaled(shocked):
    en, zh = shocked.summary_table("en"), shocked.summary_table("zh")
    gdp_en = en.set_index(["variable", "year"]).loc[("gdp", 2025)]
    gdp_zh = zh.set_index(["variable", "year"]).loc[("gdp", 2025)]
    assert (gdp_en.unit, gdp_en.label) == ("RMB bn", "Gross domestic product, nominal")
    assert (gdp_zh.unit, gdp_zh.label) == ("亿元", "地区生产总值（现价）")
    assert gdp_zh.p50 == pytest.approx(10 * gdp_en.p50, abs=1)  # 1 RMB bn = 10 亿元
    nev = zh.set_index(["variable", "year"]).loc[("nev_output", 2025)]
    assert (nev.unit, nev.p50) == ("万辆", pytest.approx(129.6))  # 1.296 million vehicles
    assert set(en["scenario"]) == {"baseline"}


def test_csv_files_write_plain_numbers_never_exponents(shocked, tmp_path):
    assert plain_number(1_863_970.0) == "1863970" and plain_number(1.23456789e-5) == "0.0000123457"
    path = tmp_path / "summary.csv"
    write_csv(shocked.summary_table(), path)
    rows = list(csv.reader(path.read_text().splitlines()))
    text_columns = {"scenario", "variable", "label", "description", "unit"}  # "above-size" has e-
    numeric = [i for i, name in enumerate(rows[0]) if name not in text_columns]
    cells = [row[i] for row in rows[1:] for i in numeric]
    assert len(numeric) >= 6 and not [c for c in cells if re.search(r"\de[+-]?\d", c)]
    nev = pd.read_csv(path).set_index(["variable", "year"]).loc[("nev_output", 2026)]
    assert float(nev.p50).is_integer()  # vehicles, whole
    differences = readable(
        pd.DataFrame({"variable": ["gdp"], "unit": ["RMB bn"], "p50": [1.23456e-7]})
    )
    assert differences.loc[0, "p50"] == 0.0  # rounded to the unit's 0.1 RMB bn


def test_draws_file_has_scenario_sampled_inputs_event_outcomes_and_units(shocked, tmp_path):
    out = write_run(shocked, tmp_path / "run")
    table = pq.read_table(out / "draws.parquet")
    units = json.loads(table.schema.metadata[b"cqsim.units"])
    assert units["gdp"] == "RMB bn" and units["event.chip_glut.size"] == "pp"
    assert units["input.national_gdp_growth"] == "% a year (real)"
    draws = table.to_pandas()
    assert set(draws["scenario"]) == {"baseline"}
    assert list(draws.columns[3 : 3 + len(HEADLINE)]) == list(HEADLINE)
    # The sampled inputs are those the model used: the streams' values for the same draws.
    drivers, _ = draw_range(shocked.scenario, 0, DRAWS)
    growth = draws[draws["year"] == 2027]["input.national_gdp_growth"].to_numpy()
    np.testing.assert_allclose(growth, drivers.inputs["national_gdp_growth"][:, 1])
    occurred = draws[draws["year"] == 2027]["event.chip_glut.occurred"].to_numpy()
    assert set(np.unique(occurred)) == {0.0, 1.0}
    assert 0.3 < occurred.mean() < 0.5  # probability 0.4
    impulse = drivers.events[:, 1, 2]  # 2027, electronics (sector 2)
    np.testing.assert_allclose(draws[draws["year"] == 2027]["event.chip_glut.size"], impulse)


def test_sampled_draws_do_not_depend_on_where_a_range_starts(shocked):
    whole = sampled_draws(shocked.scenario, 0, DRAWS)
    part = sampled_draws(shocked.scenario, 100, 250)
    for name, values in part.items():
        np.testing.assert_array_equal(values, whole[name][100:250])
