"""HTML reports: self-contained, complete (figures, tables, scenarios, sources), text escaped."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from html.parser import HTMLParser

import pytest

from sim.execution.simulate import simulate
from sim.inputs.scenario import load_scenario
from sim.inputs.targets_file import load_targets
from sim.model.indicators import HEADLINE
from sim.outputs import report

from .conftest import COMPARE_DRAWS, COMPARE_SEED, shipped_scenario

DRAWS, SEED = 200, 1

# Attributes through which a page loads something (navigation links are <a href>, checked apart).
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "background", "action", "formaction"}


class Page(HTMLParser):
    """Every tag with its attributes, the ids, the text; raises on unbalanced structure."""

    VOID = {"meta", "img", "br", "hr", "link", "input", "source", "wbr", "col", "area", "base"}

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.styles: list[str] = []
        self._in_style = False
        self.feed(text)
        self.close()
        assert self.stack == [], f"unclosed tags: {self.stack}"

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()
        self._in_style = False

    def handle_data(self, data):
        (self.styles if self._in_style else self.text).append(data)

    def all(self, tag):
        return [attrs for t, attrs in self.tags if t == tag]

    @property
    def ids(self):
        return {attrs["id"] for _, attrs in self.tags if attrs.get("id")}


@pytest.fixture(scope="module")
def ensembles(setup):
    return [
        simulate(shipped_scenario(n), draws=DRAWS, seed=SEED, setup=setup)
        for n in ("baseline", "nev_manufacturing_push")
    ]


@pytest.fixture(scope="module")
def comparison(compare_report):
    """The files of the comparison report of ``compare`` (conftest), by name."""
    paths = [compare_report / "report.html", *(compare_report / "figures").iterdir()]
    return {str(p.relative_to(compare_report)): p.read_bytes() for p in paths}


@pytest.fixture(scope="module")
def page(comparison):
    return Page(comparison["report.html"].decode("utf-8"))


def test_report_parses_and_references_nothing_outside_itself(page):
    for tag, attrs in page.tags:
        assert tag not in {"script", "link", "iframe", "object", "embed", "base"}, tag
        for name in LOADING_ATTRIBUTES & set(attrs):
            assert attrs[name].startswith("data:"), (tag, name, attrs[name][:60])
        assert "url(" not in (attrs.get("style") or ""), tag
    css = "".join(page.styles)
    assert "url(" not in css and "@import" not in css and "@font-face" not in css
    for attrs in page.all("a"):
        href = attrs["href"]
        if href.startswith("#"):
            assert href[1:] in page.ids, f"link to missing section {href}"
        else:  # links to the sources of the baseline figures: followed only when clicked
            assert href.startswith(("https://", "http://")), href


def test_report_embeds_every_figure_as_the_png_written_beside_it(page, comparison):
    images = page.all("img")
    pngs = {n: data for n, data in comparison.items() if n.endswith(".png")}
    assert len(images) == len(pngs)
    embedded = {base64.b64decode(img["src"].split(",", 1)[1]) for img in images}
    assert embedded == set(pngs.values())
    assert all(png.startswith(b"\x89PNG") for png in pngs.values())
    assert all(img["alt"] for img in images)


def test_report_has_headline_and_difference_tables_for_every_headline_indicator(page):
    text = " ".join(page.text)
    for name in HEADLINE:
        assert text.count(name) >= 2, name  # in both tables
    assert "Differences to baseline" in text
    assert {"headline", "differences", "figures", "scenarios", "sources"} <= page.ids


def test_report_shows_the_scenarios_as_run(page):
    text = " ".join(page.text)
    for name in ("baseline", "external_shock"):
        # as compare_report runs it: the command line's draws and seed are the scenario's
        scenario = replace(shipped_scenario(name), draws=COMPARE_DRAWS, seed=COMPARE_SEED)
        assert " ".join(scenario.description.split()) in " ".join(text.split())
        assert scenario.sha256() in text
    assert "Where the scenarios differ" in text
    assert "lever: ilstc_freight_growth" in text  # 20 against 8


def test_report_lists_the_source_of_every_baseline_figure(page, setup):
    text = " ".join(page.text)
    seeds = setup.seeds
    for name, figure in seeds.figures.items():
        assert name in text
        if figure.source is not None:
            assert figure.source.quote in text
        else:
            assert figure.derivation.method in text
    hrefs = {a["href"] for a in page.all("a")}
    urls = {f.source.url for f in seeds.figures.values() if f.source and f.source.url}
    assert urls <= hrefs


def test_report_escapes_text_from_scenarios(setup, write_scenario):
    path = write_scenario(
        """\
        name: tricky
        description: 'Tags <script>alert("x")</script> & quotes stay text'
        extends: baseline
        """,
        "tricky.yaml",
    )
    scenario = load_scenario(path)
    ensemble = simulate(scenario, draws=20, seed=1, setup=setup)
    text = report.build_report([ensemble], [], setup.seeds)
    assert "<script>" not in text
    assert "Tags &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; quotes" in text
    Page(text)


def test_run_writes_report_and_figures_and_a_vector_copy_on_request(run_report):
    out = run_report
    figures = sorted(p.name for p in (out / "figures").iterdir())
    years = sorted({t.year for t in load_targets()})
    stems = [
        "fan_growth",
        "fan_levels",
        "fan_structure",
        "sectors",
        *(f"scorecard_{y}" for y in years),
        "tornado_2027",
    ]
    assert figures == sorted([f"{s}.pdf" for s in stems] + [f"{s}.png" for s in stems])
    page = Page((out / "report.html").read_text(encoding="utf-8"))
    assert len(page.all("img")) == len(stems)
    text = " ".join(page.text)
    assert "cqsim run: baseline" in text
    for target in load_targets():  # the scorecard table lists every target
        assert target.label in text and target.indicator in text
    assert "report.html" in json.loads((out / "manifest.json").read_text())["files"]
    assert "report.html, figures/" in (out.parent / "printed.txt").read_text()


def test_a_users_template_extends_the_shipped_one_and_replaces_a_block(ensembles, setup, tmp_path):
    template = tmp_path / "ours.html.j2"
    template.write_text(
        '{% extends "report.html.j2" %}{% block footer %}<footer>Prepared by the '
        "{{ title }} desk</footer>{% endblock %}"
    )
    text = report.build_report(ensembles, [], setup.seeds, template=template)
    page = Page(text)
    assert "Prepared by the cqsim comparison" in " ".join(page.text)
    assert {"headline", "scenarios", "sources"} <= page.ids  # the rest as shipped
    assert "Made by cqsim" not in text


def test_the_report_shows_each_targets_median_gap_and_caveat(ensembles, setup):
    from sim.analysis.targets.scorecard import scorecard_table

    card = scorecard_table(ensembles, load_targets())
    text = report.build_report(ensembles, [], setup.seeds, scorecard=card)
    page = Page(text)
    words = " ".join(page.text)
    assert "Gap of the median" in words and "Caveats" in words
    row = card.table.set_index(["scenario", "target"]).loc[("baseline", "gdp_2030")]
    assert f"{row.gap:+,.0f} RMB bn" in words  # the gap of the median, as the table says
    notes = [t for t in load_targets() if t.note or t.caveat]
    caveats = [t for t in load_targets() if t.caveat]
    assert words.count("Caveat: ") == len(caveats) >= 8 and len(page.all("sup")) == len(notes)
    assert "basis unverified" in words  # producer services: no probability
    assert str(setup.seeds.path) not in text  # relative paths only


@pytest.mark.parametrize(("status", "warned"), [("calibrated", False), ("prior", True)])
def test_the_parameters_caveat_shows_only_for_parameters_not_calibrated(
    ensembles, setup, status, warned
):
    """`calibrate` writes status "calibrated": such a run must not say it is unfitted."""
    from datetime import UTC, datetime

    run = replace(ensembles[0], provenance={**ensembles[0].provenance, "parameters_status": status})
    context = report.report_context([run], [], setup.seeds, None, None, datetime.now(UTC), "en")
    assert (context["caveat"] is not None) == warned
    if warned:
        assert "status prior" in context["caveat"]
