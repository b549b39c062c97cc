"""cqsim: a calibrated multi-sector Monte Carlo simulator of Chongqing's economy.

Python API (mirrors the command line)::

    import sim
    scenario = sim.load_scenario("scenarios/baseline.yaml")
    result = sim.simulate(scenario, draws=2000, seed=1)
    result.summary()            # tidy DataFrame: variable, year, unit, mean, p05 ... p95
    result.indicator("gdp")     # draws x years

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
    "Ensemble": "sim.results",
}

__all__ = ["Ensemble", "Scenario", "ScenarioError", "load_scenario", "simulate"]

if TYPE_CHECKING:  # pragma: no cover
    from sim.execution.simulate import simulate
    from sim.inputs.scenario import Scenario, ScenarioError, load_scenario
    from sim.results import Ensemble


def __getattr__(name: str) -> Any:
    """Import a public name on first use."""
    if name in _API:
        return getattr(import_module(_API[name]), name)
    raise AttributeError(f"module 'sim' has no attribute {name!r}")
