"""Calibration: history checks, the estimators, the fitted file `run` reads, and the backtest."""

from __future__ import annotations

import copy
import shutil
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.analysis.calibration import estimators
from sim.analysis.calibration.backtest import run_backtest
from sim.analysis.calibration.calibrate import (
    calibrate,
    china_growth,
    read_by_origin,
    read_inputs,
)
from sim.cli import main
from sim.inputs.history import DEFAULT_HISTORY, HistoryError, load_history
from sim.inputs.parameters_file import DEFAULT_PARAMETERS
from sim.model.sectors import SECTORS


@pytest.fixture(scope="module")
def history():
    return load_history()


# --- history ----------------------------------------------------------------------------------


def _bad_history(tmp_path, row: str) -> str:
    path = tmp_path / "h.csv"
    text = DEFAULT_HISTORY.read_text()
    path.write_text(text + row + "\n")
    with pytest.raises(HistoryError) as info:
        load_history(path)
    return str(info.value)


def test_unknown_indicator_names_the_row(tmp_path):
    lines = len(DEFAULT_HISTORY.read_text().splitlines())
    msg = _bad_history(tmp_path, "Chongqing,2024,gdp_vibes,1,pct,news_report,x,y")
    assert f"h.csv:{lines + 1}: indicator: unknown indicator 'gdp_vibes'" in msg


def test_non_numeric_value_names_the_row(tmp_path):
    msg = _bad_history(tmp_path, "Chongqing,2026,gdp_real_growth_pct,five,pct,target,x,y")
    assert "value 'five' is not a number" in msg


def test_conflicting_duplicate_names_both_rows(tmp_path):
    msg = _bad_history(tmp_path, "Chongqing,2025,gdp_real_growth_pct,9.9,pct,news_report,x,y")
    assert "conflicts with 5.3 on line" in msg and "one vintage per year" in msg


def test_bad_history_exits_2_from_the_cli(tmp_path, capsys):
    path = tmp_path / "h.csv"
    path.write_text("region,year,indicator,value,unit,kind,source,quote\nMars,2020,x,1,pct,a,b,c\n")
    assert main(["calibrate", "--history", str(path), "--out", str(tmp_path / "p.yaml")]) == 2
    assert "unknown region 'Mars'" in capsys.readouterr().err
    assert not (tmp_path / "p.yaml").exists()


# --- estimators and calibrate ----------------------------------------------------------------


def test_logistic_speed_recovers_the_speed():
    s = {2022: 0.2}
    for y in range(2023, 2026):
        prev = s[y - 1]
        s[y] = prev + 0.4 * prev * (1 - prev / 0.9)
    assert estimators.fit_logistic_speed(s, 0.9, 2025).value == pytest.approx(0.4)


@pytest.fixture(scope="module")
def inputs():
    return read_inputs()


def test_calibration_is_deterministic(inputs):
    a = calibrate(inputs, 2025).raw
    b = calibrate(inputs, 2025).raw
    assert yaml.safe_dump(a) == yaml.safe_dump(b)


def test_shipped_parameters_are_the_output_of_calibrate(tmp_path, capsys):
    out = tmp_path / "parameters.yaml"
    assert main(["calibrate", "--out", str(out)]) == 0
    assert out.read_text() == DEFAULT_PARAMETERS.read_text(), (
        "calibration/parameters.yaml is stale: run `python run_sim.py calibrate`"
    )
    printed = capsys.readouterr().out
    assert "parameters written to" in printed and "evidence:" in printed


def test_panel_estimates_enter_with_their_standard_errors(inputs):
    raw = calibrate(inputs, 2025).raw["parameters"]
    panel = inputs.panel["national_response"]
    gdp = raw["gdp_national_response"]
    assert gdp["value"] == panel["gdp"]["estimate"]
    assert gdp["estimate"]["se"] == panel["gdp"]["se"]
    assert gdp["sampling"] == {"dist": "normal", "se": panel["gdp"]["se"], "low": 0.5, "high": 1.8}
    responses = raw["group_national_response"]["values"]
    assert responses["secondary"] > responses["tertiary"] > responses["primary"]


