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

A target whose statistical basis was not found (``Target.basis == "unverified"``) gets no
probability and no status: both read "basis unverified", beside its caveat. A probability of 0 or
1 is never printed bare (:func:`probability_text`): "<0.15% (0/2000)" says that none of 2,000
draws met the target, and how small the probability may still be.
"""

from __future__ import annotations

import math
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

UNVERIFIED = "basis unverified"
"""Status and probability text of a target whose statistical basis was not found."""

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
    "probability_text",
    "draws",
    "basis",
    "caveat",
]
"""Columns of ``targets.csv``: the target, the scenario, the 2025 value, the outcome's 5th,
50th and 95th percentiles in the target year, the probability of meeting it (0 to 1; empty when
the basis is unverified), the gap of the median (median minus target, in the indicator's unit),
the status, the probability as shown (:func:`probability_text`), the draws it is a share of,
the target's basis (verified, unverified) and its caveat."""


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


def probability_text(p: float, draws: int) -> str:
    """A probability as shown to readers: never a bare "0%" or "100%".

    None of ``draws`` meeting the target reads ``<X% (0/draws)`` with X = 3/draws, the one-sided
    95% upper bound of a proportion after no success in ``draws`` trials (the "rule of three",
    Hanley and Lippman-Hand 1983, JAMA 249(13)); all of them, ``>(100 - X)% (draws/draws)``.
    Below 1% and above 99% one decimal, otherwise a whole percent. NaN (no probability given)
    reads "basis unverified".
    """
    if math.isnan(p):
        return UNVERIFIED
    bound = 300.0 / draws
    if p <= 0.0:
        return f"<{bound:.2g}% (0/{draws})"
    if p >= 1.0:
        return f">{100.0 - bound:.4g}% ({draws}/{draws})"
    if p < 0.01 or p > 0.99:
        return f"{p:.1%}"
    return f"{p:.0%}"


def status(p: float) -> str:
    """``"on track"`` (p >= ON_TRACK), ``"off track"`` (p < OFF_TRACK) or ``"at risk"``.

    NaN (no probability: the target's basis is unverified) is ``"basis unverified"``.
    """
    if math.isnan(p):
        return UNVERIFIED
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
        Share of draws meeting the target, 0 to 1; NaN when the target's basis is unverified.
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
        """Monte Carlo standard error of ``probability`` (NaN without a probability)."""
        p = self.probability
        return float(np.sqrt(p * (1.0 - p) / self.draws))

    @property
    def probability_text(self) -> str:
        """The probability as shown (:func:`probability_text`)."""
        return probability_text(self.probability, self.draws)

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
            "probability_text": self.probability_text,
            "draws": self.draws,
            "basis": t.basis,
            "caveat": t.caveat or "",
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
    p = probability(target, outcome) if target.verified else math.nan
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
        (0 to 1, NaN when the basis is unverified), ``gap, status, probability_text, draws,
        basis, caveat``; with the status thresholds ``ON_TRACK`` and ``OFF_TRACK``; ``notes``
        by target: its caveat, then its note.
    """
    chosen = tuple(targets)
    frames = [scorecard_frame(scorecard(e, chosen), e.scenario.name) for e in ensembles]
    table = pd.concat(frames, ignore_index=True)
    table = table[["scenario", *(c for c in TARGET_COLUMNS if c != "scenario")]]
    # the caveat first (what a reader must see beside the probability), then the definitions
    notes = {
        t.id: " ".join(x for x in (t.caveat and f"Caveat: {t.caveat}", t.note) if x)
        for t in chosen
        if t.note or t.caveat
    }
    return Scorecard(table=table, on_track=ON_TRACK, off_track=OFF_TRACK, notes=notes)
