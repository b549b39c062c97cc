"""Briefing figures: what each shows, from which numbers, and the house style of every one."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from sim.execution.simulate import simulate
from sim.model.indicators import INDICATORS
from sim.model.sectors import SECTORS
from sim.outputs import plots
from sim.outputs.tables import Tornado, paired_differences, target_tornado

from .conftest import SCENARIOS, shipped_scenario

DRAWS, SEED = 200, 1


@pytest.fixture(scope="module")
def ensembles(setup):
    names = ("baseline", "external_shock", "property_debt_stress")
    return [simulate(shipped_scenario(n), draws=DRAWS, seed=SEED, setup=setup) for n in names]


@pytest.fixture(scope="module")
def scorecard(ensembles):
    rows = []
    for target, indicator, value in (("gdp_2027", "gdp", 3800.0), ("nev_2027", "nev_output", 2e6)):
        for k, e in enumerate(ensembles):
            rows.append(
                {
                    "target": target,
                    "label": f"{indicator} target",
                    "indicator": indicator,
                    "year": 2027,
                    "comparison": ">=",
                    "value": value,
                    "scenario": e.scenario.name,
                    "probability": [0.62, 0.004, 0.3][k],
                }
            )
    return pd.DataFrame(rows)


@pytest.fixture(scope="module")
def tornado():
    return pd.DataFrame(
        {
            "lever": ["tradein_subsidy", "credit_growth", "nev_capacity"],
            "low": [-2.0, -9.0, -4.0],
            "high": [1.0, 7.0, 5.0],
            "low_label": ["6", "5", "1.5"],
            "high_label": ["12", "10", "3"],
        }
    )


@pytest.fixture(scope="module")
def figures(ensembles, scorecard, tornado):
    return plots.standard_figures(
        ensembles,
        scorecard=scorecard,
        tornadoes={"gdp_2027": Tornado(tornado, "probability of meeting the GDP target", "pp")},
    )


def visible_axes(fig):
    return [ax for ax in fig.axes if ax.axison]


def median_line(ax, label):
    (line,) = [line for line in ax.get_lines() if line.get_label() == label]
    return line


def test_scenarios_keep_okabe_ito_colours_in_the_order_given():
    styles = plots.scenario_styles(["ref", "b", "c"])
    assert [s.color for s in styles.values()] == list(plots.OKABE_ITO[:3])
    many = plots.scenario_styles([f"s{i}" for i in range(10)])
    assert many["s8"].color == many["s0"].color and many["s8"].linestyle != many["s0"].linestyle


def test_a_scenario_has_the_same_colour_in_every_figure(figures, ensembles):
    colour = plots.scenario_styles([e.scenario.name for e in ensembles])["external_shock"].color
    fan = visible_axes(figures["fan_growth"])[0]
    diff = visible_axes(figures["differences_growth"])[0]
    assert median_line(fan, "external_shock").get_color() == colour
    assert median_line(diff, "external_shock").get_color() == colour
    sector_colours = {
        to_hex(p.get_facecolor()) for p in visible_axes(figures["sectors"])[0].patches
    }
    assert colour.lower() in sector_colours


def test_headline_groups_cover_every_headline_indicator_once():
    groups = plots.headline_groups()
    flat = [n for names in groups.values() for n in names]
    assert sorted(flat) == sorted(plots.HEADLINE)
    assert all(n.endswith("_growth") or "_growth_" in n for n in groups["growth"])
    assert "industrial_va_growth_above_size" in groups["growth"]  # a rate, not a level
    assert all(plots.INDICATORS[n].unit == "%" for n in groups["growth"])
    assert all("_share_" in n for n in groups["structure"])


def test_fan_chart_has_a_panel_per_indicator_with_description_unit_and_years(ensembles):
    names = ("gdp", "gdp_real_growth", "nev_output")
    fig = plots.fan_chart(ensembles, names)
    axes = visible_axes(fig)
    assert len(axes) == 3
    for ax, name in zip(axes, names, strict=True):
        assert ax.get_title().replace("\n", " ") == INDICATORS[name].description
        assert [t.get_text() for t in ax.get_xticklabels()] == [str(y) for y in range(2025, 2031)]
        assert [line.get_label() for line in ax.get_lines() if not line.get_label().startswith("_")]
    assert [ax.get_ylabel() for ax in axes] == ["RMB billion", "percent", "million vehicles"]


def test_fan_chart_medians_are_the_summary_medians(ensembles):
    fig = plots.fan_chart(ensembles, ("gdp", "nev_output"))
    gdp_ax, nev_ax = visible_axes(fig)
    for ensemble in ensembles:
        summary = ensemble.summary().set_index(["variable", "year"])
        line = median_line(gdp_ax, ensemble.scenario.name)
        np.testing.assert_allclose(line.get_ydata(), summary.loc["gdp"].p50)
        np.testing.assert_array_equal(line.get_xdata(), ensemble.years)
        nev = median_line(nev_ax, ensemble.scenario.name)  # shown in millions
        np.testing.assert_allclose(nev.get_ydata(), summary.loc["nev_output"].p50 / 1e6)


def test_a_single_scenario_fan_is_shaded_and_overlaid_fans_use_dotted_90_percent_edges(ensembles):
    single = visible_axes(plots.fan_chart(ensembles[:1], ("gdp",)))[0]
    overlaid = visible_axes(plots.fan_chart(ensembles, ("gdp",)))[0]
    assert len(single.collections) == 2  # 50% and 90% bands
    assert len(overlaid.collections) == len(ensembles)  # 50% bands; 90% as dotted lines
    dotted = [line for line in overlaid.get_lines() if line.get_linestyle() == ":"]
    assert len(dotted) == 2 * len(ensembles)


def test_differences_chart_draws_the_numbers_of_differences_csv(ensembles):
    fig = plots.differences_chart(ensembles, ("gdp_real_growth", "gdp"))
    growth_ax, gdp_ax = visible_axes(fig)
    table = paired_differences(ensembles, ("gdp_real_growth",)).set_index("scenario")
    for other in ("external_shock", "property_debt_stress"):
        line = median_line(growth_ax, other)
        np.testing.assert_allclose(line.get_ydata(), table.loc[other].p50)
    assert "baseline" not in [line.get_label() for line in growth_ax.get_lines()]
    assert growth_ax.get_ylabel() == "difference, percentage points"
    assert gdp_ax.get_ylabel() == "difference, RMB billion"
    assert "Difference to baseline" in plots.figure_title(fig)


def test_differences_chart_marks_the_mean_beside_the_median(ensembles):
    """A one-sided effect (a capacity that binds in some draws) must not read as zero: the mean
    of the paired difference is drawn as dots in each scenario's colour."""
    fig = plots.differences_chart(ensembles, ("nev_output",))
    (ax,) = visible_axes(fig)
    dots = [line for line in ax.get_lines() if line.get_marker() == "o"]
    assert len(dots) == len(ensembles) - 1
    table = paired_differences(ensembles, ("nev_output",)).set_index("scenario")
    drawn = [np.asarray(d.get_ydata(), dtype=float) for d in dots]
    for other in ("external_shock", "property_debt_stress"):
        expected = table.loc[other, "mean"].to_numpy() / 1e6  # million vehicles
        assert any(np.allclose(y, expected) for y in drawn), other


