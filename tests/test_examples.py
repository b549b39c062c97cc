"""The example notebook runs: its script twin is run, and the notebook holds the same cells."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd

from .conftest import ROOT

EXAMPLES = ROOT / "examples"


def test_the_notebook_holds_the_cells_of_its_script():
    sys.path.insert(0, str(EXAMPLES))
    try:
        from make_notebook import notebook
    finally:
        sys.path.remove(str(EXAMPLES))
    script = (EXAMPLES / "tour.py").read_text(encoding="utf-8")
    stored = json.loads((EXAMPLES / "tour.ipynb").read_text(encoding="utf-8"))
    assert stored == notebook(script), "run: python examples/make_notebook.py"


def test_the_tour_runs_and_writes_its_files(tmp_path):
    env = {**os.environ, "CQSIM_EXAMPLE_DRAWS": "200", "CQSIM_EXAMPLE_REPLICATIONS": "2"}
    out = subprocess.run(
        [sys.executable, str(EXAMPLES / "tour.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert "with_levers: levers.credit_growth: values from 99 to 99" in out.stdout
    assert (tmp_path / "fan_zh.png").stat().st_size > 10_000
    iamc = pd.read_csv(tmp_path / "easier_credit_iamc.csv")
    assert set(iamc["scenario"]) == {"easier_credit"}
    sheets = pd.read_excel(tmp_path / "easier_credit.xlsx", sheet_name=None)
    assert "summary" in sheets and "findfont" not in out.stderr
