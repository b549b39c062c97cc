"""Where a command's time goes: wall and CPU seconds of each phase (``run --timings``).

Printed to stderr at the end, one line, e.g.::

    timings: start-up 0.71 CPU-s; setup 0.09 s; simulate 2.10 s (draws file 0.40 s); ...

Wall seconds per phase, the CPU seconds of this process before the command started (interpreter
and imports), and the CPU seconds of every worker process, read when the workers have ended.
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator
from contextlib import contextmanager


class PhaseClock:
    """Wall seconds of named phases, in the order they ran."""

    def __init__(self) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.startup_cpu = usage.ru_utime + usage.ru_stime
        self.phases: dict[str, float] = {}
        self.notes: dict[str, str] = {}

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time the block as phase ``name`` (added to it if it ran before)."""
        start = time.perf_counter()
        try:
            yield
        finally:
            self.phases[name] = self.phases.get(name, 0.0) + time.perf_counter() - start

    def line(self) -> str:
        """The one-line summary (see the module docstring)."""
        parts = [f"start-up {self.startup_cpu:.2f} CPU-s"]
        for name, seconds in self.phases.items():
            note = f" ({self.notes[name]})" if name in self.notes else ""
            parts.append(f"{name} {seconds:.2f} s{note}")
        own = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        parts.append(
            f"CPU: this process {own.ru_utime + own.ru_stime:.2f} s, "
            f"workers {workers.ru_utime + workers.ru_stime:.2f} s"
        )
        return "timings: " + "; ".join(parts)
