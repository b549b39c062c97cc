"""Scale benchmark: draws per second and peak memory, 10k to 1M draws, horizon and sector count.

    .venv/bin/python benchmarks/bench_scale.py [--draws 10000 100000 1000000] [--workers 2]

Each measurement runs in a fresh Python process, so peak memory is that run's alone: the peak
resident memory of the main process and of the largest worker (Linux ``ru_maxrss``); their sum
with one peak per worker bounds the run's total. Timed: ``sim.execution.simulate.simulate`` of the
baseline (summaries of every indicator and year, no files), after a warm-up run of 100 draws. The
scalar reference (``sim.model.reference``, one draw at a time) is timed on a few hundred draws.

Also printed: time against horizon (2030 and 2035), and the cost of the sector-shaped kernels of
a year's step against the number of sectors (the model's 11 sectors are fixed by its data; the
kernels are the spillover product, the shock correlation product and the elementwise updates).
Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from dataclasses import replace


def measure(draws: int, workers: int, horizon: int) -> dict:
    """Time one run in this process; peak memory of this process and its workers, MB."""
    from sim.execution.executors import LocalEngine
    from sim.execution.simulate import ModelSetup, simulate
    from sim.inputs.scenario import load_scenario

    scenario = replace(load_scenario("scenarios/baseline.yaml"), horizon=horizon)
    setup = ModelSetup.load()
    simulate(scenario, draws=100, setup=setup)
    start = time.perf_counter()
    result = simulate(scenario, draws=draws, setup=setup, engine=LocalEngine(workers))
    elapsed = time.perf_counter() - start
    return {
        "draws": draws,
        "workers": workers,
        "horizon": horizon,
        "seconds": elapsed,
        "draws_per_s": draws / elapsed,
        "main_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "worker_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
        "error_bound_pp": result.percentile_error_bound(),
    }


def reference_rate(draws: int) -> float:
    """Draws per second of the scalar reference implementation."""
    from sim.execution.simulate import ModelSetup
    from sim.execution.streams import draw_range
    from sim.inputs.scenario import load_scenario
    from sim.model.reference import project_reference

    scenario = load_scenario("scenarios/baseline.yaml")
    setup = ModelSetup.load()
    drivers, innov = draw_range(scenario, 0, draws)
    start = time.perf_counter()
    project_reference(setup.baseline, setup.parameter_set.parameters, drivers, innov)
    return draws / (time.perf_counter() - start)


def sector_kernels(n_sectors: int, draws: int = 4096, years: int = 5) -> float:
    """Seconds for the sector-shaped work of ``years`` steps on a block of ``draws``."""
    import numpy as np

    from sim.model.core import row_products

    rng = np.random.default_rng(0)
    m = rng.random((n_sectors, n_sectors)) / n_sectors
    chol = np.linalg.cholesky(np.eye(n_sectors) * 0.5 + 0.5)
    u = np.zeros((draws, n_sectors))
    start = time.perf_counter()
    for _ in range(years):
        z = rng.standard_normal((draws, n_sectors))
        u = 0.5 * u + row_products(z, chol)
        impulse = row_products(u + 1.0, m)
        real = np.minimum(impulse * 1.01, impulse + 1.0)
        real.sum(axis=1)
    return time.perf_counter() - start


def in_subprocess(draws: int, workers: int, horizon: int) -> dict:
    """Run :func:`measure` in a fresh interpreter and return its figures."""
    out = subprocess.run(
        [sys.executable, __file__, "--one", str(draws), str(workers), str(horizon)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reference-draws", type=int, default=300)
    parser.add_argument("--one", type=int, nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(*args.one)))
        return

    ref = reference_rate(args.reference_draws)
    print(f"scalar reference: {ref:,.0f} draws/s ({args.reference_draws} draws)")
    print(
        f"{'draws':>10} {'workers':>7} {'horizon':>7} {'seconds':>8} {'draws/s':>10} "
        f"{'x ref':>6} {'main MB':>8} {'worker MB':>9} {'pct err':>8}"
    )
    runs = [(d, w, 2030) for d in args.draws for w in sorted({1, args.workers})]
    runs += [(100_000, args.workers, 2035)]
    for draws, workers, horizon in runs:
        r = in_subprocess(draws, workers, horizon)
        print(
            f"{r['draws']:>10,} {r['workers']:>7} {r['horizon']:>7} {r['seconds']:>8.2f} "
            f"{r['draws_per_s']:>10,.0f} {r['draws_per_s'] / ref:>6.0f} {r['main_mb']:>8,.0f} "
            f"{r['worker_mb']:>9,.0f} {r['error_bound_pp']:>8.3f}"
        )
    print("sector-shaped kernels of a 5-year run on 4,096 draws:")
    for n in (11, 22, 44, 88):
        print(f"  {n:>3} sectors: {1e3 * min(sector_kernels(n) for _ in range(5)):7.2f} ms")


if __name__ == "__main__":
    main()
