"""A file cache of pipeline ensembles keyed by the hash of everything that determines them.

An entry is ``<dir>/<key>.npz``: the result arrays, the years, the key and a SHA-256 checksum of
the arrays. The key is the SHA-256 of a canonical JSON of the per-replication inputs, the
parameters, the seed, the number of replications, ``PIPELINE_VERSION`` and the package version.
Workers are not in the key: results do not depend on them.

An entry is trusted only if it loads, holds exactly the expected arrays with the expected shapes
and dtypes, carries the expected key and its checksum matches; anything else (a truncated or
garbled file, another key, a shape from another horizon) is deleted and rebuilt. Entries are
written to a temporary file in the cache directory and renamed into place (atomic on POSIX), so a
crash never leaves half an entry under a valid name.

The directory is ``outputs/cache/pipeline`` under the working directory, or the environment
variable ``CQSIM_PIPELINE_CACHE``, or the ``cache_dir`` argument (in increasing precedence).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from sim.model.sectors import N_SECTORS
from sim.pipeline.des import ARRAY_FIELDS, PipelineInputs
from sim.pipeline.project_types import N_TYPES, PipelineParameters
from sim.pipeline.replications import PipelineEnsemble, run_replications
from sim.version import package_version

PIPELINE_VERSION = 1
"""Version of the pipeline model; bump it whenever a change alters results for the same inputs."""

CACHE_ENV = "CQSIM_PIPELINE_CACHE"
DEFAULT_CACHE_DIR = Path("outputs") / "cache" / "pipeline"


def cache_dir(path: str | os.PathLike[str] | None = None) -> Path:
    """The cache directory: ``path``, else ``$CQSIM_PIPELINE_CACHE``, else the default."""
    if path is not None:
        return Path(path)
    env = os.environ.get(CACHE_ENV)
    return Path(env) if env else DEFAULT_CACHE_DIR


def cache_key(inputs: Sequence[PipelineInputs], params: PipelineParameters, seed: int) -> str:
    """SHA-256 (hex) of the canonical JSON of everything that determines the results."""
    document = {
        "pipeline_version": PIPELINE_VERSION,
        "package_version": package_version(),
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


def _read(path: Path, key: str, years: tuple[int, ...], replications: int) -> PipelineEnsemble:
    """Load and verify an entry; raise ``ValueError`` (or an I/O error) if it is not valid."""
    with np.load(path, allow_pickle=False) as stored:
        loaded = {name: stored[name] for name in stored.files}
    expected = _expected_shapes(replications, len(years))
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


def _write(path: Path, key: str, ensemble: PipelineEnsemble) -> None:
    """Write an entry atomically: a temporary file in the same directory, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
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
    An invalid entry is deleted and rebuilt. If the cache cannot be written (a read-only
    directory), the computed results are returned all the same.
    """
    if not inputs:
        raise ValueError("at least one replication is needed")
    years = (inputs[0].years[0] - 1, *inputs[0].years)
    key = cache_key(inputs, params, seed)
    path = cache_dir(directory) / f"{key}.npz"
    if path.exists():
        try:
            return _read(path, key, years, len(inputs)), True
        except Exception:  # noqa: BLE001 - any failure to read or verify means: rebuild
            path.unlink(missing_ok=True)
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
    "cache_key",
    "cached_replications",
]
