"""Typed results of the panel estimators: an estimate with its standard error, sample and method.

Every estimator in :mod:`panel`, :mod:`panel_shocks`, :mod:`panel_structure` and
:mod:`panel_links` returns these objects, so that the parameters file can record for each
parameter its value, standard error, sample (regions and years), method and diagnostics, and so
that Monte Carlo can sample it: a scalar from N(value, se^2), several parameters of one fit from
N(values, cov).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Diagnostics = Mapping[str, float | int | str | bool]


def _plain(value: Any) -> Any:
    """A YAML-friendly copy: numpy scalars to Python numbers (rounded), tuples to lists."""
    if isinstance(value, np.ndarray):
        return [_plain(v) for v in value.tolist()]
    if isinstance(value, (np.floating, float)):
        return float(round(float(value), 4)) if np.isfinite(value) else None
    if isinstance(value, (np.integer, int)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, Mapping):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _key(key: Any) -> int | str:
    """A mapping key for YAML: integers (years) stay integers, anything else becomes text."""
    return int(key) if isinstance(key, (int, np.integer)) else str(key)


@dataclass(frozen=True)
class Sample:
    """What an estimate was fitted on.

    Attributes
    ----------
    regions : tuple of str
        Regions (provinces) whose rows were used.
    years : tuple of int
        Years of the dependent variable that were used (sorted, gaps are exclusions).
    n_obs : int
        Observations (region-years) in the fit.
    note : str
        Exclusions or data choices, e.g. "2020-2022 excluded".
    """

    regions: tuple[str, ...]
    years: tuple[int, ...]
    n_obs: int
    note: str = ""

    @classmethod
    def of(cls, regions: Sequence[str], years: Sequence[int], n_obs: int, note: str = "") -> Sample:
        """Build a sample from any sequences (sorted and de-duplicated)."""
        return cls(
            tuple(sorted({str(r) for r in regions})),
            tuple(sorted({int(y) for y in years})),
            int(n_obs),
            note,
        )

    def span(self) -> str:
        """Years as ``first-last`` with the missing years inside named."""
        if not self.years:
            return ""
        first, last = self.years[0], self.years[-1]
        missing = sorted(set(range(first, last + 1)) - set(self.years))
        text = f"{first}-{last}"
        return f"{text} without {', '.join(map(str, missing))}" if missing else text

    def to_dict(self) -> dict[str, Any]:
        """YAML form: regions (a count, or the names when fewer than 31), years, n_obs, note."""
        regions: Any = (
            f"{len(self.regions)} provinces" if len(self.regions) >= 31 else list(self.regions)
        )
        out: dict[str, Any] = {"regions": regions, "years": self.span(), "n_obs": self.n_obs}
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Estimate:
    """One parameter: value, standard error, unit, sample, method and what it means.

    Attributes
    ----------
    value : float
        Point estimate, in ``unit``.
    se : float
        Standard error, in ``unit``; Monte Carlo draws N(value, se^2).
    unit : str
        Unit of value and se.
    sample : Sample
        Regions, years and observations.
    method : str
        Estimator and options (library, covariance type).
    interpretation : str
        One line: what the number means for the model.
    diagnostics : mapping
        n_obs, R^2, convergence, shrinkage weight and other checks.
    """

    value: float
    se: float
    unit: str
    sample: Sample
    method: str
    interpretation: str = ""
    diagnostics: Diagnostics = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """YAML form of the estimate."""
        return _entry(
            _plain(self.value),
            _plain(self.se),
            {},
            self.unit,
            self.sample,
            self.method,
            self.interpretation,
            self.diagnostics,
        )


@dataclass(frozen=True)
class ShrunkEstimate:
    """A parameter that differs by province, with Chongqing's value shrunk toward the panel.

    Attributes
    ----------
    chongqing : Estimate
        Chongqing's shrunk value (BLUP of a mixed model, or empirical Bayes), its standard error
        (prediction error), the one the model should use.
    panel_mean : Estimate
        Mean over provinces (fixed effect of the mixed model, or random-effects mean).
    between_sd : float
        Standard deviation of the parameter between provinces (same unit).
    chongqing_own : Estimate or None
        Chongqing's own estimate from its years alone (OLS), for comparison.
    shrinkage_weight : float
        Weight of Chongqing's own data in the shrunk value: tau^2 / (tau^2 + se_own^2), tau the
        between-province sd and se_own the standard error of Chongqing's own estimate (1: no
        shrinkage, 0: the panel mean).
    """

    chongqing: Estimate
    panel_mean: Estimate
    between_sd: float
    chongqing_own: Estimate | None
    shrinkage_weight: float

    def to_dict(self) -> dict[str, Any]:
        """YAML form: Chongqing's estimate first, then the panel and Chongqing-only values."""
        out = self.chongqing.to_dict()
        out["panel_mean"] = {
            "estimate": _plain(self.panel_mean.value),
            "se": _plain(self.panel_mean.se),
            "between_province_sd": _plain(self.between_sd),
        }
        if self.chongqing_own is not None:
            out["chongqing_only"] = {
                "estimate": _plain(self.chongqing_own.value),
                "se": _plain(self.chongqing_own.se),
                "method": self.chongqing_own.method,
                "years": self.chongqing_own.sample.span(),
            }
        out["shrinkage_weight"] = _plain(self.shrinkage_weight)
        return out


