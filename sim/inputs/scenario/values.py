"""Scenario values: a constant, a path by year, or a distribution that Monte Carlo samples.

In a scenario file::

    credit_growth: 7.5                                   # constant, every year
    infrastructure_investment: {2026: 5, 2028: 0}        # path: linear in between, flat beyond
    national_gdp_growth: {dist: truncnormal, mean: 4.6, sd: 0.5, low: 2, high: 7}
    property_recovery: {2026: {dist: uniform, low: -15, high: -5}, 2028: 0}

A distribution at the top is drawn once per Monte Carlo draw and holds for every year; a
distribution inside a path is drawn per draw for that year and interpolated like a constant.
Each distribution gives its quantiles (:meth:`DistributionBase.ppf`) and its samples
(:meth:`DistributionBase.sample`) with numpy and ``scipy.special``: the same draws as
``scipy.stats`` from the same generator (:meth:`DistributionBase.frozen`, kept for users), without
importing ``scipy.stats`` (half a second) in every run. Unbounded ones (normal,
lognormal) must keep their central 99.994% (about +-4 sd) inside the input's allowed range; the rare
draws beyond it are clipped to the range.
"""

from __future__ import annotations

import math
import warnings
from functools import lru_cache
from statistics import NormalDist
from typing import Annotated, Any, Literal

import numpy as np
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

SMALL = 64
"""Arrays up to this size get the normal CDF and its inverse from the standard library
(``statistics.NormalDist``: validating a scenario then needs no ``scipy.special``, a third of a
second to import); larger ones (sampling) from ``scipy.special.ndtr`` and ``ndtri``. Both are
accurate to about 1e-16 relative (tested against ``scipy.stats``)."""


def norm_cdf(x: Any) -> np.ndarray:
    """Standard normal CDF Phi(x), elementwise."""
    x = np.asarray(x, dtype=float)
    if x.size <= SMALL:
        # 0.5 erfc(-x / sqrt 2) keeps its precision in the lower tail (NormalDist.cdf does not)
        return np.array([0.5 * math.erfc(-v / math.sqrt(2.0)) for v in x.flat]).reshape(x.shape)
    from scipy.special import ndtr

    return np.asarray(ndtr(x))


def norm_ppf(p: Any) -> np.ndarray:
    """Inverse of the standard normal CDF, Phi^-1(p), elementwise (-inf at 0, inf at 1)."""
    p = np.asarray(p, dtype=float)
    if p.size <= SMALL:
        return np.array([_inv_cdf(v) for v in p.flat]).reshape(p.shape)
    from scipy.special import ndtri

    return np.asarray(ndtri(p))


TINY = 1e-290
"""Probability below which the truncated normal's inverse CDF works in logs."""


def _log_space_ppf(q: np.ndarray, a: float, b: float) -> np.ndarray:
    """Phi^-1(Phi(a) + q (Phi(b) - Phi(a))) in logs, for a < b far in the lower tail.

    log Phi(x) = log(Phi(a) + q Phi(a) (exp(log Phi(b) - log Phi(a)) - 1)), with
    ``scipy.special.log_ndtr`` and ``ndtri_exp``; NaN where Phi(b) = Phi(a) in floating point.
    """
    from scipy.special import log_ndtr, ndtri_exp

    log_a, log_b = float(log_ndtr(a)), float(log_ndtr(b))
    if not log_b > log_a:
        return np.full(q.shape, np.nan)
    log_mass = log_b + math.log1p(-math.exp(log_a - log_b))
    with np.errstate(divide="ignore"):
        log_x = np.logaddexp(log_a, np.log(q) + log_mass)
    return np.asarray(ndtri_exp(log_x))


def _inv_cdf(p: float) -> float:
    """``NormalDist().inv_cdf`` extended to 0, 1 and NaN as ``scipy.special.ndtri`` does."""
    if p == 0.0:
        return -math.inf
    if p == 1.0:
        return math.inf
    if not 0.0 < p < 1.0:
        return math.nan
    return NormalDist().inv_cdf(p)


class DistributionBase(BaseModel):
    """A probability distribution of a scenario value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def frozen(self) -> Any:  # pragma: no cover - overridden
        """The equivalent scipy.stats frozen distribution."""
        raise NotImplementedError

    def ppf(self, q: Any) -> np.ndarray:  # pragma: no cover - overridden
        """Quantiles at probabilities ``q`` (the inverse of the CDF)."""
        raise NotImplementedError

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:  # pragma: no cover
        """``size`` draws from ``rng``, as ``frozen().rvs(size, random_state=rng)`` gives."""
        raise NotImplementedError

    def bounds(self) -> tuple[float, float]:
        """Range that must lie within the input's allowed range."""
        low, high = self.ppf(np.array([TAIL, 1 - TAIL]))
        return float(low), float(high)


