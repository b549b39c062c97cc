"""Write the corpus of nasty input files kept in tests/data/fuzz/ (issue 15's campaign).

    .venv/bin/python benchmarks/fuzz_corpus.py     # rewrites tests/data/fuzz/*

Each file is one failure the fuzzing campaign found, or a valid edge the tool must accept. The
name says the kind: ``scenario_*.yaml``, ``sweep_*.yaml`` (relative paths resolve in the
folder), ``history_*.csv``, ``targets_*.yaml``; ``*_ok*`` files are valid. Files that cannot be
kept in git (FIFOs, symlink loops, devices, folders) are made by the tests themselves. The fuzz
tests (tests/test_fuzz.py) and the campaign (benchmarks/fuzz_campaign.py) read this folder.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "data" / "fuzz"
HEAD = "name: fuzz\ndescription: a file of the fuzz corpus\n"
HISTORY = (ROOT / "calibration" / "history.csv").read_text()
HEADER, *ROWS = HISTORY.splitlines()
TARGETS = (ROOT / "seeds" / "targets.yaml").read_text()


def scenarios() -> dict[str, str]:
    levers = "levers:\n"
    return {
        "scenario_octal.yaml": HEAD + levers + "  credit_growth: 010\n",
        "scenario_year_leading_zero.yaml": HEAD + levers + "  credit_growth: {02026: 5}\n",
        "scenario_duplicate_events.yaml": HEAD
        + "events:\n"
        + "  - {name: a, year: 2026, sectors: [electronics], size: -3}\n"
        + "  - {name: a, year: 2027, sectors: [automotive], size: -5}\n",
        "scenario_tag_float.yaml": HEAD + levers + "  credit_growth: !!float abc\n",
        "scenario_tag_int.yaml": HEAD + "horizon: !!int 2030.5\n",
        "scenario_tag_python.yaml": HEAD + "levers: !!python/object/apply:os.system [ls]\n",
        "scenario_tag_binary.yaml": HEAD + "description: !!binary aGVsbG8=\n",
        "scenario_integer_5000_digits.yaml": HEAD + "seed: " + "7" * 5000 + "\n",
        "scenario_float_overflow.yaml": HEAD + levers + "  credit_growth: 1e400\n",
        "scenario_nan.yaml": HEAD + levers + "  credit_growth: .nan\n",
        "scenario_nested_500.yaml": HEAD + "x: " + "[" * 500 + "]" * 500 + "\n",
        "scenario_nested_100000.yaml": HEAD + "x: " + "[" * 100_000 + "]" * 100_000 + "\n",
        "scenario_keys_15000.yaml": HEAD + levers + "".join(f"  k{i}: 1\n" for i in range(15_000)),
        "scenario_extends_nul.yaml": HEAD + 'extends: "base\\0line.yaml"\n',
        "scenario_extends_5000.yaml": HEAD + "extends: " + "x" * 5000 + ".yaml\n",
        "scenario_extends_etc.yaml": HEAD + "extends: /etc/passwd\n",
        "scenario_truncnormal_overflow.yaml": HEAD
        + levers
        + "  credit_growth: {dist: truncnormal, mean: -1e300, sd: 1e-300, low: 0, high: 9}\n",
        "scenario_lognormal_huge_sigma.yaml": HEAD
        + levers
        + "  credit_growth: {dist: lognormal, median: 8, sigma: 1e300}\n",
        "scenario_alias_bomb.yaml": HEAD
        + "a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
        + "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n",
        "scenario_merge_key.yaml": HEAD + "base: &b {horizon: 2030}\n<<: *b\n",
        "scenario_date.yaml": HEAD + levers + "  credit_growth: 2026-01-01\n",
        "scenario_two_documents.yaml": HEAD + "---\n" + HEAD,
        "scenario_empty.yaml": "",
        "scenario_comment_only.yaml": "# nothing here\n",
        "scenario_list.yaml": "- name: fuzz\n- description: d\n",
        "scenario_latin1.yaml": "name: fuzz\ndescription: caf\xe9\n",  # written as latin-1
        "scenario_sexagesimal.yaml": HEAD + levers + "  credit_growth: 1:30\n",
        "scenario_underscore.yaml": HEAD + "draws: 1_000\n",
        "scenario_hex.yaml": HEAD + "seed: 0x1F\n",
        "scenario_unicode_name.yaml": "name: 重庆\ndescription: d\n",
        "scenario_long_text.yaml": "name: fuzz\ndescription: " + "x" * 20_000 + "\n",
        "scenario_pipeline_4096.yaml": HEAD + "pipeline_replications: 4096\n",
        "scenario_draws_huge.yaml": HEAD + "draws: 1000000000000\n",
        "scenario_seed_2_64.yaml": HEAD + f"seed: {2**64}\n",
        "scenario_horizon_2099.yaml": HEAD + "horizon: 2099\n",
        "scenario_bool_key.yaml": HEAD + levers + "  true: 5\n",
        "scenario_null_key.yaml": HEAD + "~: 5\n",
        "scenario_flow_key.yaml": HEAD + "? [a, b]\n: 5\n",
        "scenario_path_text_years.yaml": HEAD + levers + "  credit_growth: {'2026': 5}\n",
        "scenario_event_huge_size.yaml": HEAD
        + "events:\n  - {name: e, year: 2026, sectors: [energy], size: 1e308}\n",
        "scenario_ok_yes_is_text.yaml": "name: fuzz\ndescription: yes\npipeline_replications: 0\n",
        "scenario_ok_bom.yaml": "\ufeff" + HEAD + "pipeline_replications: 0\n",
        "scenario_ok_no_projects_2035.yaml": HEAD
        + "extends: baseline\nhorizon: 2035\npipeline_replications: 2\n"
        + levers
        + "  industrial_projects: 0\n  tech_transformation_projects: 0\n",
        "scenario_ok_exponents.yaml": HEAD
        + "pipeline_replications: 0\n"
        + levers
        + "  credit_growth: 7.5e0\n  digital_economy_push: 1e-3\n",
    }


def sweeps() -> dict[str, str]:
    base = "base: scenario_ok_yes_is_text.yaml\n"
    ok_levers = "levers: {credit_growth: [6, 8]}\n"
    grid = ", ".join(str(500 + i) for i in range(1000))
    return {
        "sweep_indicators_number.yaml": base + ok_levers + "indicators: 5\n",
        "sweep_indicators_bool.yaml": base + ok_levers + "indicators: true\n",
        "sweep_indicators_nested.yaml": base + ok_levers + "indicators: [[gdp]]\n",
        "sweep_indicators_mapping.yaml": base + ok_levers + "indicators: {gdp: 1}\n",
        "sweep_grid_huge.yaml": base
        + f"levers:\n  industrial_projects: [{grid}]\n"
        + f"  tech_transformation_projects: [{grid}]\n",
        "sweep_points_1e9.yaml": base
        + "design: lhs\npoints: 1000000000\nlevers: {credit_growth: {low: 5, high: 9}}\n",
        "sweep_draws_1e12.yaml": base + ok_levers + "draws: 1000000000000\n",
        "sweep_seed_2_64.yaml": base + ok_levers + f"seed: {2**64}\n",
        "sweep_name_300.yaml": base + ok_levers + f"name: {'n' * 300}\n",
        "sweep_scenarios_twice.yaml": "scenarios: [scenario_ok_bom.yaml, scenario_ok_bom.yaml]\n",
        "sweep_scenario_nul.yaml": 'scenarios: ["a\\0b.yaml"]\n',
        "sweep_both.yaml": base + "scenarios: [scenario_ok_bom.yaml]\n" + ok_levers,
        "sweep_ok_indicators_null.yaml": base + ok_levers + "draws: 16\nindicators: ~\n",
        "sweep_ok_lhs.yaml": base
        + "design: lhs\npoints: 2\ndraws: 16\nlevers: {credit_growth: {low: 5, high: 9}}\n",
    }


def with_cell(row: str, column: int, value: str) -> str:
    """The history with one cell of ``row`` replaced."""
    cells = row.split(",")
    cells[column] = value
    return HISTORY.replace(row, ",".join(cells), 1)


def histories() -> dict[str, str]:
    gdp = [r for r in ROWS if ",gdp_real_growth_pct," in r and r.startswith("Chongqing")]
    constant = [
        f"China,{y},gdp_real_growth_pct,5.0,pct,official_stat,x,y" for y in range(2015, 2026)
    ]
    return {
        "history_extra_field.csv": HISTORY + "Chongqing,2019,fai_growth_pct,1,pct,a,b,c,EXTRA\n",
        "history_constant_series.csv": "\n".join(
            [HEADER, *[r for r in ROWS if not r.startswith("China")], *constant]
        )
        + "\n",
        "history_value_1e12.csv": with_cell(gdp[-1], 3, "1e12"),
        "history_value_minus_1e12.csv": with_cell(gdp[0], 3, "-1e12"),
        "history_year_99999999.csv": with_cell(gdp[0], 1, "99999999"),
        "history_year_minus_2020.csv": HISTORY + "Chongqing,-2020,fai_growth_pct,1,pct,a,b,c\n",
        "history_year_1900.csv": HISTORY + "Chongqing,1900,fai_growth_pct,1,pct,a,b,c\n",
        "history_year_underscore.csv": HISTORY + "Chongqing,2_020,fai_growth_pct,1,pct,a,b,c\n",
        "history_empty.csv": "",
        "history_header_only.csv": HEADER + "\n",
        "history_no_header.csv": "\n".join(ROWS) + "\n",
        "history_binary.csv": "\x00\x01\x02garbage",
        "history_too_few_rows.csv": "\n".join([HEADER, *gdp[-2:]]) + "\n",
        "history_ok_one_series.csv": "\n".join([HEADER, *gdp]) + "\n",
        "history_ok_crlf.csv": HISTORY.replace("\n", "\r\n"),
    }


def targets() -> dict[str, str]:
    ids = re.findall(r"\bid: (\S+)", TARGETS)
    return {
        "targets_duplicate_id.yaml": TARGETS.replace(f"id: {ids[1]}", f"id: {ids[0]}", 1),
        "targets_year_leading_zero.yaml": TARGETS.replace("year: 2026", "year: 02026", 1),
        "targets_tag.yaml": TARGETS.replace("year: 2026", "year: !!int 2026.5", 1),
        "targets_value_nan.yaml": TARGETS.replace("value: ", "value: .nan #", 1),
        "targets_empty_list.yaml": "targets: []\n",
        "targets_not_mapping.yaml": "- 1\n- 2\n",
        "targets_ok.yaml": TARGETS,
    }


def main() -> None:
    CORPUS.mkdir(parents=True, exist_ok=True)
    for old in CORPUS.glob("*_*.*"):
        old.unlink()
    for name, text in {**scenarios(), **sweeps(), **histories(), **targets()}.items():
        encoding = "latin-1" if "latin1" in name else "utf-8"
        (CORPUS / name).write_bytes(text.encode(encoding))
    print(f"{len(list(CORPUS.glob('*_*.*')))} files in {CORPUS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
