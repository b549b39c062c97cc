"""Terminal text of the ``targets`` command: the scorecard, drivers, tornado and solution.

Formatting only: everything here takes results already computed (scores, driver and tornado
tables, a solution) and computes no statistic of its own.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import pandas as pd

from sim.analysis.targets.scorecard import OFF_TRACK, ON_TRACK, Score, probability_text
from sim.analysis.targets.solve import Solution
from sim.inputs.targets_file import Target
from sim.outputs.target_plots import restriction_text

TOP = 3
"""Drivers and levers printed per target (the files hold all of them)."""


def number(value: float) -> str:
    """Thousands with separators and no decimals, smaller numbers with one decimal."""
    if not math.isfinite(value):
        return "n/a"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.1f}"


def scorecard_text(
    scores: Sequence[Score], *, name: str, draws: int, seed: int, skipped: Sequence[Target] = ()
) -> str:
    """The scorecard as terminal text, with how to read it and every target's caveat."""
    head = (
        f"{'target':<42}{'year':>5}  {'target value':<16}{'2025':>8}  "
        f"{'median [90% band]':<27}{'P(met)':>18}{'gap':>9}  status"
    )
    lines = [
        f"Targets, scenario {name}: {draws} draws, seed {seed}",
        "",
        head,
        "-" * len(head),
    ]
    caveats = []
    for s in scores:
        t = s.target
        band = f"{number(s.p50)} [{number(s.p05)}, {number(s.p95)}]"
        gap = f"{s.gap:+,.0f}" if abs(s.gap) >= 1000 else f"{s.gap:+.1f}"
        mark = ""
        if t.caveat:
            caveats.append(t)
            mark = f"[{len(caveats)}]"
        lines.append(
            f"{t.id + mark:<42}{t.year:>5}  {t.describe():<16}{number(s.base):>8}  {band:<27}"
            f"{s.probability_text:>18}{gap:>9}  {s.status}"
        )
    se = 50.0 / math.sqrt(draws)
    lines += [
        "",
        f"P(met): share of the {draws} draws meeting the target (standard error at most "
        f"{se:.1f} pp); '<x% (0/n)': no draw met it, x the 95% upper bound. gap: median minus "
        "target, in the target's unit.",
        f"Status: on track if P(met) >= {ON_TRACK:.0%} (likely met), off track if below "
        f"{OFF_TRACK:.0%} (unlikely), at risk in between (IPCC likelihood scale); 'basis "
        "unverified': the statistic the target is counted on was not found, so no probability.",
    ]
    if caveats:
        lines += ["", "Caveats:"]
        lines += [
            f"[{k}] {t.id} (scored on {t.indicator}): {t.caveat}"
            for k, t in enumerate(caveats, start=1)
        ]
    for t in skipped:
        lines.append(f"Not scored: {t.id} ({t.year} is beyond the scenario's horizon).")
    return "\n".join(lines)


def drivers_text(drivers: pd.DataFrame, *, base_samples: int, inner_draws: int) -> str:
    """Top drivers per target: total Sobol index (first order in brackets), percent of variance."""
    lines = [
        "Drivers: share of the variance of each target's indicator in its year (Sobol total "
        "index, first-order in brackets),",
        f"over the scenario's uncertain inputs, the model's parameter uncertainty and its shocks "
        f"({base_samples} base samples x {inner_draws} draws; 'shocks': the model's innovations).",
        "",
    ]
    for target, rows in drivers.groupby("target", sort=False):
        cells = []
        for r in rows.head(TOP).itertuples():
            first = "" if math.isnan(r.first_order) else f" ({_percent(r.first_order)})"
            cells.append(f"{r.driver} {_percent(r.total)}{first}")
        lines.append(f"{target:<38}" + " | ".join(cells))
    return "\n".join(lines)


def tornado_text(tornado: pd.DataFrame, skipped: Sequence[str], *, share: float) -> str:
    """Top levers per target: change of P(met) in pp down/up (of the median in brackets)."""
    lines = [
        f"Levers one at a time: each moved down / up by {share:.0%} of its allowed range; "
        "change of P(met) in pp (of the median, in the target's unit, in brackets).",
        "",
    ]
    for target, rows in tornado.groupby("target", sort=False):
        cells = [
            f"{r.lever} {_pp(r.low)}/{_pp(r.high)} ({_small(r.median_low)}/{_small(r.median_high)})"
            for r in rows.head(TOP).itertuples()
        ]
        lines.append(f"{target:<38}" + " | ".join(cells))
    lines += [f"Left out: {reason}" for reason in skipped]
    return "\n".join(lines)


def _percent(share: float) -> str:
    """A share as a whole percent, without a minus sign on zero ("-0%")."""
    return "n/a" if math.isnan(share) else f"{round(share, 2) + 0.0:.0%}"


def _pp(value: float) -> str:
    """A change of probability in pp; "n/a" without a probability (basis unverified)."""
    return "n/a" if math.isnan(value) else f"{value:+.0f}"


def _small(value: float) -> str:
    return f"{value:+,.0f}" if abs(value) >= 100 else f"{value:+.2g}"


def solution_text(solution: Solution, *, scorecard_probability: float | None = None) -> str:
    """The solver's answer with the probabilities seen over the lever's range.

    With ``scorecard_probability`` it says whether the solver's probability at the scenario's
    value is the scorecard's (same draws, seed and pipeline replications) or how it differs.
    """
    grid = ", ".join(f"{d:+.4g}: {probability_text(p, solution.draws)}" for d, p in solution.grid)
    lines = [
        f"What it would take ({solution.evaluations} runs of {solution.draws} draws, "
        f"{solution.replications} pipeline replications, common random numbers):",
        solution.message(),
        f"P(met) by move of {solution.lever} from the scenario's value: {grid}",
    ]
    if scorecard_probability is not None:
        here = solution.current_probability
        if here == scorecard_probability:
            lines.append(
                f"At the scenario's value the solver's P(met), {here:.1%}, is the scorecard's."
            )
        else:
            lines.append(
                f"At the scenario's value the solver's P(met) is {here:.1%} on "
                f"{solution.replications} pipeline replications; the scorecard's is "
                f"{scorecard_probability:.1%} on the scenario's own."
            )
    return "\n".join(lines)


def prim_text(boxes: pd.DataFrame, *, note: str, explained: Sequence[str] = ()) -> str:
    """Each target's PRIM boxes: coverage, density and the restricted inputs' ranges.

    ``explained``: the targets PRIM looked at; those without a box are named.
    """
    lines = [
        "Why a target would be missed (PRIM boxes of the draws that miss it; coverage: share of "
        "the misses inside the box, density: share of the box's draws that miss, against the "
        "share of all draws that miss).",
        note,
        "",
    ]
    if boxes.empty:
        lines.append("No box found.")
    for (target, number), block in boxes.groupby(["target", "box"], sort=False):
        first = block.iloc[0]
        rule = " and ".join(
            restriction_text(str(r.input), float(r.low), float(r.high)) for r in block.itertuples()
        )
        lines.append(
            f"{target:<38}box {number}: coverage {first['coverage']:.0%}, density "
            f"{first['density']:.0%} (all draws {first['misses'] / first['draws']:.0%}): {rule}"
        )
    none = [t for t in explained if t not in set(boxes["target"])]
    if none:
        lines.append(
            "No box (no range of the sampled inputs holds the misses markedly more densely "
            f"than all draws): {', '.join(none)}"
        )
    return "\n".join(lines)
