"""Self-contained HTML reports of a run or a comparison, and the files that go with them.

A report is one HTML file that opens offline in any browser: figures embedded as compressed PNG,
styles inline, no scripts, fonts or anything else fetched from elsewhere (links to the sources of
the baseline figures are plain links, followed only when clicked). It holds the figures, the
tables of headline indicators (and of paired differences and targets, with their medians, gaps
and caveats, where there are any), the scenarios exactly as run, and where every 2025 baseline
figure comes from. Paths are shown relative (``seeds/baseline_2025.yaml``), never as this
machine's. Printed (or saved as PDF) it fits A4 landscape.

The page is a Jinja2 template, ``templates/report.html.j2`` beside this module (its style sheet
``report.css``), which users can adapt: ``--template FILE`` renders another template, which may
extend the shipped one and override its blocks. This module only gathers the template's data,
every number formatted, in English or Chinese (``lang``) from the bilingual registry
(:mod:`sim.inputs.labels`, :mod:`sim.outputs.phrases`).

:func:`report_files` renders the figures once and returns writers for ``report.html`` and
``figures/<name>.png`` (plus ``.svg`` or ``.pdf`` on request), ready for the atomic writers of
the ``run`` and ``compare`` commands. Matplotlib is imported only there.
"""

from __future__ import annotations

import base64
import multiprocessing
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml
from markupsafe import Markup

from sim.inputs.labels import Labels
from sim.inputs.parameters_file import CALIBRATED_STATUSES
from sim.inputs.seeds import Figure as SeedFigure
from sim.inputs.seeds import Seeds
from sim.inputs.shipped import display_path
from sim.model.indicators import HEADLINE, INDICATORS
from sim.outputs.phrases import say
from sim.outputs.tables import difference_unit, headline_extract, percent
from sim.results import Ensemble, Scorecard

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from sim.outputs.plots import Tornado

FIGURE_FORMATS = ("png", "svg", "pdf")
"""Formats a figure can be written in; PNG always (the report embeds it)."""

FIGURES_DIR = "figures"
"""Sub-folder of a run or comparison holding the figure files."""

SEED_UNITS = {"rmb_bn": "RMB bn", "percent": "%", "units": "vehicles", "count": ""}
"""How the units of ``sim.inputs.seeds`` are written in the report."""

TEMPLATE = "report.html.j2"
"""The shipped template, in ``templates/`` beside this module."""

STATUS_CLASSES = {"on track": "on-track", "at risk": "at-risk", "off track": "off-track"}
"""CSS class of each target status."""

TABLE_YEARS = (2026, 2027, 2030)
"""Years of the report's tables (with the horizon, where it is another year)."""

Writer = Callable[[Path], None]


@dataclass(frozen=True)
class RenderedFigure:
    """A figure rendered to files.

    Attributes
    ----------
    name : str
        File stem, e.g. ``fan_growth``.
    title : str
        The figure's title.
    alt : str
        Text alternative: the title and the panels' titles.
    files : dict of str to bytes
        Contents by format (``png`` always).
    """

    name: str
    title: str
    alt: str
    files: dict[str, bytes]

    def path(self, fmt: str = "png") -> str:
        """Relative path of the file in ``fmt``: ``figures/<name>.<fmt>``."""
        return f"{FIGURES_DIR}/{self.name}.{fmt}"