def test_differences_chart_needs_a_reference_and_another_scenario(ensembles):
    with pytest.raises(ValueError, match="reference and at least one"):
        plots.differences_chart(ensembles[:1], ("gdp",))


def test_sector_chart_has_a_bar_per_sector_for_2025_and_each_scenario(ensembles):
    fig = plots.sector_chart(ensembles)
    (ax,) = visible_axes(fig)
    assert len(ax.patches) == len(SECTORS) * (1 + len(ensembles))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0] == "Agriculture, forestry and fishing" and "Producer services" in labels
    assert "RMB billion" in ax.get_xlabel()
    assert "2025 and 2030" in plots.figure_title(fig)
    gdp_2025 = sum(p.get_width() for p in ax.containers[0].patches)  # the grey bars sum to GDP
    assert gdp_2025 == pytest.approx(ensembles[0].values["gdp"][0, 0])


def test_scorecard_shows_target_lines_and_probabilities(ensembles, scorecard):
    fig = plots.scorecard_chart(ensembles, scorecard)
    gdp_ax, nev_ax = visible_axes(fig)
    texts = [t.get_text() for t in gdp_ax.texts]
    assert "62%" in texts and "<1%" in texts and "30%" in texts  # never rounds 0.4% to 0%
    assert "target \u2265 3,800 RMB billion" in gdp_ax.get_title()
    assert "target \u2265 2 million vehicles" in nev_ax.get_title()
    target_lines = [line for line in gdp_ax.get_lines() if line.get_linestyle() == "--"]
    assert [line.get_xdata()[0] for line in target_lines] == [3800.0]


def test_scorecard_says_which_columns_it_needs(ensembles, scorecard):
    with pytest.raises(ValueError, match="probability"):
        plots.scorecard_chart(ensembles, scorecard.drop(columns="probability"))


def test_tornado_puts_the_widest_swing_on_top(ensembles, tornado):
    drawn = Tornado(tornado, outcome="GDP target probability", unit="pp")
    (ax,) = visible_axes(plots.tornado_chart(ensembles[:1], drawn))
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["tradein_subsidy", "nev_capacity", "credit_growth"]  # bottom to top
    assert ax.get_xlabel() == "Change in the GDP target probability (percentage points)"
    assert {"5", "10"} <= {t.get_text().strip() for t in ax.texts}  # the moved lever values


