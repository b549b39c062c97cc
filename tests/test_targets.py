"""Targets: the shipped file, its checks, probabilities, drivers, the solver and the command."""

from __future__ import annotations

import json
import textwrap
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.analysis.targets.discovery import BOX_COLUMNS
from sim.analysis.targets.drivers import (
    PARAMETERS,
    SHOCKS,
    fix_factors,
    fix_parameters,
    parameter_factors,
    sobol_drivers,
    tornado,
    uncertain_factors,
)
from sim.analysis.targets.moves import moved, shift_range, shift_value, what_if
from sim.analysis.targets.scorecard import (
    OFF_TRACK,
    ON_TRACK,
    TARGET_COLUMNS,
    UNVERIFIED,
    probability,
    probability_text,
    score,
    status,
)
from sim.analysis.targets.solve import solve, tolerance
from sim.cli import main
from sim.execution.simulate import simulate
from sim.execution.streams import draw_range
from sim.inputs.levers import LEVERS
from sim.inputs.scenario.values import Triangular, Uniform
from sim.inputs.seeds import Source
from sim.inputs.targets_file import Target, TargetsError, load_targets
from sim.model.indicators import INDICATORS

from .conftest import SCENARIOS

BASELINE = str(SCENARIOS / "baseline.yaml")
SOURCE = Source(title="t", publisher="p", date="2026-01", quote="q", document="d.txt")


def make_target(comparison: str = ">=", value: float = 5.0, **kw) -> Target:
    fields = dict(
        id="x_2026",
        year=2026,
        indicator="gdp_real_growth",
        comparison=comparison,
        value=value,
        unit="%",
        label="x",
        source=SOURCE,
    )
    return Target(**(fields | kw))


@pytest.fixture(scope="module")
def targets():
    return {t.id: t for t in load_targets()}


# --------------------------------------------------------------------------------------------
# The shipped file


REQUIRED = {
    "gdp_real_growth_2026": (">=", 5.0),
    "fai_growth_2026": (">=", 3.0),
    "industrial_va_growth_2026": (">=", 6.0),
    "industrial_investment_growth_2026": (">=", 9.0),
    "retail_sales_growth_2026": (">=", 4.0),
    "foreign_trade_growth_2026": (">=", 5.0),
    "industrial_output_2027": (">=", 4000.0),
    "manufacturing_share_gdp_2027": (">=", 28.0),
    "sei_share_industrial_output_2027": (">=", 36.0),
    "producer_services_share_services_2027": (">", 60.0),
    "digital_economy_share_gdp_2027": (">", 50.0),
    "retail_sales_2027": (">=", 1650.0),
    "foreign_trade_2027": (">=", 1100.0),
    "gdp_2030": (">=", 4000.0),
}


def test_shipped_targets_include_every_target_of_the_issue(targets):
    assert {k: (t.comparison, t.value) for k, t in targets.items() if k in REQUIRED} == REQUIRED


MOVED_TO_THEIR_BASIS = {
    "industrial_va_growth_2026": "industrial_va_growth_above_size",
    "industrial_output_2027": "industrial_revenue_above_size",
    "sei_share_industrial_output_2027": "sei_share_industrial_va",
}
"""Targets scored on the indicator of their official basis (issue 14); their ids are kept."""


def test_every_shipped_target_is_sourced_and_in_its_indicators_unit(targets):
    for t in targets.values():
        assert t.unit == INDICATORS[t.indicator].unit
        indicator = t.id.removesuffix(f"_{t.year}")
        assert t.indicator == MOVED_TO_THEIR_BASIS.get(t.id, indicator)
        assert t.source.quote and (t.source.url or t.source.document)


