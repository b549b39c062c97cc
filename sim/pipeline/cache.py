r"""A file cache of pipeline ensembles keyed by the hash of everything that determines them.

An entry is ``<dir>/<key>.npz``: the result arrays, the years, the key and a SHA-256 checksum of
the arrays. The key is the SHA-256 of a canonical JSON of the per-replication inputs, the
parameters, the seed, the number of replications, ``PIPELINE_VERSION`` and the package version.
Workers are not in the key: results do not depend on them.

An entry is trusted only if it is a regular file no larger than a valid entry can be, loads,
holds exactly the expected arrays with the expected shapes and dtypes, carries the expected key
and its checksum matches; anything else (a truncated or garbled file, another key, a shape from
another horizon, a folder or a FIFO in its place, an unreadable file) is a miss: the results are
computed again, and the entry is replaced if it was a file and the cache can be written. Entries are
written to a temporary file in the cache directory and renamed into place (atomic on POSIX), so a
crash never leaves half an entry under a valid name.

Processes that need the same missing entry at once (two runs of a new scenario, the test suite's
workers) compute it once: on a miss, a process takes the entry's lock file (``.<key>.lock``,
``filelock``), looks for the entry again, and makes it only if it is still missing; the others
wait (saying so on stderr), then read it. The lock is released after the entry is written, and
its file removed. The lock only saves work: where it cannot be taken (a read-only cache, a holder
busy for over :data:`LOCK_WAIT_S`), or when ``cache clear`` removes the file of a lock that is
held, the entry may be computed twice, with the same result. The lock is not reentrant: nothing
that makes an entry may ask for the same entry.

The directory is ``pipeline`` in the user's cache folder (``platformdirs``: ``~/.cache/cqsim`` on
Linux, ``~/Library/Caches/cqsim`` on macOS, ``%LOCALAPPDATA%\cqsim\Cache`` on Windows), or the
environment variable ``CQSIM_PIPELINE_CACHE``, or the ``cache_dir`` argument (in increasing
precedence). ``cqsim cache info`` shows it, ``cqsim cache clear`` empties it
(:func:`cache_usage`, :func:`clear_cache`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import platformdirs

from sim.inputs.safe_read import UnreadableFile, read_bytes
from sim.model.sectors import N_SECTORS
from sim.pipeline.des import ARRAY_FIELDS, PipelineInputs
from sim.pipeline.project_types import N_TYPES, PipelineParameters
from sim.pipeline.replications import PipelineEnsemble, run_replications
from sim.version import package_version

PIPELINE_VERSION = 1
"""Version of the pipeline model; bump it whenever a change alters results for the same inputs."""

CODE_MODULES = ("des.py", "project_types.py", "replication_inputs.py", "replications.py")
"""Source files of ``sim.pipeline`` whose code determines a replication's results."""


@functools.lru_cache(maxsize=1)
def code_digest() -> str:
    """SHA-256 (hex) of the source of :data:`CODE_MODULES`, read once per process."""
    digest = hashlib.sha256()
    for name in CODE_MODULES:
        digest.update(name.encode() + b"\0" + (Path(__file__).parent / name).read_bytes())
    return digest.hexdigest()


CACHE_ENV = "CQSIM_PIPELINE_CACHE"


def default_cache_dir() -> Path:
    """``pipeline`` in the user's cache folder for cqsim (``platformdirs.user_cache_path``)."""
    return platformdirs.user_cache_path("cqsim", appauthor=False) / "pipeline"


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``path``, else ``$CQSIM_PIPELINE_CACHE``, else the default."""
    if path is not None:
        return Path(path)
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else default_cache_dir()


def cache_files(directory: str | os.PathLike[str] | None = None) -> list[Path]:
    """The cache's files: entries (``<key>.npz``), leftovers of interrupted writes, lock files."""
    folder = cache_dir(directory)
    if not folder.is_dir():
        return []
    return sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix in (".npz", ".tmp", ".lock")
    )


def _size(path: Path) -> int:
    """Bytes of ``path``; 0 if it is gone (a run removes its lock and temporary files)."""
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def cache_usage(directory: str | os.PathLike[str] | None = None) -> tuple[int, int]:
    """Number of entries and bytes the cache holds."""
    files = cache_files(directory)
    return sum(p.suffix == ".npz" for p in files), sum(_size(p) for p in files)


