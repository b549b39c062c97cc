"""Figures of the ``targets`` command: what drives each target, and what it would take.

The scorecards and the lever tornado are drawn by :mod:`sim.outputs.plots` (as for ``run``); this
module adds the two figures only ``targets`` has:

- :func:`drivers_chart`: Sobol indices of each target's indicator with their confidence intervals
  (the table of ``sim.analysis.targets.drivers.sobol_drivers``);
- :func:`solver_chart`: the probability of meeting a target against the lever the solver moved,
  with its Monte Carlo band (the table of ``sim.analysis.targets.solve.Solution.curve``).

Like every figure module, it draws tables made elsewhere and computes no statistic; house style
(slide size, fonts, footnote) from :mod:`sim.outputs.plots`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from sim.outputs.plots import (
    BASE_COLOUR,
    HIGH_COLOUR,
    OKABE_ITO,
    SLIDE,
    STYLE,
    _footnote,
    _legend,
    _panels,
    _wrap,
    footnote,
)
from sim.results import Ensemble

DRIVER_CHART_COLUMNS = ("target", "driver", "total", "total_conf", "first_order")
"""Columns :func:`drivers_chart` needs (``first_order_conf`` is drawn when present)."""

CURVE_COLUMNS = ("move", "probability", "low", "high")
"""Columns :func:`solver_chart` needs: the lever's move, P(met) (0 to 1) and its band."""

SOBOL_READING = (
    "Total index: share of the outcome's variance that goes if the input were known (its own "
    "effect and its interactions). First order: the share it explains alone. Whiskers: 95% "
    "confidence intervals (SALib bootstrap). 'other randomness': the model's own shocks and "
    "parameter uncertainty."
)
"""How to read Sobol indices, in one sentence each (figure footnote and report)."""


