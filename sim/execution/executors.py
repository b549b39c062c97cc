"""Where chunks of draws run: in this process, in local worker processes, or on a Dask cluster.

Every engine has one method, :meth:`Engine.map`: call ``func(payload, start, stop)`` for each
``(start, stop)`` range and yield the results **in the order of the ranges**. The payload (the
scenario and the model setup) is sent to each worker once, not with every chunk. At most
``window`` chunks are in flight, so memory stays bounded however many chunks a run has. The
random numbers of a draw depend only on the seed and the draw's index (``sim.execution.streams``),
so every engine returns the same numbers.

Dask is imported only when the Dask engine is made.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Protocol

from sim.execution import allocator

ChunkFunc = Callable[[Any, int, int], Any]

ENGINES = ("local", "dask")


class Pending(Protocol):
    """A submitted chunk: a ``concurrent.futures.Future`` or a Dask future."""

    def result(self) -> Any:
        """Wait for the chunk and return its result."""
        ...  # pragma: no cover


class Engine(Protocol):
    """Runs chunk functions; see the module docstring."""

    def map(
        self, func: ChunkFunc, payload: Any, ranges: Sequence[tuple[int, int]]
    ) -> Iterator[Any]:
        """Yield ``func(payload, start, stop)`` for each range, in order."""
        ...  # pragma: no cover

    def close(self) -> None:
        """Release workers."""
        ...  # pragma: no cover


def default_workers() -> int:
    """Worker processes for the local engine: the CPUs this process may use."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def local_workers(asked: int | None) -> int:
    """Worker processes to start on this machine: as asked, at most one per CPU (default: all).

    More processes than CPUs only add memory (each holds the model and its payload) and
    switching: 32 Dask workers for 50 draws on 2 CPUs took 6.8 GB.
    """
    cpus = default_workers()
    return cpus if asked is None else max(1, min(int(asked), cpus))


def _in_order(
    submit: Callable[[int, int], Pending], ranges: Sequence[tuple[int, int]], window: int
) -> Iterator[Any]:
    """Submit ranges keeping at most ``window`` in flight; yield their results in order."""
    pending: deque[Pending] = deque()
    todo = iter(ranges)
    for start, stop in todo:
        pending.append(submit(start, stop))
        if len(pending) >= window:
            break
    while pending:
        result = pending.popleft().result()
        for start, stop in todo:
            pending.append(submit(start, stop))
            break
        yield result


_WORKER_STATE: dict[str, Any] = {}
ORPHAN_POLL_S = 0.5
"""How often a worker checks that the process that started it is still alive, seconds."""


def die_with_parent(parent: int | None = None) -> None:
    """End this worker process as soon as its parent dies (even by ``kill -9``).

    On Linux the kernel sends SIGKILL on the parent's death (``prctl(PR_SET_PDEATHSIG)``);
    everywhere, a daemon thread checks every ``ORPHAN_POLL_S`` seconds that the parent is still
    the one that started the worker and ends the worker if not.

    Parameters
    ----------
    parent : int, optional
        Process id of the parent, taken before the worker started (default: the parent now).
        Given, a worker whose parent died before this call ends at once.
    """
    parent = os.getppid() if parent is None else parent
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError, TypeError):  # pragma: no cover - not Linux
        pass
    if os.getppid() != parent:  # pragma: no cover - the parent died before the call
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(ORPHAN_POLL_S)
        os._exit(1)

    threading.Thread(target=watch, name="cqsim-orphan-watch", daemon=True).start()


def _init_worker(func: ChunkFunc, payload: Any, parent: int | None = None) -> None:
    allocator.keep_freed_memory()  # before die_with_parent's thread: mallopt is not thread-safe
    die_with_parent(parent)
    _WORKER_STATE["func"] = func
    _WORKER_STATE["payload"] = payload