def render_figures(
    figures: Mapping[str, Figure | Callable[[], Figure]],
    vector_format: str | None = None,
    workers: int | None = None,
) -> list[RenderedFigure]:
    """Render figures to PNG and, on request, to SVG or PDF.

    Figures are built (where given as functions that build them) and drawn in parallel, one
    per process, where the machine has several CPUs and processes can be forked: the forked
    workers share the figures and results of this process, and nothing is pickled but the
    files' bytes and titles. The bytes are those of one process drawing them in turn.

    Parameters
    ----------
    figures : mapping of str to Figure or to a function returning one
        By file stem, in report order (e.g. from
        :func:`sim.outputs.plots.standard_figure_makers`).
    vector_format : {"svg", "pdf"}, optional
        Also write each figure in this format.
    workers : int, optional
        Processes drawing figures (default: one per CPU, at most one per figure).
    """
    from sim.execution.executors import local_workers

    if vector_format is not None and vector_format not in FIGURE_FORMATS:
        raise ValueError(f"unknown figure format {vector_format!r}; use svg or pdf")
    formats = ["png"] + ([vector_format] if vector_format not in (None, "png") else [])
    names = list(figures)
    jobs = min(local_workers(workers), len(names))
    if jobs > 1 and "fork" in multiprocessing.get_all_start_methods():
        with ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=multiprocessing.get_context("fork"),
            initializer=_share_figures,
            initargs=(figures, formats),
        ) as pool:
            drawn = list(pool.map(_figure_files, names))
    else:
        _share_figures(figures, formats)
        drawn = [_figure_files(name) for name in names]
        _SHARED.clear()
    return [
        RenderedFigure(name, title, alt, files)
        for name, (title, alt, files) in zip(names, drawn, strict=True)
    ]


_SHARED: dict[str, Any] = {}
"""The figures and formats a drawing process renders (set in it by :func:`_share_figures`)."""


def _share_figures(
    figures: Mapping[str, Figure | Callable[[], Figure]], formats: list[str]
) -> None:
    """Keep the figures for :func:`_figure_files` (in a forked worker: its copy, not pickled)."""
    from sim.execution.executors import die_with_parent

    if multiprocessing.parent_process() is not None:
        die_with_parent()
    _SHARED["figures"], _SHARED["formats"] = figures, formats


def _figure_files(name: str) -> tuple[str, str, dict[str, bytes]]:
    """The title, text alternative and bytes in each format of figure ``name``, built if need be.

    The text alternative is the title and the panels' titles.
    """
    from matplotlib.figure import Figure

    from sim.outputs.plots import figure_bytes, figure_title

    made = _SHARED["figures"][name]
    fig = made if isinstance(made, Figure) else made()
    title = figure_title(fig)
    panels = [ax.get_title().replace("\n", " ") for ax in fig.axes if ax.get_title()]
    alt = title + (": " + "; ".join(panels) if panels else "")
    return title, alt, {fmt: figure_bytes(fig, fmt) for fmt in _SHARED["formats"]}


def report_files(
    ensembles: Sequence[Ensemble],
    seeds: Seeds,
    *,
    differences: pd.DataFrame | None = None,
    scorecard: Scorecard | None = None,
    tornadoes: Mapping[str, Tornado] | None = None,
    vector_format: str | None = None,
    lang: str = "en",
    template: str | Path | None = None,
    extra_figures: Mapping[str, Figure | Callable[[], Figure]] | None = None,
    extra_sections: Sequence[tuple[str, str, str]] = (),
    title: str | None = None,
) -> dict[str, Writer]:
    """Figures and report of a run (one ensemble) or a comparison (the reference first).

    Parameters
    ----------
    ensembles : sequence of Ensemble
        One scenario, or the reference followed by the scenarios compared with it.
    seeds : Seeds
        The baseline the runs started from (its sources are listed).
    differences : DataFrame, optional
        Paired differences (:func:`sim.results.paired_differences`) for a comparison.
    scorecard : Scorecard, optional
        Targets and the probability of meeting them per scenario
        (``sim.analysis.targets.scorecard.scorecard_table``): a table and a figure per target year.
    tornadoes : mapping of str to Tornado, optional
        Drivers of targets (:class:`sim.outputs.plots.Tornado`), a figure each.
    vector_format : {"svg", "pdf"}, optional
        Also write each figure in this format.
    lang : {"en", "zh"}
        Language of the report and its figures.
    template : path, optional
        A Jinja2 template to render instead of the shipped one (see :func:`environment`).
    extra_figures : mapping of str to Figure, optional
        Further figures by file stem (e.g. the attribution waterfalls of ``compare
        --attribute``, the ``targets`` command's drivers and solver curve), after the standard
        ones.
    extra_sections : sequence of (key, heading, html)
        Further sections after the targets table: an anchor, a heading and HTML content that
        its maker escaped (``sim.outputs.target_report``).
    title : str, optional
        The report's title (default: "cqsim run: <scenario>" or "cqsim comparison: ...").

    Returns
    -------
    dict of str to callable
        Relative file name (``report.html``, ``figures/<name>.png`` ...) to a function that
        writes it at the path it is given, creating the ``figures`` folder if needed.
    """
    from sim.outputs.plots import standard_figure_makers

    drawn = standard_figure_makers(
        ensembles,
        scorecard=scorecard.table if scorecard is not None else None,
        tornadoes=tornadoes,
        lang=lang,
    )
    figures = render_figures({**drawn, **(extra_figures or {})}, vector_format)
    page = build_report(
        ensembles,
        figures,
        seeds,
        differences=differences,
        scorecard=scorecard,
        lang=lang,
        template=template,
        extra_sections=extra_sections,
        title=title,
    )
    writers = figure_writers(figures)
    writers["report.html"] = _bytes_writer(page.encode("utf-8"))
    return writers


