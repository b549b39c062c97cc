"""Why a target would be missed: scenario discovery with PRIM over what each draw sampled.

For a target that is neither nearly certain nor nearly hopeless (P(met) between
:data:`MIN_PROBABILITY` and :data:`MAX_PROBABILITY`), the draws that miss it are the cases of
interest, and PRIM (the Patient Rule Induction Method, Friedman and Fisher 1999, "Bump hunting in
high-dimensional data", Statistics and Computing 9(2); as used for scenario discovery by Bryant
and Lempert 2010, Technological Forecasting and Social Change 77(1)) looks for boxes, ranges of a
few inputs, inside which most draws miss it. The implementation is the ``PRIM`` package
(Project-Platypus, the EMA Workbench's PRIM as a standalone library).

What each draw sampled (:func:`sampled_inputs`), recomputed from the run's random streams for the
draws in memory, as ``draws.parquet`` records them:

- ``input.<name>``: each input given as a distribution (``input.<name>[year]`` for each year of a
  path that holds one), in its unit (kind ``lever`` or ``assumption``);
- ``event.<name>.occurred`` (0 or 1) and, when the size is a distribution,
  ``event.<name>.size`` (pp), for events up to the target year (kind ``event``);
- ``param.<name>`` (``param.<name>[sector or group]``): the sampled model parameters
  (``calibration/parameters.yaml``: ``uncertainty``), kind ``parameter``;
- ``shock.group[g]``, ``shock.sector[s]`` and ``shock.<series>``: the model's standard-normal
  innovations of the projected years up to the target year, summed and divided by the square
  root of their number (so again N(0, 1)): whether the years to the target were lucky or not
  (kind ``shock``). The pipeline's replications are not among them.

Screening: PRIM's peeling over a couple of hundred columns is slow and, with a few thousand
draws, restricts noise; so only the :data:`SCREENED` columns most associated with missing the
target (absolute Spearman rank correlation with the 0/1 miss) enter PRIM, as scenario discovery
screens its uncertainties before PRIM (Kwakkel 2017, the EMA Workbench's feature scoring).

Box choice: PRIM peels a trajectory of ever smaller, denser boxes. Of those restricting at most
:data:`MAX_RESTRICTED` inputs (a box people can read) and denser in misses than the whole sample,
the one with the largest coverage x lift is taken, lift = (density - m) / (1 - m) with m the
share of all draws that miss: how far the box goes from the whole sample (lift 0) to certain
failure (lift 1). Coverage: share of all misses inside the box; density: share of the box's draws
that miss. (Coverage x density would favour wide boxes barely denser than the sample.)
Up to :data:`MAX_BOXES` boxes are found in turn (PRIM's covering: the next box looks
at the draws outside the earlier ones), a later box only if it covers at least
:data:`MIN_COVERAGE` of the misses. A chosen box's restrictions that are not significant (PRIM's
quasi-p value above :data:`MAX_QP`) are dropped, as an analyst would, and a box whose lift is
then below :data:`MIN_LIFT` is not reported (no region holds the misses markedly more densely).
Of a path holding distributions, only the years whose values reach the target year (by
interpolation) are inputs.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd
from scipy import stats

from sim.analysis.targets.drivers import uncertain_factors
from sim.execution.sampled import EVENT_SIZE_UNIT, sampled_draws
from sim.execution.streams import draw_parameters, draw_range
from sim.inputs.levers import ALL_INPUTS, LEVERS
from sim.inputs.scenario.values import DistributionBase
from sim.inputs.targets_file import Target
from sim.model.interface import SERIES_SHOCKS
from sim.model.sectors import GROUPS, N_GROUPS, N_SECTORS, SECTORS

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import ModelSetup
    from sim.results import Ensemble

MIN_PROBABILITY = 0.02
"""Targets met in fewer draws than this share are not explained (nearly every draw misses)."""
MAX_PROBABILITY = 0.98
"""Targets met in more draws than this share are not explained (misses are too few to say)."""
SCREENED = 12
"""Columns that enter PRIM: those most associated with a miss (absolute Spearman correlation)."""
MAX_RESTRICTED = 3
"""Most inputs a reported box restricts."""
MAX_BOXES = 2
"""Most boxes per target."""
MIN_COVERAGE = 0.10
"""A box after the first is reported only if it holds at least this share of the misses."""
MIN_LIFT = 0.10
"""A box is reported only if its density goes at least this share of the way from the share of
all draws that miss to 1 (a box barely denser than the whole sample explains nothing)."""
MAX_QP = 0.05
"""Restrictions of a chosen box with a larger quasi-p value are dropped (not significant)."""
PEEL_ALPHA = 0.05
"""Share of the box's draws PRIM peels off at each step (the package's and the literature's 5%)."""
MASS_MIN = 0.05
"""Smallest share of all draws a box may hold."""

