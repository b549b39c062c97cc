"""``levers``: list the assumptions and policy levers a scenario can set, from the registry."""

from __future__ import annotations

import argparse

from sim.inputs.levers import ASSUMPTIONS, LEVERS, InputSpec


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``levers`` command."""
    parser = sub.add_parser("levers", help="list the assumptions and levers a scenario can set")
    parser.set_defaults(handler=handle)


def describe_default(spec: InputSpec) -> str:
    """A default as text: ``7`` or ``2026: 1.75, 2030: 2.9``."""
    if isinstance(spec.default, dict):
        return ", ".join(f"{y}: {v:g}" for y, v in sorted(spec.default.items()))
    return f"{spec.default:g}"


def handle(args: argparse.Namespace) -> int:
    """Print every input with unit, range, default, what it moves and why the default.

    Also the evidence for its effect, the range the evidence supports and its standard impulse
    (``multipliers``).
    """
    for title, registry in (("Assumptions (exogenous)", ASSUMPTIONS), ("Levers (policy)", LEVERS)):
        print(title)
        print("=" * len(title))
        for spec in registry.values():
            print(
                f"{spec.name}  [{spec.unit}]  range {spec.low:g} to {spec.high:g}, "
                f"default {describe_default(spec)}"
            )
            print(f"    {spec.description}")
            if spec.moves:
                print(f"    moves: {', '.join(spec.moves)}")
            print(f"    default because: {spec.reason}")
            if spec.evidence:
                print(f"    evidence: {spec.evidence}")
            if spec.plausible is not None:
                low, high = spec.plausible
                print(f"    plausible: {low:g} to {high:g}")
            if spec.effect_parameters:
                print(f"    effect parameters: {', '.join(spec.effect_parameters)}")
            print(f"    standard impulse (multipliers): {spec.impulse:+g} {spec.unit}")
        print()
    return 0
