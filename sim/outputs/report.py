"""Self-contained HTML reports of a run or a comparison, and the files that go with them.

A report is one HTML file that opens offline in any browser: figures embedded as base64 PNG,
styles inline, no scripts, fonts or anything else fetched from elsewhere (links to the sources of
the baseline figures are plain links, followed only when clicked). It holds the figures, the
tables of headline indicators (and of paired differences and targets where there are any), the
scenarios exactly as run, and where every 2025 baseline figure comes from.

:func:`report_files` renders the figures once and returns writers for ``report.html`` and
``figures/<name>.png`` (plus ``.svg`` or ``.pdf`` on request), ready for the atomic writers of
the ``run`` and ``compare`` commands. Matplotlib is imported only there.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import yaml

from sim.model.indicators import HEADLINE, INDICATORS
from sim.outputs.tables import difference_unit, headline_extract, percent
from sim.results import Ensemble, Scorecard
from sim.inputs.seeds import Figure as SeedFigure
from sim.inputs.seeds import Seeds

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from sim.outputs.plots import Tornado

FIGURE_FORMATS = ("png", "svg", "pdf")
"""Formats a figure can be written in; PNG always (the report embeds it)."""

FIGURES_DIR = "figures"
"""Sub-folder of a run or comparison holding the figure files."""

SEED_UNITS = {"rmb_bn": "RMB bn", "percent": "%", "units": "vehicles", "count": ""}
"""How the units of ``sim.inputs.seeds`` are written in the report."""

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
    figures: Mapping[str, Figure], vector_format: str | None = None
) -> list[RenderedFigure]:
    """Render figures to PNG and, on request, to SVG or PDF.

    Parameters
    ----------
    figures : mapping of str to Figure
        By file stem, in report order (e.g. from :func:`sim.outputs.plots.standard_figures`).
    vector_format : {"svg", "pdf"}, optional
        Also write each figure in this format.
    """
    from sim.outputs.plots import figure_bytes, figure_title

    if vector_format is not None and vector_format not in FIGURE_FORMATS:
        raise ValueError(f"unknown figure format {vector_format!r}; use svg or pdf")
    formats = ["png"] + ([vector_format] if vector_format not in (None, "png") else [])
    rendered = []
    for name, fig in figures.items():
        title = figure_title(fig)
        panels = [ax.get_title().replace("\n", " ") for ax in fig.axes if ax.get_title()]
        alt = title + (": " + "; ".join(panels) if panels else "")
        files = {fmt: figure_bytes(fig, fmt) for fmt in formats}
        rendered.append(RenderedFigure(name=name, title=title, alt=alt, files=files))
    return rendered


def report_files(
    ensembles: Sequence[Ensemble],
    seeds: Seeds,
    *,
    differences: pd.DataFrame | None = None,
    scorecard: Scorecard | None = None,
    tornadoes: Mapping[str, Tornado] | None = None,
    vector_format: str | None = None,
) -> dict[str, Writer]:
    """Figures and report of a run (one ensemble) or a comparison (the reference first).

    Parameters
    ----------
    ensembles : sequence of Ensemble
        One scenario, or the reference followed by the scenarios compared with it.
    seeds : Seeds
        The baseline the runs started from (its sources are listed).
    differences : DataFrame, optional
        Paired differences (:func:`sim.outputs.tables.paired_differences`) for a comparison.
    scorecard : Scorecard, optional
        Targets and the probability of meeting them per scenario
        (``sim.analysis.targets.scorecard.scorecard_table``): a table and a figure per target year.
    tornadoes : mapping of str to Tornado, optional
        Drivers of targets (:class:`sim.outputs.plots.Tornado`), a figure each.
    vector_format : {"svg", "pdf"}, optional
        Also write each figure in this format.

    Returns
    -------
    dict of str to callable
        Relative file name (``report.html``, ``figures/<name>.png`` ...) to a function that
        writes it at the path it is given, creating the ``figures`` folder if needed.
    """
    from sim.outputs.plots import standard_figures

    figures = render_figures(
        standard_figures(
            ensembles,
            scorecard=scorecard.table if scorecard is not None else None,
            tornadoes=tornadoes,
        ),
        vector_format,
    )
    page = build_report(ensembles, figures, seeds, differences=differences, scorecard=scorecard)
    writers: dict[str, Writer] = {}
    for figure in figures:
        for fmt, data in figure.files.items():
            writers[figure.path(fmt)] = _bytes_writer(data)
    writers["report.html"] = _bytes_writer(page.encode("utf-8"))
    return writers


def build_report(
    ensembles: Sequence[Ensemble],
    figures: Sequence[RenderedFigure],
    seeds: Seeds,
    *,
    differences: pd.DataFrame | None = None,
    scorecard: Scorecard | None = None,
    created: datetime | None = None,
) -> str:
    """The HTML text of the report of a run or a comparison (see the module docstring)."""
    created = created or datetime.now(UTC)
    names = [e.scenario.name for e in ensembles]
    if len(names) == 1:
        title = f"cqsim run: {names[0]}"
    else:
        title = f"cqsim comparison: {', '.join(names[1:])} against {names[0]}"
    sections: list[tuple[str, str, str]] = [
        ("headline", "Headline indicators", _headline_section(ensembles)),
    ]
    if differences is not None and len(ensembles) > 1:
        sections.append(
            ("differences", f"Differences to {names[0]}", _differences_section(differences))
        )
    if scorecard is not None and len(scorecard.table):
        sections.append(("targets", "Targets", _targets_section(scorecard, names)))
    sections += [
        ("figures", "Figures", _figures_section(figures)),
        ("scenarios", "Scenarios as run", _scenarios_section(ensembles)),
        ("sources", "Sources of the baseline figures", _sources_section(seeds)),
    ]
    nav = "".join(f'<li><a href="#{key}">{_e(head)}</a></li>' for key, head, _ in sections)
    body = "".join(
        f'<section id="{key}"><h2>{_e(head)}</h2>{content}</section>'
        for key, head, content in sections
    )
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head><body><main>"
        f"<header><h1>{_e(title)}</h1>{_run_facts(ensembles, created)}</header>"
        f'<nav aria-label="Contents"><ul>{nav}</ul></nav>{body}'
        f"<footer>{_footer(ensembles, figures, created)}</footer>"
        "</main></body></html>\n"
    )


# --------------------------------------------------------------------------------------------
# Sections


def _run_facts(ensembles: Sequence[Ensemble], created: datetime) -> str:
    first = ensembles[0]
    prov = first.provenance
    runs = {(e.scenario.draws, e.scenario.seed) for e in ensembles}
    if len(runs) == 1:
        draws, seed = next(iter(runs))
        how = f"{draws:,} Monte Carlo draws{' each' if len(ensembles) > 1 else ''}, seed {seed}"
        if len(ensembles) > 1:
            how += (
                "; common random numbers: draw i of every scenario uses the same random "
                "numbers, so differences show the scenarios, not noise"
            )
    else:
        how = "; ".join(
            f"{e.scenario.name}: {e.scenario.draws:,} draws, seed {e.scenario.seed}"
            for e in ensembles
        )
    status = str(prov.get("parameters_status", "unknown"))
    facts = [
        ("Run", f"{created:%Y-%m-%d %H:%M} UTC with cqsim {prov.get('package_version', '?')}"),
        ("Draws", how),
        ("Years", f"{first.years[0]} (the seeds) to {max(e.years[-1] for e in ensembles)}"),
        ("Parameters", f"{prov.get('parameters_file', '?')}, status {status}"),
        ("Baseline", str(prov.get("seeds_file", "?"))),
    ]
    rows = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in facts)
    note = (
        "Every number is a distribution over draws: tables give the median and, in brackets, "
        "the 90% band (5th to 95th percentile). Monetary values are RMB billion, nominal; "
        "rates and shares percent; vehicles are counts."
    )
    caveat = ""
    if status != "fitted":
        caveat = (
            f'<p class="caveat">The model parameters have status <b>{_e(status)}</b>: they are '
            "not yet fitted to history. Read the bands as the model's uncertainty under those "
            "parameters.</p>"
        )
    return f'<table class="facts">{rows}</table><p>{_e(note)}</p>{caveat}'


def _headline_section(ensembles: Sequence[Ensemble]) -> str:
    years = _table_years(ensembles)
    table = headline_extract(ensembles, [ensembles[0].years[0], *years])
    multi = len(ensembles) > 1
    head = f"<th>Indicator</th><th>Unit</th><th>{ensembles[0].years[0]}</th>"
    head += ("<th>Scenario</th>" if multi else "") + "".join(f"<th>{y}</th>" for y in years)
    rows = []
    for name in HEADLINE:
        block = table[table["variable"] == name]
        for k, ensemble in enumerate(ensembles):
            part = block[block["scenario"] == ensemble.scenario.name].set_index("year")
            unit = INDICATORS[name].unit
            cells = []
            if k == 0:
                span = f' rowspan="{len(ensembles)}"' if multi else ""
                cells.append(f'<th scope="row"{span}>{_indicator_cell(name)}</th>')
                cells.append(f'<td class="unit"{span}>{_e(unit)}</td>')
                base = part.loc[ensembles[0].years[0]]  # the seeds: the same in every scenario
                cells.append(f'<td class="num"{span}>{_e(format_value(base.p50, unit))}</td>')
            if multi:
                cells.append(f'<td class="name">{_scenario_chip(k, ensemble.scenario.name)}</td>')
            for year in years:
                if year in part.index:
                    r = part.loc[year]
                    cells.append(f'<td class="num">{_band(r.p50, r.p05, r.p95, unit)}</td>')
                else:
                    cells.append('<td class="num">beyond horizon</td>')
            rows.append(_row(cells, first=k == 0 and multi))
    return _table(head, rows)


def _differences_section(differences: pd.DataFrame) -> str:
    years = [y for y in TABLE_YEARS if y in set(differences["year"])]
    last = int(differences["year"].max())
    if last not in years:
        years.append(last)
    scenarios = list(dict.fromkeys(differences["scenario"]))
    reference = str(differences["reference"].iloc[0])
    table = differences.set_index(["variable", "scenario", "year"])
    head = "<th>Indicator</th><th>Unit</th><th>Scenario</th>" + "".join(
        f"<th>{y}</th>" for y in years
    )
    rows = []
    for name in HEADLINE:
        unit = difference_unit(INDICATORS[name].unit)
        for k, scenario in enumerate(scenarios):
            cells = []
            if k == 0:
                span = f' rowspan="{len(scenarios)}"'
                cells.append(f'<th scope="row"{span}>{_indicator_cell(name)}</th>')
                cells.append(f'<td class="unit"{span}>{_e(unit)}</td>')
            cells.append(f'<td class="name">{_scenario_chip(k + 1, scenario)}</td>')
            for year in years:
                r = table.loc[(name, scenario, year)]
                cells.append(f'<td class="num">{_band(r.p50, r.p05, r.p95, unit, True)}</td>')
            rows.append(_row(cells, first=k == 0))
    intro = (
        f"<p>Each scenario minus {_e(reference)}, draw by draw: median and 90% band of the paired "
        "difference (in <code>differences.csv</code> for every indicator and year). Rates and "
        "shares differ in percentage points (pp).</p>"
    )
    return intro + _table(head, rows)


def _targets_section(scorecard: Scorecard, names: Sequence[str]) -> str:
    from sim.outputs.plots import COMPARISONS

    head = "<th>Target</th><th>Year</th><th>Target value</th>" + "".join(
        f"<th>{_scenario_chip(k, n)}</th>" for k, n in enumerate(names)
    )
    rows = []
    for _, block in scorecard.table.groupby("target", sort=False):
        first = block.iloc[0]
        unit = INDICATORS[first.indicator].unit
        symbol = COMPARISONS.get(str(first.comparison), str(first.comparison))
        prob = dict(zip(block["scenario"], block["probability"], strict=True))
        state = dict(zip(block["scenario"], block.get("status", [""] * len(block)), strict=True))
        cells = [
            f'<th scope="row">{_e(first.label)}<br><code>{_e(first.indicator)}</code></th>',
            f"<td>{int(first.year)}</td>",
            f'<td class="num">{_e(symbol)} {_e(format_value(first.value, unit))} {_e(unit)}</td>',
        ]
        cells += [
            f'<td class="num">{_e(percent(prob[n]))}<br>'
            f'<span class="band">{_e(state[n])}</span></td>'
            if n in prob
            else '<td class="num">beyond horizon</td>'
            for n in names
        ]
        rows.append(f"<tr>{''.join(cells)}</tr>")
    intro = (
        "<p>Probability of meeting each official target (<code>seeds/targets.yaml</code>): the "
        f"share of draws that meet it, and its status (on track from {scorecard.on_track:.0%}, "
        f"off track below {scorecard.off_track:.0%}, at risk between: the IPCC's likelihood "
        "language).</p>"
    )
    return intro + _table(head, rows)


def _figures_section(figures: Sequence[RenderedFigure]) -> str:
    parts = []
    for figure in figures:
        data = base64.b64encode(figure.files["png"]).decode("ascii")
        other = [f"<code>{_e(figure.path(fmt))}</code>" for fmt in figure.files]
        parts.append(
            f'<figure id="figure-{_e(figure.name)}">'
            f'<img src="data:image/png;base64,{data}" alt="{_e(figure.alt)}">'
            f"<figcaption>{_e(figure.title)} &middot; {', '.join(other)}</figcaption></figure>"
        )
    return "".join(parts)


def _scenarios_section(ensembles: Sequence[Ensemble]) -> str:
    parts = []
    if len(ensembles) > 1:
        parts.append(_differing_inputs(ensembles))
    for k, ensemble in enumerate(ensembles):
        scenario = ensemble.scenario
        files = ", ".join(str(p) for p in scenario.files) or "(not from a file)"
        text = yaml.safe_dump(scenario.to_dict(), sort_keys=False, allow_unicode=True, width=100)
        parts.append(
            f"<h3>{_scenario_chip(k, scenario.name)}</h3>"
            f"<p>{_e(scenario.description)}</p>"
            f'<p class="small">File: '
            f" <code>{_e(files)}</code>; resolved scenario SHA-256 "
            f"<code>{_e(scenario.sha256())}</code>; inputs set explicitly: "
            f"{_e(', '.join(sorted(scenario.given)) or 'none')}.</p>"
            f"<details><summary>Every input as run (YAML, defaults filled in)</summary>"
            f"<pre>{_e(text)}</pre></details>"
        )
    return "".join(parts)


def _differing_inputs(ensembles: Sequence[Ensemble]) -> str:
    """A table of the assumptions, levers and events on which the scenarios differ."""
    dicts = [e.scenario.to_dict() for e in ensembles]
    rows = []
    for group in ("assumptions", "levers"):
        for key in dicts[0][group]:
            values = [d[group].get(key) for d in dicts]
            if any(v != values[0] for v in values[1:]):
                rows.append((f"{group[:-1]}: {key}", values))
    for field in ("horizon", "events"):
        values = [d[field] for d in dicts]
        if any(v != values[0] for v in values[1:]):
            if field == "events":
                values = [[e["name"] for e in v] or "none" for v in values]
            rows.append((field, values))
    if not rows:
        return "<p>The scenarios have the same inputs.</p>"
    head = "<th>Input</th>" + "".join(
        f"<th>{_scenario_chip(k, e.scenario.name)}</th>" for k, e in enumerate(ensembles)
    )
    body = [
        f'<tr><th scope="row"><code>{_e(name)}</code></th>'
        + "".join(f"<td><code>{_e(_compact(v))}</code></td>" for v in values)
        + "</tr>"
        for name, values in rows
    ]
    return "<h3>Where the scenarios differ</h3>" + _table(head, body)


def _sources_section(seeds: Seeds) -> str:
    head = "<th>Figure</th><th>Value</th><th>Year</th><th>Source or derivation</th>"
    rows = []
    for group in (seeds.figures, seeds.sector_shares):
        for figure in group.values():
            label = figure.name if group is seeds.figures else f"sector share: {figure.name}"
            rows.append(
                f'<tr><th scope="row"><code>{_e(label)}</code></th>'
                f'<td class="num">{_e(_seed_value(figure))}</td>'
                f"<td>{figure.year}</td><td>{_provenance(figure)}</td></tr>"
            )
    intro = (
        f"<p>Every 2025 figure the projection starts from, as checked in "
        f"<code>{_e(str(seeds.path))}</code>.</p>"
    )
    return intro + _table(head, rows, "sources")


def _seed_value(figure: SeedFigure) -> str:
    """A seeded number with its unit: ``3,380 RMB bn``, ``1,296,000 vehicles``, ``5.3 %``."""
    value = figure.value
    text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0")
    return f"{text} {SEED_UNITS.get(figure.unit, figure.unit)}".strip()


def _provenance(figure: SeedFigure) -> str:
    parts = []
    if figure.source is not None:
        s = figure.source
        where = []
        if s.url:
            where.append(f'<a href="{_e(s.url)}" rel="noreferrer">{_e(s.url)}</a>')
        if s.document:
            where.append(f"seed document <code>{_e(s.document)}</code>")
        parts.append(
            f"{_e(s.title)}, {_e(s.publisher)}, {_e(s.date)}: &ldquo;{_e(s.quote)}&rdquo;"
            + (f" ({'; '.join(where)})" if where else "")
        )
    if figure.derivation is not None:
        d = figure.derivation
        inputs = "; ".join(
            f"{i.get('indicator', '?')} {i.get('year', '')}".strip() for i in d.inputs
        )
        parts.append(
            f"<i>{_e(d.kind)}</i>: {_e(d.method)}" + (f" Inputs: {_e(inputs)}." if inputs else "")
        )
    if figure.note:
        parts.append(f'<span class="small">Note: {_e(figure.note)}</span>')
    return "<br>".join(parts)


def _footer(
    ensembles: Sequence[Ensemble], figures: Sequence[RenderedFigure], created: datetime
) -> str:
    prov = ensembles[0].provenance
    hashes = [
        ("parameters", prov.get("parameters_sha256")),
        ("seeds", prov.get("seeds_sha256")),
        *((f"scenario {e.scenario.name}", e.scenario.sha256()) for e in ensembles),
    ]
    listed = "; ".join(f"{name} SHA-256 <code>{_e(str(h))}</code>" for name, h in hashes if h)
    return (
        f"<p>Made by cqsim {_e(str(prov.get('package_version', '?')))} on "
        f"{created:%Y-%m-%d %H:%M} UTC, numpy {_e(str(prov.get('numpy_version', '?')))}, "
        f"Python {_e(str(prov.get('python_version', '?')))}. {listed}. "
        f"{len(figures)} figures, also as files beside this report.</p>"
    )


# --------------------------------------------------------------------------------------------
# Formatting


def format_value(value: float, unit: str, signed: bool = False) -> str:
    """A number for a table, in ``unit``: RMB bn whole, vehicles in millions, else one decimal.

    ``signed`` writes a + before positive numbers (for differences).
    """
    sign = "+" if signed else ""
    if unit == "units":
        return f"{value / 1e6:{sign}.3f}m"
    if unit == "RMB bn":
        return f"{value:{sign},.0f}"
    return f"{value:{sign}.1f}"


def _band(p50: float, p05: float, p95: float, unit: str, signed: bool = False) -> str:
    return (
        f"{_e(format_value(p50, unit, signed))} "
        f'<span class="band">[{_e(format_value(p05, unit, signed))}, '
        f"{_e(format_value(p95, unit, signed))}]</span>"
    )


def _table_years(ensembles: Sequence[Ensemble]) -> list[int]:
    last = max(e.years[-1] for e in ensembles)
    years = [y for y in TABLE_YEARS if y <= last]
    if last not in years:
        years.append(last)
    return years


def _indicator_cell(name: str) -> str:
    return f"{_e(INDICATORS[name].description)}<br><code>{_e(name)}</code>"


def _scenario_chip(index: int, name: str) -> str:
    from sim.outputs.plots import OKABE_ITO

    color = OKABE_ITO[index % len(OKABE_ITO)]
    return f'<span class="chip" style="background:{color}"></span>{_e(name)}'


def _compact(value: Any) -> str:
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_compact(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(_compact(v) for v in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def _row(cells: Sequence[str], first: bool = False) -> str:
    """A table row; ``first`` marks the first row of a group (a rule above it)."""
    opening = '<tr class="first">' if first else "<tr>"
    return f"{opening}{''.join(cells)}</tr>"


def _table(head: str, rows: Sequence[str], css_class: str = "") -> str:
    attribute = f' class="{css_class}"' if css_class else ""
    return (
        f'<div class="scroll"><table{attribute}><thead><tr>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


def _e(text: object) -> str:
    """HTML-escaped text (quotes too: safe in attributes)."""
    return html.escape(str(text), quote=True)


def _bytes_writer(data: bytes) -> Writer:
    def write(path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    return write


CSS = """
:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #1a1a1a;
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 1.5rem 2rem 3rem; background: #fff; }
h1 { font-size: 1.8rem; margin: .5rem 0 1rem; }
h2 { font-size: 1.4rem; margin-top: 2.5rem; border-bottom: 2px solid #0072B2;
  padding-bottom: .2rem; }
