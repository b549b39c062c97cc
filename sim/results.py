"""The :class:`Ensemble` of a run: all draws of all indicators, summaries as pandas DataFrames."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from sim.levers import BASE_YEAR
from sim.model.indicators import HEADLINE, INDICATORS
from sim.scenario.schema import Scenario

PERCENTILES: dict[str, float] = {"p05": 5, "p25": 25, "p50": 50, "p75": 75, "p95": 95}
SUMMARY_COLUMNS = ["variable", "year", "unit", "mean", *PERCENTILES]


@dataclass
class Ensemble:
    """Monte Carlo results of one scenario.

    Attributes
    ----------
    scenario : Scenario
        The scenario as run (draws and seed included).
    values : dict of str to ndarray, each shaped (draws, years)
        Every indicator; column 0 is the base year 2025, then 2026 ... horizon.
    provenance : dict
        Versions and file hashes stamped into the manifest.
    """

    scenario: Scenario
    values: dict[str, np.ndarray]
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def years(self) -> list[int]:
        """2025 to the horizon."""
        return [BASE_YEAR, *self.scenario.years]

    @property
    def draws(self) -> int:
        """Number of Monte Carlo draws."""
        return self.scenario.draws

    def indicator(self, name: str) -> pd.DataFrame:
        """One indicator as a DataFrame: a row per draw, a column per year."""
        if name not in self.values:
            raise KeyError(f"unknown indicator {name!r}; known: {', '.join(self.values)}")
        frame = pd.DataFrame(self.values[name], columns=self.years)
        frame.index.name = "draw"
        return frame

    def summary(self) -> pd.DataFrame:
        """Tidy summary: variable, year, unit, mean, p05, p25, p50, p75, p95 (2025 included)."""
        rows = []
        q = list(PERCENTILES.values())
        for name, arr in self.values.items():
            pct = np.percentile(arr, q, axis=0)  # (5, years)
            mean = arr.mean(axis=0)
            for j, year in enumerate(self.years):
                rows.append([name, year, INDICATORS[name].unit, mean[j], *pct[:, j]])
        return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)

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

    def manifest(self) -> dict[str, Any]:
        """What was run: the scenario as resolved, its hash, seed, draws, versions, hashes."""
        return {
            "scenario": self.scenario.to_dict(),
            "scenario_sha256": self.scenario.sha256(),
            "scenario_files": [str(p) for p in self.scenario.files],
            "seed": self.scenario.seed,
            "draws": self.scenario.draws,
            "years": self.years,
            **self.provenance,
        }
