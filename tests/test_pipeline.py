"""The investment pipeline: money identities, monotone responses, reproducibility and its cache."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sim.pipeline.des as des
from sim.execution.streams import BLOCK, input_block
from sim.inputs.scenario.values import TruncNormal
from sim.model.sectors import N_SECTORS, SECTOR_INDEX
from sim.pipeline.cache import CACHE_ENV, cache_dir, cache_key, cached_replications
from sim.pipeline.des import (
    APPROVAL,
    CANCELLED,
    COMPLETED,
    CONSTRUCTION,
    INPUT_NAMES,
    UNDERWAY,
    PipelineInputs,
    simulate,
)
from sim.pipeline.project_types import TYPE_INDEX, PipelineParameters
from sim.pipeline.replication_inputs import replication_inputs
from sim.pipeline.replications import run_replications

PARAMS = PipelineParameters()
SHORT = (2026, 2027)  # short horizons keep the tests fast
IND = TYPE_INDEX["industrial"]


def inputs_with(years=SHORT, **levers) -> PipelineInputs:
    """Reference inputs with some levers set to constants."""
    ref = PipelineInputs.reference(years, PARAMS)
    values = {name: getattr(ref, name) for name in INPUT_NAMES}
    values.update({k: np.full(len(years), float(v)) for k, v in levers.items()})
    return PipelineInputs(years=tuple(years), **values)


def run(inputs: PipelineInputs, seed: int = 0, trace: bool = False):
    return simulate(inputs, PARAMS, np.random.default_rng(seed), trace=trace)


@pytest.fixture(scope="module")
def traced():
    """A replication to 2030 with per-project records."""
    return run(inputs_with(years=tuple(range(2026, 2031))), seed=3, trace=True)


# --- money -------------------------------------------------------------------------------------


def test_completed_projects_spend_exactly_their_cost_including_overrun(traced):
    records = traced.trace
    done = records[records["status"] == COMPLETED]
    assert len(done) > 5000
    np.testing.assert_allclose(done["spent_total"], done["cost"], rtol=1e-12, atol=1e-12)
    # The overrun is real: costs differ from budgets, in both directions.
    assert np.any(done["cost"] > done["budget"] * 1.05)
    assert np.any(done["cost"] < done["budget"])


def test_projects_underway_at_the_horizon_will_spend_their_cost_after_it(traced):
    records = traced.trace
    underway = records[(records["status"] == UNDERWAY) & (records["cancel_stage"] == 0)]
    assert len(underway) > 100
    np.testing.assert_allclose(underway["spent_total"], underway["cost"], rtol=1e-12)
    assert np.all(underway["spent_after"] > 0)


def test_cancelled_projects_spend_only_what_they_spent_before_cancellation(traced):
    records = traced.trace
    cancelled = records[records["status"] == CANCELLED]
    assert np.all(cancelled["spent_total"] < cancelled["cost"])
    at_approval = cancelled[cancelled["cancel_stage"] == APPROVAL]
    share = np.array([PARAMS.types[t].spend_approval for t in PARAMS.types])[at_approval["type"]]
    np.testing.assert_allclose(at_approval["spent_total"], share * at_approval["budget"])
    stopped = cancelled[cancelled["cancel_stage"] == CONSTRUCTION]
    assert len(stopped) > 10
    approval_share = np.array([PARAMS.types[t].spend_approval for t in PARAMS.types])
    # Stopped on site: more than the approval share (some construction), less than the cost.
    assert np.all(stopped["spent_total"] > approval_share[stopped["type"]] * stopped["budget"])


def test_yearly_spending_is_the_sum_of_the_projects_spending_in_those_years(traced):
    records = traced.trace
    np.testing.assert_allclose(traced.spending.sum(), records["spent_in"].sum(), rtol=1e-12)
    parts = records["spent_before"] + records["spent_in"] + records["spent_after"]
    np.testing.assert_allclose(parts, records["spent_total"], rtol=1e-12, atol=1e-12)
    for kind in range(3):
        mine = records["type"] == kind
        np.testing.assert_allclose(traced.spending[:, kind].sum(), records["spent_in"][mine].sum())


def test_stages_follow_each_other_in_time(traced):
    r = traced.trace
    assert np.all(r["approved"] >= r["arrival"])
    financed = ~np.isnan(r["financed"])
    assert np.all(r["financed"][financed] >= r["approved"][financed])
    built = ~np.isnan(r["construction_start"])
    assert np.all(r["construction_start"][built] >= r["financed"][built])
    done = r["status"] == COMPLETED
    assert np.all(r["completion"][done] > r["construction_end"][done])
    assert np.all(r["rampup_end"][done] > r["completion"][done])


def test_only_built_projects_add_capacity(traced):
    r = traced.trace
    assert np.all(r["capacity"][np.isnan(r["completion"])] == 0)
    assert np.all(r["nev_vehicles"][r["sector"] != SECTOR_INDEX["automotive"]] == 0)
    assert traced.capacity_added.shape == (6, N_SECTORS)
    assert traced.capacity_added[:, SECTOR_INDEX["agriculture"]].sum() == 0
    assert traced.nev_capacity_added.min() > 0


# --- steady state at the plan ------------------------------------------------------------------


def test_reference_pipeline_is_in_a_steady_state_without_queues():
    reps = [run(inputs_with(years=(2026, 2027, 2028)), seed=s) for s in range(4)]
    spending = np.mean([r.spending for r in reps], axis=0)  # (years+1, types)
    # Base year within a few percent of the projected years (noise is ~1-2% here).
    np.testing.assert_allclose(spending[0], spending[1:].mean(axis=0), rtol=0.04)
    # Nothing queues at the plan: the premise of the history that fills the pipeline.
    assert np.mean([r.queue_months for r in reps]) < 0.1
    # Calibration: industrial + technological transformation about RMB 400-600 billion a year.
    industrial = (
        spending[:, TYPE_INDEX["industrial"]] + spending[:, TYPE_INDEX["tech_transformation"]]
    )
    assert np.all((industrial > 380) & (industrial < 600))
    # About 340 infrastructure projects completed a year, as in 2025.
    completed = np.mean([r.completed[:, TYPE_INDEX["infrastructure"]] for r in reps])
    assert 320 < completed < 360


# --- monotone responses ------------------------------------------------------------------------


def test_more_financing_capacity_never_delays_completions_on_average():
    years = (2026, 2027)
    levels = (0.6, 0.8, 1.0, 1.5)
    seeds = range(4)
    cumulative, capacity, waits = [], [], []
    for level in levels:
        reps = [run(inputs_with(years, financing_capacity=level), seed=s) for s in seeds]
        cumulative.append(np.mean([r.completed.sum(axis=1).cumsum() for r in reps], axis=0))
        capacity.append(np.mean([r.capacity_added.sum(axis=1).cumsum() for r in reps], axis=0))
        waits.append(np.mean([r.queue_months.mean() for r in reps]))
    cumulative, capacity = np.array(cumulative), np.array(capacity)  # (levels, years+1)
    # Completions and capacity online by every year never fall as financing rises.
    assert np.all(np.diff(cumulative, axis=0) >= -1e-9)
    assert np.all(np.diff(capacity, axis=0) >= -1e-9)
    assert np.all(np.diff(waits) <= 1e-9)
    # And the lever matters where financing binds: fewer completions in the last year, waits.
    last_year = cumulative[:, -1] - cumulative[:, -2]
    assert last_year[0] < 0.95 * last_year[-1]
    assert waits[0] > 0.5


def test_fewer_industrial_projects_give_lower_spending_and_capacity():
    years = (2026, 2027, 2028)
    for seed in range(2):
        plan = run(inputs_with(years), seed=seed)
        fewer = run(inputs_with(years, industrial_projects=400), seed=seed)
        assert fewer.spending[1, IND] < plan.spending[1, IND]  # 2026
        assert fewer.spending[3, IND] < 0.8 * plan.spending[3, IND]  # 2028
        manufacturing = [SECTOR_INDEX[s] for s in ("automotive", "electronics")]
        assert (
            fewer.capacity_added[3, manufacturing].sum()
            < plan.capacity_added[3, manufacturing].sum()
        )
        np.testing.assert_array_equal(fewer.spending[0], plan.spending[0])  # same history


def test_approval_speedup_brings_spending_forward():
    plan = [run(inputs_with(), seed=s) for s in range(2)]
    fast = [run(inputs_with(approval_speedup=40), seed=s) for s in range(2)]
    assert sum(f.spending[1].sum() for f in fast) > sum(p.spending[1].sum() for p in plan)


def test_faster_debt_resolution_cuts_infrastructure_not_industry():
    years = (2026, 2027, 2028)
    infra = TYPE_INDEX["infrastructure"]
    plan = run(inputs_with(years), seed=1)
    tight = run(inputs_with(years, debt_resolution_pace=35), seed=1)
    assert tight.spending[-1, infra] < 0.95 * plan.spending[-1, infra]
    np.testing.assert_array_equal(tight.spending[:, IND], plan.spending[:, IND])


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    industrial=st.floats(0, 1500),
    financing=st.floats(0.2, 3.0),
    size=st.floats(0.3, 3.0),
    seed=st.integers(0, 2**32),
)
def test_results_are_non_negative_and_counts_consistent(industrial, financing, size, seed):
    rep = run(
        inputs_with(
            (2026,), industrial_projects=industrial, financing_capacity=financing, project_size=size
        ),
        seed=seed,
        trace=True,
    )
    for name in ("spending", "capacity_added", "nev_capacity_added", "started", "queue_months"):
        assert np.all(getattr(rep, name) >= 0), name
    r = rep.trace
    assert rep.arrived[1, IND] in (np.floor(industrial), np.ceil(industrial))
    in_years = (r["arrival"] >= 2025) & (r["arrival"] < 2027)
    assert rep.arrived.sum() == in_years.sum()
    # A project is completed, cancelled, underway or pending: never two of them.
    assert not np.any(~np.isnan(r["completion"]) & (r["cancel_stage"] > 0))


# --- reproducibility ---------------------------------------------------------------------------


def same(a, b) -> None:
    for name in ("spending", "capacity_added", "nev_capacity_added", "completed", "cancelled"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name), err_msg=name)


def test_same_seed_gives_identical_results_and_another_seed_does_not():
    same(run(inputs_with(), seed=5), run(inputs_with(), seed=5))
    assert not np.array_equal(
        run(inputs_with(), seed=5).spending, run(inputs_with(), seed=6).spending
    )


def test_results_do_not_depend_on_workers_or_replication_count():
    inputs = [inputs_with(industrial_projects=500 + 50 * r) for r in range(4)]
    serial = run_replications(inputs, PARAMS, seed=9, workers=1)
    parallel = run_replications(inputs, PARAMS, seed=9, workers=2)
    same(serial, parallel)
    fewer = run_replications(inputs[:2], PARAMS, seed=9, workers=1)
    np.testing.assert_array_equal(fewer.spending, serial.spending[:2])
    assert serial.spending.shape == (4, 3, 3)
    assert serial.years == (2025, 2026, 2027)


def test_inputs_can_be_a_function_of_the_replication():
    ensemble = run_replications(lambda r: inputs_with(), PARAMS, seed=1, replications=2)
    assert ensemble.replications == 2


# --- lever sampling ----------------------------------------------------------------------------


def test_replication_inputs_take_the_lever_values_of_the_matching_model_draws():
    dist = TruncNormal(dist="truncnormal", mean=600, sd=80, low=300, high=900)
    values = {"industrial_projects": dist, "credit_growth": {2026: 7.0, 2028: 9.0}}
    inputs = replication_inputs(values, [2026, 2027, 2028], seed=4, replications=5)
    draws = input_block(dist, [2026, 2027, 2028], 4, 0, "industrial_projects")
    for r, inp in enumerate(inputs):
        np.testing.assert_array_equal(inp.industrial_projects, draws[r])
        np.testing.assert_array_equal(inp.credit_growth, [7.0, 8.0, 9.0])
        assert inp.financing_capacity.tolist() == [1.0, 1.0, 1.0]
        assert inp.infrastructure_projects[0] == PARAMS.types["infrastructure"].reference_count
    assert len({float(i.industrial_projects[0]) for i in inputs}) == 5
    again = replication_inputs(values, [2026, 2027, 2028], seed=4, replications=5)
    assert all(
        np.array_equal(a.industrial_projects, b.industrial_projects)
        for a, b in zip(inputs, again, strict=True)
    )


def test_replication_inputs_span_blocks_and_clip_to_the_allowed_range():
    inputs = replication_inputs({"approval_speedup": 80.0}, [2026], seed=1, replications=BLOCK + 2)
    assert len(inputs) == BLOCK + 2
    assert inputs[-1].approval_speedup[0] == 50.0  # the input's upper bound
    with pytest.raises(ValueError, match="not pipeline inputs"):
        replication_inputs({"gdp": 1.0}, [2026], seed=1, replications=1)


def test_inputs_are_validated():
    with pytest.raises(ValueError, match="one value per year"):
        inputs_with().__class__(years=SHORT, **{n: np.ones(3) for n in INPUT_NAMES})
    with pytest.raises(ValueError, match="project_size"):
        inputs_with(project_size=0.0)


# --- cache -------------------------------------------------------------------------------------


@pytest.fixture
def small():
    return [inputs_with((2026,)), inputs_with((2026,), industrial_projects=300)]


def test_second_call_is_a_cache_hit_with_identical_results(tmp_path, small):
    first, hit = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    assert not hit
    second, hit = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    assert hit
    same(first, second)
    assert second.years == first.years
    assert [p.name for p in tmp_path.iterdir()] == [f"{cache_key(small, PARAMS, 3)}.npz"]


def test_a_change_of_any_input_misses_the_cache(tmp_path, small):
    cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    assert not cached_replications(small, PARAMS, 4, directory=tmp_path, workers=1)[1]
    assert not cached_replications(small[:1], PARAMS, 3, directory=tmp_path, workers=1)[1]
    other = replace(PARAMS, land_quota=PARAMS.land_quota + 1)
    assert not cached_replications(small, other, 3, directory=tmp_path, workers=1)[1]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "flip_byte", "empty"])
def test_a_corrupt_entry_is_detected_and_rebuilt(tmp_path, small, damage):
    fresh, _ = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    path = tmp_path / f"{cache_key(small, PARAMS, 3)}.npz"
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"not a zip file at all" * 10)
    elif damage == "empty":
        path.write_bytes(b"")
    else:  # one byte inside the stored arrays
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    rebuilt, hit = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    assert not hit
    same(rebuilt, fresh)
    assert cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)[1]


def _rewrite(path, **changes) -> None:
    with np.load(path, allow_pickle=False) as stored:
        arrays = {name: stored[name] for name in stored.files}
    arrays.update(changes)
    with open(path, "wb") as handle:
        np.savez(handle, **arrays)


def test_an_entry_whose_checksum_does_not_match_is_rebuilt(tmp_path, small):
    fresh, _ = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    path = tmp_path / f"{cache_key(small, PARAMS, 3)}.npz"
    _rewrite(path, spending=fresh.spending * 2)  # a valid file with wrong numbers
    rebuilt, hit = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    assert not hit
    same(rebuilt, fresh)


def test_a_stale_entry_with_another_key_is_rebuilt(tmp_path, small):
    fresh, _ = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    path = tmp_path / f"{cache_key(small, PARAMS, 3)}.npz"
    _rewrite(path, key=np.str_("0" * 64))
    rebuilt, hit = cached_replications(small, PARAMS, 3, directory=tmp_path, workers=1)
    assert not hit
    same(rebuilt, fresh)
    with np.load(path, allow_pickle=False) as stored:
        assert str(stored["key"]) == cache_key(small, PARAMS, 3)


def test_the_cache_directory_comes_from_the_environment(tmp_path, monkeypatch, small):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "env"))
    assert cache_dir() == tmp_path / "env"
    cached_replications(small, PARAMS, 3, workers=1)
    assert len(list((tmp_path / "env").glob("*.npz"))) == 1
    assert not list((tmp_path / "env").glob("*.tmp"))  # no temporary files left behind


def _hit_after_a_slow_miss(directory, inputs, barrier) -> bool:
    """In a forked process: wait for the others, then read or make the entry (misses take 1 s)."""
    import sim.pipeline.cache as cache

    computed = cache.run_replications

    def slow(*args, **kwargs):
        time.sleep(1.0)  # without the lock every process would miss within this second
        return computed(*args, **kwargs)

    cache.run_replications = slow
    barrier.wait()
    return cached_replications(inputs, PARAMS, 3, directory=directory, workers=1)[1]


@pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="needs forked processes"
)
def test_processes_that_need_the_same_entry_at_once_compute_it_once(tmp_path, small, capfd):
    context = multiprocessing.get_context("fork")
    with context.Manager() as manager, ProcessPoolExecutor(3, mp_context=context) as pool:
        barrier = manager.Barrier(3, timeout=60)
        hits = list(pool.map(_hit_after_a_slow_miss, [tmp_path] * 3, [small] * 3, [barrier] * 3))
    assert sorted(hits) == [False, True, True]
    assert [p.name for p in tmp_path.iterdir()] == [f"{cache_key(small, PARAMS, 3)}.npz"]
    assert "waiting for another process" in capfd.readouterr().err  # said, not silent


def test_a_cache_that_cannot_be_written_still_gives_the_results(tmp_path, small):
    fresh, _ = cached_replications(small, PARAMS, 3, directory=tmp_path / "a", workers=1)
    (tmp_path / "file").write_text("a file where the cache's parent folder should be")
    # no lock file and no entry can be made here, even as root
    unwritable = tmp_path / "file" / "cache"
    result, hit = cached_replications(small, PARAMS, 3, directory=unwritable, workers=1)
    assert not hit
    same(result, fresh)


def _bitwise_equal(a: np.ndarray, b: np.ndarray) -> bool:
    if a.dtype.names:
        return all(_bitwise_equal(a[name], b[name]) for name in a.dtype.names)
    return np.array_equal(a, b, equal_nan=a.dtype.kind == "f")


@pytest.mark.parametrize(
    ("levers", "params"),
    [
        ({}, PARAMS),  # no queue at the reference inputs
        ({"financing_capacity": 0.4}, PARAMS),  # financing queues, requests renege
        ({"industrial_projects": 900}, replace(PARAMS, land_quota=PARAMS.land_quota / 3)),
        ({}, replace(PARAMS, construction_slots=PARAMS.construction_slots // 2)),
    ],
    ids=["reference", "scarce-financing", "scarce-land", "scarce-slots"],
)
def test_the_merged_event_loop_is_simpys_event_loop_to_the_bit(levers, params, monkeypatch):
    """``_Simulation.run`` merges the approvals into simpy's queue instead of making them
    timeouts: every project's record must be what plain simpy gives, to the last bit."""
    inputs = inputs_with(SHORT, **levers)
    merged = [simulate(inputs, params, np.random.default_rng(s), trace=True) for s in (1, 2)]
    monkeypatch.setattr(des._Simulation, "run", des._Simulation.run_as_timeouts)
    plain = [simulate(inputs, params, np.random.default_rng(s), trace=True) for s in (1, 2)]
    for a, b in zip(merged, plain, strict=True):
        assert _bitwise_equal(a.trace, b.trace)
        for name in ("spending", "capacity_added", "completed", "cancelled", "queue_months"):
            assert _bitwise_equal(getattr(a, name), getattr(b, name)), name
    if levers or params is not PARAMS:  # the case makes projects wait, as it is meant to
        assert any(r.queue_months.max() > 0 for r in merged)