def test_targets_are_scored_on_their_official_bases(targets):
    """target_bases.md: the 4 trillion is operating revenue of above-size industry, the 6% is
    above-size industrial value added, the 36% a share of above-size industrial value added; the
    producer-services classification was not found."""
    assert {t: targets[t].indicator for t in MOVED_TO_THEIR_BASIS} == MOVED_TO_THEIR_BASIS
    assert "营业收入" in targets["industrial_output_2027"].note
    assert "规模以上工业增加值" in targets["sei_share_industrial_output_2027"].note
    unverified = {t.id for t in targets.values() if not t.verified}
    assert unverified == {"producer_services_share_services_2027"}
    assert "42%" in targets["producer_services_share_services_2027"].caveat
    # every target whose 2025 start is not a published figure says so beside its probability
    for tid, word in [
        ("industrial_output_2027", "not published"),
        ("sei_share_industrial_output_2027", "not found"),
        ("manufacturing_share_gdp_2027", "assumed"),
        ("digital_economy_share_gdp_2027", "2022"),
        ("retail_sales_2027", "revision"),
    ]:
        assert word in targets[tid].caveat, tid
    assert all("\n" not in (t.caveat or "") for t in targets.values())


def test_the_2025_starts_are_the_seeds_on_the_targets_bases(setup):
    seeds = setup.seeds
    assert seeds.value("industrial_revenue_above_size") == pytest.approx(2879.2)
    assert seeds.value("sei_share_industrial_va") == pytest.approx(36.5)
    # the plan's own pace (0.92 a year) would start at 48.2; China's pace gives 49.3
    assert seeds.value("digital_economy_share_gdp") == pytest.approx(49.3)


# --------------------------------------------------------------------------------------------
# Validation of targets.yaml

GOOD_ENTRY = """\
  - id: gdp_real_growth_2026
    year: 2026
    indicator: gdp_real_growth
    comparison: ">="
    value: 5.0
    unit: percent
    label: Real GDP growth
    source:
      title: A report
      publisher: iChongqing
      date: "2026-01"
      quote: "over 5%"
      document: 001.txt
    basis: verified
"""


def write_targets(tmp_path, body: str):
    path = tmp_path / "targets.yaml"
    path.write_text(textwrap.dedent(body))
    return path


def test_a_valid_file_loads(tmp_path):
    (target,) = load_targets(write_targets(tmp_path, "targets:\n" + GOOD_ENTRY))
    assert target.comparison == ">=" and target.unit == "%"


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "indicator: gdp_real_growth",
            "indicator: gdp_growth",
            4,
            "unknown indicator 'gdp_growth'",
        ),
        ('comparison: ">="', 'comparison: "=>"', 5, "unknown comparison '=>'; allowed (quoted)"),
        ("unit: percent", "unit: rmb_bn", 7, "gdp_real_growth is in '%'; write unit: percent"),
        ("value: 5.0", "value: .nan", 6, "must be a finite number"),
        ("year: 2026", "year: 2019", 3, "must be a year from 2026 to 2035"),
        ('      quote: "over 5%"\n', "", 9, "source.quote: required field is missing"),
        ("      document: 001.txt\n", "", 9, "give url (a web page) or document"),
        ('date: "2026-01"', 'date: "Jan 2026"', 12, "bad date 'Jan 2026'"),
        ("    label: Real GDP growth\n", "    lable: x\n", 8, "lable: unknown field"),
    ],
)
def test_each_bad_field_is_reported_with_file_line_and_field(tmp_path, old, new, line, expected):
    assert old in GOOD_ENTRY
    path = write_targets(tmp_path, "targets:\n" + GOOD_ENTRY.replace(old, new))
    with pytest.raises(TargetsError) as info:
        load_targets(path)
    text = str(info.value)
    assert expected in text
    assert f"{path}:{line}: targets[0]" in text


def test_duplicate_ids_are_refused(tmp_path):
    path = write_targets(tmp_path, "targets:\n" + GOOD_ENTRY + GOOD_ENTRY)
    with pytest.raises(TargetsError, match=r"targets\[1\]\.id: duplicate id"):
        load_targets(path)


def test_unquoted_dates_and_empty_files_are_refused(tmp_path):
    path = write_targets(tmp_path, "targets:\n" + GOOD_ENTRY.replace('"2026-01"', "2026-01-05"))
    with pytest.raises(TargetsError, match="a date is not allowed"):
        load_targets(path)
    with pytest.raises(TargetsError, match="non-empty list of targets"):
        load_targets(write_targets(tmp_path, "targets: []\n"))


def test_all_problems_are_reported_at_once(tmp_path):
    body = GOOD_ENTRY.replace("gdp_real_growth\n", "nope\n").replace("percent", "furlongs")
    with pytest.raises(TargetsError) as info:
        load_targets(write_targets(tmp_path, "targets:\n" + body))
    assert len(info.value.problems) == 2


