"""What moves each target: Sobol indices of the scenario's uncertain inputs, and a lever tornado.

**Sobol indices** (:func:`sobol_drivers`) split the variance of each target's indicator in the
target year between the scenario's uncertain inputs, the model's parameter uncertainty and its
shocks. Factors X are the scenario's distributions (each input given as a distribution, a
distribution inside a path one factor per year, the years of one input grouped into one driver;
each event that may or may not happen or has an uncertain size: whether and how hard it hits)
and, as one driver "parameter uncertainty", every element of the sampled model parameters
(``calibration/parameters.yaml``: ``uncertainty``). What is left, the model's innovations
(group, sector and series shocks), is the driver "shocks", in the way sensitivity analysis
treats stochastic simulators:

    Var(Y) = Var(E[Y | X]) + E[Var(Y | X)]

For each SALib sample of X (Saltelli's scheme, ``SALib.sample.sobol``) the model runs
``inner_draws`` draws with X fixed (the parameters at their quantiles, the same in every draw),
on common random numbers; their mean estimates E[Y | X] and their variance Var(Y | X).
``SALib.analyze.sobol`` gives the first-order and total indices of E[Y | X]; multiplied by the
share Var(E[Y | X]) / Var(Y) they become shares of the indicator's whole variance. The total
index of "shocks" is E[Var(Y | X)] / Var(Y), with a 95% interval from the standard error of the
mean of Var(Y | X) over the samples (its first-order index is not estimated). Indices are
estimates: SALib's 95% confidence half-widths come with them, and small negative first-order
values are noise.

**Tornado** (:func:`tornado`): each lever moved down and up by :data:`TORNADO_SHARE` of its
allowed range (``sim.inputs.levers``), every other input as in the scenario, on the scenario's
random numbers, draws and pipeline replications (so it starts from the scorecard's probability):
the change in the probability of meeting each target (percentage points) and in the median
outcome (the indicator's unit). The Sobol runs use one pipeline replication
(``moves.WHAT_IF_REPLICATIONS``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from sim.analysis.targets.moves import (
    WHAT_IF_REPLICATIONS,
    UnmovableLever,
    describe,
    moved,
    what_if,
)
from sim.analysis.targets.scorecard import probability
from sim.inputs.levers import ALL_INPUTS, BASE_YEAR, LEVERS
from sim.inputs.scenario.schema import Event, Scenario
from sim.inputs.scenario.values import DistributionBase
from sim.inputs.targets_file import Target

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import ModelSetup
    from sim.results import Ensemble

SOBOL_BASE_SAMPLES = 64
"""Default base sample N of Saltelli's scheme: N (groups + 2) model runs (a power of 2)."""
SOBOL_INNER_DRAWS = 256
"""Default Monte Carlo draws per SALib sample, to estimate E[Y | X] and Var(Y | X)."""
OTHER = "other randomness"
"""The driver that stood for the model's shocks and parameter uncertainty together, before they
were split into :data:`SHOCKS` and :data:`PARAMETERS` (kept for readers of older files)."""
SHOCKS = "shocks"
"""The driver standing for the model's innovations (group, sector and series shocks)."""
PARAMETERS = "parameter uncertainty"
"""The driver standing for the sampled model parameters, all elements as one group."""
BOOTSTRAP = 1000
"""Resamples of the bootstrap interval of a lone group's index (SALib's default)."""
NEGLIGIBLE_VARIANCE = 1e-12
"""Relative variance of E[Y | X] below which the inputs are taken to explain nothing."""

TORNADO_SHARE = 0.10
"""Tornado: each lever moves by this share of its allowed range (registry low to high), down
and up from the scenario's value, e.g. credit growth (-5 to 30% a year) by 3.5 pp. A tenth of
the range is a large but plausible policy change for every lever; the registry's full range is
kept for the solver, which looks for the value that reaches a probability."""

