"""Never a leak, never lost work: output folders, staging, the pipeline cache, worker processes.

Reproduces the leaks and lost work of issue 15: ``--out`` refused only after the whole
computation, staging folders of killed runs that nothing removed, workers that outlived a killed
parent, a cache entry replaced by a folder or a FIFO, a read-only cache, two runs started in the
same second.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import pytest

import sim.outputs.staging as staging_module
from sim.cli import main
from sim.execution import executors
from sim.outputs.staging import (
    LOCK_NAME,
    LOCKLESS_GRACE_S,
    AtomicDirectory,
    atomic_directory,
    output_problem,
    remove_stale,
)
from sim.pipeline.cache import cache_key, cached_replications

from .conftest import ROOT
from .test_pipeline import PARAMS, inputs_with, same

BASELINE = str(ROOT / "scenarios" / "baseline.yaml")


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


# --- --out checked before any work -------------------------------------------------------------


def refused(args: list[str], capsys) -> str:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    return err


@pytest.mark.parametrize("command", ["run", "targets"])
def test_out_below_a_file_is_refused_before_any_work(tmp_path, capsys, forbid_simulation, command):
    (tmp_path / "file").write_text("x")
    err = refused([command, BASELINE, "--out", str(tmp_path / "file" / "run")], capsys)
    assert f"{tmp_path / 'file'} is not a folder" in err


def test_out_that_is_a_dangling_symlink_is_refused(tmp_path, capsys, forbid_simulation):
    (tmp_path / "link").symlink_to(tmp_path / "missing")
    err = refused(["run", BASELINE, "--out", str(tmp_path / "link")], capsys)
    assert "symbolic link to something that does not exist" in err


def test_out_with_too_long_a_name_is_refused(tmp_path, capsys, forbid_simulation):
    err = refused(["run", BASELINE, "--out", str(tmp_path / ("x" * 300))], capsys)
    assert "the folder name is 300 characters long" in err


def test_out_on_a_read_only_file_system_is_refused(
    tmp_path, capsys, forbid_simulation, monkeypatch
):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(staging_module.tempfile, "mkdtemp", read_only)
    (tmp_path / "s.yaml").write_text(f"scenarios: [{BASELINE}]\n")
    err = refused(["sweep", str(tmp_path / "s.yaml"), "--out", str(tmp_path / "o")], capsys)
    assert f"cannot write in {tmp_path}: Read-only file system" in err


def test_out_on_a_full_file_system_is_refused(tmp_path, capsys, forbid_simulation, monkeypatch):
    class Full:
        f_bavail, f_frsize = 1, 4096

    monkeypatch.setattr(staging_module.os, "statvfs", lambda path: Full())
    err = refused(["run", BASELINE, "--out", str(tmp_path / "o")], capsys)
    assert f"the file system of {tmp_path} is full" in err


def test_out_that_is_a_mount_point_is_refused(tmp_path, monkeypatch):
    (tmp_path / "mnt").mkdir()
    monkeypatch.setattr(staging_module.os.path, "ismount", lambda path: True)
    assert output_problem(tmp_path / "mnt") == "is a mount point; give a folder inside it"


def test_the_default_outputs_folder_is_checked_too(
    tmp_path, capsys, forbid_simulation, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "outputs").write_text("not a folder")
    err = refused(["run", BASELINE], capsys)
    assert "results go to outputs/ by default" in err


def test_a_disk_that_fills_while_writing_is_a_clean_error(tmp_path):
    target = AtomicDirectory(tmp_path / "run")
    with pytest.raises(Exception, match="No space left on device; nothing was written"):
        with target as staging:
            (staging / "a.csv").write_text("partial")
            raise OSError(errno.ENOSPC, "No space left on device")
    assert list(tmp_path.iterdir()) == []


def test_a_file_flushed_in_the_background_is_in_the_results(tmp_path, monkeypatch):
    flushed = []
    monkeypatch.setattr(staging_module, "_fsync", lambda path: flushed.append(path.name))
    target = AtomicDirectory(tmp_path / "run")
    with target as staging:
        (staging / "draws.parquet").write_bytes(b"x" * 1000)
        target.flush_soon(staging / "draws.parquet")
        (staging / "summary.csv").write_text("a,b\n")
    assert sorted(flushed) == ["draws.parquet", "summary.csv"]  # each flushed once
    assert (tmp_path / "run" / "draws.parquet").read_bytes() == b"x" * 1000


def test_a_background_flush_that_fails_leaves_nothing(tmp_path, monkeypatch):
    def full_disk(path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(staging_module, "_fsync", full_disk)
    target = AtomicDirectory(tmp_path / "run")
    with pytest.raises(Exception, match="No space left on device; nothing was written"):
        with target as staging:
            (staging / "draws.parquet").write_bytes(b"x" * 1000)
            target.flush_soon(staging / "draws.parquet")
    assert list(tmp_path.iterdir()) == []


# --- staging folders -----------------------------------------------------------------------------


KILLED_RUN = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from sim.outputs.staging import atomic_directory
    target = atomic_directory(Path(sys.argv[1]))  # held: its lock lives as long as it does
    staging = target.__enter__()
    (staging / "draws.parquet").write_bytes(b"x" * 100_000)
    print(staging, flush=True)
    if sys.argv[2] == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    sys.stdin.read()
    """
)


