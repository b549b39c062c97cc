"""Time ``multipliers`` and ``compare --attribute``'s analyses, cold and warm pipeline cache.

    .venv/bin/python benchmarks/bench_multipliers.py [--scenario NAME] [--draws N]

Times :func:`sim.analysis.multipliers.multiplier_table` for every input against the scenario
(default: the baseline, its own draws and 24 pipeline replications) in an empty temporary pipeline
cache (cold: each pipeline lever's impulse builds its own pipeline) and again with the cache
filled (warm), then the reduced form (``--pipeline-replications 0``); then the attribution of
each shipped scenario to the baseline (``sim.analysis.attribution.attribute``, ``2**n`` runs),
warm. Figures and files are not timed (the command adds them). Imports are done before timing.
Measures; asserts nothing. Numbers depend on the load of the machine: say what it was.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from dataclasses import replace

from sim.analysis.attribution import attribute, changed_inputs
from sim.analysis.multipliers import multiplier_table
from sim.execution.simulate import ModelSetup
from sim.inputs.scenario import load_scenario, shipped_names
from sim.inputs.scenario.loader import SHIPPED_SCENARIOS
from sim.pipeline.cache import CACHE_ENV


def timed(label: str, work) -> object:  # noqa: ANN001 - any callable
    start = time.perf_counter()
    result = work()
    print(f"{label:<60}{time.perf_counter() - start:>8.1f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--draws", type=int, default=None)
    args = parser.parse_args()
    os.environ[CACHE_ENV] = tempfile.mkdtemp(prefix="cqsim-bench-cache-")
    setup = ModelSetup.load()
    scenario = load_scenario(SHIPPED_SCENARIOS / f"{args.scenario}.yaml")
    scenario = scenario.with_overrides(draws=args.draws)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    what = f"multipliers {scenario.name}, {scenario.draws} draws"
    timed(f"{what}, cold cache", lambda: multiplier_table(scenario, setup))
    timed(f"{what}, warm cache", lambda: multiplier_table(scenario, setup))
    reduced = replace(scenario, pipeline_replications=0)
    timed(f"{what}, reduced form", lambda: multiplier_table(reduced, setup))
    baseline = load_scenario(SHIPPED_SCENARIOS / "baseline.yaml").with_overrides(draws=args.draws)
    for name in shipped_names():
        if name == "baseline":
            continue
        other = load_scenario(SHIPPED_SCENARIOS / f"{name}.yaml")
        n = len(changed_inputs(baseline, other))
        timed(
            f"attribution {name} ({n} inputs, {2**n} runs), first",
            lambda other=other: attribute(baseline, other, setup),
        )
        timed(
            f"attribution {name} ({n} inputs, {2**n} runs), again",
            lambda other=other: attribute(baseline, other, setup),
        )
    print(f"load average {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
