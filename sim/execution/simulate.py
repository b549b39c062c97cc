"""Run a scenario's Monte Carlo draws in chunks through the vectorized model.

Chunks only group draws for memory and scheduling: the random inputs come from fixed blocks
(``sim.execution.streams``) and summaries are merged exactly (``sim.execution.summaries``), so the
results are identical for every chunk size and engine (``sim.execution.executors``).
"""

from __future__ import annotations

import hashlib
import platform
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any

import numpy as np

from sim.execution import allocator
from sim.execution.executors import Engine, LocalEngine
from sim.execution.results_guard import Violation, find_violation, first_cure, result_error
from sim.execution.streams import BLOCK, draw_parameters, draw_range, reference_arrays
from sim.execution.summaries import EXACT_LIMIT, RunningSummary
from sim.inputs.levers import ALL_INPUTS, ASSUMPTIONS, BASE_YEAR
from sim.inputs.parameters_file import ParameterSet, Uncertainty, load_parameters
from sim.inputs.scenario.schema import Scenario, default_value
from sim.inputs.seeds import Seeds, load_seeds
from sim.model.core import ReferencePath, project, reference_path
from sim.model.indicators import HEADLINE, INDICATORS
from sim.model.interface import Baseline
from sim.model.sectors import SECTORS
from sim.version import package_version

if TYPE_CHECKING:  # pragma: no cover
    from sim.pipeline.paths import ReplicationPaths
    from sim.results import Comparison, Ensemble

DEFAULT_CHUNK = 8 * BLOCK
"""Draws per task (32,768). A task projects them block by block (small arrays are faster) and
summarises them at once: its table of every indicator takes 93 MB (59 indicators, 2025-2030;
above the exact limit a work array reused by every chunk), and it returns the kept indicators
of its draws (44 MB for the 28 headline indicators to 2030) with its partial summary (about
10 MB of sketch counts above the exact limit)."""


_SCRATCH = threading.local()
"""Each thread's work array for the results of a sketched chunk (see ``_scratch``)."""


def _scratch(shape: tuple[int, ...]) -> np.ndarray:
    """An uninitialised array of ``shape``, reused by every sketched chunk this thread runs.

    A chunk's results take about 90 MB; a fresh array of that size is new memory whose every
    4 KB page the first write faults in, which cost about a fifth of the model's time on this
    project's 2-core machine. The array stays with the thread until :func:`_release_scratch`
    (a Dask worker keeps it between runs).
    """
    size = int(np.prod(shape))
    buffer: np.ndarray | None = getattr(_SCRATCH, "buffer", None)
    if buffer is None or buffer.size < size:
        buffer = _SCRATCH.buffer = np.empty(size)
    return buffer[:size].reshape(shape)


def _release_scratch() -> None:
    """Free this thread's work array (at the end of a run)."""
    _SCRATCH.buffer = None


def baseline_from_seeds(seeds: Seeds) -> Baseline:
    """The model's 2025 state from the seeds (RMB billion, percent, vehicles)."""
    va = seeds.sector_va()
    return Baseline(
        va=np.array([va[s] for s in SECTORS]),
        **{name: seeds.value(name) for name in Baseline.field_names()},
    )


