"""What a run gives: its draws and their summaries, and the scorecard of targets made from it.

The :class:`Ensemble` holds a run's draws and summarises all of them as pandas DataFrames; the
:class:`Scorecard` is what the target analysis (``sim.analysis.targets``) hands the report and
figures (``sim.outputs``), as plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.execution.summaries import SUMMARY_PERCENTILES, RunningSummary
from sim.inputs.levers import BASE_YEAR
from sim.inputs.scenario.schema import Scenario
from sim.model.indicators import HEADLINE, INDICATORS

PERCENTILES: dict[str, float] = {f"p{q:02.0f}": q for q in SUMMARY_PERCENTILES}
SUMMARY_COLUMNS = ["variable", "year", "unit", "mean", *PERCENTILES]


@dataclass
class Ensemble:
    """Monte Carlo results of one scenario.

    Attributes
    ----------
    scenario : Scenario
        The scenario as run (draws and seed included).
    values : dict of str to ndarray, each shaped (sample, years)
        Every indicator; column 0 is the base year 2025, then 2026 ... horizon. All draws, or,
        for a run longer than the exact limit of ``sim.execution.summaries``, its first draws (a
        sample for scorecards and tables that need draws; see :attr:`sample`).
    provenance : dict
        Versions and file hashes stamped into the manifest.
    stats : RunningSummary, optional
        Means and percentiles over every draw, as streamed by the engine; computed from
        ``values`` when not given (means then sum all draws at once, not block by block).
    """

    scenario: Scenario
    values: dict[str, np.ndarray]
    provenance: dict[str, Any] = field(default_factory=dict)
    stats: RunningSummary | None = None

    @property
    def years(self) -> list[int]:
        """2025 to the horizon."""
        return [BASE_YEAR, *self.scenario.years]

    @property
    def draws(self) -> int:
        """Number of Monte Carlo draws of the run."""
        return self.scenario.draws

    @property
    def sample(self) -> int:
        """Draws held in :attr:`values` (all of them unless the run was streamed past the limit)."""
        return next(iter(self.values.values())).shape[0]

    def _stats(self) -> RunningSummary:
        if self.stats is None:  # values without a streamed summary: one block of all draws
            names = tuple(self.values)
            stats = RunningSummary(
                names, len(self.years), self.sample, max(self.sample, 1), exact_limit=self.sample
            )
            stats.add(0, self.values)
            self.stats = stats
        return self.stats

    def indicator(self, name: str) -> pd.DataFrame:
        """One indicator as a DataFrame: a row per draw, a column per year."""
        if name not in self.values:
            raise KeyError(f"unknown indicator {name!r}; known: {', '.join(self.values)}")
        frame = pd.DataFrame(self.values[name], columns=self.years)
        frame.index.name = "draw"
        return frame

    def summary(self) -> pd.DataFrame:
        """Tidy summary: variable, year, unit, mean, p05, p25, p50, p75, p95 (2025 included)."""
        stats = self._stats()
        n_years = len(self.years)
        pct = stats.percentiles().T  # (columns, 5)
        frame = pd.DataFrame(pct, columns=list(PERCENTILES))
        frame.insert(0, "mean", stats.means())
        frame.insert(0, "unit", np.repeat([INDICATORS[n].unit for n in stats.names], n_years))
        frame.insert(0, "year", np.tile(self.years, len(stats.names)))
        frame.insert(0, "variable", np.repeat(stats.names, n_years))
        return frame[SUMMARY_COLUMNS]

    def percentile_error_bound(self) -> float:
        """Largest possible error of the summary's percentiles, percentile points (0: exact)."""
        return self._stats().rank_error_bound()

    def draws_frame(self, indicators: tuple[str, ...] = HEADLINE) -> pd.DataFrame:
        """Long-by-year table of draws: columns draw, year, then one per indicator."""
        n, n_years = self.values[indicators[0]].shape
        frame = pd.DataFrame(
            {
                "draw": np.repeat(np.arange(n), n_years),
                "year": np.tile(np.asarray(self.years), n),
            }
        )
        for name in indicators:
            frame[name] = self.values[name].reshape(-1)
        return frame

    def percentile_method(self) -> dict[str, Any]:
        """How the summary's percentiles were computed, for the manifest."""
        stats = self._stats()
        if stats.is_exact:
            return {"method": "exact (numpy.percentile, linear)", "max_error_pp": 0.0}
        return {
            "method": "histogram sketch (sim.execution.summaries)",
            "bins": stats.bins,
            "max_error_pp": self.percentile_error_bound(),
            "sample_draws": self.sample,
        }

    def manifest(self) -> dict[str, Any]:
        """What was run: the scenario as resolved, its hash, seed, draws, versions, hashes."""
        return {
            "scenario": self.scenario.to_dict(),
            "scenario_sha256": self.scenario.sha256(),
            "scenario_files": [str(p) for p in self.scenario.files],
            "seed": self.scenario.seed,
            "draws": self.scenario.draws,
            "percentiles": self.percentile_method(),
            "years": self.years,
            **self.provenance,
        }


@dataclass(frozen=True)
class Scorecard:
    """Official targets scored on one or more runs (``sim.analysis.targets``), as outputs show them.

    Attributes
    ----------
    table : DataFrame
        A row per scenario and target: ``scenario, target, label, indicator, year, comparison,
        value, unit, value_2025, p05, p50, p95, probability`` (0 to 1), ``gap, status``.
    on_track, off_track : float
        The status convention of ``status``: on track from ``on_track``, off track below
        ``off_track``, at risk in between.
    """

    table: pd.DataFrame
    on_track: float
    off_track: float