def test_changing_one_count_leaves_the_other_projects_draws_unchanged():
    plan = run(inputs_with((2026,)), seed=2, trace=True).trace
    fewer = run(inputs_with((2026,), industrial_projects=300), seed=2, trace=True).trace

    def arrivals(records, kind):
        mine = records[(records["type"] == kind) & (records["arrival"] >= 2026)]
        return mine[np.argsort(mine["arrival"], kind="stable")]

    tech = TYPE_INDEX["tech_transformation"]
    np.testing.assert_array_equal(arrivals(plan, tech)["budget"], arrivals(fewer, tech)["budget"])
    # The 300 industrial projects are the first 300 of the plan's 600 (same budgets).
    assert set(arrivals(fewer, IND)["budget"]) <= set(arrivals(plan, IND)["budget"])
    assert len(arrivals(fewer, IND)) == 300


def test_the_cache_key_follows_the_pipelines_code(monkeypatch, small):
    """An edited pipeline (another source) gets another key: it never reads older results."""
    import hashlib
    from pathlib import Path

    import sim.pipeline.cache as cache

    folder = Path(cache.__file__).parent
    expected = hashlib.sha256()
    for name in ("des.py", "project_types.py", "replication_inputs.py", "replications.py"):
        expected.update(name.encode() + b"\0" + (folder / name).read_bytes())
    assert cache.code_digest() == expected.hexdigest()
    before = cache_key(small, PARAMS, 3)
    monkeypatch.setattr(cache, "code_digest", lambda: "another version of the code")
    assert cache_key(small, PARAMS, 3) != before
