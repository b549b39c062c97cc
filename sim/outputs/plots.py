"""Briefing figures made from result objects; each function returns a matplotlib Figure.

Every function takes results (:class:`~sim.results.Ensemble` objects, or plain tables made from
them) and returns a :class:`matplotlib.figure.Figure` that a notebook can restyle, show or save.
Statistics come from :meth:`Ensemble.summary` and :mod:`sim.outputs.tables`; nothing here
simulates or computes a statistic of its own.

Figures are built with the object-oriented API (``Figure()``, not ``pyplot``), so they render
headless through Agg, leave no global state behind and do not change a notebook's backend. They
follow one house style: slide size (13.33 x 7.5 inches, 16:9), a title, axes with units, integer
years, and a footnote naming the scenarios, draws and seed. Scenarios keep one colour from the
Okabe-Ito palette (safe for colour-blind readers) in every figure, assigned in the order given:
the first scenario (the reference of a comparison) is always blue.

Units: indicators are in the units of ``sim.model.indicators`` (RMB billion nominal, percent,
vehicles), shown as :class:`sim.inputs.labels.Labels` writes them: vehicle counts in millions
(English) or 万辆 (Chinese), RMB billion as 亿元 in Chinese; differences of percentages are in
percentage points. Every figure function takes ``lang`` ("en" or "zh"): names, units and the
figure's words come from the bilingual registry (:mod:`sim.inputs.labels`,
:mod:`sim.outputs.phrases`), and Chinese text is set in a CJK font (:mod:`sim.outputs.fonts`).
"""

from __future__ import annotations

import io
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter

from sim.inputs.labels import Labels
from sim.model.indicators import HEADLINE, INDICATORS
from sim.model.sectors import SECTORS
from sim.outputs.fonts import font_families
from sim.outputs.phrases import say
from sim.outputs.tables import Tornado, difference_unit, paired_differences, percent
from sim.results import Ensemble

if TYPE_CHECKING:  # matplotlib.typing's RcKeyType is new in 3.11; the annotations need no import
    from matplotlib.typing import LineStyleType, RcKeyType

OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow (last: faint on white)
)
"""Scenario colours in assignment order (Okabe and Ito 2008, colour-blind safe)."""

LINESTYLES: tuple[LineStyleType, ...] = ("-", "--", ":", "-.")
"""Line styles for a ninth scenario onwards, when the colours repeat."""

BASE_COLOUR = "#8C8C8C"
"""Grey of the 2025 starting values."""

LOW_COLOUR, HIGH_COLOUR = "#56B4E9", "#E69F00"
"""Tornado bars: a lever at the low and at the high end of its range."""

SLIDE = (13.33, 7.5)
"""Figure size in inches: a 16:9 slide."""

MAX_SLIDE_ROWS = 4
"""Rows of time-series panels a slide-sized figure holds; more rows make the figure taller."""

PNG_DPI = 150
"""Resolution of PNG files: 2000 x 1125 pixels at slide size."""

LEGEND_ROW_CHARS = 135
"""Characters of legend labels (plus room for each handle) that fit on one row of a slide."""

PANEL_TITLE_CHARS = 92
"""Characters of a 12 pt panel title on a line across a slide (half as many in two columns): a
title is centred on its axes, so beside long tick labels it has less room on one side."""

FOOTNOTE_WIDTH = 160
"""Characters per line of the footnote (10 pt across a slide)."""

STYLE: dict[RcKeyType, Any] = {
    "font.size": 13,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "legend.fontsize": 12,
    "figure.titlesize": 18,
    "figure.titleweight": "bold",
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.axisbelow": True,
    "svg.hashsalt": "cqsim",
}
"""Matplotlib settings of every figure: large enough to read on a projected slide."""

PNG_COLOURS = 64
"""Colours of a PNG's palette: line figures use few, and a palette makes files about 4 times
smaller than RGB (about 60 kB at slide size), so that a run's report stays under 1 MB."""


PNG_ZLIB_LEVEL = 6
"""zlib's compression level of the PNG files, its default. Measured on the eight figures of a
baseline run: level 9 (Pillow's ``optimize``) took 1.31 CPU-s for 584 KB, level 8 0.56 CPU-s for
611 KB, level 6 0.24 CPU-s for 637 KB; the run's report.html stays under 1 MB."""


def figure_style(lang: str = "en") -> dict[RcKeyType, Any]:
    """:data:`STYLE` with the fonts of ``lang`` (a CJK font first for Chinese)."""
    # Family names, not "sans-serif": a text keeps the families it was made with, and figures
    # are saved after the rc context that made them is left.
    families: dict[RcKeyType, Any] = {"font.family": font_families(lang)}
    return STYLE | families


