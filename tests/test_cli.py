"""The command line end to end: every shipped scenario runs; bad input exits 2 cleanly."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

from sim.cli import main
from sim.model.indicators import HEADLINE
from sim.results import SUMMARY_TABLE_COLUMNS

from .conftest import REDUCED_FORM, ROOT, SHIPPED, TEST_REPLICATIONS


@pytest.mark.parametrize("scenario", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs_end_to_end(scenario, tmp_path, capsys):
    """Every shipped scenario through ``run --no-report``: the data files; a run's report and
    figures are tested in test_report.py (the CLI's run of the baseline) and in the browser."""
    out = tmp_path / "run"
    args = ["run", str(scenario), "--draws", "200", "--seed", "1", "--out", str(out)]
    # the tests' replications (shared with the golden files): each scenario's own 24 are a cold
    # pipeline run in a fresh session
    replications = f"pipeline_replications={TEST_REPLICATIONS}"
    assert main([*args, "--no-report", "--set", replications]) == 0
    printed = capsys.readouterr().out
    assert "gdp_real_growth" in printed and "2027" in printed and "2030" in printed
    assert sorted(p.name for p in out.iterdir()) == [
        "draws.parquet",
        "manifest.json",
        "summary.csv",
    ]
    assert "report.html" not in printed
    summary = pd.read_csv(out / "summary.csv")
    assert list(summary.columns) == SUMMARY_TABLE_COLUMNS
    assert set(summary.scenario) == {scenario.stem}
    assert 2025 in set(summary.year)
    draws = pd.read_parquet(out / "draws.parquet")
    assert list(draws.columns[:3]) == ["scenario", "draw", "year"]
    assert list(draws.columns[3 : 3 + len(HEADLINE)]) == list(HEADLINE)
    sampled = list(draws.columns[3 + len(HEADLINE) :])
    assert all(c.startswith(("input.", "event.")) for c in sampled)
    assert draws["draw"].nunique() == 200
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["seed"] == 1 and manifest["draws"] == 200
    assert manifest["scenario"]["name"] == scenario.stem
    for key in ("scenario_sha256", "package_version", "parameters_sha256", "seeds_sha256"):
        assert manifest[key]


def test_default_output_folder_is_outputs_scenario_run_id(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    scenario = ROOT / "scenarios" / "baseline.yaml"
    args = ["run", str(scenario), "--draws", "50", "--quiet", "--no-report", *REDUCED_FORM]
    assert main(args) == 0
    assert main(args) == 0
    runs = sorted((tmp_path / "outputs" / "baseline").iterdir())
    assert len(runs) == 2, "a second run must not replace the first"
    assert all((r / "manifest.json").is_file() for r in runs)
    assert "results written to outputs/baseline/" in capsys.readouterr().out


def test_existing_output_folder_is_never_replaced(tmp_path, capsys):
    out = tmp_path / "run"
    out.mkdir()
    (out / "keep.txt").write_text("earlier result")
    code = main(
        ["run", str(ROOT / "scenarios" / "baseline.yaml"), "--draws", "10", "--out", str(out)]
    )
    assert code == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    out = tmp_path / "run"

    def explode(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(pd.DataFrame, "to_csv", explode)
    baseline = str(ROOT / "scenarios" / "baseline.yaml")
    code = main(["run", baseline, "--draws", "10", "--out", str(out), "--no-report", *REDUCED_FORM])
    assert code == 130
    assert list(tmp_path.iterdir()) == []


def test_bad_scenario_exits_2_without_traceback_or_output(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ndescription: d\nlevers:\n  credit_growth: 500\n")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "run_sim.py"), "run", str(bad), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert f"{bad}:4: levers.credit_growth" in proc.stderr
    assert not (tmp_path / "o").exists() and not (tmp_path / "outputs").exists()


def test_validate_reports_each_file(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\ndescription: d\nhorizon: 2099\n")
    code = main(["validate", *map(str, SHIPPED), str(bad)])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.out.count(": ok") == len(SHIPPED)
    assert f"{bad}:3: horizon" in captured.err


def test_validate_succeeds_on_shipped_scenarios(capsys):
    assert main(["validate", *map(str, SHIPPED)]) == 0


def test_levers_lists_every_input_with_unit_range_and_default(capsys):
    from sim.inputs.levers import ALL_INPUTS

    assert main(["levers"]) == 0
    out = capsys.readouterr().out
    for spec in ALL_INPUTS.values():
        assert spec.name in out and spec.unit in out


@pytest.mark.parametrize("args", [["run"], ["run", "x.yaml", "--draws", "0"], ["nope"]])
def test_usage_errors_exit_2(args, capsys):
    with pytest.raises(SystemExit) as info:
        main(args)
    assert info.value.code == 2


def test_timings_say_where_the_time_went(tmp_path, capsys):
    scenario = ROOT / "scenarios" / "baseline.yaml"
    args = ["run", str(scenario), "--draws", "50", "--out", str(tmp_path / "r"), "--quiet"]
    assert main([*args, "--no-report", "--timings", *REDUCED_FORM]) == 0
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.startswith("timings: start-up ")
    for phase in ("setup ", "simulate ", "the draws file ", "files ", "workers "):
        assert phase in line
    assert "figures" not in line  # --no-report: no figures phase
