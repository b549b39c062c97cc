"""What one lever does: impulse responses and fiscal multipliers on common random numbers.

For each input (a policy lever or an exogenous assumption of ``sim.inputs.levers``) the scenario is
run twice on the same random numbers (one seed, one number of draws, the scenario's pipeline
replications): as it is, and with the input moved by its standard impulse
(``InputSpec.impulse``, in the input's unit) **in every year** of the horizon. The move is that of
``sim.analysis.targets.moves.shift_value``: a constant or path moves up by the impulse, a
distribution shifts (its draws move by the impulse on the same random numbers); constants stay
inside the input's allowed range. Draw by draw, ``impulse run - scenario`` is the effect of the
impulse alone; per indicator and year the table gives its mean, median and 90% band
(:func:`sim.analysis.differences.paired_differences`).

For a **fiscal lever** (the impulse is money spent) the cumulative multiplier in year t is RMB of
GDP per RMB spent, both summed from the first year:

    m_t = sum_{s<=t} dGDP_s / sum_{s<=t} dS_s

with dGDP_s the paired difference of nominal GDP (RMB bn) and dS_s the extra spending of
:data:`FISCAL_LEVERS` (RMB bn; the same in every draw, so the mean of m_t is the ratio of the
means and its band is that of dGDP). The pipeline levers run with the scenario's replications:
their impulse changes the pipeline's inputs, so both runs simulate it anew on the same random
streams.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from sim.analysis.targets.moves import shift_value
from sim.execution.simulate import ModelSetup, simulate
from sim.execution.streams import input_block
from sim.inputs.levers import ALL_INPUTS, BASE_YEAR, FIRST_YEAR
from sim.inputs.scenario.schema import Scenario
from sim.model.indicators import INDICATORS
from sim.results import Ensemble, paired_differences, run_means

MULTIPLIER_COLUMNS = [
    "lever",
    "impulse",
    "impulse_unit",
    "variable",
    "unit",
    "year",
    "mean",
    "median",
    "p05",
    "p95",
    "cumulative_multiplier",
]
"""Columns of ``multipliers.csv``: per input (``lever``, assumptions included), indicator and
year, the paired difference (impulse run minus scenario) in the indicator's difference ``unit``.
Fiscal levers add the rows :data:`SPENDING` and :data:`MULTIPLIER` (the multiplier with its
band), and their ``gdp`` rows carry the mean cumulative multiplier in ``cumulative_multiplier``
(empty elsewhere), so that one filter on ``variable == "gdp"`` shows it beside the effect."""

SPENDING = "fiscal_spending"
"""Variable of the rows giving a fiscal lever's extra spending in each year (RMB bn)."""
MULTIPLIER = "fiscal_multiplier"
"""Variable of the rows giving the cumulative multiplier (RMB of GDP per RMB spent)."""
MULTIPLIER_UNIT = "RMB per RMB"

ALWAYS_SHOWN = ("gdp", "employment")
"""Indicators every impulse-response panel row shows, beside the input's own main indicator."""
FALLBACK_INDICATOR = "gdp_real_growth"
"""Main indicator of an input whose ``moves`` names no indicator besides those always shown."""

Progress = Callable[[int], None] | None


@dataclass(frozen=True)
class SpendingMeasure:
    """How a fiscal lever's impulse becomes RMB spent.

    Attributes
    ----------
    description : str
        The measure, in words (printed, written to the manifest and the README).
    extra : callable
        ``extra(scenario, moved, setup)``: extra spending in each projected year of the
        scenario, RMB bn, shape (years,).
    evidence : tuple of (int, float, float)
        What the evidence says of the cumulative multiplier (RMB of GDP per RMB spent): (years
        from the first, low, high), e.g. ``(1, 0.25, 0.9)`` for the first year.
    source : str
        Where those ranges come from (``/work/notes/evidence_levers.md`` in short).
    """

    description: str
    extra: Callable[[Scenario, Scenario, ModelSetup], np.ndarray]
    evidence: tuple[tuple[int, float, float], ...] = ()
    source: str = ""

    def evidence_text(self) -> str:
        """The documented ranges in words: ``0.25-0.9 in year 1, 0.4-1.4 over 3 years``."""
        parts = [
            f"{low:g}-{high:g} " + ("in year 1" if years == 1 else f"over {years} years")
            for years, low, high in self.evidence
        ]
        return ", ".join(parts) + (f" ({self.source})" if self.source else "")