def clear_cache(directory: str | os.PathLike[str] | None = None) -> tuple[int, int]:
    """Delete every entry (and leftover) of the cache; the entries and bytes removed.

    Only the cache's own files are deleted, never the folder or anything else in it. A file that
    cannot be deleted (on Windows, the lock file of a running process) stays.
    """
    removed, size = 0, 0
    for path in cache_files(directory):
        bytes_ = _size(path)
        try:
            path.unlink(missing_ok=True)
        except OSError:
            continue
        size += bytes_
        removed += path.suffix == ".npz"
    return removed, size


def cache_key(inputs: Sequence[PipelineInputs], params: PipelineParameters, seed: int) -> str:
    """SHA-256 (hex) of the canonical JSON of everything that determines the results."""
    document = {
        "pipeline_version": PIPELINE_VERSION,
        "package_version": package_version(),
        "code": code_digest(),
        "params": params.to_dict(),
        "seed": int(seed),
        "replications": len(inputs),
        "inputs": [inp.to_plain() for inp in inputs],
    }
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _checksum(arrays: dict[str, np.ndarray]) -> str:
    """SHA-256 of the names, dtypes, shapes and bytes of ``arrays``."""
    digest = hashlib.sha256()
    for name in sorted(arrays):
        array = np.ascontiguousarray(arrays[name])
        digest.update(f"{name}|{array.dtype.str}|{array.shape}|".encode())
        digest.update(array.tobytes())
    return digest.hexdigest()


def _expected_shapes(replications: int, n_years: int) -> dict[str, tuple[int, ...]]:
    by_type = (replications, n_years, N_TYPES)
    return {
        "spending": by_type,
        "capacity_added": (replications, n_years, N_SECTORS),
        "nev_capacity_added": (replications, n_years),
        "arrived": by_type,
        "started": by_type,
        "completed": by_type,
        "cancelled": by_type,
        "queue_months": by_type,
    }


def _entry_limit(expected: dict[str, tuple[int, ...]]) -> int:
    """Most bytes a valid entry can have: its float64 arrays twice over, plus 1 MiB."""
    return 2 * 8 * sum(int(np.prod(shape)) for shape in expected.values()) + (1 << 20)


def _read(path: Path, key: str, years: tuple[int, ...], replications: int) -> PipelineEnsemble:
    """Load and verify an entry; raise ``ValueError`` (or an I/O error) if it is not valid.

    The entry is read as bytes first (:func:`sim.inputs.safe_read.read_bytes`): a regular file
    of at most the size a valid entry can have, opened without blocking, so that a folder, a
    FIFO or a huge file in its place is refused at once.
    """
    expected = _expected_shapes(replications, len(years))
    try:
        raw = read_bytes(path, _entry_limit(expected), "cache entries")
    except UnreadableFile as exc:
        raise ValueError(str(exc)) from None
    with np.load(io.BytesIO(raw), allow_pickle=False) as stored:
        loaded = {name: stored[name] for name in stored.files}
    if set(loaded) != {*expected, "years", "key", "checksum"}:
        raise ValueError(f"unexpected arrays {sorted(loaded)}")
    if str(loaded["key"]) != key:
        raise ValueError("stale entry: stored key differs")
    data = {name: loaded[name] for name in (*ARRAY_FIELDS, "years")}
    if str(loaded["checksum"]) != _checksum(data):
        raise ValueError("checksum mismatch")
    if tuple(int(y) for y in loaded["years"]) != years:
        raise ValueError("years differ")
    for name, shape in expected.items():
        array = loaded[name]
        if array.shape != shape or array.dtype != np.float64 or not np.all(np.isfinite(array)):
            raise ValueError(f"{name}: bad shape, dtype or values")
    return PipelineEnsemble(years=years, **{name: loaded[name] for name in ARRAY_FIELDS})


STALE_TEMPORARY_S = 3600.0
"""A temporary entry file older than this was left by a killed process and is removed."""


def _remove_stale_temporaries(directory: Path) -> None:
    """Remove temporary entry files that killed processes left (never raises)."""
    now = time.time()
    for tmp in directory.glob(".*.tmp"):
        try:
            if tmp.is_file() and now - tmp.stat().st_mtime > STALE_TEMPORARY_S:
                tmp.unlink()
        except OSError:
            pass


