"""Variants on shared random numbers (sim.execution.what_if) give what simulate gives, to the bit.

The tornado and the solver use :func:`variant_values` instead of one full ``simulate`` a variant:
random numbers drawn once, changed inputs recomputed, projection stopped at the last year asked.
If any of these shortcuts changed a number (a stream keyed by the wrong name, an input not
recomputed, a pipeline path cut wrongly, a year depending on later years), these tests fail.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis.targets.moves import moved
from sim.execution.simulate import simulate
from sim.execution.what_if import variant_values

SHOCK = {
    "name": "tariff_escalation",
    "year": 2026,
    "sectors": ["electronics", "automotive"],
    "size": {"dist": "triangular", "low": -10.0, "mode": -6.0, "high": -2.0},
    "probability": 0.6,
    "persistence": 0.5,
}
INDICATORS = ["gdp", "fai_growth", "retail_sales", "nev_output", "va_construction"]


@pytest.fixture(scope="module")
def variants(baseline_scenario):
    s = baseline_scenario
    return [
        s,
        moved(s, "credit_growth", 3.0),  # a lever of the core
        moved(s, "infrastructure_projects", 20.0),  # a lever of the pipeline
        s.with_levers(tradein_subsidy={"dist": "uniform", "low": 10.0, "high": 14.0}),
        s.with_events(SHOCK),  # an event
        s.with_assumptions(national_gdp_growth={2026: 4.0, 2030: 3.5}),  # an assumption's path
    ]


@pytest.mark.parametrize("last_year", [2026, 2027, 2030])
def test_variants_are_simulate_to_the_bit(baseline_scenario, variants, setup, last_year):
    draws = 4096 + 300  # two blocks, the second cut
    got = variant_values(
        baseline_scenario,
        variants,
        setup,
        draws=draws,
        last_year=last_year,
        indicators=INDICATORS,
    )
    columns = last_year - 2025 + 1
    for variant, values in zip(variants, got, strict=True):
        full = simulate(variant, draws=draws, setup=setup).values
        for name in INDICATORS:
            assert values[name].shape == (draws, columns)
            np.testing.assert_array_equal(values[name], full[name][:, :columns])


def test_variants_are_the_same_in_one_process_or_shared_out(baseline_scenario, variants, setup):
    kwargs = {"draws": 500, "last_year": 2027, "indicators": INDICATORS}
    one = variant_values(baseline_scenario, variants, setup, workers=1, **kwargs)
    shared = variant_values(baseline_scenario, variants, setup, workers=2, **kwargs)
    assert len(one) == len(shared) == len(variants)
    for alone, split in zip(one, shared, strict=True):
        for name in INDICATORS:
            np.testing.assert_array_equal(alone[name], split[name])
    assert variant_values(baseline_scenario, [], setup, **kwargs) == []


def test_the_moves_change_what_they_move(baseline_scenario, variants, setup):
    """The variants are not all the base (a shortcut that ignored the changes would pass above
    only if simulate ignored them too)."""
    got = variant_values(
        baseline_scenario, variants, setup, draws=500, last_year=2027, indicators=["gdp"]
    )
    base = got[0]["gdp"][:, -1]
    for values in got[1:]:
        assert np.abs(values["gdp"][:, -1] - base).max() > 0


def test_variants_must_share_seed_and_horizon(baseline_scenario, setup):
    other = baseline_scenario.with_overrides(seed=baseline_scenario.seed + 1)
    with pytest.raises(ValueError, match="seed and horizon"):
        variant_values(
            baseline_scenario, [other], setup, draws=10, last_year=2027, indicators=["gdp"]
        )
    with pytest.raises(ValueError, match="last_year"):
        variant_values(
            baseline_scenario,
            [baseline_scenario],
            setup,
            draws=10,
            last_year=2040,
            indicators=["gdp"],
        )
