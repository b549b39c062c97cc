"""Shared fixtures: the shipped model setup, scenarios and a writer of scenario files."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import tempfile
import textwrap
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from filelock import FileLock

from sim.execution.simulate import ModelSetup
from sim.inputs.scenario import Scenario, load_scenario

# One pipeline cache for the whole session (and the CLI subprocesses it starts), outside the repo.
os.environ.setdefault("CQSIM_PIPELINE_CACHE", tempfile.mkdtemp(prefix="cqsim-pipeline-cache-"))

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
SHIPPED = sorted(SCENARIOS.glob("*.yaml"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests marked ``early`` first, the rest in their order: under pytest-xdist, a long test
    collected last (the wheel's, over a minute on CI) would run alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("early") is None)


@pytest.fixture(scope="session")
def setup() -> ModelSetup:
    return ModelSetup.load()


TEST_REPLICATIONS = 2
"""Pipeline replications of the shipped scenarios in tests that do not test the pipeline: their
own 24 cost 13 CPU-s a scenario and seed when first run in a session (the baseline's 24 are
tested through the CLI and its golden file)."""


REDUCED_FORM = ("--set", "pipeline_replications=0")
"""Command-line arguments for the reduced form, in tests of commands and outputs, not of the
pipeline."""


def on_test_replications(path: Path) -> Scenario:
    """The scenario file ``path`` on :data:`TEST_REPLICATIONS` pipeline replications."""
    return replace(load_scenario(path), pipeline_replications=TEST_REPLICATIONS)


def shipped_scenario(name: str) -> Scenario:
    """The shipped scenario ``name`` on :data:`TEST_REPLICATIONS` pipeline replications."""
    return on_test_replications(SCENARIOS / f"{name}.yaml")


@pytest.fixture(scope="session")
def baseline_scenario():
    """The shipped baseline on 2 pipeline replications (its 24 are tested through the CLI):
    every test that moves a pipeline lever or a seed then runs the pipeline in 0.4 s, not 2.4."""
    return shipped_scenario("baseline")


@pytest.fixture(scope="session")
def made_once(tmp_path_factory, worker_id) -> Callable[[str, Callable[[Path], None]], Path]:
    """``made_once(name, make)``: a folder that ``make(folder)`` fills once per test session.

    Under pytest-xdist the tests of one module run on several workers, and each would build a
    module's fixture again (a run with its report: 10-30 CPU-s). The first worker to ask makes
    the folder; the others wait for it on a file lock and read it (pytest-xdist's documented
    recipe). A folder whose making failed is made again by the next worker that asks.
    """
    root = tmp_path_factory.getbasetemp()
    shared = root if worker_id == "master" else root.parent

    def made(name: str, make: Callable[[Path], None]) -> Path:
        folder = shared / f"made-once-{name}"
        done = shared / f"made-once-{name}.done"
        with FileLock(f"{folder}.lock"):
            if not done.exists():
                shutil.rmtree(folder, ignore_errors=True)
                folder.mkdir()
                make(folder)
                done.touch()
        return folder

    return made


@pytest.fixture(scope="session")
def run_report(made_once) -> Path:
    """The folder of ``run`` on the baseline (reduced form, 100 draws) with PDF copies of its
    figures: made once a session for the tests of the report's files and of the report in a
    browser (a run's eight figures cost about 12 CPU-s). What the run printed is in
    ``printed.txt`` beside the folder."""
    from sim.cli import main

    def make(folder: Path) -> None:
        args = ["run", str(SCENARIOS / "baseline.yaml"), "--draws", "100", "--seed", "1"]
        out = ["--out", str(folder / "run"), "--quiet", "--figures-format", "pdf"]
        printed = io.StringIO()
        with contextlib.redirect_stdout(printed):
            assert main([*args, *REDUCED_FORM, *out]) == 0
        (folder / "printed.txt").write_text(printed.getvalue())

    return made_once("run-report", make) / "run"


COMPARE_DRAWS, COMPARE_SEED = 200, 1
"""Draws and seed of :func:`compare_report`."""


@pytest.fixture(scope="session")
def compare_report(made_once) -> Path:
    """The folder of ``compare`` of the shipped baseline and external shock (200 draws, seed 1,
    :data:`TEST_REPLICATIONS`): made once a session for the tests of compare's files and of the
    comparison report (its ten figures cost about 20 CPU-s)."""
    from sim.cli import main

    def make(folder: Path) -> None:
        shipped = [str(SCENARIOS / "baseline.yaml"), str(SCENARIOS / "external_shock.yaml")]
        args = ["--draws", str(COMPARE_DRAWS), "--seed", str(COMPARE_SEED), "--quiet"]
        args += ["--set", f"pipeline_replications={TEST_REPLICATIONS}"]
        assert main(["compare", *shipped, *args, "--out", str(folder / "out")]) == 0

    return made_once("compare", make) / "out"


@pytest.fixture
def write_scenario(tmp_path):
    """Write dedented YAML text to tmp_path/name and return the path."""

    def write(text: str, name: str = "scenario.yaml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text))
        return path

    return write


def replace_everywhere(monkeypatch, real: Callable, replacement: Callable, importers) -> None:
    """Replace the function ``real`` by ``replacement`` in every module that holds it.

    ``importers`` names the modules that bind ``real`` when imported (``from m import f``). They
    are imported first: a module first imported while the replacement is in place would keep it
    for the rest of the test process, after ``monkeypatch`` undoes the rest.
    """
    import importlib
    import sys

    for name in importers:
        importlib.import_module(name)
    for module in list(sys.modules.values()):
        if getattr(module, real.__name__, None) is real:
            monkeypatch.setattr(module, real.__name__, replacement)


# Modules that bind ``simulate`` when imported.
BINDS_SIMULATE = (
    "sim.analysis.attribution",
    "sim.analysis.calibration.backtest",
    "sim.analysis.multipliers",
    "sim.analysis.sweep",
)


@pytest.fixture
def forbid_simulation(monkeypatch):
    """Make any call of ``simulate`` fail the test, in every module that holds it."""
    import sim.execution.simulate as simulate_module

    def simulate(*args, **kwargs):
        raise AssertionError("the command computed before checking --out")

    replace_everywhere(monkeypatch, simulate_module.simulate, simulate, BINDS_SIMULATE)


@pytest.fixture(autouse=True)
def no_test_double_left():
    """After every test, no cqsim module holds a function defined in the tests.

    Such a double outlived its test: a module first imported while it was in place bound it
    (``from m import f``), and later tests on the same worker would run it. Replace functions with
    :func:`replace_everywhere`, naming the modules that bind them. About 2 ms a test.
    """
    import sys

    yield
    left = [
        f"{name}.{attribute}"
        for name, module in list(sys.modules.items())
        if name.split(".")[0] == "sim"
        for attribute, value in list(vars(module).items())
        if str(getattr(value, "__module__", "") or "").startswith("tests")
    ]
    assert not left, f"{left} still hold a test's double: see replace_everywhere in conftest"
