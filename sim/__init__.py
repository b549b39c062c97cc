"""cqsim: a calibrated multi-sector Monte Carlo simulator of Chongqing's economy.

Python API (mirrors the command line)::

    import sim
    scenario = sim.load_scenario("baseline")           # a shipped name, a file, or a+b overlays
    scenario = scenario.with_levers(credit_growth=9)    # validated as a scenario file is
    result = sim.simulate(scenario, draws=2000, seed=1, progress=True)
    result.summary()            # tidy DataFrame: scenario, variable, year, unit, mean, p05 ... p95
    result.indicator("gdp")     # draws x years
    result.to_xarray(); result.to_iamc(); result.to_excel("run.xlsx")
    comparison = sim.compare(scenario, sim.load_scenario("external_shock"))
    comparison.differences      # paired differences to the first scenario

The names are imported lazily, so that ``import sim.model`` loads only the numeric core.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_API = {
    "load_scenario": "sim.inputs.scenario",
    "Scenario": "sim.inputs.scenario",
    "ScenarioError": "sim.inputs.scenario",
    "simulate": "sim.execution.simulate",
    "compare": "sim.execution.simulate",
    "Ensemble": "sim.results",
    "Comparison": "sim.results",
}

__all__ = [
    "Comparison",
    "Ensemble",
    "Scenario",
    "ScenarioError",
    "__version__",
    "compare",
    "load_scenario",
    "simulate",
]

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import compare, simulate
    from sim.inputs.scenario import Scenario, ScenarioError, load_scenario
    from sim.results import Comparison, Ensemble

    __version__: str


def __getattr__(name: str) -> Any:
    """Import a public name on first use; ``__version__`` from the package metadata."""
    if name == "__version__":
        from sim.version import package_version

        return package_version()
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
