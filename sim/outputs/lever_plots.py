"""Figures of what inputs do: impulse responses (``multipliers``) and attribution waterfalls.

Both take tables the analyses made (``sim.analysis.multipliers``, ``sim.analysis.attribution``)
and draw them in the house style of :mod:`sim.outputs.plots` (slide size, Okabe-Ito colours,
units on the axes, a footnote saying what was run); nothing here simulates or computes a
statistic of its own.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, ScalarFormatter

from sim.inputs.labels import Labels
from sim.model.indicators import INDICATORS
from sim.outputs.phrases import say
from sim.outputs.plots import (
    BASE_COLOUR,
    OKABE_ITO,
    SLIDE,
    _footnote,
    _indicator_axes,
    _legend,
    _panels,
    _thousands,
    _wrap,
    figure_style,
)
from sim.results import difference_unit

RESPONSE_COLOUR = OKABE_ITO[1]
"""Colour of an impulse response (vermillion): the mean line and its 90% band."""

INCREASE_COLOUR, DECREASE_COLOUR = OKABE_ITO[2], OKABE_ITO[1]
"""Waterfall bars: contributions that raise and that lower the outcome."""

TOTAL_COLOUR = OKABE_ITO[0]
"""Waterfall bar of the total difference (the reference's blue)."""

ROWS_PER_PAGE = 6
"""Inputs per impulse-response figure; more inputs make more figures."""

TITLE_WIDTH = 44
"""Characters per line of an impulse-response panel's title (three panels fit a slide's width)."""

RESPONSE_COLUMNS = ("lever", "impulse", "impulse_unit", "variable", "year", "mean", "p05", "p95")
"""Columns :func:`impulse_response_chart` reads (``sim.analysis.multipliers``' table)."""

WATERFALL_COLUMNS = ("panel", "input", "contribution", "unit")
"""Columns :func:`waterfall_chart` reads: a row per panel and input, in drawing order."""


def impulse_response_chart(
    table: pd.DataFrame,
    panels: Mapping[str, Sequence[str]],
    *,
    footnote: str,
    title: str | None = None,
    lang: str = "en",
) -> Figure:
    """Impulse responses: the mean, median and 90% band of each input's effect over the years.

    Parameters
    ----------
    table : DataFrame
        Rows of ``multipliers.csv`` with :data:`RESPONSE_COLUMNS`: the paired difference
        (impulse run minus scenario) per input, indicator and year.
    panels : mapping of str to sequence of str
        Input -> the indicators to show in its row (e.g. GDP, its main indicator, employment),
        in order; one row of panels per input.
    footnote : str
        What was run (scenario, draws, seed, version), and how the impulse was given.
    title : str, optional
        Figure title (default: "What each input does: ...").
    lang : {"en", "zh"}
        Language of names, units and words (the footnote comes made in it).

    Returns
    -------
    Figure
        A row per input and a panel per indicator: a zero line, the mean difference (solid), its
        median (dashed, where the table has one: a one-sided effect shows as a mean above a
        median of zero) and its 90% band, in the indicator's difference unit (vehicles in
        millions).
    """
    missing = [c for c in RESPONSE_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"impulse-response table lacks columns {missing}")
    labels = Labels(lang)
    inputs = list(panels)
    ncols = max(len(v) for v in panels.values())
    with mpl.rc_context(figure_style(lang) | {"axes.titlesize": 11}):
        height = max(SLIDE[1], 1.8 + 2.2 * len(inputs))
        fig, axes, legend_ax = _panels(len(inputs) * ncols, ncols, size=(SLIDE[0], height))
        for i, name in enumerate(inputs):
            block = table[table["lever"] == name]
            impulse = float(block["impulse"].iloc[0])
            unit_text = labels.input_unit(name) if labels.zh else str(block["impulse_unit"].iloc[0])
            for j, variable in enumerate(panels[name]):
                ax = axes[i * ncols + j]
                data = block[block["variable"] == variable].sort_values("year")
                unit = difference_unit(INDICATORS[variable].unit)
                scale = labels.unit(unit).scale
                ax.axhline(0.0, color=BASE_COLOUR, lw=1.2, zorder=1)
                ax.fill_between(
                    data["year"],
                    data["p05"] * scale,
                    data["p95"] * scale,
                    color=RESPONSE_COLOUR,
                    alpha=0.18,
                    lw=0,
                )
                ax.plot(data["year"], data["mean"] * scale, color=RESPONSE_COLOUR, lw=2.2)
                if "median" in data:
                    ax.plot(
                        data["year"], data["median"] * scale, color=RESPONSE_COLOUR, lw=1.2, ls="--"
                    )
                _indicator_axes(ax, variable, list(data["year"]), labels, difference=True)
                ax.set_ylabel(labels.unit(unit).axis_label)  # the figure says: differences
                if unit == "RMB bn" and float(np.abs(data[["p05", "p95"]]).max().max()) < 100:
                    ax.yaxis.set_major_formatter(ScalarFormatter())  # small: decimals
                width = 26 if labels.zh else TITLE_WIDTH  # a CJK character is about twice as wide
                ax.set_title(
                    _wrap(f"{labels.input(name)} {impulse:+g} {unit_text}", width)
                    + "\n"
                    + _wrap(labels.indicator(variable), width)
                )
            for j in range(len(panels[name]), ncols):
                axes[i * ncols + j].axis("off")
        handles = [
            Line2D([], [], color=RESPONSE_COLOUR, lw=2.2, label=say("mean difference", lang)),
            Line2D([], [], color=RESPONSE_COLOUR, lw=1.2, ls="--", label=say("median", lang)),
            Patch(facecolor=RESPONSE_COLOUR, alpha=0.18, label=say("90% band", lang)),
            Line2D([], [], color=BASE_COLOUR, lw=1.2, label=say("scenario (zero)", lang)),
        ]
        _legend(legend_ax, handles)
        fig.suptitle(
            title
            or say(
                "What each input does: paired difference to the scenario, mean, median, 90% band",
                lang,
            )
        )
        _footnote(fig, footnote)
    return fig


def impulse_response_pages(
    table: pd.DataFrame,
    panels: Mapping[str, Sequence[str]],
    *,
    footnote: str,
    per_page: int = ROWS_PER_PAGE,
    lang: str = "en",
) -> dict[str, Figure]:
    """:func:`impulse_response_chart` for ``per_page`` inputs a figure (in ``lang``).

    Returns figures by file stem: ``impulse_responses`` for one page, else
    ``impulse_responses_1``, ``impulse_responses_2``, ...
    """
    inputs = list(panels)
    pages = [inputs[k : k + per_page] for k in range(0, len(inputs), per_page)]
    figures = {}
    for k, page in enumerate(pages, start=1):
        stem = "impulse_responses" if len(pages) == 1 else f"impulse_responses_{k}"
        title = None
        if len(pages) > 1:
            title = say(
                "What each input does ({k} of {n}): mean, median, 90% band",
                lang,
                k=k,
                n=len(pages),
            )
        figures[stem] = impulse_response_chart(
            table[table["lever"].isin(page)],
            {name: panels[name] for name in page},
            footnote=footnote,
            title=title,
            lang=lang,
        )
    return figures


def waterfall_chart(
    table: pd.DataFrame,
    *,
    title: str,
    footnote: str,
    ncols: int | None = None,
    lang: str = "en",
) -> Figure:
    """Waterfall: how each input's contribution builds the total difference, one panel each.

    Parameters
    ----------
    table : DataFrame
        :data:`WATERFALL_COLUMNS`: per ``panel`` (its title, e.g. "GDP, 2030"), the
        ``contribution`` of each ``input`` in the order to draw them, in ``unit``.
    title, footnote : str
        Figure title; what was run and how contributions are defined.
    ncols : int, optional
        Panels per row (default: all in one row).
    lang : {"en", "zh"}
        Language of the inputs' names, units and words (title, footnote and panel titles come
        made in it: :func:`waterfall_table`).

    Returns
    -------
    Figure
        Per panel, a horizontal bar per input from the running total before it to the total
        after it (green raises, vermillion lowers), top to bottom, and a last bar from zero to
        the total difference, each labelled with its value.
    """
    missing = [c for c in WATERFALL_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"waterfall table lacks columns {missing}")
    words = Labels(lang)
    panels = list(dict.fromkeys(table["panel"]))
    with mpl.rc_context(figure_style(lang) | {"axes.grid.axis": "x", "axes.titlesize": 12}):
        n_inputs = max(int((table["panel"] == p).sum()) for p in panels)
        height = max(SLIDE[1], 2.2 + 0.45 * n_inputs)
        fig, axes, legend_ax = _panels(len(panels), ncols or len(panels), size=(SLIDE[0], height))
        for ax, panel in zip(axes, panels, strict=True):
            rows = table[table["panel"] == panel]
            unit = str(rows["unit"].iloc[0])
            scale = words.unit(unit).scale
            values = rows["contribution"].to_numpy(dtype=float) * scale
            ends = np.cumsum(values)
            starts = ends - values
            total = float(ends[-1]) if len(ends) else 0.0
            labels = [*(_input_label(words, str(n)) for n in rows["input"]), say("total", lang)]
            y = np.arange(len(labels))[::-1].astype(float)
            colours = [INCREASE_COLOUR if v >= 0 else DECREASE_COLOUR for v in values]
            ax.barh(y[:-1], values, left=starts, height=0.6, color=colours)
            ax.barh(y[-1:], [total], height=0.6, color=TOTAL_COLOUR)
            for yi, left, width in zip(y, [*starts, 0.0], [*values, total], strict=True):
                end = left + width
                ax.text(
                    end,
                    yi,
                    f" {_signed(width, unit)} ",
                    va="center",
                    ha="left" if width >= 0 else "right",
                    fontsize=10,
                    color="#333333",
                )
            for yi, end in zip(y[:-1], ends, strict=True):  # connectors between the bars
                ax.plot([end, end], [yi - 0.3, yi - 0.7], color="#888888", lw=0.8)
            ax.axvline(0.0, color="#222222", lw=1.2)
            ax.margins(x=0.25)
            ax.set_yticks(y, labels)
            ax.tick_params(axis="y", length=0)
            ax.set_xlabel(say("difference, {unit}", lang, unit=words.unit(unit).axis_label))
            if unit == "RMB bn":
                ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
            ax.set_title(panel)
        handles = [
            Patch(facecolor=INCREASE_COLOUR, label=say("raises it", lang)),
            Patch(facecolor=DECREASE_COLOUR, label=say("lowers it", lang)),
            Patch(facecolor=TOTAL_COLOUR, label=say("total difference (mean)", lang)),
        ]
        _legend(legend_ax, handles)
        fig.suptitle(title)
        _footnote(fig, footnote)
    return fig


def _input_label(labels: Labels, name: str) -> str:
    """An input's name in the labels' language; an event (not an input) keeps its own name."""
    from sim.inputs.levers import ALL_INPUTS

    return labels.input(name) if name in ALL_INPUTS else name


def _signed(value: float, unit: str) -> str:
    if unit == "RMB bn":
        return f"{value:+,.1f}" if abs(value) < 10 else f"{value:+,.0f}"
    return f"{value:+.2f}"


def waterfall_table(
    attribution: pd.DataFrame, panels: Sequence[tuple[str, int]], lang: str = "en"
) -> pd.DataFrame:
    """The rows of one scenario's ``attribution.csv`` a waterfall draws, per panel.

    Parameters
    ----------
    attribution : DataFrame
        ``sim.analysis.attribution.ATTRIBUTION_COLUMNS`` rows of one compared scenario.
    panels : sequence of (str, int)
        (indicator, year) of each panel, in order.
    lang : {"en", "zh"}
        Language of the panel titles.

    Returns
    -------
    DataFrame
        :data:`WATERFALL_COLUMNS`, the inputs of each panel in the attribution's order, without
        the total (the waterfall's last bar sums the contributions to it). The panel title is
        the indicator's name and the year.
    """
    labels = Labels(lang)
    frames = []
    for variable, year in panels:
        rows = attribution[
            (attribution["variable"] == variable)
            & (attribution["year"] == year)
            & (attribution["kind"] != "total")
        ]
        frames.append(
            pd.DataFrame(
                {
                    "panel": _wrap(
                        say(
                            "{indicator}, {year}",
                            lang,
                            indicator=labels.indicator(variable),
                            year=year,
                        ),
                        22 if labels.zh else 45,
                    ),
                    "input": rows["input"].to_numpy(),
                    "contribution": rows["contribution"].to_numpy(dtype=float),
                    "unit": rows["unit"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)[list(WATERFALL_COLUMNS)]
