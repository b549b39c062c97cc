"""Streaming summaries, engines and sweeps: same numbers in bounded memory, on any engine."""

from __future__ import annotations

import json
import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.execution.executors import DaskEngine, LocalEngine
from sim.execution.simulate import simulate
from sim.execution.streams import BLOCK
from sim.execution.summaries import SUMMARY_PERCENTILES, HistogramSketch, RunningSummary

from .conftest import ROOT, TEST_REPLICATIONS, on_test_replications

DRAWS = 3 * BLOCK + 100
LIMIT = 2 * BLOCK  # below DRAWS: these runs use the sketch


def rank_error(sorted_column: np.ndarray, estimate: float, pct: float) -> float:
    """Distance in percentile points from ``pct`` to the ranks the estimate occupies."""
    n = len(sorted_column)
    lo = 100 * np.searchsorted(sorted_column, estimate, "left") / n
    hi = 100 * np.searchsorted(sorted_column, estimate, "right") / n
    return 0.0 if lo <= pct <= hi else min(abs(lo - pct), abs(hi - pct))


@pytest.fixture(scope="module")
def sketched(baseline_scenario, setup):
    return simulate(baseline_scenario, draws=DRAWS, seed=5, setup=setup, exact_limit=LIMIT)


@pytest.fixture(scope="module")
def dask_engine():
    engine = DaskEngine(workers=2)
    yield engine
    engine.close()


def test_sketched_summary_does_not_depend_on_chunk_size(baseline_scenario, setup, sketched):
    for chunk in (1, BLOCK, 3 * BLOCK):
        other = simulate(
            baseline_scenario, draws=DRAWS, seed=5, setup=setup, exact_limit=LIMIT, chunk_size=chunk
        )
        pd.testing.assert_frame_equal(other.summary(), sketched.summary(), check_exact=True)


def test_local_workers_give_the_same_numbers(baseline_scenario, setup, sketched):
    two = simulate(
        baseline_scenario,
        draws=DRAWS,
        seed=5,
        setup=setup,
        exact_limit=LIMIT,
        chunk_size=BLOCK,
        engine=LocalEngine(workers=2),
    )
    pd.testing.assert_frame_equal(two.summary(), sketched.summary(), check_exact=True)
    for name in sketched.values:
        np.testing.assert_array_equal(two.values[name], sketched.values[name])


def test_dask_local_cluster_gives_the_same_numbers(baseline_scenario, setup, sketched, dask_engine):
    on_dask = simulate(
        baseline_scenario,
        draws=DRAWS,
        seed=5,
        setup=setup,
        exact_limit=LIMIT,
        chunk_size=BLOCK,
        engine=dask_engine,
    )
    pd.testing.assert_frame_equal(on_dask.summary(), sketched.summary(), check_exact=True)


def test_exact_summary_on_dask_equals_in_process(baseline_scenario, setup, dask_engine):
    local = simulate(baseline_scenario, draws=BLOCK + 10, seed=2, setup=setup)
    remote = simulate(
        baseline_scenario, draws=BLOCK + 10, seed=2, setup=setup, engine=dask_engine, chunk_size=1
    )
    pd.testing.assert_frame_equal(local.summary(), remote.summary(), check_exact=True)


def test_the_local_clusters_workers_keep_freed_memory_and_run_no_profiler(dask_engine):
    """Dask's fixed ``MALLOC_TRIM_THRESHOLD_=65536`` made the model 15-25% slower (see
    ``LOCAL_WORKER_CONFIG``): the workers have this process's setting (none, unless its user set
    one), then cqsim's thresholds, which they keep freed memory by; and no profiler."""
    import dask

    from sim.execution import allocator
    from tests.test_allocator import PAGES, fault_count

    def worker_settings() -> tuple[str | None, bool]:
        enabled = dask.config.get("distributed.worker.profile.enabled")
        return os.environ.get("MALLOC_TRIM_THRESHOLD_"), enabled

    ours = os.environ.get("MALLOC_TRIM_THRESHOLD_")
    assert set(dask_engine.client.run(worker_settings).values()) == {(ours, False)}
    if allocator._glibc() is not None and not allocator.user_settings():  # noqa: SLF001
        assert max(dask_engine.client.run(fault_count).values()) < PAGES / 10


def test_a_dask_engine_leaves_this_process_environment_and_closes_twice_harmlessly():
    """Dask's nannies set their workers' variables (OMP_NUM_THREADS=1, ...) in the process that
    starts them; a cqsim session keeps its own. ``run`` closes its engine twice."""
    before = dict(os.environ)
    engine = DaskEngine(workers=1)
    try:
        assert dict(os.environ) == before
        threads = engine.client.run(lambda: os.environ.get("OMP_NUM_THREADS"))
        assert set(threads.values()) == {before.get("OMP_NUM_THREADS", "1")}  # the workers have it
    finally:
        engine.close()
    engine.close()
    assert engine.client.status == "closed"


