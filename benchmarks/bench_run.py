"""Time the baseline scenario: draws per second of the vectorized core and of the scalar reference.

    .venv/bin/python benchmarks/bench_run.py [--draws 10000 100000] [--reference-draws 200]

Prints wall time, draws per second and peak RSS for each size, and the ratio of the vectorized
core's draws per second to the scalar reference's. Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import time

from sim.execution.simulate import ModelSetup, simulate
from sim.execution.streams import draw_range
from sim.inputs.scenario import load_scenario
from sim.model.reference import project_reference


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="scenarios/baseline.yaml")
    parser.add_argument("--draws", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--reference-draws", type=int, default=200)
    args = parser.parse_args()

    setup = ModelSetup.load()
    scenario = load_scenario(args.scenario)
    simulate(scenario, draws=100, setup=setup)  # warm-up: imports, scipy distributions

    start = time.perf_counter()
    drivers, innov = draw_range(scenario, 0, args.reference_draws)
    project_reference(setup.baseline, setup.parameter_set.parameters, drivers, innov)
    ref_rate = args.reference_draws / (time.perf_counter() - start)
    print(f"scalar reference: {args.reference_draws} draws, {ref_rate:,.0f} draws/s")

    for draws in args.draws:
        start = time.perf_counter()
        simulate(scenario, draws=draws, setup=setup)
        elapsed = time.perf_counter() - start
        rate = draws / elapsed
        print(
            f"vectorized: {draws:>9,} draws in {elapsed:6.2f} s = {rate:>10,.0f} draws/s "
            f"({rate / ref_rate:,.0f}x reference), peak RSS {peak_rss_mb():,.0f} MB"
        )


if __name__ == "__main__":
    main()
