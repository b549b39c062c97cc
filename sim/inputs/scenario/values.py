"""Scenario values: a constant, a path by year, or a distribution that Monte Carlo samples.

In a scenario file::

    credit_growth: 7.5                                   # constant, every year
    infrastructure_investment: {2026: 5, 2028: 0}        # path: linear in between, flat beyond
    national_gdp_growth: {dist: truncnormal, mean: 4.6, sd: 0.5, low: 2, high: 7}
    property_recovery: {2026: {dist: uniform, low: -15, high: -5}, 2028: 0}

A distribution at the top is drawn once per Monte Carlo draw and holds for every year; a
distribution inside a path is drawn per draw for that year and interpolated like a constant.
Distributions are scipy.stats frozen distributions (:func:`frozen`). Unbounded ones (normal,
lognormal) must keep their central 99.994% (about +-4 sd) inside the input's allowed range; the rare
draws beyond it are clipped to the range.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from typing import Annotated, Any, Literal

import numpy as np
import scipy.stats
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

TAIL = 3.17e-5
"""Probability in each tail that may fall outside an input's range (about 4 sd of a normal)."""
PROBES = (TAIL, 0.001, 0.5, 0.999, 1 - TAIL)
"""Probabilities whose quantiles a validated distribution must give as finite numbers."""


def _finite_number(value: Any) -> Any:
    """Accept ints and finite floats only (not bools, text, NaN or infinity)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {type(value).__name__} {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"expected a finite number, got {value}")
    return float(value)


Number = Annotated[float, BeforeValidator(_finite_number)]


class DistributionBase(BaseModel):
    """A probability distribution of a scenario value (scipy.stats underneath)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def frozen(self) -> Any:  # pragma: no cover - overridden
        """The scipy.stats frozen distribution."""
        raise NotImplementedError

    def bounds(self) -> tuple[float, float]:
        """Range that must lie within the input's allowed range."""
        dist = self.frozen()
        return float(dist.ppf(TAIL)), float(dist.ppf(1 - TAIL))


class Normal(DistributionBase):
    """Normal with mean and standard deviation ``sd`` (> 0)."""

    dist: Literal["normal"]
    mean: Number
    sd: Number = Field(gt=0)

    def frozen(self) -> Any:
        """scipy.stats.norm."""
        return scipy.stats.norm(loc=self.mean, scale=self.sd)


class TruncNormal(DistributionBase):
    """Normal(mean, sd) truncated to [low, high]."""

    dist: Literal["truncnormal"]
    mean: Number
    sd: Number = Field(gt=0)
    low: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> TruncNormal:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def frozen(self) -> Any:
        """scipy.stats.truncnorm with bounds in standard units."""
        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        return scipy.stats.truncnorm(a, b, loc=self.mean, scale=self.sd)

    def bounds(self) -> tuple[float, float]:
        """Exact bounds."""
        return self.low, self.high


class Uniform(DistributionBase):
    """Uniform on [low, high]."""

    dist: Literal["uniform"]
    low: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        return self

    def frozen(self) -> Any:
        """scipy.stats.uniform."""
        return scipy.stats.uniform(loc=self.low, scale=self.high - self.low)

    def bounds(self) -> tuple[float, float]:
        """Exact bounds."""
        return self.low, self.high


class Triangular(DistributionBase):
    """Triangular with minimum ``low``, mode ``mode`` and maximum ``high``."""

    dist: Literal["triangular"]
    low: Number
    mode: Number
    high: Number

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError(
                f"need low <= mode <= high and low < high, got {self.low}, {self.mode}, {self.high}"
            )
        return self

    def frozen(self) -> Any:
        """scipy.stats.triang."""
        width = self.high - self.low
        return scipy.stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)

    def bounds(self) -> tuple[float, float]:
        """Exact bounds."""
        return self.low, self.high


class LogNormal(DistributionBase):
    """Log-normal with median ``median`` (> 0) and log-scale standard deviation ``sigma``."""

    dist: Literal["lognormal"]
    median: Number = Field(gt=0)
    sigma: Number = Field(gt=0)

    def frozen(self) -> Any:
        """scipy.stats.lognorm."""
        return scipy.stats.lognorm(s=self.sigma, scale=self.median)


Distribution = Annotated[
    Normal | TruncNormal | Uniform | Triangular | LogNormal, Field(discriminator="dist")
]
DISTRIBUTIONS = ("normal", "truncnormal", "uniform", "triangular", "lognormal")

Scalar = float | Normal | TruncNormal | Uniform | Triangular | LogNormal
"""A constant or a distribution."""
Value = Scalar | dict[int, Scalar]
"""What a scenario input holds after validation: a scalar, or a path {year: scalar}."""


@lru_cache(maxsize=1024)
def sampling_problem(dist: DistributionBase) -> str | None:
    """Why ``dist`` cannot give finite samples within its bounds, or None.

    Valid-looking parameters can still defeat floating point: a truncated normal with mean
    -1e300 and sd 1e-300 has its bounds at infinitely many standard deviations. Runs sample by
    scipy (inverse CDF, or location and scale of a standard draw), so the check asks scipy for
    the quantiles of ``PROBES`` and that they be finite and, for a bounded distribution, inside
    its bounds.
    """
    refused = "these parameters do not give finite samples (too extreme); choose others"
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            values = np.asarray(dist.frozen().ppf(PROBES), dtype=float)
        except (ValueError, ArithmeticError):  # scipy refuses the shape parameters
            return refused
    if not np.all(np.isfinite(values)):
        return refused
    if isinstance(dist, TruncNormal | Uniform | Triangular):
        low, high = dist.bounds()
        if values.min() < low or values.max() > high:
            return "these parameters give values outside low-high; choose less extreme ones"
    return None


def to_plain(value: Value) -> Any:
    """A JSON-ready form of a value (for manifests and hashing)."""
    if isinstance(value, dict):
        return {str(year): to_plain(v) for year, v in sorted(value.items())}
    if isinstance(value, DistributionBase):
        return value.model_dump()
    return value


def value_bounds(value: Value) -> tuple[float, float]:
    """Smallest and largest value a scenario value can take (distribution tails as in TAIL)."""
    scalars = list(value.values()) if isinstance(value, dict) else [value]
    lows, highs = [], []
    for s in scalars:
        lo, hi = s.bounds() if isinstance(s, DistributionBase) else (s, s)
        lows.append(lo)
        highs.append(hi)
    return min(lows), max(highs)
