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
import sys
from functools import lru_cache
from typing import Any

MMAP_THRESHOLD_BYTES = 128 * 2**20
"""Blocks above this are mapped with ``mmap`` and returned to the system when freed, bytes."""

TRIM_THRESHOLD_BYTES = 128 * 2**20
"""Free memory at the top of the heap above this is returned to the system, bytes."""

ENVIRONMENT = {
    "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD_BYTES),
    "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD_BYTES),
}
"""The same settings as glibc's environment variables (read when a process starts)."""

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter numbers (``malloc.h``)."""


def user_settings() -> dict[str, str]:
    """The glibc allocator settings this process's user made (empty if none).

    The thresholds' variables of :data:`ENVIRONMENT`, or ``glibc.malloc`` tunables in
    ``GLIBC_TUNABLES``.
    """
    found = {name: os.environ[name] for name in ENVIRONMENT if name in os.environ}
    tunables = os.environ.get("GLIBC_TUNABLES", "")
    if any(t.startswith("glibc.malloc.") for t in tunables.split(":")):
        found["GLIBC_TUNABLES"] = tunables
    return found


@lru_cache(maxsize=1)
def _glibc() -> Any:
    """The C library's ``mallopt`` and ``malloc_trim`` (ctypes) if it is glibc, else None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        if not (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc"):
            return None
        import ctypes

        libc = ctypes.CDLL(None)
        libc.mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
        libc.mallopt.restype = ctypes.c_int
        libc.malloc_trim.argtypes = [ctypes.c_size_t]
        libc.malloc_trim.restype = ctypes.c_int
    except (ImportError, ValueError, OSError, AttributeError):  # pragma: no cover - musl
        return None
    return libc


def keep_freed_memory() -> bool:
    """Set the thresholds of :data:`ENVIRONMENT` in this process; whether they were set.

    Not set where the user made their own allocator settings (:func:`user_settings`), where the
    C library is not glibc, or where glibc refuses an mmap threshold above 32 MB (older
    releases may cap it there): then neither is set. Processes forked later inherit the settings.
    """
    libc = _glibc()
    if libc is None or user_settings():
        return False
    if libc.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) != 1:
        return False
    return libc.mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES) == 1


def release_freed_memory() -> None:
    """Return the free memory glibc keeps to the system (``malloc_trim(0)``); elsewhere nothing.

    Took 0.4 ms after 150 MB were freed; the next allocations fault their pages in again.
    """
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)
