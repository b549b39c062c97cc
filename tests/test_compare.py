"""``compare``: scenarios on common random numbers, paired differences to the first, files."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest

from sim.analysis.targets.scorecard import scorecard_table
from sim.cli import main
from sim.cli.compare import default_compare_dir
from sim.execution.simulate import simulate
from sim.inputs.targets_file import load_targets
from sim.model.indicators import INDICATORS
from sim.outputs.tables import (
    DIFFERENCE_COLUMNS,
    PairingError,
    common_years,
    paired_differences,
)

from .conftest import (
    COMPARE_DRAWS,
    COMPARE_SEED,
    REDUCED_FORM,
    SCENARIOS,
    on_test_replications,
    shipped_scenario,
)

BASELINE = SCENARIOS / "baseline.yaml"
SHOCK = SCENARIOS / "external_shock.yaml"
DRAWS, SEED = COMPARE_DRAWS, COMPARE_SEED


@pytest.fixture(scope="module")
def compared(compare_report):
    """One comparison through the command line (made once a session, shared with test_report)."""
    return compare_report


def run_pair(setup, draws=DRAWS, seed=SEED, paths=(BASELINE, SHOCK)):
    return [simulate(on_test_replications(p), draws=draws, seed=seed, setup=setup) for p in paths]


def test_compare_writes_differences_summary_manifest_report_and_figures(compared):
    assert sorted(p.name for p in compared.iterdir()) == [
        "differences.csv",
        "figures",
        "manifest.json",
        "report.html",
        "summary.csv",
    ]
    stems = [
        "differences_growth",
        "differences_levels",
        "differences_structure",
        "fan_growth",
        "fan_levels",
        "fan_structure",
        *(f"scorecard_{y}" for y in sorted({t.year for t in load_targets()})),
        "sectors",
    ]
    expected = sorted(f"{s}.png" for s in stems)
    assert sorted(p.name for p in (compared / "figures").iterdir()) == expected


def test_compare_draws_the_vector_copies_requested(tmp_path, monkeypatch):
    """``--figures-format`` reaches the figures' renderer (its SVG and PDF files are tested in
    test_plots, and run's PDF copies through the command line in test_report)."""
    import sim.outputs.report as report_module

    asked = []

    def render(figures, vector_format=None, workers=None):
        asked.append((sorted(figures), vector_format))
        return []

    monkeypatch.setattr(report_module, "render_figures", render)
    args = ["compare", str(BASELINE), str(SHOCK), "--draws", "20", "--seed", "1", *REDUCED_FORM]
    assert main([*args, "--figures-format", "svg", "--quiet", "--out", str(tmp_path / "o")]) == 0
    ((names, vector_format),) = asked
    assert vector_format == "svg" and "differences_levels" in names


def test_differences_csv_is_tidy_per_indicator_year_and_scenario(compared):
    table = pd.read_csv(compared / "differences.csv")
    assert list(table.columns) == ["variable", "label", *DIFFERENCE_COLUMNS[1:]]
    assert set(table["reference"]) == {"baseline"}
    assert set(table["scenario"]) == {"external_shock"}
    assert set(table["variable"]) == set(INDICATORS)
    assert sorted(set(table["year"])) == list(range(2025, 2031))
    assert len(table) == len(INDICATORS) * 6
    units = table.drop_duplicates("variable").set_index("variable")["unit"]
    assert units["gdp"] == "RMB bn" and units["gdp_real_growth"] == "pp"
    assert (table["p05"] <= table["p50"]).all() and (table["p50"] <= table["p95"]).all()
    start = table[table["year"] == 2025]
    assert (start[["mean", "p05", "p50", "p95"]] == 0).all().all()  # all start from the seeds


def test_compare_records_seed_draws_and_every_scenario_run(compared):
    manifest = json.loads((compared / "manifest.json").read_text())
    assert manifest["command"] == "compare"
    assert manifest["reference"] == "baseline"
    assert manifest["scenarios"] == ["baseline", "external_shock"]
    assert (manifest["seed"], manifest["draws"]) == (SEED, DRAWS)
    assert [r["scenario"]["name"] for r in manifest["runs"]] == manifest["scenarios"]
    assert "differences.csv" in manifest["files"] and "report.html" in manifest["files"]
    summary = pd.read_csv(compared / "summary.csv")
    assert list(summary["scenario"].unique()) == ["baseline", "external_shock"]