def _write(path: Path, key: str, ensemble: PipelineEnsemble) -> None:
    """Write an entry atomically: a temporary file in the same directory, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(path.parent)
    data: dict[str, Any] = {
        **ensemble.arrays(),
        "years": np.asarray(ensemble.years, dtype=np.int64),
    }
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem[:16]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            np.savez(handle, key=np.str_(key), checksum=np.str_(_checksum(data)), **data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _discard(path: Path) -> None:
    """Remove an invalid entry if it is a file (never a folder), and if the cache allows it."""
    try:
        if path.is_symlink() or path.is_file():
            path.unlink()
    except OSError:  # a read-only cache, a file that vanished: the entry stays a miss
        pass


def _valid_entry(
    path: Path, key: str, years: tuple[int, ...], replications: int
) -> PipelineEnsemble | None:
    """The entry at ``path`` if it exists and passes the checks of :func:`_read`; else None."""
    if not os.path.lexists(path):
        return None
    try:
        return _read(path, key, years, replications)
    except Exception:  # noqa: BLE001 - any failure to read or verify means: a miss
        return None


LOCK_WAIT_S = 600.0
"""Longest wait for another process making the same entry; then it is computed here as well."""


@contextlib.contextmanager
def _entry_lock(path: Path) -> Iterator[None]:
    """Hold the lock of entry ``path`` (see the module docstring); never raises for the lock."""
    from filelock import FileLock, Timeout

    lock_path = path.with_name(f".{path.stem}.lock")
    lock = FileLock(lock_path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            lock.acquire(timeout=0)
        except Timeout:
            print(
                "waiting for another process that is running the same pipeline replications "
                f"(at most {LOCK_WAIT_S:.0f} s; lock file {lock_path})",
                file=sys.stderr,
            )
            lock.acquire(timeout=LOCK_WAIT_S)
    except (OSError, Timeout):
        pass
    try:
        yield
    finally:
        if lock.is_locked:
            lock.release()
            with contextlib.suppress(OSError):  # a cache that cannot be written keeps it
                lock_path.unlink(missing_ok=True)


def cached_replications(
    inputs: Sequence[PipelineInputs],
    params: PipelineParameters,
    seed: int,
    *,
    workers: int | None = None,
    directory: str | os.PathLike[str] | None = None,
) -> tuple[PipelineEnsemble, bool]:
    """Replications of the pipeline from the cache, or run and stored when not there.

    Parameters
    ----------
    inputs : sequence of PipelineInputs
        Inputs of each replication (R = ``len(inputs)``), e.g. from
        ``sim.pipeline.replication_inputs.replication_inputs``.
    params : PipelineParameters
        Model parameters.
    seed : int
        Seed of the run (see ``run_replications``).
    workers : int, optional
        Worker processes when the results must be computed.
    directory : path, optional
        Cache directory (see ``cache_dir``).

    Returns
    -------
    ensemble : PipelineEnsemble
        The results, identical whether computed or loaded.
    hit : bool
        True when they came from a valid cache entry.

    Notes
    -----
    An invalid entry is a miss (see the module docstring). If the cache cannot be written (a
    read-only directory), the computed results are returned all the same.
    """
    if not inputs:
        raise ValueError("at least one replication is needed")
    years = (inputs[0].years[0] - 1, *inputs[0].years)
    key = cache_key(inputs, params, seed)
    path = cache_dir(directory) / f"{key}.npz"
    found = _valid_entry(path, key, years, len(inputs))
    if found is not None:
        return found, True
    with _entry_lock(path):
        found = _valid_entry(path, key, years, len(inputs))  # made while this process waited?
        if found is not None:
            return found, True
        _discard(path)
        ensemble = run_replications(inputs, params, seed, workers=workers)
        try:
            _write(path, key, ensemble)
        except OSError:
            pass
    return ensemble, False


__all__ = [
    "CACHE_ENV",
    "PIPELINE_VERSION",
    "cache_dir",
    "cache_files",
    "cache_key",
    "cache_usage",
    "cached_replications",
    "clear_cache",
    "default_cache_dir",
]
