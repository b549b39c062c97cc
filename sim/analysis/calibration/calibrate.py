"""Assemble the parameters file from the evidence: panel, input-output table, history, priors.

Where each parameter comes from (every entry of ``calibration/parameters.yaml`` says it too):

* **provincial panel** (``calibration/panel/estimates.yaml``, made by
  ``sim.analysis.calibration.panel_run``): the responses of Chongqing's growth and of its three
  sector groups to China's growth (random slopes, Chongqing's BLUPs), convergence, the services-
  industry growth gap and its income effect, shock persistence, sizes and correlations, the
  employment elasticities and trends, the elasticity of budget expenditure;
* **history** (``calibration/history.csv`` and the panel's national series): the level of
  Chongqing's baseline growth given the panel's response (its recent non-shock years), the
  primary sector's growth gap, the NEV share's logistic speed;
* **input-output table** (China's 2020 table regionalised for Chongqing by FLQ,
  ``sim.analysis.calibration.regional_io_build``): regional coefficients, value-added ratios,
  compensation shares, final-demand composition;
* **priors** (``calibration/priors.yaml``): every other parameter, with its cited sources or the
  arithmetic on cited figures, and its plausible range.

Estimated parameters are sampled by Monte Carlo from normal(estimate, se) within economic bounds;
priors marked ``sampled`` from a triangular distribution on their plausible range with the mode at
the value. The assembly is deterministic: the same files give the same parameters file.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
import yaml

from sim.analysis.calibration import estimators, panel_links
from sim.analysis.calibration.estimators import SHOCK_YEARS
from sim.analysis.calibration.panel_data import national_growth, read_panel
from sim.analysis.calibration.regional_io_build import DELTA, chongqing_structure
from sim.inputs.errors import UserError
from sim.inputs.history import History, load_history
from sim.inputs.parameters_file import parameter_set_from_raw
from sim.inputs.safe_read import SAFE_YAML_LOADER
from sim.model.parameters import Parameters
from sim.model.sectors import GROUPS, SECTOR_GROUP, SECTORS

ROOT = Path(__file__).resolve().parents[3]
DEFAULT_PRIORS = ROOT / "calibration" / "priors.yaml"
PANEL_DIR = ROOT / "calibration" / "panel"
PANEL_ESTIMATES = PANEL_DIR / "estimates.yaml"
PANEL_BY_ORIGIN = PANEL_DIR / "by_origin.yaml"
LEVEL_YEARS = 5
"""Recent non-shock years the growth levels are measured on (the last five up to ``until``)."""
PANEL_FILE = "calibration/panel/estimates.yaml"


class CalibrationError(UserError):
    """The calibration's inputs cannot give a parameters file."""


@dataclass(frozen=True)
class CalibrationInputs:
    """Everything the assembly reads, loaded once."""

    history: History
    priors: dict[str, Any]
    panel: dict[str, Any]
    national_growth: pd.Series
    panel_rows: pd.DataFrame
    io: Any


@dataclass
class Calibration:
    """The parameters mapping (ready to write) and notes on what was done."""

    raw: dict[str, Any]
    until: int
    notes: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many parameters are estimated, derived, cited or have no evidence."""
        return parameter_set_from_raw(self.raw, "calibration").evidence_counts()


def read_inputs(history_path: Path | None = None) -> CalibrationInputs:
    """Read the history, priors, panel estimates, China's growth and the regional IO table."""
    history = load_history(history_path)
    priors = _yaml(DEFAULT_PRIORS)
    panel = _yaml(PANEL_ESTIMATES)
    national = national_growth(read_panel(PANEL_DIR / "china_national.csv"))
    return CalibrationInputs(
        history=history,
        priors=priors,
        panel=panel,
        national_growth=national,
        panel_rows=read_panel(PANEL_DIR / "province_panel.csv"),
        io=chongqing_structure(DELTA),
    )


def read_by_origin(path: Path = PANEL_BY_ORIGIN) -> dict[int, dict[str, Any]]:
    """The panel estimates by backtest origin (``calibration/panel/by_origin.yaml``), by origin."""
    return {int(k): v for k, v in _yaml(path).get("origins", {}).items()}


