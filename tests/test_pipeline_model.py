"""The investment pipeline driving the model: counts, capacity, cache and the reduced form."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from sim.execution.simulate import simulate
from sim.pipeline.paths import scenario_pipeline

DRAWS = 600


@pytest.fixture(scope="module")
def small(baseline_scenario):
    """The baseline with 4 pipeline replications (fast) and a fixed seed."""
    return replace(baseline_scenario, pipeline_replications=4, seed=77)


def _with(scenario, **levers):
    return replace(scenario, inputs={**scenario.inputs, **levers})


def test_fewer_projects_lower_investment_then_industrial_output(small, setup):
    plan = simulate(small, draws=DRAWS, setup=setup)
    fewer = simulate(_with(small, industrial_projects=400.0), draws=DRAWS, setup=setup)
    years = plan.years
    growth = "industrial_investment_growth"
    assert fewer.values[growth][:, years.index(2026)].mean() < (
        plan.values[growth][:, years.index(2026)].mean() - 1.0
    )
    late = years.index(2029)
    assert fewer.values["industrial_output"][:, late].mean() < (
        plan.values["industrial_output"][:, late].mean()
    )
    assert fewer.values["fai_growth"][:, years.index(2026)].mean() < (
        plan.values["fai_growth"][:, years.index(2026)].mean()
    )


def test_draws_take_their_replications_counts(small, setup):
    from sim.inputs.scenario.values import Uniform

    spread = _with(small, industrial_projects=Uniform(dist="uniform", low=450, high=750))
    paths = scenario_pipeline(spread)
    counts = paths.counts["industrial_projects"]  # (replications, years)
    assert len(np.unique(counts[:, 0])) == 4
    _, per_draw = paths.for_draws(0, 10)
    np.testing.assert_array_equal(per_draw["industrial_projects"], counts[np.arange(10) % 4])


def test_pipeline_results_come_from_the_cache_the_second_time(small, setup):
    first = simulate(small, draws=50, setup=setup)
    second = simulate(small, draws=50, setup=setup)
    assert second.provenance["pipeline"]["from_cache"] is True
    assert second.provenance["pipeline"]["cache_key"] == first.provenance["pipeline"]["cache_key"]
    for name in first.values:
        np.testing.assert_array_equal(first.values[name], second.values[name])


def test_pipeline_noise_shows_in_the_bands_but_keeps_the_calibrated_spread(small, setup):
    reduced = simulate(replace(small, pipeline_replications=0), draws=4000, setup=setup)
    piped = simulate(small, draws=4000, setup=setup)
    column = piped.years.index(2027)
    a = reduced.values["industrial_investment_growth"][:, column]
    b = piped.values["industrial_investment_growth"][:, column]
    assert not np.array_equal(a, b)
    # The pipeline's noise replaces part of the calibrated shock: the spread stays close.
    assert 0.8 < b.std() / a.std() < 1.25
    assert piped.manifest()["pipeline"]["replications"] == 4
    assert reduced.manifest()["pipeline"] == {"replications": 0}


def test_scarce_financing_delays_investment(small, setup):
    plan = simulate(small, draws=200, setup=setup)
    tight = simulate(_with(small, financing_capacity=0.5), draws=200, setup=setup)
    column = plan.years.index(2026)
    growth = "industrial_investment_growth"
    assert tight.values[growth][:, column].mean() < plan.values[growth][:, column].mean()


def test_negative_replications_are_refused(write_scenario):
    from sim.inputs.scenario import ScenarioError, load_scenario

    path = write_scenario("name: x\ndescription: d\npipeline_replications: -1\n")
    with pytest.raises(ScenarioError, match=r"scenario.yaml:3: pipeline_replications"):
        load_scenario(path)