DRIVER_COLUMNS = [
    "target",
    "rank",
    "driver",
    "kind",
    "total",
    "total_conf",
    "first_order",
    "first_order_conf",
]
TORNADO_COLUMNS = [
    "target",
    "rank",
    "lever",
    "unit",
    "low_label",
    "high_label",
    "low",
    "high",
    "median_low",
    "median_high",
    "probability",
    "replications",
    "draws",
]

Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class Factor:
    """One uncertain quantity of a scenario, set from a quantile ``u`` in (0, 1).

    Attributes
    ----------
    name : str
        ``input``, ``input[year]`` or ``event:name``.
    group : str
        The driver it belongs to: the input's name or ``event:name``.
    input : str or None
        The input it sets (None for an event).
    year : int or None
        The path year it sets (None for a top-level value or an event).
    event : Event or None
        The event it sets.
    parameter : str or None
        The sampled model parameter it sets (group :data:`PARAMETERS`).
    index : int or None
        The element of a sector or group parameter it sets (None for a scalar).
    """

    name: str
    group: str
    input: str | None = None
    year: int | None = None
    event: Event | None = None
    parameter: str | None = None
    index: int | None = None


def uncertain_factors(scenario: Scenario) -> list[Factor]:
    """The scenario's distributions and uncertain events, as Sobol factors, in scenario order."""
    factors = []
    for name, value in scenario.inputs.items():
        if isinstance(value, DistributionBase):
            factors.append(Factor(name=name, group=name, input=name))
        elif isinstance(value, dict):
            for year, v in sorted(value.items()):
                if isinstance(v, DistributionBase):
                    factors.append(
                        Factor(name=f"{name}[{year}]", group=name, input=name, year=year)
                    )
    for event in scenario.events:
        random_size = isinstance(event.size, DistributionBase)
        if 0.0 < event.probability < 1.0 or (event.probability > 0.0 and random_size):
            key = f"event:{event.name}"
            factors.append(Factor(name=key, group=key, event=event))
    return factors


def parameter_factors(setup: ModelSetup) -> list[Factor]:
    """Every element of the sampled model parameters, as factors of the group :data:`PARAMETERS`."""
    factors = []
    for name in setup.parameter_set.uncertainty:
        shape = np.shape(getattr(setup.parameter_set.parameters, name))
        if not shape:
            factors.append(Factor(name=f"param:{name}", group=PARAMETERS, parameter=name))
            continue
        for k in range(int(np.prod(shape))):
            key = f"param:{name}[{k}]"
            factors.append(Factor(name=key, group=PARAMETERS, parameter=name, index=k))
    return factors


def sobol_factors(scenario: Scenario, setup: ModelSetup) -> list[Factor]:
    """The Sobol factors: the scenario's uncertain inputs and events, then the parameters."""
    return [*uncertain_factors(scenario), *parameter_factors(setup)]


def fix_parameters(setup: ModelSetup, factors: list[Factor], u: np.ndarray) -> ModelSetup:
    """``setup`` with each parameter factor at its quantile ``u[i]`` in every draw."""
    from sim.execution.streams import parameter_quantile

    ps = setup.parameter_set
    quantiles: dict[str, np.ndarray] = {}
    for f, q in zip(factors, np.clip(np.asarray(u, dtype=float), 1e-9, 1.0 - 1e-9), strict=True):
        if f.parameter is None:
            continue
        shape = np.shape(getattr(ps.parameters, f.parameter))
        flat = quantiles.setdefault(f.parameter, np.full(int(np.prod(shape)), 0.5))
        flat[0 if f.index is None else f.index] = q
    values = {
        name: parameter_quantile(
            getattr(ps.parameters, name),
            q.reshape(np.shape(getattr(ps.parameters, name))),
            ps.uncertainty[name],
        )
        for name, q in quantiles.items()
    }
    return setup.with_parameters_fixed(values)


def fix_factors(scenario: Scenario, factors: list[Factor], u: np.ndarray) -> Scenario:
    """``scenario`` with each factor set to its quantile ``u[i]`` (constants instead of draws).

    An input becomes the ``u``-quantile of its distribution, kept in its allowed range. An event
    with probability ``p`` happens when ``u < p``, with the ``u / p``-quantile of its size;
    otherwise it does not happen.
    """
    u = np.clip(np.asarray(u, dtype=float), 1e-9, 1.0 - 1e-9)
    inputs = dict(scenario.inputs)
    events = {e.name: e for e in scenario.events}
    for f, q in zip(factors, u, strict=True):
        if f.parameter is not None:  # fix_parameters sets them
            continue
        if f.event is not None:
            e = f.event
            if q < e.probability:
                size = e.size
                if isinstance(size, DistributionBase):
                    size = float(size.frozen().ppf(q / e.probability))
                events[e.name] = replace(e, probability=1.0, size=size)
            else:
                events[e.name] = replace(e, probability=0.0)
            continue
        name, value = f.input, inputs[str(f.input)]
        dist = value[f.year] if isinstance(value, dict) and f.year is not None else value
        if name is None or not isinstance(dist, DistributionBase):  # uncertain_factors made it
            raise RuntimeError(f"factor {f.name} is neither an event nor a distribution")
        spec = ALL_INPUTS[name]
        x = float(np.clip(dist.frozen().ppf(q), spec.low, spec.high))
        if isinstance(value, dict) and f.year is not None:
            inputs[name] = {**value, f.year: x}
        else:
            inputs[name] = x
    return replace(scenario, inputs=inputs, events=tuple(events[e.name] for e in scenario.events))