# --------------------------------------------------------------------------------------------
# Probabilities and status


@settings(max_examples=60, deadline=None)
@given(
    outcomes=st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=200),
    value=st.floats(-50, 50, allow_nan=False),
    comparison=st.sampled_from([">=", ">", "<="]),
)
def test_probability_is_the_share_of_draws_meeting_the_target(outcomes, value, comparison):
    target = make_target(comparison, value)
    p = probability(target, np.array(outcomes))
    ops = {">=": lambda x: x >= value, ">": lambda x: x > value, "<=": lambda x: x <= value}
    assert 0.0 <= p <= 1.0
    assert p == sum(ops[comparison](x) for x in outcomes) / len(outcomes)


@settings(max_examples=60, deadline=None)
@given(
    outcomes=st.lists(st.floats(-50, 50, allow_nan=False), min_size=1, max_size=100),
    raise_by=st.floats(0, 10, allow_nan=False),
    value=st.floats(-50, 50, allow_nan=False),
)
def test_raising_every_draw_never_lowers_the_probability_of_a_floor(outcomes, raise_by, value):
    low = np.array(outcomes)
    for comparison in (">=", ">"):
        target = make_target(comparison, value)
        assert probability(target, low + raise_by) >= probability(target, low)


def test_probabilities_are_never_shown_as_a_bare_0_or_100_percent():
    assert probability_text(0.0, 2000) == "<0.15% (0/2000)"  # rule of three: 3/2000
    assert probability_text(1.0, 2000) == ">99.85% (2000/2000)"
    assert probability_text(0.003, 2000) == "0.3%"
    assert probability_text(0.9975, 2000) == "99.8%"
    assert probability_text(0.374, 2000) == "37%"
    assert probability_text(float("nan"), 2000) == UNVERIFIED


def test_an_unverified_basis_gets_no_probability_and_says_why():
    target = make_target(basis="unverified", caveat="classification not found")
    s = score(target, np.full((50, 2), 7.0), [2025, 2026])
    assert np.isnan(s.probability) and s.status == UNVERIFIED
    row = s.row()
    assert row["probability_text"] == UNVERIFIED and row["caveat"] == "classification not found"
    assert s.p50 == 7.0  # the model's outcome is still shown


def test_status_thresholds():
    assert status(ON_TRACK) == "on track"
    assert status(np.nextafter(ON_TRACK, 0)) == "at risk"
    assert status(OFF_TRACK) == "at risk"
    assert status(np.nextafter(OFF_TRACK, 0)) == "off track"


def test_score_reads_the_target_year_and_the_2025_value(baseline_scenario, setup, targets):
    ensemble = simulate(baseline_scenario, draws=300, seed=3, setup=setup)
    target = targets["foreign_trade_2027"]
    s = score(target, ensemble.values["foreign_trade"], ensemble.years)
    outcome = ensemble.indicator("foreign_trade")[2027]
    assert s.probability == np.mean(outcome >= 1100.0)
    assert s.p50 == pytest.approx(np.median(outcome))
    assert s.gap == pytest.approx(s.p50 - 1100.0)
    assert s.base == pytest.approx(setup.seeds.value("foreign_trade"))


# --------------------------------------------------------------------------------------------
# Moving levers on common random numbers


def test_a_lever_that_raises_an_indicator_never_lowers_the_probability_on_the_same_draws(
    baseline_scenario, setup, targets
):
    target = targets["industrial_investment_growth_2026"]
    outcomes, probs = [], []
    for projects in (300.0, 500.0, 600.0, 800.0, 1200.0):
        scenario = replace(
            baseline_scenario, inputs={**baseline_scenario.inputs, "industrial_projects": projects}
        )
        run = simulate(scenario, draws=400, seed=11, setup=setup)
        outcomes.append(run.indicator("industrial_investment_growth")[2026].to_numpy())
        probs.append(probability(target, outcomes[-1]))
    assert all(np.all(b >= a) for a, b in zip(outcomes, outcomes[1:], strict=False))
    assert probs == sorted(probs) and probs[0] < probs[-1]


