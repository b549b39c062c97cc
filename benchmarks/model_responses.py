"""The model's reference path and its responses to a national slowdown and an export fall.

Prints (and with --json writes) what issue 12's closing note reports: the reference run's real
growth 2026-2030 (every input at its registry default, no events, the reduced form), P(GDP of
RMB 4 trillion by 2030), and the mean paired differences (common random numbers) of a 1 pp
slower China and a 10 pp fall of export demand, by sector and for employment, income, retail
and budget revenue. Levels in % of the reference, rates in pp.

    python benchmarks/model_responses.py [--draws 4000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import replace

import numpy as np

import sim
from sim.inputs.levers import ALL_INPUTS
from sim.model.sectors import SECTORS

YEARS = list(range(2026, 2031))
SHOWN = (2026, 2027, 2030)
INDICATORS = [
    "gdp",
    "gdp_real_growth",
    *(f"va_{s}" for s in SECTORS),
    "fai_growth",
    "employment",
    "new_urban_jobs",
    "disposable_income_per_capita",
    "household_consumption",
    "retail_sales",
    "general_budget_revenue",
    "exports",
]


def _scenario(overrides: dict[str, object]) -> sim.Scenario:
    base = sim.load_scenario("scenarios/baseline.yaml")
    inputs = {k: {y: s.default_at(y) for y in YEARS} for k, s in ALL_INPUTS.items()}
    inputs.update(overrides)
    return replace(base, inputs=inputs, events=(), pipeline_replications=0)


def _difference(a: sim.Ensemble, b: sim.Ensemble, name: str) -> dict[int, float]:
    da, db = a.indicator(name), b.indicator(name)
    rate = name.endswith("growth")
    return {y: float(np.mean(db[y] - da[y] if rate else 100 * (db[y] / da[y] - 1))) for y in SHOWN}


def main() -> None:
    """Run the reference and the two shocks; print the tables."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=4000)
    parser.add_argument("--json")
    args = parser.parse_args()
    reference = sim.simulate(_scenario({}), draws=args.draws, seed=11)
    growth = reference.indicator("gdp_real_growth")
    out: dict[str, object] = {
        "reference_growth_median": {y: float(np.median(growth[y])) for y in YEARS},
        "reference_potential_median": {
            y: float(np.median(reference.indicator("potential_growth")[y])) for y in YEARS
        },
        "p_gdp_4trn_2030": float((reference.indicator("gdp")[2030] >= 4000).mean()),
    }
    national = ALL_INPUTS["national_gdp_growth"]
    exports = ALL_INPUTS["export_demand_growth"]
    shocks = {
        "national_minus_1pp": {
            "national_gdp_growth": {y: national.default_at(y) - 1 for y in YEARS}
        },
        "export_demand_minus_10pp": {
            "export_demand_growth": {y: exports.default_at(y) - 10 for y in YEARS}
        },
    }
    for label, overrides in shocks.items():
        shocked = sim.simulate(_scenario(overrides), draws=args.draws, seed=11)
        out[label] = {n: _difference(reference, shocked, n) for n in INDICATORS}
    print(
        "reference run, median real GDP growth:",
        {
            y: round(v, 2)
            for y, v in out["reference_growth_median"].items()  # type: ignore[union-attr]
        },
    )
    print("P(GDP >= RMB 4 trillion in 2030):", round(out["p_gdp_4trn_2030"], 3))  # type: ignore[arg-type]
    for label in shocks:
        print(f"\n{label}: mean paired difference (% of level, pp for growth) in {SHOWN}")
        for name, values in out[label].items():  # type: ignore[union-attr]
            print(f"  {name:30s} " + " ".join(f"{values[y]:7.2f}" for y in SHOWN))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
