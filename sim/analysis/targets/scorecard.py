"""The scorecard: for each target, where the outcome is likely to be and how likely it is met.

The probability of meeting a target is the share of Monte Carlo draws whose outcome meets it
(:func:`probability`); nothing is smoothed or fitted. Its Monte Carlo standard error is
``sqrt(p (1 - p) / draws)``, at most ``0.5 / sqrt(draws)`` (1.1 percentage points for 2,000).

Status thresholds (:data:`ON_TRACK`, :data:`OFF_TRACK`) follow the IPCC's calibrated language
for likelihood (Mastrandrea et al. 2010, *Guidance Note for Lead Authors of the IPCC Fifth
Assessment Report on Consistent Treatment of Uncertainties*): "likely" is 66-100%, "about as
likely as not" 33-66%, "unlikely" 0-33%. A target the model finds *likely* met is on track, one
it finds *unlikely* met is off track, and one in between is at risk. These are conventions for
communication, not model results: the probabilities are printed beside the status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd

from sim.inputs.levers import BASE_YEAR
from sim.inputs.targets_file import Target
from sim.results import Ensemble, Scorecard

ON_TRACK = 0.66
"""Probability of meeting a target at or above which it is "on track" (IPCC: likely)."""
OFF_TRACK = 0.33
"""Probability below which a target is "off track" (IPCC: unlikely); in between "at risk"."""

BAND = (5.0, 95.0)
"""Percentiles of the printed band: the 90% band."""

TARGET_COLUMNS = [
    "target",
    "label",
    "indicator",
    "year",
    "comparison",
    "value",
    "unit",
    "scenario",
    "value_2025",
    "p05",
    "p50",
    "p95",
    "probability",
    "gap",
    "status",
]
"""Columns of ``targets.csv``: the target, the scenario, the 2025 value, the outcome's 5th,
50th and 95th percentiles in the target year, the probability of meeting it (0 to 1), the gap
of the median (median minus target, in the indicator's unit) and the status."""


def probability(target: Target, outcome: np.ndarray) -> float:
    """Share of draws whose outcome meets ``target``.

    Parameters
    ----------
    target : Target
        The target (comparison and value).
    outcome : ndarray, shape (draws,)
        The indicator in the target year, one value per draw, in the indicator's unit.

    Returns
    -------
    float
        In [0, 1]: the number of draws meeting the target divided by the number of draws.
    """
    outcome = np.asarray(outcome, dtype=float)
    if outcome.size == 0:
        raise ValueError("no draws: the probability of an empty sample is undefined")
    return float(np.count_nonzero(target.met(outcome)) / outcome.size)


def status(p: float) -> str:
    """``"on track"`` (p >= ON_TRACK), ``"off track"`` (p < OFF_TRACK) or ``"at risk"``."""
    if p >= ON_TRACK:
        return "on track"
    if p < OFF_TRACK:
        return "off track"
    return "at risk"


def gap(target: Target, median: float) -> float:
    """Median outcome minus the target value, in the indicator's unit (pp for percentages).

    Positive means the median is above the target: ahead for a ``>=``/``>`` target, over the
    cap for a ``<=`` target.
    """
    return float(median - target.value)


@dataclass(frozen=True)
class Score:
    """One line of the scorecard.

    Attributes
    ----------
    target : Target
        The target.
    base : float
        The indicator in 2025 (the seeds), in its unit.
    p05, p50, p95 : float
        5th, 50th and 95th percentiles of the outcome in the target year.
    probability : float
        Share of draws meeting the target, 0 to 1.
    gap : float
        ``p50 - target.value``.
    status : str
        ``"on track"``, ``"at risk"`` or ``"off track"`` (:func:`status`).
    draws : int
        Number of Monte Carlo draws.
    """

    target: Target
    base: float
    p05: float
    p50: float
    p95: float
    probability: float
    gap: float
    status: str
    draws: int

    @property
    def standard_error(self) -> float:
        """Monte Carlo standard error of ``probability``."""
        p = self.probability
        return float(np.sqrt(p * (1.0 - p) / self.draws))

    def row(self) -> dict[str, object]:
        """A flat record (the columns of ``targets.csv`` without the scenario)."""
        t = self.target
        return {
            "target": t.id,
            "label": t.label,
            "indicator": t.indicator,
            "year": t.year,
            "comparison": t.comparison,
            "value": t.value,
            "unit": t.unit,
            "value_2025": self.base,
            "p05": self.p05,
            "p50": self.p50,
            "p95": self.p95,
            "probability": self.probability,
            "gap": self.gap,
            "status": self.status,
        }

    def to_dict(self) -> dict[str, object]:
        """JSON-ready: the row plus the standard error, draws and the target's source."""
        return {
            **self.row(),
            "probability_se": self.standard_error,
            "draws": self.draws,
            "source": {k: v for k, v in asdict(self.target.source).items() if v is not None},
            "note": self.target.note,
        }


def score(target: Target, values: np.ndarray, years: list[int]) -> Score:
    """Score one target on an indicator's draws.

    Parameters
    ----------
    target : Target
        The target.
    values : ndarray, shape (draws, years)
        The indicator, column 0 the base year 2025 (as ``Ensemble.values``).
    years : list of int
        The years of the columns.

    Raises
    ------
    ValueError
        If the target's year is not among ``years``.
    """
    if target.year not in years:
        raise ValueError(f"target {target.id} is for {target.year}, outside {years[0]}-{years[-1]}")
    outcome = values[:, years.index(target.year)]
    p05, p50, p95 = np.percentile(outcome, [BAND[0], 50.0, BAND[1]])
    p = probability(target, outcome)
    return Score(
        target=target,
        base=float(np.median(values[:, years.index(BASE_YEAR)])),
        p05=float(p05),
        p50=float(p50),
        p95=float(p95),
        probability=p,
        gap=gap(target, float(p50)),
        status=status(p),
        draws=int(outcome.size),
    )


def scorecard(ensemble: Ensemble, targets: tuple[Target, ...]) -> list[Score]:
    """Score every target whose year the ensemble covers, in the given order."""
    years = ensemble.years
    return [score(t, ensemble.values[t.indicator], years) for t in targets if t.year in years]


def scorecard_frame(scores: Sequence[Score], scenario: str) -> pd.DataFrame:
    """The scores of one scenario as the tidy table of ``targets.csv`` (``TARGET_COLUMNS``)."""
    rows = [{**s.row(), "scenario": scenario} for s in scores]
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def scorecard_table(ensembles: Sequence[Ensemble], targets: Sequence[Target]) -> Scorecard:
    """The scorecard of every scenario, a row per scenario and target, for reports and figures.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The scenarios, in order.
    targets : sequence of Target
        The targets to score; those beyond a scenario's horizon are left out of its rows.

    Returns
    -------
    Scorecard
        ``table`` has ``scenario`` and the columns of :meth:`Score.row`: ``target, label,
        indicator, year, comparison, value, unit, value_2025, p05, p50, p95, probability``
        (0 to 1), ``gap, status``; with the status thresholds ``ON_TRACK`` and ``OFF_TRACK``.
    """
    chosen = tuple(targets)
    frames = [scorecard_frame(scorecard(e, chosen), e.scenario.name) for e in ensembles]
    table = pd.concat(frames, ignore_index=True)
    table = table[["scenario", *(c for c in TARGET_COLUMNS if c != "scenario")]]
    notes = {t.id: t.note for t in chosen if t.note}
    return Scorecard(table=table, on_track=ON_TRACK, off_track=OFF_TRACK, notes=notes)
