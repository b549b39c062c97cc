"""glibc's allocator in the processes that run cqsim's draws: freed memory kept for reuse.

By default glibc maps every block above a threshold (128 kB at first, raised as large blocks are
freed, to at most 32 MB) with ``mmap`` and unmaps it when freed, and returns the top of its heap
to the system once more than twice that threshold is free. The model's chunks allocate and free
arrays of tens of MB many times a second, so each reuse faults fresh, zeroed pages into the
process again. Measured on ``run --draws 1000000`` (baseline, 2 local workers, this 2-core VM,
CPU seconds of the whole process tree, single runs, user time varies by about 2 s):

=====================================  ==========  =================  ===============
glibc settings                         system CPU  minor page faults  peak RSS, parent
=====================================  ==========  =================  ===============
default                                15.2 s      3.0 million        884 MB
mmap above 64 MB, trim above 256 MB    6.4 s       0.75 million       914 MB
mmap above 128 MB, trim above 512 MB   5.1 s       0.47 million       914 MB
=====================================  ==========  =================  ===============

Lower thresholds (32 MB and 128 MB, or 16 MB and 32 MB) kept most of the faults. A top pad
(``M_TOP_PAD``) added nothing but memory. The peak is unchanged because the freed blocks are
reused, not added to.
"""

from __future__ import annotations

import os

MMAP_THRESHOLD_BYTES = 128 * 2**20
"""Blocks above this are mapped with ``mmap`` and returned to the system when freed, bytes."""

TRIM_THRESHOLD_BYTES = 512 * 2**20
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
