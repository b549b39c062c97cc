"""Small estimators of the calibration fitted on Chongqing's own history, with standard errors.

The behavioural parameters come from the provincial panel (``sim.analysis.calibration.panel``);
what is left for Chongqing's short history is the logistic speed of the NEV share. Years hit by
one-off shocks are named here for the level fits and the backtest: 2020, the COVID-19 outbreak;
2021, the rebound from its low base; 2022, lockdowns and the property downturn.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

SHOCK_YEARS: dict[int, str] = {
    2020: "COVID-19 outbreak",
    2021: "rebound from the 2020 base",
    2022: "lockdowns and property downturn",
}
Series = Mapping[int, float]


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


def fit_logistic_speed(shares: Series, ceiling: float, until: int) -> Estimate | None:
    """Speed k of s_t+1 = s_t + k s_t (1 - s_t / ceiling), from consecutive years' shares."""
    years = sorted(y for y in shares if y <= until and y + 1 in shares and y + 1 <= until)
    if not years:
        return None
    speeds = np.array(
        [(shares[y + 1] - shares[y]) / (shares[y] * (1 - shares[y] / ceiling)) for y in years]
    )
    if len(speeds) > 1:
        se = float(speeds.std(ddof=1) / np.sqrt(len(speeds)))
    else:
        se = 0.5 * float(speeds[0])
    return Estimate(
        float(speeds.mean()), se, len(years), tuple(years), "mean one-year logistic speed"
    )