def test_growth_level_is_the_recent_years_mean_net_of_the_national_response(inputs):
    """gdp_intercept = mean_y (g_CQ - b (g_N - centre)) over 2018, 2019, 2023-2025, by hand."""
    raw = calibrate(inputs, 2025).raw["parameters"]
    years = raw["gdp_intercept"]["estimate"]["sample"]["years"]
    assert years == [2018, 2019, 2023, 2024, 2025]
    local = inputs.history.get("gdp_real_growth_pct")
    china = china_growth(inputs, 2025)
    b = raw["gdp_national_response"]["value"]
    centre = float(np.mean([china[y] for y in years]))
    level = np.mean([local[y] - b * (china[y] - centre) for y in years])
    assert raw["national_growth_centre"]["value"] == pytest.approx(centre, abs=1e-4)
    assert raw["gdp_intercept"]["value"] == pytest.approx(level, abs=1e-4)


def test_until_uses_no_later_data(inputs):
    raw = calibrate(inputs, 2019).raw["parameters"]
    years = raw["gdp_intercept"]["estimate"]["sample"]["years"]
    assert max(years) <= 2019 and not set(years) & {2020, 2021, 2022}
    changed = copy.deepcopy(inputs.history)
    changed.series[("Chongqing", "gdp_real_growth_pct")][2024] = -30.0
    again = calibrate(replace(inputs, history=changed), 2019).raw["parameters"]
    assert again["gdp_intercept"] == raw["gdp_intercept"]


def test_io_shares_sum_to_one_and_match_the_regional_table(inputs):
    raw = calibrate(inputs, 2025).raw["parameters"]
    by = inputs.io.by_sector
    shares = ["demand_consumption", "demand_government", "demand_investment"]
    shares += ["demand_exports", "demand_outflows"]
    for s in SECTORS:
        assert sum(raw[k]["values"][s] for k in shares) == pytest.approx(1.0, abs=1e-9)
        assert raw["va_ratio"]["values"][s] == pytest.approx(by.loc[s, "va_ratio"], abs=1e-9)


def test_monte_carlo_samples_parameter_uncertainty(baseline_scenario, setup):
    from sim.execution.simulate import run_chunk

    assert setup.parameter_set.uncertainty, "the parameters file should sample some parameters"
    a = run_chunk(baseline_scenario, setup, 0, 50)
    no_uncertainty = type(setup)(
        seeds=setup.seeds,
        parameter_set=type(setup.parameter_set)(
            **{**setup.parameter_set.__dict__, "uncertainty": {}}
        ),
    )
    b = run_chunk(baseline_scenario, no_uncertainty, 0, 50)
    assert a["gdp"][:, 1:].std() > b["gdp"][:, 1:].std()


# --- backtest ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def by_origin():
    return read_by_origin()


@pytest.fixture(scope="module")
def backtest(inputs, setup, by_origin):
    # The reduced form only (the command's test runs the pipeline); few draws. Origin 2024 ended
    # in a traceback before issue 14 (a numpy float in the YAML writer).
    return run_backtest(
        inputs, setup.seeds, [2018, 2024], 2, 300, 1, by_origin, models=("reduced_form",)
    )


def test_backtest_rows_compare_forecasts_with_actuals(backtest, history):
    f = backtest.forecasts
    row = f[
        (f.variant == "unconditional")
        & (f.indicator == "gdp_real_growth")
        & (f.origin == 2018)
        & (f.year == 2019)
    ].iloc[0]
    assert row.actual == 6.3
    assert row.p05 <= row.p25 <= row.p50 <= row.p75 <= row.p95
    assert row.error == pytest.approx(row.p50 - 6.3)
    assert row.in_90 == (row.p05 <= 6.3 <= row.p95)
    assert row.naive_last == 6.0  # 2018's growth
    assert row.naive_avg5 == pytest.approx(np.mean([10.9, 11.0, 10.7, 9.3, 6.0]))  # 2014-2018
    assert row.target == 6.0  # the 2019 target, announced in January 2019
    # Origins 2015-2017 trained the target's weight but are not reported: 2016 and 2018 had a
    # target, 2017 none, so the weight at 2018 is the equal one (fewer than three pairs).
    assert sorted(f.origin.unique()) == [2018, 2024]
    assert (row.target_pairs, row.target_weight) == (2, 0.5)
    assert row.forecast == pytest.approx(0.5 * row.p50 + 0.5 * 6.0)
    # The intercept correction knows the one-year errors for 2016 and 2018 (from 2015 and 2017)
    assert row.correction_errors == 2
    assert row.corrected == pytest.approx(row.p50 - row.correction)
    # Two years ahead no target is announced: the forecast is the median.
    later = f[(f.origin == 2018) & (f.horizon == 2)]
    assert later.target.isna().all() and (later.forecast == later.p50).all()
    # FAI is sparse (2015, 2017, 2019-2021): the last value known at 2018 is 2017's 9.5%.
    fai = f[(f.indicator == "fai_growth") & (f.origin == 2018) & (f.year == 2019)].iloc[0]
    assert (fai.actual, fai.naive_last) == (6.0, 9.5)
    assert fai.naive_avg5 == pytest.approx((17.1 + 9.5) / 2)  # 2015 and 2017


