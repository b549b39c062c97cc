"""Scoring the backtest: the target's weight, the combined forecast and the skill table, by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sim.analysis.calibration import forecast_skill as fs


def _pairs(rows):
    return pd.DataFrame(rows, columns=["year", "p50", "target", "actual"])


def test_weight_is_the_regression_of_the_target_error_on_the_model_departure():
    # m - t = 1, -1, 2; a - t = 0.5, -0.5, 1 -> w = (0.5 + 0.5 + 2) / (1 + 1 + 4) = 0.5
    pairs = _pairs([(2016, 8.0, 7.0, 7.5), (2017, 6.0, 7.0, 6.5), (2018, 9.0, 7.0, 8.0)])
    assert fs.target_weight(pairs, 2018) == (pytest.approx(0.5), 3)
    # m - t = 1, 1, 1; a - t = 0.2, 0.4, 0.3 -> w = 0.9 / 3 = 0.3
    pairs = _pairs([(2016, 8.0, 7.0, 7.2), (2017, 8.0, 7.0, 7.4), (2018, 8.0, 7.0, 7.3)])
    assert fs.target_weight(pairs, 2018)[0] == pytest.approx(0.3)


def test_weight_uses_only_years_known_at_the_origin_and_equal_weights_before():
    pairs = _pairs([(2016, 8.0, 7.0, 7.5), (2017, 6.0, 7.0, 6.5), (2018, 9.0, 7.0, 8.0)])
    assert fs.target_weight(pairs, 2017) == (fs.EQUAL_WEIGHT, 2)
    assert fs.EQUAL_WEIGHT == 0.5


def test_weight_is_clipped_to_zero_and_one():
    # The model's departures point away from the outturns: the target alone (w = 0).
    away = _pairs([(2016, 8.0, 7.0, 6.0), (2017, 6.0, 7.0, 8.0), (2018, 9.0, 7.0, 5.0)])
    assert fs.target_weight(away, 2018)[0] == 0.0
    # The outturns move twice as far as the model: w = 2, clipped to the model alone.
    far = _pairs([(2016, 8.0, 7.0, 9.0), (2017, 6.0, 7.0, 5.0), (2018, 9.0, 7.0, 11.0)])
    assert fs.target_weight(far, 2018)[0] == 1.0


def _forecasts():
    """GDP one year ahead from four origins, one model and variant; targets in three years."""
    rows = []
    for origin, p50, target, actual in [
        (2015, 8.0, 7.0, 7.5),
        (2016, 6.0, 7.0, 6.5),
        (2017, 9.0, 7.0, 8.0),
        (2018, 5.0, 6.0, np.nan),
        (2019, 4.0, np.nan, 3.0),
    ]:
        rows.append(
            {
                "variant": "conditional",
                "model": "reduced_form",
                "indicator": fs.WEIGHT_INDICATOR,
                "origin": origin,
                "year": origin + 1,
                "horizon": 1,
                "actual": actual,
                "p05": p50 - 2,
                "p25": p50 - 1,
                "p50": p50,
                "p75": p50 + 1,
                "p95": p50 + 2,
                "in_50": None if actual != actual else bool(p50 - 1 <= actual <= p50 + 1),
                "in_90": None if actual != actual else bool(p50 - 2 <= actual <= p50 + 2),
                "naive_last": 7.0,
                "naive_avg5": 7.5,
                "target": target,
                "shock_year": origin + 1 == 2020,
            }
        )
    return pd.DataFrame(rows)


def test_combined_forecast_is_the_weighted_mean_with_shifted_bands():
    out = fs.combine_with_target(_forecasts()).set_index("origin")
    # Origins 2015-2016 know fewer than three pairs: equal weights.
    assert out.loc[2015, "target_weight"] == 0.5
    assert out.loc[2015, "forecast"] == pytest.approx(7.5)
    # Origin 2018 knows the pairs for 2016-2018 (weight 0.5 by hand above): 0.5 * 5 + 0.5 * 6.
    assert out.loc[2018, "target_pairs"] == 3
    assert out.loc[2018, "forecast"] == pytest.approx(5.5)
    assert out.loc[2018, "forecast_p95"] == pytest.approx(7.5)
    # No target for 2020: the forecast is the model's median.
    assert out.loc[2019, "forecast"] == 4.0
    assert out.loc[2017, "forecast_error"] == pytest.approx(0.5 * 9 + 0.5 * 7 - 8.0)
    assert out.loc[2017, "target_error"] == pytest.approx(-1.0)


def test_skill_table_scores_each_forecaster_by_hand():
    skill = fs.skill_table(fs.combine_with_target(_forecasts()))
    one = skill[(skill["years"] == "all years")].set_index("forecaster")
    # Target: errors -0.5, 0.5, -1.0 over 2016-2018 (2019 has no outturn, 2020 no target).
    target = one.loc["official target"]
    assert target["n"] == 3
    assert target["mae"] == pytest.approx(2.0 / 3)
    assert target["bias"] == pytest.approx(-1.0 / 3)
    assert target["rmse"] == pytest.approx(np.sqrt((0.25 + 0.25 + 1.0) / 3))
    # Model: errors 0.5, -0.5, 1.0, 1.0; the actuals all inside the 90% band.
    model = one.loc["model"]
    assert (model["n"], model["mae"], model["bias"]) == (4, 0.75, 0.5)
    assert model["coverage_90"] == 1.0
    assert model["mean_band_90_width"] == pytest.approx(4.0)
    # Naive last (7.0): errors -0.5, 0.5, -1.0, 4.0.
    assert one.loc["naive last", "mae"] == pytest.approx(1.5)
    # Without the shock year 2020 (origin 2019), the model's last error drops out.
    out = skill[skill["years"] == "shock years out"].set_index("forecaster")
    assert out.loc["model", "n"] == 3
    assert out.loc["model", "mae"] == pytest.approx(2.0 / 3)


def test_intercept_correction_subtracts_the_mean_error_known_at_the_origin():
    # one-year-ahead errors (p50 - actual): 2016 +0.5, 2017 -0.5, 2018 +1.0, 2019 unknown
    out = fs.intercept_correct(_forecasts()).set_index("origin")
    assert out.loc[2015, "correction"] == 0.0 and out.loc[2015, "correction_errors"] == 0
    assert out.loc[2016, "correction"] == pytest.approx(0.5)  # knows 2016 only
    assert out.loc[2017, "correction"] == pytest.approx(0.0)  # (0.5 - 0.5) / 2
    assert out.loc[2018, "correction"] == pytest.approx(1.0 / 3)
    assert out.loc[2018, "corrected"] == pytest.approx(5.0 - 1.0 / 3)
    assert out.loc[2018, "corrected_p95"] == pytest.approx(7.0 - 1.0 / 3)  # bands move with it
    # 2016's forecast from 2015 knew nothing yet: corrected = raw
    assert out.loc[2016, "corrected_error"] == pytest.approx(6.0 - 0.5 - 6.5)
    # a window of five years: an error six years old is no longer used
    late = _forecasts()
    late.loc[late.origin == 2019, ["origin", "year"]] = [2022, 2023]
    out = fs.intercept_correct(late).set_index("origin")
    # window 2018-2022: only 2018's error is known (2016 and 2017 are too old)
    assert out.loc[2022, "correction_errors"] == 1
    assert out.loc[2022, "correction"] == pytest.approx(1.0)
    skill = fs.skill_table(fs.intercept_correct(fs.combine_with_target(_forecasts())))
    assert "model, corrected" in set(skill["forecaster"])
