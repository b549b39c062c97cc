"""Rerun issue 15's fuzzing campaign and print its table: tried, refused cleanly, tracebacks,
hangs, leaks, silent wrong numbers.

    .venv/bin/python benchmarks/fuzz_campaign.py [--mutants 150] [--seed 15] [--timeout 60]
    PYTHONPATH=/path/to/other/checkout .venv/bin/python benchmarks/fuzz_campaign.py  # compare

Inputs: the corpus of tests/data/fuzz/ (benchmarks/fuzz_corpus.py), scenario, sweep, history
and targets files mutated from the shipped ones (numbers replaced by nasty tokens, lines
deleted, duplicated or re-indented, bytes flipped, files cut short), special files (a FIFO,
a symlink loop, /dev/zero, a folder), argument combinations (limits, --out, engines), a run
killed with SIGKILL and a run interrupted with Ctrl-C. Each input runs the command line
(``sim.cli.main``) in a forked child with a timeout and a 6 GiB address-space limit, in a fresh
folder, and ends as one of:

* accepted: exit 0, and every number it wrote is finite;
* refused cleanly: exit 2 (or 130 for Ctrl-C, 141 for a closed pipe), a message on stderr and
  no traceback;
* traceback: any other exit code, or a traceback on stderr (exit 3 counts here);
* hang: still running at the timeout;
* silent wrong: exit 0 with a number that is not finite in what it wrote or printed;
* leak: a file left behind that the command did not report (a staging folder, a temporary
  file, output after a refusal), or a process that outlived it.

Measures; asserts nothing. The table goes to stdout, one line per failure to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "fuzz"
SCENARIOS = ROOT / "scenarios"
NASTY = [
    "010", "02026", "1_000", "1:30", "0x1F", ".nan", ".inf", "-.inf", "1e400", "-1e400",
    "9" * 40, "-0", "~", "yes", "no", "!!float abc", "!!int 2030.5", "!!python/none ''", "&a x",
    "*a", "[", "{", "}", "'", '"', "2026-01-01", "1e-400", "0", "-99999", "1e308", "\\0",
    "[[[[[[[[[[[[[[]]]]]]]]]]]]]]", "{dist: normal, mean: 0, sd: 0}",
    "{dist: truncnormal, mean: -1e300, sd: 1e-300, low: 0, high: 9}",
    "{dist: lognormal, median: 8, sigma: 1e300}", "{dist: triangular, low: 5, mode: 9, high: 6}",
]  # fmt: skip
MEMORY_LIMIT = 6 * 1024**3
OUT_FILE = "{dir}/p.yaml"


@dataclass
class Case:
    """One input: its kind, a label and the command line (``{dir}`` is the run's folder)."""

    kind: str
    label: str
    argv: list[str]
    setup: Callable[[Path], None] | None = None
    interrupt_after: float | None = None


@dataclass
class Outcome:
    case: Case
    verdict: str
    detail: str = ""


@dataclass
class Table:
    rows: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    failures: list[Outcome] = field(default_factory=list)

    def add(self, outcome: Outcome) -> None:
        self.rows[outcome.case.kind][outcome.verdict] += 1
        if outcome.verdict not in ("accepted", "refused cleanly"):
            self.failures.append(outcome)

    def render(self) -> str:
        columns = ["accepted", "refused cleanly", "traceback", "hang", "silent wrong", "leak"]
        header = f"| {'inputs':<22} | tried | " + " | ".join(columns) + " |"
        lines = [header, "|" + "|".join("-" * (len(c) + 2) for c in header.split("|")[1:-1]) + "|"]
        total: Counter = Counter()
        for kind in sorted(self.rows):
            counts = self.rows[kind]
            total.update(counts)
            lines.append(self._row(kind, counts, columns))
        lines.append(self._row("all", total, columns))
        return "\n".join(lines)

    @staticmethod
    def _row(kind: str, counts: Counter, columns: list[str]) -> str:
        cells = " | ".join(f"{counts[c]:>{len(c)}}" for c in columns)
        return f"| {kind:<22} | {sum(counts.values()):>5} | {cells} |"


# --- the inputs --------------------------------------------------------------------------------


def mutate(text: str, rng: random.Random) -> str:
    """One to three random edits of a file's text."""
    lines = text.splitlines(keepends=True) or ["\n"]
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(8)
        i = rng.randrange(len(lines))
        if op == 0:  # a number becomes a nasty token
            numbers = list(re.finditer(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", lines[i]))
            if numbers:
                m = rng.choice(numbers)
                lines[i] = lines[i][: m.start()] + rng.choice(NASTY) + lines[i][m.end() :]
        elif op == 1 and len(lines) > 1:
            del lines[i]
        elif op == 2:
            lines.insert(i, lines[i])
        elif op == 3:
            lines[i] = " " * rng.choice([1, 3, 6]) + lines[i]
        elif op == 4:
            data = bytearray(lines[i].encode())
            if data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            lines[i] = data.decode("utf-8", "replace")
        elif op == 5:
            return "".join(lines)[: rng.randrange(len("".join(lines)) + 1)]
        elif op == 6:  # a value after a colon becomes a nasty token
            if ":" in lines[i]:
                key, _, _ = lines[i].partition(":")
                lines[i] = f"{key}: {rng.choice(NASTY)}\n"
        else:
            lines.insert(i, rng.choice(NASTY) + "\n")
    return "".join(lines)


SMALL = "name: {name}\ndescription: d\npipeline_replications: 0\ndraws: 20\n"
"""A scenario without the pipeline: runs in a fraction of a second."""


def small(folder: Path, name: str) -> Path:
    return write(folder, f"{name}.yaml", SMALL.format(name=name))


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    return path


def scenario_cases(inputs: Path, rng: random.Random, mutants: int) -> list[Case]:
    sources = [p.read_text() for p in sorted(SCENARIOS.glob("*.yaml"))]
    sources.append(
        "name: mine\ndescription: d\nextends: baseline\nhorizon: 2032\ndraws: 50\n"
        "levers:\n  credit_growth: {2026: 7, 2029: {dist: uniform, low: 5, high: 9}}\n"
        "  industrial_projects: 400\nevents:\n"
        "  - {name: e, year: 2027, sectors: [energy, finance], size: -3, probability: 0.5}\n"
    )
    cases = [
        Case("scenario (corpus)", p.name, ["validate", str(p)])
        for p in sorted(CORPUS.glob("scenario_*.yaml"))
    ]
    for k in range(mutants):
        path = write(inputs, f"mutant_{k}.yaml", mutate(rng.choice(sources), rng))
        cases.append(Case("scenario (mutated)", path.name, ["validate", str(path)]))
    return cases


def run_case(kind: str, scenario: Path, inputs: Path) -> Case:
    """Run a scenario (that validates) through a one-point sweep: simulate, write, check."""
    spec = inputs / f"run_{scenario.stem}.yaml"
    spec.write_text(f"scenarios: ['{scenario}']\ndraws: 64\nseed: 1\n")
    return Case(kind, scenario.name + " (run)", ["sweep", str(spec), "--quiet", "--out", "{dir}/o"])


def sweep_cases(inputs: Path, rng: random.Random, mutants: int) -> list[Case]:
    base = write(inputs, "sweep_base.yaml", "name: sb\ndescription: d\npipeline_replications: 0\n")
    good = (
        f"base: {base.name}\ndraws: 32\nseed: 3\ndesign: factorial\n"
        "levers: {credit_growth: [5, 9], tradein_subsidy: [6]}\nindicators: [gdp, fai_growth]\n"
    )
    lhs = f"base: {base.name}\ndraws: 32\ndesign: lhs\npoints: 3\nlevers: {{credit_growth: {{low: 5, high: 9}}}}\n"  # noqa: E501
    cases = [
        Case("sweep (corpus)", p.name, ["sweep", str(p), "--quiet", "--out", "{dir}/o"])
        for p in sorted(CORPUS.glob("sweep_*.yaml"))
    ]
    for p in CORPUS.glob("scenario_ok_*.yaml"):  # sweeps of the corpus name these
        write(inputs, p.name, p.read_text(encoding="utf-8"))
    for k in range(mutants):
        path = write(inputs, f"sweep_{k}.yaml", mutate(rng.choice([good, lhs]), rng))
        cases.append(
            Case("sweep (mutated)", path.name, ["sweep", str(path), "--quiet", "--out", "{dir}/o"])
        )
    return cases


def history_cases(inputs: Path, rng: random.Random, mutants: int) -> list[Case]:
    text = (ROOT / "calibration" / "history.csv").read_text()
    cases = [
        Case(
            "history (corpus)", p.name, ["calibrate", "--history", str(p), "--out", "{dir}/p.yaml"]
        )
        for p in sorted(CORPUS.glob("history_*.csv"))
    ]
    for k in range(mutants):
        lines = text.splitlines(keepends=True)
        edit = rng.randrange(4)
        if edit == 0:  # a cell becomes a nasty token
            i = rng.randrange(1, len(lines))
            cells = lines[i].rstrip("\n").split(",")
            cells[rng.randrange(min(len(cells), 5))] = rng.choice(
                [*NASTY, "99999999", "-2020", "1900", "2_020", "1e12", "-1e12", ""]
            )
            lines[i] = ",".join(cells) + "\n"
        elif edit == 1:  # keep a few rows only
            lines = [lines[0], *rng.sample(lines[1:], rng.randint(0, 6))]
        elif edit == 2:  # one series made constant
            lines = [
                re.sub(r"^(China,\d+,gdp_real_growth_pct,)[^,]*", r"\g<1>5.0", line)
                for line in lines
            ]
        else:
            lines = [mutate("".join(lines), rng)]
        path = write(inputs, f"history_{k}.csv", "".join(lines))
        argv = ["calibrate", "--history", str(path), "--out", "{dir}/p.yaml"]
        if k % 10 == 0:
            argv = ["backtest", "--origin", "2023", "--horizon", "1", "--draws", "20"]
            argv += ["--history", str(path), "--out", "{dir}/bt"]
        cases.append(Case("history (mutated)", path.name, argv))
    return cases


def targets_cases(inputs: Path, rng: random.Random, mutants: int) -> list[Case]:
    scenario = write(
        inputs, "targets_s.yaml", "name: ts\ndescription: d\npipeline_replications: 0\n"
    )
    text = (ROOT / "seeds" / "targets.yaml").read_text()

    def case(kind: str, path: Path) -> Case:
        argv = ["targets", str(scenario), "--targets-file", str(path), "--year", "2026"]
        argv += ["--draws", "32", "--sobol-samples", "2", "--out", "{dir}/o"]
        return Case(kind, path.name, argv)

    cases = [case("targets (corpus)", p) for p in sorted(CORPUS.glob("targets_*.yaml"))]
    for k in range(mutants):
        cases.append(
            case("targets (mutated)", write(inputs, f"targets_{k}.yaml", mutate(text, rng)))
        )
    return cases


def special_cases(inputs: Path) -> list[Case]:
    fifo = inputs / "fifo.yaml"
    os.mkfifo(fifo)
    loop = inputs / "loop.yaml"
    loop.symlink_to(loop)
    (inputs / "folder.yaml").mkdir()
    extends_loop = write(
        inputs, "extends_loop.yaml", "name: l\ndescription: d\nextends: loop.yaml\n"
    )
    history_dir = inputs / "history_dir.csv"
    history_dir.mkdir()
    return [
        Case("special files", "FIFO", ["validate", str(fifo)]),
        Case("special files", "symlink loop", ["validate", str(loop)]),
        Case("special files", "extends a symlink loop", ["validate", str(extends_loop)]),
        Case("special files", "/dev/zero", ["validate", "/dev/zero"]),
        Case("special files", "a folder", ["validate", str(inputs / "folder.yaml")]),
        Case("special files", "history: a folder", ["calibrate", "--history", str(history_dir)]),
        Case("special files", "history: FIFO", ["calibrate", "--history", str(fifo)]),
        Case("special files", "sweep: FIFO", ["sweep", str(fifo)]),
        Case(
            "special files",
            "targets: /dev/zero",
            ["targets", str(fifo), "--targets-file", "/dev/zero"],
        ),  # noqa: E501
    ]


def argument_cases(inputs: Path) -> list[Case]:
    s = str(
        write(
            inputs, "args_s.yaml", "name: a\ndescription: d\npipeline_replications: 0\ndraws: 20\n"
        )
    )

    def below_file(folder: Path) -> None:
        (folder / "file").write_text("x")

    def dangling(folder: Path) -> None:
        (folder / "link").symlink_to(folder / "missing")

    def non_empty(folder: Path) -> None:
        (folder / "o").mkdir()
        (folder / "o" / "keep").write_text("x")

    run = ["run", s, "--quiet"]
    out = ["--out", "{dir}/o"]
    cases = [
        Case("arguments", "--draws 1e12", [*run, "--draws", "1000000000000", *out]),
        Case("arguments", "--draws 1e3", [*run, "--draws", "1e3", *out]),
        Case("arguments", "--draws 0", [*run, "--draws", "0", *out]),
        Case("arguments", "--seed 2**64", [*run, "--seed", str(2**64), *out]),
        Case("arguments", "--seed -1", [*run, "--seed", "-1", *out]),
        Case("arguments", "--workers 0", [*run, "--workers", "0", *out]),
        Case("arguments", "--workers 100000", [*run, "--workers", "100000", *out]),
        Case("arguments", "--chunk-size huge", [*run, "--chunk-size", "9" * 30, *out]),
        Case("arguments", "--engine dask --scheduler garbage", [*run, "--engine", "dask", "--scheduler", "garbage", *out]),  # noqa: E501
        Case("arguments", "--scheduler without dask", [*run, "--scheduler", "tcp://x:1", *out]),
        Case("arguments", "--engine dask --workers 32", [*run, "--engine", "dask", "--workers", "32", *out]),  # noqa: E501
        Case("arguments", "--out below a file", [*run, "--out", "{dir}/file/o"], below_file),
        Case("arguments", "--out dangling symlink", [*run, "--out", "{dir}/link"], dangling),
        Case("arguments", "--out not empty", [*run, *out], non_empty),
        Case("arguments", "--out too long", [*run, "--out", "{dir}/" + "x" * 300]),
        Case("arguments", "--out NUL", [*run, "--out", "{dir}/a\x00b"]),
        Case("arguments", "--out /proc", [*run, "--out", "/proc/cqsim"]),
        Case("arguments", "--out /dev/full", [*run, "--out", "/dev/full/o"]),
        Case("arguments", "compare one", ["compare", s]),
        Case("arguments", "compare same name", ["compare", s, s, *out]),
        Case("arguments", "targets --sobol-samples 3", ["targets", s, "--sobol-samples", "3", *out]),  # noqa: E501
        Case("arguments", "targets --sobol-samples 2**30", ["targets", s, "--sobol-samples", str(2**30), *out]),  # noqa: E501
        Case("arguments", "targets --probability 2", ["targets", s, "--solve", "x", "--lever", "credit_growth", "--probability", "2", *out]),  # noqa: E501
        Case("arguments", "targets --year 99999", ["targets", s, "--year", "99999", *out]),
        Case("arguments", "calibrate --until 2024", ["calibrate", "--until", "2024", "--out", "{dir}/p.yaml"]),  # noqa: E501
        Case("arguments", "calibrate --until 1", ["calibrate", "--until", "1", "--out", "{dir}/p.yaml"]),  # noqa: E501
        Case("arguments", "calibrate --out a folder", ["calibrate", "--out", "{dir}"]),
        Case("arguments", "backtest --origin 2024", ["backtest", "--origin", "2024", "--horizon", "1", "--draws", "20", *out]),  # noqa: E501
        Case("arguments", "backtest --origin 99999", ["backtest", "--origin", "99999", *out]),
        Case("arguments", "backtest --horizon 10**6", ["backtest", "--origin", "2020", "--horizon", "1000000", *out]),  # noqa: E501
        Case("arguments", "validate nothing", ["validate"]),
        Case("arguments", "unknown command", ["frobnicate"]),
        Case("arguments", "run, Ctrl-C after 2 s", ["run", str(SCENARIOS / "baseline.yaml"), "--draws", "200000", "--quiet", *out], interrupt_after=2.0),  # noqa: E501
    ]  # fmt: skip
    return cases


# --- running one input -------------------------------------------------------------------------


def child(argv: list[str], folder: Path) -> None:
    """In the forked child: limits, a fresh folder, stdout/stderr to files, then the command."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    os.chdir(folder)
    out = os.open(folder.parent / f"{folder.name}.out", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    err = os.open(folder.parent / f"{folder.name}.err", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    os.dup2(out, 1)
    os.dup2(err, 2)
    sys.stdout = io.TextIOWrapper(os.fdopen(1, "wb", closefd=False), write_through=True)
    sys.stderr = io.TextIOWrapper(os.fdopen(2, "wb", closefd=False), write_through=True)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    code = 1
    try:
        from sim.cli import main

        code = main(argv)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 2
    except BaseException:  # noqa: BLE001 - what escapes main is the failure to record
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
    os._exit(code)


def descendants(pid: int) -> set[int]:
    """Processes whose parent chain reaches ``pid`` (from /proc)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if fields[0] not in ("Z", "X"):
                parents[int(stat.parent.name)] = int(fields[1])
    found, frontier = set(), {pid}
    while frontier:
        frontier = {p for p, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def run_one(
    case: Case, folder: Path, timeout: float
) -> tuple[int | None, str, str, set[int], set[str]]:
    """Fork, run, wait (interrupt or kill at the timeout).

    Returns the exit code (None: killed at the timeout), stdout, stderr, the processes the
    command started that outlived it, and the files in its folder before it ran.
    """
    folder.mkdir()
    if case.setup is not None:
        case.setup(folder)
    before = files(folder)
    argv = [a.replace("{dir}", str(folder)) for a in case.argv]
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        os.setpgid(0, 0)
        child(argv, folder)
    start = time.monotonic()
    code: int | None = None
    interrupted = False
    children: set[int] = set()
    while time.monotonic() - start < timeout:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            code = os.waitstatus_to_exitcode(status)
            break
        children |= descendants(pid) if int(time.monotonic() * 50) % 25 == 0 else set()
        late = case.interrupt_after and time.monotonic() - start > case.interrupt_after
        if late and not interrupted:
            children |= descendants(pid)
            os.kill(pid, signal.SIGINT)
            interrupted = True
        time.sleep(0.02)
    if code is None:
        children |= descendants(pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    time.sleep(0.05)
    orphans = {p for p in children if alive(p)}
    out = (folder.parent / f"{folder.name}.out").read_text(errors="replace")
    err = (folder.parent / f"{folder.name}.err").read_text(errors="replace")
    return code, out, err, orphans, before


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def leftovers(folder: Path, before: set[str]) -> list[str]:
    """Hidden staging folders or temporary files, anywhere below ``folder``."""
    found = []
    for path in folder.rglob("*"):
        name = path.name
        if ".partial-" in name or name.endswith(".tmp") or name.startswith(".cqsim-probe"):
            found.append(str(path.relative_to(folder)))
    return [f for f in found if f not in before]


NUMBERS = ("mean", "p05", "p25", "p50", "p75", "p95")


def not_finite(folder: Path, printed: str) -> str | None:
    """A number that is not finite in a table or parameters file written, or in the output."""
    import pandas as pd

    for path in folder.rglob("*.csv"):
        with contextlib.suppress(Exception):
            frame = pd.read_csv(path)
            for column in (c for c in NUMBERS if c in frame.columns):
                values = pd.to_numeric(frame[column], errors="coerce")
                if values.isna().any() or not values.abs().lt(float("inf")).all():
                    return f"{path.name}: {column} has a value that is not finite"
    for path in folder.rglob("*.yaml"):
        if re.search(r":\s*[-+]?\.(?:nan|inf)\b", path.read_text(errors="replace"), re.I):
            return f"{path.name}: .nan or .inf written"
    if re.search(r"\b(?:nan|inf)\b", printed):
        return "nan or inf printed"
    return None


def files(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def judge(case: Case, folder: Path, timeout: float, cache: Path) -> Outcome:
    cache_before = {p.name for p in cache.iterdir()} if cache.exists() else set()
    code, out, err, orphans, before = run_one(case, folder, timeout)
    if code is None:
        return Outcome(case, "hang", f"still running after {timeout:.0f} s")
    if "Traceback" in err or code not in (0, 2, 130, 141):
        last = err.strip().splitlines()[-1:] or [""]
        return Outcome(case, "traceback", f"exit {code}: {last[0][:160]}")
    if code in (2, 130) and not err.strip():
        return Outcome(case, "traceback", f"exit {code} without a message")
    left = leftovers(folder, set())
    new_tmp = [p.name for p in cache.glob(".*.tmp") if p.name not in cache_before]
    if left or new_tmp or orphans:
        return Outcome(case, "leak", f"left {left + new_tmp} orphans {sorted(orphans)}")
    written = files(folder) - before
    if code != 0 and written:
        return Outcome(case, "leak", f"wrote {sorted(written)[:3]} and exited {code}")
    if code == 0:
        bad = not_finite(folder, out)
        return Outcome(case, "silent wrong", bad) if bad else Outcome(case, "accepted")
    return Outcome(case, "refused cleanly")


def killed_run_case(work: Path, inputs: Path, timeout: float) -> Outcome:
    """``kill -9`` a run mid-way: its workers must die with it, the next run must remove its
    staging folder."""
    case = Case("kill -9 mid-run", "run, SIGKILL after 4 s, then another run", [])
    scenario = small(inputs, "killed")
    folder = work / "killed"
    folder.mkdir()
    cli = "import sys; from sim.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", cli, "run", str(scenario), "--quiet"]
    proc = subprocess.Popen(
        [*cmd, "--draws", "5000000", "--workers", "2", "--out", str(folder / "o")],
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(4.0)
    children = descendants(proc.pid)
    proc.kill()
    proc.wait()
    time.sleep(2.0)
    orphans = {p for p in children if alive(p)}
    left_by_kill = leftovers(folder, set())
    subprocess.run(
        [*cmd, "--draws", "20", "--out", str(folder / "o2")], cwd=folder, capture_output=True,
        timeout=timeout * 5,
    )  # fmt: skip
    left = leftovers(folder, set())
    if orphans or left:
        return Outcome(case, "leak", f"after the next run: {left}; orphans {sorted(orphans)}")
    return Outcome(case, "accepted", f"kill left {len(left_by_kill)} staging folder(s); removed")


def preload() -> None:
    """Import the command line and what its commands import, once, before the children fork."""
    import importlib

    import sim.cli  # noqa: F401

    for name in (
        "sim.inputs.scenario",
        "sim.inputs.sweep_file",
        "sim.inputs.targets_file",
        "sim.inputs.history",
        "sim.execution.simulate",
        "sim.analysis.calibration.calibrate",
        "pandas",
        "pyarrow.parquet",
        "matplotlib.pyplot",
    ):
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mutants", type=int, default=150, help="mutated scenario files")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--timeout", type=float, default=60.0, help="seconds before a hang")
    parser.add_argument("--runs", type=int, default=25, help="valid scenarios also run")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (logs)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="cqsim-campaign-"))
    inputs = work / "inputs"
    inputs.mkdir()
    cache = work / "cache"
    os.environ["CQSIM_PIPELINE_CACHE"] = str(cache)
    preload()

    cases = [
        *scenario_cases(inputs, rng, args.mutants),
        *sweep_cases(inputs, rng, args.mutants // 3),
        *history_cases(inputs, rng, args.mutants // 2),
        *targets_cases(inputs, rng, args.mutants // 6),
        *special_cases(inputs),
        *argument_cases(inputs),
    ]
    table = Table()
    runs = 0
    started = time.monotonic()
    for i, case in enumerate(cases):
        outcome = judge(case, work / f"case{i}", args.timeout, cache)
        table.add(outcome)
        if case.argv[:1] == ["validate"] and outcome.verdict == "accepted" and runs < args.runs:
            runs += 1
            kind = case.kind.replace("scenario", "scenario run")
            run = run_case(kind, Path(case.argv[1]), inputs)
            table.add(judge(run, work / f"case{i}-run", args.timeout, cache))
    killed = killed_run_case(work, inputs, args.timeout)
    table.add(killed)
    print(f"kill -9 mid-run: {killed.verdict}: {killed.detail}", file=sys.stderr)
    for failure in table.failures:
        print(f"{failure.verdict}: {failure.case.kind}: {failure.case.label}: {failure.detail}",
              file=sys.stderr)  # fmt: skip
    print(table.render())
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    tried = sum(sum(c.values()) for c in table.rows.values())
    source = sys.modules["sim.cli"].__file__
    print(f"\n{tried} inputs in {time.monotonic() - started:.0f} s; code from {source}")


if __name__ == "__main__":
    main()
