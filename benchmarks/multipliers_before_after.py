"""Each input's standard impulse before and after issues 12/13: paired mean differences.

Issue 13 asks for a before/after table of what each lever does. The model before issues 12 and 13
(commit 43818a5, the last before the model v2 port) had no ``multipliers`` command but the same
``run_chunk``, ``shift_value`` and pipeline entry points, so this script runs in either checkout:

    # in a scratch worktree of the old commit, with this script copied in (PYTHONPATH first):
    PYTHONPATH=/work/wt/old13 .venv/bin/python benchmarks/multipliers_before_after.py \
        measure --out /tmp/before.csv
    .venv/bin/python benchmarks/multipliers_before_after.py measure --out /tmp/after.csv
    .venv/bin/python benchmarks/multipliers_before_after.py combine /tmp/before.csv \
        /tmp/after.csv --out benchmarks/multipliers_before_after.csv

``measure``: for every input of today's registry that the checkout also has, the checkout's own
baseline scenario and a copy with that input moved by today's standard impulse (``IMPULSES``,
as ``multipliers`` gives it: added in every year) run on the same seed, draws and pipeline
replications; the paired mean difference (moved minus baseline) per indicator of ``INDICATORS``
the checkout has, per year. ``combine``: both side by side with the cited range where one is
documented (``CITED``), as CSV and as a markdown table on stdout.

Measures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from dataclasses import replace
from pathlib import Path

IMPULSES: dict[str, float] = {
    "national_gdp_growth": 1.0,
    "export_demand_growth": 1.0,
    "inflation": 1.0,
    "tradein_subsidy": 1.0,
    "infrastructure_investment": 1.0,
    "industrial_projects": 60.0,
    "tech_transformation_projects": 150.0,
    "nev_capacity": 0.2,
    "credit_growth": 1.0,
    "debt_resolution_pace": 5.0,
    "property_recovery": 5.0,
    "digital_economy_push": 1.0,
    "low_altitude_output": 10.0,
    "ilstc_freight_growth": 10.0,
    "infrastructure_projects": 35.0,
    "project_size": 0.1,
    "financing_capacity": -0.2,
    "approval_speedup": 10.0,
}
"""Today's standard impulses (``InputSpec.impulse``), written out: the old registry has none."""

MAIN: dict[str, tuple[str, ...]] = {
    "national_gdp_growth": ("gdp_real_growth",),
    "export_demand_growth": ("exports",),
    "inflation": ("cpi",),
    "tradein_subsidy": ("retail_sales", "va_real_estate", "va_finance"),
    "infrastructure_investment": ("fai_growth",),
    "industrial_projects": ("industrial_investment_growth",),
    "tech_transformation_projects": ("industrial_investment_growth",),
    "nev_capacity": ("nev_output",),
    "credit_growth": ("financial_assets", "industrial_investment_growth"),
    "debt_resolution_pace": ("fai_growth",),
    "property_recovery": ("property_investment", "land_revenue"),
    "digital_economy_push": ("gdp_real_growth",),
    "low_altitude_output": ("va_other_manufacturing",),
    "ilstc_freight_growth": ("foreign_trade",),
    "infrastructure_projects": ("fai_growth",),
    "project_size": ("industrial_investment_growth",),
    "financing_capacity": ("industrial_investment_growth",),
    "approval_speedup": ("industrial_investment_growth",),
}
"""Each input's main indicators besides GDP (the registry's ``moves``/``signs``)."""

CITED: dict[tuple[str, str, int], str] = {
    ("tradein_subsidy", "gdp_per_rmb", 1): "0.08-0.75 RMB per RMB (CICC 2025; Mian-Sufi 2012 x IO)",
    ("infrastructure_investment", "gdp_per_rmb", 1): "0.25-0.9 RMB per RMB (Guo-Liu-Ma 2016; "
    "Chen-Ratnovski-Tsai 2017; HKMA) x 0.6-0.9 spending per RMB of FAI",
    ("digital_economy_push", "gdp_real_growth", 1): "0.05-0.2 pp per pp (NBS core digital 9.9%)",
    ("credit_growth", "industrial_investment_growth", 1): "0-0.6 pp per pp (IMF WP/17/273)",
    ("tradein_subsidy", "va_real_estate", 1): "IO linkage 0.0066 RMB bn (regional 2020 table)",
    ("tradein_subsidy", "va_finance", 1): "IO linkage 0.0078 RMB bn (regional 2020 table)",
}
"""Cited ranges of the effects the tests check in this table's units (tests/test_levers.py,
test_multipliers.py); land revenue's range is in growth per pp, checked by test_levers only."""

DRAWS = 2000

FAI_2025 = 2281.5
"""Chongqing's 2025 FAI (RMB bn, today's seeds): the old model carried FAI as growth only, so its
infrastructure spending is measured on today's level (its own infrastructure weight)."""