class Normal(DistributionBase):
    """Normal with mean and standard deviation ``sd`` (> 0)."""

    dist: Literal["normal"]
    mean: Number
    sd: Number = Field(gt=0)

    def frozen(self) -> Any:
        """scipy.stats.norm."""
        import scipy.stats

        return scipy.stats.norm(loc=self.mean, scale=self.sd)

    def ppf(self, q: Any) -> np.ndarray:
        """Quantiles: mean + sd * Phi^-1(q)."""
        return self.mean + self.sd * norm_ppf(q)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draws: mean + sd * z, z ~ N(0, 1)."""
        return self.mean + self.sd * rng.standard_normal(size)


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
        import scipy.stats

        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        return scipy.stats.truncnorm(a, b, loc=self.mean, scale=self.sd)

    def ppf(self, q: Any) -> np.ndarray:
        """Inverse CDF.

        With a = (low - mean) / sd and b = (high - mean) / sd, and the interval mirrored when it
        lies above the mean (a > 0: x -> -x, so that Phi is evaluated in the lower tail where it
        keeps its precision, as scipy.stats.truncnorm does)::

            x = mean + sd * Phi^-1(Phi(a) + q (Phi(b) - Phi(a)))

        Where even Phi(b) is below ``TINY`` (bounds beyond 37 sd on one side of the mean) the
        same equation is evaluated in logs (``scipy.special.log_ndtr``, ``ndtri_exp``). Kept
        within [low, high]; NaN where the interval holds no probability in floating point.
        """
        q = np.asarray(q, dtype=float)
        a, b = (self.low - self.mean) / self.sd, (self.high - self.mean) / self.sd
        sign = -1.0 if a > 0 else 1.0
        if sign < 0:
            a, b, q = -b, -a, 1.0 - q
        pa, pb = norm_cdf([a, b])
        if pb > TINY:
            z = norm_ppf(pa + q * (pb - pa))
        else:
            z = _log_space_ppf(q, a, b)
        return np.clip(self.mean + sign * self.sd * z, self.low, self.high)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Inverse CDF (:meth:`ppf`) at u ~ U(0, 1), one uniform a draw, as scipy.stats does."""
        return self.ppf(rng.uniform(0.0, 1.0, size))

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
        import scipy.stats

        return scipy.stats.uniform(loc=self.low, scale=self.high - self.low)

    def ppf(self, q: Any) -> np.ndarray:
        """Quantiles: low + (high - low) q."""
        return self.low + (self.high - self.low) * np.asarray(q, dtype=float)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draws: low + (high - low) u, u ~ U(0, 1)."""
        return self.ppf(rng.uniform(0.0, 1.0, size))

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
        import scipy.stats

        width = self.high - self.low
        return scipy.stats.triang((self.mode - self.low) / width, loc=self.low, scale=width)

    def ppf(self, q: Any) -> np.ndarray:
        """Inverse CDF (:func:`triangular_ppf`)."""
        return triangular_ppf(q, self.low, self.mode, self.high)

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draws: low + (high - low) t, t ~ triangular(0, c, 1) from the generator."""
        width = self.high - self.low
        return self.low + width * rng.triangular(0.0, (self.mode - self.low) / width, 1.0, size)

    def bounds(self) -> tuple[float, float]:
        """Exact bounds."""
        return self.low, self.high


def triangular_ppf(q: Any, low: Any, mode: Any, high: Any) -> np.ndarray:
    """Inverse CDF of the triangular distribution on [low, high] with its mode at ``mode``.

    With width w = high - low and c = (mode - low) / w (arrays broadcast)::

        x = low + w sqrt(c q)                    if q < c
        x = low + w (1 - sqrt((1 - c)(1 - q)))   otherwise

    A zero width gives ``mode``.
    """
    q = np.asarray(q, dtype=float)
    low, mode, high = (np.asarray(v, dtype=float) for v in (low, mode, high))
    width = high - low
    safe = np.where(width > 0, width, 1.0)
    c = np.clip((mode - low) / safe, 0.0, 1.0)
    # Each step as written above, in place once the array is full size: a sampled parameter
    # block is 157 x 4,096 values, and a fresh array for every step took 28% longer.
    rising = np.sqrt(c * q)
    x = np.asarray(np.multiply(1.0 - c, 1.0 - q))  # an array also for scalars
    np.sqrt(x, out=x)
    np.subtract(1.0, x, out=x)  # falling
    np.copyto(x, rising, where=q < c)
    x *= safe
    x += low
    return x if np.all(width > 0) else np.where(width > 0, x, mode)


class LogNormal(DistributionBase):
    """Log-normal with median ``median`` (> 0) and log-scale standard deviation ``sigma``."""

    dist: Literal["lognormal"]
    median: Number = Field(gt=0)
    sigma: Number = Field(gt=0)

    def frozen(self) -> Any:
        """scipy.stats.lognorm."""
        import scipy.stats

        return scipy.stats.lognorm(s=self.sigma, scale=self.median)

    def ppf(self, q: Any) -> np.ndarray:
        """Quantiles: median * exp(sigma * Phi^-1(q))."""
        return self.median * np.exp(self.sigma * norm_ppf(q))

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """Draws: median * exp(sigma * z), z ~ N(0, 1)."""
        return self.median * np.exp(self.sigma * rng.standard_normal(size))


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
    the inverse CDF or the location and scale of a standard draw, so the check asks for the
    quantiles of ``PROBES`` (:meth:`DistributionBase.ppf`, what runs sample with) and that they
    be finite and, for a bounded distribution, inside its bounds.
    """
    refused = "these parameters do not give finite samples (too extreme); choose others"
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            values = np.asarray(dist.ppf(np.array(PROBES)), dtype=float)
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
