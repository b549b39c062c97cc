"""Per-draw cost of ``simulate()`` and where it goes: sampling, the model's years, summaries.

    .venv/bin/python benchmarks/bench_core.py [--draws 100000 200000] [--repeat 2]

For each number of draws: ``simulate()`` of the baseline (every indicator summarised, the
headline indicators handed to a sink as ``run`` does), in this process (one worker), after a
warm-up run; then its percentiles and means. Printed: draws per CPU second and CPU seconds per
100,000 draws (``time.process_time``, so other jobs on the machine count little), and the split
into parts, timed by wrapping the functions that do them:

- sampling: the random inputs and shocks (``streams.draw_range``) and the sampled parameters
  (``streams.draw_parameters``);
- model years: ``core.step``, the annual step of every draw;
- model record: writing each year's indicators into the result table (``project`` less its
  steps: the initial state, the table writes);
- guard: the results guard's scan of each chunk (``find_violation``);
- summaries: means' block sums and the exact store or the histogram sketch (``add_table``), the
  final percentiles and means;
- pickling: ``pickle.dumps`` of each chunk's result, what a worker process would send back
  (measured here, not part of the single-process run's total);
- rest: the total less the parts (pilot block, retained sample, bookkeeping).

At 100,000 draws or fewer the summary is exact (every value kept); above, it is sketched.

With ``--workers 2`` it also times the same runs on two local worker processes: CPU seconds of
this process and its workers together (``resource.getrusage``), and wall seconds (no split by
part there). Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import pickle
import resource
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

PARTS = ("sampling", "model years", "model record", "guard", "summaries", "rest")


def _timed(spent: dict[str, float], part: str, func: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[part] += time.process_time() - t

    return wrapper


def measure(draws: int) -> dict[str, float]:
    """CPU seconds of one ``simulate()`` of ``draws`` draws, by part; and pickling's.

    With glibc's thresholds of cqsim's own processes (:mod:`sim.execution.allocator`), as its
    workers run chunks: with glibc's defaults, recording and summaries cost about a fifth more.
    """
    from sim.execution import allocator, summaries
    from sim.execution import simulate as sim_mod
    from sim.execution.simulate import ModelSetup, simulate
    from sim.inputs.scenario import load_scenario
    from sim.model import core
    from sim.model.indicators import HEADLINE

    allocator.keep_freed_memory()
    scenario = load_scenario("baseline").with_overrides(draws=draws)
    setup = ModelSetup.load()
    simulate(scenario, draws=2 * 4096, setup=setup)  # warm-up: imports, reference path, caches
    spent: dict[str, float] = defaultdict(float)
    originals = {
        (sim_mod, "draw_range"): sim_mod.draw_range,
        (sim_mod, "draw_parameters"): sim_mod.draw_parameters,
        (sim_mod, "project"): sim_mod.project,
        (core, "step"): core.step,
        (sim_mod, "find_violation"): sim_mod.find_violation,
        (summaries.RunningSummary, "add_table"): summaries.RunningSummary.add_table,
        (sim_mod, "summarise_chunk"): sim_mod.summarise_chunk,
    }
    parts = {
        "draw_range": "sampling",
        "draw_parameters": "sampling",
        "project": "model record",
        "step": "model years",
        "find_violation": "guard",
        "add_table": "summaries",
    }
    pickling = {"seconds": 0.0, "bytes": 0.0}

    def pickled(func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            result = func(*args, **kwargs)
            t = time.process_time()
            pickling["bytes"] += len(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            pickling["seconds"] += time.process_time() - t
            return result

        return wrapper

    try:
        for (owner, name), func in originals.items():
            if name == "summarise_chunk":
                setattr(owner, name, pickled(func))
            else:
                setattr(owner, name, _timed(spent, parts[name], func))
        t = time.process_time()
        ensemble = simulate(scenario, setup=setup, keep=HEADLINE, on_chunk=lambda start, kept: None)
        t_end = time.process_time()
        ensemble.stats.percentiles()
        ensemble.stats.means()
        spent["summaries"] += time.process_time() - t_end
        total = time.process_time() - t - pickling["seconds"]
    finally:
        for (owner, name), func in originals.items():
            setattr(owner, name, func)
    spent["model record"] -= spent["model years"]  # project includes its steps
    spent["rest"] = total - sum(spent[p] for p in PARTS if p != "rest")
    return {
        "total": total,
        **{p: spent[p] for p in PARTS},
        "pickling": pickling["seconds"],
        "pickled_mb": pickling["bytes"] / 2**20,
    }


def measure_workers(draws: int, workers: int) -> dict[str, float]:
    """CPU seconds of this process and its worker processes, and wall seconds, of one run."""
    from sim.execution.executors import LocalEngine
    from sim.execution.simulate import ModelSetup, simulate
    from sim.inputs.scenario import load_scenario
    from sim.model.indicators import HEADLINE

    scenario = load_scenario("baseline").with_overrides(draws=draws)
    setup = ModelSetup.load()
    simulate(scenario, draws=2 * 4096, setup=setup)

    def children() -> float:
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        return usage.ru_utime + usage.ru_stime

    cpu, kids, wall = time.process_time(), children(), time.perf_counter()
    engine = LocalEngine(workers)
    ensemble = simulate(
        scenario, setup=setup, engine=engine, keep=HEADLINE, on_chunk=lambda start, kept: None
    )
    ensemble.stats.percentiles()
    ensemble.stats.means()
    return {
        "total": time.process_time() - cpu + children() - kids,
        "wall": time.perf_counter() - wall,
    }


def main() -> None:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--draws", type=int, nargs="+", default=[100_000, 400_000])
    parser.add_argument("--repeat", type=int, default=2, help="runs per size; the fastest shown")
    parser.add_argument("--workers", type=int, default=1, help="also time this many workers")
    args = parser.parse_args()
    print(f"{'draws':>9} {'draws/CPU-s':>12} {'CPU-s/100k':>11}  parts, CPU-s per 100,000 draws")
    for draws in args.draws:
        best = min((measure(draws) for _ in range(args.repeat)), key=lambda r: r["total"])
        per = 1e5 / draws
        split = "  ".join(f"{p} {best[p] * per:.2f}" for p in PARTS)
        print(f"{draws:>9,} {draws / best['total']:>12,.0f} {best['total'] * per:>11.2f}  {split}")
        print(
            f"{'':>34}pickling a worker's results {best['pickling'] * per:.2f} CPU-s/100k "
            f"({best['pickled_mb'] * per:.0f} MB/100k)"
        )
        if args.workers > 1:
            runs = [measure_workers(draws, args.workers) for _ in range(args.repeat)]
            fast = min(runs, key=lambda r: r["total"])
            print(
                f"{'':>34}{args.workers} workers: {draws / fast['total']:,.0f} draws/CPU-s, "
                f"{fast['total'] * per:.2f} CPU-s/100k, {min(r['wall'] for r in runs):.2f} s wall"
            )


if __name__ == "__main__":
    main()