def test_an_engine_that_fails_to_close_after_the_draws_only_warns(capsys):
    """``run`` closes its engine before drawing the report; the finished draws must survive a
    cluster that does not close cleanly."""
    from sim.cli.run import close_early

    class Stuck:
        def close(self) -> None:
            raise TimeoutError("the scheduler did not answer")

    close_early(Stuck())  # type: ignore[arg-type]
    assert "warning: the engine did not close cleanly: the scheduler did not answer" in (
        capsys.readouterr().err
    )


def test_sketch_error_is_under_a_tenth_of_a_point_and_within_its_bound(baseline_scenario, setup):
    # Enough draws that a bin's share is not dominated by a few draws (the bound is a share).
    n = 12 * BLOCK
    exact = simulate(baseline_scenario, draws=n, seed=5, setup=setup, exact_limit=n)
    sketched = simulate(baseline_scenario, draws=n, seed=5, setup=setup, exact_limit=LIMIT)
    estimate = sketched.summary().set_index(["variable", "year"])
    bound = sketched.percentile_error_bound()
    assert 0 < bound < 0.1
    worst = 0.0
    for name, values in exact.values.items():
        ordered = np.sort(values, axis=0)
        for j, year in enumerate(exact.years):
            row = estimate.loc[(name, year)]
            for pct in SUMMARY_PERCENTILES:
                worst = max(worst, rank_error(ordered[:, j], row[f"p{pct:02.0f}"], pct))
    assert worst <= bound
    # Means are summed block by block in both modes: the same numbers.
    np.testing.assert_array_equal(estimate["mean"].to_numpy(), exact.summary()["mean"].to_numpy())


