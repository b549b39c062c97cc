"""Fuzz: every input ends in exit 0 with finite numbers or exit 2 with a message, never hangs,
and leaves nothing behind.

Inputs: the corpus of nasty files in tests/data/fuzz (``benchmarks/fuzz_corpus.py`` writes it),
special files made here (a FIFO, a symlink loop, a folder, ``/dev/zero``), and hypothesis over
the scenario, sweep and history schemas (documents built from valid and invalid parts, and
shipped files with hypothesis-chosen edits). A valid scenario is also simulated (its draws
capped, its pipeline at one replication) and must give finite numbers or a results-guard error.

The CI profile runs in well under a minute. ``CQSIM_FUZZ_PROFILE=long`` (README, "Testing")
runs 20 times the examples, the pipeline at two replications, and the pipeline inputs' limits
in tests/test_results_guard.py.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import re
import threading
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.execution.results_guard import ResultError
from sim.execution.simulate import simulate
from sim.inputs.errors import InputError
from sim.inputs.history import KNOWN
from sim.inputs.levers import ALL_INPUTS
from sim.inputs.scenario import ScenarioError, load_scenario
from sim.inputs.scenario.values import DISTRIBUTIONS
from sim.inputs.sweep_file import load_sweep
from sim.inputs.targets_file import TargetsError, load_targets
from sim.model.sectors import SECTORS

from .conftest import ROOT, SHIPPED

CORPUS = ROOT / "tests" / "data" / "fuzz"
LONG = os.environ.get("CQSIM_FUZZ_PROFILE") == "long"
EXAMPLES = 600 if LONG else 20
REPLICATIONS = 2 if LONG else 1
"""Pipeline replications of a valid corpus scenario's run (and of every run, long profile)."""
GENERATED_REPLICATIONS = 2 if LONG else 0
"""Pipeline replications of generated scenarios' runs: the reduced form in CI (the pipeline's
limits are tested in tests/test_results_guard.py)."""
HANG_GUARD_S = 120.0
"""Longest an input may take before the test calls it a hang (a guard, not a measure)."""
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not LONG,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


# --- running an input --------------------------------------------------------------------------


def bounded(func: Callable[[], object]) -> object:
    """``func()`` in a thread; fail if it is still running after ``HANG_GUARD_S``."""
    box: dict[str, object] = {}

    def run() -> None:
        try:
            box["value"] = func()
        except BaseException as exc:  # noqa: BLE001 - handed to the caller
            box["error"] = exc

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=HANG_GUARD_S)
    assert not thread.is_alive(), "the input hung"
    if "error" in box:
        raise box["error"]  # type: ignore[misc]
    return box.get("value")


def cli(argv: list[str]) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of the command line run in this process."""
    out, err = io.StringIO(), io.StringIO()

    def run() -> int:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                return main(argv)
            except SystemExit as exc:  # argparse
                return int(exc.code or 0)

    code = bounded(run)
    return int(code), out.getvalue(), err.getvalue()  # type: ignore[arg-type]


@pytest.fixture(scope="module", autouse=True)
def own_pipeline_cache(tmp_path_factory):
    """A pipeline cache of this module's own: the leak checks below look for temporary files in
    it, which another test worker writing the shared session cache would otherwise leave there
    for a moment (an entry is written to a temporary file, then renamed)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CQSIM_PIPELINE_CACHE", str(tmp_path_factory.mktemp("fuzz-pipeline-cache")))
        yield


def leftovers(*folders: Path) -> list[str]:
    """Staging folders, temporary files and probes below ``folders``."""
    marks = (".partial-", ".cqsim-probe", ".tmp")
    return [
        str(path)
        for folder in folders
        if folder.exists()
        for path in folder.rglob("*")
        if any(mark in path.name for mark in marks)
    ]


def ends_cleanly(argv: list[str], folder: Path) -> tuple[int, str]:
    """Run ``argv``: exit 0 or exit 2 with a message, no traceback, nothing left behind."""
    code, out, err = cli(argv)
    assert code in (0, 2), f"exit {code}: {err[-500:]}"
    assert "Traceback" not in err and "internal error" not in err
    if code == 2:
        assert err.strip(), "exit 2 without a message"
    cache = Path(os.environ["CQSIM_PIPELINE_CACHE"])
    assert not leftovers(folder) and not list(cache.glob(".*.tmp"))
    return code, out + err


