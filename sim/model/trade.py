"""Foreign trade: exports and imports (customs basis, RMB bn)."""

from __future__ import annotations

import numpy as np

from sim.model.parameters import Parameters
from sim.model.sectors import AUTO, ELEC


def export_growth(
    p: Parameters,
    x: dict[str, np.ndarray],
    r: dict[str, float],
    growth: np.ndarray,
    base: np.ndarray,
    z: np.ndarray,
) -> np.ndarray:
    """Nominal export growth (%), shape (draws,).

        g_EX = export_trend + export_demand_elasticity (x.export_demand_growth - r)
               + trade_electronics_weight (g'_electronics - base_electronics)
               + trade_automotive_weight (g'_automotive - base_automotive)
               + ilstc_trade_share (x.ilstc_freight_growth - r) + trade_shock_sd z

    ``growth`` g' (draws, sectors): this year's real growth less the part the export demand gap
    itself caused (M (share_X d_X), ``core.step``), which the first term already counts;
    ``base``: the sector baselines. The sector terms carry what else moves the exporters
    (shocks, events, capacity, levers).
    """
    return (
        p.export_trend
        + p.export_demand_elasticity * (x["export_demand_growth"] - r["export_demand_growth"])
        + p.trade_electronics_weight * (growth[:, ELEC] - base[:, ELEC])
        + p.trade_automotive_weight * (growth[:, AUTO] - base[:, AUTO])
        + p.ilstc_trade_share * (x["ilstc_freight_growth"] - r["ilstc_freight_growth"])
        + p.trade_shock_sd * z
    )


def import_growth(p: Parameters, exports: np.ndarray, growth_gap: np.ndarray) -> np.ndarray:
    """Nominal import growth (%), shape (draws,).

        g_IM = import_trend + import_export_elasticity (g_EX - export_trend)
               + import_demand_elasticity (g_Y - G)

    Processing imports move with exports; the rest with domestic demand (real growth above its
    baseline).
    """
    return (
        p.import_trend
        + p.import_export_elasticity * (exports - p.export_trend)
        + p.import_demand_elasticity * growth_gap
    )
