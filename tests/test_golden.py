"""Golden files: each shipped scenario's headline summary at a fixed seed and draw count.

A change that moves the numbers fails here on purpose. When the change is intended, regenerate
the files and review the diff before committing:

    CQSIM_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden.py

A failing comparison writes ``<scenario>.actual.csv`` beside the expected file (ignored by git).
"""

from __future__ import annotations

import os

import pandas as pd
import pytest

from sim.execution.simulate import simulate
from sim.inputs.scenario import load_scenario
from sim.model.indicators import HEADLINE

from .conftest import ROOT, SHIPPED

GOLDEN = ROOT / "tests" / "golden"
DRAWS, SEED = 400, 1
COLUMNS = ["variable", "year", "p05", "p50", "p95"]
RTOL = 1e-6


def headline_summary(scenario_path, setup) -> pd.DataFrame:
    result = simulate(load_scenario(scenario_path), draws=DRAWS, seed=SEED, setup=setup)
    summary = result.summary()
    keep = summary["variable"].isin(HEADLINE) & summary["year"].isin([2025, 2026, 2027, 2030])
    return summary.loc[keep, COLUMNS].reset_index(drop=True)


@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda p: p.stem)
def test_headline_summary_matches_golden_file(scenario, setup):
    actual = headline_summary(scenario, setup)
    expected_path = GOLDEN / f"{scenario.stem}.csv"
    if os.environ.get("CQSIM_UPDATE_GOLDEN") == "1":
        actual.to_csv(expected_path, index=False, float_format="%.10g")
    assert expected_path.is_file(), "no golden file; create it with CQSIM_UPDATE_GOLDEN=1"
    expected = pd.read_csv(expected_path)
    try:
        pd.testing.assert_frame_equal(actual, expected, check_exact=False, rtol=RTOL)
    except AssertionError:
        actual.to_csv(GOLDEN / f"{scenario.stem}.actual.csv", index=False, float_format="%.10g")
        raise
