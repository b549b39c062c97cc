"""``new NAME --extends baseline``: write a commented starter scenario file.

The file extends a scenario and lists every assumption and lever commented out, with the value
it has in that scenario, its unit, range and meaning: uncomment a line (and its group's
heading) to change it. The file is checked before it is written: it loads as a scenario.
"""

from __future__ import annotations

import argparse
import os
import re
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING

from sim.cli.common import load_scenario_or_fail
from sim.inputs.errors import UserError

if TYPE_CHECKING:  # pragma: no cover
    from sim.inputs.scenario import Scenario


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``new`` command."""
    parser = sub.add_parser("new", help="write a commented starter scenario file")
    parser.add_argument("name", help="scenario name: letters, digits, _ and - (the file NAME.yaml)")
    parser.add_argument(
        "--extends", default="baseline", help="scenario to start from (default: baseline)"
    )
    parser.add_argument("--description", help="what the scenario represents (one line)")
    parser.add_argument("--out", type=Path, help="file to write (default: NAME.yaml here)")
    parser.set_defaults(handler=handle)


def starter(name: str, parent: Scenario, extends: str, description: str) -> str:
    """The text of a starter file extending ``parent`` (``extends``: its name or path there)."""
    from sim.cli.show import flow
    from sim.inputs.levers import ASSUMPTIONS, LEVERS, InputSpec
    from sim.inputs.scenario.edit import raw_value

    lines = [
        f"# {name}: a cqsim scenario. Check it with `cqsim validate {name}.yaml`, run it with",
        f"# `cqsim run {name}.yaml`, compare it with `cqsim compare {extends} {name}.yaml`.",
        f"# It extends {extends}: every input below is commented out and keeps the value shown",
        "# (its value there). Uncomment a line, and the heading of its group, to change it.",
        "# A value is a number, a path by year {2026: 5, 2028: 0} (linear in between) or a",
        "# distribution {dist: truncnormal, mean: 4.5, sd: 0.6, low: 2, high: 7}; see",
        "# `cqsim levers` and the README's scenario format.",
        f"name: {name}",
        f"description: {flow(description)}",
        f"extends: {flow(extends)}",
        f"# horizon: {parent.horizon}            # last projected year, 2026-2035",
        f"# draws: {parent.draws}",
        f"# seed: {parent.seed}",
        "",
    ]

    def block(title: str, registry: dict[str, InputSpec]) -> list[str]:
        out = [f"# {title}:"]
        for key, spec in registry.items():
            about = f"{spec.unit}, {spec.low:g} to {spec.high:g}. {spec.description}"
            out.append(f"#   {key}: {flow(raw_value(parent.inputs[key]))}")
            out += [f"#       {text}" for text in textwrap.wrap(about, 88)]
        return [*out, ""]

    lines += block("assumptions", ASSUMPTIONS) + block("levers", LEVERS)
    lines += [
        "# events:                    # shocks to sectors' real growth, percentage points",
        "#   - name: my_shock",
        "#     description: What happens.",
        "#     year: 2027",
        "#     sectors: [automotive, electronics]",
        "#     size: {dist: uniform, low: -4, high: -1}",
        "#     probability: 0.3",
        "#     persistence: 0.5",
    ]
    return "\n".join(lines) + "\n"


def handle(args: argparse.Namespace) -> int:
    """Write ``NAME.yaml`` (or ``--out``), refusing to replace a file; check it loads."""
    from sim.inputs.scenario.schema import NAME_PATTERN

    if not re.match(NAME_PATTERN, args.name):
        raise UserError(
            f"{args.name!r} is not a scenario name: use letters, digits, '_' and '-' "
            "(at most 64), starting with a letter or digit"
        )
    path = args.out or Path(f"{args.name}.yaml")
    if path.exists():
        raise UserError(f"{path} already exists; choose another name or --out")
    parent = load_scenario_or_fail(args.extends)
    extends = args.extends
    if Path(extends).is_file():  # a file: written relative to the new file's folder
        extends = Path(os.path.relpath(Path(extends).resolve(), path.resolve().parent))
        extends = extends.as_posix()
    description = args.description or f"Starts from {args.extends}. TODO: what it represents."
    text = starter(args.name, parent, str(extends), " ".join(description.split()))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    try:
        load_scenario_or_fail(path)
    except UserError:
        path.unlink()
        raise
    print(f"wrote {path}: edit it, then `cqsim run {path}`")
    return 0