def sobol_runs(groups: int, base_samples: int) -> int:
    """Model runs of the Sobol drivers: N (groups + 2) (Saltelli); 2N for a lone group."""
    if groups == 0:
        return 0
    return 2 * base_samples if groups == 1 else base_samples * (groups + 2)


def sobol_drivers(
    scenario: Scenario,
    targets: tuple[Target, ...],
    setup: ModelSetup,
    *,
    base_samples: int = SOBOL_BASE_SAMPLES,
    inner_draws: int = SOBOL_INNER_DRAWS,
    progress: Progress = None,
) -> pd.DataFrame:
    """Sobol indices of each target's indicator over the scenario's uncertain inputs.

    Parameters
    ----------
    scenario : Scenario
        The scenario; its seed fixes the SALib sample and the inner draws.
    targets : tuple of Target
        Targets within the scenario's horizon.
    setup : ModelSetup
        Seeds and parameters.
    base_samples : int
        Saltelli base sample N, a power of 2; the model runs :func:`sobol_runs` times.
    inner_draws : int
        Draws per run (at least 2).
    progress : callable, optional
        Called with the number of draws finished.

    Returns
    -------
    DataFrame
        :data:`DRIVER_COLUMNS`, a row per target and driver, ranked by total index within each
        target. ``total`` and ``first_order`` are shares (0 to 1) of the indicator's variance in
        the target year; ``*_conf`` are SALib's 95% confidence half-widths on the same scale.
    """
    from sim.execution.simulate import simulate

    if base_samples < 2 or base_samples & (base_samples - 1):
        raise ValueError(f"base_samples must be a power of 2 (16, 32, 64, ...), got {base_samples}")
    if inner_draws < 2:
        raise ValueError(f"inner_draws must be at least 2, got {inner_draws}")
    years = [BASE_YEAR, *scenario.years]
    factors = sobol_factors(scenario, setup)
    if not factors:
        rows = [_row(t, SHOCKS, "shocks", 1.0, 0.0, np.nan, np.nan) for t in targets]
        return _ranked(pd.DataFrame(rows, columns=DRIVER_COLUMNS[:1] + DRIVER_COLUMNS[2:]))
    from SALib.sample import sobol as saltelli

    problem = {
        "num_vars": len(factors),
        "names": [f.name for f in factors],
        "bounds": [[0.0, 1.0]] * len(factors),
        "groups": [f.group for f in factors],
    }
    groups = list(dict.fromkeys(f.group for f in factors))
    if len(groups) > 1:
        sample = saltelli.sample(problem, base_samples, calc_second_order=False, seed=scenario.seed)
    else:  # SALib treats one group as none; one group's index needs no Saltelli scheme
        from scipy.stats import qmc

        points = qmc.Sobol(len(factors), seed=scenario.seed)
        sample = points.random_base2(sobol_runs(1, base_samples).bit_length() - 1)
    means = np.empty((len(sample), len(targets)))
    within = np.empty((len(sample), len(targets)))
    for r, u in enumerate(sample):
        fixed = what_if(fix_factors(scenario, factors, u), WHAT_IF_REPLICATIONS)
        fixed_setup = fix_parameters(setup, factors, u)
        run = simulate(fixed, draws=inner_draws, seed=scenario.seed, setup=fixed_setup)
        for k, t in enumerate(targets):
            y = run.values[t.indicator][:, years.index(t.year)]
            means[r, k] = y.mean()
            within[r, k] = y.var(ddof=1)
        if progress is not None:
            progress(inner_draws)
    rows = []
    for k, t in enumerate(targets):
        rows.extend(_target_indices(problem, groups, t, means[:, k], within[:, k], scenario.seed))
    return _ranked(pd.DataFrame(rows, columns=DRIVER_COLUMNS[:1] + DRIVER_COLUMNS[2:]))


