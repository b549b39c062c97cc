"""One replication of the investment pipeline: a discrete-event simulation with simpy.

Projects of each type (``PROJECT_TYPES``) arrive at uniform random times through each year, the
year's count rounded stochastically (600.4 a year: 601 with probability 0.4). Each then passes::

    approval ─> land quota ─> financing ─> construction slot ─> construction ─> commissioning
    (delay)     (pool, FIFO)  (pool, FIFO)  (slots, FIFO)         (delay)         (delay)
                                                                   ─> ramp-up (capacity online)

*Approval* takes a log-normal time shortened by ``approval_speedup`` percent; a share of projects
is dropped there. *Land* and *financing* are pools refilled every month with a twelfth of a yearly
flow (land quota; lenders' capacity, which ``financing_capacity``, ``credit_growth`` and
``debt_resolution_pace`` move) and served first come, first served: a request waits until the pool
holds its amount, and the requests behind it wait too. A project that waits longer than its type's
patience for either is abandoned (checked monthly). *Construction slots* bound the projects under
construction at once (industrial and infrastructure; technological transformation happens inside
running plants). A share of constructions stops for good at a uniform point. Commissioning and
ramp-up use no shared resource and are computed after the event loop.

Events are kept few, as simpy costs a few microseconds each: the end of construction is a
timeout; land, financing and slots are ``simpy.Container`` stocks whose uncontested requests are
granted on the spot without an event (``_Stock``), so only waiting costs events; everything after
construction is computed with numpy. The ends of approval (about 70% of all events, and known
before the loop starts) are not simpy events: the loop merges their sorted list with simpy's
event queue, in exactly the order simpy would have run them as timeouts (``_Simulation.run``;
the tests hold it to that plain simpy form, ``run_as_timeouts``, bit for bit). This reads
simpy's queue, its clock and its event counter, which simpy 4 keeps as ``Environment._queue``,
``_now`` and ``_eid``; the dependency is pinned below simpy 5. Every random number is drawn up
front, per arrival year and type from its own generator, so that changing one input leaves the
draws of the others unchanged (common random numbers).

Money. A project's budget is its size; its cost is budget x overrun factor. It spends its approval
share of the budget uniformly over approval, then the rest of its cost over construction and
commissioning in proportion to their shares, uniformly within each stage. A completed project thus
spends exactly its cost; a project dropped at approval or while waiting spends its approval share;
one stopped in construction spends up to the stopping point. Spending before the base year or
after the horizon is not in the yearly arrays (the trace keeps it).

Capacity. A completed project adds ``capacity_yield[sector] x budget`` of annual real value-added
capacity (RMB billion, 2025 prices), coming online linearly over ramp-up; automotive NEV projects
add ``nev_vehicles_per_bn x budget`` vehicles a year the same way.

Time runs in calendar years (2026.5 is mid-2026). The event loop starts ``burn_in_years`` before
the first projected year; the last of those years is the base year (2025) of the returned arrays.
Projects that arrived in the ``history_years`` before it (all at the reference inputs) are not
simulated event by event: nothing queues at the reference inputs, so they are given their
timeline without waiting, and those still under construction when the loop starts hold their
construction slots until they finish. The pipeline is thus full from the start at a fraction of
the cost of simulating a decade of burn-in (the tests check the base year is in steady state).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import cast

import numpy as np
import simpy

from sim.model.sectors import N_SECTORS, SECTOR_INDEX
from sim.pipeline.project_types import (
    FINANCING_POOLS,
    N_TYPES,
    PROJECT_TYPES,
    PipelineParameters,
    ProjectTypeParameters,
)

INPUT_NAMES: tuple[str, ...] = (
    "industrial_projects",
    "tech_transformation_projects",
    "infrastructure_projects",
    "project_size",
    "financing_capacity",
    "approval_speedup",
    "credit_growth",
    "debt_resolution_pace",
)
"""Per-year inputs of a replication, in the order of :class:`PipelineInputs`' fields."""

COUNT_INPUTS: dict[str, str] = {
    "industrial": "industrial_projects",
    "tech_transformation": "tech_transformation_projects",
    "infrastructure": "infrastructure_projects",
}
"""The input holding each project type's arrivals a year."""