def _lever_draws(scenario: Scenario, name: str) -> np.ndarray:
    """The input's values in the scenario's first block of draws, (BLOCK, years), in range."""
    spec = ALL_INPUTS[name]
    values = input_block(scenario.inputs[name], scenario.years, scenario.seed, 0, name)
    return np.clip(values, spec.low, spec.high)


def _infrastructure_spending(scenario: Scenario, moved: Scenario, setup: ModelSetup) -> np.ndarray:
    """Extra infrastructure investment implied by the extra growth (RMB bn per year).

        I_t = I_2025 prod_{s<=t} (1 + g_s / 100),   I_2025 = FAI_2025 fai_weight_infrastructure
        dS_t = mean over draws of I_t(moved) - I_t(scenario)

    with g_s the lever's growth in the scenario's draws (the first block of 4,096) and in the
    moved scenario's; the debt squeeze and the pipeline's infrastructure spending growth, the
    same in both runs, are left out of the levels.
    """
    level = setup.baseline.fai * float(setup.parameter_set.parameters.fai_weight_infrastructure)
    name = "infrastructure_investment"

    def path(s: Scenario) -> np.ndarray:
        return level * np.cumprod(1 + _lever_draws(s, name) / 100, axis=1)

    return np.asarray((path(moved) - path(scenario)).mean(axis=0))


def _tradein_spending(scenario: Scenario, moved: Scenario, setup: ModelSetup) -> np.ndarray:
    """Extra trade-in subsidy (RMB bn per year): the lever's own move, mean over draws."""
    name = "tradein_subsidy"
    return np.asarray((_lever_draws(moved, name) - _lever_draws(scenario, name)).mean(axis=0))


FISCAL_LEVERS: dict[str, SpendingMeasure] = {
    "infrastructure_investment": SpendingMeasure(
        "the extra infrastructure investment (RMB bn) implied by the extra growth: the 2025 "
        "level (FAI x its infrastructure weight) grown at the lever's growth with and without "
        "the impulse",
        _infrastructure_spending,
        evidence=((1, 0.25, 0.9), (3, 0.4, 1.4)),
        source="Chinese spending multipliers 0.6-0.8 (Guo, Liu and Ma 2016; Chen, Ratnovski "
        "and Tsai, IMF WP/17/273; HKMA 0.84 for 2009) x 0.6-0.9 RMB of spending per RMB of FAI",
    ),
    "tradein_subsidy": SpendingMeasure(
        "the extra trade-in subsidy paid (RMB bn a year, the impulse itself)",
        _tradein_spending,
        evidence=((1, 0.08, 0.75),),
        source="net retail multiplier 1.0-3.0 (CICC 2025; Mian and Sufi 2012) x 0.08-0.25 RMB "
        "of Chongqing value added per RMB of such sales (NBS 2020 input-output table)",
    ),
}
"""Levers whose impulse is money spent, and how it is counted. The other inputs are rates,
counts or multiples, and ``low_altitude_output`` is value added, not spending."""


def main_indicator(name: str) -> str:
    """The indicator input ``name`` targets most: the first of its ``moves`` that is one.

    Indicators shown for every input (:data:`ALWAYS_SHOWN`) are skipped; an input naming none
    other gets :data:`FALLBACK_INDICATOR`.
    """
    for item in ALL_INPUTS[name].moves:
        if item in INDICATORS and item not in ALWAYS_SHOWN:
            return item
    return FALLBACK_INDICATOR


