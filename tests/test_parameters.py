"""The parameters file: every parameter documented with its evidence, bad files refused."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from sim.execution.streams import parameter_block
from sim.inputs.parameters_file import (
    DEFAULT_PARAMETERS,
    ParameterError,
    load_parameters,
    parameters_from_mapping,
    uncertainty_from_mapping,
)
from sim.model.parameters import Parameters

NO_EVIDENCE = {"consumption_adjustment", "ilstc_logistics_effect", "sei_tech_projects_effect"}
"""The parameters no source was found for (each says what was searched); none may join them."""


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(DEFAULT_PARAMETERS.read_text(encoding="utf-8"))


def test_shipped_parameters_load_and_state_their_status():
    ps = load_parameters()
    assert ps.status == "calibrated"
    assert set(ps.raw["parameters"]) == set(Parameters.names())


def test_every_parameter_states_unit_reason_and_complete_evidence(raw):
    for name, entry in raw["parameters"].items():
        assert entry["unit"].strip() and entry["reason"].strip(), name
        if entry["evidence"] == "estimated":
            assert {"se", "sample", "method"} <= set(entry["estimate"]), name
        elif entry["evidence"] in ("derived", "cited"):
            assert entry["sources"], name
        else:
            assert name in NO_EVIDENCE, f"{name} has no evidence"
            assert "searched" in entry.get("derivation", "") or entry.get("derivation"), name


def test_priors_lie_inside_their_plausible_range(raw):
    for name, entry in raw["parameters"].items():
        if "low" not in entry:
            continue
        values = entry.get("values", entry.get("value"))
        low, high = entry["low"], entry["high"]
        for key in values if isinstance(values, dict) else [None]:
            v = values[key] if key else values
            lo = low[key] if isinstance(low, dict) else low
            hi = high[key] if isinstance(high, dict) else high
            assert lo <= v <= hi, f"{name} {key}: {v} outside [{lo}, {hi}]"


def test_evidence_counts_add_up_to_every_parameter():
    counts = load_parameters().evidence_counts()
    assert sum(counts.values()) == len(Parameters.names())
    assert counts["none"] == len(NO_EVIDENCE)


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda r: r["parameters"]["revenue_buoyancy"].pop("reason"), "reason: missing"),
        (lambda r: r["parameters"]["revenue_buoyancy"].update(value=float("nan")), "finite"),
        (lambda r: r["parameters"].pop("revenue_buoyancy"), "revenue_buoyancy: missing"),
        (lambda r: r["parameters"].update(made_up={"value": 1}), "unknown parameter"),
        (
            lambda r: r["parameters"]["demand_consumption"]["values"].update(automotive=0.9),
            "demand shares sum",
        ),
        (
            lambda r: r["parameters"]["gdp_national_response"]["estimate"].pop("se"),
            "needs se, sample and method",
        ),
        (lambda r: r["parameters"]["revenue_buoyancy"].pop("sources"), "cites its sources"),
        (
            lambda r: r["parameters"]["group_shock_correlation"]["matrix"]["primary"].update(
                secondary=1.5
            ),
            "symmetric",
        ),
        (
            lambda r: r["parameters"]["io_coefficients"]["matrix"]["agriculture"].update(
                agriculture=0.9
            ),
            "exceed 1",
        ),
    ],
)
def test_a_bad_parameters_file_is_refused_with_the_field(raw, change, message):
    bad = copy.deepcopy(raw)
    change(bad)
    with pytest.raises(ParameterError) as info:
        parameters_from_mapping(bad, "parameters.yaml")
    assert message in str(info.value)
    assert "parameters.yaml: parameters." in str(info.value)


def test_sampling_with_low_above_high_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["parameters"]["revenue_buoyancy"]["sampling"] = {"dist": "triangular", "low": 2, "high": 1}
    with pytest.raises(ParameterError, match="low <= high"):
        uncertainty_from_mapping(bad, "parameters.yaml")


def test_sampled_parameters_stay_in_their_bounds_around_their_value():
    ps = load_parameters()
    draws = parameter_block(ps.parameters, ps.uncertainty, seed=5, block=0)
    assert set(draws) == set(ps.uncertainty)
    for name, u in ps.uncertainty.items():
        values = draws[name]
        assert np.all(values >= np.asarray(u.low) - 1e-12), name
        assert np.all(values <= np.asarray(u.high) + 1e-12), name
        centre = np.asarray(getattr(ps.parameters, name), dtype=float)
        if u.dist == "normal":
            # clipping to the bounds keeps the median at the value (a value on a bound included)
            spread = np.maximum(np.asarray(u.se, dtype=float), 1e-9)
            assert np.all(np.abs(np.median(values, axis=0) - centre) < 0.1 * spread + 1e-9), name
        else:
            # triangular on [low, high] with its mode at the value: the mean is (low+mode+high)/3
            expected = (np.asarray(u.low) + centre + np.asarray(u.high)) / 3
            width = np.asarray(u.high) - np.asarray(u.low)
            assert np.all(np.abs(values.mean(axis=0) - expected) <= 0.03 * width + 1e-9), name