BOX_COLUMNS = [
    "target",
    "box",
    "coverage",
    "density",
    "mass",
    "input",
    "kind",
    "unit",
    "low",
    "high",
    "sample_low",
    "sample_high",
    "qp_value",
    "misses",
    "draws",
]
"""Columns of ``prim_boxes.csv``: a row per target, box and restricted input.

``coverage`` share of the target's misses inside the box (0 to 1); ``density`` share of the
box's draws that miss (0 to 1); ``mass`` share of all draws in the box; ``input`` the sampled
quantity (see the module), ``kind`` lever, assumption, event, parameter or shock, ``unit`` its
unit; ``low``/``high`` the box's limits on it (empty on a side the box does not restrict);
``sample_low``/``sample_high`` the range the draws took; ``qp_value`` PRIM's quasi-p value of the
restriction (binomial test of the density with and without it; small is significant); ``misses``
and ``draws`` the target's missed draws and all draws."""


@dataclass(frozen=True)
class Sampled:
    """What the draws sampled, as PRIM's inputs.

    Attributes
    ----------
    frame : DataFrame
        A row per draw, a column per sampled quantity.
    kinds, units : dict of str to str
        Each column's kind and unit.
    """

    frame: pd.DataFrame
    kinds: dict[str, str]
    units: dict[str, str]


def explained(p: float) -> bool:
    """Whether a target with probability ``p`` gets PRIM boxes (NaN: basis unverified, no)."""
    return bool(MIN_PROBABILITY <= p <= MAX_PROBABILITY)


def sampled_inputs(ensemble: Ensemble, year: int, setup: ModelSetup) -> Sampled:
    """Each draw's sampled inputs, events, parameters and shocks that can move ``year``.

    Parameters
    ----------
    ensemble : Ensemble
        The run; its first ``ensemble.sample`` draws (those in memory) are described.
    year : int
        The target year: events and shocks after it are left out.
    setup : ModelSetup
        The parameters and their uncertainty, as the run used them.

    Returns
    -------
    Sampled
        The columns described in the module's docstring, recomputed from the run's streams.
    """
    scenario = ensemble.scenario
    n = ensemble.sample
    years = scenario.years
    upto = [j for j, y in enumerate(years) if y <= year]
    drawn = sampled_draws(scenario, 0, n)  # what draws.parquet records; column 0 is 2025
    _, innovations = draw_range(scenario, 0, n)
    columns: dict[str, np.ndarray] = {}
    kinds: dict[str, str] = {}
    units: dict[str, str] = {}

    def add(name: str, values: np.ndarray, kind: str, unit: str) -> None:
        columns[name] = values
        kinds[name] = kind
        units[name] = unit

    for f in uncertain_factors(scenario):
        if f.event is not None:
            event = f.event
            if event.year > year:
                continue
            key = f"event.{event.name}"
            occurred = drawn[f"{key}.occurred"][:, 1].astype(np.int64)
            add(f"{key}.occurred", occurred, "event", "1 if it happened")
            if isinstance(event.size, DistributionBase):
                add(f"{key}.size", drawn[f"{key}.size"][:, 1], "event", EVENT_SIZE_UNIT)
            continue
        name = str(f.input)
        kind = "lever" if name in LEVERS else "assumption"
        unit = ALL_INPUTS[name].unit
        if f.year is None:
            add(f"input.{name}", drawn[f"input.{name}"][:, 1], kind, unit)
        elif f.year in years and f.year in _keys_reaching(scenario.inputs[name], year):
            values = drawn[f"input.{name}"][:, 1 + years.index(f.year)]
            add(f"input.{name}[{f.year}]", values, kind, unit)
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, 0, n)
    for name in ps.uncertainty:
        values = np.asarray(getattr(params, name), dtype=float)
        if values.ndim == 1:
            add(f"param.{name}", values, "parameter", "parameter's unit")
            continue
        labels = _axis_labels(values.shape[1])
        for k, label in enumerate(labels):
            add(f"param.{name}[{label}]", values[:, k], "parameter", "parameter's unit")
    scale = np.sqrt(len(upto))
    shock_unit = (
        f"sd (N(0,1), {year})"
        if len(upto) == 1
        else f"sd (N(0,1): sum over {years[0]}-{year} / sqrt({len(upto)}))"
    )
    for g, group in enumerate(GROUPS):
        add(
            f"shock.group[{group}]",
            innovations.group[:, upto, g].sum(axis=1) / scale,
            "shock",
            shock_unit,
        )
    for s, sector in enumerate(SECTORS):
        add(
            f"shock.sector[{sector}]",
            innovations.sector[:, upto, s].sum(axis=1) / scale,
            "shock",
            shock_unit,
        )
    for series in SERIES_SHOCKS:
        add(
            f"shock.{series}",
            innovations.series[series][:, upto].sum(axis=1) / scale,
            "shock",
            shock_unit,
        )
    return Sampled(frame=pd.DataFrame(columns), kinds=kinds, units=units)