def impulse_scenario(scenario: Scenario, name: str, impulse: float | None = None) -> Scenario:
    """``scenario`` with input ``name`` moved by ``impulse`` (default: its standard impulse).

    The move is added in every year (``sim.analysis.targets.moves.shift_value``); the copy
    keeps the scenario's seed, draws and pipeline replications, so it shares its random numbers.

    Raises
    ------
    KeyError
        If ``name`` is not an input of ``sim.inputs.levers``.
    sim.analysis.targets.moves.UnmovableLever
        If the input is a log-normal distribution.
    """
    if name not in ALL_INPUTS:
        raise KeyError(f"unknown input {name!r}; inputs: {', '.join(ALL_INPUTS)}")
    spec = ALL_INPUTS[name]
    delta = spec.impulse if impulse is None else impulse
    value = shift_value(scenario.inputs[name], delta, spec)
    return replace(scenario, inputs={**scenario.inputs, name: value})


def with_years(scenario: Scenario, years: int | None) -> Scenario:
    """``scenario`` cut to its first ``years`` projected years (None: as it is).

    Raises
    ------
    ValueError
        If ``years`` is below 1 or beyond the scenario's horizon.
    """
    if years is None:
        return scenario
    available = scenario.horizon - BASE_YEAR
    if not 1 <= years <= available:
        raise ValueError(
            f"years must be 1 to {available} (the scenario {scenario.name} runs "
            f"{FIRST_YEAR}-{scenario.horizon}); got {years}"
        )
    return replace(scenario, horizon=BASE_YEAR + years)


def multiplier_table(
    scenario: Scenario,
    setup: ModelSetup,
    *,
    inputs: Sequence[str] | None = None,
    progress: Progress = None,
    base: Ensemble | None = None,
) -> pd.DataFrame:
    """Impulse responses of every indicator to each input's standard impulse.

    Parameters
    ----------
    scenario : Scenario
        The scenario the impulses are added to, with its final seed, draws and horizon.
    setup : ModelSetup
        Seeds and parameters.
    inputs : sequence of str, optional
        Inputs to move, one at a time (default: every assumption and lever, registry order).
    progress : callable, optional
        Called with the number of draws finished.
    base : Ensemble, optional
        The run of ``scenario`` itself, if made already (:func:`sim.execution.simulate`).

    Returns
    -------
    DataFrame
        :data:`MULTIPLIER_COLUMNS`, a row per input, indicator and projected year (2026 to the
        horizon): the mean, median and 90% band of the paired difference. A fiscal lever
        (:data:`FISCAL_LEVERS`) adds a row per year of :data:`SPENDING` (RMB bn) and of
        :data:`MULTIPLIER` (cumulative, RMB of GDP per RMB spent; its band from dGDP's).
    """
    names = list(ALL_INPUTS) if inputs is None else list(inputs)
    unknown = [n for n in names if n not in ALL_INPUTS]
    if unknown:
        raise KeyError(f"unknown inputs {unknown}; inputs: {', '.join(ALL_INPUTS)}")
    moved = {name: impulse_scenario(scenario, name) for name in names}  # fails before any run
    if base is None:
        base = simulate(scenario, setup=setup, progress=progress)
    elif base.scenario.sha256() != scenario.sha256():
        raise ValueError(f"the base run given is not a run of scenario {scenario.name} as given")
    frames = []
    for name in names:
        spec = ALL_INPUTS[name]
        run = simulate(moved[name], setup=setup, progress=progress)
        diff = paired_differences([base, run])
        diff = diff[diff["year"] >= FIRST_YEAR]
        frame = pd.DataFrame(
            {
                "lever": name,
                "impulse": spec.impulse,
                "impulse_unit": spec.unit,
                "variable": diff["variable"],
                "unit": diff["unit"],
                "year": diff["year"],
                "mean": diff["mean"],
                "median": diff["p50"],
                "p05": diff["p05"],
                "p95": diff["p95"],
                "cumulative_multiplier": np.nan,
            }
        )
        if name in FISCAL_LEVERS:
            fiscal = _fiscal_rows(name, base, run, FISCAL_LEVERS[name], setup)
            multiplier = fiscal[fiscal["variable"] == MULTIPLIER].set_index("year")["mean"]
            gdp = frame["variable"] == "gdp"
            frame.loc[gdp, "cumulative_multiplier"] = frame.loc[gdp, "year"].map(multiplier)
            frames += [frame, fiscal]
        else:
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)[MULTIPLIER_COLUMNS]


