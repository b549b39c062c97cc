"""Mutation check of the levers (issue 13): flip each input's effect in the core, run the tests.

For every input the numeric core reads (``x["name"]`` in ``sim/model/*.py``, the scalar reference
excepted), a scratch copy of the repository gets ``x["name"]`` replaced by
``(2 * r["name"] - x["name"])`` everywhere in the core: the input's deviation from its reference
value changes sign in every term that reads it (``x - r`` becomes ``r - x``, ``x / r - 1``
becomes ``1 - x / r``), the reference run is unchanged. The chosen tests then run on the mutant;
a mutant is caught when they fail. A mutant that cannot run at all (an error before any test
could judge it) is reported apart and not counted as caught.

    .venv/bin/python benchmarks/mutation_levers.py [--tests tests/test_levers.py ...]

Measures; asserts nothing. Prints one line per mutant and the score.
"""

from __future__ import annotations

import argparse
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


def main() -> None:
    """Run every mutant and print the score."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tests", nargs="+", default=list(DEFAULT_TESTS))
    args = parser.parse_args()
    names = inputs_read(ROOT)
    caught, survived, broken = [], [], []
    with tempfile.TemporaryDirectory(prefix="cqsim-mutants-") as tmp:
        for name in names:
            scratch = Path(tmp) / name
            scratch.mkdir()
            for item in COPIED:
                source = ROOT / item
                if source.is_dir():
                    shutil.copytree(
                        source, scratch / item, ignore=shutil.ignore_patterns("__pycache__")
                    )
                else:
                    shutil.copy2(source, scratch / item)
            places = mutate(scratch, name)
            smoke = subprocess.run(
                [sys.executable, "-c", SMOKE], cwd=scratch, capture_output=True, text=True
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
            )
            verdict = "caught" if run.returncode != 0 else "SURVIVED"
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
