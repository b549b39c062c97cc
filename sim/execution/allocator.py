"""glibc's allocator in the processes that run cqsim's draws: freed memory kept for reuse.

By default glibc maps every block above a threshold (128 kB at first, raised as large blocks are
freed, to at most 32 MB) with ``mmap`` and unmaps it when freed, and returns the top of its heap
to the system once more than twice that threshold is free. The model's chunks allocate and free
arrays of tens of MB many times a second, so each reuse faults fresh, zeroed pages into the
process again. Measured on ``run --draws 1000000`` (baseline, 2 local workers, this 2-core VM;
two runs each): kernel CPU and minor page faults of cqsim's process, then of its child processes
(workers and the report's drawing processes), then the peak memory of all (summed PSS):

- glibc's defaults: 7.3-7.7 s and 1.6-1.7 million; 6.9-7.6 s and 1.5-1.7 million; 1.13 GB.
- mmap above 128 MB, trim above 128 MB (these): 3.8 s and 0.4-0.5 million; 4.9-5.3 s and
  1.1 million; 1.26 GB.
- mmap above 128 MB, trim above 512 MB: 2.9-3.6 s and 0.3 million; 2.2-3.0 s and 0.2-0.4
  million; 1.50 GB.

A higher trim threshold saves more faults, but each process then holds its own peak for the
whole run, and the processes' peaks add up (1.29 GB instead of 0.72 GB at 100,000 draws with
512 MB). Lower mmap thresholds (32 MB, 16 MB) kept most of the faults; a top pad
(``M_TOP_PAD``) added only memory. At the end of a run the free memory glibc kept is returned
(:func:`release_freed_memory`), before the report's drawing processes are forked.
"""

from __future__ import annotations

import os

MMAP_THRESHOLD_BYTES = 128 * 2**20
"""Blocks above this are mapped with ``mmap`` and returned to the system when freed, bytes."""

TRIM_THRESHOLD_BYTES = 128 * 2**20
"""Free memory at the top of the heap above this is returned to the system, bytes."""

ENVIRONMENT = {
    "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD_BYTES),
    "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD_BYTES),
}
"""The same settings as glibc's environment variables, read when a new process starts."""

_MALLOPT = {"MALLOC_TRIM_THRESHOLD_": -1, "MALLOC_MMAP_THRESHOLD_": -3}
"""``mallopt`` parameter numbers (glibc's ``M_TRIM_THRESHOLD`` and ``M_MMAP_THRESHOLD``)."""


def user_settings() -> dict[str, str]:
    """The glibc thresholds this process's user set in its environment (empty if none)."""
    return {name: os.environ[name] for name in ENVIRONMENT if name in os.environ}


def keep_freed_memory() -> bool:
    """Set :data:`ENVIRONMENT`'s thresholds in this process; whether they were set.

    Not set where the user set either threshold in the environment (theirs stay), or where the
    C library is not glibc (``mallopt`` missing). Processes forked later inherit the settings.
    """
    if user_settings():
        return False
    try:
        import ctypes

        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        return False
    return all(mallopt(_MALLOPT[name], int(value)) == 1 for name, value in ENVIRONMENT.items())


def release_freed_memory() -> None:
    """Return the free memory glibc keeps to the system (``malloc_trim(0)``); elsewhere nothing.

    Took 0.4 ms after 150 MB were freed; the next allocations fault their pages in again.
    """
    try:
        import ctypes

        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass
