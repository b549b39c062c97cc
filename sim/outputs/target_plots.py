"""Figures of the ``targets`` command: what drives each target, and what it would take.

The scorecards and the lever tornado are drawn by :mod:`sim.outputs.plots` (as for ``run``); this
module adds the two figures only ``targets`` has:

- :func:`drivers_chart`: Sobol indices of each target's indicator with their confidence intervals
  (the table of ``sim.analysis.targets.drivers.sobol_drivers``);
- :func:`solver_chart`: the probability of meeting a target against the lever the solver moved,
  with its Monte Carlo band (the table of ``sim.analysis.targets.solve.Solution.curve``);
- :func:`prim_chart`: why a target would be missed, the PRIM boxes of the draws that miss it (the
  table of ``sim.analysis.targets.discovery.failure_boxes``).

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

from sim.outputs.phrases import say
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
    figure_style,
    footnote,
)
from sim.results import Ensemble

DRIVER_CHART_COLUMNS = ("target", "driver", "total", "total_conf", "first_order")
"""Columns :func:`drivers_chart` needs (``first_order_conf`` is drawn when present)."""

CURVE_COLUMNS = ("move", "probability", "low", "high")
"""Columns :func:`solver_chart` needs: the lever's move, P(met) (0 to 1) and its band."""

BOX_CHART_COLUMNS = (
    "target",
    "box",
    "coverage",
    "density",
    "input",
    "low",
    "high",
    "sample_low",
    "sample_high",
    "misses",
    "draws",
)
"""Columns :func:`prim_chart` needs (a row per target, box and restricted input)."""

PRIM_READING = (
    "Why a target would be missed (PRIM scenario discovery over what each draw sampled): a box "
    "is a range of a few inputs inside which most draws miss the target. Coverage: share of all "
    "the misses inside the box; density: share of the box's draws that miss. Shocks are the "
    "model's standard-normal innovations up to the target year (summed, in standard "
    "deviations); param. are sampled model parameters."
)
"""How to read the PRIM boxes (figure footnote, report and terminal)."""

SOBOL_READING = (
    "Total index: share of the outcome's variance that goes if the input were known (its own "
    "effect and its interactions). First order: the share it explains alone. Whiskers: 95% "
    "confidence intervals (SALib bootstrap; for shocks, the standard error of the mean "
    "within-run variance). 'parameter uncertainty': the sampled model parameters together; "
    "'shocks': the model's own innovations (group, sector and series shocks)."
)
"""How to read Sobol indices, in one sentence each (figure footnote and report)."""


_DRIVER_KIND = {
    "shocks": "rest",
    "other randomness": "rest",
    "parameter uncertainty": "parameters",
}
_DRIVER_COLOURS = {"input": OKABE_ITO[0], "parameters": OKABE_ITO[2], "rest": BASE_COLOUR}


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
        confidence whisker and a diamond at the first-order index; "parameter uncertainty" in
        green, "shocks" (and "other randomness" of older tables) in grey.
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
            kinds = rows["driver"].map(_DRIVER_KIND).fillna("input").to_numpy()
            colours = [_DRIVER_COLOURS[k] for k in kinds]
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
            Patch(color=OKABE_ITO[2], label="parameter uncertainty"),
            Patch(color=BASE_COLOUR, label="shocks"),
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


def restriction_text(name: str, low: float, high: float) -> str:
    """A box's limits on one input in words: ``x < 1.2``, ``0.3 <= x <= 0.9``, ``x > 0.5``.

    An event's occurrence (0 or 1) reads "x = 1" (it happened) or "x = 0" (it did not).
    """
    has_low, has_high = not math.isnan(low), not math.isnan(high)
    if name.endswith(".occurred"):
        return f"{name} = {1 if has_low else 0}"
    if has_low and has_high:
        return f"{low:.3g} <= {name} <= {high:.3g}"
    if has_low:
        return f"{name} >= {low:.3g}"
    return f"{name} <= {high:.3g}"