def test_streamed_ensemble_keeps_only_a_bounded_sample(sketched):
    assert sketched.draws == DRAWS
    assert sketched.sample == LIMIT
    assert sketched.manifest()["percentiles"]["method"].startswith("histogram sketch")


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    cap=st.floats(-1.0, 2.0),
    spread=st.sampled_from([1e-7, 1e-3, 1.0, 100.0]),
)
def test_sketch_handles_caps_clusters_and_tails(seed, cap, spread):
    rng = np.random.default_rng(seed)
    n = 20_000
    columns = np.stack(
        [
            rng.standard_normal(n),
            np.minimum(rng.standard_normal(n), cap),  # a point mass at a cap
            np.where(rng.random(n) < 0.6, 5.0 + spread * rng.random(n), rng.exponential(3.0, n)),
            rng.standard_t(2, n),  # heavy tails
            np.full(n, 7.0),
        ],
        axis=1,
    )
    sketch = HistogramSketch.from_pilot(columns[:BLOCK], SUMMARY_PERCENTILES)
    sketch.add(columns[: n // 3])
    sketch.add(columns[n // 3 :])
    estimates, bounds = sketch.percentiles(SUMMARY_PERCENTILES)
    ordered = np.sort(columns, axis=0)
    for i, pct in enumerate(SUMMARY_PERCENTILES):
        for col in range(columns.shape[1]):
            error = rank_error(ordered[:, col], estimates[i, col], pct)
            assert error <= bounds[i, col] + 1e-9
            assert error < 0.1


def test_summary_refuses_a_block_seen_twice():
    summary = RunningSummary(("x",), 1, 2 * BLOCK, BLOCK)
    part = summary.empty_part()
    part.add(0, {"x": np.zeros((BLOCK, 1))})
    summary.merge(part)
    with pytest.raises(ValueError, match="twice"):
        summary.merge(part)
    with pytest.raises(ValueError, match="of 8192 draws"):
        summary.means()


def test_run_streams_draws_to_parquet_matching_the_model(tmp_path, setup):
    out = tmp_path / "run"
    code = main(
        [
            "run",
            str(ROOT / "scenarios" / "baseline.yaml"),
            "--draws",
            str(BLOCK + 7),
            "--chunk-size",
            "1",
            "--workers",
            "2",
            "--quiet",
            "--no-report",
            "--set",
            f"pipeline_replications={TEST_REPLICATIONS}",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    draws = pd.read_parquet(out / "draws.parquet")
    shipped = on_test_replications(ROOT / "scenarios" / "baseline.yaml")
    expected = simulate(shipped, draws=BLOCK + 7, setup=setup)
    pd.testing.assert_frame_equal(draws, expected.draws_frame())
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["percentiles"]["max_error_pp"] == 0.0


def test_sweep_factorial_writes_one_tidy_table(tmp_path):
    base = tmp_path / "base.yaml"
    base.write_text(
        f"name: base\ndescription: d\nextends: {ROOT / 'scenarios' / 'baseline.yaml'}\n"
        "pipeline_replications: 2\n"
    )
    spec = tmp_path / "grid.yaml"
    spec.write_text(
        "name: grid\nbase: base.yaml\ndraws: 300\nseed: 3\n"
        "design: factorial\nlevers:\n  credit_growth: [5, 9]\n  industrial_projects: [500, 700]\n"
        "indicators: [gdp, fai_growth]\n"
    )
    assert main(["sweep", str(spec), "--quiet", "--out", str(tmp_path / "o")]) == 0
    table = pd.read_csv(tmp_path / "o" / "sweep.csv")
    assert table["point"].nunique() == 4
    assert set(table["variable"]) == {"gdp", "fai_growth"}
    assert {"credit_growth", "industrial_projects"} <= set(table.columns)
    fai = table[(table.variable == "fai_growth") & (table.year == 2026)].set_index("point")
    # Same seed everywhere: more credit and more projects raise investment growth.
    assert fai.loc[3, "mean"] > fai.loc[0, "mean"]


def test_sweep_latin_hypercube_is_reproducible_and_in_range(tmp_path):
    from sim.inputs.sweep_file import load_sweep

    spec = tmp_path / "lhs.yaml"
    spec.write_text(
        f"base: {ROOT / 'scenarios' / 'baseline.yaml'}\nseed: 4\ndesign: lhs\npoints: 6\n"
        "levers:\n  credit_growth: {low: 5, high: 9}\n  tradein_subsidy: {low: 0, high: 10}\n"
    )
    a, b = load_sweep(spec), load_sweep(spec)
    assert [p.levers for p in a.points] == [p.levers for p in b.points]
    credit = sorted(p.levers["credit_growth"] for p in a.points)
    assert all(5 <= c <= 9 for c in credit)
    # Latin hypercube: one point in each sixth of the range.
    assert [int((c - 5) / 4 * 6) for c in credit] == list(range(6))


def test_bad_sweep_file_lists_every_problem_with_its_line(tmp_path, capsys):
    spec = tmp_path / "bad.yaml"
    spec.write_text(
        f"base: {ROOT / 'scenarios' / 'baseline.yaml'}\ndesign: factorial\nlevers:\n"
        "  credit_growth: [5, 500]\n  no_such_lever: [1]\n"
    )
    assert main(["sweep", str(spec), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert f"{spec}:4: levers.credit_growth: value outside the lever's range" in err
    assert f"{spec}:5: levers.no_such_lever: unknown lever" in err
    assert not (tmp_path / "o").exists()


def test_scheduler_needs_the_dask_engine(tmp_path, capsys):
    code = main(
        [
            "run",
            str(ROOT / "scenarios" / "baseline.yaml"),
            "--scheduler",
            "tcp://127.0.0.1:1",
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert code == 2
    assert "--scheduler needs --engine dask" in capsys.readouterr().err


def test_progress_bar_is_silent_when_stderr_is_not_a_terminal(capsys):
    from sim.cli.common import progress_bar

    bar = progress_bar(100)
    bar.update(100)
    bar.close()
    assert capsys.readouterr().err == ""


def test_summary_numbers_do_not_depend_on_the_table_layout():
    """A sketched chunk feeds its table F-ordered: block sums (added in draw order, like numpy's
    sum over the rows of a C-ordered table), counts, atoms and extremes are the same bits."""
    rng = np.random.default_rng(7)
    table = rng.standard_normal((2 * 1000 + 37, 30)) * 10.0 ** rng.integers(-6, 7, 30)
    table[::3, 4] = 1.5  # an atom
    pilot = table[:1000]
    runs = []
    for layout in (np.ascontiguousarray, np.asfortranarray):
        summary = RunningSummary(tuple("abcde"), 6, len(table), 1000, pilot=pilot, exact_limit=10)
        summary.add_table(0, layout(table))
        runs.append(summary)
    c, f = runs
    assert len(c.sketch.atom_column) > 0
    for b in c.block_sums:
        assert c.block_sums[b].tobytes() == f.block_sums[b].tobytes()
        assert c.block_sums[b].tobytes() == table[b * 1000 : (b + 1) * 1000].sum(axis=0).tobytes()
    assert np.array_equal(c.sketch.counts, f.sketch.counts)
    assert np.array_equal(c.sketch.atom_counts, f.sketch.atom_counts)
    for col, value, (below, on) in zip(
        c.sketch.atom_column, c.sketch.atom_value, c.sketch.atom_counts, strict=True
    ):
        assert (below, on) == ((table[:, col] < value).sum(), (table[:, col] == value).sum())
    assert c.sketch.counts.sum() == len(table) * len(c.sketch.source)
    assert c.percentiles().tobytes() == f.percentiles().tobytes()


def test_exact_percentiles_are_numpys():
    from sim.execution.summaries import exact_percentiles

    rng = np.random.default_rng(3)
    table = rng.standard_normal((999, 40)) * 10.0 ** rng.integers(-6, 7, 40)
    table[:, 0] = 2.5  # a constant column
    table[::4, 7] = 0.0  # ties
    expected = np.percentile(table, SUMMARY_PERCENTILES, axis=0)
    assert exact_percentiles(table, SUMMARY_PERCENTILES).tobytes() == expected.tobytes()