# Stages at which a project can be cancelled (``cancel_stage`` in the trace; 0 = not cancelled).
APPROVAL, LAND, FINANCING, CONSTRUCTION = 1, 2, 3, 4
# Status of a project at the end of the simulation (``status`` in the trace).
PENDING, UNDERWAY, COMPLETED, CANCELLED = 0, 1, 2, 3

MONTH = 1.0 / 12.0
"""Refill interval of the land and financing pools, years."""

TRACE_DTYPE = np.dtype(
    [
        ("type", "i1"),  # index into PROJECT_TYPES
        ("sector", "i1"),  # index into SECTORS
        ("arrival", "f8"),  # calendar year (float)
        ("approved", "f8"),
        ("land", "f8"),  # land granted (NaN: none needed or not reached)
        ("financing_requested", "f8"),
        ("financed", "f8"),
        ("construction_start", "f8"),
        ("construction_end", "f8"),  # end or stopping point of construction
        ("completion", "f8"),  # end of commissioning (NaN unless the project is built)
        ("rampup_end", "f8"),
        ("cancelled_at", "f8"),
        ("cancel_stage", "i1"),  # APPROVAL, LAND, FINANCING, CONSTRUCTION or 0
        ("status", "i1"),  # PENDING, UNDERWAY, COMPLETED or CANCELLED at the end of the run
        ("budget", "f8"),  # RMB billion, 2025 prices
        ("cost", "f8"),  # budget x overrun factor, RMB billion
        ("capacity", "f8"),  # RMB billion of annual real value added once ramped up
        ("nev_vehicles", "f8"),  # vehicles a year of NEV capacity once ramped up
        ("spent_total", "f8"),  # lifetime spending on the recorded schedule, RMB billion
        ("spent_before", "f8"),  # of which before the base year
        ("spent_in", "f8"),  # of which in the returned years
        ("spent_after", "f8"),  # of which after the horizon
    ]
)
"""Fields of a per-project trace record; times are calendar years, NaN where not reached."""


def _as_year_array(value: object, n: int, name: str) -> np.ndarray:
    array = np.array(value, dtype=float).reshape(-1)
    if array.shape != (n,):
        raise ValueError(f"{name} must have one value per year ({n}), got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    array.setflags(write=False)
    return array


@dataclass(frozen=True, eq=False)
class PipelineInputs:
    """Inputs of one replication, one value per projected year.

    Attributes
    ----------
    years : tuple of int
        Projected years, consecutive (2026 to the horizon).
    industrial_projects, tech_transformation_projects, infrastructure_projects : ndarray
        Projects entering the pipeline a year, shape (years,).
    project_size : ndarray
        Multiplier of the reference project budgets (1.0 = parameters), shape (years,).
    financing_capacity : ndarray
        Multiplier of the lenders' reference capacity (1.0 = parameters), shape (years,).
    approval_speedup : ndarray
        Cut of approval times, percent (0-90), shape (years,).
    credit_growth : ndarray
        Growth of loans outstanding, % a year, shape (years,).
    debt_resolution_pace : ndarray
        Hidden local-government debt resolved, % a year, shape (years,).
    """

    years: tuple[int, ...]
    industrial_projects: np.ndarray
    tech_transformation_projects: np.ndarray
    infrastructure_projects: np.ndarray
    project_size: np.ndarray
    financing_capacity: np.ndarray
    approval_speedup: np.ndarray
    credit_growth: np.ndarray
    debt_resolution_pace: np.ndarray

    def __post_init__(self) -> None:
        """Store the arrays read-only as floats and check their shapes and ranges."""
        years = tuple(int(y) for y in self.years)
        if not years or years != tuple(range(years[0], years[0] + len(years))):
            raise ValueError(f"years must be consecutive, got {self.years}")
        object.__setattr__(self, "years", years)
        for name in INPUT_NAMES:
            object.__setattr__(self, name, _as_year_array(getattr(self, name), len(years), name))
        for name in (*COUNT_INPUTS.values(), "financing_capacity"):
            if np.any(getattr(self, name) < 0):
                raise ValueError(f"{name} must not be negative")
        if np.any(self.project_size <= 0):
            raise ValueError("project_size must be positive")
        if np.any((self.approval_speedup < 0) | (self.approval_speedup > 90)):
            raise ValueError("approval_speedup must be within 0-90 percent")

    @classmethod
    def reference(
        cls, years: tuple[int, ...] | list[int], params: PipelineParameters | None = None
    ) -> PipelineInputs:
        """The plan's inputs in every year: reference counts, sizes, financing and rates."""
        params = params or PipelineParameters()
        n = len(years)
        values = reference_values(params)
        return cls(years=tuple(years), **{k: np.full(n, v) for k, v in values.items()})

    def to_plain(self) -> dict[str, object]:
        """JSON-ready form (exact: floats round-trip through ``repr``)."""
        return {"years": list(self.years), **{k: getattr(self, k).tolist() for k in INPUT_NAMES}}


def reference_values(params: PipelineParameters) -> dict[str, float]:
    """Reference value of every input (burn-in years use these)."""
    return {
        **{COUNT_INPUTS[t]: params.types[t].reference_count for t in PROJECT_TYPES},
        "project_size": 1.0,
        "financing_capacity": 1.0,
        "approval_speedup": 0.0,
        "credit_growth": params.credit_reference,
        "debt_resolution_pace": params.debt_reference,
    }


@dataclass(frozen=True, eq=False)
class Replication:
    """Results of one replication; yearly arrays cover the base year to the horizon.

    Attributes
    ----------
    years : tuple of int
        Base year (2025) then the projected years.
    spending : ndarray
        Investment spending, RMB billion at 2025 prices, shape (years+1, types).
    capacity_added : ndarray
        Annual real value-added capacity coming online, RMB billion (2025 prices) a year,
        shape (years+1, sectors).
    nev_capacity_added : ndarray
        NEV production capacity coming online, vehicles a year, shape (years+1,).
    arrived, started, completed, cancelled : ndarray
        Projects entering the pipeline, starting construction, completing commissioning and
        cancelled (at any stage), counts, shape (years+1, types).
    queue_months : ndarray
        Mean months that projects starting construction in a year waited for land, financing and
        a construction slot, shape (years+1, types); 0 where none started.
    trace : ndarray or None
        Per-project records (``TRACE_DTYPE``) when asked for, else None.
    """

    years: tuple[int, ...]
    spending: np.ndarray
    capacity_added: np.ndarray
    nev_capacity_added: np.ndarray
    arrived: np.ndarray
    started: np.ndarray
    completed: np.ndarray
    cancelled: np.ndarray
    queue_months: np.ndarray
    trace: np.ndarray | None = field(default=None, repr=False)


ARRAY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(Replication) if f.name not in ("years", "trace")
)
"""The yearly arrays of a :class:`Replication`, in field order."""


