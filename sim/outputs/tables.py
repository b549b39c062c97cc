"""Tables made from result objects: paired differences, scenario summaries, headline extracts.

Every statistic the plots and reports show comes from here, from
:meth:`sim.results.Ensemble.summary` or from the analyses' results handed in as plain data (the
:class:`sim.results.Scorecard` of targets, lever tornado tables); plots and reports never compute
their own, and nothing here loads a file.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from sim.model.indicators import HEADLINE, INDICATORS
from sim.results import Ensemble

DIFFERENCE_COLUMNS = ["variable", "year", "unit", "reference", "scenario", "p05", "p50", "p95"]
"""Columns of ``differences.csv``."""

DIFFERENCE_PERCENTILES: dict[str, float] = {"p05": 5, "p50": 50, "p95": 95}
"""Percentiles of a paired difference: the median and the 90% band."""

DIFFERENCE_UNITS: dict[str, str] = {"%": "pp"}
"""Unit of a difference by unit of the indicator: a difference of two rates is in percentage
points; any other unit is kept."""


@dataclass(frozen=True)
class Tornado:
    """Lever moves and their effect on one or more targets: what a tornado figure draws.

    Attributes
    ----------
    table : DataFrame
        A row per lever (and target): ``lever``, ``low`` and ``high``, the change of the
        outcome with the lever moved down and up; optional ``target`` (a panel each),
        ``low_label`` and ``high_label`` (text at the bar ends).
    outcome : str
        What changes, e.g. ``"median outcome"``.
    unit : str
        Unit of ``low`` and ``high``; ``units`` overrides it per target.
    units : mapping of str to str
        Unit by target id, where targets differ.
    titles : mapping of str to str
        Panel title by target id (default: the id).
    title : str
        Figure title (default: "What moves the <outcome>").
    note : str
        How the levers were moved, for the footnote.
    """

    table: pd.DataFrame
    outcome: str
    unit: str = ""
    units: Mapping[str, str] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)
    title: str = ""
    note: str = ""


class PairingError(ValueError):
    """Ensembles that do not share their random numbers cannot be differenced draw by draw."""


def percent(probability: float) -> str:
    """A probability (0 to 1) as a whole percentage, never rounding a possibility to 0 or 100."""
    if 0 < probability < 0.005:
        return "<1%"
    if 0.995 < probability < 1:
        return ">99%"
    return f"{probability:.0%}"


def difference_unit(unit: str) -> str:
    """Unit of the difference of two values in ``unit`` (``%`` becomes ``pp``)."""
    return DIFFERENCE_UNITS.get(unit, unit)


def common_years(ensembles: Sequence[Ensemble]) -> list[int]:
    """Years every ensemble covers: 2025 to the earliest horizon."""
    years = set(ensembles[0].years)
    for ensemble in ensembles[1:]:
        years &= set(ensemble.years)
    return sorted(years)


def check_paired(ensembles: Sequence[Ensemble]) -> None:
    """Raise :class:`PairingError` unless all ensembles share seed and number of draws.

    Draw ``i`` of two scenarios run with one seed uses the same random numbers
    (``sim.execution.streams``), so ``A.values[v][i] - B.values[v][i]`` is the effect of the scenario
    alone. With another seed or draw count the pairing, and the difference, would be noise.
    """
    reference = ensembles[0].scenario
    for ensemble in ensembles[1:]:
        other = ensemble.scenario
        if (other.seed, other.draws) != (reference.seed, reference.draws):
            raise PairingError(
                f"scenario {other.name} ran with seed {other.seed} and {other.draws} draws, "
                f"the reference {reference.name} with seed {reference.seed} and "
                f"{reference.draws} draws: run all scenarios with one seed and draw count"
            )


def paired_differences(
    ensembles: Sequence[Ensemble], indicators: Iterable[str] | None = None
) -> pd.DataFrame:
    """Median and 90% band of each scenario's paired difference to the first (the reference).

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The reference first, then the scenarios compared with it; all run with one seed and
        one number of draws (common random numbers).
    indicators : iterable of str, optional
        Indicator names (default: every indicator, in ``sim.model.indicators`` order).

    Returns
    -------
    DataFrame
        Tidy, a row per indicator, year (2025 to the earliest horizon) and compared scenario:
        ``variable, year, unit, reference, scenario, p05, p50, p95``. ``unit`` is the unit of
        the difference: the indicator's, except percentage points (``pp``) for rates and
        shares in percent. ``p50`` is the median of ``scenario - reference`` over draws; p05
        and p95 bound the central 90%. 2025 is included (zero: every scenario starts from the
        same seeds).

    Raises
    ------
    PairingError
        If fewer than two ensembles are given or they do not share seed and draws.
    """
    if len(ensembles) < 2:
        raise PairingError("paired differences need a reference and at least one scenario")
    check_paired(ensembles)
    names = list(INDICATORS) if indicators is None else list(indicators)
    years = common_years(ensembles)
    reference = ensembles[0]
    q = list(DIFFERENCE_PERCENTILES.values())
    rows = []
    for ensemble in ensembles[1:]:
        for name in names:
            n = len(years)
            diff = ensemble.values[name][:, :n] - reference.values[name][:, :n]  # (draws, years)
            pct = np.percentile(diff, q, axis=0)  # (3, years)
            unit = difference_unit(INDICATORS[name].unit)
            for j, year in enumerate(years):
                rows.append(
                    [name, year, unit, reference.scenario.name, ensemble.scenario.name, *pct[:, j]]
                )
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def scenario_summaries(ensembles: Sequence[Ensemble]) -> pd.DataFrame:
    """The tidy summaries of several runs stacked, with a ``scenario`` column first."""
    frames = [e.summary().assign(scenario=e.scenario.name) for e in ensembles]
    frame = pd.concat(frames, ignore_index=True)
    return frame[["scenario", *frame.columns.drop("scenario")]]


def headline_extract(
    ensembles: Sequence[Ensemble],
    years: Sequence[int],
    indicators: Sequence[str] = HEADLINE,
) -> pd.DataFrame:
    """Median and 90% band of indicators in some years, for the tables of a report.

    Returns
    -------
    DataFrame
        Columns ``scenario, variable, unit, year, p05, p50, p95``, a row per scenario,
        indicator and year (years a scenario does not reach are left out).
    """
    frame = scenario_summaries(ensembles)
    keep = frame["variable"].isin(indicators) & frame["year"].isin(years)
    out = frame.loc[keep, ["scenario", "variable", "unit", "year", "p05", "p50", "p95"]]
    order = {
        "variable": {name: i for i, name in enumerate(indicators)},
        "scenario": {e.scenario.name: i for i, e in enumerate(ensembles)},
    }
    out = out.sort_values(
        ["variable", "scenario", "year"],
        key=lambda column: column.map(order[column.name]) if column.name in order else column,
    )
    return out.reset_index(drop=True)


def target_tornado(
    levers: pd.DataFrame, scorecard: pd.DataFrame, *, year: int, share: float
) -> Tornado:
    """The lever tornado of ``sim.analysis.targets.drivers.tornado`` as a :class:`Tornado` to draw.

    Bars are the change of the median outcome (the indicator's unit): informative even where
    no lever moves the probability of meeting a target (one far out of reach). The change of
    the probability, in percentage points, is written at the bar ends where it is 0.5 or more.

    Parameters
    ----------
    levers : DataFrame
        Rows of ``sim.analysis.targets.drivers.tornado``: ``target, lever, low, high`` (probability
        changes, pp), ``median_low, median_high`` (indicator's unit).
    scorecard : DataFrame
        The scorecard table of the same run (``sim.results.Scorecard.table``: labels, units,
        probabilities).
    year : int
        The targets' year, for the title.
    share : float
        Share of its allowed range each lever was moved by, for the footnote.
    """

    def label(pp: float) -> str:
        return f"{pp:+.0f} pp" if abs(pp) >= 0.5 else ""

    table = pd.DataFrame(
        {
            "target": levers["target"],
            "lever": levers["lever"],
            "low": levers["median_low"],
            "high": levers["median_high"],
            "low_label": levers["low"].map(label),
            "high_label": levers["high"].map(label),
        }
    )
    cards = scorecard.drop_duplicates("target").set_index("target")
    return Tornado(
        table=table,
        outcome="median outcome",
        units={t: difference_unit(INDICATORS[cards.loc[t, "indicator"]].unit) for t in cards.index},
        titles={
            t: f"{cards.loc[t, 'label']}\nnow met with probability "
            f"{percent(cards.loc[t, 'probability'])}"
            for t in cards.index
        },
        title=f"What moves the {year} targets: change in the median outcome",
        note=(
            f"Each lever moved down and up by {share:.0%} of its allowed range, other inputs as "
            "in the scenario, same random numbers; at the bar ends: change in the probability "
            "of meeting the target."
        ),
    )
