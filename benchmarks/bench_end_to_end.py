"""End-to-end speed of the command users run: ``run`` (summary, draws file, manifest, report).

    .venv/bin/python benchmarks/bench_end_to_end.py [--draws 2000 20000 100000 1000000]
        [--engines-at 1000000] [--ema-python PATH] [--quick]
    .venv/bin/python benchmarks/bench_end_to_end.py --against REVISION [--pairs 3] [--draws ...]

Prints, in one run, measured on this machine:

1. ``run scenarios/baseline.yaml --draws N`` for each N, in a fresh process after one warm-up run
   (the pipeline cache and the file cache warm): wall seconds, CPU seconds of the whole process
   tree, peak memory of all its processes together (sampled every 50 ms: the sum of their PSS,
   the physical memory they use, and in brackets the sum of their RSS, which counts the pages
   that forked processes share once per process), draws per second, and the share of each
   phase (``run --timings``);
2. the fixed cost and the cost per draw: a least-squares line of CPU seconds on draws;
3. a first run (2,000 draws, the pipeline cache empty: what a run pays for its pipeline
   replications after any pipeline input changes) and ``validate``'s wall time (best of five);
4. at ``--engines-at`` draws: one worker, two workers and Dask;
5. the floor measured on the spot (random numbers, the per-year arithmetic, writing the output,
   streaming percentiles: what any implementation must do) and each run's ratio to it;
6. EMA Workbench's sequential evaluator over the scalar reference (one draw per experiment, its
   random inputs drawn beforehand, the central parameters) against cqsim's ``simulate()``
   and its whole ``run`` command, when ``--ema-python`` names a Python that has ``ema_workbench``
   and cqsim installed (its own environment: EMA is never a dependency of cqsim). Make one with
   ``python -m venv /tmp/ema && /tmp/ema/bin/pip install -e . ema_workbench``;
7. the report's figures one by one (CPU seconds to build and to draw each, its axes and text
   objects) and ``run --no-report`` at the small sizes: what the small runs' fixed cost is made of;
8. issue 17's goals, each with the measured figure and whether it is met; where not, the lowest
   figure this machine allows, measured (``CANNOT`` where that bound is itself above the goal);
9. where a goal of 1,000,000 draws is not met, what meeting it takes: the CPU a draw may cost
   under the goal, beside what each part of a draw costs now (``bench_core.py``'s split of
   ``simulate()``, the draws file, pickling) and what one numpy operation on a block of draws
   costs here.

Measures; asserts nothing. ``--quick`` runs 2,000 and 20,000 draws only. ``--against REVISION``
prints instead the before-and-after table: that git revision and this tree, run in turn.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import psutil

ROOT = Path(__file__).resolve().parent.parent
SCENARIO = ROOT / "scenarios" / "baseline.yaml"
RUN = [sys.executable, str(ROOT / "run_sim.py")]
PHASE = re.compile(r"([a-z][a-z ]+?) (\d+\.\d+) s")


USERS_ENVIRONMENT = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
"""The commands run as on a user's machine, where Python caches compiled modules. Some sandboxes
and CI images turn that off; in a clone where no cache was ever written, every ``run`` then
compiles cqsim's modules again (about 0.2 CPU-s)."""