@dataclass
class _Projects:
    """Per-project draws (one row per project, all types and arrival years concatenated)."""

    kind: np.ndarray  # type index
    arrival: np.ndarray  # calendar year
    approval: np.ndarray  # years
    construction: np.ndarray  # years, full duration
    commissioning: np.ndarray  # years
    rampup: np.ndarray  # years
    budget: np.ndarray  # RMB bn
    cost: np.ndarray  # RMB bn
    cancel_approval: np.ndarray  # bool
    cancel_construction: np.ndarray  # bool
    stop_fraction: np.ndarray  # share of construction done when it stops
    sector: np.ndarray  # sector index
    capacity: np.ndarray  # RMB bn a year of VA
    nev: np.ndarray  # vehicles a year


_NORMALS = 6  # size, approval, construction, commissioning, ramp-up, overrun
_UNIFORMS = 6  # arrival, cancel at approval, cancel in construction, stop point, sector, NEV


def _draw_batch(
    tp: ProjectTypeParameters,
    kind: int,
    year: int,
    count: float,
    size_multiplier: float,
    speedup: float,
    seed: int,
) -> _Projects:
    """Projects of one type arriving in one year, drawn from their own generator.

    Draws are taken row by row, so the first n projects are the same whatever the count.
    """
    gz, gu = (
        np.random.Generator(np.random.PCG64(s)) for s in np.random.SeedSequence(seed).spawn(2)
    )
    whole = int(np.floor(count))
    n = whole + int(gu.random() < count - whole)
    z = gz.standard_normal((n, _NORMALS))
    u = gu.random((n, _UNIFORMS))
    budget = size_multiplier * (
        tp.size_minimum + (tp.size_median - tp.size_minimum) * np.exp(tp.size_sigma * z[:, 0])
    )
    months = 1.0 / 12.0
    approval = tp.approval_months * months * np.exp(tp.approval_sigma * z[:, 1])
    approval *= 1.0 - speedup / 100.0
    construction = (
        tp.construction_months
        * months
        * (budget / tp.size_median) ** tp.construction_size_elasticity
        * np.exp(tp.construction_sigma * z[:, 2])
    )
    commissioning = tp.commissioning_months * months * np.exp(tp.commissioning_sigma * z[:, 3])
    rampup = tp.rampup_months * months * np.exp(tp.rampup_sigma * z[:, 4])
    cost = budget * (1.0 + tp.overrun_median) * np.exp(tp.overrun_sigma * z[:, 5])
    names = list(tp.sector_split)
    cumulative = np.cumsum([tp.sector_split[s] for s in names])
    local = np.minimum(np.searchsorted(cumulative, u[:, 4], side="right"), len(names) - 1)
    sector = np.array([SECTOR_INDEX[s] for s in names])[local]
    yields = np.array([tp.capacity_yield.get(s, 0.0) for s in names])[local]
    is_nev = (sector == SECTOR_INDEX["automotive"]) & (u[:, 5] < tp.nev_share)
    return _Projects(
        kind=np.full(n, kind),
        arrival=year + u[:, 0],
        approval=approval,
        construction=construction,
        commissioning=commissioning,
        rampup=rampup,
        budget=budget,
        cost=cost,
        cancel_approval=u[:, 1] < tp.cancel_approval,
        cancel_construction=u[:, 2] < tp.cancel_construction,
        stop_fraction=u[:, 3],
        sector=sector,
        capacity=yields * budget,
        nev=np.where(is_nev, tp.nev_vehicles_per_bn * budget, 0.0),
    )