def test_a_long_tornado_panel_title_is_wrapped_to_its_column(ensembles, tornado):
    table = pd.concat([tornado.assign(target="a"), tornado.assign(target="b")])
    long = (
        "Retail sales RMB 1.65 trillion\n"
        "now met with probability 99.1% (the moves start from 98.8%)"
    )
    drawn = Tornado(table, outcome="median", units={"a": "RMB bn", "b": "pp"}, titles={"a": long})
    ax_a, _ = visible_axes(plots.tornado_chart(ensembles[:1], drawn))
    lines = ax_a.get_title().split("\n")
    assert len(lines) == 3 and max(map(len, lines)) <= plots.PANEL_TITLE_CHARS // 2
    assert " ".join(lines) == long.replace("\n", " ")


def test_tornado_draws_a_panel_per_target_with_its_unit_and_the_top_levers(ensembles, tornado):
    table = pd.concat([tornado.assign(target="a"), tornado.assign(target="b")])
    table.loc[table["target"] == "b", ["low", "high"]] = [[0.0, 0.0], [-1.0, 1.0], [0.0, 0.0]]
    drawn = Tornado(
        table, outcome="median", units={"a": "RMB bn", "b": "pp"}, titles={"a": "Target A"}
    )
    ax_a, ax_b = visible_axes(plots.tornado_chart(ensembles[:1], drawn, top=2))
    assert ax_a.get_title() == "Target A" and ax_b.get_title() == "b"
    assert [t.get_text() for t in ax_a.get_yticklabels()] == ["nev_capacity", "credit_growth"]
    assert [t.get_text() for t in ax_b.get_yticklabels()] == ["credit_growth"]  # no-effect dropped
    assert ax_a.get_xlabel() == "change, RMB billion"
    assert ax_b.get_xlabel() == "change, percentage points"


def test_every_figure_has_title_axis_labels_legend_and_footnote(figures):
    assert list(figures) == [
        "fan_growth",
        "fan_levels",
        "fan_structure",
        "differences_growth",
        "differences_levels",
        "differences_structure",
        "sectors",
        "scorecard_2027",
        "tornado_gdp_2027",
    ]
    for name, fig in figures.items():
        assert plots.figure_title(fig), name
        footnote = fig.get_supxlabel()
        assert "baseline (reference)" in footnote, name
        assert f"{DRAWS:,} Monte Carlo draws" in footnote and f"seed {SEED}" in footnote, name
        assert any(ax.get_legend() is not None for ax in fig.axes), name
        for ax in visible_axes(fig):
            assert ax.get_xlabel() or ax.get_ylabel(), (name, ax.get_title())
        width, height = fig.get_size_inches()
        assert width == pytest.approx(13.33) and height >= 7.5  # a 16:9 slide or taller


def test_year_ticks_are_whole_years_on_every_time_axis(figures):
    for name in ("fan_growth", "fan_levels", "differences_levels"):
        for ax in visible_axes(figures[name]):
            ticks = ax.get_xticks()
            assert np.all(ticks == np.round(ticks)) and ticks.min() >= 2025, name


def test_figures_render_to_png_svg_and_pdf(figures):
    fig = figures["sectors"]
    assert plots.figure_bytes(fig, "png").startswith(b"\x89PNG")
    assert b"<svg" in plots.figure_bytes(fig, "svg")[:500]
    assert plots.figure_bytes(fig, "pdf").startswith(b"%PDF")
    with pytest.raises(ValueError, match="png, svg or pdf"):
        plots.figure_bytes(fig, "jpg")


def test_a_png_is_drawn_once_to_savefigs_pixels_and_leaves_the_figure_as_it_was(
    ensembles, scorecard
):
    """``figure_bytes`` skips ``savefig``'s dry-run draw: the pixels of a new figure (as the
    report draws each) must be savefig's own."""
    import io

    from PIL import Image

    makers = plots.standard_figure_makers(ensembles, scorecard=scorecard)
    for name in ("fan_growth", "sectors", "scorecard_2027"):
        buffer = io.BytesIO()
        makers[name]().savefig(buffer, format="rgba", dpi=plots.PNG_DPI, facecolor="white")
        fig = makers[name]()
        before = fig.dpi, fig.get_facecolor(), fig.canvas
        pixels, size = plots._pixels(fig)  # noqa: SLF001
        assert pixels == buffer.getvalue(), name
        assert (fig.dpi, fig.get_facecolor(), fig.canvas) == before, name
        assert fig._original_dpi == before[0], name  # noqa: SLF001 - savefig(dpi="figure") reads it
        width = int(fig.get_figwidth() * plots.PNG_DPI)
        assert size == (width, int(fig.get_figheight() * plots.PNG_DPI)), name
        assert Image.open(io.BytesIO(plots.figure_bytes(makers[name](), "png"))).size == size


