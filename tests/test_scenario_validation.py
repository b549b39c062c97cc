"""Scenario files: each kind of mistake gives one clear problem with file, line and field."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.inputs.levers import ALL_INPUTS, LEVERS
from sim.inputs.scenario import ScenarioError, load_scenario
from sim.inputs.scenario.values import Normal, TruncNormal

HEAD = """\
name: test
description: a test scenario
"""


def problems(path) -> list[str]:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return [str(p) for p in info.value.problems]


def only_problem(path) -> str:
    found = problems(path)
    assert len(found) == 1, found
    return found[0]


def test_minimal_scenario_gets_defaults(write_scenario):
    scenario = load_scenario(write_scenario(HEAD))
    assert scenario.horizon == 2030
    assert set(scenario.inputs) == set(ALL_INPUTS)
    assert scenario.inputs["credit_growth"] == LEVERS["credit_growth"].default


def test_unknown_lever_suggests_the_closest_name(write_scenario):
    path = write_scenario(HEAD + "levers:\n  credit_grwth: 5\n")
    msg = only_problem(path)
    assert f"{path}:4: levers.credit_grwth" in msg
    assert "did you mean 'credit_growth'" in msg


def test_unknown_top_level_key_suggests_the_closest_name(write_scenario):
    msg = only_problem(write_scenario(HEAD + "lever:\n  credit_growth: 5\n"))
    assert ":3: lever:" in msg and "did you mean 'levers'" in msg


def test_wrong_type_names_field_and_line(write_scenario):
    msg = only_problem(write_scenario(HEAD + "draws: many\n"))
    assert ":3: draws:" in msg and "integer" in msg


def test_text_where_a_number_is_expected(write_scenario):
    msg = only_problem(write_scenario(HEAD + "levers:\n  credit_growth: '5'\n"))
    assert "levers.credit_growth" in msg and "expected a number" in msg


@pytest.mark.parametrize("bad", [".nan", ".inf", "-.inf"])
def test_non_finite_numbers_are_refused(write_scenario, bad):
    msg = only_problem(write_scenario(HEAD + f"levers:\n  credit_growth: {bad}\n"))
    assert "levers.credit_growth" in msg and "finite" in msg


def test_value_outside_the_allowed_range(write_scenario):
    msg = only_problem(write_scenario(HEAD + "levers:\n  credit_growth: 95\n"))
    assert ":4: levers.credit_growth" in msg and "[-5, 30]" in msg


def test_unbounded_distribution_reaching_outside_the_range(write_scenario):
    text = HEAD + "levers:\n  credit_growth: {dist: normal, mean: 25, sd: 5}\n"
    msg = only_problem(write_scenario(text))
    assert "levers.credit_growth" in msg and "outside the allowed range" in msg


def test_path_year_outside_the_horizon(write_scenario):
    text = HEAD + "horizon: 2028\nlevers:\n  credit_growth: {2026: 7, 2031: 8}\n"
    msg = only_problem(write_scenario(text))
    assert ":5: levers.credit_growth.2031" in msg and "outside the horizon 2026-2028" in msg


def test_horizon_beyond_2035(write_scenario):
    msg = only_problem(write_scenario(HEAD + "horizon: 2040\n"))
    assert "horizon" in msg and "2035" in msg


@pytest.mark.parametrize(
    "dist, expected",
    [
        ("{dist: normal, mean: 7, sd: -1}", "greater than 0"),
        ("{dist: uniform, low: 8, high: 6}", "must be below high"),
        ("{dist: triangular, low: 5, mode: 9, high: 8}", "low <= mode <= high"),
        ("{dist: gamma, a: 2}", "unknown distribution"),
        ("{dist: normal, mean: 7}", "sd: required field is missing"),
        ("{dist: normal, mean: 7, sd: 1, skew: 2}", "unknown key 'skew'"),
    ],
)
def test_bad_distribution_parameters(write_scenario, dist, expected):
    msg = only_problem(write_scenario(HEAD + f"levers:\n  credit_growth: {dist}\n"))
    assert "levers.credit_growth" in msg and expected in msg


def test_duplicate_keys_are_refused_with_both_lines(write_scenario):
    text = HEAD + "levers:\n  credit_growth: 5\n  credit_growth: 6\n"
    msg = only_problem(write_scenario(text))
    assert ":5: levers.credit_growth: duplicate key (first given on line 4)" in msg


def test_missing_extends_target(write_scenario):
    msg = only_problem(write_scenario(HEAD + "extends: nowhere/else.yaml\n"))
    assert ":3: extends" in msg and "cannot find" in msg


def test_unknown_shipped_scenario_lists_the_shipped_ones(write_scenario):
    msg = only_problem(write_scenario(HEAD + "extends: basline\n"))
    assert "cannot find 'basline'" in msg and "baseline" in msg


def test_circular_extends(write_scenario):
    write_scenario("name: a\ndescription: a\nextends: b.yaml\n", "a.yaml")
    path = write_scenario("name: b\ndescription: b\nextends: a.yaml\n", "b.yaml")
    assert "circular extends" in only_problem(path)


def test_non_mapping_document(write_scenario):
    msg = only_problem(write_scenario("- just\n- a list\n"))
    assert ":1:" in msg and "must be a mapping" in msg


def test_empty_document(write_scenario):
    assert "empty" in only_problem(write_scenario("# nothing\n"))


def test_invalid_yaml_names_the_line(write_scenario):
    msg = only_problem(write_scenario(HEAD + "levers: {credit_growth: 5\n"))
    assert "not valid YAML" in msg


def test_alias_bomb_is_refused_without_expanding(write_scenario):
    bomb = HEAD + "a: &a [x, x, x, x, x, x, x, x, x]\n"
    for level in "bcdefghij":
        prev = chr(ord(level) - 1)
        bomb += f"{level}: &{level} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"
    found = problems(write_scenario(bomb))
    assert all("anchors and aliases" in p for p in found)


def test_python_tags_are_refused(write_scenario):
    msg = only_problem(write_scenario(HEAD + "levers: !!python/object/apply:os.system ['echo']\n"))
    assert "not allowed" in msg


def test_dates_are_refused(write_scenario):
    msg = only_problem(write_scenario(HEAD + "levers:\n  credit_growth: 2026-01-01\n"))
    assert "a date is not allowed" in msg


def test_oversized_file_is_refused(write_scenario):
    msg = only_problem(write_scenario(HEAD + "# " + "x" * 300_000 + "\n"))
    assert "at most" in msg and "bytes" in msg


@pytest.mark.parametrize("name", ["../../etc", "a/b", ".hidden", "x" * 65, ""])
def test_scenario_names_cannot_become_paths(write_scenario, name):
    msg = only_problem(write_scenario(f"name: '{name}'\ndescription: d\n"))
    assert ":1: name" in msg


def test_event_errors_name_the_event_field(write_scenario):
    text = HEAD + (
        "events:\n"
        "  - name: crash\n"
        "    year: 2040\n"
        "    sectors: [automotive, spaceships]\n"
        "    size: -5\n"
        "    probability: 1.5\n"
    )
    found = problems(write_scenario(text))
    assert any("events[0].probability" in p and "less than or equal to 1" in p for p in found)
    # The model-level problems come once the structure is valid:
    text = text.replace("probability: 1.5", "probability: 0.5")
    found = problems(write_scenario(text, "second.yaml"))
    assert any(":5: events[0].year" in p and "outside the horizon" in p for p in found)
    assert any(
        ":6: events[0].sectors[1]" in p and "unknown sector 'spaceships'" in p for p in found
    )


def test_every_problem_is_reported_at_once(write_scenario):
    text = HEAD + "levers:\n  credit_growth: 95\n  nev_capacity: -1\n  tradein_subsidy: x\n"
    assert len(problems(write_scenario(text))) == 3


def test_missing_name_and_description(write_scenario):
    found = problems(write_scenario("horizon: 2030\n"))
    assert any("'name' is missing" in p for p in found)
    assert any("'description' is missing" in p for p in found)


def test_child_overrides_what_it_names_and_keeps_the_rest(write_scenario):
    write_scenario(
        HEAD
        + "levers:\n  credit_growth: 9\n  tradein_subsidy: 12\n"
        + "events:\n  - {name: a, year: 2027, sectors: [finance], size: -2}\n"
        + "  - {name: b, year: 2028, sectors: [finance], size: -3}\n",
        "parent.yaml",
    )
    child = write_scenario(
        "name: child\ndescription: c\nextends: parent.yaml\nlevers:\n  credit_growth: 5\n"
        "events:\n  - {name: b, year: 2029, sectors: [energy], size: -1}\n"
        "  - {name: c, year: 2026, sectors: [energy], size: 1}\n",
        "child.yaml",
    )
    scenario = load_scenario(child)
    assert scenario.name == "child"
    assert scenario.inputs["credit_growth"] == 5
    assert scenario.inputs["tradein_subsidy"] == 12
    assert [(e.name, e.year) for e in scenario.events] == [("a", 2027), ("b", 2029), ("c", 2026)]


def test_problems_in_a_parent_point_to_the_parent_file(write_scenario):
    parent = write_scenario(HEAD + "levers:\n  credit_growth: 99\n", "parent.yaml")
    child = write_scenario("name: child\ndescription: c\nextends: parent.yaml\n", "child.yaml")
    msg = only_problem(child)
    assert msg.startswith(f"{parent}:4: levers.credit_growth")


def test_extends_the_shipped_baseline_by_name(write_scenario):
    path = write_scenario("name: child\ndescription: c\nextends: baseline\nhorizon: 2032\n")
    scenario = load_scenario(path)
    assert scenario.horizon == 2032 and scenario.seed == 20260101


# --- properties -------------------------------------------------------------------------------

LEVER_NAMES = sorted(LEVERS)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(LEVER_NAMES), frac=st.floats(0, 1))
def test_any_constant_inside_the_range_is_accepted(write_scenario, name, frac):
    spec = LEVERS[name]
    value = spec.low + frac * (spec.high - spec.low)
    scenario = load_scenario(write_scenario(HEAD + f"levers:\n  {name}: {value!r}\n"))
    assert scenario.inputs[name] == pytest.approx(value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=st.sampled_from(LEVER_NAMES), beyond=st.floats(1e-6, 1e6))
def test_any_constant_outside_the_range_is_refused(write_scenario, name, beyond):
    spec = LEVERS[name]
    value = spec.high + beyond * (1 + abs(spec.high))
    msg = only_problem(write_scenario(HEAD + f"levers:\n  {name}: {value!r}\n"))
    assert f"levers.{name}" in msg


@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    mean=st.floats(-3, 25),
    sd=st.floats(0.01, 10),
    years=st.lists(st.integers(2026, 2030), min_size=1, max_size=5, unique=True),
)
def test_schema_round_trips_through_the_resolved_form(write_scenario, mean, sd, years):
    """Valid values load, and the resolved dict is stable under a second load."""
    low, high = LEVERS["credit_growth"].low, LEVERS["credit_growth"].high
    dist = {"dist": "truncnormal", "mean": mean, "sd": sd, "low": low, "high": high}
    path_text = ", ".join(
        f"{y}: {{dist: truncnormal, mean: {mean!r}, sd: {sd!r}, low: {low}, high: {high}}}"
        for y in years
    )
    a = load_scenario(write_scenario(HEAD + f"levers:\n  credit_growth: {{{path_text}}}\n"))
    b = load_scenario(
        write_scenario(HEAD + f"levers:\n  credit_growth: {{{path_text}}}\n", "b.yaml")
    )
    assert a.sha256() == b.sha256()
    assert set(a.inputs["credit_growth"]) == set(years)
    assert all(v == TruncNormal(**dist) for v in a.inputs["credit_growth"].values())
    assert not math.isnan(Normal(dist="normal", mean=mean, sd=sd).frozen().mean())


@pytest.mark.parametrize("text, value", [("1e-3", 1e-3), ("2E0", 2.0), ("-4.5e-1", -0.45)])
def test_exponent_numbers_without_a_dot_are_numbers(write_scenario, text, value):
    scenario = load_scenario(write_scenario(HEAD + f"levers:\n  digital_economy_push: {text}\n"))
    assert scenario.inputs["digital_economy_push"] == pytest.approx(value)


def test_a_child_may_shorten_the_horizon_of_the_scenario_it_extends(write_scenario):
    path = write_scenario("name: short\ndescription: d\nextends: baseline\nhorizon: 2027\n")
    scenario = load_scenario(path)
    assert scenario.years == [2026, 2027]
    # The inherited path keeps its 2030 point, so 2027 is interpolated as in the baseline.
    assert 2030 in scenario.inputs["nev_capacity"]


def test_a_year_after_the_horizon_in_the_file_itself_is_still_refused(write_scenario):
    text = "name: short\ndescription: d\nextends: baseline\nhorizon: 2027\n"
    text += "levers:\n  credit_growth: {2026: 7, 2029: 8}\n"
    assert ".2029: year 2029 is outside the horizon" in only_problem(write_scenario(text))