def figure_writers(figures: Sequence[RenderedFigure]) -> dict[str, Writer]:
    """A writer for each file of each rendered figure, by relative path (``figures/x.png``)."""
    return {
        figure.path(fmt): _bytes_writer(data)
        for figure in figures
        for fmt, data in figure.files.items()
    }


def environment(template: str | Path | None = None) -> Any:
    """The Jinja2 environment of reports: the shipped templates, and the folder of ``template``.

    A user's template is found by its file name and may ``{% extends "report.html.j2" %}``;
    everything it prints is HTML-escaped unless marked safe.
    """
    import jinja2

    loaders: list[Any] = [jinja2.PackageLoader("sim.outputs", "templates")]
    if template is not None:
        loaders.insert(0, jinja2.FileSystemLoader(str(Path(template).resolve().parent)))
    return jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def build_report(
    ensembles: Sequence[Ensemble],
    figures: Sequence[RenderedFigure],
    seeds: Seeds,
    *,
    differences: pd.DataFrame | None = None,
    scorecard: Scorecard | None = None,
    created: datetime | None = None,
    lang: str = "en",
    template: str | Path | None = None,
    extra_sections: Sequence[tuple[str, str, str]] = (),
    title: str | None = None,
) -> str:
    """The HTML text of the report of a run or a comparison (see the module docstring)."""
    context = report_context(
        ensembles, figures, seeds, differences, scorecard, created or datetime.now(UTC), lang
    )
    if title is not None:
        context["title"] = title
    if extra_sections:
        from markupsafe import Markup

        extra = [{"id": k, "heading": h, "html": Markup(body)} for k, h, body in extra_sections]
        at = next((i + 1 for i, s in enumerate(context["sections"]) if s["id"] == "targets"), 1)
        context["sections"][at:at] = [{"id": x["id"], "heading": x["heading"]} for x in extra]
        context["extra_sections"] = extra
    name = Path(template).name if template is not None else TEMPLATE
    return str(environment(template).get_template(name).render(**context))