def _concat(batches: list[_Projects]) -> _Projects:
    return _Projects(
        **{f.name: np.concatenate([getattr(b, f.name) for b in batches]) for f in fields(_Projects)}
    )


class _Stock(simpy.Container):
    """A ``simpy.Container`` whose uncontested requests cost no event.

    ``take`` grants at once, synchronously, when nobody is queued and the level suffices; otherwise
    the request joins the container's first-come-first-served get queue as an ordinary event.
    ``give`` returns an amount the same way. The order in which requests are served is exactly the
    container's; only the bookkeeping event of an immediate grant is skipped (most requests are
    uncontested, and those events were most of the run time).
    """

    def take(self, amount: float) -> bool:
        """Take ``amount`` now if no one is waiting and the level suffices; else return False."""
        if not self.get_queue and self._level >= amount:
            self._level -= amount
            return True
        return False

    def give(self, amount: float) -> None:
        """Return ``amount``: directly if no one waits, else as a put that serves the queue."""
        if self.get_queue:
            self.put(amount)
        else:
            self._level += amount


def _select(projects: _Projects, keep: np.ndarray) -> _Projects:
    return _Projects(**{f.name: getattr(projects, f.name)[keep] for f in fields(_Projects)})


class _Pool:
    """A stock refilled monthly and drawn first come, first served, with reneging."""

    def __init__(
        self, env: simpy.Environment, monthly: np.ndarray, buffer: float, stage: int
    ) -> None:
        self.env = env
        self.monthly = monthly.tolist()  # refill per month, by year index
        self.capacity = buffer
        self.stage = stage
        self.stock = _Stock(env, capacity=buffer, init=buffer)

    def request(self, pid: int, amount: float, granted: Callable[[int], None]) -> None:
        """Serve ``pid`` its ``amount`` (capped to the buffer) now or when the stock allows."""
        amount = amount if amount < self.capacity else self.capacity
        if self.stock.take(amount):
            granted(pid)
            return
        get = self.stock.get(amount)
        get.pid = pid  # type: ignore[attr-defined]  # who waits, read when it is granted
        get.since = self.env.now  # type: ignore[attr-defined]  # since when, for reneging
        get.callbacks.append(lambda event: granted(event.pid))

    def refill(self, year_index: int, patience: list[float], renege: Callable[..., None]) -> None:
        """Drop requests waiting longer than their patience, then add a month's flow."""
        now = self.env.now
        queue = self.stock.get_queue
        if queue:
            for get in [g for g in queue if now - g.since >= patience[g.pid]]:
                get.cancel()
                renege(get.pid, self.stage)
        amount = min(self.monthly[year_index], self.capacity - self.stock.level)
        if amount > 0.0:
            self.stock.put(amount)