def test_a_killed_runs_staging_folder_is_removed_by_the_next_run(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-c", KILLED_RUN, str(tmp_path / "a"), "kill"],
        capture_output=True,
        text=True,
        env=env(),
        timeout=120,
    )
    assert proc.returncode == -signal.SIGKILL
    left = Path(proc.stdout.strip())
    assert left.is_dir() and (left / "draws.parquet").is_file()  # kill -9 leaves it
    with atomic_directory(tmp_path / "b") as staging:
        (staging / "summary.csv").write_text("ok")
    assert not left.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b"]


def test_a_running_processs_staging_folder_is_left_alone(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_RUN, str(tmp_path / "a"), "wait"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env(),
    )
    try:
        live = Path(proc.stdout.readline().strip())
        assert remove_stale(tmp_path) == []
        assert live.is_dir() and (live / LOCK_NAME).is_file()
    finally:
        proc.communicate("", timeout=120)
    assert remove_stale(tmp_path) == [live]  # its process is gone now


def test_old_staging_folders_without_a_lock_go_after_a_grace_period(tmp_path):
    old, young = tmp_path / ".run.partial-abcd1234", tmp_path / ".run2.partial-efgh5678"
    old.mkdir()
    young.mkdir()
    long_ago = time.time() - LOCKLESS_GRACE_S - 60
    os.utime(old, (long_ago, long_ago))
    assert remove_stale(tmp_path) == [old]
    assert young.is_dir()


def test_the_default_outputs_tree_is_cleaned_two_levels_down(tmp_path):
    stale = tmp_path / "outputs" / "sweeps" / "grid" / ".20260101T000000Z.partial-1-x"
    stale.mkdir(parents=True)
    long_ago = time.time() - LOCKLESS_GRACE_S - 60
    os.utime(stale, (long_ago, long_ago))
    with AtomicDirectory(tmp_path / "elsewhere" / "run", also_clean=tmp_path / "outputs"):
        pass
    assert not stale.exists()


def test_the_loser_of_a_race_for_one_folder_takes_the_next_name_and_keeps_its_work(tmp_path):
    """Two runs started in the same second choose the same default folder."""
    dest = tmp_path / "20260101T000000Z-s1-n10-abcdef12"
    first, second = AtomicDirectory(dest), AtomicDirectory(dest)
    with first as a, second as b:
        (a / "summary.csv").write_text("first")
        (b / "summary.csv").write_text("second")
    # `second` finishes first (inner block), so it wins the name.
    assert second.destination == dest and first.destination == dest.with_name(dest.name + "-2")
    assert (dest / "summary.csv").read_text() == "second"
    assert (first.destination / "summary.csv").read_text() == "first"
    assert not list(dest.glob(LOCK_NAME)) and sorted(p.name for p in tmp_path.iterdir()) == [
        dest.name,
        dest.name + "-2",
    ]


def test_an_empty_out_folder_given_by_the_user_is_used(tmp_path):
    (tmp_path / "out").mkdir()
    with atomic_directory(tmp_path / "out") as staging:
        (staging / "x.csv").write_text("1")
    assert (tmp_path / "out" / "x.csv").read_text() == "1"


# --- worker processes ------------------------------------------------------------------------


ORPHAN = textwrap.dedent(
    """
    import multiprocessing, os, time
    from sim.execution.executors import die_with_parent

    def child(parent):
        die_with_parent(parent)
        time.sleep(300)

    process = multiprocessing.get_context("fork").Process(target=child, args=(os.getpid(),))
    process.start()
    print(process.pid, flush=True)
    time.sleep(300)
    """
)


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to see processes")
def test_a_worker_dies_with_its_parent_even_after_kill_9():
    parent = subprocess.Popen(
        [sys.executable, "-c", ORPHAN], stdout=subprocess.PIPE, text=True, env=env()
    )
    worker = int(parent.stdout.readline())
    assert alive(worker)
    parent.kill()
    parent.wait(timeout=60)
    for _ in range(200):  # a guard against waiting forever, not a measure of speed
        if not alive(worker):
            break
        time.sleep(0.1)
    assert not alive(worker)