def report_context(
    ensembles: Sequence[Ensemble],
    figures: Sequence[RenderedFigure],
    seeds: Seeds,
    differences: pd.DataFrame | None,
    scorecard: Scorecard | None,
    created: datetime,
    lang: str,
) -> dict[str, Any]:
    """Everything the template shows, formatted: names, units and words in ``lang``."""
    labels = Labels(lang)
    t = partial(say, lang=lang)
    names = [e.scenario.name for e in ensembles]
    if len(names) == 1:
        title = t("cqsim run: {name}", name=names[0])
    else:
        others = ("、" if labels.zh else ", ").join(names[1:])
        title = t(
            "cqsim comparison: {others} against {reference}", others=others, reference=names[0]
        )
    compared = differences is not None and len(ensembles) > 1
    targets = scorecard is not None and len(scorecard.table) > 0
    sections = [("headline", t("Headline indicators"))]
    if compared:
        sections.append(("differences", t("Differences to {reference}", reference=names[0])))
    if targets:
        sections.append(("targets", t("Targets")))
    sections += [
        ("figures", t("Figures")),
        ("scenarios", t("Scenarios as run")),
        ("sources", t("Sources of the baseline figures")),
    ]
    status = str(ensembles[0].provenance.get("parameters_status", "unknown"))
    return {
        "t": t,
        "lang": labels.lang,
        "html_lang": "zh-CN" if labels.zh else "en",
        "title": title,
        "facts": _facts(ensembles, created, t),
        "note": t(
            "Every number is a distribution over draws: tables give the median and, in "
            "brackets, the 90% band (5th to 95th percentile)."
        ),
        "caveat": None
        if status in CALIBRATED_STATUSES
        else t(
            "The model parameters have status {status}: they are not yet fitted to history. "
            "Read the bands as the model's uncertainty under those parameters.",
            status=status,
        ),
        "sections": [{"id": key, "heading": heading} for key, heading in sections],
        "headline": _headline(ensembles, labels),
        "differences": _differences(differences, labels, names) if compared else None,
        "targets": _targets(scorecard, names, labels) if targets else None,
        "extra_sections": [],
        "figures": [_figure(f) for f in figures],
        "scenarios": _scenarios(ensembles, labels),
        "sources": _sources(seeds, t),
        "footer": _footer(ensembles, figures, created, t),
    }


# --------------------------------------------------------------------------------------------
# Sections


def _facts(
    ensembles: Sequence[Ensemble], created: datetime, t: Callable[..., str]
) -> list[tuple[str, str]]:
    first = ensembles[0]
    prov = first.provenance
    runs = {(e.scenario.draws, e.scenario.seed) for e in ensembles}
    if len(runs) == 1:
        draws, seed = next(iter(runs))
        phrase = (
            "{draws} Monte Carlo draws, seed {seed}"
            if len(ensembles) == 1
            else "{draws} Monte Carlo draws, seed {seed}; common random numbers: draw i of "
            "every scenario uses the same random numbers, so differences show the scenarios, "
            "not noise"
        )
        how = t(phrase, draws=f"{draws:,}", seed=seed)
    else:
        how = "; ".join(
            f"{e.scenario.name}: {e.scenario.draws:,} draws, seed {e.scenario.seed}"
            for e in ensembles
        )
    status = str(prov.get("parameters_status", "unknown"))
    last = max(e.years[-1] for e in ensembles)
    return [
        (
            t("Run"),
            t(
                "{created} UTC with cqsim {version}",
                created=f"{created:%Y-%m-%d %H:%M}",
                version=prov.get("package_version", "?"),
            ),
        ),
        (t("Draws"), how),
        (t("Years"), t("{first} (the seeds) to {last}", first=first.years[0], last=last)),
        (
            t("Parameters"),
            t("{path}, status {status}", path=_shown(prov.get("parameters_file")), status=status),
        ),
        (t("Baseline"), _shown(prov.get("seeds_file"))),
    ]


def _cell(
    p50: float, p05: float, p95: float, unit: str, labels: Labels, signed: bool = False
) -> dict[str, str]:
    return {
        "median": labels.value(p50, unit, signed=signed),
        "low": labels.value(p05, unit, signed=signed),
        "high": labels.value(p95, unit, signed=signed),
    }


def _difference_cell(row: pd.Series, unit: str, labels: Labels) -> dict[str, str]:
    """Median [90% band] of a paired difference and, below it, its mean."""
    cell = _cell(row.p50, row.p05, row.p95, unit, labels, signed=True)
    return {**cell, "mean": labels.value(row["mean"], unit, signed=True)}


