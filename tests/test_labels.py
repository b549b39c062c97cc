"""The bilingual registry: every name has its Chinese, units as Chinese statistics write them,
every phrase of figures and report translated, and Chinese figures drawn without missing glyphs.

When a test here fails after new indicators, sectors, inputs or targets are added, its message
lists the names to add to ``sim/inputs/names_zh.py`` (or units to ``sim/inputs/labels.py``).
"""

from __future__ import annotations

import io
import re
import warnings

import pytest

from sim.inputs.labels import UNITS, Labels, indicator_units
from sim.inputs.levers import ALL_INPUTS
from sim.inputs.names_zh import INDICATORS_ZH, INPUTS_ZH, SECTORS_ZH, TARGETS_ZH
from sim.inputs.targets_file import load_targets
from sim.model.indicators import INDICATORS
from sim.model.sectors import SECTORS
from sim.outputs.phrases import ZH, say

from .conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")


def test_every_indicator_has_a_chinese_name_and_unit():
    labels = Labels("zh")
    missing = [n for n in INDICATORS if not CJK.search(labels.indicator(n))]
    assert missing == [], f"add to INDICATORS_ZH in sim/inputs/names_zh.py: {missing}"
    units = sorted(u for u in indicator_units() if u not in UNITS)
    assert units == [], f"add to UNITS in sim/inputs/labels.py: {units}"


def test_every_sector_input_and_target_has_a_chinese_name():
    assert [s for s in SECTORS if s not in SECTORS_ZH] == [], "add to SECTORS_ZH"
    missing = [n for n in ALL_INPUTS if n not in INPUTS_ZH]
    assert missing == [], f"add (name, unit) to INPUTS_ZH in sim/inputs/names_zh.py: {missing}"
    targets = [t.id for t in load_targets() if t.id not in TARGETS_ZH]
    assert targets == [], f"add to TARGETS_ZH in sim/inputs/names_zh.py: {targets}"


def test_no_chinese_name_is_left_over_for_a_name_that_no_longer_exists():
    assert set(INDICATORS_ZH) <= set(INDICATORS)
    assert set(SECTORS_ZH) <= set(SECTORS) and set(INPUTS_ZH) <= set(ALL_INPUTS)
    assert set(TARGETS_ZH) <= {t.id for t in load_targets()}


def test_units_are_written_and_scaled_as_chinese_statistics_write_them():
    zh = Labels("zh")
    assert (zh.unit("RMB bn").label, zh.unit("RMB bn").scale) == ("亿元", 10.0)
    assert (zh.unit("units").label, zh.unit("units").scale) == ("万辆", 1e-4)
    assert zh.unit("pp").label == "个百分点" and zh.unit("%").label == "%"
    assert zh.value(3380.0, "RMB bn") == "33,800"  # GDP 2025: RMB 3.38 trillion
    assert zh.value(1_296_000, "units") == "129.6"  # NEV output 2025: 1.296 million
    en = Labels("en")
    assert en.value(1_296_000, "units") == "1.296" and en.unit("units").label == "million vehicles"
    assert en.unit("units", data=True).label == "units"  # English data files keep model units
    assert en.value(-0.0001, "pp", signed=True) == "+0.0"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unknown language 'fr'; known: en, zh"):
        Labels("fr")


def used_phrases() -> set[str]:
    """Every literal phrase passed to say() in outputs, and to t() in the report template."""
    found: set[str] = set()
    for path in (ROOT / "sim" / "outputs").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"\b(?:say|t)\(\s*((?:\"[^\"]*\"\s*)+)", text):
            found.add("".join(re.findall(r"\"([^\"]*)\"", call.group(1))))
    template = (ROOT / "sim" / "outputs" / "templates" / "report.html.j2").read_text()
    found |= set(re.findall(r"\bt\([\"']([^\"']+)[\"']\)", template))
    return found - {"..."}  # the template's comment: t("...")


def test_every_phrase_of_figures_and_report_has_its_chinese():
    phrases = used_phrases()
    assert len(phrases) > 40  # the scan finds them (it is not vacuous)
    missing = sorted(p for p in phrases if p not in ZH)
    assert missing == [], f"add to ZH in sim/outputs/phrases.py: {missing}"
    assert (
        say("{group}: median, 50% and 90% bands", "zh", group="增速")
        == "增速：中位数、50%和90%区间"
    )


def test_a_figure_with_chinese_labels_draws_no_missing_glyph(setup, baseline_scenario):
    """Matplotlib warns "Glyph ... missing from font(s)" for every character drawn as a box."""
    from dataclasses import replace

    from sim.execution.simulate import simulate
    from sim.outputs.fonts import cjk_family
    from sim.outputs.plots import figure_bytes, sector_chart, tornado_chart
    from sim.outputs.tables import Tornado

    assert cjk_family() == "Noto Sans SC"  # shipped by a dependency, on any machine
    ensemble = simulate(replace(baseline_scenario, pipeline_replications=0), draws=50, seed=1)
    import pandas as pd

    tornado = Tornado(
        table=pd.DataFrame({"lever": list(INPUTS_ZH)[:6], "low": -1.0, "high": 1.0}),
        outcome="中位数",
        unit="pp",
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a missing glyph is a UserWarning: now an error
        for fig in (
            sector_chart([ensemble], lang="zh"),
            tornado_chart([ensemble], tornado, lang="zh"),
        ):
            assert CJK.search(fig.get_suptitle())
            figure_bytes(fig, "png")
            figure_bytes(fig, "svg")


def test_the_glyph_check_can_fail_without_the_cjk_font():
    from matplotlib.figure import Figure

    fig = Figure()
    fig.suptitle("地区生产总值", fontfamily="DejaVu Sans")
    with pytest.warns(UserWarning, match="missing from font"):
        fig.savefig(io.BytesIO(), format="png")