def measure(out: Path, draws: int) -> None:
    """Paired mean differences of every shared input in this checkout (CSV to ``out``)."""
    import numpy as np
    import pandas as pd

    from sim.analysis.targets.moves import shift_value
    from sim.execution.simulate import ModelSetup, run_chunk
    from sim.inputs.levers import ALL_INPUTS
    from sim.inputs.scenario import load_scenario
    from sim.model.indicators import INDICATORS
    from sim.pipeline.paths import scenario_pipeline

    root = Path(__file__).resolve().parent.parent
    base = replace(load_scenario(root / "scenarios" / "baseline.yaml"), draws=draws)
    setup = ModelSetup.load()
    years = list(range(2026, base.horizon + 1))

    def outcome(scenario):  # type: ignore[no-untyped-def]
        pipeline = scenario_pipeline(scenario) if scenario.pipeline_replications else None
        return run_chunk(scenario, setup, 0, draws, pipeline=pipeline)

    reference = outcome(base)
    rows = []
    for name, impulse in IMPULSES.items():
        if name not in ALL_INPUTS:
            continue
        moved = replace(
            base,
            inputs={**base.inputs, name: shift_value(base.inputs[name], impulse, ALL_INPUTS[name])},
        )
        result = outcome(moved)
        fai = float(getattr(setup.baseline, "fai", FAI_2025))
        for variable in ("gdp", *MAIN[name]):
            if variable not in INDICATORS:
                continue
            diff = result[variable][:, 1:] - reference[variable][:, 1:]
            for k, year in enumerate(years):
                rows.append((name, impulse, variable, year, float(diff[:, k].mean())))
        gdp = (result["gdp"][:, 1:] - reference["gdp"][:, 1:]).mean(axis=0)
        spending = None
        if name == "tradein_subsidy":
            spending = np.full(len(years), impulse)
        elif name == "infrastructure_investment":
            weight = float(np.mean(setup.parameter_set.parameters.fai_weight_infrastructure))
            level = fai * weight
            growth = shift_value(base.inputs[name], 0.0, ALL_INPUTS[name])
            g = (
                float(growth)
                if not isinstance(growth, dict)
                else float(next(iter(growth.values())))
            )
            spending = np.array(
                [
                    level * ((1 + (g + impulse) / 100) ** t - (1 + g / 100) ** t)
                    for t in range(1, len(years) + 1)
                ]
            )
        if spending is not None:
            cumulative = np.cumsum(gdp) / np.cumsum(spending)
            for k, year in enumerate(years):
                rows.append((name, impulse, "gdp_per_rmb", year, float(cumulative[k])))
    frame = pd.DataFrame(rows, columns=["lever", "impulse", "indicator", "year", "mean"])
    frame.to_csv(out, index=False)


def combine(before: Path, after: Path, out: Path) -> None:
    """Before and after side by side with the cited ranges; markdown on stdout."""
    import pandas as pd

    keys = ["lever", "impulse", "indicator", "year"]
    old = pd.read_csv(before).rename(columns={"mean": "before"})
    new = pd.read_csv(after).rename(columns={"mean": "after"})
    table = new.merge(old, on=keys, how="outer")[[*keys, "before", "after"]]
    table["cited_range"] = [
        CITED.get((r.lever, r.indicator, int(r.year) - 2025), "") for r in table.itertuples()
    ]
    order = {name: k for k, name in enumerate(IMPULSES)}
    table = table.sort_values(
        ["lever", "indicator", "year"],
        key=lambda c: c.map(order).fillna(c) if c.name == "lever" else c,
    )
    table.to_csv(out, index=False, float_format="%.6g")
    shown = table[table["year"].isin([2026, 2030]) | (table["cited_range"] != "")]
    print("| lever | impulse | indicator | year | before | after | cited range |")
    print("|---|---|---|---|---|---|---|")
    for r in shown.itertuples():
        b = "" if r.before != r.before else f"{r.before:+.4g}"
        a = "" if r.after != r.after else f"{r.after:+.4g}"
        print(
            f"| {r.lever} | {r.impulse:+g} | {r.indicator} | {r.year} | {b} | {a} "
            f"| {r.cited_range} |"
        )


def main() -> None:
    """``measure`` or ``combine``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    m = sub.add_parser("measure")
    m.add_argument("--out", type=Path, required=True)
    m.add_argument("--draws", type=int, default=DRAWS)
    c = sub.add_parser("combine")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    c.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    if args.command == "measure":
        os.environ.setdefault("CQSIM_PIPELINE_CACHE", tempfile.mkdtemp(prefix="cqsim-ba-"))
        measure(args.out, args.draws)
    else:
        combine(args.before, args.after, args.out)


if __name__ == "__main__":
    main()
