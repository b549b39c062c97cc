"""glibc keeps freed memory for reuse in cqsim's processes (``sim.execution.allocator``).

Counted, not timed: the page faults of allocating, filling and freeing 48 MB five times after a
first time. glibc's default maps such a block afresh each time (a fault per page, 5 x 12,288 of
4 kB); with cqsim's thresholds the heap keeps it after the first. Transparent huge pages are
turned off for the counting process, so that the count is in pages on every kernel setting.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from sim.execution import allocator
from sim.execution.executors import default_workers

SIZE = 48 * 2**20
PAGES = SIZE // os.sysconf("SC_PAGE_SIZE")

FAULTS = """
import sys
from sim.execution import allocator
from tests.test_allocator import fault_count
mode = sys.argv[1]
if mode == "workers":  # this process untuned, its two local workers
    from sim.execution.executors import LocalEngine
    from tests.test_allocator import fault_count_chunk
    counts = LocalEngine(workers=2).map(fault_count_chunk, None, [(0, 1), (1, 2)])
    print(fault_count(), max(counts))
else:
    tuned = allocator.keep_freed_memory() if mode in ("tuned", "released") else False
    print(tuned, fault_count(release=mode == "released"))
"""

pytestmark = [
    pytest.mark.skipif(
        allocator._glibc() is None,  # noqa: SLF001
        reason="the thresholds are glibc's; other C libraries keep their own",
    ),
    pytest.mark.skipif(
        "LD_PRELOAD" in os.environ, reason="a preloaded allocator replaces glibc's malloc"
    ),
]


def fault_count(release: bool = False) -> int:
    """Minor page faults of five 48 MB malloc-fill-free cycles after a first, in this process."""
    import ctypes
    import resource

    libc = ctypes.CDLL(None)
    libc.prctl(41, 1, 0, 0, 0)  # PR_SET_THP_DISABLE: count 4 kB pages, not huge ones
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.free.argtypes = [ctypes.c_void_p]

    def cycle() -> None:
        block = libc.malloc(SIZE)
        ctypes.memset(block, 1, SIZE)
        libc.free(block)
        if release:
            allocator.release_freed_memory()

    cycle()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(5):
        cycle()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


def faults(mode: str, env: dict[str, str]) -> tuple[str, int]:
    """``(whether keep_freed_memory set the thresholds, fault_count)`` in a new interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", FAULTS, mode],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=os.path.dirname(os.path.dirname(__file__)),
    )
    tuned, count = done.stdout.split()
    return tuned, int(count)


def clean_environment() -> dict[str, str]:
    unset = {*allocator.ENVIRONMENT, "GLIBC_TUNABLES"}
    return {k: v for k, v in os.environ.items() if k not in unset}


def test_freed_blocks_are_reused_not_faulted_in_again():
    env = clean_environment()
    assert faults("default", env) == ("False", pytest.approx(5 * PAGES, rel=0.05))
    assert faults("tuned", env) == ("True", pytest.approx(0, abs=PAGES / 10))


def test_released_memory_goes_back_to_the_system():
    """``release_freed_memory`` (the end of a run) returns what the thresholds kept."""
    assert faults("released", clean_environment()) == ("True", pytest.approx(5 * PAGES, rel=0.05))


@pytest.mark.parametrize(
    "setting",
    [{"MALLOC_TRIM_THRESHOLD_": "65536"}, {"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=65536"}],
)
def test_a_users_own_allocator_settings_are_left_alone(setting):
    tuned, count = faults("tuned", {**clean_environment(), **setting})
    assert tuned == "False"
    assert count > 4 * PAGES  # glibc's fixed default mmap threshold, with the user's trimming


def test_the_environment_names_the_same_thresholds_as_mallopt():
    assert allocator.ENVIRONMENT == {
        "MALLOC_MMAP_THRESHOLD_": str(allocator.MMAP_THRESHOLD_BYTES),
        "MALLOC_TRIM_THRESHOLD_": str(allocator.TRIM_THRESHOLD_BYTES),
    }
    assert allocator.MMAP_THRESHOLD_BYTES > 32 * 2**20  # above glibc's highest dynamic one


def fault_count_chunk(_payload: object, _start: int, _stop: int) -> int:
    """:func:`fault_count` as a chunk function of an engine."""
    return fault_count()


@pytest.mark.skipif(default_workers() < 2, reason="one CPU: chunks run in this process")
def test_local_workers_keep_freed_memory_when_their_parent_does_not():
    """Python callers of ``simulate`` keep their own allocator; the worker processes cqsim
    starts for them reuse freed memory."""
    parent, worker = faults("workers", clean_environment())
    assert int(parent) > 4 * PAGES  # glibc's defaults
    assert worker < PAGES / 10


def test_a_run_returns_the_memory_it_kept_at_its_end(monkeypatch, baseline_scenario, setup):
    """``simulate`` releases what glibc kept once its draws are done."""
    from sim.execution.simulate import simulate

    calls: list[int] = []
    monkeypatch.setattr(allocator, "release_freed_memory", lambda: calls.append(1))
    simulate(baseline_scenario, draws=100, seed=1, setup=setup)
    assert calls == [1]