def panel_at_origin(
    panel: dict[str, Any], by_origin: dict[int, dict[str, Any]], origin: int
) -> dict[str, Any]:
    """The panel estimates with those re-estimated on the years up to ``origin`` swapped in.

    The national responses, shock persistence and recent shock sizes come from ``by_origin``
    (fitted on the panel's years up to the origin); the rest (convergence, the services-industry
    gap, employment, budget) stays the full-sample estimate.
    """
    if origin not in by_origin:
        raise CalibrationError(
            [
                f"{PANEL_BY_ORIGIN}: no estimates for origin {origin}; run "
                "`python calibration/panel/estimate.py --only by_origin` with it in "
                "BACKTEST_ORIGINS (sim/analysis/calibration/panel_run.py)"
            ]
        )
    fitted = by_origin[origin]
    out = copy.deepcopy(panel)
    out["national_response"] = {**out["national_response"], **fitted["national_response"]}
    out["shocks"] = {**out["shocks"], **fitted["shocks"]}
    return out


def _yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_YAML_LOADER)  # noqa: S506
    except (OSError, yaml.YAMLError) as exc:
        raise CalibrationError([f"{path}: cannot read ({exc})"]) from None
    if not isinstance(data, dict):
        raise CalibrationError([f"{path}: expected a mapping"])
    return data


def calibrate(
    inputs: CalibrationInputs, until: int, panel: dict[str, Any] | None = None
) -> Calibration:
    """The parameters mapping from the evidence, using history up to ``until`` (inclusive).

    ``panel`` replaces ``inputs.panel`` (e.g. :func:`panel_at_origin`, the backtest's estimates on
    the panel's years up to an origin).
    """
    out = Calibration(raw={}, until=until)
    entries: dict[str, Any] = {}
    entries.update(_priors(inputs.priors))
    entries.update(_panel(inputs.panel if panel is None else panel))
    entries.update(_io(inputs.io))
    entries.update(_employment_trend(inputs.panel_rows, until))
    entries.update(_levels(inputs, entries, until, out))
    entries.update(_nev(inputs, entries, until, out))
    _net_of_sector_shocks(entries, inputs.io, out)
    missing = sorted(set(Parameters.names()) - set(entries))
    if missing:
        raise CalibrationError([f"no evidence assembled for: {', '.join(missing)}"])
    out.raw = {
        "status": "calibrated",
        "data": {
            "history_until": until,
            "panel_estimates": PANEL_FILE,
            "io_delta": DELTA,
            "priors": "calibration/priors.yaml",
        },
        "parameters": {name: entries[name] for name in Parameters.names()},
    }
    parameter_set_from_raw(out.raw, f"calibration until {until}")  # checks it loads
    return out


# --- priors -------------------------------------------------------------------------------------


def _priors(priors: dict[str, Any]) -> dict[str, Any]:
    """Each prior as a parameters-file entry; ``sampled`` priors get a triangular sampling."""
    out = {}
    for name, prior in priors.get("parameters", {}).items():
        entry = {k: copy.deepcopy(v) for k, v in prior.items() if k != "sampled"}
        if prior.get("sampled"):
            entry["sampling"] = {"dist": "triangular", "low": prior["low"], "high": prior["high"]}
        out[name] = entry
    return out


# --- provincial panel ---------------------------------------------------------------------------


def _estimate_entry(
    value: Any,
    se: Any,
    unit: str,
    reason: str,
    source: dict[str, Any],
    bounds: tuple[float, float] | None = None,
    key: str = "",
) -> dict[str, Any]:
    """A parameters-file entry of an estimate, sampled from normal(value, se) within bounds."""
    entry: dict[str, Any] = {
        "unit": unit,
        "reason": reason,
        "evidence": "estimated",
        "estimate": {
            "se": se,
            "sample": source.get("sample", {}),
            "method": source.get("method", ""),
            "source": f"{PANEL_FILE}: {key}" if key else PANEL_FILE,
        },
    }
    if isinstance(value, dict):
        entry["values"] = value
    else:
        entry["value"] = value
    if bounds is not None:
        low, high = bounds
        entry["sampling"] = {"dist": "normal", "se": se, "low": low, "high": high}
    return entry