@dataclass(frozen=True)
class JointEstimate:
    """Several parameters of one fit, to be sampled jointly from N(values, cov).

    Attributes
    ----------
    names : tuple of str
        Parameter names, in the order of ``values``.
    values : numpy.ndarray
        Point estimates, shape (k,).
    cov : numpy.ndarray
        Covariance of the estimates, shape (k, k).
    unit : str
        Units (one string for all, or a description per name).
    sample : Sample
        Regions, years, observations.
    method : str
        Estimator and covariance type.
    interpretation : str
        What the parameters mean for the model.
    diagnostics : mapping
        Fit statistics.
    """

    names: tuple[str, ...]
    values: np.ndarray
    cov: np.ndarray
    unit: str
    sample: Sample
    method: str
    interpretation: str = ""
    diagnostics: Diagnostics = field(default_factory=dict)

    def __post_init__(self) -> None:
        k = len(self.names)
        if np.shape(self.values) != (k,) or np.shape(self.cov) != (k, k):
            raise ValueError(f"values must be ({k},) and cov ({k}, {k}) for names {self.names}")

    @property
    def se(self) -> np.ndarray:
        """Standard errors, sqrt(diag(cov))."""
        return np.sqrt(np.diag(self.cov))

    def __getitem__(self, name: str) -> Estimate:
        """The marginal estimate of one parameter."""
        i = self.names.index(name)
        return Estimate(
            float(self.values[i]),
            float(self.se[i]),
            self.unit,
            self.sample,
            self.method,
            self.interpretation,
            self.diagnostics,
        )

    def to_dict(self) -> dict[str, Any]:
        """YAML form: estimate and se per name, the covariance matrix, sample and method."""
        return _entry(
            {n: _plain(v) for n, v in zip(self.names, self.values, strict=True)},
            {n: _plain(v) for n, v in zip(self.names, self.se, strict=True)},
            {"cov": _plain(np.asarray(self.cov))},
            self.unit,
            self.sample,
            self.method,
            self.interpretation,
            self.diagnostics,
        )


def _entry(
    estimate: Any,
    se: Any,
    extra: dict[str, Any],
    unit: str,
    sample: Sample,
    method: str,
    interpretation: str,
    diagnostics: Diagnostics,
) -> dict[str, Any]:
    """The common YAML layout of an estimate: estimate, se, extras, unit, sample, method, ..."""
    out: dict[str, Any] = {"estimate": estimate, "se": se, **extra}
    out |= {"unit": unit, "sample": sample.to_dict(), "method": method}
    if interpretation:
        out["interpretation"] = interpretation
    if diagnostics:
        out["diagnostics"] = _plain(dict(diagnostics))
    return out


def to_plain(value: Any) -> Any:
    """YAML form of any estimate object (or a mapping or list of them)."""
    if hasattr(value, "to_dict"):
        return value.to_dict()
    if isinstance(value, Mapping):
        return {_key(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    return _plain(value)
