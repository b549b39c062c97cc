"""Scenario discovery: PRIM boxes of the draws that miss a target, and what the draws sampled."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from sim.analysis.targets.discovery import explained, prim_boxes, sampled_inputs, screen
from sim.execution.sampled import sampled_draws
from sim.execution.streams import draw_parameters, draw_range
from sim.inputs.scenario import load_scenario
from sim.model.sectors import SECTORS

from .conftest import SCENARIOS


def known_failures(n: int = 2000, cut: float = 0.7, seed: int = 3):
    """Draws of three inputs and an event; the target fails exactly when x > cut."""
    rng = np.random.default_rng(seed)
    x = pd.DataFrame(
        {
            "x": rng.uniform(0.0, 1.0, n),
            "y": rng.uniform(-2.0, 2.0, n),
            "z": rng.normal(0.0, 1.0, n),
            "event.e.occurred": rng.integers(0, 2, n),
        }
    )
    return x, (x["x"] > cut).to_numpy()


def test_prim_finds_the_known_region_of_failure():
    x, miss = known_failures(cut=0.7)
    boxes = prim_boxes(x, miss)
    first = boxes[0]
    limits = first["limits"].set_index("input")
    assert list(limits.index) == ["x"]  # only x is restricted
    assert limits.loc["x", "low"] == pytest.approx(0.7, abs=0.02)
    assert np.isnan(limits.loc["x", "high"])  # open above: the sample's top
    assert first["coverage"] >= 0.95 and first["density"] >= 0.95
    assert first["mass"] == pytest.approx(0.3, abs=0.03)
    assert limits.loc["x", "qp_value"] < 1e-6


def test_prim_finds_a_failure_below_a_cut_and_an_event():
    x, _ = known_failures(cut=0.5)
    miss = ((x["y"] < -1.0) & (x["event.e.occurred"] == 1)).to_numpy()
    limits = prim_boxes(x, miss)[0]["limits"].set_index("input")
    assert set(limits.index) == {"y", "event.e.occurred"}
    assert limits.loc["y", "high"] == pytest.approx(-1.0, abs=0.1)
    assert limits.loc["event.e.occurred", "low"] == 1  # it happened


def test_no_box_without_a_region_denser_in_failures():
    rng = np.random.default_rng(0)
    x = pd.DataFrame({"x": rng.uniform(size=400)})
    assert prim_boxes(x, np.zeros(400, dtype=bool)) == []
    assert prim_boxes(x, np.ones(400, dtype=bool)) == []


def test_screening_keeps_the_inputs_related_to_failure():
    x, miss = known_failures(cut=0.7)
    x["constant"] = 1.0
    assert screen(x, miss, keep=1) == ["x"]
    assert "constant" not in screen(x, miss, keep=10)


def test_only_targets_between_2_and_98_percent_are_explained():
    assert explained(0.5) and explained(0.02) and explained(0.98)
    assert not explained(0.01) and not explained(0.99) and not explained(float("nan"))


def test_sampled_inputs_are_the_runs_draws(setup):
    scenario = load_scenario(SCENARIOS / "baseline.yaml").with_overrides(draws=64, seed=5)
    run = SimpleNamespace(scenario=scenario, sample=64)
    s = sampled_inputs(run, 2027, setup)
    drawn = sampled_draws(scenario, 0, 64)  # what draws.parquet records
    np.testing.assert_array_equal(
        s.frame["input.export_demand_growth"], drawn["input.export_demand_growth"][:, 1]
    )
    # a path's distribution in 2026 is its value in 2026 (column 1; column 0 is 2025)
    np.testing.assert_array_equal(
        s.frame["input.national_gdp_growth[2026]"], drawn["input.national_gdp_growth"][:, 1]
    )
    assert s.kinds["input.export_demand_growth"] == "assumption"
    _, innovations = draw_range(scenario, 0, 64)
    expected = innovations.group[:, :2, 0].sum(axis=1) / np.sqrt(2)  # 2026 and 2027
    np.testing.assert_allclose(s.frame["shock.group[primary]"], expected)
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, 0, 64)
    np.testing.assert_array_equal(
        s.frame["param.sector_shock_sd[automotive]"],
        np.asarray(params.sector_shock_sd)[:, SECTORS.index("automotive")],
    )
    sizes = sum(int(np.prod(np.shape(getattr(ps.parameters, n)))) for n in ps.uncertainty)
    assert sum(k == "parameter" for k in s.kinds.values()) == sizes


def test_a_path_year_enters_only_where_it_reaches_the_target_year():
    from sim.analysis.targets.discovery import _keys_reaching

    path = {2026: 1.0, 2028: 2.0, 2030: 3.0}
    assert _keys_reaching(path, 2026) == {2026}  # 2028's value reaches 2027 on
    assert _keys_reaching(path, 2027) == {2026, 2028}
    assert _keys_reaching(path, 2031) == {2030}
    assert _keys_reaching(3.0, 2027) == set()


def test_insignificant_restrictions_are_dropped():
    # failure when x > 0.7; y is noise the peeling may pick up, but not significantly
    x, miss = known_failures(cut=0.7, seed=11)
    limits = prim_boxes(x, miss)[0]["limits"]
    assert (limits["qp_value"] <= 0.05).all()
    assert "x" in set(limits["input"])


def test_misses_unrelated_to_the_inputs_give_no_box():
    x, _ = known_failures(seed=5)
    miss = np.random.default_rng(6).random(len(x)) < 0.3  # independent of every column
    assert prim_boxes(x, miss) == []
