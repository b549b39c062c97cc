"""Shared fixtures: the shipped model setup, scenarios and a writer of scenario files."""

from __future__ import annotations

import os
import tempfile
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from sim.execution.simulate import ModelSetup
from sim.inputs.scenario import load_scenario

# One pipeline cache for the whole session (and the CLI subprocesses it starts), outside the repo.
os.environ.setdefault("CQSIM_PIPELINE_CACHE", tempfile.mkdtemp(prefix="cqsim-pipeline-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


@pytest.fixture(scope="session")
def setup() -> ModelSetup:
    return ModelSetup.load()


@pytest.fixture(scope="session")
def baseline_scenario():
    """The shipped baseline on 2 pipeline replications (its 24 are tested through the CLI):
    every test that moves a pipeline lever or a seed then runs the pipeline in 0.4 s, not 2.4."""
    return replace(load_scenario(SCENARIOS / "baseline.yaml"), pipeline_replications=2)


@pytest.fixture
def write_scenario(tmp_path):
    """Write dedented YAML text to tmp_path/name and return the path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        return path

    return write