PROBLEM_LINE = re.compile(r"^(?:error: )?(?:\d+ problems found:|[^\n]+?(?::\d+)?: \S.*)$")


def assert_problem_lines(said: str) -> None:
    """Every line of a refusal is ``file:line: field: problem`` (or the count before them)."""
    lines = [line for line in said.splitlines() if line.strip()]
    assert lines and all(PROBLEM_LINE.match(line) for line in lines), said


def finite_or_guarded(path: Path, replications: int = REPLICATIONS) -> None:
    """A scenario that validates simulates to finite numbers, or the results guard stops it."""
    scenario = load_scenario(path)
    scenario = replace(
        scenario,
        draws=min(scenario.draws, 16),
        pipeline_replications=min(scenario.pipeline_replications, replications),
    )
    try:
        ensemble = bounded(lambda: simulate(scenario))
    except ResultError:
        return  # exit 2 with the guard's message
    summary = ensemble.summary()  # type: ignore[attr-defined]
    assert np.isfinite(summary[["mean", "p05", "p50", "p95"]].to_numpy()).all()


# --- the corpus --------------------------------------------------------------------------------


def corpus(pattern: str) -> list[Path]:
    return sorted(CORPUS.glob(pattern))


@pytest.mark.parametrize("path", corpus("scenario_*.yaml"), ids=lambda p: p.stem)
def test_corpus_scenarios(path, tmp_path):
    code, said = ends_cleanly(["validate", str(path)], tmp_path)
    assert code == (0 if "_ok_" in path.name else 2), said
    if code == 2:
        assert_problem_lines(said)
    else:
        finite_or_guarded(path)


@pytest.mark.parametrize("path", corpus("sweep_*.yaml"), ids=lambda p: p.stem)
def test_corpus_sweeps(path, tmp_path):
    code, said = ends_cleanly(
        ["sweep", str(path), "--quiet", "--out", str(tmp_path / "o")], tmp_path
    )
    assert code == (0 if "_ok_" in path.name else 2), said
    if code == 0:
        table = pd.read_csv(tmp_path / "o" / "sweep.csv")
        assert np.isfinite(table[["mean", "p05", "p50", "p95"]].to_numpy()).all()


@pytest.mark.parametrize("path", corpus("history_*.csv"), ids=lambda p: p.stem)
def test_corpus_histories(path, tmp_path):
    out = tmp_path / "p.yaml"
    code, said = ends_cleanly(["calibrate", "--history", str(path), "--out", str(out)], tmp_path)
    assert code == (0 if "_ok_" in path.name else 2), said
    assert out.exists() == (code == 0)
    if code == 0:
        assert all(np.isfinite(x) for x in numbers_in(yaml.safe_load(out.read_text())))


def numbers_in(node: object) -> list[float]:
    """Every number in a YAML document (mappings, lists, scalars)."""
    if isinstance(node, dict):
        return [x for value in node.values() for x in numbers_in(value)]
    if isinstance(node, list):
        return [x for value in node for x in numbers_in(value)]
    return [float(node)] if isinstance(node, int | float) and not isinstance(node, bool) else []


@pytest.mark.parametrize("path", corpus("targets_*.yaml"), ids=lambda p: p.stem)
def test_corpus_targets(path):
    if "_ok" in path.name:
        assert bounded(lambda: load_targets(path))
        return
    with pytest.raises(TargetsError) as info:
        bounded(lambda: load_targets(path))
    assert all(str(p).startswith(str(path)) for p in info.value.problems)


@pytest.mark.parametrize("kind", ["fifo", "symlink loop", "folder", "/dev/zero"])
@pytest.mark.parametrize("command", ["validate", "calibrate --history", "sweep"])
def test_special_files_are_refused_without_hanging(tmp_path, kind, command):
    path = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink loop":
        path.symlink_to(path)
    elif kind == "folder":
        path.mkdir()
    else:
        path = Path(kind)
    code, said = ends_cleanly([*command.split(), str(path)], tmp_path)
    assert code == 2 and str(path) in said


