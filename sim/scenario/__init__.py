"""Scenario files: safe YAML, ``extends``, the schema and friendly validation errors."""

from sim.scenario.errors import Problem, ScenarioError
from sim.scenario.loader import load_scenario, shipped_names
from sim.scenario.schema import Event, Scenario

__all__ = ["Event", "Problem", "Scenario", "ScenarioError", "load_scenario", "shipped_names"]