def test_figures_built_in_drawing_processes_are_the_figures_built_here(ensembles, scorecard):
    """render_figures builds a figure given as a function in the process that draws it: the
    files, title and text alternative are those of the figure built and drawn in this process."""
    from sim.outputs.report import render_figures

    makers = plots.standard_figure_makers(ensembles, scorecard=scorecard)
    chosen = {name: makers[name] for name in ("sectors", "scorecard_2027")}
    built = {name: make() for name, make in chosen.items()}
    in_workers = render_figures(chosen, "svg", workers=2)
    here = render_figures(built, "svg", workers=1)
    assert [f.name for f in in_workers] == list(chosen)
    for drawn, expected in zip(in_workers, here, strict=True):
        assert drawn == expected, drawn.name
        assert drawn.title == plots.figure_title(built[drawn.name])
        assert drawn.files["png"].startswith(b"\x89PNG") and b"<svg" in drawn.files["svg"][:500]


def test_validate_and_levers_do_not_load_matplotlib():
    code = (
        "import sys, contextlib, io\n"
        "from sim.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['levers']); main(['validate', 'scenarios/baseline.yaml'])\n"
        "print('matplotlib' in sys.modules)"
    )
    root = SCENARIOS.parent
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root
    ).stdout.strip()
    assert out == "False"


def test_target_tornado_draws_median_changes_and_writes_probability_changes_at_the_ends():
    levers = pd.DataFrame(
        {
            "target": ["sei_2027", "sei_2027"],
            "lever": ["credit_growth", "nev_capacity"],
            "low": [-2.2, 0.1],
            "high": [7.0, 0.0],
            "median_low": [-0.4, -0.5],
            "median_high": [0.4, 0.1],
        }
    )
    scorecard = pd.DataFrame(
        {
            "scenario": ["baseline"],
            "target": ["sei_2027"],
            "label": ["SEI 36% of industrial output"],
            "indicator": ["sei_share_industrial_output"],
            "probability": [0.03],
        }
    )
    drawn = target_tornado(levers, scorecard, year=2027, share=0.1)
    assert list(drawn.table["low"]) == [-0.4, -0.5] and list(drawn.table["high"]) == [0.4, 0.1]
    assert list(drawn.table["low_label"]) == ["-2 pp", ""]  # under half a point: no label
    assert list(drawn.table["high_label"]) == ["+7 pp", ""]
    assert drawn.units == {"sei_2027": "pp"}  # a change of a share, in percentage points
    assert drawn.titles["sei_2027"].endswith("probability 3%")
    assert "10% of its allowed range" in drawn.note


def test_prim_chart_draws_each_box_range_within_the_sample_and_says_when_there_is_none(ensembles):
    from sim.analysis.targets.discovery import BOX_COLUMNS
    from sim.outputs.target_plots import prim_chart, restriction_text

    row = dict.fromkeys(BOX_COLUMNS, 0.0)
    boxes = pd.DataFrame(
        [
            row
            | {
                "target": "t",
                "box": 1,
                "coverage": 0.8,
                "density": 0.9,
                "input": "x",
                "low": 2.0,
                "high": float("nan"),
                "sample_low": 0.0,
                "sample_high": 4.0,
                "misses": 50,
                "draws": 100,
            },
        ]
    )
    fig = prim_chart(ensembles[:1], boxes, labels={"t": "Target T"})
    ax = next(a for a in fig.axes if "Target T" in a.get_title())
    box_bar = ax.patches[-1]  # the box: from 2 to 4 of the sample's 0-4, scaled to 0.5-1
    assert box_bar.get_x() == pytest.approx(0.5) and box_bar.get_width() == pytest.approx(0.5)
    assert "coverage 80%, density 90% (all draws 50%)" in ax.get_title().replace("\n", " ")
    assert restriction_text("x", 2.0, float("nan")) == "x >= 2"
    assert restriction_text("event.e.occurred", 1.0, float("nan")) == "event.e.occurred = 1"
    empty = prim_chart(ensembles[:1], boxes.iloc[:0])
    assert "nothing to explain" in " ".join(t.get_text() for a in empty.axes for t in a.texts)
    import warnings

    from sim.outputs.plots import figure_bytes

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing CJK glyph warns
        zh = prim_chart(ensembles[:1], boxes, labels={"t": "目标T"}, lang="zh")
        figure_bytes(zh, "png")
    assert zh.get_suptitle().startswith("目标为何可能未实现")
    title = next(a.get_title() for a in zh.axes if "目标T" in a.get_title())
    assert "覆盖率80%" in title.replace("\n", "")