@dataclass(frozen=True)
class ModelSetup:
    """What every run needs besides the scenario: seeds and parameters, with their provenance."""

    seeds: Seeds
    parameter_set: ParameterSet

    @classmethod
    def load(cls) -> ModelSetup:
        """Read the shipped ``seeds/`` and ``calibration/parameters.yaml``."""
        return cls(seeds=load_seeds(), parameter_set=load_parameters())

    @cached_property
    def baseline(self) -> Baseline:
        """2025 starting state (built once per setup)."""
        return baseline_from_seeds(self.seeds)

    def reference_path(self, years: tuple[int, ...]) -> ReferencePath:
        """The reference run of the central parameters over ``years`` (computed once per setup)."""
        cache: dict[tuple[int, ...], ReferencePath] = self.__dict__.setdefault("_references", {})
        if years not in cache:
            cache[years] = reference_path(
                self.baseline, self.parameter_set.parameters, reference_arrays(list(years))
            )
        return cache[years]

    def with_parameters_fixed(self, values: dict[str, np.ndarray]) -> ModelSetup:
        """The setup with the sampled parameters in ``values`` fixed in every draw.

        Each becomes a point mass at its value (draws clipped to [value, value]); the central
        parameters, and so the reference path (computed once, kept), are unchanged. Parameters
        not in ``values`` keep their distributions.
        """
        uncertainty = dict(self.parameter_set.uncertainty)
        for name, value in values.items():
            uncertainty[name] = Uncertainty(dist="normal", low=value, high=value, se=0.0)
        fixed = replace(self, parameter_set=replace(self.parameter_set, uncertainty=uncertainty))
        for cached in ("baseline", "_references"):  # they depend on the central values only
            if cached in self.__dict__:
                fixed.__dict__[cached] = self.__dict__[cached]
        return fixed

    @cached_property
    def seeds_sha256(self) -> str:
        """SHA-256 of the seeds file, for manifests (read once per setup)."""
        return hashlib.sha256(self.seeds.path.read_bytes()).hexdigest()


def chunks(draws: int, chunk_size: int) -> Iterator[tuple[int, int]]:
    """Consecutive (start, stop) ranges covering ``draws``."""
    if chunk_size < 1:
        raise ValueError("chunk_size must be positive")
    for start in range(0, draws, chunk_size):
        yield start, min(start + chunk_size, draws)


def run_chunk(
    scenario: Scenario,
    setup: ModelSetup,
    start: int,
    stop: int,
    out_table: np.ndarray | None = None,
    pipeline: ReplicationPaths | None = None,
) -> dict[str, np.ndarray]:
    """Project draws ``start`` to ``stop - 1``: every indicator shaped (draws, years + 1).

    ``out_table`` (draws, indicators, years + 1), if given, receives the results (see
    :func:`sim.model.core.project`). With ``pipeline`` (the scenario's replications), each draw
    takes the investment pipeline's paths and project counts of its replication; without it the
    model runs its reduced form.
    """
    drivers, innovations = draw_range(scenario, start, stop)
    if pipeline is not None:
        paths, counts = pipeline.for_draws(start, stop)
        drivers = replace(drivers, inputs={**drivers.inputs, **counts}, pipeline=paths)
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, start, stop)
    reference = setup.reference_path(tuple(scenario.years))
    return project(setup.baseline, params, drivers, innovations, out_table, reference)


@dataclass(frozen=True)
class RunPlan:
    """What every chunk of a run needs; sent once to each worker.

    Attributes
    ----------
    scenario, setup
        The scenario (draws and seed final) and the model setup.
    template : RunningSummary
        Empty summary whose sketch bins every chunk counts into.
    keep : tuple of str
        Indicators whose draws each chunk returns (for the draws file).
    retain : int
        Chunks with draws below this index also return every indicator (the in-memory sample).
    pipeline : ReplicationPaths, optional
        The scenario's investment pipeline replications (None: the reduced form).
    """

    scenario: Scenario
    setup: ModelSetup
    template: RunningSummary
    keep: tuple[str, ...]
    retain: int
    pipeline: ReplicationPaths | None = None

    @property
    def years(self) -> list[int]:
        """Calendar years of the results: the base year, then the projected years."""
        return [BASE_YEAR, *self.scenario.years]


