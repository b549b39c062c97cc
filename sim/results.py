"""What a run gives: its draws and their summaries, comparisons, and the scorecard of targets.

The :class:`Ensemble` holds a run's draws and summarises all of them as pandas DataFrames; a
:class:`Comparison` holds runs on common random numbers and their paired differences; the
:class:`Scorecard` is what the target analysis (``sim.analysis.targets``) hands the report and
figures (``sim.outputs``), as plain data. Results export to xarray, the IAMC format and Excel
(:mod:`sim.exports`) and show themselves briefly in a notebook.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sim import exports
from sim.execution.sampled import sampled_draws, sampled_units
from sim.execution.summaries import SUMMARY_PERCENTILES, RunningSummary
from sim.inputs.labels import Labels
from sim.inputs.levers import BASE_YEAR
from sim.inputs.scenario.schema import Scenario
from sim.model.indicators import HEADLINE, INDICATORS

if TYPE_CHECKING:  # pragma: no cover
    import xarray as xr

PERCENTILES: dict[str, float] = {f"p{q:02.0f}": q for q in SUMMARY_PERCENTILES}
SUMMARY_COLUMNS = ["scenario", "variable", "year", "unit", "mean", *PERCENTILES]
"""Columns of :meth:`Ensemble.summary` (values in the model's units)."""
SUMMARY_TABLE_COLUMNS = ["scenario", "variable", "label", "year", "unit", "mean", *PERCENTILES]
"""Columns of ``summary.csv`` (:meth:`Ensemble.summary_table`): with each indicator's name."""

DIFFERENCE_COLUMNS = [
    "variable",
    "year",
    "unit",
    "reference",
    "scenario",
    "mean",
    "p05",
    "p50",
    "p95",
]
"""Columns of ``differences.csv`` (names are a contract: add, never rename). ``mean`` is the
mean paired difference, ``p50`` its median: both are reported because an effect that shows in
only some draws (a capacity that binds when demand is strong) has a median of zero and a mean
that is not; the mean is also additive, so it is what an attribution splits exactly
(``sim.analysis.attribution``)."""

DIFFERENCE_PERCENTILES: dict[str, float] = {"p05": 5, "p50": 50, "p95": 95}
"""Percentiles of a paired difference: the median and the 90% band."""

DIFFERENCE_UNITS: dict[str, str] = {"%": "pp"}
"""Unit of a difference by unit of the indicator: a difference of two rates is in percentage
points; any other unit is kept."""

REPR_YEARS = (2026, 2027, 2030)
"""Years the notebook view of a result shows (with the horizon)."""


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
        """Tidy summary: scenario, variable, year, unit, mean, p05 ... p95 (2025 included).

        Values in the model's units (``sim.model.indicators``); :meth:`summary_table` gives
        the same for readers, in English or Chinese.
        """
        stats = self._stats()
        n_years = len(self.years)
        pct = stats.percentiles().T  # (columns, 5)
        frame = pd.DataFrame(pct, columns=list(PERCENTILES))
        frame.insert(0, "mean", stats.means())
        frame.insert(0, "unit", np.repeat([INDICATORS[n].unit for n in stats.names], n_years))
        frame.insert(0, "year", np.tile(self.years, len(stats.names)))
        frame.insert(0, "variable", np.repeat(stats.names, n_years))
        frame.insert(0, "scenario", self.scenario.name)
        return frame[SUMMARY_COLUMNS]

    def summary_table(self, lang: str = "en") -> pd.DataFrame:
        """The summary for readers (``summary.csv``): a ``label`` column, units and rounding.

        ``lang="zh"`` names indicators in Chinese and writes Chinese units, values scaled
        (亿元, 万辆); see :func:`sim.exports.readable`.
        """
        return exports.readable(self.summary(), lang)

    def percentile_error_bound(self) -> float:
        """Largest possible error of the summary's percentiles, percentile points (0: exact)."""
        return self._stats().rank_error_bound()

    def draws_frame(
        self, indicators: tuple[str, ...] = HEADLINE, *, sampled: bool = True
    ) -> pd.DataFrame:
        """Long-by-year table of draws: scenario, draw, year, the indicators, what was sampled.

        ``sampled`` adds each draw's uncertain inputs and event outcomes
        (:mod:`sim.execution.sampled`); :meth:`draws_units` gives every column's unit.
        """
        n, n_years = self.values[indicators[0]].shape
        frame = pd.DataFrame(
            {
                "scenario": pd.Categorical([self.scenario.name] * (n * n_years)),
                "draw": np.repeat(np.arange(n), n_years),
                "year": np.tile(np.asarray(self.years), n),
            }
        )
        for name in indicators:
            frame[name] = self.values[name].reshape(-1)
        if sampled:
            for name, array in sampled_draws(self.scenario, 0, n).items():
                frame[name] = array.reshape(-1)
        return frame

    def draws_units(self, indicators: tuple[str, ...] = HEADLINE) -> dict[str, str]:
        """The unit of each value column of :meth:`draws_frame`."""
        return {
            **{name: INDICATORS[name].unit for name in indicators},
            **sampled_units(self.scenario),
        }

    def to_xarray(self, lang: str = "en") -> xr.Dataset:
        """Every indicator's draws, and the sampled inputs, as an xarray Dataset.

        Variables are shaped ``draw`` x ``year`` with attributes ``units`` (the model's) and
        ``long_name`` (in ``lang``); ``ds.to_dataarray("indicator")`` stacks the indicators.
        A run longer than 100,000 draws holds its first 100,000 (attribute ``sample_draws``).
        """
        values = {**self.values, **sampled_draws(self.scenario, 0, self.sample)}
        units = {**{n: INDICATORS[n].unit for n in self.values}, **sampled_units(self.scenario)}
        attrs = {
            "scenario": self.scenario.name,
            "seed": self.scenario.seed,
            "draws": self.scenario.draws,
            "sample_draws": self.sample,
            "cqsim_version": str(self.provenance.get("package_version", "")),
        }
        return exports.to_xarray(values, self.years, units, attrs, lang)

    def to_iamc(self, lang: str = "en") -> pd.DataFrame:
        """The percentiles in the IAMC format (pyam reads it); see :func:`sim.exports.to_iamc`."""
        return exports.to_iamc(self.summary(), lang)

    def to_excel(self, path: str | Path, lang: str = "en") -> Path:
        """An Excel workbook: summary, draws, inputs and run facts, a sheet each.

        Needs openpyxl (``pip install 'cqsim[excel]'``).
        """
        return exports.write_excel(path, self.excel_sheets(lang))

    def excel_sheets(self, lang: str = "en") -> dict[str, pd.DataFrame]:
        """The tables :meth:`to_excel` writes, by sheet name."""
        return {
            "summary": self.summary_table(lang),
            "draws": self.draws_frame(),
            "inputs": inputs_table(self.scenario, lang),
            "about": about_table([self]),
        }

    def headline_table(self, lang: str = "en", years: Iterable[int] = REPR_YEARS) -> pd.DataFrame:
        """Median [5th, 95th percentile] of the headline indicators in a few years, as text."""
        return headline_text([self], lang, years)

    def __repr__(self) -> str:
        """One line: scenario, draws, seed, years, indicators."""
        return (
            f"<Ensemble {self.scenario.name}: {self.draws:,} draws, seed {self.scenario.seed}, "
            f"{self.years[0]}-{self.years[-1]}, {len(self.values)} indicators>"
        )

    def _repr_html_(self) -> str:
        """The headline indicators' medians and 90% bands, for Jupyter."""
        return f"<p>{html.escape(repr(self))}</p>{self.headline_table().to_html()}"

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
        value, unit, value_2025, p05, p50, p95, probability`` (0 to 1, NaN when the target's
        basis is unverified), ``gap, status, probability_text`` (as shown), ``draws, basis,
        caveat``.
    on_track, off_track : float
        The status convention of ``status``: on track from ``on_track``, off track below
        ``off_track``, at risk in between.
    notes : mapping of str to str
        Caveats by target id: unclear definitions, differences from the model's indicator.
    """

    table: pd.DataFrame
    on_track: float
    off_track: float
    notes: Mapping[str, str] = field(default_factory=dict)


class PairingError(ValueError):
    """Ensembles that do not share their random numbers cannot be differenced draw by draw."""


def difference_unit(unit: str) -> str:
    """Unit of the difference of two values in ``unit`` (``%`` becomes ``pp``)."""
    return DIFFERENCE_UNITS.get(unit, unit)


def common_years(ensembles: Sequence[Ensemble]) -> list[int]:
    """Years every ensemble covers: 2025 to the earliest horizon."""
    years = set(ensembles[0].years)
    for ensemble in ensembles[1:]:
        years &= set(ensemble.years)
    return sorted(years)


def check_paired(ensembles: Sequence[Ensemble]) -> None:
    """Raise :class:`PairingError` unless all ensembles share seed and number of draws.

    Draw ``i`` of two scenarios run with one seed uses the same random numbers
    (``sim.execution.streams``), so ``A.values[v][i] - B.values[v][i]`` is the effect of the
    scenario alone. With another seed or draw count the pairing, and the difference, would be
    noise.
    """
    reference = ensembles[0].scenario
    for ensemble in ensembles[1:]:
        other = ensemble.scenario
        if (other.seed, other.draws) != (reference.seed, reference.draws):
            raise PairingError(
                f"scenario {other.name} ran with seed {other.seed} and {other.draws} draws, "
                f"the reference {reference.name} with seed {reference.seed} and "
                f"{reference.draws} draws: run all scenarios with one seed and draw count"
            )


def paired_differences(
    ensembles: Sequence[Ensemble], indicators: Iterable[str] | None = None
) -> pd.DataFrame:
    """Mean, median and 90% band of each scenario's paired difference to the first (the reference).

    Parameters
    ----------
    ensembles : sequence of Ensemble
        The reference first, then the scenarios compared with it; all run with one seed and
        one number of draws (common random numbers).
    indicators : iterable of str, optional
        Indicator names (default: every indicator, in ``sim.model.indicators`` order).

    Returns
    -------
    DataFrame
        Tidy, a row per indicator, year (2025 to the earliest horizon) and compared scenario:
        ``variable, year, unit, reference, scenario, mean, p05, p50, p95``. ``unit`` is the unit
        of the difference: the indicator's, except percentage points (``pp``) for rates and
        shares in percent. ``mean`` is the mean of ``scenario - reference`` over every draw
        (the difference of the runs' means, :func:`run_means`); ``p50`` its median over draws,
        p05 and p95 bound the central 90%. 2025 is included (zero: every scenario starts from
        the same seeds).

    Raises
    ------
    PairingError
        If fewer than two ensembles are given or they do not share seed and draws.
    """
    if len(ensembles) < 2:
        raise PairingError("paired differences need a reference and at least one scenario")
    check_paired(ensembles)
    names = list(INDICATORS) if indicators is None else list(indicators)
    years = common_years(ensembles)
    reference = ensembles[0]
    n = len(years)
    reference_means = run_means(reference, names, n)
    q = list(DIFFERENCE_PERCENTILES.values())
    rows = []
    for ensemble in ensembles[1:]:
        means = run_means(ensemble, names, n)
        for name in names:
            diff = ensemble.values[name][:, :n] - reference.values[name][:, :n]  # (draws, years)
            pct = np.percentile(diff, q, axis=0)  # (3, years)
            mean = means[name] - reference_means[name]
            unit = difference_unit(INDICATORS[name].unit)
            for j, year in enumerate(years):
                rows.append(
                    [
                        name,
                        year,
                        unit,
                        reference.scenario.name,
                        ensemble.scenario.name,
                        mean[j],
                        *pct[:, j],
                    ]
                )
    return pd.DataFrame(rows, columns=DIFFERENCE_COLUMNS)


def run_means(ensemble: Ensemble, names: Sequence[str], n_years: int) -> dict[str, np.ndarray]:
    """Mean over every draw of each indicator in its first ``n_years`` years, shaped (years,).

    The means of the run's summary: summed block by block over all draws, also for runs longer
    than the draws kept in memory.
    """
    table = ensemble.summary().pivot(index="variable", columns="year", values="mean")
    return {name: table.loc[name].to_numpy()[:n_years] for name in names}


def scenario_summaries(ensembles: Sequence[Ensemble]) -> pd.DataFrame:
    """The tidy summaries of several runs stacked (each has its ``scenario`` column first)."""
    return pd.concat([e.summary() for e in ensembles], ignore_index=True)


@dataclass(frozen=True)
class Comparison:
    """Scenarios run on common random numbers, and their paired differences to the first.

    Made by :func:`sim.compare`; ``comparison["name"]`` is one scenario's :class:`Ensemble`.

    Attributes
    ----------
    ensembles : tuple of Ensemble
        The reference first, then the scenarios compared with it (one seed, one draw count).
    differences : DataFrame
        :func:`paired_differences` of every indicator (``differences.csv``).
    """

    ensembles: tuple[Ensemble, ...]
    differences: pd.DataFrame

    @property
    def reference(self) -> Ensemble:
        """The run the others are compared with."""
        return self.ensembles[0]

    def __getitem__(self, name: str) -> Ensemble:
        """The run of the scenario of that name."""
        for ensemble in self.ensembles:
            if ensemble.scenario.name == name:
                return ensemble
        names = ", ".join(e.scenario.name for e in self.ensembles)
        raise KeyError(f"no scenario {name!r} in this comparison; scenarios: {names}")

    def summary(self) -> pd.DataFrame:
        """Every scenario's tidy summary, stacked."""
        return scenario_summaries(self.ensembles)

    def differences_table(self, lang: str = "en") -> pd.DataFrame:
        """The paired differences for readers: ``label``, units and rounding (``lang``)."""
        return exports.readable(self.differences, lang)

    def to_xarray(self, lang: str = "en") -> xr.Dataset:
        """Every scenario's draws on one more dimension, ``scenario`` (draws are paired)."""
        import xarray as xr

        years = common_years(self.ensembles)
        parts = [e.to_xarray(lang).sel(year=years) for e in self.ensembles]
        names = [e.scenario.name for e in self.ensembles]
        joined = xr.concat(parts, dim="scenario", data_vars="all", join="outer")
        return joined.assign_coords(scenario=names).assign_attrs(reference=names[0])

    def to_iamc(self, lang: str = "en") -> pd.DataFrame:
        """Every scenario's percentiles in the IAMC format."""
        return exports.to_iamc(self.summary(), lang)

    def to_excel(self, path: str | Path, lang: str = "en") -> Path:
        """An Excel workbook: differences, summaries, inputs and run facts, a sheet each."""
        sheets = {
            "differences": self.differences_table(lang),
            "summary": pd.concat([e.summary_table(lang) for e in self.ensembles]),
            "inputs": pd.concat([inputs_table(e.scenario, lang) for e in self.ensembles]),
            "about": about_table(self.ensembles),
        }
        return exports.write_excel(path, sheets)

    def __repr__(self) -> str:
        """One line: the scenarios compared with the reference."""
        first = self.reference.scenario
        others = ", ".join(e.scenario.name for e in self.ensembles[1:])
        return (
            f"<Comparison of {others} with {first.name}: {first.draws:,} draws each, "
            f"seed {first.seed}>"
        )

    def _repr_html_(self) -> str:
        """Headline medians of each scenario, for Jupyter."""
        table = headline_text(self.ensembles, "en", REPR_YEARS)
        return f"<p>{html.escape(repr(self))}</p>{table.to_html()}"


def headline_text(ensembles: Sequence[Ensemble], lang: str, years: Iterable[int]) -> pd.DataFrame:
    """``median [p05, p95]`` of the headline indicators by scenario and year, as text cells."""
    labels = Labels(lang)
    last = max(e.years[-1] for e in ensembles)
    shown = sorted({y for y in years if y <= last} | {last})
    rows = []
    for ensemble in ensembles:
        summary = ensemble.summary().set_index(["variable", "year"])
        for name in HEADLINE:
            unit = INDICATORS[name].unit
            cells: dict[str | int, str] = {
                "scenario": ensemble.scenario.name,
                "indicator": labels.indicator(name),
                "unit": labels.unit(unit).label,
            }
            for year in shown:
                if (name, year) in summary.index:
                    r = summary.loc[(name, year)]
                    cells[year] = (
                        f"{labels.value(r.p50, unit)} "
                        f"[{labels.value(r.p05, unit)}, {labels.value(r.p95, unit)}]"
                    )
            rows.append(cells)
    frame = pd.DataFrame(rows)
    if len(ensembles) > 1:
        return frame.set_index(["scenario", "indicator"])
    return frame.drop(columns=["scenario"]).set_index("indicator")


def inputs_table(scenario: Scenario, lang: str = "en") -> pd.DataFrame:
    """A scenario's inputs as run: name, label, unit, value (as text), set by the scenario."""
    from sim.inputs.levers import ALL_INPUTS, LEVERS
    from sim.inputs.scenario.values import to_plain

    labels = Labels(lang)
    return pd.DataFrame(
        [
            {
                "scenario": scenario.name,
                "kind": "lever" if name in LEVERS else "assumption",
                "input": name,
                "label": labels.input(name),
                "unit": labels.input_unit(name),
                "value": str(to_plain(scenario.inputs[name])),
                "set_by_scenario": name in scenario.given,
            }
            for name in ALL_INPUTS
        ]
    )


def about_table(ensembles: Sequence[Ensemble]) -> pd.DataFrame:
    """What was run: scenario, draws, seed, years, versions and file hashes, a row each."""
    return pd.DataFrame(
        [
            {
                "scenario": e.scenario.name,
                "description": e.scenario.description,
                "draws": e.scenario.draws,
                "seed": e.scenario.seed,
                "years": f"{e.years[0]}-{e.years[-1]}",
                "scenario_sha256": e.scenario.sha256(),
                "cqsim_version": e.provenance.get("package_version", ""),
                "parameters_sha256": e.provenance.get("parameters_sha256", ""),
                "seeds_sha256": e.provenance.get("seeds_sha256", ""),
            }
            for e in ensembles
        ]
    )