def _group(d: dict[str, Any], key: str) -> dict[str, float]:
    return {g: float(d[g][key]) for g in GROUPS}


def _panel(p: dict[str, Any]) -> dict[str, Any]:
    """Parameters estimated on the provincial panel."""
    resp = p["national_response"]
    shocks = p["shocks"]
    innov = shocks["innovations_recent"]
    conv = p["convergence"]["latest_vintage_2013_2020"]["beta_absolute"]
    gap = p["services_industry_gap"]["income_effect"]
    emp = p["employment"]
    budget = p["budget_expenditure"]
    out: dict[str, Any] = {}
    out["gdp_national_response"] = _estimate_entry(
        resp["gdp"]["estimate"],
        resp["gdp"]["se"],
        "pp of Chongqing's real growth per pp of China's",
        "Chongqing's random slope (BLUP) on China's growth in a mixed model of 31 provinces "
        "with a year effect; shrinkage weight on Chongqing's own years "
        f"{resp['gdp']['shrinkage_weight']}.",
        resp["gdp"],
        (0.5, 1.8),
        "national_response.gdp",
    )
    values = _group(resp, "estimate")
    ses = _group(resp, "se")
    # The mixed model's se of the services slope is below the Driscoll-Kraay one (0.156 against
    # 0.101 for the panel mean); widen Chongqing's by the same ratio.
    ses["tertiary"] = round(ses["tertiary"] * 0.156 / 0.101, 4)
    out["group_national_response"] = _estimate_entry(
        values,
        ses,
        "pp of the group's real growth per pp of China's growth",
        "Chongqing's random slopes (BLUPs) for the primary, secondary and tertiary sectors, "
        "fitted separately; the services se widened to the Driscoll-Kraay level. Without "
        "2020-2022 the services slope is 0.57 (se 0.17): the COVID years raise it.",
        resp["secondary"],
        (-0.5, 3.0),
        "national_response.<group>",
    )
    out["convergence_coefficient"] = _estimate_entry(
        conv["estimate"],
        conv["se"],
        "pp of growth a year per log point of GDP per head relative to China's",
        "Absolute beta-convergence of provinces' per-head growth, 2013-2020 (latest GDP "
        "vintage); -1.1 to -2.4 over other windows.",
        conv,
        (-4.0, 0.0),
        "convergence.latest_vintage_2013_2020.beta_absolute",
    )
    out["services_income_effect"] = _estimate_entry(
        gap["estimate"],
        gap["se"],
        "pp of services-over-industry growth per log point of real GDP per head",
        "Provinces' services grow faster than industry the richer they are (mixed model of "
        "the tertiary-secondary growth gap, 2001-2020, year effects).",
        gap,
        (0.0, 3.5),
        "services_industry_gap.income_effect",
    )
    persistence = {g: max(float(shocks["persistence"][g]["estimate"]), 0.0) for g in GROUPS}
    persistence_se = _group(shocks["persistence"], "se")
    persistence_se["primary"] = 0.0  # fixed at its bound
    out["shock_persistence"] = _estimate_entry(
        persistence,
        persistence_se,
        "AR(1) coefficient of the group's growth shocks",
        "AR(1) of the panel residuals (year effect out), Chongqing shrunk by empirical Bayes; "
        "agriculture's -0.05 (se 0.14) set to 0 and not sampled.",
        shocks["persistence"]["secondary"],
        (0.0, 0.9),
        "shocks.persistence.<group>",
    )
    full = shocks["innovations"]["estimate"]["sd"]
    out["group_shock_sd"] = _estimate_entry(
        {g: float(innov["estimate"]["sd"][g]) for g in GROUPS},
        {g: float(innov["se"]["sd"][g]) for g in GROUPS},
        "pp of real growth (innovation of the AR(1) shock, the group's own part)",
        "Innovation sd of the group's growth residual over the years a one-year forecast is "
        f"made in ({innov['sample']['years']}: the panel's last eight years without "
        "2020-2022), Chongqing shrunk by empirical Bayes. Over 2001-2022, with the boom of the "
        "2000s and the pandemic years, the sds are "
        + ", ".join(f"{g} {float(full[g]):.2f}" for g in GROUPS)
        + " and make one-year bands far wider than Chongqing's forecast errors (issue 14). "
        "The model adds the volatile sectors' own shocks (sector_shock_sd), so the group part "
        "is this sd less theirs (see calibrate).",
        innov,
        (0.1, 6.0),
        "shocks.innovations_recent",
    )
    corr = innov["estimate"]["corr"]
    matrix = {g: {h: 1.0 if g == h else 0.0 for h in GROUPS} for g in GROUPS}
    for pair, value in corr.items():
        a, b = pair.split("-")
        matrix[a][b] = matrix[b][a] = float(value)
    out["group_shock_correlation"] = {
        "matrix": matrix,
        "unit": "correlation of the groups' shock innovations",
        "reason": "Correlations of the AR(1) innovations, Chongqing shrunk by empirical Bayes "
        "(Fisher z); once the national cycle is out, sector shocks are nearly independent.",
        "evidence": "estimated",
        "estimate": {
            "se": innov["se"]["corr"],
            "sample": innov["sample"],
            "method": innov["method"],
            "source": f"{PANEL_FILE}: shocks.innovations_recent.corr",
        },
    }
    out["employment_output_elasticity"] = _estimate_entry(
        {g: float(emp[g]["estimate"]) for g in GROUPS},
        {g: float(emp[g]["se"]) for g in GROUPS},
        "pp of employment growth per pp of the group's real growth above its baseline",
        "Employment elasticity to output (mixed model with Chongqing's random slope, "
        "2001-2019): industry sheds and hires with output, farming and services hardly.",
        emp["secondary"],
        (0.0, 1.0),
        "employment.<group>",
    )
    total = budget["with_national_comovement"]
    out["expenditure_elasticity"] = _estimate_entry(
        total["estimate"],
        total["se"],
        "% of general budget expenditure growth per % of nominal GDP growth",
        "Provinces' budget expenditure on their nominal GDP with national co-movement kept "
        "(province effects only, 2007-2024); 0.72 for Chongqing-specific shocks, 1.15 in "
        "levels.",
        total,
        (0.4, 1.6),
        "budget_expenditure.with_national_comovement",
    )
    return out