def guard_error(
    scenario: Scenario,
    setup: ModelSetup,
    pipeline: ReplicationPaths | None,
    violation: Violation,
) -> Exception:
    """The results guard's error for ``violation``, naming the first input that causes it.

    The violating draw is recomputed without each candidate in turn (see
    :mod:`sim.execution.results_guard`): each input the scenario sets, at its registry default;
    each event, left out; the investment pipeline, replaced by the reduced form; the sampled
    parameter uncertainty, at the parameters' point values.
    """
    d = violation.draw
    names = tuple(INDICATORS)

    def table(s: Scenario, ms: ModelSetup, paths: ReplicationPaths | None) -> np.ndarray:
        out = run_chunk(s, ms, d, d + 1, pipeline=paths)
        return np.stack([out[k] for k in names], axis=1)

    drivers, _ = draw_range(scenario, d, d + 1)
    t = violation.cell[1] - 1  # inputs start in the first projected year
    reruns: dict[str, Callable[[], np.ndarray]] = {}
    for name, spec in ALL_INPUTS.items():
        if name in scenario.given:
            group = "assumptions" if name in ASSUMPTIONS else "levers"
            value = f" ({drivers.inputs[name][0, t]:g} in this draw)" if t >= 0 else ""
            inputs = {**scenario.inputs, name: default_value(spec, scenario.horizon)}
            reruns[f"{group}.{name}{value}"] = partial(
                table, replace(scenario, inputs=inputs), setup, pipeline
            )
    for event in scenario.events:
        others = tuple(e for e in scenario.events if e is not event)
        reruns[f"the event {event.name!r}"] = partial(
            table, replace(scenario, events=others), setup, pipeline
        )
    if pipeline is not None:
        label = f"the investment pipeline (pipeline_replications: {pipeline.replications})"
        reruns[label] = partial(table, scenario, setup, None)
    if setup.parameter_set.uncertainty:
        fixed = replace(setup, parameter_set=replace(setup.parameter_set, uncertainty={}))
        reruns["the sampled uncertainty of the parameters"] = partial(
            table, scenario, fixed, pipeline
        )
    cure = first_cure(violation, list(reruns), lambda label: reruns[label](), names)
    return result_error(violation, cure, scenario.name)


@dataclass
class ChunkResult:
    """What a chunk sends back: its partial summary and the draws asked for.

    ``table`` (draws, indicators x years) holds every indicator of the chunk's draws when the
    parent needs them all (an exact summary, or the in-memory sample of a long run); it is the
    very array the partial summary keeps, so it is pickled once. Otherwise ``kept`` holds the
    ``keep`` indicators only, (kept, years + 1, draws), in one array.
    """

    start: int
    stop: int
    summary: RunningSummary
    table: np.ndarray | None
    kept: np.ndarray | None

    def indicators(self, names: tuple[str, ...], n_years: int) -> dict[str, np.ndarray]:
        """Every indicator of the chunk's draws, (draws, years + 1) each (needs ``table``)."""
        assert self.table is not None
        cube = self.table.reshape(self.stop - self.start, len(names), n_years)
        return {name: cube[:, i, :] for i, name in enumerate(names)}

    def kept_draws(self, plan: RunPlan) -> dict[str, np.ndarray]:
        """The ``keep`` indicators of the chunk's draws, (draws, years + 1) each."""
        if not plan.keep:
            return {}
        if self.kept is None:
            every = self.indicators(plan.template.names, len(plan.years))
            return {k: every[k] for k in plan.keep}
        return {k: self.kept[i].T for i, k in enumerate(plan.keep)}


def summarise_chunk(plan: RunPlan, start: int, stop: int) -> ChunkResult:
    """Run draws ``start`` to ``stop - 1`` block by block and summarise them.

    Blocks keep the working arrays small (about 0.4 MB a sector array), which is faster than one
    large array; a chunk only sets how much work one task carries.

    A chunk that returns every indicator holds its results as (draws, indicators, years), the
    layout the parent reads (making it from the other layout would cost a transposed copy,
    more than its strided writes cost). Any other chunk holds them as (indicators, years,
    draws): each year's write of an indicator, the sketch's pass over each column and the
    copy of the kept indicators are then contiguous.
    """
    summary = plan.template.empty_part()
    names = summary.names
    n = stop - start
    every = summary.is_exact or start < plan.retain
    if every:
        table = np.empty((n, len(names), summary.n_years))
        columns = table.reshape(n, -1)
    else:
        cube = _scratch((len(names), summary.n_years, n))  # nothing returned refers to it
        table = cube.transpose(2, 0, 1)  # (draws, indicators, years), a view of the cube
        columns = cube.reshape(-1, n).T  # (draws, indicators x years), F order
    for lo in range(start, stop, BLOCK):
        hi = min(lo + BLOCK, stop)
        run_chunk(plan.scenario, plan.setup, lo, hi, table[lo - start : hi - start], plan.pipeline)
    violation = find_violation(table, names, plan.years, start)
    if violation is not None:
        raise guard_error(plan.scenario, plan.setup, plan.pipeline, violation)
    summary.add_table(start, columns)  # one sketch update per chunk; an exact summary keeps it
    if every:
        return ChunkResult(start, stop, summary, columns, None)
    keep = [names.index(k) for k in plan.keep]
    return ChunkResult(start, stop, summary, None, cube[keep] if keep else None)


