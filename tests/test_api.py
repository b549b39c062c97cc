"""The Python API for notebooks: validated edits, immutable inputs, compare, reprs, progress."""

from __future__ import annotations

import pickle
from dataclasses import replace
from importlib import metadata

import numpy as np
import pytest

import sim
from sim.inputs.scenario import ScenarioError, load_scenario
from sim.inputs.scenario.edit import setting_from_text
from sim.results import Comparison, paired_differences

DRAWS, SEED = 200, 3


@pytest.fixture(scope="module")
def quick(baseline_scenario):
    """The baseline without the pipeline (its reduced form): fast runs for API behaviour."""
    return replace(baseline_scenario, pipeline_replications=0)


def first_line(exc: ScenarioError) -> str:
    """A problem's message without its location (``file:line: ``)."""
    return str(exc.problems[0]).split(": ", 1)[1]


def test_with_levers_gives_the_same_message_as_a_scenario_file(quick, write_scenario):
    path = write_scenario("name: x\ndescription: d\nlevers:\n  credit_growth: 99\n")
    with pytest.raises(ScenarioError) as from_file:
        load_scenario(path)
    with pytest.raises(ScenarioError) as from_python:
        quick.with_levers(credit_growth=99)
    assert first_line(from_python.value) == first_line(from_file.value)
    assert str(from_python.value).startswith("with_levers: levers.credit_growth: values from 99")
    with pytest.raises(ScenarioError, match="did you mean 'credit_growth'"):
        quick.with_levers(credit_grwoth=9)


def test_with_levers_changes_only_what_it_names_and_records_it_as_set(quick):
    changed = quick.with_levers(credit_growth=9, nev_capacity={2026: 2.5, 2030: 4.0})
    assert changed.inputs["credit_growth"] == 9.0
    assert changed.inputs["nev_capacity"] == {2026: 2.5, 2030: 4.0}
    assert {"credit_growth", "nev_capacity"} <= changed.given
    others = [k for k in quick.inputs if k not in ("credit_growth", "nev_capacity")]
    assert all(changed.inputs[k] == quick.inputs[k] for k in others)
    assert quick.inputs["credit_growth"] != 9.0  # the original is unchanged
    assert (changed.name, changed.pipeline_replications) == (quick.name, 0)


def test_with_assumptions_events_and_settings_validate_as_files_do(quick):
    uncertain = quick.with_assumptions(
        export_demand_growth={"dist": "uniform", "low": -5, "high": 5}
    )
    assert uncertain.inputs["export_demand_growth"].bounds() == (-5.0, 5.0)
    shocked = quick.with_events(
        {"name": "chip_shortage", "year": 2027, "sectors": ["electronics"], "size": -3}
    )
    assert [e.name for e in shocked.events][-1] == "chip_shortage"
    with pytest.raises(ScenarioError, match="unknown sector 'electronic'"):
        quick.with_events({"name": "x", "year": 2027, "sectors": ["electronic"], "size": -3})
    with pytest.raises(ScenarioError, match="year 2040 is outside the horizon 2026-2030"):
        quick.with_events({"name": "x", "year": 2040, "sectors": ["finance"], "size": -3})
    assert quick.with_settings(horizon=2028).years == [2026, 2027, 2028]
    with pytest.raises(ScenarioError, match="horizon"):
        quick.with_settings(horizon=2050)


def test_set_options_are_read_as_yaml_values_of_a_scenario_file(quick):
    changed = setting_from_text(quick, "property_recovery={2026: -12, 2028: 0}")
    assert changed.inputs["property_recovery"] == {2026: -12.0, 2028: 0.0}
    assert setting_from_text(quick, "pipeline_replications=2").pipeline_replications == 2
    with pytest.raises(ScenarioError, match=r"--set credit_growth=abc: levers.credit_growth"):
        setting_from_text(quick, "credit_growth=abc")
    with pytest.raises(ScenarioError, match="expected NAME=VALUE"):
        setting_from_text(quick, "credit_growth")


