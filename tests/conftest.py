"""Shared fixtures: the shipped model setup, scenarios and a writer of scenario files."""

from __future__ import annotations

import os
import tempfile
import textwrap
from pathlib import Path

import pytest

from sim.engine import ModelSetup
from sim.scenario import load_scenario

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
    return load_scenario(SCENARIOS / "baseline.yaml")


@pytest.fixture
def write_scenario(tmp_path):
    """Write dedented YAML text to tmp_path/name and return the path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        return path

    return write