def _target_indices(
    problem: dict,
    groups: list[str],
    target: Target,
    means: np.ndarray,
    within: np.ndarray,
    seed: int,
) -> list[dict[str, object]]:
    """Rows of one target: each group's indices scaled to the whole variance, then the rest."""
    from SALib.analyze import sobol

    between = float(np.var(means))
    noise = float(np.mean(within))
    total = between + noise
    if total <= 0.0:
        nan = float("nan")
        return [_row(target, g, _kind(g), nan, nan, nan, nan) for g in [*groups, SHOCKS]]
    share = between / total
    # 95% half-width of E[Var(Y | X)] / Var(Y): the standard error of the mean over the samples
    noise_conf = 1.96 * float(np.std(within, ddof=1)) / np.sqrt(len(within)) / total
    if between <= NEGLIGIBLE_VARIANCE * max(total, float(np.mean(means)) ** 2):
        zero = [_row(target, g, _kind(g), 0.0, 0.0, 0.0, 0.0) for g in groups]
        return [*zero, _row(target, SHOCKS, "shocks", 1.0, 0.0, float("nan"), float("nan"))]
    shocks = _row(target, SHOCKS, "shocks", noise / total, noise_conf, np.nan, np.nan)
    if len(groups) == 1:
        return [_one_group(target, groups[0], means, within, seed), shocks]
    result = sobol.analyze(problem, means, calc_second_order=False, seed=seed)
    rows = [
        _row(
            target,
            g,
            _kind(g),
            float(result["ST"][i]) * share,
            float(result["ST_conf"][i]) * share,
            float(result["S1"][i]) * share,
            float(result["S1_conf"][i]) * share,
        )
        for i, g in enumerate(groups)
    ]
    rows.append(shocks)
    return rows


def _one_group(
    target: Target, group: str, means: np.ndarray, within: np.ndarray, seed: int
) -> dict[str, object]:
    """The only group's row: first-order = total = Var(E[Y | X]) / Var(Y).

    Its 95% half-width is 1.96 bootstrap standard deviations over the samples
    (:data:`BOOTSTRAP` resamples, as SALib's intervals).
    """
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(means), size=(BOOTSTRAP, len(means)))
    between = means[picks].var(axis=1)
    shares = between / (between + within[picks].mean(axis=1))
    share = float(np.var(means) / (np.var(means) + np.mean(within)))
    conf = 1.96 * float(np.std(shares, ddof=1))
    return _row(target, group, _kind(group), share, conf, share, conf)


def _kind(group: str) -> str:
    if group == PARAMETERS:
        return "parameters"
    if group.startswith("event:"):
        return "event"
    return "lever" if group in LEVERS else "assumption"


def _row(
    target: Target,
    driver: str,
    kind: str,
    total: float,
    total_conf: float,
    first: float,
    first_conf: float,
) -> dict[str, object]:
    return {
        "target": target.id,
        "driver": driver,
        "kind": kind,
        "total": total,
        "total_conf": total_conf,
        "first_order": first,
        "first_order_conf": first_conf,
    }


def _ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort each target's rows by total index (largest first) and number them from 1."""
    order = {t: i for i, t in enumerate(dict.fromkeys(frame["target"]))}
    frame = frame.assign(_t=frame["target"].map(order), _s=-frame["total"].fillna(-np.inf))
    frame = frame.sort_values(["_t", "_s"], kind="stable").drop(columns=["_t", "_s"])
    frame.insert(1, "rank", frame.groupby("target").cumcount() + 1)
    return frame.reset_index(drop=True)