def test_differences_are_the_percentiles_of_draw_by_draw_differences(setup):
    reference, shock = run_pair(setup)
    table = paired_differences([reference, shock], ["gdp"]).set_index("year")
    diff = shock.values["gdp"] - reference.values["gdp"]
    np.testing.assert_allclose(table["p50"], np.median(diff, axis=0))
    np.testing.assert_allclose(table["p05"], np.percentile(diff, 5, axis=0))
    np.testing.assert_allclose(table["p95"], np.percentile(diff, 95, axis=0))


def test_differences_mean_is_the_mean_of_the_draw_by_draw_differences(setup):
    reference, shock = run_pair(setup)
    table = paired_differences([reference, shock], ["gdp", "gdp_real_growth", "nev_output"])
    for name, rows in table.groupby("variable"):
        diff = shock.values[name] - reference.values[name]
        np.testing.assert_allclose(
            rows["mean"], diff.mean(axis=0), rtol=1e-12, atol=1e-9, err_msg=name
        )
    assert (table["mean"] != table["p50"]).any()  # a column of its own, not the median again


def test_differences_csv_mean_column_is_the_mean_of_paired_differences(compared, setup):
    table = pd.read_csv(compared / "differences.csv")
    reference, shock = run_pair(setup)
    gdp = table[table["variable"] == "gdp"].sort_values("year")
    diff = shock.values["gdp"] - reference.values["gdp"]
    np.testing.assert_allclose(gdp["mean"], diff.mean(axis=0), atol=0.05)  # CSV: 0.1 RMB bn


def test_a_scenario_compared_with_its_copy_differs_by_nothing(setup, write_scenario):
    copy = write_scenario("name: baseline_copy\ndescription: Same.\nextends: baseline\n")
    reference, same = run_pair(setup, paths=(BASELINE, copy))
    table = paired_differences([reference, same])
    assert (table[["mean", "p05", "p50", "p95"]] == 0).all().all()  # common random numbers


def test_paired_differences_refuse_runs_with_other_seeds_or_draws(setup):
    reference = run_pair(setup, paths=(BASELINE,))[0]
    (other_seed,) = run_pair(setup, seed=SEED + 1, paths=(SHOCK,))
    with pytest.raises(PairingError, match="one seed and draw count"):
        paired_differences([reference, other_seed])
    with pytest.raises(PairingError, match="at least one scenario"):
        paired_differences([reference])


def test_scenarios_with_other_horizons_are_compared_over_common_years(setup, write_scenario):
    short = write_scenario("name: short\ndescription: Defaults to 2028.\nhorizon: 2028\n")
    reference, short_run = run_pair(setup, paths=(BASELINE, short))
    assert common_years([reference, short_run]) == [2025, 2026, 2027, 2028]
    assert sorted(set(paired_differences([reference, short_run])["year"])) == [
        2025,
        2026,
        2027,
        2028,
    ]


def test_compare_uses_the_reference_seed_and_draws_by_default(tmp_path, write_scenario, capsys):
    ref = write_scenario(
        "name: ref\ndescription: R.\nextends: baseline\ndraws: 40\nseed: 77\n"
        "pipeline_replications: 2\n",
        "ref.yaml",
    )
    other = write_scenario(
        "name: other\ndescription: O.\nextends: baseline\ndraws: 900\nseed: 1\n"
        "pipeline_replications: 2\nlevers:\n  credit_growth: 9.0\n",
        "other.yaml",
    )
    out = tmp_path / "out"
    assert main(["compare", str(ref), str(other), "--out", str(out), "--no-report"]) == 0
    assert not (out / "report.html").exists() and not (out / "figures").exists()
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["seed"], manifest["draws"]) == (77, 40)
    assert all((r["seed"], r["draws"]) == (77, 40) for r in manifest["runs"])
    printed = capsys.readouterr().out
    assert "Difference to ref" in printed and "other" in printed
    assert "mean, and median [5th, 95th percentile]" in printed
    rows = [line.split() for line in printed.splitlines()]
    gdp = next(i for i, row in enumerate(rows) if row[:4] == ["gdp", "RMB", "bn", "other"])
    assert rows[gdp][4] == "mean" and rows[gdp + 1][0] == "median"