def test_moving_a_path_keeps_its_shape_within_the_allowed_range():
    spec = LEVERS["nev_capacity"]
    path = {2026: 1.0, 2030: 3.0}
    assert shift_value(path, 0.5, spec) == {2026: 1.5, 2030: 3.5}
    assert shift_value(path, -0.8, spec) == {2026: spec.low, 2030: 2.2}
    low, high = shift_range(path, spec)
    assert shift_value(path, low, spec) == {2026: spec.low, 2030: spec.low}
    assert shift_value(path, high, spec) == {2026: spec.high, 2030: spec.high}


def test_moving_a_distribution_shifts_every_draw_on_the_same_random_numbers(baseline_scenario):
    dist = Triangular(dist="triangular", low=4.0, mode=8.0, high=12.0)
    scenario = replace(
        baseline_scenario, inputs={**baseline_scenario.inputs, "tradein_subsidy": dist}
    )
    before, _ = draw_range(scenario, 0, 100)
    after, _ = draw_range(moved(scenario, "tradein_subsidy", 3.0), 0, 100)
    shift = after.inputs["tradein_subsidy"] - before.inputs["tradein_subsidy"]
    np.testing.assert_allclose(shift, 3.0)


# --------------------------------------------------------------------------------------------
# Drivers


def test_factors_are_the_scenarios_distributions_and_uncertain_events(baseline_scenario):
    names = [f.name for f in uncertain_factors(baseline_scenario)]
    assert names == [
        "national_gdp_growth[2026]",
        "national_gdp_growth[2030]",
        "export_demand_growth",
        "inflation[2026]",
        "inflation[2028]",
    ]


def test_fixing_factors_gives_quantiles_and_decides_events(load_shipped):
    scenario = load_shipped("external_shock")
    factors = uncertain_factors(scenario)
    assert factors[-1].name == "event:tariff_escalation"
    u = np.full(len(factors), 0.5)
    fixed = fix_factors(scenario, factors, u)
    assert fixed.inputs["export_demand_growth"][2026] == pytest.approx(
        scenario.inputs["export_demand_growth"][2026].frozen().ppf(0.5)
    )
    (event,) = fixed.events  # u = 0.5 < probability 0.6: it happens, size at quantile 0.5/0.6
    size = scenario.events[0].size.frozen().ppf(0.5 / 0.6)
    assert event.probability == 1.0 and event.size == pytest.approx(size)
    u[-1] = 0.9
    assert fix_factors(scenario, factors, u).events[0].probability == 0.0
    assert uncertain_factors(fixed) == []


@pytest.fixture
def load_shipped():
    from sim.inputs.scenario import load_scenario

    return lambda name: load_scenario(SCENARIOS / f"{name}.yaml")


def test_sobol_ranks_a_dominant_uncertain_input_first(baseline_scenario, setup, targets):
    wide = Uniform(dist="uniform", low=-30.0, high=30.0)
    scenario = replace(
        baseline_scenario, inputs={**baseline_scenario.inputs, "export_demand_growth": wide}
    )
    chosen = (targets["foreign_trade_growth_2026"], targets["fai_growth_2026"])
    table = sobol_drivers(scenario, chosen, setup, base_samples=16, inner_draws=16)
    trade = table[table.target == "foreign_trade_growth_2026"]
    assert trade.iloc[0].driver == "export_demand_growth" and trade.iloc[0].total > 0.5
    fai = table[table.target == "fai_growth_2026"].set_index("driver")
    assert fai.loc["export_demand_growth", "total"] == 0.0  # not in 2026 FAI's equations
    for _, rows in table.groupby("target"):
        assert list(rows["rank"]) == list(range(1, len(rows) + 1))
        assert {PARAMETERS, SHOCKS} <= set(rows.driver)  # split, each with its interval
        assert (rows.set_index("driver").loc[[PARAMETERS, SHOCKS], "total_conf"] > 0).all()
        assert rows[rows.driver != SHOCKS].first_order.sum() + rows[
            rows.driver == SHOCKS
        ].total.sum() == pytest.approx(1.0, abs=0.25)


