"""Command line: ``python run_sim.py {run,validate,levers} ...`` (also the ``cqsim`` command).

Parsing and printing only; the work happens in the modules it calls. Every user error (a bad
scenario, unreadable data, an output folder that exists) prints one line per problem to stderr and
exits with code 2, without a traceback and without writing anything.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from sim.levers import ASSUMPTIONS, LEVERS, InputSpec

EXIT_USAGE = 2
PRINT_YEARS = (2026, 2027, 2030)


class UserError(Exception):
    """An error the user can fix; the message is printed as is."""


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _seed(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if not 0 <= value < 2**63:
        raise argparse.ArgumentTypeError("the seed must be between 0 and 2**63 - 1")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its sub-commands."""
    parser = argparse.ArgumentParser(
        prog="run_sim.py",
        description="cqsim: Monte Carlo scenarios of Chongqing's economy, 2026-2035.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="run a scenario and write its results")
    run.add_argument("scenario", type=Path, help="scenario YAML file")
    run.add_argument("--draws", type=_positive_int, help="Monte Carlo draws (default: scenario)")
    run.add_argument("--seed", type=_seed, help="random seed (default: scenario)")
    run.add_argument(
        "--out", type=Path, help="output folder (default: outputs/<scenario>/<run-id>/)"
    )
    run.add_argument(
        "--chunk-size", type=_positive_int, default=None, help="draws per chunk (memory only)"
    )
    run.add_argument("--quiet", action="store_true", help="print only where results went")

    validate = sub.add_parser("validate", help="validate scenario files without running them")
    validate.add_argument("files", type=Path, nargs="+", help="scenario YAML files")

    sub.add_parser("levers", help="list the assumptions and levers a scenario can set")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "validate":
            return _validate(args.files)
        return _levers()
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted; nothing was written", file=sys.stderr)
        return 130


def _load(path: Path):  # noqa: ANN202 - Scenario
    from sim.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise UserError(_problems(exc.problems)) from None


def _problems(problems: list) -> str:
    lines = [str(p) for p in problems]
    head = f"{len(lines)} problem{'s' if len(lines) > 1 else ''} found:" if len(lines) > 1 else ""
    return "\n".join([head, *lines]) if head else lines[0]


def _setup():  # noqa: ANN202 - ModelSetup
    from sim.engine import ModelSetup
    from sim.parameters import ParameterError
    from sim.seeds import SeedDataError

    try:
        return ModelSetup.load()
    except (ParameterError, SeedDataError) as exc:
        raise UserError(str(exc)) from None


def _run(args: argparse.Namespace) -> int:
    from sim.engine import DEFAULT_CHUNK, simulate
    from sim.outputs.files import RUN_FILES, OutputExistsError, default_run_dir, write_run

    scenario = _load(args.scenario)
    if (
        args.out is not None
        and args.out.exists()
        and (not args.out.is_dir() or any(args.out.iterdir()))
    ):
        raise UserError(f"{args.out} already exists and is not empty; choose another --out")
    setup = _setup()
    draws = args.draws or scenario.draws
    chunk = args.chunk_size or DEFAULT_CHUNK
    bar = _progress_bar(draws, chunk, quiet=args.quiet)
    try:
        ensemble = simulate(
            scenario,
            draws=args.draws,
            seed=args.seed,
            chunk_size=chunk,
            setup=setup,
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    destination = args.out if args.out is not None else default_run_dir(ensemble)
    try:
        written = write_run(ensemble, destination)
    except OutputExistsError as exc:
        raise UserError(str(exc)) from None
    if not args.quiet:
        print(_headline_table(ensemble))
    print(f"results written to {written}/ ({', '.join(RUN_FILES)})")
    return 0


def _progress_bar(draws: int, chunk: int, *, quiet: bool):  # noqa: ANN202 - tqdm or None
    """A progress bar on stderr for runs of several chunks, silent when stderr is not a terminal."""
    if quiet or draws <= chunk:
        return None
    from tqdm import tqdm

    return tqdm(total=draws, unit="draw", unit_scale=True, disable=not sys.stderr.isatty())


def _headline_table(ensemble) -> str:  # noqa: ANN001 - Ensemble
    """Median and 90% band of the headline indicators in 2026, 2027 and 2030 (within horizon)."""
    from sim.model.indicators import HEADLINE, INDICATORS

    summary = ensemble.summary().set_index(["variable", "year"])
    years = [y for y in PRINT_YEARS if y in ensemble.years]
    if ensemble.years[-1] not in years:
        years.append(ensemble.years[-1])
    scenario = ensemble.scenario
    lines = [
        f"Scenario {scenario.name}: {scenario.draws} draws, seed {scenario.seed}. "
        "Median [5th-95th percentile]",
        "",
    ]
    header = f"{'indicator':<34}{'unit':<8}{'2025':>11}" + "".join(f"{y:>26}" for y in years)
    lines.append(header)
    lines.append("-" * len(header))
    for name in HEADLINE:
        unit = INDICATORS[name].unit
        base = summary.loc[(name, 2025), "p50"]
        cells = []
        for y in years:
            row = summary.loc[(name, y)]
            cells.append(f"{_fmt(row.p50)} [{_fmt(row.p05)}-{_fmt(row.p95)}]")
        lines.append(f"{name:<34}{unit:<8}{_fmt(base):>11}" + "".join(f"{c:>26}" for c in cells))
    return "\n".join(lines)


def _fmt(value: float) -> str:
    if abs(value) >= 100_000:
        return f"{value / 1e6:.3f}m"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:.1f}"


def _validate(files: list[Path]) -> int:
    from sim.scenario import ScenarioError, load_scenario

    failed = 0
    for path in files:
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            failed += 1
            print(_problems(exc.problems), file=sys.stderr)
            continue
        print(
            f"{path}: ok (scenario {scenario.name}, {scenario.draws} draws, to {scenario.horizon})"
        )
    return EXIT_USAGE if failed else 0


def _describe_default(spec: InputSpec) -> str:
    if isinstance(spec.default, dict):
        return ", ".join(f"{y}: {v:g}" for y, v in sorted(spec.default.items()))
    return f"{spec.default:g}"


def _levers() -> int:
    for title, registry in (("Assumptions (exogenous)", ASSUMPTIONS), ("Levers (policy)", LEVERS)):
        print(title)
        print("=" * len(title))
        for spec in registry.values():
            print(
                f"{spec.name}  [{spec.unit}]  range {spec.low:g} to {spec.high:g}, "
                f"default {_describe_default(spec)}"
            )
            print(f"    {spec.description}")
            if spec.moves:
                print(f"    moves: {', '.join(spec.moves)}")
            print(f"    default because: {spec.reason}")
        print()
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
