"""Estimators of the calibration: small least-squares fits with standard errors.

Chongqing's public history is short and gappy (real GDP growth 2015-2025 is the only complete
series), so each estimator says how many observations it used and falls back to the prior (with
its reason and range) when there are too few. Years hit by one-off shocks are handled explicitly:

* 2020, the COVID-19 outbreak; 2021, the rebound from its low base; 2022, lockdowns and the
  property downturn. They are left out of every *trend* fit (not averaged in), because a trend
  through them would read a one-off as a slowdown or a boom.
* They stay in the fit of the response to national growth, because those national shocks are
  exactly what identify how strongly Chongqing moves with China.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import stats

SHOCK_YEARS: dict[int, str] = {
    2020: "COVID-19 outbreak",
    2021: "rebound from the 2020 base",
    2022: "lockdowns and property downturn",
}
TREND_WINDOW = 8
"""Years of history (ending at the last year used) that trend fits look at."""
DAMPING = 0.7
"""Damping of the fitted slope per year ahead (damped-trend forecasting, Gardner and McKenzie
1985): a slowdown seen in the data continues, but fades, instead of running on for ever."""
MIN_REGRESSION_YEARS = 6
"""Fewer years than this and a group's growth is its mean gap to GDP growth, not a regression:
a slope from three or four points (with 2018's auto slump among them) is mostly noise."""
PERSISTENCE_PRIOR_WEIGHT = 5
"""Pseudo-observations of the prior when shrinking the persistence estimate (thin data)."""


@dataclass(frozen=True)
class Estimate:
    """A fitted or prior value with its standard error and the data behind it."""

    value: float
    se: float
    n: int
    years: tuple[int, ...]
    method: str

    def describe(self) -> str:
        """One line for the parameters file: method, estimate, standard error, data."""
        if not self.years:
            return f"{self.method}: {self.value:.3g} (se {self.se:.2g})"
        span = f"{self.years[0]}-{self.years[-1]}"
        return (
            f"{self.method}: {self.value:.3g} (se {self.se:.2g}, n = {self.n}, years {span}: "
            f"{', '.join(map(str, self.years))})"
        )


Series = Mapping[int, float]


def trend_years(series: Series, until: int) -> list[int]:
    """Years usable for a trend fit: within the window, up to ``until``, shock years left out."""
    return sorted(y for y in series if until - TREND_WINDOW < y <= until and y not in SHOCK_YEARS)


@dataclass(frozen=True)
class TrendFit:
    """Damped linear trend of a growth series: level, slope and residuals."""

    level: Estimate
    """Trend growth forecast for the year after ``until``, percent."""
    slope: float
    residuals: dict[int, float]
    sigma: float
    """Residual standard deviation, percentage points."""


def trend_clock(year: int) -> int:
    """Time on the trend's clock: years counted without the shock years.

    The trend is fitted and extrapolated on this clock, so a slowdown seen before 2020 is not
    carried on through 2020-2022 as if those years had been normal: the trend resumes where it
    left off.
    """
    return year - sum(1 for y in SHOCK_YEARS if y <= year)


def fit_damped_trend(series: Series, until: int) -> TrendFit | None:
    """Damped linear trend forecast of growth in ``until + 1``.

    Fits g = a + b c by OLS on ``trend_years``, c the :func:`trend_clock` time since the last of
    them (L), and forecasts a + b (DAMPING + ... + DAMPING^k), k the clock time from L to
    ``until + 1``. Returns None when fewer than three years are usable.
    """
    years = trend_years(series, until)
    if len(years) < 3:
        return None
    last = years[-1]
    t = np.array([trend_clock(y) - trend_clock(last) for y in years], dtype=float)
    g = np.array([series[y] for y in years])
    design = np.column_stack([np.ones_like(t), t])
    coef, *_ = np.linalg.lstsq(design, g, rcond=None)
    resid = g - design @ coef
    dof = len(years) - 2
    s2 = float(resid @ resid) / dof if dof > 0 else float("nan")
    cov = s2 * np.linalg.inv(design.T @ design)
    steps = trend_clock(until) - trend_clock(last) + 1  # the target year counts, shock or not
    weights = np.array([1.0, sum(DAMPING**i for i in range(1, steps + 1))])
    level = float(weights @ coef)
    se = float(np.sqrt(weights @ cov @ weights))
    return TrendFit(
        level=Estimate(level, se, len(years), tuple(years), "damped linear trend (OLS)"),
        slope=float(coef[1]),
        residuals={y: float(r) for y, r in zip(years, resid, strict=True)},
        sigma=float(np.sqrt(s2)),
    )


@dataclass(frozen=True)
class GroupFit:
    """A sector group's trend growth."""

    trend: Estimate


def trend_forecast_errors(series: Series, until: int) -> dict[int, float]:
    """One-step-ahead errors (actual - forecast, pp) of :func:`fit_damped_trend` on the history.

    For each usable year y up to ``until`` with a fit possible on the years before it, the trend is
    fitted on data up to the usable year before y and forecasts y. Their spread measures how far
    a year can land from the trend, including trend shifts that residuals of one fit miss.
    """
    usable = [y for y in sorted(series) if y <= until and y not in SHOCK_YEARS]
    errors = {}
    for previous, year in zip(usable, usable[1:], strict=False):
        if trend_clock(year) - trend_clock(previous) != 1:
            continue  # not one step ahead on the trend's clock
        history = {y: v for y, v in series.items() if y <= previous}
        fitted = fit_damped_trend(history, year - 1)
        if fitted is not None:
            errors[year] = series[year] - fitted.level.value
    return errors


def fit_group_response(group: Series, total: Series, until: int, at: float) -> GroupFit | None:
    """Growth of a sector group when total growth is ``at``: OLS of group on total growth.

    Uses the years both series have (trend years only). With ``MIN_REGRESSION_YEARS`` or more,
    fits g_group = alpha + gamma g_total; with fewer, adds the median gap g_group - g_total to
    ``at``. Returns None without data.
    """
    years = [y for y in trend_years(group, until) if y in total]
    if not years:
        return None
    x = np.array([total[y] for y in years])
    y = np.array([group[y] for y in years])
    if len(years) < MIN_REGRESSION_YEARS:
        gap = y - x
        # Median, not mean: with a handful of years one sector slump (autos in 2018: auto
        # industry value added -17%) would otherwise set the trend. se of a median: 1.25 sd / n^.5.
        se = 1.25 * float(np.std(gap, ddof=1) / np.sqrt(len(gap))) if len(gap) > 1 else 2.0
        value = float(at + np.median(gap))
        estimate = Estimate(value, se, len(years), tuple(years), "median gap to GDP growth")
        return GroupFit(estimate)
    fit = stats.linregress(x, y)
    value = float(fit.intercept + fit.slope * at)
    resid = y - (fit.intercept + fit.slope * x)
    s2 = float(resid @ resid) / max(len(years) - 2, 1)
    se = float(np.sqrt(s2 * (1 / len(x) + (at - x.mean()) ** 2 / ((x - x.mean()) ** 2).sum())))
    method = "OLS on GDP growth, predicted at trend"
    return GroupFit(Estimate(value, se, len(years), tuple(years), method))


def fit_persistence(residuals: Mapping[int, float], prior: float) -> Estimate:
    """AR(1) coefficient of trend residuals in consecutive years, shrunk towards ``prior``.

    rho = (n rho_hat + n0 prior) / (n + n0), n the number of consecutive pairs and n0 =
    ``PERSISTENCE_PRIOR_WEIGHT``: with a handful of pairs the raw estimate is mostly noise.
    """
    pairs = [(residuals[y], residuals[y + 1]) for y in sorted(residuals) if y + 1 in residuals]
    if len(pairs) < 2:
        return Estimate(prior, 0.2, len(pairs), (), "prior (fewer than 2 consecutive pairs)")
    a, b = np.array(pairs).T
    raw = float((a * b).sum() / (a * a).sum()) if (a * a).sum() > 0 else 0.0
    n0 = PERSISTENCE_PRIOR_WEIGHT
    value = float(np.clip((len(pairs) * raw + n0 * prior) / (len(pairs) + n0), 0.0, 0.9))
    years = tuple(sorted(y for y in residuals if y + 1 in residuals))
    return Estimate(
        value,
        float(1 / np.sqrt(len(pairs) + n0)),
        len(pairs),
        years,
        f"AR(1) of trend residuals ({raw:.2f} raw) shrunk to the prior {prior}",
    )


def fit_national_response(local: Series, national: Series, until: int) -> Estimate | None:
    """Slope of Chongqing's real growth on China's real growth (OLS, shock years included)."""
    years = sorted(y for y in local if y in national and y <= until)
    if len(years) < 3:
        return None
    fit = stats.linregress([national[y] for y in years], [local[y] for y in years])
    return Estimate(
        float(fit.slope), float(fit.stderr), len(years), tuple(years), "OLS slope on China's growth"
    )


def fit_share_growth(shares: Series, until: int) -> Estimate | None:
    """Relative growth of a share, % a year: 100 x slope of log(share) on year (OLS)."""
    years = sorted(y for y in shares if until - TREND_WINDOW < y <= until)
    if len(years) < 3:
        return None
    fit = stats.linregress(years, np.log([shares[y] for y in years]))
    return Estimate(
        float(100 * fit.slope),
        float(100 * fit.stderr),
        len(years),
        tuple(years),
        "OLS of log share on year",
    )


def fit_logistic_speed(shares: Series, ceiling: float, until: int) -> Estimate | None:
    """Speed k of s_t+1 = s_t + k s_t (1 - s_t / ceiling), from consecutive years' shares."""
    years = sorted(y for y in shares if y <= until and y + 1 in shares and y + 1 <= until)
    if not years:
        return None
    speeds = np.array(
        [(shares[y + 1] - shares[y]) / (shares[y] * (1 - shares[y] / ceiling)) for y in years]
    )
    se = float(speeds.std(ddof=1) / np.sqrt(len(speeds))) if len(speeds) > 1 else 0.5 * speeds[0]
    return Estimate(
        float(speeds.mean()), se, len(years), tuple(years), "mean one-year logistic speed"
    )