def tornado(
    ensemble: Ensemble,
    targets: tuple[Target, ...],
    setup: ModelSetup,
    *,
    share: float = TORNADO_SHARE,
    progress: Progress = None,
    replications: int | None = None,
    draws: int | None = None,
) -> tuple[pd.DataFrame, list[str]]:
    """One-at-a-time lever moves on the ensemble's random numbers.

    The moved runs use the ensemble's draws, seed and pipeline replications, so the probability
    they start from (column ``probability``) is the scorecard's; ``replications`` (fewer than the
    scenario's) trades that for speed, and the base is then re-run on as many.

    Parameters
    ----------
    ensemble : Ensemble
        The scenario as run (its draws and seed are reused: common random numbers).
    targets : tuple of Target
        Targets within the horizon.
    setup : ModelSetup
        Seeds and parameters.
    share : float
        Each lever moves by ``share * (high - low)`` of its registry range, down and up.
    progress : callable, optional
        Called with the number of draws finished.
    replications : int, optional
        Pipeline replications of the moved runs (default: the scenario's own).
    draws : int, optional
        Draws of the runs: the ensemble's first ``draws`` (default: all it holds in memory).

    Returns
    -------
    (DataFrame, list of str)
        :data:`TORNADO_COLUMNS`, a row per target and lever ranked by the swing of the
        probability (then of the median): ``low``/``high`` are the changes of the probability of
        meeting the target, in percentage points, with the lever moved down/up; ``median_low``/
        ``median_high`` the changes of the median outcome in the indicator's unit;
        ``low_label``/``high_label`` the lever's moved values; ``probability`` the probability at
        the scenario's values on the same runs (0 to 1; NaN, as ``low`` and ``high``, for a
        target whose basis is unverified); ``replications`` the pipeline replications and
        ``draws`` the draws of the runs. Then the levers left out, with why.
    """
    from sim.execution.what_if import variant_values

    scenario = ensemble.scenario
    years = [y for y in ensemble.years if y <= max(t.year for t in targets)]
    n = ensemble.sample if draws is None else min(draws, ensemble.sample)
    runs_on = what_if(scenario, replications)
    moves, skipped = [], []
    for lever, spec in LEVERS.items():
        delta = share * (spec.high - spec.low)
        try:
            moves.append(
                (
                    lever,
                    moved(scenario, lever, -delta, replications),
                    moved(scenario, lever, delta, replications),
                )
            )
        except UnmovableLever as exc:
            skipped.append(str(exc))
    variants = [runs_on, *(s for _, down, up in moves for s in (down, up))]
    # All runs on the ensemble's first n draws, drawn once, to the last target year.
    values = variant_values(
        scenario,
        variants,
        setup,
        draws=n,
        last_year=years[-1],
        indicators=sorted({t.indicator for t in targets}),
    )
    if progress is not None:
        progress(n * len(variants))
    base = {t.id: _outcome(values[0], t, years) for t in targets}
    rows = []
    for i, (lever, down, up) in enumerate(moves):
        spec = LEVERS[lever]
        runs = values[1 + 2 * i : 3 + 2 * i]
        for t in targets:
            y0 = base[t.id]
            y_low, y_high = (_outcome(v, t, years) for v in runs)
            p0 = probability(t, y0) if t.verified else float("nan")
            p_low, p_high = (probability(t, y) if t.verified else p0 for y in (y_low, y_high))
            m0 = float(np.median(y0))
            rows.append(
                {
                    "target": t.id,
                    "lever": lever,
                    "unit": spec.unit,
                    "low_label": describe(down.inputs[lever]),
                    "high_label": describe(up.inputs[lever]),
                    "low": 100.0 * (p_low - p0),
                    "high": 100.0 * (p_high - p0),
                    "median_low": float(np.median(y_low)) - m0,
                    "median_high": float(np.median(y_high)) - m0,
                    "probability": p0,
                    "replications": runs_on.pipeline_replications,
                    "draws": n,
                }
            )
    frame = pd.DataFrame(rows, columns=TORNADO_COLUMNS[:1] + TORNADO_COLUMNS[2:])
    if frame.empty:
        frame.insert(1, "rank", pd.Series(dtype=int))
        return frame, skipped
    order = {t: i for i, t in enumerate(dict.fromkeys(frame["target"]))}
    frame = frame.assign(
        _t=frame["target"].map(order),
        _p=-(frame["high"] - frame["low"]).abs().fillna(0.0),
        _m=-(frame["median_high"] - frame["median_low"]).abs(),
    )
    frame = frame.sort_values(["_t", "_p", "_m"], kind="stable").drop(columns=["_t", "_p", "_m"])
    frame.insert(1, "rank", frame.groupby("target").cumcount() + 1)
    return frame.reset_index(drop=True), skipped


def _outcome(values: dict[str, np.ndarray], target: Target, years: list[int]) -> np.ndarray:
    """The target's indicator in its year, one value per draw."""
    return values[target.indicator][:, years.index(target.year)]