COMPARISONS: dict[str, str] = {
    ">=": "\u2265",
    "<=": "\u2264",
    ">": ">",
    "<": "<",
    "at_least": "\u2265",
    "at_most": "\u2264",
}
"""How a target's comparison is written on a figure."""

SCORECARD_COLUMNS = (
    "target",
    "label",
    "indicator",
    "year",
    "comparison",
    "value",
    "scenario",
    "probability",
)
"""Columns :func:`scorecard_chart` reads: a row per target and scenario; ``value`` in the
indicator's unit, ``probability`` of meeting the target as a fraction (0 to 1)."""

TORNADO_COLUMNS = ("lever", "low", "high")
"""Columns :func:`tornado_chart` needs: the change of the outcome with the lever moved down and
up, others at their scenario values (see :class:`Tornado` for the optional ones)."""


@dataclass(frozen=True)
class ScenarioStyle:
    """Colour and line style of one scenario."""

    color: str
    linestyle: LineStyleType


def scenario_styles(names: Sequence[str]) -> dict[str, ScenarioStyle]:
    """Colour and line style per scenario, in the order given (the reference first)."""
    n = len(OKABE_ITO)
    return {
        name: ScenarioStyle(OKABE_ITO[i % n], LINESTYLES[(i // n) % len(LINESTYLES)])
        for i, name in enumerate(names)
    }


def headline_groups(indicators: Sequence[str] = HEADLINE) -> dict[str, tuple[str, ...]]:
    """Indicators split into growth rates, levels and structure, by their names' contract.

    ``*_growth`` and ``*_growth_*`` (``industrial_va_growth_above_size``) are growth rates
    (percent a year), ``*_share_*`` shares (percent); the rest are levels (RMB billion or
    vehicles).
    """
    growth = tuple(n for n in indicators if n.endswith("_growth") or "_growth_" in n)
    shares = tuple(n for n in indicators if "_share_" in n)
    levels = tuple(n for n in indicators if n not in growth and n not in shares)
    groups = {"growth": growth, "levels": levels, "structure": shares}
    return {k: v for k, v in groups.items() if v}


GROUP_TITLES: dict[str, str] = {
    "growth": "Growth rates",
    "levels": "Levels",
    "structure": "Structure of the economy",
}
"""Titles of the groups of :func:`headline_groups`."""


def footnote(ensembles: Sequence[Ensemble], extra: str = "", lang: str = "en") -> str:
    """The footnote of every figure: scenarios, draws, seed, version and parameter status."""
    names = [e.scenario.name for e in ensembles]
    if len(names) == 1:
        who = say("Scenario: {name}.", lang, name=names[0])
    else:
        sep = "、" if lang == "zh" else ", "
        who = say(
            "Scenarios: {reference} (reference), {others}.",
            lang,
            reference=names[0],
            others=sep.join(names[1:]),
        )
    runs = {(e.scenario.draws, e.scenario.seed) for e in ensembles}
    if len(runs) == 1:
        draws, seed = runs.pop()
        phrase = (
            "{draws} Monte Carlo draws, seed {seed}"
            if len(names) == 1
            else "{draws} Monte Carlo draws each, seed {seed}, common random numbers"
        )
        how = say(phrase, lang, draws=f"{draws:,}", seed=seed)
    else:
        how = "; ".join(
            f"{e.scenario.name}: {e.scenario.draws:,} draws, seed {e.scenario.seed}"
            for e in ensembles
        )
    prov = ensembles[0].provenance
    version = prov.get("package_version", "unknown")
    status = prov.get("parameters_status", "unknown")
    stop = "。" if lang == "zh" else "."
    parts = [
        who,
        f"{how}{stop}",
        say("cqsim {version}, parameters: {status}.", lang, version=version, status=status),
    ]
    if extra:
        parts.append(extra)
    return ("" if lang == "zh" else " ").join(parts)


# --------------------------------------------------------------------------------------------
# Figures


def fan_chart(
    ensembles: Sequence[Ensemble],
    indicators: Sequence[str],
    *,
    title: str | None = None,
    ncols: int = 3,
    lang: str = "en",
) -> Figure:
    """Fan charts: median, 50% and 90% bands of each indicator over time, scenarios overlaid.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        Scenarios to overlay, coloured in this order.
    indicators : sequence of str
        One panel each, in the indicator's unit (vehicles in millions).
    title : str, optional
        Figure title (default: a list of what is shown).
    ncols : int
        Panels per row.
    lang : {"en", "zh"}
        Language of names, units and words.

    Returns
    -------
    Figure
        One axes per indicator, each with a line per scenario (the median) labelled with the
        scenario's name, and two shaded bands (25th-75th and 5th-95th percentiles).
    """
    labels = Labels(lang)
    styles = scenario_styles([e.scenario.name for e in ensembles])
    summaries = [e.summary().set_index(["variable", "year"]) for e in ensembles]
    overlaid = len(ensembles) > 1
    with mpl.rc_context(figure_style(lang)):
        fig, axes, legend_ax = _panels(len(indicators), ncols, size=_grid_size(indicators, ncols))
        for ax, name in zip(axes, indicators, strict=False):
            scale = labels.unit(INDICATORS[name].unit).scale
            # The reference last, on top: the line the others are read against.
            for ensemble, summary in reversed(list(zip(ensembles, summaries, strict=True))):
                style = styles[ensemble.scenario.name]
                rows = summary.loc[name].loc[ensemble.years]
                years = np.asarray(ensemble.years)
                if overlaid:  # 90% band as thin edges: overlapping shades turn to mud
                    for edge in (rows.p05, rows.p95):
                        ax.plot(years, edge * scale, color=style.color, lw=1.1, linestyle=":")
                else:
                    ax.fill_between(
                        years, rows.p05 * scale, rows.p95 * scale, color=style.color, alpha=0.12
                    )
                ax.fill_between(
                    years,
                    rows.p25 * scale,
                    rows.p75 * scale,
                    color=style.color,
                    alpha=0.16 if overlaid else 0.3,
                    lw=0,
                )
                ax.plot(
                    years,
                    rows.p50 * scale,
                    color=style.color,
                    linestyle=style.linestyle,
                    lw=2.4,
                    label=ensemble.scenario.name,
                )
            _indicator_axes(ax, name, _union_years(ensembles), labels)
        band = say("90% band", lang)
        band90 = (
            Line2D([], [], color="#555555", lw=1.1, linestyle=":", label=band)
            if overlaid
            else Patch(facecolor="#555555", alpha=0.12, label=band)
        )
        handles = [
            *_scenario_handles(styles),
            Patch(facecolor="#555555", alpha=0.3, label=say("50% band", lang)),
            band90,
        ]
        _legend(legend_ax, handles)
        fig.suptitle(title or say("Projections: median, 50% and 90% bands", lang))
        _footnote(fig, footnote(ensembles, lang=lang))
    return fig


def differences_chart(
    ensembles: Sequence[Ensemble],
    indicators: Sequence[str],
    *,
    title: str | None = None,
    ncols: int = 3,
    lang: str = "en",
) -> Figure:
    """Paired differences to the reference over time: median, mean and 90% band per scenario.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The reference first, then the scenarios compared with it (one seed, one draw count).
    indicators : sequence of str
        One panel each; differences in the indicator's unit, percentage points for percent.
    title : str, optional
        Figure title (default: names the reference).
    ncols : int
        Panels per row.
    lang : {"en", "zh"}
        Language of names, units and words.

    Returns
    -------
    Figure
        One axes per indicator with a zero line and, per compared scenario, the median of the
        draw-by-draw difference (a line, labelled with the scenario's name), its mean (dots: an
        effect that shows in only some draws has a median of zero and a mean that is not) and
        its 90% band, for the years all scenarios cover. The numbers are those of
        ``differences.csv``.
    """
    if len(ensembles) < 2:
        raise ValueError("a differences chart needs a reference and at least one scenario")
    labels = Labels(lang)
    names = [e.scenario.name for e in ensembles]
    styles = scenario_styles(names)
    table = paired_differences(ensembles, indicators).set_index(["variable", "scenario"])
    with mpl.rc_context(figure_style(lang)):
        fig, axes, legend_ax = _panels(len(indicators), ncols, size=_grid_size(indicators, ncols))
        for ax, name in zip(axes, indicators, strict=False):
            unit = difference_unit(INDICATORS[name].unit)
            scale = labels.unit(unit).scale
            ax.axhline(0.0, color=styles[names[0]].color, lw=1.6, zorder=1)
            for other in names[1:]:
                rows = table.loc[(name, other)]
                style = styles[other]
                ax.fill_between(
                    rows.year,
                    rows.p05 * scale,
                    rows.p95 * scale,
                    color=style.color,
                    alpha=0.18,
                    lw=0,
                )
                ax.plot(
                    rows.year,
                    rows.p50 * scale,
                    color=style.color,
                    linestyle=style.linestyle,
                    lw=2.4,
                    label=other,
                )
                ax.plot(
                    rows.year,
                    rows["mean"] * scale,
                    color=style.color,
                    linestyle="none",
                    marker="o",
                    ms=6,
                )
            years = sorted(set(table.loc[name].year))
            _indicator_axes(ax, name, years, labels, difference=True)
        zero = say("{reference} (zero)", lang, reference=names[0])
        handles = _scenario_handles({n: styles[n] for n in names[1:]}) + [
            Line2D([], [], color=styles[names[0]].color, lw=1.6, label=zero),
            Line2D(
                [], [], color="#555555", linestyle="none", marker="o", ms=6, label=say("mean", lang)
            ),
            Patch(facecolor="#555555", alpha=0.18, label=say("90% band", lang)),
        ]
        _legend(legend_ax, handles)
        fig.suptitle(
            title
            or say(
                "Difference to {reference}: median and 90% band of paired draws",
                lang,
                reference=names[0],
            )
        )
        note = say("Each draw compared with the same draw of the reference.", lang)
        _footnote(fig, footnote(ensembles, note, lang))
    return fig


def sector_chart(ensembles: Sequence[Ensemble], *, lang: str = "en") -> Figure:
    """Value added by sector: 2025 against the horizon, per scenario.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        Scenarios, one bar each per sector at its horizon.
    lang : {"en", "zh"}
        Language of names, units and words.

    Returns
    -------
    Figure
        One horizontal-bar axes: per sector (``sim.model.sectors`` order, top to bottom) a grey
        bar for 2025 and a bar per scenario for the median of its last year, with a whisker
        for the 90% band; RMB billion, nominal.
    """
    labels = Labels(lang)
    scale = labels.unit("RMB bn").scale
    names = [e.scenario.name for e in ensembles]
    styles = scenario_styles(names)
    summaries = [e.summary().set_index(["variable", "year"]) for e in ensembles]
    base_year = ensembles[0].years[0]
    n_bars = 1 + len(ensembles)
    height = 0.8 / n_bars
    y = np.arange(len(SECTORS))[::-1].astype(float)  # first sector on top
    horizons = sorted({e.years[-1] for e in ensembles})
    with mpl.rc_context(figure_style(lang) | {"axes.grid.axis": "x"}):
        fig, (ax,), legend_ax = _panels(1, 1)
        base = [summaries[0].loc[(f"va_{s}", base_year), "p50"] * scale for s in SECTORS]
        offset = (n_bars - 1) / 2 * height
        ax.barh(y + offset, base, height=height, color=BASE_COLOUR, label=f"{base_year}")
        for k, (ensemble, summary) in enumerate(zip(ensembles, summaries, strict=True), start=1):
            last = ensemble.years[-1]
            name = ensemble.scenario.name
            rows = summary.loc[[(f"va_{s}", last) for s in SECTORS], ["p05", "p50", "p95"]] * scale
            style_ = styles[name]
            ax.barh(
                y + offset - k * height,
                rows.p50,
                height=height,
                color=style_.color,
                xerr=np.vstack([rows.p50 - rows.p05, rows.p95 - rows.p50]),
                error_kw={"ecolor": "#333333", "elinewidth": 1.0, "capsize": 2},
                label=ensemble.scenario.name if len(horizons) == 1 else f"{name}, {last}",
            )
        ax.set_yticks(y, [labels.sector(s, short=True) for s in SECTORS])
        ax.set_xlabel(
            say("Value added ({unit}, nominal)", lang, unit=labels.unit("RMB bn").axis_label)
        )
        ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
        ax.tick_params(axis="y", length=0)
        ax.set_ylim(-0.6, len(SECTORS) - 0.4)
        _legend(legend_ax, ax.get_legend_handles_labels()[0])
        to = ("、" if lang == "zh" else " and ").join(str(h) for h in horizons)
        fig.suptitle(
            say(
                "Value added by sector, {base_year} and {years} (median, 90% band)",
                lang,
                base_year=base_year,
                years=to,
            )
        )
        _footnote(fig, footnote(ensembles, lang=lang))
    return fig


def scorecard_chart(
    ensembles: Sequence[Ensemble],
    scorecard: pd.DataFrame,
    *,
    title: str | None = None,
    ncols: int = 3,
    lang: str = "en",
) -> Figure:
    """Target scorecard: outcome distributions per scenario, targets, chances of meeting them.

    For each target, the distribution of its indicator in the target year per scenario, the
    target line and the probability of meeting it.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The scenarios of ``scorecard``, in the order to show them (top to bottom).
    scorecard : DataFrame
        A row per target and scenario with :data:`SCORECARD_COLUMNS`: ``target`` (id), ``label``,
        ``indicator``, ``year``, ``comparison`` (``>=``, ``<=``, ...), ``value`` (in the
        indicator's unit), ``scenario`` and ``probability`` (0 to 1).
    title : str, optional
        Figure title (default: "Targets: outcome distribution and probability of meeting each").
    ncols : int
        Panels per row.
    lang : {"en", "zh"}
        Language of names, units and words.

    Returns
    -------
    Figure
        One axes per target (in the table's order): per scenario a median dot, a thick bar for
        the 50% band and a thin one for the 90% band of the indicator in the target year; a
        dashed vertical line at the target; the probability of meeting it on the right.
    """
    missing = [c for c in SCORECARD_COLUMNS if c not in scorecard.columns]
    if missing:
        raise ValueError(f"scorecard table lacks columns {missing}; needs {SCORECARD_COLUMNS}")
    labels = Labels(lang)
    names = [e.scenario.name for e in ensembles]
    styles = scenario_styles(names)
    summaries = {e.scenario.name: e.summary().set_index(["variable", "year"]) for e in ensembles}
    targets = list(dict.fromkeys(scorecard["target"]))
    rows_per_panel = len(names)
    caveats: list[str] = []
    has_caveats = "caveat" in scorecard.columns and scorecard["caveat"].fillna("").ne("").any()
    with mpl.rc_context(figure_style(lang) | {"axes.grid.axis": "x", "axes.titlesize": 12}):
        nrows = -(-len(targets) // ncols)
        height = max(SLIDE[1], 1.4 + nrows * (0.9 + 0.32 * rows_per_panel))
        if has_caveats:  # room for the numbered caveats under the panels
            cards = scorecard.drop_duplicates("target")
            height += 0.45 * int(cards["caveat"].fillna("").ne("").sum())
        fig, axes, legend_ax = _panels(len(targets), ncols, size=(SLIDE[0], height))
        for ax, target in zip(axes, targets, strict=False):
            rows = scorecard[scorecard["target"] == target].set_index("scenario")
            first = rows.iloc[0]
            unit = INDICATORS[first.indicator].unit
            form = labels.unit(unit)
            scale = form.scale
            year = int(first.year)
            for i, name in enumerate(names):
                y = rows_per_panel - 1 - i
                key = (first.indicator, year)
                if name not in rows.index or key not in summaries[name].index:
                    beyond = say("beyond horizon", lang)
                    ax.text(0.5, y, beyond, transform=ax.get_yaxis_transform())
                    continue
                s = summaries[name].loc[key]
                color = styles[name].color
                for low, high, width in ((s.p05, s.p95, 2), (s.p25, s.p75, 7)):
                    ax.plot(
                        [low * scale, high * scale],
                        [y, y],
                        color=color,
                        lw=width,
                        solid_capstyle="butt",
                    )
                ax.plot(s.p50 * scale, y, "o", color="white", mec=color, mew=2, ms=7, zorder=3)
                ax.text(
                    1.02,
                    y,
                    say(_probability_label(rows.loc[name]), lang),
                    transform=ax.get_yaxis_transform(),
                    va="center",
                    ha="left",
                    color=color,
                    fontweight="bold",
                )
            symbol = COMPARISONS.get(str(first.comparison), str(first.comparison))
            unit_label = form.axis_label
            ax.axvline(first.value * scale, color="#222222", linestyle="--", lw=1.5)
            ax.margins(x=0.08)
            ax.set_yticks([])
            ax.set_ylim(-0.7, rows_per_panel - 0.3)
            ax.spines["left"].set_visible(False)
            target_text = say(
                "target {comparison} {value} {unit}",
                lang,
                comparison=symbol,
                value=_number(first.value * scale),
                unit=form.axis_label,
            )
            caveat = str(first.get("caveat", "") or "")
            if caveat:
                caveats.append(caveat)
                target_text += f" [{len(caveats)}]"
            label = labels.target(str(first.target), str(first.label))
            heading = f"{label}，{year}年" if lang == "zh" else f"{label}, {year}"
            ax.set_title(f"{_wrap(heading, 38)}\n{target_text}", pad=18)
            ax.set_xlabel(unit_label)
            if form.display_decimals == 0:
                ax.xaxis.set_major_formatter(FuncFormatter(_thousands))
            ax.text(
                1.02,
                1.0,
                say("P(met)", lang),
                transform=ax.transAxes,
                ha="left",
                va="bottom",
                fontsize=11,
            )
        handles = _scenario_handles(styles) + [
            Line2D([], [], color="#222222", linestyle="--", lw=1.5, label=say("target", lang)),
        ]
        _legend(legend_ax, handles)
        fig.suptitle(
            title or say("Targets: outcome distribution and probability of meeting each", lang)
        )
        note = say("Dot: median; thick bar: 50% band; thin bar: 90% band.", lang)
        if caveats:  # the caveats are written in English (seeds/targets.yaml)
            note += " Caveats: " + " ".join(f"[{k}] {c}" for k, c in enumerate(caveats, 1))
        _footnote(fig, footnote(ensembles, note, lang))
    return fig


def _probability_label(row: pd.Series) -> str:
    """P(met) of a scorecard row as shown: its ``probability_text`` when the table has it."""
    text = row.get("probability_text")
    if isinstance(text, str) and text:
        return text
    return percent(float(row["probability"]))


def tornado_chart(
    ensembles: Sequence[Ensemble],
    tornado: Tornado,
    *,
    top: int = 6,
    ncols: int = 2,
    lang: str = "en",
) -> Figure:
    """Drivers of targets (tornado): how far each lever moves an outcome, widest swing on top.

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The run the tornado was computed from (named in the footnote).
    tornado : Tornado
        The lever moves, their effects, unit and labels.
    top : int
        Levers shown per panel: those with the widest swings.
    ncols : int
        Panels per row when the table has several targets.
    lang : {"en", "zh"}
        Language of lever names, units and words (the tornado's own texts stay as given).

    Returns
    -------
    Figure
        An axes per target (one if the table has no ``target`` column): a row per lever, a bar
        from zero to the change with the lever moved down and one to the change with it moved
        up, a zero line, the moved values at the bar ends when given.
    """
    table = tornado.table
    missing = [c for c in TORNADO_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"tornado table lacks columns {missing}; needs {TORNADO_COLUMNS}")
    if "target" in table.columns:
        panels = [(t, table[table["target"] == t]) for t in dict.fromkeys(table["target"])]
    else:
        panels = [("", table)]
    single = len(panels) == 1
    labels = Labels(lang)
    with mpl.rc_context(figure_style(lang) | {"axes.grid.axis": "x", "axes.titlesize": 12}):
        nrows = -(-len(panels) // ncols)
        size = SLIDE if single or nrows <= 2 else (SLIDE[0], 1.5 + 2.6 * nrows)
        fig, axes, legend_ax = _panels(len(panels), 1 if single else ncols, size=size)
        for ax, (target, rows) in zip(axes, panels, strict=True):
            unit = tornado.units.get(target, tornado.unit)
            form = labels.unit(unit)
            unit_label = form.axis_label
            scale = form.scale
            rows = rows.assign(low=rows["low"] * scale, high=rows["high"] * scale)
            swing = (rows["high"] - rows["low"]).abs()
            rows = rows.assign(_swing=swing)
            rows = rows[rows["_swing"] > 0].nlargest(top, "_swing").iloc[::-1]
            if rows.empty:
                nothing = say("no lever moves it", lang)
                ax.text(0.5, 0.5, nothing, ha="center", transform=ax.transAxes)
            y = np.arange(len(rows), dtype=float)
            down, up = say("lever moved down", lang), say("lever moved up", lang)
            ax.barh(y, rows["low"], height=0.6, color=LOW_COLOUR, label=down)
            ax.barh(y, rows["high"], height=0.6, color=HIGH_COLOUR, label=up)
            for col, side in (("low_label", "low"), ("high_label", "high")):
                if col not in rows.columns:
                    continue
                for yi, text, value in zip(y, rows[col], rows[side], strict=True):
                    ax.text(
                        value,
                        yi,
                        f" {text} ",
                        va="center",
                        ha="left" if value >= 0 else "right",
                        fontsize=11 if single else 9,
                        color="#333333",
                    )
            ax.axvline(0.0, color="#222222", lw=1.2)
            ax.margins(x=0.4 if "low_label" in rows.columns else 0.08)
            ax.set_yticks(y, [labels.input(str(lever)) for lever in rows["lever"]])
            ax.tick_params(axis="y", length=0)
            ax.set_xlabel(
                say("change, {unit}", lang, unit=unit_label)
                if not single
                else say(
                    "Change in the {outcome} ({unit})",
                    lang,
                    outcome=tornado.outcome,
                    unit=unit_label,
                )
            )
            if target:  # lines wrapped to the panel's width (a long probability note overran)
                width = PANEL_TITLE_CHARS // (1 if single else max(1, ncols))
                title = tornado.titles.get(target, target)
                ax.set_title("\n".join(_wrap(line, width) for line in title.split("\n")))
        _legend(legend_ax, axes[0].get_legend_handles_labels()[0])
        fig.suptitle(
            tornado.title
            or _wrap(say("What moves the {outcome}", lang, outcome=tornado.outcome), 80)
        )
        _footnote(fig, footnote(ensembles, tornado.note, lang))
    return fig


def standard_figures(
    ensembles: Sequence[Ensemble],
    *,
    scorecard: pd.DataFrame | None = None,
    tornadoes: Mapping[str, Tornado] | None = None,
    lang: str = "en",
) -> dict[str, Figure]:
    """The figures of a run (one ensemble) or a comparison (the reference first).

    Parameters
    ----------
    ensembles : sequence of Ensemble
        One scenario, or the reference followed by the scenarios compared with it.
    scorecard : DataFrame, optional
        Targets and probabilities (see :func:`scorecard_chart`): a scorecard per target year.
    tornadoes : mapping of str to Tornado, optional
        Tornado figures by name (see :func:`tornado_chart`).
    lang : {"en", "zh"}
        Language of names, units and words.

    Returns
    -------
    dict of str to Figure
        By file stem, in report order: ``fan_<group>`` for growth, levels and structure,
        ``differences_<group>`` when comparing, ``sectors``, then ``scorecard_<year>`` and
        ``tornado_<name>`` when given.
    """
    makers = standard_figure_makers(ensembles, scorecard=scorecard, tornadoes=tornadoes, lang=lang)
    return {name: make() for name, make in makers.items()}


def standard_figure_makers(
    ensembles: Sequence[Ensemble],
    *,
    scorecard: pd.DataFrame | None = None,
    tornadoes: Mapping[str, Tornado] | None = None,
    lang: str = "en",
) -> dict[str, Callable[[], Figure]]:
    """What :func:`standard_figures` draws, as a function per figure that builds it when called.

    ``sim.outputs.report.render_figures`` builds each figure in the process that draws it, so
    building too runs in parallel.
    """
    groups = headline_groups()
    makers: dict[str, Callable[[], Figure]] = {}
    for key, names in groups.items():
        group = say(GROUP_TITLES[key], lang)
        makers[f"fan_{key}"] = partial(
            fan_chart,
            ensembles,
            names,
            title=say("{group}: median, 50% and 90% bands", lang, group=group),
            lang=lang,
        )
    if len(ensembles) > 1:
        reference = ensembles[0].scenario.name
        for key, names in groups.items():
            group = say(GROUP_TITLES[key], lang)
            title = say(
                "{group}: difference to {reference} (median, 90% band)",
                lang,
                group=group,
                reference=reference,
            )
            makers[f"differences_{key}"] = partial(
                differences_chart, ensembles, names, title=title, lang=lang
            )
    makers["sectors"] = partial(sector_chart, ensembles, lang=lang)
    if scorecard is not None:
        for year, block in scorecard.groupby("year", sort=True):
            title = say(
                "{year} targets: outcome distribution and probability of meeting each",
                lang,
                year=year,
            )
            makers[f"scorecard_{year}"] = partial(
                scorecard_chart, ensembles, block, title=title, lang=lang
            )
    for name, tornado in (tornadoes or {}).items():
        makers[f"tornado_{name}"] = partial(tornado_chart, ensembles, tornado, lang=lang)
    return makers


def figure_bytes(fig: Figure, fmt: str = "png") -> bytes:
    """The figure as PNG (at :data:`PNG_DPI`, a palette of :data:`PNG_COLOURS`), SVG or PDF.

    Files carry no time stamps, so the same figure gives the same bytes.
    """
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}
    if fmt not in metadata:
        raise ValueError(f"unknown figure format {fmt!r}; use png, svg or pdf")
    buffer = io.BytesIO()
    if fmt != "png":
        # The salt of SVG's element ids is read when saving, not when the figure was built.
        with mpl.rc_context({"svg.hashsalt": STYLE["svg.hashsalt"]}):
            fig.savefig(buffer, format=fmt, dpi=PNG_DPI, metadata=metadata[fmt], facecolor="white")
        return buffer.getvalue()
    # Rendered to raw pixels and encoded once, with the palette (not a full-colour PNG first).
    return _palette_png(*_pixels(fig))


def _pixels(fig: Figure) -> tuple[bytes, tuple[int, int]]:
    """The figure's RGBA pixels at :data:`PNG_DPI` on white, and their (width, height).

    One draw. ``savefig`` first draws a figure that has a layout engine without rendering it, to
    lay it out, then draws it again: the same pixels (on every figure of a run, and tested) for
    a quarter more CPU. The figure's dpi, face colour and canvas are restored.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    dpi, face, canvas = fig.dpi, fig.get_facecolor(), fig.canvas
    try:
        agg = FigureCanvasAgg(fig)  # before the dpi changes: a new canvas records the figure's
        fig.set_dpi(PNG_DPI)
        fig.set_facecolor("white")
        agg.draw()
        rgba = agg.buffer_rgba()
        return bytes(rgba), (rgba.shape[1], rgba.shape[0])
    finally:
        fig.set_dpi(dpi)
        fig.set_facecolor(face)
        fig.set_canvas(canvas)


def _palette_png(rgba: bytes, size: tuple[int, int]) -> bytes:
    """RGBA pixels encoded as a PNG with an adaptive palette of :data:`PNG_COLOURS` colours.

    Fast octree quantization, no dithering: on the eight figures of a run it took 1.2 CPU-s
    against median cut's 2.8 (the plots' flat colours need no more). Compressed at zlib's
    level :data:`PNG_ZLIB_LEVEL`.
    """
    from PIL import Image

    image = Image.frombuffer("RGBA", size, rgba, "raw", "RGBA", 0, 1).convert("RGB")
    palette = image.quantize(
        colors=PNG_COLOURS, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    palette.save(out, format="PNG", compress_level=PNG_ZLIB_LEVEL)
    return out.getvalue()


def figure_title(fig: Figure) -> str:
    """The title of a figure made here (its suptitle), on one line."""
    suptitle = fig.get_suptitle()
    return " ".join(suptitle.split())


# --------------------------------------------------------------------------------------------
# Helpers


def _grid_size(panels: Sequence[str], ncols: int) -> tuple[float, float]:
    """Slide size, or taller (1.9 inches a row) beyond :data:`MAX_SLIDE_ROWS` rows of panels."""
    rows = -(-len(panels) // max(1, min(ncols, len(panels))))
    return SLIDE if rows <= MAX_SLIDE_ROWS else (SLIDE[0], 1.6 + 1.9 * rows)


def _figure(size: tuple[float, float] = SLIDE) -> Figure:
    fig = Figure(figsize=size, layout=ConstrainedLayoutEngine(h_pad=0.08, w_pad=0.08))
    return fig


def _panels(
    n: int, ncols: int, size: tuple[float, float] = SLIDE
) -> tuple[Figure, list[Axes], Axes]:
    """A figure with ``n`` axes on a grid of ``ncols`` columns, under a row for the legend.

    Returns the figure, the ``n`` axes and the legend's (invisible) axes: a legend placed in a
    row of its own keeps clear of the title, the panels and the footnote whatever its size.
    """
    ncols = max(1, min(ncols, n))
    nrows = -(-n // ncols)
    fig = _figure(size)
    grid = fig.add_gridspec(nrows + 1, ncols, height_ratios=[0.001, *([1.0] * nrows)])
    legend_ax = fig.add_subplot(grid[0, :])
    legend_ax.axis("off")
    axes = [fig.add_subplot(grid[1 + i // ncols, i % ncols]) for i in range(n)]
    return fig, axes, legend_ax


def _legend(ax: Axes, handles: Sequence[Artist], ncols: int | None = None) -> None:
    """The figure's legend, in the legend row from :func:`_panels`, one line if it fits."""
    handles = list(handles)
    if ncols is None:  # one row if the labels fit across a slide, else two or more
        chars = sum(len(str(h.get_label())) + 8 for h in handles)
        rows = -(-chars // LEGEND_ROW_CHARS)
        ncols = -(-len(handles) // rows)
    ax.legend(
        handles=handles,
        loc="center",
        ncols=ncols,
        frameon=False,
        borderaxespad=0.0,
        handlelength=2.4,
    )


def _footnote(fig: Figure, text: str) -> None:
    """The footnote, bottom left; a figure-level x label, so that the layout keeps room for it."""
    fig.supxlabel(
        _wrap(text, FOOTNOTE_WIDTH),
        x=0.005,
        ha="left",
        fontsize=10,
        color="#444444",
        linespacing=1.3,
    )


def _indicator_axes(
    ax: Axes, name: str, years: Sequence[int], labels: Labels, *, difference: bool = False
) -> None:
    """Title, unit label, integer year ticks and number format of one indicator's panel."""
    indicator = INDICATORS[name]
    unit = difference_unit(indicator.unit) if difference else indicator.unit
    ax.set_title(_wrap(labels.indicator(name), 40))
    form = labels.unit(unit)
    label = form.axis_label
    ax.set_ylabel(say("difference, {unit}", labels.lang, unit=label) if difference else label)
    step = 1 if len(years) <= 7 else 2
    ax.set_xticks(list(years)[::step])
    ax.set_xlim(years[0] - 0.3, years[-1] + 0.3)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
    if form.display_decimals == 0:
        ax.yaxis.set_major_formatter(FuncFormatter(_thousands))


def _union_years(ensembles: Sequence[Ensemble]) -> list[int]:
    return sorted({y for e in ensembles for y in e.years})


def _scenario_handles(styles: Mapping[str, ScenarioStyle]) -> list[Line2D]:
    return [
        Line2D([], [], color=s.color, linestyle=s.linestyle, lw=2.4, label=name)
        for name, s in styles.items()
    ]


def _thousands(value: float, _pos: object = None) -> str:
    return f"{value:,.0f}"


def _number(value: float) -> str:
    """A target value as written: thousands separated, up to two decimals."""
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _wrap(text: str, width: int) -> str:
    """Lines of at most ``width`` characters' width, broken between words.

    In Chinese text (no spaces) a line may break between any two characters, but never inside
    a run of Latin letters and digits (``2027年``, ``60%``) or before a closing punctuation mark
    (，。、：；）); a CJK character counts twice (it is about as wide as two Latin ones).
    """
    if not any(ord(ch) >= 0x2E80 for ch in text):
        return "\n".join(textwrap.wrap(text, width, break_on_hyphens=False)) or text
    lines, line, used = [], "", 0
    for token in re.findall(r"(?:[A-Za-z0-9.,%+\-]+年?|\s+|.)[，。、：；）]*", text):
        size = sum(2 if ord(ch) >= 0x2E80 else 1 for ch in token)
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            token = token.lstrip()
        line += token
        used += size
    lines.append(line.rstrip())
    return "\n".join(lines)
