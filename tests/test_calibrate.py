"""Calibration: history checks, the estimators, the fitted file `run` reads, and the backtest."""

from __future__ import annotations

import shutil

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.analysis.calibration import estimators
from sim.analysis.calibration.backtest import run_backtest
from sim.analysis.calibration.calibrate import DEFAULT_PRIORS, calibrate
from sim.cli import main
from sim.inputs.history import DEFAULT_HISTORY, HistoryError, load_history
from sim.inputs.parameters_file import DEFAULT_PARAMETERS, load_parameters
from sim.model.sectors import SECTORS


@pytest.fixture(scope="module")
def history():
    return load_history()


@pytest.fixture(scope="module")
def priors():
    return yaml.safe_load(DEFAULT_PRIORS.read_text())


@pytest.fixture(scope="module")
def va(setup):
    return setup.baseline.va


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
    assert f"h.csv:{lines + 1}: unknown indicator 'gdp_vibes'" in msg


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


# --- estimators -------------------------------------------------------------------------------


def test_damped_trend_recovers_a_linear_slowdown():
    series = {y: 10 - 0.5 * (y - 2010) for y in range(2010, 2020)}
    result = estimators.fit_damped_trend(series, 2019)
    assert result.slope == pytest.approx(-0.5)
    assert result.level.value == pytest.approx(series[2019] - 0.5 * estimators.DAMPING)


def test_shock_years_do_not_move_the_trend():
    calm = {y: 6.0 for y in range(2015, 2026)}
    shocked = {**calm, 2020: -10.0, 2021: 20.0, 2022: 0.0}
    a = estimators.fit_damped_trend(calm, 2025)
    b = estimators.fit_damped_trend(shocked, 2025)
    assert a.level.value == pytest.approx(b.level.value)


def test_national_response_recovers_the_slope():
    national = {2018 + i: g for i, g in enumerate([6.0, 2.0, 8.0, 3.0, 5.0, 5.5])}
    local = {y: 1.0 + 0.8 * g for y, g in national.items()}
    estimate = estimators.fit_national_response(local, national, 2025)
    assert estimate.value == pytest.approx(0.8)
    assert estimate.se == pytest.approx(0.0, abs=1e-9)


def test_share_growth_recovers_a_constant_relative_growth():
    shares = {y: 20 * 1.05 ** (y - 2017) for y in range(2017, 2024)}
    assert estimators.fit_share_growth(shares, 2023).value == pytest.approx(100 * np.log(1.05))


def test_logistic_speed_recovers_the_speed():
    s = {2022: 0.2}
    for y in range(2023, 2026):
        prev = s[y - 1]
        s[y] = prev + 0.4 * prev * (1 - prev / 0.9)
    assert estimators.fit_logistic_speed(s, 0.9, 2025).value == pytest.approx(0.4)


# --- calibrate --------------------------------------------------------------------------------


def test_calibration_is_deterministic(history, priors, va):
    a = calibrate(history, priors, va, 2025).raw
    b = calibrate(history, priors, va, 2025).raw
    assert yaml.safe_dump(a) == yaml.safe_dump(b)


def test_shipped_parameters_are_the_output_of_calibrate(tmp_path, capsys):
    out = tmp_path / "parameters.yaml"
    assert main(["calibrate", "--out", str(out)]) == 0
    assert out.read_text() == DEFAULT_PARAMETERS.read_text(), (
        "calibration/parameters.yaml is stale: run `python run_sim.py calibrate`"
    )
    assert "parameters written to" in capsys.readouterr().out


def test_fitted_file_records_status_span_and_statistics():
    ps = load_parameters()
    assert ps.status == "fitted"
    assert ps.raw["data_span"] == [2015, 2025]
    assert "gdp_trend" in ps.raw["fit_statistics"]
    assert {"trend_growth", "consumption_national_elasticity"} <= set(ps.uncertainty)


def test_fitted_trends_aggregate_to_the_gdp_trend(history, priors, va):
    result = calibrate(history, priors, va, 2025)
    trend = np.array([result.raw["sector"]["trend_growth"]["values"][s] for s in SECTORS])
    weights = va / va.sum()
    assert weights @ trend == pytest.approx(result.estimates["gdp_trend"].value, abs=1e-3)


def test_until_uses_no_later_data(history, priors, va):
    result = calibrate(history, priors, va, 2019)
    assert result.raw["data_span"][1] == 2019
    assert all(max(e.years, default=0) <= 2019 for e in result.estimates.values())
    # China's growth starts in 2020 in the history: the national response stays a prior.
    assert "national_response" not in result.estimates


def test_monte_carlo_samples_parameter_uncertainty(baseline_scenario, setup):
    from sim.execution.simulate import run_chunk

    assert setup.parameter_set.uncertainty, "the fitted file should carry an uncertainty section"
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
def backtest(history, priors, setup):
    return run_backtest(history, priors, setup.seeds, [2018, 2023], 2, 300, 1)


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
    assert row.naive_avg5 == pytest.approx(np.mean([11.0, 10.7, 9.3, 6.0]))  # 2015-2018


def test_backtest_uses_only_data_known_at_the_origin(history, priors, setup):
    # Changing a year after the origin must not change that origin's forecasts.
    changed = load_history()
    changed.series[("Chongqing", "gdp_real_growth_pct")][2020] = -30.0
    changed.series[("China", "gdp_real_growth_pct")][2020] = -30.0
    a = run_backtest(history, priors, setup.seeds, [2019], 2, 200, 3).forecasts
    b = run_backtest(changed, priors, setup.seeds, [2019], 2, 200, 3).forecasts
    uncond = lambda f: f[f.variant == "unconditional"][["p05", "p50", "p95"]]  # noqa: E731
    pd.testing.assert_frame_equal(uncond(a), uncond(b))


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
        [
            "backtest",
            "--origin",
            "2019",
            "2023",
            "--horizon",
            "2",
            "--draws",
            "200",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == [
        "backtest.csv",
        "backtest_conditional.png",
        "backtest_unconditional.png",
        "coverage.csv",
        "manifest.json",
    ]
    assert "in 90%" in capsys.readouterr().out


def test_backtest_refuses_an_origin_without_later_data(tmp_path, capsys):
    assert main(["backtest", "--origin", "2025", "--out", str(tmp_path / "x")]) == 2
    assert "origin 2025 outside" in capsys.readouterr().err


def test_history_copy_is_usable_with_history_option(tmp_path):
    copy = tmp_path / "mine.csv"
    shutil.copy(DEFAULT_HISTORY, copy)
    assert load_history(copy).span() == (2015, 2025)
