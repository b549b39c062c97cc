"""Sections of the ``targets`` command's report: probabilities, caveats, drivers, solver.

How the probabilities were made (one probability or the difference), the caveats, the drivers
and what it would take.

The report itself is :func:`sim.outputs.report.report_files` (as for ``run``), given these
sections and the figures of :mod:`sim.outputs.target_plots`. Every section is HTML made from
tables and texts computed elsewhere; text is escaped here.
"""

from __future__ import annotations

import html
import math

import pandas as pd

from sim.outputs.phrases import say
from sim.outputs.target_plots import PRIM_READING, SOBOL_READING, restriction_text

Section = tuple[str, str, str]
"""An anchor, a heading and the HTML content of a report section."""

TOP_DRIVERS = 3
"""Drivers listed per target in the report (``drivers.csv`` holds all)."""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def probability_section(statement: str, scorecard: pd.DataFrame) -> Section:
    """How the probabilities were computed (one probability or the difference) and the caveats.

    Parameters
    ----------
    statement : str
        Whether the scorecard, tornado and solver ran the same draws, seed and pipeline
        replications, or how they differ.
    scorecard : DataFrame
        The scorecard table (``target, label, indicator, basis, caveat`` ...).
    """
    cards = scorecard.drop_duplicates("target")
    items = []
    for r in cards.itertuples():
        raw = getattr(r, "caveat", "")
        caveat = "" if raw is None or (isinstance(raw, float) and math.isnan(raw)) else str(raw)
        if not caveat:
            continue
        basis = " (basis unverified)" if getattr(r, "basis", "verified") == "unverified" else ""
        items.append(
            f"<li><strong>{_e(r.label)}</strong>{_e(basis)}, scored on "
            f"<code>{_e(r.indicator)}</code>: {_e(caveat)}</li>"
        )
    body = f"<p>{_e(statement)}</p>"
    if items:
        body += "<h3>Caveats</h3><ul>" + "".join(items) + "</ul>"
    return ("probability", "How the probabilities were made, and caveats", body)


def drivers_section(drivers: pd.DataFrame, labels: dict[str, str], note: str) -> Section:
    """The largest Sobol indices of each target with their 95% confidence intervals."""
    rows = []
    for target, block in drivers.groupby("target", sort=False):
        shown = block.head(TOP_DRIVERS)
        label = _e(labels.get(str(target), target))
        for k, r in enumerate(shown.itertuples()):
            name = f"<th scope='row' rowspan='{len(shown)}'>{label}</th>" if k == 0 else ""
            rows.append(
                f"<tr>{name}<td>{_e(r.driver)}</td>"
                f"<td class='num'>{_e(_share(r.total, r.total_conf))}</td>"
                f"<td class='num'>{_e(_share(r.first_order, r.first_order_conf))}</td></tr>"
            )
    head = (
        "<tr><th>Target</th><th>Driver</th><th>Total index [95% CI]</th>"
        "<th>First order [95% CI]</th></tr>"
    )
    body = (
        f"<p>{_e(SOBOL_READING)} {_e(note)}</p>"
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return ("drivers", "What drives each target (Sobol indices)", body)


def prim_section(
    boxes: pd.DataFrame, labels: dict[str, str], note: str, lang: str = "en"
) -> Section:
    """The PRIM boxes of each target: coverage, density and each restricted input's range.

    ``labels``: target labels by id, in ``lang``; ``note`` (how the boxes were found) as given.
    """
    rows = []
    for (target, number), block in boxes.groupby(["target", "box"], sort=False):
        first = block.iloc[0]
        rule = " & ".join(
            restriction_text(str(r.input), float(r.low), float(r.high)) for r in block.itertuples()
        )
        kinds = ", ".join(dict.fromkeys(str(k) for k in block["kind"]))
        rows.append(
            f"<tr><th scope='row'>{_e(labels.get(str(target), target))}</th>"
            f"<td class='num'>{_e(number)}</td>"
            f"<td class='num'>{first['coverage']:.0%}</td>"
            f"<td class='num'>{first['density']:.0%}</td>"
            f"<td class='num'>{first['misses'] / first['draws']:.0%}</td>"
            f"<td><code>{_e(rule)}</code></td><td>{_e(kinds)}</td></tr>"
        )
    heads = [
        say("Target", lang),
        say("Box", lang),
        say("Coverage", lang),
        say("Density", lang),
        say("Missed in all draws", lang),
        say("Where it is missed", lang),
        say("Kinds", lang),
    ]
    head = "<tr>" + "".join(f"<th>{_e(h)}</th>" for h in heads) + "</tr>"
    none = say(
        "No box: no target's probability is between the limits, or no range of the sampled "
        "inputs holds its misses more densely than the whole sample.",
        lang,
    )
    table = (
        f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"
        if rows
        else f"<p>{_e(none)}</p>"
    )
    body = f"<p>{_e(say(PRIM_READING, lang))} {_e(note)}</p>{table}"
    return ("prim", say("Why a target would be missed (PRIM boxes)", lang), body)


def solver_section(message: str, replications_note: str) -> Section:
    """The solver's answer in words (its curve is a figure, its grid ``solve_curve.csv``)."""
    body = f"<p>{_e(message)}</p><p>{_e(replications_note)}</p>"
    return ("solver", "What it would take", body)


def _share(value: float, conf: float) -> str:
    """A share (0 to 1) as percent of variance with its interval, or n/a."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if conf is None or (isinstance(conf, float) and math.isnan(conf)) or conf == 0:
        return f"{100 * value:.0f}%"
    low, high = max(0.0, value - conf), value + conf
    return f"{100 * value:.0f}% [{100 * low:.0f}, {100 * high:.0f}]"
