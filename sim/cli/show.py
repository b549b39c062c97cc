"""``show SCENARIO``: the scenario as resolved, and where each value comes from."""

from __future__ import annotations

import argparse
from typing import Any

from sim.cli.common import add_set_option, apply_sets
from sim.inputs.errors import UserError, format_problems

COMMENT_COLUMN = 60
"""Column where the "# from ..." comments start (values longer than that push them right)."""


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``show`` command."""
    parser = sub.add_parser(
        "show",
        help="print a scenario as resolved (extends, overlays, defaults) and where each value "
        "comes from",
    )
    parser.add_argument(
        "scenario", help="scenario: a file, a shipped name (baseline) or overlays a+b"
    )
    add_set_option(parser)
    parser.set_defaults(handler=handle)


def flow(value: Any) -> str:
    """A value in YAML flow style on one line: ``7.5``, ``{2026: 5.0, 2028: 0.0}``."""
    import yaml

    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, sort_keys=False)
    return str(text).strip().removesuffix("\n...")


def line(key: str, value: Any, origin: str, indent: int = 0) -> str:
    """``key: value   # origin``, the comment aligned."""
    text = f"{' ' * indent}{key}: {flow(value)}"
    return f"{text:<{COMMENT_COLUMN}}  # {origin}"


def handle(args: argparse.Namespace) -> int:
    """Resolve the scenario and print it as YAML with the origin of each value."""
    from sim.inputs.levers import ALL_INPUTS, ASSUMPTIONS, LEVERS
    from sim.inputs.scenario import ScenarioError
    from sim.inputs.scenario.edit import SETTINGS, raw_event, raw_value
    from sim.inputs.scenario.loader import resolve_scenario
    from sim.inputs.shipped import display_path

    try:
        scenario, origins = resolve_scenario(args.scenario)
    except ScenarioError as exc:
        raise UserError(format_problems(exc.problems)) from None
    changed = apply_sets(scenario, args.sets)

    def origin(path: tuple, name: str | None = None) -> str:
        for sets in args.sets:
            if name is not None and sets.partition("=")[0].strip() == name:
                return f"--set {sets}"
        if path in origins:
            file, number = origins[path]
            where = display_path(file)
            return f"{where}:{number}" if number else where
        if name in ALL_INPUTS:
            return "default (cqsim levers)"
        return "default"

    files = ", ".join(display_path(p) for p in reversed(scenario.files))
    out = [f"# {changed.name}: resolved from {files} (most general first)"]
    named = "the overlays' names" if changed.overlays else origin(("name",))
    out.append(line("name", changed.name, named))
    out.append(line("description", changed.description, origin(("description",))))
    if changed.overlays:
        out.append(f"# overlays, applied left to right: {' + '.join(changed.overlays)}")
    for key in SETTINGS:
        out.append(line(key, getattr(changed, key), origin((key,), key)))
    for group, registry in (("assumptions", ASSUMPTIONS), ("levers", LEVERS)):
        out.append(f"{group}:")
        for name in registry:
            value = raw_value(changed.inputs[name])
            out.append(line(name, value, origin((group, name), name), indent=2))
    out.append("events:" if changed.events else "events: []")
    for i, event in enumerate(changed.events):
        out.append(f"  - {flow(raw_event(event)):<{COMMENT_COLUMN - 4}}  # {origin(('events', i))}")
    print("\n".join(out))
    return 0