def _fiscal_rows(
    name: str, base: Ensemble, run: Ensemble, measure: SpendingMeasure, setup: ModelSetup
) -> pd.DataFrame:
    """Spending and cumulative multiplier rows of a fiscal lever (see the module docstring)."""
    spec = ALL_INPUTS[name]
    years = base.scenario.years
    n = len(years) + 1
    spending = measure.extra(base.scenario, run.scenario, setup)  # (years,)
    # Spending is zero where the impulse could not move the lever (at the top of its range):
    # no multiplier there, NaN rather than a division by zero.
    cumulative = np.where(np.abs(np.cumsum(spending)) > 1e-12, np.cumsum(spending), np.nan)
    gdp = run.values["gdp"][:, 1:n] - base.values["gdp"][:, 1:n]  # (draws, years)
    per_draw = np.cumsum(gdp, axis=1) / cumulative
    mean_gdp = run_means(run, ["gdp"], n)["gdp"] - run_means(base, ["gdp"], n)["gdp"]
    mean = np.cumsum(mean_gdp[1:]) / cumulative
    p05, p50, p95 = np.percentile(per_draw, [5, 50, 95], axis=0)
    common = {"lever": name, "impulse": spec.impulse, "impulse_unit": spec.unit, "year": years}
    spend = pd.DataFrame(
        {
            **common,
            "variable": SPENDING,
            "unit": "RMB bn",
            "mean": spending,
            "median": spending,
            "p05": spending,
            "p95": spending,
        }
    )
    multiplier = pd.DataFrame(
        {
            **common,
            "variable": MULTIPLIER,
            "unit": MULTIPLIER_UNIT,
            "mean": mean,
            "median": p50,
            "p05": p05,
            "p95": p95,
        }
    )
    return pd.concat([spend, multiplier], ignore_index=True).assign(cumulative_multiplier=np.nan)


def summary_table(table: pd.DataFrame) -> pd.DataFrame:
    """The compact multiplier table: a row per input, means in the first and last year.

    Columns ``lever, impulse, impulse_unit, first_year, last_year, gdp_first, gdp_last``
    (RMB bn), ``growth_first, growth_last`` (pp of real GDP growth) and ``multiplier_first,
    multiplier_last`` (cumulative RMB per RMB; NaN for inputs that are not fiscal levers).
    """
    first, last = int(table["year"].min()), int(table["year"].max())
    means = table.set_index(["lever", "variable", "year"])["mean"]
    rows = []
    for name, block in table.groupby("lever", sort=False):
        fiscal = (name, MULTIPLIER, first) in means.index
        rows.append(
            {
                "lever": name,
                "impulse": block["impulse"].iloc[0],
                "impulse_unit": block["impulse_unit"].iloc[0],
                "first_year": first,
                "last_year": last,
                "gdp_first": means[(name, "gdp", first)],
                "gdp_last": means[(name, "gdp", last)],
                "growth_first": means[(name, "gdp_real_growth", first)],
                "growth_last": means[(name, "gdp_real_growth", last)],
                "multiplier_first": means[(name, MULTIPLIER, first)] if fiscal else np.nan,
                "multiplier_last": means[(name, MULTIPLIER, last)] if fiscal else np.nan,
            }
        )
    return pd.DataFrame(rows)


__all__ = [
    "FISCAL_LEVERS",
    "MULTIPLIER_COLUMNS",
    "impulse_scenario",
    "main_indicator",
    "multiplier_table",
    "summary_table",
    "with_years",
]
