"""``diff A B``: what two scenarios set differently, as resolved (defaults filled in)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from sim.cli.common import load_scenario_or_fail

if TYPE_CHECKING:  # pragma: no cover
    from sim.inputs.scenario import Scenario


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``diff`` command."""
    parser = sub.add_parser("diff", help="list what two scenarios set differently")
    parser.add_argument("a", help="first scenario: a file, a shipped name or overlays a+b")
    parser.add_argument("b", help="second scenario")
    parser.set_defaults(handler=handle)


def differences(a: Scenario, b: Scenario) -> list[tuple[str, Any, Any]]:
    """(field, value in a, value in b) for every field two resolved scenarios set differently.

    Settings and inputs are compared one by one (as a scenario file writes them), events by
    name (``events.<name>``: an event only one has is ``None`` in the other).
    """
    from sim.inputs.levers import ALL_INPUTS, LEVERS
    from sim.inputs.scenario.edit import SETTINGS, raw_event, raw_value

    out = []
    for key in SETTINGS:
        if getattr(a, key) != getattr(b, key):
            out.append((key, getattr(a, key), getattr(b, key)))
    for name in ALL_INPUTS:
        left, right = raw_value(a.inputs[name]), raw_value(b.inputs[name])
        if left != right:
            group = "levers" if name in LEVERS else "assumptions"
            out.append((f"{group}.{name}", left, right))
    events_a = {e.name: raw_event(e) for e in a.events}
    events_b = {e.name: raw_event(e) for e in b.events}
    for name in dict.fromkeys([*events_a, *events_b]):
        if events_a.get(name) != events_b.get(name):
            out.append((f"events.{name}", events_a.get(name), events_b.get(name)))
    return out


def handle(args: argparse.Namespace) -> int:
    """Print each field the two scenarios set differently, with both values."""
    from sim.cli.show import flow

    a, b = load_scenario_or_fail(args.a), load_scenario_or_fail(args.b)
    found = differences(a, b)
    if not found:
        print(f"{a.name} and {b.name} set the same inputs, events and settings")
        return 0
    width = max(len(field) for field, _, _ in found)
    print(f"{len(found)} differences ({a.name} -> {b.name}):")
    for field, left, right in found:
        shown = [flow(v) if v is not None else "(none)" for v in (left, right)]
        print(f"  {field:<{width}}  {shown[0]}  ->  {shown[1]}")
    return 0