class _Simulation:
    """The event loop of one replication; callbacks record the time each project reaches a step."""

    def __init__(
        self,
        projects: _Projects,
        params: PipelineParameters,
        start: int,
        end: int,
        financing_monthly: np.ndarray,
    ) -> None:
        types = [params.types[t] for t in PROJECT_TYPES]
        kind = projects.kind
        n = len(kind)
        self.start = start
        self.end = end
        self.env = env = simpy.Environment(initial_time=float(start))
        years = end - start
        land_monthly = np.full(years, params.land_quota * MONTH)
        self.land = _Pool(
            env, land_monthly, params.land_quota * params.land_buffer_months / 12, LAND
        )
        self.pools = [
            _Pool(
                env,
                financing_monthly[:, k],
                financing_monthly[:, k].max() * params.financing[name].buffer_months,
                FINANCING,
            )
            for k, name in enumerate(FINANCING_POOLS)
        ]
        self.slots = _Stock(env, capacity=params.construction_slots, init=params.construction_slots)
        attr = np.array  # per-type attributes broadcast to projects
        self.land_need = (attr([t.land_ha_per_bn for t in types])[kind] * projects.budget).tolist()
        self.finance_need = (
            attr([t.financed_share for t in types])[kind] * projects.budget
        ).tolist()
        pool_of = {name: k for k, name in enumerate(FINANCING_POOLS)}
        self.pool = attr([pool_of[t.financing_pool] for t in types])[kind].tolist()
        self.uses_slot = attr([t.uses_construction_slot for t in types])[kind].tolist()
        self.patience = (attr([t.patience_months for t in types])[kind] * MONTH).tolist()
        self.cancel_approval = projects.cancel_approval.tolist()
        self.build_time = np.where(
            projects.cancel_construction,
            projects.construction * projects.stop_fraction,
            projects.construction,
        ).tolist()
        nan = [float("nan")] * n
        self.t_land, self.t_request, self.t_financed = nan.copy(), nan.copy(), nan.copy()
        self.t_start, self.t_cancel = nan.copy(), nan.copy()
        self.cancel_stage = [0] * n
        self.approved = (projects.arrival + projects.approval).tolist()
        self.overdraft: float = 0  # slot releases of history projects to swallow (see _history)
        self._history(projects)

    def _history(self, projects: _Projects) -> None:
        """Give projects approved before the simulation starts their timeline without waiting.

        The pipeline does not queue at the reference inputs (tests check it), so a project of the
        history is financed and starts construction the moment it is approved. Those still under
        construction at the start hold construction slots until they finish.
        """
        approved = np.asarray(self.approved)
        early = (approved < self.start) & ~projects.cancel_approval
        for name in ("t_request", "t_financed", "t_start"):
            values = np.asarray(getattr(self, name))
            values[early] = approved[early]
            setattr(self, name, values.tolist())
        t_land = np.asarray(self.t_land)
        needs_land = early & (np.asarray(self.land_need) > 0.0)
        t_land[needs_land] = approved[needs_land]
        self.t_land = t_land.tolist()
        cancel = np.asarray(self.t_cancel)
        dropped = (approved < self.start) & projects.cancel_approval
        cancel[dropped] = approved[dropped]
        self.t_cancel = cancel.tolist()
        stage = np.asarray(self.cancel_stage)
        stage[dropped] = APPROVAL
        self.cancel_stage = stage.tolist()
        ends = approved + np.asarray(self.build_time)
        holding = early & np.asarray(self.uses_slot, dtype=bool) & (ends > self.start)
        for t in ends[holding].tolist():
            self.env.timeout(t - self.start).callbacks.append(self._history_built)
        occupied = int(holding.sum())
        free = self.slots.capacity - occupied
        self.slots.take(max(occupied, 0) if free >= 0 else self.slots.capacity)
        self.overdraft = max(-free, 0)

    def run(self) -> None:
        """Run to the horizon: the approvals in the simulated years merged with simpy's events.

        The same events in the same order as :meth:`run_as_timeouts`, which makes each approval
        a simpy timeout, scheduled before anything else: simpy runs events by (time, priority,
        id), and approvals would be normal-priority events with ids above those made before the
        loop (the history's constructions) and below those made in it. So an approval at time T
        runs before the queue's next event (t, priority, id) when T < t, or T = t and that event
        has normal priority and was made in the loop; approvals at the same time run in project
        order. Each approval's time is computed as simpy computes a timeout's, start + (t - start).
        Like ``Environment.run(until=end)``, nothing at or after the horizon runs.
        """
        env = self.env
        made_in_loop = next(env._eid)  # every event made from here on has a larger id
        start = env.now
        approved = np.asarray(self.approved)
        due = np.flatnonzero((approved >= self.start) & (approved < self.end))
        times = start + (approved[due] - self.start)
        order = np.argsort(times, kind="stable")  # at equal times, in project order
        approvals = list(zip(times[order].tolist(), due[order].tolist(), strict=True))
        approvals.append((math.inf, -1))
        env.process(self._refills())
        end = float(self.end)
        queue = env._queue
        k = 0
        when, who = approvals[0]
        while True:
            if queue:
                t, priority, event_id, _ = queue[0]
                if not (
                    when < t
                    or (when == t and priority == simpy.events.NORMAL and event_id > made_in_loop)
                ):
                    if t >= end:
                        break
                    env.step()
                    continue
            if when >= end:
                break
            env._now = when
            self._approve(who)
            k += 1
            when, who = approvals[k]
        env._now = end

    def run_as_timeouts(self) -> None:
        """:meth:`run` in plain simpy: each approval a timeout (slower; the tests' reference)."""
        env = self.env
        for i, t in enumerate(self.approved):
            if self.start <= t < self.end:
                env.timeout(t - self.start, value=i).callbacks.append(
                    lambda event: self._approve(cast(int, event.value))
                )
        env.process(self._refills())
        env.run(until=float(self.end))

    def _refills(self):  # noqa: ANN202 - simpy process
        env = self.env
        k = 0
        while True:
            year_index = k // 12
            self.land.refill(year_index, self.patience, self._renege)
            for pool in self.pools:
                pool.refill(year_index, self.patience, self._renege)
            k += 1
            yield env.timeout(self.start + k / 12.0 - env.now)

    def _renege(self, i: int, stage: int) -> None:
        self.t_cancel[i] = self.env.now
        self.cancel_stage[i] = stage

    def _approve(self, i: int) -> None:
        """Project ``i`` ends its approval now: dropped, or on to land or financing."""
        if self.cancel_approval[i]:
            self.t_cancel[i] = self.env.now
            self.cancel_stage[i] = APPROVAL
        elif self.land_need[i] > 0.0:
            self.land.request(i, self.land_need[i], self._land_granted)
        else:
            self._to_financing(i)

    def _land_granted(self, i: int) -> None:
        self.t_land[i] = self.env.now
        self._to_financing(i)

    def _to_financing(self, i: int) -> None:
        self.t_request[i] = self.env.now
        self.pools[self.pool[i]].request(i, self.finance_need[i], self._financed)

    def _financed(self, i: int) -> None:
        self.t_financed[i] = self.env.now
        if not self.uses_slot[i]:
            self.t_start[i] = self.env.now
        elif self.slots.take(1):
            self._build(i)
        else:
            get = self.slots.get(1)
            get.pid = i  # type: ignore[attr-defined]  # who waits, read when it is granted
            get.callbacks.append(self._slot_granted)

    def _slot_granted(self, event: simpy.Event) -> None:
        self._build(event.pid)  # type: ignore[attr-defined]  # set in _financed

    def _build(self, i: int) -> None:
        self.t_start[i] = self.env.now
        self.env.timeout(self.build_time[i]).callbacks.append(self._built)

    def _built(self, event: simpy.Event) -> None:
        self.slots.give(1)

    def _history_built(self, event: simpy.Event) -> None:
        if self.overdraft:
            self.overdraft -= 1
        else:
            self.slots.give(1)


