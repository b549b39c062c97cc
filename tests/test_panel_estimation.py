"""Panel estimators recover known parameters; shrinkage goes the right way; loaders keep vintages.

Synthetic panels with known parameters test the estimators; the copied files test the loaders.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml

from sim.analysis.calibration import panel, panel_links, panel_shocks, panel_structure
from sim.analysis.calibration.panel_data import (
    GDP_VINTAGES,
    PanelDataError,
    check_panel,
    income_panel,
    national_growth,
    read_panel,
    real_growth,
    wide,
)

DATA = Path(__file__).resolve().parent.parent / "calibration" / "panel"


# --- synthetic panels ---------------------------------------------------------------------------


def random_slope_panel(
    rng: np.random.Generator,
    n_regions: int = 30,
    years: range = range(2001, 2019),
    slope: float = 1.2,
    slope_sd: float = 0.3,
    year_sd: float = 1.0,
    noise_sd: float = 1.0,
) -> tuple[pd.DataFrame, pd.Series]:
    """y_it = 2 + a_i + (slope + b_i) x_t + m_t + e_it, x_t a national series common to all."""
    regions = [f"R{i:02d}" for i in range(n_regions)]
    x = pd.Series(rng.normal(8.0, 2.5, len(years)), index=list(years))
    m = pd.Series(rng.normal(0.0, year_sd, len(years)), index=list(years))
    b = pd.Series(rng.normal(0.0, slope_sd, n_regions), index=regions)
    a = pd.Series(rng.normal(0.0, 1.0, n_regions), index=regions)
    rows = [
        {
            "region": r,
            "year": t,
            "x": x[t],
            "y": 2 + a[r] + (slope + b[r]) * x[t] + m[t] + rng.normal(0.0, noise_sd),
        }
        for r in regions
        for t in years
    ]
    return pd.DataFrame(rows), slope + b


def long_rows(values: dict[tuple[str, int, str], float]) -> pd.DataFrame:
    """Long-format rows (region, year, indicator) -> value with the panel columns."""
    rows = [
        {
            "region": r,
            "year": y,
            "indicator": i,
            "value": v,
            "unit": "",
            "kind": "test",
            "source": "test",
            "quote": "",
        }
        for (r, y, i), v in values.items()
    ]
    return pd.DataFrame(rows)


# --- the mixed model ----------------------------------------------------------------------------


def test_random_slopes_recover_mean_and_spread():
    frame, _ = random_slope_panel(np.random.default_rng(1), n_regions=25, years=range(2001, 2016))
    fit = panel.fit_mixed(frame, "y", "x")
    se = float(np.sqrt(fit.fixed_cov.loc["x", "x"]))
    assert fit.converged
    assert abs(fit.fixed["x"] - 1.2) < 3 * se
    assert 0.15 < fit.sd_slope < 0.5
    assert 0.5 < fit.sd_year < 1.6
    assert fit.sample.n_obs == 25 * 15


def test_year_effects_widen_the_se_of_a_national_regressor():
    """A national regressor is one value a year: common year shocks make the provinces'
    observations of a year far from independent, and the se must say so (Moulton)."""
    frame, _ = random_slope_panel(
        np.random.default_rng(2), n_regions=20, slope_sd=0.0, year_sd=2.0, noise_sd=1.0
    )
    crossed = panel.fit_mixed(frame, "y", "x", random_slope=False)
    naive = panel.fit_mixed(frame, "y", "x", random_slope=False, year_effects=False)
    se_crossed = float(np.sqrt(crossed.fixed_cov.loc["x", "x"]))
    se_naive = float(np.sqrt(naive.fixed_cov.loc["x", "x"]))
    # by hand: the year means follow ybar_t = c + beta x_t + m_t + ebar_t, T points
    x = frame.groupby("year")["x"].first()
    by_hand = np.sqrt((2.0**2 + 1.0**2 / 20) / (len(x) * x.var(ddof=0)))
    assert se_crossed > 2.5 * se_naive
    assert 0.7 < se_crossed / by_hand < 1.4


def test_blup_shrinks_a_short_noisy_province_more():
    rng = np.random.default_rng(3)
    frame, _ = random_slope_panel(
        rng, n_regions=20, years=range(2001, 2016), slope_sd=0.4, year_sd=0.3
    )
    # two extra provinces with the same true slope 2.0: one with 15 quiet years, one with 5 noisy
    years = sorted(frame["year"].unique())
    x = frame.groupby("year")["x"].first()
    extra = []
    for name, span, noise in (("Long", years, 0.5), ("Short", years[-5:], 3.0)):
        for t in span:
            y = 2 + 2.0 * x[t] + rng.normal(0, noise)
            extra.append({"region": name, "year": t, "x": x[t], "y": y})
    frame = pd.concat([frame, pd.DataFrame(extra)], ignore_index=True)
    fit = panel.fit_mixed(frame, "y", "x")
    mean = float(fit.fixed["x"])
    shrunk = {}
    for name in ("Long", "Short"):
        own = panel.own_ols(frame, "y", "x", region=name)
        shrunk[name] = panel.shrunk_slope(fit, own, "", "", "", region=name)
    assert shrunk["Short"].shrinkage_weight < shrunk["Long"].shrinkage_weight
    pull = {
        name: abs(s.chongqing.value - mean) / abs(s.chongqing_own.value - mean)
        for name, s in shrunk.items()
    }
    assert pull["Short"] < pull["Long"]
    assert shrunk["Short"].chongqing.se > shrunk["Long"].chongqing.se
    assert abs(shrunk["Long"].chongqing.value - 2.0) < 3 * shrunk["Long"].chongqing.se


def test_prediction_matches_the_equation():
    frame, _ = random_slope_panel(np.random.default_rng(4), n_regions=12, years=range(2005, 2015))
    fit = panel.fit_mixed(frame, "y", "x")
    value, se = fit.predict("R03", {"x": 10.0})
    by_hand = (
        fit.fixed["Intercept"]
        + fit.intercepts["R03"]
        + (fit.fixed["x"] + fit.slopes["R03"]) * (10.0 - fit.centers["x"])
    )
    assert value == pytest.approx(by_hand)
    assert se > 0


# --- persistence ---------------------------------------------------------------------------------


def ar1_growth_frame(rng: np.random.Generator, rho: float, n: int, years: int) -> pd.DataFrame:
    """g_it = a_i + 0.8 gnat_t + rho g_i,t-1 + e_it, as panel.growth_frame lays it out."""
    gnat = rng.normal(8.0, 2.0, years + 20)
    rows = []
    for i in range(n):
        a = rng.normal(2.0, 1.0)
        g = (a + 0.8 * 8.0) / (1 - rho)
        path = []
        for t in range(years + 20):
            g = a + 0.8 * gnat[t] + rho * g + rng.normal(0.0, 1.0)
            path.append(g)
        for t in range(20, years + 20):
            rows.append(
                {
                    "region": f"R{i}",
                    "year": 2000 + t,
                    "gnat": gnat[t],
                    "g_gdp": path[t],
                    "g_gdp_lag1": path[t - 1],
                    "g_gdp_lag2": path[t - 2],
                }
            )
    return pd.DataFrame(rows)


def test_anderson_hsiao_recovers_persistence_that_fixed_effects_bias_down():
    frame = ar1_growth_frame(np.random.default_rng(5), rho=0.5, n=150, years=10)
    result = panel.dynamic_response(frame, "gdp", 2020, 2029)
    fe_rho = result.fixed_effects["persistence"]
    ah_rho = result.anderson_hsiao["persistence"]
    assert abs(ah_rho.value - 0.5) < 3 * ah_rho.se
    assert fe_rho.value < 0.5 - 0.05  # Nickell bias, about (1 + rho) / (T - 1)
    assert result.fixed_effects["long_run_response"].value == pytest.approx(
        result.fixed_effects["response"].value / (1 - fe_rho.value)
    )


def test_shock_persistence_recovers_ar1_of_residuals():
    rng = np.random.default_rng(6)
    rows = []
    for i in range(25):
        u = 0.0
        for t in range(2000, 2026):
            u = 0.4 * u + rng.normal(0.0, 1.0)
            rows.append(((f"R{i}", t), u))
    residuals = pd.Series(dict(rows))
    residuals.index = pd.MultiIndex.from_tuples(residuals.index, names=["region", "year"])
    result = panel_shocks.shock_persistence(residuals.rename(index={"R0": "Chongqing"}), "gdp")
    assert abs(result.rho.panel_mean.value - 0.4) < 0.08
    assert 0.0 <= result.rho.shrinkage_weight <= 1.0


# --- shock covariance and empirical Bayes -----------------------------------------------------


def test_shock_covariance_recovers_a_known_covariance():
    rng = np.random.default_rng(7)
    sd = np.array([2.0, 3.0, 1.5])
    corr = np.array([[1.0, 0.5, 0.2], [0.5, 1.0, 0.3], [0.2, 0.3, 1.0]])
    cov = np.diag(sd) @ corr @ np.diag(sd)
    regions = ["Chongqing"] + [f"R{i}" for i in range(30)]
    index = pd.MultiIndex.from_product([regions, range(2001, 2023)], names=["region", "year"])
    draws = rng.multivariate_normal(np.zeros(3), cov, size=len(index))
    eps = pd.DataFrame(draws, index=index, columns=["primary", "secondary", "tertiary"])
    result = panel_shocks.shock_covariance(eps)
    np.testing.assert_allclose(result.sd["panel"], sd, rtol=0.1)
    np.testing.assert_allclose(result.corr["panel"], corr, atol=0.08)
    own, panel_value, shrunk = (result.sd[k] for k in ("chongqing", "panel", "shrunk"))
    assert (np.minimum(own, panel_value) - 1e-9 <= shrunk).all()
    assert (shrunk <= np.maximum(own, panel_value) + 1e-9).all()
    assert np.linalg.eigvalsh(result.covariance("shrunk")).min() > 0


def test_empirical_bayes_pulls_a_noisier_estimate_harder():
    effects = pd.Series({f"R{i}": v for i, v in enumerate(np.linspace(-1, 1, 21))})
    variances = pd.Series(0.1, index=effects.index)
    precise = panel_shocks.eb_shrink(
        pd.concat([effects, pd.Series({"Chongqing": 2.0})]),
        pd.concat([variances, pd.Series({"Chongqing": 0.05})]),
    )
    noisy = panel_shocks.eb_shrink(
        pd.concat([effects, pd.Series({"Chongqing": 2.0})]),
        pd.concat([variances, pd.Series({"Chongqing": 2.0})]),
    )
    assert noisy.weight < precise.weight
    assert abs(noisy.shrunk - noisy.mean) < abs(precise.shrunk - precise.mean)
    assert precise.mean < precise.shrunk < 2.0


# --- structure ----------------------------------------------------------------------------------


def test_convergence_recovers_beta_and_premium_is_the_prediction():
    rng = np.random.default_rng(8)
    rows = []
    for i in range(31):
        a = rng.normal(0.0, 0.8)
        for t in range(2005, 2021):
            x = rng.normal(0.0, 0.4)
            rows.append(
                {
                    "region": "Chongqing" if i == 0 else f"R{i}",
                    "year": t,
                    "ln_rel_income_lag1": x,
                    "rel": a - 2.0 * x + rng.normal(0.0, 1.0),
                }
            )
    frame = pd.DataFrame(rows)
    result = panel_structure.convergence(frame, 2005, 2020, chongqing_rel_income=0.1)
    beta = result.beta_absolute
    assert abs(beta.value + 2.0) < 3 * beta.se
    value, _ = result.absolute.predict("Chongqing", {"ln_rel_income_lag1": 0.1})
    assert result.premium.chongqing.value == pytest.approx(value)


def test_share_adjustment_long_run_gradient_is_effect_over_speed():
    rng = np.random.default_rng(9)
    rows = []
    for i in range(20):
        s, alpha = 40.0 + rng.normal(0, 3), rng.normal(0, 1)
        for t in range(2000, 2021):
            ln_income = 9.0 + 0.08 * (t - 2000) + rng.normal(0, 0.05)
            new = s + 0.2 * (alpha + 10.0 * ln_income - 50.0 - s) + rng.normal(0, 0.5)
            rows.append(
                {
                    "region": f"R{i}",
                    "year": t,
                    "share_tertiary": new,
                    "share_tertiary_lag1": s,
                    "ln_income": ln_income,
                }
            )
            s = new
    result = panel_structure.share_adjustment(pd.DataFrame(rows), time_effects=False)
    speed, effect, gradient = result.values
    assert gradient == pytest.approx(effect / speed)
    assert 0.1 < speed < 0.35
    assert np.linalg.eigvalsh(result.cov).min() >= -1e-12


# --- population (hand-computed) ------------------------------------------------------------------


def test_population_trend_of_an_exact_one_percent_path():
    values = {}
    for year in range(2000, 2021):
        values[("Chongqing", year, "population_yearend")] = 1000 * 1.01 ** (year - 2000)
        values[("Other", year, "population_yearend")] = 500.0
    trend = panel_links.population_trend(
        long_rows(values), {2021: 1000 * 1.01**20, 2022: 1000 * 1.01**20 * 0.99}
    )
    expected = 100 * np.log(1.01)
    for estimate in trend.windows.values():
        assert estimate.value == pytest.approx(expected, abs=1e-9)
    assert trend.recent[2021] == pytest.approx(0.0, abs=1e-9)
    assert trend.recent[2022] == pytest.approx(100 * np.log(0.99))


def test_national_growth_from_a_1978_index():
    index = {1978: 100.0, 1979: 110.0, 1980: 121.0}
    national = long_rows({("China", y, "gdp_real_index_1978_100"): v for y, v in index.items()})
    growth = national_growth(national)
    np.testing.assert_allclose(growth.to_numpy(), [10.0, 10.0])
    assert list(growth.index) == [1979, 1980]


# --- the copied files ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def copied():
    return read_panel(DATA / "province_panel.csv"), read_panel(DATA / "china_national.csv")


def test_copied_panel_has_one_row_per_region_year_and_indicator(copied):
    provinces, national = copied
    for frame in (provinces, national):
        assert not frame.duplicated(["region", "year", "indicator"]).any()
    assert provinces["region"].nunique() == 31
    assert set(national["region"]) == {"China"}


def test_gdp_vintages_stay_within_their_years_and_apart(copied):
    provinces, _ = copied
    for vintage, (first, last) in GDP_VINTAGES.items():
        rows = provinces[provinces["indicator"] == vintage]
        if rows.empty:
            continue
        assert rows["year"].between(first, last).all(), vintage
        table = income_panel(provinces, vintage).table
        assert table.index.get_level_values("year").min() >= first
        assert table.index.get_level_values("year").max() <= last
    assert "gdp_nominal_nbsdb2023" not in set(provinces["indicator"])  # not used, not copied


def test_real_growth_and_national_growth_span_the_documented_years(copied):
    provinces, national = copied
    growth = real_growth(provinces)
    years = growth.index.get_level_values("year")
    assert years.min() == 1979 and years.max() == 2022
    assert growth.loc[("Chongqing", 2022), "g_gdp"] == pytest.approx(2.6)
    assert growth.shape[1] == 4
    gnat = national_growth(national)
    assert gnat.index.min() == 1979 and gnat.index.max() == 2023
    assert gnat[2020] == pytest.approx(2.24, abs=0.01)


def test_two_vintages_under_one_name_are_refused():
    rows = long_rows({("A", 2015, "gdp_nominal"): 1.0})
    spliced = pd.concat([rows, rows.assign(value=2.0)], ignore_index=True)
    with pytest.raises(PanelDataError, match="two rows"):
        wide(spliced, ["gdp_nominal"])
    with pytest.raises(PanelDataError, match="not a nominal GDP vintage"):
        income_panel(rows, "gdp_nominal_spliced")


def test_bad_value_names_the_line():
    rows = long_rows({("A", 2015, "x"): 1.0, ("A", 2016, "x"): 2.0}).astype({"value": object})
    rows.loc[1, "value"] = "n/a"
    with pytest.raises(PanelDataError, match="line 3"):
        check_panel(rows, "test.csv")


def test_estimates_file_records_value_se_sample_and_method():
    estimates = yaml.safe_load((DATA / "estimates.yaml").read_text(encoding="utf-8"))
    for key in (
        "national_response",
        "shocks",
        "sector_shares",
        "services_industry_gap",
        "convergence",
        "investment",
        "employment",
        "budget_expenditure",
        "population",
    ):
        assert key in estimates, key

    def entries(node, path=""):
        if isinstance(node, dict):
            if "estimate" in node and "unit" in node:
                yield path, node
            for k, v in node.items():
                yield from entries(v, f"{path}/{k}")

    found = list(entries(estimates))
    assert len(found) > 40
    for path, entry in found:
        assert "se" in entry and "sample" in entry, path
        assert entry["sample"]["years"] and entry["sample"]["n_obs"] > 0, path
    for sector in ("gdp", "primary", "secondary", "tertiary"):
        response = estimates["national_response"][sector]
        assert response["se"] > 0
        assert {"panel_mean", "chongqing_only", "shrinkage_weight"} <= set(response)


# --- estimates by backtest origin -----------------------------------------------------------------


def test_shock_window_is_the_last_eight_years_before_the_origin_without_2020_2022():
    from sim.analysis.calibration.panel_run import shock_window

    years = range(2001, 2023)
    index = pd.MultiIndex.from_product([["A", "B"], years], names=["region", "year"])
    eps = pd.DataFrame({"secondary": np.zeros(len(index))}, index=index)
    assert shock_window(eps, 2016) == list(range(2009, 2017))
    assert shock_window(eps, 2021) == list(range(2012, 2020))
    assert shock_window(eps, 2024) == list(range(2012, 2020))


def test_estimates_by_origin_use_no_later_years():
    """Each origin's fits end at the origin (the panel's last main year is 2022)."""
    data = yaml.safe_load((DATA / "by_origin.yaml").read_text())["origins"]
    assert sorted(data) == list(range(2015, 2025))
    for origin, fit in data.items():
        last = min(origin, 2022)
        assert fit["data_until"] == last
        assert fit["national_response"]["gdp"]["sample"]["years"] == f"2000-{last}"
        recent = fit["shocks"]["innovations_recent"]
        first, end = (int(y) for y in recent["sample"]["years"].split("-"))
        assert end <= min(origin, 2019) and end - first + 1 >= 8
        assert all(se > 0 for se in recent["se"]["sd"].values())