def test_repeated_scenario_names_are_refused_before_running(tmp_path, write_scenario, capsys):
    twin = write_scenario("name: baseline\ndescription: Another baseline.\n", "twin.yaml")
    out = tmp_path / "out"
    assert main(["compare", str(BASELINE), str(twin), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"{twin}: scenario name 'baseline' is also the name of {BASELINE}" in err
    assert "change `name:`" in err
    assert not out.exists()


def test_compare_needs_two_scenarios(tmp_path, capsys):
    assert main(["compare", str(BASELINE), "--out", str(tmp_path / "o")]) == 2
    assert "at least two scenarios" in capsys.readouterr().err


def test_problems_of_every_scenario_file_are_reported_at_once(tmp_path, capsys):
    bad1 = tmp_path / "bad1.yaml"
    bad1.write_text("name: bad1\ndescription: d\nlevers:\n  credit_growth: 500\n")
    bad2 = tmp_path / "bad2.yaml"
    bad2.write_text("name: bad2\ndescription: d\nhorizon: 2099\n")
    assert main(["compare", str(bad1), str(bad2), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{bad1}:4: levers.credit_growth" in err and f"{bad2}:3: horizon" in err
    assert not (tmp_path / "o").exists()


def test_an_existing_output_folder_is_never_replaced(tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("earlier")
    assert main(["compare", str(BASELINE), str(SHOCK), "--draws", "10", "--out", str(out)]) == 2
    assert "already exists" in capsys.readouterr().err
    assert [p.name for p in out.iterdir()] == ["keep.txt"]


def test_default_folder_is_outputs_compare_names_run_id(setup, tmp_path):
    pair = run_pair(setup, draws=10)
    now = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)
    path = default_compare_dir(pair, root=tmp_path, now=now)
    assert path.parent == tmp_path / "compare-baseline-external_shock"
    assert path.name.startswith(f"20260301T120000Z-s{SEED}-n10-")
    path.mkdir(parents=True)
    assert default_compare_dir(pair, root=tmp_path, now=now).name == f"{path.name}-2"
    many = pair + [
        simulate(shipped_scenario(n), draws=10, seed=SEED, setup=setup)
        for n in ("nev_manufacturing_push", "property_debt_stress")
    ]
    folder = default_compare_dir(many * 2, root=tmp_path, now=now).parent.name
    assert folder.startswith("compare-baseline-and-7-more-") and len(folder) <= 80


def test_compare_report_scores_every_target_for_every_scenario(compared):
    text = (compared / "report.html").read_text(encoding="utf-8")
    assert 'id="targets"' in text
    for target in load_targets():
        assert target.label in text
    assert text.count("probability of meeting each") >= 1


def test_target_scorecard_has_a_row_per_scenario_and_target(setup):
    pair = run_pair(setup, draws=50)
    table = scorecard_table(pair, load_targets()).table
    n_targets = len(load_targets())
    assert len(table) == 2 * n_targets
    assert list(table["scenario"].unique()) == ["baseline", "external_shock"]
    verified = table["basis"] == "verified"
    assert table.loc[verified, "probability"].between(0, 1).all()
    assert table.loc[~verified, "probability"].isna().all()  # basis unverified: none given
    assert (table.loc[~verified, "status"] == "basis unverified").all()
    one = table[(table["scenario"] == "baseline") & (table["target"] == "gdp_2030")].iloc[0]
    outcome = pair[0].values["gdp"][:, pair[0].years.index(2030)]
    assert one["probability"] == pytest.approx(np.mean(outcome >= one["value"]))