def drivers_chart(
    ensembles: Sequence[Ensemble],
    drivers: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    top: int = 5,
    ncols: int = 2,
    note: str = "",
) -> Figure:
    """What drives each target: Sobol indices with their confidence intervals.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The run the analysis was made on (named in the footnote).
    drivers : DataFrame
        Rows with :data:`DRIVER_CHART_COLUMNS`: ``total`` and ``first_order`` as shares (0 to 1)
        of the variance of the target's indicator, ``total_conf`` (and ``first_order_conf``) the
        95% confidence half-widths on the same scale.
    labels : mapping of str to str, optional
        Panel titles by target id (default: the ids).
    top : int
        Drivers per panel, the largest total indices (the rest are in ``drivers.csv``).
    ncols : int
        Panels per row.
    note : str
        Added to the footnote (e.g. how many runs the indices rest on).

    Returns
    -------
    Figure
        A panel per target: a bar per driver (total index, percent of variance) with its
        confidence whisker and a diamond at the first-order index; "other randomness" in grey.
    """
    missing = [c for c in DRIVER_CHART_COLUMNS if c not in drivers.columns]
    if missing:
        raise ValueError(f"drivers table lacks columns {missing}; needs {DRIVER_CHART_COLUMNS}")
    targets = list(dict.fromkeys(drivers["target"]))
    labels = dict(labels or {})
    with mpl.rc_context(STYLE | {"axes.grid.axis": "x", "axes.titlesize": 12}):
        nrows = -(-len(targets) // ncols)
        size = SLIDE if nrows <= 2 else (SLIDE[0], 1.8 + 2.4 * nrows)
        fig, axes, legend_ax = _panels(max(len(targets), 1), ncols, size=size)
        for ax, target in zip(axes, targets, strict=False):
            rows = drivers[drivers["target"] == target]
            rows = rows.assign(_t=rows["total"].fillna(-1.0)).nlargest(top, "_t").iloc[::-1]
            y = np.arange(len(rows), dtype=float)
            total = 100 * rows["total"].fillna(0.0).to_numpy()
            conf = 100 * rows["total_conf"].fillna(0.0).to_numpy()
            other = (rows["driver"] == "other randomness").to_numpy()
            colours = [BASE_COLOUR if o else OKABE_ITO[0] for o in other]
            ax.barh(y, total, height=0.6, color=colours)
            ax.errorbar(total, y, xerr=conf, fmt="none", ecolor="#222222", capsize=3, lw=1)
            first = 100 * rows["first_order"].to_numpy(dtype=float)
            shown = ~np.isnan(first)
            if "first_order_conf" in rows.columns:
                first_conf = 100 * rows["first_order_conf"].fillna(0.0).to_numpy()
                ax.errorbar(
                    first[shown],
                    y[shown] + 0.22,
                    xerr=first_conf[shown],
                    fmt="none",
                    ecolor=HIGH_COLOUR,
                    capsize=2,
                    lw=1,
                )
            ax.plot(first[shown], y[shown] + 0.22, "D", color=HIGH_COLOUR, ms=6, zorder=3)
            ax.set_yticks(y, [_wrap(str(d), 24) for d in rows["driver"]])
            ax.tick_params(axis="y", length=0)
            ax.set_xlim(0, max(100.0, float(np.nanmax(total + conf, initial=0.0)) * 1.05))
            ax.set_xlabel("percent of the outcome's variance")
            ax.set_title(_wrap(labels.get(target, target), 48))
        handles = [
            Patch(color=OKABE_ITO[0], label="total index (an input)"),
            Patch(color=BASE_COLOUR, label="other randomness"),
            Line2D([], [], marker="D", color=HIGH_COLOUR, ls="none", label="first-order index"),
        ]
        _legend(legend_ax, handles)
        fig.suptitle("What drives each target: Sobol indices of the uncertain inputs")
        _footnote(fig, footnote(ensembles, " ".join(p for p in (SOBOL_READING, note) if p)))
    return fig


def solver_chart(
    ensembles: Sequence[Ensemble],
    curve: pd.DataFrame,
    *,
    lever: str,
    unit: str,
    target_label: str,
    requested: float,
    answer: float | None,
    note: str = "",
) -> Figure:
    """What it would take: the probability of meeting a target against the lever's move.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The run the solver started from (named in the footnote).
    curve : DataFrame
        Rows with :data:`CURVE_COLUMNS`: ``move`` of the lever from the scenario's value (its
        unit), ``probability`` of meeting the target (0 to 1) and its Monte Carlo band
        ``low``-``high``; optionally ``value``, the lever's value after the move.
    lever, unit : str
        The lever and its unit (axis label).
    target_label : str
        The target, for the title.
    requested : float
        The probability the solver aimed at (a horizontal line).
    answer : float or None
        The move found (a vertical line), None when the range does not reach ``requested``.
    note : str
        Added to the footnote.

    Returns
    -------
    Figure
        One axes: P(met) in percent over the moves, its band shaded, the scenario's value
        (move 0) and the answer marked.
    """
    missing = [c for c in CURVE_COLUMNS if c not in curve.columns]
    if missing:
        raise ValueError(f"solver curve lacks columns {missing}; needs {CURVE_COLUMNS}")
    with mpl.rc_context(STYLE):
        fig, (ax,), legend_ax = _panels(1, 1)
        x = curve["move"].to_numpy(dtype=float)
        colour = OKABE_ITO[0]
        ax.fill_between(
            x,
            100 * curve["low"].to_numpy(dtype=float),
            100 * curve["high"].to_numpy(dtype=float),
            color=colour,
            alpha=0.2,
            lw=0,
            label="90% Monte Carlo band",
        )
        ax.plot(x, 100 * curve["probability"], "o-", color=colour, label="P(met)", ms=4)
        ax.axhline(100 * requested, color="#222222", ls="--", lw=1.2, label="probability asked")
        ax.axvline(0.0, color=BASE_COLOUR, lw=1.5, label="scenario's value")
        if answer is not None and math.isfinite(answer):
            ax.axvline(answer, color=HIGH_COLOUR, lw=2, label=f"answer ({answer:+.3g})")
        ax.set_ylim(-2, 102)
        ax.set_xlabel(f"move of {lever} from the scenario's value ({unit})")
        ax.set_ylabel("probability of meeting the target, percent")
        ax.set_title(_wrap(target_label, 90))
        _legend(legend_ax, ax.get_legend_handles_labels()[0])
        fig.suptitle(f"What it would take: {lever}")
        _footnote(fig, footnote(ensembles, note))
    return fig
