"""The command line as a tool: its name and version, help, cache, show, diff, new, --set,
overlays, --lang, and run folders colleagues can open."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from sim.cli import COMMANDS, build_parser, console, main
from sim.inputs.scenario import load_scenario
from sim.version import package_version

from .conftest import ROOT, SCENARIOS

CQSIM = Path(sys.executable).with_name("cqsim")
"""The console script of this environment's cqsim."""


def test_usage_names_the_program_as_it_was_started_and_version_is_printed(tmp_path):
    for command, name in (
        ([str(CQSIM)], "cqsim"),
        ([sys.executable, str(ROOT / "run_sim.py")], "run_sim.py"),
    ):
        out = subprocess.run([*command, "--help"], capture_output=True, text=True, cwd=tmp_path)
        assert out.returncode == 0 and out.stdout.startswith(f"usage: {name} ")
    out = subprocess.run([str(CQSIM), "--version"], capture_output=True, text=True)
    assert out.stdout.strip() == f"cqsim {package_version()}"


def test_the_process_entry_exits_with_the_commands_code_and_a_frozen_heap(monkeypatch, capsys):
    """``console`` (``cqsim``, ``run_sim.py``) exits with ``main``'s code, the heap frozen so that
    shutdown does not trace it, glibc told to keep freed memory first (``tests/test_allocator``
    counts what that does; here it is recorded, so that this test process keeps its own)."""
    from sim.execution import allocator

    calls: list[str] = []
    monkeypatch.setattr(allocator, "keep_freed_memory", lambda: calls.append("allocator"))
    try:
        for name, code in (("baseline.yaml", 0), ("missing.yaml", 2)):
            gc.unfreeze()
            monkeypatch.setattr(sys, "argv", ["cqsim", "validate", str(SCENARIOS / name)])
            with pytest.raises(SystemExit) as done:
                console()
            assert done.value.code == code and gc.get_freeze_count() > 0, name
        assert calls == ["allocator", "allocator"]
        assert "ok (scenario baseline" in capsys.readouterr().out
    finally:
        gc.unfreeze()


def test_every_command_help_writes_percent_signs_once(capsys):
    sub = build_parser()._subparsers._group_actions[0].choices  # noqa: SLF001
    assert len(sub) == len(COMMANDS)
    for name, parser in sub.items():
        text = parser.format_help()
        assert "%%" not in text, name
    assert "90% band" in sub["compare"].format_help()


def test_cache_info_and_clear_use_the_user_cache_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("CQSIM_PIPELINE_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    folder = tmp_path / "xdg" / "cqsim" / "pipeline"
    folder.mkdir(parents=True)
    (folder / "a.npz").write_bytes(b"x" * 1500)
    (folder / ".b.tmp").write_bytes(b"x" * 10)
    (folder / "keep.txt").write_text("not the cache's")
    assert main(["cache", "info"]) == 0
    out = capsys.readouterr().out
    assert f"pipeline cache: {folder}" in out and "1 entries, 1.5 kB" in out
    assert main(["cache", "clear"]) == 0
    assert "removed 1 entries (1.5 kB)" in capsys.readouterr().out
    assert [p.name for p in folder.iterdir()] == ["keep.txt"]


def test_show_prints_the_resolved_scenario_and_where_each_value_comes_from(capsys):
    push = str(SCENARIOS / "nev_manufacturing_push.yaml")
    assert main(["show", push, "--set", "credit_growth=9.5"]) == 0
    out = capsys.readouterr().out
    lines = {line.split(":")[0].strip(): line for line in out.splitlines()}
    assert "# --set credit_growth=9.5" in lines["credit_growth"]
    assert "scenarios/nev_manufacturing_push.yaml:" in lines["industrial_projects"]
    assert "scenarios/baseline.yaml:" in lines["tradein_subsidy"]
    assert str(ROOT) not in out  # relative paths only


def test_diff_lists_what_two_scenarios_set_differently(capsys):
    assert main(["diff", "baseline", "property_debt_stress"]) == 0
    out = capsys.readouterr().out
    assert "levers.credit_growth" in out and "7.0  ->  5.0" in out
    assert "events.developer_defaults" in out and "(none)  ->" in out
    assert "levers.tradein_subsidy" not in out  # the same in both
    assert main(["diff", "baseline", "baseline"]) == 0
    assert "set the same inputs" in capsys.readouterr().out


def test_new_writes_a_commented_starter_that_loads_and_never_replaces_a_file(tmp_path, capsys):
    path = tmp_path / "my_case.yaml"
    args = ["new", "my_case", "--extends", "external_shock", "--out", str(path)]
    assert main([*args, "--description", "Exports: weaker"]) == 0
    scenario = load_scenario(path)
    parent = load_scenario("external_shock")
    assert (scenario.name, scenario.description) == ("my_case", "Exports: weaker")
    assert dict(scenario.inputs) == dict(parent.inputs)
    text = path.read_text()
    assert "#   credit_growth:" in text and "% a year (loans outstanding), -5 to 30." in text
    edited = text.replace("# levers:", "levers:").replace("#   credit_growth:", "  credit_growth:")
    path.write_text(edited)
    assert load_scenario(path).inputs["credit_growth"] == parent.inputs["credit_growth"]
    assert main(args) == 2
    assert "already exists" in capsys.readouterr().err


def test_run_refuses_a_sweep_file_and_says_what_to_use(capsys):
    code = main(["run", str(SCENARIOS / "sweeps" / "credit_and_projects.yaml")])
    assert code == 2
    assert "this is a sweep file: use sweep" in capsys.readouterr().err


def test_set_problems_exit_2_with_the_files_message(capsys):
    code = main(["run", "baseline", "--set", "credit_growth=99", "--draws", "10"])
    assert code == 2
    err = capsys.readouterr().err
    assert "--set credit_growth=99: levers.credit_growth: values from 99 to 99" in err


def test_run_of_overlays_in_chinese_writes_a_shared_folder_under_outputs_here(
    tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    old = os.umask(0o027)  # group may read, others not
    try:
        args = ["run", "baseline+nev_manufacturing_push", "--draws", "100", "--seed", "2"]
        sets = ["--set", "credit_growth=9", "--set", "pipeline_replications=0"]  # the reduced form
        assert main([*args, *sets, "--lang", "zh", "--quiet"]) == 0
    finally:
        os.umask(old)
    (run,) = (tmp_path / "outputs" / "baseline+nev_manufacturing_push").iterdir()
    assert run.stat().st_mode & 0o777 == 0o750
    assert (run / "summary.csv").stat().st_mode & 0o777 == 0o640
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["scenario"]["overlays"] == ["baseline", "nev_manufacturing_push"]
    assert manifest["set"] == ["credit_growth=9", "pipeline_replications=0"]
    assert manifest["lang"] == "zh" and manifest["scenario"]["levers"]["credit_growth"] == 9.0
    summary = pd.read_csv(run / "summary.csv")
    gdp = summary[(summary.variable == "gdp") & (summary.year == 2025)].iloc[0]
    assert (gdp.label, gdp.unit, gdp.p50) == ("地区生产总值（现价）", "亿元", 33800)
    page = (run / "report.html").read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in page and "主要指标" in page and "亿元" in page
    assert str(tmp_path) not in page and str(ROOT) not in page  # relative paths only
    report_size = (run / "report.html").stat().st_size
    assert report_size < 1_000_000, f"report.html is {report_size:,} bytes"
    assert np.isclose(gdp["mean"], 33800)