def _concat(parts: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    if len(parts) == 1:
        return parts[0]
    return {k: np.concatenate([p[k] for p in parts]) for k in parts[0]} if parts else {}


def simulate(
    scenario: Scenario,
    *,
    draws: int | None = None,
    seed: int | None = None,
    chunk_size: int = DEFAULT_CHUNK,
    setup: ModelSetup | None = None,
    progress: Callable[[int], None] | bool | None = None,
    engine: Engine | None = None,
    keep: tuple[str, ...] = HEADLINE,
    on_chunk: Callable[[int, dict[str, np.ndarray]], None] | None = None,
    exact_limit: int = EXACT_LIMIT,
) -> Ensemble:
    """Run ``scenario`` and return its :class:`~sim.results.Ensemble`.

    Draws run in chunks on ``engine`` and stream into a
    :class:`~sim.execution.summaries.RunningSummary`, so memory stays bounded: the ensemble keeps
    every draw of every indicator only for runs of up to ``exact_limit`` draws, and the first
    ``exact_limit`` draws of longer runs (as a sample for scorecards); its summary always covers
    every draw.

    Parameters
    ----------
    draws, seed : int, optional
        Override the scenario's ``draws`` and ``seed``.
    chunk_size : int
        Draws per task, rounded up to whole blocks of ``sim.execution.streams.BLOCK`` (4,096) draws;
        changes memory use and scheduling, never the numbers.
    setup : ModelSetup, optional
        Seeds and parameters (default: the shipped files).
    progress : callable or bool, optional
        Called with the number of draws finished after each chunk; ``True`` shows a
        ``tqdm.auto`` progress bar (a widget in a notebook, a bar in a terminal).
    engine : Engine, optional
        Where chunks run (default: in this process).
    keep : tuple of str
        Indicators passed to ``on_chunk``.
    on_chunk : callable, optional
        Called in draw order with each chunk's first draw and its ``keep`` indicators, shaped
        (draws, years + 1): a sink that writes draws to disk as they come.
    exact_limit : int
        Largest run with exact percentiles (see ``sim.execution.summaries``).
    """
    scenario = scenario.with_overrides(draws=draws, seed=seed)
    setup = setup or ModelSetup.load()
    engine = engine or LocalEngine(workers=1)
    n = scenario.draws
    n_years = len(scenario.years) + 1
    names = tuple(INDICATORS)
    pipeline = None
    if scenario.pipeline_replications > 0:
        from sim.pipeline.paths import scenario_pipeline

        pipeline = scenario_pipeline(scenario)
    pilot = None
    if n > exact_limit:
        first = run_chunk(scenario, setup, 0, min(BLOCK, n), pipeline=pipeline)
        years = [BASE_YEAR, *scenario.years]
        violation = find_violation(np.stack([first[k] for k in names], axis=1), names, years)
        if violation is not None:  # before the pilot sets the summary's bins
            raise guard_error(scenario, setup, pipeline, violation)
        pilot = np.concatenate([first[k] for k in names], axis=1)
    template = RunningSummary(names, n_years, n, BLOCK, pilot=pilot, exact_limit=exact_limit)
    retain = min(n, exact_limit) if n > exact_limit else 0
    plan = RunPlan(scenario, setup, template, tuple(keep) if on_chunk else (), retain, pipeline)
    step = max(BLOCK, -(-chunk_size // BLOCK) * BLOCK)
    summary = template.empty_part()  # the template itself stays empty: it travels to workers
    sample: list[dict[str, np.ndarray]] = []
    bar, update = _progress(progress, n)
    try:
        for result in engine.map(summarise_chunk, plan, list(chunks(n, step))):
            summary.merge(result.summary)
            if not summary.is_exact and result.start < retain:
                every = result.indicators(names, n_years)
                sample.append({k: v[: retain - result.start] for k, v in every.items()})
            if on_chunk is not None:
                on_chunk(result.start, result.kept_draws(plan))
            if update is not None:
                update(result.stop - result.start)
    finally:
        _release_scratch()
        allocator.release_freed_memory()
        if bar is not None:
            bar.close()
    if summary.is_exact:
        values = dict(zip(names, np.split(summary.table(), len(names), axis=1), strict=True))
    else:
        values = {k: v[:retain] for k, v in _concat(sample).items()}
    provenance = {
        "package_version": package_version(),
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "parameters_file": str(setup.parameter_set.path),
        "parameters_sha256": setup.parameter_set.sha256,
        "parameters_status": setup.parameter_set.status,
        "seeds_file": str(setup.seeds.path),
        "seeds_sha256": setup.seeds_sha256,
        "pipeline": pipeline.provenance if pipeline is not None else {"replications": 0},
    }
    from sim.results import Ensemble  # pandas: not in the workers, which only run chunks

    return Ensemble(scenario=scenario, values=values, provenance=provenance, stats=summary)


def compare(
    *scenarios: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    setup: ModelSetup | None = None,
    progress: Callable[[int], None] | bool | None = None,
    engine: Engine | None = None,
) -> Comparison:
    """Run scenarios on common random numbers and difference each with the first, draw by draw.

    Every scenario runs with one seed and one number of draws (by default the first
    scenario's), so draw i of each uses the same random numbers and the difference shows the
    scenario, not noise.

    Parameters
    ----------
    *scenarios : Scenario
        The reference first, then the scenarios compared with it (names must differ).
    draws, seed : int, optional
        For every scenario (default: the reference's).
    setup, engine
        As for :func:`simulate`.
    progress : callable or bool, optional
        As for :func:`simulate`; ``True`` shows one bar over all the runs.

    Returns
    -------
    Comparison
        The runs and their paired differences (:func:`sim.results.paired_differences`).
    """
    if len(scenarios) < 2:
        raise ValueError("compare needs a reference scenario and at least one other")
    names = [s.name for s in scenarios]
    if len(set(names)) < len(names):
        raise ValueError(f"each scenario of a comparison needs its own name, got {names}")
    draws = scenarios[0].draws if draws is None else draws
    seed = scenarios[0].seed if seed is None else seed
    setup = setup or ModelSetup.load()
    bar, update = _progress(progress, draws * len(scenarios))
    try:
        runs = tuple(
            simulate(s, draws=draws, seed=seed, setup=setup, engine=engine, progress=update)
            for s in scenarios
        )
    finally:
        if bar is not None:
            bar.close()
    from sim.results import Comparison, paired_differences

    return Comparison(ensembles=runs, differences=paired_differences(runs))


def _progress(
    progress: Callable[[int], None] | bool | None, total: int
) -> tuple[Any, Callable[[int], None] | None]:
    """A progress bar and its update function, as ``progress`` asks.

    ``True``: a ``tqdm.auto`` bar (a widget in a notebook, a bar in a terminal); a callable is
    used as it is; anything else shows nothing.
    """
    if progress is True:
        from tqdm.auto import tqdm

        bar: Any = tqdm(total=total, unit="draw", unit_scale=True)
        return bar, bar.update
    if callable(progress):
        return None, progress
    return None, None
