"""Write a run's files atomically: all of them appear at once, or none, and nothing is replaced.

Files go to a hidden staging folder beside the destination, which is renamed into place only when
every file is complete; a crash or Ctrl-C leaves at most the staging folder, which is removed when
possible and never mistaken for a run. An existing destination is never overwritten.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sim.results import Ensemble

OUTPUTS_DIR = Path("outputs")
RUN_FILES = ("summary.csv", "draws.parquet", "manifest.json")


class OutputExistsError(Exception):
    """The requested output folder already holds something."""


def run_id(ensemble: Ensemble, now: datetime | None = None) -> str:
    """``<UTC time>-s<seed>-n<draws>-<scenario hash>``: sortable and says what was run."""
    now = now or datetime.now(UTC)
    scenario = ensemble.scenario
    return f"{now:%Y%m%dT%H%M%SZ}-s{scenario.seed}-n{scenario.draws}-{scenario.sha256()[:8]}"


def default_run_dir(ensemble: Ensemble, root: Path = OUTPUTS_DIR) -> Path:
    """``outputs/<scenario name>/<run id>``, with a suffix if that folder exists already."""
    name = ensemble.scenario.name
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]*", name):  # schema guarantees; belt and braces
        raise ValueError(f"scenario name {name!r} is not a safe folder name")
    base = root / name / run_id(ensemble)
    candidate, k = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{k}")
        k += 1
    return candidate


@contextmanager
def atomic_directory(destination: Path) -> Iterator[Path]:
    """Yield a staging folder; on success it becomes ``destination``, on any error it vanishes.

    Raises
    ------
    OutputExistsError
        If ``destination`` exists and is not an empty folder.
    """
    destination = Path(destination)
    if destination.exists() and (not destination.is_dir() or any(destination.iterdir())):
        raise OutputExistsError(
            f"{destination} already exists and is not empty; earlier results are never "
            "replaced: choose another --out"
        )
    destination.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}.partial-", dir=destination.parent))
    try:
        yield staging
        for path in staging.rglob("*"):
            if path.is_file():
                with open(path, "rb") as fh:
                    os.fsync(fh.fileno())
        if destination.exists():
            destination.rmdir()  # an empty folder given by the user
        os.rename(staging, destination)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_run(
    ensemble: Ensemble,
    destination: Path,
    extra_files: Mapping[str, Callable[[Path], None]] | None = None,
) -> Path:
    """Write summary.csv, draws.parquet and manifest.json into ``destination`` atomically.

    ``extra_files`` maps further file names to functions that write that file at the path they
    are given (in the staging folder): they appear atomically with the rest, and are listed in
    the manifest.

    Raises
    ------
    OutputExistsError
        If ``destination`` exists and is not an empty folder.
    """
    with atomic_directory(destination) as staging:
        ensemble.summary().to_csv(staging / "summary.csv", index=False, float_format="%.6g")
        ensemble.draws_frame().to_parquet(staging / "draws.parquet", index=False)
        for name, writer in (extra_files or {}).items():
            writer(staging / name)
        files = [*RUN_FILES, *(extra_files or {})]
        manifest = {**ensemble.manifest(), "files": files}
        (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    return Path(destination)
