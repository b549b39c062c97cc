"""The shipped 2025 seeds load, hold the seeded numbers, and bad seeds files fail loudly."""

from __future__ import annotations

import copy
import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.inputs.seeds import (
    BASELINE_FILE,
    DEFAULT_SEEDS_DIR,
    REQUIRED_FIGURES,
    SeedDataError,
    Seeds,
    load_seeds,
)
from sim.model.sectors import SECTORS

SHIPPED = DEFAULT_SEEDS_DIR / BASELINE_FILE


@pytest.fixture(scope="module")
def seeds() -> Seeds:
    return load_seeds()


@pytest.fixture
def raw() -> dict:
    """A fresh, modifiable copy of the shipped seeds file's contents."""
    return copy.deepcopy(yaml.safe_load(SHIPPED.read_text(encoding="utf-8")))


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / BASELINE_FILE
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def load_error(path: Path) -> str:
    with pytest.raises(SeedDataError) as info:
        load_seeds(path)
    return str(info.value)


# --- the shipped seeds ------------------------------------------------------------------------


def test_shipped_seeds_load(seeds):
    assert seeds.year == 2025
    assert seeds.path == SHIPPED
    assert set(REQUIRED_FIGURES) <= set(seeds.figures)


def test_shipped_seeds_load_from_the_folder_path():
    assert load_seeds(DEFAULT_SEEDS_DIR).figures == load_seeds(SHIPPED).figures


def test_headline_figures_match_the_seed_documents(seeds):
    assert seeds.value("gdp") == 3380
    assert seeds.value("nev_output") == 1296000
    assert seeds.value("financial_assets") == 9500


def test_sector_value_added_sums_to_gdp(seeds):
    va = seeds.sector_va()
    assert list(va) == list(SECTORS)
    assert np.isclose(sum(va.values()), seeds.value("gdp"), rtol=1e-12, atol=0)


def test_every_figure_has_a_source_or_a_derivation(seeds):
    for fig in [*seeds.figures.values(), *seeds.sector_shares.values()]:
        assert (fig.source is None) != (fig.derivation is None), fig.name
        if fig.source is not None:
            assert fig.source.title and fig.source.publisher and fig.source.date
            assert fig.source.quote
            assert fig.source.url or fig.source.document
        else:
            assert fig.derivation.kind in ("derived", "assumption")
            assert fig.derivation.method


def test_derived_figures_are_reproduced_from_their_inputs(seeds):
    def inputs(name: str) -> dict[tuple[str, int], float]:
        rows = seeds.figures[name].derivation.inputs
        return {(r["indicator"], r["year"]): r["value"] for r in rows}

    t = inputs("imports")
    imports = (t[("foreign_trade_total", 2025)] - t[("exports", 2025)]) / 10
    assert seeds.value("imports") == pytest.approx(imports)
    assert seeds.value("exports") + seeds.value("imports") == pytest.approx(
        seeds.value("foreign_trade")
    )

    c = inputs("household_consumption")
    per_head = c[("consumption_per_capita", 2024)] * (
        1 + seeds.value("disposable_income_growth") / 100
    )
    people = c[("resident_population_yearend", 2024)] * 1e4
    assert seeds.value("household_consumption") == pytest.approx(
        per_head * people * 1.29 / 1e9, abs=0.05
    )

    g = inputs("gdp_deflator_growth")
    nominal = g[("gdp_nominal", 2025)] / g[("gdp_nominal", 2024)]
    deflator = 100 * (nominal / (1 + seeds.value("gdp_real_growth") / 100) - 1)
    assert seeds.value("gdp_deflator_growth") == pytest.approx(deflator, abs=0.005)

    final = seeds.value("household_consumption") + seeds.value("government_consumption")
    assert final == pytest.approx(0.50 * seeds.value("gdp"), abs=0.05)
    capital = seeds.value("gross_capital_formation")
    assert capital == pytest.approx(0.54 * seeds.value("gdp"), abs=0.05)
    assert seeds.value("fai") == pytest.approx(capital / 0.8, abs=0.05)

    s = inputs("sei_share_industrial_output")
    va_2024 = s[("sei_share_pct", 2024)]
    va_2025 = va_2024 + (va_2024 - s[("sei_share_of_industrial_va_pct", 2021)]) / 3
    assert seeds.value("sei_share_industrial_output") == round(va_2025 * 25 / 30, 1)

    va_share = inputs("sei_share_industrial_va")
    assert va_share[("sei_share_of_industrial_va_pct", 2023)] + va_share[
        ("sei_share_change_2024_pp", 2024)
    ] == pytest.approx(va_share[("sei_share_pct", 2024)])
    assert seeds.value("sei_share_industrial_va") == round(va_2025, 1)

    # the digital economy's start does not use the plan's pace to its own target
    d = inputs("digital_economy_share_gdp")
    pace = d[("digital_economy_share_of_gdp_china_change_pp", 2023)]
    assert seeds.value("digital_economy_share_gdp") == round(
        d[("digital_economy_share_of_gdp_pct", 2022)] + 3 * pace, 1
    )
    rows = seeds.figures["digital_economy_share_gdp"].derivation.inputs
    assert not any("target" in str(row["indicator"]) for row in rows)

    r = inputs("industrial_revenue_above_size")
    revenue = (
        r[("industrial_revenue_above_size", 2024)]
        / 10
        * (1 + r[("industrial_va_growth_pct", 2025)] / 100)
        * (1 + r[("ppi_china_jan_jul_avg_pct", 2025)] / 100)
    )
    assert seeds.value("industrial_revenue_above_size") == pytest.approx(revenue, abs=0.05)