def _net_of_sector_shocks(entries: dict[str, Any], structure: Any, out: Calibration) -> None:
    """Take the volatile sectors' own shocks out of the groups' estimated innovation sds.

        sd_group,k^2 = sd_panel,k^2 - sum_{s in k} (w_s / w_k)^2 sector_shock_sd_s^2

    (w: 2025 value-added weights), so that a group's aggregate shock keeps the panel's sd;
    floored at a quarter of the panel's sd.
    """
    va = structure.by_sector["va"]
    own = entries["sector_shock_sd"]["values"]
    sds = entries["group_shock_sd"]["values"]
    for g in GROUPS:
        members = [s for s in SECTORS if SECTOR_GROUP[s] == g]
        weights = va[members] / va[members].sum()
        extra = sum(float(weights[s]) ** 2 * float(own[s]) ** 2 for s in members)
        net = max(sds[g] ** 2 - extra, (sds[g] / 4) ** 2) ** 0.5
        out.notes.append(f"group shock sd {g}: panel {sds[g]:.2f}, net of sector shocks {net:.2f}")
        sds[g] = round(net, 4)


NEV_YEARS = 4
"""Latest years of the NEV share the logistic speed is fitted on (three one-year changes)."""
EMPLOYMENT_YEARS = 6
"""Years of Chongqing's employment by sector group that its trend is fitted on (the latest)."""