def _scenario(index: int, name: str) -> dict[str, str]:
    from sim.outputs.plots import OKABE_ITO

    return {"name": name, "colour": OKABE_ITO[index % len(OKABE_ITO)]}


def _headline(ensembles: Sequence[Ensemble], labels: Labels) -> dict[str, Any]:
    years = _table_years(ensembles)
    base_year = ensembles[0].years[0]
    table = headline_extract(ensembles, [base_year, *years])
    # (variable, scenario, year) -> (p50, p05, p95): one pass, not a pandas selection per cell
    bands = {
        (v, s, int(y)): (p50, p05, p95)
        for v, s, y, p50, p05, p95 in zip(
            table["variable"], table["scenario"], table["year"],
            table["p50"], table["p05"], table["p95"], strict=True,
        )
    }  # fmt: skip
    groups = []
    for name in HEADLINE:
        unit = INDICATORS[name].unit
        rows = []
        for k, ensemble in enumerate(ensembles):
            scenario = ensemble.scenario.name
            cells = [
                _cell(*bands[name, scenario, y], unit, labels)
                if (name, scenario, y) in bands
                else None
                for y in years
            ]
            rows.append({"scenario": _scenario(k, scenario), "cells": cells})
        base = bands[name, ensembles[0].scenario.name, base_year][0]
        groups.append(
            {
                "name": labels.indicator(name),
                "code": name,
                "unit": labels.unit(unit).label,
                "base": labels.value(base, unit),
                "rows": rows,
            }
        )
    return {"base_year": base_year, "years": years, "multi": len(ensembles) > 1, "groups": groups}


def _differences(
    differences: pd.DataFrame | None, labels: Labels, names: Sequence[str]
) -> dict[str, Any]:
    assert differences is not None
    years = [y for y in TABLE_YEARS if y in set(differences["year"])]
    last = int(differences["year"].max())
    if last not in years:
        years.append(last)
    scenarios = list(dict.fromkeys(differences["scenario"]))
    reference = str(differences["reference"].iloc[0])
    table = differences.set_index(["variable", "scenario", "year"])
    groups = []
    for name in HEADLINE:
        unit = difference_unit(INDICATORS[name].unit)
        rows = [
            {
                "scenario": _scenario(k + 1, scenario),
                "cells": [
                    _difference_cell(table.loc[(name, scenario, y)], unit, labels) for y in years
                ],
            }
            for k, scenario in enumerate(scenarios)
        ]
        groups.append(
            {
                "name": labels.indicator(name),
                "code": name,
                "unit": labels.unit(unit).label,
                "rows": rows,
            }
        )
    intro = (
        say(
            "Each scenario minus {reference}, draw by draw: median and 90% band of the paired "
            "difference (in differences.csv for every indicator and year). Rates and shares differ "
            "in percentage points.",
            labels.lang,
            reference=reference,
        )
        + " "
        + say(
            "Below each, the mean difference: an effect that shows in only some draws (a capacity "
            "that binds when demand is strong) has a median of zero and a mean that is not.",
            labels.lang,
        )
    )
    heading = say("Differences to {reference}", labels.lang, reference=names[0])
    return {"heading": heading, "intro": intro, "years": years, "groups": groups}