def test_the_corpus_is_what_its_generator_writes():
    """The corpus is data made by a documented command; a hand edit would drift from it."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("corpus", ROOT / "benchmarks/fuzz_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    made = {**module.scenarios(), **module.sweeps(), **module.histories(), **module.targets()}
    assert sorted(made) == sorted(p.name for p in CORPUS.glob("*_*.*"))


# --- hypothesis over the schemas ---------------------------------------------------------------

NUMBERS = st.one_of(
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=True, allow_infinity=True),
    st.sampled_from([0, 2026, 2035, 10**30, -(10**30), 1e-300, 5e-324]),
)
JUNK = st.one_of(
    NUMBERS, st.text(max_size=12), st.booleans(), st.none(), st.lists(NUMBERS, max_size=3)
)
DIST = st.fixed_dictionaries(
    {"dist": st.sampled_from([*DISTRIBUTIONS, "cauchy"])},
    optional={k: NUMBERS for k in ("mean", "sd", "low", "high", "mode", "median", "sigma")},
)
SCALAR = st.one_of(NUMBERS, DIST)
VALUE = st.one_of(
    SCALAR, st.dictionaries(st.integers(2020, 2040), SCALAR, min_size=1, max_size=4), JUNK
)
INPUT_NAMES = st.sampled_from([*ALL_INPUTS, "credit_grwth", ""])
EVENT = st.fixed_dictionaries(
    {
        "name": st.sampled_from(["a", "b", ""]),
        "year": st.one_of(st.integers(2020, 2040), JUNK),
        "sectors": st.lists(st.sampled_from([*SECTORS, "mars"]), max_size=3),
        "size": st.one_of(SCALAR, JUNK),
    },
    optional={"probability": NUMBERS, "persistence": NUMBERS, "colour": JUNK},
)
SCENARIO = st.fixed_dictionaries(
    {"name": st.sampled_from(["fz", "bad name", "", "x" * 70]), "description": st.just("d")},
    optional={
        "horizon": st.one_of(st.integers(2020, 2040), JUNK),
        "draws": st.one_of(st.integers(-5, 64), JUNK),
        "seed": st.one_of(st.integers(-1, 2**64), JUNK),
        "pipeline_replications": st.sampled_from([0, 0, 1, -1, 5000, "2"]),
        "levers": st.one_of(st.dictionaries(INPUT_NAMES, VALUE, max_size=4), JUNK),
        "assumptions": st.dictionaries(INPUT_NAMES, VALUE, max_size=3),
        "events": st.one_of(st.lists(EVENT, max_size=3), JUNK),
        "extends": st.sampled_from(["baseline", "nowhere.yaml", "a\0b", "../" * 600]),
        "extra": JUNK,
    },
)
TOKENS = [
    "010", "02026", "1_000", "1:30", "0x1F", ".nan", "1e400", "9" * 40, "~", "yes", "!!float x",
    "!!int 1.5", "&a x", "*a", "[", "{", "2026-01-01", "[[[[[[[[[[[[[[1]]]]]]]]]]]]]]",
    "{dist: truncnormal, mean: -1e300, sd: 1e-300, low: 0, high: 9}",
]  # fmt: skip


def dumped(document: dict) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


@FUZZ
@given(document=SCENARIO)
def test_any_scenario_document_validates_or_is_refused(tmp_path, document):
    path = tmp_path / "scenario.yaml"
    path.write_text(dumped(document))
    code, said = ends_cleanly(["validate", str(path)], tmp_path)
    if code == 0:
        finite_or_guarded(path, GENERATED_REPLICATIONS)


@FUZZ
@given(
    source=st.sampled_from(SHIPPED),
    edits=st.lists(
        st.tuples(st.integers(0, 10**6), st.sampled_from(["token", "delete", "repeat", "indent"])),
        min_size=1,
        max_size=3,
    ),
    token=st.sampled_from(TOKENS),
)
def test_any_edit_of_a_shipped_scenario_validates_or_is_refused(tmp_path, source, edits, token):
    lines = source.read_text().splitlines(keepends=True)
    for where, edit in edits:
        i = where % len(lines)
        if edit == "token" and ":" in lines[i]:
            lines[i] = lines[i].split(":", 1)[0] + f": {token}\n"
        elif edit == "delete" and len(lines) > 1:
            del lines[i]
        elif edit == "repeat":
            lines.insert(i, lines[i])
        else:
            lines[i] = "   " + lines[i]
    path = tmp_path / source.name
    path.write_text("".join(lines))
    code, _ = ends_cleanly(["validate", str(path)], tmp_path)
    if code == 0:
        finite_or_guarded(path, GENERATED_REPLICATIONS)


SWEEP = st.fixed_dictionaries(
    {"base": st.sampled_from(["base.yaml", "missing.yaml", 5])},
    optional={
        "name": st.sampled_from(["ok", "bad name", "n" * 300, ""]),
        "draws": st.one_of(st.integers(-1, 24), st.just(10**12), JUNK),
        "seed": st.one_of(st.integers(-1, 10), st.just(2**64), JUNK),
        "design": st.sampled_from(["factorial", "lhs", "grid"]),
        "points": st.one_of(st.integers(-1, 3), st.just(10**9), JUNK),
        "levers": st.one_of(
            st.dictionaries(
                INPUT_NAMES,
                st.one_of(
                    st.lists(NUMBERS, max_size=3),
                    st.fixed_dictionaries({"low": NUMBERS, "high": NUMBERS}),
                    JUNK,
                ),
                max_size=2,
            ),
            JUNK,
        ),
        "indicators": st.one_of(st.lists(st.sampled_from(["gdp", "gpd", 5]), max_size=2), JUNK),
    },
)


@FUZZ
@given(document=SWEEP)
def test_any_sweep_document_runs_or_is_refused(tmp_path, document):
    (tmp_path / "base.yaml").write_text("name: b\ndescription: d\npipeline_replications: 0\n")
    path = tmp_path / "sweep.yaml"
    path.write_text(dumped(document))
    try:
        sweep = bounded(lambda: load_sweep(path))
    except ScenarioError as exc:
        assert exc.problems
        return
    if len(sweep.points) * max(p.scenario.draws for p in sweep.points) > 5000:  # type: ignore[attr-defined]
        return  # valid, but too long a run for a unit test
    out = tmp_path / "o"
    code, _ = ends_cleanly(["sweep", str(path), "--quiet", "--out", str(out)], tmp_path)
    assert code in (0, 2)


CELLS = st.one_of(
    st.sampled_from(["2019", "2024", "6.3", "-1.5", "pct", "units", "99999999", "-2020", "1900"]),
    st.sampled_from(["2_020", "1e12", "nan", "", " ", "Chongqing", "China", "Mars", "a,b", '"']),
    st.text(max_size=8),
)
ROW = st.tuples(
    st.sampled_from(["Chongqing", "China", "Mars"]),
    st.one_of(st.integers(2010, 2030).map(str), CELLS),
    st.sampled_from([*KNOWN["Chongqing"], "gdp_vibes"]),
    st.one_of(st.floats(-20, 30, allow_nan=False).map(lambda v: f"{v:.1f}"), CELLS),
    st.sampled_from(["pct", "units", "km"]),
    CELLS,
    CELLS,
    CELLS,
).map(list)


@FUZZ
@given(
    rows=st.lists(
        st.one_of(ROW, ROW.map(lambda r: r[:5]), ROW.map(lambda r: [*r, "x"])), max_size=12
    )
)
def test_any_history_calibrates_or_is_refused(tmp_path, rows):
    path = tmp_path / "history.csv"
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["region", "year", "indicator", "value", "unit", "kind", "source", "quote"])
        writer.writerows(rows)
    out = tmp_path / "p.yaml"
    code, said = ends_cleanly(["calibrate", "--history", str(path), "--out", str(out)], tmp_path)
    if code == 0:
        assert all(np.isfinite(x) for x in numbers_in(yaml.safe_load(out.read_text())))
    else:
        assert_problem_lines(said)


def test_every_reader_error_is_an_input_error():
    """What the fuzz tests call 'refused' is one class of error, printed and exit 2."""
    assert issubclass(ScenarioError, InputError) and issubclass(TargetsError, InputError)
