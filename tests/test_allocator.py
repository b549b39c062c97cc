"""glibc keeps freed memory for reuse in cqsim's processes (``sim.execution.allocator``).

Counted, not timed: the page faults of allocating, filling and freeing 48 MB five times, in a
fresh interpreter. glibc's default maps such a block afresh each time (12,288 faults of 4 kB
pages each); with cqsim's thresholds the heap keeps it after the first.
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys

import pytest

from sim.execution import allocator

SIZE = 48 * 2**20
PAGES = SIZE // 4096

FAULTS = f"""
import ctypes, resource, sys
from sim.execution.allocator import keep_freed_memory, release_freed_memory
tuned = keep_freed_memory() if sys.argv[1] in ("tuned", "released") else False
libc = ctypes.CDLL(None)
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]

def cycle():
    block = libc.malloc({SIZE})
    ctypes.memset(block, 1, {SIZE})
    libc.free(block)
    if sys.argv[1] == "released":
        release_freed_memory()

cycle()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    cycle()
print(tuned, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""

GLIBC = platform.system() == "Linux" and platform.libc_ver()[0] == "glibc"


def faults(mode: str, env: dict[str, str]) -> tuple[str, int]:
    done = subprocess.run(
        [sys.executable, "-c", FAULTS, mode], capture_output=True, text=True, check=True, env=env
    )
    tuned, count = done.stdout.split()
    return tuned, int(count)


def clean_environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k not in allocator.ENVIRONMENT}


@pytest.mark.skipif(not GLIBC, reason="the thresholds are glibc's; other C libraries keep theirs")
def test_freed_blocks_are_reused_not_faulted_in_again():
    env = clean_environment()
    assert faults("default", env) == ("False", pytest.approx(5 * PAGES, rel=0.05))
    tuned, count = faults("tuned", env)
    assert tuned == "True"
    assert count < PAGES / 10


@pytest.mark.skipif(not GLIBC, reason="the thresholds are glibc's; other C libraries keep theirs")
def test_released_memory_goes_back_to_the_system():
    """``release_freed_memory`` (the end of a run) returns what the thresholds kept."""
    assert faults("released", clean_environment()) == ("True", pytest.approx(5 * PAGES, rel=0.05))


@pytest.mark.skipif(not GLIBC, reason="the thresholds are glibc's; other C libraries keep theirs")
def test_a_users_own_threshold_is_left_alone():
    env = {**clean_environment(), "MALLOC_TRIM_THRESHOLD_": "65536"}
    tuned, count = faults("tuned", env)
    assert tuned == "False"
    assert count > 4 * PAGES  # glibc's default mmap threshold, with the user's trimming


def test_the_environment_names_the_same_thresholds_as_mallopt():
    assert allocator.ENVIRONMENT == {
        "MALLOC_MMAP_THRESHOLD_": str(allocator.MMAP_THRESHOLD_BYTES),
        "MALLOC_TRIM_THRESHOLD_": str(allocator.TRIM_THRESHOLD_BYTES),
    }
    assert allocator.MMAP_THRESHOLD_BYTES > 32 * 2**20  # above glibc's highest dynamic one


def _fault_count(_payload: object, start: int, stop: int) -> int:
    """Page faults of five 48 MB malloc-fill-free cycles after a first, in this process."""
    import ctypes
    import resource

    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]

    def cycle() -> None:
        block = libc.malloc(SIZE)
        ctypes.memset(block, 1, SIZE)
        libc.free(block)

    cycle()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(5):
        cycle()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(not GLIBC, reason="the thresholds are glibc's; other C libraries keep theirs")
@pytest.mark.skipif(bool(allocator.user_settings()), reason="this session's user set glibc's")
def test_local_workers_keep_freed_memory_when_their_parent_does_not():
    """``python -c``/pytest callers of ``simulate`` keep their own allocator; the worker
    processes cqsim starts for them reuse freed memory."""
    from sim.execution.executors import LocalEngine

    assert _fault_count(None, 0, 1) > 4 * PAGES  # this process: glibc's defaults
    counts = list(LocalEngine(workers=2).map(_fault_count, None, [(0, 1), (1, 2)]))
    assert max(counts) < PAGES / 10


def test_a_run_returns_the_memory_it_kept_at_its_end(monkeypatch, baseline_scenario, setup):
    """``simulate`` releases what glibc kept once its draws are done."""
    from sim.execution.simulate import simulate

    calls: list[int] = []
    monkeypatch.setattr(allocator, "release_freed_memory", lambda: calls.append(1))
    simulate(baseline_scenario, draws=100, seed=1, setup=setup)
    assert calls == [1]