def _employment_trend(rows: pd.DataFrame, until: int) -> dict[str, Any]:
    """Chongqing's employment trend by group: OLS of 100 ln E on the year over its latest years.

    The panel's employment series ends in 2023; the window is its last ``EMPLOYMENT_YEARS``
    years up to ``until`` (2017-2023 for the 2025 calibration).
    """
    values: dict[str, float] = {}
    ses: dict[str, float] = {}
    years: list[int] = []
    for g in GROUPS:
        series = rows[(rows["region"] == "Chongqing") & (rows["indicator"] == f"employment_{g}")]
        series = series.set_index("year")["value"].sort_index()
        last = min(int(series.index.max()), until)
        first = last - EMPLOYMENT_YEARS
        fit = panel_links.log_linear_trend(series, first, last, f"Chongqing employment {g}")
        values[g], ses[g] = round(fit.value, 4), round(fit.se, 4)
        years = list(range(first, last + 1))
    return {
        "employment_trend": {
            "values": values,
            "unit": "% a year of employment growth at baseline output growth",
            "reason": "Chongqing's recent employment trend by sector group: the move out of "
            "farming and industry into services at a stable total.",
            "evidence": "estimated",
            "estimate": {
                "se": ses,
                "sample": {"region": "Chongqing", "years": years},
                "method": "statsmodels OLS of 100 ln(employment) on the year, Newey-West (1 lag) "
                "se",
                "source": "calibration/panel/province_panel.csv (employment by three sectors)",
            },
            "sampling": {"dist": "normal", "se": ses, "low": -6.0, "high": 6.0},
        }
    }


# --- input-output table -------------------------------------------------------------------------


def _io(structure: Any) -> dict[str, Any]:
    """Parameters derived from Chongqing's regionalised 2020 input-output table."""
    by = structure.by_sector
    source = [
        {
            "citation": "National Bureau of Statistics, China input-output table 2020 (42 "
            "sectors, non-competitive imports), as copied in calibration/io/",
            "where": "aggregated to 11 sectors (calibration/io/sector_map.csv) and regionalised "
            f"for Chongqing by Flegg's location quotient, delta {structure.delta}",
        }
    ]
    reason = (
        "From China's 2020 input-output table regionalised for Chongqing (FLQ, delta "
        f"{structure.delta}; calibration/io/README.md). Chongqing publishes no table of its own."
    )

    def sector_entry(column: pd.Series, unit: str, what: str) -> dict[str, Any]:
        return {
            "values": {s: round(float(column[s]), 10) for s in SECTORS},
            "unit": unit,
            "reason": f"{what}. {reason}",
            "evidence": "derived",
            "sources": source,
            "derivation": "sim.analysis.calibration.regional_io_build.chongqing_structure",
        }

    shares = {
        "demand_consumption": "share_household",
        "demand_government": "share_government",
        "demand_investment": "share_capital_formation",
        "demand_exports": "share_exports_abroad",
        "demand_outflows": "share_outflows",
    }
    total = sum(by[c] for c in shares.values())
    out = {
        name: sector_entry(by[column] / total, "share of the sector's final demand, 0-1", name)
        for name, column in shares.items()
    }
    out["va_ratio"] = sector_entry(by["va_ratio"], "value added per unit of gross output", "VA")
    out["compensation_share"] = sector_entry(
        by["compensation_share"], "compensation of employees per unit of value added", "wages"
    )
    a = structure.a
    out["io_coefficients"] = {
        "matrix": {
            r: {c: round(float(a.loc[r, c]), 6) for c in SECTORS if a.loc[r, c] > 0}
            for r in SECTORS
        },
        "unit": "RMB of input bought in Chongqing from the row sector per RMB of the column "
        "sector's gross output",
        "reason": reason,
        "evidence": "derived",
        "sources": source,
        "derivation": "sim.analysis.calibration.regional_io_build.chongqing_structure",
    }
    return out


# --- levels from history ------------------------------------------------------------------------


def _level_years(local: pd.Series, national: pd.Series, until: int) -> list[int]:
    """The last ``LEVEL_YEARS`` non-shock years up to ``until`` with both series."""
    years = sorted(y for y in local.index if y in national.index and y <= until)
    return [y for y in years if y not in SHOCK_YEARS][-LEVEL_YEARS:]


