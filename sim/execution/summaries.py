"""Summaries of Monte Carlo draws that stream: means and percentiles in bounded memory.

A run's draws arrive chunk by chunk (possibly from other processes or machines). The
:class:`RunningSummary` keeps, per indicator and year:

* **means** from per-block sums (a block is ``sim.execution.streams.BLOCK`` draws). Blocks are
  always summed whole and the block sums added in block order, so the mean is the same
  floating-point number for every chunk size and engine.
* **percentiles, exact** while the run has at most ``exact_limit`` draws: it keeps every value
  and calls ``numpy.percentile`` (linear interpolation) at the end, the same numbers as holding
  the whole run in memory.
* **percentiles, sketched** above that (:class:`HistogramSketch`): per column, equal-width bins
  over the central range of a pilot sample (the run's first block) with under- and overflow
  bins, finer *zoom* bins where the pilot shows a narrow cluster near a percentile, and exact
  counts below and on *atoms* (values many pilot draws share, such as a binding capacity). The
  counts of draws below every bin edge and atom are exact; a percentile is interpolated between
  the two such points around its rank, so the true percentile lies between the same two and the
  error, in percentile points, is at most the share of draws between them. That bound is
  computed for every reported percentile (:meth:`RunningSummary.rank_error_bound`); the tests
  check that the real error is within it and under 0.1 points. Counts are integers, so the
  sketch is exact to merge in any order.

Memory: the exact store holds at most ``exact_limit`` draws of every column; the sketch holds
``bins + 2`` integer counts per histogram (for the baseline's 59 indicators over 2025-2030, 293
histograms: about 10 MB); block sums are one float per block and column. None grows with the
number of draws beyond the exact limit, except the block sums (2.8 KB per 4,096 draws).

This module is numpy only: the engine's workers import it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

EXACT_LIMIT = 100_000
"""Runs up to this many draws get exact percentiles (every value kept: about 280 MB for 2030)."""
SKETCH_BINS = 8192
"""Equal-width bins per histogram of the sketch: a normal's densest bin holds 0.035% of draws."""
MAIN_RANGE = 0.5
"""Main bins span the pilot's 0.5th to 99.5th percentile, widened by a quarter each side."""
ZOOM_NEIGHBOURS = 4
"""A percentile's neighbourhood in the pilot: its main bin and 4 bins either side."""
ZOOM_TRIGGER = 0.0007
"""Pilot share per bin of that neighbourhood (0.07%) above which a percentile gets a zoom."""
ATOM_SHARE = 0.001
"""Share of pilot draws (0.1%: 4 of 4,096) on one exact value that makes it a point mass,
counted exactly. Continuous draws never tie, so any value this many draws share is an atom."""
MAX_ATOMS = 64
"""Most atoms counted per column (the most frequent ones)."""
ZOOM_BAND = 2.5
"""Half-width of a zoom, percentile points of the pilot around the percentile."""
HISTOGRAMS_AT_ONCE = 8
"""Histograms counted together: their counts (8 x 64 KB) stay in a core's cache."""
SUMMARY_PERCENTILES = (5.0, 25.0, 50.0, 75.0, 95.0)
"""Percentiles every summary reports."""
COUNT_DTYPE = np.int32
"""Counts of the sketch: a run has at most ``sim.inputs.limits.MAX_DRAWS`` (10 million) draws,
well below 2**31, and half the bytes of int64 halve what each chunk sends back (9 MB)."""