def children_cpu() -> float:
    """CPU seconds of every finished child process of this one (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_memory(proc: psutil.Process) -> tuple[int, int]:
    """Bytes of a process tree: (sum of PSS, sum of RSS) over its processes.

    PSS (proportional set size) counts a page shared by k processes as 1/k in each, so its sum is
    the physical memory the tree uses. RSS counts a shared page in full in every process: the
    report's drawing processes are forked from the run and share its pages, so summed RSS counts
    them twice or thrice. PSS needs /proc/PID/smaps_rollup (Linux); elsewhere it is RSS.
    """
    pss = rss = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            info = p.memory_full_info()
        except psutil.Error:
            continue
        rss += info.rss
        pss += getattr(info, "pss", info.rss)
    return pss, rss


def timed(argv: list[str], env: dict[str, str] | None = None) -> dict:
    """Run a command; its wall and CPU seconds, the peak memory of its process tree, stderr.

    ``peak_mb`` is the peak of summed PSS, ``peak_rss_mb`` of summed RSS (see :func:`tree_memory`),
    sampled every 50 ms (reading a process's PSS costs about 0.3 CPU-ms).
    """
    cpu0 = children_cpu()
    start = time.perf_counter()
    proc = psutil.Popen(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env={**USERS_ENVIRONMENT, **(env or {})},
    )
    peak = peak_rss = 0
    while proc.poll() is None:
        try:
            pss, rss = tree_memory(proc)
        except psutil.Error:
            pss = rss = 0
        peak, peak_rss = max(peak, pss), max(peak_rss, rss)
        time.sleep(0.05)
    wall = time.perf_counter() - start
    err = proc.stderr.read() if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err}")
    return {
        "wall": wall,
        "cpu": children_cpu() - cpu0,
        "peak_mb": peak / 2**20,
        "peak_rss_mb": peak_rss / 2**20,
        "stderr": err,
    }


BARE_IMPORTS = "import numpy, yaml\nfrom pydantic import BaseModel"
"""What ``validate`` cannot do without: ``import pydantic`` alone loads nothing (its names are
lazy), ``BaseModel`` loads the machinery that builds and runs validators."""


def wall_seconds(argv: list[str]) -> float:
    """Wall seconds of a short command, to the microsecond (:func:`timed` samples every 50 ms)."""
    start = time.perf_counter()
    subprocess.run(
        argv,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
        env=USERS_ENVIRONMENT,
    )
    return time.perf_counter() - start


def plain_run(
    root: Path, draws: int, extra: tuple[str, ...] = (), env: dict[str, str] | None = None
) -> dict:
    """One ``run`` of the baseline by the tree at ``root`` (its own ``sim``), report included."""
    scenario = root / SCENARIO.relative_to(ROOT)
    argv = [sys.executable, str(root / "run_sim.py"), "run", str(scenario), "--draws", str(draws)]
    with tempfile.TemporaryDirectory() as folder:
        return timed([*argv, "--quiet", "--out", str(Path(folder) / "run"), *extra], env)


def _median(runs: list[dict], key: str) -> float:
    return float(np.median([r[key] for r in runs]))


def against(revision: str, sizes: list[int], pairs: int) -> None:
    """Before and after, side by side: ``revision`` and this tree, run in turn ``pairs`` times.

    Timings on a shared virtual machine drift by up to a third from hour to hour; runs taken in
    turn see the same machine. The revision is exported with ``git archive`` to a temporary
    folder and runs there on this environment's packages, with its own ``sim`` package (a
    script's folder comes first on ``sys.path``). Each tree makes one warm-up run first (its
    pipeline cache entries: the cache key holds the pipeline's source); the pairs alternate which
    tree runs first.
    """
    with tempfile.TemporaryDirectory() as folder:
        old = Path(folder) / "before"
        old.mkdir()
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", revision], capture_output=True, check=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(old)], input=archive, check=True)
        for root in (old, ROOT):
            plain_run(root, 2000)
        print(f"\n## before ({revision}) and after (this tree), {pairs} runs each, in turn")
        print(
            f"{'draws':>9}  {'wall s before':>14} {'after':>6}  {'CPU s before':>13} {'after':>6}"
            f"  {'peak MB before':>15} {'after':>6}"
        )
        for n in sizes:
            runs: dict[Path, list[dict]] = {old: [], ROOT: []}
            for pair in range(pairs):
                for root in (old, ROOT) if pair % 2 == 0 else (ROOT, old):  # neither always first
                    runs[root].append(plain_run(root, n))

            before, after = runs[old], runs[ROOT]
            print(
                f"{n:>9,}  {_median(before, 'wall'):>14.2f} {_median(after, 'wall'):>6.2f}  "
                f"{_median(before, 'cpu'):>13.2f} {_median(after, 'cpu'):>6.2f}  "
                f"{_median(before, 'peak_mb'):>15.0f} {_median(after, 'peak_mb'):>6.0f}"
            )


def run_once(draws: int, extra: tuple[str, ...] = (), env: dict[str, str] | None = None) -> dict:
    """One ``run`` of the baseline by this tree, report included, with its timings."""
    result = plain_run(ROOT, draws, ("--timings", *extra), env)
    line = [x for x in result["stderr"].splitlines() if x.startswith("timings:")][-1]
    phases = line.split("; CPU:")[0].replace("(of which", "; of which")
    result["phases"] = {name.strip(): float(s) for name, s in PHASE.findall(phases)}
    result["startup_cpu"] = float(re.search(r"start-up (\d+\.\d+)", line).group(1))
    result["draws"] = draws
    return result


FIGURE_COSTS = """
import json, time
from matplotlib.text import Text
from sim.cli.common import load_scenario_or_fail, load_setup
from sim.cli.run import target_inputs
from sim.execution.simulate import simulate
from sim.model.indicators import HEADLINE
from sim.outputs.plots import figure_bytes, standard_figure_makers
setup = load_setup()
ensemble = simulate(load_scenario_or_fail("baseline"), setup=setup, keep=HEADLINE)
scorecard, tornadoes = target_inputs(ensemble, setup)
makers = standard_figure_makers([ensemble], scorecard=scorecard.table, tornadoes=tornadoes)
out = {}
for name, make in makers.items():
    t = time.process_time()
    fig = make()
    built = time.process_time() - t
    t = time.process_time()
    figure_bytes(fig)
    out[name] = {"build": built, "draw": time.process_time() - t, "axes": len(fig.axes),
                 "texts": len(fig.findobj(Text))}
print(json.dumps(out))
"""
"""Builds and draws the default run's report figures one at a time in one process."""


def figure_costs() -> dict[str, dict[str, float]]:
    """CPU seconds to build and to draw (lay out, render, encode) each figure of a run's report."""
    done = subprocess.run(
        [sys.executable, "-c", FIGURE_COSTS], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(done.stdout.splitlines()[-1])


def floor_seconds(draws: int) -> dict[str, float]:
    """CPU seconds of what any implementation of the run must do, measured here.

    - random numbers: the model's 111 a draw (inputs, events, 3 group and 11 sector shocks a
      year, the series shocks, the sampled parameters), PCG64 standard normals;
    - arithmetic: per year, the sector block's two 11 x 11 products (spillovers, shock
      correlation) and one pass over the year's 59 indicators;
    - output: the draws file's 28 indicators and 6 years a draw, written to a file;
    - percentiles: a histogram pass (bin index and count) over the 354 summary columns.
    """
    rng = np.random.Generator(np.random.PCG64(0))
    block = 4096
    blocks = -(-draws // block)
    m = rng.standard_normal((11, 11))
    out = {}
    t = time.process_time()
    for _ in range(blocks):
        rng.standard_normal((block, 111))
    out["random numbers"] = time.process_time() - t
    x = rng.standard_normal((block, 11))
    ind = np.empty((block, 59))
    t = time.process_time()
    for _ in range(blocks):
        for _year in range(5):
            y = x @ m
            y = y @ m
            ind[:, :11] = y
            ind *= 1.0001
    out["arithmetic"] = time.process_time() - t
    table = rng.standard_normal((block, 28 * 6))
    with tempfile.TemporaryFile() as f:
        t = time.process_time()
        for _ in range(blocks):
            table.tofile(f)
        out["output"] = time.process_time() - t
    chunk = min(draws, 32 * block)  # draws counted at once, at most a chunk as the engine does
    cols = rng.standard_normal((chunk, 354))
    counts = np.zeros(354 * 8194, dtype=np.int64)
    offsets = np.arange(354, dtype=np.int32) * 8194
    t = time.process_time()
    for _ in range(-(-draws // chunk)):
        index = (cols * 1000.0 + 4096.0).astype(np.int32)
        np.clip(index, 0, 8193, out=index)
        index += offsets
        counts += np.bincount(index.ravel(), minlength=counts.size)
    out["percentiles"] = time.process_time() - t
    return out


def ema_rates(python: str, experiments: int) -> dict | None:
    """Draws per second of EMA's sequential evaluator over the scalar reference (its own Python)."""
    code = f"""
import json, time, numpy as np
from ema_workbench import Model, RealParameter, ScalarOutcome, perform_experiments
from ema_workbench.em_framework.evaluators import SequentialEvaluator
from sim.execution.simulate import ModelSetup
from sim.execution.streams import draw_range
from sim.inputs.scenario import load_scenario
from sim.model.reference import project_reference
from dataclasses import replace
setup = ModelSetup.load()
scenario = load_scenario({str(SCENARIO)!r})
drivers, innov = draw_range(scenario, 0, {experiments})  # the random inputs, drawn beforehand
params = setup.parameter_set.parameters
def pick(i):
    take = lambda a: a[i : i + 1]
    d = replace(drivers, inputs={{k: take(v) for k, v in drivers.inputs.items()}},
                events=take(drivers.events))
    n = replace(innov, group=take(innov.group), sector=take(innov.sector),
                series={{k: take(v) for k, v in innov.series.items()}})
    return d, n
def one(draw=0.0):
    d, n = pick(int(draw))
    out = project_reference(setup.baseline, params, d, n)
    return {{"gdp": float(np.asarray(out["gdp"])[0, -1])}}
model = Model("cqsim", function=one)
model.uncertainties = [RealParameter("draw", 0, {experiments} - 1e-9)]
model.outcomes = [ScalarOutcome("gdp")]
with SequentialEvaluator(model) as evaluator:
    start = time.perf_counter()
    perform_experiments(model, {experiments}, evaluator=evaluator)
    print(json.dumps({{"ema_draws_per_s": {experiments} / (time.perf_counter() - start)}}))
"""
    try:
        done = subprocess.run(
            [python, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
        )
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"  EMA Workbench not measured: {getattr(exc, 'stderr', exc)!s:.300}")
        return None
    return json.loads(done.stdout.strip().splitlines()[-1])


def simulate_rate(draws: int) -> float:
    """Draws per second of ``sim.execution.simulate.simulate`` alone, in this process."""
    from sim.execution.simulate import ModelSetup, simulate
    from sim.inputs.scenario import load_scenario

    setup = ModelSetup.load()
    scenario = load_scenario(SCENARIO)
    simulate(scenario, draws=200, setup=setup)
    start = time.perf_counter()
    simulate(scenario, draws=draws, setup=setup)
    return draws / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, nargs="+", default=[2000, 20000, 100000, 1000000])
    parser.add_argument("--engines-at", type=int, default=None, help="default: the largest")
    parser.add_argument("--ema-python", default=None)
    parser.add_argument("--ema-experiments", type=int, default=300)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument(
        "--against",
        metavar="REVISION",
        help="only compare with a git revision: both run in turn (medians of --pairs runs)",
    )
    parser.add_argument("--pairs", type=int, default=3)
    args = parser.parse_args()
    if args.against:
        against(args.against, [2000, 20000] if args.quick else sorted(args.draws), args.pairs)
        return
    sizes = [2000, 20000] if args.quick else sorted(args.draws)
    print(f"machine: {os.cpu_count()} CPUs, {psutil.virtual_memory().total / 2**30:.0f} GiB")
    if "PYTHONDONTWRITEBYTECODE" in os.environ:
        print("PYTHONDONTWRITEBYTECODE is set here; the commands run without it, as users run it")
    run_once(2000)  # warm-up: pipeline cache, file cache, compiled bytecode

    print("\n## run scenarios/baseline.yaml (report included), after one warm-up run")
    print(
        f"{'draws':>9} {'wall s':>7} {'CPU s':>7} {'peak MB':>8} {'(RSS)':>7} {'draws/s':>9}  "
        "phases (of wall)"
    )
    runs = []
    for n in sizes:
        r = run_once(n)
        runs.append(r)
        shares = ", ".join(f"{k} {v / r['wall']:.0%}" for k, v in r["phases"].items())
        print(
            f"{n:>9,} {r['wall']:>7.2f} {r['cpu']:>7.2f} {r['peak_mb']:>8.0f} "
            f"{r['peak_rss_mb']:>7.0f} {n / r['wall']:>9,.0f}  "
            f"start-up {r['startup_cpu']:.2f} CPU-s; {shares}"
        )
    slope = fixed = float("nan")
    if len(runs) >= 2:
        x = np.array([r["draws"] for r in runs], dtype=float)
        y = np.array([r["cpu"] for r in runs])
        slope, fixed = np.polyfit(x, y, 1)
        residual = np.abs(y - (fixed + slope * x)).max()
        print(
            f"fixed cost {fixed:.2f} CPU-s, then {slope * 1e6:.2f} CPU-us a draw "
            f"(largest deviation from the line {residual:.2f} CPU-s)"
        )

    print("\n## a first run: 2,000 draws, the pipeline cache empty")
    with tempfile.TemporaryDirectory() as cache:
        cold = run_once(2000, env={"CQSIM_PIPELINE_CACHE": cache})
    shares = ", ".join(f"{k} {v:.1f} s" for k, v in cold["phases"].items())
    print(
        f"{cold['wall']:.2f} s wall {cold['cpu']:.2f} CPU-s: {shares}\n"
        "(what a user waits for on the first run of a scenario, or after changing a pipeline "
        "input: the scenario's pipeline replications, and the tornado's pipeline variants)"
    )

    print("\n## validate (best of five)")
    validate = min(wall_seconds([*RUN, "validate", str(SCENARIO)]) for _ in range(5))
    print(f"validate: {validate:.2f} s wall")

    engines = {}
    at = args.engines_at or (sizes[-1] if not args.quick else 20000)
    print(f"\n## engines at {at:,} draws (report included)")
    for label, extra in (
        ("local, 1 worker", ("--workers", "1")),
        ("local, 2 workers", ("--workers", "2")),
        ("dask, 2 workers", ("--engine", "dask", "--workers", "2")),
    ):
        r = run_once(at, extra)
        engines[label] = r
        print(
            f"{label:<18} {r['wall']:>7.2f} s wall {r['cpu']:>7.2f} CPU-s {r['peak_mb']:>6.0f} MB "
            f"(RSS {r['peak_rss_mb']:.0f} MB)"
        )

    print("\n## floor, measured now (CPU seconds)")
    floors = {}
    for r in runs:
        parts = floor_seconds(r["draws"])
        floors[r["draws"]] = sum(parts.values())
        detail = ", ".join(f"{k} {v:.2f}" for k, v in parts.items())
        print(
            f"{r['draws']:>9,}: floor {floors[r['draws']]:.2f} ({detail}); "
            f"run {r['cpu']:.2f} CPU-s = {r['cpu'] / max(floors[r['draws']], 1e-9):.0f} x floor"
        )

    if args.ema_python:
        print("\n## against EMA Workbench (sequential evaluator, scalar reference)")
        ema = ema_rates(args.ema_python, args.ema_experiments)
        if ema is not None:
            ours = simulate_rate(20000)
            whole = run_once(20000)
            rate = ema["ema_draws_per_s"]
            print(f"EMA sequential evaluator: {rate:,.0f} draws/s")
            print(f"cqsim simulate(), 20,000 draws: {ours:,.0f} draws/s ({ours / rate:,.0f} x EMA)")
            print(
                f"cqsim run command, 20,000 draws: {20000 / whole['wall']:,.0f} draws/s "
                f"({20000 / whole['wall'] / rate:,.1f} x EMA; EMA would take "
                f"{20000 / rate:.1f} s, the run took {whole['wall']:.1f} s)"
            )

    print("\n## the report's figures, one process, one at a time (CPU seconds)")
    figures = figure_costs()
    for name, f in figures.items():
        print(
            f"{name:<16} build {f['build']:.2f} draw {f['draw']:.2f} "
            f"({f['axes']:.0f} axes, {f['texts']:.0f} texts)"
        )
    figure_cpu = sum(f["build"] + f["draw"] for f in figures.values())
    texts = sum(f["texts"] for f in figures.values())
    print(
        f"all {len(figures)}: {figure_cpu:.2f} CPU-s, {texts:.0f} text objects "
        f"({1000 * figure_cpu / texts:.1f} CPU-ms each); at best {figure_cpu / 2:.2f} s wall "
        "on 2 CPUs"
    )
    lean = {}
    for n in [n for n in sizes if n <= 20000]:
        lean[n] = run_once(n, ("--no-report",))
        print(
            f"run --no-report, {n:,} draws: {lean[n]['wall']:.2f} s wall {lean[n]['cpu']:.2f} CPU-s"
        )

    print("\n## goals (issue 17)")
    cpus = os.cpu_count() or 1
    imports = min(wall_seconds([sys.executable, "-c", BARE_IMPORTS]) for _ in range(5))
    dask_start = dask_start_and_stop()
    by = {r["draws"]: r for r in runs}
    goals: list[Goal] = []
    if 1_000_000 in by:
        r, floor = by[1_000_000], floors[1_000_000]
        bound = floor + figure_cpu
        because = f"the floor {floor:.1f} + the report's figures {figure_cpu:.1f} CPU-s"
        goals += [
            Goal("run 1M draws under 15 CPU-s", r["cpu"], 15, bound, because),
            Goal(
                "run 1M draws under 10 s wall",
                r["wall"],
                10,
                bound / cpus,
                f"({because}) / {cpus} CPUs",
            ),
            Goal("run 1M draws peak memory (PSS) under 1.5 GB", r["peak_mb"], 1536, 0, ""),
            Goal("run 1M draws within 3 x the floor", r["cpu"] / floor, 3, bound / floor, because),
        ]
    for n, limit in ((20000, 2.0), (2000, 1.5)):
        if n in by:
            because = f"the report's figures {figure_cpu:.1f} CPU-s / {cpus} CPUs"
            goals.append(
                Goal(
                    f"run {n // 1000}k draws under {limit} s wall",
                    by[n]["wall"],
                    limit,
                    figure_cpu / cpus,
                    because,
                )
            )
    because = "Python importing numpy, PyYAML and pydantic's BaseModel, and nothing else"
    goals.append(Goal("validate under 0.5 s wall", validate, 0.5, imports, because))
    one, two = engines["local, 1 worker"]["wall"], engines["local, 2 workers"]["wall"]
    dask = engines["dask, 2 workers"]["wall"]
    goals.append(Goal(f"2 workers faster than 1 at {at:,} draws", two / one, 1, 0, ""))
    moving = dask - two - dask_start
    because = f"the local cluster's start and stop {dask_start:.1f} s (the other {moving:.1f} s"
    because += " are Dask's scheduling and transfers, not measured apart)"
    goals.append(
        Goal(
            f"Dask within 1.2 x local at {at:,} draws",
            dask / two,
            1.2,
            (two + dask_start) / two,
            because,
        )
    )
    for goal in goals:
        print(goal.line())
    if 1_000_000 in by and any(g.unmet() and g.text.startswith("run 1M") for g in goals):
        per_draw_needs(by[1_000_000], floors[1_000_000], fixed, slope)


def per_draw_needs(run: dict, floor: float, fixed: float, slope: float) -> None:
    """What a draw may cost for 1,000,000 draws within 3 x the floor, and what it costs now.

    The budget a draw is (3 x floor - the fixed cost) / 1,000,000; the parts are
    ``bench_core.measure`` at 200,000 draws in this process (one worker, so they add up to
    somewhat more than the run's cost a draw on two), the draws file's seconds from the run's
    ``--timings``. A numpy operation: ``np.multiply`` of two blocks of 4,096 draws into a
    third, the cheapest thing the vectorized model does many times a year.
    """
    from bench_core import PARTS, measure

    from sim.execution.streams import BLOCK
    from sim.inputs.scenario import load_scenario

    draws = run["draws"]
    years = len(load_scenario(SCENARIO).years)
    budget = (3 * floor - fixed) / draws
    print("\n## what the 1M-draw goals not met need (CPU-us a draw)")
    print(
        f"within 3 x the floor: 3 x {floor:.2f} - the fixed cost {fixed:.2f} CPU-s = "
        f"{budget * 1e6:.1f} a draw; now {slope * 1e6:.1f} a draw "
        f"({slope / budget:.1f} x the budget)"
    )
    n = 200_000
    parts = measure(n)
    drawn = run["phases"].get("of which the draws file", float("nan"))
    costs = {p: parts[p] / n for p in PARTS}
    costs["pickling to the parent"] = parts["pickling"] / n
    costs["draws file (parent)"] = drawn / draws
    print(", ".join(f"{k} {v * 1e6:.1f}" for k, v in costs.items()))
    a, b, c = (np.random.default_rng(0).standard_normal(BLOCK) for _ in range(3))
    reps = 20_000
    t = time.process_time()
    for _ in range(reps):
        np.multiply(a, b, out=c)
    op = (time.process_time() - t) / reps
    year = parts["model years"] / (n / BLOCK) / years
    print(
        f"one numpy operation on a block of {BLOCK:,} draws: {op * 1e6:.2f} CPU-us "
        f"({op / BLOCK * 1e9:.2f} ns a draw); a model year of a block takes {year * 1e3:.1f} "
        f"CPU-ms, the time of {year / op:,.0f} such operations"
    )
    print(
        f"the model's years alone take {costs['model years'] * 1e6:.1f} CPU-us a draw, "
        f"{costs['model years'] / budget:.1f} x the whole budget; on average every part would "
        f"have to cost {slope / budget:.1f} times less"
    )


@dataclass
class Goal:
    """A goal, the measured figure, and the lowest figure this machine allows, measured.

    ``CANNOT`` where that lower bound is itself at or above the goal: no change of cqsim's code
    that keeps what the run produces could meet it here.
    """

    text: str
    value: float
    limit: float
    bound: float
    because: str

    def unmet(self) -> bool:
        """Not met, though this machine's bound allows it."""
        return self.value >= self.limit and self.bound < self.limit

    def line(self) -> str:
        """One line: status, goal, measured figure, and the measured bound where not met."""
        if self.value < self.limit:
            return f"MET     {self.text}: {self.value:.2f}"
        status = "NOT MET" if self.unmet() else "CANNOT "
        return (
            f"{status} {self.text}: {self.value:.2f}; "
            f"at least {self.bound:.2f} here: {self.because}"
        )


def dask_start_and_stop() -> float:
    """Wall seconds to start and close the Dask engine's local cluster of two workers."""
    code = "from sim.execution.executors import DaskEngine\nDaskEngine(workers=2).close()"
    bare = min(
        wall_seconds([sys.executable, "-c", "import sim.execution.executors"]) for _ in range(3)
    )
    return min(wall_seconds([sys.executable, "-c", code]) for _ in range(3)) - bare


if __name__ == "__main__":
    main()