def _spread(t0: np.ndarray, t1: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Share of the interval [t0, t1] in each bin of ``edges``, shape (projects, bins).

    A zero-length interval puts everything in the bin holding t0. Rows sum to 1 when the edges
    run from -inf to inf.
    """
    lo_edge, hi_edge = edges[:-1], edges[1:]
    lo = np.clip(t0[:, np.newaxis], lo_edge, hi_edge)
    hi = np.clip(t1[:, np.newaxis], lo_edge, hi_edge)
    width = (t1 - t0)[:, np.newaxis]
    share = np.divide(hi - lo, width, out=np.zeros_like(lo), where=width > 0)
    point = (width <= 0) & (t0[:, np.newaxis] >= lo_edge) & (t0[:, np.newaxis] < hi_edge)
    return np.where(point, 1.0, share)


def _count(t: np.ndarray, kind: np.ndarray, edges: np.ndarray) -> np.ndarray:
    """Projects by bin of time ``t`` (NaN: not counted) and type, shape (bins, types)."""
    ok = ~np.isnan(t)
    bins = np.searchsorted(edges, t[ok], side="right") - 1
    out = np.zeros((len(edges) - 1, N_TYPES))
    np.add.at(out, (bins, kind[ok]), 1.0)
    return out


def simulate(
    inputs: PipelineInputs,
    params: PipelineParameters,
    rng: np.random.Generator,
    *,
    trace: bool = False,
) -> Replication:
    """Run one replication of the pipeline.

    Parameters
    ----------
    inputs : PipelineInputs
        Yearly inputs of the projected years.
    params : PipelineParameters
        Model parameters.
    rng : numpy.random.Generator
        Source of all randomness; the same generator state gives the same results.
    trace : bool
        Also return per-project records (``TRACE_DTYPE``) in ``Replication.trace``: every project
        still active when the event loop starts or arriving later (history projects that were
        over by then are left out).

    Returns
    -------
    Replication
        Yearly arrays from the base year (last burn-in year) to the horizon.

    Notes
    -----
    Financing capacity of pool p in year t, RMB billion a year::

        F_p,t = capacity_p * financing_capacity_t
                * exp(credit_sensitivity_p (credit_growth_t - credit_reference)
                      - debt_sensitivity_p (debt_resolution_pace_t - debt_reference))
    """
    first, last = inputs.years[0], inputs.years[-1]
    start = first - params.burn_in_years  # the event loop starts here
    origin = start - params.history_years  # first arrivals of the history
    end = last + 1
    before = first - origin  # years at the reference inputs
    reference = reference_values(params)
    full = {
        name: np.concatenate([np.full(before, reference[name]), getattr(inputs, name)])
        for name in INPUT_NAMES
    }  # (years from origin,)
    seeds = rng.integers(0, 2**63, size=(end - origin, N_TYPES))
    batches = [
        _draw_batch(
            params.types[t],
            j,
            origin + k,
            full[COUNT_INPUTS[t]][k],
            full["project_size"][k],
            full["approval_speedup"][k],
            int(seeds[k, j]),
        )
        for k in range(end - origin)
        for j, t in enumerate(PROJECT_TYPES)
    ]
    projects = _concat(batches)
    # History projects whose whole life (without waiting) ends before the event loop starts can
    # change nothing any more: drop them.
    life_end = (
        projects.arrival
        + projects.approval
        + projects.construction
        + projects.commissioning
        + projects.rampup
    )
    projects = _select(projects, life_end >= start)
    full = {name: values[start - origin :] for name, values in full.items()}  # simulated years

    pools = [params.financing[p] for p in FINANCING_POOLS]
    financing = np.stack(
        [
            p.capacity
            * full["financing_capacity"]
            * np.exp(
                p.credit_sensitivity * (full["credit_growth"] - params.credit_reference)
                - p.debt_sensitivity * (full["debt_resolution_pace"] - params.debt_reference)
            )
            for p in pools
        ],
        axis=1,
    )  # (years, pools), RMB bn a year
    sim = _Simulation(projects, params, start, end, financing * MONTH)
    sim.run()
    return _results(projects, params, sim, first - 1, end, trace)


def _results(
    p: _Projects,
    params: PipelineParameters,
    sim: _Simulation,
    base: int,
    end: int,
    trace: bool,
) -> Replication:
    """Yearly arrays (and the trace) from the recorded times of every project."""
    types = [params.types[t] for t in PROJECT_TYPES]
    share = np.array(
        [[t.spend_approval, t.spend_construction, t.spend_commissioning] for t in types]
    )
    kind = p.kind
    edges = np.concatenate([[-np.inf], np.arange(base, end + 1, dtype=float), [np.inf]])
    inner = slice(1, -1)  # bins of the returned years

    approved = np.asarray(sim.approved)
    start = np.asarray(sim.t_start)
    t_cancel = np.asarray(sim.t_cancel)
    stage = np.asarray(sim.cancel_stage, dtype=np.int8)
    built = ~np.isnan(start)  # construction started (before the end of the run)
    stops = built & p.cancel_construction
    finishes = built & ~p.cancel_construction
    build_time = np.asarray(sim.build_time)
    construction_end = np.where(built, start + build_time, np.nan)
    completion = np.where(finishes, construction_end + p.commissioning, np.nan)
    rampup_end = completion + p.rampup
    t_cancel = np.where(stops, construction_end, t_cancel)
    stage = np.where(stops, np.int8(CONSTRUCTION), stage)

    # Spending: approval share of the budget, then the rest of the cost in construction and
    # commissioning in proportion to their shares; a stopped construction spends pro rata.
    s = share[kind]
    approval_amount = s[:, 0] * p.budget
    rest = p.cost - approval_amount
    construction_amount = np.where(built, rest * s[:, 1] / (s[:, 1] + s[:, 2]), 0.0)
    construction_amount = np.where(
        stops, construction_amount * p.stop_fraction, construction_amount
    )
    commissioning_amount = np.where(finishes, rest * s[:, 2] / (s[:, 1] + s[:, 2]), 0.0)
    zero = np.zeros_like(approved)
    c0 = np.where(built, start, zero)
    c1 = np.where(built, construction_end, zero)
    m1 = np.where(finishes, completion, zero)
    by_project = (
        approval_amount[:, np.newaxis] * _spread(p.arrival, approved, edges)
        + construction_amount[:, np.newaxis] * _spread(c0, c1, edges)
        + commissioning_amount[:, np.newaxis] * _spread(c1, m1, edges)
    )  # (projects, bins), RMB bn
    type_onehot = np.eye(N_TYPES)[kind]  # (projects, types)
    spending = by_project.T @ type_onehot  # (bins, types)

    online = np.where(finishes, 1.0, 0.0)[:, np.newaxis] * _spread(
        m1, np.where(finishes, rampup_end, zero), edges
    )  # (projects, bins): share of the capacity coming online in each bin
    sector_onehot = np.eye(N_SECTORS)[p.sector] * p.capacity[:, np.newaxis]
    capacity = online.T @ sector_onehot  # (bins, sectors)
    nev = online.T @ p.nev

    queue = np.where(built, (start - approved) * 12.0, 0.0)  # months waited
    starts = _count(np.where(built, start, np.nan), kind, edges)
    queue_sum = np.zeros_like(starts)
    bins = np.searchsorted(edges, start[built], side="right") - 1
    np.add.at(queue_sum, (bins, kind[built]), queue[built])
    queue_months = np.divide(queue_sum, starts, out=np.zeros_like(starts), where=starts > 0)

    records = None
    if trace:
        records = np.zeros(len(kind), dtype=TRACE_DTYPE)
        status = np.full(len(kind), PENDING, dtype=np.int8)
        status[built] = UNDERWAY
        status[finishes & (completion <= end)] = COMPLETED
        status[~np.isnan(t_cancel) & (np.nan_to_num(t_cancel, nan=np.inf) <= end)] = CANCELLED
        columns = {
            "type": kind,
            "sector": p.sector,
            "arrival": p.arrival,
            "approved": approved,
            "land": sim.t_land,
            "financing_requested": sim.t_request,
            "financed": sim.t_financed,
            "construction_start": start,
            "construction_end": construction_end,
            "completion": completion,
            "rampup_end": rampup_end,
            "cancelled_at": t_cancel,
            "cancel_stage": stage,
            "status": status,
            "budget": p.budget,
            "cost": p.cost,
            "capacity": np.where(finishes, p.capacity, 0.0),
            "nev_vehicles": np.where(finishes, p.nev, 0.0),
            "spent_total": by_project.sum(axis=1),
            "spent_before": by_project[:, 0],
            "spent_in": by_project[:, inner].sum(axis=1),
            "spent_after": by_project[:, -1],
        }
        for name, values in columns.items():
            records[name] = values

    return Replication(
        years=tuple(range(base, end)),
        spending=spending[inner],
        capacity_added=capacity[inner],
        nev_capacity_added=nev[inner],
        arrived=_count(p.arrival, kind, edges)[inner],
        started=starts[inner],
        completed=_count(np.where(finishes, completion, np.nan), kind, edges)[inner],
        cancelled=_count(t_cancel, kind, edges)[inner],
        queue_months=queue_months[inner],
        trace=records,
    )


__all__ = [
    "INPUT_NAMES",
    "TRACE_DTYPE",
    "PipelineInputs",
    "Replication",
    "reference_values",
    "simulate",
]