@dataclass
class HistogramSketch:
    """Equal-width histograms of many columns, with under- and overflow bins, and zooms.

    Each data column has a *main* histogram over its pilot range. Where the pilot shows a
    percentile's main bins crowded (over ``ZOOM_TRIGGER`` of the draws a bin near it: a narrow
    cluster, such as a share settling at its ceiling), a *zoom* histogram with as many bins
    covers the pilot's draws within 2.5 percentile points of it. Values that many pilot draws
    share exactly (*atoms*: a binding capacity) are counted exactly. Percentiles are read from
    all of a column's bin edges and atoms together (``_knots``). Histograms are rows of
    ``counts``; ``source`` says which data column a row counts.

    Attributes
    ----------
    source : ndarray of int, shape (histograms,)
        Data column of each histogram. The first rows are the main histograms of the columns
        that vary in the pilot, in column order; a column constant in the pilot (the base
        year) has none: it is reported as its value (with no error bound if it varies after all).
    lo, width : ndarray, shape (histograms,)
        Lower edge of the first regular bin and the bin width, in the column's unit.
    counts : ndarray of int32, shape (histograms, bins + 2)
        Counts; bin 0 is the underflow (< lo), bin ``bins + 1`` the overflow.
    low, high : ndarray, shape (columns,)
        Smallest and largest value counted per column; estimates are kept within them, so a
        column with a single value (the base year) is reported exactly.
    atom_column, atom_value : ndarray, shape (atoms,)
        Point masses: a value that several pilot draws of a column share exactly (a binding
        capacity, a floor). Draws below and equal to it are counted exactly (``atom_counts``,
        shape (atoms, 2)), so a percentile that falls on the atom is reported exactly.
    """

    source: np.ndarray
    lo: np.ndarray
    width: np.ndarray
    counts: np.ndarray
    low: np.ndarray
    high: np.ndarray
    atom_column: np.ndarray
    atom_value: np.ndarray
    atom_counts: np.ndarray
    n: int = 0

    @classmethod
    def from_pilot(
        cls, pilot: np.ndarray, percentiles: Sequence[float], bins: int = SKETCH_BINS
    ) -> HistogramSketch:
        """Empty sketch with bins set from a pilot sample shaped (draws, columns).

        Main bins cover the pilot's central range (``MAIN_RANGE``; a column with one value gets
        a tiny range around it); zooms are added as the class docstring says.
        """
        n_cols = pilot.shape[1]
        ordered = np.sort(pilot, axis=0)
        inner = exact_percentiles(ordered, [MAIN_RANGE, 100 - MAIN_RANGE])
        span = inner[1] - inner[0]
        span = np.where(span > 0, span, np.maximum(np.abs(inner[0]) * 1e-9, 1e-12))
        lo, width = inner[0] - 0.25 * span, 1.5 * span / bins
        varies = np.flatnonzero(ordered[0] < ordered[-1])  # constant columns need no bins
        source: list[int] = varies.tolist()
        los, widths = list(lo[varies]), list(width[varies])
        for pct in percentiles:
            centre = exact_percentiles(ordered, [pct])[0]
            near = (np.abs(ordered - centre) <= ZOOM_NEIGHBOURS * width).sum(axis=0)
            band = exact_percentiles(ordered, [max(pct - ZOOM_BAND, 0), min(pct + ZOOM_BAND, 100)])
            crowded = near >= ZOOM_TRIGGER * (2 * ZOOM_NEIGHBOURS + 1) * len(pilot)
            for col in np.flatnonzero(crowded & (band[1] > band[0])):
                zoom_span = band[1, col] - band[0, col]
                source.append(int(col))
                los.append(band[0, col] - 0.05 * zoom_span)
                widths.append(1.1 * zoom_span / bins)
        atom_column, atom_value = _atoms(ordered)
        counts = np.zeros((len(source), bins + 2), dtype=COUNT_DTYPE)
        return cls(
            np.array(source),
            np.array(los),
            np.array(widths),
            counts,
            np.full(n_cols, np.inf),
            np.full(n_cols, -np.inf),
            atom_column,
            atom_value,
            np.zeros((len(atom_column), 2), dtype=COUNT_DTYPE),
        )

    @property
    def bins(self) -> int:
        """Regular bins per histogram."""
        return self.counts.shape[1] - 2

    def empty_like(self) -> HistogramSketch:
        """A sketch with the same bins and no counts (for a worker's partial result)."""
        return HistogramSketch(
            self.source,
            self.lo,
            self.width,
            np.zeros_like(self.counts),
            np.full_like(self.low, np.inf),
            np.full_like(self.high, -np.inf),
            self.atom_column,
            self.atom_value,
            np.zeros_like(self.atom_counts),
        )

    def add(self, values: np.ndarray) -> None:
        """Count ``values`` shaped (draws, columns): fastest with columns contiguous (F order).

        A value v of histogram h falls in bin floor(clip((v - lo_h) / width_h, -1, bins)) + 1
        (0 the underflow, ``bins + 1`` the overflow); histograms are counted a few at a time,
        so each one's counts stay in the processor's cache while its draws are counted.
        """
        n_hist, n_bins = self.counts.shape
        self.n += len(values)
        columns = np.asfortranarray(values).T  # (columns, draws), each column contiguous
        for col in np.unique(self.atom_column):  # draws below and on each atom of the column
            mine = self.atom_column == col
            ordered = np.sort(columns[col])
            below = np.searchsorted(ordered, self.atom_value[mine], side="left")
            self.atom_counts[mine, 0] += below
            self.atom_counts[mine, 1] += np.searchsorted(ordered, self.atom_value[mine], "right")
            self.atom_counts[mine, 1] -= below
        np.minimum(self.low, columns.min(axis=1), out=self.low)
        np.maximum(self.high, columns.max(axis=1), out=self.high)
        scale = 1.0 / self.width
        offset = 1.0 + np.arange(n_hist) * n_bins  # histogram h's bins start at h * n_bins
        for first in range(0, n_hist, HISTOGRAMS_AT_ONCE):
            rows = slice(first, min(first + HISTOGRAMS_AT_ONCE, n_hist))
            index = columns.take(self.source[rows], axis=0)
            index -= self.lo[rows, np.newaxis]
            index *= scale[rows, np.newaxis]
            np.clip(index, -1, n_bins - 2, out=index)  # -1 underflow ... bins overflow
            index += offset[rows, np.newaxis]  # now >= 0: truncating is flooring
            flat = index.astype(np.intp).reshape(-1)
            # Offset as if all histograms were counted at once, then shifted back: a value next
            # to a bin edge rounds as it always did, so the counts keep their bits.
            flat -= first * n_bins
            counted = np.bincount(flat, minlength=(rows.stop - first) * n_bins)
            self.counts[rows] += counted.reshape(-1, n_bins)

    def merge(self, other: HistogramSketch) -> None:
        """Add another sketch's counts (same bins)."""
        self.counts += other.counts
        self.n += other.n
        self.atom_counts += other.atom_counts
        np.minimum(self.low, other.low, out=self.low)
        np.maximum(self.high, other.high, out=self.high)

    def _knots(self, col: int) -> tuple[np.ndarray, np.ndarray]:
        """Knots of a column's empirical distribution: values v and counts c of draws below v.

        Every edge of the column's histograms (main and zooms) and every atom (twice: the draws
        below it and below or on it) is a knot; the smallest and largest value close the list.
        Counts at knots are exact; between two knots draws are spread in an unknown way.
        """
        rows = np.flatnonzero(self.source == col)
        values, counts = [np.array([self.low[col], self.high[col]])], [np.array([0, self.n])]
        edges = np.arange(self.bins + 1)
        for row in rows:
            values.append(self.lo[row] + edges * self.width[row])
            counts.append(np.cumsum(self.counts[row])[: self.bins + 1])
        mine = self.atom_column == col
        for value, (below, equal) in zip(
            self.atom_value[mine], self.atom_counts[mine], strict=True
        ):
            values.append(np.array([value, value]))
            counts.append(np.array([below, below + equal]))
        v, c = np.concatenate(values), np.concatenate(counts)
        order = np.lexsort((c, v))
        return v[order], np.maximum.accumulate(c[order])

    def percentiles(self, q: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
        """Estimated percentiles and their error bounds.

        The estimate interpolates linearly between the two knots (``_knots``) around the wanted
        rank, so the true percentile lies between the same knots: the error is at most the
        share of draws between them. On an atom the estimate is exact.

        Returns
        -------
        values : ndarray, shape (len(q), columns)
            Estimates, with numpy's linear definition of the rank: (n - 1) q / 100.
        bound : ndarray, shape (len(q), columns)
            Largest possible error of each estimate in percentile points (share of draws
            between its knots, times 100); zero on an atom or for a column with a single value.
        """
        n_cols = len(self.low)
        values = np.empty((len(q), n_cols))
        bound = np.zeros((len(q), n_cols))
        ranks = (self.n - 1) * np.asarray(q, dtype=float) / 100.0  # 0-based, numpy's "linear"
        for col in range(n_cols):
            if self.low[col] == self.high[col]:
                values[:, col] = self.low[col]
                continue
            v, c = self._knots(col)
            i = np.clip(np.searchsorted(c, ranks, side="right") - 1, 0, len(c) - 2)
            mass = c[i + 1] - c[i]
            within = np.clip((ranks - c[i] + 0.5) / np.maximum(mass, 1), 0.0, 1.0)
            estimate = v[i] + within * (v[i + 1] - v[i])
            values[:, col] = np.clip(estimate, self.low[col], self.high[col])
            bound[:, col] = np.where(v[i + 1] > v[i], 100.0 * mass / self.n, 0.0)
        return values, bound


def exact_percentiles(
    table: np.ndarray, q: Sequence[float], columns_at_once: int = 16
) -> np.ndarray:
    """``numpy.percentile(table, q, axis=0)`` of a (draws, columns) table, shape (len(q), columns).

    The same numbers, from a few columns at a time copied contiguous: numpy's selection then
    runs along memory instead of across it, about twice as fast.
    """
    out = np.empty((len(q), table.shape[1]))
    for first in range(0, table.shape[1], columns_at_once):
        part = np.ascontiguousarray(table[:, first : first + columns_at_once].T)
        out[:, first : first + columns_at_once] = np.percentile(part, list(q), axis=1)
    return out


def column_sums(table: np.ndarray, columns_at_once: int = 16) -> np.ndarray:
    """Sums over the draws of a (draws, columns) table, added in draw order.

    The same floating-point numbers for any memory layout: what ``table.sum(axis=0)`` gives
    for a C-ordered table (numpy adds its rows one after another), whereas for an F-ordered
    table numpy would sum each contiguous column pairwise. Running sums of a few columns at
    a time (``numpy.add.accumulate``, strictly in order) keep the work in the cache.
    """
    if table.flags.c_contiguous or len(table) < 2:
        return table.sum(axis=0)
    columns = table.T
    sums = np.empty(len(columns))
    running = np.empty((columns_at_once, len(table)))
    for first in range(0, len(columns), columns_at_once):
        part = columns[first : first + columns_at_once]
        out = running[: len(part)]
        np.add.accumulate(part, axis=1, out=out)
        sums[first : first + len(part)] = out[:, -1]
    return sums


def _atoms(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Values that at least ``ATOM_SHARE`` of a sorted pilot's draws share, column by column.

    Continuous draws never repeat; a binding capacity does (one value per pipeline replication).
    Returns the column and value of each atom. Columns with a single value need none.
    """
    columns, values = [], []
    for col in range(ordered.shape[1]):
        unique, counts = np.unique(ordered[:, col], return_counts=True)
        if len(unique) > 1:
            frequent = np.flatnonzero(counts >= ATOM_SHARE * len(ordered))
            for k in frequent[np.argsort(-counts[frequent], kind="stable")][:MAX_ATOMS]:
                columns.append(col)
                values.append(unique[k])
    return np.array(columns, dtype=np.intp), np.array(values, dtype=float)


@dataclass
class RunningSummary:
    """Means and percentiles of a run's draws, fed chunk by chunk.

    Columns are ``names`` x years, indicator-major. Feed every draw exactly once with
    :meth:`add` (any order of chunks; each chunk's draws consecutive, starting on a block
    boundary unless it is the run's only chunk); then read :meth:`means` and :meth:`percentiles`.

    Parameters
    ----------
    names : sequence of str
        Indicators, in column order.
    n_years : int
        Years per indicator (2025 to the horizon).
    draws : int
        Draws the run will have.
    block : int
        Draws per block for the mean's partial sums.
    pilot : ndarray, optional, shape (draws, columns)
        The run's first block; required when ``draws > exact_limit`` (it sets the sketch's bins).
    """

    names: tuple[str, ...]
    n_years: int
    draws: int
    block: int
    pilot: np.ndarray | None = None
    exact_limit: int = EXACT_LIMIT
    bins: int = SKETCH_BINS
    quantiles: tuple[float, ...] = SUMMARY_PERCENTILES
    block_sums: dict[int, np.ndarray] = field(default_factory=dict)
    exact: dict[int, np.ndarray] = field(default_factory=dict)
    sketch: HistogramSketch | None = None
    _result: tuple[np.ndarray, float] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.names = tuple(self.names)
        if not self.is_exact and self.sketch is None:
            if self.pilot is None:
                raise ValueError("a sketched summary needs a pilot sample to set its bins")
            self.sketch = HistogramSketch.from_pilot(self.pilot, self.quantiles, self.bins)
        self.pilot = None

    @property
    def is_exact(self) -> bool:
        """True when percentiles are computed from every value."""
        return self.draws <= self.exact_limit

    def stack(self, values: Mapping[str, np.ndarray]) -> np.ndarray:
        """Indicator arrays (draws, years) side by side: (draws, columns)."""
        return np.concatenate([values[name] for name in self.names], axis=1)

    def empty_part(self) -> RunningSummary:
        """An empty summary with the same columns and bins, for a chunk to :meth:`merge` later."""
        return RunningSummary(
            self.names,
            self.n_years,
            self.draws,
            self.block,
            exact_limit=self.exact_limit,
            bins=self.bins,
            quantiles=self.quantiles,
            sketch=self.sketch.empty_like() if self.sketch is not None else None,
        )

    def add(self, start: int, values: Mapping[str, np.ndarray]) -> None:
        """Feed the chunk of draws ``start`` to ``start + n - 1``, by indicator."""
        self.add_table(start, self.stack(values))

    def add_table(self, start: int, table: np.ndarray) -> None:
        """Feed the chunk of draws ``start`` to ``start + n - 1`` as one (draws, columns) table.

        Any memory layout gives the same numbers; a sketched summary is fastest fed an
        F-ordered table (each column contiguous). An exact summary keeps ``table`` itself.
        """
        n = table.shape[0]
        if start % self.block and n < self.draws:
            raise ValueError(f"chunks must start on a block boundary ({self.block} draws)")
        for lo in range(0, n, self.block):
            self.block_sums[(start + lo) // self.block] = column_sums(table[lo : lo + self.block])
        self._result = None
        if self.is_exact:
            self.exact[start] = table
        else:
            self._sketch().add(table)

    def merge(self, other: RunningSummary) -> None:
        """Take in a partial summary of other draws."""
        overlap = self.block_sums.keys() & other.block_sums.keys()
        if overlap:
            raise ValueError(f"blocks {sorted(overlap)[:5]} were summarised twice")
        self.block_sums.update(other.block_sums)
        self._result = None
        self.exact.update(other.exact)
        if self.sketch is not None:
            self.sketch.merge(other._sketch())

    @property
    def seen(self) -> int:
        """Draws fed so far."""
        if self.is_exact:
            return sum(t.shape[0] for t in self.exact.values())
        return self._sketch().n

    def _sketch(self) -> HistogramSketch:
        """The sketch of a summary past the exact limit (made from the pilot)."""
        if self.sketch is None:
            raise ValueError("an exact summary has no sketch")
        return self.sketch

    def _check_complete(self) -> None:
        if self.seen != self.draws:
            raise ValueError(f"summary has {self.seen} of {self.draws} draws")

    def means(self) -> np.ndarray:
        """Mean of every column, shape (columns,): block sums added in block order."""
        self._check_complete()
        sums = np.stack([self.block_sums[b] for b in sorted(self.block_sums)])
        return sums.sum(axis=0) / self.draws

    def table(self) -> np.ndarray:
        """Every draw of an exact summary in draw order, shaped (draws, columns).

        The chunks are joined once and kept joined.
        """
        if not self.is_exact:
            raise ValueError("a sketched summary keeps no draws")
        if len(self.exact) > 1:
            self.exact = {
                min(self.exact): np.concatenate([self.exact[s] for s in sorted(self.exact)])
            }
        return next(iter(self.exact.values()))

    def _computed(self) -> tuple[np.ndarray, float]:
        """Percentiles and their error bound, computed once all draws are in."""
        if self._result is None:
            self._check_complete()
            if self.is_exact:
                self._result = (exact_percentiles(self.table(), self.quantiles), 0.0)
            else:
                values, bound = self._sketch().percentiles(self.quantiles)
                self._result = (values, float(bound.max()))
        return self._result

    def percentiles(self) -> np.ndarray:
        """The summary's percentiles of every column, shape (len(quantiles), columns)."""
        return self._computed()[0]

    def rank_error_bound(self) -> float:
        """Largest possible error of the percentiles, percentile points (0 if exact)."""
        return self._computed()[1]
