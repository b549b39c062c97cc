"""Scenario files: safe YAML, ``extends``, the schema and friendly validation errors."""

from sim.inputs.errors import Problem, ScenarioError
from sim.inputs.scenario.loader import load_scenario, shipped_names
from sim.inputs.scenario.schema import Event, Scenario

__all__ = ["Event", "Problem", "Scenario", "ScenarioError", "load_scenario", "shipped_names"]