def _call_in_worker(start: int, stop: int) -> Any:
    return _WORKER_STATE["func"](_WORKER_STATE["payload"], start, stop)


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop a pool at once: cancel the chunks not started and end the workers running others.

    Without it, a failure or an interrupt of the parent alone (``kill -INT``) waits for every
    chunk in flight to finish. Python 3.11 has no public way to end a pool's workers, so their
    processes are taken from the pool.
    """
    workers = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in workers:
        process.terminate()
    for process in workers:
        process.join(timeout=10)


class LocalEngine:
    """Chunks in this process (``workers=1``) or in a pool of local worker processes.

    Parameters
    ----------
    workers : int, optional
        Processes (default, and at most: every CPU this process may use). With one worker, or a
        single chunk, no process is started. Workers end when this process dies.
    """

    def __init__(self, workers: int | None = None) -> None:
        self.workers = local_workers(workers)

    def map(
        self, func: ChunkFunc, payload: Any, ranges: Sequence[tuple[int, int]]
    ) -> Iterator[Any]:
        """Yield ``func(payload, start, stop)`` for each range, in order."""
        if self.workers == 1 or len(ranges) == 1:
            for start, stop in ranges:
                yield func(payload, start, stop)
            return
        # fork starts workers in milliseconds with the parent's imports; spawn elsewhere.
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(
            max_workers=min(self.workers, len(ranges)),
            mp_context=multiprocessing.get_context(method),
            initializer=_init_worker,
            initargs=(func, payload, os.getpid()),
        ) as pool:
            submit = lambda start, stop: pool.submit(_call_in_worker, start, stop)  # noqa: E731
            try:
                yield from _in_order(submit, ranges, window=2 * self.workers)
            except BaseException:  # an error, Ctrl-C, or the caller stopped early
                _stop(pool)
                raise

    def close(self) -> None:
        """Nothing to release: pools live only while :meth:`map` runs."""


def _restore(environment: dict[str, str]) -> None:
    """Set ``os.environ`` back to ``environment``, touching only the variables that differ."""
    for name in set(os.environ) - set(environment):
        del os.environ[name]
    for name, value in environment.items():
        if os.environ.get(name) != value:
            os.environ[name] = value


LOCAL_WORKER_CONFIG = {
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
    "distributed.worker.profile.enabled": False,
}
"""Dask settings for the workers of the local cluster cqsim starts (measured on 300,000 draws).

- glibc's thresholds: those of this process's environment (none, unless its user set them), and
  once started, cqsim's (:mod:`sim.execution.allocator`), as its local workers have. Dask starts
  its workers with ``MALLOC_TRIM_THRESHOLD_=65536`` so that they return freed memory to the
  system at once. That fixed threshold also stops glibc from raising its threshold for ``mmap``
  as a program frees large blocks, so every array of more than 128 kB is mapped and unmapped
  again, each time touching fresh pages: a chunk of the model's blocks (0.4 MB a sector array)
  ran 15-25% slower. A worker that Dask restarts keeps glibc's defaults.
- No statistical profiler: each worker samples its threads' stacks every 10 ms for Dask's
  dashboard, which a cqsim run never shows.
"""


class DaskEngine:
    """Chunks on a Dask cluster: the one at ``scheduler``, or a new local cluster.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://host:8786``); its workers need cqsim installed.
        Without it, a ``LocalCluster`` of ``workers`` single-threaded processes on loopback is
        started and closed with the engine.
    workers : int, optional
        Workers of the local cluster (default, and at most: every CPU).
    """

    def __init__(self, scheduler: str | None = None, workers: int | None = None) -> None:
        import dask
        from distributed import Client, LocalCluster

        self._cluster = None
        self._closed = False
        if scheduler is None:
            # Dask's nannies run in this process and write their workers' variables
            # (OMP_NUM_THREADS=1, ...) into its environment; it keeps its own. A nanny that
            # restarts a dead worker writes them again, and those stay.
            environment = dict(os.environ)
            try:
                with dask.config.set(LOCAL_WORKER_CONFIG):
                    self._cluster = LocalCluster(
                        n_workers=local_workers(workers),
                        threads_per_worker=1,
                        processes=True,
                        host="127.0.0.1",
                        dashboard_address=":0",  # any free port: never the busy 8787 (a warning)
                    )
            finally:
                _restore(environment)
            self.client = Client(self._cluster)
            self.client.run(allocator.keep_freed_memory)
        else:
            self.client = Client(scheduler, timeout="10s")
        self.workers = max(len(self.client.scheduler_info().get("workers", {})), 1)

    def map(
        self, func: ChunkFunc, payload: Any, ranges: Sequence[tuple[int, int]]
    ) -> Iterator[Any]:
        """Yield ``func(payload, start, stop)`` for each range, in order."""
        shared = self.client.scatter(payload, broadcast=True)

        def submit(start: int, stop: int) -> Pending:
            return self.client.submit(func, shared, start, stop, pure=False)

        yield from _in_order(submit, ranges, window=2 * self.workers)

    def close(self) -> None:
        """Close the client, and the local cluster if this engine started it; again: nothing."""
        if self._closed:
            return
        self._closed = True
        try:
            self.client.close()
        finally:
            if self._cluster is not None:
                self._cluster.close()

    def __enter__(self) -> DaskEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_engine(name: str, *, workers: int | None = None, scheduler: str | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``dask``)."""
    if name == "local":
        if scheduler is not None:
            raise ValueError("--scheduler needs --engine dask")
        return LocalEngine(workers)
    if name == "dask":
        return DaskEngine(scheduler, workers)
    raise ValueError(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