def test_without_uncertain_inputs_the_variance_is_parameters_and_shocks(
    baseline_scenario, setup, targets
):
    constants = {"national_gdp_growth": 4.5, "export_demand_growth": 3.0, "inflation": 1.0}
    scenario = replace(baseline_scenario, inputs={**baseline_scenario.inputs, **constants})
    assert uncertain_factors(scenario) == []
    table = sobol_drivers(scenario, (targets["gdp_2030"],), setup, base_samples=8, inner_draws=8)
    assert set(table.driver) == {PARAMETERS, SHOCKS}
    rows = table.set_index("driver")
    assert rows.loc[PARAMETERS, "kind"] == "parameters" and rows.loc[SHOCKS, "kind"] == "shocks"
    # one group of factors: its total index and the shocks' share add up to the whole variance
    assert rows.total.sum() == pytest.approx(1.0, abs=0.2)
    # without sampled parameters only the shocks are left, exactly
    bare = replace(setup, parameter_set=replace(setup.parameter_set, uncertainty={}))
    table = sobol_drivers(scenario, (targets["gdp_2030"],), bare, base_samples=8, inner_draws=8)
    assert list(table.driver) == [SHOCKS] and table.total.iloc[0] == 1.0


def test_fixing_parameters_sets_each_draw_to_the_quantile(setup, baseline_scenario):
    from scipy import stats

    factors = parameter_factors(setup)
    ps = setup.parameter_set
    assert len(factors) == sum(
        int(np.prod(np.shape(getattr(ps.parameters, n)))) for n in ps.uncertainty
    )
    u = np.full(len(factors), 0.5)
    u[[f.name for f in factors].index("param:gdp_intercept")] = 0.975  # a normal parameter
    fixed = fix_parameters(setup, factors, u)
    one = replace(baseline_scenario, pipeline_replications=0)
    from sim.execution.streams import draw_parameters

    central = ps.parameters.gdp_intercept
    drawn = draw_parameters(
        ps.parameters, fixed.parameter_set.uncertainty, one.seed, 0, 50
    ).gdp_intercept
    se = ps.uncertainty["gdp_intercept"].se
    assert np.allclose(drawn, central + se * stats.norm.ppf(0.975))  # the same in every draw
    # a triangular parameter at its median lies between low and high, identical in every draw
    nev = draw_parameters(ps.parameters, fixed.parameter_set.uncertainty, one.seed, 0, 50)
    ceiling = nev.nev_share_ceiling
    u_ = ps.uncertainty["nev_share_ceiling"]
    assert np.ptp(ceiling) == 0.0 and u_.low <= ceiling[0] <= u_.high
    assert fixed.parameter_set.parameters is ps.parameters  # the reference path's centre kept


def test_tornado_moves_each_lever_both_ways(baseline_scenario, setup, targets):
    one = replace(baseline_scenario, pipeline_replications=1)  # a new pipeline run per move
    ensemble = simulate(one, draws=200, seed=5, setup=setup)
    target = targets["industrial_investment_growth_2026"]
    table, skipped = tornado(ensemble, (target,), setup)
    assert skipped == [] and sorted(table.lever) == sorted(LEVERS)
    projects = table.set_index("lever").loc["industrial_projects"]
    assert projects.low < 0 < projects.high and projects.median_low < 0 < projects.median_high
    assert (projects.low_label, projects.high_label) == ("400", "800")
    # one probability: the tornado starts from the scorecard's (same draws and replications)
    card = probability(target, ensemble.indicator("industrial_investment_growth")[2026])
    assert set(table.probability) == {card}
    assert set(table.replications) == {1}


def test_what_if_runs_keep_the_scenarios_replications_unless_told(baseline_scenario):
    assert baseline_scenario.pipeline_replications == 2
    assert moved(baseline_scenario, "credit_growth", 1.0).pipeline_replications == 2
    assert moved(baseline_scenario, "credit_growth", 1.0, 1).pipeline_replications == 1
    assert what_if(baseline_scenario, 5) is baseline_scenario  # never more than its own
    reduced = replace(baseline_scenario, pipeline_replications=0)  # the reduced form stays so
    assert what_if(reduced, 1).pipeline_replications == 0


# --------------------------------------------------------------------------------------------
# The solver


