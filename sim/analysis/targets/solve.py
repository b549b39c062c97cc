"""What it would take: the lever value at which a target is met with a given probability.

The probability of meeting a target, as a function of one lever, is computed on common random
numbers (every evaluation runs the same seed and draws; only the lever moves, see
``sim.analysis.targets.moves``). It is then a step function of the lever, each step one draw
crossing the target, so the root it has is stable: the same inputs give the same answer to the last
digit.

:func:`solve` scans the lever's whole range on a grid of :data:`GRID_POINTS` (plus the
scenario's own value), takes the crossing of the requested probability nearest to the
scenario's value, and narrows it with ``scipy.optimize.brentq`` to :data:`LEVER_XTOL` of the
range. The answer is the lever value on the meeting side of the crossing, so its probability is
at least the requested one and, unless several draws cross at the same lever value, exceeds it
by less than one draw's share: ``|achieved - requested| <= 1 / draws`` (:func:`tolerance`). The
answer is a Monte Carlo estimate: its standard error, from the probability's
``sqrt(p (1 - p) / draws)`` and the slope around the crossing, is reported beside it.

No monotonicity is assumed. Crossings narrower than a grid step can be missed; when no grid
point reaches the probability, the answer says so plainly, with the best value found.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
from scipy.optimize import brentq

from sim.analysis.targets.moves import describe, moved, shift_range, shift_value, what_if
from sim.analysis.targets.scorecard import probability as share_meeting
from sim.analysis.targets.scorecard import probability_text
from sim.inputs.levers import BASE_YEAR, LEVERS
from sim.inputs.scenario.schema import Scenario
from sim.inputs.scenario.values import Value
from sim.inputs.targets_file import Target

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import ModelSetup

GRID_POINTS = 21
"""Evenly spaced lever moves scanned over the whole range before narrowing a crossing."""
LEVER_XTOL = 1e-4
"""Precision of the answer, as a share of the lever's range of moves (e.g. 0.0035 pp of credit
growth, whose range is 35 pp): far below the answer's Monte Carlo standard error."""


CURVE_LEVEL = 0.90
"""Coverage of the Monte Carlo band drawn around the solver's curve of P(met)."""


def tolerance(draws: int) -> float:
    """How far the achieved probability may be from the requested one: one draw's share."""
    return 1.0 / draws