def china_growth(inputs: CalibrationInputs, until: int) -> pd.Series:
    """China's real growth: the NBS index (panel) extended by the history's recent years."""
    recent = inputs.history.get("gdp_real_growth_pct", region="China", until=until)
    out = inputs.national_growth.copy()
    for year, value in recent.items():
        out.loc[int(year)] = float(value)
    return out[out.index <= until].sort_index()


def _levels(
    inputs: CalibrationInputs, entries: dict[str, Any], until: int, out: Calibration
) -> dict[str, Any]:
    """Chongqing's baseline growth level and the groups' intercepts, from recent years.

        gdp_intercept = mean_y (g_CQ,y - b (g_N,y - centre)),  centre = mean_y g_N,y
        group_intercept_k = mean_y (g_k,y - g_secondary,y - (b_k - b_sec)(g_N,y - centre))

    over the last five non-shock years up to ``until`` (OLS on a constant, HAC se), with b the
    panel's responses: the panel gives how Chongqing moves with China, its recent years where
    it stands now. The services-industry gap comes from the panel's projection instead.
    """
    local = inputs.history.get("gdp_real_growth_pct", until=until)
    china = china_growth(inputs, until)
    years = _level_years(local, china, until)
    if len(years) < 3:
        raise CalibrationError([f"fewer than 3 non-shock years with growth data up to {until}"])
    b = float(entries["gdp_national_response"]["value"])
    g_n = china.loc[years].to_numpy(float)
    centre = float(g_n.mean())
    level = _mean_with_se(local.loc[years].to_numpy(float) - b * (g_n - centre))
    sample = {"region": "Chongqing", "years": [int(y) for y in years], "n_obs": len(years)}
    method = "statsmodels OLS on a constant, Newey-West (1 lag) se"
    result: dict[str, Any] = {
        "gdp_intercept": {
            "value": round(level[0], 4),
            "unit": "% real GDP growth when China grows at national_growth_centre",
            "reason": "Chongqing's average growth over its recent non-shock years, net of the "
            "panel's response to China's growth: where Chongqing stands now, after its "
            "2008-2016 boom.",
            "evidence": "estimated",
            "estimate": {"se": round(level[1], 4), "sample": sample, "method": method},
            "sampling": {"dist": "normal", "se": round(level[1], 4), "low": 2.0, "high": 9.0},
        },
        "national_growth_centre": {
            "value": round(centre, 4),
            "unit": "% China's real GDP growth",
            "reason": "Mean of China's growth over the years gdp_intercept is measured on.",
            "evidence": "derived",
            "sources": [
                {
                    "citation": "NBS real GDP index (calibration/panel/china_national.csv) and "
                    "calibration/history.csv",
                    "where": ", ".join(str(y) for y in years),
                }
            ],
            "derivation": "mean of China's real growth over the years above",
        },
    }
    out.notes.append(f"growth level on {years}: {level[0]:.2f} (se {level[1]:.2f})")
    result["group_intercept"] = _group_intercepts(inputs, entries, centre, until, out)
    return result


def _mean_with_se(values: np.ndarray) -> tuple[float, float]:
    """Mean and its Newey-West (1 lag) standard error (statsmodels OLS on a constant)."""
    fit = sm.OLS(values, np.ones_like(values)).fit(cov_type="HAC", cov_kwds={"maxlags": 1})
    return float(fit.params[0]), float(fit.bse[0])