def slow_or_failing(payload, start, stop):
    """A chunk function: chunk 0 fails at once, the others would take five minutes."""
    if start == 0:
        raise ValueError("chunk 0 fails")
    time.sleep(300)


def test_a_failing_chunk_stops_the_chunks_in_flight_at_once():
    """A failure (or an interrupt of the parent alone) no longer waits for the other chunks."""
    engine = executors.LocalEngine(2)
    engine.workers = 2  # even on one CPU
    failed = {}

    def consume():
        try:
            list(engine.map(slow_or_failing, None, [(0, 1), (1, 2), (2, 3)]))
        except ValueError as exc:
            failed["error"] = exc

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(timeout=120)  # a guard against a hang, not a measure of speed
    assert not thread.is_alive(), "the pool waited for the chunks in flight"
    assert str(failed["error"]) == "chunk 0 fails"


def test_pool_workers_are_made_to_die_with_their_parent(monkeypatch):
    calls = []
    monkeypatch.setattr(executors, "die_with_parent", calls.append)
    executors._init_worker(len, None, 4242)
    assert calls == [4242]


def test_local_workers_are_capped_at_the_cpus():
    cpus = executors.default_workers()
    assert executors.local_workers(None) == cpus
    assert executors.local_workers(32) == min(32, cpus)
    assert executors.LocalEngine(10_000).workers == cpus


def test_a_local_dask_cluster_gets_at_most_one_worker_per_cpu(monkeypatch):
    import distributed

    asked = {}

    class Stop(Exception):
        pass

    def cluster(**kwargs):
        asked.update(kwargs)
        raise Stop

    monkeypatch.setattr(distributed, "LocalCluster", cluster)
    with pytest.raises(Stop):
        executors.DaskEngine(workers=32)
    assert asked["n_workers"] == executors.default_workers()


# --- the pipeline cache ------------------------------------------------------------------------


ONE = [inputs_with((2026,), industrial_projects=300)]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The replication computed once, for comparison."""
    return cached_replications(ONE, PARAMS, 3, directory=tmp_path_factory.mktemp("c"), workers=1)[0]


def entry(tmp_path) -> Path:
    return tmp_path / f"{cache_key(ONE, PARAMS, 3)}.npz"


def miss(tmp_path, fresh) -> None:
    again, hit = cached_replications(ONE, PARAMS, 3, directory=tmp_path, workers=1)
    assert not hit
    same(again, fresh)


def test_a_cache_entry_replaced_by_a_folder_is_a_miss_not_a_broken_cache(tmp_path, fresh):
    entry(tmp_path).mkdir()
    (entry(tmp_path) / "keep").write_text("someone's file")
    miss(tmp_path, fresh)
    miss(tmp_path, fresh)  # every later run works too, and the folder is not deleted
    assert (entry(tmp_path) / "keep").read_text() == "someone's file"


def test_a_cache_entry_that_is_a_fifo_does_not_block(tmp_path, fresh):
    os.mkfifo(entry(tmp_path))
    reader = threading.Thread(target=miss, args=(tmp_path, fresh), daemon=True)
    reader.start()
    reader.join(timeout=120)  # a guard against a hang, not a measure of speed
    assert not reader.is_alive(), "reading a FIFO entry blocked"
    assert cached_replications(ONE, PARAMS, 3, directory=tmp_path, workers=1)[1]  # replaced


def test_a_corrupt_entry_in_a_read_only_cache_is_a_miss(tmp_path, fresh, monkeypatch):
    entry(tmp_path).write_bytes(b"garbage")

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(Path, "unlink", read_only)
    monkeypatch.setattr("sim.pipeline.cache.tempfile.mkstemp", read_only)
    miss(tmp_path, fresh)
    assert entry(tmp_path).read_bytes() == b"garbage"


def test_an_oversized_cache_entry_is_a_miss(tmp_path, fresh):
    entry(tmp_path).write_bytes(np.zeros(5_000_000).tobytes())
    miss(tmp_path, fresh)
    assert cached_replications(ONE, PARAMS, 3, directory=tmp_path, workers=1)[1]
