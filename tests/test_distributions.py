"""Scenario distributions sample and give quantiles as scipy.stats does, without importing it.

Runs draw with :meth:`DistributionBase.sample` (numpy and ``scipy.special``); these tests pin it to
``scipy.stats`` (the reference implementation): the same numbers from the same generator, the same
quantiles, and the sampled moments of the truncated normal against its closed form.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from sim.inputs.scenario.values import (
    SMALL,
    LogNormal,
    Normal,
    Triangular,
    TruncNormal,
    Uniform,
    norm_cdf,
    norm_ppf,
    triangular_ppf,
)

DISTRIBUTIONS = [
    Normal(dist="normal", mean=1.0, sd=2.0),
    TruncNormal(dist="truncnormal", mean=4.6, sd=0.5, low=2.0, high=7.0),
    TruncNormal(dist="truncnormal", mean=4.6, sd=0.5, low=4.0, high=5.0),
    TruncNormal(dist="truncnormal", mean=0.0, sd=1.0, low=3.0, high=9.0),  # upper tail only
    TruncNormal(dist="truncnormal", mean=0.0, sd=1.0, low=-9.0, high=-3.0),  # lower tail only
    TruncNormal(dist="truncnormal", mean=60.0, sd=1.0, low=0.0, high=9.0),  # 51 sd: in logs
    TruncNormal(dist="truncnormal", mean=-60.0, sd=1.0, low=0.0, high=9.0),
    Uniform(dist="uniform", low=-1.0, high=3.0),
    Triangular(dist="triangular", low=0.0, mode=1.0, high=4.0),
    Triangular(dist="triangular", low=0.0, mode=0.0, high=4.0),
    LogNormal(dist="lognormal", median=2.0, sigma=0.3),
]
IDS = [f"{d.dist}-{i}" for i, d in enumerate(DISTRIBUTIONS)]


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=IDS)
def test_samples_are_scipys_from_the_same_generator(dist):
    ours = dist.sample(np.random.default_rng(7), 20_000)
    scipys = dist.frozen().rvs(size=20_000, random_state=np.random.default_rng(7))
    np.testing.assert_allclose(ours, scipys, rtol=0, atol=1e-11)


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=IDS)
def test_quantiles_are_scipys(dist):
    q = np.linspace(1e-6, 1 - 1e-6, 2001)
    np.testing.assert_allclose(dist.ppf(q), dist.frozen().ppf(q), rtol=1e-12, atol=1e-11)


def test_truncated_normal_mean_matches_its_closed_form():
    """E[X] = mean + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)) for X ~ N(mean, sd) on [low, high]."""
    dist = TruncNormal(dist="truncnormal", mean=1.0, sd=2.0, low=0.0, high=8.0)
    a, b = (0.0 - 1.0) / 2.0, (8.0 - 1.0) / 2.0
    phi, Phi = scipy.stats.norm.pdf, scipy.stats.norm.cdf
    expected = 1.0 + 2.0 * (phi(a) - phi(b)) / (Phi(b) - Phi(a))
    draws = dist.sample(np.random.default_rng(3), 400_000)
    assert draws.min() >= 0.0 and draws.max() <= 8.0
    assert abs(draws.mean() - expected) < 4 * draws.std() / np.sqrt(len(draws))


def test_triangular_quantiles_of_array_parameters_are_scipys():
    rng = np.random.default_rng(1)
    q = rng.random((500, 7))
    low, high = np.full(7, -1.0), np.full(7, 2.0)
    mode = np.linspace(-1.0, 2.0, 7)  # the mode at each end included
    expected = scipy.stats.triang.ppf(q, (mode - low) / (high - low), loc=low, scale=high - low)
    np.testing.assert_allclose(triangular_ppf(q, low, mode, high), expected, atol=1e-12)
    assert np.all(triangular_ppf(q, 1.5, 1.5, 1.5) == 1.5)  # no width: the mode


def test_triangular_quantiles_are_the_docstrings_formula_to_the_bit():
    """The in-place evaluation gives the very bits of the formula evaluated step by step (the
    sampled parameters, and so every run's numbers, depend on them), for rows of parameters,
    a mode at either end, zero widths and scalars."""

    def formula(q, low, mode, high):
        width = high - low
        safe = np.where(width > 0, width, 1.0)
        c = np.clip((mode - low) / safe, 0.0, 1.0)
        rising, falling = np.sqrt(c * q), 1.0 - np.sqrt((1.0 - c) * (1.0 - q))
        return np.where(width > 0, low + safe * np.where(q < c, rising, falling), mode)

    rng = np.random.default_rng(7)
    low = rng.normal(0, 10, (6, 1))
    high = low + np.array([[0.0], [1.0], [3.0], [0.5], [2.0], [7.0]])
    mode = low + (high - low) * np.array([[0.3], [0.0], [1.0], [0.5], [rng.random()], [0.9]])
    q = rng.random((6, 300))
    q[:, :2] = [0.0, 1.0]
    for args in (
        (q, low, mode, high),
        (q[1:], low[1:], mode[1:], high[1:]),  # every width positive
        (q[0], low[3, 0], mode[3, 0], high[3, 0]),
        (0.25, low[:, 0], mode[:, 0], high[:, 0]),
        (0.7, 1.0, 2.0, 4.0),
    ):
        got, expected = triangular_ppf(*args), formula(*(np.asarray(a) for a in args))
        assert got.shape == expected.shape and np.array_equal(got, expected)
        assert np.array_equal(np.signbit(got), np.signbit(expected))


@pytest.mark.parametrize("dist", DISTRIBUTIONS, ids=IDS)
def test_quantiles_of_a_few_probabilities_are_scipys(dist):
    """Up to ``SMALL`` probabilities (validation's probes) take the standard library's path."""
    q = np.array([3.17e-5, 0.001, 0.3, 0.5, 0.999, 1 - 3.17e-5])
    np.testing.assert_allclose(dist.ppf(q), dist.frozen().ppf(q), rtol=1e-12, atol=1e-11)


def test_normal_cdf_and_inverse_agree_on_both_paths():
    x = np.linspace(-37.0, 8.0, SMALL)
    big = np.concatenate([x, x])  # above SMALL: scipy.special
    np.testing.assert_allclose(norm_cdf(x), norm_cdf(big)[:SMALL], rtol=1e-12, atol=0)
    p = np.linspace(0.0, 1.0, SMALL)
    np.testing.assert_allclose(norm_ppf(p), norm_ppf(np.concatenate([p, p]))[:SMALL], rtol=1e-13)
    assert np.isnan(norm_ppf([np.nan, 1.5])).all()