@dataclass(frozen=True)
class Solution:
    """The answer of :func:`solve`.

    Attributes
    ----------
    target, lever : Target, str
        What was solved for.
    requested : float
        The probability asked for, in (0, 1).
    reached : bool
        Whether some value in the lever's range reaches it.
    current_value : Value
        The lever's value in the scenario.
    current_probability : float
        Probability of meeting the target at the scenario's value.
    delta : float or None
        The move of the lever (its unit) at the answer; None when not reached.
    value : Value or None
        The lever's value at the answer (the scenario's value moved by ``delta``).
    achieved : float or None
        Probability at the answer; within :func:`tolerance` of ``requested``.
    standard_error : float or None
        Approximate Monte Carlo standard error of ``delta``, in the lever's unit.
    best_delta, best_probability : float
        The move with the highest probability on the grid, and that probability.
    range : (float, float)
        The moves scanned: from the whole value at the bottom of the allowed range to the top.
    draws : int
        Draws of every evaluation.
    replications : int
        Pipeline replications of every evaluation.
    crossings : int
        Crossings of the requested probability found on the grid (more than one: the
        probability is not monotone in the lever; the nearest one is the answer).
    evaluations : int
        Model runs made.
    """

    target: Target
    lever: str
    requested: float
    reached: bool
    current_value: Value
    current_probability: float
    delta: float | None
    value: Value | None
    achieved: float | None
    standard_error: float | None
    best_delta: float
    best_probability: float
    best_value: Value
    range: tuple[float, float]
    draws: int
    replications: int
    crossings: int
    evaluations: int
    grid: list[tuple[float, float]] = field(default_factory=list, repr=False)

    def _shown(self, p: float) -> str:
        """A probability as text, never a bare 0% or 100% (``scorecard.probability_text``)."""
        return probability_text(p, self.draws) if p in (0.0, 1.0) else f"{p:.1%}"

    @property
    def tolerance(self) -> float:
        """Largest expected ``|achieved - requested|``: one draw's share."""
        return tolerance(self.draws)

    def message(self) -> str:
        """The answer in one or two plain sentences."""
        spec = LEVERS[self.lever]
        t = self.target
        want = f"P(meet {t.id}: {t.indicator} {t.describe()} in {t.year}) = {self.requested:.0%}"
        now = (
            f"At the scenario's {self.lever} ({describe(self.current_value)}) the probability "
            f"is {self._shown(self.current_probability)}."
        )
        if not self.reached:
            lo, hi = spec.low, spec.high
            return (
                f"No value of {self.lever} in its range [{lo:g}, {hi:g}] [{spec.unit}] reaches "
                f"{want}: the highest probability found is "
                f"{self._shown(self.best_probability)}, with {self.lever} at "
                f"{describe(self.best_value)}. {now}"
            )
        if self.crossings == 0:
            worst = min(p for _, p in self.grid) if self.grid else self.current_probability
            return (
                f"{want} holds over the whole range of {self.lever} [{spec.low:g}, "
                f"{spec.high:g}] [{spec.unit}]: the lowest probability found is "
                f"{self._shown(worst)}, so this lever does not decide it. {now}"
            )
        se = (
            f" (Monte Carlo standard error about {self.standard_error:.2g})"
            if self.standard_error is not None
            else ""
        )
        move = f"moved by {self.delta:+.4g} to" if isinstance(self.current_value, dict) else "at"
        if self.value is None:  # a solution that reached the level has its value
            raise RuntimeError("a reached solution without a value")
        lever = f"{self.lever} {move} {describe(self.value)} [{spec.unit}]{se}"
        achieved = (
            f"achieved {self.achieved:.2%}, within {self.tolerance:.2%} (one draw of {self.draws})."
        )
        if self.current_probability >= self.requested:
            way = "down" if (self.delta or 0.0) < 0 else "up"
            text = (
                f"Already reached. {now} {want} holds as far {way} as {lever}, where the "
                f"probability falls to the level; {achieved}"
            )
        else:
            text = f"{lever} reaches {want}; {achieved} {now}"
        return text + (
            f" The probability crosses {self.requested:.0%} {self.crossings} times over "
            "the range (not monotone); this is the crossing nearest the scenario's value."
            if self.crossings > 1
            else ""
        )

    def curve(self, level: float = CURVE_LEVEL) -> pd.DataFrame:
        """P(met) over the moves scanned, with its Monte Carlo band (``solve_curve.csv``).

        Returns
        -------
        DataFrame
            ``move`` (the lever's unit), ``value`` (the lever after the move), ``probability``
            (0 to 1), ``low`` and ``high``: the Wilson score interval of the proportion at
            ``level`` (90% by default) for ``draws`` draws (statsmodels ``proportion_confint``),
            sorted by move. It is the band of each point's Monte Carlo error; the points share
            their random numbers, so the curve's shape is more certain than the band suggests.
        """
        from statsmodels.stats.proportion import proportion_confint

        moves = np.array([d for d, _ in self.grid], dtype=float)
        probs = np.array([p for _, p in self.grid], dtype=float)
        counts = np.rint(probs * self.draws)
        low, high = proportion_confint(counts, self.draws, alpha=1.0 - level, method="wilson")
        spec = LEVERS[self.lever]
        values = [describe(shift_value(self.current_value, float(d), spec)) for d in moves]
        return pd.DataFrame(
            {
                "move": moves,
                "value": values,
                "probability": probs,
                "low": np.asarray(low, dtype=float),
                "high": np.asarray(high, dtype=float),
            }
        )

    def to_dict(self) -> dict[str, object]:
        """JSON-ready."""
        return {
            "target": self.target.id,
            "lever": self.lever,
            "lever_unit": LEVERS[self.lever].unit,
            "requested_probability": self.requested,
            "reached": self.reached,
            "current_value": describe(self.current_value),
            "current_probability": self.current_probability,
            "delta": self.delta,
            "value": None if self.value is None else describe(self.value),
            "achieved_probability": self.achieved,
            "tolerance": self.tolerance,
            "standard_error": self.standard_error,
            "best_value": describe(self.best_value),
            "best_probability": self.best_probability,
            "range_of_moves": list(self.range),
            "draws": self.draws,
            "pipeline_replications": self.replications,
            "crossings": self.crossings,
            "evaluations": self.evaluations,
            "grid": [{"delta": d, "probability": p} for d, p in self.grid],
            "message": self.message(),
        }