@pytest.mark.parametrize("requested", [0.6, 0.7])
def test_the_solvers_answer_gives_the_requested_probability(
    baseline_scenario, setup, targets, requested
):
    # credit moves industrial investment continuously in every draw (a pipeline lever moves all
    # the draws of a replication at once, so P(met) can jump by several draws at one value); on
    # the reduced form, as credit is also a pipeline input and each value asked would be a new
    # pipeline run (the solver on the pipeline: test_solve_command_reports_the_lever_value)
    scenario = replace(baseline_scenario, pipeline_replications=0).with_overrides(draws=200, seed=9)
    target = targets["industrial_investment_growth_2026"]
    solution = solve(scenario, target, "credit_growth", requested, setup)
    assert solution.reached and solution.crossings == 1
    check = simulate(moved(scenario, "credit_growth", solution.delta), setup=setup)
    achieved = probability(target, check.indicator("industrial_investment_growth")[2026])
    assert achieved == solution.achieved
    assert requested <= achieved <= requested + tolerance(200) + 1e-12
    again = solve(scenario, target, "credit_growth", requested, setup)
    assert again.delta == solution.delta  # common random numbers: a stable answer
    # one probability: at the scenario's value the solver's is the scorecard's
    card = probability(target, simulate(scenario, setup=setup).indicator(target.indicator)[2026])
    assert solution.current_probability == card
    assert solution.replications == scenario.pipeline_replications