def test_backtest_uses_only_data_known_at_the_origin(inputs, setup, by_origin):
    # Changing a year after the origin must not change that origin's forecasts, nor the weight
    # of the official target estimated on the earlier origins.
    changed = load_history()
    changed.series[("Chongqing", "gdp_real_growth_pct")][2020] = -30.0
    changed.series[("China", "gdp_real_growth_pct")][2020] = -30.0
    args = ([2019], 2, 200, 3, by_origin)
    a = run_backtest(inputs, setup.seeds, *args, models=("reduced_form",)).forecasts
    b = run_backtest(
        replace(inputs, history=changed), setup.seeds, *args, models=("reduced_form",)
    ).forecasts
    columns = ["p05", "p50", "p95", "target_weight", "forecast", "correction", "corrected"]
    uncond = lambda f: f[f.variant == "unconditional"][columns]  # noqa: E731
    pd.testing.assert_frame_equal(uncond(a), uncond(b))


def test_unconditional_national_growth_is_the_next_years_target_else_the_last(inputs):
    from sim.analysis.calibration.backtest import unconditional_national

    china = china_growth(inputs, 2025)
    # China set "more than 6%" for 2021 (not the 2.3% of 2020) and no target for 2020.
    assert unconditional_national(2020, inputs.history, china) == 6.0
    assert unconditional_national(2019, inputs.history, china) == china[2019]
    assert unconditional_national(2018, inputs.history, china) == 6.25  # 6-6.5%


def test_coverage_table_counts_shares_inside_the_bands(backtest):
    c = backtest.coverage
    f = backtest.forecasts.dropna(subset=["actual"])
    part = f[(f.variant == "conditional") & (f.indicator == "gdp_real_growth")]
    row = c[
        (c.variant == "conditional") & (c.indicator == "gdp_real_growth") & (c.years == "all years")
    ].iloc[0]
    assert row.n == len(part)
    assert row.coverage_90 == pytest.approx(part.in_90.astype(float).mean())
    assert 0 <= row.coverage_50 <= row.coverage_90 <= 1


def test_backtest_command_writes_csvs_and_figures(tmp_path, capsys):
    out = tmp_path / "bt"
    code = main(
        ["backtest", "--origin", "2016", "--horizon", "1", "--draws", "50"]
        + ["--replications", "2", "--out", str(out)]
    )
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "backtest.csv",
        "backtest_conditional.png",
        "backtest_unconditional.png",
        "coverage.csv",
        "manifest.json",
        "skill.csv",
    ]
    printed = capsys.readouterr().out
    assert "in90 model" in printed and "target" in printed
    forecasts = pd.read_csv(out / "backtest.csv")
    assert set(forecasts["model"]) == {"pipeline", "reduced_form"}
    assert set(forecasts["origin"]) == {2016}
    assert {"fai_growth", "retail_sales_growth", "foreign_trade_growth"} <= set(
        forecasts["indicator"]
    )
    gdp = forecasts[forecasts["indicator"] == "gdp_real_growth"]
    assert (gdp["actual"] == 9.3).all() and gdp["target"].isna().all()  # no target for 2017


def test_backtest_refuses_an_origin_without_later_data(tmp_path, capsys):
    assert main(["backtest", "--origin", "2025", "--out", str(tmp_path / "x")]) == 2
    assert "origin 2025 outside" in capsys.readouterr().err


def test_history_copy_is_usable_with_history_option(tmp_path):
    copy = tmp_path / "mine.csv"
    shutil.copy(DEFAULT_HISTORY, copy)
    assert load_history(copy).span() == (2011, 2025)
