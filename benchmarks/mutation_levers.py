"""Mutation check of the levers (issue 13): flip each input's effect in the model, run the tests.

Three rules, each applied to a scratch copy of the repository:

- **core** (every input the numeric core reads as ``x["name"]`` in ``sim/model/*.py``, the
  scalar reference excepted, where a reference ``r`` is in scope): ``x["name"]`` becomes
  ``(2 * r["name"] - x["name"])`` everywhere in the core: the input's deviation from its
  reference value changes sign in every term that reads it (``x - r`` becomes ``r - x``,
  ``x / r - 1`` becomes ``1 - x / r``), the reference run is unchanged.
- **step** (inputs read where no ``r`` is in scope: ``nev_capacity`` in ``core._supply``): the
  same flip made once at the top of ``core.step``, ``x["name"] = 2 * r["name"] - x["name"]``;
  and ``nev_capacity:binding`` turns the capacity limit ``min(demand, capacity)`` into
  ``max(...)``.
- **pipeline** (the four inputs only the investment pipeline reads: ``infrastructure_projects``,
  ``project_size``, ``financing_capacity``, ``approval_speedup``): in ``sim/pipeline/des.py``
  each input's yearly values are flipped about the pipeline's reference value right after the
  event loop's inputs are assembled, ``full["name"] = 2 * reference["name"] - full["name"]``.

The chosen tests then run on the mutant (with a fresh pipeline cache, whose key does not hold
the code); a mutant is caught when they fail. A mutant that cannot run at all (an error before
any test could judge it) is reported apart and not counted as caught.

    .venv/bin/python benchmarks/mutation_levers.py [--tests tests/test_levers.py ...]
        [--only NAME ...]

Measures; asserts nothing. Prints one line per mutant and the score.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("sim", "tests", "scenarios", "seeds", "calibration", "pyproject.toml", "run_sim.py")
DEFAULT_TESTS = ("tests/test_levers.py", "tests/test_core_equations.py")
SMOKE = (
    "import sim; from dataclasses import replace;"
    "s = replace(sim.load_scenario('baseline'), pipeline_replications=0);"
    "sim.simulate(s, draws=50, seed=1)"
)


def core_files(root: Path) -> list[Path]:
    """The core's modules that read inputs (the independent reference is left alone)."""
    return [p for p in sorted((root / "sim" / "model").glob("*.py")) if p.name != "reference.py"]


def inputs_read(root: Path) -> list[str]:
    """Every input name the core reads as ``x["name"]``."""
    names: set[str] = set()
    for path in core_files(root):
        names.update(re.findall(r'\bx\["([a-z_]+)"\]', path.read_text()))
    return sorted(names)


def mutate(root: Path, name: str) -> int:
    """Flip ``name``'s deviation from its reference in the core; return the places changed."""
    pattern = re.compile(rf'\bx\["{name}"\]')
    changed = 0
    for path in core_files(root):
        text = path.read_text()
        new, count = pattern.subn(f'(2 * r["{name}"] - x["{name}"])', text)
        if count:
            path.write_text(new)
            changed += count
    return changed


STEP_ANCHOR = "    r = {k: float(v[t]) for k, v in drivers.reference.items()}\n"
PIPELINE_ANCHOR = "    }  # (years from origin,)\n"
PIPELINE_INPUTS = (
    "infrastructure_projects",
    "project_size",
    "financing_capacity",
    "approval_speedup",
)
STEP_INPUTS = ("nev_capacity",)


def _insert(path: Path, anchor: str, line: str) -> int:
    """Put ``line`` after the single ``anchor`` line of ``path``; the places changed (1)."""
    text = path.read_text()
    if text.count(anchor) != 1:
        raise SystemExit(f"{path}: the anchor {anchor.strip()!r} is not there once")
    path.write_text(text.replace(anchor, anchor + line))
    return 1


def mutate_special(root: Path, mutant: str) -> int:
    """Apply a step or pipeline mutant (see the module docstring); the places changed."""
    if mutant in STEP_INPUTS:
        line = f'    x["{mutant}"] = 2 * r["{mutant}"] - x["{mutant}"]\n'
        return _insert(root / "sim" / "model" / "core.py", STEP_ANCHOR, line)
    if mutant == "nev_capacity:binding":
        path = root / "sim" / "model" / "core.py"
        text = path.read_text()
        old = "nev = np.minimum(nev_demand, nev_capacity)"
        path.write_text(text.replace(old, "nev = np.maximum(nev_demand, nev_capacity)"))
        return text.count(old)
    if mutant in PIPELINE_INPUTS:
        line = f'    full["{mutant}"] = 2 * reference["{mutant}"] - full["{mutant}"]\n'
        return _insert(root / "sim" / "pipeline" / "des.py", PIPELINE_ANCHOR, line)
    raise ValueError(mutant)


def mutants(root: Path) -> list[str]:
    """Every mutant: the core rule's inputs, then the step and pipeline mutants."""
    core = [n for n in inputs_read(root) if n not in STEP_INPUTS]
    return [*core, *STEP_INPUTS, "nev_capacity:binding", *PIPELINE_INPUTS]


def main() -> None:
    """Run every mutant and print the score."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", nargs="+", default=list(DEFAULT_TESTS))
    parser.add_argument("--only", nargs="+", help="run only these mutants")
    args = parser.parse_args()
    names = [n for n in mutants(ROOT) if not args.only or n in args.only]
    core = set(inputs_read(ROOT)) - set(STEP_INPUTS)
    caught, survived, broken = [], [], []
    with tempfile.TemporaryDirectory(prefix="cqsim-mutants-") as tmp:
        for name in names:
            scratch = Path(tmp) / name.replace(":", "-")
            scratch.mkdir()
            for item in COPIED:
                source = ROOT / item
                if source.is_dir():
                    shutil.copytree(
                        source, scratch / item, ignore=shutil.ignore_patterns("__pycache__")
                    )
                else:
                    shutil.copy2(source, scratch / item)
            places = mutate(scratch, name) if name in core else mutate_special(scratch, name)
            env = {**os.environ, "CQSIM_PIPELINE_CACHE": str(scratch / ".pipeline-cache")}
            smoke = subprocess.run(
                [sys.executable, "-c", SMOKE], cwd=scratch, capture_output=True, text=True, env=env
            )
            if smoke.returncode != 0:
                broken.append(name)
                print(f"{name:<30} {places} place(s)  cannot run: {smoke.stderr.strip()[-120:]}")
                continue
            run = subprocess.run(
                [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", *args.tests],
                cwd=scratch,
                capture_output=True,
                text=True,
                env=env,
            )
            failed = re.findall(r"^FAILED (\S+)", run.stdout, flags=re.MULTILINE)
            verdict = f"caught by {failed[0]}" if failed else "SURVIVED"
            if run.returncode != 0 and not failed:
                verdict = f"caught (exit {run.returncode})"
            (caught if run.returncode != 0 else survived).append(name)
            print(f"{name:<30} {places} place(s)  {verdict}", flush=True)
            shutil.rmtree(scratch)
    total = len(caught) + len(survived)
    print(f"\ncaught {len(caught)} of {total} runnable mutants ({', '.join(args.tests)})")
    if survived:
        print("survived: " + ", ".join(survived))
    if broken:
        print("could not run: " + ", ".join(broken))


if __name__ == "__main__":
    main()
