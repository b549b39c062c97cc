"""Time the investment pipeline for the baseline: cold cache, warm cache, serial and parallel.

    .venv/bin/python benchmarks/bench_pipeline.py [--replications N] [--workers W] [--repeat K]

The cold run samples the baseline's lever values, runs the default replications (600 industrial,
1,500 technological transformation and 354 infrastructure projects a year, horizon 2030) in an
empty temporary cache and stores them; the warm run loads them back. Also prints the time of one
replication, projects simulated per second and the serial time for comparison, and the baseline's
mean steady state. Imports are done before timing. Measures; asserts nothing. The issue's budget is
under 5 s from a cold cache on a 2-core machine.
"""

from __future__ import annotations

import argparse
import tempfile
import time

import numpy as np

from sim.inputs.scenario import load_scenario
from sim.pipeline import DEFAULT_REPLICATIONS
from sim.pipeline.cache import cached_replications
from sim.pipeline.des import INPUT_NAMES, PipelineInputs, simulate
from sim.pipeline.project_types import PROJECT_TYPES, PipelineParameters
from sim.pipeline.replication_inputs import replication_inputs
from sim.pipeline.replications import default_workers, run_replications


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="scenarios/baseline.yaml")
    parser.add_argument("--replications", type=int, default=DEFAULT_REPLICATIONS)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--repeat", type=int, default=3, help="cold runs to time (best is kept)")
    parser.add_argument("--serial", action="store_true", help="also time a serial run")
    args = parser.parse_args()

    scenario = load_scenario(args.scenario)
    levers = {k: v for k, v in scenario.inputs.items() if k in INPUT_NAMES}
    params = PipelineParameters()
    years = scenario.years
    workers = args.workers or default_workers()

    # One replication, serially (after a warm-up call).
    reference = PipelineInputs.reference(years, params)
    simulate(reference, params, np.random.default_rng(0))
    start = time.perf_counter()
    simulate(reference, params, np.random.default_rng(1))
    one = time.perf_counter() - start
    simulated_years = params.burn_in_years + len(years)
    projects = simulated_years * sum(params.types[t].reference_count for t in PROJECT_TYPES)
    print(
        f"one replication: {one:.3f} s, {projects / one:,.0f} projects/s "
        f"({projects:,.0f} projects in {simulated_years} simulated years)"
    )

    colds = []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            start = time.perf_counter()
            inputs = replication_inputs(levers, years, scenario.seed, args.replications, params)
            ensemble, hit = cached_replications(
                inputs, params, scenario.seed, workers=workers, directory=cache
            )
            colds.append(time.perf_counter() - start)
            assert not hit
            start = time.perf_counter()
            inputs = replication_inputs(levers, years, scenario.seed, args.replications, params)
            again, hit = cached_replications(
                inputs, params, scenario.seed, workers=workers, directory=cache
            )
            warm = time.perf_counter() - start
            assert hit
    cold = min(colds)
    print(
        f"{args.replications} replications, {workers} workers: cold cache {cold:.2f} s "
        f"(runs: {', '.join(f'{c:.2f}' for c in colds)}), warm cache {warm * 1000:.0f} ms, "
        f"{args.replications * projects / cold:,.0f} projects/s"
    )
    if args.serial:
        start = time.perf_counter()
        run_replications(inputs, params, scenario.seed, workers=1)
        print(f"serial: {time.perf_counter() - start:.2f} s")

    mean = ensemble.spending.mean(axis=0)
    print("mean spending, RMB billion (2025 prices):")
    print("  year  " + "  ".join(f"{t:>19}" for t in PROJECT_TYPES) + "  capacity  NEV (1000/yr)")
    for j, year in enumerate(ensemble.years):
        print(
            f"  {year}  "
            + "  ".join(f"{v:19.1f}" for v in mean[j])
            + f"  {ensemble.capacity_added[:, j].sum(axis=1).mean():8.1f}"
            + f"  {ensemble.nev_capacity_added[:, j].mean() / 1000:13.0f}"
        )
    spread = ensemble.spending[:, 1:].std(axis=0) / ensemble.spending[:, 1:].mean(axis=0)
    print(f"spread between replications (sd / mean of yearly spending): {spread.mean():.1%}")


if __name__ == "__main__":
    main()
