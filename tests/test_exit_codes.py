"""The command line: the limits files have, valid options that crashed, and how commands end.

Exit codes (``sim/cli/exits.py``): 0 success, 2 bad input, 3 internal fault, 130 interrupted,
141 closed pipe. Every case here crashed, hung or ran unbounded before issue 15.
"""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
import yaml

from sim.cli import main
from sim.inputs.parameters_file import load_parameters, parameter_set_from_raw, write_parameters

from .conftest import ROOT

BASELINE = str(ROOT / "scenarios" / "baseline.yaml")


def usage_error(args: list[str], capsys) -> str:
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2
    return capsys.readouterr().err


@pytest.mark.parametrize(
    "args, says",
    [
        (["run", BASELINE, "--draws", "1000000000000"], "from 1 to 10,000,000"),
        (["compare", BASELINE, BASELINE, "--draws", "10000001"], "from 1 to 10,000,000"),
        (["targets", BASELINE, "--draws", "1" + "0" * 40], "expected a whole number"),
        (["backtest", "--origin", "2020", "--draws", "99999999999"], "from 1 to 10,000,000"),
        (["run", BASELINE, "--seed", str(2**64)], "from 0 to 9,223,372,036,854,775,807"),
        (["run", BASELINE, "--seed", "-1"], "from 0 to"),
        (["run", BASELINE, "--workers", "100000"], "from 1 to 256"),
        (["run", BASELINE, "--chunk-size", "0"], "from 1 to 10,000,000"),
        (["run", BASELINE, "--draws", "1_000"], "expected a whole number"),
        (["targets", BASELINE, "--sobol-samples", "1048576"], "from 2 to 4096"),
        (["calibrate", "--until", "99999999"], "from 1978 to 2035"),
        (["backtest", "--origin", "-2020"], "from 1978 to 2035, got -2020"),
        (["backtest", "--origin", "2020", "--horizon", "500"], "from 1 to 10"),
    ],
)
def test_command_line_numbers_have_the_limits_files_have(args, says, capsys):
    assert says in usage_error(args, capsys)


def test_total_draws_of_a_comparison(tmp_path, capsys, forbid_simulation):
    paths = []
    for i in range(11):
        path = tmp_path / f"s{i}.yaml"
        path.write_text(f"name: s{i}\ndescription: d\n")
        paths.append(str(path))
    assert main(["compare", *paths, "--draws", "10000000", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "this comparison: 11 runs of 10,000,000 draws make 110,000,000 draws" in err


def test_a_targets_run_whose_tornado_is_too_large_is_refused_before_work(tmp_path, capsys):
    assert main(["targets", BASELINE, "--draws", "10000000", "--out", str(tmp_path / "o")]) == 2
    assert "the run and its lever tornado" in capsys.readouterr().err


def test_a_scheduler_that_is_not_an_address_is_a_user_error(tmp_path, capsys):
    out = str(tmp_path / "o")
    assert main(["run", BASELINE, "--engine", "dask", "--scheduler", "garbage", "--out", out]) == 2
    err = capsys.readouterr().err
    assert "cannot reach the Dask scheduler 'garbage'" in err and "Traceback" not in err


def test_levers_into_a_closed_pipe_ends_quietly():
    """As `levers | head -1` when head has gone: every write finds the pipe closed."""
    read, write = os.pipe()
    os.close(read)
    try:
        proc = subprocess.run(
            [sys.executable, str(ROOT / "run_sim.py"), "levers"],
            stdout=write,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(write)
    assert proc.returncode == 141
    assert proc.stderr == b""


def test_numpy_numbers_are_written_as_plain_yaml_numbers(tmp_path):
    """The cause of `calibrate --until 2024` and `backtest --origin 2024` crashing."""
    raw = load_parameters().raw
    intercept = raw["parameters"]["gdp_intercept"]
    value = float(intercept["value"])
    intercept["value"] = np.float64(value)
    assert parameter_set_from_raw(raw, "fitted").parameters.gdp_intercept == value
    raw["fit_statistics"] = {"rmse": np.float32(0.5), "years": np.array([2023, 2024])}
    write_parameters(raw, tmp_path / "p.yaml")
    text = (tmp_path / "p.yaml").read_text()
    assert "numpy" not in text and "!!" not in text
    written = yaml.safe_load(text)
    assert written["fit_statistics"] == {"rmse": 0.5, "years": [2023, 2024]}
    assert written["parameters"]["gdp_intercept"]["value"] == value


def test_calibrate_until_2024_writes_its_parameters(tmp_path, capsys):
    out = tmp_path / "parameters.yaml"
    assert main(["calibrate", "--until", "2024", "--out", str(out)]) == 0
    assert load_parameters(out).raw
    assert "Calibrated with history up to 2024" in capsys.readouterr().out


def test_backtest_from_2024_runs(tmp_path, capsys):
    out = tmp_path / "bt"
    args = ["backtest", "--origin", "2024", "--horizon", "1", "--draws", "20", "--out", str(out)]
    args += ["--replications", "2"]  # the pipeline on, on 2 replications (24 are a cold run)
    assert main(args) == 0
    assert (out / "backtest.csv").is_file()


def test_calibrate_refuses_an_unwritable_out_before_fitting(tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    assert main(["calibrate", "--out", str(tmp_path / "file" / "p.yaml")]) == 2
    assert "is not a folder" in capsys.readouterr().err
    assert main(["calibrate", "--out", str(tmp_path)]) == 2
    assert "--out takes a file name" in capsys.readouterr().err


def test_backtest_refuses_a_history_without_a_series_it_compares(tmp_path, capsys):
    history = tmp_path / "h.csv"
    rows = (ROOT / "calibration" / "history.csv").read_text().splitlines()
    history.write_text("\n".join(r for r in rows if "industrial_va_growth_pct" not in r) + "\n")
    args = ["backtest", "--origin", "2022", "--history", str(history), "--out", str(tmp_path / "o")]
    assert main(args) == 2
    assert "no rows of Chongqing industrial_va_growth_pct" in capsys.readouterr().err
    assert not (tmp_path / "o").exists()