def solve(
    scenario: Scenario,
    target: Target,
    lever: str,
    requested: float,
    setup: ModelSetup,
    replications: int | None = None,
) -> Solution:
    """Find the lever value at which ``target`` is met with probability ``requested``.

    Parameters
    ----------
    scenario : Scenario
        The scenario, with the draws and seed every evaluation uses.
    target : Target
        A target within the scenario's horizon.
    lever : str
        A lever of ``sim.inputs.levers.LEVERS``.
    requested : float
        Probability in (0, 1).
    setup : ModelSetup
        Seeds and parameters.
    replications : int, optional
        Pipeline replications of every evaluation (default: the scenario's own, so that the
        probability at the scenario's value is the scorecard's).

    Returns
    -------
    Solution
        The answer (see :class:`Solution`), or that the range cannot reach ``requested``.

    Raises
    ------
    ValueError
        For a probability outside (0, 1), a target beyond the horizon or whose basis is
        unverified, or an unknown lever.
    sim.analysis.targets.moves.UnmovableLever
        If the lever is a log-normal distribution in the scenario.
    """
    from sim.execution.what_if import variant_values

    if not 0.0 < requested < 1.0:
        raise ValueError(f"the probability must be between 0 and 1 (exclusive), got {requested}")
    if not target.verified:
        raise ValueError(
            f"target {target.id}: basis unverified, so no probability is given ({target.caveat})"
        )
    if lever not in LEVERS:
        raise ValueError(f"unknown lever {lever!r}; levers: {', '.join(LEVERS)}")
    years = [BASE_YEAR, *scenario.years]
    if target.year not in years:
        raise ValueError(
            f"target {target.id} is for {target.year}, beyond the scenario's horizon "
            f"{scenario.horizon}"
        )
    column = years.index(target.year)
    cache: dict[float, float] = {}

    def evaluate(deltas: list[float]) -> None:
        """P(met) at each lever move, on the scenario's draws (random numbers drawn once)."""
        runs = variant_values(
            scenario,
            [moved(scenario, lever, d, replications) for d in deltas],
            setup,
            draws=scenario.draws,
            last_year=target.year,
            indicators=[target.indicator],
        )
        for d, run in zip(deltas, runs, strict=True):
            cache[d] = share_meeting(target, run[target.indicator][:, column])

    def prob(delta: float) -> float:
        if delta not in cache:
            evaluate([delta])
        return cache[delta]

    def gap(delta: float) -> float:
        """Probability minus requested; meeting (>= requested) is strictly positive."""
        g = prob(delta) - requested
        return g if g != 0.0 else 1e-12

    current = scenario.inputs[lever]
    low, high = shift_range(current, LEVERS[lever])
    grid = sorted({*np.linspace(low, high, GRID_POINTS).tolist(), 0.0})
    evaluate(grid)
    probs = [prob(d) for d in grid]
    best = int(np.argmax(probs))
    common = {
        "target": target,
        "lever": lever,
        "requested": requested,
        "current_value": current,
        "current_probability": prob(0.0),
        "best_delta": grid[best],
        "best_probability": probs[best],
        "best_value": moved(scenario, lever, grid[best]).inputs[lever],
        "range": (low, high),
        "draws": scenario.draws,
        "replications": what_if(scenario, replications).pipeline_replications,
    }
    brackets = [
        (a, b) for a, b in zip(grid, grid[1:], strict=False) if (gap(a) > 0) != (gap(b) > 0)
    ]
    if not brackets:
        reached = all(p >= requested for p in probs)
        answer = 0.0 if reached else None
        return Solution(
            **common,
            reached=reached,
            delta=answer,
            value=current if reached else None,
            achieved=prob(0.0) if reached else None,
            standard_error=None,
            crossings=0,
            evaluations=len(cache),
            grid=list(zip(grid, probs, strict=True)),
        )
    a, b = min(brackets, key=lambda ab: min(abs(ab[0]), abs(ab[1])))
    xtol = LEVER_XTOL * (high - low)
    root = float(brentq(gap, a, b, xtol=xtol))
    meets = b if gap(b) > 0 else a
    answer = root
    step = xtol
    while gap(answer) <= 0:  # step onto the meeting side of the crossing
        answer = root + np.sign(meets - root) * step
        if abs(answer - root) >= abs(meets - root):
            answer = meets
            break
        step *= 2
    slope = abs(prob(b) - prob(a)) / (b - a)
    p_se = float(np.sqrt(requested * (1.0 - requested) / scenario.draws))
    return Solution(
        **common,
        reached=True,
        delta=float(answer),
        value=moved(scenario, lever, float(answer)).inputs[lever],
        achieved=prob(float(answer)),
        standard_error=p_se / slope if slope > 0 else None,
        crossings=len(brackets),
        evaluations=len(cache),
        grid=list(zip(grid, probs, strict=True)),
    )