def _targets(scorecard: Scorecard | None, names: Sequence[str], labels: Labels) -> dict[str, Any]:
    from sim.outputs.plots import COMPARISONS

    assert scorecard is not None
    lang = labels.lang
    groups: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for target, block in scorecard.table.groupby("target", sort=False):
        first = block.iloc[0]
        unit = INDICATORS[first.indicator].unit
        gap_unit = difference_unit(unit)
        label = labels.target(str(target), str(first.label))
        note = scorecard.notes.get(str(target))
        if note:
            notes.append({"number": len(notes) + 1, "label": label, "text": " ".join(note.split())})
        rows = []
        by_scenario = block.set_index("scenario")
        for k, name in enumerate(names):
            cell = None
            if name in by_scenario.index:
                r = by_scenario.loc[name]
                status = str(r.get("status", ""))
                cell = {
                    **_cell(r.p50, r.p05, r.p95, unit, labels),
                    "gap": labels.value(r.gap, gap_unit, signed=True)
                    + f" {labels.unit(gap_unit).label}",
                    "probability": say(str(r["probability_text"]), lang)
                    if isinstance(r.get("probability_text"), str)
                    else percent(float(r.probability)),
                    "status": say(status, lang),
                    "status_class": STATUS_CLASSES.get(status, ""),
                }
            rows.append({"scenario": _scenario(k, name), "cell": cell})
        symbol = COMPARISONS.get(str(first.comparison), str(first.comparison))
        groups.append(
            {
                "label": label,
                "code": first.indicator,
                "note": len(notes) if note else None,
                "year": int(first.year),
                "target": f"{symbol} {labels.value(first.value, unit)} {labels.unit(unit).label}",
                "rows": rows,
            }
        )
    intro = say(
        "Probability of meeting each official target (seeds/targets.yaml): the share of draws "
        "that meet it, the median outcome with its 90% band, the gap of the median to the target "
        "and a status (on track from {on_track}, off track below {off_track}, at risk between: "
        "the IPCC's likelihood language).",
        lang,
        on_track=f"{scorecard.on_track:.0%}",
        off_track=f"{scorecard.off_track:.0%}",
    )
    return {"intro": intro, "multi": len(names) > 1, "groups": groups, "notes": notes}


def _figure(figure: RenderedFigure) -> dict[str, Any]:
    data = base64.b64encode(figure.files["png"]).decode("ascii")
    return {
        "name": figure.name,
        "title": figure.title,
        "alt": figure.alt,
        "src": f"data:image/png;base64,{data}",
        "files": [figure.path(fmt) for fmt in figure.files],
    }


def _scenarios(ensembles: Sequence[Ensemble], labels: Labels) -> dict[str, Any]:
    items = []
    for k, ensemble in enumerate(ensembles):
        scenario = ensemble.scenario
        files = ", ".join(_shown(p) for p in scenario.files) or "(not from a file)"
        text = yaml.safe_dump(scenario.to_dict(), sort_keys=False, allow_unicode=True, width=100)
        given = ", ".join(labels.input(n) for n in sorted(scenario.given))
        items.append(
            {
                **_scenario(k, scenario.name),
                "description": scenario.description,
                "files": files,
                "sha256": scenario.sha256(),
                "given": given or say("none", labels.lang),
                "yaml": text,
            }
        )
    compared = len(ensembles) > 1
    return {
        "compared": compared,
        "differing": _differing_inputs(ensembles, labels) if compared else [],
        "entries": items,
    }


def _differing_inputs(ensembles: Sequence[Ensemble], labels: Labels) -> list[dict[str, Any]]:
    """The assumptions, levers, horizon and events on which the scenarios differ."""
    dicts = [e.scenario.to_dict() for e in ensembles]
    rows = []
    for group in ("assumptions", "levers"):
        for key in dicts[0][group]:
            values = [d[group].get(key) for d in dicts]
            if any(v != values[0] for v in values[1:]):
                name = f"{group[:-1]}: {key}"
                if labels.zh:
                    name = f"{labels.input(key)}（{key}）"
                rows.append({"name": name, "cells": [_compact(v) for v in values]})
    for field in ("horizon", "events"):
        values = [d[field] for d in dicts]
        if any(v != values[0] for v in values[1:]):
            if field == "events":
                values = [[e["name"] for e in v] or "none" for v in values]
            rows.append({"name": field, "cells": [_compact(v) for v in values]})
    return rows


