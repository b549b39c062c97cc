"""Tables made from result objects: headline extracts and tornadoes.

Paired differences and scenario summaries are computed in :mod:`sim.results` and re-exported
here. Every statistic the plots and reports show comes from here, from
:meth:`sim.results.Ensemble.summary` or from the analyses' results handed in as plain data (the
:class:`sim.results.Scorecard` of targets, lever tornado tables); plots and reports never compute
their own, and nothing here loads a file.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from sim.model.indicators import HEADLINE, INDICATORS
from sim.results import (
    DIFFERENCE_COLUMNS,
    DIFFERENCE_PERCENTILES,
    DIFFERENCE_UNITS,
    Ensemble,
    PairingError,
    check_paired,
    common_years,
    difference_unit,
    paired_differences,
    scenario_summaries,
)

__all__ = [
    "DIFFERENCE_COLUMNS",
    "DIFFERENCE_PERCENTILES",
    "DIFFERENCE_UNITS",
    "PairingError",
    "Tornado",
    "check_paired",
    "common_years",
    "difference_unit",
    "headline_extract",
    "paired_differences",
    "percent",
    "scenario_summaries",
    "target_tornado",
]


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


def percent(probability: float) -> str:
    """A probability (0 to 1) as a whole percentage, never rounding a possibility to 0 or 100."""
    if 0 < probability < 0.005:
        return "<1%"
    if 0.995 < probability < 1:
        return ">99%"
    return f"{probability:.0%}"


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
    titles = {
        t: f"{cards.loc[t, 'label']}\nnow met with probability {_shown(cards.loc[t])}"
        if cards.loc[t].get("basis", "verified") != "unverified"
        else f"{cards.loc[t, 'label']}\nbasis unverified: no probability"
        for t in cards.index
    }
    note = (
        f"Each lever moved down and up by {share:.0%} of its allowed range, other inputs as "
        "in the scenario, same random numbers; at the bar ends: change in the probability "
        "of meeting the target."
    )
    if "replications" in levers.columns and len(levers):
        runs = int(levers["replications"].iloc[0])
        draws = int(levers["draws"].iloc[0]) if "draws" in levers.columns else None
        base = levers.drop_duplicates("target").set_index("target")["probability"]
        differ = {
            t: p
            for t, p in base.items()
            if t in cards.index and not _same(p, cards.loc[t, "probability"])
        }
        for t, p in differ.items():
            titles[t] += f" (the moves start from {percent(p)})"
        if differ:
            on = f"the first {draws:,} draws and " if draws is not None else ""
            note += (
                f" The moves ran on {on}{runs} pipeline replication{'s' if runs > 1 else ''}, "
                "fewer than the scorecard's, so they start from another probability (in "
                "brackets)."
            )
    return Tornado(
        table=table,
        outcome="median outcome",
        units={t: difference_unit(INDICATORS[cards.loc[t, "indicator"]].unit) for t in cards.index},
        titles=titles,
        title=f"What moves the {year} targets: change in the median outcome",
        note=note,
    )


def _shown(row: pd.Series) -> str:
    """A scorecard row's probability as shown (``probability_text`` when the table has it)."""
    text = row.get("probability_text")
    return text if isinstance(text, str) and text else percent(float(row["probability"]))


def _same(a: float, b: float) -> bool:
    """Two probabilities equal (both NaN: no probability, the same)."""
    return (math.isnan(a) and math.isnan(b)) or a == b