def test_inputs_are_read_only_and_replace_keeps_to_the_ranges(quick):
    with pytest.raises(TypeError):
        quick.inputs["credit_growth"] = 99  # type: ignore[index]
    with pytest.raises(TypeError):
        quick.inputs["property_recovery"][2026] = -40  # a path too
    with pytest.raises(ScenarioError, match=r"levers.credit_growth: values from 99 to 99 fall"):
        replace(quick, inputs={**quick.inputs, "credit_growth": 99.0})
    assert pickle.loads(pickle.dumps(quick)) == quick  # workers still receive scenarios


def test_a_shipped_scenario_name_works_where_a_file_does(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no scenarios/ folder here
    assert sim.load_scenario("baseline").name == "baseline"
    child = tmp_path / "child.yaml"
    child.write_text(
        "name: child\ndescription: d\nextends: baseline\nlevers:\n  credit_growth: 5\n"
    )
    assert sim.load_scenario(child).inputs["credit_growth"] == 5.0
    with pytest.raises(ScenarioError, match="not a shipped scenario .baseline, external_shock"):
        sim.load_scenario("no_such_scenario")


def test_overlays_apply_left_to_right_and_are_named(tmp_path):
    shock = tmp_path / "my_shock.yaml"
    shock.write_text(
        "name: my_shock\ndescription: d\nextends: baseline\nlevers:\n  credit_growth: 3\n"
    )
    scenario = sim.load_scenario(f"baseline+nev_manufacturing_push+{shock}")
    push = sim.load_scenario("nev_manufacturing_push")
    assert scenario.name == "baseline+nev_manufacturing_push+my_shock"
    assert scenario.overlays == ("baseline", "nev_manufacturing_push", "my_shock")
    assert scenario.inputs["credit_growth"] == 3.0  # the last overlay wins
    assert scenario.inputs["nev_capacity"] == push.inputs["nev_capacity"]  # kept from the push
    assert scenario.to_dict()["overlays"] == list(scenario.overlays)


def test_compare_returns_the_paired_differences_of_runs_on_common_random_numbers(quick):
    shock = quick.with_levers(credit_growth=3).with_settings(seed=99)  # seed: compare's decides
    shock = replace(shock, name="tight_credit")
    comparison = sim.compare(quick, shock, draws=DRAWS, seed=SEED)
    assert isinstance(comparison, Comparison)
    runs = [sim.simulate(s, draws=DRAWS, seed=SEED) for s in (quick, shock)]
    expected = paired_differences(runs)
    assert np.allclose(
        comparison.differences[["p05", "p50", "p95"]], expected[["p05", "p50", "p95"]]
    )
    gdp = comparison.differences.set_index(["variable", "year"]).loc[("financial_assets", 2030)]
    assert gdp.p95 < 0  # less credit, fewer financial assets in (nearly) every draw
    assert comparison["tight_credit"].scenario.seed == SEED
    with pytest.raises(ValueError, match="own name"):
        sim.compare(quick, quick)


def test_results_show_themselves_briefly(quick):
    ensemble = sim.simulate(quick, draws=DRAWS, seed=SEED)
    assert len(repr(ensemble)) < 120 and len(repr(quick)) < 160
    assert repr(ensemble).startswith("<Ensemble baseline: 200 draws, seed 3, 2025-2030")
    page = ensemble._repr_html_()
    assert "<table" in page and "Gross domestic product" in page and len(page) < 20_000


def test_progress_true_shows_a_tqdm_auto_bar(quick, monkeypatch):
    import tqdm.auto

    totals, updates = [], []

    class Bar:
        def __init__(self, total, **kwargs):
            totals.append(total)

        def update(self, n):
            updates.append(n)

        def close(self):
            pass

    monkeypatch.setattr(tqdm.auto, "tqdm", Bar)
    sim.simulate(quick, draws=DRAWS, seed=SEED, progress=True)
    assert totals == [DRAWS] and sum(updates) == DRAWS


def test_version_is_the_package_metadata():
    assert sim.__version__ == metadata.version("cqsim")


def test_a_sweep_file_may_name_a_shipped_scenario_as_its_base(tmp_path):
    from sim.inputs.sweep_file import load_sweep

    path = tmp_path / "sweep.yaml"
    path.write_text(
        "name: s\nbase: baseline\ndesign: factorial\nlevers:\n  credit_growth: [5, 9]\n"
    )
    sweep = load_sweep(path)
    assert [p.scenario.inputs["credit_growth"] for p in sweep.points] == [5.0, 9.0]