def _sources(seeds: Seeds, t: Callable[..., str]) -> dict[str, Any]:
    rows = []
    for group in (seeds.figures, seeds.sector_shares):
        for figure in group.values():
            label = figure.name if group is seeds.figures else f"sector share: {figure.name}"
            rows.append(
                {
                    "label": label,
                    "value": _seed_value(figure),
                    "year": figure.year,
                    "provenance": _provenance(figure),
                }
            )
    intro = t(
        "Every 2025 figure the projection starts from, as checked in {path}.",
        path=display_path(seeds.path),
    )
    return {"intro": intro, "rows": rows}


def _seed_value(figure: SeedFigure) -> str:
    """A seeded number with its unit: ``3,380 RMB bn``, ``1,296,000 vehicles``, ``5.3 %``."""
    value = figure.value
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return f"{text} {SEED_UNITS.get(figure.unit, figure.unit)}".strip()


def _provenance(figure: SeedFigure) -> Markup:
    """Source (title, publisher, date, quote, links) or derivation of a seeded figure, as HTML."""
    parts = []
    if figure.source is not None:
        s = figure.source
        where = []
        if s.url:
            where.append(Markup('<a href="{0}" rel="noreferrer">{0}</a>').format(s.url))
        if s.document:
            where.append(Markup("seed document <code>{}</code>").format(s.document))
        text = Markup("{}, {}, {}: &ldquo;{}&rdquo;").format(s.title, s.publisher, s.date, s.quote)
        if where:
            text += Markup(" (") + Markup("; ").join(where) + Markup(")")
        parts.append(text)
    if figure.derivation is not None:
        d = figure.derivation
        inputs = "; ".join(
            f"{i.get('indicator', '?')} {i.get('year', '')}".strip() for i in d.inputs
        )
        text = Markup("<i>{}</i>: {}").format(d.kind, d.method)
        if inputs:
            text += Markup(" Inputs: {}.").format(inputs)
        parts.append(text)
    if figure.note:
        parts.append(Markup('<span class="small">Note: {}</span>').format(figure.note))
    return Markup("<br>").join(parts)


def _footer(
    ensembles: Sequence[Ensemble],
    figures: Sequence[RenderedFigure],
    created: datetime,
    t: Callable[..., str],
) -> str:
    prov = ensembles[0].provenance
    hashes = [
        ("parameters", prov.get("parameters_sha256")),
        ("seeds", prov.get("seeds_sha256")),
        *((f"scenario {e.scenario.name}", e.scenario.sha256()) for e in ensembles),
    ]
    listed = "; ".join(f"{name} SHA-256 {h}" for name, h in hashes if h)
    made = t(
        "Made by cqsim {version} on {created} UTC, numpy {numpy}, Python {python}.",
        version=prov.get("package_version", "?"),
        created=f"{created:%Y-%m-%d %H:%M}",
        numpy=prov.get("numpy_version", "?"),
        python=prov.get("python_version", "?"),
    )
    count = t("{count} figures, also as files beside this report.", count=len(figures))
    return f"{made} {listed}. {count}"


# --------------------------------------------------------------------------------------------
# Formatting


def format_value(value: float, unit: str, signed: bool = False) -> str:
    """A number for a table, in ``unit``: RMB bn whole, vehicles in millions, else one decimal.

    ``signed`` writes a + before positive numbers (for differences). English; the report's
    tables use :meth:`sim.inputs.labels.Labels.value` (in either language).
    """
    sign = "+" if signed else ""
    if unit == "units":
        return f"{value / 1e6:{sign}.3f}m"
    if unit == "RMB bn":
        return f"{value:{sign},.0f}"
    return f"{value:{sign}.1f}"


def _shown(path: object) -> str:
    """A file as the report names it: relative, never this machine's absolute path."""
    return display_path(str(path)) if path not in (None, "", "?") else "?"


def _table_years(ensembles: Sequence[Ensemble]) -> list[int]:
    last = max(e.years[-1] for e in ensembles)
    years = [y for y in TABLE_YEARS if y <= last]
    if last not in years:
        years.append(last)
    return years


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _bytes_writer(data: bytes) -> Writer:
    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return write
