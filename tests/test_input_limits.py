"""Every file the tool reads refuses what the fuzzing campaign of issue 15 found, in one format.

Each test reproduces one failure listed in the issue (a wrong number read in silence, a
traceback, a hang) and checks it is now one ``file:line: field: problem`` and nothing else.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from sim.inputs.history import HistoryError, load_history
from sim.inputs.limits import MAX_DEPTH, MAX_KEYS
from sim.inputs.scenario import ScenarioError, load_scenario
from sim.inputs.scenario import loader as scenario_loader
from sim.inputs.sweep_file import load_sweep

from .conftest import ROOT, SCENARIOS
from .test_scenario_validation import HEAD, only_problem

HISTORY = ROOT / "calibration" / "history.csv"


# --- wrong numbers read in silence ------------------------------------------------------------


def test_leading_zero_is_refused_not_read_as_octal(write_scenario):
    msg = only_problem(write_scenario(HEAD + "levers:\n  credit_growth: 010\n"))
    assert ":4: levers.credit_growth: '010'" in msg and "write 10" in msg


def test_year_key_with_a_leading_zero_is_refused_not_read_as_1046(write_scenario):
    text = HEAD + "levers:\n  infrastructure_investment: {02026: 5}\n"
    msg = only_problem(write_scenario(text))
    assert "levers.infrastructure_investment: '02026'" in msg and "write 2026" in msg
    assert "1046" not in msg


@pytest.mark.parametrize("text", ["1_000", "1:30", "0x1F", "0o17", "0b101", "+010"])
def test_numbers_yaml_versions_read_differently_are_refused(write_scenario, text):
    msg = only_problem(write_scenario(HEAD + f"levers:\n  credit_growth: {text}\n"))
    assert f"levers.credit_growth: '{text}'" in msg


@pytest.mark.parametrize("text, value", [("10", 10.0), ("0", 0.0), ("-0.5", -0.5), ("0.5", 0.5)])
def test_plain_decimal_numbers_still_read(write_scenario, text, value):
    scenario = load_scenario(write_scenario(HEAD + f"levers:\n  credit_growth: {text}\n"))
    assert scenario.inputs["credit_growth"] == value


def test_yes_is_text_as_in_yaml_1_2(write_scenario):
    scenario = load_scenario(write_scenario("name: test\ndescription: yes\n"))
    assert scenario.description == "yes"


def test_two_events_with_one_name_in_a_file_are_refused_not_merged(write_scenario):
    text = HEAD + textwrap.dedent(
        """\
        events:
          - {name: tariff, year: 2026, sectors: [electronics], size: -3}
          - {name: tariff, year: 2027, sectors: [automotive], size: -5}
        """
    )
    msg = only_problem(write_scenario(text))
    assert ":5: events[1].name: duplicate event name 'tariff'" in msg


def test_a_child_still_replaces_its_parents_event_of_the_same_name(write_scenario):
    write_scenario(
        HEAD + "events:\n  - {name: a, year: 2026, sectors: [finance], size: -2}\n", "p.yaml"
    )
    child = write_scenario(
        "name: c\ndescription: c\nextends: p.yaml\n"
        "events:\n  - {name: a, year: 2027, sectors: [finance], size: -1}\n",
        "c.yaml",
    )
    assert [(e.name, e.year) for e in load_scenario(child).events] == [("a", 2027)]


# --- tracebacks where a message belongs: the scenario reader ----------------------------------


@pytest.mark.parametrize("tagged", ["!!float abc", "!!int 2030.5", "!!str 5", "!!binary aGk="])
def test_explicit_tags_are_refused(write_scenario, tagged):
    msg = only_problem(write_scenario(HEAD + f"levers:\n  credit_growth: {tagged}\n"))
    assert ":4: levers.credit_growth: tag !!" in msg and "not allowed" in msg


def test_a_5000_digit_integer_is_refused(write_scenario):
    msg = only_problem(write_scenario(HEAD + "seed: " + "9" * 5000 + "\n"))
    assert ":3: seed: a number of 5,000 characters" in msg


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 500, 100_000])
def test_deep_nesting_is_refused_before_building_anything(write_scenario, depth):
    msg = only_problem(write_scenario(HEAD + "x: " + "[" * depth + "]" * depth + "\n"))
    assert ":3:" in msg and f"nested deeper than {MAX_DEPTH} levels" in msg


def test_block_nesting_is_refused_too(write_scenario):
    text = HEAD + "".join("  " * i + f"k{i}:\n" for i in range(40)) + "  " * 40 + "v\n"
    assert f"nested deeper than {MAX_DEPTH} levels" in only_problem(write_scenario(text))


def test_15000_keys_are_refused(write_scenario):
    text = HEAD + "levers:\n" + "".join(f"  k{i}: 1\n" for i in range(15_000))
    msg = only_problem(write_scenario(text))
    assert f"more than {MAX_KEYS:,} keys in one mapping (from line 4)" in msg


class CountingLines(dict):
    """A field -> line map that counts how often it is walked."""

    walks = 0

    def items(self):
        CountingLines.walks += 1
        return super().items()


def test_merging_walks_each_file_once_not_once_per_key(tmp_path):
    """The quadratic merge of the issue walked every line of a file for each of its keys."""
    levers = {f"k{i}": 1.0 for i in range(2_000)}
    lines = CountingLines({("levers", k): i + 4 for i, k in enumerate(levers)})
    CountingLines.walks = 0
    merged, origins = scenario_loader._merge([(tmp_path / "a.yaml", {"levers": levers}, lines)])
    assert CountingLines.walks == 1
    assert len(merged["levers"]) == 2_000 and origins[("levers", "k1999")][1] == 2_003


def test_a_nul_byte_in_extends_is_refused(write_scenario):
    msg = only_problem(write_scenario(HEAD + 'extends: "a\\0b.yaml"\n'))
    assert ":3: extends: the path contains a NUL byte" in msg


def test_a_5000_character_extends_is_refused(write_scenario):
    msg = only_problem(write_scenario(HEAD + f"extends: {'a/' * 2500}x.yaml\n"))
    assert ":3: extends: the path is 5,006 characters long" in msg


def test_an_extends_through_a_symlink_loop_is_refused(write_scenario, tmp_path):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    msg = only_problem(write_scenario(HEAD + "extends: loop.yaml\n"))
    assert ":3: extends:" in msg and "symbolic links" in msg


def test_a_scenario_that_is_a_symlink_loop_is_refused(tmp_path):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    assert "symbolic links" in only_problem(tmp_path / "loop.yaml")


def test_validate_refuses_files_that_are_not_regular_without_hanging(tmp_path):
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "folder").mkdir()
    paths = ["/dev/zero", "/dev/null", str(tmp_path / "fifo"), str(tmp_path / "folder")]
    proc = subprocess.run(
        [sys.executable, str(ROOT / "run_sim.py"), "validate", *paths],
        capture_output=True,
        text=True,
        timeout=120,  # a guard against a hang, not a measure of speed
    )
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.splitlines() == [
        "/dev/zero: is a device, not a regular file",
        "/dev/null: is a device, not a regular file",
        f"{tmp_path / 'fifo'}: is a FIFO (named pipe), not a regular file",
        f"{tmp_path / 'folder'}: is a folder, not a file",
    ]


def test_pipeline_replications_beyond_256_are_refused(write_scenario):
    """4,096 replications with one draw ran for 15 minutes."""
    msg = only_problem(write_scenario(HEAD + "draws: 1\npipeline_replications: 4096\n"))
    assert ":4: pipeline_replications:" in msg and "256" in msg


def test_truncnormal_whose_bounds_overflow_is_refused_at_validation(write_scenario):
    text = HEAD + (
        "levers:\n  credit_growth: {dist: truncnormal, mean: -1e300, sd: 1e-300, low: 0, high: 9}\n"
    )
    msg = only_problem(write_scenario(text))
    assert "levers.credit_growth: these parameters do not give finite samples" in msg


@pytest.mark.parametrize(
    "dist",
    [
        "{dist: truncnormal, mean: 8, sd: 1e-9, low: 0, high: 9}",
        "{dist: truncnormal, mean: 60, sd: 1, low: 0, high: 9}",
        "{dist: lognormal, median: 8, sigma: 1e-6}",
    ],
)
def test_extreme_but_sampleable_distributions_still_load(write_scenario, dist):
    load_scenario(write_scenario(HEAD + f"levers:\n  credit_growth: {dist}\n"))


# --- sweep files -------------------------------------------------------------------------------


def sweep(tmp_path, body: str):
    path = tmp_path / "sweep.yaml"
    path.write_text(f"base: {SCENARIOS / 'baseline.yaml'}\n" + body)
    with pytest.raises(ScenarioError) as info:
        load_sweep(path)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("value", ["5", "true", "[[gdp]]", "{gdp: 1}", "gdp", "[gdp, [x]]"])
def test_sweep_indicators_must_be_a_list_of_names(tmp_path, value):
    found = sweep(tmp_path, f"levers: {{credit_growth: [5]}}\nindicators: {value}\n")
    assert any("indicators: must be a list of indicator names" in p for p in found), found


def test_sweep_indicators_null_means_every_indicator(tmp_path):
    path = tmp_path / "sweep.yaml"
    base = SCENARIOS / "baseline.yaml"
    path.write_text(f"base: {base}\nlevers: {{credit_growth: [5]}}\nindicators: ~\n")
    assert "gdp" in load_sweep(path).indicators


def test_a_huge_factorial_grid_is_refused_before_it_is_built(tmp_path, monkeypatch):
    import sim.inputs.sweep_file as sweep_file

    def never(*args):
        raise AssertionError("the grid was built")

    monkeypatch.setattr(sweep_file.itertools, "product", never)
    axis = "[" + ", ".join(str(5 + i / 10) for i in range(100)) + "]"
    counts = "[" + ", ".join(str(500 + i) for i in range(100)) + "]"
    tech = "[" + ", ".join(str(1000 + i) for i in range(100)) + "]"
    text = f"levers:\n  credit_growth: {axis}\n  industrial_projects: {counts}\n"
    found = sweep(tmp_path, text + f"  tech_transformation_projects: {tech}\n")
    assert any("100 x 100 x 100 = 1,000,000 points" in p for p in found), found


def test_a_billion_lhs_points_are_refused_before_sampling(tmp_path):
    found = sweep(
        tmp_path, "design: lhs\npoints: 1000000000\nlevers: {credit_growth: {low: 5, high: 9}}\n"
    )
    assert any("points: must be a whole number from 1 to 10,000" in p for p in found), found


@pytest.mark.parametrize(
    "body, where",
    [("draws: 1000000000000\n", "draws"), (f"seed: {2**64}\n", "seed")],
)
def test_sweep_draws_and_seed_have_the_files_limits(tmp_path, body, where):
    found = sweep(tmp_path, body + "levers: {credit_growth: [5]}\n")
    assert any(f":2: {where}: must be a whole number from" in p for p in found), found


def test_a_sweep_whose_points_run_too_many_draws_is_refused(tmp_path):
    axis = "[" + ", ".join(str(5 + i / 1000) for i in range(1000)) + "]"
    text = f"draws: 10000000\nlevers:\n  credit_growth: {axis}\n  industrial_projects: [500, 600]\n"
    found = sweep(tmp_path, text)
    assert any("draws: this sweep: 2,000 runs of 10,000,000 draws" in p for p in found), found


def test_a_300_character_sweep_name_is_refused_when_read(tmp_path):
    found = sweep(tmp_path, f"name: {'a' * 300}\nlevers: {{credit_growth: [5]}}\n")
    assert any(":2: name: must be 1 to 64 letters" in p for p in found), found


def test_a_scenario_listed_twice_in_a_sweep_is_refused(tmp_path):
    path = tmp_path / "sweep.yaml"
    base = SCENARIOS / "baseline.yaml"
    path.write_text(f"scenarios: [{base}, {base}]\n")
    with pytest.raises(ScenarioError, match=r"scenarios\[1\]: scenario name 'baseline' is also"):
        load_sweep(path)


# --- history CSVs ------------------------------------------------------------------------------


def history_problems(tmp_path, text: str) -> list[str]:
    path = tmp_path / "h.csv"
    path.write_text(text)
    with pytest.raises(HistoryError) as info:
        load_history(path)
    return [str(p) for p in info.value.problems]


def with_row(row: str) -> str:
    return HISTORY.read_text() + row + "\n"


def test_a_history_row_with_an_extra_field_names_its_line(tmp_path):
    lines = len(HISTORY.read_text().splitlines())
    found = history_problems(
        tmp_path, with_row("Chongqing,2019,gdp_real_growth_pct,6.3,pct,a,b,c,d")
    )
    assert found == [
        f"{tmp_path / 'h.csv'}:{lines + 1}: 9 fields; the header has 8 "
        "(quote a field that holds a comma)"
    ]


def test_a_history_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(HistoryError, match="is a folder, not a file"):
        load_history(tmp_path)


@pytest.mark.parametrize("year", ["99999999", "-2020", "1900", "2_020", "20.5", "", "２０２０"])
def test_history_years_must_be_four_digits_in_range(tmp_path, year):
    found = history_problems(
        tmp_path, with_row(f"Chongqing,{year},gdp_real_growth_pct,6,pct,a,b,c")
    )
    assert len(found) == 1 and ": year: year " in found[0], found


@pytest.mark.parametrize("value", ["1e12", "-1e12", "nan", "inf", "1_0", "0x10", "-100"])
def test_history_values_must_be_plain_numbers_in_range(tmp_path, value):
    row = f"Chongqing,2026,gdp_real_growth_pct,{value},pct,a,b,c"
    found = history_problems(tmp_path, with_row(row))
    assert len(found) == 1 and ": value: value " in found[0], found


def test_a_constant_history_series_is_refused(tmp_path):
    header = HISTORY.read_text().splitlines()[0]
    rows = [f"China,{y},gdp_real_growth_pct,5.0,pct,a,b,c" for y in range(2015, 2026)]
    found = history_problems(tmp_path, "\n".join([header, *rows]) + "\n")
    assert found == [
        f"{tmp_path / 'h.csv'}:2: value: China gdp_real_growth_pct: all 11 years have the value 5; "
        "a constant series cannot be fitted (check the file)"
    ]


def test_history_with_a_nul_byte_or_binary_is_refused(tmp_path):
    path = tmp_path / "h.csv"
    path.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(HistoryError, match="not UTF-8 text"):
        load_history(path)


def test_the_shipped_history_still_loads():
    assert load_history(HISTORY).span() == (2011, 2025)  # GDP from 2011 (the panel index)