def _group_intercepts(
    inputs: CalibrationInputs, entries: dict[str, Any], centre: float, until: int, out: Calibration
) -> dict[str, Any]:
    """Group intercepts at China's centre growth: secondary 0, primary and tertiary relative."""
    b = entries["group_national_response"]["values"]
    primary = inputs.history.get("va_primary_real_growth_pct", until=until)
    secondary = inputs.history.get("va_secondary_real_growth_pct", until=until)
    china = china_growth(inputs, until)
    years = [y for y in _level_years(primary, china, until) if y in secondary.index]
    if len(years) >= 3:
        g_n = china.loc[years].to_numpy(float)
        gap = primary.loc[years].to_numpy(float) - secondary.loc[years].to_numpy(float)
        primary_level, primary_se = _mean_with_se(
            gap - (b["primary"] - b["secondary"]) * (g_n - centre)
        )
    else:
        primary_level, primary_se = -1.5, 1.5
        out.notes.append(f"primary gap: fewer than 3 years up to {until}; -1.5 (se 1.5) kept")
    projection = inputs.panel["services_industry_gap"]["projection_2026_2030"][2026]
    # The panel projects the gap at China's 2026 growth (4.7%); move it to the centre.
    tertiary = float(projection["estimate"]) - (b["tertiary"] - b["secondary"]) * (4.7 - centre)
    return {
        "values": {
            "primary": round(primary_level, 4),
            "secondary": 0.0,
            "tertiary": round(tertiary, 4),
        },
        "unit": "pp of real growth over the secondary sector when China grows at the centre",
        "reason": "Only differences matter (sector baselines are renormalised to the GDP "
        "baseline each year). Services: the panel's projection of Chongqing's services-industry "
        "gap for 2026 (0.59 at China's 4.7%), moved to China's centre growth by the groups' "
        "responses; primary: Chongqing's primary-minus-secondary growth over its recent "
        "non-shock years, net of the responses.",
        "evidence": "estimated",
        "estimate": {
            "se": {
                "primary": round(primary_se, 4),
                "secondary": 0.0,
                "tertiary": float(projection["se"]),
            },
            "sample": {"region": "Chongqing", "years": [int(y) for y in years]},
            "method": "services: panel mixed-model projection "
            "(services_industry_gap.projection_2026_2030); primary: OLS on a constant, HAC se",
            "source": f"{PANEL_FILE} and calibration/history.csv",
        },
    }


def _nev(
    inputs: CalibrationInputs, entries: dict[str, Any], until: int, out: Calibration
) -> dict[str, Any]:
    """The NEV share's logistic speed, fitted to NEV and vehicle output up to ``until``.

    Only the last ``NEV_YEARS`` shares are used: the early years of tiny shares doubling say
    little about the speed near half the market.
    """
    nev = inputs.history.get("nev_output_units", until=until)
    autos = inputs.history.get("auto_output_units", until=until)
    shares = (nev / autos).dropna().iloc[-NEV_YEARS:]
    ceiling = float(entries["nev_share_ceiling"]["value"])
    fit = estimators.fit_logistic_speed(shares.to_dict(), ceiling, until)
    if fit is None:
        out.notes.append(f"NEV share speed: no NEV history up to {until}; 0.4 (se 0.2) kept")
        return {
            "nev_share_speed": {
                "value": 0.4,
                "unit": "logistic speed of the NEV share of vehicle demand",
                "reason": f"No NEV share history up to {until} (Chongqing's series starts in "
                "2023): a middle value kept only for backtests, which do not score NEV output.",
                "evidence": "none",
                "derivation": "searched: calibration/history.csv nev_output_units and "
                f"auto_output_units up to {until}",
                "sampling": {"dist": "normal", "se": 0.2, "low": 0.1, "high": 1.2},
            }
        }
    out.notes.append(f"NEV share speed {fit.value:.3f} (se {fit.se:.3f})")
    return {
        "nev_share_speed": {
            "value": round(fit.value, 4),
            "unit": "logistic speed of the NEV share of vehicle demand",
            "reason": "Fitted to Chongqing's NEV share of vehicle output (history) given the "
            "ceiling.",
            "evidence": "estimated",
            "estimate": {
                "se": round(fit.se, 4),
                "sample": {"region": "Chongqing", "years": [int(y) for y in shares.index]},
                "method": "nonlinear least squares of the logistic path (scipy)",
                "source": "calibration/history.csv",
            },
            "sampling": {
                "dist": "normal",
                "se": round(fit.se, 4),
                "low": 0.1,
                "high": 1.2,
            },
        }
    }