def _keys_reaching(path: object, year: int) -> set[int]:
    """The years of a path whose values set its value in ``year`` (paths are interpolated).

    Before the first year, the first; after the last, the last; otherwise the year itself, or
    the two years around it.
    """
    keys = sorted(path) if isinstance(path, dict) else []
    if not keys:
        return set()
    if year <= keys[0]:
        return {keys[0]}
    if year >= keys[-1]:
        return {keys[-1]}
    before = max(k for k in keys if k <= year)
    return {before} if before == year else {before, min(k for k in keys if k > year)}


def _axis_labels(size: int) -> Sequence[str]:
    """Names of a parameter's elements: sectors, groups, else their positions."""
    if size == N_SECTORS:
        return SECTORS
    if size == N_GROUPS:
        return GROUPS
    return [str(k) for k in range(size)]


def screen(x: pd.DataFrame, miss: np.ndarray, keep: int = SCREENED) -> list[str]:
    """The ``keep`` columns of ``x`` most associated with ``miss`` (|Spearman rho|), best first.

    Spearman's rho is Pearson's correlation of the ranks (ties get their mean rank). Constant
    columns are left out (they cannot separate anything).
    """
    if np.all(miss) or not np.any(miss):
        return []
    values = x.to_numpy(dtype=float)
    varying = np.ptp(values, axis=0) > 0.0
    ranks = stats.rankdata(values[:, varying], axis=0)
    target = stats.rankdata(np.asarray(miss, dtype=float))
    ranks -= ranks.mean(axis=0)
    target -= target.mean()
    rho = (ranks.T @ target) / np.sqrt((ranks**2).sum(axis=0) * (target**2).sum())
    names = [str(c) for c, v in zip(x.columns, varying, strict=True) if v]
    scores = dict(zip(names, np.abs(rho), strict=True))
    return sorted(scores, key=lambda c: -scores[c])[:keep]


def prim_boxes(
    x: pd.DataFrame,
    miss: np.ndarray,
    *,
    max_boxes: int = MAX_BOXES,
    max_restricted: int = MAX_RESTRICTED,
) -> list[dict[str, object]]:
    """PRIM boxes of the draws where ``miss`` is true.

    Parameters
    ----------
    x : DataFrame
        A row per draw; float columns are peeled by quantiles, integer columns (0/1 events) by
        value.
    miss : ndarray of bool, shape (draws,)
        The cases of interest (the draws that miss the target).
    max_boxes, max_restricted : int
        Most boxes, and most inputs a box restricts.

    Returns
    -------
    list of dict
        A dict per box: ``box`` (1, 2, ...), ``coverage``, ``density``, ``mass`` (0 to 1) and
        ``limits``, a DataFrame indexed by the restricted inputs with ``low``, ``high`` (NaN on
        an unrestricted side), ``sample_low``, ``sample_high`` and ``qp_value``. Empty when no
        box is denser in misses than the whole sample.
    """
    import prim

    miss = np.asarray(miss, dtype=bool)
    if x.shape[1] == 0 or miss.all() or not miss.any():
        return []
    base = float(miss.mean())
    # The package logs every peel at INFO; a run's output is ours to word.
    logging.getLogger("prim").setLevel(logging.WARNING)
    search = prim.Prim(x, miss, peel_alpha=PEEL_ALPHA, paste_alpha=PEEL_ALPHA, mass_min=MASS_MIN)
    found: list[dict[str, object]] = []
    for number in range(1, max_boxes + 1):
        box = search.find_box()
        if box is None:
            break
        chosen = _choose(box.peeling_trajectory, base, max_restricted)
        if chosen is None:
            break
        box.select(chosen)
        _drop_insignificant(box)
        if number > 1 and box.coverage < MIN_COVERAGE:
            break
        if (box.density - base) / (1.0 - base) < MIN_LIFT:
            break
        found.append(
            {
                "box": number,
                "coverage": float(box.coverage),
                "density": float(box.density),
                "mass": float(box.mass),
                "limits": _limits(box, x),
            }
        )
    return found