def prim_chart(
    ensembles: Sequence[Ensemble],
    boxes: pd.DataFrame,
    *,
    labels: Mapping[str, str] | None = None,
    ncols: int = 2,
    note: str = "",
    lang: str = "en",
) -> Figure:
    """Why each target would be missed: its PRIM boxes, each restricted input's range.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The run the boxes were found on (named in the footnote).
    boxes : DataFrame
        Rows with :data:`BOX_CHART_COLUMNS`: ``coverage`` and ``density`` of each box (0 to 1),
        ``low``/``high`` its limits on ``input`` (NaN on an unrestricted side) and
        ``sample_low``/``sample_high`` the range the draws took.
    labels : mapping of str to str, optional
        Target labels by id (default: the ids).
    ncols : int
        Panels per row.
    note : str
        Added to the footnote.
    lang : {"en", "zh"}
        Language of the figure's words (target labels come in ``labels``).

    Returns
    -------
    Figure
        A panel per target and box: for each restricted input a grey bar (the draws' range,
        scaled to 0-1) and a coloured bar (the box's range), labelled with the limits; coverage
        and density in the panel's title.
    """
    missing = [c for c in BOX_CHART_COLUMNS if c not in boxes.columns]
    if missing:
        raise ValueError(f"PRIM box table lacks columns {missing}; needs {BOX_CHART_COLUMNS}")
    labels = dict(labels or {})
    panels = list(dict.fromkeys(zip(boxes["target"], boxes["box"], strict=True)))
    with mpl.rc_context(figure_style(lang) | {"axes.grid": False, "axes.titlesize": 12}):
        nrows = max(-(-len(panels) // ncols), 1)
        size = SLIDE if nrows <= 2 else (SLIDE[0], 1.8 + 2.4 * nrows)
        fig, axes, legend_ax = _panels(max(len(panels), 1), ncols, size=size)
        for ax, (target, number) in zip(axes, panels, strict=False):
            rows = boxes[(boxes["target"] == target) & (boxes["box"] == number)]
            y = np.arange(len(rows), dtype=float)[::-1]
            span = (rows["sample_high"] - rows["sample_low"]).to_numpy(dtype=float)
            span = np.where(span > 0, span, 1.0)
            lo = rows["low"].fillna(rows["sample_low"]).to_numpy(dtype=float)
            hi = rows["high"].fillna(rows["sample_high"]).to_numpy(dtype=float)
            start = (lo - rows["sample_low"].to_numpy(dtype=float)) / span
            end = (hi - rows["sample_low"].to_numpy(dtype=float)) / span
            ax.barh(y, np.ones(len(rows)), height=0.6, color="#DDDDDD")
            ax.barh(y, end - start, left=start, height=0.6, color=OKABE_ITO[1])
            for yi, r in zip(y, rows.itertuples(), strict=True):
                text = restriction_text(str(r.input), float(r.low), float(r.high))
                ax.text(0.01, yi + 0.36, _wrap(text, 60), fontsize=10, va="bottom")
            ax.set_yticks([])
            ax.set_xlim(0, 1)
            ax.set_ylim(-0.6, len(rows) - 0.1 + 0.3)
            ax.set_xticks([0, 1], [say("sample's lowest", lang), say("highest", lang)])
            first = rows.iloc[0]
            title = say(
                "{target}: box {number}, coverage {coverage}, density {density} (all draws "
                "{share})",
                lang,
                target=labels.get(str(target), target),
                number=number,
                coverage=f"{first['coverage']:.0%}",
                density=f"{first['density']:.0%}",
                share=f"{first['misses'] / first['draws']:.0%}",
            )
            ax.set_title(_wrap(title, 56))
        if not panels:
            axes[0].text(
                0.5,
                0.5,
                say("no target between 2% and 98%: nothing to explain", lang),
                ha="center",
                va="center",
            )
            axes[0].set_axis_off()
        handles = [
            Patch(color="#DDDDDD", label=say("range the draws took", lang)),
            Patch(
                color=OKABE_ITO[1], label=say("the box: where the target is mostly missed", lang)
            ),
        ]
        _legend(legend_ax, handles)
        fig.suptitle(
            say("Why a target would be missed: PRIM boxes of the draws that miss it", lang)
        )
        reading = say(PRIM_READING, lang)
        _footnote(fig, footnote(ensembles, " ".join(p for p in (reading, note) if p), lang))
    return fig
