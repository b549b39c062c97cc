"""The parameters file: every value documented, bad files refused with the field named."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import yaml

from sim.inputs.levers import ALL_INPUTS, FIRST_YEAR, reference_parameters
from sim.inputs.parameters_file import (
    DEFAULT_PARAMETERS,
    ParameterError,
    load_parameters,
    parameters_from_mapping,
)
from sim.model.parameters import SCALAR_PARAMETERS, SECTOR_PARAMETERS
from sim.pipeline.project_types import PipelineParameters


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(DEFAULT_PARAMETERS.read_text())


def test_shipped_parameters_load_and_state_their_status():
    ps = load_parameters()
    assert ps.status in {"prior", "fitted"}
    assert len(ps.sha256) == 64


def test_every_parameter_has_unit_and_reason(raw):
    for name in SECTOR_PARAMETERS:
        assert raw["sector"][name]["unit"] and raw["sector"][name]["reason"]
    for name in SCALAR_PARAMETERS:
        if name not in reference_parameters():
            assert raw["scalar"][name]["unit"] and raw["scalar"][name]["reason"]


def test_inputs_reference_values_are_their_registry_defaults(raw):
    params = parameters_from_mapping(raw, "f.yaml")
    assert params.national_reference == 4.7  # national_gdp_growth's default in 2026
    assert params.credit_reference == 7.0 == PipelineParameters().credit_reference
    assert params.debt_reference == 10.0 == PipelineParameters().debt_reference
    for spec in ALL_INPUTS.values():
        if spec.reference_parameter is not None:
            assert getattr(params, spec.reference_parameter) == spec.default_at(FIRST_YEAR)
            assert spec.reference_parameter not in raw["scalar"], "written twice"


def test_an_inputs_reference_value_in_the_file_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["scalar"]["credit_reference"] = {"value": 7.0, "unit": "%", "reason": "copy"}
    with pytest.raises(ParameterError, match="scalar.credit_reference: the default of an input"):
        parameters_from_mapping(bad, "f.yaml")


def test_missing_reason_is_refused(raw):
    bad = copy.deepcopy(raw)
    del bad["scalar"]["shock_persistence"]["reason"]
    with pytest.raises(ParameterError, match=r"f.yaml: scalar.shock_persistence.reason: missing"):
        parameters_from_mapping(bad, "f.yaml")


def test_non_finite_value_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["sector"]["trend_growth"]["values"]["finance"] = float("nan")
    with pytest.raises(ParameterError, match="trend_growth.values.finance"):
        parameters_from_mapping(bad, "f.yaml")


def test_demand_shares_must_sum_to_one(raw):
    bad = copy.deepcopy(raw)
    bad["sector"]["demand_exports"]["values"]["electronics"] = 0.9
    with pytest.raises(ParameterError, match="electronics: the four demand shares sum to"):
        parameters_from_mapping(bad, "f.yaml")


def test_io_table_that_leaves_no_final_demand_is_refused(raw, setup):
    from sim.model.io_table import gross_output, spillover_matrix

    bad = copy.deepcopy(raw)
    bad["io_coefficients"]["rows"]["energy"]["construction"] = 0.3
    params = parameters_from_mapping(bad, "f.yaml")
    with pytest.raises(ValueError, match="final demand"):
        spillover_matrix(params.io_coefficients, gross_output(setup.baseline.va, params.va_ratio))


def test_unknown_parameter_is_refused(raw):
    bad = copy.deepcopy(raw)
    bad["scalar"]["mystery"] = {"value": 1, "unit": "x", "reason": "y"}
    with pytest.raises(ParameterError, match="scalar.mystery: unknown parameter"):
        parameters_from_mapping(bad, "f.yaml")


def test_io_rows_are_read_into_the_matrix(raw):
    params = parameters_from_mapping(raw, "f.yaml")
    assert params.io_coefficients.shape == (11, 11)
    assert np.all(params.io_coefficients >= 0)
    assert params.io_coefficients.sum() > 0