h3 { font-size: 1.1rem; margin-top: 1.5rem; }
nav ul { display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; padding: 0; list-style: none; }
a { color: #005a8c; }
table { border-collapse: collapse; font-size: .85rem; margin: .5rem 0; }
th, td { padding: .3rem .5rem; border-bottom: 1px solid #e2e2e2; text-align: left;
  vertical-align: top; }
thead th { border-bottom: 2px solid #888; background: #fafafa; position: sticky; top: 0; }
tr.first > * { border-top: 1px solid #aaa; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
.band { color: #555; }
table.facts th { width: 8rem; }
.scroll { overflow-x: auto; }
table.sources td { overflow-wrap: anywhere; min-width: 6rem; }
td.unit, td.name { white-space: nowrap; }
th[scope="row"] { max-width: 15rem; }
.caveat { background: #fff4dd; border-left: 4px solid #E69F00; padding: .5rem .8rem; }
.small, figcaption { font-size: .85rem; color: #444; }
.chip { display: inline-block; width: .8em; height: .8em; border-radius: 2px;
  margin-right: .35em; vertical-align: baseline; }
figure { margin: 1.5rem 0; }
figure img { width: 100%; height: auto; border: 1px solid #e2e2e2; }
pre { background: #f4f4f4; padding: .8rem; overflow-x: auto; font-size: .85rem; }
code { font-size: .9em; }
footer { margin-top: 3rem; font-size: .8rem; color: #555; word-break: break-all; }
@media print { body { background: #fff; } main { padding: 0; } figure { break-inside: avoid; } }
"""
"""The report's whole style sheet (system fonts only, nothing fetched)."""