def test_the_solvers_curve_has_a_wilson_band(baseline_scenario, setup, targets):
    from statsmodels.stats.proportion import proportion_confint

    scenario = baseline_scenario.with_overrides(draws=200, seed=9)
    solution = solve(scenario, targets["fai_growth_2026"], "infrastructure_investment", 0.5, setup)
    curve = solution.curve()
    assert len(curve) == len(solution.grid) and curve.move.is_monotonic_increasing
    row = curve.iloc[len(curve) // 2]
    low, high = proportion_confint(round(row.probability * 200), 200, alpha=0.1, method="wilson")
    assert (row.low, row.high) == pytest.approx((low, high))
    zero = curve[curve.probability == 0.0]
    assert (zero.low == 0.0).all() and (zero.high > 0.0).all()  # none met is not "impossible"
    assert curve.value.iloc[-1] == "40"  # infrastructure investment at the top of its range


def test_the_solver_says_when_the_range_cannot_get_there(baseline_scenario, setup, targets):
    scenario = baseline_scenario.with_overrides(draws=200, seed=9)
    target = targets["manufacturing_share_gdp_2027"]
    solution = solve(scenario, target, "tradein_subsidy", 0.8, setup)
    assert not solution.reached and solution.delta is None
    assert solution.message().startswith("No value of tradein_subsidy in its range [0, 60]")


# --------------------------------------------------------------------------------------------
# The command


@pytest.mark.early
def test_targets_command_prints_the_scorecard_and_writes_its_files(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["targets", BASELINE, "--draws", "200", "--seed", "1", "--sobol-samples", "8"]
    fast = ["--what-if-replications", "1"]  # the tornado on 1 of the scenario's 24 replications
    assert main([*argv, *fast, "--year", "2026", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "gdp_real_growth_2026" in printed and "P(met)" in printed and "Drivers" in printed
    assert "industrial_output_2027" not in printed
    assert "Not one probability: the scorecard runs 24 pipeline replications" in printed
    assert "Caveats:\n[1] fai_growth_2026 (scored on fai_growth): 2025 outturn" in printed
    card = pd.read_csv(out / "targets.csv")
    assert list(card.columns) == TARGET_COLUMNS and len(card) == 6
    assert card.probability.between(0, 1).all()
    assert card.set_index("target").caveat.notna().sum() == 2  # fai and industrial investment
    payload = json.loads((out / "targets.json").read_text())
    assert {"scorecard", "drivers", "tornado", "status_thresholds"} <= set(payload)
    assert payload["probability_basis"]["same"] is False
    assert payload["probability_basis"]["what_if_replications"] == 1
    assert "The tornado's P(met) at the scenario's values, on its 1 pipeline" in printed
    manifest = json.loads((out / "manifest.json").read_text())
    assert {"targets.csv", "targets.json", "drivers.csv", "tornado.csv"} <= set(manifest["files"])
    figures = {"scorecard_2026", "tornado_2026", "drivers"}
    assert {f"figures/{f}.png" for f in figures} <= set(manifest["files"])
    report = (out / "report.html").read_text()
    assert "How the probabilities were made, and caveats" in report
    assert "the target needs a turn of nearly four points" in report  # fai_growth_2026's caveat
    assert "What drives each target (Sobol indices)" in report and "95% CI" in report
    # Why a target would be missed: PRIM boxes on screen, in prim_boxes.csv, a figure, the report
    boxes = pd.read_csv(out / "prim_boxes.csv")
    assert list(boxes.columns) == BOX_COLUMNS
    explained = card[card.probability.between(0.02, 0.98)].target
    assert len(boxes) and set(boxes.target) <= set(explained)
    assert boxes.coverage.between(0, 1).all() and boxes.density.between(0, 1).all()
    assert (boxes.low.notna() | boxes.high.notna()).all()  # each row restricts its input
    assert "Why a target would be missed" in printed and "box 1: coverage" in printed
    assert "prim_boxes.csv" in manifest["files"] and "figures/prim_boxes.png" in manifest["files"]
    assert "Why a target would be missed (PRIM boxes)" in report


@pytest.mark.early
def test_solve_command_reports_the_lever_value(tmp_path, capsys):
    out = tmp_path / "run"
    argv = ["targets", BASELINE, "--draws", "200", "--year", "2027", "--out", str(out)]
    # the trade-in subsidy is not a pipeline input: its moves reuse the cached pipeline
    solve_args = ["--solve", "retail_sales_2027", "--lever", "tradein_subsidy"]
    assert main([*argv, *solve_args, "--probability", "0.99"]) == 0
    printed = capsys.readouterr().out
    assert "so this lever does not decide it" in printed  # met in every draw already
    assert ">98.5% (200/200)" in printed  # never a bare 100%
    assert "is the scorecard's" in printed and "One probability per target" in printed
    assert "basis unverified" in printed  # producer services: no probability
    solved = json.loads((out / "targets.json").read_text())["solve"]
    assert solved["same_as_scorecard"] and solved["pipeline_replications"] == 24
    card = pd.read_csv(out / "targets.csv").set_index("target")
    assert solved["scorecard_probability"] == card.loc["retail_sales_2027", "probability"]
    curve = pd.read_csv(out / "solve_curve.csv")
    assert list(curve.columns) == ["move", "value", "probability", "low", "high"]
    assert (curve.low <= curve.probability).all() and (curve.probability <= curve.high).all()
    assert (out / "figures" / "solve_curve.png").exists()
    assert "basis unverified" in (out / "report.html").read_text()
    producer = card.loc["producer_services_share_services_2027"]
    assert np.isnan(producer.probability) and producer.status == "basis unverified"
    assert producer.basis == "unverified" and "42%" in producer.caveat


def test_an_unverified_target_cannot_be_solved(tmp_path, capsys):
    argv = ["targets", BASELINE, "--draws", "50", "--out", str(tmp_path / "o")]
    solve_args = ["--solve", "producer_services_share_services_2027", "--lever", "credit_growth"]
    assert main([*argv, *solve_args]) == 2
    assert "basis unverified, so no probability is given" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--solve", "gdp_2031", "--lever", "credit_growth"],
            "unknown target 'gdp_2031'; targets:",
        ),
        (["--solve", "gdp_2030", "--lever", "credit"], "unknown lever 'credit'; levers: tradein"),
        (["--solve", "gdp_2030", "--lever", "credit_growth", "--probability", "1"], "between 0"),
        (["--solve", "gdp_2030"], "go together"),
        (["--probability", "0.5"], "give --solve and --lever"),
        (["--year", "2028"], "no targets for --year 2028; years with targets: 2026, 2027, 2030"),
        (["--sobol-samples", "10"], "power of 2"),
    ],
)
def test_bad_options_exit_2_and_write_nothing(tmp_path, capsys, extra, message):
    out = tmp_path / "run"
    assert main(["targets", BASELINE, "--draws", "50", "--out", str(out), *extra]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_a_broken_targets_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "targets.yaml"
    bad.write_text("targets:\n" + GOOD_ENTRY.replace('">="', '"=="'))
    out = tmp_path / "run"
    assert main(["targets", BASELINE, "--targets-file", str(bad), "--out", str(out)]) == 2
    assert f"{bad}:5: targets[0].comparison: unknown comparison '=='" in capsys.readouterr().err
    assert not out.exists()
