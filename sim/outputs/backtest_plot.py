"""Figure of a backtest: each origin's forecast (median and 90% band) against what happened."""

from __future__ import annotations

from typing import Any

import pandas as pd


def backtest_figure(
    forecasts: pd.DataFrame,
    actuals: dict[str, pd.Series],
    variant: str,
    targets: dict[str, pd.Series] | None = None,
) -> Any:
    """One panel per indicator: actual growth, per origin the median and 90% band, the targets.

    Parameters
    ----------
    forecasts : DataFrame
        Rows of ``sim.analysis.calibration.backtest.run_backtest`` (variant, model, origin,
        indicator, year, p05, p50, p95, forecast, shock_year, ...). The ``pipeline`` model is
        drawn where present (the model as users run it), else the first model.
    actuals : dict of str to Series
        Observed growth (%) by year for each indicator.
    variant : str
        Which variant to draw (``unconditional`` or ``conditional``).
    targets : dict of str to Series, optional
        Official targets (%) by year for each indicator, drawn as crosses; the forecast combined
        with the target (``forecast``) is drawn as a diamond where it differs from the median.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    from sim.model.indicators import INDICATORS
    from sim.outputs.plots import OKABE_ITO

    data = forecasts[forecasts["variant"] == variant]
    if "model" in data:
        models = list(dict.fromkeys(data["model"]))
        model = "pipeline" if "pipeline" in models else models[0]
        data = data[data["model"] == model]
    names = list(dict.fromkeys(data["indicator"]))
    columns = min(3, len(names))
    rows = -(-len(names) // columns)
    fig, grid = plt.subplots(rows, columns, figsize=(6.5 * columns, 4.8 * rows), squeeze=False)
    axes = grid.ravel()
    for ax in axes[len(names) :]:
        ax.set_visible(False)
    origins = sorted(data["origin"].unique())
    shock_years = sorted(data.loc[data["shock_year"].astype(bool), "year"].unique())
    for ax, name in zip(axes, names, strict=False):
        for year in shock_years:
            ax.axvspan(year - 0.5, year + 0.5, color="0.9", zorder=0)
        actual = actuals[name]
        if len(actual):
            # Reindex to every year so that the line breaks where a year has no data.
            full = actual.reindex(range(int(actual.index.min()), int(actual.index.max()) + 1))
            ax.plot(full.index, full.values, color="black", marker="o", lw=2, label="actual")
        for i, origin in enumerate(origins):
            part = data[(data["indicator"] == name) & (data["origin"] == origin)]
            colour = OKABE_ITO[i % len(OKABE_ITO)]
            years = [origin, *part["year"]]
            start = actual.get(origin, float("nan"))
            ax.plot(years, [start, *part["p50"]], color=colour, lw=1.5, label=f"from {origin}")
            ax.fill_between(part["year"], part["p05"], part["p95"], color=colour, alpha=0.15)
            if "forecast" in part:
                combined = part[part["forecast"] != part["p50"]]
                ax.plot(combined["year"], combined["forecast"], "D", color=colour, ms=5)
        if targets is not None and len(targets.get(name, ())):
            shown = targets[name][targets[name].index.isin(data["year"])]
            ax.plot(shown.index, shown.values, "x", color="black", ms=8, mew=2, label="target")
        ax.set_title(f"{INDICATORS[name].description} ({INDICATORS[name].unit})")
        ax.set_xlabel("year")
        ax.set_ylabel("percent")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.grid(alpha=0.3)
    axes[0].legend(fontsize=8, ncol=2, loc="lower left")
    fig.suptitle(f"Backtest ({variant}): forecast median and 90% band from each origin")
    fig.text(
        0.01,
        0.01,
        "Grey: shock years (2020 COVID, 2021 rebound, 2022 lockdowns). Parameters refitted on "
        "data up to each origin. Crosses: official targets; diamonds: the median combined with "
        "the target.",
        fontsize=8,
    )
    fig.tight_layout(rect=(0, 0.04, 1, 0.95))
    return fig
