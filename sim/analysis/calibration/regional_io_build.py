"""Build Chongqing's regional input-output structure from the files in ``calibration/io``.

    .venv/bin/python -m sim.analysis.calibration.regional_io_build [--delta 0.1] [--write]

Reads (all under the repository root): ``calibration/io/io_table_china_{2017,2020}_42.csv`` (NBS
tables, copied from ``shared/data/panel``), ``calibration/io/sector_map.csv``,
``calibration/io/chongqing_inputs.csv`` (Chongqing and China figures with their sources, among
them China's 2020 household and government consumption, which split final consumption by
``national_io.government_consumption_split``) and ``seeds/baseline_2025.yaml``
(``sector_shares``, ``figures.gdp``). With ``--write`` it writes the aggregated national tables,
the regional table and the per-sector structure to ``calibration/io`` (see its README); without,
it prints the per-sector structure. Deterministic: the same files give the same numbers.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from sim.analysis.calibration.national_io import (
    FINAL_DEMAND,
    VA_COMPONENTS,
    IOTable,
    IOTableError,
    aggregate,
    aggregate_consumption_split,
    government_consumption_split,
    read_io_table_csv,
    read_sector_map,
)
from sim.analysis.calibration.regional_io import (
    RegionalStructure,
    RegionalTotals,
    regional_structure,
)
from sim.model.sectors import SECTORS

ROOT = Path(__file__).resolve().parents[3]
IO_DIR = ROOT / "calibration" / "io"
SEEDS = ROOT / "seeds" / "baseline_2025.yaml"

DELTA = 0.1
"""Chosen Flegg delta (calibration/io/README.md gives the reasons and the range)."""
DELTA_RANGE: tuple[float, float] = (0.05, 0.3)
"""Range of delta for uncertainty (calibration/io/README.md)."""

BN_PER_10K = 1e-5
"""RMB billion per RMB 10,000 (the unit of the NBS tables)."""
BN_PER_100M = 0.1
"""RMB billion per RMB 100 million (the unit of the Chongqing figures)."""


@dataclass(frozen=True)
class ChongqingInputs:
    """Everything the regionalisation reads, in RMB billion where money."""

    national: dict[int, IOTable]
    """Aggregated national tables by year (11 sectors, RMB bn)."""
    consumption_split: pd.DataFrame
    """Split of final consumption (11 sectors x household, government), 2020 table and rule."""
    government_share: float
    """Government consumption over final consumption, China 2020 (NBS expenditure approach)."""
    regional_va: pd.Series
    """Chongqing 2025 value added by sector, RMB bn (seed shares x seed GDP)."""
    totals: RegionalTotals


def read_chongqing_figures(path: Path) -> dict[str, float]:
    """The rows of ``chongqing_inputs.csv`` as ``{region_indicator_year: value}``."""
    frame = pd.read_csv(path)
    keys = frame["region"] + "_" + frame["indicator"] + "_" + frame["year"].astype(str)
    return dict(zip(keys, frame["value"].astype(float), strict=True))


def read_seed_shares(path: Path) -> tuple[pd.Series, float]:
    """Sector shares of GDP (percent) and GDP (RMB bn) of ``seeds/baseline_2025.yaml``.

    Raises
    ------
    IOTableError
        If a sector has no share, or the shares do not sum to 100.
    """
    seeds = yaml.safe_load(path.read_text(encoding="utf-8"))
    shares = pd.Series(
        {
            s: float(seeds["sector_shares"][s]["value"])
            for s in SECTORS
            if s in seeds["sector_shares"]
        }
    )
    missing = [s for s in SECTORS if s not in shares.index]
    if missing:
        raise IOTableError(path, f"sector_shares lacks {missing}")
    if abs(shares.sum() - 100.0) > 0.05:
        raise IOTableError(path, f"sector_shares sum to {shares.sum():.2f}, not 100")
    return shares, float(seeds["figures"]["gdp"]["value"])


def government_share_of_consumption(figures: dict[str, float]) -> float:
    """G / (H + G): China's 2020 government consumption over final consumption.

    H and G are household and government consumption expenditure of NBS expenditure-approach GDP
    (rows ``China,2020,household_consumption`` and ``government_consumption`` of
    ``chongqing_inputs.csv``, with their source).
    """
    household = figures["China_household_consumption_2020"]
    government = figures["China_government_consumption_2020"]
    return government / (household + government)


def load_inputs(io_dir: Path = IO_DIR, seeds: Path = SEEDS) -> ChongqingInputs:
    """Read and aggregate every input of the regionalisation (the only function that reads)."""
    mapping = read_sector_map(io_dir / "sector_map.csv", SECTORS)
    figures = read_chongqing_figures(io_dir / "chongqing_inputs.csv")
    government_share = government_share_of_consumption(figures)
    national = {}
    for year in (2017, 2020):
        table42 = read_io_table_csv(io_dir / f"io_table_china_{year}_42.csv")
        national[year] = aggregate(table42, mapping, SECTORS).scaled(BN_PER_10K, "rmb_bn")
        if year == 2020:
            split42 = government_consumption_split(table42, government_share)
            split = aggregate_consumption_split(table42, split42, mapping, SECTORS)
    shares, gdp = read_seed_shares(seeds)
    national_2020 = national[2020]
    gdp_table = float(national_2020.value_added.sum())
    consumption = (
        national_2020.f_dom["consumption"].sum() + national_2020.f_imp["consumption"].sum()
    )
    totals = RegionalTotals(
        consumption_rate=float(consumption) / gdp_table,
        capital_formation_rate=figures["Chongqing_capital_formation_share_of_gdp_pct_2021"] / 100,
        goods_exports=figures["Chongqing_exports_2025"] * BN_PER_100M,
        goods_imports=figures["Chongqing_imports_2025"] * BN_PER_100M,
        region_share=figures["Chongqing_gdp_nominal_2024"]
        / figures["China_gdp_nominal_latest_2024"],
    )
    return ChongqingInputs(
        national=national,
        consumption_split=split,
        government_share=government_share,
        regional_va=shares / 100.0 * gdp,
        totals=totals,
    )


def chongqing_structure(
    delta: float = DELTA, inputs: ChongqingInputs | None = None
) -> RegionalStructure:
    """Chongqing's regional structure at ``delta`` from the 2020 national table.

    Reads the files unless ``inputs`` is given.
    """
    inputs = load_inputs() if inputs is None else inputs
    return regional_structure(
        inputs.national[2020],
        inputs.regional_va,
        inputs.totals,
        inputs.consumption_split,
        delta,
    )


def national_table_frame(table: IOTable) -> pd.DataFrame:
    """One aggregated table as a matrix.

    Rows ``dom_<s>``, ``imp_<s>``, the VA components and ``total_input``; columns the sectors,
    ``FINAL_DEMAND`` and ``total_output`` (for the ``imp_`` rows: total imports).
    """
    rows = []
    for origin, z, f, total in (
        ("dom", table.z_dom, table.f_dom, table.output),
        ("imp", table.z_imp, table.f_imp, table.imports),
    ):
        block = pd.concat([z, f[list(FINAL_DEMAND)]], axis=1)
        block["total_output"] = total
        block.index = [f"{origin}_{s}" for s in z.index]
        rows.append(block)
    va = table.va.copy()
    va.index = list(VA_COMPONENTS)
    rows.append(va)
    total_input = pd.DataFrame(
        [table.output.to_numpy()], index=["total_input"], columns=table.output.index
    )
    rows.append(total_input)
    return pd.concat(rows).reindex(columns=[*table.sectors, *FINAL_DEMAND, "total_output"])


def regional_table_frame(structure: RegionalStructure) -> pd.DataFrame:
    """Chongqing's regional table in RMB bn.

    Intermediate flows bought in the region (R diag(x)); inputs from other provinces and from
    abroad (column totals only); VA components; output; and the final demand for regional output
    by destination.
    """
    by = structure.by_sector
    x = by["output"].to_numpy()
    flows = structure.a * x
    f = by["final_demand"].to_numpy()
    for part in ("household", "government", "capital_formation", "exports_abroad", "outflows"):
        flows[part] = by[f"share_{part}"].to_numpy() * f
    flows["total_output"] = x
    extra = pd.DataFrame(
        {
            s: {
                "inputs_other_provinces": by.loc[s, "other_province_input_ratio"]
                * by.loc[s, "output"],
                "inputs_abroad": by.loc[s, "foreign_import_ratio"] * by.loc[s, "output"],
                **{comp: by.loc[s, f"{comp}_share"] * by.loc[s, "va"] for comp in VA_COMPONENTS},
                "total_input": by.loc[s, "output"],
            }
            for s in by.index
        }
    )
    return pd.concat([flows, extra])


STRUCTURE_COLUMNS = [
    "va",
    "output",
    "slq",
    "va_ratio",
    "compensation_share",
    "net_taxes_share",
    "depreciation_share",
    "operating_surplus_share",
    "regional_input_ratio",
    "other_province_input_ratio",
    "foreign_import_ratio",
    "final_demand",
    "share_household",
    "share_government",
    "share_capital_formation",
    "share_exports_abroad",
    "share_outflows",
    "type_i",
    "type_ii",
    "outflow_share_of_exports",
    "household_budget_share",
    "household_local_per_income",
]


def write_outputs(io_dir: Path = IO_DIR, delta: float = DELTA) -> None:
    """Write the derived tables of ``calibration/io`` (README lists them)."""
    inputs = load_inputs(io_dir)
    header = (
        "# {what}\n# Made by: python -m sim.analysis.calibration.regional_io_build --write "
        "(calibration/io/README.md: sources and method). Unit: {unit}.\n"
    )
    for year, table in inputs.national.items():
        frame = national_table_frame(table)
        _write(
            io_dir / f"china_{year}_io_11.csv",
            frame.round(3),
            header.format(
                what=f"China's {year} NBS 42-sector input-output table aggregated "
                "to the model's 11 sectors by sector_map.csv",
                unit="RMB bn",
            ),
        )
    structure = chongqing_structure(delta, inputs)
    _write(
        io_dir / "chongqing_io_11.csv",
        regional_table_frame(structure).round(3),
        header.format(
            what=f"Chongqing 2025 regional input-output table, FLQ delta={delta}", unit="RMB bn"
        ),
    )
    _write(
        io_dir / "chongqing_coefficients_11.csv",
        structure.a.round(5),
        header.format(
            what=f"Chongqing regional domestic coefficients R, FLQ delta={delta} "
            "(rows: supplying sector in Chongqing; columns: buying sector)",
            unit="RMB per RMB of the buyer's gross output",
        ),
    )
    _write(
        io_dir / "chongqing_structure_11.csv",
        structure.by_sector[STRUCTURE_COLUMNS].round(5),
        header.format(
            what=f"Chongqing 2025 structure by sector, FLQ delta={delta}",
            unit="va, output, final_demand RMB bn; ratios and shares 0-1; multipliers RMB per RMB",
        ),
    )
    deltas = np.round(np.arange(0.0, 0.45, 0.05), 2)
    mult = pd.DataFrame(
        {
            f"delta_{d:.2f}": chongqing_structure(float(d), inputs).by_sector["type_i"]
            for d in deltas
        }
    )
    _write(
        io_dir / "chongqing_multipliers_by_delta.csv",
        mult.round(4),
        header.format(
            what="Chongqing type I output multipliers by FLQ delta",
            unit="RMB of regional output per RMB of final demand",
        ),
    )


def _write(path: Path, frame: pd.DataFrame, header: str) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.write(header)
        frame.to_csv(handle, lineterminator="\n")


def main(argv: list[str] | None = None) -> int:
    """Command line: print the structure at ``--delta``; ``--write`` writes calibration/io."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delta", type=float, default=DELTA)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    if args.write:
        write_outputs(delta=args.delta)
    structure = chongqing_structure(args.delta)
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(structure.by_sector[STRUCTURE_COLUMNS].round(3).T)
        print(pd.Series(structure.diagnostics).round(4))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
