"""Write a run's files atomically: all of them appear at once, or none, and nothing is replaced.

Files go to a hidden staging folder beside the destination, which is renamed into place only when
every file is complete (:mod:`sim.outputs.staging`); a crash or Ctrl-C leaves at most the staging
folder, which is removed at once when possible, or by the next run when the process was killed,
and never mistaken for a run. An existing destination is never overwritten.
"""

from __future__ import annotations

import json
import math
import re
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sim import exports
from sim.execution.sampled import sampled_draws, sampled_units
from sim.inputs.scenario.schema import Scenario
from sim.model.indicators import INDICATORS
from sim.outputs.staging import AtomicDirectory as AtomicDirectory
from sim.outputs.staging import OutputExistsError as OutputExistsError
from sim.outputs.staging import atomic_directory
from sim.results import Ensemble

OUTPUTS_DIR = Path("outputs")
"""Where runs go unless ``--out`` says otherwise: ``outputs/`` of the working folder."""
RUN_FILES = ("summary.csv", "draws.parquet", "manifest.json")
SAFE_NAME = r"[A-Za-z0-9][A-Za-z0-9_+-]*"
"""Scenario names that are safe folder names (``+`` joins overlays: ``baseline+my_shock``)."""


def run_id(scenario: Scenario, now: datetime | None = None) -> str:
    """``<UTC time>-s<seed>-n<draws>-<scenario hash>``: sortable and says what was run."""
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-s{scenario.seed}-n{scenario.draws}-{scenario.sha256()[:8]}"


def default_run_dir(scenario: Scenario, root: Path = OUTPUTS_DIR) -> Path:
    """``outputs/<scenario name>/<run id>``, with a suffix if that folder exists already."""
    name = scenario.name
    if not re.fullmatch(SAFE_NAME, name):  # schema guarantees; belt and braces
        raise ValueError(f"scenario name {name!r} is not a safe folder name")
    base = root / name / run_id(scenario)
    candidate, k = base, 2
    while candidate.exists():
        candidate = base.with_name(f"{base.name}-{k}")
        k += 1
    return candidate


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
    target = atomic_directory(destination, also_clean=OUTPUTS_DIR)
    with target as staging:
        write_draws(ensemble, staging / "draws.parquet")
        write_run_files(ensemble, staging, extra_files)
    return target.destination


def write_draws(ensemble: Ensemble, path: Path) -> None:
    """The ensemble's draws as Parquet, units and scenario in the schema's metadata."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(ensemble.draws_frame(), preserve_index=False)
    metadata = exports.draws_schema_metadata(ensemble.draws_units(), ensemble.scenario.name)
    pq.write_table(table.replace_schema_metadata({**table.schema.metadata, **metadata}), path)


def write_run_files(
    ensemble: Ensemble,
    staging: Path,
    extra_files: Mapping[str, Callable[[Path], None]] | None = None,
    *,
    lang: str = "en",
    command: Mapping[str, Any] | None = None,
) -> None:
    """Write summary.csv, the extra files and manifest.json into a staging folder.

    draws.parquet is expected there already (written by :func:`write_run` or streamed by a
    :class:`DrawsWriter`). ``summary.csv`` is :meth:`Ensemble.summary_table` in ``lang``;
    ``command`` (the options a command was given, e.g. ``--set``) goes into the manifest.
    """
    exports.write_csv(ensemble.summary_table(lang), staging / "summary.csv")
    for name, writer in (extra_files or {}).items():
        writer(staging / name)
    files = [*RUN_FILES, *(extra_files or {})]
    manifest = {**ensemble.manifest(), "lang": lang, **(command or {}), "files": files}
    (staging / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """A table as CSV, numbers in plain notation (:func:`sim.exports.write_csv`)."""
    exports.write_csv(frame, path)


def write_json(payload: dict[str, Any], path: Path) -> None:
    """JSON with NaN written as null (strict JSON has no NaN)."""
    path.write_text(json.dumps(_clean(payload), indent=2, ensure_ascii=False) + "\n")


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return _clean(value.item())
    return value


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as a list of JSON-ready rows."""
    return [_clean(r) for r in frame.to_dict(orient="records")]


class DrawsWriter:
    """Streams draws to a Parquet file chunk by chunk (one row group each), in draw order.

    Columns as :meth:`sim.results.Ensemble.draws_frame`: ``scenario``, ``draw``, ``year``, one
    per indicator, then what Monte Carlo sampled in each draw (:mod:`sim.execution.sampled`);
    rows by draw, then year. The schema's metadata gives every column's unit.
    """

    def __init__(self, path: Path, scenario: Scenario, indicators: tuple[str, ...]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        self._pa = pa
        self.scenario = scenario
        self.years = np.asarray([scenario.years[0] - 1, *scenario.years], dtype=np.int64)
        self.indicators = indicators
        sampled = sampled_units(scenario)
        fields = [
            pa.field("scenario", pa.dictionary(pa.int32(), pa.string())),
            pa.field("draw", pa.int64()),
            pa.field("year", pa.int64()),
        ]
        fields += [pa.field(name, pa.float64()) for name in (*indicators, *sampled)]
        units = {**{name: INDICATORS[name].unit for name in indicators}, **sampled}
        self.schema = pa.schema(
            fields, metadata=exports.draws_schema_metadata(units, scenario.name)
        )
        # Encodings chosen by measurement (300,000 draws of the baseline, 462 MB): dictionaries
        # only for the repeated scenario name and year (on random floats they cost 4.5 times the
        # write and grow the file); the draw index delta-coded; no compression codec, as random
        # floats compress by under a fifth (lz4 19% for twice the CPU time, zstd 25% for 2.3
        # times), so the file is written at about the speed of a raw copy.
        self.seconds = 0.0
        """Wall seconds spent writing so far."""
        self._writer = pq.ParquetWriter(
            path,
            self.schema,
            use_dictionary=["scenario", "year"],
            column_encoding={"draw": "DELTA_BINARY_PACKED"},
            compression="none",
        )

    def write(self, start: int, values: Mapping[str, np.ndarray]) -> None:
        """Append the draws ``start``... given as indicator arrays shaped (draws, years)."""
        began = time.perf_counter()
        pa = self._pa
        n = values[self.indicators[0]].shape[0]
        sampled = sampled_draws(self.scenario, start, start + n)
        rows = n * len(self.years)
        names = pa.DictionaryArray.from_arrays(
            pa.array(np.zeros(rows, dtype=np.int32)), pa.array([self.scenario.name])
        )
        columns = [
            names,
            pa.array(np.repeat(np.arange(start, start + n, dtype=np.int64), len(self.years))),
            pa.array(np.tile(self.years, n)),
            *(
                pa.array(np.ascontiguousarray(array).reshape(-1))
                for array in (*(values[k] for k in self.indicators), *sampled.values())
            ),
        ]
        self._writer.write_table(pa.Table.from_arrays(columns, schema=self.schema))
        self.seconds += time.perf_counter() - began

    def close(self) -> None:
        """Finish the file (its footer)."""
        self._writer.close()

    def __enter__(self) -> DrawsWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
