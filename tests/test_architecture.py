"""The numeric core stays free of I/O, plotting, YAML, Dask and the CLI."""

import subprocess
import sys


def test_numeric_core_imports_no_io_plotting_or_cli():
    code = (
        "import sys, sim.model.core, sim.model.reference;"
        "bad = [m for m in ('matplotlib', 'yaml', 'dask', 'pandas', 'sim.cli', 'sim.scenario',"
        " 'sim.outputs', 'argparse', 'pydantic') if m in sys.modules];"
        "print(','.join(bad))"
    )
    # Import the core without the package __init__ (which re-exports the API): sim.model only.
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == "", f"the numeric core pulled in: {out}"