def _drop_insignificant(box: object) -> None:
    """Drop the box's restrictions whose quasi-p value exceeds :data:`MAX_QP`, keeping one.

    PRIM's quasi-p value is a one-sided binomial test of the box's density against the density
    without the restriction (Bryant and Lempert 2010); an insignificant restriction is noise
    that the peeling happened to keep.
    """
    table = box.limits  # type: ignore[attr-defined]
    weak = [str(name) for name, r in table.iterrows() if float(r["qp values"]) > MAX_QP]
    for name in weak[: max(len(table) - 1, 0)]:
        box.drop_restriction(name)  # type: ignore[attr-defined]


def _choose(trajectory: pd.DataFrame, base: float, max_restricted: int) -> int | None:
    """The trajectory's box with the largest coverage x lift, readable and denser than all.

    lift = (density - base) / (1 - base): how far the box's share of misses goes from the whole
    sample's (``base``, lift 0) to certainty (lift 1).
    """
    t = trajectory.astype(float)
    fine = (t["res dim"] >= 1) & (t["res dim"] <= max_restricted) & (t["density"] > base)
    if not fine.any():
        return None
    lift = (t["density"] - base) / (1.0 - base)
    score = (t["coverage"] * lift).where(fine, -np.inf)
    return int(np.argmax(score.to_numpy()))


def _limits(box: object, x: pd.DataFrame) -> pd.DataFrame:
    """The selected box's restricted inputs: limits, the sample's range and quasi-p values."""
    table = box.limits  # type: ignore[attr-defined]
    rows = []
    for name, r in table.iterrows():
        values = x[str(name)].to_numpy(dtype=float)
        lo, hi = float(values.min()), float(values.max())
        low, high = float(r["min"]), float(r["max"])
        if low <= lo and high >= hi:
            continue
        rows.append(
            {
                "input": str(name),
                "low": low if low > lo else np.nan,
                "high": high if high < hi else np.nan,
                "sample_low": lo,
                "sample_high": hi,
                "qp_value": float(r["qp values"]),
            }
        )
    return pd.DataFrame(
        rows, columns=["input", "low", "high", "sample_low", "sample_high", "qp_value"]
    )


def failure_boxes(ensemble: Ensemble, targets: Sequence[Target], setup: ModelSetup) -> pd.DataFrame:
    """PRIM boxes of the draws that miss each target whose P(met) is in the explained range.

    Parameters
    ----------
    ensemble : Ensemble
        The run (its draws in memory and its scenario's streams).
    targets : sequence of Target
        Targets within the horizon; unverified ones and those with P(met) outside
        [:data:`MIN_PROBABILITY`, :data:`MAX_PROBABILITY`] are skipped.
    setup : ModelSetup
        Seeds and parameters the run used.

    Returns
    -------
    DataFrame
        :data:`BOX_COLUMNS`, a row per target, box and restricted input.
    """
    from sim.analysis.targets.scorecard import probability

    years = ensemble.years
    sampled: dict[int, Sampled] = {}
    rows: list[dict[str, object]] = []
    for t in targets:
        if not t.verified:
            continue
        outcome = ensemble.values[t.indicator][:, years.index(t.year)]
        if not explained(probability(t, outcome)):
            continue
        if t.year not in sampled:
            sampled[t.year] = sampled_inputs(ensemble, t.year, setup)
        s = sampled[t.year]
        miss = ~t.met(outcome)
        chosen = screen(s.frame, miss)
        for b in prim_boxes(s.frame[chosen], miss):
            limits = cast(pd.DataFrame, b["limits"])
            for r in limits.itertuples():
                rows.append(
                    {
                        "target": t.id,
                        "box": b["box"],
                        "coverage": b["coverage"],
                        "density": b["density"],
                        "mass": b["mass"],
                        "input": r.input,
                        "kind": s.kinds[str(r.input)],
                        "unit": s.units[str(r.input)],
                        "low": r.low,
                        "high": r.high,
                        "sample_low": r.sample_low,
                        "sample_high": r.sample_high,
                        "qp_value": r.qp_value,
                        "misses": int(miss.sum()),
                        "draws": int(miss.size),
                    }
                )
    return pd.DataFrame(rows, columns=BOX_COLUMNS)


__all__ = [
    "BOX_COLUMNS",
    "MAX_PROBABILITY",
    "MIN_PROBABILITY",
    "explained",
    "failure_boxes",
    "prim_boxes",
    "sampled_inputs",
    "screen",
]