def test_sector_shares_add_up_to_the_three_sector_split(seeds):
    share = {s: f.value for s, f in seeds.sector_shares.items()}
    secondary = ("automotive", "electronics", "other_manufacturing", "energy", "construction")
    tertiary = ("finance", "producer_services", "real_estate", "consumer_services")
    assert math.isclose(share["agriculture"], 6.6)
    assert math.isclose(math.fsum(share[s] for s in secondary), 36.3)
    assert math.isclose(math.fsum(share[s] for s in (*tertiary, "public_services")), 57.1)


# --- errors -------------------------------------------------------------------------------------


def test_missing_file_is_reported(tmp_path):
    message = load_error(tmp_path / "nowhere.yaml")
    assert "nowhere.yaml" in message and "not found" in message


def test_missing_figure_is_reported(tmp_path, raw):
    del raw["figures"]["retail_sales"]
    path = write(tmp_path, raw)
    message = load_error(path)
    assert str(path) in message
    assert "figures.retail_sales" in message and "missing" in message


def test_unknown_unit_is_reported(tmp_path, raw):
    raw["figures"]["nev_output"]["unit"] = "vehicles"
    path = write(tmp_path, raw)
    message = load_error(path)
    assert str(path) in message
    assert "figures.nev_output.unit" in message and "'vehicles'" in message
    assert "rmb_bn" in message  # says what is allowed


def test_shares_not_summing_to_100_are_reported(tmp_path, raw):
    raw["sector_shares"]["agriculture"]["value"] = 7.6
    path = write(tmp_path, raw)
    message = load_error(path)
    assert str(path) in message
    assert "sector_shares" in message and "sum to 101" in message


def test_missing_source_is_reported(tmp_path, raw):
    del raw["figures"]["auto_output"]["source"]
    path = write(tmp_path, raw)
    message = load_error(path)
    assert str(path) in message
    assert "figures.auto_output" in message and "neither 'source' and 'derivation'" in message


def test_source_without_quote_is_reported(tmp_path, raw):
    del raw["figures"]["gdp"]["source"]["quote"]
    path = write(tmp_path, raw)
    message = load_error(path)
    assert "figures.gdp.source.quote" in message and "missing" in message


def test_non_numeric_value_is_reported(tmp_path, raw):
    raw["figures"]["foreign_trade"]["value"] = "about 800"
    path = write(tmp_path, raw)
    message = load_error(path)
    assert str(path) in message
    assert "figures.foreign_trade.value" in message and "not a number" in message


def test_unknown_sector_is_reported(tmp_path, raw):
    raw["sector_shares"]["property"] = raw["sector_shares"].pop("real_estate")
    path = write(tmp_path, raw)
    message = load_error(path)
    assert str(path) in message
    assert "sector_shares.property" in message and "unknown sector" in message
    assert "sector_shares.real_estate" in message and "missing sector" in message


def test_derivation_kind_must_be_known(tmp_path, raw):
    raw["figures"]["imports"]["derivation"]["kind"] = "guess"
    message = load_error(write(tmp_path, raw))
    assert "figures.imports.derivation.kind" in message and "assumption" in message


def test_gdp_must_be_in_rmb_billion(tmp_path, raw):
    raw["figures"]["gdp"]["unit"] = "percent"
    message = load_error(write(tmp_path, raw))
    assert "figures.gdp.unit" in message and "rmb_bn" in message


def test_share_figure_outside_0_100_is_reported(tmp_path, raw):
    raw["figures"]["digital_economy_share_gdp"]["value"] = 148.2
    message = load_error(write(tmp_path, raw))
    assert "figures.digital_economy_share_gdp.value" in message and "[0, 100]" in message


def test_every_problem_is_reported_at_once(tmp_path, raw):
    del raw["figures"]["retail_sales"]
    raw["figures"]["nev_output"]["unit"] = "vehicles"
    raw["figures"]["foreign_trade"]["value"] = float("nan")
    with pytest.raises(SeedDataError) as info:
        load_seeds(write(tmp_path, raw))
    problems = info.value.problems
    assert len(problems) == 3
    assert str(info.value).splitlines() == problems


def test_problem_names_the_line_in_the_file(tmp_path):
    lines = SHIPPED.read_text(encoding="utf-8").splitlines()
    gdp = lines.index("  gdp:")
    unit = next(i for i in range(gdp, len(lines)) if lines[i].strip().startswith("unit:"))
    lines[unit] = "    unit: usd"
    path = tmp_path / BASELINE_FILE
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    message = load_error(path)
    assert f"{path}:{unit + 1}: figures.gdp.unit" in message


def test_unparsable_yaml_is_reported_with_its_line(tmp_path):
    path = tmp_path / BASELINE_FILE
    path.write_text("year: 2025\nfigures: [unclosed\n", encoding="utf-8")
    message = load_error(path)
    assert str(path) in message and "cannot parse YAML" in message


def test_duplicate_key_is_reported(tmp_path):
    text = SHIPPED.read_text(encoding="utf-8").replace(
        "year: 2025\n\nfigures:", "year: 2025\nyear: 2024\n\nfigures:", 1
    )
    path = tmp_path / BASELINE_FILE
    path.write_text(text, encoding="utf-8")
    message = load_error(path)
    assert "year: duplicate key" in message
