"""The numeric core and the pipeline simulation import no I/O, plotting, YAML, Dask or CLI."""

import subprocess
import sys

import pytest

HEAVY = ("matplotlib", "yaml", "dask", "pandas", "sim.cli", "sim.inputs.scenario")
HEAVY += ("sim.outputs", "argparse", "pydantic")


@pytest.mark.parametrize(
    "modules", [("sim.model.core", "sim.model.reference"), ("sim.pipeline.des",)]
)
def test_numeric_modules_import_no_io_plotting_or_cli(modules):
    # A fresh interpreter, importing only these modules (not the package's public API).
    code = (
        f"import sys, {', '.join(modules)};"
        f"print(','.join(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"{modules} pulled in: {out}"
