"""The numeric core and the pipeline simulation import no I/O, plotting, YAML, Dask or CLI.

``lint-imports`` (contracts in pyproject.toml) checks the imports written in the source; these
tests check what a fresh interpreter actually loads, imports inside functions included, by
running the core and the scalar reference on a few draws.
"""

import pickle
import subprocess
import sys
from dataclasses import replace

import numpy as np

from sim.execution.streams import draw_range
from sim.model.interface import PipelinePaths
from sim.model.sectors import N_SECTORS

EXTERNAL = ("matplotlib", "yaml", "dask", "distributed", "pandas", "pydantic", "pyarrow")
EXTERNAL += ("SALib", "tqdm", "argparse")
PACKAGE = ("sim.cli", "sim.inputs", "sim.execution", "sim.results", "sim.analysis")
PACKAGE += ("sim.outputs", "sim.version")
INPUT_FILES = ("sim.inputs.scenario", "sim.inputs.seeds", "sim.inputs.parameters_file")


def loaded_after(code: str) -> list[str]:
    """Modules (of EXTERNAL, PACKAGE, simpy, sim.pipeline, sim.model.core) ``code`` loads."""
    watched = (*EXTERNAL, *PACKAGE, *INPUT_FILES, "simpy", "sim.pipeline", "sim.model.core")
    probe = f"{code}\nimport sys\nprint(','.join(m for m in {watched!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    ).stdout.strip()
    return [m for m in out.split(",") if m]


def test_core_and_reference_run_without_io_plotting_or_cli(setup, baseline_scenario, tmp_path):
    drivers, innovations = draw_range(baseline_scenario, 0, 3)
    n, years = drivers.shape
    paths = PipelinePaths(
        spending_growth=np.ones((n, years, 2)),
        capacity_gap=np.zeros((n, years, N_SECTORS)),
        nev_capacity_gap=np.zeros((n, years)),
        growth_variance=np.array([1.0, 1.0]),
    )
    params = setup.parameter_set.parameters
    cases = [(drivers, innovations), (replace(drivers, pipeline=paths), innovations)]
    path = tmp_path / "inputs.pkl"
    path.write_bytes(pickle.dumps((setup.baseline, params, cases)))
    code = (
        "import pickle\n"
        "from sim.model.core import project\n"
        "from sim.model.reference import project_reference\n"
        f"baseline, params, cases = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        "for drivers, innovations in cases:\n"
        "    project(baseline, params, drivers, innovations)\n"
        "    project_reference(baseline, params, drivers, innovations)\n"
    )
    loaded = loaded_after(code)
    assert loaded == ["sim.model.core"], f"the core pulled in: {loaded}"


def test_scalar_reference_is_independent_of_the_core():
    assert loaded_after("import sim.model.reference") == []


def test_pipeline_simulation_imports_no_io_plotting_or_cli():
    # simpy, and the lever registry (plain data, through sim.pipeline's default replications)
    loaded = loaded_after("import sim.pipeline.des")
    assert set(loaded) <= {"simpy", "sim.pipeline", "sim.inputs"}, loaded


def test_a_worker_runs_chunks_without_pandas_plotting_or_cli(setup, baseline_scenario, tmp_path):
    """What a Dask worker imports to run chunks (payload unpickled, one chunk run): no pandas
    or pyarrow (half a second and 65 MB a worker), no plotting, reports or CLI."""
    from sim.execution.simulate import RunPlan, summarise_chunk
    from sim.execution.summaries import RunningSummary
    from sim.model.indicators import HEADLINE, INDICATORS

    n_years = len(baseline_scenario.years) + 1
    template = RunningSummary(tuple(INDICATORS), n_years, 10, 4096)
    plan = RunPlan(baseline_scenario, setup, template, HEADLINE, 0)
    path = tmp_path / "task.pkl"
    path.write_bytes(pickle.dumps((summarise_chunk, plan)))
    code = (
        "import pickle\n"
        f"func, plan = pickle.loads(open({str(path)!r}, 'rb').read())\n"
        "assert func(plan, 0, 10).stop == 10\n"
    )
    loaded = set(loaded_after(code))
    assert not loaded & {"pandas", "pyarrow", "matplotlib", "sim.results", "sim.outputs", "sim.cli"}
    assert "sim.execution" in loaded and "sim.model.core" in loaded  # it did run the chunk
