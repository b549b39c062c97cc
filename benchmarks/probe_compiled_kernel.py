"""Would a compiled model core pay? One of the core's steps, fused per draw by numba, timed.

    PYTHONPATH=/path/to/numba .venv/bin/python benchmarks/probe_compiled_kernel.py

numba is not a dependency of cqsim; install it apart (for instance
``.venv/bin/pip install --no-deps --target /tmp/nb numba llvmlite``, then ``PYTHONPATH=/tmp/nb``).

The step is :func:`sim.model.growth.sector_baselines`, one of the largest of ``core.step`` (6-8% of
a chunk's CPU time), on the inputs of one real block: the baseline scenario's 4,096 draws of 2026
with their sampled parameters. The kernel evaluates the function's docstring equations draw by
draw, adding the sector terms in the order of :func:`sim.model.linalg.row_sums`, so it must give
the very same bits; the script checks that, then times both, and times the exponential,
logarithm and square root of numba against numpy's bit for bit (numpy may use vector versions
on processors with AVX-512). Measures; asserts nothing but prints whether the bits agree.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np

try:
    import numba
except ImportError:  # pragma: no cover - the probe's own environment
    sys.exit("numba is not installed here; see this script's docstring")

from sim.cli.common import load_scenario_or_fail, load_setup
from sim.execution.streams import BLOCK, draw_parameters, draw_range
from sim.model import growth
from sim.model.linalg import PAIRWISE_MIN


@numba.njit(cache=False)
def fused_sector_baselines(  # noqa: PLR0913 - one array per input of the equations
    intercept: np.ndarray,
    response: np.ndarray,
    differential: np.ndarray,
    services_effect: np.ndarray,
    centre_growth: float,
    national: np.ndarray,
    income_gain: np.ndarray,
    gdp_base: np.ndarray,
    weights: np.ndarray,
    group_of: np.ndarray,
    services: np.ndarray,
) -> np.ndarray:
    """``growth.sector_baselines`` draw by draw: per-draw (n, k) and (n, s) parameter rows."""
    n, s = weights.shape
    out = np.empty((n, s))
    raw = np.empty(s)
    term = np.empty(s)
    for i in range(n):
        gap = national[i] - centre_growth
        services_term = services_effect[i] * income_gain[i]
        for j in range(s):
            g = group_of[j]
            raw[j] = (intercept[i, g] + response[i, g] * gap + differential[i, j]) + services[
                j
            ] * services_term
            term[j] = weights[i, j] * raw[j]
        total = (term[0] + term[1]) + (term[2] + term[3])  # row_sums' order for 8 <= s < 16
        total += (term[4] + term[5]) + (term[6] + term[7])
        for j in range(8, s):
            total += term[j]
        total += 0.0
        for j in range(s):
            out[i, j] = raw[j] - total + gdp_base[i]
    return out


@numba.njit(cache=False)
def _elementwise(x: np.ndarray, which: int) -> np.ndarray:
    out = np.empty_like(x)
    for i in range(x.size):
        v = x[i]
        out[i] = np.exp(v) if which == 0 else (np.log(v) if which == 1 else np.sqrt(v))
    return out


@dataclass
class Inputs:
    """One block's arguments of ``sector_baselines``."""

    params: Any
    national: np.ndarray
    income_gain: np.ndarray
    gdp_base: np.ndarray
    weights: np.ndarray


def block_inputs() -> Inputs:
    """The baseline scenario's first block: sampled parameters, national growth in 2026."""
    setup = load_setup()
    scenario = load_scenario_or_fail("baseline")
    ps = setup.parameter_set
    params = draw_parameters(ps.parameters, ps.uncertainty, scenario.seed, 0, BLOCK)
    drivers, _ = draw_range(scenario, 0, BLOCK)
    rng = np.random.default_rng(0)
    shares = rng.random((BLOCK, len(growth._GROUP_OF))) + 0.5  # noqa: SLF001 - the probe's input
    return Inputs(
        params=params,
        national=drivers.inputs["national_gdp_growth"][:, 0].copy(),
        income_gain=rng.normal(0.05, 0.01, BLOCK),
        gdp_base=rng.normal(5.0, 0.5, BLOCK),
        weights=shares / shares.sum(axis=1)[:, np.newaxis],
    )


def per_draw(value: Any, shape: tuple[int, ...]) -> np.ndarray:
    """A parameter as a contiguous per-draw array of ``shape`` (broadcast when it is central)."""
    return np.ascontiguousarray(np.broadcast_to(np.asarray(value, dtype=float), shape))


def main() -> None:
    """Check the bits, then time numpy against numba on the same block."""
    x = block_inputs()
    p = x.params
    n, s = x.weights.shape
    groups = int(growth._GROUP_OF.max()) + 1  # noqa: SLF001
    assert PAIRWISE_MIN <= s < 2 * PAIRWISE_MIN, "the kernel adds 8 to 15 sectors as row_sums"
    args = (
        per_draw(p.group_intercept, (n, groups)),
        per_draw(p.group_national_response, (n, groups)),
        per_draw(p.sector_differential, (n, s)),
        per_draw(p.services_income_effect, (n,)),
        float(p.national_growth_centre),
        x.national,
        x.income_gain,
        x.gdp_base,
        x.weights,
        growth._GROUP_OF.astype(np.int64),  # noqa: SLF001
        growth._SERVICES,  # noqa: SLF001
    )
    start = time.perf_counter()
    fused = fused_sector_baselines(*args)
    compiled = time.perf_counter() - start
    numpy_args = (x.national, x.income_gain, x.gdp_base, x.weights)
    reference = growth.sector_baselines(p, *numpy_args)
    print(f"numba {numba.__version__}, numpy {np.__version__}; compiling took {compiled:.2f} s")
    print(f"sector_baselines, {n:,} draws: the same bits: {np.array_equal(fused, reference)}")
    for name, run in (
        ("numpy (cqsim)", lambda: growth.sector_baselines(p, *numpy_args)),
        ("numba, fused", lambda: fused_sector_baselines(*args)),
    ):
        run()
        start = time.process_time()
        for _ in range(300):
            run()
        print(f"  {name:14} {1e6 * (time.process_time() - start) / 300:7.0f} CPU-us a block")
    values = np.random.default_rng(1).normal(0.0, 3.0, 1_000_000)
    positive = np.abs(values) + 1e-3
    for which, (name, ufunc, data) in enumerate(
        (("exp", np.exp, values), ("log", np.log, positive), ("sqrt", np.sqrt, positive))
    ):
        same = np.array_equal(ufunc(data), _elementwise(data, which))
        print(f"{name} of 1,000,000 values: numba's bits are numpy's: {same}")


if __name__ == "__main__":
    main()
